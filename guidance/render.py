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
from typing import Any, List, Mapping, Optional, Tuple

from . import calendar
from .decision import Decision, Status

# ------------------------------------------------------------------ the urgent wording
# Every user-facing sentence about 999, and the wording for a contact the
# procedure gives no number for, is written here once: the engine's urgent
# step, the text and record renderers, the call script, the spoken form and
# the domain generator's utter_urgent / utter_check_now all use these.

EMERGENCY_NUMBER = "999"


def call_999(now: bool = True, child: str = "a child", said: str = "") -> str:
    """The 999 sentence: 'If a child is in immediate danger, call 999 now.'
    ``said``: how the number is read aloud, shown after it (script mode)."""
    number = f"{EMERGENCY_NUMBER} ({said})" if said else EMERGENCY_NUMBER
    return f"If {child} is in immediate danger, call {number}{' now' if now else ''}."


#: the first step of every urgent answer, and the first line of the check-now question
CALL_999_NOW = call_999()
#: the reminder that closes a reply that is not an urgent answer
CALL_999 = call_999(now=False)
#: the line heading an urgent answer
URGENT_999 = "URGENT: " + CALL_999_NOW[0].lower() + CALL_999_NOW[1:]
#: the flowchart's reminder (the chart has no urgent branch of its own)
CALL_999_AT_ANY_POINT = f"If a child is in immediate danger at any point: call {EMERGENCY_NUMBER}, then the urgent route."
#: after 999 when the area is not known
THEN_URGENT_CONTACT = "Then contact the urgent safeguarding contact for the area where the child lives"
#: a contact the procedure names without a phone number, email or address
NO_NUMBER = "the procedure gives no number or address"
#: the urgent reply's last line (its button carries on with the case)
CONTINUE_TEXT = "If the child is not in immediate danger right now, press Continue and I will carry on with the case."
#: the greeting and the out-of-scope reply name the covered areas (the area folders the loader finds)
def greet_text(areas: str) -> str:
    return ("Hello, I'm Stepwise. I help professionals follow their area's step up / step down "
            f"protocol ({areas}): which route applies, who to contact, what must go with the "
            f"request and by when, with the protocol's own words for each point. {CALL_999_NOW} "
            "What do you need?")


#: the goodbye, and the reply to a message Stepwise did not understand
GOODBYE_TEXT = f"Goodbye. {CALL_999}"
DEFAULT_TEXT = f'Sorry, I didn\'t understand that. You can use the buttons, or say "help". {CALL_999}'


def out_of_scope_text(areas: str) -> str:
    return f"Sorry, I can only help with the step up / step down procedures of {areas}. {CALL_999}"


#: every turn's reply while the action server is down (then the area's advice contacts)
UNAVAILABLE_TEXT = ("Sorry: I cannot work through the procedure at the moment (part of Stepwise is not "
                    f"responding). Please try again in a minute.\n{CALL_999}")

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
    head = f"{c['name']}: {value}" if value else f"{c['name']} ({NO_NUMBER})"
    return f"{head} \u2014 {c['use']}"


def _date(iso: str) -> str:
    return calendar.format_date(dt.date.fromisoformat(iso))


def _groups(d: dict) -> List[Tuple[List[str], dict]]:
    """A conditional decision's branches grouped by the answer they lead to:
    one condition per group (``condition_text``: fields by their labels, two
    values of one field as "A or B"), and the decision it leads to."""
    groups: List[Tuple[List[Mapping[str, Any]], dict]] = []
    keys: List[tuple] = []
    for b in d.get("branches") or []:
        sub = b["decision"]
        key = (sub.get("status"), (sub.get("route") or {}).get("id"), sub.get("hub_contact"),
               tuple(x["text"] for x in sub.get("steps", [])), tuple(c.get("id") for c in sub.get("contacts", [])))
        if key in keys:
            groups[keys.index(key)][0].append(b.get("assume") or {})
        else:
            keys.append(key)
            groups.append(([b.get("assume") or {}], sub))
    universe = _universe(d)
    return [([condition_text(assumes, d.get("area"), universe)], sub) for assumes, sub in groups]


#: more groups than this are listed by route only (the detail would bury the point)
DETAILED_GROUPS = 3


def conditional_text(d: dict, full: bool = False, sources: Optional["_Sources"] = None,
                     detailed: Optional[bool] = None) -> str:
    """An answer that depends on facts the person does not know: one part per
    answer it could lead to, each with its own steps, contacts and sources.
    With ``sources`` the parts share one numbering and the caller lists them."""
    unknown = ", ".join(field_label(f) for f in d.get("unknown") or [])
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
        lines.append(f"- {field_label(a['field'])} “{a['label']}”{to}")
    return lines


def _body_lines(d: dict, s: "_Sources", full: bool) -> List[str]:
    """A decision's statements, each with its source marker (no source list)."""
    lines: List[str] = []
    route = d.get("route")
    if d.get("urgent"):
        lines.append(URGENT_999)
    if route:
        lines.append(f"{route['title']}{s.ref(route.get('source'))}")
    if d.get("hub") and d.get("hub_contact") in HUB_ANSWER:
        lines.append(f"Contact the {d['hub']}? {HUB_ANSWER[d['hub_contact']]}.")
    if route and route.get("summary"):
        lines.append(plain(route["summary"]))
    if d.get("status") == Status.NOT_FOUND:
        lines.append("These facts match no route in the procedure.")
        used = [f"{field_label(u['field'])}: {value_label(u['field'], u.get('value'), d.get('area'), u.get('label'))}"
                for u in d.get("used") or [] if u["field"] != "area"]
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
            lines.append(f"- {tag}{plain(named_fields(named_documents(n['text'])))}{s.ref(n.get('source'))}")
    if infos and full:
        lines.append("")
        lines.append("Also in the procedure:")
        for n in infos:
            lines.append(f"- {plain(named_fields(named_documents(n['text'])))}{s.ref(n.get('source'))}")
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
    if d.get("status") == Status.CONDITIONAL:
        return conditional_text(d, full)
    s = _Sources(by_quote=full)
    lines = _body_lines(d, s, full) + _source_lines(s, full)
    return "\n".join(lines).strip()


# ------------------------------------------------------------------ the record

def fact_label(name: str, fd) -> str:
    """A short label for a fact in "your answers": its summary, else a short
    form of its question (without the parts in brackets)."""
    if getattr(fd, "summary", None):
        return fd.summary
    q = re.sub(r"\s*\([^)]*\)", "", getattr(fd, "question", "") or name).strip().rstrip("?")
    return q if len(q) <= 60 else q[:57].rsplit(" ", 1)[0] + "\u2026"


def _registry(reg=None):
    if reg is not None:
        return reg
    from .loader import load  # the registry the engine loads by default (cached)
    return load()


def field_label(name: str, reg=None) -> str:
    """A field as the person reads it (``fact_label``: its summary, else a
    short form of its question), never its code."""
    fd = _registry(reg).fields.get(name)
    return fact_label(name, fd) if fd is not None else name.replace("_", " ")


def age_label(value: Any) -> str:
    """A child's age said back: 0 is a baby under one, not 'age 0'."""
    return "0 (under 1 year)" if value in (0, "0") and not isinstance(value, bool) else str(value)


#: fields whose number is an age in years (0 said as "under 1")
AGE_FIELDS = ("child_age",)


def value_label(name: str, value: Any, area_id: Optional[str] = None, given: Optional[str] = None,
                reg=None) -> str:
    """An answer as the person reads it: Yes/No, an option in the area's own
    words, an age of 0 as "0 (under 1 year)"; else ``given`` (the label the
    engine gave), else the value."""
    reg = _registry(reg)
    fd = reg.fields.get(name)
    if fd is None:
        return given or str(value)
    if fd.type == "bool" and isinstance(value, bool):
        return "Yes" if value else "No"
    if fd.type == "int" and name in AGE_FIELDS:
        return age_label(value)
    if fd.type == "enum":
        area = reg.areas.get(area_id or "")
        q = area.questions.get(name) if area else None
        labels = {**dict(fd.values), **dict((q.values if q and q.values else {}))}
        if value in labels:
            return labels[value]
    return given if given else str(value)


def _or(words: List[str], conj: str = "or") -> str:
    """'A or b', 'A, b or c': later values start lower-case when nothing
    else in them (before any brackets) is capitalised, so that a name or a
    term ('Stockport Family', 'Child in Need', 'EHA') keeps its capitals."""
    def lower(w: str) -> str:
        head = w.split("(", 1)[0]
        named = head.split(" ", 1)[0].strip(",.;:") in {a.name for a in _registry().areas.values()}
        return w[0].lower() + w[1:] if w and not named and not any(c.isupper() for c in head[1:]) else w
    out = [w if i == 0 else lower(w) for i, w in enumerate(words)]
    return out[0] if len(out) == 1 else ", ".join(out[:-1]) + f" {conj} " + out[-1]


def _universe(d: Mapping[str, Any]) -> dict:
    """Each assumed field of a conditional decision with the values its
    branches take, in order."""
    out: dict = {}
    for b in d.get("branches") or []:
        for k, v in (b.get("assume") or {}).items():
            vals = out.setdefault(k, [])
            if v not in vals:
                vals.append(v)
    return out


def _simplify(assumes: List[Mapping[str, Any]], universe: Mapping[str, list]) -> List[dict]:
    """The assumed answers of one part as few conditions as say the same:
    two that differ in one field only become one with both values, and a
    field that may take every value it takes anywhere in the answer is left
    out (it does not matter for this part)."""
    terms = [{k: [v] for k, v in a.items()} for a in assumes if a]

    def drop_full(t: dict) -> dict:
        return {k: vs for k, vs in t.items()
                if not (k in universe and len(universe[k]) > 1 and all(u in vs for u in universe[k]))}

    terms = [drop_full(t) for t in terms]
    changed = True
    while changed:
        changed = False
        for i in range(len(terms)):
            for j in range(i + 1, len(terms)):
                a, b = terms[i], terms[j]
                if set(a) != set(b):
                    continue
                diff = [k for k in a if a[k] != b[k]]
                if len(diff) > 1:
                    continue
                merged = dict(a)
                for k in diff:
                    merged[k] = a[k] + [v for v in b[k] if v not in a[k]]
                    if k in universe:
                        merged[k].sort(key=lambda v: universe[k].index(v) if v in universe[k] else len(universe[k]))
                terms[i] = drop_full(merged)
                del terms[j]
                changed = True
                break
            if changed:
                break
    return terms


def condition_text(assumes: List[Mapping[str, Any]], area_id: Optional[str] = None,
                   universe: Optional[Mapping[str, list]] = None, reg=None) -> str:
    """The condition one part of a conditional answer holds under, from the
    assumed answers that lead to it: 'Consent: The parent or carer has agreed
    or not asked yet' (one field, two values, said once), fields named by
    their labels, answers in the area's words, and a field that does not
    matter for the part left out (``universe``: the values each field takes
    over the whole answer)."""
    reg = _registry(reg)
    terms = _simplify(assumes, universe or {})
    if not terms or any(not t for t in terms):
        return "Whatever the answers"
    universe = universe or {}

    def values(k: str, vs: list) -> str:
        labels = [value_label(k, v, area_id, reg=reg) for v in vs]
        rest = [v for v in universe.get(k, []) if v not in vs]
        if len(vs) >= 3 and 1 <= len(rest) <= 2:  # all but one or two: say which not
            return "anything but " + _or([value_label(k, v, area_id, reg=reg) for v in rest], "and")
        return _or(labels)

    return " or ".join("; ".join(f"{field_label(k, reg)}: {values(k, vs)}" for k, vs in t.items()) for t in terms)


def named_documents(text: str, reg=None) -> str:
    """A text that names a document by its id ('wirral-000, section 3.1')
    with the document's title instead, as the rest of the answer names it;
    an id just after the title in quotes is dropped."""
    if not text:
        return text
    for doc_id, doc in _registry(reg).documents.items():
        if doc_id not in text:
            continue
        title = getattr(doc, "title", None) or doc_id
        t = r"\s+".join(re.escape(w) for w in title.split())
        text = re.sub(rf"([\"\u201c]{t}[\"\u201d]),\s*{re.escape(doc_id)}\b", r"\1", text)
        text = re.sub(rf"(?<![\w-]){re.escape(doc_id)}(?![\w-])", lambda _m: f"\u201c{title}\u201d", text)
    return text


def named_fields(text: str, reg=None) -> str:
    """A text that names a field by its code ('... the following is:
    halton_incident.') with the field's label instead."""
    if not text or "_" not in text:
        return text
    fields = _registry(reg).fields
    return re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b",
                  lambda m: field_label(m.group(0), reg) if m.group(0) in fields else m.group(0), text)


def _walk(d: dict, s: "_Sources") -> None:
    """Numbers a decision's sources in the order the text cites them."""
    if d.get("status") == Status.CONDITIONAL:
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
    out = d.to_dict() if isinstance(d, Decision) else copy.deepcopy(d)
    s = _Sources(by_quote=True)
    _walk(out, s)
    out["sources"] = [{"n": i, "doc": src.get("doc"), "doc_title": src.get("doc_title") or src.get("doc"),
                       "section_title": src.get("section_title") or "", "quote": plain(src.get("quote"))}
                      for i, src in enumerate(s.items, 1)]
    _name_documents_in_notes(out)
    for row in list(out.get("alternatives") or []) + list(out.get("used") or []):  # fields by their labels
        row["summary"] = field_label(row["field"])
    for row in out.get("used") or []:
        row["label"] = value_label(row["field"], row.get("value"), out.get("area"), row.get("label"))
    if out.get("status") == Status.CONDITIONAL:
        out["groups"] = [{"when": conds, "decision": sub} for conds, sub in _groups(out)]
        for b in out.get("branches") or []:  # a widget without ``groups`` shows these
            b["assume_text"] = condition_text([b.get("assume") or {}], out.get("area"))
    return out


def _name_documents_in_notes(d: dict) -> None:
    for n in d.get("notes") or []:
        if n.get("text"):
            n["text"] = named_fields(named_documents(n["text"]))
    for b in d.get("branches") or []:
        _name_documents_in_notes(b["decision"])


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
    lines += [f"- {f['label']}: {value_label(f['field'], f.get('value'), d.get('area'), f.get('value_label')) if f.get('field') else f.get('value_label') or f.get('value')}"
              for f in rows] or ["- (none given)"]
    for u in unknown or []:
        lines.append(f"- {u}: not known")
    lines += ["", "Answer:"]
    if d.get("status") == Status.CONDITIONAL:
        lines.append(conditional_text(d, full=True, sources=s, detailed=True))
    else:
        body = _body_lines(d, s, full=True)
        lines += body if body else [{Status.OUT_OF_AREA: "This area is not covered by Stepwise."}.get(d.get("status"), "")]
    lines += _source_lines(s, full=True)
    lines += ["", "Worked out from the area's published procedure (quotes as written, without their formatting). "
              f"Check the procedure and use your professional judgement. {CALL_999}"]
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
        if row["status"] == Status.NEEDS_FACTS:
            missing = ", ".join(field_label(m) for m in row["missing"][:3])
            status = f"needs more facts ({missing})"
        elif row["status"] == Status.NOT_FOUND:
            status = "no route matches these facts"
        else:
            status = route or row["status"]
        hub = f"; contact the {row['hub']}: {HUB_ANSWER[row['hub_contact']]}" if row.get("hub_contact") in HUB_ANSWER else ""
        lvl = row.get("levels", {}).get("current_service")
        if not lvl:
            level = ""
        elif lvl.get("level") is None:  # a service the area's scale gives no number (Stockport's CIN)
            level = f" (current support there: {lvl['label']})"
        else:
            level = f" (current support is level {lvl['level']} there: {lvl['label']})"
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
    lines.append(CALL_999)
    return "\n".join(lines)


# ------------------------------------------------------------------ the domain's fixed replies
# The words of the responses stepwise_rasa/render_domain.py writes into the
# Rasa domain (which answers with no action server): from the protocol model
# (an Area and its Contacts, the Registry), not from a decision.

def contact_use_line(c) -> str:
    """'- Name: value (what for)', or the no-number wording."""
    use = c.use.rstrip(" .")
    if c.value:
        return f"- {c.name}: {c.value} ({use})"
    return f"- {c.name} ({use}; {NO_NUMBER})"


def _sentences(text: str) -> List[str]:
    """One sentence (or clause after a semicolon) per line, for the urgent box."""
    parts = re.split(r"(?<=[.;])\s+(?=[A-Z(])|;\s+(?=[a-z])", text.strip())
    out = []
    for p in parts:
        p = p.strip().rstrip(";").strip()
        if p:
            out.append(p[0].upper() + p[1:] + ("" if p.endswith((".", "?", "!", ":")) else "."))
    return out


def urgent_contact_line(c) -> str:
    if c.value:
        verb = "Email" if "@" in c.value else "Call"
        return f"{verb} {c.name}: {c.value}."
    return f"Contact {c.name} ({NO_NUMBER})."


def urgent_area_text(area, reg) -> str:
    """``utter_urgent`` for an area: 999 first, then the area's urgent
    contacts, then what to do next, and the source quote (short lines)."""
    doc = reg.documents[area.urgent.source.doc]
    sec = doc.section(area.urgent.source.section)
    lines = [URGENT_999, f"In {area.name}:"]
    lines += [urgent_contact_line(area.contacts[c]) for c in area.urgent.contacts]
    lines.append("What to do next:")
    lines += _sentences(area.urgent.text)
    lines.append(f"Source: {doc.title}, \u201c{sec.title if sec else area.urgent.source.section}\u201d: "
                 f"\u201c{plain(area.urgent.source.quote)}\u201d")
    return "\n".join(lines)


def urgent_contacts_lines(reg) -> List[str]:
    """After 999 when the area is not known: every area's urgent contact."""
    lines = [f"{THEN_URGENT_CONTACT}:"]
    for area in reg.areas.values():
        for cid in area.urgent.contacts:
            c = area.contacts[cid]
            lines.append(f"- {area.name}: {c.name}: {c.value or NO_NUMBER}")
    lines.append("Anywhere else: the children's services front door of the child's own local authority.")
    return lines


def urgent_generic_text(reg) -> str:
    """``utter_urgent`` when the area is not known."""
    return "\n".join([URGENT_999] + urgent_contacts_lines(reg))


def urgent_out_of_area_text(out_of_area_quote: str) -> str:
    """``utter_urgent`` for an area Stepwise does not cover: 999, then the
    safety policy's own words (its out-of-area quote)."""
    return "\n".join([URGENT_999, out_of_area_quote])


def check_now_text(question: str, area=None, reg=None, out_of_area_quote: Optional[str] = None) -> str:
    """``utter_check_now``: 999 first, then the area's urgent contacts (every
    area's when ``area`` is None; the policy's out-of-area words with
    ``out_of_area_quote``), then the immediate-danger question."""
    if out_of_area_quote is not None:
        middle = [out_of_area_quote]
    elif area is not None:
        middle = [f"Urgent safeguarding contact in {area.name}:"] + [
            contact_use_line(area.contacts[c]) for c in area.urgent.contacts]
    else:
        middle = urgent_contacts_lines(reg)
    return "\n".join([CALL_999_NOW] + middle + [question])


def unavailable_text(reg, area=None) -> str:
    """``utter_service_unavailable``: the apology and 999, then the area's
    advice contacts (every area's when ``area`` is None)."""
    if area is not None:
        lines = [UNAVAILABLE_TEXT, f"For advice in {area.name}:"] + [contact_use_line(area.contacts[c]) for c in area.advice]
    else:
        lines = [UNAVAILABLE_TEXT, "For advice, contact the area where the child lives:"]
        for a in reg.areas.values():
            lines += [f"- {a.name}: " + contact_use_line(a.contacts[c])[2:] for c in a.advice]
    return "\n".join(lines)
