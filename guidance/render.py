"""Plain-text rendering of decisions and questions (pure; no Rasa).

The text is what a call-handler reads out or a professional scans: the route,
the answer to "should I contact the hub?", steps, contacts, what must go with
the request, deadlines as dates, warnings, and a marker [n] on every statement
pointing at its source. ``full=True`` adds the verbatim quotes.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from typing import List, Optional, Tuple

from . import calendar

HUB_ANSWER = {
    "urgent": "Yes, now, urgently",
    "yes": "Yes",
    "no": "No",
}


_MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\((https?://[^()\s]+)\)")
_MD_DEAD_LINK = re.compile(r"\[([^\[\]\n]+)\]\((?!https?://)[^()\s]*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_HEAD = re.compile(r"(?m)^\s{0,3}#{1,6}\s*")
_MD_ESC = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def plain(text: Optional[str]) -> str:
    """The markdown of the extracted documents as plain text: emphasis
    markers, heading hashes and escapes removed, [label](url) as
    "label (url)", runs of spaces as one."""
    if not text:
        return ""
    t = _MD_LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", str(text))
    t = _MD_DEAD_LINK.sub(lambda m: m.group(1), t)
    t = _MD_EMPH.sub(lambda m: m.group(2), t)
    t = t.replace("**", "")
    t = _MD_HEAD.sub("", t)
    t = _MD_ESC.sub(r"\1", t)
    return re.sub(r"[ \t]+", " ", t).strip()


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", plain(text)).strip().lower()


class _Sources:
    """Numbers each distinct source the first time it is used: each passage
    (quote) in the full view, each section in the short one. A quote that is
    part of a passage already numbered (same section) gets that number, and a
    longer passage that contains one already numbered takes its place."""

    def __init__(self, by_quote: bool = True) -> None:
        self.by_quote = by_quote
        self.items: List[dict] = []
        self._keys: List[Tuple[str, str, str]] = []

    def number(self, source: Optional[dict]) -> Optional[int]:
        if not source or not source.get("doc"):
            return None
        doc, sec = source["doc"], source.get("section") or ""
        quote = _norm(source.get("quote") or "") if self.by_quote else ""
        for i, (d, s, q) in enumerate(self._keys):
            if d != doc or s != sec:
                continue
            if q == quote or (quote and q and quote in q):
                return i + 1
            if quote and q and q in quote:  # the longer passage stands for both
                self._keys[i] = (d, s, quote)
                self.items[i] = source
                return i + 1
        self._keys.append((doc, sec, quote))
        self.items.append(source)
        return len(self.items)

    def ref(self, source: Optional[dict]) -> str:
        n = self.number(source)
        return f" [{n}]" if n else ""


def cite_short(source: dict) -> str:
    """The document and the section's own title (never the section's id)."""
    doc = source.get("doc_title") or source.get("doc") or ""
    title = source.get("section_title")
    return f"{doc}, \u201c{title}\u201d" if title else doc


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


def conditional_text(d: dict, full: bool = False, sources: Optional["_Sources"] = None,
                     detailed: Optional[bool] = None) -> str:
    """An answer that depends on facts the person does not know: one part per
    answer it could lead to, each with its own steps, contacts and sources.
    With ``sources`` the parts share one numbering and the caller lists them."""
    unknown = ", ".join(f.replace("_", " ") for f in d.get("unknown") or [])
    groups = _groups(d)
    detailed = len(groups) <= DETAILED_GROUPS if detailed is None else detailed
    lines = [f"The answer depends on what is not known yet ({unknown}). What applies in each case:"]
    for conds, sub in groups:
        lines.append("")
        lines.append("If " + " or ".join(conds) + ":")
        if detailed:
            if sources is None:
                lines.append(decision_text(sub, full=full))
            else:
                lines.extend(_body_lines(sub, sources, full))
        else:
            route = sub.get("route")
            title = route["title"] if route else "no route in the procedure matches"
            hub = f" Contact the {sub['hub']}? {HUB_ANSWER[sub['hub_contact']]}." if sub.get("hub") and sub.get("hub_contact") in HUB_ANSWER else ""
            lines.append(f"{title}.{hub}")
    if not detailed:
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


def _body_lines(d: dict, s: "_Sources", full: bool) -> List[str]:
    """A decision's statements, each with its source marker (no source list)."""
    lines: List[str] = []
    route = d.get("route")
    if d.get("urgent"):
        lines.append("URGENT: if a child is in immediate danger, call 999 now.")
    if route:
        lines.append(f"{route['title']}{s.ref(route.get('source'))}")
    if d.get("hub") and d.get("hub_contact") in HUB_ANSWER:
        lines.append(f"Contact the {d['hub']}? {HUB_ANSWER[d['hub_contact']]}.")
    if route and route.get("summary"):
        lines.append(plain(route["summary"]))
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
            lines.append(f"{i}. {plain(st['text'])}{s.ref(st.get('source'))}")
    if d.get("contacts"):
        lines.append("")
        lines.append("Who to contact:")
        for c in d["contacts"]:
            lines.append(f"- {_contact_line(c)}{s.ref(c.get('source'))}")
    if d.get("checklist"):
        lines.append("")
        lines.append("What must go with it:")
        for c in d["checklist"]:
            lines.append(f"- {plain(c['text'])}{s.ref(c.get('source'))}")
    if d.get("deadlines"):
        lines.append("")
        lines.append("By when:")
        for dl in d["deadlines"]:
            when = _date(dl["due"]) if dl.get("due") else "date not known yet"
            extra = f" {dl['note']}" if dl.get("note") and full else ""
            lines.append(f"- {plain(dl['text'])}: {when} ({dl['basis']}){s.ref(dl.get('source'))}{extra}")
    notes = d.get("notes") or []
    warnings = [n for n in notes if n["kind"] in ("warning", "gap")]
    infos = [n for n in notes if n["kind"] == "info"]
    if warnings:
        lines.append("")
        lines.append("Please note:")
        for n in warnings:
            tag = "Gap in the document: " if n["kind"] == "gap" else "Warning: "
            lines.append(f"- {tag}{plain(n['text'])}{s.ref(n.get('source'))}")
    if infos and full:
        lines.append("")
        lines.append("Also in the procedure:")
        for n in infos:
            lines.append(f"- {plain(n['text'])}{s.ref(n.get('source'))}")
    return lines


def _source_lines(s: "_Sources", full: bool) -> List[str]:
    if not s.items:
        return []
    one_doc = len({src.get("doc") for src in s.items}) == 1 and full
    lines = ["", "Sources" + (f" (all from {s.items[0].get('doc_title') or s.items[0].get('doc')}):" if one_doc else ":")]
    for i, src in enumerate(s.items, 1):
        if full and src.get("quote"):
            where = f"\u201c{src['section_title']}\u201d" if one_doc and src.get("section_title") else cite_short(src)
            lines.append(f"[{i}] {where}: \u201c{plain(src['quote'])}\u201d")
        else:
            lines.append(f"[{i}] {cite_short(src)}")
    return lines


def decision_text(d: dict, full: bool = False) -> str:
    if d.get("status") == "conditional":
        return conditional_text(d, full)
    s = _Sources(by_quote=full)
    lines = _body_lines(d, s, full) + _source_lines(s, full)
    return "\n".join(lines).strip()


# ------------------------------------------------------------------ the record

#: short labels for facts whose definition has no ``summary`` (the question is too long for a label)
SHORT_LABELS = {
    "halton_incident": "An incident led to a contact or referral to iCART or EDT",
    "closed_to_social_care_within_3_months": "Closed to Children's Social Care in the last 3 months",
    "stockport_family": "You work for Stockport Family",
    "lead_professional_stockport_family": "Lead professional is in Stockport Family",
    "wirral_family_matters": "Case allocated to Family Matters",
}


def fact_label(name: str, fd) -> str:
    """A short label for a fact in "your answers": its summary, else a short
    form of its question (without the parts in brackets)."""
    if getattr(fd, "summary", None):
        return fd.summary
    if name in SHORT_LABELS:
        return SHORT_LABELS[name]
    q = re.sub(r"\s*\([^)]*\)", "", getattr(fd, "question", "") or name).strip().rstrip("?")
    return q if len(q) <= 60 else q[:57].rsplit(" ", 1)[0] + "\u2026"


def _walk(d: dict, s: "_Sources") -> None:
    """Numbers a decision's sources in the order the text cites them."""
    if d.get("status") == "conditional":
        for _conds, sub in _groups(d):
            _walk(sub, s)
        return
    items = [d.get("route")] + list(d.get("steps") or []) + list(d.get("contacts") or []) \
        + list(d.get("checklist") or []) + list(d.get("deadlines") or [])
    notes = d.get("notes") or []
    items += [n for n in notes if n.get("kind") in ("warning", "gap")] + [n for n in notes if n.get("kind") == "info"]
    for it in items:
        if it and it.get("source"):
            it["source"]["n"] = s.number(it["source"])


def widget_decision(d: dict) -> dict:
    """The decision for the widget: a copy whose statement sources carry
    ``n``, the number of their passage in ``sources`` (one entry per distinct
    passage, quote as plain text, with the section's own title), and, when
    the answer is conditional, ``groups``: one part per answer it could lead to."""
    out = copy.deepcopy(d)
    s = _Sources(by_quote=True)
    _walk(out, s)
    out["sources"] = [{"n": i, "doc": src.get("doc"), "doc_title": src.get("doc_title") or src.get("doc"),
                       "section_title": src.get("section_title") or "", "quote": plain(src.get("quote"))}
                      for i, src in enumerate(s.items, 1)]
    if out.get("status") == "conditional":
        out["groups"] = [{"when": conds, "decision": sub} for conds, sub in _groups(out)]
    return out


def _when(when: dt.datetime) -> str:
    return f"{calendar.format_date(when.date())} at {when.strftime('%H:%M')}"


def _documents_lines(d: dict) -> List[str]:
    today = dt.date.fromisoformat(d["today"]) if d.get("today") else None
    docs = list(d.get("documents") or [])
    for b in d.get("branches") or []:
        docs += [x for x in b["decision"].get("documents") or [] if x["id"] not in {y["id"] for y in docs}]
    lines = []
    for doc in docs:
        bits = [f"version {doc['version']}" if doc.get("version") else "no version stated"]
        if doc.get("date"):
            bits.append(f"dated {doc['date']}")
        if doc.get("review_date"):
            bits.append(f"review date {doc['review_date']}")
        lines.append(f"- {doc.get('title') or doc.get('id')} ({'; '.join(bits)})")
        if doc.get("review_date") and today and dt.date.fromisoformat(str(doc["review_date"])) < today:
            lines.append(f"  WARNING: this document is past its review date ({doc['review_date']}); "
                         "check with the area that it is still current.")
    return lines


def record_text(d: dict, facts: List[dict], when: dt.datetime, unknown: Optional[List[str]] = None) -> str:
    """The record of a decision to keep (the widget's "Copy as text" and
    "Print", and the full summary in every channel): when, area and document
    versions, the facts as answered, the answer with its steps, contacts,
    checklist and deadlines, and every source numbered, with its quote."""
    s = _Sources(by_quote=True)
    lines = ["Stepwise record: step up / step down guidance",
             f"Made on {_when(when)}"]
    if d.get("area_name"):
        lines.append(f"Area: {d['area_name']}" + (f" (front door: {d['hub']})" if d.get("hub") else ""))
    docs = _documents_lines(d)
    if docs:
        lines += ["Procedure documents used:"] + docs
    lines += ["", "The facts as answered:"]
    rows = [f for f in facts or [] if f.get("label")]
    lines += [f"- {f['label']}: {f.get('value_label') or f.get('value')}" for f in rows] or ["- (none given)"]
    for u in unknown or []:
        lines.append(f"- {u}: not known")
    lines += ["", "Answer:"]
    if d.get("status") == "conditional":
        lines.append(conditional_text(d, full=True, sources=s, detailed=True))
    else:
        body = _body_lines(d, s, full=True)
        lines += body if body else [{"out_of_area": "This area is not covered by Stepwise."}.get(d.get("status"), "")]
    lines += _source_lines(s, full=True)
    lines += ["", "Worked out from the area's published procedure (quotes as written, without their formatting). "
              "Check the procedure and use your professional judgement. If a child is in immediate danger, call 999."]
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
