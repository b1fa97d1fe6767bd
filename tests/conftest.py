"""Shared fixtures: the app on the bundled banks, and a small fixture bank for exact flows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from quiz import create_app
from quiz.config import resource_dir

FIXTURES = Path(__file__).parent / "fixtures"
QUESTIONS = resource_dir("questions")


def make_questions_dir(folder: Path, *banks: Path) -> Path:
    """Fill folder with the real sources and topics plus the given bank files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sources.toml", "topics.toml"):
        shutil.copy(QUESTIONS / name, folder / name)
    for bank in banks:
        shutil.copy(bank, folder / bank.name)
    return folder


@pytest.fixture
def app():
    """The app serving the bundled banks."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret"})


@pytest.fixture
def mini_app(tmp_path):
    """The app serving only the small fixture bank (three questions, one per kind of scoring)."""
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml")
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "QUESTIONS_DIR": str(folder)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def mini(mini_app):
    return QuizClient(mini_app.test_client())


@pytest.fixture
def quiz(client):
    return QuizClient(client)


def soup(response) -> BeautifulSoup:
    """Parse a response's HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


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

    def start(self, key: str):
        """Press a quiz's Start button on the home page."""
        return self.client.post(f"/quiz/{key}/start", data={"csrf_token": self.token("/")})

    def answer(self, key: str, number: int, **fields):
        """Submit question `number` with form fields (lists for repeated fields)."""
        data = {"csrf_token": self.token(f"/quiz/{key}/{number}"), **fields}
        return self.client.post(f"/quiz/{key}/{number}", data=data)
