"""`custom_jvp` and `custom_vjp`: user-supplied derivative rules as higher-order primitives.

A call of a decorated function binds `custom_jvp_call` / `custom_vjp_call` on the flattened
arguments; the params hold flat Python callables (`_fun`, and `jvp` or `fwd`/`bwd`). With no
active trace the call just runs the primal function. Each trace reads one slot:
- JVP (`jvp` slot): custom_jvp runs the user's rule in the parent trace; custom_vjp runs
  `fwd` there and emits `custom_lin(*residuals, *tangents)`, a linear step whose transpose
  calls `bwd`. Under `linearize` (reverse mode) partial evaluation stages `custom_lin`
  into the linear jaxpr, so `backward_pass` meets it and calls `bwd`; evaluated forward it
  raises JAX's "can't apply forward-mode autodiff (jvp) to a custom_vjp function".
- vmap (`batch`): rebinds the primitive in the parent with batched versions of the callables.
A function closing over tracers (e.g. a value being vmapped) is closure-converted at the call:
those tracers become explicit leading arguments (`num_consts`), so every trace sees them.
- staging (`stage`): jit/make_jaxpr record one equation (printed like JAX's, with
  `call_jaxpr`), closed-over tracers becoming explicit inputs; partial evaluation inlines
  the primal function (it only sees the primitive when applied to tangents, i.e. linearly).
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import dtypes
from .api_util import _as_array
from .array import Array
from .core import Primitive, Tracer, current_trace, get_aval
from .interpreters.batching import batch_flat
from .interpreters.jvp import Zero, instantiate, tangent_aval
from .interpreters.staging import JitTracer, trace_to_jaxpr
from .ir import ClosedJaxpr, Eqn, Jaxpr, Var, eval_jaxpr
from .lax.helpers import bdim_to_front, moveaxis
from .lax.reductions import reduce_sum
from .tree import tree_flatten, tree_leaves, tree_map, tree_structure, tree_unflatten

__all__ = ["closure_convert", "custom_jvp", "custom_vjp"]


class _Fn:
    """A callable param that prints as its name (`jvp=f_jvp`); hashed by identity."""

    __slots__ = ("fn", "name")

    def __init__(self, fn, name):
        self.fn = fn
        self.name = name

    def __call__(self, *args):
        return self.fn(*args)

    def __str__(self):
        return self.name

    __repr__ = __str__


def _name(f) -> str:
    return getattr(f, "__name__", type(f).__name__)


class _CallPrimitive(Primitive):
    """A primitive that, with no active trace, calls its `_fun` param (keeping weak types)."""

    def bind(self, *args, **params):
        if current_trace() is None:
            return params["_fun"](*args)
        return super().bind(*args, **params)


def _impl(*vals, _fun, **params):
    # Used by generated code (jit falls back to `impl` for primitives without `emit`).
    return [np.asarray(o._value if type(o) is Array else o) for o in _fun(*map(Array, vals))]


def _abstract_eval(*avals, _fun, call_jaxpr=None, **params):
    if call_jaxpr is None:
        call_jaxpr = trace_to_jaxpr(_fun, avals)
    return call_jaxpr.out_avals


def _stage(trace, args, params):
    """Partial evaluation inlines the primal; jit/make_jaxpr record one equation."""
    fun = params["_fun"]
    if trace.forward_known:
        return fun(*args)
    # Tracer constants (values closed over from enclosing traces) become explicit inputs.
    call, tracer_consts = closure_converted(fun, args)
    k = len(tracer_consts)

    def staged_fun(*xs):
        return eval_jaxpr(call.jaxpr, call.consts, *xs)

    new = dict(params, call_jaxpr=call, _fun=_Fn(staged_fun, str(fun)),
               _num_consts=params["_num_consts"] + k)
    if new["_num_consts"]:
        new["num_consts"] = new["_num_consts"]  # shown when nonzero, as JAX prints it
    for rule in ("jvp", "fwd", "bwd"):
        if rule in params:
            new[rule] = _with_consts(rule, params[rule], k)
    invars = [trace.to_var(c) for c in [*tracer_consts, *args]]
    outvars = [Var(a) for a in call.out_avals]
    trace.eqns.append(Eqn(params["_prim"], invars, outvars, new))
    return [JitTracer(trace, v) for v in outvars]


def closure_converted(fun, args):
    """The jaxpr of `fun` on `args`' types with the tracers it closes over as leading inputs:
    returns `(closed_jaxpr, tracer_consts)`."""
    closed = trace_to_jaxpr(fun, [get_aval(a) for a in args])
    jaxpr = closed.jaxpr
    traced = [isinstance(c, Tracer) for c in closed.consts]
    inner = Jaxpr([v for v, t in zip(jaxpr.constvars, traced) if not t],
                  [v for v, t in zip(jaxpr.constvars, traced) if t] + jaxpr.invars,
                  jaxpr.eqns, jaxpr.outvars)
    kept = [c for c, t in zip(closed.consts, traced) if not t]
    return ClosedJaxpr(inner, kept), [c for c, t in zip(closed.consts, traced) if t]


def _closes_over_tracers(fun, static) -> bool:
    """Whether `fun`'s closure cells or the static (nondiff) arguments hold tracers: a cheap
    check that catches the common nested `def` closing over a traced value."""
    values = [v for _, v in static]
    for cell in getattr(fun, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return any(isinstance(v, Tracer) or (isinstance(v, (tuple, list, dict)) and any(
        isinstance(leaf, Tracer) for leaf in tree_leaves(v))) for v in values)


def _bind_call(prim, leaves, fun, rules, params, closes_over_tracers):
    """Binds `prim`; a function closing over tracers is closure-converted first."""
    if not closes_over_tracers:
        return prim.bind(*leaves, _fun=fun, _num_consts=0, **rules, **params)
    closed, consts = closure_converted(fun, leaves)
    k = len(consts)

    def converted(*xs):
        return eval_jaxpr(closed.jaxpr, closed.consts, *xs)

    rules = {name: _with_consts(name, rule, k) for name, rule in rules.items()}
    return prim.bind(*consts, *leaves, _fun=_Fn(converted, str(fun)), _num_consts=k, **rules,
                     **params)


def _with_consts(rule, fn, k):
    """`fn` adapted to `k` leading constant inputs (closed-over values, not differentiated)."""
    if k == 0:
        return fn
    if rule == "jvp":
        def wrapped(primals, tangents):
            _check_consts_not_differentiated(tangents[:k])
            return fn(primals[k:], tangents[k:])
    elif rule == "fwd":
        def wrapped(*args):
            return fn(*args[k:])
    else:
        def wrapped(res, cts):
            return [None] * k + list(fn(res, cts))
    return _Fn(wrapped, str(fn))


def _check_consts_not_differentiated(tangents):
    if any(type(t) is not Zero for t in tangents):
        raise TypeError(
            "Detected differentiation of a custom_jvp/custom_vjp function with respect to a "
            "closed-over value. That isn't supported because the custom rule only specifies how "
            "to differentiate the function with respect to explicit input parameters. Try "
            "passing the closed-over value into the custom function as an explicit argument "
            "(jax.closure_convert can help)."
        )


def _moved_to_front(args, bdims):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    args = [a if d is None else moveaxis(a, d, 0) for a, d in zip(args, bdims)]
    return size, args, [None if d is None else 0 for d in bdims]


def _batched(fn, dims, size):
    """`fn` (flat -> flat list) run under vmap over `dims`; every output batched on axis 0."""
    def run(*xs):
        outs, out_dims = batch_flat(lambda *a: list(fn(*a)), list(xs), dims, size)
        return [_front(o, d, size) for o, d in zip(outs, out_dims)]

    return run


def _front(x, d, size):
    if x is None:
        return None
    if type(x) is Zero:
        return Zero(x.aval.update(shape=(size, *x.aval.shape)))
    return bdim_to_front(x, d, size)


def _unbatched_zero(t, d):
    """A batched symbolic Zero as seen inside the vmapped function (one example's shape)."""
    if type(t) is Zero and d is not None:
        return Zero(t.aval.update(shape=t.aval.shape[1:])), None
    return t, d


# ---------------------------------------------------------------------------------------------
# custom_jvp_call


custom_jvp_call_p = _CallPrimitive("custom_jvp_call", multiple_results=True)


def _custom_jvp_call_jvp(primals, tangents, *, jvp, **params):
    return jvp(list(primals), list(tangents))


def _custom_jvp_call_batch(args, bdims, *, _fun, jvp, **params):
    size, args, dims = _moved_to_front(args, bdims)
    n = len(args)

    def jvp_b(primals, tangents):
        pairs = [_unbatched_zero(t, d) for t, d in zip(tangents, dims)]
        t_in, t_dims = [p[0] for p in pairs], [p[1] for p in pairs]

        def both(*xs):
            outs, out_t = jvp(list(xs[:n]), list(xs[n:]))
            return [*outs, *out_t]

        res = _batched(both, dims + t_dims, size)(*primals, *t_in)
        half = len(res) // 2
        return res[:half], res[half:]

    params = dict(params, call_jaxpr=None, _fun=_Fn(_batched(_fun, dims, size), str(_fun)),
                  jvp=_Fn(jvp_b, str(jvp)))
    outs = custom_jvp_call_p.bind(*args, **params)
    return outs, [0] * len(outs)


custom_jvp_call_p.impl = _impl
custom_jvp_call_p.abstract_eval = _abstract_eval
custom_jvp_call_p.stage = _stage
custom_jvp_call_p.jvp = _custom_jvp_call_jvp
custom_jvp_call_p.batch = _custom_jvp_call_batch


# ---------------------------------------------------------------------------------------------
# custom_vjp_call and custom_lin


custom_vjp_call_p = _CallPrimitive("custom_vjp_call", multiple_results=True)
custom_lin_p = Primitive("custom_lin", multiple_results=True)

_NO_JVP = "can't apply forward-mode autodiff (jvp) to a custom_vjp function."


def _custom_vjp_call_jvp(primals, tangents, *, fwd, bwd, **params):
    k = params["_num_consts"]
    _check_consts_not_differentiated(tangents[:k])
    outs, res = fwd(*primals)
    in_diff = tuple(dtypes.is_inexact(get_aval(p).dtype) for p in primals)
    out_diff = tuple(dtypes.is_inexact(get_aval(o).dtype) for o in outs)
    lin_in = [instantiate(t) for t, d in zip(tangents, in_diff) if d]
    out_avals = tuple(get_aval(o) for o in outs)
    lin_out = custom_lin_p.bind(*res, *lin_in, num_res=len(res), bwd=bwd, in_diff=in_diff,
                                out_avals=out_avals)
    it = iter(lin_out)
    return outs, [next(it) if d else Zero.like(o) for o, d in zip(outs, out_diff)]


def _custom_vjp_call_batch(args, bdims, *, _fun, fwd, bwd, **params):
    size, args, dims = _moved_to_front(args, bdims)
    n_out = []

    def fwd_b(*xs):
        def flat(*a):
            outs, res = fwd(*a)
            n_out[:] = [len(outs)]
            return [*outs, *res]

        res = _batched(flat, dims, size)(*xs)
        return res[:n_out[0]], res[n_out[0]:]

    def bwd_b(res, cts):
        nr = len(res)
        cts = [instantiate(c) for c in cts]
        in_cts = _batched(lambda *a: bwd(list(a[:nr]), list(a[nr:])), [0] * (nr + len(cts)),
                          size)(*res, *cts)
        # An unbatched input's cotangent sums over the examples.
        return [c if c is None or d == 0 else reduce_sum(c, (0,)) for c, d in zip(in_cts, dims)]

    params = dict(params, call_jaxpr=None, _fun=_Fn(_batched(_fun, dims, size), str(_fun)),
                  fwd=_Fn(fwd_b, str(fwd)), bwd=_Fn(bwd_b, str(bwd)))
    outs = custom_vjp_call_p.bind(*args, **params)
    return outs, [0] * len(outs)


custom_vjp_call_p.impl = _impl
custom_vjp_call_p.abstract_eval = _abstract_eval
custom_vjp_call_p.stage = _stage
custom_vjp_call_p.jvp = _custom_vjp_call_jvp
custom_vjp_call_p.batch = _custom_vjp_call_batch


def _no_jvp(*args, **params):
    raise TypeError(_NO_JVP)


def _custom_lin_abstract_eval(*avals, out_avals, in_diff, **params):
    return [tangent_aval(a) for a in out_avals if dtypes.is_inexact(a.dtype)]


def _custom_lin_transpose(cts, *args, num_res, bwd, in_diff, out_avals):
    res = list(args[:num_res])
    it = iter(cts)
    full = []
    for aval in out_avals:
        if dtypes.is_inexact(aval.dtype):
            ct = next(it)
            full.append(instantiate(ct) if type(ct) is Zero else ct)
        else:
            full.append(np.zeros(aval.shape, dtypes.float0))
    in_cts = bwd(res, full)
    lin = [c for c, d in zip(in_cts, in_diff) if d]
    return [None] * num_res + lin


custom_lin_p.impl = _no_jvp
custom_lin_p.abstract_eval = _custom_lin_abstract_eval
custom_lin_p.weak_type_rule = lambda *weak, out_avals, **params: [
    a.weak_type for a in out_avals if dtypes.is_inexact(a.dtype)]
custom_lin_p.jvp = _no_jvp
custom_lin_p.batch = _no_jvp
custom_lin_p.transpose = _custom_lin_transpose


# ---------------------------------------------------------------------------------------------
# User-facing decorators


def _resolve_args(fun, args, kwargs):
    if not kwargs:
        return args
    try:
        bound = inspect.signature(fun).bind(*args, **kwargs)
    except (TypeError, ValueError) as e:
        raise TypeError(f"The input arguments to the custom function {_name(fun)} could not be "
                        f"resolved to positional-only arguments. Binding failed with the error:"
                        f"\n{e}") from None
    bound.apply_defaults()
    return bound.args


def _split_nondiff(args, nondiff_argnums):
    nondiff = {i % len(args) for i in nondiff_argnums} if args else set()
    static = [(i, args[i]) for i in sorted(nondiff)]
    dyn = tuple(a for i, a in enumerate(args) if i not in nondiff)
    return static, dyn


def _merge(static, dyn):
    out = list(dyn)
    for i, v in static:
        out.insert(i, v)
    return out


def _flat_primal(fun, static, in_tree, store):
    def flat(*xs):
        out = fun(*_merge(static, tree_unflatten(in_tree, xs)))
        leaves, store["tree"] = tree_flatten(out)
        return [_as_array(o) for o in leaves]

    return _Fn(flat, _name(fun))


def _type_text(aval) -> str:
    return f"{aval.dtype.name}[{','.join(map(str, aval.shape))}]"


class custom_jvp:
    """A function with a custom JVP rule.

    Decorate `fun`, then give the rule with `@f.defjvp`: `rule(primals, tangents)` gets tuples
    of the (differentiable) arguments and their tangents and returns `(primal_out,
    tangent_out)` of matching pytree structure, shapes and dtypes. Reverse mode transposes the
    rule's linear part, so a rule linear in the tangents serves `grad` too. Calling the
    function evaluates `fun` only. Args at `nondiff_argnums` are passed to the rule first,
    unchanged (use them for Python values such as functions).

    Raises AttributeError when called before `defjvp`, TypeError for a rule whose output is
    not a pair or does not match in structure, shape or dtype.
    """

    # Slots keep these out of __dict__, which functools.wraps (e.g. in jit) copies.
    __slots__ = ("__dict__", "__weakref__", "fun", "jvp", "nondiff_argnums", "symbolic_zeros")

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.jvp = None
        self.symbolic_zeros = False

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)

    def defjvp(self, jvp, symbolic_zeros=False):
        """Sets the JVP rule; returns it, so `@f.defjvp` works as a decorator."""
        self.jvp = jvp
        self.symbolic_zeros = symbolic_zeros
        return jvp

    def defjvps(self, *jvps):
        """One rule per argument: `jvps[i](tangent_i, primal_out, *primals)` gives argument
        i's contribution to the output tangent; None marks an argument with none."""
        if self.nondiff_argnums:
            raise TypeError("Can't use ``defjvps`` with ``nondiff_argnums``.")

        def jvp(primals, tangents):
            ans = self(*primals)
            total = None
            for rule, t in zip(jvps, tangents, strict=True):
                if rule is None:
                    continue
                part = rule(t, ans, *primals)
                total = part if total is None else tree_map(lambda a, b: a + b, total, part)
            if total is None:
                total = tree_map(lambda a: _as_array(a) * 0, ans)
            return ans, total

        self.defjvp(jvp)

    def __call__(self, *args, **kwargs):
        name = _name(self.fun)
        if self.jvp is None:
            raise AttributeError(f"No JVP defined for custom_jvp function {name} using defjvp.")
        args = _resolve_args(self.fun, args, kwargs)
        if current_trace() is None:
            return self.fun(*args)
        static, dyn = _split_nondiff(args, self.nondiff_argnums)
        leaves, in_tree = tree_flatten(dyn)
        leaves = [_as_array(x) for x in leaves]
        store = {}
        rule, rule_name = self.jvp, _name(self.jvp)
        nondiff = [v for _, v in static]

        def jvp_flat(primals, tangents):
            p_args = tree_unflatten(in_tree, primals)
            t_args = tree_unflatten(in_tree, [instantiate(t) for t in tangents])
            out = rule(*nondiff, tuple(p_args), tuple(t_args))
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise TypeError(
                    f"Custom JVP rule {rule_name} for function {name} must produce a pair (list "
                    "or tuple of length two) representing primal and tangent outputs, but got "
                    f"{out}.")
            p_leaves, p_tree = tree_flatten(out[0])
            t_leaves, t_tree = tree_flatten(out[1])
            if p_tree != t_tree:
                raise TypeError(
                    f"Custom JVP rule {rule_name} for function {name} must produce primal and "
                    "tangent outputs with equal container (pytree) structures, but got "
                    f"{p_tree} and {t_tree} respectively.")
            store["tree"] = p_tree
            p_leaves = [_as_array(p) for p in p_leaves]
            return p_leaves, [_out_tangent(p, t) for p, t in zip(p_leaves, t_leaves)]

        outs = _bind_call(custom_jvp_call_p, leaves, _flat_primal(self.fun, static, in_tree, store),
                          {"jvp": _Fn(jvp_flat, rule_name)},
                          {"_prim": custom_jvp_call_p, "name": name, "call_jaxpr": None,
                           "symbolic_zeros": self.symbolic_zeros},
                          _closes_over_tracers(self.fun, static))
        return tree_unflatten(store["tree"], outs)


def _out_tangent(p, t):
    """Checks a rule's output tangent against its primal; integer outputs get a Zero."""
    p_aval = get_aval(p)
    expected = tangent_aval(p_aval)
    if isinstance(t, np.ndarray) and t.dtype == dtypes.float0 or t is None:
        t_aval = expected.update(shape=np.shape(t)) if t is not None else expected
        if t_aval.shape != expected.shape or expected.dtype != dtypes.float0:
            _bad_tangent(expected, p_aval, t_aval)
        return Zero(expected)
    t = _as_array(t)
    t_aval = get_aval(t)
    if t_aval.shape != expected.shape or t_aval.dtype != expected.dtype:
        _bad_tangent(expected, p_aval, t_aval)
    return t


def _bad_tangent(expected, p_aval, t_aval):
    raise TypeError(
        "Custom JVP rule must produce primal and tangent outputs with corresponding shapes and "
        f"dtypes. Expected {_type_text(expected)} (tangent type of {_type_text(p_aval)}) but "
        f"got {_type_text(t_aval)}.")


class custom_vjp:
    """A function with a custom VJP (reverse-mode) rule, set with `f.defvjp(fwd, bwd)`.

    `fwd(*args)` returns `(primal_out, residuals)` (any pytree of arrays); `bwd(residuals,
    ct)` returns a tuple with one cotangent per argument (None for a zero cotangent), each
    shaped like its argument. Under reverse mode only `fwd` runs forward and `bwd` pulls back;
    calling the function evaluates `fun` only; forward mode (`jvp`) raises TypeError, as in
    JAX. Args at `nondiff_argnums` are passed to `bwd` first and get no cotangent.
    """

    __slots__ = (
        "__dict__",
        "__weakref__",
        "bwd",
        "fun",
        "fwd",
        "nondiff_argnums",
        "symbolic_zeros",
    )

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.fwd = None
        self.bwd = None
        self.symbolic_zeros = False

    def __get__(self, obj, objtype=None):
        return self if obj is None else functools.partial(self, obj)

    def defvjp(self, fwd, bwd, symbolic_zeros=False, optimize_remat=False):
        """Sets the forward (`fwd`) and backward (`bwd`) rules."""
        self.fwd = fwd
        self.bwd = bwd
        self.symbolic_zeros = symbolic_zeros

    def __call__(self, *args, **kwargs):
        name = _name(self.fun)
        if self.fwd is None:
            raise AttributeError(f"No VJP defined for custom_vjp function {name} using defvjp.")
        args = _resolve_args(self.fun, args, kwargs)
        if current_trace() is None:
            return self.fun(*args)
        static, dyn = _split_nondiff(args, self.nondiff_argnums)
        leaves, in_tree = tree_flatten(dyn)
        leaves = [_as_array(x) for x in leaves]
        store = {}
        fwd, bwd = self.fwd, self.bwd
        fwd_name = _name(fwd)
        nondiff = [v for _, v in static]

        def fwd_flat(*xs):
            out = fwd(*_merge(static, tree_unflatten(in_tree, xs)))
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise TypeError(
                    f"Custom VJP fwd rule {fwd_name} for function {name} must produce a pair "
                    "(list or tuple of length two) where the first element represents the "
                    f"primal output (equal to those of the custom_vjp-decorated function {name}) "
                    "and the second element represents residuals (i.e. values stored from the "
                    "forward pass for use on the backward pass), but instead of a pair the fwd "
                    f"rule {fwd_name} produced {out}.")
            out_leaves, store["tree"] = tree_flatten(out[0])
            res_leaves, store["res_tree"] = tree_flatten(out[1])
            return [_as_array(o) for o in out_leaves], [_as_array(r) for r in res_leaves]

        def bwd_flat(res, cts):
            r = tree_unflatten(store["res_tree"], res)
            ct = tree_unflatten(store["tree"], cts)
            return _check_bwd_output(bwd(*nondiff, r, ct), dyn, in_tree)

        outs = _bind_call(custom_vjp_call_p, leaves, _flat_primal(self.fun, static, in_tree, store),
                          {"fwd": _Fn(fwd_flat, fwd_name), "bwd": _Fn(bwd_flat, _name(bwd))},
                          {"_prim": custom_vjp_call_p, "name": name, "call_jaxpr": None,
                           "symbolic_zeros": self.symbolic_zeros},
                          _closes_over_tracers(self.fun, static))
        return tree_unflatten(store["tree"], outs)


def _check_bwd_output(cts, dyn, in_tree):
    """Flattens bwd's cotangents (one per argument, None for zero) against the arguments."""
    in_struct = tree_structure(tuple(dyn))
    if not isinstance(cts, (tuple, list)) or len(cts) != len(dyn):
        raise TypeError(
            "Custom VJP bwd rule must produce an output with the same container (pytree) "
            "structure as the args tuple of the primal function, and in particular must produce "
            "a tuple of length equal to the number of arguments to the primal function, but got "
            f"bwd output structure {tree_structure(cts)} for primal input structure "
            f"{in_struct}.")
    flat = []
    for i, (ct, arg) in enumerate(zip(cts, dyn)):
        arg_leaves, arg_tree = tree_flatten(arg)
        if ct is None:
            flat.extend([None] * len(arg_leaves))
            continue
        ct_leaves, ct_tree = tree_flatten(ct, is_leaf=lambda x: x is None)
        if ct_tree != arg_tree:
            raise TypeError(
                "Custom VJP bwd rule must produce an output with the same container (pytree) "
                "structure as the args tuple of the primal function, and in particular must "
                "produce a tuple of length equal to the number of arguments to the primal "
                f"function, but got bwd output structure {tree_structure(tuple(cts))} for "
                f"primal input structure {in_struct}.")
        for j, (c, a) in enumerate(zip(ct_leaves, arg_leaves)):
            if c is None or isinstance(c, np.ndarray) and c.dtype == dtypes.float0:
                flat.append(None)
                continue
            c = _as_array(c)
            a_aval, c_aval = get_aval(a), get_aval(c)
            if a_aval.shape != c_aval.shape:
                where = f"output[{i}]" if len(ct_leaves) == 1 else f"output[{i}] leaf {j}"
                raise ValueError(
                    "Custom VJP bwd rule must produce an output with the same type as the args "
                    f"tuple of the primal function, but at {where} the bwd rule produced an "
                    f"output of type {_type_text(c_aval)} corresponding to an input of type "
                    f"{_type_text(a_aval)}, so the shapes do not match")
            flat.append(c if dtypes.is_inexact(a_aval.dtype) else None)
    return flat


def closure_convert(fun, *example_args):
    """Returns `(converted, consts)`: `converted(*args, *consts)` computes `fun(*args)` with the
    floating-point values `fun` closes over (e.g. tracers of an enclosing `grad`) as explicit
    trailing arguments, so a custom_vjp/custom_jvp can differentiate with respect to them."""
    leaves, in_tree = tree_flatten(example_args)
    store = {}

    def flat(*xs):
        out_leaves, store["tree"] = tree_flatten(fun(*tree_unflatten(in_tree, xs)))
        return [_as_array(o) for o in out_leaves]

    closed = trace_to_jaxpr(flat, [get_aval(_as_array(x)) for x in leaves])
    jaxpr = closed.jaxpr
    hoist = [i for i, c in enumerate(closed.consts) if dtypes.is_inexact(get_aval(c).dtype)]
    kept = [i for i in range(len(closed.consts)) if i not in hoist]
    consts = [closed.consts[i] for i in hoist]
    inner = Jaxpr([jaxpr.constvars[i] for i in kept],
                  jaxpr.invars + [jaxpr.constvars[i] for i in hoist], jaxpr.eqns, jaxpr.outvars)
    kept_vals = [closed.consts[i] for i in kept]
    n_args = len(example_args)
    out_tree = store["tree"]

    def converted(*args):
        xs, cs = args[:n_args], args[n_args:]
        x_leaves, tree = tree_flatten(tuple(xs))
        if tree != in_tree:
            raise TypeError(f"closure_convert: arguments {tree} do not match {in_tree}")
        return tree_unflatten(out_tree, eval_jaxpr(inner, kept_vals, *x_leaves, *cs))

    functools.update_wrapper(converted, fun)
    return converted, consts
