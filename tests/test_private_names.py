"""No module of the package uses another module's private (underscore) names.

A name that starts with an underscore belongs to its module; another module that needs it
needs a public helper instead (for instance :func:`hamstrings.style.display_name`,
:func:`hamstrings.style.group_color`, :data:`hamstrings.explorers.posture.BONES`).
The check reads the source: ``from .x import _y``, ``from ..x import _y`` and ``x._y`` where
``x`` is another module of the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hamstrings"
GENERATED = {"_leg_generated.py"}

#: Private uses allowed by design: a module and the code generated for it alone. Each entry must
#: still occur (the test fails on a stale one), so the list only ever shrinks.
WAITING = {
    ("leg.py", "._leg_generated"),  # the generated leg code is private to leg
    ("flexibility.py", "._flexibility_tables"),  # the generated clinical tables are private to flexibility
}


def _modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p.name not in GENERATED]


def private_uses(path: Path) -> set[str]:
    """``module._name`` strings for every private name of another package module used in
    ``path`` (imports from the package and attributes of imported package modules)."""
    tree = ast.parse(path.read_text())
    modules = set()   # local names bound to package modules
    uses = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            source = (node.module or "").split(".")[-1]
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    uses.add(f"{source}.{alias.name}")
                elif node.module is None:  # from . import x: x is a package module
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            uses.add(f"{node.value.id}.{node.attr}")
    return uses


def test_no_module_uses_another_modules_private_names():
    found = set()
    for path in _modules():
        rel = path.relative_to(SRC).as_posix()
        found |= {(rel, use) for use in private_uses(path)}
    new = sorted(found - WAITING)
    assert not new, "private names used across modules (make them public helpers): " + "; ".join(
        f"{rel}: {use}" for rel, use in new)
    stale = sorted(WAITING - found)
    assert not stale, f"no longer used, remove from WAITING: {stale}"


@pytest.mark.parametrize("source, expected", [
    ("from .posture import _simplify\n", {"posture._simplify"}),
    ("from ..gait_plots import LEG_LIMITS, _name\n", {"gait_plots._name"}),
    ("from . import posture\nposture._BONES\n", {"posture._BONES"}),
    ("from .. import style\nstyle.display_name('x')\n", set()),
    ("import numpy as np\nnp._x\n", set()),
])
def test_the_check_sees_private_uses(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source)
    assert private_uses(path) == expected
