"""Question types: each type's model, form parsing, scoring and template in one place.

A new type is one class added to ``QUESTION_TYPES``; views and banks never
special-case a type. Answers are stored as short strings of digits (choice
positions, or one category position per sort item) so the session cookie
stays small.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from .problems import SLUG

MAX_SLUG = 40
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG}$", max_length=MAX_SLUG)]
Form = Mapping[str, Sequence[str]]


def text(max_length: int) -> type[str]:
    """Return a stripped, non-empty string type capped at max_length."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)]


class Strict(BaseModel):
    """Base for content models: immutable, and unknown fields are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(Strict):
    """One answer to pick, whether it is correct, and the feedback shown for it."""

    id: Slug
    text: text(200)
    correct: StrictBool = False  # true or false: a quoted "yes" is a mistake, not a yes
    feedback: text(300)


class Category(Strict):
    """A group that a sort question's items go in."""

    id: Slug
    label: text(60)


class SortItem(Strict):
    """One thing to sort, the group it belongs in, and its feedback."""

    id: Slug
    text: text(120)
    category: Slug
    feedback: text(300)


@dataclass(frozen=True)
class Result:
    """How one answer scored: points earned of possible, right picks found, and wrong picks added.

    Each correct choice or sort item is worth one point, so `possible` is also how many there are to find.
    """

    earned: int
    possible: int
    found: int
    extra: int = 0

    @property
    def status(self) -> str:
        """Return "right", "partly" or "wrong": partly only when it earned points, so words and score agree."""
        if self.earned == self.possible and not self.extra:
            return "right"
        return "partly" if self.earned else "wrong"

    @property
    def fraction(self) -> float:
        """Return the share of the points earned, from 0 to 1."""
        return self.earned / self.possible


@dataclass(frozen=True)
class Parsed:
    """A form read into the picks it sent, as the form shows them again (`kept`), and an error if they are no answer."""

    kept: str
    error: str | None = None
    invalid: bool = True  # whether the error is in the picks themselves (not, say, in sending them)

    @property
    def answer(self) -> str | None:
        """Return the answer to record: the picks, unless there is an error."""
        return self.kept if self.error is None else None


class Question(Strict):
    """Fields and checks shared by every question type."""

    kind: ClassVar[str]
    template: ClassVar[str]

    id: Slug
    type: str
    tags: tuple[Slug, ...] = Field(min_length=1, max_length=6)
    facts: tuple[Slug, ...] = Field(min_length=1, max_length=8)
    stem: text(400)
    explanation: text(600)

    def parse(self, form: Form) -> Parsed:
        """Read a submitted form into an answer string, or say what is wrong."""
        raise NotImplementedError

    def score(self, answer: str) -> Result:
        """Score a valid answer string."""
        raise NotImplementedError

    def is_valid(self, answer: object) -> bool:
        """Tell whether a stored answer could have come from parse()."""
        raise NotImplementedError

    def problems(self) -> Iterator[tuple[str, str]]:
        """Yield (field, message) for every rule this question breaks."""
        return iter(())

    def texts(self) -> Iterator[tuple[str, str]]:
        """Yield (field, text) for every piece of text a reader sees."""
        yield "stem", self.stem
        yield "explanation", self.explanation

    def shape(self) -> dict:
        """Return the question without the text a reader sees: what a stored answer's digits point into.

        Rewording any text leaves it as it is. Adding, removing or reordering choices, groups or
        items, or changing which are right, changes it: a saved answer would then mean another pick.
        """
        data = self.model_dump(mode="json")
        for path, _ in self.texts():  # such as "stem" or "choices[2].feedback"
            *parents, name = re.findall(r"\w+", path)
            node = data
            for step in parents:
                node = node[int(step)] if step.isdigit() else node[step]
            del node[name]
        return data

    def feedback_lines(self) -> list[str]:
        """Return every feedback line of the question."""
        return [value for field, value in self.texts() if field.endswith(".feedback")]


def repeated(ids: Iterable[str]) -> list[str]:
    """Return, sorted, the ids that occur more than once in one list (of questions, choices, terms…)."""
    return sorted(i for i, n in Counter(ids).items() if n > 1)


class ChoiceQuestion(Question):
    """Questions answered by picking from a list of choices."""

    template: ClassVar[str] = "types/choice.html"
    label: ClassVar[str]  # the type's name in a problem report
    multiple: ClassVar[bool] = False

    choices: tuple[Choice, ...] = Field(min_length=2, max_length=6)

    @property
    def correct(self) -> frozenset[int]:
        """Return the positions of the correct choices."""
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def picked(self, answer: str) -> list[Choice]:
        """Return the choices an answer string picked."""
        return [self.choices[int(d)] for d in answer]

    def parse(self, form: Form) -> Parsed:
        values = list(form.get("choice", ()))
        index = {c.id: str(i) for i, c in enumerate(self.choices)}
        known = sorted({index[v] for v in values if v in index})
        kept = "".join(known)
        if len(known) < len(set(values)):
            return Parsed(kept, "That answer is not one of the choices. Please choose again.")
        if not known:
            return Parsed(kept, self.empty_message)
        if not self.multiple and len(known) > 1:
            return Parsed(kept, "Please choose only one answer.")
        return Parsed(kept)

    empty_message: ClassVar[str] = "Please choose an answer, then press “Check my answer”."

    def is_valid(self, answer: object) -> bool:
        if not isinstance(answer, str) or not answer.isdigit() or not answer.isascii():
            return False
        digits = [int(d) for d in answer]
        ordered = digits == sorted(set(digits)) and all(d < len(self.choices) for d in digits)
        return ordered and (self.multiple or len(digits) == 1)

    def score(self, answer: str) -> Result:
        chosen = {int(d) for d in answer}
        hits, extra = len(chosen & self.correct), len(chosen - self.correct)
        return Result(max(0, hits - extra), len(self.correct), hits, extra)

    def problems(self) -> Iterator[tuple[str, str]]:
        for dup in repeated([c.id for c in self.choices]):
            yield "choices", f"choice id '{dup}' is used more than once"
        yield from self.correct_count_problems(len(self.correct))

    def correct_count_problems(self, count: int) -> Iterator[tuple[str, str]]:
        """Yield a problem if the number of correct choices breaks this type's rule."""
        if count != 1:
            yield "choices", f"{self.label} questions need exactly one correct choice (found {count})"

    def texts(self) -> Iterator[tuple[str, str]]:
        yield from super().texts()
        for i, c in enumerate(self.choices):
            yield f"choices[{i}].text", c.text
            yield f"choices[{i}].feedback", c.feedback


class SingleChoice(ChoiceQuestion):
    """Pick the one correct choice."""

    kind: ClassVar[str] = "single"
    label: ClassVar[str] = "single-choice"


class TrueFalse(ChoiceQuestion):
    """Say whether a statement is true or false."""

    kind: ClassVar[str] = "true_false"
    label: ClassVar[str] = "true/false"

    def problems(self) -> Iterator[tuple[str, str]]:
        if sorted(c.id for c in self.choices) != ["false", "true"]:
            yield "choices", "true/false questions need exactly two choices, with ids 'true' and 'false'"
        yield from super().problems()


class MultipleChoice(ChoiceQuestion):
    """Pick every correct choice; each wrong pick cancels out one right one."""

    kind: ClassVar[str] = "multiple"
    label: ClassVar[str] = "multiple-select"
    multiple: ClassVar[bool] = True
    empty_message: ClassVar[str] = "Please choose at least one answer, then press “Check my answer”."

    def correct_count_problems(self, count: int) -> Iterator[tuple[str, str]]:
        if count < 1:
            yield "choices", f"{self.label} questions need at least one correct choice"


class Sort(Question):
    """Sort each item into one of a few categories; scored per item."""

    kind: ClassVar[str] = "sort"
    template: ClassVar[str] = "types/sort.html"

    categories: tuple[Category, ...] = Field(min_length=2, max_length=4)
    items: tuple[SortItem, ...] = Field(min_length=2, max_length=8)

    def field_name(self, item: SortItem) -> str:
        """Return the form field name for one item's radio group."""
        return f"item-{item.id}"

    def placed(self, answer: str) -> list[Category]:
        """Return the category a stored answer put each item in (a stored answer places every item)."""
        return [self.categories[int(d)] for d in answer]

    def parse(self, form: Form) -> Parsed:
        index = {c.id: str(i) for i, c in enumerate(self.categories)}
        kept, missing, bad = "", 0, False
        for item in self.items:
            values = list(form.get(self.field_name(item), ()))
            digit = index.get(values[0]) if len(values) == 1 else None
            bad = bad or (bool(values) and digit is None)
            missing += not digit
            kept += digit or "-"
        if bad:
            return Parsed(kept, "One of the answers is not one of the groups. Please choose again.")
        if missing:
            # Each is marked "Not sorted yet" where it is; naming them all here would make a long message.
            return Parsed(kept, f"Please choose a group for every item. {missing} still "
                                f"need{'s' if missing == 1 else ''} one, marked “Not sorted yet”.")
        return Parsed(kept)

    def is_valid(self, answer: object) -> bool:
        return (
            isinstance(answer, str)
            and len(answer) == len(self.items)
            and all(d.isascii() and d.isdigit() and int(d) < len(self.categories) for d in answer)
        )

    def sorted_right(self, answer: str) -> list[bool]:
        """Return, for each item, whether the answer put it in its own group."""
        return [cat.id == item.category for item, cat in zip(self.items, self.placed(answer))]

    def score(self, answer: str) -> Result:
        right = sum(self.sorted_right(answer))
        return Result(right, len(self.items), right)

    def category(self, item: SortItem) -> Category | None:
        """Return the category an item belongs in."""
        return next((c for c in self.categories if c.id == item.category), None)

    def problems(self) -> Iterator[tuple[str, str]]:
        for dup in repeated([c.id for c in self.categories]):
            yield "categories", f"category id '{dup}' is used more than once"
        for dup in repeated([i.id for i in self.items]):
            yield "items", f"item id '{dup}' is used more than once"
        names = ", ".join(c.id for c in self.categories)
        for i, item in enumerate(self.items):
            if self.category(item) is None:
                yield f"items[{i}].category", f"'{item.category}' is not one of this question's categories ({names})"

    def texts(self) -> Iterator[tuple[str, str]]:
        yield from super().texts()
        for i, c in enumerate(self.categories):
            yield f"categories[{i}].label", c.label
        for i, item in enumerate(self.items):
            yield f"items[{i}].text", item.text
            yield f"items[{i}].feedback", item.feedback


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls for cls in (SingleChoice, MultipleChoice, TrueFalse, Sort)
}
