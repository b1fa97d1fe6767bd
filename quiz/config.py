"""Settings, all read from environment variables that start with QUIZ_."""

from __future__ import annotations

import datetime
import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

PREFIX = "QUIZ_"
log = logging.getLogger("quiz")


def resource_dir(name: str) -> Path:
    """Return a shipped folder: beside the installed package, else at the repository root."""
    installed = Path(__file__).resolve().parent / name
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / name


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """Raised when the settings make it unsafe to start."""


# name: (default, meaning) -- the README's settings table is written from this.
SETTINGS: dict[str, tuple[str, str]] = {
    "ENV": ("development", "`production` refuses to start without a secret key and turns on Secure cookies; "
                           "the gunicorn config sets it"),
    "SECRET_KEY": ("", "signs the session cookie; required in production, shared by every worker and host"),
    "COOKIE_SECURE": ("on in production", "send the cookie over HTTPS only; set 0 for a plain-HTTP intranet"),
    "SESSION_HOURS": ("12", "how long quiz progress lasts in the browser"),
    "MAX_BODY_BYTES": ("8192", "largest request body accepted; larger gets the 413 page"),
    "QUESTIONS_DIR": ("the bundled banks", "folder of bank files to serve"),
    "BIND": ("127.0.0.1:8000", "gunicorn only: address to listen on"),
    "WORKERS": ("2 x CPU cores + 1", "gunicorn only: worker processes"),
}


def from_env(environ: Mapping[str, str] = os.environ) -> dict:
    """Return Flask config built from QUIZ_ environment variables."""
    env = environ.get(PREFIX + "ENV", "development").strip().lower()
    production = env == "production"
    secret = environ.get(PREFIX + "SECRET_KEY", "")
    if not secret:
        if production:
            raise ConfigError("QUIZ_SECRET_KEY is not set: set it to a long random string "
                              "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`) and start again.")
        log.warning("QUIZ_SECRET_KEY is not set; using a random key, so sessions end when the app restarts.")
        secret = secrets.token_hex(32)
    secure = environ.get(PREFIX + "COOKIE_SECURE")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "SESSION_COOKIE_SECURE": _flag(secure) if secure is not None else production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(hours=int(environ.get(PREFIX + "SESSION_HOURS", "12"))),
        "MAX_CONTENT_LENGTH": int(environ.get(PREFIX + "MAX_BODY_BYTES", "8192")),
        "QUESTIONS_DIR": environ.get(PREFIX + "QUESTIONS_DIR") or str(resource_dir("questions")),
    }
