"""Clinic staff pages with JavaScript off: the set builder, presenter view, QR code, worksheet and answer key."""

import re
from urllib.parse import unquote, urlencode

import pytest
import zxingcpp

from support import NOTICE, PAGE_BUDGET, QuizClient, form_for, soup, text_of
from quiz import sets
from quiz.reader import SET_NOT_FOUND
from quiz.questions import Question
from quiz.teaching import NAME_CHANGED, SET_READY, readable

TEN = ["basics-01", "basics-04", "basics-07", "basics-09", "basics-12",
       "dx-01", "dx-02", "dx-06", "dx-08", "dx-10"]
BAD_KEYS = ["~Class~0.basics-01.nope-1", "~Class~0.basics-01.01", "~Class~abc.basics-01", "~Class~0.",
            "~Class~0." + ".".join(f"x-{n}" for n in range(200)), "no-such-bank"]


def lib(app):
    return app.extensions["quiz.library"]


def build_url(name="Tuesday class", order="listed", ids=TEN) -> str:
    return "/teach/build?" + urlencode([("name", name), ("order", order)] + [("q", i) for i in ids])


def make_set(client, **form) -> str:
    """Send the builder form; return the set's key from the redirect."""
    response = client.get(build_url(**form))
    assert response.status_code == 303, text_of(response)
    match = re.fullmatch(r"/quiz/(~[^/]+)/", response.location)
    assert match, response.location
    return match.group(1)


def slide_stems(client, key: str, count: int) -> list[str]:
    pages = [soup(client.get(f"/quiz/{key}/present/{n}")) for n in range(1, count + 1)]
    return [page.h1.get_text(strip=True) for page in pages]


def correct_texts(q: Question) -> list[str]:
    if q.kind == "sort":
        return [q.category(item).label for item in q.items]
    return [c.text for c in q.choices if c.correct]


def test_builder_form_is_labelled_and_grouped(client, app):
    response = client.get("/teach/build")
    page = soup(response)
    assert response.status_code == 200
    assert [h.get_text() for h in page.find_all("h1")] == ["Build a set of questions"]
    form = page.find("form", class_="build-form")
    assert form["method"] == "get" and form["action"] == "/teach/build"
    name = form.find("input", attrs={"name": "name"})
    assert page.find("label", attrs={"for": name["id"]}).get_text() == "Name of the set"
    assert name["value"] == "Class questions"  # filled in, so a set can be built without typing a name
    legends = [f.legend.get_text(strip=True) for f in form.find_all("fieldset")]
    assert "Order of the questions" in legends
    for bank in lib(app).ordered():
        assert bank.title in legends
    assert {t.label for q in lib(app).questions.values() for t in [lib(app).topics[q.tags[0]]]} <= set(legends)
    boxes = form.find_all("input", attrs={"name": "q"})
    assert sorted(b["value"] for b in boxes) == sorted(lib(app).questions)
    for box in boxes:
        assert box.find_parent("label").get_text(strip=True) == lib(app).questions[box["value"]].stem
    assert page.find("a", attrs={"aria-current": "page"}).get_text() == "Build a set"


def test_build_then_open_gives_the_same_questions_in_the_same_order(client, app):
    listed = make_set(client)
    assert slide_stems(client, listed, 10) == [lib(app).questions[i].stem for i in TEN]
    shuffled = make_set(client, order="shuffled")
    order = [q.stem for q in lib(app).quiz(shuffled).questions]
    assert sorted(order) == sorted(lib(app).questions[i].stem for i in TEN) and order != slide_stems(client, listed, 10)
    # The same link, opened again anywhere, asks the same questions in the same order.
    assert slide_stems(client, shuffled, 10) == order
    assert slide_stems(client, shuffled, 10) == order
    intro = soup(client.get(f"/quiz/{shuffled}/"))
    assert intro.h1.get_text() == "Tuesday class"
    assert "10 questions · about 8 minutes" in intro.get_text()


def test_set_worksheet_and_key_follow_the_set_order(client, app):
    key = make_set(client, order="shuffled")
    order = [q.stem for q in lib(app).quiz(key).questions]
    for page in ("worksheet", "answer-key"):
        stems = [" ".join(h.get_text(" ").split()[1:]) for h in soup(client.get(f"/quiz/{key}/{page}")).select("h2.sheet-stem")]
        assert stems == order, page


@pytest.mark.parametrize("form, message, field", [
    ({"name": ""}, "Please give the set a name", "#set-name"),
    ({"ids": []}, "Please pick at least one question", "fieldset:has(#pick)"),
    ({"ids": TEN + ["tx-01", "tx-02"]}, f"Please pick at most {sets.MAX_QUESTIONS} questions. 12 are picked now.",
     "fieldset:has(#pick)"),
    ({"order": "sideways"}, "Please choose an order", "fieldset:has(#order-listed)"),
    ({"name": "You have cancer"}, "Please choose another name", "#set-name"),
])
def test_builder_explains_mistakes_and_keeps_the_picks(client, form, message, field):
    response = client.get(build_url(**form))
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    error = page.find(class_="error-message")
    assert message in error.get_text()
    # The message is tied to the one field it is about, so a screen reader reads it there too.
    tied = page.select(f'[aria-describedby~="{error["id"]}"]')
    assert tied == page.select(field) and len(tied) == 1
    assert tied[0]["aria-describedby"].split()[0] == error["id"]  # read before any hint
    assert [e.get("id") for e in page.select("[aria-invalid]")] == (["set-name"] if field == "#set-name" else [])
    kept = {box["value"] for box in page.find_all("input", attrs={"name": "q", "checked": True})}
    assert kept == set(form.get("ids", TEN))
    assert page.find("input", attrs={"name": "name"})["value"] == form.get("name", "Tuesday class")
    # Straight under the heading, so it is on a phone's first screen even without JavaScript.
    assert page.h1.find_next_sibling() is error


@pytest.mark.parametrize("key", BAD_KEYS)
def test_tampered_set_links_get_the_not_found_page(client, key):
    for page in ["", "present", "present/1", "present/end", "worksheet", "answer-key", "qr.svg", "1", "summary"]:
        response = client.get(f"/quiz/{key}/{page}")
        assert response.status_code == 404, page
        assert NOTICE in text_of(response) and "Page not found" in text_of(response)
        # Someone shared this link: the page says it was a set's, and what to ask for.
        assert (SET_NOT_FOUND in text_of(response)) == sets.is_set_key(key), page


def test_only_set_links_get_the_set_not_found_message(client):
    """A set that opens, asked for a question it does not have, is a plain 404: its link is fine."""
    good = "~Tuesday_class~0.basics-01.04"
    assert client.get(f"/quiz/{good}/").status_code == 200
    for url in ["/quiz/no-such-bank/", "/quiz/gep-net-basics/99", "/no/such/page", "/quiz/gep-net-basics/present/0",
                f"/quiz/{good}/3", f"/quiz/{good}/present/3", f"/quiz/{good}/3/feedback"]:
        response = client.get(url)
        assert response.status_code == 404 and "The link may be old or mistyped." in text_of(response), url
        assert SET_NOT_FOUND not in text_of(response), url


def test_tampered_set_cannot_be_started(client):
    token = QuizClient(client).token("/")
    assert client.post(f"/quiz/{BAD_KEYS[0]}/start", data={"csrf_token": token}).status_code == 404


def test_presenter_walkthrough_with_javascript_off(client, app):
    key = make_set(client)
    questions = lib(app).quiz(key).questions
    cover = soup(client.get(f"/quiz/{key}/present"))
    link = cover.find("a", attrs={"data-key": "next"})
    assert link.get_text(strip=True).startswith("Start with question 1")
    url = link["href"]
    for number, q in enumerate(questions, start=1):
        page = soup(client.get(url))
        assert page.h1.get_text() == q.stem and f"Question {number} of 10" in page.get_text()
        assert "Correct answer" not in page.get_text() and q.explanation not in page.get_text()
        reveal = page.find("a", attrs={"data-key": "reveal"})
        assert reveal.get_text() == "Show answer" and reveal["href"].endswith("?reveal=1")
        shown = soup(client.get(reveal["href"]))
        assert shown.h1.get_text() == q.stem
        assert q.explanation in shown.find(class_="explanation").get_text()
        assert "Source" in shown.find(class_="source").get_text()
        lines = [p.get_text() for p in shown.select(".item-feedback")]
        assert lines == [line for _, line in [*((c.text, c.feedback) for c in getattr(q, "choices", ())),
                                               *((i.text, i.feedback) for i in getattr(q, "items", ()))]]
        tags = " ".join(t.get_text(" ", strip=True) for t in shown.select(".tag-correct"))
        assert all(text in tags or text in shown.select_one(".slide-list").get_text() for text in correct_texts(q))
        hide = shown.find("a", string="Hide answer")
        assert hide["href"] == url.split("?")[0] and not hide.has_attr("data-key")  # no key hides it
        back = page.find("a", attrs={"data-key": "previous"})["href"]
        assert back == (f"/quiz/{key}/present" if number == 1 else f"/quiz/{key}/present/{number - 1}")
        url = page.find("a", attrs={"data-key": "next"})["href"]
    assert url == f"/quiz/{key}/present/end"
    recap = soup(client.get(url))
    items = recap.select(".recap-list > li")
    assert [li.select_one(".recap-stem").get_text(strip=True) for li in items] == [q.stem for q in questions]
    for li, q in zip(items, questions):
        assert all(text in li.get_text() for text in correct_texts(q))


def test_slides_are_numbered_lettered_and_pickable(client):
    page = soup(client.get("/quiz/gep-net-basics/present/2"))
    assert [s.get_text() for s in page.select(".slide-list .letter")] == ["A", "B", "C", "D", "E"][: len(page.select(".slide-list li"))]
    picker = page.find("details", class_="picker")
    assert picker.summary.get_text() == "Go to a question"
    links = picker.find_all("a")
    assert len(links) == 14 and links[1]["aria-current"] == "page"
    assert [a["href"] for a in links[:2]] == ["/quiz/gep-net-basics/present/1", "/quiz/gep-net-basics/present/2"]
    shortcuts = page.find(class_="shortcuts")
    assert [k.get_text() for k in shortcuts.find_all("kbd")] == ["→", "←", "Space"]  # no letter keys (WCAG 2.1.4)
    assert shortcuts.has_attr("hidden") and shortcuts.has_attr("data-js-only")  # the keys need JavaScript
    assert page.find(attrs={"data-presenter": True}) is not None


@pytest.mark.parametrize("url, status", [
    ("/quiz/gep-net-basics/present/0", 404), ("/quiz/gep-net-basics/present/15", 404),
    ("/quiz/gep-net-basics/present/x", 404), ("/quiz/gep-net-basics/present/3?reveal=yes", 200),
])
def test_presenter_bad_numbers_and_reveal_values(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "Correct answer" not in text_of(response)


def decode_qr(svg: str) -> str:
    """Rebuild the QR modules from the SVG path and read them as a phone camera would."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    dark, x, y = set(), 0.0, 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += float(a)
    scale = 4
    pixels = bytearray(b"\xff" * (size * scale) ** 2)
    for col, row in dark:
        for dy in range(scale):
            start = ((row * scale + dy) * size + col) * scale
            pixels[start:start + scale] = b"\x00" * scale
    # A quiet zone of 4 light modules all round, as the QR standard asks: without it, cameras misread.
    cols, rows = {c for c, _ in dark}, {r for _, r in dark}
    assert (min(cols), min(rows), size - 1 - max(cols), size - 1 - max(rows)) == (4, 4, 4, 4)
    image = memoryview(bytes(pixels)).cast("B", shape=[size * scale, size * scale])
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "the QR code could not be read"
    return found[0].text


@pytest.mark.parametrize("name", ["Tuesday class", "Café & Q&A: week 2"])
def test_qr_code_opens_the_set_and_is_drawn_here(client, name):
    key = make_set(client, name=name)
    cover = soup(client.get(f"/quiz/{key}/present"))
    img = cover.select_one("figure.qr img")
    assert img["src"] == f"/quiz/{key}/qr.svg" and img["alt"].startswith("QR code that opens ")
    link = cover.select_one("figure.qr a.share-link")
    assert link.get_text() == f"http://localhost/quiz/~{name.replace(' ', '_')}~0.basics-01.04.07.09.12.dx-01.02.06.08.10/"
    # On a slide, a long link may wrap after each "/" of its path, not inside a word.
    assert [str(part) for part in link.contents] == ["http://localhost/", "<wbr/>", "quiz/", "<wbr/>",
                                                     f"~{name.replace(' ', '_')}~0.basics-01.04.07.09.12.dx-01.02.06.08.10/"]
    response = client.get(img["src"])
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "style=" not in svg and "<script" not in svg and "http://www.w3.org/2000/svg" in svg
    assert decode_qr(svg) == link["href"] and unquote(link["href"]) == link.get_text()
    assert client.get(link["href"].removeprefix("http://localhost")).status_code == 200


def test_readable_links_are_escaped_around_their_break_points():
    """A link is shown as HTML with <wbr> in it: everything else in it must be escaped (names are user-chosen)."""
    shown = readable("https://clinic.example/quiz/~A_<b>_&_'x'~0.basics-01/")
    assert str(shown) == "https://clinic.example/<wbr>quiz/<wbr>~A_&lt;b&gt;_&amp;_&#39;x&#39;~0.basics-01/"
    # Typed as shown, "%41" or "#" would turn into another link: they stay coded.
    assert str(readable("https://clinic.example/quiz/~%2541_%23~0/")) == "https://clinic.example/<wbr>quiz/<wbr>~%2541_%23~0/"


def test_a_shown_link_typed_as_it_reads_opens_the_set(client):
    """A "?" in a set's name stays coded in the link people read: typed as it is, it still works."""
    key = make_set(client, name="Any questions?")
    link = soup(client.get(f"/quiz/{key}/present")).select_one("figure.qr a.share-link")
    assert link.get_text() == "http://localhost/quiz/~Any_questions%3F~0.basics-01.04.07.09.12.dx-01.02.06.08.10/"
    assert soup(client.get(link.get_text().removeprefix("http://localhost"))).h1.get_text() == "Any questions?"


def test_bank_qr_code_opens_the_bank(client):
    assert decode_qr(client.get("/quiz/treatment-goals/qr.svg").get_data(as_text=True)) == "http://localhost/quiz/treatment-goals/"


def test_with_a_public_url_no_host_header_changes_the_links_that_leave_the_screen(app):
    app.config["PUBLIC_URL"] = "https://quiz.example-clinic.org"
    client = app.test_client()
    key = make_set(client, name="Tuesday class")
    home = "https://quiz.example-clinic.org/quiz/"
    forged = {"Host": "evil.example"}
    for page in ("present", "present/end", "worksheet"):
        link = soup(client.get(f"/quiz/{key}/{page}", headers=forged)).select_one("figure.qr a.share-link")
        assert link["href"] == home + key + "/", page
    intro = soup(client.get(f"/quiz/{key}/", headers=forged)).select_one("a.share-link")
    assert intro.get_text() == home + key.replace("%20", " ") + "/"
    assert decode_qr(client.get(f"/quiz/{key}/qr.svg", headers=forged).get_data(as_text=True)) == home + key + "/"
    assert "evil.example" not in client.get("/quiz/gep-net-basics/worksheet", headers=forged).get_data(as_text=True)


def test_a_host_too_long_for_any_qr_code_is_a_bad_request(client):
    """Only a forged Host header makes a link this long; the page says so instead of failing."""
    response = client.get("/quiz/gep-net-basics/qr.svg", headers={"Host": "a." * 1500 + "a"})
    assert response.status_code == 400
    assert client.get("/quiz/gep-net-basics/qr.svg").status_code == 200


def test_worksheet_has_every_question_and_no_answers(client, app):
    for bank in lib(app).ordered():
        page = soup(client.get(f"/quiz/{bank.key}/worksheet"))
        text = page.get_text(" ")
        assert [h.get_text(" ", strip=True) for h in page.select("h2.sheet-stem")] == \
            [f"{n}. {q.stem}" for n, q in enumerate(bank.questions, 1)]
        assert "Name:" in text and "Date:" in text
        on_screen = page.find(id="on-screen")  # the tick boxes are not a form: the quiz is
        assert "no-print" in on_screen["class"] and on_screen.a["href"] == f"/quiz/{bank.key}/"
        assert "Correct" not in text
        assert not page.find(string=re.compile(r"^\s*Why\s*$")), "no explanation heading"
        for q, section in zip(bank.questions, page.select("section.sheet-q")):
            assert q.explanation not in text
            assert not any(line in text for line in q.feedback_lines())
            if q.kind == "sort":
                # On a narrow screen the table scrolls in a box the keyboard can reach.
                box = section.select_one("div.table-scroll")
                assert box["role"] == "region" and box["tabindex"] == "0"
                assert box["aria-labelledby"] == section.h2["id"]  # each named by its own question (a unique landmark)
                rows = section.select("tbody tr")
                assert [r.th.get_text() for r in rows] == [i.text for i in q.items]
                assert all([td.get_text() for td in r.find_all("td")] == [""] * len(q.categories) for r in rows)
            else:
                ticks = section.select(".tick-list li")
                assert [li.get_text(" ", strip=True) for li in ticks] == \
                    [f"{'ABCDEF'[i]} {c.text}" for i, c in enumerate(q.choices)]


def test_answer_key_has_answers_explanations_and_sources(client, app):
    for bank in lib(app).ordered():
        page = soup(client.get(f"/quiz/{bank.key}/answer-key"))
        assert page.h1.get_text() == f"Answer key: {bank.title}"
        sections = page.select("section.sheet-q")
        assert len(sections) == len(bank.questions)
        for q, section in zip(bank.questions, sections):
            text = section.get_text(" ")
            assert q.stem in text and q.explanation in text and "Source" in text
            answers = [li.get_text(" ", strip=True) for li in section.select(".key-answers li")]
            if q.kind == "sort":
                assert answers == [f"{i.text}: {q.category(i).label}" for i in q.items]
            else:
                assert answers == [f"{'ABCDEF'[n]}. {c.text}" for n, c in enumerate(q.choices) if c.correct]
        # Sources are numbered in the order the page first cites them, and listed once each.
        cited = [int(n) for span in page.select(".source") for n in re.findall(r"\d+", span.get_text())]
        firsts = list(dict.fromkeys(cited))
        assert firsts == list(range(1, len(firsts) + 1)) == list(range(1, len(page.select(".source-list li")) + 1))


def test_intro_pages_link_the_staff_tools(client):
    key = make_set(client)
    for quiz_key, shares in (("gep-net-basics", False), (key, True)):
        staff = soup(client.get(f"/quiz/{quiz_key}/")).find("section", class_="staff")
        assert staff.h2.get_text() == "For clinic staff"
        links = {a.get_text(): a["href"] for a in staff.find_all("a")}
        assert links["Present on a projector"] == f"/quiz/{quiz_key}/present"
        assert links["Worksheet to print"] == f"/quiz/{quiz_key}/worksheet"
        assert links["Answer key to print"] == f"/quiz/{quiz_key}/answer-key"
        assert links["Build your own set of questions"] == "/teach/build"
        assert (f"http://localhost/quiz/{quiz_key}/" in links) is shares


def staff_pages(key: str) -> list[str]:
    return [f"/quiz/{key}/present", f"/quiz/{key}/present/1", f"/quiz/{key}/present/3?reveal=1",
            f"/quiz/{key}/present/end", f"/quiz/{key}/worksheet", f"/quiz/{key}/answer-key"]


@pytest.mark.parametrize("url", ["/teach/build", build_url(name=""), *staff_pages("gep-net-basics"),
                                 *staff_pages("~Tuesday_class~0.basics-01.04.07.09.12.dx-01.02.06.08.10")])
def test_staff_pages_keep_the_house_rules(client, url):
    response = client.get(url)
    html = response.get_data(as_text=True)
    page = soup(response)
    assert response.status_code in (200, 400)
    assert NOTICE in text_of(response), "every page carries the notice"
    assert len(page.find_all("h1")) == 1
    assert not page.find(attrs={"style": True}) and not page.select("script:not([src])") and not page.select("style")
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    for field in page.find_all(["input", "select", "textarea"]):
        assert field.find_parent("label") or page.find("label", attrs={"for": field.get("id")})


WORST_CASES = f"Worst-case page weights, bytes of HTML + CSS + JS (at most {PAGE_BUDGET:,})"


def weight(client, url: str) -> int:
    """Weigh a page as the browser suite does: its HTML, stylesheet and script (not the icon)."""
    response = client.get(url)
    assert not 300 <= response.status_code < 400, (url, response.status_code)  # a page, not a redirect
    total = len(response.get_data())
    for tag, attr in (("link", "href"), ("script", "src")):
        for element in soup(response).find_all(tag, attrs={attr: True}):
            path = element[attr].partition("?")[0]
            if path.startswith("/static/") and path.endswith((".css", ".js")):
                with client.get(element[attr]) as static:
                    total += len(static.get_data())
    return total


def test_staff_pages_stay_light(client, app):
    biggest = max(lib(app).ordered(), key=lambda b: sum(len(t) for q in b.questions for _, t in q.texts()))
    for url in ["/teach/build", *staff_pages(biggest.key)]:
        assert weight(client, url) <= PAGE_BUDGET, url


def test_builder_with_too_many_picks_stays_light(client, app, noted):
    """The builder lists every question; sent back with an error it also ticks each pick again.
    Every box ticked, under the longest name of the character that grows most when escaped
    ("&" is allowed and is sent back as "&amp;"), must still fit."""
    picks = list(lib(app).questions)
    url = build_url(name="&" * sets.MAX_NAME, ids=picks)
    response = client.get(url)
    assert response.status_code == 400 and len(soup(response).select("input[name=q][checked]")) == len(picks)
    size = weight(client, url)
    noted(WORST_CASES, "set builder, every box ticked, sent back with an error", size)
    assert size <= PAGE_BUDGET
    # A longer name (only a hand-made link can send one) comes back cut to the longest allowed.
    longer = soup(client.get(build_url(name="x" * 500, ids=picks)))
    assert longer.find("input", attrs={"name": "name"})["value"] == "x" * sets.MAX_NAME


def answers(q: Question) -> list[dict]:
    """Form fields for every answer that can change how long a question's results entry is.

    Pick-several: every set of picks. One answer: each choice. Sort: the results line says only
    "right" or "missed" per item, so all wrong and each way of getting one item right.
    """
    if q.kind == "sort":
        wrong = form_for(q, right=False)
        return [wrong] + [{**wrong, f"item-{i.id}": i.category} for i in q.items]
    ids = [c.id for c in q.choices]
    if q.multiple:
        return [{"choice": [ids[n] for n in range(len(ids)) if mask >> n & 1]} for mask in range(1, 2 ** len(ids))]
    return [{"choice": [choice]} for choice in ids]


def test_the_heaviest_possible_set_stays_light(app, noted):
    """MAX_QUESTIONS is set by this: the heaviest questions, answered the heaviest way, under the
    longest name, must still fit every page, the results page too.

    Each question is weighed, with each of its answers, on the results page of a one-question
    set; the heaviest MAX_QUESTIONS, each with its heaviest answer, make the set. (Together they
    weigh a little less than the sum: a glossary term is linked only the first time on a page.)
    """
    def results_weight(forms: dict[str, dict]) -> tuple[int, str]:
        """Answer a set of these questions with these answers (by question id); weigh its results."""
        client = app.test_client()
        reader = QuizClient(client)
        qset = lib(app).quiz(sets.make_key("x" * sets.MAX_NAME, list(forms), 1))
        reader.start(qset.key)
        for number, q in enumerate(qset.questions, start=1):  # shuffled: seed 1
            saved = reader.answer(qset.key, number, **forms[q.id])
            assert saved.location.endswith(f"/{number}/feedback"), (q.id, forms[q.id])  # saved, not refused
        return weight(client, f"/quiz/{qset.key}/summary"), qset.key

    heaviest = {}  # question id -> (weight of its one-question results page, its heaviest answer)
    for qid, q in lib(app).questions.items():
        heaviest[qid] = max(((results_weight({qid: form})[0], form) for form in answers(q)), key=lambda pair: pair[0])
    ranked = sorted(heaviest, key=lambda qid: -heaviest[qid][0])[: sets.MAX_QUESTIONS]
    size, key = results_weight({qid: heaviest[qid][1] for qid in ranked})
    noted(WORST_CASES, f"results page of the heaviest possible {sets.MAX_QUESTIONS}-question set", size)
    assert size <= PAGE_BUDGET, (ranked, size)
    client = app.test_client()
    for url in staff_pages(key):
        assert weight(client, url) <= PAGE_BUDGET, url


@pytest.mark.parametrize("typed, shown", [("Día 2: ¿preguntas? & más #1", "Día 2: preguntas? & más 1"),
                                           ("A" * 70, "A" * 60),  # only a hand-made link: the field stops at 60
                                           ("  Tuesday   class ", None), ("Cafe\u0301 group", None)])
def test_a_name_with_marks_left_out_is_told_so(client, typed, shown):
    """The builder drops marks a link cannot hold: the new set's page says so, and says nothing if only spacing
    (or how a letter's accent was typed) changed."""
    response = client.get(build_url(name=typed))
    notices = [p.get_text() for p in soup(client.get(response.location)).select(".flash p")]
    assert notices == [SET_READY] + ([NAME_CHANGED.format(name=shown)] if shown else [])


def test_a_nurse_runs_a_class_from_two_banks(app):
    """Done means: build 10 questions from two banks, project them, the room scans and answers, reveal, print."""
    nurse, phone = app.test_client(), QuizClient(app.test_client())
    builder = soup(nurse.get("/teach/build"))
    banks = builder.select("fieldset.bank-group")
    picks = [box["value"] for group in banks[:2] for box in group.select("input[name=q]")[:5]]
    response = nurse.get(build_url(name="Tuesday class", order="shuffled", ids=picks))
    intro = soup(nurse.get(response.location))
    assert intro.select_one(".flash").get_text(strip=True) == SET_READY  # the link is at the page's end
    staff = {a.get_text(): a["href"] for a in intro.select("section.staff a")}
    cover = soup(nurse.get(staff["Present on a projector"]))
    svg = nurse.get(cover.select_one("figure.qr img")["src"]).get_data(as_text=True)
    room_link = decode_qr(svg).removeprefix("http://localhost")
    assert room_link == response.location
    key = room_link.split("/")[2]
    asked = lib(app).quiz(key).questions
    assert len(asked) == 10 and {lib(app).bank_of[q.id] for q in asked} == {"gep-net-basics", "functional-or-mechanical"}
    assert phone.page(room_link)[0].status_code == 200
    phone.start(key)
    slide = cover.find("a", attrs={"data-key": "next"})["href"]
    for number, q in enumerate(asked, start=1):
        shown = soup(nurse.get(slide))
        assert shown.h1.get_text() == q.stem == soup(phone.client.get(f"/quiz/{key}/{number}")).h1.get_text()
        right = {"choice": [c.id for c in q.choices if c.correct]} if q.kind != "sort" else \
            {f"item-{i.id}": i.category for i in q.items}
        assert phone.answer(key, number, **right).status_code == 303
        revealed = soup(nurse.get(shown.find("a", attrs={"data-key": "reveal"})["href"]))
        assert q.explanation in revealed.get_text()
        slide = shown.find("a", attrs={"data-key": "next"})["href"]
    assert "You scored 10 out of 10" in text_of(phone.client.get(f"/quiz/{key}/summary"))
    assert len(soup(nurse.get(slide)).select(".recap-list > li")) == 10
    for label in ("Worksheet to print", "Answer key to print"):
        printed = soup(nurse.get(staff[label]))
        assert [h.get_text(" ", strip=True) for h in printed.select("h2.sheet-stem")] == \
            [f"{n}. {q.stem}" for n, q in enumerate(asked, start=1)]


def test_builder_banks_are_headings_to_jump_between(app, client):
    """56 tick boxes: a screen reader's heading keys reach each quiz's group, which its legend names too."""
    page = soup(client.get("/teach/build"))
    titles = [bank.title for bank in lib(app).ordered()]
    outline = [(h.name, h.get_text(strip=True)) for h in page.select("main :is(h1, h2, h3)")]
    assert outline == [("h1", "Build a set of questions"), ("h2", "Pick the questions")] + [("h3", t) for t in titles]
    assert [g.legend.get_text(strip=True) for g in page.select("fieldset.bank-group")] == titles
