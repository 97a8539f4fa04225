r"""Clinical hamstring tests as simulations: straight-leg raise and active knee extension.

Explanation
===========

Both tests end where the person says "that's as far as it goes". This module
models that end point with one explicit parameter, the **stretch tolerance**,
``tolerated_torque`` (N m): the passive hip-extension torque of the
hamstrings that the person accepts at the end of a straight-leg raise, the way
stretching studies measure it.

- :func:`straight_leg_raise`: lying on the back, knee straight, the leg is
  raised passively. The test ends at the hip angle where the hamstrings'
  passive resistance at the hip (:func:`hamstring_resistance`) reaches the
  tolerated torque.
- :func:`active_knee_extension_deficit`: lying on the back with the hip held
  at ``hip`` degrees of flexion (90 in the standard test), the person
  straightens the knee with the quadriceps, against the hamstrings' passive
  tension and gravity. The knee stops at the first of (a) the angle where the
  hamstrings are as tense as at the end of the person's straight-leg raise,
  (b) the angle where the quadriceps, at activation ``quadriceps``, can go no
  further (the equilibrium of :func:`hamstrings.antagonist.settle`), and (c)
  full extension. The result is the deficit: degrees short of straight.

Why tension in (a), and not the hip torque again? What a person feels is the
stretched muscle, and its pull is the same whichever joint is moved. Its
torque at the hip also depends on the hip moment arm, which in this
two-dimensional model shrinks towards zero in deep hip flexion; a criterion
on torque would then let the knee straighten further the more the hip bends,
which nobody observes. The hamstrings' **tension** is the sum of the passive
forces of all four hamstrings (:func:`hamstring_tension`).

Muscle forces, passive curves, tendons and gravity are those of
:mod:`hamstrings.antagonist`.

Measured angles and the model's hip
===================================

The model's hip angle is the femur's flexion on the pelvis. Clinicians
measure the thigh (or leg) against the table, and the pelvis rotates
backwards as the thigh rises, so part of the measured angle is pelvic
rotation (:data:`PELVIS`, ``data/test_pelvis.csv``): the hip's flexion is
the measured angle times (1 - share). With the thigh held at 90 degrees in
the active knee extension test, between a quarter and a third of it is
pelvic rotation (Bohannon et al. 1985), so the hip is flexed about 64 degrees
on the pelvis; in the straight-leg raise used for calibration the pelvis was
strapped (Gajdosik et al. 1993) and the share is taken as 0 (an assumption:
no measurement under straps was found). :func:`hip_on_pelvis` and
:func:`measured_angle` convert.

The person
==========

Keyword arguments ``**person`` override the default person
(``data/person_default.csv``, :data:`hamstrings.antagonist.DEFAULT_PERSON`):
``body_mass`` (kg; an assumption) and ``tolerated_torque`` (N m).

Calibration and validation
==========================

The default tolerated torque is **calibrated** to two published numbers
(the rows of :data:`NORMS` whose ``role`` is ``calibration``): the mean
passive straight-leg raise of young men with the pelvis strapped, 61 +- 6.7
degrees (Gajdosik et al. 1993), and the mean active knee extension deficit of
young men, 17.8 +- 9.1 degrees (Yıldırım et al. 2018).
:func:`calibrate_tolerance` puts the person the same number of standard
deviations from both. With the pelvis's share of each test's angle taken
into account (above), both lie within one standard deviation; read as if the
hip were at 90 degrees on the pelvis, no tolerance would manage it
(:func:`norm_scores` with ``ake_pelvic_share=0``). Fatima et al. (2017)'s
straight-leg raise and Gajdosik's active knee extension are kept for
**validation** (column ``role``): the model is never tuned to them.

>>> z = norm_scores()
>>> all(abs(value) < 1.0 for value in z.values())  # inside both norms
True

References
==========

Yildirim MS et al. (2018) [yildirim2018]; Gajdosik RL et al. (1993)
[gajdosik1993]; Bohannon RW et al. (1985) [bohannon1985] and Murray R et al.
(2002) [murray2002] (pelvic rotation in the tests); Fatima G et al. (2017) [fatima2017]; Ayala F et al. (2013)
[ayala2013]; Magnusson SP et al. (1996) [magnusson1996] and Weppler CH,
Magnusson SP (2010) [weppler2010] (stretch tolerance as the end point of a
stretch).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from . import antagonist, body, leg, tables, validate

__all__ = [
    "NORMS", "Norm", "person", "hamstring_resistance", "hamstring_tension", "straight_leg_raise",
    "tolerated_tension", "active_knee_extension", "active_knee_extension_deficit", "AKEResult",
    "ake_ramp", "Ramp", "calibrate_tolerance", "norm_scores", "PELVIS", "PelvisShare", "hip_on_pelvis",
    "measured_angle",
]


class Norm(NamedTuple):
    """One published value (a row of ``data/clinical_norms.csv``); angles in degrees."""

    test: str
    group: str
    statistic: str
    mean: float
    sd: float | None
    n: int | None
    role: str
    source: str

    @property
    def key(self) -> str:
        """The bibliography key of the source."""
        return self.source.split(":")[0]


def _read_norms() -> tuple:
    return tuple(Norm(r["test"], r["group"], r["statistic"], r["mean"], r["sd"],
                      None if r["n"] is None else int(r["n"]), r["role"], r["source"])
                 for r in tables.read_table("clinical_norms.csv"))


#: Published norms and thresholds (``data/clinical_norms.csv``), each marked calibration,
#: validation or threshold in ``role``.
NORMS = _read_norms()

_PERSON_KEYS = tuple(body.DEFAULT_PERSON)


class PelvisShare(NamedTuple):
    """The pelvis's share of a test's measured angle (a row of ``data/test_pelvis.csv``).

    ``share``: fraction of the measured thigh (or leg) angle that is pelvic
    rotation, the value the model uses; ``low`` and ``high``: the range
    shown beside it; ``kind``: measured or assumption.
    """

    test: str
    condition: str
    share: float
    low: float
    high: float
    kind: str
    source: str


def _read_pelvis() -> dict:
    return {r["test"]: PelvisShare(r["test"], r["condition"], r["pelvic_share"], r["low"], r["high"],
                                  r["kind"], r["source"])
            for r in tables.read_table("test_pelvis.csv")}


#: test -> :class:`PelvisShare`: how much of each clinical test's measured angle is pelvic rotation.
PELVIS = _read_pelvis()


def _share(test: str, share) -> float:
    validate.choice(test, "test", tuple(PELVIS))
    value = PELVIS[test].share if share is None else float(share)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"pelvic share must be in [0, 1); got {share!r}")
    return value


def hip_on_pelvis(test: str = "active_knee_extension", measured: float = 90.0, *, share=None) -> float:
    """The hip's flexion on the pelvis (degrees) when a test measures ``measured`` degrees.

    ``measured`` is the thigh's (or straight leg's) angle to the table; the
    pelvis's share of it (:data:`PELVIS`, or ``share``) is taken off.

    >>> round(hip_on_pelvis("active_knee_extension", 90.0), 1)  # thigh held vertical
    63.7
    """
    return float(measured) * (1.0 - _share(test, share))


def measured_angle(test: str, hip: float, *, share=None) -> float:
    """The angle a test measures (degrees to the table) for a hip flexed ``hip`` degrees on the pelvis."""
    return float(hip) / (1.0 - _share(test, share))


def person(**overrides) -> dict:
    """The default person with ``overrides`` applied and checked.

    Keys: ``body_mass`` (kg, > 0) and ``tolerated_torque`` (N m, > 0).
    Unknown keys, NaN, infinite or non-positive values raise ValueError naming
    the argument.
    """
    unknown = set(overrides) - set(_PERSON_KEYS)
    if unknown:
        raise ValueError(f"unknown person argument {sorted(unknown)[0]!r}; "
                         f"choose from {', '.join(_PERSON_KEYS)}")
    values = {**body.DEFAULT_PERSON, **overrides}
    return {key: validate.positive(values[key], key) for key in _PERSON_KEYS}


def hamstring_resistance(hip, knee, *, ankle: float = 0.0):
    """Passive hip-extension torque of the hamstrings, N m (positive), at hip and knee angles.

    The torque a straight-leg raise works against, and the measure of the
    stretch tolerance. Angles in degrees, broadcast together.
    """
    torques = antagonist.knee_torques(hip, knee, ankle=ankle)
    return -torques.hip_passive["hamstrings"]


def hamstring_tension(hip, knee):
    """Summed passive force of the four hamstrings, N, at hip and knee angles (degrees)."""
    forces = antagonist.muscle_forces(hip, knee)
    return sum(np.asarray(forces.passive[m]) for m in antagonist.GROUPS["hamstrings"])


_HAMSTRING_ROWS = antagonist.group_rows("hamstrings")


def _passive_scalar(hip: float, knee: float) -> tuple:
    """(hip resistance N m, tension N) of the hamstrings at one pose, through the scalar kernel."""
    L, _, rh = antagonist.knee_geometry(float(hip), float(knee), 0.0)
    _, passive = antagonist.forces_at_lengths(L, np.zeros(3))
    rows = _HAMSTRING_ROWS
    return -float(np.dot(passive[rows], rh[rows])), float(passive[rows].sum())


def _crossing(f, grid: np.ndarray, values: np.ndarray, target: float):
    """First grid interval where ``values`` crosses ``target``, refined; None if none."""
    above = values >= target
    idx = np.flatnonzero(above[1:] != above[:-1])
    if idx.size == 0:
        return None
    # deferred: importing scipy.optimize takes about 0.25 s, which only the root finders need
    from scipy.optimize import brentq

    i = int(idx[0])
    return brentq(lambda x: f(x) - target, grid[i], grid[i + 1], xtol=1e-10)


_HIP_GRID = np.linspace(*leg.JOINT_LIMITS["hip"], 86)


@functools.cache
def _slr_grid() -> np.ndarray:
    """The hamstrings' passive hip torque (N m) over :data:`_HIP_GRID`, knee straight: the
    same for every person, so worked out once."""
    values = hamstring_resistance(_HIP_GRID, 0.0)
    values.flags.writeable = False
    return values


def _slr(tolerated: float) -> float:
    values = _slr_grid()
    if tolerated > values.max():
        raise ValueError(
            f"tolerated_torque must be at most {values.max():.1f} N m, the largest passive hip "
            f"torque the model's hamstrings make with the knee straight; got {tolerated!r}")
    if values[0] >= tolerated:
        return float(_HIP_GRID[0])
    return float(_crossing(lambda h: _passive_scalar(h, 0.0)[0], _HIP_GRID, values, tolerated))


def straight_leg_raise(*, pelvic_share=None, **person_args) -> float:
    """Passive straight-leg raise: the leg's angle to the table (degrees), knee straight.

    The test ends at the hip angle where the hamstrings' passive
    hip-extension torque (:func:`hamstring_resistance`, knee at 0) first
    reaches the person's ``tolerated_torque``; that hip angle is returned as
    the test measures it (:func:`measured_angle`; with the calibration's
    strapped pelvis the two are equal, :data:`PELVIS`). ``pelvic_share``
    overrides the pelvis's share. ``**person_args`` as in :func:`person`; a
    tolerated torque beyond anything the model's hamstrings can make raises
    ValueError.

    >>> 50 < straight_leg_raise() < 90
    True
    """
    hip = _slr(person(**person_args)["tolerated_torque"])
    return measured_angle("straight_leg_raise", hip, share=pelvic_share)


def tolerated_tension(**person_args) -> float:
    """The hamstring tension (N) at the end of the person's straight-leg raise.

    The same tension ends the active knee extension test (module docstring).
    """
    return _passive_scalar(_slr(person(**person_args)["tolerated_torque"]), 0.0)[1]


def _calibration_norms() -> tuple:
    """(straight-leg raise norm, active knee extension norm): the rows marked calibration."""
    rows = {n.test: n for n in NORMS if n.role == "calibration"}
    return rows["straight_leg_raise"], rows["active_knee_extension"]


def norm_scores(*, slr_pelvic_share=None, ake_pelvic_share=None, **person_args) -> dict:
    """How far the person's two tests lie from the calibration norms, in standard deviations.

    Returns ``{"straight_leg_raise": z, "active_knee_extension": z}`` with
    $z = (\text{model} - \text{mean}) / \text{SD}$ for the two rows of
    :data:`NORMS` whose role is ``calibration`` (Gajdosik et al. 1993 and
    Yıldırım et al. 2018). The tests are read as measured
    (:func:`hip_on_pelvis`); ``slr_pelvic_share`` and ``ake_pelvic_share``
    override the pelvis's share of each (:data:`PELVIS`). ``**person_args``
    as in :func:`person`.
    """
    slr_norm, ake_norm = _calibration_norms()
    slr = straight_leg_raise(pelvic_share=slr_pelvic_share, **person_args)
    hip = hip_on_pelvis("active_knee_extension", 90.0, share=ake_pelvic_share)
    ake = active_knee_extension_deficit(hip, **person_args)
    return {"straight_leg_raise": (slr - slr_norm.mean) / slr_norm.sd,
            "active_knee_extension": (ake - ake_norm.mean) / ake_norm.sd}


def calibrate_tolerance(lo: float = 10.0, hi: float = 100.0, **shares) -> float:
    """The tolerated torque (N m) that puts the person as close as possible to both calibration norms.

    A higher tolerance raises the straight-leg raise and lowers the active
    knee extension deficit, so the two standardised distances of
    :func:`norm_scores` move in opposite directions; the largest of the two
    is smallest where they are equal. That tolerance, searched between
    ``lo`` and ``hi`` N m, is returned; ``data/person_default.csv`` holds it
    rounded to 0.1 N m. Only the two calibration rows of :data:`NORMS` enter;
    the validation rows never do. ``**shares``: ``slr_pelvic_share`` and
    ``ake_pelvic_share`` as in :func:`norm_scores`.
    """
    from scipy.optimize import brentq  # deferred: about 0.25 s to import; only the root finders need it

    def gap(t):
        z = norm_scores(tolerated_torque=t, **shares)
        return z["straight_leg_raise"] - z["active_knee_extension"]

    return float(brentq(gap, lo, hi, xtol=1e-4))


class AKEResult(NamedTuple):
    """Outcome of one active knee extension test (angles in degrees, knee flexion +).

    ``deficit``: degrees short of full extension at the end point.
    ``limited_by``: "tolerance", "strength" or "full extension".
    ``knee_tolerance``: knee angle where the hamstrings reach the tolerated
    tension (None if they never do inside the knee's range).
    ``knee_equilibrium``: where the quadriceps alone would stop
    (:func:`hamstrings.antagonist.settle`, from ``start``). ``tension``: the
    hamstrings' passive tension at the end point, N.
    """

    deficit: float
    limited_by: str
    knee_tolerance: float | None
    knee_equilibrium: float
    tension: float


_KNEE_GRID = np.linspace(*antagonist.KNEE_RANGE, 86)


def _tolerance_knee(hip: float, tension: float):
    values = hamstring_tension(hip, _KNEE_GRID)
    if values[-1] >= tension:  # even full flexion is beyond tolerance
        return float(_KNEE_GRID[-1])
    return _crossing(lambda k: _passive_scalar(hip, k)[1], _KNEE_GRID, values, tension)


def active_knee_extension(hip=None, quadriceps=1.0, *, hamstrings=0.0, inhibition_gain=0.0,
                          ankle: float = 0.0, start: float = 90.0, **person_args) -> AKEResult:
    """The active knee extension test in full: end point, what limits it, and the numbers.

    Lying on the back (``body="supine"``), the hip held at ``hip`` degrees of
    flexion on the pelvis (default: the clinical test's thigh at 90 degrees to
    the table, :func:`hip_on_pelvis`),
    the knee starting at ``start`` degrees, the quadriceps at activation
    ``quadriceps`` straighten the knee; the hamstrings at ``hamstrings`` (0:
    relaxed), reduced by ``inhibition_gain`` times the quadriceps activation
    (reciprocal inhibition, :func:`hamstrings.antagonist.effective_activations`).
    See the module docstring for the three possible end points.
    """
    p = person(**person_args)
    hip = validate.joint_angle(hip_on_pelvis() if hip is None else hip, "hip")
    ankle = validate.joint_angle(ankle, "ankle")
    eq = antagonist.settle(hip, start=start, quadriceps=quadriceps, hamstrings=hamstrings,
                           inhibition_gain=inhibition_gain, ankle=ankle, body="supine",
                           body_mass=p["body_mass"])
    knee_tol = _tolerance_knee(hip, tolerated_tension(**p))
    candidates = [(max(eq.knee, 0.0), "strength" if eq.knee > 0.0 else "full extension")]
    if knee_tol is not None:
        candidates.append((max(knee_tol, 0.0), "tolerance" if knee_tol > 0.0 else "full extension"))
    deficit, limited_by = max(candidates, key=lambda c: c[0])
    return AKEResult(float(deficit), limited_by, knee_tol, eq.knee,
                     _passive_scalar(hip, deficit)[1])


def active_knee_extension_deficit(hip=None, quadriceps=1.0, **person_args) -> float:
    """Active knee extension test: degrees short of full knee extension.

    Lying on the back with the hip held flexed at ``hip`` degrees on the
    pelvis (default: the clinical test, thigh at 90 degrees to the table,
    :func:`hip_on_pelvis`), the quadriceps at activation ``quadriceps`` drive the knee
    straight against the hamstrings' passive tension and gravity; the knee
    stops where the person's stretch tolerance is reached or the quadriceps
    can go no further. Extra keywords: those of :func:`active_knee_extension`
    and of :func:`person`.

    >>> 17.8 - 9.1 < active_knee_extension_deficit() < 17.8 + 9.1  # Yıldırım et al. 2018
    True
    """
    return active_knee_extension(hip, quadriceps, **person_args).deficit


class Ramp(NamedTuple):
    """The active knee extension test with the quadriceps activation ramped (arrays, one per step).

    ``quadriceps``: activation; ``hamstrings``: hamstring activation after
    inhibition; ``knee``: equilibrium knee angle (degrees), followed from 90
    degrees as the activation rises; ``lengths``: muscle -> musculotendon
    length (m) of the four hamstrings; ``passive_force`` and ``active_force``:
    summed over the hamstrings, N; ``within_tolerance``: False once the
    hamstrings are tenser than the person tolerates (the real test stops
    there); ``knee_tolerance``: the knee angle where that happens (degrees;
    None if never).
    """

    quadriceps: np.ndarray
    hamstrings: np.ndarray
    knee: np.ndarray
    lengths: dict
    passive_force: np.ndarray
    active_force: np.ndarray
    within_tolerance: np.ndarray
    knee_tolerance: float | None


def ake_ramp(quadriceps=None, *, hip=None, hamstrings=0.0, inhibition_gain=0.0,
             ankle: float = 0.0, **person_args) -> Ramp:
    """Simulate the active knee extension test with the quadriceps activation ramped.

    ``quadriceps``: increasing activations in [0, 1] (default 0 to 1 in 51
    steps). At each step the knee moves, from where the previous step left
    it, to its equilibrium (quasi-static: slow enough that velocities do not
    matter). The mechanics (knee angle, hamstring lengths and passive force)
    and the neural term (hamstring activation after inhibition, active force)
    are reported separately. The equilibrium is not stopped at the tolerance;
    ``within_tolerance`` marks where the real test would end. ``hip``: flexion
    on the pelvis (default as in :func:`active_knee_extension`).
    """
    p = person(**person_args)
    hip = validate.joint_angle(hip_on_pelvis() if hip is None else hip, "hip")
    ankle = validate.joint_angle(ankle, "ankle")
    q = np.linspace(0.0, 1.0, 51) if quadriceps is None else np.asarray(quadriceps, dtype=float)
    if q.ndim != 1 or q.size == 0:
        raise ValueError("quadriceps must be a 1-D sequence of activations")
    for value in q:
        validate.fraction(value, "quadriceps")
    if np.any(np.diff(q) < 0):
        raise ValueError("quadriceps must be increasing (a ramp)")
    knees, h_eff = [], []
    start = 90.0
    for value in q:
        eq = antagonist.settle(hip, start=start, quadriceps=value, hamstrings=hamstrings,
                               inhibition_gain=inhibition_gain, ankle=ankle, body="supine",
                               body_mass=p["body_mass"])
        knees.append(eq.knee)
        h_eff.append(antagonist.effective_activations(value, hamstrings, 0.0,
                                                      inhibition_gain)["hamstrings"])
        start = eq.knee
    knee = np.array(knees)
    h_eff = np.array(h_eff)
    L = antagonist.knee_geometry(hip, knee, ankle).length
    rows = _HAMSTRING_ROWS
    # full hamstring activation, then scaled by each step's (inhibited) activation
    active, passive = antagonist.forces_at_lengths(L, np.array([0.0, 1.0, 0.0]))
    tension = passive[rows].sum(axis=0)
    lengths = {m: L[i] for i, m in enumerate(antagonist.KNEE_MUSCLES) if rows[i]}
    return Ramp(q, h_eff, knee, lengths, tension, (active[rows] * h_eff).sum(axis=0),
                tension <= tolerated_tension(**p), _tolerance_knee(hip, tolerated_tension(**p)))
