"""One home for each cross-cutting fact: the safety policy (read by the
loader, quoted by the engine), the covered areas and their aliases (the area
folders), and the precedence between routes the same facts can both satisfy
(``overrides:`` in routes.yml, checked by ``checks.check_precedence``)."""
import re
from dataclasses import replace
from pathlib import Path

import pytest

from guidance import checks, engine, seeds
from guidance.conditions import parse
from guidance.loader import POLICY_DOC, POLICY_FILE, ProtocolError, Registry, _precedence, load_policy
from guidance.model import Route, Source

ENGINE_SRC = Path(engine.__file__).read_text(encoding="utf-8")


# ------------------------------------------------------------------ policy
def test_every_policy_quote_the_engine_uses_is_in_the_policy_file_verbatim():
    text = seeds.normalise(POLICY_FILE.read_text(encoding="utf-8"))
    used = set(re.findall(r"POLICY\[\"([^\"]+)\"\]", ENGINE_SRC))
    assert used >= {"emergency", "urgent-first", "covered", "out-of-area", "no-route"}
    for key in used:
        src = engine.POLICY[key]
        assert src.doc == POLICY_DOC and src.section == key
        assert seeds.normalise(src.quote) in text
    assert checks.check_policy() == []


def test_the_engine_holds_no_policy_wording_of_its_own():
    for quote in load_policy().values():
        assert quote not in ENGINE_SRC  # quoted from the file, never copied into the code


def test_policy_check_catches_a_quote_that_is_not_in_the_file(monkeypatch):
    bad = dict(engine.POLICY, emergency=Source(POLICY_DOC, "emergency", "If a child is in danger, call 999."))
    monkeypatch.setattr(engine, "POLICY", bad)
    assert checks.check_policy() == ["engine POLICY['emergency'] is not paragraph emergency of the policy file verbatim"]


def test_policy_names_no_area(registry):
    text = POLICY_FILE.read_text(encoding="utf-8")
    for area in registry.areas.values():
        assert area.name not in text


# ------------------------------------------------------------------ areas
def test_the_area_question_offers_the_area_folders(registry):
    assert set(registry.fields["area"].values) == set(registry.areas) | {"out_of_area"}
    assert list(registry.fields["area"].values) == ["wirral", "herefordshire", "stockport", "halton", "out_of_area"]


def test_each_area_has_its_aliases_and_they_are_its_own(registry):
    owner = {}
    for area in registry.areas.values():
        assert area.aliases, area.id
        for alias in (area.name,) + area.aliases:
            assert owner.setdefault(alias.lower(), area.id) == area.id, alias
    assert owner["birkenhead"] == "wirral" and owner["massh"] == "stockport" and owner["icart"] == "halton"
    assert owner["widnes"] == "halton" and owner["leominster"] == "herefordshire"


# ------------------------------------------------------------------ precedence
def _route(rid, when, overrides=()):
    src = Source("d", "s", "q")
    return Route(rid, rid, rid, None, parse(when, rid), src, (), (), (), (), (), tuple(overrides))


def _reg_with(registry, area_id, routes):
    area = replace(registry.areas[area_id], routes=tuple(routes))
    return Registry(fields=registry.fields, documents=registry.documents, areas={area_id: area})


def test_the_protocols_declare_every_overlap(registry):
    assert checks.check_precedence(registry) == []


def test_precedence_check_reports_an_overlapping_pair_not_ordered_on_purpose(registry):
    a = _route("t.a", {"immediate_risk": False, "direction": "step_up", "needs_now": ["social_care", "child_protection"]})
    b = _route("t.b", {"immediate_risk": False, "current_service": "early_help", "needs_now": "social_care"})
    problems = checks.check_precedence(_reg_with(registry, "wirral", [a, b]))
    assert len(problems) == 1 and "routes t.a and t.b both hold for" in problems[0]
    assert "'needs_now': 'social_care'" in problems[0] and "'current_service': 'early_help'" in problems[0]
    # declared: quiet
    a2 = replace(a, overrides=("t.b",))
    assert checks.check_precedence(_reg_with(registry, "wirral", [a2, b])) == []


def test_precedence_check_reports_an_override_that_orders_nothing(registry):
    a = _route("t.a", {"direction": "step_up"}, overrides=["t.b"])
    b = _route("t.b", {"direction": "step_down"})
    assert checks.check_precedence(_reg_with(registry, "wirral", [a, b])) == [
        "wirral: t.a and t.b never hold together; the overrides between them says nothing"]


def test_precedence_check_enumerates_whole_numbers(registry):
    young = _route("t.young", {"child_age": {"lt": 5}})
    older = _route("t.older", {"child_age": {"gte": 5}})
    mid = _route("t.mid", {"child_age": {"between": [4, 6]}})
    problems = checks.check_precedence(_reg_with(registry, "wirral", [young, older, mid]))
    assert len(problems) == 2 and all("t.mid" in p for p in problems)
    assert "'child_age': 4" in problems[0] and "'child_age': 5" in problems[1]


def test_precedence_check_accepts_a_chain(registry):
    a = _route("t.a", {"direction": "step_up"}, overrides=["t.b"])
    b = _route("t.b", {"direction": "step_up", "consent": "given"}, overrides=["t.c"])
    c = _route("t.c", {"consent": "given"})
    assert checks.check_precedence(_reg_with(registry, "wirral", [a, b, c])) == []


def test_overrides_set_the_order_the_engine_tries_routes():
    general = _route("t.general", {"direction": "step_up"})
    special = _route("t.special", {"direction": "step_up", "consent": "refused"}, overrides=["t.general"])
    assert [r.id for r in _precedence((general, special), "x")] == ["t.special", "t.general"]
    assert [r.id for r in _precedence((special, general), "x")] == ["t.special", "t.general"]
    loop = replace(general, overrides=("t.special",))
    with pytest.raises(ProtocolError, match="circle"):
        _precedence((loop, special), "x")
    with pytest.raises(ProtocolError, match="unknown route"):
        _precedence((_route("t.x", {}, overrides=["t.nope"]),), "x")


@pytest.mark.parametrize("case, winner", [
    # the more specific route that comes first in each area wins, as declared
    ({"area": "halton", "immediate_risk": False, "direction": "step_up", "needs_now": "child_protection",
      "current_service": "early_help", "halton_incident": True}, "halton.step_up.safeguarding"),
    ({"area": "wirral", "immediate_risk": False, "direction": "step_up", "current_service": "early_help",
      "needs_now": "social_care", "wirral_family_matters": True}, "wirral.step_up.family_matters_to_level4"),
    ({"area": "stockport", "immediate_risk": False, "direction": "step_up", "current_service": "universal",
      "needs_now": "early_help", "consent": "refused", "lead_professional_known": False},
     "stockport.step_up.early_help.consent_refused"),
])
def test_declared_winners(eng, case, winner):
    import datetime as dt

    assert eng.decide(case, dt.date(2026, 12, 23))["route"]["id"] == winner
