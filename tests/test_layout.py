"""The package keeps its shape: the domain (banks, scoring, state) never imports Flask."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
# Plain Python, tested directly: what a question bank holds, how answers score, what the cookie keeps.
DOMAIN = ["bank", "problems", "questions", "session_state", "sets", "glossary", "care_team", "safety", "readability"]
WEB = {"flask", "flask_wtf", "werkzeug", "itsdangerous", "gunicorn", "click"}


def imports(module: str) -> set[str]:
    """Return the top-level packages and the quiz modules a module imports."""
    found = set()
    for node in ast.walk(ast.parse((PACKAGE / f"{module}.py").read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x, from .x import y
                found.update(f".{name}" for name in ([node.module] if node.module else [a.name for a in node.names]))
            else:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_imports_nothing_of_the_web_side(module):
    found = imports(module)
    assert not found & WEB, f"quiz/{module}.py imports {sorted(found & WEB)}"
    own = {name[1:] for name in found if name.startswith(".")}
    assert own <= set(DOMAIN), f"quiz/{module}.py imports the web side: {sorted(own - set(DOMAIN))}"


def test_every_module_is_on_one_side():
    """A new module must be placed: domain (above) or web side (listed here), so the rule covers it."""
    web_side = {"__init__", "assets", "views", "reader", "learn", "teaching", "errors", "health", "security", "templating",
                "cookie", "config", "cli", "gunicorn_conf"}
    assert {p.stem for p in PACKAGE.glob("*.py")} == set(DOMAIN) | web_side
