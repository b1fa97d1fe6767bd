"""Pages that help beyond one question: the glossary, and questions to ask a care team.

Thin views over quiz/glossary.py and quiz/care_team.py, plus the Jinja filter that
links glossary terms in bank text the first time each appears on a page.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template, url_for
from markupsafe import Markup

from . import session_state as state
from .care_team import hardest_topics
from .reader import find_quiz, library, saved

bp = Blueprint("learn", __name__)


@bp.app_template_filter()
def glossary_links(value: str) -> Markup:
    """Escape bank text and link each glossary term's first use on this page to its entry."""
    # One set per request: g lives exactly as long as the page being rendered.
    seen = g.setdefault("glossary_seen", set())
    return library().glossary.link(value, seen, url_for("learn.glossary"))


@bp.get("/glossary")
def glossary() -> str:
    """List every glossary term with its plain-language meaning and sources."""
    return render_template("glossary.html", terms=library().glossary.terms)


@bp.get("/quiz/<key>/care-team")
def care_team(key: str) -> str:
    """Suggest questions to ask a care team about the topics this attempt found hardest."""
    lib, quiz = library(), find_quiz(key)
    # Read the cookie but never restart or redirect: without answers the page still
    # helps, with the general questions only.
    progress = saved(quiz)
    hard = state.hard_questions(progress, quiz) if progress else []
    missed_before = progress is not None and progress.missed_round
    topics = [(lib.topics[tag], count, lib.care_team.by_topic.get(tag, ()))
              for tag, count in hardest_topics(hard, list(lib.topics))]
    answered = progress is not None and bool(progress.answers)
    return render_template("care_team.html", quiz=quiz, topics=topics, answered=answered,
                           missed_before=missed_before, general=lib.care_team.general)
