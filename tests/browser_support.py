"""Machinery for tests/test_browser.py: a local web server, Debian's Chromium, page probes.

Nothing here decides what passes: the allow-lists and the assertions live in test_browser.py.
This module only serves the built HTML, drives the browser and records what it saw.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Debian's Chromium (apt-get install chromium; the Makefile's dev stamp installs it). Never
# `playwright install`: it downloads a browser build, which the closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",                      # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google services, which the closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No host name resolves, so nothing leaves the machine, whatever a page or Chromium tries:
    # requests to other origins fail at once (net::ERR_NAME_NOT_RESOLVED), with no DNS query.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
WIDTH, HEIGHT = 1280, 800


def chromium_available() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL; '' for data:, blob:, about: and relative URLs."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------------------------
# The local web server
# --------------------------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no access log in the test output
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port (chosen by the OS) in a thread.

    Yields the base URL, ending in '/'. Only the loopback address is used.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# What a visit records
# --------------------------------------------------------------------------------------------

@dataclass
class JsProblem:
    kind: str      # "pageerror", "console" or "requestfailed"
    text: str
    source: str    # the URL the problem is attributed to ('' when unknown)

    def __str__(self):
        return f"[{self.kind}] {self.text[:300]} (from {self.source or 'unknown source'})"


def is_external(url: str, base_url: str) -> bool:
    """True for a URL on another origin than the local server (data: and blob: are local)."""
    return bool(origin(url)) and not url.startswith(base_url)


@dataclass
class Visit:
    """Everything recorded while one page was open in one colour mode."""
    rel: str                       # path of the page inside the html folder
    mode: str                      # "light" or "dark"
    base_url: str = ""             # the local server, ending in '/'
    problems: list[JsProblem] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    widgets: dict = field(default_factory=dict)
    animations: list[dict] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    theme: str = ""
    # Problems are recorded while this is true. The tests turn it off before running axe-core,
    # whose own requests (it re-fetches stylesheets, resolving @import against the page URL)
    # are the test tool's, not the book's.
    recording: bool = True


_FRAME_URL = re.compile(r"((?:https?|file)://[^\s)]+?)(?::\d+){0,2}(?:\)|\s|$)")


def error_source(stack: str, page_url: str) -> str:
    """The script an uncaught error was thrown from: the URL of the stack's first frame.

    Only the "    at ..." lines are read (the first line repeats the message, which may
    itself name some other URL). No frame (an inline script's syntax error): the page.
    """
    for line in (stack or "").splitlines():
        if line.strip().startswith("at ") and (match := _FRAME_URL.search(line)):
            return match.group(1)
    return page_url


# --------------------------------------------------------------------------------------------
# Probes: small scripts run inside the page
# --------------------------------------------------------------------------------------------

# A widget area is where an ipywidget is drawn: the element a widget manager renders
# (.jupyter-widgets and friends; an Output widget or interact() draws its plots inside it).
# A widget host is any element that holds a widget: a rendered widget, or the cell output
# that holds a widget view (a widget manager inserts the rendered widget next to that script).
_WIDGET_AREA_JS = """
const WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
const RENDERED_WIDGET = '.jupyter-widgets, .widget-area, .widget-subarea, .jupyter-widgets-view';
function widgetArea(el) { return el.closest(RENDERED_WIDGET); }
function widgetHosts() {
  const hosts = new Set(document.querySelectorAll(RENDERED_WIDGET));
  for (const view of document.querySelectorAll(WIDGET_VIEW))
    hosts.add(view.closest('.cell_output, .output, .jp-OutputArea-output') || view.parentElement);
  return [...hosts];
}
"""

# Every <img>: lazy images are made eager first, then we wait (at most 5 s) for each to settle.
IMAGES_JS = """async () => {
""" + _WIDGET_AREA_JS + """
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener('load', done, {once: true});
    img.addEventListener('error', done, {once: true});
    setTimeout(done, 5000);
  })));
  return imgs.map(img => ({
    src: img.getAttribute('src') || '',
    url: img.currentSrc || img.src || '',
    alt: img.getAttribute('alt'),
    complete: img.complete,
    naturalWidth: img.naturalWidth,
    inArticle: !!img.closest('article, [role=main], main'),
    inWidget: !!widgetArea(img),
    inAnimation: !!img.closest('div.animation'),
  }));
}"""

# Widgets: views, saved state, renderer scripts, controls actually drawn, and the static note.
WIDGETS_JS = """(staticNoteClass) => {
""" + _WIDGET_AREA_JS + """
  const CONTROL = 'input, button, select, textarea, [role=slider], [role=button], ' +
                  '[role=checkbox], [role=spinbutton], [contenteditable=true]';
  const controls = [];
  for (const host of widgetHosts())
    for (const c of host.querySelectorAll(CONTROL)) {
      if (c.closest('div.animation')) continue;   // animations really play: not a widget
      const box = c.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(c).visibility !== 'hidden')
        controls.push(c.outerHTML.slice(0, 120));
    }
  const renderers = [...document.querySelectorAll('script[src]')]
    .map(s => s.getAttribute('src'))
    .filter(src => /@jupyter-widgets|html-manager|embed-amd|ipywidgets/.test(src));
  return {
    views: document.querySelectorAll(WIDGET_VIEW).length,
    rendered: document.querySelectorAll(RENDERED_WIDGET).length,
    state: document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-state+json"]').length,
    renderers: renderers,
    liveLookingControls: controls,
    staticNote: !!document.querySelector('.' + staticNoteClass),
  };
}"""

# matplotlib's to_jshtml(): <div class="animation"> with an <img>, a range slider and buttons.
ANIMATIONS_JS = """() => [...document.querySelectorAll('div.animation')].map((div, i) => {
  const img = div.querySelector('img');
  const slider = div.querySelector('input[type=range]');
  const play = div.querySelector('button[title="Play"], button[aria-label="Play"], ' +
                                 'button[onclick*="play_animation"]');
  div.setAttribute('data-test-animation', String(i));
  return {index: i, hasImg: !!img, hasSlider: !!slider, hasPlay: !!play,
          frames: slider ? Number(slider.max) + 1 : 0};
})"""

ANIMATION_STATE_JS = """(i) => {
  const div = document.querySelector(`div.animation[data-test-animation="${i}"]`);
  const img = div.querySelector('img');
  const slider = div.querySelector('input[type=range]');
  return {frame: slider ? slider.value : null, src: img ? (img.getAttribute('src') || '') : ''};
}"""


def check_animation(page, index: int, timeout_ms: int = 10_000) -> dict:
    """Click an animation's Play button and report whether the frame moved on."""
    div = page.locator(f'div.animation[data-test-animation="{index}"]')
    play = div.locator('button[title="Play"], button[aria-label="Play"], '
                       'button[onclick*="play_animation"]').first
    before = page.evaluate(ANIMATION_STATE_JS, index)
    play.scroll_into_view_if_needed()
    play.click()
    try:
        page.wait_for_function(
            """([i, before]) => {
                 const div = document.querySelector(`div.animation[data-test-animation="${i}"]`);
                 const img = div.querySelector('img');
                 const slider = div.querySelector('input[type=range]');
                 const src = img ? (img.getAttribute('src') || '') : '';
                 return (slider && slider.value !== before.frame) || src !== before.src;
               }""",
            arg=[index, before], timeout=timeout_ms)
        advanced = True
    except Exception:  # playwright's TimeoutError: the frame never changed
        advanced = False
    after = page.evaluate(ANIMATION_STATE_JS, index)
    pause = div.locator('button[title="Pause"], button[aria-label="Pause"]')
    if pause.count():
        pause.first.click()
    return {"advanced": advanced, "before": before["frame"], "after": after["frame"]}


def run_axe(page, axe, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the open page (all rules, or only ``rules``), one per node."""
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = axe.run(page, options=options)
    out = []
    for v in results.response["violations"]:
        for node in v["nodes"]:
            out.append({
                "rule": v["id"],
                "impact": node.get("impact") or v.get("impact"),
                "help": v["help"],
                "target": " ".join(str(t) for t in node["target"]),
                "html": node.get("html", "")[:200],
            })
    return out


# --------------------------------------------------------------------------------------------
# Visiting pages
# --------------------------------------------------------------------------------------------

def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


DARK_MODE_INIT = """
try { localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark'); } catch (e) {}
"""


class Visitor:
    """Opens pages of the served book in one browser context (one colour mode).

    No request leaves the machine: Chromium resolves no host name but 127.0.0.1
    (--host-resolver-rules), so a request to any other origin fails at once with
    net::ERR_NAME_NOT_RESOLVED and is recorded as a "requestfailed" problem. (Aborting such
    requests with a Playwright route would do the same but turns off the HTTP cache, which
    makes every page load slower.)
    """

    def __init__(self, browser, base_url: str, mode: str = "light"):
        self.base_url = base_url
        self.mode = mode
        self.context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            color_scheme="dark" if mode == "dark" else "light",
            service_workers="block",
        )
        if mode == "dark":
            # What pydata-sphinx-theme's toggle stores when a reader picks dark.
            self.context.add_init_script(DARK_MODE_INIT)
        self.context.set_default_timeout(15_000)

    def close(self):
        self.context.close()

    @contextmanager
    def open(self, rel: str, settle: str = "networkidle"):
        """Open page ``rel``; yield (page, Visit) with JS problems recorded as they happen.

        ``settle``: the load state to wait for after the load event ("networkidle": no
        request for 500 ms, so late scripts have run; "load" to skip that wait).
        """
        visit = Visit(rel=rel, mode=self.mode, base_url=self.base_url)
        page = self.context.new_page()
        url = self.base_url + rel

        def on_console(msg):
            if msg.type == "error" and visit.recording:
                src = (msg.location or {}).get("url") or url
                visit.problems.append(JsProblem("console", msg.text, src))

        def on_pageerror(err):
            if not visit.recording:
                return
            stack = getattr(err, "stack", "") or ""
            visit.problems.append(JsProblem(
                "pageerror", f"{getattr(err, 'name', 'Error')}: {err.message}",
                error_source(stack, url)))

        def on_requestfailed(request):
            if not visit.recording:
                return
            visit.problems.append(JsProblem(
                "requestfailed", f"{request.url} ({request.failure})", request.url))

        page.on("console", on_console)
        page.on("pageerror", on_pageerror)
        page.on("requestfailed", on_requestfailed)
        try:
            page.goto(url, wait_until="load")
            page.wait_for_load_state(settle)
            visit.theme = page.evaluate("document.documentElement.dataset.theme || ''")
            yield page, visit
        finally:
            page.close()


# --------------------------------------------------------------------------------------------
# Kernel-free explorers (hamstrings.explorers.page): move a control, time the chart's update
# --------------------------------------------------------------------------------------------

EXPLORERS_READY_JS = """
() => [...document.querySelectorAll('div.hs-explorer')].every(
  el => el.classList.contains('hs-explorer-ready') || el.classList.contains('hs-explorer-failed'))
"""

# Sets one control of explorer number `index` to `value` as a reader's input would (the event
# Vega listens to), and resolves with the milliseconds until the chart's SVG changed (null if
# it did not change within 3 s). Radio buttons: the input whose value is `value` is clicked.
EXPLORER_MOVE_JS = """
async ([index, name, value]) => {
  const el = document.querySelectorAll('div.hs-explorer')[index];
  const svg = el.querySelector('svg');
  const inputs = [...el.querySelectorAll('[name="' + name + '"]')];
  if (!inputs.length) { throw new Error('no control named ' + name); }
  return await new Promise(resolve => {
    let t0 = 0;
    const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 3000);
    const observer = new MutationObserver(() => {
      observer.disconnect(); clearTimeout(timer); resolve(performance.now() - t0);
    });
    observer.observe(svg, {subtree: true, childList: true, characterData: true, attributes: true});
    t0 = performance.now();
    const input = inputs[0];
    if (input.type === 'checkbox') {
      if (input.checked !== value) { input.click(); }
    } else if (input.type === 'radio') {
      inputs.find(i => i.value === String(value)).click();
    } else {
      input.value = String(value);
      input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
    }
  });
}
"""

# The explorer's state (each control's Vega signal) and every text its chart shows.
EXPLORER_STATE_JS = """
([index, params]) => {
  const el = document.querySelectorAll('div.hs-explorer')[index];
  const state = {};
  params.forEach(p => { state[p] = el.hsView.signal(p); });
  const texts = [...el.querySelectorAll('svg text')].map(t => t.textContent);
  return {state, texts};
}
"""


def explorer_moves(control) -> list:
    """The values a test sets a control to: the ends and a middle value (numbers), every
    option up to five (menus), both states (check boxes)."""
    values = list(control.values)
    if control.is_bool:
        return [not values[0], values[0]]
    if control.is_numeric:
        return [values[-1], values[0], values[len(values) // 2]]
    return (values[1:] + values[:1])[:5]


def move_explorer_control(page, index: int, control, value) -> float | None:
    """Set ``control`` of explorer ``index`` to ``value``; milliseconds until the chart changed."""
    return page.evaluate(EXPLORER_MOVE_JS, [index, control.param_name, value])


def explorer_state(page, index: int, controls) -> tuple[dict, list[str]]:
    """The explorer's controls as keyword arguments of its module, and its chart's texts."""
    found = page.evaluate(EXPLORER_STATE_JS, [index, [c.param_name for c in controls]])
    state = {c.name: found["state"][c.param_name] for c in controls}
    for c in controls:  # JavaScript numbers come back as floats; the grid may hold ints
        if c.is_numeric and all(isinstance(v, int) for v in c.values):
            state[c.name] = int(round(state[c.name]))
    return state, found["texts"]
