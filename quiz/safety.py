"""Wording that bank text must never use: diagnosis, advice and odds.

The app teaches about fictional people; it never tells the reader what they
have, what to do, or how likely anything is. Each pattern names the rule it
enforces so an author knows what to change.
"""

from __future__ import annotations

import re
import unicodedata

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

PHONE, WEB_ADDRESS = "a phone number", "a web address"
CONTACT_RULES = (PHONE, WEB_ADDRESS)  # a name that sends readers elsewhere, rather than one about health

# More for a name a clinic gives its own set of questions: it heads every page of the set, so it
# must not make the quiz sound like a health check. (Bank text may name a symptom checker, to
# teach what it cannot do.)
NAME_FORBIDDEN: tuple[tuple[str, str], ...] = (
    (r"\bsymptom ?check(?:er|ing)?s?\b|\b(?:is|could) (?:it|this|that) (?:be )?(?:cancer|an? (?:NET|tumou?r))\b",
     "sounds like a health check"),
    (r"\b(?:signs?|symptoms?)\b[^.?!]{0,30}? to (?:watch|look) (?:out )?for\b", "asks the reader to watch for symptoms"),
    (r"\b(?:best|right) (?:treatment|medicine|drug)s? for (?:me|you)\b"
     r"|\bwhich (?:treatment|medicine|drug) is (?:best|right)\b", "treatment advice"),
    (r"\b(?:stop|quit) (?:taking|using)\b|\bskip (?:the |your )?(?:surgery|treatments?|medicines?|scans?|tests?)\b"
     r"|\b(?:don't|dont|do not) take\b", "treatment advice"),
    # The name heads pages on the clinic's own site: it must not send readers elsewhere. (Not any
    # long run of digits: "Room 101 2026-11-28" is a fine name.)
    (r"\b(?:call|phone|dial|ring|text|tel)\b\D{0,12}\d|\+\d{2}", PHONE),
    (r"\b(?:https?|www)\b|\w\.(?:com|org|net|info|biz|io|co|uk|us|ca|au|nz|ie|de|fr|nl|ru|eu|example|health"
     r"|clinic|online|site|app|ly|me)\b", WEB_ADDRESS),
)


def _compile(pattern: str) -> re.Pattern:
    """Compile a pattern whose spaces match any white space, and whose optional spaces (" ?") match none too.

    Any run of white space: a line break in a multi-line TOML string, two spaces, a no-break space.
    """
    return re.compile(pattern.replace(" ?", r"\s*").replace(" ", r"\s+"), re.IGNORECASE)


_COMPILED = tuple((_compile(pattern), rule) for pattern, rule in FORBIDDEN)
_NAME_COMPILED = _COMPILED + tuple((_compile(pattern), rule) for pattern, rule in NAME_FORBIDDEN)

# Phones type curly apostrophes: "you’ve" must be caught like "you've"; an invisible zero-width
# character between two words is read as a space. One character for one, so a match in the
# plain text points at the same place in the original.
_PLAIN = str.maketrans("’‘ʼ\u200b\u200c\u200d\u2060\ufeff", "'" * 3 + " " * 5)
# For a set's name, also Cyrillic and Greek letters that look like Latin ones: "уou have" (a
# Cyrillic у) must be caught like "you have". Again one character for one.
_NAME_PLAIN = {**_PLAIN, **str.maketrans("аеорсухіјѕԁһӏԛԝүАВЕКМНОРСТХІЈЅУҮΑΒΕΖΗΙΚΜΝΟΡΤΥΧαιονρυχ",
                                          "aeopcyxijsdhlqwyABEKMHOPCTXIJSYYABEZHIKMNOPTYXaiovpux")}


def forbidden_phrases(text: str, name: bool = False) -> list[tuple[str, str]]:
    """Return (rule, phrase) for each rule that text breaks, with the first phrase that breaks it.

    With `name`, text is the name of a set, held to the stricter rules for names too, and read
    as it looks: letters in other widths or styles ("ｙｏｕ") as plain ones (NFKC), look-alike
    Cyrillic and Greek letters as Latin ones.
    """
    table, rules = _PLAIN, _COMPILED
    if name:
        text, table, rules = unicodedata.normalize("NFKC", text), _NAME_PLAIN, _NAME_COMPILED
    plain = text.translate(table)
    return [(rule, text[match.start():match.end()]) for pattern, rule in rules for match in [pattern.search(plain)] if match]


def forbidden_wording(text: str) -> list[str]:
    """Return one message for authors per forbidden phrase found in text."""
    return [f"diagnostic or advice wording is not allowed ({rule}): '{phrase}'" for rule, phrase in forbidden_phrases(text)]
