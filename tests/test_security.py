"""Security headers, caching rules, no inline code on any page, small bodies, and clean logs."""

import hashlib
import io
import logging
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from support import NOTICE, QuizClient, soup, text_of
from quiz import assets, create_app, sets, templating
from quiz.config import resource_dir

CONVERTERS = {"key": "mini", "number": "1", "filename": "site.css"}


def directives(csp: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy into {directive: [sources]}."""
    parts = (p.split() for p in csp.split(";") if p.strip())
    return {name: sources for name, *sources in parts}


def assert_locked_down(response, hsts: bool = False) -> None:
    """Assert the headers every response must carry."""
    headers = response.headers
    csp = directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"] and csp["object-src"] == ["'none'"] and csp["img-src"] == ["'self'"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    features = dict(item.strip().split("=") for item in headers["Permissions-Policy"].split(","))
    assert {features[f] for f in ("camera", "microphone", "geolocation", "payment", "usb")} == {"()"}
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in headers) is hsts
    if hsts:
        assert int(re.search(r"max-age=(\d+)", headers["Strict-Transport-Security"]).group(1)) >= 15552000


def rule_url(rule: str) -> str:
    """Fill a URL rule's variables with values that name real things in the mini bank."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: CONVERTERS.get(m.group(1), "x"), rule)


def every_page(mini, app):
    """Yield (name, response) for every GET route and every page a form or an error leads to."""
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            response = mini.client.get(rule_url(rule.rule))
            yield rule.rule, response
            if response.status_code in (301, 302, 303):
                yield rule.rule + " (after redirect)", mini.client.get(response.location)
    yield "form error", mini.answer("mini", 2)
    yield "404", mini.client.get("/no/such/page")
    yield "405", mini.client.delete("/quiz/mini/1")
    yield "413", mini.client.post("/quiz/mini/2", data={"csrf_token": mini.token("/"), "choice": "x" * 9000})
    yield "400 CSRF", mini.client.post("/quiz/mini/start")
    yield "redirect", mini.start("mini")


def test_every_response_carries_the_headers(mini, mini_app):
    for name, response in every_page(mini, mini_app):
        assert_locked_down(response)
        assert response.headers["Cache-Control"] == "no-store", name


def test_no_inline_script_style_or_event_handler_on_any_page(mini, mini_app):
    scanned = 0
    for name, response in every_page(mini, mini_app):
        if response.mimetype != "text/html":
            continue
        scanned += 1
        page = soup(response)
        assert all(script.get("src") and not script.string for script in page.find_all("script")), name
        assert not page.find_all("style"), name
        for tag in page.find_all(True):
            for attribute, value in tag.attrs.items():
                assert attribute != "style" and not attribute.startswith("on"), (name, tag.name, attribute)
                if attribute in ("href", "src", "action", "formaction"):
                    assert not str(value).strip().lower().startswith("javascript:"), (name, tag.name)
        # No third-party requests: every script, stylesheet, image and icon comes from this site.
        for tag in page.find_all(["script", "link", "img", "iframe", "source"]):
            address = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
            assert address is None or address.startswith("/"), (name, address)
    assert scanned >= 10


def test_hsts_is_sent_only_when_the_cookie_is_secure(mini_app):
    secure = create_app({"TESTING": True, "SECRET_KEY": "s", "QUESTIONS_DIR": mini_app.config["QUESTIONS_DIR"],
                         "SESSION_COOKIE_SECURE": True})
    assert_locked_down(secure.test_client().get("/"), hsts=True)
    assert_locked_down(mini_app.test_client().get("/"), hsts=False)


def static_links(response) -> list[str]:
    """Return the addresses of the stylesheet, script and icon a page loads."""
    page = soup(response)
    return [t["href"] for t in page.find_all("link", href=True)] + [t["src"] for t in page.find_all("script", src=True)]


def test_static_urls_carry_a_hash_of_the_content_and_are_cached_for_good(client):
    links = static_links(client.get("/"))
    assert {urlsplit(u).path for u in links} >= {"/static/site.css", "/static/site.js"}
    for url in links:
        parts = urlsplit(url)
        digest = parse_qs(parts.query)["v"][0]
        with client.get(url) as response:
            assert response.status_code == 200
            # The hash is of what is sent (the stylesheet and script go without their comments).
            assert hashlib.sha256(response.get_data()).hexdigest().startswith(digest) and len(digest) >= 8
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert_locked_down(response)
        with client.get(url, headers={"Range": "bytes=0-9"}) as part:  # a part of the same file keeps the same rule
            assert part.status_code == 206 and part.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # A browser checking its copy ("not modified") is told it may keep it for good, too.
        with client.get(url, headers={"If-None-Match": response.headers["ETag"]}) as same:
            assert same.status_code == 304 and same.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("name, comment", [("site.css", re.compile(r"/\*.*?\*/", re.DOTALL)),
                                           ("site.js", re.compile(r"^\s*//.*$", re.MULTILINE))])
def test_stylesheet_and_script_are_sent_without_their_comments(client, name, comment):
    """Comments are for the people who change the files; every page's weight counts, so readers do not get them."""
    source = (resource_dir("static") / name).read_text()
    assert comment.search(source), "the test needs a file with comments"
    with client.get(f"/static/{name}") as response:
        sent = response.get_data(as_text=True)
    assert not comment.search(sent) and len(sent) < len(source)
    # Nothing else is lost: every line of code is sent as written, in order.
    code = [line for line in comment.sub("", source).splitlines() if line.strip()]
    assert [line for line in sent.splitlines() if line.strip()] == code


def test_static_files_under_a_path_prefix_are_cached_for_good(client):
    """Behind a proxy that serves the quiz under a path (SCRIPT_NAME), the hashed URLs still earn the year."""
    base = "http://localhost/clinic"
    links = static_links(client.get("/", base_url=base))
    assert links and all(url.startswith("/clinic/static/") for url in links)
    for url in links:
        with client.get(url.removeprefix("/clinic"), base_url=base) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("name, source, sent", [
    ("a.css", "/* one\n   two */\n.a { }\n  /* x */\n.b { }\n", ".a { }\n.b { }\n"),
    # A comment with code after it on its line stays, and so does all that follows it.
    ("a.css", "/* a */ .x { }\n.y { }\n/* b */\n.z { }\n", "/* a */ .x { }\n.y { }\n.z { }\n"),
    ("a.css", ".x { } /* why */\n", ".x { } /* why */\n"),
    ("a.js", "// why\nlet a = 1; // kept\n  // why\n", "let a = 1; // kept\n"),
    ("a.txt", "// sent as it is\n", None),
])
def test_only_comments_on_lines_of_their_own_are_left_out(tmp_path, name, source, sent):
    (tmp_path / name).write_text(source)
    assert assets.stripped(tmp_path / name) == (sent.encode() if sent is not None else None)


@pytest.mark.parametrize("url", ["/static/site.css", "/static/site.css?v=0123456789ab", "/static/site.css?v="])
def test_static_files_at_other_urls_are_revalidated(client, url):
    # Only the exact hashed URL may be cached for a year: any other may show new content tomorrow.
    with client.get(url) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("name", ["x/../site.css", "./site.css", ".//./site.css", "site.js/", "x/../nope.css"])
def test_other_spellings_of_a_static_name_are_not_found(app, client, name):
    """Only the names found at start-up are served: another spelling of one would be read from disk,
    comments and all, and cached under a name no page uses. No 500, and no table to grow."""
    known = dict(app.extensions["quiz.static"])
    digest = known["site.css"]
    for query in ("", f"?v={digest}"):
        with client.get(f"/static/{name}{query}") as response:
            assert response.status_code == 404
            assert response.headers["Cache-Control"] == "no-store"
    assert app.extensions["quiz.static"] == known


def test_missing_static_file_is_the_styled_404(client):
    with client.get("/static/nope.css") as response:
        assert response.status_code == 404
        assert NOTICE in " ".join(soup(response).get_text(" ").split())
        assert response.headers["Cache-Control"] == "no-store"


def test_a_body_over_a_few_kilobytes_gets_the_413_page(mini):
    assert mini.client.application.config["MAX_CONTENT_LENGTH"] <= 16 * 1024
    mini.start("mini")
    response = mini.answer("mini", 1, choice="a" * 9000)
    assert response.status_code == 413
    assert soup(response).h1.get_text() == "That was too much to send"


def send_chunked(app, cookie: str, body: bytes):
    """Post a form the way a client that sends chunks does: no Content-Length, a server-ended stream."""
    environ = EnvironBuilder(path="/quiz/mini/1", method="POST", content_type="application/x-www-form-urlencoded",
                             headers={"Cookie": f"session={cookie}"}).get_environ()
    del environ["CONTENT_LENGTH"]
    environ.update({"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True})
    return Response.from_app(app, environ)


@pytest.mark.parametrize("size, status", [(20_000, 413), (9_000, 413), (40, 303)])
def test_a_chunked_body_past_the_limit_gets_the_413_page(mini, size, status):
    """Werkzeug alone would read a chunked body up to the limit and use the form cut short."""
    mini.start("mini")
    form = f"csrf_token={mini.token('/quiz/mini/1')}&question=m-01&choice=a".encode()
    body = form + b"&x=" + b"y" * max(0, size - len(form) - 3)
    response = send_chunked(mini.client.application, mini.client.get_cookie("session").value, body)
    assert response.status_code == status
    if status == 413:
        assert soup(response).h1.get_text() == "That was too much to send"
        assert mini.client.get("/quiz/mini/1").status_code == 200  # not answered


@pytest.mark.parametrize("part", [b'name="a', b"name=\\", b""])
@pytest.mark.parametrize("url", ["/quiz/mini/start", "/quiz/mini/1", "/clear-answers", "/quiz/mini/retry"])
def test_a_form_part_without_a_readable_name_gets_the_400_page(mini, url, part):
    """Werkzeug names such a part None, and Flask-WTF's search for the token then failed: a 500."""
    mini.start("mini")
    body = b"--zz\r\nContent-Disposition: form-data; " + part + b"\r\n\r\nv\r\n--zz--\r\n"
    response = mini.client.post(url, data=body, content_type="multipart/form-data; boundary=zz")
    assert response.status_code == 400
    assert NOTICE in " ".join(soup(response).get_text(" ").split())
    assert mini.client.get("/quiz/mini/1").status_code == 200  # the reader's place is kept, nothing answered


@pytest.mark.parametrize("method, url, status", [("POST", "/nope", 404), ("POST", "/about", 405),
                                                 ("POST", "/static/site.css", 405), ("GET", "/about", 200)])
def test_a_form_part_without_a_readable_name_sent_elsewhere_keeps_its_own_answer(client, method, url, status):
    """Only forms sent to the app's pages with a form's method are read: a 404, a 405 or a page stays one."""
    body = b'--zz\r\nContent-Disposition: form-data; name="a\r\n\r\nv\r\n--zz--\r\n'
    with client.open(url, method=method, data=body, content_type="multipart/form-data; boundary=zz") as response:
        assert response.status_code == status


def test_healthz_reports_banks_and_sets_no_cookie(mini, mini_app):
    mini.start("mini")  # the reader's cookie is sent along, as a browser would
    response = mini.client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "banks": 1}
    assert "Set-Cookie" not in response.headers
    assert_locked_down(response)
    assert response.headers["Cache-Control"] == "no-store"
    fresh = mini_app.test_client().get("/healthz")
    assert fresh.status_code == 200 and "Set-Cookie" not in fresh.headers


def test_shared_question_pages_carry_each_readers_own_token(mini_app):
    first, second = QuizClient(mini_app.test_client()), QuizClient(mini_app.test_client())
    tokens = []
    for reader in (first, second):
        reader.start("mini")
        tokens.append(reader.token("/quiz/mini/1"))
    assert tokens[0] != tokens[1]
    assert tokens[1] not in first.client.get("/quiz/mini/1").get_data(as_text=True)
    # Each token works for its own reader only.
    assert first.client.post("/quiz/mini/1", data={"csrf_token": tokens[1], "choice": "a"}).status_code == 400
    assert second.client.post("/quiz/mini/1", data={"csrf_token": tokens[1], "choice": "a"}).status_code == 303


def without_token(response) -> str:
    """Return a page's HTML with its CSRF token (every form carries the same one) blanked out."""
    html = response.get_data(as_text=True)
    return html.replace(re.search(r'name="csrf_token" value="([^"]+)"', html).group(1), "TOKEN")


def test_shared_pages_are_exactly_what_a_fresh_render_shows(mini_app):
    fresh_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "TEMPLATES_AUTO_RELOAD": True,
                            "QUESTIONS_DIR": mini_app.config["QUESTIONS_DIR"]})
    answers = {1: {"choice": "b"}, 2: {"item-flush": "mechanical", "item-pain": "mechanical"}, 3: {"choice": "a"}}
    pages = []
    for app in (mini_app, mini_app, fresh_app):  # the second reader of mini_app gets cached pages
        reader = QuizClient(app.test_client())
        seen = [without_token(reader.client.get("/"))]
        reader.start("mini")
        for number, fields in answers.items():
            seen.append(without_token(reader.client.get(f"/quiz/mini/{number}")))
            seen.append(reader.client.get(reader.answer("mini", number, **fields).location).get_data(as_text=True))
        pages.append(seen)
    assert mini_app.extensions["quiz.pages"] and "quiz.pages" not in fresh_app.extensions
    assert pages[0] == pages[1] == pages[2]


def test_the_shared_page_store_stops_growing_at_its_limit(mini_app, monkeypatch):
    """Beyond MAX_SHARED_PAGES, pages are rendered afresh and not kept, so a worker's memory stays bounded."""
    monkeypatch.setattr(templating, "MAX_SHARED_PAGES", 2)
    reader = QuizClient(mini_app.test_client())
    reader.start("mini")  # keeps the home page
    for number in (1, 2, 3):
        response, page = reader.page(f"/quiz/mini/{number}")
        assert response.status_code == 200 and page.find(id="progress-label").get_text() == f"Question {number} of 3"
        # The page's token is this reader's own: a form sent with it is read (nothing picked, so refused), not a 400.
        form = {name: page.find("input", attrs={"name": name})["value"] for name in ("csrf_token", "question")}
        assert reader.client.post(f"/quiz/mini/{number}", data=form).location.endswith(f"/quiz/mini/{number}#answer-error")
    assert len(mini_app.extensions["quiz.pages"]) == 2


def test_a_kept_page_without_a_form_signs_no_token(mini_app, monkeypatch):
    """Signing a token is most of a kept page's cost: a feedback page has no form, so it makes none."""
    reader = QuizClient(mini_app.test_client())
    reader.start("mini")
    feedback = reader.answer("mini", 1, choice="a").location
    assert reader.client.get(feedback).status_code == 200  # now kept
    signed = []
    monkeypatch.setattr(templating, "generate_csrf", lambda: signed.append(1) or "token")
    response = reader.client.get(feedback)
    assert response.status_code == 200 and "Right" in text_of(response) and signed == []


def test_custom_sets_pages_are_not_kept(mini_app):
    """Set links are countless (any name, any picks), so only the banks' pages are kept for later readers."""
    key = sets.build(mini_app.extensions["quiz.library"], "Class", ["m-01", "m-03"], "listed").key
    reader = QuizClient(mini_app.test_client())
    reader.start(key)
    assert reader.client.get(f"/quiz/{key}/1").status_code == 200
    assert reader.client.get(reader.answer(key, 1, choice="b").location).status_code == 200

    def kept(name: str) -> list:
        return [k for k in mini_app.extensions["quiz.pages"] if k[0] != "home.html" and k[2][0] == name]

    assert kept(key) == []
    reader.start("mini")
    assert reader.client.get("/quiz/mini/1").status_code == 200 and kept("mini")


def test_logs_hold_no_answers_form_bodies_or_cookies(mini_app, caplog):
    mini_app.config["PROPAGATE_EXCEPTIONS"] = False
    reader = QuizClient(mini_app.test_client())
    secrets_seen = set()
    with caplog.at_level(logging.DEBUG):
        reader.start("mini")
        for number, fields in ((1, {"choice": "b"}), (2, {"item-flush": "functional", "item-pain": "mechanical"}),
                               (3, {"choice": ["a", "c"]})):
            token = reader.token(f"/quiz/mini/{number}")
            secrets_seen.add(token)
            reader.answer("mini", number, **fields)
            reader.client.get(f"/quiz/mini/{number}/feedback")
            secrets_seen.add(reader.client.get_cookie("session").value)
        reader.client.get("/quiz/mini/summary")
        reader.client.post("/quiz/mini/1", data={"choice": "zz-unmistakable-answer"})  # CSRF refusal
        reader.client.post("/quiz/mini/2", data={"csrf_token": "forged-token-xyz", "item-flush": "functional"})
        reader.client.post("/quiz/mini/3", data={"csrf_token": token, "choice": "q" * 9000})  # 413
        reader.client.get("/quiz/mini/1?answer=zz-query-answer")
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert "CSRF token is missing" in logged  # the log was captured: refusals are logged, without values
    for secret in secrets_seen | {"zz-unmistakable-answer", "forged-token-xyz", "zz-query-answer", "qqqqqqqq",
                                  "item-flush", "choice="}:
        assert secret not in logged


@pytest.mark.parametrize("host", [".", "a..b", "x" * 64 + ".example"])
def test_a_host_no_link_can_be_built_for_gets_the_styled_400(client, host):
    response = client.get("/about", headers={"Host": host})
    assert response.status_code == 400 and soup(response).h1.get_text() == "This page could not be used"
    assert_locked_down(response)
    assert soup(response).find("link", rel="stylesheet")["href"].startswith("/static/site.css?v=")


def test_a_question_page_left_open_overnight_still_takes_the_answer(mini, monkeypatch):
    """A form's token lasts as long as the reader's cookie (72 hours), not Flask-WTF's default hour: a reader
    who answers a question page opened the evening before is not sent the "form expired" page."""
    mini.start("mini")
    token = mini.token("/quiz/mini/1")
    later = time.time() + 20 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    answered = mini.client.post("/quiz/mini/1", data={"csrf_token": token, "question": "m-01", "choice": "a"})
    assert answered.status_code == 303


def test_forms_over_https_need_no_referer(mini):
    """The pages ask browsers to send no Referer (Referrer-Policy: no-referrer), so Flask-WTF's HTTPS check,
    which wants one from this site on every form, would refuse every answer over HTTPS."""
    mini.start("mini")
    token = mini.token("/quiz/mini/1")
    answered = mini.client.post("/quiz/mini/1", base_url="https://localhost",
                                data={"csrf_token": token, "question": "m-01", "choice": "a"})
    assert answered.status_code == 303
