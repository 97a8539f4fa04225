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

Both front ends draw what :func:`compute` returns: :class:`FlexibilityExplorer` (live, for
a running notebook) and :func:`page_explorer`, the kernel-free chart on the published page
(every setting of :data:`CONTROLS` computed when the book is built; see
:mod:`hamstrings.explorers.page`). Both say in numbers why the backward-walking share moves
nothing in this model (:func:`backward_note`).
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from dataclasses import dataclass
from typing import NamedTuple

import altair as alt
import numpy as np
from matplotlib.figure import Figure

from .. import clinical, flexibility, plotting, postures, style, validate
from . import page

__all__ = ["FlexibilityExplorer", "flexibility_explorer", "MAX_WEEKS", "BAND_SAMPLES", "CONTROLS",
           "Flexibility", "BackwardStimulus", "compute", "readout", "backward_stimulus",
           "backward_note", "page_data", "PageData", "page_explorer"]

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
        import ipywidgets as w  # deferred: only a live kernel needs it; the page explorer does not

        flexibility.warm_up()  # the first slider move costs no more than the next
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
            limited = _norm("straight_leg_raise", "threshold")
            slr_mean = _norm("straight_leg_raise", "calibration", "men, pelvis strapped")
            short = _norm("active_knee_extension", "threshold", "short above (men)")
            ake_mean = _norm("active_knee_extension", "calibration")
            ax_slr.axhline(limited, color=grey, ls="--", lw=1, label=f"limited below {limited:.0f}°")
            ax_slr.axhline(slr_mean, color=grey, ls=":", lw=1, label=f"mean of 30 men, {slr_mean:.0f}°")
            ax_ake.axhline(short, color=grey, ls="--", lw=1, label=f"short above {short:.0f}° (men)")
            ax_ake.axhline(ake_mean, color=grey, ls=":", lw=1,
                           label=f"mean of young men, {ake_mean:.1f}°")
            # limits that hold every run the sliders reach (SLR 33-100°, deficit 0-56°: the
            # corners of the sliders, tests/test_explorers_live.py)
            ax_slr.set(xlim=(0, MAX_WEEKS), ylim=(30, 110), xlabel="time (weeks)",
                       ylabel="straight-leg raise (°)")
            ax_ake.set(xlim=(0, MAX_WEEKS), ylim=(0, 65), xlabel="time (weeks)",
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
                                          color=style.muscle_color(m), label=style.display_name(m))
            ax_exp.axvline(100.0, color=grey, lw=1)
            ax_exp.set(xlim=(60, 130), ylim=(0, 24), xlabel="length (% of standing)",
                       ylabel="time (h/day)")
            ax_exp.legend(fontsize=7, loc="upper left")
            self.title = ax_slr.set_title(" ", fontsize=9, loc="left")
            self.note = self.fig.supxlabel(" \n ", fontsize=8, x=0.01, ha="left")
            self.ax = (ax_slr, ax_ake, ax_exp)
        moving = [self.slr_band, self.slr_line, self.ake_band, self.ake_line, self.title, self.note,
                  *[p for b in self.bars.values() for p in b.patches]]
        self.renderer = plotting.BlitPNG(self.fig, moving)
        self.image = w.Image(format="png", layout=w.Layout(max_width="1000px"))
        slider = dict(continuous_update=False, style={"description_width": "15em"},
                      layout=w.Layout(width="520px"))
        grid_start = flexibility.clinical_tables().slr
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
        """The model work of one update: (simulation result, exposure); see :func:`compute`."""
        state = compute(sitting_hours, sitting_posture, 100.0 * backward_share, sessions_per_week,
                        hold_s, weeks, start_slr)
        return state.result, state.exposure

    def update(self, sitting_hours=8.0, sitting_posture="chair_sitting", backward_share=0.0,
               sessions_per_week=0.0, hold_s=60.0, weeks=12, start_slr=None) -> None:
        """Recompute and redraw (keywords as the controls)."""
        state = compute(sitting_hours, sitting_posture, 100.0 * backward_share, sessions_per_week,
                        hold_s, weeks, start_slr)
        result, exp = state.result, state.exposure
        x = result.day / 7.0
        self.slr_line.set_data(x, result.slr)
        self.ake_line.set_data(x, result.ake)
        self.slr_band.set_verts([_band_vertices(x, *result.slr_band)])
        self.ake_band.set_verts([_band_vertices(x, *result.ake_band)])
        for m, bars in self.bars.items():
            for patch, h in zip(bars.patches, exp.hours[m]):
                patch.set_height(h)
        self.title.set_text(_describe(state))
        self.note.set_text(_note(state.backward))
        self.image.value = self.renderer.png()


def flexibility_explorer(**settings):
    """Return the flexibility explorer widget (display it as a cell's last line)."""
    return FlexibilityExplorer(**settings).widget


# --------------------------------------------------------------------------
# One setting from the model, and the kernel-free explorer for the page
# --------------------------------------------------------------------------

#: The day's other parts, as :func:`hamstrings.flexibility.typical_day` makes them.
_DAY = {k: p.default for k, p in inspect.signature(flexibility.typical_day).parameters.items()}

#: The page's controls (issue 11): sitting 0-16 h a day, every sitting posture, backward
#: share of the walking time, and stretching (none, or sessions a week x hold per session).
#: The page always runs :data:`MAX_WEEKS` weeks for the default person.
CONTROLS = (
    page.Control("sitting_hours", "Sitting (h a day)", tuple(range(0, 17))),
    page.Control("sitting_posture", "Sitting posture", tuple(postures.SITTING),
                 labels=tuple(postures.get(p).label for p in postures.SITTING)),
    page.Control("backward_percent", "Backward share of walking (%)", tuple(range(0, 51, 5))),
    page.Control("sessions_per_week", "Stretching sessions a week", tuple(range(0, 8))),
    page.Control("hold_s", "Hold per session (s)", (30, 60, 90)),
)


class BackwardStimulus(NamedTuple):
    """Backward walking against the stretch threshold (mechanism (a) of
    :mod:`hamstrings.flexibility`), for one person.

    ``minutes``: minutes of backward walking a day. ``peak``, ``forward_peak``: the
    hamstrings' peak passive tension over a backward (forward) stride, in per cent of the
    tension the person tolerates at the end of a straight-leg raise. ``threshold``, ``low``,
    ``high``: the stretch threshold (``intensity_threshold``), nominal and its sampled range,
    in per cent. ``inert``: neither walk can ever be a stimulus for any sampled parameter set
    (both peaks at or below ``low``, and the walking hours far too short a share of the day
    for the structural rule), so the backward share changes nothing in the model.
    """

    minutes: float
    peak: float
    forward_peak: float
    threshold: float
    low: float
    high: float
    inert: bool


@dataclass(frozen=True)
class Flexibility:
    """The model for one setting: what both explorers draw."""

    settings: dict                      # the keywords of :func:`compute`
    day: flexibility.Day
    result: flexibility.Result          # seeded, with the band of BAND_SAMPLES parameter sets
    exposure: flexibility.Exposure      # of the semimembranosus and the iliacus
    backward: BackwardStimulus


def _tolerance(start_slr):
    """The tolerated torque for a starting straight-leg raise (None: the default person's)."""
    if start_slr is None:
        return None
    slr = flexibility.clinical_tables().slr
    return flexibility.tolerance_for_slr(validate.in_range(start_slr, "start_slr", float(slr[0]), float(slr[-1])))


@functools.lru_cache(maxsize=64)
def _walk_peaks(tolerated_torque) -> dict:
    """The walks' peak tensions in per cent of the person's tolerated tension."""
    person = {} if tolerated_torque is None else {"tolerated_torque": tolerated_torque}
    tolerated = clinical.tolerated_tension(**person)
    return {direction: 100.0 * float(np.max(flexibility.activity_tension(f"walking_{direction}"))) / tolerated
            for direction in ("forward", "backward")}


def backward_stimulus(backward_percent=0.0, start_slr=None) -> BackwardStimulus:
    """Backward walking's hamstring tension against the stretch threshold (per cent).

    ``backward_percent``: share of the walking time walked backward (0-100);
    ``start_slr``: the person's starting straight-leg raise (degrees; None: the default
    person). The tolerance only rises during a run, so the starting tolerated tension is
    the lowest the run meets: a walk below the threshold there stays below it.
    """
    share = validate.in_range(backward_percent, "backward_percent", 0.0, 100.0)
    peaks = _walk_peaks(_tolerance(start_slr))
    theta = flexibility.PARAMETERS["intensity_threshold"]
    walking = _DAY["walking_hours"]
    c_low = flexibility.PARAMETERS["continuity_threshold"].low
    inert = max(peaks.values()) <= 100.0 * theta.low and walking / 24.0 <= c_low
    return BackwardStimulus(60.0 * walking * share / 100.0, peaks["backward"], peaks["forward"],
                            100.0 * theta.value, 100.0 * theta.low, 100.0 * theta.high, inert)


def _note(b: BackwardStimulus) -> str:
    head = (f"backward walking {b.minutes:.0f} min a day: peak hamstring tension "
            f"{b.peak:.1f} % of the tolerated tension,")
    if b.inert:
        tail = (f"below the {b.threshold:.0f} % stretch threshold (sampled {b.low:.0f}-{b.high:.0f} %): "
                "no effect in this model")
    elif b.peak <= b.threshold:
        tail = (f"below the {b.threshold:.0f} % stretch threshold but not its lowest sampled value "
                f"({b.low:.0f} %): it can move the band")
    else:
        tail = f"above the {b.threshold:.0f} % stretch threshold: it counts as a stretch"
    return f"{head}\n{tail}"


def backward_note(backward_percent=0.0, start_slr=None) -> str:
    """Two lines saying why the backward share does (or does not) move the lines, in numbers."""
    return _note(backward_stimulus(backward_percent, start_slr))


def _day(sitting_hours, sitting_posture, backward_percent, sessions_per_week, hold_s):
    walking, sleep = _DAY["walking_hours"], _DAY["sleep_hours"]
    sitting = validate.in_range(sitting_hours, "sitting_hours", 0.0, 24.0 - walking)
    validate.choice(sitting_posture, "sitting_posture", postures.SITTING)
    return flexibility.typical_day(
        sitting_hours=sitting, sitting_posture=sitting_posture,
        sleep_hours=min(sleep, 24.0 - walking - sitting),  # a long day of sitting costs sleep
        backward_share=validate.in_range(backward_percent, "backward_percent", 0.0, 100.0) / 100.0,
        stretch_sessions_per_week=validate.in_range(sessions_per_week, "sessions_per_week", 0.0, 7.0),
        stretch_hold_s=validate.in_range(hold_s, "hold_s", 0.0, 1800.0))


def compute(sitting_hours=8.0, sitting_posture="chair_sitting", backward_percent=0.0,
            sessions_per_week=0.0, hold_s=60.0, weeks=MAX_WEEKS, start_slr=None) -> Flexibility:
    """The model for one setting of the controls: what both explorers draw.

    ``sitting_hours`` (0 to 24 less the walking hours; beyond what the day leaves after
    the default sleep, the sitting comes out of sleep), ``sitting_posture`` (from
    :data:`hamstrings.postures.SITTING`), ``backward_percent`` (share of the walking time,
    0-100), ``sessions_per_week`` (0-7) and ``hold_s`` (seconds per session) make a
    :func:`hamstrings.flexibility.typical_day`; it is repeated for ``weeks`` (1-520) by
    :func:`hamstrings.flexibility.simulate` (seed 0, band of :data:`BAND_SAMPLES` parameter
    sets) for a person starting at ``start_slr`` degrees (None: the default person).
    Bad input raises ValueError naming the argument.
    """
    day = _day(sitting_hours, sitting_posture, backward_percent, sessions_per_week, hold_s)
    weeks = validate.in_range(weeks, "weeks", 1.0, 520.0)
    torque = _tolerance(start_slr)
    person = None if torque is None else {"tolerated_torque": torque}
    result = flexibility.simulate(day, weeks, person=person, seed=0, samples=BAND_SAMPLES)
    settings = dict(sitting_hours=sitting_hours, sitting_posture=sitting_posture,
                    backward_percent=backward_percent, sessions_per_week=sessions_per_week,
                    hold_s=hold_s, weeks=weeks, start_slr=start_slr)
    return Flexibility(settings, day, result, flexibility.exposure(day, muscles=_EXPOSED),
                       backward_stimulus(backward_percent, start_slr))


def _describe(state: Flexibility) -> str:
    r = state.result
    text = f"after {state.settings['weeks']:.0f} weeks: SLR {r.slr[-1]:.0f}°"
    if r.slr_band is not None:
        text += f" (band {r.slr_band[0, -1]:.0f}-{r.slr_band[1, -1]:.0f}°)"
    text += f", knee-extension deficit {r.ake[-1]:.0f}°"
    if r.ake_band is not None:
        text += f" (band {r.ake_band[0, -1]:.0f}-{r.ake_band[1, -1]:.0f}°)"
    return text


def readout(sitting_hours=8.0, sitting_posture="chair_sitting", backward_percent=0.0,
            sessions_per_week=0.0, hold_s=60.0, weeks=MAX_WEEKS, start_slr=None) -> str:
    """The line of text the explorers show for a setting: flexibility at the end of the run.

    For example ``"after 52 weeks: SLR 75° (band 75-75°), knee-extension deficit 18° (band
    18-18°)"`` (the browser tests check that the page shows it).
    """
    return _describe(compute(sitting_hours, sitting_posture, backward_percent, sessions_per_week,
                             hold_s, weeks, start_slr))


# ----------------------------------------------------------------------- the page's data

_SERIES = ("slr", "slr_lo", "slr_hi", "ake", "ake_lo", "ake_hi")
_STEP_DAYS = 7  # the page stores one point a week


def _pack(values) -> str:
    """A weekly series in tenths of a degree, as differences from the week before (the first
    from 0), without the trailing zeros of a series that has settled: '750 7 4 3 2 1'."""
    steps = np.diff(np.round(10.0 * np.asarray(values)).astype(int), prepend=0)
    last = int(np.flatnonzero(steps)[-1]) if steps.any() else 0
    return " ".join(map(str, steps[:last + 1]))


def _series(state: Flexibility) -> dict:
    r, w = state.result, slice(None, None, _STEP_DAYS)
    arrays = (r.slr, *r.slr_band, r.ake, *r.ake_band)
    return {name: _pack(a[w]) for name, a in zip(_SERIES, arrays)}


def _key(state: dict, controls) -> str:
    """The lookup key of a state: each included control's value, as its index in the grid."""
    return "|".join(str(c.values.index(state[c.name])) for c in controls)


def _key_expression(controls) -> str:
    """The Vega expression that makes :func:`_key` of the chosen state from the controls."""
    parts = [f"indexof({json.dumps(list(c.values))}, {c.param_name})" for c in controls]
    return " + '|' + ".join(parts)


@dataclass
class PageData:
    """The page's grid, computed by :func:`page_data`: each distinct result stored once."""

    keyed: tuple            # the controls the runs depend on (the parts of the lookup key)
    states: list            # {"key", "id"}: every state of the keyed controls -> its run
    series: list            # {"id", "readout", "slr", ...}: each distinct run once, packed
    exposure_sitting: list  # {"key", "hours"}: sitting h|posture|muscle|bin, all but walking
    exposure_walking: list  # {"key", "hours"}: share|muscle|bin, the walking
    notes: list             # {"key", "note"}: share -> why it moves nothing (or does)
    rest: list              # {"key", "rest"}: sitting h -> the rest of that day
    edges: np.ndarray       # exposure bins, % of standing length
    slr_domain: tuple       # axes that hold every run of the grid, degrees
    ake_domain: tuple


@functools.lru_cache(maxsize=None)
def _hourly_exposure(activity: str) -> dict:
    """Hours in each length bin per hour of ``activity``, for the explorers' muscles:
    :func:`hamstrings.flexibility.exposure` of a day spent in it, divided by 24."""
    exp = flexibility.exposure(flexibility.Day({activity: 24.0}), muscles=_EXPOSED)
    return {m: exp.hours[m] / 24.0 for m in _EXPOSED}


def _exposure_rows(day, activities, prefix: str) -> list:
    """The part of ``day``'s exposure that ``activities`` make: the exposure is a sum over
    the day's activities, each hour-histogram weighted by its hours."""
    rows = []
    for m_index, m in enumerate(_EXPOSED):
        hours = sum(day.hours[a] * _hourly_exposure(a)[m] for a in activities if day.hours[a] > 0)
        for b_index, h in enumerate(np.atleast_1d(hours)):
            if round(float(h), 2) != 0.0:
                rows.append({"key": f"{prefix}|{m_index}|{b_index}", "hours": float(h)})
    return rows


def _outer(values, step: float) -> tuple:
    return (step * math.floor(min(values) / step), step * math.ceil(max(values) / step))


@functools.lru_cache(maxsize=1)
def page_data() -> PageData:
    """Every setting of :data:`CONTROLS` through :func:`compute`, for the page.

    Runs that are the same to the page's 0.1° (and give the same readout) are stored once,
    with a lookup from each state's key. When neither walk can ever be a stretch stimulus
    (:attr:`BackwardStimulus.inert`), the backward share cannot change a run: runs are then
    computed for share 0 only and the share changes the exposure and the note. The
    exposure is a sum over the day's activities, so it is stored in two parts that the
    page adds: everything but the walking (by sitting hours and posture) and the walking
    (by backward share).
    """
    by_name = {c.name: c for c in CONTROLS}
    hours_c, posture_c, share_c = (by_name[n] for n in ("sitting_hours", "sitting_posture",
                                                       "backward_percent"))
    for c in CONTROLS:
        if c.is_numeric and not all(isinstance(v, int) for v in c.values):
            raise ValueError(f"the page keys states by exact values: {c.name} must hold integers")
    share0 = share_c.values[0]
    inert = all(backward_stimulus(s).inert for s in share_c.values)
    keyed = tuple(c for c in CONTROLS if c is not share_c or not inert)
    ids, series, states, slr, ake = {}, [], [], [], []
    for state in page.grid(keyed):
        model = compute(**{"backward_percent": share0, **state})
        packed = _series(model)
        found = (tuple(packed.values()), _describe(model))
        if found not in ids:
            ids[found] = len(series)
            series.append({"id": ids[found], page.READOUT_FIELD: found[1], **packed})
            r = model.result
            slr.extend([r.slr.min(), r.slr.max(), r.slr_band.min(), r.slr_band.max()])
            ake.extend([r.ake.max(), r.ake_band.max()])
        states.append({"key": _key(state, keyed), "id": ids[found]})
    still, walking = [], []
    resting = [a for a in flexibility.ACTIVITIES if a not in postures.WALKING]
    for h in hours_c.values:
        for p in posture_c.values:
            prefix = _key({"sitting_hours": h, "sitting_posture": p}, (hours_c, posture_c))
            still += _exposure_rows(_day(h, p, share0, 0, 0), resting, prefix)
    h0, p0 = hours_c.values[0], posture_c.values[0]
    for s in share_c.values:
        walking += _exposure_rows(_day(h0, p0, s, 0, 0), postures.WALKING,
                                  _key({"backward_percent": s}, (share_c,)))
    notes = [{"key": _key({"backward_percent": s}, (share_c,)), "note": backward_note(s)}
             for s in share_c.values]
    rest = []
    for h in hours_c.values:
        day = _day(h, p0, share0, 0, 0)
        rest.append({"key": _key({"sitting_hours": h}, (hours_c,)),
                     "rest": f"{day.hours[_DAY['sleep_posture']]:g} h asleep, "
                             f"{day.hours['standing']:g} h standing, {_DAY['walking_hours']:g} h walking"})
    edges = flexibility.exposure(_day(h0, p0, share0, 0, 0), muscles=_EXPOSED).edges
    slr_refs = [n.value for n in _references("straight_leg_raise")]
    ake_refs = [n.value for n in _references("active_knee_extension")]
    return PageData(keyed, states, series, still, walking, notes, rest, edges,
                    _outer(slr + slr_refs, 10.0), (0.0, _outer(ake + ake_refs, 10.0)[1]))


class _Reference(NamedTuple):
    label: str
    value: float
    dash: tuple


def _references(test: str) -> list:
    """The norm lines the live explorer draws, labelled from :data:`hamstrings.clinical.NORMS`."""
    if test == "straight_leg_raise":
        limited = _norm(test, "threshold")
        men = next(n for n in clinical.NORMS if n.test == test and n.role == "validation"
                   and n.group == "men")
        return [_Reference(f"limited below {limited:.0f}°", limited, (6, 3)),
                _Reference(f"mean of {men.n} men, {men.mean:.0f}°", men.mean, (2, 2))]
    short = _norm(test, "threshold", "short above (men)")
    mean = _norm(test, "calibration")
    return [_Reference(f"short above {short:.0f}° (men)", short, (6, 3)),
            _Reference(f"mean of young men, {mean:.1f}°", mean, (2, 2))]


# ----------------------------------------------------------------------- the page's chart

#: Reference lines: a grey that reads on the book's light and dark backgrounds.
_REFERENCE_GREY = "#8C8C8C"
#: Three panels side by side fit the book's text column (about 690 px wide).
_PANEL = {"width": 160, "height": 170}


def _csv(rows, columns, digits=None):
    return page.inline_csv(rows, columns, digits)


def _one_row():
    return alt.InlineData(values=[{"row": 0}])


def _chosen(data: PageData):
    """One row: the chosen state's run (looked up by its key), readout and note."""
    states = _csv(data.states, ["key", "id"])
    series = _csv(data.series, ["id", page.READOUT_FIELD, *_SERIES])
    return (alt.Chart(_one_row())
            .transform_calculate(key=_key_expression(data.keyed))
            .transform_lookup(lookup="key", from_=alt.LookupData(states, "key", ["id"]))
            .transform_lookup(lookup="id", from_=alt.LookupData(
                series, "id", [page.READOUT_FIELD, *_SERIES])))


def _weekly(chart):
    """The chosen run, unpacked to one row a week (cumulative sums of the stored steps)."""
    weeks = MAX_WEEKS * 7 // _STEP_DAYS
    split = {f"a_{n}": f"split(datum.{n}, ' ')" for n in _SERIES}
    flat = [f"t_{n}" for n in _SERIES]
    return (chart.transform_calculate(w=f"sequence(0, {weeks + 1})", **split)
            .transform_flatten(["w", *split], ["week", *flat])
            .transform_calculate(**{f"d_{n}": f"datum.t_{n} == null ? 0 : toNumber(datum.t_{n})"
                                    for n in _SERIES})
            .transform_window(**{f"c_{n}": f"sum(d_{n})" for n in _SERIES},
                              sort=[alt.SortField("week")], frame=[None, 0])
            .transform_calculate(**{n: f"datum.c_{n} / 10" for n in _SERIES}))


def _time_panel(data: PageData, what: str, title: str, axis: str, domain, refs, subtitle=None):
    colour = style.GROUP_COLORS["hamstrings"]
    x = alt.X("week:Q", scale=alt.Scale(domain=[0, MAX_WEEKS], nice=False), title="weeks")
    y_scale = alt.Scale(domain=list(domain), nice=False)
    run = _weekly(_chosen(data))
    band = run.mark_area(color=colour, opacity=0.25).encode(
        x=x, y=alt.Y(f"{what}_lo:Q", scale=y_scale, title=axis), y2=f"{what}_hi:Q")
    line = run.mark_line(color=colour, strokeWidth=2).encode(
        x=x, y=alt.Y(f"{what}:Q", scale=y_scale, title=axis),
        tooltip=[alt.Tooltip("week:Q", title="week"),
                 alt.Tooltip(f"{what}:Q", title=axis, format=".1f"),
                 alt.Tooltip(f"{what}_lo:Q", title="band from (°)", format=".1f"),
                 alt.Tooltip(f"{what}_hi:Q", title="band to (°)", format=".1f")])
    labels = [r.label for r in refs]
    rules = alt.Chart(alt.InlineData(values=[{"label": r.label, "value": r.value} for r in refs])
                      ).mark_rule(color=_REFERENCE_GREY, strokeWidth=1.2).encode(
        y=alt.Y("value:Q", scale=y_scale, title=axis),
        strokeDash=alt.StrokeDash("label:N", scale=alt.Scale(
            domain=labels, range=[list(r.dash) for r in refs]),
            legend=alt.Legend(title=None, orient="bottom", direction="vertical",
                              symbolStrokeColor=_REFERENCE_GREY)))
    heading = alt.TitleParams(title, subtitle=subtitle) if subtitle else title
    return alt.layer(band, line, rules).properties(title=heading, **_PANEL)


def _exposure_panel(data: PageData):
    hours_c, posture_c, share_c = CONTROLS[0], CONTROLS[1], CONTROLS[2]
    edges = data.edges
    width = 0.45 * float(edges[1] - edges[0])
    centres = 0.5 * (edges[1:] + edges[:-1])
    bins = [{"m": i, "b": b, "x0": round(float(c + (i - 0.5) * width - width / 2), 3),
             "x1": round(float(c + (i - 0.5) * width + width / 2), 3)}
            for i, _ in enumerate(_EXPOSED) for b, c in enumerate(centres)]
    names = [style.display_name(m) for m in _EXPOSED]
    colours = [style.muscle_color(m) for m in _EXPOSED]
    still = _csv(data.exposure_sitting, ["key", "hours"], {"hours": 2})
    walking = _csv(data.exposure_walking, ["key", "hours"], {"hours": 2})
    key_still = _key_expression((hours_c, posture_c))
    key_walk = _key_expression((share_c,))
    bars = (alt.Chart(_csv(bins, ["m", "b", "x0", "x1"]))
            .transform_calculate(ka=f"{key_still} + '|' + datum.m + '|' + datum.b",
                                 kb=f"{key_walk} + '|' + datum.m + '|' + datum.b")
            .transform_lookup(lookup="ka", from_=alt.LookupData(still, "key", ["hours"]),
                              as_=["a"], default=0)
            .transform_lookup(lookup="kb", from_=alt.LookupData(walking, "key", ["hours"]),
                              as_=["c"], default=0)
            # a looked-up value arrives as text (or null where that part has no hours)
            .transform_calculate(hours="(datum.a ? toNumber(datum.a) : 0) + "
                                       "(datum.c ? toNumber(datum.c) : 0)",
                                 muscle=f"{json.dumps(names)}[datum.m]")
            .transform_filter("datum.hours > 0.001")
            .mark_rect().encode(
                x=alt.X("x0:Q", scale=alt.Scale(domain=[float(edges[0]), float(edges[-1])], nice=False),
                        title="length (% of standing)"),
                x2="x1:Q",
                y=alt.Y("hours:Q", scale=alt.Scale(domain=[0, 24], nice=False), title="hours a day"),
                y2=alt.datum(0),
                color=alt.Color("muscle:N", scale=alt.Scale(domain=names, range=colours),
                                legend=alt.Legend(title=None, orient="bottom", direction="vertical")),
                tooltip=[alt.Tooltip("muscle:N", title="muscle"),
                         alt.Tooltip("hours:Q", title="hours a day", format=".2f")]))
    standing = alt.Chart(alt.InlineData(values=[{"x": 100}])).mark_rule(
        color=_REFERENCE_GREY).encode(x="x:Q")
    return alt.layer(bars, standing).properties(title="The day's length exposure", **_PANEL)


def _text_panel(data: PageData):
    hours_c, posture_c, share_c = CONTROLS[0], CONTROLS[1], CONTROLS[2]
    labels = json.dumps(list(posture_c.labels))
    names = json.dumps(list(posture_c.values))
    sessions, hold = "p_sessions_per_week", "p_hold_s"
    day = (f"'your day: ' + p_sitting_hours + ' h ' + {labels}[indexof({names}, "
           f"p_sitting_posture)] + ', ' + datum.rest")
    stretching = (f"'stretching ' + {sessions} + ' × ' + {hold} + ' s a week' + "
                  f"({sessions} == 0 ? ' (none)' : '')")
    text = (_chosen(data)
            .transform_calculate(rk=_key_expression((hours_c,)), nk=_key_expression((share_c,)))
            .transform_lookup(lookup="rk", from_=alt.LookupData(_csv(data.rest, ["key", "rest"]),
                                                               "key", ["rest"]))
            .transform_lookup(lookup="nk", from_=alt.LookupData(_csv(data.notes, ["key", "note"]),
                                                               "key", ["note"]))
            .transform_calculate(day=day, stretching=stretching))
    common = dict(align="left", baseline="top")
    readout = text.mark_text(fontSize=13, fontWeight="bold", **common).encode(
        text=f"{page.READOUT_FIELD}:N", x=alt.value(0), y=alt.value(0))
    lines = [text.mark_text(fontSize=12, **common).encode(text=f"{field}:N", x=alt.value(0),
                                                          y=alt.value(y))
             for field, y in (("day", 22), ("stretching", 39))]
    note = text.mark_text(fontSize=12, lineBreak="\n", lineHeight=16, **common).encode(
        text="note:N", x=alt.value(0), y=alt.value(58))
    return alt.layer(readout, *lines, note).properties(width=580, height=90)


def page_explorer(sitting_hours=8, sitting_posture="chair_sitting", backward_percent=0,
                  sessions_per_week=0, hold_s=60) -> page.PageExplorer:
    """The sitting-and-flexibility explorer for the published page: no kernel needed.

    Every setting of :data:`CONTROLS` is computed here (with :func:`compute`, 52 weeks,
    the band of :data:`BAND_SAMPLES` parameter sets); the reader's browser draws the
    one the controls choose, as the live explorer does: straight-leg raise and
    knee-extension deficit over the weeks with their band, the day's length exposure, the
    readout, the day, and why the backward share moves nothing (in numbers).
    """
    initial = dict(sitting_hours=sitting_hours, sitting_posture=sitting_posture,
                   backward_percent=backward_percent, sessions_per_week=sessions_per_week,
                   hold_s=hold_s)
    params = [c.param(initial[c.name]) for c in CONTROLS]  # ValueError off the page's grid
    data = page_data()
    low, high = flexibility.BAND
    band = ["line: nominal parameters",
            f"band: {low:.0f}-{high:.0f} % of {BAND_SAMPLES} sampled sets"]
    slr = _time_panel(data, "slr", "Straight-leg raise", "straight-leg raise (°)", data.slr_domain,
                      _references("straight_leg_raise"), subtitle=band)
    ake = _time_panel(data, "ake", "Active knee extension", "knee-extension deficit (°)",
                      data.ake_domain, _references("active_knee_extension"))
    panels = alt.hconcat(slr, ake, _exposure_panel(data), spacing=14).resolve_scale(
        strokeDash="independent", color="independent", y="independent").resolve_legend(
        strokeDash="independent", color="independent")
    chart = alt.vconcat(_text_panel(data), panels).add_params(*params).configure_view(stroke=None)
    alt_text = ("Sitting and flexibility explorer: sliders and a menu set a day's sitting hours "
                "and posture, the share of walking done backward, and stretching sessions a week "
                "and hold time. Two line charts show the straight-leg raise and the active knee "
                f"extension deficit over {MAX_WEEKS} weeks with a shaded uncertainty band and "
                "dashed and dotted norm lines; a bar chart shows the hours a day the "
                "semimembranosus and the iliacus spend at each length. Text above gives the values "
                "after the last week, the day, and the backward-walking hamstring tension against "
                "the stretch threshold.")
    return page.PageExplorer("flexibility", chart, CONTROLS, alt_text, initial)
