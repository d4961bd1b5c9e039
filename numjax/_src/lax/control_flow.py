"""Branching: `cond_p` and the user functions `cond` and `switch`.

`cond_p.bind(index, *operands, branches=(jaxpr_0, ...))` runs `branches[index]` on the
operands (index an int32 scalar already clamped by `switch`; `cond` passes `pred` as 0/1, so
the false branch comes first, as in JAX). All branches take the same operands and return
the same types; closed-over values are hoisted into the operands. Under `vmap` a batched
index evaluates every branch and selects per member; reverse mode transposes each branch
and selects the transposed branch by the same index.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..config import config
from ..core import Primitive, Tracer, concrete_value, get_aval
from ..interpreters.jvp import Zero, tangent_aval
from ..interpreters.transpose import is_undefined
from ..ir import ClosedJaxpr, Jaxpr, Var, eval_jaxpr
from ..tree import tree_flatten_with_path, tree_unflatten
from .control_flow_common import (
    arg_names,
    as_array,
    canonical_operand,
    differentiable,
    flat_outputs,
    flatten_operands,
    is_tracer_of,
    jvp_jaxpr,
    mismatch_extra,
    partial_eval_jaxpr,
    runner,
    structure_differences,
    trace_jaxpr,
    trace_user_fun,
    transpose_jaxpr,
    type_text,
    typematch,
    zeros,
)
from .helpers import bdim_to_front, moveaxis
from .loops import _fill

cond_p = Primitive("cond", multiple_results=True)


def _cond_impl(index, *ops, branches):
    i = min(max(int(index), 0), len(branches) - 1)
    return [np.asarray(o) for o in runner(branches[i])(*ops)]


def _cond_abstract_eval(index, *avals, branches):
    if index.shape != () or not dtypes.is_int(index.dtype):
        raise TypeError(f"cond index must be an integer scalar, got {index.str_short()}")
    for b in branches:
        if len(b.in_avals) != len(avals) or not all(map(typematch, avals, b.in_avals)):
            raise TypeError("cond: operand types do not match the branches' input types")
    return branches[0].out_avals


def _cond_weak_type(*weak, branches):
    return [a.weak_type for a in branches[0].out_avals]


def _cond_jvp(primals, tangents, *, branches):
    index, ops = primals[0], primals[1:]
    t_ops = tangents[1:]
    nz = [type(t) is not Zero and differentiable(get_aval(p)) for p, t in zip(ops, t_ops)]
    n_out = len(branches[0].out_avals)
    out_nz = [False] * n_out
    for b in branches:
        out_nz = [a or c for a, c in zip(out_nz, jvp_jaxpr(b, nz, [False] * n_out)[1])]
    new = tuple(jvp_jaxpr(b, nz, out_nz)[0] for b in branches)
    outs = cond_p.bind(index, *ops, *[t for t, z in zip(t_ops, nz) if z], branches=new)
    return outs[:n_out], _fill(outs[:n_out], outs[n_out:], out_nz)


def _cond_stage(trace, args, params):
    """Staging records the cond; partial evaluation (linearize) runs the known part of every
    branch in a known cond that also returns each branch's residuals, and stages a cond of
    the unknown parts reading them. A concrete index just evaluates its branch."""
    if not trace.forward_known or is_tracer_of(trace, args[0]):
        return trace.stage_eqn(cond_p, args, params)
    branches = params["branches"]
    index, ops = args[0], args[1:]
    if not isinstance(index, Tracer):
        b = branches[min(max(int(index), 0), len(branches) - 1)]
        return eval_jaxpr(b.jaxpr, b.consts, *ops)
    unknown = [is_tracer_of(trace, a) for a in ops]
    n_out = len(branches[0].out_avals)
    out_uk = [False] * n_out
    for b in branches:
        pe = partial_eval_jaxpr(b, unknown, [False] * n_out)
        out_uk = [a or c for a, c in zip(out_uk, pe.out_unknowns)]
    pes = [partial_eval_jaxpr(b, unknown, out_uk) for b in branches]
    res_avals = [a for pe in pes for a in pe.res_avals]
    known_ops = [x for x, u in zip(ops, unknown) if not u]
    n_known_out = n_out - sum(out_uk)
    known_branches, unknown_branches, start = [], [], 0
    for pe in pes:
        n_res = len(pe.res_avals)
        known_branches.append(_with_residual_slots(pe.known, n_known_out, res_avals, start))
        unknown_branches.append(
            _pad_residuals(pe.unknown, res_avals[:start], n_res, res_avals[start + n_res :])
        )
        start += n_res
    known_outs = trace.run_in_parent(cond_p.bind, index, *known_ops, branches=tuple(known_branches))
    residuals = known_outs[n_known_out:]
    unknown_outs = trace.stage_eqn(
        cond_p,
        [index, *residuals, *[x for x, u in zip(ops, unknown) if u]],
        {"branches": tuple(unknown_branches)},
    )
    known_it, unknown_it = iter(known_outs[:n_known_out]), iter(unknown_outs)
    return [next(unknown_it) if u else next(known_it) for u in out_uk]


def _with_residual_slots(known: ClosedJaxpr, n_out, res_avals, start) -> ClosedJaxpr:
    """A known branch returning its outputs, then every branch's residual slot: its own
    residuals at `start`, zeros in the others'."""

    def fun(*args):
        outs = eval_jaxpr(known.jaxpr, known.consts, *args)
        own = outs[n_out:]
        return [
            *outs[:n_out],
            *[zeros(a) for a in res_avals[:start]],
            *own,
            *[zeros(a) for a in res_avals[start + len(own) :]],
        ]

    return trace_jaxpr(fun, known.in_avals)


def _pad_residuals(closed: ClosedJaxpr, before, n_own, after) -> ClosedJaxpr:
    """An unknown branch reading its `n_own` residuals among every branch's: unread inputs
    of types `before` and `after` around them."""
    jaxpr = closed.jaxpr
    own, rest = jaxpr.invars[:n_own], jaxpr.invars[n_own:]
    invars = [*[Var(a) for a in before], *own, *[Var(a) for a in after], *rest]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, invars, jaxpr.eqns, jaxpr.outvars), closed.consts)


def _cond_transpose(cts, index, *ops, branches):
    linear = [is_undefined(o) for o in ops]
    cts = [zeros(a) if type(ct) is Zero else ct for ct, a in zip(cts, branches[0].out_avals)]
    new = tuple(transpose_jaxpr(b, linear) for b in branches)
    res = [o for o, lin in zip(ops, linear) if not lin]
    outs = iter(cond_p.bind(index, *res, *cts, branches=new))
    return [None] + [next(outs) if lin else None for lin in linear]


def _cond_batch(args, bdims, *, branches, batch_trace=None):
    from .control_flow_common import batch_jaxpr
    from .elementwise import ne, select_n
    from .structural import broadcast_in_dim

    size = (
        batch_trace.axis_size
        if batch_trace is not None
        else next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    )
    name = None if batch_trace is None else batch_trace.axis_name
    index, ops = args[0], args[1:]
    ops = [x if d is None else moveaxis(x, d, 0) for x, d in zip(ops, bdims[1:])]
    ops_b = [d is not None for d in bdims[1:]]
    n_out = len(branches[0].out_avals)
    if bdims[0] is not None:
        # A batched index: every branch runs on the whole batch; each member selects its own.
        which = moveaxis(index, bdims[0], 0)
        if len(branches) == 2:
            which = ne(which, zeros(get_aval(which)))
        per_branch = []
        for b in branches:
            bj, _ = batch_jaxpr(b, size, ops_b, [True] * n_out, name)
            per_branch.append(eval_jaxpr(bj.jaxpr, bj.consts, *ops))
        outs = []
        for cases in zip(*per_branch):
            shape = get_aval(cases[0]).shape
            outs.append(select_n(broadcast_in_dim(which, shape, (0,)), *cases))
        return outs, [0] * n_out
    out_b = [False] * n_out
    for b in branches:
        out_b = [
            a or c for a, c in zip(out_b, batch_jaxpr(b, size, ops_b, [False] * n_out, name)[1])
        ]
    new = tuple(batch_jaxpr(b, size, ops_b, out_b, name)[0] for b in branches)
    outs = cond_p.bind(index, *ops, branches=new)
    return outs, [0 if b else None for b in out_b]


cond_p.impl = _cond_impl
cond_p.abstract_eval = _cond_abstract_eval
cond_p.weak_type_rule = _cond_weak_type
cond_p.jvp = _cond_jvp
cond_p.stage = _cond_stage
cond_p.transpose = _cond_transpose
cond_p.batch = _cond_batch
cond_p.batch_with_trace = True
del bdim_to_front, tangent_aval


# ---------------------------------------------------------------------------------------------
# User functions


_NO_OPERAND = object()


def cond(pred, true_fun, false_fun, *operands, operand=_NO_OPERAND):
    """Applies `true_fun(*operands)` if `pred` else `false_fun(*operands)` (`jax.lax.cond`).

    Both branches are traced and must return the same pytree structure and types. `pred`
    must be a scalar boolean or number (a number counts as `pred != 0`). Under `vmap` with a
    batched `pred`, both branches run and the results are selected per member.
    Raises TypeError for a non-scalar or non-numeric `pred`, non-callable branches, or
    branches whose outputs differ.
    """
    if not (callable(true_fun) and callable(false_fun)):
        if callable(false_fun) and len(operands) == 2 and callable(operands[1]):
            # The old form cond(pred, true_operand, true_fun, false_operand, false_fun).
            x_true, f_true, x_false, f_false = true_fun, false_fun, *operands
            return cond(pred, lambda x, _: f_true(x), lambda _, x: f_false(x), x_true, x_false)
        raise TypeError("lax.cond: true_fun and false_fun arguments should be callable.")
    operands = _single_operand(operands, operand)
    if pred is None:
        raise TypeError("cond predicate is None")
    if isinstance(pred, (list, tuple)):
        raise TypeError(f"Pred must be a scalar, got {pred} of type {type(pred)}")
    if isinstance(pred, str):
        raise TypeError(f"Pred must be a scalar, got {pred} of type {type(pred)}")
    pred = canonical_operand(pred)
    if np.ndim(pred) != 0:
        raise TypeError(f"Pred must be a scalar, got {pred} of shape {np.shape(pred)}.")
    try:
        pred_dtype = dtypes.result_type(pred)
    except TypeError as err:
        raise TypeError(f"Pred type must be either boolean or number, got {pred}.") from err
    from .elementwise import convert_element_type, ne

    if pred_dtype.kind not in "biuf":
        raise TypeError(f"Pred type must be either boolean or number, got {pred_dtype}.")
    if config.disable_jit and concrete_value(pred) is not None:
        return true_fun(*operands) if np.asarray(concrete_value(pred)) else false_fun(*operands)
    if isinstance(pred, Tracer):
        if pred_dtype.kind != "b":
            pred = ne(pred, zeros(get_aval(pred).update(shape=())))
        index = convert_element_type(pred, np.int32)
    else:  # a concrete predicate gives a constant index (a literal when staged)
        index = Array(np.asarray(np.asarray(pred) != 0, np.int32))
    return _bind_cond(
        index,
        (false_fun, true_fun),
        operands,
        "cond",
        ("true_fun", "false_fun"),
        (true_fun, false_fun),
        order=(1, 0),
    )


def switch(index, branches, *operands, operand=_NO_OPERAND):
    """Applies `branches[clamp(0, index, len(branches) - 1)](*operands)` (`jax.lax.switch`).

    `index` must be an integer scalar; out-of-range values are clamped. Every branch is
    traced and must return the same pytree structure and types.
    """
    branches = tuple(branches)
    if not all(callable(b) for b in branches):
        raise TypeError("lax.switch: branches argument should be a sequence of callables.")
    operands = _single_operand(operands, operand)
    index = canonical_operand(index)
    if np.ndim(index) != 0:
        raise TypeError(f"Branch index must be scalar, got {index} of shape {np.shape(index)}.")
    try:
        index_dtype = dtypes.result_type(index)
    except TypeError as err:
        raise TypeError(f"Index type must be an integer, got {index}.") from err
    if index_dtype.kind not in "iu":
        raise TypeError(f"Index type must be an integer, got {index} as {index_dtype}")
    if not branches:
        raise ValueError("Empty branch sequence")
    if len(branches) == 1:
        return branches[0](*operands)
    from .elementwise import clamp, convert_element_type

    if config.disable_jit and concrete_value(index) is not None:
        return branches[int(np.clip(np.asarray(concrete_value(index)), 0, len(branches) - 1))](
            *operands
        )
    if isinstance(index, Tracer):
        index = convert_element_type(index, np.int32)
        index = clamp(
            Array(np.array(0, np.int32)), index, Array(np.array(len(branches) - 1, np.int32))
        )
    else:
        index = Array(np.asarray(np.clip(np.asarray(index), 0, len(branches) - 1), np.int32))
    names = ("branch 0", *[f"branch{i}" for i in range(1, len(branches))])
    return _bind_cond(
        index, branches, operands, "switch", names, branches, order=tuple(range(len(branches)))
    )


def _single_operand(operands, operand):
    if operand is _NO_OPERAND:
        return operands
    if operands:
        raise TypeError(
            "if 'operand' keyword is passed then no positional operands can be "
            f"passed, got operand={operand!r} and positional operands {operands}"
        )
    return (operand,)


def _bind_cond(index, branches, operands, api, names, named_funs, order):
    """Traces each branch on the operands' types, checks they agree, and binds `cond_p`.

    `names`/`named_funs` list the branches in the order errors mention them; `order[k]` is the
    position in `branches` of the k-th named one.
    """
    leaves, tree = flatten_operands(operands)
    avals = [get_aval(x) for x in leaves]
    traced = []
    for fun in branches:
        store = {}

        def flat(*args, fun=fun, store=store):
            out = fun(*tree_unflatten(tree, args))
            out_leaves, store["tree"] = flat_outputs(out)
            store["out"] = out
            return out_leaves

        jaxpr, consts = trace_user_fun(flat, avals, api, arg_names(fun, operands))
        traced.append((jaxpr, consts, store))
    first = traced[order[0]]
    for k in range(1, len(order)):
        other = traced[order[k]]
        _check_branch_outputs(
            api,
            names[0],
            names[k],
            named_funs[0],
            named_funs[k],
            first[2],
            first[0].out_avals,
            other[2],
            other[0].out_avals,
        )
    jaxprs, consts = _merge_consts([(j, c) for j, c, _ in traced])
    # Outputs that every branch forwards from the same input are read from that input.
    n_in = len(consts) + len(leaves)
    forwarded = []
    for k in range(len(jaxprs[0].out_avals)):
        srcs = {_forwarded_input(j, k) for j in jaxprs}
        forwarded.append(srcs.pop() if len(srcs) == 1 else None)
    keep = [f is None for f in forwarded]
    jaxprs = [_keep_outputs(j, keep) for j in jaxprs]
    ins = [*consts, *leaves]
    assert len(ins) == n_in
    # The cond is bound even when it has no outputs left, as in JAX: its branches may have
    # effects (jax.debug.print), and the staged program then shows the cond.
    outs = iter(cond_p.bind(index, *ins, branches=tuple(jaxprs)))
    flat = [next(outs) if f is None else as_array(ins[f]) for f in forwarded]
    return tree_unflatten(first[2]["tree"], flat)


def _forwarded_input(closed: ClosedJaxpr, k: int):
    v = closed.jaxpr.outvars[k]
    if type(v) is Var and v in closed.jaxpr.invars:
        return closed.jaxpr.invars.index(v)
    return None


def _keep_outputs(closed: ClosedJaxpr, keep) -> ClosedJaxpr:
    jaxpr = closed.jaxpr
    outvars = [v for v, k in zip(jaxpr.outvars, keep) if k]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, jaxpr.eqns, outvars), closed.consts)


def _merge_consts(traced):
    """Every branch takes the union of all branches' hoisted consts (unread ones unused)."""
    consts, slot = [], {}
    for _, cs in traced:
        for c in cs:
            if id(c) not in slot:
                slot[id(c)] = len(consts)
                consts.append(c)
    jaxprs = []
    for jaxpr, cs in traced:
        own = {slot[id(c)]: v for c, v in zip(cs, jaxpr.jaxpr.invars)}
        const_vars = [own.get(i) or Var(get_aval(c)) for i, c in enumerate(consts)]
        rest = jaxpr.jaxpr.invars[len(cs) :]
        j = jaxpr.jaxpr
        jaxprs.append(
            ClosedJaxpr(Jaxpr(j.constvars, [*const_vars, *rest], j.eqns, j.outvars), jaxpr.consts)
        )
    return jaxprs, consts


def _fun_info(fun) -> str:
    name = getattr(fun, "__name__", type(fun).__name__)
    code = getattr(fun, "__code__", None)
    if code is None:
        return name
    return f"{name} at {code.co_filename}:{code.co_firstlineno}"


def _check_branch_outputs(api, name1, name2, f1, f2, store1, avals1, store2, avals2):
    head = f"{name1} is {_fun_info(f1)}\n{name2} is {_fun_info(f2)}\n\n"
    if store1["tree"] != store2["tree"]:
        diffs = [
            f"{name1} output{_at(p)} is a {a} but {name2} output{_at(p)} is a {b}, so {why}"
            for p, a, b, why in structure_differences(store1["tree"], store2["tree"])
        ]
        if not diffs:
            return
        text = (
            diffs[0] + ".\n"
            if len(diffs) == 1
            else "".join(f"  * {d};\n" for d in diffs[:-1]) + f"  * {diffs[-1]}.\n"
        )
        raise TypeError(
            f"{api} branch outputs must have the same pytree structure, but they "
            f"differ:\n\n{head}{text}\nRevise {name1} and/or {name2} so that they "
            "have the same pytree structure."
        )
    paths = [p for p, _ in tree_flatten_with_path(store1["out"])[0]]
    diffs = [
        f"the output of {name1}{_at(p)} has type {type_text(a)} but the corresponding "
        f"output of {name2} has type {type_text(b)}{mismatch_extra(a, b)}"
        for p, a, b in zip(paths, avals1, avals2)
        if not typematch(a, b)
    ]
    if diffs:
        text = (
            diffs[0][0].upper() + diffs[0][1:] + ".\n"
            if len(diffs) == 1
            else "\n".join(f"  * {d};" for d in diffs[:-1]) + f"\n  * {diffs[-1]}.\n"
        )
        raise TypeError(
            f"{api} branches must have equal output types but they differ.\n\n"
            f"{head}{text}\nRevise {name1} and/or {name2} so that all output "
            "types match."
        )


def _at(path) -> str:
    from ..tree import keystr

    return f" at path {keystr(path)}" if path else ""
