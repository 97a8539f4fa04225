"""Benchmark of hamstrings.gait: one stride with every muscle output, and the two animations.

``run()`` returns one dict per measurement (keys name, value, unit, target, note).
Targets (issue "A stride backwards"): a stride plus all muscle outputs for n = 101
in at most 5 ms; each animation built (``to_jshtml``) in at most 10 s.
"""

from __future__ import annotations

import time

from timing import QUICK, best_of

REPEATS = 3 if QUICK else 20


def run() -> list[dict]:
    import matplotlib

    matplotlib.use("Agg")
    from hamstrings import gait, gait_plots

    def full(direction, **params):
        traces = gait.muscles(gait.stride(direction, n=101, **params))
        for m in traces.length:  # every per-muscle output the chapters use
            traces.phases(m)
            traces.peak(m)
            traces.time_above(m, 2.0)
        return traces

    full("forward")  # warm the caches (fit, standing lengths, generated leg code)
    full("backward")
    records = []
    for direction in gait.DIRECTIONS:
        value = best_of(lambda d=direction: full(d), REPEATS)
        records.append({
            "name": f"gait: {direction} stride + all muscle outputs, n=101", "value": 1e3 * value,
            "unit": "ms", "target": 5.0,
            "note": f"stride, lengths, velocities, fibre lengths, phases, peaks, time above; "
                    f"{len(gait.leg.MUSCLES)} muscles; best of {REPEATS}, caches warm"})
    cold = best_of(lambda: full("forward", stance_fraction=0.61234), 1)
    records.append({"name": "gait: stride with a new stance fraction (refit), n=101",
                    "value": 1e3 * cold, "unit": "ms", "target": None,
                    "note": "includes the Fourier refit for a stance fraction not seen before"})
    for direction in gait.DIRECTIONS:
        t0 = time.perf_counter()
        html = gait_plots.StrideAnimation(gait.stride(direction)).to_jshtml()
        seconds = time.perf_counter() - t0
        records.append({"name": f"gait: {direction} animation built (to_jshtml)", "value": seconds,
                        "unit": "s", "target": 10.0,
                        "note": f"24 frames, 60 dpi, as in the chapter; {len(html) / 1e3:.0f} kB of HTML"})
    return records


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.4g} {row['unit']} (target {row['target']})  {row['note']}")
