"""Serve the demo page and the widget (web/static) on localhost.

    python -m web.serve --host 127.0.0.1 --port 8080 --server http://127.0.0.1:5005

Standard library only. The page's ``data-server`` attribute is set to the
Rasa server given, and every response carries a strict Content-Security-Policy:
scripts, styles and connections only from this page and that server.
"""
from __future__ import annotations

import argparse
import functools
import re
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

STATIC = Path(__file__).resolve().parent / "static"


def csp(server: str) -> str:
    parts = urlsplit(server)
    ws = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {server} {ws}; font-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    )


class Handler(SimpleHTTPRequestHandler):
    server_url = "http://127.0.0.1:5005"

    def end_headers(self):
        self.send_header("Content-Security-Policy", csp(self.server_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/favicon.ico":  # pages without a <link rel="icon"> (the call scripts): no 404 in the console
            return self._file(STATIC / "favicon.svg", "image/svg+xml")
        if path == "/scripts" or path.startswith("/scripts/"):  # call scripts and flowcharts (web/scripts.py)
            return self._scripts(path)
        if path in ("/", "/index.html"):
            html = (STATIC / "index.html").read_text(encoding="utf-8")
            html = re.sub(r'data-server="[^"]*"', f'data-server="{self.server_url}"', html, count=1)
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def _file(self, path: Path, ctype: str) -> None:
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _scripts(self, path: str) -> None:
        from . import scripts

        try:
            found = scripts.respond(path)
        except Exception as e:  # a missing tool (Graphviz, WeasyPrint's Pango): say which, not a traceback
            self.send_error(503, f"could not generate it: {type(e).__name__}")
            return
        if found is None:
            self.send_error(404)
            return
        ctype, body = found
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):  # no request logging: URLs carry nothing, but keep logs quiet
        pass


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Serve the Stepwise demo page and widget")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--server", default="http://127.0.0.1:5005", help="the Rasa server the widget talks to")
    args = ap.parse_args(argv)
    handler = functools.partial(type("H", (Handler,), {"server_url": args.server.rstrip("/")}), directory=str(STATIC))
    httpd = ThreadingHTTPServer((args.host, args.port), handler)
    print(f"serving {STATIC} at http://{args.host}:{args.port}/ (Rasa: {args.server})", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
