"""Pictures of a stride: shaded phase plots and the walking animation.

Everything here draws what :mod:`hamstrings.gait` computes; nothing is modelled.
The leg is :class:`hamstrings.plotting.LegDrawing` (muscles coloured by strain,
:data:`hamstrings.style.STRAIN_CMAP`), moved with ``set_pose``; the animation
and the explorer only update artists, so both stay cheap.

- :func:`shade_stride` shades swing and a muscle's typical activity on a phase axis.
- :func:`draw_key_phases` draws the leg at a few phases of a stride (static figures).
- :func:`animation_html` returns a stride as a ``to_jshtml`` animation (HTML text).

The stride explorer is :mod:`hamstrings.explorers.stride`.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from . import gait, plotting, style

__all__ = ["LEG_LIMITS", "SWING_COLOR", "shade_stride", "draw_key_phases", "StrideAnimation",
           "animation_html"]

#: Axis limits (m) that hold the leg at every pose of a walking or jogging stride.
LEG_LIMITS = {"xlim": (-0.55, 0.65), "ylim": (-0.92, 0.2)}

#: Background of the swing phase on phase plots (stance is left white).
SWING_COLOR = "#EEEEEE"


def _name(m: str) -> str:
    return m.replace("_", " ")


def shade_stride(ax, s: gait.Stride, muscle: str | None = None, windows: dict | None = None,
                 label: bool = True, swing: bool = True, band=(0.94, 1.0)) -> list:
    """Shade swing (grey) and, if ``muscle`` is given, its typical activity (a band in the
    muscle's colour, from ``band[0]`` to ``band[1]`` of the axes' height) on a phase axis.

    ``windows`` defaults to :func:`hamstrings.gait.activity` for the stride;
    ``swing=False`` leaves out the swing shading (to add a second muscle's band).
    Returns the artists it added (so that a widget can remove them).
    """
    artists = []
    if swing:
        artists.append(ax.axvspan(s.toe_off, 100.0, color=SWING_COLOR, zorder=0, lw=0,
                                  label="swing" if label else None))
    if muscle is not None:
        if windows is None:
            windows = gait.activity(s.direction, s.stance_fraction)
        colour = style.muscle_color(muscle)
        transform = ax.get_xaxis_transform()
        for i, (a, b) in enumerate(windows.get(muscle, [])):
            pieces = [(a, b)] if a <= b else [(a, 100.0), (0.0, b)]
            for j, (x0, x1) in enumerate(pieces):
                artists.append(ax.fill_between(
                    [x0, x1], band[0], band[1], transform=transform, color=colour, alpha=0.55, lw=0,
                    label=f"{_name(muscle)} typically active" if label and i == j == 0 else None))
    ax.set_xlim(0.0, 100.0)
    return artists


def draw_key_phases(axes, s: gait.Stride, phases, color_by: str = "strain") -> list:
    """Draw the leg at each phase (%) of ``s``, one axes per phase; returns the drawings."""
    drawings = []
    for ax, p in zip(np.ravel(axes), phases):
        i = int(np.argmin(np.abs(s.phase - p)))
        drawing = plotting.LegDrawing(ax, color_by=color_by, **LEG_LIMITS)
        drawing.set_pose(float(s.hip[i]), float(s.knee[i]), float(s.ankle[i]))
        part = "stance" if s.phase[i] <= s.toe_off else "swing"
        ax.set_title(f"{s.phase[i]:.0f} % ({part})", fontsize=10)
        ax.set_axis_off()
        drawings.append(drawing)
    return drawings


class StrideAnimation:
    """A stride as a matplotlib animation: the leg (muscles coloured by strain) and one
    muscle's length change over the cycle with a moving marker.

    ``frames`` evenly spaced phases of one cycle (the last frame is not a repeat
    of the first, so the loop is seamless). ``animation`` is the FuncAnimation.
    """

    def __init__(self, s: gait.Stride, muscle: str = "semimembranosus", frames: int = 24,
                 figsize=(6.4, 3.4), dpi: int = 60):
        if not isinstance(frames, int) or not 4 <= frames <= 200:
            raise ValueError(f"frames must be an integer within 4..200 (got {frames!r})")
        self.stride = s
        self.traces = gait.muscles(s)
        self.muscle = self.traces.check(muscle)
        self.indices = np.round(np.linspace(0, s.phase.size - 1, frames, endpoint=False)).astype(int)
        with style.context():
            self.fig, (ax_leg, ax_trace) = plt.subplots(
                1, 2, figsize=figsize, dpi=dpi, gridspec_kw={"width_ratios": [1.0, 1.15]})
            self.drawing = plotting.LegDrawing(ax_leg, color_by="strain", **LEG_LIMITS)
            ax_leg.set_axis_off()
            shade_stride(ax_trace, s, self.muscle, label=False)
            change = self.traces.change[self.muscle]
            ax_trace.plot(s.phase, change, color=style.muscle_color(self.muscle), lw=2)
            ax_trace.axhline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
            (self.marker,) = ax_trace.plot([], [], "o", ms=8, color=style.NEUTRAL["joint"])
            ax_trace.set_xlabel("% of the stride")
            ax_trace.set_ylabel(f"{_name(self.muscle)}\nlength change (%)")
            pad = 0.15 * (change.max() - change.min() + 1.0)
            ax_trace.set_ylim(change.min() - pad, change.max() + 2.5 * pad)
            self.title = self.fig.suptitle("", fontsize=11)
        self.animation = FuncAnimation(self.fig, self._frame, frames=len(self.indices),
                                       interval=1000.0 * s.duration / len(self.indices), blit=False)

    def _frame(self, k: int):
        s, i = self.stride, int(self.indices[k])
        self.drawing.set_pose(float(s.hip[i]), float(s.knee[i]), float(s.ankle[i]))
        self.marker.set_data([s.phase[i]], [self.traces.change[self.muscle][i]])
        part = "stance" if s.phase[i] <= s.toe_off else "swing"
        self.title.set_text(f"{s.label}: {s.phase[i]:.0f} % of the stride ({part})")
        return []

    def alt_text(self) -> str:
        """A description of the animation for screen readers (the ``alt`` of its image)."""
        return (f"Animation of one stride of {self.stride.label}: the model leg seen from the "
                f"side, muscles coloured by length change from standing, and the "
                f"{_name(self.muscle)} length change over the stride with a moving marker.")

    def to_jshtml(self, alt: str | None = None) -> str:
        """The animation as self-contained HTML (frames embedded as PNG); closes the figure.

        Through :func:`hamstrings.plotting.animation_html`: the player's image
        gets ``alt`` (default :meth:`alt_text`) and its frame slider a label.
        """
        try:  # frames at the figure's own dpi, whatever the page's savefig.dpi says
            with matplotlib.rc_context({"savefig.dpi": self.fig.dpi}):
                return plotting.animation_html(self.animation, alt or self.alt_text(),
                                               "Moment of the stride shown")
        finally:
            plt.close(self.fig)


def animation_html(s: gait.Stride, muscle: str = "semimembranosus", frames: int = 24,
                   figsize=(6.4, 3.4), dpi: int = 60, alt: str | None = None) -> str:
    """HTML of a stride animation (see :class:`StrideAnimation`), for ``IPython.display.HTML``."""
    return StrideAnimation(s, muscle, frames, figsize, dpi).to_jshtml(alt)
