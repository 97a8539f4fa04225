"""Timing helpers shared by the benchmarks in bench/.

BENCH_QUICK=1 asks every benchmark for a short smoke run (what the test suite does).
"""

from __future__ import annotations

import os
import time

import numpy as np

#: True when BENCH_QUICK=1: fewer repeats, builds skipped.
QUICK = os.environ.get("BENCH_QUICK") == "1"


def run_times(f, repeats: int) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``f()``."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return times


def best_of(f, repeats: int) -> float:
    """Shortest of ``repeats`` calls of ``f()``, in seconds: the cost of the work without the
    scheduler's noise on a shared machine."""
    return min(run_times(f, repeats))


def median_of(f, repeats: int) -> float:
    """Median of ``repeats`` calls of ``f()``, in seconds."""
    return float(np.median(run_times(f, repeats)))


def percentiles_ms(seconds) -> tuple[float, float]:
    """p50 and p95 of a list of durations in seconds, in milliseconds."""
    ms = 1000.0 * np.asarray(seconds)
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
