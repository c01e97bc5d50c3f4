"""Tests that need the trained Rasa model (run by `./stepwise test`, which
trains it and sets STEPWISE_MODEL). They run Rasa in subprocesses, so this
pytest process never imports TensorFlow."""
import os
import subprocess
import sys

import pytest

from .rasa_helpers import MODEL, ROOT, free_port, needs_model, rest_say, run_python, start_rasa, stepwise_env, stop

pytestmark = needs_model


def rasa(*args, timeout=600, env=None):
    return subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_rasa_data_validate_is_clean():
    r = rasa("data", "validate", "--domain", "bot/domain", "--data", "data/nlu", "bot/rules.yml", "bot/stories.yml",
             "--config", "config.yml", "--fail-on-warnings")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


def test_conversation_stories_predict_without_errors(tmp_path):
    r = rasa("test", "core", "--model", MODEL, "--stories", "tests/conversations", "--endpoints", "bot/endpoints.yml",
             "--fail-on-prediction-errors", "--out", str(tmp_path / "results"),
             env={"STEPWISE_TRACKER_DB": str(tmp_path / "t.db")})
    failed = tmp_path / "results" / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else ""
    assert r.returncode == 0, detail[-4000:] + r.stdout[-2000:] + r.stderr[-2000:]


@pytest.fixture(scope="module")
def rasa_without_action_server(tmp_path_factory):
    """Rasa serving REST, with the action endpoint pointing at a port where
    nothing listens: the action server is down."""
    tmp = tmp_path_factory.mktemp("no-actions")
    port, dead = free_port(), free_port()
    proc = start_rasa(tmp, port, stepwise_env(tmp, dead))
    yield port, tmp / "tracker.db"
    stop(proc)


def say(port, sender, message):
    return rest_say(port, sender, message)


def texts(replies):
    return "\n".join(m.get("text") or "" for m in replies)


def test_urgent_reply_arrives_with_the_action_server_down(rasa_without_action_server):
    port, _ = rasa_without_action_server
    replies = say(port, "no-actions-1", "my neighbour's 3 year old has been left home alone all night and is crying")
    t = texts(replies)
    assert "999" in t and "URGENT" in t
    assert any((m.get("custom") or {}).get("stepwise", {}).get("kind") == "urgent" for m in replies)


def test_urgent_reply_mid_conversation_uses_the_area_contacts(rasa_without_action_server):
    port, _ = rasa_without_action_server
    # the normal turn needs the (down) action server: it may say nothing
    say(port, "no-actions-2", "I'm a teacher at a school in Stockport")
    replies = say(port, "no-actions-2", "he just told me his dad hit him with a belt and he is scared to go home tonight")
    t = texts(replies)
    assert "999" in t and "0161 217 6028" in t, t


def test_greeting_buttons_carry_their_payloads_without_log_errors(rasa_without_action_server):
    port, db = rasa_without_action_server
    replies = say(port, "greet-1", "hello")
    payloads = [b["payload"] for m in replies for b in m.get("buttons") or []]
    assert '/inform{"direction": "step_up"}' in payloads and '/inform{"direction": "step_down"}' in payloads
    log = (db.parent / "rasa.log").read_text()
    assert "interpolator" not in log, log[-2000:]  # (the dead action server's errors are expected)


def test_action_response_validation_still_rejects_bad_responses():
    """The cached validator (stepwise_rasa/speedups.py) validates as Rasa does."""
    code = (
        "import stepwise_rasa\n"
        "from jsonschema import ValidationError\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "a = RemoteAction('x', None)\n"
        "assert a._validate_action_result({'events': [{'event': 'slot', 'name': 'a', 'value': 1}], 'responses': []})\n"
        "try:\n"
        "    a._validate_action_result({'events': [{'event': 'no_such_event'}], 'responses': []})\n"
        "except ValidationError as e:\n"
        "    assert 'Failed to validate Action server response' in e.message\n"
        "else:\n"
        "    raise SystemExit('an invalid response was accepted')\n"
    )
    run_python(code)


def test_what_the_user_typed_is_never_written_to_the_tracker_store(rasa_without_action_server):
    import sqlite3
    import time

    port, db = rasa_without_action_server
    say(port, "privacy-1", "Zebedee Quattlebaum at 14 Laburnum Crescent is a teacher in Stockport")
    say(port, "privacy-1", "Zebedee says his dad hit him and he is scared to go home tonight")
    dump = ""
    for _ in range(100):  # the store writes from a background thread: wait for both turns to land
        rows = sqlite3.connect(db).execute("select data from events where sender_id = 'privacy-1'").fetchall()
        dump = "\n".join(r[0] for r in rows)
        if dump.count('"event": "user"') >= 2 and "disclose_risk" in dump:
            break
        time.sleep(0.1)
    assert '"event": "user"' in dump and "disclose_risk" in dump  # the conversation is kept...
    for word in ("Zebedee", "Quattlebaum", "Laburnum", "scared"):
        assert word not in dump  # ...but not what was typed
