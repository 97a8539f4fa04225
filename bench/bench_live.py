"""Live explorer latency in a real browser: JupyterLab and Notebook 7, every lab, every control.

The same drive as tests/test_live.py (tests/live_support.py): each front end is started on
127.0.0.1 with copies of the labs, Debian's Chromium runs all cells of each lab and moves every
control of its explorer by keyboard and by mouse. Latency is measured in the page, from the
input event (key press, drag, click or menu choice) to the first new image of the explorer,
so it includes the widget message to the kernel, the model, the redraw, the PNG and its trip
back. Target: p95 at most 100 ms per control.

Needs /usr/bin/chromium and the lab requirements (make bench installs them); without them,
and under BENCH_QUICK=1 (the test suite's smoke run, which must stay short), it records nothing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from timing import QUICK

TESTS = Path(__file__).resolve().parents[1] / "tests"
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

#: Moves of each control in each way (keyboard, mouse), per front end.
MOVES = 6
TARGET_MS = 100.0

#: Which explorer each lab shows.
EXPLORER = {
    "lab1_muscle_length.ipynb": "posture explorer",
    "lab2_antagonist_pair.ipynb": "antagonist explorer",
    "lab3_backward_stride.ipynb": "stride explorer",
    "lab4_sitting_flexibility.ipynb": "flexibility explorer",
}


def measure(moves: int = MOVES) -> list:
    """Every move in every lab in both front ends (a list of live_support.LabRun)."""
    import live_support
    from browser_support import launch
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = launch(p)
        try:
            for kind in live_support.FRONT_ENDS:
                workdir = Path(tmp) / kind.replace(" ", "_")
                runs.extend(live_support.drive_all(browser, kind, workdir, moves))
        finally:
            browser.close()
    return runs


def records(runs) -> list[dict]:
    import live_support

    out = []
    for (front_end, lab, control), values in live_support.latency_table(runs).items():
        moves = [m for r in runs for m in r.moves
                 if (m.front_end, m.lab, m.control) == (front_end, lab, control)]
        ways = sorted({m.how for m in moves})
        note = (f"{len(values)} of {len(moves)} moves brought a new image ({', '.join(ways)}); "
                "input event -> new image, in Chromium")
        if not values:
            continue
        name = f"live, {front_end}: {EXPLORER.get(lab, lab)}, {control}"
        p50, p95 = (float(np.percentile(values, q)) for q in (50, 95))
        out.append({"name": f"{name}, p50", "value": p50, "unit": "ms", "target": None,
                    "note": note})
        out.append({"name": f"{name}, p95", "value": p95, "unit": "ms", "target": TARGET_MS,
                    "note": note})
    return out


def run() -> list[dict]:
    if QUICK:
        return []
    from browser_support import chromium_available

    if not chromium_available():
        print("bench_live: /usr/bin/chromium is missing; nothing measured", file=sys.stderr)
        return []
    return records(measure())


if __name__ == "__main__":
    for r in run():
        print(f"{r['name']:<80} {r['value']:8.1f} {r['unit']}")
