"""The antagonist-pair explorer (part "The antagonist pair"): quadriceps against hamstrings.

Two front ends draw the same thing from :func:`compute`: :class:`AntagonistExplorer`, the
live widget for a running notebook (sliders for the quadriceps and hamstring activations,
the inhibition gain and the hip angle), and :func:`page_explorer`, the kernel-free chart
on the published page (every setting of :data:`CONTROLS` computed at build time; see
:mod:`hamstrings.explorers.page`).

The live explorer builds its figure once, moves the artists on every change and shows
the figure as a PNG in an ``ipywidgets.Image``, redrawing only what moved
(:class:`hamstrings.plotting.BlitPNG`).
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
from matplotlib.figure import Figure

from .. import antagonist, clinical, leg, plotting, style, validate
from ..antagonist_plots import TORQUE_COMPONENTS, KneeLeg, TorqueBars
from . import page
from .posture import simplify

__all__ = ["AntagonistExplorer", "antagonist_explorer", "CONTROLS", "START_KNEE", "Balance",
           "compute", "readout", "drawing", "page_explorer"]


class AntagonistExplorer:
    """Quadriceps and hamstring activation, inhibition gain and hip angle -> the knee's balance.

    Lying on the back (as in the active knee extension test), the thigh held
    at the hip angle. For each setting the knee moves, from :data:`START_KNEE`,
    to the equilibrium of :func:`hamstrings.antagonist.settle` (:func:`compute`);
    the figure shows the leg there, the knee torques that balance (they add up to zero), and
    each hamstring's passive force and length change from standing. The
    default person's tolerated hamstring tension
    (:func:`hamstrings.clinical.tolerated_tension`) is marked.

    ``explorer.widget`` is the ipywidgets box to display; ``explorer.update``
    recomputes and redraws; ``explorer.compute`` only computes.
    """

    def __init__(self, quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0):
        import ipywidgets as w  # deferred: only a live kernel needs it; the page explorer does not

        self.knee = 90.0
        self.tolerated = clinical.tolerated_tension()
        self.standing = leg.standing_lengths()
        with style.context():
            self.fig = Figure(figsize=(9.6, 4.8), dpi=80, layout="constrained")
            grid = self.fig.add_gridspec(2, 2, width_ratios=[1.0, 1.15], height_ratios=[1.3, 1.0])
            ax_leg = self.fig.add_subplot(grid[:, 0])
            ax_torque = self.fig.add_subplot(grid[0, 1])
            ax_ham = self.fig.add_subplot(grid[1, 1])
            # limits that hold the leg at every setting of the sliders (hip 0-120°, every knee
            # angle; the leg reaches x -0.59 to 0.89 m, y -0.49 to 0.89 m lying on the back)
            self.leg = KneeLeg(ax_leg, body="supine", xlim=(-0.65, 0.95), ylim=(-0.55, 0.95))
            self.torques = TorqueBars(ax_torque)
            self.hams = antagonist.GROUPS["hamstrings"]
            y = np.arange(len(self.hams))[::-1]
            colors = [style.muscle_color(m) for m in self.hams]
            self.ham_bars = ax_ham.barh(y, np.zeros(len(y)), color=colors)
            ax_ham.set_yticks(y, [style.display_name(m) for m in self.hams])
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
        self.controls = {
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
        for s in self.controls.values():
            s.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.controls.values(), self.image])
        self._renderer = plotting.BlitPNG(self.fig, self._moving_artists())
        self.update(quadriceps, hamstrings, inhibition_gain, hip)

    def _moving_artists(self) -> list:
        d = self.leg.drawing
        return [d.thigh, d.shank, d.foot, d.pelvis, d.joints, *d.lines.values(),
                *self.torques.bars, *self.ham_bars, *self.ham_text, self.ham_title,
                self.leg.ax.title]

    def _on_change(self, _change=None):
        self.update(**{k: s.value for k, s in self.controls.items()})

    def compute(self, quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0):
        """(equilibrium, knee state) for a setting: the module's :func:`compute`, which
        starts every setting from the same knee angle (:data:`START_KNEE`)."""
        balance = compute(quadriceps, hamstrings, inhibition_gain, hip)
        self.knee = balance.knee
        return balance.equilibrium, balance.state

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


# --------------------------------------------------------------------------
# One setting from the model, and the kernel-free explorer for the page
# --------------------------------------------------------------------------

#: The knee angle (degrees) every setting starts from before it settles: the default
#: start of :func:`hamstrings.antagonist.settle`, the knee bent as at the start of the
#: active knee extension test. Starting each setting from the same angle makes the answer
#: a function of the controls alone (where a co-contraction gives the knee two stable
#: balances, the one it reaches depends on where it starts).
START_KNEE = float(inspect.signature(antagonist.settle).parameters["start"].default)

#: The page's controls, the grid of its question (how far does contracting the quadriceps
#: straighten the knee and stretch the hamstrings, at which hip angle?): the quadriceps
#: activation every 0.05 and the hip every 10°. On the page the hamstrings are relaxed and
#: there is no inhibition (the defaults of :func:`compute`): with no activation to lower, the
#: inhibition gain would change nothing there. The live explorer has all four controls.
CONTROLS = (
    page.Control("quadriceps", "Quadriceps activation (fraction)",
                 tuple(round(0.05 * i, 2) for i in range(21))),
    page.Control("hip", "Hip flexion (°)", tuple(range(0, 121, 10))),
)

_HAMSTRINGS = antagonist.GROUPS["hamstrings"]
_BODY = "supine"  # lying on the back, as in the active knee extension test


@functools.cache
def _tolerated() -> float:
    return float(clinical.tolerated_tension())


@dataclass(frozen=True)
class Balance:
    """The model at one setting: where the knee comes to rest, and everything there.

    ``equilibrium``: :class:`hamstrings.antagonist.Equilibrium` reached from
    :data:`START_KNEE`; ``state``: :class:`hamstrings.antagonist.KneeState` at that knee
    angle (torques by component, N m; per-muscle lengths and forces); ``tension``: the
    hamstrings' summed passive force, N; ``tolerated``: the default person's tolerated
    tension (:func:`hamstrings.clinical.tolerated_tension`), N; ``change``: hamstring ->
    length change from standing, % of the standing length.
    """

    quadriceps: float
    hamstrings: float
    inhibition_gain: float
    hip: float
    equilibrium: antagonist.Equilibrium
    state: antagonist.KneeState
    tension: float
    tolerated: float
    change: dict

    @property
    def knee(self) -> float:
        return self.equilibrium.knee

    @property
    def within_tolerance(self) -> bool:
        return not self.tension > self.tolerated

    @property
    def effective_hamstrings(self) -> float:
        """The hamstrings' activation after reciprocal inhibition."""
        return self.state.activations["hamstrings"]


def compute(quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0) -> Balance:
    """The model at one setting (activations and gain in [0, 1], hip in degrees).

    Lying on the back, the thigh held at ``hip``: the knee moves from
    :data:`START_KNEE` to the equilibrium of :func:`hamstrings.antagonist.settle`. What
    both explorers draw. Bad input raises ValueError naming the argument.
    """
    eq = antagonist.settle(hip, start=START_KNEE, quadriceps=quadriceps, hamstrings=hamstrings,
                           inhibition_gain=inhibition_gain, body=_BODY)
    state = antagonist.knee_state(hip, eq.knee, quadriceps=quadriceps, hamstrings=hamstrings,
                                  inhibition_gain=inhibition_gain, body=_BODY)
    standing = leg.standing_lengths()
    change = {m: 100.0 * (state.length[m] / standing[m] - 1.0) for m in _HAMSTRINGS}
    tension = float(sum(state.passive[m] for m in _HAMSTRINGS))
    return Balance(float(quadriceps), float(hamstrings), float(inhibition_gain), float(hip), eq,
                   state, tension, _tolerated(), change)


def readout(quadriceps=0.2, hamstrings=0.0, inhibition_gain=0.0, hip=90.0) -> str:
    """The line of text the page shows for a setting (the browser tests check the page shows it)."""
    return _describe(compute(quadriceps, hamstrings, inhibition_gain, hip))


def _describe(b: Balance) -> str:
    where = "end of its range" if b.equilibrium.at_limit else "balance"
    over = "within" if b.within_tolerance else "beyond"
    return (f"hip {b.hip:.0f}°, knee {b.knee:.0f}° ({where}); hamstring tension "
            f"{b.tension:.0f} N, {over} tolerance ({b.tolerated:.0f} N)")


# ------------------------------------------------------------------ the page's drawing

#: The drawn items that move with the knee, in order: the knee muscles, then the bones.
_ITEMS = (*antagonist.KNEE_MUSCLES, "thigh", "shank", "foot", "joints")


class _Tracer:
    """The live explorer's leg (:class:`hamstrings.antagonist_plots.KneeLeg`, lying on the
    back), posed off screen and read back as world coordinates (m)."""

    def __init__(self):
        fig = Figure()
        self.ax = fig.add_subplot()
        self.leg = KneeLeg(self.ax, body=_BODY)
        d = self.leg.drawing
        self.moving = {**{m: d.lines[m] for m in antagonist.KNEE_MUSCLES},
                       "thigh": d.thigh, "shank": d.shank, "foot": d.foot, "joints": d.joints}
        self.still_lines = [line for line in self.ax.lines
                            if line not in self.moving.values()]
        # KneeLeg turns the drawing about the hip once, for good: one matrix per artist
        self.turn = {name: (a.get_transform() - self.ax.transData).get_matrix()
                     for name, a in self.moving.items()}

    def _world(self, artist, xy) -> np.ndarray:
        return (artist.get_transform() - self.ax.transData).transform(np.asarray(xy, float))

    def pose(self, hip, knee) -> dict:
        self.leg.set_pose(hip, knee)
        out = {}
        for name, artist in self.moving.items():
            m = self.turn[name]
            xy = np.asarray(artist.get_xydata(), float)
            out[name] = xy @ m[:2, :2].T + m[:2, 2]
        return out

    def still(self) -> dict:
        """The parts that never move: the pelvis outline, the trunk and the table."""
        self.leg.set_pose(0.0, 0.0)
        pelvis = self.leg.drawing.pelvis
        return {"pelvis": self._world(pelvis, pelvis.get_xy()),
                "lines": [self._world(line, line.get_xydata()) for line in self.still_lines]}


@functools.cache
def _tracer() -> _Tracer:
    return _Tracer()


def drawing(hip=90.0, knee=90.0) -> dict:
    """The live explorer's leg drawing at a pose (degrees): item -> (n, 2) world points, m.

    Items: the knee muscles (:data:`hamstrings.antagonist.KNEE_MUSCLES`), ``"thigh"``,
    ``"shank"``, ``"foot"`` and ``"joints"`` (hip, knee and ankle), lying on the back as
    :class:`hamstrings.antagonist_plots.KneeLeg` draws them.
    """
    validate.joint_angle(hip, "hip")
    validate.joint_angle(knee, "knee")
    return _tracer().pose(float(hip), float(knee))


_MM = 1000.0  # the page stores drawn points in whole millimetres
#: Height (px) of the page's tension panel: the "tolerated" label on top, the bar below it.
TENSION_PANEL_HEIGHT = 44



def _pack(paths: dict) -> tuple:
    """Drawn items as two strings (x and y): items apart by ',', points by ' ', in mm."""
    xs, ys = [], []
    for name in _ITEMS:
        points = paths[name] if name == "joints" else simplify(paths[name])
        mm = np.round(_MM * points).astype(int)
        xs.append(" ".join(map(str, mm[:, 0])))
        ys.append(" ".join(map(str, mm[:, 1])))
    return ",".join(xs), ",".join(ys)


#: The page's numbers: data column -> decimals kept (torques t0.., forces f0.., tension).
_DIGITS = {"tension": 0, **{f"t{i}": 0 for i in range(len(TORQUE_COMPONENTS))},
           **{f"f{i}": 0 for i in range(len(_HAMSTRINGS))}}


@functools.cache
def _tables():
    """The page's data: one row per grid setting, and the drawings (one per pose, shared).

    A row holds the readout, the torques (``t0``.. in the order of
    :data:`hamstrings.antagonist_plots.TORQUE_COMPONENTS`), the hamstrings' passive forces
    (``f0``..) and length changes in whole per cent (``c0``.., as the live explorer labels
    them), their tension and its drawing ``d``. Settings that leave the knee at the same
    angle (the end of its range) share a drawing.
    """
    rows, drawings, balances, extent = [], {}, [], []
    for setting in page.grid(CONTROLS):
        b = compute(**setting)
        pose = (b.hip, b.knee)
        if pose not in drawings:
            paths = drawing(*pose)
            extent.extend(paths.values())
            xs, ys = _pack(paths)
            drawings[pose] = {"d": len(drawings), "xs": xs, "ys": ys}
        row = {**setting, "d": drawings[pose]["d"], page.READOUT_FIELD: _describe(b),
               "tension": b.tension}
        row.update({f"t{i}": b.state.torques[k] for i, (k, _) in enumerate(TORQUE_COMPONENTS)})
        row.update({f"f{i}": b.state.passive[m] for i, m in enumerate(_HAMSTRINGS)})
        row.update({f"c{i}": round(b.change[m]) for i, m in enumerate(_HAMSTRINGS)})
        rows.append(row)
        balances.append(b)
    return tuple(rows), tuple(drawings.values()), tuple(balances), np.vstack(extent)


def _vertical_span(polygon: np.ndarray) -> list:
    """A polygon as rows (x, y, y2) for an area mark: its lowest and highest y at each
    vertex's x (exact for a polygon that every vertical line cuts at most once)."""
    closed = np.vstack([polygon, polygon[:1]])
    rows = []
    for px in np.unique(polygon[:, 0]):
        ys = []
        for (x0, y0), (x1, y1) in zip(closed[:-1], closed[1:]):
            if min(x0, x1) <= px <= max(x0, x1):
                ys.extend([y0, y1] if x0 == x1 else [y0 + (y1 - y0) * (px - x0) / (x1 - x0)])
        rows.append({"x": float(px), "y": float(min(ys)), "y2": float(max(ys))})
    return rows


def _nice_ceiling(value: float, step: float) -> float:
    return step * math.ceil(value / step)


def page_explorer(quadriceps=0.2, hip=90) -> page.PageExplorer:
    """The antagonist explorer for the published page: no kernel needed.

    Every setting of :data:`CONTROLS` is computed here (with :func:`compute`, hamstrings
    relaxed, no inhibition); the reader's browser draws the one the sliders choose: the leg
    lying on the back at its balance with the knee muscles in their colours, the knee
    torques there, each hamstring's passive force and length change, and their summed
    tension against the tolerated tension.
    """
    initial = {"quadriceps": quadriceps, "hip": hip}
    params = [c.param(initial[c.name]) for c in CONTROLS]  # bad values fail before the work
    rows, drawings, balances, points = _tables()
    still = _tracer().still()
    n_t, n_h = len(TORQUE_COMPONENTS), len(_HAMSTRINGS)
    columns = [*(c.name for c in CONTROLS), "d", page.READOUT_FIELD, "tension",
               *(f"t{i}" for i in range(n_t)), *(f"f{i}" for i in range(n_h)),
               *(f"c{i}" for i in range(n_h))]
    data = page.inline_csv(rows, columns, _DIGITS)
    data_drawings = page.inline_csv(drawings, ["d", "xs", "ys"])
    chosen_test = page.match(CONTROLS)

    def chosen():
        """The chosen setting's row."""
        return alt.Chart(data).transform_filter(chosen_test)

    # --- the leg, lying on the back
    margin = 0.04
    lines = still["lines"]
    x_lo = min(points[:, 0].min(), *(line[:, 0].min() for line in lines[:1])) - margin
    x_hi = points[:, 0].max() + margin
    y_lo = min(points[:, 1].min(), *(line[:, 1].min() for line in lines)) - margin
    y_hi = points[:, 1].max() + margin
    leg_height = 250
    leg_width = round(leg_height * (x_hi - x_lo) / (y_hi - y_lo))
    x = alt.X("x:Q", scale=alt.Scale(domain=[x_lo, x_hi], nice=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[y_lo, y_hi], nice=False), axis=None)
    names = [style.display_name(m) for m in _ITEMS]
    n_muscles = len(antagonist.KNEE_MUSCLES)
    muscle_colours = alt.Scale(domain=names[:n_muscles],
                               range=[style.muscle_color(m) for m in antagonist.KNEE_MUSCLES])
    points_chart = (chosen()
                    .transform_lookup(lookup="d", from_=alt.LookupData(data_drawings, "d",
                                                                       ["xs", "ys"]))
                    .transform_calculate(xa="split(datum.xs, ',')", ya="split(datum.ys, ',')",
                                         ia="sequence(0, length(split(datum.xs, ',')))")
                    .transform_flatten(["xa", "ya", "ia"], ["xi", "yi", "item"])
                    .transform_calculate(xp="split(datum.xi, ' ')", yp="split(datum.yi, ' ')")
                    .transform_flatten(["xp", "yp"])
                    .transform_window(k="row_number()", groupby=["item"])
                    .transform_calculate(x=f"toNumber(datum.xp) / {_MM}",
                                         y=f"toNumber(datum.yp) / {_MM}",
                                         name=f"{json.dumps(names)}[datum.item]"))
    bone = dict(strokeWidth=7, strokeCap="round", color=style.NEUTRAL["bone"])
    table_y = lines[-1][:, 1].mean() if len(lines) > 1 else None
    trunk = [{"x": float(px), "y": float(py), "k": k} for k, (px, py) in enumerate(lines[0])]
    layers = [
        alt.Chart(alt.Data(values=_vertical_span(still["pelvis"])))
        .mark_area(opacity=0.5, color=style.NEUTRAL["bone"])
        .encode(x=x, y=y, y2="y2:Q"),
        alt.Chart(alt.Data(values=trunk)).mark_line(strokeWidth=12, strokeCap="round",
                                                    color=style.NEUTRAL["bone"])
        .encode(x=x, y=y, order="k:Q"),
    ]
    if table_y is not None:
        layers.append(alt.Chart(alt.Data(values=[{"x": x_lo, "y": table_y},
                                                 {"x": x_hi, "y": table_y}]))
                      .mark_line(strokeWidth=4, color=style.NEUTRAL["norm_band"])
                      .encode(x=x, y=y))
    layers.append(points_chart.transform_filter(f"datum.item >= {n_muscles} && "
                                                f"datum.item < {len(_ITEMS) - 1}")
                  .mark_line(**bone).encode(x=x, y=y, detail="item:N", order="k:Q"))
    layers.append(points_chart.transform_filter(f"datum.item < {n_muscles}")
                  .mark_line(strokeWidth=2.2, strokeCap="round")
                  .encode(x=x, y=y, detail="item:N", order="k:Q",
                          color=alt.Color("name:N", scale=muscle_colours, legend=None),
                          tooltip=[alt.Tooltip("name:N", title="muscle")]))
    layers.append(points_chart.transform_filter(f"datum.item == {len(_ITEMS) - 1}")
                  .mark_circle(size=30, opacity=1, color=style.NEUTRAL["joint"])
                  .encode(x=x, y=y))
    leg_view = alt.layer(*layers).properties(
        width=leg_width, height=leg_height,
        title="Lying on the back, the thigh held")

    # --- the knee torques
    outline = dict(stroke=style.NEUTRAL["norm_band"], strokeWidth=0.8)  # dark bars on dark pages
    labels = [label for _, label in TORQUE_COMPONENTS]
    colours = [style.group_color(key.split()[0]) for key, _ in TORQUE_COMPONENTS]
    passive = [key.endswith("passive") for key, _ in TORQUE_COMPONENTS]
    torque_max = max(abs(b.state.torques[k]) for b in balances for k, _ in TORQUE_COMPONENTS)
    torque_limit = _nice_ceiling(torque_max, 50.0)
    torque_fields = [f"t{i}" for i in range(n_t)]
    torques = (chosen()
               .transform_fold(torque_fields, as_=["component", "torque"])
               .transform_calculate(i="toNumber(slice(datum.component, 1))",
                                    label=f"{json.dumps(labels)}[datum.i]",
                                    passive=f"{json.dumps(passive)}[datum.i]"))
    y_torque = alt.Y("label:N", sort=labels, scale=alt.Scale(domain=labels), title=None)
    x_torque = alt.X("torque:Q", scale=alt.Scale(domain=[-torque_limit, torque_limit]),
                     title="knee torque (N m): extends | flexes")
    colour_torque = alt.Color("label:N", scale=alt.Scale(domain=labels, range=colours),
                              legend=None)
    torque_tooltip = [alt.Tooltip("label:N", title="torque"),
                      alt.Tooltip("torque:Q", title="N m", format="+.0f")]
    torque_view = alt.layer(
        torques.transform_filter("!datum.passive").mark_bar(height=14, **outline).encode(
            y=y_torque, x=x_torque, color=colour_torque, tooltip=torque_tooltip),
        torques.transform_filter("datum.passive").mark_bar(height=14, fillOpacity=0.25,
                                                           strokeWidth=1.5).encode(
            y=y_torque, x=x_torque, color=colour_torque, stroke=colour_torque,
            tooltip=torque_tooltip),
        alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color=style.NEUTRAL["annotation"])
        .encode(x="x:Q"),
    ).properties(width=230, height=150,
                 title="Knee torques (pale fill: passive)")

    # --- the hamstrings: passive force and length change; their tension against tolerance
    ham_names = [style.display_name(m) for m in _HAMSTRINGS]
    force_limit = _nice_ceiling(1.15 * max(b.tension for b in balances), 1000.0)
    force_scale = alt.Scale(domain=[0, force_limit])
    force_fields = [f"f{i}" for i in range(n_h)]
    forces = (chosen()
              .transform_fold(force_fields, as_=["muscle", "force"])
              .transform_calculate(i="toNumber(slice(datum.muscle, 1))",
                                   name=f"{json.dumps(ham_names)}[datum.i]",
                                   change="datum['c' + datum.i]",
                                   label="(datum.change >= 0 ? '+' : '') + datum.change + ' %'"))
    y_ham = alt.Y("name:N", sort=ham_names, scale=alt.Scale(domain=ham_names), title=None)
    x_ham = alt.X("force:Q", scale=force_scale, axis=alt.Axis(labels=False, title=None))
    ham_colours = alt.Scale(domain=ham_names, range=[style.muscle_color(m) for m in _HAMSTRINGS])
    ham_view = alt.layer(
        forces.mark_bar(height=12, **outline).encode(
            y=y_ham, x=x_ham, color=alt.Color("name:N", scale=ham_colours, legend=None),
            tooltip=[alt.Tooltip("name:N", title="muscle"),
                     alt.Tooltip("force:Q", title="passive force (N)", format=".0f"),
                     alt.Tooltip("label:N", title="length change from standing")]),
        forces.mark_text(align="left", dx=4, fontSize=11).encode(y=y_ham, x=x_ham, text="label:N"),
    ).properties(width=230, height=96,
                 title="Hamstrings: passive force (labels: length change)")
    tolerated = _tolerated()
    tension_name = ["tension (all four)"]
    y_tension = alt.Y("name:N", scale=alt.Scale(domain=tension_name), title=None)
    x_tension = alt.X("force:Q", scale=force_scale, title="passive force (N)")
    tension = chosen().transform_calculate(name=json.dumps(tension_name[0]),
                                           force="datum.tension")
    tolerance = alt.Chart(alt.Data(values=[{"force": tolerated, "name": tension_name[0],
                                            "text": f"tolerated {tolerated:.0f} N"}]))
    tension_view = alt.layer(
        tension.mark_bar(height=12, color=style.GROUP_COLORS["hamstrings"], **outline).encode(
            y=y_tension, x=x_tension,
            tooltip=[alt.Tooltip("force:Q", title="hamstring tension (N)", format=".0f")]),
        # a light halo under a dark dashed line: the mark shows in light and dark mode
        tolerance.mark_rule(color=style.NEUTRAL["norm_band"], strokeWidth=4).encode(x=x_tension),
        tolerance.mark_rule(color=style.NEUTRAL["annotation"], strokeDash=[4, 3],
                            strokeWidth=1.5).encode(x=x_tension),
        # the label sits in the top 12 px, the bar (12 px high) in the middle of 44 px: the
        # label never covers the bar
        tolerance.mark_text(align="left", baseline="top", dx=3, y=0, fontSize=10)
        .encode(x=x_tension, text="text:N"),
    ).properties(width=230, height=TENSION_PANEL_HEIGHT)

    # --- the readout
    readout_view = (chosen()
                    .mark_text(align="left", baseline="middle", fontSize=12)
                    .encode(text=f"{page.READOUT_FIELD}:N", x=alt.value(0), y=alt.value(8))
                    .properties(width=580, height=16))
    # every panel has its own colours (Vega-Lite would otherwise share one colour scale)
    panels = (alt.vconcat(torque_view, ham_view, tension_view, spacing=4)
              .resolve_scale(color="independent", stroke="independent"))
    chart = (alt.vconcat(readout_view,
                         alt.hconcat(leg_view, panels).resolve_scale(color="independent"))
             .add_params(*params).configure_view(stroke=None))
    alt_text = ("Antagonist explorer: sliders set the quadriceps activation and the hip angle, "
                "with the hamstrings relaxed; the chart draws the model leg lying on the back "
                "at the knee angle where the torques balance, with the knee muscles in their "
                "colours, a bar per knee torque component (passive ones pale with a coloured "
                "outline), each hamstring's passive force labelled with its length change from "
                "standing, and their summed tension against the tolerated tension, with a line "
                "of text giving the knee angle, the tension and whether it is within tolerance.")
    return page.PageExplorer("antagonist", chart, CONTROLS, alt_text, initial)
