"""What the session cookie holds about one quiz attempt, and how it changes.

Pure functions over plain data: no Flask. The cookie keeps one attempt for each of the
last few quizzes a reader opened (those with answers first), so opening another quiz never
loses this one. Each attempt holds only the quiz key,
a version of its content, which questions this attempt covers (for a retry of
missed ones), the score of the round those came from (and, from a second retry on, which
questions it missed), and the answers as one string of
digit groups in question order, empty for a question not yet answered ("1,,02"). Anything that does not fit
that shape, or belongs to other content, is treated as no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Protocol

from .questions import Question, Result

KEEP = 6  # attempts kept in the cookie: every bank, and a couple of custom sets


class Quiz(Protocol):
    """A titled sequence of questions: a bank, or a custom set."""

    is_set: ClassVar[bool]
    key: str
    title: str
    description: str
    questions: tuple[Question, ...]
    version: str

    @property
    def minutes(self) -> int: ...


@dataclass(frozen=True)
class Progress:
    """One attempt at a quiz: which questions it covers and the answers so far."""

    key: str
    version: str
    picks: tuple[int, ...] | None = None
    answers: dict[int, str] = field(default_factory=dict)
    # For a round of missed questions: (points, possible) of the full round it came from.
    first: tuple[float, int] | None = None
    # For a second or later round of missed questions: the positions the full round missed (a
    # first round of them covers exactly those, so it needs none).
    missed_first: tuple[int, ...] | None = None

    def positions(self, quiz: Quiz) -> Sequence[int]:
        """Return the quiz positions this attempt covers, in order."""
        return self.picks if self.picks is not None else range(len(quiz.questions))

    def question(self, quiz: Quiz, number: int) -> Question | None:
        """Return question `number` (1-based) of this attempt, or None if out of range."""
        positions = self.positions(quiz)
        return quiz.questions[positions[number - 1]] if 1 <= number <= len(positions) else None

    def length(self, quiz: Quiz) -> int:
        """Return how many questions this attempt has."""
        return len(self.positions(quiz))

    @property
    def missed_round(self) -> bool:
        """Tell whether this attempt is a round of the questions a full round missed."""
        return self.picks is not None

    @property
    def begun(self) -> bool:
        """Tell whether starting afresh would lose something: answers, or a round of missed questions (and its first score)."""
        return bool(self.answers) or self.missed_round


@dataclass(frozen=True)
class Score:
    """Totals for an attempt; partly right questions count their share."""

    points: float
    possible: int
    right: int
    partly: int
    wrong: int
    unanswered: int


def start(quiz: Quiz, picks: Sequence[int] | None = None) -> Progress:
    """Return a fresh attempt at a quiz, optionally covering only some positions."""
    return Progress(quiz.key, quiz.version, tuple(picks) if picks is not None else None)


def retry(progress: Progress, quiz: Quiz) -> Progress | None:
    """Return a round of the questions a finished `progress` missed, keeping the full round's score.

    None if the attempt still has questions to answer (its score is not a full round's yet), or
    if it missed none.
    """
    if next_unanswered(progress, quiz) is not None:
        return None
    rows = results(progress, quiz)
    picks = missed(progress, quiz, rows)
    if not picks:
        return None
    total = score(rows)
    return replace(start(quiz, picks), first=progress.first or (round(total.points, 2), total.possible),
                   missed_first=first_misses(progress))


def first_misses(progress: Progress) -> tuple[int, ...] | None:
    """Return the positions the full round missed, in a round of missed questions; None in a full round."""
    return progress.missed_first if progress.missed_first is not None else progress.picks


def hard_questions(progress: Progress, quiz: Quiz) -> list[Question]:
    """Return the questions the reader found hard.

    In a round of missed questions: every one the full round missed, however it goes this time.
    Else: those answered and not fully right (not yet tried is not hard).
    """
    positions = first_misses(progress)
    if positions is not None:
        return [quiz.questions[p] for p in positions]
    return [q for _, q, _, r in results(progress, quiz) if r is not None and r.status != "right"]


def record(progress: Progress, number: int, answer: str) -> Progress:
    """Return progress with an answer to question `number`; a first answer is never replaced."""
    if number in progress.answers:
        return progress
    return replace(progress, answers={**progress.answers, number: answer})


Row = tuple[int, Question, str | None, Result | None]


def results(progress: Progress, quiz: Quiz) -> list[Row]:
    """Return (number, question, answer, result) for every question of the attempt."""
    rows = []
    for number in range(1, progress.length(quiz) + 1):
        question = progress.question(quiz, number)
        answer = progress.answers.get(number)
        rows.append((number, question, answer, question.score(answer) if answer is not None else None))
    return rows


def score(rows: Sequence[Row]) -> Score:
    """Add up an attempt's results (from `results`, worked out once per request)."""
    scored = [r for *_, r in rows]
    statuses = [r.status if r else None for r in scored]
    points = sum(r.fraction for r in scored if r)
    return Score(points, len(statuses), statuses.count("right"), statuses.count("partly"),
                 statuses.count("wrong"), statuses.count(None))


def missed(progress: Progress, quiz: Quiz, rows: Sequence[Row]) -> list[int]:
    """Return the quiz positions of questions not answered fully right, given the attempt's `results`."""
    positions = progress.positions(quiz)
    return [positions[n - 1] for n, _, _, r in rows if r is None or r.status != "right"]


def next_unanswered(progress: Progress, quiz: Quiz) -> int | None:
    """Return the first question number without an answer, or None when all are answered."""
    return next((n for n in range(1, progress.length(quiz) + 1) if n not in progress.answers), None)


def dump(progress: Progress) -> dict:
    """Return the cookie form of progress: short keys, ids and digits only.

    Answers are joined in question order, so the cookie grows by about one byte per answer
    once compressed, and an attempt at a bank of a thousand questions still fits in it.
    """
    last = max(progress.answers, default=0)
    answers = ",".join(progress.answers.get(number, "") for number in range(1, last + 1))
    data: dict = {"k": progress.key, "v": progress.version, "a": answers}
    if progress.picks is not None:
        data["p"] = list(progress.picks)
    if progress.first is not None:
        data["f"] = list(progress.first)
    if progress.missed_first is not None:
        data["m"] = list(progress.missed_first)
    return data


def attempts(saved: object) -> list[dict]:
    """Return the entries of the cookie's list of attempts that can be read at all (anything else holds none)."""
    if not isinstance(saved, list):
        return []
    return [entry for entry in saved if isinstance(entry, dict) and isinstance(entry.get("k"), str)]


def find(saved: object, quiz: Quiz) -> Progress | None:
    """Return this quiz's attempt from the cookie's list of attempts; None if it has none that is valid."""
    return restore(next((e for e in attempts(saved) if e.get("k") == quiz.key), None), quiz)


def outdated(saved: object, quiz: Quiz) -> bool:
    """Tell whether the cookie holds an attempt at this quiz made before its questions changed (another version)."""
    return any(e.get("k") == quiz.key and e.get("v") != quiz.version for e in attempts(saved))


def holds_work(entry: dict) -> bool:
    """Tell whether losing a stored attempt loses something: answers, or a round of missed questions.

    (A round of missed questions holds its first round's score even before it is answered.)
    """
    return bool(entry.get("a")) or "p" in entry


def keep(saved: object, progress: Progress) -> list[dict]:
    """Return the cookie's list of attempts with this one in it, replacing the quiz's older one.

    Attempts that hold work come first, newest first within each kind. When the list is full,
    the oldest quiz only looked at goes first, so just opening a quiz (say, a link preview)
    never pushes out one with answers; with no such quiz left, the oldest with answers goes.
    """
    entries = [dump(progress), *(e for e in attempts(saved) if e.get("k") != progress.key)]
    entries.sort(key=holds_work, reverse=True)  # stable, so newest first within each kind
    return entries[:KEEP]


def dropped(saved: object, kept: list[dict]) -> list[str]:
    """Return the keys of the quizzes whose answers were in the cookie's list before keep() and are not now."""
    now = {entry["k"] for entry in kept}
    return [e["k"] for e in attempts(saved) if holds_work(e) and e["k"] not in now]


def restore(data: object, quiz: Quiz) -> Progress | None:
    """Rebuild progress for `quiz` from cookie data; None if missing, stale, foreign or malformed."""
    if not isinstance(data, dict) or data.get("k") != quiz.key or data.get("v") != quiz.version:
        return None
    answers, size = data.get("a"), len(quiz.questions)
    if not isinstance(answers, str):
        return None
    try:
        picks, missed_first = _positions(data.get("p"), size), _positions(data.get("m"), size)
    except ValueError:
        return None
    if missed_first is not None and (picks is None or "f" not in data or not set(picks) <= set(missed_first)):
        return None
    if not _valid_first(data.get("f"), picks, size):
        return None
    first = tuple(data["f"]) if data.get("f") is not None else None
    progress = Progress(quiz.key, quiz.version, picks, first=first, missed_first=missed_first)
    slots = answers.split(",") if answers else []
    if len(slots) > progress.length(quiz):
        return None
    parsed = {number: answer for number, answer in enumerate(slots, start=1) if answer}
    if not all(progress.question(quiz, number).is_valid(answer) for number, answer in parsed.items()):
        return None
    return replace(progress, answers=parsed)


def _positions(value: object, size: int) -> tuple[int, ...] | None:
    """Return stored quiz positions as a tuple, or None if absent; raise ValueError unless distinct positions under size."""
    if value is None:
        return None
    if not (isinstance(value, list) and value and all(type(p) is int and 0 <= p < size for p in value)
            and len(set(value)) == len(value)):
        raise ValueError(f"not distinct positions under {size}: {value!r}")
    return tuple(value)


def _valid_first(first: object, picks: tuple[int, ...] | None, size: int) -> bool:
    """Tell whether a stored first-round score is absent, or [points, questions] of a round of missed ones."""
    if first is None:
        return True
    if picks is None or not isinstance(first, list) or len(first) != 2:
        return False
    points, possible = first
    return type(points) in (int, float) and type(possible) is int and possible == size and 0 <= points <= possible
