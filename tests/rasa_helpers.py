"""What the tests that touch Rasa share. Rasa imports TensorFlow, so they run
Rasa code in subprocesses and this pytest process never imports it."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = os.environ.get("STEPWISE_MODEL")

# for modules whose tests need the trained model
needs_model = [
    pytest.mark.rasa,
    pytest.mark.skipif(not MODEL or not Path(MODEL).exists(),
                       reason="no trained model: run through ./stepwise test (it trains one and sets STEPWISE_MODEL)"),
]


def run_python(code: str, *args: str, cwd: Path = ROOT, timeout: int = 300) -> str:
    """Run `code` with Stepwise importable; fail the test with its output unless
    it exits 0; return what it printed."""
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                       timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    return r.stdout


# ------------------------------------------------------------------ a running Rasa
# The REST channel is off unless STEPWISE_REST_TOKEN is set, and then needs
# "Authorization: Bearer <token>"; Rasa sends STEPWISE_ACTIONS_SECRET to the
# action server, which refuses calls without it. ./stepwise test sets both; a
# bare pytest run gets per-process values here.
import json  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

REST_TOKEN = os.environ.setdefault("STEPWISE_REST_TOKEN", secrets.token_hex(16))
ACTIONS_SECRET = os.environ.setdefault("STEPWISE_ACTIONS_SECRET", secrets.token_hex(16))
RASA_LOCK = "/tmp/stepwise-rasa.lock"  # one Rasa server or training at a time on this machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rest_say(port: int, sender: str, message, token: str = None, timeout: float = 60):
    """POST one message to the REST channel; the list of replies."""
    body = message if isinstance(message, (bytes, bytearray)) else json.dumps({"sender": sender, "message": message}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body,
                                 headers={"Content-Type": "application/json",
                                          "Authorization": f"Bearer {token or REST_TOKEN}"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"[]")


def wait_http(url: str, proc: subprocess.Popen, log: Path, limit: float = 240) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{proc.args[:3]} exited: " + log.read_text()[-3000:])
            time.sleep(0.5)
    proc.kill()
    pytest.fail(f"{url} did not come up: " + log.read_text()[-3000:])


def stepwise_env(tmp: Path, actions_port: int, **extra: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "STEPWISE_ACTIONS_PORT": str(actions_port),
            "STEPWISE_TRACKER_DB": str(tmp / "tracker.db"), "STEPWISE_AUDIT_DB": f"sqlite:///{tmp / 'audit.db'}",
            "STEPWISE_ALLOWED_ORIGINS": "http://127.0.0.1:9", "STEPWISE_REST_TOKEN": REST_TOKEN,
            "STEPWISE_ACTIONS_SECRET": ACTIONS_SECRET, **extra}


def start_actions(tmp: Path, port: int, env: dict) -> subprocess.Popen:
    """The hardened action server (stepwise_rasa/action_server.py), logging to tmp/actions.log."""
    log = tmp / "actions.log"
    proc = subprocess.Popen([sys.executable, str(ROOT / "stepwise_rasa" / "action_server.py"), "--actions", "actions",
                             "--port", str(port)], cwd=ROOT, env={**env, "SANIC_HOST": "127.0.0.1"},
                            stdout=open(log, "a"), stderr=subprocess.STDOUT)
    wait_http(f"http://127.0.0.1:{port}/health", proc, log, 90)
    return proc


def start_rasa(tmp: Path, port: int, env: dict, lock: bool = True) -> subprocess.Popen:
    """`rasa run` with Stepwise's endpoints and credentials, logging to tmp/rasa.log. With ``lock`` it runs
    under flock on RASA_LOCK (released when it exits), so only one Rasa runs at a time on the machine."""
    import fcntl

    log = tmp / "rasa.log"
    held = None
    if lock:
        held = open(RASA_LOCK, "a")
        fcntl.flock(held, fcntl.LOCK_EX)  # released by stop()
    cmd = [sys.executable, str(ROOT / "stepwise_rasa" / "serve.py"), "run", "--model", MODEL, "--endpoints", "bot/endpoints.yml",
           "--credentials", "bot/credentials.yml", "--interface", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT)
    proc.stepwise_lock = held
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc, log, 240)
    except BaseException:
        stop(proc)
        raise
    return proc


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    held = getattr(proc, "stepwise_lock", None)
    if held is not None:
        held.close()
        proc.stepwise_lock = None


# ------------------------------------------------------------------ a conversation through the REST channel
import uuid  # noqa: E402


@contextlib.contextmanager
def running_bot(tmp: Path, today: str = None, **extra: str):
    """An action server and Rasa (under the machine lock) for one test module;
    yields Rasa's port and stops both afterwards."""
    aport, rport = free_port(), free_port()
    env = stepwise_env(tmp, aport, **({"STEPWISE_TODAY": today} if today else {}), **extra)
    actions = start_actions(tmp, aport, env)
    try:
        rasa = start_rasa(tmp, rport, env)
    except BaseException:
        stop(actions)
        raise
    try:
        yield rport
    finally:
        stop(rasa)
        stop(actions)


class Conv:
    def __init__(self, port):
        self.port, self.sender, self.replies = port, "t-" + uuid.uuid4().hex, []

    def start(self, area):
        """Open the case the way a person does: the greeting's button, then the area's button."""
        self.say("/greet").say("/ask_hub_contact")
        assert self.field == "area", self.text
        return self.say(f'/inform{{"area": "{area}"}}')

    def say(self, message):
        self.replies = rest_say(self.port, self.sender, message, REST_TOKEN)
        return self

    def custom(self, kind):
        return [r["custom"]["stepwise"] for r in self.replies
                if isinstance(r.get("custom"), dict) and r["custom"].get("stepwise", {}).get("kind") == kind]

    @property
    def text(self):
        return "\n".join(r.get("text") or "" for r in self.replies)

    @property
    def buttons(self):
        return [b for r in self.replies for b in (r.get("buttons") or [])]

    @property
    def field(self):
        p = self.custom("progress")
        return p[-1]["field"] if p else None

    @property
    def facts(self):
        f = self.custom("facts")
        # the facts recorded (rows for answers of "I don't know" are listed to be changed, not facts)
        return {row["field"]: row["value"] for row in f[-1]["facts"] if not row.get("unknown")} if f else {}

    @property
    def decision(self):
        d = self.custom("decision")
        return d[-1]["decision"] if d else None
