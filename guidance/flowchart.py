"""Each area's flowchart, drawn with Graphviz from the same walk as the call
script (:mod:`guidance.script`): the questions are the decision points, the
routes the end points, in the area's own words and level names.

The flowchart shows the answers a caller knows; "I don't know" (0) is
followed in the call script, which has the same question numbers where the
two coincide.

    python -m guidance flowchart --area stockport --out build/scripts/   (SVG and PNG)
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict, List, Optional

from . import script as scriptmod
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
    return {"not_found": "No route matches:\ncheck the answers, or call\nthe area's advice contact"}.get(o["status"], o["status"])


def graph(s: scriptmod.Script, eng: Optional[Engine] = None):
    """A graphviz.Digraph of the known-answer part of the script."""
    import graphviz

    eng = eng or default_engine()
    area = eng.reg.areas[s.area]
    g = graphviz.Digraph(name=f"{s.area}-flowchart", format="svg")
    g.attr(rankdir="LR", size="11.2,7.6", ratio="compress", nodesep="0.12", ranksep="0.35",
           fontname="DejaVu Sans", fontsize="12", labelloc="t", newrank="true",
           label=f"{s.area_name}: step up / step down flowchart (Stepwise, from the encoded procedure)\n"
                 f"Levels of need: " + "; ".join(f"{lv['number']}: {lv['name']}" for lv in s.levels) +
                 "\nAt any point, if a child is in immediate danger: call 999, then the urgent route. "
                 "'I don't know' (0) is in the call script.")
    g.attr("node", fontname="DejaVu Sans", fontsize="9", margin="0.06,0.03")
    g.attr("edge", fontname="DejaVu Sans", fontsize="7.5", arrowsize="0.5")
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

    for n in s.questions():
        g.node(n.id, f"{n.id}  {_short_question(n)}", shape="box", style="rounded,bold", color="#0a6a3a")
    for n in s.questions():
        edges: Dict[str, List[str]] = {}
        for a in n.answers:
            if a.value == scriptmod.DONT_KNOW:
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


def write(area_id: str, out_dir: Path, eng: Optional[Engine] = None) -> List[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    s = scriptmod.build(area_id, eng, max_unknown=0)
    g = graph(s, eng)
    paths = []
    for fmt in ("svg", "png"):
        g.format = fmt
        if fmt == "png":
            g.attr(dpi="200")
        p = out_dir / f"{area_id}-flowchart.{fmt}"
        p.write_bytes(g.pipe(format=fmt))
        paths.append(p)
    return paths
