"""The book's colours and matplotlib style.

Every figure in the book draws a muscle in the same colour. Colours come in
families: each functional group of muscles takes one hue from the Okabe-Ito
palette, which stays distinguishable under the common colour-vision deficiencies
(Okabe & Ito 2008), and the muscles inside a group differ by lightness, which
everyone perceives. Groups therefore never share a hue, and a reader who cannot
tell two shades apart still has the group and the label.

Use :func:`use` once at the top of a page or notebook, :func:`muscle_color` for a
muscle's colour, and :data:`STRAIN_CMAP` for quantities that go either side of
zero (a muscle longer or shorter than in standing).

References
----------
Okabe M, Ito K (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people.
Tol P (2021). Colour schemes. SRON Technical Note SRON/EPS/TN/09-002.
"""

from __future__ import annotations

import csv
from contextlib import contextmanager
from importlib import resources

import matplotlib as mpl
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb

__all__ = [
    "OKABE_ITO",
    "GROUPS",
    "GROUP_COLORS",
    "MUSCLE_COLORS",
    "STRAIN_CMAP",
    "NEUTRAL",
    "BIARTICULAR_HAMSTRINGS",
    "muscle_color",
    "line_style",
    "display_name",
    "group_color",
    "group_of",
    "legend_outside",
    "rc_params",
    "use",
    "context",
]

#: The Okabe-Ito palette (Okabe & Ito 2008), by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

def _read_groups() -> dict:
    """Muscle groups from the leg's data table (``data/leg_paths.csv``), in its order.

    Read with the csv module, not through :mod:`hamstrings.leg`, so that the style
    stays light to import; the table is the one place that says which group a
    muscle belongs to.
    """
    text = resources.files("hamstrings").joinpath("data/leg_paths.csv").read_text()
    groups: dict = {}
    for row in csv.DictReader(text.splitlines()):
        groups.setdefault(row["group"], []).append(row["muscle"])
    return {group: tuple(muscles) for group, muscles in groups.items()}


#: Muscles of the model leg by functional group, in the order of the leg's data table.
GROUPS = _read_groups()

#: One Okabe-Ito hue per group.
GROUP_COLORS = {
    "hamstrings": OKABE_ITO["blue"],
    "quadriceps": OKABE_ITO["vermillion"],
    "hip_flexors": OKABE_ITO["bluish_green"],
    "calf": OKABE_ITO["reddish_purple"],
    # Okabe-Ito orange darkened by a quarter: the pure orange is too light on white.
    "dorsiflexors": "#AD7700",
    "hip_extensors": "#555555",
}

#: Lightness steps inside a group: negative darkens toward black, positive
#: lightens toward white. The first muscle of a group keeps the group's hue. The
#: steps keep every colour at a contrast of at least 3:1 against white (WCAG 2.1,
#: non-text contrast), so thin lines stay visible.
_SHADE_STEPS = (0.0, -0.35, -0.60, 0.15)

#: Diverging colour map for signed quantities (shorter <-> longer than standing):
#: purple - grey - orange, the ends of ColorBrewer's PuOr scheme, which stays
#: readable with the common colour-vision deficiencies. Its middle is a mid grey
#: rather than white, so a muscle that has not changed length is still visible on
#: a white page. Registered with matplotlib as ``"hamstrings_strain"``.
STRAIN_CMAP = LinearSegmentedColormap.from_list(
    "hamstrings_strain", ["#2D004B", "#8073AC", "#8C8C8C", "#E08214", "#7F3B08"])
if "hamstrings_strain" not in mpl.colormaps:
    mpl.colormaps.register(STRAIN_CMAP)

#: Colours for what is not a muscle: bones, joints, annotations, norms.
NEUTRAL = {
    "bone": "#D0D0D0",
    "joint": "#1A1A1A",
    "norm_band": "#BBBBBB",
    "annotation": "#333333",
}


def _shade(hex_color: str, step: float) -> str:
    """Mix a colour toward black (step < 0) or white (step > 0) by ``|step|``."""
    rgb = to_rgb(hex_color)
    target = 1.0 if step > 0 else 0.0
    mixed = tuple(c + abs(step) * (target - c) for c in rgb)
    return to_hex(mixed)


def _build_muscle_colors() -> dict[str, str]:
    colors = {}
    for group, muscles in GROUPS.items():
        for rank, muscle in enumerate(muscles):
            colors[muscle] = _shade(GROUP_COLORS[group], _SHADE_STEPS[rank])
    return colors


#: Muscle name -> hex colour, the same in every figure of the book.
MUSCLE_COLORS = _build_muscle_colors()


def group_of(muscle: str) -> str:
    """Return the functional group of ``muscle`` (e.g. ``"hamstrings"``)."""
    for group, muscles in GROUPS.items():
        if muscle in muscles:
            return group
    raise ValueError(
        f"muscle must be one of {sorted(MUSCLE_COLORS)} (got {muscle!r})"
    )


def muscle_color(muscle: str) -> str:
    """Return the book's colour for ``muscle`` as a hex string.

    Raises
    ------
    ValueError
        If ``muscle`` is not a muscle of the model leg.
    """
    try:
        return MUSCLE_COLORS[muscle]
    except (KeyError, TypeError):
        raise ValueError(
            f"muscle must be one of {sorted(MUSCLE_COLORS)} (got {muscle!r})"
        ) from None


#: The three two-joint hamstrings. Their colours differ only in lightness (one hue for the
#: group), so they also differ in line style and marker: :func:`line_style`.
BIARTICULAR_HAMSTRINGS = ("semimembranosus", "semitendinosus", "biceps_femoris_long")

#: Line style and marker of each muscle that needs more than its colour to be told apart from
#: its neighbours; every other muscle is drawn solid without marker.
_LINE_STYLES = {
    "semimembranosus": ("-", "o"),
    "semitendinosus": ("--", "s"),
    "biceps_femoris_long": (":", "^"),
    "biceps_femoris_short": ("-.", "D"),
}

#: Names shown to readers (legends, tick labels, menus, captions), where the identifier is
#: not plain English.
_DISPLAY_NAMES = {
    "biceps_femoris_long": "biceps femoris long head",
    "biceps_femoris_short": "biceps femoris short head",
    "gastrocnemius_medial": "medial gastrocnemius",
    "gastrocnemius_lateral": "lateral gastrocnemius",
    "gluteus_maximus_upper": "upper gluteus maximus",
    "gluteus_maximus_lower": "lower gluteus maximus",
    "hip_flexors": "hip flexors",
    "hip_extensors": "hip extensors",
}


def display_name(name: str) -> str:
    """The name a reader sees for a muscle or a muscle group identifier.

    >>> display_name("biceps_femoris_long")
    'biceps femoris long head'
    >>> display_name("hip_flexors")
    'hip flexors'
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a muscle or group identifier (got {name!r})")
    if name in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[name]
    return name.replace("_", " ")


def line_style(muscle: str, markevery=0.1) -> dict:
    """Keyword arguments for ``ax.plot`` that draw ``muscle`` as everywhere in the book:
    its colour, its line style and marker, and its display name as the label.

    The three two-joint hamstrings share a hue and differ by more than lightness: solid
    with circles (semimembranosus), dashed with squares (semitendinosus), dotted with
    triangles (biceps femoris long head), and the short head dash-dotted with diamonds.
    ``markevery`` spaces the markers (matplotlib's ``markevery``; the default, 0.1, puts
    one every tenth of the axes' diagonal, however many points the line has).

    >>> line_style("semitendinosus")["linestyle"]
    '--'
    """
    colour = muscle_color(muscle)
    ls, marker = _LINE_STYLES.get(muscle, ("-", "None"))
    kwargs = {"color": colour, "linestyle": ls, "marker": marker,
              "label": display_name(muscle)}
    if marker != "None":
        kwargs["markersize"] = 5
        kwargs["markevery"] = markevery
    return kwargs


def group_color(group: str) -> str:
    """The hue of a muscle group (``"hamstrings"``, ``"calf"``, ...), or of gravity, drawn
    in the annotation grey. ``"gastrocnemius"`` is the calf's colour.

    >>> group_color("quadriceps") == GROUP_COLORS["quadriceps"]
    True
    """
    if group == "gravity":
        return NEUTRAL["annotation"]
    if group == "gastrocnemius":
        group = "calf"
    try:
        return GROUP_COLORS[group]
    except (KeyError, TypeError):
        raise ValueError(f"group must be one of {sorted(GROUP_COLORS)} or 'gravity' "
                         f"(got {group!r})") from None


def legend_outside(ax, **kwargs):
    """A legend to the right of ``ax``, outside the plotted area, so that it never covers
    data. Keyword arguments go to ``ax.legend``."""
    kwargs.setdefault("loc", "upper left")
    kwargs.setdefault("bbox_to_anchor", (1.01, 1.0))
    kwargs.setdefault("borderaxespad", 0.0)
    return ax.legend(**kwargs)


def rc_params() -> dict:
    """Return the matplotlib settings that give every figure the book's look.

    Figures keep an opaque white background so that they stay legible when the
    published book is switched to its dark theme; lines default to the Okabe-Ito
    cycle; fonts are large enough to read on a phone.
    """
    cycle = [OKABE_ITO[k] for k in
             ("blue", "vermillion", "bluish_green", "reddish_purple",
              "orange", "sky_blue", "black")]
    return {
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.constrained_layout.use": True,
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.6,
        "lines.linewidth": 2.0,
        "axes.prop_cycle": mpl.cycler(color=cycle),
        "image.cmap": "viridis",
        "svg.fonttype": "path",
        "svg.hashsalt": "hamstrings",
    }


def use() -> None:
    """Apply the book's matplotlib style to every figure made after this call."""
    mpl.rcParams.update(rc_params())


@contextmanager
def context():
    """Apply the book's style inside a ``with`` block only."""
    with mpl.rc_context(rc_params()):
        yield
