"""Named postures: joint angles (degrees) for the poses the book keeps returning to.

Each posture is one row of ``data/postures.csv`` with its kind and source:
``definition`` (a posture the book defines, such as standing),
``measured`` (a published mean), ``threshold`` (a published cut-off) or
``illustrative`` (chosen by the authors to make a point; not a measurement).

Assumption (pelvic tilt): the model's pelvis is fixed, so the hip angle is
the thigh's angle to the pelvis. Where a posture tilts the pelvis the tilt is
taken off the hip angle: a thigh horizontal under a pelvis rotated back by 30
degrees is 60 degrees of hip flexion, not 90. For upright chair sitting the
rotation is measured: on radiographs the pelvis rotates back from standing to
sitting by 18.3 degrees in 50 adults (Endo et al. 2012) and by 12.5 degrees in
16 (Moon et al. 2018), :data:`SITTING_PELVIC_ROTATION`; the table uses the
larger study. Slumped sitting tilts it further (illustrative: 30 degrees). Clinical tests read the leg's
angle to the table, which includes some pelvic tilt; using it as hip flexion
overstates the hip angle slightly.

Daily postures
==============

Besides the six postures the first chapters use, the table holds the
postures of an ordinary day (:data:`DAILY`): standing, upright, slumped and
tucked chair sitting, sitting with the legs out straight, car driving,
cross-legged floor sitting (a side-view approximation), lying supine and
curled side-lying sleep. Their angles are illustrative (chosen, not
measured), and say so in the table. Walking forward and walking backward are
not single poses: :func:`walking` gives each muscle's length over a stride of
:mod:`hamstrings.gait`, every sample an equal share of the time.

:func:`lengths` gives, for a posture, every muscle's muscle-tendon length in
per cent of standing and its normalised fibre length
(:func:`hamstrings.muscle.normalized_fiber_length`, rigid tendon; NaN where
the unit is slack). :func:`sitting_shortened` answers claim C1 for the model
leg: which muscles a sitting posture leaves shorter than in standing.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from . import gait, leg, muscle, tables, validate

__all__ = ["Posture", "POSTURES", "get", "names", "DAILY", "SITTING", "WALKING", "lengths",
           "SITTING_PELVIC_ROTATION", "chair_hip",
           "walking", "sitting_shortened", "COMPARED"]


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
    return {r["name"]: Posture(r["name"], r["label"], r["hip"], r["knee"], r["ankle"], r["kind"],
                               r["source"])
            for r in tables.read_table("postures.csv")}


#: Posture name -> :class:`Posture`, in the order of the data table.
POSTURES = _read()


def names() -> tuple:
    """The names of all postures, in table order."""
    return tuple(POSTURES)


def get(name: str) -> Posture:
    """Return the posture called ``name``; ``ValueError`` if there is none."""
    return POSTURES[validate.choice(name, "posture", POSTURES)]


#: Backward rotation of the pelvis from standing to chair sitting on lateral radiographs, degrees,
#: by source: endo2012 (pelvic tilt +18.3, 50 healthy adults) and moon2018 (pelvic tilt 15.7 deg
#: standing, 28.2 sitting: +12.5, 16 volunteers). ``chair_sitting`` in ``data/postures.csv`` uses
#: the first (tests check that they agree).
SITTING_PELVIC_ROTATION = {"endo2012": 18.3, "moon2018": 28.2 - 15.7}


def chair_hip(pelvic_rotation: float) -> float:
    """Hip flexion (degrees) of chair sitting with the thigh horizontal and the pelvis rotated back.

    >>> round(chair_hip(SITTING_PELVIC_ROTATION["endo2012"]), 1)
    71.7
    """
    return 90.0 - float(pelvic_rotation)


#: The postures of an ordinary day, in table order (all static; walking is separate).
DAILY = ("standing", "chair_sitting", "slumped_sitting", "tucked_sitting", "long_sitting",
         "car_driving", "cross_legged", "supine", "side_lying_curled")

#: The sitting postures among :data:`DAILY`.
SITTING = ("chair_sitting", "slumped_sitting", "tucked_sitting", "long_sitting", "car_driving",
           "cross_legged")

#: The two walking "postures": distributions over one stride of :mod:`hamstrings.gait`.
WALKING = ("walking_forward", "walking_backward")

#: Muscles that claim C1 is compared across: the two-joint hamstrings, the short head,
#: the hip flexors and the calf.
COMPARED = ("semimembranosus", "semitendinosus", "biceps_femoris_long", "biceps_femoris_short",
            "psoas", "iliacus", "gastrocnemius_medial", "soleus")


class Lengths(NamedTuple):
    """Every muscle's length in one posture (dicts keyed by muscle name).

    ``percent``: muscle-tendon length in per cent of standing (100 = as in
    standing). ``fiber``: normalised fibre length (1 = optimal; NaN if slack).
    For the walking postures both are arrays over one stride.
    """

    percent: dict
    fiber: dict




@functools.cache
def _lengths_of(name: str) -> Lengths:
    if name in WALKING:
        sm = gait.muscles(gait.stride(name.split("_")[1]))
        return Lengths({m: 100.0 + np.asarray(sm.change[m]) for m in leg.MUSCLES},
                       {m: np.asarray(sm.fiber_length[m]) for m in leg.MUSCLES})
    posture = get(name)
    L = leg.muscle_lengths(**posture.angles)
    standing = leg.standing_lengths()
    percent = {m: 100.0 * float(L[m]) / standing[m] for m in leg.MUSCLES}
    fiber = {m: float(muscle.normalized_fiber_length(m, L[m], allow_slack=True))
             for m in leg.MUSCLES}
    return Lengths(percent, fiber)


def lengths(name: str) -> Lengths:
    """Every muscle's length in posture ``name`` (a posture or ``walking_forward``/``walking_backward``).

    Returns :class:`Lengths`: per cent of standing and normalised fibre length.
    ``ValueError`` for an unknown name.
    """
    if name not in WALKING:
        get(name)
    return _lengths_of(name)


def walking(direction: str) -> Lengths:
    """Lengths over one walking stride, ``direction`` "forward" or "backward"."""
    validate.choice(direction, "direction", ("forward", "backward"))
    return lengths(f"walking_{direction}")


def sitting_shortened(name: str, margin: float = 1.0) -> tuple:
    """The muscles of :data:`COMPARED` that posture ``name`` leaves shorter than standing.

    A muscle counts as shortened when its muscle-tendon length is more than
    ``margin`` per cent (>= 0) below its standing length.
    """
    margin = validate.non_negative(margin, "margin", "per cent")
    percent = lengths(name).percent
    return tuple(m for m in COMPARED if percent[m] < 100.0 - margin)
