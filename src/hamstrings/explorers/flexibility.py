"""The sitting-and-flexibility explorer: a day's habits -> flexibility over weeks.

Sliders and menus set a :func:`hamstrings.flexibility.typical_day` (sitting
hours and posture, backward-walking share of the walking time, stretching
sessions a week and hold time), the number of weeks and the starting
straight-leg raise. The figure shows the straight-leg raise and the active
knee extension deficit day by day with their parameter-uncertainty band
(:func:`hamstrings.flexibility.simulate`, seeded), the "limited" thresholds and
the norms of :data:`hamstrings.clinical.NORMS`, and the day's length exposure of
the semimembranosus and the iliacus (:func:`hamstrings.flexibility.exposure`).

Drawn once with a :class:`matplotlib.figure.Figure`; every update moves the
lines, the band polygons and the bars and renders them with
:class:`hamstrings.plotting.BlitPNG`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import clinical, flexibility, plotting, postures, style

__all__ = ["FlexibilityExplorer", "flexibility_explorer", "MAX_WEEKS", "BAND_SAMPLES"]

#: The time axis is fixed (the background is drawn once): runs of up to a year.
MAX_WEEKS = 52

#: Parameter sets sampled for the band in the widget (seeded, seed 0).
BAND_SAMPLES = 40

_EXPOSED = ("semimembranosus", "iliacus")


def _norm(test: str, role: str, group: str | None = None) -> float:
    return next(n.mean for n in clinical.NORMS
                if n.test == test and n.role == role and (group is None or n.group == group))


def _band_vertices(x, low, high) -> np.ndarray:
    return np.column_stack([np.concatenate([x, x[::-1]]), np.concatenate([low, high[::-1]])])


class FlexibilityExplorer:
    """Habits -> straight-leg raise and active knee extension over weeks, and the day's exposure.

    ``explorer.widget`` is the ipywidgets box; ``explorer.update(...)`` takes
    the same keywords as :meth:`compute` and redraws.
    """

    def __init__(self, sitting_hours=8.0, sitting_posture="chair_sitting", backward_share=0.0,
                 sessions_per_week=0.0, hold_s=60.0, weeks=12, start_slr=None):
        import ipywidgets as w

        colour = style.GROUP_COLORS["hamstrings"]
        with style.context():
            self.fig = Figure(figsize=(10.0, 4.4), dpi=80, layout="constrained")
            ax_slr, ax_ake, ax_exp = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 0.9]})
            x0 = np.array([0.0, 1.0])
            self.slr_band = ax_slr.fill_between(x0, x0, x0, color=colour, alpha=0.25, lw=0,
                                                label="5-95 % of sampled parameters")
            (self.slr_line,) = ax_slr.plot(x0, x0, color=colour, label="nominal parameters")
            self.ake_band = ax_ake.fill_between(x0, x0, x0, color=colour, alpha=0.25, lw=0)
            (self.ake_line,) = ax_ake.plot(x0, x0, color=colour)
            grey = style.NEUTRAL["annotation"]
            ax_slr.axhline(_norm("straight_leg_raise", "threshold"), color=grey, ls="--", lw=1,
                           label="limited below 80°")
            ax_slr.axhline(_norm("straight_leg_raise", "validation", "men"), color=grey, ls=":", lw=1,
                           label="mean of 30 men, 61°")
            ax_ake.axhline(_norm("active_knee_extension", "threshold", "short above (men)"), color=grey,
                           ls="--", lw=1, label="short above 33° (men)")
            ax_ake.axhline(_norm("active_knee_extension", "calibration"), color=grey, ls=":", lw=1,
                           label="mean of young men, 17.8°")
            ax_slr.set(xlim=(0, MAX_WEEKS), ylim=(40, 100), xlabel="weeks",
                       ylabel="straight-leg raise (°)")
            ax_ake.set(xlim=(0, MAX_WEEKS), ylim=(0, 50), xlabel="weeks",
                       ylabel="knee-extension deficit (°)")
            ax_slr.legend(fontsize=7, loc="lower right")
            ax_ake.legend(fontsize=7, loc="upper right")
            edges = np.arange(60.0, 130.1, 2.0)
            self.edges = edges
            centres = 0.5 * (edges[1:] + edges[:-1])
            width = 0.45 * (edges[1] - edges[0])
            self.bars = {}
            for i, m in enumerate(_EXPOSED):
                self.bars[m] = ax_exp.bar(centres + (i - 0.5) * width, np.zeros_like(centres), width,
                                          color=style.muscle_color(m), label=m.replace("_", " "))
            ax_exp.axvline(100.0, color=grey, lw=1)
            ax_exp.set(xlim=(60, 130), ylim=(0, 24), xlabel="length (% of standing)",
                       ylabel="hours a day")
            ax_exp.legend(fontsize=7, loc="upper left")
            self.title = ax_slr.set_title(" ", fontsize=9, loc="left")
            self.ax = (ax_slr, ax_ake, ax_exp)
        moving = [self.slr_band, self.slr_line, self.ake_band, self.ake_line, self.title,
                  *[p for b in self.bars.values() for p in b.patches]]
        self.renderer = plotting.BlitPNG(self.fig, moving)
        self.image = w.Image(format="png", layout=w.Layout(max_width="1000px"))
        slider = dict(continuous_update=False, style={"description_width": "15em"},
                      layout=w.Layout(width="520px"))
        grid_start = flexibility._tables()[1]
        self.controls = {
            "sitting_hours": w.FloatSlider(value=sitting_hours, min=0, max=15, step=0.5,
                                           description="sitting (h/day)", **slider),
            "sitting_posture": w.Dropdown(options=[(postures.get(p).label, p) for p in postures.SITTING],
                                          value=sitting_posture, description="sitting posture",
                                          style={"description_width": "15em"},
                                          layout=w.Layout(width="520px")),
            "backward_share": w.FloatSlider(value=backward_share, min=0, max=0.5, step=0.05,
                                            description="backward share of walking", **slider),
            "sessions_per_week": w.IntSlider(value=int(sessions_per_week), min=0, max=7,
                                             description="stretching sessions/week", **slider),
            "hold_s": w.FloatSlider(value=hold_s, min=0, max=300, step=15,
                                    description="hold per session (s)", **slider),
            "weeks": w.IntSlider(value=int(weeks), min=1, max=MAX_WEEKS, description="weeks", **slider),
            "start_slr": w.FloatSlider(value=float(grid_start[11] if start_slr is None else start_slr),
                                       min=50, max=90, step=1, description="starting SLR (°)",
                                       **slider),
        }
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.controls.values(), self.image])
        self.update(sitting_hours, sitting_posture, backward_share, sessions_per_week, hold_s,
                    weeks, start_slr)

    def _on_change(self, _change=None):
        self.update(**{k: c.value for k, c in self.controls.items()})

    @staticmethod
    def compute(sitting_hours=8.0, sitting_posture="chair_sitting", backward_share=0.0,
                sessions_per_week=0.0, hold_s=60.0, weeks=12, start_slr=None):
        """The model work of one update: (simulation result, exposure)."""
        day = flexibility.typical_day(sitting_hours=sitting_hours, sitting_posture=sitting_posture,
                                      backward_share=backward_share,
                                      stretch_sessions_per_week=sessions_per_week,
                                      stretch_hold_s=hold_s)
        person = None if start_slr is None else {
            "tolerated_torque": flexibility.tolerance_for_slr(start_slr)}
        result = flexibility.simulate(day, weeks, person=person, seed=0, samples=BAND_SAMPLES)
        return result, flexibility.exposure(day, muscles=_EXPOSED)

    def update(self, sitting_hours=8.0, sitting_posture="chair_sitting", backward_share=0.0,
               sessions_per_week=0.0, hold_s=60.0, weeks=12, start_slr=None) -> None:
        """Recompute and redraw (keywords as the controls)."""
        result, exp = self.compute(sitting_hours, sitting_posture, backward_share,
                                   sessions_per_week, hold_s, weeks, start_slr)
        x = result.day / 7.0
        self.slr_line.set_data(x, result.slr)
        self.ake_line.set_data(x, result.ake)
        self.slr_band.set_verts([_band_vertices(x, *result.slr_band)])
        self.ake_band.set_verts([_band_vertices(x, *result.ake_band)])
        for m, bars in self.bars.items():
            for patch, h in zip(bars.patches, exp.hours[m]):
                patch.set_height(h)
        # the backward share often changes no curve: the title still answers the move
        self.title.set_text(f"SLR {result.slr[0]:.0f}° → {result.slr[-1]:.0f}° after {weeks:.0f} weeks"
                            f" (backward walking {100 * backward_share:.0f} % of walking)")
        self.image.value = self.renderer.png()


def flexibility_explorer(**settings):
    """Return the flexibility explorer widget (display it as a cell's last line)."""
    return FlexibilityExplorer(**settings).widget
