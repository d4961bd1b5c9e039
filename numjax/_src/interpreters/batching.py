"""vmap's interpreter: the batch trace. A BatchTracer holds a value with one extra axis `bdim`.

Values that are not this trace's tracers are unbatched (`bdim` None); a primitive none of
whose inputs is batched is bound in the parent trace untouched, so shared weights are never
copied per example. Reads only the `batch` slot of primitives.
"""

from __future__ import annotations

from ..core import Trace, Tracer, get_aval, set_current_trace

not_mapped = None


class BatchTracer(Tracer):
    __slots__ = ("val", "bdim")

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
        return f"VmapTracer(aval={self.aval!r}, batched={get_aval(self.val)!r})"


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
        prev = set_current_trace(self.parent)
        try:
            if not batched and not getattr(prim, "needs_axis", False):
                return prim.bind(*vals, **params)
            if prim.batch is None:
                raise NotImplementedError(f"Batching rule for '{prim}' not implemented")
            if getattr(prim, "needs_axis", False):
                out, out_bdim = prim.batch(vals, bdims, axis=self, **params)
            else:
                out, out_bdim = prim.batch(vals, bdims, **params)
        finally:
            set_current_trace(prev)
        if prim.multiple_results:
            return [self.wrap(o, d) for o, d in zip(out, out_bdim, strict=True)]
        return self.wrap(out, out_bdim)

    def wrap(self, val, bdim):
        return val if bdim is None else BatchTracer(self, val, bdim)


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
