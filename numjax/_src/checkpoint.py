"""`checkpoint` (alias `remat`) and `checkpoint_policies`: trade compute for memory in reverse mode.

A checkpointed call binds `remat2` (JAX's printed name) holding the closed jaxpr of the
function. Rules:
- eager: runs the function; jit/make_jaxpr record one `remat2` equation.
- jvp: binds `remat2` again on (primals, tangents) with the jaxpr of the JVP
  (`differentiated=True`).
- partial evaluation (linearize): outputs that depend only on known inputs are computed
  now; the others become one staged `remat2` equation whose only saved values are the
  call's inputs, not its intermediates.
- transpose: `backward_pass` over the inner jaxpr, which first re-evaluates the non-linear
  (primal) equations from the saved inputs: the recomputation that checkpointing means.
- vmap: rebinds `remat2` with the jaxpr of the batched function.
`policy` (which intermediates may be saved) is accepted and validated; numjax saves none.
"""

from __future__ import annotations

import dataclasses
import functools
from types import SimpleNamespace

import numpy as np

from . import dtypes
from .api_util import _as_array
from .array import Array
from .core import Primitive, current_trace
from .custom_derivatives import closure_converted
from .interpreters.batching import batch_flat
from .interpreters.jvp import Zero, instantiate, jvp_flat
from .interpreters.staging import JitTracer
from .interpreters.transpose import backward_pass, is_undefined
from .ir import ClosedJaxpr, Jaxpr, Var, eval_jaxpr
from .lax.helpers import bdim_to_front, moveaxis
from .tree import tree_flatten, tree_unflatten


def checkpoint(fun=None, *, prevent_cse: bool = True, policy=None, static_argnums=()):
    """Makes reverse mode recompute `fun`'s intermediates instead of storing them.

    Args:
      fun: the function; usable as `@checkpoint` or `@checkpoint(policy=...)`.
      prevent_cse: recorded on the equation (numjax's CSE never merges across it anyway).
      policy: a predicate from `checkpoint_policies` (or None: save nothing); accepted,
        numjax saves nothing.
      static_argnums: arguments that are Python values, not arrays.
    Returns a function with the same signature and values as `fun`; derivatives of any order
    and every other transformation agree with the plain function.
    """
    if fun is None:
        return functools.partial(checkpoint, prevent_cse=prevent_cse, policy=policy,
                                 static_argnums=static_argnums)
    if not callable(fun):
        raise TypeError(f"Expected a callable value, got {fun!r}")
    if policy is not None and not callable(policy):
        raise TypeError(f"checkpoint policy must be callable, got {policy!r}")
    if isinstance(static_argnums, int):
        static_argnums = (static_argnums,)
    static_argnums = tuple(static_argnums)

    @functools.wraps(fun)
    def remat_f(*args, **kwargs):
        for i in static_argnums:
            if not -len(args) <= i < len(args):
                raise ValueError(
                    "Positional argument indices, e.g. for `static_argnums`, must have value "
                    "greater than or equal to -len(args) and less than len(args), but got value "
                    f"{i} for len(args) == {len(args)}.")
        if current_trace() is None:
            return fun(*args, **kwargs)
        statics = {i % len(args) for i in static_argnums}
        dyn = [a for i, a in enumerate(args) if i not in statics]
        leaves, in_tree = tree_flatten((dyn, kwargs))
        leaves = [_as_array(x) for x in leaves]
        store = {}

        def flat(*xs):
            d, kw = tree_unflatten(in_tree, xs)
            it = iter(d)
            full = [args[i] if i in statics else next(it) for i in range(len(args))]
            out_leaves, store["tree"] = tree_flatten(fun(*full, **kw))
            return [_as_array(o) for o in out_leaves]

        closed, consts = closure_converted(flat, leaves)
        outs = remat_p.bind(*consts, *leaves, jaxpr=closed, prevent_cse=prevent_cse,
                            differentiated=False, policy=policy)
        return tree_unflatten(store["tree"], outs)

    return remat_f


remat = checkpoint


class _RematPrimitive(Primitive):
    """With no active trace, evaluates the jaxpr directly (keeping weak types)."""

    def bind(self, *args, **params):
        if current_trace() is None:
            jaxpr = params["jaxpr"]
            return eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *args)
        return super().bind(*args, **params)


remat_p = _RematPrimitive("remat2", multiple_results=True)


def _remat_impl(*args, jaxpr, **params):
    outs = eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *[Array(a) for a in args])
    return [np.asarray(o._value if type(o) is Array else o) for o in outs]


def _remat_jvp(primals, tangents, *, jaxpr, **params):
    diff_in = [type(t) is not Zero for t in tangents]
    out_float = [dtypes.is_inexact(a.dtype) for a in jaxpr.out_avals]
    n = len(primals)

    def jvp_fun(*xs):
        it = iter(xs[n:])
        ts = [next(it) if d else t for d, t in zip(diff_in, tangents)]
        outs, out_t = jvp_flat(lambda *a: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *a),
                               list(xs[:n]), ts)
        return [*outs, *[instantiate(t) for t, f in zip(out_t, out_float) if f]]

    lin_in = [t for t in tangents if type(t) is not Zero]
    closed, consts = closure_converted(jvp_fun, [*primals, *lin_in])
    res = remat_p.bind(*consts, *primals, *lin_in, jaxpr=closed,
                       **dict(params, differentiated=True))
    outs, it = res[:len(out_float)], iter(res[len(out_float):])
    return outs, [next(it) if f else Zero.like(o) for o, f in zip(outs, out_float)]


def _remat_stage(trace, args, params):
    jaxpr = params["jaxpr"]
    if not trace.forward_known:
        return trace.stage_eqn(remat_p, args, params)
    # Partial evaluation: known-only outputs now; the rest as one equation over the inputs.
    unknown_in = [type(a) is JitTracer and a._trace is trace for a in args]
    unknown_out = _dependence(jaxpr.jaxpr, unknown_in)
    known_j = _restrict(jaxpr, [not u for u in unknown_out])
    known_vals = trace.run_in_parent(eval_jaxpr, known_j.jaxpr, known_j.consts, *args)
    unknown_vals = []
    if any(unknown_out):
        unknown_j = _restrict(jaxpr, unknown_out)
        unknown_vals = trace.stage_eqn(remat_p, args, dict(params, jaxpr=unknown_j))
    k, u = iter(known_vals), iter(unknown_vals)
    return [next(u) if flag else next(k) for flag in unknown_out]


def _dependence(jaxpr, unknown_in):
    unknown = {v for v, u in zip(jaxpr.invars, unknown_in) if u}
    for eqn in jaxpr.eqns:
        if any(type(v) is Var and v in unknown for v in eqn.invars):
            unknown.update(eqn.outvars)
    return [type(v) is Var and v in unknown for v in jaxpr.outvars]


def _restrict(closed, keep):
    """`closed` computing only the outputs flagged in `keep` (dead equations dropped)."""
    jaxpr = closed.jaxpr
    outvars = [v for v, k in zip(jaxpr.outvars, keep) if k]
    live = {v for v in outvars if type(v) is Var}
    eqns = []
    for eqn in reversed(jaxpr.eqns):
        if any(v in live for v in eqn.outvars):
            eqns.append(eqn)
            live.update(v for v in eqn.invars if type(v) is Var)
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns[::-1], outvars), closed.consts)


def _remat_transpose(cts, *args, jaxpr, **params):
    # backward_pass re-evaluates the primal equations from the saved inputs, then transposes.
    cts = [None if type(c) is Zero else c for c in cts]
    in_cts = backward_pass(jaxpr.jaxpr, jaxpr.consts, list(args), cts)
    return [c if is_undefined(a) else None for c, a in zip(in_cts, args)]


def _remat_batch(args, bdims, *, jaxpr, **params):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    args = [a if d is None else moveaxis(a, d, 0) for a, d in zip(args, bdims)]
    dims = [None if d is None else 0 for d in bdims]

    def batched(*xs):
        outs, out_dims = batch_flat(lambda *a: eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *a),
                                    list(xs), dims, size)
        return [bdim_to_front(o, d, size) for o, d in zip(outs, out_dims)]

    closed, consts = closure_converted(batched, args)
    outs = remat_p.bind(*consts, *args, jaxpr=closed, **params)
    return outs, [0] * len(outs)


remat_p.impl = _remat_impl
remat_p.abstract_eval = lambda *avals, jaxpr, **params: jaxpr.out_avals
remat_p.weak_type_rule = lambda *weak, jaxpr, **params: [a.weak_type for a in jaxpr.out_avals]
remat_p.stage = _remat_stage
remat_p.jvp = _remat_jvp
remat_p.transpose = _remat_transpose
remat_p.batch = _remat_batch


def _names_of(params) -> set:
    name = params.get("name") if isinstance(params, dict) else None
    return {name} if name is not None else set()


def everything_saveable(*_, **__) -> bool:
    return True


def nothing_saveable(*_, **__) -> bool:
    return False


def dots_saveable(prim, *_, **__) -> bool:
    return getattr(prim, "name", str(prim)) == "dot_general"


def dots_with_no_batch_dims_saveable(prim, *_, **params) -> bool:
    if getattr(prim, "name", str(prim)) != "dot_general":
        return False
    (_, _), (lb, rb) = params["dimension_numbers"]
    return not lb and not rb


def save_only_these_names(*names):
    wanted = set(names)
    return lambda prim, *_, **params: bool(_names_of(params) & wanted)


def save_any_names_but_these(*names):
    unwanted = set(names)
    return lambda prim, *_, **params: bool(_names_of(params)) and not _names_of(params) & unwanted


def save_anything_except_these_names(*names):
    unwanted = set(names)
    return lambda prim, *_, **params: not _names_of(params) & unwanted


def save_from_both_policies(policy_1, policy_2):
    return lambda *args, **params: policy_1(*args, **params) or policy_2(*args, **params)


class _Decision:
    """`Recompute` / `Saveable`: what a policy may answer besides a bool."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


Recompute, Saveable = _Decision("Recompute"), _Decision("Saveable")


@dataclasses.dataclass(frozen=True)
class Offloadable:
    """A policy's answer for a residual kept in another memory space; numjax has one (host)
    memory, so offloading is saving."""

    src: str
    dst: str


def offload_dot_with_no_batch_dims(offload_src, offload_dst):
    def policy(prim, *avals, **params):
        if dots_with_no_batch_dims_saveable(prim, *avals, **params):
            return Offloadable(offload_src, offload_dst)
        return Recompute

    return policy


def save_and_offload_only_these_names(*, names_which_can_be_saved, names_which_can_be_offloaded,
                                      offload_src, offload_dst):
    saved, offloaded = set(names_which_can_be_saved), set(names_which_can_be_offloaded)

    def policy(prim, *_, **params):
        names = _names_of(params)
        if names & saved:
            return Saveable
        if names & offloaded:
            return Offloadable(offload_src, offload_dst)
        return Recompute

    return policy


checkpoint_policies = SimpleNamespace(
    offload_dot_with_no_batch_dims=offload_dot_with_no_batch_dims,
    save_and_offload_only_these_names=save_and_offload_only_these_names,
    everything_saveable=everything_saveable,
    nothing_saveable=nothing_saveable,
    dots_saveable=dots_saveable,
    checkpoint_dots=dots_saveable,
    dots_with_no_batch_dims_saveable=dots_with_no_batch_dims_saveable,
    checkpoint_dots_with_no_batch_dims=dots_with_no_batch_dims_saveable,
    save_only_these_names=save_only_these_names,
    save_any_names_but_these=save_any_names_but_these,
    save_anything_except_these_names=save_anything_except_these_names,
    save_from_both_policies=save_from_both_policies,
)


def checkpoint_name(x, name):
    """Tags `x` with `name` for name-based policies; the value is returned unchanged."""
    return x
