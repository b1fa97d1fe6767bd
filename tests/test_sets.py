"""Custom sets as pure data: the key format, its compact ids, the seeded order, and every way a key can be bad."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support import QUESTIONS, soup
from quiz import sets
from quiz.bank import load_library
from quiz.sets import SetError

TEN = ["basics-01", "basics-04", "basics-07", "basics-09", "basics-12",
       "dx-01", "dx-02", "dx-06", "dx-08", "dx-10"]


def seed_of(qset):
    """Return the order a set's link holds (0: as listed), read back from the key as the app reads it."""
    return sets.parse_key(qset.key)[1]


@pytest.fixture(scope="module")
def library():
    return load_library(QUESTIONS)


def test_key_is_one_readable_path_segment(library):
    qset = sets.build(library, "Tuesday class", TEN, order="listed")
    assert qset.key == "~Tuesday_class~0.basics-01.04.07.09.12.dx-01.02.06.08.10"
    assert "/" not in qset.key and "?" not in qset.key and "#" not in qset.key
    assert qset.title == "Tuesday class"
    assert qset.description == ("Questions chosen from the quizzes “GEP-NET basics” and “Diagnosis, stage and grade”. "
                                "Whoever made this link with “Build a set” chose its name.")
    assert [q.id for q in qset.questions] == TEN
    assert qset.minutes == 8 and seed_of(qset) == 0


def test_a_set_key_can_never_name_a_bank(library):
    qset = sets.build(library, "basics", ["basics-01"], order="listed")
    assert sets.is_set_key(qset.key)
    assert not any(sets.is_set_key(bank_id) for bank_id in library.banks)
    assert library.quiz("gep-net-basics") is library.banks["gep-net-basics"]
    assert library.quiz(qset.key) == qset


@given(st.lists(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), unique=True, min_size=1))
def test_ids_survive_the_compact_form(ids):
    assert sets.decode_ids(sets.encode_ids(ids)) == ids


@pytest.mark.parametrize("text", ["", "basics-01.", "basics-01..04", "tx-01.-", "Basics-01", "dx 01"])
def test_decoding_refuses_ids_encode_ids_never_writes(text):
    """Empty or not a slug: a key is refused for its own form, not only when no bank holds the id."""
    with pytest.raises(SetError, match="is not a question id"):
        sets.decode_ids(text)


def test_ids_that_share_a_head_cost_only_their_digits():
    ids = ["tx-01", "tx-02", "cells", "tx-03", "12", "fm-1a", "fm-2"]
    assert sets.encode_ids(ids) == "tx-01.02.cells.03.-12.fm-1a.2"
    assert sets.decode_ids("tx-01.02.cells.03.-12.fm-1a.2") == ids  # an id with no head ("cells") keeps the one before


@pytest.mark.parametrize("seed", [1, 7, 4821, 99_999])  # the largest seed, by its number: links made so must open
def test_same_seed_same_order(library, monkeypatch, seed):
    monkeypatch.setattr(sets.secrets, "randbelow", lambda n: seed - 1)  # the seed build draws
    first = sets.build(library, "Class", TEN, order="shuffled")
    assert seed_of(first) == seed
    again = library.quiz(first.key)
    assert again.questions == first.questions
    assert sorted(q.id for q in first.questions) == sorted(TEN)
    assert ", in a shuffled order. " in first.description


def test_seeds_give_different_orders_and_the_order_is_pinned():
    orders = {tuple(sets.play_order(TEN, seed)) for seed in range(1, 21)}
    assert len(orders) == 20
    # Pinned: a link made today must open in the same order after any upgrade.
    assert sets.play_order(TEN, 4821) == ["dx-02", "basics-07", "basics-04", "dx-06", "basics-01",
                                          "basics-12", "dx-08", "basics-09", "dx-01", "dx-10"]
    assert sets.play_order(TEN, 0) == TEN


def test_build_lists_picks_in_page_order_once_each(library):
    qset = sets.build(library, "  Mixed   up\tname ", ["dx-02", "basics-04", "dx-02", "nope", "basics-01"], order="listed")
    assert [q.id for q in qset.questions] == ["basics-01", "basics-04", "dx-02"]
    assert qset.title == "Mixed up name"


def test_build_draws_a_fresh_seed_when_shuffling(library):
    seeds = {seed_of(sets.build(library, "Class", TEN, order="shuffled")) for _ in range(5)}
    assert all(1 <= seed <= sets.MAX_SEED for seed in seeds) and len(seeds) > 1


@pytest.mark.parametrize("name, cleaned", [
    ("Week 1: basics (part 2)!", "Week 1: basics (part 2)!"),
    ("snake_case~tilde/slash", "snake case tilde slash"),
    ("Café de l’équipe", "Café de l’équipe"),
    ("<b>50%</b>", "b 50 b"),
    ("x" * 80, "x" * sets.MAX_NAME),
    ("x" * 61, "x" * 60), ("y" * 60, "y" * 60),  # the limit, by its number
    ("हिंदी कक्षा", "हिंदी कक्षा"),  # vowel signs are part of the letters
    ("Cafe\u0301", "Café"),  # a decomposed accent is kept, composed
    ("!!!", ""),  # no letter or digit: no name
    # Characters that show nothing are left out: the name is what a reader sees.
    ("You\u034fhave", "Youhave"), ("\u3164\u3164\u3164", ""), ("Week\u200b1", "Week1"),
    ("第２回 勉強会", "第２回 勉強会"),  # full-width digits are kept (old links keep working)
    # Accents piled over the page: at most 3 more on a letter (Ź is one letter with its accent).
    ("Z" + "\u0301" * 20 + "oo", "Ź" + "\u0301" * 3 + "oo"),
    ("\u0301\u0301Zoo", "Zoo"),  # an accent on nothing
    ("Zoo \u0301\u0301 class", "Zoo class"), ("Zoo!\u0301", "Zoo!"),  # ... on a space or a mark: on no letter either
    ("ကျော်", "ကျော်"),  # Burmese vowel signs are part of the letters, not accents
])
def test_names_keep_only_url_friendly_characters(name, cleaned):
    assert sets.clean_name(name) == cleaned


@pytest.mark.parametrize("name, picked, message", [
    ("   ", TEN, "Please give the set a name, using letters or numbers."),
    ("~~~", TEN, "Please give the set a name, using letters or numbers."),  # what to type instead
    ("You have a NET", TEN, "Please choose another name"),
    ("\u0423ou hаve a NET", TEN, "Please choose another name"),  # Cyrillic У and а
    ("Call 0800 555 0100", TEN, "A set's name cannot hold a phone number or a web address"),
    ("Class", [], "Please pick at least one question"),
    ("Class", ["unknown-1"], "Please pick at least one question"),
])
def test_build_explains_what_to_fix(library, name, picked, message):
    with pytest.raises(SetError, match=message):
        sets.build(library, name, picked, order="listed")


@pytest.mark.parametrize("order", ["", "sideways", "Shuffled"])
def test_build_asks_for_one_of_its_orders(library, order):
    with pytest.raises(SetError, match="Please choose an order: as listed, or shuffled.") as refused:
        sets.build(library, "Class", TEN, order=order)
    assert refused.value.field == "order"


def test_build_refuses_too_many_questions(library):
    ids = list(library.questions)[: sets.MAX_QUESTIONS + 1]
    with pytest.raises(SetError, match=f"at most {sets.MAX_QUESTIONS} questions. {sets.MAX_QUESTIONS + 1} are picked"):
        sets.build(library, "Class", ids, order="listed")
    assert len(sets.build(library, "Class", ids[:-1], order="listed").questions) == sets.MAX_QUESTIONS


def test_build_refuses_a_link_too_long_to_share(library, monkeypatch):
    monkeypatch.setattr(sets, "MAX_KEY", 40)
    with pytest.raises(SetError, match="This set is too long to share as a link. Please pick fewer questions or use "
                                       "a shorter name.") as refused:  # the two ways to make it fit
        sets.build(library, "A long name for a set", TEN, order="listed")
    assert refused.value.field == "questions"  # the builder marks the picks, the first thing it asks to change


def test_a_link_of_exactly_400_characters_is_shared_and_401_is_not(library):
    for extra in (0, 1):
        name = "中" * 42 + "a" * (9 + extra)  # each Chinese letter is 9 characters once sent
        key = sets.make_key(name, ["basics-01"], 0)
        assert sets.link_length(key) == 400 + extra
        if extra:
            with pytest.raises(SetError, match="too long to share"):
                sets.build(library, name, ["basics-01"], order="listed")
            assert library.quiz(key) is None
        else:
            assert sets.build(library, name, ["basics-01"], order="listed").key == key == library.quiz(key).key


def test_a_set_from_one_quiz_names_that_quiz(library):
    qset = sets.build(library, "Class", ["dx-01", "dx-02"], order="listed")
    assert qset.description == ("Questions chosen from the quiz “Diagnosis, stage and grade”. "
                                "Whoever made this link with “Build a set” chose its name.")


def test_a_set_from_three_quizzes_names_each_of_them(library):
    """Listed in the builder's order, each title quoted, so the commas in "Diagnosis, stage and grade" still read."""
    qset = sets.build(library, "Class", ["dx-01", "fm-01", "basics-01"], order="listed")
    assert qset.description.startswith("Questions chosen from the quizzes “GEP-NET basics”, “Functional or mechanical?” "
                                       "and “Diagnosis, stage and grade”. ")


def test_a_shuffled_set_always_gets_a_seed_that_opens(library, monkeypatch):
    """The drawn seed runs from 1 (0 would mean "as listed") to the largest a link may hold."""
    for drawn in (0, sets.MAX_SEED - 1):
        monkeypatch.setattr(sets.secrets, "randbelow", lambda n, drawn=drawn: drawn)
        qset = sets.build(library, "Class", TEN, order="shuffled")
        assert seed_of(qset) == drawn + 1 and library.quiz(qset.key) == qset and "shuffled" in qset.description


GOOD = "~Tuesday_class~0.basics-01.04.dx-02"


@pytest.mark.parametrize("key", [
    "~Tuesday_class~0.basics-01.04.dx-99",          # unknown question
    "~Tuesday_class~0.basics-01.04.01",             # the same question twice
    "~Tuesday_class~x.basics-01.04.dx-02",          # seed not a number
    "~Tuesday_class~07.basics-01.04.dx-02",         # seed not as written
    "~Tuesday_class~-1.basics-01.04.dx-02",         # negative seed
    "~Tuesday_class~\u00b2.basics-01.04.dx-02",     # a superscript 2: a digit to str.isdigit, not to int()
    "~Tuesday_class~100000.basics-01.04.dx-02",      # one past the largest seed, by its number
    "~Tuesday class~0.basics-01.04.dx-02",          # a space where the key has _
    "~Tuesday_class~0.basics-01.basics-04.dx-02",   # ids not in their compact form
    "~Tuesday__class~0.basics-01",                  # two spaces in the name
    "~Tues~day~0.basics-01",                        # ~ in the name
    "~~0.basics-01",                                # no name
    "~You_have_a_NET~0.basics-01",                  # diagnostic wording as a name
    "~You%CD%8F_have_cancer~0.basics-01",           # ... with an invisible mark in it
    "~You\u034f_have_cancer~0.basics-01",
    "~\u0443ou_have_cancer~0.basics-01",             # ... with a Cyrillic у
    "~\u3164\u3164~0.basics-01",                     # a name that shows nothing
    "~Tuesday_class0.basics-01",                    # no second ~
    "~Tuesday_class~0",                             # no questions
    "~Tuesday_class~0.basics-01.",                  # empty id
    "~Tuesday_class~0.Basics-01",                   # not a slug
    "~Tuesday_class~0." + ".".join(f"x-{n}" for n in range(200)),  # too long
])
def test_tampered_keys_open_nothing(library, key):
    assert library.quiz(GOOD) is not None
    with pytest.raises(SetError):
        sets.open_set(key, library)
    assert library.quiz(key) is None


def test_too_many_questions_in_a_key_open_nothing(library):
    ids = list(library.questions)[: sets.MAX_QUESTIONS + 1]
    key = sets.make_key("Class", ids, 0)
    assert len(key) <= sets.MAX_KEY
    assert library.quiz(key) is None
    assert library.quiz(sets.make_key("Class", ids[:-1], 0)) is not None


def test_version_follows_the_key_and_the_banks_behind_it(library):
    qset = library.quiz(GOOD)
    assert qset.version == library.quiz(GOOD).version
    assert qset.version != library.quiz("~Tuesday_class~5.basics-01.04.dx-02").version
    edited = replace(library.banks["diagnosis-stage-grade"], version="changed")
    changed = replace(library, banks={**library.banks, edited.id: edited})
    assert changed.quiz(GOOD).version != qset.version
    untouched = replace(library, banks={**library.banks, "treatment-goals": edited})
    assert untouched.quiz(GOOD).version == qset.version


def test_catalog_lists_every_question_once_by_bank_then_topic(library):
    groups = sets.catalog(library)
    assert [g.bank for g in groups] == library.ordered()
    listed = [q.id for g in groups for t in g.topics for q in t.questions]
    assert sorted(listed) == sorted(library.questions)
    for group in groups:
        for topic in group.topics:
            assert all(q.tags[0] == topic.topic.id for q in topic.questions)
        firsts = [group.bank.questions.index(t.questions[0]) for t in group.topics]
        assert firsts == sorted(firsts), "topics follow the bank's own order"


def test_a_refused_name_is_explained_in_plain_words(library):
    with pytest.raises(SetError) as refused:
        sets.build(library, "Your tumor class", TEN, order="listed")
    message = str(refused.value)
    assert message.startswith("Please choose another name.") and "cannot use “Your tumor”" in message
    # Only the part that was refused is quoted, so the message says what would work instead.
    assert message.endswith("Name it for what it teaches, such as “Stage and grade”.")
    assert "diagnostic" not in message and "(" not in message


def test_a_long_name_in_another_script_is_measured_as_the_link_sends_it(library):
    """Each Chinese letter is 9 characters in the link: a 60-letter name would make a QR code too dense."""
    with pytest.raises(SetError, match="too long to share"):
        sets.build(library, "护士课程" * 15, TEN, order="listed")
    assert sets.build(library, "护士课程", TEN, order="listed").title == "护士课程"
    # A link made by hand is measured the same way: short in letters, too long once sent.
    key = sets.make_key("护士课程" * 15, TEN, 0)
    assert len(key) <= sets.MAX_KEY < sets.link_length(key) and library.quiz(key) is None


@pytest.mark.parametrize("name", ["Class www.example.org", "Call 0207 946 0000"])
def test_a_name_with_a_phone_number_or_web_address_is_told_so(library, name):
    with pytest.raises(SetError) as refused:
        sets.build(library, name, TEN, order="listed")
    assert str(refused.value) == "Please choose another name. A set's name cannot hold a phone number or a web address."


def test_the_name_hint_lists_the_marks_a_name_keeps(client):
    """Staff are told which marks stay in a set's name, so nothing is dropped without warning."""
    hint = soup(client.get("/teach/build")).find(id="set-name-hint").get_text()
    assert [mark for mark in sets._NAME_PUNCTUATION - {" ", "’"} if mark not in hint] == []
    assert f"up to {sets.MAX_NAME} characters" in hint.lower() and "other marks are left out" in hint
