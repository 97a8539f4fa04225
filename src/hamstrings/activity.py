"""When each muscle is typically active over a stride of walking, forward and backward.

:func:`activity` gives the typical activity windows of each muscle in % of a
stride: for forward walking from perry2010; for backward walking a **model
assumption**: the forward windows run backwards in time (winter1989), with the
changes that small studies report (grasso1998 and others: the ``source`` column
of ``data/gait_activity.csv``, :data:`ACTIVITY_TABLE`). :func:`active` turns
windows into a mask over a stride's samples.

Windows are re-timed with the stride's stance fraction by the same rule as the
joint angles (:func:`hamstrings.gait_events.retime`). What a muscle does while
it is active is asked in :mod:`hamstrings.gait_answers`.

References: perry2010, winter1989, grasso1998 (keys of ``references.bib``).
"""

from __future__ import annotations

import numpy as np

from . import gait_events, leg, validate
from .stride_kinds import stride_kind
from .tables import read_table

__all__ = ["ACTIVITY_TABLE", "activity", "active", "in_window", "window_pieces"]


ACTIVITY_TABLE = tuple(
    {"direction": r["direction"], "muscles": tuple(r["muscles"].split()),
     "start": r["start_pct"], "end": r["end_pct"],
     "basis": r["basis"], "source": r["source"]}
    for r in read_table("gait_activity.csv"))
"""Rows of ``data/gait_activity.csv``: muscle activity windows (% of the stride)."""

_DIRECTIONS = tuple(dict.fromkeys(row["direction"] for row in ACTIVITY_TABLE))  # forward, backward


def _reverse_window(start: float, end: float, beta: float) -> tuple:
    """A forward activity window (% of the reference stride) run backwards in time."""
    a, b = (float(gait_events.retime(p, beta)) for p in (start, end))
    return (float(np.mod(100.0 * beta - b, 100.0)), float(np.mod(100.0 * beta - a, 100.0)))


def activity(direction: str = "forward", stance_fraction: float | None = None,
             changes: bool = True) -> dict:
    """Typical activity windows of every model muscle, % of the stride.

    Returns muscle -> list of ``(start, end)``; a window with ``start > end``
    wraps through 0 %. Forward: Perry & Burnfield (2010), re-timed to the
    stance fraction. Backward: a **model assumption**, the forward windows
    run backwards in time (Winter et al. 1989) and re-phased to the backward
    stride's toe contact, with the changes of ``data/gait_activity.csv``.
    ``stance_fraction`` defaults to that of the default stride of ``direction``.
    ``changes=False`` (backward only) gives pure reversal for every muscle, to
    show how much an answer depends on the added assumptions.

    ``direction`` may also be another kind of stride of
    :data:`hamstrings.stride_kinds.STRIDE_KINDS` (``"sprint"``): its module's
    windows (the kind's ``activity``, called with ``stance_fraction``).
    """
    if direction not in _DIRECTIONS:
        kind = stride_kind(direction, "direction")
        if kind.activity is None:
            raise ValueError(f"direction {direction!r} is a stride kind without activity windows")
        return kind.activity(stance_fraction)
    if stance_fraction is None:
        stance_fraction = gait_events.value("walk_stance_fraction") + (
            gait_events.value("backward_stance_increase") if direction == "backward" else 0.0)
    beta = validate.in_range(stance_fraction, "stance_fraction", 0.25, 0.75)
    forward = {}
    for row in ACTIVITY_TABLE:
        if row["direction"] == "forward":
            for m in row["muscles"]:
                forward.setdefault(m, []).append((row["start"], row["end"]))
    windows = {m: [] for m in leg.MUSCLES}
    if direction == "backward" and not changes:
        return {m: [_reverse_window(a, b, beta) for a, b in forward.get(m, [])] for m in windows}
    for row in ACTIVITY_TABLE:
        if row["direction"] != direction:
            continue
        for m in row["muscles"]:
            if direction == "forward":
                windows[m].append(tuple(float(gait_events.retime(p, beta)) for p in (row["start"], row["end"])))
            elif row["basis"] == "reversal":
                windows[m].extend(_reverse_window(a, b, beta) for a, b in forward[m])
            else:
                windows[m].append((row["start"], row["end"]))
    return windows


def in_window(phase, start: float, end: float) -> np.ndarray:
    """Boolean mask over ``phase`` (%): inside the window from ``start`` to ``end``, both
    included; a window with ``start > end`` wraps through 0 %.

    >>> in_window(np.array([5.0, 50.0, 95.0]), 90.0, 10.0).tolist()
    [True, False, True]
    """
    p = np.asarray(phase)
    return ((p >= start) & (p <= end)) if start <= end else ((p >= start) | (p <= end))


def window_pieces(start: float, end: float) -> list:
    """The window from ``start`` to ``end`` (% of the stride) as pieces that do not wrap, for
    drawing: one piece, or two when ``start > end`` (up to 100 % and from 0 %).

    >>> window_pieces(90.0, 10.0)
    [(90.0, 100.0), (0.0, 10.0)]
    """
    return [(start, end)] if start <= end else [(start, 100.0), (0.0, end)]


def active(s, windows: dict | None = None) -> dict:
    """Muscle -> boolean array over ``s.phase``: True where the muscle is typically active.

    ``s`` is a :class:`hamstrings.gait.Stride` (its ``phase``, ``direction`` and
    ``stance_fraction`` are used).
    ``windows`` defaults to :func:`activity` for the stride's direction and
    stance fraction.
    """
    if windows is None:
        windows = activity(s.direction, s.stance_fraction)
    p = s.phase
    out = {}
    for m in leg.MUSCLES:
        on = np.zeros(p.shape, bool)
        for a, b in windows.get(m, []):
            on |= in_window(p, a, b)
        out[m] = on
    return out

