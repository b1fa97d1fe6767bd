"""A reference point: the least a Flask page with a signed session and a CSRF-protected form does.

Not the quiz, not a target: it reads the same session cookie (same secret key), puts a
Flask-WTF token in a page as big as a question page, checks the token on POST and sets the
cookie, like the quiz's answer step. The gap between it and the bare app is what any page
with cookie sessions and CSRF tokens costs in Flask; the gap between it and the quiz is the
quiz's own work.
"""

from __future__ import annotations

import os

from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf

PAGE = "<!doctype html><title>Floor</title>" + "<p>" + "x" * 3400 + "</p>"


def create_app() -> Flask:
    """Return the reference app, keyed like the quiz so it can read the quiz's cookies and tokens."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["QUIZ_SECRET_KEY"], SESSION_REFRESH_EACH_REQUEST=False,
                      WTF_CSRF_TIME_LIMIT=None)
    CSRFProtect(app)

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def page(path: str):
        """Read the session and show a page with a form token; on POST, store something and redirect."""
        if request.method == "POST":
            session["answer"] = request.form.get("choice", "")
            return redirect(request.path + "/feedback", code=303)
        session.get("quiz")
        return f'{PAGE}<input type="hidden" name="csrf_token" value="{generate_csrf()}">'

    return app
