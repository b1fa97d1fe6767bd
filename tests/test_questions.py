"""Question types: parsing forms and scoring each kind, including partial credit."""

import pytest
from pydantic import ValidationError

from quiz.questions import MultipleChoice, SingleChoice, Sort, TrueFalse


def choices(*specs):
    return [{"id": i, "text": f"Choice {i}", "correct": ok, "feedback": f"Why {i}."} for i, ok in specs]


BASE = {"tags": ["functional"], "facts": ["functional-def"], "stem": "A stem?", "explanation": "One. Two."}
SINGLE_CHOICES = choices(("a", False), ("b", True), ("c", False))
SINGLE = SingleChoice.model_validate({**BASE, "id": "s", "type": "single", "choices": SINGLE_CHOICES})
MULTI = MultipleChoice.model_validate({**BASE, "id": "m", "type": "multiple",
                                       "choices": choices(("a", True), ("b", True), ("c", True), ("d", False))})
TF = TrueFalse.model_validate({**BASE, "id": "t", "type": "true_false",
                               "choices": choices(("true", False), ("false", True))})
SORT = Sort.model_validate({**BASE, "id": "o", "type": "sort",
                            "categories": [{"id": "fn", "label": "Functional"}, {"id": "me", "label": "Mechanical"}],
                            "items": [{"id": f"i{n}", "text": f"Item {n}", "category": cat, "feedback": "Because."}
                                      for n, cat in enumerate(["fn", "me", "fn"])]})


@pytest.mark.parametrize("question, form, answer, status, earned, possible", [
    (SINGLE, {"choice": ["b"]}, "1", "right", 1, 1),
    (SINGLE, {"choice": ["a"]}, "0", "wrong", 0, 1),
    (TF, {"choice": ["false"]}, "1", "right", 1, 1),
    (TF, {"choice": ["true"]}, "0", "wrong", 0, 1),
    (MULTI, {"choice": ["a", "b", "c"]}, "012", "right", 3, 3),
    (MULTI, {"choice": ["c", "a"]}, "02", "partly", 2, 3),
    (MULTI, {"choice": ["a", "b", "c", "d"]}, "0123", "partly", 2, 3),
    (MULTI, {"choice": ["a", "d"]}, "03", "wrong", 0, 3),  # a wrong pick cancels the right one
    (MULTI, {"choice": ["d"]}, "3", "wrong", 0, 3),
    (SORT, {"item-i0": ["fn"], "item-i1": ["me"], "item-i2": ["fn"]}, "010", "right", 3, 3),
    (SORT, {"item-i0": ["fn"], "item-i1": ["fn"], "item-i2": ["fn"]}, "000", "partly", 2, 3),
    (SORT, {"item-i0": ["me"], "item-i1": ["fn"], "item-i2": ["me"]}, "101", "wrong", 0, 3),
])
def test_parse_and_score(question, form, answer, status, earned, possible):
    parsed = question.parse(form)
    assert parsed.error is None and parsed.answer == answer
    result = question.score(parsed.answer)
    assert (result.status, result.earned, result.possible) == (status, earned, possible)
    assert question.is_valid(answer)


def test_multiple_select_reports_found_and_extra_picks():
    result = MULTI.score("013")
    assert (result.found, result.possible, result.extra) == (2, 3, 1)


@pytest.mark.parametrize("question, form, message", [
    (SINGLE, {}, "Please choose an answer, then press “Check my answer”."),
    (MULTI, {"choice": []}, "Please choose at least one answer, then press “Check my answer”."),
    (SINGLE, {"choice": ["a", "b"]}, "Please choose only one answer."),
    (SINGLE, {"choice": ["zzz"]}, "That answer is not one of the choices. Please choose again."),
    (MULTI, {"choice": ["a", "nope"]}, "That answer is not one of the choices. Please choose again."),
    (SORT, {"item-i0": ["fn"]}, "Please choose a group for every item. 2 still need one, marked “Not sorted yet”."),
    (SORT, {"item-i0": ["fn"], "item-i1": ["bogus"], "item-i2": ["me"]},
     "One of the answers is not one of the groups. Please choose again."),
    (SORT, {"item-i0": ["fn", "me"], "item-i1": ["me"], "item-i2": ["me"]},
     "One of the answers is not one of the groups. Please choose again."),
])
def test_bad_forms_explain_what_is_wrong(question, form, message):
    parsed = question.parse(form)
    assert parsed.answer is None
    assert parsed.error == message


def test_bad_forms_keep_what_was_valid():
    assert MULTI.parse({"choice": ["a", "nope", "c"]}).kept == "02"
    assert SORT.parse({"item-i0": ["me"], "item-i2": ["fn"]}).kept == "1-0"


def test_repeated_valid_value_counts_once():
    assert MULTI.parse({"choice": ["a", "a", "b"]}).answer == "01"


@pytest.mark.parametrize("question, stored", [
    (SINGLE, "01"), (SINGLE, "3"), (SINGLE, ""), (SINGLE, 1), (SINGLE, None),
    (MULTI, "10"), (MULTI, "00"), (MULTI, "9"), (MULTI, "٣"),
    (SORT, "01"), (SORT, "0123"), (SORT, "0101"), (SORT, "0-1"), (SORT, "029"), (SORT, "020"), (SORT, ["0", "1", "0"]),
])
def test_tampered_stored_answers_are_invalid(question, stored):
    assert not question.is_valid(stored)


def test_every_text_field_is_listed_for_checks():
    fields = dict(SORT.texts())
    assert {"stem", "explanation", "categories[1].label", "items[2].text", "items[2].feedback"} <= set(fields)
    assert SINGLE.feedback_lines() == ["Why a.", "Why b.", "Why c."]


def test_a_multiple_select_question_may_have_just_one_correct_choice():
    one = MultipleChoice.model_validate({**BASE, "id": "m1", "type": "multiple",
                                         "choices": choices(("a", True), ("b", False))})
    assert list(one.problems()) == []


# The limits authors meet, by their numbers: a test that only named the constant would pass any value.
@pytest.mark.parametrize("field, most", [("tags", 6), ("facts", 8)])
def test_tags_and_facts_have_a_limit(field, most):
    values = ["functional"] * most if field == "tags" else ["functional-def"] * most
    SingleChoice.model_validate({**BASE, field: values, "id": "s", "type": "single", "choices": SINGLE_CHOICES})
    with pytest.raises(ValidationError, match=field):
        SingleChoice.model_validate({**BASE, field: [*values, values[0]], "id": "s", "type": "single",
                                     "choices": SINGLE_CHOICES})


def test_two_to_six_choices():
    for count in (2, 6):
        MultipleChoice.model_validate({**BASE, "id": "m", "type": "multiple",
                                       "choices": choices(*((f"c{n}", True) for n in range(count)))})
    for count in (1, 7):
        with pytest.raises(ValidationError, match="choices"):
            MultipleChoice.model_validate({**BASE, "id": "m", "type": "multiple",
                                           "choices": choices(*((f"c{n}", True) for n in range(count)))})


@pytest.mark.parametrize("groups, items, ok", [(2, 2, True), (4, 8, True), (1, 2, False), (5, 5, False),
                                               (2, 1, False), (2, 9, False)])
def test_sort_questions_have_two_to_four_groups_and_two_to_eight_items(groups, items, ok):
    data = {**BASE, "id": "o", "type": "sort",
            "categories": [{"id": f"g{n}", "label": f"Group {n}"} for n in range(groups)],
            "items": [{"id": f"i{n}", "text": f"Item {n}", "category": "g0", "feedback": "Because."}
                      for n in range(items)]}
    if ok:
        Sort.model_validate(data)
    else:
        with pytest.raises(ValidationError):
            Sort.model_validate(data)


@pytest.mark.parametrize("field", ["tags", "facts"])
def test_a_question_needs_a_tag_and_a_fact(field):
    """The first tag is the question's topic, and every question rests on a sourced fact."""
    with pytest.raises(ValidationError, match=field):
        SingleChoice.model_validate({**BASE, field: [], "id": "s", "type": "single", "choices": SINGLE_CHOICES})


@pytest.mark.parametrize("question, path, most", [
    (SINGLE, ("stem",), 400),
    (SINGLE, ("explanation",), 600),
    (SINGLE, ("choices", 0, "text"), 200),
    (SINGLE, ("choices", 0, "feedback"), 300),
    (SORT, ("categories", 0, "label"), 60),
    (SORT, ("items", 0, "text"), 120),
    (SORT, ("items", 0, "feedback"), 300),
])
def test_each_text_has_a_limit(question, path, most):
    """By its number, as for tags and facts: a text of the limit's length loads, one character more does not."""
    def with_length(length):
        data = question.model_dump()
        *parents, name = path
        node = data
        for step in parents:
            node = node[step]
        node[name] = "x" * length
        return type(question).model_validate(data)

    assert "x" * most in dict(with_length(most).texts()).values()  # kept whole, not cut short
    with pytest.raises(ValidationError, match=f"at most {most} characters"):
        with_length(most + 1)
