"""Each area's flowchart, drawn with Graphviz from the same walk as the call
script (:mod:`guidance.script`): the questions are the decision points, the
routes the end points, in the area's own words and level names.

The flowchart shows the answers a caller knows; "I don't know" (0) is
followed in the call script, which has the same question numbers where the
two coincide.

    python -m guidance flowchart --area stockport --out build/scripts/   (SVG and PNG, one pair per A4
    landscape page: per direction, split at the first branching question while a page would print
    below MIN_SCALE)
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional

from . import render, script as scriptmod
from .decision import Status
from .engine import Engine, engine as default_engine


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _short_question(node) -> str:
    q = node.question or ""
    return _wrap(q if len(q) <= 90 else q[:87].rsplit(" ", 1)[0] + "\u2026", 30)


def _short_label(label: str) -> str:
    label = label.split(" (")[0] if len(label) > 34 else label
    return _wrap(label if len(label) <= 44 else label[:42].rsplit(" ", 1)[0] + "\u2026", 22)


def end_label(o: dict) -> str:
    if o.get("route"):
        hub = f"\nContact the {o['hub']}? {scriptmod.HUB[o['hub_contact']]}" if o.get("hub") and o.get("hub_contact") in scriptmod.HUB else ""
        return _wrap(o["route"]["title"], 34) + hub
    return {Status.NOT_FOUND: "No route matches:\ncheck the answers, or call\nthe area's advice contact"}.get(o["status"], o["status"])


#: one chart per direction, each on its own A4 landscape page
DIRECTIONS = {"step_up": "step up (needs rising)", "step_down": "step down (needs reducing)"}
#: A4 landscape less margins, in inches (Graphviz scales a larger drawing down to it)
PAGE = (11.2, 7.6)


def _taken(n, a, only: Dict[str, set]) -> bool:
    """Is this answer drawn on a page that shows only the ``only`` values of some facts?"""
    return a.value != scriptmod.DONT_KNOW and (n.field not in only or a.value in only[n.field])


def _reachable(s: scriptmod.Script, only: Dict[str, set]) -> set:
    """The question nodes reached from the root by known answers allowed by ``only``."""
    seen, todo = set(), [s.root]
    while todo:
        n = s.nodes[todo.pop()]
        if n.id in seen or n.kind != "question":
            continue
        seen.add(n.id)
        todo.extend(a.to for a in n.answers if _taken(n, a, only))
    return seen


def graph(s: scriptmod.Script, eng: Optional[Engine] = None, only: Optional[Dict[str, set]] = None,
          title: str = "step up / step down", rankdir: str = "LR"):
    """A graphviz.Digraph of the known-answer part of the script; with ``only``
    ({field: values}), just the part those answers lead to (one page)."""
    import graphviz

    eng = eng or default_engine()
    only = only or {}
    keep = _reachable(s, only)
    g = graphviz.Digraph(name=f"{s.area}-flowchart", format="svg")
    levels = "Levels of need: " + "; ".join(f"{lv['number']}: {lv['name']}" for lv in s.levels)
    g.attr(rankdir=rankdir, size=f"{PAGE[0]},{PAGE[1]}", nodesep="0.08", ranksep="0.25",
           fontname="DejaVu Sans", fontsize="11", labelloc="t", newrank="true",
           label=_wrap(f"{s.area_name}: {title}", 100) + "\n" + _wrap(levels, 110) +
                 f"\n{render.CALL_999_AT_ANY_POINT}\n"
                 "'I don't know' (0) is in the call script. (Stepwise, from the encoded procedure)")
    g.attr("node", fontname="DejaVu Sans", fontsize="9", margin="0.06,0.03")
    g.attr("edge", fontname="DejaVu Sans", fontsize="8", arrowsize="0.5")
    ends: Dict[str, str] = {}

    def end_node(o: dict) -> str:
        key = (o.get("route") or {}).get("id") or o["status"]
        if key not in ends:
            nid = f"end_{len(ends) + 1}"
            ends[key] = nid
            urgent = o.get("urgent")
            g.node(nid, end_label(o), shape="box", style="filled,rounded",
                   fillcolor="#ffd6d6" if urgent else "#dde8ff" if o.get("route") else "#eeeeee",
                   color="#aa0000" if urgent else "#223366", fontsize="9.5")
        return ends[key]

    questions = [n for n in s.questions() if n.id in keep]
    for n in questions:
        g.node(n.id, f"{n.id}  {_short_question(n)}", shape="box", style="rounded,bold", color="#0a6a3a")
    for n in questions:
        edges: Dict[str, List[str]] = {}
        for a in n.answers:
            if not _taken(n, a, only):
                continue
            target = s.nodes[a.to]
            if target.kind == "question":
                to = target.id
            elif target.outcome.get("route"):
                to = end_node(target.outcome)
            else:  # "no route" drawn beside each question that leads to it
                to = f"{n.id}_none"
                g.node(to, "no route: check the answers,\nor the area's advice contact", shape="box",
                       style="dashed,rounded", fontsize="8", color="#777777")
            edges.setdefault(to, []).append((f"{a.key} " if a.key else "") + _short_label(a.label))
        for to, labels in edges.items():
            keyed = all(a.key for a in n.answers if a.value != scriptmod.DONT_KNOW)
            if len(labels) <= 2:
                label = "\n".join(labels)
            elif keyed:
                label = ", ".join(l.split(" ")[0] for l in labels) + f"\n({len(labels)} answers)"
            else:
                label = "\n".join(l.replace("\n", " ") for l in labels)
            g.edge(n.id, to, label=label)
    return g


def routes_named(svg_text: str, area_id: str, eng: Optional[Engine] = None) -> List[str]:
    """The routes of the area whose titles appear in an SVG (for the tests)."""
    import re
    import xml.etree.ElementTree as ET

    eng = eng or default_engine()
    root = ET.fromstring(svg_text)
    words = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    words = re.sub(r"\s+", " ", words)
    return [r.id for r in eng.reg.areas[area_id].routes if " ".join(textwrap.wrap(r.title, 34)) in words]


def scale(g) -> float:
    """How much Graphviz shrinks the drawing to fit the A4 landscape page (1 = full size)."""
    import re

    natural = g.copy()
    natural.attr(size="")  # the drawing at full size
    m = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', natural.pipe(format="svg").decode())
    return min(1.0, PAGE[0] * 72 / float(m.group(1)), PAGE[1] * 72 / float(m.group(2)))


#: the least a page may be shrunk to and stay readable in print (9 pt boxes at 0.75: about 7 pt)
MIN_SCALE = 0.75
#: the fact whose answers split a direction's chart over pages when it does not fit on one
SPLIT_BY = "current_service"


def _branch(s: scriptmod.Script, only: Dict[str, set]):
    """The first question (nearest the root) on a page that still branches
    on a fact the page does not fix: where to split the page."""
    keep, seen, todo = _reachable(s, only), set(), [s.root]
    while todo:
        n = s.nodes[todo.pop(0)]
        if n.id in seen or n.id not in keep:
            continue
        seen.add(n.id)
        taken = [a for a in n.answers if _taken(n, a, only)]
        if n.field not in only and n.field != "immediate_risk" and len({a.to for a in taken}) > 1:
            return n, taken
        todo.extend(a.to for a in taken)
    return None, []


def pages(s: scriptmod.Script, eng: Optional[Engine] = None) -> List[tuple]:
    """The flowchart in A4 landscape pages: one per direction, and where a
    page does not fit at a readable size (MIN_SCALE) it is split at its first
    branching question, answers grouped while they fit (and split again if
    one answer's part alone does not). Each page is drawn left to right or
    top to bottom, whichever is larger on the page. A list of (title, graph, scale)."""
    eng = eng or default_engine()

    def best(only, title):
        options = [graph(s, eng, only, title, rd) for rd in ("LR", "TB")]
        return max(((g, scale(g)) for g in options), key=lambda x: x[1])

    def split(only, title, depth=0):
        g, sc = best(only, title)
        node, taken = _branch(s, only) if sc < MIN_SCALE and depth < 3 else (None, [])
        if node is None:
            return [(title, g, sc)]
        name = (eng.reg.fields[node.field].summary or node.field).lower()
        units: Dict[str, list] = {}  # answers that lead to the same question stay on one page
        labels = {}
        for a in taken:
            if a.value not in labels:
                units.setdefault(a.to, []).append(a.value)
                labels[a.value] = _short_label(a.label).replace("\n", " ")
        out, group, fitted = [], [], None
        for unit in list(units.values()) + [None]:
            trial = group + unit if unit is not None else group
            v = unit
            part = lambda vs: {**only, node.field: set(vs)}  # noqa: E731
            named = lambda vs: f"{title}; {name}: " + ", ".join(labels[x] for x in vs)  # noqa: E731
            if v is not None:
                g, sc = best(part(trial), named(trial))
                if not group or sc >= MIN_SCALE:
                    group, fitted = trial, (named(trial), g, sc)
                    continue
            # the group is full: keep it (split again if one answer alone does not fit)
            out += split(part(group), named(group), depth + 1) if fitted[2] < MIN_SCALE else [fitted]
            if v is not None:
                group = list(v)
                g, sc = best(part(group), named(group))
                fitted = (named(group), g, sc)
        return out

    return [p for d, what in DIRECTIONS.items() for p in split({"direction": {d}}, what.capitalize())]


def write(area_id: str, out_dir: Path, eng: Optional[Engine] = None) -> List[Path]:
    """``<area>-flowchart-<n>.svg`` and ``.png``, one pair per A4 landscape page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{area_id}-flowchart*.*"):
        old.unlink()
    s = scriptmod.build(area_id, eng, max_unknown=0)
    paths = []
    for i, (_title, g, _sc) in enumerate(pages(s, eng), 1):
        for fmt in ("svg", "png"):
            if fmt == "png":
                g.attr(dpi="200")
            p = out_dir / f"{area_id}-flowchart-{i}.{fmt}"
            p.write_bytes(g.pipe(format=fmt))
            paths.append(p)
    return paths
