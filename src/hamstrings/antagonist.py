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

The shank-foot's mass and centre of mass come from the segment table of
Winter (2009, Table 4.1), ``data/antagonist_segments.csv``, scaled to the
person's body mass (``data/person_default.csv``; the default 75 kg is an
assumption, not a measurement). The body's orientation is the angle the
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
a scalar version of the same lengths and moment arms (lambdified from
:func:`hamstrings.leg.symbolic_length` with the ``math`` module). Building
that scalar version takes a few seconds, once per process (:func:`warm_up`).

References
==========

De Groote F et al. (2016) [degroote2016]; Uhlrich SD et al. (2022)
[uhlrich2022]; Silder A et al. (2007) [silder2007]; Winter DA (2009)
[winter2009]; Rajagopal A et al. (2016) [rajagopal2016]; Falconer K, Winter DA
(1985) [falconer1985] (co-contraction index).
"""

from __future__ import annotations

import csv
import functools
import math
from importlib import resources
from typing import NamedTuple

import numpy as np

from . import leg, muscle

__all__ = [
    "GROUPS", "KNEE_MUSCLES", "BODY_ORIENTATIONS", "STANDARD_GRAVITY", "PASSIVE_CURVES",
    "SEGMENTS", "DEFAULT_PERSON", "TENDONS", "CURVES", "KNEE_RANGE",
    "effective_activations", "body_angle", "shank_foot", "gravity_torque", "muscle_forces",
    "passive_force", "knee_torques", "Torques", "Equilibrium", "equilibria", "settle",
    "co_contraction_index", "knee_state", "KneeState", "warm_up", "translated_strains",
]

#: Muscle groups driven by one activation each, and their muscles (names of :mod:`hamstrings.leg`).
GROUPS = {
    "quadriceps": leg.QUADRICEPS,
    "hamstrings": leg.HAMSTRINGS,
    "gastrocnemius": ("gastrocnemius_medial", "gastrocnemius_lateral"),
}

#: Every muscle of the model that crosses the knee, in group order.
KNEE_MUSCLES = tuple(m for group in GROUPS.values() for m in group)

#: Named body orientations: degrees the pelvis is tipped back from upright.
BODY_ORIENTATIONS = {"upright": 0.0, "supine": 90.0, "prone": -90.0}

#: Standard acceleration of gravity, m/s^2 (a defined constant: 3rd CGPM, 1901).
STANDARD_GRAVITY = 9.80665

#: Tendon models for the passive force: "elastic" (default) or "rigid".
TENDONS = ("elastic", "rigid")

#: Passive curves: "calibrated" (Uhlrich et al. 2022 strains, default) or "generic" (De Groote 2016).
CURVES = ("calibrated", "generic")

#: The knee's range in the leg model, degrees (from :data:`hamstrings.leg.JOINT_LIMITS`).
KNEE_RANGE = tuple(float(v) for v in leg.JOINT_LIMITS["knee"])

_DATA = resources.files("hamstrings") / "data"


def _read(name: str) -> list[dict]:
    with (_DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


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
    row["muscle"]: PassiveCurve(float(row["strain_at_zero_force"]),
                                float(row["strain_at_one_norm_force"]), float(row["kpe"]),
                                float(row["optimal_fiber_length_m"]),
                                float(row["tendon_slack_length_m"]), float(row["standing_length_m"]),
                                row["source"] + " " + row["source_lengths"])
    for row in _read("antagonist_passive_curves.csv")
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
    sin_a = math.sin(p.pennation_angle_at_optimal)

    def along(fibre, lopt):
        return math.sqrt(fibre**2 - (lopt * sin_a) ** 2)

    # the calibrated model: fibre along the tendon in standing, and where force starts / is Fmax
    lu = c.optimal_fiber_length
    standing_u = c.standing_length - c.tendon_slack_length
    # this book: standing fibre from Rajagopal's normalised standing length
    lr = p.optimal_fiber_length
    standing_r = along(p.normalized_fiber_length_standing * lr, lr)
    strains = []
    for e in (c.strain_at_zero_force, c.strain_at_one_norm_force):
        stretch = along((1.0 + e) * lu, lu) - standing_u
        strains.append(math.hypot(standing_r + stretch, lr * sin_a) / lr - 1.0)
    return tuple(strains)


class Segment(NamedTuple):
    """Winter's (2009) fractions for one segment: mass, centre of mass, radius of gyration."""

    mass_fraction: float
    com_fraction: float
    radius_of_gyration_fraction: float
    start: str
    end: str
    source: str


#: Segment name ("leg", "foot") -> :class:`Segment` (``data/antagonist_segments.csv``).
SEGMENTS = {
    row["segment"]: Segment(float(row["mass_fraction"]), float(row["com_fraction"]),
                            float(row["radius_of_gyration_fraction"]), row["from"], row["to"],
                            row["source"])
    for row in _read("antagonist_segments.csv")
}


def _read_person() -> dict:
    rows = _read("person_default.csv")
    return {row["parameter"]: float(row["value"]) for row in rows}


#: The default person: ``body_mass`` (kg) and ``tolerated_torque`` (N m), from ``data/person_default.csv``.
DEFAULT_PERSON = _read_person()


# --------------------------------------------------------------------------- checks


def _finite(value, argument: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{argument} must be a number; got {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{argument} must be a finite number; got {value!r}")
    return value


def _unit(value, argument: str) -> float:
    """An activation or a gain: a finite number in [0, 1]."""
    value = _finite(value, argument)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{argument} must be in [0, 1]; got {value!r}")
    return value


def _positive(value, argument: str) -> float:
    value = _finite(value, argument)
    if value <= 0.0:
        raise ValueError(f"{argument} must be > 0; got {value!r}")
    return value


def _joint(value, joint: str) -> float:
    value = _finite(value, joint)
    lo, hi = leg.JOINT_LIMITS[joint]
    if not lo <= value <= hi:
        raise ValueError(f"{joint} must be within {lo}..{hi} degrees; got {value!r}")
    return value


def _joints(value, joint: str) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    lo, hi = leg.JOINT_LIMITS[joint]
    bad = ~((a >= lo) & (a <= hi))
    if bad.any():
        got = float(a[bad].flat[0]) if a.ndim else float(a)
        raise ValueError(f"{joint} must be within {lo}..{hi} degrees; got {got!r}")
    return a


def _choice(value, argument: str, options: tuple) -> str:
    if value not in options:
        raise ValueError(f"{argument} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return value


def body_angle(body) -> float:
    """Degrees the pelvis is tipped back from upright, for a name or a number.

    ``body`` is a key of :data:`BODY_ORIENTATIONS` (``"upright"``, ``"supine"``,
    ``"prone"``) or a number in [-180, 180] (90 = lying on the back).
    """
    if isinstance(body, str):
        if body not in BODY_ORIENTATIONS:
            raise ValueError(f"body must be one of {', '.join(map(repr, BODY_ORIENTATIONS))} "
                             f"or an angle in [-180, 180] degrees; got {body!r}")
        return BODY_ORIENTATIONS[body]
    value = _finite(body, "body")
    if not -180.0 <= value <= 180.0:
        raise ValueError(f"body must be an angle in [-180, 180] degrees; got {value!r}")
    return value


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
    q = _unit(quadriceps, "quadriceps")
    h = _unit(hamstrings, "hamstrings")
    g = _unit(gastrocnemius, "gastrocnemius")
    k = _unit(inhibition_gain, "inhibition_gain")
    return {"quadriceps": q, "hamstrings": max(0.0, h - k * q), "gastrocnemius": g}


# --------------------------------------------------------------------------- parameters


class _Params(NamedTuple):
    fmax: np.ndarray       # N
    lopt: np.ndarray       # m
    thickness: np.ndarray  # m, lopt sin(alpha0)
    slack: np.ndarray      # m, the book's tendon slack length
    group: np.ndarray      # index into GROUPS, per muscle


@functools.cache
def _params() -> _Params:
    ps = [muscle.parameters(m) for m in KNEE_MUSCLES]
    names = list(GROUPS)
    group = [names.index(g) for g, ms in GROUPS.items() for _ in ms]
    return _Params(
        np.array([p["max_isometric_force"] for p in ps]),
        np.array([p["optimal_fiber_length"] for p in ps]),
        np.array([p["optimal_fiber_length"] * math.sin(p["pennation_angle_at_optimal"]) for p in ps]),
        np.array([p["tendon_slack_length"] for p in ps]),
        np.array(group),
    )


def _curve_constants(name: str, curves: str) -> tuple:
    if curves == "generic":
        p = muscle.PARAMETERS[name]
        return (p.passive_strain_at_zero_force, p.passive_strain_at_one_norm_force, p.passive_kpe)
    return (*translated_strains(name), PASSIVE_CURVES[name].kpe)


_TABLE_POINTS = 4001   # fibre lengths per passive table
_TABLE_MAX_FORCE = 60  # normalised force at the table's end (far beyond any reachable pose)


@functools.cache
def _tendon_inverse():
    """Normalised tendon length as a NumPy function of normalised tendon force (De Groote 2016)."""
    import sympy as sp
    from sympy.physics.biomechanics import TendonForceLengthInverseDeGroote2016

    f = sp.Symbol("fl_T")
    return sp.lambdify(f, TendonForceLengthInverseDeGroote2016.with_defaults(f).doit(), "numpy")


@functools.cache
def _passive_table(name: str, curves: str) -> tuple:
    """(L_MT, force): exact elastic-tendon equilibria of the relaxed muscle, increasing in L_MT.

    Parametrised by fibre length: for each fibre length the passive fibre force
    along the tendon is known, the tendon curve's inverse gives the tendon
    length that carries it, and their sum is the musculotendon length. The
    first point is where passive force starts (zero force, tendon at its
    zero-force length); below it the unit carries nothing.
    """
    p = muscle.parameters(name)
    lopt, slack, fmax = p["optimal_fiber_length"], p["tendon_slack_length"], p["max_isometric_force"]
    thickness = lopt * math.sin(p["pennation_angle_at_optimal"])
    e0, e1, kpe = _curve_constants(name, curves)
    passive = muscle.curves().fiber_force_length_passive
    start = max(1.0 + e0, thickness / lopt + 1e-9)
    end = 1.0 + e0 + (e1 - e0) * math.log1p(_TABLE_MAX_FORCE * math.expm1(kpe)) / kpe
    fibre = np.linspace(start, end, _TABLE_POINTS) * lopt
    along = np.sqrt(fibre**2 - thickness**2)
    force = np.maximum(passive(fibre / lopt, e0, e1, kpe), 0.0) * along / fibre
    force[0] = 0.0
    length = along + slack * _tendon_inverse()(force)
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
    if name not in KNEE_MUSCLES:
        raise ValueError(f"name must be one of {', '.join(KNEE_MUSCLES)}; got {name!r}")
    _choice(tendon, "tendon", TENDONS)
    _choice(curves, "curves", CURVES)
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
    _params()
    for curves in CURVES:
        _joined_table(curves)


def _geometry(hip: float, knee: float, ankle: float) -> tuple:
    """(L, r_knee, r_hip): arrays (K,) at one pose (degrees).

    The leg's one-pose code (generated from the same derivation, about 25 µs a call). The
    knee is held inside its range: an ODE solver may step a hair past the end before its
    stopping event fires.
    """
    knee = min(max(float(knee), KNEE_RANGE[0]), KNEE_RANGE[1])
    return _geometry_grid(float(hip), knee, float(ankle))


def _geometry_grid(hip, knee, ankle) -> tuple:
    """(L, r_knee, r_hip): arrays (K, ...) over broadcast poses, from the leg's vectorised code."""
    lengths, arms = leg.lengths_and_moment_arms(hip, knee, ankle)
    L = np.array([lengths[m] for m in KNEE_MUSCLES])
    rk = np.array([arms[m]["knee"] for m in KNEE_MUSCLES])
    rh = np.array([arms[m]["hip"] for m in KNEE_MUSCLES])
    return L, rk, rh


# --------------------------------------------------------------------------- forces


def _column(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    return values.reshape(values.shape + (1,) * (like.ndim - 1))


def _forces(L: np.ndarray, group_activation: np.ndarray, lengthening=0.0,
            tendon: str = "elastic", curves: str = "calibrated") -> tuple:
    """(active, passive) forces along the tendons, N, arrays shaped like ``L`` (K, ...).

    ``group_activation``: activations per group (3,); ``lengthening``:
    musculotendon lengthening velocity (m/s), shaped like ``L`` or scalar.
    """
    p = _params()
    fmax, lopt, thick, slack = (_column(v, L) for v in p[:4])
    if group_activation.any():
        a = _column(group_activation[p.group], L)
        along = L - slack
        taut = along > 0.0
        fibre = np.hypot(np.where(taut, along, 0.0), thick)
        cos_alpha = np.where(taut, along / fibre, 0.0)
        c = muscle.curves()
        fl = c.fiber_force_length_active(fibre / lopt)
        v = np.asarray(lengthening, dtype=float) * cos_alpha / (muscle.MAX_SHORTENING_VELOCITY * lopt)
        fv = np.maximum(c.fiber_force_velocity(v), 0.0)
        active = np.where(taut, a * fl * fv * fmax * cos_alpha, 0.0)
    else:
        active = np.zeros_like(L, dtype=float)
    if tendon == "elastic":
        offsets, lengths, forces = _joined_table(curves)
        passive = np.interp(L + _column(offsets, L), lengths, forces)
    else:
        passive = np.empty_like(L, dtype=float)
        for i, name in enumerate(KNEE_MUSCLES):
            passive[i] = passive_force(name, L[i], tendon=tendon, curves=curves)
    return active, passive


# --------------------------------------------------------------------------- gravity


class ShankFoot(NamedTuple):
    """The shank-foot as one rigid body hinged at the knee pin (shank frame, SI units)."""

    mass: float        # kg
    com: tuple         # (x, y) of the centre of mass from the knee pin, m, shank frame
    inertia: float     # kg m^2 about the centre of mass, sagittal axis
    body_mass: float   # kg


def shank_foot(body_mass: float | None = None, ankle: float = 0.0) -> ShankFoot:
    """Mass, centre of mass and inertia of shank plus foot (Winter 2009, Table 4.1).

    Each segment's mass is its fraction of ``body_mass`` (default: the default
    person's, an assumption); its centre of mass lies at its fraction of the
    way from the proximal landmark (knee pin, ankle) to the distal one (ankle,
    toe) of :mod:`hamstrings.leg`; its inertia is mass times (radius of
    gyration fraction times segment length) squared. The foot is turned by
    ``ankle`` (degrees, dorsiflexion +); the two are combined with the
    parallel-axis theorem.
    """
    body_mass = _positive(DEFAULT_PERSON["body_mass"] if body_mass is None else body_mass, "body_mass")
    ankle = _joint(ankle, "ankle")
    sites = leg.SITES
    ankle_xy = np.array([sites["ankle"].x, sites["ankle"].y])     # shank frame, from the knee pin
    toe = np.array([sites["toe"].x, sites["toe"].y])              # foot frame, from the ankle
    c, s = math.cos(math.radians(ankle)), math.sin(math.radians(ankle))
    toe_xy = ankle_xy + np.array([c * toe[0] - s * toe[1], s * toe[0] + c * toe[1]])
    ends = {"knee": np.zeros(2), "ankle": ankle_xy, "toe": toe_xy}
    masses, coms, inertias = [], [], []
    for seg in (SEGMENTS["leg"], SEGMENTS["foot"]):
        start, end = ends[seg.start], ends[seg.end]
        length = float(np.hypot(*(end - start)))
        m = seg.mass_fraction * body_mass
        masses.append(m)
        coms.append(start + seg.com_fraction * (end - start))
        inertias.append(m * (seg.radius_of_gyration_fraction * length) ** 2)
    mass = sum(masses)
    com = sum(m * x for m, x in zip(masses, coms)) / mass
    inertia = sum(i + m * float(np.sum((x - com) ** 2)) for i, m, x in zip(inertias, masses, coms))
    return ShankFoot(mass, (float(com[0]), float(com[1])), inertia, body_mass)


def gravity_torque(hip, knee, *, ankle: float = 0.0, body="upright", body_mass=None):
    r"""Knee torque of gravity on the shank-foot, N m (flexion +).

    With the shank's angle to the world $\psi$ = body + hip - knee and the
    centre of mass at $(c_x, c_y)$ in the shank frame,
    $\tau_g = m g (c_x\cos\psi - c_y\sin\psi)$. ``hip`` and ``knee`` in
    degrees (broadcast together); ``body`` as in :func:`body_angle`.
    """
    sf = shank_foot(body_mass, ankle)
    psi = np.radians(body_angle(body) + _joints(hip, "hip") - _joints(knee, "knee"))
    cx, cy = sf.com
    return sf.mass * STANDARD_GRAVITY * (cx * np.cos(psi) - cy * np.sin(psi))


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
    group = _params().group
    return {g: values[group == i].sum(axis=0) for i, g in enumerate(GROUPS)}


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
    _choice(tendon, "tendon", TENDONS)
    _choice(curves, "curves", CURVES)
    ankle = _joint(ankle, "ankle")
    hip_a, knee_a = np.broadcast_arrays(_joints(hip, "hip"), _joints(knee, "knee"))
    L, rk, rh = _geometry_grid(hip_a, knee_a, ankle)
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
    lengthening = -rk * np.radians(_finite(knee_velocity, "knee_velocity"))
    active, passive = _forces(L, np.array(list(acts.values())), lengthening, tendon, curves)
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
    active, passive = _forces(L, np.array(list(acts.values())), 0.0, tendon, curves)

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
    body_mass: float
    tendon: str
    curves: str


def _problem(hip, quadriceps, hamstrings, gastrocnemius, inhibition_gain, ankle, body, body_mass,
             tendon, curves) -> _Problem:
    acts = effective_activations(quadriceps, hamstrings, gastrocnemius, inhibition_gain)
    return _Problem(_joint(hip, "hip"), _joint(ankle, "ankle"), np.array(list(acts.values())),
                    body_angle(body),
                    _positive(DEFAULT_PERSON["body_mass"] if body_mass is None else body_mass,
                              "body_mass"),
                    _choice(tendon, "tendon", TENDONS), _choice(curves, "curves", CURVES))


@functools.lru_cache(maxsize=64)
def _gravity_constants(body_mass: float, ankle: float) -> tuple:
    sf = shank_foot(body_mass, ankle)
    return sf.mass * STANDARD_GRAVITY, sf.com[0], sf.com[1]


def _net_scalar(knee: float, pr: _Problem) -> float:
    """Net knee torque (N m) at one knee angle (degrees), through the scalar kernel."""
    L, rk, _ = _geometry(pr.hip, knee, pr.ankle)
    active, passive = _forces(L, pr.acts, 0.0, pr.tendon, pr.curves)
    mg, cx, cy = _gravity_constants(pr.body_mass, pr.ankle)
    psi = math.radians(pr.body + pr.hip - knee)
    return float(np.dot(active + passive, rk)) + mg * (cx * math.cos(psi) - cy * math.sin(psi))


def _net_grid(knees: np.ndarray, pr: _Problem) -> np.ndarray:
    L, rk, _ = _geometry_grid(pr.hip, knees, pr.ankle)
    active, passive = _forces(L, pr.acts, 0.0, pr.tendon, pr.curves)
    mg, cx, cy = _gravity_constants(pr.body_mass, pr.ankle)
    psi = np.radians(pr.body + pr.hip - knees)
    return np.sum((active + passive) * rk, axis=0) + mg * (cx * np.cos(psi) - cy * np.sin(psi))


_GRID_STEP = 2.0    # degrees between bracketing points
_SLOPE_STEP = 1e-3  # degrees, for the central difference of the stiffness


def _equilibrium(knee: float, pr: _Problem, at_limit: bool = False) -> Equilibrium:
    lo, hi = KNEE_RANGE
    a, b = max(lo, knee - _SLOPE_STEP), min(hi, knee + _SLOPE_STEP)
    slope = (_net_scalar(b, pr) - _net_scalar(a, pr)) / math.radians(b - a)
    return Equilibrium(float(knee), bool(slope < 0.0), float(-slope), _net_scalar(knee, pr), at_limit)


def _roots(pr: _Problem) -> list:
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
            roots.append(brentq(_net_scalar, grid[i], grid[i + 1], args=(pr,), xtol=1e-10,
                                rtol=4 * np.finfo(float).eps, maxiter=200))
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
    start = _joint(start, "knee")
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
    knee = _joint(knee, "knee")
    L, rk, _ = _geometry(pr.hip, knee, pr.ankle)
    active, passive = _forces(L, pr.acts, 0.0, pr.tendon, pr.curves)
    group = _params().group
    torques = {}
    for kind, forces in (("active", active), ("passive", passive)):
        for i, g in enumerate(GROUPS):
            torques[f"{g} {kind}"] = float(np.dot(forces[group == i], rk[group == i]))
    mg, cx, cy = _gravity_constants(pr.body_mass, pr.ankle)
    psi = math.radians(pr.body + pr.hip - knee)
    torques["gravity"] = mg * (cx * math.cos(psi) - cy * math.sin(psi))
    names = KNEE_MUSCLES
    return KneeState(knee, torques, sum(torques.values()),
                     dict(zip(names, L.tolist())), dict(zip(names, active.tolist())),
                     dict(zip(names, passive.tolist())), dict(zip(GROUPS, pr.acts.tolist())))
