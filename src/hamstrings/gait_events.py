r"""Published key events of forward walking, and the smooth periodic curves fitted through them.

The published description of typical adult walking is a table of *key events*:
at initial contact the hip is flexed about 30 degrees, the knee peaks near 60
degrees at about 72 % of the cycle, and so on (perry2010, winter2009,
kadaba1990: keys of ``references.bib``). ``data/gait_events.csv`` holds those
events, each with its source. This module turns them into smooth, periodic
curves by a **periodic penalised least-squares Fourier fit**: each joint angle is

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

A stride with another stance fraction moves toe off: :func:`retime` stretches
the events of stance over ``[0, stance_fraction]`` and those of swing over the
rest, and :func:`coefficients` refits the curves (cached per stance fraction).

The fit is calibrated on every event; :func:`fit_residuals` shows how closely
it passes through them and :func:`leave_one_out` validates it on each event
held out of its own fit. ``data/gait_parameters.csv`` (:data:`PARAMETERS`)
holds the other numbers of gait: reference strides, the backward departures
and the jogging scaling, each marked published, approximate or illustrative.

:mod:`hamstrings.gait` builds strides from these curves.

References: perry2010, winter2009, kadaba1990 (keys of ``references.bib``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from . import leg
from .tables import read_table

__all__ = [
    "HARMONICS", "SMOOTHING", "SLOPE_SIGMA", "DEFAULT_SIGMA", "APPROX_TOLERANCE",
    "EVENTS", "PARAMETERS", "Event", "Parameter", "value", "retime", "fit", "coefficients",
    "evaluate", "nearest_extremum", "fit_residuals", "leave_one_out", "peak_dorsiflexion_phase",
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


def _pair(row, low, high):
    return None if row[low] is None else (row[low], row[high])


EVENTS = tuple(
    Event(r["joint"], r["event"], r["phase_pct"], r["angle_deg"],
          _pair(r, "phase_low", "phase_high"), _pair(r, "angle_low", "angle_high"),
          r["kind"] == "extremum", r["source"])
    for r in read_table("gait_events.csv"))
"""The key events of typical adult forward walking, in table order."""

PARAMETERS = MappingProxyType({
    r["name"]: Parameter(r["name"], r["value"], r["unit"], _pair(r, "low", "high"),
                         r["kind"], r["source"])
    for r in read_table("gait_parameters.csv")})
"""Name -> :class:`Parameter`: reference strides, backward departures, jogging."""


def value(name: str) -> float:
    """The value of the gait parameter ``name`` (a row of ``data/gait_parameters.csv``)."""
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


def retime(phase, stance_fraction: float, reference: float | None = None):
    """Phase (%) of a reference stride -> phase with toe off at ``stance_fraction``.

    Stance events are stretched linearly over [0, 100 beta], swing events over
    [100 beta, 100]. ``reference``: the reference stride's stance fraction
    (default: forward walking's, ``walk_stance_fraction``).
    """
    ref = (value("walk_stance_fraction") if reference is None else reference) * 100.0
    p = np.asarray(phase, dtype=float)
    new = stance_fraction * 100.0
    return np.where(p <= ref, p * new / ref, new + (p - ref) * (100.0 - new) / (100.0 - ref))


def fit(events, stance_fraction: float, reference: float | None = None) -> np.ndarray:
    """Fourier coefficients through ``events``, re-timed from the stance fraction
    ``reference`` (default forward walking's) to ``stance_fraction``."""
    events = list(events)
    if not events or not all(isinstance(e, Event) for e in events):
        raise ValueError("events must be a non-empty sequence of gait.Event")
    rows, rhs = [], []
    for e in events:
        s = float(retime(e.phase, stance_fraction, reference)) / 100.0
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
def coefficients(stance_fraction: float) -> dict:
    """Joint -> Fourier coefficients of the forward walking stride (cached)."""
    return {joint: fit([e for e in EVENTS if e.joint == joint], stance_fraction)
            for joint in leg.JOINTS}


def evaluate(c: np.ndarray, s, derivative: int = 0) -> np.ndarray:
    """The curve of coefficients ``c`` (or its ``derivative``-th derivative, degrees per cycle
    to that power) at ``s``, fractions of the cycle."""
    return _basis(s, derivative) @ c


def nearest_extremum(phase, y, centre: float, peak: bool, window: float = 10.0) -> tuple:
    """(phase, value) of the highest (``peak``) or lowest sample of the curve ``y`` over
    ``phase`` (% of the cycle) within ``window`` % of ``centre``: where a fitted curve puts
    an extremum that the data place at ``centre``."""
    phase, y = np.asarray(phase), np.asarray(y)
    near = np.flatnonzero(np.abs(phase - centre) <= window)
    i = near[(np.argmax if peak else np.argmin)(y[near])]
    return float(phase[i]), float(y[i])


def fit_residuals() -> list[dict]:
    """How closely the fitted forward curves pass through the events they were fitted to.

    One dict per event: ``joint``, ``event``, ``phase`` (%), ``published``
    (degrees), ``fitted`` (degrees, the curve at the event's phase) and
    ``inside`` (whether the curve is inside the published range there).
    """
    c = coefficients(value("walk_stance_fraction"))
    out = []
    for e in EVENTS:
        fitted = float(evaluate(c[e.joint], e.phase / 100.0))
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
    beta = value("walk_stance_fraction")
    s = np.linspace(0.0, 1.0, 2001)
    out = []
    for e in EVENTS:
        others = [o for o in EVENTS if o.joint == e.joint and o is not e]
        c = fit(others, beta)
        predicted = float(evaluate(c, e.phase / 100.0))
        row = {"joint": e.joint, "event": e.name, "phase": e.phase, "published": e.angle,
               "predicted": predicted, "predicted_phase": e.phase, "predicted_extremum": predicted}
        if e.extremum:
            row["predicted_phase"], row["predicted_extremum"] = nearest_extremum(
                100.0 * s, evaluate(c, s), e.phase, _is_peak(coefficients(beta)[e.joint], e.phase))
        row["inside"] = e.accepts(row["predicted_phase"], row["predicted_extremum"]
                                  if e.extremum else predicted)
        out.append(row)
    return out


def _is_peak(c, phase) -> bool:
    return float(evaluate(c, phase / 100.0, 2)) < 0.0


def peak_dorsiflexion_phase() -> float:
    """Phase (% of the forward reference stride) of the published peak ankle dorsiflexion."""
    e = next(e for e in EVENTS if e.joint == "ankle" and e.extremum and e.angle > 0)
    return e.phase
