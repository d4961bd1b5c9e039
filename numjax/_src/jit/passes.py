"""Optimization passes over a closed jaxpr, each `ClosedJaxpr -> ClosedJaxpr`.

The pipeline `optimize` runs: inline nested jit equations; forward identities (no-op
converts, reshapes, transposes, broadcasts, `integer_pow` by 1, multiplication by ones);
constant folding (uniform constants become broadcast literals); common-subexpression
elimination; multiply-then-reduce_sum into one contraction; dead-code elimination.
Passes never change the jaxpr's inputs or output types (weak types aside: those of the
outputs are taken from the unoptimized jaxpr by the caller). Being a peephole optimizer,
this module names primitives; the interpreters never do.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..core import Primitive
from ..ir import ClosedJaxpr, Eqn, Jaxpr, Literal, Var, is_effectful


def _hashable_params(params):
    try:
        key = tuple(sorted(params.items()))
        hash(key)
        return key
    except TypeError:
        return None


def _rename(v, alias):
    return alias.get(v, v) if type(v) is Var else v


def inline_jit(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Replaces each nested `jit` equation by a fresh copy of its equations."""
    jaxpr = closed.jaxpr
    if not any(e.primitive.name == "jit" for e in jaxpr.eqns):
        return closed
    constvars, consts = list(jaxpr.constvars), list(closed.consts)
    eqns = []
    alias = {}
    for eqn in jaxpr.eqns:
        invars = [_rename(v, alias) for v in eqn.invars]
        if eqn.primitive.name != "jit":
            eqns.append(Eqn(eqn.primitive, invars, eqn.outvars, eqn.params))
            continue
        inner = inline_jit(eqn.params["jaxpr"])
        env = {}
        for v, c in zip(inner.jaxpr.constvars, inner.consts, strict=True):
            env[v] = Var(v.aval)
            constvars.append(env[v])
            consts.append(c)
        env.update(zip(inner.jaxpr.invars, invars, strict=True))
        for e in inner.jaxpr.eqns:
            outs = []
            for v in e.outvars:
                env[v] = Var(v.aval)
                outs.append(env[v])
            eqns.append(Eqn(e.primitive, [_rename(v, env) for v in e.invars], outs, e.params))
        for v, src in zip(eqn.outvars, inner.jaxpr.outvars, strict=True):
            alias[v] = _rename(src, env)
    outvars = [_rename(v, alias) for v in jaxpr.outvars]
    return ClosedJaxpr(Jaxpr(constvars, jaxpr.invars, eqns, outvars), consts)


def forward_identities(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Drops equations that return their input unchanged (same-type converts, reshapes to the
    same shape, identity transposes, broadcasts to the same shape, `integer_pow` by 1, `mul`
    by ones)."""
    jaxpr = closed.jaxpr
    uniform = _uniform_values(closed)
    alias = {}
    eqns = []
    for eqn in jaxpr.eqns:
        invars = [_rename(v, alias) for v in eqn.invars]
        eqn = Eqn(eqn.primitive, invars, eqn.outvars, eqn.params)
        src = _identity_source(eqn, uniform)
        if src is not None:
            alias[eqn.outvars[0]] = src
            continue
        if eqn.primitive.name == "broadcast_in_dim":
            x = invars[0]
            value = x.val if type(x) is Literal else uniform.get(x)
            if value is not None:
                uniform[eqn.outvars[0]] = value
        eqns.append(eqn)
    outvars = [_rename(v, alias) for v in jaxpr.outvars]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, outvars), closed.consts)


_SAME_VALUE = ("convert_element_type", "reshape", "broadcast_in_dim", "transpose", "squeeze")


def _identity_source(eqn, uniform):
    """The invar equal to the eqn's single output (same shape and dtype), else None."""
    if eqn.primitive.multiple_results or is_effectful(eqn):
        return None
    out = eqn.outvars[0].aval
    name = eqn.primitive.name
    candidates = []
    if name in _SAME_VALUE and _is_identity(eqn) or name == "integer_pow" and eqn.params["y"] == 1:
        candidates = [eqn.invars[0]]
    elif name == "mul":
        a, b = eqn.invars
        candidates = [x for x, one in ((a, b), (b, a)) if _is_one(one, uniform)]
    for src in candidates:
        if src.aval.shape == out.shape and src.aval.dtype == out.dtype:
            return src
    return None


def _is_one(v, uniform) -> bool:
    val = v.val if type(v) is Literal else uniform.get(v)
    return val is not None and not isinstance(val, bool) and val == 1


def _uniform_values(closed) -> dict:
    """Constvars of small arrays whose elements are all equal, with that value."""
    out = {}
    for v, c in zip(closed.jaxpr.constvars, closed.consts, strict=True):
        x = c._value if type(c) is Array else c
        if isinstance(x, (np.ndarray, np.generic)) and 0 < np.size(x) <= 1 << 16:
            flat = np.ravel(x)
            if flat.dtype.kind in "biuf" and np.all(flat == flat[0]):
                out[v] = flat[0].item()
    return out


def _is_identity(eqn) -> bool:
    if eqn.primitive.name == "transpose":
        perm = eqn.params["permutation"]
        return tuple(perm) == tuple(range(len(perm)))
    if eqn.primitive.name == "broadcast_in_dim":
        dims = eqn.params["broadcast_dimensions"]
        return tuple(dims) == tuple(range(len(dims)))
    return True


def cse(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Merges equations with the same primitive, inputs and params."""
    jaxpr = closed.jaxpr
    alias, seen, eqns = {}, {}, []
    for eqn in jaxpr.eqns:
        invars = [_rename(v, alias) for v in eqn.invars]
        eqn = Eqn(eqn.primitive, invars, eqn.outvars, eqn.params)
        params = _hashable_params(eqn.params)
        if params is not None and not is_effectful(eqn):
            key = (
                eqn.primitive,
                tuple(v if type(v) is Var else ("lit", v.val, v.aval) for v in invars),
                params,
            )
            prior = seen.get(key)
            if prior is not None:
                alias.update(zip(eqn.outvars, prior.outvars, strict=True))
                continue
            seen[key] = eqn
        eqns.append(eqn)
    outvars = [_rename(v, alias) for v in jaxpr.outvars]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, outvars), closed.consts)


def fold_constants(closed: ClosedJaxpr, max_size: int = 1 << 16) -> ClosedJaxpr:
    """Evaluates equations whose inputs are all constants, at compile time. Broadcasts are
    kept (the code generator makes them free views) and constants whose elements are all
    equal become broadcast literals, so constants stay small."""
    from ..lax.structural import broadcast_in_dim_p

    jaxpr = closed.jaxpr
    known = {
        v: Array(c, False) if isinstance(c, (np.ndarray, np.generic)) else c
        for v, c in zip(jaxpr.constvars, closed.consts, strict=True)
    }
    eqns = []
    for eqn in jaxpr.eqns:
        ins = []
        for v in eqn.invars:
            if type(v) is Literal:
                ins.append(Array(np.asarray(v.val, v.aval.dtype), v.aval.weak_type))
            elif v in known and type(known[v]) is Array:
                ins.append(known[v])
            else:
                ins = None
                break
        if (
            ins is None
            or is_effectful(eqn)
            or getattr(eqn.primitive, "needs_axis", False)  # psum(1., 'i'): the axis is bound
            or eqn.primitive.impl is None                 # only when the program runs
            or eqn.primitive is broadcast_in_dim_p
        ):
            eqns.append(eqn)
            continue
        out = eqn.primitive.bind(*ins, **eqn.params)
        outs = out if eqn.primitive.multiple_results else [out]
        if any(o.size > max_size for o in outs):
            eqns.append(eqn)
            continue
        known.update(zip(eqn.outvars, outs, strict=True))
    used = {v for e in eqns for v in e.invars if type(v) is Var}
    used.update(v for v in jaxpr.outvars if type(v) is Var)
    constvars, consts, prologue = [], [], []
    for v, c in known.items():
        if v not in used:
            continue
        x = c._value if type(c) is Array else None
        if x is not None and x.ndim == 0 and x.dtype.kind in "biufc":
            lit = Literal(x.item(), v.aval)
            eqns = [
                Eqn(e.primitive, [lit if u is v else u for u in e.invars], e.outvars, e.params)
                for e in eqns
            ]
            if v in jaxpr.outvars:
                constvars.append(v)
                consts.append(c)
            continue
        if x is not None and x.size > 1 and x.dtype.kind in "biuf" and np.all(x == x.flat[0]):
            lit = Literal(x.flat[0].item(), v.aval.update(shape=()))
            prologue.append(
                Eqn(broadcast_in_dim_p, [lit], [v], {"shape": x.shape, "broadcast_dimensions": ()})
            )
            continue
        constvars.append(v)
        consts.append(c)
    return ClosedJaxpr(Jaxpr(constvars, jaxpr.invars, prologue + eqns, jaxpr.outvars), consts)


def _vecdot_abstract_eval(x, y, *, axis):
    return x.update(shape=tuple(s for i, s in enumerate(x.shape) if i != axis), weak_type=False)


# Private to generated code (never seen by transformations): real-valued
# `sum(x * y, axis)` in one pass, `np.vecdot` (NumPy >= 2.0).
vecdot_p = Primitive("vecdot")
vecdot_p.impl = lambda x, y, *, axis: np.vecdot(x, y, axis=axis)
vecdot_p.abstract_eval = _vecdot_abstract_eval
vecdot_p.emit = lambda names, *, axis: (
    f"np.vecdot({names[0]}, {names[1]})"
    if axis == -1
    else f"np.vecdot({names[0]}, {names[1]}, axis={axis})"
)


def contract_mul_reduce(closed: ClosedJaxpr) -> ClosedJaxpr:
    """`reduce_sum(mul(a, b), (axis,))` (or of `integer_pow(a, 2)`) over real floats, where
    nothing else reads the product, becomes one contraction (`vecdot`): one pass over memory
    instead of two."""
    jaxpr = closed.jaxpr
    if not hasattr(np, "vecdot"):
        return closed
    uses = _use_counts(jaxpr)
    producer = {e.outvars[0]: e for e in jaxpr.eqns if len(e.outvars) == 1}
    eqns = []
    for eqn in jaxpr.eqns:
        if (
            eqn.primitive.name == "reduce_sum"
            and type(eqn.invars[0]) is Var
            and len(eqn.params["axes"]) == 1
            and uses.get(eqn.invars[0]) == 1
        ):
            prod = producer.get(eqn.invars[0])
            operands = _product_operands(prod) if prod is not None else None
            if operands is not None and operands[0].aval.dtype.kind == "f":
                axis = eqn.params["axes"][0]
                axis = -1 if axis == operands[0].aval.ndim - 1 else axis
                eqns.append(Eqn(vecdot_p, operands, eqn.outvars, {"axis": axis}))
                continue
        eqns.append(eqn)
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outvars), closed.consts)


def merge_pads(closed: ClosedJaxpr) -> ClosedJaxpr:
    """`add(pad(a, 0), pad(b, 0))` where the pads place `a` and `b` side by side along one
    axis becomes `pad(concatenate(a, b), 0)` (a plain concatenate when they tile the axis).
    This is the shape of every gradient through `params[0], params[1]`-style slicing."""
    from ..lax.slicing import concatenate_p, pad_p

    jaxpr = closed.jaxpr
    uses = _use_counts(jaxpr)
    pads = {}  # outvar -> (operand, axis, lo, hi) for single-use zero pads along one axis
    eqns = []
    for eqn in jaxpr.eqns:
        if eqn.primitive is pad_p:
            spec = _pad_spec(eqn)
            if spec is not None and uses.get(eqn.outvars[0]) == 1:
                pads[eqn.outvars[0]] = spec
        elif eqn.primitive.name in ("add", "add_any") and all(v in pads for v in eqn.invars):
            (a, ax, lo_a, hi_a), (b, bx, lo_b, hi_b) = (pads[v] for v in eqn.invars)
            if lo_a > lo_b:
                (a, lo_a, hi_a), (b, lo_b, hi_b) = (b, lo_b, hi_b), (a, lo_a, hi_a)
            if ax == bx and lo_a + a.aval.shape[ax] == lo_b:
                out = eqn.outvars[0]
                joined = out
                if lo_a or hi_b:
                    shape = list(out.aval.shape)
                    shape[ax] -= lo_a + hi_b
                    joined = Var(out.aval.update(shape=tuple(shape)))
                eqns.append(Eqn(concatenate_p, [a, b], [joined], {"dimension": ax}))
                if joined is not out:
                    config = tuple(
                        (lo_a, hi_b, 0) if d == ax else (0, 0, 0) for d in range(out.aval.ndim)
                    )
                    zero = Literal(
                        0.0 if out.aval.dtype.kind in "fc" else 0,
                        out.aval.update(shape=(), weak_type=False),
                    )
                    eqn = Eqn(pad_p, [joined, zero], [out], {"padding_config": config})
                    pads[out] = (joined, ax, lo_a, hi_b)
                    uses[out] = uses.get(out, 0)
                else:
                    continue
        eqns.append(eqn)
    return dce(
        ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, jaxpr.outvars), closed.consts)
    )


def _pad_spec(eqn):
    x, value = eqn.invars
    if type(value) is not Literal or value.val != 0 or type(x) is not Var:
        return None
    axes = [
        d
        for d, (lo, hi, interior) in enumerate(eqn.params["padding_config"])
        if lo or hi or interior
    ]
    if len(axes) != 1:
        return None
    lo, hi, interior = eqn.params["padding_config"][axes[0]]
    if interior or lo < 0 or hi < 0:
        return None
    return (x, axes[0], lo, hi)


def _use_counts(jaxpr) -> dict:
    uses = {}
    for v in jaxpr.outvars:
        uses[v] = uses.get(v, 0) + 2
    for e in jaxpr.eqns:
        for v in e.invars:
            if type(v) is Var:
                uses[v] = uses.get(v, 0) + 1
    return uses


def _product_operands(eqn):
    if eqn.primitive.name == "mul" and all(type(v) is Var for v in eqn.invars):
        a, b = eqn.invars
        if a.aval.shape == b.aval.shape and a.aval.ndim > 0:
            return [a, b]
    if eqn.primitive.name == "integer_pow" and eqn.params["y"] == 2:
        a = eqn.invars[0]
        if type(a) is Var and a.aval.ndim > 0:
            return [a, a]
    return None


def dce(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Removes equations whose outputs nothing reads, and unused constants."""
    jaxpr = closed.jaxpr
    live = {v for v in jaxpr.outvars if type(v) is Var}
    eqns = []
    for eqn in reversed(jaxpr.eqns):
        if is_effectful(eqn) or any(v in live for v in eqn.outvars):
            eqns.append(eqn)
            live.update(v for v in eqn.invars if type(v) is Var)
    eqns.reverse()
    pairs = [(v, c) for v, c in zip(jaxpr.constvars, closed.consts, strict=True) if v in live]
    jaxpr = Jaxpr([v for v, _ in pairs], jaxpr.invars, eqns, jaxpr.outvars)
    return ClosedJaxpr(jaxpr, [c for _, c in pairs])


PIPELINE = (
    inline_jit,
    forward_identities,
    fold_constants,
    forward_identities,
    cse,
    contract_mul_reduce,
    merge_pads,
    dce,
)


def optimize(closed: ClosedJaxpr) -> ClosedJaxpr:
    for p in PIPELINE:
        closed = p(closed)
    return closed
