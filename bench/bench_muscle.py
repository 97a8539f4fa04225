"""Benchmark of hamstrings.muscle: cost of the first call and of 100 000 poses.

``run()`` returns one dict per measurement (keys name, value, unit, target,
note). No targets: these numbers are reported, not enforced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from timing import best_of

N_POSES = 100_000
REPEATS = 3

# The first call, measured in a fresh interpreter: import, lambdify of the curves,
# the leg's first evaluation and the tendon-slack calibration.
_FIRST_CALL = """
import json, time
t0 = time.perf_counter()
from hamstrings import muscle
t1 = time.perf_counter()
muscle.normalized_fiber_lengths(30.0, 45.0, 0.0)
muscle.passive_fiber_forces(30.0, 45.0, 0.0)
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first_call": t2 - t1}))
"""


def _first_call() -> dict:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    from hamstrings import leg, muscle

    rng = np.random.default_rng(0)
    hip = rng.uniform(-20.0, 120.0, N_POSES)
    knee = rng.uniform(0.0, 140.0, N_POSES)
    ankle = rng.uniform(-40.0, 30.0, N_POSES)

    cold = _first_call()
    muscle.passive_fiber_forces(0.0, 0.0, 0.0)  # warm this interpreter's caches

    lengths = leg.muscle_lengths(hip, knee, ankle)

    def from_lengths():
        for name in muscle.MUSCLES:
            muscle.normalized_fiber_length(name, lengths[name], allow_slack=True)
            muscle.passive_fiber_force(name, lengths[name], allow_slack=True)

    def from_poses():
        muscle.normalized_fiber_lengths(hip, knee, ankle)
        muscle.passive_fiber_forces(hip, knee, ankle)

    t_leg = best_of(lambda: leg.muscle_lengths(hip, knee, ankle), REPEATS)
    t_core = best_of(from_lengths, REPEATS)
    t_pose = best_of(from_poses, REPEATS)
    n_muscles = len(muscle.MUSCLES)
    return [
        {"name": "muscle: import hamstrings.muscle", "value": cold["import"], "unit": "s",
         "target": None, "note": "fresh interpreter"},
        {"name": "muscle: first pose call", "value": cold["first_call"], "unit": "s", "target": None,
         "note": "normalized_fiber_lengths + passive_fiber_forces at one pose, fresh interpreter: "
                 "lambdify of the curves, first leg evaluation, tendon-slack calibration"},
        {"name": "muscle: fibre length + passive force from lengths, 100k poses", "value": t_core,
         "unit": "s", "target": None,
         "note": f"{n_muscles} muscles, lengths given (muscle module only), best of {REPEATS}"},
        {"name": "muscle: leg.muscle_lengths, 100k poses", "value": t_leg, "unit": "s",
         "target": None, "note": f"for comparison, best of {REPEATS}"},
        {"name": "muscle: normalized_fiber_lengths + passive_fiber_forces, 100k poses",
         "value": t_pose, "unit": "s", "target": None,
         "note": f"{n_muscles} muscles from joint angles (two leg evaluations), best of {REPEATS}"},
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.4g} {row['unit']}  ({row['note']})")
