"""The package installs, identifies itself, and documents its layout."""

import re

import hamstrings
from conftest import ROOT

PACKAGE = ROOT / "src" / "hamstrings"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")) + ["explorers"]


def test_version_is_semantic():
    assert re.fullmatch(r"\d+\.\d+\.\d+", hamstrings.__version__)


def test_the_package_docstring_names_every_module():
    listed = set(re.findall(r"\w+", hamstrings.__doc__.split("Submodules", 1)[1]))
    assert not set(MODULES) - listed, "name the new module in src/hamstrings/__init__.py"


def test_the_readme_layout_table_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layers = readme.split("### The package, layer by layer", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(\w+)", layers))
    assert not set(MODULES) - named, "add the new module to the README's layout table"
