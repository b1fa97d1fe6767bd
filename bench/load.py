"""Drive a server with wrk: a reader's session to replay, and one workload run."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent


class _FormReader(HTMLParser):
    """Collect the hidden fields (the CSRF token, the question's id) and the first choice of every answer group."""

    def __init__(self) -> None:
        super().__init__()
        self.token, self.hidden, self.answer = "", {}, {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        field = dict(attrs)
        if tag != "input":
            return
        if field.get("name") == "csrf_token":
            self.token = field.get("value", "")
        elif field.get("type") == "hidden":
            self.hidden[field["name"]] = field.get("value", "")
        elif field.get("type") in ("radio", "checkbox"):
            self.answer.setdefault(field["name"], field["value"])


def fetch(base: str, method: str, path: str, cookie: str = "", body: str = "") -> tuple[int, str, str]:
    """Send one request; return status, the session cookie it set (or the one sent) and the page."""
    host = urlsplit(base).netloc
    connection = http.client.HTTPConnection(host, timeout=10)
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    page = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    if set_cookie.startswith("session="):
        cookie = set_cookie.split(";")[0].removeprefix("session=")
    return response.status, cookie, page


@dataclass(frozen=True)
class Reader:
    """A reader at question `number` of a quiz: cookie and form to replay with wrk."""

    path: str
    cookie: str
    body: str


def start_reader(base: str, key: str, number: int = 1) -> Reader:
    """Press Start on the home page, open question `number`, and fill in its form (first choice of each group)."""
    home = _FormReader()
    _, cookie, page = fetch(base, "GET", "/")
    home.feed(page)
    status, cookie, _ = fetch(base, "POST", f"/quiz/{key}/start", cookie, urlencode({"csrf_token": home.token}))
    path = f"/quiz/{key}/{number}"
    form = _FormReader()
    form.feed(fetch(base, "GET", path, cookie)[2])
    if status != 303 or not form.token or not form.answer:
        raise RuntimeError(f"could not start quiz {key!r} on {base}")
    return Reader(path, cookie, urlencode({"csrf_token": form.token, **form.hidden, **form.answer}))


def wrk(url: str, script: str, seconds: int, connections: int, env: dict[str, str] | None = None,
        headers: tuple[str, ...] = ()) -> dict:
    """Run wrk (one thread per connection) and return its results as a dict."""
    command = ["wrk", f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(HERE / script)]
    for header in headers:
        command += ["-H", header]
    full_env = {**os.environ, "BENCH_LUA_DIR": str(HERE), **(env or {})}
    out = subprocess.run(command + [url], env=full_env, check=True, capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / result["seconds"]
    return result
