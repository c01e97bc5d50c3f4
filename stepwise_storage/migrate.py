"""The audit schema's migrations (Alembic; scripts in migrations/versions/).

    python -m stepwise_storage.migrate             # upgrade the audit database to head (./stepwise migrate)
    python -m stepwise_storage.migrate current     # its revision, and head
    python -m stepwise_storage.migrate history
    python -m stepwise_storage.migrate revision -m "what changes"   # a new, empty migration script
                                                    # (then set HEAD below to its revision id)

The database is ``settings.audit_url()`` (``STEPWISE_DATABASE_URL``, else
``STEPWISE_AUDIT_DB``, else ``.rasa/audit.db``), or ``--url``.

``upgrade(engine)`` takes:
- an empty database to head (in one step: the table and the head revision;
  ``scripts=True`` runs every script instead, as the tests do to check both agree);
- a database made before migrations existed (a ``decisions`` table and no
  version table) is adopted: stamped with the baseline revision, 0001, whose
  table is exactly that schema, then upgraded; its rows are kept;
- a database already at head: one SELECT, nothing else.

The audit store calls it on start. Several processes may start at once (the
action server and each Rasa instance write audit rows): the migration runs
under a lock (PostgreSQL: an advisory lock inside the migration's
transaction; SQLite: a lock file beside the database), and each re-reads the
revision once it holds the lock. The version is kept in the table
``audit_schema_version`` (not Alembic's default name: the tracker store may
share the database).
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import logging
import os
import sys
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
VERSION_TABLE = "audit_schema_version"
BASELINE = "0001"
#: The newest revision. Kept here so that a start at head reads one row and never
#: imports Alembic (a third of a second); tests/test_migrations.py checks it is the scripts' head.
HEAD = "0002"
BASELINE_COLUMNS = {"id", "recorded_at", "conversation", "area", "route", "status", "urgent", "facts", "documents"}
_LOCK_KEY = 0x5354_4550  # pg_advisory_xact_lock key: "STEP"
logger = logging.getLogger(__name__)


def config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The head of the migration scripts (HEAD, which a test keeps equal to it)."""
    return HEAD


def scripts_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn) -> Optional[str]:
    """The revision of the database ``conn`` is connected to (None: none recorded)."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = [r[0] for r in conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))]
    if len(rows) > 1:
        raise RuntimeError(f"the audit database records several revisions: {rows}")
    return rows[0] if rows else None


def at_head(engine: sa.engine.Engine) -> bool:
    with engine.connect() as conn:
        return current(conn) == head()


@contextlib.contextmanager
def _file_lock(engine: sa.engine.Engine):
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db or db == ":memory:":
        yield
        return
    path = Path(f"{db}.migrate.lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _create_at_head(conn) -> None:
    """An empty database: the head schema (actions/audit.py's table, which
    tests/test_migrations.py keeps equal to what the scripts make) and the
    head revision, without importing Alembic, as Alembic's own cookbook does
    (create_all, then stamp head). A first start then costs no more than before."""
    from actions.audit import metadata

    version = sa.Table(VERSION_TABLE, sa.MetaData(), sa.Column("version_num", sa.String(32), nullable=False),
                       sa.PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"))
    metadata.create_all(conn)
    version.create(conn)
    conn.execute(version.insert(), {"version_num": HEAD})


def upgrade(engine: sa.engine.Engine, revision: str = "head", scripts: bool = False) -> str:
    """Bring the audit database to ``revision`` (adopting a pre-migration one); return its revision.
    ``scripts``: build an empty database by running every migration script (else in one step, see
    ``_create_at_head``)."""
    target = head() if revision == "head" else revision
    with engine.connect() as conn:  # the quick check, without any lock
        if current(conn) == target:
            return target
    with _file_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        now = current(conn)
        if now == target:
            return target
        tables = set(sa.inspect(conn).get_table_names())
        if now is None and "decisions" not in tables and target == HEAD and not scripts:
            _create_at_head(conn)
            logger.info("audit: created the database at revision %s", HEAD)
            return HEAD
        from alembic import command

        cfg = config(conn)
        if now is None and "decisions" in tables:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("decisions")}
            if not BASELINE_COLUMNS <= columns:
                raise RuntimeError(f"the audit database has a 'decisions' table without the columns "
                                   f"{sorted(BASELINE_COLUMNS - columns)}: not a Stepwise audit table")
            logger.warning("audit: adopting a database made before migrations (stamped %s)", BASELINE)
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, revision)
        done = current(conn)
    logger.info("audit: database at revision %s", done)
    return done


def main(argv=None) -> int:
    from . import settings

    ap = argparse.ArgumentParser(prog="python -m stepwise_storage.migrate", description="the audit schema's migrations")
    ap.add_argument("action", nargs="?", default="upgrade", choices=["upgrade", "current", "history", "revision"])
    ap.add_argument("--url", default=None, help="database URL (default: the audit store's)")
    ap.add_argument("-m", "--message", default=None, help="revision: what the new migration changes")
    ap.add_argument("--to", default="head", help="upgrade: the target revision")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="[stepwise] %(message)s")
    logging.getLogger("alembic.runtime.migration").setLevel(logging.INFO)  # "Running upgrade 0001 -> 0002"
    logging.getLogger("alembic.runtime.migration").addFilter(lambda r: "Running" in r.getMessage())
    from alembic import command
    from alembic.script import ScriptDirectory

    if a.action == "history":
        command.history(config())
        return 0
    if a.action == "revision":
        if not a.message:
            ap.error("revision needs -m MESSAGE")
        scripts = ScriptDirectory.from_config(config())
        rev = f"{int(scripts.get_current_head()) + 1:04d}"
        command.revision(config(), message=a.message, rev_id=rev)
        return 0
    url = a.url or settings.audit_url()
    if url.startswith("sqlite:///"):
        from actions.audit import create_private

        create_private(Path(url[len("sqlite:///"):]))
    engine = sa.create_engine(url, future=True)
    try:
        if a.action == "current":
            with engine.connect() as conn:
                print(f"{settings.redacted(url)}: revision {current(conn) or '(none)'}; head {head()}")
        else:
            print(f"{settings.redacted(url)}: at revision {upgrade(engine, a.to)} (head {head()})")
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
