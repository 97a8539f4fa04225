"""Every figure of the book keeps the figure rules of the developers' guide.

The rules, checked on the drawn figure (``fig.canvas.draw()``, display coordinates) by
tests/figure_rules.py:

(a) no legend and no text annotation covers plotted data of its axes (line vertices and
    segments, markers, filled bands, bars, images); background shading below the data is
    not data, and value labels on a heatmap's cells are its content (but must be on its
    colour scale and at least 9 pt);
(b) every axis label and colour-bar label names exactly one unit, in parentheses, from
    ``figure_rules.UNITS`` (dimensionless quantities name none);
(c) the three two-joint hamstrings differ by line style and marker, defined once in
    :func:`hamstrings.style.line_style` and used by every line labelled with their names;
(d) legends name muscles by :func:`hamstrings.style.display_name`;
(e) no text runs past the figure's edge or ends in an ellipsis.

Figures checked: every figure-making function of the package (stride and knee animations,
key phases, leg drawings, torque and length bars, the live explorers' figures) with the
arguments the chapters use, and (marked ``build``: it runs every page's code, about two
minutes) every figure drawn on every chapter and lab.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import figure_rules as rules  # noqa: E402
import page_figures  # noqa: E402
from hamstrings import (  # noqa: E402
    antagonist_plots,
    clinical,
    gait,
    gait_plots,
    knee_dynamics,
    plotting,
    postures,
    style,
)

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in [*ROOT.glob("chapters/*.md"), *ROOT.glob("notebooks/*.md")]
               if "{code-cell}" in p.read_text())


# --- the rules can fail ---------------------------------------------------------------------

def _plain(figsize=(5, 3)):
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def test_a_legend_over_a_line_is_seen_and_one_outside_is_not():
    fig, ax = _plain()
    x = np.linspace(0, 10, 50)
    ax.plot(x, np.full_like(x, 1.0), label="flat line at the top")
    ax.plot(x, x / 10, label="rising")
    ax.legend(loc="upper left")
    assert any("legend covers line" in p for p in rules.overlaps(fig))
    ax.get_legend().remove()
    style.legend_outside(ax)
    assert rules.overlaps(fig) == []
    plt.close(fig)


def test_a_legend_over_a_band_or_bar_and_a_text_over_a_line_are_seen():
    fig, ax = _plain()
    ax.fill_between([0, 10], 0, 1, alpha=0.3, label="band")
    ax.legend(loc="center")
    assert any("covers area" in p for p in rules.overlaps(fig))
    plt.close(fig)
    fig, ax = _plain()
    ax.bar([0, 1, 2], [3, 3, 3], label="bars")
    ax.text(1, 1.5, "a note", ha="center")
    assert any("text 'a note' covers" in p for p in rules.overlaps(fig))
    plt.close(fig)


def test_units_are_one_per_axis():
    fig, ax = _plain()
    ax.plot([0, 1], [0, 1])
    ax.set(xlabel="weeks", ylabel="knee (°) and hip (°)")
    problems = rules.unit_problems(fig)
    assert any("'weeks' has 0 units" in p for p in problems)
    assert any("has 2 units" in p for p in problems)
    ax.set(xlabel="time (weeks)", ylabel="quadriceps activation")
    assert rules.unit_problems(fig) == []
    plt.close(fig)


def test_a_heatmap_whose_cells_and_colour_bar_disagree_is_seen():
    fig, ax = _plain()
    grid = np.array([[94.0, 102.0], [80.0, 110.0]])
    image = ax.imshow(grid - 100, vmin=-35, vmax=35)
    for (i, j), v in np.ndenumerate(grid):
        ax.text(j, i, f"{v:.0f}", fontsize=8)
    fig.colorbar(image, ax=ax, label="length change from standing (%)")
    problems = rules.heatmap_problems(fig)
    assert any("off the colour scale" in p for p in problems)
    assert any("8 pt" in p for p in problems)
    plt.close(fig)


def test_hamstrings_told_apart_only_by_lightness_and_raw_names_are_seen():
    fig, ax = _plain()
    for m in style.BIARTICULAR_HAMSTRINGS:
        ax.plot([0, 1], [0, 1], color=style.muscle_color(m), label=m.replace("_", " "))
    ax.legend()
    assert rules.hamstring_problems(fig)  # semitendinosus drawn solid
    assert any("biceps femoris long head" in p for p in rules.name_problems(fig))
    plt.close(fig)


def test_text_past_the_edge_is_seen():
    fig, ax = plt.subplots(figsize=(5, 3), layout="none")
    ax.text(0.9, 0.5, "a long label that runs off the figure", transform=ax.transAxes)
    assert any("runs past" in p for p in rules.cut_text(fig))
    plt.close(fig)


# --- the style defines the hamstrings' looks once ------------------------------------------

def test_two_joint_hamstrings_differ_in_line_style_and_marker():
    looks = [style.line_style(m) for m in style.BIARTICULAR_HAMSTRINGS]
    assert len({lk["linestyle"] for lk in looks}) == 3
    assert len({lk["marker"] for lk in looks}) == 3
    assert len({lk["color"] for lk in looks}) == 3
    assert [lk["label"] for lk in looks] == ["semimembranosus", "semitendinosus",
                                             "biceps femoris long head"]


def test_no_plotting_module_styles_a_hamstring_by_hand():
    """Line styles of muscles come from style.line_style, not from literals next to a name."""
    for path in (ROOT / "src" / "hamstrings").rglob("*.py"):
        text = path.read_text()
        assert not re.search(r"semitendinosus[\"'][^\n]*ls=[\"']--", text), path


# --- the package's figure-making functions ---------------------------------------------------

def _check(fig):
    problems = rules.all_problems(fig)
    plt.close(fig)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("direction", gait.DIRECTIONS)
def test_stride_animation(direction):
    anim = gait_plots.StrideAnimation(gait.stride(direction))
    for k in (0, len(anim.indices) // 3, 2 * len(anim.indices) // 3):
        anim._frame(k)
        assert rules.overlaps(anim.fig) == [], k
    assert "arrow" in anim.alt_text() and "colour bar" in anim.alt_text()
    texts = [t.get_text() for t in anim.fig.axes[0].texts]
    assert f"walking {direction}" in texts and "semimembranosus" in texts
    assert any(a.get_label().startswith("<colorbar>") or a.get_ylabel() or a.get_xlabel()
               for a in anim.fig.axes[1:])
    _check(anim.fig)


def test_ake_animation_reaches_the_tolerated_tension():
    ramp = clinical.ake_ramp(hip=90.0)
    anim = antagonist_plots.ake_animation(ramp, frames=24)
    fig = anim._fig
    last = anim._save_count - 1
    anim._func(last)
    dot = fig.axes[1].lines[-1]
    assert dot.get_ydata()[0] >= clinical.tolerated_tension() / 1000
    assert "tolerated tension" in [t.get_text() for t in fig.axes[1].texts]
    assert fig.axes[0].get_legend() is not None  # the muscle groups are named
    _check(fig)


def test_kick_animation():
    kick = knee_dynamics.SEATED_KICK  # as the chapter "Two muscles, one knee" draws it
    sim = knee_dynamics.simulate(kick["excitations"], t_end=kick["t_end"], **kick["start"])
    anim = antagonist_plots.kick_animation(sim, frames=8)
    anim._func(3)
    _check(anim._fig)


def test_key_phases_and_leg_drawings():
    with style.context():
        fig, axes = plt.subplots(1, 4, figsize=(10, 3))
        gait_plots.draw_key_phases(axes, gait.stride("backward"), (0, 25, 50, 75))
        _check(fig)
        fig, ax = plt.subplots(figsize=(6, 5))
        drawing = plotting.LegDrawing(ax, color_by="muscle")
        drawing.set_pose(**postures.get("chair_sitting").angles)
        drawing.group_legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        _check(fig)
        fig, ax = plt.subplots(figsize=(6, 5))
        bars = plotting.LengthBars(ax)
        bars.set_pose(**postures.get("slr_mean").angles)
        _check(fig)


def test_the_one_animation_html_renders_at_the_figures_dpi_and_closes_it():
    anim = gait_plots.StrideAnimation(gait.stride("forward"), frames=4, dpi=30)
    number = anim.fig.number
    page = anim.to_jshtml()
    assert not plt.fignum_exists(number)
    assert 'alt="Animation of one stride' in page
    for module in (gait_plots, antagonist_plots):
        assert not hasattr(module, "animation_html")


# --- every figure on every page ---------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_figure_on_the_page_keeps_the_rules(page):
    found = {}
    for name, fig in page_figures.figures(page):
        problems = rules.all_problems(fig)
        if problems:
            found[name] = problems
    assert not found, "\n".join(f"{name}: {p}" for name, ps in found.items() for p in ps)
