"""The printable book (`make pdf`, tools/make_pdf.py), made from the session's clean build.

An instructor who hands out a chapter needs what the web page has: every chapter, in the
table of contents' order, text that can be searched and copied, fonts that print anywhere,
every figure with its numbered caption, equations typeset, and no control that only works
on screen.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from book_toc import BOOK_PDF, ROOT, chapter_pdf, toc_files  # tools/, on sys.path by conftest
from browser_support import CHROMIUM, RAW_TEX, chromium_available
from test_book_build import content_pages

pytestmark = pytest.mark.build

# Print hides these (_static/print.css): images inside them are not expected on paper.
SCREEN_ONLY = ".anim-controls, .hs-screen-only, details.hide.above-input"
# Text of controls that only work on screen (the toggle of a hidden code cell, the repeat
# modes of an animation's player); none may reach paper.
SCREEN_ONLY_TEXT = [r"Show code cell (source|outputs?)", r"Once\s*Loop\s*Reflect"]


@pytest.fixture(scope="session")
def printed(book):
    """tools/make_pdf.py run on the clean build: (html folder, manifest)."""
    if not (book.html / "index.html").exists():
        pytest.fail("the book did not build: see test_build_succeeds_without_warnings")
    if not chromium_available():
        message = f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # In its own process, as `make pdf` runs it: Playwright's sync API cannot start a second
    # time inside this process while the browser tests' session is open.
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "make_pdf.py"), str(book.html)],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print(f"make_pdf: {time.monotonic() - started:.0f} s")
    manifest = json.loads((book.html / "pdf" / "manifest.json").read_text(encoding="utf-8"))
    return book.html, manifest


@functools.lru_cache(maxsize=None)
def _reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


@functools.lru_cache(maxsize=None)
def _page_text(path: Path, index: int) -> str:
    return _reader(path).pages[index].extract_text() or ""


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _title(html: Path, name: str) -> str:
    doc = BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    h1 = doc.select_one("article.bd-article h1")
    for link in h1.select("a.headerlink"):
        link.decompose()
    return " ".join(h1.get_text().split())


def _article(html: Path, name: str):
    doc = BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    return doc.select_one("article.bd-article")


def _text(path: Path, pages=None) -> str:
    pages = range(len(_reader(path).pages)) if pages is None else pages
    return "\n".join(_page_text(path, i) for i in pages)


def test_one_pdf_of_the_book_and_one_per_chapter(printed):
    html, manifest = printed
    assert (html / BOOK_PDF).stat().st_size > 100_000
    assert [c["name"] for c in manifest["chapters"]] == toc_files()
    for name in toc_files():
        path = html / chapter_pdf(name)
        assert path.exists(), path
        assert len(_reader(path).pages) >= 1


def test_chapter_titles_in_toc_order(printed):
    """Bookmarks and the printed contents list every chapter, in order, at its first page."""
    html, manifest = printed
    titles = [_title(html, name) for name in toc_files()]
    book = _reader(html / BOOK_PDF)
    top = [item for item in book.outline if not isinstance(item, list)]
    assert [item.title for item in top] == titles
    firsts = [book.get_destination_page_number(item) for item in top]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts), firsts
    for title, first in zip(titles, firsts):
        assert _squeeze(title) in _squeeze(_page_text(html / BOOK_PDF, first)), \
            f"{title!r} is not on the page its bookmark points at ({first + 1})"
    contents = _squeeze(_text(html / BOOK_PDF, range(manifest["front_pages"])))
    positions = [contents.find(_squeeze(t), contents.find("Contents")) for t in titles]
    assert -1 not in positions and positions == sorted(positions), list(zip(titles, positions))
    # The contents page gives each chapter's first page (numbers printed at the foot).
    for chapter, first in zip(manifest["chapters"], firsts):
        assert chapter["first_page"] == first + 1


def test_text_is_extractable_and_no_raw_tex(printed):
    """Searchable, copyable text; equations typeset (no TeX source), no screen-only controls."""
    html, manifest = printed
    problems = []
    for chapter in manifest["chapters"]:
        text = _text(html / chapter["file"])
        if _squeeze(chapter["title"]) not in _squeeze(text) or len(text) < 300:
            problems.append(f"{chapter['file']}: {len(text)} characters of text")
        if raw := [m.group(0) for m in RAW_TEX.finditer(text)]:
            problems.append(f"{chapter['file']}: raw TeX {raw[:3]}")
        for pattern in SCREEN_ONLY_TEXT:
            if re.search(pattern, text):
                problems.append(f"{chapter['file']}: screen-only control printed: {pattern}")
    assert not problems, "\n".join(problems)


def _fonts(resources, found: dict):
    """Every font used by a page's resources, through form XObjects and Type 3 glyphs."""
    if not resources:
        return
    resources = resources.get_object()
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        key = getattr(ref, "idnum", id(font))
        if key not in found:
            found[key] = font
            _fonts(font.get("/Resources"), found)
    for ref in (resources.get("/XObject") or {}).values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Form":
            _fonts(obj.get("/Resources"), found)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are drawn by procedures inside the file
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = (font.get("/FontDescriptor") or {})
    descriptor = descriptor.get_object() if descriptor else {}
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_font_is_embedded(printed):
    """A PDF that relies on the reader's fonts prints differently, or not at all, elsewhere."""
    html, _ = printed
    found: dict = {}
    for page in _reader(html / BOOK_PDF).pages:
        _fonts(page.get("/Resources"), found)
    assert found, "no fonts at all: is there any text?"
    missing = sorted({str(f.get("/BaseFont")) for f in found.values() if not _embedded(f)})
    assert not missing, f"fonts not embedded: {missing}"


def _images(reader) -> int:
    """Distinct raster images drawn anywhere in the PDF."""
    seen = set()

    def walk(resources):
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen.add(getattr(ref, "idnum", id(obj)))
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return len(seen)


def test_every_figure_and_numbered_caption_is_printed(printed):
    """Each chapter's PDF holds as many raster images as its web page shows (vector SVG
    figures are drawn, not embedded as images), and every numbered caption ("Fig. 12")."""
    html, manifest = printed
    problems = []
    for chapter in manifest["chapters"]:
        article = _article(html, chapter["name"])
        hidden = {id(img) for box in article.select(SCREEN_ONLY) for img in box.find_all("img")}
        raster = {img.get("src") for img in article.find_all("img") if id(img) not in hidden
                  and not urlsplit(img.get("src", "")).path.endswith(".svg")}
        reader = _reader(html / chapter["file"])
        if (shown := _images(reader)) < len(raster):
            problems.append(f"{chapter['file']}: {shown} images, the page has {len(raster)}")
        text = _squeeze(_text(html / chapter["file"]))
        for number in article.select("figcaption span.caption-number, p.caption span.caption-number, "
                                     "table caption span.caption-number"):
            if _squeeze(number.get_text()) not in text:
                problems.append(f"{chapter['file']}: caption {number.get_text().strip()!r} missing")
    assert not problems, "\n".join(problems)


def test_every_link_to_the_printed_book_resolves(printed):
    """The intro links the whole book, and every page's download menu its own PDF and the book."""
    html, _ = printed
    broken, to_book = [], 0
    for page in content_pages(html):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in doc.find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or not parts.path.endswith(".pdf"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            to_book += target == (html / BOOK_PDF).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(html)}: {a['href']}")
    assert not broken, "\n".join(broken)
    assert to_book >= len(content_pages(html)), "every page should link the whole book's PDF"
    intro = BeautifulSoup((html / "intro.html").read_text(encoding="utf-8"), "html.parser")
    assert intro.select_one(f'article a[href="{BOOK_PDF}"]'), "the intro links the book's PDF"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make pdf" in readme and BOOK_PDF in readme
