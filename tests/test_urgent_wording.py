"""The urgent wording has one source: guidance/render.py.

Every user-facing sentence about 999 (and the wording for a contact the
procedure gives no number for) is written in render; the engine's urgent step,
the call script, the spoken form, the flowchart, the domain generator, the
turn and the terminal chat take it from there. The only other place a 999
sentence may be written is the safety policy itself (its verbatim quote, which
the engine cites)."""
import ast
import re
from pathlib import Path

import pytest
import yaml

from guidance import render

ROOT = Path(__file__).resolve().parent.parent
OWNER = ROOT / "guidance" / "render.py"
POLICY = (ROOT / "guidance" / "policy" / "safety-policy.md").read_text(encoding="utf-8")
#: the Python that makes what Stepwise says (web/dev is a fake bot with demo data)
SOURCES = ["guidance", "actions", "stepwise_rasa", "stepwise_nlu", "web/scripts.py", "web/serve.py",
           "stepwise_chat.py", "bench"]

WORDING = re.compile(r"(?<![#\w])999\b|nine nine nine|immediate danger, call|"
                     r"gives no (?:phone )?number|no (?:phone )?number (?:given|or address)", re.IGNORECASE)


def _docstrings(tree):
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def urgent_strings(source: str):
    """(line, text) for each string in the code (docstrings and comments
    aside) that words a 999 sentence or the no-number case, unless it is
    the safety policy's own words."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if WORDING.search(node.value) and node.value not in POLICY:
                out.append((node.lineno, node.value))
    return sorted(out)


def _files():
    for name in SOURCES:
        p = ROOT / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            if f != OWNER:
                yield f


def test_the_check_finds_a_sentence_written_elsewhere():
    planted = ('"""Says call 999 in a docstring: not user-facing."""\n'
               'QUOTE = "If a child is in immediate danger, call 999 (police or ambulance) now."\n'
               'def f(c):\n    return f"{c} (the document gives no phone number or address)"\n'
               'LINE = "If a child is in immediate danger, call 999."\n')
    assert [line for line, _ in urgent_strings(planted)] == [4, 5]


def test_render_holds_the_wording_the_check_looks_for():
    found = urgent_strings(OWNER.read_text(encoding="utf-8"))
    assert found, "the check would pass with no wording anywhere"
    assert render.CALL_999_NOW == "If a child is in immediate danger, call 999 now."
    assert render.URGENT_999 == "URGENT: if a child is in immediate danger, call 999 now."
    assert render.CALL_999 == "If a child is in immediate danger, call 999."


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_urgent_sentence_outside_render(path):
    assert urgent_strings(path.read_text(encoding="utf-8")) == []


def test_the_hand_written_domain_says_nothing_of_999():
    """bot/domain/base.yml is written by hand, so no response in it words 999: every
    reply that ends with the 999 sentence is generated from render (generated.yml)."""
    base = yaml.safe_load((ROOT / "bot" / "domain" / "base.yml").read_text(encoding="utf-8"))
    texts = [v.get("text") or "" for vs in base["responses"].values() for v in vs]
    assert texts
    assert [t for t in texts if "999" in t] == []
    from stepwise_rasa import render_domain

    generated = yaml.safe_load(render_domain.build())["responses"]
    for name in ("utter_greet", "utter_out_of_scope", "utter_goodbye", "utter_default"):
        text = generated[name][0]["text"]
        assert text.replace(render.CALL_999_NOW, "").replace(render.CALL_999, "") != text, name


def test_the_generated_domain_words_it_as_render_does():
    from stepwise_rasa import render_domain

    urgent = yaml.safe_load(render_domain.build())["responses"]
    for name in ("utter_urgent", "utter_check_now", "utter_service_unavailable"):
        for v in urgent[name]:
            first = v["text"].split("\n")[0]
            if name == "utter_urgent" and not v.get("custom", {}).get("stepwise", {}).get("script"):
                assert first == render.URGENT_999, v["text"]
            elif name == "utter_check_now":
                assert first == render.CALL_999_NOW, v["text"]
            assert "no number given" not in v["text"]
            for line in v["text"].split("\n"):
                if "no number" in line:
                    assert render.NO_NUMBER in line, line


def test_compare_text_names_no_level_a_scale_does_not_give():
    """A service an area's scale gives no number (Stockport's Child in Need) is shown without
    'level None'; a numbered one keeps its level."""
    from guidance.render import compare_text

    row = {"area_name": "Stockport", "status": "complete", "route": {"title": "Step down"},
           "levels": {"current_service": {"level": None, "label": "Child in Need"}}}
    numbered = dict(row, area_name="Wirral", levels={"current_service": {"level": 4, "label": "Child in Need"}})
    text = compare_text({"areas": [row, numbered], "note": "Each area's own procedure applies."})
    assert "level None" not in text
    assert "Stockport: Step down (current support there: Child in Need)" in text
    assert "Wirral: Step down (current support is level 4 there: Child in Need)" in text


def test_the_web_client_words_999_as_render_does():
    """The page and the widget must show 999 with the server down too, so they hold their own
    copy of the sentence; every copy is render's sentence word for word."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "web" / "static"
    for name in ("index.html", "stepwise-widget.js"):
        text = (root / name).read_text(encoding="utf-8")
        # the text a person sees: string literals of the script, text between tags of the page
        shown = re.findall(r'"([^"\n]*)"', text) if name.endswith(".js") else re.findall(r">([^<>]+)<", text)
        sentences = [part.strip() + ("" if part.strip().endswith(".") else ".")
                     for lit in shown for part in re.split(r"(?<=\.)\s+", lit)
                     if re.search(r"\bcall\b[^.]*\b999\b", part, re.I)]
        assert sentences, name
        for s in sentences:
            assert s in (render.CALL_999, render.CALL_999_NOW), (name, s)
