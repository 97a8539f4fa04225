"""The antagonist-pair explorer (part "The antagonist pair"): quadriceps against hamstrings.

:class:`AntagonistExplorer` is the live widget (sliders for the quadriceps and hamstring
activations, the inhibition gain and the hip angle): it builds its figure once, moves
the artists on every change and shows the figure as a PNG in an ``ipywidgets.Image``,
redrawing only what moved (:class:`hamstrings.plotting.BlitPNG`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import antagonist, clinical, leg, plotting, style
from ..antagonist_plots import KneeLeg, TorqueBars

__all__ = ["AntagonistExplorer", "antagonist_explorer"]


class AntagonistExplorer:
    """Quadriceps and hamstring activation, inhibition gain and hip angle -> the knee's balance.

    Lying on the back (as in the active knee extension test), the thigh held
    at the hip angle. For each setting the knee moves, from where it was, to
    the equilibrium of :func:`hamstrings.antagonist.settle`; the figure shows
    the leg there, the knee torques that balance (they add up to zero), and
    each hamstring's passive force and length change from standing. The
    default person's tolerated hamstring tension
    (:func:`hamstrings.clinical.tolerated_tension`) is marked.

    ``explorer.widget`` is the ipywidgets box to display; ``explorer.update``
    recomputes and redraws; ``explorer.compute`` only computes.
    """

    def __init__(self, quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0):
        import ipywidgets as w

        self.knee = 90.0
        self.tolerated = clinical.tolerated_tension()
        self.standing = {m: float(v) for m, v in leg.muscle_lengths(0.0, 0.0, 0.0).items()}
        with style.context():
            self.fig = Figure(figsize=(9.6, 4.8), dpi=80, layout="constrained")
            grid = self.fig.add_gridspec(2, 2, width_ratios=[1.0, 1.15], height_ratios=[1.3, 1.0])
            ax_leg = self.fig.add_subplot(grid[:, 0])
            ax_torque = self.fig.add_subplot(grid[0, 1])
            ax_ham = self.fig.add_subplot(grid[1, 1])
            self.leg = KneeLeg(ax_leg, body="supine")
            self.torques = TorqueBars(ax_torque)
            self.hams = antagonist.GROUPS["hamstrings"]
            y = np.arange(len(self.hams))[::-1]
            colors = [style.muscle_color(m) for m in self.hams]
            self.ham_bars = ax_ham.barh(y, np.zeros(len(y)), color=colors)
            ax_ham.set_yticks(y, [m.replace("_", " ") for m in self.hams])
            # the axis holds the largest passive force the sliders reach (hip flexed to 120°,
            # knee at the end of its range), with room for the value labels
            longest = antagonist.knee_state(120.0, antagonist.KNEE_RANGE[0], body="supine")
            self.force_max = 1000.0 * np.ceil(1.25 * max(longest.passive[m] for m in self.hams)
                                              / 1000.0)
            ax_ham.set_xlim(0, self.force_max)
            ax_ham.set_xlabel("passive force (N); length change from standing")
            ax_ham.grid(axis="y", visible=False)
            self.ham_text = [ax_ham.text(0, yi, "", va="center", fontsize=9) for yi in y]
            self.ham_title = ax_ham.set_title("", fontsize=10)
        self.image = w.Image(format="png", layout=w.Layout(max_width="960px"))
        slider = dict(continuous_update=True, style={"description_width": "9em"},
                      layout=w.Layout(width="440px"))
        self.sliders = {
            "quadriceps": w.FloatSlider(value=quadriceps, min=0, max=1, step=0.01,
                                        description="quadriceps", readout_format=".2f", **slider),
            "hamstrings": w.FloatSlider(value=hamstrings, min=0, max=1, step=0.01,
                                        description="hamstrings", readout_format=".2f", **slider),
            "inhibition_gain": w.FloatSlider(value=inhibition_gain, min=0, max=1, step=0.01,
                                             description="inhibition gain", readout_format=".2f",
                                             **slider),
            "hip": w.FloatSlider(value=hip, min=0, max=120, step=1, description="hip flexion (°)",
                                 readout_format=".0f", **slider),
        }
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.sliders.values(), self.image])
        self._renderer = plotting.BlitPNG(self.fig, self._moving_artists())
        self.update(quadriceps, hamstrings, inhibition_gain, hip)

    def _moving_artists(self) -> list:
        d = self.leg.drawing
        return [d.thigh, d.shank, d.foot, d.pelvis, d.joints, *d.lines.values(),
                *self.torques.bars, *self.ham_bars, *self.ham_text, self.ham_title,
                self.leg.ax.title]

    def _on_change(self, _change=None):
        self.update(**{k: s.value for k, s in self.sliders.items()})

    def compute(self, quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0):
        """(equilibrium, knee state) for a setting, starting from the current knee angle."""
        eq = antagonist.settle(hip, start=self.knee, quadriceps=quadriceps, hamstrings=hamstrings,
                               inhibition_gain=inhibition_gain, body="supine")
        state = antagonist.knee_state(hip, eq.knee, quadriceps=quadriceps, hamstrings=hamstrings,
                                      inhibition_gain=inhibition_gain, body="supine")
        self.knee = eq.knee
        return eq, state

    def draw(self, hip, eq, state) -> None:
        """Move the artists to a computed state and render the PNG."""
        self.leg.set_pose(hip, eq.knee, 0.0)
        where = "end of its range" if eq.at_limit else "balance"
        self.leg.ax.set_title(f"hip {hip:.0f}°, knee {eq.knee:.0f}° ({where})", fontsize=11)
        self.torques.set_values(state.torques)
        tension = 0.0
        for bar, text, m in zip(self.ham_bars, self.ham_text, self.hams):
            force = state.passive[m]
            tension += force
            bar.set_width(force)
            change = 100.0 * (state.length[m] / self.standing[m] - 1.0)
            text.set_x(force + 0.01 * self.force_max)
            text.set_text(f"{change:+.0f} %")
        over = "beyond" if tension > self.tolerated else "within"
        self.ham_title.set_text(f"hamstring tension {tension:.0f} N, {over} tolerance "
                                f"({self.tolerated:.0f} N)")
        self.image.value = self._renderer.png()

    def update(self, quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0) -> None:
        """Recompute the balance for a setting and redraw."""
        eq, state = self.compute(quadriceps, hamstrings, inhibition_gain, hip)
        self.draw(hip, eq, state)


def antagonist_explorer(quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0):
    """Return the antagonist explorer widget (display it as a cell's last line)."""
    return AntagonistExplorer(quadriceps, hamstrings, inhibition_gain, hip).widget
