"""Live explorers in a real browser: every lab in JupyterLab and in Notebook 7.

For each front end, the test starts it from this environment on 127.0.0.1 (free port, token,
throw-away home; see tests/live_support.py), opens a copy of every lab in notebooks/ in Debian's
Chromium, runs all cells and moves every control of the explorer by keyboard and by mouse
(sliders: arrow key and drag; menus: arrow key and a choice; toggle buttons and check boxes:
key and click). Each move must bring a new image from the kernel; a key press must move the
control it was pressed on. The latencies printed here are measured properly by
`make bench` (bench/bench_live.py) and shown on the Performance page.

Skipped without /usr/bin/chromium or without the lab requirements, except under CI=true, where
that is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading

import numpy as np
import pytest

import live_support
from browser_support import chromium_available, launch
from conftest import BIN

pytestmark = pytest.mark.live

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
#: Moves of each control in each way (keyboard, mouse) in each front end.
MOVES = 1

# Notebook 7.6.5 throws this once on load, on its own (an empty notebook shows it too): it is
# not ours and does not touch the widgets.
KNOWN_PAGE_ERRORS = {
    "Notebook 7": ("Cannot read properties of undefined (reading 'schema')",),
}


def _needs():
    missing = []
    if not chromium_available():
        missing.append("/usr/bin/chromium (apt-get install chromium)")
    for command in ("jupyter-lab", "jupyter-notebook"):
        if not (BIN / command).exists():
            missing.append(f"{command} (pip install -r requirements-lab.txt -c constraints.txt)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright (requirements-dev.txt)")
    if missing:
        message = "live browser tests need " + ", ".join(missing)
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _drive(front_end, workdir, out):
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                out["result"] = live_support.drive_all(browser, front_end, workdir, MOVES)
            finally:
                browser.close()
    except BaseException as error:  # handed to the test's thread
        out["error"] = error


@pytest.fixture(scope="module", params=list(live_support.FRONT_ENDS))
def runs(request, tmp_path_factory):
    _needs()
    workdir = tmp_path_factory.mktemp("live")
    # Playwright's sync API refuses to start where an asyncio loop runs, and the page tests
    # (tests/test_browser.py) keep one running for the whole session: drive from a thread.
    out = {}
    worker = threading.Thread(target=_drive, args=(request.param, workdir, out), daemon=True)
    worker.start()
    worker.join()
    shutil.rmtree(workdir, ignore_errors=True)
    if "error" in out:
        raise out["error"]
    return request.param, out["result"]


def test_every_lab_runs_and_shows_its_explorer(runs):
    front_end, results = runs
    assert [r.lab for r in results] == [lab.name for lab in live_support.LABS]
    for run in results:
        known = KNOWN_PAGE_ERRORS.get(front_end, ())
        errors = [e for e in run.errors if not any(k in e for k in known)]
        assert not errors, f"{front_end}, {run.lab}: {errors}"
        assert run.explorers >= 1, f"{front_end}, {run.lab}: no explorer image on the page"
        assert run.controls, f"{front_end}, {run.lab}: the explorer has no controls"


def test_every_move_brings_a_new_image(runs):
    front_end, results = runs
    dead = [f"{m.lab}: {m.control} ({m.kind}) by {m.how}, {m.value_before} -> {m.value_after}"
            for run in results for m in run.moves if not m.changed]
    assert not dead, f"{front_end}: no new image after\n" + "\n".join(dead)


def test_keys_move_the_control_they_are_pressed_on(runs):
    front_end, results = runs
    for run in results:
        for m in run.moves:
            if m.how != "keyboard":
                continue
            assert m.value_after != m.value_before, \
                f"{front_end}, {run.lab}: a key on {m.control} ({m.kind}) left it at {m.value_before}"
            assert "jp-Cell" not in m.focus_after, \
                f"{front_end}, {run.lab}: a key on {m.control} moved the focus to a cell"


def test_every_control_shows_its_whole_description(runs):
    front_end, results = runs
    cut = [f"{run.lab}: {c['label']}" for run in results for c in run.controls if c["truncated"]]
    assert not cut, f"{front_end}: descriptions cut short: {cut}"


def test_report_latency(runs, capsys):
    """Prints p50/p95 per control (the numbers that count come from `make bench`)."""
    front_end, results = runs
    table = live_support.latency_table(results)
    with capsys.disabled():
        print(f"\nlive latency, {front_end} (input -> new image, ms; {MOVES} move(s) each way):")
        for (_, lab, control), values in table.items():
            if values:
                print(f"  {lab:<34} {control:<28} p50 {np.percentile(values, 50):6.0f}"
                      f"  max {max(values):6.0f}")
    assert all(values for values in table.values())
