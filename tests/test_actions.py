"""Actions, driven the way the Rasa server drives them, without Rasa itself:
a CollectingDispatcher and a Tracker built from a dict (no TensorFlow)."""
import json
import subprocess
import sys

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as A
from actions.facts import answer_to_pending, coerce, facts_from_slots, school_year_age

from .storage_helpers import all_text, backend, pg_server, pg_url  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("STEPWISE_TODAY", "2026-11-23")
    monkeypatch.setenv("STEPWISE_AUDIT_DB", f"sqlite:///{tmp_path / 'audit.db'}")
    monkeypatch.setenv("STEPWISE_AUDIT_KEY", "test-key")
    A._audit = None
    yield
    A._audit = None


def tracker(slots=None, intent="inform", text="", entities=(), sender="test-user"):
    return Tracker.from_dict({
        "sender_id": sender,
        "slots": slots or {},
        "latest_message": {"text": text, "intent": {"name": intent, "confidence": 1.0},
                           "entities": list(entities)},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    })


def run(action, tr):
    d = CollectingDispatcher()
    events = action.run(d, tr, {})
    return d.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def custom(messages, kind):
    return [m["custom"]["stepwise"] for m in messages if m.get("custom") and m["custom"]["stepwise"]["kind"] == kind]


def test_first_question_is_the_area_with_buttons():
    msgs, slots = run(A.ActionStepwise(), tracker())
    assert "area" in msgs[0]["text"].lower()
    payloads = [b["payload"] for b in msgs[0]["buttons"]]
    assert '/inform{"area": "stockport"}' in payloads
    assert slots["pending_field"] == "area"
    prog = custom(msgs, "progress")[0]
    assert prog["field"] == "area" and prog["remaining"] >= 1


def test_yes_to_immediate_danger_gives_the_urgent_route_and_999():
    tr = tracker({"area": "stockport", "pending_field": "immediate_risk"}, intent="affirm", text="yes")
    msgs, slots = run(A.ActionStepwise(), tr)
    assert slots["immediate_risk"] is True
    text = msgs[0]["text"]
    assert "999" in text and "0161 217 6028" in text
    assert custom(msgs, "decision")[0]["decision"]["status"] == "urgent"


def test_stockport_school_reaches_eha_no_massh():
    slots = {"area": "stockport", "immediate_risk": False, "direction": "step_up", "current_service": "universal",
             "needs_now": "early_help", "asker_role": "school", "consent": "given"}
    msgs, new = run(A.ActionStepwise(), tracker(slots))
    d = None
    # ask until the engine has all it needs, answering "no" to yes/no questions
    for _ in range(8):
        decisions = custom(msgs, "decision")
        if decisions:
            d = decisions[0]["decision"]
            break
        field = new["pending_field"]
        opts = [b for b in msgs[0]["buttons"] if b["payload"].startswith("/inform")]
        value = json.loads(opts[-1]["payload"][len("/inform"):])[field]
        slots[field] = value
        msgs, new = run(A.ActionStepwise(), tracker(slots))
    assert d is not None
    assert d["area"] == "stockport" and d["hub_contact"] in ("no", "yes")
    assert "Contact the MASSH?" in msgs[0]["text"]
    assert "[1]" in msgs[0]["text"] and "Sources:" in msgs[0]["text"]


def test_free_text_number_answers_an_age_question():
    fd = A.get_engine().reg.fields["child_age"]
    assert answer_to_pending(fd, "inform", "she's 9") == 9
    assert answer_to_pending(fd, "inform", "42") is None
    assert answer_to_pending(fd, "inform", "not sure") is None


def test_bool_and_enum_answers():
    reg = A.get_engine().reg
    assert answer_to_pending(reg.fields["multi_agency"], "affirm", "yes please") is True
    assert answer_to_pending(reg.fields["multi_agency"], "inform", "no, just us") is False
    opts = tuple(reg.fields["consent"].values.items())
    assert answer_to_pending(reg.fields["consent"], "inform", "refused", opts) == "refused"
    halton = A.get_engine().reg.areas["halton"].questions["needs_now"].values
    needs = tuple({**reg.fields["needs_now"].values, **halton}.items())
    assert answer_to_pending(reg.fields["needs_now"], "help", "some needs remain, early help MAP would help",
                             needs) == "early_help"
    assert answer_to_pending(reg.fields["needs_now"], "inform", "not sure really", needs) is None


def test_slot_values_are_coerced_and_invalid_ones_dropped():
    reg = A.get_engine().reg
    facts = facts_from_slots(reg, {"area": "halton", "immediate_risk": "false", "child_age": "9",
                                   "consent": "perhaps", "stockport_family": True})
    assert facts == {"area": "halton", "immediate_risk": False, "child_age": 9}
    assert coerce(reg.fields["child_age"], "25") is None


def test_school_year_gives_an_age():
    assert school_year_age("5") == 9 and school_year_age("0") == 4 and school_year_age("14") is None


def test_change_answer_forgets_the_fact_and_asks_it_again():
    slots = {"area": "stockport", "immediate_risk": False, "child_age": 4, "pending_field": "consent"}
    tr = tracker(slots, intent="change_answer", text="change the age",
                 entities=[{"entity": "field", "value": "child_age"}])
    msgs, new = run(A.ActionStepwise(), tr)
    assert new["child_age"] is None


def test_changing_area_drops_another_areas_local_facts():
    slots = {"area": "halton", "stockport_family": True, "immediate_risk": False}
    tr = tracker(slots, intent="change_answer", entities=[{"entity": "field", "value": "area"}])
    msgs, new = run(A.ActionStepwise(), tr)
    assert new["area"] is None and new["stockport_family"] is None
    assert new["pending_field"] == "area"


def test_out_of_area_answer_names_no_covered_area_detail():
    msgs, _ = run(A.ActionStepwise(), tracker({"area": "out_of_area"}))
    text = msgs[0]["text"]
    assert "999" in text and "MASSH" not in text and "iCART" not in text


def test_why_explains_the_pending_question_with_its_source():
    tr = tracker({"area": "stockport", "immediate_risk": False, "pending_field": "direction"}, intent="ask_why")
    msgs, _ = run(A.ActionExplainWhy(), tr)
    assert msgs[0]["text"].startswith("I ask because")
    assert "Source:" in msgs[0]["text"]


def test_contacts_without_area_asks_for_it_and_with_area_lists_real_numbers():
    msgs, slots = run(A.ActionContacts(), tracker({}))
    assert slots["pending_field"] == "area"
    msgs, _ = run(A.ActionContacts(), tracker({"area": "stockport"}))
    assert "0161 217 6160" in msgs[0]["text"] and "0161 217 6028" in msgs[0]["text"]


def test_human_handoff_gives_area_contacts():
    msgs, _ = run(A.ActionHuman(), tracker({"area": "stockport"}))
    text = msgs[0]["text"]
    assert text.startswith("To speak to a person in Stockport")
    assert "0161 217 6160" in text and "Early Help Hub" not in text


def test_compare_lists_every_area():
    slots = {"immediate_risk": False, "direction": "step_up", "current_service": "universal", "needs_now": "early_help"}
    msgs, _ = run(A.ActionCompare(), tracker(slots))
    for name in ("Wirral", "Herefordshire", "Stockport", "Halton"):
        assert name in msgs[0]["text"]


def test_full_summary_quotes_sources_verbatim():
    msgs, _ = run(A.ActionFullSummary(), tracker({"area": "stockport", "immediate_risk": True}))
    assert "\u201cWhen an urgent response is required" in msgs[0]["text"] or "0161 217 6028" in msgs[0]["text"]


def test_audit_record_holds_codes_not_text(backend, monkeypatch):  # on SQLite and on PostgreSQL
    for k, v in backend.env.items():
        monkeypatch.setenv(k, v)
    A._audit = None
    slots = {"area": "stockport", "immediate_risk": True}
    run(A.ActionStepwise(), tracker(slots, text="My neighbour's boy Jack Smith at 4 Elm Road is being hurt",
                                    sender="socket-abc"))
    rows = A.get_audit().rows()
    assert len(rows) == 1
    row = rows[0]
    assert row["route"] == "stockport.urgent" and row["urgent"] is True
    dump = json.dumps({k: str(v) for k, v in row.items()})
    assert "Jack" not in dump and "Elm" not in dump and "socket-abc" not in dump
    assert json.loads(row["facts"]) == {"area": "stockport", "immediate_risk": True}
    assert A.get_audit().engine.dialect.name == backend.name
    everything = all_text(backend.url)
    assert "stockport.urgent" in everything and "Jack" not in everything and "Elm" not in everything


def test_action_server_imports_no_tensorflow_or_spacy():
    code = ("import sys; import actions.actions; "
            "bad = [m for m in ('tensorflow', 'spacy', 'rasa') if m in sys.modules]; print(bad); sys.exit(bool(bad))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_action_server_registers_exactly_the_domain_actions():
    """As `python -m rasa_sdk --actions actions` does it."""
    import yaml
    from rasa_sdk.executor import ActionExecutor

    ex = ActionExecutor()
    ex.register_package("actions")
    domain = yaml.safe_load(open("bot/domain/base.yml"))
    assert set(ex.actions) == set(domain["actions"])


def test_help_or_out_of_scope_that_answers_the_question_is_taken_as_the_answer():
    slots = {"area": "halton", "immediate_risk": False, "direction": "step_down", "current_service": "child_in_need",
             "pending_field": "needs_now"}
    msgs, new = run(A.ActionStepwise(), tracker(slots, intent="help", text="early help MAP would help"))
    assert new["needs_now"] == "early_help"
    msgs, new = run(A.ActionStepwise(), tracker(slots, intent="out_of_scope", text="what's the weather"))
    assert msgs[0] == {**msgs[0], "response": "utter_out_of_scope"}
    assert "needs_now" not in new and new["pending_field"] == "needs_now"


def test_terminal_chat_gets_text_without_the_widget_json():
    tr = tracker({"area": "stockport"})
    tr.events.append({"event": "user", "text": "hi", "input_channel": "cmdline", "parse_data": {}})
    msgs, _ = run(A.ActionStepwise(), tr)
    assert msgs and all(not m.get("custom") for m in msgs)
    msgs, _ = run(A.ActionStepwise(), tracker({"area": "stockport"}))
    assert any(m.get("custom") for m in msgs)


def test_free_text_no_immediate_danger_does_not_skip_the_safety_question():
    slots = {"area": "stockport", "immediate_risk": "false", "pending_field": "direction"}
    ents = [{"entity": "immediate_risk", "value": "false"}]
    msgs, new = run(A.ActionStepwise(), tracker(slots, text="she's not in immediate danger", entities=ents))
    assert new["immediate_risk"] is None and new["pending_field"] == "immediate_risk"
    # the answer to the question itself, or a button, is accepted
    slots["pending_field"] = "immediate_risk"
    msgs, new = run(A.ActionStepwise(), tracker(slots, text="no, not in immediate danger", entities=ents))
    assert "immediate_risk" not in new or new["immediate_risk"] is not None
    msgs, new = run(A.ActionStepwise(), tracker({**slots, "pending_field": "direction"},
                                                 text='/inform{"immediate_risk": false}', entities=ents))
    assert new.get("pending_field") != "immediate_risk"


def test_compare_after_the_answer_is_no_dead_end():
    # the answer given (no question pending): the comparison ends with the ways on from it
    slots = {"area": "stockport", "immediate_risk": True, "asker_role": "school"}
    msgs, _ = run(A.ActionCompare(), tracker(slots))
    payloads = [b["payload"] for m in msgs for b in (m.get("buttons") or [])]
    assert "/show_summary" in payloads and "/restart" in payloads
    assert "Stockport" in msgs[0]["text"]


def test_compare_mid_case_asks_the_pending_question_again():
    slots = {"area": "stockport", "immediate_risk": False, "pending_field": "asker_role"}
    msgs, _ = run(A.ActionCompare(), tracker(slots))
    assert msgs[0]["text"].startswith("The same facts")
    assert not msgs[0].get("buttons")
    last = msgs[-1]
    assert last["text"].startswith("To carry on:") and last["buttons"]
