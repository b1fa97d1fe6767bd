"""Custom question sets that clinic staff share as a link: the set lives in its URL key.

A set key is one URL path segment, ``~<name>~<seed>.<ids>``, for example
``~Tuesday_class~0.basics-01.04.07.dx-02.05``:

* ``~`` first, which bank ids (lowercase slugs) never contain, so a set key can never
  name a bank;
* the name, with spaces written as ``_`` (names never hold ``_`` or ``~``);
* the order: ``0`` keeps the listed order, any other number is a shuffle seed, and the
  same seed always gives the same order (on every Python version: no ``random``);
* the question ids joined by ``.``; an id that shares the previous one's ``head-`` and
  ends in digits is written as those digits only, so ten ids cost about forty characters.

Nothing is stored on the server. A key that is not exactly what ``make_key`` writes
(unknown or repeated ids, a bad seed or name, too long, too many questions) is refused,
so each set has one URL and a changed link cannot quietly open a different set.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import quote

from .bank import Bank, Library, Topic, minutes_for
from .problems import SLUG
from .questions import Question
from .safety import CONTACT_RULES, forbidden_phrases

MARK = "~"
# Ten of the longest questions make a summary page just under the 30 KB page budget.
MAX_QUESTIONS = 10
ORDERS = ("listed", "shuffled")  # the builder's choices: as listed in the banks, or shuffled
MAX_NAME = 60
MAX_SEED = 99_999
# Keeps the link short enough for a QR code a phone reads from the back of a room. Counted
# as the link is sent (see link_length): a letter outside ASCII takes 6 to 12 characters.
MAX_KEY = 400
DEFAULT_NAME = "Class questions"

_SLUG = re.compile(SLUG)
# Besides letters (with their accents and vowel signs, in any script) and digits: spaces and
# a little punctuation, all readable in a URL.
_NAME_PUNCTUATION = frozenset(" .,'’:!?&()+-")


class SetError(ValueError):
    """Raised when builder input or a set key cannot make a set; the message is for the reader.

    `field` names the builder's field the message is about ("name", "order" or "questions").
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class QuestionSet:
    """A named, ordered choice of questions from any banks, known by its URL key."""

    is_set: ClassVar[bool] = True

    key: str
    title: str
    description: str
    questions: tuple[Question, ...]
    version: str

    @property
    def minutes(self) -> int:
        """Return an estimate of the minutes the set takes."""
        return minutes_for(self.questions)


@dataclass(frozen=True)
class TopicGroup:
    """The questions of one bank whose first tag is one topic."""

    topic: Topic
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class BankGroup:
    """One bank's questions, grouped by topic, as the set builder lists them."""

    bank: Bank
    topics: tuple[TopicGroup, ...]


def is_set_key(key: str) -> bool:
    """Tell whether a URL key names a custom set rather than a bank."""
    return key.startswith(MARK)


# Characters that show nothing (Unicode's "default ignorable" ones, such as a Hangul filler that
# counts as a letter): left out of a name, so the wording check reads what a reader sees, and no
# name looks empty.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                        "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
# Accents (non-spacing marks) on one character: enough for any language, too few to pile marks
# over the page. Spacing vowel signs (as in Burmese or Hindi) are part of the letters and not counted.
MAX_MARKS = 3


def _name_characters(text: str) -> str:
    """Keep letters, digits, the allowed punctuation and up to MAX_MARKS accents on each; the rest become spaces."""
    out, marks = [], MAX_MARKS
    for ch in _INVISIBLE.sub("", text):
        category = unicodedata.category(ch)
        if category.startswith("M"):
            marks += category != "Mc"
            out.append(ch if marks <= MAX_MARKS else "")
        else:
            marks = 0 if ch.isalnum() else MAX_MARKS  # an accent belongs on a letter or digit
            out.append(ch if ch.isalnum() or ch in _NAME_PUNCTUATION else " ")
    return "".join(out)


def clean_name(raw: str) -> str:
    """Return a set name fit for a URL: allowed characters only, single spaces, at most MAX_NAME long.

    Empty unless it has a letter or a digit: "!!!" names nothing.
    """
    kept = _name_characters(unicodedata.normalize("NFC", raw))
    name = " ".join(kept.split())[:MAX_NAME].strip()
    return name if any(ch.isalnum() for ch in name) else ""


def left_out(raw: str, name: str) -> bool:
    """Tell whether clean_name dropped marks from raw or cut it short, not just tidied its spacing."""
    return name != " ".join(unicodedata.normalize("NFC", raw).split())


def encode_ids(ids: Sequence[str]) -> str:
    """Return question ids joined by dots, writing only the digits of ids that share the previous head."""
    tokens, head = [], None
    for qid in ids:
        prefix, dash, tail = qid.rpartition("-")
        if dash and prefix == head and tail.isdigit():
            tokens.append(tail)
        elif not dash and qid.isdigit() and head is not None:
            tokens.append("-" + qid)  # an all-digit id would read as a tail; ids never start with "-"
        else:
            tokens.append(qid)
            head = prefix if dash else head
    return ".".join(tokens)


def decode_ids(text: str) -> list[str]:
    """Return the question ids written by encode_ids; raise SetError on anything it never writes."""
    ids, head = [], None
    for token in text.split("."):
        if token.startswith("-"):
            qid = token[1:]
        elif token.isascii() and token.isdigit() and head is not None:
            qid = f"{head}-{token}"
        else:
            qid = token
            head = token.rpartition("-")[0] if "-" in token else head
        if not _SLUG.fullmatch(qid):
            raise SetError(f"'{token}' is not a question id")
        ids.append(qid)
    return ids


def make_key(name: str, ids: Sequence[str], seed: int) -> str:
    """Return the URL key of a set."""
    return f"{MARK}{name.replace(' ', '_')}{MARK}{seed}.{encode_ids(ids)}"


def link_length(key: str) -> int:
    """Return how long a key is in a link, as a browser sends it and a QR code holds it (percent-encoded)."""
    return len(quote(key, safe="~!$&'()*+,;=:@"))


def parse_key(key: str) -> tuple[str, int, list[str]]:
    """Return (name, seed, ids) from a set key; raise SetError if it is not one make_key would write."""
    if not is_set_key(key) or link_length(key) > MAX_KEY:
        raise SetError("not a set key, or too long")
    name_part, mark, rest = key[1:].rpartition(MARK)
    seed_text, _, ids_text = rest.partition(".")
    if not mark or not (seed_text.isascii() and seed_text.isdigit()) or int(seed_text) > MAX_SEED:
        raise SetError("no name, or a bad seed")
    name, seed, ids = name_part.replace("_", " "), int(seed_text), decode_ids(ids_text)
    if make_key(name, ids, seed) != key or clean_name(name) != name or not name:
        raise SetError("not written the way make_key writes it")
    if forbidden_phrases(name, name=True):
        raise SetError("the name uses wording the quiz never shows")
    if not 1 <= len(ids) <= MAX_QUESTIONS or len(set(ids)) != len(ids):
        raise SetError("too many questions, or repeated ones")
    return name, seed, ids


def play_order(ids: Sequence[str], seed: int) -> list[str]:
    """Return ids in the order a set asks them: as listed for seed 0, else shuffled by the seed."""
    if not seed:
        return list(ids)
    # A hash per id, not random.shuffle: the order must never change with the Python version.
    return sorted(ids, key=lambda qid: hashlib.sha256(f"{seed}:{qid}".encode()).digest())


def open_set(key: str, library: Library) -> QuestionSet:
    """Return the set a key names; raise SetError if the key is malformed or names unknown questions."""
    name, seed, ids = parse_key(key)
    unknown = [qid for qid in ids if qid not in library.questions]
    if unknown:
        raise SetError(f"unknown question ids: {', '.join(unknown)}")
    banks = [library.banks[b] for b in dict.fromkeys(library.bank_of[qid] for qid in ids)]
    # The bank versions change with the shape of their questions, so a saved attempt then starts over.
    version = hashlib.sha256(" ".join([key, *(b.version for b in banks)]).encode()).hexdigest()[:10]
    # Titles may hold commas ("Diagnosis, stage and grade"): quote each so the list still reads.
    titles = [f"“{b.title}”" for b in banks]
    sources = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    quizzes = "quiz" if len(titles) == 1 else "quizzes"
    # The name is whatever the maker of the link typed: say so, beside the quizzes' own titles.
    description = (f"Questions chosen from the {quizzes} {sources}" + (", in a shuffled order" if seed else "")
                   + ". Whoever made this link with “Build a set” chose its name.")
    questions = tuple(library.questions[qid] for qid in play_order(ids, seed))
    return QuestionSet(key, name, description, questions, version)


def catalog(library: Library) -> list[BankGroup]:
    """Return every bank's questions grouped by their first topic, in the order the builder lists them."""
    groups = []
    for bank in library.ordered():
        # Topics in the order the bank first reaches them, so each bank keeps its teaching flow.
        by_topic: dict[str, list[Question]] = {}
        for q in bank.questions:
            by_topic.setdefault(q.tags[0], []).append(q)
        topics = tuple(TopicGroup(library.topics[t], tuple(qs)) for t, qs in by_topic.items())
        groups.append(BankGroup(bank, topics))
    return groups


def listed_order(library: Library) -> dict[str, int]:
    """Return each question id's position in the builder's list."""
    ids = (q.id for group in catalog(library) for topic in group.topics for q in topic.questions)
    return {qid: i for i, qid in enumerate(ids)}


def build(library: Library, name: str, picked: Iterable[str], order: str) -> QuestionSet:
    """Make a set from the builder's form: a name, picked ids, and an order (ORDERS; shuffled by a new seed)."""
    if order not in ORDERS:
        raise SetError("Please choose an order: as listed, or shuffled.", "order")
    name = clean_name(name)
    if not name:
        raise SetError("Please give the set a name, using letters or numbers.", "name")
    if found := forbidden_phrases(name, name=True):
        rule, phrase = found[0]
        # The part of a number or address that matched ("www", "Call 0") would read oddly quoted back.
        why = ("A set's name cannot hold a phone number or a web address." if rule in CONTACT_RULES
               else "This site never talks about a person's own health and never gives advice or odds, "
                    f"so a set's name cannot use “{phrase}”. Name it for what it teaches, such as “Stage and grade”.")
        raise SetError(f"Please choose another name. {why}", "name")
    position = listed_order(library)
    ids = sorted({qid for qid in picked if qid in position}, key=position.__getitem__)
    if not ids:
        raise SetError("Please pick at least one question.", "questions")
    if len(ids) > MAX_QUESTIONS:
        raise SetError(f"Please pick at most {MAX_QUESTIONS} questions. {len(ids)} are picked now.", "questions")
    seed = secrets.randbelow(MAX_SEED) + 1 if order == "shuffled" else 0
    key = make_key(name, ids, seed)
    if link_length(key) > MAX_KEY:
        raise SetError("This set is too long to share as a link. Please pick fewer questions or use a shorter name.",
                       "questions")
    return open_set(key, library)
