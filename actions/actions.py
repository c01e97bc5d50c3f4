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
import logging
import os
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from guidance import render
from guidance.engine import Engine, engine

from . import turn
from .dates import read_dates
from .facts import facts_from_slots, slots_before_message

logger = logging.getLogger(__name__)


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


payload = turn.payload  # the button payload format, one home (actions.turn)


class _Base:
    """Shared by the actions (not an Action itself: rasa_sdk registers every
    Action subclass it finds)."""

    def facts(self, tracker: Tracker) -> Dict[str, Any]:
        return facts_from_slots(get_engine().reg, tracker.current_slot_values())



class ActionStepwise(_Base, Action):
    """Take the facts from this turn, decide, then ask the next missing fact
    or give the answer. The turn's rules live in ``actions.turn``."""

    def name(self) -> Text:
        return "action_stepwise"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return run_turn(dispatcher, tracker)


def turn_input(tracker: Tracker, intent: Optional[str] = None) -> turn.TurnInput:
    latest = tracker.latest_message or {}
    return turn.TurnInput(
        intent=intent or (latest.get("intent") or {}).get("name"), text=latest.get("text") or "",
        entities=latest.get("entities") or [], slots=dict(tracker.current_slot_values()), today=today(),
        text_only=tracker.get_latest_input_channel() in TEXT_ONLY_CHANNELS,
        conflicts=list(latest.get("entity_conflicts") or []),
        slots_before=_slots_before(tracker, latest),
    )


def _slots_before(tracker: Tracker, latest: dict) -> Dict[str, Any]:
    """The values the latest message's facts replaced: sent by Rasa with the message
    (stepwise_rasa.speedups), else read from the conversation's events."""
    if isinstance(latest.get("slots_before"), dict):
        return latest["slots_before"]
    return slots_before_message((e.get("event"), e.get("name"), e.get("value")) for e in tracker.events or [])


def run_turn(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str] = None) -> List[EventType]:
    eng = get_engine()
    out = turn.take_turn(turn_input(tracker, intent), eng, read_dates=read_dates)
    emit(dispatcher, out.messages)
    if out.decision is not None:
        record(tracker.sender_id, out.decision, eng)
    return [SlotSet(k, v) for k, v in out.slots.items()]


class ActionTakeFacts(_Base, Action):
    """After the urgent reply: the facts and dates the message named, silently."""

    def name(self) -> Text:
        return "action_take_facts"

    def run(self, dispatcher, tracker, domain):
        out = turn.take_facts(turn_input(tracker), get_engine(), read_dates=read_dates)
        return [SlotSet(k, v) for k, v in out.slots.items()]


def emit(dispatcher: CollectingDispatcher, messages: List[dict]) -> None:
    for m in messages:
        if "json" in m:  # a message for the widget, with its text for every other client
            dispatcher.utter_message(text=m.get("text"), json_message=m["json"])
        elif "response" in m:
            dispatcher.utter_message(response=m["response"])
        else:
            dispatcher.utter_message(text=m["text"], buttons=m.get("buttons"))


def record(sender_id: str, decision: dict, eng: Engine) -> None:
    audit = get_audit()
    if audit is not None:
        try:
            audit.record(sender_id, decision, eng.reg.fields)
        except Exception:  # the answer matters more than its record
            logger.exception("could not record the decision")


def reask(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After a side question, show the pending question again with its buttons."""
    emit(dispatcher, turn.reask_messages(get_engine(), dict(tracker.current_slot_values()), today()))


class ActionExplainWhy(_Base, Action):
    def name(self) -> Text:
        return "action_explain_why"

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        facts = self.facts(tracker)
        decision = eng.decide(facts, today())
        asked = [e.get("value") for e in (tracker.latest_message or {}).get("entities", []) if e.get("entity") == "field"]
        field = asked[0] if asked else tracker.get_slot("pending_field")
        item = next((m for m in decision.missing if m["field"] == field), None)
        area = eng.reg.areas.get(facts.get("area") or "")
        if item is None and field and area and field in area.questions:
            q = area.questions[field]
            item = {"why": q.why, "source": eng._src(q.source)}
        if item is not None:
            dispatcher.utter_message(text=render.why_text(item))
        elif decision.route:
            r = decision.route
            src = r.get("source")
            dispatcher.utter_message(text=f"The route \u201c{r['title']}\u201d rests on {render.cite_short(src)}: \u201c{src['quote']}\u201d")
        else:
            dispatcher.utter_message(text="I ask only what changes the route in your area's procedure.")
        reask(dispatcher, tracker)
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
        reask(dispatcher, tracker)
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
        emit(dispatcher, turn.compare_messages(get_engine(), dict(tracker.current_slot_values()), today(),
                                               tracker.get_latest_input_channel() in TEXT_ONLY_CHANNELS))
        return []


class ActionFullSummary(_Base, Action):
    def name(self) -> Text:
        return "action_full_summary"

    def run(self, dispatcher, tracker, domain):
        eng = get_engine()
        messages = turn.summary_messages(eng, dict(tracker.current_slot_values()), today())
        if messages:  # the record of the answer, as the widget copies and prints it
            emit(dispatcher, messages)
            return []
        else:
            dispatcher.utter_message(text="There is no answer to summarise yet: a few more questions first.")
        reask(dispatcher, tracker)
        return []


class ActionAskProtocol(_Base, Action):
    """A question about the procedure itself ("who chairs the conference?",
    "what does MAP mean?"), answered with the area's own paragraph, verbatim,
    with its document and section; never another area's text."""

    def name(self) -> Text:
        return "action_ask_protocol"

    def run(self, dispatcher, tracker, domain):
        from guidance.ask import answer_text, resolve  # builds its index on first use

        area = self.facts(tracker).get("area")
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        answer = resolve(text, area)
        # a question asked with the case's facts ("SW in Halton, CIN case for a
        # 4 yr old stepping down to a MAP: who do I invite?"): the case moves on too
        with_facts = any(e.get("entity") in get_engine().reg.fields for e in latest.get("entities") or [])
        # a story that ends in a question the documents do not answer ("... what happens
        # now?") is a case: the questions that follow answer it, not "does not answer that"
        if not (with_facts and answer.kind == "none"):
            dispatcher.utter_message(text=answer_text(text, area, today=today(), answer=answer))
        if with_facts:
            return run_turn(dispatcher, tracker, intent="inform")
        reask(dispatcher, tracker)
        return []


def _ask_area(dispatcher, eng, facts, text) -> List[EventType]:
    fd = eng.reg.fields["area"]
    dispatcher.utter_message(text=text, buttons=[
        {"title": label, "payload": payload("inform", {"area": value})} for value, label in fd.values.items()
    ])
    return [SlotSet("pending_field", "area")]


__all__ = ["ActionStepwise", "ActionExplainWhy", "ActionContacts", "ActionHuman", "ActionCompare",
           "ActionFullSummary", "ActionAskProtocol", "ActionTakeFacts"]
