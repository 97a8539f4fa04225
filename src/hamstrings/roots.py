"""One bracketed root finder for the models that solve for an angle (equilibria, clinical tests).

:func:`bracketed_root` refines a sign change of a scalar function inside an
interval: Anderson and Björck's (1973) variant of the false-position method,
which keeps the root bracketed at every step and converges superlinearly
(the method :func:`scipy.optimize.brentq` is an alternative to), with a
bisection step whenever three steps have not halved the bracket. It lives
here rather than being imported from SciPy because importing
``scipy.optimize`` takes 0.4-0.7 s, longer than everything else a first call
of :func:`hamstrings.clinical.straight_leg_raise` or
:func:`hamstrings.antagonist.equilibria` does.

Reference: Anderson N, Björck Å (1973) A new high order method of regula
falsi type for computing a root of an equation. BIT 13:253-264.

>>> round(bracketed_root(lambda x: x * x - 2.0, 0.0, 2.0), 12)
1.414213562373
"""

from __future__ import annotations

import math

__all__ = ["bracketed_root"]

_EPS = 2.220446049250313e-16  # the spacing of floats at 1 (numpy.finfo(float).eps)


def bracketed_root(f, a: float, b: float, *, args: tuple = (), xtol: float = 1e-12,
                   rtol: float = 4 * _EPS, maxiter: int = 200) -> float:
    """A root of ``f(x, *args)`` between ``a`` and ``b``, where ``f`` changes sign.

    Returns ``x`` with the root within ``xtol + rtol * |x|`` of it (or a point
    where ``f`` is exactly 0). ValueError if ``f(a)`` and ``f(b)`` have the
    same sign or are not finite; RuntimeError if ``maxiter`` steps do not
    reach the tolerance (a function that is not continuous there).

    >>> abs(bracketed_root(math.cos, 0.0, 3.0, xtol=1e-14) - math.pi / 2) < 1e-14
    True
    """
    a, b = float(a), float(b)
    fa, fb = float(f(a, *args)), float(f(b, *args))
    if not (math.isfinite(fa) and math.isfinite(fb)):
        raise ValueError(f"f must be finite at the ends of the bracket; got f({a!r}) = {fa!r}, "
                         f"f({b!r}) = {fb!r}")
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if (fa > 0.0) == (fb > 0.0):
        raise ValueError(f"f must change sign between a and b; got f({a!r}) = {fa!r}, f({b!r}) = {fb!r}")
    width, slow = abs(b - a), 0
    for _ in range(maxiter):
        # false position between the bracket's ends; a bisection if rounding puts it outside,
        # or when three steps have not halved the bracket (as at a multiple root)
        c = b - fb * (b - a) / (fb - fa)
        if slow >= 3 or not min(a, b) < c < max(a, b):
            c, slow = 0.5 * (a + b), 0
        fc = float(f(c, *args))
        if fc == 0.0:
            return c
        if (fc > 0.0) != (fb > 0.0):  # the root lies between c and b: b becomes the far end
            a, fa = b, fb
        else:  # between a and c: keep a, and scale its value so that a moves next time
            m = 1.0 - fc / fb
            fa *= m if m > 0.0 else 0.5
        b, fb = c, fc
        if abs(b - a) <= xtol + rtol * abs(b):
            return b
        if abs(b - a) > 0.5 * width:
            slow += 1
        else:
            width, slow = abs(b - a), 0
    raise RuntimeError(f"no convergence in {maxiter} steps: f may not be continuous in the bracket")
