"""The baseline: a minimal Flask "hello world" that answers the benchmark's URLs."""

from __future__ import annotations

from flask import Flask, redirect, request


def create_app() -> Flask:
    """Return a Flask app that says hello to every GET and redirects every POST, like the quiz's answer step."""
    app = Flask(__name__)

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
    @app.route("/<path:path>", methods=["GET", "POST"])
    def hello(path: str):
        """Say hello, or redirect a POST to its feedback URL."""
        if request.method == "POST":
            return redirect(request.path + "/feedback", code=303)
        return "Hello, World!"

    return app
