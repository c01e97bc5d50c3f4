"""Browser tests: long messages, superseded Change buttons, the Start again bar,
"- " list lines in bot text, and a page load without 404s
(web/static/stepwise-widget.js; fixtures in tests/web/conftest.py)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need the Python 'playwright' package")
from playwright.sync_api import expect  # noqa: E402

from tests.web.test_widget_browser import (  # noqa: E402
    active_replies,
    answer_until_decision,
    choose,
    open_widget,
    run_axe,
    sent_messages,
    settle,
)

pytestmark = pytest.mark.browser

DISCLOSURE = "he told me his dad burnt him with a lighter and he is scared to go home tonight"
MAX_CHARS = 2000  # stepwise_rasa/channel.py MAX_MESSAGE_CHARS


def story(length: int) -> str:
    """A pasted story of exactly `length` characters that ends with the disclosure."""
    background = ("I'm the DSL at a Stockport secondary school. Background: attendance has been patchy this year "
                  "and he often forgets his PE kit; mum works shifts and older sister helps out. ")
    head = (background * (length // len(background) + 1))[: length - len(DISCLOSURE) - 1]
    text = head.rstrip() + " " + DISCLOSURE
    return text.rjust(length, "x") if len(text) < length else text


def paste(page, text: str) -> None:
    page.locator("#sw-input").click()
    page.keyboard.insert_text(text)  # like a paste: one edit, maxlength applies to it


def test_long_paste_is_sent_whole(page, static_url, artifacts):
    open_widget(page, static_url)
    text = story(1200)
    assert len(text) == 1200 and text.endswith(DISCLOSURE)
    paste(page, text)
    assert page.locator("#sw-input").input_value() == text  # nothing cut by the browser
    expect(page.locator(".sw-count")).to_be_hidden()  # far from the limit: no count
    page.screenshot(path=str(artifacts / "long-paste-1200.png"))
    page.locator("#sw-input").press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.sw-msg--user').length === 1")
    settle(page)
    sent = [m["message"] for m in sent_messages(page)]
    assert text in sent, [len(m) for m in sent]
    expect(page.locator(".sw-msg--user").last).to_contain_text(DISCLOSURE)


def test_near_and_over_the_limit_says_so_and_keeps_the_text(page, static_url, artifacts, axe_source):
    open_widget(page, static_url)
    box = page.locator("#sw-input")
    count = page.locator("#sw-input-count")

    paste(page, story(1900))
    expect(count).to_be_visible()
    expect(count).to_have_text("You have 100 characters remaining")
    assert "sw-input-count" in (box.get_attribute("aria-describedby") or "")

    page.keyboard.press("End")
    page.keyboard.insert_text(" " + "y" * 200)  # 2,101 characters
    text = box.input_value()
    assert len(text) == 2101, len(text)  # the paste is kept whole
    expect(count).to_contain_text("Your message is too long: 2,101 characters")
    expect(count).to_contain_text("Send it in parts")
    expect(count).to_have_class(re.compile(r"sw-count--error"))
    expect(box).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=str(artifacts / "over-the-limit.png"))
    run_axe(page, axe_source, "message over the limit")

    users_before = page.locator(".sw-msg--user").count()
    n_sent = len(sent_messages(page))
    page.get_by_role("button", name="Send").click()
    page.wait_for_timeout(500)
    assert len(sent_messages(page)) == n_sent  # nothing sent, nothing cut
    assert page.locator(".sw-msg--user").count() == users_before
    assert box.input_value() == text  # the text is still in the box
    expect(box).to_be_focused()
    expect(count).to_contain_text("too long")

    # made short enough, it goes (exactly the limit is allowed: the server reads 2,000)
    page.keyboard.press("End")
    for _ in range(101):
        page.keyboard.press("Backspace")
    assert len(box.input_value()) == MAX_CHARS
    expect(count).to_have_text("You have 0 characters remaining")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Enter")
    page.wait_for_function("(n) => document.querySelectorAll('.sw-msg--user').length > n", arg=users_before)
    assert len(sent_messages(page)[-1]["message"]) == MAX_CHARS
    expect(count).to_be_hidden()  # the box is empty again


DECISION = {"status": "complete", "area": "stockport", "area_name": "Stockport", "hub": "MASSH",
            "route": {"id": "r", "title": "Early help assessment"},
            "steps": [{"text": "Talk to the family."}]}


def facts(value: str) -> dict:
    return {"stepwise": {"kind": "facts", "facts": [
        {"field": "consent", "label": "Consent", "value": value, "value_label": value,
         "change_payload": '/change{"field": "consent"}'}]}}


def receive(page, payload: dict) -> None:
    page.evaluate("(p) => window.StepwiseWidget._receive(p)", payload)


def test_change_buttons_of_superseded_answers_are_disabled(page, static_url, artifacts, axe_source):
    open_widget(page, static_url)
    receive(page, facts("Yes"))
    receive(page, {"stepwise": {"kind": "decision", "decision": DECISION}})
    receive(page, facts("No"))
    receive(page, {"stepwise": {"kind": "decision", "decision": {**DECISION, "route": {"id": "s", "title": "Social care"}}}})
    settle(page)
    panels = page.locator(".sw-decision")
    expect(panels).to_have_count(2)
    first = panels.nth(0).get_by_role("button", name=re.compile("^Change consent"))
    latest = panels.nth(1).get_by_role("button", name=re.compile("^Change consent"))
    expect(first).to_be_disabled()
    expect(panels.nth(0).locator(".sw-superseded")).to_contain_text("A newer answer follows")
    expect(latest).to_be_enabled()
    expect(panels.nth(1).locator(".sw-superseded")).to_have_count(0)
    n_sent = len(sent_messages(page))
    first.click(force=True)
    page.wait_for_timeout(300)
    assert len(sent_messages(page)) == n_sent  # a stale button sends nothing

    # the server started a new case (typed "start again"): every earlier Change stops
    receive(page, {"text": "Starting again. Nothing from the previous case is kept. What do you need?"})
    receive(page, {"stepwise": {"kind": "reset"}})
    settle(page)
    expect(latest).to_be_disabled()
    expect(panels.nth(1).locator(".sw-superseded")).to_contain_text("previous case")
    expect(page.locator("details.sw-answers")).to_be_hidden()
    # facts arriving for that panel later do not bring its Change buttons or lose the note
    page.evaluate("""() => { const w = window.StepwiseWidget; w._receive({stepwise: {kind: "facts", facts: [
        {field: "consent", label: "Consent", value: "Yes", value_label: "Yes", change_payload: "/change"}]}}); }""")
    expect(panels.nth(1).locator(".sw-summary__actions button:enabled")).to_have_count(0)
    expect(panels.nth(1).locator(".sw-superseded")).to_have_count(1)
    panels.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "superseded-change.png"))
    run_axe(page, axe_source, "superseded answers")

    # and they stay disabled after a reload (the transcript is rebuilt)
    page.reload()
    expect(page.locator(".sw-decision")).to_have_count(2)
    expect(page.locator(".sw-decision .sw-summary__actions button:enabled")).to_have_count(0)


def test_change_on_the_latest_answer_still_works(page, static_url, fake_only):
    open_widget(page, static_url)
    answer_until_decision(page)
    change = page.locator(".sw-decision").last.locator(".sw-decision__facts").get_by_role(
        "button", name=re.compile("^Change ")).first
    expect(change).to_be_enabled()
    change.click()
    settle(page)
    assert sent_messages(page)[-1]["message"].startswith("/change")


def test_typed_start_again_stops_the_old_cases_change_buttons(page, static_url, artifacts, fake_only):
    """The fake server answers a typed "start again" as the bot's utter_restart with a reset message."""
    open_widget(page, static_url)
    answer_until_decision(page)
    old = page.locator(".sw-decision").last.locator(".sw-decision__facts .sw-summary__actions button")
    assert old.count() >= 1
    expect(old.first).to_be_enabled()
    page.locator("#sw-input").fill("start again")
    page.locator("#sw-input").press("Enter")
    expect(page.locator(".sw-bubble--bot").last).to_contain_text("Starting again")
    settle(page)
    for i in range(old.count()):
        expect(old.nth(i)).to_be_disabled()
    n_sent = len(sent_messages(page))
    old.first.click(force=True)
    page.wait_for_timeout(300)
    assert len(sent_messages(page)) == n_sent
    page.locator(".sw-decision").last.locator(".sw-superseded").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "typed-start-again.png"))


def test_start_again_bar_closes_on_send_and_on_other_buttons(page, static_url):
    open_widget(page, static_url)
    bar = page.locator(".sw-confirm")
    page.get_by_role("button", name="Start again").click()
    expect(bar).to_be_visible()
    page.locator("#sw-input").fill("we started the EHA last Thursday")
    page.locator("#sw-input").press("Enter")
    expect(bar).to_be_hidden()
    settle(page)

    page.get_by_role("button", name="Start again").click()
    expect(bar).to_be_visible()
    expect(active_replies(page).first).to_be_visible()
    choose(page)
    expect(bar).to_be_hidden()
    settle(page)

    page.get_by_role("button", name="Start again").click()
    expect(bar).to_be_visible()
    page.get_by_role("button", name=re.compile("Larger view|Smaller view")).click()
    expect(bar).to_be_hidden()
    # its own buttons still work
    page.get_by_role("button", name="Start again").click()
    page.get_by_role("button", name="Yes, start again").click()
    expect(bar).to_be_hidden()
    expect(page.locator(".sw-msg--user")).to_have_count(0)


CHECK_NOW = ("If a child is in immediate danger, call 999 now.\n"
             "Urgent safeguarding contact in Stockport:\n"
             "- MASSH (urgent response): 0161 217 6028 (When an urgent response is required)\n"
             "Is the child in immediate danger or at immediate risk of significant harm right now?")


def test_dash_lines_of_bot_text_are_a_list(page, static_url, artifacts):
    open_widget(page, static_url)
    receive(page, {"text": CHECK_NOW, "buttons": [{"title": "Yes", "payload": "/inform"}, {"title": "No", "payload": "/inform"}]})
    settle(page)
    bubble = page.locator(".sw-bubble--bot").last
    items = bubble.locator("ul > li")
    expect(items).to_have_count(1)
    expect(items.first).to_have_text("MASSH (urgent response): 0161 217 6028 (When an urgent response is required)")
    # read aloud (textContent: the question's announcement), the lines stay apart
    spoken = bubble.evaluate("b => b.textContent")
    assert "Stockport: MASSH" in spoken and "required) Is the child" in spoken, spoken
    expect(items.first.locator("a[href='tel:01612176028']")).to_have_count(1)
    text = bubble.inner_text()
    assert "- MASSH" not in text
    assert text.index("Urgent safeguarding contact") < text.index("MASSH") < text.index("Is the child")
    expect(bubble.locator("a[href='tel:999']")).to_have_count(1)
    page.screenshot(path=str(artifacts / "check-now-list.png"))
    page.set_viewport_size({"width": 375, "height": 700})
    page.locator("#sw-input").fill("x" * 2001)
    expect(page.locator("#sw-input-count")).to_contain_text("too long")
    page.screenshot(path=str(artifacts / "over-the-limit-phone.png"))
    # a hyphen inside a line is not a list
    receive(page, {"text": "Step up - or step down - as the protocol says."})
    settle(page)
    expect(page.locator(".sw-bubble--bot").last.locator("ul")).to_have_count(0)


def test_page_loads_without_a_404(page, static_url):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    open_widget(page, static_url)
    page.wait_for_timeout(1000)
    assert failed == []
    icon = page.evaluate("() => document.querySelector('link[rel=icon]') && document.querySelector('link[rel=icon]').href")
    assert icon and icon.startswith(static_url)
    r = page.request.get(icon)
    assert r.status == 200 and r.body().startswith(b"<svg")


def test_serve_gives_a_favicon():
    import functools
    import threading
    import urllib.request
    from http.server import ThreadingHTTPServer

    import web.serve as serve

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(serve.Handler, directory=str(serve.STATIC)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{httpd.server_address[1]}/favicon.ico") as r:  # noqa: S310
            assert r.status == 200
            assert r.headers["Content-Type"] == "image/svg+xml"
            assert r.read().startswith(b"<svg")
    finally:
        httpd.shutdown()
        httpd.server_close()
