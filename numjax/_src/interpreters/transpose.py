"""Reverse mode's second half: transposing a linear jaxpr (the output of `linearize`).

Equations that do not depend on a linear input are evaluated forward first; the rest are
walked backwards, each calling its primitive's `transpose` slot with the output cotangent
and its inputs (linear ones marked `UndefinedPrimal`). Cotangents may be symbolic Zeros.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..core import ShapedArray
from ..ir import Jaxpr, Literal
from .jvp import Zero, add_tangents


class UndefinedPrimal:
    """Marks a linear input of a primitive being transposed; only its type is known."""

    __slots__ = ("aval",)

    def __init__(self, aval: ShapedArray):
        self.aval = aval

    def __repr__(self):
        return f"UndefinedPrimal({self.aval})"


def is_undefined(x) -> bool:
    return type(x) is UndefinedPrimal


def backward_pass(jaxpr: Jaxpr, consts, args, cts_out):
    """Cotangents of the jaxpr's inputs that are `UndefinedPrimal` in `args` (others: None)."""
    primal_env = {}
    linear = set()
    for v, x in zip(jaxpr.constvars, consts, strict=True):
        primal_env[v] = x
    for v, x in zip(jaxpr.invars, args, strict=True):
        if is_undefined(x):
            linear.add(v)
        else:
            primal_env[v] = x

    def read(v):
        # Literals are read as 0-d Arrays: transpose rules may ask for .ndim, .shape, .dtype.
        if type(v) is Literal:
            return Array(np.asarray(v.val, v.aval.dtype), v.aval.weak_type)
        return primal_env[v]

    linear_eqns = []
    for eqn in jaxpr.eqns:
        if any(type(v) is not Literal and v in linear for v in eqn.invars):
            linear.update(eqn.outvars)
            linear_eqns.append(eqn)
        else:
            out = eqn.primitive.bind(*[read(v) for v in eqn.invars], **eqn.params)
            outs = out if eqn.primitive.multiple_results else [out]
            primal_env.update(zip(eqn.outvars, outs, strict=True))

    ct_env = {}

    def write_ct(v, ct):
        if type(v) is Literal or v not in linear or ct is None or type(ct) is Zero:
            return
        ct_env[v] = add_tangents(ct_env[v], ct) if v in ct_env else ct

    for v, ct in zip(jaxpr.outvars, cts_out, strict=True):
        write_ct(v, ct)

    for eqn in reversed(linear_eqns):
        if eqn.primitive.multiple_results:
            cts = [ct_env.pop(v, None) for v in eqn.outvars]
            if all(ct is None for ct in cts):
                continue
            ct = [Zero(v.aval) if c is None else c for v, c in zip(eqn.outvars, cts)]
        else:
            ct = ct_env.pop(eqn.outvars[0], None)
            if ct is None:
                continue
        ins = [
            UndefinedPrimal(v.aval) if type(v) is not Literal and v in linear else read(v)
            for v in eqn.invars
        ]
        if eqn.primitive.transpose is None:
            raise NotImplementedError(f"Transpose rule (for reverse-mode differentiation) for "
                                      f"'{eqn.primitive}' not implemented")
        in_cts = eqn.primitive.transpose(ct, *ins, **eqn.params)
        for v, x, c in zip(eqn.invars, ins, in_cts, strict=True):
            if is_undefined(x):
                write_ct(v, c)

    return [ct_env.get(v) if is_undefined(x) else None for v, x in zip(jaxpr.invars, args)]
