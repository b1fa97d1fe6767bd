"""Shared fixtures: the app on the bundled banks, and a small fixture bank for exact flows."""

from __future__ import annotations

import pytest
from support import FIXTURES, QuizClient, make_questions_dir

from quiz import create_app

NOTED = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def noted(pytestconfig):
    """Note a number the docs quote: noted(heading, label, value). The run's summary prints them all."""
    headings = pytestconfig.stash.setdefault(NOTED, {})

    def note(heading: str, label: str, value: float) -> None:
        headings.setdefault(heading, {})[label] = value

    return note


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Print the noted numbers, largest first under each heading, so each run states what the docs quote."""
    for heading, values in config.stash.get(NOTED, {}).items():
        terminalreporter.write_line(f"{heading}:")
        for label, value in sorted(values.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"  {label}: {value:,}")


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
