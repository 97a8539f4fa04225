"""The antagonist pair at the knee (hamstrings.antagonist) and its drawings and widget."""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from hamstrings import antagonist, leg, muscle  # noqa: E402

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))


# ----------------------------------------------------------------------------- data


def test_groups_hold_every_muscle_that_crosses_the_knee():
    crossing = {m for m in leg.MUSCLES if "knee" in leg.CROSSES[m]}
    assert set(antagonist.KNEE_MUSCLES) == crossing
    assert len(antagonist.KNEE_MUSCLES) == len(crossing)  # no muscle in two groups


def test_passive_curves_are_sourced_and_well_formed():
    assert set(antagonist.PASSIVE_CURVES) == set(antagonist.KNEE_MUSCLES)
    for name, c in antagonist.PASSIVE_CURVES.items():
        assert c.strain_at_one_norm_force > c.strain_at_zero_force, name
        assert c.kpe > 0
        assert c.source.split(":")[0] in BIB_KEYS, name
    # the calibrated hamstring curves start 11-16 % past the optimal length (Uhlrich et al. 2022)
    for name in ("semimembranosus", "semitendinosus", "biceps_femoris_long"):
        assert 0.11 <= antagonist.PASSIVE_CURVES[name].strain_at_zero_force <= 0.16
        assert antagonist.PASSIVE_CURVES[name].strain_at_one_norm_force == pytest.approx(0.70, abs=0.02)


def test_segment_and_person_tables():
    assert set(antagonist.SEGMENTS) == {"leg", "foot"}
    for seg in antagonist.SEGMENTS.values():
        assert seg.source.startswith("winter2009")
    assert set(antagonist.DEFAULT_PERSON) == {"body_mass", "tolerated_torque"}
    assert antagonist.DEFAULT_PERSON["body_mass"] > 0


# ----------------------------------------------------------------------------- passive force


@pytest.mark.parametrize("name", antagonist.KNEE_MUSCLES)
def test_elastic_table_is_the_elastic_tendon_equilibrium(name):
    """With the generic curve the table must reproduce hamstrings.muscle's own solver."""
    standing = float(leg.muscle_lengths(0, 0, 0)[name])
    L = np.linspace(standing - 0.02, standing + 0.08, 41)
    reference = muscle.elastic_tendon_equilibrium(name, L, 0.0)[1]
    table = antagonist.passive_force(name, L, curves="generic")
    np.testing.assert_allclose(table, reference, rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("name", antagonist.GROUPS["hamstrings"])
def test_rigid_option_is_hamstrings_muscle_with_the_calibrated_constants(name):
    L = leg.muscle_lengths(np.linspace(0, 90, 10), 0.0, 0.0)[name]
    e0, e1 = antagonist.translated_strains(name)
    expected = muscle.passive_fiber_force(name, L, allow_slack=True, strain_at_zero_force=e0,
                                          strain_at_one_norm_force=e1,
                                          kpe=antagonist.PASSIVE_CURVES[name].kpe)
    np.testing.assert_allclose(antagonist.passive_force(name, L, tendon="rigid"), expected)


def test_an_elastic_tendon_and_calibrated_curves_each_lower_the_force():
    L = leg.muscle_lengths(61.0, 0.0, 0.0)["semimembranosus"]
    force = {(t, c): float(antagonist.passive_force("semimembranosus", L, tendon=t, curves=c))
             for t in antagonist.TENDONS for c in antagonist.CURVES}
    assert force["elastic", "generic"] < force["rigid", "generic"]
    assert force["rigid", "calibrated"] < force["rigid", "generic"]
    assert force["elastic", "calibrated"] < force["elastic", "generic"]


def test_the_modelling_trap_and_the_choice_that_avoids_it():
    """Generic curve + rigid tendon: several Fmax at a 61-degree raise; the book's choice: < 1."""
    L = leg.muscle_lengths(61.0, 0.0, 0.0)["semimembranosus"]
    fmax = muscle.parameters("semimembranosus")["max_isometric_force"]
    trap = float(antagonist.passive_force("semimembranosus", L, tendon="rigid", curves="generic"))
    chosen = float(antagonist.passive_force("semimembranosus", L))
    assert trap / fmax > 3.0
    assert chosen / fmax < 1.0


def test_passive_force_rises_with_length_and_is_never_negative():
    for name in antagonist.KNEE_MUSCLES:
        standing = float(leg.muscle_lengths(0, 0, 0)[name])
        F = antagonist.passive_force(name, np.linspace(standing - 0.05, standing + 0.1, 200))
        assert (F >= 0).all()
        assert (np.diff(F) >= -1e-9).all(), name


# ----------------------------------------------------------------------------- geometry and torques


def test_knee_geometry_one_pose_agrees_with_many():
    """The leg's one-pose code (scalar angles) and its array code give the same geometry."""
    rng = np.random.default_rng(7)
    for _ in range(25):
        hip, knee, ankle = rng.uniform(-30, 140), rng.uniform(-10, 160), rng.uniform(-50, 50)
        one = antagonist.knee_geometry(hip, knee, ankle)
        many = antagonist.knee_geometry(np.array([hip]), np.array([knee]), np.array([ankle]))
        for a, b in zip(one, many):
            np.testing.assert_allclose(a, b[:, 0], atol=1e-12)


def test_torque_is_force_times_moment_arm():
    hip, knee = 70.0, 40.0
    kw = dict(quadriceps=0.4, hamstrings=0.3, gastrocnemius=0.2)
    t = antagonist.knee_torques(hip, knee, **kw)
    f = antagonist.muscle_forces(hip, knee, **kw)
    for group, members in antagonist.GROUPS.items():
        assert t.active[group] == pytest.approx(
            sum(f.active[m] * f.knee_moment_arm[m] for m in members), rel=1e-12)
        assert t.passive[group] == pytest.approx(
            sum(f.passive[m] * f.knee_moment_arm[m] for m in members), rel=1e-12, abs=1e-12)
        assert t.hip_passive[group] == pytest.approx(
            sum(f.passive[m] * f.hip_moment_arm[m] for m in members), rel=1e-12, abs=1e-12)
    assert t.net == pytest.approx(sum(t.active.values()) + sum(t.passive.values()) + t.gravity)
    assert all(f.active[m] > 0 for m in antagonist.KNEE_MUSCLES if m != "rectus_femoris")


def test_forces_at_lengths_take_one_activation_per_group():
    g = antagonist.knee_geometry(60.0, 45.0)
    active, passive = antagonist.forces_at_lengths(g.length, [0.0, 1.0, 0.0])
    hamstrings = antagonist.group_rows("hamstrings")
    assert (active[hamstrings] > 0).all() and (active[~hamstrings] == 0).all()
    assert (passive >= 0).all()


def test_knee_state_matches_knee_torques():
    kw = dict(quadriceps=0.3, hamstrings=0.2, gastrocnemius=0.1, inhibition_gain=0.5, body="supine")
    state = antagonist.knee_state(80.0, 35.0, **kw)
    t = antagonist.knee_torques(80.0, 35.0, **kw)
    for group in antagonist.GROUPS:
        assert state.torques[f"{group} active"] == pytest.approx(t.active[group], rel=1e-9, abs=1e-9)
        assert state.torques[f"{group} passive"] == pytest.approx(t.passive[group], rel=1e-9, abs=1e-9)
    assert state.torques["gravity"] == pytest.approx(t.gravity)
    assert state.net == pytest.approx(t.net, abs=1e-9)


def test_force_velocity_makes_a_lengthening_muscle_stronger():
    slow = antagonist.knee_torques(90.0, 40.0, hamstrings=1.0, knee_velocity=0.0)
    # extending the knee lengthens the hamstrings: they resist with more force
    lengthening = antagonist.knee_torques(90.0, 40.0, hamstrings=1.0, knee_velocity=-60.0)
    shortening = antagonist.knee_torques(90.0, 40.0, hamstrings=1.0, knee_velocity=60.0)
    assert shortening.active["hamstrings"] < slow.active["hamstrings"] < lengthening.active["hamstrings"]


# ----------------------------------------------------------------------------- gravity


def test_shank_foot_mass_and_centre_of_mass():
    sf = antagonist.shank_foot(80.0)
    assert sf.mass == pytest.approx((0.0465 + 0.0145) * 80.0)
    ankle = leg.SITES["ankle"]
    assert -0.30 < sf.com[1] < -0.433 * abs(ankle.y) + 0.01  # below the knee, pulled down by the foot
    assert sf.com[0] > 0  # the foot lies in front of the ankle
    assert sf.inertia > 0


def test_gravity_torque_follows_the_shank_angle():
    sf = antagonist.shank_foot()
    mg = sf.mass * antagonist.STANDARD_GRAVITY
    # lying on the back, thigh vertical, shank horizontal: gravity bends the knee
    assert antagonist.gravity_torque(90.0, 90.0, body="supine") == pytest.approx(-mg * sf.com[1])
    # sitting with the knee straight: the same lever, the same direction
    assert antagonist.gravity_torque(90.0, 0.0, body="upright") == pytest.approx(-mg * sf.com[1])
    # standing, knee straight: only the small forward offset of the centre of mass acts
    assert antagonist.gravity_torque(0.0, 0.0) == pytest.approx(mg * sf.com[0])
    # lying face down, knee bent 90: the shank points up and falls forward, extending the knee
    assert antagonist.gravity_torque(0.0, 90.0, body="prone") < 0
    # a number for the body angle is the same as its name
    assert antagonist.gravity_torque(30.0, 50.0, body=90.0) == antagonist.gravity_torque(30.0, 50.0, body="supine")


def test_gravity_is_minus_the_derivative_of_the_potential_energy():
    sf = antagonist.shank_foot()
    mg = sf.mass * antagonist.STANDARD_GRAVITY

    def height(knee, hip=60.0, body=90.0):
        psi = math.radians(body + hip - knee)
        return math.sin(psi) * sf.com[0] + math.cos(psi) * sf.com[1]

    for knee in (10.0, 45.0, 100.0):
        h = 1e-5
        dV = mg * (height(knee + h) - height(knee - h)) / math.radians(2 * h)
        assert antagonist.gravity_torque(60.0, knee, body="supine") == pytest.approx(-dV, rel=1e-6)


# ----------------------------------------------------------------------------- equilibria


SETTINGS = [
    dict(hip=90.0, quadriceps=0.0, body="supine"),
    dict(hip=90.0, quadriceps=0.2, body="supine"),
    dict(hip=60.0, quadriceps=0.1, hamstrings=0.3, body="supine"),
    dict(hip=90.0, quadriceps=0.05, body="upright"),
    dict(hip=0.0, body="upright"),
    dict(hip=110.0, quadriceps=0.3, hamstrings=0.4, gastrocnemius=0.5, inhibition_gain=0.5,
         body="supine"),
]


@pytest.mark.parametrize("kw", SETTINGS)
def test_equilibrium_residual_is_below_a_micro_newton_metre(kw):
    roots = antagonist.equilibria(**kw)
    assert roots, kw
    for eq in roots:
        assert abs(eq.residual) < 1e-6
        t = antagonist.knee_torques(kw["hip"], eq.knee, **{k: v for k, v in kw.items() if k != "hip"})
        assert abs(t.net) < 1e-6


@pytest.mark.parametrize("kw", SETTINGS)
def test_stability_flag_matches_the_torque_slope(kw):
    for eq in antagonist.equilibria(**kw):
        rest = {k: v for k, v in kw.items() if k != "hip"}
        before = antagonist.knee_torques(kw["hip"], eq.knee - 0.5, **rest).net
        after = antagonist.knee_torques(kw["hip"], eq.knee + 0.5, **rest).net
        # stable: bending further brings an extending torque, straightening a flexing one
        assert eq.stable == (before > 0 > after)
        assert (eq.stiffness > 0) == eq.stable


def test_settle_goes_to_the_nearest_zero_in_the_direction_the_torque_turns():
    eq = antagonist.settle(90.0, start=90.0, quadriceps=0.2, body="supine")
    assert eq.stable and not eq.at_limit
    assert eq.knee < 90.0  # the quadriceps win at 90 degrees and straighten the knee
    assert eq.knee == pytest.approx(antagonist.equilibria(90.0, quadriceps=0.2, body="supine")[0].knee)


def test_an_overpowering_quadriceps_drives_the_knee_to_the_end_of_its_range():
    assert antagonist.equilibria(60.0, quadriceps=1.0, body="supine") == ()
    eq = antagonist.settle(60.0, quadriceps=1.0, body="supine")
    assert eq.at_limit and eq.knee == antagonist.KNEE_RANGE[0]


def test_more_quadriceps_straightens_the_knee_and_lengthens_the_hamstrings():
    knees, lengths = [], []
    start = 90.0
    for q in np.linspace(0.0, 0.4, 9):
        eq = antagonist.settle(90.0, start=start, quadriceps=q, body="supine")
        start = eq.knee
        knees.append(eq.knee)
        lengths.append(leg.muscle_lengths(90.0, eq.knee, 0.0)["semimembranosus"])
    free = np.array(knees) > antagonist.KNEE_RANGE[0]  # until the knee reaches its stop
    assert np.all(np.diff(knees) <= 0) and np.all(np.diff(np.array(knees)[free]) < 0)
    moderate = np.array(knees) <= 120.0  # the relaxed knee first hangs near 150 degrees
    assert np.all(np.diff(np.array(lengths)[moderate & free]) > 0)


@pytest.mark.parametrize("name", antagonist.KNEE_MUSCLES)
def test_calibrated_strains_keep_the_calibrated_models_stretch_from_standing(name):
    """Passive force starts, and reaches Fmax, at the same stretch from standing as in Uhlrich's model."""
    import math

    c, p = antagonist.PASSIVE_CURVES[name], muscle.PARAMETERS[name]
    sin_a = math.sin(p.pennation_angle_at_optimal)
    e0, e1 = antagonist.translated_strains(name)
    lr, lu = p.optimal_fiber_length, c.optimal_fiber_length
    standing_r = math.sqrt((p.normalized_fiber_length_standing * lr) ** 2 - (lr * sin_a) ** 2)
    standing_u = c.standing_length - c.tendon_slack_length
    for ours, theirs in ((e0, c.strain_at_zero_force), (e1, c.strain_at_one_norm_force)):
        stretch_r = math.sqrt(((1 + ours) * lr) ** 2 - (lr * sin_a) ** 2) - standing_r
        stretch_u = math.sqrt(((1 + theirs) * lu) ** 2 - (lu * sin_a) ** 2) - standing_u
        assert stretch_r == pytest.approx(stretch_u, abs=1e-9)
    # where the fibres are longer in the calibrated model, the same stretch is less strain here
    if lu > 1.05 * lr:
        assert e1 - e0 > c.strain_at_one_norm_force - c.strain_at_zero_force


def test_more_hamstring_activation_bends_the_knee():
    knees = [antagonist.settle(90.0, quadriceps=0.3, hamstrings=h, body="supine").knee
             for h in (0.0, 0.1, 0.2)]
    assert knees[0] < knees[1] < knees[2]


# ----------------------------------------------------------------------------- neural coupling


def test_reciprocal_inhibition_lowers_only_the_hamstrings_and_never_below_zero():
    acts = antagonist.effective_activations(quadriceps=0.8, hamstrings=0.5, gastrocnemius=0.2,
                                            inhibition_gain=0.25)
    assert acts == pytest.approx({"quadriceps": 0.8, "hamstrings": 0.3, "gastrocnemius": 0.2})
    assert antagonist.effective_activations(1.0, 0.1, 0.0, 1.0)["hamstrings"] == 0.0


def test_inhibition_removes_active_force_and_leaves_passive_force_alone():
    a = antagonist.knee_torques(90.0, 30.0, quadriceps=0.5, hamstrings=0.2)
    b = antagonist.knee_torques(90.0, 30.0, quadriceps=0.5, hamstrings=0.2, inhibition_gain=0.2)
    assert b.active["hamstrings"] == pytest.approx(a.active["hamstrings"] / 2)
    assert b.passive == a.passive


def test_co_contraction_index():
    assert antagonist.co_contraction_index(90.0, 40.0, quadriceps=0.5) == 0.0
    assert antagonist.co_contraction_index(90.0, 40.0) == 0.0
    t = antagonist.knee_torques(90.0, 40.0, quadriceps=0.3, hamstrings=0.6)
    flex, ext = t.active["hamstrings"], -t.active["quadriceps"]
    cci = antagonist.co_contraction_index(90.0, 40.0, quadriceps=0.3, hamstrings=0.6)
    assert cci == pytest.approx(2 * min(flex, ext) / (flex + ext))
    assert 0 < cci <= 1
    cci = antagonist.co_contraction_index(90.0, np.array([20.0, 60.0]), quadriceps=0.3, hamstrings=0.6)
    assert cci.shape == (2,)


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("argument", ["quadriceps", "hamstrings", "gastrocnemius", "inhibition_gain"])
@pytest.mark.parametrize("value", [-0.1, 1.5, float("nan"), float("inf"), "lots"])
def test_bad_activation_is_a_value_error_naming_it(argument, value):
    with pytest.raises(ValueError, match=argument):
        antagonist.equilibria(90.0, **{argument: value})
    with pytest.raises(ValueError, match=argument):
        antagonist.knee_torques(90.0, 30.0, **{argument: value})


@pytest.mark.parametrize("kw, match", [
    (dict(hip=150.0), "hip"), (dict(hip=float("nan")), "hip"), (dict(ankle=60.0), "ankle"),
    (dict(body="sideways"), "body"), (dict(body=270.0), "body"), (dict(body_mass=0.0), "body_mass"),
    (dict(body_mass=float("nan")), "body_mass"), (dict(tendon="steel"), "tendon"),
    (dict(curves="mine"), "curves"),
])
def test_impossible_settings_are_value_errors_naming_the_argument(kw, match):
    with pytest.raises(ValueError, match=match):
        antagonist.equilibria(**kw)


def test_bad_knee_angles():
    with pytest.raises(ValueError, match="knee"):
        antagonist.knee_torques(90.0, [0.0, 170.0])
    with pytest.raises(ValueError, match="knee"):
        antagonist.settle(90.0, start=-20.0)
    with pytest.raises(ValueError, match="knee"):
        antagonist.knee_state(90.0, float("nan"))
    with pytest.raises(ValueError, match="name"):
        antagonist.passive_force("soleus", 0.3)


# ----------------------------------------------------------------------------- drawings and widget


def test_knee_leg_turns_the_drawing_into_the_world():
    import matplotlib.pyplot as plt

    from hamstrings.antagonist_plots import KneeLeg

    fig, ax = plt.subplots()
    drawing = KneeLeg(ax, body="supine")
    drawing.set_pose(90.0, 0.0, 0.0)
    # lying on the back, hip flexed 90, knee straight: the whole leg points at the ceiling
    turned = drawing.drawing.shank.get_transform() - ax.transData
    knee, ankle = turned.transform(drawing.drawing.shank.get_xydata())
    assert abs(ankle[0] - knee[0]) < 0.03 and ankle[1] > knee[1] + 0.4
    plt.close(fig)


def test_antagonist_explorer_redraws_and_balances():
    pytest.importorskip("ipywidgets")
    from hamstrings.explorers.antagonist import AntagonistExplorer

    explorer = AntagonistExplorer(quadriceps=0.2, hip=90.0)
    first = explorer.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    widths = sum(bar.get_width() for bar in explorer.torques.bars)
    assert abs(widths) < 1e-6  # the drawn torques balance at the equilibrium
    explorer.controls["quadriceps"].value = 0.35
    assert explorer.image.value != first
    assert explorer.knee < 30.0
    assert "hip 90°" in explorer.leg.ax.get_title()
    assert set(explorer.controls) == {"quadriceps", "hamstrings", "inhibition_gain", "hip"}


def test_animations_render_to_html():
    from hamstrings import clinical, knee_dynamics
    from hamstrings.antagonist_plots import ake_animation, kick_animation
    from hamstrings.plotting import animation_html  # the one function for every animation

    ramp = clinical.ake_ramp(np.linspace(0, 0.16, 9))  # steps up to the tolerance are animated
    html = animation_html(ake_animation(ramp, frames=4), "the knee straightens", "step", dpi=30)
    assert 'alt="the knee straightens"' in html and 'aria-label="step"' in html
    assert html.count("data:image/png") == 4
    sim = knee_dynamics.simulate({"quadriceps": 0.2}, t_end=0.2, n_out=11)
    html = animation_html(kick_animation(sim, frames=3), "a kick", "time", dpi=30)
    assert html.count("data:image/png") == 3
    anim = kick_animation(sim, frames=2)
    with pytest.raises(ValueError, match="alt"):
        animation_html(anim, " ", "time")
    animation_html(anim, "a kick", "time", dpi=20)  # render it, so matplotlib does not warn
