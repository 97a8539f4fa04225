"""Benchmark of hamstrings.flexibility: one scenario over a year.

``run()`` returns one dict per measurement (keys name, value, unit, target, note).
Target (issue "Sitting time against flexibility"): one scenario over a year
(365 daily steps, nominal parameters) in at most 20 ms. The same run with the
40-set uncertainty band the widget uses is reported beside it, and the first call
in this process for information (the clinical look-up tables are read from generated
code; import plus first call in a fresh interpreter: bench/bench_cold.py).
"""

from __future__ import annotations

import time

from timing import QUICK, best_of

REPEATS = 3 if QUICK else 20


def run() -> list[dict]:
    t0 = time.perf_counter()
    from hamstrings import flexibility as fx

    day = fx.typical_day(sitting_hours=9, backward_share=0.2, stretch_sessions_per_week=3,
                         stretch_hold_s=60)
    fx.simulate(day, 1)
    cold = time.perf_counter() - t0
    records = [
        {"name": "flexibility: one scenario, one year (365 days)",
         "value": 1e3 * best_of(lambda: fx.simulate(day, 365 / 7), REPEATS), "unit": "ms", "target": 20.0,
         "note": f"nominal parameters, 9 h sitting, 20 % backward walking, stretching 3x/week; "
                 f"best of {REPEATS}"},
        {"name": "flexibility: one year with a 40-set band",
         "value": 1e3 * best_of(lambda: fx.simulate(day, 365 / 7, samples=40), REPEATS), "unit": "ms",
         "target": None, "note": f"as above plus 40 sampled parameter sets; best of {REPEATS}"},
        {"name": "flexibility: first call in this process", "value": 1e3 * cold,
         "unit": "ms", "target": None,
         "note": "import (other benchmarks may have imported the package already) and one week; "
                 "the clinical tables come from generated code"},
    ]
    return records


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<58} {r['value']:8.2f} {r['unit']}")
