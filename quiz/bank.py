"""Question banks: loading TOML files, checking every rule, and the library the app serves.

Loading reports every problem at once, each as ``file:question-id:field: message``
(in the spirit of pre-commit's cfgv), so an author can fix a bank in one pass.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, StrictInt, ValidationError

from . import readability
from .care_team import CARE_TEAM_FILE, CareList, CareTeam, care_team_problems
from .glossary import GLOSSARY_FILE, Glossary, Term, glossary_problems
from .questions import MAX_SLUG, QUESTION_TYPES, SLUG, Question, Slug, Strict, text
from .safety import forbidden_wording

if TYPE_CHECKING:
    from .sets import QuestionSet

SOURCES_FILE = "sources.toml"
TOPICS_FILE = "topics.toml"
# Files in the questions folder that are not banks. The glossary and care-team files
# are optional, so older questions folders keep working; when present they are checked.
REFERENCE_FILES = (SOURCES_FILE, TOPICS_FILE, GLOSSARY_FILE, CARE_TEAM_FILE)
SECONDS_PER_QUESTION = 45
BANK_ITEM = "(bank)"


class Source(Strict):
    id: str = Field(pattern=r"^[A-Z]{1,8}$")
    title: text(160)
    short: text(40)  # the title where space is tight (the glossary cites it on every entry)
    date: datetime.date
    about: text(300)


class Fact(Strict):
    id: Slug
    sources: tuple[str, ...] = Field(min_length=1)
    text: text(400)


class SourcesFile(Strict):
    sources: tuple[Source, ...] = Field(min_length=1)
    facts: tuple[Fact, ...] = Field(min_length=1)


class Topic(Strict):
    id: Slug
    label: text(60)


class TopicsFile(Strict):
    topics: tuple[Topic, ...] = Field(min_length=1)


class BankHeader(Strict):
    title: text(80)
    description: text(160)
    order: StrictInt = 100


@dataclass(frozen=True)
class Problem:
    """One rule broken by one field of one item in one file."""

    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.item}:{self.field}: {self.message}"


class BankError(Exception):
    """Raised when content files break rules; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def minutes_for(questions: tuple[Question, ...]) -> int:
    """Return an estimate, in whole minutes (at least one), of the time some questions take."""
    return max(1, math.ceil(len(questions) * SECONDS_PER_QUESTION / 60))


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


def display_path(path: Path) -> str:
    """Return a path relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_toml(path: Path, problems: list[Problem]) -> dict | None:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        problems.append(Problem(display_path(path), BANK_ITEM, "file", f"cannot be read: {exc.strerror}"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(display_path(path), BANK_ITEM, "file", f"is not valid TOML: {exc}"))
    return None


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_too_short": "must not be empty",
    "too_short": "needs at least {min_length} entries",
    "too_long": "allows at most {max_length} entries",
    "string_pattern_mismatch": "must be lowercase letters, digits and single hyphens",
}


def _field_name(loc: Iterable[str | int]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "(file)"


def _message(error: dict) -> str:
    ctx = error.get("ctx", {})
    if error["type"] == "string_too_long":
        return f"is too long ({len(error['input'])} characters; at most {ctx['max_length']})"
    template = _MESSAGES.get(error["type"])
    return template.format(**ctx) if template else error["msg"]


def _validation_problems(exc: ValidationError, file: str, item: str) -> Iterator[Problem]:
    for error in exc.errors():
        yield Problem(file, item, _field_name(error["loc"]), _message(error))


def _parse_model(model: type[Strict], data: object, file: str, item: str, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, file, item))
        return None


def parse_question(raw: object, position: int, file: str, problems: list[Problem]) -> Question | None:
    """Validate one raw question table into its type's model, recording problems."""
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"questions[{position}]", "(question)", "must be a table"))
        return None
    item = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"questions[{position}]"
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        known = ", ".join(QUESTION_TYPES)
        problems.append(Problem(file, item, "type", f"unknown question type {kind!r} (known: {known})"))
        return None
    return _parse_model(QUESTION_TYPES[kind], raw, file, item, problems)


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
    data = _read_toml(path, problems)
    if data is None:
        return None
    if not re.fullmatch(SLUG, path.stem) or len(path.stem) > MAX_SLUG:  # the file name is the bank's id
        problems.append(Problem(file, BANK_ITEM, "file name", f"must be lowercase letters, digits and single hyphens "
                                f"(up to {MAX_SLUG}) before .toml: it is the bank's web address"))
    raw_questions = data.pop("questions", None)
    header = _parse_model(BankHeader, data, file, BANK_ITEM, problems)
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(Problem(file, BANK_ITEM, "questions", "needs at least one [[questions]] table"))
        raw_questions = []
    for name, value in (("title", header.title), ("description", header.description)) if header else ():
        problems.extend(Problem(file, BANK_ITEM, name, m) for m in forbidden_wording(value))
    before = len(problems)
    questions = [parse_question(raw, i, file, problems) for i, raw in enumerate(raw_questions)]
    for q in filter(None, questions):
        problems.extend(_question_problems(q, lib, file))
    ids = [q.get("id") for q in raw_questions if isinstance(q, dict)]
    for dup in sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1}):
        problems.append(Problem(file, dup, "id", "question id is used more than once in this file"))
    if header is None or len(problems) > before or None in questions or not questions:
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
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
    sources = _parse_model(SourcesFile, _read_toml(sources_path, problems) or {}, display_path(sources_path),
                           BANK_ITEM, problems)
    topics = _parse_model(TopicsFile, _read_toml(topics_path, problems) or {}, display_path(topics_path),
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


def _parse_tables(path: Path, model: type[Strict], table: str, key: str, problems: list[Problem]) -> list | None:
    """Read a file that is one list of [[table]]s, validating each on its own so one broken
    table does not hide the problems of the others; name each by its `key` value when it has one."""
    file, data = display_path(path), _read_toml(path, problems)
    if data is None:
        return None
    problems.extend(Problem(file, BANK_ITEM, name, "is not a known field") for name in sorted(set(data) - {table}))
    raw = data.get(table)
    if not isinstance(raw, list) or not raw:
        problems.append(Problem(file, BANK_ITEM, table, f"needs at least one [[{table}]] table"))
        return None
    entries = []
    for position, entry in enumerate(raw):
        name = entry.get(key) if isinstance(entry, dict) else None
        item = name if isinstance(name, str) and name else f"{table}[{position}]"
        entries.append(_parse_model(model, entry, file, item, problems))
    return entries


def _load_checked(path: Path, model: type[Strict], table: str, key: str, check, problems: list[Problem]):
    """Load an optional file of [[table]]s and run its checks on the valid ones; return them only if all is well."""
    if not path.exists():
        return None
    entries = _parse_tables(path, model, table, key, problems)
    if entries is None:
        return None
    valid = [entry for entry in entries if entry is not None]
    found = [Problem(display_path(path), *p) for p in check(valid)]
    problems.extend(found)
    return valid if len(valid) == len(entries) and not found else None


def _load_extras(folder: Path, lib: Library, problems: list[Problem]) -> None:
    """Load and check the glossary and care-team files, when the folder has them."""
    terms = _load_checked(folder / GLOSSARY_FILE, Term, "terms", "id",
                          lambda valid: glossary_problems(valid, lib.facts, SOURCES_FILE), problems)
    lists = _load_checked(folder / CARE_TEAM_FILE, CareList, "lists", "topic",
                          lambda valid: care_team_problems(valid, list(lib.topics), TOPICS_FILE), problems)
    lib.glossary = Glossary(terms) if terms else lib.glossary
    lib.care_team = CareTeam.from_lists(lists) if lists else lib.care_team


def load_library(folder: Path, files: Iterable[Path] | None = None) -> Library:
    """Load the reference files and the banks (all in folder, or just files); raise BankError on any problem."""
    problems: list[Problem] = []
    lib = _load_reference(folder, problems)
    _load_extras(folder, lib, problems)
    paths = list(files) if files is not None else bank_files(folder)
    if not paths:
        problems.append(Problem(display_path(folder), BANK_ITEM, "(folder)", "has no bank files"))
    seen: dict[str, str] = {}
    # Reference files named on the command line are checked above, not as banks.
    for path in (p for p in paths if p.name not in REFERENCE_FILES):
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
