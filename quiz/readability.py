"""Reading grade of bank text: each question at most grade 10, each bank at most grade 8 on average.

The site's own pages are held to grade 8 too (a test reads each page's sentences together).
"""

from __future__ import annotations

import textstat

MAX_BANK_MEAN = 8.0
MAX_QUESTION = 10.0
MAX_PAGE = 8.0


def grade(*parts: str) -> float:
    """Return the Flesch-Kincaid grade of the parts read as one text."""
    return float(textstat.flesch_kincaid_grade(" ".join(parts)))


def too_hard(*parts: str) -> list[str]:
    """Return the problem with the parts read as one text if it is above MAX_QUESTION, else nothing."""
    level = grade(*parts)
    if level <= MAX_QUESTION:
        return []
    return [f"reading grade {level:.1f} is above {MAX_QUESTION:.1f}; use shorter words and sentences"]
