"""Reference points: the least a Flask page with a signed session and a CSRF-protected form does.

Not the quiz, not a target. `create_app(*FLOOR)` reads the same session cookie (same secret
key), puts a Flask-WTF token in a page as big as a question page, checks the token on POST and
sets the cookie, like the quiz's answer step. The gap between it and the bare app is what any
page with cookie sessions and CSRF tokens costs in Flask; the gap between it and the quiz is the
quiz's own work.

Called with fewer or more steps, it shows what each piece costs on its own: `create_app()` only
serves the page (no secret key, so no session, like the bare app), `create_app("session")` also
reads the cookie, `create_app(*STEPS)` also sends the quiz's security headers.
"""

from __future__ import annotations

import os

from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf

from quiz import security

PAGE = "<!doctype html><title>Floor</title>" + "<p>" + "x" * 3400 + "</p>"
STEPS = ("session", "token", "headers")
FLOOR = ("session", "token")


def create_app(*steps: str) -> Flask:
    """Return the reference app with `steps` (none: only the page), keyed like the quiz."""
    if unknown := set(steps) - set(STEPS):
        raise ValueError(f"unknown steps {sorted(unknown)}; choose from {STEPS}")
    app = Flask(__name__)
    app.config.update(SESSION_REFRESH_EACH_REQUEST=False, WTF_CSRF_TIME_LIMIT=None)
    if "session" in steps:
        # Without a secret key Flask does not read the cookie at all (like the bare app).
        app.config["SECRET_KEY"] = os.environ["QUIZ_SECRET_KEY"]
    token = "token" in steps
    if token:
        CSRFProtect(app)
    if "headers" in steps:
        security.init_app(app)

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def page(path: str):
        """Read the session and show a page with a form token; on POST, store something and redirect."""
        if request.method == "POST":
            session["answer"] = request.form.get("choice", "")
            return redirect(request.path + "/feedback", code=303)
        session.get("quiz")
        return PAGE + (f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">' if token else "")

    return app
