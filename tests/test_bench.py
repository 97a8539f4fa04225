"""The benchmark runner runs, and reports what the Performance page needs."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
bench_run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_run)


@pytest.mark.slow  # runs every benchmark module end to end (about a minute): make test, not make check
def test_runner_writes_every_benchmark_in_quick_mode(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "BENCH_QUICK": "1"},
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["machine"]["cpu_count"] >= 1
    names = [r["name"] for r in data["results"]]
    assert any(n.startswith("posture explorer: update (compute + redraw), p95") for n in names)
    assert any("naive" in n for n in names)
    for record in data["results"]:
        assert set(bench_run.KEYS) <= set(record)
        assert record["value"] >= 0


def test_verdict_compares_with_the_target():
    assert bench_run.verdict({"value": 3.0, "target": 5.0}) == "meets"
    assert bench_run.verdict({"value": 7.0, "target": 5.0}) == "MISSES"
    assert bench_run.verdict({"value": 7.0, "target": None}) == ""


def test_a_record_without_its_keys_is_refused(tmp_path):
    bad = tmp_path / "bench_bad.py"
    bad.write_text("def run():\n    return [{'name': 'x', 'value': 1.0}]\n")
    with pytest.raises(ValueError, match="lacks"):
        bench_run.collect([bad])


def test_committed_results_cover_every_benchmark_module():
    data = json.loads((ROOT / "bench" / "results.json").read_text())
    modules = {r["module"] for r in data["results"]}
    expected = {p.stem for p in (ROOT / "bench").glob("bench_*.py")}
    assert expected <= modules, f"run `make bench` and commit bench/results.json: {expected - modules}"


def test_merge_keeps_the_other_modules(tmp_path):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"results": [
        {"module": "bench_other", "name": "kept", "value": 1.0, "unit": "s", "target": None, "note": ""},
        {"module": "bench_tiny", "name": "stale", "value": 9.0, "unit": "s", "target": None, "note": ""},
    ]}))
    tiny = tmp_path / "bench_tiny.py"
    tiny.write_text("def run():\n    return [{'name': 'fresh', 'value': 2.0, 'unit': 's', "
                    "'target': 3.0, 'note': ''}]\n")
    assert bench_run.main(["--out", str(out), "--merge", str(tiny)]) == 0
    names = [r["name"] for r in json.loads(out.read_text())["results"]]
    assert names == ["kept", "fresh"]


def _bench_module(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "bench"))  # the benchmarks share bench/timing.py
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return module


def test_the_first_call_benchmark_knows_a_call_for_every_public_function_of_every_part():
    cold = _bench_module("bench_cold")
    assert cold.missing() == [], "add a first call to CALLS in bench/bench_cold.py"
    assert all(isinstance(why, str) and why for why in (*cold.BY_DESIGN.values(), *cold.NOT_RUN.values()))
    for key in (*cold.CALLS, *cold.BY_DESIGN, *cold.NOT_RUN):  # no stale entries
        module, name = key.split(".")
        assert module in cold.PARTS and name in cold.public_functions(module), key


def test_the_first_call_benchmark_times_a_fresh_interpreter():
    cold = _bench_module("bench_cold")
    fast = cold.time_call("validate", "", "validate.number(1.0, 'x')")
    assert 0 < fast["cpu"] and 0 < fast["total"] < 30
    with pytest.raises(RuntimeError, match="must be a number"):  # a failing call fails the benchmark
        cold.time_call("validate", "", "validate.number('one', 'x')")
