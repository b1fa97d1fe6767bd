"""What headless Chromium makes of the staff pages: printed PDFs (read back with pdftotext) and the projector view.

No server process: the suite's Chromium asks for BASE/… (a clinic-length host name, so printed and
projected links are as long as real ones) and each request is answered by the
Flask test client, with the app's real headers (so the strict CSP is enforced too).
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from probes import split_words
from support import QuizClient, form_for, soup

from quiz import create_app, sets
from quiz.questions import Question

BASE = "https://patient-education.stmarys-regional-hospital.org"
PROJECTOR = {"width": 1280, "height": 720}
SET_KEY = "~Tuesday_class~4821.basics-01.04.07.09.12.dx-01.02.06.08.10"
# Four questions, the last two sort tables: "Any questions?" as /teach/build makes it.
SHORT_SET_KEY = "~Any_questions?~0.basics-01.dx-02.03.tx-10"
NOTICE = "For learning only, not medical advice. Talk with your care team about your own health."


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret"})


def served_by(client):
    """Return a route handler that answers the browser's requests to BASE from a Flask test client (and its cookies)."""
    def serve(route) -> None:
        with client.get(route.request.url.removeprefix(BASE), base_url=BASE) as response:
            route.fulfill(status=response.status_code, headers=dict(response.headers), body=response.get_data())
    return serve


@pytest.fixture(scope="module")
def browser_page(app, browser: Browser) -> Iterator[Page]:
    """One tab of the suite's Chromium whose requests to BASE are served by the app; fails the test on any console error."""
    context = browser.new_context()
    page = context.new_page()
    page.route(f"{BASE}/**", served_by(app.test_client()))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


@pytest.fixture
def page(browser_page) -> Iterator[Page]:
    browser_page.errors.clear()
    yield browser_page
    assert browser_page.errors == [], f"the browser reported errors (a CSP violation?): {browser_page.errors}"


def quiz_keys(app) -> list[str]:
    return [bank.key for bank in app.extensions["quiz.library"].ordered()] + [SET_KEY]


def print_pages(page: Page, url: str, tmp_path, paper: str = "A4") -> list[str]:
    """Print a page to PDF as Chromium does; return the text of each printed page."""
    page.goto(BASE + url)
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(page.pdf(format=paper, prefer_css_page_size=True))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def squash(text: str) -> str:
    """Drop white space and hyphens: pdftotext joins words it finds hyphenated at a line end."""
    return re.sub(r"[\s-]+", "", text)


def page_of(pages: list[str], text: str) -> int:
    """Return the number of the first printed page that shows text."""
    found = [n for n, p in enumerate(pages) if squash(text) in squash(p)]
    assert found, f"not printed: {text!r}"
    return found[0]


def on_one_page(pages: list[str], first: str, last: str) -> bool:
    """Tell whether `last` is printed after `first` on the same page."""
    start = page_of(pages, first)
    return squash(last) in squash(pages[start]).split(squash(first), 1)[1]


def last_line(q: Question) -> str:
    return q.items[-1].text if q.kind == "sort" else q.choices[-1].text


def check_every_page_has_the_footer(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        assert NOTICE in " ".join(text.split()), f"page {number} has no notice in its footer"
        assert f"Page {number} of {len(pages)}" in text


def test_worksheet_pdf_has_every_question_and_no_answers(app, page, tmp_path):
    library = app.extensions["quiz.library"]
    for key in quiz_keys(app):
        pages = print_pages(page, f"/quiz/{key}/worksheet", tmp_path)
        whole = squash(" ".join(pages))
        check_every_page_has_the_footer(pages)
        assert "Name:" in pages[0] and "Date:" in pages[0]
        for word in ("Skip to main content", "Answer key", "Correct answer", "Why", "Print the worksheet"):
            assert squash(word) not in whole, (key, word)
        for number, q in enumerate(library.quiz(key).questions, start=1):
            assert on_one_page(pages, f"{number}. {q.stem}", last_line(q)), f"{key} question {number} is split"
            assert squash(q.explanation) not in whole
            assert not any(squash(line) in whole for line in q.feedback_lines())
            # Column heads (the groups) and row heads (the items) keep whole words.
            heads = [c.label for c in getattr(q, "categories", ())] + [i.text for i in getattr(q, "items", ())]
            words = " ".join(pages).split()
            for head in heads:
                assert all(word in words for word in head.split()), (key, number, head)


@pytest.mark.parametrize("width", [360, 768])
def test_worksheet_items_wrap_between_words(app, page, width):
    """A sort table's item names break only at spaces, on a phone as on a tablet; the group columns narrow instead."""
    page.set_viewport_size({"width": width, "height": 800})
    split = {}
    for key in quiz_keys(app):
        page.goto(f"{BASE}/quiz/{key}/worksheet")
        split[key] = split_words(page, ".sort-table tbody th")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, key
    assert not any(split.values()), {key: words for key, words in split.items() if words}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_short_worksheet_prints_the_qr_code_beside_the_questions(app, page, tmp_path, paper):
    """The QR code and link fit under the last question: no page of their own, and no blank page."""
    pages = print_pages(page, f"/quiz/{quote(SHORT_SET_KEY)}/worksheet", tmp_path, paper)
    questions = app.extensions["quiz.library"].quiz(SHORT_SET_KEY).questions
    assert len(pages) == 2, [" ".join(p.split())[:80] for p in pages]
    assert page_of(pages, f"{len(questions)}. {questions[-1].stem}") == page_of(pages, "scan the code") == 1


def test_answer_key_pdf_has_answers_explanations_and_sources(app, page, tmp_path):
    library = app.extensions["quiz.library"]
    for key in quiz_keys(app):
        pages = print_pages(page, f"/quiz/{key}/answer-key", tmp_path)
        check_every_page_has_the_footer(pages)
        for number, q in enumerate(library.quiz(key).questions, start=1):
            stem = f"{number}. {q.stem}"
            assert on_one_page(pages, stem, q.explanation), f"{key} question {number} is split"
            right = [q.category(i).label for i in q.items] if q.kind == "sort" else [c.text for c in q.choices if c.correct]
            assert all(on_one_page(pages, stem, text) for text in right)
        # The numbered source list closes the key (it may start on the page before the last).
        sources = squash("".join(pages)).rpartition(squash("Sources"))[2]
        cited = dict.fromkeys(s for q in library.quiz(key).questions for s in library.sources_for(q))
        assert cited and all(squash(s.title) in sources for s in cited)
        assert "updated" in pages[-1]


def test_print_is_black_on_white_without_navigation_even_in_dark_mode(page):
    page.emulate_media(media="print", color_scheme="dark")
    try:
        page.goto(f"{BASE}/quiz/{SET_KEY}/worksheet")
        style = page.evaluate("""() => {
            const css = (selector, pseudo) => getComputedStyle(document.querySelector(selector), pseudo);
            return {text: css(".sheet-stem").color, background: css("body").backgroundColor,
                    header: css(".site-header").display, box: css(".tick-list li", "::before").borderTopWidth,
                    cell: css(".sort-table td", "::before").borderTopWidth, notice: css(".notice").display,
                    lines: [css(".sort-table td").borderTopColor, css(".notice").borderBottomColor],
                    scheme: css(":root").colorScheme};
        }""")
    finally:
        page.emulate_media(media="screen", color_scheme="light")
    assert style["text"] == "rgb(0, 0, 0)" and style["background"] == "rgb(255, 255, 255)"
    assert style["header"] == "none" and style["notice"] != "none"
    assert style["box"] != "0px" and style["cell"] != "0px", "tick boxes are drawn"
    # No colour from the dark theme on paper: table lines and the notice's rule print black.
    assert style["lines"] == ["rgb(0, 0, 0)"] * 2 and style["scheme"] == "light", style


# Slide text includes the notice: the room reads it too. The slide's box ends with its buttons.
SLIDE_METRICS = """() => {
    const slide = document.querySelector(".slide").getBoundingClientRect();
    return {smallest: Math.min(...[...document.querySelectorAll(":is(.slide, .notice) :is(p, li, h1, h2, a, span)")]
        .filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))),
        bottom: slide.bottom, right: slide.right};
}"""
# Screens bigger than the projector, 16:9 and 16:10: slides written for 1280 × 720 must fit them too.
BIG_SCREENS = [{"width": 1920, "height": 1080}, {"width": 2560, "height": 1440}, {"width": 1920, "height": 1200}]


def screen(size: dict) -> str:
    """Name a viewport size in test ids, e.g. 1920x1080."""
    return f"{size['width']}x{size['height']}"


def slides(app) -> Iterator[tuple[str, int]]:
    """Yield the quiz key and number of every question slide."""
    for bank in app.extensions["quiz.library"].ordered():
        for number in range(1, len(bank.questions) + 1):
            yield bank.key, number


def test_presenter_reads_from_the_back_of_the_room(app, page):
    page.set_viewport_size(PROJECTOR)
    bottoms = []
    for key, number in slides(app):
        for reveal in ("", "?reveal=1"):
            page.goto(f"{BASE}/quiz/{key}/present/{number}{reveal}")
            metrics = page.evaluate(SLIDE_METRICS)
            assert metrics["smallest"] >= 28, (key, number, reveal, metrics)
            if not reveal:
                bottoms.append(metrics["bottom"])
    fits = sum(bottom <= PROJECTOR["height"] for bottom in bottoms) / len(bottoms)
    # A typical question, its choices and the buttons all show without scrolling.
    assert statistics.median(bottoms) <= PROJECTOR["height"] * 0.9 and fits >= 0.9, (fits, sorted(bottoms)[-5:])


@pytest.mark.parametrize("size", BIG_SCREENS, ids=screen)
def test_presenter_shows_every_slide_whole_on_big_screens(app, page, size):
    """Text grows with the screen's width, so the column does too: each question and its buttons show
    without scrolling, and its text, the notice included, grows in step (28 px at 1280 px wide)."""
    page.set_viewport_size(size)
    smallest = 28 * size["width"] / PROJECTOR["width"]
    problems = []
    for key, number in slides(app):
        page.goto(f"{BASE}/quiz/{key}/present/{number}")
        metrics = page.evaluate(SLIDE_METRICS)
        if metrics["bottom"] > size["height"] or metrics["right"] > size["width"]:
            problems.append(f"{key} {number}: ends at {metrics['right']:.0f} × {metrics['bottom']:.0f}")
        if metrics["smallest"] < smallest:
            problems.append(f"{key} {number}: text at {metrics['smallest']} px, under {smallest:.0f}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", [PROJECTOR, *BIG_SCREENS], ids=screen)
def test_presenter_cover_shows_the_code_and_its_link_without_scrolling(app, page, size):
    """The room is told to scan the code or type the link: both must be on the screen."""
    page.set_viewport_size(size)
    # The longest link a set can have: a 60-letter name and ten questions from four banks.
    longest = sets.make_key("Tuesday class for new patients and the people who care for them"[:sets.MAX_NAME],
                            ["basics-01", "basics-12", "fm-03", "fm-14", "dx-02", "dx-13", "tx-01", "tx-05",
                             "tx-09", "tx-13"], sets.MAX_SEED)
    for quiz in [*app.extensions["quiz.library"].ordered(), SET_KEY, longest]:
        key = getattr(quiz, "key", quiz)
        page.goto(f"{BASE}/quiz/{key}/present")
        for part in (".qr img", ".qr .share-link", ".slide-nav a"):
            box = page.locator(part).bounding_box()
            assert box["y"] + box["height"] <= size["height"] and box["x"] + box["width"] <= size["width"], (key, part, box)


def test_keyboard_shortcuts_follow_the_links(page):
    page.set_viewport_size(PROJECTOR)
    slide = f"{BASE}/quiz/{SET_KEY}/present"
    page.goto(slide)
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"{slide}/1")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"{slide}/2")
    assert page.locator(".shortcuts").is_visible()  # shown by site.js: the keys need it
    page.keyboard.press("Shift+Space")  # scrolls back up, as on any page: not the answer
    page.wait_for_timeout(300)
    assert page.url == f"{slide}/2"
    page.keyboard.press(" ")
    page.wait_for_url(f"{slide}/2?reveal=1")
    assert page.locator(".explanation").is_visible()
    # Space only ever shows the answer: on a revealed slide it scrolls down to the explanation.
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert page.url == f"{slide}/2?reveal=1"
    # No letter keys (WCAG 2.1.4): R does nothing; the button hides the answer.
    page.keyboard.press("r")
    page.wait_for_timeout(300)
    assert page.url == f"{slide}/2?reveal=1"
    page.get_by_role("link", name="Hide answer").click()
    page.wait_for_url(f"{slide}/2")
    # Space on a focused link is the browser's: it must not give the answer away.
    page.focus(".slide-nav a[data-key=next]")
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert page.url == f"{slide}/2"
    # The Show answer button, focused, answers Space as a button would.
    page.focus(".slide-nav a[data-key=reveal]")
    page.keyboard.press(" ")
    page.wait_for_url(f"{slide}/2?reveal=1")
    page.get_by_role("link", name="Hide answer").click()
    page.wait_for_url(f"{slide}/2")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"{slide}/1")
    # What most presentation clickers send: on a slide that fits the screen, the next or previous slide.
    page.keyboard.press("PageDown")
    page.wait_for_url(f"{slide}/2")
    page.keyboard.press("PageUp")
    page.wait_for_url(f"{slide}/1")
    # On a slide taller than the screen (most answers shown), Page Down scrolls to the end first.
    page.goto(f"{slide}/1?reveal=1")
    end = "document.querySelector('[data-presenter]').getBoundingClientRect().bottom <= innerHeight + 1"
    assert not page.evaluate(end)
    presses = 0
    while page.url == f"{slide}/1?reveal=1" and presses < 20:
        at_end = page.evaluate(end)
        page.keyboard.press("PageDown")
        presses += 1
        page.wait_for_timeout(300)
        assert (page.url == f"{slide}/1?reveal=1") != at_end, presses  # a new slide only from the very end
    assert presses > 1 and page.url == f"{slide}/2"
    page.goto(f"{slide}/2?reveal=1")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.keyboard.press("PageUp")  # scrolls back up first
    page.wait_for_timeout(300)
    assert page.url == f"{slide}/2?reveal=1" and page.evaluate("scrollY") > 0
    page.keyboard.press("Home")
    page.wait_for_timeout(300)
    page.keyboard.press("PageUp")  # the slide's top is on screen: the previous slide
    page.wait_for_url(f"{slide}/1")
    # Keys that a control uses for itself stay with it: Space opens the question picker.
    page.focus(".picker summary")
    page.keyboard.press(" ")
    assert page.url == f"{slide}/1" and page.locator(".picker").get_attribute("open") is not None
    page.goto(f"{BASE}/teach/build")
    page.focus("#set-name")
    for key in ("End", "ArrowLeft", "ArrowRight", "Space", "r"):
        page.keyboard.press(key)
    assert page.url == f"{BASE}/teach/build" and page.input_value("#set-name") == "Class questions r"


def test_space_scrolls_a_slide_that_does_not_fit(page):
    """At 400 % zoom (1280 × 720 lays out like 320 × 180) Space scrolls, as on any page: it must not show the room the answer."""
    page.set_viewport_size({"width": 320, "height": 180})
    slide = f"{BASE}/quiz/{SET_KEY}/present/1"
    page.goto(slide)
    page.keyboard.press(" ")
    page.wait_for_timeout(300)
    assert page.url == slide and page.evaluate("window.scrollY") > 0


def test_care_team_printout_lists_questions_without_the_readers_score(app, browser, tmp_path):
    """The list goes to a visit: it carries the questions to ask, not how the reader did in the quiz."""
    client = QuizClient(app.test_client())
    bank = app.extensions["quiz.library"].ordered()[0]
    client.start(bank.key)
    for number, q in enumerate(bank.questions, start=1):
        assert client.answer(bank.key, number, **form_for(q, right=False)).status_code == 303
    url = f"/quiz/{bank.key}/care-team"
    screen = soup(client.client.get(url))
    counts = [p.get_text(" ", strip=True) for p in screen.select(".ask-topic .meta")]
    assert counts and all("not fully right" in c for c in counts), "on screen, each topic says why it is listed"
    asked = [li.get_text(" ", strip=True) for li in screen.select(".ask-list li")]
    # The browser asks for BASE's host: the reader's cookie goes with it.
    client.client.set_cookie("session", client.client.get_cookie("session").value, domain=urlsplit(BASE).hostname)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route(f"{BASE}/**", served_by(client.client))
        pages = print_pages(page, url, tmp_path)
    finally:
        context.close()
    whole = squash(" ".join(pages))
    assert all(squash(question) in whole for question in asked)
    assert squash(screen.select_one(".ask-topic h2").get_text()) in whole
    for word in ("not fully right", "Print this page", "Back to your results", "Quizzes"):
        assert squash(word) not in whole, word
