"""The record of a decision, kept to the minimum.

One row per answer given: when, a keyed hash of the conversation id (not the
id itself), the area, route, status, the case facts as the engine's codes
(enums, yes/no, ages, dates: never free text), and the documents with their
versions. Nothing a user typed is stored here.

SQLAlchemy Core, so the same code writes to SQLite (default) or PostgreSQL:
``STEPWISE_DATABASE_URL`` selects the database of both stores, see
stepwise_storage/settings.py (else ``STEPWISE_AUDIT_DB``, else
``.rasa/audit.db``). The schema is Alembic's (stepwise_storage/migrations):
the store upgrades the database to head when it starts (an empty one, or one
made before migrations, which is adopted with its rows), and again before a
write if it could not then.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any, List, Mapping, Optional

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)
metadata = MetaData()

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("recorded_at", DateTime, nullable=False),
    Column("conversation", String(64), nullable=False),  # HMAC-SHA256 of the sender id
    Column("area", String(32)),
    Column("route", String(120)),
    Column("status", String(20), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("facts", Text, nullable=False),  # JSON of engine codes only
    Column("documents", Text, nullable=False),  # JSON: [{id, version}]
    Index("ix_decisions_recorded_at", "recorded_at"),
)
# The schema is made by the migrations (stepwise_storage/migrations/versions), which
# tests/test_migrations.py checks against this table: change both together.

#: The only facts that may be written: names from the case schema.
_SAFE_TYPES = (bool, int, str)


def create_private(path: Path) -> None:
    """Create ``path`` (empty) with mode 0600 if it does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


@functools.lru_cache(maxsize=1)
def _area_ids() -> frozenset:
    """The areas' ids, as the loader reads them (the ``area`` key of each area
    folder's area.yml), without loading the protocols: the Rasa process asks
    this in the writer thread at its first urgent reply, and a full load (a
    second) would hold the GIL while replies wait."""
    import yaml

    from guidance.loader import protocol_roots

    ids = set()
    for root in protocol_roots():
        for folder in root.iterdir():
            if (folder / "area.yml").is_file():
                raw = yaml.load((folder / "area.yml").read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                if isinstance(raw, dict) and raw.get("area"):
                    ids.add(str(raw["area"]))
    return frozenset(ids) | {"out_of_area"}


class AuditLog:
    """Writes rows that survive faults: a row that cannot be written (database
    locked, disk full) is kept, in order, in memory and in a spool file beside
    the database (``<db>.<writer>.spool``, JSON lines, mode 0600), and written with the
    next row or by a retry thread every ``RETRY_S`` seconds once the database
    recovers. ``pending()`` says how many are waiting."""

    RETRY_S = 2.0
    BUSY_TIMEOUT_S = 0.5  # never wait long for a lock: the row is queued instead

    def __init__(self, url: Optional[str] = None, key: Optional[bytes] = None, retry: bool = True,
                 writer: str = "actions"):
        from stepwise_storage import settings

        url = url or settings.audit_url()
        instance = os.environ.get("STEPWISE_INSTANCE")  # several processes of one kind on one machine
        writer = f"{writer}-{instance}" if instance else writer
        connect_args = {}
        self.spool: Optional[Path] = None
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            create_private(path)
            self.spool = path.with_name(f"{path.name}.{writer}.spool")  # one per writing process
            connect_args = {"timeout": self.BUSY_TIMEOUT_S}
        else:  # a server: the spool stays on this machine, named by the database (never its password)
            u = make_url(url)
            name = "-".join(str(x) for x in (u.get_backend_name(), u.host, u.port, u.database) if x)
            self.spool = ROOT / ".rasa" / f"audit-{name}.{writer}.spool"
            self.spool.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.engine = create_engine(url, future=True, connect_args=connect_args)
        self._lock = threading.RLock()
        self._pending: List[dict] = self._read_spool()
        self._retry = retry
        self._thread: Optional[threading.Thread] = None
        self._migrated = False
        try:
            self._migrate()
        except Exception as e:  # noqa: BLE001 - a locked or full database at start: migrated before the first write
            logger.warning("audit: could not prepare the database yet (%s)", type(e).__name__)
        self.key = key or self._key()
        if self._pending:
            self.flush()

    def _migrate(self) -> None:
        """Bring the schema to head (quick when it is there already)."""
        if not self._migrated:
            from stepwise_storage import migrate

            migrate.upgrade(self.engine)
            self._migrated = True

    # ------------------------------------------------------------ fault tolerance
    def _read_spool(self) -> List[dict]:
        if self.spool is None or not self.spool.exists():
            return []
        rows = []
        for line in self.spool.read_text().splitlines():
            try:
                row = json.loads(line)
                row["recorded_at"] = dt.datetime.fromisoformat(row["recorded_at"])
                rows.append(row)
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a full disk
        return rows

    def _write_spool(self) -> None:
        if self.spool is None:
            return
        try:
            if not self._pending:
                self.spool.unlink(missing_ok=True)
                return
            tmp = self.spool.with_name(self.spool.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                for row in self._pending:
                    f.write(json.dumps({**row, "recorded_at": row["recorded_at"].isoformat()}) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.spool)
        except OSError as e:  # the disk is full too: the rows wait in memory
            logger.warning("audit: %d row(s) kept in memory only (%s)", len(self._pending), type(e).__name__)

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def flush(self) -> bool:
        """Write every waiting row; True if none is left waiting."""
        with self._lock:
            if not self._pending:
                return True
            try:
                self._migrate()
                with self.engine.begin() as conn:  # all the waiting rows, or none
                    conn.execute(decisions.insert(), list(self._pending))
            except Exception as e:  # noqa: BLE001 - locked, full, gone: keep them and try again
                logger.warning("audit: %d row(s) waiting, the database refused them (%s)",
                               len(self._pending), type(e).__name__)
                self._write_spool()
                self._start_retry()
                return False
            self._pending.clear()
            self._write_spool()
            return True

    def _start_retry(self) -> None:
        if not self._retry or (self._thread is not None and self._thread.is_alive()):
            return

        def loop() -> None:
            while True:
                time.sleep(self.RETRY_S)
                if self.flush():
                    return

        self._thread = threading.Thread(target=loop, name="audit-retry", daemon=True)
        self._thread.start()

    def write(self, row: dict) -> None:
        with self._lock:
            self._pending.append(row)
            self.flush()

    def record_urgent(self, sender_id: str, area: Optional[str], tier: Optional[str], category: Optional[str] = None,
                      when: Optional[dt.datetime] = None) -> None:
        """One row for an urgent reply: the time, the area if known, the tier (never any text)."""
        from guidance.decision import Status

        self.write({
            "recorded_at": (when or dt.datetime.utcnow()).replace(microsecond=0),
            "conversation": self.pseudonym(sender_id),
            "area": area if area in _area_ids() else None,  # a known area's id, never typed text
            "route": None,
            "status": Status.URGENT.value,
            "urgent": True,
            "facts": json.dumps({k: v for k, v in (("tier", tier), ("category", category))
                                 if isinstance(v, str) and len(v) <= 40}, sort_keys=True),
            "documents": "[]",
        })

    @staticmethod
    def _key() -> bytes:
        env = os.environ.get("STEPWISE_AUDIT_KEY")
        if env:
            return env.encode()
        path = ROOT / ".rasa" / "audit.key"
        if not path.exists() or not path.read_text().strip():
            create_private(path)
            with open(path, "w") as f:
                f.write(secrets.token_hex(32))
        return path.read_text().strip().encode()

    def pseudonym(self, sender_id: str) -> str:
        return hmac.new(self.key, sender_id.encode(), hashlib.sha256).hexdigest()

    def record(self, sender_id: str, decision: Mapping[str, Any], fields: Mapping[str, Any]) -> None:
        facts = {}
        for name, value in (decision.get("facts") or {}).items():
            fd = fields.get(name)
            if fd is None or not isinstance(value, _SAFE_TYPES):
                continue
            if fd.type == "enum" and value not in fd.values:
                continue  # only the schema's own codes, never text
            facts[name] = value
        row = {
            "recorded_at": dt.datetime.utcnow().replace(microsecond=0),
            "conversation": self.pseudonym(sender_id),
            "area": decision.get("area"),
            "route": (decision.get("route") or {}).get("id"),
            "status": str(decision.get("status") or "unknown"),  # a Status is its code
            "urgent": bool(decision.get("urgent")),
            "facts": json.dumps(facts, sort_keys=True),
            "documents": json.dumps([{"id": d["id"], "version": d.get("version")} for d in decision.get("documents", [])]),
        }
        self.write(row)

    def rows(self):
        self.flush()
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(decisions).order_by(decisions.c.id))]
