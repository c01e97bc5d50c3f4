"""Each area's call script, generated from the engine itself.

``build(area_id)`` drives the engine from the first question down every
answer (each value of the question, and "I don't know"), exactly as the
conversation does (``actions/turn.py``: the next question is the first
missing fact; "I don't know" makes a fact known-unknown, and an unknown
"immediate danger" is treated as urgent). Identical parts of the tree are
shared, so the script is a set of numbered questions (Q1, Q2, ...) and
outcomes (A1, A2, ...) with "go to" links. Nothing in it is written by hand
except the layout: the questions, Say: lines, answers, routes, contacts,
checklists, timescales and sources all come from the encoded guidance.

    python -m guidance script --area stockport --out build/scripts/   (HTML and PDF)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from . import calendar, render, spoken
from .decision import FINAL, Decision, Status
from .engine import Engine, engine as default_engine

DONT_KNOW = "?"
#: a fixed day: the script gives timescales, not dates
TODAY = dt.date(2026, 1, 5)


@dataclass
class Answer:
    key: str            # "1".."9", "0" for I don't know; "" for a number typed in
    label: str
    value: Any          # the fact's value, DONT_KNOW, or a representative number for a range
    to: str = ""        # node id


@dataclass
class Node:
    id: str
    kind: str                       # question | outcome
    key: str                        # structural hash (identical subtrees share one node)
    field: Optional[str] = None
    question: Optional[str] = None
    say: Optional[str] = None
    why: Optional[str] = None
    source: Optional[dict] = None
    type: Optional[str] = None
    answers: List[Answer] = dc_field(default_factory=list)
    outcome: Optional[dict] = None


@dataclass
class Script:
    area: str
    area_name: str
    hub: str
    nodes: Dict[str, Node]
    root: str
    levels: List[dict]
    urgent: dict
    documents: List[dict]

    def questions(self) -> List[Node]:
        return [n for n in self.nodes.values() if n.kind == "question"]

    def outcomes(self) -> List[Node]:
        return [n for n in self.nodes.values() if n.kind == "outcome"]

    def routes_in(self, node: Node) -> List[str]:
        o = node.outcome or {}
        ids = [o["route"]["id"]] if o.get("route") else []
        for b in o.get("branches") or []:
            ids.extend(r for r in self.routes_in(self.nodes[b["to"]]) if r not in ids)
        return ids

    def route_index(self) -> Dict[str, List[str]]:
        out: Dict[str, List[str]] = {}
        for n in self.outcomes():
            for r in self.routes_in(n):
                out.setdefault(r, []).append(n.id)
        return out

    def paths(self) -> Dict[str, List[Tuple[str, Any]]]:
        """For each outcome node, the shortest list of (field, answer) that reaches it."""
        best: Dict[str, List[Tuple[str, Any]]] = {self.root: []}
        queue = [self.root]
        while queue:
            nid = queue.pop(0)
            node = self.nodes[nid]
            for a in node.answers:
                if a.to not in best:
                    best[a.to] = best[nid] + [(node.field, a.value)]
                    queue.append(a.to)
        return best


# ---------------------------------------------------------------------- walking the engine

def _cuts(area, name: str) -> List[int]:
    """The numbers an int field is compared with anywhere in the area: the
    edges of the ranges the answer falls into."""
    pts = set()
    conds = []
    for r in area.routes:
        conds.append(r.when)
        for group in (r.steps, r.checklist, r.notes, r.deadlines, r.contacts):
            conds.extend(i.when for i in group)
    conds.extend(n.when for n in area.notes)
    for c in conds:
        for f, op, v in c.tests:
            if f != name:
                continue
            if op in ("lt", "gte"):
                pts.add(v)
            elif op in ("lte", "gt"):
                pts.add(v + 1)
            elif op == "between":
                pts.update((v[0], v[1] + 1))
            else:
                for x in (v if isinstance(v, tuple) else (v,)):
                    pts.update((x, x + 1))
    return sorted(pts)


def _ranges(fd, cuts: List[int]) -> List[Tuple[int, str]]:
    lo_all = fd.min if fd.min is not None else 0
    hi_all = fd.max if fd.max is not None else 99
    edges = [c for c in cuts if lo_all < c <= hi_all]
    bounds = [lo_all] + edges + [hi_all + 1]
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        hi -= 1
        if lo == lo_all and len(bounds) > 2:
            label = f"under {hi + 1}"
        elif hi == hi_all:
            label = f"{lo} or over"
        elif lo == hi:
            label = str(lo)
        else:
            label = f"{lo} to {hi}"
        out.append((lo, label))
    return out


class _CachedEngine(Engine):
    """The same engine, remembering decide_facts for a fact set it has seen
    (the walk decides the same facts many times over, on different paths)."""

    def __init__(self, reg):
        super().__init__(reg)
        self._cache: Dict[tuple, dict] = {}

    def decide_facts(self, facts, today):
        key = (tuple(sorted((k, json.dumps(v, default=str)) for k, v in facts.items())), today)
        if key not in self._cache:
            self._cache[key] = super().decide_facts(facts, today)
        return dict(self._cache[key])  # callers only set top-level keys


class _Walker:
    def __init__(self, eng: Engine, area_id: str, today: dt.date, max_unknown: int = 1, exact: bool = False):
        self.max_unknown, self.exact = max_unknown, exact
        eng = _CachedEngine(eng.reg)
        self.eng, self.area, self.today = eng, eng.reg.areas[area_id], today
        self.memo: Dict[tuple, str] = {}
        self.nodes: Dict[str, dict] = {}   # structural key -> node dict

    # the same rule as actions/turn.py _decide
    def decide(self, facts: dict, unknown: List[str]) -> Decision:
        if "immediate_risk" in unknown:
            return self.eng.decide({**facts, "immediate_risk": True}, self.today).replace(unsure_urgent=True)
        return self.eng.decide(facts, self.today, unknown=unknown)

    def _state_key(self, facts: dict, unknown: List[str]) -> tuple:
        """Facts that can still change anything: those the routes not yet
        ruled out (and their items) look at. Routes once ruled out stay
        ruled out, as facts are only ever added."""
        from . import conditions

        if self.exact:  # every fact counts (slow; the tests compare it with the shortcut)
            return (tuple(sorted((k, json.dumps(v)) for k, v in facts.items())), tuple(unknown))
        derived = self.eng.derive(facts)
        live, rel = [], {"area", "immediate_risk"}
        for r in self.area.routes:
            if conditions.evaluate(r.when, derived)[0] is False:
                continue
            live.append(r.id)
            rel.update(r.when.fields)
            for group in (r.steps, r.checklist, r.notes, r.deadlines, r.contacts):
                for it in group:
                    rel.update(it.when.fields)
        for n in self.area.notes:
            rel.update(n.when.fields)
        if "direction" in rel:
            rel.update(("current_service", "needs_now"))
        return (tuple(live), tuple(sorted((k, json.dumps(v)) for k, v in facts.items() if k in rel)),
                tuple(sorted(u for u in unknown if u in rel)))

    def advice(self) -> List[dict]:
        ids = list(self.area.advice) or list(self.area.urgent.contacts)
        return [outcome_contact(self.eng._contact(self.area.contacts[c], self.area)) for c in ids]

    def intern(self, node: dict) -> str:
        skey = hashlib.sha1(json.dumps(node, sort_keys=True, default=str).encode()).hexdigest()[:16]
        self.nodes.setdefault(skey, node)
        return skey

    def outcome(self, d: Decision) -> dict:
        if d.status != Status.CONDITIONAL:
            return outcome(d, self.eng, self.area.id)
        groups: List[Tuple[List[dict], str]] = []
        for b in d.get("branches") or []:
            to = self.intern({"kind": "outcome", "outcome": outcome(b["decision"], self.eng, self.area.id)})
            for g in groups:
                if g[1] == to:
                    g[0].append(b["assume"])
                    break
            else:
                groups.append(([b["assume"]], to))
        fields = sorted({f for b in d.get("branches") or [] for f in b["assume"]})
        return {"status": Status.CONDITIONAL.value, "unknown": fields,
                "branches": [{"if": [_condition(d, conds, self.eng)], "to": to} for conds, to in groups]}

    def walk(self, facts: dict, unknown: List[str]) -> str:
        key = self._state_key(facts, unknown)
        if key in self.memo:
            return self.memo[key]
        d = self.decide(facts, unknown)
        if d.status in FINAL or not d.missing:
            node = {"kind": "outcome", "outcome": self.outcome(d)}
        else:
            q = d["missing"][0]
            fd = self.eng.reg.fields[q["field"]]
            answers = []
            if fd.type == "int":
                for n, (v, label) in enumerate(_ranges(fd, _cuts(self.area, fd.name)), 1):
                    answers.append({"key": "", "label": label, "value": v,
                                    "to": self.walk({**facts, fd.name: v}, unknown)})
            else:
                for n, o in enumerate(q["options"], 1):
                    answers.append({"key": str(n), "label": o["label"], "value": o["value"],
                                    "to": self.walk({**facts, fd.name: o["value"]}, unknown)})
            if fd.name == "immediate_risk" or len(unknown) < self.max_unknown:
                to = self.walk(facts, unknown + [fd.name])
            else:
                to = self.intern({"kind": "outcome", "outcome": {"status": Status.TOO_MANY_UNKNOWN.value,
                                                                  "advice": self.advice()}})
            answers.append({"key": "0", "label": "I don't know", "value": DONT_KNOW, "to": to})
            node = {"kind": "question", "field": fd.name, "question": q["question"], "say": q.get("say"),
                    "why": q.get("why"), "source": q.get("source"), "type": fd.type, "answers": answers}
        skey = self.intern(node)
        self.memo[key] = skey
        return skey


def _timescale(dl: dict, eng: Engine) -> str:
    fd = eng.reg.fields.get(dl["anchor"])
    label = (fd.label if fd else None) or dl["anchor"]
    span = calendar.describe(dl["amount"], dl["unit"])
    rel = "before" if dl["direction"] == "before" else "from" if dl["unit"] == "working_days" else "after"
    return f"{span} {rel} {label}"


def _condition(d: Decision, assumes: List[dict], eng: Engine) -> str:
    """The condition a part holds under, fields by their labels (render.condition_text)."""
    return render.condition_text(assumes, d.get("area"), render._universe(d), reg=eng.reg)


def outcome_contact(c: dict) -> dict:
    return {"id": c["id"], "name": c["name"], "kind": c["kind"], "value": c.get("value"), "use": c.get("use"),
            "say": spoken.contact_value(c["kind"], c.get("value")), "source": c.get("source")}


def outcome(d: Decision, eng: Engine, area_id: str) -> dict:
    """What a decision says, without the day it was made on: timescales, not dates."""
    if d.status == Status.CONDITIONAL:
        groups: List[Tuple[List[dict], dict]] = []
        for b in d.get("branches") or []:
            sub = outcome(b["decision"], eng, area_id)
            for g in groups:
                if g[1] == sub:
                    g[0].append(b["assume"])
                    break
            else:
                groups.append(([b["assume"]], sub))
        return {"status": Status.CONDITIONAL.value, "unknown": list(d.unknown or []),
                "branches": [{"if": [_condition(d, conds, eng)], "outcome": sub} for conds, sub in groups]}
    r = d.get("route")
    return {
        "status": d.status.value, "urgent": d.urgent, "unsure_urgent": bool(d.unsure_urgent),
        "route": {"id": r["id"], "title": r["title"], "summary": r.get("summary"), "source": r.get("source")} if r else None,
        "hub": d.get("hub"), "hub_contact": d.get("hub_contact"),
        "steps": [{"text": s["text"], "source": s.get("source")} for s in d.get("steps") or []],
        "contacts": [outcome_contact(c) for c in d.get("contacts") or []],
        "checklist": [{"text": s["text"], "source": s.get("source")} for s in d.get("checklist") or []],
        "deadlines": [{"text": x["text"], "timescale": _timescale(x, eng), "note": x.get("note") and
                       "The document does not say whether these are working or calendar days.",
                       "source": x.get("source")} for x in d.get("deadlines") or []],
        "notes": [{"kind": n["kind"], "text": render.named_fields(render.named_documents(n["text"], eng.reg), eng.reg), "source": n.get("source")}
                  for n in d.get("notes") or []
                  if "months past its review date" not in n["text"] and not n["text"].startswith("This answer holds whatever")],
    }


def build(area_id: str, eng: Optional[Engine] = None, today: dt.date = TODAY, max_unknown: int = 1,
          exact: bool = False) -> Script:
    eng = eng or default_engine()
    w = _Walker(eng, area_id, today, max_unknown, exact)
    root = w.walk({"area": area_id}, [])
    # number the nodes breadth-first from the first question
    order, seen, queue = [], {root}, [root]
    while queue:
        k = queue.pop(0)
        order.append(k)
        nxt = [a["to"] for a in w.nodes[k].get("answers", [])]
        nxt += [b["to"] for b in (w.nodes[k].get("outcome") or {}).get("branches") or []]
        for t in nxt:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    ids, nq, na = {}, 0, 0
    for k in order:
        if w.nodes[k]["kind"] == "question":
            nq += 1
            ids[k] = f"Q{nq}"
        else:
            na += 1
            ids[k] = f"A{na}"
    nodes: Dict[str, Node] = {}
    for k in order:
        raw = w.nodes[k]
        o = raw.get("outcome")
        if o and o["status"] == Status.CONDITIONAL:
            o = {**o, "branches": [{**b, "to": ids[b["to"]]} for b in o["branches"]]}
        n = Node(ids[k], raw["kind"], k, outcome=o)
        if raw["kind"] == "question":
            n.field, n.question, n.say, n.why, n.source, n.type = (raw["field"], raw["question"], raw["say"],
                                                                   raw["why"], raw["source"], raw["type"])
            n.answers = [Answer(a["key"], a["label"], a["value"], ids[a["to"]]) for a in raw["answers"]]
        nodes[n.id] = n
    area = eng.reg.areas[area_id]
    urgent = eng.decide({"area": area_id, "immediate_risk": True}, today)
    return Script(
        area=area_id, area_name=area.name, hub=area.hub, nodes=nodes, root=ids[root],
        levels=[{"number": lv.number, "name": lv.name} for lv in area.levels],
        urgent={"text": area.urgent.text, "outcome": outcome(urgent, eng, area_id)},
        documents=[eng._doc_meta(d) for d in area.documents],
    )


# ---------------------------------------------------------------------- HTML and PDF

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: string(area) " \\2014 Stepwise \\2014 page " counter(page) " of " counter(pages);
                         font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.35; color: #111; max-width: 60em; margin: 1em auto; }
h1 { string-set: area content(); font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 13pt; border-bottom: 2px solid #222; margin-top: 1.4em; }
.meta, .small { font-size: 8.5pt; color: #333; }
.node { border: 1px solid #999; border-radius: 4px; padding: .5em .7em; margin: .6em 0; }
.question, .urgent { page-break-inside: avoid; }
.node h3 { margin: 0 0 .3em; font-size: 11pt; }
.id { display: inline-block; min-width: 2.6em; background: #222; color: #fff; border-radius: 3px; padding: 0 .3em; text-align: center; margin-right: .4em; }
.say { font-size: 11.5pt; font-weight: bold; margin: .3em 0; }
.say::before { content: "Say: "; color: #0a5; }
table.answers { border-collapse: collapse; margin: .3em 0; }
table.answers td { padding: .1em .6em .1em 0; vertical-align: top; }
td.key { font-weight: bold; font-size: 11pt; width: 1.6em; }
td.to a, td.to { font-weight: bold; white-space: nowrap; }
.urgent { border: 3px solid #b00; background: #fff3f3; }
.urgent h2, .urgent h3 { color: #b00; border: none; margin-top: 0; }
.route { border-left: 5px solid #225; }
.outcome ol, .outcome ul { margin: .2em 0 .2em 1.4em; padding: 0; }
.label { font-weight: bold; margin-top: .3em; }
.spell { font-style: italic; }
.src { font-size: 7.5pt; color: #444; margin-top: .3em; }
.src li { margin: .1em 0; }
ul.sources { list-style: none; margin-left: 0; padding: 0; }
.branch { margin-left: 1em; border-left: 2px dashed #777; padding-left: .6em; }
a { color: inherit; text-decoration: none; }
@media print { body { margin: 0; max-width: none; } }
"""


def _e(s: Any) -> str:
    return html.escape(str(s if s is not None else ""))


class _Refs:
    def __init__(self):
        self.items: List[dict] = []
        self.keys: Dict[tuple, int] = {}

    def ref(self, s: Optional[dict]) -> str:
        if not s:
            return ""
        k = (s["doc"], s["section"], s["quote"])
        if k not in self.keys:
            self.items.append(s)
            self.keys[k] = len(self.items)
        return f'<sup><a href="#src{self.keys[k]}">[{self.keys[k]}]</a></sup>'

    def html(self) -> str:
        if not self.items:
            return ""
        lis = "".join(f"<li id=\"src{i}\">[{i}] {_e(s.get('doc_title', s['doc']))}, \u201c{_e(s.get('section_title', s['section']))}\u201d: "
                      f"\u201c{_e(s['quote'])}\u201d</li>" for i, s in enumerate(self.items, 1))
        return f'<ul class="src sources">{lis}</ul>'


HUB = render.HUB_ANSWER  # the answer to "contact the hub?", worded once in render


def common_notes(s: Script) -> List[dict]:
    """Notes that every route answer of the area carries: printed once."""
    sets = [o.get("notes") or [] for o in (n.outcome for n in s.outcomes()) if o.get("route")]
    if not sets:
        return []
    return [n for n in sets[0] if all(n in other for other in sets[1:]) and n["kind"] in ("gap", "warning")]


def outcome_html(o: dict, area_id: str, refs: _Refs, skip_notes: Optional[List[dict]] = None) -> str:
    if o["status"] == Status.CONDITIONAL:
        parts = [f"<p>The answer depends on what the caller does not know "
                 f"({_e(', '.join(render.field_label(u) for u in o['unknown']))}). Read the part that applies:</p>"]
        for b in o["branches"]:
            if "to" in b:
                parts.append(f'<div class="branch"><p>If {_e(" or ".join(b["if"]))}: read '
                             f'<a href="#{b["to"]}"><b>{b["to"]}</b></a>.</p></div>')
            else:
                parts.append(f'<div class="branch"><p class="label">If {_e(" or ".join(b["if"]))}:</p>'
                             f'{outcome_html(b["outcome"], area_id, refs)}</div>')
        return "".join(parts)
    out = []
    r = o.get("route")
    if o.get("unsure_urgent"):
        out.append("<p><b>The caller is not sure whether the child is in immediate danger: treat it as urgent.</b></p>")
    if o.get("urgent"):
        out.append(f"<p><b>{_e(render.URGENT_999)}</b></p>")
    if r:
        out.append(f'<p class="label">{_e(r["title"])}{refs.ref(r.get("source"))}</p>')
        if o.get("hub") and o.get("hub_contact") in HUB:
            out.append(f"<p>Contact the {_e(o['hub'])}? <b>{HUB[o['hub_contact']]}</b>.</p>")
        if r.get("summary"):
            out.append(f"<p>{_e(r['summary'])}</p>")
    elif o["status"] == Status.TOO_MANY_UNKNOWN:
        adv = "; ".join(f"{c['name']}" + (f" on {c['value']}" if c.get("value") else "") for c in o.get("advice") or [])
        out.append("<p class=\"label\">More than one answer is not known.</p><p>The assistant works out what holds "
                   "either way and gives one answer per possibility: use it, or the caller can ask the area's advice "
                   f"contacts: {_e(adv)}. {_e(render.CALL_999)}</p>")
    elif o["status"] == Status.NOT_FOUND:
        out.append("<p class=\"label\">No route in the procedure matches these answers.</p><p>Check the answers "
                   "with the caller; if they are right, the caller should speak to the area's advice contact.</p>")
    if o.get("steps"):
        out.append('<p class="label">What the caller should do</p><ol>' + "".join(
            f"<li>{_e(s['text'])}{refs.ref(s.get('source'))}</li>" for s in o["steps"]) + "</ol>")
    if o.get("contacts"):
        lis = []
        for c in o["contacts"]:
            val = f": <b>{_e(c['value'])}</b>" if c.get("value") else f" ({_e(render.NO_NUMBER)})"
            said = f' <span class="spell">(say: {_e(c["say"])})</span>' if c.get("say") else ""
            lis.append(f"<li>{_e(c['name'])}{val}{said} \u2014 {_e(c['use'])}{refs.ref(c.get('source'))}</li>")
        out.append('<p class="label">Who to contact</p><ul>' + "".join(lis) + "</ul>")
    if o.get("checklist"):
        out.append('<p class="label">What to have ready</p><ul>' + "".join(
            f"<li>{_e(s['text'])}{refs.ref(s.get('source'))}</li>" for s in o["checklist"]) + "</ul>")
    if o.get("deadlines"):
        out.append('<p class="label">By when</p><ul>' + "".join(
            f"<li>{_e(x['text'])}: {_e(x['timescale'])}{refs.ref(x.get('source'))}"
            f"{(' ' + _e(x['note'])) if x.get('note') else ''}</li>" for x in o["deadlines"]) + "</ul>")
    notes = [n for n in o.get("notes") or [] if n["kind"] in ("gap", "warning") and n not in (skip_notes or [])]
    if notes:
        out.append('<p class="label">Please note</p><ul>' + "".join(
            f"<li>{'Gap in the document: ' if n['kind'] == 'gap' else ''}{_e(n['text'])}{refs.ref(n.get('source'))}</li>"
            for n in notes) + "</ul>")
    return "".join(out)


def to_html(s: Script, generated: Optional[dt.date] = None, css_href: Optional[str] = None,
            flowchart_href: Optional[str] = None) -> str:
    generated = generated or dt.date.today()
    head_css = f'<link rel="stylesheet" href="{_e(css_href)}">' if css_href else f"<style>{CSS}</style>"
    docs = "; ".join(
        f"{_e(d['title'])}" + "".join(f", {k.replace('_', ' ')} {_e(d[k])}" for k in ("version", "date", "review_date") if d.get(k))
        for d in s.documents)
    levels = ", ".join(f"{_e(lv['number'])}: {_e(lv['name'])}" for lv in s.levels)
    parts = [f"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{_e(s.area_name)} call script "
             f"\u2014 Stepwise</title>{head_css}</head><body>",
             f"<h1>{_e(s.area_name)}: call script</h1>",
             f'<p class="meta">Generated by Stepwise on {generated.strftime("%d %B %Y")} from the encoded procedure: {docs}. '
             f"Levels of need in {_e(s.area_name)}: {levels}. This script and the assistant come from the same data.</p>",
             "<p><b>How to use it.</b> Start at Q1. Read the <b>Say:</b> line to the caller. Find the caller's answer "
             "and go to the step shown (0 if they do not know). At an answer (A), read what the caller should do, who "
             "to contact (spell out numbers in their groups), what to have ready and by when. Sources are for you, "
             "not to read out.</p>"]
    if flowchart_href:
        parts.append(f'<p class="meta">Flowchart of this script: <a href="{_e(flowchart_href)}">{_e(flowchart_href)}</a></p>')
    refs = _Refs()
    parts.append(f'<div class="node urgent"><h2>If the caller says a child is in immediate danger, at any point</h2>'
                 f'{outcome_html(s.urgent["outcome"], s.area, refs)}</div>')
    common = common_notes(s)
    if common:
        parts.append('<div class="node"><h3>Notes that apply to every answer below</h3><ul>' + "".join(
            f"<li>{'Gap in the document: ' if n['kind'] == 'gap' else ''}{_e(n['text'])}{refs.ref(n.get('source'))}</li>"
            for n in common) + "</ul></div>")
    parts.append("<h2>Questions</h2>")
    for n in s.questions():
        rows = "".join(
            f'<tr><td class="key">{_e(a.key)}</td><td>{_e(a.label)}</td><td class="to">\u2192 <a href="#{a.to}">{a.to}</a></td></tr>'
            for a in n.answers)
        typed = "<p class=\"small\">Type the number the caller gives.</p>" if n.type == "int" else ""
        parts.append(
            f'<div class="node question" id="{n.id}"><h3><span class="id">{n.id}</span>{_e(n.question)}</h3>'
            f'<p class="say">\u201c{_e(spoken.expand(n.say or n.question, s.area))}\u201d</p>{typed}'
            f'<table class="answers">{rows}</table>'
            f'<p class="small">Why this is asked: {_e(n.why or "it decides which route applies.")}{refs.ref(n.source)}</p>'
            f"</div>")
    parts.append("<h2>Answers</h2>")
    for n in s.outcomes():
        cls = "node outcome" + (" urgent" if (n.outcome or {}).get("urgent") else " route")
        parts.append(f'<div class="{cls}" id="{n.id}"><h3><span class="id">{n.id}</span>'
                     f'{_e(_outcome_title(n.outcome, s))}</h3>{outcome_html(n.outcome, s.area, refs, common)}</div>')
    parts.append("<h2>Every route in this procedure, and where the script reaches it</h2><ul>")
    index = s.route_index()
    eng = default_engine()
    for r in eng.reg.areas[s.area].routes:
        where = ", ".join(f'<a href="#{i}">{i}</a>' for i in index.get(r.id, [])) or "not reached"
        parts.append(f"<li>{_e(r.title)} <span class=\"small\">({_e(r.id)})</span>: {where}</li>")
    parts.append("</ul><h2>Sources</h2>")
    parts.append(refs.html())
    parts.append("</body></html>")
    return "\n".join(parts)


def _outcome_title(o: dict, s: Optional[Script] = None) -> str:
    if o["status"] == Status.CONDITIONAL:
        titles = []
        for b in o["branches"]:
            t = _outcome_title(s.nodes[b["to"]].outcome, s) if "to" in b else _outcome_title(b["outcome"])
            if t not in titles:
                titles.append(t)
        return "Depends on what is not known: " + " / ".join(titles)
    if o.get("route"):
        return o["route"]["title"]
    return {Status.NOT_FOUND: "No route matches these answers",
            Status.TOO_MANY_UNKNOWN: "More than one answer not known"}.get(o["status"], o["status"])


def to_pdf(html_text: str, path: Path) -> None:
    from weasyprint import HTML  # imported here: the chat never needs it

    HTML(string=html_text, base_url=str(path.parent)).write_pdf(str(path))


def write(area_id: str, out_dir: Path, pdf: bool = True, eng: Optional[Engine] = None) -> List[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    s = build(area_id, eng)
    text = to_html(s, flowchart_href=f"{area_id}-flowchart-1.svg")  # the first page (guidance.flowchart.write)
    paths = [out_dir / f"{area_id}-script.html"]
    paths[0].write_text(text, encoding="utf-8")
    if pdf:
        paths.append(out_dir / f"{area_id}-script.pdf")
        to_pdf(text, paths[-1])
    return paths
