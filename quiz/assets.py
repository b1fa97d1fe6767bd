"""Static files: content-hashed URLs, and the stylesheet and script sent without their comments.

Comments in site.css and site.js explain the code to the people who change it; every page's
weight counts against a 30 KB budget, so readers are sent the files without them. The files
are read once, at start-up. A request names a file exactly as start-up found it, or gets a 404:
"x/../site.css" or "./site.css" would reach the same file on disk, comments and all.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from flask import Flask, Response, abort, current_app, send_file, url_for

# Comments on lines of their own: /* ... */ (over one line or more) in a stylesheet, // in a script.
# A comment after code on the same line is sent as it is, so the code around it never joins up.
# The comment must end on its line: "/* a */ .x {}" followed later by "/* b */" is not one comment.
COMMENTS = {".css": re.compile(rb"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.DOTALL | re.MULTILINE),
            ".js": re.compile(rb"^[ \t]*//.*\n", re.MULTILINE)}


def stripped(path: Path) -> bytes | None:
    """Return a stylesheet or script as it is sent, without its comments; None for any other file."""
    pattern = COMMENTS.get(path.suffix)
    return pattern.sub(b"", path.read_bytes()) if pattern else None


def static_url(filename: str) -> str:
    """Return a static file's URL with a hash of its content, so it can be cached for good."""
    return url_for("static", filename=filename, v=current_app.extensions["quiz.static"][filename])


def send_static(filename: str) -> Response:
    """Send a static file found at start-up: a stylesheet or script as prepared then, any other from disk."""
    if filename not in current_app.extensions["quiz.static"]:
        abort(404)
    prepared = current_app.extensions["quiz.stripped"].get(filename)
    if prepared is None:
        return current_app.send_static_file(filename)
    content, modified = prepared
    return send_file(io.BytesIO(content), download_name=filename,  # which also gives its type
                     etag=current_app.extensions["quiz.static"][filename], last_modified=modified,
                     max_age=current_app.get_send_file_max_age(filename))


def init_app(app: Flask) -> None:
    """Read the static folder once: each file's hash (of what is sent) and the prepared stylesheet and script."""
    folder = Path(app.static_folder)
    hashes, prepared = {}, {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            content = stripped(path)
            if content is not None:
                prepared[name] = (content, path.stat().st_mtime)
            hashes[name] = hashlib.sha256(path.read_bytes() if content is None else content).hexdigest()[:12]
    app.extensions["quiz.static"] = hashes
    app.extensions["quiz.stripped"] = prepared
    app.view_functions["static"] = send_static
