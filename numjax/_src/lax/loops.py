"""Loops: `scan_p` and `while_p`, and the user functions `scan`, `fori_loop`, `while_loop`
and `map` (`associative_scan` is in associative_scan.py).

Operand layout (as JAX): scan takes `(*consts, *init, *xs)` and returns `(*carry, *ys)`;
while takes `(*cond_consts, *body_consts, *init)` and returns the final carry. The bodies
are closed jaxprs; closed-over tracers of enclosing transformations are hoisted into the
consts operands (so every rule sees them as ordinary inputs), while concrete closed-over
arrays stay consts of the jaxpr (where jit's passes can fold them). Eager loops call the body compiled to Python (no re-tracing per
iteration). Reverse mode through scan: partial evaluation splits the JVP'd scan into a known
scan (primals and stacked residuals) and a linear scan, whose transpose is a reverse scan.
`fori_loop` with concrete bounds is a scan (so it is reverse-differentiable); otherwise a
while loop, which supports forward mode only, as in JAX.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..config import config
from ..core import Primitive, Tracer, concrete_value, get_aval
from ..errors import ConcretizationTypeError
from ..interpreters.jvp import Zero, instantiate, tangent_aval
from ..interpreters.transpose import is_undefined
from ..ir import ClosedJaxpr, Jaxpr, Var, eval_jaxpr, is_effectful
from ..tree import tree_flatten, tree_map, tree_structure, tree_unflatten
from .control_flow_common import (
    arg_names,
    as_array,
    canonical_operand,
    cast_like,
    check_carry,
    differentiable,
    flat_outputs,
    flatten_operands,
    is_tracer_of,
    jvp_jaxpr,
    partial_eval_jaxpr,
    permute,
    promote_weak_carry,
    prune_outputs,
    runner,
    stacked,
    trace_jaxpr,
    trace_user_fun,
    transpose_jaxpr,
    type_text,
    unstacked,
    used_inputs,
    zeros,
)
from .helpers import bdim_to_front, moveaxis


def _split(seq, *sizes):
    out, start = [], 0
    for n in sizes:
        out.append(list(seq[start : start + n]))
        start += n
    out.append(list(seq[start:]))
    return out


def _axis_name(batch_trace):
    return None if batch_trace is None else batch_trace.axis_name


# ---------------------------------------------------------------------------------------------
# scan_p


scan_p = Primitive("scan", multiple_results=True)


def _scan_impl(*args, reverse, length, jaxpr, num_consts, num_carry, unroll):
    consts, carry, xs = _split(args, num_consts, num_carry)
    body = runner(jaxpr, length)
    ys = [np.empty((length, *a.shape), a.dtype) for a in jaxpr.out_avals[num_carry:]]
    for i in range(length - 1, -1, -1) if reverse else range(length):
        outs = body(*consts, *carry, *[x[i] for x in xs])
        carry = outs[:num_carry]
        for buf, y in zip(ys, outs[num_carry:]):
            buf[i] = y
    return [np.asarray(c) for c in carry] + ys


def _scan_abstract_eval(*avals, reverse, length, jaxpr, num_consts, num_carry, unroll):
    in_avals = jaxpr.in_avals
    if len(avals) != len(in_avals):
        raise TypeError(f"scan: {len(avals)} operands for a body of {len(in_avals)} inputs")
    n_fixed = num_consts + num_carry
    for a, b in zip(avals[:n_fixed], in_avals[:n_fixed]):
        if a.shape != b.shape or a.dtype != b.dtype:
            raise TypeError(f"scan: operand of type {a.str_short()} for body input {b.str_short()}")
    for a, b in zip(avals[n_fixed:], in_avals[n_fixed:]):
        if a.shape != (length, *b.shape) or a.dtype != b.dtype:
            raise TypeError(
                f"scan: scanned operand of type {a.str_short()} for body input "
                f"{b.str_short()} and length {length}"
            )
    outs = jaxpr.out_avals
    return [*outs[:num_carry], *[stacked(a, length) for a in outs[num_carry:]]]


def _scan_weak_type(*weak, jaxpr, **params):
    return [a.weak_type for a in jaxpr.out_avals]


def _scan_jvp(primals, tangents, *, reverse, length, jaxpr, num_consts, num_carry, unroll):
    in_avals = jaxpr.in_avals
    nz = [type(t) is not Zero and differentiable(a) for t, a in zip(tangents, in_avals)]
    nz_consts, nz_init, nz_xs = _split(nz, num_consts, num_carry)
    carry_nz = nz_init
    num_ys = len(jaxpr.out_avals) - num_carry
    while True:  # a carry whose tangent becomes nonzero in the body has one from the start
        jvp_closed, out_nz = jvp_jaxpr(
            jaxpr, nz_consts + carry_nz + nz_xs, carry_nz + [False] * num_ys
        )
        grown = [a or b for a, b in zip(carry_nz, out_nz[:num_carry])]
        if grown == carry_nz:
            break
        carry_nz = grown
    ys_nz = out_nz[num_carry:]
    n_in, n_out = len(in_avals), len(jaxpr.out_avals)
    n_tc, n_tk, n_tx = sum(nz_consts), sum(carry_nz), sum(nz_xs)
    nc, nk = num_consts, num_carry
    in_order = [
        *range(nc),
        *range(n_in, n_in + n_tc),
        *range(nc, nc + nk),
        *range(n_in + n_tc, n_in + n_tc + n_tk),
        *range(nc + nk, n_in),
        *range(n_in + n_tc + n_tk, n_in + n_tc + n_tk + n_tx),
    ]
    out_order = [
        *range(nk),
        *range(n_out, n_out + n_tk),
        *range(nk, n_out),
        *range(n_out + n_tk, n_out + n_tk + sum(ys_nz)),
    ]
    body = permute(jvp_closed, in_order, out_order)
    consts, init, xs = _split(primals, nc, nk)
    t_consts, t_init, t_xs = _split(tangents, nc, nk)
    t_init = [
        cast_like(instantiate(t), tangent_aval(a))
        for t, a, z in zip(t_init, in_avals[nc : nc + nk], carry_nz)
        if z
    ]
    args = [
        *consts,
        *[t for t, z in zip(t_consts, nz_consts) if z],
        *init,
        *t_init,
        *xs,
        *[t for t, z in zip(t_xs, nz_xs) if z],
    ]
    outs = scan_p.bind(
        *args,
        reverse=reverse,
        length=length,
        jaxpr=body,
        num_consts=nc + n_tc,
        num_carry=nk + n_tk,
        unroll=unroll,
    )
    carry, t_carry, ys, t_ys = _split(outs, nk, n_tk, n_out - nk)
    return [*carry, *ys], [*_fill(carry, t_carry, carry_nz), *_fill(ys, t_ys, ys_nz)]


def _fill(primals, nonzero_tangents, nz):
    it = iter(nonzero_tangents)
    return [next(it) if z else Zero.like(p) for p, z in zip(primals, nz)]


def _scan_stage(trace, args, params):
    """Staging records the scan; partial evaluation (linearize) splits it in two scans."""
    if not trace.forward_known:
        return trace.stage_eqn(scan_p, args, params)
    jaxpr, nc, nk = params["jaxpr"], params["num_consts"], params["num_carry"]
    length = params["length"]
    unknown = [is_tracer_of(trace, a) for a in args]
    uc, uk, ux = _split(unknown, nc, nk)
    num_ys = len(jaxpr.out_avals) - nk
    kinds = ["c"] * nc + ["k"] * nk + ["x"] * len(ux)
    known_kinds = [k for k, u in zip(kinds, unknown) if not u]
    carry_uk = uk
    while True:  # a carry that becomes unknown in the body is unknown from the start
        known_kinds = [k for i, k in enumerate(kinds) if not (uc + carry_uk + ux)[i]]
        pe = partial_eval_jaxpr(
            jaxpr,
            uc + carry_uk + ux,
            carry_uk + [False] * num_ys,
            forwardable=[k != "k" for k in known_kinds],
        )
        grown = [a or b for a, b in zip(carry_uk, pe.out_unknowns[:nk])]
        if grown == carry_uk:
            break
        carry_uk = grown
    unknown = uc + carry_uk + ux
    known_args = [a for a, u in zip(args, unknown) if not u]
    n_known_consts = nc - sum(uc)
    n_known_carry = nk - sum(carry_uk)
    n_known_out = len(pe.out_unknowns) - sum(pe.out_unknowns)
    known_body, hoisted, from_ys = _shrink_residuals(
        trace, pe, n_known_out, n_known_consts, n_known_carry, known_args[:n_known_consts]
    )
    known_outs = trace.run_in_parent(
        scan_p.bind,
        *known_args,
        reverse=params["reverse"],
        length=length,
        jaxpr=known_body,
        num_consts=n_known_consts,
        num_carry=n_known_carry,
        unroll=params["unroll"],
    )
    known_out_vals, stacked_res = known_outs[:n_known_out], known_outs[n_known_out:]
    # Residuals: known consts and xs are passed as they are, loop-invariant ones computed
    # once, stacked outputs reused; the rest come stacked, one per iteration.
    res_consts, res_xs, const_pos, xs_pos = [], [], [], []
    stacked_it = iter(stacked_res)
    for i, fwd in enumerate(pe.res_forward):
        if i in hoisted or (fwd is not None and known_kinds[fwd] == "c"):
            res_consts.append(hoisted[i] if i in hoisted else known_args[fwd])
            const_pos.append(i)
        else:
            if fwd is not None:
                res_xs.append(known_args[fwd])
            elif i in from_ys:
                res_xs.append(known_out_vals[n_known_carry + from_ys[i]])
            else:
                res_xs.append(next(stacked_it))
            xs_pos.append(i)
    n_res = len(pe.res_forward)
    u_consts, u_carry, u_xs = _split(
        [a for a, u in zip(args, unknown) if u], sum(uc), sum(carry_uk)
    )
    n_uc, n_uk = len(u_consts), len(u_carry)
    in_order = [
        *const_pos,
        *range(n_res, n_res + n_uc),
        *range(n_res + n_uc, n_res + n_uc + n_uk),
        *xs_pos,
        *range(n_res + n_uc + n_uk, n_res + n_uc + n_uk + len(u_xs)),
    ]
    body = permute(pe.unknown, in_order)
    unknown_outs = trace.stage_eqn(
        scan_p,
        [*res_consts, *u_consts, *u_carry, *res_xs, *u_xs],
        dict(params, jaxpr=body, num_consts=len(res_consts) + n_uc, num_carry=n_uk),
    )
    known_it, unknown_it = iter(known_out_vals), iter(unknown_outs)
    return [next(unknown_it) if u else next(known_it) for u in pe.out_unknowns]


def _shrink_residuals(trace, pe, n_known_out, n_consts, n_carry, consts):
    """Residuals that need not be stacked per iteration: those depending only on the known
    body's consts are computed once (in the parent trace); those that are also a stacked
    output `y` of the known scan are read from it.

    Returns (known body without those outputs, {residual: value}, {residual: index of y})."""
    jaxpr = pe.known.jaxpr
    variant = set(jaxpr.invars[n_consts:])
    for eqn in jaxpr.eqns:
        if is_effectful(eqn) or any(
            type(v) is Var and v in variant for v in eqn.invars
        ):
            variant.update(eqn.outvars)
    res_index = [i for i, fwd in enumerate(pe.res_forward) if fwd is None]
    outs = jaxpr.outvars
    ys = {}
    for j, v in enumerate(outs[n_carry:n_known_out]):
        if type(v) is Var:
            ys.setdefault(v, j)
    hoist = [
        k >= n_known_out and type(v) is Var and v not in variant and v not in jaxpr.invars
        for k, v in enumerate(outs)
    ]
    alias = {
        res_index[k - n_known_out]: ys[v]
        for k, v in enumerate(outs)
        if k >= n_known_out and not hoist[k] and type(v) is Var and v in ys
    }
    hoisted = {}
    if any(hoist):
        once = prune_outputs(pe.known, hoist)
        placeholders = [zeros(a) for a in pe.known.in_avals[n_consts:]]  # unread by `once`
        values = trace.run_in_parent(eval_jaxpr, once.jaxpr, once.consts, *consts, *placeholders)
        hoisted = dict(zip([res_index[k - n_known_out] for k, h in enumerate(hoist) if h], values))
    if not hoisted and not alias:
        return pe.known, {}, {}
    keep = [
        not h and not (k >= n_known_out and res_index[k - n_known_out] in alias)
        for k, h in enumerate(hoist)
    ]
    return prune_outputs(pe.known, keep), hoisted, alias


def _scan_transpose(cts, *args, reverse, length, jaxpr, num_consts, num_carry, unroll):
    consts, init, xs = _split(args, num_consts, num_carry)
    lin_consts = [is_undefined(c) for c in consts]
    lin_xs = [is_undefined(x) for x in xs]
    out_avals = jaxpr.out_avals
    ct_carry = [
        zeros(a) if type(ct) is Zero else ct
        for ct, a in zip(cts[:num_carry], out_avals[:num_carry])
    ]
    ct_ys = [
        zeros(stacked(a, length)) if type(ct) is Zero else ct
        for ct, a in zip(cts[num_carry:], out_avals[num_carry:])
    ]
    body_t = transpose_jaxpr(jaxpr, lin_consts + [True] * num_carry + lin_xs)
    # body_t: (res consts, res xs, ct carry, ct ys) -> (ct lin consts, ct carry in, ct lin xs)
    res_consts = [c for c, lin in zip(consts, lin_consts) if not lin]
    res_xs = [x for x, lin in zip(xs, lin_xs) if not lin]
    const_avals = [a for a, lin in zip(jaxpr.in_avals[:num_consts], lin_consts) if lin]
    n_rc, n_lc, n_rx = len(res_consts), len(const_avals), len(res_xs)

    def step(*vals):
        from .elementwise import add

        rc, acc, ct_c, rx, ct_y = _split(vals, n_rc, n_lc, num_carry, n_rx)
        outs = eval_jaxpr(body_t.jaxpr, body_t.consts, *rc, *rx, *ct_c, *ct_y)
        ct_lc, ct_k, ct_lx = _split(outs, n_lc, num_carry)
        return [*[add(a, b) for a, b in zip(acc, ct_lc)], *ct_k, *ct_lx]

    res_x_avals = [unstacked(get_aval(x)) for x in res_xs]
    ct_y_avals = [
        a.update(weak_type=get_aval(c).weak_type) for a, c in zip(out_avals[num_carry:], ct_ys)
    ]
    step_jaxpr = trace_jaxpr(
        step,
        [
            *[get_aval(c) for c in res_consts],
            *const_avals,
            *[get_aval(c) for c in ct_carry],
            *res_x_avals,
            *ct_y_avals,
        ],
    )
    outs = scan_p.bind(
        *res_consts,
        *[zeros(a) for a in const_avals],
        *ct_carry,
        *res_xs,
        *ct_ys,
        reverse=not reverse,
        length=length,
        jaxpr=step_jaxpr,
        num_consts=n_rc,
        num_carry=n_lc + num_carry,
        unroll=unroll,
    )
    ct_lc, ct_init, ct_lx = _split(outs, n_lc, num_carry)
    lc_it, lx_it = iter(ct_lc), iter(ct_lx)
    return (
        [next(lc_it) if lin else None for lin in lin_consts]
        + [ct if is_undefined(x) else None for ct, x in zip(ct_init, init)]
        + [next(lx_it) if lin else None for lin in lin_xs]
    )


def _scan_batch(
    args, bdims, *, reverse, length, jaxpr, num_consts, num_carry, unroll, batch_trace=None
):
    from .control_flow_common import batch_jaxpr

    size = (
        batch_trace.axis_size
        if batch_trace is not None
        else next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    )
    batched = [d is not None for d in bdims]
    bc, bk, bx = _split(batched, num_consts, num_carry)
    num_ys = len(jaxpr.out_avals) - num_carry
    carry_b = bk
    while True:  # a carry that becomes batched in the body is batched from the start
        body, out_b = batch_jaxpr(
            jaxpr, size, bc + carry_b + bx, carry_b + [False] * num_ys, _axis_name(batch_trace)
        )
        grown = [a or b for a, b in zip(carry_b, out_b[:num_carry])]
        if grown == carry_b:
            break
        carry_b = grown
    consts, init, xs = _split(args, num_consts, num_carry)
    dc, dk, dx = _split(bdims, num_consts, num_carry)
    consts = [c if d is None else moveaxis(c, d, 0) for c, d in zip(consts, dc)]
    init = [bdim_to_front(c, d, size) if b else c for c, d, b in zip(init, dk, carry_b)]
    xs = [x if d is None else moveaxis(x, d, 1) for x, d in zip(xs, dx)]
    outs = scan_p.bind(
        *consts,
        *init,
        *xs,
        reverse=reverse,
        length=length,
        jaxpr=body,
        num_consts=num_consts,
        num_carry=num_carry,
        unroll=unroll,
    )
    out_dims = [0 if b else None for b in carry_b] + [1 if b else None for b in out_b[num_carry:]]
    return outs, out_dims


scan_p.impl = _scan_impl
scan_p.abstract_eval = _scan_abstract_eval
scan_p.weak_type_rule = _scan_weak_type
scan_p.jvp = _scan_jvp
scan_p.stage = _scan_stage
scan_p.transpose = _scan_transpose
scan_p.batch = _scan_batch
scan_p.batch_with_trace = True


# ---------------------------------------------------------------------------------------------
# while_p


while_p = Primitive("while", multiple_results=True)

_WHILE_REVERSE_MODE = (
    "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with "
    "dynamic start/stop values. Try using lax.scan, or using fori_loop with static start/stop."
)


def _while_impl(*args, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    cond_consts, body_consts, carry = _split(args, cond_nconsts, body_nconsts)
    cond, body = runner(cond_jaxpr, None), runner(body_jaxpr, None)
    while cond(*cond_consts, *carry)[0]:
        carry = body(*body_consts, *carry)
    return [np.asarray(c) for c in carry]


def _while_abstract_eval(*avals, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    carry = avals[cond_nconsts + body_nconsts :]
    for a, b in zip(carry, body_jaxpr.out_avals, strict=True):
        if a.shape != b.shape or a.dtype != b.dtype:
            raise TypeError(f"while: carry of type {a.str_short()} for body output {b.str_short()}")
    return body_jaxpr.out_avals


def _while_weak_type(*weak, body_jaxpr, **params):
    return [a.weak_type for a in body_jaxpr.out_avals]


def _add_inputs(closed: ClosedJaxpr, avals, at: int) -> ClosedJaxpr:
    """`closed` with extra, unread inputs of types `avals` inserted at position `at`."""
    jaxpr = closed.jaxpr
    invars = [*jaxpr.invars[:at], *[Var(a) for a in avals], *jaxpr.invars[at:]]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, invars, jaxpr.eqns, jaxpr.outvars), closed.consts)


def _drop_inputs(closed: ClosedJaxpr, keep) -> ClosedJaxpr:
    """`closed` without the inputs where `keep` is False (they must be unread)."""
    jaxpr = closed.jaxpr
    invars = [v for v, k in zip(jaxpr.invars, keep, strict=True) if k]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, invars, jaxpr.eqns, jaxpr.outvars), closed.consts)


def _while_jvp(primals, tangents, *, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts):
    ncc, nbc = cond_nconsts, body_nconsts
    nz = [type(t) is not Zero and differentiable(get_aval(p)) for p, t in zip(primals, tangents)]
    _, nz_bc, nz_init = _split(nz, ncc, nbc)
    carry_nz = nz_init
    while True:
        jvp_closed, out_nz = jvp_jaxpr(body_jaxpr, nz_bc + carry_nz, carry_nz)
        grown = [a or b for a, b in zip(carry_nz, out_nz)]
        if grown == carry_nz:
            break
        carry_nz = grown
    nk = len(carry_nz)
    n_tb, n_tk = sum(nz_bc), sum(carry_nz)
    n_in = nbc + nk
    body = permute(
        jvp_closed,
        [
            *range(nbc),
            *range(n_in, n_in + n_tb),
            *range(nbc, n_in),
            *range(n_in + n_tb, n_in + n_tb + n_tk),
        ],
    )
    carry_t_avals = [tangent_aval(a) for a, z in zip(body_jaxpr.out_avals, carry_nz) if z]
    cond = _add_inputs(cond_jaxpr, carry_t_avals, len(cond_jaxpr.in_avals))
    cc, bc, init = _split(primals, ncc, nbc)
    _, t_bc, t_init = _split(tangents, ncc, nbc)
    t_init = [
        cast_like(instantiate(t), tangent_aval(a))
        for t, a, z in zip(t_init, body_jaxpr.out_avals, carry_nz)
        if z
    ]
    outs = while_p.bind(
        *cc,
        *bc,
        *[t for t, z in zip(t_bc, nz_bc) if z],
        *init,
        *t_init,
        cond_jaxpr=cond,
        body_jaxpr=body,
        cond_nconsts=ncc,
        body_nconsts=nbc + n_tb,
    )
    carry, t_carry = outs[:nk], outs[nk:]
    return carry, _fill(carry, t_carry, carry_nz)


def _while_stage(trace, args, params):
    """Partial evaluation computes the known carries with a known loop and stages the whole
    loop for the unknown ones (its transpose then raises, as in JAX)."""
    if not trace.forward_known:
        return trace.stage_eqn(while_p, args, params)
    cond_jaxpr, body_jaxpr = params["cond_jaxpr"], params["body_jaxpr"]
    ncc, nbc = params["cond_nconsts"], params["body_nconsts"]
    unknown = [is_tracer_of(trace, a) for a in args]
    ucc, ubc, uk = _split(unknown, ncc, nbc)
    carry_uk = uk
    while True:
        pe = partial_eval_jaxpr(body_jaxpr, ubc + carry_uk, carry_uk)
        grown = [a or b for a, b in zip(carry_uk, pe.out_unknowns)]
        if grown == carry_uk:
            break
        carry_uk = grown
    cond_reads = used_inputs(cond_jaxpr)[ncc:]
    if any(ucc) or any(u and r for u, r in zip(carry_uk, cond_reads)):
        return trace.stage_eqn(while_p, args, params)
    cc, bc, init = _split(args, ncc, nbc)
    n_known_out = len(carry_uk) - sum(carry_uk)
    body = prune_outputs(
        pe.known, [True] * n_known_out + [False] * (len(pe.known.out_avals) - n_known_out)
    )
    cond = _drop_inputs(cond_jaxpr, [True] * ncc + [not u for u in carry_uk])
    known_bc = [x for x, u in zip(bc, ubc) if not u]
    known_outs = trace.run_in_parent(
        while_p.bind,
        *cc,
        *known_bc,
        *[x for x, u in zip(init, carry_uk) if not u],
        cond_jaxpr=cond,
        body_jaxpr=body,
        cond_nconsts=ncc,
        body_nconsts=len(known_bc),
    )
    all_outs = trace.stage_eqn(while_p, args, params)
    known_it = iter(known_outs)
    return [o if u else next(known_it) for o, u in zip(all_outs, carry_uk)]


def _while_transpose(cts, *args, **params):
    raise ValueError(_WHILE_REVERSE_MODE)


def _while_batch(
    args, bdims, *, cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts, batch_trace=None
):
    from .control_flow_common import batch_jaxpr
    from .elementwise import select_n
    from .reductions import reduce_or
    from .structural import broadcast_in_dim

    size = (
        batch_trace.axis_size
        if batch_trace is not None
        else next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    )
    ncc, nbc = cond_nconsts, body_nconsts
    batched = [d is not None for d in bdims]
    bcc, bbc, bk = _split(batched, ncc, nbc)
    name = _axis_name(batch_trace)
    carry_b = bk
    while True:
        body, out_b = batch_jaxpr(body_jaxpr, size, bbc + carry_b, carry_b, name)
        grown = [a or b for a, b in zip(carry_b, out_b)]
        if grown == carry_b:
            break
        carry_b = grown
    cond, (pred_b,) = batch_jaxpr(cond_jaxpr, size, bcc + carry_b, [False], name)
    moved = [a if d is None else moveaxis(a, d, 0) for a, d in zip(args, bdims)]
    cc, bc, init = _split(moved, ncc, nbc)
    nk = len(init)
    if not pred_b:
        init = [
            bdim_to_front(x, None, size) if b and not bi else x
            for x, b, bi in zip(init, carry_b, bk)
        ]
        outs = while_p.bind(
            *cc, *bc, *init, cond_jaxpr=cond, body_jaxpr=body, cond_nconsts=ncc, body_nconsts=nbc
        )
        return outs, [0 if b else None for b in carry_b]
    # A batched predicate: run until every member is done; finished members keep their carry.
    body, _ = batch_jaxpr(body_jaxpr, size, bbc + [True] * nk, [True] * nk, name)
    cond, _ = batch_jaxpr(cond_jaxpr, size, bcc + [True] * nk, [True], name)
    init = [x if bi else bdim_to_front(x, None, size) for x, bi in zip(init, bk)]
    carry_avals = [get_aval(x) for x in init]
    cc_avals, bc_avals = [get_aval(x) for x in cc], [get_aval(x) for x in bc]

    def any_pending(*vals):
        (pred,) = eval_jaxpr(cond.jaxpr, cond.consts, *vals)
        return [reduce_or(pred, (0,))]

    def step(*vals):
        c_consts, b_consts, carry = _split(vals, ncc, nbc)
        (pred,) = eval_jaxpr(cond.jaxpr, cond.consts, *c_consts, *carry)
        new = eval_jaxpr(body.jaxpr, body.consts, *b_consts, *carry)
        return [
            select_n(broadcast_in_dim(pred, get_aval(n).shape, (0,)), old, n)
            for old, n in zip(carry, new)
        ]

    new_cond = trace_jaxpr(any_pending, [*cc_avals, *carry_avals])
    new_body = trace_jaxpr(step, [*cc_avals, *bc_avals, *carry_avals])
    outs = while_p.bind(
        *cc,
        *cc,
        *bc,
        *init,
        cond_jaxpr=new_cond,
        body_jaxpr=new_body,
        cond_nconsts=ncc,
        body_nconsts=ncc + nbc,
    )
    return outs, [0] * nk


while_p.impl = _while_impl
while_p.abstract_eval = _while_abstract_eval
while_p.weak_type_rule = _while_weak_type
while_p.jvp = _while_jvp
while_p.stage = _while_stage
while_p.transpose = _while_transpose
while_p.batch = _while_batch
while_p.batch_with_trace = True


# ---------------------------------------------------------------------------------------------
# User functions


def scan(f, init, xs=None, length=None, reverse=False, unroll=1, _split_transpose=False):
    """Scans `f` over the leading axis of `xs` while carrying state (`jax.lax.scan`).

    Semantics of the Python loop::

        carry = init; ys = []
        for x in xs:  # xs[::-1] when reverse
            carry, y = f(carry, x); ys.append(y)
        return carry, stack(ys)

    Args:
      f: `(carry, x) -> (carry, y)`; the carry keeps its pytree structure, shapes and dtypes
        (weakly typed initial values take the body's dtype).
      init: initial carry (a pytree of arrays).
      xs: pytree of arrays scanned along axis 0, or None (then `length` is required).
      length: number of iterations, checked against the leading axis sizes of `xs`.
      reverse: scan from the end; `ys` are still stored at their own index.
      unroll: accepted for compatibility (the loop is not unrolled).
    Raises TypeError when `f` changes the carry's structure or types or returns no pair, and
    ValueError for inconsistent lengths.
    """
    if not callable(f):
        raise TypeError("lax.scan: f argument should be a callable.")
    xs_flat, xs_tree = flatten_operands(xs)
    length = _scan_length(xs_flat, length)
    if isinstance(unroll, bool):
        unroll = max(length, 1) if unroll else 1
    if config.disable_jit:
        return _scan_in_python(f, init, xs_flat, xs_tree, length, reverse)
    init_flat, init_tree = flatten_operands(init)
    x_avals = [unstacked(get_aval(x)) for x in xs_flat]
    names = arg_names(f, (init, xs))
    carry_avals = [get_aval(x) for x in init_flat]
    jaxpr, consts, trees = _trace_scan_body(f, init_tree, xs_tree, carry_avals, x_avals, names)
    out_avals = jaxpr.out_avals[: trees[0].num_leaves]
    if trees[0] == init_tree:
        init_flat, changed = promote_weak_carry(init_flat, carry_avals, out_avals)
        if changed:
            carry_avals = [get_aval(x) for x in init_flat]
            jaxpr, consts, trees = _trace_scan_body(
                f, init_tree, xs_tree, carry_avals, x_avals, names
            )
            out_avals = jaxpr.out_avals[: trees[0].num_leaves]
    check_carry("scan body", f, init_tree, carry_avals, trees[0], out_avals)
    outs = scan_p.bind(
        *consts,
        *init_flat,
        *xs_flat,
        reverse=bool(reverse),
        length=length,
        jaxpr=jaxpr,
        num_consts=len(consts),
        num_carry=len(init_flat),
        unroll=unroll,
    )
    carry = tree_unflatten(init_tree, outs[: len(init_flat)])
    return carry, tree_unflatten(trees[1], outs[len(init_flat) :])


def _scan_in_python(f, init, xs_flat, xs_tree, length, reverse):
    """scan under `disable_jit`: the Python loop itself (as JAX)."""
    from .slicing import concatenate, index_in_dim
    from .structural import expand_dims

    if length == 0:
        raise ValueError(
            "zero-length scan is not supported in disable_jit() mode because the "
            "output type is unknown."
        )
    carry, ys = init, []
    order = range(length - 1, -1, -1) if reverse else range(length)
    for i in order:
        x = tree_unflatten(xs_tree, [index_in_dim(x, i, 0, keepdims=False) for x in xs_flat])
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    y_leaves = [tree_flatten(y)[0] for y in ys]
    stacked_ys = [
        concatenate([expand_dims(as_array(y), (0,)) for y in leaves], 0)
        for leaves in zip(*y_leaves)
    ]
    return carry, tree_unflatten(tree_flatten(ys[0])[1], stacked_ys)


def _trace_scan_body(f, init_tree, xs_tree, carry_avals, x_avals, names):
    """(jaxpr, hoisted consts, (carry tree, y tree)) of `f` on these carry and x types."""
    store = {}
    n_carry = len(carry_avals)

    def body(*args):
        out = f(tree_unflatten(init_tree, args[:n_carry]), tree_unflatten(xs_tree, args[n_carry:]))
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise TypeError(f"scan body output must be a pair, got {_describe_out(out)}.")
        carry_leaves, store["carry"] = flat_outputs(out[0])
        y_leaves, store["y"] = flat_outputs(out[1])
        return [*carry_leaves, *y_leaves]

    jaxpr, consts = trace_user_fun(body, [*carry_avals, *x_avals], "scan", names)
    return jaxpr, consts, (store["carry"], store["y"])


def _describe_out(out, top=True):
    """JAX's rendering of a body output's types: `~float32[]` alone, reprs inside containers."""
    if isinstance(out, (tuple, list)):
        inner = ", ".join(_describe_out(o, False) for o in out)
        return f"({inner})" if isinstance(out, tuple) else f"[{inner}]"
    try:
        aval = get_aval(canonical_operand(out))
    except TypeError:
        return repr(out)
    if top:
        return ("~" if aval.weak_type else "") + type_text(aval)
    return _describe_avals([aval])[1:-1]


def _scan_length(xs_flat, length):
    for x in xs_flat:
        if not get_aval(x).shape:
            raise ValueError(f"scan got value with no leading axis to scan over: {x}.")
    sizes = [get_aval(x).shape[0] for x in xs_flat]
    if length is not None:
        try:
            length = int(concrete_value(length) if isinstance(length, Tracer) else length)
        except TypeError:
            raise TypeError(f"length argument to scan must be an int, got {length}") from None
        if any(s != length for s in sizes):
            raise ValueError(
                f"scan got `length` argument of {length} which disagrees with "
                f"leading axis sizes {sizes}."
            )
        return length
    if not sizes:
        raise ValueError("scan got no values to scan over and `length` not provided.")
    if len(set(sizes)) > 1:
        raise ValueError(
            "scan got values with different leading axis sizes: "
            f"{', '.join(str(s) for s in sizes)}."
        )
    return sizes[0]


def _describe_avals(avals) -> str:
    def one(a):
        shape = ",".join(str(d) for d in a.shape)
        weak = ", weak_type=True" if a.weak_type else ""
        return f"ShapedArray({a.dtype.name}[{shape}]{weak})"

    return "[" + ", ".join(one(a) for a in avals) + "]"


def while_loop(cond_fun, body_fun, init_val):
    """Runs `body_fun` while `cond_fun` is True (`jax.lax.while_loop`).

    Semantics of the Python loop::

        val = init_val
        while cond_fun(val):
            val = body_fun(val)
        return val

    `cond_fun` must return a boolean scalar; `body_fun` must keep the carry's structure,
    shapes and dtypes. Differentiable in forward mode; reverse mode raises ValueError (use
    `scan`, or `fori_loop` with concrete bounds). Under `vmap` with a batched predicate the
    loop runs until every member is done.
    """
    if not (callable(body_fun) and callable(cond_fun)):
        raise TypeError("lax.while_loop: body_fun and cond_fun arguments should be callable.")
    if config.disable_jit:
        try:  # the Python loop itself, unless a transformation makes the predicate abstract
            val = tree_map(as_array, init_val)
            while cond_fun(val):
                val = tree_map(as_array, body_fun(val))
            return val
        except ConcretizationTypeError:
            pass
    init_flat, init_tree = flatten_operands(init_val)
    carry_avals = [get_aval(x) for x in init_flat]
    names = arg_names(body_fun, (init_val,))
    cond_jaxpr, cond_consts = _trace_cond(cond_fun, init_tree, carry_avals, init_val)
    body_jaxpr, body_consts, out_tree = _trace_while_body(body_fun, init_tree, carry_avals, names)
    if out_tree == init_tree:
        init_flat, changed = promote_weak_carry(init_flat, carry_avals, body_jaxpr.out_avals)
        if changed:
            carry_avals = [get_aval(x) for x in init_flat]
            cond_jaxpr, cond_consts = _trace_cond(cond_fun, init_tree, carry_avals, init_val)
            body_jaxpr, body_consts, out_tree = _trace_while_body(
                body_fun, init_tree, carry_avals, names
            )
    check_carry("while_loop body", body_fun, init_tree, carry_avals, out_tree, body_jaxpr.out_avals)
    outs = while_p.bind(
        *cond_consts,
        *body_consts,
        *init_flat,
        cond_jaxpr=cond_jaxpr,
        body_jaxpr=body_jaxpr,
        cond_nconsts=len(cond_consts),
        body_nconsts=len(body_consts),
    )
    return tree_unflatten(init_tree, outs)


def _trace_while_body(body_fun, init_tree, carry_avals, names):
    store = {}

    def body(*args):
        leaves, store["tree"] = flat_outputs(body_fun(tree_unflatten(init_tree, args)))
        return leaves

    jaxpr, consts = trace_user_fun(body, carry_avals, "while_loop", names)
    return jaxpr, consts, store["tree"]


def _trace_cond(cond_fun, init_tree, carry_avals, init_val):
    store = {}

    def cond(*args):
        out = cond_fun(tree_unflatten(init_tree, args))
        leaves, store["tree"] = flat_outputs(out)
        return leaves

    jaxpr, consts = trace_user_fun(
        cond, carry_avals, "while_loop", arg_names(cond_fun, (init_val,))
    )
    out_avals = jaxpr.out_avals
    if store["tree"] != tree_structure(0):
        raise TypeError(f"cond_fun must return a boolean scalar, but got pytree {store['tree']}.")
    if out_avals[0].shape != () or out_avals[0].dtype != np.bool_:
        raise TypeError(
            "cond_fun must return a boolean scalar, but got output type(s) "
            f"{_describe_avals(out_avals)}."
        )
    return jaxpr, consts


def fori_loop(lower, upper, body_fun, init_val, *, unroll=None):
    """Runs `val = body_fun(i, val)` for `i` in `range(lower, upper)` (`jax.lax.fori_loop`).

    With concrete bounds (Python ints or concrete arrays) this is a `scan` of known length,
    so reverse-mode differentiation works; with traced bounds it is a `while_loop`, which is
    forward-differentiable only. `lower` and `upper` must have the same integer dtype (a
    Python int adapts to the other's dtype). `unroll` needs concrete bounds.
    """
    if not callable(body_fun):
        raise TypeError("lax.fori_loop: body_fun argument should be callable.")
    lower, upper = canonical_operand(lower), canonical_operand(upper)
    lo_dtype, hi_dtype = dtypes.dtype_of(lower), dtypes.dtype_of(upper)
    dtype = lo_dtype if lo_dtype == hi_dtype else None
    if (
        dtype is None
        and dtypes.issubdtype(lo_dtype, np.signedinteger)
        and dtypes.issubdtype(hi_dtype, np.signedinteger)
    ):
        lo_weak, hi_weak = dtypes.is_weakly_typed(lower), dtypes.is_weakly_typed(upper)
        if lo_weak and not hi_weak:
            dtype = hi_dtype
        elif hi_weak and not lo_weak:
            dtype = lo_dtype
    if dtype is None:
        raise TypeError(
            "lower and upper arguments to fori_loop must have equal types, got "
            f"{lo_dtype.name} and {hi_dtype.name}"
        )
    lo, hi = concrete_value(lower), concrete_value(upper)
    if lo is not None and hi is not None:
        lo, hi = int(lo), int(hi)

        def scan_body(loop_carry, _):
            i, x = loop_carry
            return (i + 1, body_fun(i, x)), None

        scan_body.__name__ = getattr(body_fun, "__name__", "body_fun")
        (_, result), _ = scan(
            scan_body,
            (lo, init_val),
            None,
            length=max(hi - lo, 0),
            unroll=False if unroll is None else unroll,
        )
        return result
    if unroll is not None and unroll is not False and unroll != 1:
        raise ValueError(
            "Can only use `unroll` in `fori_loop` if the loop bounds are statically known."
        )
    from .elementwise import convert_element_type, lt

    if lo_dtype != dtype:
        lower = convert_element_type(lower, dtype)
    if hi_dtype != dtype:
        upper = convert_element_type(upper, dtype)

    def cond_fun(loop_carry):
        i, stop, _ = loop_carry
        return lt(i, stop)

    def body(loop_carry):
        i, stop, x = loop_carry
        return i + 1, stop, body_fun(i, x)

    _, _, result = while_loop(cond_fun, body, (lower, upper, init_val))
    return result


def map_(f, xs, *, batch_size=None):
    """Maps `f` over the leading axis of `xs` with a `scan` (`jax.lax.map`).

    With `batch_size`, `f` is `vmap`ped over chunks of that many elements (the remainder is
    one more vmapped call), trading memory for fewer loop steps.
    """
    if batch_size is None:
        _, ys = scan(lambda _, x: ((), f(x)), (), xs)
        return ys
    from ..vmap import vmap
    from .slicing import concatenate, slice_in_dim
    from .structural import reshape

    if batch_size == 0:  # one full batch
        return vmap(f)(xs)
    leaves, tree = flatten_operands(xs)
    n = get_aval(leaves[0]).shape[0]
    num_batches, rest = divmod(n, batch_size)
    main = [
        reshape(
            slice_in_dim(x, 0, num_batches * batch_size),
            (num_batches, batch_size, *get_aval(x).shape[1:]),
        )
        for x in leaves
    ]
    ys = map_(vmap(f), tree_unflatten(tree, main)) if num_batches else None
    y_leaves, y_tree = tree_flatten(ys) if ys is not None else (None, None)
    if ys is not None:
        y_leaves = [
            reshape(y, (num_batches * batch_size, *get_aval(y).shape[2:])) for y in y_leaves
        ]
    if rest:
        tail = vmap(f)(
            tree_unflatten(tree, [slice_in_dim(x, num_batches * batch_size, n) for x in leaves])
        )
        t_leaves, _ = tree_flatten(tail)
        if y_leaves is None:
            return tail
        y_leaves = [concatenate([a, b], 0) for a, b in zip(y_leaves, t_leaves)]
    return tree_unflatten(y_tree, y_leaves)


map_.__name__ = map_.__qualname__ = "map"
