"""Wording that bank text must never use: diagnosis, advice and odds.

The app teaches about fictional people; it never tells the reader what they
have, what to do, or how likely anything is. Each pattern names the rule it
enforces so an author knows what to change.
"""

from __future__ import annotations

import re

FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"\byou(?:'ve| have| may have| might have| could have| probably have| likely have)\b",
     "second-person diagnosis"),
    (r"\b(?:do|did|have) you (?:have|had|get|feel|notice)\b", "asks about the reader's own symptoms"),
    (r"\bare you\b", "asks about the reader"),
    # Bank text is about fictional people; "your" may only point the reader to their care team.
    (r"\byour (?!(?:own )?(?:care team|health care provider|answers?)\b)\w+", "speaks about the reader's own health"),
    (r"\byou (?:should|must|need to|ought to|have to)\b", "treatment advice"),
    (r"\b(?:take|stop|start|try|ask for) (?:this|these|an?|the) (?:medicine|drug|treatment)s? (?:now|today)\b",
     "treatment advice"),
    (r"\d\s*(?:%|per ?cent)|\bper ?cent(?:age)?\b", "odds or percentages"),
    (r"\b(?:odds|likelihood|chances?\s+(?:of|that|to)|risk of|at (?:high |low |some )?risk)\b", "odds"),
    (r"\b(?:survival|survive[sd]?|life expectancy|prognosis|cured?|cures)\b", "outcome or odds"),
)

_COMPILED = tuple((re.compile(pattern, re.IGNORECASE), rule) for pattern, rule in FORBIDDEN)


# Phones type curly apostrophes: "you’ve" must be caught like "you've". One character for one,
# so a match in the plain text points at the same place in the original.
_PLAIN = str.maketrans("’‘ʼ", "'" * 3)


def forbidden_phrases(text: str) -> list[tuple[str, str]]:
    """Return (rule, phrase) for each rule that text breaks, with the first phrase that breaks it."""
    plain = text.translate(_PLAIN)
    return [(rule, text[match.start():match.end()])
            for pattern, rule in _COMPILED for match in [pattern.search(plain)] if match]


def forbidden_wording(text: str) -> list[str]:
    """Return one message for authors per forbidden phrase found in text."""
    return [f"diagnostic or advice wording is not allowed ({rule}): '{phrase}'" for rule, phrase in forbidden_phrases(text)]
