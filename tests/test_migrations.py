"""The audit schema's Alembic migrations, on SQLite and on real PostgreSQL:
an empty database to head, a database made before migrations adopted with its
rows, the head equal to the table the code writes, and several processes
starting at once."""
import datetime as dt
import json
import os
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from .storage_helpers import ROOT, backend, pg_server, pg_url  # noqa: F401 (fixtures)


def _engine(url):
    return sa.create_engine(url, future=True)


def _version(url):
    from stepwise_storage.migrate import current

    e = _engine(url)
    try:
        with e.connect() as conn:
            return current(conn)
    finally:
        e.dispose()


def _indexes(url):
    e = _engine(url)
    try:
        with e.connect() as conn:
            return {i["name"] for i in sa.inspect(conn).get_indexes("decisions")}
    finally:
        e.dispose()


def test_the_scripts_form_one_line_to_head():
    from alembic.script import ScriptDirectory

    from stepwise_storage.migrate import BASELINE, config, head, scripts_head

    scripts = ScriptDirectory.from_config(config())
    revs = [s.revision for s in scripts.walk_revisions()]
    assert scripts.get_heads() == [head()] == [scripts_head()] and revs[-1] == BASELINE  # HEAD kept up to date
    assert len(revs) == len(set(revs)) >= 2


@pytest.mark.parametrize("scripts", [True, False], ids=["by-the-scripts", "in-one-step"])
def test_an_empty_database_goes_to_head_and_matches_the_code(backend, scripts):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from actions.audit import metadata
    from stepwise_storage.migrate import VERSION_TABLE, head, upgrade

    e = _engine(backend.url)
    try:
        assert upgrade(e, scripts=scripts) == head()
        with e.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) == {"decisions", VERSION_TABLE}
            ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE, "compare_type": True})
            diff = compare_metadata(ctx, metadata)
        assert diff == [], diff  # the migrations make exactly the table actions/audit.py writes
        assert upgrade(e) == head()  # again: nothing to do
    finally:
        e.dispose()
    assert "ix_decisions_recorded_at" in _indexes(backend.url)


# the decisions table as actions/audit.py made it before migrations (metadata.create_all, no index)
OLD = sa.MetaData()
OLD_DECISIONS = sa.Table(
    "decisions", OLD,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("recorded_at", sa.DateTime, nullable=False),
    sa.Column("conversation", sa.String(64), nullable=False),
    sa.Column("area", sa.String(32)),
    sa.Column("route", sa.String(120)),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("urgent", sa.Boolean, nullable=False),
    sa.Column("facts", sa.Text, nullable=False),
    sa.Column("documents", sa.Text, nullable=False),
)


def test_a_database_made_before_migrations_is_adopted_with_its_rows(backend):
    from actions.audit import AuditLog
    from stepwise_storage.migrate import head

    e = _engine(backend.url)
    rows = [{"recorded_at": dt.datetime(2026, 10, 1 + i), "conversation": f"{i:064x}", "area": "stockport",
             "route": "stockport-early-help", "status": "complete", "urgent": False,
             "facts": json.dumps({"direction": "step_up"}), "documents": "[]"} for i in range(5)]
    with e.begin() as conn:
        OLD.create_all(conn)
        conn.execute(OLD_DECISIONS.insert(), rows)
    e.dispose()
    assert _version(backend.url) is None and "ix_decisions_recorded_at" not in _indexes(backend.url)

    log = AuditLog(backend.url, key=b"k" * 32, retry=False)  # the store migrates on start
    assert _version(backend.url) == head()
    assert "ix_decisions_recorded_at" in _indexes(backend.url)
    log.record_urgent("after-upgrade", "halton", "strong")
    got = log.rows()
    assert [r["conversation"] for r in got[:5]] == [r["conversation"] for r in rows]  # kept, in order
    assert [r["recorded_at"] for r in got[:5]] == [r["recorded_at"] for r in rows]
    assert len(got) == 6 and got[5]["status"] == "urgent" and got[5]["id"] > got[4]["id"]
    log.engine.dispose()


def test_a_foreign_decisions_table_is_not_adopted(backend):
    from stepwise_storage.migrate import upgrade

    e = _engine(backend.url)
    try:
        with e.begin() as conn:
            conn.execute(sa.text("CREATE TABLE decisions (id INTEGER PRIMARY KEY, verdict TEXT)"))
        with pytest.raises(RuntimeError, match="not a Stepwise audit table"):
            upgrade(e)
        assert _version(backend.url) is None
    finally:
        e.dispose()


def test_several_processes_starting_at_once_migrate_once(backend):
    """Four threads (each its own engine, as the action server and each Rasa) upgrade an empty database at once."""
    from stepwise_storage.migrate import head, upgrade

    results, errors = [], []

    def start():
        e = _engine(backend.url)
        try:
            results.append(upgrade(e))
        except Exception as ex:  # noqa: BLE001
            errors.append(repr(ex))
        finally:
            e.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and results == [head()] * 4
    e = _engine(backend.url)
    with e.connect() as conn:
        from stepwise_storage.migrate import VERSION_TABLE

        assert conn.execute(sa.text(f"select count(*) from {VERSION_TABLE}")).scalar() == 1
    e.dispose()


def test_downgrade_to_the_baseline_and_back(backend):
    from alembic import command

    from stepwise_storage.migrate import BASELINE, config, head, upgrade

    e = _engine(backend.url)
    try:
        upgrade(e)  # in one step: Alembic then takes it from there
        with e.begin() as conn:
            command.downgrade(config(conn), BASELINE)
        assert _version(backend.url) == BASELINE and "ix_decisions_recorded_at" not in _indexes(backend.url)
        assert upgrade(e) == head()
    finally:
        e.dispose()


def test_the_command_line_reports_and_upgrades(backend):
    env = {**os.environ, **backend.env, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "stepwise_storage.migrate", "current"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "revision (none)" in r.stdout, r.stderr
    r = subprocess.run([sys.executable, "-m", "stepwise_storage.migrate"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    from stepwise_storage.migrate import head

    assert r.returncode == 0 and f"at revision {head()}" in r.stdout, r.stderr
    assert _version(backend.url) == head()
    if backend.name == "postgresql":  # the password is never printed
        from sqlalchemy.engine import make_url

        assert make_url(backend.url).password not in r.stdout + r.stderr
