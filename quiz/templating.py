"""Template helpers: links, dates, scores, and pages shared by every reader."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from urllib.parse import unquote

from flask import Flask, current_app, render_template, request, session
from flask_wtf.csrf import generate_csrf

from . import assets

NAV_LINKS = (("quiz.home", "Quizzes"), ("learn.glossary", "Glossary"), ("teaching.build", "Build a set"),
             ("quiz.about", "About"))
MAX_SHARED_PAGES = 2000  # about 4 KB each: a few MB per worker at most


def render_shared(key: Hashable, template: str, **context) -> str:
    """Render a page that is the same for every reader but its CSRF token: once per key, then reuse it.

    `key` must name everything the page shows (besides the token) that `context` can vary;
    callers only pass pages whose possible keys are few (one per question, say). Pages with
    a notice to flash, every page while templates may change (debug), and pages beyond
    MAX_SHARED_PAGES (so memory stays bounded whatever URLs arrive) render afresh.
    """
    app = current_app
    if app.debug or app.config.get("TEMPLATES_AUTO_RELOAD") or "_flashes" in session:
        return render_template(template, **context)
    pages = app.extensions.setdefault("quiz.pages", {})
    key = (template, request.script_root, key)
    if key not in pages:
        page = render_template(template, **context)
        if len(pages) >= MAX_SHARED_PAGES:
            return page
        # The token in the page is this reader's; later readers get theirs swapped in. A page
        # without a form (no field from the csrf() macro) gets no token, so none (nor a cookie) is made.
        pages[key] = (page, generate_csrf() if 'name="csrf_token"' in page else "")
    page, token = pages[key]
    return page.replace(token, generate_csrf()) if token else page


def nearby(url: str) -> str:
    """Write a link to a page in this page's folder relative to it ("./retry"); leave any other link as it is.

    For pages where every byte counts: a custom set's key runs past a hundred characters.
    """
    path = url.partition("#")[0].partition("?")[0]
    head = path.rpartition("/")[0]  # as url_for wrote it: percent-coded, unlike request.path
    here = request.script_root + request.path.rpartition("/")[0]
    return "./" + url[len(head) + 1:] if unquote(head) == here else url


def longdate(value: datetime.date) -> str:
    """Format a date as "April 10, 2025"."""
    return f"{value:%B} {value.day}, {value.year}"


def points(value: float) -> str:
    """Format a score to one decimal place, without a needless ".0"."""
    return f"{round(value, 1):g}"


def span(value: datetime.timedelta) -> str:
    """Say a length of time the way people do: "3 days", "1 day", "12 hours"."""
    hours = round(value.total_seconds() / 3600)
    days, rest = divmod(hours, 24)
    if days and not rest:
        return f"{days} day{'s' if days > 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    library = app.extensions["quiz.library"]
    app.jinja_env.globals.update(static_url=assets.static_url, nav_links=NAV_LINKS, sources_for=library.sources_for)
    app.jinja_env.filters.update(longdate=longdate, nearby=nearby, points=points, span=span)
