"""The stride explorer: the page's precomputed data equal the package's model, and the live
explorer draws what compute() returns."""

import random

import numpy as np
import pytest
from conftest import page_tables

from hamstrings import gait, leg
from hamstrings.explorers import page, posture, stride


@pytest.fixture(scope="module")
def explorer():
    return stride.page_explorer()


@pytest.fixture(scope="module")
def tables(explorer):
    return page_tables(explorer)


def _table(tables, *columns):
    (rows,) = [rows for key, rows in tables.items() if key[-len(columns):] == columns]
    return rows


def _stride_key(row):
    return row["direction"], float(row["speed"]), row["departures"] == "true"


def _numbers(text):
    return np.array([float(v) for v in text.split()])


def test_grid_covers_what_the_issue_asks():
    names = [c.name for c in stride.CONTROLS]
    assert names == ["direction", "speed", "phase", "muscle", "departures"]
    direction, speed, phase, muscle, departures = stride.CONTROLS
    assert set(direction.values) == {"forward", "backward"}
    assert len(speed.values) >= 3
    lo, hi = gait.PARAMETER_RANGES["walk"]["speed"]
    assert all(lo <= v <= hi for v in speed.values)
    assert phase.values[0] == 0 and phase.values[-1] == 100
    assert max(np.diff(phase.values)) <= 2
    assert departures.values == (False, True)
    # every muscle, listed by its display name, never an identifier
    assert muscle.values == leg.MUSCLES
    assert all("_" not in label for label in muscle.labels)
    assert muscle.labels[muscle.values.index("biceps_femoris_long")] == "biceps femoris long head"


def test_every_setting_of_the_grid_is_on_the_page_once(tables):
    states = _table(tables, "phase", "pose", "head")
    keys = [(*_stride_key(r), float(r["phase"])) for r in states]
    assert len(keys) == len(set(keys))
    # forward strides once per speed (departures apply to backward walking only)
    speeds, phases = stride.CONTROLS[1].values, stride.CONTROLS[2].values
    assert len(states) == 3 * len(speeds) * len(phases)
    assert {k[2] for k in keys if k[0] == "forward"} == {False}
    # identical poses are stored once, and every pose is used
    poses = _table(tables, "pose", "xs", "ys", "ch")
    assert {int(r["pose"]) for r in states} == {int(r["pose"]) for r in poses}
    assert len({(r["xs"], r["ys"], r["ch"]) for r in poses}) == len(poses) < len(states)


def test_every_readout_on_the_page_equals_readout(tables):
    """The chart composes its line of text from the state's head and the pose's change text
    (as the specification's expression does); it must equal readout() for every setting."""
    states = {(*_stride_key(r), float(r["phase"])): r
              for r in _table(tables, "phase", "pose", "head")}
    poses = {r["pose"]: r["ch"].split() for r in _table(tables, "pose", "xs", "ys", "ch")}
    for setting in page.grid(stride.CONTROLS):
        d, v, p, m, dep = (setting[k] for k in ("direction", "speed", "phase", "muscle",
                                                   "departures"))
        row = states[(d, v, dep if d == "backward" else False, float(p))]
        k = leg.MUSCLES.index(m)
        shown = f"{row['head']}: {stride.NAMES[k]} {poses[row['pose']][k]} % of its standing length"
        assert shown == stride.readout(**setting)


def test_readout_names_the_setting_and_the_value():
    state = stride.compute("backward", 1.2, 40, "semimembranosus", True)
    text = stride.readout("backward", 1.2, 40, "semimembranosus", True)
    assert text == (f"backward, 1.2 m/s, departures on, 40 % (stance): semimembranosus "
                    f"{state.value:+.1f} % of its standing length")
    # a change that rounds to zero is written +0.0, never -0.0
    assert page.signed(-0.04) == "+0.0" and page.signed(-0.05001) == "-0.1"
    assert page.signed(0.04) == "+0.0" and page.signed(3.14) == "+3.1"
    assert stride.readout("backward", 1.2, 90, "psoas", False).startswith(
        "backward, 1.2 m/s, departures off, 90 % (swing): psoas ")
    # a forward stride has no departures: the switch does not enter its readout
    assert (stride.readout("forward", 0.8, 20, "soleus", True)
            == stride.readout("forward", 0.8, 20, "soleus", False))
    assert "departures" not in stride.readout("forward", 0.8, 20, "soleus", True)


def test_page_poses_equal_the_model_at_sampled_settings(tables):
    states = {(*_stride_key(r), float(r["phase"])): r
              for r in _table(tables, "phase", "pose", "head")}
    poses = {r["pose"]: r for r in _table(tables, "pose", "xs", "ys", "ch")}
    items = (*leg.MUSCLES, *posture.BONES)
    rng = random.Random(11)
    for setting in rng.sample(page.grid(stride.CONTROLS), 60):
        state = stride.compute(**setting)
        d, dep = setting["direction"], setting["departures"]
        row = states[(d, setting["speed"], dep if d == "backward" else False, setting["phase"])]
        assert row["head"] == state.head
        pose = poses[row["pose"]]
        assert np.allclose([float(c) for c in pose["ch"].split()],
                           [state.change[m] for m in leg.MUSCLES], atol=0.05 + 1e-9)
        assert "-0.0" not in pose["ch"].split()
        for name, xs, ys in zip(items, pose["xs"].split("|"), pose["ys"].split("|")):
            drawn = np.column_stack([_numbers(xs), _numbers(ys)]) / 1000.0
            path = state.paths[name]
            # ends where the model's path ends and corners on it, to the mm (x and y rounded)
            np.testing.assert_allclose(drawn[[0, -1]], path[[0, -1]], atol=0.0005 + 1e-9)
            gaps = np.min(np.hypot(*(drawn[:, None, :] - path[None, :, :]).T), axis=0)
            assert gaps.max() <= 0.0005 * np.sqrt(2) + 1e-9, name


def test_page_traces_limits_and_shading_equal_the_model(tables):
    traces = {(*_stride_key(r), int(r["m"])): _numbers(r["ys"])
              for r in _table(tables, "m", "ys")}
    limits = {(*_stride_key(r), int(r["m"])): (float(r["lo"]), float(r["hi"]))
              for r in _table(tables, "m", "lo", "hi")}
    toe = {_stride_key(r): float(r["toe"]) for r in _table(tables, "toe")}
    windows = {}
    for r in _table(tables, "m", "x0", "x1"):
        key = (*_stride_key(r), int(r["m"]))
        windows.setdefault(key, []).append((float(r["x0"]), float(r["x1"])))
    direction, speed, _, muscle, departures = stride.CONTROLS
    count = 0
    for d in direction.values:
        for v in speed.values:
            for dep in departures.values:
                stored = dep if d == "backward" else False
                for k, m in enumerate(muscle.values):
                    state = stride.compute(d, v, 0, m, dep)
                    np.testing.assert_array_equal(state.stride.phase, np.arange(101.0))
                    np.testing.assert_allclose(traces[(d, v, stored, k)],
                                               state.traces.change[m], atol=0.051)
                    # the dashed comparison is the other direction's stored trace
                    other = "forward" if d == "backward" else "backward"
                    np.testing.assert_allclose(
                        traces[(other, v, dep if other == "backward" else False, k)],
                        state.other.change[m], atol=0.051)
                    np.testing.assert_allclose(limits[(d, v, dep, k)], state.ylim, atol=0.0051)
                    pieces = [w for a, b in state.windows
                              for w in ([(a, b)] if a <= b else [(a, 100.0), (0.0, b)])]
                    np.testing.assert_allclose(sorted(windows.get((d, v, stored, k), [])),
                                               sorted(pieces), atol=0.0051)
                    count += 1
                assert toe[(d, v, stored)] == pytest.approx(state.stride.toe_off, abs=0.005)
    assert count == 2 * len(speed.values) * 2 * len(muscle.values)


def test_compute_follows_the_model():
    state = stride.compute("backward", 1.2, 61, "rectus_femoris", False)
    s = gait.stride("backward", speed=1.2, departures=False)
    assert state.phase == 61 and state.part == "swing" and s.toe_off < 61
    assert state.angles == pytest.approx((s.hip[61], s.knee[61], s.ankle[61]))
    assert state.value == pytest.approx(gait.muscles(s).change["rectus_femoris"][61])
    assert state.other.stride.direction == "forward"
    assert state.windows == tuple(gait.activity("backward", s.stance_fraction)["rectus_femoris"])
    lo, hi = state.ylim
    both = np.concatenate([state.traces.change["rectus_femoris"],
                           state.other.change["rectus_femoris"]])
    assert lo < both.min() and hi > both.max()
    # forward: departures choose only the backward stride drawn for comparison
    on, off = (stride.compute("forward", 1.2, 30, "soleus", dep) for dep in (True, False))
    assert on.value == off.value and on.stride.departures == {}
    assert on.other.stride.departures["shorter_swing"]
    assert not off.other.stride.departures["shorter_swing"]
    assert not np.allclose(on.other.change["soleus"], off.other.change["soleus"])


@pytest.mark.parametrize("kwargs, argument", [
    ({"direction": "sideways"}, "direction"),
    ({"speed": 5.0}, "speed"),
    ({"speed": "fast"}, "speed"),
    ({"phase": 101}, "phase"),
    ({"phase": float("nan")}, "phase"),
    ({"phase": "late"}, "phase"),
    ({"muscle": "hamstrings"}, "muscle"),
    ({"departures": "yes"}, "departures"),
])
def test_bad_input_is_refused_with_the_argument_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        stride.compute(**kwargs)
    with pytest.raises(ValueError, match=argument):
        stride.readout(**kwargs)


@pytest.mark.parametrize("kwargs, argument", [
    ({"speed": 1.0}, "speed"), ({"phase": 41}, "phase"), ({"muscle": "quadriceps"}, "muscle"),
    ({"direction": "up"}, "direction"),
])
def test_page_explorer_refuses_settings_not_on_the_page(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        stride.page_explorer(**kwargs)


def test_page_explorer_html_is_small_and_starts_where_asked(explorer):
    html = explorer.to_html()
    assert len(html) <= 500_000
    assert 'data-explorer="stride"' in html and "p_departures" in html
    params = {p["name"]: p["value"] for p in explorer.spec()["params"]}
    assert params == {"p_direction": "backward", "p_speed": 1.2, "p_phase": 40,
                      "p_muscle": "semimembranosus", "p_departures": True}
    forward = stride.page_explorer(direction="forward", speed=1.6, phase=0, muscle="psoas")
    assert {p["name"]: p["value"] for p in forward.spec()["params"]}["p_direction"] == "forward"
    # the muscle menu shows display names
    binding = next(p["bind"] for p in explorer.spec()["params"] if p["name"] == "p_muscle")
    assert binding["labels"] == list(stride.NAMES)


def test_live_explorer_draws_what_compute_returns():
    pytest.importorskip("ipywidgets")
    live = stride.StrideExplorer(direction="backward", speed=1.2, phase=40, departures=True)
    assert set(live.controls) == {"direction", "speed", "phase", "muscle", "departures"}
    first = live.image.value
    live.controls["phase"].value = 70.0
    assert live.image.value != first
    state = stride.compute("backward", 1.2, 70, "semimembranosus", True)
    assert live.drawing.ax.get_title() == "70 % (swing)"
    assert live.cursor.get_xdata()[0] == state.phase
    assert live.ax.get_ylim() == pytest.approx(state.ylim)
    live.controls["muscle"].value = "psoas"
    psoas = stride.compute("backward", 1.2, 70, "psoas", True)
    np.testing.assert_allclose(live.line.get_data()[1], psoas.traces.change["psoas"])
    assert live.fig.axes  # the matplotlib figure the widget shows


def test_the_backward_activity_band_says_it_is_this_books_assumption(explorer):
    """Backward activity is assumed (the forward pattern reversed, plus added windows), not
    measured: the band's name says so on the page and in the live explorer."""
    import json

    spec = json.dumps(explorer.spec())
    assert json.dumps(stride.ASSUMED_NOTE)[1:-1] in spec
    assert "this book's assumption" in stride.ASSUMED_NOTE
    assert "this book's assumption" in stride.active_label("semimembranosus", "backward")
    assert "assumption" not in stride.active_label("semimembranosus", "forward")
    pytest.importorskip("ipywidgets")
    live = stride.StrideExplorer(direction="backward")
    texts = [t.get_text() for t in live.legend.get_texts()]
    assert "semimembranosus active\n(backward: this book's assumption)" in texts
    live.controls["direction"].value = "forward"
    assert "semimembranosus typically active" in [t.get_text() for t in live.legend.get_texts()]
