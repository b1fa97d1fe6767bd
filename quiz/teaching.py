"""Pages for clinic staff: build a shareable set, present a quiz on a projector, print worksheets.

Every page here is a GET page, so each works with JavaScript off and can be bookmarked;
none changes anything on the server. The presenter and the worksheets show a quiz by its key
(a bank id or a set key); the builder's form makes a set's key.
"""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit, urlunsplit

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from . import sets
from .session_state import Quiz
from .reader import find_quiz, library

bp = Blueprint("teaching", __name__)

# The set's page opens at its title, so say where the link to share is (at its end).
SET_READY = "Your set is ready. Its link to share is in the “For clinic staff” part at the end of this page."
NAME_CHANGED = "To fit in a link, the name now reads “{name}”."


@bp.app_template_global()
def share_link(quiz: Quiz) -> str:
    """Return the full link that opens a quiz on a phone: what the QR code and printouts hold.

    It starts with QUIZ_PUBLIC_URL when that is set, so no request's Host header can change it.
    """
    if public := current_app.config.get("PUBLIC_URL"):
        return public + url_for("quiz.intro", key=quiz.key)
    return url_for("quiz.intro", key=quiz.key, _external=True)


@bp.app_template_filter()
def readable(link: str) -> Markup:
    """Return a link as people read and type it: letters in their own script, no percent codes.

    A "?" or "#" in the path (a set named "Any questions?") stays coded: typed as it is, it
    would end the path and the link would lead nowhere. A line may break after each "/" of the
    path, so a long link on a slide wraps between its parts rather than inside a word.
    """
    parts = urlsplit(link)
    path = unquote(parts.path).replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    text = urlunsplit(parts._replace(path=path))
    site = urlunsplit(parts._replace(path="", query="", fragment=""))
    return escape(site) + Markup(str(escape(text[len(site):])).replace("/", "/<wbr>").removesuffix("<wbr>"))


def qr_svg(data: str) -> str:
    """Return a QR code for data as SVG, made here (no outside service), black on white with a quiet zone."""
    out = io.BytesIO()
    # Presentation attributes only (fill, stroke), never style=, so the strict CSP allows it.
    segno.make(data, error="m", micro=False).save(
        out, kind="svg", border=4, dark="#000", light="#fff", omitsize=True,
        xmldecl=False, svgclass=None, lineclass=None, title="QR code: " + data)
    return out.getvalue().decode()


@bp.get("/teach/build")
def build() -> Response | tuple[str, int] | str:
    """Show the set builder; once sent, redirect to the new set's page, whose URL holds the whole set."""
    args = request.args
    page = dict(catalog=sets.catalog(library()), max_questions=sets.MAX_QUESTIONS, max_name=sets.MAX_NAME)
    if "name" not in args:
        return render_template("teach/build.html", name=sets.DEFAULT_NAME, order="listed", picked=(), **page)
    order, picked = args.get("order", ""), args.getlist("q")
    try:
        qset = sets.build(library(), args["name"], picked, order)
    except sets.SetError as exc:
        html = render_template("teach/build.html", name=args["name"][:sets.MAX_NAME], order=order, picked=set(picked),
                               error=str(exc), wrong=exc.field, **page)
        return html, 400
    flash(SET_READY, "notice")
    if sets.left_out(args["name"], qset.title):
        flash(NAME_CHANGED.format(name=qset.title), "notice")
    return redirect(url_for("quiz.intro", key=qset.key), code=303)


@bp.get("/quiz/<key>/present")
def cover(key: str) -> str:
    """Show the title slide: the QR code and link for the room, and the way in to question 1."""
    quiz = find_quiz(key)
    return render_template("teach/cover.html", quiz=quiz)


@bp.get("/quiz/<key>/present/<number:number>")
def slide(key: str, number: int) -> str:
    """Show one question in large type; with ?reveal=1, its answers, feedback and explanation too."""
    quiz = find_quiz(key, number)
    # The reveal state lives in the URL, so every view of a slide can be bookmarked and reloaded.
    reveal = request.args.get("reveal") == "1"
    return render_template("teach/slide.html", quiz=quiz, number=number, q=quiz.questions[number - 1],
                           reveal=reveal)


@bp.get("/quiz/<key>/present/end")
def recap(key: str) -> str:
    """List every question with its answer, to close the class."""
    quiz = find_quiz(key)
    return render_template("teach/recap.html", quiz=quiz)


@bp.get("/quiz/<key>/worksheet")
def worksheet(key: str) -> str:
    """Show a printable worksheet: questions and tick boxes, never the answers."""
    quiz = find_quiz(key)
    return render_template("teach/worksheet.html", quiz=quiz)


@bp.get("/quiz/<key>/answer-key")
def answer_key(key: str) -> str:
    """Show a printable answer key: answers, explanations, and the sources listed once at the end."""
    quiz = find_quiz(key)
    # Each source is cited by number, so a long title prints once rather than under every question.
    cited = list(dict.fromkeys(s for q in quiz.questions for s in library().sources_for(q)))
    return render_template("teach/answer_key.html", quiz=quiz, cited=cited)


@bp.get("/quiz/<key>/qr.svg")
def qr(key: str) -> Response:
    """Return the QR code that opens a quiz on a phone, as an SVG image."""
    quiz = find_quiz(key)
    try:
        return Response(qr_svg(share_link(quiz)), mimetype="image/svg+xml")
    except segno.DataOverflowError:  # a link too long for any QR code: only a forged Host header makes one
        abort(400)
