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

Hardening (issue 9):
- database reads (a conversation not in memory) run in a worker thread, and a
  conversation found empty is not counted again on its first save;
- database writes never block the event loop: ``save`` redacts and encodes
  the new events at once, updates the cache, and hands the rows to one writer
  thread, which writes them in order and retries while the database is locked
  or full (nothing is dropped; a sender with rows waiting stays cached, so its
  conversation carries on from memory). ``flush()`` waits for the writer; it
  also runs at exit;
- every urgent reply (a user message the detector turned into
  ``disclose_risk``) adds a row to the audit store (time, area if known, tier),
  written by the same thread, without the action server (actions/audit.py
  queues rows that fail);
- the SQLite file is created with mode 0600.

The database: ``STEPWISE_DATABASE_URL`` (see stepwise_storage/settings.py)
when set, for example PostgreSQL, whatever endpoints.yml says; else the
SQLite file endpoints.yml names (``STEPWISE_TRACKER_DB``). What is kept is the
same on every database. Each turn's new events are inserted in one
transaction: all of them or none.

The cache belongs to one process: run Rasa with one Sanic worker (the
default; Rasa only allows more with a shared lock store).
"""
from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import itertools
import json
import logging
import os
import queue
import threading
import time
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Dict, Iterator, Optional, Text, Tuple

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
URGENT_INTENT = "disclose_risk"
LOCK_WAIT_S = 1.0  # the writer thread waits this long for a lock before it retries


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
    path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # created readable by this user only (SQLite gives its -wal/-shm files the same mode)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    return os.fspath(path)


_STORES: "weakref.WeakSet" = weakref.WeakSet()  # every store in this process


class RedactingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args, dialect: Text = "sqlite", db: Text = DEFAULT_DB, **kwargs) -> None:
        from stepwise_storage import settings

        url = settings.database_url()
        if url:  # Rasa's store takes a host holding a whole URL as the URL
            for key in ("port", "username", "password", "login_db", "query"):
                kwargs.pop(key, None)
            kwargs["host"] = url
            parsed = sa.engine.make_url(url)
            dialect, db = parsed.get_backend_name(), parsed.database
            logger.info("tracker store: %s (STEPWISE_DATABASE_URL)", settings.redacted(url))
        if dialect == "sqlite":
            db = _sqlite_path(db)
        super().__init__(*args, dialect=dialect, db=db, **kwargs)
        # sender id -> (tracker, number of its events already in the database)
        self._cache: "OrderedDict[Text, Tuple[DialogueStateTracker, int]]" = OrderedDict()
        self._writes: "queue.Queue" = queue.Queue()
        self._waiting: Dict[Text, int] = {}  # sender id -> batches not yet written
        self._waiting_lock = threading.Lock()
        self._writer = threading.Thread(target=self._write_loop, name="tracker-writer", daemon=True)
        self._writer.start()
        self._audit = None
        self._empty: set = set()  # senders retrieved with nothing stored (and not saved since)
        _STORES.add(self)
        self._open_audit()  # now, not during the first urgent reply (a migration then would hold the GIL)
        atexit.register(self.flush, 10.0)
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            # one pooled connection, never closed between turns; the pool hands
            # it to one caller at a time, so it may move between threads
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, pool_size=1, max_overflow=4,
                connect_args={"check_same_thread": False, "timeout": LOCK_WAIT_S},
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
        # a database read, off the event loop: a locked or busy database delays
        # this conversation only, never the others (nor an urgent reply)
        tracker = await asyncio.to_thread(self._retrieve_blocking, sender_id)
        cached = self._cache.get(sender_id)  # saved meanwhile by another turn
        if cached is not None:
            return cached[0]
        if tracker is not None:
            self._remember(tracker)
        else:
            self._remember_empty(sender_id)
        return tracker

    def _retrieve_blocking(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        for store in list(_STORES):  # rows of this conversation still waiting in this process first
            store.flush_sender(sender_id)
        loop = asyncio.new_event_loop()  # Rasa's _retrieve is a coroutine that never awaits
        try:
            return loop.run_until_complete(SQLTrackerStore._retrieve(self, sender_id, False))
        finally:
            loop.close()

    def _remember_empty(self, sender_id: Text) -> None:
        """``sender_id`` has nothing stored: its first save needs no count."""
        if len(self._empty) > CACHE_SIZE * 4:
            self._empty.clear()
        self._empty.add(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with the new events found from the cache and written by the writer thread."""
        await self.stream_events(tracker)
        rows, urgent, foreign = [], [], False
        cached = self._cache.get(tracker.sender_id)
        if cached is not None and cached[0] is tracker and cached[1] <= len(tracker.events):
            new = [redact(e) for e in itertools.islice(tracker.events, cached[1], None)]
        elif cached is None and tracker.sender_id in self._empty:  # a new conversation: nothing stored
            new = [redact(e) for e in tracker.events]
        else:  # not ours (or not cached): count what is stored, as Rasa does, off the event loop
            new = await asyncio.to_thread(self._additional_blocking, tracker)
            foreign = True
        self._empty.discard(tracker.sender_id)
        for e in new:
            data = e.as_dict()
            intent = (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY)
            rows.append({
                "sender_id": tracker.sender_id,
                "type_name": e.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": intent,
                "action_name": data.get("name"),
                "data": json.dumps(data),
            })
            if isinstance(e, UserUttered) and intent == URGENT_INTENT:
                risk = (data.get("parse_data") or {}).get("risk") or {}
                urgent.append((tracker.get_slot("area"), risk.get("strength"), risk.get("category"), data.get("timestamp")))
        _redact_in_place(tracker)
        self._remember(tracker)
        if rows or urgent:
            with self._waiting_lock:
                self._waiting[tracker.sender_id] = self._waiting.get(tracker.sender_id, 0) + 1
            self._writes.put((tracker.sender_id, rows, urgent))
            if foreign:  # a tracker this store did not hand out (rare): returns once written, off the loop
                await asyncio.to_thread(self.flush_sender, tracker.sender_id)

    def _additional_blocking(self, tracker: DialogueStateTracker) -> list:
        self.flush_sender(tracker.sender_id)
        with self.session_scope() as session:
            return list(self._additional_events(session, tracker))

    # ------------------------------------------------------------ the writer thread
    def _write_loop(self) -> None:
        while True:
            item = self._writes.get()
            try:
                if item is None:
                    return
                sender_id, rows, urgent = item
                delay = 0.05
                while rows:
                    try:
                        with self.session_scope() as session:
                            session.execute(self.SQLEvent.__table__.insert(), rows)
                            session.commit()
                        break
                    except Exception as e:  # noqa: BLE001 - locked, full: keep the rows and try again
                        logger.warning("tracker store: database write failed (%s); retrying in %.1f s",
                                       type(e).__name__, delay)
                        time.sleep(delay)
                        delay = min(delay * 2, 2.0)
                for area, tier, category, ts in urgent:
                    self._record_urgent(sender_id, area, tier, category, ts)
                with self._waiting_lock:
                    left = self._waiting.get(sender_id, 1) - 1
                    if left > 0:
                        self._waiting[sender_id] = left
                    else:
                        self._waiting.pop(sender_id, None)
            finally:
                self._writes.task_done()

    def _open_audit(self) -> None:
        """The audit store for urgent replies, opened (and migrated to head) once."""
        if self._audit is not None or os.environ.get("STEPWISE_AUDIT", "on") == "off":
            return
        try:
            from actions.audit import AuditLog

            self._audit = AuditLog(writer="rasa")  # a database that is down or locked: rows queued, retried
        except Exception as e:  # noqa: BLE001 - tried again with the first urgent reply
            logger.error("audit: could not open the audit store (%s)", type(e).__name__)

    def _record_urgent(self, sender_id: Text, area, tier, category, ts) -> None:
        if os.environ.get("STEPWISE_AUDIT", "on") == "off":
            return
        try:
            self._open_audit()
            if self._audit is None:
                raise RuntimeError("no audit store")
            when = dt.datetime.utcfromtimestamp(ts) if isinstance(ts, (int, float)) else None
            self._audit.record_urgent(sender_id, area, tier, category, when)  # queued by AuditLog if it fails
        except Exception as e:  # noqa: BLE001
            logger.error("audit: could not record an urgent reply (%s)", type(e).__name__)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Wait until every saved event is in the database (True), or ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._writes.unfinished_tasks:
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def flush_sender(self, sender_id: Text, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while sender_id in self._waiting and time.monotonic() < deadline:
            time.sleep(0.01)

    def pending_writes(self) -> int:
        return self._writes.unfinished_tasks

    def _remember(self, tracker: DialogueStateTracker) -> None:
        self._cache[tracker.sender_id] = (tracker, len(tracker.events))
        self._cache.move_to_end(tracker.sender_id)
        if len(self._cache) > CACHE_SIZE:
            # a conversation with rows still waiting to be written stays in memory
            for sender in list(self._cache):
                if len(self._cache) <= CACHE_SIZE:
                    break
                if sender not in self._waiting:
                    del self._cache[sender]
