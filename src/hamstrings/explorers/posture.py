"""Interactive explorers for a running notebook (JupyterLab, Notebook 7, VS Code, Colab).

A widget needs a live Python kernel: on the published (static) book it cannot
run, so every page that offers one also shows a static figure of the same thing.

Each explorer draws with the artists of :mod:`hamstrings.plotting`, moves them on
every slider change and shows the figure as a PNG in an ``ipywidgets.Image``,
rendered by :class:`hamstrings.plotting.BlitPNG` (only what moved is redrawn).
That works in every Jupyter front end without extra extensions.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.figure import Figure

from .. import leg, plotting, style

__all__ = ["PostureExplorer", "posture_explorer"]


@functools.cache
def _bar_limits(step: float = 10.0) -> tuple[float, float]:
    """Length-change axis (per cent) that holds every muscle's bar at every pose the sliders
    reach (a 9 x 9 x 9 grid over :data:`hamstrings.leg.JOINT_LIMITS`, ends included)."""
    grid = np.meshgrid(*(np.linspace(*leg.JOINT_LIMITS[j], 9) for j in leg.JOINTS), indexing="ij")
    change = plotting.length_change(*(g.ravel() for g in grid))
    low = min(float(np.min(v)) for v in change.values())
    high = max(float(np.max(v)) for v in change.values())
    return step * np.floor(low / step - 0.2), step * np.ceil(high / step + 0.2)


class PostureExplorer:
    """Hip, knee and ankle sliders -> the leg with muscles coloured by length change,
    and a bar chart of every muscle's length change from standing.

    ``explorer.widget`` is the ipywidgets box to display; ``explorer.update(...)``
    redraws for new angles (degrees) and is what the sliders call.
    """

    def __init__(self, hip=0.0, knee=0.0, ankle=0.0):
        import ipywidgets as w

        with style.context():
            self.fig = Figure(figsize=(9.0, 4.6), dpi=80)
            ax_leg, ax_bar = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.0]})
            self.drawing = plotting.LegDrawing(ax_leg, color_by="strain")
            self.drawing.colorbar(self.fig, shrink=0.7, location="bottom")
            self.bars = plotting.LengthBars(ax_bar)
            ax_bar.set_xlim(*_bar_limits())  # no bar runs past the axis at any pose
        d = self.drawing
        moving = [d.thigh, d.shank, d.foot, d.pelvis, d.joints, *d.lines.values(),
                  *self.bars.bars, ax_leg.title]
        self.renderer = plotting.BlitPNG(self.fig, moving)
        self.image = w.Image(format="png", layout=w.Layout(max_width="900px"))
        self.sliders = {
            joint: w.FloatSlider(
                value=value, min=lo, max=hi, step=1.0, description=f"{joint} (°)",
                continuous_update=True, readout_format=".0f",
                style={"description_width": "5em"}, layout=w.Layout(width="420px"))
            for (joint, (lo, hi)), value in zip(leg.JOINT_LIMITS.items(), (hip, knee, ankle))
        }
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.sliders.values(), self.image])
        self.update(hip, knee, ankle)

    def _on_change(self, _change=None):
        self.update(**{j: s.value for j, s in self.sliders.items()})

    def update(self, hip=0.0, knee=0.0, ankle=0.0) -> None:
        """Redraw the leg and the bars for a new pose (degrees)."""
        self.drawing.set_pose(hip, knee, ankle)
        self.bars.set_pose(hip, knee, ankle)
        self.drawing.ax.set_title(f"hip {hip:.0f}°, knee {knee:.0f}°, ankle {ankle:.0f}°")
        self.image.value = self.renderer.png()


def posture_explorer(hip=0.0, knee=0.0, ankle=0.0):
    """Return the posture explorer widget (display it as a cell's last line)."""
    return PostureExplorer(hip, knee, ankle).widget
