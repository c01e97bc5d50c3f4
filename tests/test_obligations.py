"""Obligations at sentence level and deadline starts (ISSUE 13).

Every sentence of the five documents that obliges or sets a time (the rule is
``guidance.checks.OBLIGATION``, written out in docs/protocol-format.md) is
cited by a statement the engine can give or listed as not encoded with a
reason; every deadline names its start in its quote or says it does not; the
safer of two readings of "N days" is computed for the deadline's direction.
"""
import datetime as dt
from dataclasses import replace

import pytest

from guidance import checks
from guidance.loader import SENTENCE_REASONS, Registry

D = dt.date


@pytest.mark.parametrize("sentence", [
    "Consent must be obtained from the parent/s.",
    "The lead professional should be agreed with family.",
    "Any referral needs to include all the children in the family.",
    "A conversation is required prior to making a referral.",
    "Level 3 interventions requires an EHAT.",
    "The receiving team will take responsibility for updating LL.",
    "It is necessary for the EHA to be completed in 30 working days",
    "Transfer to Early Help should be completed within 2 weeks.",
    "the child and family will be added within 24 hours of the plan being shared",
    "for a period of three months.",
])
def test_rule_finds_obligations_and_timescales(sentence):
    assert checks.OBLIGATION.search(sentence)


@pytest.mark.parametrize("sentence", [
    "There are 4 levels",
    "The Early Help Hub meets weekly.",
    "4.2 Step Down from a Social Work Assessment of Need to Early Help.",
    "Schools can seek advice from the link Social Worker.",
    "Level 2 Additional needs",
])
def test_rule_leaves_other_sentences(sentence):
    assert not checks.OBLIGATION.search(sentence)


def test_sentences_are_cut_at_full_stops_and_lines(registry):
    doc = registry.documents["wirral-004"]
    texts = [s for _, _, s in checks.sentences(doc)]
    assert "This letter should include the new workers team and contact details." in texts
    assert "A clear rationale should be recorded on the child’s file." in texts


def test_every_obligation_sentence_is_cited_or_not_encoded_with_a_reason(registry):
    assert checks.check_obligations(registry) == []
    cov = checks.obligation_coverage(registry)
    total = sum(c["counts"]["sentences"] for c in cov)
    cited = sum(c["counts"]["cited"] for c in cov)
    not_encoded = sum(c["counts"]["not_encoded"] for c in cov)
    assert total == cited + not_encoded and total > 150
    for c in cov:
        assert c["counts"]["unaccounted"] == 0
        for r in c["sentences"]:
            assert r["cited_by"] or (r["reason"] in SENTENCE_REASONS and r["why"])


def test_issue_examples_are_cited(registry):
    cov = {c["doc"]: c for c in checks.obligation_coverage(registry)}

    def cited(doc, start):
        rows = [r for r in cov[doc]["sentences"] if r["sentence"].lstrip("-· ").startswith(start)]
        assert rows, start
        return rows[0]["cited_by"]

    assert any("stockport.urgent" in w for w in cited("stockport-002", "Any referral to the MASSH or Early Help Assessment"))
    assert cited("stockport-002", "A conversation is required prior to making a referral")
    assert cited("wirral-004", "A clear rationale should be recorded")
    assert cited("wirral-004", "Assessments, reviews and care plans will usually be required")
    assert cited("wirral-004", "The receiving team will take responsibility for updating LL")
    assert any("stockport.step_up.social_care.consent_unsafe" in w
               for w in cited("stockport-002", "Necessary, proportionate"))
    assert any("wirral.urgent" in w for w in cited("wirral-004", "(Wirral Safeguarding Children Board requires"))


def _without_gap(registry, doc_id, n=0):
    doc = registry.documents[doc_id]
    bad_doc = replace(doc, sentences_not_encoded=doc.sentences_not_encoded[n + 1:])
    return Registry(registry.fields, {**registry.documents, doc_id: bad_doc}, registry.areas)


def test_the_check_fails_on_a_sentence_not_accounted_for(registry):
    problems = checks.check_obligations(_without_gap(registry, "halton-003"))
    assert any("neither cited nor listed" in p for p in problems)


def test_the_check_fails_on_a_listed_sentence_that_is_cited(registry):
    doc = registry.documents["wirral-004"]
    from guidance.model import SentenceGap
    bad_doc = replace(doc, sentences_not_encoded=doc.sentences_not_encoded + (
        SentenceGap("A clear rationale should be recorded on the child’s file.", "internal", "x"),))
    bad = Registry(registry.fields, {**registry.documents, "wirral-004": bad_doc}, registry.areas)
    assert any("is cited by" in p for p in checks.check_obligations(bad))


def test_coverage_reports_both_levels(registry):
    for doc in checks.coverage(registry):
        assert doc["counts"]["sections"] > 0
        ob = doc["obligations"]["counts"]
        assert ob["sentences"] == ob["cited"] + ob["not_encoded"] + ob["unaccounted"]
        assert sum(ob["not_encoded_by_reason"].values()) == ob["not_encoded"]


# ---------------------------------------------------------------- deadline starts
def test_every_deadline_names_its_start_or_says_it_does_not(registry):
    assert checks.check_deadline_anchors(registry) == []
    assert checks.check_no_asserted_safer_reading(registry) == []


def test_the_anchor_check_catches_an_unnamed_start(registry):
    area = registry.areas["herefordshire"]
    r = next(r for r in area.routes if r.deadlines)
    d = r.deadlines[0]
    bad_d = replace(d, source=replace(d.source, quote="should be shared within 4 working days"))
    bad_r = replace(r, deadlines=(bad_d,) + r.deadlines[1:])
    bad_area = replace(area, routes=tuple(bad_r if x.id == r.id else x for x in area.routes))
    bad = Registry(registry.fields, registry.documents, {**registry.areas, "herefordshire": bad_area})
    assert any("does not name its start" in p for p in checks.check_deadline_anchors(bad))


def _deadline(d, text):
    return next(x for x in d["deadlines"] if x["text"].startswith(text))


def test_an_unstated_start_is_never_taken_as_today(eng):
    case = {"area": "stockport", "immediate_risk": False, "current_service": "universal", "needs_now": "early_help",
            "asker_role": "health", "consent": "given", "lead_professional_known": True, "multi_agency": False}
    x = _deadline(eng.decide(case, D(2026, 6, 1)), "Complete the EHA")
    assert x["due"] is None and "taken as today" not in x["basis"]
    assert "does not state" in x["basis"] and "not from when" in x["note"]
    x = _deadline(eng.decide({**case, "request_date": "2026-06-01"}, D(2026, 6, 1)), "Complete the EHA")
    assert x["due"] == "2026-07-13" and "does not state the start" in x["basis"]


def test_a_stated_start_still_defaults_to_the_request_today(eng):
    case = {"area": "herefordshire", "immediate_risk": False, "current_service": "social_work_assessment",
            "needs_now": "early_help", "early_help_open": True}
    x = _deadline(eng.decide(case, D(2026, 6, 1)), "Step-down plan shared with the Social Worker")
    assert x["due"] == "2026-06-05" and "taken as today" in x["basis"]


@pytest.mark.parametrize("conference, report_due, other", [
    (D(2026, 3, 16), "2026-03-11", "Fri 13 Mar 2026"),   # the issue's example: Mon 16 March
    (D(2026, 3, 17), "2026-03-12", "Sat 14 Mar 2026"),
])
def test_days_unspecified_before_an_event_shows_the_working_day_date_first(eng, conference, report_due, other):
    case = {"area": "wirral", "immediate_risk": False, "current_service": "child_in_need", "needs_now": "child_protection",
            "asker_role": "social_worker", "child_age": 8, "strategy_meeting_date": "2026-03-02",
            "conference_date": conference.isoformat()}
    d = eng.decide(case, D(2026, 3, 2))
    x = _deadline(d, "Conference report")
    assert x["due"] == report_due
    assert "earlier date" in x["note"] and "working days" in x["note"] and other in x["note"]
    x = _deadline(d, "Initial Child Protection Conference held")
    assert x["due"] == "2026-03-17"  # forward: calendar days are the earlier date
    assert "counted in calendar days" in x["note"] and "Mon 23 Mar 2026" in x["note"]
