"""Where Stepwise keeps conversations and decision records, and for how long.

The one home of these settings (environment variables; ``./stepwise`` passes
them on to the Rasa server, the action server and the commands):

``STEPWISE_DATABASE_URL``
    An SQLAlchemy URL (``postgresql://user:password@host:port/db``). When set,
    both the tracker store (conversations, table ``events``) and the audit
    store (decision records, table ``decisions``) use that database. When
    unset, each uses its own SQLite file, as before:
    ``STEPWISE_TRACKER_DB`` (default ``.rasa/tracker.db``) and
    ``STEPWISE_AUDIT_DB`` (a URL, default ``sqlite:///.rasa/audit.db``).
    ``STEPWISE_DATABASE_URL`` wins over both.
``STEPWISE_RETAIN_CONVERSATIONS_DAYS`` (default 30)
    A conversation whose last event is older than this is deleted, whole, by
    ``./stepwise purge``.
``STEPWISE_RETAIN_AUDIT_DAYS`` (default 730)
    Decision records older than this are deleted by ``./stepwise purge``.

The defaults are placeholders to be set by each service's own retention
policy; ``0`` or ``keep`` keeps that kind of record for ever.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent

DATABASE_URL = "STEPWISE_DATABASE_URL"
TRACKER_DB = "STEPWISE_TRACKER_DB"
AUDIT_DB = "STEPWISE_AUDIT_DB"
RETAIN_CONVERSATIONS = "STEPWISE_RETAIN_CONVERSATIONS_DAYS"
RETAIN_AUDIT = "STEPWISE_RETAIN_AUDIT_DAYS"
DEFAULT_RETAIN_CONVERSATIONS_DAYS = 30
DEFAULT_RETAIN_AUDIT_DAYS = 730


def _env(name: str) -> Optional[str]:
    """The variable's value; None when unset, empty, or an unexpanded ``${...}``."""
    value = (os.environ.get(name) or "").strip()
    return value if value and "${" not in value else None


def database_url() -> Optional[str]:
    """``STEPWISE_DATABASE_URL``, or None (each store on its own SQLite file)."""
    return _env(DATABASE_URL)


def tracker_sqlite_path(db: Optional[str] = None) -> Path:
    """The tracker store's SQLite file, for the commands (purge): ``db`` if given
    (and not an unexpanded ``${...}``), else ``STEPWISE_TRACKER_DB``, else the
    project's ``.rasa/tracker.db``."""
    if db and "${" not in db:
        return Path(db).expanduser()
    return Path(_env(TRACKER_DB) or ROOT / ".rasa" / "tracker.db").expanduser()


def audit_url() -> str:
    """The audit store's URL."""
    return database_url() or _env(AUDIT_DB) or f"sqlite:///{ROOT / '.rasa' / 'audit.db'}"


def tracker_url() -> str:
    """The tracker store's URL."""
    return database_url() or f"sqlite:///{tracker_sqlite_path().resolve()}"


def _days(name: str, default: int) -> Optional[int]:
    raw = _env(name)
    if raw is None:
        return default
    if raw.lower() in ("0", "keep", "forever", "never"):
        return None
    try:
        days = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of days (or 'keep'), not {raw!r}") from None
    if days < 0:
        raise ValueError(f"{name} must not be negative")
    return days


def retain_conversations_days() -> Optional[int]:
    """Days a conversation is kept after its last event (None: for ever)."""
    return _days(RETAIN_CONVERSATIONS, DEFAULT_RETAIN_CONVERSATIONS_DAYS)


def retain_audit_days() -> Optional[int]:
    """Days a decision record is kept (None: for ever)."""
    return _days(RETAIN_AUDIT, DEFAULT_RETAIN_AUDIT_DAYS)


def redacted(url: str) -> str:
    """``url`` without its password, to show."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).__repr__()  # SQLAlchemy masks the password as ***
    except Exception:  # noqa: BLE001
        return "<an unreadable database URL>"
