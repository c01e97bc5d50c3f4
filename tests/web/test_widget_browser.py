"""Browser tests for the Stepwise web widget (web/static/stepwise-widget.js).

Run: /tmp/probe-venv/bin/python -m pytest tests/web -q
Against a real Rasa server: STEPWISE_SERVER_URL=http://127.0.0.1:5005 pytest tests/web
(fixtures: tests/web/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

pytest.importorskip(
    "playwright.sync_api",
    reason="browser tests need the Python 'playwright' package (pip install playwright; never 'playwright install')",
)
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

# Answers preferred when walking the questions to a decision (fake server's
# labels first; anything else falls back to the first safe-looking button).
PREFERRED = [r"^Stockport$", r"^No$", r"rising", r"has agreed", r"^Universal", r"^Early help"]
AVOID = re.compile(r"^yes\b|danger|immediate|urgent|somewhere else", re.I)

HOSTILE = "<img src=x onerror=\"window.__xss=1;alert(1)\">"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def open_widget(page: Page, static_url: str) -> None:
    page.goto(static_url + "/index.html")
    page.get_by_role("button", name="Ask Stepwise").click()
    expect(page.locator("#sw-input")).to_be_focused()
    expect(page.locator(".sw-reply").first).to_be_visible()
    settle(page)


def settle(page: Page) -> None:
    """Wait until no reply is pending, then for trailing custom messages."""
    page.wait_for_function("() => !document.querySelector('.sw-panel--waiting')")
    page.wait_for_timeout(250)


def active_replies(page: Page):
    return page.locator(".sw-replies .sw-reply")


def choose(page: Page) -> str:
    buttons = active_replies(page)
    titles = buttons.all_inner_texts()
    assert titles, "no quick replies to choose from"
    pick = None
    for pattern in PREFERRED:
        pick = next((t for t in titles if re.search(pattern, t, re.I)), None)
        if pick:
            break
    if pick is None:
        pick = next((t for t in titles if not AVOID.search(t)), titles[0])
    buttons.filter(has_text=pick).first.click()
    return pick


def answer_until_decision(page: Page, max_steps: int = 20) -> list:
    chosen = []
    for _ in range(max_steps):
        settle(page)
        if page.locator(".sw-decision").count():
            return chosen
        expect(active_replies(page).first).to_be_visible()
        chosen.append(choose(page))
    raise AssertionError(f"no decision after {max_steps} answers: {chosen}")


def sent_messages(page: Page) -> list:
    out = []
    for frame in page.sent:
        m = re.match(r"^42(\[.*\])$", frame, re.S)
        if not m:
            continue
        event, *args = json.loads(m.group(1))
        if event == "user_uttered" and args:
            out.append(args[0])
    return out


def run_axe(page: Page, axe_source, label: str) -> None:
    # evaluated through the DevTools protocol: the page's strict CSP forbids inline scripts
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']},
              resultTypes: ['violations']
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    assert result == [], f"axe violations ({label}):\n" + json.dumps(result, indent=2)


def local_store(page: Page) -> dict:
    raw = page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.startsWith('stepwise:v1:'));"
        " return k ? localStorage.getItem(k) : null; }"
    )
    return json.loads(raw) if raw else {}


def transcript_texts(page: Page) -> list:
    return page.locator(".sw-log .sw-msg").all_inner_texts()


# --------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------


def test_buttons_flow_to_decision(page, static_url, artifacts):
    open_widget(page, static_url)
    # progress indicator while questions remain
    progress = page.locator(".sw-progress")
    expect(progress).to_be_visible()
    # the first question is the area: no count is promised before the area is known
    expect(page.locator(".sw-progress__text")).to_have_text(re.compile(r"^Question 1$"))
    expect(page.locator("progress.sw-progress__bar")).to_have_count(1)
    page.screenshot(path=str(artifacts / "01-question.png"))

    first = choose(page)
    # the button's title is echoed, the buttons are gone, the working state shows
    expect(page.locator(".sw-msg--user").last).to_contain_text(first)
    settle(page)
    expect(page.locator(".sw-progress__text")).to_contain_text("Question 2")
    answer_until_decision(page)

    decision = page.locator(".sw-decision")
    expect(decision).to_have_count(1)
    expect(decision.locator(".sw-decision__title")).not_to_be_empty()
    expect(progress).to_be_hidden()
    # typed-out plain text of the answer is folded away, not lost
    assert page.locator(".sw-root").get_attribute("class").count("sw-root--expanded") == 1
    page.screenshot(path=str(artifacts / "02-decision.png"))
    # the rest of the panel, section by section, as a person scrolling would see it
    for n, heading in enumerate(["Who to contact", "Deadlines", "Sources"]):
        h = decision.locator(".sw-decision__heading", has_text=heading)
        if h.count():
            h.evaluate("h => { const log = h.closest('.sw-log'); log.scrollTop = h.offsetTop - log.offsetTop - 10; }")
            page.wait_for_timeout(400)  # smooth scrolling
            page.screenshot(path=str(artifacts / f"03-decision-{n + 1}.png"))


def test_typing_state_while_waiting(page, static_url, fake_only):
    open_widget(page, static_url)
    page.locator("#sw-input").fill("hello there")
    page.keyboard.press("Enter")
    typing = page.locator(".sw-typing")
    expect(typing).to_contain_text("working on a reply")
    expect(page.locator(".sw-log")).to_have_attribute("aria-busy", "true")
    settle(page)
    expect(typing).to_be_empty()
    expect(page.locator(".sw-log")).to_have_attribute("aria-busy", "false")


def test_decision_panel_content(page, static_url, fake_only):
    open_widget(page, static_url)
    answer_until_decision(page)
    d = page.locator(".sw-decision")
    expect(d.locator(".sw-decision__caption")).to_have_text("Stockport \u00b7 MASSH")
    # steps: an ordered list; hostile content shown as text
    expect(d.locator("ol.sw-steps > li")).to_have_count(4)
    expect(d.locator("ol.sw-steps")).to_contain_text("<script>alert('step')</script> must appear as text.")
    expect(d.locator(".sw-decision__summary")).to_contain_text("<b>(this tag must show as text)</b>")
    assert d.locator("script, b, img").count() == 0
    # contacts: tel/mailto only for phone/email; https web form; javascript value as text
    expect(d.locator("a[href='tel:01612176028']")).to_have_count(1)
    expect(d.locator("a[href='mailto:massh@stockport.example.org']")).to_have_count(1)
    expect(d.locator("a[href^='https://www.example.org/massh-request']")).to_have_count(1)
    expect(d.locator(".sw-contacts")).to_contain_text("javascript:alert('contact')")
    assert d.locator("a[href^='javascript']").count() == 0
    # checklist, deadlines with dates, notes, citations
    expect(d.locator(".sw-checkbox input[type=checkbox]")).to_have_count(3)
    times = d.locator(".sw-deadline time")
    expect(times).to_have_count(2)
    iso = times.first.get_attribute("datetime")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso)
    date = dt.date.fromisoformat(iso)
    expect(times.first).to_have_text(f"{date:%A} {date.day} {date:%B %Y}")
    expect(d.locator(".sw-deadline__due--unknown")).to_have_text("Date not known yet")
    expect(d.locator(".sw-warning")).to_contain_text("call 999")
    expect(d.locator(".sw-inset--gap")).to_contain_text("Gap in the guidance")
    # sources: one numbered entry per distinct passage, each statement marked with its number,
    # the section's own title (never its id), the quote as text without markdown
    cites = d.locator(".sw-citation")
    expect(cites).to_have_count(2)
    expect(cites.nth(1)).to_contain_text("Timescales")
    expect(cites.nth(1).locator("blockquote")).to_have_text("The MASSH will respond within 4 working days <i>of receipt</i>.")
    refs = d.locator(".sw-ref")
    assert refs.count() >= 10
    assert set(refs.all_inner_texts()) == {"[1]", "[2]"}
    for href in set(refs.evaluate_all("rs => rs.map(r => r.getAttribute('href'))")):
        assert d.locator(href).count() == 1
    text = d.inner_text()
    assert "section 4.2" not in text and "**" not in text
    # check-your-answers inside the decision, with Change controls
    expect(d.locator(".sw-decision__facts .sw-summary__row")).to_have_count(4)
    # the plain-text version is folded, not shown twice
    expect(page.locator(".sw-plain")).to_have_count(1)
    expect(page.locator(".sw-plain .sw-plain__text").first).to_be_hidden()


def test_check_your_answers_change_link(page, static_url):
    open_widget(page, static_url)
    choose(page)
    settle(page)
    answers = page.locator("details.sw-answers")
    expect(answers).to_be_visible()
    expect(answers.locator("summary")).to_contain_text("Check your answers (1)")
    answers.locator("summary").click()
    change = answers.locator(".sw-summary__row").first.get_by_role("button", name=re.compile(r"^Change "))
    expect(change).to_be_visible()
    change.click()
    settle(page)
    payloads = [m["message"] for m in sent_messages(page)]
    assert payloads[-1].startswith("/change"), payloads
    expect(page.locator(".sw-msg--user").last).to_contain_text("Change:")


def test_reload_keeps_conversation(page, static_url):
    open_widget(page, static_url)
    choose(page)
    settle(page)
    choose(page)
    settle(page)
    before = transcript_texts(page)
    store = local_store(page)
    session_id = store["sessionId"]
    assert session_id and len(store["items"]) >= 4

    page.reload()
    expect(page.locator(".sw-panel")).to_be_visible()  # stays open
    expect(page.locator(".sw-msg").first).to_be_visible()
    assert transcript_texts(page) == before
    expect(active_replies(page).first).to_be_visible()  # the pending question can still be answered
    expect(page.locator(".sw-progress")).to_be_visible()
    page.wait_for_function("() => !document.querySelector('.sw-conn').textContent")
    assert local_store(page)["sessionId"] == session_id
    # the session_request after reload carries the same session id, and the
    # bot continues the same conversation
    answer_until_decision(page)
    assert {m["session_id"] for m in sent_messages(page)} == {session_id}


def test_restart_clears_and_sends_restart(page, static_url):
    open_widget(page, static_url)
    choose(page)
    settle(page)
    page.get_by_role("button", name="Start again").click()
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    page.get_by_role("button", name="Yes, start again").click()
    expect(page.locator(".sw-msg--user")).to_have_count(0)
    settle(page)
    assert "/restart" in [m["message"] for m in sent_messages(page)]
    expect(page.locator(".sw-progress__text")).to_contain_text("Question 1")


def test_urgent_message_renders_as_alert(page, static_url, artifacts):
    open_widget(page, static_url)
    page.locator("#sw-input").fill("The child is in immediate danger right now")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Urgent")
    expect(alert).to_contain_text("999")
    phones = alert.locator("a[href^='tel:']")
    assert phones.count() >= 1
    size = phones.first.evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert size >= 24
    expect(page.locator(".sw-progress")).to_be_hidden()
    # the urgent text is not also shown as ordinary bubbles
    assert page.locator(".sw-msg--bot .sw-bubble", has_text="999").count() == 0
    page.screenshot(path=str(artifacts / "04-urgent.png"))


def test_urgent_alert_from_fake_server_phone_numbers(page, static_url, fake_only):
    open_widget(page, static_url)
    page.locator("#sw-input").fill("urgent")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert.locator("a[href='tel:999']")).to_have_count(1)
    expect(alert.locator("a[href='tel:01612176028']")).to_have_text("0161 217 6028")
    expect(alert.locator("a[href='tel:01617182118']")).to_have_count(1)
    # both paragraphs (Rasa splits text on blank lines) are inside the alert
    expect(alert.locator(".sw-urgent__text")).to_have_count(2)
    page.reload()
    expect(page.get_by_role("alert").locator("a[href='tel:999']")).to_have_count(1)


def test_xss_renders_as_text(page, static_url, fake_only):
    open_widget(page, static_url)
    # user-typed markup
    page.locator("#sw-input").fill(HOSTILE)
    page.keyboard.press("Enter")
    settle(page)
    # hostile bot messages from the server
    page.locator("#sw-input").fill("xss")
    page.keyboard.press("Enter")
    settle(page)
    log = page.locator(".sw-log")
    expect(log).to_contain_text(HOSTILE)
    expect(log).to_contain_text("<img src=x onerror=alert(1)>")
    expect(log).to_contain_text("[this link](javascript:alert(1))")
    expect(log).to_contain_text("<script>alert(3)</script>")
    expect(log).to_contain_text("[data](data:text/html,<b>x</b>)")
    assert page.locator(".sw-root img, .sw-root script, .sw-root b").count() == 0
    hrefs = page.locator(".sw-log a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs, "safe links should still be links"
    assert all(re.match(r"^(https?:|mailto:|tel:)", h) for h in hrefs), hrefs
    assert "https://www.gov.uk/" in hrefs and "mailto:massh@example.org" in hrefs and "tel:01612176028" in hrefs
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None


def test_hostile_payloads_via_renderer(page, static_url):
    """Server-independent: feed hostile bot_uttered payloads straight to the renderer."""
    open_widget(page, static_url)
    page.evaluate(
        """() => {
        const W = window.StepwiseWidget;
        W._receive({text: '<img src=x onerror="window.__xss=2">'});
        W._receive({text: 'a [x](javascript:alert(1)) b [y](JaVaScRiPt:alert(1)) c [z](java\\tscript:alert(1)) d [v](vbscript:x)',
                    quick_replies: [{content_type: 'text', title: '<img src=x onerror="window.__xss=3">', payload: '/x'}]});
        W._receive({data: {stepwise: {kind: 'facts', facts: [{field: 'a', label: '<i>L</i>', value: 1,
                    value_label: '<img src=x onerror="window.__xss=4">', change_payload: '/change{"field":"a"}'}]}}});
        W._receive({stepwise: {kind: 'decision', decision: {status: 'complete', area_name: '<b>A</b>',
          route: {title: '<img src=x onerror="window.__xss=5">', summary: '[s](javascript:alert(5))'},
          steps: [{text: '<svg onload="window.__xss=6">'}],
          contacts: [{name: 'n', kind: 'phone', value: 'javascript:alert(7)'},
                     {name: 'm', kind: 'email', value: 'x@y.org?bcc=<b>'},
                     {name: 'w', kind: 'web_form', value: 'data:text/html,<script>alert(8)</script>'}],
          deadlines: [{text: '<b>d</b>', due: '2026-12-31', basis: '<i>b</i>'}],
          citations: [{doc_title: '<b>doc</b>', section: '1', quote: '<img src=x onerror="window.__xss=9">'}]}}});
      }"""
    )
    page.wait_for_timeout(300)
    root = page.locator(".sw-root")
    assert root.locator("img, svg, script, b, i").count() == 0
    hrefs = root.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert all(re.match(r"^(https?:|mailto:|tel:)", h) for h in hrefs), hrefs
    expect(page.locator(".sw-decision__title")).to_have_text('<img src=x onerror="window.__xss=5">')
    expect(page.locator(".sw-log")).to_contain_text("[x](javascript:alert(1))")
    expect(page.locator(".sw-reply").first).to_have_text('<img src=x onerror="window.__xss=3">')
    assert page.evaluate("window.StepwiseWidget._safeHref('javascript:alert(1)')") is None
    assert page.evaluate("window.StepwiseWidget._safeHref(' https://example.org/a b')") is None
    assert page.evaluate("window.StepwiseWidget._safeHref('https://example.org/x')") == "https://example.org/x"
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_print_copy_and_ics(page, context, static_url, artifacts, fake_only):
    open_widget(page, static_url)
    answer_until_decision(page)
    d = page.locator(".sw-decision")
    title = d.locator(".sw-decision__title").inner_text()

    # Copy: plain text on the clipboard
    d.get_by_role("button", name="Copy as text").click()
    expect(d.locator(".sw-decision__status")).to_contain_text("Copied")
    text = page.evaluate("navigator.clipboard.readText()")
    # the record (guidance/render.record_text, sent with the decision): time, facts, answer, numbered sources
    assert title in text and re.search(r"Made on \w+ \d+ \w+ \d{4} at \d\d:\d\d", text)
    assert "1. Talk to the family" in text and "0161 217 6028" in text and "- Consent" in text
    assert "The facts as answered:" in text and "[2] " in text and "Sources (all from Stockport Step Up" in text
    assert "**" not in text
    assert "<" in text  # hostile step kept verbatim as text

    # Print: only the decision is printed
    page.evaluate(
        "window.print = () => { window.__printed = {root: !!document.querySelector('.sw-print-root .sw-record'),"
        " mode: document.documentElement.classList.contains('sw-printing')}; }"
    )
    d.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == {"root": True, "mode": True}
    page.emulate_media(media="print")
    assert not page.locator(".demo-main").is_visible()
    assert not page.locator(".sw-panel").is_visible()
    # the print view is the same record as the copied text
    record = page.locator(".sw-print-root .sw-record")
    expect(record).to_be_visible()
    expect(record.locator("h2")).to_contain_text(["The facts as answered", "Answer"])
    assert record.inner_text().split()[:6] == text.split()[:6]
    expect(page.locator(".sw-print-root button")).to_have_count(0)
    page.screenshot(path=str(artifacts / "05-decision-print.png"), full_page=True)
    pdf = artifacts / "05-decision-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")
    page.evaluate("window.StepwiseWidget._endPrintMode()")
    page.emulate_media(media="screen")
    expect(page.locator(".sw-print-root")).to_have_count(0)

    # Download deadlines (.ics)
    with page.expect_download() as info:
        d.get_by_role("button", name="Download deadlines (.ics)").click()
    download = info.value
    assert download.suggested_filename == "stepwise-deadlines-stockport.ics"
    raw = open(download.path(), "rb").read()
    check_ics(raw, expected_events=2)
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Review meeting\\, with the family\\; bring notes\\, the plan\\, and the chronology" in unfolded
    assert "café" in unfolded and "naïve" in unfolded


def check_ics(raw: bytes, expected_events: int) -> None:
    """Checks the RFC 5545 rules the widget promises."""
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF or CR in calendar"
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never splits a UTF-8 character
    text = raw.decode("utf-8").replace("\r\n ", "")
    props = text.split("\r\n")
    assert "VERSION:2.0" in props and any(p.startswith("PRODID:") for p in props)
    events = text.split("BEGIN:VEVENT\r\n")[1:]
    assert len(events) == expected_events
    uids = set()
    for ev in events:
        body = ev.split("END:VEVENT")[0].split("\r\n")
        fields = {p.split(":", 1)[0]: p.split(":", 1)[1] for p in body if ":" in p}
        assert re.fullmatch(r"\d{8}T\d{6}Z", fields["DTSTAMP"])
        start = dt.datetime.strptime(fields["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        end = dt.datetime.strptime(fields["DTEND;VALUE=DATE"], "%Y%m%d").date()
        assert end - start == dt.timedelta(days=1)
        assert fields["SUMMARY"]
        uids.add(fields["UID"])
        for value in (fields["SUMMARY"], fields["DESCRIPTION"]):
            # unescaped , ; or raw newlines are not allowed in TEXT values
            assert not re.search(r"(?<!\\)[,;]", value.replace("\\\\", "")), value
    assert len(uids) == expected_events


def test_ics_builder_escaping_and_folding(page, static_url):
    page.goto(static_url + "/index.html")
    page.wait_for_function("() => window.StepwiseWidget && window.StepwiseWidget.mounted")
    ics = page.evaluate(
        """() => window.StepwiseWidget._buildIcs({
            area_name: 'Wirral', hub: 'IFD', route: {id: 'r', title: 'Route; with, specials'},
            deadlines: [
              {text: 'Back\\\\slash; semi, comma\\nnew line ' + '\u00e9\u20ac\U0001F600'.repeat(30), due: '2026-12-31', basis: 'b'},
              {text: 'no date', due: null},
              {text: 'bad date', due: '2026-02-30'},
              {text: 'leap', due: '2028-02-29'}]}, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))"""
    )
    raw = ics.encode("utf-8")
    check_ics(raw, expected_events=2)
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:Back\\\\slash\\; semi\\, comma\\nnew line" in unfolded
    assert "DTSTAMP:20260102T030405Z" in unfolded
    assert "DTSTART;VALUE=DATE:20261231" in unfolded and "DTEND;VALUE=DATE:20270101" in unfolded
    assert "DTEND;VALUE=DATE:20280301" in unfolded
    assert page.evaluate("window.StepwiseWidget._buildIcs({deadlines: [{text: 'x', due: null}]})") is None


def test_keyboard_only_operation(page, static_url, artifacts):
    page.goto(static_url + "/index.html")
    page.wait_for_selector(".sw-launcher")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('sw-launcher')"):
            break
    else:
        raise AssertionError("the launcher is not reachable with Tab")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#sw-input")).to_be_focused()
    expect(active_replies(page).first).to_be_visible()
    settle(page)
    # Shift+Tab from the input reaches the answer buttons
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.classList.contains('sw-reply')")
    assert_focus_visible(page)
    for _ in range(20):
        settle(page)
        if page.locator(".sw-decision").count():
            break
        focused_title = page.evaluate("document.activeElement.textContent")
        titles = active_replies(page).all_inner_texts()
        assert focused_title in titles, f"focus {focused_title!r} should be on an answer {titles}"
        # move to the safest answer with Tab / Shift+Tab
        want = next((t for p in PREFERRED for t in titles if re.search(p, t, re.I)), None) or next(
            (t for t in titles if not AVOID.search(t)), titles[0])
        delta = titles.index(want) - titles.index(focused_title)
        for _ in range(abs(delta)):
            page.keyboard.press("Tab" if delta > 0 else "Shift+Tab")
        assert page.evaluate("document.activeElement.textContent") == want
        page.keyboard.press("Enter")
        expect(page.locator(".sw-msg--user").last).to_contain_text(want)
        page.wait_for_function(
            "() => document.activeElement && (document.activeElement.classList.contains('sw-reply')"
            " || document.activeElement.classList.contains('sw-decision__title'))"
        )
    else:
        raise AssertionError("no decision reached by keyboard")
    # focus moved to the decision heading; Tab continues into the decision's controls
    expect(page.locator(".sw-decision__title")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Print"
    assert_focus_visible(page)
    page.keyboard.press("Escape")
    expect(page.locator(".sw-launcher")).to_be_focused()
    expect(page.locator(".sw-panel")).to_be_hidden()
    # every widget control shows a visible focus indicator
    page.keyboard.press("Enter")
    seen = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.sw-root')"):
            assert_focus_visible(page)
            seen += 1
    assert seen >= 10


def assert_focus_visible(page: Page) -> None:
    style = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, cls: e.className, outline: s.outlineStyle, ow: parseFloat(s.outlineWidth),
                    oc: s.outlineColor, shadow: s.boxShadow, bg: s.backgroundColor}; }"""
    )
    visible = (
        (style["outline"] not in ("none", "") and style["ow"] >= 2 and "rgba(0, 0, 0, 0)" not in style["oc"])
        or style["bg"] == "rgb(255, 221, 0)"
        or (style["shadow"] not in ("none", "") and "255, 221, 0" in style["shadow"])
    )
    assert visible, f"no visible focus indicator: {style}"


def test_accessibility_axe(page, static_url, axe_source, artifacts):
    open_widget(page, static_url)
    run_axe(page, axe_source, "question")
    choose(page)
    settle(page)
    page.locator("details.sw-answers summary").click()
    run_axe(page, axe_source, "question with answers open")
    answer_until_decision(page)
    page.locator(".sw-citation").first.scroll_into_view_if_needed()
    run_axe(page, axe_source, "decision")
    page.locator("#sw-input").fill("The child is in immediate danger right now")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    run_axe(page, axe_source, "urgent")


def test_accessibility_axe_mobile_and_inline(browser, static_url, axe_source, artifacts):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, has_touch=True)
    try:
        pg = ctx.new_page()
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(static_url + "/index.html")
        pg.get_by_role("button", name="Ask Stepwise").click()
        expect(pg.locator(".sw-reply").first).to_be_visible()
        pg.wait_for_timeout(400)
        box = pg.locator(".sw-panel").bounding_box()
        assert box["width"] == 390  # full screen on a phone
        pg.screenshot(path=str(artifacts / "06-mobile.png"))
        run_axe(pg, axe_source, "mobile")
        # inline mode: rendered into a host element
        pg.goto(static_url + "/__test__/inline.html")
        expect(pg.locator("#chat .sw-root--inline .sw-panel")).to_be_visible()
        expect(pg.locator(".sw-reply").first).to_be_visible()
        assert pg.locator(".sw-launcher").count() == 0
        run_axe(pg, axe_source, "inline")
        assert errors == []
    finally:
        ctx.close()


def test_reduced_motion_and_target_size(page, static_url):
    page.emulate_media(reduced_motion="reduce")
    open_widget(page, static_url)
    page.locator("#sw-input").fill("hello")
    page.keyboard.press("Enter")
    dots = page.locator(".sw-typing__dots span").first
    expect(dots).to_be_visible()
    assert dots.evaluate("e => getComputedStyle(e).animationName") == "none"
    settle(page)
    small = page.evaluate(
        """() => [...document.querySelectorAll('.sw-root button, .sw-root summary, .sw-root input')]
            .filter(e => e.offsetParent !== null)
            .map(e => ({t: e.textContent.trim().slice(0, 30), r: e.getBoundingClientRect()}))
            .filter(x => x.r.width < 24 || x.r.height < 24)"""
    )
    assert small == []
    # the log is a log that is not read out whole; each question is announced once by a status region
    log = page.locator(".sw-log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "off")
    expect(page.locator(".sw-panel [role=status][aria-live=polite][aria-atomic=true]")).to_have_count(1)
    expect(page.get_by_label("Type your question or answer")).to_be_visible()


def test_custom_payload_shapes_are_accepted(page, static_url):
    """Rasa 3.6 socket.io needs custom {"data": {...}}; REST shows {"custom": {...}}; a fixed channel may send it bare."""
    page.goto(static_url + "/index.html")
    page.wait_for_function("() => window.StepwiseWidget && window.StepwiseWidget.mounted")
    shapes = page.evaluate(
        """() => [
            {stepwise: {kind: 'urgent'}},
            {custom: {stepwise: {kind: 'urgent'}}},
            {custom: {data: {stepwise: {kind: 'urgent'}}}},
            {data: {stepwise: {kind: 'urgent'}}},
            {text: 'hi', quick_replies: [{content_type: 'text', title: 'A', payload: '/a'}]},
            {text: 'hi', buttons: [{title: 'B', payload: '/b'}]},
            'plain string', null, 42, {nothing: true}
        ].map(x => window.StepwiseWidget._normalise(x))"""
    )
    assert [s and s.get("stepwise", {}).get("kind") for s in shapes[:4]] == ["urgent"] * 4
    assert shapes[4]["buttons"] == [{"title": "A", "payload": "/a"}]
    assert shapes[5]["buttons"] == [{"title": "B", "payload": "/b"}]
    assert shapes[6] == {"text": "plain string"}
    assert shapes[7:] == [None, None, None]


def test_assets_load_from_script_origin(page, static_url, server_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_widget(page, static_url)
    assert any(u.startswith(static_url + "/stepwise-widget.css") for u in requests)
    assert any(u.startswith(static_url + "/vendor/socket.io.min.js") for u in requests)
    external = [u for u in requests if not (u.startswith(static_url) or u.startswith(server_url.replace("http", "ws"))
                                            or u.startswith(server_url))]
    assert external == [], f"requests outside the two origins: {external}"
    # the vendored client did not leave a global `io` behind on the host page
    assert page.evaluate("typeof window.io") == "undefined"


def test_host_focus_not_hidden_behind_panel(page, static_url, fake_only):
    open_widget(page, static_url)
    answer_until_decision(page)  # the panel grows to the larger view
    assert "sw-root--expanded" in page.locator(".sw-root").get_attribute("class")
    # a host-page control that the larger panel covers completely
    page.evaluate(
        """() => { const b = document.createElement('button'); b.id = 'host-btn'; b.textContent = 'Host';
            Object.assign(b.style, {position: 'fixed', right: '40px', bottom: '300px'});
            document.body.insertBefore(b, document.body.firstChild); }"""
    )
    page.focus("#host-btn")
    # the panel shrinks, so the host control is no longer entirely hidden
    expect(page.locator(".sw-root")).not_to_have_class(re.compile("sw-root--expanded"))
    hidden = page.evaluate(
        """() => { const r = document.getElementById('host-btn').getBoundingClientRect();
            const p = document.querySelector('.sw-panel'); if (p.hidden) return false;
            const q = p.getBoundingClientRect();
            return r.left >= q.left && r.right <= q.right && r.top >= q.top && r.bottom <= q.bottom; }"""
    )
    assert hidden is False


def test_urgent_with_buttons_keeps_group_label(page, static_url):
    open_widget(page, static_url)
    page.evaluate(
        """() => { const W = window.StepwiseWidget;
            W._receive({text: 'Call 999 now.', quick_replies: [{content_type: 'text', title: 'I have called', payload: '/called'}]});
            W._receive({data: {stepwise: {kind: 'urgent', area: null}}}); }"""
    )
    group = page.locator(".sw-replies").last
    label_id = group.get_attribute("aria-labelledby")
    expect(page.locator(f"[id='{label_id}']")).to_contain_text("Urgent")
    expect(page.get_by_role("alert").locator("a[href='tel:999']")).to_have_count(1)


def test_mobile_decision(browser, static_url, axe_source, artifacts, fake_only):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        pg = ctx.new_page()
        pg.goto(static_url + "/index.html")
        pg.get_by_role("button", name="Ask Stepwise").click()
        expect(pg.locator(".sw-reply").first).to_be_visible()
        answer_until_decision(pg)
        pg.wait_for_timeout(400)
        pg.screenshot(path=str(artifacts / "07-mobile-decision.png"))
        # no horizontal scrolling inside the panel at 390px (WCAG 1.4.10 reflow)
        assert pg.evaluate("(() => { const l = document.querySelector('.sw-log'); return l.scrollWidth <= l.clientWidth; })()")
        run_axe(pg, axe_source, "mobile decision")
    finally:
        ctx.close()


def test_csp_is_enforced_and_widget_works_under_it(page, static_url):
    response = page.goto(static_url + "/index.html")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.get_by_role("button", name="Ask Stepwise").click()
    expect(page.locator(".sw-reply").first).to_be_visible()
    settle(page)
    assert violations == []


def test_followup_buttons_and_bot_restart_button(page, static_url, fake_only):
    open_widget(page, static_url)
    answer_until_decision(page)
    # the real bot offers follow-ups with the answer; they stay after the panel
    last = page.locator(".sw-log > *").last
    expect(last).to_have_class(re.compile("sw-replies"))
    label_id = last.get_attribute("aria-labelledby")
    assert page.locator(f"[id='{label_id}']").count() == 1
    page.get_by_role("button", name="Start again", exact=True).last.click()
    expect(page.locator(".sw-decision")).to_have_count(0)
    expect(page.locator(".sw-msg--user")).to_have_count(0)
    settle(page)
    assert "/restart" in [m["message"] for m in sent_messages(page)]
    expect(page.locator(".sw-progress__text")).to_contain_text("Question 1")


def test_why_we_ask(page, static_url, fake_only):
    open_widget(page, static_url)
    why = page.locator(".sw-progress__why")
    expect(why).to_be_hidden()  # the first demo question has no `why`
    choose(page)
    settle(page)
    expect(why).to_be_visible()
    why.locator("summary").click()
    expect(why).to_contain_text("asked first")
