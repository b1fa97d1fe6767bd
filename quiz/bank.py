"""Question banks: loading the content files, checking every rule, and the library the app serves.

Loading reports every problem at once (see problems.py), so an author can fix a bank in one pass.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, StrictInt

from . import readability
from .problems import (BANK_ITEM, NOT_A_TABLE, SLUG, SOURCE_ID, TABLE, BankError, Problem, display_path,
                       load_checked, parse_model, read_toml)
from .care_team import CARE_TEAM_FILE, CareList, CareTeam, care_team_problems
from .glossary import GLOSSARY_FILE, Glossary, Term, glossary_problems
from .questions import MAX_SLUG, QUESTION_TYPES, Question, Slug, Strict, repeated, text
from .safety import forbidden_wording

if TYPE_CHECKING:
    from .sets import QuestionSet

SOURCES_FILE = "sources.toml"
TOPICS_FILE = "topics.toml"
# Files in the questions folder that are not banks. The glossary and care-team files
# are optional, so older questions folders keep working; when present they are checked.
REFERENCE_FILES = (SOURCES_FILE, TOPICS_FILE, GLOSSARY_FILE, CARE_TEAM_FILE)
SECONDS_PER_QUESTION = 45


class Source(Strict):
    """A source document the facts come from (sources.toml)."""

    id: str = Field(pattern=f"^{SOURCE_ID}$")
    title: text(160)
    short: text(40)  # the title where space is tight (the glossary cites it on every entry)
    date: datetime.date
    about: text(300)


class Fact(Strict):
    """One checked fact, with the sources that state it; questions cite facts by id."""

    id: Slug
    sources: tuple[str, ...] = Field(min_length=1)
    text: text(400)


class SourcesFile(Strict):
    """sources.toml: the sources and the facts drawn from them."""

    sources: tuple[Source, ...] = Field(min_length=1)
    facts: tuple[Fact, ...] = Field(min_length=1)


class Topic(Strict):
    """A topic questions are tagged with (topics.toml), with the label readers see."""

    id: Slug
    label: text(60)


class TopicsFile(Strict):
    """topics.toml: every topic a question may be tagged with."""

    topics: tuple[Topic, ...] = Field(min_length=1)


class BankHeader(Strict):
    """A bank file's own fields: title, description and its place in the list of quizzes."""

    title: text(80)
    description: text(160)
    order: StrictInt = 100


def minutes_for(questions: tuple[Question, ...]) -> int:
    """Return an estimate, in whole minutes rounded up, of the time some questions take."""
    return math.ceil(len(questions) * SECONDS_PER_QUESTION / 60)


@dataclass(frozen=True)
class Bank:
    """A titled, ordered list of questions loaded from one file."""

    id: str
    title: str
    description: str
    order: int
    questions: tuple[Question, ...]
    version: str
    path: str
    is_set: ClassVar[bool] = False  # a bank, not a custom set (sets.QuestionSet)

    @property
    def key(self) -> str:
        """Return the key quizzes of this bank are known by in URLs and the session."""
        return self.id

    @property
    def minutes(self) -> int:
        """Return an estimate of the minutes the bank takes."""
        return minutes_for(self.questions)

    def mean_grade(self) -> float:
        """Return the mean reading grade of the bank's stems and explanations."""
        return mean(readability.grade(q.stem, q.explanation) for q in self.questions)


@dataclass
class Library:
    """Everything loaded from the questions folder, indexed for the views."""

    banks: dict[str, Bank]
    sources: dict[str, Source]
    facts: dict[str, Fact]
    topics: dict[str, Topic]
    questions: dict[str, Question] = field(default_factory=dict)
    bank_of: dict[str, str] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    care_team: CareTeam = field(default_factory=CareTeam)

    def index(self) -> None:
        """Index every question by id, remembering its bank."""
        for bank in self.banks.values():
            for q in bank.questions:
                self.questions[q.id] = q
                self.bank_of[q.id] = bank.id

    def quiz(self, key: str) -> Bank | QuestionSet | None:
        """Return the quiz a URL key names (a bank, or a custom set whose key starts with "~"), or None."""
        from . import sets  # sets are built from a Library, so that module imports this one

        if not sets.is_set_key(key):
            return self.banks.get(key)
        try:
            return sets.open_set(key, self)
        except sets.SetError:
            return None

    def ordered(self) -> list[Bank]:
        """Return the banks in home-page order."""
        return sorted(self.banks.values(), key=lambda b: (b.order, b.title))

    def sources_for(self, question: Question | Term) -> list[Source]:
        """Return the sources behind the facts a question or glossary term cites, in citation order."""
        ids = dict.fromkeys(s for f in question.facts for s in self.facts[f].sources)
        return [self.sources[i] for i in ids]


def parse_question(raw: object, position: int, file: str, problems: list[Problem]) -> Question | None:
    """Validate one raw question table into its type's model, recording problems."""
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"questions[{position}]", TABLE, NOT_A_TABLE))
        return None
    item = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"questions[{position}]"
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        known = ", ".join(QUESTION_TYPES)
        problems.append(Problem(file, item, "type", f"unknown question type {kind!r} (known: {known})"))
        return None
    return parse_model(QUESTION_TYPES[kind], raw, file, item, problems)


def _question_problems(q: Question, lib: Library, file: str) -> Iterator[Problem]:
    for name, message in q.problems():
        yield Problem(file, q.id, name, message)
    for fact in q.facts:
        if fact not in lib.facts:
            yield Problem(file, q.id, "facts", f"unknown fact id '{fact}' (see {SOURCES_FILE})")
    for tag in q.tags:
        if tag not in lib.topics:
            yield Problem(file, q.id, "tags", f"unknown topic '{tag}' (see {TOPICS_FILE})")
    sentences = len(re.findall(r"[.!?]+(?=\s|$)", q.explanation))
    if not 2 <= sentences <= 4:
        yield Problem(file, q.id, "explanation", f"needs 2 to 4 sentences (found {sentences})")
    for name, value in q.texts():
        for message in forbidden_wording(value):
            yield Problem(file, q.id, name, message)
    for message in readability.too_hard(q.stem, q.explanation, *q.feedback_lines()):
        yield Problem(file, q.id, "reading-grade", message)


def load_bank(path: Path, lib: Library, problems: list[Problem]) -> Bank | None:
    """Load and check one bank file against the library's facts and topics."""
    file = display_path(path)
    data = read_toml(path, problems)
    if data is None:
        return None
    if not re.fullmatch(SLUG, path.stem) or len(path.stem) > MAX_SLUG:  # the file name is the bank's id
        problems.append(Problem(file, BANK_ITEM, "file name", f"must be lowercase letters, digits and single hyphens "
                                f"(up to {MAX_SLUG}) before .toml: it is the bank's web address"))
    raw_questions = data.pop("questions", None)
    header = parse_model(BankHeader, data, file, BANK_ITEM, problems)
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(Problem(file, BANK_ITEM, "questions", "needs at least one [[questions]] table"))
        raw_questions = []
    if header:
        for name, value in (("title", header.title), ("description", header.description)):
            problems.extend(Problem(file, BANK_ITEM, name, m) for m in forbidden_wording(value))
        # The home page's card: read before any question, by everyone.
        problems.extend(Problem(file, BANK_ITEM, "description", m) for m in readability.too_hard(header.description))
    before = len(problems)
    questions = [parse_question(raw, i, file, problems) for i, raw in enumerate(raw_questions)]
    for q in filter(None, questions):
        problems.extend(_question_problems(q, lib, file))
    ids = (q.get("id") for q in raw_questions if isinstance(q, dict))
    for dup in repeated(i for i in ids if isinstance(i, str)):
        problems.append(Problem(file, dup, "id", "question id is used more than once in this file"))
    if header is None or len(problems) > before or None in questions or not questions:
        return None
    # Saved answers are positions, so they last as long as the questions' shapes: a reworded text keeps them.
    shapes = json.dumps([q.shape() for q in questions], sort_keys=True).encode()
    digest = hashlib.sha256(shapes).hexdigest()[:10]
    bank = Bank(path.stem, header.title, header.description, header.order, tuple(questions), digest, file)
    grade = bank.mean_grade()
    if grade > readability.MAX_BANK_MEAN:
        problems.append(Problem(file, BANK_ITEM, "reading-grade",
                                f"mean reading grade of stems and explanations is {grade:.1f}; "
                                f"at most {readability.MAX_BANK_MEAN:.1f} is allowed"))
        return None
    return bank


def _load_reference(folder: Path, problems: list[Problem]) -> Library:
    sources_path, topics_path = folder / SOURCES_FILE, folder / TOPICS_FILE
    sources = parse_model(SourcesFile, read_toml(sources_path, problems) or {}, display_path(sources_path),
                           BANK_ITEM, problems)
    topics = parse_model(TopicsFile, read_toml(topics_path, problems) or {}, display_path(topics_path),
                          BANK_ITEM, problems)
    lib = Library(
        banks={},
        sources={s.id: s for s in sources.sources} if sources else {},
        facts={f.id: f for f in sources.facts} if sources else {},
        topics={t.id: t for t in topics.topics} if topics else {},
    )
    for fact in lib.facts.values():
        for source in fact.sources:
            if source not in lib.sources:
                problems.append(Problem(display_path(sources_path), fact.id, "sources", f"unknown source '{source}'"))
    return lib


def bank_files(folder: Path) -> list[Path]:
    """Return the bank files in a questions folder (every .toml but the reference files)."""
    return sorted(p for p in folder.glob("*.toml") if p.name not in REFERENCE_FILES)


def _load_extras(folder: Path, lib: Library, problems: list[Problem]) -> None:
    """Load and check the glossary and care-team files, when the folder has them."""
    terms = load_checked(folder / GLOSSARY_FILE, Term, "terms", "id",
                          lambda valid: glossary_problems(valid, lib.facts, SOURCES_FILE), problems)
    lists = load_checked(folder / CARE_TEAM_FILE, CareList, "lists", "topic",
                          lambda valid: care_team_problems(valid, list(lib.topics), TOPICS_FILE), problems)
    lib.glossary = Glossary(terms) if terms else lib.glossary
    lib.care_team = CareTeam.from_lists(lists) if lists else lib.care_team


def load_library(folder: Path, files: Iterable[Path] | None = None) -> Library:
    """Load the reference files and the banks (all in folder, or just files); raise BankError on any problem."""
    problems: list[Problem] = []
    lib = _load_reference(folder, problems)
    _load_extras(folder, lib, problems)
    # Reference files named on the command line are checked above, not as banks.
    paths = [p for p in (bank_files(folder) if files is None else files) if p.name not in REFERENCE_FILES]
    if not paths:
        problems.append(Problem(display_path(folder), BANK_ITEM, "(folder)", "has no bank files"))
    seen: dict[str, str] = {}
    for path in paths:
        bank = load_bank(path, lib, problems)
        if bank is None:
            continue
        for q in bank.questions:
            if q.id in seen:
                problems.append(Problem(bank.path, q.id, "id", f"question id is also used in {seen[q.id]}"))
            seen.setdefault(q.id, bank.path)
        lib.banks[bank.id] = bank
    if problems:
        raise BankError(problems)
    lib.index()
    return lib
