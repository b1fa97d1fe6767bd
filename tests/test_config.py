"""Settings from QUIZ_ environment variables: safe defaults, refusals, cookie flags, the README table."""

import datetime
import logging
import re
from pathlib import Path

import pytest

from support import FIXTURES, QuizClient, make_questions_dir
from quiz import config, create_app
from quiz.config import ConfigError, from_env

ROOT = Path(__file__).resolve().parent.parent
SECRET = {"QUIZ_SECRET_KEY": "a-long-random-secret-for-the-config-tests"}


def test_production_without_a_secret_refuses_to_start_with_one_line():
    with pytest.raises(ConfigError) as refused:
        from_env({"QUIZ_ENV": "production"})
    message = str(refused.value)
    assert "QUIZ_SECRET_KEY" in message and "\n" not in message


@pytest.mark.parametrize("key, named", [("   ", "is not set"), ("abc", "is too short (3 characters)"),
                                        ("x" * 31, "is too short (31 characters)")])
def test_production_refuses_a_blank_or_short_secret(key, named):
    with pytest.raises(ConfigError, match=re.escape(named)):
        from_env({"QUIZ_ENV": "production", "QUIZ_SECRET_KEY": key})
    assert from_env({"QUIZ_ENV": "production", "QUIZ_SECRET_KEY": "x" * 32})["SECRET_KEY"] == "x" * 32


def test_production_refuses_a_short_old_key_too():
    """An old key still signs what the app accepts, so it is held to the same length as the key."""
    production = {"QUIZ_ENV": "production", **SECRET}
    with pytest.raises(ConfigError, match="QUIZ_SECRET_KEY_FALLBACKS holds a key shorter than 32"):
        from_env({**production, "QUIZ_SECRET_KEY_FALLBACKS": f"{'y' * 40}, changeme"})
    settings = from_env({**production, "QUIZ_SECRET_KEY_FALLBACKS": f"{'y' * 40}, {'z' * 32}"})
    assert settings["SECRET_KEY_FALLBACKS"] == ["y" * 40, "z" * 32]
    assert from_env({"QUIZ_SECRET_KEY_FALLBACKS": "old"})["SECRET_KEY_FALLBACKS"] == ["old"]  # development


def test_development_without_a_secret_uses_a_random_key_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="quiz"):
        first, second = from_env({}), from_env({"QUIZ_ENV": "development"})
    assert len(first["SECRET_KEY"]) >= 32 and first["SECRET_KEY"] != second["SECRET_KEY"]
    assert "QUIZ_SECRET_KEY is not set" in caplog.text


@pytest.mark.parametrize("environ, name", [
    ({"QUIZ_ENV": "prod"}, "QUIZ_ENV"),
    ({"QUIZ_ENV": "staging", **SECRET}, "QUIZ_ENV"),
    ({"QUIZ_SESSION_HOURS": "twelve"}, "QUIZ_SESSION_HOURS"),
    ({"QUIZ_SESSION_HOURS": "0"}, "QUIZ_SESSION_HOURS"),
    ({"QUIZ_MAX_BODY_BYTES": "-5"}, "QUIZ_MAX_BODY_BYTES"),
    ({"QUIZ_COOKIE_SECURE": "maybe"}, "QUIZ_COOKIE_SECURE"),
])
def test_bad_values_are_refused_by_name(environ, name):
    # A typo must never fall back to a lenient default (e.g. "prod" meaning development).
    with pytest.raises(ConfigError, match=name):
        from_env(environ)


@pytest.mark.parametrize("value", [
    "quiz.example.org", "ftp://quiz.example.org", "https://quiz.example.org/quiz/", "https://quiz.example.org:port",
    "https://user@quiz.example.org", "https://quiz.example.org?x=1", "https://quiz example.org",
    "https://quiz.example.org\\evil.example", "https://quiz.example.org:",
])
def test_a_public_url_must_be_only_an_address(value):
    """Anything else would put broken or foreign links in QR codes and printouts."""
    with pytest.raises(ConfigError, match="QUIZ_PUBLIC_URL"):
        from_env({"QUIZ_PUBLIC_URL": value})


@pytest.mark.parametrize("value, public", [
    ("", ""), ("https://quiz.example.org", "https://quiz.example.org"),
    (" https://quiz.example.org/ ", "https://quiz.example.org"), ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
])
def test_the_public_url_is_kept_as_scheme_and_host(value, public):
    assert from_env({"QUIZ_PUBLIC_URL": value})["PUBLIC_URL"] == public


def test_cookie_is_httponly_lax_and_secure_in_production():
    settings = from_env({"QUIZ_ENV": "production", **SECRET})
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    # 72 hours: over the 20 hours WCAG 2.2.1 allows without a way to extend it, so a reader can come back tomorrow.
    assert settings["PERMANENT_SESSION_LIFETIME"] == datetime.timedelta(hours=72)


@pytest.mark.parametrize("environ, secure", [
    ({"QUIZ_ENV": "production", "QUIZ_COOKIE_SECURE": "0", **SECRET}, False),
    ({"QUIZ_ENV": "production", "QUIZ_COOKIE_SECURE": "off", **SECRET}, False),
    ({"QUIZ_COOKIE_SECURE": "1"}, True),
    ({}, False),
])
def test_secure_cookie_can_be_switched(environ, secure):
    settings = from_env(environ)
    assert settings["SESSION_COOKIE_SECURE"] is secure
    # The __Host- prefix needs Secure: a plain-HTTP intranet keeps the plain name.
    assert settings["SESSION_COOKIE_NAME"] == ("__Host-session" if secure else "session")


def test_numbers_come_from_the_environment():
    settings = from_env({"QUIZ_SESSION_HOURS": "2", "QUIZ_MAX_BODY_BYTES": "4096", "QUIZ_QUESTIONS_DIR": "/srv/q"})
    assert settings["PERMANENT_SESSION_LIFETIME"] == datetime.timedelta(hours=2)
    assert settings["MAX_CONTENT_LENGTH"] == 4096
    assert settings["QUESTIONS_DIR"] == "/srv/q"


def test_body_limit_is_a_few_kilobytes_by_default():
    assert 1024 <= from_env({})["MAX_CONTENT_LENGTH"] <= 16 * 1024


def test_workers_follow_the_cpu_count_unless_set(monkeypatch):
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert config.workers({}) == 7
    assert config.workers({"QUIZ_WORKERS": "3"}) == 3
    for typo in ("many", "²", "1000000", "0"):
        with pytest.raises(ConfigError, match="QUIZ_WORKERS must be a whole number from 1 to 256"):
            config.workers({"QUIZ_WORKERS": typo})


@pytest.mark.parametrize("name, typo", [("QUIZ_SESSION_HOURS", "100000000"), ("QUIZ_SESSION_HOURS", "99999999999"),
                                        ("QUIZ_MAX_BODY_BYTES", "99999999999"), ("QUIZ_MAX_BODY_BYTES", "512")])
def test_numbers_out_of_range_are_refused_by_name(name, typo):
    with pytest.raises(ConfigError, match=f"{name} must be a whole number from "):
        from_env({name: typo})


def test_the_served_cookie_carries_the_flags(monkeypatch, tmp_path):
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml")
    monkeypatch.setenv("QUIZ_ENV", "production")
    monkeypatch.setenv("QUIZ_SECRET_KEY", "served-cookie-secret-for-the-config-tests")
    monkeypatch.setenv("QUIZ_QUESTIONS_DIR", str(folder))
    client = create_app().test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    cookie = client.post("/quiz/mini/start", data={"csrf_token": token}).headers["Set-Cookie"]
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "expires", "path"} <= flags
    assert "SameSite=Lax" in cookie
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    at = datetime.datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=datetime.timezone.utc)
    left = at - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(hours=71) < left <= datetime.timedelta(hours=72)


def test_settings_given_to_create_app_win_over_the_environment(monkeypatch, tmp_path, caplog):
    """flaskr's order: a test config (or an app embedding the quiz) is used, and what follows from it too."""
    folder = str(make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml"))
    monkeypatch.setenv("QUIZ_ENV", "production")  # with no QUIZ_SECRET_KEY: refused unless a key is given
    monkeypatch.delenv("QUIZ_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="QUIZ_SECRET_KEY is not set"):
        create_app({"QUESTIONS_DIR": folder})
    with pytest.raises(ConfigError, match="too short"):  # a given key is checked like one from the environment
        create_app({"SECRET_KEY": "dev", "QUESTIONS_DIR": folder})
    app = create_app({"SECRET_KEY": "given-" + "k" * 40, "QUESTIONS_DIR": folder})
    assert app.config["SECRET_KEY"] == "given-" + "k" * 40 and app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    monkeypatch.setenv("QUIZ_ENV", "development")
    with caplog.at_level(logging.WARNING, logger="quiz"):
        app = create_app({"SECRET_KEY": "given", "SESSION_COOKIE_SECURE": True, "QUESTIONS_DIR": folder})
    assert "QUIZ_SECRET_KEY is not set" not in caplog.text  # a key was given: no random one, no warning
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"


def test_a_new_key_keeps_readers_progress_while_old_keys_are_fallbacks(tmp_path):
    folder = str(make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml"))

    def app(**environ):
        return create_app({**from_env(environ), "TESTING": True, "QUESTIONS_DIR": folder})

    reader = QuizClient(app(QUIZ_SECRET_KEY="old-key").test_client())
    reader.start("mini")
    token = reader.token("/quiz/mini/1")
    cookie = reader.client.get_cookie("session").value
    for rotated in (app(QUIZ_SECRET_KEY="new-key", QUIZ_SECRET_KEY_FALLBACKS="older-key, old-key"),
                    app(QUIZ_SECRET_KEY="new-key")):
        client = rotated.test_client()
        client.set_cookie("session", cookie)
        answered = client.post("/quiz/mini/1", data={"csrf_token": token, "question": "m-01", "choice": "a"})
        if rotated.config.get("SECRET_KEY_FALLBACKS"):
            # The page opened before the switch still works, and the new cookie uses the new key.
            assert answered.status_code == 303
            again = app(QUIZ_SECRET_KEY="new-key").test_client()
            again.set_cookie("session", client.get_cookie("session").value)
            assert again.get("/quiz/mini/1/feedback").status_code == 200
        else:
            assert answered.status_code == 400  # without the fallback, old cookies are refused


def test_every_setting_is_read_by_the_app_or_gunicorn():
    source = (ROOT / "quiz" / "config.py").read_text()
    # Leave out the table itself: each name must also be used where settings are read.
    head, rest = source.split("SETTINGS: dict", 1)
    code = head + rest.split("\n}\n", 1)[1] + (ROOT / "quiz" / "gunicorn_conf.py").read_text()
    for name in config.SETTINGS:
        assert f'"{name}"' in code or f"QUIZ_{name}" in code, name


def test_the_readme_table_is_the_settings_row_for_row():
    """The README's "Running in production" table gives each setting's full name, default and meaning as
    SETTINGS does ("on in production", "2 × CPU cores + 1"): an operator must not read one default and get another."""
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `QUIZ_(\w+)` \|(.*?)\|(.*?)\|$", readme, flags=re.MULTILINE)
    assert {name: (default.strip(), meaning.strip()) for name, default, meaning in rows} == config.SETTINGS


@pytest.mark.parametrize("word, secure", [("1", True), ("true", True), ("Yes", True), (" on ", True),
                                          ("0", False), ("FALSE", False), ("no", False), ("off", False)])
def test_the_cookie_switch_takes_the_usual_words_for_on_and_off(word, secure):
    """The refusal says "1 or 0 (on or off)"; an operator's "yes" or "false" means what it says."""
    assert from_env({"QUIZ_COOKIE_SECURE": word})["SESSION_COOKIE_SECURE"] is secure


@pytest.mark.parametrize("name, lowest, highest", [("SESSION_HOURS", 1, 8760), ("MAX_BODY_BYTES", 1024, 1048576)])
def test_numbers_are_allowed_up_to_the_limits_the_readme_gives(name, lowest, highest):
    """README: "(1 to 8760)" hours and "(1024 to 1048576)" bytes; each end is allowed, one past it refused."""
    for value in (lowest, highest):
        from_env({f"QUIZ_{name}": str(value)})
    for value in (lowest - 1, highest + 1):
        with pytest.raises(ConfigError, match=f"QUIZ_{name} must be a whole number from {lowest} to {highest}, "):
            from_env({f"QUIZ_{name}": str(value)})


def test_workers_are_allowed_up_to_256():
    assert config.workers({"QUIZ_WORKERS": "256"}) == 256
    with pytest.raises(ConfigError, match="QUIZ_WORKERS must be a whole number from 1 to 256"):
        config.workers({"QUIZ_WORKERS": "257"})


def test_workers_count_the_cpus_this_process_may_use_else_all_it_sees(monkeypatch):
    """A container limited to 3 of 64 CPUs gets 7 workers; where the OS cannot tell (macOS), the CPU
    count is used, and 1 CPU if even that is unknown."""
    monkeypatch.setattr(config.os, "sched_getaffinity", lambda pid: {0, 1, 2} if pid == 0 else set(range(64)),
                        raising=False)
    assert config.workers({}) == 7
    monkeypatch.delattr(config.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(config.os, "cpu_count", lambda: 4)
    assert config.workers({}) == 9
    monkeypatch.setattr(config.os, "cpu_count", lambda: None)
    assert config.workers({}) == 3


@pytest.mark.parametrize("key", ["", "short"])
def test_a_refused_key_comes_with_the_command_that_makes_a_good_one(key):
    with pytest.raises(ConfigError) as refused:
        from_env({"QUIZ_ENV": "production", "QUIZ_SECRET_KEY": key})
    assert "`python3 -c 'import secrets; print(secrets.token_hex(32))'`" in str(refused.value)


def test_the_random_key_warning_is_logged_as_the_app(caplog):
    """On the "quiz" logger, Flask's app.logger, so it lands wherever the app's own log lines go."""
    with caplog.at_level(logging.WARNING, logger="quiz"):
        from_env({})
    assert [record.name for record in caplog.records] == ["quiz"]
