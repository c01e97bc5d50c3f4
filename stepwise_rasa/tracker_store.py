"""A SQL tracker store that never writes what the user typed, and is quick.

Conversations are about children. The tracker store keeps the conversation
(so it survives a restart and the widget's session carries on), but user
messages are stored with their text replaced: intents, the engine's codes
taken from them (entities) and slots remain, which is all the bot needs. The
current turn is handled in memory before it is saved, so nothing is lost.

Speed (measured per turn, see docs/performance.md):
- recent trackers are kept in memory, write-through: every turn is still
  saved to the database before the reply is sent, so a turn does not re-read
  and re-parse the whole conversation; the in-memory copy is redacted as soon
  as it is saved;
- the number of events already saved is remembered with the cached tracker,
  so a save inserts the new events without first counting the stored ones
  (Rasa's store runs a COUNT over the conversation on every save);
- new events are inserted in one statement;
- SQLite keeps one pooled connection in WAL mode with synchronous=NORMAL.
  Rasa's engine opens and closes a connection per operation, and closing the
  last connection to a WAL database checkpoints it: a disk flush every turn.

The cache belongs to one process: run Rasa with one Sanic worker (the
default; Rasa only allows more with a shared lock store).
"""
from __future__ import annotations

import itertools
import json
import logging
import os
from collections import OrderedDict
from pathlib import Path
from typing import Iterator, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy import event

logger = logging.getLogger(__name__)

REDACTED = "[not stored]"
CACHE_SIZE = 500
DEFAULT_DB = ".rasa/tracker.db"


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


def _sqlite_path(db: Optional[Text]) -> Text:
    """The SQLite file to use. An unset ${VARIABLE} in endpoints.yml reaches us
    as the literal text; never create a file with that name."""
    if not db or "${" in db:
        logger.warning("tracker store: no database path set (STEPWISE_TRACKER_DB); using %s", DEFAULT_DB)
        db = DEFAULT_DB
    Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return os.fspath(Path(db).expanduser())


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, dialect: Text = "sqlite", db: Text = DEFAULT_DB, **kwargs) -> None:
        if dialect == "sqlite":
            db = _sqlite_path(db)
        super().__init__(*args, dialect=dialect, db=db, **kwargs)
        # sender id -> (tracker, number of its events already in the database)
        self._cache: "OrderedDict[Text, Tuple[DialogueStateTracker, int]]" = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            # one pooled connection, never closed between turns; the pool hands
            # it to one caller at a time, so it may move between threads
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
                connect_args={"check_same_thread": False},
            )

            @event.listens_for(self.engine, "connect")
            def _sqlite_pragmas(conn, _record):  # noqa: ANN001
                cur = conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _additional_events(self, session, tracker) -> Iterator:
        cached = self._cache.get(tracker.sender_id)
        if cached is not None and cached[0] is tracker and cached[1] <= len(tracker.events):
            new = itertools.islice(tracker.events, cached[1], None)
        else:  # not ours (or not cached): count what is stored, as Rasa does
            new = super()._additional_events(session, tracker)
        for e in new:
            yield redact(e)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        cached = self._cache.get(sender_id)
        if cached is not None:
            self._cache.move_to_end(sender_id)
            return cached[0]
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._remember(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with the new events found from the cache and inserted at once."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for e in self._additional_events(session, tracker):
                data = e.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id,
                    "type_name": e.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                })
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        _redact_in_place(tracker)
        self._remember(tracker)

    def _remember(self, tracker: DialogueStateTracker) -> None:
        self._cache[tracker.sender_id] = (tracker, len(tracker.events))
        self._cache.move_to_end(tracker.sender_id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
