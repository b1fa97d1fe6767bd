"""GEP-NET symptom-education quiz: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask
from werkzeug.routing import IntegerConverter

from . import assets, config, errors, health, learn, security, teaching, templating, views
from .cookie import CookieSessionInterface
from .bank import BankError, load_library

csrf = security.CSRF()


class Number(IntegerConverter):
    """A question number as url_for writes it: ASCII digits, no leading zero ("01" or "١" is no page of its own)."""

    regex = r"[1-9][0-9]*"


def refuse(error: Exception, reason: str) -> NoReturn:
    """Stop start-up: from the `flask` command, with the reason alone; elsewhere, by re-raising.

    Run from the command line (`flask --app quiz run`), a traceback would bury the one line
    that says what to fix; gunicorn's config and the tests get the exception itself.
    """
    if click.get_current_context(silent=True) is not None:
        raise click.ClickException(f"Refusing to start: {reason}") from None
    raise error


def create_app(test_config: Mapping | None = None) -> Flask:
    """Create the app: settings, CSRF, banks (validated once), pages and error pages."""
    app = Flask(
        __name__,
        template_folder=str(config.resource_dir("templates")),
        static_folder=str(config.resource_dir("static")),
    )
    try:
        app.config.update(config.from_env(given=test_config))
    except config.ConfigError as exc:
        refuse(exc, str(exc))
    app.session_interface = CookieSessionInterface()
    try:
        app.extensions["quiz.library"] = load_library(Path(app.config["QUESTIONS_DIR"]))
    except BankError as exc:
        app.logger.error("Refusing to start: the question banks have problems:\n%s", exc)
        refuse(exc, "the question banks have problems (listed above).")
    assets.init_app(app)
    templating.init_app(app)
    security.init_app(app)  # its body check runs before the CSRF check reads the form
    csrf.init_app(app)
    app.url_map.converters["number"] = Number
    for blueprint in (errors.bp, views.bp, learn.bp, teaching.bp, health.bp):
        app.register_blueprint(blueprint)
    return app
