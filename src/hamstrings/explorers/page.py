"""Kernel-free explorers: the model computed over a grid at build time, drawn in the browser.

An explorer on the published page has no Python behind it. Its module computes the
model for every combination of the page's control values (:func:`grid`) when the book
is built, and hands the results to a `Vega-Lite <https://vega.github.io/vega-lite/>`_
chart (built with Altair) whose parameters are bound to sliders, menus and check boxes.
Moving a control filters the precomputed rows to the chosen state; Vega draws them. The
book serves Vega, Vega-Lite and vega-embed itself (``_ext/explorers.py`` writes them
from the ``vl-convert-python`` wheel), so an explorer works offline.

A :class:`PageExplorer` is what a page's code cell returns: it displays as the chart's
HTML (a ``<div class="hs-explorer">`` holding the Vega-Lite specification as JSON) and is
turned into a live chart by ``_ext/static/explorers.js``. Each explorer also carries a
*readout*, a line of text computed by the package for the chosen state; the browser
tests check that the page shows the package's value after every move of a control.

Conventions: a control's ``name`` is the keyword of the module's ``compute`` function
and the name of the data column; its parameter in the chart is ``p_<name>``.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import math
from dataclasses import dataclass, field

import altair as alt

from .. import style

__all__ = ["Control", "PageExplorer", "grid", "match", "inline_csv", "signed", "theme_config",
           "READOUT_FIELD"]

#: The data column that holds each state's readout text.
READOUT_FIELD = "readout"

_TOLERANCE = 1e-6  # numeric grid values are compared with this tolerance in the browser


@dataclass(frozen=True)
class Control:
    """One control of a kernel-free explorer.

    Parameters
    ----------
    name : str
        The keyword of the module's ``compute`` function (also the data column).
    label : str
        What the reader sees beside the control: a display name with its unit.
    values : tuple
        The values precomputed for the page, in order. Numbers must be evenly spaced
        (they become a slider); strings become a menu (or radio buttons, see ``kind``);
        ``(False, True)`` becomes a check box.
    labels : tuple of str, optional
        Display labels for the menu options (same length as ``values``).
    kind : {"auto", "radio"}
        ``"radio"`` shows string options as radio buttons instead of a menu.
    """

    name: str
    label: str
    values: tuple
    labels: tuple | None = None
    kind: str = "auto"

    def __post_init__(self):
        if not self.name.isidentifier():
            raise ValueError(f"name must be a Python identifier (got {self.name!r})")
        if len(self.values) < 2:
            raise ValueError(f"values of control {self.name!r} must hold at least two values")
        if self.labels is not None and len(self.labels) != len(self.values):
            raise ValueError(f"labels of control {self.name!r} must match its values in length")
        if self.kind not in ("auto", "radio"):
            raise ValueError(f"kind must be 'auto' or 'radio' (got {self.kind!r})")
        if self.is_numeric:
            steps = [b - a for a, b in zip(self.values, self.values[1:])]
            if min(steps) <= 0 or max(steps) - min(steps) > 1e-9 * max(1.0, abs(max(steps))):
                raise ValueError(f"values of control {self.name!r} must rise in equal steps")

    @property
    def is_bool(self) -> bool:
        return all(isinstance(v, bool) for v in self.values)

    @property
    def is_numeric(self) -> bool:
        return not self.is_bool and all(isinstance(v, (int, float)) for v in self.values)

    @property
    def param_name(self) -> str:
        return f"p_{self.name}"

    def display(self, value) -> str:
        """The label the reader sees for ``value``."""
        if self.labels is not None and value in self.values:
            return self.labels[self.values.index(value)]
        return str(value)

    def param(self, value) -> alt.Parameter:
        """The Vega-Lite parameter of this control, bound to an input, set to ``value``."""
        if value not in self.values and not (self.is_numeric and _near_any(value, self.values)):
            raise ValueError(f"{self.name} must be one of {list(self.values)} on the page "
                             f"(got {value!r})")
        label = f"{self.label} "
        if self.is_bool:
            binding = alt.binding_checkbox(name=label)
        elif self.is_numeric:
            step = self.values[1] - self.values[0]
            binding = alt.binding_range(min=self.values[0], max=self.values[-1], step=step,
                                        name=label)
        else:
            options = list(self.values)
            labels = list(self.labels) if self.labels is not None else options
            factory = alt.binding_radio if self.kind == "radio" else alt.binding_select
            binding = factory(options=options, labels=labels, name=label)
        return alt.param(name=self.param_name, value=value, bind=binding)

    def test(self) -> str:
        """A Vega expression: does ``datum``'s value of this control equal the chosen one?"""
        if self.is_numeric:
            return f"abs(datum['{self.name}'] - {self.param_name}) < {_TOLERANCE}"
        return f"datum['{self.name}'] === {self.param_name}"


def _near_any(value, values) -> bool:
    try:
        return any(abs(float(value) - v) < _TOLERANCE for v in values)
    except (TypeError, ValueError):
        return False


def grid(controls) -> list[dict]:
    """Every combination of the controls' values, as keyword dictionaries (first varies slowest)."""
    names = [c.name for c in controls]
    return [dict(zip(names, combo)) for combo in itertools.product(*(c.values for c in controls))]


def match(controls, *, exclude=()) -> str:
    """A Vega filter expression that keeps the rows of the chosen state.

    ``exclude`` names controls the rows do not depend on (their column may be absent).
    """
    tests = [c.test() for c in controls if c.name not in exclude]
    return " && ".join(tests) if tests else "true"


def inline_csv(rows, columns, digits: dict | None = None) -> alt.InlineData:
    """Rows (dicts) as compact inline CSV data, numbers rounded to ``digits[column]`` places.

    CSV keeps the page small: a column name is written once, not once per row.
    Booleans are written ``true``/``false`` and parsed back to booleans; numbers are
    parsed as numbers and strings stay strings.
    """
    digits = digits or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    parse = {}
    for row in rows:
        out = []
        for c in columns:
            v = row[c]
            if isinstance(v, bool):
                parse[c] = "boolean"
                out.append("true" if v else "false")
            elif isinstance(v, (int, float)):
                if not math.isfinite(v):
                    raise ValueError(f"column {c!r} holds a non-finite value ({v!r})")
                parse[c] = "number"
                d = digits.get(c)
                out.append(_number(v, d))
            else:
                parse.setdefault(c, "string")
                out.append(str(v))
        writer.writerow(out)
    return alt.InlineData(values=buffer.getvalue(),
                          format=alt.CsvDataFormat(type="csv", parse=parse))


def _number(v, digits) -> str:
    if digits is None:
        text = repr(float(v)) if isinstance(v, float) else str(v)
    else:
        text = f"{v:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def signed(value: float, digits: int = 1) -> str:
    """A signed change as the pages write it: ``+3.1``, ``-0.4``, ``+0.0`` (never ``-0.0``).

    >>> signed(-0.04), signed(-0.05001), signed(3.14159, 2)
    ('+0.0', '-0.1', '+3.14')
    """
    return f"{round(value, digits) or 0.0:+.{digits}f}"


def theme_config(mode: str = "light") -> dict:
    """Vega-Lite ``config`` for the book's light or dark mode (text, axes, grid, background)."""
    if mode not in ("light", "dark"):
        raise ValueError(f"mode must be 'light' or 'dark' (got {mode!r})")
    ink = style.NEUTRAL["joint"] if mode == "light" else "#E6E6E6"
    soft = style.NEUTRAL["annotation"] if mode == "light" else "#B8B8B8"
    grid_colour = "#E5E5E5" if mode == "light" else "#444444"
    return {
        "background": None,
        "font": "sans-serif",
        "view": {"stroke": None},
        "axis": {"labelColor": ink, "titleColor": ink, "domainColor": soft, "tickColor": soft,
                 "gridColor": grid_colour, "labelFontSize": 11, "titleFontSize": 12,
                 "titleFontWeight": "normal"},
        "legend": {"labelColor": ink, "titleColor": ink, "labelFontSize": 11,
                   "titleFontSize": 12, "titleFontWeight": "normal"},
        "title": {"color": ink, "subtitleColor": soft, "fontSize": 13, "fontWeight": "normal",
                  "anchor": "start"},
        "text": {"color": ink},
        "header": {"labelColor": ink, "titleColor": ink},
        "style": {"guide-label": {"fill": ink}, "guide-title": {"fill": ink}},
    }


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``, nested dictionaries merged key by key (so that Altair's
    own ``config.view`` sizes do not drop the theme's ``view.stroke``)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = (_merged(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


@dataclass
class PageExplorer:
    """A kernel-free explorer, ready to display on a book page.

    Parameters
    ----------
    key : str
        Which explorer this is (the module's name, e.g. ``"posture"``).
    chart : altair chart
        The Vega-Lite chart with every control's parameter (see :meth:`Control.param`).
    controls : tuple of Control
    alt : str
        A text alternative: what the chart shows (read by screen readers).
    state : dict
        The controls' initial values.
    """

    key: str
    chart: object
    controls: tuple
    alt: str
    state: dict = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.alt, str) or len(self.alt.split()) < 8:
            raise ValueError("alt must describe what the chart shows (at least eight words)")

    def spec(self) -> dict:
        """The Vega-Lite specification (a dict), with the book's light theme."""
        spec = self.chart.to_dict()
        spec["config"] = _merged(theme_config("light"), spec.get("config", {}))
        spec.setdefault("description", self.alt)
        return spec

    def to_html(self) -> str:
        """The explorer's HTML for the book page (drawn by ``_ext/static/explorers.js``)."""
        spec = json.dumps(self.spec(), separators=(",", ":"), allow_nan=False)
        spec = spec.replace("</", "<\\/")  # never close the script element early
        controls = json.dumps([c.param_name for c in self.controls])
        dark = json.dumps(theme_config("dark"), separators=(",", ":"))
        return (
            f'<div class="hs-explorer" data-explorer="{html.escape(self.key)}" '
            f"data-params='{html.escape(controls)}' role="
            f'"figure" aria-label="{html.escape(self.alt)}">'
            f'<p class="hs-explorer-fallback">This explorer is drawn by the published book\'s '
            f"web page, with JavaScript. In a running notebook, use the live explorer further "
            f"down instead; with JavaScript off or on paper, the figure below it shows chosen "
            f"settings.</p>"
            f'<script type="application/json" class="hs-explorer-spec">{spec}</script>'
            f'<script type="application/json" class="hs-explorer-dark">{dark}</script>'
            f"</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()
