"""Script mode for advice-line call-handlers (pure; no Rasa).

The same turn, the same decision, in another form: each question with the
"Say:" line to read to the caller (from the area's data), numbered answers
(1-9, 0 for "I don't know"), and a running summary of the facts taken so far;
the answer phrased for reading aloud (guidance.spoken.read_aloud_text). The
mode is the slot ``script_mode``, set by ``/set_mode{"mode": "script"}`` (the
widget's switch, the terminal chat's --script flag) and kept with the session.
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Dict, List, Optional

from guidance import render, spoken

SLOT = "script_mode"


def on(slots: Dict[str, Any]) -> bool:
    return slots.get(SLOT) is True


def mode_from(entities: List[dict]) -> Optional[bool]:
    for e in entities:
        if e.get("entity") == "mode":
            return str(e.get("value")).lower() == "script"
    return None


def so_far(eng, facts: Dict[str, Any]) -> str:
    """'So far: Stockport; immediate danger: no; support now: ...; consent: ...'"""
    parts = []
    for row in eng.fact_labels(facts):
        fd = eng.reg.fields[row["field"]]
        if fd.type == "date":
            continue
        if row["field"] == "area":
            parts.append(row["label"])
        else:
            value = render.value_label(row["field"], row["value"], facts.get("area"), row["label"], reg=eng.reg)
            label = value if row["field"] in render.AGE_FIELDS else re.sub(r"\s*\([^()]*\)", "", value).strip() or value
            name = render.fact_label(row["field"], fd)
            parts.append(f"{name[0].lower() + name[1:]}: {label[0].lower() + label[1:]}")
    return "So far: " + ("; ".join(parts) if parts else "nothing yet") + "."


def numbered(item: dict, buttons: List[dict]) -> List[dict]:
    """The question's buttons with their keys: 1-9 in order, 0 for I don't know."""
    out, n = [], 0
    for b in buttons:
        if b["payload"].startswith("/dont_know"):
            out.append({**b, "title": f"0 {b['title']}"})
        else:
            n += 1
            out.append({**b, "title": f"{n} {b['title']}"})
    return out


def question_text(eng, item: dict, facts: Dict[str, Any], notes: List[str]) -> str:
    area = facts.get("area")
    say = spoken.expand(item.get("say") or item["question"], area)
    lines = [so_far(eng, facts)]
    if notes:
        lines.append(" ".join(notes))
    lines.append(f"Say: \u201c{say}\u201d")
    if item["type"] == "int":
        lines.append("Type the number the caller gives. If they do not know, type \u201cdon't know\u201d.")
    else:
        opts = list(item.get("options") or [])
        lines.extend(f"{i} {o['label']}" for i, o in enumerate(opts, 1))
        lines.append("0 I don't know")
        lines.append("Press the number of the caller's answer, or type what they say.")
    return "\n".join(lines)


def answer_text(eng, decision: dict, facts: Dict[str, Any], notes: List[str]) -> str:
    text = spoken.read_aloud_text(decision, so_far(eng, facts))
    return (" ".join(notes) + "\n" + text) if notes else text


def read_number(t, eng, pending: Optional[str]):
    """A bare number typed in script mode picks the numbered answer to the
    pending question: the input as if that button had been pressed, or None.
    (A question whose answer is a number takes the number itself.)"""
    text = (t.text or "").strip()
    if not on(t.slots) or not pending or not re.fullmatch(r"\d{1,2}", text):
        return None
    fd = eng.reg.fields.get(pending)
    if fd is None:
        return None
    n = int(text)
    if fd.type == "int":
        return None  # the number is the answer (an age of 0 is a baby): the turn reads it as usual
    if n == 0:
        return _press(t, "dont_know", {"field": pending})
    if fd.type == "bool":
        values = [True, False]
    elif fd.type == "enum":
        values = list(fd.values)
    else:
        return None
    if not 1 <= n <= len(values):
        return None
    return _press(t, "inform", {pending: values[n - 1]})


def _press(t, intent: str, entities: dict):
    """The input as the button's payload would have come from Rasa, slots set."""
    slots = dict(t.slots)
    for k, v in entities.items():
        if k != "field":
            slots[k] = v
    return dataclasses.replace(t, intent=intent, text=f"/{intent}{json.dumps(entities)}",
                               entities=[{"entity": k, "value": v} for k, v in entities.items()], slots=slots)
