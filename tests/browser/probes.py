"""Measurements taken inside the page: overflow, clipping, target sizes, focus styles, colours."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page

# A short CSS path for messages, e.g. "main > div.wrap > ul.card-list".
_DESCRIBE = """
const describe = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
    parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
                  (e.classList.length ? "." + [...e.classList].join(".") : ""));
  }
  return parts.join(" > ");
};
// Not drawn: visually hidden, display none, visibility hidden, or inside a closed <details>.
const hidden = (el) => !!el.closest(".visually-hidden") || !el.checkVisibility({visibilityProperty: true});
"""

OVERFLOW_JS = "() => {" + _DESCRIBE + """
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll("*")].filter(el => !hidden(el)
      && el.getBoundingClientRect().right > width + 1).map(describe);
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

CLIPPED_JS = "() => {" + _DESCRIBE + """
  // Content larger than its box: either cut off (overflow not visible) or spilling over
  // neighbours (a box with its own text whose text no longer fits).
  const ownText = (el) => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  // A named region the keyboard can reach that scrolls sideways on purpose (a wide table on a
  // phone) shows all of its content, a scroll away.
  const scrolls = (el, style) => ["auto", "scroll"].includes(style.overflowX) && el.tabIndex >= 0
      && el.getAttribute("role") === "region" && (el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby"));
  return [...document.body.querySelectorAll("*")].filter(el => {
    if (hidden(el) || el.clientHeight === 0) return false;
    const style = getComputedStyle(el);
    const over = el.scrollHeight > el.clientHeight + 1 || (el.scrollWidth > el.clientWidth + 1 && !scrolls(el, style));
    const cut = style.overflowX !== "visible" || style.overflowY !== "visible";
    return over && (cut || ownText(el));
  }).map(el => `${describe(el)} (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
}"""

TARGETS_JS = "() => {" + _DESCRIBE + """
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  const targets = [...document.querySelectorAll(selector)].filter(el => !hidden(el));
  const boxes = targets.map(el => el.getBoundingClientRect());
  const small = (r) => r.width < 24 || r.height < 24;
  // WCAG 2.5.8 exception: a link inside a sentence is sized by the text around it.
  const inSentence = (el) => getComputedStyle(el).display === "inline"
      && el.parentElement.textContent.trim().length > el.textContent.trim().length;
  // WCAG 2.5.8 spacing exception: a 24 px circle on an undersized target's centre touches no other
  // target, nor the circle on another undersized target.
  const centre = (r) => [r.x + r.width / 2, r.y + r.height / 2];
  const gap = (r, s) => {
    const [cx, cy] = centre(r);
    return Math.hypot(Math.max(s.left - cx, 0, cx - s.right), Math.max(s.top - cy, 0, cy - s.bottom));
  };
  const crowded = (r, s) => gap(r, s) < 12 || (small(s) && Math.hypot(...centre(r).map((c, k) => c - centre(s)[k])) < 24);
  return targets.map((el, i) => ({el, r: boxes[i], i})).filter(({el, r, i}) => small(r) && !inSentence(el)
      && boxes.some((s, j) => j !== i && crowded(r, s)))
    .map(({el, r}) => `${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
}"""

FOCUS_JS = "() => {" + _DESCRIBE + """
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  // An outline drawn outside the element is seen against what is behind the element.
  let back = "rgba(0, 0, 0, 0)";
  const from = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
  for (let e = from; e && back.endsWith(", 0)"); e = e.parentElement) back = getComputedStyle(e).backgroundColor;
  const r = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].textContent : el.textContent;
  return {
    where: describe(el), tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "",
    type: el.type || "", checked: !!el.checked, text: label.replace(/\\s+/g, " ").trim(),
    visible: el.matches(":focus-visible"), outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
    shadow: style.boxShadow, background: back,
    onScreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}"""

SPLIT_WORDS_JS = """(selector) => {
  // A word whose text spans more than one line box was broken inside.
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def horizontal_overflow(page: Page) -> list[str]:
    """Return why the page scrolls sideways at its current width (empty if it does not)."""
    found = page.evaluate(OVERFLOW_JS)
    if found["scroll"] <= found["width"]:
        return []
    return [f"page is {found['scroll']} px wide in a {found['width']} px viewport"] + found["wide"]


def clipped(page: Page) -> list[str]:
    """Return elements whose content no longer fits their box."""
    return page.evaluate(CLIPPED_JS)


def split_words(page: Page, selector: str) -> list[str]:
    """Return the words inside elements matching a selector that are broken across lines."""
    return page.evaluate(SPLIT_WORDS_JS, selector)


def small_targets(page: Page) -> list[str]:
    """Return pointer targets under 24×24 px that no WCAG 2.5.8 exception covers."""
    return page.evaluate(TARGETS_JS)


def focused(page: Page) -> dict | None:
    """Return what has keyboard focus and how its focus indicator is drawn."""
    return page.evaluate(FOCUS_JS)


def rgb(color: str) -> tuple[float, float, float]:
    """Parse a computed CSS colour ("rgb(1, 2, 3)" or "rgba(…)") to 0–255 channels."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", color)[:3]]
    assert len(numbers) == 3, f"not an rgb colour: {color}"
    return numbers[0], numbers[1], numbers[2]


def luminance(color: str) -> float:
    """Return a colour's WCAG relative luminance."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_problems(info: dict | None) -> list[str]:
    """Return why a focused element's indicator is missing, default-only, faint or off screen."""
    if info is None:
        return ["nothing has focus"]
    problems = []
    ring = info["outlineStyle"] not in ("none", "auto") and info["outlineWidth"] >= 2
    if not info["visible"]:
        problems.append("does not match :focus-visible")
    if not (ring or info["shadow"] != "none"):
        problems.append(f"no author focus style (outline {info['outlineStyle']} {info['outlineWidth']}px)")
    elif ring and contrast(info["outlineColor"], info["background"]) < 3:
        problems.append(f"outline {info['outlineColor']} on {info['background']} is under 3:1")
    if not info["onScreen"]:
        problems.append("is off screen")
    return [f"{info['where']}: {p}" for p in problems]


def tab_to(page: Page, wanted: Callable[[dict], bool], limit: int = 80) -> dict:
    """Press Tab until focus reaches what `wanted` accepts; every stop on the way must show focus."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        problems = focus_problems(info)
        assert not problems, "focus not visible: " + "; ".join(problems)
        stops.append(info["where"])
        if wanted(info):
            return info
    raise AssertionError(f"Tab never reached the target; stopped at {stops}")
