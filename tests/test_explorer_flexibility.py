"""The sitting-and-flexibility explorer: the page's data against the model, input checks,
the "why nothing moves" line, and the live explorer."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from hamstrings import clinical, gait, postures
from hamstrings import flexibility as fx
from hamstrings.explorers import flexibility as explorer
from hamstrings.explorers import page


@pytest.fixture(scope="module")
def html():
    return explorer.page_explorer().to_html()


@pytest.fixture(scope="module")
def tables(html):
    """The page's inline CSV tables, by their header."""
    spec = json.loads(html.split('class="hs-explorer-spec">')[1].split("</script>")[0]
                      .replace("<\\/", "</"))
    found = {}
    for values in spec["datasets"].values():
        if isinstance(values, str):
            rows = list(csv.DictReader(io.StringIO(values)))
            header = ",".join(rows[0])
            if header == "key,hours":  # two tables: sitting h|posture|muscle|bin, share|muscle|bin
                header += f"/{rows[0]['key'].count('|') + 1}"
            found[header] = rows
    return found


def _unpack(text: str, n: int) -> np.ndarray:
    steps = np.zeros(n)
    values = [int(v) for v in text.split()]
    steps[:len(values)] = values
    return np.cumsum(steps) / 10.0


def _index(control_name: str, value) -> int:
    return next(c for c in explorer.CONTROLS if c.name == control_name).values.index(value)


def test_the_page_grid_is_the_issues_grid():
    by_name = {c.name: c for c in explorer.CONTROLS}
    assert by_name["sitting_hours"].values == tuple(range(17))
    assert by_name["sitting_posture"].values == tuple(postures.SITTING)
    assert by_name["sitting_posture"].labels == tuple(postures.get(p).label for p in postures.SITTING)
    assert {0, 10, 25, 50} <= set(by_name["backward_percent"].values)
    assert 0 in by_name["sessions_per_week"].values and len(by_name["sessions_per_week"].values) >= 3
    assert explorer.MAX_WEEKS >= 52
    for c in explorer.CONTROLS:
        assert "_" not in c.label and (c.labels is None or all("_" not in x for x in c.labels))


def test_page_data_equal_the_model_at_grid_points(tables):
    """A seeded sample of the full grid (every control, backward share included)."""
    data = explorer.page_data()
    states = {r["key"]: r["id"] for r in tables["key,id"]}
    series = {r["id"]: r for r in tables[f"id,{page.READOUT_FIELD},slr,slr_lo,slr_hi,ake,ake_lo,ake_hi"]}
    still = {r["key"]: float(r["hours"]) for r in tables["key,hours/4"]}
    walking = {r["key"]: float(r["hours"]) for r in tables["key,hours/3"]}
    grid = page.grid(explorer.CONTROLS)
    rng = np.random.default_rng(0)
    n_weeks = explorer.MAX_WEEKS + 1
    for i in rng.choice(len(grid), 25, replace=False):
        state = grid[i]
        model = explorer.compute(**state)
        key = "|".join(str(_index(c.name, state[c.name])) for c in data.keyed)
        row = series[states[key]]
        assert row[page.READOUT_FIELD] == explorer.readout(**state)
        r = model.result
        for name, values in zip(("slr", "slr_lo", "slr_hi", "ake", "ake_lo", "ake_hi"),
                                (r.slr, *r.slr_band, r.ake, *r.ake_band)):
            assert _unpack(row[name], n_weeks) == pytest.approx(values[::7], abs=0.051), name
        h, p, b = (_index(n, state[n]) for n in ("sitting_hours", "sitting_posture", "backward_percent"))
        for m_index, m in enumerate(explorer._EXPOSED):
            shown = [still.get(f"{h}|{p}|{m_index}|{k}", 0.0) + walking.get(f"{b}|{m_index}|{k}", 0.0)
                     for k in range(len(model.exposure.edges) - 1)]
            assert np.array(shown) == pytest.approx(model.exposure.hours[m], abs=0.011), m


def test_the_notes_and_the_day_on_the_page_are_the_packages(tables):
    notes = tables["key,note"]
    shares = next(c for c in explorer.CONTROLS if c.name == "backward_percent").values
    assert [r["note"] for r in notes] == [explorer.backward_note(s) for s in shares]
    rest = tables["key,rest"]
    walking = fx.typical_day().hours["walking_forward"]
    for hours, row in zip(range(17), rest):
        day = explorer.compute(sitting_hours=hours).day
        assert row["rest"] == (f"{day.hours['supine']:g} h asleep, {day.hours['standing']:g} h "
                               f"standing, {walking:g} h walking")
        assert sum(day.hours.values()) == pytest.approx(24.0)


def test_each_distinct_run_is_stored_once_and_the_axes_hold_them_all(tables):
    rows = tables[f"id,{page.READOUT_FIELD},slr,slr_lo,slr_hi,ake,ake_lo,ake_hi"]
    packed = [tuple(r[k] for k in r if k != "id") for r in rows]
    assert len(set(packed)) == len(packed)
    data = explorer.page_data()
    n = explorer.MAX_WEEKS + 1
    slr = np.concatenate([_unpack(r[k], n) for r in rows for k in ("slr", "slr_lo", "slr_hi")])
    ake = np.concatenate([_unpack(r[k], n) for r in rows for k in ("ake", "ake_lo", "ake_hi")])
    assert data.slr_domain[0] <= slr.min() and slr.max() <= data.slr_domain[1]
    assert data.ake_domain[0] <= ake.min() and ake.max() <= data.ake_domain[1]
    assert len(tables["key,id"]) == np.prod([len(c.values) for c in data.keyed])


def test_the_backward_share_moves_nothing_and_the_note_says_why_in_numbers():
    low = explorer.compute(12, "slumped_sitting", 0, 3, 60)
    high = explorer.compute(12, "slumped_sitting", 50, 3, 60)
    assert np.array_equal(low.result.slr, high.result.slr)
    assert np.array_equal(low.result.slr_band, high.result.slr_band)
    assert not np.array_equal(low.exposure.hours["semimembranosus"],
                              high.exposure.hours["semimembranosus"])  # the bars do move
    s = gait.stride("backward")
    peak = 100 * np.max(clinical.hamstring_tension(s.hip, s.knee)) / clinical.tolerated_tension()
    theta = fx.PARAMETERS["intensity_threshold"]
    note = explorer.backward_note(50)
    assert f"{60 * 0.5 * fx.typical_day().hours['walking_forward']:.0f} min a day" in note
    assert f"{peak:.1f} % of the tolerated tension" in note
    assert f"{100 * theta.value:.0f} % stretch threshold" in note
    assert f"sampled {100 * theta.low:.0f}-{100 * theta.high:.0f} %" in note
    assert "no effect in this model" in note
    # a stiffer person tolerates less tension: the same walk is a larger share of it
    assert explorer.backward_stimulus(50, start_slr=50).peak > explorer.backward_stimulus(50).peak


def test_a_stimulus_above_the_threshold_is_not_called_inert(monkeypatch):
    monkeypatch.setattr(explorer, "_walk_peaks", lambda torque: {"forward": 3.0, "backward": 45.0})
    b = explorer.backward_stimulus(20)
    assert not b.inert and "counts as a stretch" in explorer.backward_note(20)


def test_sixteen_hours_of_sitting_cost_an_hour_of_sleep():
    day = explorer.compute(sitting_hours=16).day
    assert day.hours["supine"] == pytest.approx(24 - 16 - 1) and day.hours["standing"] == 0


@pytest.mark.parametrize("kwargs, word", [
    (dict(sitting_hours=23.5), "sitting_hours"),
    (dict(sitting_hours=-1), "sitting_hours"),
    (dict(sitting_posture="sofa"), "sitting_posture"),
    (dict(backward_percent=120), "backward_percent"),
    (dict(sessions_per_week=8), "sessions_per_week"),
    (dict(hold_s=-5), "hold_s"),
    (dict(weeks=0), "weeks"),
    (dict(start_slr=20), "start_slr"),
    (dict(start_slr=float("nan")), "start_slr"),
])
def test_bad_input_names_the_argument_and_its_range(kwargs, word):
    with pytest.raises(ValueError, match=rf"{word} must be (.*\[|one of)"):
        explorer.compute(**kwargs)


@pytest.mark.parametrize("kwargs, word", [
    (dict(sitting_hours=3.5), "sitting_hours must be one of"),
    (dict(sitting_posture="sofa"), "sitting_posture must be one of"),
    (dict(backward_percent=12), "backward_percent must be one of"),
])
def test_page_explorer_refuses_a_start_off_its_grid(kwargs, word):
    with pytest.raises(ValueError, match=word):
        explorer.page_explorer(**kwargs)


def test_the_page_explorer_is_small_and_labelled(html):
    assert len(html) <= 500_000
    assert 'data-explorer="flexibility"' in html and "backward-walking hamstring tension" in html


def test_the_live_explorer_uses_compute_and_shows_the_readout_and_the_note():
    import matplotlib

    matplotlib.use("Agg")
    live = explorer.FlexibilityExplorer(weeks=12)
    assert set(live.controls) >= {"sitting_hours", "sitting_posture", "backward_share",
                                  "sessions_per_week", "hold_s", "weeks"}
    first = live.image.value
    assert live.title.get_text() == explorer.readout(weeks=12)
    live.controls["backward_share"].value = 0.5
    assert live.image.value != first
    assert live.note.get_text() == explorer.backward_note(50)
    live.controls["sessions_per_week"].value = 5
    assert live.title.get_text() == explorer.readout(backward_percent=50, sessions_per_week=5,
                                                     weeks=12)
    assert live.fig is live.renderer.fig
