"""The README's production command: gunicorn with quiz/gunicorn_conf.py, over real HTTP."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from support import FIXTURES, make_questions_dir
from test_security import assert_locked_down

GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:quiz.gunicorn_conf", "quiz:create_app()"]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**settings: str) -> dict[str, str]:
    """Return this process's environment without QUIZ_ settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZ_")}
    return {**env, **settings}


class Browser:
    """Just enough of a browser: one connection per request, and the session cookie."""

    def __init__(self, port: int, **headers: str) -> None:
        self.port, self.cookie, self.headers = port, "", headers

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[http.client.HTTPResponse, str]:
        """Send a request with the cookie; remember any new cookie; return the response and its text."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {**self.headers, "Cookie": self.cookie} if self.cookie else dict(self.headers)
        body = urlencode(fields or {}, doseq=True) if method == "POST" else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        set_cookie = response.getheader("Set-Cookie", "")
        if set_cookie.startswith(("session=", "__Host-session=")):
            self.cookie = set_cookie.split(";")[0]  # name=value
        return response, text

    def hidden(self, path: str) -> dict[str, str]:
        """Return the hidden fields (the CSRF token, a question's id) of the first form on a page."""
        form = BeautifulSoup(self.request("GET", path)[1], "html.parser").form
        return {field["name"]: field["value"] for field in form.find_all("input", attrs={"type": "hidden"})}

    def token(self, path: str) -> str:
        """Return the CSRF token of the first form on a page."""
        return self.hidden(path)["csrf_token"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The production command on a free port, serving the mini bank; yields (port, log path)."""
    tmp = tmp_path_factory.mktemp("serving")
    folder = make_questions_dir(tmp / "questions", FIXTURES / "mini.toml")
    port = free_port()
    env = clean_env(QUIZ_SECRET_KEY="serving-test-secret-" + "x" * 32, QUIZ_BIND=f"127.0.0.1:{port}", QUIZ_WORKERS="2",
                    QUIZ_QUESTIONS_DIR=str(folder))
    log = tmp / "stdout.log"
    with log.open("w") as out, (tmp / "stderr.log").open("w") as err:
        process = subprocess.Popen(GUNICORN, cwd=tmp, env=env, stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp / "stderr.log").read_text()
            try:
                if Browser(port).request("GET", "/healthz")[0].status == 200:
                    break
            except ConnectionError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
            time.sleep(0.2)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def full_quiz(browser: Browser) -> list[tuple[str, http.client.HTTPResponse]]:
    """Take the mini quiz from the home page to the summary; return every response."""
    seen = [("home", browser.request("GET", "/")[0])]
    seen.append(("start", browser.request("POST", "/quiz/mini/start", {"csrf_token": browser.token("/")})[0]))
    answers = {1: {"choice": "b"}, 2: {"item-flush": "functional", "item-pain": "mechanical"},
               3: {"choice": ["a", "c"]}}
    for number, fields in answers.items():
        hidden = browser.hidden(f"/quiz/mini/{number}")
        answered, _ = browser.request("POST", f"/quiz/mini/{number}", {**hidden, **fields})
        assert answered.status == 303 and answered.getheader("Location").endswith("/feedback"), number
        seen += [(f"answer {number}", answered),
                 (f"feedback {number}", browser.request("GET", answered.getheader("Location"))[0])]
    seen.append(("summary", browser.request("GET", "/quiz/mini/summary")[0]))
    return seen


def test_production_command_sends_every_header(server):
    port, _ = server
    browser = Browser(port)
    for name, response in full_quiz(browser):
        assert response.status in (200, 303), name
        assert_locked_down(response, hsts=True)  # production: Secure cookie, so HSTS too
        assert response.getheader("Cache-Control") == "no-store", name
    stylesheet = re.search(r'href="(/static/site\.css\?v=\w+)"', browser.request("GET", "/")[1]).group(1)
    static, _ = browser.request("GET", stylesheet)
    assert static.status == 200 and static.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert_locked_down(static, hsts=True)


def test_forms_work_over_https_behind_the_documented_proxy(server):
    """Behind nginx (X-Forwarded-Proto from 127.0.0.1) the app sees HTTPS, and browsers send no Referer."""
    browser = Browser(server[0], **{"X-Forwarded-Proto": "https"})
    for name, response in full_quiz(browser):
        assert response.status in (200, 303), name


def test_production_cookie_is_secure_httponly_and_lax(server):
    browser = Browser(server[0])
    browser.request("GET", "/")
    response, _ = browser.request("POST", "/quiz/mini/start", {"csrf_token": browser.token("/")})
    cookie = response.getheader("Set-Cookie")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # __Host-: browsers then take this cookie only from this host, over HTTPS, for the whole site.
    assert cookie.startswith("__Host-session=") and "Path=/;" in cookie + ";" and "Domain" not in cookie


def test_healthz_and_error_pages_over_http(server):
    browser = Browser(server[0])
    health, text = browser.request("GET", "/healthz")
    assert (health.status, text.strip()) == (200, '{"banks":1,"status":"ok"}')
    assert health.getheader("Set-Cookie") is None
    missing, page = browser.request("GET", "/nope")
    assert missing.status == 404 and "Page not found" in page
    assert_locked_down(missing, hsts=True)


def test_a_chunked_body_past_the_limit_gets_the_413_page_from_gunicorn(server):
    browser = Browser(server[0])
    browser.request("POST", "/quiz/mini/start", {"csrf_token": browser.token("/")})
    form = urlencode({"csrf_token": browser.token("/quiz/mini/1"), "question": "m-01", "choice": "a"})
    connection = http.client.HTTPConnection("127.0.0.1", server[0], timeout=10)
    chunks = iter([form.encode(), b"&x=" + b"y" * 20_000])  # sent chunked: no Content-Length
    connection.request("POST", "/quiz/mini/1", body=chunks, encode_chunked=True,
                       headers={"Cookie": browser.cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    assert response.status == 413 and "That was too much to send" in page
    assert browser.request("GET", "/quiz/mini/1")[0].status == 200  # still unanswered


@pytest.mark.parametrize("body", [b"zz\r\n", b"3\r\nabcXX", b"3;\x01\r\nabc\r\n0\r\n\r\n"])
def test_chunks_that_do_not_parse_get_the_400_page(server, body):
    with socket.create_connection(("127.0.0.1", server[0]), timeout=10) as sock:
        sock.sendall(b"POST /quiz/mini/start HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Connection: close\r\n\r\n" + body)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400 ") and b"This page could not be used" in reply


def test_access_log_has_paths_but_no_queries_cookies_or_answers(server):
    port, log = server
    browser = Browser(port)
    full_quiz(browser)
    browser.request("GET", "/quiz/mini/1?picked=zz-query-answer")
    time.sleep(0.5)  # let the workers flush their log lines
    text = log.read_text()
    assert re.search(r'"POST /quiz/mini/1" 303 ', text) and re.search(r'"GET /quiz/mini/summary" 200 ', text)
    for secret in (browser.cookie, "zz-query-answer", "csrf_token", "choice", "item-flush", "session="):
        assert secret not in text


def test_logs_cannot_be_forged_or_name_a_client(server):
    """A %0A in a URL stays encoded in the access log; a request gunicorn cannot parse is logged
    without the client's address or its request line."""
    port, log = server
    Browser(port).request("GET", "/x%0a[28/Nov/2026:11:00:00%20+0000]%20forged%1b[31m")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /teach/build?name=zz-private\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.recv(65536)
    time.sleep(0.5)
    lines = log.read_text().splitlines()
    assert any('"GET /x%0A%5B28/Nov/2026:11:00:00%20+0000%5D%20forged%1B%5B31m" 404' in line for line in lines)
    assert not any(line.startswith("[28/Nov/2026:11:00:00") for line in lines) and "\x1b" not in log.read_text()
    errors = (log.parent / "stderr.log").read_text()
    assert "Invalid request: Invalid HTTP request line" in errors
    warnings = [line for line in errors.splitlines() if "WARNING" in line]
    assert warnings and not any("127.0.0.1" in line or "ip=" in line for line in warnings)
    assert "zz-private" not in errors


@pytest.mark.parametrize("settings, named", [
    ({}, "QUIZ_SECRET_KEY"),
    ({"QUIZ_SECRET_KEY": "s" * 32, "QUIZ_ENV": "prod"}, "QUIZ_ENV"),
    ({"QUIZ_SECRET_KEY": "s" * 32, "QUIZ_WORKERS": "lots"}, "QUIZ_WORKERS"),
])
def test_refuses_to_start_with_a_one_line_reason(tmp_path, settings, named):
    env = clean_env(QUIZ_BIND=f"127.0.0.1:{free_port()}", **settings)
    done = subprocess.run(GUNICORN, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Refusing to start:") and named in lines[0]


def test_a_broken_bank_stops_the_master_with_its_problems_only(tmp_path):
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "broken.toml")
    env = clean_env(QUIZ_SECRET_KEY="s" * 32, QUIZ_BIND=f"127.0.0.1:{free_port()}", QUIZ_QUESTIONS_DIR=str(folder))
    done = subprocess.run(GUNICORN, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode != 0 and lines[0] == "Refusing to start: the question banks have problems:"
    assert len(lines) > 10 and all(line.split(":", 1)[0].endswith("broken.toml") for line in lines[1:]), lines
    assert "Traceback" not in done.stderr


def test_an_empty_bind_means_the_default(monkeypatch):
    """A blank QUIZ_BIND= line in an env file must not leave gunicorn listening on nothing."""
    import importlib

    monkeypatch.setenv("QUIZ_ENV", "production")  # the config sets it; monkeypatch undoes it afterwards
    monkeypatch.setenv("QUIZ_SECRET_KEY", "bind-test-secret-" + "x" * 32)
    monkeypatch.setenv("QUIZ_BIND", "")
    conf = importlib.import_module("quiz.gunicorn_conf")
    conf = importlib.reload(conf)
    assert conf.bind == "127.0.0.1:8000" and conf.control_socket_disable is True
