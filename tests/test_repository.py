"""Repository hygiene: pins, notebooks stored without outputs, reproducible figures."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess

import pytest
import yaml

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)$")


def requirement_lines(name):
    lines = (ROOT / name).read_text().splitlines()
    return [l.split("#")[0].strip() for l in lines if l.split("#")[0].strip()]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt", "requirements-lab.txt"])
def test_every_direct_dependency_is_pinned_exactly(name):
    lines = requirement_lines(name)
    assert lines
    for line in lines:
        assert PIN.match(line), f"{name}: {line!r} is not pinned with =="


def test_jupyter_book_is_the_sphinx_1x_line():
    pins = dict(PIN.match(l).groups() for l in requirement_lines("requirements.txt"))
    assert pins["jupyter-book"].startswith("1.")
    for needed in ("numpy", "sympy", "matplotlib", "ipywidgets", "scipy"):
        assert needed in pins


def test_constraints_pin_the_packages_that_decide_the_build():
    pins = {PIN.match(l).group(1).lower().replace("_", "-")
            for l in requirement_lines("constraints.txt")}
    for needed in ("sphinx", "myst-nb", "myst-parser", "sphinx-book-theme",
                   "pydata-sphinx-theme", "jupyter-cache", "nbclient", "docutils",
                   "sphinxcontrib-bibtex", "ipykernel", "nbformat"):
        assert needed in pins, needed


def notebook_problems(path):
    """Return what makes a stored notebook unfit to commit (outputs, counts)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
    return problems


def test_notebook_check_catches_outputs(tmp_path):
    dirty = {"cells": [{"cell_type": "code", "execution_count": 3, "source": "1",
                        "outputs": [{"output_type": "execute_result"}], "metadata": {}}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "dirty.ipynb"
    path.write_text(json.dumps(dirty))
    assert notebook_problems(path) == ["cell 0 has outputs", "cell 0 has an execution count"]


def committed_notebooks():
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True)
    tracked = [ROOT / p for p in out.stdout.split()]
    return sorted(set(tracked) | set(ROOT.glob("notebooks/**/*.ipynb")) | set(ROOT.glob("chapters/**/*.ipynb")))


def test_committed_notebooks_carry_no_outputs():
    problems = {p.name: notebook_problems(p) for p in committed_notebooks()}
    assert not {name: found for name, found in problems.items() if found}


def _make_figures_module():
    spec = importlib.util.spec_from_file_location("make_figures", ROOT / "tools" / "make_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_figures_are_reproducible_and_up_to_date(tmp_path):
    make_figures = _make_figures_module()
    make_figures.main(tmp_path)
    committed = {p.name for p in (ROOT / "figures").iterdir() if p.is_file()}
    assert committed == set(make_figures.ALL), "every file in figures/ is made by make_figures.py"
    for name in make_figures.ALL:
        assert (tmp_path / name).read_bytes() == (ROOT / "figures" / name).read_bytes(), (
            f"figures/{name} is stale: run `make figures`")


def test_every_figure_is_used_by_a_page():
    pages = [ROOT / "intro.md", *ROOT.glob("chapters/**/*.md"), *ROOT.glob("notebooks/**/*.ipynb")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    for fig in (ROOT / "figures").iterdir():
        assert f"figures/{fig.name}" in text, f"figures/{fig.name} is not shown anywhere"


def test_config_points_every_launch_button_at_one_repository():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["repository"]["url"].startswith("https://")
    launch = config["launch_buttons"]
    assert launch["binderhub_url"] and launch["colab_url"] and launch["thebe"] is True
    assert config["only_build_toc_files"] is True
    assert config["execute"]["raise_on_error"] is True
    for excluded in (".venv", "_build", "tests"):
        assert excluded in config["exclude_patterns"]


def test_the_code_passes_the_linter():
    """ruff, with the configuration in pyproject.toml (the tool is pinned in requirements-dev)."""
    import subprocess
    import sys
    from pathlib import Path

    ruff = Path(sys.executable).parent / "ruff"
    proc = subprocess.run([str(ruff), "check", "src", "tests", "bench", "tools", "_ext"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
