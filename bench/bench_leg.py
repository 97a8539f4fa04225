"""Benchmark of hamstrings.leg: one pose, 100 000 poses, import plus first call.

``run()`` returns one dict per measurement (keys name, value, unit, target,
note). Run alone with ``python bench/bench_leg.py``; ``BENCH_QUICK=1`` repeats less
and skips the comparison with ``sympy.lambdify``.

Targets (issue 12, "Speed"):

(a) One pose, lengths plus moment arms of all muscles
    (``leg.lengths_and_moment_arms(hip, knee, ankle)`` with float angles,
    validation included): at most 60 us. CPU time of the calling process
    (``time.process_time``), best of several batches: the reference machine is
    shared, and wall time on a loaded machine measures the other processes.
(b) 100 000 random poses (seeded, uniform within ``leg.JOINT_LIMITS``) in one
    call: no slower than before the one-pose path was added, 47.2 ms (median,
    2 threads, recorded in bench/results.json at commit 01d462a, load 1.9).
(c) ``import hamstrings.leg`` plus its first call in a fresh interpreter: at
    most 0.5 s. Wall time, best of several runs, with the bytecode cache
    written (as after ``pip install``); CPU time and the time without a
    bytecode cache (PYTHONDONTWRITEBYTECODE, compiling the generated module
    each time) in the note.
(d) Not a target: the generated code against ``sympy.lambdify(..., cse=True)``
    of the same expressions (numpy at 100 000 poses, ``math`` at one pose), so
    that the generated code shows whether it earns its place.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from timing import QUICK, best_of, median_of

N_POSES = 100_000
REPEATS = 3 if QUICK else 15
ONE_POSE_TARGET_US = 60.0
MANY_TARGET_MS = 47.2  # before the one-pose path (bench/results.json at 01d462a)
COLD_TARGET_S = 0.5
SRC = Path(__file__).resolve().parents[1] / "src"

_FIRST_CALL = """
import json, resource, sys, time
t0 = time.perf_counter()
import hamstrings.leg as leg
t1 = time.perf_counter()
leg.lengths_and_moment_arms(30.0, 45.0, 0.0)
t2 = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"import": t1 - t0, "total": t2 - t0, "cpu": usage.ru_utime + usage.ru_stime,
                  "sympy": "sympy" in sys.modules}))
"""


def _first_call(bytecode: bool, runs: int) -> dict:
    """Best (shortest total) of ``runs`` fresh interpreters importing a copy of the package.

    The copy sits in a temporary folder, so that its bytecode cache is written
    (or not) there and never in the source tree.
    """
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(SRC / "hamstrings", Path(folder) / "hamstrings",
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": folder}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if not bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:  # write the cache once
            subprocess.run([sys.executable, "-c", _FIRST_CALL], env=env, check=True,
                           capture_output=True)
        results = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _FIRST_CALL], capture_output=True,
                                 text=True, env=env, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return min(results, key=lambda r: r["total"])


def _cpu_per_call(f, number: int, batches: int) -> float:
    """Seconds of CPU time per call of ``f()``, best of ``batches`` batches of ``number``."""
    best = math.inf
    for _ in range(batches):
        t0 = time.process_time()
        for _ in range(number):
            f()
        best = min(best, (time.process_time() - t0) / number)
    return best


def _median(f) -> float:
    f()  # warm up: thread pool, scratch rows
    return median_of(f, REPEATS)


def _lambdify_comparison(poses: dict) -> list[dict]:
    """Generated code against ``sympy.lambdify(..., cse=True)`` of the same expressions."""
    import sympy as sm

    from hamstrings import _leg_generated, leg

    model = leg.symbolic_model()
    q = list(model.angles.values())
    constants = {k: sm.Float(v) for k, v in model.constants.items()}
    exprs = [e.xreplace(constants)
             for e in leg.generated_outputs()["lengths_and_moment_arms"][0].values()]
    t0 = time.perf_counter()
    vector = sm.lambdify(q, exprs, "numpy", cse=True)
    scalar = sm.lambdify(q, exprs, "math", cse=True)
    build = time.perf_counter() - t0
    radians = [np.radians(poses[j]) for j in leg.JOINTS]
    n = len(exprs)
    out, w, b = np.empty((n, N_POSES)), *(
        np.empty((k, N_POSES), dtype) for k, dtype in
        zip(_leg_generated.SCRATCH["lengths_and_moment_arms"], (float, bool)))
    generated_many = _median(lambda: _leg_generated.lengths_and_moment_arms(*radians, out, w, b))
    lambdified_many = _median(lambda: vector(*radians))
    one = tuple(math.radians(a) for a in (30.0, 45.0, 5.0))
    batches = 3 if QUICK else 7
    generated_one = _cpu_per_call(lambda: _leg_generated.lengths_and_moment_arms_scalar(*one),
                                  1000, batches)
    lambdified_one = _cpu_per_call(lambda: scalar(*one), 1000, batches)
    note = (f"same {n} expressions, lambdify(cse=True) built in {build:.1f} s; "
            "single thread, no validation")
    return [
        {"name": "leg: numpy code, 100k poses, generated", "value": generated_many * 1e3,
         "unit": "ms", "target": None, "note": note},
        {"name": "leg: numpy code, 100k poses, sympy.lambdify", "value": lambdified_many * 1e3,
         "unit": "ms", "target": None,
         "note": f"{lambdified_many / generated_many:.1f} x the generated code's time"},
        {"name": "leg: one-pose code, generated (math)", "value": generated_one * 1e6,
         "unit": "us", "target": None, "note": note + "; CPU time"},
        {"name": "leg: one-pose code, sympy.lambdify (math)", "value": lambdified_one * 1e6,
         "unit": "us", "target": None,
         "note": f"{lambdified_one / generated_one:.1f} x the generated code's time; CPU time"},
    ]


def run() -> list[dict]:
    from hamstrings import leg

    batches = 3 if QUICK else 9
    one = _cpu_per_call(lambda: leg.lengths_and_moment_arms(30.0, 45.0, 5.0), 500, batches)
    lengths_one = _cpu_per_call(lambda: leg.muscle_lengths(30.0, 45.0, 5.0), 500, batches)
    rng = np.random.default_rng(0)
    poses = {j: rng.uniform(lo, hi, N_POSES) for j, (lo, hi) in leg.JOINT_LIMITS.items()}
    both = _median(lambda: leg.lengths_and_moment_arms(**poses))
    both_best = best_of(lambda: leg.lengths_and_moment_arms(**poses), REPEATS)
    lengths = _median(lambda: leg.muscle_lengths(**poses))
    threads = leg._THREADS
    try:
        leg._THREADS = 1
        single = _median(lambda: leg.lengths_and_moment_arms(**poses))
        single_cpu = _cpu_per_call(lambda: leg.lengths_and_moment_arms(**poses), 1, REPEATS)
    finally:
        leg._THREADS = threads
    runs = 2 if QUICK else 7
    cold = _first_call(bytecode=True, runs=runs)
    uncached = _first_call(bytecode=False, runs=runs)
    load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    muscles = f"{len(leg.MUSCLES)} muscles"
    records = [
        {"name": "leg: one pose, lengths + moment arms", "value": one * 1e6, "unit": "us",
         "target": ONE_POSE_TARGET_US,
         "note": f"{muscles}, float angles, validation included; CPU time, best of {batches} "
                 f"batches of 500 (before the one-pose path: about 700 us); {load}"},
        {"name": "leg: one pose, lengths only", "value": lengths_one * 1e6, "unit": "us",
         "target": None, "note": f"{muscles}; CPU time (before: about 340 us)"},
        {"name": "leg: lengths + moment arms, 100k poses", "value": both * 1e3, "unit": "ms",
         "target": MANY_TARGET_MS,
         "note": f"{muscles}, {threads} threads, median of {REPEATS} (best {both_best * 1e3:.1f} "
                 f"ms); target = before the one-pose path (same numpy code); {load}"},
        {"name": "leg: lengths + moment arms, 100k poses, 1 thread", "value": single * 1e3,
         "unit": "ms", "target": None,
         "note": f"{muscles}, median of {REPEATS}; CPU time {single_cpu * 1e3:.1f} ms (best)"},
        {"name": "leg: lengths only, 100k poses", "value": lengths * 1e3, "unit": "ms",
         "target": None, "note": f"{muscles}, {threads} threads, median of {REPEATS}"},
        {"name": "leg: import + first call (fresh interpreter)", "value": cold["total"],
         "unit": "s", "target": COLD_TARGET_S,
         "note": f"wall, best of {runs}, bytecode cached; import alone {cold['import']:.3f} s, "
                 f"CPU {cold['cpu']:.3f} s; without bytecode cache {uncached['total']:.3f} s "
                 f"(CPU {uncached['cpu']:.3f} s); sympy imported: {cold['sympy']}; {load}"},
    ]
    if not QUICK:
        records += _lambdify_comparison(poses)
    return records


if __name__ == "__main__":
    for record in run():
        target = "" if record["target"] is None else f"  (target {record['target']:g})"
        print(f"{record['name']:<52} {record['value']:9.3f} {record['unit']}{target}  "
              f"{record['note']}")
    if "--json" in sys.argv:
        print(json.dumps(run(), indent=1))
