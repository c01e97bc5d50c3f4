"""The encoded protocols are faithful to the seed texts and fully mapped."""
import re

import pytest

from guidance import checks, seeds

SEED_FILES = {
    "wirral-004": "004_c6093cdade7826ac.txt",
    "wirral-000": "000_43ef04f3b1729864.txt",
    "herefordshire-001": "001_f4e92ef57086d22c.txt",
    "stockport-002": "002_c2d1d320047caee7.txt",
    "halton-003": "003_98b1fd92a83de124.txt",
}


def test_all_five_documents_are_encoded(registry):
    assert {d: registry.documents[d].file for d in SEED_FILES} == SEED_FILES
    assert set(registry.areas) == {"wirral", "herefordshire", "stockport", "halton"}


def test_every_quote_is_verbatim_and_inside_its_section(registry):
    assert checks.check_quotes(registry) == []


def test_every_section_is_mapped_and_encoded_sections_are_cited(registry):
    assert checks.check_coverage(registry) == []
    assert checks.check_headings(registry) == []


def test_quote_check_catches_a_paraphrase(registry):
    """The check is real: a retyped quote fails it."""
    from dataclasses import replace

    from guidance.loader import Registry

    area = registry.areas["stockport"]
    route = area.routes[0]
    bad_route = replace(route, source=replace(route.source, quote="Ring the MASSH straight away on 0161 217 6028."))
    bad_area = replace(area, routes=(bad_route,) + area.routes[1:])
    bad = Registry(registry.fields, registry.documents, {**registry.areas, "stockport": bad_area})
    problems = checks.check_quotes(bad)
    assert any("quote not found verbatim" in p for p in problems)


def test_coverage_map_has_counts_per_document(registry):
    cov = {c["doc"]: c for c in checks.coverage(registry)}
    assert set(cov) == set(SEED_FILES)
    for doc in cov.values():
        c = doc["counts"]
        assert c["sections"] == c["encoded"] + c["not_encoded"] > 0
        for row in doc["sections"]:
            assert row["status"] == "encoded" or row["reason"]


@pytest.mark.parametrize("area_id", ["wirral", "herefordshire", "stockport", "halton"])
def test_contact_values_really_occur_in_the_area_documents(registry, area_id):
    """No invented phone numbers or addresses: every contact value given is in the text."""
    area = registry.areas[area_id]
    texts = " ".join(seeds.seed_text(registry.documents[d].file) for d in area.documents)
    squashed = re.sub(r"\s", "", texts).lower()
    for c in area.contacts.values():
        if c.value and c.kind in ("phone", "email"):
            assert re.sub(r"\s", "", c.value).lower() in squashed, (c.id, c.value)


def test_area_level_scales_are_their_own(registry):
    halton = {lv.number: lv.name for lv in registry.areas["halton"].levels}
    stockport = {lv.number: lv.name for lv in registry.areas["stockport"].levels}
    # Halton: MAP (early help) is level 2 and CSC is level 3
    assert registry.areas["halton"].services["early_help"].level == 2
    assert registry.areas["halton"].services["child_in_need"].level == 3
    # Stockport's scale gives Child in Need support no number (fidelity review 2, item 16)
    assert registry.areas["stockport"].services["child_in_need"].level is None
    assert halton != stockport


def test_every_route_field_has_a_reason_to_ask(registry):
    for area in registry.areas.values():
        for r in area.routes:
            for f in r.when.fields:
                if f != "immediate_risk":
                    q = area.questions[f]
                    assert q.why and q.source.quote
