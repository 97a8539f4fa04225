"""The book's configuration really is strict, and its cache never serves stale outputs.

Each test builds a one-page book that uses the real _config.yml, so these tests
fail if a setting that keeps the published book honest is removed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, build_book

pytestmark = pytest.mark.build


def mini_book(tmp_path: Path, page: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "_config.yml", src / "_config.yml")
    shutil.copy(ROOT / "references.bib", src / "references.bib")
    shutil.copytree(ROOT / "_ext", src / "_ext")
    shutil.copytree(ROOT / "_static", src / "_static")
    (src / "_toc.yml").write_text("format: jb-book\nroot: page\n")
    header = "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n"
    (src / "page.md").write_text(header + textwrap.dedent(page))
    return src


def test_a_failing_cell_fails_the_build(tmp_path):
    src = mini_book(tmp_path, """
        # Page

        ```{code-cell} python
        1 / 0
        ```
        """)
    result = build_book(src, tmp_path / "out")
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.log


def test_output_on_stderr_fails_the_build(tmp_path):
    src = mini_book(tmp_path, """
        # Page

        ```{code-cell} python
        import warnings
        warnings.warn("a model warning that must not reach a page")
        ```
        """)
    result = build_book(src, tmp_path / "out")
    assert result.returncode != 0


def test_a_clean_page_builds(tmp_path):
    """Control for the two tests above: the same set-up passes without the fault."""
    src = mini_book(tmp_path, """
        # Page

        ```{code-cell} python
        print(6 * 7)
        ```
        """)
    result = build_book(src, tmp_path / "out")
    assert result.returncode == 0, result.log[-3000:]
    assert "42" in (result.html / "page.html").read_text()


def test_cache_is_dropped_when_the_package_changes(tmp_path):
    """jupyter-cache keys on cell source only; tools/cache_guard.py closes that gap."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "model_value.py").write_text("VALUE = 'first-model'\n")
    src = mini_book(tmp_path, """
        # Page

        ```{code-cell} python
        import model_value
        print(model_value.VALUE)
        ```
        """)
    out = tmp_path / "out"
    build_dir = out / "_build"
    env = {"PYTHONPATH": str(pkg)}
    guard = [sys.executable, str(ROOT / "tools" / "cache_guard.py"),
             "--build-dir", str(build_dir), "--watch", str(pkg)]

    def page_text():
        return (out / "_build" / "html" / "page.html").read_text()

    subprocess.run(guard, check=True)
    assert build_book(src, out, env).returncode == 0
    assert "first-model" in page_text()

    # The model changes but the cell does not.
    (pkg / "model_value.py").write_text("VALUE = 'second-model'\n")

    # Without the guard, the stale output is served: the gap is real.
    assert build_book(src, out, env).returncode == 0
    assert "first-model" in page_text()

    # With the guard, the cache is dropped and the page shows the new model.
    dropped = subprocess.run(guard, check=True, capture_output=True, text=True)
    assert "cleared" in dropped.stdout
    assert build_book(src, out, env).returncode == 0
    assert "second-model" in page_text()
    assert "first-model" not in page_text()
