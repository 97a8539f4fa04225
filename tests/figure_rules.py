"""The book's figure rules as checks on a drawn matplotlib figure (used by tests/test_figures.py).

Each check takes a figure, draws it (``fig.canvas.draw()``) and returns a list of problems
in words, empty when the figure keeps the rule:

- :func:`overlaps`: no legend and no text annotation covers plotted data of its axes: the
  vertices and segments of lines (markers included), filled areas (``fill_between`` bands,
  polygons), bars and images. Background shading drawn below the data (``zorder`` < 1, such as
  the grey swing phase) is not data. Value labels written on the cells of an image (a heatmap)
  are the image's content and are allowed there.
- :func:`unit_problems`: every axis label and colour-bar label names exactly one unit, in
  parentheses, from :data:`UNITS`.
- :func:`cut_text`: no text is cut: every visible text lies inside the figure and none ends
  in an ellipsis.
- :func:`hamstring_problems`: lines labelled as one of the three two-joint hamstrings use the
  colour, line style and marker of :func:`hamstrings.style.line_style`.
- :func:`name_problems`: legend entries never use a muscle's identifier or a name other than
  :func:`hamstrings.style.display_name`.
"""

from __future__ import annotations

import re

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, LineCollection, PathCollection
from matplotlib.colorbar import Colorbar
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from hamstrings import leg, style

#: Units an axis may name. "1" is a ratio without unit (written "(1)"), "N m" a torque.
UNITS = {"°", "%", "% of standing", "% of the stride", "m", "cm", "mm", "s", "ms", "N", "kN", "N m",
         "N m/°", "N m s/rad", "°/s", "m/s", "h", "h/day", "weeks", "days", "kg", "SD", "1",
         "1/s", "rad", "optimal fibre lengths", "optimal fibre lengths/s"}

_PAD = 1.0  # px: a box must come this far into data to count as covering it
_UNIT = re.compile(r"\(([^()]*)\)")


def _draw(fig):
    """Draw ``fig`` (on an Agg canvas if it has none, as a closed pyplot figure) and return
    its renderer."""
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _boxes(fig, renderer):
    """(axes or None, what, bbox) of every legend and text annotation of ``fig``."""
    found = []
    for legend in fig.legends:
        found.append((None, "figure legend", legend.get_window_extent(renderer)))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            found.append((ax, "legend", legend.get_window_extent(renderer)))
        for text in ax.texts:
            if text.get_visible() and text.get_text().strip():
                # the text's own box: an annotation's leader line may reach the data
                box = Text.get_window_extent(text, renderer)
                found.append((ax, f"text {text.get_text()!r}", box))
    return found


def _dense(points: np.ndarray, step: float = 1.5) -> np.ndarray:
    """Points along a polyline in display coordinates, at most ``step`` px apart."""
    points = points[np.all(np.isfinite(points), axis=1)]
    if len(points) < 2:
        return points
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:]):
        n = max(int(np.hypot(*(b - a)) / step), 1)
        out.append(a + np.outer(np.arange(1, n + 1) / n, b - a))
    return np.vstack(out)


def _inside(points: np.ndarray, box) -> bool:
    if not len(points):
        return False
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x > box.x0 + _PAD) & (x < box.x1 - _PAD)
                       & (y > box.y0 + _PAD) & (y < box.y1 - _PAD)))


def _box_grid(box, step: float = 2.0) -> np.ndarray:
    xs = np.arange(box.x0 + _PAD, box.x1 - _PAD, step)
    ys = np.arange(box.y0 + _PAD, box.y1 - _PAD, step)
    if not len(xs) or not len(ys):
        return np.empty((0, 2))
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def _data(ax, renderer):
    """(what, kind, geometry) for the plotted data of ``ax`` in display coordinates."""
    items = []
    for line in ax.lines:
        if not line.get_visible() or line.get_zorder() < 1:
            continue
        xy = line.get_transform().transform(np.column_stack(line.get_data()).astype(float))
        if not len(xy):
            continue
        if line.get_linestyle() in ("None", "none", "", " "):
            items.append((f"markers {line.get_label()!r}", "points", xy))
        else:
            items.append((f"line {line.get_label()!r}", "points", _dense(xy)))
    for coll in ax.collections:
        if not coll.get_visible() or coll.get_zorder() < 1:
            continue
        if isinstance(coll, ContourSet) and coll.filled:
            items.append(("filled contours", "image", ax.bbox))
            continue
        if isinstance(coll, ContourSet):
            continue  # contour lines of a map: its labels sit on them by design
        if isinstance(coll, (PathCollection,)):
            xy = coll.get_offset_transform().transform(coll.get_offsets())
            items.append((f"points {coll.get_label()!r}", "points", xy))
        elif isinstance(coll, LineCollection):
            for path in coll.get_paths():
                xy = coll.get_transform().transform(path.vertices)
                items.append((f"lines {coll.get_label()!r}", "points", _dense(xy)))
        elif isinstance(coll, Collection):
            for path in coll.get_paths():
                items.append((f"area {coll.get_label()!r}", "area",
                              path.transformed(coll.get_transform())))
    for patch in ax.patches:
        if not patch.get_visible() or patch.get_zorder() < 1 or not isinstance(patch, Patch):
            continue
        if isinstance(patch, Rectangle) and (patch.get_width() == 0 or patch.get_height() == 0):
            continue
        items.append((f"patch {patch.get_label()!r}", "area",
                      patch.get_path().transformed(patch.get_transform())))
    for image in ax.images:
        if image.get_visible() and isinstance(image, AxesImage):
            items.append(("image", "image", image.get_window_extent(renderer)))
    return items


def overlaps(fig) -> list[str]:
    """Legends and text annotations that cover plotted data of their axes (or of any axes,
    for a figure legend)."""
    renderer = _draw(fig)
    problems = []
    for owner, what, box in _boxes(fig, renderer):
        targets = [owner] if owner is not None else [a for a in fig.axes if a.get_visible()]
        for ax in targets:
            title = ax.get_title() or ax.get_ylabel() or "axes"
            for name, kind, geom in _data(ax, renderer):
                if kind == "points":
                    hit = _inside(geom, box)
                elif kind == "area":
                    grid = _box_grid(box)
                    hit = bool(len(grid)) and bool(geom.contains_points(grid).any())
                else:  # an image: value labels on a heatmap's cells are its content
                    if what.startswith("text") and owner is ax:
                        continue
                    hit = box.overlaps(geom)
                if hit:
                    problems.append(f"{what} covers {name} in axes {title!r}")
    return problems


def _axis_labels(fig):
    colorbar_axes = {}
    for ax in fig.axes:
        bar = getattr(ax, "_colorbar", None)
        if isinstance(bar, Colorbar):
            colorbar_axes[ax] = bar
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            label = axis.get_label()
            ticks = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            if not label.get_visible():
                continue
            if not label.get_text().strip():
                if ticks and ax not in colorbar_axes and _numeric(ticks):
                    yield ax, f"{name} axis with numbers", ""
                continue
            if not _numeric(ticks):
                continue  # a categorical axis (muscle names, claims) names no unit
            kind = "colour bar" if ax in colorbar_axes else f"{name} axis"
            yield ax, kind, label.get_text()


def _numeric(ticks) -> bool:
    return any(re.fullmatch(r"[−\-+]?[\d.,]+\s*[%°]?", t.get_text().strip()) for t in ticks)


#: Quantities without a unit (activations, indices, fractions, one length or force over
#: another, written "a / b"): their label names none.
DIMENSIONLESS = re.compile(r"activation|excitation|index|fraction|probability| / ")
#: A label that starts "% of ..." gives its unit first ("% of the stride").
PERCENT_OF = re.compile(r"^% of ")


def unit_problems(fig) -> list[str]:
    """Axis and colour-bar labels without exactly one unit of :data:`UNITS` in parentheses
    (a dimensionless quantity, :data:`DIMENSIONLESS`, names none)."""
    _draw(fig)
    problems = []
    for _ax, kind, text in _axis_labels(fig):
        # a parenthesis that says where zero is or which way is positive is a remark
        units = [u for u in _UNIT.findall(text) if "=" not in u]
        if PERCENT_OF.match(text):
            units = ["%", *units]
        if not units and DIMENSIONLESS.search(text):
            continue
        if len(units) != 1:
            problems.append(f"{kind} label {text!r} has {len(units)} units in parentheses")
        elif units[0].strip() not in UNITS and not PERCENT_OF.match(units[0].strip()):
            problems.append(f"{kind} label {text!r}: unit {units[0]!r} is not one of UNITS")
    return problems


def _texts(fig):
    yield from fig.texts
    for legend in fig.legends:
        yield from legend.get_texts()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        yield from ax.texts
        yield ax.title
        yield ax._left_title
        yield ax._right_title
        if ax.axison:
            yield ax.xaxis.label
            yield ax.yaxis.label
            yield from _shown_ticklabels(ax.xaxis)
            yield from _shown_ticklabels(ax.yaxis)
        legend = ax.get_legend()
        if legend is not None:
            yield from legend.get_texts()
            yield legend.get_title()


def _shown_ticklabels(axis):
    """Tick labels matplotlib draws: those of ticks inside the view interval."""
    lo, hi = sorted(axis.get_view_interval())
    span = (hi - lo) * 1e-6
    for tick in axis.get_major_ticks():
        if lo - span <= tick.get_loc() <= hi + span:
            yield from (t for t in (tick.label1, tick.label2) if t.get_visible())


def cut_text(fig) -> list[str]:
    """Texts that run past the figure's edge or end in an ellipsis."""
    renderer = _draw(fig)
    outer = fig.bbox
    problems = []
    for text in _texts(fig):
        if not isinstance(text, Text) or not text.get_visible() or not text.get_text().strip():
            continue
        s = text.get_text().strip()
        if s.endswith("...") or s.endswith("…"):
            problems.append(f"text {s!r} ends in an ellipsis")
        box = text.get_window_extent(renderer)
        if (box.x0 < outer.x0 - 1 or box.x1 > outer.x1 + 1
                or box.y0 < outer.y0 - 1 or box.y1 > outer.y1 + 1):
            problems.append(f"text {s!r} runs past the figure's edge")
    return problems


def _legend_entries(fig):
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            yield handle, text.get_text()


def hamstring_problems(fig) -> list[str]:
    """Lines (in axes and in legends) labelled as a two-joint hamstring that do not use its
    style from :func:`hamstrings.style.line_style`."""
    wanted = {style.display_name(m): style.line_style(m) for m in style.BIARTICULAR_HAMSTRINGS}
    problems = []
    lines = [(line, line.get_label()) for ax in fig.axes for line in ax.lines]
    lines += [(h, label) for h, label in _legend_entries(fig) if isinstance(h, Line2D)]
    for line, label in lines:
        if label not in wanted:
            continue
        want = wanted[label]
        has_line = line.get_linestyle() not in ("None", "none", "", " ")
        if has_line and _dashes(line.get_linestyle()) != _dashes(want["linestyle"]):
            problems.append(f"{label!r} drawn with line style {line.get_linestyle()!r}, "
                            f"not {want['linestyle']!r}")
        marker = line.get_marker()
        if marker not in ("None", "none", "", None) and marker != want["marker"]:
            problems.append(f"{label!r} drawn with marker {marker!r}, not {want['marker']!r}")
        if has_line and marker in ("None", "none", "", None) and len(line.get_xdata()) <= 40:
            pass
    return problems


def _dashes(ls) -> str:
    return {"solid": "-", "dashed": "--", "dotted": ":", "dashdot": "-."}.get(ls, ls)


def name_problems(fig) -> list[str]:
    """Legend entries that name a muscle otherwise than its display name."""
    problems = []
    aliases = {}
    for m in leg.MUSCLES:
        shown = style.display_name(m)
        for alias in {m, m.replace("_", " ")} - {shown}:
            aliases[alias] = shown
    for _, label in _legend_entries(fig):
        for alias, shown in aliases.items():
            if re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", label) and shown not in label:
                problems.append(f"legend entry {label!r} says {alias!r}; its name is {shown!r}")
    return problems


_NUMBER = re.compile(r"(?<![\d.])[−-]?\d+(?:\.\d+)?")  # "94-106" is a range: 94 and 106


def heatmap_problems(fig, smallest: float = 9.0) -> list[str]:
    """Numbers written on the cells of an image (a heatmap) that are not on its colour scale
    (the cells say one quantity, the colours another), or are too small to read."""
    _draw(fig)
    problems = []
    for ax in fig.axes:
        images = [im for im in ax.images if im.get_visible()]
        if not images:
            continue
        norm = images[0].norm
        for text in ax.texts:
            numbers = [float(n.replace("−", "-")) for n in _NUMBER.findall(text.get_text())]
            if not numbers:
                continue
            if text.get_fontsize() < smallest:
                problems.append(f"cell text {text.get_text()!r} is {text.get_fontsize():g} pt "
                                f"(at least {smallest:g})")
            for n in numbers:
                if not norm.vmin <= n <= norm.vmax:
                    problems.append(f"cell text {text.get_text()!r} is off the colour scale "
                                    f"{norm.vmin:g}..{norm.vmax:g}")
                    break
    return problems


def all_problems(fig) -> list[str]:
    return [*overlaps(fig), *unit_problems(fig), *cut_text(fig), *hamstring_problems(fig),
            *name_problems(fig), *heatmap_problems(fig)]
