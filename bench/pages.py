"""CPU time per page inside one process, with shared pages on and off: `.venv/bin/python -m bench.pages`.

No server and no load tool, so it isolates the app's own work per request (Flask included),
which gunicorn then adds its fixed cost to. A second table serves the question page's request
with bare Flask and with each piece the quiz adds (the apps of the server table), in the same way.
"""

from __future__ import annotations

import os
import re
import time

from flask import render_template
from werkzeug.test import EnvironBuilder

from bench import floor, hello
from quiz import create_app, views

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def reader_cookies(app, key: str) -> tuple[str, str]:
    """Return the cookie of a reader at question 1, and of one who has answered it."""
    client = app.test_client()
    client.post(f"/quiz/{key}/start", data={"csrf_token": TOKEN.search(client.get("/").text).group(1)})
    started = client.get_cookie("session").value
    form = client.get(f"/quiz/{key}/1").text
    choice = re.search(r'name="choice" [^>]*value="([^"]+)"', form).group(1)
    question = re.search(r'name="question" value="([^"]+)"', form).group(1)
    sent = client.post(f"/quiz/{key}/1", data={"csrf_token": TOKEN.search(form).group(1), "question": question,
                                                "choice": choice})
    # Time real pages, not redirects: the answer must be saved and its feedback shown.
    if sent.status_code != 303 or client.get(f"/quiz/{key}/1/feedback").status_code != 200:
        raise RuntimeError(f"could not answer question 1 of {key}: {sent.status_code}")
    return started, client.get_cookie("session").value


def cpu_us(app, path: str, cookie: str | None, calls: int = 1000) -> float:
    """Return the best of five CPU-time measurements of one request, in microseconds."""
    environ = EnvironBuilder(path=path, headers={"Cookie": f"session={cookie}"} if cookie else {}).get_environ()
    best = float("inf")
    for _ in range(6):  # the first pass warms caches up
        start = time.process_time()
        for _ in range(calls):
            b"".join(app(dict(environ), lambda *args: None))
        best = min(best, (time.process_time() - start) / calls * 1e6)
    return best


def main() -> None:
    """Print a Markdown table of home, question and feedback CPU time, pages rendered afresh and shared."""
    shared = views.render_shared
    print("| Pages | Home µs | Question µs | Feedback µs |\n|---|---|---|---|")
    for label, render in (("rendered afresh", lambda key, template, **context: render_template(template, **context)),
                          ("shared pages", shared)):
        views.render_shared = render
        app = create_app({"SECRET_KEY": "pages-timing"})
        key = app.extensions["quiz.library"].ordered()[0].key
        started, answered = reader_cookies(app, key)
        times = {"home": cpu_us(app, "/", None), "question": cpu_us(app, f"/quiz/{key}/1", started),
                 "feedback": cpu_us(app, f"/quiz/{key}/1/feedback", answered)}
        print(f"| {label} | " + " | ".join(f"{us:.0f}" for us in times.values()) + " |")
    views.render_shared = shared
    print()
    pieces(app, f"/quiz/{key}/1", started)


def pieces(quiz_app, path: str, cookie: str) -> None:
    """Print a Markdown table: the question page's request served by bare Flask, then each piece the quiz adds.

    The same apps as the server table (bench/hello.py, bench/floor.py), with no server: what is
    left is Flask's and the pieces' own work.
    """
    os.environ["QUIZ_SECRET_KEY"] = quiz_app.secret_key  # floor.py reads the key from here, as under gunicorn
    session_app = floor.create_app("session")
    apps = [("bare Flask", hello.create_app()), ("+ a real page", floor.create_app()),
            ("+ signed session", session_app), ("+ CSRF token", floor.create_app(*floor.FLOOR)),
            ("+ security headers", floor.create_app(*floor.STEPS)), ("quiz (shared pages)", quiz_app)]
    with session_app.test_request_context(headers={"Cookie": f"session={cookie}"}) as ctx:
        # Timing a cookie Flask turned away would time the cheap path: make sure it is read.
        assert "quizzes" in session_app.session_interface.open_session(session_app, ctx.request)
    print("| The question page's request, in one process | CPU µs | Added µs |\n|---|---|---|")
    before = None
    for label, app in apps:
        us = cpu_us(app, path, cookie)
        print(f"| {label} | {us:.0f} | {'' if before is None else f'{us - before:+.0f}'} |")
        before = us


if __name__ == "__main__":
    main()
