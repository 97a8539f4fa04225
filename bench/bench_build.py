"""Build times and page weights of the book.

* cold build: from an empty output folder, every page executed;
* no-change rebuild: the same build again, with the execution cache warm;
* bare execution: the pages' code run top to bottom in a kernel, with no Sphinx,
  the floor that a build cannot go below; the build's overhead is the ratio;
* page weight: each page's HTML plus the images it shows (animation payloads are
  inside the HTML); the shared theme files are counted once, for the whole site.

Skipped with BENCH_QUICK=1 (a build takes minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from timing import QUICK

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MB = 1024 * 1024


def _build(out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out),
                    "-W", "-n", "--keep-going"], check=True, capture_output=True,
                   env={k: v for k, v in os.environ.items() if k != "MPLBACKEND"})
    return time.perf_counter() - t0


def _code_pages() -> list[Path]:
    sys.path.insert(0, str(ROOT / "tools"))
    from book_toc import toc_files

    pages = [ROOT / f"{name}.md" for name in toc_files(ROOT)]
    return [p for p in pages if p.exists() and "```{code-cell}" in p.read_text()]


def _bare_execution() -> float:
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbclient import NotebookClient

    total = 0.0
    for page in _code_pages():
        nb = read_myst_markdown_notebook(page.read_text())
        t0 = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(page.parent)}}).execute()
        total += time.perf_counter() - t0
    return total


def page_weights(html: Path) -> dict:
    """Bytes per content page (HTML + local images it shows), and the site total."""
    from bs4 import BeautifulSoup

    weights = {}
    for page in sorted(html.rglob("*.html")):
        rel = page.relative_to(html)
        if rel.parts[0] in ("_static", "_sources", "_images") or rel.as_posix() in (
                "genindex.html", "search.html", "index.html"):  # index.html only redirects
            continue
        size = page.stat().st_size
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in doc.find_all("img", src=True):
            parts = urlsplit(img["src"])
            if parts.scheme or "_static" in parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_file():
                size += target.stat().st_size
        weights[rel.as_posix()] = size
    site = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    return {"pages": weights, "site": site}


def run() -> list[dict]:
    if QUICK:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold = _build(out)
        warm = _build(out)
        weights = page_weights(out / "_build" / "html")
    bare = _bare_execution()
    records = [
        {"name": "book: cold build (all pages executed)", "value": cold, "unit": "s",
         "target": None, "note": "jupyter-book build -W -n --keep-going into an empty folder"},
        {"name": "book: no-change rebuild", "value": warm, "unit": "s", "target": None,
         "note": "same build again; execution cache warm"},
        {"name": "book: bare execution of all code pages", "value": bare, "unit": "s",
         "target": None, "note": "nbclient, no Sphinx"},
        {"name": "book: cold build / bare execution", "value": cold / bare, "unit": "x",
         "target": None, "note": "the build's overhead over running the code"},
        {"name": "site: total size", "value": weights["site"] / MB, "unit": "MB", "target": None,
         "note": "every file in _build/html"},
    ]
    for page, size in sorted(weights["pages"].items(), key=lambda kv: -kv[1]):
        records.append({"name": f"page weight: {page}", "value": size / MB, "unit": "MB",
                        "target": 2.0, "note": "HTML + its images"})
    return records


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<60} {r['value']:8.3f} {r['unit']}")
