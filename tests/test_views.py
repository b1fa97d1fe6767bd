"""The quiz as a reader meets it: pages, the answer flow, and bad input answered kindly."""

import datetime
import re
from urllib.parse import quote, urljoin

import pytest

from support import FIXTURES, NOTICE, QuizClient, form_for, make_questions_dir, soup, text_of
from quiz import create_app, readability
from quiz.errors import CSRF_PAGE, PAGES
from quiz.reader import CHANGED, MADE_ROOM, NOT_FOUND, RESTARTED
from quiz.session_state import KEEP
from quiz.templating import nearby, points
from quiz.views import ANSWERED, ANSWERED_BEFORE, CLEARED, EXPIRED, FINISHED, IN_PROGRESS, MOVED_ON, NOT_SENT, NOTHING_MISSED, RESTARTED_SINCE, STALE, STARTED_OVER


def bank_ids(app):
    return list(app.extensions["quiz.library"].banks)


@pytest.mark.parametrize("right", [True, False], ids=["all-right", "all-wrong"])
def test_every_bank_to_the_summary(app, quiz, right):
    for key in bank_ids(app):
        bank = app.extensions["quiz.library"].banks[key]
        assert quiz.start(key).location.endswith(f"/quiz/{key}/1")
        for number, question in enumerate(bank.questions, start=1):
            response = quiz.answer(key, number, **form_for(question, right))
            assert response.status_code == 303
            page = quiz.client.get(response.location)
            heading = soup(page).h1.get_text(" ", strip=True)
            assert heading.endswith("Right" if right else "Not right this time"), (key, question.id)
        summary = text_of(quiz.client.get(f"/quiz/{key}/summary"))
        total = len(bank.questions)
        assert f"You scored {total if right else 0} out of {total}" in summary
        # Every question is recapped with its correct answer, and says whether the reader's was.
        items = soup(quiz.client.get(f"/quiz/{key}/summary")).select(".summary-item")
        assert len(items) == total and all(item.find("dt", string="Why") for item in items)
        for question, item in zip(bank.questions, items):
            lines = [li.get_text() for li in item.dd.find_all("li")]
            if question.kind == "sort":
                assert lines == [f"{i.text}: {question.category(i).label} — {'right' if right else 'missed'}"
                                 for i in question.items], question.id
            elif question.multiple:  # the correct choices, then (all wrong) the wrong ones, picked
                assert lines == [f"{c.text} — {('right' if right else 'missed') if c.correct else 'your pick, not right'}"
                                 for c in question.choices if c.correct or not right], question.id
        assert "part of a point" not in summary  # no partly right answers, so nothing to explain
        assert ("Try the missed questions again" in summary) is not right
        assert ("Every answer was right. Well done!" in summary) is right
        assert ("Missing some is part of learning." in summary) is not right


def test_home_lists_banks_with_counts_minutes_and_start(client, app):
    page = soup(client.get("/"))
    cards = page.select(".card")
    assert len(cards) == len(bank_ids(app))
    for card in cards:
        assert re.search(r"\d+ questions · about \d+ minutes", card.get_text())
        form = card.find("form")
        assert form["method"] == "post" and form["action"].endswith("/start")
        assert form.find("input", attrs={"name": "csrf_token"})
        assert form.button.get_text(" ", strip=True).startswith("Start")


def test_question_page_structure(mini):
    mini.start("mini")
    response, page = mini.page("/quiz/mini/3")
    assert response.status_code == 200
    assert page.title.get_text().startswith("Question 3 of 3 · Mini")
    assert page.find(id="progress-label").get_text() == "Question 3 of 3"
    bar = page.find("progress")
    assert (bar["value"], bar["max"]) == ("3", "3")
    assert bar["aria-hidden"] == "true"  # the words above say it: read out once
    fieldset = page.find("fieldset")
    assert fieldset.legend.h1.get_text() == "Which are mechanical symptoms?"
    assert page.find(id="answer-hint").get_text() == "Choose all that apply."
    boxes = fieldset.find_all("input", type="checkbox")
    assert [b["value"] for b in boxes] == ["a", "b", "c"]
    for box in boxes:
        assert page.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    assert len(page.find_all("h1")) == 1
    assert [b.get_text() for b in page.find_all("button")] == ["Check my answer"]


def test_bank_text_is_shown_as_text_never_as_markup(tmp_path):
    """A "<" in a bank ("grade <3") must reach the reader as written, and never become markup."""
    folder = make_questions_dir(tmp_path / "questions")
    bank = (FIXTURES / "mini.toml").read_text()
    (folder / "mini.toml").write_text(bank.replace('text = "Mechanical"', 'text = "<b>Mechanical</b> & more"', 1))
    reader = QuizClient(create_app({"TESTING": True, "SECRET_KEY": "test", "QUESTIONS_DIR": str(folder)}).test_client())
    reader.start("mini")
    for url in ("/quiz/mini/1", "/quiz/mini/present/1", "/quiz/mini/worksheet"):
        response = reader.client.get(url)
        assert "<b>Mechanical</b> & more" in text_of(response) and "<b>" not in response.get_data(as_text=True), url
    reader.answer("mini", 1, choice="b")
    feedback = reader.client.get("/quiz/mini/1/feedback")
    assert "<b>Mechanical</b> & more" in text_of(feedback) and "<b>" not in feedback.get_data(as_text=True)


def test_sort_question_is_one_radio_group_per_item(mini):
    mini.start("mini")
    _, page = mini.page("/quiz/mini/2")
    groups = page.select("fieldset.sort-item")
    assert [g.legend.get_text() for g in groups] == ["Flushing", "Belly pain"]
    assert {r["name"] for r in groups[0].find_all("input")} == {"item-flush"}
    assert [r["value"] for r in groups[1].find_all("input", type="radio")] == ["functional", "mechanical"]


def test_feedback_marks_choices_in_words_and_cites_the_source(mini):
    mini.start("mini")
    response = mini.answer("mini", 3, choice=["a", "c"])
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/3/feedback")
    page = soup(mini.client.get(response.location))
    # The wrong pick cancels the right one: no points, so not "partly right".
    assert page.h1.get_text(" ", strip=True) == "✗ Not right this time: 1 of 2 correct, plus 1 wrong pick"
    assert page.title.get_text().startswith("Not right (1 of 2, plus 1 wrong pick) · Question 3 of 3")
    assert page.h1.find_next_sibling("p").get_text() == "Each wrong pick cancels out one right pick."
    items = {li.select_one(".review-text").get_text(" ", strip=True): li for li in page.select(".review-item")}
    assert [t.get_text(" ", strip=True) for t in items["A Belly pain"].select(".tag")] == [
        "Your answer", "✓ Correct answer"]
    assert [t.get_text(" ", strip=True) for t in items["C Flushing"].select(".tag")] == [
        "Your answer", "✗ Not right"]
    assert items["C Flushing"].select_one(".item-feedback").get_text() == "No, hormones."
    assert items["B Nausea"].select_one(".item-feedback").get_text() == "Yes, pressure."
    why = page.select_one(".explanation")
    assert why.h2.get_text() == "Why" and why["aria-labelledby"] == why.h2["id"]  # a region named "Why"
    assert "Pain and nausea can come from pressure." in why.get_text()
    source = " ".join(why.select_one(".source").get_text(" ").split())
    assert source.startswith("Source: Gastroenteropancreatic neuroendocrine tumors (GEP-NETs): an overview")
    assert "(updated April 10, 2025)" in source
    next_link = page.select_one(".actions a.button")
    # Questions 1 and 2 are still to do, so the results are "so far".
    assert (next_link.get_text(), next_link["href"]) == ("See your results so far", "/quiz/mini/summary")


def test_sort_feedback_scores_each_item(mini):
    mini.start("mini")
    mini.answer("mini", 2, **{"item-flush": "functional", "item-pain": "functional"})
    page = soup(mini.client.get("/quiz/mini/2/feedback"))
    assert page.h1.get_text(" ", strip=True) == "◐ Partly right: 1 of 2 correct"
    tags = [t.get_text(" ", strip=True) for t in page.select(".tag")]
    # Right or not in words too, not only by the mark (hidden from screen readers) and colour.
    assert tags == ["✓ Your answer: Functional (right)", "✗ Your answer: Functional (not right)",
                    "Correct group: Mechanical"]
    assert page.title.get_text().startswith("Partly right (1 of 2) · Question 2 of 3")


def test_refresh_back_and_double_submit_never_double_count(mini):
    mini.start("mini")
    first = mini.answer("mini", 1, choice="b")
    assert first.status_code == 303
    assert "Not right this time" in text_of(mini.client.get(first.location))
    assert "Not right this time" in text_of(mini.client.get(first.location))  # refresh
    back = mini.client.get("/quiz/mini/1")  # back button: an answered question's page is its feedback
    assert back.status_code == 303 and back.location.endswith("/quiz/mini/1/feedback")
    assert ANSWERED_BEFORE in text_of(mini.client.get(back.location))
    again = mini.answer("mini", 1, question="m-01", choice="a")  # re-post the old page, another answer
    assert again.status_code == 303 and again.location.endswith("/quiz/mini/1/feedback")
    page = text_of(mini.client.get(again.location))
    assert "Not right this time" in page
    assert "You had already answered this question. Your first answer is the one that counts." in page
    assert "answered 1 of 3 questions, and scored 0 out of 1" in text_of(mini.client.get("/quiz/mini/summary"))


@pytest.mark.parametrize("fields, message", [
    ({}, "Please choose an answer, then press “Check my answer”."),
    ({"choice": "zzz"}, "That answer is not one of the choices. Please choose again."),
    ({"choice": ["a", "b"]}, "Please choose only one answer."),
])
def test_form_errors_show_the_question_again(mini, fields, message):
    mini.start("mini")
    response = mini.answer("mini", 1, **fields)
    # Post/Redirect/Get: Back and Reload never resend the form; the fragment scrolls to the error.
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1#answer-error")
    shown = mini.client.get(response.location)
    page = soup(shown)
    assert shown.status_code == 200 and page.title.get_text().startswith("Error: Question 1 of 3")
    error = page.find(id="answer-error")
    assert error.get_text(" ", strip=True) == f"Error: {message}"
    # Read before the hint: the error is what the reader must act on.
    assert page.find("fieldset")["aria-describedby"].split() == ["answer-error", "answer-hint"]
    assert all(i.get("aria-invalid") == "true" for i in page.select("input[name=choice]"))
    assert page.find("input", attrs={"name": "csrf_token"})
    # Said once: reloading shows the question as it first was, and sends no cookie.
    again = mini.client.get("/quiz/mini/1")
    assert not soup(again).find(id="answer-error") and "Set-Cookie" not in again.headers
    assert mini.answer("mini", 1, choice="a").location.endswith("/quiz/mini/1/feedback")


def test_a_refused_answer_is_only_shown_on_its_own_question(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    assert mini.answer("mini", 2).status_code == 303  # nothing sorted: refused
    # Another tab opens question 3 before question 2's page comes back: the error is not shown there.
    assert not soup(mini.client.get("/quiz/mini/3")).find(id="answer-error")
    assert not soup(mini.client.get("/quiz/mini/2")).find(id="answer-error")  # and it is used up


def test_a_refused_answer_stays_with_its_quiz(app, client):
    """A set can hold a bank's question: an error from the bank's page is not shown on the set's."""
    reader = QuizClient(client)
    reader.start("gep-net-basics")
    assert reader.answer("gep-net-basics", 1).status_code == 303  # nothing picked: refused
    key = "~Class~0.basics-01"
    reader.start(key)
    assert not soup(client.get(f"/quiz/{key}/1")).find(id="answer-error")


def test_form_error_keeps_valid_picks(mini):
    mini.start("mini")
    response = mini.answer("mini", 2, **{"item-flush": "mechanical"})
    page = soup(mini.client.get(response.location))
    assert "1 still needs one, marked “Not sorted yet”." in page.find(id="answer-error").get_text()
    # The unsorted item says so where it is, in the name of its group (read out on entering it).
    assert [g.legend.get_text(" ", strip=True) for g in page.select("fieldset.sort-item")] == [
        "Flushing", "Not sorted yet: Belly pain"]
    assert page.find(id="item-flush-mechanical").has_attr("checked")
    assert not page.find(id="item-pain-functional").has_attr("checked")
    # Only the group still to sort is marked invalid.
    assert [i["id"] for i in page.select("input[aria-invalid=true]")] == ["item-pain-functional", "item-pain-mechanical"]


def test_retry_missed_covers_only_missed_questions(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    mini.answer("mini", 2, **{"item-flush": "mechanical", "item-pain": "mechanical"})
    mini.answer("mini", 3, choice=["a", "b"])
    summary = text_of(mini.client.get("/quiz/mini/summary"))
    assert ("Missing some is part of learning. Trying them again starts a new round, shown on this page. Your "
            "first score is kept, and so is your list of questions for your care team.") in summary
    assert "Well done" not in summary
    assert "You scored 2.5 out of 3 ." in summary and "first full round" not in summary
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/quiz/mini/summary")})
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    _, page = mini.page("/quiz/mini/1")
    assert page.find(id="progress-label").get_text() == "Missed question 1 of 1"
    assert page.h1.get_text() == "Sort each symptom."
    assert page.title.get_text().startswith("Missed question 1 of 1 · ")
    # The old round's pages (the Back button) lead to where the new round is up to.
    for old_page in ("/quiz/mini/3/feedback", "/quiz/mini/2"):
        moved = mini.client.get(old_page)
        assert moved.status_code == 303 and moved.location.endswith("/quiz/mini/1"), old_page
        assert soup(mini.client.get(moved.location)).select_one(".flash").get_text(strip=True) == MOVED_ON
    assert mini.client.get("/quiz/mini/4").status_code == 404  # not a question of this quiz at all
    mini.answer("mini", 1, **{"item-flush": "functional", "item-pain": "mechanical"})
    feedback = soup(mini.client.get("/quiz/mini/1/feedback"))
    assert feedback.select_one(".eyebrow").get_text().startswith("Missed question 1 of 1 · ")
    assert feedback.title.get_text().startswith("Right · Missed question 1 of 1 · ")
    assert mini.client.get("/quiz/mini/3/feedback").location.endswith("/quiz/mini/summary")
    summary = text_of(mini.client.get("/quiz/mini/summary"))
    assert "You scored 1 out of 1 in this round of missed questions" in summary
    assert "In your first full round you scored 2.5 out of 3." in summary
    assert [h.get_text() for h in soup(mini.client.get("/quiz/mini/summary")).select(".summary-item h3")] == [
        "Missed question 1: Right"]


def test_start_never_drops_answers_silently(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    response = mini.start("mini")  # Start on the home page again, answers in the cookie
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/")
    page = soup(mini.client.get(response.location))
    assert page.select_one(".flash").get_text(strip=True) == IN_PROGRESS
    assert "You have answered 1 of 3 questions." in page.get_text(" ", strip=True)
    carry_on = urljoin("/quiz/mini/", page.find("a", string="Continue from question 2")["href"])
    assert carry_on == "/quiz/mini/2"
    assert mini.client.get(carry_on).status_code == 200
    # Start over here asks first too, as on the results page: one tap next to Continue clears nothing.
    assert not page.find("button", string="Start over")
    assert page.find("a", string="Start over")["href"] == "./?over=1#confirm"
    assert mini.client.get("/quiz/mini/1").location.endswith("/quiz/mini/1/feedback")  # still answered
    confirm = soup(mini.client.get("/quiz/mini/?over=1"))
    over = confirm.find("button", string="Yes, start over").find_parent("form")
    assert over["action"] == "/quiz/mini/start?over=1" and over.find("input", attrs={"name": "csrf_token"})
    response = mini.start("mini", over=True)
    assert response.location.endswith("/quiz/mini/1")
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True) == STARTED_OVER
    assert mini.client.get("/quiz/mini/1").status_code == 200  # unanswered again


def test_start_again_before_any_answer_goes_straight_to_question_1(mini):
    """Back to the intro after Start, then Start again: nothing is lost, so nothing is asked."""
    mini.start("mini")
    response = mini.start("mini")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    page = soup(mini.client.get(response.location))
    assert not page.select(".flash") and page.find(id="progress-label").get_text() == "Question 1 of 3"


def test_start_during_a_round_of_missed_questions_keeps_the_results(mini):
    """Before the round's first answer, Start (home page or intro) must not wipe the first score."""
    answer_all_mini(mini)  # question 2 partly right: 2.5 out of 3
    assert "1 partly right (part of a point)" in text_of(mini.client.get("/quiz/mini/summary"))
    mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/quiz/mini/summary")})
    intro = soup(mini.client.get("/quiz/mini/"))
    assert not intro.find("button", string="Start the quiz")
    assert "You have answered 0 of 1 questions in this round of missed questions." in intro.get_text(" ", strip=True)
    assert urljoin("/quiz/mini/", intro.find("a", string="Continue from missed question 1")["href"]) == "/quiz/mini/1"
    response = mini.start("mini")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/")
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True) == IN_PROGRESS
    _, page = mini.page("/quiz/mini/1")
    assert page.find(id="progress-label").get_text() == "Missed question 1 of 1"  # still the round of missed ones
    mini.answer("mini", 1, **{"item-flush": "functional", "item-pain": "mechanical"})
    assert "In your first full round you scored 2.5 out of 3." in text_of(mini.client.get("/quiz/mini/summary"))


def test_back_to_the_results_after_starting_a_round_of_missed_questions_says_why(mini):
    answer_all_mini(mini)
    mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/quiz/mini/summary")})
    back = mini.client.get("/quiz/mini/summary")  # the Back button, from question 1 of the new round
    assert back.status_code == 303 and back.location.endswith("/quiz/mini/1")
    assert soup(mini.client.get(back.location)).select_one(".flash").get_text(strip=True) == MOVED_ON


def test_results_wait_for_a_first_answer(mini):
    """Back to the results after Start over: nothing is scored yet, so the quiz opens instead."""
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    mini.start("mini", over=True)
    response = mini.client.get("/quiz/mini/summary")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")


def test_start_over_clears_answers(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    assert mini.start("mini", over=True).location.endswith("/quiz/mini/1")
    assert mini.client.get("/quiz/mini/1/feedback").location.endswith("/quiz/mini/1")
    assert soup(mini.client.get("/quiz/mini/")).find("button", string="Start the quiz")


def test_intro_offers_results_when_every_question_is_answered(mini):
    mini.start("mini")
    for number, fields in ((1, {"choice": "a"}), (2, {"item-flush": "functional", "item-pain": "mechanical"}),
                           (3, {"choice": "a"})):
        assert mini.answer("mini", number, **fields).status_code == 303
    page = soup(mini.client.get("/quiz/mini/"))
    assert "You have answered 3 of 3 questions." in page.get_text(" ", strip=True)
    assert page.find("a", string="See your results")["href"] == "/quiz/mini/summary"
    # Start over on the summary asks first: it leads to this page, which says what it clears.
    summary = soup(mini.client.get("/quiz/mini/summary"))
    assert not summary.find("button", string="Start over")
    link = urljoin("/quiz/mini/summary", summary.find("a", string="Start over")["href"])
    assert link == "/quiz/mini/?over=1#confirm"  # without JavaScript the browser scrolls to the question
    confirm = soup(mini.client.get(link))
    assert confirm.title.get_text().startswith("Start over? · Mini")
    assert confirm.find(id="confirm").get_text(" ", strip=True) == (
        "Start over? That clears these answers, and your results with them.")
    # The button answers the question asked, as "Yes, clear my answers" does on the About page.
    assert confirm.find("button", string="Yes, start over").find_parent("form")["action"] == "/quiz/mini/start?over=1"
    assert confirm.find("a", string="See your results")["href"] == "/quiz/mini/summary"


def test_tampered_cookie_starts_fresh_with_a_notice(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    mini.client.set_cookie("session", "eyJxdWl6Ijp7fX0.tampered.signature")
    response = mini.client.get("/quiz/mini/2")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    page = soup(mini.client.get(response.location))
    assert page.select_one(".flash").get_text(strip=True) == RESTARTED.format(NOT_FOUND)
    assert page.find(id="progress-label").get_text() == "Question 1 of 3"


@pytest.mark.parametrize("state, why", [
    ({"k": "mini", "v": "old-version", "a": "0"}, CHANGED),  # saved before the bank changed
    ({"k": "mini", "v": None, "a": "7"}, NOT_FOUND),  # this version, but an answer the question cannot have
    ({"k": "other-bank", "v": "x", "a": ""}, NOT_FOUND),
    ("not even a dict", NOT_FOUND),
])
def test_stale_or_foreign_state_starts_fresh_with_a_notice(mini_app, mini, state, why):
    serializer = mini_app.session_interface.get_signing_serializer(mini_app)
    if isinstance(state, dict) and state.get("v") is None:
        state["v"] = mini_app.extensions["quiz.library"].banks["mini"].version
    for url in ("/quiz/mini/3", "/quiz/mini/3/feedback", "/quiz/mini/summary"):
        mini.client.set_cookie("session", serializer.dumps({"quizzes": [state]}))
        response = mini.client.get(url)
        assert response.status_code == 303 and response.location.endswith("/quiz/mini/1"), url
        assert soup(mini.client.get("/quiz/mini/1")).select_one(".flash").get_text(strip=True) == RESTARTED.format(why), url


@pytest.mark.parametrize("saved, sent_for, why, lands_on", [
    # The bank changed since the page was shown; its question 3 still asks the same.
    ({"k": "mini", "v": "old-version", "a": "0,0"}, "m-03", CHANGED, "/quiz/mini/3/feedback"),
    # ...or the form was for a question the bank no longer has there.
    ({"k": "mini", "v": "old-version", "a": "0,0"}, "m-gone", CHANGED, "/quiz/mini/1"),
    # The cookie lost the quiz, and the form was from a round of missed questions (another question 3).
    (None, "m-01", NOT_FOUND, "/quiz/mini/1"),
])
def test_an_answer_whose_attempt_is_gone_says_why(mini_app, mini, saved, sent_for, why, lands_on):
    """Whether the answer is kept or not, the reader is told that the earlier answers are gone, and why."""
    token = mini.token("/")
    serializer = mini_app.session_interface.get_signing_serializer(mini_app)
    data = serializer.loads(mini.client.get_cookie("session").value)  # keeps the page's token good
    mini.client.set_cookie("session", serializer.dumps({**data, "quizzes": [saved] if saved else []}))
    response = mini.client.post("/quiz/mini/3", data={"csrf_token": token, "question": sent_for, "choice": ["a", "b"]})
    assert response.status_code == 303 and response.location.endswith(lands_on)
    page = soup(mini.client.get(response.location))
    kept = lands_on.endswith("feedback")
    assert page.select_one(".flash").get_text(strip=True) == (EXPIRED if kept else RESTARTED).format(why)
    assert ("Right" in page.get_text()) is kept
    if not kept:
        assert page.find(id="progress-label").get_text() == "Question 1 of 3"


def test_a_fresh_start_is_saved_so_its_notice_is_shown_once(mini):
    """The attempt begun in place of the lost one is kept: the next page neither starts it again nor says so again."""
    response = mini.client.get("/quiz/mini/2/feedback")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True) == RESTARTED.format(NOT_FOUND)
    again = mini.client.get("/quiz/mini/2/feedback")  # as by the Back button: the new attempt has no answer 2 yet
    assert again.status_code == 303 and again.location.endswith("/quiz/mini/1")
    assert soup(mini.client.get(again.location)).select_one(".flash") is None


def test_missing_cookie_on_a_later_question(mini):
    response = mini.client.get("/quiz/mini/2/feedback")
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    notice = soup(mini.client.get(response.location)).select_one(".flash")
    # Announced by screen readers when the page loads (a status region), not only shown.
    assert notice.get_text(strip=True) == RESTARTED.format(NOT_FOUND) and notice["role"] == "status"


def test_a_bad_token_on_an_answered_question_is_the_expired_page_not_a_second_try(mini):
    """The first answer already counts, so the question must not come back asking to send it again."""
    mini.start("mini")
    mini.answer("mini", 1, choice="b")
    response = mini.client.post("/quiz/mini/1", data={"csrf_token": "forged", "question": "m-01", "choice": "a"})
    assert response.status_code == 400
    page = soup(response)
    assert page.h1.get_text() == "This page has expired" and not page.select(".error-message")


def test_missing_csrf_token_gives_a_friendly_400(mini):
    mini.start("mini")
    response = mini.client.post("/quiz/mini/1", data={"choice": "a"})
    assert response.status_code == 400
    page = soup(response)
    assert page.h1.get_text() == "This page has expired"
    assert CSRF_PAGE[1] in text_of(response)  # what to do about it: reload, turn on cookies
    assert page.find("a", string="Go to the list of quizzes")["href"] == "/"
    assert NOTICE in text_of(response)
    assert mini.client.get("/quiz/mini/1").status_code == 200  # still unanswered: no feedback yet


# Browsers without Sec-Fetch-Site (older Safari) say where a form came from by its Origin alone.
@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://localhost"}, {}])
def test_answer_sent_after_the_cookie_ran_out_keeps_its_picks(mini, headers):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    old_form = {"csrf_token": mini.token("/quiz/mini/2"), "question": "m-02",
                "item-flush": "functional", "item-pain": "mechanical"}
    mini.client.delete_cookie("session")  # the browser dropped it: its time was up
    response = mini.client.post("/quiz/mini/2", data=old_form, headers=headers)
    assert response.status_code == 400
    page = soup(response)
    assert page.find(id="answer-error").get_text(" ", strip=True) == f"Error: {NOT_SENT}"
    assert page.title.get_text().startswith("Error: Question 2 of 3")
    assert [i["id"] for i in page.select("input:checked")] == ["item-flush-functional", "item-pain-mechanical"]
    assert not page.select("[aria-invalid]")  # the picks are fine: only sending them failed
    assert page.find("input", attrs={"name": "question"})["value"] == "m-02"
    # Nothing was saved yet; sending the page again saves this answer, and says the earlier ones are gone.
    again = {"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"], "question": "m-02",
             **{i["name"]: i["value"] for i in page.select("input:checked")}}
    sent = mini.client.post("/quiz/mini/2", data=again)
    assert sent.status_code == 303 and sent.location.endswith("/quiz/mini/2/feedback")
    feedback = text_of(mini.client.get(sent.location))
    assert EXPIRED.format(NOT_FOUND) in feedback and "Right" in feedback


def test_an_unsendable_answer_with_a_group_left_unsorted_marks_that_group(mini):
    """The cookie ran out and the picks are incomplete too: the group still to sort is marked, as on any refusal."""
    mini.start("mini")
    form = {"csrf_token": mini.token("/quiz/mini/1"), "question": "m-02", "item-flush": "functional"}
    mini.answer("mini", 1, choice="a")
    mini.client.delete_cookie("session")
    response = mini.client.post("/quiz/mini/2", data=form, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 400 and NOT_SENT in text_of(response)
    page = soup(response)
    assert [i["id"] for i in page.select("input:checked")] == ["item-flush-functional"]
    assert [i["id"] for i in page.select("input[aria-invalid=true]")] == ["item-pain-functional", "item-pain-mechanical"]


def test_answer_with_a_forged_token_is_not_saved(mini):
    mini.start("mini")
    response = mini.client.post("/quiz/mini/1", data={"csrf_token": "forged", "question": "m-01", "choice": "b"},
                                headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"})
    assert response.status_code == 400 and NOT_SENT in text_of(response)
    assert [i["value"] for i in soup(response).select("input:checked")] == ["b"]
    assert mini.client.get("/quiz/mini/1").status_code == 200  # still unanswered


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                                     {"Origin": "https://elsewhere.example"}, {"Origin": "http://["}])
def test_a_form_posted_from_another_site_never_sets_a_cookie(mini, headers):
    """The browser sends no cookie with it (SameSite): a fresh one would replace the reader's progress."""
    stranger = mini.client.application.test_client()
    response = stranger.post("/quiz/mini/1", data={"question": "m-01", "choice": "a"}, headers=headers)
    assert response.status_code == 400 and soup(response).h1.get_text() == "This page has expired"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("button", ["start", "retry"])
def test_start_or_retry_after_the_cookie_ran_out_starts_the_quiz(mini, button):
    """A waiting-room tablet left open: the page's token outlived the cookie, and there is nothing to lose."""
    token = mini.token("/")  # the token of a page shown before the cookie ran out
    mini.client.delete_cookie("session")
    response = mini.client.post(f"/quiz/mini/{button}", data={"csrf_token": token},
                                headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    page = soup(mini.client.get(response.location))
    assert page.find(id="progress-label").get_text() == "Question 1 of 3"
    notice = page.select_one(".flash")
    assert (notice.get_text(strip=True) == RESTARTED.format(NOT_FOUND)) if button == "retry" else notice is None
    assert mini.answer("mini", 1, choice="a").status_code == 303  # a working cookie and token from here on
    # From another site, or with answers still in the cookie, a bad token is still refused.
    assert mini.client.post("/quiz/mini/start", data={"csrf_token": token},
                            headers={"Sec-Fetch-Site": "same-origin"}).status_code == 400
    stranger = mini.client.application.test_client()
    refused = stranger.post("/quiz/mini/start", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 400 and "Set-Cookie" not in refused.headers


def test_wrong_csrf_token_gives_a_friendly_400(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    response = mini.client.post("/quiz/mini/start?over=1", data={"csrf_token": "forged"})
    assert response.status_code == 400 and soup(response).h1.get_text() == "This page has expired"
    assert mini.client.get("/quiz/mini/1").location.endswith("/quiz/mini/1/feedback")  # the answer is kept


@pytest.mark.parametrize("number", [4, 99])  # (0 is no question's address: a 404 before the token check)
@pytest.mark.parametrize("question", ["m-01", "m-03"])  # the first and the last
def test_an_expired_answer_to_a_question_the_quiz_lacks_is_the_expired_page(mini, number, question):
    """The token check runs before the view: a number out of range must not come back as a question."""
    response = mini.client.post(f"/quiz/mini/{number}", data={"csrf_token": "stale", "question": question, "choice": "a"})
    assert response.status_code == 400 and soup(response).h1.get_text() == "This page has expired"


@pytest.mark.parametrize("method, url, status, heading", [
    ("get", "/no-such-page", 404, "Page not found"),
    ("get", "/quiz/no-such-bank/", 404, "Page not found"),
    ("get", "/quiz/mini/0", 404, "Page not found"),
    ("get", "/quiz/mini/99", 404, "Page not found"),
    ("get", "/quiz/mini/99/feedback", 404, "Page not found"),
    # A number is written one way: "01" or an Arabic-Indic "١" would be a second address of question 1.
    ("get", "/quiz/mini/01", 404, "Page not found"),
    ("post", "/quiz/mini/0", 404, "Page not found"),
    ("get", "/quiz/mini/%D9%A1/feedback", 404, "Page not found"),
    ("get", "/quiz/mini/present/01", 404, "Page not found"),
    ("get", "/quiz/mini/start", 405, "That did not work"),
    ("delete", "/quiz/mini/1", 405, "That did not work"),
])
def test_error_pages_use_the_site_layout(mini, method, url, status, heading):
    response = getattr(mini.client, method)(url)
    assert response.status_code == status
    page = soup(response)
    assert page.h1.get_text() == heading and PAGES[status][1] in text_of(response)
    assert NOTICE in text_of(response)
    assert page.find("a", class_="skip-link")
    # A page that does not exist starts no quiz: no cookie, and no "started again" notice beside "not found".
    assert "Set-Cookie" not in response.headers and not page.select(".flash")
    # A 405 still says which methods the address takes, and the page is HTML, not the error's plain text.
    allowed = {"OPTIONS", "POST"} if url.endswith("start") else {"GET", "HEAD", "OPTIONS", "POST"}
    assert set(response.headers.get("Allow", "").split(", ")) == (allowed if status == 405 else {""})
    assert response.mimetype == "text/html"


def test_a_range_past_the_end_of_a_file_keeps_its_content_range(client):
    stylesheet = soup(client.get("/")).find("link", rel="stylesheet")["href"]
    with client.get(stylesheet, headers={"Range": "bytes=99999999-"}) as response:
        assert response.status_code == 416 and soup(response).h1.get_text() == "Requested Range Not Satisfiable"
        assert PAGES[400][1] in text_of(response)  # a reader's error, explained as one: not "a problem on our side"
        assert re.fullmatch(r"bytes \*/\d+", response.headers["Content-Range"])


def test_unexpected_failure_gives_the_styled_500(mini_app):
    mini_app.config["PROPAGATE_EXCEPTIONS"] = False

    @mini_app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = mini_app.test_client().get("/boom")
    assert response.status_code == 500
    assert soup(response).h1.get_text() == "Something went wrong on our side"
    assert "boom" not in response.get_data(as_text=True)


def test_every_page_reads_at_grade_8_or_below(app, quiz, noted):
    """The site's own words, not only the banks', are for grade 6-8 readers: each page's sentences, read together.

    Each page's grade goes into the run's summary (tests/conftest.py), which the README quotes.
    """
    bank = app.extensions["quiz.library"].ordered()[0]
    quiz.start(bank.key)
    for number, q in enumerate(bank.questions, start=1):
        assert quiz.answer(bank.key, number, **form_for(q, right=number % 2 == 0)).status_code == 303
    pages = ["/", "/about", "/glossary", "/teach/build", "/no-such-page"] + [
        f"/quiz/{bank.key}/{page}" for page in ("", "1/feedback", "2/feedback", "summary", "care-team", "worksheet",
                                                "answer-key", "present/1")]
    for url in pages:
        main = soup(quiz.client.get(url)).main
        # Sentences, not labels: a button or a one-word heading is too short to grade. A list item
        # without a full stop (a choice) ends there all the same, as a reader takes it.
        parts = [part.get_text(" ", strip=True) for part in main.find_all(["p", "li", "dd"])]
        text = " ".join(part if part[-1] in ".?!" else part + "." for part in parts if len(part.split()) > 6)
        assert len(text.split()) >= 10, (url, text)
        level = readability.grade(text)
        noted(f"Reading grade of each page's own sentences (Flesch-Kincaid; at most {readability.MAX_PAGE})", url,
              round(level, 1))
        assert level <= readability.MAX_PAGE, (url, round(level, 1))


def test_about_says_what_it_is_not_and_lists_sources_and_privacy(client):
    page = soup(client.get("/about"))
    text = " ".join(page.get_text(" ").split())
    assert "It is not medical advice and it does not diagnose." in text
    assert "nothing about you is stored on our server" in text
    assert f"Your progress in up to {KEEP} recent quizzes (which questions you answered and what you picked)" in text
    assert [c.get_text() for c in page.select(".source-list cite")] == [
        "Gastroenteropancreatic neuroendocrine tumors (GEP-NETs): an overview",
        "GEP-NETs: how they are diagnosed, staged, graded and treated"]
    assert text.count("updated April 10, 2025") == 2


def test_clear_my_answers_asks_first_then_leaves_nothing_for_the_next_person(mini):
    """A shared tablet: the About page forgets every quiz this browser has answers in, once the reader confirms."""
    page = soup(mini.client.get("/about"))
    assert "No answers are saved in this browser." in page.get_text()
    assert not page.find("a", string="Clear my answers")  # nothing to clear, so no button
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    mini.client.post("/quiz/mini/2", data={"csrf_token": mini.token("/"), "question": "m-02"})  # refused: kept to show
    assert "Continue from question 2" in text_of(mini.client.get("/quiz/mini/"))
    ask = soup(mini.client.get("/about")).find("a", string="Clear my answers")
    assert ask["href"] == "/about?clear=1#confirm"
    # The results page, where a reader on a waiting-room tablet is done, leads there too.
    assert soup(mini.client.get("/quiz/mini/summary")).find("a", string="Clear my answers")["href"] == ask["href"]
    page = soup(mini.client.get(ask["href"]))
    assert page.title.get_text().startswith("Clear your answers? ·")
    assert page.find(id="confirm").get_text(" ", strip=True).startswith("Clear your answers? That clears your answers")
    assert page.find("a", string="Keep my answers")["href"] == "/about#shared-device"
    form = page.select_one("form[action='/clear-answers']")
    assert form["method"] == "post" and form.button.get_text(strip=True) == "Yes, clear my answers"
    response = mini.client.post("/clear-answers", data={"csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"]})
    assert response.status_code == 303 and response.location.endswith("/")
    # Nothing of the reader is left in the cookie: only the notice on its way to the next page.
    serializer = mini.client.application.session_interface.get_signing_serializer(mini.client.application)
    assert serializer.loads(mini.client.get_cookie("session").value) == {"_flashes": [["notice", CLEARED]]}
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True) == CLEARED
    assert "No answers are saved in this browser." in text_of(mini.client.get("/about"))
    intro = text_of(mini.client.get("/quiz/mini/"))
    assert "Continue from question" not in intro and "You have answered" not in intro
    assert mini.client.get("/quiz/mini/summary").location.endswith("/quiz/mini/1")  # no results left to show


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}])
def test_clear_my_answers_from_another_site_clears_nothing(mini, headers):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    stranger = mini.client.post("/clear-answers", data={"csrf_token": "forged"}, headers=headers)
    assert stranger.status_code == 400 and soup(stranger).h1.get_text() == "This page has expired"
    assert mini.client.get("/quiz/mini/1").location.endswith("/quiz/mini/1/feedback")  # the answer is kept


def test_clear_my_answers_from_an_old_page_asks_again_unless_nothing_is_saved(mini):
    old_token = mini.token("/")  # a page's token from before the cookie ran out
    same_site = {"Sec-Fetch-Site": "same-origin"}
    mini.client.delete_cookie("session")
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    # Answers saved since that page was shown (perhaps someone else's): ask again, with a fresh token.
    response = mini.client.post("/clear-answers", data={"csrf_token": old_token}, headers=same_site)
    assert response.status_code == 303 and response.location == "/about?clear=1#confirm"
    assert mini.client.get("/quiz/mini/1").location.endswith("/quiz/mini/1/feedback")  # still there
    # Nothing saved: nothing to lose, so it is simply done.
    mini.client.delete_cookie("session")
    response = mini.client.post("/clear-answers", data={"csrf_token": old_token}, headers=same_site)
    assert response.status_code == 303 and response.location == "/"
    assert soup(mini.client.get("/")).select_one(".flash").get_text(strip=True) == CLEARED


def page_types(quiz):
    """Yield (name, response) for every kind of page a reader can reach."""
    yield "home", quiz.client.get("/")
    yield "about", quiz.client.get("/about")
    yield "intro", quiz.client.get("/quiz/mini/")
    quiz.start("mini")
    for number in (1, 2, 3):
        yield f"question {number}", quiz.client.get(f"/quiz/mini/{number}")
    yield "form error", quiz.client.get(quiz.answer("mini", 1).location)
    quiz.answer("mini", 1, choice="a")
    yield "feedback", quiz.client.get("/quiz/mini/1/feedback")
    yield "summary", quiz.client.get("/quiz/mini/summary")
    yield "404", quiz.client.get("/nope")
    yield "400", quiz.client.post("/quiz/mini/start")


def test_every_page_type_carries_the_notice_and_one_h1(mini):
    for name, response in page_types(mini):
        page = soup(response)
        assert NOTICE in text_of(response), name
        assert len(page.find_all("h1")) == 1, name
        assert page.html["lang"] == "en", name
        assert page.find("main", id="main") and page.find("a", href="#main"), name
        assert page.find("a", href="/about"), name
        footer = " ".join(page.select_one("footer.site-footer").get_text(" ").split())
        assert footer.startswith("Education, not medical advice. This quiz cannot tell what is causing anyone's "
                                 "symptoms. Your care team is the best source of information"), name


@pytest.mark.parametrize("value, shown", [(3.0, "3"), (2.5, "2.5"), (1 + 2 / 3, "1.7"), (12 + 1 / 3, "12.3")])
def test_scores_show_at_most_one_decimal_place(value, shown):
    """Two of three items sorted is 2/3 of a point: a score reads "1.7", never "1.67" or "1.6666666666666665"."""
    assert points(value) == shown


def test_verdicts_and_summary_agree_with_the_points(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")  # right
    mini.answer("mini", 2, **{"item-flush": "mechanical", "item-pain": "mechanical"})  # 1 of 2 sorted
    mini.answer("mini", 3, choice=["a", "b", "c"])  # both right ones and a wrong one: 1 point of 2
    verdict = soup(mini.client.get("/quiz/mini/3/feedback")).h1.get_text(" ", strip=True)
    assert verdict == "◐ Partly right: 2 of 2 correct, plus 1 wrong pick"
    summary = text_of(mini.client.get("/quiz/mini/summary"))
    assert "You scored 2 out of 3" in summary and "1 right" in summary
    assert "2 partly right (part of a point each)" in summary  # why the score has a fraction, when it can
    labels = [dt.get_text() for dt in soup(mini.client.get("/quiz/mini/summary")).find_all("dt")]
    assert labels == ["Your answer", "Correct answer", "Why", "Correct groups", "Why", "Answers", "Why"]
    # Several to pick: each choice picked or correct, once, saying which.
    picks = soup(mini.client.get("/quiz/mini/summary")).find("dt", string="Answers").find_next("dd")
    assert [li.get_text() for li in picks.find_all("li")] == [
        "Belly pain — right", "Nausea — right", "Flushing — your pick, not right"]
    # A sort answer is recapped item by item: its group, and whether the reader put it there.
    sorted_items = soup(mini.client.get("/quiz/mini/summary")).find("dt", string="Correct groups").find_next("dd")
    assert [li.get_text() for li in sorted_items.find_all("li")] == [
        "Flushing: Functional — missed", "Belly pain: Mechanical — right"]


def test_a_wrong_single_choice_is_not_called_an_extra_pick(mini):
    """Nor does its page explain wrong picks cancelling right ones: it had no right one to cancel."""
    mini.start("mini")
    mini.answer("mini", 1, choice="b")
    page = soup(mini.client.get("/quiz/mini/1/feedback"))
    assert page.h1.get_text(" ", strip=True) == "✗ Not right this time"
    assert "wrong pick" not in page.get_text()


def first_choice(q) -> dict:
    """Form fields that answer a bundled question with its first choice (or first group for every item)."""
    if hasattr(q, "items"):
        return {f"item-{item.id}": q.categories[0].id for item in q.items}
    return {"choice": q.choices[0].id}


def test_opening_another_quiz_keeps_this_one(app, quiz):
    library = app.extensions["quiz.library"]
    first, second, *_ = library.ordered()
    quiz.start(first.key)
    for number in (1, 2, 3):
        assert quiz.answer(first.key, number, **first_choice(first.questions[number - 1])).status_code == 303
    quiz.start(second.key)
    assert quiz.answer(second.key, 1, **first_choice(second.questions[0])).status_code == 303
    # Back to the first quiz: its answers are still there, and no "started again" notice.
    _, page = quiz.page(f"/quiz/{first.key}/")
    assert f"You have answered 3 of {len(first.questions)} questions." in page.get_text(" ", strip=True)
    assert page.find("a", string="Continue from question 4")
    response, page = quiz.page(f"/quiz/{first.key}/4")
    assert response.status_code == 200 and page.select_one(".flash") is None
    assert quiz.client.get(f"/quiz/{first.key}/1").location.endswith(f"/quiz/{first.key}/1/feedback")
    assert quiz.client.get(f"/quiz/{second.key}/1").location.endswith(f"/quiz/{second.key}/1/feedback")


def test_opening_one_quiz_too_many_loses_no_answers(app, quiz):
    """The cookie keeps six quizzes; a seventh only looked at (a link preview will do) must not push one out."""
    library = app.extensions["quiz.library"]
    answered = [bank.key for bank in library.ordered()] + ["~Class_A~0.basics-01.02", "~Class_B~0.basics-03.04"]
    assert len(answered) == 6
    for key in answered:
        quiz.start(key)
        assert quiz.answer(key, 1, **form_for(library.quiz(key).questions[0])).status_code == 303
    peek = "~Class_C~0.basics-05.06"
    assert quiz.client.get(f"/quiz/{peek}/1").status_code == 200
    assert quiz.client.get(f"/quiz/{peek}/").status_code == 200
    for key in answered:
        assert "You have answered 1 of" in text_of(quiz.client.get(f"/quiz/{key}/")), key
    # Answering the seventh is new work: the quiz answered longest ago makes room, and the reader is told.
    sent = quiz.answer(peek, 1, **form_for(library.quiz(peek).questions[0]))
    assert sent.status_code == 303
    flash = soup(quiz.client.get(sent.location)).select_one(".flash").get_text(strip=True)
    assert flash == MADE_ROOM.format(kept=KEEP, title=library.quiz(answered[0]).title)
    assert f"“{library.quiz(answered[0]).title}”" in flash and str(KEEP) in flash  # which quiz lost its answers, and why
    assert "You have answered" not in text_of(quiz.client.get(f"/quiz/{answered[0]}/"))
    assert "You have answered 1 of" in text_of(quiz.client.get(f"/quiz/{peek}/"))


def test_a_quiz_only_looked_at_leaves_no_answers_to_clear(mini):
    mini.client.get("/quiz/mini/1")
    page = soup(mini.client.get("/about"))
    assert "No answers are saved in this browser." in page.get_text()
    assert not page.find("a", string="Clear my answers")


def test_each_reader_meets_their_own_round_of_missed_questions(mini_app):
    """Pages shared between readers (templating.render_shared) must never carry one reader's round to another."""
    first, second = QuizClient(mini_app.test_client()), QuizClient(mini_app.test_client())
    rounds = ((first, "m-01", {1: {"choice": "b"}}), (second, "m-02", {2: {"item-flush": "mechanical"}}))
    right = {1: {"choice": "a"}, 2: {"item-flush": "functional", "item-pain": "mechanical"}, 3: {"choice": ["a", "b"]}}
    for reader, _, wrong in rounds:
        reader.start("mini")
        for number in (1, 2, 3):
            assert reader.answer("mini", number, **{**right[number], **wrong.get(number, {})}).status_code == 303
        sent = reader.client.post("/quiz/mini/retry", data={"csrf_token": reader.token("/quiz/mini/summary")})
        assert sent.location.endswith("/quiz/mini/1")
    for reader, missed, _ in rounds:
        page = soup(reader.client.get("/quiz/mini/1"))
        assert page.find("input", attrs={"name": "question"})["value"] == missed
        assert page.select_one("#progress-label").get_text(strip=True) == "Missed question 1 of 1"
    for reader, missed, _ in rounds:
        number = int(missed[-1])
        assert reader.answer("mini", 1, **right[number]).status_code == 303
        stem = mini_app.extensions["quiz.library"].questions[missed].stem
        assert stem in text_of(reader.client.get("/quiz/mini/1/feedback"))


def test_a_reader_who_simply_goes_on_meets_no_notice(mini):
    """The notices about lost answers are for lost answers: a first visit, or the next question, shows none."""
    response, page = mini.page("/quiz/mini/1")
    assert response.status_code == 200 and page.select_one(".flash") is None
    fresh = QuizClient(mini.client.application.test_client())
    sent = fresh.client.get("/quiz/mini/1/feedback")
    assert sent.location.endswith("/quiz/mini/1") and soup(fresh.client.get(sent.location)).select_one(".flash") is None
    mini.start("mini")
    for number, fields in ((1, {"choice": "a"}), (2, {"item-flush": "functional", "item-pain": "mechanical"})):
        sent = mini.answer("mini", number, **fields)
        assert soup(mini.client.get(sent.location)).select_one(".flash") is None, number
    # The feedback of a question not answered yet leads to that question, not to the first one.
    assert mini.client.get("/quiz/mini/3/feedback").location.endswith("/quiz/mini/3")


def test_a_form_from_before_a_retry_is_not_saved_to_another_question(mini):
    mini.start("mini")
    mini.answer("mini", 1, choice="a")  # right
    mini.answer("mini", 2, **{"item-flush": "mechanical", "item-pain": "mechanical"})  # partly
    mini.answer("mini", 3, choice=["a"])  # partly
    mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/")})
    # Question 1 of the new round is m-02; a stale tab still holds the old round's question 1 (m-01).
    stale = mini.client.post("/quiz/mini/1", data={"csrf_token": mini.token("/"), "question": "m-01", "choice": "a"})
    assert stale.status_code == 303 and stale.location.endswith("/quiz/mini/1")
    page = soup(mini.client.get(stale.location))
    assert page.select_one(".flash").get_text(strip=True) == STALE
    assert page.h1.get_text() == "Sort each symptom." and page.find("input", attrs={"name": "question"})["value"] == "m-02"
    assert mini.client.get("/quiz/mini/1").status_code == 200  # nothing was saved: m-02 is still unanswered


def answer_all_mini(mini, right: bool = False) -> None:
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    mini.answer("mini", 2, **{"item-flush": "functional" if right else "mechanical", "item-pain": "mechanical"})
    mini.answer("mini", 3, choice=["a", "b"])


def test_start_with_every_question_answered_points_to_the_results(mini):
    answer_all_mini(mini)
    page = soup(mini.client.get(mini.start("mini").location))
    assert page.select_one(".flash").get_text(strip=True) == FINISHED
    assert page.find("a", string="See your results") and not page.find("a", string=re.compile("Continue"))


def miss_all_mini(mini) -> None:
    """Answer the mini quiz missing every question: wrong, partly right, partly right."""
    mini.start("mini")
    mini.answer("mini", 1, choice="b")
    mini.answer("mini", 2, **{"item-flush": "mechanical", "item-pain": "mechanical"})
    mini.answer("mini", 3, choice=["a"])


def landing(mini, response, number: int) -> tuple:
    """Check a response sends the reader to question `number`; return that page and its notices."""
    assert response.status_code == 303 and response.location.endswith(f"/quiz/mini/{number}")
    page = soup(mini.client.get(response.location))
    return page, [p.get_text(strip=True) for p in page.select(".flash p")]


def test_a_stale_retry_button_on_an_attempt_started_again_keeps_it_and_makes_up_no_score(mini):
    """An old results tab left open after Start over and an answer: the new attempt is not a full round yet."""
    answer_all_mini(mini)
    token = mini.token("/")
    mini.client.post("/quiz/mini/start?over=1", data={"csrf_token": token})
    mini.answer("mini", 1, choice="a")
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": token})
    page, notices = landing(mini, response, 2)
    assert notices == [RESTARTED_SINCE]
    summary = text_of(mini.client.get("/quiz/mini/summary"))
    assert "So far you have answered 1 of 3 questions" in summary and "first full round" not in summary


def test_retry_with_no_saved_answers_says_the_quiz_started_again(mini):
    mini.start("mini")
    mini.client.set_cookie("session", "")  # the answers are gone, the page's token is still good
    token = mini.token("/")
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": token})
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/1")
    assert soup(mini.client.get(response.location)).select_one(".flash").get_text(strip=True) == RESTARTED.format(NOT_FOUND)


@pytest.mark.parametrize("answered, lands_on", [(0, 1), (1, 2)])
def test_a_second_tabs_retry_button_joins_the_round_the_first_began(mini, answered, lands_on):
    """Two tabs on the results: the second's button finds a round of missed questions begun in the first,
    with no answer yet or one, and leads to where that round is up to."""
    miss_all_mini(mini)
    token = mini.token("/")
    mini.client.post("/quiz/mini/retry", data={"csrf_token": token})
    if answered:
        mini.answer("mini", 1, choice="a")
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": token})
    page, notices = landing(mini, response, lands_on)
    assert notices == [MOVED_ON] and f"Missed question {lands_on} of 3" in page.get_text()


def test_a_retry_button_after_start_over_in_another_tab_says_so(mini):
    answer_all_mini(mini)
    token = mini.token("/")
    mini.client.post("/quiz/mini/start?over=1", data={"csrf_token": token})
    mini.client.get("/quiz/mini/1")  # uses up the notice of the tab that started over
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": token})
    page, notices = landing(mini, response, 1)
    assert notices == [RESTARTED_SINCE]


def test_an_old_rounds_feedback_page_leads_to_where_the_new_round_is(mini):
    """Back into the full round's feedback pages, once a round of missed questions has begun."""
    miss_all_mini(mini)
    mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/")})
    mini.answer("mini", 1, choice="a")  # the round's first question: m-01, right now
    response = mini.client.get("/quiz/mini/3/feedback")  # the full round's question 3; the round has not reached it
    page, notices = landing(mini, response, 2)
    assert notices == [MOVED_ON]
    assert page.find("input", attrs={"name": "question"})["value"] == "m-02"


def test_a_stale_retry_button_keeps_a_finished_attempt(mini):
    answer_all_mini(mini, right=True)
    response = mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/")})
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/summary")
    page = text_of(mini.client.get(response.location))
    assert NOTHING_MISSED in page and "You scored 3 out of 3" in page


def test_old_round_forms_are_never_saved_and_say_so(mini):
    answer_all_mini(mini)  # question 2 partly right: the new round is that one question
    mini.client.post("/quiz/mini/retry", data={"csrf_token": mini.token("/")})
    mini.answer("mini", 1, **{"item-flush": "functional", "item-pain": "mechanical"})
    # The old round's question 1 form, sent to a number the new round has answered already.
    same_number = mini.client.post("/quiz/mini/1", data={"csrf_token": mini.token("/"), "question": "m-01",
                                                         "choice": "a"})
    assert same_number.location.endswith("/quiz/mini/1")
    onward = mini.client.get(same_number.location)  # answered in this round: its feedback
    assert onward.location.endswith("/quiz/mini/1/feedback")
    page = text_of(mini.client.get(onward.location))
    assert STALE in page and ANSWERED not in page
    # The old round's question 3 form: beyond the new round's length.
    beyond = mini.client.post("/quiz/mini/3", data={"csrf_token": mini.token("/"), "question": "m-03", "choice": "a"})
    assert beyond.status_code == 303 and beyond.location.endswith("/quiz/mini/summary")
    assert STALE in text_of(mini.client.get(beyond.location))


def test_an_answer_sent_after_the_cookie_expired_is_kept_and_the_notice_says_so(mini):
    response = mini.client.post("/quiz/mini/3", data={"csrf_token": mini.token("/"), "question": "m-03",
                                                      "choice": ["a", "b"]})
    assert response.status_code == 303 and response.location.endswith("/quiz/mini/3/feedback")
    page = text_of(mini.client.get(response.location))
    assert EXPIRED.format(NOT_FOUND) in page and NOT_FOUND + ", so it has" not in page and "Right" in page


@pytest.mark.parametrize("hours, said", [(72, "3 days"), (24, "1 day"), (12, "12 hours"), (1, "1 hour"), (30, "30 hours")])
def test_readers_are_told_how_long_their_answers_are_kept(mini_app, hours, said):
    mini_app.config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(hours=hours)
    reader = QuizClient(mini_app.test_client())
    reader.start("mini")
    reader.answer("mini", 1, choice="a")
    assert f"kept in this browser for {said} after your last answer" in text_of(reader.client.get("/quiz/mini/"))
    assert f"your browser deletes it {said} after your last answer" in text_of(reader.client.get("/about"))


@pytest.mark.parametrize("root", ["", "/clinic"])
def test_links_within_a_quiz_folder_are_relative(app, root):
    """nearby(): the summary names its neighbours by their last part, so a set's long key is not repeated."""
    with app.test_request_context("/quiz/gep-net-basics/summary", base_url=f"http://localhost{root}"):
        assert nearby(f"{root}/quiz/gep-net-basics/retry") == "./retry"
        assert nearby(f"{root}/quiz/gep-net-basics/?over=1#confirm") == "./?over=1#confirm"  # not "?over=1": that is this page
        assert nearby(f"{root}/quiz/other/") == f"{root}/quiz/other/"
        assert nearby(f"{root}/") == f"{root}/"
    # A set's key in a link is percent-coded ("?" and letters like "í"); the page's own path is not.
    key = "~Any_questions?_síntomas~0.basics-01"
    with app.test_request_context(f"/quiz/{quote(key)}/summary", base_url=f"http://localhost{root}"):
        assert nearby(f"{root}/quiz/{quote(key)}/care-team") == "./care-team"


def test_a_set_summary_links_resolve_like_a_browser_reads_them(app, client):
    key = "~Tuesday_class~0.basics-01.04"
    reader = QuizClient(client)
    reader.start(key)
    reader.answer(key, 1, choice=["a"])
    url = f"/quiz/{key}/summary"
    page = soup(client.get(url))
    assert key not in str(page.select_one(".actions")) and key not in str(page.select_one(".care-team-link"))
    links = {a.get_text(): urljoin(url, a["href"]) for a in page.select(".actions a, .care-team-link a")}
    assert links == {"Continue from question 2": f"/quiz/{key}/2", "Start over": f"/quiz/{key}/?over=1#confirm",
                     "Choose another quiz": "/", "Questions to ask your care team": f"/quiz/{key}/care-team"}
    assert urljoin(url, page.find("a", string="Answer question 2")["href"]) == f"/quiz/{key}/2"
    for link in links.values():
        assert client.get(link).status_code == 200, link
    reader.answer(key, 2, choice=["a"])
    retry = soup(client.get(url)).select_one(".actions form")
    assert urljoin(url, retry["action"]) == f"/quiz/{key}/retry"


def test_a_reader_can_stop_and_see_results_so_far(mini):
    """A tired reader stops after one answer: results so far, a way back in, and no round of 'missed' ones yet."""
    mini.start("mini")
    mini.answer("mini", 1, choice="a")
    feedback = soup(mini.client.get("/quiz/mini/1/feedback"))
    assert feedback.find("a", string="Next question")["href"] == "/quiz/mini/2"
    link = feedback.find("a", string="See your results so far")["href"]
    page = soup(mini.client.get(link))
    text = page.get_text(" ", strip=True)
    assert "So far you have answered 1 of 3 questions, and scored 1 out of 1 ." in text and "2 not answered" in text
    # Questions not yet tried keep their answers to themselves: the reader may still carry on.
    assert text.count("Correct answer") == 1 and page.find("a", string="Answer question 2")
    carry_on = page.find("a", string="Continue from question 2")
    assert urljoin(link, carry_on["href"]) == "/quiz/mini/2"
    assert not page.find("button", string="Try the missed questions again")
    assert "Trying them again starts a new round" not in text  # the retry note waits for the last answer
    # Answering the last question early: its feedback still says the results are "so far".
    mini.client.get("/quiz/mini/summary")
    mini.answer("mini", 3, choice="a")
    assert soup(mini.client.get("/quiz/mini/3/feedback")).find("a", string="See your results so far")
    # The last feedback page leads to the results, with nothing "so far" about them.
    mini.answer("mini", 2, **{"item-flush": "functional", "item-pain": "mechanical"})
    last = soup(mini.client.get("/quiz/mini/3/feedback"))
    assert not last.find("a", string="See your results so far") and last.find("a", string="See your results")
    assert "So far" not in text_of(mini.client.get("/quiz/mini/summary"))
