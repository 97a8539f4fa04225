"""Scripts and styles that only some pages need (shared by the ``explorers`` and ``questions``
extensions).

They live in ``_ext/static`` and are copied into the site's ``_static``, not kept in the
book's own ``_static/``: Jupyter Book 1 links every ``.js`` and ``.css`` file it finds there on
every page, and these belong only on the pages that use them.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def serve_static(app):
    """Add ``_ext/static`` to the static paths (a ``builder-inited`` handler; idempotent)."""
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def add_to_page(app, context, marker: str, scripts=(), styles=()):
    """Link ``scripts`` and ``styles`` on the page being written if its body holds ``marker``.

    Through the builder, so that they go on this page only (Sphinx resets the page's list
    before the next page; ``app.add_js_file`` would register them for every page).
    """
    if marker in context.get("body", ""):
        for name in scripts:
            app.builder.add_js_file(name)
        for name in styles:
            app.builder.add_css_file(name)
