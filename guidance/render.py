"""Plain-text rendering of decisions and questions (pure; no Rasa).

The text is what a call-handler reads out or a professional scans: the route,
the answer to "should I contact the hub?", steps, contacts, what must go with
the request, deadlines as dates, warnings, and a marker [n] on every statement
pointing at its source. ``full=True`` adds the verbatim quotes.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional, Tuple

from . import calendar

HUB_ANSWER = {
    "urgent": "Yes, now, urgently",
    "yes": "Yes",
    "no": "No",
}


class _Sources:
    """Numbers each distinct source the first time it is used: each quote in
    the full view, each section in the short one."""

    def __init__(self, by_quote: bool = True) -> None:
        self.by_quote = by_quote
        self.order: Dict[Tuple[str, ...], int] = {}
        self.items: List[dict] = []

    def ref(self, source: Optional[dict]) -> str:
        if not source:
            return ""
        key = (source["doc"], source["section"]) + ((source["quote"],) if self.by_quote else ())
        if key not in self.order:
            self.items.append(source)
            self.order[key] = len(self.items)
        return f" [{self.order[key]}]"


def cite_short(source: dict) -> str:
    return f"{source.get('doc_title', source['doc'])}, \u201c{source.get('section_title', source['section'])}\u201d"


def _contact_line(c: dict) -> str:
    value = c.get("value")
    head = f"{c['name']}: {value}" if value else f"{c['name']} (the document gives no phone number or address)"
    return f"{head} \u2014 {c['use']}"


def _date(iso: str) -> str:
    return calendar.format_date(dt.date.fromisoformat(iso))


def _groups(d: dict) -> List[Tuple[List[str], dict]]:
    """A conditional decision's branches grouped by the answer they lead to."""
    groups: List[Tuple[List[str], dict]] = []
    keys: List[tuple] = []
    for b in d.get("branches") or []:
        sub = b["decision"]
        key = (sub.get("status"), (sub.get("route") or {}).get("id"), sub.get("hub_contact"),
               tuple(x["text"] for x in sub.get("steps", [])), tuple(c.get("id") for c in sub.get("contacts", [])))
        if key in keys:
            groups[keys.index(key)][0].append(b["assume_text"])
        else:
            keys.append(key)
            groups.append(([b["assume_text"]], sub))
    return groups


#: more groups than this are listed by route only (the detail would bury the point)
DETAILED_GROUPS = 3


def conditional_text(d: dict, full: bool = False) -> str:
    """An answer that depends on facts the person does not know: one part per
    answer it could lead to, each with its own steps, contacts and sources."""
    unknown = ", ".join(f.replace("_", " ") for f in d.get("unknown") or [])
    groups = _groups(d)
    lines = [f"The answer depends on what is not known yet ({unknown}). What applies in each case:"]
    for conds, sub in groups:
        lines.append("")
        lines.append("If " + " or ".join(conds) + ":")
        if len(groups) <= DETAILED_GROUPS:
            lines.append(decision_text(sub, full=full))
        else:
            route = sub.get("route")
            title = route["title"] if route else "no route in the procedure matches"
            hub = f" Contact the {sub['hub']}? {HUB_ANSWER[sub['hub_contact']]}." if sub.get("hub") and sub.get("hub_contact") in HUB_ANSWER else ""
            lines.append(f"{title}.{hub}")
    if len(groups) > DETAILED_GROUPS:
        lines.append("")
        lines.append("Finding out any of these (or asking the area's advice contact) will narrow it to one answer.")
    return "\n".join(lines).strip()


def alternatives_lines(d: dict) -> List[str]:
    alts = d.get("alternatives") or []
    if not alts:
        return []
    lines = ["", "What would lead to a route (change the answer if it was not right):"]
    for a in alts:
        to = f": {a['route']}" if a.get("route") else ""
        lines.append(f"- {a['summary']} “{a['label']}”{to}")
    return lines


def decision_text(d: dict, full: bool = False) -> str:
    if d.get("status") == "conditional":
        return conditional_text(d, full)
    s = _Sources(by_quote=full)
    lines: List[str] = []
    route = d.get("route")
    if d.get("urgent"):
        lines.append("URGENT: if a child is in immediate danger, call 999 now.")
    if route:
        lines.append(f"{route['title']}{s.ref(route.get('source'))}")
    if d.get("hub") and d.get("hub_contact") in HUB_ANSWER:
        lines.append(f"Contact the {d['hub']}? {HUB_ANSWER[d['hub_contact']]}.")
    if route and route.get("summary"):
        lines.append(route["summary"])
    if d.get("status") == "not_found":
        lines.append("These facts match no route in the procedure.")
        used = [f"{u['summary']}: {u['label']}" for u in d.get("used") or [] if u["field"] != "area"]
        if used:
            lines.append("The answers used: " + "; ".join(used) + ".")
        lines.extend(alternatives_lines(d))
    if d.get("steps"):
        lines.append("")
        lines.append("What to do:")
        for i, st in enumerate(d["steps"], 1):
            lines.append(f"{i}. {st['text']}{s.ref(st.get('source'))}")
    if d.get("contacts"):
        lines.append("")
        lines.append("Who to contact:")
        for c in d["contacts"]:
            lines.append(f"- {_contact_line(c)}{s.ref(c.get('source'))}")
    if d.get("checklist"):
        lines.append("")
        lines.append("What must go with it:")
        for c in d["checklist"]:
            lines.append(f"- {c['text']}{s.ref(c.get('source'))}")
    if d.get("deadlines"):
        lines.append("")
        lines.append("By when:")
        for dl in d["deadlines"]:
            when = _date(dl["due"]) if dl.get("due") else "date not known yet"
            extra = f" {dl['note']}" if dl.get("note") and full else ""
            lines.append(f"- {dl['text']}: {when} ({dl['basis']}){s.ref(dl.get('source'))}{extra}")
    notes = d.get("notes") or []
    warnings = [n for n in notes if n["kind"] in ("warning", "gap")]
    infos = [n for n in notes if n["kind"] == "info"]
    if warnings:
        lines.append("")
        lines.append("Please note:")
        for n in warnings:
            tag = "Gap in the document: " if n["kind"] == "gap" else "Warning: "
            lines.append(f"- {tag}{n['text']}{s.ref(n.get('source'))}")
    if infos and full:
        lines.append("")
        for n in infos:
            lines.append(f"- {n['text']}{s.ref(n.get('source'))}")
    if s.items:
        lines.append("")
        lines.append("Sources:")
        for i, src in enumerate(s.items, 1):
            if full:
                lines.append(f"[{i}] {cite_short(src)}: \u201c{src['quote']}\u201d")
            else:
                lines.append(f"[{i}] {cite_short(src)}")
    return "\n".join(lines).strip()


def why_text(item: dict) -> str:
    why = item.get("why") or "It changes which route applies."
    src = item.get("source")
    if src:
        return f"I ask because: {why}\nSource: {cite_short(src)}: \u201c{src['quote']}\u201d"
    return f"I ask because: {why}"


def compare_text(result: dict) -> str:
    lines = ["The same facts, decided by each area's own procedure:"]
    for row in result["areas"]:
        route = row["route"]["title"] if row.get("route") else None
        if row["status"] == "needs_facts":
            missing = ", ".join(row["missing"][:3])
            status = f"needs more facts ({missing})"
        elif row["status"] == "not_found":
            status = "no route matches these facts"
        else:
            status = route or row["status"]
        hub = f"; contact the {row['hub']}? {HUB_ANSWER[row['hub_contact']]}" if row.get("hub_contact") in HUB_ANSWER else ""
        lvl = row.get("levels", {}).get("current_service")
        level = f" (current support is level {lvl['level']} there: {lvl['label']})" if lvl else ""
        lines.append(f"- {row['area_name']}: {status}{hub}{level}")
    lines.append(result["note"])
    return "\n".join(lines)


def contacts_text(heading: str, contacts: List[dict]) -> str:
    s = _Sources(by_quote=False)
    lines = [heading]
    for c in contacts:
        lines.append(f"- {_contact_line(c)}{s.ref(c.get('source'))}")
    lines.append("")
    lines.append("Sources:")
    lines.extend(f"[{i}] {cite_short(src)}" for i, src in enumerate(s.items, 1))
    lines.append("If a child is in immediate danger, call 999.")
    return "\n".join(lines)
