"""What a request is about: the quiz its URL names, and the reader's progress in that quiz.

The lookups every blueprint shares. Progress lives only in the signed session cookie; the
rules for what it holds are in session_state.py, which knows nothing of Flask.
"""

from __future__ import annotations

from flask import abort, current_app, flash, session

from . import session_state as state
from . import sets
from .bank import Library
from .session_state import Progress, Quiz

# Why a quiz had to start afresh (the first half of a notice; the views say what became of it).
NOT_FOUND = "We could not find saved answers for this quiz"
CHANGED = "This quiz has changed since you last used it"
RESTARTED = "{}, so it has started again from question 1."
# Someone shared the link, so say what to ask for (the key starts with "~" but opens no set).
SET_NOT_FOUND = ("This link is for a set of questions made by clinic staff. Part of it is missing or was changed, "
                 "so we cannot tell which questions it holds. Ask the person who shared it for the whole link "
                 "again, or choose one of our quizzes.")
MADE_ROOM = "This browser keeps answers for up to {kept} quizzes, so your answers in “{title}” were cleared to make room."


def library() -> Library:
    """Return the question library loaded at start-up."""
    return current_app.extensions["quiz.library"]


def find_quiz(key: str, number: int | None = None) -> Quiz:
    """Return the quiz a URL names, or end the request with 404 (also if it has no question `number`)."""
    quiz = library().quiz(key)
    if quiz is None:
        abort(404, SET_NOT_FOUND if sets.is_set_key(key) else None)  # None: the usual words
    if number is not None and not 1 <= number <= len(quiz.questions):
        abort(404)
    return quiz


def anything_saved() -> bool:
    """Tell whether this browser's cookie holds answers to clear (the About page's "Clear my answers")."""
    return any(state.holds_work(entry) for entry in state.attempts(session.get("quizzes")))


def saved(quiz: Quiz) -> Progress | None:
    """Return this quiz's attempt from the signed session cookie, if it holds a valid one."""
    return state.find(session.get("quizzes"), quiz)


def save(progress: Progress) -> None:
    """Store progress in the signed session cookie, beside the reader's other recent quizzes.

    When the cookie is full, the answers kept longest go: the reader is told which.
    """
    before = session.get("quizzes")
    session["quizzes"] = state.keep(before, progress)
    session.permanent = True
    for key in state.dropped(before, session["quizzes"]):
        if quiz := library().quiz(key):  # a quiz no longer served has nothing to name
            flash(MADE_ROOM.format(kept=state.KEEP, title=quiz.title), "notice")


def restart(quiz: Quiz, notice: bool = True) -> tuple[Progress, str]:
    """Begin the quiz again; return it and why (NOT_FOUND or CHANGED), telling the reader if `notice`."""
    why = CHANGED if state.outdated(session.get("quizzes"), quiz) else NOT_FOUND
    progress = state.start(quiz)
    save(progress)
    if notice:
        flash(RESTARTED.format(why), "notice")
    return progress, why


def load(quiz: Quiz, notice: bool) -> tuple[Progress, str | None]:
    """Return this quiz's progress from the cookie, and why it had to start afresh (None if it did not).

    The reason is told to the reader if `notice`.
    """
    progress = saved(quiz)
    if progress is not None:
        return progress, None
    return restart(quiz, notice)
