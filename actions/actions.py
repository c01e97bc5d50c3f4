"""Stepwise's custom actions: thin adapters between Rasa and the guidance engine.

Each action reads the slots, calls the engine, renders text (and a JSON
payload for the web widget, see docs/bot-messages.md) and returns events.
There is no Rasa form: the question loop is driven by the engine's list of
facts still missing, so the safeguarding rule can never be pre-empted by an
active loop, and never depends on this server.

Imports rasa_sdk only (no Rasa, no spaCy, no TensorFlow).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from guidance import render
from guidance.engine import Engine, engine
from guidance.case import CaseError

from .facts import answer_to_pending, facts_from_slots, school_year_age

logger = logging.getLogger(__name__)

FINAL = ("complete", "urgent", "out_of_area", "not_found")

_audit = None

#: The engine, loaded once per process (shared with guidance.engine.decide).
get_engine = engine


def get_audit():
    global _audit
    if _audit is None and os.environ.get("STEPWISE_AUDIT", "on") != "off":
        from .audit import AuditLog

        _audit = AuditLog()
    return _audit


def today() -> dt.date:
    """The date decisions are made on (STEPWISE_TODAY fixes it for tests)."""
    fixed = os.environ.get("STEPWISE_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


#: Channels that show text only: the widget's JSON would be printed raw there.
TEXT_ONLY_CHANNELS = ("cmdline",)


def send_json(dispatcher: CollectingDispatcher, tracker: Tracker, message: dict) -> None:
    if tracker.get_latest_input_channel() not in TEXT_ONLY_CHANNELS:
        dispatcher.utter_message(json_message=message)


def payload(intent: str, entities: Optional[Dict[str, Any]] = None) -> str:
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def facts_message(eng: Engine, facts: Dict[str, Any], area_questions=None) -> dict:
    """The "check your answers" list for the widget."""
    rows = []
    for name, value in sorted(facts.items(), key=lambda kv: eng.reg.fields[kv[0]].order):
        fd = eng.reg.fields[name]
        if fd.type == "date":
            continue
        if fd.type == "enum":
            label = fd.values.get(value, str(value))
            if area_questions and name in area_questions and area_questions[name].values.get(value):
                label = area_questions[name].values[value]
        elif fd.type == "bool":
            label = "Yes" if value else "No"
        else:
            label = str(value)
        rows.append({
            "field": name, "label": fd.summary or fd.question, "value": value, "value_label": label,
            "change_payload": payload("change_answer", {"field": name}),
        })
    return {"stepwise": {"kind": "facts", "facts": rows}}


class _Base:
    """Shared by the actions (not an Action itself: rasa_sdk registers every
    Action subclass it finds)."""

    def facts(self, tracker: Tracker) -> Dict[str, Any]:
        return facts_from_slots(get_engine().reg, tracker.current_slot_values())



class ActionStepwise(_Base, Action):
    """Take the facts from this turn, decide, then ask the next missing fact
    or give the answer."""

    def name(self) -> Text:
        return "action_stepwise"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        eng = get_engine()
        reg = eng.reg
        events: List[EventType] = []
        slots = dict(tracker.current_slot_values())
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name")
        text = latest.get("text") or ""
        entities = latest.get("entities") or []
        pending = tracker.get_slot("pending_field")
        notes: List[str] = []

        def set_fact(name: str, value: Any) -> None:
            slots[name] = value
            events.append(SlotSet(name, value))

        # "change my answer about X": forget X and ask it again
        change_field = None
        if intent == "change_answer":
            for e in entities:
                if e.get("entity") == "field" and e.get("value") in reg.fields:
                    change_field = e["value"]
            fact_entities = [e for e in entities if e.get("entity") in reg.fields and e.get("entity") != "field"]
            if change_field and not any(e["entity"] == change_field for e in fact_entities):
                set_fact(change_field, None)
                if change_field == "area":  # another area's local facts no longer apply
                    for n, fd in reg.fields.items():
                        if fd.area and slots.get(n) is not None:
                            set_fact(n, None)
            elif fact_entities:
                notes.append("Updated: " + ", ".join(
                    f"{reg.fields[e['entity']].summary or e['entity']}" for e in fact_entities) + ".")

        # Safety first: free text saying the child is NOT in immediate danger
        # does not settle the question; it is asked with buttons, unless this
        # message is the answer to that very question (or a button press).
        said_not_urgent = any(e.get("entity") == "immediate_risk" and str(e.get("value")).lower() == "false"
                              for e in entities)
        if said_not_urgent and pending != "immediate_risk" and not text.startswith("/"):
            set_fact("immediate_risk", None)

        # a Year group gives an age, if no age was given
        for e in entities:
            if e.get("entity") == "school_year" and slots.get("child_age") is None:
                age = school_year_age(e.get("value"))
                if age is not None:
                    set_fact("child_age", age)

        # a short reply to the question just asked
        if pending in reg.fields and slots.get(pending) is None and not change_field:
            fd = reg.fields[pending]
            area = reg.areas.get(slots.get("area")) if slots.get("area") else None
            labels = dict(fd.values)
            if area and pending in area.questions:
                labels.update(area.questions[pending].values)
            value = answer_to_pending(fd, intent, text, tuple(labels.items()))
            if value is not None:
                set_fact(pending, value)

        # "help" or "out of scope" that did not answer the pending question:
        # the canned reply, then the question again (if one is pending)
        if intent in ("help", "out_of_scope") and not events and not change_field:
            dispatcher.utter_message(response=f"utter_{intent}")
            if pending is None:
                return events
            notes.append("To carry on:")

        # a bare yes/no/don't know after an answer was given: no need to repeat it
        if pending is None and not events and not change_field and intent in ("affirm", "deny", "dont_know", "thanks") \
                and tracker.get_slot("asked_count"):
            dispatcher.utter_message(
                text="Is there anything else? You can ask for the full summary, the contacts, a comparison "
                     "with other areas, or say \"start again\" for another case.",
                buttons=[{"title": "Full summary with quotes", "payload": "/show_summary"},
                         {"title": "Start again", "payload": "/restart"}])
            return events

        facts = facts_from_slots(reg, slots)
        try:
            decision = eng.decide(facts, today())
        except CaseError as err:  # a slot holds something the engine cannot use: drop it, say so
            set_fact(err.field, None)
            facts.pop(err.field, None)
            notes.append(f"I could not use the answer for {reg.fields[err.field].summary or err.field}.")
            decision = eng.decide(facts, today())

        area = reg.areas.get(decision.get("area") or "")
        if decision["status"] in FINAL:
            self._answer(dispatcher, tracker, eng, decision, facts, notes)
            events.append(SlotSet("pending_field", None))
            return events

        missing = decision["missing"]
        nxt = missing[0]
        if change_field and any(m["field"] == change_field for m in missing):
            nxt = next(m for m in missing if m["field"] == change_field)
        if pending == nxt["field"] and intent not in ("change_answer", "help", "out_of_scope") and not events:
            notes.append("Sorry, I didn't catch an answer to that.")
        asked = int(tracker.get_slot("asked_count") or 0)
        self._ask(dispatcher, tracker, eng, nxt, len(missing), asked, facts, area, notes)
        events += [SlotSet("pending_field", nxt["field"]), SlotSet("asked_count", asked + 1)]
        return events

    @staticmethod
    def _ask(dispatcher, tracker, eng, item, remaining, asked, facts, area, notes) -> None:
        buttons = [
            {"title": o["label"], "payload": payload("inform", {item["field"]: o["value"]})}
            for o in item["options"]
        ]
        prefix = (" ".join(notes) + "\n") if notes else ""
        hint = " (a number)" if item["type"] == "int" else ""
        dispatcher.utter_message(text=f"{prefix}{item['question']}{hint}", buttons=buttons or None)
        send_json(dispatcher, tracker, {"stepwise": {
            "kind": "progress", "asked": asked, "remaining": remaining, "field": item["field"],
            "why": item.get("why"),
        }})
        send_json(dispatcher, tracker, facts_message(eng, facts, area.questions if area else None))

    @staticmethod
    def _answer(dispatcher, tracker, eng, decision, facts, notes) -> None:
        text = render.decision_text(decision)
        if notes:
            text = " ".join(notes) + "\n" + text
        dispatcher.utter_message(text=text, buttons=[
            {"title": "Full summary with quotes", "payload": "/show_summary"},
            {"title": "Compare with other areas", "payload": "/compare_areas"},
            {"title": "Start again", "payload": "/restart"},
        ])
        area = eng.reg.areas.get(decision.get("area") or "")
        send_json(dispatcher, tracker, facts_message(eng, facts, area.questions if area else None))
        send_json(dispatcher, tracker, {"stepwise": {"kind": "decision", "decision": decision}})
        audit = get_audit()
        if audit is not None:
            try:
                audit.record(tracker.sender_id, decision, eng.reg.fields)
            except Exception:  # the answer matters more than its record
                logger.exception("could not record the decision")


class ActionExplainWhy(_Base, Action):
    def name(self) -> Text:
        return "action_explain_why"

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        facts = self.facts(tracker)
        decision = eng.decide(facts, today())
        asked = [e.get("value") for e in (tracker.latest_message or {}).get("entities", []) if e.get("entity") == "field"]
        field = asked[0] if asked else tracker.get_slot("pending_field")
        item = next((m for m in decision["missing"] if m["field"] == field), None)
        area = eng.reg.areas.get(facts.get("area") or "")
        if item is None and field and area and field in area.questions:
            q = area.questions[field]
            item = {"why": q.why, "source": eng._src(q.source)}
        if item is not None:
            dispatcher.utter_message(text=render.why_text(item))
        elif decision.get("route"):
            r = decision["route"]
            src = r.get("source")
            dispatcher.utter_message(text=f"The route \u201c{r['title']}\u201d rests on {render.cite_short(src)}: \u201c{src['quote']}\u201d")
        else:
            dispatcher.utter_message(text="I ask only what changes the route in your area's procedure.")
        return []


class ActionContacts(_Base, Action):
    """Every contact the area's procedure names."""

    ask = "Which area's contacts do you need?"

    def name(self) -> Text:
        return "action_contacts"

    def heading(self, area) -> str:
        return f"Contacts in {area.name}'s procedure:"

    def contact_ids(self, area) -> List[str]:
        return sorted(area.contacts, key=lambda cid: area.contacts[cid].value is None)

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        facts = self.facts(tracker)
        area = eng.reg.areas.get(facts.get("area") or "")
        if area is None:
            return _ask_area(dispatcher, eng, facts, self.ask)
        contacts = [eng._contact(area.contacts[cid], area) for cid in self.contact_ids(area)]
        dispatcher.utter_message(text=render.contacts_text(self.heading(area), contacts))
        return []


class ActionHuman(ActionContacts):
    """The people the area's procedure names for advice and guidance."""

    ask = "I can give you the people to speak to. Which area is the child in?"

    def name(self) -> Text:
        return "action_human"

    def heading(self, area) -> str:
        return f"To speak to a person in {area.name}, the procedure names:"

    def contact_ids(self, area) -> List[str]:
        return list(area.advice) or list(area.urgent.contacts)


class ActionCompare(_Base, Action):
    def name(self) -> Text:
        return "action_compare"

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        facts = self.facts(tracker)
        result = eng.compare({k: v for k, v in facts.items() if eng.reg.fields[k].area is None}, today())
        dispatcher.utter_message(text=render.compare_text(result))
        send_json(dispatcher, tracker, {"stepwise": {"kind": "compare", "compare": result}})
        return []


class ActionFullSummary(_Base, Action):
    def name(self) -> Text:
        return "action_full_summary"

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        decision = eng.decide(self.facts(tracker), today())
        dispatcher.utter_message(text=render.decision_text(decision, full=True))
        return []


def _ask_area(dispatcher, eng, facts, text) -> List[EventType]:
    fd = eng.reg.fields["area"]
    dispatcher.utter_message(text=text, buttons=[
        {"title": label, "payload": payload("inform", {"area": value})} for value, label in fd.values.items()
    ])
    return [SlotSet("pending_field", "area")]


__all__ = ["ActionStepwise", "ActionExplainWhy", "ActionContacts", "ActionHuman", "ActionCompare",
           "ActionFullSummary"]
