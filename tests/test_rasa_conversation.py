"""The conversation a real person has, through the REST channel against the
real trained bot and action server: every button the bot offers sets its
fact, "I don't know" ends in an answer, dates in words give dated deadlines,
side questions come back to the question, a dead end offers changes, and
questions about the protocol are answered from the area's own text."""
import json

import pytest

from .rasa_helpers import Conv, needs_model, running_bot

pytestmark = needs_model
TODAY = "2026-12-09"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_bot(tmp_path_factory.mktemp("conversation"), TODAY) as port:
        yield port


def _value(payload, field):
    return json.loads(payload[payload.index("{"):])[field]


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_every_button_of_every_question_sets_its_fact(bot, area):
    """Walk the area's questions; at each, press every button it offers (going
    back with "change" between presses) and check the fact it names is set."""
    c = Conv(bot).start(area)
    pressed = 0
    for _ in range(15):
        field = c.field
        if field is None:
            break
        options = [b for b in c.buttons if b["payload"].startswith("/inform")]
        assert options and any(b["title"] == "I don't know" for b in c.buttons), (area, field, c.text)
        for b in options:
            c.say(b["payload"])
            got = c.facts if c.decision is None else c.decision["facts"]
            assert got.get(field) == _value(b["payload"], field), (area, field, b, c.text[:300])
            pressed += 1
            c.say(f'/change_answer{{"field": "{field}"}}')
            assert c.field == field, (area, field, c.text[:300])
        # go on down the path: the first answer that leads to another question
        # (so every question on the way is walked), else one that gives an answer
        ends = []
        for b in options:
            c.say(b["payload"])
            if c.decision is None and c.field is not None:
                break
            if c.decision is not None and c.decision["status"] != "not_found":
                ends.append(b)
            c.say(f'/change_answer{{"field": "{field}"}}')
        else:
            c.say((ends or options)[0]["payload"])
            break
    assert c.decision is not None and pressed >= 5, (area, pressed)


@pytest.mark.parametrize("area", ["wirral", "herefordshire", "stockport", "halton"])
def test_i_dont_know_to_every_question_ends_in_an_answer(bot, area):
    c = Conv(bot).start(area).say('/inform{"immediate_risk": false}')
    asked = []
    for _ in range(20):
        if c.decision is not None or c.field is None:
            break
        asked.append(c.field)
        c.say("I don't know")
    assert c.decision is not None, (area, asked, c.text)
    assert c.decision["status"] in ("complete", "conditional", "not_found")
    assert len(asked) == len(set(asked)), asked


def test_a_story_with_a_date_in_words_gives_a_dated_deadline(bot):
    c = Conv(bot).say("I'm a social worker in Wirral, 10 year old on a CIN plan, concerns have escalated and "
                      "the strategy meeting was last Thursday")
    for _ in range(10):
        if c.decision is not None:
            break
        field = c.field
        if field == "immediate_risk":
            c.say('/inform{"immediate_risk": false}')
        else:
            first = next(b for b in c.buttons if b["payload"].startswith("/inform"))
            c.say(first["payload"])
    assert c.decision["facts"].get("strategy_meeting_date") == "2026-12-03"


def test_a_side_question_comes_back_to_the_question_with_its_buttons(bot):
    c = Conv(bot).start("stockport").say('/inform{"immediate_risk": false}')
    field = c.field
    c.say("why do you ask?")
    assert "To carry on" in c.text and any(b["payload"].startswith(f'/inform{{"{field}"') for b in c.buttons)
    c.say("can I speak to a person?")
    assert "To carry on" in c.text and any(b["payload"].startswith(f'/inform{{"{field}"') for b in c.buttons)


def test_a_dead_end_lists_what_would_lead_to_a_route_with_change_buttons(bot):
    c = Conv(bot).start("stockport").say('/inform{"immediate_risk": false}')
    c.say('/inform{"direction": "step_down"}').say('/inform{"current_service": "universal"}')
    assert c.decision["status"] == "not_found"
    assert "What would lead to a route" in c.text
    assert any(b["payload"].startswith("/change_answer") for b in c.buttons)


def test_a_question_about_the_protocol_is_answered_from_the_areas_own_text(bot):
    c = Conv(bot).start("halton").say("what does MAP mean?")
    assert "Halton" in c.text and "without expanding" in c.text
    c = Conv(bot).start("herefordshire").say("is this procedure still current?")
    assert "review" in c.text.lower() and "2023" in c.text


def test_non_answers_are_asked_at_most_twice(bot):
    c = Conv(bot).start("wirral").say('/inform{"immediate_risk": false}')
    first = c.field
    c.say("hmm the weather is nice")
    c.say("blue cheese")
    assert c.field != first or c.decision is not None


def _to_an_answer(c):
    for _ in range(12):
        if c.decision is not None:
            return c
        if c.field == "immediate_risk":
            c.say('/inform{"immediate_risk": false}')
        else:
            c.say(next(b for b in c.buttons if b["payload"].startswith("/inform"))["payload"])
    raise AssertionError(c.text[-500:])


def test_a_start_date_said_after_the_answer_is_taken_not_a_restart(bot):
    """Found walking the widget: "the EHA started last Thursday" after an answer was read as
    "start again" and wiped the case. Now the date is taken; typed "start again" asks first."""
    c = _to_an_answer(Conv(bot).start("stockport"))
    facts = dict(c.decision["facts"])
    c.say("the EHA started last Thursday")
    assert "Starting again" not in c.text, c.text[:300]
    assert c.decision is not None and c.decision["facts"].get("request_date") == "2026-12-03", c.text[:300]
    assert c.decision["facts"]["area"] == facts["area"]
    c.say("start again")
    assert "Nothing from this case will be kept" in c.text
    assert [b["payload"] for b in c.buttons] == ["/restart", "/continue_case"]
    c.say("/continue_case")
    assert "Starting again" not in c.text
    c.say("/restart")
    assert "Starting again" in c.text


def test_continue_after_a_disclosure_asks_about_danger_now(bot):
    """Found walking the widget: Continue after the urgent reply gave the urgent route again
    (the disclosure had named danger); it now asks, with buttons, and No carries on."""
    c = Conv(bot).start("halton")
    c.say("he just told me his dad burnt him with a lighter and he's scared to go home tonight")
    assert "999" in c.text and any(b["payload"] == "/continue_case" for b in c.buttons)
    c.say("/continue_case")
    assert c.field == "immediate_risk" and c.decision is None, c.text[:300]
    c.say('/inform{"immediate_risk": false}')
    assert c.field not in (None, "immediate_risk") or c.decision is not None
    assert (c.decision or {}).get("status") != "urgent"


def test_emoji_alone_is_not_an_answer(bot):
    c = Conv(bot).start("stockport")
    assert c.field == "immediate_risk"
    c.say("\U0001F622\U0001F622\U0001F64F")
    assert c.field == "immediate_risk" and c.facts.get("immediate_risk") is None


def test_a_meeting_named_after_the_answer_keeps_the_support_already_given(bot):
    """A date sentence naming a MAP review, after the case said a child protection plan,
    keeps the plan as the support the case starts from (the bot says it kept it), and the
    same words with "now" change it."""
    c = Conv(bot).start("wirral")
    c.say('/inform{"immediate_risk": false}')
    c.say("The child is on a child protection plan and the conference wants to step down")
    assert c.facts.get("current_service") == "child_protection", c.text[:400]
    c.say("the first MAP review meeting is next Thursday")
    assert c.facts.get("current_service") == "child_protection", c.text[:400]
    assert "kept what you told me before" in c.text
    c.say("she is now on a MAP, the CP plan has ended")
    assert c.facts.get("current_service") == "early_help", c.text[:400]


def test_compare_after_the_answer_offers_the_way_on(bot):
    # the answer given, "Compare with other areas" is not a dead end: it offers the full summary
    # and a new start, and the full summary it offers answers
    c = Conv(bot).start("stockport").say('/inform{"immediate_risk": true}')
    assert c.decision is not None and c.decision["status"] == "urgent", c.text[:300]
    c.say("/compare_areas")
    assert "The same facts, decided by each area's own procedure" in c.text, c.text[:300]
    payloads = [b["payload"] for b in c.buttons]
    assert "/show_summary" in payloads and "/restart" in payloads, payloads
    assert c.custom("compare"), "the widget's comparison table"
    c.say("/show_summary")
    assert "Stockport" in c.text and "/compare_areas" in [b["payload"] for b in c.buttons], c.text[:300]


def test_a_deadline_without_its_date_asks_for_it_by_a_button_and_dates_it(bot):
    """The answer's deadline counted from a date the case does not hold offers "Add the date of
    ..."; pressed, the bot asks for it, and "last Thursday" gives the deadline its due date."""
    c = Conv(bot).say("Social worker in Wirral. 8 year old, our social work assessment is under way and we "
                      "want to step down to early help, mum has given consent")
    for _ in range(12):
        if c.decision is not None:
            break
        if c.field == "immediate_risk":
            c.say('/inform{"immediate_risk": false}')
        else:
            c.say(next(b for b in c.buttons if b["payload"].startswith("/inform"))["payload"])
    assert c.decision is not None, c.text[:300]
    adds = [b for b in c.buttons if b["title"].startswith("Add the date of ")]
    assert adds, [b["title"] for b in c.buttons]
    add = next((b for b in adds if "assessment_start_date" in b["payload"]), adds[0])
    field = _value(add["payload"], "field")
    assert not any(d["anchor"] == field and d["due"] for d in c.decision["deadlines"])
    c.say(add["payload"])
    assert c.field == field and "On what date" in c.text, c.text[:300]
    c.say("last Thursday")
    assert c.decision is not None and c.decision["facts"].get(field) == "2026-12-03", c.text[:300]
    assert any(d["anchor"] == field and d["due"] for d in c.decision["deadlines"]), c.decision["deadlines"]
