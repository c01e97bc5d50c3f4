"""Call script mode in the widget (issue 12), against the real bot in a real
browser: the header toggle sends the set_mode payload, questions come as a
Say: line with numbered answers, keys 1-9 and 0 pick an answer when focus is
not in the text box (which still takes free text, a bare number included), and
the mode stays on after a reload (it is kept with the stored session).
Screenshots at desktop and phone sizes go to artifacts/web/."""
from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need the Python 'playwright' package")
from playwright.sync_api import expect  # noqa: E402

from .test_real_bot import SIZES, Stack, settle  # noqa: E402  (the real stack: actions, Rasa, web)
from .test_widget_browser import run_axe  # noqa: E402

from ..rasa_helpers import needs_model  # noqa: E402

pytestmark = [*needs_model, pytest.mark.browser]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("script_stack")) as s:
        yield s


def bot_texts(page):
    return page.locator(".sw-msg--bot").all_inner_texts()


def replies(page):
    return page.locator(".sw-log .sw-replies").last.locator(".sw-reply")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_script_mode_toggle_numbers_keys_and_reload(browser, stack, artifacts, axe_source, size):
    ctx = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone")
    ctx.set_default_timeout(30000)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(stack.page_url + "/")
        page.get_by_role("button", name="Ask Stepwise").click()
        expect(page.locator(".sw-msg--bot").first).to_be_visible()
        settle(page)
        toggle = page.get_by_role("button", name="Call script mode")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        expect(page.locator(".sw-script-hint")).to_be_hidden()
        toggle.click()
        settle(page)
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".sw-script-hint")).to_be_visible()
        assert "Script mode: read each \u201cSay:\u201d line" in "\n".join(bot_texts(page))

        # the greeting's button, then the area question: a Say: line and numbered answers
        page.locator(".sw-reply").filter(has_text="needs rising").first.click()
        settle(page)
        titles = replies(page).all_inner_texts()
        assert titles[-1] == "0 I don't know" and titles[0].startswith("1 "), titles
        assert "Say: \u201c" in bot_texts(page)[-1] or any("Say: \u201c" in t for t in bot_texts(page)[-3:])

        # keys pick the numbered answer when focus is not in the text box
        stockport = next(t for t in titles if "Stockport" in t)
        page.locator(".sw-log").focus()
        page.keyboard.press(stockport.split(" ", 1)[0])
        settle(page)
        assert page.locator(".sw-bubble--user").last.inner_text().strip() == stockport
        titles = replies(page).all_inner_texts()
        assert titles[:2] == ["1 Yes", "2 No"], titles  # is the child in immediate danger?
        page.screenshot(path=str(artifacts / f"script-mode-{size}.png"))
        run_axe(page, axe_source, f"script mode ({size})")

        # the text box still takes free text: a "2" typed there is text (the bot reads it as answer 2)
        page.locator("#sw-input").click()
        page.keyboard.type("2")
        expect(page.locator("#sw-input")).to_have_value("2")
        page.keyboard.press("Enter")
        settle(page)
        assert page.locator(".sw-bubble--user").last.inner_text().strip() == "2"
        assert "immediate danger: no" in "\n".join(bot_texts(page)[-3:])

        # kept with the session: after a reload the toggle is on and questions still come as a script
        page.reload()
        expect(page.locator(".sw-msg").first).to_be_attached()
        if page.locator(".sw-panel:visible").count() == 0:
            page.get_by_role("button", name="Ask Stepwise").click()
        expect(page.locator(".sw-log .sw-replies").last).to_be_visible()
        expect(page.get_by_role("button", name="Call script mode")).to_have_attribute("aria-pressed", "true")
        first = replies(page).first
        key = first.inner_text().split(" ", 1)[0]
        page.locator(".sw-log").focus()
        page.keyboard.press(key)
        settle(page)
        assert "Say: \u201c" in "\n".join(bot_texts(page)[-3:])
        page.screenshot(path=str(artifacts / f"script-mode-{size}-after-reload.png"))

        # the answer is read aloud: its Say: lines stay on screen above the panel (not folded away)
        for _ in range(12):
            if page.locator(".sw-msg--decision").count():
                break
            first = replies(page).first
            page.locator(".sw-log").focus()
            page.keyboard.press(first.inner_text().split(" ", 1)[0])
            settle(page)
        assert page.locator(".sw-msg--decision").count() == 1
        assert page.locator("summary", has_text="Show this answer as plain text").count() == 0
        before = page.evaluate("""() => {
            const msgs = [...document.querySelectorAll('.sw-log .sw-msg')];
            const i = msgs.findIndex(m => m.classList.contains('sw-msg--decision'));
            const out = [];
            for (let j = i - 1; j >= 0 && !msgs[j].querySelector('.sw-bubble--user'); j--) out.unshift(msgs[j].innerText);
            return out.join(' | ');
        }""")
        assert ("Say:" in before or "READ ALOUD" in before) and "plain text" not in before, before[:300]
        page.screenshot(path=str(artifacts / f"script-mode-{size}-answer.png"))

        # and off again
        page.get_by_role("button", name="Call script mode").click()
        settle(page)
        expect(page.get_by_role("button", name="Call script mode")).to_have_attribute("aria-pressed", "false")
        assert not replies(page).first.inner_text()[:2].strip().isdigit()
        assert not errors, errors
    finally:
        ctx.close()
