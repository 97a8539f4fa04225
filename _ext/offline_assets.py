"""Every file a page needs is served by the book itself: MathJax from ``_static/mathjax``.

Sphinx loads MathJax 3 from a CDN by default, so a reader without network (a classroom
with poor Wi-Fi, a saved copy of the site) sees raw TeX. The MathJax 3.2.2 files come from
the ``sphinx-mathjax-offline`` wheel (pinned in requirements.txt; no Node step). That
package's own Sphinx extension copies all 24 MB of them (every combined component, the
speech rules of thirteen languages); this one copies only what the book's pages use,
about 4 MB, with MathJax's licence (Apache-2.0, in ``mathjax-LICENSE.txt`` beside this
file) as ``_static/mathjax/LICENSE``:

* ``tex-chtml.js``: TeX input (with ``ams``, which ``amsmath`` blocks need), HTML output,
  the context menu and assistive MathML;
* ``input/tex/extensions``: what ``autoload`` fetches for rarer macros (``\\boldsymbol``,
  ``\\cancel`` ...);
* ``output/chtml/fonts``: the woff fonts the equations are drawn with;
* ``ui``, ``a11y`` and the English speech rules (``sre/mathmaps``): what the menu loads
  when a reader turns on the accessibility explorer or speech.

tests/test_browser.py checks that no page requests anything from another origin and that
no raw TeX is left on any page.
"""

from __future__ import annotations

import shutil
from importlib.metadata import distribution
from pathlib import Path

MATHJAX_VERSION = "3.2.2"
MATHJAX_SCRIPT = "mathjax/tex-chtml.js"          # relative to _static
LICENSE = Path(__file__).with_name("mathjax-LICENSE.txt")
# What is copied, relative to the wheel's mathjax folder.
FILES = ["tex-chtml.js", "input/tex/extensions", "output/chtml", "ui", "a11y",
         "sre/mathmaps/base.json", "sre/mathmaps/en.json", "sre/mathmaps/nemeth.json"]


def mathjax_source() -> Path:
    """The MathJax folder inside the installed sphinx-mathjax-offline wheel."""
    folder = Path(distribution("sphinx-mathjax-offline").locate_file(
        "sphinx-mathjax-offline/static/mathjax"))
    core = folder / "tex-chtml.js"
    if not core.is_file() or f'VERSION="{MATHJAX_VERSION}"' not in core.read_text(
            encoding="utf-8", errors="replace")[:400_000]:
        raise RuntimeError(f"MathJax {MATHJAX_VERSION} not found in {folder}: install "
                           f"requirements.txt with constraints.txt")
    return folder


def _use_local_mathjax(app, config):
    config.mathjax_path = MATHJAX_SCRIPT


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for rel in FILES:
        src, dst = source / rel, target / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    shutil.copy2(LICENSE, target / "LICENSE")


def setup(app):
    mathjax_source()  # fail early, with the fix, when the wheel is missing
    app.connect("config-inited", _use_local_mathjax)
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
