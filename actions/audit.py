"""The record of a decision, kept to the minimum.

One row per answer given: when, a keyed hash of the conversation id (not the
id itself), the area, route, status, the case facts as the engine's codes
(enums, yes/no, ages, dates: never free text), and the documents with their
versions. Nothing a user typed is stored here.

SQLAlchemy Core, so the same code writes to SQLite (default) or PostgreSQL:
set ``STEPWISE_AUDIT_DB`` to a database URL.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any, Mapping, Optional

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, select

ROOT = Path(__file__).resolve().parent.parent
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
)

#: The only facts that may be written: names from the case schema.
_SAFE_TYPES = (bool, int, str)


class AuditLog:
    def __init__(self, url: Optional[str] = None, key: Optional[bytes] = None):
        url = url or os.environ.get("STEPWISE_AUDIT_DB") or f"sqlite:///{ROOT / '.rasa' / 'audit.db'}"
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url, future=True)
        metadata.create_all(self.engine)
        self.key = key or self._key()

    @staticmethod
    def _key() -> bytes:
        env = os.environ.get("STEPWISE_AUDIT_KEY")
        if env:
            return env.encode()
        path = ROOT / ".rasa" / "audit.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
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
            "status": decision.get("status") or "unknown",
            "urgent": bool(decision.get("urgent")),
            "facts": json.dumps(facts, sort_keys=True),
            "documents": json.dumps([{"id": d["id"], "version": d.get("version")} for d in decision.get("documents", [])]),
        }
        with self.engine.begin() as conn:
            conn.execute(decisions.insert().values(**row))

    def rows(self):
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(decisions).order_by(decisions.c.id))]
