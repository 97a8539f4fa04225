"""The package's data tables: one reader for every CSV file in ``hamstrings/data``.

Every number a model uses lives once, in a row of a CSV file beside its
source. :func:`read_table` reads one file by name, types its columns and keeps
the result (a file is read once per process). A column is numeric when every
non-blank cell in it is a number: its cells become floats and its blanks
``None``; any other column stays text. Rows are read-only mappings.

>>> rows = read_table("postures.csv")
>>> rows[0]["name"], rows[0]["knee"]
('standing', 0.0)
>>> by_key("postures.csv", "name")["chair_sitting"]["knee"]
90.0
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from types import MappingProxyType

__all__ = ["DATA", "read_table", "by_key", "column", "read_bytes"]

DATA = resources.files("hamstrings") / "data"
"""The folder of the package's data files (an importlib.resources Traversable)."""


def _number(cell: str):
    try:
        return float(cell)
    except ValueError:
        return None


def read_bytes(name: str) -> bytes:
    """The raw bytes of the data file ``name`` (for hashes of the data)."""
    return (DATA / name).read_bytes()


@functools.cache
def read_table(name: str) -> tuple:
    """The rows of ``data/<name>`` as read-only mappings, columns typed (see the module).

    Unknown names raise ValueError listing the data files.

    >>> read_table("person_default.csv")[0]["value"]
    75.0
    """
    path = DATA / name
    if not name.endswith(".csv") or not path.is_file():
        files = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".csv"))
        raise ValueError(f"name must be one of {', '.join(files)}; got {name!r}")
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for col in rows[0] if rows else ():
        cells = [row[col] for row in rows]
        filled = [c for c in cells if c.strip()]
        if filled and all(_number(c) is not None for c in filled):
            for row in rows:
                row[col] = float(row[col]) if row[col].strip() else None
    return tuple(MappingProxyType(row) for row in rows)


@functools.cache
def by_key(name: str, key: str) -> MappingProxyType:
    """The rows of ``data/<name>`` by the value of their column ``key`` (unique keys).

    >>> by_key("person_default.csv", "parameter")["body_mass"]["unit"]
    'kg'
    """
    rows = read_table(name)
    table = {row[key]: row for row in rows}
    if len(table) != len(rows):
        raise ValueError(f"column {key!r} of {name} has repeated values")
    return MappingProxyType(table)


def column(name: str, col: str) -> tuple:
    """One column of ``data/<name>``, top to bottom.

    >>> column("person_default.csv", "parameter")
    ('body_mass', 'tolerated_torque')
    """
    return tuple(row[col] for row in read_table(name))
