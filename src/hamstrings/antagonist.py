r"""The antagonist pair at the knee: quadriceps against hamstrings, with gravity.

Explanation
===========

Ten muscles of :mod:`hamstrings.leg` cross the knee. They are driven in three
groups, each with one activation in [0, 1] (:data:`GROUPS`): the
**quadriceps** (rectus femoris and the three vasti), the **hamstrings** (the
three two-joint hamstrings and the short head of biceps femoris) and the
**gastrocnemius** (medial and lateral heads). The shank and foot are one rigid
body hanging from the knee pin; the thigh is held.

Sign conventions are the book's: angles in degrees at the API, knee flexion
positive; a *knee torque* is positive when it flexes the knee, a *hip torque*
positive when it flexes the hip. A muscle's torque is its force times its
moment arm, $\tau = F\,r$ with $r = -\mathrm{d}L/\mathrm{d}\theta$ from
:mod:`hamstrings.leg`, so flexors make positive torques.

Muscle forces
-------------

Each muscle's force along its tendon is an active part plus a passive part.

- **Active** (:func:`hamstrings.muscle.active_force_capacity`, rigid tendon):
  $F_a = a\, fl(\tilde l^M)\, fv(\tilde v^M)\, F^M_{max}\cos\alpha$ with the
  De Groote et al. (2016) curves.
- **Passive**: the fibre's parallel elastic force, with two choices made for
  this chapter and documented in ``data/antagonist_passive_curves.csv``:

  1. *Calibrated curves.* The passive curve's two strains (where force starts
     and where it reaches $F^M_{max}$) are those Uhlrich et al. (2022) fitted
     to measured passive joint moments (Silder et al. 2007), read from their
     published model; its shape factor stays De Groote's ``kpe = 4``. Their
     strains are relative to their model's fibre and tendon lengths, not
     Rajagopal et al. (2016)'s used here, so they are re-expressed on this
     book's fibres with the same musculotendon stretch from standing
     (:func:`translated_strains`).
  2. *Elastic tendon.* The relaxed muscle's fibre and tendon share the
     stretch: the passive force is the one at which tendon force (De Groote's
     tendon curve) equals fibre force along the tendon. This is the
     equilibrium of :func:`hamstrings.muscle.elastic_tendon_equilibrium` at
     zero activation, with the calibrated curves. It depends on the
     musculotendon length only, so it is tabulated once per muscle (fibre
     length -> exact (length, force) pairs) and interpolated.

  ``tendon="rigid"`` and ``curves="generic"`` give the other combinations,
  for comparison (the generic curve is De Groote's published one).

  Mixing the two tendon models is a simplification: an active muscle
  stretches its tendon more than a relaxed one, so its fibres are a little
  shorter than the rigid-tendon active part assumes, and its passive force a
  little lower than the relaxed-muscle table says. Both errors are largest in
  strongly active muscles, not in the relaxed hamstrings this chapter studies.

Gravity
-------

The shank-foot's mass and centre of mass come from the body model,
:mod:`hamstrings.body`: the segment table of Winter (2009, Table 4.1),
``data/antagonist_segments.csv``, scaled to the person's body mass
(``data/person_default.csv``; the default 75 kg is an assumption, not a
measurement). Its names (:func:`shank_foot`, :func:`gravity_torque`,
:func:`body_angle`, :data:`DEFAULT_PERSON`, ...) are available here too. The body's orientation is the angle the
pelvis is tipped back from upright (:data:`BODY_ORIENTATIONS`: ``"upright"``
0 for standing and sitting, ``"supine"`` 90 for lying on the back, ``"prone"``
-90), so the shank's angle to the vertical is ``body + hip - knee``.

Reciprocal inhibition
---------------------

Modelled as an explicit neural coupling (:func:`effective_activations`): the
hamstrings' activation is reduced by ``inhibition_gain`` times the
quadriceps' activation, and never below zero. It acts on active force only; a
relaxed muscle has no activation to lose, and its passive force does not
depend on the nervous system.

Speed
-----

The equilibrium solver brackets roots on a grid evaluated with the leg's
vectorised code, then refines each root with :func:`scipy.optimize.brentq` on
the leg's one-pose code (generated from the same derivation, some tens of
microseconds a pose). The passive tables are built once per process, on first
use (:func:`warm_up` builds them at once).

References
==========

De Groote F et al. (2016) [degroote2016]; Uhlrich SD et al. (2022)
[uhlrich2022]; Silder A et al. (2007) [silder2007]; Winter DA (2009)
[winter2009]; Rajagopal A et al. (2016) [rajagopal2016]; Falconer K, Winter DA
(1985) [falconer1985] (co-contraction index).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from . import body, leg, muscle, tables, validate
from .body import (  # the body model, available under this module's names too
    BODY_ORIENTATIONS,
    DEFAULT_PERSON,
    SEGMENTS,
    STANDARD_GRAVITY,
    body_angle,
    gravity_torque,
    shank_foot,
)

__all__ = [
    "GROUPS", "KNEE_MUSCLES", "BODY_ORIENTATIONS", "STANDARD_GRAVITY", "PASSIVE_CURVES",
    "SEGMENTS", "DEFAULT_PERSON", "TENDONS", "CURVES", "KNEE_RANGE",
    "effective_activations", "body_angle", "shank_foot", "gravity_torque", "muscle_forces",
    "passive_force", "knee_torques", "Torques", "Equilibrium", "equilibria", "settle",
    "co_contraction_index", "knee_state", "KneeState", "warm_up", "translated_strains",
    "MUSCLE_GROUPS", "group_rows", "KneeGeometry", "knee_geometry", "forces_at_lengths",
]

#: Muscle groups driven by one activation each, and their muscles (names of :mod:`hamstrings.leg`).
GROUPS = {
    "quadriceps": leg.QUADRICEPS,
    "hamstrings": leg.HAMSTRINGS,
    "gastrocnemius": ("gastrocnemius_medial", "gastrocnemius_lateral"),
}

#: Every muscle of the model that crosses the knee, in group order.
KNEE_MUSCLES = tuple(m for group in GROUPS.values() for m in group)

#: The group of each muscle of :data:`KNEE_MUSCLES`, in the same order.
MUSCLE_GROUPS = tuple(g for g, muscles in GROUPS.items() for _ in muscles)

#: Tendon models for the passive force: "elastic" (default) or "rigid".
TENDONS = ("elastic", "rigid")

#: Passive curves: "calibrated" (Uhlrich et al. 2022 strains, default) or "generic" (De Groote 2016).
CURVES = ("calibrated", "generic")

#: The knee's range in the leg model, degrees (from :data:`hamstrings.leg.JOINT_LIMITS`).
KNEE_RANGE = tuple(float(v) for v in leg.JOINT_LIMITS["knee"])

class PassiveCurve(NamedTuple):
    """A calibrated passive curve as published, in the calibrated model's own lengths.

    ``strain_at_zero_force`` and ``strain_at_one_norm_force`` are relative to
    that model's ``optimal_fiber_length`` (m); ``tendon_slack_length`` and
    ``standing_length`` (m, its musculotendon length in upright standing)
    place the fibre. :func:`translated_strains` re-expresses the strains on
    this book's optimal fibre lengths (Rajagopal et al. 2016).
    """

    strain_at_zero_force: float
    strain_at_one_norm_force: float
    kpe: float
    optimal_fiber_length: float
    tendon_slack_length: float
    standing_length: float
    source: str


#: Muscle -> :class:`PassiveCurve`, the calibrated passive curves (``data/antagonist_passive_curves.csv``).
PASSIVE_CURVES = {
    row["muscle"]: PassiveCurve(row["strain_at_zero_force"], row["strain_at_one_norm_force"],
                                row["kpe"], row["optimal_fiber_length_m"],
                                row["tendon_slack_length_m"], row["standing_length_m"],
                                row["source"] + " " + row["source_lengths"])
    for row in tables.read_table("antagonist_passive_curves.csv")
}


@functools.cache
def translated_strains(name: str) -> tuple:
    """The calibrated strains of ``name`` on this book's optimal fibre length: (e0, e1).

    Uhlrich et al. (2022) calibrated the strains for their model's optimal
    fibre and tendon slack lengths, which differ from Rajagopal et al.
    (2016)'s (the semimembranosus's fibres are 8.6 cm long there, 6.9 cm
    here). Applied unchanged to the shorter fibres they would give about a
    quarter more strain per centimetre of stretch. Instead, the stretch of
    the musculotendon unit *from upright standing* at which passive force
    starts, and at which it reaches the maximum isometric force, is taken
    from the calibrated model (rigid tendon, constant-thickness pennation),
    and the strains on this book's fibre are those that start and reach
    $F^M_{max}$ at the same stretch from this book's standing fibre length.

    >>> e0, e1 = translated_strains("semimembranosus")
    >>> round(e0, 3), round(e1, 3)
    (0.239, 0.928)
    """
    c = PASSIVE_CURVES[name]
    p = muscle.PARAMETERS[name]
    sin_a = math.sin(p.pennation_angle_at_optimal)  # the calibrated model's fibres are pennated alike

    def along(fibre, lopt):
        return math.sqrt(fibre**2 - (lopt * sin_a) ** 2)

    # the calibrated model: fibre along the tendon in standing, and where force starts / is Fmax
    lu = c.optimal_fiber_length
    standing_u = c.standing_length - c.tendon_slack_length
    # this book: standing fibre from Rajagopal's normalised standing length
    lr = p.optimal_fiber_length
    standing_r = math.sqrt((p.normalized_fiber_length_standing * lr) ** 2 - p.fiber_thickness**2)
    strains = []
    for e in (c.strain_at_zero_force, c.strain_at_one_norm_force):
        stretch = along((1.0 + e) * lu, lu) - standing_u
        strains.append(math.hypot(standing_r + stretch, p.fiber_thickness) / lr - 1.0)
    return tuple(strains)


def group_rows(group: str) -> np.ndarray:
    """Boolean mask over :data:`KNEE_MUSCLES`: True for the muscles of ``group``.

    >>> [m for m, row in zip(KNEE_MUSCLES, group_rows("gastrocnemius")) if row]
    ['gastrocnemius_medial', 'gastrocnemius_lateral']
    """
    validate.choice(group, "group", GROUPS)
    return np.array([g == group for g in MUSCLE_GROUPS])


def effective_activations(quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
                          inhibition_gain=0.0) -> dict:
    """Group activations after reciprocal inhibition, by group name.

    The neural coupling of this chapter: the hamstrings' activation is lowered
    by ``inhibition_gain`` times the quadriceps' activation and clipped at 0,
    ``hamstrings_eff = max(0, hamstrings - inhibition_gain * quadriceps)``.
    The gain is a model parameter to explore, not a measured value; 0 (the
    default everywhere) switches the coupling off. All arguments in [0, 1];
    anything else (NaN included) raises ValueError naming the argument.

    >>> effective_activations(quadriceps=1.0, hamstrings=0.3, inhibition_gain=0.2)["hamstrings"]
    0.09999999999999998
    """
    q = validate.fraction(quadriceps, "quadriceps")
    h = validate.fraction(hamstrings, "hamstrings")
    g = validate.fraction(gastrocnemius, "gastrocnemius")
    k = validate.fraction(inhibition_gain, "inhibition_gain")
    return {"quadriceps": q, "hamstrings": max(0.0, h - k * q), "gastrocnemius": g}


# --------------------------------------------------------------------------- parameters


#: Index into GROUPS of each knee muscle (for the per-group activations of the force kernel).
_GROUP_INDEX = np.array([list(GROUPS).index(g) for g in MUSCLE_GROUPS])
_HIP, _KNEE = leg.JOINTS.index("hip"), leg.JOINTS.index("knee")  # columns of leg.muscle_arrays' moment arms


def _curve_constants(name: str, curves: str) -> tuple:
    if curves == "generic":
        p = muscle.PARAMETERS[name]
        return (p.passive_strain_at_zero_force, p.passive_strain_at_one_norm_force, p.passive_kpe)
    return (*translated_strains(name), PASSIVE_CURVES[name].kpe)


_TABLE_POINTS = 4001   # fibre lengths per passive table
_TABLE_MAX_FORCE = 60  # normalised force at the table's end (far beyond any reachable pose)


@functools.cache
def _passive_table(name: str, curves: str) -> tuple:
    """(L_MT, force): exact elastic-tendon equilibria of the relaxed muscle, increasing in L_MT.

    Parametrised by fibre length: for each fibre length the passive fibre force
    along the tendon is known, the tendon curve's inverse gives the tendon
    length that carries it, and their sum is the musculotendon length. The
    first point is where passive force starts (zero force, tendon at its
    zero-force length); below it the unit carries nothing.
    """
    p = muscle.PARAMETERS[name]
    lopt, fmax, thickness = p.optimal_fiber_length, p.max_isometric_force, p.fiber_thickness
    slack = muscle.tendon_slack_length(name)
    e0, e1, kpe = _curve_constants(name, curves)
    c = muscle.curves()
    passive = c.fiber_force_length_passive
    start = max(1.0 + e0, thickness / lopt + 1e-9)
    end = 1.0 + e0 + (e1 - e0) * math.log1p(_TABLE_MAX_FORCE * math.expm1(kpe)) / kpe
    fibre = np.linspace(start, end, _TABLE_POINTS) * lopt
    along = np.sqrt(fibre**2 - thickness**2)
    force = np.maximum(passive(fibre / lopt, e0, e1, kpe), 0.0) * along / fibre
    force[0] = 0.0
    length = along + slack * c.tendon_force_length_inverse(force)
    return length, force * fmax


_TABLE_SPACING = 10.0  # m between the muscles' tables in the joined table (lengths are < 1 m)


@functools.cache
def _joined_table(curves: str) -> tuple:
    """All knee muscles' passive tables in one increasing table, muscle i shifted by i * 10 m.

    Each table gets a zero-force point 1 m before its start and a flat point 1
    m after its end, so that one :func:`numpy.interp` call serves every muscle.
    Returns (offsets (K,), lengths, forces).
    """
    lengths, forces = [], []
    offsets = _TABLE_SPACING * np.arange(len(KNEE_MUSCLES))
    for offset, name in zip(offsets, KNEE_MUSCLES):
        L, F = _passive_table(name, curves)
        lengths.append(np.concatenate([[L[0] - 1.0], L, [L[-1] + 1.0]]) + offset)
        forces.append(np.concatenate([[0.0], F, [F[-1]]]))
    return offsets, np.concatenate(lengths), np.concatenate(forces)


def passive_force(name: str, L_MT, *, tendon: str = "elastic", curves: str = "calibrated"):
    """Passive force along the tendon of one knee muscle, N, for musculotendon lengths (m).

    ``tendon="elastic"`` (default): the relaxed muscle's fibre-tendon
    equilibrium; ``"rigid"``: the tendon keeps its slack length
    (:func:`hamstrings.muscle.passive_fiber_force`). ``curves="calibrated"``
    (default): the strains of ``data/antagonist_passive_curves.csv``
    (Uhlrich et al. 2022); ``"generic"``: De Groote et al. (2016)'s curve.
    """
    validate.choice(name, "name", KNEE_MUSCLES)
    validate.choice(tendon, "tendon", TENDONS)
    validate.choice(curves, "curves", CURVES)
    L_MT = np.asarray(L_MT, dtype=float)
    if tendon == "rigid":
        e0, e1, kpe = _curve_constants(name, curves)
        return muscle.passive_fiber_force(name, L_MT, allow_slack=True, strain_at_zero_force=e0,
                                          strain_at_one_norm_force=e1, kpe=kpe)
    if not np.isfinite(L_MT).all():
        raise ValueError("L_MT must be finite lengths in metres")
    length, force = _passive_table(name, curves)
    return np.interp(L_MT, length, force, left=0.0)


# --------------------------------------------------------------------------- geometry


def warm_up() -> None:
    """Build the cached parameters and passive tables now (once per process)."""
    muscle.parameter_arrays(KNEE_MUSCLES)
    for curves in CURVES:
        _joined_table(curves)


class KneeGeometry(NamedTuple):
    """Lengths and moment arms of the knee muscles: arrays (K, ...) in the order of :data:`KNEE_MUSCLES`.

    ``length``: musculotendon length, m; ``knee_moment_arm`` and
    ``hip_moment_arm``: m, flexor + (:mod:`hamstrings.leg`'s $r = -dL/d\theta$).
    """

    length: np.ndarray
    knee_moment_arm: np.ndarray
    hip_moment_arm: np.ndarray


def knee_geometry(hip, knee, ankle=0.0) -> KneeGeometry:
    """:class:`KneeGeometry` of the knee muscles at one pose or many (angles in degrees, broadcast).

    From :func:`hamstrings.leg.muscle_arrays`: its one-pose code (some
    microseconds) when all three angles are numbers, its vectorised code
    otherwise. Out-of-range angles raise ValueError.

    >>> g = knee_geometry(90.0, 45.0)
    >>> g.length.shape, bool(g.knee_moment_arm[KNEE_MUSCLES.index("semimembranosus")] > 0)
    ((10,), True)
    """
    L, r = leg.muscle_arrays(KNEE_MUSCLES, hip, knee, ankle)
    return KneeGeometry(L, r[:, _KNEE], r[:, _HIP])


# --------------------------------------------------------------------------- forces


def forces_at_lengths(L, group_activation, lengthening=0.0, tendon: str = "elastic",
                      curves: str = "calibrated") -> tuple:
    """(active, passive) forces along the knee muscles' tendons, N, arrays shaped like ``L``.

    The force kernel of this module, for callers that loop (root finders, ODE
    right-hand sides): inputs are not checked. ``L``: musculotendon lengths
    (m), shape (K, ...) in the order of :data:`KNEE_MUSCLES` (as
    :func:`knee_geometry` gives them); ``group_activation``: one activation
    per group of :data:`GROUPS` (3,), already through
    :func:`effective_activations`; ``lengthening``: musculotendon
    lengthening velocity (m/s), shaped like ``L`` or a scalar. Active:
    :func:`hamstrings.muscle.active_forces` (rigid tendon, force-length and
    force-velocity). Passive: :func:`passive_force` with ``tendon`` and
    ``curves``.
    """
    L = np.asarray(L, dtype=float)
    group_activation = np.asarray(group_activation, dtype=float)
    if group_activation.any():
        active = muscle.active_forces(KNEE_MUSCLES, L, group_activation[_GROUP_INDEX], lengthening)
    else:
        active = np.zeros_like(L, dtype=float)
    if tendon == "elastic":
        offsets, lengths, forces = _joined_table(curves)
        passive = np.interp(L + offsets.reshape(offsets.shape + (1,) * (L.ndim - 1)), lengths, forces)
    else:
        passive = np.empty_like(L, dtype=float)
        for i, name in enumerate(KNEE_MUSCLES):
            passive[i] = passive_force(name, L[i], tendon=tendon, curves=curves)
    return active, passive


# --------------------------------------------------------------------------- torques


class Torques(NamedTuple):
    """Torques at a pose, N m; each an array of the pose's shape (a float for one pose).

    ``active`` and ``passive``: group name -> knee torque (flexion +) of that
    group's active and passive forces. ``gravity``: knee torque of gravity.
    ``net``: their sum. ``hip_active`` and ``hip_passive``: group -> hip torque
    (flexion +) of the same forces (zero for groups that do not cross the hip).
    """

    active: dict
    passive: dict
    gravity: object
    net: object
    hip_active: dict
    hip_passive: dict


def _group_sums(values: np.ndarray) -> dict:
    return {g: values[_GROUP_INDEX == i].sum(axis=0) for i, g in enumerate(GROUPS)}


def _scalar(x):
    x = np.asarray(x)
    return float(x) if x.ndim == 0 else x


def _checked_poses(hip, knee, ankle, quadriceps, hamstrings, gastrocnemius, inhibition_gain,
                   tendon, curves) -> tuple:
    """Validate the arguments of :func:`knee_torques` and :func:`muscle_forces`.

    Returns the effective activations, the broadcast hip and knee angles, the
    ankle angle and the knee muscles' lengths and knee and hip moment arms.
    """
    acts = effective_activations(quadriceps, hamstrings, gastrocnemius, inhibition_gain)
    validate.choice(tendon, "tendon", TENDONS)
    validate.choice(curves, "curves", CURVES)
    ankle = validate.joint_angle(ankle, "ankle")
    hip_a, knee_a = np.broadcast_arrays(validate.joint_angles(hip, "hip"),
                                        validate.joint_angles(knee, "knee"))
    L, rk, rh = knee_geometry(hip_a, knee_a, ankle)
    return acts, hip_a, knee_a, ankle, L, rk, rh


def knee_torques(hip, knee, *, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
                 inhibition_gain=0.0, ankle: float = 0.0, body="upright", body_mass=None,
                 knee_velocity=0.0, tendon: str = "elastic", curves: str = "calibrated") -> Torques:
    """Knee and hip torques of the three muscle groups and of gravity, N m.

    ``hip`` and ``knee`` (degrees) broadcast together; ``ankle`` is a single
    angle. Activations in [0, 1] go through :func:`effective_activations`.
    ``knee_velocity`` (deg/s, flexion +) sets the fibre velocities for the
    force-velocity curve (default 0: isometric). ``tendon`` and ``curves`` as
    in :func:`passive_force`. Bad input raises ValueError naming the argument.
    """
    acts, hip_a, knee_a, ankle, L, rk, rh = _checked_poses(
        hip, knee, ankle, quadriceps, hamstrings, gastrocnemius, inhibition_gain, tendon, curves)
    lengthening = -rk * np.radians(validate.number(knee_velocity, "knee_velocity", "deg/s"))
    active, passive = forces_at_lengths(L, np.array(list(acts.values())), lengthening, tendon, curves)
    gravity = gravity_torque(hip_a, knee_a, ankle=ankle, body=body, body_mass=body_mass)
    ka, kp = _group_sums(active * rk), _group_sums(passive * rk)
    net = sum(ka.values()) + sum(kp.values()) + gravity
    ha, hp = _group_sums(active * rh), _group_sums(passive * rh)
    return Torques({g: _scalar(v) for g, v in ka.items()}, {g: _scalar(v) for g, v in kp.items()},
                   _scalar(gravity), _scalar(net),
                   {g: _scalar(v) for g, v in ha.items()}, {g: _scalar(v) for g, v in hp.items()})


class MuscleForces(NamedTuple):
    """Per-muscle state at one pose: dicts muscle -> value."""

    length: dict           # musculotendon length, m
    active: dict           # active force along the tendon, N
    passive: dict          # passive force along the tendon, N
    knee_moment_arm: dict  # m, flexor +
    hip_moment_arm: dict   # m, flexor +


def muscle_forces(hip, knee, *, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
                  inhibition_gain=0.0, ankle: float = 0.0, tendon: str = "elastic",
                  curves: str = "calibrated") -> MuscleForces:
    """Length, forces and moment arms of every knee muscle at one or many poses (isometric).

    Arguments as in :func:`knee_torques`; values have the poses' broadcast shape.
    """
    acts, hip_a, knee_a, ankle, L, rk, rh = _checked_poses(
        hip, knee, ankle, quadriceps, hamstrings, gastrocnemius, inhibition_gain, tendon, curves)
    active, passive = forces_at_lengths(L, np.array(list(acts.values())), 0.0, tendon, curves)

    def by_muscle(values):
        return {m: _scalar(values[i]) for i, m in enumerate(KNEE_MUSCLES)}

    return MuscleForces(by_muscle(L), by_muscle(active), by_muscle(passive), by_muscle(rk),
                        by_muscle(rh))


# --------------------------------------------------------------------------- equilibria


class Equilibrium(NamedTuple):
    r"""A knee angle where the net knee torque is zero (or the end of the range it rests at).

    ``knee`` degrees; ``stable``: a small flexion brings an extending torque
    back (and vice versa); ``stiffness``: $-\mathrm{d}\tau/\mathrm{d}\theta$,
    N m/rad (positive when stable); ``residual``: the net torque there, N m;
    ``at_limit``: True when no zero lies in the range and the knee rests at
    its end.
    """

    knee: float
    stable: bool
    stiffness: float
    residual: float
    at_limit: bool = False


class _Problem(NamedTuple):
    hip: float
    ankle: float
    acts: np.ndarray
    body: float
    shank_foot: body.ShankFoot
    tendon: str
    curves: str


def _problem(hip, quadriceps, hamstrings, gastrocnemius, inhibition_gain, ankle, body, body_mass,
             tendon, curves) -> _Problem:
    acts = effective_activations(quadriceps, hamstrings, gastrocnemius, inhibition_gain)
    hip, ankle = validate.joint_angle(hip, "hip"), validate.joint_angle(ankle, "ankle")
    return _Problem(hip, ankle, np.array(list(acts.values())), body_angle(body),
                    shank_foot(body_mass, ankle), validate.choice(tendon, "tendon", TENDONS),
                    validate.choice(curves, "curves", CURVES))


def _net_scalar(knee: float, pr: _Problem) -> float:
    """Net knee torque (N m) at one knee angle (degrees), through the leg's one-pose code."""
    knee = float(knee)
    L, rk, _ = knee_geometry(pr.hip, knee, pr.ankle)
    active, passive = forces_at_lengths(L, pr.acts, 0.0, pr.tendon, pr.curves)
    return float(np.dot(active + passive, rk)) + pr.shank_foot.knee_torque(
        math.radians(pr.body + pr.hip - knee))


def _net_grid(knees: np.ndarray, pr: _Problem) -> np.ndarray:
    L, rk, _ = knee_geometry(pr.hip, knees, pr.ankle)
    active, passive = forces_at_lengths(L, pr.acts, 0.0, pr.tendon, pr.curves)
    return np.sum((active + passive) * rk, axis=0) + pr.shank_foot.knee_torque(
        np.radians(pr.body + pr.hip - knees))


_GRID_STEP = 2.0    # degrees between bracketing points
_SLOPE_STEP = 1e-3  # degrees, for the central difference of the stiffness


def _equilibrium(knee: float, pr: _Problem, at_limit: bool = False) -> Equilibrium:
    lo, hi = KNEE_RANGE
    a, b = max(lo, knee - _SLOPE_STEP), min(hi, knee + _SLOPE_STEP)
    slope = (_net_scalar(b, pr) - _net_scalar(a, pr)) / math.radians(b - a)
    return Equilibrium(float(knee), bool(slope < 0.0), float(-slope), _net_scalar(knee, pr), at_limit)


def _roots(pr: _Problem) -> list:
    # deferred: importing scipy.optimize takes about 0.25 s, which only the root finders need
    from scipy.optimize import brentq

    lo, hi = KNEE_RANGE
    grid = np.linspace(lo, hi, int(round((hi - lo) / _GRID_STEP)) + 1)
    values = _net_grid(grid, pr)
    roots = []
    for i in range(len(grid) - 1):
        fa, fb = values[i], values[i + 1]
        if fa == 0.0:
            roots.append(float(grid[i]))
        elif fa * fb < 0.0:
            roots.append(brentq(_net_scalar, grid[i], grid[i + 1], args=(pr,), xtol=1e-10))
    if values[-1] == 0.0:
        roots.append(float(grid[-1]))
    return roots


def equilibria(hip=90.0, *, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0, inhibition_gain=0.0,
               ankle: float = 0.0, body="upright", body_mass=None, tendon: str = "elastic",
               curves: str = "calibrated") -> tuple:
    """Every knee angle in the knee's range where the net knee torque is zero.

    Muscle torques (active, isometric, plus passive) and gravity on the
    shank-foot, for the given group activations, hip angle (degrees), ankle
    angle and body orientation (:func:`body_angle`). The net torque is
    evaluated on a 2-degree grid over the knee's range; every sign change is
    refined with :func:`scipy.optimize.brentq` to about 1e-10 degrees. Returns
    a tuple of :class:`Equilibrium`, in increasing knee angle (empty if the
    torque keeps one sign: the knee then rests at an end of its range, see
    :func:`settle`). Roots closer together than the grid step can be missed.
    """
    pr = _problem(hip, quadriceps, hamstrings, gastrocnemius, inhibition_gain, ankle, body,
                  body_mass, tendon, curves)
    return tuple(_equilibrium(k, pr) for k in _roots(pr))


def settle(hip=90.0, *, start=90.0, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
           inhibition_gain=0.0, ankle: float = 0.0, body="upright", body_mass=None,
           tendon: str = "elastic", curves: str = "calibrated") -> Equilibrium:
    """The equilibrium the knee moves to from ``start`` (degrees), the torques held fixed.

    The net torque at ``start`` says which way the knee turns; it stops at the
    first zero in that direction (a stable one), or at the end of the knee's
    range (``at_limit=True``) if there is none. Other arguments as in
    :func:`equilibria`.
    """
    pr = _problem(hip, quadriceps, hamstrings, gastrocnemius, inhibition_gain, ankle, body,
                  body_mass, tendon, curves)
    start = validate.joint_angle(start, "knee")
    roots = _roots(pr)
    torque = _net_scalar(start, pr)
    lo, hi = KNEE_RANGE
    if torque > 0.0:  # flexing: the knee bends further
        ahead = [r for r in roots if r > start]
        return _equilibrium(ahead[0], pr) if ahead else _equilibrium(hi, pr, at_limit=True)
    if torque < 0.0:  # extending
        ahead = [r for r in roots if r < start]
        return _equilibrium(ahead[-1], pr) if ahead else _equilibrium(lo, pr, at_limit=True)
    return _equilibrium(start, pr)


def co_contraction_index(hip, knee, *, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
                         inhibition_gain=0.0, ankle: float = 0.0):
    r"""Co-contraction index at the knee, from 0 (one side only) to 1 (balanced).

    $2\min(T_f, T_e)/(T_f + T_e)$ where $T_f$ and $T_e$ are the sizes of the
    flexing and extending knee torques of the muscles' *active* forces: the
    formula of Falconer and Winter (1985), applied here to model torques
    rather than to electromyograms. 0 when no muscle is active. Arguments as
    in :func:`knee_torques`.
    """
    t = knee_torques(hip, knee, quadriceps=quadriceps, hamstrings=hamstrings,
                     gastrocnemius=gastrocnemius, inhibition_gain=inhibition_gain, ankle=ankle)
    torques = np.array([np.asarray(v, dtype=float) for v in t.active.values()])
    flex = np.sum(np.where(torques > 0, torques, 0.0), axis=0)
    ext = np.sum(np.where(torques < 0, -torques, 0.0), axis=0)
    total = flex + ext
    cci = np.where(total > 0, 2.0 * np.minimum(flex, ext) / np.where(total > 0, total, 1.0), 0.0)
    return _scalar(cci)


class KneeState(NamedTuple):
    """Everything at one pose (one knee angle), from one evaluation of the geometry.

    ``torques``: component -> knee torque, N m (flexion +), for
    ``"quadriceps active"``, ``"hamstrings active"``, ``"gastrocnemius active"``,
    the same three ``passive``, and ``"gravity"``; ``net``: their sum.
    ``length``, ``active``, ``passive``: muscle -> musculotendon length (m)
    and forces (N); ``activations``: the effective group activations.
    """

    knee: float
    torques: dict
    net: float
    length: dict
    active: dict
    passive: dict
    activations: dict


def knee_state(hip, knee, *, quadriceps=0.0, hamstrings=0.0, gastrocnemius=0.0,
               inhibition_gain=0.0, ankle: float = 0.0, body="upright", body_mass=None,
               tendon: str = "elastic", curves: str = "calibrated") -> KneeState:
    """Torques by component and per-muscle lengths and forces at one pose (scalars only).

    Fast (the scalar kernel): meant for widgets and loops. Arguments as in
    :func:`knee_torques`, except that ``hip`` and ``knee`` are single angles.
    """
    pr = _problem(hip, quadriceps, hamstrings, gastrocnemius, inhibition_gain, ankle, body,
                  body_mass, tendon, curves)
    knee = validate.joint_angle(knee, "knee")
    L, rk, _ = knee_geometry(pr.hip, knee, pr.ankle)
    active, passive = forces_at_lengths(L, pr.acts, 0.0, pr.tendon, pr.curves)
    group = _GROUP_INDEX
    torques = {}
    for kind, forces in (("active", active), ("passive", passive)):
        for i, g in enumerate(GROUPS):
            torques[f"{g} {kind}"] = float(np.dot(forces[group == i], rk[group == i]))
    torques["gravity"] = pr.shank_foot.knee_torque(math.radians(pr.body + pr.hip - knee))
    names = KNEE_MUSCLES
    return KneeState(knee, torques, sum(torques.values()),
                     dict(zip(names, L.tolist())), dict(zip(names, active.tolist())),
                     dict(zip(names, passive.tolist())), dict(zip(GROUPS, pr.acts.tolist())))
