"""The running app as a reader meets it, and the answers that score right, partly right or wrong."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from playwright.sync_api import Page, Response

from quiz.bank import Bank, Library
from quiz.questions import Question

CHECK = "Check my answer"


def answer_for(q: Question, status: str) -> list[int]:
    """Return the picks that score `status` (right, partly, wrong).

    Choice questions: the positions of the choices to tick. Sort: for each item, the
    position of the group it goes in.
    """
    if q.kind == "sort":
        right = [next(i for i, c in enumerate(q.categories) if c.id == item.category) for item in q.items]
        wrong = [(r + 1) % len(q.categories) for r in right]
        return {"right": right, "wrong": wrong, "partly": right[:1] + wrong[1:]}[status]
    correct = [i for i, c in enumerate(q.choices) if c.correct]
    incorrect = [i for i, c in enumerate(q.choices) if not c.correct]
    if status == "right":
        return correct
    if status == "wrong":
        assert incorrect, f"{q.id} has no wrong choice to pick"
        return incorrect[:1]
    # One of several right answers earns a share; a wrong pick beside the only right one earns nothing.
    assert q.kind == "multiple" and len(correct) > 1, f"{q.id} cannot be partly right"
    return correct[:1]


def mixed_status(number: int, q: Question) -> str:
    """Return right, wrong or partly in turn (partly only where a question type allows it)."""
    status = ("right", "wrong", "partly")[number % 3]
    return "right" if status == "partly" and q.kind not in ("multiple", "sort") else status


def input_ids(q: Question, picks: list[int]) -> list[str]:
    """Return the ids of the form inputs that make these picks."""
    if q.kind == "sort":
        return [f"item-{item.id}-{q.categories[c].id}" for item, c in zip(q.items, picks)]
    return [f"choice-{q.choices[i].id}" for i in picks]


def form_fields(q: Question, picks: list[int]) -> list[tuple[str, str]]:
    """Return the form fields a browser sends for these picks (and the id of the question they answer)."""
    if q.kind == "sort":
        return [("question", q.id), *((f"item-{item.id}", q.categories[c].id) for item, c in zip(q.items, picks))]
    return [("question", q.id), *(("choice", q.choices[i].id) for i in picks)]


@dataclass
class Site:
    """The running app as a reader meets it, plus the content it serves (to know right answers)."""

    base: str
    library: Library

    def banks(self) -> list[Bank]:
        """Return the banks in home-page order."""
        return self.library.ordered()

    def find(self, kind: str, where: Callable[[Question], bool] = lambda q: True) -> tuple[Bank, int, Question]:
        """Return the first question of a type (and its bank and number) that passes `where`."""
        for bank in self.banks():
            for number, q in enumerate(bank.questions, 1):
                if q.kind == kind and where(q):
                    return bank, number, q
        raise AssertionError(f"no bundled bank has a fitting {kind} question")

    def largest_bank(self) -> Bank:
        """Return the bank with the most text: its summary is the heaviest page."""
        return max(self.banks(), key=lambda b: sum(len(t) for q in b.questions for _, t in q.texts()))

    def goto(self, page: Page, path: str, status: int = 200) -> Response:
        """Open a URL of the app and check its status."""
        response = page.goto(self.base + path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"
        return response

    def press(self, page: Page, button: str, status: int = 200) -> Response:
        """Click a button (matched by its start) and wait for the page the form leads to."""
        with page.expect_navigation() as navigation:
            page.locator("button", has_text=button).first.click()
        response = navigation.value
        assert response is not None and response.status == status, f"{button}: {response and response.status}"
        return response

    def start(self, page: Page, bank: Bank) -> Response:
        """Start a quiz from its intro page, with no earlier progress."""
        page.context.clear_cookies()
        self.goto(page, f"/quiz/{bank.key}/")
        return self.press(page, "Start the quiz")

    def answer(self, page: Page, bank: Bank, number: int, picks: list[int], status: int = 200) -> Response:
        """Tick the picks on question `number` and send them."""
        q = bank.questions[number - 1]
        self.goto(page, f"/quiz/{bank.key}/{number}")
        for input_id in input_ids(q, picks):
            page.check(f"#{input_id}")
        return self.press(page, CHECK, status)

    def send_answers(self, page: Page, bank: Bank, answers: dict[int, list[int]]) -> None:
        """Post answers with the page's cookies and CSRF token, without rendering each feedback page.

        A shortcut for reaching later pages quickly; the journey tests answer through the pages.
        """
        token = page.locator("input[name=csrf_token]").first.input_value()
        for number, picks in answers.items():
            fields = [("csrf_token", token), *form_fields(bank.questions[number - 1], picks)]
            response = page.request.post(f"{self.base}/quiz/{bank.key}/{number}", data=urlencode(fields),
                                         headers={"Content-Type": "application/x-www-form-urlencoded"},
                                         max_redirects=0)
            assert response.status == 303, f"answer {number}: {response.status}"
