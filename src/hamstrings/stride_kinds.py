"""The registry of stride kinds: how strides and activity windows of any kind are found.

A *stride kind* is a way of moving through one stride: ``"forward"`` and
``"backward"`` walking (registered by :mod:`hamstrings.gait`) or sprinting
(registered by :mod:`hamstrings.running`). Each kind is one
:class:`StrideKind`: a maker of strides, the names of its parameters and,
optionally, the muscles' typical activity windows for it.
:func:`hamstrings.gait.stride` makes strides through this registry and
:func:`hamstrings.activity.activity` finds activity windows through it, so a
new kind plugs into both without touching either module.

A module that builds a kind registers it when it is imported
(:func:`register_stride_kind`). The kinds the package's own modules build are
listed in :data:`PLUGINS`: :func:`stride_kind` imports their module the first
time one is asked for, since those modules import the ones that look kinds up
(and so cannot be imported by them at the top).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["StrideKind", "STRIDE_KINDS", "PLUGINS", "register_stride_kind", "stride_kind"]


class StrideKind(NamedTuple):
    """A kind of stride :func:`hamstrings.gait.stride` can make.

    ``make(n=..., **params)`` returns a :class:`hamstrings.gait.Stride` with
    ``n`` samples; ``parameters`` names the keywords it accepts;
    ``description`` says what it is. ``activity(stance_fraction, **options)``,
    if given, returns the typical activity windows of the muscles for this
    kind: muscle -> list of ``(start, end)`` in % of the stride (``start >
    end`` wraps through 0 %), the shape :func:`hamstrings.activity.activity`
    returns.
    """

    name: str
    make: Callable
    parameters: tuple
    description: str
    activity: Callable | None = None


_KINDS: dict = {}

STRIDE_KINDS = MappingProxyType(_KINDS)
"""Name -> :class:`StrideKind`: every kind registered so far, in registration order."""

PLUGINS = MappingProxyType({"forward": "hamstrings.gait", "backward": "hamstrings.gait",
                            "sprint": "hamstrings.running"})
"""The kinds the package's own modules build: kind -> module, imported on first use."""


def register_stride_kind(name: str, make: Callable, parameters=(), description: str = "",
                         activity: Callable | None = None) -> StrideKind:
    """Register the stride kind ``name`` (see :class:`StrideKind` for the arguments).

    ValueError for a name that is taken or not a word, or a ``make`` or
    ``activity`` that is not callable.

    >>> register_stride_kind("two words", print)
    Traceback (most recent call last):
    ...
    ValueError: name must be a word such as 'sprint' (got 'two words')
    """
    if not (isinstance(name, str) and name.isidentifier()):
        raise ValueError(f"name must be a word such as 'sprint' (got {name!r})")
    if name in _KINDS:
        raise ValueError(f"name {name!r} is already a stride kind ({_KINDS[name].description})")
    if not callable(make):
        raise ValueError(f"make must be callable (got {make!r})")
    if activity is not None and not callable(activity):
        raise ValueError(f"activity must be callable or None (got {activity!r})")
    kind = StrideKind(name, make, tuple(parameters), str(description), activity)
    _KINDS[name] = kind
    return kind


def stride_kind(name: str, argument: str = "kind") -> StrideKind:
    """The registered kind ``name``, importing the module of a :data:`PLUGINS` kind on first use.

    ValueError naming ``argument`` and the kinds there are, for an unknown name.

    >>> stride_kind("sprint").parameters
    ('stance_fraction',)
    """
    if name not in _KINDS and isinstance(name, str) and name in PLUGINS:
        importlib.import_module(PLUGINS[name])  # registers the kind (register_stride_kind)
    if name not in _KINDS:
        raise ValueError(f"{argument} must be one of {', '.join(map(repr, _KINDS))} (got {name!r}); "
                         "a kind of another module registers when that module is imported")
    return _KINDS[name]
