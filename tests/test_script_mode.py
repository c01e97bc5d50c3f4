"""Script mode (actions/script_mode.py) through the turn logic: Say: lines,
numbered answers picked by a bare number, a running summary, the answer
phrased for reading aloud; the same decision as the normal mode."""
import datetime as dt
import json

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
    assert "By when: Complete the EHA, 30 working days from a start the document does not state" in c.text
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
