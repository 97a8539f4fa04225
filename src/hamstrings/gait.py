r"""A stride of walking (or jogging), forward and backward, and the muscles over it.

Joint angles over a stride
==========================

The published description of typical adult walking is a table of *key events*:
at initial contact the hip is flexed about 30 degrees, the knee peaks near 60
degrees at about 72 % of the cycle, and so on (Perry & Burnfield 2010; Winter
2009; Kadaba et al. 1990; the book's reference notes, ``reference/gait.md``).
``data/gait_events.csv`` holds those events, each with its source. This module
turns them into smooth, periodic curves by a **periodic penalised least-squares
Fourier fit**: each joint angle is

$$\theta(s) = a_0 + \sum_{k=1}^{K} a_k \cos 2\pi k s + b_k \sin 2\pi k s,
\qquad s \in [0, 1)\ \text{(fraction of the cycle)},$$

with the coefficients chosen to minimise

$$\sum_i \Big(\frac{\theta(s_i) - \theta_i}{\sigma_i}\Big)^2
+ \sum_{j\,\in\,\text{extrema}} \Big(\frac{\theta'(s_j)}{\sigma'}\Big)^2
+ \lambda \int_0^1 \theta''(s)^2\,\mathrm{d}s .$$

The first sum pulls the curve through every event (weighted by the published
range where one is given), the second makes the events that are peaks or troughs
flat there, and the third keeps the curve as smooth as it can be (a periodic
smoothing spline written in Fourier form). A Fourier series is periodic by
construction, so the end of a stride meets its start with the same angle,
velocity and acceleration. :data:`HARMONICS`, :data:`SMOOTHING` and the
weights are method settings, not data.

Named parameters
================

``speed`` (m/s), ``cadence`` (steps/min) and ``stride_length`` (m) are tied by
``speed = stride_length * cadence / 120`` (a stride is two steps). Give any two,
or one (then the other two follow: see :func:`stride`), or none (the reference
stride of the event table). ``stance_fraction`` moves toe off: the events of
stance are stretched over ``[0, stance_fraction]`` and those of swing over the
rest, and the curves are refitted. The hip's excursion (about its mean over the
cycle) scales in proportion to stride length: with the foot planted, the thigh
has to sweep through an angle whose sine grows with the distance the hip travels
over it, so to first order a longer stride means a proportionally larger hip
excursion. The knee and ankle are left as they are. This is a model assumption.

Backward walking
================

To first order a backward stride is the forward stride run backwards in time
(Winter, Pluck & Yang 1989; Grasso et al. 1998; Lee et al. 2013). Time
reversal turns the forward toe off into the backward stride's first contact
(on the toes) and the forward heel contact into its last moment of stance, so
the backward stride, re-phased so that 0 % is its own initial (toe) contact, is

$$\theta_B(t) = \theta_F(\beta - t), \qquad \beta = \text{stance fraction},$$

and it keeps the same stance fraction. Three *departures* from pure reversal
are named, documented and switchable (all on by default; ``departures=False``
switches them all off and gives exact time reversal):

``shorter_stride``
    strides shorter, at unchanged cadence, so slower (Laufer 2005);
``shorter_swing``
    stance a larger part of the cycle, swing a smaller one (Laufer 2005);
``ankle_departure``
    extra dorsiflexion as the heel comes down after the toe landing: the ankle
    is the joint least like reversed forward walking (Winter et al. 1989;
    Lee et al. 2013).

The directions are published; the sizes are this book's illustrative choices
(``data/gait_parameters.csv`` says which is which).

Jogging
=======

``gait="jog"`` is a clearly labelled approximation, not a model of running: the
walking pattern with a shorter stance (about 40 % of the cycle; Novacheck
1998), the hip excursion scaled by 1.3 and the knee's excursion above its
minimum by 1.5 (round, illustrative factors; running moves both joints through
larger ranges, Novacheck 1998). Running's own features (no double support, a
flight phase, knee flexion of about 40 degrees in stance) are not modelled.

Muscles over the stride
=======================

:func:`muscles` drives :mod:`hamstrings.leg` and :mod:`hamstrings.muscle` with a
stride: muscle-tendon length (m, and change from standing in per cent),
lengthening velocity (m/s, and optimal fibre lengths per second), normalised
fibre length, and per muscle the phases in which it lengthens or shortens, its
peak length and the time it spends above a chosen length. Velocities are exact:
the chain rule with the model's moment arms, $\dot L = -\sum_j r_j \dot q_j$.

Muscle activity
===============

:func:`activity` gives the typical activity windows of each muscle in % of a
stride: for forward walking from Perry & Burnfield (2010); for backward walking
a **model assumption**: the forward windows run backwards in time (Winter et al.
1989), with the changes that small studies report (``data/gait_activity.csv``).

References
==========

perry2010, winter2009, kadaba1990, winter1989, grasso1998, lee2013, laufer2005,
novacheck1998 (keys of ``references.bib``).
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

import numpy as np

from . import leg, muscle

__all__ = [
    "HARMONICS", "SMOOTHING", "SLOPE_SIGMA", "DEFAULT_SIGMA", "APPROX_TOLERANCE",
    "EVENTS", "PARAMETERS", "ACTIVITY_TABLE", "DIRECTIONS", "GAITS", "DEPARTURES",
    "PARAMETER_RANGES", "Event", "Parameter", "Stride", "StrideMuscles",
    "stride", "muscles", "activity", "active", "fit_residuals", "leave_one_out",
    "intervals", "active_while_lengthening", "work_polarity", "BACKWARD_RUNNING",
]

# --------------------------------------------------------------------------
# Method settings (not data): the Fourier fit
# --------------------------------------------------------------------------

HARMONICS = 8
"""Number of harmonics K of the Fourier series (17 coefficients per joint)."""

SMOOTHING = 1e-6
r"""Weight $\lambda$ of the roughness penalty $\int_0^1 \theta''(s)^2\,\mathrm{d}s$
(angles in degrees, $s$ in cycles). Small: the curve passes within a fraction
of a degree of each event, and is as smooth as possible between them."""

DEFAULT_SIGMA = 2.5
"""Weight of an event given as a single value ("about 30 degrees"): its
standard error in degrees. An event with a published range is weighted by half
that range instead."""

SLOPE_SIGMA = 20.0
"""Tolerance on the slope at a peak or trough, degrees per cycle (0.2 degrees
per per cent of the cycle): small enough that extrema stay where published."""

APPROX_TOLERANCE = 5.0
"""How the book reads a published "about" when no range is given: plus or minus
this many degrees (or per cent of the cycle). Used to check curves against
events, never to fit them."""

DIRECTIONS = ("forward", "backward")
GAITS = ("walk", "jog")
DEPARTURES = ("shorter_stride", "shorter_swing", "ankle_departure")

PARAMETER_RANGES = MappingProxyType({
    "walk": MappingProxyType({"speed": (0.3, 2.2), "cadence": (60.0, 150.0),
                              "stride_length": (0.4, 2.0), "stance_fraction": (0.5, 0.75)}),
    "jog": MappingProxyType({"speed": (1.2, 5.0), "cadence": (120.0, 200.0),
                             "stride_length": (1.0, 3.2), "stance_fraction": (0.25, 0.5)}),
})
"""Valid range (inclusive) of each named parameter, by gait: typical adult walking
and easy jogging. Outside it the event table (or its jogging scaling) says
nothing useful, so :func:`stride` refuses."""

_SPEED_TOLERANCE = 0.01  # relative mismatch allowed when speed, cadence and stride are all given


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """A key event of forward walking (one row of ``data/gait_events.csv``).

    ``phase`` (% of the cycle from initial contact) and ``angle`` (degrees)
    are the values fitted; ``phase_range`` and ``angle_range`` the published
    ranges where the source gives one, else ``None``. ``extremum`` is True
    for peaks and troughs (their slope is fitted to zero).
    """

    joint: str
    name: str
    phase: float
    angle: float
    phase_range: tuple | None
    angle_range: tuple | None
    extremum: bool
    source: str

    @property
    def sigma(self) -> float:
        """Standard error used to weight the event in the fit, degrees."""
        if self.angle_range is None:
            return DEFAULT_SIGMA
        return max(0.5 * (self.angle_range[1] - self.angle_range[0]), 0.5)

    def accepts(self, phase: float, angle: float) -> bool:
        """Whether a curve's (phase, angle) lies inside the published ranges,
        reading an "about" without range as +-:data:`APPROX_TOLERANCE`."""
        lo, hi = self.angle_range or (self.angle - APPROX_TOLERANCE, self.angle + APPROX_TOLERANCE)
        if not lo - 1e-9 <= angle <= hi + 1e-9:
            return False
        if not self.extremum:
            return True
        plo, phi = self.phase_range or (self.phase - APPROX_TOLERANCE, self.phase + APPROX_TOLERANCE)
        return plo - 1e-9 <= phase <= phi + 1e-9


@dataclass(frozen=True)
class Parameter:
    """A number of ``data/gait_parameters.csv``: value, unit, published range,
    kind (``published``, ``approximate`` or ``illustrative``) and source."""

    name: str
    value: float
    unit: str
    range: tuple | None
    kind: str
    source: str


def _rows(name: str) -> list[dict]:
    text = resources.files("hamstrings").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _pair(row, low, high):
    return (float(row[low]), float(row[high])) if row[low] else None


EVENTS = tuple(
    Event(r["joint"], r["event"], float(r["phase_pct"]), float(r["angle_deg"]),
          _pair(r, "phase_low", "phase_high"), _pair(r, "angle_low", "angle_high"),
          r["kind"] == "extremum", r["source"])
    for r in _rows("gait_events.csv"))
"""The key events of typical adult forward walking, in table order."""

PARAMETERS = MappingProxyType({
    r["name"]: Parameter(r["name"], float(r["value"]), r["unit"], _pair(r, "low", "high"),
                         r["kind"], r["source"])
    for r in _rows("gait_parameters.csv")})
"""Name -> :class:`Parameter`: reference strides, backward departures, jogging."""

ACTIVITY_TABLE = tuple(
    {"direction": r["direction"], "muscles": tuple(r["muscles"].split()),
     "start": float(r["start_pct"]) if r["start_pct"] else None,
     "end": float(r["end_pct"]) if r["end_pct"] else None,
     "basis": r["basis"], "source": r["source"]}
    for r in _rows("gait_activity.csv"))
"""Rows of ``data/gait_activity.csv``: muscle activity windows (% of the stride)."""


def _value(name: str) -> float:
    return PARAMETERS[name].value


# --------------------------------------------------------------------------
# The Fourier fit
# --------------------------------------------------------------------------

_K = np.arange(1, HARMONICS + 1)
_W = 2 * np.pi * _K


def _basis(s: np.ndarray, derivative: int = 0) -> np.ndarray:
    """Rows [1, cos 2pi k s, sin 2pi k s] (or their d-th derivative in s) for each s."""
    x = np.multiply.outer(np.asarray(s, dtype=float), _W)
    c, n = np.cos(x), np.sin(x)
    if derivative == 0:
        return np.concatenate([np.ones(x.shape[:-1] + (1,)), c, n], axis=-1)
    if derivative == 1:
        return np.concatenate([np.zeros(x.shape[:-1] + (1,)), -_W * n, _W * c], axis=-1)
    if derivative == 2:
        return np.concatenate([np.zeros(x.shape[:-1] + (1,)), -_W**2 * c, -_W**2 * n], axis=-1)
    raise ValueError(f"derivative must be 0, 1 or 2 (got {derivative!r})")


def _retime(phase, stance_fraction: float):
    """Forward phase (%) of the reference stride -> phase with toe off at ``stance_fraction``.

    Stance events are stretched linearly over [0, 100 beta], swing events over
    [100 beta, 100].
    """
    ref = _value("walk_stance_fraction") * 100.0
    p = np.asarray(phase, dtype=float)
    new = stance_fraction * 100.0
    return np.where(p <= ref, p * new / ref, new + (p - ref) * (100.0 - new) / (100.0 - ref))


def _fit(events, stance_fraction: float) -> np.ndarray:
    """Fourier coefficients through ``events`` (re-timed to ``stance_fraction``)."""
    rows, rhs = [], []
    for e in events:
        s = float(_retime(e.phase, stance_fraction)) / 100.0
        rows.append(_basis(s) / e.sigma)
        rhs.append(e.angle / e.sigma)
        if e.extremum:
            rows.append(_basis(s, 1) / SLOPE_SIGMA)
            rhs.append(0.0)
    # integral of theta''^2 over one cycle = sum over k of (2 pi k)^4 (a_k^2 + b_k^2) / 2
    penalty = np.sqrt(SMOOTHING / 2.0) * np.concatenate([[0.0], _W**2, _W**2])
    a = np.vstack([np.array(rows), np.diag(penalty)])
    b = np.concatenate([rhs, np.zeros(penalty.size)])
    return np.linalg.lstsq(a, b, rcond=None)[0]


@functools.lru_cache(maxsize=256)
def _coefficients(stance_fraction: float) -> dict:
    """Joint -> Fourier coefficients of the forward walking stride (cached)."""
    return {joint: _fit([e for e in EVENTS if e.joint == joint], stance_fraction)
            for joint in leg.JOINTS}


def _evaluate(c: np.ndarray, s: np.ndarray, derivative: int = 0) -> np.ndarray:
    return _basis(s, derivative) @ c


def fit_residuals() -> list[dict]:
    """How closely the fitted forward curves pass through the events they were fitted to.

    One dict per event: ``joint``, ``event``, ``phase`` (%), ``published``
    (degrees), ``fitted`` (degrees, the curve at the event's phase) and
    ``inside`` (whether the curve is inside the published range there).
    """
    c = _coefficients(_value("walk_stance_fraction"))
    out = []
    for e in EVENTS:
        fitted = float(_evaluate(c[e.joint], e.phase / 100.0))
        out.append({"joint": e.joint, "event": e.name, "phase": e.phase, "published": e.angle,
                    "fitted": fitted, "inside": e.accepts(e.phase, fitted)})
    return out


def leave_one_out() -> list[dict]:
    """Validation: each event predicted by a fit that did not see it.

    For every event, the curve of its joint is refitted without it and
    evaluated at the event's phase. A held-out event tests the method on a
    value it was not fitted to. Dicts as in :func:`fit_residuals`, with
    ``predicted`` instead of ``fitted`` and, for extrema, ``predicted_phase``
    (the nearest peak or trough of the refitted curve, within 10 % of the
    cycle) and ``predicted_extremum``.
    """
    beta = _value("walk_stance_fraction")
    s = np.linspace(0.0, 1.0, 2001)
    out = []
    for e in EVENTS:
        others = [o for o in EVENTS if o.joint == e.joint and o is not e]
        c = _fit(others, beta)
        predicted = float(_evaluate(c, e.phase / 100.0))
        row = {"joint": e.joint, "event": e.name, "phase": e.phase, "published": e.angle,
               "predicted": predicted, "predicted_phase": e.phase, "predicted_extremum": predicted}
        if e.extremum:
            y = _evaluate(c, s)
            near = np.abs(100.0 * s - e.phase) <= 10.0
            full = _coefficients(beta)[e.joint]
            pick = np.argmax if _is_peak(full, e.phase) else np.argmin
            i = np.flatnonzero(near)[pick(y[near])]
            row["predicted_phase"], row["predicted_extremum"] = 100.0 * float(s[i]), float(y[i])
        row["inside"] = e.accepts(row["predicted_phase"], row["predicted_extremum"]
                                  if e.extremum else predicted)
        out.append(row)
    return out


def _is_peak(c, phase) -> bool:
    return float(_evaluate(c, phase / 100.0, 2)) < 0.0


# --------------------------------------------------------------------------
# A stride
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Stride:
    """One stride: joint angles over the cycle and the parameters that made it.

    Arrays have ``n`` samples over ``phase`` = 0 ... 100 % inclusive, so the
    first and last samples are the same instant of two successive strides.

    Attributes
    ----------
    direction, gait : str
        ``"forward"`` or ``"backward"``; ``"walk"`` or ``"jog"``.
    phase : ndarray
        Per cent of the cycle; 0 = this stride's initial contact (heel forward,
        toes backward).
    hip, knee, ankle : ndarray
        Joint angles, degrees (book conventions: flexion and dorsiflexion +).
    hip_velocity, knee_velocity, ankle_velocity : ndarray
        Angular velocities, degrees per second.
    time : ndarray
        Seconds from initial contact.
    toe_off : float
        End of stance, per cent of the cycle.
    speed, cadence, stride_length, stance_fraction, duration : float
        m/s, steps/min, m, fraction of the cycle, s.
    departures : mapping
        Backward departures from pure time reversal and whether each is on
        (empty for forward strides).
    approximate : bool
        True for jogging (a labelled approximation).
    """

    direction: str
    gait: str
    phase: np.ndarray
    hip: np.ndarray
    knee: np.ndarray
    ankle: np.ndarray
    hip_velocity: np.ndarray
    knee_velocity: np.ndarray
    ankle_velocity: np.ndarray
    time: np.ndarray
    toe_off: float
    speed: float
    cadence: float
    stride_length: float
    stance_fraction: float
    duration: float
    departures: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    approximate: bool = False

    @property
    def angles(self) -> dict:
        """``{"hip": ..., "knee": ..., "ankle": ...}``: keyword arguments for :mod:`hamstrings.leg`."""
        return {"hip": self.hip, "knee": self.knee, "ankle": self.ankle}

    @property
    def stance(self) -> np.ndarray:
        """Boolean mask of the samples in stance (foot on the ground)."""
        return self.phase <= self.toe_off

    @property
    def label(self) -> str:
        """A short human-readable description, e.g. ``"backward walking, 1.05 m/s"``."""
        if self.gait == "sprint":  # issue 16 (running.py)
            return f"sprinting, {self.speed:.2f} m/s"
        kind = "jogging (approximation)" if self.approximate else "walking"
        return f"{self.direction} {kind}, {self.speed:.2f} m/s"


def _check_number(name: str, value, low: float, high: float) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in {low:g}..{high:g} (got {value!r})") from None
    if not (math.isfinite(x) and low <= x <= high):
        raise ValueError(f"{name} must be within {low:g}..{high:g} (got {value!r})")
    return x


def _reference(gait: str) -> tuple:
    """(stride length m, cadence steps/min, stance fraction) of the reference stride."""
    return (_value(f"{gait}_stride_length"), _value(f"{gait}_cadence"),
            _value(f"{gait}_stance_fraction"))


def _resolve_speed(gait, defaults, speed, cadence, stride_length) -> tuple:
    """(speed, cadence, stride_length) from whichever of them were given."""
    ranges = PARAMETER_RANGES[gait]
    given = {k: _check_number(k, v, *ranges[k]) for k, v in
             (("speed", speed), ("cadence", cadence), ("stride_length", stride_length))
             if v is not None}
    length0, cadence0 = defaults
    if len(given) == 3:
        implied = given["stride_length"] * given["cadence"] / 120.0
        if abs(implied - given["speed"]) > _SPEED_TOLERANCE * given["speed"]:
            raise ValueError(
                f"speed, cadence and stride_length disagree: stride_length x cadence / 120 = "
                f"{implied:.3f} m/s, but speed = {given['speed']:.3f} m/s; give any two of them")
        speed, cadence, stride_length = given["speed"], given["cadence"], given["stride_length"]
    elif len(given) == 2:
        if "speed" not in given:
            cadence, stride_length = given["cadence"], given["stride_length"]
            speed = stride_length * cadence / 120.0
        elif "cadence" in given:
            speed, cadence = given["speed"], given["cadence"]
            stride_length = 120.0 * speed / cadence
        else:
            speed, stride_length = given["speed"], given["stride_length"]
            cadence = 120.0 * speed / stride_length
    elif "speed" in given:  # share the change between stride length and cadence
        speed = given["speed"]
        factor = math.sqrt(speed / (length0 * cadence0 / 120.0))
        stride_length, cadence = length0 * factor, cadence0 * factor
    else:
        cadence = given.get("cadence", cadence0)
        stride_length = given.get("stride_length", length0)
        speed = stride_length * cadence / 120.0
    for name, value in (("speed", speed), ("cadence", cadence), ("stride_length", stride_length)):
        lo, hi = ranges[name]
        if not lo - 1e-9 <= value <= hi + 1e-9:
            raise ValueError(f"{name} would be {value:.3g}, outside its range {lo:g}..{hi:g}; "
                             f"choose speed, cadence and stride_length that fit together")
    return speed, cadence, stride_length


def _gait_coefficients(gait: str, stance_fraction: float, stride_ratio: float) -> dict:
    """Forward coefficients for a gait and stance fraction, hip scaled by ``stride_ratio``."""
    c = {j: v.copy() for j, v in _coefficients(round(stance_fraction, 6)).items()}
    hip_scale = stride_ratio
    if gait == "jog":
        hip_scale *= _value("jog_hip_scale")
        knee_scale = _value("jog_knee_scale")
        knee_min = float(np.min(_evaluate(c["knee"], _FINE)))
        c["knee"][1:] *= knee_scale
        c["knee"][0] = knee_min + knee_scale * (c["knee"][0] - knee_min)
    c["hip"][1:] *= hip_scale
    return c


_FINE = np.linspace(0.0, 1.0, 401)


def _ankle_bump(t: np.ndarray, centre: float) -> tuple:
    """Extra dorsiflexion (degrees) and its derivative (degrees per cycle) at phases t (cycles).

    A periodic Gaussian-like bump (von Mises shape) of height
    ``backward_ankle_amplitude`` and standard deviation ``backward_ankle_width``.
    """
    amplitude = _value("backward_ankle_amplitude")
    sd = _value("backward_ankle_width") / 100.0
    kappa = 1.0 / (2.0 * np.pi * sd) ** 2
    x = 2.0 * np.pi * (t - centre)
    g = amplitude * np.exp(kappa * (np.cos(x) - 1.0))
    return g, -g * kappa * np.sin(x) * 2.0 * np.pi


_STRIDE_ARGS = ("speed", "cadence", "stride_length", "stance_fraction", "gait", "departures",
                *DEPARTURES)


def stride(direction: str = "forward", n: int = 101, **params) -> Stride:
    """Joint angles of one stride of typical adult walking (or jogging), forward or backward.

    Parameters
    ----------
    direction : {"forward", "backward"}
        Forward strides start at initial (heel) contact; backward strides at
        their own initial (toe) contact.
    n : int
        Number of samples over 0 ... 100 % of the cycle (3 ... 100 000; both
        ends included).
    speed : float, optional
        m/s. With cadence and stride length: speed = stride_length * cadence / 120.
        Given alone, stride length and cadence each change by the square root
        of the speed ratio. The equal split is this book's choice: Laufer 2005
        reports that young adults walk faster by lengthening the stride and
        quickening the cadence together, not how the change is shared.
    cadence : float, optional
        Steps per minute.
    stride_length : float, optional
        m. Scales the hip's excursion (see the module notes).
    stance_fraction : float, optional
        Toe off as a fraction of the cycle.
    gait : {"walk", "jog"}
        ``"jog"`` is a labelled approximation (see the module notes).
    departures : bool, optional
        Backward only. False: exact time reversal of the forward stride with
        the same parameters. True (default): the three departures below.
    shorter_stride, shorter_swing, ankle_departure : bool, optional
        Backward only: switch one departure on or off (overrides
        ``departures``). The first two change the *defaults* of stride length
        and stance fraction; explicit values always win.

    Valid ranges of the numbers: :data:`PARAMETER_RANGES`. Reference values
    and departures: ``data/gait_parameters.csv``.

    Returns
    -------
    Stride

    Raises
    ------
    ValueError
        For an unknown direction, gait or parameter name, a number out of its
        range, speed, cadence and stride length that disagree, or departures
        given for a forward stride.
    """
    if direction == "sprint":  # issue 16: the sprint stride is built in running.py
        from . import running
        return running.stride(direction, n=n, **params)
    unknown = sorted(set(params) - set(_STRIDE_ARGS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; "
                         f"valid: {', '.join(_STRIDE_ARGS)}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'forward' or 'backward' (got {direction!r})")
    gait = params.get("gait", "walk")
    if gait not in GAITS:
        raise ValueError(f"gait must be 'walk' or 'jog' (got {gait!r})")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 3 <= n <= 100_000:
        raise ValueError(f"n must be an integer within 3..100000 (got {n!r})")

    flags = _departure_flags(direction, params)
    length0, cadence0, beta0 = _reference(gait)
    if flags.get("shorter_stride"):
        length0 *= _value("backward_stride_ratio")
        cadence0 *= _value("backward_cadence_ratio")
    if flags.get("shorter_swing"):
        beta0 += _value("backward_stance_increase")
    speed, cadence, length = _resolve_speed(gait, (length0, cadence0), params.get("speed"),
                                            params.get("cadence"), params.get("stride_length"))
    beta = beta0 if params.get("stance_fraction") is None else _check_number(
        "stance_fraction", params["stance_fraction"], *PARAMETER_RANGES[gait]["stance_fraction"])

    c = _gait_coefficients(gait, beta, length / _reference(gait)[0])
    duration = 120.0 / cadence
    phase = np.linspace(0.0, 100.0, int(n))
    t = phase / 100.0
    if direction == "forward":
        u, sign = t, 1.0
    else:
        u, sign = np.mod(beta - t, 1.0), -1.0
    angles, rates = {}, {}
    for joint in leg.JOINTS:
        angles[joint] = _evaluate(c[joint], u)
        rates[joint] = sign * _evaluate(c[joint], u, 1)  # degrees per cycle
    if flags.get("ankle_departure"):
        # centred where the reversed forward peak dorsiflexion falls
        peak = float(_retime(_peak_dorsiflexion_phase(), beta)) / 100.0
        bump, slope = _ankle_bump(t, np.mod(beta - peak, 1.0))
        angles["ankle"] = angles["ankle"] + bump
        rates["ankle"] = rates["ankle"] + slope
    for joint in leg.JOINTS:
        lo, hi = leg.JOINT_LIMITS[joint]
        if angles[joint].min() < lo or angles[joint].max() > hi:  # pragma: no cover - ranges prevent it
            raise ValueError(f"these parameters drive the {joint} outside {lo}..{hi} degrees")
    return Stride(
        direction=direction, gait=gait, phase=phase,
        hip=angles["hip"], knee=angles["knee"], ankle=angles["ankle"],
        hip_velocity=rates["hip"] / duration, knee_velocity=rates["knee"] / duration,
        ankle_velocity=rates["ankle"] / duration,
        time=t * duration, toe_off=100.0 * beta, speed=speed, cadence=cadence,
        stride_length=length, stance_fraction=beta, duration=duration,
        departures=MappingProxyType(flags), approximate=gait == "jog")


def _departure_flags(direction: str, params: dict) -> dict:
    given = {k: params[k] for k in ("departures", *DEPARTURES) if params.get(k) is not None}
    for k, v in given.items():
        if not isinstance(v, (bool, np.bool_)):
            raise ValueError(f"{k} must be True or False (got {v!r})")
    if direction == "forward":
        if given:
            raise ValueError(f"{', '.join(given)} apply to direction='backward' only")
        return {}
    default = bool(given.get("departures", True))
    return {k: bool(given.get(k, default)) for k in DEPARTURES}


def _peak_dorsiflexion_phase() -> float:
    e = next(e for e in EVENTS if e.joint == "ankle" and e.extremum and e.angle > 0)
    return e.phase


# --------------------------------------------------------------------------
# Muscle activity
# --------------------------------------------------------------------------

def _reverse_window(start: float, end: float, beta: float) -> tuple:
    """A forward activity window (% of the reference stride) run backwards in time."""
    a, b = (float(_retime(p, beta)) for p in (start, end))
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
    """
    if direction == "sprint":  # issue 16: sprint activity windows live in running.py
        from . import running
        return running.activity()
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'forward' or 'backward' (got {direction!r})")
    if stance_fraction is None:
        stance_fraction = _value("walk_stance_fraction") + (
            _value("backward_stance_increase") if direction == "backward" else 0.0)
    beta = _check_number("stance_fraction", stance_fraction, 0.25, 0.75)
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
                windows[m].append(tuple(float(_retime(p, beta)) for p in (row["start"], row["end"])))
            elif row["basis"] == "reversal":
                windows[m].extend(_reverse_window(a, b, beta) for a, b in forward[m])
            else:
                windows[m].append((row["start"], row["end"]))
    return windows


def active(s: Stride, windows: dict | None = None) -> dict:
    """Muscle -> boolean array over ``s.phase``: True where the muscle is typically active.

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
            on |= ((p >= a) & (p <= b)) if a <= b else ((p >= a) | (p <= b))
        out[m] = on
    return out


# --------------------------------------------------------------------------
# Muscles over a stride
# --------------------------------------------------------------------------

def intervals(phase: np.ndarray, mask: np.ndarray) -> list[tuple]:
    """Runs of True in ``mask`` as ``(start, end)`` phases, joined across 100 % -> 0 %.

    ``phase`` runs over one whole cycle (first and last samples the same instant).
    """
    mask = np.asarray(mask, bool)
    body = mask[:-1] if phase[-1] - phase[0] >= 100.0 - 1e-9 else mask
    if body.all():
        return [(0.0, 100.0)]
    if not body.any():
        return []
    step = np.diff(body.astype(int))
    starts = list(np.flatnonzero(step == 1) + 1)
    ends = list(np.flatnonzero(step == -1))
    if body[0]:
        starts.insert(0, 0)
    if body[-1]:
        ends.append(len(body) - 1)
    runs = [(float(phase[a]), float(phase[b])) for a, b in zip(starts, ends)]
    if len(runs) > 1 and body[0] and body[-1]:  # wraps round: join last and first
        runs = [(runs[-1][0], runs[0][1])] + runs[1:-1]
    return runs


@dataclass(frozen=True)
class StrideMuscles:
    """Every model muscle over one stride (see :func:`muscles`).

    Dicts by muscle name, arrays over ``stride.phase``:
    ``length`` (m), ``change`` (length change from standing, % of the standing
    length), ``velocity`` (lengthening velocity, m/s; positive = lengthening),
    ``velocity_norm`` (optimal fibre lengths per second), ``fiber_length``
    (normalised fibre length, rigid tendon; NaN where the unit is slack).
    ``standing`` holds the standing lengths (m).
    """

    stride: Stride
    length: dict
    change: dict
    velocity: dict
    velocity_norm: dict
    fiber_length: dict
    standing: dict

    def _check(self, m: str) -> str:
        if m not in self.length:
            raise ValueError(f"muscle must be one of {', '.join(self.length)} (got {m!r})")
        return m

    def phases(self, m: str, tolerance: float = 0.005) -> dict:
        """When ``m`` lengthens and when it shortens, as lists of ``(start, end)`` in %.

        ``tolerance`` (optimal fibre lengths per second): slower than this
        counts as neither (holding its length).
        """
        v = self.velocity_norm[self._check(m)]
        tolerance = _check_number("tolerance", tolerance, 0.0, 10.0)
        p = self.stride.phase
        return {"lengthening": intervals(p, v > tolerance),
                "shortening": intervals(p, v < -tolerance)}

    def peak(self, m: str) -> dict:
        """Peak length of ``m``: ``change`` (%), ``length`` (m) and ``phase`` (%) where it occurs."""
        c = self.change[self._check(m)]
        i = int(np.argmax(c))
        return {"change": float(c[i]), "length": float(self.length[m][i]),
                "phase": float(self.stride.phase[i])}

    def time_above(self, m: str, threshold: float = 0.0) -> dict:
        """Time ``m`` spends longer than ``threshold`` (% change from standing).

        Returns ``fraction`` (of the cycle, 0-1) and ``seconds`` per stride.
        """
        threshold = _check_number("threshold", threshold, -100.0, 100.0)
        above = self.change[self._check(m)][:-1] > threshold  # one cycle, last sample = first
        fraction = float(above.mean())
        return {"fraction": fraction, "seconds": fraction * self.stride.duration}


def muscles(s: Stride) -> StrideMuscles:
    """Length, velocity and fibre length of every model muscle over a stride.

    Lengths and moment arms from :func:`hamstrings.leg.lengths_and_moment_arms`
    (one call for the whole stride); lengthening velocity by the chain rule,
    dL/dt = -sum over joints of r * dq/dt (q in radians); fibre lengths from
    :func:`hamstrings.muscle.normalized_fiber_length` (rigid tendon).
    """
    if not isinstance(s, Stride):
        raise ValueError(f"muscles needs a Stride from gait.stride() (got {type(s).__name__})")
    lengths, arms = leg.lengths_and_moment_arms(s.hip, s.knee, s.ankle)
    rates = {j: np.radians(getattr(s, f"{j}_velocity")) for j in leg.JOINTS}
    standing = _standing()
    change, velocity, norm, fiber = {}, {}, {}, {}
    for m in leg.MUSCLES:
        v = np.zeros_like(s.phase)
        for j in leg.CROSSES[m]:
            v -= arms[m][j] * rates[j]
        p = muscle.PARAMETERS[m]
        change[m] = 100.0 * (lengths[m] / standing[m] - 1.0)
        velocity[m] = v
        norm[m] = v / p.optimal_fiber_length
        fiber[m] = muscle.normalized_fiber_length(m, lengths[m], allow_slack=True)
    return StrideMuscles(s, lengths, change, velocity, norm, fiber, standing)


@functools.cache
def _standing() -> dict:
    return {m: float(v) for m, v in leg.muscle_lengths(0.0, 0.0, 0.0).items()}


# --------------------------------------------------------------------------
# Questions the chapters ask
# --------------------------------------------------------------------------

def active_while_lengthening(traces: StrideMuscles, m: str, others, tolerance: float = 0.005,
                             windows: dict | None = None) -> float:
    """Fraction of the time ``m`` lengthens during which any muscle in ``others`` is active.

    ``others`` is a muscle name or a sequence of them; activity from
    :func:`active` (``windows`` as there). 0 if ``m`` never lengthens.
    """
    others = [others] if isinstance(others, str) else list(others)
    for o in others:
        traces._check(o)
    on = active(traces.stride, windows)
    lengthening = traces.velocity_norm[traces._check(m)][:-1] > tolerance
    if not lengthening.any():
        return 0.0
    any_on = np.any([on[o][:-1] for o in others], axis=0)
    return float((any_on & lengthening).sum() / lengthening.sum())


def work_polarity(traces: StrideMuscles, m: str, windows: dict | None = None) -> dict:
    """How ``m`` moves while it is typically active: a kinematic stand-in for power polarity.

    A muscle's power is force times shortening velocity. The model has no
    forces, so this counts only the sign: of the time ``m`` is active,
    ``lengthening`` is the fraction spent lengthening (braking, "eccentric":
    negative work) and ``shortening`` the fraction spent shortening (pushing,
    "concentric": positive work); ``excursion_lengthening`` and
    ``excursion_shortening`` are how far it lengthens and shortens while active,
    in optimal fibre lengths.
    """
    on = active(traces.stride, windows)[traces._check(m)][:-1]
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
BACKWARD_RUNNING = {
    r["quantity"]: (float(r["value"]), r["unit"], r["source"])
    for r in csv.DictReader(resources.files("hamstrings").joinpath("data", "backward_running.csv")
                            .read_text(encoding="utf-8").splitlines())
}
