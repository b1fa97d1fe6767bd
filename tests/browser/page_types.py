"""Every kind of page a reader can meet, and how a browser gets to each one.

PAGE_TYPES is the one list the browser tests and the screenshots walk. A new page is one
line: ``"glossary": path("/glossary"),``. Each entry drives a real page (clicks, forms,
cookies) to that state and returns the final response, its status already checked.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, Response

from quiz.questions import Question
from quiz_site import CHECK, Site, answer_for, mixed_status

Visit = Callable[[Page, Site], Response]


def path(url: str, status: int = 200) -> Visit:
    """Visit a page by its URL; "{bank}" stands for the first bank's key."""
    return lambda page, site: site.goto(page, url.format(bank=site.banks()[0].key), status)


def worksheet(page: Page, site: Site) -> Response:
    """Visit the worksheet with the most sort tables: each scrolls in a region that must be named on its own."""
    bank = max(site.banks(), key=lambda b: sum(q.kind == "sort" for q in b.questions))
    return site.goto(page, f"/quiz/{bank.key}/worksheet")


def question(kind: str) -> Visit:
    """Visit the first question of a type."""
    def visit(page: Page, site: Site) -> Response:
        bank, number, _ = site.find(kind)
        site.start(page, bank)
        return site.goto(page, f"/quiz/{bank.key}/{number}")
    return visit


def links_a_term_in_an_item(site: Site, q: Question) -> bool:
    """Tell whether the feedback page of a sort question links a glossary term inside an item.

    Each term is linked once per page, at its first use: the stem, then each item and its feedback.
    """
    seen: set[str] = set()
    site.library.glossary.link(q.stem, seen)
    for item in q.items:
        if 'class="term"' in site.library.glossary.link(item.text, seen):
            return True
        site.library.glossary.link(item.feedback, seen)
    return False


def feedback(kind: str, status: str, term_in_item: bool = False) -> Visit:
    """Answer the first fitting question of a type so it scores `status`; land on its feedback.

    With term_in_item, a sort question with a glossary link inside one of its items.
    """
    def visit(page: Page, site: Site) -> Response:
        def fits(q: Question) -> bool:
            return ((kind != "multiple" or len(q.correct) > 1)
                    and (not term_in_item or links_a_term_in_an_item(site, q)))
        bank, number, q = site.find(kind, fits)
        site.start(page, bank)
        response = site.answer(page, bank, number, answer_for(q, status))
        assert page.locator(f"h1.result-{status}").count() == 1, f"no {status} verdict"
        assert not term_in_item or page.locator(".review-text a.term").count(), "no glossary link in an item"
        return response
    return visit


def form_error(kind: str) -> Visit:
    """Send a question of a type with nothing chosen: the form comes back with an error."""
    def visit(page: Page, site: Site) -> Response:
        bank, number, _ = site.find(kind)
        site.start(page, bank)
        response = site.answer(page, bank, number, [])
        assert page.url.endswith("#answer-error") and page.locator(".error-message").is_visible()
        return response
    return visit


def summary(key: str | None = None) -> Visit:
    """Answer every question of a bank (right, wrong, partly in turn), then open its summary.

    With no key, the bank with the most text: its summary is the heaviest page.
    """
    def visit(page: Page, site: Site) -> Response:
        bank = site.library.quiz(key) if key else site.largest_bank()
        site.start(page, bank)
        site.send_answers(page, bank, {n: answer_for(q, mixed_status(n, q)) for n, q in enumerate(bank.questions, 1)})
        return site.goto(page, f"/quiz/{bank.key}/summary")
    return visit


def restart_notice(page: Page, site: Site) -> Response:
    """Open question 2 with no saved answers: the quiz restarts at 1 and says why."""
    page.context.clear_cookies()
    response = site.goto(page, f"/quiz/{site.banks()[0].key}/2")
    assert page.locator(".flash").is_visible() and response.url.endswith("/1")
    return response


def carry_on(page: Page, site: Site) -> Response:
    """Answer question 1, then press Start on the home page: the quiz page offers to carry on."""
    bank = site.banks()[0]
    site.start(page, bank)
    site.answer(page, bank, 1, answer_for(bank.questions[0], "right"))
    site.goto(page, "/")
    page.locator(f"form[action='/quiz/{bank.key}/start'] button").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/quiz/{bank.key}/") and page.locator(".flash").is_visible()
    assert page.get_by_role("link", name="Continue from question 2").is_visible()
    return site.goto(page, f"/quiz/{bank.key}/")


def about_clear_confirm(page: Page, site: Site) -> Response:
    """Answer question 1, then press "Clear my answers" on the About page: it asks first (a shared tablet)."""
    bank = site.banks()[0]
    site.start(page, bank)
    site.answer(page, bank, 1, answer_for(bank.questions[0], "right"))
    site.goto(page, "/about")
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Clear my answers").click()
    assert page.locator("#confirm").is_visible()
    return navigation.value


def answers_cleared(page: Page, site: Site) -> Response:
    """Confirm "Yes, clear my answers": the home page says so."""
    about_clear_confirm(page, site)
    response = site.press(page, "Yes, clear my answers")
    assert page.url.endswith("/") and page.locator(".flash").is_visible()
    return response


def csrf_failure(page: Page, site: Site) -> Response:
    """Confirm Start over (Yes, start over), with answers in the cookie, on a form whose CSRF token is gone: the 400 'expired' page."""
    bank = site.banks()[0]
    site.start(page, bank)
    site.answer(page, bank, 1, answer_for(bank.questions[0], "right"))
    site.goto(page, f"/quiz/{bank.key}/?over=1")
    page.locator("form input[name=csrf_token]").first.evaluate("field => field.remove()")
    return site.press(page, "Yes, start over", status=400)


def too_large(page: Page, site: Site) -> Response:
    """Send an answer with a body over the 8 KB limit: the 413 page."""
    bank = site.banks()[0]
    site.start(page, bank)
    page.locator("form.question-form").evaluate(
        "form => { const pad = document.createElement('input'); pad.type = 'hidden';"
        " pad.name = 'pad'; pad.value = 'x'.repeat(9000); form.append(pad); }")
    return site.press(page, CHECK, status=413)


def wrong_method(page: Page, site: Site) -> Response:
    """Open a POST-only address with GET: the 405 page."""
    return site.goto(page, f"/quiz/{site.banks()[0].key}/start", status=405)


def built_set(picks: int) -> Visit:
    """Tick the first `picks` questions in the set builder and make the set (none: the form's error)."""
    def visit(page: Page, site: Site) -> Response:
        site.goto(page, "/teach/build")
        for box in page.locator("input[name=q]").all()[:picks]:
            box.check()
        return site.press(page, "Make the set", status=200 if picks else 400)
    return visit


def care_team_answered(page: Page, site: Site) -> Response:
    """Take a whole quiz, then open its care-team list (it names the topics found hardest)."""
    summary()(page, site)
    return site.goto(page, f"/quiz/{site.largest_bank().key}/care-team")


PAGE_TYPES: dict[str, Visit] = {
    "home": path("/"),
    "about": path("/about"),
    "about-clear-confirm": about_clear_confirm,
    "answers-cleared": answers_cleared,
    "bank-intro": path("/quiz/{bank}/"),
    "question-single": question("single"),
    "question-multiple": question("multiple"),
    "question-true_false": question("true_false"),
    "question-sort": question("sort"),
    "feedback-right": feedback("single", "right"),
    "feedback-partly": feedback("multiple", "partly"),
    "feedback-wrong": feedback("single", "wrong"),
    "feedback-sort": feedback("sort", "partly"),
    "feedback-sort-term-link": feedback("sort", "partly", term_in_item=True),
    "form-error-choice": form_error("single"),
    "form-error-sort": form_error("sort"),
    "restart-notice": restart_notice,
    "carry-on": carry_on,
    "summary": summary(),
    "error-400-csrf": csrf_failure,
    "error-404": path("/no-such-page", status=404),
    "error-405": wrong_method,
    "error-413": too_large,
    # Learning helps and teaching aids
    "glossary": path("/glossary"),
    "care-team": path("/quiz/{bank}/care-team"),
    "care-team-answered": care_team_answered,
    "set-builder": path("/teach/build"),
    "set-builder-error": built_set(0),
    "set-intro": built_set(3),
    "presenter-cover": path("/quiz/{bank}/present"),
    "presenter-question": path("/quiz/{bank}/present/1"),
    "presenter-answer": path("/quiz/{bank}/present/1?reveal=1"),
    "presenter-end": path("/quiz/{bank}/present/end"),
    "worksheet": worksheet,
    "answer-key": path("/quiz/{bank}/answer-key"),
}
