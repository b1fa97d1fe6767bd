"""The glossary: plain-language terms, their checks, and linking terms in running text.

Pure domain code, no Flask. Bank text never marks terms by hand; pages link the
first use of each term at render time with ``Glossary.link``, which escapes the
text it is given, so bank text is always treated as text, never as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence

from markupsafe import Markup, escape
from pydantic import Field

from . import readability
from .questions import Slug, Strict, repeated, text
from .safety import forbidden_wording

GLOSSARY_FILE = "glossary.toml"
ANCHOR_PREFIX = "term-"
# The id of the hidden sentence (in base.html) that says where a term's link leads, read after its word.
TERM_NOTE = "term-note"
# A term only counts as a whole word: letters, digits and hyphens on either side
# mean it is part of a longer word ("functional" inside "non-functional").
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w-])"
# Two capitals in a row mark an acronym ("PET", "NETs", "GI tract"): match its case
# exactly, so the everyday words "pet" and "net" are never linked.
_ACRONYM = re.compile(r"[A-Z]{2}")
_EDGES = re.compile(r"^\w(?:.*\w)?$")

Problems = Iterator[tuple[str, str, str]]


class Term(Strict):
    """One glossary entry: a term, other ways to write it, and what it means."""

    id: Slug
    term: text(60)
    forms: tuple[text(60), ...] = Field(default=(), max_length=10)
    definition: text(400)
    facts: tuple[Slug, ...] = Field(min_length=1, max_length=6)

    @property
    def anchor(self) -> str:
        """Return the id of this term's entry on the glossary page."""
        return ANCHOR_PREFIX + self.id

    @property
    def letter(self) -> str:
        """Return the letter the glossary page files this term under."""
        return self.term[0].upper()

    def spellings(self) -> tuple[str, ...]:
        """Return every way the term may be written in running text."""
        return (self.term, *self.forms)


def _form_pattern(form: str) -> str:
    # Any run of spaces or a line break may sit between the words of a term.
    pattern = r"\s+".join(map(re.escape, form.split()))
    return pattern if _ACRONYM.search(form) else f"(?i:{pattern})"


class Glossary:
    """Terms in alphabetical order, and the pattern that finds them in running text."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.terms = tuple(sorted(terms, key=lambda t: t.term.casefold()))
        forms = sorted(((f, t.id) for t in self.terms for f in t.spellings()), key=lambda pair: -len(pair[0]))
        # Longest forms first, so "lymph nodes" wins over "lymph node" at the same place.
        self._ids = [term_id for _, term_id in forms]
        choices = "|".join(f"(?P<f{i}>{_form_pattern(form)})" for i, (form, _) in enumerate(forms))
        self._pattern = re.compile(f"{_BEFORE}(?:{choices}){_AFTER}") if forms else None

    def __len__(self) -> int:
        return len(self.terms)

    def link(self, value: str, seen: set[str], href: str = "/glossary") -> Markup:
        """Return value escaped, with the first use of each term not in seen linked to its entry.

        Linked term ids are added to seen, so one set shared by a page links each term once.
        Markup passed in is returned unchanged: it is HTML already, and linking inside it
        could land in a tag or a link.
        """
        if isinstance(value, Markup):
            return value
        value = str(value)
        if self._pattern is None:
            return escape(value)
        parts: list[str] = []
        last = 0
        for match in self._pattern.finditer(value):
            term_id = self._ids[int(match.lastgroup[1:])]
            if term_id in seen:
                continue
            seen.add(term_id)
            parts += [escape(value[last:match.start()]),
                      Markup('<a class="term" href="{}#{}" aria-describedby="{}">{}</a>').format(
                          href, ANCHOR_PREFIX + term_id, TERM_NOTE, match[0])]
            last = match.end()
        parts.append(escape(value[last:]))
        return Markup("").join(parts)


def glossary_problems(terms: Sequence[Term], facts: Collection[str], source_file: str) -> Problems:
    """Yield (term id, field, message) for every rule the terms of a glossary file break."""
    for dup in repeated(t.id for t in terms):
        yield dup, "id", "term id is used more than once"
    owner: dict[str, str] = {}
    for term in terms:
        for fact in term.facts:
            if fact not in facts:
                yield term.id, "facts", f"unknown fact id '{fact}' (see {source_file})"
        for name, value in (("term", term.term), ("definition", term.definition)):
            for message in forbidden_wording(value):
                yield term.id, name, message
        for message in readability.too_hard(term.definition):
            yield term.id, "reading-grade", message
        yield from _spelling_problems(term, owner)


def _spelling_problems(term: Term, owner: dict[str, str]) -> Problems:
    for position, form in enumerate(term.spellings()):
        name = "term" if position == 0 else f"forms[{position - 1}]"
        if not _EDGES.match(form):
            yield term.id, name, f"'{form}' must start and end with a letter or digit"
        key = " ".join(form.casefold().split())
        if key in owner:
            where = "this term" if owner[key] == term.id else f"term '{owner[key]}'"
            yield term.id, name, f"'{form}' is already a form of {where}; each form may link to one term only"
        owner.setdefault(key, term.id)
