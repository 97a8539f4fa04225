"""The sprint explorer (part "Running and strains"): a biarticular hamstring over a sprint stride.

Moment of the stride and muscle -> the muscle's length change from standing, lengthening
velocity and force (Hill-type, with the sprint's activity windows) over the stride, with a
cursor at the moment. :class:`RunningExplorer` / :func:`running_explorer` is the live
widget (any per cent of the stride; needs a running kernel); :func:`page_explorer` is the
kernel-free chart on the published page, every setting of :data:`CONTROLS` computed at
build time (see :mod:`hamstrings.explorers.page`). Both draw what :func:`compute` returns.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

import altair as alt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .. import gait, running, style, validate
from . import page

__all__ = ["CONTROLS", "NAMES", "PANELS", "RunningState", "compute", "readout",
           "RunningExplorer", "running_explorer", "page_explorer"]

#: Display names of the three biarticular hamstrings, in :data:`hamstrings.running.HAMSTRINGS` order.
NAMES = tuple(m.replace("_", " ") for m in running.HAMSTRINGS)

#: The three panels: (key, axis title with unit).
PANELS = (("change", "length change (%)"),
          ("velocity", "lengthening (m/s)"),
          ("force", "force (N)"))

#: The page's controls: the moment every 2 % of the stride, and the muscle.
CONTROLS = (
    page.Control("phase", "Moment of the stride (%)", tuple(range(0, 101, 2))),
    page.Control("muscle", "Muscle", running.HAMSTRINGS, labels=NAMES),
)

_GREY = "#8C8C8C"          # cursor and swing: reads on light and dark backgrounds
_SWING_OPACITY = 0.16


@functools.lru_cache(maxsize=1)
def _sprint() -> tuple:
    """(stride, muscles, forces) of the reference sprint, 101 samples (one per per cent)."""
    s = gait.stride("sprint", n=101)
    traces = gait.muscles(s)
    return s, traces, running.forces(s, traces)


@dataclass(frozen=True)
class RunningState:
    """The model at one setting: the sprint stride, the chosen muscle's three traces
    (``change`` %, ``velocity`` m/s, ``force`` N, arrays over ``stride.phase``) and the
    sample ``index`` at the chosen phase."""

    muscle: str
    stride: gait.Stride
    change: np.ndarray
    velocity: np.ndarray
    force: np.ndarray
    index: int

    @property
    def phase(self) -> float:
        return float(self.stride.phase[self.index])

    @property
    def part(self) -> str:
        """``"stance"``, ``"swing"`` or ``"terminal swing"``."""
        part = self.stride.part_at(self.index)
        late = part == "swing" and running.terminal_swing(self.stride)[self.index]
        return "terminal swing" if late else part

    def value(self, key: str) -> float:
        return float(getattr(self, key)[self.index])


def compute(phase=88, muscle="biceps_femoris_long") -> RunningState:
    """The model at one setting (phase in % of the stride): what both explorers draw."""
    validate.choice(muscle, "muscle", running.HAMSTRINGS)
    s, traces, f = _sprint()
    i = s.nearest(phase)
    return RunningState(muscle, s, traces.change[muscle], traces.velocity[muscle], f[muscle], i)


def readout(phase=88, muscle="biceps_femoris_long") -> str:
    """The line of text the page shows, e.g. ``"biceps femoris long at 88 % (terminal swing):
    +15.1 % length, -0.06 m/s, 1205 N"``: length change from standing, lengthening velocity
    and force at that moment."""
    st = compute(phase, muscle)
    return (f"{muscle.replace('_', ' ')} at {st.phase:.0f} % ({st.part}): "
            f"{page.signed(st.value('change'), 1)} % length, {page.signed(st.value('velocity'), 2)} m/s, "
            f"{st.value('force'):.0f} N")


# --------------------------------------------------------------------------
# The live explorer
# --------------------------------------------------------------------------

class RunningExplorer:
    """Phase and muscle -> the three traces with a cursor (live, ipywidgets).

    ``.fig`` (matplotlib Figure), ``.controls`` (name -> widget), ``.widget`` (the box).
    """

    def __init__(self, phase: float = 88.0, muscle: str = "biceps_femoris_long"):
        import ipywidgets as w  # deferred: only a live kernel needs it; the page explorer does not

        with style.context():
            self.fig = Figure(figsize=(7.5, 6.4), dpi=80, layout="constrained")
            self.axes = self.fig.subplots(3, 1, sharex=True)
            s = _sprint()[0]
            self.lines, self.dots, self.cursors = [], [], []
            for ax, (_, title) in zip(self.axes, PANELS):
                ax.axvspan(s.toe_off, 100.0, color=_GREY, alpha=_SWING_OPACITY, lw=0)
                ax.axhline(0.0, color=style.NEUTRAL["annotation"], lw=0.8)
                (line,) = ax.plot([], [], lw=2.2)
                (dot,) = ax.plot([], [], "o", ms=7)
                self.lines.append(line)
                self.dots.append(dot)
                self.cursors.append(ax.axvline(0.0, color=_GREY, lw=1.2))
                ax.set_xlim(0, 100)
                ax.set_ylabel(title)
            self.axes[-1].set_xlabel("% of the stride (swing shaded)")
            self.title = self.fig.suptitle("", fontsize=11)
        self._canvas = FigureCanvasAgg(self.fig)
        self._muscle = None       # the muscle whose traces the background holds
        self._background = None
        self.image = w.Image(format="png", layout=w.Layout(max_width="900px"))
        wide = {"style": {"description_width": "7em"}, "layout": w.Layout(width="420px")}
        self.controls = {
            "phase": w.FloatSlider(value=phase, min=0.0, max=100.0, step=1.0,
                                   description="phase (%)", readout_format=".0f", **wide),
            "muscle": w.Dropdown(options=list(zip(NAMES, running.HAMSTRINGS)), value=muscle,
                                 description="muscle", **wide),
        }
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.controls.values(), self.image])
        self.update(phase, muscle)

    def _on_change(self, _change=None):
        self.update(**{k: c.value for k, c in self.controls.items()})

    def update(self, phase=88.0, muscle="biceps_femoris_long") -> None:
        """Redraw for a setting: what :func:`compute` gives.

        A change of muscle redraws the traces and keeps them as a background; a change of
        phase only redraws the cursors, the dots and the line of text over it.
        """
        st = compute(phase, muscle)
        colour = style.muscle_color(muscle)
        moving = [*self.cursors, *self.dots, self.title]
        self.title.set_text(readout(phase, muscle))  # before the first layout: it makes room
        if muscle != self._muscle:
            for ax, line, dot, (key, _) in zip(self.axes, self.lines, self.dots, PANELS):
                y = getattr(st, key)
                line.set_data(st.stride.phase, y)
                line.set_color(colour)
                dot.set_color(colour)
                pad = 0.08 * (y.max() - y.min() + 1e-9)
                ax.set_ylim(min(0.0, y.min()) - pad, y.max() + pad)
            for artist in moving:
                artist.set_animated(True)
            self._canvas.draw()
            if self._muscle is None:  # keep the layout just computed: later draws are blits
                self.fig.set_layout_engine("none")
            self._background = self._canvas.copy_from_bbox(self.fig.bbox)
            self._muscle = muscle
        for dot, cursor, (key, _) in zip(self.dots, self.cursors, PANELS):
            dot.set_data([st.phase], [st.value(key)])
            cursor.set_xdata([st.phase, st.phase])
        self._canvas.restore_region(self._background)
        for artist in moving:
            self.fig.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self._canvas.buffer_rgba())).save(buffer, format="png",
                                                                     compress_level=1)
        self.image.value = buffer.getvalue()


def running_explorer(phase: float = 88.0, muscle: str = "biceps_femoris_long"):
    """Return the live sprint explorer widget (display it as a cell's last line)."""
    return RunningExplorer(phase, muscle).widget


# --------------------------------------------------------------------------
# The kernel-free explorer for the page
# --------------------------------------------------------------------------

def _rows() -> tuple:
    """(states, traces, limits): one readout per setting; one row per muscle, panel and
    phase sample (the traces, 101 samples); each panel's axis limits per muscle."""
    phase, muscle = CONTROLS
    states = [{"phase": p, "muscle": m, "readout": readout(p, m)}
              for m in muscle.values for p in phase.values]
    traces, limits = [], []
    for m in muscle.values:
        st = compute(0, m)
        for k, (key, _) in enumerate(PANELS):
            y = getattr(st, key)
            digits = 1 if key != "velocity" else 3
            traces.extend({"muscle": m, "panel": k, "x": float(x), "y": round(float(v), digits)}
                          for x, v in zip(st.stride.phase, y))
            pad = 0.08 * (float(y.max() - y.min()) + 1e-9)
            limits.append({"muscle": m, "panel": k, "lo": min(0.0, float(y.min())) - pad,
                           "hi": float(y.max()) + pad})
    return states, traces, limits


def page_explorer(phase=88, muscle="biceps_femoris_long") -> page.PageExplorer:
    """The sprint explorer for the published page: no kernel needed.

    The chosen hamstring's length change, lengthening velocity and force over the sprint
    stride (swing shaded), a cursor and dots at the chosen moment, and a line of text
    (:func:`readout`) above. Every setting of :data:`CONTROLS` is computed here.
    """
    initial = {"phase": phase, "muscle": muscle}
    params = [c.param(initial[c.name]) for c in CONTROLS]  # refuses values not on the page
    states, traces, limits = _rows()
    data_states = page.inline_csv(states, ["phase", "muscle", "readout"])
    data_traces = page.inline_csv(traces, ["muscle", "panel", "x", "y"], {"x": 0})
    data_limits = page.inline_csv(limits, ["muscle", "panel", "lo", "hi"], {"lo": 3, "hi": 3})
    s = _sprint()[0]
    colours = alt.Scale(domain=list(running.HAMSTRINGS),
                        range=[style.muscle_color(m) for m in running.HAMSTRINGS])
    chosen = CONTROLS[1].test()
    blank = alt.Data(values=[{}])
    width, height = 470, 125
    panels = []
    for k, (_, title) in enumerate(PANELS):
        rows = alt.Chart(data_traces).transform_filter(f"{chosen} && datum.panel === {k}")
        x = alt.X("x:Q", scale=alt.Scale(domain=[0, 100], nice=False),
                  title="% of the stride (swing shaded)" if k == len(PANELS) - 1 else None)
        y = alt.Y("y:Q", scale=alt.Scale(zero=False, nice=False), title=title)
        swing = (alt.Chart(alt.Data(values=[{"a": s.toe_off, "b": 100.0}]))
                 .mark_rect(color=_GREY, opacity=_SWING_OPACITY)
                 .encode(x=alt.X("a:Q", scale=alt.Scale(domain=[0, 100], nice=False)), x2="b:Q",
                         y=alt.value(0), y2=alt.value(height)))
        room = (alt.Chart(data_limits).transform_filter(f"{chosen} && datum.panel === {k}")
                .mark_rule(opacity=0, aria=False).encode(y=alt.Y("lo:Q"), y2="hi:Q"))
        zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(
            color=_GREY, strokeWidth=0.8).encode(y="y:Q")
        # a grey casing under the line: the darkest hamstring colours also read in dark mode
        casing = rows.mark_line(strokeWidth=4.5, color=_GREY, opacity=0.7, aria=False).encode(
            x=x, y=y)
        line = rows.mark_line(strokeWidth=2.2).encode(
            x=x, y=y, color=alt.Color("muscle:N", scale=colours, legend=None))
        cursor = (alt.Chart(blank).transform_calculate(x="p_phase")
                  .mark_rule(color=_GREY, strokeWidth=1.5).encode(x="x:Q"))
        dot = (rows.transform_filter("abs(datum.x - p_phase) < 1e-6")
               .mark_point(filled=True, size=60, opacity=1, stroke=_GREY, strokeWidth=1.5)
               .encode(x="x:Q", y="y:Q", color=alt.Color("muscle:N", scale=colours, legend=None),
                       tooltip=[alt.Tooltip("x:Q", title="% of the stride"),
                                alt.Tooltip("y:Q", title=title)]))
        panels.append(alt.layer(swing, room, zero, casing, line, cursor, dot)
                      .properties(width=width, height=height))
    text = (alt.Chart(data_states).transform_filter(page.match(CONTROLS))
            .mark_text(align="left", baseline="middle", fontSize=12)
            .encode(text=f"{page.READOUT_FIELD}:N", x=alt.value(-60), y=alt.value(8))
            .properties(width=width, height=16))
    chart = (alt.vconcat(text, *panels, spacing=10)
             .add_params(*params)
             .configure_view(stroke=None))
    alt_text = ("Sprint explorer: controls set the moment of a sprinting stride and one of the "
                "three two-joint hamstrings. Three panels show that muscle over the whole stride: "
                "its length change from upright standing in per cent, its lengthening velocity in "
                "metres per second and its force in newtons, with swing shaded and a cursor and "
                "dots at the chosen moment; a line of text gives the three values there.")
    return page.PageExplorer("running", chart, CONTROLS, alt_text, initial)
