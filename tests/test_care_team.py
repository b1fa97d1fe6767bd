"""Questions to ask your care team: the file's checks, the ranking of topics, and the printable page."""

import shutil
from urllib.parse import urljoin
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from support import FIXTURES, NOTICE, QUESTIONS, make_questions_dir, problems_of, soup
from quiz import create_app
from quiz.bank import load_library
from quiz.care_team import GENERAL, CareList, care_team_problems, hardest_topics, question_problems
from quiz.cli import banks

def question(*tags):
    return SimpleNamespace(tags=tags)


# --- ranking the topics --------------------------------------------------------

def test_hardest_topics_count_questions_most_first_then_file_order():
    hard = [question("stage"), question("grade", "stage"), question("tests")]
    order = ["basics", "tests", "stage", "grade", "chemo"]
    assert hardest_topics(hard, order) == [("stage", 2), ("tests", 1), ("grade", 1)]


def test_hardest_topics_is_empty_when_nothing_was_hard():
    assert hardest_topics([], ["stage"]) == []


# --- what a suggested question may say -----------------------------------------

@pytest.mark.parametrize("text", [
    "Does my tumor make extra hormones?",
    "What is the goal of the treatment you suggest for me?",
    "Is an SSA, a targeted therapy or PRRT a choice for me?",
    # Spoken to the care team: "are you" and "your" are refused in banks, never here.
    "Are you the one to call if my symptoms change?",
    "Which of your tests shows the grade of my tumor?",
])
def test_good_questions_pass(text):
    assert question_problems(text) == []


@pytest.mark.parametrize("text, message", [
    ("Tell me about my tumor.", 'must be a question ending with "?"'),
    ("SSAs lower hormones. Should I take one?", "must be one question only"),
    ("Is there a 50% chance it grows?", "must not contain numbers"),
    ("What are my chances of survival?", "(odds)"),
    ("What is my prognosis?", "(outcome or odds)"),
    ("Should I start this treatment now?", "(treatment advice)"),
    ("   ", "must not be empty"),
    ("Why " + "so " * 60 + "?", "is too long"),
])
def test_answers_odds_and_advice_are_caught(text, message):
    assert any(message in problem for problem in question_problems(text)), question_problems(text)


@pytest.mark.parametrize("length, ok", [(160, True), (161, False)])
def test_a_question_is_at_most_160_characters(length, ok):
    text = "Why " + "x" * (length - 5) + "?"
    assert len(text) == length
    # The author is told how long it is and the limit, so they know how much to cut.
    assert question_problems(text) == ([] if ok else [f"is too long ({length} characters; at most 160)"])


def list_problems(topic: str, count: int, question: str = "What does this word mean for me?") -> list[tuple[str, str]]:
    """Return (field, message) of the problems of one list of `count` questions, given with a valid general list."""
    lists = [CareList(topic=GENERAL, questions=("What is a NET?", "Who is on my care team?")),
             CareList(topic="basics", questions=("Where did my tumor start?", "What kind of NET is it?"))]
    lists = [entry for entry in lists if entry.topic != topic]
    lists.append(CareList(topic=topic, questions=tuple(f"{question[:-1]} {'and why ' * n}?".replace(" ?", "?")
                                                       for n in range(count))))
    return [(field, message) for where, field, message in care_team_problems(lists, ["basics"], "topics.toml")
            if where == topic]


@pytest.mark.parametrize("topic, most", [("basics", 4), (GENERAL, 6)])
def test_a_list_has_two_questions_and_at_most_four_or_six_for_any_visit(topic, most):
    assert list_problems(topic, 2) == [] and list_problems(topic, most) == []
    for count in (1, most + 1):
        assert list_problems(topic, count) == [("questions", f"needs 2 to {most} questions (found {count})")]


def test_a_list_above_reading_grade_10_is_refused():
    hard = "What characteristics differentiate well-differentiated neuroendocrine carcinomas histologically?"
    problems = list_problems("basics", 2, hard)
    assert [field for field, _ in problems] == ["reading-grade"]
    assert problems[0][1].startswith("reading grade ") and "above 10.0" in problems[0][1]


# --- the care-team file's checks -----------------------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = make_questions_dir(tmp_path_factory.mktemp("care"), FIXTURES / "mini.toml")
    shutil.copy(FIXTURES / "care-team-broken.toml", folder / "care-team.toml")
    return folder, problems_of(folder)


EXPECTED = [
    "basics:questions: needs 2 to 4 questions (found 6)",
    "basics:questions[1]: must be one question only, with no statement or answer before it",
    "basics:questions[2]: must be a question ending with \"?\"",
    "basics:questions[3]: odds, outcome or advice wording is not allowed (odds): 'chances of'",
    "basics:questions[3]: odds, outcome or advice wording is not allowed (outcome or odds): 'survival'",
    "basics:questions[4]: must not contain numbers",
    "basics:questions[4]: odds, outcome or advice wording is not allowed (odds or percentages): '0%'",
    "basics:questions[5]: is listed twice",
    "functional:questions[1]: must not be empty",
    "functional:topic: this topic has more than one list",
    "astrology:topic: unknown topic 'astrology' (see topics.toml, or use 'general')",
    "basics-2:extra: is not a known field",
    "general:topic: has no valid list of questions",
    "stage:topic: has no valid list of questions",
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_each_broken_care_team_rule_is_reported(broken, expected):
    folder, lines = broken
    assert any(line.startswith(f"{folder / 'care-team.toml'}:{expected}") for line in lines), "\n".join(lines)


def test_cli_check_reports_care_team_problems(broken):
    folder, lines = broken
    result = CliRunner().invoke(banks, ["check"], env={"QUIZ_QUESTIONS_DIR": str(folder)})
    assert result.exit_code == 1 and result.output.splitlines() == lines


def test_bundled_file_covers_every_topic_and_general():
    library = load_library(QUESTIONS)
    care = library.care_team
    assert set(care.by_topic) == set(library.topics)
    assert 2 <= len(care.general) <= 6
    assert all(2 <= len(questions) <= 4 for questions in care.by_topic.values())
    assert "What is the goal of the treatment you suggest for me?" in care.general
    assert "Does my tumor make extra hormone?" in care.by_topic["functional"]
    assert GENERAL not in care.by_topic


# --- the page ------------------------------------------------------------------

@pytest.fixture
def mini_care(tmp_path):
    """A client for the mini fixture bank, with the bundled care-team file."""
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml")
    shutil.copy(QUESTIONS / "care-team.toml", folder)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
                      "QUESTIONS_DIR": str(folder)})
    client = app.test_client()
    client.library = app.extensions["quiz.library"]
    return client


def answer_mini(client, first, second, third):
    client.post("/quiz/mini/start")
    client.post("/quiz/mini/1", data={"question": "m-01", "choice": first})
    flush, pain = second
    client.post("/quiz/mini/2", data={"question": "m-02", "item-flush": flush, "item-pain": pain})
    client.post("/quiz/mini/3", data={"question": "m-03", "choice": third})


def topic_sections(page):
    """Return (heading, count line, questions) for each topic section, in page order."""
    return [(s.h2.get_text(), s.select_one(".meta").get_text() if s.select_one(".meta") else None,
             [li.get_text() for li in s.select(".ask-list li")]) for s in page.select("section.ask-topic")]


def test_page_lists_missed_topics_hardest_first_then_general(mini_care):
    # m-01 (functional) wrong, m-02 (functional) partly right, m-03 (mechanical) wrong.
    answer_mini(mini_care, "b", ("functional", "functional"), "c")
    response = mini_care.get("/quiz/mini/care-team")
    assert response.status_code == 200
    page = soup(response)
    care = mini_care.library.care_team
    assert page.h1.get_text() == "Questions to ask your care team"
    # The lists are in the voice of someone with a NET; the page says so, for carers and the worried.
    lead = page.select_one(".lead").get_text()
    assert "a person with a NET could ask their care team" in lead and "If you care for someone" in lead
    assert topic_sections(page) == [
        ("Functional (hormone) symptoms", "2 questions on this topic not fully right", list(care.by_topic["functional"])),
        ("Mechanical (pressure) symptoms", "1 question on this topic not fully right", list(care.by_topic["mechanical"])),
        ("Questions for any visit", None, list(care.general)),
    ]


def test_page_follows_the_topics_that_were_missed(mini_care):
    answer_mini(mini_care, "a", ("functional", "mechanical"), "c")  # only the mechanical question missed
    sections = topic_sections(soup(mini_care.get("/quiz/mini/care-team")))
    assert [heading for heading, *_ in sections] == ["Mechanical (pressure) symptoms", "Questions for any visit"]


def test_a_perfect_round_of_missed_questions_keeps_their_topics(mini_care):
    """Right the second time, after reading why, is still a topic worth asking about."""
    answer_mini(mini_care, "b", ("functional", "mechanical"), ["a", "b"])  # only m-01 (functional) missed
    mini_care.post("/quiz/mini/retry")
    mini_care.post("/quiz/mini/1", data={"question": "m-01", "choice": "a"})  # right this time
    assert "You scored 1 out of 1 in this round" in " ".join(soup(mini_care.get("/quiz/mini/summary")).get_text(" ").split())
    sections = topic_sections(soup(mini_care.get("/quiz/mini/care-team")))
    assert [heading for heading, *_ in sections] == ["Functional (hormone) symptoms", "Questions for any visit"]
    assert sections[0][1] == "1 question on this topic missed the first time"


def test_a_second_round_of_missed_questions_keeps_the_list_of_the_first(mini_care):
    """The results page says the care-team list is kept: a narrower round must not shrink it."""
    answer_mini(mini_care, "b", ("functional", "functional"), "c")  # all three missed
    mini_care.post("/quiz/mini/retry")
    mini_care.post("/quiz/mini/1", data={"question": "m-01", "choice": "a"})  # right this time
    mini_care.post("/quiz/mini/2", data={"question": "m-02", "item-flush": "functional", "item-pain": "functional"})
    mini_care.post("/quiz/mini/3", data={"question": "m-03", "choice": "c"})
    summary = " ".join(soup(mini_care.get("/quiz/mini/summary")).get_text(" ").split())
    assert "so is your list of questions for your care team" in summary
    assert mini_care.post("/quiz/mini/retry").location.endswith("/quiz/mini/1")
    assert "Missed question 1 of 2" in soup(mini_care.get("/quiz/mini/1")).get_text()
    sections = topic_sections(soup(mini_care.get("/quiz/mini/care-team")))
    assert [(heading, count) for heading, count, _ in sections] == [
        ("Functional (hormone) symptoms", "2 questions on this topic missed the first time"),
        ("Mechanical (pressure) symptoms", "1 question on this topic missed the first time"),
        ("Questions for any visit", None),
    ]


def test_all_right_says_so_kindly_and_still_shows_general_questions(mini_care):
    answer_mini(mini_care, "a", ("functional", "mechanical"), ["a", "b"])
    page = soup(mini_care.get("/quiz/mini/care-team"))
    assert "You got every question you answered right. Well done!" in page.get_text()
    assert [heading for heading, *_ in topic_sections(page)] == ["Questions for any visit"]
    assert page.find("a", string="Back to your results")["href"] == "/quiz/mini/summary"


@pytest.mark.parametrize("started", [False, True], ids=["no-cookie", "started-nothing-answered"])
def test_no_saved_answers_gives_general_questions_not_an_error(mini_care, started):
    if started:
        mini_care.post("/quiz/mini/start")
    response = mini_care.get("/quiz/mini/care-team")
    assert response.status_code == 200
    page = soup(response)
    assert "This browser has no answers to this quiz yet, so here are some questions" in page.get_text()
    assert "Well done" not in page.get_text()
    assert [heading for heading, *_ in topic_sections(page)] == ["Questions for any visit"]
    assert page.select_one(".flash") is None
    assert page.find("a", string="Go to this quiz")["href"] == "/quiz/mini/"
    mini_care.set_cookie("session", "tampered.value.here")
    assert mini_care.get("/quiz/mini/care-team").status_code == 200


def test_unknown_quiz_gives_the_friendly_404(mini_care):
    response = mini_care.get("/quiz/no-such-quiz/care-team")
    assert response.status_code == 404
    assert soup(response).h1.get_text() == "Page not found"


def test_print_button_needs_javascript_and_the_page_says_how_to_print_without_it(mini_care):
    page = soup(mini_care.get("/quiz/mini/care-team"))
    button = page.find("button", attrs={"data-print": True})
    assert button.get_text() == "Print this page" and button["type"] == "button"
    assert button.has_attr("hidden") and button.has_attr("data-js-only")  # shown by site.js
    assert "use your browser's Print command" in page.select_one("[data-print-hint]").get_text()
    assert NOTICE in " ".join(page.get_text(" ").split())
    assert not page.find_all(attrs={"style": True}) and not page.select("script:not([src])")
    assert not [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]
    # That site.js shows the button and hides the words is checked in a browser (test_journeys.py).


def test_summary_links_to_the_care_team_page(mini_care):
    answer_mini(mini_care, "b", ("functional", "functional"), "c")
    link = soup(mini_care.get("/quiz/mini/summary")).find("a", string="Questions to ask your care team")
    assert urljoin("/quiz/mini/summary", link["href"]) == "/quiz/mini/care-team"  # as a browser reads it
    assert mini_care.get("/quiz/mini/care-team").status_code == 200


def test_bundled_app_serves_the_care_team_page_for_every_bank(app, client):
    for key in app.extensions["quiz.library"].banks:
        page = soup(client.get(f"/quiz/{key}/care-team"))
        assert [heading for heading, *_ in topic_sections(page)] == ["Questions for any visit"], key
