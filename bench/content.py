"""Generated banks of any size, and how long the app takes to start on them."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tomllib
from itertools import cycle, islice
from pathlib import Path

from quiz import create_app, session_state
from quiz.bank import SOURCES_FILE, TOPICS_FILE, bank_files
from quiz.config import resource_dir
from quiz.readability import grade

BUNDLED = resource_dir("questions")


def _bundled_questions() -> list[dict]:
    """Return every bundled question as raw TOML data, easiest to read first."""
    raw = [q for path in bank_files(BUNDLED) for q in tomllib.loads(path.read_text("utf-8"))["questions"]]
    return sorted(raw, key=lambda q: grade(q["stem"], q["explanation"]))


def _toml(value: object) -> str:
    # JSON strings, numbers, booleans and flat lists are valid TOML too.
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _question_toml(question: dict) -> list[str]:
    lines = ["[[questions]]"]
    tables = {k: v for k, v in question.items() if k in ("choices", "items")}
    lines += [f"{k} = {_toml(v)}" for k, v in question.items() if k not in tables]
    for name, rows in tables.items():
        for row in rows:
            lines += [f"[[questions.{name}]]"] + [f"{k} = {_toml(v)}" for k, v in row.items()]
    return lines + [""]


def make_bank(folder: Path, size: int) -> str:
    """Write a questions folder holding one bank of `size` questions cloned from the bundled ones; return its key."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (SOURCES_FILE, TOPICS_FILE):
        (folder / name).write_bytes((BUNDLED / name).read_bytes())
    key = f"bench-{size}"
    lines = [f'title = "Benchmark bank of {size} questions"',
             'description = "Bundled questions repeated with new ids, to measure the app on a large bank."', ""]
    # The same order for every size: question n of the small bank is question n of the big one.
    for number, question in enumerate(islice(cycle(_bundled_questions()), size), start=1):
        lines += _question_toml({**question, "id": f"bench-{number:04d}"})
    (folder / f"{key}.toml").write_text("\n".join(lines), "utf-8")
    return key


STARTUP = """
import time
from quiz import create_app
start = time.perf_counter()
create_app({"QUESTIONS_DIR": %r})
print(time.perf_counter() - start)
"""


def startup_seconds(folder: Path, repeat: int = 3) -> float:
    """Return the median time create_app takes (load + validate every bank) in a fresh process."""
    env = {**os.environ, "QUIZ_SECRET_KEY": "startup-timing-" + "x" * 32, "QUIZ_ENV": "production"}
    times = [float(subprocess.run([sys.executable, "-c", STARTUP % str(folder)], env=env, check=True,
                                  capture_output=True, text=True).stdout) for _ in range(repeat)]
    return statistics.median(times)


def cookie_sizes(folder: Path, key: str, counts: tuple[int, ...]) -> dict[int, int]:
    """Return the session cookie's length after answering the first n questions at random, for each n."""
    app = create_app({"SECRET_KEY": "cookie-size", "QUESTIONS_DIR": str(folder)})
    bank = app.extensions["quiz.library"].banks[key]
    signer = app.session_interface.get_signing_serializer(app)
    rng, progress, sizes = random.Random(1), session_state.start(bank), {}
    for number, question in enumerate(bank.questions[:max(counts)], start=1):
        # A random valid answer: random digits compress worse than real, often-right answers.
        while not question.is_valid(answer := "".join(rng.choice("0123") for _ in range(rng.randint(1, 8)))):
            pass
        progress = session_state.record(progress, number, answer)
        if number in counts:
            cookie = {"_permanent": True, "csrf_token": "0" * 40, "quizzes": session_state.keep(None, progress)}
            sizes[number] = len(signer.dumps(cookie))
    return sizes
