r"""A stride of walking (or jogging), forward and backward, and the muscles over it.

This module is the face of the walking model; its parts live in modules whose
names say what they do, and their public names are importable from here too
(all but the fitting machinery of :mod:`hamstrings.gait_events`, which stays there):

- :mod:`hamstrings.gait_events`: the published key events of forward walking
  and the periodic Fourier curves fitted through them (``EVENTS``,
  ``PARAMETERS``, ``fit_residuals``, ``leave_one_out``; the fit itself:
  ``fit``, ``retime``, ``evaluate``, ``coefficients``);
- this module: a stride (:func:`stride`, :class:`Stride`) built from those
  curves, and the muscles over it (:func:`muscles`, :class:`StrideMuscles`);
- :mod:`hamstrings.activity`: when each muscle is typically active
  (``ACTIVITY_TABLE``, ``activity``, ``active``);
- :mod:`hamstrings.gait_answers`: the chapters' questions that join the two
  (``active_while_lengthening``, ``work_polarity``, ``BACKWARD_RUNNING``);
- :mod:`hamstrings.stride_kinds`: the registry of stride kinds
  (``STRIDE_KINDS``, ``register_stride_kind``, ``stride_kind``).

Stride kinds
============

``stride(kind, n=..., **params)`` looks ``kind`` up in :data:`STRIDE_KINDS`
and calls its maker; ``activity(kind)`` looks up the same kind's activity
windows. This module registers the two walking directions, ``"forward"`` and
``"backward"`` (:data:`DIRECTIONS`). Another kind of stride plugs in without
touching this module: its own module builds a :class:`Stride` and registers a
maker, and optionally its windows, when it is imported::

    from hamstrings import gait

    def _sprint(n, speed=None):
        ...  # return gait.Stride(...) with n samples over 0 ... 100 %

    def _sprint_windows(stance_fraction):
        ...  # muscle -> [(start, end), ...] in % of the stride

    gait.register_stride_kind("sprint", _sprint, parameters=("speed",),
                              description="sprinting, forward", activity=_sprint_windows)

after which ``import hamstrings.<that module>`` makes ``gait.stride("sprint")``
and ``gait.activity("sprint")`` work. :func:`stride` checks ``n`` and the
parameter names before it calls the maker; the maker checks the values.

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
(winter1989, grasso1998, lee2013). Time reversal turns the forward toe off into
the backward stride's first contact (on the toes) and the forward heel contact
into its last moment of stance, so the backward stride, re-phased so that 0 %
is its own initial (toe) contact, is

$$\theta_B(t) = \theta_F(\beta - t), \qquad \beta = \text{stance fraction},$$

and it keeps the same stance fraction. Three *departures* from pure reversal
are named, documented and switchable (all on by default; ``departures=False``
switches them all off and gives exact time reversal):

``shorter_stride``
    strides shorter, at unchanged cadence, so slower (laufer2005);
``shorter_swing``
    stance a larger part of the cycle, swing a smaller one (laufer2005);
``ankle_departure``
    extra dorsiflexion as the heel comes down after the toe landing: the ankle
    is the joint least like reversed forward walking (winter1989, lee2013).

The directions are published; the sizes are this book's illustrative choices
(``data/gait_parameters.csv`` says which is which).

Jogging
=======

``gait="jog"`` is a clearly labelled approximation, not a model of running: the
walking pattern with a shorter stance (about 40 % of the cycle; novacheck1998),
the hip excursion scaled by 1.3 and the knee's excursion above its minimum by
1.5 (round, illustrative factors; running moves both joints through larger
ranges, novacheck1998). Running's own features (no double support, a flight
phase, knee flexion of about 40 degrees in stance) are not modelled.

Muscles over the stride
=======================

:func:`muscles` drives :mod:`hamstrings.leg` and :mod:`hamstrings.muscle` with a
stride: muscle-tendon length (m, and change from standing in per cent),
lengthening velocity (m/s, and optimal fibre lengths per second), normalised
fibre length, and per muscle the phases in which it lengthens or shortens, its
peak length and the time it spends above a chosen length. Velocities are exact:
the chain rule with the model's moment arms, $\dot L = -\sum_j r_j \dot q_j$.

References
==========

perry2010, winter2009, kadaba1990, winter1989, grasso1998, lee2013, laufer2005,
novacheck1998 (keys of ``references.bib``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from . import gait_events, leg, muscle, validate
from .activity import ACTIVITY_TABLE, active, activity, in_window, window_pieces
from .gait_answers import BACKWARD_RUNNING, active_while_lengthening, work_polarity
from .gait_events import (
    APPROX_TOLERANCE, DEFAULT_SIGMA, EVENTS, HARMONICS, PARAMETERS, SLOPE_SIGMA, SMOOTHING, Event,
    Parameter, fit_residuals, leave_one_out,
)
from .stride_kinds import PLUGINS, STRIDE_KINDS, StrideKind, register_stride_kind, stride_kind

__all__ = [
    # strides and the muscles over them (this module)
    "DIRECTIONS", "GAITS", "DEPARTURES", "PARAMETER_RANGES", "Stride", "StrideMuscles",
    "stride", "muscles", "intervals",
    # the registry of stride kinds (stride_kinds)
    "StrideKind", "STRIDE_KINDS", "PLUGINS", "register_stride_kind", "stride_kind",
    # the fit to published events (gait_events)
    "HARMONICS", "SMOOTHING", "SLOPE_SIGMA", "DEFAULT_SIGMA", "APPROX_TOLERANCE",
    "EVENTS", "PARAMETERS", "Event", "Parameter", "fit_residuals", "leave_one_out",
    # activity windows (activity) and the chapters' questions (gait_answers)
    "ACTIVITY_TABLE", "activity", "active", "in_window", "window_pieces", "active_while_lengthening",
    "work_polarity", "BACKWARD_RUNNING", "stance_foot_speed",
]

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

    def nearest(self, phase) -> int:
        """The index of the sample nearest ``phase`` (% of the stride, 0 ... 100).

        >>> stride("forward", n=11).nearest(33)
        3
        """
        phase = validate.in_range(phase, "phase", 0.0, 100.0, "% of the stride")
        return int(np.argmin(np.abs(self.phase - phase)))

    def part_at(self, index: int) -> str:
        """``"stance"`` or ``"swing"`` at sample ``index`` (stance up to and including toe off)."""
        return "stance" if self.stance[index] else "swing"

    @property
    def label(self) -> str:
        """A short human-readable description, e.g. ``"backward walking, 1.05 m/s"``."""
        if self.gait == "sprint":  # issue 16 (running.py)
            return f"sprinting, {self.speed:.2f} m/s"
        kind = "jogging (approximation)" if self.approximate else "walking"
        return f"{self.direction} {kind}, {self.speed:.2f} m/s"


# --------------------------------------------------------------------------
# Strides of any kind, through the registry of hamstrings.stride_kinds (re-exported here)
# --------------------------------------------------------------------------

def stride(kind: str = "forward", n: int = 101, **params) -> Stride:
    """Joint angles of one stride: typical adult walking (or jogging), forward or backward.

    Parameters
    ----------
    kind : str
        A name of :data:`STRIDE_KINDS`: ``"forward"`` or ``"backward"`` walking
        (the parameters below), or a kind another module has registered (its
        own parameters; see "Stride kinds" in the module notes). Forward
        strides start at initial (heel) contact; backward strides at their own
        initial (toe) contact.
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
        For an unknown kind, gait or parameter name, a number out of its
        range, speed, cadence and stride length that disagree, or departures
        given for a forward stride.

    Examples
    --------
    >>> s = stride("backward", n=11)
    >>> s.direction, s.phase.size, s.toe_off > 50
    ('backward', 11, True)
    """
    maker = stride_kind(kind)
    n = validate.integer(n, "n", 3, 100_000)
    unknown = sorted(set(params) - set(maker.parameters))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)} for a {kind} stride; "
                         f"valid: {', '.join(maker.parameters)}")
    return maker.make(n=n, **params)


# --------------------------------------------------------------------------
# Walking (and jogging) strides
# --------------------------------------------------------------------------

def _reference(gait: str) -> tuple:
    """(stride length m, cadence steps/min, stance fraction) of the reference stride."""
    return (gait_events.value(f"{gait}_stride_length"), gait_events.value(f"{gait}_cadence"),
            gait_events.value(f"{gait}_stance_fraction"))


def _resolve_speed(gait, defaults, speed, cadence, stride_length) -> tuple:
    """(speed, cadence, stride_length) from whichever of them were given."""
    ranges = PARAMETER_RANGES[gait]
    given = {k: validate.in_range(v, k, *ranges[k]) for k, v in
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
    c = {j: v.copy() for j, v in gait_events.coefficients(round(stance_fraction, 6)).items()}
    hip_scale = stride_ratio
    if gait == "jog":
        hip_scale *= gait_events.value("jog_hip_scale")
        knee_scale = gait_events.value("jog_knee_scale")
        knee_min = float(np.min(gait_events.evaluate(c["knee"], _FINE)))
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
    amplitude = gait_events.value("backward_ankle_amplitude")
    sd = gait_events.value("backward_ankle_width") / 100.0
    kappa = 1.0 / (2.0 * np.pi * sd) ** 2
    x = 2.0 * np.pi * (t - centre)
    g = amplitude * np.exp(kappa * (np.cos(x) - 1.0))
    return g, -g * kappa * np.sin(x) * 2.0 * np.pi


_STRIDE_ARGS = ("speed", "cadence", "stride_length", "stance_fraction", "gait", "departures",
                *DEPARTURES)


def _walk(direction: str, n: int, **params) -> Stride:
    """A walking (or jogging) stride, forward or backward: the maker of those two kinds.

    :func:`stride` has checked ``n`` and the parameter names; this checks the values.
    """
    gait = validate.choice(params.get("gait", "walk"), "gait", GAITS)
    flags = _departure_flags(direction, params)
    length0, cadence0, beta0 = _reference(gait)
    if flags.get("shorter_stride"):
        length0 *= gait_events.value("backward_stride_ratio")
        cadence0 *= gait_events.value("backward_cadence_ratio")
    if flags.get("shorter_swing"):
        beta0 += gait_events.value("backward_stance_increase")
    speed, cadence, length = _resolve_speed(gait, (length0, cadence0), params.get("speed"),
                                            params.get("cadence"), params.get("stride_length"))
    beta = beta0 if params.get("stance_fraction") is None else validate.in_range(
        params["stance_fraction"], "stance_fraction", *PARAMETER_RANGES[gait]["stance_fraction"])

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
        angles[joint] = gait_events.evaluate(c[joint], u)
        rates[joint] = sign * gait_events.evaluate(c[joint], u, 1)  # degrees per cycle
    if flags.get("ankle_departure"):
        # centred where the reversed forward peak dorsiflexion falls
        peak = float(gait_events.retime(gait_events.peak_dorsiflexion_phase(), beta)) / 100.0
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
        validate.flag(v, k)
    if direction == "forward":
        if given:
            raise ValueError(f"{', '.join(given)} apply to direction='backward' only")
        return {}
    default = bool(given.get("departures", True))
    return {k: bool(given.get(k, default)) for k in DEPARTURES}




for _direction in DIRECTIONS:
    register_stride_kind(_direction, functools.partial(_walk, _direction), _STRIDE_ARGS,
                         f"typical adult walking (or jogging), {_direction}",
                         functools.partial(activity, _direction))


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

    def check(self, m: str) -> str:
        """``m`` if it is a muscle of these traces, else ValueError naming the muscles."""
        return validate.choice(m, "muscle", tuple(self.length))

    def phases(self, m: str, tolerance: float = 0.005) -> dict:
        """When ``m`` lengthens and when it shortens, as lists of ``(start, end)`` in %.

        ``tolerance`` (optimal fibre lengths per second): slower than this
        counts as neither (holding its length).
        """
        v = self.velocity_norm[self.check(m)]
        tolerance = validate.in_range(tolerance, "tolerance", 0.0, 10.0)
        p = self.stride.phase
        return {"lengthening": intervals(p, v > tolerance),
                "shortening": intervals(p, v < -tolerance)}

    def peak(self, m: str) -> dict:
        """Peak length of ``m``: ``change`` (%), ``length`` (m) and ``phase`` (%) where it occurs."""
        c = self.change[self.check(m)]
        i = int(np.argmax(c))
        return {"change": float(c[i]), "length": float(self.length[m][i]),
                "phase": float(self.stride.phase[i])}

    def time_above(self, m: str, threshold: float = 0.0) -> dict:
        """Time ``m`` spends longer than ``threshold`` (% change from standing).

        Returns ``fraction`` (of the cycle, 0-1) and ``seconds`` per stride.
        """
        threshold = validate.in_range(threshold, "threshold", -100.0, 100.0)
        above = self.change[self.check(m)][:-1] > threshold  # one cycle, last sample = first
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
    standing = leg.standing_lengths()
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
    return StrideMuscles(s, lengths, change, velocity, norm, fiber, dict(standing))

def stance_foot_speed(s: Stride, window: tuple = (10.0, 40.0)) -> float:
    """How fast the planted foot moves backwards under the hip (m/s), pelvis held still.

    With the pelvis fixed, as on a treadmill, the foot on the ground must move back
    at the walking speed. The joint-angle fit never sees the speed, so the share of
    ``s.speed`` this reaches checks the angles (the rest is the pelvis, which the
    model holds still). The ankle's forward position over ``window`` (per cent of
    the stride, the foot flat on the ground in a forward stride) is fitted with a
    straight line against time; the result is minus its slope, positive when the
    foot moves backwards.

    Raises
    ------
    ValueError
        If ``window`` is not two phases with 0 <= start < end <= 100.

    Examples
    --------
    >>> s = stride("forward")
    >>> 0.5 < stance_foot_speed(s) / s.speed < 1.0
    True
    """
    try:
        start, end = (float(w) for w in window)
    except (TypeError, ValueError):
        raise ValueError(f"window must be two phases (start, end) in per cent (got {window!r})") from None
    if not 0.0 <= start < end <= 100.0:
        raise ValueError(f"window must satisfy 0 <= start < end <= 100 (got {window!r})")
    flat = (s.phase >= start) & (s.phase <= end)
    if flat.sum() < 2:
        raise ValueError(f"window must hold at least two samples of the stride (got {window!r})")
    ankle_x = np.array([leg.pose(h, k, a)["joints"]["ankle"][0]
                        for h, k, a in zip(s.hip[flat], s.knee[flat], s.ankle[flat])])
    return float(-np.polyfit(s.time[flat], ankle_x, 1)[0])
