"""Bank loading: the bundled banks pass every rule; each broken rule gives its exact message."""

from pathlib import Path

import pytest

from support import FIXTURES, QUESTIONS, make_questions_dir, problems_of
from quiz import readability
from quiz.bank import BankError, bank_files, load_library, minutes_for


@pytest.fixture(scope="module")
def library():
    return load_library(QUESTIONS)


@pytest.fixture(scope="module")
def broken_problems(tmp_path_factory):
    folder = make_questions_dir(tmp_path_factory.mktemp("broken"), FIXTURES / "broken.toml")
    return [problem.split(":", 1)[1] for problem in problems_of(folder)]


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


# --- what a mutation run of bank.py found unpinned --------------------------------

def with_bank(folder: Path, text: str, name: str = "bad") -> Path:
    """Write a bank file into folder; return its path."""
    (folder / f"{name}.toml").write_text(text)
    return folder / f"{name}.toml"


def test_a_question_that_is_not_a_table_is_named_by_its_position(tmp_path):
    """questions = ["..."] instead of [[questions]] tables: the author is told which entry, and what it must be."""
    folder = make_questions_dir(tmp_path)
    bank = with_bank(folder, "title = 'x'\ndescription = 'y'\nquestions = ['What is a NET?']\n")
    assert problems_of(folder) == [f"{bank}:questions[0]:(table): must be a table"]


@pytest.mark.parametrize("line", ['id = ""', "id = 5"])
def test_a_question_without_a_usable_id_is_named_by_its_position(tmp_path, line):
    """Problems name the question by its id; an empty or non-text id cannot name it, its position can."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    bank = folder / "mini.toml"
    bank.write_text(bank.read_text().replace('id = "m-02"', line, 1))
    assert {problem.split(":", 2)[1] for problem in problems_of(folder)} == {"questions[1]"}


def test_a_bank_file_with_no_questions_key_gets_the_message_not_a_crash(tmp_path):
    folder = make_questions_dir(tmp_path)
    bank = with_bank(folder, "title = 'x'\ndescription = 'y'\n")
    assert problems_of(folder) == [f"{bank}:(bank):questions: needs at least one [[questions]] table"]


def test_an_explanation_of_one_sentence_is_refused(tmp_path):
    """The rule is 2 to 4 sentences: one is too few (the broken fixture only has none and five)."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    bank = folder / "mini.toml"
    bank.write_text(bank.read_text().replace("Flushing comes from hormones. Pain can come from pressure.",
                                             "Flushing comes from hormones.", 1))
    assert problems_of(folder) == [f"{bank}:m-02:explanation: needs 2 to 4 sentences (found 1)"]


@pytest.mark.parametrize("over", [0.0, 0.1])
def test_a_bank_mean_reading_grade_at_the_limit_is_allowed(tmp_path, monkeypatch, over):
    """The message says "at most 8.0 is allowed": a bank whose mean is exactly the limit loads, a tenth above does not."""
    grade = readability.MAX_BANK_MEAN + over  # below the per-question limit, so only the bank's mean is at stake
    monkeypatch.setattr(readability, "grade", lambda *parts: grade)
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    if not over:
        assert list(load_library(folder).banks) == ["mini"]
        return
    assert problems_of(folder) == [f"{folder / 'mini.toml'}:(bank):reading-grade: mean reading grade of stems and "
                                   f"explanations is {grade:.1f}; at most {readability.MAX_BANK_MEAN:.1f} is allowed"]


def test_a_bank_without_an_order_comes_after_order_99_and_before_101(tmp_path):
    """docs/authoring.md: order is optional, 100 if left out; ties go by title."""
    folder = make_questions_dir(tmp_path)
    mini = (FIXTURES / "mini.toml").read_text()
    for name, order in [("soon", "order = 99"), ("plain", ""), ("late", "order = 101"), ("tie", "order = 100")]:
        text = mini.replace("order = 1", order, 1).replace('title = "Mini"', f'title = "{name.title()}"', 1)
        with_bank(folder, text.replace('id = "m-0', f'id = "{name}-0'), name)
    assert [bank.id for bank in load_library(folder).ordered()] == ["soon", "plain", "tie", "late"]


def test_a_fact_must_cite_a_source(tmp_path):
    """A fact with no source would show nothing under "Sources" on every page that cites it."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    sources = folder / "sources.toml"
    sources.write_text(sources.read_text().replace('sources = ["OV", "DT"]', "sources = []", 1))  # the first fact
    assert f"{sources}:(bank):facts[0].sources: needs at least 1 entry" in problems_of(folder)


def test_a_folder_without_banks_names_the_folder(tmp_path):
    folder = make_questions_dir(tmp_path)
    assert problems_of(folder) == [f"{folder}:(bank):(folder): has no bank files"]


SMALLEST = {
    "sources.toml": '[[sources]]\nid = "OV"\ntitle = "An overview"\nshort = "Overview"\ndate = 2025-04-10\n'
                    'about = "What NETs are."\n\n[[facts]]\nid = "functional-def"\nsources = ["OV"]\n'
                    'text = "A tumor that makes extra hormone is called functional."\n',
    "topics.toml": '[[topics]]\nid = "functional"\nlabel = "Hormone or pressure"\n',
    "small.toml": 'title = "Small"\ndescription = "One question."\n\n[[questions]]\nid = "s-01"\ntype = "single"\n'
                  'tags = ["functional"]\nfacts = ["functional-def"]\n'
                  'stem = "Maria\'s tumor makes extra hormone. What is this kind of tumor called?"\n'
                  'explanation = "A tumor that makes extra hormone is called functional. The hormone causes symptoms."\n'
                  '  [[questions.choices]]\n  id = "a"\n  text = "Functional"\n  correct = true\n  feedback = "Yes."\n'
                  '  [[questions.choices]]\n  id = "b"\n  text = "Mechanical"\n  feedback = "No."\n',
}


def write_smallest(folder):
    """Write the smallest sound questions folder: one source, fact, topic and question."""
    for name, text in SMALLEST.items():
        (folder / name).write_text(text)


def test_one_source_one_fact_and_one_topic_are_enough(tmp_path):
    """A clinic's own small questions folder: each reference list needs one entry, not more."""
    write_smallest(tmp_path)
    library = load_library(tmp_path)
    assert (list(library.sources), list(library.facts), list(library.topics)) == (["OV"], ["functional-def"], ["functional"])


def smallest_with_list(folder, file, table, value):
    """Write the smallest sound folder, but with `file`'s [[table]]s replaced by `table = value`."""
    write_smallest(folder)
    path, text = folder / file, SMALLEST[file]
    start = text.index(f"[[{table}]]")
    end = text.find("[[", start + 2)
    path.write_text(f"{table} = {value}\n" + text[:start] + (text[end:] if end >= 0 else ""))  # a key before any table
    return path


@pytest.mark.parametrize("file, table", [("sources.toml", "sources"), ("sources.toml", "facts"), ("topics.toml", "topics")])
def test_an_empty_reference_list_is_named(tmp_path, file, table):
    """sources = [], facts = [] or topics = []: the author is told the list itself is empty."""
    path = smallest_with_list(tmp_path, file, table, "[]")
    assert f"{path}:(bank):{table}: needs at least 1 entry" in problems_of(tmp_path)


@pytest.mark.parametrize("file, table", [("sources.toml", "sources"), ("sources.toml", "facts"), ("topics.toml", "topics")])
def test_a_reference_entry_that_is_not_a_table_is_told_so(tmp_path, file, table):
    """topics = ["x"] instead of [[topics]] tables: in words, not pydantic's "instance of Topic"."""
    path = smallest_with_list(tmp_path, file, table, "['x']")
    assert f"{path}:(bank):{table}[0]: must be a table" in problems_of(tmp_path)


@pytest.mark.parametrize("count, minutes", [(1, 1), (4, 3), (12, 9), (15, 12), (84, 63)])
def test_a_quiz_takes_about_45_seconds_a_question_in_whole_minutes_rounded_up(count, minutes):
    """The home page's and a set's "about N minutes" (only the length of the questions counts)."""
    assert minutes_for((None,) * count) == minutes


def test_an_id_breaking_the_id_rule_gets_the_rule_in_words(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    bank = folder / "mini.toml"
    bank.write_text(bank.read_text().replace('id = "m-02"', 'id = "M_02"', 1))
    assert problems_of(folder) == [f"{bank}:M_02:id: must be lowercase letters, digits and single hyphens"]


def test_a_source_id_breaking_its_rule_gets_its_own_rule_in_words(tmp_path):
    """Source ids are capitals ("OV"), unlike every other id: the message must say so, or it cannot be followed."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    sources = folder / "sources.toml"
    sources.write_text(sources.read_text().replace('id = "OV"', 'id = "Overview"', 1))
    (first, *_) = problems_of(folder)
    assert first == f"{sources}:(bank):sources[0].id: must be 1 to 8 capital letters"
