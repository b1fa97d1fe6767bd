"""A cookie with a good signature but content the app never writes: dropped, never an error page."""

import json
import time
import zlib

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

from support import NOTICE, QuizClient, soup, text_of
from quiz.cookie import PlainJSON, usable


def signed(app, data: object) -> str:
    """Sign data written as JSON by hand: not by the app's serializer, whose format is under test."""
    return signed_raw(app, json.dumps(data).encode())


def signed_raw(app, payload: bytes) -> str:
    """Sign bytes that are not what the serializer would write (not JSON, or too deep for it), compressed
    as the serializer compresses a long payload ("." first), so a deep one still fits in a cookie."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.make_signer(serializer.salt).sign(b"." + base64_encode(zlib.compress(payload))).decode()


ODD = [
    "not a dict", 5, None, [["csrf_token", "x"]],
    {"_flashes": "abc"}, {"_flashes": [["notice"]]}, {"_flashes": [["notice", 5]]},
    {"_flashes": [["notice", {" m": "<b>bold</b>"}]]},  # Flask's tag for Markup: shown unescaped, if read
    {"csrf_token": 5}, {"csrf_token": None}, {"csrf_token": ["a"]}, {"csrf_token": ""}, {"csrf_token": "é" * 40},
    # A quiz key that is not text: it once broke the list of kept attempts (unhashable in a set).
    {"quizzes": [{"k": ["x"], "v": "x", "a": "1"}]}, {"quizzes": [{"k": {"a": 1}, "a": "1"}, {"k": None, "a": "1"}]},
]


@pytest.mark.parametrize("data", ODD)
def test_odd_signed_content_is_dropped(app, client, data):
    client.set_cookie("session", signed(app, data))
    for url in ("/", "/healthz", "/quiz/gep-net-basics/", "/quiz/gep-net-basics/1", "/quiz/gep-net-basics/summary"):
        response = client.get(url)
        assert response.status_code in (200, 303), url
        assert "<b>bold</b>" not in response.get_data(as_text=True)
    assert NOTICE in text_of(client.get("/"))


@pytest.mark.parametrize("payload", [b"{not json", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe"])
def test_signed_bytes_that_are_not_json_count_as_no_cookie(app, client, payload):
    client.set_cookie("session", signed_raw(app, payload))
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("token", [5, None, ["a"], {"a": 1}])
def test_a_form_sent_with_an_odd_signed_token_gets_a_page_not_an_error(app, token):
    quiz = QuizClient(app.test_client())
    form_token = quiz.token("/")
    quiz.client.set_cookie("session", signed(app, {"csrf_token": token}))
    response = quiz.client.post("/quiz/gep-net-basics/start", data={"csrf_token": form_token})
    # No token of its own in the cookie: the form cannot be checked, so Start simply starts the quiz.
    assert response.status_code == 303 and response.location.endswith("/quiz/gep-net-basics/1")


@pytest.mark.parametrize("raw", ["", "é", "x" * 40, "0123456789ABCDEF0123456789ABCDEF01234567"])
def test_a_page_opened_with_an_odd_raw_token_in_the_cookie_sends_a_form_that_works(app, raw):
    """The page's token is made from the cookie's raw one: a non-ASCII one made Flask-WTF's comparison
    raise (a 500). Now the form is answered as any whose token does not check out: Start starts."""
    quiz = QuizClient(app.test_client())
    quiz.client.set_cookie("session", signed(app, {"csrf_token": raw}))
    response = quiz.client.post("/quiz/gep-net-basics/start", data={"csrf_token": quiz.token("/quiz/gep-net-basics/")})
    assert response.status_code == 303 and response.location.endswith("/quiz/gep-net-basics/1")


@pytest.mark.parametrize("value", [123, "é", None, ["a"], ""])
def test_a_form_token_signed_with_the_key_but_holding_no_usable_text_is_refused_not_an_error(app, value):
    """Only a holder of the key can sign such a token; it gets the form's own 400, never a 500."""
    quiz = QuizClient(app.test_client())
    quiz.start("gep-net-basics")
    forged = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(value)
    response = quiz.client.post("/quiz/gep-net-basics/1", data={"csrf_token": forged, "question": "basics-01"})
    assert response.status_code == 400
    assert soup(response).select_one("form input[name=csrf_token]")  # the question again, with a fresh token


@pytest.mark.parametrize("raw", ["é" * 40, "", "x" * 40])
def test_an_odd_raw_token_in_the_cookie_is_replaced_so_answers_can_be_sent(mini_app, raw):
    """Kept, it would be compared with every form's token and fail each time: nothing could be sent again."""
    quiz = QuizClient(mini_app.test_client())
    quiz.start("mini")
    data = mini_app.session_interface.get_signing_serializer(mini_app).loads(quiz.client.get_cookie("session").value)
    quiz.client.set_cookie("session", signed(mini_app, {**data, "csrf_token": raw}))
    for number, fields in ((1, {"choice": "a"}), (2, {"item-flush": "functional", "item-pain": "mechanical"})):
        response = quiz.answer("mini", number, **fields)
        assert response.status_code == 303 and response.location.endswith(f"/quiz/mini/{number}/feedback")


def test_flashed_notices_still_travel_in_the_cookie(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    response = mini.client.get("/quiz/mini/1")  # answered already: its feedback, with a notice why
    assert response.status_code == 303
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True)


def test_a_flashed_notice_is_shown_as_text_never_as_markup(app, client):
    """A well-formed notice pair is used as it is, so escaping is what keeps a leaked key from adding markup."""
    client.set_cookie("session", signed(app, {"_flashes": [["notice", "<b>bold</b> & more"]]}))
    response = client.get("/")
    assert soup(response).select_one(".flash").get_text(strip=True) == "<b>bold</b> & more"
    assert "<b>bold</b>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("hours_old, kept", [(71, True), (73, False)])
def test_a_cookie_older_than_its_lifetime_is_not_read(mini_app, hours_old, kept):
    """The browser drops the cookie after QUIZ_SESSION_HOURS (72); a copy kept and sent later is refused too."""
    serializer = mini_app.session_interface.get_signing_serializer(mini_app)
    signer = serializer.make_signer(serializer.salt)
    signer.get_timestamp = lambda: int(time.time()) - hours_old * 3600
    version = mini_app.extensions["quiz.library"].quiz("mini").version
    data = {"quizzes": [{"k": "mini", "v": version, "a": "0"}]}
    client = mini_app.test_client()
    client.set_cookie("session", signer.sign(base64_encode(json.dumps(data).encode())).decode())
    response = client.get("/quiz/mini/1/feedback")
    assert (response.status_code, response.location) == ((200, None) if kept else (303, "/quiz/mini/1"))


def test_plain_json_round_trips_what_the_quiz_keeps():
    data = {"_permanent": True, "csrf_token": "0123456789abcdef0123456789abcdef01234567", "_flashes": [["notice", "Hello “there”"]],
            "quizzes": [{"k": "mini", "v": "1a", "a": "0,,1", "p": [1, 3], "f": [2.5, 3]}]}
    assert PlainJSON.loads(PlainJSON.dumps(data)) == data
    assert usable(data) == data
