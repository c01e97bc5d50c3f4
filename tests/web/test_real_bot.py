"""The real assistant in a real browser: the action server, Rasa (socket.io,
SQLite tracker store) and the demo page, started here on free loopback ports
with the trained model, driven by headless Chromium.

Needs the trained model (STEPWISE_MODEL, set by ./stepwise test) and
Chromium + playwright (see conftest.py); skips with the reason otherwise.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need the Python 'playwright' package")
from playwright.sync_api import Page, expect  # noqa: E402

from .test_widget_browser import assert_focus_visible, run_axe  # noqa: E402  (axe through DevTools: the page's CSP stays strict)

ROOT = Path(__file__).resolve().parents[2]
MODEL = os.environ.get("STEPWISE_MODEL")
HOSTILE = "<img src=x onerror=\"window.__xss=1;alert(1)\"> see [this](javascript:alert(2))"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.rasa,
    pytest.mark.skipif(not MODEL or not Path(MODEL).exists(), reason="no trained model: run through ./stepwise test"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_url(url: str, proc: subprocess.Popen, log: Path, limit: float = 180) -> None:
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{proc.args[:4]} exited:\n" + log.read_text()[-3000:])
            time.sleep(0.3)
    pytest.fail(f"{url} did not come up:\n" + log.read_text()[-3000:])


class Stack:
    """The three processes of `./stepwise run`, on ports of their own: the
    hardened action server and Rasa through tests/rasa_helpers (Rasa under the
    machine-wide lock, /tmp/stepwise-rasa.lock), and web/serve.py."""

    def __init__(self, tmp: Path):
        from tests import rasa_helpers as rh

        self.rh = rh
        self.tmp = tmp
        self.web_port, self.rasa_port, self.actions_port = free_port(), free_port(), free_port()
        self.page_url = f"http://127.0.0.1:{self.web_port}"
        self.env = rh.stepwise_env(tmp, self.actions_port, STEPWISE_ALLOWED_ORIGINS=self.page_url,
                                   STEPWISE_TODAY="2026-11-23", SANIC_HOST="127.0.0.1")
        self.procs = {}

    def start(self, name: str, cmd: list, health: str) -> None:
        log = self.tmp / f"{name}.log"
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
        self.procs[name] = proc
        wait_url(health, proc, log)

    def start_rasa(self) -> None:
        self.procs["rasa"] = self.rh.start_rasa(self.tmp, self.rasa_port, self.env, lock=True)

    def stop(self, name: str) -> None:
        self.rh.stop(self.procs.pop(name))

    def __enter__(self):
        self.procs["actions"] = self.rh.start_actions(self.tmp, self.actions_port, self.env)
        self.start_rasa()
        self.start("web", [sys.executable, "-m", "web.serve", "--port", str(self.web_port),
                           "--server", f"http://127.0.0.1:{self.rasa_port}"], self.page_url + "/")
        return self

    def __exit__(self, *exc):
        for name in list(self.procs):
            self.stop(name)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("stack")) as s:
        yield s


@pytest.fixture
def bot_page(browser, stack):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(30000)
    page = ctx.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(stack.page_url + "/")
    page.get_by_role("button", name="Ask Stepwise").click()
    expect(page.locator(".sw-msg--bot").first).to_be_visible()
    settle(page)
    yield page
    assert not page.errors, page.errors
    ctx.close()


def settle(page: Page) -> None:
    page.wait_for_function("() => !document.querySelector('.sw-panel--waiting')")
    page.wait_for_timeout(400)


def send(page: Page, text: str) -> None:
    page.locator("#sw-input").fill(text)
    page.locator("#sw-input").press("Enter")
    page.wait_for_timeout(200)
    settle(page)


def last_reply(page: Page) -> str:
    """The text of the bot's bubbles since the user's last message."""
    return page.evaluate("""() => {
        const msgs = [...document.querySelectorAll('.sw-msg')];
        const lastUser = msgs.map(m => m.classList.contains('sw-msg--user')).lastIndexOf(true);
        return msgs.slice(lastUser + 1).map(m => m.innerText).join('\\n');
    }""")


def click_reply(page: Page, title_pattern: str) -> None:
    import re

    page.locator(".sw-replies .sw-reply").filter(has_text=re.compile(title_pattern, re.I)).first.click()
    page.wait_for_timeout(200)
    settle(page)


def test_stockport_school_conversation_to_route_and_massh_numbers(bot_page, artifacts):
    page = bot_page
    send(page, "I'm the DSL at a school in Cheadle, a Year 5 boy is sofa-surfing with mum, "
               "she agrees to help, do I call MASSH?")
    click_reply(page, r"^No$")  # not in immediate danger
    for _ in range(6):
        if page.locator(".sw-msg--decision").count():
            break
        replies = page.locator(".sw-replies .sw-reply").all_inner_texts()
        if any("Universal services only" in r for r in replies):
            click_reply(page, "Universal services only")
        elif any("need social care" in r for r in replies):
            click_reply(page, "need social care")
        elif any(r.startswith("Needs are rising") for r in replies):
            click_reply(page, "^Needs are rising")
        else:
            click_reply(page, r"^No$")
    decision = page.locator(".sw-msg--decision").last
    expect(decision).to_be_visible()
    text = decision.inner_text()
    assert "MASSH" in text and "0161 217 6160" in text
    assert page.locator(".sw-decision a[href^='tel:']").count() >= 1
    page.screenshot(path=str(artifacts / "real-bot-stockport-decision.png"), full_page=True)


def test_a_fact_kept_is_said_above_the_answer_not_folded_into_it(bot_page, artifacts):
    """A meeting named after the answer does not replace the support already given, and the
    bot's note saying so is on screen (the answer's own plain text is folded under the panel)."""
    page = bot_page
    send(page, "I'm a social worker in Wirral, the 9 year old is on a child protection plan and the "
               "conference wants to step down")
    for _ in range(8):
        if page.locator(".sw-msg--decision").count():
            break
        click_reply(page, r"^No$")
    expect(page.locator(".sw-msg--decision").last).to_be_visible()
    send(page, "the first MAP review meeting is next Thursday")
    note = page.locator(".sw-msg--bot:not(.sw-msg--decision)", has_text="kept what you told me before").last
    expect(note).to_be_visible()
    assert note.locator("xpath=ancestor-or-self::*[contains(@class, 'sw-plain')]").count() == 0
    page.screenshot(path=str(artifacts / "real-bot-fact-kept.png"))


def test_reload_keeps_the_conversation_with_the_bot(bot_page):
    page = bot_page
    send(page, "I'm a health visitor in Widnes")
    before = page.locator(".sw-msg").count()
    page.reload()
    page.get_by_role("button", name="Ask Stepwise").click() if page.locator(".sw-panel:visible").count() == 0 else None
    expect(page.locator(".sw-msg").nth(before - 1)).to_be_visible()
    assert page.locator(".sw-msg").count() >= before
    # the bot still knows the area (same session): Halton's hub, iCART, comes back
    send(page, "who do I contact?")
    assert "iCART" in last_reply(page)


def test_disclosure_mid_conversation_shows_the_urgent_reply(bot_page, artifacts):
    page = bot_page
    send(page, "I'm a teacher at a school in Runcorn and I'm worried about a pupil")
    send(page, "she just told me her stepdad hit her with a belt last night and she is scared to go home tonight")
    alert = page.locator(".sw-msg--urgent [role='alert'], .sw-msg--urgent").last
    expect(alert).to_be_visible()
    text = alert.inner_text()
    assert "999" in text and "iCART" in text
    page.screenshot(path=str(artifacts / "real-bot-urgent.png"))


def test_hostile_message_is_shown_as_text_and_runs_nothing(bot_page):
    page = bot_page
    send(page, HOSTILE)
    user = page.locator(".sw-msg--user").last
    assert "<img src=x" in user.inner_text()
    assert page.locator(".sw-panel img").count() == 0
    assert page.locator(".sw-panel a[href^='javascript']").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert page.dialogs == []


def test_no_accessibility_violations_on_the_real_answer(bot_page, axe_source):
    page = bot_page
    send(page, "I'm a social worker in Stockport, the child protection plan has been discharged and needs are met "
               "by a TAC plan")
    expect(page.locator(".sw-msg--bot").last).to_be_visible()
    run_axe(page, axe_source, "real bot")


def test_conversation_survives_a_rasa_restart(bot_page, stack):
    page = bot_page
    send(page, "I'm a teacher in Leominster")
    stack.stop("rasa")
    stack.start_rasa()
    page.wait_for_timeout(1500)  # the socket reconnects
    send(page, "who do I contact?")
    reply = last_reply(page)
    assert "MASH" in reply and "Herefordshire" in reply


def test_other_origins_cannot_open_a_socket(stack):
    """The socket.io server accepts only the page's exact origin."""
    url = f"http://127.0.0.1:{stack.rasa_port}/socket.io/?EIO=4&transport=polling"
    ok = urllib.request.Request(url, headers={"Origin": stack.page_url})
    assert urllib.request.urlopen(ok, timeout=5).status == 200
    bad = urllib.request.Request(url, headers={"Origin": "https://evil.example"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(bad, timeout=5)
    assert e.value.code == 400


# ---------------------------------------------------------------- the widget as a person sees it (issue 11)

IN_VIEW_JS = """() => {
    const log = document.querySelector('.sw-log').getBoundingClientRect();
    const groups = [...document.querySelectorAll('.sw-log .sw-replies')];
    const g = groups[groups.length - 1];
    if (!g) return {ok: false, why: 'no answer buttons'};
    const q = document.getElementById(g.getAttribute('aria-labelledby'));
    const boxes = [['question', q], ...[...g.querySelectorAll('.sw-reply')].map(b => [b.textContent, b])];
    const out = boxes.filter(([, e]) => { const r = e.getBoundingClientRect();
        return r.top < log.top - 1 || r.bottom > log.bottom + 1 || r.height === 0; }).map(([t]) => t);
    // when the question and its answers are taller than the log, the question's
    // first line must be at the top of the log (and the rest a scroll away)
    const qr = q.getBoundingClientRect(), last = boxes[boxes.length - 1][1].getBoundingClientRect();
    const tooTall = last.bottom - qr.top > log.height + 1;
    const atTop = qr.top >= log.top - 1 && qr.top <= log.top + 24;
    return {ok: out.length === 0 || (tooTall && atTop && !out.includes('question')), out, tooTall, atTop,
            question: q && q.innerText, buttons: boxes.length - 1};
}"""

FOCUS_JS = """() => {
    const e = document.activeElement, log = document.querySelector('.sw-log').getBoundingClientRect();
    const r = e.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {cls: e.className, text: e.textContent, inside: r.top >= log.top - 1 && r.bottom <= log.bottom + 1,
            uncovered: !!top && (top === e || e.contains(top))};
}"""

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def open_bot(browser, stack, size: str):
    ctx = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone")
    ctx.set_default_timeout(30000)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: d.dismiss())
    page.goto(stack.page_url + "/")
    page.get_by_role("button", name="Ask Stepwise").click()
    expect(page.locator(".sw-msg--bot").first).to_be_visible()
    settle(page)
    return ctx, page


def pick_answer(page: Page):
    """An answer that keeps the case going: never 'I don't know', never 'Yes' to immediate danger."""
    buttons = page.locator(".sw-log .sw-replies").last.locator(".sw-reply")
    titles = buttons.all_inner_texts()
    question = page.evaluate(IN_VIEW_JS)["question"] or ""
    prefer = ["Stockport", "Universal services only", "Needs are rising", "need social care", "School", "given"]
    for p in prefer:
        for i, t in enumerate(titles):
            if p.lower() in t.lower():
                return buttons.nth(i)
    for i, t in enumerate(titles):
        if t == "No" or (t not in ("Yes", "I don't know") and "danger" not in question.lower()):
            return buttons.nth(i)
    return buttons.first


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_each_question_and_its_answers_are_in_view_and_focus_is_not_covered(browser, stack, artifacts, axe_source,
                                                                              size):
    ctx, page = open_bot(browser, stack, size)
    try:
        run_axe(page, axe_source, f"open widget ({size})")
        send(page, "I'm worried about a child")
        answered = 0
        for turn in range(6):
            if page.locator(".sw-msg--decision").count():
                break
            state = page.evaluate(IN_VIEW_JS)
            if not state["ok"]:
                page.screenshot(path=str(artifacts / f"issue11-FAILED-{size}-{turn + 1}.png"))
            assert state["ok"], f"{size}, question {turn + 1}: out of view: {state}"
            if turn == 0:
                page.screenshot(path=str(artifacts / f"issue11-question-{size}.png"))
                run_axe(page, axe_source, f"question with buttons ({size})")
            if turn >= 4:  # answered by keyboard before: focus is on the first answer, visible, not covered
                focus = page.evaluate(FOCUS_JS)
                assert "sw-reply" in focus["cls"] and focus["inside"] and focus["uncovered"], (turn, focus)
                assert_focus_visible(page)
            if turn < 3:  # by mouse (or touch)
                pick_answer(page).click()
            else:  # by keyboard
                pick_answer(page).focus()
                page.keyboard.press("Enter")
            answered += 1
            page.wait_for_timeout(200)
            settle(page)
            page.wait_for_timeout(150)
        if not page.locator(".sw-msg--decision").count():
            state = page.evaluate(IN_VIEW_JS)
            assert state["ok"], f"{size}, after 6 answers: {state}"
        assert answered >= 6 or page.locator(".sw-msg--decision").count()
        # the progress never promises "the last one"
        assert "last one" not in page.locator(".sw-progress__text").inner_text()
        assert not page.errors, page.errors
    finally:
        ctx.close()


def walk_to_decision(page: Page) -> None:
    send(page, "I'm the DSL at a school in Cheadle, a Year 5 boy is sofa-surfing with mum, "
               "she agrees to help, do I call MASSH?")
    for _ in range(10):
        if page.locator(".sw-msg--decision").count():
            return
        pick_answer(page).click()
        page.wait_for_timeout(200)
        settle(page)
    raise AssertionError("no answer after 10 questions")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_answer_full_summary_and_print_view(browser, stack, artifacts, axe_source, size):
    ctx, page = open_bot(browser, stack, size)
    try:
        walk_to_decision(page)
        settle(page)
        d = page.locator(".sw-decision").last
        # the answer opens at its title; sources numbered once per passage, titled, without markdown
        title = d.locator(".sw-decision__title")
        assert page.evaluate("""t => { const l = document.querySelector('.sw-log').getBoundingClientRect(),
                                r = t.getBoundingClientRect(); return r.top >= l.top - 1 && r.bottom <= l.bottom; }""",
                             title.element_handle())
        page.screenshot(path=str(artifacts / f"issue11-answer-{size}.png"))
        run_axe(page, axe_source, f"final answer ({size})")
        text = d.inner_text()
        assert "**" not in text and "section definition" not in text and "section option-1" not in text
        quotes = d.locator(".sw-citation blockquote").all_inner_texts()
        assert len(quotes) == len(set(quotes)) and len(quotes) >= 3
        assert d.locator("a[href='tel:01612176160']").count() >= 1
        # the record the widget copies and prints is the server's
        record = page.evaluate("() => document.querySelector('.sw-decision')._swRecord")
        assert record.startswith("Stepwise record") and "The facts as answered:" in record and "[1] " in record
        page.evaluate("window.print = () => {}")
        d.get_by_role("button", name="Print").click()
        page.emulate_media(media="print")
        page.screenshot(path=str(artifacts / f"issue11-print-{size}.png"), full_page=True)
        page.evaluate("window.StepwiseWidget._endPrintMode()")
        page.emulate_media(media="screen")
        # full summary: opens at its top, with buttons after it
        click_reply(page, "Full summary")
        page.wait_for_timeout(300)
        summary = page.locator(".sw-msg--bot").last
        info = page.evaluate("""() => { const l = document.querySelector('.sw-log').getBoundingClientRect();
            const g = [...document.querySelectorAll('.sw-log .sw-replies')].pop();
            const q = document.getElementById(g.getAttribute('aria-labelledby')).getBoundingClientRect();
            return {top: q.top - l.top, text: document.getElementById(g.getAttribute('aria-labelledby')).innerText,
                    after: g.previousElementSibling && g.previousElementSibling.contains(
                        document.getElementById(g.getAttribute('aria-labelledby')))}; }""")
        assert info["text"].startswith("Stepwise record") and 0 <= info["top"] < 40, info
        assert info["after"], "the buttons come right after the summary"
        assert summary.locator("a[href^='tel:']").count() >= 1
        page.screenshot(path=str(artifacts / f"issue11-summary-{size}.png"))
        run_axe(page, axe_source, f"full summary ({size})")
    finally:
        ctx.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_urgent_box_short_lines_999_first(browser, stack, artifacts, axe_source, size):
    ctx, page = open_bot(browser, stack, size)
    try:
        send(page, "I'm a teacher at a school in Stockport and a pupil has just told me her stepdad hit her "
                   "with a belt last night and she is scared to go home tonight")
        box = page.locator(".sw-urgent").last
        expect(box).to_be_visible()
        lines = box.locator(".sw-urgent__text").all_inner_texts()
        assert "999" in lines[0]
        assert any("0161 217 6028" in x for x in lines[1:4]), lines
        assert all(len(x) < 200 for x in lines if not x.startswith("Source:")), lines
        assert ".;" not in box.inner_text()
        assert box.locator("a[href='tel:999']").count() == 1 and box.locator("a[href='tel:01612176028']").count() >= 1
        page.screenshot(path=str(artifacts / f"issue11-urgent-{size}.png"))
        run_axe(page, axe_source, f"urgent box ({size})")
    finally:
        ctx.close()


def test_check_now_contacts_are_a_list_not_dashes(bot_page, artifacts):
    """utter_check_now's "- MASSH ..." line (guidance/render.check_now_text) shows as a list item."""
    page = bot_page
    send(page, "I'm the DSL at a primary school in Stockport. A Year 4 boy has been coming in hungry and in the "
               "same uniform most days, and his attendance has dropped this term. Mum says she's struggling "
               "since dad left and I'm not sure whether this is for early help or whether I should be ringing MASSH.")
    bubble = page.locator(".sw-bubble--bot").filter(has_text="Urgent safeguarding contact").last
    expect(bubble).to_be_visible()
    item = bubble.locator("ul > li").filter(has_text="MASSH")
    expect(item).to_have_count(1)
    expect(item.locator("a[href^='tel:']")).to_have_count(1)
    assert "- MASSH" not in bubble.inner_text()
    page.screenshot(path=str(artifacts / "real-bot-check-now-list.png"))


def test_long_pasted_story_ending_with_a_disclosure_gets_the_urgent_reply(bot_page, artifacts):
    """1,200 characters (over the old 1,000 maxlength): the disclosure at the end reaches the bot."""
    page = bot_page
    disclosure = "he told me his dad burnt him with a lighter and he is scared to go home tonight"
    background = ("Attendance has been patchy this year and he often forgets his PE kit; "
                  "mum works shifts and older sister helps out. ")
    head = "I'm the DSL at a Stockport secondary school. Background: "
    body = (background * 20)[: 1200 - len(head) - len(disclosure) - 1]
    text = head + body.rstrip() + " " + disclosure
    text = text.rjust(1200, " ").strip()
    assert len(text) > 1000 and text.endswith(disclosure)
    page.locator("#sw-input").click()
    page.keyboard.insert_text(text)
    assert page.locator("#sw-input").input_value() == text
    page.locator("#sw-input").press("Enter")
    page.wait_for_timeout(200)
    settle(page)
    expect(page.locator(".sw-msg--user").last).to_contain_text(disclosure)
    # the reply puts safety first: the urgent box or the immediate-danger check, with 999
    reply = last_reply(page)
    assert "999" in reply and ("Urgent safeguarding concern" in reply or "immediate danger" in reply), reply
    page.screenshot(path=str(artifacts / "real-bot-long-disclosure.png"))
