"""Reader questions and solutions with computed results (issue 13, item 1).

Every content chapter (every page of ``_toc.yml`` under ``chapters/`` except the reference and
teacher pages in NOT_CONTENT) and every class lab (every page of ``_toc.yml`` under
``notebooks/``) has a "Check your reading" section with at least MIN_QUESTIONS questions a
reader answers from the page alone (``_ext/questions.py``). Each must work on the
static page with no kernel: its controls are written disabled and ``_static/questions.js``,
served by the book, enables them and gives feedback in a live region; with no JavaScript the
"Show the answer" fold still gives the answer. The browser test answers questions right and
wrong on every chapter, with the mouse and with the keyboard, and turns JavaScript off.

Across the chapters and labs together at least MIN_COMPUTED of the exercises' solutions show a
computed result on the page: a code cell's output (a gated ``solution-start``/``solution-end``
solution whose cells run at build time) or a number glued from the model. Every lab solution
does (a lab's solution code is also what its notebook twin shows folded, tests/test_teaching.py).

The tests marked ``build`` use the session's from-clean build (tests/conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from test_book_build import toc_files
from test_browser import base_url, chromium, html  # noqa: F401  (shared fixtures)

#: Pages under chapters/ that are not content chapters, and why they have no questions.
NOT_CONTENT = {
    "chapters/instructor_guide": "for teachers: how the book teaches, running the labs, adding a part",
    "chapters/instructor_guide_muscles": "for teachers: part 1's plans, misconceptions and answers",
    "chapters/instructor_guide_antagonist": "for teachers: part 2's plans, misconceptions and answers",
    "chapters/instructor_guide_walking": "for teachers: part 3's plans, misconceptions and answers",
    "chapters/instructor_guide_sitting": "for teachers: part 4's plans, misconceptions and answers",
    "chapters/guide_running": "for teachers: part 5's plans, misconceptions and answers",
    "chapters/glossary": "reference: definitions",
    "chapters/glossary_m_z": "reference: definitions",
    "chapters/notation": "reference: symbols and conventions",
    "chapters/performance": "appendix: benchmarks of the models and the build",
    "chapters/bibliography": "appendix: the list of sources",
}
MIN_QUESTIONS = 3
MIN_COMPUTED = 0.80
SECTION = "Check your reading"
QUESTION = re.compile(r"^(?P<fence>`{3,}|:{3,})\{question\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                      re.MULTILINE | re.DOTALL)


def content_chapters() -> list[str]:
    return [f for f in toc_files() if f.startswith("chapters/") and f not in NOT_CONTENT]


def labs() -> list[str]:
    """The class labs: every page of the table of contents under notebooks/."""
    return [f for f in toc_files() if f.startswith("notebooks/")]


def teaching_pages() -> list[str]:
    """The pages that must ask reader questions: content chapters and labs."""
    return content_chapters() + labs()


def source(name: str) -> str:
    return (ROOT / f"{name}.md").read_text(encoding="utf-8")


def test_the_content_chapters_are_the_teaching_pages():
    found = content_chapters()
    for name in ("chapters/claims", "chapters/levers_and_ropes", "chapters/evidence"):
        assert name in found
    assert not set(found) & set(NOT_CONTENT)


def test_the_labs_are_held_to_the_same_rule():
    found = labs()
    assert len(found) >= 4 and all(f.startswith("notebooks/lab") for f in found), found
    assert set(found) <= set(teaching_pages())


# ----------------------------------------------------------------------------- the sources

@pytest.mark.parametrize("name", teaching_pages())
def test_page_has_a_check_your_reading_section_with_questions(name):
    text = source(name)
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    checks = [s for s in sections if s.startswith(SECTION + "\n")]
    assert len(checks) == 1, f"one '## {SECTION}' section needed"
    questions = list(QUESTION.finditer(checks[0]))
    assert len(questions) >= MIN_QUESTIONS, f"{len(questions)} questions, {MIN_QUESTIONS} needed"
    assert len(QUESTION.findall(text)) == len(questions), f"questions belong in '## {SECTION}'"
    for q in questions:
        body = q["body"]
        answer = re.search(r"^:answer:[ \t]*(.*)$", body, re.MULTILINE)
        if answer:
            assert "{glue" in answer.group(1), "a numeric answer must be glued from the model"
            assert re.search(r"^:tolerance:", body, re.MULTILINE), "a numeric answer needs a tolerance"
        else:
            marks = re.findall(r"^- \[([ xX])\] ", body, re.MULTILINE)
            assert len(marks) >= 2 and sum(m != " " for m in marks) == 1, (
                f"a choice question needs >= 2 choices and exactly one '- [x]': {body[:120]!r}")


SOLUTION_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$"
    r"|^(?P<gfence>`{3,})\{solution-start\}[^\n]*\n.*?^(?P=gfence)[ \t]*\n(?P<gated>.*?)^`{3,}\{solution-end\}",
    re.MULTILINE | re.DOTALL)


def solutions_in(text: str) -> list[str]:
    return [m["body"] if m["body"] is not None else m["gated"] for m in SOLUTION_BLOCK.finditer(text)]


def computes(solution: str) -> bool:
    """A code cell that runs at build time, or a number glued from the model."""
    return bool(re.search(r"^`{3,}\{code-cell\}", solution, re.MULTILINE)) or "{glue" in solution


def test_solution_parser_reads_both_forms():
    text = ("````{solution} a\n:class: dropdown\n\n```python\nprint(1)\n```\n````\n\n"
            "```{solution-start} b\n:class: dropdown\n```\n\nText.\n\n"
            "```{code-cell} python\nprint(2)\n```\n\n```{solution-end}\n```\n\n"
            "````{solution} c\n:class: dropdown\n\nIt is {glue:text}`x:.1f`.\n````\n")
    found = solutions_in(text)
    assert len(found) == 3
    assert [computes(s) for s in found] == [False, True, True]


def computed_fraction(names: list[str]) -> tuple[int, int, dict[str, list[bool]]]:
    """How many of the pages' solutions show a computed result, of how many, page by page."""
    counts = {name: [computes(s) for s in solutions_in(source(name))] for name in names}
    return sum(sum(c) for c in counts.values()), sum(len(c) for c in counts.values()), counts


def test_the_fraction_counts_solutions_that_compute():
    """The rule can fail: a page of plain-code solutions is under MIN_COMPUTED."""
    plain = "````{solution} a\n:class: dropdown\n\n```python\nprint(1)\n```\n````\n"
    found = solutions_in(plain * 4 + "```{solution-start} b\n```\n\n```{code-cell} python\n"
                         "print(2)\n```\n\n```{solution-end}\n```\n")
    assert [computes(s) for s in found] == [False] * 4 + [True]
    assert sum(map(computes, found)) / len(found) < MIN_COMPUTED


def test_most_solutions_in_the_chapters_and_labs_compute_their_result():
    computed, total, counts = computed_fraction(teaching_pages())
    assert total >= 40, counts
    assert computed / total >= MIN_COMPUTED, (
        f"{computed} of {total} solutions show a computed result; "
        + ", ".join(f"{n}: {sum(c)}/{len(c)}" for n, c in counts.items()))


@pytest.mark.parametrize("name", labs())
def test_every_lab_solution_shows_its_result(name):
    computed, total, _ = computed_fraction([name])
    assert total >= 3 and computed == total, f"{computed} of {total} solutions compute a result"


# ------------------------------------------------------------------------ the built pages

def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
@pytest.mark.parametrize("name", teaching_pages())
def test_built_questions_work_without_a_kernel_and_degrade_without_javascript(book, name):
    assert book.returncode == 0, book.log[-3000:]
    page = book.html / f"{name}.html"
    doc = _soup(page)
    questions = doc.select("div.hs-question")
    assert len(questions) >= MIN_QUESTIONS, name
    scripts = [s.get("src", "") for s in doc.find_all("script")]
    styles = [s.get("href", "") for s in doc.find_all("link", rel="stylesheet")]
    local = [s for s in scripts if s.split("?")[0].endswith("_static/questions.js")]
    assert local and not local[0].startswith("http"), f"{name}: questions.js is not served by the book"
    assert any(s.split("?")[0].endswith("_static/questions.css") for s in styles), name
    assert (book.html / "_static" / "questions.js").is_file()
    ids = set()
    for q in questions:
        ids.add(q["id"])
        form = q.select_one("fieldset.hs-question-form")
        # Written disabled: only the script makes the controls live.
        assert form is not None and form.has_attr("disabled"), f"{name}: {q['id']}"
        assert form.select_one("legend").get_text(strip=True).startswith("Question")
        assert q.select_one(".hs-question-stem").get_text(strip=True)
        feedback = q.select_one(".hs-question-feedback")
        assert feedback is not None and feedback.get("role") == "status"
        assert q.select_one("button.hs-question-check[type=button]") is not None
        answer = q.select_one("details.hs-question-answer")
        assert answer is not None and not answer.has_attr("open")
        shown = answer.get_text(" ", strip=True)
        assert shown.startswith("Show the answer Answer:"), shown[:80]
        if q["data-kind"] == "choice":
            radios = q.select("input[type=radio]")
            assert len(radios) >= 2
            assert 0 <= int(q["data-correct"]) < len(radios)
            for radio in radios:
                label = q.select_one(f'label[for="{radio["id"]}"]')
                assert label is not None and label.get_text(strip=True), f"{name}: unlabelled choice"
            letter = "ABCDEFGH"[int(q["data-correct"])]
            assert f"Answer: {letter}." in shown
        else:
            box = q.select_one("input[type=text]")
            assert box is not None and q.select_one(f'label[for="{box["id"]}"]') is not None
            value, tolerance = float(q["data-answer"]), float(q["data-tolerance"])
            assert tolerance > 0
            shown_number = re.search(r"Answer:\s*([-+\u2212]?[\d.]+)", shown).group(1)
            assert abs(float(shown_number.replace("\u2212", "-")) - value) < 1e-9, (
                f"{name}: the answer shown ({shown_number}) is not the one checked ({value})")
    assert len(ids) == len(questions), f"{name}: duplicate question ids"


@pytest.mark.build
def test_built_solutions_show_computed_results(book):
    total = computed = 0
    report = []
    for name in teaching_pages():
        doc = _soup(book.html / f"{name}.html")
        solutions = doc.select("div.solution")
        shows = [bool(s.select(".cell_output")) or bool(s.select(".pasted-text, .pasted-inline"))
                 for s in solutions]
        for s in solutions:
            if s.select(".cell_output"):
                assert s.select_one(".cell_output").get_text(strip=True), f"{name}: empty output"
        total += len(shows)
        computed += sum(shows)
        report.append(f"{name}: {sum(shows)}/{len(shows)}")
    assert total >= 40
    assert computed / total >= MIN_COMPUTED, f"{computed}/{total}: " + ", ".join(report)


# ------------------------------------------------------------------------------- in Chromium

def _settled_text(locator, prefix: str, timeout_ms: int = 5000) -> str:
    """The locator's text once it starts with ``prefix`` (or whatever it says at the timeout)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    handle = locator.element_handle()
    try:
        locator.page.wait_for_function(
            "([el, prefix]) => el.textContent.startsWith(prefix)", arg=[handle, prefix],
            timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    return locator.text_content()


@pytest.mark.build
@pytest.mark.browser
def test_questions_give_feedback_in_the_browser_with_no_kernel(chromium, base_url):  # noqa: F811
    from browser_support import Visitor

    visitor = Visitor(chromium, base_url, "light")
    failures = []
    try:
        for name in teaching_pages():
            with visitor.open(f"{name}.html") as (page, visit):
                page.wait_for_selector("div.hs-question.hs-question-ready")
                n = page.locator("div.hs-question").count()
                ready = page.locator("div.hs-question.hs-question-ready fieldset:enabled").count()
                if ready != n:
                    failures.append(f"{name}: {n - ready} questions not enabled by the script")
                choice = page.locator('div.hs-question[data-kind="choice"]').first
                correct = int(choice.get_attribute("data-correct"))
                radios = choice.locator("input[type=radio]")
                wrong = 0 if correct else 1
                feedback = choice.locator(".hs-question-feedback")
                # Wrong, by mouse (a click on the label).
                choice.locator(f'label[for="{radios.nth(wrong).get_attribute("id")}"]').click()
                choice.locator("button.hs-question-check").click()
                text = _settled_text(feedback, "Not ")
                if not text.startswith("Not ") or choice.locator("details[open]").count():
                    failures.append(f"{name}: wrong choice gave {text!r}")
                # Right, by keyboard: focus the checked radio, arrow to the right one, Tab, Enter.
                radios.nth(wrong).focus()
                for _ in range(abs(correct - wrong)):
                    page.keyboard.press("ArrowDown" if correct > wrong else "ArrowUp")
                if not radios.nth(correct).is_checked():
                    failures.append(f"{name}: the arrow keys did not move the choice")
                    radios.nth(correct).check()
                page.keyboard.press("Tab")
                focused = page.evaluate("document.activeElement.className")
                if "hs-question-check" not in focused:
                    failures.append(f"{name}: Tab from the choices lands on {focused!r}")
                page.keyboard.press("Enter")
                text = _settled_text(feedback, "Right")
                if not text.startswith("Right") or not choice.locator("details[open]").count():
                    failures.append(f"{name}: right choice gave {text!r}")
                numbers = page.locator('div.hs-question[data-kind="number"]')
                if numbers.count():
                    q = numbers.first
                    value = float(q.get_attribute("data-answer"))
                    tolerance = float(q.get_attribute("data-tolerance"))
                    box = q.locator("input[type=text]")
                    box.fill(f"{value + 3 * tolerance + 1:g}")
                    box.press("Enter")
                    text = _settled_text(q.locator(".hs-question-feedback"), "Too high")
                    if not text.startswith("Too high"):
                        failures.append(f"{name}: a number too high gave {text!r}")
                    box.fill(f"{value + 0.5 * tolerance:g}")
                    q.locator("button.hs-question-check").click()
                    text = _settled_text(q.locator(".hs-question-feedback"), "Right")
                    if not text.startswith("Right"):
                        failures.append(f"{name}: a number within the tolerance gave {text!r}")
                # The page's other problems (the theme's CDN requests) are test_browser's.
                ours = [p for p in visit.problems if "questions" in f"{p.source} {p.text}"]
                if ours:
                    failures.append(f"{name}: {ours}")
    finally:
        visitor.close()
    assert not failures, "\n".join(failures)


@pytest.mark.build
@pytest.mark.browser
def test_questions_without_javascript_look_disabled_and_still_answer(chromium, base_url):  # noqa: F811
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "chapters/levers_and_ropes.html")
        question = page.locator("div.hs-question").first
        assert question.locator("fieldset").get_attribute("disabled") is not None
        controls = question.locator("input, button")
        assert controls.count() >= 3
        for i in range(controls.count()):
            assert controls.nth(i).is_disabled(), "a control looks live with no script to run it"
        question.locator("details.hs-question-answer > summary").click()
        assert question.locator("details.hs-question-answer").get_attribute("open") is not None
        assert "Answer:" in question.locator("details.hs-question-answer").inner_text()
    finally:
        context.close()
