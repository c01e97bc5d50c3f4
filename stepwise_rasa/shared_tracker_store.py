"""The redacting tracker store for several Rasa instances on one database.

``RedactingSQLTrackerStore`` keeps recent conversations in memory and writes
each turn from a background thread: right for one process, wrong for several.
Behind a proxy, any instance may serve the next turn of a conversation (Rasa's
Redis lock store lets only one at a time), so an instance must neither answer
from a copy another instance has since moved on from, nor let the lock go
before its turn is in the database. This store, which stepwise_rasa/scale.py
names in the endpoints it writes for a scaled set, adds both:

- ``save`` returns once the turn's rows (and an urgent reply's audit row) are
  written: Rasa releases the conversation's lock only after that, so the next
  instance reads them;
- ``retrieve`` counts the conversation's stored events (one indexed query)
  and keeps using the copy in memory only if the count is the one this
  instance saw last; otherwise it reads the conversation from the database.

What is kept is unchanged (the parent class redacts). Measured cost: one
count after each save and before each turn (docs/performance.md, "Scale-out
soak").
"""
from __future__ import annotations

import asyncio
from typing import Dict, Optional, Text

import sqlalchemy as sa
from rasa.shared.core.trackers import DialogueStateTracker

from stepwise_rasa.tracker_store import CACHE_SIZE, RedactingSQLTrackerStore


class SharedRedactingTrackerStore(RedactingSQLTrackerStore):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._seen: Dict[Text, int] = {}  # sender id -> stored events when this instance last read or wrote it

    def _stored_count(self, sender_id: Text) -> int:
        self.flush_sender(sender_id)  # this instance's own rows first
        table = self.SQLEvent.__table__
        with self.session_scope() as session:
            return int(session.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.sender_id == sender_id)).scalar() or 0)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        stored = await asyncio.to_thread(self._stored_count, sender_id)
        if self._seen.get(sender_id) != stored:  # another instance wrote since (or never seen here)
            self._cache.pop(sender_id, None)
            if stored:
                self._empty.discard(sender_id)
        tracker = await super().retrieve(sender_id)
        self._note(sender_id, stored)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        # written before Rasa lets the conversation's lock go
        self._note(tracker.sender_id, await asyncio.to_thread(self._stored_count, tracker.sender_id))

    def _note(self, sender_id: Text, stored: int) -> None:
        if len(self._seen) > CACHE_SIZE * 4:
            self._seen = {s: n for s, n in self._seen.items() if s in self._cache}
        self._seen[sender_id] = stored
