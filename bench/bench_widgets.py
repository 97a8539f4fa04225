"""Widget update latency: compute, redraw, and a naive redraw for comparison.

For each live widget of the book, the benchmark moves its controls through a
seeded sequence of settings and times every update, split into

* compute: the model evaluation the update needs;
* redraw: moving the existing artists and rendering the figure to PNG;

and, beside it, a naive update that builds a new figure from scratch every
time (what a quick ``@interact`` with ``plt.subplots`` inside does). Targets
(issue 8): p95 of the whole update at most 100 ms, compute at most 5 ms.
Set BENCH_QUICK=1 for a short smoke run.
"""

from __future__ import annotations

import os
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
N_UPDATES = 8 if QUICK else 60


def _percentiles(seconds) -> tuple[float, float]:
    ms = 1000.0 * np.asarray(seconds)
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def _poses(n: int):
    from hamstrings import leg

    rng = np.random.default_rng(42)
    return [tuple(rng.uniform(*leg.JOINT_LIMITS[j]) for j in leg.JOINTS) for _ in range(n)]


def _posture_explorer() -> list[dict]:
    from hamstrings import leg, plotting, style
    from hamstrings.widgets import PostureExplorer

    explorer = PostureExplorer()
    compute, redraw, naive = [], [], []
    for hip, knee, ankle in _poses(N_UPDATES):
        t0 = time.perf_counter()
        plotting.length_change(hip, knee, ankle)
        leg.pose(hip, knee, ankle)
        t1 = time.perf_counter()
        explorer.update(hip, knee, ankle)  # recomputes, moves artists, renders PNG
        t2 = time.perf_counter()
        compute.append(t1 - t0)
        redraw.append((t2 - t1) - (t1 - t0))

        t3 = time.perf_counter()
        with style.context():
            fig, (ax_leg, ax_bar) = plt.subplots(1, 2, figsize=(9.0, 4.6), dpi=80)
            drawing = plotting.LegDrawing(ax_leg, color_by="strain")
            drawing.colorbar(fig, shrink=0.7, location="bottom")
            drawing.set_pose(hip, knee, ankle)
            plotting.LengthBars(ax_bar).set_pose(hip, knee, ankle)
            plotting.figure_png(fig)
            plt.close(fig)
        naive.append(time.perf_counter() - t3)

    total = np.asarray(compute) + np.asarray(redraw)
    records = []
    for label, values, target in (("compute", compute, 5.0), ("redraw", redraw, None),
                                  ("update (compute + redraw)", total, 100.0),
                                  ("naive update (new figure each time)", naive, None)):
        p50, p95 = _percentiles(values)
        records.append({"name": f"posture explorer: {label}, p50", "value": p50, "unit": "ms",
                        "target": None, "note": f"{len(values)} seeded random poses"})
        records.append({"name": f"posture explorer: {label}, p95", "value": p95, "unit": "ms",
                        "target": target, "note": f"{len(values)} seeded random poses"})
    return records


#: Every live widget of the book, by name: a function returning benchmark records.
WIDGETS = {"posture explorer": _posture_explorer}


def run() -> list[dict]:
    records = []
    for measure in WIDGETS.values():
        records.extend(measure())
    return records


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<60} {r['value']:8.2f} {r['unit']}")
