"""The flexibility model: calibration reproduced, monotonic dose, steady habits, seeds, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hamstrings import clinical, flexibility as fx, gait, postures

H, S = fx.HABITUAL, fx.STRETCH_DEFAULT


def gain(result, day):
    return float(result.slr[day] - result.slr[0])


def test_six_weeks_of_stretching_raise_the_slr_by_8_to_16_degrees():
    r = fx.simulate(S, 6)
    assert 8.0 <= gain(r, 42) <= 16.0
    assert r.ake[42] < r.ake[0]  # the same tolerance also shrinks the knee-extension deficit


def test_four_weeks_of_stopping_lose_most_of_the_gain():
    r = fx.simulate([(6, S), (4, H)])
    assert gain(r, 70) < 0.5 * gain(r, 42)
    assert gain(r, 70) > 0.0  # not all of it (cipriani2012, konrad2025)


def test_three_sessions_a_week_maintain_the_gain_and_one_does_not():
    kept = {}
    for n in (3, 1):
        maintenance = fx.typical_day(stretch_sessions_per_week=n, stretch_hold_s=60)
        r = fx.simulate([(6, S), (6, maintenance)])
        kept[n] = gain(r, 84) / gain(r, 42)
    assert kept[3] >= 0.75
    assert kept[1] <= 0.6
    assert kept[3] > kept[1] + 0.2


def test_gain_levels_off_by_weeks_four_to_five():
    r = fx.simulate(S, 6)
    assert gain(r, 28) >= 0.75 * gain(r, 42)


def test_calibration_reproduces_the_table():
    fitted = fx.calibrate()
    for name, value in fitted.items():
        assert math.isclose(value, fx.PARAMETERS[name].value, rel_tol=0.02), name


@pytest.mark.parametrize("sessions", [1, 2, 3, 5, 7])
def test_more_stretching_never_lowers_the_gain(sessions):
    for hold in (30, 60, 120):
        less = fx.simulate(fx.typical_day(stretch_sessions_per_week=sessions, stretch_hold_s=hold), 8)
        more_hold = fx.simulate(fx.typical_day(stretch_sessions_per_week=sessions,
                                               stretch_hold_s=hold + 30), 8)
        assert np.all(more_hold.slr >= less.slr - 1e-9)
        if sessions < 7:
            more_days = fx.simulate(fx.typical_day(stretch_sessions_per_week=sessions + 1,
                                                   stretch_hold_s=hold), 8)
            assert more_days.slr[-1] >= less.slr[-1] - 1e-9


def test_unchanged_habits_keep_flexibility_steady():
    r = fx.simulate(H, 52, samples=20)
    assert np.allclose(r.slr, r.slr[0]) and np.allclose(r.ake, r.ake[0])
    assert np.allclose(r.slr_band, r.slr[0])
    assert r.slr[0] == pytest.approx(clinical.straight_leg_raise(), abs=0.05)
    assert r.ake[0] == pytest.approx(clinical.active_knee_extension_deficit(), abs=0.05)


def test_stopping_decays_back_toward_the_start():
    r = fx.simulate([(6, S), (40, H)])
    assert gain(r, r.day[-1]) < 0.05 * gain(r, 42)


def test_same_seed_same_band_and_another_seed_differs():
    a = fx.simulate(S, 12, samples=50, seed=3)
    b = fx.simulate(S, 12, samples=50, seed=3)
    c = fx.simulate(S, 12, samples=50, seed=4)
    assert np.array_equal(a.slr_band, b.slr_band)
    assert not np.array_equal(a.slr_band, c.slr_band)
    assert np.array_equal(a.slr, c.slr)  # the nominal line does not depend on the seed
    assert a.slr_band.shape == (2, 85)
    assert np.all(a.slr_band[0] <= a.slr_band[1])
    assert a.slr_band[1, -1] - a.slr_band[0, -1] > 1.0  # a real band, not a line


def test_backward_walking_is_no_stretch_stimulus_in_the_model():
    # its hamstring tension is a few per cent of what a stretch reaches, below any threshold
    assert fx.stretch_intensity("walking_backward", threshold=0.0) < fx.stretch_intensity(
        "walking_forward", threshold=0.0) < 0.05
    gains, band = fx.dose_response([0.0, 0.1, 0.25], weeks=12, samples=10)
    assert np.allclose(gains, 0.0) and np.allclose(band, 0.0)


def test_near_continuous_exposure_changes_structure_and_ordinary_days_do_not():
    ordinary = fx.simulate(fx.typical_day(sitting_hours=12), 26)
    assert np.allclose(ordinary.structural, 0.0)
    cast_like = fx.simulate(fx.typical_day(sitting_hours=16, sleep_hours=6,
                                           sitting_posture="tucked_sitting"), 26)
    assert cast_like.structural[-1] != 0.0
    # upright-type sitting keeps the two-joint hamstrings longer: structure lengthens them
    assert cast_like.structural[-1] > 0.0 and cast_like.slr[-1] > cast_like.slr[0]


def test_exposure_hours_add_up_and_follow_the_postures():
    e = fx.exposure(H, muscles=["semimembranosus", "iliacus"])
    for m in e.hours:
        assert e.hours[m].sum() == pytest.approx(24.0)
    assert e.mean["iliacus"] < 100.0 - 5  # hip flexors short in sitting
    assert e.mean["semimembranosus"] > 100.0


def test_a_stiffer_starting_person_starts_lower():
    r = fx.simulate(H, 1, person={"tolerated_torque": fx.tolerance_for_slr(61.0)})
    assert r.slr[0] == pytest.approx(61.0, abs=0.1)


@pytest.mark.parametrize("hours, field", [
    ({"standing": 23.0}, "sum to 24"),
    ({"standing": 25.0, "supine": -1.0}, "hours\\['standing'\\]"),
    ({"standing": float("nan"), "supine": 24.0}, "hours\\['standing'\\]"),
    ({"handstand": 24.0}, "unknown posture 'handstand'"),
])
def test_bad_hours_are_value_errors_naming_the_field(hours, field):
    with pytest.raises(ValueError, match=field):
        fx.simulate({"hours": hours}, 1)


@pytest.mark.parametrize("kwargs, field", [
    ({"stretch_sessions_per_week": -1}, "stretch_sessions_per_week"),
    ({"stretch_sessions_per_week": 8}, "stretch_sessions_per_week"),
    ({"stretch_hold_s": -30}, "stretch_hold_s"),
    ({"stretch_hold_s": float("nan")}, "stretch_hold_s"),
])
def test_bad_stretching_is_a_value_error(kwargs, field):
    with pytest.raises(ValueError, match=field):
        fx.Day({"standing": 24.0}, **kwargs)


def test_other_bad_arguments():
    with pytest.raises(ValueError, match="weeks"):
        fx.simulate(H, -1)
    with pytest.raises(ValueError, match="weeks"):
        fx.simulate(H)
    with pytest.raises(ValueError, match="seed"):
        fx.simulate(H, 1, seed=-2)
    with pytest.raises(ValueError, match="samples"):
        fx.simulate(H, 1, samples=5000)
    with pytest.raises(ValueError, match="person: unknown field"):
        fx.simulate(H, 1, person={"slr": 60})
    with pytest.raises(ValueError, match="tolerated_torque"):
        fx.simulate(H, 1, person={"tolerated_torque": 500.0})
    with pytest.raises(ValueError, match="backward_share"):
        fx.typical_day(backward_share=1.5)
    with pytest.raises(ValueError, match="sitting_hours"):
        fx.typical_day(sitting_hours=20)
    with pytest.raises(ValueError, match="sitting_posture"):
        fx.typical_day(sitting_posture="standing")


def test_parameters_have_sources_and_ordered_ranges():
    for p in fx.PARAMETERS.values():
        assert p.low <= p.value <= p.high, p.name
        assert p.source.strip() and p.kind in {"calibrated", "measured", "assumption"}
    roles = {t.role for t in fx.TARGETS.values()}
    assert roles == {"calibration", "check"}


@pytest.mark.parametrize("row", [0, 40, 80])
def test_the_sampled_fits_reproduce_their_targets(row):
    fit = fx.FITS[row]
    fitted = {p: fit[p] for p in ("gain_rate", "gain_max", "detraining_days", "dose_hold_s")}
    r = fx.simulate([(6, S), (4, H)], parameters=fitted)  # the calibration trials' programme
    gain = float(r.slr[42] - r.slr[0])
    kept = float(r.slr[70] - r.slr[0]) / gain
    if fit["gain_max"] < 0.95:  # fits at or near the bound of the ceiling are compromises
        assert gain == pytest.approx(fit["slr_gain_6wk"], abs=0.3)
        assert kept == pytest.approx(fit["retained_4wk"], abs=0.03)
    assert len(fx.FITS) == 81
    for p in ("gain_rate", "gain_max", "detraining_days"):
        assert fx.PARAMETERS[p].low <= fit[p] <= fx.PARAMETERS[p].high


def test_the_explorer_moves_its_artists_and_renders_a_new_png():
    import matplotlib

    matplotlib.use("Agg")
    from hamstrings.explorers.flexibility import FlexibilityExplorer

    explorer = FlexibilityExplorer(weeks=12)
    first = explorer.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    line = explorer.slr_line
    explorer.update(sessions_per_week=5, hold_s=60, weeks=12)
    assert explorer.slr_line is line  # the same artist, moved, not a new figure
    assert line.get_ydata()[-1] > line.get_ydata()[0] + 5
    assert explorer.image.value != first
    result, exp = explorer.compute(sessions_per_week=5, weeks=12)
    assert result.slr_band is not None and set(exp.hours) == {"semimembranosus", "iliacus"}


def test_a_parameter_override_is_used_in_the_nominal_run_and_every_sampled_set():
    day = fx.typical_day(sitting_hours=16, sleep_hours=6)
    high = fx.PARAMETERS["continuity_threshold"].high
    r = fx.simulate(day, 52, samples=50, seed=0, parameters={"continuity_threshold": high})
    # 16 of 24 hours (0.67) is below a threshold of 0.75: no structural change anywhere
    assert gain(r, -1) == pytest.approx(0.0, abs=1e-9)
    assert np.allclose(r.slr_band, r.slr[0])
    assert gain(fx.simulate(day, 52), -1) > 5.0  # the nominal threshold (0.5) lets it count
    same = fx.simulate(day, 52, parameters={"continuity_threshold": fx.PARAMETERS["continuity_threshold"].value})
    assert np.array_equal(same.slr, fx.simulate(day, 52).slr)


@pytest.mark.parametrize("bad", [{"no_such_parameter": 1.0}, {"continuity_threshold": 0.9},
                                 {"continuity_threshold": 0.1}, {"gain_max": float("nan")},
                                 {"structural_days": "14"}, ["continuity_threshold"]])
def test_bad_parameter_overrides_are_rejected(bad):
    with pytest.raises(ValueError, match="parameters"):
        fx.simulate(H, 1, parameters=bad)


# ----------------------------------------------------------------------------- issue 15 (science review)


def test_backward_trials_are_a_cited_validation_set_never_fitted():
    import re

    from conftest import ROOT

    bib = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "references.bib").read_text()))
    assert {"whitley2011", "ijpot_backward_walking", "ijes_backward_sprints", "dufek2011"} <= set(
        fx.BACKWARD_TRIALS)
    for key, trial in fx.BACKWARD_TRIALS.items():
        assert trial.source.split(":")[0] == key and key in bib
        assert key not in fx.TARGETS  # validation, not calibration
    ijpot = fx.BACKWARD_TRIALS["ijpot_backward_walking"]
    assert "pre-test post-test" in ijpot.design and ijpot.comparison_gain > ijpot.backward_gain
    assert not fx.BACKWARD_TRIALS["dufek2011"].measures_hamstrings


def test_backward_dose_is_zero_across_the_whole_threshold_range_and_only_because_of_it():
    theta = fx.PARAMETERS["intensity_threshold"]
    shares = [0.0, 0.25]
    for t in (theta.low, theta.value, theta.high):
        gains, _ = fx.dose_response(shares, weeks=4, parameters={"intensity_threshold": t})
        assert np.all(np.abs(gains) < 1e-9), t
    # the zero comes from the threshold: with none, walking of either kind is a (tiny) stimulus
    assert fx.stretch_intensity("walking_backward", threshold=theta.low) == 0.0
    assert 0.0 < fx.stretch_intensity("walking_backward", threshold=0.0) < fx.stretch_intensity(
        "walking_forward", threshold=0.0)


def test_reid_and_freitas_checks_are_not_fitted():
    for name in ("ake_gain_reid_group1", "ake_gain_reid_group2", "bf_fascicle_gain_8wk"):
        assert fx.TARGETS[name].role == "check"


def test_the_generated_clinical_tables_equal_a_fresh_computation(tmp_path):
    """The model reads the clinical tests from a generated module; they must be the clinical model's."""
    fresh = fx.compute_clinical_tables()
    stored = fx.clinical_tables()
    for name, a, b in zip(fx.ClinicalTables._fields, fresh, stored):
        np.testing.assert_allclose(b, a, rtol=1e-9, atol=0, err_msg=f"{name}: run python -m hamstrings.flexibility")
    assert stored.t0 == clinical.person()["tolerated_torque"]
    assert np.all(np.diff(stored.torque) > 0) and np.all(np.diff(stored.slr) > 0)
    # a more tolerant person extends the knee further, until the knee is straight (deficit 0)
    assert np.all(np.diff(stored.ake) <= 0) and np.all(np.diff(stored.ake)[stored.ake[:-1] > 0] < 0)
    text = fx.write_clinical_tables(tmp_path / "tables.py")
    assert text == (tmp_path / "tables.py").read_text()
    assert f"T0 = {stored.t0!r}" in text and text.count("\n    ") == 4 * stored.torque.size


def test_activity_tension_is_the_hamstrings_tension_over_the_activity():
    """A walk: one value per stride sample, the clinical model's tension on that stride; a
    posture: its one value. Read-only, because every day of a simulation shares it."""
    s = gait.stride("backward")
    walk = fx.activity_tension("walking_backward")
    np.testing.assert_array_equal(walk, clinical.hamstring_tension(s.hip, s.knee))
    p = postures.get("long_sitting")
    assert fx.activity_tension("long_sitting").tolist() == [float(clinical.hamstring_tension(p.hip, p.knee))]
    assert not walk.flags.writeable
    with pytest.raises(ValueError, match="activity must be one of"):
        fx.activity_tension("jogging")
