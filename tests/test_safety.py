"""The forbidden-wording list catches diagnosis, advice and odds, and leaves teaching text alone."""

import pytest

from quiz.safety import forbidden_phrases, forbidden_wording


@pytest.mark.parametrize("text", [
    "You have a functional tumor.",
    "You may have a NET.",
    "If this sounds familiar, you might have a GEP-NET.",
    "You've probably got nothing to worry about.",
    "Your symptoms mean the tumor makes hormones.",
    "Your flushing is a sign of a tumor.",
    "Do you have belly pain?",
    "Have you had diarrhea lately?",
    "Are you tired all the time?",
    "You should take an SSA.",
    "You must stop the medicine.",
    "You need to ask for PRRT.",
    "Start this treatment now.",
    "About 80% of people get better.",
    "Ninety percent of tumors are small.",
    "The odds are good.",
    "There is a high chance of spread.",
    "Her risk of spread is low.",
    "Five-year survival is high.",
    "Surgery can cure a NET.",
    "Your prognosis depends on the grade.",
    "Life expectancy is long.",
    "You’ve got a NET.",  # the curly apostrophe phones type
    "You’re at risk.",
    # White space that a multi-line TOML string or a pasted text brings in.
    "If you\nhave flushing, ask.",
    "Are  you sure?",
    "You\tshould rest.",
    "You\u00a0should rest.",
    "You\u200bhave a NET.",
    "About 80 per\ncent of people.",
    "About 20 % of people.",
    "Watch your health closely.",
])
def test_diagnosis_advice_and_odds_are_caught(text):
    assert forbidden_wording(text), text


@pytest.mark.parametrize("text", [
    "Maria's tumor makes extra hormone, so she has flushing.",
    "A care team chooses a treatment for a certain person.",
    "Experts think NETs affect about 4 to 6 out of every 100,000 people.",
    "Belly pain can come from a tumor pressing on nearby organs.",
    "Ask your care team what the goal of each treatment is.",
    "Sam has tests to find out what is causing his symptoms.",
    "Young people and older people can both have NETs.",
    "The surgeon tries to take out as much of the tumor as possible.",
    "Chemotherapy may be used when a tumor is likely to grow fast.",
])
def test_teaching_text_passes(text):
    assert forbidden_wording(text) == []


@pytest.mark.parametrize("name", [
    "Symptom checker", "Is it cancer?", "Could this be a NET?", "Which treatment is best",
    "Signs of a NET to watch for", "Symptoms to look out for", "The best treatment for you",
    "Stop taking octreotide", "Skip surgery, it is not needed", "Call 0800 555 0100", "Visit evil.example now",
    "www quiz", "Don't take PRRT", "Ring us: 0800 555 0100", "+44 800 555 0100", "quiz.com class",
    "ｙｏｕ ｈａｖｅ a NET",  # full-width letters read as the plain ones
])
def test_set_names_may_not_sound_like_a_health_check(name):
    assert forbidden_phrases(name, name=True), name
    assert forbidden_phrases(name + " class", name=True)


@pytest.mark.parametrize("text", ["An online symptom checker cannot find a NET.", "Is it cancer? Sam asks his team."])
def test_bank_text_may_name_what_a_set_name_may_not(text):
    """A wrong choice can name a symptom checker, to teach what it cannot do."""
    assert forbidden_phrases(text) == [] and forbidden_phrases(text, name=True)


@pytest.mark.parametrize("name", [
    "Tuesday class, week 1", "Hormone symptoms", "Tests and what they check", "Class 2. Hormones",
    # Dates, rooms and course codes: numbers are not phone numbers, dots are not web addresses.
    "Room 101, 2026-11-28", "Room 101 2026-11-28", "Session 3 (2026-11-28)", "Group 28.11.2026 10:00",
    "NURS 301 2026-03", "28.11.2026 - 05.12.2026", "Week 2.Hormones", "Dr.Smith class", "St.Mary's ward", "Vol.II",
    "NETs that do not have symptoms", "Why some NETs don't get found early",
    "Тема 2.Сахар", "Ольга Петрова", "ΜΑΡΙΑ ΠΑΠΑΔΟΠΟΥΛΟΥ", "Сахар и НЭО", "第２回 勉強会",
])
def test_plain_set_names_pass(name):
    assert forbidden_phrases(name, name=True) == []


def test_message_names_the_rule_and_the_words():
    (message,) = forbidden_wording("You should start it.")
    assert message == "diagnostic or advice wording is not allowed (treatment advice): 'You should'"


def test_the_phrase_named_is_the_one_written():
    assert forbidden_phrases("Class: you’ve got this") == [("second-person diagnosis", "you’ve")]
    assert forbidden_phrases("If you\n  have it") == [("second-person diagnosis", "you\n  have")]


@pytest.mark.parametrize("text, rule", [
    ("Did you notice flushing?", "asks about the reader's own symptoms"),
    ("Are you tired?", "asks about the reader"),
    ("Stop this medicine today.", "treatment advice"),
    ("About 80% of people.", "odds or percentages"),
    ("The odds are good.", "odds"),
    ("Surgery can cure a NET.", "outcome or odds"),
])
def test_each_rule_is_named_so_the_author_knows_what_to_change(text, rule):
    """The rule's name is what an author reads in the checker's message (see test_message_names_the_rule_and_the_words)."""
    assert [found for found, _ in forbidden_phrases(text)] == [rule]
