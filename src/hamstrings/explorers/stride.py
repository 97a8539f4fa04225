"""The stride explorer (part "Walking"): the leg at any moment of a forward or backward stride.

:class:`StrideExplorer` / :func:`stride_explorer` is the live widget (direction, speed,
phase, muscle and departures controls; needs a running kernel).
"""

from __future__ import annotations

import functools
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from .. import gait, leg, plotting, style
from ..gait_plots import LEG_LIMITS, SWING_COLOR, _name, shade_stride

__all__ = ["StrideExplorer", "stride_explorer"]


@functools.lru_cache(maxsize=256)
def _stride_traces(direction: str, speed: float, departures: bool):
    """(stride, muscle traces) for one setting of the live explorer, computed once per setting
    (the speed slider moves in steps of 0.05 m/s, so a class revisits the same few)."""
    extra = {} if direction == "forward" else {"departures": bool(departures)}
    stride = gait.stride(direction, speed=speed, **extra)
    return stride, gait.muscles(stride)


class StrideExplorer:
    """Direction, speed, phase, muscle and departures -> the leg at that phase and the
    muscle's length change over the stride (the other direction dashed, for comparison).

    ``explorer.widget`` is the ipywidgets box to display. ``explorer.update(...)``
    redraws and is what the controls call; only artists are updated, and a
    change of phase alone redraws only the leg and the cursor
    (:class:`hamstrings.plotting.BlitPNG`).
    """

    SPEED_RANGE = (0.6, 1.8)  # m/s, inside gait.PARAMETER_RANGES["walk"] for both directions
    LAYERS_KEPT = 16  # settings layers kept (about 1 MB each)

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
            self._zero = self.ax.axhline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
            self.ax.set_xlabel("% of the stride")
            self.ax.set_ylabel("length change from standing (%)")
            # one legend, made once: a settings change only rewrites its two labels
            self._legend = self.ax.legend(
                handles=[Line2D([], [], lw=2.2, color=style.NEUTRAL["joint"]),
                         Line2D([], [], lw=1.5, ls="--", color=style.NEUTRAL["annotation"]),
                         Patch(color=SWING_COLOR, lw=0),
                         Patch(color=style.NEUTRAL["joint"], alpha=0.55, lw=0)],
                labels=["backward", "forward, for comparison", "swing", "typically active"],
                loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=8)
        # Three layers: what never changes (drawn once), what a setting changes (the traces, the
        # y axis, the shading, title and legend: redrawn when a setting changes) and what moves
        # with the phase (the leg, its title and the cursor: redrawn on every change).
        self._by_settings = [self.ax.yaxis, self._zero, self.other, self.line, self.ax.title,
                             self._legend]
        for artist in self._by_settings:
            artist.set_animated(True)
        self._moving = [self.drawing.thigh, self.drawing.shank, self.drawing.foot,
                        self.drawing.pelvis, self.drawing.joints, *self.drawing.lines.values(),
                        self.cursor, self.drawing.ax.title]
        for artist in self._moving:
            artist.set_animated(True)
        self._canvas = FigureCanvasAgg(self.fig)
        self._static = None
        self._settings_layer = None
        self._layers = {}  # recent settings layers by setting: going back to one costs no redraw
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
            "muscle": w.Dropdown(options=[(_name(m), m) for m in leg.MUSCLES], value=muscle,
                                 description="muscle",
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
        return _stride_traces(direction, round(float(speed), 3), bool(departures))[0]

    def update(self, direction="backward", speed=1.0, phase=0.0, muscle="semimembranosus",
               departures=True) -> None:
        """Redraw for new settings (speed in m/s, phase in %)."""
        speed = round(float(speed), 3)
        key = (direction, speed, muscle, bool(departures))
        if key != self._key:  # the stride or the muscle changed: new traces
            self.stride, self.traces = _stride_traces(direction, speed, bool(departures))
            other_direction = "forward" if direction == "backward" else "backward"
            _, other = _stride_traces(other_direction, speed, bool(departures))
            change = self.traces.change[muscle]
            self.line.set_data(self.stride.phase, change)
            self.line.set_color(style.muscle_color(muscle))
            self.other.set_data(other.stride.phase, other.change[muscle])
            handle_line, _, _, handle_active = self._legend.legend_handles
            handle_line.set_color(style.muscle_color(muscle))
            handle_active.set_color(style.muscle_color(muscle))
            text_line, text_other, _, text_active = self._legend.get_texts()
            text_line.set_text(direction)
            text_other.set_text(f"{other_direction}, for comparison")
            text_active.set_text(f"{_name(muscle)} typically active")
            for artist in self._spans:
                artist.remove()
            self._spans = shade_stride(self.ax, self.stride, muscle, label=False)
            for artist in self._spans:
                artist.set_animated(True)
            low = min(change.min(), other.change[muscle].min())
            high = max(change.max(), other.change[muscle].max())
            pad = 0.15 * (high - low + 1.0)
            self.ax.set_ylim(low - pad, high + 2.5 * pad)
            self.ax.set_title(f"{_name(muscle)}: {self.stride.label}", fontsize=11)
            self._key = key
            self._settings_layer = None
        s = self.stride
        i = int(np.argmin(np.abs(s.phase - phase)))
        self.drawing.set_pose(float(s.hip[i]), float(s.knee[i]), float(s.ankle[i]))
        self.cursor.set_xdata([s.phase[i], s.phase[i]])
        part = "stance" if s.phase[i] <= s.toe_off else "swing"
        self.drawing.ax.set_title(f"{s.phase[i]:.0f} % ({part})", fontsize=11)
        self.image.value = self._png()

    def _png(self) -> bytes:
        """Render the three layers (see ``__init__``) and encode them as PNG."""
        canvas, fig = self._canvas, self.fig
        if self._static is None:  # once: lay out and draw everything but the animated parts
            canvas.draw()
            fig.set_layout_engine("none")  # keep the layout just computed
            self._static = canvas.copy_from_bbox(fig.bbox)
        if self._settings_layer is None:  # a setting changed: its layer on top
            self._settings_layer = self._layers.pop(self._key, None)
            if self._settings_layer is None:
                canvas.restore_region(self._static)
                for artist in [*self._spans, *self._by_settings]:
                    fig.draw_artist(artist)
                self._settings_layer = canvas.copy_from_bbox(fig.bbox)
            self._layers[self._key] = self._settings_layer  # the most recent last
            while len(self._layers) > self.LAYERS_KEPT:
                self._layers.pop(next(iter(self._layers)))
        canvas.restore_region(self._settings_layer)
        for artist in self._moving:
            fig.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png",
                                                                compress_level=1)
        return buffer.getvalue()

def stride_explorer(direction: str = "backward", speed: float | None = None, phase: float = 0.0,
                    muscle: str = "semimembranosus", departures: bool = True):
    """Return the stride explorer widget (display it as a cell's last line)."""
    return StrideExplorer(direction, speed, phase, muscle, departures).widget
