"""`jit` as a primitive: `jit_p.bind(*flat_args, jaxpr=..., compiled=...)`.

Its rules recurse into the jaxpr, so every transformation composes with jit:
- eager: runs the compiled code;
- staging (jit in jit, make_jaxpr, linearize's partial evaluation): inlines the jaxpr into
  the enclosing trace, which then stages or evaluates each equation;
- jvp and vmap: interpret the jaxpr in a nested JVP/batch trace.
"""

from __future__ import annotations

from ..core import Primitive
from ..interpreters.batching import batch_flat
from ..interpreters.jvp import jvp_flat
from ..ir import eval_jaxpr

jit_p = Primitive("pjit", multiple_results=True)


def _impl(*args, jaxpr, compiled, name):
    return compiled(*args)


def _abstract_eval(*avals, jaxpr, compiled, name):
    return jaxpr.out_avals


def _stage(trace, args, params):
    closed = params["jaxpr"]
    return eval_jaxpr(closed.jaxpr, closed.consts, *args)


def _jvp(primals, tangents, *, jaxpr, compiled, name):
    return jvp_flat(lambda *xs: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *xs), primals, tangents)


def _batch(args, bdims, *, jaxpr, compiled, name):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    return batch_flat(lambda *xs: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *xs), args, bdims, size)


jit_p.impl = _impl
jit_p.abstract_eval = _abstract_eval
jit_p.stage = _stage
jit_p.jvp = _jvp
jit_p.batch = _batch
jit_p.weak_type_rule = lambda *weak, jaxpr, compiled, name: [a.weak_type for a in jaxpr.out_avals]
