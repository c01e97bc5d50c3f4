"""The action server, accepting only Rasa's calls.

    python stepwise_rasa/action_server.py --actions actions --port 5055

Run it by path (not ``-m``): ``stepwise_rasa/__init__`` loads Rasa (700 MB),
which the action server does not need. It is ``python -m rasa_sdk`` with:

- a shared secret: every request except ``GET /health`` must carry the header
  ``X-Stepwise-Secret`` equal to ``STEPWISE_ACTIONS_SECRET`` (403 otherwise,
  with one log line). The server refuses to start without the variable. Rasa
  sends the header (stepwise_rasa/speedups.py), so nothing else on the machine
  can call actions or forge audit rows;
- no request echoed back or logged on an exception (rasa_sdk returns the
  whole request body, the user's message included, in its error reply);
- the log-record scrubber (logfilter.py), fed with each call's message text;
- request bodies capped at 1 MB.
"""
from __future__ import annotations

import hmac
import logging
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
    sys.path[0] = str(ROOT)  # run by path: import Stepwise's packages, not this folder's modules as top level
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HEADER = "X-Stepwise-Secret"
MAX_BODY_BYTES = 1024 * 1024
logger = logging.getLogger("stepwise.action_server")


def _load_logfilter():
    """stepwise_rasa/logfilter.py without importing the package (which loads Rasa)."""
    import importlib.util

    name = "stepwise_logfilter"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "logfilter.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def harden(app, secret: str) -> None:
    from sanic import response

    logfilter = _load_logfilter()
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    expected = secret.encode()

    @app.middleware("request")
    async def check_secret(request):
        if request.path == "/health":
            return None
        given = (request.headers.get(HEADER) or "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            logger.warning("refused a call to %s without the shared secret", request.path)
            return response.json({"error": "forbidden"}, status=403)
        try:  # remember the message so that no log line shows it
            latest = ((request.json or {}).get("tracker") or {}).get("latest_message") or {}
            logfilter.remember(latest.get("text"))
        except Exception:  # noqa: BLE001
            pass
        return None

    @app.exception(Exception)
    async def exception_handler(request, exception: Exception):
        logger.error("an action call failed: %s", type(exception).__name__, exc_info=exception)
        return response.json({"error": "the action failed"}, status=500)


def main(argv=None) -> None:
    secret = os.environ.get("STEPWISE_ACTIONS_SECRET") or ""
    if len(secret) < 16:
        sys.exit("STEPWISE_ACTIONS_SECRET is not set (16+ characters): the action server would accept calls "
                 "from anything on this machine. ./stepwise sets it for you.")
    _load_logfilter().install()
    import rasa_sdk.endpoint as endpoint
    from rasa_sdk.__main__ import main_from_args

    original = endpoint.create_app

    def create_app(*args, **kwargs):
        app = original(*args, **kwargs)
        harden(app, secret)
        return app

    endpoint.create_app = create_app
    args = endpoint.create_argument_parser().parse_args(argv)
    main_from_args(args)


if __name__ == "__main__":
    main()
