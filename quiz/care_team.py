"""Questions a reader could ask their own care team, keyed by topic, and which topics to show.

Pure domain code, no Flask. This content is the one place that speaks in the
reader's voice ("Does my tumor make extra hormones?"): it prepares a talk with
the care team. So it may say "my", but it must only ask: never an answer, never
a number or odds. The app suggests conversations; the care team answers them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from . import readability
from .questions import Question, Slug, Strict
from .safety import forbidden_phrases

CARE_TEAM_FILE = "care-team.toml"
GENERAL = "general"
MAX_PER_TOPIC, MAX_GENERAL, MAX_LENGTH = 4, 6, 160

# From the bank rules, only those about odds, outcomes and advice apply here: the
# others guard against speaking about the reader, which these questions do on purpose.
_RULES = {"odds or percentages", "odds", "outcome or odds", "treatment advice"}
# A sentence ending before the last one means the entry states something: an answer.
_INNER_SENTENCE_END = re.compile(r"[.!?](?=\s)")

Problems = Iterator[tuple[str, str, str]]


class CareList(Strict):
    """The questions suggested for one topic, or for any visit ("general")."""

    topic: Slug
    # Checked one by one in care_team_problems, so a bad entry is named, not its whole list lost.
    questions: tuple[str, ...]


@dataclass(frozen=True)
class CareTeam:
    """The general questions, and the questions for each topic."""

    general: tuple[str, ...] = ()
    by_topic: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_lists(cls, lists: Iterable[CareList]) -> CareTeam:
        """Return the questions of a checked care-team file."""
        by_topic = {entry.topic: entry.questions for entry in lists}
        general = by_topic.pop(GENERAL, ())
        return cls(general, by_topic)


def question_problems(value: str) -> list[str]:
    """Return what is wrong with one suggested question, if anything."""
    if not value.strip():
        return ["must not be empty"]
    found = [f"is too long ({len(value)} characters; at most {MAX_LENGTH})"] if len(value) > MAX_LENGTH else []
    if not value.endswith("?"):
        found.append('must be a question ending with "?"')
    if _INNER_SENTENCE_END.search(value):
        found.append("must be one question only, with no statement or answer before it")
    if re.search(r"\d", value):
        found.append("must not contain numbers: figures and odds come from the care team, not this page")
    found += [f"odds, outcome or advice wording is not allowed ({rule}): '{phrase}'"
              for rule, phrase in forbidden_phrases(value) if rule in _RULES]
    return found


def care_team_problems(lists: Sequence[CareList], topics: Sequence[str], topics_file: str) -> Problems:
    """Yield (topic, field, message) for every rule the lists of a care-team file break."""
    seen: set[str] = set()
    for entry in lists:
        if entry.topic in seen:
            yield entry.topic, "topic", "this topic has more than one list"
        seen.add(entry.topic)
        if entry.topic != GENERAL and entry.topic not in topics:
            yield entry.topic, "topic", f"unknown topic '{entry.topic}' (see {topics_file}, or use '{GENERAL}')"
        most = MAX_GENERAL if entry.topic == GENERAL else MAX_PER_TOPIC
        if not 2 <= len(entry.questions) <= most:
            yield entry.topic, "questions", f"needs 2 to {most} questions (found {len(entry.questions)})"
        for position, value in enumerate(entry.questions):
            for message in question_problems(value):
                yield entry.topic, f"questions[{position}]", message
            if value in entry.questions[:position]:
                yield entry.topic, f"questions[{position}]", "is listed twice"
        for message in readability.too_hard(*entry.questions):
            yield entry.topic, "reading-grade", message
    for topic in (GENERAL, *topics):
        if topic not in seen:
            yield topic, "topic", "has no valid list of questions; every topic needs one, and so does 'general'"


def hardest_topics(questions: Iterable[Question], order: Sequence[str]) -> list[tuple[str, int]]:
    """Return (topic, count) for the topics of the questions a reader found hard, most first.

    Ties keep the order of the topics file, which runs from basics to treatment.
    """
    counts = Counter(tag for question in questions for tag in question.tags)
    rank = {topic: i for i, topic in enumerate(order)}
    return sorted(counts.items(), key=lambda item: (-item[1], rank.get(item[0], len(rank))))
