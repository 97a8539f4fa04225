"""Turn a MyST page, read into cells by MyST-NB, into a plain notebook any front end renders.

JupyterLab, Notebook 7, VS Code and Colab render CommonMark, HTML and ``$`` maths in Markdown
cells, and nothing of MyST. So every MyST construct becomes its plain counterpart:

==========================================  ==================================================
MyST on the page                            plain notebook
==========================================  ==================================================
``{cite:p}`key``` / ``{cite:t}`key```       "(Author et al., 2016)" / "Author et al. (2016)",
                                            linked to the DOI or URL of ``references.bib``
``{ref}``, ``{numref}``, ``{doc}``,          a link to the published page (the same text the
links to ``.md`` pages                      book shows: title, "Figure 3", "Exercise 2" ...)
``{term}`` and unknown roles                 their text
``{glue:text}`name:.1f```                   ```name``` in code style; a code cell after the
                                            paragraph prints the values (``show_numbers``)
admonitions (``{admonition}``, ``{note}``)  a blockquote with a bold title (``<details>`` when
                                            ``:class: dropdown``)
``{exercise}`` (plain or gated)             a heading "Exercise N: title" and its text
``{solution}`` (plain)                      one Markdown cell folded in ``<details>``
gated ``{solution-start}`` ... ``-end``     one Markdown cell folded in ``<details>``: its
                                            prose, and its code cells as ``python`` blocks
``{figure}``, code cells with a caption     the image, and "**Figure N.** caption"
``(label)=``, ``% comment``, options        dropped
==========================================  ==================================================

Why solutions are folded only with ``<details>``: it is the one fold that all four front ends
honour (and GitHub's notebook viewer). Folding a *code* cell is front-end specific:
``jupyter.source_hidden`` is honoured by JupyterLab and Notebook 7 only (VS Code ignores the
file's metadata; Colab folds only its own ``cellView: form`` cells with a ``# @title`` line),
and a folded code cell still prints its answer on "Run all". So a solution's code is shown
inside the fold as a ``python`` block, to read and to copy into the exercise's own cell; the
web page runs it and shows its result.

Why not QuantEcon's ``sphinx-tojupyter``: it is a Sphinx builder, so every twin would need a
second full Sphinx build of the book (with execution, for glue) on the 2-core CI, and the
committed twins that Colab opens from GitHub could not be checked for staleness without one;
it would add a dependency (and its pins) to a book pinned to Jupyter Book 1.0.4, for
constructs (sphinx-exercise dropdowns, gated solutions, myst-nb figure captions) it may not
know. This module needs only MyST-NB's reader, already a dependency, runs in a second, and a
test pins every construct the book uses.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import nbformat
import yaml

#: Directives that become a blockquote with a bold title (the title if none is given).
ADMONITIONS = {
    "admonition": "", "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important",
    "warning": "Warning", "caution": "Caution", "attention": "Attention", "danger": "Danger",
    "error": "Error", "seealso": "See also", "margin": "", "sidebar": "", "topic": "",
    "epigraph": "", "dropdown": "",
}
CODE_DIRECTIVES = {"code-block", "code", "sourcecode", "literalinclude-text"}
DROPPED_DIRECTIVES = {"bibliography", "glossary", "toctree", "tableofcontents", "contents",
                      "only", "raw-latex", "meta"}

OPEN_FENCE = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
#: A role, or an inline code span (kept as it is), whichever starts first.
INLINE = re.compile(
    r"\{(?P<role>[A-Za-z][\w:.+-]*)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)(?!`)"
    r"|(?P<code>(?P<cticks>`+).+?(?P=cticks)(?!`))", re.DOTALL)
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")
DOLLAR_LABEL = re.compile(r"^(?P<close>.*\$\$)\s*\([^()\s]+\)\s*$")

SOLUTION_START, SOLUTION_END = "\x00SOLUTION-START\x00", "\x00SOLUTION-END\x00"
CELL_BREAK = "\x00CELL-BREAK\x00"  # exercises and solutions get cells of their own


# ---------------------------------------------------------------------------- the book index

@dataclass
class Target:
    doc: str        # the page, e.g. "chapters/sitting"
    anchor: str     # the HTML id, "" for the page itself
    text: str       # what a reference shows


@dataclass
class BookIndex:
    """What cross-references and citations need to know about the whole book."""

    base_url: str
    docs: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    bib: dict[str, dict] = field(default_factory=dict)
    #: Exercises before each page: sphinx-exercise numbers them through the whole book.
    exercises_before: dict[str, int] = field(default_factory=dict)

    def page_url(self, doc: str, anchor: str = "") -> str:
        return f"{self.base_url}{doc}.html" + (f"#{anchor}" if anchor else "")


def published_base_url(config: dict) -> str:
    """``html.baseurl`` from _config.yml, else GitHub Pages' address for the repository."""
    base = (config.get("html") or {}).get("baseurl") or ""
    if not base:
        parts = urlsplit(config["repository"]["url"]).path.strip("/").split("/")
        owner, repo = parts[0], parts[1]
        base = f"https://{owner.lower()}.github.io/{repo}/"
    return base.rstrip("/") + "/"


def _front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return {}, text
    return yaml.safe_load(match.group(1)) or {}, text[match.end():]


def page_text(root: Path, doc: str) -> str | None:
    """A page's MyST text (a notebook page: its Markdown cells and code cells as MyST)."""
    md = root / f"{doc}.md"
    if md.exists():
        return md.read_text(encoding="utf-8")
    nb_path = root / f"{doc}.ipynb"
    if nb_path.exists():
        nb = nbformat.read(nb_path, as_version=4)
        parts = []
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                parts.append(cell.source)
            elif cell.cell_type == "code":
                meta = yaml.safe_dump(dict(cell.metadata)) if cell.metadata else ""
                parts.append(f"```{{code-cell}} python\n---\n{meta}---\n{cell.source}\n```")
        return "\n\n".join(parts)
    return None


def _code_cell_options(block: str) -> dict:
    """The options of a ``{code-cell}`` block (``:key: value`` lines or a YAML header)."""
    lines = block.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end:
            return yaml.safe_load("\n".join(lines[1:end])) or {}
    options = {}
    for line in lines:
        match = OPTION.match(line)
        if not match:
            break
        try:
            options[match["key"]] = yaml.safe_load(match["value"])
        except yaml.YAMLError:
            options[match["key"]] = match["value"]
    return options


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n")[0].split())


def build_index(root: Path, docs: list[str], config: dict) -> BookIndex:
    """Titles, labels (with figure and exercise numbers) and the bibliography of the book."""
    index = BookIndex(base_url=published_base_url(config), docs=docs)
    figure_number = 0
    exercise_number = 0
    for doc in docs:
        text = page_text(root, doc)
        if text is None:
            continue
        meta, body = _front_matter(text)
        title = next((m["text"] for line in body.split("\n") if (m := HEADING.match(line))
                      and len(m["hashes"]) == 1), PurePosixPath(doc).name)
        index.titles[doc] = title
        lines = body.split("\n")
        index.exercises_before[doc] = exercise_number
        pending = None
        for i, line in enumerate(lines):
            target = TARGET.match(line)
            if target:
                pending = target["label"]
                continue
            heading = HEADING.match(line)
            if pending and heading:
                index.targets[pending] = Target(doc, pending, heading["text"])
                pending = None
            elif pending and line.strip():
                index.targets[pending] = Target(doc, pending, title)
                pending = None
            fence = OPEN_FENCE.match(line)
            info = DIRECTIVE_INFO.match(fence["info"].strip()) if fence else None
            if not info:
                continue
            name, arg = info["name"], info["arg"].strip()
            block = "\n".join(lines[i + 1:i + 40])
            options = _code_cell_options(block) if name == "code-cell" else {
                m["key"]: m["value"].strip() for m in map(OPTION.match, lines[i + 1:i + 20])
                if m}
            if name in ("exercise", "exercise-start"):
                exercise_number += 1
                label = options.get("label")
                if label:
                    words = f"Exercise {exercise_number}"
                    index.targets[label] = Target(doc, label, words)
            elif name == "figure":
                label = options.get("name")
                caption = _figure_caption(lines[i + 1:], fence["fence"])
                if label and caption:
                    figure_number += 1
                    index.targets[label] = Target(doc, label, f"Fig. {figure_number}")
            elif name == "code-cell":
                figure = (options.get("mystnb") or {}).get("figure") or options.get("figure") or {}
                if isinstance(figure, dict) and figure.get("name") and figure.get("caption"):
                    figure_number += 1
                    index.targets[figure["name"]] = Target(doc, figure["name"],
                                                           f"Fig. {figure_number}")
            elif options.get("label") or options.get("name"):
                label = options.get("label") or options.get("name")
                index.targets[label] = Target(doc, label, arg or title)
    bib = root / "references.bib"
    if bib.exists():
        index.bib = read_bibliography(bib)
    return index


def _figure_caption(lines: list[str], fence: str) -> str:
    body = []
    for line in lines:
        if line.strip() == fence or (line.strip().startswith(fence[0] * len(fence))
                                     and set(line.strip()) == {fence[0]}):
            break
        body.append(line)
    text = "\n".join(l for l in body if not OPTION.match(l)).strip()
    return text


def read_bibliography(path: Path) -> dict[str, dict]:
    """Each entry's author-year text and link (DOI, else URL), from references.bib."""
    from pybtex.database import parse_file

    data = parse_file(str(path), bib_format="bibtex")
    entries = {}
    for key, entry in data.entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        last = [_latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not last:
            names = _latex_to_text(entry.fields.get("organization", entry.fields.get("title", key)))
        elif len(last) == 1:
            names = last[0]
        elif len(last) == 2:
            names = f"{last[0]} and {last[1]}"
        else:
            names = f"{last[0]} et al."
        year = entry.fields.get("year", "n.d.")
        doi = entry.fields.get("doi", "").strip()
        url = f"https://doi.org/{doi}" if doi else entry.fields.get("url", "").strip()
        entries[key.lower()] = {"names": names, "year": year, "url": url}
    return entries


def _latex_to_text(text: str) -> str:
    text = re.sub(r"\\[\"'`^~=.]\{?(\w)\}?", r"\1", text)  # accents: keep the letter
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("--", "–")


# ----------------------------------------------------------------------------- one page

class PageConverter:
    """Converts one page's cells; numbers exercises and keeps the state of gated solutions."""

    def __init__(self, index: BookIndex, doc: str):
        self.index = index
        self.doc = doc
        self.exercises = index.exercises_before.get(doc, 0)
        self.exercise_numbers: dict[str, int] = {}
        self.heading_level = 1
        self.solution: str | None = None   # the summary text of the gated solution we are in
        self.solution_parts: list[str] = []

    # -- inline -------------------------------------------------------------------------
    def inline(self, text: str) -> str:
        text = INLINE.sub(self._inline_match, text)
        return MD_LINK.sub(self._link, text)

    def _inline_match(self, match) -> str:
        if match["code"]:
            return match["code"]
        return self.role(match["role"], match["content"])

    def role(self, role: str, content: str) -> str:
        content = content.strip()
        explicit = EXPLICIT.match(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else ("", content)
        domain_role = role.split(":")[-1]
        if role.startswith("cite"):
            return self.cite(role, content)
        if domain_role in ("ref", "numref", "eq", "any"):
            found = self.index.targets.get(target)
            if found is None:
                return text or target
            words = text or found.text
            if domain_role == "numref" and text:
                number = found.text.split(" ")[-1]
                words = text.replace("%s", number).replace("{number}", number)
            return f"[{words}]({self.index.page_url(found.doc, found.anchor)})"
        if domain_role == "doc":
            doc = self.resolve_doc(target)
            words = text or self.index.titles.get(doc, PurePosixPath(doc).name)
            return f"[{words}]({self.index.page_url(doc)})" if doc in self.index.titles else words
        if role in ("glue", "glue:text", "glue:any", "glue:md", "glue:"):
            return f"`{content.split(':')[0]}`"
        if role == "math":
            return f"${content}$"
        if role in ("sub", "sup", "kbd", "abbr"):
            tag = {"abbr": "abbr"}.get(role, role)
            return f"<{tag}>{text or target}</{tag}>"
        if role in ("fas", "far", "fab", "fa", "octicon", "icon"):
            return {"rocket": "🚀", "download": "⬇", "expand": "⛶"}.get(content, "")
        if role in ("code", "samp", "file", "command", "program", "envvar", "kbd", "literal"):
            return f"`{content}`"
        return text or target

    def cite(self, role: str, content: str) -> str:
        keys = [k.strip() for k in re.sub(r"^\{[^}]*\}|\{[^}]*\}$", "", content).split(",")
                if k.strip()]
        textual = role.split(":")[-1] in ("t", "ts", "ct", "cts")
        parts = []
        for key in keys:
            entry = self.index.bib.get(key.lower())
            if entry is None:
                parts.append(key)
                continue
            words = (f"{entry['names']} ({entry['year']})" if textual
                     else f"{entry['names']}, {entry['year']}")
            parts.append(f"[{words}]({entry['url']})" if entry["url"] else words)
        if role.split(":")[-1] in ("year",):
            return ", ".join(self.index.bib.get(k.lower(), {}).get("year", k) for k in keys)
        if role.split(":")[-1] in ("author",):
            return ", ".join(self.index.bib.get(k.lower(), {}).get("names", k) for k in keys)
        return "; ".join(parts) if textual else f"({'; '.join(parts)})"

    def resolve_doc(self, target: str) -> str:
        target = target.removesuffix(".md").removesuffix(".ipynb")
        if target.startswith("/"):
            return target.lstrip("/")
        parts: list[str] = list(PurePosixPath(self.doc).parent.parts)
        for part in PurePosixPath(target).parts:
            if part == "..":
                if parts:
                    parts.pop()
            elif part != ".":
                parts.append(part)
        return "/".join(parts)

    def _link(self, match) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return match.group(0)
        path, _, anchor = target.partition("#")
        if path.endswith((".md", ".ipynb")):
            doc = self.resolve_doc(path)
            if doc in self.index.titles:
                return f"[{match['text']}]({self.index.page_url(doc, anchor)})"
        return match.group(0)

    # -- blocks -------------------------------------------------------------------------
    def markdown(self, text: str) -> str:
        """Plain Markdown for a MyST Markdown text (may hold gated-solution markers)."""
        lines = text.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if TARGET.match(line) or re.match(r"^%", line) or line.strip() == "+++":
                i += 1
                continue
            heading = HEADING.match(line)
            if heading:
                self.heading_level = len(heading["hashes"])
            fence = OPEN_FENCE.match(line)
            if fence:
                end = self._closing(lines, i, fence)
                body = lines[i + 1:end]
                info = fence["info"].strip()
                directive = DIRECTIVE_INFO.match(info)
                if directive:
                    out.append(self.directive(directive["name"], directive["arg"].strip(),
                                              body))
                else:  # an ordinary code block: copied as it is
                    out.extend(lines[i:end + 1])
                i = end + 1
                continue
            dollar = DOLLAR_LABEL.match(line)
            if dollar:
                line = dollar["close"]
            out.append(line)
            i += 1
        text = "\n".join(out)
        # Roles and links, outside fenced code blocks only.
        pieces = re.split(r"(^(?:`{3,}|~{3,})[^\n]*\n.*?^(?:`{3,}|~{3,})[ \t]*$)", text,
                          flags=re.MULTILINE | re.DOTALL)
        text = "".join(p if j % 2 else self.inline(p) for j, p in enumerate(pieces))
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")

    @staticmethod
    def _closing(lines: list[str], start: int, fence) -> int:
        char, size = fence["fence"][0], len(fence["fence"])
        directive = DIRECTIVE_INFO.match(fence["info"].strip())
        depth = 0
        for j in range(start + 1, len(lines)):
            stripped = lines[j].strip()
            if char == ":" and directive:  # colon fences nest
                if re.match(r"^:{%d,}\{" % size, stripped):
                    depth += 1
                    continue
            if stripped and set(stripped) == {char} and len(stripped) >= size:
                if depth == 0:
                    return j
                depth -= 1
        return len(lines) - 1

    def _split_options(self, body: list[str]) -> tuple[dict, list[str]]:
        options: dict[str, str] = {}
        if body and body[0].strip() == "---":
            end = next((j for j, l in enumerate(body[1:], 1) if l.strip() == "---"), None)
            if end:
                loaded = yaml.safe_load("\n".join(body[1:end])) or {}
                return {k: str(v) for k, v in loaded.items()}, body[end + 1:]
        j = 0
        while j < len(body):
            match = OPTION.match(body[j])
            if not match:
                break
            options[match["key"]] = match["value"].strip()
            j += 1
        return options, body[j:]

    def directive(self, name: str, arg: str, body_lines: list[str]) -> str:
        options, body_lines = self._split_options(body_lines)
        body = "\n".join(body_lines).strip("\n")
        classes = options.get("class", "").split()
        if name in DROPPED_DIRECTIVES:
            return ""
        if name in CODE_DIRECTIVES:
            return f"```{arg}\n{body}\n```"
        if name in ("math", "equation"):
            return f"$$\n{body.strip()}\n$$"
        if name in ("figure", "image"):
            return self.figure(arg, options, body)
        if name in ("exercise", "exercise-start"):
            return self.exercise(arg, options, body)
        if name == "exercise-end":
            return ""
        if name == "solution":
            summary = self.solution_summary(arg, options)
            return (f"{CELL_BREAK}\n<details>\n<summary>{summary}</summary>\n\n"
                    f"{self.markdown(body)}\n\n</details>\n{CELL_BREAK}")
        if name == "solution-start":
            return f"{SOLUTION_START}{self.solution_summary(arg, options)}\n\n{self.markdown(body)}"
        if name == "solution-end":
            return SOLUTION_END
        if name == "raw" and arg.strip() == "html":
            if re.search(r"<(script|iframe)\b", body, re.IGNORECASE):
                # Notebook front ends do not run scripts in Markdown: point to the web page.
                url = self.index.page_url(self.doc)
                return (f"> **On the web page** an interactive element stands here: see the "
                        f"[web version]({url}).")
            return body
        if name in ("div", "container", "card", "grid-item", "grid-item-card", "tab-set"):
            return self.markdown(body).replace(CELL_BREAK, "")
        if name in ("table", "list-table", "csv-table"):  # the table as written, title above
            inner = self.markdown(body).replace(CELL_BREAK, "")
            return f"**{self.inline(arg)}**\n\n{inner}" if arg else inner
        inner = self.markdown(body).replace(CELL_BREAK, "")
        title = arg or ADMONITIONS.get(name, "") or ""
        title = self.inline(title)
        if "dropdown" in classes or name == "dropdown":
            return f"<details>\n<summary>{title or 'Details'}</summary>\n\n{inner}\n\n</details>"
        quoted = "\n".join(f"> {l}" if l.strip() else ">" for l in inner.split("\n"))
        if title:
            return f"> **{title}**\n>\n{quoted}"
        return quoted

    def exercise(self, arg: str, options: dict, body: str) -> str:
        self.exercises += 1
        if options.get("label"):
            self.exercise_numbers[options["label"]] = self.exercises
        level = "#" * min(max(self.heading_level + 1, 3), 6)
        title = f": {self.inline(arg)}" if arg else ""
        return (f"{CELL_BREAK}\n{level} Exercise {self.exercises}{title}\n\n"
                f"{self.markdown(body)}\n{CELL_BREAK}")

    def solution_summary(self, arg: str, options: dict) -> str:
        number = self.exercise_numbers.get(arg.strip())
        return f"Solution to Exercise {number}" if number else "Solution"

    def figure(self, arg: str, options: dict, body: str) -> str:
        """The image (a path relative to the page, as the notebook sits beside it) and caption."""
        alt = options.get("alt", "")
        found = self.index.targets.get(options.get("name", ""))
        path = arg.strip()
        if path.startswith("/"):  # MyST: relative to the book's root
            path = posixpath.relpath(path[1:], posixpath.dirname(self.doc) or ".")
        image = f"![{alt}]({path})"
        caption = self.markdown(body).replace(CELL_BREAK, "") if body.strip() else ""
        if not caption:
            return image
        number = f"**{found.text}.** " if found else ""
        return f"{image}\n\n{number}{caption}"

    # -- cells --------------------------------------------------------------------------
    def cells(self, cells: list) -> list:
        """The converted cells of a page, with the cells that print glued numbers."""
        groups = [self.cell(cell) for cell in cells]
        groups[-1:] = [groups[-1] + self.finish()] if groups else []
        out = add_number_cells(cells, groups)
        return [c for c in out if c.cell_type != "markdown" or c.source.strip()]

    def cell(self, cell) -> list:
        """What one MyST cell becomes (none, one or several cells)."""
        out = []
        if cell.cell_type == "markdown":
            out.extend(self.markdown_cells(self.markdown(cell.source)))
        elif cell.cell_type == "code":
            if self.solution is not None:  # a gated solution's code: folded with its prose
                self.solution_parts.append(f"```python\n{cell.source.strip()}\n```")
                return out
            code = nbformat.v4.new_code_cell(cell.source, metadata=dict(cell.metadata))
            out.append(code)
            caption = self.code_figure_caption(cell)
            if caption:
                out.append(nbformat.v4.new_markdown_cell(caption))
        else:
            out.append(cell)
        return out

    def code_figure_caption(self, cell) -> str:
        figure = (cell.metadata.get("mystnb") or {}).get("figure") or {}
        caption = figure.get("caption") if isinstance(figure, dict) else None
        if not caption:
            return ""
        found = self.index.targets.get(figure.get("name", ""))
        number = f"**{found.text}.** " if found else "**Figure.** "
        return number + self.markdown(str(caption)).replace("\n\n", " ")

    def markdown_cells(self, text: str) -> list:
        """Split at gated-solution markers; fold what lies inside a solution."""
        cells = []
        pattern = re.compile(f"({re.escape(SOLUTION_START)}[^\n]*|{re.escape(SOLUTION_END)}"
                             f"|{re.escape(CELL_BREAK)})")
        for piece in pattern.split(text):
            if piece == CELL_BREAK:
                continue
            if piece.startswith(SOLUTION_START):
                self.solution = piece[len(SOLUTION_START):].strip()
                self.solution_parts = []
                continue
            if piece == SOLUTION_END:
                if self.solution is not None:
                    cells.append(self.folded_solution())
                continue
            piece = piece.strip("\n")
            if not piece.strip():
                continue
            if self.solution is not None:
                self.solution_parts.append(piece)
            else:
                cells.append(nbformat.v4.new_markdown_cell(piece))
        return cells

    def folded_solution(self):
        """One Markdown cell: the gated solution's prose and code inside ``<details>``."""
        body = "\n\n".join(self.solution_parts) or "(No text.)"
        cell = nbformat.v4.new_markdown_cell(
            f"<details>\n<summary>{self.solution}</summary>\n\n{body}\n\n</details>")
        self.solution, self.solution_parts = None, []
        return cell

    def finish(self) -> list:
        """Cells still open at the end of the page (a solution-start without its end)."""
        return [self.folded_solution()] if self.solution is not None else []


# ------------------------------------------------------------------------- glued numbers

GLUE_ROLE = re.compile(r"\{glue(?::\w*)?\}`(?P<spec>[^`]+)`")
GLUE_CALL = r"""glue\(\s*(?:name\s*=\s*)?["']{name}["']"""

SHOW_NUMBERS_SOURCE = '''\
# @title Numbers in the text (run this cell; the text shows each number's `name`)
# The web book writes the model's numbers into its text. Here the text shows their names, like
# `name`, and a cell after the paragraph prints them once the cells above it have run.
import myst_nb

NUMBERS = {}
_book_glue = myst_nb.glue


def _keep_number(name, variable, display=True):
    NUMBERS[name] = variable
    _book_glue(name, variable, display)


myst_nb.glue = _keep_number


def show_numbers(*specs):
    """Print each glued number with the format the book's text uses ("name:.1f")."""
    for spec in specs:
        name, _, form = spec.partition(":")
        if name in NUMBERS:
            print(f"{name} = {format(NUMBERS[name], form)}")
        else:
            print(f"{name}: not computed yet (run the cells above first)")'''


def numbers_cell():
    """The cell that keeps glued numbers: folded (it is plumbing, not the chapter's code)."""
    cell = nbformat.v4.new_code_cell(SHOW_NUMBERS_SOURCE)
    cell.metadata["jupyter"] = {"source_hidden": True}  # JupyterLab, Notebook 7
    cell.metadata["cellView"] = "form"                  # Colab: shows the @title line only
    return cell


def glue_specs(myst_text: str) -> list[str]:
    specs = []
    for match in GLUE_ROLE.finditer(myst_text):
        if match["spec"] not in specs:
            specs.append(match["spec"])
    return specs


def add_number_cells(original: list, converted_groups: list[list]) -> list:
    """After each converted Markdown cell that shows glued numbers, a cell printing them.

    ``original`` are the MyST cells, ``converted_groups`` what each became. The printing cell
    goes right after the Markdown cell, or after the code cell that glues the last of its
    numbers when that comes later.
    """
    flat: list = []
    wanted = []  # (position after the cell, specs it shows)
    glued_at: dict[str, int] = {}
    for cell, group in zip(original, converted_groups):
        if cell.cell_type == "markdown":
            specs = glue_specs(cell.source)
        else:  # a figure's caption, which becomes a Markdown cell after the figure
            figure = (cell.metadata.get("mystnb") or {}).get("figure") or {}
            specs = glue_specs(str(figure.get("caption", ""))) if isinstance(figure, dict) else []
        for new in group:
            flat.append(new)
            if new.cell_type == "markdown" and specs:
                shown = [s for s in specs if f"`{s.split(':')[0]}`" in new.source]
                if shown:
                    wanted.append((len(flat), shown))
        if cell.cell_type == "code":
            for name in re.findall(r"""glue\(\s*["']([^"']+)["']""", cell.source):
                glued_at.setdefault(name, len(flat))
    inserts: dict[int, list[str]] = {}
    for after, specs in wanted:
        where = max([after] + [glued_at.get(s.split(":")[0], 0) for s in specs])
        slot = inserts.setdefault(where, [])
        slot.extend(s for s in specs if s not in slot)
    result = []
    for i, cell in enumerate(flat, start=1):
        result.append(cell)
        if i in inserts:
            args = ", ".join(f'"{s}"' for s in inserts[i])
            number_cell = nbformat.v4.new_code_cell(
                f"# The numbers in the text above\nshow_numbers({args})")
            number_cell.metadata["tags"] = ["numbers-in-text"]
            result.append(number_cell)
    return result
