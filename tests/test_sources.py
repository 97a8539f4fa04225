"""Sources a reader can follow (issue 13, item 6).

- The data tables' text columns (``src/hamstrings/data/*.csv``: sources and notes) cite sources
  by their ``references.bib`` keys, and every key they name is in ``references.bib``. They never
  send a reader to notes or files that are not published ("reference notes", ``reference/...``).
- The article under test has its URL in its bibliography entry.
- One spelling per author name where the labs and the glossary write it in prose: Yıldırım,
  not Yildirim (citation keys such as ``yildirim2018`` stay ASCII).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import ROOT

DATA = ROOT / "src" / "hamstrings" / "data"
BIB_TEXT = (ROOT / "references.bib").read_text(encoding="utf-8")
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB_TEXT, re.MULTILINE))

#: A word shaped like one of the book's citation keys: a lower-case name and a year.
KEY_LIKE = re.compile(r"(?<![\w./-])[a-z][a-z_]*(?:19|20)\d\d[a-z]?(?![\w])")
#: Words shaped like a key that are not citations, and why.
NOT_KEYS = {
    "gait2392": "the name of an OpenSim model (its source is delp1990)",
}
#: What a reader of the published book cannot open.
UNPUBLISHED = re.compile(r"reference notes|reference/|\b\w+\.md\b", re.IGNORECASE)
#: Tables whose notes another branch of issue 13 rewrites; drop an entry once that is merged.
ELSEWHERE: dict[str, str] = {}  # table -> why its notes are not checked (none now)


def tables() -> list[Path]:
    return sorted(DATA.glob("*.csv"))


def text_cells(path: Path) -> list[tuple[int, str, str]]:
    """(row, column, text) for every cell of a table that is not a number or empty."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cells = []
    for i, row in enumerate(rows, start=2):
        for column, value in row.items():
            value = (value or "").strip()
            if not value:
                continue
            try:
                float(value)
            except ValueError:
                cells.append((i, column, value))
    return cells


def cited_keys(text: str) -> set[str]:
    return {word for word in KEY_LIKE.findall(text) if word not in NOT_KEYS}


def test_the_key_finder_finds_keys_and_only_keys():
    text = ("perry2010: toe off; winter1989 and grasso1998 (W). gait2392 talus origin; "
            "Rajagopal2015.osim; see reference/gait.md; 2.0 m; jansen2012's study")
    assert cited_keys(text) == {"perry2010", "winter1989", "grasso1998", "jansen2012"}
    assert UNPUBLISHED.search("summarised in the book's reference notes")
    assert UNPUBLISHED.search("perry2010 (reference/gait.md)")
    assert not UNPUBLISHED.search("perry2010: hip about 30 deg")


def test_there_are_tables_and_a_bibliography():
    assert len(tables()) >= 10 and len(BIB_KEYS) >= 40
    assert set(ELSEWHERE) <= {p.name for p in tables()}


@pytest.mark.parametrize("path", tables(), ids=lambda p: p.name)
def test_data_table_notes_cite_bibliography_keys_only(path):
    if path.name in ELSEWHERE:
        pytest.skip(ELSEWHERE[path.name])
    problems = []
    for row, column, text in text_cells(path):
        missing = sorted(cited_keys(text) - BIB_KEYS)
        if missing:
            problems.append(f"row {row}, {column}: {missing} not in references.bib")
        hidden = UNPUBLISHED.search(text)
        if hidden:
            problems.append(f"row {row}, {column}: points at {hidden.group()!r}, which readers cannot see")
        if re.search(r"\b[A-Z][a-z]+ et al\.? (?:19|20)\d\d\b", text):
            problems.append(f"row {row}, {column}: an author-year citation; cite the bib key")
    assert not problems, "\n".join(problems)


def test_every_source_column_cites_a_key_or_says_it_is_the_books_own():
    """A number's source is a bib key, or the table says it is this book's choice."""
    own = re.compile(r"this book|the book's|assum|illustrative|definition|not measured|"
                     r"for this book|drawing only|shared by|see |as above|same", re.IGNORECASE)
    problems = []
    for path in tables():
        if path.name in ELSEWHERE:
            continue
        for row, column, text in text_cells(path):
            if column.startswith("source") and not (cited_keys(text) & BIB_KEYS) \
                    and not own.search(text) and not any(key in text for key in BIB_KEYS):
                problems.append(f"{path.name} row {row}: {text[:100]!r}")
    assert not problems, "\n".join(problems)


def test_the_article_under_test_has_its_url():
    entry = re.search(r"^@\w+\{lopez2015,(.*?)^\}", BIB_TEXT, re.MULTILINE | re.DOTALL)
    assert entry, "lopez2015 is missing from references.bib"
    url = re.search(r"^\s*url\s*=\s*\{(https://[^}]+)\}", entry.group(1), re.MULTILINE)
    assert url and "walking-backwards-for-tight-hamstrings" in url.group(1)


def prose_pages() -> list[Path]:
    glossary = [ROOT / "chapters" / "glossary.md", ROOT / "chapters" / "glossary_m_z.md"]
    return sorted((ROOT / "notebooks").glob("lab*.md")) + glossary


@pytest.mark.parametrize("path", prose_pages(), ids=lambda p: p.name)
def test_one_spelling_of_yildirim(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\bYildirim", text), "spell the name Yıldırım (keys stay yildirim2018)"
