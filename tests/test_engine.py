"""Engine behaviour that holds across areas: urgency, out of area, bad input,
missing facts, staleness, comparison, purity."""
import datetime as dt
import json
import subprocess
import sys

import pytest

from guidance.case import CaseError


def test_area_unknown_asks_area_then_immediate_risk(eng, today):
    d = eng.decide({}, today)
    assert d["status"] == "needs_facts"
    assert [m["field"] for m in d["missing"]] == ["area", "immediate_risk"]
    assert d["missing"][0]["why"] and d["missing"][0]["source"]


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_immediate_risk_is_urgent_whatever_else_is_known(eng, today, area):
    for extra in ({}, {"direction": "step_down", "current_service": "child_protection", "needs_now": "early_help"}):
        d = eng.decide({"area": area, "immediate_risk": True, **extra}, today)
        assert d["status"] == "urgent" and d["urgent"] is True
        assert d["route"]["id"] == f"{area}.urgent"
        assert d["contacts"][0]["value"] == "999"
        assert all(c["area"] in (None, area) for c in d["contacts"])
        assert d["missing"] == []


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_immediate_risk_unknown_is_asked_first(eng, today, area):
    d = eng.decide({"area": area, "direction": "step_up"}, today)
    assert d["status"] == "needs_facts"
    assert d["missing"][0]["field"] == "immediate_risk"


def test_urgent_without_area_lists_every_area_urgent_contact(eng, today):
    d = eng.decide({"immediate_risk": True}, today)
    assert d["status"] == "urgent"
    assert d["contacts"][0]["value"] == "999"
    areas = {c["area"] for c in d["contacts"][1:]}
    assert areas == {"wirral", "herefordshire", "stockport", "halton"}
    assert [m["field"] for m in d["missing"]] == ["area"]


def test_out_of_area_gives_only_generic_advice(eng, today):
    d = eng.decide({"area": "out_of_area", "immediate_risk": False, "direction": "step_up"}, today)
    assert d["status"] == "out_of_area"
    assert [c["value"] for c in d["contacts"]] == ["999"]
    text = json.dumps(d.to_dict())
    for word in ("MASSH", "IFD", "iCART", "Herefordshire Council", "0161"):
        assert word not in text
    assert all(c["doc"] == "stepwise-policy" for c in d["citations"])


def test_staleness_warning_computed_from_today(eng):
    case = {"area": "herefordshire", "immediate_risk": True}
    before = eng.decide(case, dt.date(2023, 7, 31))
    after = eng.decide(case, dt.date(2026, 11, 23))
    def warned(d):
        return [n for n in d["notes"] if n["kind"] == "warning" and "review" in n["text"]]
    assert warned(before) == []
    w = warned(after)
    assert len(w) == 1 and "39 months past" in w[0]["text"]
    assert w[0]["source"]["quote"]


def test_stockport_decisions_carry_no_staleness_warning(eng, today):
    d = eng.decide({"area": "stockport", "immediate_risk": True}, today)
    assert not [n for n in d["notes"] if "review" in n["text"]]


@pytest.mark.parametrize("case,field", [
    ({"area": "leeds"}, "area"),
    ({"areaa": "wirral"}, "areaa"),
    ({"area": "wirral", "child_age": "nine"}, "child_age"),
    ({"area": "wirral", "child_age": 19}, "child_age"),
    ({"area": "wirral", "child_age": True}, "child_age"),
    ({"area": "wirral", "immediate_risk": "yes"}, "immediate_risk"),
    ({"area": "wirral", "request_date": "23/12/2026"}, "request_date"),
    ({"area": "wirral", "stockport_family": True}, "stockport_family"),
])
def test_bad_input_names_the_field_and_what_is_allowed(eng, today, case, field):
    with pytest.raises(CaseError) as e:
        eng.decide(case, today)
    assert e.value.field == field
    assert field in str(e.value)


def test_enum_error_lists_allowed_values(eng, today):
    with pytest.raises(CaseError) as e:
        eng.decide({"area": "leeds"}, today)
    assert "stockport" in e.value.allowed and "out_of_area" in e.value.allowed


def test_direction_is_derived_from_current_service_and_needs(eng, today):
    d = eng.decide({"area": "stockport", "immediate_risk": False, "current_service": "child_protection",
                    "needs_now": "early_help"}, today)
    assert d["facts"]["direction"] == "step_down"


def test_every_statement_has_a_source(eng, today):
    for area in ("wirral", "herefordshire", "stockport", "halton"):
        for case in ({"immediate_risk": True}, {"immediate_risk": False, "direction": "step_up",
                                                 "current_service": "universal", "needs_now": "early_help"}):
            d = eng.decide({"area": area, **case}, today)
            for group in ("steps", "contacts", "checklist", "deadlines"):
                for item in d[group]:
                    assert item["source"] and item["source"]["quote"], (area, group, item)
            if d["route"]:
                assert d["route"]["source"]["quote"]


def test_compare_decides_each_area_with_its_own_procedure(eng, today):
    res = eng.compare({"immediate_risk": False, "direction": "step_up", "current_service": "early_help",
                       "needs_now": "social_care", "asker_role": "school", "consent": "given"}, today)
    rows = {r["area"]: r for r in res["areas"]}
    assert set(rows) == {"wirral", "herefordshire", "stockport", "halton"}
    for area, row in rows.items():
        if row["route"]:
            assert row["route"]["id"].startswith(area + ".")
        assert all(c["area"] in (None, area) for c in row["contacts"])
    # Halton calls early help level 2; Stockport calls it 2-3
    assert rows["halton"]["levels"]["current_service"]["level"] == 2


def test_every_question_offers_every_choice_and_a_dead_end_names_the_way_out(eng, today):
    """A question names no choice it does not offer; a choice that leads to no
    route is answered with the answers that, if different, would lead to one."""
    base = {"area": "stockport", "immediate_risk": False, "direction": "step_down"}
    d = eng.decide(base, today)
    first = d["missing"][0]
    fd = eng.reg.fields[first["field"]]
    assert [o["value"] for o in first["options"]] == list(fd.values)
    dead = 0
    for opt in first["options"]:
        nxt = eng.decide({**base, first["field"]: opt["value"]}, today)
        if nxt["status"] == "not_found":
            dead += 1
            assert nxt["alternatives"], opt
            for alt in nxt["alternatives"]:
                again = eng.decide({**base, first["field"]: opt["value"], alt["field"]: alt["value"]}, today)
                assert again["status"] != "not_found", alt
    assert dead, "this case was chosen because one choice leads nowhere"


def test_unknown_fact_gives_the_answer_that_holds_either_way_or_both_branches(eng, today):
    facts = {"area": "wirral", "immediate_risk": False, "asker_role": "school", "current_service": "universal",
             "needs_now": "social_care"}
    plain = eng.decide(facts, today)
    assert plain["status"] == "needs_facts"
    asked = plain["missing"][0]["field"]
    d = eng.decide(facts, today, unknown=[asked])
    assert asked not in [m["field"] for m in d["missing"]]
    assert d["unknown"] == [asked]
    if d["status"] == "conditional":
        assert len(d["branches"]) >= 2
        values = [b["assume"][asked] for b in d["branches"]]
        assert len(set(map(str, values))) == len(values)
        for b in d["branches"]:
            direct = eng.decide({**facts, **b["assume"]}, today)
            assert b["decision"]["route"] == direct["route"]
            assert b["assume_text"]
    else:
        assert d["status"] in ("complete", "needs_facts"), d["status"]


def test_unknown_on_every_question_of_a_path_ends_in_an_answer(eng, today, registry):
    """Saying "I don't know" to every question still ends in an answer for each area."""
    for area in registry.areas:
        facts = {"area": area, "immediate_risk": False, "direction": "step_up"}
        unknown = []
        for _ in range(20):
            d = eng.decide(facts, today, unknown=unknown)
            if d["status"] != "needs_facts":
                break
            unknown.append(d["missing"][0]["field"])
        assert d["status"] in ("complete", "conditional", "not_found"), (area, d["status"], unknown)


def test_engine_imports_no_rasa_spacy_or_tensorflow():
    code = (
        "import sys, datetime; from guidance.engine import decide; "
        "decide({'area': 'stockport', 'immediate_risk': True}, datetime.date(2026, 11, 23)); "
        "bad = [m for m in ('rasa', 'rasa_sdk', 'spacy', 'tensorflow') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_a_child_of_a_given_age_is_never_asked_about_a_pregnancy(eng, today, area):
    # every path of questions from a child's age: the unborn question (and the weeks of
    # pregnancy) never comes, since a child aged in years is born; the answers to every
    # other question the engine asks are tried in turn
    seen = 0
    for age in (0, 3, 9, 14):
        frontier = [{"area": area, "immediate_risk": False, "child_age": age}]
        for _ in range(12):
            nxt = []
            for facts in frontier:
                d = eng.decide_facts(dict(facts), today)
                for m in d["missing"][:1]:
                    assert m["field"] not in ("unborn", "pregnancy_weeks"), (facts, m["field"])
                    seen += 1
                    nxt.extend({**facts, m["field"]: o["value"]} for o in m.get("options", [])[:3])
            frontier = nxt[:40]
    assert seen > 40


def test_an_unborn_baby_stays_a_fact_given_with_an_age(eng, today):
    d = eng.decide_facts({"area": "wirral", "immediate_risk": False, "unborn": True, "child_age": 0}, today)
    assert d["facts"]["unborn"] is True
    d = eng.decide_facts({"area": "wirral", "immediate_risk": False, "child_age": 9}, today)
    assert d["facts"]["unborn"] is False
