"""`flask --app quiz banks check` and start-up refusal on broken banks."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from support import FIXTURES, QUESTIONS, make_questions_dir
from quiz import create_app
from quiz.bank import BankError, bank_files
from quiz.cli import banks


def run(*args, env=None):
    return CliRunner().invoke(banks, ["check", *map(str, args)], env=env)


def test_check_summarises_every_bundled_bank():
    result = run(env={"QUIZ_QUESTIONS_DIR": str(QUESTIONS)})
    assert result.exit_code == 0, result.output
    *banks, glossary, care_team, total = result.output.splitlines()
    assert len(banks) == len(bank_files(QUESTIONS)) >= 4
    assert total.startswith(f"OK: {len(banks)} banks, ")
    for line in banks:
        assert " questions (" in line and "mean reading grade " in line
    assert glossary.startswith("glossary: ") and glossary.endswith(" terms")
    assert care_team.startswith("care-team questions: ")


def test_check_named_files(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    result = run(folder / "mini.toml")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith(
        "mini.toml: 3 questions (1 multiple, 1 single, 1 sort); mean reading grade 4.1")


def test_check_names_the_folder_it_read(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    assert run(env={"QUIZ_QUESTIONS_DIR": str(folder)}).output.splitlines()[-1] == f"OK: 1 banks, 3 questions, in {folder}"


def test_a_named_file_is_checked_against_the_other_banks(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    copy = folder / "copy.toml"
    copy.write_text((folder / "mini.toml").read_text())  # the same question ids in a second bank
    result = run(copy)
    assert result.exit_code == 1
    assert ":m-01:id: question id is also used in " in result.output, result.output


def test_a_draft_kept_elsewhere_stands_in_for_its_bank(tmp_path):
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml")
    draft = tmp_path / "drafts" / "mini.toml"
    draft.parent.mkdir()
    draft.write_text((folder / "mini.toml").read_text())
    result = run(draft, env={"QUIZ_QUESTIONS_DIR": str(folder)})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith(f"{draft}: 3 questions")


@pytest.mark.parametrize("name", ["glossary.toml", "topics.toml"])
def test_a_reference_file_kept_elsewhere_is_refused_not_passed_over(tmp_path, name):
    """A glossary draft in a folder of its own: checking the served folder's glossary instead would say OK."""
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "mini.toml")
    draft = tmp_path / "drafts" / name
    draft.parent.mkdir()
    draft.write_text("this is not = = TOML")
    result = run(draft, env={"QUIZ_QUESTIONS_DIR": str(folder)})
    assert result.exit_code == 1 and "OK:" not in result.output
    assert f"{draft}: {name} is checked only with the rest of its own folder" in result.output
    # Beside its folder's sources.toml, the same draft is checked, and its problem named.
    (folder / "glossary.toml").write_text("this is not = = TOML")
    result = run(folder / "glossary.toml", folder / "mini.toml")
    assert result.exit_code == 1 and str(folder / "glossary.toml") in result.output, result.output
    assert "is checked only with" not in result.output
    # And a sound one, named in its own folder, passes.
    result = run(QUESTIONS / name)
    assert result.exit_code == 0 and result.output.splitlines()[-1].startswith("OK: "), result.output


def test_check_prints_every_problem_and_exits_1(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "broken.toml", FIXTURES / "mini.toml")
    result = run(env={"QUIZ_QUESTIONS_DIR": str(folder)})
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) >= 18
    assert f"{folder / 'broken.toml'}:two-right:choices: single-choice questions need exactly one correct choice (found 2)" in lines
    assert all(line.startswith(str(folder / "broken.toml") + ":") for line in lines)


def test_app_refuses_to_start_with_the_same_messages(tmp_path, caplog):
    folder = make_questions_dir(tmp_path, FIXTURES / "broken.toml")
    with pytest.raises(BankError) as caught:
        create_app({"QUESTIONS_DIR": str(folder), "SECRET_KEY": "x"})
    expected = run(env={"QUIZ_QUESTIONS_DIR": str(folder)}).output.splitlines()
    assert str(caught.value).splitlines() == expected
    assert "Refusing to start" in caplog.text and expected[0] in caplog.text


@pytest.mark.parametrize("broken", ["bank", "key"])
def test_flask_run_refuses_with_the_reason_alone(tmp_path, broken):
    """The README's run command on a broken bank or, in production, with no key: no traceback to read past."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QUIZ_")}
    if broken == "bank":
        env["QUIZ_QUESTIONS_DIR"] = str(make_questions_dir(tmp_path, FIXTURES / "broken.toml"))
        reason = "broken.toml:two-right:choices: single-choice questions need exactly one correct choice"
    else:
        env["QUIZ_ENV"] = "production"
        reason = "Error: Refusing to start: QUIZ_SECRET_KEY is not set: set it to a long random string"
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "quiz", "run", "--port", "5999"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert reason in done.stderr
    assert "Error: Refusing to start: " in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.stderr + done.stdout


def test_a_named_file_that_cannot_be_read_is_named_with_the_reason(tmp_path):
    """A typo in a path on the command line: the author is told which file and why, not shown a traceback."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    result = run(folder / "mnii.toml")
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{folder / 'mnii.toml'}:(bank):file: cannot be read: No such file or directory"]


def test_a_file_that_is_not_toml_is_named_as_the_whole_file(tmp_path):
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    (folder / "mini.toml").write_text("title = 'x'\n[[questions]\n")
    result = run(folder / "mini.toml")
    assert result.exit_code == 1
    assert result.output.startswith(f"{folder / 'mini.toml'}:(bank):file: is not valid TOML: ")
