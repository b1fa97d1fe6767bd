"""Gunicorn settings for production: `gunicorn -c python:quiz.gunicorn_conf 'quiz:create_app()'`.

Every value comes from a QUIZ_ environment variable (see config.SETTINGS), so the
same command serves a laptop, a clinic server or a container platform.
"""

from __future__ import annotations

import gc
import os
import sys
from urllib.parse import quote

# Gunicorn is only ever the production server: without a secret key the app must not start.
os.environ.setdefault("QUIZ_ENV", "production")

from pathlib import Path  # noqa: E402

from gunicorn.glogging import Logger  # noqa: E402

# Not named `config`: gunicorn reads every module-level name that matches one of its settings.
from quiz import config as quiz_config  # noqa: E402  (QUIZ_ENV must be set before the settings are read)
from quiz.bank import BankError, load_library  # noqa: E402

# Refuse here, in the master, with the reason alone, instead of a traceback from loading the app.
try:
    quiz_settings = quiz_config.from_env()
    workers = quiz_config.workers()
    load_library(Path(quiz_settings["QUESTIONS_DIR"]))  # the same check as `banks check`: file, question, field
except quiz_config.ConfigError as exc:
    sys.exit(f"Refusing to start: {exc}")
except BankError as exc:
    sys.exit(f"Refusing to start: the question banks have problems:\n{exc}")

# Empty (a blank line in an env file) means the default, like every other QUIZ_ setting.
bind = os.environ.get("QUIZ_BIND") or quiz_config.SETTINGS["BIND"][0]
# Load the app (and validate the banks) once in the master, then fork: workers share one
# secret key even in development, start instantly, and a broken bank stops the master.
preload_app = True
worker_class = "sync"
timeout = 30
# No control socket: the README's commands never use it, and in a container with a read-only
# home folder it logs an error at every start.
control_socket_disable = True
graceful_timeout = 20


def pre_fork(server, worker) -> None:
    """Move everything loaded so far (the banks, templates) out of the garbage collector's sight.

    Workers then never scan those objects on a full collection, so request time does not grow
    with the size of the banks, and the pages holding them stay shared with the master.
    """
    gc.freeze()


# One line per request on stdout: method, path without the query string, status, bytes,
# time. No client address, query string, referrer, user agent or cookie, so the log holds
# nothing about a reader and none of their answers.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class PrivateLogger(Logger):
    """gunicorn's logger, minus what could forge a line or point at a reader.

    gunicorn writes the path decoded, so a %0A in a URL would start a fake log line; here it is
    written percent-encoded, as sent. Its warning about a request it could not parse names the
    client's address and quotes the request line, query string and all; here it keeps the reason.
    """

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = quote((atoms.get("U") or "").encode("latin-1"), safe="/~!$&'()*+,;=:@-._")
        return atoms

    def warning(self, msg, *args, **kwargs) -> None:
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg = "Invalid request: " + msg.partition(": ")[2].partition(":")[0]
        super().warning(msg, *args, **kwargs)


logger_class = PrivateLogger

# Heartbeat files in memory: container disks can be slow, and /tmp may be read-only.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
