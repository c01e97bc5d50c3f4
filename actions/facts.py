"""Slots <-> case facts, and reading an answer to the question just asked.

No Rasa imports: the functions take plain values so they are easy to test.
Each case fact is a slot of the same name (generated into the domain from
``guidance/fields.yml`` and the areas' local fields).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Mapping, Optional, Tuple

from guidance.loader import Registry
from guidance.model import FieldDef

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


def coerce(fd: FieldDef, value: Any) -> Optional[Any]:
    """A slot value as the engine wants it, or None if it cannot be one."""
    if value is None:
        return None
    if isinstance(value, list):  # several entities of one kind: take the first
        value = value[0] if value else None
        if value is None:
            return None
    if fd.type == "bool":
        if isinstance(value, bool):
            return value
        v = str(value).strip().lower()
        return True if v in TRUE_WORDS else False if v in FALSE_WORDS else None
    if fd.type == "int":
        if isinstance(value, bool):
            return None
        m = re.search(r"\d+", str(value))
        if not m:
            return None
        n = int(m.group())
        if (fd.min is not None and n < fd.min) or (fd.max is not None and n > fd.max):
            return None
        return n
    if fd.type == "enum":
        v = str(value).strip()
        if v in fd.values:
            return v
        low = v.lower().replace(" ", "_")
        return low if low in fd.values else None
    if fd.type == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            return None
    return None


def facts_from_slots(reg: Registry, slots: Mapping[str, Any]) -> Dict[str, Any]:
    """The case facts held in the slots (invalid values are left out; a local
    field of another area is left out)."""
    facts: Dict[str, Any] = {}
    for name, fd in reg.fields.items():
        v = coerce(fd, slots.get(name))
        if v is not None:
            facts[name] = v
    area = facts.get("area")
    for name in list(facts):
        fd = reg.fields[name]
        if fd.area is not None and fd.area != area:
            del facts[name]
    return facts


def school_year_age(year: Any) -> Optional[int]:
    """The age at the start of a school year group: Reception (0) is 4, Year 1
    is 5, ... Year 13 is 17 (children reach it during the year)."""
    try:
        n = int(str(year).strip())
    except ValueError:
        return None
    return n + 4 if 0 <= n <= 13 else None


_DONT_KNOW = re.compile(
    r"\b(?:(?:i\s+)?(?:do\s*n[o']?t|dont|don't|dunno|do\s+not)\s+know|not\s+(?:sure|certain)|unsure|"
    r"no\s+idea|no\s+clue|can'?t\s+(?:say|tell|remember)|(?:need|have)\s+to\s+(?:check|find\s+out)|"
    r"not\s+been\s+told|nobody\s+(?:has\s+)?(?:said|told)|no\s+one\s+(?:has\s+)?(?:said|told))\b"
    r"|^\W*(?:unknown|dunno|idk|\?+)\W*$",
    re.IGNORECASE)


def is_dont_know(text: str) -> bool:
    """Words that say the person does not know the answer ("not sure", "no
    idea", "I'd need to check"). Checked before any reading as yes/no, so
    "no idea" is never taken as "no"."""
    text = text or ""
    return len(text.split()) <= 14 and bool(_DONT_KNOW.search(text))


#: "not" alone is a no only in these short replies ("not sure" is a don't know)
_NOT_REPLIES = re.compile(r"not(?:\s+(?:really|yet|currently|now|at\s+the\s+moment|at\s+present|at\s+all|that\s+i\s+know))?\W*")


def answer_to_pending(fd: FieldDef, intent: Optional[str], text: str, options: Tuple[Tuple[Any, str], ...] = ()) -> Optional[Any]:
    """Read a short free-text reply as the answer to the question just asked
    (``fd``): yes/no for a true/false question, a number for a whole number,
    an option's label (or a distinctive word of it) for a choice."""
    text = (text or "").strip()
    low = text.lower()
    if intent == "dont_know" or is_dont_know(low):
        return None
    if fd.type == "bool":
        # the classifier's yes or no counts only for words: emoji or punctuation alone
        # name no answer (nothing is recorded that the person did not say)
        worded = bool(re.search(r"[^\W_]", low))
        if intent == "affirm" and worded:
            return True
        if intent == "deny" and worded:
            return False
        first = re.split(r"\W+", low)[0] if low else ""
        if first in {"yes", "yeah", "yep", "y", "correct", "true"}:
            return True
        if first in {"no", "nope", "n", "false", "nah"} or _NOT_REPLIES.fullmatch(low):
            return False
        return None
    if fd.type == "int":
        m = re.fullmatch(r"\D{0,20}?(\d{1,2})\D{0,30}", low)
        if m:
            return coerce(fd, m.group(1))
        return None
    if fd.type == "enum" and low:
        for value, label in options:
            if low == str(value).lower() or low == label.lower():
                return value
        hits = [value for value, label in options if low in label.lower()]
        if len(hits) == 1:
            return hits[0]
        return _best_option(low, options)
    return None


_STOP = {"a", "an", "the", "and", "or", "of", "to", "is", "are", "it", "in", "on", "for", "by", "with", "can",
         "them", "they", "their", "be", "need", "needs", "from", "at", "now", "i", "we", "would", "some", "s",
         # words of the conversation, not of any answer ("can you help me decide?")
         "help", "decide", "me", "you", "your", "my", "please", "what", "which", "how", "think", "tell", "know",
         "sure", "do", "does", "did", "don", "t", "should", "could", "this", "that", "there", "here", "so",
         "about", "if", "not", "no", "yes", "why", "who", "where", "when", "really", "idea", "mean", "means"}


def _words(text: str) -> set:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _best_option(text: str, options: Tuple[Tuple[Any, str], ...]) -> Optional[Any]:
    """The one option whose distinctive words (in its label and code, and in no
    other option's) the reply uses most; None if no option stands out."""
    said = _words(text)
    words = {value: _words(label) | _words(str(value).replace("_", " ")) for value, label in options}
    scores = {}
    for value, ws in words.items():
        others = set().union(*(w for v, w in words.items() if v != value)) if len(words) > 1 else set()
        scores[value] = len(said & (ws - others))
    best = max(scores.values(), default=0)
    winners = [v for v, sc in scores.items() if sc == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


#: events after which no earlier slot value holds (a restart, a reset of every slot, a new
#: session: the domain carries no slot over to it)
_SLOTS_CLEARED = {"restart", "reset_slots", "session_started"}


def slots_before_message(events) -> Dict[str, Any]:
    """For each slot set since the latest user message (Rasa's slot mappings set them
    from that message's entities), its value just before that message.

    ``events``: the conversation's events in order, each as ``(kind, name, value)``
    with Rasa's event names ("user", "slot", "restart", "reset_slots"); a slot not set
    before the message, or set before a restart, was None."""
    events = list(events)
    last_user = next((i for i in range(len(events) - 1, -1, -1) if events[i][0] == "user"), None)
    if last_user is None:
        return {}
    before: Dict[str, Any] = {}
    for kind, name, _ in events[last_user + 1:]:
        if kind == "slot" and name not in before:
            before[name] = None
            for k, n, v in reversed(events[:last_user]):
                if k in _SLOTS_CLEARED:
                    break
                if k == "slot" and n == name:
                    before[name] = v
                    break
    return before
