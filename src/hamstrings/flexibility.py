r"""Daily length exposure and how flexibility adapts to it over weeks.

Explanation
===========

A **day** (:class:`Day`) is a schedule of posture-hours: hours in each
posture of :data:`hamstrings.postures.DAILY` (sleep, sitting by posture,
standing, ...), hours of walking forward and backward (strides of
:mod:`hamstrings.gait`), and stretching (sessions a week, seconds of hold per
session). From it the module computes

* the day's **length exposure** of each muscle (:func:`exposure`): hours
  spent at each muscle-tendon length, in per cent of standing;
* how the person's **straight-leg raise and active knee extension** change,
  day by day, over weeks (:func:`simulate`), through
  :func:`hamstrings.clinical.straight_leg_raise` and
  :func:`hamstrings.clinical.active_knee_extension_deficit`.

Two mechanisms, both documented in ``data/flexibility_parameters.csv``:

(a) **Stretch tolerance** (what 3-8 week programmes change, weppler2010,
    freitas2018). The person's tolerated torque (``tolerated_torque`` of
    :mod:`hamstrings.clinical`) is :math:`T = T_0 (1 + g)`. Each day the
    tolerance gain :math:`g` moves as

    .. math:: g \leftarrow g + k\,u\,(g_{max} - g) - g\,(1 - e^{-1/\tau_d})

    with the day's stretching dose :math:`u = 1 - e^{-E/E_0}`, where
    :math:`E` is the seconds of stretch that day, each second weighted by
    its intensity: 1 for a stretch held at the tolerance, and for any posture
    or movement :math:`\mathrm{clip}((F/F_{tol} - \theta)/(1 - \theta), 0, 1)`,
    :math:`F` the hamstrings' passive tension
    (:func:`hamstrings.clinical.hamstring_tension`) and :math:`F_{tol}` the
    tension at the end of the person's current straight-leg raise. A
    movement whose hamstring tension stays below :math:`\theta F_{tol}` is
    no stretch at all. Backward walking enters only through this rule: the
    dose-response for it follows from its hamstring tension, not from any
    claim about it.

(b) **Structural length** (animal data: tabary1972, hinks2024). The two-joint
    hamstrings' optimal fibre length changes by the fraction :math:`\delta`,
    which relaxes with time constant :math:`\tau_s` toward

    .. math:: \delta^* = G \sum_p w(f_p)\,x_p - (\text{the same for the habitual day})

    where :math:`x_p` is the fibres' relative length change from standing in
    posture :math:`p` (rigid tendon), :math:`f_p` the share of the day spent
    in it, and :math:`w(f) = \mathrm{clip}((f - c)/(1 - c), 0, 1)`: only a
    posture that fills more than the share :math:`c` of the day (casting is
    the whole day) drives structural change. A change :math:`\delta` shifts
    the straight-leg raise by :math:`\delta\,l_{opt}/r_{hip}` and the active
    knee extension deficit by :math:`-\delta\,l_{opt}/r_{knee}` (moment arms at
    the default person's test end points; a linearisation).

The default person starts adapted to :data:`HABITUAL` (8 h sleep supine,
8 h upright chair sitting, 7 h standing, 1 h walking), at the stretch
tolerance of :mod:`hamstrings.clinical` (straight-leg raise about 68 degrees,
active knee extension deficit about 28 degrees). Unchanged habits keep that
flexibility steady.

Calibration and validation
==========================

The tolerance parameters :math:`k`, :math:`g_{max}`, :math:`\tau_d` are
fitted by :func:`calibrate` to the calibration set only
(``data/flexibility_calibration.csv``: medeiros2016, gribble1999, willy2001,
konrad2025). The other parameters are measured (animal data) or assumptions,
each with a range. Backward-walking trials and cross-sectional sitting
studies are validation: never fitted. Parameter uncertainty: ``samples``
parameter sets drawn uniformly and independently from the ranges (seeded)
give a 5-95 % band.

Units: angles in degrees at the API, torques in N m, time in days (steps of
one day), stretching hold in seconds.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from . import _flexibility_tables, clinical, gait, leg, muscle, postures
from .tables import read_table
from .validate import choice, in_range, integer

__all__ = [
    "PARAMETERS", "Parameter", "TARGETS", "Target", "ACTIVITIES", "Day", "typical_day", "HABITUAL",
    "Exposure", "exposure", "Result", "simulate", "calibrate", "stretch_intensity",
    "STRETCH_DEFAULT", "dose_response", "BAND", "FITS", "calibration_fits", "T_MIN", "tolerance_for_slr",
    "BACKWARD_TRIALS", "Trial", "ClinicalTables", "clinical_tables", "compute_clinical_tables",
    "write_clinical_tables", "warm_up", "activity_tension",
]

#: Lowest starting tolerated torque accepted, N m (straight-leg raise about 47 degrees).
T_MIN = 25.0

#: Percentiles of the parameter-uncertainty band.
BAND = (5.0, 95.0)

#: Activities a :class:`Day` can hold hours of: the daily postures and the two walks.
ACTIVITIES = tuple(postures.DAILY) + tuple(postures.WALKING)

#: The two-joint hamstrings, whose structural length enters the clinical tests.
_TWO_JOINT = tuple(m for m in leg.HAMSTRINGS if m != "biceps_femoris_short")


class Parameter(NamedTuple):
    """One model parameter (a row of ``data/flexibility_parameters.csv``)."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    kind: str
    source: str


class Target(NamedTuple):
    """One calibration target or check (a row of ``data/flexibility_calibration.csv``)."""

    name: str
    value: float
    low: float | None
    high: float | None
    unit: str
    role: str
    source: str


#: Model parameters by name (value, plausible range, unit, kind, source).
PARAMETERS = MappingProxyType({
    r["parameter"]: Parameter(r["parameter"], r["value"], r["low"], r["high"],
                              r["unit"], r["kind"], r["source"])
    for r in read_table("flexibility_parameters.csv")})

#: Calibration targets and checks by name.
TARGETS = MappingProxyType({
    r["target"]: Target(r["target"], r["value"], r["low"], r["high"], r["unit"],
                        r["role"], r["source"])
    for r in read_table("flexibility_calibration.csv")})

# ----------------------------------------------------------------------------- the day


def _number(value, name: str, low: float, high: float) -> float:
    """:func:`hamstrings.validate.in_range`, refusing text and booleans too: "14" or True in a
    schedule or a parameter override is a mistake, not a number."""
    if isinstance(value, (str, bytes, bool, np.bool_)):
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}")
    return in_range(value, name, low, high)


@dataclass(frozen=True)
class Day:
    """One day's schedule: posture-hours, walking and stretching.

    ``hours``: mapping activity -> hours, activities from :data:`ACTIVITIES`
    (the postures of :data:`hamstrings.postures.DAILY`, ``walking_forward``
    and ``walking_backward``); missing activities are 0; the hours must sum to
    24 (within 0.01 h). ``stretch_sessions_per_week``: 0-7 days a week with
    one stretching session (spread evenly over the week).
    ``stretch_hold_s``: seconds of hamstring stretch held at the tolerance
    per session, 0-1800 (for example 3 x 30 s = 90). Stretching time is so
    short that it is counted inside the 24 hours.

    Invalid values raise ValueError naming the field.
    """

    hours: MappingProxyType
    stretch_sessions_per_week: float = 0.0
    stretch_hold_s: float = 0.0

    def __post_init__(self):
        if not hasattr(self.hours, "items"):
            raise ValueError(f"hours must be a mapping activity -> hours (got {self.hours!r})")
        clean = {}
        for key, value in self.hours.items():
            if key not in ACTIVITIES:
                raise ValueError(f"hours: unknown posture {key!r}; choose from {', '.join(ACTIVITIES)}")
            clean[key] = _number(value, f"hours[{key!r}]", 0.0, 24.0)
        total = sum(clean.values())
        if abs(total - 24.0) > 0.01:
            raise ValueError(f"hours must sum to 24 (got {total:.3f})")
        object.__setattr__(self, "hours", MappingProxyType(
            {a: clean.get(a, 0.0) for a in ACTIVITIES}))
        object.__setattr__(self, "stretch_sessions_per_week", _number(
            self.stretch_sessions_per_week, "stretch_sessions_per_week", 0.0, 7.0))
        object.__setattr__(self, "stretch_hold_s", _number(
            self.stretch_hold_s, "stretch_hold_s", 0.0, 1800.0))

    def sitting_hours(self) -> float:
        """Hours in the sitting postures."""
        return sum(self.hours[p] for p in postures.SITTING)


def typical_day(sitting_hours=8.0, sitting_posture: str = "chair_sitting", walking_hours=1.0,
                backward_share=0.0, stretch_sessions_per_week=0.0, stretch_hold_s=0.0,
                sleep_hours=8.0, sleep_posture: str = "supine") -> Day:
    """A :class:`Day` from a few everyday numbers; standing fills the rest of the 24 hours.

    ``backward_share``: share of the walking time spent walking backward, 0-1
    (the article's dose is 0.10-0.25). ``sitting_posture`` from
    :data:`hamstrings.postures.SITTING`; ``sleep_posture`` "supine" or
    "side_lying_curled". ValueError, naming the argument, when the hours
    leave less than nothing for standing.
    """
    choice(sitting_posture, "sitting_posture", postures.SITTING)
    choice(sleep_posture, "sleep_posture", ("supine", "side_lying_curled"))
    sitting = _number(sitting_hours, "sitting_hours", 0.0, 24.0)
    walking = _number(walking_hours, "walking_hours", 0.0, 24.0)
    share = _number(backward_share, "backward_share", 0.0, 1.0)
    sleep = _number(sleep_hours, "sleep_hours", 0.0, 24.0)
    standing = 24.0 - sitting - walking - sleep
    if standing < -1e-9:
        raise ValueError(f"sitting_hours + walking_hours + sleep_hours must be at most 24 "
                         f"(got {24.0 - standing:g})")
    hours = {sleep_posture: sleep, sitting_posture: sitting, "standing": max(standing, 0.0),
             "walking_forward": walking * (1 - share), "walking_backward": walking * share}
    return Day(hours, stretch_sessions_per_week, stretch_hold_s)


#: The habitual day the default person is adapted to.
HABITUAL = typical_day()

#: A stretching programme like the calibration trials: 5 days a week, 60 s a day.
STRETCH_DEFAULT = typical_day(stretch_sessions_per_week=5, stretch_hold_s=60)


def _as_day(value, name: str = "schedule") -> Day:
    if isinstance(value, Day):
        return value
    if isinstance(value, dict):
        if "hours" in value:
            unknown = set(value) - {"hours", "stretch_sessions_per_week", "stretch_hold_s"}
            if unknown:
                raise ValueError(f"{name}: unknown field {sorted(unknown)[0]!r}")
            return Day(**value)
        return Day(value)
    raise ValueError(f"{name} must be a Day, a dict of Day fields, or a list of (weeks, Day) "
                     f"phases (got {type(value).__name__})")


# ----------------------------------------------------------------------------- exposure


class Exposure(NamedTuple):
    """A day's length exposure: ``edges`` (per cent of standing length, bins),
    ``hours[muscle]`` hours in each bin, ``mean[muscle]`` time-weighted mean per cent."""

    edges: np.ndarray
    hours: dict
    mean: dict


def _samples(activity: str, m: str) -> np.ndarray:
    """Per cent of standing length of muscle ``m`` in ``activity`` (one value or a stride)."""
    return np.atleast_1d(np.asarray(postures.lengths(activity).percent[m], dtype=float))


def exposure(day, muscles=None, edges=None) -> Exposure:
    """The length exposure of ``day`` (a :class:`Day` or dict) for ``muscles`` (default: all).

    Every posture counts its hours at one length; each walk spreads its hours
    evenly over the samples of one stride. ``edges``: bin edges in per cent of
    standing length (default 60 to 130 in steps of 2).
    """
    day = _as_day(day, "day")
    muscles = leg.MUSCLES if muscles is None else tuple(muscles)
    for m in muscles:
        if m not in leg.MUSCLES:
            raise ValueError(f"muscles: unknown muscle {m!r}")
    edges = np.arange(60.0, 130.1, 2.0) if edges is None else np.asarray(edges, dtype=float)
    hours, mean = {}, {}
    for m in muscles:
        values, weights = [], []
        for a, h in day.hours.items():
            if h > 0:
                s = _samples(a, m)
                values.append(s)
                weights.append(np.full(s.size, h / s.size))
        v, w = np.concatenate(values), np.concatenate(weights)
        hours[m] = np.histogram(np.clip(v, edges[0], edges[-1] - 1e-9), edges, weights=w)[0]
        mean[m] = float(np.dot(v, w) / w.sum())
    return Exposure(edges, hours, mean)


# ----------------------------------------------------------------------------- clinical tables


class ClinicalTables(NamedTuple):
    """The clinical tests of the default person over a grid of tolerated torques.

    ``torque``: tolerated torque, N m (:data:`T_MIN` up to just below ``t_max``);
    ``slr``: straight-leg raise, degrees; ``ake``: active knee extension deficit,
    degrees; ``tension``: the hamstrings' passive tension at the end of that
    straight-leg raise, N; ``t0``: the default person's tolerated torque;
    ``t_max``: the largest hamstring resistance over the hip's range (N m).
    The model interpolates in these instead of solving the tests every day.
    """

    torque: np.ndarray
    slr: np.ndarray
    ake: np.ndarray
    tension: np.ndarray
    t0: float
    t_max: float


def compute_clinical_tables() -> ClinicalTables:
    """Solve the clinical tests on the grid of :class:`ClinicalTables` (about 1 s).

    :func:`clinical_tables` reads the same numbers from ``_flexibility_tables.py``,
    written by ``python -m hamstrings.flexibility``; a test checks that they are equal.
    """
    t0 = clinical.person()["tolerated_torque"]
    t_max = float(clinical.hamstring_resistance(np.linspace(*leg.JOINT_LIMITS["hip"], 861), 0.0).max())
    grid = np.concatenate([np.linspace(T_MIN, t0, 12)[:-1], np.linspace(t0, t_max * 0.999, 25)])
    slr = np.array([clinical.straight_leg_raise(tolerated_torque=t) for t in grid])
    ake = np.array([clinical.active_knee_extension_deficit(tolerated_torque=t) for t in grid])
    tension = np.array([float(clinical.hamstring_tension(s, 0.0)) for s in slr])
    return ClinicalTables(grid, slr, ake, tension, float(t0), t_max)


@functools.cache
def clinical_tables() -> ClinicalTables:
    """The :class:`ClinicalTables` the model uses, read from the generated module (fast)."""
    return ClinicalTables(*(np.array(getattr(_flexibility_tables, f.upper())) for f in ClinicalTables._fields[:4]),
                          _flexibility_tables.T0, _flexibility_tables.T_MAX)


def write_clinical_tables(path=None) -> str:
    """Write ``_flexibility_tables.py`` from :func:`compute_clinical_tables`; returns the text.

    Run ``python -m hamstrings.flexibility`` after a change to the clinical model.
    """
    tables = compute_clinical_tables()
    lines = ['"""Generated by ``python -m hamstrings.flexibility`` (flexibility.write_clinical_tables):',
             "the clinical tests of the default person on the tolerated-torque grid. Do not edit;",
             'tests/test_flexibility.py checks it equals a fresh computation."""', ""]
    for name in ClinicalTables._fields[:4]:
        values = ",\n    ".join(repr(float(x)) for x in getattr(tables, name))
        lines.append(f"{name.upper()} = (\n    {values},\n)")
    lines += [f"T0 = {tables.t0!r}", f"T_MAX = {tables.t_max!r}", ""]
    text = "\n".join(lines)
    target = Path(__file__).with_name("_flexibility_tables.py") if path is None else Path(path)
    target.write_text(text, encoding="utf-8")
    return text


@functools.cache
def _structural_factors() -> tuple:
    """Degrees of SLR and AKE per unit fractional change of optimal fibre length."""
    tab = clinical_tables()
    start = int(np.argmin(np.abs(tab.torque - tab.t0)))  # the default person's test end points
    arms_slr = leg.moment_arms(float(tab.slr[start]), 0.0, 0.0)
    arms_ake = leg.moment_arms(90.0, float(tab.ake[start]), 0.0)
    f_slr = np.mean([muscle.PARAMETERS[m].optimal_fiber_length / abs(float(arms_slr[m]["hip"]))
                     for m in _TWO_JOINT])
    f_ake = np.mean([muscle.PARAMETERS[m].optimal_fiber_length / abs(float(arms_ake[m]["knee"]))
                     for m in _TWO_JOINT])
    return math.degrees(f_slr), math.degrees(f_ake)


@functools.cache
def _fibre_change(activity: str) -> float:
    """Mean relative fibre-length change from standing of the two-joint hamstrings (rigid tendon)."""
    values = []
    standing = postures.lengths("standing")
    for m in _TWO_JOINT:
        p = muscle.PARAMETERS[m]
        dL = (_samples(activity, m) / 100.0 - 1.0) * leg.standing_lengths()[m]
        values.append(float(np.mean(dL / (p.optimal_fiber_length * standing.fiber[m]))))
    return float(np.mean(values))


@functools.cache
def _tension(activity: str) -> np.ndarray:
    """Hamstring passive tension (N) over an activity (one value or a stride), read-only."""
    if activity in postures.WALKING:
        s = gait.stride(activity.split("_")[1])
        tension = np.array(clinical.hamstring_tension(s.hip, s.knee), dtype=float)
    else:
        p = postures.get(activity)
        tension = np.atleast_1d(np.array(clinical.hamstring_tension(p.hip, p.knee), dtype=float))
    tension.flags.writeable = False
    return tension


def activity_tension(activity: str) -> np.ndarray:
    """The hamstrings' passive tension (N) over ``activity`` of :data:`ACTIVITIES`: one value for
    a posture, one per sample of the stride for a walk (read-only; worked out once)."""
    return _tension(choice(activity, "activity", ACTIVITIES))


def warm_up() -> None:
    """Work out now, once per process, what every day reuses: each activity's hamstring
    tension and fibre-length change, and the clinical tables (about 20 ms). A live explorer
    calls it when it is made, so that no slider move pays for a first use."""
    clinical_tables()
    _structural_factors()
    for activity in ACTIVITIES:
        _tension(activity)
        _fibre_change(activity)


def stretch_intensity(activity: str, threshold: float | None = None, tolerated_torque=None) -> float:
    """Mean stretch intensity (0-1) of ``activity`` for a person: the rule of mechanism (a).

    ``threshold``: the intensity threshold (default: the parameter's value);
    ``tolerated_torque``: the person's (default: the default person's).
    """
    choice(activity, "activity", ACTIVITIES)
    theta = PARAMETERS["intensity_threshold"].value if threshold is None else _number(
        threshold, "threshold", 0.0, 0.99)
    tab = clinical_tables()
    t = tab.t0 if tolerated_torque is None else _number(tolerated_torque, "tolerated_torque", tab.t0, tab.t_max)
    f_tol = float(np.interp(t, tab.torque, tab.tension))
    return float(np.mean(_intensity(_tension(activity), f_tol, theta)))


def _intensity(tension, f_tol, theta):
    """Mechanism (a)'s stretch intensity (0-1), the one place it is coded: 0 up to the
    threshold ``theta * f_tol``, 1 from the tolerated tension ``f_tol`` (N) on, linear
    between. Arrays broadcast."""
    return np.clip((tension / f_tol - theta) / (1.0 - theta), 0.0, 1.0)


# ----------------------------------------------------------------------------- simulation


class Result(NamedTuple):
    """Output of :func:`simulate`: arrays over ``day`` = 0 ... n (day 0 = the start).

    ``slr``, ``ake``: straight-leg raise and active knee extension deficit,
    degrees, with the nominal parameters. ``slr_band``, ``ake_band``: shape
    (2, n + 1), the 5th and 95th percentiles over the sampled parameter sets
    (None when ``samples`` is 0). ``tolerance_gain``: :math:`g`;
    ``structural``: :math:`\\delta` (nominal). ``seed``, ``samples``: as given.
    """

    day: np.ndarray
    slr: np.ndarray
    ake: np.ndarray
    slr_band: np.ndarray | None
    ake_band: np.ndarray | None
    tolerance_gain: np.ndarray
    structural: np.ndarray
    seed: int
    samples: int


def _phases(schedule, weeks) -> list:
    if isinstance(schedule, (list, tuple)):
        if not schedule:
            raise ValueError("schedule: a list of phases must not be empty")
        phases = []
        for i, item in enumerate(schedule):
            if not (isinstance(item, (list, tuple)) and len(item) == 2):
                raise ValueError(f"schedule[{i}] must be a (weeks, Day) pair (got {item!r})")
            w = _number(item[0], f"schedule[{i}] weeks", 0.0, 520.0)
            phases.append((int(round(7 * w)), _as_day(item[1], f"schedule[{i}]")))
        if weeks is not None and abs(_number(weeks, "weeks", 0.0, 520.0) * 7
                                     - sum(p[0] for p in phases)) > 0.5:
            raise ValueError("weeks must be None or the sum of the phases' weeks")
        return phases
    day = _as_day(schedule)
    if weeks is None:
        raise ValueError("weeks must be given (a number of weeks, 0-520)")
    return [(int(round(7 * _number(weeks, "weeks", 0.0, 520.0))), day)]


def _stretch_days(n_days: int, per_week: float) -> np.ndarray:
    """1 on the days with a session: ``per_week`` sessions spread evenly over each week."""
    d = np.arange(n_days)
    return (np.floor((d + 1) * per_week / 7.0) > np.floor(d * per_week / 7.0)).astype(float)


def _delta_target(day: Day, habitual: Day, gain: np.ndarray, c: np.ndarray) -> np.ndarray:
    total = np.zeros_like(gain)
    for d, sign in ((day, 1.0), (habitual, -1.0)):
        for a, h in d.hours.items():
            if h > 0:
                w = np.clip((h / 24.0 - c) / (1.0 - c), 0.0, 1.0)
                total = total + sign * w * _fibre_change(a)
    return gain * total


class Trial(NamedTuple):
    """A backward-walking trial of the validation set (``data/backward_trials.csv``); never fitted."""

    key: str
    design: str
    n: int
    weeks: float
    outcome: str
    backward_gain: float | None
    comparison_gain: float | None
    unit: str
    measures_hamstrings: bool
    source: str


#: The backward-walking trials the model is set beside (validation only): key -> :class:`Trial`.
BACKWARD_TRIALS = MappingProxyType({
    r["key"]: Trial(r["key"], r["design"], int(r["n"]), r["weeks"], r["outcome"],
                    r["backward_gain"], r["comparison_gain"], r["unit"],
                    r["measures_hamstrings"] == "yes", r["source"])
    for r in read_table("backward_trials.csv")
})


#: The calibration refitted at the ends and middles of the targets' ranges and of the
#: assumed dose hold time (``data/flexibility_fits.csv``, made by :func:`calibration_fits`).
FITS = tuple(dict(r) for r in read_table("flexibility_fits.csv"))

_FITTED = ("gain_rate", "gain_max", "detraining_days", "dose_hold_s")


def calibration_fits() -> list:
    """Refit the calibration for every combination of low, middle and high targets and hold time.

    The sampled band draws whole rows of this table, so that each sampled set of
    tolerance parameters still reproduces a plausible calibration.
    """
    rows = []
    grid = [(t.low, t.value, t.high) for t in
            (TARGETS["slr_gain_6wk"], TARGETS["plateau_share_4wk"], TARGETS["retained_4wk"])]
    hold = PARAMETERS["dose_hold_s"]
    for gain in grid[0]:
        for share in grid[1]:
            for kept in grid[2]:
                for e0 in (hold.low, hold.value, hold.high):
                    fit = calibrate(gain, share, kept, e0)
                    rows.append({"slr_gain_6wk": gain, "plateau_share_4wk": share,
                                 "retained_4wk": kept, "dose_hold_s": e0, **fit})
    return rows


def _overrides(parameters) -> dict:
    """Check a ``parameters`` override: names from :data:`PARAMETERS`, values in their ranges."""
    if parameters is None:
        return {}
    if not hasattr(parameters, "items"):
        raise ValueError(f"parameters must be a mapping name -> value or None "
                         f"(got {type(parameters).__name__})")
    clean = {}
    for name, value in parameters.items():
        if name not in PARAMETERS:
            raise ValueError(f"parameters: unknown parameter {name!r}; choose from "
                             f"{', '.join(PARAMETERS)}")
        p = PARAMETERS[name]
        clean[name] = _number(value, f"parameters[{name!r}]", p.low, p.high)
    return clean


def _param_sets(samples: int, seed: int, overrides=None) -> dict:
    nominal = {k: np.array([p.value]) for k, p in PARAMETERS.items()}
    if samples == 0:
        sets = nominal
    else:
        rng = np.random.default_rng(seed)
        drawn = {k: rng.uniform(p.low, p.high, samples) for k, p in PARAMETERS.items()
                 if k not in _FITTED}
        rows = rng.integers(0, len(FITS), samples)
        for k in _FITTED:
            drawn[k] = np.array([FITS[i][k] for i in rows])
        sets = {k: np.concatenate([nominal[k], drawn[k]]) for k in PARAMETERS}
    for k, v in (overrides or {}).items():  # fixed in the nominal and every sampled set
        sets[k] = np.full(samples + 1, v)
    return sets


def _person(person) -> tuple:
    if person is None:
        person = {}
    if not isinstance(person, dict):
        raise ValueError(f"person must be a dict or None (got {type(person).__name__})")
    unknown = set(person) - {"tolerated_torque", "habitual"}
    if unknown:
        raise ValueError(f"person: unknown field {sorted(unknown)[0]!r}; "
                         "choose from tolerated_torque, habitual")
    tab = clinical_tables()
    t = person.get("tolerated_torque", tab.t0)
    t = _number(t, "person['tolerated_torque']", T_MIN, float(tab.torque[-1]))
    habitual = _as_day(person.get("habitual", HABITUAL), "person['habitual']")
    return t, habitual


def _adapt(u, k, gmax, decay) -> tuple:
    """Mechanism (a), the one place it is coded: a day of dose ``u`` moves the tolerance gain as

    g <- g + k u (g_max - g) - g decay  =  a g + b,  a = 1 - k u - decay,  b = k u g_max,

    with decay = 1 - exp(-1/tau_d) and the dose u = 1 - exp(-E/E_0) for E seconds of weighted
    stretch. Returns (a, b); ``u`` may hold every day of a phase at once.
    """
    ku = k * u
    return 1.0 - ku - decay, ku * gmax


def _run(phases, params: dict, t_start: float, habitual: Day) -> tuple:
    """Step the two mechanisms; arrays (n_days + 1, n_sets) of g and delta."""
    tab = clinical_tables()
    k, gmax, e0 = params["gain_rate"], params["gain_max"], params["dose_hold_s"]
    decay = 1.0 - np.exp(-1.0 / params["detraining_days"])
    theta = params["intensity_threshold"]
    s_rate = 1.0 - np.exp(-1.0 / params["structural_days"])
    n_days = sum(p[0] for p in phases)
    n_sets = theta.size
    g_hist = np.zeros((n_days + 1, n_sets))
    d_hist = np.zeros((n_days + 1, n_sets))
    g = np.zeros(n_sets)
    delta = np.zeros(n_sets)
    # g >= 0, so the tolerated tension never drops below the start: posture and walking samples
    # below the lowest threshold at the start can never count as stretch, and are left out
    floor = float(theta.min()) * float(np.interp(t_start, tab.torque, tab.tension))
    i = 0
    for n, day in phases:
        target = _delta_target(day, habitual, params["structural_gain"], params["continuity_threshold"])
        sessions = _stretch_days(n, day.stretch_sessions_per_week) * day.stretch_hold_s
        tensions, seconds = [], []  # samples that can pass the threshold, and their time (s)
        for a, h in day.hours.items():
            if h > 0:
                tension = _tension(a)
                keep = tension > floor
                tensions.append(tension[keep])
                seconds.append(np.full(int(keep.sum()), h * 3600.0 / tension.size))
        tensions = np.concatenate(tensions)[:, None]
        seconds = np.concatenate(seconds)
        # structural length: exponential approach to this phase's target (exact for daily steps)
        steps = np.arange(1, n + 1)[:, None]
        d_hist[i + 1:i + n + 1] = target + (delta - target) * (1.0 - s_rate) ** steps
        if n:
            delta = d_hist[i + n].copy()
        if not seconds.size:  # the dose does not depend on the tolerance: every day's step at once
            a, b = _adapt(1.0 - np.exp(-sessions[:, None] / e0), k, gmax, decay)
        for j in range(n):
            if seconds.size:  # intensity of each sample against today's tolerated tension
                f_tol = np.interp(np.minimum(t_start * (1.0 + g), tab.torque[-1]), tab.torque, tab.tension)
                e = sessions[j] + seconds @ _intensity(tensions, f_tol, theta)
                a_j, b_j = _adapt(1.0 - np.exp(-e / e0), k, gmax, decay)
            else:
                a_j, b_j = a[j], b[j]
            g = g * a_j + b_j
            i += 1
            g_hist[i] = g
    return g_hist, d_hist


def _clinical(g, delta, t_start) -> tuple:
    tab = clinical_tables()
    f_slr, f_ake = _structural_factors()
    t = np.minimum(t_start * (1.0 + g), tab.torque[-1])
    slr = np.interp(t, tab.torque, tab.slr)
    ake = np.interp(t, tab.torque, tab.ake)
    return slr + delta * f_slr, np.maximum(ake - delta * f_ake, 0.0)


def tolerance_for_slr(slr: float) -> float:
    """The tolerated torque (N m) that gives a straight-leg raise of ``slr`` degrees (47-93)."""
    tab = clinical_tables()
    slr = _number(slr, "slr", float(tab.slr[0]), float(tab.slr[-1]))
    return float(np.interp(slr, tab.slr, tab.torque))


def simulate(schedule, weeks=None, person=None, seed: int = 0, samples: int = 0,
             parameters=None) -> Result:
    """Daily straight-leg raise and active knee extension over ``weeks`` of a schedule.

    Parameters
    ----------
    schedule : Day, dict, or list of (weeks, Day) phases
        The day repeated every day, or phases in order (for example
        ``[(6, stretching), (4, HABITUAL)]``); dicts are turned into
        :class:`Day` (either ``{"hours": {...}, "stretch_sessions_per_week":
        ..., "stretch_hold_s": ...}`` or just the hours mapping).
    weeks : float
        Length of the run (0-520); for phases, None (their sum).
    person : dict, optional
        ``tolerated_torque`` (N m, 25 to 110.9; the starting flexibility,
        default the default person's 69.9; see :func:`tolerance_for_slr`) and ``habitual`` (the :class:`Day` the person
        is adapted to; default :data:`HABITUAL`).
    seed : int
        Seed of the parameter sampling (the result is the same for the same seed).
    samples : int
        Number of sampled parameter sets for the band (0-2000; 0: no band).
    parameters : dict, optional
        Values that replace parameters of :data:`PARAMETERS` by name, for example
        ``{"continuity_threshold": 0.75}``; each must lie in its parameter's range
        (``low`` to ``high``). An overridden parameter is fixed in the nominal run and in
        every sampled set (the other parameters are sampled as without the override).
        Overriding a calibrated parameter breaks the fit to the calibration targets.

    Returns
    -------
    :class:`Result`. Bad input raises ValueError naming the field.
    """
    integer(seed, "seed", 0)
    integer(samples, "samples", 0, 2000)
    phases = _phases(schedule, weeks)
    t_start, habitual = _person(person)
    params = _param_sets(int(samples), int(seed), _overrides(parameters))
    g, delta = _run(phases, params, t_start, habitual)
    slr, ake = _clinical(g, delta, t_start)
    band_s = band_a = None
    if samples:
        band_s = np.percentile(slr[:, 1:], BAND, axis=1)
        band_a = np.percentile(ake[:, 1:], BAND, axis=1)
    return Result(np.arange(g.shape[0]), slr[:, 0], ake[:, 0], band_s, band_a, g[:, 0],
                  delta[:, 0], int(seed), int(samples))


def dose_response(shares, weeks=12.0, walking_hours=1.0, samples: int = 0, seed: int = 0,
                  parameters=None, **day_args) -> tuple:
    """Straight-leg raise gain (degrees) after ``weeks`` for each backward-walking share.

    ``shares``: shares of the walking time spent walking backward (0-1).
    ``parameters``: overrides as in :func:`simulate` (for example
    ``{"intensity_threshold": 0.2}``, the low end of its range).
    Returns (nominal gains, band (2, n) or None). Other keywords go to
    :func:`typical_day`.
    """
    shares = np.atleast_1d(np.asarray(shares, dtype=float))
    nominal, lows, highs = [], [], []
    for s in shares:
        r = simulate(typical_day(walking_hours=walking_hours, backward_share=float(s), **day_args),
                     weeks, seed=seed, samples=samples, parameters=parameters)
        nominal.append(r.slr[-1] - r.slr[0])
        if samples:
            lows.append(r.slr_band[0, -1] - r.slr[0])
            highs.append(r.slr_band[1, -1] - r.slr[0])
    return np.array(nominal), (np.array([lows, highs]) if samples else None)


# ----------------------------------------------------------------------------- calibration


def _calibration_metrics(k: float, gmax: float, tau: float, e0: float | None = None) -> tuple:
    """(SLR gain at 6 wk, share of it at 4 wk, share left after 4 wk stopping)."""
    params = {n: np.array([p.value]) for n, p in PARAMETERS.items()}
    params.update(gain_rate=np.array([k]), gain_max=np.array([gmax]), detraining_days=np.array([tau]))
    if e0 is not None:
        params["dose_hold_s"] = np.array([e0])
    t0 = clinical_tables().t0
    g, d = _run([(42, STRETCH_DEFAULT), (28, HABITUAL)], params, t0, HABITUAL)
    slr, _ = _clinical(g, d, t0)
    gain6 = slr[42, 0] - slr[0, 0]
    return gain6, (slr[28, 0] - slr[0, 0]) / gain6, (slr[70, 0] - slr[0, 0]) / gain6


def calibrate(slr_gain=None, plateau_share=None, retained=None, dose_hold_s=None) -> dict:
    """Fit ``gain_rate``, ``gain_max`` and ``detraining_days`` to the calibration targets.

    Defaults: the values of :data:`TARGETS` (``slr_gain_6wk``,
    ``plateau_share_4wk``, ``retained_4wk``). The other parameters stay at
    their values (``dose_hold_s`` may be given: the fit is redone for it).
    Returns the fitted values; the table holds them rounded.
    """
    # deferred: scipy.optimize takes about 0.25 s to import, and only this fit (run when the
    # calibration data change) needs it; simulate and the other functions never do
    from scipy.optimize import least_squares

    want = (TARGETS["slr_gain_6wk"].value if slr_gain is None else slr_gain,
            TARGETS["plateau_share_4wk"].value if plateau_share is None else plateau_share,
            TARGETS["retained_4wk"].value if retained is None else retained)

    def residual(x):
        got = _calibration_metrics(*x, dose_hold_s)
        return [(got[0] - want[0]) / 1.0, (got[1] - want[1]) / 0.02, (got[2] - want[2]) / 0.02]

    x0 = [PARAMETERS[n].value for n in ("gain_rate", "gain_max", "detraining_days")]
    fit = least_squares(residual, x0, bounds=([0.01, 0.05, 5.0], [2.0, 1.0, 200.0]))
    return dict(zip(("gain_rate", "gain_max", "detraining_days"), map(float, fit.x)))


if __name__ == "__main__":  # python -m hamstrings.flexibility: rewrite the generated clinical tables
    write_clinical_tables()
