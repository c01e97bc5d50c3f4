"""The check-now tier in a whole conversation, with the action server running
(issue 10): a story that trips check-now, answered "No", ends in the same
decision as the same case told without the signal; after the urgent reply,
Continue carries on with the facts already given."""
import pytest

from .rasa_helpers import needs_model, running_bot
from .test_triage_bot import PLAIN, SIGNAL, TODAY, Conv, _assert_check_now

pytestmark = needs_model


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_bot(tmp_path_factory.mktemp("triage-bot"), TODAY) as port:
        yield port


def _walk(c, limit=20):
    """Answer every question the same way (No to immediate danger, else the first
    answer offered) until a decision; the fields asked and the decision."""
    asked = []
    for _ in range(limit):
        if c.decision is not None or c.field is None:
            break
        field = c.field
        asked.append(field)
        options = [b for b in c.buttons if b["payload"].startswith("/inform") and b["title"] != "I don't know"]
        if field == "immediate_risk":
            c.say('/inform{"immediate_risk": false}')
        else:
            assert options, (field, c.text)
            c.say(options[0]["payload"])
    return asked, c.decision


def test_check_now_answered_no_ends_in_the_same_decision_as_without_the_signal(bot):
    signal = Conv(bot).say(SIGNAL)
    _assert_check_now(signal)
    signal.say(signal.button("No"))
    asked_signal, with_signal = _walk(signal)

    plain = Conv(bot).say(PLAIN)
    assert "check_now" not in plain.kinds() and "urgent" not in plain.kinds(), plain.text
    asked_plain, without = _walk(plain)

    assert with_signal is not None and without is not None, (asked_signal, asked_plain, signal.text)
    assert "immediate_risk" not in asked_signal   # the check-now question was the question
    assert with_signal["status"] == without["status"] != "urgent"
    assert with_signal["route"] == without["route"]
    assert with_signal["facts"] == without["facts"]


def test_after_the_urgent_reply_continue_carries_on_with_the_facts_given(bot):
    c = Conv(bot).say("I'm a teacher in Stockport and a 9 year old boy told me his dad hit him with a belt "
                      "last night")
    assert "urgent" in c.kinds(), c.text
    c.say("/continue_case")
    # the area and age given are kept; the danger question is asked, not assumed
    assert c.field not in (None, "area", "child_age"), c.text
    asked, decision = _walk(c)
    assert decision is not None and "area" not in asked and "child_age" not in asked, (asked, c.text)


