"""Bad input never breaks the app: Hypothesis throws garbage at every route and method.

Each example sends one request made of random parts (path values, method, query string,
form fields or raw body with any content type, cookie, CSRF token) from a stranger's
connection, follows one redirect, and checks: status below 500, the security headers, and
for errors the site's own layout. After every example a reader who is part-way through the
quiz checks that their progress is intact, and at the end they finish the quiz.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from support import FIXTURES, QuizClient, make_questions_dir, soup
from quiz import create_app
from test_security import assert_locked_down

LAYOUT_NOTICE = "This is not medical advice or a diagnosis."  # from base.html, on every page
EXAMPLES = 300  # per route: enough to reach every branch of parsing a few times over
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]
# Every route the app has; test_every_route_is_fuzzed fails when one is added and not listed.
ROUTES = [
    "/", "/about", "/clear-answers", "/healthz", "/glossary", "/teach/build", "/static/<path:filename>",
    "/quiz/<key>/", "/quiz/<key>/start", "/quiz/<key>/retry", "/quiz/<key>/<number:number>",
    "/quiz/<key>/<number:number>/feedback", "/quiz/<key>/summary", "/quiz/<key>/care-team",
    "/quiz/<key>/present", "/quiz/<key>/present/<number:number>", "/quiz/<key>/present/end",
    "/quiz/<key>/worksheet", "/quiz/<key>/answer-key", "/quiz/<key>/qr.svg",
]

# Text that has broken web apps before: control characters, null bytes, right-to-left marks,
# percent signs, very long runs.
nasty = st.text(st.characters(codec="utf-8"), max_size=40)
huge = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(200, 3000))
value = st.one_of(nasty, huge, st.sampled_from(["a", "b", "c", "functional", "mechanical", "", "0", "-1",
                                                "\x00", "a\x00b", "%00", "../../etc/passwd", "<script>"]))
field_name = st.one_of(st.sampled_from(["choice", "item-flush", "item-pain", "csrf_token", "q", "name", "order"]),
                       nasty)
bad_segment = st.one_of(st.sampled_from(["0", "4", "99999999999999999999", "-1", "%2e%2e", "..", "mini%00", "MINI"]),
                        nasty.map(lambda s: quote(s, safe="")))
# Each part of a request is right about half the time, so many requests get deep into the app.
SEGMENTS = {
    "<key>": st.just("mini") | bad_segment,
    "<number:number>": st.sampled_from(["1", "2", "3"]) | bad_segment,
    "<path:filename>": st.sampled_from(["site.css", "site.js", "favicon.svg", "x/../site.css", "./site.js"]) | bad_segment,
}


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """The app on the mini bank, as in production but with exceptions raised to the test."""
    folder = make_questions_dir(tmp_path_factory.mktemp("fuzz") / "questions", FIXTURES / "mini.toml")
    return create_app({"TESTING": True, "SECRET_KEY": "fuzz-secret", "QUESTIONS_DIR": str(folder)})


@pytest.fixture(scope="module")
def reader(fuzz_app):
    """A reader who answered question 1 right; returns (client, cookie, token, raw CSRF secret)."""
    quiz = QuizClient(fuzz_app.test_client())
    quiz.start("mini")
    assert quiz.answer("mini", 1, choice="a").status_code == 303
    cookie = quiz.client.get_cookie("session").value
    raw = fuzz_app.session_interface.get_signing_serializer(fuzz_app).loads(cookie)["csrf_token"]
    return quiz, cookie, quiz.token("/quiz/mini/2"), raw


def signed_states(fuzz_app, raw_token: str):
    """Strategy: cookies signed with the app's key (so they pass the signature) holding odd quiz state."""
    signer = fuzz_app.session_interface.get_signing_serializer(fuzz_app)
    version = fuzz_app.extensions["quiz.library"].banks["mini"].version
    junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty,
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty, inner, max_size=4),
                        max_leaves=12)
    slot = st.sampled_from(["0", "1", "01", "10", "00", "-", "", "9", "0123456", "\u0663"]) | nasty
    answers = st.lists(slot, max_size=5).map(",".join) | junk
    near = st.fixed_dictionaries({"k": st.sampled_from(["mini", "x"]) | junk, "v": st.sampled_from([version, "old"])},
                                 optional={"a": answers,
                                           "p": st.lists(st.integers(-3, 5) | junk, max_size=5),
                                           "m": st.lists(st.integers(-3, 5) | junk, max_size=5) | junk,
                                           "f": st.lists(st.integers(-1, 4) | st.floats() | junk, max_size=3) | junk})
    # The cookie keeps a list of attempts: garbage in the list, or in place of the list.
    attempts = st.lists(near | junk, max_size=3) | junk
    # Flask's and Flask-WTF's own keys hold garbage too, or the whole cookie is not an object.
    # A raw token Flask-WTF could not compare (empty, not ASCII) is then paired with a good form token.
    raw = st.just(raw_token) | st.sampled_from(["", "\u00e9" * 40]) | junk
    others = st.fixed_dictionaries({}, optional={"csrf_token": raw, "_flashes": junk,
                                                 "refused": junk, "_permanent": junk})
    whole = st.builds(lambda state, rest: {"csrf_token": raw_token, "quizzes": state, **rest}, attempts, others)
    return (whole | junk).map(signer.dumps)


def cookies(fuzz_app, cookie: str, raw_token: str):
    """Strategy: the reader's cookie, or none, a tampered copy, random text, or validly signed garbage."""
    printable = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=";,"), max_size=300)
    tampered = st.tuples(st.integers(0, len(cookie) - 1), st.sampled_from("A_-.x0")).map(
        lambda at: cookie[:at[0]] + at[1] + cookie[at[0] + 1:])
    broken = st.one_of(st.none(), tampered, st.just(cookie[:-3]), printable, signed_states(fuzz_app, raw_token))
    return st.just(cookie) | broken


def bodies(token: str):
    """Strategy: (content type, body) — form fields, raw bytes or nothing, with a good, bad or no token."""
    good = st.just([("csrf_token", token)])
    bad = st.sampled_from([[], [("csrf_token", "forged")], [("csrf_token", token[:-2])],
                           [("csrf_token", token), ("csrf_token", "x")], [("csrf_token", token + "\x00")]])
    fields = st.builds(lambda t, f: t + f, good | bad, st.lists(st.tuples(field_name, value), max_size=8))
    form = st.tuples(st.just("application/x-www-form-urlencoded"), fields.map(lambda f: urlencode(f).encode()))
    multipart = st.tuples(st.just("multipart/form-data"), fields.map(MultiDict))
    raw_types = st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                 "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded",
                                 "application/x-www-form-urlencoded; charset=utf-7", "", "garbage/\x7f"])
    raw = st.tuples(raw_types, st.binary(max_size=2000) | huge.map(str.encode))
    # Multipart parts whose headers a browser would never write: no name, or a broken one. (No file
    # parts: when a later part does not parse, Werkzeug drops a file part's buffer unclosed, a
    # ResourceWarning that warnings-as-errors turns into a failure. The buffer is in memory, and the
    # pages are the same: checked with file parts and that warning ignored.)
    disposition = st.sampled_from([b'name="a', b"name=\\", b"", b'name="choice"']) | st.binary(max_size=30)
    part = st.builds(lambda d, v: b"--zz\r\nContent-Disposition: form-data; " + d + b"\r\n\r\n" + v + b"\r\n",
                     disposition, st.binary(max_size=30) | st.just(b"a"))
    odd_parts = st.tuples(st.just("multipart/form-data; boundary=zz"),
                          st.lists(part, min_size=1, max_size=3).map(lambda parts: b"".join(parts) + b"--zz--\r\n"))
    return st.one_of(form, multipart, st.just((None, None)), raw, odd_parts)


def fill(rule: str, parts: list[str]) -> str:
    """Fill a rule's variables in order with the drawn path segments."""
    values = iter(parts)
    return re.sub(r"<[^>]+>", lambda _: next(values), rule)


def check(response, method: str, where: str) -> None:
    """Assert a response is not a server error, is locked down, and shows errors in the site's layout."""
    assert response.status_code < 500, where
    assert_locked_down(response)
    if response.status_code >= 400 and method != "HEAD":
        # Plain string checks, not an HTML parser: thousands of pages are checked per run.
        html = response.get_data(as_text=True)
        assert LAYOUT_NOTICE in html and '<main id="main"' in html and html.count("<h1") == 1, where


def send(app, method, path, query, cookie, body, headers):
    """Send one stranger's request, follow one local redirect, and check both responses."""
    client = app.test_client(use_cookies=False)
    content_type, data = body
    sent = {"Cookie": f"session={cookie}"} if cookie is not None else {}
    with client.open(path, method=method, query_string=query, headers={**sent, **headers},
                     content_type=content_type, data=data) as response:
        where = f"{method} {path}?{query}"
        check(response, method, where)
        location = response.headers.get("Location", "")
        set_cookie = response.headers.get("Set-Cookie", "")
    if location.startswith("/"):
        if set_cookie.startswith("session="):
            sent = {"Cookie": set_cookie.split(";")[0]}
        with client.get(location, headers=sent) as followed:
            check(followed, "GET", f"{where} -> {location}")


def reader_is_unharmed(quiz) -> None:
    """The reader's answer to question 1 still counts: its feedback page says it was right."""
    response = quiz.client.get("/quiz/mini/1/feedback")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S).group(1)
    assert response.status_code == 200 and re.sub(r"<[^>]+>", "", heading).strip().endswith("Right")


def reader_finishes(quiz) -> None:
    """The reader answers questions 2 and 3 and sees a summary that counts all three answers."""
    for number, fields in ((2, {"item-flush": "functional", "item-pain": "mechanical"}), (3, {"choice": ["a", "b"]})):
        response = quiz.answer("mini", number, **fields)
        assert response.status_code == 303 and response.location.endswith(f"/quiz/mini/{number}/feedback")
    text = " ".join(soup(quiz.client.get("/quiz/mini/summary")).get_text(" ").split())
    assert "You scored 3 out of 3" in text


@pytest.fixture(scope="module")
def garbage(fuzz_app, reader):
    """The strategies for one stranger's request, built once for the reader's cookie and token."""
    _, cookie, token, raw = reader
    return {
        "cookie": cookies(fuzz_app, cookie, raw),
        "body": bodies(token),
        "query": st.lists(st.tuples(field_name, value), max_size=4).map(urlencode)
                 | st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=60),
        "headers": st.sampled_from([{}, {"X-CSRFToken": token}, {"X-CSRFToken": "forged"},
                                    {"Content-Length": "99999"}])
                   # What a browser says of where a form came from, true, false or not a URL at all.
                   | st.builds(dict, st.lists(st.sampled_from(["Origin", "Sec-Fetch-Site"]).flatmap(
                       lambda name: st.tuples(st.just(name), st.sampled_from(
                           ["http://localhost", "null", "http://[", "http://a]b", "same-origin", "cross-site"])
                           | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30))),
                       max_size=2))
                   # Hosts Werkzeug cannot bind URLs to: an empty label, or one over 63 characters.
                   | st.sampled_from([".", "a..b", "x" * 64 + ".example", "\u00e9." * 2]).map(lambda h: {"Host": h}),
    }


def test_every_route_is_fuzzed(fuzz_app):
    assert sorted(r.rule for r in fuzz_app.url_map.iter_rules()) == sorted(ROUTES)


@pytest.mark.parametrize("rule", ROUTES)
@FUZZ
@given(data=st.data())
def test_garbage_to_a_route_never_breaks_it(fuzz_app, reader, garbage, rule, data):
    path = fill(rule, [data.draw(SEGMENTS[name], name) for name in re.findall(r"<[^>]+>", rule)])
    methods = sorted(next(r for r in fuzz_app.url_map.iter_rules() if r.rule == rule).methods)
    method = data.draw(st.sampled_from(methods) | st.sampled_from(METHODS), "method")
    draw = {name: data.draw(strategy, name) for name, strategy in garbage.items()}
    send(fuzz_app, method, path, draw["query"], draw["cookie"], draw["body"], draw["headers"])
    reader_is_unharmed(reader[0])


# Answer-like fields: real field names and ids in any number and mix, or a valid answer to
# question 2 (sort) or 3 (multiple select), so recording and feedback are reached too.
group = st.sampled_from(["functional", "mechanical"])
valid_answer = (st.builds(lambda f, p: [("item-flush", f), ("item-pain", p)], group, group)
                | st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True).map(
                    lambda picks: [("choice", p) for p in picks]))
answer_fields = valid_answer | st.lists(st.tuples(st.sampled_from(["choice", "item-flush", "item-pain"]),
                                                  st.sampled_from(["a", "b", "c", "functional", "mechanical"]) | value),
                                        max_size=5)


@FUZZ
@given(number=st.sampled_from(["2", "3", "1"]), encoding=st.sampled_from(["form", "multipart"]),
       fields=st.builds(lambda a, b: a + b, answer_fields, st.lists(st.tuples(field_name, value), max_size=2)))
def test_answers_of_any_shape_from_a_real_session(fuzz_app, reader, number, encoding, fields):
    # A valid cookie and token, so every odd form reaches the question's own parsing.
    _, cookie, token, _ = reader
    fields = [("csrf_token", token)] + fields
    body = (("application/x-www-form-urlencoded", urlencode(fields).encode()) if encoding == "form"
            else ("multipart/form-data", MultiDict(fields)))
    send(fuzz_app, "POST", f"/quiz/mini/{number}", "", cookie, body, {})
    reader_is_unharmed(reader[0])


@FUZZ
@given(data=st.data(), page=st.sampled_from([("GET", "/quiz/mini/1"), ("GET", "/quiz/mini/3"),
                                             ("GET", "/quiz/mini/2/feedback"), ("GET", "/quiz/mini/summary"),
                                             ("GET", "/quiz/mini/care-team"), ("POST", "/quiz/mini/retry"),
                                             ("POST", "/quiz/mini/2")]))
def test_odd_state_in_a_validly_signed_cookie(fuzz_app, reader, page, data):
    # The signature holds, so the state itself must be checked before it is trusted.
    _, _, token, raw = reader
    method, path = page
    body = ("application/x-www-form-urlencoded", urlencode({"csrf_token": token, "choice": "a"}).encode())
    send(fuzz_app, method, path, "", data.draw(signed_states(fuzz_app, raw)),
         body if method == "POST" else (None, None), {})


@FUZZ
@given(path=st.lists(bad_segment | nasty.map(quote), min_size=1, max_size=6).map(lambda p: "/" + "/".join(p))
       .filter(lambda p: not p.startswith("//")),  # the test client would read "//x" as a host name
       method=st.sampled_from(METHODS))
def test_random_paths_get_a_styled_page(fuzz_app, path, method):
    with fuzz_app.test_client().open(path, method=method) as response:
        check(response, method, f"{method} {path}")


def test_reader_finishes_the_quiz_after_all_the_garbage(reader):
    reader_finishes(reader[0])
