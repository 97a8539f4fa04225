"""The kernel-free explorer engine (hamstrings.explorers.page) and the posture explorer."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from conftest import spec_nodes
from hamstrings import leg
from hamstrings.explorers import page, posture


# ------------------------------------------------------------------ the engine

def test_controls_choose_their_input_from_their_values():
    slider = page.Control("hip", "Hip flexion (°)", (0, 10, 20)).param(10).param.to_dict()
    assert slider["bind"] == {"input": "range", "min": 0, "max": 20, "step": 10,
                              "name": "Hip flexion (°) "}
    menu = page.Control("muscle", "Muscle", ("a_b", "c"), labels=("a b", "c")).param("c").param.to_dict()
    assert menu["bind"]["input"] == "select" and menu["bind"]["labels"] == ["a b", "c"]
    radio = page.Control("d", "Direction", ("f", "b"), kind="radio").param("f").param.to_dict()
    assert radio["bind"]["input"] == "radio"
    box = page.Control("on", "Departures on", (False, True)).param(True).param.to_dict()
    assert box["bind"]["input"] == "checkbox" and box["value"] is True


@pytest.mark.parametrize("kwargs, word", [
    (dict(name="two words", label="x", values=(0, 1)), "name"),
    (dict(name="x", label="x", values=(0,)), "values"),
    (dict(name="x", label="x", values=(0, 1, 3)), "equal steps"),
    (dict(name="x", label="x", values=(0, 1), labels=("a",)), "labels"),
    (dict(name="x", label="x", values=("a", "b"), kind="knob"), "kind"),
])
def test_bad_controls_are_refused_with_the_reason(kwargs, word):
    with pytest.raises(ValueError, match=word):
        page.Control(**kwargs)


def test_a_start_value_off_the_grid_is_refused():
    with pytest.raises(ValueError, match="hip must be one of"):
        page.Control("hip", "Hip (°)", (0, 10, 20)).param(15)


def test_grid_is_every_combination_and_match_tests_each_control():
    controls = (page.Control("a", "A", (0, 1, 2)), page.Control("b", "B", ("x", "y")))
    combos = page.grid(controls)
    assert len(combos) == 6 and combos[0] == {"a": 0, "b": "x"} and combos[-1] == {"a": 2, "b": "y"}
    assert page.match(controls) == ("abs(datum['a'] - p_a) < 1e-06 && datum['b'] === p_b")
    assert page.match(controls, exclude=("a",)) == "datum['b'] === p_b"


def test_inline_csv_rounds_and_types_each_column():
    data = page.inline_csv([{"x": 1.26, "on": True, "s": "a b", "n": -0.04}],
                           ["x", "on", "s", "n"], {"x": 1, "n": 1}).to_dict()
    assert data["values"] == "x,on,s,n\n1.3,true,a b,0\n"
    assert data["format"]["parse"] == {"x": "number", "on": "boolean", "s": "string",
                                       "n": "number"}
    with pytest.raises(ValueError, match="non-finite"):
        page.inline_csv([{"x": float("nan")}], ["x"])


def test_theme_config_has_both_modes_and_refuses_others():
    assert page.theme_config("light")["axis"]["labelColor"] != \
        page.theme_config("dark")["axis"]["labelColor"]
    with pytest.raises(ValueError, match="mode"):
        page.theme_config("sepia")


def test_page_explorer_html_is_safe_and_labelled():
    import altair as alt

    control = page.Control("a", "A (m)", (0, 1))
    chart = alt.Chart(alt.Data(values=[{"t": "</script><b>"}])).mark_text().encode(
        text="t:N").add_params(control.param(0))
    explorer = page.PageExplorer("demo", chart, (control,), "A chart that shows one text mark "
                                 "for testing the engine.")
    out = explorer.to_html()
    assert out.count("</script>") == 2, "the data closed the script element early"
    assert 'role="figure"' in out and 'aria-label="A chart that shows' in out
    assert json.loads(out.split('class="hs-explorer-spec">')[1].split("</script>")[0]
                      .replace("<\\/", "</"))["params"][0]["name"] == "p_a"
    with pytest.raises(ValueError, match="alt"):
        page.PageExplorer("demo", chart, (control,), "too short")


# ------------------------------------------------------------------ the posture explorer

def _tables(spec) -> list[list[dict]]:
    """Every inline CSV table of a spec, as rows of strings."""
    found = [list(csv.DictReader(io.StringIO(values)))
             for values in spec.get("datasets", {}).values() if isinstance(values, str)]
    for node in spec_nodes(spec):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), str):
            found.append(list(csv.DictReader(io.StringIO(data["values"]))))
    return found


@pytest.fixture(scope="module")
def posture_spec():
    return posture.page_explorer().spec()


def test_posture_page_data_equal_the_model_at_grid_points(posture_spec):
    tables = _tables(posture_spec)
    drawn = [t for t in tables if t and "xs" in t[0]]
    readouts = next(t for t in tables if t and page.READOUT_FIELD in t[0])
    assert len(readouts) == len(page.grid(posture.CONTROLS))
    rng = np.random.default_rng(0)
    names = list(posture._DRAWN)
    for row in (readouts[i] for i in rng.choice(len(readouts), 12, replace=False)):
        state = {k: int(row[k]) for k in ("hip", "knee", "ankle")}
        assert row[page.READOUT_FIELD] == posture.readout(**state)
        model = posture.compute(**state)
        for table in drawn:
            for r in table:
                if int(r["hip"]) == state["hip"] and int(r["knee"]) == state["knee"] and (
                        int(r["ankle"]) == state["ankle"] or table is drawn[0]):
                    name = names[int(r["item"])]
                    if name in leg.MUSCLES:
                        assert float(r["change"]) == pytest.approx(model.change[name], abs=0.051)
                    xs = np.array(r["xs"].split(), float) / 1000
                    end = model.paths[name][-1]
                    assert xs[-1] == pytest.approx(end[0], abs=0.0006)


def test_posture_bar_axis_holds_every_length_change_on_the_page():
    low, high = posture.BAR_RANGE
    for state in page.grid(posture.CONTROLS)[::7]:
        change = posture.compute(**state).change.values()
        assert low <= min(change) and max(change) <= high


def test_posture_explorer_is_small_enough_for_the_page_budget():
    assert len(posture.page_explorer().to_html()) < 700_000


def test_posture_compute_refuses_poses_outside_the_joint_ranges():
    with pytest.raises(ValueError, match="hip"):
        posture.compute(hip=200)
    with pytest.raises(ValueError, match="hip must be one of"):
        posture.page_explorer(hip=95)


def test_simplified_paths_stay_within_three_millimetres():
    state = posture.compute(hip=90, knee=120, ankle=30)
    for points in state.paths.values():
        kept = posture.simplify(points)
        assert 2 <= len(kept) <= len(points)
        assert np.allclose(kept[[0, -1]], points[[0, -1]])


def test_the_book_theme_survives_altairs_own_view_config(posture_spec):
    view = posture_spec["config"]["view"]
    assert view["stroke"] is None and "continuousWidth" in view
