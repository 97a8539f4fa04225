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


def _late_imports(path):
    """(line, text) of every import inside a function or class of a module, with the comment
    that says why: on its line, on the lines just above it, or in its function's docstring."""
    import ast

    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for scope in ast.walk(tree):
        if not isinstance(scope, (ast.FunctionDef, ast.ClassDef)):
            continue
        doc = ast.get_docstring(scope) or ""
        for node in ast.walk(scope):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                above = [ln for ln in lines[max(0, node.lineno - 4):node.lineno] if ln.strip().startswith("#")]
                why = " ".join([lines[node.lineno - 1].partition("#")[2], *above, doc])
                found.append((node.lineno, lines[node.lineno - 1].strip(), why))
    return found


def test_imports_are_at_the_top_unless_a_comment_says_why():
    """An import inside a function hides who depends on whom: allowed only with its reason
    ("deferred: ..." or a docstring saying when it is imported)."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.stem in ("_leg_generated", "_flexibility_tables"):
            continue
        for line, text, why in _late_imports(path):
            if not re.search(r"deferred|imported when|TYPE_CHECKING|here, not at the top", why, re.I):
                unexplained.append(f"{path.relative_to(PACKAGE)}:{line}: {text}")
    assert not unexplained, unexplained
    assert _late_imports(PACKAGE / "knee_dynamics.py"), "the check finds the deferred imports"
