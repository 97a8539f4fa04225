"""The book's table of contents, read in one place for the tools, tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_files(root: Path = ROOT) -> list[str]:
    """Every document named in ``_toc.yml``, root first, in order, without suffix."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    found = [str(Path(toc["root"]).with_suffix(""))]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(Path(node["file"]).with_suffix("")))
            for key, value in node.items():
                if key != "file":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


# The printable book (tools/make_pdf.py), inside the built site: the whole book, and each
# page of the table of contents alone, numbered in toc order.
BOOK_PDF = "pdf/hamstrings-backwards.pdf"


def chapter_pdf(name: str, root: Path = ROOT) -> str:
    """Where the PDF of page ``name`` (as in toc_files) is, relative to the site's root."""
    number = toc_files(root).index(name) + 1
    return f"pdf/chapters/{number:02d}-{Path(name).name}.pdf"
