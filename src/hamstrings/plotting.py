"""Drawing the model leg: stick figures, muscle paths and length changes.

The same artists serve the static figures on the book's pages and the live
widgets: :class:`LegDrawing` and :class:`LengthBars` are built once and then
moved to a new pose with ``set_pose``, which only updates their data. That keeps
a widget's redraw cheap.

Colours follow :mod:`hamstrings.style`: muscles in their own colour, or in the
diverging :data:`~hamstrings.style.STRAIN_CMAP` when coloured by length change.
"""

from __future__ import annotations

import html
import io
import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import TwoSlopeNorm
from matplotlib.lines import Line2D
from PIL import Image

from . import leg, style, validate

__all__ = [
    "STRAIN_LIMIT",
    "length_change",
    "strain_norm",
    "LegDrawing",
    "LengthBars",
    "figure_png",
    "BlitPNG",
    "animation_html",
]

#: Length changes (per cent of standing) at which the strain colours saturate.
STRAIN_LIMIT = 20.0


def length_change(hip=0.0, knee=0.0, ankle=0.0) -> dict:
    """Muscle-tendon length change from standing, in per cent of the standing length."""
    lengths = leg.muscle_lengths(hip, knee, ankle)
    standing = leg.standing_lengths()
    return {m: 100.0 * (lengths[m] / standing[m] - 1.0) for m in leg.MUSCLES}


def strain_norm(limit: float = STRAIN_LIMIT) -> TwoSlopeNorm:
    """Colour normalisation for length changes: 0 % in the middle, +-``limit`` % at the ends."""
    return TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)


class LegDrawing:
    """A stick figure of the model leg with its muscle paths, on one axes.

    Parameters
    ----------
    ax : matplotlib Axes
    muscles : sequence of str, optional
        The muscles to draw (default: all of :data:`hamstrings.leg.MUSCLES`).
    color_by : {"muscle", "strain"}
        ``"muscle"`` draws each muscle in its book colour; ``"strain"`` colours
        it by its length change from standing (per cent), purple shorter, orange
        longer.
    xlim, ylim : (float, float)
        Axis limits in metres; the defaults fit every pose the joints allow (the leg
        reaches x -0.76 to 0.95 m and y -0.95 to 0.80 m over the joint ranges; the live
        explorers' tests check the corners).
    """

    def __init__(self, ax, muscles=None, color_by: str = "strain",
                 xlim=(-0.85, 1.05), ylim=(-1.05, 0.9)):
        self.color_by = validate.choice(color_by, "color_by", ("muscle", "strain"))
        self.ax = ax
        self.muscles = tuple(validate.choice(m, "muscles", leg.MUSCLES)
                             for m in (leg.MUSCLES if muscles is None else muscles))
        self.cmap = style.STRAIN_CMAP
        self.norm = strain_norm()
        bone = dict(color=style.NEUTRAL["bone"], lw=7, solid_capstyle="round", zorder=1)
        (self.thigh,) = ax.plot([], [], **bone)
        (self.shank,) = ax.plot([], [], **bone)
        (self.foot,) = ax.plot([], [], **bone)
        (self.pelvis,) = ax.fill([], [], color=style.NEUTRAL["bone"], alpha=0.5, zorder=0)
        (self.joints,) = ax.plot([], [], "o", color=style.NEUTRAL["joint"], ms=5, zorder=4)
        self.lines = {}
        for m in self.muscles:
            line = style.line_style(m)  # colour, and the two-joint hamstrings' line styles
            (self.lines[m],) = ax.plot([], [], color=line["color"], ls=line["linestyle"], lw=2.2,
                                       zorder=3, solid_capstyle="round", label=line["label"])
        ax.set_aspect("equal")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("x, forward (m)")
        ax.set_ylabel("y, up (m)")
        ax.grid(False)

    def _pelvis_outline(self, geometry) -> np.ndarray:
        pts = np.array([[s.x, s.y] for s in leg.SITES.values()
                        if s.segment == "pelvis" and not s.radius])
        centre = pts.mean(axis=0)
        order = np.argsort(np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0]))
        return pts[order]

    def set_pose(self, hip=0.0, knee=0.0, ankle=0.0) -> None:
        """Move the drawing to a new pose (scalar angles in degrees)."""
        geometry = leg.pose(hip, knee, ankle)
        j = geometry["joints"]
        self.thigh.set_data(*np.array([j["hip"], j["knee"]]).T)
        self.shank.set_data(*np.array([j["knee"], j["ankle"]]).T)
        self.foot.set_data(*np.array([j["heel"], j["ankle"], j["toe"], j["heel"]]).T)
        self.pelvis.set_xy(self._pelvis_outline(geometry))
        self.joints.set_data(*np.array([j["hip"], j["knee"], j["ankle"]]).T)
        change = length_change(hip, knee, ankle) if self.color_by == "strain" else None
        for m, line in self.lines.items():
            line.set_data(*geometry["paths"][m].T)
            if change is not None:
                line.set_color(self.cmap(self.norm(float(change[m]))))

    def group_legend(self, **kwargs):
        """A legend with one entry per muscle group, in the group's colour."""
        groups = dict.fromkeys(style.group_of(m) for m in self.muscles)
        handles = [Line2D([], [], color=style.GROUP_COLORS[g], lw=3, label=style.display_name(g))
                   for g in groups]
        return self.ax.legend(handles=handles, **kwargs)

    def colorbar(self, fig, **kwargs):
        """Add the strain colour bar (only meaningful with ``color_by="strain"``)."""
        mappable = plt.cm.ScalarMappable(norm=self.norm, cmap=self.cmap)
        kwargs.setdefault("ax", self.ax)
        bar = fig.colorbar(mappable, **kwargs)
        bar.set_label("length change from standing (%)")
        return bar


class LengthBars:
    """A horizontal bar per muscle: length change from standing, in per cent."""

    def __init__(self, ax, muscles=None):
        self.ax = ax
        self.muscles = tuple(leg.MUSCLES if muscles is None else muscles)
        y = np.arange(len(self.muscles))[::-1]
        self.bars = ax.barh(y, np.zeros(len(self.muscles)),
                            color=[style.muscle_color(m) for m in self.muscles])
        ax.set_yticks(y, [style.display_name(m) for m in self.muscles])
        ax.axvline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
        ax.set_xlim(-35, 35)
        ax.set_xlabel("length change from standing (%)")
        ax.grid(axis="y", visible=False)

    def set_pose(self, hip=0.0, knee=0.0, ankle=0.0) -> None:
        change = length_change(hip, knee, ankle)
        for bar, m in zip(self.bars, self.muscles):
            bar.set_width(float(change[m]))


def figure_png(fig, dpi: int = 80) -> bytes:
    """Render ``fig`` to PNG bytes from scratch (simple, but slow for a widget)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


class BlitPNG:
    """Render a figure to PNG fast when only some of its artists change.

    The first call draws the whole figure once (axes, ticks, labels, colour
    bars), freezes its layout and keeps that image as a background. Every later
    call pastes the background and draws only ``artists`` on top, then encodes
    the pixels as PNG. This is matplotlib's blitting, used here to feed an
    ``ipywidgets.Image``; it is several times faster than ``savefig``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure made with ``matplotlib.figure.Figure`` (not pyplot), so that it
        never shows up as an extra output in a notebook.
    artists : iterable of Artist
        Everything that changes between frames (lines, bars, titles).
    """

    def __init__(self, fig, artists):
        self.fig = fig
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self.artists = list(artists)
        for artist in self.artists:
            artist.set_animated(True)
        self._background = None

    def png(self) -> bytes:
        """The figure as PNG bytes, with the artists as they are now."""
        if self._background is None:
            self.canvas.draw()
            self.fig.set_layout_engine("none")  # keep the layout just computed
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self.canvas.restore_region(self._background)
        for artist in self.artists:
            self.fig.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


# The player's button icons, drawn inline (16 x 16, in the text colour). matplotlib's
# to_jshtml() links Font Awesome 4 from a CDN for them, which an offline reader cannot
# load; an inline SVG needs no font and looks the same in the book, JupyterLab and Colab.
_ANIMATION_ICONS = {
    "minus": "M2 7h12v2H2z",
    "plus": "M2 7h12v2H2z M7 2h2v12H7z",
    "fast-backward": "M1 2h2v12H1z M3 8l6-6v12z M9 8l6-6v12z",
    "step-backward": "M2 2h2v12H2z M4 8l9-6v12z",
    "play fa-flip-horizontal": "M13 2v12L3 8z",
    "pause": "M3 2h4v12H3z M9 2h4v12H9z",
    "play": "M3 2l10 6-10 6z",
    "step-forward": "M3 2l9 6-9 6z M12 2h2v12h-2z",
    "fast-forward": "M1 2l6 6-6 6z M7 2l6 6-6 6z M13 2h2v12h-2z",
}
_FONT_AWESOME_LINK = re.compile(r'<link rel="stylesheet"\s+href="[^"]*font-awesome[^"]*">\s*')
_FONT_AWESOME_ICON = re.compile(r'<i class="fa fa-([\w -]+?)"></i>')


def _svg_icon(match: re.Match) -> str:
    path = _ANIMATION_ICONS.get(match.group(1))
    if path is None:
        raise RuntimeError(f"matplotlib's to_jshtml() has a new icon {match.group(1)!r}; "
                           f"add it to _ANIMATION_ICONS")
    return ('<svg aria-hidden="true" focusable="false" width="1em" height="1em" '
            f'viewBox="0 0 16 16" style="vertical-align:-0.125em"><path fill="currentColor" '
            f'd="{path}"/></svg>')


def animation_html(animation, alt: str, label: str, dpi: float | None = None) -> str:
    """An animation as self-contained HTML (``to_jshtml``) that works offline and with
    screen readers; the one function through which every animation of the book reaches a page.

    Frames are rendered at ``dpi`` (default: the figure's own dpi; ``to_jshtml`` would
    otherwise use ``rcParams["savefig.dpi"]``, which the book's style sets to 100, and a
    lower resolution keeps the page small). The animation's figure is closed afterwards.

    matplotlib's player shows each frame in an ``<img>`` without alt text, has a
    frame slider without a label, and draws its buttons with Font Awesome 4 icons
    from a CDN. This adds ``alt`` (what the animation shows) to the image and
    ``aria-label`` (what the slider moves through) to the slider, and draws the
    buttons' icons as inline SVG (the buttons keep matplotlib's ``title`` and
    ``aria-label``), so the HTML loads nothing from the network. Display the result
    with ``IPython.display.HTML``.

    Raises ``ValueError`` if ``alt`` or ``label`` is empty.
    """
    for name, text in (("alt", alt), ("label", label)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{name} must be a non-empty description (got {text!r})")
    fig = animation._fig
    try:
        with plt.rc_context({"savefig.dpi": dpi or fig.dpi}):
            page = animation.to_jshtml()
    finally:
        plt.close(fig)
    page, n_img = re.subn(r'<img id="(_anim_img\w+)"',
                          lambda m: f'<img id="{m.group(1)}" alt="{html.escape(alt)}"', page, count=1)
    page, n_slider = re.subn(r'<input id="(_anim_slider\w+)"',
                             lambda m: f'<input id="{m.group(1)}" aria-label="{html.escape(label)}"',
                             page, count=1)
    page, n_link = _FONT_AWESOME_LINK.subn("", page)
    page, n_icons = _FONT_AWESOME_ICON.subn(_svg_icon, page)
    if n_img != 1 or n_slider != 1 or n_link != 1 or n_icons != len(_ANIMATION_ICONS):
        raise RuntimeError("matplotlib's to_jshtml() output has changed; update animation_html")
    return page
