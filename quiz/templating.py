"""Template helpers: links, dates, scores and content-hashed static URLs."""

from __future__ import annotations

import datetime
import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for

NAV_LINKS = (("quiz.home", "Quizzes"), ("quiz.about", "About"))


@cache
def _digest(folder: str, filename: str) -> str:
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """Return a static file's URL with a hash of its content, so it can be cached for good."""
    return url_for("static", filename=filename, v=_digest(current_app.static_folder, filename))


def longdate(value: datetime.date) -> str:
    """Format a date as "April 10, 2025"."""
    return f"{value:%B} {value.day}, {value.year}"


def points(value: float) -> str:
    """Format a score to one decimal place, without a needless ".0"."""
    return f"{round(value, 1):g}"


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    library = app.extensions["quiz.library"]
    app.jinja_env.globals.update(static_url=static_url, nav_links=NAV_LINKS, sources_for=library.sources_for)
    app.jinja_env.filters.update(longdate=longdate, points=points)
