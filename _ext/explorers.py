"""Serve what the kernel-free explorers need, from the book itself, on the pages that have them.

A page's explorer (:mod:`hamstrings.explorers.page`) is a ``<div class="hs-explorer">``
holding a Vega-Lite specification. This extension

* writes Vega, Vega-Lite and vega-embed into ``_static/vega/`` of the built book, from the
  ``vl-convert-python`` wheel (``vl_convert.javascript_bundle()``): no CDN and no Node step;
* adds that bundle, ``explorers.js`` (which draws every explorer with vega-embed) and
  ``explorers.css`` to exactly the pages that hold an explorer, so other pages stay light.

The bundle's name carries the library versions and a hash of its text, so neither a browser
nor an incremental build keeps a stale copy.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import page_assets  # _ext/page_assets.py (this folder is on the path of local extensions)

MARKER = 'class="hs-explorer"'
LICENCES = """Vega, Vega-Lite and vega-embed: BSD 3-Clause License, Copyright (c) the University of
Washington Interactive Data Lab. Bundled by vl-convert (BSD 3-Clause License, Copyright (c)
Vega) with their dependencies (lodash.debounce: MIT; d3 modules: ISC). Sources:
https://github.com/vega/vega, https://github.com/vega/vega-lite,
https://github.com/vega/vega-embed, https://github.com/vega/vl-convert
"""


@functools.cache
def bundle_name() -> str:
    """The bundle's file name: the library versions and a hash of the script's text, so that
    neither a browser nor an incremental build ever keeps a stale copy."""
    import vl_convert as vlc

    vl = max(vlc.get_vegalite_versions(), key=lambda v: tuple(int(x) for x in v.split(".")))
    digest = hashlib.sha256(bundle_script().encode()).hexdigest()[:10]
    return (f"vega-{vlc.get_vega_version()}-vl-{vl}-embed-{vlc.get_vega_embed_version()}"
            f"-{digest}.min.js")


@functools.cache
def bundle_script() -> str:
    """The bundle as a classic script that shares no name with the page's other scripts.

    vl-convert's bundle declares top-level constants (``_`` among them, which Sphinx's own
    scripts also declare); wrapped in a function, only the three globals it sets on
    ``window`` (vegaEmbed, vega, vegaLite) are seen. A classic script, not a module, so
    that a saved copy of the book opened from the disk (file://) still runs it.
    """
    import vl_convert as vlc

    return "(function () {\n" + vlc.javascript_bundle() + "\n})();\n"


def _write_bundle(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / "vega"
    target = folder / bundle_name()
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(bundle_script(), encoding="utf-8")
        (folder / "LICENSES.txt").write_text(LICENCES, encoding="utf-8")


def _add_assets(app, pagename, templatename, context, doctree):
    page_assets.add_to_page(app, context, MARKER, (f"vega/{bundle_name()}", "explorers.js"), ("explorers.css",))


def setup(app):
    # Before theme_fixes (priority 500), which copies the page's script list.
    app.connect("builder-inited", page_assets.serve_static)
    app.connect("html-page-context", _add_assets, priority=400)
    app.connect("build-finished", _write_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
