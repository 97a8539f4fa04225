"""Argument checks shared by every model: one wording for every bad input.

Each check returns the value as a float (or, for :func:`array_in_range` and
:func:`joint_angles`, a float array) and raises ``ValueError`` naming the
argument, the valid range and the bad value. The joints' valid ranges live
here (:data:`JOINT_LIMITS`, re-exported by :mod:`hamstrings.leg`), because
every layer that takes an angle checks it against them.

>>> joint_angle(45, "knee")
45.0
>>> joint_angle(170, "knee")
Traceback (most recent call last):
...
ValueError: knee must be within -10..160 degrees; got 170.0
>>> fraction(0.3, "quadriceps")
0.3
>>> choice("supine", "body", ("upright", "supine", "prone"))
'supine'
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "JOINTS", "JOINT_LIMITS", "number", "in_range", "fraction", "positive", "non_negative",
    "joint_angle", "array_in_range", "positive_array", "joint_angles", "choice", "integer", "flag",
]

JOINTS = ("hip", "knee", "ankle")
"""Joint names, proximal to distal."""

JOINT_LIMITS = {"hip": (-30, 140), "knee": (-10, 160), "ankle": (-50, 50)}
"""Valid range of each joint angle in the leg model, degrees (inclusive)."""


def _units(unit: str) -> str:
    return f" {unit}" if unit else ""


def number(value, argument: str, unit: str = "") -> float:
    """``value`` as a finite float, or ValueError naming ``argument``.

    >>> number("2.5", "height")
    2.5
    >>> number(float("nan"), "height", "m")
    Traceback (most recent call last):
    ...
    ValueError: height must be a finite number (m); got nan
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a number{' (' + unit + ')' if unit else ''}; "
                         f"got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{argument} must be a finite number{' (' + unit + ')' if unit else ''}; "
                         f"got {value!r}")
    return x


def in_range(value, argument: str, low: float, high: float, unit: str = "") -> float:
    """A finite float in the closed range [low, high].

    >>> in_range(1.5, "margin", 0, 2, "%")
    1.5
    >>> in_range(3, "margin", 0, 2, "%")
    Traceback (most recent call last):
    ...
    ValueError: margin must be in [0, 2] %; got 3
    >>> in_range(float("nan"), "margin", 0, 2, "%")
    Traceback (most recent call last):
    ...
    ValueError: margin must be in [0, 2] %; got nan
    """
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if not low <= x <= high:  # also NaN, and what is not a number
        raise ValueError(f"{argument} must be in [{low:g}, {high:g}]{_units(unit)}; got {value!r}")
    return x


def fraction(value, argument: str) -> float:
    """An activation, a gain or a share: a finite float in [0, 1].

    >>> fraction(1.2, "quadriceps")
    Traceback (most recent call last):
    ...
    ValueError: quadriceps must be in [0, 1]; got 1.2
    """
    return in_range(value, argument, 0.0, 1.0)


def positive(value, argument: str, unit: str = "") -> float:
    """A finite float > 0.

    >>> positive(0, "body_mass", "kg")
    Traceback (most recent call last):
    ...
    ValueError: body_mass must be > 0 kg; got 0.0
    """
    x = number(value, argument, unit)
    if not x > 0.0:
        raise ValueError(f"{argument} must be > 0{_units(unit)}; got {x!r}")
    return x


def non_negative(value, argument: str, unit: str = "") -> float:
    """A finite float >= 0.

    >>> non_negative(-1, "damping", "N m s/rad")
    Traceback (most recent call last):
    ...
    ValueError: damping must be >= 0 N m s/rad; got -1.0
    """
    x = number(value, argument, unit)
    if not x >= 0.0:
        raise ValueError(f"{argument} must be >= 0{_units(unit)}; got {x!r}")
    return x


def joint_angle(value, joint: str) -> float:
    """A joint angle in degrees within :data:`JOINT_LIMITS` of ``joint``.

    >>> joint_angle(-40, "hip")
    Traceback (most recent call last):
    ...
    ValueError: hip must be within -30..140 degrees; got -40.0
    """
    lo, hi = JOINT_LIMITS[joint]
    x = number(value, joint, "degrees")
    if not lo <= x <= hi:
        raise ValueError(f"{joint} must be within {lo}..{hi} degrees; got {x!r}")
    return x


def _first_bad(a: np.ndarray, bad: np.ndarray) -> float:
    return float(a[bad].flat[0]) if a.ndim else float(a)


def array_in_range(value, argument: str, low: float = -math.inf, high: float = math.inf,
                   unit: str = "") -> np.ndarray:
    """A float array whose every element is finite and in [low, high] (NaN fails).

    >>> array_in_range([0.2, 0.5], "activation", 0, 1)
    array([0.2, 0.5])
    >>> array_in_range([0.2, 1.5], "activation", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: activation must be in [0, 1]; got 1.5
    """
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a number or an array of numbers; got {value!r}") from None
    bad = ~(np.isfinite(a) & (a >= low) & (a <= high))
    if bad.any():
        if math.isinf(low) and math.isinf(high):
            raise ValueError(f"{argument} must be a finite number{' (' + unit + ')' if unit else ''}; "
                             f"got {_first_bad(a, bad)!r}")
        raise ValueError(f"{argument} must be in [{low:g}, {high:g}]{_units(unit)}; "
                         f"got {_first_bad(a, bad)!r}")
    return a


def positive_array(value, argument: str, unit: str = "") -> np.ndarray:
    """A float array whose every element is finite and > 0.

    >>> positive_array([0.3, 0.0], "L_MT", "m")
    Traceback (most recent call last):
    ...
    ValueError: L_MT must be finite and > 0 m; got 0.0
    """
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a number or an array of numbers; got {value!r}") from None
    bad = ~(np.isfinite(a) & (a > 0.0))
    if bad.any():
        raise ValueError(f"{argument} must be finite and > 0{_units(unit)}; got {_first_bad(a, bad)!r}")
    return a


def joint_angles(value, joint: str) -> np.ndarray:
    """Joint angles (any shape) in degrees, all within :data:`JOINT_LIMITS` of ``joint``.

    >>> joint_angles([0, 90], "knee")
    array([ 0., 90.])
    >>> joint_angles([0, 200], "knee")
    Traceback (most recent call last):
    ...
    ValueError: knee must be within -10..160 degrees; got 200.0
    """
    lo, hi = JOINT_LIMITS[joint]
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{joint} must be a number or an array of numbers, degrees "
                         f"within {lo}..{hi}; got {value!r}") from None
    bad = ~((a >= lo) & (a <= hi))  # also catches NaN
    if bad.any():
        raise ValueError(f"{joint} must be within {lo}..{hi} degrees; got {_first_bad(a, bad)!r}")
    return a


def integer(value, argument: str, low: int, high: float = math.inf) -> int:
    """An integer (not a bool, not a float) in the closed range [low, high].

    >>> integer(24, "frames", 4, 200)
    24
    >>> integer(2.0, "n_out", 2)
    Traceback (most recent call last):
    ...
    ValueError: n_out must be an integer in [2, inf]; got 2.0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
            or not low <= value <= high:
        raise ValueError(f"{argument} must be an integer in [{low:g}, {high:g}]; got {value!r}")
    return int(value)


def flag(value, argument: str) -> bool:
    """``True`` or ``False`` (numpy's too), as a bool; anything else is a ValueError.

    >>> flag("yes", "departures")
    Traceback (most recent call last):
    ...
    ValueError: departures must be True or False; got 'yes'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{argument} must be True or False; got {value!r}")
    return bool(value)


def choice(value, argument: str, options) -> str:
    """``value`` if it is one of ``options``, else ValueError listing them.

    >>> choice("walk", "mode", ("sit", "stand"))
    Traceback (most recent call last):
    ...
    ValueError: mode must be one of 'sit', 'stand'; got 'walk'
    """
    try:
        if value in options:
            return value
    except TypeError:  # unhashable value against a set or a mapping
        pass
    raise ValueError(f"{argument} must be one of {', '.join(map(repr, options))}; got {value!r}")
