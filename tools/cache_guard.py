"""Drop the book's execution cache when the package or the pins change.

jupyter-cache keys a notebook's cached outputs on the source of its cells only.
A page that calls ``hamstrings.leg.muscle_lengths`` therefore keeps its old
outputs after the model changes, because the cell that calls it did not. This
script hashes everything the outputs depend on besides the cells (the package's
code and data, the pinned requirements) and, when that hash differs from the one
stored at the last build, deletes the execution cache and Sphinx's saved
environment (``.doctrees``). Both must go: with only the cache gone, Sphinx still
sees unchanged page sources and does not re-read (so does not re-execute) them.

Usage: python tools/cache_guard.py [--build-dir DIR] [--watch PATH ...]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUILD = ROOT / "_build"
#: What a build leaves behind that can hold outputs of an older package.
STATE = (".jupyter_cache", ".doctrees", "jupyter_execute")
DEFAULT_WATCH = (
    ROOT / "src" / "hamstrings",
    ROOT / "requirements.txt",
    ROOT / "constraints.txt",
    ROOT / "pyproject.toml",
    ROOT / "bench" / "results.json",  # shown by the Performance appendix
)
KEY_FILE = "hamstrings-cache-key.txt"
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _files(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and not IGNORED_PARTS.intersection(p.parts) and p.suffix != ".pyc":
                yield p


def fingerprint(watch) -> str:
    """Return a SHA-256 over the names and contents of every watched file."""
    digest = hashlib.sha256()
    for root in watch:
        root = Path(root)
        for f in _files(root):
            digest.update(str(f.relative_to(root.parent)).encode())
            digest.update(b"\0")
            digest.update(f.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def guard(build_dir: Path, watch) -> bool:
    """Drop the saved build state in ``build_dir`` if the watched files changed.

    Returns True when something was dropped. Afterwards ``build_dir`` exists and
    holds the current key, so the next call keeps the state the build writes.
    """
    build_dir = Path(build_dir)
    key = fingerprint(watch)
    key_path = build_dir / KEY_FILE
    present = [build_dir / name for name in STATE if (build_dir / name).exists()]
    stale = bool(present) and (
        not key_path.exists() or key_path.read_text().strip() != key
    )
    if stale:
        for path in present:
            shutil.rmtree(path)
    build_dir.mkdir(parents=True, exist_ok=True)
    key_path.write_text(key + "\n")
    return stale


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD)
    parser.add_argument("--watch", type=Path, nargs="+", default=list(DEFAULT_WATCH))
    args = parser.parse_args(argv)
    if guard(args.build_dir, args.watch):
        print(f"cache_guard: package or pins changed; cleared the saved build state in {args.build_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
