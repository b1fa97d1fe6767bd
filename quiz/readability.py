"""Reading grade of bank text: each question at most grade 10, each bank at most grade 8 on average."""

from __future__ import annotations

import textstat

MAX_BANK_MEAN = 8.0
MAX_QUESTION = 10.0


def grade(*parts: str) -> float:
    """Return the Flesch-Kincaid grade of the parts read as one text."""
    return float(textstat.flesch_kincaid_grade(" ".join(parts)))
