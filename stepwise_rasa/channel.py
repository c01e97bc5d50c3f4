"""Rasa's socket.io channel, with the allowed origins set exactly.

Rasa's own SocketIOInput turns the socket.io server's origin check off
(``cors_allowed_origins=[]``), which accepts a connection from any site. This
channel checks the Origin header against an explicit list instead, given in
credentials.yml as ``allowed_origins`` (space- or comma-separated; ``*`` is
refused).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.socketio import SocketIOInput


def parse_origins(raw: Any) -> List[str]:
    items = raw if isinstance(raw, list) else re.split(r"[\s,]+", str(raw or ""))
    origins = [o.strip().rstrip("/") for o in items if o and o.strip()]
    if "*" in origins:
        raise ValueError("allowed_origins must list exact origins; '*' is not allowed")
    bad = [o for o in origins if not re.fullmatch(r"https?://[^/\s]+", o)]
    if bad:
        raise ValueError(f"allowed_origins must be scheme://host[:port]; not {bad}")
    return origins


class StepwiseSocketIO(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "StepwiseSocketIO":
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(credentials.get("allowed_origins"))
        return channel

    allowed_origins: List[str] = []

    def blueprint(self, on_new_message):
        bp = super().blueprint(on_new_message)
        # the same server object Rasa built, now checking origins exactly
        self.sio.eio.cors_allowed_origins = list(self.allowed_origins)
        return bp
