"""Benchmarks of the antagonist chapter: equilibrium solve and forward dynamics.

``run()`` returns records (name, value, unit, target, note). Targets (the issue):
one equilibrium solve at most 5 ms (timed as the best of three runs per setting, so that
another process on a shared machine does not count as the model's cost); energy drift
of the bare pendulum at most 1e-6 over 5 s. The antagonist explorer's update latency
is measured with every other widget in bench_widgets.py. Settings are drawn from a
seeded generator.
Set BENCH_QUICK=1 for a short smoke run.
"""

from __future__ import annotations

import time

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
from timing import QUICK, best_of, percentiles_ms  # noqa: E402

N_SOLVES = 20 if QUICK else 200


def _settings(n: int, seed: int):
    """Seeded random settings; quadriceps up to 0.4 so that most have a balance to find."""
    rng = np.random.default_rng(seed)
    return [dict(quadriceps=rng.uniform(0, 0.4), hamstrings=rng.uniform(0, 0.5),
                 inhibition_gain=rng.uniform(0, 1), hip=rng.uniform(0, 120)) for _ in range(n)]


def _equilibrium() -> list[dict]:
    from hamstrings import antagonist

    t0 = time.perf_counter()
    antagonist.warm_up()
    warm = time.perf_counter() - t0
    times, roots = [], []
    for s in _settings(N_SOLVES, 0):
        def solve(s=s):
            return antagonist.equilibria(s["hip"], quadriceps=s["quadriceps"],
                                         hamstrings=s["hamstrings"],
                                         inhibition_gain=s["inhibition_gain"], body="supine")
        times.append(best_of(solve, 3))  # percentiles are then taken across settings
        roots.append(len(solve()))
    p50, p95 = percentiles_ms(times)
    note = (f"{len(times)} seeded random settings (activations, gain, hip), lying supine, "
            f"{np.mean(roots):.1f} roots on average; best of 3 runs per setting")
    return [
        {"name": "antagonist: warm-up (scalar kernel, passive tables)", "value": warm, "unit": "s",
         "target": None, "note": "once per process; 0 if already built by another benchmark"},
        {"name": "antagonist: one equilibrium solve, p50", "value": p50, "unit": "ms", "target": 5.0,
         "note": note},
        {"name": "antagonist: one equilibrium solve, p95", "value": p95, "unit": "ms", "target": 5.0,
         "note": note},
    ]


def _dynamics() -> list[dict]:
    from hamstrings import knee_dynamics as kd

    kick = kd.SEATED_KICK
    t0 = time.perf_counter()
    kd.simulate(kick["excitations"], t_end=kick["t_end"], **kick["start"])
    t_kick = time.perf_counter() - t0
    swing = kd.LEG_SWING
    sim = kd.simulate(swing["excitations"], t_end=swing["t_end"], muscles=swing["muscles"],
                      method="DOP853", rtol=1e-12, atol=1e-12, n_out=2001, **swing["start"])
    drift = float(np.max(np.abs(sim.energy - sim.energy[0])) / np.max(np.abs(sim.energy)))
    return [
        {"name": "knee dynamics: seated kick, 2 s simulated", "value": t_kick, "unit": "s",
         "target": None, "note": "muscles, activation dynamics, solve_ivp RK45"},
        {"name": "knee dynamics: energy drift, bare pendulum over 5 s", "value": drift, "unit": "1",
         "target": 1e-6, "note": "relative; muscles and damping removed, DOP853"},
    ]


def run() -> list[dict]:
    return _equilibrium() + _dynamics()  # the explorer: bench_widgets.py


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<66} {r['value']:10.4g} {r['unit']}")
