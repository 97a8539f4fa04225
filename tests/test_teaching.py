"""The teaching kit: labs, exercises and solutions, chapter structure, launch and download buttons.

Which pages count as chapters: every page of ``_toc.yml`` under ``chapters/`` except those in
NOT_CHAPTERS (each with its reason). A chapter opens with a learning-objectives admonition,
ends with a Summary section, and has at least three exercises, each with a solution folded as
a dropdown. A page added to the table of contents is held to this at once.

Labs are MyST pages in ``notebooks/`` (``notebooks/lab*.md``), like the chapters, and students
open their plain notebook twins (``notebooks/lab*.ipynb``, written by ``tools/pair_notebooks.py``).
Each lab must be in the table of contents; its twin must run from top to bottom in a fresh
kernel, start with the install cell, and keep its solutions folded. In a twin a solution is
one Markdown cell, an HTML ``<details>`` element around the whole answer. That fold is plain
HTML, so it stays closed in JupyterLab, Notebook 7, VS Code and Colab, even after the cell runs
(JupyterLab unhides a Markdown cell folded through the ``jupyter.source_hidden`` metadata as
soon as it runs it). Solution code sits in fenced blocks; the lab test runs it too, right after
its solution cell. On the page the same solution is a sphinx-exercise dropdown.
tests/test_notebooks.py checks every twin for raw MyST and unfolded solutions.

The tests marked ``build`` use the session's from-clean build of the book (tests/conftest.py).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from test_book_build import toc_files
from test_questions import NOT_CONTENT

#: Pages under chapters/ in the table of contents that are not chapters, and why: the pages
#: that are not content (test_questions.NOT_CONTENT), and the claims page.
NOT_CHAPTERS = {
    "chapters/claims": "sets out the article's claims; it builds no model and has no exercises",
    **NOT_CONTENT,
}
MIN_EXERCISES = 3


def _load_tool():
    spec = importlib.util.spec_from_file_location("pair_notebooks", ROOT / "tools" / "pair_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pair = _load_tool()


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def chapters() -> list[str]:
    return [f for f in toc_files() if f.startswith("chapters/") and f not in NOT_CHAPTERS]


def labs() -> list[Path]:
    """The labs' notebooks (the twins students open) of the lab pages in notebooks/."""
    return sorted(md.with_suffix(".ipynb") for md in (ROOT / "notebooks").glob("*.md"))


def read_lab(path: Path):
    return nbformat.read(path, as_version=4)


def markdown_text(source: Path) -> str:
    """The Markdown of a page: the .md itself, or a notebook's Markdown cells joined."""
    if source.suffix == ".ipynb":
        return "\n\n".join(c.source for c in read_lab(source).cells if c.cell_type == "markdown")
    return source.read_text(encoding="utf-8")


def page_source(name: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{name}{suffix}").exists():
            return ROOT / f"{name}{suffix}"
    raise FileNotFoundError(name)


def has_code(name: str) -> bool:
    source = page_source(name)
    return source.suffix == ".ipynb" or pair.has_code(source)


# --------------------------------------------------------------------- exercises and solutions

DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<kind>exercise|solution)(?P<gated>-start)?\}(?P<arg>[^\n]*)\n"
    r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)", re.MULTILINE)


def exercises_and_solutions(text: str) -> tuple[list[dict], list[dict]]:
    """Every exercise and solution directive (plain or gated) with its label and options."""
    exercises, solutions = [], []
    for match in DIRECTIVE.finditer(text):
        options = dict(re.findall(r":([\w-]+):[ \t]*([^\n]*)", match["options"]))
        item = {"arg": match["arg"].strip(), "options": options, "gated": bool(match["gated"])}
        (exercises if match["kind"] == "exercise" else solutions).append(item)
    return exercises, solutions


def test_directive_parser_reads_plain_and_gated_forms():
    text = ("```{exercise} Title\n:label: ex-a\n\nBody\n```\n\n"
            "````{solution} ex-a\n:class: dropdown\n\nAnswer\n````\n\n"
            "```{exercise-start} Other\n:label: ex-b\n```\n\n"
            "```{solution-start} ex-b\n:class: dropdown\n```\n")
    exercises, solutions = exercises_and_solutions(text)
    assert [e["options"]["label"] for e in exercises] == ["ex-a", "ex-b"]
    assert [s["arg"] for s in solutions] == ["ex-a", "ex-b"]
    assert all(s["options"]["class"] == "dropdown" for s in solutions)


def teaching_pages() -> list[Path]:
    return [page_source(name) for name in chapters()] + [lab.with_suffix(".md") for lab in labs()]


@pytest.mark.parametrize("source", teaching_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_exercise_has_a_solution(source):
    exercises, solutions = exercises_and_solutions(markdown_text(source))
    assert len(exercises) >= MIN_EXERCISES, f"{len(exercises)} exercises, at least {MIN_EXERCISES} needed"
    labels = [e["options"].get("label") for e in exercises]
    assert all(labels), "every exercise needs a :label: for its solution to name"
    assert len(set(labels)) == len(labels), "duplicate exercise labels"
    answered = [s["arg"] for s in solutions]
    assert sorted(answered) == sorted(labels), (
        f"exercises without a solution: {sorted(set(labels) - set(answered))}; "
        f"solutions without an exercise: {sorted(set(answered) - set(labels))}")
    if source.suffix == ".md":
        for s in solutions:
            assert "dropdown" in s["options"].get("class", ""), (
                f"the solution to {s['arg']} must be folded (:class: dropdown)")


@pytest.mark.parametrize("source", teaching_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_gated_directives_are_balanced(source):
    text = markdown_text(source)
    for kind in ("exercise", "solution"):
        starts = len(re.findall(r"\{%s-start\}" % kind, text))
        ends = len(re.findall(r"\{%s-end\}" % kind, text))
        assert starts == ends, f"{kind}-start x{starts} but {kind}-end x{ends}"


# ------------------------------------------------------------------- chapters: objectives, summary

def body_after_title(text: str) -> str:
    """What follows the page's '# Title' line (front matter dropped)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    match = re.search(r"^# .*$", text, re.MULTILINE)
    assert match, "no '# Title' line"
    return text[match.end():].lstrip()


@pytest.mark.parametrize("name", chapters())
def test_chapter_opens_with_objectives_and_ends_with_a_summary(name):
    text = page_source(name).read_text(encoding="utf-8")
    body = body_after_title(text)
    assert re.match(r"(`{3,}|:{3,})\{admonition\}\s+Learning objectives", body), (
        "a chapter must open, right under its title, with "
        "```{admonition} Learning objectives")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings and headings[-1].strip() == "Summary", (
        f"the last section must be '## Summary' (sections: {headings})")


def test_the_chapter_list_is_what_the_book_teaches():
    found = chapters()
    assert "chapters/levers_and_ropes" in found and "chapters/hill_muscle" in found
    assert not set(found) & set(NOT_CHAPTERS)


# --------------------------------------------------------------------------------------- labs

def test_there_is_a_lab_and_every_lab_is_in_the_toc():
    assert labs(), "no lab in notebooks/"
    in_toc = set(toc_files())
    for lab in labs():
        assert lab.relative_to(ROOT).with_suffix("").as_posix() in in_toc, lab.name
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = {part.get("caption") for part in toc["parts"]}
    assert "Class labs" in captions


@pytest.mark.parametrize("lab", labs(), ids=lambda p: p.name)
def test_lab_has_the_parts_of_a_class_lab(lab):
    nb = read_lab(lab)
    text = markdown_text(lab.with_suffix(".md"))
    title = re.search(r"^# .*$", text, re.MULTILINE)
    assert title and re.match(r"# Lab \d+: ", title[0]), "a lab's title reads '# Lab N: ...'"
    assert re.search(r"^## Learning objectives", text, re.MULTILINE)
    assert re.search(r"^## Summary", text, re.MULTILINE)
    assert len(re.findall(r"\*\*Predict\.\*\*", text)) >= 2, "predict-then-check prompts"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("lab", labs(), ids=lambda p: p.name)
def test_lab_starts_with_the_install_cell_for_the_configured_repository(lab):
    code = [c for c in read_lab(lab).cells if c.cell_type == "code"]
    assert code[0].source == pair.install_cell_source(), (
        "the first code cell must be the install cell: run python tools/pair_notebooks.py")
    repository = config()["repository"]
    urls = re.findall(r"git\+(https://\S+?)@(\S+)", code[0].source)
    assert urls == [(repository["url"].rstrip("/"), f"v{pair.package_version()}")]


#: A folded solution in a notebook: one Markdown cell, all of it inside <details>.
FOLDED_SOLUTION = re.compile(
    r"\A<details>\n<summary>Solution[^<]*</summary>\n(?P<body>(?:(?!</details>).)*)\n</details>\n?\Z",
    re.DOTALL)


def solution_cells(nb) -> list[tuple[int, object]]:
    return [(i, c) for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and re.search(r"<summary>\s*Solution", c.source)]


def solution_code(cell) -> list[str]:
    """The Python code blocks of a lab's solution cell."""
    return re.findall(r"^```python\n(.*?)^```$", cell.source, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("lab", labs(), ids=lambda p: p.name)
def test_lab_solutions_are_folded_in_the_notebook_and_the_book(lab):
    nb = read_lab(lab)
    cells = solution_cells(nb)
    assert cells, "no solutions found"
    for i, cell in cells:
        assert FOLDED_SOLUTION.match(cell.source.strip() + "\n"), (
            f"cell {i}: a lab solution is one Markdown cell, <details><summary>Solution ..."
            "</summary> around the whole answer")
    for i, cell in enumerate(nb.cells):
        assert not cell.metadata.get("jupyter", {}).get("source_hidden"), (
            f"cell {i} is folded through metadata, which JupyterLab undoes when it runs")


def test_the_fold_pattern_rejects_an_unfolded_solution():
    folded = "<details>\n<summary>Solution to Exercise 1</summary>\n\nAnswer.\n\n</details>\n"
    assert FOLDED_SOLUTION.match(folded)
    assert not FOLDED_SOLUTION.match(folded.replace("<details>\n", "").replace("</details>\n", ""))
    assert not FOLDED_SOLUTION.match(folded.replace("Answer.\n\n</details>", "</details>\n\nAnswer."))


@pytest.mark.parametrize("lab", labs(), ids=lambda p: p.name)
def test_lab_gives_every_figure_alt_text(lab):
    for i, cell in enumerate(read_lab(lab).cells):
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) >= 40, f"cell {i}: a figure needs alt text in mystnb.image.alt"


@pytest.mark.parametrize("lab", labs(), ids=lambda p: p.name)
def test_lab_runs_top_to_bottom_in_a_fresh_kernel(lab, monkeypatch):
    """Every cell, widgets included, in a new kernel started in notebooks/.

    pip is switched off in the kernel's environment (no index, no configuration), so if the
    install cell tried to install anything it would fail loudly: it must be a no-op where
    ``hamstrings`` is importable, as it is here.
    """
    from nbclient import NotebookClient

    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend draws figures
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = read_lab(lab)
    # Each solution's code runs right after its solution cell, where a student would paste it.
    solutions = {i: solution_code(cell) for i, cell in solution_cells(nb)}
    assert all(solutions.values()), "every lab solution shows its code"
    for i in sorted(solutions, reverse=True):
        for offset, code in enumerate(solutions[i], start=1):
            check = nbformat.v4.new_code_cell(code)
            check.metadata["solution-check"] = True
            nb.cells.insert(i + offset, check)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", allow_errors=False,
        skip_cells_with_tag="run-every-cell-in-this-test",  # widget cells are skipped only by the book
        resources={"metadata": {"path": str(lab.parent)}})
    client.execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].outputs == [], f"the install cell was not a no-op: {code[0].outputs}"
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {i}: {output.get('ename')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"cell {i} wrote to stderr: {output.text[:300]}")
        if cell.cell_type == "code" and cell.metadata.get("mystnb", {}).get("image"):
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), (
                f"cell {i} promises a figure and drew none")
        if cell.cell_type == "code" and "skip-execution" in cell.metadata.get("tags", []):
            assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                       for o in cell.outputs), f"cell {i}: the widget did not appear"
        if cell.metadata.get("solution-check"):
            assert cell.outputs, f"cell {i}: a solution's code printed nothing"


# ------------------------------------------------------------------------ the install cell

@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    calls: list[str] = []
    ip.register_magic_function(lambda line: calls.append(line), magic_kind="line", magic_name="pip")
    ip.pip_calls = calls
    yield ip
    InteractiveShell.clear_instance()


@pytest.mark.parametrize("needs_myst_nb", [False, True])
def test_install_cell_installs_only_what_is_missing_from_the_configured_repository(
        shell, monkeypatch, needs_myst_nb):
    source = pair.install_cell_source(needs_myst_nb)
    assert shell.run_cell(source).success
    assert shell.pip_calls == [], "nothing is missing here, so nothing may be installed"

    monkeypatch.setitem(sys.modules, "hamstrings", None)  # import now fails as on Colab
    assert shell.run_cell(source).success
    repository = config()["repository"]
    expected = f"git+{repository['url'].rstrip('/')}@v{pair.package_version()}"
    assert len(shell.pip_calls) == 1 and expected in shell.pip_calls[0].split()
    assert ("myst-nb==" in shell.pip_calls[0]) == needs_myst_nb


# --------------------------------------------------------------------- the notebook twins

def test_notebook_twins_and_install_cells_are_up_to_date():
    stale = pair.stale()
    assert not stale, ("stale: " + ", ".join(p.relative_to(ROOT).as_posix() for p in stale)
                       + " -- run: python tools/pair_notebooks.py")


def test_every_page_with_code_has_a_twin_and_only_those():
    for folder in ("chapters", "notebooks"):
        expected = {ROOT / f"{name}.ipynb" for name in toc_files()
                    if name.startswith(f"{folder}/") and has_code(name)}
        assert expected, f"no page with code in {folder}/"
        assert set((ROOT / folder).glob("*.ipynb")) == expected


def test_twins_are_excluded_from_the_build():
    assert "chapters/*.ipynb" in config()["exclude_patterns"]
    assert "notebooks/*.ipynb" in config()["exclude_patterns"]


def test_a_twin_is_the_chapter_plus_the_install_cell():
    md = ROOT / "chapters" / "levers_and_ropes.md"
    nb = nbformat.read(md.with_suffix(".ipynb"), as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown" and "levers_and_ropes.md" in nb.cells[0].source
    assert pair.is_install_cell(nb.cells[1]) and "myst-nb==" in nb.cells[1].source
    text = md.read_text(encoding="utf-8")
    # A gated solution's code cells are folded into the solution's <details> in the twin.
    outside_solutions = re.sub(r"```\{solution-start\}.*?```\{solution-end\}", "", text, flags=re.S)
    code_in_md = re.findall(r"```\{code-cell\}", outside_solutions)
    assert len(code_in_md) < len(re.findall(r"```\{code-cell\}", text)), "no gated solution left"
    # Besides the page's code: the cell that keeps glued numbers, and those that print them.
    assert nb.cells[2].source == pair.SHOW_NUMBERS_SOURCE
    code_in_nb = [c for c in nb.cells[3:] if c.cell_type == "code"
                  and "numbers-in-text" not in c.metadata.get("tags", [])]
    assert len(code_in_nb) == len(code_in_md)
    assert all(c.outputs == [] and c.execution_count is None for c in code_in_nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["hamstrings"]["generated_from"] == "chapters/levers_and_ropes.md"


def _mini_repo(tmp_path: Path) -> Path:
    """A tiny book: config, toc, constraints, one chapter with code, one lab."""
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "src" / "hamstrings").mkdir(parents=True)
    (root / "src" / "hamstrings" / "__init__.py").write_text('__version__ = "9.8.7"\n')
    shutil.copy(ROOT / "constraints.txt", root / "constraints.txt")
    cfg = config()
    (root / "_config.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    (root / "_toc.yml").write_text(yaml.safe_dump({
        "format": "jb-book", "root": "intro",
        "parts": [{"caption": "P", "chapters": [{"file": "chapters/one"}, {"file": "chapters/text"},
                                                {"file": "notebooks/lab9"}]}],
    }), encoding="utf-8")
    (root / "chapters" / "one.md").write_text(
        "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# One\n\nText.\n\n"
        "```{code-cell} python\nprint(1)\n```\n", encoding="utf-8")
    (root / "chapters" / "text.md").write_text("# Text only\n", encoding="utf-8")
    (root / "notebooks" / "lab9.md").write_text(
        "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# Lab 9: Test\n\n"
        "```{code-cell} python\nprint(2)\n```\n", encoding="utf-8")
    return root


def test_pair_tool_writes_twins_and_follows_a_change_of_repository(tmp_path, capsys):
    root = _mini_repo(tmp_path)
    assert pair.main(["--check"], root=root) == 1          # the twin is missing
    assert pair.main([], root=root) == 0
    assert (root / "chapters" / "one.ipynb").exists()
    assert not (root / "chapters" / "text.ipynb").exists()  # no code, no twin
    assert pair.main(["--check"], root=root) == 0
    twin_text = (root / "chapters" / "one.ipynb").read_text(encoding="utf-8")
    assert pair.main([], root=root) == 0
    assert (root / "chapters" / "one.ipynb").read_text(encoding="utf-8") == twin_text  # stable

    # A fork changes the one line in _config.yml: every install cell must follow.
    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    cfg["repository"]["url"] = "https://github.com/a-fork/hamstrings-backwards"
    (root / "_config.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    assert pair.main(["--check"], root=root) == 1
    assert pair.main([], root=root) == 0
    for path in (root / "chapters" / "one.ipynb", root / "notebooks" / "lab9.ipynb"):
        assert "git+https://github.com/a-fork/hamstrings-backwards@v9.8.7" in path.read_text(encoding="utf-8")

    # A new version: every install cell pins the new release tag.
    (root / "src" / "hamstrings" / "__init__.py").write_text('__version__ = "9.9.0"\n')
    assert pair.main(["--check"], root=root) == 1
    assert pair.main([], root=root) == 0
    assert "@v9.9.0" in (root / "notebooks" / "lab9.ipynb").read_text(encoding="utf-8")

    # A chapter edited without running the tool is stale; a twin whose chapter left is removed.
    (root / "chapters" / "one.md").write_text(
        (root / "chapters" / "one.md").read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    assert pair.main(["--check"], root=root) == 1
    (root / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "intro"}),
                                   encoding="utf-8")
    assert pair.main([], root=root) == 0
    assert not (root / "chapters" / "one.ipynb").exists()


# ------------------------------------------------------------------------------- Binder

def test_binder_installs_the_book_pins_and_the_package():
    binder = ROOT / "binder"
    lines = [l.split("#")[0].strip() for l in (binder / "requirements.txt").read_text().splitlines()]
    lines = [l for l in lines if l]
    assert "-r ../requirements.txt" in lines and "-c ../constraints.txt" in lines
    for line in lines:
        flag, _, path = line.partition(" ")
        assert flag in ("-r", "-c"), f"binder/requirements.txt: pins belong in ../{line}"
        assert (binder / path).resolve().is_file(), line
    post = binder / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    assert re.search(r"pip install .*(-e )?\.$", post.read_text(), re.MULTILINE)
    runtime = (binder / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[12]", runtime), "the pins are for Python 3.11 or 3.12"


def test_binder_installs_the_lab_settings(tmp_path):
    """postBuild gives Binder's JupyterLab the settings `make lab` installs (arrow keys reach widgets)."""
    prefix = tmp_path / "prefix"
    shim = tmp_path / "bin" / "python"
    shim.parent.mkdir()
    # A stand-in python: pip does nothing, and sys.prefix is the throw-away prefix.
    shim.write_text(f'#!/bin/bash\nif [ "$1" = "-m" ]; then exit 0; fi\necho "{prefix}"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}:{os.environ['PATH']}"}
    subprocess.run(["bash", str(ROOT / "binder" / "postBuild")], cwd=ROOT, env=env, check=True)
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == (ROOT / "tools" / "lab_overrides.json").read_text()


# ------------------------------------------------------------------ the built pages (build)

def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _buttons(doc: BeautifulSoup) -> dict[str, list]:
    found: dict[str, list] = {}
    for tag in doc.select(".article-header-buttons a, .article-header-buttons button"):
        found.setdefault(tag.get_text(" ", strip=True), []).append(tag)
    return found


def _repository_path(url: str, kind: str) -> str:
    """The file in the repository that a Binder or Colab link opens."""
    repository, launch = config()["repository"], config()["launch_buttons"]
    org_repo = urlsplit(repository["url"]).path.strip("/")
    branch = repository["branch"]
    if kind == "Binder":
        prefix = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}"
        assert url.startswith(prefix + "?"), url
        urlpath = parse_qs(urlsplit(url).query)["urlpath"][0]
        assert urlpath.startswith("lab/tree/"), url  # notebook_interface: jupyterlab
        return unquote(urlpath[len("lab/tree/"):])
    prefix = f"{launch['colab_url'].rstrip('/')}/github/{org_repo}/blob/{branch}/"
    assert url.startswith(prefix), url
    return unquote(url[len(prefix):])


def code_pages() -> list[str]:
    return [name for name in toc_files() if has_code(name)]


@pytest.mark.build
def test_pages_with_code_carry_launch_buttons_that_open_real_notebooks(book):
    assert book.returncode == 0, book.log[-3000:]
    for name in code_pages():
        doc = _soup(book.html / f"{name}.html")
        buttons = _buttons(doc)
        for kind in ("Binder", "Colab"):
            assert kind in buttons, f"{name}: no {kind} button"
            path = _repository_path(buttons[kind][0]["href"], kind)
            assert path == f"{name}.ipynb", f"{name}: {kind} opens {path}, not the notebook"
            assert (ROOT / path).is_file(), f"{name}: {kind} opens {path}, not in the repository"
        live = buttons.get("Live Code", [])
        assert live and live[0].get("onclick", "").startswith("initThebe"), f"{name}: no Live Code"
        thebe = doc.find("script", attrs={"type": "text/x-thebe-config"})
        assert thebe is not None, f"{name}: no Thebe configuration"
        org_repo = urlsplit(config()["repository"]["url"]).path.strip("/")
        assert f'repo: "{org_repo}"' in thebe.string and f'ref: "{config()["repository"]["branch"]}"' in thebe.string


@pytest.mark.build
def test_pages_offer_their_notebook_and_source_for_download(book):
    for name in code_pages():
        page = book.html / f"{name}.html"
        buttons = _buttons(_soup(page))
        source = page_source(name)
        wanted = [".ipynb", ".md"] if source.suffix == ".md" else [".ipynb"]
        for label in wanted:
            assert label in buttons, f"{name}: no {label} download"
            target = (page.parent / unquote(buttons[label][0]["href"])).resolve()
            assert target.is_file(), f"{name}: {label} download points at a missing file"
            if label == source.suffix:
                assert target.read_bytes() == source.read_bytes(), f"{name}: {label} is not the source"
            else:
                nbformat.validate(nbformat.reads(target.read_text(encoding="utf-8"), as_version=4))


@pytest.mark.build
def test_built_chapters_show_objectives_summary_and_folded_solutions(book):
    for name in chapters() + [lab.relative_to(ROOT).with_suffix("").as_posix() for lab in labs()]:
        doc = _soup(book.html / f"{name}.html")
        titles = [t.get_text(strip=True) for t in doc.select(".admonition .admonition-title")]
        headings = [h.get_text(" ", strip=True).rstrip("#").strip() for h in doc.select("h2")]
        if name.startswith("chapters/"):
            assert "Learning objectives" in titles, name
        else:
            assert "Learning objectives" in headings, name
        assert "Summary" in headings, name
        exercises = doc.select("div.exercise")
        solutions = doc.select("div.solution")
        assert len(exercises) >= MIN_EXERCISES and len(solutions) == len(exercises), name
        for solution in solutions:
            folded = ("dropdown" in solution.get("class", [])
                      or solution.select_one("details:not([open]) > summary") is not None)
            assert folded, f"{name}: a solution is shown unfolded"


@pytest.mark.build
def test_glossary_and_notation_pages_are_built_and_chapters_link_the_glossary(book):
    terms = [dt.get_text(" ", strip=True)
             for page in ("glossary", "glossary_m_z")  # the glossary's two pages, A-L and M-Z
             for dt in _soup(book.html / "chapters" / f"{page}.html").select("dl.glossary dt")]
    assert len(terms) >= 25
    for needed in ("moment arm", "muscle-tendon unit", "sagittal plane", "reciprocal inhibition",
                   "stretch tolerance", "straight-leg raise", "active knee extension test"):
        assert any(t.lower().startswith(needed) for t in terms), needed
    notation = (book.html / "chapters" / "notation.html").read_text(encoding="utf-8")
    assert "Colours" in notation and "Frames" in notation
    for name in ("chapters/levers_and_ropes", "chapters/hill_muscle"):
        links = _soup(book.html / f"{name}.html").select('a[href*="glossary"][href*="#term-"]')
        assert len(links) >= 10, f"{name}: {len(links)} glossary links"


@pytest.mark.build
def test_pages_load_the_explorer_and_question_scripts_only_where_they_are_used(book):
    """Vega, explorers.js and questions.js only on the pages that need them; no asset linked twice."""
    assert book.returncode == 0, book.log[-3000:]
    pages = [p for p in book.html.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        doc = _soup(page)
        name = page.relative_to(book.html).as_posix()
        scripts = [s.get("src", "").split("?")[0] for s in doc.find_all("script") if s.get("src")]
        styles = [s.get("href", "").split("?")[0] for s in doc.find_all("link", rel="stylesheet")]
        assert len(styles) == len(set(styles)), f"{name}: a stylesheet is linked twice"
        assert len(scripts) == len(set(scripts)), f"{name}: a script is loaded twice"
        has_explorer = doc.select_one("div.hs-explorer") is not None
        has_question = doc.select_one("div.hs-question") is not None
        for asset, wanted in (("_static/explorers.js", has_explorer), ("_static/explorers.css", has_explorer),
                              ("_static/questions.js", has_question), ("_static/questions.css", has_question)):
            found = any(u.endswith(asset) for u in scripts + styles)
            assert found == wanted, f"{name}: {asset} {'missing' if wanted else 'loaded without use'}"
        vega = any("_static/vega/" in u for u in scripts)
        assert vega == has_explorer, f"{name}: the Vega bundle {'missing' if has_explorer else 'loaded without use'}"
