"""Pictures of a stride: shaded phase plots and the walking animation.

Everything here draws what :mod:`hamstrings.gait` computes; nothing is modelled.
The leg is :class:`hamstrings.plotting.LegDrawing` (muscles coloured by strain,
:data:`hamstrings.style.STRAIN_CMAP`), moved with ``set_pose``; the animation
and the explorer only update artists, so both stay cheap.

- :func:`shade_stride` shades swing and a muscle's typical activity on a phase axis.
- :func:`draw_key_phases` draws the leg at a few phases of a stride (static figures).
- :class:`StrideAnimation` is a stride as an animation; ``StrideAnimation(s).to_jshtml()``
  is its HTML for ``IPython.display.HTML``.

The stride explorer is :mod:`hamstrings.explorers.stride`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation

from . import gait, plotting, style, validate

__all__ = ["LEG_LIMITS", "SWING_COLOR", "ANIMATION_LABELS", "shade_stride", "draw_key_phases",
           "StrideAnimation"]

#: Axis limits (m) that hold the leg at every pose of a walking or jogging stride.
LEG_LIMITS = {"xlim": (-0.55, 0.65), "ylim": (-0.92, 0.2)}

#: Background of the swing phase on phase plots (stance is left white).
SWING_COLOR = "#EEEEEE"


def shade_stride(ax, s: gait.Stride, muscle: str | None = None, windows: dict | None = None,
                 label: bool = True, swing: bool = True, band=(0.94, 1.0),
                 name: str | None = None) -> list:
    """Shade swing (grey) and, if ``muscle`` is given, its typical activity (a band in the
    muscle's colour, from ``band[0]`` to ``band[1]`` of the axes' height) on a phase axis.

    ``windows`` defaults to :func:`hamstrings.gait.activity` for the stride;
    ``swing=False`` leaves out the swing shading (to add a second muscle's band); ``name``
    is the band's legend name (default the muscle's display name; ``"vasti"`` when the
    vastus lateralis's windows stand for the three vasti).
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
            for j, (x0, x1) in enumerate(gait.window_pieces(a, b)):
                artists.append(ax.fill_between(
                    [x0, x1], band[0], band[1], transform=transform, color=colour, alpha=0.55, lw=0,
                    label=f"{name or style.display_name(muscle)} typically active" if label and i == j == 0 else None))
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


#: Muscles the animation names with a label and a leader line (besides the traced muscle).
ANIMATION_LABELS = ("rectus_femoris", "iliacus", "soleus")


class StrideAnimation:
    """A stride as a matplotlib animation: the leg (muscles coloured by strain, with its colour
    bar), labels on a few muscles, an arrow for the walking direction, and one muscle's length
    change over the cycle with a moving marker.

    ``frames`` evenly spaced phases of one cycle (the last frame is not a repeat
    of the first, so the loop is seamless). ``animation`` is the FuncAnimation;
    :meth:`to_jshtml` gives the page's HTML.
    """

    def __init__(self, s: gait.Stride, muscle: str = "semimembranosus", frames: int = 24,
                 figsize=(7.4, 4.0), dpi: int = 60):
        validate.integer(frames, "frames", 4, 200)
        self.stride = s
        self.traces = gait.muscles(s)
        self.muscle = self.traces.check(muscle)
        self.indices = np.round(np.linspace(0, s.phase.size - 1, frames, endpoint=False)).astype(int)
        with style.context():
            self.fig, (ax_leg, ax_trace) = plt.subplots(
                1, 2, figsize=figsize, dpi=dpi, gridspec_kw={"width_ratios": [1.0, 0.9]})
            self.drawing = plotting.LegDrawing(ax_leg, color_by="strain", **LEG_LIMITS)
            for bone in (self.drawing.thigh, self.drawing.shank, self.drawing.foot):
                bone.set_linewidth(11)
            for line in self.drawing.lines.values():
                line.set_linewidth(3.2)
            ax_leg.set_axis_off()
            bar = self.drawing.colorbar(self.fig, ax=ax_leg, orientation="horizontal",
                                        fraction=0.06, pad=0.02, shrink=0.9)
            bar.set_label("length change from standing (%)", fontsize=10)
            # the walking direction, above the leg: x points forward in the drawing
            forward = s.direction != "backward"  # forward walking and sprinting
            ax_leg.annotate("", xy=(0.85 if forward else 0.15, 1.03),
                            xytext=(0.15 if forward else 0.85, 1.03), xycoords="axes fraction",
                            arrowprops=dict(arrowstyle="-|>", lw=2.5, color=style.NEUTRAL["joint"]))
            heading = "sprinting" if s.direction == "sprint" else f"walking {s.direction}"
            ax_leg.text(0.5, 1.06, heading, transform=ax_leg.transAxes,
                        ha="center", va="bottom", fontsize=11)
            # labels beside the drawing, each with a leader line to its muscle
            self.labels = {}
            named = (self.muscle, *[m for m in ANIMATION_LABELS if m != self.muscle])
            spots = [(-0.03, 0.62), (1.03, 0.95), (1.03, 0.78), (1.03, 0.2)]
            for m, (x, y) in zip(named, spots):
                self.labels[m] = ax_leg.annotate(
                    style.display_name(m), xy=(0.0, 0.0), xytext=(x, y), textcoords="axes fraction",
                    ha="right" if x < 0.5 else "left", va="center", fontsize=10,
                    color=style.NEUTRAL["annotation"],
                    arrowprops=dict(arrowstyle="-", lw=0.8, color=style.NEUTRAL["annotation"]))
            shade_stride(ax_trace, s, self.muscle, label=False)
            change = self.traces.change[self.muscle]
            kwargs = style.line_style(self.muscle)
            kwargs.update(marker="None", lw=2)
            ax_trace.plot(s.phase, change, **kwargs)
            ax_trace.axhline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
            (self.marker,) = ax_trace.plot([], [], "o", ms=9, color=style.NEUTRAL["joint"])
            ax_trace.set_xlabel("% of the stride")
            ax_trace.set_ylabel(f"{style.display_name(self.muscle)}\nlength change (%)")
            pad = 0.15 * (change.max() - change.min() + 1.0)
            ax_trace.set_ylim(change.min() - pad, change.max() + 2.5 * pad)
            self.title = self.fig.suptitle("", fontsize=12)
        self.animation = FuncAnimation(self.fig, self._frame, frames=len(self.indices),
                                       interval=1000.0 * s.duration / len(self.indices), blit=False)
        self._frame(0)

    def _frame(self, k: int):
        s, i = self.stride, int(self.indices[k])
        self.drawing.set_pose(float(s.hip[i]), float(s.knee[i]), float(s.ankle[i]))
        for m, label in self.labels.items():
            path = self.drawing.lines[m].get_xydata()
            label.xy = tuple(path[len(path) // 2])
        self.marker.set_data([s.phase[i]], [self.traces.change[self.muscle][i]])
        part = "stance" if s.phase[i] <= s.toe_off else "swing"
        self.title.set_text(f"{s.label}: {s.phase[i]:.0f} % of the stride ({part})")
        return []

    def alt_text(self) -> str:
        """A description of the animation for screen readers (the ``alt`` of its image)."""
        named = ", ".join(style.display_name(m) for m in self.labels)
        return (f"Animation of one stride of {self.stride.label}: the model leg seen from the "
                f"side, an arrow pointing the way it moves ({self.stride.direction}), muscles "
                f"coloured by length change from standing with a colour bar from purple "
                f"(shorter) through grey to orange (longer), labels on the {named}, and the "
                f"{style.display_name(self.muscle)} length change over the stride with a "
                f"moving marker.")

    def to_jshtml(self, alt: str | None = None) -> str:
        """The animation as self-contained HTML (frames embedded as PNG at the figure's dpi);
        closes the figure. Through :func:`hamstrings.plotting.animation_html`: the player's
        image gets ``alt`` (default :meth:`alt_text`) and its frame slider a label.
        """
        return plotting.animation_html(self.animation, alt or self.alt_text(),
                                       "Moment of the stride shown")
