"""Fixtures for the Stepwise web widget browser tests.

The widget page (web/static/index.html) is served by a small static server
started here on a free loopback port; its ``data-server`` attribute is
rewritten to point at the bot server. The bot server is, by default, the fake
Rasa socket.io server (web/dev/fake_server.py) started on another free port.
With STEPWISE_FAKE_CHANNEL=rasa the fake bot runs on Rasa's own socket.io
channel classes (with Stepwise's fixes, stepwise_rasa/channel.py) instead
of the emulation. Set STEPWISE_SERVER_URL (e.g. http://127.0.0.1:5005) to run the same tests
against a real Rasa server with the socketio channel; tests that depend on the
fake server's scripted replies are then skipped.

Browser: Debian's Chromium (/usr/bin/chromium, or STEPWISE_CHROMIUM) driven by
the Python ``playwright`` package. ``playwright install`` is never needed.
Screenshots go to artifacts/web/ (gitignored).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "web" / "static"
FAKE_SERVER = ROOT / "web" / "dev" / "fake_server.py"
AXE_JS = ROOT / "web" / "dev" / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts" / "web"
CHROMIUM = os.environ.get("STEPWISE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:  # pragma: no cover - depends on the machine
    from playwright.sync_api import sync_playwright  # noqa: F401

    HAVE_PLAYWRIGHT = True
except Exception:  # pragma: no cover
    HAVE_PLAYWRIGHT = False

EXTERNAL_SERVER = os.environ.get("STEPWISE_SERVER_URL", "").rstrip("/")


def _skip_reason() -> str:
    missing = []
    if not HAVE_PLAYWRIGHT:
        missing.append("the Python 'playwright' package (pip install playwright; never 'playwright install')")
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    return "browser tests need " + " and ".join(missing) if missing else ""


def pytest_collection_modifyitems(config, items):  # noqa: D103
    reason = _skip_reason()
    if not reason:
        return
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status < 500:
                    return
        except Exception as e:  # noqa: BLE001
            last = e
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up: {last}")


@pytest.fixture(scope="session")
def using_fake_server() -> bool:
    return not EXTERNAL_SERVER


@pytest.fixture
def fake_only(using_fake_server):
    if not using_fake_server:
        pytest.skip("depends on the fake server's scripted replies (STEPWISE_SERVER_URL is set)")


@pytest.fixture(scope="session")
def static_port() -> int:
    """The port of the embedding page, chosen first so the bot can allow exactly its origin."""
    return free_port()


@pytest.fixture(scope="session")
def server_url(static_port):
    """Base URL of the bot's socket.io server (fake by default)."""
    if EXTERNAL_SERVER:
        yield EXTERNAL_SERVER
        return
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "fake_server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, str(FAKE_SERVER), "--host", "127.0.0.1", "--port", str(port), "--delay", "0.25",
         "--channel", os.environ.get("STEPWISE_FAKE_CHANNEL", "emulated"),
         "--allowed-origins", f"http://127.0.0.1:{static_port}"],
        cwd=str(ROOT),
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/health", timeout=90)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def content_security_policy(server: str) -> str:
    """The strict CSP that web/serve.py sends (scripts, styles, connections from self + the bot only)."""
    from web.serve import csp

    return csp(server)


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    server_url = ""
    csp = ""

    def end_headers(self):
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args):  # quiet
        pass

    def _html(self, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
            html = re.sub(r'data-server="[^"]*"', f'data-server="{self.server_url}"', html, count=1)
            return self._html(html)
        if path == "/__test__/inline.html":
            return self._html(
                "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Inline test</title></head>"
                "<body><main><h1>Inline widget</h1><div id='chat'></div></main>"
                f"<script src='/stepwise-widget.js' data-server='{self.server_url}' data-target='#chat' "
                "data-initial-payload='/greet' defer></script></body></html>"
            )
        return super().do_GET()


@pytest.fixture(scope="session")
def static_url(server_url, static_port):
    """A separate origin serving web/static (the embedding site + widget files)."""
    attrs = {"server_url": server_url, "csp": content_security_policy(server_url)}
    handler = functools.partial(type("H", (_StaticHandler,), attrs), directory=str(STATIC_DIR))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", static_port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture
def context(browser, static_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=static_url)
    ctx.set_default_timeout(15000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.page_errors = []  # type: ignore[attr-defined]
    pg.sent = []  # type: ignore[attr-defined]

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    def on_ws(ws):
        ws.on("framesent", lambda payload: pg.sent.append(payload if isinstance(payload, str) else ""))

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.page_errors.append(str(e)))
    pg.on("websocket", on_ws)
    yield pg
    assert not pg.page_errors, f"JavaScript errors on the page: {pg.page_errors}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE_JS.exists():
        pytest.skip(f"{AXE_JS} missing: run web/build.sh")
    return AXE_JS
