"""`flask --app quiz banks check`: validate bank files and report every problem."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import click

from .bank import REFERENCE_FILES, BankError, bank_files, load_library
from .config import resource_dir


@click.group("banks")
def banks() -> None:
    """Work with question bank files."""


@banks.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check every bank the app would serve (QUIZ_QUESTIONS_DIR, else the installed folder).

    Bank FILES are checked together with the other banks of their own folder if it holds
    sources.toml, else with the banks the app would serve: a question id already used in
    another bank would stop the app starting. A named file stands in for the bank of the same
    file name. A glossary, topics, sources or care-team file is checked with its own folder,
    which must then hold sources.toml.
    """
    folder = Path(os.environ.get("QUIZ_QUESTIONS_DIR") or resource_dir("questions"))
    if files and (files[0].parent / "sources.toml").is_file():
        folder = files[0].parent
    for path in files:
        if path.name in REFERENCE_FILES and path.parent.resolve() != folder.resolve():
            # Otherwise the other folder's own file would be checked instead, and pass.
            raise click.ClickException(f"{path}: {path.name} is checked only with the rest of its own folder, "
                                       "so that folder needs its sources.toml too; name it first")
    # A named file replaces the folder's bank of the same name (a draft of it kept elsewhere).
    named = {path.name for path in files}
    paths = [*files, *(path for path in bank_files(folder) if path.name not in named)]
    try:
        lib = load_library(folder, paths)
    except BankError as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        raise click.exceptions.Exit(1) from None
    for bank in lib.ordered():
        kinds = Counter(q.kind for q in bank.questions)
        types = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        click.echo(f"{bank.path}: {len(bank.questions)} questions ({types}); "
                   f"mean reading grade {bank.mean_grade():.1f}")
    if lib.glossary:
        click.echo(f"glossary: {len(lib.glossary)} terms")
    if lib.care_team.general:
        click.echo(f"care-team questions: {len(lib.care_team.general)} general, "
                   f"lists for {len(lib.care_team.by_topic)} topics")
    click.echo(f"OK: {len(lib.banks)} banks, {len(lib.questions)} questions, in {folder.resolve()}")
