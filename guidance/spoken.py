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
        if words.lower() in text[:m.start()].lower()[-len(words) - 3:]:
            continue  # already said in full just before
        text = text[:m.start()] + f"{words} ({abbr})" + text[m.end():]
    return text


def abbreviations(text: str) -> Iterable[str]:
    """Capitalised abbreviations in a text (two or more capitals)."""
    return re.findall(r"\b(?:[a-z]?[A-Z]{2,}[A-Za-z]*)\b", text)
