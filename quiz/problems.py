"""Reading content files: TOML into strict models, with every problem reported at once.

Each problem names its file, item and field: ``file:item:field: message`` (in the spirit of
pre-commit's cfgv), so an author can fix a file in one pass. Used for banks and for the
reference files beside them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

BANK_ITEM = "(bank)"  # the item of a problem with the file as a whole
TABLE = "(table)"  # the field of a problem with an item as a whole
NOT_A_TABLE = "must be a table"
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"  # an id: lowercase letters and digits, single hyphens between
SOURCE_ID = r"[A-Z]{1,8}"  # a source document's id, such as "OV"


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


def display_path(path: Path) -> str:
    """Return a path relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_toml(path: Path, problems: list[Problem]) -> dict | None:
    """Return a TOML file's data, or None with the reason it cannot be read recorded."""
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
    "model_type": NOT_A_TABLE,
    "too_long": "allows at most {max_length} entries",
}
# Pydantic names only the pattern a text broke: say its rule in words.
_PATTERNS = {
    f"^{SLUG}$": "must be lowercase letters, digits and single hyphens",
    f"^{SOURCE_ID}$": "must be 1 to 8 capital letters",
}


def _field_name(loc: Iterable[str | int]) -> str:
    """Return a field's path as an author writes it ("choices[2].text"); "(table)" for the item as a whole."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or TABLE  # the file's data is always a table, so only an item can be the wrong type


def _message(error: dict) -> str:
    ctx = error.get("ctx", {})
    if error["type"] == "string_too_long":
        return f"is too long ({len(error['input'])} characters; at most {ctx['max_length']})"
    if error["type"] == "too_short":
        return f"needs at least {ctx['min_length']} entr{'y' if ctx['min_length'] == 1 else 'ies'}"
    if error["type"] == "string_pattern_mismatch":
        return _PATTERNS.get(ctx["pattern"], error["msg"])
    template = _MESSAGES.get(error["type"])
    return template.format(**ctx) if template else error["msg"]


def _validation_problems(exc: ValidationError, file: str, item: str) -> Iterator[Problem]:
    for error in exc.errors():
        yield Problem(file, item, _field_name(error["loc"]), _message(error))


def parse_model(model: type[BaseModel], data: object, file: str, item: str, problems: list[Problem]):
    """Return `data` validated as `model`, or None with its problems recorded."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, file, item))
        return None


def parse_tables(path: Path, model: type[BaseModel], table: str, key: str, problems: list[Problem]) -> list | None:
    """Read a file that is one list of [[table]]s, checking each table on its own.

    So one broken table does not hide the problems of the others; each is named by its `key`
    value when it has one.
    """
    file, data = display_path(path), read_toml(path, problems)
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
        entries.append(parse_model(model, entry, file, item, problems))
    return entries


def load_checked(path: Path, model: type[BaseModel], table: str, key: str, check, problems: list[Problem]):
    """Load an optional file of [[table]]s and run its checks on the valid ones; return them only if all is well."""
    if not path.exists():
        return None
    entries = parse_tables(path, model, table, key, problems)
    if entries is None:
        return None
    valid = [entry for entry in entries if entry is not None]
    found = [Problem(display_path(path), *p) for p in check(valid)]
    problems.extend(found)
    return valid if len(valid) == len(entries) and not found else None
