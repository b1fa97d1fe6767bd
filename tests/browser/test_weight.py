"""Each page is light (HTML + CSS + JS ≤ 30 KB uncompressed), uses no web fonts, and talks only to the app."""

from __future__ import annotations

import pytest
from harness import open_context
from page_types import PAGE_TYPES, summary
from playwright.sync_api import Page
from quiz_site import Site
from support import PAGE_BUDGET, QUESTIONS

from quiz.assets import stripped
from quiz.bank import load_library
from quiz.config import resource_dir

COUNTED = {"document", "stylesheet", "script"}
# The summary repeats a whole bank, so each bank's summary is weighed too.
BANKS = [bank.key for bank in load_library(QUESTIONS).ordered()]
WEIGHTS = f"Page weights, bytes of HTML + CSS + JS (at most {PAGE_BUDGET:,})"


def load_weight(page: Page, site: Site, visit) -> tuple[int, list[str], list[str]]:
    """Visit a page type with the cache off; return its bytes, the URLs it loaded and their kinds."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # Every file is fetched again, so shared CSS and JS count on every page, not only the first.
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    loaded = []

    def on_request(request) -> None:
        # A new top-level page starts a new count (the steps that led here are other pages).
        if request.is_navigation_request() and request.frame == page.main_frame:
            loaded.clear()

    page.on("request", on_request)
    page.on("requestfinished", lambda request: loaded.append(request))
    visit(page, site)
    page.wait_for_load_state("networkidle")
    responses = [(r, r.response()) for r in loaded]
    done = [(r, resp) for r, resp in responses if resp is not None and not 300 <= resp.status < 400]
    weight = sum(len(resp.body()) for r, resp in done if r.resource_type in COUNTED)
    return weight, [r.url for r, _ in done], [r.resource_type for r, _ in done]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_weight_and_privacy(page, site, noted, page_type):
    weight, urls, kinds = load_weight(page, site, PAGE_TYPES[page_type])
    noted(WEIGHTS, page_type, weight)
    assert {"document", "stylesheet", "script"} <= set(kinds), f"page did not load its own CSS and JS: {urls}"
    assert weight <= PAGE_BUDGET, f"{page_type} weighs {weight:,} bytes (limit {PAGE_BUDGET:,}): {urls}"
    assert "font" not in kinds and page.evaluate("() => document.fonts.size") == 0, "web fonts loaded"
    assert all(url.startswith(site.base + "/") for url in urls), f"requests to other hosts: {urls}"


@pytest.mark.parametrize("key", BANKS)
def test_every_bank_summary_fits(page, site, noted, key):
    weight, urls, _ = load_weight(page, site, summary(key))
    noted(WEIGHTS, f"summary of {key}", weight)
    assert weight <= PAGE_BUDGET, f"the {key} summary weighs {weight:,} bytes (limit {PAGE_BUDGET:,}): {urls}"


def test_weight_counts_the_page_and_every_file_it_loads(page, site):
    """The measure is honest: the home page's HTML plus the whole stylesheet and script, as sent (without comments)."""
    weight, _, _ = load_weight(page, site, PAGE_TYPES["home"])
    html = page.evaluate("() => fetch(location.href).then(r => r.text()).then(t => new Blob([t]).size)")
    files = sum(len(stripped(resource_dir("static") / name)) for name in ("site.css", "site.js"))
    # The fetched copy has its own CSRF token, of the same length as the one in the weighed page.
    assert weight == html + files


def test_requests_to_other_hosts_are_seen(browser, server, site):
    """The privacy check can fail: an image from another origin shows up in the request log."""
    context, log = open_context(browser, server, bypass_csp=True)
    page = context.new_page()
    site.goto(page, "/")
    page.evaluate("() => { const img = new Image(); img.src = 'http://127.0.0.1:9/pixel.png'; document.body.append(img); }")
    page.wait_for_load_state("networkidle")
    context.close()
    assert log.foreign() == ["http://127.0.0.1:9/pixel.png"]
