"""The stride explorer (part "Walking"): the leg at any moment of a forward or backward stride.

:class:`StrideExplorer` / :func:`stride_explorer` is the live widget (direction, speed,
phase, muscle and departures controls; needs a running kernel). :func:`page_explorer` is
the kernel-free chart on the published page: every setting of :data:`CONTROLS` computed at
build time (see :mod:`hamstrings.explorers.page`). Both draw what :func:`compute` returns.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass

import altair as alt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from .. import gait, leg, plotting, style, validate
from ..gait_plots import LEG_LIMITS, SWING_COLOR, shade_stride
from . import page, posture

__all__ = ["CONTROLS", "NAMES", "StrideState", "compute", "readout", "StrideExplorer",
           "stride_explorer", "page_explorer"]


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
        import ipywidgets as w  # deferred: only a live kernel needs it; the page explorer does not

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
            self.legend = self.ax.legend(
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
                             self.legend]
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
            "muscle": w.Dropdown(options=[(style.display_name(m), m) for m in leg.MUSCLES], value=muscle,
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

    def update(self, direction="backward", speed=1.0, phase=0.0, muscle="semimembranosus",
               departures=True) -> None:
        """Redraw for new settings (speed in m/s, phase in %): what :func:`compute` gives."""
        speed = round(float(speed), 3)
        state = compute(direction, speed, phase, muscle, departures)
        key = (direction, speed, muscle, bool(departures))
        if key != self._key:  # the stride or the muscle changed: new traces
            self.stride, self.traces, other = state.stride, state.traces, state.other
            other_direction = other.stride.direction
            change = self.traces.change[muscle]
            self.line.set_data(self.stride.phase, change)
            self.line.set_color(style.muscle_color(muscle))
            self.other.set_data(other.stride.phase, other.change[muscle])
            handle_line, _, _, handle_active = self.legend.legend_handles
            handle_line.set_color(style.muscle_color(muscle))
            handle_active.set_color(style.muscle_color(muscle))
            text_line, text_other, _, text_active = self.legend.get_texts()
            text_line.set_text(direction)
            text_other.set_text(f"{other_direction}, for comparison")
            text_active.set_text(active_label(muscle, direction))
            for artist in self._spans:
                artist.remove()
            self._spans = shade_stride(self.ax, self.stride, muscle, label=False)
            for artist in self._spans:
                artist.set_animated(True)
            self.ax.set_ylim(*state.ylim)
            self.ax.set_title(f"{style.display_name(muscle)}: {self.stride.label}", fontsize=11)
            self._key = key
            self._settings_layer = None
        self.drawing.set_pose(*state.angles)
        self.cursor.set_xdata([state.phase, state.phase])
        self.drawing.ax.set_title(f"{state.phase:.0f} % ({state.part})", fontsize=11)
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


# --------------------------------------------------------------------------
# One setting from the model, and the kernel-free explorer for the page
# --------------------------------------------------------------------------

#: Display names of the muscles (menu, labels, readout), in :data:`hamstrings.leg.MUSCLES` order.
NAMES = tuple(style.display_name(m) for m in leg.MUSCLES)
#: How the activity band is named: measured forward, this book's assumption backward
#: (backward activity is not the forward pattern reversed, Grasso and colleagues 1998).
TYPICAL_SUFFIX = " typically active"
ASSUMED_SUFFIX = " active"
ASSUMED_NOTE = "(backward: this book's assumption)"


def active_label(muscle: str, direction: str) -> str:
    """The legend's name for the activity band of ``muscle`` in ``direction``.

    >>> print(active_label("semimembranosus", "backward"))
    semimembranosus active
    (backward: this book's assumption)
    """
    if direction == "backward":
        return f"{style.display_name(muscle)}{ASSUMED_SUFFIX}\n{ASSUMED_NOTE}"
    return style.display_name(muscle) + TYPICAL_SUFFIX

#: The page's controls: both directions, three walking speeds (inside
#: :data:`hamstrings.gait.PARAMETER_RANGES` for both directions, with or without the
#: backward departures), the phase every 2 % of the stride, every muscle, departures off/on.
CONTROLS = (
    page.Control("direction", "Direction", gait.DIRECTIONS, labels=gait.DIRECTIONS, kind="radio"),
    page.Control("speed", "Speed (m/s)", (0.8, 1.2, 1.6)),
    page.Control("phase", "Moment of the stride (%)", tuple(range(0, 101, 2))),
    page.Control("muscle", "Muscle", leg.MUSCLES, labels=NAMES),
    page.Control("departures", "Backward departures on", (False, True)),
)

#: Neutral marks of the page's chart (cursor, the other direction, swing): a mid grey that
#: reads on the book's light and dark backgrounds (the live figure is light only).
_GREY = "#8C8C8C"
_SWING_OPACITY = 0.16  # swing shading: the grey at this opacity (about #EDEDED on white)


@dataclass(frozen=True)
class StrideState:
    """The model at one setting of the stride explorer (what both explorers draw).

    ``stride`` and ``traces`` are the chosen stride and its muscles; ``other`` the other
    direction's muscles at the same speed (backward with the chosen departures), drawn
    dashed for comparison; ``index`` the stride's sample at the chosen phase;
    ``windows`` the muscle's typical activity windows (% of the stride,
    :func:`hamstrings.gait.activity`; a window with start > end wraps through 0 %);
    ``ylim`` the length-change axis (%) that holds both traces and the activity band.
    """

    direction: str
    speed: float
    muscle: str
    departures: bool
    stride: gait.Stride
    traces: gait.StrideMuscles
    other: gait.StrideMuscles
    index: int
    windows: tuple
    ylim: tuple

    @property
    def phase(self) -> float:
        """The phase shown, % of the stride (the stride's sample nearest the one asked for)."""
        return float(self.stride.phase[self.index])

    @property
    def part(self) -> str:
        """``"stance"`` or ``"swing"``."""
        return self.stride.part_at(self.index)

    @property
    def head(self) -> str:
        """The setting in words: direction, speed, departures (backward only), phase and part."""
        dep = f", departures {'on' if self.departures else 'off'}" if self.direction == "backward" else ""
        return f"{self.direction}, {self.speed:.3g} m/s{dep}, {self.phase:.0f} % ({self.part})"

    @property
    def angles(self) -> tuple:
        """(hip, knee, ankle) at the phase, degrees."""
        s, i = self.stride, self.index
        return float(s.hip[i]), float(s.knee[i]), float(s.ankle[i])

    @property
    def change(self) -> dict:
        """Every muscle's length change from standing at the phase, % of its standing length."""
        return {m: float(c[self.index]) for m, c in self.traces.change.items()}

    @property
    def value(self) -> float:
        """The chosen muscle's length change at the phase (%)."""
        return float(self.traces.change[self.muscle][self.index])

    @functools.cached_property
    def paths(self) -> dict:
        """Muscle or bone -> (n, 2) points (m) of the leg at the phase (pelvis frame)."""
        geometry = leg.pose(*self.angles)
        joints = geometry["joints"]
        paths = {m: np.asarray(geometry["paths"][m]) for m in leg.MUSCLES}
        paths.update({bone: np.array([joints[j] for j in ends])
                      for bone, ends in posture.BONES.items()})
        return paths


@functools.lru_cache(maxsize=64)
def _strides(direction: str, speed: float, departures: bool) -> tuple:
    """(stride, its muscles, activity windows) of one direction at one speed (cached)."""
    extra = {} if direction == "forward" else {"departures": departures}
    s = gait.stride(direction, speed=speed, **extra)
    return s, gait.muscles(s), gait.activity(s.direction, s.stance_fraction)


def compute(direction="backward", speed=1.2, phase=0.0, muscle="semimembranosus",
            departures=True) -> StrideState:
    """The model at one setting (speed in m/s, phase in % of the stride): what both explorers draw.

    ``departures`` switches the backward departures from pure time reversal (see
    :func:`hamstrings.gait.stride`); a forward stride has none, so for ``"forward"`` it
    only chooses the backward stride drawn for comparison.
    """
    validate.choice(direction, "direction", gait.DIRECTIONS)
    validate.choice(muscle, "muscle", leg.MUSCLES)
    departures = validate.flag(departures, "departures")
    validate.in_range(phase, "phase", 0.0, 100.0, "% of the stride")
    speed = validate.number(speed, "speed", "m/s")
    other_direction = "forward" if direction == "backward" else "backward"
    s, traces, windows = _strides(direction, speed, departures)
    other = _strides(other_direction, speed, departures)[1]
    i = s.nearest(phase)
    change, compare = traces.change[muscle], other.change[muscle]
    low = float(min(change.min(), compare.min()))
    high = float(max(change.max(), compare.max()))
    pad = 0.15 * (high - low + 1.0)
    return StrideState(direction, speed, muscle, departures, s, traces, other, i,
                       tuple(windows[muscle]), (low - pad, high + 2.5 * pad))


def readout(direction="backward", speed=1.2, phase=0.0, muscle="semimembranosus",
            departures=True) -> str:
    """The line of text the page shows for a setting (the browser tests check the page shows it).

    For example ``"backward, 1.2 m/s, departures on, 40 % (stance): semimembranosus
    +3.1 % of its standing length"``.
    """
    state = compute(direction, speed, phase, muscle, departures)
    return f"{state.head}: {style.display_name(muscle)} {page.signed(state.value)} % of its standing length"


def _settings():
    """The strides of the page: (direction, speed, departures), forward once per speed."""
    direction, speed, _, _, departures = CONTROLS
    for d in direction.values:
        for v in speed.values:
            for dep in (departures.values if d == "backward" else (False,)):
                yield d, v, dep


def _rows():
    """The page's data tables (see :func:`page_explorer`)."""
    direction, speed, phase, muscle, departures = CONTROLS
    items = (*leg.MUSCLES, *posture.BONES)
    states, poses, traces, strides, windows, limits = [], {}, [], [], [], []
    for d, v, dep in _settings():
        key = {"direction": d, "speed": v, "departures": dep}
        for p in phase.values:
            state = compute(d, v, p, muscle.values[0], dep)
            xy = {n: np.round(1000.0 * posture.simplify(state.paths[n])).astype(int)
                  for n in items}
            change = state.change
            pose = ("|".join(" ".join(map(str, xy[n][:, 0])) for n in items),
                    "|".join(" ".join(map(str, xy[n][:, 1])) for n in items),
                    " ".join(page.signed(change[m]) for m in leg.MUSCLES))
            states.append({**key, "phase": p, "pose": poses.setdefault(pose, len(poses)),
                           "head": state.head})
        strides.append({**key, "toe": state.stride.toe_off})
        for k, m in enumerate(muscle.values):
            state = compute(d, v, 0.0, m, dep)
            traces.append({**key, "m": k,
                           "ys": " ".join(f"{c:.1f}" for c in state.traces.change[m])})
            for a, b in state.windows:
                for x0, x1 in gait.window_pieces(a, b):
                    windows.append({**key, "m": k, "x0": x0, "x1": x1})
            for shown in ((False, True) if d == "forward" else (dep,)):
                lo, hi = compute(d, v, 0.0, m, shown).ylim
                limits.append({**key, "departures": shown, "m": k, "lo": lo, "hi": hi})
    pose_rows = [{"pose": k, "xs": xs, "ys": ys, "ch": ch} for (xs, ys, ch), k in poses.items()]
    return states, pose_rows, traces, strides, windows, limits


def _state_test(*names, other=False, every_departure=False) -> str:
    """A Vega filter for the chosen setting over the controls ``names`` (see :func:`page.match`).

    ``other``: the other direction's rows instead. Rows of forward strides are stored once
    (departures apply to backward walking only) unless ``every_departure``.
    """
    tests = []
    for control in CONTROLS:
        if control.name not in names:
            continue
        if control.name == "direction":
            tests.append(f"datum.direction {'!==' if other else '==='} p_direction")
        elif control.name == "muscle":
            tests.append(f"datum.m === indexof({json.dumps(list(leg.MUSCLES))}, p_muscle)")
        elif control.name == "departures" and not every_departure:
            tests.append("(datum.direction === 'forward' || datum.departures === p_departures)")
        else:
            tests.append(control.test())
    return " && ".join(tests)


def page_explorer(direction="backward", speed=1.2, phase=40, muscle="semimembranosus",
                  departures=True) -> page.PageExplorer:
    """The stride explorer for the published page: no kernel needed.

    Every setting of :data:`CONTROLS` is computed here (with :func:`compute`); the reader's
    browser draws the chosen one as the live explorer does: the leg at that moment of the
    stride with its muscles coloured by length change, and the chosen muscle's length
    change over the stride (the other direction dashed, swing shaded, the muscle's typical
    activity as a band along the top), with a cursor at the moment.

    The data: one row per stride and phase (``states``: its pose and its readout's start),
    each distinct pose once (``poses``: the drawing, packed as mm, and every muscle's
    change, ``+0.0`` text), one row per stride and muscle for the traces (101 samples, 0.1 %), the
    strides' toe off, the activity windows and the change axis's limits.
    """
    initial = {"direction": direction, "speed": speed, "phase": phase, "muscle": muscle,
               "departures": departures}
    params = [c.param(initial[c.name]) for c in CONTROLS]  # refuses values not on the page
    states, poses, traces, strides, windows, limits = _rows()
    stride_cols = ["direction", "speed", "departures"]
    data_states = page.inline_csv(states, [*stride_cols, "phase", "pose", "head"])
    data_poses = page.inline_csv(poses, ["pose", "xs", "ys", "ch"])
    data_traces = page.inline_csv(traces, [*stride_cols, "m", "ys"])
    data_strides = page.inline_csv(strides, [*stride_cols, "toe"], {"toe": 2})
    data_windows = page.inline_csv(windows, [*stride_cols, "m", "x0", "x1"], {"x0": 2, "x1": 2})
    data_limits = page.inline_csv(limits, [*stride_cols, "m", "lo", "hi"], {"lo": 2, "hi": 2})

    muscles_js = json.dumps(list(leg.MUSCLES))
    names_js = json.dumps(list(NAMES))
    chosen_m = f"indexof({muscles_js}, p_muscle)"
    every = _state_test("direction", "speed", "phase", "departures")
    stride_test = _state_test("direction", "speed", "departures")
    trace_test = _state_test("direction", "speed", "departures", "muscle")
    other_test = _state_test("direction", "speed", "departures", "muscle", other=True)
    limit_test = _state_test("direction", "speed", "departures", "muscle", every_departure=True)
    colours = alt.Scale(domain=list(range(len(leg.MUSCLES))),
                        range=[style.muscle_color(m) for m in leg.MUSCLES])
    blank = alt.Data(values=[{}])

    # the leg at the chosen moment
    items = (*leg.MUSCLES, *posture.BONES)
    m_count = len(leg.MUSCLES)
    state = (alt.Chart(data_states).transform_filter(every)
             .transform_lookup(lookup="pose",
                               from_=alt.LookupData(data_poses, "pose", ["xs", "ys", "ch"])))
    points = (state.transform_calculate(ix="split(datum.xs, '|')", iy="split(datum.ys, '|')",
                                        item=f"sequence(0, {len(items)})")
              .transform_flatten(["ix", "iy", "item"], ["px", "py", "item"])
              .transform_calculate(
                  change=f"datum.item < {m_count} ? toNumber(split(datum.ch, ' ')[datum.item]) : 0",
                  name=f"{json.dumps([style.display_name(n) for n in items])}[datum.item]"))
    (x0, x1), (y0, y1) = LEG_LIMITS["xlim"], LEG_LIMITS["ylim"]
    leg_w = 220
    leg_h = round(leg_w * (y1 - y0) / (x1 - x0))
    x = alt.X("x:Q", scale=alt.Scale(domain=[x0, x1], nice=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[y0, y1], nice=False), axis=None)
    bones, lines = posture.leg_marks(
        points, x, y, m_count, packed=("px", "py"),
        legend=alt.Legend(title="length change from standing (%)", orient="bottom",
                          direction="horizontal", gradientLength=leg_w - 20,
                          titleLimit=leg_w + 40))
    moment = (state.transform_calculate(moment="peek(split(datum.head, ', '))")
              .mark_text(align="left", baseline="middle", fontSize=13)
              .encode(text="moment:N", x=alt.value(0), y=alt.value(-12)))
    drawing = alt.layer(bones, lines, moment).properties(width=leg_w, height=leg_h)

    # the chosen muscle over the stride
    tr_w, tr_h = 330, 210
    phase_x = alt.X("x:Q", scale=alt.Scale(domain=[0, 100], nice=False),
                    title="% of the stride")
    change_y = alt.Y("y:Q", scale=alt.Scale(zero=False, nice=False),
                     title="length change from standing (%)")

    def trace(test):
        return (alt.Chart(data_traces).transform_filter(test)
                .transform_calculate(ya="split(datum.ys, ' ')")
                .transform_flatten(["ya"])
                .transform_window(k="row_number()")
                .transform_calculate(x="datum.k - 1", y="toNumber(datum.ya)"))

    swing = (alt.Chart(data_strides).transform_filter(stride_test)
             .transform_calculate(end="100")
             .mark_rect(color=_GREY, opacity=_SWING_OPACITY)
             .encode(x=alt.X("toe:Q", scale=alt.Scale(domain=[0, 100], nice=False)),
                     x2="end:Q", y=alt.value(0), y2=alt.value(tr_h)))
    band = (alt.Chart(data_windows).transform_filter(trace_test)
            .mark_rect(opacity=0.55)
            .encode(x="x0:Q", x2="x1:Q", y=alt.value(0), y2=alt.value(round(0.06 * tr_h)),
                    color=alt.Color("m:N", scale=colours, legend=None)))
    axis_room = (alt.Chart(data_limits).transform_filter(limit_test)
                 .mark_rule(opacity=0, aria=False).encode(y=alt.Y("lo:Q"), y2="hi:Q"))
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color=_GREY, strokeWidth=0.8).encode(
        y="y:Q")
    other_line = trace(other_test).mark_line(
        color=_GREY, strokeWidth=1.5, strokeDash=[5, 3]).encode(x=phase_x, y=change_y)
    line = trace(trace_test).mark_line(strokeWidth=2.2).encode(
        x=phase_x, y=change_y, color=alt.Color("m:N", scale=colours, legend=None))
    cursor = (alt.Chart(blank).transform_calculate(x="p_phase")
              .mark_rule(color=_GREY, strokeWidth=1.5).encode(x="x:Q"))
    dot = (trace(trace_test).transform_filter("abs(datum.x - p_phase) < 1e-6")
           .mark_point(filled=True, size=60, opacity=1)
           .encode(x="x:Q", y="y:Q", color=alt.Color("m:N", scale=colours, legend=None),
                   tooltip=[alt.Tooltip("x:Q", title="% of the stride"),
                            alt.Tooltip("y:Q", title="length change (%)", format="+.1f")]))
    title = (f"{names_js}[{chosen_m}] + ': ' + p_direction + ' walking, ' + "
             f"format(p_speed, '.2f') + ' m/s'")
    over_stride = alt.layer(swing, band, axis_room, zero, other_line, line, cursor, dot).properties(
        width=tr_w, height=tr_h, title=alt.TitleParams(text={"expr": title}))

    # its key, below it (never over the data)
    def key_text(x_px, y_px, expr):
        return (alt.Chart(blank).transform_calculate(t=expr)
                .mark_text(align="left", baseline="middle", fontSize=11)
                .encode(text="t:N", x=alt.value(x_px), y=alt.value(y_px)))

    def key_mark(mark, x_px, y_px, **encoding):
        """A sample line or shading; its marks say aria=False (the text beside it speaks)."""
        return mark.encode(x=alt.value(x_px), x2=alt.value(x_px + 22), y=alt.value(y_px),
                           **encoding)

    muscle_colour = alt.Color("m:N", scale=colours, legend=None)
    key_m = alt.Chart(blank).transform_calculate(m=chosen_m)
    backward = "'backward, departures ' + (p_departures ? 'on' : 'off')"
    key = alt.layer(
        key_mark(key_m.mark_rule(strokeWidth=2.2, aria=False), 0, 8, color=muscle_colour),
        key_text(28, 8, f"p_direction === 'backward' ? {backward} : 'forward'"),
        key_mark(alt.Chart(blank).mark_rule(color=_GREY, strokeWidth=1.5, strokeDash=[5, 3],
                                            aria=False), 0, 24),
        key_text(28, 24, f"(p_direction === 'forward' ? {backward} : 'forward') + "
                         "', for comparison'"),
        key_mark(key_m.mark_rect(opacity=0.55, aria=False), 0, 35, y2=alt.value(45),
                 color=muscle_colour),
        key_text(28, 40, f"{names_js}[{chosen_m}] + (p_direction === 'backward' ? "
                         f"{json.dumps(ASSUMED_SUFFIX)} : {json.dumps(TYPICAL_SUFFIX)})"),
        key_text(28, 55, f"p_direction === 'backward' ? {json.dumps(ASSUMED_NOTE)} : ''"),
        key_mark(alt.Chart(blank).mark_rect(color=_GREY, opacity=2 * _SWING_OPACITY, aria=False),
                 220, 3, y2=alt.value(13)),
        key_text(248, 8, "'swing'"),
    ).properties(width=tr_w, height=62)

    text = (state.transform_calculate(**{page.READOUT_FIELD: (
                f"datum.head + ': ' + {names_js}[{chosen_m}] + ' ' + "
                f"split(datum.ch, ' ')[{chosen_m}] + ' % of its standing length'")})
            .mark_text(align="left", baseline="middle", fontSize=12)
            .encode(text=f"{page.READOUT_FIELD}:N", x=alt.value(0), y=alt.value(8))
            .properties(width=tr_w + leg_w + 60, height=16))
    chart = (alt.vconcat(text, alt.hconcat(drawing, alt.vconcat(over_stride, key, spacing=8),
                                           spacing=40)
                         .resolve_scale(color="independent"))
             .add_params(*params)
             .configure_view(stroke=None))  # Altair's own view config would bring the frame back
    alt_text = ("Stride explorer: controls set the walking direction, the speed, the moment of "
                "the stride, the muscle and whether the backward departures from pure time "
                "reversal are on. The chart draws the model leg from the side at that moment with "
                "each muscle coloured by its length change from upright standing (purple shorter, "
                "orange longer), and the chosen muscle's length change over the whole stride with "
                "a cursor at the moment, the other direction dashed for comparison, swing shaded "
                "and the muscle's typical activity as a band along the top; a line of text gives "
                "the setting and the muscle's length change in per cent.")
    return page.PageExplorer("stride", chart, CONTROLS, alt_text, initial)
