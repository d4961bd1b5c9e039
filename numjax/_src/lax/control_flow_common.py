"""Jaxpr-to-jaxpr transformations shared by the control-flow primitives (cond, scan, while).

A control-flow primitive holds closed jaxprs of its bodies; its rules build new bodies by
tracing a function that interprets the old one under a transformation:
- `jvp_jaxpr`: (primals, nonzero tangents) -> (primal outs, nonzero tangent outs);
- `batch_jaxpr`: every batched input and output has its batch axis first;
- `partial_eval_jaxpr`: a known jaxpr (known inputs -> known outputs + residuals) and an
  unknown one (residuals + unknown inputs -> unknown outputs), for linearize;
- `transpose_jaxpr`: (non-linear inputs, output cotangents) -> cotangents of linear inputs.
Also: tracing user functions (consts hoisted into explicit operands), JAX's type-mismatch
messages, and the compiled bodies the eager loops run. Holds no primitive.
"""

from __future__ import annotations

import collections
import inspect

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray, Tracer, get_aval, set_current_trace
from ..interpreters.batching import batch_flat
from ..interpreters.jvp import Zero, instantiate, jvp_flat, tangent_aval
from ..interpreters.staging import DebugInfo, JitTracer, StagingTrace, trace_to_jaxpr
from ..interpreters.transpose import UndefinedPrimal, backward_pass
from ..ir import ClosedJaxpr, Jaxpr, Var, eval_jaxpr
from ..tree import (
    flatten_one_level_with_keys,
    keystr,
    tree_flatten,
    tree_flatten_with_path,
    tree_structure,
    tree_unflatten,
    treedef_is_leaf,
)
from .helpers import bdim_to_front, moveaxis

# ---------------------------------------------------------------------------------------------
# Operands and user functions


def canonical_operand(x):
    """Arrays, tracers and Python scalars pass; NumPy values become canonical-dtype Arrays."""
    if isinstance(x, (Array, Tracer)) or dtypes.is_python_scalar(x):
        return x
    if isinstance(x, (np.ndarray, np.generic)):
        return Array(np.asarray(x, dtypes.canonicalize_dtype(x.dtype)))
    if hasattr(x, "__jax_array__"):
        return canonical_operand(x.__jax_array__())
    raise TypeError(f"Value {x!r} of type {type(x)} is not a valid JAX type")


def as_array(x):
    """`x` as an Array or tracer (Python scalars keep their weak type)."""
    x = canonical_operand(x)
    if dtypes.is_python_scalar(x):
        return Array(np.asarray(x, dtypes.python_scalar_dtype(x)), dtypes.is_weakly_typed(x))
    return x


def flatten_operands(tree):
    leaves, treedef = tree_flatten(tree)
    return [canonical_operand(x) for x in leaves], treedef


def arg_names(fun, args) -> list[str]:
    """Names of the flattened arguments of `fun(*args)` for error messages (`c[1]`, `x`)."""
    try:
        params = list(inspect.signature(fun).parameters)
    except (TypeError, ValueError):
        params = []
    names = []
    for i, arg in enumerate(args):
        base = params[i] if i < len(params) else f"args[{i}]"
        for path, _ in tree_flatten_with_path(arg)[0]:
            names.append(base + keystr(path))
    return names


def trace_user_fun(fun, in_avals, what: str, names=None):
    """Stages `fun(*tracers) -> flat outputs` into (closed jaxpr, hoisted consts).

    Closed-over tracers of enclosing transformations become leading inputs of the jaxpr (the
    primitive passes them as operands, so its rules see them like any other input). Concrete
    closed-over arrays stay consts of the closed jaxpr, where jit's passes can fold them.
    """
    closed = trace_to_jaxpr(fun, in_avals, DebugInfo(what, fun, names))
    jaxpr = closed.jaxpr
    hoist = [isinstance(c, Tracer) for c in closed.consts]
    if not any(hoist):
        return closed, []
    keep_vars = [v for v, h in zip(jaxpr.constvars, hoist) if not h]
    hoisted_vars = [v for v, h in zip(jaxpr.constvars, hoist) if h]
    new = Jaxpr(keep_vars, [*hoisted_vars, *jaxpr.invars], jaxpr.eqns, jaxpr.outvars)
    return (
        ClosedJaxpr(new, [c for c, h in zip(closed.consts, hoist) if not h]),
        [c for c, h in zip(closed.consts, hoist) if h],
    )


def is_tracer_of(trace, x) -> bool:
    """Whether `x` is a value of staging trace `trace` (unknown to partial evaluation)."""
    return type(x) is JitTracer and x._trace is trace


def trace_jaxpr(fun, in_avals) -> ClosedJaxpr:
    """Stages a rule's function into a closed jaxpr whose consts are all concrete values."""
    closed = trace_to_jaxpr(fun, in_avals)
    assert not any(isinstance(c, Tracer) for c in closed.consts), "tracer leaked into a body"
    return closed


def flat_outputs(out):
    leaves, treedef = tree_flatten(out)
    return [canonical_operand(x) for x in leaves], treedef


def typematch(a: ShapedArray, b: ShapedArray) -> bool:
    """Equal types up to weak type (JAX's `typematch`)."""
    return a.shape == b.shape and a.dtype == b.dtype


def type_text(aval: ShapedArray) -> str:
    """JAX's long form in messages, e.g. `float32[2,3]`."""
    return f"{aval.dtype.name}[{','.join(str(d) for d in aval.shape)}]"


def mismatch_extra(a: ShapedArray, b: ShapedArray) -> str:
    parts = []
    if a.dtype != b.dtype:
        parts.append("the dtypes do not match")
    if a.shape != b.shape:
        parts.append("the shapes do not match")
    return ", so " + " and ".join(parts) if parts else ""


def tree_differences(t1, t2):
    """(path, what t1 is, what t2 is, why) for each structural difference of two pytrees."""
    if treedef_is_leaf(tree_structure(t1)) and treedef_is_leaf(tree_structure(t2)):
        return
    if type(t1) is not type(t2):
        yield (), str(type(t1)), str(type(t2)), "their Python types differ"
        return
    if isinstance(t1, (list, tuple)) and len(t1) != len(t2):
        yield (
            (),
            f"{type(t1).__name__} of length {len(t1)}",
            f"{type(t2).__name__} of length {len(t2)}",
            "the lengths do not match",
        )
        return
    kids1, meta1 = flatten_one_level_with_keys(t1)
    kids2, meta2 = flatten_one_level_with_keys(t2)
    if len(kids1) != len(kids2):

        def what(t, kids):
            return f"{type(t)} with {len(kids)} child{'ren' if len(kids) > 1 else ''}"

        yield (), what(t1, kids1), what(t2, kids2), "the numbers of children do not match"
        return
    if meta1 != meta2:
        yield (
            (),
            f"{type(t1)} with pytree metadata {meta1}",
            f"{type(t2)} with pytree metadata {meta2}",
            "the pytree node metadata does not match",
        )
        return
    for (key, a), (_, b) in zip(kids1, kids2):
        for path, x, y, why in tree_differences(a, b):
            yield (key, *path), x, y, why


def join_differences(diffs) -> str:
    if len(diffs) == 1:
        return diffs[0][0].upper() + diffs[0][1:] + ".\n"
    return "\n".join(f"  * {d};\n" for d in diffs[:-1]) + f"  * {diffs[-1]}.\n"


class _LeafMeta(type):
    def __repr__(cls):
        return "pytree leaf"


class _Leaf(metaclass=_LeafMeta):
    """Stands for every leaf when only two tree structures are compared."""


def structure_differences(tree1, tree2):
    return tree_differences(
        tree_unflatten(tree1, [_Leaf()] * tree1.num_leaves),
        tree_unflatten(tree2, [_Leaf()] * tree2.num_leaves),
    )


def check_carry(name: str, body_fun, in_tree, in_avals, out_tree, out_avals) -> None:
    """JAX's TypeErrors for a loop body whose carry changes structure or type."""
    try:
        carry_name = next(iter(inspect.signature(body_fun).parameters))
    except (TypeError, ValueError, StopIteration):
        carry_name = None

    def component(path):
        if carry_name:
            return (
                f"the input carry component {carry_name}{keystr(path)}"
                if path
                else f"the input carry {carry_name}"
            )
        return f"the input carry at path {keystr(path)}" if path else "the input carry"

    if in_tree != out_tree:
        diffs = [
            f"{component(p)} is a {a} but the corresponding component of the carry "
            f"output is a {b}, so {why}"
            for p, a, b, why in tree_differences(
                tree_unflatten(in_tree, in_avals), tree_unflatten(out_tree, out_avals)
            )
        ]
        if not diffs:
            return
        raise TypeError(
            f"{name} function carry input and carry output must have the same pytree "
            f"structure, but they differ:\n\n{join_differences(diffs)}\nRevise the function "
            "so that the carry output has the same pytree structure as the carry input."
        )
    paths = [p for p, _ in tree_flatten_with_path(tree_unflatten(in_tree, in_avals))[0]]
    diffs = [
        f"{component(p)} has type {type_text(a)} but the corresponding output carry "
        f"component has type {type_text(b)}{mismatch_extra(a, b)}"
        for p, a, b in zip(paths, in_avals, out_avals, strict=True)
        if not typematch(a, b)
    ]
    if diffs:
        raise TypeError(
            f"{name} function carry input and carry output must have equal types, but they "
            f"differ:\n\n{join_differences(diffs)}\nRevise the function so that all output "
            "types match the corresponding input types."
        )


def promote_weak_carry(values, in_avals, out_avals):
    """Weakly typed initial carries take the body's output dtype (JAX's weak-type promotion).

    Returns (new values, whether anything changed); the caller retraces when it did.
    """
    from .elementwise import convert_element_type

    changed = False
    out = list(values)
    for i, (x, a, b) in enumerate(zip(values, in_avals, out_avals, strict=True)):
        if a.weak_type and not typematch(a, b):
            new = dtypes.result_type(x, b.dtype)
            if new != a.dtype:
                out[i] = convert_element_type(x, new)
                changed = True
    return out, changed


# ---------------------------------------------------------------------------------------------
# Jaxpr surgery


def permute(closed: ClosedJaxpr, in_order=None, out_order=None) -> ClosedJaxpr:
    """The same jaxpr with inputs/outputs reordered: new input k is old input in_order[k]."""
    jaxpr = closed.jaxpr
    invars = jaxpr.invars if in_order is None else [jaxpr.invars[i] for i in in_order]
    outvars = jaxpr.outvars if out_order is None else [jaxpr.outvars[i] for i in out_order]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, invars, jaxpr.eqns, outvars), closed.consts)


def prune_outputs(closed: ClosedJaxpr, keep) -> ClosedJaxpr:
    """Keeps the outputs where `keep` is True and drops equations nothing then reads."""
    jaxpr = closed.jaxpr
    outvars = [v for v, k in zip(jaxpr.outvars, keep, strict=True) if k]
    live = {v for v in outvars if type(v) is Var}
    eqns = []
    for eqn in reversed(jaxpr.eqns):
        if any(v in live for v in eqn.outvars) or getattr(eqn.primitive, "effectful", False):
            eqns.append(eqn)
            live.update(v for v in eqn.invars if type(v) is Var)
    eqns.reverse()
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, outvars), closed.consts)


def used_inputs(closed: ClosedJaxpr) -> list[bool]:
    jaxpr = closed.jaxpr
    used = {v for v in jaxpr.outvars if type(v) is Var}
    for eqn in jaxpr.eqns:
        used.update(v for v in eqn.invars if type(v) is Var)
    return [v in used for v in jaxpr.invars]


def zeros(aval: ShapedArray):
    """Zeros of type `aval` (a broadcast view: Arrays are never written to)."""
    return Array(np.broadcast_to(np.zeros((), aval.dtype), aval.shape), aval.weak_type)


def differentiable(aval: ShapedArray) -> bool:
    return dtypes.is_inexact(aval.dtype)


def stacked(aval: ShapedArray, length: int) -> ShapedArray:
    return aval.update(shape=(length, *aval.shape))


def unstacked(aval: ShapedArray) -> ShapedArray:
    return aval.update(shape=aval.shape[1:])


def cast_like(x, aval: ShapedArray):
    """`x` converted to `aval`'s dtype and weak type if it differs (rule outputs must be exact)."""
    from .elementwise import convert_element_type

    xa = get_aval(x)
    if xa.dtype != aval.dtype or xa.weak_type != aval.weak_type:
        return convert_element_type(x, aval.dtype, aval.weak_type)
    return x


# ---------------------------------------------------------------------------------------------
# The transformations


def jvp_jaxpr(closed: ClosedJaxpr, nonzeros, instantiate_out):
    """Returns (jaxpr, out_nonzeros). The jaxpr maps (primals, tangents of the `nonzeros`
    inputs) to (primal outputs, tangents of the nonzero or `instantiate_out` outputs)."""
    in_avals = closed.in_avals
    n = len(in_avals)
    t_avals = [tangent_aval(a) for a, nz in zip(in_avals, nonzeros, strict=True) if nz]
    store = {}

    def fun(*args):
        it = iter(args[n:])
        tangents = [
            next(it) if nz else Zero(tangent_aval(a))
            for a, nz in zip(in_avals, nonzeros, strict=True)
        ]
        outs, out_t = jvp_flat(
            lambda *xs: eval_jaxpr(closed.jaxpr, closed.consts, *xs), list(args[:n]), tangents
        )
        out_nz = [
            (type(t) is not Zero or inst) and differentiable(get_aval(o))
            for o, t, inst in zip(outs, out_t, instantiate_out, strict=True)
        ]
        store["nz"] = out_nz
        t_outs = [
            cast_like(instantiate(t), tangent_aval(a))
            for t, nz, a in zip(out_t, out_nz, closed.out_avals)
            if nz
        ]
        return [*outs, *t_outs]

    jaxpr = trace_jaxpr(fun, [*in_avals, *t_avals])
    return jaxpr, store["nz"]


def batch_jaxpr(closed: ClosedJaxpr, axis_size: int, in_batched, instantiate_out, axis_name=None):
    """Returns (jaxpr, out_batched); batched inputs and outputs carry the batch axis first.

    `axis_name` is the vmapped axis's name, for collectives inside the body."""
    avals = [
        stacked(a, axis_size) if b else a for a, b in zip(closed.in_avals, in_batched, strict=True)
    ]
    store = {}

    def fun(*args):
        outs, dims = batch_flat(
            lambda *xs: eval_jaxpr(closed.jaxpr, closed.consts, *xs),
            list(args),
            [0 if b else None for b in in_batched],
            axis_size,
            axis_name,
        )
        result, batched = [], []
        for o, d, inst in zip(outs, dims, instantiate_out, strict=True):
            if d is None and inst:
                o, d = bdim_to_front(o, None, axis_size), 0
            result.append(o if d is None else moveaxis(o, d, 0))
            batched.append(d is not None)
        store["batched"] = batched
        return result

    jaxpr = trace_jaxpr(fun, avals)
    return jaxpr, store["batched"]


class PartialEval:
    """The split of a jaxpr by which inputs are unknown (see `partial_eval_jaxpr`)."""

    def __init__(self, known, unknown, out_unknowns, res_avals, res_forward):
        self.known = known  # known inputs -> known outputs + residuals not forwarded
        self.unknown = unknown  # all residuals + unknown inputs -> unknown outputs
        self.out_unknowns = out_unknowns
        self.res_avals = res_avals
        self.res_forward = res_forward  # per residual: index among known inputs, or None


def partial_eval_jaxpr(closed: ClosedJaxpr, unknowns, instantiate_out, forwardable=None):
    """Splits `closed` for partial evaluation, staging the known part rather than running it.

    Two nested staging traces do the work: the outer one records the known jaxpr; the inner
    one (forward_known) hands known equations to the outer one and records the rest. Values
    of the outer trace that the inner jaxpr reads are the residuals. A residual that is
    itself a known input marked `forwardable` is not output by the known jaxpr.
    """
    in_avals = closed.in_avals
    outer = StagingTrace()
    prev = set_current_trace(outer)
    try:
        inner = StagingTrace(forward_known=True)
        ins = [
            inner.new_arg(a) if u else outer.new_arg(a)
            for a, u in zip(in_avals, unknowns, strict=True)
        ]
        set_current_trace(inner)
        outs = eval_jaxpr(closed.jaxpr, closed.consts, *ins)
    finally:
        set_current_trace(prev)
    out_unknowns = [
        (type(o) is JitTracer and o._trace is inner) or inst
        for o, inst in zip(outs, instantiate_out, strict=True)
    ]
    unknown_part = inner.to_jaxpr([o for o, u in zip(outs, out_unknowns) if u])
    ujaxpr = unknown_part.jaxpr
    res_vars, res_vals, const_vars, const_vals = [], [], [], []
    for v, c in zip(ujaxpr.constvars, unknown_part.consts, strict=True):
        if type(c) is JitTracer and c._trace is outer:
            res_vars.append(v)
            res_vals.append(c)
        else:
            assert not isinstance(c, Tracer), "tracer leaked into a body"
            const_vars.append(v)
            const_vals.append(c)
    known_index = {v: k for k, v in enumerate(outer.invars)}
    res_forward = []
    for c in res_vals:
        k = known_index.get(c.var)
        res_forward.append(k if k is not None and forwardable and forwardable[k] else None)
    known_outs = [o for o, u in zip(outs, out_unknowns) if not u]
    known_res = [c for c, f in zip(res_vals, res_forward) if f is None]
    known = outer.to_jaxpr([*known_outs, *known_res])
    assert not any(isinstance(c, Tracer) for c in known.consts), "tracer leaked into a body"
    unknown = ClosedJaxpr(
        Jaxpr(const_vars, [*res_vars, *ujaxpr.invars], ujaxpr.eqns, ujaxpr.outvars), const_vals
    )
    return PartialEval(known, unknown, out_unknowns, [v.aval for v in res_vars], res_forward)


def transpose_jaxpr(closed: ClosedJaxpr, linear) -> ClosedJaxpr:
    """(non-linear inputs, cotangents of every output) -> cotangents of the linear inputs,
    zeros where none flows."""
    in_avals = closed.in_avals
    res_avals = [a for a, lin in zip(in_avals, linear, strict=True) if not lin]
    n_res = len(res_avals)

    def fun(*args):
        it = iter(args[:n_res])
        ins = [UndefinedPrimal(a) if lin else next(it) for a, lin in zip(in_avals, linear)]
        cts = backward_pass(closed.jaxpr, closed.consts, ins, list(args[n_res:]))
        return [
            zeros(a) if ct is None or type(ct) is Zero else cast_like(ct, a)
            for ct, a, lin in zip(cts, in_avals, linear)
            if lin
        ]

    return trace_jaxpr(fun, [*res_avals, *closed.out_avals])


# ---------------------------------------------------------------------------------------------
# Running bodies in the eager loops


_RUNS: collections.OrderedDict = collections.OrderedDict()  # id(jaxpr) -> [jaxpr, fn, runs]
_RUNS_MAX = 128  # bounded: an entry keeps its jaxpr (and closed-over arrays) alive
_INTERPRET_RUNS = 4  # compiling costs about as much as interpreting a body a few times


def runner(closed: ClosedJaxpr, runs: int | None = 1):
    """`fn(*ndarrays) -> sequence of ndarrays` running `closed`, about to be called `runs` times
    (None: an unknown number, as in a while loop).

    A jaxpr run only a few times in all (an eager cond, a short scan) is interpreted; after
    that it is compiled to Python by the jit code generator and cached, so loop iterations
    and jitted calls run generated code. The cache holds the jaxpr itself, so an id is never
    reused while its entry lives.
    """
    key = id(closed)
    entry = _RUNS.get(key)
    if entry is None or entry[0] is not closed:
        entry = _RUNS[key] = [closed, None, 0]
        if len(_RUNS) > _RUNS_MAX:
            _RUNS.popitem(last=False)
    else:
        _RUNS.move_to_end(key)
    if entry[1] is not None:
        return entry[1]
    entry[2] += _INTERPRET_RUNS + 1 if runs is None else runs
    if entry[2] <= _INTERPRET_RUNS:
        return _interpreter(closed)
    from ..jit import passes
    from ..jit.codegen import DEFAULT_BACKEND

    entry[1] = DEFAULT_BACKEND.compile(passes.optimize(closed), "body").fn
    return entry[1]


def _interpreter(closed: ClosedJaxpr):
    dtypes_out = [a.dtype for a in closed.out_avals]

    def run(*args):
        outs = eval_jaxpr(closed.jaxpr, closed.consts, *[Array(a) for a in args])
        return [o._value if type(o) is Array else np.asarray(o, d)  # literals
                for o, d in zip(outs, dtypes_out)]

    return run
