"""Count the words of prose a reader reads on a page of the book (issue 13: no page over 3,500).

Usage::

    python tools/prose_words.py                 # every page of _toc.yml
    python tools/prose_words.py chapters/x.md   # the pages named

prints one line per page: its prose words and its path, largest first.

**What counts as prose.** A MyST page's running text: paragraphs, headings, lists, tables,
block quotes, the titles and bodies of admonitions (``{note}``, ``{admonition}``, ...), and the
captions of figures and glued figures. A link counts its text, not its address; a
cross-reference role (``{ref}``, ``{term}``, ``{doc}``, ...) counts the text the reader sees;
inline code (```like_this```) counts as one word.

**What does not.**

- code: code cells (``{code-cell}``) and any other fenced code block;
- exercises and solutions: ``{exercise}``, ``{solution}`` and everything from a
  ``{solution-start}`` to its ``{solution-end}``;
- reader questions: ``{question}`` blocks;
- maths: ``$$ ... $$`` and ``{math}`` blocks, inline ``$...$`` and the ``{math}`` role;
- directive options (``:label: ...`` lines at the top of a directive) and directive arguments
  that are not titles (a figure's file, a glue key);
- glue roles (``{glue:text}`...```, ``{glue}``...) and citations (``{cite:p}``, ``{cite:t}``...);
- the YAML front matter, comments (``% ...``, ``<!-- ... -->``), targets (``(label)=``), raw
  HTML blocks and images.

A word is a run of letters or digits, joined by inner hyphens or apostrophes ("parallel-axis"
and "muscle's" are one word each). The count is an estimate for a reading-length rule, not a
parser of MyST: it reads the page line by line, tracking fences by their marker and length.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: A page may hold at most this many prose words (issue 13, item 2; tests/test_reading.py).
LIMIT = 3500

FENCE = re.compile(r"^(?P<indent>\s*)(?P<marker>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^\s*:[\w-]+:")
WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")

#: Directives whose whole body is not prose.
SKIPPED = {
    "code-cell", "code", "code-block", "sourcecode", "literalinclude", "exercise", "solution",
    "question", "math", "raw", "glue", "glue:any", "glue:math", "glue:md", "bibliography",
    "toctree", "tableofcontents", "mermaid", "div-raw", "html", "eval-rst", "list-table-raw",
}
#: Directives whose argument is a title a reader reads (the rest's is a file, key or label).
TITLED = {
    "admonition", "exercise", "topic", "sidebar", "dropdown", "card", "tab-item", "margin",
    "table", "list-table", "csv-table",
}

ROLE_KEEP_TEXT = re.compile(r"\{(?:ref|term|doc|numref|eq|abbr|download|index|sub-ref|prf:ref|"
                            r"glossary)\}`(?P<body>[^`]*)`")
ROLE_DROP = re.compile(r"\{[\w:-]+\}`[^`]*`")  # glue:*, cite:*, math and anything else
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
INLINE_CODE = re.compile(r"`[^`\n]+`")
HTML_TAG = re.compile(r"<[^>]+>")


def _visible(text: str) -> str:
    """The text of a role such as ``{ref}`the words <label>``` that a reader sees."""
    text = text.strip()
    match = re.match(r"^(?P<shown>.*?)\s*<[^>]*>$", text, re.DOTALL)
    if match and match.group("shown"):
        return match.group("shown")
    if match:  # ``<label>`` only: the reader sees a title, count it as one word
        return "ref"
    return text.lstrip("~!")


def words_in_line(line: str) -> int:
    """Prose words in one line of running text (roles, links, maths and markup handled)."""
    line = ROLE_KEEP_TEXT.sub(lambda m: " " + _visible(m.group("body")) + " ", line)
    line = ROLE_DROP.sub(" ", line)
    line = INLINE_MATH.sub(" ", line)
    line = IMAGE.sub(" ", line)
    line = LINK.sub(lambda m: " " + m.group("text") + " ", line)
    line = INLINE_CODE.sub(" code ", line)
    line = HTML_TAG.sub(" ", line)
    return len(WORD.findall(line))


def prose_words(text: str) -> int:
    """Prose words in the MyST source ``text`` (see the module docstring for what counts)."""
    lines = text.splitlines()
    i = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        i = 1
        while i < len(lines) and lines[i].strip() != "---":
            i += 1
        i += 1
    count = 0
    stack: list[tuple[str, bool]] = []  # open fences: (marker, is the body skipped)
    in_solution = 0  # depth of solution-start ... solution-end regions
    in_comment = False
    in_dollars = False
    at_directive_top = False  # options of the directive just opened may follow
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        skipping = in_solution > 0 or any(skip for _, skip in stack)
        # closing fence of the innermost open block
        if stack:
            marker = stack[-1][0]
            if stripped and set(stripped) == {marker[0]} and len(stripped) >= len(marker):
                stack.pop()
                at_directive_top = False
                continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if in_dollars:
            in_dollars = "$$" not in stripped
            continue
        fence = FENCE.match(line)
        if fence:
            marker, info = fence.group("marker"), fence.group("info").strip()
            directive = DIRECTIVE.match(info)
            name = directive.group("name") if directive else ""
            if name == "solution-start":
                in_solution += 1
                stack.append((marker, True))
                continue
            if name == "solution-end":
                in_solution = max(0, in_solution - 1)
                stack.append((marker, True))
                continue
            skip = (not directive) or name in SKIPPED
            stack.append((marker, skip))
            at_directive_top = True
            if not (skipping or skip) and name in TITLED:
                count += words_in_line(directive.group("arg"))
            continue
        if skipping:
            continue
        if at_directive_top and OPTION.match(line):
            continue
        at_directive_top = False
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("$$"):
            in_dollars = "$$" not in stripped[2:]
            continue
        if stripped.startswith("%") or re.match(r"^\(.+\)=$", stripped):
            continue
        if stripped.startswith("<") and not stripped.startswith(("<details", "<summary")):
            continue  # a raw HTML block (a fold's summary is prose)
        count += words_in_line(line)
    return count


def page_source(name: str, root: Path = ROOT) -> Path:
    """The MyST source of a _toc.yml entry (``chapters/x`` -> ``chapters/x.md``)."""
    return Path(root) / f"{name}.md"


def book_pages(root: Path = ROOT) -> list[Path]:
    """The MyST source of every page of the book, in _toc.yml order."""
    sys.path.insert(0, str(Path(root) / "tools"))
    from book_toc import toc_files

    return [page_source(name, root) for name in toc_files(root)]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or book_pages()
    rows = sorted(((prose_words(p.read_text(encoding="utf-8")), p) for p in paths), reverse=True)
    for words, path in rows:
        try:
            shown = path.resolve().relative_to(ROOT)
        except ValueError:
            shown = path
        flag = "  over %d" % LIMIT if words > LIMIT else ""
        print(f"{words:6d}  {shown}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
