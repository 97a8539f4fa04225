"""hamstrings.running: the sprint stride, the hamstrings' length, velocity, force and work in it."""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import ROOT
from hamstrings import gait, gait_events, leg, running

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))


@pytest.fixture(scope="module")
def sprint():
    return gait.stride("sprint", n=1001)


@pytest.fixture(scope="module")
def summary():
    return running.summary()


# --------------------------------------------------------------------------- data


def test_every_row_of_the_sprint_tables_cites_the_bibliography():
    for e in running.EVENTS:
        assert any(k in e.source for k in BIB_KEYS), e
    for p in running.PARAMETERS.values():
        assert p.kind in {"published", "approximate", "method"}, p
        assert p.kind == "method" or any(k in p.source for k in BIB_KEYS), p
    for row in running.ACTIVITY_TABLE:
        assert any(k in row["source"] for k in BIB_KEYS), row
        assert 0.0 < row["level"] <= 1.0
    for row in running.PUBLISHED:
        assert row["study"] in BIB_KEYS and row["study"] in row["source"], row
    for row in running.PREVENTION.values():
        assert row["study"] in BIB_KEYS and row["study"] in row["source"], row


def test_event_ranges_are_ordered_and_hold_their_value():
    for e in running.EVENTS:
        if e.angle_range:
            assert e.angle_range[0] <= e.angle <= e.angle_range[1], e
        if e.phase_range:
            assert e.phase_range[0] <= e.phase <= e.phase_range[1], e


# --------------------------------------------------------------------------- the stride


def test_gait_stride_sprint_is_the_running_stride_with_walking_fields():
    s = gait.stride("sprint", n=101)
    r = running.stride("sprint", n=101)
    assert isinstance(s, gait.Stride)
    np.testing.assert_array_equal(s.knee, r.knee)
    assert s.phase[0] == 0.0 and s.phase[-1] == 100.0 and s.phase.size == 101
    assert s.time[-1] == pytest.approx(s.duration)
    assert s.toe_off == pytest.approx(100 * running.PARAMETERS["sprint_stance_fraction"].value)
    assert s.speed == pytest.approx(s.stride_length * s.cadence / 120.0)
    assert s.label.startswith("sprinting")


def test_every_key_event_is_inside_its_cited_range():
    rows = running.event_check()
    assert len(rows) == len(running.EVENTS)
    bad = [r for r in rows if not r["inside"]]
    assert not bad, bad


def test_moving_toe_off_to_either_end_of_its_range_bends_at_most_one_event():
    # re-timing stretches stance or swing; the fit then misses at most one event's range
    for beta in running.STANCE_RANGE:
        rows = running.event_check(running.stride("sprint", 2001, beta))
        assert sum(not r["inside"] for r in rows) <= 1, [r for r in rows if not r["inside"]]


def test_the_stride_is_periodic_in_angle_and_velocity(sprint):
    for j in leg.JOINTS:
        assert getattr(sprint, j)[0] == pytest.approx(getattr(sprint, j)[-1], abs=1e-9)
        v = getattr(sprint, f"{j}_velocity")
        assert v[0] == pytest.approx(v[-1], abs=1e-6)


def test_velocities_are_the_derivative_of_the_angles(sprint):
    for j in leg.JOINTS:
        numeric = np.gradient(getattr(sprint, j), sprint.time)
        v = getattr(sprint, f"{j}_velocity")
        assert np.max(np.abs(numeric[5:-5] - v[5:-5])) < 0.01 * np.max(np.abs(v))


def test_sprint_moves_the_joints_further_than_walking(sprint):
    walk = gait.stride("forward", n=1001)
    assert sprint.knee.max() > walk.knee.max() + 30
    assert sprint.hip.max() > walk.hip.max() + 25
    assert sprint.stance_fraction < 0.5 < walk.stance_fraction


@pytest.mark.parametrize("kwargs, argument", [
    ({"kind": "jog"}, "kind"),
    ({"n": 2}, "n"),
    ({"n": 10.0}, "n"),
    ({"n": True}, "n"),
    ({"stance_fraction": 0.6}, "stance_fraction"),
    ({"stance_fraction": float("nan")}, "stance_fraction"),
    ({"stance_fraction": "quarter"}, "stance_fraction"),
])
def test_bad_input_is_rejected_naming_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        running.stride(**kwargs)


def test_gait_stride_passes_sprint_arguments_through_and_rejects_walking_ones():
    assert gait.stride("sprint", stance_fraction=0.24).toe_off == pytest.approx(24.0)
    with pytest.raises(ValueError, match="speed"):
        gait.stride("sprint", speed=8.0)


def test_the_shared_fit_refuses_bad_input():
    with pytest.raises(ValueError, match="events"):
        gait_events.fit([], 0.3, running.PARAMETERS["sprint_stance_fraction"].value)
    with pytest.raises(ValueError, match="derivative"):
        gait_events.evaluate(np.zeros(17), 0.5, derivative=3)


# --------------------------------------------------------------------------- muscles


def test_gait_muscles_works_unchanged_on_the_sprint(sprint):
    t = gait.muscles(sprint)
    assert set(t.length) == set(leg.MUSCLES)
    assert t.peak("biceps_femoris_long")["change"] > gait.muscles(gait.stride()).peak(
        "biceps_femoris_long")["change"]


def test_biceps_femoris_long_head_is_longest_in_late_swing(summary, sprint):
    late = sprint.toe_off + 0.5 * (100 - sprint.toe_off)
    for m in running.HAMSTRINGS:
        assert late <= summary[m].peak_phase <= 100.0, summary[m]
    bflh = summary["biceps_femoris_long"]
    assert bflh.peak_change == max(x.peak_change for x in summary.values())


def test_force_peaks_in_terminal_swing_and_negative_work_there_is_negative(summary, sprint):
    mask = running.terminal_swing(sprint)
    start = sprint.phase[mask][0]
    for m in running.HAMSTRINGS:
        assert summary[m].negative_work < 0.0
        assert start <= summary[m].peak_force_phase <= 100.0
    work_stance = running.negative_work(sprint, mask=sprint.stance)
    for m in running.HAMSTRINGS:
        assert abs(work_stance[m]) < abs(summary[m].negative_work)


def test_forces_are_finite_and_never_push_over_a_walking_stride():
    s = gait.stride("forward", n=101)
    f = running.forces(s)
    for m in running.HAMSTRINGS:
        assert np.all(f[m] >= 0.0)
        assert np.all(np.isfinite(f[m]))


def test_power_is_negative_where_an_active_hamstring_lengthens(sprint):
    t = gait.muscles(sprint)
    f = running.forces(sprint, t)
    p = running.power(sprint, t, f)
    for m in running.HAMSTRINGS:
        lengthening = (t.velocity[m] > 1e-3) & (f[m] > 1.0)
        assert lengthening.any()
        assert np.all(p[m][lengthening] < 0.0)


def test_activation_follows_the_windows(sprint):
    a = running.activation(sprint)
    i = int(np.argmin(np.abs(sprint.phase - 90)))
    assert a["biceps_femoris_long"][i] == 1.0
    j = int(np.argmin(np.abs(sprint.phase - 40)))
    assert a["biceps_femoris_long"][j] == 0.0
    with pytest.raises(ValueError, match="Stride"):
        running.activation("sprint")


def test_sprint_activity_shades_in_gait_plots(sprint):
    windows = gait.activity("sprint")
    assert windows == running.activity()
    assert windows["biceps_femoris_long"]
    on = gait.active(sprint)
    assert on["semitendinosus"][int(np.argmin(np.abs(sprint.phase - 90)))]


# --------------------------------------------------------------------------- fascicles


@pytest.mark.parametrize("direction", ["forward", "backward", "sprint"])
def test_the_elastic_tendon_takes_part_of_the_stretch(direction):
    s = gait.stride(direction, n=201)
    share = running.fascicle_share(s)
    for m, x in share.items():
        assert 0.3 < x["share"] < 1.0, (m, x)
        assert x["fibre_peak"] < x["fibre_peak_rigid"]
        assert x["tendon_stretch"] > 0


def test_sprint_stretches_fibres_more_than_walking():
    walk = running.fascicle_share(gait.stride("forward", n=201))
    sprint = running.fascicle_share(gait.stride("sprint", n=201))
    for m in running.HAMSTRINGS:
        assert sprint[m]["fibre"] > walk[m]["fibre"]
        assert sprint[m]["tendon_stretch"] > walk[m]["tendon_stretch"]
    with pytest.raises(ValueError, match="active"):
        running.fascicle_share(gait.stride("sprint", n=21), active="yes")


# --------------------------------------------------------------------------- validation


def test_comparison_covers_every_published_row_and_says_where_it_disagrees():
    rows = running.comparison()
    assert len(rows) == len(running.PUBLISHED)
    by = {(r["study"], r["muscle"], r["quantity"]): r for r in rows}
    # the rankings of Schache et al. 2012 hold in the model
    assert by["schache2012", "biceps_femoris_long", "largest peak strain"]["agrees"]
    assert by["schache2012", "semimembranosus", "largest peak force"]["agrees"]
    # the model stretches the hamstrings more than Thelen et al. 2005 estimated: stated, not tuned
    for m in running.HAMSTRINGS:
        row = by["thelen2005", m, "peak length change"]
        assert not row["agrees"]
        assert float(row["model"].split()[0]) > float(row["published"].split()[0])


def test_stretch_scale_puts_walking_backwards_between_the_nordic_and_the_sprint():
    scale = running.stretch_scale()
    assert scale["nordic"] <= scale["backward walking"] < scale["forward walking"] < scale["sprinting"]
    with pytest.raises(ValueError, match="knee"):
        running.nordic_lengths(120.0)
    with pytest.raises(ValueError, match="m must"):
        running.stretch_scale("soleus")


def test_nordic_demand_peaks_with_the_knee_straight_where_capacity_is_near_its_largest():
    knee = np.linspace(0.0, 90.0, 91)
    t = running.nordic_torque(knee)
    assert t["demand_share"][0] == pytest.approx(1.0) and t["demand_share"][-1] == pytest.approx(0.0)
    assert np.all(np.diff(t["demand_share"]) < 0)
    assert np.all(t["capacity"] > 0)
    # the hamstrings are strongest at the knee with the hip straight, not bent to 90 degrees
    assert t["capacity"][:30].max() > 2 * t["capacity"][-1]
    with pytest.raises(ValueError, match="knee"):
        running.nordic_torque(-5.0)


def test_nordic_demand_has_its_size_from_winters_body():
    knee = np.linspace(0.0, 90.0, 91)
    demand = running.nordic_demand(knee)
    # largest with the knee straight (body horizontal), none kneeling upright, falling between
    assert demand[0] == pytest.approx(demand.max()) and demand[-1] == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.diff(demand) < 0)
    # by hand, 75 kg: thighs 2 x 0.100 and HAT 0.678 of body mass = 65.85 kg; thigh 0.4089 m
    # (leg model), height 0.4089 / (0.530 - 0.285) = 1.669 m, HAT 0.288 x 1.669 = 0.4806 m;
    # centre of mass from the knee (15 x 0.567 x 0.4089 + 50.85 x (0.4089 + 0.626 x 0.4806))
    # / 65.85 = 0.6009 m; per knee at 30 deg of knee flexion (lean 60 deg from vertical):
    by_hand = 0.5 * 65.85 * 9.80665 * 0.6009 * np.sin(np.radians(60.0))
    assert float(running.nordic_demand(30.0)) == pytest.approx(by_hand, rel=2e-3)
    # twice the mass, twice the demand
    assert float(running.nordic_demand(30.0, body_mass=150.0)) == pytest.approx(2 * by_hand, rel=2e-3)
    for bad in (-1.0, 91.0, float("nan")):
        with pytest.raises(ValueError, match="knee"):
            running.nordic_demand(bad)
    with pytest.raises(ValueError, match="body_mass"):
        running.nordic_demand(30.0, body_mass=-5.0)


def test_nordic_break_point_is_where_demand_first_exceeds_capacity():
    bp = running.nordic_break_point()
    assert 0.0 < bp < 90.0
    above = np.linspace(bp + 0.5, 90.0, 50)
    assert np.all(running.nordic_demand(above) <= running.nordic_torque(above)["capacity"])
    assert float(running.nordic_demand(bp - 0.5)) > float(running.nordic_torque(bp - 0.5)["capacity"])
    # a lighter body asks less, so it holds the lean further down
    assert running.nordic_break_point(body_mass=50.0) < bp
