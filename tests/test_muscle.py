"""Hill-type musculotendon units (hamstrings.muscle).

The first part needs only the muscle module and works with hand-made lengths;
the second part ("pose level") goes through hamstrings.leg.
"""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest
import sympy as sp
from sympy.physics.mechanics import LinearPathway, Point, ReferenceFrame, dynamicsymbols
from sympy.physics.biomechanics import (
    FiberForceLengthActiveDeGroote2016,
    FiberForceLengthPassiveDeGroote2016,
    FiberForceVelocityDeGroote2016,
    MusculotendonDeGroote2016,
    TendonForceLengthDeGroote2016,
)

from hamstrings import muscle

LEG_MUSCLES = (
    "semimembranosus", "semitendinosus", "biceps_femoris_long", "biceps_femoris_short",
    "rectus_femoris", "vastus_intermedius", "vastus_medialis", "vastus_lateralis", "psoas",
    "iliacus", "gastrocnemius_medial", "gastrocnemius_lateral", "soleus", "tibialis_anterior",
    "gluteus_maximus", "gluteus_maximus_upper", "gluteus_maximus_lower",
)
HAMSTRINGS = ("semimembranosus", "semitendinosus", "biceps_femoris_long")  # cross hip and knee


def rajagopal_slack(name):
    return muscle.PARAMETERS[name].tendon_slack_length_rajagopal


# ----------------------------------------------------------------------------- parameters


def test_table_has_the_muscles_of_the_leg():
    assert muscle.MUSCLES == LEG_MUSCLES


@pytest.mark.parametrize("name, fmax, lopt, slack, alpha_deg", [
    ("semimembranosus", 2201, 0.0690, 0.3476, 14.6),
    ("biceps_femoris_short", 557, 0.1103, 0.1058, 15.1),
    ("vastus_lateralis", 5149, 0.0994, 0.2206, 14.5),
    ("soleus", 6195, 0.0440, 0.2768, 21.9),
    # from Rajagopal2015.osim (tibant_r, glmax2_r): pennation given there in radians
    ("tibialis_anterior", 1227.45245901639, 0.0683, 0.240461026409367, math.degrees(0.19518281)),
    ("gluteus_maximus", 1406.04590163935, 0.157, 0.0678871511792641, math.degrees(0.36738206)),
    ("gluteus_maximus_upper", 983.783606557378, 0.147, 0.0488408889462853, math.degrees(0.35401178)),
    ("gluteus_maximus_lower", 947.754098360656, 0.167, 0.0697166058843707, math.degrees(0.38241613)),
])
def test_rajagopal_parameters_read_back(name, fmax, lopt, slack, alpha_deg):
    p = muscle.PARAMETERS[name]
    assert p.max_isometric_force == pytest.approx(fmax, abs=1e-9)
    assert p.optimal_fiber_length == pytest.approx(lopt, abs=1e-12)
    assert p.tendon_slack_length_rajagopal == pytest.approx(slack, abs=1e-12)
    assert p.pennation_angle_at_optimal == pytest.approx(math.radians(alpha_deg), abs=2e-6)


@pytest.mark.parametrize("name", LEG_MUSCLES)
def test_standing_fibre_length_agrees_with_rajagopals_own_lengths(name):
    """The table's l~ standing follows from Rajagopal's standing length and tendon slack
    length through this module's geometry (within the rounding of the table)."""
    p = muscle.PARAMETERS[name]
    l_tilde = muscle.normalized_fiber_length(
        name, p.standing_length_rajagopal, tendon_slack_length=p.tendon_slack_length_rajagopal)
    assert l_tilde == pytest.approx(p.normalized_fiber_length_standing, abs=0.011)


@pytest.mark.parametrize("name", LEG_MUSCLES)
def test_slack_calibration_inverts_the_fibre_geometry(name):
    """Calibrating on Rajagopal's own standing length gives back (nearly) his tendon slack
    length, and exactly the target fibre length."""
    p = muscle.PARAMETERS[name]
    slack = muscle.slack_for_standing(p, p.standing_length_rajagopal)
    assert slack == pytest.approx(p.tendon_slack_length_rajagopal, abs=0.002)
    l_tilde = muscle.normalized_fiber_length(name, p.standing_length_rajagopal, tendon_slack_length=slack)
    assert l_tilde == pytest.approx(p.normalized_fiber_length_standing, abs=1e-12)


def test_every_row_has_a_source_and_the_published_passive_curve():
    c0, c1 = FiberForceLengthPassiveDeGroote2016.with_defaults(sp.Symbol("l")).args[1:]
    for p in muscle.PARAMETERS.values():
        assert "Rajagopal" in p.source
        assert p.passive_strain_at_zero_force == 0.0
        assert p.passive_strain_at_one_norm_force == pytest.approx(float(c0))
        assert p.passive_kpe == pytest.approx(float(c1))
    for name in ("tibialis_anterior", "gluteus_maximus", "gluteus_maximus_upper", "gluteus_maximus_lower"):
        assert "Rajagopal2015.osim" in muscle.PARAMETERS[name].source


def test_parameters_table_is_read_only():
    with pytest.raises(TypeError):
        muscle.PARAMETERS["soleus"] = None
    with pytest.raises(AttributeError):
        muscle.PARAMETERS["soleus"].max_isometric_force = 1.0


# ----------------------------------------------------------------------------- curves


def test_curves_are_sympys_curves():
    c = muscle.curves()
    x = sp.Symbol("x")
    pairs = [
        (c.tendon_force_length, TendonForceLengthDeGroote2016, [0.98, 1.0, 1.03, 1.05]),
        (c.fiber_force_length_passive, FiberForceLengthPassiveDeGroote2016, [0.5, 1.0, 1.3, 1.7]),
        (c.fiber_force_length_active, FiberForceLengthActiveDeGroote2016, [0.5, 0.9, 1.2, 1.6]),
        (c.fiber_force_velocity, FiberForceVelocityDeGroote2016, [-1.0, -0.3, 0.0, 0.7]),
    ]
    for numeric, cls, points in pairs:
        expr = cls.with_defaults(x)
        expected = [float(expr.doit().subs(x, p)) for p in points]
        np.testing.assert_allclose(numeric(np.array(points)), expected, rtol=1e-12, atol=1e-14)


def test_curves_are_built_once():
    assert muscle.curves() is muscle.curves()


def test_numpy_curves_are_sympys_lambdified_code_exactly():
    """The hand-copied NumPy code gives the very numbers of ``sympy.lambdify`` (no tolerance)."""
    from sympy.physics.biomechanics import TendonForceLengthInverseDeGroote2016

    c, x = muscle.curves(), sp.Symbol("x")
    grid = np.linspace(-1.5, 2.5, 801)
    pairs = [
        (c.tendon_force_length, TendonForceLengthDeGroote2016, np.linspace(0.97, 1.06, 400)),
        (c.fiber_force_length_active, FiberForceLengthActiveDeGroote2016, np.linspace(0.2, 2.0, 400)),
        (c.fiber_force_velocity, FiberForceVelocityDeGroote2016, grid),
        (c.tendon_force_length_inverse, TendonForceLengthInverseDeGroote2016, np.linspace(0.0, 60.0, 400)),
    ]
    for numeric, cls, points in pairs:
        expected = sp.lambdify(x, cls.with_defaults(x).doit(), "numpy")(points)
        np.testing.assert_array_equal(numeric(points), expected, err_msg=cls.__name__)
    e0, e1, k = sp.symbols("e0 e1 k")
    passive = sp.lambdify((x, e0, e1, k), FiberForceLengthPassiveDeGroote2016(x - e0, e1 - e0, k).doit(),
                          "numpy")
    for constants in [(0.0, 0.6, 4.0), (0.1537, 0.7045, 4.0), (0.239, 0.928, 5.0)]:
        l_M = np.linspace(0.5, 2.0, 300)
        np.testing.assert_array_equal(c.fiber_force_length_passive(l_M, *constants), passive(l_M, *constants))


def test_active_force_length_peaks_at_optimal_length_with_value_one():
    fl = muscle.curves().fiber_force_length_active
    x = np.linspace(0.3, 2.0, 170_001)
    y = fl(x)
    # De Groote's fit peaks at 0.996 near l~ = 1.02 (0.994 at exactly 1)
    assert abs(x[np.argmax(y)] - 1.0) < 0.03
    assert abs(y.max() - 1.0) < 0.01
    assert fl(1.0) > 0.99
    assert fl(0.5) < 0.5 and fl(1.5) < 0.5


def test_passive_force_is_nil_below_optimal_length_and_rises_after():
    fp = muscle.curves().fiber_force_length_passive
    short = fp(np.linspace(0.0, 1.0, 1001))
    assert np.all(np.abs(short) < 0.02)
    assert fp(1.0) == pytest.approx(0.0, abs=1e-12)
    long_ = fp(np.linspace(1.0, 1.8, 801))
    assert np.all(np.diff(long_) > 0)
    assert fp(1.6) == pytest.approx(1.0)  # strain 0.6 at one maximum isometric force


def test_passive_curve_constants_move_the_curve():
    fp = muscle.curves().fiber_force_length_passive
    # a calibrated hamstring curve (Uhlrich et al. 2022): slack at strain 0.13, Fmax at 0.70
    assert fp(1.13, 0.13, 0.70, 4.0) == pytest.approx(0.0, abs=1e-12)
    assert fp(1.70, 0.13, 0.70, 4.0) == pytest.approx(1.0)
    assert fp(1.4, 0.0, 0.8, 4.0) < fp(1.4) < fp(1.4, 0.0, 0.5, 4.0)


def test_force_velocity_is_one_when_isometric_and_higher_when_lengthening():
    fv = muscle.curves().fiber_force_velocity
    assert fv(0.0) == pytest.approx(1.0, abs=0.005)
    assert fv(-1.0) == pytest.approx(0.0, abs=0.02)
    assert fv(0.5) > fv(0.0) > fv(-0.5)


def test_curve_expressions_are_sympy_and_match_the_numbers():
    exprs = muscle.curve_expressions()
    assert set(exprs) == set(muscle.Curves._fields) - {"tendon_force_length_inverse"}
    c = muscle.curves()
    for key, expr in exprs.items():
        (var,) = expr.free_symbols
        f = sp.lambdify(var, expr, "numpy")
        numeric = getattr(c, key)
        for value in (0.8, 1.0, 1.02) if key != "fiber_force_velocity" else (-0.5, 0.0, 0.5):
            assert f(value) == pytest.approx(float(numeric(value)))
    symbolic = muscle.curve_expressions(symbolic_constants=True)
    names = {s.name for s in symbolic["fiber_force_length_passive"].free_symbols}
    assert names == {"l_M_tilde", "epsilon_0", "epsilon_1", "k_PE"}
    assert sp.Symbol("c_11") in symbolic["fiber_force_length_active"].free_symbols


# ----------------------------------------------------------------------------- length in, rigid tendon


@pytest.mark.parametrize("name", ["semimembranosus", "vastus_medialis", "soleus"])
def test_fibre_geometry_keeps_thickness_and_tendon_length(name):
    p = muscle.PARAMETERS[name]
    slack = 0.25
    L_MT = slack + np.linspace(0.3, 2.0, 50) * p.optimal_fiber_length
    l_M = muscle.normalized_fiber_length(name, L_MT, tendon_slack_length=slack) * p.optimal_fiber_length
    alpha = muscle.pennation_angle(name, L_MT, tendon_slack_length=slack)
    np.testing.assert_allclose(slack + l_M * np.cos(alpha), L_MT, rtol=1e-12)
    np.testing.assert_allclose(l_M * np.sin(alpha),
                               p.optimal_fiber_length * math.sin(p.pennation_angle_at_optimal), rtol=1e-12)
    at_optimum = slack + p.optimal_fiber_length * math.cos(p.pennation_angle_at_optimal)
    assert muscle.normalized_fiber_length(name, at_optimum, tendon_slack_length=slack) == pytest.approx(1.0)
    assert muscle.pennation_angle(name, at_optimum, tendon_slack_length=slack) == pytest.approx(
        p.pennation_angle_at_optimal)


def test_passive_force_is_the_curve_times_fmax_projected_on_the_tendon():
    name = "semitendinosus"
    p, slack = muscle.PARAMETERS[name], rajagopal_slack(name)
    L_MT = np.linspace(0.40, 0.56, 81)
    force = muscle.passive_fiber_force(name, L_MT, tendon_slack_length=slack)
    l_tilde = muscle.normalized_fiber_length(name, L_MT, tendon_slack_length=slack)
    alpha = muscle.pennation_angle(name, L_MT, tendon_slack_length=slack)
    curve = muscle.curves().fiber_force_length_passive(l_tilde)
    np.testing.assert_allclose(force, p.max_isometric_force * np.maximum(curve, 0) * np.cos(alpha))
    assert np.all(force >= 0)
    assert np.all(force[l_tilde <= 1] == 0)
    rising = force[l_tilde > 1]
    assert rising.size > 10 and np.all(np.diff(rising) > 0)


def test_passive_constants_can_be_set_per_call():
    name, L_MT = "biceps_femoris_long", 0.48
    kw = dict(tendon_slack_length=rajagopal_slack(name))
    default = muscle.passive_fiber_force(name, L_MT, **kw)
    slack_later = muscle.passive_fiber_force(name, L_MT, strain_at_zero_force=0.13,
                                             strain_at_one_norm_force=0.70, **kw)
    stiffer = muscle.passive_fiber_force(name, L_MT, strain_at_one_norm_force=0.4, **kw)
    assert 0 < slack_later < default < stiffer
    assert muscle.passive_fiber_force(name, L_MT, kpe=4.0, **kw) == pytest.approx(default)


def test_active_force_capacity():
    name = "vastus_lateralis"
    p, slack = muscle.PARAMETERS[name], rajagopal_slack(name)
    at_optimum = slack + p.optimal_fiber_length * math.cos(p.pennation_angle_at_optimal)
    kw = dict(tendon_slack_length=slack)
    c = muscle.curves()
    full = muscle.active_force_capacity(name, at_optimum, **kw)
    expected = (p.max_isometric_force * c.fiber_force_length_active(1.0) * c.fiber_force_velocity(0.0)
                * math.cos(p.pennation_angle_at_optimal))
    assert full == pytest.approx(expected)
    assert muscle.active_force_capacity(name, at_optimum, 0.25, **kw) == pytest.approx(full / 4)
    assert muscle.active_force_capacity(name, at_optimum, 0.0, **kw) == 0
    vmax = muscle.MAX_SHORTENING_VELOCITY * p.optimal_fiber_length
    eccentric = muscle.active_force_capacity(name, at_optimum, 1.0, 0.3 * vmax, **kw)
    concentric = muscle.active_force_capacity(name, at_optimum, 1.0, -0.3 * vmax, **kw)
    assert eccentric > full > concentric > 0
    # faster than the maximum shortening velocity: no force, never a push
    assert muscle.active_force_capacity(name, at_optimum, 1.0, -3 * vmax, **kw) == 0
    stretched = slack + 1.6 * p.optimal_fiber_length
    assert muscle.active_force_capacity(name, stretched, **kw) < 0.3 * full


@pytest.mark.parametrize("shape", [(), (7,), (2, 3)])
def test_shapes_follow_the_length(shape):
    name = "gastrocnemius_medial"
    L_MT = np.full(shape, 0.46)
    kw = dict(tendon_slack_length=rajagopal_slack(name))
    for f in (muscle.normalized_fiber_length, muscle.pennation_angle,
              muscle.passive_fiber_force, muscle.active_force_capacity):
        out = f(name, L_MT, **kw)
        assert isinstance(out, np.ndarray) and out.shape == shape


def test_activation_and_velocity_broadcast_with_length():
    name = "soleus"
    L_MT = np.linspace(0.31, 0.34, 5)[:, None]
    out = muscle.active_force_capacity(name, L_MT, np.linspace(0, 1, 3), 0.0,
                                       tendon_slack_length=rajagopal_slack(name))
    assert out.shape == (5, 3)
    assert np.all(out[:, 0] == 0) and np.all(out[:, 2] > out[:, 1])


# ----------------------------------------------------------------------------- elastic tendon


@pytest.mark.parametrize("activation", [0.0, 0.5, 1.0])
def test_elastic_tendon_is_in_equilibrium_and_stretches(activation):
    name = "semimembranosus"
    p, slack = muscle.PARAMETERS[name], rajagopal_slack(name)
    L_MT = np.linspace(0.40, 0.47, 15)
    l_tilde, force = muscle.elastic_tendon_equilibrium(name, L_MT, activation, tendon_slack_length=slack)
    assert l_tilde.shape == force.shape == L_MT.shape
    c = muscle.curves()
    thickness = p.optimal_fiber_length * math.sin(p.pennation_angle_at_optimal)
    fiber = l_tilde * p.optimal_fiber_length
    cos_alpha = np.sqrt(fiber**2 - thickness**2) / fiber
    fibre_side = p.max_isometric_force * cos_alpha * (
        activation * c.fiber_force_length_active(l_tilde) * c.fiber_force_velocity(0.0)
        + np.maximum(c.fiber_force_length_passive(l_tilde), 0))
    np.testing.assert_allclose(force, fibre_side, rtol=1e-6, atol=1e-6)
    tendon = (L_MT - fiber * cos_alpha) / slack
    np.testing.assert_allclose(force, p.max_isometric_force * np.maximum(c.tendon_force_length(tendon), 0),
                               rtol=1e-6, atol=1e-6)
    rigid = muscle.normalized_fiber_length(name, L_MT, tendon_slack_length=slack)
    assert np.all(l_tilde <= rigid + 1e-12)
    loaded = force > 1.0
    assert np.all(l_tilde[loaded] < rigid[loaded])  # a loaded tendon stretches, the fibre shortens


def test_elastic_tendon_broadcasts_and_leaves_a_slack_tendon_alone():
    name = "soleus"
    slack = rajagopal_slack(name)
    l_tilde, force = muscle.elastic_tendon_equilibrium(
        name, np.array([0.31, 0.33])[:, None], [0.0, 1.0], tendon_slack_length=slack)
    assert l_tilde.shape == (2, 2)
    assert force[0, 0] == pytest.approx(0.0, abs=1e-6)  # short, passive: nothing pulls
    assert force[1, 1] > force[1, 0] > 0
    with pytest.raises(ValueError, match="activation"):
        muscle.elastic_tendon_equilibrium(name, 0.33, 1.5, tendon_slack_length=slack)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["hamstring", "Soleus", "", None, 3])
def test_unknown_muscle_name(name):
    with pytest.raises(ValueError, match="name must be one of .*soleus"):
        muscle.normalized_fiber_length(name, 0.4, tendon_slack_length=0.3)


@pytest.mark.parametrize("L_MT", [-0.4, 0.0, np.nan, np.inf, [0.4, np.nan], [[0.4], [-1.0]]])
def test_bad_lengths(L_MT):
    for f in (muscle.normalized_fiber_length, muscle.passive_fiber_force, muscle.active_force_capacity):
        with pytest.raises(ValueError, match=r"L_MT must be .*> 0"):
            f("soleus", L_MT, tendon_slack_length=0.28)


def test_bad_tendon_slack_length():
    with pytest.raises(ValueError, match=r"tendon_slack_length must be .*> 0"):
        muscle.normalized_fiber_length("soleus", 0.33, tendon_slack_length=-0.28)


def test_fibre_shorter_than_its_pennation_allows():
    with pytest.raises(ValueError, match="shorter than its pennation allows"):
        muscle.normalized_fiber_length("soleus", [0.33, 0.27], tendon_slack_length=0.28)
    too_short = muscle.MuscleParameters(**{**muscle.PARAMETERS["soleus"].__dict__,
                                           "normalized_fiber_length_standing": 0.3})
    with pytest.raises(ValueError, match="shorter than its pennation allows"):
        muscle.slack_for_standing(too_short, 0.32)


def test_a_slack_unit_can_be_reported_instead_of_raising():
    name, slack = "semimembranosus", 0.35
    L_MT = np.array([0.33, 0.35, 0.42])  # shorter than, as long as, longer than the tendon
    with pytest.raises(ValueError, match="allow_slack=True"):
        muscle.passive_fiber_force(name, L_MT, tendon_slack_length=slack)
    kw = dict(tendon_slack_length=slack, allow_slack=True)
    l_tilde = muscle.normalized_fiber_length(name, L_MT, **kw)
    alpha = muscle.pennation_angle(name, L_MT, **kw)
    assert np.all(np.isnan(l_tilde[:2])) and np.all(np.isnan(alpha[:2]))
    assert l_tilde[2] == muscle.normalized_fiber_length(name, 0.42, tendon_slack_length=slack)
    for force in (muscle.passive_fiber_force(name, L_MT, **kw),
                  muscle.active_force_capacity(name, L_MT, 1.0, 0.5, **kw)):
        assert np.all(force[:2] == 0) and force[2] > 0


@pytest.mark.parametrize("activation", [-0.1, 1.01, np.nan, [0.5, 2.0]])
def test_bad_activation(activation):
    with pytest.raises(ValueError, match=r"activation must be in \[0, 1\]"):
        muscle.active_force_capacity("soleus", 0.33, activation, tendon_slack_length=0.28)


@pytest.mark.parametrize("velocity", [np.nan, np.inf, [0.0, -np.inf]])
def test_bad_velocity(velocity):
    with pytest.raises(ValueError, match="velocity must be a finite"):
        muscle.active_force_capacity("soleus", 0.33, 1.0, velocity, tendon_slack_length=0.28)


@pytest.mark.parametrize("kw, match", [
    (dict(strain_at_zero_force=0.7, strain_at_one_norm_force=0.6), "strain_at_one_norm_force must be"),
    (dict(strain_at_one_norm_force=np.nan), "strain_at_one_norm_force must be"),
    (dict(kpe=0.0), "kpe must be"),
])
def test_bad_passive_constants(kw, match):
    with pytest.raises(ValueError, match=match):
        muscle.passive_fiber_force("soleus", 0.33, tendon_slack_length=0.28, **kw)


def test_activation_dynamics_are_sympys():
    act = muscle.activation_dynamics("semitendinosus")
    assert float(act.activation_time_constant) == pytest.approx(0.015)
    assert float(act.deactivation_time_constant) == pytest.approx(0.060)
    with pytest.raises(ValueError, match="name must be one of"):
        muscle.activation_dynamics("hamstrings")


# ----------------------------------------------------------------------------- pose level (hamstrings.leg)


@pytest.fixture(scope="module")
def leg():
    """hamstrings.leg, or a skip while it does not exist yet (any other import error fails)."""
    try:
        return importlib.import_module("hamstrings.leg")
    except ModuleNotFoundError as error:
        if error.name != "hamstrings.leg":
            raise
        pytest.skip("hamstrings.leg is not written yet")


def test_table_and_leg_have_the_same_muscles(leg):
    assert muscle.MUSCLES == tuple(leg.MUSCLES)


@pytest.mark.parametrize("name", LEG_MUSCLES)
def test_tendon_slack_gives_the_tabled_fibre_length_in_standing(leg, name):
    l_tilde = muscle.normalized_fiber_lengths(0, 0, 0)[name]
    assert abs(float(l_tilde) - muscle.PARAMETERS[name].normalized_fiber_length_standing) < 1e-9
    standing = float(leg.muscle_lengths(0, 0, 0)[name])
    slack = muscle.tendon_slack_length(name)
    assert 0.02 < slack < standing
    assert muscle.parameters(name)["tendon_slack_length"] == slack


def test_pose_functions_cover_every_muscle_and_broadcast(leg):
    hip = np.array([0.0, 30.0, 60.0, 90.0])
    for f in (muscle.normalized_fiber_lengths, muscle.passive_fiber_forces,
              muscle.active_force_capacities):
        out = f(hip, 20.0, 0.0)
        assert tuple(out) == muscle.MUSCLES
        assert all(np.shape(v) == (4,) for v in out.values())
    grid = muscle.normalized_fiber_lengths(hip[:, None], np.array([0.0, 45.0, 90.0]), 0.0)
    assert grid["semitendinosus"].shape == (4, 3)


def test_pose_functions_agree_with_length_functions(leg):
    lengths = leg.muscle_lengths(45.0, 30.0, 10.0)
    passive = muscle.passive_fiber_forces(45.0, 30.0, 10.0)
    active = muscle.active_force_capacities(45.0, 30.0, 10.0, activation=0.5)
    for name in muscle.MUSCLES:
        assert passive[name] == pytest.approx(muscle.passive_fiber_force(name, lengths[name]))
        assert active[name] == pytest.approx(muscle.active_force_capacity(name, lengths[name], 0.5))


@pytest.mark.parametrize("name", HAMSTRINGS)
def test_hamstrings_lengthen_with_hip_flexion_and_shorten_with_knee_flexion(leg, name):
    angles = np.array([0.0, 30.0, 60.0, 90.0])
    with_hip = muscle.normalized_fiber_lengths(angles, 0.0, 0.0)[name]
    with_knee = muscle.normalized_fiber_lengths(0.0, angles, 0.0)[name]
    assert np.all(np.diff(with_hip) > 0)
    assert np.all(np.diff(with_knee) < 0)


def test_short_head_of_biceps_ignores_the_hip(leg):
    angles = np.array([0.0, 30.0, 60.0, 90.0])
    with_knee = muscle.normalized_fiber_lengths(0.0, angles, 0.0)["biceps_femoris_short"]
    with_hip = muscle.normalized_fiber_lengths(angles, 0.0, 0.0)["biceps_femoris_short"]
    assert np.all(np.diff(with_knee) < 0)
    np.testing.assert_allclose(with_hip, with_hip[0], atol=1e-12)


@pytest.mark.parametrize("name", HAMSTRINGS)
def test_straight_leg_raise_pulls_on_the_hamstrings(leg, name):
    standing = float(muscle.passive_fiber_forces(0, 0, 0)[name])
    raise_ = float(muscle.passive_fiber_forces(80, 0, 0)[name])
    assert raise_ > standing
    assert raise_ > 0.01 * muscle.PARAMETERS[name].max_isometric_force


def test_slack_units_at_a_pose_give_nan_length_and_no_force(leg):
    """Rectus femoris with the hip flexed and the knee straight is shorter than its tendon."""
    hip = np.array([0.0, 90.0])
    assert leg.muscle_lengths(90.0, 0.0, 0.0)["rectus_femoris"] < muscle.tendon_slack_length("rectus_femoris")
    l_tilde = muscle.normalized_fiber_lengths(hip, 0.0, 0.0)["rectus_femoris"]
    assert np.isfinite(l_tilde[0]) and np.isnan(l_tilde[1])
    assert muscle.passive_fiber_forces(hip, 0.0, 0.0)["rectus_femoris"][1] == 0
    assert muscle.active_force_capacities(hip, 0.0, 0.0)["rectus_femoris"][1] == 0
    assert muscle.active_force_capacities(hip, 0.0, 0.0)["rectus_femoris"][0] > 0


def test_passive_forces_are_never_negative_over_the_range(leg):
    hip, knee, ankle = np.meshgrid([-10.0, 0.0, 45.0, 90.0], [0.0, 60.0, 110.0], [-20.0, 0.0, 15.0])
    for force in muscle.passive_fiber_forces(hip, knee, ankle).values():
        assert force.shape == hip.shape and np.all(force >= 0)


def test_out_of_range_angles_raise(leg):
    with pytest.raises(ValueError):
        muscle.normalized_fiber_lengths(0.0, 400.0, 0.0)


def test_sympy_musculotendon_carries_the_books_parameters(leg):
    origin, insertion = Point("O"), Point("I")
    N = ReferenceFrame("N")
    q = dynamicsymbols("q")
    insertion.set_pos(origin, q * N.x)
    mt = muscle.sympy_musculotendon("semitendinosus", LinearPathway(origin, insertion))
    p = muscle.PARAMETERS["semitendinosus"]
    assert isinstance(mt, MusculotendonDeGroote2016)
    assert float(mt.tendon_slack_length) == pytest.approx(muscle.tendon_slack_length("semitendinosus"))
    assert float(mt.peak_isometric_force) == pytest.approx(p.max_isometric_force)
    assert float(mt.optimal_fiber_length) == pytest.approx(p.optimal_fiber_length)
    assert float(mt.maximal_fiber_velocity) == pytest.approx(10 * p.optimal_fiber_length)
    assert float(mt.optimal_pennation_angle) == pytest.approx(p.pennation_angle_at_optimal)
