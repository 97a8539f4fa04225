"""The posture explorer (part "Muscles and joints"): hip, knee and ankle -> muscle lengths.

Two front ends draw the same thing from :func:`compute`: :func:`posture_explorer`, a live
widget for a running notebook (JupyterLab, Notebook 7, VS Code, Colab), and
:func:`page_explorer`, the kernel-free chart on the published page (every pose of
:data:`CONTROLS` computed at build time; see :mod:`hamstrings.explorers.page`).

The live explorer draws with the artists of :mod:`hamstrings.plotting`, moves them on
every slider change and shows the figure as a PNG in an ``ipywidgets.Image``,
rendered by :class:`hamstrings.plotting.BlitPNG` (only what moved is redrawn).
That works in every Jupyter front end without extra extensions.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import altair as alt
import matplotlib.colors as mcolors
import numpy as np
from matplotlib.figure import Figure

from .. import leg, plotting, style
from . import page

__all__ = ["CONTROLS", "Posture", "compute", "readout", "PostureExplorer", "posture_explorer",
           "page_explorer"]


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
        import ipywidgets as w  # deferred: only a live kernel needs it; the page explorer does not

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


# --------------------------------------------------------------------------
# One setting from the model, and the kernel-free explorer for the page
# --------------------------------------------------------------------------

#: The page's controls: hip and knee every 10° over their published ranges of motion
#: (:data:`hamstrings.leg.JOINT_LIMITS`), the ankle at three angles.
CONTROLS = (
    page.Control("hip", "Hip flexion (°)", tuple(range(-30, 141, 10))),
    page.Control("knee", "Knee flexion (°)", tuple(range(-10, 161, 10))),
    page.Control("ankle", "Ankle dorsiflexion (°)", (-30, 0, 30)),
)

#: The bones drawn with the muscles, and the joints whose angle moves them.
BONES = {"thigh": ("hip", "knee"), "shank": ("knee", "ankle"), "foot": ("heel", "ankle", "toe", "heel")}
_DRAWN = (*leg.MUSCLES, *BONES)
#: The bar chart's axis (%): it holds every length change the page's poses reach
#: (-35 % to +45 %; a test checks).
BAR_RANGE = (-40, 50)
_SIMPLIFY_M = 0.003  # drawn paths keep every corner further than 3 mm from a straight line


@dataclass(frozen=True)
class Posture:
    """The model at one pose: every muscle's length change and the leg's drawing."""

    hip: float
    knee: float
    ankle: float
    change: dict   # muscle -> length change from standing, % of the standing length
    paths: dict    # muscle or bone -> (n, 2) points in metres (x forward, y up)


def compute(hip=0.0, knee=0.0, ankle=0.0) -> Posture:
    """The model at one pose (degrees): what both explorers draw."""
    geometry = leg.pose(hip, knee, ankle)
    joints = geometry["joints"]
    paths = {m: np.asarray(geometry["paths"][m]) for m in leg.MUSCLES}
    paths.update({bone: np.array([joints[j] for j in ends]) for bone, ends in BONES.items()})
    return Posture(float(hip), float(knee), float(ankle), plotting.length_change(hip, knee, ankle),
                   paths)


def readout(hip=0.0, knee=0.0, ankle=0.0) -> str:
    """The line of text the page shows for a pose (the browser tests check the page shows it)."""
    return _describe(compute(hip, knee, ankle))


def _describe(state: Posture) -> str:
    return (f"hip {state.hip:.0f}°, knee {state.knee:.0f}°, ankle {state.ankle:.0f}°: "
            f"semimembranosus {state.change['semimembranosus']:+.1f} %, "
            f"rectus femoris {state.change['rectus_femoris']:+.1f} %, "
            f"soleus {state.change['soleus']:+.1f} % of its standing length")


def simplify(points: np.ndarray, tolerance: float = _SIMPLIFY_M) -> np.ndarray:
    """Ramer-Douglas-Peucker: fewer points for the drawing, the same line within ``tolerance``."""
    if len(points) <= 2:
        return points
    start, end = points[0], points[-1]
    direction = end - start
    norm = np.hypot(*direction)
    offsets = points - start
    if norm == 0.0:
        distance = np.hypot(offsets[:, 0], offsets[:, 1])
    else:
        distance = np.abs(direction[0] * offsets[:, 1] - direction[1] * offsets[:, 0]) / norm
    k = int(np.argmax(distance))
    if distance[k] <= tolerance:
        return np.array([start, end])
    return np.vstack([simplify(points[:k + 1], tolerance)[:-1], simplify(points[k:], tolerance)])


def _depends_on_ankle(name: str) -> bool:
    return name == "foot" or (name in leg.CROSSES and "ankle" in leg.CROSSES[name])


def _rows():
    """The page's data: one row per (pose, drawn item), points packed as mm in text."""
    rows = {False: [], True: []}  # keyed by: does the item move with the ankle?
    readouts = []
    for state in map(lambda s: compute(**s), page.grid(CONTROLS)):
        readouts.append({"hip": state.hip, "knee": state.knee, "ankle": state.ankle,
                         page.READOUT_FIELD: _describe(state)})
        for i, name in enumerate(_DRAWN):
            ankle_bound = _depends_on_ankle(name)
            if not ankle_bound and state.ankle != CONTROLS[2].values[0]:
                continue  # the same for every ankle angle: stored once
            xy = np.round(1000.0 * simplify(state.paths[name])).astype(int)
            rows[ankle_bound].append({
                "hip": state.hip, "knee": state.knee, "ankle": state.ankle, "item": i,
                "change": state.change.get(name, 0.0),
                "xs": " ".join(map(str, xy[:, 0])), "ys": " ".join(map(str, xy[:, 1]))})
    return rows[False], rows[True], readouts


def strain_scale():
    """The colour scale of length change (Vega-Lite), the page twin of the strain colours."""
    limit = plotting.STRAIN_LIMIT
    stops = np.linspace(-limit, limit, 9)
    return alt.Scale(domain=list(stops), range=[mcolors.to_hex(style.STRAIN_CMAP(x))
                                                for x in np.linspace(0.0, 0.999, 9)],
                     clamp=True)


def leg_marks(rows, x, y, m_count: int, legend, packed=("xs", "ys")) -> tuple:
    """The leg drawing's Vega-Lite marks: (bones, muscle lines coloured by length change).

    ``rows``: an Altair chart whose rows are one drawn item each (``item`` < ``m_count`` a
    muscle of :data:`hamstrings.leg.MUSCLES`, the rest bones), already filtered to the chosen
    state, with the item's points packed as text in mm (fields ``packed``) and its ``change``
    (%). The stride explorer draws its leg with the same marks.
    """
    xs, ys = packed
    points = (rows.transform_calculate(xa=f"split(datum.{xs}, ' ')", ya=f"split(datum.{ys}, ' ')")
              .transform_flatten(["xa", "ya"], ["xp", "yp"])
              .transform_window(k="row_number()", groupby=["item"])
              .transform_calculate(x="toNumber(datum.xp) / 1000", y="toNumber(datum.yp) / 1000"))
    bones = points.transform_filter(f"datum.item >= {m_count}").mark_line(
        strokeWidth=7, strokeCap="round", color=style.NEUTRAL["bone"]).encode(
        x=x, y=y, detail="item:N", order="k:Q")
    muscles = points.transform_filter(f"datum.item < {m_count}").mark_line(
        strokeWidth=2.2, strokeCap="round").encode(
        x=x, y=y, detail="item:N", order="k:Q",
        color=alt.Color("change:Q", scale=strain_scale(), legend=legend),
        tooltip=[alt.Tooltip("name:N", title="muscle"),
                 alt.Tooltip("change:Q", title="length change (%)", format="+.1f")])
    return bones, muscles


def _leg_layers(data, controls_test, names, m_count):
    rows = (alt.Chart(data).transform_filter(controls_test)
            .transform_calculate(name=f"{json.dumps(names)}[datum.item]"))
    x = alt.X("x:Q", scale=alt.Scale(domain=[-0.95, 1.0], nice=False), title="x, forward (m)")
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-1.0, 0.3], nice=False), title="y, up (m)")
    legend = alt.Legend(title="length change from standing (%)", orient="bottom",
                        direction="horizontal", gradientLength=220, titleLimit=260)
    return leg_marks(rows, x, y, m_count, legend)


def page_explorer(hip=90, knee=90, ankle=0) -> page.PageExplorer:
    """The posture explorer for the published page: no kernel needed.

    Every pose of :data:`CONTROLS` is computed here (with :func:`compute`); the reader's
    browser draws the one the sliders choose: the leg with its muscles coloured by length
    change, and a bar per muscle.
    """
    still, moving, readouts = _rows()
    names = [style.display_name(m) for m in _DRAWN]
    hip_knee = page.match(CONTROLS, exclude=("ankle",))
    every = page.match(CONTROLS)
    columns = ["hip", "knee", "ankle", "item", "change", "xs", "ys"]
    digits = {"hip": 0, "knee": 0, "ankle": 0, "change": 1}
    data_still = page.inline_csv(still, columns, digits)
    data_moving = page.inline_csv(moving, columns, digits)
    m_count = len(leg.MUSCLES)
    bones_a, muscles_a = _leg_layers(data_still, hip_knee, names, m_count)
    bones_b, muscles_b = _leg_layers(data_moving, every, names, m_count)
    drawing = alt.layer(bones_a, bones_b, muscles_a, muscles_b).properties(
        width=255, height=170, title="The leg, muscles coloured by length change")

    order = [style.display_name(m) for m in leg.MUSCLES]
    colours = [style.muscle_color(m) for m in leg.MUSCLES]

    def bars(data, test):
        return (alt.Chart(data).transform_filter(test)
                .transform_filter(f"datum.item < {m_count}")
                .transform_calculate(name=f"{json.dumps(names)}[datum.item]")
                .mark_bar().encode(
                    y=alt.Y("name:N", sort=order, scale=alt.Scale(domain=order), title=None),
                    x=alt.X("change:Q", scale=alt.Scale(domain=list(BAR_RANGE)),
                            title="length change from standing (%)"),
                    color=alt.Color("name:N", scale=alt.Scale(domain=order, range=colours),
                                    legend=None),
                    tooltip=[alt.Tooltip("name:N", title="muscle"),
                             alt.Tooltip("change:Q", title="length change (%)", format="+.1f")]))

    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color=style.NEUTRAL["annotation"]).encode(x="x:Q")
    bar_view = alt.layer(bars(data_still, hip_knee), bars(data_moving, every), zero).properties(
        width=170, height=300, title="Every muscle")
    text = (alt.Chart(page.inline_csv(readouts, ["hip", "knee", "ankle", page.READOUT_FIELD], digits))
            .transform_filter(every)
            .mark_text(align="left", baseline="middle", fontSize=12)
            .encode(text=f"{page.READOUT_FIELD}:N", x=alt.value(0), y=alt.value(8))
            .properties(width=580, height=16))
    chart = (alt.vconcat(text, alt.hconcat(drawing, bar_view).resolve_scale(color="independent"))
             .add_params(*(c.param(v) for c, v in zip(CONTROLS, (hip, knee, ankle)))))
    alt_text = ("Posture explorer: sliders set the hip, knee and ankle angles; the chart draws "
                "the model leg from the side with each muscle coloured by its length change from "
                "upright standing (purple shorter, orange longer), a bar per muscle with the same "
                "change in per cent, and a line of text with the semimembranosus, rectus femoris "
                "and soleus values.")
    return page.PageExplorer("posture", chart, CONTROLS, alt_text,
                             {"hip": hip, "knee": knee, "ankle": ankle})
