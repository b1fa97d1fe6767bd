"""Pages reflow: no sideways scrolling at 320 px, at 200 %/400 % zoom or with large text, text spacing
clips nothing, and every pointer target is at least 24 × 24 px (WCAG 1.4.4, 1.4.10, 1.4.12, 2.5.8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import DESKTOP, PHONE, open_context
from page_types import PAGE_TYPES
from playwright.sync_api import Page
from probes import TEXT_SPACING_CSS, clipped, horizontal_overflow, small_targets, split_words

# Zoom shrinks the CSS viewport: 1280 × 800 at 200 % lays out like 640 × 400, at 400 % like 320 × 200.
REFLOW = {
    "320 px phone": {"width": 320, "height": 640},
    "1280 px at 200 %": {"width": 640, "height": 400},
    "1280 px at 400 %": {"width": 320, "height": 200},
}
# Android's large text and the browser's font size setting raise the root font size.
LARGE_TEXT = ["175%", "200%"]
SKIP_LINK_JS = """() => {
  const r = document.querySelector(".skip-link").getBoundingClientRect();
  return {top: r.top, right: r.right, bottom: r.bottom, left: r.left, scrolled: scrollY, width: innerWidth, height: innerHeight};
}"""
SPACING = {"320 px": {"width": 320, "height": 640}, "1280 px": DESKTOP}
TARGETS = {"phone": PHONE, "desktop": DESKTOP}


def check_sizes(page: Page, sizes: dict[str, dict], probe) -> list[str]:
    """Run a probe at each viewport size; return its findings, each labelled with the size."""
    found = []
    for name, size in sizes.items():
        page.set_viewport_size(size)
        found += [f"{name}: {problem}" for problem in probe(page)]
    return found


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_horizontal_scrolling(page, site, page_type):
    PAGE_TYPES[page_type](page, site)
    problems = check_sizes(page, REFLOW, horizontal_overflow)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_large_text_reflows_and_keeps_the_skip_link_out_of_sight(page, site, page_type):
    """On a 360 px phone with text at 175 % and 200 %: no sideways scrolling, no word of a verdict
    broken, and the skip link, now several lines tall, stays above the page until it has focus,
    then shows whole."""
    PAGE_TYPES[page_type](page, site)
    page.set_viewport_size(PHONE)
    problems = []
    for size in LARGE_TEXT:
        # A change through the CSSOM, which the app's CSP allows (it blocks an added stylesheet).
        page.evaluate("size => document.documentElement.style.setProperty('font-size', size)", size)
        problems += [f"text at {size}: {problem}" for problem in horizontal_overflow(page)]
        # The verdict's words are short: none may break in the middle ("Partl-y right").
        problems += [f"text at {size}: verdict word split: {word}" for word in split_words(page, ".result")]
    link = page.evaluate(SKIP_LINK_JS)
    if link["bottom"] + link["scrolled"] > 0:
        problems.append(f"unfocused skip link shows at the top of the page: {link}")
    page.focus(".skip-link")
    link = page.evaluate(SKIP_LINK_JS)
    if not (link["top"] >= 0 and link["left"] >= 0 and link["bottom"] <= link["height"] and link["right"] <= link["width"]):
        problems.append(f"focused skip link is not all on screen: {link}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_targets_at_least_24px(page, site, page_type):
    PAGE_TYPES[page_type](page, site)
    problems = check_sizes(page, TARGETS, small_targets)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def spacing_page(browser, server) -> Iterator[Page]:
    """A tab that may add a stylesheet: the test's own spacing rules, which the app's CSP would block."""
    context, log = open_context(browser, server, bypass_csp=True)
    yield context.new_page()
    context.close()
    assert not log.foreign(), f"requests to other hosts: {log.foreign()}"


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_text_spacing_clips_nothing(spacing_page, site, page_type):
    PAGE_TYPES[page_type](spacing_page, site)
    spacing_page.add_style_tag(content=TEXT_SPACING_CSS)
    problems = check_sizes(spacing_page, SPACING, lambda p: clipped(p) + horizontal_overflow(p))
    assert not problems, "\n".join(problems)


def test_probes_can_fail(page, site):
    """The checks see a too-wide box, a clipped box and a tiny button when a page has them."""
    PAGE_TYPES["home"](page, site)
    page.set_viewport_size({"width": 320, "height": 640})
    page.locator("main h1").evaluate("""h1 => {
        h1.style.width = '400px';
        const box = document.createElement('p');
        box.textContent = 'Some words that cannot fit in a tiny box';
        box.style.cssText = 'height: 4px; overflow: hidden; width: 100px';
        const tiny = () => {
            const button = document.createElement('button');
            button.style.cssText = 'min-height: 0; height: 10px; width: 10px; padding: 0; margin: 0';
            return button;
        };
        h1.after(box, tiny(), tiny());
    }""")
    assert horizontal_overflow(page)
    assert any("p" in problem for problem in clipped(page))
    assert any("> button" in problem for problem in small_targets(page))


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_term_links_flow_with_the_text(page, site, page_type):
    """A glossary link is part of its sentence: never laid out as a block or column of its own."""
    PAGE_TYPES[page_type](page, site)
    page.set_viewport_size({"width": 320, "height": 640})
    apart = page.eval_on_selector_all(
        "a.term", "links => links.filter(a => getComputedStyle(a).display !== 'inline').map(a => a.textContent)")
    assert not apart, f"glossary links set apart from their sentence: {apart}"


@pytest.mark.parametrize(("width", "rows"), [(320, [2, 2]), (360, [4])])
def test_menu_rows_stay_tidy(page, site, width, rows):
    """The menu is one row where it fits and two rows of two on the narrowest phones, never 3 + 1."""
    PAGE_TYPES["home"](page, site)
    page.set_viewport_size({"width": width, "height": 640})
    tops = page.eval_on_selector_all(".site-nav a", "links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    assert [tops.count(top) for top in sorted(set(tops))] == rows
