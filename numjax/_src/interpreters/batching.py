"""vmap's interpreter: the batch trace. A BatchTracer holds a value with one extra axis `bdim`.

Values that are not this trace's tracers are unbatched (`bdim` None); a primitive none of
whose inputs is batched is bound in the parent trace untouched, so shared weights are never
copied per example. Reads only the `batch` slot of primitives.

Collectives (`lax.psum`, ...; primitives with `needs_axis = True`) are given to their batch
rule even when unbatched, with `batch_trace=` this trace: the rule acts when the trace's
`axis_name` is one it names and otherwise passes the primitive on to the parent trace.
Higher-order primitives set `batch_with_trace = True` to get the trace too (so an inner
batch trace they start keeps the axis name).
"""

from __future__ import annotations

from ..core import Trace, Tracer, current_trace, get_aval, set_current_trace

not_mapped = None


class BatchTracer(Tracer):
    __slots__ = ("bdim", "val")

    def __init__(self, trace, val, bdim: int):
        self._trace = trace
        self.val = val
        self.bdim = bdim

    @property
    def aval(self):
        aval = get_aval(self.val)
        shape = aval.shape[: self.bdim] + aval.shape[self.bdim + 1 :]
        return aval.update(shape=shape)

    def __repr__(self):
        return f"VmapTracer(aval={self.aval}, batched={get_aval(self.val)})"


class BatchTrace(Trace):
    def __init__(self, axis_size: int, axis_name=None):
        super().__init__()
        self.axis_size = axis_size
        self.axis_name = axis_name

    def lift(self, x):
        if type(x) is BatchTracer and x._trace is self:
            return x.val, x.bdim
        self.check_foreign(x)
        return x, None

    def process(self, prim, args, params):
        vals, bdims = [], []
        batched = False
        for a in args:
            if type(a) is BatchTracer and a._trace is self:
                vals.append(a.val)
                bdims.append(a.bdim)
                batched = True
            else:
                self.check_foreign(a)
                vals.append(a)
                bdims.append(None)
        needs_axis = getattr(prim, "needs_axis", False)
        with_trace = getattr(prim, "batch_with_trace", False)
        if with_trace and not batched:
            # Unbatched, a higher-order primitive still needs its rule if its body has
            # collectives (psum of a constant, axis_index): they may name this axis.
            needs_axis = _has_collectives(params)
        prev = set_current_trace(self.parent)
        try:
            if not batched and not needs_axis:
                return prim.bind(*vals, **params)
            if prim.batch is None:
                raise NotImplementedError(f"Batching rule for '{prim}' not implemented")
            if needs_axis or with_trace:
                out, out_bdim = prim.batch(vals, bdims, batch_trace=self, **params)
            else:
                out, out_bdim = prim.batch(vals, bdims, **params)
        finally:
            set_current_trace(prev)
        if prim.multiple_results:
            return [self.wrap(o, d) for o, d in zip(out, out_bdim, strict=True)]
        return self.wrap(out, out_bdim)

    def wrap(self, val, bdim):
        return val if bdim is None else BatchTracer(self, val, bdim)


def _has_collectives(params) -> bool:
    """Whether a jaxpr among `params` (or nested in them) binds a collective."""
    stack = list(params.values())
    while stack:
        v = stack.pop()
        if isinstance(v, (tuple, list)):
            stack.extend(v)
            continue
        jaxpr = getattr(v, "jaxpr", v)
        eqns = getattr(jaxpr, "eqns", None)
        if eqns is None or not isinstance(eqns, list):
            continue
        for eqn in eqns:
            if getattr(eqn.primitive, "needs_axis", False):
                return True
            stack.extend(eqn.params.values())
    return False


def find_axis(name, trace=None):
    """The innermost BatchTrace named `name` enclosing `trace` (default: the current one)."""
    t = current_trace() if trace is None else trace
    while t is not None:
        if type(t) is BatchTrace and t.axis_name == name:
            return t
        t = t.parent
    return None


def batch_flat(fun, args, in_dims, axis_size, axis_name=None):
    """Runs `fun` on batched flat args; returns (outs, out_bdims) with values in the parent."""
    trace = BatchTrace(axis_size, axis_name)
    ins = [trace.wrap(a, d) for a, d in zip(args, in_dims, strict=True)]
    prev = set_current_trace(trace)
    try:
        outs = fun(*ins)
    finally:
        set_current_trace(prev)
    pairs = [trace.lift(o) for o in outs]
    return [p[0] for p in pairs], [p[1] for p in pairs]
