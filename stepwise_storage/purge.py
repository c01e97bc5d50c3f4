"""Retention: delete conversations and decision records older than their periods.

    ./stepwise purge [--dry-run] [--conversations-days N] [--audit-days N]
    (python -m stepwise_storage.purge ...)

The periods come from stepwise_storage/settings.py
(``STEPWISE_RETAIN_CONVERSATIONS_DAYS``, default 30; ``STEPWISE_RETAIN_AUDIT_DAYS``,
default 730; ``keep`` keeps that kind for ever); the options override them.

- A **conversation** is deleted whole, all its events, once its last event is
  older than its period: never the first half of a conversation still going
  on. A conversation that comes back after that long starts again from its
  new session (Rasa starts a new session after two hours' silence, and so do
  the widget and the REST channel after a restart).
- A **decision record** (audit row) is deleted once it was recorded longer
  ago than its period.

Safe while the assistant serves, on SQLite and on PostgreSQL: it first finds
the conversations to delete with one read, then deletes in small batches
(``--batch`` conversations, or rows), each in its own short transaction, so a
turn waits at most for one batch (SQLite) or not at all (PostgreSQL, row
locks only); each batch re-checks, inside its transaction, that the
conversation has had no event since the cut-off.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

from . import settings

_meta = sa.MetaData()
# the columns the purge needs of Rasa's own table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent)
events = sa.Table("events", _meta, sa.Column("id", sa.Integer, primary_key=True),
                  sa.Column("sender_id", sa.String(255)), sa.Column("timestamp", sa.Float))


@dataclass
class Purged:
    what: str
    days: Optional[int]
    cutoff: Optional[dt.datetime]
    items: int = 0  # conversations, or audit rows
    rows: int = 0  # rows deleted
    batches: int = 0
    seconds: float = 0.0

    def describe(self, dry_run: bool) -> str:
        if self.days is None:
            return f"{self.what}: kept for ever (no retention period set)"
        verb = "would delete" if dry_run else "deleted"
        unit = "conversation(s)" if self.what == "conversations" else "record(s)"
        extra = f" ({self.rows} events)" if self.what == "conversations" else ""
        return (f"{self.what}: {verb} {self.items} {unit}{extra} older than {self.days} days "
                f"(before {self.cutoff:%Y-%m-%d %H:%M} UTC), in {self.batches} batch(es), {self.seconds:.2f} s")


def _engine(url: str) -> sa.engine.Engine:
    if url.startswith("sqlite:"):  # wait for the assistant's writer rather than fail
        return sa.create_engine(url, future=True, connect_args={"timeout": 10})
    return sa.create_engine(url, future=True)


def _chunks(items: List, n: int):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def purge_conversations(url: str, days: Optional[int], now: Optional[float] = None, batch: int = 200,
                        dry_run: bool = False) -> Purged:
    """Delete every conversation of the tracker store at ``url`` whose last event is older than ``days``."""
    now = time.time() if now is None else now
    out = Purged("conversations", days, None)
    if days is None:
        return out
    cutoff = now - days * 86400
    out.cutoff = dt.datetime.utcfromtimestamp(cutoff)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return out  # no conversations yet: never create the file here
    t0 = time.perf_counter()
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return out
            old = [r[0] for r in conn.execute(
                sa.select(events.c.sender_id).group_by(events.c.sender_id)
                .having(sa.func.max(events.c.timestamp) < cutoff))]
        out.items = len(old) if dry_run else 0
        if dry_run:
            with engine.connect() as conn:
                for chunk in _chunks(old, batch):
                    out.rows += conn.execute(sa.select(sa.func.count()).select_from(events)
                                             .where(events.c.sender_id.in_(chunk))).scalar()
            return out
        for chunk in _chunks(old, batch):
            with engine.begin() as conn:  # one short transaction per batch
                recent = sa.select(events.c.sender_id).where(events.c.sender_id.in_(chunk),
                                                             events.c.timestamp >= cutoff)
                gone = set(chunk) - {r[0] for r in conn.execute(recent.distinct())}
                if gone:
                    res = conn.execute(events.delete().where(events.c.sender_id.in_(sorted(gone)),
                                                             events.c.sender_id.not_in(recent.scalar_subquery())))
                    out.rows += res.rowcount
                    out.items += len(gone)
            out.batches += 1
    finally:
        engine.dispose()
        out.seconds = time.perf_counter() - t0
    return out


def purge_audit(url: str, days: Optional[int], now: Optional[dt.datetime] = None, batch: int = 1000,
                dry_run: bool = False) -> Purged:
    """Delete the audit rows at ``url`` recorded more than ``days`` ago."""
    from actions.audit import decisions

    now = dt.datetime.utcnow() if now is None else now
    out = Purged("decision records", days, None)
    if days is None:
        return out
    out.cutoff = cutoff = now - dt.timedelta(days=days)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return out
    t0 = time.perf_counter()
    engine = _engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("decisions"):
                return out
            if dry_run:
                out.items = out.rows = conn.execute(sa.select(sa.func.count()).select_from(decisions)
                                                    .where(decisions.c.recorded_at < cutoff)).scalar()
                return out
        while True:
            with engine.begin() as conn:  # one short transaction per batch of rows
                ids = sa.select(decisions.c.id).where(decisions.c.recorded_at < cutoff) \
                    .order_by(decisions.c.id).limit(batch)
                n = conn.execute(decisions.delete().where(decisions.c.id.in_(ids.scalar_subquery()))).rowcount
            out.batches += 1
            out.items += n
            out.rows += n
            if n < batch:
                break
    finally:
        engine.dispose()
        out.seconds = time.perf_counter() - t0
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="./stepwise purge", description=__doc__.split("\n\n")[0])
    ap.add_argument("--conversations-days", default=None,
                    help=f"keep conversations this many days after their last event (or 'keep'); "
                         f"default ${settings.RETAIN_CONVERSATIONS} or {settings.DEFAULT_RETAIN_CONVERSATIONS_DAYS}")
    ap.add_argument("--audit-days", default=None,
                    help=f"keep decision records this many days (or 'keep'); "
                         f"default ${settings.RETAIN_AUDIT} or {settings.DEFAULT_RETAIN_AUDIT_DAYS}")
    ap.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    ap.add_argument("--batch", type=int, default=200, help="conversations per transaction (audit rows: 5x)")
    a = ap.parse_args(argv)
    import os

    if a.conversations_days is not None:
        os.environ[settings.RETAIN_CONVERSATIONS] = a.conversations_days
    if a.audit_days is not None:
        os.environ[settings.RETAIN_AUDIT] = a.audit_days
    try:
        conv_days, audit_days = settings.retain_conversations_days(), settings.retain_audit_days()
    except ValueError as e:
        ap.error(str(e))
    tracker, audit = settings.tracker_url(), settings.audit_url()
    print(f"[stepwise] conversations in {settings.redacted(tracker)}; decision records in {settings.redacted(audit)}",
          file=sys.stderr)
    for result in (purge_conversations(tracker, conv_days, batch=a.batch, dry_run=a.dry_run),
                   purge_audit(audit, audit_days, batch=a.batch * 5, dry_run=a.dry_run)):
        print(result.describe(a.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
