"""A SQL tracker store that never writes what the user typed.

Conversations are about children. The tracker store keeps the conversation
(so it survives a restart and the widget's session carries on), but user
messages are stored with their text replaced: intents, the engine's codes
taken from them (entities) and slots remain, which is all the bot needs. The
current turn is handled in memory before it is saved, so nothing is lost.
"""
from __future__ import annotations

from typing import Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered

REDACTED = "[not stored]"


def redact(event):
    if not isinstance(event, UserUttered):
        return event
    parse = dict(event.parse_data or {})
    if parse:
        parse["text"] = REDACTED
        parse["entities"] = [
            {k: v for k, v in e.items() if k in ("entity", "value", "extractor", "processors")}
            for e in parse.get("entities") or []
        ]
    return UserUttered(
        text=REDACTED,
        intent=event.intent,
        entities=parse.get("entities", []),
        parse_data=parse or None,
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata={},
    )


class RedactingSQLTrackerStore(SQLTrackerStore):
    def _additional_events(self, session, tracker) -> Iterator:
        for event in super()._additional_events(session, tracker):
            yield redact(event)
