"""Error pages in the site's own layout, for every status a reader can meet."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, NotFound

bp = Blueprint("errors", __name__)

PAGES: dict[int, tuple[str, str]] = {
    400: ("This page could not be used",
          "Something in the request was not right. This can happen when a page was open for a long time, "
          "or cookies are blocked. If cookies are on, the answers you gave are still kept: go back and try again."),
    404: ("Page not found",
          "We could not find that page. The link may be old or mistyped."),
    405: ("That did not work",
          "This page cannot be used that way. Please use the buttons and links on the page."),
    413: ("That was too much to send",
          "The form sent more than this quiz ever needs, so it was not read. Please go back and try again."),
    500: ("Something went wrong on our side",
          "The quiz had a problem it did not expect. Please try again in a moment."),
}
CSRF_PAGE = ("This page has expired",
             "To protect your answers, a form can only be sent from a page this quiz gave you, and the quiz needs "
             "cookies to keep your place. Go back, reload the page and try again. If this keeps happening, "
             "turn on cookies for this site in your browser's settings.")


def render_error(code: int, heading: str, message: str) -> tuple[str, int]:
    """Render the shared error page with a status code."""
    if request_ctx.url_adapter is None:
        # A Host header no URL can be built for (an empty label, say) left Flask without a URL
        # adapter, and the page's links would fail. They are paths, so any host name will do.
        request_ctx.url_adapter = current_app.url_map.bind("localhost", script_name=request.script_root or "/",
                                                           url_scheme=request.scheme)
    return render_template("error.html", code=code, heading=heading, message=message), code


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> tuple[str, int]:
    """Explain a missing or stale form token and offer a restart."""
    return render_error(400, *CSRF_PAGE)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]]:
    """Show any HTTP error in the site's layout, an unexpected failure (500) too.

    Flask hands redirects and code-less exceptions back before any handler, and wraps any
    other exception in a 500 whose traceback goes to the log, never to the reader. Headers the
    error carries (Allow on a 405, Content-Range on a 416) are kept.
    """
    code = error.code
    heading, message = PAGES.get(code, (error.name, PAGES[400][1] if code < 500 else PAGES[500][1]))
    if code == 404 and error.description != NotFound.description:
        message = error.description  # the app's own words (abort(404, "...")): Werkzeug's 404s keep the default
    return *render_error(code, heading, message), error.get_headers()
