"""Bank loading: the bundled banks pass every rule; each broken rule gives its exact message."""

from pathlib import Path

import pytest

from support import FIXTURES, QUESTIONS, make_questions_dir
from quiz import readability
from quiz.bank import BankError, bank_files, load_library


@pytest.fixture(scope="module")
def library():
    return load_library(QUESTIONS)


def problems_of(folder: Path) -> list[str]:
    """Load a questions folder that must fail; return its problems as the checker prints them."""
    with pytest.raises(BankError) as caught:
        load_library(folder)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture(scope="module")
def broken_problems(tmp_path_factory):
    folder = make_questions_dir(tmp_path_factory.mktemp("broken"), FIXTURES / "broken.toml")
    with pytest.raises(BankError) as caught:
        load_library(folder)
    return [str(p).split(":", 1)[1] for p in caught.value.problems]


def test_bundled_content_meets_the_size_targets(library):
    assert len(library.banks) >= 4
    assert all(len(bank.questions) >= 12 for bank in library.banks.values())
    assert len(library.questions) >= 50
    kinds = {q.kind for q in library.questions.values()}
    assert kinds == {"single", "multiple", "true_false", "sort"}


def test_every_bank_has_every_question_type(library):
    for bank in library.banks.values():
        assert {q.kind for q in bank.questions} == {"single", "multiple", "true_false", "sort"}, bank.id


def test_functional_bank_has_sort_questions_and_scenarios(library):
    bank = library.banks["functional-or-mechanical"]
    assert sum(q.kind == "sort" for q in bank.questions) >= 2
    assert sum("'s " in q.stem for q in bank.questions) >= 3  # fictional people: "Maria's tumor..."


EXPECTED = [
    "(bank):colour: is not a known field",
    "two-right:choices: single-choice questions need exactly one correct choice (found 2)",
    "tf-ids:choices: true/false questions need exactly two choices, with ids 'true' and 'false'",
    "none-right:choices: multiple-select questions need at least one correct choice",
    "bad-category:items[1].category: 'pressure' is not one of this question's categories (functional, mechanical)",
    "unknown-refs:facts: unknown fact id 'made-up-fact' (see sources.toml)",
    "unknown-refs:tags: unknown topic 'astrology' (see topics.toml)",
    "empty-and-long:stem: must not be empty",
    "empty-and-long:choices[1].feedback: is too long (302 characters; at most 300)",
    "extra-field:difficulty: is not a known field",
    "odd-type:type: unknown question type 'essay' (known: single, multiple, true_false, sort)",
    "no-stem:stem: is required",
    "one-sentence:explanation: needs 2 to 4 sentences (found 0)",
    "diagnoses:stem: diagnostic or advice wording is not allowed (second-person diagnosis): 'you may have'",
    "diagnoses:stem: diagnostic or advice wording is not allowed (speaks about the reader's own health): 'your symptoms'",
    "diagnoses:choices[1].feedback: diagnostic or advice wording is not allowed (treatment advice): 'You should'",
    "two-right:id: question id is used more than once in this file",
    "jargon:reading-grade: reading grade ",
    "five-sentences:explanation: needs 2 to 4 sentences (found 5)",
    "same-choice-id:choices: choice id 'a' is used more than once",
    "same-category-id:categories: category id 'functional' is used more than once",
    "same-item-id:items: item id 'flush' is used more than once",
    "tf-two-right:choices: true/false questions need exactly one correct choice (found 2)",
    "choice-diagnoses:choices[1].text: diagnostic or advice wording is not allowed (second-person diagnosis): 'You have'",
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_each_broken_rule_is_reported_with_its_message(broken_problems, expected):
    assert any(p.startswith(expected) for p in broken_problems), "\n".join(broken_problems)


def test_problems_name_the_file_and_are_all_reported_at_once(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "broken.toml")
    with pytest.raises(BankError) as caught:
        load_library(folder)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(str(folder / "broken.toml") + ":") for line in lines)
    assert len(lines) >= len(EXPECTED)


def test_duplicate_question_ids_across_banks(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    (folder / "copy.toml").write_text((folder / "mini.toml").read_text())
    with pytest.raises(BankError) as caught:
        load_library(folder)
    assert {p.message for p in caught.value.problems} == {f"question id is also used in {folder / 'copy.toml'}"}
    assert {p.item for p in caught.value.problems} == {"m-01", "m-02", "m-03"}


def test_low_readability_bank_mean_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(readability, "MAX_BANK_MEAN", 1.0)
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    with pytest.raises(BankError) as caught:
        load_library(folder)
    (problem,) = caught.value.problems
    assert (problem.item, problem.field) == ("(bank)", "reading-grade")
    assert problem.message.startswith("mean reading grade of stems and explanations is ")


@pytest.mark.parametrize("grade, refused", [(readability.MAX_QUESTION, False), (readability.MAX_QUESTION + 0.1, True)])
def test_a_question_above_the_reading_grade_limit_is_refused(tmp_path, monkeypatch, grade, refused):
    monkeypatch.setattr(readability, "MAX_BANK_MEAN", 99.0)  # only the per-question limit is under test
    monkeypatch.setattr(readability, "grade", lambda *parts: grade)
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    if not refused:
        load_library(folder)
        return
    message = f"reading grade {grade:.1f} is above {readability.MAX_QUESTION:.1f}; use shorter words and sentences"
    # Every question, and the bank's description (graded the same way, see below).
    assert {line.split(":", 2)[2] for line in problems_of(folder)} == {f"reading-grade: {message}", f"description: {message}"}


def test_a_bank_description_above_the_reading_grade_limit_is_refused(tmp_path):
    """The home page's card is the first thing every reader reads; a long list in one sentence grades high."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    bank = folder / "mini.toml"
    hard = ("Symptoms from extra hormone, symptoms from a tumor pressing on things, symptoms shared with "
            "other cancers, and why a symptom alone can't show its cause.")
    lines = [f'description = "{hard}"' if line.startswith("description =") else line
             for line in bank.read_text().splitlines()]
    bank.write_text("\n".join(lines) + "\n")
    (problem,) = problems_of(folder)
    assert problem.startswith(f"{bank}:(bank):description: reading grade 11.2 is above 10.0")


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_bank_title_or_description_may_not_diagnose(tmp_path, field):
    """They head the home page and every question: the same wording rules as a question."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    bank = folder / "mini.toml"
    lines = bank.read_text().splitlines()
    lines = [f'{field} = "Check your symptoms"' if line.startswith(f"{field} =") else line for line in lines]
    bank.write_text("\n".join(lines) + "\n")
    assert problems_of(folder) == [
        f"{bank}:(bank):{field}: diagnostic or advice wording is not allowed (speaks about the reader's own health): "
        "'your symptoms'"]


def test_a_fact_citing_an_unknown_source_stops_start_up(tmp_path):
    """Each fact names its sources; one that is not listed would break every page that cites the fact."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    sources = folder / "sources.toml"
    text = sources.read_text()
    sources.write_text(text.replace('sources = ["OV", "DT"]', 'sources = ["OV", "NOPE"]', 1))  # the first fact, "cells"
    assert sources.read_text() != text
    assert problems_of(folder) == [f"{sources}:cells:sources: unknown source 'NOPE'"]


@pytest.mark.parametrize("content, message", [
    ("title = 'x'\n[[questions]\n", "is not valid TOML"),
    ("description = 'no title'\nquestions = [{}]\n", "is required"),
    ("title = 'x'\ndescription = 'y'\nquestions = []\n", "needs at least one [[questions]] table"),
])
def test_unreadable_or_empty_bank_files(tmp_path, content, message):
    folder = make_questions_dir(tmp_path)
    (folder / "bad.toml").write_text(content)
    with pytest.raises(BankError) as caught:
        load_library(folder)
    assert any(message in p.message for p in caught.value.problems), caught.value


@pytest.mark.parametrize("name", ["~basics", "My-Bank", "week_1", "a--b", "x" * 41])
def test_a_bank_file_name_must_work_as_its_address(tmp_path, name):
    """The file name is the bank's id and its web address: one that could never be opened is refused."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    (folder / "mini.toml").rename(folder / f"{name}.toml")
    assert problems_of(folder) == [
        f"{folder / name}.toml:(bank):file name: must be lowercase letters, digits and single hyphens (up to 40) "
        "before .toml: it is the bank's web address"]


def test_a_bank_file_name_of_forty_id_characters_is_its_id(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    name = "week-2-" + "x" * 33
    (folder / "mini.toml").rename(folder / f"{name}.toml")
    assert list(load_library(folder).banks) == [name]


@pytest.mark.parametrize("named", [None, ["topics.toml"]])
def test_a_folder_without_banks_is_an_error(tmp_path, named):
    """Also when only a reference file is named (banks check topics.toml): the app would not start either."""
    folder = make_questions_dir(tmp_path)
    with pytest.raises(BankError, match="has no bank files"):
        load_library(folder, named and [folder / name for name in named])


def test_bank_files_skip_the_reference_files():
    names = {p.name for p in bank_files(QUESTIONS)}
    assert "sources.toml" not in names and "topics.toml" not in names


def test_quoted_booleans_and_numbers_are_mistakes(tmp_path):
    """A quoted "yes" or "5" is a typo to fix, not a value to guess at."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    text = (folder / "mini.toml").read_text()
    (folder / "mini.toml").write_text(text.replace("correct = true", 'correct = "yes"', 1).replace("order = 1", 'order = "5"', 1))
    with pytest.raises(BankError) as caught:
        load_library(folder)
    found = {(p.item, p.field) for p in caught.value.problems}
    assert {("(bank)", "order"), ("m-01", "choices[0].correct")} <= found, caught.value


def test_the_authoring_guide_example_is_a_valid_bank(tmp_path):
    """docs/authoring.md's example bank is what authors copy: it must pass the same check."""
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text()
    example = guide.split("## A bank file", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.toml").write_text(example)
    library = load_library(make_questions_dir(tmp_path))
    assert [q.id for q in library.banks["example"].questions] == ["my-01", "my-02"]


def version_after(folder: Path, edit) -> str:
    """Return the mini bank's version once edit (text -> text) is applied to its file."""
    original = (FIXTURES / "mini.toml").read_text()
    (folder / "mini.toml").write_text(edit(original))
    return load_library(folder).banks["mini"].version


CHOICE_A = '  [[questions.choices]]\n  id = "a"\n  text = "Functional"\n  correct = true\n  feedback = "Yes. It makes hormone."\n'
CHOICE_B = '  [[questions.choices]]\n  id = "b"\n  text = "Mechanical"\n  feedback = "No. Mechanical is about pressure."\n'
REWORDED = [
    lambda t: "# A comment, and a blank line.\n\n" + t,
    lambda t: t.replace("What is this kind of tumor called?", "What do we call this kind of tumor?"),
    lambda t: t.replace('text = "Mechanical"', 'text = "Mechanical (pressure)"'),
    lambda t: t.replace('feedback = "Yes. It makes hormone."', 'feedback = "Yes. It makes a hormone."'),
    lambda t: t.replace('label = "Functional"', 'label = "Hormone"'),
    lambda t: t.replace("Pain can come from pressure.", "Belly pain can come from pressure."),
]
RESHAPED = [
    lambda t: t.replace('text = "Functional"\n  correct = true', 'text = "Functional"').replace(
        'text = "Mechanical"', 'text = "Mechanical"\n  correct = true'),  # the other choice is right now
    lambda t: t.replace('text = "Belly pain"\n  category = "mechanical"', 'text = "Belly pain"\n  category = "functional"'),
    lambda t: t.replace('id = "m-02"', 'id = "m-04"'),
    lambda t: t.replace(CHOICE_A + CHOICE_B, CHOICE_B + CHOICE_A),  # the same choices, in another order
    lambda t: t[:t.index('[[questions]]\nid = "m-03"')],  # the last question taken out
]


@pytest.mark.parametrize("edit", REWORDED)
def test_rewording_a_bank_keeps_readers_progress(tmp_path, edit):
    """Saved answers are positions: a reworded text leaves them meaning the same picks."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    assert version_after(folder, edit) == version_after(folder, lambda t: t)
    assert edit((FIXTURES / "mini.toml").read_text()) != (FIXTURES / "mini.toml").read_text()


@pytest.mark.parametrize("edit", RESHAPED)
def test_reshaping_a_bank_starts_readers_again(tmp_path, edit):
    """Another right answer, group, id or number of questions: a saved answer would mean something else."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    assert version_after(folder, edit) != version_after(folder, lambda t: t)
