"""What keeps the site locked down: response headers (CSP, caching and the rest), the cap on
request bodies, the CSRF check with its friendly pages, and the same-site test for forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from .assets import static_url

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'none'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Features a quiz never needs; only names Chromium knows, so browsers log no warnings.
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
    "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
))

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors 'none' for browsers too old to read it
}
# One year, this host only: other hosts of a clinic's domain may still need plain HTTP.
HSTS = "max-age=31536000"
IMMUTABLE = "public, max-age=31536000, immutable"


def cache_control(response: Response) -> str:
    """Return the caching rule: static files at their hashed URL forever, everything else never."""
    static = request.endpoint == "static" and request.method in ("GET", "HEAD")
    if not static or response.status_code not in (200, 206, 304):
        # Pages, redirects and errors can carry quiz state or a fresh cookie.
        return "no-store"
    filename = (request.view_args or {}).get("filename", "")  # one found at start-up: others get a 404
    # Only a file's own name with its hash: any other spelling of it may mean another file later.
    hashed = static_url(filename) == request.script_root + request.full_path
    # An old or unhashed URL may be served new content later, so it must be checked each time.
    return IMMUTABLE if hashed else "no-cache"


def add_headers(response: Response, fixed: list[tuple[str, str]]) -> Response:
    """Add the security headers and the caching rule to a response."""
    # Appended, not set one by one: no view sets these, and this runs on every response.
    response.headers.extend(fixed)
    response.headers["Cache-Control"] = cache_control(response)
    return response


def refuse_long_streams() -> None:
    """Refuse (413) a body sent without a length, in chunks, that runs past MAX_CONTENT_LENGTH.

    Werkzeug refuses a too-long body that states its length, but reads a chunked one only up to
    the limit and stops there without a word: the form would be read cut short. Chunks that do
    not parse get the 400 page.
    """
    if request.content_length is None and request.method not in ("GET", "HEAD", "OPTIONS") \
            and "wsgi.input_terminated" in request.environ:
        try:
            request.get_data()  # at most MAX_CONTENT_LENGTH bytes, kept for the form parser
            more = request.environ["wsgi.input"].read(1)
        except HTTPException:
            raise
        except Exception:  # each server raises its own error for broken chunks (gunicorn: ParseException)
            abort(400)
        if more:
            abort(413)


class CSRF(CSRFProtect):
    """Flask-WTF's form check, refusing (400) what it cannot read instead of failing with a 500.

    - Werkzeug names a multipart part whose name cannot be read None (no browser sends one),
      and Flask-WTF's search of the field names for a token then raises AttributeError.
    - A token signed with the key but holding something other than ASCII text (only someone
      with the key can make one) makes its comparison raise TypeError; a leaked key must not
      turn into error pages.

    A form sent to no page of the app (a 404 or 405: no endpoint) is left to its own error.
    """

    def protect(self, apply_exemptions: bool = False) -> None:
        if request.endpoint and request.method in current_app.config["WTF_CSRF_METHODS"] and None in request.form:
            abort(400)
        try:
            super().protect(apply_exemptions)
        except TypeError:
            raise CSRFError("The CSRF token is invalid.") from None


def from_this_site() -> bool:
    """Return whether a form was sent from one of this site's pages, as far as the browser says.

    A page elsewhere can post to the quiz; the browser then sends no session cookie (SameSite),
    and answering with a fresh token would set a new cookie over the reader's progress.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    try:
        return urlsplit(origin).netloc == request.host
    except ValueError:  # not a URL at all, such as "http://["
        return False


def init_app(app: Flask) -> None:
    """Register the body check and the header hook; HSTS only when the cookie is HTTPS-only too.

    Call before the CSRF check is registered, so a too-long body is refused before the form is read.
    """
    fixed = list(HEADERS.items())
    if app.config.get("SESSION_COOKIE_SECURE"):
        fixed.append(("Strict-Transport-Security", HSTS))
    app.before_request(refuse_long_streams)
    app.after_request(lambda response: add_headers(response, fixed))
