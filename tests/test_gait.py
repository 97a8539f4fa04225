"""hamstrings.gait: forward and backward strides, muscles over them, and the gait pictures."""

from __future__ import annotations

import re
import types

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from hamstrings import gait, leg, muscle, plotting, stride_kinds  # noqa: E402

BIB_KEYS = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))


def peak(s, joint, low, high, kind=np.argmax):
    """(angle, phase) of the extremum of ``joint`` between ``low`` and ``high`` % of the stride."""
    window = (s.phase >= low) & (s.phase <= high)
    values = getattr(s, joint)[window]
    i = kind(values)
    return float(values[i]), float(s.phase[window][i])


# --------------------------------------------------------------------------- periodicity


@pytest.mark.parametrize("direction", gait.DIRECTIONS)
@pytest.mark.parametrize("params", [{}, {"speed": 0.8}, {"stance_fraction": 0.66},
                                    {"gait": "jog"}])
def test_a_stride_ends_where_it_starts_with_the_same_velocity(direction, params):
    s = gait.stride(direction, n=201, **params)
    for joint in leg.JOINTS:
        angle, rate = getattr(s, joint), getattr(s, f"{joint}_velocity")
        assert angle[0] == pytest.approx(angle[-1], abs=1e-9), joint
        assert rate[0] == pytest.approx(rate[-1], abs=1e-6), joint
        # across the seam, the central difference of the samples either side is that velocity
        dt = s.time[1] - s.time[0]
        seam = (angle[1] - angle[-2]) / (2 * dt)
        assert seam == pytest.approx(rate[0], abs=0.01 * np.abs(rate).max()), joint


@pytest.mark.parametrize("direction", gait.DIRECTIONS)
def test_velocities_are_the_time_derivatives_of_the_angles(direction):
    s = gait.stride(direction, n=4001)
    for joint in leg.JOINTS:
        numeric = np.gradient(getattr(s, joint), s.time)
        np.testing.assert_allclose(getattr(s, f"{joint}_velocity")[1:-1], numeric[1:-1], atol=0.2)


# --------------------------------------------------------------------------- published events


def test_forward_key_events_lie_inside_the_published_ranges():
    s = gait.stride("forward", n=1001)
    knee, at = peak(s, "knee", 60, 90)
    assert 55 <= knee <= 65 and 68 <= at <= 76  # peak swing knee flexion
    assert 58 <= s.toe_off <= 64
    hip_ext, at = peak(s, "hip", 40, 65, np.argmin)
    assert -15 <= hip_ext <= -5 and 50 <= at <= 57
    hip_flex, at = peak(s, "hip", 70, 100)
    assert 30 <= hip_flex <= 40 and 83 <= at <= 92
    knee_stance, at = peak(s, "knee", 0, 30)
    assert 15 <= knee_stance <= 20 and 8 <= at <= 17
    ankle_pf, at = peak(s, "ankle", 50, 75, np.argmin)
    assert -20 <= ankle_pf <= -12 and 58 <= at <= 67
    assert 1.2 <= s.speed <= 1.4 and 105 <= s.cadence <= 120 and 1.3 <= s.stride_length <= 1.5


def test_the_fit_passes_inside_every_published_range():
    rows = gait.fit_residuals()
    assert len(rows) == len(gait.EVENTS)
    bad = [r for r in rows if not r["inside"]]
    assert not bad, bad


def test_leave_one_out_predicts_in_between_hip_events_but_not_lone_peaks():
    rows = {(r["joint"], r["event"]): r for r in gait.leave_one_out()}
    assert rows["hip", "mid stance"]["inside"]
    assert rows["hip", "mid swing"]["inside"]
    # a peak that only one event describes cannot be predicted from the others
    assert not rows["knee", "peak swing flexion"]["inside"]


def test_every_event_and_parameter_cites_a_reference_in_the_bibliography():
    for e in gait.EVENTS:
        assert any(key in e.source for key in BIB_KEYS), e
    for p in gait.PARAMETERS.values():
        assert p.kind in {"published", "approximate", "illustrative"}
        cited = any(key in p.source for key in BIB_KEYS)
        if p.kind == "illustrative":
            assert "illustrative" in p.source.lower(), p  # says so where it is used
        else:
            assert cited, p
    for row in gait.ACTIVITY_TABLE:
        assert any(key in row["source"] for key in BIB_KEYS), row


# --------------------------------------------------------------------------- backward


def test_backward_without_departures_is_exact_time_reversal():
    forward = gait.stride("forward", n=101)
    backward = gait.stride("backward", n=101, departures=False)
    assert backward.stance_fraction == forward.stance_fraction
    assert backward.speed == pytest.approx(forward.speed)
    beta = int(round(forward.toe_off))  # 60: a sample of the 1 % grid
    # backward sample i is forward sample (beta - i) mod 100
    index = np.mod(beta - np.arange(101), 100)
    for joint in leg.JOINTS:
        np.testing.assert_allclose(getattr(backward, joint), getattr(forward, joint)[index],
                                   atol=1e-9)
        np.testing.assert_allclose(getattr(backward, f"{joint}_velocity"),
                                   -getattr(forward, f"{joint}_velocity")[index], atol=1e-9)


def test_backward_starts_on_the_toes_and_ends_stance_at_the_forward_heel_contact_pose():
    forward = gait.stride("forward", n=101)
    backward = gait.stride("backward", n=101, departures=False)
    i_toe_off = int(round(forward.toe_off))
    assert backward.ankle[0] == pytest.approx(forward.ankle[i_toe_off])
    assert backward.ankle[0] < -10  # plantarflexed: landing on the forefoot
    j = int(round(backward.toe_off))
    assert backward.hip[j] == pytest.approx(forward.hip[0])


def test_each_departure_does_what_its_name_says():
    pure = gait.stride("backward", departures=False)
    shorter = gait.stride("backward", departures=False, shorter_stride=True)
    assert shorter.stride_length < pure.stride_length
    assert shorter.cadence == pytest.approx(pure.cadence)  # Laufer 2005: cadence unchanged
    assert shorter.speed < pure.speed
    assert np.ptp(shorter.hip) < np.ptp(pure.hip)
    swing = gait.stride("backward", departures=False, shorter_swing=True)
    assert swing.toe_off > pure.toe_off
    ankle = gait.stride("backward", departures=False, ankle_departure=True)
    assert ankle.ankle.max() > pure.ankle.max() + 3
    np.testing.assert_allclose(ankle.hip, pure.hip)
    full = gait.stride("backward")
    assert dict(full.departures) == {k: True for k in gait.DEPARTURES}


def test_explicit_values_beat_the_departures_defaults():
    s = gait.stride("backward", stride_length=1.4, cadence=112.5, stance_fraction=0.6)
    assert s.stride_length == pytest.approx(1.4) and s.toe_off == pytest.approx(60.0)


# --------------------------------------------------------------------------- parameters


def test_speed_cadence_and_stride_length_stay_consistent():
    for params in ({"speed": 1.0}, {"cadence": 100}, {"stride_length": 1.2},
                   {"speed": 1.0, "cadence": 100}, {"speed": 1.0, "stride_length": 1.2},
                   {"cadence": 100, "stride_length": 1.2}):
        s = gait.stride(**params)
        assert s.speed == pytest.approx(s.stride_length * s.cadence / 120.0)
        for k, v in params.items():
            assert getattr(s, k) == pytest.approx(v)
        assert s.duration == pytest.approx(120.0 / s.cadence)
        assert s.time[-1] == pytest.approx(s.duration)


def test_a_longer_stride_swings_the_hip_further():
    short, long = gait.stride(stride_length=1.1), gait.stride(stride_length=1.7)
    assert np.ptp(long.hip) / np.ptp(short.hip) == pytest.approx(1.7 / 1.1, rel=1e-6)
    np.testing.assert_allclose(long.knee, short.knee)


def test_stance_fraction_moves_toe_off_and_the_knee_peak():
    early, late = gait.stride(stance_fraction=0.56), gait.stride(stance_fraction=0.66)
    assert early.toe_off == pytest.approx(56.0) and late.toe_off == pytest.approx(66.0)
    assert peak(late, "knee", 55, 95)[1] > peak(early, "knee", 55, 95)[1]


def test_jogging_is_a_labelled_approximation_with_larger_excursions_and_shorter_stance():
    walk, jog = gait.stride(), gait.stride(gait="jog")
    assert jog.approximate and not walk.approximate and "approximation" in jog.label
    assert jog.toe_off < 50 < walk.toe_off
    assert np.ptp(jog.hip) > np.ptp(walk.hip) and jog.knee.max() > walk.knee.max() + 20
    assert jog.speed > 2.0


@pytest.mark.parametrize("n", [3, 101, 1000])
def test_shapes(n):
    s = gait.stride("backward", n=n)
    for name in ("phase", "hip", "knee", "ankle", "hip_velocity", "knee_velocity",
                 "ankle_velocity", "time"):
        assert getattr(s, name).shape == (n,)
    assert s.phase[0] == 0.0 and s.phase[-1] == 100.0
    traces = gait.muscles(s)
    for table in (traces.length, traces.change, traces.velocity, traces.velocity_norm,
                  traces.fiber_length):
        assert set(table) == set(leg.MUSCLES)
        assert all(v.shape == (n,) for v in table.values())


@pytest.mark.parametrize("call, name", [
    (lambda: gait.stride("sideways"), "kind"),
    (lambda: gait.stride(n=2), "n"),
    (lambda: gait.stride(n=10.5), "n"),
    (lambda: gait.stride(speed=5.0), "speed"),
    (lambda: gait.stride(speed=float("nan")), "speed"),
    (lambda: gait.stride(cadence="fast"), "cadence"),
    (lambda: gait.stride(stride_length=0.1), "stride_length"),
    (lambda: gait.stride(stance_fraction=0.9), "stance_fraction"),
    (lambda: gait.stride(speed=1.3, cadence=100, stride_length=1.4), "disagree"),
    (lambda: gait.stride(gait="hop"), "gait"),
    (lambda: gait.stride(sped=1.0), "sped"),
    (lambda: gait.stride("forward", departures=False), "backward"),
    (lambda: gait.stride("backward", shorter_swing="yes"), "shorter_swing"),
    (lambda: gait.stride(speed=2.1, cadence=61), "stride_length"),
])
def test_bad_input_is_a_value_error_that_names_it(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_a_new_stride_kind_plugs_into_stride_and_activity_through_the_registry(monkeypatch):
    registry = dict(stride_kinds.STRIDE_KINDS)  # leave the real registry as it was
    monkeypatch.setattr(stride_kinds, "_KINDS", registry)
    for module in (stride_kinds, gait):
        monkeypatch.setattr(module, "STRIDE_KINDS", types.MappingProxyType(registry))
    calls = []

    def make(n, speed=1.0):
        calls.append((n, speed))
        return gait.stride("forward", n=n, speed=speed)

    def windows(stance_fraction):
        return {"soleus": [(10.0, 20.0 if stance_fraction is None else 100 * stance_fraction)]}

    gait.register_stride_kind("shuffle", make, parameters=("speed",), description="a test kind",
                              activity=windows)
    kinds = list(gait.STRIDE_KINDS)  # other modules may have registered theirs (a sprint, say)
    assert kinds[:2] == ["forward", "backward"] and kinds[-1] == "shuffle"
    s = gait.stride("shuffle", n=7, speed=0.9)
    assert calls == [(7, 0.9)] and s.phase.size == 7 and s.speed == pytest.approx(0.9)
    with pytest.raises(ValueError, match="cadence"):  # refused before the maker is called
        gait.stride("shuffle", cadence=100)
    with pytest.raises(ValueError, match="n must"):
        gait.stride("shuffle", n=2)
    assert len(calls) == 1
    # the same registry gives activity windows: the kind's own, or an error if it has none
    assert gait.activity("shuffle") == {"soleus": [(10.0, 20.0)]}
    assert gait.activity("shuffle", 0.3) == {"soleus": [(10.0, 30.0)]}
    assert gait.activity("forward") == gait.STRIDE_KINDS["forward"].activity(None)
    gait.register_stride_kind("hop", make)
    with pytest.raises(ValueError, match="'hop' is a stride kind without activity windows"):
        gait.activity("hop")
    with pytest.raises(ValueError, match="already"):
        gait.register_stride_kind("forward", make)
    with pytest.raises(ValueError, match="name"):
        gait.register_stride_kind("two words", make)
    with pytest.raises(ValueError, match="make"):
        gait.register_stride_kind("skip", "not callable")
    with pytest.raises(ValueError, match="activity"):
        gait.register_stride_kind("skip", make, activity="not callable")
    with pytest.raises(ValueError, match=r"kind must be one of 'forward', 'backward'.*\(got 'crawl'\)"):
        gait.stride("crawl")


# --------------------------------------------------------------------------- muscles


def test_muscle_lengths_follow_the_leg_model_and_velocity_is_their_derivative():
    s = gait.stride("forward", n=2001)
    traces = gait.muscles(s)
    lengths = leg.muscle_lengths(s.hip, s.knee, s.ankle)
    for m in leg.MUSCLES:
        np.testing.assert_allclose(traces.length[m], lengths[m])
        numeric = np.gradient(traces.length[m], s.time)
        np.testing.assert_allclose(traces.velocity[m][1:-1], numeric[1:-1], atol=2e-4)
        np.testing.assert_allclose(traces.velocity_norm[m],
                                   traces.velocity[m] / muscle.PARAMETERS[m].optimal_fiber_length)
    change = plotting.length_change(s.hip, s.knee, s.ankle)
    np.testing.assert_allclose(traces.change["semimembranosus"], change["semimembranosus"])


def test_forward_hamstrings_are_longest_late_in_swing_and_lengthen_through_swing():
    traces = gait.muscles(gait.stride("forward"))
    top = traces.peak("semimembranosus")
    assert 85 <= top["phase"] <= 100 and top["change"] > 0
    lengthening = traces.phases("semimembranosus")["lengthening"]
    assert any(a <= 70 and b >= 90 for a, b in lengthening)


def test_pure_reversal_keeps_the_peak_and_time_above_and_flips_when_a_muscle_lengthens():
    f = gait.muscles(gait.stride("forward"))
    b = gait.muscles(gait.stride("backward", departures=False))
    for m in leg.MUSCLES:
        assert b.peak(m)["change"] == pytest.approx(f.peak(m)["change"])
        assert b.time_above(m, 2.0)["fraction"] == pytest.approx(f.time_above(m, 2.0)["fraction"])
        np.testing.assert_allclose(np.sort(b.velocity[m][:-1]), np.sort(-f.velocity[m][:-1]),
                                   atol=1e-12)  # one cycle: the last sample repeats the first
    # in backward walking the hamstrings lengthen in stance
    lengthening = b.phases("semimembranosus")["lengthening"]
    longest = max(lengthening, key=lambda r: (r[1] - r[0]) % 100)
    assert (longest[1] - longest[0]) % 100 > 40 and longest[1] <= b.stride.toe_off + 3


def test_the_shorter_backward_stride_stretches_the_hamstrings_less():
    pure = gait.muscles(gait.stride("backward", departures=False))
    full = gait.muscles(gait.stride("backward"))
    assert full.peak("semimembranosus")["change"] < pure.peak("semimembranosus")["change"]


def test_time_above_and_phases_check_their_arguments():
    traces = gait.muscles(gait.stride())
    assert traces.time_above("semimembranosus", -100)["fraction"] == 1.0
    assert traces.time_above("semimembranosus", 99)["fraction"] == 0.0
    assert traces.time_above("soleus", 0)["seconds"] == pytest.approx(
        traces.time_above("soleus", 0)["fraction"] * traces.stride.duration)
    with pytest.raises(ValueError, match="muscle"):
        traces.peak("hamstring")
    with pytest.raises(ValueError, match="threshold"):
        traces.time_above("soleus", float("nan"))
    with pytest.raises(ValueError, match="Stride"):
        gait.muscles({"hip": 0})


def test_intervals_join_across_the_end_of_the_cycle():
    phase = np.linspace(0, 100, 11)
    mask = np.array([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1], bool)
    assert gait.intervals(phase, mask) == [(80.0, 10.0), (40.0, 50.0)]
    assert gait.intervals(phase, np.ones(11, bool)) == [(0.0, 100.0)]
    assert gait.intervals(phase, np.zeros(11, bool)) == []


# --------------------------------------------------------------------------- activity, C3, C6


def test_forward_activity_table_is_perrys_and_backward_is_reversed_with_changes():
    forward = gait.activity("forward")
    assert forward["semimembranosus"] == [(80.0, 10.0)]
    assert forward["rectus_femoris"] == [(55.0, 65.0)]
    backward = gait.activity("backward", stance_fraction=0.6)
    # reversal: t = 60 - s, so the hamstrings' 80 -> 10 % becomes 50 -> 80 %
    assert backward["semimembranosus"] == [(50.0, 80.0)]
    assert (90.0, 25.0) in backward["vastus_lateralis"]  # added: the landing
    assert backward["soleus"] == [(0.0, 40.0)]  # replaced: activity at landing
    pure = gait.activity("backward", stance_fraction=0.6, changes=False)
    assert pure["soleus"] == [(10.0, 50.0)] and pure["vastus_lateralis"] == [(40.0, 65.0)]
    with pytest.raises(ValueError, match="direction"):
        gait.activity("up")


def test_quadriceps_polarity_reverses_between_forward_and_backward_walking():
    """Winter, Pluck & Yang (1989): power polarity reverses. Here: the sign of the velocity
    while active, for rectus femoris, whose window is pure reversal."""
    f = gait.work_polarity(gait.muscles(gait.stride("forward")), "rectus_femoris")
    b = gait.work_polarity(gait.muscles(gait.stride("backward", departures=False)),
                           "rectus_femoris")
    assert f["lengthening"] > 0.8 and b["shortening"] > 0.8
    vf = gait.work_polarity(gait.muscles(gait.stride("forward")), "vastus_lateralis")
    vb = gait.work_polarity(gait.muscles(gait.stride("backward")), "vastus_lateralis")
    assert vb["excursion_shortening"] > 3 * vf["excursion_shortening"]


def test_quadriceps_are_active_while_the_hamstrings_lengthen_more_in_backward_walking():
    f = gait.muscles(gait.stride("forward"))
    b = gait.muscles(gait.stride("backward"))
    share_f = gait.active_while_lengthening(f, "semimembranosus", leg.QUADRICEPS)
    share_b = gait.active_while_lengthening(b, "semimembranosus", leg.QUADRICEPS)
    assert 0.0 <= share_f < share_b <= 1.0


# --------------------------------------------------------------------------- pictures


def test_shading_and_key_phases_draw():
    s = gait.stride("backward")
    fig, axes = plt.subplots(1, 4)
    from hamstrings import gait_plots

    drawings = gait_plots.draw_key_phases(axes[:3], s, [0, 30, 80])
    x, _ = drawings[1].thigh.get_data()
    i = 30
    knee = leg.pose(s.hip[i], s.knee[i], s.ankle[i])["joints"]["knee"]
    assert x[1] == pytest.approx(knee[0])
    artists = gait_plots.shade_stride(axes[3], s, "vastus_lateralis")
    assert len(artists) >= 3  # swing, plus the two activity windows (one wraps)
    plt.close(fig)


def test_animation_has_one_frame_per_requested_phase_and_renders_html():
    from hamstrings import gait_plots

    anim = gait_plots.StrideAnimation(gait.stride(), frames=4, dpi=30)
    assert len(anim.indices) == 4 and anim.indices[0] == 0 and anim.indices[-1] < 100
    html = anim.to_jshtml()
    assert html.count("data:image/png;base64") == 4  # one embedded frame per phase
    assert re.search(r'<img id="_anim_img\w+" alt="Animation of one stride of forward walking', html)
    assert 'aria-label="Moment of the stride shown"' in html
    with pytest.raises(ValueError, match="frames"):
        gait_plots.StrideAnimation(gait.stride(), frames=1)


def test_stride_explorer_updates_its_picture():
    pytest.importorskip("ipywidgets")
    from hamstrings.explorers.stride import StrideExplorer

    explorer = StrideExplorer(direction="forward", speed=1.3)
    first = explorer.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    explorer.controls["phase"].value = 50.0
    second = explorer.image.value
    assert second != first
    explorer.controls["direction"].value = "backward"
    assert explorer.stride.direction == "backward"
    x, y = explorer.line.get_data()
    np.testing.assert_allclose(y, gait.muscles(explorer.stride).change["semimembranosus"])
    explorer.controls["departures"].value = False
    assert not any(explorer.stride.departures.values())
    explorer.controls["muscle"].value = "soleus"
    assert "soleus" in explorer.ax.get_title()


def test_backward_running_costs_are_cited_evidence():
    import re

    from conftest import ROOT

    bib = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))
    assert set(gait.BACKWARD_RUNNING) == {"metabolic_cost_excess_3ms",
                                          "active_muscle_per_force_excess_3ms",
                                          "metabolic_cost_excess_gradients"}
    for value, unit, source in gait.BACKWARD_RUNNING.values():
        assert value > 0 and unit == "%" and source.split(":")[0] in bib


def test_backward_reversal_windows_say_they_are_an_assumption_against_grasso():
    for row in gait.ACTIVITY_TABLE:
        if row["direction"] == "backward" and row["basis"] == "reversal":
            assert "assumption" in row["source"] and "grasso1998" in row["source"]


def test_stance_foot_speed_is_a_share_of_walking_speed_and_checks_its_window():
    forward = gait.stride("forward")
    v = gait.stance_foot_speed(forward)
    # the planted foot moves back, at most of the walking speed (the pelvis supplies the rest)
    assert 0.6 * forward.speed < v < forward.speed
    # the same straight-line fit, written out: ankle x against time over foot flat
    flat = (forward.phase >= 10) & (forward.phase <= 40)
    x = [leg.pose(h, k, a)["joints"]["ankle"][0]
         for h, k, a in zip(forward.hip[flat], forward.knee[flat], forward.ankle[flat])]
    assert v == pytest.approx(-np.polyfit(forward.time[flat], x, 1)[0])
    # faster walking moves the foot back faster
    assert gait.stance_foot_speed(gait.stride(speed=1.6)) > gait.stance_foot_speed(
        gait.stride(speed=1.0))
    for bad in ((40, 10), (-5, 30), (10, 120), "ab", (20.0, 20.4)):
        with pytest.raises(ValueError, match="window"):
            gait.stance_foot_speed(forward, window=bad)


def test_gait_is_the_face_of_the_walking_modules():
    """Every public name of the walking modules is importable from gait, except gait_events'
    fitting machinery (what the README's layout table and gait's docstring promise)."""
    from hamstrings import activity, gait_answers, gait_events

    machinery = {"value", "retime", "fit", "coefficients", "evaluate", "nearest_extremum",
                 "peak_dorsiflexion_phase"}
    for module in (gait_events, stride_kinds, activity, gait_answers):
        missing = set(module.__all__) - set(gait.__all__) - (machinery if module is gait_events else set())
        assert not missing, (module.__name__, missing)
        for name in set(module.__all__) & set(gait.__all__):
            assert getattr(gait, name) is getattr(module, name), name
