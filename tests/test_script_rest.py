"""Script mode for call-handlers through the REST channel, against the real
trained bot and action server, for every area: a school caller, a step-down
request, a disclosure and "I don't know". Each conversation opens as a person's
does (/greet, then a button the greeting offers), switches script mode on with
the widget's payload, and answers by typing bare numbers: typing "2" must pick
the answer numbered 2. Checks the Say: lines, the numbering, and the answer
read aloud (or the urgent reply's ordered steps)."""
import json
import re

import pytest

from .rasa_helpers import Conv, needs_model, running_bot

pytestmark = needs_model
TODAY = "2026-12-09"
AREAS = ["wirral", "herefordshire", "stockport", "halton"]
SCRIPT_ON = '/set_mode{"mode": "script"}'
FINAL = ("complete", "urgent", "out_of_area", "not_found", "conditional")


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_bot(tmp_path_factory.mktemp("script_rest"), TODAY) as port:
        yield port


def _value(payload):
    body = json.loads(payload[payload.index("{"):])
    return body


def open_call(port, direction):
    """/greet, script mode on, then the greeting's button for the direction."""
    c = Conv(port).say("/greet")
    greeting = [b["payload"] for b in c.buttons]
    assert any(direction in p for p in greeting), greeting
    c.say(SCRIPT_ON)
    assert "Script mode: read each \u201cSay:\u201d line" in c.text, c.text
    return c.say(next(p for p in greeting if direction in p))


def check_question(c):
    """The question is its Say: line, a running summary, and numbered answers (1.., 0 I don't know)."""
    assert "So far:" in c.text and "Say: \u201c" in c.text, c.text
    titles = [b["title"] for b in c.buttons]
    keys = [t.split(" ", 1)[0] for t in titles]
    assert keys[-1] == "0" and titles[-1] == "0 I don't know", titles
    assert keys[:-1] == [str(i) for i in range(1, len(keys))], titles
    for t in titles[:-1]:  # each numbered answer is listed in the message text too
        assert t in c.text, (t, c.text)


def press(c, number):
    """Type a bare number; check it picked the answer with that number. Returns (field, value)."""
    field = c.field
    button = next(b for b in c.buttons if b["title"].startswith(f"{number} "))
    c.say(str(number))
    if number == 0:
        assert field not in c.facts, (field, c.text)
        return field, None
    value = _value(button["payload"])[field]
    assert c.facts.get(field) == value, (field, number, button, c.facts, c.text[:400])
    return field, value


def answer_all(c, wanted, limit=20):
    """Answer each question by number: the value in ``wanted`` when offered, else answer 1."""
    for _ in range(limit):
        if c.decision is not None or c.field is None:
            return c
        check_question(c)
        field = c.field
        if "Type the number the caller gives." in c.text:  # an age, weeks: the number itself is the answer
            n = wanted.get(field, 10)
            c.say(str(n))
            assert c.facts.get(field) == n, (field, c.text[:400])
            continue
        number = 1
        for b in c.buttons:
            if b["payload"].startswith("/inform") and field in wanted and _value(b["payload"]).get(field) == wanted[field]:
                number = int(b["title"].split(" ", 1)[0])
        press(c, number)
    raise AssertionError("no answer after %d questions: %s" % (limit, c.text))


def read_aloud_checks(c):
    d = c.decision
    assert d is not None and d["status"] in FINAL, c.text
    read, _, screen = c.text.partition("ON SCREEN ONLY")
    assert "READ ALOUD" in read, c.text
    assert "[1]" not in read and "[1]" in screen  # sources are on screen, not read out
    for contact in d.get("contacts") or []:
        value = contact.get("value") or ""
        if re.fullmatch(r"[\d\s]+", value):  # a phone number is spelled out in its groups
            assert "Say it as: zero" in read, read


@pytest.mark.parametrize("area", AREAS)
def test_a_school_caller_stepping_up(bot, area):
    c = open_call(bot, "step_up")
    assert c.field == "area"
    check_question(c)
    area_button = next(b for b in c.buttons if f'"{area}"' in b["payload"])
    press(c, int(area_button["title"].split(" ", 1)[0]))
    assert c.field == "immediate_risk"
    check_question(c)
    assert press(c, 2) == ("immediate_risk", False)  # typing 2 picks answer 2: No
    assert "immediate danger: no" in c.text
    answer_all(c, {"current_service": "universal", "needs_now": "early_help", "asker_role": "school",
                   "consent": "given", "lead_professional_known": True, "multi_agency": False})
    assert c.facts.get("direction") == "step_up"
    read_aloud_checks(c)


@pytest.mark.parametrize("area", AREAS)
def test_a_step_down_request(bot, area):
    c = open_call(bot, "step_down")
    area_button = next(b for b in c.buttons if f'"{area}"' in b["payload"])
    press(c, int(area_button["title"].split(" ", 1)[0]))
    press(c, 2)
    answer_all(c, {"current_service": "child_in_need", "needs_now": "early_help", "consent": "given",
                   "lead_professional_known": True})
    assert c.facts.get("direction") == "step_down" and c.facts.get("current_service") == "child_in_need"
    read_aloud_checks(c)


@pytest.mark.parametrize("area", AREAS)
def test_a_disclosure_gets_the_urgent_steps_in_order(bot, area, eng):
    c = open_call(bot, "step_up")
    area_button = next(b for b in c.buttons if f'"{area}"' in b["payload"])
    press(c, int(area_button["title"].split(" ", 1)[0]))
    c.say("he told me his dad beat him with a belt last night and he is scared to go home")
    if c.custom("check_now"):  # the second tier asks first: the caller says yes
        c.say(next(b["payload"] for b in c.buttons if b["title"] == "Yes"))
    urgent = c.custom("urgent")
    assert urgent and urgent[-1].get("script") is True and urgent[-1]["area"] == area, c.replies
    text = c.text
    assert "URGENT. Say and do these first, in this order:" in text
    steps = re.findall(r"(?m)^(\d+)\. ", text)
    assert steps == [str(i) for i in range(1, len(steps) + 1)] and len(steps) >= 3, text
    assert "1. Say: \u201cIf the child is in immediate danger, call 999 (nine nine nine) now.\u201d" in text
    a = eng.reg.areas[area]
    for cid in a.urgent.contacts:
        assert f"Give the contact: {a.contacts[cid].name}" in text, (cid, text)
    assert text.index("1. Say:") < text.index("Give the contact:")
    assert [b["payload"] for b in c.buttons] == ["/continue_case"]
    c.say("/continue_case")  # and the case carries on, still in script mode
    assert "Say: \u201c" in c.text, c.text


@pytest.mark.parametrize("area", AREAS)
def test_i_dont_know_is_0(bot, area):
    c = open_call(bot, "step_up")
    area_button = next(b for b in c.buttons if f'"{area}"' in b["payload"])
    press(c, int(area_button["title"].split(" ", 1)[0]))
    press(c, 2)
    field, _ = press(c, 0)  # the caller does not know the support in place
    assert field == "current_service"
    assert field not in c.facts
    answer_all(c, {"needs_now": "early_help", "asker_role": "school", "consent": "given"})
    d = c.decision
    assert d["status"] in FINAL
    if d["status"] == "conditional":
        assert "READ ALOUD: It depends on something the caller does not know yet." in c.text
    else:
        read_aloud_checks(c)
    # 0 to the immediate-danger question is the urgent answer, in order
    c2 = open_call(bot, "step_up")
    area_button = next(b for b in c2.buttons if f'"{area}"' in b["payload"])
    press(c2, int(area_button["title"].split(" ", 1)[0]))
    c2.say("0")
    assert "URGENT. Say and do these first, in this order:" in c2.text, c2.text
    assert "not sure whether the child is in immediate danger" in c2.text
