"""The book builds from clean, strictly, and every page it publishes is sound."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from book_toc import toc_files  # tools/, put on sys.path by conftest
from conftest import ROOT

pytestmark = pytest.mark.build

GENERATED = {"genindex.html", "search.html", "index.html", "py-modindex.html"}
IMAGE_NAME = re.compile(r"\S+\.(png|svg|jpe?g|gif|webp)$", re.IGNORECASE)


def content_pages(html: Path) -> list[Path]:
    skip = ("_static", "_sources", "_images")
    return sorted(
        p for p in html.rglob("*.html")
        if not any(part in skip for part in p.relative_to(html).parts)
        and p.relative_to(html).as_posix() not in GENERATED
    )


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_build_succeeds_without_warnings(book):
    assert book.returncode == 0, book.log[-5000:]
    assert "WARNING" not in book.log, [l for l in book.log.splitlines() if "WARNING" in l]
    assert "ERROR" not in book.log
    assert (book.html / "index.html").exists()


def test_one_page_per_toc_entry(book):
    expected = {f + ".html" for f in toc_files()}
    built = {p.relative_to(book.html).as_posix() for p in content_pages(book.html)}
    assert built == expected


def test_no_traceback_or_error_output_on_any_page(book):
    for page in content_pages(book.html):
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, page
        doc = soup(page)
        bad = doc.select("div.output.traceback, div.output.error, div.output.stderr")
        assert not bad, f"{page.name}: {[b.get_text()[:200] for b in bad]}"


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        doc = soup(path)
        cache[path] = {t["id"] for t in doc.find_all(id=True)} | {
            t["name"] for t in doc.find_all("a", attrs={"name": True})
        }
    return cache[path]


def _printed_book(page: Path, html: Path, path: str) -> bool:
    target = (page.parent / unquote(path)).resolve()
    return target.is_relative_to((html / "pdf").resolve()) and target.suffix == ".pdf"


def test_every_internal_link_and_anchor_resolves(book):
    ids: dict = {}
    broken = []
    for page in content_pages(book.html):
        doc = soup(page)
        refs = [("a", a.get("href")) for a in doc.find_all("a", href=True)]
        refs += [(t.name, t.get("src")) for t in doc.find_all(["img", "script"], src=True)]
        refs += [("link", t.get("href")) for t in doc.find_all("link", href=True)]
        for tag, ref in refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                continue  # external: checked by the browser tests, not here
            if _printed_book(page, book.html, parts.path):
                continue  # written by `make pdf` after the build: tests/test_pdf.py checks it
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.name}: <{tag}> {ref}")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in _ids(target, ids):
                    broken.append(f"{page.name}: <{tag}> {ref} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_every_image_has_descriptive_alt_text(book):
    problems = []
    for page in content_pages(book.html):
        for img in soup(page).find_all("img"):
            src = img.get("src", "")
            if "/_static/" in src or src.startswith("_static/"):
                continue  # theme logos and icons are the theme's business
            alt = (img.get("alt") or "").strip()
            if len(alt) < 15 or IMAGE_NAME.fullmatch(alt) or alt == Path(src).name:
                problems.append(f"{page.name}: {src} alt={alt!r}")
    assert not problems, "\n".join(problems)


def declared_figures(source: Path) -> int:
    """Code cells whose metadata promises a figure (mystnb figure or image options)."""
    text = source.read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(---\n.*?\n---)", text, re.DOTALL)
    return sum(1 for header in cells if re.search(r"^\s+(figure|image):", header, re.MULTILINE))


def test_every_declared_figure_reaches_its_page(book):
    """A cell that promises a figure must put an image on the page.

    Guards against a silent failure: under a non-inline matplotlib backend (for
    example MPLBACKEND=Agg leaking into the kernel), plt.show() draws nothing
    and the page builds without warnings but also without its figures.
    """
    missing = []
    for name in toc_files():
        source = ROOT / f"{name}.md"
        if not source.exists():
            continue
        expected = declared_figures(source)
        page = soup(book.html / f"{name}.html")
        shown = len(page.select("figure img, div.cell_output img"))
        if shown < expected:
            missing.append(f"{name}: {expected} figures declared, {shown} shown")
    assert not missing, "\n".join(missing)


def test_bibliography_lists_the_references(book):
    text = (book.html / "chapters" / "bibliography.html").read_text(encoding="utf-8")
    assert "walking backwards for tight hamstrings" in text.lower()
    assert "Rajagopal" in text
