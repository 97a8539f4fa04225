"""The stride explorer (part "Walking"): the leg at any moment of a forward or backward stride.

:class:`StrideExplorer` / :func:`stride_explorer` is the live widget (direction, speed,
phase, muscle and departures controls; needs a running kernel).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import gait, leg, plotting, style
from ..gait_plots import LEG_LIMITS, _name, shade_stride

__all__ = ["StrideExplorer", "stride_explorer"]


class StrideExplorer:
    """Direction, speed, phase, muscle and departures -> the leg at that phase and the
    muscle's length change over the stride (the other direction dashed, for comparison).

    ``explorer.widget`` is the ipywidgets box to display. ``explorer.update(...)``
    redraws and is what the controls call; only artists are updated, and a
    change of phase alone redraws only the leg and the cursor
    (:class:`hamstrings.plotting.BlitPNG`).
    """

    SPEED_RANGE = (0.6, 1.8)  # m/s, inside gait.PARAMETER_RANGES["walk"] for both directions

    def __init__(self, direction: str = "backward", speed: float | None = None,
                 phase: float = 0.0, muscle: str = "semimembranosus", departures: bool = True):
        import ipywidgets as w

        if speed is None:
            speed = round(gait.stride(direction).speed, 2)
        with style.context():
            self.fig = Figure(figsize=(9.0, 4.2), dpi=80, layout="constrained")
            ax_leg, self.ax = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.3]})
            self.drawing = plotting.LegDrawing(ax_leg, color_by="strain", **LEG_LIMITS)
            ax_leg.set_axis_off()  # the stick figure needs no metre ticks; fewer labels redraw faster
            self.drawing.colorbar(self.fig, shrink=0.7, location="bottom")
            (self.line,) = self.ax.plot([], [], lw=2.2)
            (self.other,) = self.ax.plot([], [], lw=1.5, ls="--", color=style.NEUTRAL["annotation"])
            self.cursor = self.ax.axvline(0.0, color=style.NEUTRAL["joint"], lw=1.2)
            self.ax.axhline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
            self.ax.set_xlabel("% of the stride")
            self.ax.set_ylabel("length change from standing (%)")
        # what moves when only the phase changes; everything else is the blitted background
        self._moving = [self.drawing.thigh, self.drawing.shank, self.drawing.foot,
                        self.drawing.pelvis, self.drawing.joints, *self.drawing.lines.values(),
                        self.cursor, self.drawing.ax.title]
        self._spans = []
        self._key = None
        self.image = w.Image(format="png", layout=w.Layout(max_width="900px"))
        wide = {"style": {"description_width": "7em"}, "layout": w.Layout(width="420px")}
        self.controls = {
            "direction": w.ToggleButtons(options=list(gait.DIRECTIONS), value=direction,
                                         description="direction", **wide),
            "speed": w.FloatSlider(value=speed, min=self.SPEED_RANGE[0], max=self.SPEED_RANGE[1],
                                   step=0.05, description="speed (m/s)", readout_format=".2f",
                                   **wide),
            "phase": w.FloatSlider(value=phase, min=0.0, max=100.0, step=1.0,
                                   description="phase (%)", readout_format=".0f", **wide),
            "muscle": w.Dropdown(options=list(leg.MUSCLES), value=muscle, description="muscle",
                                 **wide),
            "departures": w.Checkbox(value=departures, description="backward departures on",
                                     indent=False),
        }
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.controls.values(), self.image])
        self.update(direction, speed, phase, muscle, departures)

    def _on_change(self, _change=None):
        self.update(**{k: c.value for k, c in self.controls.items()})

    @staticmethod
    def _stride(direction, speed, departures):
        extra = {} if direction == "forward" else {"departures": bool(departures)}
        return gait.stride(direction, speed=speed, **extra)

    def update(self, direction="backward", speed=1.0, phase=0.0, muscle="semimembranosus",
               departures=True) -> None:
        """Redraw for new settings (speed in m/s, phase in %)."""
        key = (direction, float(speed), muscle, bool(departures))
        if key != self._key:  # the stride or the muscle changed: new traces
            self.stride = self._stride(direction, speed, departures)
            self.traces = gait.muscles(self.stride)
            other_direction = "forward" if direction == "backward" else "backward"
            other = gait.muscles(self._stride(other_direction, speed, departures))
            change = self.traces.change[muscle]
            self.line.set_data(self.stride.phase, change)
            self.line.set_color(style.muscle_color(muscle))
            self.line.set_label(f"{direction}")
            self.other.set_data(other.stride.phase, other.change[muscle])
            self.other.set_label(f"{other_direction}, for comparison")
            for artist in self._spans:
                artist.remove()
            self._spans = shade_stride(self.ax, self.stride, muscle)
            low = min(change.min(), other.change[muscle].min())
            high = max(change.max(), other.change[muscle].max())
            pad = 0.15 * (high - low + 1.0)
            self.ax.set_ylim(low - pad, high + 2.5 * pad)
            self.ax.set_title(f"{_name(muscle)}: {self.stride.label}", fontsize=11)
            self.ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8)
            self._key = key
            self.renderer = plotting.BlitPNG(self.fig, self._moving)  # new background
        s = self.stride
        i = int(np.argmin(np.abs(s.phase - phase)))
        self.drawing.set_pose(float(s.hip[i]), float(s.knee[i]), float(s.ankle[i]))
        self.cursor.set_xdata([s.phase[i], s.phase[i]])
        part = "stance" if s.phase[i] <= s.toe_off else "swing"
        self.drawing.ax.set_title(f"{s.phase[i]:.0f} % ({part})", fontsize=11)
        self.image.value = self.renderer.png()


def stride_explorer(direction: str = "backward", speed: float | None = None, phase: float = 0.0,
                    muscle: str = "semimembranosus", departures: bool = True):
    """Return the stride explorer widget (display it as a cell's last line)."""
    return StrideExplorer(direction, speed, phase, muscle, departures).widget
