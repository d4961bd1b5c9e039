"""NumPy code generation: a closed jaxpr becomes straight-line Python source over NumPy.

One line per equation, from the primitive's `emit` template when it has one, else a call of
its `impl` with the params bound (which covers higher-order primitives such as cond or scan).
On top of that, three local rewrites keep the code tight:
- broadcasts are lazy: `broadcast_in_dim` becomes a reshape view (or nothing) and elementwise
  consumers let NumPy broadcast; a value is materialized with `np.broadcast_to` only where a
  non-elementwise operation or the caller needs its full shape;
- a dead intermediate produced by a ufunc is reused as the `out=` buffer of a later ufunc of
  the same shape and dtype (never a buffer that is an input, a constant, a view, or returned);
- constants and literals are hoisted into the function's globals.
The `Backend` interface is what `jit` talks to, so another generator (a fusing compiler, a
GPU array library) can be added without touching tracing.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from .. import dtypes
from ..array import Array
from ..ir import ClosedJaxpr, Literal, Var, is_effectful
from ..lax.helpers import errors_off, errors_on


class Compiled:
    """Generated code for one signature.

    `fn(*ndarrays) -> tuple of ndarrays` runs the program. `fast(*args)` (optional) takes the
    caller's Arrays, checks their signature inline and returns the wrapped outputs, or `MISS`
    when the arguments do not match it. `source` is what `lower().as_text()` shows. Python's
    `compile` is a large part of jit's first call, so `fn` is compiled when first asked for
    if `fast` is there (which serves plain calls).
    """

    __slots__ = ("_fn", "_namespace", "fast", "name", "source")

    def __init__(self, fn, source: str, fast=None, namespace=None, name=None):
        self._fn = fn
        self.fast = fast
        self.source = source
        self._namespace = namespace
        self.name = name

    @property
    def fn(self):
        if self._fn is None:
            code = compile(self.source, f"<numjax jit {self.name}>", "exec")
            exec(code, self._namespace)  # noqa: S102 - running generated code is jit's point
            self._fn = self._namespace[self.name]
        return self._fn

    def __call__(self, *arrays):
        return self.fn(*arrays)


class _Miss:
    def __repr__(self):
        return "MISS"


MISS = _Miss()


class Backend:
    """Turns an optimized closed jaxpr into a `Compiled`.

    `out_weak` gives the weak-type bit of each output (for wrapping them as Arrays) and
    `out_kind` says how the outputs are returned: "leaf" (one array), "tuple", or None (the
    caller unflattens the list itself; `fast` is then not generated). `arg_types` gives each
    argument's type for `fast`'s checks: `Array` or a Python scalar type.
    """

    name = "abstract"

    def compile(
        self, closed: ClosedJaxpr, name: str = "f", out_weak=None, out_kind=None, arg_types=None
    ) -> Compiled:
        raise NotImplementedError


_UFUNC_CALL = re.compile(r"np\.(\w+)\((.*)\)")
_NAME = re.compile(r"\bv\d+(?:_full)?\b")
_ASSIGN = re.compile(r"(v\d+(?:_full)?) = (.*)")
_REDUCE_CALL = re.compile(r"np\.(\w+)\.reduce\(")


def _ufunc_call(expr: str, ins: list[str]):
    """The ufunc name if `expr` is exactly `np.<ufunc>(<ins>)` (so `out=` can be appended)."""
    m = _UFUNC_CALL.fullmatch(expr)
    if m is None or m.group(2) != ", ".join(ins):
        return None
    return m.group(1) if isinstance(getattr(np, m.group(1), None), np.ufunc) else None


def _fresh(expr: str, ins: list[str]) -> bool:
    """True if `expr` allocates a new array and keeps no reference to its inputs."""
    if _ufunc_call(expr, ins) is not None:
        return True
    m = _REDUCE_CALL.match(expr)
    return m is not None and isinstance(getattr(np, m.group(1), None), np.ufunc)


def _last_uses(jaxpr) -> dict:
    last = {}
    for i, eqn in enumerate(jaxpr.eqns):
        for v in eqn.invars:
            if type(v) is Var:
                last[v] = i
    for v in jaxpr.outvars:
        if type(v) is Var:
            last[v] = len(jaxpr.eqns)
    return last


def _strip_ones(shape) -> tuple:
    shape = list(shape)
    while shape and shape[0] == 1:
        shape.pop(0)
    return tuple(shape)


def _expanded_shape(view, operand_ndim, shape, dims):
    """The rank-expanded view of a broadcast (leading 1s dropped), or None if dims unsorted."""
    if list(dims) != sorted(set(dims)):
        return None
    full = (1,) * (operand_ndim - len(view)) + tuple(view)
    out = [1] * len(shape)
    for i, d in enumerate(dims):
        out[d] = full[i]
    while out and out[0] == 1:
        out.pop(0)
    return tuple(out)


class NumpyBackend(Backend):
    name = "numpy"

    def compile(
        self, closed: ClosedJaxpr, name: str = "f", out_weak=None, out_kind=None, arg_types=None
    ) -> Compiled:
        return _Generator(closed, name).run(out_weak, out_kind, arg_types)


class _Generator:
    def __init__(self, closed: ClosedJaxpr, name: str):
        self.closed = closed
        self.jaxpr = closed.jaxpr
        self.fname = name
        self.namespace = {"np": np}
        self.names = {}  # Var -> local name
        self.view = {}  # Var -> runtime shape when smaller than aval.shape (lazy broadcast)
        self.full = {}  # Var -> name of its materialized (np.broadcast_to) version
        self.counter = 0
        self.hoisted = 0
        self.lines = []
        self.keep = set()  # indices of lines that must run even if nothing reads them
        self.reshaped = {}  # Var -> the Var it is a squeeze/reshape of
        self.owned = set()  # vars holding a buffer this function allocated and nothing views
        self.pool = {}  # (shape, dtype) -> names of dead owned buffers

    def fresh(self) -> str:
        name = f"v{self.counter}"
        self.counter += 1
        return name

    def hoist(self, value, prefix="c") -> str:
        key = f"_{prefix}{self.hoisted}"
        self.hoisted += 1
        self.namespace[key] = value
        return key

    def ref(self, v) -> str:
        if type(v) is Literal:
            return self.hoist(np.asarray(v.val, v.aval.dtype), "k")
        return self.names[v]

    def shape_of(self, v) -> tuple:
        return () if type(v) is Literal else self.view.get(v, v.aval.shape)

    def materialized(self, v) -> str:
        if type(v) is Literal or v not in self.view:
            return self.ref(v)
        name = self.full.get(v)
        if name is None:
            name = self.full[v] = self.fresh()  # not derived from names[v]: views share names
            self.lines.append(f"{name} = np.broadcast_to({self.names[v]}, {v.aval.shape})")
        return name

    def run(self, out_weak, out_kind, arg_types) -> Compiled:
        jaxpr = self.jaxpr
        for v, c in zip(jaxpr.constvars, self.closed.consts, strict=True):
            self.names[v] = self.hoist(np.asarray(c._value if type(c) is Array else c))
        args = []
        for v in jaxpr.invars:
            self.names[v] = self.fresh()
            args.append(self.names[v])
        last = _last_uses(jaxpr)
        for i, eqn in enumerate(jaxpr.eqns):
            self.emit_eqn(eqn, i, last, self.owned, self.pool)
        results = [self.materialized(v) for v in jaxpr.outvars]
        body = self.live_lines(results)
        ret = ", ".join(results) + ("," if len(results) == 1 else "")
        # NumPy warns on log(0), 1/0, inf - inf, ...; JAX is silent. One switch of NumPy's error
        # state per call, for programs computing floats or using a primitive that can warn (see
        # lax.helpers.quiet_errors).
        quiet = any(getattr(e.primitive, "quiet", False)
                    or any(dtypes.is_inexact(v.aval.dtype) for v in e.outvars)
                    for e in jaxpr.eqns)
        if quiet:
            self.namespace["_errors_off"] = errors_off
            self.namespace["_errors_on"] = errors_on
        source = _function(self.fname, args, body, f"({ret})", quiet)
        if out_weak is None or out_kind is None or arg_types is None:
            return Compiled(None, source, None, self.namespace, self.fname)
        fast_source = self.fast_source(args, body, results, out_weak, out_kind, arg_types,
                                       quiet)
        code = compile(fast_source, f"<numjax jit {self.fname}>", "exec")
        exec(code, self.namespace)  # noqa: S102 - running generated code is the point of jit
        return Compiled(None, source, self.namespace["fast"], self.namespace, self.fname)

    def emit_eqn(self, eqn, i, last, owned, pool):
        prim = eqn.primitive
        outvars = eqn.outvars
        if prim.name == "broadcast_in_dim" and self.lazy_broadcast(eqn):
            owned.discard(eqn.invars[0])  # the result is a view of it: never reuse it
            return
        lazy_ok = getattr(prim, "elementwise", False) and prim.emit is not None
        if lazy_ok:
            ins = [self.ref(v) for v in eqn.invars]
        else:
            ins = [self.materialized(v) for v in eqn.invars]
        if prim.emit is None:
            expr = None
        elif getattr(prim, "emit_avals", False):  # its code depends on operand ranks/dtypes
            expr = prim.emit(ins, avals=[v.aval for v in eqn.invars], **eqn.params)
        else:
            expr = prim.emit(ins, **eqn.params)
        if expr is None:
            lazy_ok = False
            ins = [self.materialized(v) for v in eqn.invars]
            impl = prim.impl
            fn = functools.partial(impl, **eqn.params) if eqn.params else impl
            expr = f"{self.hoist(fn, prim.name.replace('-', '_') + '_')}({', '.join(ins)})"
        outs = [self.fresh() for _ in outvars]
        for v, n in zip(outvars, outs, strict=True):
            self.names[v] = n
        # Buffers: inputs dying here become reusable; an input this eqn may alias is not.
        fresh = _fresh(expr, ins)
        for v in eqn.invars:
            if type(v) is not Var:
                continue
            if not fresh:
                owned.discard(v)
            elif last.get(v) == i and v in owned:
                owned.discard(v)
                pool.setdefault((v.aval.shape, v.aval.dtype), []).append(self.names[v])
        if not prim.multiple_results:
            out = outvars[0]
            if lazy_ok:
                shape = np.broadcast_shapes(*[self.shape_of(v) for v in eqn.invars])
                if shape != out.aval.shape:
                    self.view[out] = shape
            if out not in self.view and fresh and out.aval.ndim > 0:
                free = pool.get((out.aval.shape, out.aval.dtype))
                if free and _ufunc_call(expr, ins) is not None:
                    expr = f"{expr[:-1]}, out={free.pop()})"
                owned.add(out)
        target = ", ".join(outs) + ("," if prim.multiple_results and len(outs) == 1 else "")
        if prim.multiple_results and not outs:
            target = "_"
        self.lines.append(f"{target} = {expr}")
        if is_effectful(eqn):
            self.keep.add(len(self.lines) - 1)
        src = eqn.invars[0] if eqn.invars else None
        if (
            prim.name in ("reshape", "squeeze")
            and type(src) is Var
            and src not in self.view
            and outvars[0] not in self.view
        ):
            self.reshaped[outvars[0]] = self.reshaped.get(src, src)

    def lazy_broadcast(self, eqn) -> bool:
        (x,), out = eqn.invars, eqn.outvars[0]
        shape, dims = eqn.params["shape"], eqn.params["broadcast_dimensions"]
        view = _expanded_shape(self.shape_of(x), x.aval.ndim, shape, dims)
        if view is None:
            return False
        src = self.ref(x)
        y = self.reshaped.get(x)  # expanding a squeezed value again: use the original
        if y is not None and view == _strip_ones(y.aval.shape):
            x, src = y, self.names[y]
            self.owned.discard(y)
        if view == self.shape_of(x) or (type(x) is Literal and view == ()):
            self.names[out] = src
            self.lines.append(f"# {src} broadcast lazily to {shape}")
        else:
            self.names[out] = self.fresh()
            self.lines.append(f"{self.names[out]} = {src}.reshape({view})")
        if view != shape:
            self.view[out] = view
        return True

    def live_lines(self, results) -> list[str]:
        """The lines whose single target something later reads (rewrites above can leave a
        squeeze or reshape unread); comments and effectful lines stay."""
        used = set(_NAME.findall(" ".join(results)))
        kept = []
        for i in range(len(self.lines) - 1, -1, -1):
            line = self.lines[i]
            m = _ASSIGN.fullmatch(line)
            if m is not None and m.group(1) not in used and i not in self.keep:
                continue
            used.update(_NAME.findall(line if m is None else m.group(2)))
            kept.append(line)
        return kept[::-1]

    def fast_source(self, args, body, results, out_weak, out_kind, arg_types, quiet) -> str:
        """`fast(*args)`: signature check on the caller's Arrays, the body, wrapped outputs."""
        self.namespace["_Array"] = Array
        self.namespace["MISS"] = MISS
        lines = [f"if len(args) != {len(args)}:", "    return MISS"]
        for k, (v, name, t) in enumerate(zip(self.jaxpr.invars, args, arg_types, strict=True)):
            dt = self.hoist(v.aval.dtype, "dt")
            lines += [f"a{k} = args[{k}]"]
            if t is not Array:  # a Python scalar: its type fixes dtype and weak type
                self.namespace[t.__name__] = t
                lines += [
                    f"if type(a{k}) is not {t.__name__}:",
                    "    return MISS",
                    f"{name} = np.asarray(a{k}, {dt})",
                ]
                continue
            lines += [
                f"if type(a{k}) is not _Array:",
                "    return MISS",
                f"{name} = a{k}._value",
                (
                    f"if {name}.shape != {v.aval.shape} or {name}.dtype is not {dt} "
                    f"or a{k}.weak_type is not {v.aval.weak_type}:"
                ),
                "    return MISS",
            ]
        wrapped = [f"_Array({r}, {w})" for r, w in zip(results, out_weak, strict=True)]
        if out_kind == "leaf":
            ret = wrapped[0]
        else:
            ret = "(" + ", ".join(wrapped) + ("," if len(wrapped) == 1 else "") + ")"
        return _function("fast", ["*args"], body, ret, quiet, lines)


def _function(name, args, body, ret, quiet=False, head=()) -> str:
    lines = [f"def {name}({', '.join(args)}):"]
    lines += [f"    {line}" for line in head]
    if quiet and body:
        lines += ["    _errs = _errors_off()", "    try:"]
        lines += [f"        {line}" for line in body]
        lines += ["    finally:", "        _errors_on(_errs)"]
    else:
        lines += [f"    {line}" for line in body]
    lines.append(f"    return {ret}")
    return "\n".join(lines) + "\n"


DEFAULT_BACKEND = NumpyBackend()
