"""Run every benchmark in bench/ and report the results (``make bench``).

Each ``bench/bench_*.py`` module exposes ``run() -> list[dict]`` whose records
have the keys name, value, unit, target (same unit, or None) and note.
Benchmarks measure; they do not gate. Results go to the terminal and to
``bench/results.json``, which the book's Performance appendix shows: commit it
after a run on the reference machine (2 cores, as in CI).

Usage: python bench/run.py [--out FILE] [--merge] [bench/bench_x.py ...]
With --merge, the named modules' records replace theirs in the existing file
and every other module's records are kept.
Set BENCH_QUICK=1 for a short smoke run (what the test suite does).
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "results.json"
KEYS = ("name", "value", "unit", "target", "note")


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up here
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the benchmarks share bench/timing.py
    spec.loader.exec_module(module)
    return module


def collect(paths) -> list[dict]:
    records = []
    for path in paths:
        for record in load(path).run():
            missing = set(KEYS) - set(record)
            if missing:
                raise ValueError(f"{path.name}: record {record!r} lacks {sorted(missing)}")
            records.append({"module": path.stem, **{k: record[k] for k in KEYS}})
    return records


def verdict(record) -> str:
    if record["target"] is None:
        return ""
    return "meets" if record["value"] <= record["target"] else "MISSES"


def format_table(records) -> str:
    lines = [f"{'benchmark':<58} {'value':>10} {'target':>10}  unit  verdict"]
    for r in records:
        target = "" if r["target"] is None else f"{r['target']:.4g}"
        lines.append(f"{r['name']:<58} {r['value']:>10.4g} {target:>10}  {r['unit']:<4}  {verdict(r)}")
    return "\n".join(lines)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = OUT
    if "--out" in argv:
        i = argv.index("--out")
        out = Path(argv[i + 1])
        del argv[i:i + 2]
    merge = "--merge" in argv
    if merge:
        argv.remove("--merge")
    paths = [Path(a) for a in argv] or sorted(HERE.glob("bench_*.py"))
    records = collect(paths)
    if merge and out.exists():
        measured = {p.stem for p in paths}
        kept = [r for r in json.loads(out.read_text())["results"] if r["module"] not in measured]
        records = kept + records
    print(format_table(records))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count(),
                    "platform": platform.platform(),
                    # other work on the machine slows every timing: say how busy it was
                    "load_average_at_end": round(__import__("os").getloadavg()[0], 2)},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "results": records,
    }, indent=2))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
