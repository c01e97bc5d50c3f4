"""Call scripts and flowcharts (guidance/script.py, guidance/flowchart.py)
cannot drift from the assistant: they are generated from the engine, and
these tests check that every route is in them, that their questions are the
ones the engine asks, and that each path the script gives to a route is the
path the conversation (actions/turn.py) really takes."""
import datetime as dt
from html import escape as html_escape
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from actions import turn as T
from guidance import flowchart, script, spoken

AREAS = ["halton", "herefordshire", "stockport", "wirral"]
TODAY = dt.date(2026, 12, 9)


@pytest.fixture(scope="module")
def scripts(eng):
    return {a: script.build(a, eng) for a in AREAS}


def asked_fields(eng, area_id):
    """Independently of the walk: every fact a route or an item of the area looks at."""
    area = eng.reg.areas[area_id]
    out = {"immediate_risk"}
    for r in area.routes:
        out.update(r.when.fields)
        for group in (r.steps, r.checklist, r.notes, r.deadlines, r.contacts):
            for it in group:
                out.update(it.when.fields)
    return {f for f in out if eng.reg.fields[f].type != "date"}


@pytest.mark.parametrize("area", AREAS)
def test_every_route_appears_in_the_script(scripts, eng, area):
    index = scripts[area].route_index()
    assert {r.id for r in eng.reg.areas[area].routes} <= set(index)
    html = script.to_html(scripts[area])
    for r in eng.reg.areas[area].routes:
        assert html_escape(r.title) in html, r.id


@pytest.mark.parametrize("area", AREAS)
def test_script_questions_are_the_ones_the_engine_asks(scripts, eng, area):
    assert {q.field for q in scripts[area].questions()} == asked_fields(eng, area)
    for q in scripts[area].questions():
        assert q.say, f"{area} {q.field} has no Say: line"


def test_the_shortcut_walk_equals_the_exact_walk(eng):
    """The walk shares states that differ only in facts no route still looks
    at; for Halton (small enough) the exact walk gives the same script."""
    a, b = script.build("halton", eng, exact=True), script.build("halton", eng)
    assert [(n.id, n.key) for n in a.nodes.values()] == [(n.id, n.key) for n in b.nodes.values()]


class Turns:
    """The conversation's turn logic, with Rasa's from_entity slot mappings."""

    def __init__(self, eng):
        self.eng, self.slots, self.out = eng, {}, None

    def press(self, intent, entities):
        text = f"/{intent}{json.dumps(entities)}"
        ents = [{"entity": k, "value": v} for k, v in entities.items()]
        for e in ents:
            if e["entity"] in self.eng.reg.fields:
                self.slots[e["entity"]] = e["value"]
        self.out = T.take_turn(T.TurnInput(intent=intent, text=text, entities=ents, slots=self.slots, today=TODAY),
                               self.eng)
        self.slots.update(self.out.slots)
        return self


@pytest.mark.parametrize("area", AREAS)
def test_the_scripts_path_to_each_route_is_the_conversations(scripts, eng, area):
    s = scripts[area]
    paths = s.paths()
    for route in eng.reg.areas[area].routes:
        # the shortest path in the script to an answer giving this route
        ends = [n for n in s.outcomes() if (n.outcome.get("route") or {}).get("id") == route.id and n.id in paths]
        assert ends, route.id
        end = min(ends, key=lambda n: len(paths[n.id]))
        chat = Turns(eng).press("inform", {"area": area})
        node = s.nodes[s.root]
        for field, value in paths[end.id]:
            assert chat.slots.get("pending_field") == node.field == field, (route.id, paths[end.id])
            if value == script.DONT_KNOW:
                chat.press("dont_know", {"field": field})
            else:
                chat.press("inform", {field: value})
            node = s.nodes[next(a.to for a in node.answers if a.value == value)]
        assert node.id == end.id
        assert chat.out.decision is not None, (route.id, [m.get("text") for m in chat.out.messages])
        assert chat.out.decision["route"]["id"] == route.id
        # and the answer the conversation gives is the one the script prints
        assert script.outcome(chat.out.decision, eng, area)["steps"] == end.outcome["steps"]
        assert [c["id"] for c in script.outcome(chat.out.decision, eng, area)["contacts"]] == \
            [c["id"] for c in end.outcome["contacts"]]


@pytest.mark.parametrize("area", AREAS)
def test_i_dont_know_paths_are_the_conversations(scripts, eng, area):
    """Each question's "0 I don't know" leads where the conversation goes."""
    s = scripts[area]
    paths = s.paths()
    checked = 0
    for q in s.questions():
        if q.id not in paths or len(paths[q.id]) > 4:
            continue
        a = q.answers[-1]
        assert a.key == "0" and a.value == script.DONT_KNOW
        chat = Turns(eng).press("inform", {"area": area})
        for field, value in paths[q.id]:
            chat.press("dont_know", {"field": field}) if value == script.DONT_KNOW else chat.press("inform", {field: value})
        chat.press("dont_know", {"field": q.field})
        target = s.nodes[a.to]
        if target.kind == "question":
            assert chat.slots.get("pending_field") == target.field, (q.id, a.to)
        elif target.outcome["status"] not in ("too_many_unknown",):
            assert chat.out.decision is not None and chat.slots.get("pending_field") is None, (q.id, a.to)
            if target.outcome.get("route"):
                assert chat.out.decision["route"]["id"] == target.outcome["route"]["id"]
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("area", AREAS)
def test_say_lines_are_for_speech(scripts, area):
    """Short, and every abbreviation said in full the first time (as the
    area's documents expand it); one the documents never expand is named as
    the area's term (Halton's MAP)."""
    terms = spoken.terms(area)
    for q in scripts[area].questions():
        said = spoken.expand(q.say, area)
        assert len(q.say) <= 330, (area, q.field)
        for abbr in set(spoken.abbreviations(said)):
            if abbr in terms:
                assert f"{terms[abbr]} ({abbr})" in said, (area, q.field, abbr)
            else:
                assert abbr in ("MAP",) and "Halton's early help plan" in said, (area, q.field, abbr)


def test_phone_numbers_and_emails_are_spelled_in_groups():
    assert spoken.phone("0161 217 6028") == "zero one six one, two one seven, six zero two eight"
    assert spoken.phone("999") == "nine nine nine"
    assert spoken.email("IFD@wirral.gov.uk") == "I F D at wirral dot gov dot uk"
    assert spoken.expand("Contact the MASSH. The MASSH will triage it.", "stockport") == \
        "Contact the Multi Agency Safeguarding and Support Hub (MASSH). The MASSH will triage it."


# ---------------------------------------------------------------------- rendered files

needs_tools = pytest.mark.skipif(
    not (shutil.which("dot") and shutil.which("pdftoppm")),
    reason="needs Debian's graphviz and poppler-utils (./stepwise test installs them when run as root)")


@needs_tools
@pytest.mark.parametrize("area", AREAS)
def test_flowchart_svg_parses_and_names_every_route(tmp_path, eng, area):
    """The flowchart's A4 landscape pages (one per direction, split where a
    direction does not fit at a readable size) name every route between them."""
    paths = flowchart.write(area, tmp_path, eng)
    svgs, pngs = [p for p in paths if p.suffix == ".svg"], [p for p in paths if p.suffix == ".png"]
    assert len(svgs) == len(pngs) >= 2
    named = set()
    for svg in svgs:
        ET.parse(svg)  # well-formed
        named |= set(flowchart.routes_named(svg.read_text(), area, eng))
    assert named == {r.id for r in eng.reg.areas[area].routes}
    assert all(p.stat().st_size > 30_000 for p in pngs)


@needs_tools
@pytest.mark.parametrize("area", AREAS)
def test_flowchart_pages_fit_a4_landscape_at_a_readable_size(eng, area):
    """Each page fits 11.2 x 7.6 in (A4 landscape less margins) shrunk to no
    less than MIN_SCALE (9 pt boxes print at about 7 pt or more); at most two
    pages (Wirral's lead professional split) are allowed to fall just short."""
    s = script.build(area, eng, max_unknown=0)
    scales = [sc for _title, _g, sc in flowchart.pages(s, eng)]
    assert min(scales) >= 0.7, scales
    assert sum(sc < flowchart.MIN_SCALE for sc in scales) <= 2, scales


@needs_tools
@pytest.mark.parametrize("area", ["halton", "stockport"])
def test_script_pdf_pages_are_not_blank(tmp_path, eng, area):
    from PIL import Image, ImageOps

    html_path, pdf = script.write(area, tmp_path, eng=eng)
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 10
    for p in pages:
        img = ImageOps.invert(Image.open(p).convert("L"))
        assert img.getbbox() is not None, f"{p.name} is blank"
        ink = sum(1 for v in img.getdata() if v > 60)
        assert ink > 100, f"{p.name} has almost nothing on it"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Say:" in text and "Q1" in text
    for r in eng.reg.areas[area].routes:
        assert re.sub(r"\s+", " ", r.title)[:30] in re.sub(r"\s+", " ", text), r.id


def test_read_aloud_says_a_deadline_counted_from_today_as_the_request():
    """A deadline counted from a request whose date was not given is counted from today; the
    read-aloud script says so (a request made earlier starts it earlier), and a date given is not
    qualified."""
    import datetime as dt

    from guidance.engine import Engine
    from guidance.loader import load
    from guidance.spoken import read_aloud_text

    case = {"area": "herefordshire", "immediate_risk": False, "current_service": "child_in_need",
            "needs_now": "early_help", "early_help_open": False, "consent": "given",
            "closed_to_social_care_within_3_months": True}
    engine = Engine(load())
    d = engine.decide(case, dt.date(2026, 3, 2))
    assert any(dl.get("assumed_today") for dl in d["deadlines"])
    assert "counts from today as the day of the request" in read_aloud_text(d)
    given = engine.decide({**case, "request_date": "2026-02-27"}, dt.date(2026, 3, 2))
    assert not any(dl.get("assumed_today") for dl in given["deadlines"])
    assert "counts from today" not in read_aloud_text(given)
