"""One turn of the case conversation, as a pure function.

``take_turn(turn, engine)`` reads what the person said (the intent, the
entities, a button's payload, the question pending), updates the case, asks
the engine, and returns the slot changes and the messages to send. It imports
nothing from Rasa, so every rule here is unit-tested directly
(tests/test_turn.py); ``actions.ActionStepwise`` only converts to and from
Rasa's types.

The rules, in the order they apply:

1. "Change my answer about X" forgets X (and that X was not known), and asks
   it again now.
2. "I don't know" / "not sure" (the button on every question, or the words)
   makes the pending fact *known to be unknown*: it is never asked again in
   this case, and the engine answers with what holds either way.
3. A short reply to the pending question becomes the fact only when it names
   a value (``facts.answer_to_pending``); otherwise the question stays open.
4. Dates named in words ("the strategy meeting was last Thursday") are set on
   the anchor they name; a guessed reading is said back to be checked.
5. No question is asked more than twice: the second time it comes with the
   "I don't know" button and the area's advice contact, and if that still
   brings no answer the fact is taken as not known and the case carries on.
6. A side question (why, contacts, a person, the protocol) is answered by its
   own action, which then shows the pending question again
   (``reask_messages``).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from guidance import render
from guidance.decision import FINAL, Decision, Status

from . import script_mode
from .facts import answer_to_pending, coerce, facts_from_slots, is_dont_know, school_year_age

#: how many times one question may be asked in one case
MAX_ASKS = 2

#: the slots this module keeps besides the case facts
STATE_SLOTS = ("pending_field", "asked_count", "unknown_fields", "asks", "script_mode")


@dataclass
class TurnInput:
    intent: Optional[str]
    text: str
    entities: List[dict]
    slots: Dict[str, Any]
    today: dt.date
    text_only: bool = False  # a channel that shows text only (no widget JSON)
    conflicts: List[str] = field(default_factory=list)  # facts named with two values (not recorded)
    # the slots this message's entities set, with their values before it (None: not known);
    # None when not known at all (then a fact named is taken as Rasa set it)
    slots_before: Optional[Dict[str, Any]] = None


@dataclass
class TurnOutput:
    slots: Dict[str, Any] = field(default_factory=dict)   # slot -> new value
    messages: List[dict] = field(default_factory=list)    # {"text", "buttons"} or {"json"}
    decision: Optional[Decision] = None                    # the answer given, for the audit log

    def say(self, text: str, buttons: Optional[List[dict]] = None) -> None:
        self.messages.append({"text": text, "buttons": buttons or None})

    def send_json(self, message: dict, text_only: bool) -> None:
        if not text_only:
            self.messages.append({"json": message})


def payload(intent: str, entities: Optional[Dict[str, Any]] = None) -> str:
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def dont_know_button(name: str) -> dict:
    return {"title": "I don't know", "payload": payload("dont_know", {"field": name})}


def question_buttons(item: dict) -> List[dict]:
    buttons = [{"title": o["label"], "payload": payload("inform", {item["field"]: o["value"]})}
               for o in item["options"]]
    return buttons + [dont_know_button(item["field"])]


#: how an answer of "I don't know" is listed among the answers
NOT_KNOWN_LABEL = "Not known (you said \u201cI don't know\u201d)"


def facts_message(eng, facts: Dict[str, Any], unknown: Optional[List[str]] = None) -> dict:
    """The "check your answers" list for the widget; ``unknown``, the questions answered "I don't
    know", are listed too (``"unknown": true``), each with its Change button, so an answer that
    led the way (not sure about immediate danger: treated as urgent) can be changed."""
    rows = []
    for row in eng.fact_labels(facts):
        fd = eng.reg.fields[row["field"]]
        if fd.type == "date":
            continue
        rows.append({
            "field": row["field"], "label": render.fact_label(row["field"], fd), "value": row["value"],
            "value_label": render.value_label(row["field"], row["value"], facts.get("area"), row["label"], reg=eng.reg),
            "change_payload": payload("change_answer", {"field": row["field"]}),
        })
    for name in unknown or []:
        fd = eng.reg.fields.get(name)
        if fd is None or fd.type == "date" or name in facts:
            continue
        rows.append({"field": name, "label": render.fact_label(name, fd), "value": None, "unknown": True,
                     "value_label": NOT_KNOWN_LABEL, "change_payload": payload("change_answer", {"field": name})})
    return {"stepwise": {"kind": "facts", "facts": rows}}


def _unknown(slots: Dict[str, Any]) -> List[str]:
    v = slots.get("unknown_fields")
    return [str(x) for x in v] if isinstance(v, list) else []


def _asks(slots: Dict[str, Any]) -> Dict[str, int]:
    v = slots.get("asks")
    return {str(k): int(n) for k, n in v.items() if isinstance(n, int)} if isinstance(v, dict) else {}


def advice_line(eng, area_id: Optional[str]) -> str:
    area = eng.reg.areas.get(area_id or "")
    if area is None:
        return ""
    ids = list(area.advice) or list(area.urgent.contacts)
    names = []
    for cid in ids[:2]:
        c = area.contacts[cid]
        names.append(f"{c.name} ({c.value})" if c.value else c.name)
    return f"If you are unsure, {area.name}'s procedure names for advice: " + "; ".join(names) + "."


class Case:
    """The case as the slots hold it, with the changes this turn makes."""

    def __init__(self, eng, slots: Dict[str, Any], out: TurnOutput):
        self.eng, self.slots, self.out = eng, dict(slots), out
        self.changed: List[str] = []

    def set(self, name: str, value: Any) -> None:
        self.slots[name] = value
        self.out.slots[name] = value
        if name not in STATE_SLOTS:
            self.changed.append(name)

    def mark_unknown(self, name: str) -> None:
        unknown = _unknown(self.slots)
        if name not in unknown:
            self.set("unknown_fields", unknown + [name])
            self.changed.append(name)

    def forget_unknown(self, name: str) -> None:
        unknown = _unknown(self.slots)
        if name in unknown:
            self.set("unknown_fields", [u for u in unknown if u != name])

    @property
    def facts(self) -> Dict[str, Any]:
        return facts_from_slots(self.eng.reg, self.slots)

    @property
    def unknown(self) -> List[str]:
        return [u for u in _unknown(self.slots) if u not in self.facts]


def _labels(eng, pending: str, area_id: Optional[str]) -> tuple:
    fd = eng.reg.fields[pending]
    labels = dict(fd.values)
    area = eng.reg.areas.get(area_id or "")
    if area and pending in area.questions:
        labels.update(area.questions[pending].values)
    return tuple(labels.items())


def _entity_values(entities: List[dict], name: str) -> List[Any]:
    return [e.get("value") for e in entities if e.get("entity") == name]


def _interpret(t: TurnInput, eng, case: "Case", notes: List[str], read_dates, answers: bool = True) -> tuple:
    """Rules 1-4: what this message says about the case. With ``answers``
    false (a message that got the urgent reply), only what it names is taken:
    it is not read as an answer to the question pending."""
    reg = eng.reg
    pending = t.slots.get("pending_field")
    pending = pending if pending in reg.fields else None
    is_button = t.text.startswith("/")

    # 1. change an answer: forget it and ask it now
    change_field = None
    if t.intent == "change_answer":
        named = [v for v in _entity_values(t.entities, "field") if v in reg.fields]
        facts_given = [e for e in t.entities if e.get("entity") in reg.fields and e.get("entity") != "field"]
        if named and not any(e["entity"] == named[0] for e in facts_given):
            change_field = named[0]
            case.set(change_field, None)
            case.forget_unknown(change_field)
            if change_field == "area":  # another area's local facts no longer apply
                for n, fd in reg.fields.items():
                    if fd.area and case.slots.get(n) is not None:
                        case.set(n, None)
        elif facts_given:
            notes.append("Updated: " + ", ".join(
                f"{reg.fields[e['entity']].summary or e['entity']}" for e in facts_given) + ".")
            for e in facts_given:
                case.forget_unknown(e["entity"])
                case.changed.append(e["entity"])

    # one fact named with two values in one message was not recorded (the
    # NLU's entity rules dropped it): say so; the question will be asked
    for name in t.conflicts:
        if name in reg.fields:
            notes.append(f"You mentioned more than one answer for \u201c{(reg.fields[name].summary or name).lower()}\u201d, "
                         "so I will ask.")

    # facts named in the message (Rasa has already set their slots)
    kept = _keep_known_facts(t, eng, case, pending, is_button or change_field is not None)
    for e in t.entities:
        name = e.get("entity")
        if name in reg.fields and name != "field" and e.get("value") is not None and name not in kept:
            case.forget_unknown(name)
            if name not in case.changed:
                case.changed.append(name)
    if kept:
        notes.append(_kept_note(eng, case, kept))

    # Safety first: free text saying the child is NOT in immediate danger does
    # not settle the question; it is asked with buttons, unless this message is
    # the answer to that very question (or a button press).
    said_not_urgent = any(str(v).lower() == "false" for v in _entity_values(t.entities, "immediate_risk"))
    if said_not_urgent and pending != "immediate_risk" and not is_button:
        case.set("immediate_risk", None)
        if "immediate_risk" in case.changed:
            case.changed.remove("immediate_risk")

    # a Year group gives an age, if no age was given
    for v in _entity_values(t.entities, "school_year"):
        if case.slots.get("child_age") is None:
            age = school_year_age(v)
            if age is not None:
                case.set("child_age", age)

    # a child protection plan that has just ended, or ends soon ("RCPC yesterday ended the CP plan"):
    # the step down is from that plan, so it is the support the case starts from
    if not is_button and case.slots.get("current_service") is None and "current_service" in reg.fields:
        if plan_just_ended(t.text, t.today):
            case.set("current_service", "child_protection")

    # what the needs call for, said as the area's own level ("I think this is
    # level 4 now"): the one needs value the area's scale puts at that level
    if not is_button and case.slots.get("needs_now") is None:
        level = need_level(eng, case.slots.get("area"), t.text, case.slots.get("current_service"))
        if level is not None:
            case.set("needs_now", level)

    # 2. "I don't know": the button names its field; words refer to the pending question
    dont_know = answers and (t.intent == "dont_know" or (not is_button and is_dont_know(t.text)))
    if dont_know and not change_field:
        target = next((v for v in _entity_values(t.entities, "field") if v in reg.fields), None) or pending
        if target and case.slots.get(target) is None:
            case.mark_unknown(target)

    # 3. a short reply to the question just asked
    if answers and pending and case.slots.get(pending) is None and pending not in case.unknown \
            and not change_field and not dont_know:
        value = answer_to_pending(reg.fields[pending], t.intent, t.text, _labels(eng, pending, case.slots.get("area")))
        if value is not None:
            case.set(pending, value)

    # 4. dates in words (not in "I don't know, maybe the 1st": nothing is recorded from a reply
    # that says it does not know)
    if read_dates is not None and t.text and not is_button and not dont_know:
        anchor = pending if pending and reg.fields[pending].type == "date" else None
        found = [m for m in read_dates(t.text, t.today, pending_anchor=anchor) if m.anchor and m.anchor in reg.fields]
        named = {}
        for m in found:
            named.setdefault(m.anchor, set()).add(m.date)
        for m in found:
            if len(named[m.anchor]) > 1:  # "either the 1st or the 2nd": not recorded, and said
                continue
            case.set(m.anchor, m.date.isoformat())
            if m.ambiguous:
                notes.append(f"I have taken {m.label} as {_weekday_date(m.date)}: if that is wrong, say the date "
                             f"(for example \u201c{m.date.day} {m.date.strftime('%B')}\u201d).")
        for name, dates in named.items():
            if len(dates) > 1:
                notes.append(f"You named more than one date for {reg.fields[name].label or name}, so I have not "
                             "recorded one: say the one date.")
        if anchor and anchor not in named and answers and t.intent in ("inform", "affirm", "deny", "nlu_fallback", None):
            notes.append("I didn't catch a date in that. Say it like \u201c3 December\u201d or \u201clast "
                         "Thursday\u201d, or choose \u201cI don't know\u201d.")
    return pending, change_field


#: words that say a fact has changed or was wrong (besides the NLU's own correction words)
CHANGED = re.compile(r"\b(?:changed?|instead|no\s+longer|not\s+any\s*more|anymore|has\s+(?:now\s+)?become|"
                     r"is\s+now|are\s+now|now\s+(?:on|open|with|at|in|has|have|living|lives)|moved|update[ds]?|"
                     r"wrong|mistake|should\s+(?:have\s+)?(?:said|be)|meant)\b", re.IGNORECASE)
#: facts whose own rules decide how words change them (the immediate-danger question is asked
#: with buttons; dates are read and said back by rule 4)
_OWN_RULES = ("immediate_risk",)


def _keep_known_facts(t: TurnInput, eng, case: "Case", pending: Optional[str], pressed: bool) -> List[str]:
    """Facts this message named with a value other than the one the case already had, where the
    message does not say the fact has changed: the earlier value is kept (Rasa set the slot from
    the entity; it is set back). "The first MAP review meeting is next Thursday", told about a
    child on a child protection plan, names a MAP; it does not say the support is now early help.
    A button, a change of answer, the answer to the question pending, or words of correction or
    change ("actually", "is now", "has moved") change the fact as before."""
    from stepwise_nlu.entity_rules import CORRECTION

    if not t.slots_before or pressed or CORRECTION.search(t.text) or CHANGED.search(t.text):
        return []
    kept = []
    for e in t.entities:
        name, value = e.get("entity"), e.get("value")
        before = t.slots_before.get(name)
        fd = eng.reg.fields.get(name)
        if fd is None or fd.type == "date" or name in _OWN_RULES or name == pending or name in kept:
            continue
        if before is not None and value is not None and coerce(fd, before) != coerce(fd, value):
            case.set(name, before)
            if name in case.changed:
                case.changed.remove(name)
            kept.append(name)
    return kept


def _kept_note(eng, case: "Case", kept: List[str]) -> str:
    area = case.slots.get("area")
    parts = []
    for name in kept:
        fd = eng.reg.fields[name]
        label = render.value_label(name, case.slots.get(name), area, None, reg=eng.reg)
        parts.append(f"{render.fact_label(name, fd)}: \u201c{label}\u201d")
    text = ("I have kept what you told me before (" + "; ".join(parts) + "). If that has changed, say so "
            "(for example \u201cit is now ...\u201d) or use its Change button.")
    if len(kept) > 1:
        text += " If this is about another child, say \u201cstart again\u201d for a new case."
    return text


#: a child protection plan (not a CIN or early help plan) named in the message
CP_PLAN = re.compile(r"\b(?:CP|child\s+protection)\s+plan\b|\bCPP\b|\b(?:RCPC|ICPC)\b|"
                     r"\breview\s+(?:child\s+protection\s+)?conference\b", re.IGNORECASE)
#: how long ago a plan may have ended and still be the one the step down is from
PLAN_ENDED_WITHIN = dt.timedelta(days=28)


def plan_just_ended(text: str, today: dt.date) -> bool:
    """Whether ``text`` says a child protection plan was discharged within the last four weeks, or
    will be ("Review conference discharged the CP plan yesterday", "the CP plan ends on Friday")."""
    from .dates import read_dates as read

    return bool(CP_PLAN.search(text)) and any(
        m.anchor == "plan_discharged_date" and m.date >= today - PLAN_ENDED_WITHIN for m in read(text, today))


def take_facts(t: TurnInput, eng, read_dates=None) -> TurnOutput:
    """After the urgent reply (or the check-now question) to a message: take
    the facts and dates it names, silently, so the case carries on with them."""
    out = TurnOutput()
    _interpret(t, eng, Case(eng, t.slots, out), [], read_dates, answers=False)
    return out


def _number_facts(typed: TurnInput, pressed: TurnInput) -> List[str]:
    """The facts the NLU read from a bare number that script mode took as a numbered answer
    instead: those the pressed answer does not set itself."""
    chosen = {e["entity"] for e in pressed.entities}
    return [e.get("entity") for e in typed.entities
            if e.get("entity") not in chosen and e.get("entity") != "field"
            and str(e.get("value")) == typed.text.strip() and typed.slots.get(e.get("entity")) is not None]


def take_turn(t: TurnInput, eng, read_dates=None) -> TurnOutput:
    out = TurnOutput()
    # script mode (actions/script_mode.py): the switch, and a bare number picks a numbered answer
    if t.intent == "set_mode":
        return _set_mode(t, eng, out)
    pressed = script_mode.read_number(t, eng, t.slots.get("pending_field"))
    t_typed, t = t, pressed or t
    case = Case(eng, t.slots, out)
    for e in (pressed.entities if pressed else []):  # the number sets its fact as the button would
        if e["entity"] in eng.reg.fields:
            out.slots[e["entity"]] = e["value"]
    if pressed:
        # the number picked an answer: it is not also a fact of its own (the NLU reads a bare
        # number as the child's age, and Rasa has already set that slot from it)
        for name in _number_facts(t_typed, pressed):
            case.set(name, None)
    reg = eng.reg
    notes: List[str] = []
    if t.intent == "continue_case" and case.slots.get("immediate_risk") is not False:
        # Continue after the urgent reply: "if the child is not in immediate danger right now".
        # What the disclosure said is not an answer either way: the question is asked, with
        # its buttons, so Yes gives the urgent route and No carries on with the case
        case.set("immediate_risk", None)
        case.forget_unknown("immediate_risk")
        case.set("asks", {**_asks(case.slots), "immediate_risk": 0})
    pending, change_field = _interpret(t, eng, case, notes, read_dates)

    # help / out of scope that did not answer the pending question
    if t.intent in ("help", "out_of_scope") and not case.changed and not change_field:
        out.messages.append({"response": f"utter_{t.intent}"})
        if pending is None:
            return out
        notes.append("To carry on:")

    # a bare yes/no/don't know once the answer has been given
    if pending is None and not case.changed and not change_field and t.intent in ("affirm", "deny", "dont_know", "thanks") \
            and t.slots.get("asked_count"):
        out.say("Is there anything else? You can ask for the full summary, the contacts, a comparison "
                "with other areas, or say \u201cstart again\u201d for another case.",
                [{"title": "Full summary with quotes", "payload": "/show_summary"},
                 {"title": "Start again", "payload": "/restart"}])
        return out

    decision = _decide(eng, case, t.today, notes)

    # 5. never ask a question more than twice
    asks = _asks(case.slots)
    for _ in range(len(reg.fields)):
        if decision.status in FINAL or not decision.missing:
            break
        nxt = _next(decision, change_field)
        if asks.get(nxt["field"], 0) < MAX_ASKS or nxt["field"] == change_field:
            break
        case.mark_unknown(nxt["field"])
        notes.append(f"I'll carry on without an answer to \u201c{nxt['question']}\u201d; you can change it later.")
        decision = _decide(eng, case, t.today, notes)

    # 1. a changed answer is asked now, even where the case's answer does not wait for it (not
    # sure about immediate danger is answered as urgent whatever the area or the needs)
    # (a child said to be in immediate danger keeps the urgent answer whatever else is changed)
    if change_field and case.slots.get(change_field) is None and case.slots.get("immediate_risk") is not True and (
            decision.status in FINAL or not any(m["field"] == change_field for m in decision.missing)):
        item = next((m for m in decision.missing if m["field"] == change_field), None) \
            or eng.question_item(change_field, case.facts)
        if item is not None:
            asks[change_field] = asks.get(change_field, 0) + 1
            case.set("asks", asks)
            _ask(out, eng, case, item, decision, notes, t.text_only)
            return out

    if decision.status in FINAL or not decision.missing:
        _answer(out, eng, case, decision, notes, t)
        return out

    nxt = _next(decision, change_field)
    n = asks.get(nxt["field"], 0)
    if pending == nxt["field"] and n >= 1 and not case.changed and not change_field:
        notes.append("Sorry, I didn't catch an answer to that. Choose one of the answers below, "
                     "or \u201cI don't know\u201d.")
        line = advice_line(eng, case.facts.get("area"))
        if line:
            notes.append(line)
    asks[nxt["field"]] = n + 1
    case.set("asks", asks)
    _ask(out, eng, case, nxt, decision, notes, t.text_only)
    return out


#: words that say the needs are now at a level ("it's level 4", "needs are still level 3")
_LEVEL_NOW = re.compile(
    r"\b(?:(?:this|it|that|she|he|they|needs|need)\s+(?:is|are|'s|s)|it's|that's|needs\s+are|now|meets?|"
    r"meeting|reached|reaches|at|to|into)\s+(?:now\s+|still\s+|probably\s+|definitely\s+|at\s+|a\s+)*"
    r"level\s*([1-4])\b(?!\s*(?:plan|needs?\s+was))", re.IGNORECASE)
#: a level under a negation ("I don't think it's level 3", "it's not level 4", "isn't at level 3")
_LEVEL_DENIED = re.compile(
    r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|not|isn'?t|aren'?t|never|no\s+longer)\b(?:\s+[\w'-]+){0,5}?\s*level\s*[1-4]\b",
    re.IGNORECASE)
#: needs values a level can name (child protection concerns are their own claim)
_LEVEL_NEEDS = ("universal", "single_agency_support", "early_help", "social_care")


def _levels(level: Any) -> set:
    """A service's level as a set of numbers ("2-3" is both)."""
    nums = [int(x) for x in re.findall(r"\d", str(level))] if level is not None else []
    return set(range(nums[0], nums[-1] + 1)) if nums else set()


def need_level(eng, area_id: Optional[str], text: str, current: Optional[str] = None) -> Optional[str]:
    """The needs value an area's own level number names in ``text``, when
    exactly one value sits at that level on the area's scale; else None.
    A level denied names no need, except that with early help holding the family
    (``current``) the area's social care level denied leaves the needs at early help
    ("the MAP is drifting but I don't think it's level 3", Halton's level 3)."""
    area = eng.reg.areas.get(area_id or "")
    m = _LEVEL_NOW.search(text or "")
    if area is None or m is None:
        return None
    # "I don't think it's level 3", "it isn't level 4": a level denied names no need
    clause = re.split(r"[.;!?]|\bbut\b", (text or "")[:m.start()])[-1] + m.group(0)
    n = int(m.group(1))
    denied = _LEVEL_DENIED.search(clause)
    if denied and int(re.findall(r"[1-4]", denied.group(0))[-1]) == n:
        # the only level the message names, denied, with early help holding the family
        if current == "early_help" and "social_care" in area.services and "early_help" in area.services \
                and n in _levels(area.services["social_care"].level) \
                and n not in _levels(area.services["early_help"].level) and not _in_question(text, m) \
                and len(re.findall(r"\blevel\s*[1-4]\b", text or "", re.IGNORECASE)) == 1:
            return "early_help"
        return None
    if denied:  # another level denied beside it ("it's not level 3, it's level 4"): asked, not read
        return None
    hits = [code for code in _LEVEL_NEEDS if code in area.services and n in _levels(area.services[code].level)]
    return hits[0] if len(hits) == 1 else None


def _in_question(text: str, m: "re.Match") -> bool:
    """Whether the sentence holding ``m`` ends with a question mark."""
    ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
    return bool(ends) and text[min(ends)] == "?"


def _weekday_date(d: dt.date) -> str:
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def _next(decision: Decision, change_field: Optional[str]) -> dict:
    missing = decision.missing
    if change_field:
        return next((m for m in missing if m["field"] == change_field), missing[0])
    return missing[0]


def _decide(eng, case: Case, today: dt.date, notes: List[str]) -> Decision:
    from guidance.case import CaseError  # local: keeps the import graph of this module small

    facts = case.facts
    unknown = case.unknown
    try:
        if "immediate_risk" in unknown:
            # not sure whether the child is in immediate danger: treat it as urgent
            return eng.decide({**facts, "immediate_risk": True}, today).replace(unsure_urgent=True)
        return eng.decide(facts, today, unknown=unknown)
    except CaseError as err:  # a slot holds something the engine cannot use: drop it, say so
        case.set(err.field, None)
        notes.append(f"I could not use the answer for {eng.reg.fields[err.field].summary or err.field}.")
        return eng.decide(case.facts, today, unknown=case.unknown)


def _ask(out: TurnOutput, eng, case: Case, item: dict, decision: Decision, notes: List[str], text_only: bool) -> None:
    prefix = (" ".join(notes) + "\n") if notes else ""
    hint = " (a number)" if item["type"] == "int" else ""
    if script_mode.on(case.slots):
        out.say(script_mode.question_text(eng, item, case.facts, notes),
                script_mode.numbered(item, question_buttons(item)))
    else:
        out.say(f"{prefix}{item['question']}{hint}", question_buttons(item))
    asked = int(case.slots.get("asked_count") or 0)
    out.send_json({"stepwise": {
        "kind": "progress", "asked": asked, "remaining": len(decision.missing), "field": item["field"],
        "why": item.get("why"),
    }}, text_only)
    out.send_json(facts_message(eng, case.facts, case.unknown), text_only)
    case.set("pending_field", item["field"])
    case.set("asked_count", asked + 1)


def _answer(out: TurnOutput, eng, case: Case, decision: Decision, notes: List[str], t: TurnInput) -> None:
    facts = case.facts
    if "area" in case.unknown and not facts.get("area"):
        out.say((" ".join(notes) + "\n" if notes else "") +
                "Each area has its own procedure, so I cannot give a route without the area where the child "
                "lives. Contact the children's services front door of the local authority where the child lives. "
                f"If you find out the area, choose it below and I will carry on. {render.CALL_999}",
                [{"title": v, "payload": payload("inform", {"area": k})}
                 for k, v in eng.reg.fields["area"].values.items()])
        case.set("pending_field", None)
        return
    text = render.decision_text(decision)
    if decision.unsure_urgent:
        notes.insert(0, "You were not sure whether the child is in immediate danger, so treat it as urgent:")
    if script_mode.on(case.slots):  # the same decision, phrased for reading aloud
        text = script_mode.answer_text(eng, decision, facts, [n for n in notes if "not sure whether" not in n])
    elif notes:
        # their own message, before the answer, marked as a note: the widget folds the answer's
        # plain text under its panel (which shows the same), never what was said about this turn
        note = {"text": " ".join(notes), "buttons": None}
        if not t.text_only:
            note["json"] = {"stepwise": {"kind": "note"}}
        out.messages.append(note)
    buttons = [
        {"title": "Full summary with quotes", "payload": "/show_summary"},
        {"title": "Compare with other areas", "payload": "/compare_areas"},
        {"title": "Start again", "payload": "/restart"},
    ]
    if decision.status == Status.NOT_FOUND:
        buttons = [{"title": f"Change: {a['summary']}", "payload": payload("change_answer", {"field": a["field"]})}
                   for a in _dedupe_fields(decision.alternatives or [])] + buttons
    buttons = date_buttons(eng, decision, case.unknown) + buttons
    out.say(text, buttons)
    fm = facts_message(eng, facts, case.unknown)
    out.send_json(fm, t.text_only)
    if not t.text_only:  # the widget: numbered sources, and the record its Copy and Print use
        record = render.record_text(decision, [r for r in fm["stepwise"]["facts"] if not r.get("unknown")],
                                    _now(t.today),
                                    [render.fact_label(u, eng.reg.fields[u]) for u in case.unknown])
        out.send_json({"stepwise": {"kind": "decision", "decision": render.widget_decision(decision),
                                    "record": record}}, t.text_only)
    out.decision = decision
    case.set("pending_field", None)


#: at most this many "Add the date of ..." buttons under an answer (in the deadlines' order)
MAX_DATE_BUTTONS = 3


def date_buttons(eng, decision: Decision, unknown=()) -> List[dict]:
    """A deadline counted from a date the case does not hold yet ("within 1 working day of the
    strategy meeting (give the date ...)") offers a button that asks for that date; the reply,
    in words or digits, is read as that date and the answer comes back with the due date. Not
    for a start the document itself does not state (that gap is the document's, and said)."""
    out, seen = [], set()
    for d in decision.deadlines or []:
        name = d.get("anchor")
        fd = eng.reg.fields.get(name)
        if d.get("anchor_date") or d.get("note") or fd is None or fd.type != "date" or name in seen or name in unknown:
            continue
        seen.add(name)
        out.append({"title": f"Add the date of {fd.label or name}", "payload": payload("change_answer", {"field": name})})
    return out[:MAX_DATE_BUTTONS]


def _dedupe_fields(alts: List[dict]) -> List[dict]:
    seen, out = set(), []
    for a in alts:
        if a["field"] not in seen:
            seen.add(a["field"])
            out.append(a)
    return out


def _now(today: dt.date) -> dt.datetime:
    """The time of a record: today's date (fixed in tests) at the clock's time."""
    return dt.datetime.combine(today, dt.datetime.now().time().replace(second=0, microsecond=0))


def summary_messages(eng, slots: Dict[str, Any], today: dt.date) -> Optional[List[dict]]:
    """"Full summary with quotes": the record of the answer (the same text the
    widget copies and prints), with what can be done next; None before an answer."""
    case = Case(eng, slots, TurnOutput())
    decision = _decide(eng, case, today, [])
    if decision.status not in FINAL:
        return None
    rows = facts_message(eng, case.facts)["stepwise"]["facts"]
    record = render.record_text(decision, rows, _now(today),
                                [render.fact_label(u, eng.reg.fields[u]) for u in case.unknown])
    # one message: Rasa's socket.io channel splits a text at blank lines ("\n\n")
    return [{"text": record.replace("\n\n", "\n \n"),
             "buttons": [{"title": "Compare with other areas", "payload": "/compare_areas"},
                                         {"title": "Start again", "payload": "/restart"}]}]


def current_decision(eng, slots: Dict[str, Any], today: dt.date) -> Decision:
    """The decision for the case as the slots hold it (for the summary)."""
    out = TurnOutput()
    return _decide(eng, Case(eng, slots, out), today, [])


def compare_messages(eng, slots: Dict[str, Any], today: dt.date, text_only: bool = False) -> List[dict]:
    """"Compare with other areas": the facts that hold in every area (not an
    area's own questions) decided by each area's procedure, then the pending
    question again; with no question pending, the ways on from the comparison
    (never a dead end)."""
    facts = facts_from_slots(eng.reg, slots)
    result = eng.compare({k: v for k, v in facts.items() if eng.reg.fields[k].area is None}, today)
    after = reask_messages(eng, slots, today)
    buttons = None
    if not after:
        buttons = ([{"title": "Full summary with quotes", "payload": "/show_summary"}]
                   if current_decision(eng, slots, today).status in FINAL else [])
        buttons.append({"title": "Start again", "payload": "/restart"})
    out = [{"text": render.compare_text(result), "buttons": buttons}]
    if not text_only:
        out.append({"text": None, "json": {"stepwise": {"kind": "compare", "compare": result}}})
    return out + after


def reask_messages(eng, slots: Dict[str, Any], today: dt.date) -> List[dict]:
    """After a side question: the pending question again, with its buttons."""
    pending = slots.get("pending_field")
    if pending not in eng.reg.fields:
        return []
    facts = facts_from_slots(eng.reg, slots)
    if pending in facts:
        return []
    d = eng.decide(facts, today, unknown=[u for u in _unknown(slots) if u not in facts])
    item = next((m for m in d.get("missing") or [] if m["field"] == pending), None)
    if item is None:
        return []
    if script_mode.on(slots):
        return [{"text": "To carry on:\n" + script_mode.question_text(eng, item, facts, []),
                 "buttons": script_mode.numbered(item, question_buttons(item))}]
    return [{"text": f"To carry on: {item['question']}", "buttons": question_buttons(item)}]


def _set_mode(t: TurnInput, eng, out: TurnOutput) -> TurnOutput:
    """The widget's switch or the terminal's --script flag: script mode on or
    off, then the question pending again in that form."""
    mode = script_mode.mode_from(t.entities)
    if mode is None:
        return out
    # off is unset (None), as before any switch: the domain's utter_urgent variations are conditioned on it
    out.slots[script_mode.SLOT] = True if mode else None
    slots = {**t.slots, script_mode.SLOT: out.slots[script_mode.SLOT]}
    again = reask_messages(eng, slots, t.today)
    if mode:
        out.say("Script mode: read each \u201cSay:\u201d line to the caller and press the number of their answer "
                "(0 if they do not know); you can still type what they say.")
    else:
        out.say("Script mode is off.")
    out.messages.extend(again)
    return out


__all__ = ["TurnInput", "TurnOutput", "take_turn", "take_facts", "reask_messages", "facts_message", "payload", "FINAL",
           "MAX_ASKS", "advice_line"]
