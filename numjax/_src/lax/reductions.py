"""Reductions over `axes`: sum, max, min, prod, and, or; argmax/argmin.

Axes are a sorted tuple of non-negative ints. Batching shifts the axes past the batch axis.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from .elementwise import convert_element_type, div, eq, mul
from .helpers import defjvp, deflinear, defzero, full_like, primitive, quiet_errors
from .structural import broadcast_in_dim


def _reduce_abstract_eval(name, out_dtype=None):
    def rule(x, *, axes, **params):
        for a in axes:
            if not 0 <= a < x.ndim:
                raise ValueError(f"axis {a} is out of bounds for array of dimension {x.ndim}")
        shape = tuple(s for i, s in enumerate(x.shape) if i not in axes)
        return ShapedArray(shape, x.dtype if out_dtype is None else out_dtype)

    return rule


def _reduce_batch(prim):
    def batch(args, bdims, *, axes, **params):
        (x,), (bdim,) = args, bdims
        # NumPy ints, as JAX's batched reductions carry (they print as `np.int64(1)`)
        new_axes = tuple(np.int64(a + (a >= bdim)) for a in axes)
        out_bdim = bdim - sum(a < bdim for a in new_axes)
        return prim.bind(x, axes=new_axes, **params), out_bdim

    return batch


def _keepdims_broadcast(ans, x_aval, axes):
    """`ans` (reduced over `axes`) broadcast back to the operand's shape."""
    kept = tuple(d for d in range(x_aval.ndim) if d not in axes)
    return broadcast_in_dim(ans, x_aval.shape, kept)


def _reduction(name, impl, emit_fn=None):
    p = primitive(name, impl, _reduce_abstract_eval(name),
                  emit=(lambda names, *, axes, **params:
                        f"{emit_fn}({names[0]}, axis={axes}, dtype={names[0]}.dtype)")
                  if emit_fn else None)
    p.batch = _reduce_batch(p)
    return p


reduce_sum_p = _reduction("reduce_sum", lambda x, *, axes, out_sharding=None:
                          np.add.reduce(x, axis=axes, dtype=x.dtype), emit_fn="np.add.reduce")
deflinear(reduce_sum_p, lambda ct, x, *, axes, out_sharding=None:
          [_keepdims_broadcast(ct, x.aval, axes)])

reduce_prod_p = _reduction("reduce_prod", lambda x, *, axes, out_sharding=None:
                           np.multiply.reduce(x, axis=axes, dtype=x.dtype),
                           emit_fn="np.multiply.reduce")


def _reduce_prod_jvp(g, ans, x, *, axes, out_sharding=None):
    # d prod = sum_i g_i * prod_{j != i} x_j; computed without dividing by zero.
    from .cumulative import cumprod

    n = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    perm = [d for d in range(x.ndim) if d not in axes] + list(axes)
    from .structural import reshape, transpose

    xt = reshape(transpose(x, tuple(perm)), (*ans.shape, n))
    gt = reshape(transpose(g, tuple(perm)), (*ans.shape, n))
    ones = full_like(reshape(ans, (*ans.shape, 1)), 1)
    from .slicing import concatenate, slice_in_dim

    last = len(ans.shape)
    left = cumprod(concatenate([ones, slice_in_dim(xt, 0, n - 1, axis=last)], last), axis=last)
    right = cumprod(concatenate([slice_in_dim(xt, 1, n, axis=last), ones], last), axis=last,
                    reverse=True)
    others = mul(left, right)
    return reduce_sum(mul(gt, others), (last,))


defjvp(reduce_prod_p, _reduce_prod_jvp)


def _minmax_jvp(g, ans, x, *, axes, out_sharding=None):
    # The tangent is averaged over the positions attaining the extremum (ties split evenly).
    location = convert_element_type(eq(x, _keepdims_broadcast(ans, x.aval, axes)), g.dtype)
    counts = reduce_sum(location, axes)
    return div(reduce_sum(mul(g, location), axes), counts)


def _lowest(dtype):
    if dtypes.is_inexact(dtype):
        return -np.inf
    return False if dtype == np.bool_ else dtypes.iinfo(dtype).min


def _highest(dtype):
    if dtypes.is_inexact(dtype):
        return np.inf
    return True if dtype == np.bool_ else dtypes.iinfo(dtype).max


def _minmax(name, ufunc, identity):
    # As XLA, reducing an empty axis gives the identity (-inf for max); NumPy would raise.
    def impl(x, *, axes, out_sharding=None):
        if x.size == 0:
            return ufunc.reduce(x, axis=axes, initial=identity(x.dtype))
        return ufunc.reduce(x, axis=axes)

    def emit(names, *, avals, axes, out_sharding=None):
        if 0 in avals[0].shape:
            return None
        return f"np.{ufunc.__name__}.reduce({names[0]}, axis={axes})"

    p = _reduction(name, impl)
    p.emit, p.emit_avals = emit, True
    defjvp(p, _minmax_jvp)
    return p


reduce_max_p = _minmax("reduce_max", np.maximum, _lowest)
reduce_min_p = _minmax("reduce_min", np.minimum, _highest)

reduce_and_p = _reduction("reduce_and", lambda x, *, axes: np.bitwise_and.reduce(x, axis=axes)
                          if x.dtype != np.bool_ else np.logical_and.reduce(x, axis=axes))
reduce_or_p = _reduction("reduce_or", lambda x, *, axes: np.bitwise_or.reduce(x, axis=axes)
                         if x.dtype != np.bool_ else np.logical_or.reduce(x, axis=axes))
reduce_xor_p = _reduction("reduce_xor", lambda x, *, axes: np.bitwise_xor.reduce(x, axis=axes)
                          if x.dtype != np.bool_ else np.logical_xor.reduce(x, axis=axes))
for _p in (reduce_and_p, reduce_or_p, reduce_xor_p):
    defzero(_p)


def _arg_impl(fn):
    def impl(x, *, axes, index_dtype):
        (axis,) = axes
        if dtypes.is_float(x.dtype) and np.isnan(x).any():
            # NaN wins, as in XLA: the first NaN's index.
            isnan = np.isnan(x)
            return np.where(isnan.any(axis=axis), np.argmax(isnan, axis=axis),
                            fn(np.where(isnan, 0, x), axis=axis)).astype(index_dtype)
        return fn(x, axis=axis).astype(index_dtype)

    return impl


def _arg_abstract_eval(x, *, axes, index_dtype):
    (axis,) = axes
    if not 0 <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {x.ndim}")
    if x.shape[axis] == 0:
        raise ValueError("attempt to get argmax of an empty sequence")
    return ShapedArray(tuple(s for i, s in enumerate(x.shape) if i != axis), index_dtype)


argmax_p = primitive("argmax", _arg_impl(np.argmax), _arg_abstract_eval, weak_type_rule=False)
argmin_p = primitive("argmin", _arg_impl(np.argmin), _arg_abstract_eval, weak_type_rule=False)
for _p in (argmax_p, argmin_p):
    defzero(_p)
    _p.batch = _reduce_batch(_p)


def reduce_sum(x, axes):
    return reduce_sum_p.bind(x, axes=_axes(axes), out_sharding=None)


def reduce_prod(x, axes):
    return reduce_prod_p.bind(x, axes=_axes(axes), out_sharding=None)


def reduce_max(x, axes):
    return reduce_max_p.bind(x, axes=_axes(axes), out_sharding=None)


def reduce_min(x, axes):
    return reduce_min_p.bind(x, axes=_axes(axes), out_sharding=None)


def reduce_and(x, axes):
    return reduce_and_p.bind(x, axes=_axes(axes))


def reduce_or(x, axes):
    return reduce_or_p.bind(x, axes=_axes(axes))


def reduce_xor(x, axes):
    return reduce_xor_p.bind(x, axes=_axes(axes))


def argmax(x, axis, index_dtype):
    return argmax_p.bind(x, axes=(int(axis),), index_dtype=dtypes.canonicalize_dtype(index_dtype))


def argmin(x, axis, index_dtype):
    return argmin_p.bind(x, axes=(int(axis),), index_dtype=dtypes.canonicalize_dtype(index_dtype))


def _axes(axes):
    return tuple(sorted(int(a) for a in axes))


# Impls that meet overflow, log(0) or 0/0 in ordinary use: silent, as JAX.
quiet_errors(reduce_prod_p)
