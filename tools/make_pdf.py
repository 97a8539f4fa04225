"""The printable book: one PDF of the whole book and one per chapter, from the built HTML.

    python tools/make_pdf.py [HTML_DIR]      (make pdf; HTML_DIR defaults to _build/html)

Debian's Chromium (the one the browser tests drive, through Playwright) prints every page of
the HTML build in table-of-contents order, as a reader's browser would with the page's print
style (_static/print.css: no sidebars or buttons, animations as their first frame, explorers'
controls hidden, the static figures kept). Equations are typeset by the book's own MathJax
before printing, and no request leaves the machine. pypdf then joins the chapters behind a
title page with a table of contents, adds bookmarks and page numbers.

Writes, inside HTML_DIR so that the published site serves them (the names are in
tools/book_toc.py; every page's download menu links them, see _ext/printed_book.py):
    pdf/hamstrings-backwards.pdf        the whole book
    pdf/chapters/NN-<page>.pdf          each page of the table of contents alone
    pdf/manifest.json                   titles, files, page ranges and figures per chapter
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import logging
import sys
import threading
import time
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

# pypdf notes that Chromium's PDFs have more objects than their trailer says; harmless.
logging.getLogger("pypdf").setLevel(logging.ERROR)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import BOOK_PDF, ROOT, chapter_pdf, toc_files  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# As in tests/browser_support.py: headless, and no host name resolves but 127.0.0.1.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
# 85 %: about 10 pt text, and lines of code and equations as long as on a laptop screen.
SCALE = 0.85
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
HEADER = ('<div style="font-size:8px; width:100%; padding:0 15mm; color:#555; '
          'display:flex; justify-content:space-between; font-family:sans-serif">'
          '<span>{book}</span><span class="title"></span></div>')

# Waits until the page is ready to print: MathJax has typeset every equation, every image
# (lazy ones too) has loaded. Returns the page's title and the figures a reader sees on paper.
READY_JS = """async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) await mj.startup.promise;
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
  })));
  // A displayed equation wider than the text shrinks to fit (print media is on).
  for (const eq of document.querySelectorAll('mjx-container[display="true"]')) {
    const room = eq.parentElement.clientWidth, need = eq.scrollWidth;
    if (room > 0 && need > room) eq.style.fontSize = Math.floor(100 * room / need) + '%';
  }
  const main = document.querySelector('article.bd-article') || document.body;
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const h1 = main.querySelector('h1');
  const text = h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))
                                    .map(n => n.textContent).join('').replace(/\\s+/g, ' ').trim();
  return {
    title: h1 ? text(h1) : document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4')].map(text),
    figures: [...main.querySelectorAll('img')].filter(shown).length,
    untypeset: [...main.querySelectorAll('.math')].filter(
        el => !el.querySelector('mjx-container')).length,
  };
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """The built site on 127.0.0.1 at a free port (MathJax fetches its fonts over HTTP)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _parts() -> dict[str, str]:
    """The part caption that each part's first page opens, from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    opens = {}
    for part in toc.get("parts", []):
        if part.get("chapters"):
            opens[str(Path(part["chapters"][0]["file"]).with_suffix(""))] = part["caption"]
    return opens


class Printer:
    """Debian's Chromium, started once, printing the served site and HTML of our own."""

    def __init__(self, html_dir: Path):
        self.html_dir = html_dir

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._serving = serve(self.html_dir)
        self.base = self._serving.__enter__()
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM,
                                                        args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(color_scheme="light", service_workers="block")
        # Nothing leaves the machine: every request to another origin is aborted.
        self.context.route(
            lambda url: url.startswith(("http:", "https:", "ws:", "wss:"))
            and not url.startswith(self.base),
            lambda route: route.abort("blockedbyclient"))
        return self

    def __exit__(self, *exc):
        self.browser.close()
        self._playwright.stop()
        self._serving.__exit__(*exc)

    def page(self, name: str, book: str) -> dict:
        """Page ``name`` of the table of contents printed alone: {name, title, figures, pdf}."""
        page = self.context.new_page()
        try:
            page.emulate_media(media="print")
            page.goto(self.base + name + ".html", wait_until="load")
            info = page.evaluate(READY_JS)
            if info["untypeset"]:
                raise RuntimeError(f"{name}: {info['untypeset']} equations not typeset")
            pdf = page.pdf(format="A4", margin=MARGIN, scale=SCALE, print_background=True,
                           outline=True, tagged=True, display_header_footer=True,
                           header_template=HEADER.format(book=html.escape(book)),
                           footer_template="<span></span>")
        finally:
            page.close()
        return {"name": name, "title": info["title"], "figures": info["figures"],
                "headings": info["headings"], "pdf": pdf}

    def markup(self, markup: str, margin: dict) -> PdfReader:
        page = self.context.new_page()
        try:
            page.set_content(markup, wait_until="load")
            pdf = page.pdf(format="A4", print_background=True, tagged=True, margin=margin)
        finally:
            page.close()
        return PdfReader(BytesIO(pdf))


def front_matter(printer: Printer, book: str, author: str, chapters: list[dict],
                 first_pages: list[int]) -> PdfReader:
    """Title page and table of contents, with each chapter's first page."""
    parts = _parts()
    rows = []
    for chapter, first in zip(chapters, first_pages):
        if chapter["name"] in parts:
            rows.append(f'<li class="part">{html.escape(parts[chapter["name"]])}</li>')
        rows.append(f'<li><span>{html.escape(chapter["title"])}</span>'
                    f'<span class="dots"></span><span>{first}</span></li>')
    return printer.markup(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(book)}</title><style>
 body {{ font-family: sans-serif; color: #111; }}
 .title {{ height: 240mm; display: flex; flex-direction: column; justify-content: center;
          text-align: center; break-after: page; }}
 .title h1 {{ font-size: 34pt; margin: 0 0 8mm; }}
 .title p {{ font-size: 12pt; color: #444; }}
 h2 {{ font-size: 18pt; }}
 ol {{ list-style: none; padding: 0; font-size: 11pt; }}
 li {{ display: flex; margin: 1.2mm 0; }}
 li.part {{ font-weight: bold; margin-top: 5mm; }}
 .dots {{ flex: 1; border-bottom: 1px dotted #888; margin: 0 2mm 1.2mm; }}
</style></head><body>
<section class="title"><h1>{html.escape(book)}</h1><p>{html.escape(author)}</p>
<p>The printable edition of the HTML book. Animations appear as their first frame and
interactive explorers as the static figures beside them; the web edition has them live.</p>
<p>Text and figures CC BY 4.0; code MIT.</p></section>
<h2>Contents</h2><ol>{''.join(rows)}</ol></body></html>""",
                          margin={"top": "20mm", "bottom": "20mm", "left": "20mm",
                                  "right": "20mm"})


def page_numbers(printer: Printer, count: int) -> PdfReader:
    """``count`` A4 pages that carry only their number (1, 2 ...) at the foot, to stamp."""
    pages = "".join(f'<div class="p"><span>{n}</span></div>' for n in range(1, count + 1))
    reader = printer.markup(f"""<!doctype html><html><head><style>
 @page {{ size: A4; margin: 0; }} body {{ margin: 0; }}
 .p {{ height: 297mm; position: relative; break-after: page; overflow: hidden; }}
 .p span {{ position: absolute; bottom: 8mm; width: 100%; text-align: center;
           font: 9px sans-serif; color: #333; }}
</style></head><body>{pages}</body></html>""", margin={"top": "0", "bottom": "0",
                                                   "left": "0", "right": "0"})
    if len(reader.pages) != count:
        raise RuntimeError(f"page-number sheet has {len(reader.pages)} pages, not {count}")
    return reader


def _numbered(source: PdfReader | PdfWriter, numbers: PdfReader) -> PdfWriter:
    """``source`` with page numbers 1, 2 ... stamped at the foot of its pages."""
    writer = source if isinstance(source, PdfWriter) else PdfWriter(clone_from=source)
    for page, number in zip(writer.pages, numbers.pages):
        page.merge_page(number)
    return writer


def _add_outline(writer: PdfWriter, reader: PdfReader, chapter: dict, first: int):
    """Bookmarks: the chapter's title at the top level, its sections below, as in the HTML.

    Chromium makes an outline of each printed page from its headings, but runs the lines of
    a wrapped heading together ("hamstringstight?"): titles are taken from the page's own
    headings instead, matched without spaces.
    """
    proper = {"".join(h.split()): h for h in chapter["headings"]}
    top = writer.add_outline_item(title=chapter["title"], page_number=first)

    def add(items, parent, previous=None):
        for item in items:
            if isinstance(item, list):
                add(item, previous if previous is not None else parent)
                continue
            key = "".join(item.title.split())
            half = key[:len(key) // 2]
            if key not in proper and key == half * 2:
                key = half  # Chromium sometimes names a heading twice over
            title = proper.get(key, " ".join(item.title.split()))
            page = first + reader.get_destination_page_number(item)
            if "".join(title.split()) == "".join(chapter["title"].split()) and parent is top:
                previous = top  # Chromium's own entry for the title: the chapter's
                continue
            previous = writer.add_outline_item(title=title, page_number=page, parent=parent)

    add(reader.outline, top)


def make_pdf(html_dir: Path) -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    book, author = config["title"], config.get("author", "")
    out = html_dir / "pdf"
    (out / "chapters").mkdir(parents=True, exist_ok=True)
    for old in (out / "chapters").glob("*.pdf"):
        old.unlink()

    with Printer(html_dir) as printer:
        chapters = [printer.page(name, book) for name in toc_files()]
        readers = [PdfReader(BytesIO(c["pdf"])) for c in chapters]
        # The front matter's length decides where the chapters start: lay it out until
        # stable.
        front_pages = 2
        for _ in range(3):
            firsts, page = [], front_pages + 1
            for reader in readers:
                firsts.append(page)
                page += len(reader.pages)
            front = front_matter(printer, book, author, chapters, firsts)
            if len(front.pages) == front_pages:
                break
            front_pages = len(front.pages)
        numbers = page_numbers(printer, page - 1)

    writer = PdfWriter()
    writer.append(front, import_outline=False)
    manifest = {"book": BOOK_PDF, "title": book, "front_pages": front_pages, "chapters": []}
    for chapter, reader, first in zip(chapters, readers, firsts):
        writer.append(reader, import_outline=False)
        _add_outline(writer, reader, chapter, first - 1)
        file = chapter_pdf(chapter["name"])
        with open(html_dir / file, "wb") as handle:
            _numbered(reader, numbers).write(handle)
        manifest["chapters"].append({
            "name": chapter["name"], "title": chapter["title"], "file": file,
            "first_page": first, "pages": len(reader.pages), "figures": chapter["figures"]})
    writer.add_metadata({"/Title": book, "/Author": author})
    writer.page_mode = "/UseOutlines"
    with open(html_dir / BOOK_PDF, "wb") as handle:
        _numbered(writer, numbers).write(handle)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str]) -> int:
    html_dir = Path(argv[1] if len(argv) > 1 else ROOT / "_build" / "html").resolve()
    if not (html_dir / "index.html").exists():
        print(f"{html_dir} has no built book: run `make book` first", file=sys.stderr)
        return 1
    started = time.monotonic()
    manifest = make_pdf(html_dir)
    pages = manifest["front_pages"] + sum(c["pages"] for c in manifest["chapters"])
    print(f"The printable book ({pages} pages, {len(manifest['chapters'])} chapters, "
          f"{time.monotonic() - started:.0f} s) is at: {html_dir / BOOK_PDF}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
