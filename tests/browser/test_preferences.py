"""The reader's settings are honoured: dark colour scheme, reduced motion and forced colours."""

from __future__ import annotations

import pytest
from harness import settle
from page_types import PAGE_TYPES
from probes import focus_problems, focused, luminance, tab_to

MOVING = """() => [...document.querySelectorAll("*")].flatMap(el => [null, "::before", "::after"].map(pseudo => {
  const style = getComputedStyle(el, pseudo);
  const moves = style.transitionDuration.split(",").some(d => parseFloat(d) > 0)
      || style.animationName.split(",").some(n => n.trim() !== "none");
  return moves ? el.tagName.toLowerCase() + "." + [...el.classList].join(".") + (pseudo || "") : null;
})).filter(Boolean)"""


@pytest.mark.parametrize("page_type", ["home", "question-sort", "feedback-partly", "summary"])
def test_dark_scheme_is_dark(page, site, page_type):
    PAGE_TYPES[page_type](page, site)
    for scheme, dark in (("dark", True), ("light", False)):
        page.emulate_media(color_scheme=scheme)
        colors = page.evaluate("""() => ['body', 'main h1', '.site-header', 'footer']
            .map(s => getComputedStyle(document.querySelector(s)))
            .map(c => [c.backgroundColor, c.color])""")
        body_back, body_text = colors[0]
        assert (luminance(body_back) < 0.05) == dark and (luminance(body_text) > 0.5) == dark, (scheme, colors)
        # The header and footer surfaces follow the scheme too, not only the page background.
        assert all((luminance(back) < 0.1) == dark for back, _ in colors[2:]), (scheme, colors)


def test_reduced_motion_turns_off_transitions(page, site):
    PAGE_TYPES["question-single"](page, site)
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(MOVING), "expected some transitions when motion is welcome"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(MOVING) == []


def test_forced_colors_keep_focus_and_selection_visible(page, site):
    PAGE_TYPES["question-single"](page, site)
    page.emulate_media(forced_colors="active")
    first = tab_to(page, lambda f: f["name"] == "choice")
    assert not focus_problems(first)
    page.keyboard.press("Space")
    settle(page)
    borders = page.locator(".choice").evaluate_all(
        "choices => choices.map(c => [c.querySelector('input').checked, getComputedStyle(c).borderTopColor,"
        " parseFloat(getComputedStyle(c).borderTopWidth)])")
    picked = {color for checked, color, _ in borders if checked}
    others = {color for checked, color, _ in borders if not checked}
    assert len(picked) == 1 and not picked & others, f"chosen answer not marked out: {borders}"
    assert all(width >= 2 for *_, width in borders)
    button = tab_to(page, lambda f: f["text"] == "Check my answer")
    assert not focus_problems(button)


def test_focus_check_can_fail(page, site):
    """A focus style removed by a page is caught."""
    PAGE_TYPES["home"](page, site)
    page.keyboard.press("Tab")
    page.evaluate("() => { document.activeElement.style.outline = 'none';"
                  " document.activeElement.style.boxShadow = 'none'; }")
    assert focus_problems(focused(page))


@pytest.mark.parametrize("page_type", ["presenter-cover", "presenter-answer"])
def test_slides_stay_light_on_a_laptop_in_dark_mode(page, site, page_type):
    """The room sees the slides, not the presenter's settings: dark slides wash out in a lit room."""
    page.emulate_media(color_scheme="dark")
    PAGE_TYPES[page_type](page, site)
    colors = page.evaluate("""() => ['body', 'main h1', '.notice']
        .map(s => getComputedStyle(document.querySelector(s)))
        .map(c => [c.backgroundColor, c.color])""")
    assert luminance(colors[0][0]) > 0.8 and luminance(colors[1][1]) < 0.1, colors
    assert luminance(colors[2][0]) > 0.8, colors  # the notice too
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "light"
