"""Write the plain notebook twin of every page with code: each chapter and each class lab.

The launch buttons of the book (Binder, Colab) open ``<page>.ipynb`` when that file sits next
to the page's ``<page>.md`` (sphinx-book-theme checks for it), and Colab can only open a real
notebook. This script makes those twins from the MyST Markdown pages:

- every page in ``_toc.yml`` under ``chapters/`` or ``notebooks/`` (the class labs) that has
  code cells (a ``kernelspec`` in its front matter) gets ``<page>.ipynb``, read into cells with
  MyST-NB's own reader and then written as a *plain* notebook (``tools/plain_notebook.py``):
  no MyST role or directive is left, because JupyterLab, Notebook 7, VS Code and Colab render
  none. Citations become author-year text linked to the DOI or URL, cross-references links to
  the published book, admonitions blockquotes, exercises headed cells, solutions folded in
  ``<details>`` (solution code cells folded through metadata), glued numbers a cell that
  prints them. Twins are stored without outputs or execution counts, with stable cell ids;
- each twin opens with a short note and an *install cell*: when the book's package (and, for
  pages that glue values into their text, ``myst-nb``) cannot be imported, it installs them with
  ``%pip`` from the repository URL in ``_config.yml`` at the release tag ``v<version>`` of
  ``hamstrings.__version__``; where they are importable it does nothing.

The twins are generated files: edit the ``.md`` page and run this script again. The book
never builds them (``_config.yml`` excludes ``chapters/*.ipynb`` and ``notebooks/*.ipynb``), so
Sphinx sees one source per page. ``tests/test_teaching.py`` and ``tests/test_notebooks.py``
fail when a twin is out of date or shows raw MyST or an unfolded solution.

Usage::

    python tools/pair_notebooks.py           # write what is stale, print what changed
    python tools/pair_notebooks.py --check   # change nothing; exit 1 if anything is stale
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import nbformat
import yaml
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from book_toc import toc_files  # noqa: E402  (the one reader of _toc.yml)
from plain_notebook import (  # noqa: E402, F401  (SHOW_NUMBERS_SOURCE: re-exported for the tests)
    SHOW_NUMBERS_SOURCE, PageConverter, build_index, glue_specs, numbers_cell)

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = "chapters"
LABS = "notebooks"
#: The folders whose pages get a twin.
TWINNED = (CHAPTERS, LABS)
VERSION = re.compile(r"^__version__\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
#: First line of every install cell: how this script recognises one.
INSTALL_FIRST_LINE = "# Install the book's package where it is missing (Colab, for example)."
NBFORMAT_MINOR = 5
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")


def config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def package_version(root: Path = ROOT) -> str:
    """``hamstrings.__version__``, read from the source (no import needed)."""
    text = (root / "src" / "hamstrings" / "__init__.py").read_text(encoding="utf-8")
    match = VERSION.search(text)
    if not match:
        raise PairingError("src/hamstrings/__init__.py has no __version__ = '...' line")
    return match.group(1)


def release_tag(root: Path = ROOT) -> str:
    """The git tag of the release the notebooks are written for: ``v<version>``."""
    return f"v{package_version(root)}"


def package_spec(root: Path = ROOT) -> str:
    """``git+<repository url>@v<version>``: where the install cell gets ``hamstrings``.

    A tag, not a branch: a notebook installs the package it was written for, even after
    ``main`` moves on. README.md ("Running the notebooks in class") says how to make the tag.
    """
    repository = config(root)["repository"]
    return f"git+{repository['url'].rstrip('/')}@{release_tag(root)}"


def pinned(name: str, root: Path = ROOT) -> str:
    """``name==version`` from constraints.txt (the book's pins), or just ``name``."""
    for line in (root / "constraints.txt").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.split("#")[0].strip())
        if match and match.group(1).lower().replace("_", "-") == name:
            return f"{match.group(1)}=={match.group(2)}"
    return name


def install_cell_source(needs_myst_nb: bool = False, root: Path = ROOT) -> str:
    """The first code cell of every lab and twin: a no-op where ``hamstrings`` imports."""
    imports = ["    import hamstrings"]
    packages = [package_spec(root)]
    if needs_myst_nb:  # the page glues numbers into its text with myst_nb.glue
        imports.append("    import myst_nb")
        packages.append(pinned("myst-nb", root))
    return "\n".join([
        INSTALL_FIRST_LINE,
        "# Where it is installed already (Binder, a JupyterHub, `make lab`) this cell does nothing.",
        "try:",
        *imports,
        "except ModuleNotFoundError:",
        f"    %pip install --quiet {' '.join(packages)}",
        "    import importlib",
        "    importlib.invalidate_caches()",
    ])


def is_install_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(INSTALL_FIRST_LINE)


def parser_config(root: Path = ROOT) -> MdParserConfig:
    """The book's MyST syntax extensions, so the twin splits cells as the build does."""
    extensions = config(root).get("parse", {}).get("myst_enable_extensions", [])
    return MdParserConfig(enable_extensions=set(extensions))


def has_code(md: Path) -> bool:
    """A MyST page with a kernelspec: the book executes it and gives it launch buttons."""
    text = md.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    return bool(match) and "kernelspec" in (yaml.safe_load(match.group(1)) or {})


def paired_pages(root: Path = ROOT) -> list[Path]:
    """The ``chapters/*.md`` and ``notebooks/*.md`` pages of the table of contents with code."""
    pages = []
    for name in toc_files(root):
        md = root / f"{name}.md"
        if name.split("/")[0] in TWINNED and md.exists() and has_code(md):
            pages.append(md)
    return pages


def _cell_id(stem: str, index: int, source: str) -> str:
    digest = hashlib.sha1(f"{index}\0{source}".encode()).hexdigest()[:8]
    return f"{stem[:20]}-{index:03d}-{digest}"


def book_index(root: Path = ROOT):
    """Titles, labels and references of the whole book, for links in the twins."""
    return build_index(root, toc_files(root), config(root))


def twin(md: Path, root: Path = ROOT, index=None) -> nbformat.NotebookNode:
    """The plain notebook twin of one page (no outputs, stable ids)."""
    index = index or book_index(root)
    text = md.read_text(encoding="utf-8")
    nb = read_myst_markdown_notebook(text, config=parser_config(root), path=md)
    relative = md.relative_to(root).as_posix()
    doc = relative.removesuffix(".md")
    title = index.titles.get(doc, md.stem)
    kind = "lab" if doc.startswith(f"{LABS}/") else "chapter"
    note = nbformat.v4.new_markdown_cell(
        f"*This notebook is the {kind} **{title}** of the book Hamstrings, Backwards "
        f"([web version]({index.page_url(doc)})), made from `{relative}` by "
        "`tools/pair_notebooks.py`: edit that file, not this one.* Run the cells from the "
        "top; the first installs the book's Python package where it is missing."
        + (" Solutions are folded: click **Solution to Exercise ...** to unfold one."
           if re.search(r"^(`{3,}|:{3,})\{solution", text, re.MULTILINE) else ""))
    needs_myst_nb = bool(re.search(r"^\s*(from|import) myst_nb\b", text, re.MULTILINE))
    install = nbformat.v4.new_code_cell(install_cell_source(needs_myst_nb, root))
    cells = PageConverter(index, doc).cells(nb.cells)
    lead = [note, install]
    if glue_specs(text):
        lead.append(numbers_cell())
    nb.cells = [*lead, *cells]
    for index_, cell in enumerate(nb.cells):
        cell.id = _cell_id(md.stem, index_, cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    metadata = dict(nb.metadata)
    metadata.pop("file_format", None)  # a MyST-only key; the twin is an ordinary notebook
    metadata["language_info"] = {"name": "python"}
    metadata["hamstrings"] = {"generated_from": relative, "by": "tools/pair_notebooks.py",
                              "package": package_spec(root)}
    nb.metadata = nbformat.from_dict(metadata)
    nb.nbformat, nb.nbformat_minor = 4, NBFORMAT_MINOR
    nbformat.validate(nb)
    return nb


def dumps(nb) -> str:
    return nbformat.writes(nb) + "\n"


class PairingError(Exception):
    """A page that cannot be converted."""


def expected_files(root: Path = ROOT, errors: list | None = None) -> dict[Path, str]:
    """Every file this script owns, with the text it should have.

    A page that cannot be converted is left out and its message appended to ``errors``
    (raised at once when no list is given), so one broken chapter does not block the rest.
    """
    files = {}
    index = book_index(root)
    jobs = [(md, md.with_suffix(".ipynb"), lambda md=md: dumps(twin(md, root, index)))
            for md in paired_pages(root)]
    for source, path, make in jobs:
        try:
            files[path] = make()
        except Exception as error:  # noqa: BLE001 - reported with the file's name
            message = f"{source.relative_to(root)}: {error}"
            if errors is None:
                raise PairingError(message) from error
            errors.append(message)
    return files


def orphans(expected: dict, root: Path = ROOT) -> list[Path]:
    """Twins this script made whose chapter left the book or lost its code."""
    found = []
    for path in sorted(p for folder in TWINNED for p in (root / folder).glob("*.ipynb")):
        if path not in expected:
            metadata = nbformat.read(path, as_version=4).metadata
            if "generated_from" in metadata.get("hamstrings", {}):
                found.append(path)
    return found


def stale(root: Path = ROOT) -> list[Path]:
    """Files that differ from what this script would write, and twins without a chapter.

    Raises PairingError when a page cannot be converted.
    """
    expected = expected_files(root)
    out = [path for path, text in expected.items()
           if not path.exists() or path.read_text(encoding="utf-8") != text]
    return out + orphans(expected, root)


def main(argv=None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale files; change nothing")
    args = parser.parse_args(argv)
    errors: list[str] = []
    expected = expected_files(root, errors)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    changed = [path for path, text in expected.items()
               if not path.exists() or path.read_text(encoding="utf-8") != text]
    removed = [] if errors else orphans(expected, root)  # never delete on a partial view
    if args.check:
        for path in changed + removed:
            print(f"stale: {path.relative_to(root)}")
        if changed or removed:
            print("run: python tools/pair_notebooks.py")
        return 1 if changed or removed or errors else 0
    for path in changed:
        path.write_text(expected[path], encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    for orphan in removed:
        orphan.unlink()
        print(f"removed {orphan.relative_to(root)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
