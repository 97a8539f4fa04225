"""The printable book in the download menu of every page.

sphinx-book-theme's download button offers the page's source and "Print to PDF" (the
browser's print dialog, styled by _static/print.css). This adds the PDFs that `make pdf`
(tools/make_pdf.py) writes into the site: this page alone, and the whole book. `make book`
alone does not write them (the GitHub Pages workflow runs `make pdf` after it), so a local
build without `make pdf` has these two links dangling; tests/test_pdf.py checks they resolve
once it has run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
try:
    from book_toc import BOOK_PDF, chapter_pdf, toc_files
except ImportError:  # a book copied without tools/ (the small books of test_strictness.py)
    BOOK_PDF = None


def _add_pdf_links(app, pagename, templatename, context, doctree):
    groups = [b for b in context.get("header_buttons", [])
              if b.get("label") == "download-buttons"]
    if not groups or pagename not in app.config.printed_pages:
        return
    pathto = context["pathto"]
    groups[0]["buttons"].extend([
        {"type": "link", "url": pathto(chapter_pdf(pagename), 1), "text": "Chapter (PDF)",
         "tooltip": "This page, printed (PDF)", "icon": "fas fa-file-pdf",
         "label": "download-chapter-pdf-button"},
        {"type": "link", "url": pathto(BOOK_PDF, 1), "text": "Book (PDF)",
         "tooltip": "The whole book, printed (PDF)", "icon": "fas fa-book",
         "label": "download-book-pdf-button"},
    ])


def setup(app):
    if BOOK_PDF is None:
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    app.add_config_value("printed_pages", toc_files(Path(app.srcdir)), "html")
    # After sphinx-book-theme's add_header_buttons (priority 501) has made the menu.
    app.connect("html-page-context", _add_pdf_links, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
