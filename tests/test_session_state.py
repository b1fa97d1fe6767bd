"""Session state: what the cookie holds and how it changes, without Flask."""

from dataclasses import dataclass

import pytest

from quiz import session_state as state
from test_questions import MULTI, SINGLE, SORT


@dataclass(frozen=True)
class FakeQuiz:
    key: str = "demo"
    title: str = "Demo"
    questions: tuple = (SINGLE, MULTI, SORT)
    version: str = "v1"


QUIZ = FakeQuiz()


def test_first_answer_is_never_replaced():
    progress = state.record(state.start(QUIZ), 1, "1")
    assert state.record(progress, 1, "0").answers == {1: "1"}


def test_score_counts_partial_credit_as_a_share():
    progress = state.start(QUIZ)
    for number, answer in ((1, "1"), (2, "01"), (3, "101")):
        progress = state.record(progress, number, answer)
    rows = state.results(progress, QUIZ)
    score = state.score(rows)
    assert (score.right, score.partly, score.wrong, score.unanswered) == (1, 1, 1, 0)
    assert score.points == pytest.approx(1 + 2 / 3)
    assert state.missed(progress, QUIZ, rows) == [1, 2]


def test_retry_covers_only_missed_questions_in_order():
    progress = state.start(QUIZ, [2, 0])
    assert progress.length(QUIZ) == 2
    assert progress.question(QUIZ, 1) is SORT
    assert progress.question(QUIZ, 2) is SINGLE
    assert progress.question(QUIZ, 3) is None
    progress = state.record(progress, 1, "010")
    assert state.missed(progress, QUIZ, state.results(progress, QUIZ)) == [0]


def test_dump_and_restore_round_trip():
    progress = state.record(state.record(state.start(QUIZ, [1, 2]), 1, "012"), 2, "010")
    data = state.dump(progress)
    assert data == {"k": "demo", "v": "v1", "p": [1, 2], "a": "012,010"}
    assert state.restore(data, QUIZ) == progress


def test_unanswered_questions_are_empty_slots_in_the_cookie():
    progress = state.record(state.start(QUIZ), 3, "010")
    assert state.dump(progress)["a"] == ",,010"
    assert state.restore(state.dump(progress), QUIZ).answers == {3: "010"}
    assert state.dump(state.start(QUIZ))["a"] == ""
    assert state.restore(state.dump(state.start(QUIZ)), QUIZ).answers == {}


def test_cookie_grows_by_about_a_byte_per_answer():
    """A thousand answers fit well inside a browser's 4 KB cookie once compressed."""
    import json
    import zlib

    quiz = FakeQuiz(questions=(MULTI,) * 1000)
    progress = state.start(quiz)
    for number in range(1, 1001):
        progress = state.record(progress, number, ("0", "01", "13", "123", "2")[number * 7 % 5])
    packed = zlib.compress(json.dumps(state.dump(progress), separators=(",", ":")).encode())
    assert len(packed) < 1500
    assert state.restore(state.dump(progress), quiz) == progress


def test_next_unanswered():
    progress = state.record(state.start(QUIZ), 1, "1")
    assert state.next_unanswered(progress, QUIZ) == 2


@pytest.mark.parametrize("data", [
    None, "junk", [], {},
    {"k": "other", "v": "v1", "a": ""},
    {"k": "demo", "v": "old", "a": ""},
    {"k": "demo", "v": "v1"},
    {"k": "demo", "v": "v1", "a": []},
    {"k": "demo", "v": "v1", "a": {"1": "1"}},
    {"k": "demo", "v": "v1", "a": 1},
    {"k": "demo", "v": "v1", "a": "9"},
    {"k": "demo", "v": "v1", "a": "1,01,010,0"},
    {"k": "demo", "v": "v1", "a": "x"},
    {"k": "demo", "v": "v1", "a": "1,-1"},
    {"k": "demo", "v": "v1", "a": "\u0661"},
    {"k": "demo", "v": "v1", "a": "", "p": []},
    {"k": "demo", "v": "v1", "a": "", "p": [0, 0]},
    {"k": "demo", "v": "v1", "a": "", "p": [7]},
    {"k": "demo", "v": "v1", "a": "", "p": [3]},  # one past the last of the quiz's 3 questions
    {"k": "demo", "v": "v1", "a": "", "p": ["0"]},
    {"k": "demo", "v": "v1", "a": "", "p": [True]},
    {"k": "demo", "v": "v1", "a": ",010", "p": [0]},
    {"k": "demo", "v": "v1", "a": "", "m": [1, 2]},  # the full round's misses, but no round of them
    {"k": "demo", "v": "v1", "a": "", "p": [2], "m": [1], "f": [1, 3]},  # a later round asks only what was missed
    {"k": "demo", "v": "v1", "a": "", "p": [2], "m": [2, 2], "f": [1, 3]},
    {"k": "demo", "v": "v1", "a": "", "p": [2], "m": [2, 3], "f": [1, 3]},
    {"k": "demo", "v": "v1", "a": "", "p": [2], "m": "12", "f": [1, 3]},
    {"k": "demo", "v": "v1", "a": "", "p": [2], "m": [1, 2]},  # no first round's score: never written so
])
def test_missing_stale_or_malformed_state_is_no_state(data):
    assert state.restore(data, QUIZ) is None


def test_the_cookie_keeps_recent_quizzes_newest_first():
    quizzes = [FakeQuiz(key=f"q{n}") for n in range(state.KEEP + 1)]
    saved: object = None
    for q in quizzes:
        saved = state.keep(saved, state.record(state.start(q), 1, "1"))
    assert [entry["k"] for entry in saved] == [q.key for q in reversed(quizzes)][:state.KEEP]
    assert state.find(saved, quizzes[-1]).answers == {1: "1"}
    assert state.find(saved, quizzes[0]) is None  # the oldest made room
    # Saving a quiz again moves it to the front and replaces its older attempt.
    again = state.keep(saved, state.record(state.record(state.start(quizzes[2]), 1, "0"), 2, "01"))
    assert again[0]["k"] == "q2" and [e["k"] for e in again].count("q2") == 1
    assert state.find(again, quizzes[2]).answers == {1: "0", 2: "01"}


@pytest.mark.parametrize("saved", [None, "junk", {"k": "demo", "v": "v1", "a": "1"}, [None, 3, "x"]])
def test_anything_but_a_list_of_attempts_finds_nothing_and_keeps_only_the_new_one(saved):
    assert state.find(saved, QUIZ) is None
    assert state.keep(saved, state.start(QUIZ)) == [state.dump(state.start(QUIZ))]


def test_a_round_of_missed_questions_not_yet_answered_outlasts_a_quiz_only_looked_at():
    """The round holds its first full round's score, so losing it loses something."""
    finished = state.start(QUIZ)
    for number, answer in ((1, "1"), (2, "01"), (3, "101")):
        finished = state.record(finished, number, answer)
    saved = state.keep(None, state.retry(finished, QUIZ))
    for n in range(state.KEEP):
        saved = state.keep(saved, state.start(FakeQuiz(key=f"looked-{n}")))
    assert state.find(saved, QUIZ).first == (round(1 + 2 / 3, 2), 3)


def test_a_quiz_only_looked_at_makes_room_before_one_with_answers():
    answered = state.keep(None, state.record(state.start(FakeQuiz(key="answered")), 1, "1"))
    saved = answered
    for n in range(state.KEEP):  # looking at more quizzes than the cookie keeps
        saved = state.keep(saved, state.start(FakeQuiz(key=f"looked-{n}")))
    assert state.find(saved, FakeQuiz(key="answered")).answers == {1: "1"}
    assert len(saved) == state.KEEP
    assert [e["k"] for e in saved[1:]] == [f"looked-{n}" for n in reversed(range(1, state.KEEP))]  # newest first


def test_a_quiz_only_looked_at_never_pushes_out_answers():
    """A link preview or a peek at a seventh quiz must not cost the oldest quiz its answers."""
    answered = [FakeQuiz(key=f"answered-{n}") for n in range(state.KEEP)]
    saved: object = None
    for q in answered:
        saved = state.keep(saved, state.record(state.start(q), 1, "1"))
    peek = FakeQuiz(key="peek")
    after = state.keep(saved, state.start(peek))
    assert all(state.find(after, q).answers == {1: "1"} for q in answered)
    assert state.find(after, peek) is None  # nothing lost: it starts afresh when answered
    # Answering it is new work: then the oldest answers make room.
    before, after = after, state.keep(after, state.record(state.start(peek), 1, "1"))
    assert state.find(after, peek).answers == {1: "1"} and state.find(after, answered[0]) is None
    assert state.dropped(before, after) == ["answered-0"]


def test_only_answers_pushed_out_count_as_dropped():
    saved = state.keep(None, state.record(state.start(QUIZ), 1, "1"))
    # The quiz's own newer attempt replaces it; a quiz only looked at loses nothing by going.
    assert state.dropped(saved, state.keep(saved, state.record(state.start(QUIZ), 1, "0"))) == []
    assert state.dropped([{"k": "looked", "v": "v1", "a": ""}], []) == []
    assert state.dropped("junk", []) == [] and state.dropped([None, {"a": "1"}], []) == []


def test_a_round_of_missed_questions_keeps_the_first_full_score_through_later_rounds():
    progress = state.start(QUIZ)
    for number, answer in ((1, "1"), (2, "01"), (3, "101")):
        progress = state.record(progress, number, answer)
    again = state.retry(progress, QUIZ)
    assert again.picks == (1, 2) and again.first == (round(1 + 2 / 3, 2), 3)
    assert state.restore(state.dump(again), QUIZ) == again
    assert state.retry(state.record(again, 1, "0"), QUIZ) is None  # a round not finished has no score to keep yet
    third = state.retry(state.record(state.record(again, 1, "0"), 2, "0"), QUIZ)  # still missing both
    assert third.picks == (1, 2) and third.first == again.first
    # Missing the same questions again, the round covers all the full round missed: still a valid cookie.
    assert state.restore(state.dump(third), QUIZ) == third
    # A stale "Try the missed questions again" on an unfinished attempt would make up a full round's score.
    assert state.retry(state.record(state.start(QUIZ), 1, "1"), QUIZ) is None
    everything_right = state.record(state.record(state.record(state.start(QUIZ), 1, "1"), 2, "012"), 3, "010")
    assert state.retry(everything_right, QUIZ) is None


@pytest.mark.parametrize("first", [[1, 3, 0], ["1", 3], [1, 2], [4, 3], [-1, 3], [True, 3], [1.5, 3.0], 7])
def test_a_malformed_first_score_is_no_state(first):
    data = {"k": "demo", "v": "v1", "a": "", "p": [1, 2], "f": first}
    assert state.restore(data, QUIZ) is None
    assert state.restore({**data, "f": [1.5, 3]}, QUIZ).first == (1.5, 3)
    assert state.restore({**data, "f": None}, QUIZ).first is None  # null reads as no score, not a crash
    assert state.restore({"k": "demo", "v": "v1", "a": "", "f": [1, 3]}, QUIZ) is None  # only on a retry round


@pytest.mark.parametrize("answers, first", [
    ({1: "0", 2: "3", 3: "101"}, (0, 3)),      # every answer wrong: a first score of 0 is still a score
    ({1: "0", 2: "0", 3: "101"}, (0.33, 3)),   # a third of a point
])
def test_a_low_first_score_survives_the_cookie(answers, first):
    progress = state.start(QUIZ)
    for number, answer in answers.items():
        progress = state.record(progress, number, answer)
    again = state.retry(progress, QUIZ)
    assert again.first == first
    assert state.restore(state.dump(again), QUIZ).first == first


def with_answers(progress, *answers):
    """Return progress with answers to its questions 1, 2, … in turn."""
    for number, answer in enumerate(answers, start=1):
        progress = state.record(progress, number, answer)
    return progress


def test_the_hard_questions_are_those_answered_not_fully_right():
    assert state.hard_questions(state.start(QUIZ), QUIZ) == []  # not yet tried is not hard
    assert state.hard_questions(with_answers(state.start(QUIZ), "1", "01"), QUIZ) == [MULTI]


def test_later_rounds_of_missed_questions_keep_what_the_full_round_missed():
    """The care-team list rests on the full round's misses: each retry narrows the questions, not the list."""
    full = with_answers(state.start(QUIZ), "1", "01", "101")  # right, partly right, wrong
    second = state.retry(full, QUIZ)
    assert second.picks == (1, 2) and state.hard_questions(second, QUIZ) == [MULTI, SORT]
    third = state.retry(with_answers(second, "012", "101"), QUIZ)  # MULTI right this time
    assert third.picks == (2,) and third.first == second.first
    assert state.hard_questions(third, QUIZ) == [MULTI, SORT]
    fourth = state.retry(with_answers(third, "101"), QUIZ)
    assert fourth.picks == (2,) and state.hard_questions(fourth, QUIZ) == [MULTI, SORT]
    assert state.find(state.keep(None, fourth), QUIZ) == fourth  # all of it kept in the cookie
