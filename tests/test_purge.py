"""Retention (stepwise_storage/purge.py), on SQLite and on real PostgreSQL: old
conversations deleted whole, recent and resumed ones kept whole, old audit
rows deleted, while the tracker store keeps saving turns (safe while serving)."""
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from .rasa_helpers import run_python
from .storage_helpers import ROOT, backend, pg_server, pg_url  # noqa: F401 (fixtures)

SCRIPT = r'''
import asyncio, json, os, sys, threading, time
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from stepwise_rasa.tracker_store import RedactingSQLTrackerStore
from stepwise_storage import purge, settings

DAY = 86400
now = time.time()
store = RedactingSQLTrackerStore(dialect="sqlite", db=os.environ["STEPWISE_TRACKER_DB"])

def turn(t, ts):
    t.update(UserUttered("words", intent={"name": "inform", "confidence": 1.0}, timestamp=ts))
    t.update(ActionExecuted("action_stepwise", timestamp=ts))
    t.update(BotUttered("a reply", timestamp=ts))
    t.update(ActionExecuted("action_listen", timestamp=ts))

async def main():
    expected = {}
    # 120 conversations last heard of 40 days ago, 1 last heard of 20 days ago,
    # 1 that started 40 days ago and came back today
    for i in range(120):
        t = DialogueStateTracker(f"old-{i}", [])
        turn(t, now - 41 * DAY); turn(t, now - 40 * DAY)
        await store.save(t)
    for name, times in (("recent", [now - 21 * DAY, now - 20 * DAY]), ("resumed", [now - 40 * DAY, now - 60])):
        t = DialogueStateTracker(name, [])
        for ts in times:
            turn(t, ts)
        await store.save(t)
        expected[name] = len(t.events)
    assert store.flush(30)
    # purge in a thread, one conversation per transaction, while 4 live conversations keep saving turns
    result = {}
    th = threading.Thread(target=lambda: result.update(
        r=purge.purge_conversations(settings.tracker_url(), 30, batch=1)))
    live = {}
    for k in range(4):  # as Rasa does: retrieve (nothing stored yet), then save
        assert await store.retrieve(f"live-{k}") is None
        live[f"live-{k}"] = DialogueStateTracker(f"live-{k}", [])
    th.start()
    slowest, turns = 0.0, 0
    while th.is_alive() or turns < 40:
        for s, t in live.items():
            turn(t, time.time())
            t0 = time.perf_counter()
            await store.save(t)
            slowest = max(slowest, time.perf_counter() - t0)
            expected[s] = len(t.events)
            turns += 1
        await asyncio.sleep(0.005)
    th.join()
    assert store.flush(30)
    with store.engine.connect() as conn:
        stored = dict(conn.execute(sa.text("select sender_id, count(*) from events group by sender_id")).fetchall())
    r = result["r"]
    print(json.dumps({"stored": stored, "expected": expected, "items": r.items, "rows": r.rows,
                      "batches": r.batches, "turns_during": turns, "slowest_save_ms": slowest * 1000,
                      "dialect": store.engine.dialect.name}))

asyncio.run(main())
'''


def test_old_conversations_go_whole_while_the_assistant_keeps_saving(backend, monkeypatch):
    for k, v in backend.env.items():
        monkeypatch.setenv(k, v)
    out = json.loads(run_python(SCRIPT).strip().splitlines()[-1])
    assert out["dialect"] == backend.name
    assert out["items"] == 120 and out["rows"] == 120 * 8 and out["batches"] == 120
    assert out["stored"] == out["expected"], (out["stored"], out["expected"])  # nothing else touched, no turn lost
    assert not any(s.startswith("old-") for s in out["stored"])
    assert out["turns_during"] >= 40
    assert out["slowest_save_ms"] < 1000  # a turn never waits long on the purge (saves hand rows to a writer)
    print(f"{backend.name}: purged 120 conversations in 120 transactions while {out['turns_during']} turns were "
          f"saved; slowest save {out['slowest_save_ms']:.1f} ms")


def _audit(backend):
    from actions.audit import AuditLog

    return AuditLog(backend.url, key=b"k" * 32, retry=False)


def test_old_audit_rows_go_recent_ones_stay(backend):
    from stepwise_storage.purge import purge_audit

    log = _audit(backend)
    now = dt.datetime(2026, 12, 7, 12, 0)
    for i in range(25):  # 25 rows older than 730 days, 3 just inside, 2 recent
        log.record_urgent(f"old-{i}", "wirral", "strong", when=now - dt.timedelta(days=731 + i))
    for days in (729, 700, 365, 1, 0):
        log.record_urgent(f"new-{days}", "halton", "strong", when=now - dt.timedelta(days=days))
    keep = [r["id"] for r in log.rows() if r["area"] == "halton"]

    dry = purge_audit(backend.url, 730, now=now, dry_run=True)
    assert dry.items == 25 and len(log.rows()) == 30  # a dry run deletes nothing
    done = purge_audit(backend.url, 730, now=now, batch=10)
    assert done.items == 25 and done.batches == 3  # 10 + 10 + 5, each its own transaction
    assert [r["id"] for r in log.rows()] == keep
    assert purge_audit(backend.url, None, now=now).items == 0  # 'keep': nothing deleted
    assert purge_audit(backend.url, 1, now=now + dt.timedelta(days=3)).items == 5
    log.engine.dispose()


def test_the_purge_command_uses_the_settings(backend, tmp_path):
    log = _audit(backend)
    log.record_urgent("ancient", None, "strong", when=dt.datetime(2020, 1, 1))
    log.record_urgent("today", None, "strong")
    log.engine.dispose()
    env = {**os.environ, **backend.env, "PYTHONPATH": str(ROOT), "STEPWISE_RETAIN_AUDIT_DAYS": "400",
           "STEPWISE_RETAIN_CONVERSATIONS_DAYS": "30"}

    def purge(*args):
        r = subprocess.run([sys.executable, "-m", "stepwise_storage.purge", *args], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout

    out = purge("--dry-run")
    assert "decision records: would delete 1 record(s) older than 400 days" in out, out
    assert "conversations: would delete 0 conversation(s) (0 events) older than 30 days" in out, out
    out = purge()
    assert "decision records: deleted 1 record(s) older than 400 days" in out, out
    out = purge("--audit-days", "1", "--conversations-days", "keep")
    assert "deleted 0 record(s)" in out and "conversations: kept for ever" in out, out
    assert len(_audit(backend).rows()) == 1
    if backend.name == "sqlite":
        assert not (tmp_path / "tracker.db").exists()  # the purge never creates a database


def test_a_bad_period_is_refused(monkeypatch):
    from stepwise_storage import settings

    monkeypatch.setenv("STEPWISE_RETAIN_AUDIT_DAYS", "two years")
    with pytest.raises(ValueError, match="whole number of days"):
        settings.retain_audit_days()
    monkeypatch.setenv("STEPWISE_RETAIN_AUDIT_DAYS", "keep")
    assert settings.retain_audit_days() is None
    monkeypatch.delenv("STEPWISE_RETAIN_CONVERSATIONS_DAYS", raising=False)
    assert settings.retain_conversations_days() == settings.DEFAULT_RETAIN_CONVERSATIONS_DAYS
