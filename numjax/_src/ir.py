"""The jaxpr IR: variables, equations, jaxprs; evaluation, type checking and printing.

Invariants of a `Jaxpr`: every Var is bound exactly once (as an input, a constvar or an
equation output); equations are in topological order; `outvars` are Vars or Literals.
A `ClosedJaxpr` pairs a jaxpr with the values of its constvars.
Imports only core.
"""

from __future__ import annotations

import numpy as np

from .core import ShapedArray, get_aval


class Var:
    """A jaxpr variable. Identity is the variable; `aval` is its type."""

    __slots__ = ("aval", "__weakref__")

    def __init__(self, aval: ShapedArray):
        self.aval = aval

    def __repr__(self):
        return f"Var({self.aval.str_short()})"


class Literal:
    """A scalar constant written inline in a jaxpr (like JAX's `2.0:f32[]`)."""

    __slots__ = ("val", "aval")

    def __init__(self, val, aval: ShapedArray):
        self.val = val
        self.aval = aval

    def __repr__(self):
        return f"Literal({self.val})"


class Eqn:
    """`outvars = primitive[params](*invars)`."""

    __slots__ = ("primitive", "invars", "outvars", "params")

    def __init__(self, primitive, invars, outvars, params):
        self.primitive = primitive
        self.invars = list(invars)
        self.outvars = list(outvars)
        self.params = params

    def __repr__(self):
        return _print_eqn(self)


class Jaxpr:
    """A closed-over-nothing program: `{ lambda constvars ; invars . let eqns in outvars }`."""

    __slots__ = ("constvars", "invars", "eqns", "outvars")

    def __init__(self, constvars, invars, eqns, outvars):
        self.constvars = list(constvars)
        self.invars = list(invars)
        self.eqns = list(eqns)
        self.outvars = list(outvars)

    in_avals = property(lambda self: [v.aval for v in self.invars])
    out_avals = property(lambda self: [v.aval for v in self.outvars])

    def __str__(self):
        return pretty_print(self)

    __repr__ = __str__

    def pretty_print(self, **kwargs):
        return pretty_print(self)


class ClosedJaxpr:
    """A jaxpr together with the values of its constvars (what `make_jaxpr` returns)."""

    __slots__ = ("jaxpr", "consts")

    def __init__(self, jaxpr: Jaxpr, consts):
        self.jaxpr = jaxpr
        self.consts = list(consts)

    in_avals = property(lambda self: self.jaxpr.in_avals)
    out_avals = property(lambda self: self.jaxpr.out_avals)
    eqns = property(lambda self: self.jaxpr.eqns)

    def __str__(self):
        return pretty_print(self.jaxpr)

    __repr__ = __str__

    def pretty_print(self, **kwargs):
        return pretty_print(self.jaxpr)


# ---------------------------------------------------------------------------------------------
# Evaluation


def eval_jaxpr(jaxpr: Jaxpr, consts, *args):
    """Runs `jaxpr` by binding each equation's primitive, so it works under any trace."""
    env = {}
    for v, x in zip(jaxpr.constvars, consts, strict=True):
        env[v] = x
    for v, x in zip(jaxpr.invars, args, strict=True):
        env[v] = x

    def read(v):
        if type(v) is Literal:
            # a strongly typed literal keeps its dtype (a bare Python scalar would rebind weak)
            return v.val if v.aval.weak_type else np.asarray(v.val, v.aval.dtype)
        return env[v]

    for eqn in jaxpr.eqns:
        ins = [read(v) for v in eqn.invars]
        out = eqn.primitive.bind(*ins, **eqn.params)
        if eqn.primitive.multiple_results:
            for v, x in zip(eqn.outvars, out, strict=True):
                env[v] = x
        else:
            env[eqn.outvars[0]] = out
    return [read(v) for v in jaxpr.outvars]


def eval_closed(closed: ClosedJaxpr, *args):
    return eval_jaxpr(closed.jaxpr, closed.consts, *args)


def typecheck(jaxpr: Jaxpr) -> None:
    """Checks the invariants and each equation's output types against its shape rule."""
    bound = set()
    for v in [*jaxpr.constvars, *jaxpr.invars]:
        if v in bound:
            raise TypeError(f"variable {v} bound twice")
        bound.add(v)
    for eqn in jaxpr.eqns:
        for v in eqn.invars:
            if type(v) is Var and v not in bound:
                raise TypeError(f"{eqn.primitive} reads unbound variable {v}")
        avals = eqn.primitive.abstract_eval(*[v.aval for v in eqn.invars], **eqn.params)
        if not eqn.primitive.multiple_results:
            avals = [avals]
        for v, aval in zip(eqn.outvars, avals, strict=True):
            if v.aval.shape != aval.shape or v.aval.dtype != aval.dtype:
                raise TypeError(f"{eqn.primitive}: output {v.aval} does not match rule {aval}")
            if v in bound:
                raise TypeError(f"variable {v} bound twice")
            bound.add(v)
    for v in jaxpr.outvars:
        if type(v) is Var and v not in bound:
            raise TypeError(f"output reads unbound variable {v}")


def literal_or_none(x):
    """A Literal for Python scalars and 0-d non-tracer values JAX would inline, else None."""
    if isinstance(x, (bool, int, float, complex)):
        return Literal(x, get_aval(x))
    if type(x).__name__ == "Array" and x.shape == () and x.dtype.kind in "biufc":
        return Literal(np.asarray(x).item(), get_aval(x))
    return None


# ---------------------------------------------------------------------------------------------
# Printing, in JAX's format
#
# One naming context for the whole print: a nested jaxpr (a `jit` equation's) names its
# inputs after the equation's operands and its outputs after the equation's results, as
# JAX does; a jaxpr used by several equations is printed once, up front, as `let name = ...`.

_WIDTH = 80


class _Namer:
    def __init__(self):
        self.names = {}
        self.count = 0

    def fresh(self) -> str:
        name = _letters(self.count)
        self.count += 1
        return name

    def __call__(self, v):
        if type(v) is Literal:
            return f"{_literal_text(v)}:{v.aval.str_short()}"
        name = self.names.get(v)
        if name is None:
            name = self.names[v] = self.fresh()
        return name

    def binder(self, v):
        return f"{self(v)}:{v.aval.str_short()}"


def _letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _literal_text(lit: Literal) -> str:
    val = lit.val
    if isinstance(val, bool):
        return str(val)
    if isinstance(val, float) or lit.aval.dtype.kind == "f":
        return repr(float(val))
    return str(val)


def _value_text(value) -> str:
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    return str(value)


def _open(value):
    """The Jaxpr inside a param value, or None."""
    if isinstance(value, ClosedJaxpr):
        return value.jaxpr
    if isinstance(value, Jaxpr):
        return value
    return None


class _Printer:
    def __init__(self):
        self.namer = _Namer()
        self.shared = {}  # id(Jaxpr) -> name, for jaxprs used by several equations

    def find_shared(self, jaxpr):
        counts, names = {}, {}

        def visit(j):
            for eqn in j.eqns:
                for value in eqn.params.values():
                    inner = _open(value)
                    if inner is not None:
                        counts[id(inner)] = counts.get(id(inner), 0) + 1
                        names.setdefault(id(inner), (inner, eqn.params.get("name", "jaxpr")))
                        if counts[id(inner)] == 1:
                            visit(inner)

        visit(jaxpr)
        lets = []
        for key, n in counts.items():
            if n > 1:
                inner, name = names[key]
                name = "".join(c for c in str(name) if c.isalnum() or c == "_") or "jaxpr"
                lets.append((inner, name))
        return lets

    def jaxpr(self, jaxpr: Jaxpr, indent: int = 0, used: int = 0) -> str:
        """`used`: characters already on the first line (for the fits-on-one-line test)."""
        name = self.namer
        consts = " ".join(name.binder(v) for v in jaxpr.constvars)
        ins = " ".join(name.binder(v) for v in jaxpr.invars)
        live = _used_vars(jaxpr)
        lines = []
        for eqn in jaxpr.eqns:
            for v in eqn.outvars:
                if v not in live and v not in name.names:
                    name.names[v] = "_"
            lines.append(self.eqn(eqn, indent + 4))
        outs = ", ".join(name(v) for v in jaxpr.outvars)
        outs = f"({outs},)" if len(jaxpr.outvars) == 1 else f"({outs})"
        head = f"{{ lambda {consts}; {ins}. let"
        one_line = f"{head} {'; '.join(lines)} in {outs} }}" if lines else f"{head}  in {outs} }}"
        if used + len(one_line) <= _WIDTH and "\n" not in one_line:
            return one_line
        pad = " " * indent
        body = "".join(f"\n{pad}    {line}" for line in lines)
        return f"{head}{body}\n{pad}  in {outs} }}"

    def eqn(self, eqn: Eqn, indent: int) -> str:
        name = self.namer
        outs = " ".join(name.binder(v) for v in eqn.outvars)
        args = " ".join(name(v) for v in eqn.invars)
        items = sorted((k, v) for k, v in eqn.params.items() if not k.startswith("_"))
        items.sort(key=lambda kv: kv[0] != "name")  # JAX prints a callee's name first
        for _, value in items:  # a jit's jaxpr takes the names of the operands and results
            inner = _open(value)
            if inner is not None and id(inner) not in self.shared and eqn.primitive.name == "jit":
                for iv, ov in zip(inner.invars, eqn.invars, strict=False):
                    name.names.setdefault(iv, name(ov) if type(ov) is Var else name.fresh())
                for iv, ov in zip(inner.outvars, eqn.outvars, strict=False):
                    if type(iv) is Var and iv not in name.names and iv not in inner.invars:
                        name.names[iv] = name(ov)
        if not items:
            return f"{outs} = {eqn.primitive.name} {args}".rstrip()
        head = f"{outs} = {eqn.primitive.name}["
        flat = " ".join(f"{k}={self.param(v, indent + 2, indent + len(head) + len(k) + 1)}"
                        for k, v in items)
        line = f"{head}{flat}] {args}".rstrip()
        if indent + len(line) <= _WIDTH and "\n" not in line:
            return line
        pad = " " * (indent + 2)
        params = "".join(f"\n{pad}{k}={self.param(v, indent + 2, indent + 3 + len(k))}"
                         for k, v in items)
        return f"{head}{params}\n{' ' * indent}] {args}".rstrip()

    def param(self, value, indent: int, used: int) -> str:
        if isinstance(value, tuple) and value and all(_open(v) is not None for v in value):
            return self.jaxprs(value, indent, used)
        inner = _open(value)
        if inner is None:
            return _value_text(value)
        if id(inner) in self.shared:
            return self.shared[id(inner)]
        return self.jaxpr(inner, indent, used)


    def jaxprs(self, values, indent: int, used: int) -> str:
        """A tuple of jaxprs (cond's `branches`): one line if it fits, else one per line."""
        flat = [self.param(v, indent + 2, indent + 2) for v in values]
        if all("\n" not in t for t in flat) and used + 1 + sum(len(t) + 1 for t in flat) <= _WIDTH:
            return f"({' '.join(flat)})"
        pad = " " * (indent + 2)
        return "(" + "".join(f"\n{pad}{t}" for t in flat) + f"\n{' ' * indent})"


def pretty_print(jaxpr: Jaxpr, indent: int = 0) -> str:
    printer = _Printer()
    lets = printer.find_shared(jaxpr)
    prefix = ""
    for inner, name in lets:
        prefix += f"let {name} = {printer.jaxpr(inner, 0, len(name) + 7)} in\n"
        printer.shared[id(inner)] = name
    return prefix + printer.jaxpr(jaxpr, indent)


def _print_eqn(eqn: Eqn, namer=None) -> str:
    printer = _Printer()
    return printer.eqn(eqn, 0)


def _used_vars(jaxpr: Jaxpr) -> set:
    used = {v for v in jaxpr.outvars if type(v) is Var}
    for eqn in jaxpr.eqns:
        used.update(v for v in eqn.invars if type(v) is Var)
    return used
