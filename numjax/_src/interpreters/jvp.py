"""Forward mode: the JVP trace. A JVPTracer carries a primal and a (never symbolic-zero) tangent.

Values that are not this trace's tracers have a symbolic `Zero` tangent; when every input
tangent is zero the primitive is simply bound in the parent trace, and outputs whose tangent
is zero leave the trace as plain values. Reads only the `jvp` slot of primitives.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray, Trace, Tracer, concrete_value, get_aval, set_current_trace


class Zero:
    """A symbolic zero tangent or cotangent of type `aval`."""

    __slots__ = ("aval",)

    def __init__(self, aval: ShapedArray):
        self.aval = aval

    @staticmethod
    def like(x) -> Zero:
        return Zero(tangent_aval(get_aval(x)))

    def __repr__(self):
        return f"Zero({self.aval})"


def tangent_aval(aval: ShapedArray) -> ShapedArray:
    """Tangents of integer and boolean values have JAX's `float0` dtype."""
    if dtypes.is_inexact(aval.dtype):
        return aval
    return ShapedArray(aval.shape, dtypes.float0, False)


def zeros_like_aval(aval: ShapedArray):
    if aval.dtype == dtypes.float0:
        return np.zeros(aval.shape, dtypes.float0)
    return Array(np.zeros(aval.shape, aval.dtype), aval.weak_type)


def instantiate(t):
    return zeros_like_aval(t.aval) if type(t) is Zero else t


_add_p = None  # lax's add primitive; registered by numjax._src.lax.elementwise


def register_add(add_p) -> None:
    global _add_p
    _add_p = add_p


def add_tangents(a, b):
    """Sums two tangents, either of which may be a symbolic Zero."""
    if type(a) is Zero:
        return b
    if type(b) is Zero:
        return a
    return _add_p.bind(a, b)


class JVPTracer(Tracer):
    __slots__ = ("primal", "tangent")

    def __init__(self, trace, primal, tangent):
        self._trace = trace
        self.primal = primal
        self.tangent = tangent

    @property
    def aval(self):
        return get_aval(self.primal)

    def to_concrete(self):
        return concrete_value(self.primal)

    def __repr__(self):
        # As JAX: under grad/linearize (a tangent being staged) a GradTracer showing the
        # tangent's type; under jvp a JVPTracer showing both values.
        t = self.tangent
        if isinstance(t, Tracer) and getattr(t._trace, "forward_known", False):
            return f"GradTracer(primal={self.primal}, typeof(tangent)={get_aval(t).str_short()})"
        return f"JVPTracer(primal={self.primal}, tangent={t})"


class JVPTrace(Trace):
    def lift(self, x):
        if type(x) is JVPTracer and x._trace is self:
            return x.primal, x.tangent
        self.check_foreign(x)
        return x, None

    def process(self, prim, args, params):
        primals, tangents = [], []
        nonzero = False
        for a in args:
            if type(a) is JVPTracer and a._trace is self:
                primals.append(a.primal)
                tangents.append(a.tangent)
                nonzero = True
            else:
                self.check_foreign(a)
                primals.append(a)
                tangents.append(None)
        prev = set_current_trace(self.parent)
        try:
            if not nonzero:
                return prim.bind(*primals, **params)
            tangents = [Zero.like(p) if t is None else t for p, t in zip(primals, tangents)]
            if prim.jvp is None:
                raise NotImplementedError(f"Differentiation rule for '{prim}' not implemented")
            out, out_t = prim.jvp(primals, tangents, **params)
        finally:
            set_current_trace(prev)
        if prim.multiple_results:
            return [self.wrap(o, t) for o, t in zip(out, out_t, strict=True)]
        return self.wrap(out, out_t)

    def wrap(self, primal, tangent):
        if type(tangent) is Zero:
            return primal
        return JVPTracer(self, primal, tangent)


def jvp_flat(fun, primals, tangents, aux_store=None):
    """Runs `fun(*primals)` in a fresh JVP trace. Tangents may be Zero. Returns (outs, out_tangents).

    With `aux_store`, an auxiliary output the function saved as `aux_store["aux_raw"]` leaves
    the trace as its primal values in `aux_store["aux"]`."""
    trace = JVPTrace()
    ins = [trace.wrap(p, t) for p, t in zip(primals, tangents, strict=True)]
    prev = set_current_trace(trace)
    try:
        outs = fun(*ins)
    finally:
        set_current_trace(prev)
    out_primals, out_tangents = [], []
    for o in outs:
        p, t = trace.lift(o)
        out_primals.append(p)
        out_tangents.append(Zero.like(p) if t is None else t)
    if aux_store is not None and "aux_raw" in aux_store:
        aux_store["aux"] = strip_aux(aux_store, trace)
    return out_primals, out_tangents


def strip_aux(aux_store, trace):
    """Aux outputs leave the differentiation trace as their primal values; an argument that was
    a Python scalar, returned unchanged, comes back as `aux_store["typed"]` maps it (as JAX
    gives it back: the scalar itself from jvp, a typed scalar from grad and vjp)."""
    from ..tree import tree_map

    typed = aux_store.get("typed", {})

    def strip(x):
        if isinstance(x, Tracer):
            x = trace.lift(x)[0]
        return typed.get(id(x), x)

    return tree_map(strip, aux_store["aux_raw"])
