"""Answers to the questions the walking chapters ask of a stride's muscles and their activity.

Each answer puts two model outputs together: the muscles over a stride
(:func:`hamstrings.gait.muscles`, a :class:`hamstrings.gait.StrideMuscles`)
and the typical activity windows (:mod:`hamstrings.activity`).

- :func:`active_while_lengthening`: of the time a muscle lengthens, how much
  any of some others is active (the quadriceps while the hamstrings lengthen:
  does contracting the quadriceps "relax" the hamstrings?).
- :func:`work_polarity`: how a muscle moves while it is active, a kinematic
  stand-in for braking or pushing.
- :data:`BACKWARD_RUNNING`: measured costs of backward running, evidence set
  beside the model's answers (the model computes no forces or energy).
"""

from __future__ import annotations

import numpy as np

from .activity import active
from .tables import read_table

__all__ = ["active_while_lengthening", "work_polarity", "BACKWARD_RUNNING"]


def active_while_lengthening(traces, m: str, others, tolerance: float = 0.005,
                             windows: dict | None = None) -> float:
    """Fraction of the time ``m`` lengthens during which any muscle in ``others`` is active.

    ``traces``: the muscles over a stride (:func:`hamstrings.gait.muscles`).
    ``others`` is a muscle name or a sequence of them; activity from
    :func:`hamstrings.activity.active` (``windows`` as there). 0 if ``m`` never lengthens.
    """
    others = [others] if isinstance(others, str) else list(others)
    for o in others:
        traces.check(o)
    on = active(traces.stride, windows)
    lengthening = traces.velocity_norm[traces.check(m)][:-1] > tolerance
    if not lengthening.any():
        return 0.0
    any_on = np.any([on[o][:-1] for o in others], axis=0)
    return float((any_on & lengthening).sum() / lengthening.sum())


def work_polarity(traces, m: str, windows: dict | None = None) -> dict:
    """How ``m`` moves while it is typically active: a kinematic stand-in for power polarity.

    ``traces``: the muscles over a stride (:func:`hamstrings.gait.muscles`).
    A muscle's power is force times shortening velocity. The model has no
    forces, so this counts only the sign: of the time ``m`` is active,
    ``lengthening`` is the fraction spent lengthening (braking, "eccentric":
    negative work) and ``shortening`` the fraction spent shortening (pushing,
    "concentric": positive work); ``excursion_lengthening`` and
    ``excursion_shortening`` are how far it lengthens and shortens while active,
    in optimal fibre lengths.
    """
    on = active(traces.stride, windows)[traces.check(m)][:-1]
    v = traces.velocity_norm[m][:-1]
    dt = traces.stride.duration / (v.size)
    if not on.any():
        return {"lengthening": 0.0, "shortening": 0.0, "excursion_lengthening": 0.0,
                "excursion_shortening": 0.0}
    return {"lengthening": float((on & (v > 0)).sum() / on.sum()),
            "shortening": float((on & (v < 0)).sum() / on.sum()),
            "excursion_lengthening": float(np.sum(np.where(on & (v > 0), v, 0.0)) * dt),
            "excursion_shortening": float(-np.sum(np.where(on & (v < 0), v, 0.0)) * dt)}


#: Measured costs of backward running (``data/backward_running.csv``): quantity -> (value, unit,
#: source). Evidence shown beside the model, which computes no forces or energy; never fitted.
BACKWARD_RUNNING = {r["quantity"]: (r["value"], r["unit"], r["source"])
                    for r in read_table("backward_running.csv")}
