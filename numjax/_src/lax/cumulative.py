"""Cumulative reductions along one `axis`, optionally `reverse`d: cumsum, cumprod, cummax,
cummin, cumlogsumexp.

cumsum is linear (its transpose is the reversed cumsum). cumprod's JVP is exact at zeros (an
n x n masked product, no division); cummax/cummin gather the tangent at the running arg-extremum.
"""

from __future__ import annotations

import numpy as np

from ..core import ShapedArray
from .elementwise import (
    add,
    convert_element_type,
    eq,
    exp,
    mul,
    select,
    sub,
)
from .helpers import defjvp, deflinear, full_like, primitive, quiet_errors
from .slicing import concatenate, rev, slice_in_dim
from .structural import broadcast_in_dim, broadcasted_iota


def _impl(accumulate):
    def impl(x, *, axis, reverse):
        if reverse:
            return np.flip(accumulate(np.flip(x, axis), axis), axis)
        return accumulate(x, axis)

    return impl


def _abstract_eval(name, accepts_bool=True):
    def rule(x, *, axis, reverse):
        if not 0 <= axis < max(x.ndim, 1):
            raise ValueError(f"axis {axis} is out of bounds for array of dimension {x.ndim}")
        if not accepts_bool and x.dtype == np.bool_:
            raise TypeError(f"{name} does not accept dtype bool.")
        return ShapedArray(x.shape, x.dtype)

    return rule


def _batch(prim):
    def batch(args, bdims, *, axis, reverse):
        (x,), (bdim,) = args, bdims
        return prim.bind(x, axis=axis + (axis >= bdim), reverse=reverse), bdim

    return batch


def _cumulative(name, accumulate, emit=None):
    p = primitive(name, _impl(accumulate), _abstract_eval(name))
    p.batch = _batch(p)
    return p


def _cumsum_acc(x, axis):
    return np.cumsum(x, axis=axis, dtype=x.dtype)


def _cumprod_acc(x, axis):
    return np.cumprod(x, axis=axis, dtype=x.dtype)


def _logaddexp_acc(x, axis):
    return np.logaddexp.accumulate(x, axis=axis)


cumsum_p = _cumulative("cumsum", _cumsum_acc)
cumprod_p = _cumulative("cumprod", _cumprod_acc)
cummax_p = _cumulative("cummax", lambda x, axis: np.maximum.accumulate(x, axis=axis))
cummin_p = _cumulative("cummin", lambda x, axis: np.minimum.accumulate(x, axis=axis))
cumlogsumexp_p = _cumulative("cumlogsumexp", _logaddexp_acc)

deflinear(cumsum_p, lambda ct, x, *, axis, reverse: [cumsum(ct, axis, not reverse)])


def _cumprod_jvp(g, ans, x, *, axis, reverse):
    # d ans_i = sum_{j<=i} g_j * prod_{k<j} x_k * prod_{j<k<=i} x_k, on an (n, n) grid.
    if reverse:
        return rev(_cumprod_jvp(rev(g, (axis,)), None, rev(x, (axis,)), axis=axis,
                                reverse=False), (axis,))
    n = x.shape[axis]
    if n == 0:
        return g
    ones = full_like(slice_in_dim(x, 0, 1, axis=axis), 1)
    left = cumprod(concatenate([ones, slice_in_dim(x, 0, n - 1, axis=axis)], axis), axis)
    # Grid dims: x's dims with the axis split into (j, i) at positions (axis, axis + 1).
    gshape = (*x.shape[:axis], n, n, *x.shape[axis + 1:])
    keep_j = tuple(d for d in range(len(gshape)) if d != axis + 1)
    keep_i = tuple(d for d in range(len(gshape)) if d != axis)
    j = broadcasted_iota(np.int32, gshape, axis)
    i = broadcasted_iota(np.int32, gshape, axis + 1)
    one = full_like(broadcast_in_dim(x, gshape, keep_i), 1)
    after_j = select(_gt(i, j), broadcast_in_dim(x, gshape, keep_i), one)
    right = cumprod(after_j, axis + 1)
    terms = mul(mul(broadcast_in_dim(mul(g, left), gshape, keep_j), right),
                convert_element_type(_le(j, i), x.dtype))
    from .reductions import reduce_sum

    return reduce_sum(terms, (axis,))


def _gt(a, b):
    from .elementwise import gt

    return gt(a, b)


def _le(a, b):
    from .elementwise import le

    return le(a, b)


defjvp(cumprod_p, _cumprod_jvp)


def _cumextremum_jvp(g, ans, x, *, axis, reverse):
    # The latest position j <= i where x_j attains the running extremum holds ans_i.
    from .indexing import take_along_axis

    ramp = broadcasted_iota(np.int32, x.shape, axis)
    if reverse:
        ramp = sub(full_like(ramp, x.shape[axis] - 1), ramp)
    hit = select(eq(x, ans), ramp, full_like(ramp, -1))
    where = cummax(hit, axis, reverse)
    if reverse:
        where = sub(full_like(where, x.shape[axis] - 1), where)
    return take_along_axis(g, where, axis)


defjvp(cummax_p, _cumextremum_jvp)
defjvp(cummin_p, _cumextremum_jvp)


def _cumlogsumexp_jvp(g, ans, x, *, axis, reverse):
    # d ans_i = sum_{j<=i} g_j exp(x_j - ans_i), shifted by the (constant) max for range.
    from .ad_util import stop_gradient
    from .reductions import reduce_max

    shift = stop_gradient(broadcast_in_dim(reduce_max(x, (axis,)), x.shape,
                                           tuple(d for d in range(x.ndim) if d != axis)))
    acc = cumsum(mul(g, exp(sub(x, shift))), axis, reverse)
    return mul(acc, exp(sub(shift, ans)))


defjvp(cumlogsumexp_p, _cumlogsumexp_jvp)


def _bind(prim, x, axis, reverse):
    ndim = x.ndim
    axis = int(axis) % ndim if ndim else 0
    return prim.bind(x, axis=axis, reverse=bool(reverse))


def cumsum(x, axis=0, reverse=False):
    return _bind(cumsum_p, x, axis, reverse)


def cumprod(x, axis=0, reverse=False):
    return _bind(cumprod_p, x, axis, reverse)


def cummax(x, axis=0, reverse=False):
    return _bind(cummax_p, x, axis, reverse)


def cummin(x, axis=0, reverse=False):
    return _bind(cummin_p, x, axis, reverse)


def cumlogsumexp(x, axis=0, reverse=False):
    return _bind(cumlogsumexp_p, x, axis, reverse)


_ = add


# Impls that meet overflow, log(0) or 0/0 in ordinary use: silent, as JAX.
quiet_errors(cumprod_p, cumlogsumexp_p)
