"""Databases for the storage tests: SQLite files, and real PostgreSQL.

PostgreSQL is started by stepwise_storage.services.ensure_postgres (which
installs Debian's package on a fresh machine when we are root): one server per
test session, in build/pytest-pg/<pid> (or, when the postgres user cannot
reach it, under /var/lib/postgresql/stepwise/) on a free loopback port,
stopped and removed at the end. ``STEPWISE_TEST_POSTGRES_URL`` points the tests at a
server that is already running instead. Each test gets a database of its own.

Use in a test module::

    from .storage_helpers import pg_server, backend  # noqa: F401 (fixtures)

    def test_x(backend):   # runs twice: backend.name == "sqlite", then "postgresql"
        backend.url, backend.env ...
"""
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_DATADIR = None  # the data dir of the server pg_server started (None: STEPWISE_TEST_POSTGRES_URL's)


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a running PostgreSQL's 'stepwise' database (never skipped)."""
    from stepwise_storage.services import ensure_postgres, remove_postgres

    global PG_DATADIR
    given = os.environ.get("STEPWISE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    datadir = ROOT / "build" / "pytest-pg" / str(os.getpid())
    remove_postgres(datadir)  # a previous run's, with this pid
    url = ensure_postgres(datadir, port=0)
    PG_DATADIR = datadir
    try:
        yield url
    finally:
        remove_postgres(datadir)


@pytest.fixture
def pg_url(pg_server):
    """A new, empty PostgreSQL database for this test, dropped afterwards."""
    from stepwise_storage.services import create_database, drop_database

    name = f"t_{uuid.uuid4().hex[:12]}"
    url = create_database(pg_server, name)
    yield url
    drop_database(pg_server, name)


@dataclass
class Backend:
    name: str  # "sqlite" or "postgresql"
    url: str  # the database both stores use
    tracker_db: str  # the tracker store's SQLite file (with sqlite)
    env: Dict[str, str] = field(default_factory=dict)  # the variables that select it


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Each storage test once on SQLite files and once on PostgreSQL (same code, one setting)."""
    tracker_db = str(tmp_path / "tracker.db")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'audit.db'}"
        yield Backend("sqlite", url, tracker_db, {"STEPWISE_DATABASE_URL": "", "STEPWISE_AUDIT_DB": url,
                                                  "STEPWISE_TRACKER_DB": tracker_db})
    else:
        url = request.getfixturevalue("pg_url")
        yield Backend("postgresql", url, tracker_db, {"STEPWISE_DATABASE_URL": url, "STEPWISE_TRACKER_DB": tracker_db,
                                                      "STEPWISE_AUDIT_DB": f"sqlite:///{tmp_path / 'unused.db'}"})


def all_text(url: str) -> str:
    """Every value of every column of every table in the database, as one string (for marker searches)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    out = []
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            schemas = [None] if conn.dialect.name == "sqlite" else [
                s for s in insp.get_schema_names() if s not in ("information_schema", "pg_catalog", "pg_toast")]
            for schema in schemas:
                for table in insp.get_table_names(schema=schema):
                    t = sa.Table(table, sa.MetaData(), autoload_with=conn, schema=schema)
                    out.append(f"== {schema or ''}.{table}")
                    for row in conn.execute(sa.select(t)):
                        out.extend(str(v) for v in row)
    finally:
        engine.dispose()
    return "\n".join(out)
