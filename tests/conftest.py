"""Shared fixtures: the app on the bundled banks, and a small fixture bank for exact flows."""

from __future__ import annotations

import pytest
from support import FIXTURES, QuizClient, make_questions_dir

from quiz import create_app, readability

GRADES = pytest.StashKey[dict]()


@pytest.fixture
def reading_grades(pytestconfig) -> dict:
    """Where a test notes each page's reading grade (URL: grade), for the run's summary."""
    return pytestconfig.stash.setdefault(GRADES, {})


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Print each page's reading grade, so each run states the number the README quotes."""
    grades = config.stash.get(GRADES, None)
    if not grades:
        return
    write = terminalreporter.write_line
    hardest = max(grades, key=grades.get)
    write(f"Reading grade of each page's own sentences (Flesch-Kincaid; limit {readability.MAX_PAGE:.1f}): "
          f"hardest {hardest}, {grades[hardest]:.1f}")
    for url, grade in sorted(grades.items(), key=lambda item: -item[1]):
        write(f"  {url}: {grade:.1f}")


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
