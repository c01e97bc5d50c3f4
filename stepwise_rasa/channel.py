"""Rasa's socket.io channel, fixed for this stack and locked to exact origins.

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
"""
from __future__ import annotations

import json
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

logger = logging.getLogger(__name__)


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

        # Registering an event again replaces Rasa's handler for it.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = data or {}
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                result = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if hasattr(result, "__await__"):
                    await result
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            output_channel = StepwiseSocketIOOutput(sio, self.bot_message_evt)
            if self.session_persistence:
                if not data.get("session_id"):
                    logger.warning("A socket.io message without a session_id was ignored.")
                    return
                sender_id = data["session_id"]
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, Text):
                metadata = json.loads(metadata)
            await on_new_message(UserMessage(data.get("message", ""), output_channel, sender_id,
                                             input_channel=self.name(), metadata=metadata))

        @bp.listener("before_server_stop")
        async def close_action_server_sessions(_app, _loop) -> None:
            from stepwise_rasa.speedups import close_kept_sessions

            await close_kept_sessions()

        return bp
