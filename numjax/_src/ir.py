"""The jaxpr IR: variables, equations, jaxprs; evaluation, type checking and printing.

Invariants of a `Jaxpr`: every Var is bound exactly once (as an input, a constvar or an
equation output); equations are in topological order; `outvars` are Vars or Literals.
A `ClosedJaxpr` pairs a jaxpr with the values of its constvars.
Imports only core, array and dtypes.
"""

from __future__ import annotations

import collections

import numpy as np

from .array import Array
from .core import ShapedArray, get_aval
from .dtypes import float0


class Var:
    """A jaxpr variable. Identity is the variable; `aval` is its type."""

    __slots__ = ("__weakref__", "aval")

    def __init__(self, aval: ShapedArray):
        self.aval = aval

    def __repr__(self):
        return f"Var({self.aval.str_short()})"


class Literal:
    """A scalar constant written inline in a jaxpr (like JAX's `2.0:f32[]`)."""

    __slots__ = ("aval", "val")

    def __init__(self, val, aval: ShapedArray):
        self.val = val
        self.aval = aval

    def __repr__(self):
        return f"Literal({self.val})"


class Eqn:
    """`outvars = primitive[params](*invars)`."""

    __slots__ = ("invars", "outvars", "params", "primitive")

    def __init__(self, primitive, invars, outvars, params):
        self.primitive = primitive
        self.invars = list(invars)
        self.outvars = list(outvars)
        self.params = params

    def __repr__(self):
        return _print_eqn(self)


class Jaxpr:
    """A closed-over-nothing program: `{ lambda constvars ; invars . let eqns in outvars }`."""

    __slots__ = ("constvars", "eqns", "invars", "outvars")

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

    __slots__ = ("consts", "jaxpr")

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
            # the literal's own dtype and weak type (a bare Python scalar would rebind with the
            # current default dtype: a weak i32 literal read with x64 on would become i64)
            if v.aval.dtype == float0:
                return v.val
            return Array(np.asarray(v.val, v.aval.dtype), v.aval.weak_type)
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
    if isinstance(x, np.ndarray) and x.dtype == float0 and x.shape == ():
        return Literal(x, ShapedArray((), float0))  # a symbolic-zero gradient of an integer
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
            return f"{_literal_text(v)}:{_type_text(v.aval)}"
        name = self.names.get(v)
        if name is None:
            name = self.names[v] = self.fresh()
        return name

    def binder(self, v):
        return f"{self(v)}:{_type_text(v.aval)}"


def _type_text(aval) -> str:
    if aval.dtype == float0:  # NumPy names this structured dtype "void"
        return f"float0[{','.join(map(str, aval.shape))}]"
    return aval.str_short()


def _letters(n: int) -> str:
    """JAX's variable names: `n` written in base 26 with digits a..z (so `z` is followed by
    `ba`, not `aa`)."""
    s = ""
    while True:
        n, r = divmod(n, 26)
        s = chr(ord("a") + r) + s
        if not n:
            return s


def _literal_text(lit: Literal) -> str:
    val = lit.val
    if lit.aval.dtype == float0:
        return "(b'',)"  # how NumPy shows a float0 scalar, as JAX prints it
    if isinstance(val, bool):
        return str(val)
    if isinstance(val, float) or lit.aval.dtype.kind == "f":
        return repr(float(val))
    return str(val)


def _value_text(value, inner: bool = False) -> str:
    """A parameter's text: as `str` at the top (`name=relu`), as `repr` inside tuples (as
    Python shows a tuple), NumPy ints as NumPy 2 shows them (`np.int64(1)`) whatever NumPy
    is installed."""
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        items = ", ".join(_value_text(v, True) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, np.integer):
        return f"np.{type(value).__name__}({int(value)})"
    return repr(value) if inner else str(value)


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

    def find_shared(self, top):
        """The nested jaxprs JAX prints once, up front, as `let name = ... in`, in its order:
        a breadth-first walk that enters a jaxpr at each of its uses counts its uses, plus one
        for a jaxpr of more than 10 equations; those counted more than once are shared. A
        jit's jaxpr is named after the jit (`<lambda>` as `lambda`), others `jaxpr`; a name
        already taken gets a number appended (`jaxpr1`)."""
        counts, order, names = {}, [], {}
        queue = collections.deque([top])
        while queue:
            j = queue.popleft()
            if id(j) not in counts:
                counts[id(j)] = 0
                order.append(j)
            counts[id(j)] += 1 + (j is not top and len(j.eqns) > 10)
            for eqn in j.eqns:
                label = eqn.params.get("name") if eqn.primitive.name == "jit" else None
                for inner in _inner_jaxprs(eqn.params):
                    queue.append(inner)
                    if label is not None:
                        names.setdefault(id(inner), str(label).strip("<>"))
        taken = collections.Counter()
        lets = []
        for j in order:
            if counts[id(j)] == 1:
                continue
            name = names.get(id(j), "jaxpr")
            if taken[name]:
                taken[name] += 1
                name = f"{name}{taken[name] - 1}"
            taken[name] += 1
            lets.append((j, name))
        return lets

    def jaxpr(self, jaxpr: Jaxpr, indent: int = 0, used: int = 0, top: bool = False) -> str:
        """`used`: characters already on the first line (for the fits-on-one-line test).
        `top`: the jaxpr being printed, whose unused results JAX names `_` (in nested
        jaxprs they keep their names)."""
        name = self.namer
        consts = " ".join(name.binder(v) for v in jaxpr.constvars)
        ins = " ".join(name.binder(v) for v in jaxpr.invars)
        live = _used_vars(jaxpr) if top else None
        lines = []
        for eqn in jaxpr.eqns:
            for v in eqn.outvars:
                if top and v not in live and v not in name.names:
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
        items = sorted(shown_params(eqn).items())
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
        line = f"{head}{flat}] {args}"  # (JAX keeps the space when there are no operands)
        if indent + len(line) <= _WIDTH and "\n" not in line:
            return line
        pad = " " * (indent + 2)
        params = "".join(f"\n{pad}{k}={self.param(v, indent + 2, indent + 3 + len(k))}"
                         for k, v in items)
        return f"{head}{params}\n{' ' * indent}] {args}"

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


# Which parameters JAX 0.10.2 prints, where that differs from numjax's params: JAX hides
# what the result type already says (shapes, shardings) and trivial values, and prints a few
# parameters numjax's primitives do not have (always None here).


class _Text(str):
    """A parameter value printed as it is."""

    __slots__ = ()


def _broadcast_in_dim_params(params):
    shown = {k: v for k, v in params.items() if k not in ("shape", "sharding")}
    if not shown.get("broadcast_dimensions", ()):
        shown.pop("broadcast_dimensions", None)
    return shown


def _dot_general_params(params):
    shown = {k: v for k, v in params.items() if v is not None and k != "out_sharding"}
    (lc, rc), (lb, rb) = params["dimension_numbers"]
    shown["dimension_numbers"] = _Text(str(((list(map(int, lc)), list(map(int, rc))),
                                            (list(map(int, lb)), list(map(int, rb))))))
    return shown


def _without(*names):
    return lambda params: {k: v for k, v in params.items() if k not in names}


def _with_none(*names):
    return lambda params: {**{n: None for n in names}, **params}


PARAM_RULES = {
    "broadcast_in_dim": _broadcast_in_dim_params,
    "dot_general": _dot_general_params,
    # JAX's reduce_sum carries an out_sharding; its other reductions do not
    **{f"reduce_{op}": _without("out_sharding") for op in ("max", "min", "prod", "and", "or",
                                                            "xor")},
    "reshape": _with_none("sharding"),
    "iota": _with_none("sharding"),
}


def shown_params(eqn: Eqn) -> dict:
    """The parameters of `eqn` that JAX prints, by name (private `_` ones never are)."""
    params = {k: v for k, v in eqn.params.items() if not k.startswith("_")}
    rule = PARAM_RULES.get(eqn.primitive.name)
    return rule(params) if rule is not None else params


def pretty_print(jaxpr: Jaxpr, indent: int = 0) -> str:
    printer = _Printer()
    lets = printer.find_shared(jaxpr)
    for inner, name in lets:  # named before any is printed: shared jaxprs may use each other
        printer.shared[id(inner)] = name
    prefix = "".join(f"let {name} = {printer.jaxpr(inner, 0, len(name) + 7)} in\n"
                     for inner, name in lets)
    return prefix + printer.jaxpr(jaxpr, indent, top=True)


def _inner_jaxprs(params):
    """The jaxprs in an equation's params (a cond's `branches` tuple holds several)."""
    for value in params.values():
        for v in value if isinstance(value, tuple) else (value,):
            inner = _open(v)
            if inner is not None:
                yield inner


def _print_eqn(eqn: Eqn, namer=None) -> str:
    printer = _Printer()
    return printer.eqn(eqn, 0)


def _used_vars(jaxpr: Jaxpr) -> set:
    used = {v for v in jaxpr.outvars if type(v) is Var}
    for eqn in jaxpr.eqns:
        used.update(v for v in eqn.invars if type(v) is Var)
    return used


def is_effectful(eqn) -> bool:
    """True for an effectful primitive (debug_callback) or a higher-order one (cond, scan,
    while, jit) whose inner jaxprs contain one: such equations run even when unread."""
    if eqn.primitive.effectful:
        return True
    return any(_has_effects(p) for p in eqn.params.values())


def _has_effects(param) -> bool:
    if isinstance(param, ClosedJaxpr):
        param = param.jaxpr
    if isinstance(param, Jaxpr):
        return any(is_effectful(e) for e in param.eqns)
    if isinstance(param, (tuple, list)):
        return any(_has_effects(p) for p in param)
    return False
