"""Widget update latency: compute, redraw, and a naive redraw for comparison.

For each live widget of the book, the benchmark moves its controls through a
seeded sequence of settings and times every update, split into

* compute: the model evaluation the update needs;
* redraw: the rest of the update (moving artists, rendering the PNG);

and, beside it, a naive update that builds the widget's figure from scratch
for every change (what a quick ``@interact`` with ``plt.subplots`` inside
does). Targets (issue 8): p95 of the whole update at most 100 ms, compute at
most 5 ms. Set BENCH_QUICK=1 for a short smoke run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from timing import QUICK, percentiles_ms  # noqa: E402

N_UPDATES = 6 if QUICK else 60
N_NAIVE = 3 if QUICK else 15


@dataclass
class WidgetCase:
    """How to drive one widget: make it, its settings, its model work."""

    make: Callable[..., object]          # settings -> widget object (with .update)
    settings: Callable[[np.random.Generator], dict]
    compute: Callable[..., object]       # the model evaluation an update needs
    note: str


def _posture_case() -> WidgetCase:
    from hamstrings import leg, plotting
    from hamstrings.explorers.posture import PostureExplorer

    def settings(rng):
        return {j: float(rng.uniform(*leg.JOINT_LIMITS[j])) for j in leg.JOINTS}

    def compute(hip, knee, ankle):
        plotting.length_change(hip, knee, ankle)
        leg.pose(hip, knee, ankle)

    return WidgetCase(PostureExplorer, settings, compute, "random hip, knee, ankle")


def _stride_scrub_case() -> WidgetCase:
    from hamstrings import gait, leg, plotting
    from hamstrings.explorers.stride import StrideExplorer

    stride = gait.stride("backward")

    def settings(rng):
        return {"direction": "backward", "speed": stride.speed, "phase": float(rng.uniform(0, 100)),
                "muscle": "semimembranosus", "departures": True}

    def compute(phase, **_):
        i = int(np.argmin(np.abs(stride.phase - phase)))
        angles = (float(stride.hip[i]), float(stride.knee[i]), float(stride.ankle[i]))
        plotting.length_change(*angles)
        leg.pose(*angles)

    return WidgetCase(StrideExplorer, settings, compute, "phase scrubbed at random, one stride")


def _stride_settings_case() -> WidgetCase:
    from hamstrings import gait, leg
    from hamstrings.explorers.stride import StrideExplorer

    def settings(rng):
        return {"direction": str(rng.choice(["forward", "backward"])),
                "speed": float(rng.uniform(*StrideExplorer.SPEED_RANGE)),
                "phase": float(rng.uniform(0, 100)),
                "muscle": str(rng.choice(leg.MUSCLES)), "departures": bool(rng.integers(2))}

    def compute(direction, speed, departures, **_):
        extra = {} if direction == "forward" else {"departures": departures}
        gait.muscles(gait.stride(direction, speed=speed, **extra))
        other = "forward" if direction == "backward" else "backward"
        gait.muscles(gait.stride(other, speed=speed, **({} if other == "forward" else {"departures": departures})))

    return WidgetCase(StrideExplorer, settings, compute, "direction, speed, muscle changed at random")


def _antagonist_case() -> WidgetCase:
    from hamstrings.explorers.antagonist import AntagonistExplorer

    def settings(rng):
        return {"quadriceps": float(rng.uniform(0, 1)), "hamstrings": float(rng.uniform(0, 1)),
                "inhibition_gain": float(rng.uniform(0, 1)), "hip": float(rng.uniform(0, 120))}

    probe = AntagonistExplorer()

    def compute(**setting):
        probe.compute(**setting)

    return WidgetCase(AntagonistExplorer, settings, compute,
                      "random activations, inhibition gain and hip angle")


def _flexibility_case() -> WidgetCase:
    from hamstrings import postures
    from hamstrings.explorers.flexibility import MAX_WEEKS, FlexibilityExplorer

    def settings(rng):
        return {"sitting_hours": float(rng.uniform(0, 15)),
                "sitting_posture": str(rng.choice(postures.SITTING)),
                "backward_share": float(rng.uniform(0, 0.5)),
                "sessions_per_week": int(rng.integers(0, 8)), "hold_s": float(rng.uniform(0, 300)),
                "weeks": int(rng.integers(1, MAX_WEEKS + 1)), "start_slr": float(rng.uniform(50, 90))}

    def compute(**setting):
        FlexibilityExplorer.compute(**setting)

    return WidgetCase(FlexibilityExplorer, settings, compute,
                      "random habits, weeks and starting flexibility (band of 40 parameter sets)")


#: Every live widget of the book, by name, with the way to drive it.
WIDGETS = {
    "posture explorer": _posture_case,
    "stride explorer (phase)": _stride_scrub_case,
    "stride explorer (settings)": _stride_settings_case,
    "antagonist explorer": _antagonist_case,
    "flexibility explorer": _flexibility_case,
}


def measure(name: str, case: WidgetCase) -> list[dict]:
    rng = np.random.default_rng(42)
    widget = case.make()
    compute, redraw, naive = [], [], []
    for i in range(N_UPDATES):
        setting = case.settings(rng)
        t0 = time.perf_counter()
        case.compute(**setting)
        t1 = time.perf_counter()
        widget.update(**setting)  # recomputes, moves artists, renders the PNG
        t2 = time.perf_counter()
        compute.append(t1 - t0)
        redraw.append(max((t2 - t1) - (t1 - t0), 0.0))
        if i < N_NAIVE:
            t3 = time.perf_counter()
            case.make(**setting)  # a new figure, drawn in full
            naive.append(time.perf_counter() - t3)
    total = np.asarray(compute) + np.asarray(redraw)
    records = []
    for label, values, target in (("compute", compute, 5.0), ("redraw", redraw, None),
                                  ("update (compute + redraw)", total, 100.0),
                                  ("naive update (new figure each time)", naive, None)):
        p50, p95 = percentiles_ms(values)
        note = f"{len(values)} seeded updates: {case.note}"
        records.append({"name": f"{name}: {label}, p50", "value": p50, "unit": "ms",
                        "target": None, "note": note})
        records.append({"name": f"{name}: {label}, p95", "value": p95, "unit": "ms",
                        "target": target, "note": note})
    return records


def run() -> list[dict]:
    records = []
    for name, case in WIDGETS.items():
        records.extend(measure(name, case()))
    return records


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<66} {r['value']:8.2f} {r['unit']}")
