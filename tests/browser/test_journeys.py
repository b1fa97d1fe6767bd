"""A whole quiz, home to summary, by keyboard alone; and again with JavaScript turned off."""

from __future__ import annotations

from collections import Counter

import pytest
from harness import open_context
from playwright.sync_api import Page, expect
from probes import focused, tab_to
from quiz_site import Site, answer_for, input_ids, mixed_status

from quiz.bank import Bank
from quiz.questions import Question

VERDICTS = {"right": "Right", "partly": "Partly right", "wrong": "Not right"}
TYPES = {"single", "multiple", "true_false", "sort"}


def press_enter_and_load(page: Page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def pick_by_keyboard(page: Page, q: Question, picks: list[int]) -> None:
    """Choose answers with Tab, Space and the arrow keys, the way a keyboard user does."""
    if q.kind == "multiple":
        for i, choice in enumerate(q.choices):
            tab_to(page, lambda f, id=f"choice-{choice.id}": f["id"] == id)
            if i in picks:
                page.keyboard.press("Space")
    else:
        groups = [f"item-{item.id}" for item in q.items] if q.kind == "sort" else ["choice"]
        for name, pick in zip(groups, picks):
            # Tab enters a radio group on its first option; Space ticks it, arrows move the tick.
            tab_to(page, lambda f, name=name: f["name"] == name)
            page.keyboard.press("Space")
            for _ in range(pick):
                page.keyboard.press("ArrowDown")
    checked = page.locator("input:checked").evaluate_all("inputs => inputs.map(i => i.id)")
    assert sorted(checked) == sorted(input_ids(q, picks)), f"{q.id}: ticked {checked}"


def journey_bank(site: Site) -> Bank:
    """Return the first bank on the home page that has every question type."""
    return next(b for b in site.banks() if {q.kind for q in b.questions} >= TYPES)


def take_quiz_by_keyboard(page: Page, site: Site, scripted: bool) -> Counter:
    """From home, start a quiz, answer every question and reach the summary using only keys."""
    bank = journey_bank(site)
    site.goto(page, "/")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == f"Start {bank.title}")
    press_enter_and_load(page)
    statuses = Counter()
    for number, q in enumerate(bank.questions, 1):
        assert page.locator("#progress-label").inner_text() == f"Question {number} of {len(bank.questions)}"
        status = mixed_status(number, q)
        statuses[status] += 1
        pick_by_keyboard(page, q, answer_for(q, status))
        tab_to(page, lambda f: f["text"] == "Check my answer")
        press_enter_and_load(page)
        heading = page.locator(f"main h1.result-{status}")
        assert VERDICTS[status] in heading.inner_text()
        # The title, read out on every page load, starts with the verdict too.
        assert page.title().startswith(VERDICTS[status]), page.title()
        where = (focused(page) or {}).get("id")
        if scripted:
            # The verdict is read out first: focus is on the heading that states it.
            assert where == "result", f"focus after answering: {focused(page)}"
        else:
            assert where is None, "site.js ran although JavaScript is off"
        last = number == len(bank.questions)
        tab_to(page, lambda f: f["text"] == ("See your results" if last else "Next question"))
        press_enter_and_load(page)
    return statuses


def assert_summary(page: Page, statuses: Counter) -> None:
    """The summary counts exactly the answers given on the way."""
    assert page.locator("main h1").inner_text() == "Your results"
    counts = page.locator(".score-counts").inner_text()
    for status, label in (("right", "right"), ("partly", "partly right"), ("wrong", "not right")):
        assert f"{statuses[status]} {label}" in counts, counts


def test_keyboard_only_journey(page, site):
    statuses = take_quiz_by_keyboard(page, site, scripted=True)
    assert_summary(page, statuses)
    assert (focused(page) or {}).get("id") == "result", "focus should start on the results heading"


@pytest.fixture
def no_js_page(browser, server):
    """A tab in a context with JavaScript turned off."""
    context, log = open_context(browser, server, java_script_enabled=False)
    yield context.new_page()
    context.close()
    assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


def test_journey_without_javascript(no_js_page, site):
    statuses = take_quiz_by_keyboard(no_js_page, site, scripted=False)
    assert_summary(no_js_page, statuses)


def test_skip_link_is_first_and_works(page, site):
    site.goto(page, "/")
    info = tab_to(page, lambda f: True)
    assert info["text"] == "Skip to main content" and info["onScreen"]
    page.keyboard.press("Enter")
    assert (focused(page) or {}).get("id") == "main"


def test_a_notice_above_the_result_is_read_first(page, site):
    """Answering in a second tab: the notice that the first answer counts gets focus, not the verdict under it."""
    bank, number, q = site.find("single")
    site.start(page, bank)
    other = page.context.new_page()
    site.goto(other, f"/quiz/{bank.key}/{number}")
    site.answer(page, bank, number, answer_for(q, "wrong"))
    for input_id in input_ids(q, answer_for(q, "right")):
        other.check(f"#{input_id}")
    site.press(other, "Check my answer")
    assert VERDICTS["wrong"] in other.locator("main h1").inner_text()
    notice = other.evaluate("document.activeElement.closest('.flash')?.innerText ?? null")
    assert notice and "Your first answer is the one that counts" in notice, focused(other)
    other.close()


def test_an_answer_sent_after_the_cookie_ran_out_comes_back_marked(page, site):
    """Chromium says the form is from this site, so the question comes back with the pick, ready to send again."""
    bank, number, q = site.find("single")
    site.start(page, bank)
    site.goto(page, f"/quiz/{bank.key}/{number}")
    picked = input_ids(q, answer_for(q, "right"))
    for input_id in picked:
        page.check(f"#{input_id}")
    page.context.clear_cookies()  # the time is up: the browser dropped the cookie
    site.press(page, "Check my answer", status=400)
    assert "answer was not saved" in page.locator("#answer-error").inner_text()
    assert page.locator("input:checked").evaluate_all("inputs => inputs.map(i => i.id)") == picked
    assert (focused(page) or {}).get("id") == "answer-error"
    site.press(page, "Check my answer")
    assert VERDICTS["right"] in page.locator("main h1").inner_text()


@pytest.mark.parametrize("tab", ["page", "no_js_page"])
def test_back_after_a_refused_answer_never_resends_the_form(request, site, tab):
    """An answer sent with nothing picked comes back by a redirect: Back from its feedback is a plain page."""
    page = request.getfixturevalue(tab)
    bank, number, q = site.find("sort")
    site.start(page, bank)
    site.goto(page, f"/quiz/{bank.key}/{number}")
    site.press(page, "Check my answer")
    assert page.url.endswith(f"/quiz/{bank.key}/{number}#answer-error")
    box = page.locator("#answer-error").bounding_box()
    assert -1 < box["y"] < page.viewport_size["height"], "the error is on screen, even without JavaScript"
    for input_id in input_ids(q, answer_for(q, "right")):
        page.check(f"#{input_id}")
    site.press(page, "Check my answer")
    assert VERDICTS["right"] in page.locator("main h1").inner_text()
    response = page.go_back()  # the browser would ask to send the form again if this were a POST's page
    assert response is not None and response.request.method == "GET" and response.ok
    assert VERDICTS["right"] in page.locator("main h1").inner_text()  # an answered question shows its feedback


@pytest.mark.parametrize("tab", ["page", "no_js_page"])
def test_print_buttons_need_javascript_and_words_stand_in_without_it(request, site, tab):
    page, scripted = request.getfixturevalue(tab), tab == "page"
    key = site.banks()[0].key
    for path, label in ((f"/quiz/{key}/care-team", "Print this page"), (f"/quiz/{key}/worksheet", "Print the worksheet"),
                        (f"/quiz/{key}/answer-key", "Print the answer key")):
        site.goto(page, path)
        assert page.get_by_role("button", name=label).is_visible() is scripted, path
        assert page.locator("[data-print-hint]").is_visible() is not scripted, path
        if scripted:  # the button opens the browser's print dialog (stood in for here)
            page.evaluate("window.print = () => { window.printed = true; }")
            page.get_by_role("button", name=label).click()
            assert page.evaluate("window.printed === true"), path


def test_a_notice_on_its_own_is_read_first(page, site):
    """Start pressed again on a quiz with answers: the page's only news is the notice, so it gets focus."""
    bank = site.banks()[0]
    site.start(page, bank)
    site.answer(page, bank, 1, answer_for(bank.questions[0], "right"))
    site.goto(page, "/")
    with page.expect_navigation():
        page.locator(f"form[action='/quiz/{bank.key}/start'] button").click()
    notice = page.evaluate("document.activeElement.closest('.flash')?.innerText ?? null")
    assert notice and "Continue where you left off" in notice, focused(page)


def test_back_leaves_focus_where_the_reader_was(page, site):
    """Back from the glossary to a feedback page: the browser restores the place; focus does not jump to the top."""
    bank, number, q = site.find("single", lambda q: "class=\"term\"" not in q.stem)
    site.start(page, bank)
    site.answer(page, bank, number, answer_for(q, "right"))
    assert page.evaluate("document.activeElement.matches('[data-autofocus]')")  # a fresh feedback page: the verdict
    term = page.locator("main a.term").first
    expect(term).to_have_accessible_description("Opens what this word means, in the glossary.")  # not just "hormones, link"
    with page.expect_navigation():
        term.click()
    with page.expect_navigation():
        page.go_back()
    assert page.url.endswith("/feedback")
    assert not page.evaluate("document.activeElement.matches('[data-autofocus], .flash')"), focused(page)


def test_presenter_keys_are_not_offered_without_javascript(no_js_page, site):
    site.goto(no_js_page, f"/quiz/{site.banks()[0].key}/present/1")
    assert no_js_page.get_by_role("link", name="Show answer").is_visible()
    assert not no_js_page.locator(".shortcuts").is_visible()


def test_back_from_a_new_set_keeps_its_name_and_picks(page, site):
    """WCAG 3.3.7: after Back, the builder still holds what was typed, not the default name."""
    site.goto(page, "/teach/build")
    page.fill("#set-name", "Tuesday class")
    page.locator("input[name=q]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Make the set and its link").click()
    with page.expect_navigation():
        page.go_back()
    assert page.input_value("#set-name") == "Tuesday class" and page.locator("input[name=q]").first.is_checked()


def test_enter_in_a_tick_box_does_not_send_a_half_picked_answer(page, site):
    """Only the first answer counts, and Enter on a tick box sends a plain form: here it does not."""
    bank, number, q = site.find("multiple")
    site.start(page, bank)
    url = f"/quiz/{bank.key}/{number}"
    site.goto(page, url)
    page.focus(f"#choice-{q.choices[0].id}")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == site.base + url and page.locator("input[name=choice]:checked").count() == 1
    # The reader picks on, and the button still sends the answer by Enter.
    tab_to(page, lambda f: f["tag"] == "button")
    press_enter_and_load(page)
    assert page.url == site.base + url + "/feedback"
    # The builder's tick boxes too: Enter must not make a set from the first pick.
    site.goto(page, "/teach/build")
    page.locator("input[name=q]").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.url == f"{site.base}/teach/build" and page.locator("input[name=q]:checked").count() == 1


def test_builder_counts_the_picks_as_they_are_made(page, site):
    """56 boxes, a limit of 10: the count by the button says how many are ticked, and how many to untick."""
    site.goto(page, "/teach/build")
    count = page.locator("[data-pick-count]")
    assert count.is_visible() and count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == "0 of up to 10 questions picked."
    boxes = page.locator("input[name=q]")
    for n in range(3):
        boxes.nth(n).check()
    assert count.inner_text() == "3 of up to 10 questions picked."
    for n in range(3, 12):
        boxes.nth(n).check()
    assert count.inner_text() == "12 questions picked: a set holds up to 10, so untick 2."
    # Sent back with the error, the page counts the picks it kept.
    site.press(page, "Make the set", status=400)
    assert count.inner_text() == "12 questions picked: a set holds up to 10, so untick 2."
    # Back from a set: the browser ticks the boxes again after the page has loaded; the count follows.
    site.goto(page, "/teach/build")
    for n in range(3):
        boxes.nth(n).check()
    site.press(page, "Make the set")
    with page.expect_navigation():
        page.go_back()
    assert boxes.nth(2).is_checked() and count.inner_text() == "3 of up to 10 questions picked."


def test_builder_count_needs_javascript(no_js_page, site):
    site.goto(no_js_page, "/teach/build")
    assert not no_js_page.locator("[data-pick-count]").is_visible()
