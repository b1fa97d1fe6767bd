"""Settings, all read from environment variables that start with QUIZ_."""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

PREFIX = "QUIZ_"
ENVIRONMENTS = ("development", "production")
log = logging.getLogger("quiz")


def resource_dir(name: str) -> Path:
    """Return a shipped folder: beside the installed package, else at the repository root."""
    installed = Path(__file__).resolve().parent / name
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / name


class ConfigError(RuntimeError):
    """Raised when the settings make it unsafe to start."""


# name: (default, meaning) -- the README's settings table, row for row (a test checks).
SETTINGS: dict[str, tuple[str, str]] = {
    "ENV": ("development", "`production` refuses to start without a secret key and turns on Secure cookies "
                           "and HSTS; the gunicorn config sets it"),
    "SECRET_KEY": ("", "signs the session cookie; required in production (32 characters or more), "
                       "shared by every worker and host"),
    "SECRET_KEY_FALLBACKS": ("", "older keys, comma-separated, still accepted while a new key rolls out "
                                 "(see docs/deploy.md); in production each must be 32 characters or more"),
    "COOKIE_SECURE": ("on in production", "send the cookie over HTTPS only (named `__Host-session`, so no other "
                                          "subdomain can replace it), and send HSTS; set 0 for a plain-HTTP intranet"),
    # At least 20 hours, so a reader who comes back the next day finds their answers (WCAG 2.2.1).
    "SESSION_HOURS": ("72", "how long quiz progress lasts in the browser after the last answer (1 to 8760)"),
    "MAX_BODY_BYTES": ("8192", "largest request body accepted; larger gets the 413 page (1024 to 1048576)"),
    "QUESTIONS_DIR": ("the bundled banks", "folder of bank files to serve"),
    "PUBLIC_URL": ("the address each request names", "the site's own address, such as `https://quiz.example.org`, "
                                                     "for the full links in QR codes, share links and printouts; "
                                                     "set it in production, so no request can change them"),
    "BIND": ("127.0.0.1:8000", "gunicorn only: address to listen on (`0.0.0.0:8000` in a container)"),
    "WORKERS": ("2 × CPU cores + 1", "gunicorn only: worker processes (1 to 256)"),
}


def _flag(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{PREFIX}{name} must be 1 or 0 (on or off), not {value!r}.")


# The highest sane value of each number: beyond it a typo (an extra zero or three) would fork
# thousands of workers, keep cookies for centuries (past the calendar's end: 500 errors) or
# accept request bodies far bigger than any form.
HIGHEST = {"WORKERS": 256, "SESSION_HOURS": 24 * 365, "MAX_BODY_BYTES": 1024 * 1024}


def _number(environ: Mapping[str, str], name: str, lowest: int = 1) -> int:
    value = environ.get(PREFIX + name) or SETTINGS[name][0]
    highest = HIGHEST[name]
    if not (value.strip().isascii() and value.strip().isdigit()) or not lowest <= int(value) <= highest:
        raise ConfigError(f"{PREFIX}{name} must be a whole number from {lowest} to {highest}, not {value!r}.")
    return int(value)


def workers(environ: Mapping[str, str] = os.environ) -> int:
    """Return the gunicorn worker count: QUIZ_WORKERS, else 2 × the CPUs this process may use + 1."""
    if environ.get(PREFIX + "WORKERS"):
        return _number(environ, "WORKERS")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 2 * cpus + 1


MIN_SECRET = 32  # characters: a guessable key lets anyone forge cookies and form tokens
MAKE_SECRET = "`python3 -c 'import secrets; print(secrets.token_hex(32))'`"


def _secret(secret: str, production: bool) -> str:
    """Return the key to sign with: `secret` if it is safe to use, else a random one in development."""
    if not secret.strip():
        if production:
            raise ConfigError(f"QUIZ_SECRET_KEY is not set: set it to a long random string (e.g. {MAKE_SECRET}) "
                              "and start again.")
        log.warning("QUIZ_SECRET_KEY is not set; using a random key, so sessions end when the app restarts.")
        return secrets.token_hex(32)
    if production and len(secret) < MIN_SECRET:
        raise ConfigError(f"QUIZ_SECRET_KEY is too short ({len(secret)} characters): use at least {MIN_SECRET} "
                          f"random characters (e.g. {MAKE_SECRET}) and start again.")
    return secret


def _fallbacks(environ: Mapping[str, str], secret: str, production: bool) -> dict:
    """Return the settings that keep cookies and form tokens signed with older keys valid."""
    old = [key.strip() for key in environ.get(PREFIX + "SECRET_KEY_FALLBACKS", "").split(",") if key.strip()]
    if not old:
        return {}
    if production and any(len(key) < MIN_SECRET for key in old):
        # An old key still signs what the app accepts: a short one is as guessable as a short key.
        raise ConfigError(f"QUIZ_SECRET_KEY_FALLBACKS holds a key shorter than {MIN_SECRET} characters: "
                          "remove it, or it lets anyone forge cookies and form tokens.")
    # Sign with the newest key (the last), accept any: Flask's session and Flask-WTF's tokens alike.
    return {"SECRET_KEY_FALLBACKS": old, "WTF_CSRF_SECRET_KEY": [*old, secret]}


def _public_url(environ: Mapping[str, str]) -> str:
    """Return the site's own address (scheme and host only, no slash at the end), or "" if not set."""
    value = environ.get(PREFIX + "PUBLIC_URL", "").strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (reading it checks it: a port that is not a number raises)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") \
            or parts.query or parts.fragment or "@" in parts.netloc or parts.netloc.endswith(":") \
            or any(ch.isspace() or ch == "\\" for ch in value):
        raise ConfigError(f"{PREFIX}PUBLIC_URL must be the site's address, such as https://quiz.example.org, "
                          f"not {value!r}.")
    return f"{parts.scheme}://{parts.netloc}"


def from_env(environ: Mapping[str, str] = os.environ, given: Mapping | None = None) -> dict:
    """Return Flask config built from QUIZ_ environment variables; raise ConfigError if unsafe.

    `given` (create_app's test config) wins over the environment, and what follows from it
    is worked out from it: a given SECRET_KEY needs no QUIZ_SECRET_KEY, and a given
    SESSION_COOKIE_SECURE picks the cookie's name.
    """
    given = given or {}
    env = environ.get(PREFIX + "ENV", "development").strip().lower()
    if env not in ENVIRONMENTS:
        # A typo such as "prod" must not quietly fall back to the lenient development mode.
        raise ConfigError(f"QUIZ_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
    production = env == "production"
    switch = environ.get(PREFIX + "COOKIE_SECURE")
    secure = given.get("SESSION_COOKIE_SECURE", _flag("COOKIE_SECURE", switch) if switch else production)
    # A given key passes the same checks as one from the environment (a short one is refused in production).
    secret = _secret(given.get("SECRET_KEY") or environ.get(PREFIX + "SECRET_KEY", ""), production)
    return {
        "SECRET_KEY": secret,
        **_fallbacks(environ, secret, production),
        "SESSION_COOKIE_SECURE": secure,
        # Over HTTPS, the __Host- prefix makes browsers refuse a cookie of this name that another
        # subdomain (or a page over plain HTTP) tries to set: no sibling site can swap a reader's progress.
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(hours=_number(environ, "SESSION_HOURS")),
        # Send the cookie only when progress changes: pages that merely read it (and /healthz,
        # static files) then carry no Set-Cookie, and responses stay small.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "MAX_CONTENT_LENGTH": _number(environ, "MAX_BODY_BYTES", lowest=1024),
        "QUESTIONS_DIR": environ.get(PREFIX + "QUESTIONS_DIR") or str(resource_dir("questions")),
        "PUBLIC_URL": _public_url(environ),
        # A form's token lasts as long as the cookie it is tied to. Flask-WTF's HTTPS check wants
        # a Referer from this site on every form, and the pages ask browsers to send none
        # (Referrer-Policy: no-referrer): over HTTPS every form would fail. The token, tied to
        # the reader's SameSite=Lax cookie, is what protects a form.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        **given,
    }
