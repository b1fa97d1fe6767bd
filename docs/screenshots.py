"""Take the README's screenshots of the main screens, at phone and desktop size.

Run from the repository root (after `bash tests/run.sh` has installed Chromium and the venv):

    .venv/bin/python docs/screenshots.py

It starts the app on the bundled banks in its own process, drives Debian's Chromium through
the same page steps as the browser tests (tests/browser/page_types.py), and writes
docs/screenshots/<screen>-<size>.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from harness import DESKTOP, PHONE, QUESTIONS, launch, open_context, serve  # noqa: E402
from page_types import PAGE_TYPES  # noqa: E402
from quiz_site import Site  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from quiz.bank import load_library  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": PHONE, "desktop": DESKTOP}


def pick_second_choice(page: Page) -> None:
    """Tick an answer, so the picture shows how a chosen answer looks."""
    page.locator("input[name=choice]").nth(1).check()


# file name: (page type, colour scheme, sizes, a last step before the picture)
SHOTS = {
    "home": ("home", "light", SIZES, None),
    "question": ("question-single", "light", SIZES, pick_second_choice),
    "feedback": ("feedback-partly", "light", SIZES, None),
    "summary": ("summary", "light", SIZES, None),
    "question-dark": ("question-sort", "dark", {"phone": PHONE}, None),
    "presenter": ("presenter-answer", "light", {"desktop": DESKTOP}, None),
}


def take(page: Page, site: Site, name: str) -> list[Path]:
    """Take one screen's pictures; return the files written."""
    page_type, scheme, sizes, last_step = SHOTS[name]
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    PAGE_TYPES[page_type](page, site)
    if last_step:
        last_step(page)
    written = []
    for size_name, size in sizes.items():
        page.set_viewport_size(size)
        # Start at the top, as a reader arriving does (site.js may have moved focus and scrolled).
        page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
        path = OUT / f"{name}-{size_name}.png"
        page.screenshot(path=path, animations="disabled")
        written.append(path)
    return written


def main() -> None:
    """Serve the app, take every screenshot, and list the files."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, serve(QUESTIONS, Path(tmp) / "server.log") as url:
        site = Site(url, load_library(QUESTIONS))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            context, _ = open_context(browser, url)
            page = context.new_page()
            for name in SHOTS:
                for path in take(page, site, name):
                    print(path.relative_to(ROOT))
            browser.close()


if __name__ == "__main__":
    main()
