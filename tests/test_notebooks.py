"""The notebooks students open are plain notebooks: no raw MyST, solutions folded, pinned install.

Every notebook in ``chapters/`` and ``notebooks/`` is a twin that ``tools/pair_notebooks.py``
writes from a MyST page (``tools/plain_notebook.py`` does the conversion). JupyterLab,
Notebook 7, VS Code and Colab render CommonMark, HTML and ``$`` maths, and no MyST, so:

- no Markdown cell may hold a MyST role (``{cite:p}`key```), directive fence (```` ```{note} ````,
  ``:::{note}``), directive option (``:label:``, ``:class:``), target (``(label)=``), cell break
  (``+++``), comment (``% ...``) or substitution (``{{ x }}``), outside code;
- no solution may be shown unfolded: every solution of the page is one ``<details>`` Markdown
  cell, and no line of a solution's text is visible outside a ``<details>`` element;
- the install cell installs the release ``v<hamstrings.__version__>``, never a branch.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from test_teaching import exercises_and_solutions, pair

import hamstrings

plain = __import__("plain_notebook")  # tools/ is on sys.path once pair_notebooks is loaded


def notebooks() -> list[Path]:
    return sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("notebooks/*.ipynb")])


def _ids(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ----------------------------------------------------------------------- raw MyST detector

RAW_MYST = {
    "role": re.compile(r"\{[A-Za-z][\w:.+-]*\}`"),
    "directive": re.compile(r"^[ \t>]*(`{3,}|~{3,}|:{3,})\s*\{[\w:.-]+\}", re.MULTILINE),
    "directive option": re.compile(r"^[ \t>]*:[\w-]+:(?:[ \t]|$)", re.MULTILINE),
    "target": re.compile(r"^\([^()\s]+\)=[ \t]*$", re.MULTILINE),
    "cell break": re.compile(r"^\+\+\+", re.MULTILINE),
    "MyST comment": re.compile(r"^%", re.MULTILINE),
    "substitution": re.compile(r"\{\{[^}]*\}\}"),
}
FENCED = re.compile(r"^[ \t>]*(`{3,}|~{3,})(?![^\n]*\{)[^\n]*\n.*?^[ \t>]*\1[ \t]*$",
                    re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(?<![{}])(`+)(?!\{).+?(?<!`)\1(?!`)", re.DOTALL)


def outside_code(markdown: str) -> str:
    """The Markdown without fenced code blocks and inline code spans (they may show MyST)."""
    without_blocks = FENCED.sub("", markdown)
    # A role's backticks follow '}' directly: keep those; drop real code spans.
    return re.sub(r"(?<!\})(`+)[^`\n]+?\1", "", without_blocks)


def raw_myst(markdown: str) -> list[str]:
    """Every raw MyST construct in a Markdown text, as 'kind: excerpt'."""
    text = outside_code(markdown)
    found = []
    for kind, pattern in RAW_MYST.items():
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{kind}: {text[start:match.end() + 30]!r}")
    return found


@pytest.mark.parametrize("markdown", [
    "See {cite:p}`delp1990`.", "Claim {ref}`claim-c1`", "({numref}`fig-x`)", "+{glue:text}`a:.1f`°",
    "{doc}`levers_and_ropes`", "{term}`moment arm`", "```{solution} ex-a\n:class: dropdown\n\nA\n```",
    ":::{note}\nText\n:::", "```{exercise}\n:label: ex-a\nText\n```", "(claim-c1)=\n# C1",
    "Text\n+++\nMore", "% a comment", "{{ name }}", "> ```{note}\n> x\n> ```",
])
def test_the_detector_finds_every_kind_of_raw_myst(markdown):
    assert raw_myst(markdown), markdown


@pytest.mark.parametrize("markdown", [
    "See ([Delp et al., 1990](https://doi.org/10.1109/10.102791)).",
    "> **Learning objectives**\n>\n> 1. one", "Write roles as `{cite:p}` in MyST.",
    "```python\nprint(f'{x}')\n```", "<details>\n<summary>Solution</summary>\n\nA\n\n</details>",
    "A ratio of 3:1 and a time 10:30.", "```markdown\n```{note}\nx\n```\n```",
])
def test_the_detector_passes_plain_markdown(markdown):
    assert not raw_myst(markdown), raw_myst(markdown)


@pytest.mark.parametrize("path", notebooks(), ids=_ids)
def test_no_raw_myst_in_any_notebook(path):
    nb = nbformat.read(path, as_version=4)
    problems = [f"cell {i}: {found}" for i, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown" for found in raw_myst(cell.source)]
    assert not problems, "\n".join(problems[:20])


# ------------------------------------------------------------------------ folded solutions

DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)


def visible_text(nb) -> str:
    """What a reader sees without unfolding anything: Markdown outside <details>, and code."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(DETAILS.sub("", cell.source))
        elif cell.cell_type == "code" and not cell.metadata.get("jupyter", {}).get("source_hidden"):
            parts.append(cell.source)
    return "\n".join(parts)


SOLUTION_BODY = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$"
    r"|^(?P<gfence>`{3,}|:{3,})\{solution-start\}[^\n]*\n.*?^(?P=gfence)[ \t]*$"
    r"(?P<gated>.*?)\{solution-end\}",
    re.MULTILINE | re.DOTALL)


def solution_lines(page_text: str) -> list[str]:
    """Lines of the page's solutions that read the same in the page and the twin.

    Lines that the page also has outside its solutions (a line of code the chapter shows too)
    are left out: seeing them gives nothing away.
    """
    elsewhere = set(l.strip() for l in SOLUTION_BODY.sub("", page_text).split("\n"))
    lines = []
    for match in SOLUTION_BODY.finditer(page_text):
        body = match["body"] if match["body"] is not None else match["gated"]
        for line in body.split("\n"):
            line = line.strip()
            if (len(line) >= 30 and line not in elsewhere
                    and not re.search(r"[{}`$\[\]*<>|_]|^:|^#", line)):
                lines.append(line)
    return lines


def twins_with_pages() -> list[Path]:
    return [p for p in notebooks() if p.with_suffix(".md").exists()]


@pytest.mark.parametrize("path", twins_with_pages(), ids=_ids)
def test_no_solution_is_shown_unfolded(path):
    page = path.with_suffix(".md").read_text(encoding="utf-8")
    nb = nbformat.read(path, as_version=4)
    _, solutions = exercises_and_solutions(page)
    folded = [c for c in nb.cells if c.cell_type == "markdown"
              and re.search(r"<summary>\s*Solution", c.source)]
    assert len(folded) == len(solutions), (
        f"{len(solutions)} solutions on the page, {len(folded)} folded solution cells")
    for cell in folded:
        source = cell.source.strip()
        assert source.startswith("<details>") and source.endswith("</details>"), (
            f"a solution cell must be all <details>: {source[:120]!r}")
        assert source.count("<details>") == source.count("</details>")
    shown = visible_text(nb)
    shown_lines = {line.strip() for line in shown.split("\n")}
    leaked = [line for line in solution_lines(page) if line in shown_lines]
    assert not leaked, f"solution text visible without unfolding: {leaked[:3]}"
    assert not re.search(r"^\s*(#+\s*|\*\*)Solution", shown, re.MULTILINE), "an unfolded solution"


def test_the_leak_check_sees_an_unfolded_solution():
    page = ("```{exercise} T\n:label: ex-a\n\nDo it.\n```\n\n````{solution} ex-a\n:class: dropdown\n\n"
            "The answer is that the knee moment arm grows with flexion.\n````\n")
    lines = solution_lines(page)
    assert lines == ["The answer is that the knee moment arm grows with flexion."]
    leaked = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(lines[0])])
    folded = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        f"<details>\n<summary>Solution</summary>\n\n{lines[0]}\n\n</details>")])
    assert lines[0] in visible_text(leaked).split("\n")
    assert lines[0] not in visible_text(folded).split("\n")


# ------------------------------------------------------------------------------ the converter

MINI_BIB = """@article{smith2020,
  author = {Smith, Ann and Jones, Bo and Lee, Cy},
  title = {A study}, journal = {J}, year = {2020}, doi = {10.1000/xyz}
}
@book{doe1999,
  author = {Doe, Jo}, title = {A book}, year = {1999}, url = {https://example.org/book}
}
@misc{roe2001,
  author = {Roe, Al and Poe, Ed}, title = {A note}, year = {2001}
}
"""

MINI_PAGE = '''---
kernelspec:
  name: python3
  display_name: Python 3
---

# One page

```{admonition} Learning objectives
:class: tip
After this page you can {term}`stretch <stretch tolerance>`.
```

(sec-a)=
## Section A

Text {cite:p}`smith2020,doe1999` and {cite:t}`roe2001`; see {ref}`sec-a`,
{ref}`the other page <other-b>`, {numref}`fig-b`, {doc}`other` and [Other](other.md#x).
% a MyST comment

```{code-cell} python
from myst_nb import glue
glue("gain", 12.345, display=False)
```

The gain is +{glue:text}`gain:.1f`°.

:::{note}
A colon-fenced note with $x^2$.
:::

```{math}
:label: eq-one
y = x^2
```

$$ z = 1 $$ (eq-two)

```{list-table} Muscles
:header-rows: 1

* - name
  - length
```

```{raw} html
<div id="x"></div><script>draw("x")</script>
```

```{some-future-directive} Its title
:an-option: 1

Its text.
```

```{exercise} First
:label: ex-one

Do {ref}`ex-two` later.
```

````{solution} ex-one
:class: dropdown

The first answer, written out in a long sentence of prose.

```python
print(1)
```
````

```{exercise-start} Second
:label: ex-two
```

Compute it.

```{exercise-end}
```

```{solution-start} ex-two
:class: dropdown
```

The second answer comes from code that the page runs at build time.

```{code-cell} python
print(2)
```

```{solution-end}
```
'''

OTHER_PAGE = '''# Other page

(other-b)=
## B

```{figure} ../figures/x.png
:name: fig-b
:alt: An x.

A caption.
```
'''


@pytest.fixture
def converted(tmp_path):
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "chapters" / "one.md").write_text(MINI_PAGE, encoding="utf-8")
    (root / "chapters" / "other.md").write_text(OTHER_PAGE, encoding="utf-8")
    (root / "references.bib").write_text(MINI_BIB, encoding="utf-8")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/other\nchapters:\n  - file: chapters/one\n",
        encoding="utf-8")
    (root / "src" / "hamstrings").mkdir(parents=True)
    (root / "src" / "hamstrings" / "__init__.py").write_text('__version__ = "1.2.3"\n')
    cfg = pair.config()
    (root / "_config.yml").write_text(
        "repository:\n  url: https://github.com/Some-Org/some-book\n  branch: main\n"
        f"parse:\n  myst_enable_extensions: {cfg['parse']['myst_enable_extensions']}\n",
        encoding="utf-8")
    (root / "constraints.txt").write_text("myst-nb==1.4.0\n")
    nb = pair.twin(root / "chapters" / "one.md", root)
    markdown = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return nb, markdown


def test_the_converter_writes_plain_markdown_for_every_construct(converted):
    nb, markdown = converted
    base = "https://some-org.github.io/some-book/"
    assert not raw_myst(markdown), raw_myst(markdown)
    assert "> **Learning objectives**\n>\n> After this page you can stretch." in markdown
    assert "([Smith et al., 2020](https://doi.org/10.1000/xyz); [Doe, 1999](https://example.org/book))" in markdown
    assert "Roe and Poe (2001)" in markdown
    assert f"[Section A]({base}chapters/one.html#sec-a)" in markdown
    assert f"[the other page]({base}chapters/other.html#other-b)" in markdown
    assert f"[Fig. 1]({base}chapters/other.html#fig-b)" in markdown
    assert f"[Other page]({base}chapters/other.html)" in markdown
    assert f"[Other]({base}chapters/other.html#x)" in markdown
    assert "> **Note**\n>\n> A colon-fenced note with $x^2$." in markdown
    assert "a MyST comment" not in markdown
    assert "$$\ny = x^2\n$$" in markdown and "$$ z = 1 $$\n" in markdown
    assert "**Muscles**\n\n* - name" in markdown
    assert "> **Its title**\n>\n> Its text." in markdown
    assert "<script" not in markdown
    assert f"an interactive element stands here: see the [web version]({base}chapters/one.html)" in markdown
    assert "The gain is +`gain`°." in markdown
    assert re.search(r"^#{3,} Exercise 1: First\n\nDo \[Exercise 2\]\(" + re.escape(base), markdown,
                     re.MULTILINE)
    assert re.search(r"^#{3,} Exercise 2: Second\n\nCompute it\.", markdown, re.MULTILINE)


def test_the_converter_folds_plain_and_gated_solutions(converted):
    nb, _ = converted
    solutions = [c.source for c in nb.cells if c.cell_type == "markdown" and "<summary>" in c.source]
    assert solutions[0].startswith("<details>\n<summary>Solution to Exercise 1</summary>")
    assert "```python\nprint(1)\n```" in solutions[0] and solutions[0].endswith("</details>")
    assert solutions[1].startswith("<details>\n<summary>Solution to Exercise 2</summary>")
    assert "runs at build time" in solutions[1] and "```python\nprint(2)\n```" in solutions[1]
    assert not any(c.cell_type == "code" and "print(2)" in c.source for c in nb.cells), (
        "a gated solution's code is folded with its prose, not left as an open code cell")


def test_glued_numbers_are_printed_after_their_paragraph(converted, capsys):
    nb, _ = converted
    sources = [c.source for c in nb.cells]
    at = next(i for i, s in enumerate(sources) if "The gain is +`gain`°" in s)
    assert sources[at + 1] == '# The numbers in the text above\nshow_numbers("gain:.1f")'
    assert pair.SHOW_NUMBERS_SOURCE in sources[:4]


def test_show_numbers_prints_what_glue_kept(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        assert shell.run_cell(pair.SHOW_NUMBERS_SOURCE).success
        shell.run_cell('show_numbers("gain:.1f")')
        assert "gain: not computed yet" in capsys.readouterr().out
        shell.run_cell('from myst_nb import glue\nglue("gain", 12.345, display=False)')
        shell.run_cell('show_numbers("gain:.1f", "gain:.3f")')
        assert capsys.readouterr().out.split("\n")[-3:-1] == ["gain = 12.3", "gain = 12.345"]
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("path", notebooks(), ids=_ids)
def test_every_glued_number_of_the_page_is_printed_in_its_twin(path):
    page = path.with_suffix(".md")
    specs = plain.glue_specs(page.read_text(encoding="utf-8")) if page.exists() else []
    printed = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                        if "numbers-in-text" in c.metadata.get("tags", []))
    missing = [s for s in specs if f'"{s}"' not in printed]
    assert not missing, f"glued numbers the twin never prints: {missing}"


@pytest.mark.parametrize("path", notebooks(), ids=_ids)
def test_links_to_the_book_point_at_its_pages(path):
    index = pair.book_index()
    pages = {index.page_url(doc) for doc in index.docs}
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                     if c.cell_type == "markdown")
    for url in re.findall(r"\]\((%s[^)\s]*)\)" % re.escape(index.base_url), text):
        assert url.split("#")[0] in pages, f"{url} is not a page of the book"


# ----------------------------------------------------------------------- the install pin

@pytest.mark.parametrize("path", notebooks(), ids=_ids)
def test_install_cell_pins_the_release_of_the_package_version(path):
    nb = nbformat.read(path, as_version=4)
    install = [c for c in nb.cells if pair.is_install_cell(c)]
    assert len(install) == 1 and install[0] is [c for c in nb.cells if c.cell_type == "code"][0]
    refs = re.findall(r"git\+https://\S+?@(\S+)", install[0].source)
    assert refs == [f"v{hamstrings.__version__}"], (
        f"the install cell installs {refs}, not the release v{hamstrings.__version__}: "
        "run python tools/pair_notebooks.py")


def test_the_tool_reads_the_same_version_as_the_package():
    assert pair.package_version() == hamstrings.__version__
    assert pair.release_tag() == f"v{hamstrings.__version__}"


@pytest.mark.parametrize("path", twins_with_pages(), ids=_ids)
def test_reader_questions_keep_their_answers_folded(path):
    """A page's reader questions become lettered choices; no answer mark or answer shows."""
    page = path.with_suffix(".md").read_text(encoding="utf-8")
    asked = page.count("```{question}")
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"
             and c.source.startswith("**Question ")]
    assert len(cells) == asked
    for source in cells:
        assert not re.search(r"^- \[[ xX]\]", source, re.MULTILINE), "a choice keeps its mark"
        before, _, folded = source.partition("<details>")
        assert folded.rstrip().endswith("</details>") and "Show the answer" in folded
        assert "**Answer" not in before


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("lab*.ipynb")), ids=_ids)
def test_every_lab_twin_asks_at_least_three_lettered_questions(path):
    """A lab's reader questions reach its notebook: lettered choices, the answer folded after them."""
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "markdown"
             and c.source.startswith("**Question ")]
    assert len(cells) >= 3, f"{len(cells)} reader questions in the twin, 3 needed"
    for source in cells:
        before, _, folded = source.partition("<details>")
        letters = re.findall(r"^- \*\*([A-H])\.\*\* \S", before, re.MULTILINE)
        if not letters:  # a number: the fold says how to get the model's value
            assert "show_numbers(" in folded, before[:200]
            continue
        assert letters[:2] == ["A", "B"] and letters == list("ABCDEFGH"[:len(letters)]), before[:200]
        answer = re.search(r"^\*\*([A-H])\.\*\*", folded, re.MULTILINE)
        assert answer and answer.group(1) in letters, "the folded answer names one of the choices"
