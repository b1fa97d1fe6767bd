"""Helpers the unit tests share: paths, a questions folder builder, HTML parsing, a reader-like client.

Kept out of conftest.py on purpose: tests/browser has its own conftest.py, and a test that
imported "conftest" would get whichever of the two Python loaded first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from quiz.bank import BankError, load_library
from quiz.config import resource_dir

FIXTURES = Path(__file__).parent / "fixtures"
QUESTIONS = resource_dir("questions")
NOTICE = "For learning only. This is not medical advice or a diagnosis."  # base.html: on every page
# Bytes of HTML + CSS + JS one page may weigh, uncompressed (30 KiB): the browser suite weighs
# what Chromium loads, test_teaching weighs the worst cases it builds.
PAGE_BUDGET = 30 * 1024


def make_questions_dir(folder: Path, *banks: Path) -> Path:
    """Fill folder with the real sources and topics plus the given bank files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sources.toml", "topics.toml"):
        shutil.copy(QUESTIONS / name, folder / name)
    for bank in banks:
        shutil.copy(bank, folder / bank.name)
    return folder


def problems_of(folder: Path) -> list[str]:
    """Load a questions folder; return its problems as the checker prints them ("file:item:field: message"), [] if it loads."""
    try:
        load_library(folder)
    except BankError as caught:
        return [str(problem) for problem in caught.problems]
    return []


def form_for(question, right=True):
    """Return form fields answering a question fully right, or fully wrong."""
    if question.kind == "sort":
        return {f"item-{item.id}": item.category if right else
                next(c.id for c in question.categories if c.id != item.category) for item in question.items}
    picks = [c.id for c in question.choices if c.correct == right]
    return {"choice": picks if question.multiple else picks[:1]}


def soup(response) -> BeautifulSoup:
    """Parse a response's HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response) -> str:
    """Return a page's text as a reader sees it: words separated by single spaces."""
    return " ".join(soup(response).get_text(" ").split())


class QuizClient:
    """Drives the quiz like a reader: reads each form's CSRF token from the page it is on."""

    def __init__(self, client) -> None:
        self.client = client

    def page(self, url: str):
        response = self.client.get(url)
        return response, soup(response)

    def token(self, url: str = "/") -> str:
        _, page = self.page(url)
        field = page.find("input", attrs={"name": "csrf_token"})
        assert field is not None, f"no CSRF field on {url}"
        return field["value"]

    def start(self, key: str, over: bool = False):
        """Press a quiz's Start button on the home page (or Start over, which drops earlier answers)."""
        return self.client.post(f"/quiz/{key}/start" + ("?over=1" if over else ""), data={"csrf_token": self.token("/")})

    def answer(self, key: str, number: int, **fields):
        """Submit question `number` with form fields (lists for repeated fields)."""
        # The question's own form gives its id; an answered question's page is its feedback, with
        # no form, so the token comes from the home page.
        response, page = self.page(f"/quiz/{key}/{number}")
        shown = page.find("input", attrs={"name": "question"}) if response.status_code == 200 else None
        data = {"csrf_token": self.token("/"), **({"question": shown["value"]} if shown else {}), **fields}
        return self.client.post(f"/quiz/{key}/{number}", data=data)
