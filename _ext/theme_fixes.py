"""Small fixes to what the theme and toolchain put on every page.

Found by the browser and accessibility tests (tests/test_browser.py):

* sphinx-thebe 0.3.1 on Sphinx 7.4 registers its inline configuration script
  twice, so every page throws "Identifier 'THEBE_JS_URL' has already been
  declared". We drop repeated script entries.
* docutils marks bibliography entries with role="doc-biblioentry", deprecated
  in ARIA 1.3, inside a role="list": axe reports the list as having no items
  (critical for screen readers). We give the entries role="listitem".
"""

from __future__ import annotations


def _script_key(script) -> tuple:
    filename = getattr(script, "filename", None) or ""
    attributes = sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())
    return filename, tuple(attributes)


def _fix_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        seen, unique = set(), []
        for script in scripts:
            key = _script_key(script)
            if key not in seen:
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
