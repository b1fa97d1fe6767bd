"""The glossary: its checks, its page, and terms linked once per page, never in headings, labels or links."""

import shutil
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from markupsafe import Markup

from support import FIXTURES, QUESTIONS, make_questions_dir, problems_of, soup
from quiz import create_app
from quiz.bank import BankError, bank_files, load_library
from quiz.cli import banks
from quiz.glossary import Glossary, Term

# The terms the issue asks for, by the id of the entry that defines them.
REQUIRED = ["neuroendocrine-cell", "hormone", "functional", "non-functional", "mechanical", "pancreas", "gi-tract",
            "tumor-marker", "biopsy", "ct-scan", "mri", "pet-scan", "endoscopy", "stage", "tnm", "lymph-node",
            "metastasis", "grade", "differentiation", "ssa", "targeted-therapy", "prrt", "chemotherapy"]
NOT_INSIDE = ("h1", "h2", "h3", "h4", "h5", "h6", "label", "legend", "a", "title")


def term(id, name, *forms):
    return Term(id=id, term=name, forms=forms, definition="A test definition.", facts=["cells"])


@pytest.fixture
def glossary():
    return Glossary([term("hormone", "Hormone", "hormones"), term("functional", "Functional"),
                     term("non-functional", "Non-functional"), term("lymph-node", "Lymph node", "lymph nodes"),
                     term("pet-scan", "PET scan", "PET"), term("ssa", "SSA", "SSAs", "somatostatin analog")])


def links(markup):
    """Return (text, href) of every link in a piece of markup."""
    return [(a.get_text(), a["href"]) for a in BeautifulSoup(str(markup), "html.parser").find_all("a")]


# --- linking, as a pure function -------------------------------------------------

def test_links_only_the_first_use_on_a_page(glossary):
    seen = set()
    first = glossary.link("Hormones run many jobs. A hormone is a substance.", seen)
    assert links(first) == [("Hormones", "/glossary#term-hormone")]
    assert str(first).endswith("A hormone is a substance.")
    # The same set is the same page: a later paragraph does not link the term again.
    assert links(glossary.link("Extra hormone, and a functional tumor.", seen)) == [
        ("functional", "/glossary#term-functional")]
    assert seen == {"hormone", "functional"}
    assert links(glossary.link("A hormone.", set())) == [("hormone", "/glossary#term-hormone")]


def test_whole_words_longest_forms_and_acronym_case(glossary):
    text = ("A non-functional tumor, dysfunctional or functionally odd; two lymph nodes; "
            "a pet, a PET scan, somatostatin analogs and SSAs.")
    assert links(glossary.link(text, set())) == [
        ("non-functional", "/glossary#term-non-functional"),
        ("lymph nodes", "/glossary#term-lymph-node"),
        ("PET scan", "/glossary#term-pet-scan"),
        ("SSAs", "/glossary#term-ssa"),
    ]
    assert links(glossary.link("FUNCTIONAL, Lymph\nNode", set())) == [
        ("FUNCTIONAL", "/glossary#term-functional"), ("Lymph\nNode", "/glossary#term-lymph-node")]
    assert links(glossary.link("ssa and pet are not acronyms here", set())) == []


def test_text_is_escaped_and_links_point_where_asked(glossary):
    result = glossary.link('<b>SSA</b> & "hormone" <script>', set(), href="/app/glossary")
    assert isinstance(result, Markup)
    note = 'aria-describedby="term-note"'
    assert str(result) == (f'&lt;b&gt;<a class="term" href="/app/glossary#term-ssa" {note}>SSA</a>&lt;/b&gt; &amp; '
                           f'&#34;<a class="term" href="/app/glossary#term-hormone" {note}>hormone</a>&#34; &lt;script&gt;')
    assert str(Glossary().link("<i>hormone</i>", set())) == "&lt;i&gt;hormone&lt;/i&gt;"


def test_markup_is_left_alone(glossary):
    html = Markup('<a href="/x">hormone</a> and SSAs')
    seen = set()
    assert glossary.link(html, seen) is html and not seen


# --- the glossary file's checks --------------------------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = make_questions_dir(tmp_path_factory.mktemp("glossary"), FIXTURES / "mini.toml")
    shutil.copy(FIXTURES / "glossary-broken.toml", folder / "glossary.toml")
    with pytest.raises(BankError) as caught:
        load_library(folder)
    return folder, caught.value.problems


EXPECTED = [
    "ok:id: term id is used more than once",
    "made-up:facts: unknown fact id 'no-such-fact' (see sources.toml)",
    "empty:definition: must not be empty",
    "too-long:definition: is too long (458 characters; at most 400)",
    "diagnoses:definition: diagnostic or advice wording is not allowed (second-person diagnosis): 'you may have'",
    "shared-form:forms[0]: 'stage' is already a form of term 'ok'",
    "shared-form:forms[1]: 'HORMONE' is already a form of term 'ok'",
    "edges:forms[0]: '(CT)' must start and end with a letter or digit",
    "extra:colour: is not a known field",
    "jargon:reading-grade: reading grade ",
    "terms[10]:id: is required",
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_each_broken_glossary_rule_is_reported(broken, expected):
    folder, problems = broken
    lines = [str(p) for p in problems]
    assert any(line.startswith(f"{folder / 'glossary.toml'}:{expected}") for line in lines), "\n".join(lines)


def test_cli_check_reports_glossary_problems_and_fails(broken):
    folder, problems = broken
    result = CliRunner().invoke(banks, ["check"], env={"QUIZ_QUESTIONS_DIR": str(folder)})
    assert result.exit_code == 1
    assert result.output.splitlines() == [str(p) for p in problems]
    with pytest.raises(BankError):
        create_app({"QUESTIONS_DIR": str(folder), "SECRET_KEY": "x"})


def test_reference_files_are_not_banks(tmp_path):
    assert {"glossary.toml", "care-team.toml"}.isdisjoint(p.name for p in bank_files(QUESTIONS))
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    shutil.copy(QUESTIONS / "glossary.toml", folder)
    result = CliRunner().invoke(banks, ["check", str(folder / "mini.toml"), str(folder / "glossary.toml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"OK: 1 banks, 3 questions, in {folder}"


def test_bundled_glossary_covers_the_required_terms():
    library = load_library(QUESTIONS)
    ids = [t.id for t in library.glossary.terms]
    assert set(REQUIRED) <= set(ids)
    assert all(t.facts and library.sources_for(t) for t in library.glossary.terms)


# --- pages -----------------------------------------------------------------------

@pytest.fixture
def words(tmp_path):
    """A client for an app serving the words fixture bank with the bundled glossary."""
    folder = make_questions_dir(tmp_path / "questions", FIXTURES / "words.toml")
    shutil.copy(QUESTIONS / "glossary.toml", folder)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
                      "QUESTIONS_DIR": str(folder)})
    client = app.test_client()
    client.post("/quiz/words/start")
    return client


def term_links(page):
    return page.find_all("a", class_="term")


def test_glossary_page_lists_terms_alphabetically_with_anchors_and_sources(app, client):
    response = client.get("/glossary")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text() == "Glossary"
    entries = page.select("dl.glossary > dt")
    names = [dt.get_text() for dt in entries]
    assert names == sorted(names, key=str.casefold) and len(names) >= len(REQUIRED)
    for dt in entries:
        assert dt["id"].startswith("term-") and dt.dfn.get_text() == dt.get_text()
        dd = dt.find_next_sibling("dd")
        assert dd.p.get_text() and dd.select_one(".source cite"), dt["id"]
    # Each entry names its sources by their short titles; the About page has them in full.
    shorts = {s.short for s in app.extensions["quiz.library"].sources.values()}
    assert {cite.get_text() for cite in page.select("dl.glossary .source cite")} == shorts
    # Sources are named on each entry; their dates are given once, on the About page.
    assert page.find("a", string="About page")["href"] == "/about" and "updated" not in page.select_one("dl").get_text()
    ssa = page.find(id="term-ssa")
    assert ssa.get_text() == "SSA" and "somatostatin analog" in ssa.find_next_sibling("dd").get_text()
    letters = [a["href"] for a in page.select(".letter-list a")]
    assert letters and all(page.find(id=href[1:]) for href in letters)
    nav = page.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", string="Glossary")["aria-current"] == "page"


def test_every_term_link_lands_on_an_entry(words, client):
    dts = soup(client.get("/glossary")).select("dl.glossary > dt")
    # Focusable by script and by a link's #fragment only, so a screen reader starts at the entry.
    assert all(dt["tabindex"] == "-1" for dt in dts)
    entries = {dt["id"] for dt in dts}
    words.post("/quiz/words/1", data={"question": "w-01", "choice": "b"})
    words.post("/quiz/words/2", data={"question": "w-02", "item-flush": "functional", "item-pain": "functional"})
    for url in ("/quiz/words/1/feedback", "/quiz/words/2/feedback", "/quiz/words/summary"):
        page = soup(words.get(url))
        found = term_links(page)
        assert found, url
        for link in found:
            path, anchor = link["href"].split("#")
            assert path == "/glossary" and anchor in entries, (url, link)
            # A screen reader hears where the word leads, not only the word.
            note = page.find(id=link["aria-describedby"])
            assert note.get_text() == "Opens what this word means, in the glossary.", (url, link)


def test_feedback_links_each_term_once_and_not_in_the_heading(words):
    words.post("/quiz/words/1", data={"question": "w-01", "choice": "b"})
    page = soup(words.get("/quiz/words/1/feedback"))
    found = term_links(page)
    assert Counter(a["href"] for a in found).most_common(1)[0][1] == 1
    # The stem recap holds the first "SSA" (SSAs is the same term) and "functional tumor"; the first
    # choice the first "hormones". The explanation repeats all three, so links none of them.
    assert [(a.get_text(), a.find_parent("p")["class"]) for a in found] == [
        ("SSA", ["stem-recap"]), ("functional tumor", ["stem-recap"]), ("hormones", ["review-text"])]
    assert "SSAs can lower the hormones a functional tumor" in page.select_one(".explanation p").get_text()
    assert page.select_one(".explanation p").find("a") is None
    for link in found:
        assert link.find_parent(NOT_INSIDE) is None, link


def test_question_page_leaves_the_stem_heading_and_labels_unlinked(words):
    for number in (1, 2):
        page = soup(words.get(f"/quiz/words/{number}"))
        assert "functional" in page.h1.get_text()
        assert page.h1.find("a") is None
        assert not page.select("label a, legend a, fieldset a.term")


def test_bank_text_that_looks_like_html_is_shown_as_text(words):
    words.post("/quiz/words/1", data={"question": "w-01", "choice": "b"})
    response = words.get("/quiz/words/1/feedback")
    page = soup(response)
    picked = page.select(".review-text")[1]
    assert picked.get_text(" ", strip=True).endswith("Read <b>SSA</b> & <script>x</script> as text")
    assert picked.find("b") is None and picked.find("script") is None
    assert "&lt;script&gt;x&lt;/script&gt;" in response.get_data(as_text=True)


def test_summary_links_each_term_at_most_once(words):
    words.post("/quiz/words/1", data={"question": "w-01", "choice": "a"})
    words.post("/quiz/words/2", data={"question": "w-02", "item-flush": "functional", "item-pain": "mechanical"})
    page = soup(words.get("/quiz/words/summary"))
    hrefs = [a["href"] for a in term_links(page)]
    assert len(hrefs) == len(set(hrefs)) >= 4
    assert {"/glossary#term-ssa", "/glossary#term-functional", "/glossary#term-mechanical",
            "/glossary#term-hormone"} <= set(hrefs)
    for link in term_links(page):
        assert link.find_parent(NOT_INSIDE) is None, link


def test_each_page_starts_a_fresh_set(words):
    words.post("/quiz/words/1", data={"question": "w-01", "choice": "a"})
    for _ in range(2):
        recap = soup(words.get("/quiz/words/1/feedback")).select_one(".stem-recap")
        assert [a.get_text() for a in recap.find_all("a")] == ["SSA", "functional tumor"]


# --- limits and names a mutation run of glossary.py found unpinned ------------------

FACTS = ["cells", "hormone-roles", "origin", "gep-meaning", "pancreatic", "extrapancreatic", "rarity"]


def glossary_problems_for(tmp_path, entries: str) -> list[str]:
    """Load the mini bank with a glossary of entries (TOML [[terms]] tables); return each problem as
    "item:field: message", or [] if it loads."""
    folder = make_questions_dir(tmp_path, FIXTURES / "mini.toml")
    (folder / "glossary.toml").write_text(entries)
    return [problem.split(":", 1)[1] for problem in problems_of(folder)]


def entry(id, name, forms=(), facts=("cells",), definition="A test definition."):
    return (f'[[terms]]\nid = "{id}"\nterm = "{name}"\nforms = {list(forms)!r}\n'
            f'definition = "{definition}"\nfacts = {list(facts)!r}\n').replace("'", '"')


@pytest.mark.parametrize("count, problem", [(10, None), (11, "too-many:forms: allows at most 10 entries")])
def test_a_term_has_up_to_ten_other_forms(tmp_path, count, problem):
    """docs/authoring.md: forms are optional, up to 10."""
    forms = [f"form{i}" for i in range(count)]
    assert glossary_problems_for(tmp_path, entry("too-many", "Many", forms)) == ([problem] if problem else [])


@pytest.mark.parametrize("count, problem", [(0, "few:facts: needs at least 1 entry"), (1, None), (6, None),
                                            (7, "few:facts: allows at most 6 entries")])
def test_a_term_rests_on_one_to_six_facts(tmp_path, count, problem):
    """docs/authoring.md: 1 to 6 fact ids; with none the glossary page could name no source for the term."""
    assert glossary_problems_for(tmp_path, entry("few", "Few", facts=FACTS[:count])) == ([problem] if problem else [])


def test_problems_with_the_term_itself_are_named_term(tmp_path):
    """Forms are named forms[n]; the term's own spelling is named "term", for edges, wording and repeats."""
    problems = glossary_problems_for(tmp_path, entry("edge", "(CT)") + entry("advice", "Your scan")
                                     + entry("first", "Hormone") + entry("again", "hormone"))
    assert problems == [
        "edge:term: '(CT)' must start and end with a letter or digit",
        "advice:term: diagnostic or advice wording is not allowed (speaks about the reader's own health): 'Your scan'",
        "again:term: 'hormone' is already a form of term 'first'; each form may link to one term only",
    ]


def test_a_form_repeating_its_own_term_is_named_as_such(tmp_path):
    assert glossary_problems_for(tmp_path, entry("node", "Lymph node", ["lymph  NODE"])) == [
        "node:forms[0]: 'lymph  NODE' is already a form of this term; each form may link to one term only"]


@pytest.mark.parametrize("text", ["", "terms = []\n", "terms = 'Hormone'\n"])
def test_a_glossary_file_without_terms_says_so(tmp_path, text):
    assert glossary_problems_for(tmp_path, text) == ["(bank):terms: needs at least one [[terms]] table"]


def test_an_unknown_key_outside_the_terms_is_named(tmp_path):
    """A setting typed above the first [[terms]] table is a mistake to fix, not a value to ignore."""
    assert glossary_problems_for(tmp_path, 'colour = "blue"\n' + entry("ok", "Okay")) == [
        "(bank):colour: is not a known field"]


def test_a_term_without_an_id_is_named_by_its_position(tmp_path):
    problems = glossary_problems_for(tmp_path, entry("ok", "Okay") + entry("", "Blank"))
    assert problems and all(line.startswith("terms[1]:id: ") for line in problems), problems


def test_a_term_that_is_not_a_table_is_told_so_in_words(tmp_path):
    assert glossary_problems_for(tmp_path, 'terms = ["Hormone"]\n') == ["terms[0]:(table): must be a table"]
