"""Browser-test fixtures: the app in its own server process, one Chromium, fresh pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import RequestLog, axe_source, launch, open_context, serve
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from quiz_site import Site
from support import QUESTIONS

from quiz.bank import Library, load_library


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """Run the app on the bundled banks in a real server process; yield its base URL."""
    with serve(QUESTIONS, tmp_path_factory.mktemp("server") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def library() -> Library:
    """The same banks the server serves, read here to know each question's right answers."""
    return load_library(QUESTIONS)


@pytest.fixture(scope="session")
def site(server, library) -> Site:
    """The running app, with the content it serves."""
    return Site(server, library)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole session."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe() -> str:
    """The pinned axe-core script."""
    return axe_source()


@pytest.fixture(scope="module")
def browsing(browser, server) -> Iterator[tuple[BrowserContext, RequestLog]]:
    """A context shared by one test module (cheap to reuse; every visit resets cookies itself)."""
    context, log = open_context(browser, server)
    yield context, log
    context.close()


@pytest.fixture
def page(browsing) -> Iterator[Page]:
    """A fresh tab; fails the test if anything in it asked another host for anything."""
    context, log = browsing
    seen = len(log.urls)
    page = context.new_page()
    yield page
    page.close()
    foreign = log.foreign(since=seen)
    assert not foreign, f"requests to other hosts: {foreign}"
