"""`pip install .` ships templates, static files and banks, and the installed app works."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    # sdist first, then the wheel from it: what `pip install .` and PyPI users get.
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (built,) = out.glob("*.whl")
    return built


def test_wheel_carries_templates_static_and_banks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "static", "questions"):
        shipped = {n for n in names if n.startswith(f"quiz/{folder}/")}
        expected = {f"quiz/{folder}/{p.relative_to(ROOT / folder)}" for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert expected and expected <= shipped, folder


def test_installed_app_renders_a_page(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import quiz, sys\n"
        "app = quiz.create_app({'SECRET_KEY': 'x'})\n"
        "page = app.test_client().get('/').get_data(as_text=True)\n"
        "print(quiz.__file__)\n"
        "print(app.template_folder)\n"
        "print('Choose a quiz' in page, page.count('class=\"card\"'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(site)},
                            capture_output=True, text=True, check=True)
    module, templates, check = result.stdout.splitlines()
    assert module.startswith(str(site)) and templates.startswith(str(site / "quiz" / "templates"))
    found, cards = check.split()
    assert found == "True" and int(cards) >= 4
