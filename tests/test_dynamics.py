"""Forward dynamics of the shank-foot about the knee (hamstrings.knee_dynamics)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from hamstrings import antagonist, knee_dynamics as kd


@pytest.fixture(scope="module")
def swing():
    s = kd.LEG_SWING
    return kd.simulate(s["excitations"], t_end=s["t_end"], muscles=s["muscles"], method="DOP853",
                       rtol=1e-12, atol=1e-12, n_out=2001, **s["start"])


# ----------------------------------------------------------------------------- the derivation


def test_kanes_equation_is_newton_euler_about_the_knee():
    eq = kd.equations()
    S = eq.symbols
    inertia_about_knee = S["I"] + S["m"] * (S["cx"] ** 2 + S["cy"] ** 2)
    gravity = S["m"] * S["g"] * (S["cx"] * sp.cos(S["phi"] - S["q"]) - S["cy"] * sp.sin(S["phi"] - S["q"]))
    expected = (S["T"] - S["b"] * S["u"] + gravity) / inertia_about_knee
    assert sp.simplify(eq.udot - expected) == 0
    assert sp.simplify(eq.mass_matrix[0] - inertia_about_knee) == 0


def test_the_gravity_term_is_the_statics_modules_gravity_torque():
    eq = kd.equations()
    sf = antagonist.shank_foot()
    for hip, knee, body in ((90.0, 40.0, "upright"), (90.0, 70.0, "supine"), (0.0, 20.0, "upright")):
        phi = math.radians(antagonist.body_angle(body) + hip)
        udot = eq.udot_f(math.radians(knee), 0.0, 0.0, 0.0, sf.mass, sf.inertia, *sf.com,
                         antagonist.STANDARD_GRAVITY, phi)
        inertia = sf.inertia + sf.mass * (sf.com[0] ** 2 + sf.com[1] ** 2)
        assert udot * inertia == pytest.approx(float(antagonist.gravity_torque(hip, knee, body=body)))


def test_the_simulations_code_is_the_derivations_numbers_exactly():
    """angular_acceleration and mechanical_energy are the lambdified derivation, digit for digit."""
    eq = kd.equations()
    S = eq.symbols
    udot_f = sp.lambdify([S[k] for k in ("q", "u", "T", "b", "m", "I", "cx", "cy", "g", "phi")],
                         eq.udot, "math")
    energy_f = sp.lambdify([S[k] for k in ("q", "u", "m", "I", "cx", "cy", "g", "phi")], eq.energy,
                           "numpy")
    assert eq.udot_f is kd.angular_acceleration and eq.energy_f is kd.mechanical_energy
    rng = np.random.default_rng(3)
    for _ in range(200):
        q, u, T, b = rng.uniform(-1, 3), rng.uniform(-10, 10), rng.uniform(-50, 50), rng.uniform(0, 1)
        m, I, cx, cy, phi = rng.uniform(1, 8), rng.uniform(0.01, 0.2), *rng.uniform(-0.3, 0.3, 2), rng.uniform(-3, 3)
        assert kd.angular_acceleration(q, u, T, b, m, I, cx, cy, 9.8, phi) == udot_f(
            q, u, T, b, m, I, cx, cy, 9.8, phi)
    qs, us = rng.uniform(-1, 3, 50), rng.uniform(-10, 10, 50)
    np.testing.assert_array_equal(kd.mechanical_energy(qs, us, 4.0, 0.07, 0.01, -0.25, 9.8, 0.5),
                                  energy_f(qs, us, 4.0, 0.07, 0.01, -0.25, 9.8, 0.5))


def test_activation_rate_is_sympys_first_order_activation_exactly():
    from sympy.physics.biomechanics import FirstOrderActivationDeGroote2016

    for group in antagonist.GROUPS:
        model = FirstOrderActivationDeGroote2016.with_defaults(group)
        e, a = sp.symbols("e a")
        rate = sp.lambdify([e, a], model.rhs()[0].xreplace({model.input_vars[0]: e,
                                                             model.state_vars[0]: a}), "math")
        for ei in np.linspace(0, 1, 11):
            for ai in np.linspace(0, 1, 11):
                assert kd.activation_rate(ei, ai, group) == rate(ei, ai)


# ----------------------------------------------------------------------------- energy


def test_energy_is_conserved_without_muscles_and_damping(swing):
    assert swing.status == "completed"
    assert swing.t[-1] == pytest.approx(5.0)
    drift = np.max(np.abs(swing.energy - swing.energy[0])) / np.max(np.abs(swing.energy))
    assert drift < 1e-6
    assert np.ptp(swing.knee) > 60  # it really swings


def test_damping_takes_energy_out():
    s = kd.LEG_SWING
    sim = kd.simulate(s["excitations"], t_end=2.0, muscles=False, damping=0.5, **s["start"])
    assert np.all(np.diff(sim.energy) <= 1e-9)
    assert sim.energy[-1] < sim.energy[0] - 1.0


def test_small_swings_have_the_pendulum_period():
    sf = antagonist.shank_foot()
    d = math.hypot(*sf.com)
    inertia = sf.inertia + sf.mass * d**2
    expected = 2 * math.pi * math.sqrt(inertia / (sf.mass * antagonist.STANDARD_GRAVITY * d))
    # hanging below a vertical thigh, the rest angle is where the centre of mass is below the knee
    rest = math.degrees(math.atan2(sf.com[0], -sf.com[1]))
    sim = kd.simulate(knee=rest + 2.0, hip=0.0, muscles=False, t_end=3 * expected, n_out=3001,
                      rtol=1e-10, atol=1e-12)
    x = sim.knee - rest
    up = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    period = np.mean(np.diff(sim.t[up]))
    assert period == pytest.approx(expected, rel=1e-3)


# ----------------------------------------------------------------------------- muscles


def test_activation_follows_excitation_with_de_grootes_time_constants():
    sim = kd.simulate({"quadriceps": kd.Burst(0.0, 0.2, 1.0)}, t_end=0.5, knee=90.0, hip=90.0,
                      n_out=501, activations={"quadriceps": 0.0}, muscles=False)
    a = sim.activations["quadriceps"]
    t = sim.t
    assert a[np.searchsorted(t, 0.1)] > 0.95          # switched on within ~5 time constants of 15 ms
    assert a[np.searchsorted(t, 0.25)] > 0.1          # switching off is slower (60 ms)
    assert a[-1] < 0.05
    assert kd.activation_rate(1.0, 0.0) > kd.activation_rate(0.0, 1.0) * -1  # on faster than off


def test_held_activations_settle_at_the_static_equilibrium():
    """Dynamics and statics agree: with friction, the leg comes to rest where the torques balance."""
    acts = {"quadriceps": 0.1}
    sim = kd.simulate(acts, t_end=4.0, knee=90.0, hip=90.0, damping=3.0, activations=acts)
    eq = antagonist.settle(90.0, start=90.0, quadriceps=0.1, body="upright")
    assert sim.knee[-1] == pytest.approx(eq.knee, abs=0.2)
    assert abs(sim.knee_velocity[-1]) < 1.0


def test_a_quadriceps_burst_kicks_and_a_hamstring_burst_brakes():
    k = kd.SEATED_KICK
    sim = kd.simulate(k["excitations"], t_end=k["t_end"], **k["start"])
    assert sim.status == "completed"
    assert sim.knee.min() < 30.0                         # the kick straightens the knee
    after = sim.t > 1.5
    assert np.ptp(sim.knee[after]) < 15.0                # and the swing has been reined in
    hams = sim.excitations["hamstrings"]
    assert hams[np.searchsorted(sim.t, 0.2)] == pytest.approx(0.4)
    unbraked = kd.simulate({"quadriceps": k["excitations"]["quadriceps"]}, t_end=1.0, **k["start"])
    assert unbraked.knee.min() < sim.knee.min() - 3.0   # without the brake it straightens further


def test_leaving_the_knees_range_stops_the_simulation():
    sim = kd.simulate({"quadriceps": 1.0}, t_end=1.0, knee=90.0, hip=90.0)
    assert sim.status.startswith("stopped")
    assert sim.t[-1] < 1.0


def test_inhibition_lowers_the_hamstring_excitation():
    sim = kd.simulate({"quadriceps": 0.5, "hamstrings": 0.3}, inhibition_gain=0.4, t_end=0.05,
                      n_out=6)
    np.testing.assert_allclose(sim.excitations["hamstrings"], 0.1)


def test_constant_drives_need_no_step_limit_and_bursts_keep_one():
    """With constant excitations nothing changes suddenly: the default takes no step limit and
    agrees with a run held to BURST_STEP to well under a thousandth of a degree. A burst
    shorter than the steps the solver would take is seen only with the limit, which the
    default keeps for excitations that are functions of time."""
    for drive in ({}, {"quadriceps": 0.3}, {"quadriceps": 0.1, "hamstrings": 0.2}):
        free = kd.simulate(drive, t_end=1.0)
        held = kd.simulate(drive, t_end=1.0, max_step=kd.BURST_STEP)
        assert np.abs(free.knee - held.knee).max() < 1e-3
        assert free.settings["max_step"] == math.inf and held.settings["max_step"] == kd.BURST_STEP
    blip = {"quadriceps": kd.Burst(0.7, 0.005, 1.0)}  # after 0.7 s of a smooth swing
    seen = kd.simulate(blip, t_end=1.0, muscles=False)
    assert seen.settings["max_step"] == kd.BURST_STEP
    assert seen.activations["quadriceps"].max() > 0.3
    missed = kd.simulate(blip, t_end=1.0, muscles=False, max_step=1.0)
    assert missed.activations["quadriceps"].max() == 0.0


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("kw, match", [
    (dict(excitations={"quadriceps": 1.5}), "quadriceps"),
    (dict(excitations={"quadriceps": float("nan")}), "quadriceps"),
    (dict(excitations={"hamstrings": lambda t: float("nan")}), "hamstrings"),
    (dict(excitations={"biceps": 0.2}), "excitations key"),
    (dict(t_end=0.0), "t_end"), (dict(damping=-1.0), "damping"), (dict(hip=200.0), "hip"),
    (dict(knee=170.0), "knee"), (dict(body="upside down"), "body"),
    (dict(inhibition_gain=2.0), "inhibition_gain"), (dict(max_step=0.0), "max_step"),
    (dict(activations={"quadriceps": -0.1}), "quadriceps"),
])
def test_bad_input_is_a_value_error_naming_the_argument(kw, match):
    with pytest.raises(ValueError, match=match):
        kd.simulate(**{"t_end": 0.05, **kw})


@pytest.mark.parametrize("args, match", [
    ((-1.0, 0.1, 0.5), "start"), ((0.0, 0.0, 0.5), "duration"), ((0.0, 0.1, 1.2), "level"),
    ((0.0, float("nan"), 0.5), "duration"),
])
def test_bad_bursts(args, match):
    with pytest.raises(ValueError, match=match):
        kd.Burst.checked(*args)
    with pytest.raises(ValueError, match=match):  # a burst is checked however it is made
        kd.Burst(*args)
