"""Rasa's socket.io and REST channels, fixed for this stack and hardened.

Three problems with ``rasa.core.channels.socketio`` in Rasa 3.6.21 as it
installs (with python-socketio 5.18):

1. ``session_request`` calls ``sio.enter_room(...)`` without ``await``; since
   python-socketio 5.10 that is a coroutine, so with ``session_persistence``
   the browser never joins its session's room and no reply reaches it.
2. ``send_custom_json`` does ``sio.emit(evt, **json_message)``, so a custom
   payload such as ``{"stepwise": {...}}`` raises ``TypeError``
   (RasaHQ/rasa#8445).
3. The socket.io server is built with ``cors_allowed_origins=[]``, which turns
   the origin check off: any site could connect.

This channel awaits ``enter_room``, emits custom JSON as the event's data (a
``{"data": X}`` wrapper is unwrapped, so both shapes work), and checks the
Origin header against ``allowed_origins`` from credentials.yml (space- or
comma-separated exact origins; ``*`` is refused).

Hardening (issue 9), for both channels:

- **Bounded messages.** A message is cut to ``MAX_MESSAGE_CHARS`` characters
  (control characters removed) before Rasa sees it, and the reply starts with a
  note saying how much was read. Request bodies (REST) and socket.io packets
  are capped at ``MAX_BODY_BYTES``.
- **Empty and non-text messages** get a polite reply without reaching Rasa.
- **No client metadata** is passed on: it would be stored word for word.
- **Socket.io sessions are bound to their owner.** The server issues session
  ids (random, with a keyed signature); an id the server did not issue is
  replaced by a new one. A socket only sends and receives for the session it
  was confirmed for, and only the latest socket to claim a session receives
  its replies. The key is kept in ``session.key`` (mode 0600) beside the
  tracker database, so sessions survive a restart.
- **The REST channel is off** unless ``STEPWISE_REST_TOKEN`` is set, and then
  every request must carry ``Authorization: Bearer <token>`` (401 otherwise).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request

from stepwise_rasa import logfilter

logger = logging.getLogger(__name__)

#: longest message read, in characters (the widget allows as many: data-max-chars, 2,000 by default,
#: and says when a message is longer)
MAX_MESSAGE_CHARS = int(os.environ.get("STEPWISE_MAX_MESSAGE_CHARS") or 2000)
#: largest request body / socket.io packet accepted, in bytes
MAX_BODY_BYTES = 2 * 1024 * 1024  # a 1 MB message is still answered (cut, with a note)
#: longest sender id accepted on the REST channel
MAX_SENDER_CHARS = 128
_SENDER_OK = re.compile(r"[A-Za-z0-9_.:@-]{1,%d}" % MAX_SENDER_CHARS)
# C0/C1 control characters except tab and newline; lone surrogates; BOM; bidi overrides
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u202a-\u202e\u2066-\u2069]")

MAX_WORD_CHARS = 64
_GIANT_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))

EMPTY_REPLY = ("I did not receive any words. Please type your question about the child, "
               "or choose one of the buttons.")


def too_long_notice(length: int) -> str:
    return (f"Your message was {length:,} characters long, which is more than I can read at once. "
            f"I have read only its first {MAX_MESSAGE_CHARS:,} characters. "
            "If something important came later, please send it as a separate, shorter message.")


def clean_message(raw: Any) -> Tuple[Optional[str], Optional[str]]:
    """(text to give Rasa, or None if there is nothing to read; a note for the
    user, or None). Linear in the input and never reads past the cap's window."""
    if not isinstance(raw, str):
        return None, None
    length = len(raw)
    text = _CONTROL.sub("", raw[: MAX_MESSAGE_CHARS * 2])[:MAX_MESSAGE_CHARS]
    # a hard cap per word: no English word is this long, and a giant token costs
    # Rasa's character n-gram featurizer and entity regexes far more than its length
    text = _GIANT_WORD.sub(lambda m: m.group(0)[:MAX_WORD_CHARS], text)
    if not text.strip():
        return None, None
    logfilter.remember(text)
    note = too_long_notice(length) if length > MAX_MESSAGE_CHARS else None
    return text, note


def parse_origins(raw: Any) -> List[str]:
    """Exact origins from a list or a space/comma-separated string; ``${VAR}``
    is expanded from the environment (Rasa does not expand credentials.yml)."""
    if isinstance(raw, str):
        raw = os.path.expandvars(raw)
    items = raw if isinstance(raw, list) else re.split(r"[\s,]+", str(raw or ""))
    origins = [o.strip().rstrip("/") for o in items if o and o.strip()]
    if "*" in origins:
        raise ValueError("allowed_origins must list exact origins; '*' is not allowed")
    bad = [o for o in origins if not re.fullmatch(r"https?://[^/\s]+", o)]
    if bad:
        raise ValueError(f"allowed_origins must be scheme://host[:port]; not {bad}")
    return origins


# --------------------------------------------------------------- session ids


def _data_dir() -> Path:
    db = os.environ.get("STEPWISE_TRACKER_DB") or ""
    if db and "${" not in db and "://" not in db:
        return Path(db).expanduser().resolve().parent
    return Path(__file__).resolve().parent.parent / ".rasa"


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """A random secret kept in ``path``, created with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(nbytes))
    return path.read_text().strip()


class SessionIds:
    """Unguessable session ids that carry a keyed signature: ``<random>.<mac>``."""

    def __init__(self, key: Optional[bytes] = None) -> None:
        if key is None:
            env = os.environ.get("STEPWISE_SESSION_KEY")
            key = (env or read_or_create_secret(_data_dir() / "session.key")).encode()
        self._key = key

    def _mac(self, rnd: str) -> str:
        return hmac.new(self._key, rnd.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        rnd = secrets.token_hex(16)
        return f"{rnd}.{self._mac(rnd)}"

    def valid(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or len(session_id) != 65 or session_id[32] != ".":
            return False
        rnd, mac = session_id[:32], session_id[33:]
        return hmac.compare_digest(mac, self._mac(rnd))


# --------------------------------------------------------------- socket.io


class StepwiseSocketIOOutput(SocketIOOutput):
    """Emits custom JSON as the bot event's data."""

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        if "data" in json_message and set(json_message) <= {"data", "room"}:
            data = json_message["data"]
        else:
            data = {k: v for k, v in json_message.items() if k != "room"}
        await self.sio.emit(self.bot_message_evt, data, room=recipient_id)


class StepwiseSocketIO(SocketIOInput):
    allowed_origins: List[str] = []

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "StepwiseSocketIO":
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(credentials.get("allowed_origins"))
        return channel

    def get_output_channel(self) -> Optional[StepwiseSocketIOOutput]:
        if self.sio is None:
            return None
        return StepwiseSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        # The same server object Rasa built, now checking origins exactly.
        # An empty list would turn the check off, so an unset list allows none.
        sio.eio.cors_allowed_origins = list(self.allowed_origins) or ["http://origin.invalid"]
        sio.eio.max_http_buffer_size = MAX_BODY_BYTES
        ids = SessionIds()
        bound: Dict[Text, Text] = {}  # socket id -> the session it was confirmed for
        holders: Dict[Text, Text] = {}  # session id -> the socket that receives its replies
        ns = self.namespace

        async def _maybe_await(result: Any) -> None:
            if hasattr(result, "__await__"):
                await result

        @sio.on("disconnect", namespace=ns)
        async def disconnect(sid: Text, *_args: Any) -> None:
            session_id = bound.pop(sid, None)
            if session_id is not None and holders.get(session_id) == sid:
                del holders[session_id]

        # Registering an event again replaces Rasa's handler for it.
        @sio.on("session_request", namespace=ns)
        async def session_request(sid: Text, data: Any = None) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            # only an id this server issued carries on a conversation
            session_id = asked if ids.valid(asked) else ids.issue()
            old = bound.pop(sid, None)
            if old is not None and old != session_id:
                await _maybe_await(sio.leave_room(sid, old, namespace=ns))
                if holders.get(old) == sid:
                    del holders[old]
            previous = holders.get(session_id)
            if previous is not None and previous != sid:
                # the latest socket to claim a session is the only one that hears it
                await _maybe_await(sio.leave_room(previous, session_id, namespace=ns))
                bound.pop(previous, None)
            bound[sid] = session_id
            holders[session_id] = sid
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, session_id, namespace=ns))
            await sio.emit("session_confirm", session_id, room=sid, namespace=ns)

        @sio.on(self.user_message_evt, namespace=ns)
        async def handle_message(sid: Text, data: Any = None) -> None:
            output_channel = StepwiseSocketIOOutput(sio, self.bot_message_evt)
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                sender_id = bound.get(sid)
                if sender_id is None or data.get("session_id") != sender_id:
                    logger.warning("A socket.io message for a session this socket was not confirmed for was ignored.")
                    return
            else:
                sender_id = sid
            text, note = clean_message(data.get("message"))
            if text is None:
                await output_channel.send_text_message(sender_id if self.session_persistence else sid, EMPTY_REPLY)
                return
            if note:
                await output_channel.send_text_message(sender_id if self.session_persistence else sid, note)
            # client metadata is not passed on: Rasa would store it word for word
            await on_new_message(UserMessage(text, output_channel, sender_id, input_channel=self.name(), metadata={}))

        @bp.listener("before_server_start")
        async def cap_request_size(app, _loop) -> None:
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)

        @bp.listener("before_server_stop")
        async def close_action_server_sessions(_app, _loop) -> None:
            from stepwise_rasa.speedups import close_kept_sessions

            await close_kept_sessions()

        return bp


# --------------------------------------------------------------- REST


def rest_token() -> Optional[str]:
    token = os.environ.get("STEPWISE_REST_TOKEN") or ""
    return token or None


def rest_refusal(authorization: Optional[str]) -> Optional[Tuple[int, str]]:
    """None if a REST request with this Authorization header may go on, else (status, reason)."""
    token = rest_token()
    if token is None:
        return 403, "The REST channel is off (set STEPWISE_REST_TOKEN to turn it on)."
    given = (authorization or "").encode("utf-8", "replace")
    if not hmac.compare_digest(given, f"Bearer {token}".encode()):
        return 401, "A valid 'Authorization: Bearer <token>' header is required."
    return None


class StepwiseRest(InputChannel):
    """Rasa's REST webhook (``POST /webhooks/rest/webhook`` with
    ``{"sender": ..., "message": ...}``, answered with a list of messages), off
    unless ``STEPWISE_REST_TOKEN`` is set, then only for requests that carry
    ``Authorization: Bearer <token>``. Without a sender, the server issues a
    random one and returns it in the ``X-Stepwise-Sender`` header."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("custom_webhook_StepwiseRest", __name__)

        def refused(req: Request) -> Optional[response.HTTPResponse]:
            no = rest_refusal(req.headers.get("authorization"))
            if no is None:
                return None
            return response.json({"error": no[1]}, status=no[0],
                                 headers={"WWW-Authenticate": "Bearer"} if no[0] == 401 else None)

        @bp.route("/", methods=["GET"])
        async def health(req: Request) -> response.HTTPResponse:
            return refused(req) or response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(req: Request) -> response.HTTPResponse:
            no = refused(req)
            if no is not None:
                return no
            try:
                body = req.json
            except Exception:  # noqa: BLE001 - invalid JSON
                body = None
            if not isinstance(body, dict):
                return response.json({"error": 'Send a JSON object: {"sender": "...", "message": "..."}'}, status=400)
            sender = body.get("sender")
            if sender is None:
                sender = secrets.token_hex(16)
            elif not isinstance(sender, str) or not _SENDER_OK.fullmatch(sender):
                return response.json({"error": f"'sender' must be 1-{MAX_SENDER_CHARS} letters, digits or _.:@-"},
                                     status=400)
            headers = {"X-Stepwise-Sender": sender}
            text, note = clean_message(body.get("message"))
            if text is None:
                return response.json([{"recipient_id": sender, "text": EMPTY_REPLY}], headers=headers)
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata={}))
            replies = ([{"recipient_id": sender, "text": note}] if note else []) + collector.messages
            return response.json(replies, headers=headers)

        @bp.listener("before_server_start")
        async def cap_request_size(app, _loop) -> None:
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)

        return bp
