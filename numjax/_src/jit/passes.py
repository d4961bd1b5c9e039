"""Optimization passes over a closed jaxpr, each `ClosedJaxpr -> ClosedJaxpr`.

The pipeline `optimize` runs: forward identities and no-op conversions, constant folding,
common-subexpression elimination, dead-code elimination. Passes never change the jaxpr's
inputs or output types.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..ir import ClosedJaxpr, Eqn, Jaxpr, Literal, Var


def _hashable_params(params):
    try:
        key = tuple(sorted(params.items()))
        hash(key)
        return key
    except TypeError:
        return None


def forward_identities(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Drops equations that return their input unchanged (same-type converts, reshapes to the
    same shape, identity transposes, broadcasts to the same shape)."""
    jaxpr = closed.jaxpr
    alias = {}
    eqns = []
    for eqn in jaxpr.eqns:
        invars = [alias.get(v, v) if type(v) is Var else v for v in eqn.invars]
        eqn = Eqn(eqn.primitive, invars, eqn.outvars, eqn.params)
        src = invars[0] if len(invars) == 1 else None
        if src is not None and not eqn.primitive.multiple_results and type(src) is Var:
            out = eqn.outvars[0]
            if (eqn.primitive.name in ("convert_element_type", "reshape", "broadcast_in_dim",
                                       "transpose", "squeeze")
                    and src.aval.shape == out.aval.shape and src.aval.dtype == out.aval.dtype
                    and _is_identity(eqn)):
                alias[out] = src
                continue
        eqns.append(eqn)
    outvars = [alias.get(v, v) if type(v) is Var else v for v in jaxpr.outvars]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, outvars), closed.consts)


def _is_identity(eqn) -> bool:
    if eqn.primitive.name == "transpose":
        perm = eqn.params["permutation"]
        return perm == tuple(range(len(perm)))
    if eqn.primitive.name == "broadcast_in_dim":
        dims = eqn.params["broadcast_dimensions"]
        return dims == tuple(range(len(dims)))
    return True


def cse(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Merges equations with the same primitive, inputs and params."""
    jaxpr = closed.jaxpr
    alias, seen, eqns = {}, {}, []
    for eqn in jaxpr.eqns:
        invars = [alias.get(v, v) if type(v) is Var else v for v in eqn.invars]
        eqn = Eqn(eqn.primitive, invars, eqn.outvars, eqn.params)
        params = _hashable_params(eqn.params)
        if params is not None and not getattr(eqn.primitive, "effectful", False):
            key = (eqn.primitive, tuple(v if type(v) is Var else ("lit", v.val, v.aval)
                                        for v in invars), params)
            prior = seen.get(key)
            if prior is not None:
                alias.update(zip(eqn.outvars, prior.outvars))
                continue
            seen[key] = eqn
        eqns.append(eqn)
    outvars = [alias.get(v, v) if type(v) is Var else v for v in jaxpr.outvars]
    return ClosedJaxpr(Jaxpr(jaxpr.constvars, jaxpr.invars, eqns, outvars), closed.consts)


def fold_constants(closed: ClosedJaxpr, max_size: int = 1 << 16) -> ClosedJaxpr:
    """Evaluates equations whose inputs are all constants, at compile time."""
    jaxpr = closed.jaxpr
    known = {v: c for v, c in zip(jaxpr.constvars, closed.consts)}
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
        if ins is None or getattr(eqn.primitive, "effectful", False) or (
                eqn.primitive.impl is None):
            eqns.append(eqn)
            continue
        out = eqn.primitive.bind(*ins, **eqn.params)
        outs = out if eqn.primitive.multiple_results else [out]
        if any(o.size > max_size for o in outs):
            eqns.append(eqn)
            continue
        known.update(zip(eqn.outvars, outs))
    used = {v for e in eqns for v in e.invars if type(v) is Var}
    used.update(v for v in jaxpr.outvars if type(v) is Var)
    constvars = [v for v in known if v in used]
    consts = [known[v] for v in constvars]
    return ClosedJaxpr(Jaxpr(constvars, jaxpr.invars, eqns, jaxpr.outvars), consts)


def dce(closed: ClosedJaxpr) -> ClosedJaxpr:
    """Removes equations whose outputs nothing reads, and unused constants."""
    jaxpr = closed.jaxpr
    live = {v for v in jaxpr.outvars if type(v) is Var}
    eqns = []
    for eqn in reversed(jaxpr.eqns):
        if getattr(eqn.primitive, "effectful", False) or any(v in live for v in eqn.outvars):
            eqns.append(eqn)
            live.update(v for v in eqn.invars if type(v) is Var)
    eqns.reverse()
    pairs = [(v, c) for v, c in zip(jaxpr.constvars, closed.consts) if v in live]
    jaxpr = Jaxpr([v for v, _ in pairs], jaxpr.invars, eqns, jaxpr.outvars)
    return ClosedJaxpr(jaxpr, [c for _, c in pairs])


PIPELINE = (forward_identities, fold_constants, cse, dce)


def optimize(closed: ClosedJaxpr) -> ClosedJaxpr:
    for p in PIPELINE:
        closed = p(closed)
    return closed
