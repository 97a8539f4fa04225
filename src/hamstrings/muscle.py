r"""Hill-type musculotendon units of the model leg.

Explanation
===========

Each muscle of :mod:`hamstrings.leg` is a Hill-type unit: a contractile fibre,
pennated at an angle $\alpha$ to a tendon, in series with that tendon. The
four characteristic curves are those of De Groote et al. (2016), as
``sympy.physics.biomechanics`` defines them; :func:`curves` gives them as plain
NumPy code, the expressions SymPy's ``lambdify`` prints for them (a test checks
that they agree), so that no model needs SymPy at run time:

- tendon force-length $fl^T(\tilde{l}^T)$,
- passive fibre force-length $fl^M_{pas}(\tilde{l}^M)$,
- active fibre force-length $fl^M_{act}(\tilde{l}^M)$,
- fibre force-velocity $fv^M(\tilde{v}^M)$.

Lengths are normalised by the optimal fibre length $l^M_{opt}$, velocities by
the maximum shortening velocity $v^M_{max} = 10\,l^M_{opt}$/s, forces by the
maximum isometric force $F^M_{max}$.

The tendon is rigid (its length is the tendon slack length $l^T_s$) and the
muscle keeps a constant thickness, so for a musculotendon length $L^{MT}$ the
fibre length $l^M$ and pennation angle $\alpha$ follow from

$$L^{MT} = l^T_s + l^M \cos\alpha, \qquad l^M \sin\alpha = l^M_{opt}\sin\alpha_0 .$$

Forces returned by this module are along the tendon (fibre force times
$\cos\alpha$), in newtons.

Where $L^{MT}$ is not longer than the tendon slack length, the fibre would
have to be shorter than its pennation allows ($\alpha$ = 90 degrees): the unit
is slack (its tendon buckles) and pulls nothing. The length functions raise
ValueError there unless called with ``allow_slack=True``, which gives NaN
fibre lengths and zero forces; the pose functions always do the latter. With
the book's tendon slack lengths this happens at some poses inside the joints'
range, for example for rectus femoris with the hip flexed and the knee
straight.

Parameters
==========

$F^M_{max}$, $l^M_{opt}$ and $\alpha_0$ are those of Rajagopal et al. (2016),
read from ``data/muscle_parameters.csv`` (see :data:`PARAMETERS`). The book's
two-dimensional muscle paths are not Rajagopal's three-dimensional ones, so
Rajagopal's tendon slack lengths would put the fibres at the wrong lengths.
Instead, each muscle's tendon slack length is chosen so that in upright
standing (all joint angles 0) its normalised fibre length equals the one it has
in standing in Rajagopal's model (column ``normalized_fiber_length_standing``).
It is computed from ``leg.standing_lengths()`` on first use and cached;
see :func:`tendon_slack_length`. For tibialis anterior and the three
bundles of gluteus maximus (``gluteus_maximus`` is Rajagopal's middle bundle
``glmax2_r``, ``_upper`` and ``_lower`` are ``glmax1_r`` and ``glmax3_r``),
whose standing values the paper's tables do not give, that normalised fibre
length was computed for this book from Rajagopal's model file in its default
pose; the CSV's ``source`` column says exactly how.

The passive curve has three per-muscle constants (CSV columns and keyword
arguments of :func:`passive_fiber_force`): the fibre strain at which passive
force starts (``strain_at_zero_force``, default 0), the strain at which it
reaches $F^M_{max}$ (``strain_at_one_norm_force``, default 0.6) and the shape
factor ``kpe`` (default 4). In SymPy's naming the curve is
``FiberForceLengthPassiveDeGroote2016(l_M_tilde - strain_at_zero_force, c0, c1)``
with ``c0 = strain_at_one_norm_force - strain_at_zero_force`` and ``c1 = kpe``.
The defaults are the published ones (De Groote et al. 2016). Calibrated
hamstring curves (Uhlrich et al. 2022: strain 0.11-0.15 at zero force and about
0.70 at one $F^M_{max}$) are expressed with these three numbers.

The tendon is rigid everywhere except in :func:`elastic_tendon_equilibrium`,
which solves for the static equilibrium of fibre and elastic tendon. Not
modelled: fibre damping and activation dynamics (see
:func:`activation_dynamics` and :func:`sympy_musculotendon` for SymPy's models,
for chapters that simulate).

References
==========

De Groote F, Kinney AL, Rao AV, Fregly BJ (2016) [degroote2016].
Rajagopal A, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL (2016) [rajagopal2016].
Uhlrich SD, Jackson RW, Seth A, Kolesar JA, Delp SL (2022) [uhlrich2022].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable, NamedTuple

import numpy as np
from numpy import exp, log, sqrt

from . import leg, tables, validate

if TYPE_CHECKING:  # the SymPy models below import sympy when called (about 1 s, see _sympy)
    import sympy as sp
    from sympy.physics.biomechanics import (
        FirstOrderActivationDeGroote2016,
        MusculotendonDeGroote2016,
        MusculotendonFormulation,
    )

__all__ = [
    "MAX_SHORTENING_VELOCITY",
    "MUSCLES",
    "PARAMETERS",
    "MuscleParameters",
    "Curves",
    "parameters",
    "tendon_slack_length",
    "slack_for_standing",
    "normalized_fiber_length",
    "pennation_angle",
    "passive_fiber_force",
    "active_force_capacity",
    "active_forces",
    "parameter_arrays",
    "ParameterArrays",
    "elastic_tendon_equilibrium",
    "normalized_fiber_lengths",
    "passive_fiber_forces",
    "active_force_capacities",
    "curves",
    "curve_expressions",
    "activation_dynamics",
    "sympy_musculotendon",
]

#: Maximum fibre shortening velocity, in optimal fibre lengths per second (all muscles).
MAX_SHORTENING_VELOCITY = 10.0

@dataclass(frozen=True)
class MuscleParameters:
    """One row of ``data/muscle_parameters.csv``, in SI units (angles in radians)."""

    name: str
    max_isometric_force: float  # N
    optimal_fiber_length: float  # m
    tendon_slack_length_rajagopal: float  # m, in Rajagopal's model (not used here)
    pennation_angle_at_optimal: float  # rad
    standing_length_rajagopal: float  # m, musculotendon length in standing, Rajagopal's model
    normalized_fiber_length_standing: float  # 1, target in the book's standing pose
    passive_strain_at_zero_force: float  # 1
    passive_strain_at_one_norm_force: float  # 1
    passive_kpe: float  # 1
    source: str
    fiber_thickness: float  # m, l_M_opt sin(alpha_0): the fibre's constant height across the tendon


def _read_table() -> dict[str, MuscleParameters]:
    table = {}
    for r in tables.read_table("muscle_parameters.csv"):
        pennation = math.radians(r["pennation_at_optimal_deg"])
        table[r["muscle"]] = MuscleParameters(
            name=r["muscle"],
            max_isometric_force=r["max_isometric_force_N"],
            optimal_fiber_length=r["optimal_fiber_length_m"],
            tendon_slack_length_rajagopal=r["tendon_slack_length_rajagopal_m"],
            pennation_angle_at_optimal=pennation,
            standing_length_rajagopal=r["standing_length_rajagopal_m"],
            normalized_fiber_length_standing=r["normalized_fiber_length_standing"],
            passive_strain_at_zero_force=r["passive_strain_at_zero_force"],
            passive_strain_at_one_norm_force=r["passive_strain_at_one_norm_force"],
            passive_kpe=r["passive_kpe"],
            source=r["source"],
            fiber_thickness=r["optimal_fiber_length_m"] * math.sin(pennation),
        )
    return table


#: Table values of every muscle, by name: a read-only mapping to :class:`MuscleParameters`.
PARAMETERS = MappingProxyType(_read_table())

#: Muscle names, in the order of the table (the same as ``leg.MUSCLES``).
MUSCLES = tuple(PARAMETERS)


# --------------------------------------------------------------------------- checks


def _muscle(name) -> MuscleParameters:
    try:
        return PARAMETERS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"name must be one of {', '.join(MUSCLES)}; got {name!r}"
        ) from None


def _positive_length(x, argument: str) -> np.ndarray:
    return validate.positive_array(x, argument, "m")


# --------------------------------------------------------------------------- curves


class Curves(NamedTuple):
    """The De Groote et al. (2016) curves as vectorised NumPy functions.

    ``fiber_force_length_passive(l_M_tilde, strain_at_zero_force=0.0,
    strain_at_one_norm_force=0.6, kpe=4.0)`` takes the passive-curve constants
    (see the module docstring); the others take their normalised argument
    only. All return normalised forces (dimensionless), except
    ``tendon_force_length_inverse``, which gives the normalised tendon length
    that carries a normalised force.
    """

    tendon_force_length: Callable
    fiber_force_length_passive: Callable
    fiber_force_length_active: Callable
    fiber_force_velocity: Callable
    tendon_force_length_inverse: Callable


# The curves with SymPy's published constants (``with_defaults(...).doit()``), written as the
# code ``sympy.lambdify(..., "numpy")`` prints for them, digit for digit: the same numbers
# without SymPy at run time. tests/test_muscle.py checks each against SymPy's own expression.


def _tendon_force_length(l_T_tilde):
    return 4.327167934027389e-16*exp(33.93669377311689*l_T_tilde) - 0.25


def _tendon_force_length_inverse(fl_T):
    return 0.02946663003430684*log(5.0*fl_T + 1.25) + 0.995


def _fiber_force_length_active(l_M_tilde):
    return (0.1*exp(-1/2*(2.82485875706215*l_M_tilde - 2.82485875706215)**2)
            + 0.433*exp(-1/2*(l_M_tilde - 0.717)**2/(0.2*l_M_tilde - 0.0299)**2)
            + 0.814*exp(-1/2*(l_M_tilde - 1.06)**2/(0.0633*l_M_tilde + 0.162)**2))


def _fiber_force_velocity(v_M_tilde):
    return 0.886 - 0.318*log(-8.149*v_M_tilde + sqrt((-8.149*v_M_tilde - 0.374)**2 + 1) - 0.374)


#: Published passive-curve constants (strain at one norm force, kpe) of De Groote et al. 2016.
_PASSIVE_DEFAULTS = (0.6, 4.0)


def _fiber_force_length_passive(l_M_tilde, strain_at_zero_force=0.0,
                                strain_at_one_norm_force=_PASSIVE_DEFAULTS[0], kpe=_PASSIVE_DEFAULTS[1]):
    l_M_tilde, epsilon_0, epsilon_1, k_PE = (np.asarray(l_M_tilde, dtype=float), strain_at_zero_force,
                                             strain_at_one_norm_force, kpe)
    return (exp(k_PE*(-epsilon_0 + l_M_tilde - 1)/(-epsilon_0 + epsilon_1)) - 1)/(exp(k_PE) - 1)


_CURVES = Curves(_tendon_force_length, _fiber_force_length_passive, _fiber_force_length_active,
                 _fiber_force_velocity, _tendon_force_length_inverse)


def curves() -> Curves:
    """Vectorised NumPy versions of the De Groote et al. (2016) curves.

    Explanation
    ===========

    The curves of ``sympy.physics.biomechanics`` with their published
    constants (``with_defaults``, then ``doit``), as plain NumPy code (see
    the module docstring). Arguments are normalised (tendon length / tendon
    slack length, fibre length / optimal fibre length, fibre velocity /
    maximum shortening velocity, positive = lengthening); results are force
    / maximum isometric force. These are the raw published curves: the
    passive curve dips to about -0.019 below its slack length, the
    force-velocity curve is negative for shortening faster than the maximum
    velocity, and the active curve peaks at 0.996 near 1.02.

    Examples
    ========

    >>> from hamstrings.muscle import curves
    >>> c = curves()
    >>> round(float(c.fiber_force_length_active(1.0)), 3)
    0.994
    >>> round(float(c.fiber_force_length_passive(1.6)), 3)
    1.0

    References
    ==========

    De Groote et al. 2016 [degroote2016].
    """
    return _CURVES


def _symbols() -> tuple:
    """SymPy and its symbols for the curves' variables (imported on first use: about 1 s)."""
    import sympy as sp  # deferred: importing sympy costs about 1 s, and only the SymPy models need it

    return sp, sp.symbols("l_T_tilde l_M_tilde v_M_tilde"), sp.symbols("epsilon_0 epsilon_1 k_PE")


def curve_expressions(symbolic_constants: bool = False) -> dict[str, sp.Expr]:
    """SymPy expressions of the four curves, for display and differentiation (imports SymPy).

    Explanation
    ===========

    Keys are the field names of :class:`Curves`. The variables are the SymPy
    symbols ``l_T_tilde``, ``l_M_tilde`` and ``v_M_tilde``. With
    ``symbolic_constants=False`` the constants are the published values; with
    ``True`` they are symbols (``c_0``, ``c_1``, ... as in SymPy, and for the
    passive curve ``epsilon_0`` = strain at zero force, ``epsilon_1`` = strain
    at one normalised force, ``k_PE``). Expressions are expanded with
    ``doit(evaluate=False)``, which keeps the published form.

    Examples
    ========

    >>> from hamstrings.muscle import curve_expressions
    >>> curve_expressions(symbolic_constants=True)["fiber_force_length_passive"]
    (-1 + exp(k_PE*(-epsilon_0 + l_M_tilde - 1)/(-epsilon_0 + epsilon_1)))/(exp(k_PE) - 1)
    """
    sp, (_l_T, _l_M, _v_M), (_eps0, _eps1, _kpe) = _symbols()
    from sympy.physics import biomechanics as bm  # deferred: see _symbols

    if symbolic_constants:
        c = sp.symbols("c_0:12")
        curves_ = {
            "tendon_force_length": bm.TendonForceLengthDeGroote2016(_l_T, *c[:4]),
            "fiber_force_length_passive": bm.FiberForceLengthPassiveDeGroote2016(
                _l_M - _eps0, _eps1 - _eps0, _kpe),
            "fiber_force_length_active": bm.FiberForceLengthActiveDeGroote2016(_l_M, *c),
            "fiber_force_velocity": bm.FiberForceVelocityDeGroote2016(_v_M, *c[:4]),
        }
    else:
        curves_ = {
            "tendon_force_length": bm.TendonForceLengthDeGroote2016.with_defaults(_l_T),
            "fiber_force_length_passive": bm.FiberForceLengthPassiveDeGroote2016.with_defaults(_l_M),
            "fiber_force_length_active": bm.FiberForceLengthActiveDeGroote2016.with_defaults(_l_M),
            "fiber_force_velocity": bm.FiberForceVelocityDeGroote2016.with_defaults(_v_M),
        }
    return {key: curve.doit(evaluate=False) for key, curve in curves_.items()}


# --------------------------------------------------------------------------- tendon slack


def slack_for_standing(p: MuscleParameters, standing_length: float) -> float:
    r"""Tendon slack length (m) that gives ``p``'s normalised standing fibre length at ``standing_length``.

    ``p``: a row of :data:`PARAMETERS` (or one made with other values);
    ``standing_length``: the musculotendon length in standing, m. Rigid
    tendon, constant-thickness pennation (see :func:`tendon_slack_length`).
    ValueError when the fibre would be shorter than its pennation allows or
    no tendon is left.

    >>> p = PARAMETERS["semimembranosus"]
    >>> round(slack_for_standing(p, p.standing_length_rajagopal), 3)  # Rajagopal's own: 0.348
    0.348
    """
    fiber = p.normalized_fiber_length_standing * p.optimal_fiber_length
    thickness = p.fiber_thickness
    if fiber <= thickness:
        raise ValueError(
            f"{p.name}: a fibre of {fiber:.4f} m is shorter than its pennation allows "
            f"(l_M_opt sin(alpha_0) = {thickness:.4f} m)"
        )
    slack = standing_length - math.sqrt(fiber**2 - thickness**2)
    if slack <= 0:
        raise ValueError(f"{p.name}: standing length {standing_length:.4f} m leaves no tendon")
    return slack


@cache
def _book_slack_lengths() -> MappingProxyType:
    standing = leg.standing_lengths()
    missing = [name for name in MUSCLES if name not in standing]
    if missing:
        raise RuntimeError(f"hamstrings.leg gives no length for {', '.join(missing)}")
    return MappingProxyType(
        {name: slack_for_standing(PARAMETERS[name], float(standing[name])) for name in MUSCLES}
    )


def tendon_slack_length(name: str) -> float:
    r"""The book's tendon slack length of a muscle, in metres.

    Explanation
    ===========

    Chosen so that in upright standing (hip, knee and ankle at 0 degrees) the
    muscle's normalised fibre length, rigid tendon and pennation included,
    equals ``PARAMETERS[name].normalized_fiber_length_standing`` (Rajagopal et
    al. 2016's value): with $L^{MT}_0$ = ``leg.standing_lengths()[name]``,

    $$l^T_s = L^{MT}_0 - \sqrt{(\tilde{l}^M_0 l^M_{opt})^2 - (l^M_{opt}\sin\alpha_0)^2}.$$

    Computed for all muscles on the first call and cached.
    """
    _muscle(name)
    return _book_slack_lengths()[name]


def parameters(name: str) -> dict:
    """All parameters of one muscle as a dict, in SI units.

    Keys: ``max_isometric_force`` (N), ``optimal_fiber_length`` (m),
    ``tendon_slack_length`` (m, the book's, see :func:`tendon_slack_length`),
    ``tendon_slack_length_rajagopal`` (m), ``pennation_angle_at_optimal``
    (rad), ``pennation_angle_at_optimal_deg`` (degrees),
    ``normalized_fiber_length_standing``, ``standing_length_rajagopal`` (m),
    ``max_shortening_velocity`` (m/s), the three passive-curve constants and
    ``source``. Rajagopal et al. 2016 [rajagopal2016].
    """
    p = _muscle(name)
    values = {key: getattr(p, key) for key in p.__dataclass_fields__}
    values["tendon_slack_length"] = tendon_slack_length(name)
    values["pennation_angle_at_optimal_deg"] = math.degrees(p.pennation_angle_at_optimal)
    values["max_shortening_velocity"] = MAX_SHORTENING_VELOCITY * p.optimal_fiber_length
    return values


# --------------------------------------------------------------------------- core (length in)


def _fiber(name, L_MT, slack, allow_slack):
    """Checked inputs -> (parameters, normalised fibre length, cos of pennation, taut).

    ``taut`` is False where the unit is slack (L_MT not longer than the tendon);
    there the fibre length is NaN and cos(alpha) is 0.
    """
    p = _muscle(name)
    L_MT = _positive_length(L_MT, "L_MT")
    slack = tendon_slack_length(name) if slack is None else float(
        _positive_length(slack, "tendon_slack_length"))
    along = L_MT - slack  # fibre length projected on the tendon, m
    taut = along > 0
    if not (allow_slack or taut.all()):
        raise ValueError(
            f"{name}: L_MT = {float(np.min(L_MT)):.4f} m is not longer than the tendon slack "
            f"length ({slack:.4f} m): the fibre would be shorter than its pennation allows "
            "(pennation 90 degrees). The unit is slack; pass allow_slack=True to get NaN "
            "fibre length and zero force there instead."
        )
    fiber = np.hypot(np.where(taut, along, np.nan), p.fiber_thickness)
    return p, fiber / p.optimal_fiber_length, np.where(taut, along / fiber, 0.0), taut


def normalized_fiber_length(
    name: str, L_MT, *, tendon_slack_length: float | None = None, allow_slack: bool = False
) -> np.ndarray:
    r"""Normalised fibre length $\tilde{l}^M = l^M / l^M_{opt}$ of a muscle (dimensionless).

    Parameters
    ==========

    name : str
        A name from :data:`MUSCLES`.
    L_MT : array_like
        Musculotendon length, m (> 0, longer than the tendon).
    tendon_slack_length : float, optional
        Tendon slack length, m. Default: the book's value,
        :func:`tendon_slack_length` (needs :mod:`hamstrings.leg`).
    allow_slack : bool
        What to do where ``L_MT`` is not longer than the tendon slack length
        (the fibre would be shorter than its pennation allows: the unit is
        slack, its tendon buckles). False (default): raise ValueError. True:
        return NaN there (forces: 0).

    Returns
    =======

    numpy.ndarray, the shape of ``L_MT``. Rigid tendon, constant-thickness
    pennation: $l^M = \sqrt{(L^{MT} - l^T_s)^2 + (l^M_{opt}\sin\alpha_0)^2}$.
    """
    return np.asarray(_fiber(name, L_MT, tendon_slack_length, allow_slack)[1])


def pennation_angle(
    name: str, L_MT, *, tendon_slack_length: float | None = None, allow_slack: bool = False
) -> np.ndarray:
    """Pennation angle of the fibres, rad (arguments as :func:`normalized_fiber_length`; NaN if slack)."""
    _, _, cos_alpha, taut = _fiber(name, L_MT, tendon_slack_length, allow_slack)
    return np.asarray(np.where(taut, np.arccos(cos_alpha), np.nan))


def passive_fiber_force(
    name: str,
    L_MT,
    *,
    tendon_slack_length: float | None = None,
    allow_slack: bool = False,
    strain_at_zero_force: float | None = None,
    strain_at_one_norm_force: float | None = None,
    kpe: float | None = None,
) -> np.ndarray:
    r"""Passive fibre force along the tendon, N.

    Explanation
    ===========

    $F = F^M_{max}\, fl^M_{pas}(\tilde{l}^M) \cos\alpha$, with the passive curve
    of De Groote et al. (2016). The published curve dips slightly below zero
    (to $-0.019 F^M_{max}$) for fibres shorter than their slack length; a fibre
    cannot push, so the force is clipped at 0.

    Parameters
    ==========

    name, L_MT, tendon_slack_length, allow_slack
        As in :func:`normalized_fiber_length`.
    strain_at_zero_force, strain_at_one_norm_force, kpe : float, optional
        Passive-curve constants (module docstring); default: the muscle's table
        values (0, 0.6 and 4, the published curve). Uhlrich et al. (2022)'s
        calibrated hamstrings are about 0.11-0.15 and 0.70.

    Returns
    =======

    numpy.ndarray, N, the shape of ``L_MT``.
    """
    p, l_M_tilde, cos_alpha, taut = _fiber(name, L_MT, tendon_slack_length, allow_slack)
    e0 = p.passive_strain_at_zero_force if strain_at_zero_force is None else strain_at_zero_force
    e1 = p.passive_strain_at_one_norm_force if strain_at_one_norm_force is None else strain_at_one_norm_force
    k = p.passive_kpe if kpe is None else kpe
    if not (math.isfinite(e0) and math.isfinite(e1) and e1 > e0):
        raise ValueError(
            "strain_at_one_norm_force must be finite and > strain_at_zero_force; "
            f"got {e1!r} and {e0!r}"
        )
    if not (math.isfinite(k) and k > 0):
        raise ValueError(f"kpe must be finite and > 0; got {k!r}")
    f = curves().fiber_force_length_passive(l_M_tilde, e0, e1, k)
    return np.asarray(np.where(taut, p.max_isometric_force * np.maximum(f, 0.0) * cos_alpha, 0.0))


def active_force_capacity(
    name: str,
    L_MT,
    activation=1.0,
    velocity=0.0,
    *,
    tendon_slack_length: float | None = None,
    allow_slack: bool = False,
) -> np.ndarray:
    r"""Active fibre force along the tendon, N.

    Explanation
    ===========

    $F = a\, fl^M_{act}(\tilde{l}^M)\, fv^M(\tilde{v}^M)\, F^M_{max} \cos\alpha$
    (De Groote et al. 2016), where the fibre velocity of a rigid-tendon unit is
    $v^M = \dot{L}^{MT}\cos\alpha$ and $\tilde{v}^M = v^M / (10\, l^M_{opt}$/s$)$.
    For shortening faster than the maximum velocity the published
    force-velocity curve turns negative; it is clipped at 0. Passive force is
    not included (add :func:`passive_fiber_force`).

    Parameters
    ==========

    name, L_MT, tendon_slack_length, allow_slack
        As in :func:`normalized_fiber_length`.
    activation : array_like
        Muscle activation, in [0, 1].
    velocity : array_like
        Musculotendon lengthening velocity $\dot{L}^{MT}$, m/s; positive =
        lengthening (eccentric), negative = shortening. Default 0 (isometric).

    Returns
    =======

    numpy.ndarray, N, the broadcast shape of ``L_MT``, ``activation`` and
    ``velocity``.
    """
    activation = validate.array_in_range(activation, "activation", 0.0, 1.0)
    velocity = validate.array_in_range(velocity, "velocity", unit="m/s")
    p = _fiber(name, L_MT, tendon_slack_length, allow_slack)[0]  # checks L_MT and the slack
    slack = _book_slack_lengths()[name] if tendon_slack_length is None else float(tendon_slack_length)
    return _hill_active(np.asarray(L_MT, dtype=float), activation, velocity, p.max_isometric_force,
                        p.optimal_fiber_length, p.fiber_thickness, slack)


def _hill_active(L_MT, activation, velocity, fmax, lopt, thickness, slack) -> np.ndarray:
    """The Hill-type active force along a rigid tendon, N (checked inputs; arrays broadcast).

    One formula for :func:`active_force_capacity` (one muscle) and
    :func:`active_forces` (many muscles at once): see the former's docstring.
    """
    along = L_MT - slack  # fibre length projected on the tendon, m
    taut = along > 0.0
    fiber = np.hypot(np.where(taut, along, 0.0), thickness)
    cos_alpha = np.where(taut, along / fiber, 0.0)
    fl = _fiber_force_length_active(fiber / lopt)
    fv = np.maximum(_fiber_force_velocity(velocity * cos_alpha / (MAX_SHORTENING_VELOCITY * lopt)), 0.0)
    return np.asarray(np.where(taut, activation * fl * fv * fmax * cos_alpha, 0.0))


class ParameterArrays(NamedTuple):
    r"""Parameters of several muscles as arrays (one element per muscle, in the given order), SI.

    ``max_isometric_force`` (N), ``optimal_fiber_length`` (m),
    ``fiber_thickness`` (m, $l^M_{opt}\sin\alpha_0$), ``tendon_slack_length``
    (m, the book's, :func:`tendon_slack_length`).
    """

    names: tuple
    max_isometric_force: np.ndarray
    optimal_fiber_length: np.ndarray
    fiber_thickness: np.ndarray
    tendon_slack_length: np.ndarray


@cache
def parameter_arrays(names: tuple) -> ParameterArrays:
    """:class:`ParameterArrays` of the muscles ``names`` (a tuple of names of :data:`MUSCLES`); cached.

    >>> parameter_arrays(("soleus", "semimembranosus")).max_isometric_force
    array([6195., 2201.])
    """
    ps = [_muscle(n) for n in names]
    return ParameterArrays(tuple(names), np.array([p.max_isometric_force for p in ps]),
                           np.array([p.optimal_fiber_length for p in ps]),
                           np.array([p.fiber_thickness for p in ps]),
                           np.array([tendon_slack_length(n) for n in names]))


def active_forces(names: tuple, L_MT, activation, velocity=0.0) -> np.ndarray:
    r"""Active force along the tendon (N) of several muscles at once: rows in the order of ``names``.

    The force of :func:`active_force_capacity` (rigid tendon, the book's
    tendon slack lengths, zero where a unit is slack), vectorised over
    muscles: ``L_MT`` (m) has one row per muscle, shape (K, ...);
    ``activation`` is one value per muscle, shape (K,), in [0, 1];
    ``velocity`` (musculotendon lengthening, m/s) is a scalar or shaped like
    ``L_MT``. Inputs are not checked beyond their shapes (this is the kernel
    the pose-level models call in their loops); use
    :func:`active_force_capacity` for checked single muscles.

    >>> names = ("semimembranosus", "vastus_lateralis")
    >>> L = [[tendon_slack_length(n) + 0.05] for n in names]
    >>> np.round(active_forces(names, L, [1.0, 0.5]), 1)
    array([[1643.6],
           [ 356.4]])
    """
    p = parameter_arrays(tuple(names))
    L_MT = np.asarray(L_MT, dtype=float)
    extra = (1,) * (L_MT.ndim - 1)

    def column(v):
        return v.reshape(v.shape + extra)

    return _hill_active(L_MT, column(np.asarray(activation, dtype=float)), np.asarray(velocity, dtype=float),
                        column(p.max_isometric_force), column(p.optimal_fiber_length),
                        column(p.fiber_thickness), column(p.tendon_slack_length))


def elastic_tendon_equilibrium(
    name: str, L_MT, activation=0.0, *, tendon_slack_length: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    r"""Fibre length and force with an elastic tendon, in static (isometric) equilibrium.

    Explanation
    ===========

    Finds, element by element, the fibre length at which the tendon force
    equals the fibre force along the tendon,

    $$fl^T(\tilde{l}^T) = \left(a\, fl^M_{act}(\tilde{l}^M)\, fv^M(0)
    + fl^M_{pas}(\tilde{l}^M)\right)\cos\alpha,$$

    with $\tilde{l}^T = (L^{MT} - l^M\cos\alpha)/l^T_s$ and the De Groote et al.
    (2016) tendon curve, using SciPy's vectorised bracketing root finder
    (``scipy.optimize.elementwise.find_root``). The bracket runs from a fibre
    lying across the tendon (pennation 90 degrees) to the rigid-tendon fibre
    length; where even the first end leaves the tendon slack (force below
    zero), the tendon is slack and the rigid-tendon solution, with zero force,
    is returned. Passive curve from the table. Tendon slack lengths are the
    book's (calibrated with a rigid tendon; in standing the passive forces, and
    so the tendon stretch, are small).

    Parameters
    ==========

    name, L_MT, tendon_slack_length
        As in :func:`normalized_fiber_length`.
    activation : array_like
        Muscle activation, in [0, 1]. Default 0 (passive muscle).

    Returns
    =======

    (l_M_tilde, force): normalised fibre length and tendon force (N), arrays
    of the broadcast shape of ``L_MT`` and ``activation``.
    """
    from scipy.optimize import elementwise  # deferred: scipy.optimize takes about 0.25 s to import


    activation = validate.array_in_range(activation, "activation", 0.0, 1.0)
    p, rigid, _, _ = _fiber(name, L_MT, tendon_slack_length, False)
    L_MT = np.asarray(L_MT, dtype=float)
    slack = tendon_slack_length if tendon_slack_length is not None else _book_slack_lengths()[name]
    thickness = p.fiber_thickness
    e1, kpe, e0 = p.passive_strain_at_one_norm_force, p.passive_kpe, p.passive_strain_at_zero_force
    c = curves()
    fv0 = float(c.fiber_force_velocity(0.0))

    def tendon_minus_fiber(along, L_MT, activation):
        """Normalised tendon force minus fibre force along the tendon; ``along`` = l_M cos(alpha), m."""
        fiber = np.hypot(along, thickness)
        l_M_tilde = fiber / p.optimal_fiber_length
        fibre_force = (activation * c.fiber_force_length_active(l_M_tilde) * fv0
                       + np.maximum(c.fiber_force_length_passive(l_M_tilde, e0, e1, kpe), 0.0))
        return c.tendon_force_length((L_MT - along) / slack) - fibre_force * along / fiber

    along_rigid = np.sqrt((rigid * p.optimal_fiber_length) ** 2 - thickness**2)
    L_MT, activation, along_rigid = np.broadcast_arrays(L_MT, activation, along_rigid)
    taut = tendon_minus_fiber(np.zeros_like(L_MT), L_MT, activation) > 0
    along = along_rigid.copy()
    if taut.any():
        root = elementwise.find_root(tendon_minus_fiber, (0.0, along_rigid[taut]),
                                     args=(L_MT[taut], activation[taut]))
        along[taut] = root.x
    l_M_tilde = np.hypot(along, thickness) / p.optimal_fiber_length
    force = np.maximum(c.tendon_force_length((L_MT - along) / slack), 0.0) * p.max_isometric_force
    return l_M_tilde, np.where(taut, force, 0.0)


# --------------------------------------------------------------------------- pose level


def normalized_fiber_lengths(hip, knee, ankle) -> dict[str, np.ndarray]:
    """Normalised fibre length of every muscle at a pose, by name.

    ``hip``, ``knee``, ``ankle``: joint angles in degrees (hip flexion, knee
    flexion, ankle dorsiflexion positive; all 0 = standing), broadcast
    together; out-of-range angles raise ValueError (from :mod:`hamstrings.leg`).
    NaN where a unit is slack (shorter than its tendon slack length, e.g.
    rectus femoris with the hip flexed and the knee straight): see
    ``allow_slack`` in :func:`normalized_fiber_length`.
    """
    lengths = leg.muscle_lengths(hip, knee, ankle)
    return {name: normalized_fiber_length(name, lengths[name], allow_slack=True) for name in MUSCLES}


def passive_fiber_forces(hip, knee, ankle) -> dict[str, np.ndarray]:
    """Passive fibre force along the tendon (N) of every muscle at a pose, by name.

    Angles as in :func:`normalized_fiber_lengths`; passive curves from the
    table; 0 where a unit is slack.
    """
    lengths = leg.muscle_lengths(hip, knee, ankle)
    return {name: passive_fiber_force(name, lengths[name], allow_slack=True) for name in MUSCLES}


def active_force_capacities(hip, knee, ankle, activation=1.0) -> dict[str, np.ndarray]:
    """Isometric active force along the tendon (N) of every muscle at a pose, by name.

    Angles as in :func:`normalized_fiber_lengths`; ``activation`` in [0, 1]; 0
    where a unit is slack.
    """
    lengths = leg.muscle_lengths(hip, knee, ankle)
    return {name: active_force_capacity(name, lengths[name], activation, allow_slack=True)
            for name in MUSCLES}


# --------------------------------------------------------------------------- SymPy models


def activation_dynamics(name: str) -> FirstOrderActivationDeGroote2016:
    """SymPy's first-order activation dynamics of a muscle (time constants 15 ms and 60 ms).

    De Groote et al. 2016 [degroote2016].
    """
    _muscle(name)
    from sympy.physics.biomechanics import FirstOrderActivationDeGroote2016  # deferred: see _symbols

    return FirstOrderActivationDeGroote2016.with_defaults(name)


def sympy_musculotendon(
    name: str,
    pathway,
    musculotendon_dynamics: MusculotendonFormulation | None = None,
) -> MusculotendonDeGroote2016:
    r"""A ``MusculotendonDeGroote2016`` with this book's parameters, for forward simulation.

    Explanation
    ===========

    ``pathway`` is a SymPy pathway (e.g. ``LinearPathway``). Parameters are the
    book's: the tendon slack length of :func:`tendon_slack_length`, and
    $F^M_{max}$, $l^M_{opt}$, $\alpha_0$ from :data:`PARAMETERS`; the
    maximal fibre velocity is $10\, l^M_{opt}$/s. Activation dynamics are
    :func:`activation_dynamics`. Note that SymPy's rigid-tendon formulation
    projects the fibre force with $\cos\alpha_0$ rather than the current
    $\cos\alpha$ used in the rest of this module, and adds fibre damping
    (0.1). ``musculotendon_dynamics``: a ``MusculotendonFormulation``
    (default ``RIGID_TENDON``).
    """
    p = _muscle(name)
    from sympy.physics.biomechanics import (  # deferred: see _symbols
        MusculotendonDeGroote2016,
        MusculotendonFormulation,
    )

    if musculotendon_dynamics is None:
        musculotendon_dynamics = MusculotendonFormulation.RIGID_TENDON
    return MusculotendonDeGroote2016.with_defaults(
        name,
        pathway,
        activation_dynamics(name),
        musculotendon_dynamics=musculotendon_dynamics,
        tendon_slack_length=tendon_slack_length(name),
        peak_isometric_force=p.max_isometric_force,
        optimal_fiber_length=p.optimal_fiber_length,
        maximal_fiber_velocity=MAX_SHORTENING_VELOCITY * p.optimal_fiber_length,
        optimal_pennation_angle=p.pennation_angle_at_optimal,
    )
