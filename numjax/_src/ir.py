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
        return _print_eqn(self, _Namer())


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
        return v.val if type(v) is Literal else env[v]

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


class _Namer:
    def __init__(self):
        self.names = {}

    def __call__(self, v):
        if type(v) is Literal:
            return f"{_literal_text(v)}:{v.aval.str_short()}"
        name = self.names.get(v)
        if name is None:
            name = self.names[v] = _letters(len(self.names))
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


def _param_text(value) -> str:
    if isinstance(value, ClosedJaxpr | Jaxpr):
        jaxpr = value.jaxpr if isinstance(value, ClosedJaxpr) else value
        return pretty_print(jaxpr, indent=6)
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    return str(value)


def _print_eqn(eqn: Eqn, name, indent: int = 0) -> str:
    outs = " ".join(name.binder(v) for v in eqn.outvars)
    params = " ".join(
        f"{k}={_param_text(v)}" for k, v in sorted(eqn.params.items()) if not k.startswith("_")
    )
    head = f"{eqn.primitive.name}[{params}]" if params else eqn.primitive.name
    args = " ".join(name(v) for v in eqn.invars)
    return f"{outs} = {head} {args}".rstrip()


def pretty_print(jaxpr: Jaxpr, indent: int = 0) -> str:
    name = _Namer()
    consts = " ".join(name.binder(v) for v in jaxpr.constvars)
    ins = " ".join(name.binder(v) for v in jaxpr.invars)
    live = _used_vars(jaxpr)
    lines = []
    for eqn in jaxpr.eqns:
        outs = [v if v in live else _Dropped(v) for v in eqn.outvars]
        lines.append(_print_eqn(Eqn(eqn.primitive, eqn.invars, outs, eqn.params), _DropNamer(name)))
    outs = ", ".join(name(v) for v in jaxpr.outvars)
    outs = f"({outs},)" if len(jaxpr.outvars) == 1 else f"({outs})"
    head = f"{{ lambda {consts}; {ins}. let"
    one_line = f"{head} {'; '.join(lines)} in {outs} }}" if lines else f"{head}  in {outs} }}"
    if len(one_line) <= 80 and "\n" not in one_line:
        return one_line
    pad = " " * indent
    body = "".join(f"\n{pad}    {line}" for line in lines)
    return f"{head}{body}\n{pad}  in {outs} }}"


class _Dropped:
    """An equation output nothing reads (printed `_`, as JAX does)."""

    __slots__ = ("var",)

    def __init__(self, var):
        self.var = var


class _DropNamer:
    def __init__(self, namer):
        self.namer = namer

    def __call__(self, v):
        return self.namer(v)

    def binder(self, v):
        if type(v) is _Dropped:
            return f"_:{v.var.aval.str_short()}"
        return self.namer.binder(v)


def _used_vars(jaxpr: Jaxpr) -> set:
    used = {v for v in jaxpr.outvars if type(v) is Var}
    for eqn in jaxpr.eqns:
        used.update(v for v in eqn.invars if type(v) is Var)
    return used
