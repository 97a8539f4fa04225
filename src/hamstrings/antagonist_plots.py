"""Drawings and animations of the chapter "Two muscles, one knee".

:class:`KneeLeg` is the leg drawing of :mod:`hamstrings.plotting` turned into the
world: lying on the back, sitting or standing; :class:`TorqueBars` shows the knee
torques. :func:`ake_animation` and :func:`kick_animation` return matplotlib
animations; :func:`hamstrings.plotting.animation_html` turns them into the page's HTML.
The live explorer is :mod:`hamstrings.explorers.antagonist`.

All numbers come from :mod:`hamstrings.antagonist`, :mod:`hamstrings.clinical`
and :mod:`hamstrings.knee_dynamics`; this module only draws.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.transforms import Affine2D

from . import antagonist, clinical, plotting, style

__all__ = [
    "KneeLeg", "TorqueBars", "ake_animation", "kick_animation",
    "TORQUE_COMPONENTS",
]

#: The knee torque components drawn as bars, in order: (key of KneeState.torques, label).
TORQUE_COMPONENTS = (
    ("quadriceps active", "quadriceps, active"),
    ("hamstrings active", "hamstrings, active"),
    ("hamstrings passive", "hamstrings, passive"),
    ("quadriceps passive", "quadriceps, passive"),
    ("gastrocnemius passive", "calf, passive"),
    ("gravity", "gravity"),
)



class KneeLeg:
    """The leg with its knee muscles, drawn in the world for a body orientation.

    ``body`` as in :func:`hamstrings.antagonist.body_angle` (``"supine"``:
    lying on the back, head to the left). The drawing of
    :class:`hamstrings.plotting.LegDrawing` is turned about the hip by the body
    angle; a grey line marks the table (supine) or the seat (upright).
    """

    def __init__(self, ax, body="supine", xlim=(-0.35, 0.75), ylim=(-0.2, 0.95),
                 muscles=antagonist.KNEE_MUSCLES, support: bool = True):
        self.ax = ax
        self.angle = antagonist.body_angle(body)
        self.drawing = plotting.LegDrawing(ax, muscles=muscles, color_by="muscle")
        turn = Affine2D().rotate_deg(self.angle) + ax.transData
        d = self.drawing
        for artist in (d.thigh, d.shank, d.foot, d.pelvis, d.joints, *d.lines.values()):
            artist.set_transform(turn)
        c, s_ = np.cos(np.radians(self.angle)), np.sin(np.radians(self.angle))
        trunk = 0.45  # a line along the pelvis's up axis, to show how the body lies (drawing only)
        ax.plot([0.0, -s_ * trunk], [0.0, c * trunk], color=style.NEUTRAL["bone"], lw=12,
                solid_capstyle="round", zorder=0)
        if support:
            if self.angle == 90.0:
                ax.plot([xlim[0], xlim[1]], [-0.105, -0.105], color=style.NEUTRAL["norm_band"],
                        lw=4, zorder=0)
            elif self.angle == 0.0:
                ax.plot([-0.15, 0.42], [-0.105, -0.105], color=style.NEUTRAL["norm_band"],
                        lw=4, zorder=0)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)

    def set_pose(self, hip=90.0, knee=90.0, ankle=0.0) -> None:
        """Move the leg (angles in degrees)."""
        self.drawing.set_pose(hip, knee, ankle)

    def thicken(self, bone: float = 11.0, muscle: float = 3.2) -> None:
        """Draw bones and muscles wider (for an animation shown small)."""
        d = self.drawing
        for artist in (d.thigh, d.shank, d.foot):
            artist.set_linewidth(bone)
        for line in d.lines.values():
            line.set_linewidth(muscle)

    def legend(self, **kwargs):
        """A legend of the drawn muscle groups, below the drawing (outside the leg's area)."""
        kwargs.setdefault("loc", "upper center")
        kwargs.setdefault("bbox_to_anchor", (0.5, 0.0))
        kwargs.setdefault("ncol", 2)
        kwargs.setdefault("fontsize", 10)
        return self.drawing.group_legend(**kwargs)


class TorqueBars:
    """Horizontal bars of the knee torque components (flexion to the right), N m."""

    def __init__(self, ax, limit: float = 400.0):
        self.ax = ax
        labels = [label for _, label in TORQUE_COMPONENTS]
        y = np.arange(len(labels))[::-1]
        colors = [style.group_color(key.split()[0]) for key, _ in TORQUE_COMPONENTS]
        self.bars = ax.barh(y, np.zeros(len(labels)), color=colors, edgecolor=colors)
        for bar, (key, _) in zip(self.bars, TORQUE_COMPONENTS):
            if key.endswith("passive"):
                bar.set_hatch("///")
                bar.set_facecolor("white")
        ax.set_yticks(y, labels)
        ax.axvline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
        ax.set_xlim(-limit, limit)
        ax.set_xlabel("knee torque (N m): extends  |  flexes")
        ax.grid(axis="y", visible=False)

    def set_values(self, torques: dict) -> None:
        for bar, (key, _) in zip(self.bars, TORQUE_COMPONENTS):
            bar.set_width(float(torques[key]))


def ake_animation(ramp=None, *, hip=None, frames: int = 24, dpi: int = 60, interval: int = 150):
    """The active knee extension test as an animation (``FuncAnimation``), for ``to_jshtml``.

    ``ramp``: a :class:`hamstrings.clinical.Ramp` (default: the default
    person's, relaxed hamstrings). Frames run through the ramp up to the step
    where the tolerance is passed; left, the leg; right, the hamstring tension
    against the knee angle, with the tolerated tension dashed. ``hip``: the
    hip's flexion on the pelvis in degrees, the one the ramp was computed at
    (default: the clinical test's, :func:`hamstrings.clinical.hip_on_pelvis`).
    """
    hip = clinical.hip_on_pelvis() if hip is None else hip
    ramp = clinical.ake_ramp(hip=hip) if ramp is None else ramp
    # up to and including the first step past the tolerance, so the dot reaches the line
    stop = int(np.argmin(ramp.within_tolerance)) + 1 if not ramp.within_tolerance.all() else len(ramp.knee)
    stop = max(stop, 2)
    steps = np.unique(np.linspace(0, stop - 1, frames).round().astype(int))
    with style.context():
        fig, (ax_leg, ax_t) = plt.subplots(1, 2, figsize=(8.0, 4.2), dpi=dpi,
                                           gridspec_kw={"width_ratios": [1.2, 1.0]})
        drawing = KneeLeg(ax_leg, body="supine")
        drawing.thicken()
        drawing.legend()
        ax_t.plot(ramp.knee[:stop], ramp.passive_force[:stop] / 1000, color=style.GROUP_COLORS["hamstrings"])
        tolerated = clinical.tolerated_tension() / 1000
        ax_t.axhline(tolerated, ls="--", color=style.NEUTRAL["annotation"], lw=1)
        ax_t.text(0.02, tolerated, "tolerated tension", transform=ax_t.get_yaxis_transform(),
                  ha="left", va="bottom", fontsize=10, color=style.NEUTRAL["annotation"])
        ax_t.set_ylim(0, 1.3 * max(tolerated, float(ramp.passive_force[:stop].max()) / 1000))
        ax_t.set_xlim(max(95.0, float(ramp.knee[0]) + 5.0), -5)
        ax_t.grid(False)
        ax_t.set_xlabel("knee flexion (°)")
        ax_t.set_ylabel("hamstring tension (kN)")
        (dot,) = ax_t.plot([], [], "o", color=style.GROUP_COLORS["quadriceps"], ms=8)
        title = ax_leg.set_title("", fontsize=10)

    def frame(i):
        k = steps[i]
        drawing.set_pose(hip, ramp.knee[k], 0.0)
        dot.set_data([ramp.knee[k]], [ramp.passive_force[k] / 1000])
        title.set_text(f"quadriceps {ramp.quadriceps[k]:.2f}, knee {ramp.knee[k]:.0f}°")
        return (dot, title)

    anim = FuncAnimation(fig, frame, frames=len(steps), interval=interval, blit=False)
    plt.close(fig)
    return anim


def kick_animation(sim, *, frames: int = 20, dpi: int = 60, interval: int | None = None):
    """A simulated seated kick (:class:`hamstrings.knee_dynamics.Simulation`) as an animation.

    Left, the leg in the world (sitting upright); right, the knee angle (top)
    and the excitations (bottom) against time, with a moving marker. Frames
    are spaced evenly in time; ``interval`` (ms) defaults to real time.
    """
    hip = sim.settings["hip"]
    idx = np.unique(np.linspace(0, len(sim.t) - 1, frames).round().astype(int))
    if interval is None:
        interval = int(round(1000 * (sim.t[-1] - sim.t[0]) / max(len(idx) - 1, 1)))
    with style.context():
        fig = plt.figure(figsize=(8.4, 4.2), dpi=dpi)
        grid = fig.add_gridspec(2, 2, width_ratios=[1.0, 1.1], height_ratios=[2.2, 1.0])
        ax_leg = fig.add_subplot(grid[:, 0])
        ax_t = fig.add_subplot(grid[0, 1])
        ax_e = fig.add_subplot(grid[1, 1], sharex=ax_t)
        drawing = KneeLeg(ax_leg, body=sim.settings["body"], xlim=(-0.3, 0.8), ylim=(-0.65, 0.3))
        drawing.thicken()
        drawing.legend()
        ax_t.plot(sim.t, sim.knee, color=style.NEUTRAL["annotation"], lw=1.5)
        ax_t.set_ylim(-10, 160)
        ax_t.set_ylabel("knee (°)")
        ax_t.tick_params(labelbottom=False)
        for group, ls in (("quadriceps", "-"), ("hamstrings", "--")):  # dashed: both can be equal
            ax_e.plot(sim.t, sim.excitations[group], ls, color=style.group_color(group), lw=1.5,
                      label=style.display_name(group))
        ax_e.set_ylim(-0.05, 1.0)
        ax_e.set_ylabel("excitation")
        ax_e.set_xlabel("time (s)")
        style.legend_outside(ax_e, fontsize=9)
        for ax in (ax_t, ax_e):
            ax.grid(False)
        (dot,) = ax_t.plot([], [], "o", color=style.NEUTRAL["annotation"], ms=7)
        (line,) = ax_e.plot([], [], color=style.NEUTRAL["annotation"], lw=1)
        title = ax_leg.set_title("", fontsize=10)

    def frame(i):
        k = idx[i]
        drawing.set_pose(hip, sim.knee[k], sim.settings["ankle"])
        dot.set_data([sim.t[k]], [sim.knee[k]])
        line.set_data([sim.t[k], sim.t[k]], [-0.05, 1.0])
        title.set_text(f"t = {sim.t[k]:.2f} s, knee {sim.knee[k]:.0f}°")
        return (dot, line, title)

    anim = FuncAnimation(fig, frame, frames=len(idx), interval=interval, blit=False)
    plt.close(fig)
    return anim

