"""Run the benchmark: `bash bench/run.sh [--seconds N] [--rounds N] [--write docs/performance.md]`."""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

from quiz.bank import load_library
from quiz.config import workers

from .content import BUNDLED, cookie_sizes, make_bank, startup_seconds
from .load import Reader, fetch, start_reader, wrk
from .servers import Server
from .tables import machine, merge, report, targets, write_into

SIZES = (10, 1000)
SCALE_QUESTION = 10  # the same question in every generated bank (see content.make_bank)
COOKIE_AFTER = (15, 100, 500, 1000)  # answers after which the cookie's size is reported
# Reference apps between bare Flask and the floor, and past it: each adds one piece (see bench/floor.py).
STEP_APPS = {"page": "bench.floor:create_app()", "session": "bench.floor:create_app('session')",
             "headers": "bench.floor:create_app('session', 'token', 'headers')"}


def arguments() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="bash bench/run.sh", description=__doc__)
    parser.add_argument("--seconds", type=int, default=3, help="length of one wrk run (default 3)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="times each workload runs on each app, alternating apps (default 5)")
    parser.add_argument("--write", metavar="FILE", help="put the results into FILE between its bench markers")
    return parser.parse_args()


def workloads(reader: Reader) -> dict[str, dict]:
    """Return the workloads: the same requests for the quiz and the bare Flask app."""
    return {
        "home page": {"path": "/", "script": "get.lua", "cookie": ""},
        "question page": {"path": reader.path, "script": "get.lua", "cookie": reader.cookie},
        "answer step": {"path": reader.path, "script": "answer.lua",
                        "env": {"BENCH_PATH": reader.path, "BENCH_COOKIE": reader.cookie, "BENCH_BODY": reader.body}},
    }


def run(server: Server, work: dict, args: argparse.Namespace) -> dict:
    """Run one workload once against one server; add the server's CPU time per request."""
    headers = ()
    if work["script"] == "get.lua":
        # wrk only counts non-2xx/3xx; make sure this is the page itself, not a redirect.
        status = fetch(server.url, "GET", work["path"], work["cookie"])[0]
        if status != 200:
            raise RuntimeError(f"{server.app} answered {work['path']} with {status}, not 200")
        headers = (f"Cookie: session={work['cookie']}",) if work["cookie"] else ()
    before = server.cpu_seconds()
    result = wrk(server.url + work["path"], work["script"], args.seconds, 2 * (os.cpu_count() or 1),
                 env=work.get("env"), headers=headers)
    result["cpu_seconds"] = server.cpu_seconds() - before
    return result


def measure(servers: dict, keys: dict[int, str], args: argparse.Namespace,
            first_bank: str) -> tuple[dict, dict, dict]:
    """Run every workload on each app, the question page on each bank size and step app, round after round."""
    work = workloads(start_reader(servers["quiz"].url, first_bank))
    scale_work = {size: workloads(start_reader(servers[size].url, keys[size], SCALE_QUESTION))["question page"]
                  for size in SIZES}
    raw: dict = defaultdict(lambda: defaultdict(list))
    for round_ in range(1, args.rounds + 1):
        for name, one in work.items():
            for app in ("baseline", "floor", "quiz"):
                print(f"round {round_}: {name}, {app}...", file=sys.stderr)
                raw[name][app].append(run(servers[app], one, args))
        for step in STEP_APPS:
            print(f"round {round_}: question page, step app {step!r}...", file=sys.stderr)
            raw["steps"][step].append(run(servers[step], work["question page"], args))
        for size in SIZES:
            print(f"round {round_}: question page, {size}-question bank...", file=sys.stderr)
            raw["scale"][size].append(run(servers[size], scale_work[size], args))
    scale = {size: merge(runs) for size, runs in raw.pop("scale").items()}
    steps = {step: merge(runs) for step, runs in raw.pop("steps").items()}
    return {name: {app: merge(runs) for app, runs in apps.items()} for name, apps in raw.items()}, scale, steps


def main() -> int:
    """Measure everything, print the Markdown report, and exit 1 if a target is missed."""
    args = arguments()
    count = workers()
    env = {"QUIZ_SECRET_KEY": secrets.token_hex(32), "QUIZ_COOKIE_SECURE": "0", "QUIZ_WORKERS": str(count)}
    library = load_library(BUNDLED)
    info = {
        "machine": machine(),
        "command": "bash bench/run.sh " + shlex.join(sys.argv[1:]),
        "settings": (f"every app served by `gunicorn -c python:quiz.gunicorn_conf` with {count} sync workers; "
                     f"wrk with {2 * (os.cpu_count() or 1)} connections (one thread each), {args.rounds} rounds of "
                     f"{args.seconds} s per workload and app, alternating apps; the same session cookie, "
                     "form and secret key for every app."),
        "bundled_questions": len(library.questions),
    }
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as tmp, ExitStack() as stack:
        folders = {size: Path(tmp) / f"bank-{size}" for size in SIZES}
        keys = {size: make_bank(folder, size) for size, folder in folders.items()}
        print("timing pages in one process...", file=sys.stderr)
        info["pages"] = subprocess.run([sys.executable, "-m", "bench.pages"], check=True, capture_output=True,
                                       text=True, env={**os.environ, **env}).stdout.strip()
        info["cookie"] = cookie_sizes(folders[max(SIZES)], keys[max(SIZES)], COOKIE_AFTER)
        print("timing start-up...", file=sys.stderr)
        info["startup"] = {"bundled": startup_seconds(BUNDLED)}
        info["startup"].update({size: startup_seconds(folder) for size, folder in folders.items()})
        servers = {"baseline": Server("bench.hello:create_app()", env, Path(tmp) / "baseline.log"),
                   "floor": Server("bench.floor:create_app('session', 'token')", env, Path(tmp) / "floor.log"),
                   "quiz": Server("quiz:create_app()", env, Path(tmp) / "quiz.log")}
        servers.update({step: Server(app, env, Path(tmp) / f"step-{step}.log") for step, app in STEP_APPS.items()})
        servers.update({size: Server("quiz:create_app()", {**env, "QUIZ_QUESTIONS_DIR": str(folder)},
                                     Path(tmp) / f"quiz-{size}.log") for size, folder in folders.items()})
        for server in servers.values():
            stack.enter_context(server)
        results, scale, steps = measure(servers, keys, args, library.ordered()[0].key)
        memory = {"bare Flask": servers["baseline"].memory_mb(), "Flask + session + CSRF": servers["floor"].memory_mb(),
                  "quiz (bundled banks)": servers["quiz"].memory_mb()}
        memory.update({f"quiz ({size}-question bank)": servers[size].memory_mb() for size in SIZES})
    block = report(info, results, scale, memory, steps)
    print(block)
    if args.write:
        write_into(args.write, block)
    return 0 if all(met for *_, met in targets(results, scale)) else 1


if __name__ == "__main__":
    sys.exit(main())
