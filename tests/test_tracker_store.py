"""The tracker store: text never written, every event saved exactly once.

Rasa's modules import TensorFlow, so the store runs in a subprocess and this
pytest process stays free of it. The first test runs on SQLite and on
PostgreSQL (STEPWISE_DATABASE_URL: tests/storage_helpers.py)."""
import json

from .rasa_helpers import ROOT, run_python
from .storage_helpers import backend, pg_server, pg_url  # noqa: F401 (fixtures)

SCRIPT = r'''
import asyncio, json, sys
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered, ActionExecuted, SlotSet, BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from stepwise_rasa.tracker_store import RedactingSQLTrackerStore

db = sys.argv[1]
domain = Domain.empty()

def store():
    return RedactingSQLTrackerStore(domain=domain, dialect="sqlite", db=db)

def turn(tracker, text):
    tracker.update(UserUttered(text, intent={"name": "inform", "confidence": 1.0},
                               entities=[{"entity": "area", "value": "wirral", "start": 0, "end": 4}]))
    tracker.update(ActionExecuted("action_stepwise"))
    tracker.update(BotUttered("Which area?"))
    tracker.update(ActionExecuted("action_listen"))

async def main():
    out = {}
    s = store()
    t = DialogueStateTracker("conv-1", [])
    turn(t, "SECRET-ONE about a child")
    await s.save(t)
    turn(t, "SECRET-TWO about a child")
    await s.save(t)
    await s.save(t)                      # nothing new: nothing written
    t2 = await s.retrieve("conv-1")
    out["same_object"] = t2 is t
    turn(t2, "SECRET-THREE")
    await s.save(t2)
    out["in_memory"] = len(t2.events)
    # a second process (a restart): reads the stored conversation, carries on
    s2 = store()
    t3 = await s2.retrieve("conv-1")
    out["after_restart"] = len(t3.events)
    turn(t3, "SECRET-FOUR")
    await s2.save(t3)
    # a tracker object the store did not hand out: counted, as Rasa does
    fresh = await store().retrieve("conv-1")
    turn(fresh, "SECRET-FIVE")
    await s2.save(fresh)
    out["final_in_memory"] = len(fresh.events)
    out["dialect"] = s.engine.dialect.name
    with s.engine.connect() as con:
        out["rows"] = con.execute(sa.text("select count(*) from events where sender_id='conv-1'")).scalar()
        out["texts"] = [r[0] for r in con.execute(sa.text("select data from events where type_name='user'"))]
    out["texts_in_memory"] = [e.text for e in fresh.events if isinstance(e, UserUttered)]
    print(json.dumps(out))

asyncio.run(main())
'''


def run(args, cwd):
    return json.loads(run_python(SCRIPT, *args, cwd=cwd).strip().splitlines()[-1])


def test_each_event_is_saved_once_and_typed_text_never(tmp_path, backend, monkeypatch):
    for k, v in backend.env.items():
        monkeypatch.setenv(k, v)
    out = run([str(tmp_path / "t.db")], ROOT)
    assert out["dialect"] == backend.name
    assert out["same_object"] is True
    assert out["in_memory"] == 12
    assert out["after_restart"] == 12
    assert out["final_in_memory"] == 20
    assert out["rows"] == 20                       # no event lost, none written twice
    assert len(out["texts"]) == 5
    for data in out["texts"]:
        assert "SECRET" not in data and json.loads(data)["text"] == "[not stored]"
    assert out["texts_in_memory"] == ["[not stored]"] * 5


def test_an_unset_variable_never_becomes_a_file_name(tmp_path):
    run(["${STEPWISE_TRACKER_DB}"], tmp_path)
    assert (tmp_path / ".rasa" / "tracker.db").exists()
    assert not any("$" in p.name for p in tmp_path.rglob("*"))
