"""axe-core finds no WCAG 2.2 A/AA violation on any page, on a phone and a desktop, light and dark."""

from __future__ import annotations

import pytest
from harness import DESKTOP, PHONE, axe_version, axe_violations
from page_types import PAGE_TYPES

VIEWS = {"phone 360x740": PHONE, "desktop 1280x800": DESKTOP}
SCHEMES = ("light", "dark")


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_axe_violations(page, site, axe, noted, page_type):
    PAGE_TYPES[page_type](page, site)
    found: dict[str, list[str]] = {}
    for view, size in VIEWS.items():
        page.set_viewport_size(size)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found[f"{view} {scheme}"] = axe_violations(page, axe)
    noted(f"axe-core {axe_version()} violations, summed over {', '.join(found)}", page_type,
          sum(len(violations) for violations in found.values()))
    problems = [f"{view}: {v}" for view, violations in found.items() for v in violations]
    assert not problems, "\n".join(problems)


def test_axe_reports_a_real_violation(page, site, axe):
    """The check can fail: an image without alt text, added to a page, is reported."""
    PAGE_TYPES["home"](page, site)
    page.locator("main h1").evaluate("h1 => h1.append(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in axe_violations(page, axe))
