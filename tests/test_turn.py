"""The turn logic (actions/turn.py), driven as Rasa drives it but without Rasa:
entities set their slots first (the domain's from_entity mappings), then the
turn runs on the slots. No TensorFlow."""
import datetime as dt
import json

import pytest

from actions import turn as T
from actions.dates import read_dates

TODAY = dt.date(2026, 12, 9)


class Chat:
    """A conversation with the turn logic: say() takes what NLU would give."""

    def __init__(self, eng, slots=None):
        self.eng = eng
        self.slots = dict(slots or {})
        self.out = None
        self.asked = []

    def say(self, text="", intent="inform", entities=()):
        ents = [dict(e) for e in entities]
        if text.startswith("/") and "{" in text:  # a button payload: /intent{"field": value}
            intent = text[1:text.index("{")]
            ents = [{"entity": k, "value": v} for k, v in json.loads(text[text.index("{"):]).items()]
        elif text.startswith("/"):
            intent = text[1:]
        before = {}
        for e in ents:  # Rasa's from_entity slot mappings (not for the ask_why-like intents)
            if e["entity"] in self.eng.reg.fields:
                before.setdefault(e["entity"], self.slots.get(e["entity"]))
                self.slots[e["entity"]] = e["value"]
        self.out = T.take_turn(T.TurnInput(intent=intent, text=text, entities=ents, slots=self.slots, today=TODAY,
                                           conflicts=getattr(self, "conflicts", []), slots_before=before),
                               self.eng, read_dates=read_dates)
        self.slots.update(self.out.slots)
        if "pending_field" in self.out.slots and self.out.slots["pending_field"]:
            self.asked.append(self.out.slots["pending_field"])
        return self

    @property
    def text(self):
        return "\n".join(m["text"] for m in self.out.messages if m.get("text"))

    @property
    def buttons(self):
        return [b for m in self.out.messages if m.get("buttons") for b in m["buttons"]]

    @property
    def decision(self):
        return self.out.decision

    @property
    def pending(self):
        return self.slots.get("pending_field")


def test_every_question_offers_i_dont_know(eng):
    c = Chat(eng).say("hello")
    assert c.pending == "area"
    assert any(b["title"] == "I don't know" for b in c.buttons)


def test_pressing_every_button_of_every_question_sets_its_fact(eng):
    """For each area, walk the questions; at each one, every button the bot
    offers sets the fact it names (or, for I don't know, marks it unknown)."""
    for area in eng.reg.areas:
        c = Chat(eng, {"area": area}).say("hi")
        seen = 0
        while c.pending and seen < 15:
            field = c.pending
            for b in c.buttons:
                trial = Chat(eng, dict(c.slots)).say(b["payload"])
                if b["payload"].startswith("/dont_know"):
                    assert field in trial.slots.get("unknown_fields", []), (area, field)
                else:
                    value = json.loads(b["payload"][len("/inform"):])[field]
                    assert trial.slots.get(field) == value, (area, field, b)
                    assert trial.pending != field or trial.slots.get(field) is None
            first = next(b for b in c.buttons if b["payload"].startswith("/inform"))
            c.say(first["payload"])
            seen += 1
        assert c.decision is not None, area


def test_i_dont_know_to_every_question_ends_in_an_answer_and_never_asks_twice(eng):
    for area in eng.reg.areas:
        c = Chat(eng, {"area": area, "immediate_risk": False}).say("hi")
        for _ in range(20):
            if c.decision:
                break
            c.say("I don't know", intent="dont_know")
        assert c.decision is not None, area
        assert c.decision["status"] in ("complete", "conditional", "not_found"), (area, c.decision["status"])
        assert len(c.asked) == len(set(c.asked)), c.asked


def test_dont_know_button_is_never_recorded_as_a_value(eng):
    c = Chat(eng, {"area": "halton", "immediate_risk": False, "direction": "step_up"}).say("hi")
    field = c.pending
    c.say(f'/dont_know{{"field": "{field}"}}')
    assert c.slots.get(field) is None
    assert field in c.slots["unknown_fields"]
    assert c.pending != field


def test_a_non_answer_is_never_recorded(eng):
    c = Chat(eng, {"area": "stockport", "immediate_risk": False, "current_service": "universal",
                   "asker_role": "school"}).say("hi")
    c.slots["pending_field"] = "needs_now"
    c.say("I really don't know, can you help me decide?", intent="help")
    assert c.slots.get("needs_now") is None
    assert "needs_now" in c.slots.get("unknown_fields", [])


def test_not_sure_is_not_no(eng):
    c = Chat(eng, {"area": "halton", "immediate_risk": False}).say("hi")
    c.slots["pending_field"] = "halton_incident"
    c.say("not sure", intent="deny")
    assert c.slots.get("halton_incident") is None


def test_a_question_is_asked_at_most_twice_then_the_case_carries_on(eng):
    c = Chat(eng, {"area": "wirral", "immediate_risk": False}).say("hi")
    first = c.pending
    c.say("blah blah", intent="nlu_fallback")
    assert c.pending == first
    assert "didn't catch" in c.text and "I don't know" in [b["title"] for b in c.buttons]
    assert "advice" in c.text  # the area's advice contact
    c.say("more blah", intent="nlu_fallback")
    assert c.pending != first
    assert c.asked.count(first) == 2
    assert "carry on without" in c.text


def test_unsure_about_immediate_danger_gives_the_urgent_answer(eng):
    c = Chat(eng, {"area": "stockport"}).say("hi")
    assert c.pending == "immediate_risk"
    c.say("not sure", intent="dont_know")
    assert c.decision and c.decision["urgent"]
    assert "999" in c.text
    assert c.slots.get("immediate_risk") is None  # nothing recorded the person did not say


def test_free_text_not_in_danger_does_not_skip_the_safety_question(eng):
    c = Chat(eng, {"area": "stockport"}).say("she's not in immediate danger", entities=[
        {"entity": "immediate_risk", "value": False}])
    assert c.slots.get("immediate_risk") is None and c.pending == "immediate_risk"


def test_change_answer_asks_again_and_a_correction_changes_the_fact(eng):
    c = Chat(eng, {"area": "stockport", "immediate_risk": False, "current_service": "universal"}).say("hi")
    c.say('/change_answer{"field": "current_service"}')
    assert c.slots["current_service"] is None and c.pending == "current_service"
    c.say("actually the child is on a child protection plan", intent="inform",
          entities=[{"entity": "current_service", "value": "child_protection"}])
    assert c.slots["current_service"] == "child_protection"
    assert not (c.decision or {}).get("urgent")


def test_no_route_offers_changes(eng):
    c = Chat(eng, {"area": "stockport", "immediate_risk": False, "direction": "step_down"}).say("hi")
    c.say('/inform{"current_service": "universal"}')
    assert c.decision["status"] == "not_found"
    changes = [b for b in c.buttons if b["payload"].startswith("/change_answer")]
    assert changes and "What would lead to a route" in c.text


def test_dates_in_words_set_the_anchor_and_give_a_dated_deadline(eng):
    c = Chat(eng, {"area": "wirral", "immediate_risk": False}).say(
        "the strategy meeting was last Thursday")
    assert c.slots.get("strategy_meeting_date") == "2026-12-03"


def test_side_question_shows_the_pending_question_again(eng):
    slots = {"area": "stockport", "immediate_risk": False, "pending_field": "current_service"}
    msgs = T.reask_messages(eng, slots, TODAY)
    assert msgs and msgs[0]["buttons"] and "To carry on" in msgs[0]["text"]
    assert any(b["payload"].startswith('/inform{"current_service"') for b in msgs[0]["buttons"])


def test_unknown_area_says_what_to_do_without_borrowing_a_procedure(eng):
    c = Chat(eng).say("hi")
    c.say('/dont_know{"field": "area"}')
    assert c.pending == "immediate_risk"  # safety is still asked
    c.say('/inform{"immediate_risk": false}')
    assert "front door" in c.text and c.decision is None
    assert any(b["payload"] == '/inform{"area": "stockport"}' for b in c.buttons)


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_each_area_path_with_i_dont_know_answers(eng, area):
    """One full path per area answering every question with its first option,
    except one "I don't know" midway: it still ends in an answer."""
    c = Chat(eng, {"area": area, "immediate_risk": False}).say("hi")
    n = 0
    while c.pending and n < 15:
        if n == 1:
            c.say(f'/dont_know{{"field": "{c.pending}"}}')
        else:
            c.say(next(b for b in c.buttons if b["payload"].startswith("/inform"))["payload"])
        n += 1
    assert c.decision is not None and c.decision["status"] in T.FINAL


def test_a_fact_named_with_two_values_is_said_and_asked(eng):
    c = Chat(eng)
    c.conflicts = ["area"]
    c.say("Health visitor in Sale, Trafford. can I use the MASSH?")
    assert c.slots.get("area") is None and c.pending == "area" and "more than one" in c.text


def test_after_the_urgent_reply_the_story_s_facts_and_dates_are_kept(eng):
    slots = {"area": "wirral", "pending_field": "consent"}
    out = T.take_facts(T.TurnInput(intent="disclose_risk", text="yes, and the strategy meeting was last Thursday",
                                   entities=[], slots=slots, today=TODAY), eng, read_dates=read_dates)
    assert out.slots == {"strategy_meeting_date": "2026-12-03"}  # not read as a yes to the pending question
    assert out.messages == []


def test_needs_said_as_the_area_s_own_level(eng):
    assert T.need_level(eng, "wirral", "I think this is level 4 now and mum has agreed") == "social_care"
    assert T.need_level(eng, "halton", "honestly I think needs are still level 3") == "social_care"
    assert T.need_level(eng, "halton", "needs are at level 2") == "early_help"
    assert T.need_level(eng, "wirral", "it's level 3") == "early_help"  # Wirral's early help is level 2-3
    assert T.need_level(eng, "wirral", "it's level 2") is None  # single agency or early help: ask
    assert T.need_level(eng, "wirral", "she was on a level 4 plan last year") is None
    assert T.need_level(eng, None, "it's level 4") is None
    # a level denied names no need
    assert T.need_level(eng, "halton", "no progress but I don't think it's level 3. What do I do?") is None
    assert T.need_level(eng, "wirral", "it's not level 4 yet") is None
    assert T.need_level(eng, "halton", "no progress, but I think it's level 3 now") == "social_care"
    # ... except that with early help holding the family, the area's social care level denied
    # leaves the needs at early help (Halton: early help 2, social care 3; Wirral: 2-3 and 4)
    drift = "the plan has stalled for months but I don't think it's level 3."
    assert T.need_level(eng, "halton", drift, "early_help") == "early_help"
    assert T.need_level(eng, "wirral", "things are slipping but I don't think it's level 4 yet", "early_help") == "early_help"
    assert T.need_level(eng, "halton", drift) is None  # no early help said: nothing
    assert T.need_level(eng, "halton", drift, "universal") is None
    assert T.need_level(eng, "halton", "I don't think it's level 2", "early_help") is None  # not the social care level
    assert T.need_level(eng, "wirral", "I don't think it's level 3", "early_help") is None  # Wirral's 3 is early help
    assert T.need_level(eng, "halton", "so you don't think it's level 3?", "early_help") is None  # a question
    assert T.need_level(eng, "herefordshire", "it's not level 4", "early_help") is None  # no early help level
    c = Chat(eng, {"area": "halton", "immediate_risk": False}).say("I think needs are still level 3")
    assert c.slots["needs_now"] == "social_care"


def test_a_child_protection_plan_just_ended_is_the_support_stepped_down_from(eng):
    c = Chat(eng).say("SW, Stockport. RCPC yesterday ended the CP plan for a 5 year old, what happens next?",
                      entities=[{"entity": "area", "value": "stockport"},
                                {"entity": "direction", "value": "step_down"}])
    assert c.slots.get("current_service") == "child_protection"
    assert c.slots.get("plan_discharged_date") == "2026-12-08"
    # long ago, or a plan that is not a child protection plan: not the support now
    c = Chat(eng).say("She was on a CP plan that ended on 3 March 2025", entities=[{"entity": "area", "value": "wirral"}])
    assert c.slots.get("current_service") is None
    c = Chat(eng).say("The CIN plan was closed yesterday", entities=[{"entity": "area", "value": "wirral"}])
    assert c.slots.get("current_service") is None
    # the support said outright wins
    c = Chat(eng).say("The CP plan ended yesterday, she's on a CIN plan now",
                      entities=[{"entity": "area", "value": "wirral"},
                                {"entity": "current_service", "value": "child_in_need"}])
    assert c.slots.get("current_service") == "child_in_need"


@pytest.mark.parametrize("text,intent", [("\U0001F622\U0001F622\U0001F64F", "affirm"), ("!!", "affirm"),
                                         ("\U0001F44E", "deny"), ("...", "deny")])
def test_emoji_or_punctuation_alone_is_not_a_yes_or_no(eng, text, intent):
    c = Chat(eng, {"area": "stockport"}).say("hi")
    c.slots["pending_field"] = "immediate_risk"
    c.say(text, intent=intent)
    assert c.slots.get("immediate_risk") is None
    assert c.pending == "immediate_risk"
    c.say("yes", intent="affirm")  # a word still answers
    assert c.slots.get("immediate_risk") is True


def test_continue_after_the_urgent_reply_asks_about_danger_now_and_carries_on(eng):
    """A disclosure ("scared to go home tonight") named immediate danger; the urgent reply says
    "if the child is not in immediate danger right now, press Continue". Continue asks the
    question with its buttons (not the urgent route again); No carries on with the case."""
    slots = {"area": "halton", "pending_field": "asker_role", "asks": {"asker_role": 1, "immediate_risk": 2}}
    taken = T.take_facts(T.TurnInput(intent="disclose_risk", text="he's scared to go home tonight",
                                     entities=[{"entity": "immediate_risk", "value": "true"}],
                                     slots={**slots, "immediate_risk": "true"}, today=TODAY), eng,
                         read_dates=read_dates)
    c = Chat(eng, {**slots, "immediate_risk": True, **taken.slots})
    c.say("/continue_case")
    assert c.decision is None
    assert c.pending == "immediate_risk" and c.slots.get("immediate_risk") is None
    assert {"Yes", "No"} <= {b["title"] for b in c.buttons}
    c.say('/inform{"immediate_risk": false}')
    assert c.slots["immediate_risk"] is False and c.pending != "immediate_risk"


CP_CASE = {"area": "wirral", "immediate_risk": False, "direction": "step_down", "current_service": "child_protection"}


def test_a_fact_named_in_passing_does_not_replace_one_already_given(eng):
    """"The first MAP review meeting is next Thursday", about a child on a child protection
    plan, names a MAP; the support the case starts from stays the plan, and the bot says so."""
    c = Chat(eng, CP_CASE).say("hi")
    c.say("the first MAP review meeting is next Thursday", entities=[{"entity": "current_service", "value": "early_help"}])
    assert c.slots["current_service"] == "child_protection"
    assert "kept what you told me before" in c.text and "Change" in c.text
    assert "another child" not in c.text


@pytest.mark.parametrize("text", ["actually she's on an early help plan", "sorry, I meant early help",
                                  "the CP plan ended, she is now on an early help plan",
                                  "she has moved to early help", "it changed to early help last week"])
def test_words_of_correction_or_change_replace_the_fact(eng, text):
    c = Chat(eng, CP_CASE).say("hi")
    c.say(text, entities=[{"entity": "current_service", "value": "early_help"}])
    assert c.slots["current_service"] == "early_help", c.text
    assert "kept what you told me" not in c.text


def test_a_button_or_a_change_of_answer_replaces_the_fact(eng):
    c = Chat(eng, CP_CASE).say("hi")
    c.say('/inform{"current_service": "early_help"}')
    assert c.slots["current_service"] == "early_help"
    c = Chat(eng, CP_CASE).say("hi")
    c.say('/change_answer{"field": "current_service"}')
    c.say("early help", entities=[{"entity": "current_service", "value": "early_help"}])
    assert c.slots["current_service"] == "early_help"


def test_another_childs_story_keeps_the_case_and_offers_a_new_one(eng):
    c = Chat(eng, {**CP_CASE, "child_age": 7}).say("hi")
    c.say("Different one: a 15 year old in Halton, open to early help",
          entities=[{"entity": "area", "value": "halton"}, {"entity": "child_age", "value": 15},
                    {"entity": "current_service", "value": "early_help"}])
    assert (c.slots["area"], c.slots["child_age"], c.slots["current_service"]) == ("wirral", 7, "child_protection")
    assert "start again" in c.text


def test_without_the_earlier_values_a_fact_named_is_taken_as_before(eng):
    slots = dict(CP_CASE, current_service="early_help")
    out = T.take_turn(T.TurnInput(intent="inform", text="the first MAP review is next Thursday",
                                  entities=[{"entity": "current_service", "value": "early_help"}], slots=slots,
                                  today=TODAY), eng, read_dates=read_dates)
    assert "current_service" not in out.slots


def test_slots_before_message_reads_the_values_a_message_replaced():
    from actions.facts import slots_before_message as before

    events = [("slot", "area", "wirral"), ("user", None, None), ("slot", "current_service", "child_protection"),
              ("action", None, None), ("user", None, None), ("slot", "current_service", "early_help"),
              ("slot", "child_age", 9)]
    assert before(events) == {"current_service": "child_protection", "child_age": None}
    assert before([("slot", "a", 1), ("restart", None, None), ("user", None, None), ("slot", "a", 2)]) == {"a": None}
    assert before([("slot", "a", 1), ("user", None, None)]) == {}
    assert before([("slot", "a", 1)]) == {}


def test_not_sure_about_danger_can_be_changed_and_other_answers_are_asked_again(eng):
    """The browser walk: "I don't know" to immediate danger gives the urgent answer (treated as
    urgent); the answers list offers a Change button for it, and "Change area" asks the area
    rather than showing the urgent answer again."""
    c = Chat(eng, {"area": "halton"}).say("hi")
    assert c.pending == "immediate_risk"
    c.say('/dont_know{"field": "immediate_risk"}')
    assert c.decision is not None and c.decision.unsure_urgent
    rows = [m["json"]["stepwise"]["facts"] for m in c.out.messages
            if "json" in m and m["json"]["stepwise"]["kind"] == "facts"][-1]
    danger = [r for r in rows if r["field"] == "immediate_risk"]
    assert danger and danger[0]["unknown"] and danger[0]["change_payload"] == '/change_answer{"field": "immediate_risk"}'
    c.say('/change_answer{"field": "area"}')
    assert c.pending == "area" and c.decision is None, c.text
    assert any(b["payload"] == '/inform{"area": "wirral"}' for b in c.buttons)
    c.say('/inform{"area": "wirral"}')
    assert c.decision is not None and c.decision.unsure_urgent  # still not sure: still urgent
    c.say('/change_answer{"field": "immediate_risk"}')
    assert c.pending == "immediate_risk"
    c.say('/inform{"immediate_risk": false}')
    assert c.slots["immediate_risk"] is False and "immediate_risk" not in (c.slots.get("unknown_fields") or [])


def test_a_new_session_clears_the_values_before_a_message():
    from actions.facts import slots_before_message as before

    events = [("user", None, None), ("slot", "area", "halton"), ("session_started", None, None),
              ("action", None, None), ("user", None, None), ("slot", "area", "wirral")]
    assert before(events) == {"area": None}


@pytest.mark.parametrize("area,text", [
    ("stockport", "It's not level 3, it's level 4 now"), ("wirral", "It's not level 3, it's level 4 now"),
    ("halton", "I don't think it's level 3 but it might be level 4")])
def test_a_level_denied_beside_another_is_not_read_as_early_help(eng, area, text):
    assert T.need_level(eng, area, text, current="early_help") != "early_help"


def test_change_keeps_the_urgent_answer_when_danger_was_said(eng):
    c = Chat(eng, {"area": "halton"}).say("hi")
    c.say('/inform{"immediate_risk": true}')
    assert c.decision is not None and "999" in c.text
    c.say('/change_answer{"field": "area"}')
    assert "999" in c.text and c.pending != "area"


def test_the_same_value_said_again_is_not_a_kept_fact(eng):
    c = Chat(eng, {**CP_CASE, "consent_unsafe": False}).say("hi")
    c.say("asking the parents would not put her at risk", entities=[{"entity": "consent_unsafe", "value": "false"}])
    assert "kept what you told me" not in c.text


def test_a_deadline_without_its_date_offers_to_take_it_and_then_gives_the_due_date(eng):
    """"Meeting dates are never asked": a deadline counted from a date the case does not hold
    offers "Add the date of ..."; the date said in words is read as that date, and the answer
    comes back with the due date."""
    facts = {"area": "wirral", "immediate_risk": False, "current_service": "social_work_assessment",
             "direction": "step_down", "needs_now": "early_help", "asker_role": "social_worker", "consent": "given",
             "consent_unsafe": False, "multi_agency": True, "able_to_assess": True, "lead_professional_known": True,
             "child_age": 8, "early_help_open": True}
    c = Chat(eng, facts).say("hi")
    assert c.decision["status"] == "complete"
    adds = [b for b in c.buttons if b["title"].startswith("Add the date of ")]
    assert adds and len(adds) <= T.MAX_DATE_BUTTONS, c.buttons
    start = next(b for b in adds if "assessment_start_date" in b["payload"])
    undated = [d for d in c.decision["deadlines"] if d["anchor"] == "assessment_start_date"]
    assert undated and all(d["due"] is None for d in undated)
    c.say(start["payload"])
    assert c.pending == "assessment_start_date" and "social work assessment start" in c.text
    assert any(b["payload"] == '/dont_know{"field": "assessment_start_date"}' for b in c.buttons), c.buttons
    c.say("it started on Monday the 23rd of November")
    assert c.slots["assessment_start_date"] == "2026-11-23"
    assert c.decision["status"] == "complete"
    dated = [d for d in c.decision["deadlines"] if d["anchor"] == "assessment_start_date"]
    assert dated and all(d["due"] for d in dated), dated
    assert not any("assessment_start_date" in b["payload"] for b in c.buttons)
    # "I don't know" to the date: not asked again, no button for it, the answer without its due date
    other = next(b for b in c.buttons if b["title"].startswith("Add the date of "))
    field = json.loads(other["payload"][other["payload"].index("{"):])["field"]
    c.say(other["payload"]).say(f'/dont_know{{"field": "{field}"}}')
    assert c.decision["status"] == "complete" and c.slots.get(field) is None
    assert not any(field in b["payload"] for b in c.buttons if b["title"].startswith("Add the date"))


def _dated_case(eng):
    facts = {"area": "wirral", "immediate_risk": False, "current_service": "social_work_assessment",
             "direction": "step_down", "needs_now": "early_help", "asker_role": "social_worker", "consent": "given",
             "consent_unsafe": False, "multi_agency": True, "able_to_assess": True, "lead_professional_known": True,
             "child_age": 8, "early_help_open": True}
    c = Chat(eng, facts).say("hi")
    add = next(b for b in c.buttons if "assessment_start_date" in b["payload"])
    return c.say(add["payload"])


@pytest.mark.parametrize("text", ["I don't know, maybe the 1st", "not sure, 2 weeks ago I think"])
def test_a_date_said_with_i_dont_know_is_not_recorded(eng, text):
    c = _dated_case(eng).say(text)
    assert c.slots.get("assessment_start_date") is None
    assert "assessment_start_date" in (c.slots.get("unknown_fields") or [])


def test_two_dates_for_one_anchor_are_not_recorded_and_said(eng):
    c = _dated_case(eng).say("either the 1st or the 2nd")
    assert c.slots.get("assessment_start_date") is None
    assert "more than one date" in c.text, c.text


def test_a_reply_with_no_date_is_said_not_dropped(eng):
    c = _dated_case(eng).say("it hasn't started yet")
    assert c.slots.get("assessment_start_date") is None
    assert "didn't catch a date" in c.text, c.text
    assert c.decision["status"] == "complete"  # the answer again, never a loop


def test_no_date_button_for_a_start_the_document_does_not_state(eng):
    """A deadline whose start the document does not name (its ``note``) is counted only from a
    date the person gives, and offers no button (the gap is the document's, and is said)."""
    seen = 0
    for area in ("wirral", "stockport", "halton", "herefordshire"):
        for cs in ("universal", "early_help", "social_work_assessment", "child_in_need", "child_protection"):
            for direction in ("step_up", "step_down"):
                for needs in ("early_help", "social_care", "universal"):
                    d = eng.decide({"area": area, "immediate_risk": False, "current_service": cs, "direction": direction,
                                    "needs_now": needs, "consent": "given", "consent_unsafe": False, "multi_agency": True,
                                    "able_to_assess": True, "lead_professional_known": True, "child_age": 8,
                                    "asker_role": "social_worker", "early_help_open": True}, TODAY)
                    gaps = {x["anchor"] for x in d.deadlines if x.get("note")}
                    offered = {json.loads(b["payload"][b["payload"].index("{"):])["field"] for b in T.date_buttons(eng, d)}
                    seen += len(gaps)
                    assert not (gaps & offered) or any(x["anchor"] in offered and not x.get("note")
                                                       for x in d.deadlines), (area, cs, direction, needs)
    assert seen > 0  # the walk met deadlines with an unstated start
