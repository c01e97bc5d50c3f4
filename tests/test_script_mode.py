"""Script mode (actions/script_mode.py) through the turn logic: Say: lines,
numbered answers picked by a bare number, a running summary, the answer
phrased for reading aloud; the same decision as the normal mode."""
import datetime as dt
import json
import re

from actions import turn as T

TODAY = dt.date(2026, 12, 21)  # a Monday


class Call:
    def __init__(self, eng, script=True):
        self.eng, self.slots, self.out = eng, {}, None
        if script:
            self.say('/set_mode{"mode": "script"}')

    def say(self, text, intent="nlu_fallback"):
        ents = []
        if text.startswith("/") and "{" in text:
            intent = text[1:text.index("{")]
            ents = [{"entity": k, "value": v} for k, v in json.loads(text[text.index("{"):]).items()]
        for e in ents:
            if e["entity"] in self.eng.reg.fields:
                self.slots[e["entity"]] = e["value"]
        self.out = T.take_turn(T.TurnInput(intent=intent, text=text, entities=ents, slots=self.slots, today=TODAY), self.eng)
        self.slots.update(self.out.slots)
        return self

    @property
    def text(self):
        return "\n".join(m["text"] for m in self.out.messages if m.get("text"))

    @property
    def buttons(self):
        return [b["title"] for m in self.out.messages if m.get("buttons") for b in m["buttons"]]


def test_each_question_has_its_say_line_numbers_and_summary(eng):
    c = Call(eng)
    assert c.slots["script_mode"] is True
    c.say('/inform{"area": "stockport"}')
    assert "So far: Stockport." in c.text
    assert "Say: \u201cBefore anything else: does the risk to the child need a response right now?" in c.text
    assert c.buttons == ["1 Yes", "2 No", "0 I don't know"]
    c.say("2")  # a bare number picks the numbered answer
    assert c.slots["immediate_risk"] is False
    assert "So far: Stockport; immediate danger: no." in c.text
    assert "Early Help Episode, which is early help with an assessment and a plan" in c.text
    assert c.buttons[0].startswith("1 ") and c.buttons[-1] == "0 I don't know"


def test_a_school_caller_gets_the_answer_read_aloud(eng):
    c = Call(eng)
    for msg in ['/inform{"area": "stockport"}', "2", "1", "1", "3", "1", "1", "2", "1"]:
        c.say(msg)
    d = c.out.decision
    plain = Call(eng, script=False)
    for msg in ['/inform{"area": "stockport"}', '/inform{"immediate_risk": false}', '/inform{"current_service": "universal"}',
                '/inform{"direction": "step_up"}', '/inform{"needs_now": "early_help"}', '/inform{"asker_role": "school"}',
                '/inform{"consent": "given"}', '/inform{"multi_agency": false}', '/inform{"lead_professional_known": true}']:
        plain.say(msg)
    assert d is not None and d["route"]["id"] == plain.out.decision["route"]["id"] == "stockport.step_up.early_help"
    assert "READ ALOUD:" in c.text and "Say it as: zero one six one, two one seven, six one six zero" in c.text
    # the protocol gives 30 working days but not from when (guidance: anchor_gap): said, never dated from today
    assert "By when: Complete the EHA, 30 working days; the document does not state from when" in c.text
    read, _, screen = c.text.partition("ON SCREEN ONLY")
    assert "[1]" not in read and "[1]" in screen  # sources on screen, not read


def test_i_dont_know_is_zero_and_an_urgent_answer_says_what_to_do_first(eng):
    c = Call(eng)
    c.say('/inform{"area": "stockport"}').say("0")
    assert "immediate_risk" in c.slots["unknown_fields"]
    assert "URGENT. Say and do these first, in this order:" in c.text
    assert "1. Say: \u201cIf the child is in immediate danger, call 999 (nine nine nine) now.\u201d" in c.text
    assert "zero one six one, two one seven, six zero two eight" in c.text


def test_a_step_down_request(eng):
    c = Call(eng)
    c.say('/inform{"area": "halton"}').say("2")
    assert "MAP, which is Halton's early help plan" in c.text
    c.say("5")  # the fifth answer: open to Children's Social Care with a Child in Need plan
    assert c.slots["current_service"] == "child_in_need"
    assert "support now: open to Children's Social Care with a Child in Need plan" in c.text


def test_numbers_out_of_range_are_not_answers(eng):
    c = Call(eng)
    c.say('/inform{"area": "wirral"}').say("7")
    assert "immediate_risk" not in c.slots or c.slots.get("immediate_risk") is None


def test_switching_off(eng):
    c = Call(eng)
    c.say('/inform{"area": "wirral"}').say('/set_mode{"mode": "normal"}')
    assert c.slots["script_mode"] is None  # off is unset, as the domain's urgent variations expect
    assert "Say:" not in c.text and c.buttons[0] == "Yes"


def test_a_number_that_picks_an_answer_is_not_also_the_child_s_age(eng):
    """The NLU reads a bare number as the child's age and Rasa sets that slot before the turn runs;
    in script mode the number picked an answer, so no age is recorded from it."""
    c = Call(eng)
    c.say('/inform{"area": "wirral"}')
    assert c.slots.get("pending_field") == "immediate_risk"
    c.slots["child_age"] = 2  # Rasa's from_entity mapping, from the entity the NLU read in "2"
    c.out = T.take_turn(T.TurnInput(intent="inform", text="2", entities=[{"entity": "child_age", "value": "2"}],
                                    slots=c.slots, today=TODAY), c.eng)
    c.slots.update(c.out.slots)
    assert c.slots["immediate_risk"] is False  # the second answer: No
    assert c.slots.get("child_age") is None
    assert "age: 2" not in c.text.lower() and "age 2" not in c.text.lower()


def _stockport_consent_not_known(eng):
    """Stockport, a step up to early help, and "I don't know" (0) to the rest:
    the answer depends on consent and on who leads (w4-05)."""
    c = Call(eng)
    for msg in ['/inform{"area": "stockport"}', "2", "1", "1", "3"]:
        c.say(msg)
    for _ in range(6):
        if c.out.decision is not None:
            break
        c.say("0")
    return c


def test_an_answer_that_depends_on_what_is_not_known_is_read_aloud_part_by_part(eng):
    c = _stockport_consent_not_known(eng)
    d = c.out.decision
    assert d is not None and d.status.value == "conditional"
    read, _, screen = c.text.partition("ON SCREEN ONLY")
    assert "READ ALOUD:" in read
    # each part: its condition, fields by their labels and one field's two values said once
    assert "If Consent: The parent or carer has agreed or not asked yet" in read, read
    assert "Consent: The parent or carer has agreed or Consent:" not in read
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", read)  # no field codes
    # then a Say: line with what to do, the contact's number spelled out, and the steps
    parts = read.split("\nIf ")[1:]
    assert parts and all("\nSay: \u201cWhat to do: " in p for p in parts), read
    assert "Say it as: zero one six one, two one seven, six one six zero" in read
    assert "First: " in read
    assert "[1]" not in read and "[1]" in screen
    # the text message the widget and REST clients get is the spoken form, not the on-screen one
    text_messages = [m["text"] for m in c.out.messages if m.get("text")]
    assert text_messages == [c.text] and "What to do:" not in T.render.decision_text(d)


def test_the_summary_says_field_labels_and_an_age_of_0_as_under_1(eng):
    c = Call(eng)
    for msg in ['/inform{"area": "halton"}', '/inform{"immediate_risk": false}', '/inform{"current_service": "child_in_need"}',
                '/inform{"direction": "step_down"}', '/inform{"needs_now": "universal"}']:
        c.say(msg)
    assert "Type the number the caller gives" in c.text  # the child's age is asked
    c.say("0")  # a baby of 10 months
    assert c.slots["child_age"] == 0
    assert "child's age: 0 (under 1 year)" in c.text, c.text
    assert "child's age: 0;" not in c.text and "child's age: 0." not in c.text
