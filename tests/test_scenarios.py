"""Scenario files as data: each states a case and the expected decision.

tests/scenarios/<area>/*.yml hold lists of cases (format: docs/protocol-format.md).
Every route of every area must be exercised by at least one scenario.
"""
import datetime as dt
from pathlib import Path

import pytest
import yaml

SCENARIO_DIR = Path(__file__).parent / "scenarios"


def _load():
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*/*.yml")):
        for i, sc in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            cases.append(pytest.param(sc, id=f"{path.parent.name}/{path.stem}[{i}] {sc.get('name', '')}"[:150]))
    return cases


SCENARIOS = _load()


def _as_date(v):
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@pytest.mark.parametrize("sc", SCENARIOS)
def test_scenario(eng, sc):
    today = _as_date(sc.get("today", "2026-11-23"))
    d = eng.decide(sc["case"], today)
    exp = sc["expect"]
    assert set(exp) <= {
        "route", "status", "hub_contact", "contacts", "no_contacts", "checklist_contains", "steps_contain",
        "deadlines", "missing", "missing_first", "notes_contain", "urgent", "steps_not_contain",
        "notes_not_contain", "checklist_not_contain",
    }, f"unknown expectation keys in {sc.get('name')}"
    got_route = d["route"]["id"] if d["route"] else None
    if "route" in exp:
        assert got_route == exp["route"], (d["status"], [m["field"] for m in d["missing"]], d["candidate_routes"])
    if "status" in exp:
        assert d["status"] == exp["status"]
    if "urgent" in exp:
        assert d["urgent"] is exp["urgent"]
    if "hub_contact" in exp:
        assert d["hub_contact"] == (None if exp["hub_contact"] is None else str(exp["hub_contact"]))
    ids = [c["id"] for c in d["contacts"]]
    for cid in exp.get("contacts", []):
        assert cid in ids, f"contact {cid} not in {ids}"
    for cid in exp.get("no_contacts", []):
        assert cid not in ids, f"contact {cid} should not be in {ids}"
    texts = [c["text"] for c in d["checklist"]]
    for sub in exp.get("checklist_contains", []):
        assert any(sub.lower() in t.lower() for t in texts), f"{sub!r} not in checklist {texts}"
    steps = [c["text"] for c in d["steps"]]
    for sub in exp.get("steps_contain", []):
        assert any(sub.lower() in t.lower() for t in steps), f"{sub!r} not in steps {steps}"
    notes = [n["text"] for n in d["notes"]]
    for sub in exp.get("notes_contain", []):
        assert any(sub.lower() in t.lower() for t in notes), f"{sub!r} not in notes {notes}"
    for key, items in (("steps_not_contain", steps), ("notes_not_contain", notes), ("checklist_not_contain", texts)):
        for sub in exp.get(key, []):
            assert not any(sub.lower() in t.lower() for t in items), f"{sub!r} should not be in {items}"
    dues = {x["text"]: x["due"] for x in d["deadlines"]}
    for text, due in (exp.get("deadlines") or {}).items():
        assert text in dues, f"deadline {text!r} not in {list(dues)}"
        want = None if due is None else _as_date(due).isoformat()
        assert dues[text] == want, f"{text}: due {dues[text]}, expected {want}"
    missing = [m["field"] for m in d["missing"]]
    if "missing" in exp:
        assert missing == list(exp["missing"])
    if "missing_first" in exp:
        assert missing and missing[0] == exp["missing_first"], missing


def test_every_route_has_a_scenario(registry):
    """Each route is the expected route of at least one scenario."""
    expected = set()
    for p in SCENARIOS:
        r = p.values[0]["expect"].get("route")
        if r:
            expected.add(r)
    all_routes = {r.id for a in registry.areas.values() for r in a.routes}
    assert all_routes, "no routes loaded"
    assert sorted(all_routes - expected) == []
