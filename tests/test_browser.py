"""The published book in a real browser: what a student sees, checked page by page.

Debian's Chromium (driven by Playwright for Python) opens every content page of the book that
the session's ``book`` fixture built, served from 127.0.0.1 by a stdlib web server. The test
machine has no network, and Chromium resolves no host name: every request to another origin
fails at once, and OFFLINE_ORIGINS below says which origins a page may use and why. Checks:

- no JavaScript error from the book's own code (console errors, uncaught exceptions);
- every image loads;
- every matplotlib animation (``to_jshtml``) has its controls and Play really plays;
- every ipywidget has a static figure beside it, and no widget control looks live when no
  kernel is behind it, unless the page says so;
- screenshots of every page, light and dark (``_build/screenshots/``), and dark mode applies;
- axe-core finds no serious or critical accessibility violation;
- each page weighs at most 2 MB (``_build/page_weight.json`` has the figures).

Chromium comes from Debian (``apt-get install chromium``; the Makefile's dev stamp installs
it). Never run ``playwright install``: it downloads a browser build, which fails here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import (ANIMATIONS_JS, CHROMIUM, IMAGES_JS, WIDGETS_JS, Visitor,
                             check_animation, chromium_available, is_external, launch, origin,
                             run_axe, serve)
from conftest import ROOT
from test_book_build import content_pages

pytestmark = pytest.mark.build          # every test here needs the built book
browser = pytest.mark.browser           # ...and these drive Chromium too

SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGE_WEIGHT_JSON = ROOT / "_build" / "page_weight.json"
PAGE_BUDGET_BYTES = 2_000_000           # 2 MB: HTML + its own images + inline animations

# Origins a page may load from, with the reason. The test machine has no network, so these
# requests fail here, and their failures are not counted as the book's errors.
# A request to any other origin fails the test: add it here, with a reason, or stop loading it.
OFFLINE_ORIGINS = {
    "https://cdn.jsdelivr.net":
        "MathJax 3 (pages with maths) and the ipywidgets HTML manager (pages with widgets): "
        "Jupyter Book / MyST-NB load them from this CDN; online readers get them",
    "https://cdnjs.cloudflare.com": "require.js, which MyST-NB loads on pages with widgets",
    "https://unpkg.com": "Thebe, loaded only when a reader clicks Live Code",
    "https://mybinder.org": "Binder, contacted by Thebe only when a reader starts Live Code",
    "https://maxcdn.bootstrapcdn.com":
        "Font Awesome 4 icons of matplotlib's to_jshtml() animation controls (the buttons "
        "keep their aria-label and title without them)",
}

# Requests the browser makes by itself, not the page's code: their failures are not counted.
BROWSER_OWN_REQUESTS = {
    "/favicon.ico": "Chromium asks for it when a page names no icon (the book sets none; "
                    "html.favicon in _config.yml would add one)",
}

# JavaScript errors from the book's own pages that are known, understood, and waiting for a fix
# in files this test does not own. Each entry: (regex on the message, reason). Keep it short;
# test_allow_lists_are_still_needed fails when an entry no longer matches anything.
KNOWN_JS_ERRORS: list = []  # none at present; _ext/theme_fixes.py fixed the last ones

# axe-core violations that come from the theme or the Sphinx toolchain, not from the book's
# content. Each entry: (rule id, regex on the node's CSS selector, reason).
AXE_ALLOWED: list = []  # none at present; _ext/theme_fixes.py fixed the last one
AXE_FAILING_IMPACTS = {"serious", "critical"}
# In dark mode only the colour rules can differ from light mode, so only they run there.
AXE_DARK_RULES = ["color-contrast", "link-in-text-block"]

# The convention for widgets (README: "pair every widget with a static figure on the page"):
# a page with an ipywidget must (1) show at least one ordinary image outside any widget, and
# (2) say that its controls need a running kernel, in an element with this class, e.g.
#     :::{note}
#     :class: widget-static-note
#     The slider below needs a running Python kernel (Live Code, Binder or Colab). The figure
#     above shows the same model at fixed values.
#     :::
STATIC_NOTE_CLASS = "widget-static-note"


# --------------------------------------------------------------------------------------------
# Fixtures: one visit of every page in light mode and one in dark mode
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def html(book) -> Path:
    if not (book.html / "index.html").exists():
        pytest.fail("the book did not build: see test_build_succeeds_without_warnings")
    return book.html


@pytest.fixture(scope="session")
def pages(html) -> list[str]:
    return [p.relative_to(html).as_posix() for p in content_pages(html)]


@pytest.fixture(scope="session")
def base_url(html):
    """The built book, served by a stdlib http.server on 127.0.0.1 at a free port."""
    with serve(html) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium under Playwright: skipped where it is missing, failed under CI=true."""
    if not chromium_available():
        message = (f"{CHROMIUM} is missing: apt-get install chromium (the Makefile's dev "
                   f"stamp does it as root; never `playwright install`)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser_ = launch(playwright)
        yield browser_
        browser_.close()


@pytest.fixture(scope="session")
def visits(chromium, base_url, pages):
    """Every content page, opened once light and once dark; what the tests below assert on.

    Light: images, widgets, a full-page screenshot, the animations' Play buttons, axe-core.
    Dark: the theme switch, a full-page screenshot, axe-core's colour rules.
    """
    from axe_playwright_python.sync_playwright import Axe

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    (SCREENSHOTS / "dark").mkdir(parents=True)
    axe = Axe()
    found = {rel: {} for rel in pages}
    started = time.monotonic()

    light = Visitor(chromium, base_url, "light")
    for rel in pages:
        with light.open(rel) as (page, visit):
            visit.images = page.evaluate(IMAGES_JS)
            visit.widgets = page.evaluate(WIDGETS_JS, STATIC_NOTE_CLASS)
            page.screenshot(path=_shot(SCREENSHOTS, rel), full_page=True)
            visit.animations = [{**a, **(check_animation(page, a["index"]) if a["hasPlay"] else {})}
                                for a in page.evaluate(ANIMATIONS_JS)]
            visit.recording = False
            visit.axe = run_axe(page, axe)
        found[rel]["light"] = visit
    light.close()

    dark = Visitor(chromium, base_url, "dark")
    for rel in pages:
        with dark.open(rel, settle="load") as (page, visit):
            page.screenshot(path=_shot(SCREENSHOTS / "dark", rel), full_page=True)
            visit.recording = False
            visit.axe = run_axe(page, axe, rules=AXE_DARK_RULES)
        found[rel]["dark"] = visit
    dark.close()
    print(f"browser: {len(pages)} pages, light and dark, in {time.monotonic() - started:.1f} s")
    return found


def _shot(folder: Path, rel: str) -> Path:
    path = folder / Path(rel).with_suffix(".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _all(visits):
    for rel, modes in visits.items():
        for mode, visit in modes.items():
            yield rel, mode, visit


def _known_js_error(text: str):
    return next((i for i, (rx, _) in enumerate(KNOWN_JS_ERRORS) if re.search(rx, text)), None)


def _axe_allowed(violation: dict):
    return next((i for i, (rule, rx, _) in enumerate(AXE_ALLOWED)
                 if violation["rule"] == rule and re.search(rx, violation["target"])), None)


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------

@browser
def test_no_javascript_errors_from_the_book(visits):
    """A script error can leave a reader with a dead menu, search box or animation.

    Counted: console errors and uncaught exceptions from the local site, and any request to
    an origin that is not in OFFLINE_ORIGINS. Not counted: failures of the reviewed external
    origins (no network here) and the entries of KNOWN_JS_ERRORS.
    """
    problems = []
    for rel, mode, visit in _all(visits):
        for p in visit.problems:
            source = origin(p.source)
            if source in OFFLINE_ORIGINS or urlsplit(p.source).path in BROWSER_OWN_REQUESTS:
                continue
            if is_external(p.source, visit.base_url):
                problems.append(f"{rel} ({mode}): request to an unreviewed origin {source}: "
                                f"add it to OFFLINE_ORIGINS with a reason, or don't load it. {p}")
            elif _known_js_error(p.text) is None:
                problems.append(f"{rel} ({mode}): {p}")
    assert not problems, "\n".join(problems)


@browser
def test_every_image_loads(visits):
    """A broken image is a missing figure, often the one the text is explaining."""
    broken = []
    for rel, modes in visits.items():
        visit = modes["light"]
        for img in visit.images:
            if is_external(img["url"], visit.base_url):
                if origin(img["url"]) not in OFFLINE_ORIGINS:
                    broken.append(f"{rel}: image from an unreviewed origin: {img['url']}")
                continue  # a reviewed external image cannot load without network
            if not img["complete"] or img["naturalWidth"] <= 0:
                broken.append(f"{rel}: {img['src'][:120] or '<img> without src'} "
                              f"(naturalWidth={img['naturalWidth']})")
    assert not broken, "\n".join(broken)


@browser
def test_every_animation_has_a_working_play_control(visits):
    """An animation whose Play button does nothing looks like a broken figure.

    Any element shaped like matplotlib's to_jshtml() output (div.animation) must have its
    image, its frame slider and a Play button; clicking Play must move the frame on.
    """
    problems = []
    for rel, modes in visits.items():
        for a in modes["light"].animations:
            name = f"{rel}: animation #{a['index'] + 1}"
            missing = [part for part, ok in (("image", a["hasImg"]), ("slider", a["hasSlider"]),
                                             ("Play button", a["hasPlay"])) if not ok]
            if missing:
                problems.append(f"{name} has no {', '.join(missing)}")
            elif not a.get("advanced"):
                problems.append(f"{name}: Play did not advance the frame "
                                f"(slider {a.get('before')} -> {a.get('after')})")
    assert not problems, "\n".join(problems)


def _widget_pages(visits):
    for rel, modes in visits.items():
        w = modes["light"].widgets
        if w["views"] or w["rendered"]:
            yield rel, modes["light"]


@browser
def test_every_widget_has_a_static_counterpart(visits):
    """A student reading the static book cannot move a slider: the figure must be there too.

    Convention: a page with an ipywidget (a widget-view script, or a rendered .jupyter-widgets
    element) shows at least one ordinary image, loaded, in the page's content and outside any
    widget area (so not a plot drawn inside an Output widget or interact()).
    """
    lonely = []
    for rel, visit in _widget_pages(visits):
        static = [img for img in visit.images
                  if img["inArticle"] and not img["inWidget"] and img["naturalWidth"] > 0
                  and "/_static/" not in img["url"]]
        if not static:
            w = visit.widgets
            lonely.append(f"{rel}: {w['views']} widget view(s), {w['rendered']} rendered "
                          f"widget(s), but no loaded image outside them")
    assert not lonely, "\n".join(lonely)


@browser
def test_no_widget_control_looks_live_when_it_is_not(visits):
    """A slider that moves but changes nothing misleads: the reader thinks the model answered.

    On the static site no kernel is behind a widget. A widget page FAILS when either
      - its widget controls are drawn in this browser (visible inputs or buttons inside a widget
        or inside the cell output that holds a widget view), or
      - it saves widget state and loads a widget manager (MyST-NB's ipywidgets HTML manager,
        from a CDN), so an online reader's browser draws the controls, which cannot work;
    unless the page says the controls need a kernel, in an element of class
    ``widget-static-note`` (STATIC_NOTE_CLASS). Offline the CDN manager is blocked, so the
    second condition is what catches the usual case here. To be refined with the first widget.
    """
    problems = []
    for rel, visit in _widget_pages(visits):
        w = visit.widgets
        drawn = w["liveLookingControls"]
        will_draw = bool(w["state"] and w["renderers"])
        if (drawn or will_draw) and not w["staticNote"]:
            why = (f"{len(drawn)} control(s) drawn, e.g. {drawn[0]}" if drawn else
                   f"widget state saved and a widget manager loaded ({w['renderers'][0]})")
            problems.append(f"{rel}: {why}; add a note with class {STATIC_NOTE_CLASS!r} "
                            f"saying the controls need a running kernel")
    assert not problems, "\n".join(problems)


@browser
def test_screenshots_of_every_page_light_and_dark(visits, pages):
    """Screenshots let a reviewer see every page as a reader does, in both colour modes.

    Full-page PNGs, 1280 px wide, in _build/screenshots/<page>.png and
    _build/screenshots/dark/<page>.png. Dark mode is what pydata-sphinx-theme's toggle stores
    (localStorage mode/theme = dark) with prefers-color-scheme: dark; <html data-theme> must
    then say "dark", or a reader who picked dark gets a light page (or a half-dark one).
    """
    assert "intro.html" in pages, "the landing page (intro) is a content page"
    missing = [str(p.relative_to(ROOT)) for rel in pages
               for p in (_shot(SCREENSHOTS, rel), _shot(SCREENSHOTS / "dark", rel))
               if not p.exists() or p.stat().st_size == 0]
    assert not missing, missing
    not_dark = [f"{rel}: data-theme={v.theme!r}" for rel, mode, v in _all(visits)
                if mode == "dark" and v.theme != "dark"]
    assert not not_dark, "\n".join(not_dark)
    not_light = [f"{rel}: data-theme={v.theme!r}" for rel, mode, v in _all(visits)
                 if mode == "light" and v.theme != "light"]
    assert not not_light, "\n".join(not_light)


@browser
def test_no_serious_accessibility_violations(visits):
    """Serious and critical axe-core violations lock out readers who use a screen reader,
    the keyboard or high contrast (all rules in light mode, the colour rules in dark mode).

    Theme and toolchain problems that the book's files cannot fix yet are in AXE_ALLOWED.
    """
    problems = []
    for rel, mode, visit in _all(visits):
        for v in visit.axe:
            if v["impact"] in AXE_FAILING_IMPACTS and _axe_allowed(v) is None:
                problems.append(f"{rel} ({mode}): {v['rule']} [{v['impact']}] {v['help']}: "
                                f"{v['target']}  {v['html'][:120]}")
    assert not problems, "\n".join(problems)


@browser
def test_allow_lists_are_still_needed(visits):
    """An allow-list entry that matches nothing any more would hide the next real problem."""
    used_js = {_known_js_error(p.text) for _, _, v in _all(visits) for p in v.problems}
    used_axe = {_axe_allowed(v) for _, _, visit in _all(visits) for v in visit.axe}
    stale = [f"KNOWN_JS_ERRORS: {rx}" for i, (rx, _) in enumerate(KNOWN_JS_ERRORS)
             if i not in used_js]
    stale += [f"AXE_ALLOWED: {rule} {rx}" for i, (rule, rx, _) in enumerate(AXE_ALLOWED)
              if i not in used_axe]
    assert not stale, "no longer needed, remove from tests/test_browser.py:\n" + "\n".join(stale)


# --------------------------------------------------------------------------------------------
# Page weight (no browser needed)
# --------------------------------------------------------------------------------------------

MEDIA_REFS = (("img", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
              ("source", "src"), ("object", "data"), ("embed", "src"))
ASSET_REFS = (("link", "href"), ("script", "src"), *MEDIA_REFS)


def _local_file(page: Path, html: Path, ref: str | None) -> Path | None:
    if not ref or ref.startswith(("data:", "#")) or urlsplit(ref).scheme or ref.startswith("//"):
        return None
    target = (page.parent / unquote(urlsplit(ref).path)).resolve()
    return target if target.is_file() and target.is_relative_to(html.resolve()) else None


def _size(paths) -> int:
    return sum(p.stat().st_size for p in paths)


def page_weight(page: Path, html: Path) -> dict:
    """Bytes a reader downloads for this page, beyond the theme assets every page shares."""
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    static = html.resolve() / "_static"
    own, shared, explorer = set(), set(), set()
    for tag, attr in ASSET_REFS:
        for el in doc.find_all(tag, attrs={attr: True}):
            target = _local_file(page, html, el[attr])
            if target is None:
                continue
            if target.is_relative_to(static / "vega") or target.name.startswith("explorers."):
                explorer.add(target)  # only pages with an explorer load these: they count
            elif target.is_relative_to(static):
                shared.add(target)
            elif (tag, attr) in MEDIA_REFS:
                own.add(target)
    animation = sum(len(s.get_text().encode()) for s in doc.find_all("script")
                    if "new Animation(" in s.get_text())
    html_bytes = page.stat().st_size
    return {"html": html_bytes, "images": _size(own), "animation_payload_in_html": animation,
            "explorer_scripts": _size(explorer),
            "total": html_bytes + _size(own) + _size(explorer),
            "shared_static_referenced": _size(shared)}


def site_weight(html: Path) -> dict:
    files = [p for p in html.rglob("*") if p.is_file()]
    by = {"_static": 0, "_images": 0, "_sources": 0, "pages": 0, "other": 0}
    for p in files:
        top = p.relative_to(html).parts[0]
        key = top if top in by else ("pages" if p.suffix == ".html" else "other")
        by[key] += p.stat().st_size
    return {"total": sum(by.values()), "files": len(files), **by}


def test_every_page_weighs_at_most_2_mb(html, capsys):
    """A student on a phone or a slow connection must be able to open any chapter.

    Per page: the HTML (which holds any inline to_jshtml() animation frames and explorer data)
    plus every local image or media file it references, plus the explorers' Vega script (once)
    on pages that have an explorer; shared _static theme assets excluded (reported apart).
    Writes _build/page_weight.json and prints the whole site's size.
    """
    weights = {p.relative_to(html).as_posix(): page_weight(p, html) for p in content_pages(html)}
    site = site_weight(html)
    PAGE_WEIGHT_JSON.parent.mkdir(parents=True, exist_ok=True)
    PAGE_WEIGHT_JSON.write_text(json.dumps(
        {"budget_bytes_per_page": PAGE_BUDGET_BYTES, "pages": weights, "site": site},
        indent=2) + "\n")
    mb = 1e6
    lines = [f"Page weight (budget {PAGE_BUDGET_BYTES / mb:.1f} MB a page; shared _static "
             f"assets apart):"]
    for rel, w in weights.items():
        lines.append(f"  {rel:<40} {w['total'] / mb:6.2f} MB  (html {w['html'] / 1e3:.0f} kB, "
                     f"images {w['images'] / 1e3:.0f} kB, explorer scripts "
                     f"{w['explorer_scripts'] / 1e3:.0f} kB, inline animation "
                     f"{w['animation_payload_in_html'] / 1e3:.0f} kB; shared _static "
                     f"{w['shared_static_referenced'] / 1e3:.0f} kB)")
    lines.append(f"  site: {site['total'] / mb:.2f} MB in {site['files']} files (_static "
                 f"{site['_static'] / mb:.2f} MB, _images {site['_images'] / mb:.2f} MB, "
                 f"pages {site['pages'] / mb:.2f} MB, _sources {site['_sources'] / mb:.2f} MB, "
                 f"other {site['other'] / mb:.2f} MB) -> {PAGE_WEIGHT_JSON.relative_to(ROOT)}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    heavy = [f"{rel}: {w['total'] / mb:.2f} MB" for rel, w in weights.items()
             if w["total"] > PAGE_BUDGET_BYTES]
    assert not heavy, "pages over 2 MB:\n" + "\n".join(heavy)
