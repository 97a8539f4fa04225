"""Kernel-free explorers: how fast the published page's chart follows a control.

For every explorer module in :mod:`hamstrings.explorers` that has a page explorer, this
writes a small offline page (the explorer's HTML, the Vega bundle from the vl-convert wheel
and ``_ext/static/explorers.js``), opens it in Debian's Chromium and moves every
control through its values, timing each move from the input event to the chart's change
(the same measurement as ``tests/test_explorers_browser.py``). Target (issue 11): at most
50 ms at the 95th percentile. Also reported: the size of each explorer's HTML and the time
the package takes to compute its grid when the book is built.

Skipped (no records) where Chromium is missing. BENCH_QUICK=1: one pass over the controls.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import sys
import tempfile
import time
from pathlib import Path

from timing import QUICK, percentiles_ms

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "_ext"))

TARGET_MS = 50.0
PASSES = 1 if QUICK else 4


def _modules():
    import hamstrings.explorers as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"hamstrings.explorers.{info.name}")
        if hasattr(module, "page_explorer") and hasattr(module, "CONTROLS"):
            yield info.name, module


def _page(folder: Path, body: str) -> Path:
    from explorers import bundle_name, bundle_script

    static = folder / "_static"
    (static / "vega").mkdir(parents=True, exist_ok=True)
    bundle = static / "vega" / bundle_name()
    if not bundle.exists():
        bundle.write_text(bundle_script(), encoding="utf-8")
    for name in ("explorers.js", "explorers.css"):
        shutil.copy(ROOT / "_ext" / "static" / name, static / name)
    page = folder / "index.html"
    page.write_text(
        '<!doctype html><html data-theme="light"><head><meta charset="utf-8">'
        f'<script src="_static/vega/{bundle.name}"></script>'
        '<script src="_static/explorers.js"></script>'
        '<link rel="stylesheet" href="_static/explorers.css"></head>'
        f'<body style="width:900px">{body}</body></html>', encoding="utf-8")
    return page


def run() -> list[dict]:
    from browser_support import (EXPLORERS_READY_JS, chromium_available, explorer_moves,
                                 explorer_state, launch, move_explorer_control)

    if not chromium_available():
        print("bench_explorers: /usr/bin/chromium is missing; skipped")
        return []
    from playwright.sync_api import sync_playwright

    records = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        for name, module in _modules():
            t0 = time.perf_counter()
            html = module.page_explorer().to_html()
            built = time.perf_counter() - t0
            records.append({"name": f"page explorer {name}: grid computed and packed",
                            "value": built, "unit": "s", "target": None,
                            "note": "at build time, once per page"})
            records.append({"name": f"page explorer {name}: HTML with its data",
                            "value": len(html.encode()) / 1e6, "unit": "MB", "target": None,
                            "note": "the shared Vega script (about 0.9 MB) is extra, once"})
            page = browser.new_page()
            page.goto(_page(Path(tmp) / name, html).as_uri())
            page.wait_for_function(EXPLORERS_READY_JS, timeout=60_000)
            for control in module.CONTROLS:
                times = []
                for _ in range(PASSES):
                    for value in explorer_moves(control):
                        state, _ = explorer_state(page, 0, module.CONTROLS)
                        if state[control.name] != value:
                            ms = move_explorer_control(page, 0, control, value)
                            if ms is not None:
                                times.append(ms / 1000.0)
                if not times:
                    continue
                p50, p95 = percentiles_ms(times)
                for label, value, target in (("p50", p50, None), ("p95", p95, TARGET_MS)):
                    records.append({"name": f"page explorer {name}: {control.name}, {label}",
                                    "value": value, "unit": "ms", "target": target,
                                    "note": f"{len(times)} moves in Chromium, offline"})
            page.close()
        browser.close()
    return records
