r"""A sprinting stride, and what the hamstrings do in it.

The sprint stride
=================

Built the way :mod:`hamstrings.gait` builds walking strides: published *key
events* of sprinting kinematics (``data/sprint_events.csv``: hip, knee and ankle
at touchdown, the stance knee peak, toe off, peak hip and knee flexion in swing,
terminal swing; Novacheck 1998; Schache et al. 2012; Thelen et al. 2005), each
with its source and published range, are turned into smooth periodic curves by
gait's periodic penalised least-squares Fourier fit (same harmonics, smoothing
and weights: :data:`hamstrings.gait.HARMONICS` ...). ``stride("sprint")``
returns a :class:`hamstrings.gait.Stride` (direction and gait ``"sprint"``), so
:func:`hamstrings.gait.muscles` works on it unchanged.

``stance_fraction`` moves toe off as in gait (stance events stretched over
``[0, stance_fraction]``, swing events over the rest). The stride's speed and
duration are the reference values of ``data/sprint_parameters.csv`` (Chumanov
et al. 2011; Dorn et al. 2012). The data hold one sprint, near maximal speed;
the book does not model sprinting at chosen speeds (Thelen et al. 2005 found
the peak hamstring lengths did not change significantly between 80 and 100 %
of maximal speed, so the one stride stands for that range).

Muscle forces
=============

Each muscle is the package's Hill-type unit (:mod:`hamstrings.muscle`, rigid
tendon): force along the tendon

$$F = a\,fl^M_{act}(\tilde l^M)\,fv^M(\tilde v^M)\,F^M_{max}\cos\alpha
      + F^M_{max} fl^M_{pas}(\tilde l^M)\cos\alpha ,$$

with the musculotendon length and lengthening velocity of
:func:`hamstrings.gait.muscles` and an activation $a$ that is the level of the
published activity window the phase falls in (``data/sprint_activity.csv``: the
windows are published, the levels are this book's reading, see each row). The
power the muscle delivers is $P = -F\,\dot L$ (negative while it lengthens
under load: it absorbs energy, a brake); the *negative work in terminal swing*
is the integral of the negative part of $P$ over the second half of swing.
No activation dynamics, no inertia of the muscle: the forces follow the
kinematics. This is an inverse, kinematics-driven estimate, unlike the
forward-dynamic simulations it is compared with.

Fascicle versus muscle-tendon length
====================================

:func:`fascicle_share` puts the same musculotendon lengths through the elastic
tendon of :func:`hamstrings.muscle.elastic_tendon_equilibrium` (static
equilibrium of fibre and tendon at each instant, activation as above) and
reports how much of the muscle-tendon unit's excursion over the stride reaches
the fibres.

Validation
==========

:func:`comparison` sets the model's numbers beside published sprint modelling
(``data/sprint_published.csv``: Thelen et al. 2005; Chumanov et al. 2011;
Schache et al. 2012). Nothing in this module is fitted to those numbers.

The stride is fitted with walking's machinery (:func:`hamstrings.gait_events.fit`,
re-timed from the sprint's reference stance fraction, and
:func:`hamstrings.gait_events.evaluate`). ``gait.stride("sprint")`` comes here: this
module registers the kind with :func:`hamstrings.gait.register_stride_kind`, with its
activity windows, and :mod:`hamstrings.stride_kinds` imports it on first use.

References
==========

novacheck1998, schache2012, thelen2005, chumanov2011, dorn2012,
higashihara2015 (keys of ``references.bib``).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from . import body, gait, gait_events, leg, muscle, validate
from .tables import by_key, read_table

__all__ = [
    "KINDS", "EVENTS", "PARAMETERS", "ACTIVITY_TABLE", "PUBLISHED", "PREVENTION",
    "HAMSTRINGS", "STANCE_RANGE", "stride", "activity",
    "activation", "forces", "power", "negative_work", "terminal_swing", "HamstringSummary",
    "summary", "fascicle_share", "comparison", "event_check", "NORDIC_KNEE", "nordic_lengths",
    "stretch_scale", "KNEE_FLEXORS", "nordic_torque", "NORDIC_BODY", "nordic_body",
    "nordic_demand", "nordic_break_point",
]

KINDS = ("sprint",)
"""Stride kinds this module builds (``gait.stride("sprint")`` comes here)."""

HAMSTRINGS = ("semimembranosus", "semitendinosus", "biceps_femoris_long")
"""The three biarticular hamstrings (crossing hip and knee)."""


def _pair(row, low, high):
    """(low, high) of a row, or None where the table leaves them blank (a 0.0 is a value)."""
    return None if row[low] is None else (row[low], row[high])


EVENTS = tuple(
    gait.Event(r["joint"], r["event"], r["phase_pct"], r["angle_deg"],
               _pair(r, "phase_low", "phase_high"), _pair(r, "angle_low", "angle_high"),
               r["kind"] == "extremum", r["source"])
    for r in read_table("sprint_events.csv"))
"""Key events of a sprinting stride near maximal speed, in table order."""

PARAMETERS = MappingProxyType({
    r["name"]: gait.Parameter(r["name"], r["value"], r["unit"], _pair(r, "low", "high"), r["kind"], r["source"])
    for r in read_table("sprint_parameters.csv")})
"""Name -> :class:`hamstrings.gait.Parameter`: stance fraction, speed, stride time."""

ACTIVITY_TABLE = tuple(
    {"gait": r["gait"], "muscles": tuple(r["muscles"].split()),
     "start": r["start_pct"], "end": r["end_pct"], "level": r["level"], "basis": r["basis"],
     "source": r["source"]}
    for r in read_table("sprint_activity.csv"))
"""Rows of ``data/sprint_activity.csv``: activity windows (% of the stride) and levels."""

PUBLISHED = read_table("sprint_published.csv")
"""Rows of ``data/sprint_published.csv``: published sprint-modelling results (validation only)."""

PREVENTION = by_key("strain_prevention.csv", "key")
"""Key -> row of ``data/strain_prevention.csv``: trials, meta-analyses and cohorts on strains
(numbers as floats, blank cells None: :func:`hamstrings.tables.read_table`)."""

STANCE_RANGE = PARAMETERS["sprint_stance_fraction"].range
"""Valid range of ``stance_fraction`` for a sprint (the published range)."""


# --------------------------------------------------------------------------
# The stride
# --------------------------------------------------------------------------

def _value(name: str) -> float:
    return PARAMETERS[name].value


def _retime(phase: float, beta: float) -> float:
    """Phase (%) of the reference sprint -> phase with toe off at ``beta`` (gait's rule)."""
    return float(gait_events.retime(phase, beta, _value("sprint_stance_fraction")))


def _retimed_event(e: gait.Event, beta: float) -> gait.Event:
    pr = None if e.phase_range is None else tuple(_retime(p, beta) for p in e.phase_range)
    return replace(e, phase=_retime(e.phase, beta), phase_range=pr)


@functools.lru_cache(maxsize=64)
def _coefficients(beta: float) -> dict:
    """Joint -> Fourier coefficients of the sprint with toe off at ``beta`` (gait's fit)."""
    return {j: gait_events.fit([e for e in EVENTS if e.joint == j], beta, _value("sprint_stance_fraction"))
            for j in leg.JOINTS}


def stride(kind: str = "sprint", n: int = 101, stance_fraction: float | None = None,
           **unknown) -> gait.Stride:
    """One stride of sprinting near maximal speed, as a :class:`hamstrings.gait.Stride`.

    Parameters
    ----------
    kind : {"sprint"}
        The stride kind (:data:`KINDS`).
    n : int
        Samples over 0 ... 100 % of the cycle, both ends included (3 ... 100 000).
    stance_fraction : float, optional
        Toe off as a fraction of the cycle, within :data:`STANCE_RANGE`; default the
        reference value of ``data/sprint_parameters.csv``.

    Phase 0 is touchdown (initial contact). Speed and duration are the reference
    values (``sprint_speed``, ``sprint_duration``); stride length and cadence follow.

    Raises
    ------
    ValueError
        For an unknown kind or parameter, a bad ``n`` or a stance fraction out of range.
    """
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(sorted(unknown))} for a sprint stride; "
                         "valid: n, stance_fraction (speed and cadence are the data's, see "
                         "data/sprint_parameters.csv)")
    validate.choice(kind, "kind", KINDS)
    n = validate.integer(n, "n", 3, 100_000)
    beta = _value("sprint_stance_fraction") if stance_fraction is None else validate.in_range(
        stance_fraction, "stance_fraction", *STANCE_RANGE)
    c = _coefficients(round(beta, 6))
    duration = _value("sprint_duration")
    speed = _value("sprint_speed")
    phase = np.linspace(0.0, 100.0, int(n))
    t = phase / 100.0
    angles = {j: gait_events.evaluate(c[j], t) for j in leg.JOINTS}
    rates = {j: gait_events.evaluate(c[j], t, 1) / duration for j in leg.JOINTS}
    for j in leg.JOINTS:
        lo, hi = leg.JOINT_LIMITS[j]
        if angles[j].min() < lo or angles[j].max() > hi:  # pragma: no cover - data keep it inside
            raise ValueError(f"the sprint events drive the {j} outside {lo}..{hi} degrees")
    return gait.Stride(
        direction="sprint", gait="sprint", phase=phase,
        hip=angles["hip"], knee=angles["knee"], ankle=angles["ankle"],
        hip_velocity=rates["hip"], knee_velocity=rates["knee"], ankle_velocity=rates["ankle"],
        time=t * duration, toe_off=100.0 * beta, speed=speed, cadence=120.0 / duration,
        stride_length=speed * duration, stance_fraction=beta, duration=duration)


def event_check(s: gait.Stride | None = None) -> list[dict]:
    """Each key event against the fitted sprint curve: ``joint``, ``event``, ``phase`` (%),
    ``published`` and ``fitted`` (degrees) and ``inside`` (inside the published range;
    extrema: the curve's nearest peak or trough, within 10 % of the cycle, in the phase range).
    """
    s = stride("sprint", 2001) if s is None else s
    beta = s.stance_fraction
    out = []
    for e0 in EVENTS:
        e = _retimed_event(e0, beta)
        y = getattr(s, e.joint)
        i = int(np.argmin(np.abs(s.phase - e.phase)))
        fitted, where = float(y[i]), e.phase
        if e.extremum:
            trough = np.gradient(np.gradient(y))[i] > 0
            where, fitted = gait_events.nearest_extremum(s.phase, y, e.phase, peak=not trough)
        out.append({"joint": e.joint, "event": e.name, "phase": e.phase, "published": e.angle,
                    "fitted": fitted, "fitted_phase": where, "inside": e.accepts(where, fitted)})
    return out


# --------------------------------------------------------------------------
# Activity and forces
# --------------------------------------------------------------------------

def activity() -> dict:
    """Muscle -> list of ``(start, end)`` activity windows of sprinting, % of the stride
    (``start > end`` wraps through 0 %), from ``data/sprint_activity.csv``. The shape
    :func:`hamstrings.gait.activity` returns, so gait's plots shade them."""
    windows = {m: [] for m in leg.MUSCLES}
    for row in ACTIVITY_TABLE:
        if row["gait"] == "sprint":
            for m in row["muscles"]:
                windows[m].append((row["start"], row["end"]))
    return windows


def activation(s: gait.Stride) -> dict:
    """Muscle -> activation (0-1) over ``s.phase``: the level of the window each phase is in
    (the highest where windows overlap; 0 outside every window).

    Sprint strides use the sprint windows and levels; walking strides (forward or
    backward) use :func:`hamstrings.gait.activity`'s windows with the walking level of
    ``data/sprint_activity.csv`` for the hamstrings (other muscles 0): only for the
    fascicle-versus-tendon comparison.
    """
    if not isinstance(s, gait.Stride):
        raise ValueError(f"s must be a Stride (got {type(s).__name__})")
    p = s.phase
    out = {m: np.zeros(p.shape) for m in leg.MUSCLES}
    if s.gait == "sprint":
        for row in ACTIVITY_TABLE:
            if row["gait"] == "sprint":
                for m in row["muscles"]:
                    out[m] = np.where(gait.in_window(p, row["start"], row["end"]),
                                      np.maximum(out[m], row["level"]), out[m])
        return out
    walk = next(r for r in ACTIVITY_TABLE if r["gait"] == "walk")
    on = gait.active(s)
    for m in walk["muscles"]:
        out[m] = np.where(on[m], walk["level"], 0.0)
    return out


def forces(s: gait.Stride, traces: gait.StrideMuscles | None = None) -> dict:
    """Muscle -> force along the tendon (N) over the stride, for the biarticular hamstrings
    (:data:`HAMSTRINGS`): active (activation from :func:`activation`, force-length and
    force-velocity at the musculotendon velocity) plus passive, rigid tendon."""
    traces = gait.muscles(s) if traces is None else traces
    a = activation(s)
    out = {}
    for m in HAMSTRINGS:
        L, v = traces.length[m], traces.velocity[m]
        out[m] = (muscle.active_force_capacity(m, L, a[m], v, allow_slack=True)
                  + muscle.passive_fiber_force(m, L, allow_slack=True))
    return out


def power(s: gait.Stride, traces=None, f=None) -> dict:
    """Muscle -> power the muscle delivers, W: ``-force x lengthening velocity``
    (negative while it lengthens under load)."""
    traces = gait.muscles(s) if traces is None else traces
    f = forces(s, traces) if f is None else f
    return {m: -f[m] * traces.velocity[m] for m in f}


def terminal_swing(s: gait.Stride) -> np.ndarray:
    """Boolean mask over ``s.phase``: the second half of swing (the book's definition,
    ``terminal_swing_start`` of ``data/sprint_parameters.csv``), up to touchdown."""
    start = s.toe_off + _value("terminal_swing_start") * (100.0 - s.toe_off)
    return s.phase >= start


def negative_work(s: gait.Stride, traces=None, f=None, mask=None) -> dict:
    """Muscle -> negative work (J, <= 0) done in ``mask`` (default: terminal swing):
    the time integral of the negative part of :func:`power` (trapezoid rule)."""
    traces = gait.muscles(s) if traces is None else traces
    p = power(s, traces, f)
    mask = terminal_swing(s) if mask is None else np.asarray(mask, bool)
    out = {}
    for m, pm in p.items():
        neg = np.where(mask, np.minimum(pm, 0.0), 0.0)
        out[m] = float(np.sum(0.5 * (neg[1:] + neg[:-1]) * np.diff(s.time)))
    return out


@dataclass(frozen=True)
class HamstringSummary:
    """One biarticular hamstring over a stride (see :func:`summary`)."""

    muscle: str
    peak_change: float          # % of its standing length
    peak_phase: float           # % of the stride
    peak_velocity: float        # m/s, fastest lengthening
    peak_velocity_phase: float
    peak_force: float           # N
    peak_force_phase: float
    negative_work: float        # J in terminal swing (<= 0)
    lengthening: tuple          # (start, end) runs, % of the stride


def summary(s: gait.Stride | None = None) -> dict:
    """Muscle -> :class:`HamstringSummary` for the three biarticular hamstrings
    (default: the reference sprint, 1001 samples)."""
    s = stride("sprint", 1001) if s is None else s
    traces = gait.muscles(s)
    f = forces(s, traces)
    work = negative_work(s, traces, f)
    out = {}
    for m in HAMSTRINGS:
        c, v = traces.change[m], traces.velocity[m]
        i, j, k = int(np.argmax(c)), int(np.argmax(v)), int(np.argmax(f[m]))
        out[m] = HamstringSummary(
            m, float(c[i]), float(s.phase[i]), float(v[j]), float(s.phase[j]),
            float(f[m][k]), float(s.phase[k]), work[m],
            tuple(traces.phases(m)["lengthening"]))
    return out


# --------------------------------------------------------------------------
# Fascicle versus muscle-tendon unit
# --------------------------------------------------------------------------

def fascicle_share(s: gait.Stride, active: bool = True) -> dict:
    """How much of each biarticular hamstring's excursion over the stride reaches its fibres.

    Returns muscle -> dict with ``mtu`` (musculotendon length excursion over the stride,
    max - min, m), ``fibre`` (fibre length excursion with the elastic tendon, m),
    ``share`` (fibre / mtu, 0-1), ``tendon_stretch`` (largest tendon stretch, % of
    its slack length), ``fibre_peak`` (longest normalised fibre length) and
    ``fibre_peak_rigid`` (the same with a rigid tendon). ``active``: activation from
    :func:`activation` (False: passive muscles).
    """
    validate.flag(active, "active")
    traces = gait.muscles(s)
    a = activation(s) if active else {m: np.zeros_like(s.phase) for m in leg.MUSCLES}
    out = {}
    for m in HAMSTRINGS:
        p = muscle.PARAMETERS[m]
        L = traces.length[m]
        l_tilde, _ = muscle.elastic_tendon_equilibrium(m, L, a[m])
        fibre = l_tilde * p.optimal_fiber_length
        cos_alpha = np.sqrt(1.0 - (p.fiber_thickness / fibre) ** 2)
        slack = muscle.tendon_slack_length(m)
        tendon = L - fibre * cos_alpha
        mtu = float(L.max() - L.min())
        fib = float(fibre.max() - fibre.min())
        out[m] = {"mtu": mtu, "fibre": fib, "share": fib / mtu if mtu > 0 else float("nan"),
                  "tendon_stretch": float(100.0 * (tendon.max() / slack - 1.0)),
                  "fibre_peak": float(l_tilde.max()),
                  "fibre_peak_rigid": float(np.nanmax(traces.fiber_length[m]))}
    return out


# --------------------------------------------------------------------------
# Validation: the model beside published sprint modelling
# --------------------------------------------------------------------------

def comparison(s: gait.Stride | None = None) -> list[dict]:
    """The model beside each row of ``data/sprint_published.csv``.

    Each dict: ``study``, ``muscle``, ``quantity``, ``published`` (text as published, with
    unit), ``model`` (text), ``agrees`` (True/False) and ``source``. Never used to fit.
    """
    res = summary(s)
    by_change = sorted(HAMSTRINGS, key=lambda m: -res[m].peak_change)
    by_velocity = sorted(HAMSTRINGS, key=lambda m: -res[m].peak_velocity)
    by_force = sorted(HAMSTRINGS, key=lambda m: -res[m].peak_force)
    rows = []
    for r in PUBLISHED:
        q, m = r["quantity"], r["muscle"]
        if q == "peak length change":
            value = float(r["value"])
            model = res[m].peak_change
            agrees = abs(model - value) <= 0.25 * value  # within a quarter of the published mean
            text = f"{model:+.1f} % at {res[m].peak_phase:.0f} %"
        elif q == "peak length phase":
            phases = [res[h].peak_phase for h in HAMSTRINGS]
            agrees = all(p >= 75.0 for p in phases)
            text = ", ".join(f"{p:.0f} %" for p in phases) + " (SM, ST, BFLH)"
        elif q == "lengthening window":
            lo, hi = (float(x) for x in r["value"].split("-"))
            runs = res["biceps_femoris_long"].lengthening
            main = max(runs, key=lambda ab: (ab[1] - ab[0]) % 100.0) if runs else (math.nan,) * 2
            agrees = bool(runs) and abs(main[0] - lo) <= 10.0 and abs(main[1] - hi) <= 10.0
            text = f"biceps femoris long head lengthens {main[0]:.0f}-{main[1]:.0f} %"
        elif q == "negative work":
            s_ = stride("sprint", 1001) if s is None else s
            stance_work = negative_work(s_, mask=s_.stance)
            swing = {h: res[h].negative_work for h in HAMSTRINGS}
            agrees = all(swing[h] < 0 for h in HAMSTRINGS) and all(
                abs(stance_work[h]) < abs(swing[h]) for h in HAMSTRINGS)
            text = ("terminal swing " + ", ".join(f"{swing[h]:.0f}" for h in HAMSTRINGS)
                    + " J; stance " + ", ".join(f"{stance_work[h]:.0f}" for h in HAMSTRINGS)
                    + " J (SM, ST, BFLH)")
        elif q == "largest peak strain":
            agrees = by_change[0] == m
            text = f"largest: {by_change[0].replace('_', ' ')}"
        elif q == "largest lengthening velocity":
            agrees = by_velocity[0] == m
            text = (f"largest: {by_velocity[0].replace('_', ' ')} "
                    f"({res[by_velocity[0]].peak_velocity:.2f} m/s)")
        elif q == "largest peak force":
            agrees = by_force[0] == m
            text = f"largest: {by_force[0].replace('_', ' ')} ({res[by_force[0]].peak_force:.0f} N)"
        else:  # pragma: no cover - the table's quantities are all handled above
            raise ValueError(f"unknown published quantity {q!r}")
        rows.append({"study": r["study"], "muscle": m, "quantity": q,
                     "published": f"{r['value']} {r['unit']}", "model": text,
                     "agrees": bool(agrees), "source": r["source"]})
    return rows


# --------------------------------------------------------------------------
# Where walking backwards and the Nordic exercise sit on the scale of stretch
# --------------------------------------------------------------------------

NORDIC_KNEE = (90.0, 0.0)
"""Knee range of the Nordic hamstring exercise, degrees: from upright kneeling (90) until
the chest reaches the floor (knee straight), with the hip held near 0 (trunk in line with
the thigh). The exercise's geometry, not a measured value."""


def _nordic_knee(knee) -> np.ndarray:
    """Knee flexion (degrees) checked against the Nordic exercise's range, :data:`NORDIC_KNEE`."""
    return validate.array_in_range(knee, "knee", min(NORDIC_KNEE), max(NORDIC_KNEE), "degrees")


def nordic_lengths(knee) -> dict:
    """Biarticular hamstring -> length change from standing (%) in the Nordic exercise at
    knee flexion ``knee`` (degrees, within :data:`NORDIC_KNEE`), hip 0 and ankle 0."""
    k = _nordic_knee(knee)
    lengths = leg.muscle_lengths(np.zeros_like(k), k, np.zeros_like(k))
    standing = leg.standing_lengths()
    return {m: 100.0 * (np.asarray(lengths[m]) / standing[m] - 1.0) for m in HAMSTRINGS}


def stretch_scale(m: str = "biceps_femoris_long") -> dict:
    """The longest ``m`` gets (% of its standing length) in each activity the chapter compares:
    ``nordic`` (end of the Nordic exercise's range), ``forward walking``,
    ``backward walking``, ``sprinting``."""
    validate.choice(m, "m", HAMSTRINGS)
    nordic = nordic_lengths(np.linspace(*sorted(NORDIC_KNEE), 91))[m]
    return {"nordic": float(nordic.max()),
            "forward walking": gait.muscles(gait.stride("forward")).peak(m)["change"],
            "backward walking": gait.muscles(gait.stride("backward")).peak(m)["change"],
            "sprinting": gait.muscles(stride("sprint", 1001)).peak(m)["change"]}


KNEE_FLEXORS = (*HAMSTRINGS, "biceps_femoris_short")
"""The knee flexors of the Nordic exercise in the model: the hamstrings (gastrocnemius, which
also flexes the knee, is left out: in the exercise the ankle is held, not working)."""


def nordic_torque(knee) -> dict:
    """The Nordic exercise's knee torques at knee flexion ``knee`` (degrees, within
    :data:`NORDIC_KNEE`), hip 0, ankle 0.

    Returns ``capacity``: the largest isometric knee-flexion torque the four hamstrings can
    make there (N m; full activation, force-length and passive force of the Hill-type
    muscles, times their knee moment arms), and ``demand_share``: the knee torque gravity
    asks of them as a share of its largest value, cos(knee), because the body above the
    knees pivots about them and its weight's lever arm grows with the sine of the lean from
    vertical (90 - knee). Its size, in N m, is :func:`nordic_demand`.
    """
    k = _nordic_knee(knee)
    zeros = np.zeros_like(k)
    lengths, arms = leg.lengths_and_moment_arms(zeros, k, zeros)
    capacity = np.zeros_like(k)
    for m in KNEE_FLEXORS:
        force = (muscle.active_force_capacity(m, lengths[m], 1.0, 0.0, allow_slack=True)
                 + muscle.passive_fiber_force(m, lengths[m], allow_slack=True))
        capacity = capacity + force * arms[m]["knee"]
    return {"capacity": capacity, "demand_share": np.cos(np.radians(k))}


NORDIC_BODY = MappingProxyType({r["parameter"]: r["value"] for r in read_table("nordic_body.csv")})
"""Parameter -> value of ``data/nordic_body.csv``: Winter's (2009, Table 4.1) mass and centre of
mass fractions of the thigh and of head, arms and trunk (HAT), and Drillis and Contini's heights
of hip, knee and shoulder as fractions of body height (Winter 2009, Figure 4.1)."""


def nordic_body(body_mass: float | None = None) -> dict:
    """The body above the knees in the Nordic exercise, as one rigid body pivoting about them.

    Returns ``mass`` (kg: two thighs and HAT), ``com_distance`` (m: from the knee to its centre
    of mass, trunk in line with the thighs), ``thigh`` and ``hat`` (segment lengths, m) and
    ``height`` (m). The thigh is the leg model's (hip centre to knee pin of
    :mod:`hamstrings.leg`); the height is the one that thigh implies with Drillis and Contini's
    fractions, ``thigh / (hip - knee height fraction)``, so the trunk
    (``(shoulder - hip fraction) * height``) is in proportion to the leg the muscles are on.
    ``body_mass`` defaults to the default person's (``data/person_default.csv``).

    >>> b = nordic_body()
    >>> round(b["mass"], 2), round(b["com_distance"], 3)  # kg, m (75 kg person)
    (65.85, 0.601)
    """
    m = body.DEFAULT_PERSON["body_mass"] if body_mass is None else body_mass
    m = validate.in_range(m, "body_mass", 1.0, 500.0, "kg")
    f = NORDIC_BODY
    knee_pin = leg.SITES["knee"]
    thigh = math.hypot(knee_pin.x - leg.SITES["hip"].x, knee_pin.y - leg.SITES["hip"].y)
    height = thigh / (f["hip_height_fraction"] - f["knee_height_fraction"])
    hat = (f["shoulder_height_fraction"] - f["hip_height_fraction"]) * height
    m_thighs = 2.0 * f["thigh_mass_fraction"] * m
    m_hat = f["hat_mass_fraction"] * m
    # distances from the knee along the straight thigh-trunk line; Winter's centres of mass are
    # measured from the proximal end (greater trochanter, taken at the hip centre)
    d_thigh = (1.0 - f["thigh_com_fraction"]) * thigh
    d_hat = thigh + f["hat_com_fraction"] * hat
    mass = m_thighs + m_hat
    return {"mass": mass, "com_distance": (m_thighs * d_thigh + m_hat * d_hat) / mass,
            "thigh": thigh, "hat": hat, "height": height}


def nordic_demand(knee, body_mass: float | None = None):
    r"""The knee-flexion torque (N m, at each knee) the Nordic exercise asks of the knee flexors
    at knee flexion ``knee`` (degrees, within :data:`NORDIC_KNEE`: 90 = kneeling upright,
    0 = knee straight, body horizontal), held still with the hip straight.

    Kneeling with the shanks fixed, the body above the knees (:func:`nordic_body`) leans forward
    by $\theta = 90 - \text{knee}$ from vertical; gravity's torque about the knees is
    $m g d \sin\theta = m g d \cos(\text{knee})$, shared equally by the two knees.

    >>> round(float(nordic_demand(0.0)), 1)  # knee straight: the largest demand
    194.0
    >>> float(nordic_demand(90.0))  # kneeling upright: none
    0.0
    """
    k = _nordic_knee(knee)
    b = nordic_body(body_mass)
    lean = np.radians(90.0 - k)
    return 0.5 * b["mass"] * body.STANDARD_GRAVITY * b["com_distance"] * np.sin(lean)


def nordic_break_point(body_mass: float | None = None, step: float = 0.1) -> float:
    """The knee flexion (degrees) at which, leaning forward from upright kneeling, the model's
    demand (:func:`nordic_demand`) first exceeds the hamstrings' largest isometric torque
    (``nordic_torque(...)["capacity"]``): where the model cannot hold the lean. Returns 0.0 if
    it holds the whole range. Searched from 90 down in ``step`` degrees."""
    step = validate.in_range(step, "step", 0.001, 5.0, "°")
    knee = np.arange(max(NORDIC_KNEE), min(NORDIC_KNEE) - 1e-9, -step)
    excess = nordic_demand(knee, body_mass) - nordic_torque(knee)["capacity"]
    over = np.flatnonzero(excess > 0.0)
    if over.size == 0:
        return 0.0
    i = int(over[0])
    if i == 0:
        return float(knee[0])
    # linear interpolation between the last angle held and the first not held
    k0, k1, e0, e1 = knee[i - 1], knee[i], excess[i - 1], excess[i]
    return float(k0 + (k1 - k0) * (-e0) / (e1 - e0))


def _kind_activity(stance_fraction=None) -> dict:
    """The sprint's windows for :func:`hamstrings.activity.activity`: % of the stride as
    published, whatever the stance fraction (they are not re-timed)."""
    return activity()


gait.register_stride_kind("sprint", functools.partial(stride, "sprint"), ("stance_fraction",),
                          "sprinting near maximal speed (data/sprint_events.csv)", _kind_activity)
