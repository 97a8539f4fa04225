"""Benchmark of hamstrings.leg: 100 000 poses, and import plus first call.

``run()`` returns one dict per measurement (keys name, value, unit, target,
note). Run alone with ``python bench/bench_leg.py``; ``BENCH_QUICK=1`` repeats less.

(a) Lengths and moment arms of all muscles together for 100 000 random poses
    (seeded, uniform within ``leg.JOINT_LIMITS``): median of several repeats,
    with the thread pool (default) and on one thread. Target 50 ms (2 cores).
(b) ``import hamstrings.leg`` plus the first call, in a fresh interpreter.
    Target 2 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from timing import QUICK, median_of

N_POSES = 100_000
REPEATS = 3 if QUICK else 15
SRC = Path(__file__).resolve().parents[1] / "src"

_FIRST_CALL = """
import json, sys, time
t0 = time.perf_counter()
import hamstrings.leg as leg
t1 = time.perf_counter()
leg.lengths_and_moment_arms(30.0, 45.0, 0.0)
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "total": t2 - t0, "sympy": "sympy" in sys.modules}))
"""


def _first_call() -> dict:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    out = subprocess.run([sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median(f) -> float:
    f()  # warm up: thread pool, scratch rows
    return median_of(f, REPEATS)


def run() -> list[dict]:
    from hamstrings import leg

    rng = np.random.default_rng(0)
    poses = {j: rng.uniform(lo, hi, N_POSES) for j, (lo, hi) in leg.JOINT_LIMITS.items()}
    both = _median(lambda: leg.lengths_and_moment_arms(**poses))
    lengths = _median(lambda: leg.muscle_lengths(**poses))
    threads = leg._THREADS
    try:
        leg._THREADS = 1
        single = _median(lambda: leg.lengths_and_moment_arms(**poses))
    finally:
        leg._THREADS = threads
    cold = _first_call()
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    muscles = f"{len(leg.MUSCLES)} muscles"
    return [
        {"name": "leg: lengths + moment arms, 100k poses", "value": both * 1e3, "unit": "ms",
         "target": 50.0, "note": f"{muscles}, {threads} threads, median of {REPEATS}; {load}"},
        {"name": "leg: lengths + moment arms, 100k poses, 1 thread", "value": single * 1e3,
         "unit": "ms", "target": None, "note": f"{muscles}, median of {REPEATS}"},
        {"name": "leg: lengths only, 100k poses", "value": lengths * 1e3, "unit": "ms",
         "target": None, "note": f"{muscles}, {threads} threads, median of {REPEATS}"},
        {"name": "leg: import + first call (fresh interpreter)", "value": cold["total"],
         "unit": "s", "target": 2.0,
         "note": f"import alone {cold['import']:.3f} s; sympy imported: {cold['sympy']}"},
    ]


if __name__ == "__main__":
    for record in run():
        target = "" if record["target"] is None else f"  (target {record['target']:g})"
        print(f"{record['name']:<52} {record['value']:9.3f} {record['unit']}{target}  "
              f"{record['note']}")
    if "--json" in sys.argv:
        print(json.dumps(run(), indent=1))
