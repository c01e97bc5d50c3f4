"""The record of a decision (guidance/render.record_text) and the widget's
numbered sources (render.widget_decision) come from one numbering: the same
passages, in the same order, as the text record lists them."""
import datetime as dt
import json
import re
from pathlib import Path

from guidance import render
from guidance.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2026, 12, 23, 14, 5)


def _decision(unknown=()):
    case = json.loads((ROOT / "docs/examples/stockport-school.json").read_text())
    case = {k: v for k, v in case.items() if k not in unknown}
    return Engine().decide(case, dt.date(2026, 12, 23), unknown=list(unknown))


def test_record_has_every_part_and_numbers_each_passage_once():
    d = _decision()
    text = render.record_text(d, [{"label": "Area", "value_label": "Stockport"}], WHEN, ["Consent"])
    for part in ("Made on Wed 23 Dec 2026 at 14:05", "Area: Stockport", "Procedure documents used:",
                 "The facts as answered:", "- Area: Stockport", "- Consent: not known", "What to do:",
                 "Who to contact:", "What must go with it:", "Sources", "call 999"):
        assert part in text, part
    sources = re.findall(r"(?m)^\[(\d+)\] (.*)$", text)
    assert [int(n) for n, _ in sources] == list(range(1, len(sources) + 1))
    assert len({q for _, q in sources}) == len(sources)  # one entry per distinct passage
    assert "**" not in text and "section option-1" not in text and "“option-1”" not in text
    assert "0161 217 6160" in text


def test_widget_sources_are_the_records_sources():
    for d in (_decision(), _decision(unknown=("current_service",))):
        w = render.widget_decision(d)
        text = render.record_text(d, [], WHEN)
        listed = re.findall(r"(?m)^\[(\d+)\] .*?: “(.*)”$", text)
        assert [(s["n"], s["quote"]) for s in w["sources"]] == [(int(n), q) for n, q in listed]
        assert all(s["section_title"] for s in w["sources"])
        if d["status"] == "conditional":
            assert len(w["groups"]) >= 2 and all(g["when"] for g in w["groups"])
        # every statement's source carries its number
        statements = [w.get("route")] + w.get("steps", []) + w.get("contacts", []) + w.get("checklist", [])
        assert all(st["source"]["n"] >= 1 for st in statements if st and st.get("source"))


def test_markdown_of_the_documents_becomes_plain_text():
    assert render.plain("on **0161 217 6160**.") == "on 0161 217 6160."
    assert render.plain("see [MASH \\(x\\) Procedure](#)") == "see MASH (x) Procedure"
    assert render.plain("[site](https://a.example/x)") == "site (https://a.example/x)"
