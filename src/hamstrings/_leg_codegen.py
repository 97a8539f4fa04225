"""Print the leg's sympy expressions as numpy code: ``hamstrings/_leg_generated.py``.

Run ``python -m hamstrings._leg_codegen`` after editing ``data/leg_*.csv``;
``tests/test_leg.py`` checks that the committed file is exactly what this writes.

Each generated function evaluates a list of expressions (all muscles at once)
for 1-D arrays of joint angles in radians: ``f(q_hip, q_knee, q_ankle, out, w, b)``
writes expression i into ``out[i]``, using the rows of ``w`` (float) and ``b``
(bool) as scratch space (``SCRATCH[name]`` rows of each). Common subexpressions
are found by ``sympy.cse``; each is computed just before the first output that
needs it, by numpy calls that write into preallocated rows (``out=``), reused
once free: evaluating allocates no memory and stays in cache. Geometric
constants are replaced by their values from the CSV files and constant
subexpressions computed here, once; sums sharing a coefficient are factored;
sin and cos come from tan of the half angle.

Each function also gets a one-pose form, ``<name>_scalar(q_hip, q_knee, q_ankle)``
returning a tuple of floats: plain Python with ``math``, printed from the same
``sympy.cse`` (constants folded, a ``Piecewise`` as a conditional expression,
so only the chosen branch runs). ``hamstrings.leg`` uses it when all angles are
numbers. The expressions are those of ``hamstrings.leg.symbolic_model()``
(which outputs, :func:`hamstrings.leg.generated_outputs`), unchanged: only how they are
computed is chosen here. This module imports ``leg``; ``leg`` never imports it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sympy as sm
from sympy.printing.precedence import precedence
from sympy.printing.pycode import PythonCodePrinter

from . import leg

TARGET = Path(__file__).with_name("_leg_generated.py")

_FUNCTIONS = {sm.sin: "sin", sm.cos: "cos", sm.atan2: "arctan2"}
_RELATIONS = {sm.StrictGreaterThan: "greater", sm.StrictLessThan: "less",
              sm.GreaterThan: "greater_equal", sm.LessThan: "less_equal"}


class _Emitter:
    """Turns expressions into numpy calls that each write into a scratch row.

    An operand is ``(text, owned)``: a float literal, an input or a row;
    ``owned`` rows are temporaries, released once consumed. ``lines`` holds
    ``[function, arguments, out]`` for each call.
    """

    def __init__(self, inputs, constants):
        self.arrays = set(inputs)  # symbols that hold arrays: inputs and computed rows
        self.values = {k: sm.Float(v) for k, v in constants.items()}
        self.lines, self.names = [], {}
        self.free = {"w": [], "b": []}
        self.count = {"w": 0, "b": 0}

    def take(self, kind="w"):
        if self.free[kind]:
            return self.free[kind].pop()
        self.count[kind] += 1
        return f"{kind}{self.count[kind] - 1}"

    def release(self, operand):
        if operand[1]:
            self.free[operand[0][0]].append(operand[0])

    def call(self, function, args, kind="w"):
        """Emit ``numpy.function(*args, out)`` into a fresh row; releases args."""
        for a in args:
            self.release(a)
        out = self.take(kind)
        self.lines.append([function, [a[0] for a in args], out])
        return out, True

    def is_constant(self, expr) -> bool:
        return not any(s in self.arrays for s in expr.free_symbols)

    def constant(self, expr) -> float:
        return float(expr.xreplace(self.values).evalf())

    def literal(self, value: float):
        return repr(float(value)), False

    def emit(self, expr, dest=None, scale=1.0):
        """Operand holding ``scale * expr``; with ``dest`` (a row name) written there."""
        if isinstance(expr, sm.Piecewise):
            return self.piecewise(expr, dest, scale)
        operand = self.value(expr, scale)
        if dest is None:
            return operand
        if operand[1] and self.lines and self.lines[-1][2] == operand[0]:
            self.lines[-1][2] = dest  # let the last call write there directly
        else:
            self.lines.append(["copyto", [dest, operand[0]], None])
        self.release(operand)
        return dest, False

    def value(self, expr, scale=1.0):
        if self.is_constant(expr):
            return self.literal(scale * self.constant(expr))
        if expr.is_Add:
            return self.add(expr, scale)
        if expr.is_Mul:
            c, part = self.split(expr)
            return self.mul(part, c * scale)
        if isinstance(expr, sm.Piecewise):
            return self.piecewise(expr, None, scale)
        if expr.is_Symbol:
            operand = self.names.get(expr, str(expr)), False
        elif expr.is_Pow:
            operand = self.pow(*expr.args)
        elif expr.func in _FUNCTIONS:
            operand = self.call(_FUNCTIONS[expr.func], [self.emit(a) for a in expr.args])
        elif type(expr) in _RELATIONS:
            return self.call(_RELATIONS[type(expr)], [self.emit(a) for a in expr.args], "b")
        else:
            raise NotImplementedError(f"cannot print {expr.func}")
        return self.scale(operand, scale)

    def split(self, term):
        """(coefficient, rest) of a product, constant factors folded into the coefficient."""
        factors = sm.Mul.make_args(term)
        c = self.constant(sm.Mul(*[f for f in factors if self.is_constant(f)]))
        return c, sm.Mul(*[f for f in factors if not self.is_constant(f)])

    def scale(self, operand, c):
        if c == 1:
            return operand
        if c == -1:
            return self.call("negative", [operand])
        return self.call("multiply", [operand, self.literal(c)])

    def mul(self, part, c):
        """c * part: c goes into a sum among the factors when that saves a call."""
        factors = list(sm.Mul.make_args(part))
        if c != 1:
            for i, f in enumerate(factors):
                if (f.is_Add or isinstance(f, sm.Piecewise)) and self.absorbs(f, c):
                    rest = sm.Mul(*(factors[:i] + factors[i + 1:]))
                    total = self.emit(f, scale=c)
                    if rest == 1:
                        return total
                    return self.call("multiply", [total, self.product(rest)])
        return self.scale(self.product(part), c)

    def absorbs(self, expr, c) -> bool:
        """Whether scaling a sum (or each branch) by c costs no more calls than not."""
        if isinstance(expr, sm.Piecewise):
            return True  # the branches take the factor
        coefficients = [self.split(t)[0] for t in expr.args if not self.is_constant(t)]
        before = sum(abs(k) != 1 for k in coefficients) + 1
        return sum(abs(k * c) != 1 for k in coefficients) <= before

    def linear(self, expr, scale, terms):
        """Collect scale * expr into terms {part: coefficient}; returns its constant.

        Nested sums are flattened where that costs no extra multiplication.
        """
        constant = 0.0
        for t in sm.Add.make_args(expr):
            if self.is_constant(t):
                constant += scale * self.constant(t)
                continue
            c, part = self.split(t)
            if part.is_Add and self.absorbs(part, c * scale):
                constant += self.linear(part, c * scale, terms)
            else:
                terms[part] = terms.get(part, 0.0) + c * scale
        return constant

    def add(self, expr, scale=1.0):
        """A sum as add/subtract calls; terms sharing a coefficient are summed first
        and multiplied once (2a + 2b -> 2 (a + b))."""
        terms = {}
        constant = self.linear(expr, scale, terms)
        groups = {}  # |coefficient| -> [(sign, part)]
        for part, c in terms.items():
            if c:
                groups.setdefault(abs(c), []).append((1 if c > 0 else -1, part))
        if not groups:
            return self.literal(constant)
        total, sign = None, 1
        start = sorted(groups, key=lambda m: (all(s < 0 for s, _ in groups[m]), m != 1))[0]
        for magnitude, members in sorted(groups.items(), key=lambda g: g[0] != start):
            members.sort(key=lambda m: m[0] < 0)  # a positive member first
            group, group_sign = self.emit(members[0][1]), members[0][0]
            for s, part in members[1:]:
                function = "add" if s == group_sign else "subtract"
                group = self.call(function, [group, self.emit(part)])
            group = self.scale(group, magnitude)
            if total is None:
                total, sign = group, group_sign
            else:
                total = self.call("add" if group_sign == sign else "subtract", [total, group])
        if sign < 0 and constant:
            return self.call("subtract", [self.literal(constant), total])
        if sign < 0:
            total = self.call("negative", [total])
        return self.call("add", [total, self.literal(constant)]) if constant else total

    def product(self, expr):
        numerator, denominator = [], []
        for f in sm.Mul.make_args(expr):
            base, exp = f.as_base_exp()
            (denominator if exp.is_Number and exp < 0 else numerator).append(
                base ** -exp if exp.is_Number and exp < 0 else f)
        total = self.literal(1.0)
        for i, f in enumerate(numerator):
            total = self.emit(f) if i == 0 else self.call("multiply", [total, self.emit(f)])
        if denominator:
            total = self.call("divide", [total, self.product(sm.Mul(*denominator))])
        return total

    def pow(self, base, exp):
        if exp == 2:
            return self.call("square", [self.emit(base)])
        if exp == sm.S.Half:
            return self.call("sqrt", [self.emit(base)])
        if exp.is_Number and exp < 0:
            return self.call("divide", [self.literal(1.0), self.emit(base ** -exp)])
        if exp.is_Rational and exp.q == 2:  # x**(n/2) = x**((n-1)/2) * sqrt(x)
            whole = self.emit(base ** (exp - sm.S.Half))
            return self.call("multiply", [whole, self.emit(sm.sqrt(base))])
        if exp.is_Integer and exp > 2:
            return self.call("multiply", [self.emit(base ** (exp - 1)), self.emit(base)])
        return self.call("power", [self.emit(base), self.emit(exp)])

    def sin_cos(self, angle, sin, cos):
        """Rows for sin(angle) and cos(angle) (symbols ``sin``, ``cos``, either may be None)
        from t = tan(angle / 2), cheaper than numpy's sin and cos (tan is vectorised):
        with v = 2 / (1 + t**2), sin = t v and cos = v - 1."""
        t = self.call("tan", [self.call("multiply", [(str(angle), False), self.literal(0.5)])])
        t_squared = self.call("square", [(t[0], False)])
        one_plus = self.call("add", [t_squared, self.literal(1.0)])
        v = self.call("divide", [self.literal(2.0), one_plus])
        if cos is not None:
            self.names[cos] = self.call("subtract", [(v[0], False), self.literal(1.0)])[0]
        if sin is not None:
            self.names[sin] = self.call("multiply", [t, v])[0]
        else:
            self.release(t)
            self.release(v)

    def piecewise(self, expr, dest, scale=1.0):
        """Both branches evaluated; the mask picks one (numpy.copyto with where=)."""
        (value, condition), (otherwise, true) = expr.args
        assert true == sm.true
        mask = self.emit(condition)
        out = dest or self.take()
        self.emit(otherwise, out, scale)
        chosen = self.emit(value, scale=scale)
        self.lines.append(["copyto", [out, chosen[0], f"where={mask[0]}"], None])
        self.release(chosen)
        self.release(mask)
        return out, dest is None


def _schedule(definitions: dict, outputs: list) -> list:
    """Steps (symbol or output index, value): each output right after the definitions
    it still needs, depth first, so that rows are freed soon after their last use."""
    order = {s: i for i, s in enumerate(definitions)}
    steps, done = [], set()

    def need(expr):
        for s in sorted(expr.free_symbols & definitions.keys(), key=order.get):
            if s not in done:
                done.add(s)
                need(definitions[s])
                steps.append((s, definitions[s]))

    for j, expr in enumerate(outputs):
        need(expr)
        steps.append((j, expr))
    return steps


def _function(name: str, args: list, cse: tuple, constants: dict, doc: str) -> tuple:
    """Source of one generated numpy function and its scratch size (w rows, b rows),
    from ``sympy.cse`` of its expressions."""
    replacements, reduced = cse
    emitter = _Emitter(args, constants)
    definitions = {}
    aliases = {}  # x = -y gets no row: the sign is folded in where x is used
    for symbol, value in replacements:
        value = value.xreplace(aliases)
        if emitter.is_constant(value):
            emitter.values[symbol] = sm.Float(emitter.constant(value))
        elif value.is_Mul and (-value).is_Symbol and -value in emitter.arrays:
            aliases[symbol] = value
        else:
            definitions[symbol] = value
            emitter.arrays.add(symbol)
    steps = _schedule(definitions, [e.xreplace(aliases) for e in reduced])
    last_use = {s: i for i, (_, value) in enumerate(steps) for s in value.free_symbols}
    trig = {}  # sin(q) and cos(q) of an input angle q are made together
    for symbol, value in definitions.items():
        if value.func in (sm.sin, sm.cos) and value.args[0] in args:
            trig.setdefault(value.args[0], {})[value.func] = symbol
    for i, (target, value) in enumerate(steps):
        if isinstance(target, int):
            emitter.emit(value, dest=f"out[{target}]")
        elif target in emitter.names:  # made with its sine or cosine partner
            pass
        elif value.func in (sm.sin, sm.cos) and value.args[0] in trig:
            pair = trig[value.args[0]]
            emitter.sin_cos(value.args[0], pair.get(sm.sin), pair.get(sm.cos))
        else:
            row = emitter.take("b" if value.is_Relational else "w")
            emitter.names[target] = emitter.emit(value, dest=row)[0]
        for s in sorted(value.free_symbols, key=str):  # sorted: the same file every run
            if last_use[s] == i and s in emitter.names:
                emitter.release((emitter.names[s], True))
    rows = {k: emitter.count[k] for k in "wb"}
    header = [f"def {name}({', '.join(map(str, args))}, out, w, b):", f'    """{doc}"""']
    for kind in "wb":
        if rows[kind]:
            names = ", ".join(f"{kind}{i}" for i in range(rows[kind]))
            header.append(f"    {names}, = {kind}")
    calls = [f"    numpy.{f}({', '.join(args + ([out] if out else []))})"
             for f, args, out in emitter.lines]
    return "\n".join(header + calls), (rows["w"], rows["b"])


class _MathPrinter(PythonCodePrinter):
    """sympy's plain-Python printer, names from ``math`` unqualified, floats in full
    (``repr``), ``x**0.5`` as ``sqrt(x)`` and ``x**2`` as ``x*x``."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": False})

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Pow(self, expr, rational=False):
        if expr.exp == 0.5:
            return f"sqrt({self._print(expr.base)})"
        if expr.exp == 2:
            base = self.parenthesize(expr.base, precedence(expr))
            return f"{base}*{base}"
        return super()._print_Pow(expr, rational)


def _scalar_function(name: str, args: list, cse: tuple, constants: dict, doc: str) -> str:
    """Source of one generated plain-Python function: a tuple of the outputs at one pose.

    The same ``sympy.cse`` as the numpy function; constants replaced by their
    values, subexpressions of constants computed here. A ``Piecewise`` prints as
    a conditional expression, so only the chosen branch runs.
    """
    replacements, reduced = cse
    values = {k: sm.Float(v) for k, v in constants.items()}
    variables, printer = set(args), _MathPrinter()
    lines = [f"def {name}({', '.join(map(str, args))}):", f'    """{doc}"""']
    for symbol, value in replacements:
        value = value.xreplace(values).evalf()
        if value.free_symbols & variables:
            variables.add(symbol)
            lines.append(f"    {symbol} = {printer.doprint(value)}")
        else:
            values[symbol] = sm.Float(value)
    lines.append("    return (")
    lines += [f"        {printer.doprint(e.xreplace(values).evalf())}," for e in reduced]
    lines.append("    )")
    return "\n".join(lines)


def source() -> str:
    """Text of ``_leg_generated.py`` for the current CSV files."""
    model = leg.symbolic_model()
    functions = leg.generated_outputs()
    texts, scalar_texts, scratch = [], [], {}
    args = list(model.angles.values())
    for name, (outputs, doc) in functions.items():
        cse = sm.cse(list(outputs.values()))
        text, scratch[name] = _function(name, args, cse, model.constants, doc)
        texts.append(text)
        scalar_texts.append(_scalar_function(
            f"{name}_scalar", args, cse, model.constants,
            f"{doc[:-1]}, one pose (float angles, rad): a tuple in the order of OUTPUTS."))
    header = "\n".join([
        '"""Generated by ``python -m hamstrings._leg_codegen`` from data/leg_*.csv: '
        'do not edit."""',
        "# ruff: noqa",
        "from math import atan2, cos, sin, sqrt",
        "",
        "import numpy",
        "",
        f"DATA_HASH = {leg.data_hash()!r}",
        f"SYMPY_VERSION = {sm.__version__!r}",
        "# What each function writes into the rows of ``out``, in order: muscle (length),",
        "# (muscle, joint) (moment arm), (site, 'x'|'y') (position), (muscle, circle,",
        "# 'start'|'end', 'x'|'y') (tangent point), (muscle, circle, 'phi') (wrap angle).",
        "# <name>_scalar(q_hip, q_knee, q_ankle) returns the same outputs for one pose",
        "# (floats, rad) as a tuple of floats: plain Python, for one pose at a time.",
        f"OUTPUTS = {({name: tuple(outputs) for name, (outputs, _) in functions.items()})!r}",
        "# Scratch rows (float, bool) each function needs.",
        f"SCRATCH = {scratch!r}",
    ])
    return "\n\n\n".join([header] + texts + scalar_texts) + "\n"


def main() -> None:
    TARGET.write_text(source())
    print(f"wrote {TARGET}", file=sys.stderr)


if __name__ == "__main__":
    main()
