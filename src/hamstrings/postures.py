"""Named postures: joint angles (degrees) for the poses the book keeps returning to.

Each posture is one row of ``data/postures.csv`` with its kind and source:
``definition`` (a posture the book defines, such as upright chair sitting),
``measured`` (a published mean), ``threshold`` (a published cut-off) or
``illustrative`` (chosen by the authors to make a point; not a measurement).

Assumption: the pelvis is fixed and upright in every posture, so the hip angle is
the thigh's angle to the pelvis. Clinical tests read the leg's angle to the
table, which includes some pelvic tilt; using it as hip flexion overstates the
hip angle slightly.
"""

from __future__ import annotations

import csv
from importlib import resources
from typing import NamedTuple

__all__ = ["Posture", "POSTURES", "get", "names"]


class Posture(NamedTuple):
    """A named pose: ``hip``, ``knee``, ``ankle`` in degrees (book conventions)."""

    name: str
    label: str
    hip: float
    knee: float
    ankle: float
    kind: str
    source: str

    @property
    def angles(self) -> dict:
        """The joint angles as keyword arguments for :mod:`hamstrings.leg`."""
        return {"hip": self.hip, "knee": self.knee, "ankle": self.ankle}


def _read() -> dict:
    text = resources.files("hamstrings").joinpath("data/postures.csv").read_text()
    rows = csv.DictReader(text.splitlines())
    return {
        r["name"]: Posture(r["name"], r["label"], float(r["hip"]), float(r["knee"]),
                           float(r["ankle"]), r["kind"], r["source"])
        for r in rows
    }


#: Posture name -> :class:`Posture`, in the order of the data table.
POSTURES = _read()


def names() -> tuple:
    """The names of all postures, in table order."""
    return tuple(POSTURES)


def get(name: str) -> Posture:
    """Return the posture called ``name``; ``ValueError`` if there is none."""
    try:
        return POSTURES[name]
    except (KeyError, TypeError):
        raise ValueError(f"posture must be one of {list(POSTURES)} (got {name!r})") from None
