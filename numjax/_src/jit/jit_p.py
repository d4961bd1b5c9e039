"""`jit` as a primitive: `jit_p.bind(*flat_args, jaxpr=, name=, _inline=, _compiled=)`.

Its rules recurse into the jaxpr, so every transformation composes with jit, and
differentiation keeps the program compiled (as JAX's do):
- eager: runs the compiled code (`_compiled`, hidden from printing);
- staging (jit in jit, make_jaxpr): records one `jit` equation holding the jaxpr, unless
  `_inline=True`;
- jvp: a `jit` of the JVP jaxpr (primal and tangent outputs, one compiled program);
- partial evaluation (linearize): the jaxpr splits into a known `jit`, run now, and an
  unknown `jit` that is staged and takes the known residuals;
- transpose: a `jit` of the transposed jaxpr;
- vmap: a `jit` of the batched jaxpr (interpreted instead when the jaxpr holds collectives,
  which may name an enclosing vmap's axis).
Derived jaxprs are built once per (jaxpr, zero/known pattern) and kept in a bounded cache.
"""

from __future__ import annotations

import collections

from .. import dtypes
from ..core import Primitive, set_current_trace
from ..interpreters.batching import batch_flat
from ..interpreters.jvp import Zero, instantiate, jvp_flat, tangent_aval
from ..interpreters.staging import JitTracer, trace_to_jaxpr
from ..interpreters.transpose import UndefinedPrimal, backward_pass, is_undefined
from ..ir import Jaxpr, eval_jaxpr

jit_p = Primitive("jit", multiple_results=True)


def _impl(*args, jaxpr, name, _inline, _compiled):
    return _compiled(*args)


def _abstract_eval(*avals, jaxpr, name, _inline, _compiled):
    return [a.strip_weak_type() for a in jaxpr.out_avals]


# ---------------------------------------------------------------------------------------------
# Derived jaxprs, compiled once


_DERIVED = collections.OrderedDict()  # (kind, id(jaxpr), pattern) -> (jaxpr, result)
_DERIVED_SIZE = 512


def _derived(kind, closed, pattern, build):
    key = (kind, id(closed), pattern)
    hit = _DERIVED.get(key)
    if hit is not None and hit[0] is closed:  # holding `closed` keeps its id unique
        _DERIVED.move_to_end(key)
        return hit[1]
    prev = set_current_trace(None)
    try:
        result = build()
    finally:
        set_current_trace(prev)
    _DERIVED[key] = (closed, result)
    if len(_DERIVED) > _DERIVED_SIZE:
        _DERIVED.popitem(last=False)
    return result


def clear_derived():
    _DERIVED.clear()


def _compiled_fn(closed, name):
    from . import passes
    from .codegen import DEFAULT_BACKEND

    ident = "".join(c if c.isalnum() else "_" for c in name)
    return DEFAULT_BACKEND.compile(passes.optimize(closed), f"f_{ident}")


def _bind(args, closed, name):
    return jit_p.bind(
        *args, jaxpr=closed, name=name, _inline=False, _compiled=_compiled_fn_cached(closed, name)
    )


def _compiled_fn_cached(closed, name):
    return _derived("compile", closed, None, lambda: _compiled_fn(closed, name))


# ---------------------------------------------------------------------------------------------
# Staging and partial evaluation


def _stage(trace, args, params):
    closed = params["jaxpr"]
    if params["_inline"]:
        return eval_jaxpr(closed.jaxpr, closed.consts, *args)
    if not trace.forward_known:
        return trace.stage_eqn(jit_p, args, params)
    known = tuple(not (type(a) is JitTracer and a._trace is trace) for a in args)
    known_jaxpr, unknown_jaxpr, out_known, res_from_args = _derived(
        "partial", closed, known, lambda: _partial_eval_jaxpr(closed, known)
    )
    name = params["name"]
    known_args = [a for a, k in zip(args, known) if k]
    known_outs = trace.run_in_parent(_bind, known_args, known_jaxpr, name)
    n_known = sum(out_known)
    res_it = iter(known_outs[n_known:])
    residuals = [known_args[i] if i is not None else next(res_it) for i in res_from_args]
    unknown_args = [*residuals, *(a for a, k in zip(args, known) if not k)]
    unknown_outs = trace.stage_eqn(
        jit_p,
        unknown_args,
        {
            "jaxpr": unknown_jaxpr,
            "name": name,
            "_inline": False,
            "_compiled": _compiled_fn_cached(unknown_jaxpr, name),
        },
    )
    k_it, u_it = iter(known_outs[:n_known]), iter(unknown_outs)
    return [next(k_it) if k else next(u_it) for k in out_known]


def _partial_eval_jaxpr(closed, known):
    """(known jaxpr: known inputs -> known outputs + residuals, unknown jaxpr: residuals +
    unknown inputs -> unknown outputs, which outputs are known, for each residual the index
    of the known input it is or None).

    The jaxpr is re-run under partial evaluation (not split equation by equation), so that
    higher-order equations inside it (scan, cond, a nested jit) split by their own rules."""
    from ..lax.control_flow_common import partial_eval_jaxpr

    pe = partial_eval_jaxpr(
        closed,
        [not k for k in known],
        [False] * len(closed.out_avals),
        forwardable=[True] * sum(known),
    )
    return pe.known, pe.unknown, tuple(not u for u in pe.out_unknowns), tuple(pe.res_forward)


# ---------------------------------------------------------------------------------------------
# Differentiation


def _jvp(primals, tangents, *, jaxpr, name, _inline, _compiled):
    nonzero = tuple(type(t) is not Zero for t in tangents)
    if any(nz and t.dtype == dtypes.float0 for t, nz in zip(tangents, nonzero)):
        return jvp_flat(lambda *xs: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *xs), primals, tangents)
    jvp_jaxpr, out_nonzero = _derived("jvp", jaxpr, nonzero, lambda: _jvp_jaxpr(jaxpr, nonzero))
    outs = _bind([*primals, *(t for t in tangents if type(t) is not Zero)], jvp_jaxpr, name)
    n = len(jaxpr.jaxpr.outvars)
    it = iter(outs[n:])
    tangents_out = [
        next(it) if nz else Zero(tangent_aval(a)) for a, nz in zip(jaxpr.out_avals, out_nonzero)
    ]
    return outs[:n], tangents_out


def _jvp_jaxpr(closed, nonzero):
    avals = closed.in_avals
    n = len(avals)
    store = {}

    def f(*xs):
        it = iter(xs[n:])
        tangents = [next(it) if nz else Zero(tangent_aval(a)) for a, nz in zip(avals, nonzero)]
        po, to = jvp_flat(lambda *a: eval_jaxpr(closed.jaxpr, closed.consts, *a), xs[:n], tangents)
        store["nonzero"] = tuple(type(t) is not Zero for t in to)
        return [*po, *(t for t in to if type(t) is not Zero)]

    in_avals = [*avals, *(tangent_aval(a) for a, nz in zip(avals, nonzero) if nz)]
    return trace_to_jaxpr(f, in_avals), store["nonzero"]


def _transpose(cts, *args, jaxpr, name, _inline, _compiled):
    undefined = tuple(is_undefined(a) for a in args)
    ct_nonzero = tuple(c is not None and type(c) is not Zero for c in cts)
    t_jaxpr = _derived(
        "transpose",
        jaxpr,
        (undefined, ct_nonzero),
        lambda: _transpose_jaxpr(jaxpr, undefined, ct_nonzero),
    )
    defined = [a for a, u in zip(args, undefined) if not u]
    outs = _bind([*defined, *(c for c, nz in zip(cts, ct_nonzero) if nz)], t_jaxpr, name)
    it = iter(outs)
    return [next(it) if u else None for u in undefined]


def _transpose_jaxpr(closed, undefined, ct_nonzero):
    in_avals, out_avals = closed.in_avals, closed.out_avals
    n_defined = undefined.count(False)

    def f(*xs):
        it = iter(xs[:n_defined])
        args = [UndefinedPrimal(a) if u else next(it) for a, u in zip(in_avals, undefined)]
        ct_it = iter(xs[n_defined:])
        cts = [next(ct_it) if nz else Zero(tangent_aval(a)) for a, nz in zip(out_avals, ct_nonzero)]
        in_cts = backward_pass(closed.jaxpr, closed.consts, args, cts)
        return [
            instantiate(Zero(a) if c is None else c)
            for a, c, u in zip(in_avals, in_cts, undefined)
            if u
        ]

    avals = [
        *(a for a, u in zip(in_avals, undefined) if not u),
        *(tangent_aval(a) for a, nz in zip(out_avals, ct_nonzero) if nz),
    ]
    return trace_to_jaxpr(f, avals)


# ---------------------------------------------------------------------------------------------
# Batching


def _batch(args, bdims, *, batch_trace, jaxpr, name, _inline, _compiled):
    size, axis_name = batch_trace.axis_size, batch_trace.axis_name
    if _uses_collectives(jaxpr.jaxpr):  # they may name an enclosing vmap's axis: interpret
        return batch_flat(
            lambda *xs: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *xs), args, bdims, size, axis_name
        )
    pattern = (tuple(bdims), size)
    batched, out_bdims = _derived(
        "batch", jaxpr, pattern, lambda: _batch_jaxpr(jaxpr, tuple(bdims), size)
    )
    return _bind(list(args), batched, name), list(out_bdims)


def _batch_jaxpr(closed, bdims, size):
    store = {}

    def f(*xs):
        outs, store["bdims"] = batch_flat(
            lambda *a: eval_jaxpr(closed.jaxpr, closed.consts, *a), xs, bdims, size
        )
        return outs

    in_avals = [
        a if d is None else a.update(shape=(*a.shape[:d], size, *a.shape[d:]))
        for a, d in zip(closed.in_avals, bdims, strict=True)
    ]
    return trace_to_jaxpr(f, in_avals), tuple(store["bdims"])


def _uses_collectives(jaxpr) -> bool:
    for eqn in jaxpr.eqns:
        if getattr(eqn.primitive, "needs_axis", False):
            return True
        for value in eqn.params.values():
            inner = getattr(value, "jaxpr", value)
            if isinstance(inner, Jaxpr) and _uses_collectives(inner):
                return True
    return False


jit_p.impl = _impl
jit_p.abstract_eval = _abstract_eval
jit_p.stage = _stage
jit_p.jvp = _jvp
jit_p.transpose = _transpose
jit_p.batch = _batch
jit_p.batch_with_trace = True  # keeps vmap's axis_name for collectives inside the jaxpr
jit_p.weak_type_rule = lambda *weak, jaxpr, **params: [a.weak_type for a in jaxpr.out_avals]
