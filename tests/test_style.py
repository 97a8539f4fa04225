"""The book's colours: one per muscle, distinct, colour-blind-aware, readable on white."""

from __future__ import annotations

import matplotlib as mpl
import pytest
from matplotlib.colors import to_rgb

from hamstrings import style

ISSUE_MUSCLES = (
    "semimembranosus", "semitendinosus", "biceps_femoris_long", "biceps_femoris_short",
    "rectus_femoris", "vastus_intermedius", "vastus_medialis", "vastus_lateralis",
    "psoas", "iliacus", "gastrocnemius_medial", "gastrocnemius_lateral", "soleus",
    "tibialis_anterior", "gluteus_maximus",
)


def luminance(color):
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in to_rgb(color)]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast_with_white(color):
    return 1.05 / (luminance(color) + 0.05)


def test_every_model_muscle_has_a_colour():
    for muscle in ISSUE_MUSCLES:
        assert style.muscle_color(muscle).startswith("#")


def test_colours_are_unique():
    colours = list(style.MUSCLE_COLORS.values())
    assert len(set(colours)) == len(colours)


def test_groups_have_distinct_hues_from_okabe_ito():
    hues = list(style.GROUP_COLORS.values())
    assert len(set(hues)) == len(hues)
    okabe_ito = set(v.lower() for v in style.OKABE_ITO.values())
    from_palette = [h for h in hues if h.lower() in okabe_ito]
    assert len(from_palette) >= 4


def test_muscles_in_a_group_differ_in_lightness():
    for group, muscles in style.GROUPS.items():
        lums = sorted(luminance(style.muscle_color(m)) for m in muscles)
        gaps = [b - a for a, b in zip(lums, lums[1:])]
        assert all(g > 0.01 for g in gaps), group


@pytest.mark.parametrize("muscle", sorted(style.MUSCLE_COLORS))
def test_every_colour_reads_on_white(muscle):
    assert contrast_with_white(style.muscle_color(muscle)) >= 3.0


def test_group_of():
    assert style.group_of("semitendinosus") == "hamstrings"
    assert style.group_of("soleus") == "calf"


@pytest.mark.parametrize("bad", ["hamstring", "", None, 3])
def test_unknown_muscle_is_a_value_error(bad):
    with pytest.raises(ValueError, match="muscle must be one of"):
        style.muscle_color(bad)
    with pytest.raises(ValueError, match="muscle must be one of"):
        style.group_of(bad)


def test_use_and_context_set_the_style():
    default = mpl.rcParams["axes.spines.top"]
    with style.context():
        assert mpl.rcParams["axes.spines.top"] is False
        assert mpl.rcParams["figure.facecolor"] == "white"
    assert mpl.rcParams["axes.spines.top"] == default
    try:
        style.use()
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0].lower() == style.OKABE_ITO["blue"].lower()
    finally:
        mpl.rcdefaults()


def test_strain_colour_map_is_registered_and_visible_at_zero():
    assert mpl.colormaps["hamstrings_strain"] is not None
    middle = style.STRAIN_CMAP(0.5)
    assert contrast_with_white(middle) >= 3.0  # an unchanged muscle is still visible
    ends = style.STRAIN_CMAP(0.0), style.STRAIN_CMAP(1.0)
    assert all(contrast_with_white(c) >= 3.0 for c in ends)
