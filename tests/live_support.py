"""Machinery for the live browser tests (tests/test_live.py) and benchmark (bench/bench_live.py).

Starts JupyterLab or Notebook 7 from this environment on 127.0.0.1 (a free port, a token, no
browser, a throw-away home and configuration), opens a copy of a lab in Debian's Chromium,
runs all its cells and moves every control of the explorer it shows, by keyboard and by mouse,
timing each move from the input event to the explorer's next image. Nothing here decides what
passes: the tests and the benchmark read the :class:`Move` records.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LABS = sorted((ROOT / "notebooks").glob("*.ipynb"))

#: The two front ends: the command that starts each and the URL that opens a notebook in it.
FRONT_ENDS = {
    "JupyterLab": ("lab", "lab/tree/{name}?reset"),  # reset: no tab of an earlier lab comes back
    "Notebook 7": ("notebook", "notebooks/{name}"),
}

#: JupyterLab settings for the throw-away user: no news or update check (a toast would cover
#: the page and its request would leave the machine).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    kind: str            # "JupyterLab" or "Notebook 7"
    url: str             # http://127.0.0.1:PORT/
    token: str
    root: Path           # the folder it serves (copies of the labs)
    log: Path

    def notebook_url(self, name: str) -> str:
        path = FRONT_ENDS[self.kind][1].format(name=name)
        return self.url + path + ("&" if "?" in path else "?") + f"token={self.token}"

    def shut_down_kernels(self) -> None:
        """End every session (and its kernel): a finished lab leaves nothing running."""
        headers = {"Authorization": f"token {self.token}"}
        request = urllib.request.Request(f"{self.url}api/sessions", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as r:
            sessions = json.loads(r.read())
        for session in sessions:
            urllib.request.urlopen(urllib.request.Request(
                f"{self.url}api/sessions/{session['id']}", headers=headers, method="DELETE"),
                timeout=10).close()


@contextmanager
def jupyter_server(kind: str, workdir: Path, timeout_s: float = 60.0):
    """Start JupyterLab or Notebook 7 on copies of the labs in ``workdir``; yield a Server.

    The labs are copied into ``workdir/labs`` (outputs are never written into the repository);
    ``workdir/home`` is the server's home, configuration and runtime folder.
    """
    command, _ = FRONT_ENDS[kind]
    root = workdir / "labs"
    root.mkdir(parents=True, exist_ok=True)
    for lab in LABS:
        shutil.copy(lab, root / lab.name)
    home = workdir / "home"
    config = home / ".jupyter"
    for rel, settings in USER_SETTINGS.items():
        path = config / "lab" / "user-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(config),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / ".ipython"),
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    port, token = free_port(), secrets.token_hex(16)
    args = [str(BIN / "jupyter"), command, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--expose-app-in-browser"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    log = workdir / f"{command}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{kind} exited at start:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{kind} did not answer in {timeout_s} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Server(kind, url, token, root, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------------------------
# In the page
# --------------------------------------------------------------------------------------------

# Records, with the page's own clock (performance.now()), every input event and every change
# of an explorer image. An explorer is the ipywidgets box that holds an Image widget.
RECORDER_JS = """() => {
  if (window.__live) return;
  const live = window.__live = {inputs: [], images: []};
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'pointerup', 'click', 'change'])
    document.addEventListener(type, e => {
      if (type === 'pointermove' && !e.buttons) return;
      live.inputs.push({type, t: e.timeStamp, key: e.key || ''});
    }, true);
  new MutationObserver(records => {
    const t = performance.now();
    for (const r of records)
      if (r.target.tagName === 'IMG' && r.target.classList.contains('widget-image'))
        live.images.push({t, id: r.target.dataset.liveId || ''});
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['src']});
}"""

# The explorers on the page: each widget box that holds an image, with its controls.
EXPLORERS_JS = """() => {
  const out = [];
  const images = [...document.querySelectorAll('img.widget-image')]
    .filter(img => img.checkVisibility ? img.checkVisibility() : img.offsetParent !== null);
  images.forEach((img, i) => {
    img.dataset.liveId = String(i);
    const box = img.closest('.widget-vbox, .widget-box') || img.parentElement;
    box.dataset.liveExplorer = String(i);
    const controls = [];
    box.querySelectorAll('.widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-checkbox')
      .forEach((el, j) => {
        el.dataset.liveControl = `${i}-${j}`;
        const kind = el.classList.contains('widget-slider') ? 'slider'
          : el.classList.contains('widget-dropdown') ? 'dropdown'
          : el.classList.contains('widget-toggle-buttons') ? 'toggle' : 'checkbox';
        const labelEl = el.querySelector('.widget-label');
        const label = (kind === 'checkbox' ? el.textContent
                       : (labelEl || {}).textContent || '').replace(/\u200b/g, '');
        const truncated = !!labelEl && labelEl.textContent.trim() !== '' &&
                          labelEl.scrollWidth > labelEl.clientWidth + 1;
        const handle = el.querySelector('.noUi-handle');
        const select = el.querySelector('select');
        controls.push({
          id: `${i}-${j}`, kind, label: label.trim(), truncated,
          continuous: !!handle,
          min: handle ? Number(handle.getAttribute('aria-valuemin')) : null,
          max: handle ? Number(handle.getAttribute('aria-valuemax')) : null,
          options: select ? [...select.options].map(o => o.textContent) :
                   [...el.querySelectorAll('button')].map(b => b.textContent.trim()),
        });
      });
    out.push({id: String(i), controls});
  });
  return out;
}"""

STATE_JS = """(id) => {
  const el = document.querySelector(`[data-live-control="${id}"]`);
  const handle = el.querySelector('.noUi-handle');
  const readout = el.querySelector('.widget-readout');
  if (handle && readout && readout.textContent.trim()) return readout.textContent.trim();
  if (handle) return handle.getAttribute('aria-valuenow');
  const select = el.querySelector('select');
  if (select) return select.value;
  const pressed = el.querySelector('button.mod-active');
  if (pressed) return pressed.textContent.trim();
  const box = el.querySelector('input[type=checkbox]');
  return box ? String(box.checked) : '';
}"""


@dataclass
class Move:
    """One move of one control and what the explorer did."""
    front_end: str
    lab: str
    control: str          # the control's label
    kind: str             # slider, dropdown, toggle, checkbox
    how: str              # "keyboard" or "mouse"
    value_before: str
    value_after: str
    changed: bool         # the explorer's image changed after the input
    latency_ms: float | None   # input event -> first new image (None: no new image)
    focus_after: str = ""       # what had the keyboard focus after a key press


@dataclass
class LabRun:
    front_end: str
    lab: str
    explorers: int = 0
    controls: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)


def _wait_for_image(page, since_index: int, id_: str, timeout_ms: float) -> float | None:
    """Time (page clock) of the first change of explorer image ``id_`` recorded after
    ``since_index``, or None when none comes within ``timeout_ms``."""
    try:
        handle = page.wait_for_function(
            """([i, id]) => {
                 const hit = window.__live.images.slice(i).find(r => r.id === id);
                 return hit ? hit.t : false;
               }""", arg=[since_index, id_], timeout=timeout_ms, polling=5)
        return float(handle.json_value())
    except Exception:  # playwright's TimeoutError: no new image
        return None


def _settle(page, quiet_ms: int = 250, limit_ms: int = 5000) -> None:
    """Wait until no explorer image has changed for ``quiet_ms`` (queued updates drained)."""
    page.wait_for_function(
        """(quiet) => {
             const imgs = window.__live.images;
             const last = imgs.length ? imgs[imgs.length - 1].t : 0;
             return performance.now() - last > quiet;
           }""", arg=quiet_ms, timeout=limit_ms, polling=50)


def _first_input_since(page, since_index: int, types: tuple[str, ...]) -> float | None:
    return page.evaluate(
        """([i, types]) => {
             const hit = window.__live.inputs.slice(i).find(r => types.includes(r.type));
             return hit ? hit.t : null;
           }""", [since_index, list(types)])


def _press(page, target, how: str, key: str, n_inputs: int) -> tuple:
    """Press a button or a checkbox as a reader would: focus it and press ``key`` (keyboard), or
    click it. Returns the count of inputs seen before the press, and the events to wait for."""
    if how == "keyboard":
        target.focus()
        n_inputs = page.evaluate("window.__live.inputs.length")
        page.keyboard.press(key)
        return n_inputs, ("keydown",)
    target.click()
    return n_inputs, ("pointerdown", "click")


def _move(page, run: LabRun, explorer: str, control: dict, how: str, step: int,
          timeout_ms: float) -> Move:
    """Move ``control`` once (keyboard or mouse) and time the explorer's answer."""
    sel = f'[data-live-control="{control["id"]}"]'
    el = page.locator(sel)
    el.scroll_into_view_if_needed()
    before = page.evaluate(STATE_JS, control["id"])
    n_inputs, n_images = page.evaluate("[window.__live.inputs.length, window.__live.images.length]")
    focus_after = ""
    kind = control["kind"]
    if kind == "slider":
        handle = el.locator(".noUi-handle")
        value = float(str(before).replace("\u2212", "-"))  # the readout writes a true minus
        lo, hi = control["min"], control["max"]
        if how == "keyboard":
            handle.focus()
            n_inputs = page.evaluate("window.__live.inputs.length")
            key = "ArrowRight" if (step % 2 == 0 and value < hi) or value <= lo else "ArrowLeft"
            page.keyboard.press(key)
            events = ("keydown",)
        else:
            track = el.locator(".noUi-base, .noUi-target").first.bounding_box()
            box = handle.bounding_box()
            # alternate between points at 30 % and 70 % of the track (and 10 %, 90 % later)
            fractions = (0.3, 0.7, 0.1, 0.9, 0.5)
            f = fractions[step % len(fractions)]
            x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            x1 = track["x"] + f * track["width"]
            if abs(x1 - x0) < 3:
                x1 = track["x"] + (1 - f) * track["width"]
            page.mouse.move(x0, y0)
            page.mouse.down()
            page.mouse.move(x1, y0)
            page.mouse.up()
            events = ("pointermove",)
    elif kind == "dropdown":
        select = el.locator("select")
        options = control["options"]
        if how == "keyboard":
            select.focus()
            n_inputs = page.evaluate("window.__live.inputs.length")
            index = page.evaluate("(s) => s.selectedIndex", select.element_handle())
            page.keyboard.press("ArrowDown" if index < len(options) - 1 else "ArrowUp")
            events = ("keydown",)
        else:
            index = page.evaluate("(s) => s.selectedIndex", select.element_handle())
            target = (index + 1 + step) % len(options)
            if target == index:
                target = (index + 1) % len(options)
            select.select_option(index=target)
            events = ("change",)
    elif kind == "toggle":
        buttons = el.locator("button")
        current = [b.strip() for b in buttons.all_text_contents()].index(before) \
            if before in [b.strip() for b in buttons.all_text_contents()] else 0
        n_inputs, events = _press(page, buttons.nth((current + 1) % buttons.count()), how, "Enter", n_inputs)
    else:  # checkbox
        n_inputs, events = _press(page, el.locator("input[type=checkbox]"), how, "Space", n_inputs)
    if how == "keyboard":
        focus_after = page.evaluate(
            "() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + "
            "(a.className ? '.' + String(a.className).split(' ').join('.') : '') : ''; }")
    t_input = _first_input_since(page, n_inputs, events)
    t_image = _wait_for_image(page, n_images, explorer, timeout_ms)
    after = page.evaluate(STATE_JS, control["id"])
    try:
        _settle(page)
    except Exception:
        pass
    latency = None if (t_image is None or t_input is None) else max(t_image - t_input, 0.0)
    return Move(run.front_end, run.lab, control["label"], kind, how, str(before), str(after),
                t_image is not None, latency, focus_after)


RUN_ALL_JS = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('notebook:run-all-cells');
}"""

KERNEL_IDLE_JS = """() => {
  const app = window.jupyterapp;
  const widget = app.shell.currentWidget;
  const kernel = widget && widget.sessionContext && widget.sessionContext.session
    && widget.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""


def drive_lab(browser, server: Server, lab: str, moves_per_control: int,
              timeout_ms: float = 10_000, viewport=(1280, 900)) -> LabRun:
    """Open ``lab`` in the server's front end, run all cells, move every explorer control
    ``moves_per_control`` times by keyboard and as many by mouse; return what happened."""
    run = LabRun(server.kind, lab)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.on("pageerror", lambda err: run.errors.append(f"pageerror: {err}"))
    try:
        page.goto(server.notebook_url(lab), wait_until="load")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000, polling=200)
        page.evaluate(RECORDER_JS)
        page.evaluate(RUN_ALL_JS)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=180_000, polling=200)
        page.wait_for_selector("img.widget-image", state="attached", timeout=60_000)
        page.wait_for_timeout(500)
        errors = page.evaluate(
            "() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="
            "\"application/vnd.jupyter.error\"], .jp-RenderedText[data-mime-type="
            "\"application/vnd.jupyter.stderr\"]')].map(e => e.textContent.slice(0, 500))")
        run.errors.extend(f"cell output: {e}" for e in errors)
        explorers = page.evaluate(EXPLORERS_JS)
        run.explorers = len(explorers)
        run.controls = [c for e in explorers for c in e["controls"]]
        for explorer in explorers:
            for control in explorer["controls"]:
                for how in ("keyboard", "mouse"):
                    for step in range(moves_per_control):
                        run.moves.append(_move(page, run, explorer["id"], control, how, step,
                                               timeout_ms))
    finally:
        context.close()
        server.shut_down_kernels()
    return run


def drive_all(browser, kind: str, workdir: Path, moves_per_control: int) -> list[LabRun]:
    """Start ``kind`` on copies of every lab and drive each lab in turn."""
    with jupyter_server(kind, workdir) as server:
        return [drive_lab(browser, server, lab.name, moves_per_control) for lab in LABS]


def latency_table(runs: list[LabRun]) -> dict:
    """{(front end, lab, control): [latencies in ms]} for moves that brought a new image."""
    table: dict = {}
    for run in runs:
        for move in run.moves:
            key = (move.front_end, move.lab, move.control)
            table.setdefault(key, [])
            if move.latency_ms is not None:
                table[key].append(move.latency_ms)
    return table
