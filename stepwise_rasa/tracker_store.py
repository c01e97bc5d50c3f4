"""A SQL tracker store that never writes what the user typed, and is quick.

Conversations are about children. The tracker store keeps the conversation
(so it survives a restart and the widget's session carries on), but user
messages are stored with their text replaced: intents, the engine's codes
taken from them (entities) and slots remain, which is all the bot needs. The
current turn is handled in memory before it is saved, so nothing is lost.

Speed: recent trackers are kept in memory (write-through: every turn is
still saved to the database before the reply is sent), so a turn does not
re-read and re-parse the whole conversation; the in-memory copy is redacted
as soon as it is saved. SQLite runs in WAL mode with synchronous=NORMAL.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

REDACTED = "[not stored]"
CACHE_SIZE = 500


def redact(e):
    if not isinstance(e, UserUttered):
        return e
    parse = dict(e.parse_data or {})
    if parse:
        parse["text"] = REDACTED
        parse["entities"] = [
            {k: v for k, v in ent.items() if k in ("entity", "value", "extractor", "processors")}
            for ent in parse.get("entities") or []
        ]
    return UserUttered(
        text=REDACTED,
        intent=e.intent,
        entities=parse.get("entities", []),
        parse_data=parse or None,
        timestamp=e.timestamp,
        input_channel=e.input_channel,
        message_id=e.message_id,
        metadata={},
    )


def _redact_in_place(tracker: DialogueStateTracker) -> None:
    for e in tracker.events:
        if isinstance(e, UserUttered) and e.text != REDACTED:
            clean = redact(e)
            e.text, e.parse_data, e.entities, e.metadata = clean.text, clean.parse_data, clean.entities, {}


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._cache: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            @event.listens_for(self.engine, "connect")
            def _sqlite_pragmas(conn, _record):  # noqa: ANN001
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

    def _additional_events(self, session, tracker) -> Iterator:
        for e in super()._additional_events(session, tracker):
            yield redact(e)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        tracker = self._cache.get(sender_id)
        if tracker is not None:
            self._cache.move_to_end(sender_id)
            return tracker
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._remember(sender_id, tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        _redact_in_place(tracker)
        self._remember(tracker.sender_id, tracker)

    def _remember(self, sender_id: Text, tracker: DialogueStateTracker) -> None:
        self._cache[sender_id] = tracker
        self._cache.move_to_end(sender_id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
