"""Turn benchmark results into Markdown: the machine, the tables, and the targets."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
from importlib.metadata import version

MARK_START = "<!-- bench:start (written by bench/run.sh --write; do not edit by hand) -->"
MARK_END = "<!-- bench:end -->"


def machine() -> str:
    """Describe the machine, the software and the time of the run in one line."""
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{when} on {cpu}, {os.cpu_count()} cores, {mem_kb / 1024 ** 2:.0f} GiB RAM, "
            f"Linux {platform.release()}; Python {platform.python_version()}, gunicorn {version('gunicorn')}, "
            f"Flask {version('flask')}, wrk {wrk}; load average before the run {os.getloadavg()[0]:.2f}")


def merge(runs: list[dict]) -> dict:
    """Combine rounds: throughput over all of them, latency percentiles as their median, errors summed."""
    for r in runs:
        r["cpu_us"] = r["cpu_seconds"] / r["requests"] * 1e6
    merged = {"rps": sum(r["requests"] for r in runs) / sum(r["seconds"] for r in runs), "runs": runs}
    for key in ("p50_ms", "p99_ms", "mean_ms"):
        merged[key] = statistics.median(r[key] for r in runs)
    merged["cpu_us"] = sum(r["cpu_seconds"] for r in runs) / sum(r["requests"] for r in runs) * 1e6
    merged["errors"] = sum(r["socket_errors"] + r["non_2xx_3xx"] + r["unexpected"] for r in runs)
    return merged


def ratio(base: dict, other: dict, key: str) -> float:
    """Return the median over rounds of other ÷ base, each round's pair measured back to back.

    The machine is shared: its load changes from minute to minute, and a ratio of runs
    seconds apart is far steadier than a ratio of totals.
    """
    return statistics.median(o[key] / b[key] for b, o in zip(base["runs"], other["runs"], strict=True))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Return a Markdown table."""
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


NAMES = {"baseline": "bare Flask", "floor": "Flask + session + CSRF", "quiz": "quiz"}


def load_rows(results: dict[str, dict[str, dict]]) -> list[list[str]]:
    """Rows of the workload table: each app, then each app against the bare one."""
    rows = []
    for workload, apps in results.items():
        for app, r in apps.items():
            rows.append([workload, NAMES[app], f"{r['rps']:.0f}", f"{r['p50_ms']:.2f}", f"{r['p99_ms']:.2f}",
                         f"{r['cpu_us']:.0f}", str(r["errors"])])
        base = apps["baseline"]
        for app in ("floor", "quiz"):
            rows.append([workload, f"*{NAMES[app]} ÷ bare*", f"**{ratio(base, apps[app], 'rps'):.2f}×**",
                         f"{ratio(base, apps[app], 'p50_ms'):.2f}×", f"{ratio(base, apps[app], 'p99_ms'):.2f}×",
                         f"{ratio(base, apps[app], 'cpu_us'):.2f}×", ""])
    return rows


def targets(results: dict[str, dict[str, dict]], scale: dict[int, dict]) -> list[tuple[str, str, bool]]:
    """Return (target, measured, met) for each of the issue's targets."""
    question, answer = results["question page"], results["answer step"]
    throughput = ratio(question["baseline"], question["quiz"], "rps")
    p99 = ratio(answer["baseline"], answer["quiz"], "p99_ms")
    errors = sum(r["errors"] for apps in results.values() for r in apps.values())
    errors += sum(r["errors"] for r in scale.values())
    small, big = min(scale), max(scale)
    growth = ratio(scale[small], scale[big], "p50_ms") - 1
    return [
        ("question-page throughput ≥ 0.8 × bare Flask", f"{throughput:.2f} ×", throughput >= 0.8),
        ("answer-step p99 latency ≤ 3 × bare Flask's", f"{p99:.2f} ×", p99 <= 3),
        ("zero errors and zero non-2xx/3xx responses", f"{errors}", errors == 0),
        (f"question-page median latency, {big}- vs {small}-question bank, within 10 %", f"{growth:+.1%}",
         abs(growth) <= 0.10),
    ]


def step_rows(question: dict[str, dict], steps: dict[str, dict]) -> list[list[str]]:
    """Rows of the question page's cost, piece by piece, from bare Flask to the quiz."""
    chain = [("bare Flask", "\"Hello, World!\"; no secret key, so no session", question["baseline"]),
             ("+ a real page", "a page as big as a question page (3.5 KB, not 13 bytes); still no session",
              steps["page"]),
             ("+ signed session", "Flask reads and verifies the reader's session cookie", steps["session"]),
             ("+ CSRF token", "Flask-WTF signs a token into the page (bench/floor.py)", question["floor"]),
             ("+ security headers", "the quiz's CSP and other headers (quiz/security.py)", steps["headers"]),
             ("quiz", "finding the quiz and question, checking progress, the shared page", question["quiz"])]
    rows, before = [], None
    for name, adds, r in chain:
        added = "" if before is None else f"{r['cpu_us'] - before['cpu_us']:+.0f}"
        rows.append([name, adds, f"{r['cpu_us']:.0f}", added, f"{ratio(question['baseline'], r, 'rps'):.2f}×"])
        before = r
    return rows


def report(info: dict, results: dict, scale: dict[int, dict], memory: dict[str, tuple[float, float]],
           steps: dict[str, dict]) -> str:
    """Return the whole Markdown block of one run."""
    checks = targets(results, scale)
    lines = [MARK_START, "", f"**Run:** {info['machine']}.", "", f"**Command:** `{info['command']}`", "",
             f"**Settings:** {info['settings']}", "", "### Targets", ""]
    lines += table(["Target", "Measured", "Met"], [[t, m, "yes" if ok else "**NO**"] for t, m, ok in checks])
    question = results["question page"]
    lines += ["", f"For reference, on the question page: Flask + session + CSRF (bench/floor.py) reaches "
              f"{ratio(question['baseline'], question['floor'], 'rps'):.2f} × bare Flask's throughput, and the quiz "
              f"reaches {ratio(question['floor'], question['quiz'], 'rps'):.2f} × that."]
    lines += ["", "### Where the question page's time goes", "",
              "Each app adds one piece to the one above it, served and loaded exactly like the others.", ""]
    lines += table(["App", "What it adds", "Server CPU µs/request", "Added µs", "Requests/s ÷ bare"],
                   step_rows(question, steps))
    lines += ["", "### Workloads", ""]
    lines += table(["Workload", "App", "Requests/s", "p50 ms", "p99 ms", "Server CPU µs/request", "Errors"],
                   load_rows(results))
    lines += ["", "### Bank size", ""]
    base_start = info["startup"]["bundled"]
    rows = [["bundled banks", str(info["bundled_questions"]), f"{base_start:.2f}", "1.00×", "", "", "", ""]]
    for size, r in sorted(scale.items()):
        start = info["startup"][size]
        rows.append([f"generated, {size} questions", str(size), f"{start:.2f}", f"{start / base_start:.2f}×",
                     f"{r['rps']:.0f}", f"{r['p50_ms']:.2f}", f"{r['mean_ms']:.2f}", f"{r['cpu_us']:.0f}"])
    lines += table(["Bank", "Questions", "Start-up s", "× bundled", "Question page req/s", "p50 ms", "Mean ms",
                    "Server CPU µs/request"], rows)
    sizes = " / ".join(f"{size:,}" for size in info["cookie"].values())
    answers = " / ".join(f"{n:,}" for n in info["cookie"])
    lines += ["", f"Session cookie after {answers} answers in one attempt: {sizes} bytes "
                  "(a browser keeps at most about 4,096 bytes per cookie, name and attributes included)."]
    lines += ["", "### CPU per request inside one process (no server; `python -m bench.pages`)", "", info["pages"]]
    lines += ["", "### Memory per worker (after the load)", ""]
    lines += table(["App", "RSS MB", "PSS MB (shared pages split between workers)"],
                   [[name, f"{rss:.1f}", f"{pss:.1f}"] for name, (rss, pss) in memory.items()])
    return "\n".join(lines + ["", MARK_END])


def write_into(path: str, block: str) -> None:
    """Replace the marked block in a Markdown file (append it if the file has none)."""
    try:
        text = open(path, encoding="utf-8").read()
    except FileNotFoundError:
        text = ""
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
