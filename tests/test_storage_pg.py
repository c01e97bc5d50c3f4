"""Storage on SQLite and on real PostgreSQL (started by stepwise_storage.services,
installed from Debian's packages on a fresh machine; never skipped):
the starter itself, the audit store, a write interrupted mid-way leaving no
partial row, and no typed text anywhere in PostgreSQL after conversations
through Rasa."""
import datetime as dt
import json
import os
import pwd
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from . import storage_helpers
from .rasa_helpers import ROOT, Conv, needs_model, rest_say, running_bot
from .storage_helpers import all_text, backend, pg_server, pg_url  # noqa: F401 (fixtures)


# ------------------------------------------------------------------ the starter
def test_the_starter_is_idempotent_quick_and_loopback_only(pg_server):
    from sqlalchemy.engine import make_url

    from stepwise_storage.services import cluster_dir, ensure_postgres, postgres_url, stop_postgres

    asked = storage_helpers.PG_DATADIR
    if asked is None:
        pytest.skip("STEPWISE_TEST_POSTGRES_URL names a server this session did not start")
    datadir = cluster_dir(asked)
    said = []
    t0 = time.perf_counter()
    again = ensure_postgres(asked, say=said.append)
    assert again == pg_server and said == []  # running already: nothing started, nothing said
    assert time.perf_counter() - t0 < 1.0
    assert postgres_url(asked) == pg_server

    u = make_url(pg_server)
    assert u.host == "127.0.0.1" and u.username == "stepwise" and len(u.password) >= 32
    e = sa.create_engine(pg_server)
    with e.connect() as conn:
        assert conn.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
        assert conn.execute(sa.text("SHOW port")).scalar() == str(u.port)
    e.dispose()
    # no other way in: the superuser over TCP, or a wrong password
    import psycopg2

    for user, password in (("postgres", None), ("stepwise", "wrong")):
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(host="127.0.0.1", port=u.port, user=user, password=password, dbname="stepwise",
                             connect_timeout=5).close()
    assert (datadir / "stepwise.password").stat().st_mode & 0o777 == 0o600
    assert datadir.stat().st_mode & 0o777 == 0o700
    if os.geteuid() == 0:  # PostgreSQL refuses root: it runs as the postgres user
        assert pwd.getpwuid(datadir.stat().st_uid).pw_name == "postgres"
        pid = int((datadir / "postmaster.pid").read_text().split()[0])
        assert pwd.getpwuid(os.stat(f"/proc/{pid}").st_uid).pw_name == "postgres"

    # stopped, then ensured again: started on the same port, and it says so
    assert stop_postgres(asked, say=said.append) is True
    assert postgres_url(asked) is None
    assert ensure_postgres(asked, say=said.append) == pg_server
    assert any(m.startswith("started PostgreSQL") and f"127.0.0.1:{u.port}" in m for m in said), said


def test_the_command_line_starter_prints_the_url(pg_server):
    datadir = storage_helpers.PG_DATADIR
    if datadir is None:
        pytest.skip("STEPWISE_TEST_POSTGRES_URL names a server this session did not start")
    r = subprocess.run([sys.executable, "-m", "stepwise_storage.services", "postgres", "url", "--datadir",
                        str(datadir)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0 and r.stdout.strip() == pg_server


@pytest.mark.skipif(os.geteuid() != 0, reason="as root only: the server then runs as the postgres user")
def test_a_data_dir_the_postgres_user_cannot_reach_goes_to_its_home(tmp_path):
    """A clone under /root (mode 0700), or pytest's tmp dirs: the cluster goes to /var/lib/postgresql/stepwise/."""
    from stepwise_storage.services import cluster_dir, ensure_postgres, postgres_url, remove_postgres

    hidden = tmp_path / "private"
    hidden.mkdir(mode=0o700)
    asked = hidden / "build" / "pg"
    said = []
    try:
        url = ensure_postgres(asked, port=0, say=said.append)
        real = cluster_dir(asked)
        assert real != asked and str(real).startswith(pwd.getpwnam("postgres").pw_dir)
        assert any("cannot reach" in m for m in said) and any(m.startswith("started PostgreSQL") for m in said)
        e = sa.create_engine(url)
        with e.connect() as conn:
            assert conn.execute(sa.text("select current_user")).scalar() == "stepwise"
        e.dispose()
        assert postgres_url(asked) == url and ensure_postgres(asked) == url  # found again through the pointer
    finally:
        remove_postgres(asked, say=said.append)
    assert postgres_url(asked) is None and not real.exists()


# ------------------------------------------------------------------ the audit store on both
FIELDS = {"direction": type("F", (), {"type": "enum", "values": ("step_up", "step_down")})()}


def test_the_audit_store_keeps_codes_only_on_both(backend):
    from actions.audit import AuditLog

    marker = f"Qzaudit{uuid.uuid4().hex[:8]}xw"
    log = AuditLog(backend.url, key=b"k" * 32, retry=False)
    assert log.engine.dialect.name == backend.name
    log.record(f"sender-{marker}", {"area": "stockport", "route": {"id": "stockport-early-help"},
                                   "status": "complete", "urgent": False,
                                   "facts": {"direction": "step_up", "note": marker, "age": 7},
                                   "documents": [{"id": "stockport-protocol", "version": "2024"}]}, FIELDS)
    log.record_urgent(f"sender-{marker}", marker, "strong", marker * 3)
    rows = log.rows()
    assert [r["status"] for r in rows] == ["complete", "urgent"]
    assert json.loads(rows[0]["facts"]) == {"direction": "step_up"}  # only the schema's fields and codes
    assert rows[1]["area"] is None and rows[0]["conversation"] == rows[1]["conversation"] == log.pseudonym(
        f"sender-{marker}")
    everything = all_text(backend.url)
    assert "== .decisions" in everything or "== public.decisions" in everything
    assert marker.lower() not in everything.lower()
    log.engine.dispose()


# ------------------------------------------------------------------ an interrupted write
KILLED_TRACKER = r'''
import asyncio, os, sys
from sqlalchemy import event
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from stepwise_rasa.tracker_store import RedactingSQLTrackerStore

store = RedactingSQLTrackerStore(dialect="sqlite", db=os.environ["STEPWISE_TRACKER_DB"])

def turn(t, n):
    t.update(UserUttered("words", intent={"name": "inform", "confidence": 1.0}))
    t.update(ActionExecuted("action_stepwise"))
    for i in range(n):
        t.update(BotUttered(f"reply {i}"))
    t.update(SlotSet("area", "wirral"))
    t.update(ActionExecuted("action_listen"))

async def main():
    assert await store.retrieve("cut") is None
    t = DialogueStateTracker("cut", [])
    turn(t, 1)
    await store.save(t)
    assert store.flush(30)
    print("first turn stored:", len(t.events), flush=True)

    @event.listens_for(store.engine, "commit")
    def die(conn):  # the rows are inserted, the transaction not yet committed: the process dies here
        n = conn.exec_driver_sql("select count(*) from events where sender_id = 'cut'").scalar()
        print("dying inside the transaction, which sees", n, flush=True)
        os._exit(17)

    turn(t, 40)  # a long turn: 44 new events, one insert, one transaction
    await store.save(t)
    store.flush(30)
    print("not reached")

asyncio.run(main())
'''


def test_a_tracker_write_killed_mid_transaction_leaves_no_partial_turn(backend, monkeypatch):
    for k, v in backend.env.items():
        monkeypatch.setenv(k, v)
    r = subprocess.run([sys.executable, "-c", KILLED_TRACKER], cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode == 17, r.stdout + r.stderr[-3000:]
    assert "dying inside the transaction" in r.stdout and "not reached" not in r.stdout
    first = int(r.stdout.split("first turn stored:")[1].split()[0])
    inside = int(r.stdout.split("which sees")[1].split()[0])
    assert inside == first + 44  # the whole turn was inserted in the one transaction that died
    url = backend.url if backend.name == "postgresql" else f"sqlite:///{backend.tracker_db}"
    e = sa.create_engine(url)
    with e.connect() as conn:
        stored = conn.execute(sa.text("select count(*) from events where sender_id = 'cut'")).scalar()
    e.dispose()
    assert stored == first  # the first turn whole, nothing of the second


def test_an_audit_write_that_fails_mid_transaction_leaves_no_row_and_loses_none(backend):
    from actions.audit import AuditLog

    log = AuditLog(backend.url, key=b"k" * 32, retry=False)
    log.record_urgent("first", "halton", "strong")
    state = {"fail": True, "seen": []}

    @event.listens_for(log.engine, "commit")
    def fail(conn):
        if state["fail"]:
            state["seen"].append(conn.exec_driver_sql("select count(*) from decisions").scalar())
            raise RuntimeError("interrupted inside the transaction")

    for i in range(3):  # each attempt inserts all waiting rows, then fails before COMMIT
        log.record_urgent(f"cut-{i}", "wirral", "strong")
    assert state["seen"] == [2, 3, 4] and log.pending() == 3  # inside: 1, 2, 3 waiting rows inserted at once
    other = sa.create_engine(backend.url)
    with other.connect() as conn:
        assert conn.execute(sa.text("select count(*) from decisions")).scalar() == 1  # no partial row
    state["fail"] = False
    assert log.flush() and log.pending() == 0
    with other.connect() as conn:
        assert conn.execute(sa.text("select count(*) from decisions")).scalar() == 4  # none lost, none twice
    other.dispose()
    log.engine.dispose()


# ------------------------------------------------------------------ a conversation through Rasa on PostgreSQL
@pytest.mark.rasa
@needs_model[1]
def test_no_typed_text_anywhere_in_postgresql_after_conversations(pg_url, tmp_path):
    from stepwise_storage.report import collect

    markers = [f"Qzpg{i}{uuid.uuid4().hex[:6]}xw" for i in range(4)]
    with running_bot(tmp_path, today="2026-11-23", STEPWISE_DATABASE_URL=pg_url) as port:
        c = Conv(port).start("stockport")
        c.say(f"I'm a teacher and {markers[0]} is worried about a child").say('/inform{"immediate_risk": false}')
        for _ in range(20):  # "I don't know" to every question ends in an answer
            if c.decision is not None or c.field is None:
                break
            c.say("I don't know")
        assert c.decision is not None, c.text
        c.say(f"thank you, {markers[1]} will call them")
        urgent = rest_say(port, "pg-urgent", f"{markers[2]} said his dad hit him and he is scared to go home tonight")
        assert any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "urgent" for m in urgent), urgent
        rest_say(port, "pg-long", (markers[3] + " ") * 300)
    # Rasa has stopped (its writer flushed at exit); nothing went to the SQLite files
    assert not (tmp_path / "tracker.db").exists() and not (tmp_path / "audit.db").exists()
    e = sa.create_engine(pg_url)
    with e.connect() as conn:
        senders = dict(conn.execute(sa.text("select sender_id, count(*) from events group by sender_id")).fetchall())
        statuses = [r[0] for r in conn.execute(sa.text("select status from decisions order by id"))]
    e.dispose()
    assert senders.get(c.sender, 0) >= 10 and senders.get("pg-urgent", 0) > 0 and senders.get("pg-long", 0) > 0
    assert "urgent" in statuses and any(s != "urgent" for s in statuses), statuses
    everything = all_text(pg_url).lower()
    assert "== public.events" in everything and "== public.decisions" in everything
    assert [m for m in markers if m.lower() in everything] == []
    day = dt.datetime.utcnow().date()
    counts = collect(pg_url, day, day)  # the report counts the urgent reply, from the audit store
    assert sum(n for k, n in counts.items() if k.route == "(urgent reply)") >= 1
