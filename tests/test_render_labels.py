"""Every text a person reads names a field by its label or question, never by
its code ("wirral_family_matters"), and a document by its title, never by its
id ("wirral-000"): the conditional answers (each part's condition), the
summary (record), the widget's decision, the spoken form, the call script's
outcomes and the comparison, over every area's fields. An age of 0 is said
as under one."""
import datetime as dt
import json
import re

import pytest

from guidance import render, script, spoken
from guidance.decision import Status

TODAY = dt.date(2026, 12, 21)
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
URL_OR_EMAIL = re.compile(r"\S+@\S+|https?://\S+")
#: the decision keys whose values the widget shows to a person
SHOWN = {"title", "summary", "text", "name", "use", "basis", "note", "when", "assume_text", "doc_title",
         "section_title", "area_name", "label", "question", "if"}


def raw_ids(text, reg):
    """The field codes and document ids in a user-facing text."""
    text = URL_OR_EMAIL.sub(" ", text)
    found = [w for w in SNAKE.findall(text)]
    found += [d for d in reg.documents if re.search(rf"(?<![\w-]){re.escape(d)}(?![\w-])", text)]
    return found


def shown_strings(obj, key=None):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "quote":  # the document's own words, verbatim
                continue
            yield from shown_strings(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from shown_strings(v, key)
    elif isinstance(obj, str) and key in SHOWN:
        yield obj


def walk(eng, area, limit=2000):
    """Decisions for an area: each question answered every way and not known
    (up to two unknowns), breadth first, as many as ``limit``."""
    out, queue, seen = [], [({"area": area, "immediate_risk": False}, [])], set()
    while queue and len(out) < limit:
        facts, unknown = queue.pop(0)
        key = (json.dumps(facts, sort_keys=True), tuple(unknown))
        if key in seen:
            continue
        seen.add(key)
        d = eng.decide(facts, TODAY, unknown=unknown)
        if d.status != Status.NEEDS_FACTS or not d.missing:
            out.append((facts, unknown, d))
            continue
        q = d.missing[0]
        for o in q["options"] or ([{"value": 0}, {"value": 7}] if q["type"] == "int" else []):
            queue.append(({**facts, q["field"]: o["value"]}, unknown))
        if len(unknown) < 2:
            queue.append((facts, unknown + [q["field"]]))
    return out


def facts_rows(eng, facts):
    """The "your answers" rows the widget's record uses (as the turn builds them)."""
    return [{"field": r["field"], "label": render.fact_label(r["field"], eng.reg.fields[r["field"]]),
             "value": r["value"], "value_label": r["label"]}
            for r in eng.fact_labels(facts) if eng.reg.fields[r["field"]].type != "date"]


def distinct(ds):
    """One decision per kind of output that can name fields or documents:
    status, route, the unknown facts, the facts a conditional answer
    branches on, the facts a no-route answer would change, and the notes."""
    out, seen = [], set()
    for facts, unknown, d in ds:
        sig = (d.status, (d.route or {}).get("id"), tuple(sorted(unknown)),
               tuple(sorted({k for b in d.branches or [] for k in b["assume"]})),
               tuple(sorted(a["field"] for a in d.alternatives or [])),
               tuple(sorted(n["text"] for n in d.notes)))
        if sig not in seen:
            seen.add(sig)
            out.append((facts, unknown, d))
    return out


@pytest.fixture(scope="module")
def decisions(eng):
    return {a: distinct(walk(eng, a)) for a in eng.reg.areas}


def test_the_walk_reaches_conditional_answers_in_every_area(decisions):
    for area, ds in decisions.items():
        assert any(d.status == Status.CONDITIONAL for _, _, d in ds), area


@pytest.mark.parametrize("area", ["halton", "herefordshire", "stockport", "wirral"])
def test_no_field_code_or_document_id_in_any_answer(eng, decisions, area):
    bad = []
    for facts, unknown, d in decisions[area]:
        texts = {
            "text": render.decision_text(d),
            "full": render.decision_text(d, full=True),
            "record": render.record_text(d, facts_rows(eng, facts), dt.datetime(2026, 12, 21, 10),
                                         [render.fact_label(u, eng.reg.fields[u]) for u in unknown]),
            "spoken": spoken.read_aloud_text(d),
            "widget": "\n".join(shown_strings(render.widget_decision(d))),
            "script": "\n".join(shown_strings(script.outcome(d, eng, area))),
            "compare": render.compare_text(eng.compare({k: v for k, v in facts.items()}, TODAY)),
        }
        if d.status == Status.CONDITIONAL:
            texts["script page"] = script.outcome_html(script.outcome(d, eng, area), area, script._Refs())
        for where, text in texts.items():
            ids = raw_ids(text, eng.reg)
            if ids:
                bad.append((where, facts, unknown, sorted(set(ids))))
    assert not bad, bad[:5]


def test_the_wirral_family_matters_condition_reads_as_its_label(eng, decisions):
    conds = [c for _, _, d in decisions["wirral"] if d.status == Status.CONDITIONAL
             for c, _ in render._groups(d) for c in c]
    fm = [c for c in conds if "Family Matters" in c]
    assert fm and all("wirral_family_matters" not in c for c in fm)
    assert any(c.startswith("Case allocated to Family Matters: Yes") for c in fm), fm


def test_two_values_of_one_field_are_said_once():
    # Stockport's "I don't know" to consent: agreed and not asked yet lead to the same answer
    assumes = [{"consent": "given"}, {"consent": "not_asked"}]
    text = render.condition_text(assumes, "stockport", {"consent": ["given", "refused", "not_asked"]})
    assert text == "Consent: The parent or carer has agreed or not asked yet"
    two = render.condition_text([{"needs_now": "early_help"}, {"needs_now": "social_care"}], "stockport")
    assert two.count("What the needs call for") == 1 and " or " in two


def test_a_field_that_does_not_matter_for_a_part_is_left_out():
    u = {"consent": ["given", "refused"], "multi_agency": [True, False]}
    text = render.condition_text([{"consent": "given", "multi_agency": True},
                                  {"consent": "given", "multi_agency": False}], "stockport", u)
    assert text == "Consent: The parent or carer has agreed"


def test_a_note_names_the_document_by_its_title(registry):
    t = render.named_documents("comes from the earlier Wirral procedure (wirral-000, section 3.1); "
                               "the later procedure (wirral-004) gives", registry)
    assert "wirral-000" not in t and "wirral-004" not in t
    assert registry.documents["wirral-000"].title in t and registry.documents["wirral-004"].title in t
    t = render.named_documents('("Step Up/Step Down Process\nWirral Procedures", wirral-000, section 2.4)', registry)
    assert t == '("Step Up/Step Down Process\nWirral Procedures", section 2.4)'


def test_compare_names_the_missing_facts(eng):
    text = render.compare_text(eng.compare({"immediate_risk": False, "current_service": "early_help",
                                            "direction": "step_up"}, TODAY))
    assert "needs more facts" in text and not raw_ids(text, eng.reg), text


def test_compare_names_a_missing_fact_as_a_fact_not_as_advice(eng):
    """"needs more facts (You can do the assessment)" read as advice to do it; "contact the IFD? No"
    as a question left hanging in a list."""
    base = {"immediate_risk": False, "current_service": "universal", "direction": "step_up",
            "needs_now": "early_help", "asker_role": "school"}
    text = render.compare_text(eng.compare(base, TODAY))
    assert "- Wirral: needs more facts (Able to do the assessment yourself)" in text, text
    text = render.compare_text(eng.compare({**base, "consent": "given", "consent_unsafe": False, "multi_agency": True,
                                            "able_to_assess": True, "lead_professional_known": True}, TODAY))
    assert "; contact the IFD: No" in text and "; contact the MASSH: No" in text, text
    assert "?" not in text, text


def test_an_age_of_0_is_said_as_under_1(eng):
    assert render.value_label("child_age", 0) == "0 (under 1 year)"
    assert render.value_label("child_age", 7) == "7"
    assert render.value_label("child_age", 0, given="0") == "0 (under 1 year)"
    rec = render.record_text({"status": "complete"}, [{"field": "child_age", "label": "Child's age", "value": 0,
                                                       "value_label": "0"}], dt.datetime(2026, 12, 21, 10))
    assert "- Child's age: 0 (under 1 year)" in rec
