"""The terminal chat (stepwise_chat.py) never records an answer the
person did not give: typed text goes as text, a bare number picks the
numbered answer shown, an empty line sends nothing. Checked against a small
stand-in REST server on 127.0.0.1 that records what it receives."""
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from stepwise_chat import choose

ROOT = Path(__file__).resolve().parent.parent
QUESTION = [{"text": "Is the child in immediate danger?", "buttons": [
    {"title": "Yes", "payload": '/inform{"immediate_risk": true}'},
    {"title": "No", "payload": '/inform{"immediate_risk": false}'},
    {"title": "I don't know", "payload": '/dont_know{"field": "immediate_risk"}'}]}]


def test_choose():
    b = QUESTION[0]["buttons"]
    assert choose("no", b) is None and choose("No", b) is None  # words are text, never a highlighted default
    assert choose("2", b) == '/inform{"immediate_risk": false}'
    assert choose("0", b) == '/dont_know{"field": "immediate_risk"}'
    assert choose("4", b) is None and choose("2", []) is None
    keyed = [{"title": "1 Yes", "payload": "/y"}, {"title": "2 No", "payload": "/n"}, {"title": "0 I don't know", "payload": "/d"}]
    assert choose("0", keyed) == "/d" and choose("2", keyed) == "/n"


def test_a_session_sends_only_what_was_typed():
    got = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            got.append((self.headers.get("Authorization"), body["message"]))
            reply = QUESTION if len(got) in (1, 3) else [{"text": "ok"}]
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        r = subprocess.run([sys.executable, "-m", "stepwise_chat", "--port", str(srv.server_address[1])],
                           input="hello\n\nno\n\n   \nsomething\n1\n", capture_output=True, text=True, timeout=30,
                           cwd=ROOT, env={"PYTHONPATH": str(ROOT), "STEPWISE_REST_TOKEN": "t0k", "PATH": "/usr/bin:/bin"})
    finally:
        srv.shutdown()
    assert r.returncode == 0, r.stderr
    assert [m for _, m in got] == ["hello", "no", "something", '/inform{"immediate_risk": true}']
    assert all(a == "Bearer t0k" for a, _ in got)
    assert "1. Yes" in r.stdout and "Warning" not in r.stdout + r.stderr
