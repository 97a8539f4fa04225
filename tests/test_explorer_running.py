"""The sprint explorer: the page's precomputed data equal the package's model, and the live
explorer draws what compute() returns."""

import random

import numpy as np
import pytest
from conftest import page_tables

from hamstrings import gait, running
from hamstrings.explorers import page
from hamstrings.explorers import running as explorer_module


@pytest.fixture(scope="module")
def explorer():
    return explorer_module.page_explorer()


@pytest.fixture(scope="module")
def tables(explorer):
    return page_tables(explorer)


def test_grid_covers_the_stride_and_the_three_biarticular_hamstrings():
    phase, muscle = explorer_module.CONTROLS
    assert [c.name for c in explorer_module.CONTROLS] == ["phase", "muscle"]
    assert phase.values[0] == 0 and phase.values[-1] == 100 and max(np.diff(phase.values)) <= 2
    assert muscle.values == running.HAMSTRINGS
    assert all("_" not in label for label in muscle.labels)


def test_every_readout_on_the_page_equals_readout(tables):
    states = tables[("phase", "muscle", "readout")]
    assert len(states) == len(page.grid(explorer_module.CONTROLS))
    by = {(float(r["phase"]), r["muscle"]): r["readout"] for r in states}
    for setting in page.grid(explorer_module.CONTROLS):
        assert by[float(setting["phase"]), setting["muscle"]] == explorer_module.readout(**setting)


def test_page_traces_equal_the_model_at_sampled_points(tables):
    traces = tables[("muscle", "panel", "x", "y")]
    s = gait.stride("sprint", n=101)
    t = gait.muscles(s)
    f = running.forces(s, t)
    model = {0: t.change, 1: t.velocity, 2: f}
    rng = random.Random(16)
    for row in rng.sample(traces, 60):
        i = int(round(float(row["x"])))
        expected = model[int(row["panel"])][row["muscle"]][i]
        assert float(row["y"]) == pytest.approx(expected, abs=0.06), row


def test_readout_names_the_moment_part_and_values():
    text = explorer_module.readout(88, "biceps_femoris_long")
    st = explorer_module.compute(88, "biceps_femoris_long")
    assert text.startswith("biceps femoris long at 88 % (terminal swing): ")
    assert f"{st.value('change'):+.1f} % length" in text and f"{st.value('force'):.0f} N" in text
    assert "(stance)" in explorer_module.readout(10, "semitendinosus")


def test_compute_follows_the_model():
    st = explorer_module.compute(50, "semimembranosus")
    t = gait.muscles(gait.stride("sprint", n=101))
    assert st.value("change") == pytest.approx(t.change["semimembranosus"][50])
    assert st.value("velocity") == pytest.approx(t.velocity["semimembranosus"][50])
    assert st.part == "swing"


@pytest.mark.parametrize("kwargs, argument", [
    ({"phase": 101}, "phase"), ({"phase": "late"}, "phase"), ({"phase": float("nan")}, "phase"),
    ({"muscle": "soleus"}, "muscle"),
])
def test_bad_input_is_refused_with_the_argument_named(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        explorer_module.compute(**kwargs)


@pytest.mark.parametrize("kwargs, argument", [({"phase": 87}, "phase"),
                                              ({"muscle": "biceps_femoris_short"}, "muscle")])
def test_page_explorer_refuses_settings_not_on_the_page(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        explorer_module.page_explorer(**kwargs)


def test_page_explorer_html_is_small_and_starts_where_asked(explorer):
    html = explorer.to_html()
    assert len(html) < 500_000
    assert 'data-explorer="running"' in html and "p_muscle" in html
    spec = explorer_module.page_explorer(phase=40, muscle="semitendinosus").spec()
    values = {p["name"]: p.get("value") for p in spec["params"]}
    assert values == {"p_phase": 40, "p_muscle": "semitendinosus"}


def test_live_explorer_draws_what_compute_returns():
    pytest.importorskip("ipywidgets")
    live = explorer_module.RunningExplorer(phase=30, muscle="semitendinosus")
    first = bytes(live.image.value)
    assert first.startswith(b"\x89PNG")
    live.controls["phase"].value = 90
    assert bytes(live.image.value) != first
    st = explorer_module.compute(90, "semitendinosus")
    xs, ys = live.dots[2].get_data()
    assert xs[0] == pytest.approx(st.phase) and ys[0] == pytest.approx(st.value("force"))
    assert live.fig.texts[0].get_text() == explorer_module.readout(90, "semitendinosus")
