"""Quiz pages: home, about, and the question → feedback → summary flow."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from . import errors, security
from . import session_state as state
from .questions import Parsed, Question
from .reader import RESTARTED, anything_saved, find_quiz, library, load, restart, save, saved
from .session_state import Progress, Quiz
from .templating import render_shared

bp = Blueprint("quiz", __name__)

IN_PROGRESS = "You have already started this quiz. Continue where you left off, or start over."
FINISHED = "You have already answered every question. See your results, or start over."
NOTHING_MISSED = "Every answer was right, so there is nothing to try again."
RESTARTED_SINCE = "That button was on an older page, and this quiz has started again since then. This is where you are now."
EXPIRED = "{}, so only this answer is saved."  # after reader.NOT_FOUND or reader.CHANGED
ANSWERED = "You had already answered this question. Your first answer is the one that counts."
ANSWERED_BEFORE = "You have already answered this question, so here is its feedback."
STALE = "That answer came from an older page, so it was not saved. Please answer the question on this page."
STARTED_OVER = "You started over, so your earlier answers in this quiz are cleared."
CLEARED = "Your quiz answers are cleared from this browser."
MOVED_ON = "You are now in the round of questions you missed. This is where you are in that round."
NOT_SENT = ("Your answer was not saved, because this browser no longer had your place in the quiz. Your picks "
            "are still marked. Look them over, then press “Check my answer” again. If this keeps happening, turn on "
            "cookies for this site in your browser's settings.")


def refused(quiz: Quiz, number: int, question: Question) -> Parsed | None:
    """Return (and forget) the error and picks of the answer to this question that was just refused.

    A set and a bank can share a question, so the quiz and the number must match too.
    """
    if "refused" not in session:
        return None  # pop() alone would mark the session changed and send the cookie again
    data = session.pop("refused")
    if isinstance(data, dict) and data.get("at") == [quiz.key, number, question.id] \
            and isinstance(data.get("e"), str) and isinstance(data.get("k"), str):
        return Parsed(data["k"], data["e"])
    return None


def render_attempt(template: str, quiz: Quiz, progress: Progress, *shown, **context) -> str:
    """Render a page of an attempt; a bank's full round once for each `shown` (templating.render_shared).

    Its question and feedback pages are alike for every reader who got there the same way; a
    round of missed questions and a custom set are rendered afresh.
    """
    context.update(quiz=quiz, progress=progress)
    if not progress.missed_round and not quiz.is_set:
        return render_shared((quiz.key, quiz.version, *shown), template, **context)
    return render_template(template, **context)


def at(endpoint: str, quiz: Quiz, **values) -> Response:
    """Redirect (303) to a page of this quiz."""
    return redirect(url_for(endpoint, key=quiz.key, **values), code=303)


def not_in_attempt(quiz: Quiz, progress: Progress, number: int) -> Response:
    """Answer a page of an old round by leading to where the reader is in the new one; its form is not saved.

    After "Try the missed questions again", the old round's pages (say, by the Back button) are
    numbers this round of missed questions does not cover, or feedback pages it has not reached.
    (find_quiz has already refused numbers the quiz does not have, and a full attempt covers all
    the others.)
    """
    flash(STALE if request.method == "POST" else MOVED_ON, "notice")
    following = state.next_unanswered(progress, quiz)
    return at("quiz.question", quiz, number=following) if following else at("quiz.summary", quiz)


@bp.get("/")
def home() -> str:
    """List the banks a reader can take."""
    return render_shared("home", "home.html", banks=library().ordered())  # the same for every reader


@bp.get("/about")
def about() -> str:
    """Say what the app is and is not, its sources and its privacy stance."""
    return render_template("about.html", sources=library().sources.values(), saved=anything_saved(),
                           confirm=bool(request.args.get("clear")), kept=state.KEEP)


@bp.post("/clear-answers")
def clear_answers() -> Response:
    """Forget every quiz this browser has answers in, so the next person on a shared device starts fresh."""
    session.clear()
    flash(CLEARED, "notice")
    return redirect(url_for("quiz.home"), code=303)


@bp.get("/quiz/<key>/")
def intro(key: str) -> str:
    """Describe a quiz before it starts; offer to carry on if this browser has answers in it.

    The summary's Start over leads here (?over=1), so a tap next to "Try the missed questions
    again" never clears results by itself: this page asks first.
    """
    quiz = find_quiz(key)
    progress = saved(quiz)
    if progress and not progress.begun:
        progress = None
    resume = state.next_unanswered(progress, quiz) if progress else None
    return render_template("intro.html", quiz=quiz, progress=progress, resume=resume,
                           confirm=bool(request.args.get("over")))


@bp.post("/quiz/<key>/start")
def start(key: str) -> Response:
    """Start a quiz at question 1; answers already given are only dropped when asked (?over=1)."""
    quiz = find_quiz(key)
    progress = saved(quiz)
    if progress and progress.begun:
        if not request.args.get("over"):
            flash(IN_PROGRESS if state.next_unanswered(progress, quiz) else FINISHED, "notice")
            return at("quiz.intro", quiz)
        flash(STARTED_OVER, "notice")
    save(state.start(quiz))
    return at("quiz.question", quiz, number=1)


@bp.post("/quiz/<key>/retry")
def retry(key: str) -> Response:
    """Start an attempt covering only the questions not answered fully right."""
    quiz = find_quiz(key)
    progress = saved(quiz)
    if progress is None:
        restart(quiz)
        return at("quiz.question", quiz, number=1)
    following = state.next_unanswered(progress, quiz)
    if following:
        # Retry is offered only once every question is answered: this button is from an older page,
        # and since then (in another tab, say) a round of missed questions began, or the quiz started again.
        flash(MOVED_ON if progress.missed_round else RESTARTED_SINCE, "notice")
        return at("quiz.question", quiz, number=following)
    again = state.retry(progress, quiz)
    if again is None:
        # A stale Retry button (an old tab) on a round with nothing missed: keep it as it is.
        flash(NOTHING_MISSED, "notice")
        return at("quiz.summary", quiz)
    save(again)
    return at("quiz.question", quiz, number=1)


@bp.route("/quiz/<key>/<number:number>", methods=["GET", "POST"])
def question(key: str, number: int) -> Response | str:
    """Show a question; on POST, record a first answer and go to its feedback."""
    quiz = find_quiz(key, number)  # before the cookie is read: a wrong number starts nothing
    posted = request.method == "POST"
    # Without saved answers the quiz starts afresh; a posted answer is still kept (see below).
    progress, restarted = load(quiz, notice=not posted and number > 1)
    current = progress.question(quiz, number)
    if current is None:
        return not_in_attempt(quiz, progress, number)
    if posted and request.form.get("question") != current.id:
        # A form from before a retry or a content change: its answer belongs to another question.
        # If the attempt it was part of is gone too, say so: the quiz starts again.
        flash(RESTARTED.format(restarted) if restarted else STALE, "notice")
        return at("quiz.question", quiz, number=1 if restarted else number)
    if number in progress.answers:
        # Only the first answer counts: the page for an answered question is its feedback, with a
        # word on why (after Back from the feedback, the question seems not to open otherwise).
        flash(ANSWERED if posted else ANSWERED_BEFORE, "notice")
        return at("quiz.feedback", quiz, number=number)
    if not posted:
        if restarted and number > 1:
            return at("quiz.question", quiz, number=1)
        if parsed := refused(quiz, number, current):
            return render_template("question.html", quiz=quiz, progress=progress, number=number, parsed=parsed)
        return render_attempt("question.html", quiz, progress, number, number=number)
    parsed = current.parse(request.form.to_dict(flat=False))
    if parsed.error:
        # Shown by a GET (Post/Redirect/Get), so Back and Reload never offer to send the form
        # again; the fragment brings the error into view even without JavaScript.
        session["refused"] = {"at": [quiz.key, number, current.id], "e": parsed.error, "k": parsed.kept}
        return at("quiz.question", quiz, number=number, _anchor="answer-error")
    save(state.record(progress, number, parsed.answer))
    if restarted and number > 1:
        flash(EXPIRED.format(restarted), "notice")
    return at("quiz.feedback", quiz, number=number)


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Response | tuple[str, int]:
    """Answer a form of this site whose token did not check out, most often because the cookie ran out.

    Start and "Try the missed questions again" then have nothing left to lose: the quiz starts.
    "Clear my answers" with nothing saved clears nothing; with answers saved it asks again.
    An answer form comes back as its question with the reader's picks still marked and a fresh
    token, so nothing they chose is lost; it is saved only when they send it again. Anything
    else gets the error page.
    """
    if request.endpoint == "quiz.clear_answers" and security.from_this_site():
        if not anything_saved():
            return clear_answers()
        return redirect(url_for("quiz.about", clear=1, _anchor="confirm"), code=303)
    values = request.view_args or {}
    quiz = library().quiz(values.get("key", ""))
    if quiz is None or not security.from_this_site():
        return errors.csrf_error(error)
    if request.endpoint in ("quiz.start", "quiz.retry") and saved(quiz) is None:
        restart(quiz, notice=request.endpoint == "quiz.retry")  # a retry of answers no longer kept
        return at("quiz.question", quiz, number=1)
    if request.endpoint != "quiz.question":
        return errors.csrf_error(error)
    number = values["number"]
    progress = saved(quiz) or state.start(quiz)  # not saved: the answer, once sent, restarts it (EXPIRED)
    current = progress.question(quiz, number)
    if current is None or number in progress.answers or request.form.get("question") != current.id:
        return errors.csrf_error(error)
    parsed = current.parse(request.form.to_dict(flat=False))
    shown = Parsed(parsed.kept, NOT_SENT, invalid=parsed.error is not None)
    return render_template("question.html", quiz=quiz, progress=progress, number=number, parsed=shown), 400


@bp.get("/quiz/<key>/<number:number>/feedback")
def feedback(key: str, number: int) -> Response | str:
    """Say whether an answer was right, and why."""
    quiz = find_quiz(key, number)
    progress, _ = load(quiz, notice=number > 1)
    if progress.question(quiz, number) is None or progress.missed_round and number not in progress.answers:
        # Beyond this round of missed questions, or not answered in it: an old round's page (by Back).
        return not_in_attempt(quiz, progress, number)
    if number not in progress.answers:
        return at("quiz.question", quiz, number=number if progress.answers else 1)
    so_far = state.next_unanswered(progress, quiz) is not None  # questions left: results "so far"
    # Feedback depends only on the question, the answer and whether any are left.
    return render_attempt("feedback.html", quiz, progress, number, progress.answers[number], so_far,
                          number=number, so_far=so_far)


@bp.get("/quiz/<key>/summary")
def summary(key: str) -> Response | str:
    """Show the score and review every question of the attempt."""
    quiz = find_quiz(key)
    progress, _ = load(quiz, notice=True)
    if not progress.answers:
        # Nothing to score yet (say, Back to this page after Start over): the quiz is that way.
        if progress.missed_round:
            flash(MOVED_ON, "notice")  # Back from a new round of missed questions: the old results are gone
        return at("quiz.question", quiz, number=1)
    rows = state.results(progress, quiz)
    return render_template("summary.html", quiz=quiz, progress=progress, rows=rows, score=state.score(rows),
                           resume=state.next_unanswered(progress, quiz))
