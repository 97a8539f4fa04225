"""Shared fixtures: the repository root and one from-clean build of the book."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # book_toc, shared with the tools and benchmarks
BIN = Path(sys.executable).parent
JB_FLAGS = ["-W", "-n", "--keep-going"]


@dataclass
class Build:
    returncode: int
    log: str
    html: Path


def build_book(source: Path, out: Path, env: dict | None = None) -> Build:
    """Build the book at ``source`` into ``out`` with the strict flags of the Makefile."""
    # MPLBACKEND must not reach the kernel: under Agg, plt.show() puts no figure on the page.
    full_env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    full_env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    full_env.update(env or {})
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(out),
         "--builder", "html", *JB_FLAGS],
        capture_output=True, text=True, env=full_env,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Build:
    """The whole book, built once per test session from clean (no execution cache)."""
    out = tmp_path_factory.mktemp("book")
    return build_book(ROOT, out)


def page_tables(explorer) -> dict:
    """A page explorer's data tables, parsed back from its specification, keyed by their columns."""
    out = {}
    for text in explorer.spec()["datasets"].values():
        rows = list(csv.DictReader(text.splitlines()))
        out[tuple(rows[0])] = rows
    return out


def spec_nodes(node):
    """Every dictionary in a Vega-Lite specification, depth first (the explorer tests search
    them for marks, scales and data)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from spec_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from spec_nodes(value)
