"""The live explorers draw nothing outside their axes or their figure, at any control's extremes.

For every live explorer in :mod:`hamstrings.explorers`, each control is set (as a reader would,
through the widget) to its minimum and maximum, or to each of its options, the others at their
defaults; after the explorer has redrawn, every text and bar is measured in pixels:

- a text or a bar drawn in an axes' data (value labels, bars) stays inside that axes;
- everything drawn (tick labels, titles, axis labels, legends) stays inside the figure;
- every line (the leg's bones and muscles, the curves) stays inside its axes, also with every
  slider at either end at once (the corners of the sliders' ranges), where a leg reaches
  furthest: a line that leaves its axes is cut off silently.

Readers see display names, not identifiers: no option label of a menu holds an underscore.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

pytest.importorskip("ipywidgets")

from hamstrings.explorers.antagonist import AntagonistExplorer  # noqa: E402
from hamstrings.explorers.flexibility import FlexibilityExplorer  # noqa: E402
from hamstrings.explorers.posture import PostureExplorer  # noqa: E402
from hamstrings.explorers.stride import StrideExplorer  # noqa: E402

EXPLORERS = [PostureExplorer, AntagonistExplorer, StrideExplorer, FlexibilityExplorer]
TOLERANCE_PX = 1.0


def controls(explorer) -> dict:
    """The explorer's controls by name (its ``controls`` or ``sliders`` dict)."""
    found = getattr(explorer, "controls", None) or getattr(explorer, "sliders", None)
    assert found, f"{type(explorer).__name__} has no controls or sliders dict"
    return found


def extremes(control) -> list:
    """The values a control is tried at: its two ends, or every option."""
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.max]
    if hasattr(control, "options") and not isinstance(control.value, bool):
        return [("index", i) for i in range(len(control.options))]
    return [False, True]


def set_value(control, value) -> None:
    if isinstance(value, tuple) and value[0] == "index":
        control.index = value[1]
    else:
        control.value = value


def _inside(box, outer) -> bool:
    return (box.x0 >= outer.x0 - TOLERANCE_PX and box.x1 <= outer.x1 + TOLERANCE_PX
            and box.y0 >= outer.y0 - TOLERANCE_PX and box.y1 <= outer.y1 + TOLERANCE_PX)


def _label(artist) -> str:
    if isinstance(artist, Text):
        return f"text {artist.get_text()!r}"
    if isinstance(artist, Rectangle):
        return f"bar at {artist.get_y() + artist.get_height() / 2:.0f} ({artist.get_width():.3g} wide)"
    return f"{type(artist).__name__} {artist.get_label()!r}"


def _points_box(xy):
    from matplotlib.transforms import Bbox

    return Bbox([xy.min(axis=0), xy.max(axis=0)])


def overflow(fig) -> list[str]:
    """What is drawn outside its axes (data texts and bars) or outside the figure."""
    renderer = fig.canvas.get_renderer()
    problems = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for artist in [*ax.texts, *(p for p in ax.patches if isinstance(p, Rectangle))]:
            if not artist.get_visible() or (isinstance(artist, Text) and not artist.get_text()):
                continue
            box = artist.get_window_extent(renderer)
            if box.width == 0 and box.height == 0:
                continue
            if not _inside(box, ax.bbox):
                problems.append(f"{_label(artist)} runs past its axes "
                                f"({ax.get_title() or ax.get_xlabel()!r})")
        box = ax.get_tightbbox(renderer)
        if box is not None and not _inside(box, fig.bbox):
            problems.append(f"axes {ax.get_title() or ax.get_xlabel()!r} with its labels runs "
                            f"past the figure ({box} outside {fig.bbox})")
        for line in ax.lines:
            if not line.get_visible():
                continue
            xy = np.column_stack(line.get_data()).astype(float)
            xy = line.get_transform().transform(xy[np.all(np.isfinite(xy), axis=1)])
            if len(xy) and not _inside(_points_box(xy), ax.bbox):
                problems.append(f"line {line.get_label()!r} leaves its axes "
                                f"({ax.get_title() or ax.get_xlabel()!r})")
    for text in fig.texts:
        if text.get_visible() and text.get_text() and \
                not _inside(text.get_window_extent(renderer), fig.bbox):
            problems.append(f"{_label(text)} runs past the figure")
    return problems


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_nothing_is_clipped_at_any_control_extreme(cls):
    explorer = cls()
    found = {}
    for name, control in controls(explorer).items():
        default = control.value
        for value in extremes(control):
            set_value(control, value)
            problems = overflow(explorer.fig)
            if problems:
                found[f"{name}={control.value!r}"] = problems
        control.value = default
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def sliders(explorer) -> dict:
    return {n: c for n, c in controls(explorer).items() if hasattr(c, "min") and hasattr(c, "max")}


def corners(ranges: list) -> list:
    """Every corner of the sliders' box for up to four sliders; beyond that (the flexibility
    explorer has six, and each corner is a simulation), all at one end, all at the other, and
    each slider alone at the other end: 2 + 2n settings instead of 2**n."""
    if len(ranges) <= 4:
        return list(itertools.product(*ranges))
    found = [tuple(r[0] for r in ranges), tuple(r[1] for r in ranges)]
    for i in range(len(ranges)):
        for end in (0, 1):
            found.append(tuple(r[1 - end] if j == i else r[end] for j, r in enumerate(ranges)))
    return found


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_nothing_leaves_its_axes_at_the_corners_of_the_sliders(cls):
    explorer = cls()
    found = {}
    chosen = sliders(explorer)
    for corner in corners([(c.min, c.max) for c in chosen.values()]):
        for control, value in zip(chosen.values(), corner):
            control.value = value
        problems = [p for p in overflow(explorer.fig) if "leaves its axes" in p]
        if problems:
            found[", ".join(f"{n}={v}" for n, v in zip(chosen, corner))] = problems
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_check_sees_a_line_leaving_its_axes():
    explorer = PostureExplorer()
    ax = explorer.drawing.ax
    ax.set_xlim(-0.2, 0.2)
    explorer.update(140.0, 0.0, 0.0)
    assert any("leaves its axes" in p for p in overflow(explorer.fig))


def test_the_check_sees_a_label_past_its_axes():
    explorer = PostureExplorer()
    ax = explorer.bars.ax
    ax.text(ax.get_xlim()[1], 0, "a label that runs well past the right edge")
    explorer.update(10.0, 10.0, 0.0)
    assert any("runs past its axes" in p for p in overflow(explorer.fig))


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_menus_show_display_names(cls):
    explorer = cls()
    for name, control in controls(explorer).items():
        labels = getattr(control, "_options_labels", ())
        for label in labels:
            assert "_" not in label, f"{cls.__name__}.{name} shows the identifier {label!r}"
        assert "_" not in (control.description or ""), f"{cls.__name__}.{name} description"
