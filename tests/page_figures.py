"""Run a page's code cells in this process and hand back every figure each cell draws.

A MyST page (chapter or lab) is split into its ``{code-cell}`` blocks; they run in order in
one namespace, as in a kernel, with matplotlib's Agg backend and ``plt.show`` replaced by a
no-op so that figures stay open. After each cell, the open figures are yielded (with the
figure's ``name`` from the cell's options) and closed. IPython's display and myst_nb's glue
print nothing here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
_NAME = re.compile(r"^\s+name:\s*(fig-[\w-]+)", re.M)


def cells(page: Path) -> list[tuple[str | None, str]]:
    """(figure name or None, code) of each code cell of ``page``."""
    out = []
    for match in _CELL.finditer(page.read_text()):
        body = match.group(1)
        name = None
        if body.startswith("---\n"):
            head, _, body = body[4:].partition("\n---\n")
            found = _NAME.search(head)
            name = found.group(1) if found else None
        lines = [ln for ln in body.splitlines() if not ln.lstrip().startswith(":")]
        out.append((name, "\n".join(lines)))
    return out


def figures(page: Path):
    """Yield (figure name or cell number, figure) for every figure the page draws."""
    show = plt.show
    plt.show = lambda *a, **k: None
    page = Path(page).resolve()
    here = os.getcwd()
    os.chdir(page.resolve().parent)  # a kernel runs in the page's folder
    try:
        namespace = {"__name__": "__page__"}
        for i, (name, code) in enumerate(cells(page)):
            exec(compile(code, f"{page.name}[cell {i}]", "exec"), namespace)
            for number in plt.get_fignums():
                fig = plt.figure(number)
                yield (name or f"{page.stem} cell {i}"), fig
            plt.close("all")
    finally:
        os.chdir(here)
        plt.show = show
        plt.close("all")
