"""Unit tests of tools/cache_guard.py (the end-to-end test is in test_strictness.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import ROOT

spec = importlib.util.spec_from_file_location("cache_guard", ROOT / "tools" / "cache_guard.py")
cache_guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cache_guard)


def test_fingerprint_changes_with_content_and_names(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    first = cache_guard.fingerprint([tmp_path])
    assert cache_guard.fingerprint([tmp_path]) == first
    (tmp_path / "a.py").write_text("x = 2\n")
    second = cache_guard.fingerprint([tmp_path])
    assert second != first
    (tmp_path / "a.py").rename(tmp_path / "b.py")
    assert cache_guard.fingerprint([tmp_path]) != second


def test_fingerprint_ignores_bytecode(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    before = cache_guard.fingerprint([tmp_path])
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0\1")
    assert cache_guard.fingerprint([tmp_path]) == before


def fake_build(build: Path) -> None:
    """What a build leaves: execution cache, Sphinx environment, executed notebooks."""
    for name in cache_guard.STATE:
        (build / name).mkdir(parents=True, exist_ok=True)
        (build / name / "state").write_text("from a build")
    (build / "html").mkdir(exist_ok=True)


def test_guard_keeps_fresh_state_and_drops_stale_state(tmp_path):
    watched = tmp_path / "pkg"
    watched.mkdir()
    (watched / "m.py").write_text("A = 1\n")
    build = tmp_path / "_build"
    assert cache_guard.guard(build, [watched]) is False  # first build: nothing to drop
    fake_build(build)
    assert cache_guard.guard(build, [watched]) is False
    assert all((build / n / "state").exists() for n in cache_guard.STATE)
    (watched / "m.py").write_text("A = 2\n")
    assert cache_guard.guard(build, [watched]) is True
    assert not any((build / n).exists() for n in cache_guard.STATE)
    assert (build / "html").is_dir()  # the published pages are left to Sphinx
    assert cache_guard.guard(build, [watched]) is False


def test_guard_drops_state_without_a_key(tmp_path):
    build = tmp_path / "_build"
    fake_build(build)
    assert cache_guard.guard(build, [tmp_path / "missing"]) is True


def test_state_covers_cache_and_sphinx_environment():
    assert {".jupyter_cache", ".doctrees"} <= set(cache_guard.STATE)


def test_default_watch_covers_package_and_pins():
    names = {p.name for p in cache_guard.DEFAULT_WATCH}
    assert {"hamstrings", "requirements.txt", "constraints.txt"} <= names
