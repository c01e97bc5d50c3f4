"""Words for reading aloud on the phone (script mode, call scripts).

Pure helpers: phone numbers spelled digit by digit in their groups, e-mail
addresses spelled out, dates with their weekday, and an area's abbreviations
expanded the first time they are used, *only* as the area's own documents
expand them (an abbreviation the documents never expand, such as Halton's
MAP, is left as it is).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Dict, Iterable, Optional, Set

from . import render
from .decision import Status

DIGITS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
          "7": "seven", "8": "eight", "9": "nine"}


def phone(value: str) -> str:
    """'0161 217 6028' -> 'zero one six one, two one seven, six zero two eight'.
    The number's own groups are kept; an ungrouped number is said in threes
    and fours."""
    groups = [re.sub(r"\D", "", g) for g in re.split(r"[\s-]+", value.strip())]
    groups = [g for g in groups if g]
    if len(groups) == 1 and len(groups[0]) > 5:
        g = groups[0]
        groups = [g[:5], g[5:]] if len(g) == 11 else [g[i:i + 3] for i in range(0, len(g), 3)]
    return ", ".join(" ".join(DIGITS[c] for c in g) for g in groups)


def email(value: str) -> str:
    """'IFD@wirral.gov.uk' -> 'I F D at wirral dot gov dot uk' (capitals spelled)."""
    def word(w: str) -> str:
        return " ".join(w) if w.isupper() and len(w) > 1 else w
    local, _, domain = value.partition("@")
    parts = [word(p) for p in re.split(r"([._-])", local)]
    local_said = " ".join({".": "dot", "_": "underscore", "-": "dash"}.get(p, p) for p in parts if p)
    return f"{local_said} at " + " dot ".join(domain.split("."))


def contact_value(kind: str, value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    if kind == "phone" and re.fullmatch(r"[\d\s()+-]+", value):
        return phone(value)
    if "@" in value and " " not in value:
        return email(value)
    return None


def weekday_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


@lru_cache(maxsize=None)
def terms(area_id: str) -> Dict[str, str]:
    """Abbreviation -> the words the area's documents expand it to."""
    from .ask import _find_expansions, _paragraphs  # the documents' own expansions
    from .loader import load

    reg = load()
    area = reg.areas.get(area_id)
    out: Dict[str, str] = {}
    if area is None:
        return out
    for doc_id in area.documents:
        for p in _paragraphs(doc_id):
            for abbr, words in _find_expansions(p):
                words = words.replace("**", "").strip()
                if abbr.upper() == abbr and abbr not in out:
                    out[abbr] = words
    if area.hub_full_name and area.hub not in out:
        out[area.hub] = area.hub_full_name
    return out


def expand(text: str, area_id: Optional[str], seen: Optional[Set[str]] = None) -> str:
    """The area's abbreviations with their expansion the first time each is
    used ('the MASSH' -> 'the Multi Agency Safeguarding and Support Hub
    (MASSH)'); later uses stay short. ``seen`` carries over between texts."""
    if not area_id:
        return text
    seen = set() if seen is None else seen
    for abbr, words in sorted(terms(area_id).items(), key=lambda kv: -len(kv[0])):
        m = re.search(rf"(?<![\w(]){re.escape(abbr)}(?![\w)])", text)
        if not m or abbr in seen:
            if m:
                seen.add(abbr)
            continue
        seen.add(abbr)
        if words.lower() in text[:m.start()].lower() or text[m.end():].lower().startswith(f" ({words.lower()})"):
            continue  # already said in full just before, or just after ('MASH (Multi Agency Safeguarding Hub)')
        text = text[:m.start()] + f"{words} ({abbr})" + text[m.end():]
    return text


def abbreviations(text: str) -> Iterable[str]:
    """Capitalised abbreviations in a text (two or more capitals)."""
    return re.findall(r"\b(?:[a-z]?[A-Z]{2,}[A-Za-z]*)\b", text)


# ---------------------------------------------------------------------- answers read aloud

HUB_SAID = {k: v.lower() for k, v in render.HUB_ANSWER.items()}  # render's words, said


def _contact_said(c: dict) -> str:
    said = contact_value(c.get("kind", ""), c.get("value"))
    if said:
        return f"{c['name']}, on {c['value']}. Say it as: {said}."
    if c.get("value"):
        return f"{c['name']}: {c['value']}."
    return f"{c['name']} ({render.NO_NUMBER})."


def _sources(d: dict) -> list:
    seen, out = set(), []
    for s in d.get("citations") or []:
        k = (s.get("doc_title", s["doc"]), s.get("section_title", s["section"]))
        if k not in seen:
            seen.add(k)
            out.append(f"{k[0]}, \u201c{k[1]}\u201d")
    return out


def _answer_lines(d: dict, x) -> list:
    """One (not conditional) answer's words to read aloud, without quotes."""
    lines = []
    route = d.get("route")
    if route:
        lines.append(f"What to do: {x(route['title'])}.")
        if d.get("hub") and d.get("hub_contact") in HUB_SAID:
            lines.append(f"Should you contact the {x(d['hub'])}? {HUB_SAID[d['hub_contact']].capitalize()}.")
    elif d.get("status") == Status.NOT_FOUND:
        lines.append("Your answers do not match a route in the procedure, so please check them with me, "
                     "or speak to the area's advice contact.")
    steps = d.get("steps") or []
    for i, st in enumerate(steps):
        word = "First" if i == 0 else "Finally" if i == len(steps) - 1 else "Then"
        lines.append(f"{word}: {x(st['text'])}")
    if d.get("contacts"):
        lines.append("Who to contact: " + " ".join(x(_contact_said(c)) for c in d["contacts"]))
    if d.get("checklist"):
        lines.append("Have this ready: " + "; ".join(x(c["text"]) for c in d["checklist"]) + ".")
    for dl in d.get("deadlines") or []:
        if dl.get("due"):
            assumed = (" That counts from today as the day of the request; if the request was made "
                       "earlier, count from that day.") if dl.get("assumed_today") else ""
            lines.append(f"By when: {x(dl['text'])}, by {weekday_date(dl['due'])}.{assumed}")
        else:
            lines.append(f"By when: {x(dl['text'])}, {dl['basis']}.")
    return lines


def _quoted(lines: list) -> list:
    """Lines to read out as one quotation."""
    if not lines:
        return lines
    return ["\u201c" + lines[0]] + lines[1:-1] + [lines[-1] + "\u201d"] if len(lines) > 1 else ["\u201c" + lines[0] + "\u201d"]


def read_aloud_text(d: dict, summary: str = "") -> str:
    """A decision phrased for a call-handler to read to the caller: what to
    do, who to contact (numbers spelled in groups), what to have ready, by
    when (weekday and date). The sources follow, marked as not to be read.
    An urgent answer says what to say and do first, in order. An answer that
    depends on what the caller does not know reads each part the same way,
    after the condition it holds under (fields by their labels)."""
    area = d.get("area")
    seen: Set[str] = set()
    x = lambda t: expand(str(t), area, seen)  # noqa: E731
    lines = []
    if summary:
        lines.append(summary)
    if d.get("status") == Status.CONDITIONAL:
        lines.append("READ ALOUD: It depends on something the caller does not know yet. Tell them what applies in each case:")
        for conds, sub in render._groups(d):
            lines.append("")
            lines.append(f"If {' or '.join(conds)}:")
            lines.append("Say: " + "\n".join(_quoted(_answer_lines(sub, x))))
        lines.append("")
        lines.append("Finding out the missing answer, or asking the area's advice contact, narrows it to one answer.")
    elif d.get("urgent"):
        lines.append("URGENT. Say and do these first, in this order:")
        n = 1
        if d.get("unsure_urgent"):
            lines.append("The caller is not sure whether the child is in immediate danger, so treat it as urgent.")
        said = render.call_999(child="the child", said=phone(render.EMERGENCY_NUMBER))
        lines.append(f"{n}. Say: \u201c{said}\u201d")
        for st in d.get("steps") or []:
            if st["text"] == render.CALL_999_NOW:  # said first, in the caller's words
                continue
            n += 1
            lines.append(f"{n}. Tell the caller: \u201c{x(st['text'])}\u201d")
        for c in d.get("contacts") or []:
            if c.get("value") == render.EMERGENCY_NUMBER:
                continue
            n += 1
            lines.append(f"{n}. Give the contact: {x(_contact_said(c))}")
    else:
        lines.append("READ ALOUD:")
        lines.extend(_quoted(_answer_lines(d, x)))
    src = _sources(d)
    if src:
        lines.append("")
        lines.append("ON SCREEN ONLY, not to read: sources")
        lines.extend(f"[{i}] {s}" for i, s in enumerate(src, 1))
    return "\n".join(lines)
