"""jnp sorting, searching, taking and cumulative functions (argument handling, then lax).

Data-dependent output shapes (nonzero, unique, argwhere) need concrete inputs or a static
`size=` under transformations, as in JAX.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer, concrete_value
from ..errors import ConcretizationTypeError
from ..lax import cumulative as lax_cum
from ..lax import elementwise as lax
from ..lax import indexing as lax_idx
from ..lax import slicing as lax_slicing
from ..lax import sorting as lax_sort
from ..lax import structural as lax_struct
from ..lax.reductions import reduce_sum
from .util import broadcast_to_shape, canonicalize_axis, jit_when_traced, to_array


def _ravel(a):
    return lax_struct.reshape(a, (a.size,))


def _int_dtype():
    return dtypes.canonicalize_dtype(np.int64)


def _concrete(x):
    return concrete_value(x) if isinstance(x, (Tracer, Array)) else np.asarray(x)


def _need_size(name):
    return ConcretizationTypeError(
        f"Abstract tracer value encountered where concrete value is expected: the size "
        f"argument of jnp.{name} must be statically specified to use {name} within JAX "
        f"transformations.\nSee https://docs.jax.dev/en/latest/errors.html"
        f"#jax.errors.ConcretizationTypeError"
    )


# ---------------------------------------------------------------------------------------------
# sort and friends


@jit_when_traced(static_argnames=("axis", "kind", "order", "stable", "descending"))
def sort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    """numpy.sort (stable; NaNs last). `descending=True` reverses the order, keeping ties stable."""
    if order is not None:
        raise TypeError("'order' argument to sort is not supported.")
    a = to_array(a)
    if axis is None:
        a, axis = _ravel(a), 0
    if a.ndim == 0:
        return a
    axis = canonicalize_axis(axis, a.ndim)
    if descending:
        return lax_slicing.rev(lax_sort.sort(a, axis, True), (axis,))
    return lax_sort.sort(a, axis, True)


def argsort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    """numpy.argsort (always stable); int32 indices (int64 with x64)."""
    if order is not None:
        raise TypeError("'order' argument to argsort is not supported.")
    a = to_array(a)
    if axis is None:
        a, axis = _ravel(a), 0
    if a.ndim == 0:
        return Array(np.zeros((), _int_dtype()), False)
    axis = canonicalize_axis(axis, a.ndim)
    if descending:
        n = a.shape[axis]
        flipped = lax_slicing.rev(a, (axis,))
        idx = lax_sort.argsort(flipped, axis)
        idx = lax.sub(Array(np.full(idx.shape, n - 1, np.int32), False), idx)
        out = lax_slicing.rev(idx, (axis,))
    else:
        out = lax_sort.argsort(a, axis)
    return lax.convert_element_type(out, _int_dtype())


def lexsort(keys, axis=-1):
    """numpy.lexsort: sort by the last key first."""
    keys = [to_array(k) for k in keys]
    if not keys:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    shape = keys[0].shape
    axis = canonicalize_axis(axis, len(shape))
    ramp = lax_struct.broadcasted_iota(np.int32, shape, axis)
    outs = lax_sort.sort((*reversed(keys), ramp), axis, True, len(keys))
    return lax.convert_element_type(outs[-1], _int_dtype())


def partition(a, kth, axis=-1):
    """numpy.partition; returns the fully sorted array (a valid partition)."""
    return sort(a, axis)


def argpartition(a, kth, axis=-1):
    """numpy.argpartition; returns a full argsort (a valid partition)."""
    return argsort(a, axis)


# ---------------------------------------------------------------------------------------------
# nonzero, argwhere, flatnonzero


def nonzero(a, *, size=None, fill_value=None):
    """numpy.nonzero; under transformations `size` must be given (padding with `fill_value`)."""
    a = to_array(a)
    value = _concrete(a)
    if value is not None and size is None:
        return tuple(Array(np.asarray(n, _int_dtype()), False) for n in np.nonzero(value))
    if size is None:
        raise _need_size("nonzero")
    size = int(size)
    flat = _ravel(a)
    mask = lax.ne(flat, Array(np.zeros(flat.shape, flat.dtype), False))
    n = flat.shape[0]
    ramp = lax_struct.iota(np.int32, n)
    # Stable sort by "is zero" puts the nonzero positions first, in order.
    order = lax_sort.sort((lax.convert_element_type(lax.bitwise_not(mask), np.int32), ramp),
                          0, True, 1)[1]
    if size <= n:
        order = lax_slicing.slice(order, (0,), (size,))
    else:
        order = lax_slicing.pad(order, np.zeros((), np.int32), ((0, size - n, 0),))
    count = reduce_sum(lax.convert_element_type(mask, np.int32), (0,))
    valid = lax.lt(lax_struct.iota(np.int32, size),
                   lax_struct.broadcast_in_dim(count, (size,), ()))
    fills = fill_value if isinstance(fill_value, (tuple, list)) else (fill_value,) * a.ndim
    out = []
    strides = np.cumprod((1, *a.shape[::-1]))[:-1][::-1] if a.ndim else ()
    for d in range(a.ndim):
        coord = lax.rem(lax.div(order, Array(np.full((size,), strides[d], np.int32), False)),
                        Array(np.full((size,), max(a.shape[d], 1), np.int32), False))
        fill = Array(np.full((size,), 0 if fills[d] is None else fills[d], np.int32), False)
        out.append(lax.convert_element_type(lax.select(valid, coord, fill), _int_dtype()))
    return tuple(out)


def flatnonzero(a, *, size=None, fill_value=None):
    return nonzero(_ravel(to_array(a)), size=size, fill_value=fill_value)[0]


def argwhere(a, *, size=None, fill_value=None):
    """numpy.argwhere: (N, ndim) indices of nonzero entries."""
    a = to_array(a)
    if a.ndim == 0:
        a = lax_struct.reshape(a, (1,))
        cols = nonzero(a, size=size, fill_value=fill_value)
        return lax_struct.reshape(cols[0], (cols[0].shape[0], 0))
    cols = nonzero(a, size=size, fill_value=fill_value)
    return lax_slicing.concatenate([lax_struct.reshape(c, (c.shape[0], 1)) for c in cols], 1)


# ---------------------------------------------------------------------------------------------
# searchsorted


def searchsorted(a, v, side="left", sorter=None, *, method="scan"):
    """numpy.searchsorted on a sorted 1-D `a` (comparison counting; O(len(a) * v.size))."""
    a = to_array(a)
    v = to_array(v)
    if a.ndim != 1:
        raise ValueError("a should be 1-dimensional")
    if side not in ("left", "right"):
        raise ValueError(f"{side!r} is an invalid value for keyword 'side'")
    if sorter is not None:
        a = take(a, sorter)
    dtype = dtypes.result_type(a, v)
    a = to_array(a, dtype, False)
    v = to_array(v, dtype, False)
    shape = (*v.shape, a.shape[0])
    a_b = lax_struct.broadcast_in_dim(a, shape, (len(shape) - 1,))
    v_b = lax_struct.broadcast_in_dim(v, shape, tuple(range(v.ndim)))
    below = lax.lt(a_b, v_b) if side == "left" else lax.le(a_b, v_b)
    if dtypes.is_inexact(dtype):
        # NaN sorts last: it is above every number.
        nan_v = lax.ne(v_b, v_b)
        below = lax.bitwise_or(below, lax.bitwise_and(nan_v, lax.eq(a_b, a_b)))
        if side == "right":
            below = lax.bitwise_or(below, lax.bitwise_and(nan_v, lax.ne(a_b, a_b)))
    out = reduce_sum(lax.convert_element_type(below, np.int32), (len(shape) - 1,))
    return out


# ---------------------------------------------------------------------------------------------
# take, take_along_axis, put_along_axis


def take(a, indices, axis=None, out=None, mode=None, unique_indices=False,
         indices_are_sorted=False, fill_value=None):
    """numpy.take; out-of-bounds indices fill (NaN / int min) by default, as in JAX."""
    from .advanced_indexing import getitem_with_mode

    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.take is not supported.")
    a = to_array(a)
    indices = to_array(indices)
    if axis is None:
        a, axis = _ravel(a), 0
    axis = canonicalize_axis(axis, a.ndim)
    if mode == "wrap":
        indices = _mod(indices, a.shape[axis])
        mode = "clip"
    elif mode == "raise":
        raise NotImplementedError("The 'raise' mode to jnp.take is not supported.")
    idx = (slice(None),) * axis + (indices,)
    return getitem_with_mode(a, idx, "fill" if mode is None else mode, fill_value)


def _mod(i, n):
    from .ufuncs import remainder

    return remainder(i, n)


def _along_axis_grid(arr, indices, axis):
    from .advanced_indexing import _normalize_int

    shape = list(np.broadcast_shapes(
        tuple(1 if d == axis else s for d, s in enumerate(arr.shape)),
        tuple(1 if d == axis else s for d, s in enumerate(indices.shape))))
    idx_shape = tuple(shape[:axis]) + (indices.shape[axis],) + tuple(shape[axis + 1:])
    indices = broadcast_to_shape(indices, idx_shape)
    indices = _normalize_int(indices, arr.shape[axis])
    col = (*idx_shape, 1)
    cols = []
    for d in range(arr.ndim):
        if d == axis:
            cols.append(lax_struct.reshape(indices, col))
        else:
            cols.append(lax_struct.broadcasted_iota(np.int32, col, d))
    arr_shape = tuple(shape[:axis]) + (arr.shape[axis],) + tuple(shape[axis + 1:])
    arr = broadcast_to_shape(arr, arr_shape)
    return arr, lax_slicing.concatenate(cols, arr.ndim)


def take_along_axis(arr, indices, axis, mode=None, fill_value=None):
    """numpy.take_along_axis; out-of-bounds indices fill by default, as in JAX."""
    arr = to_array(arr)
    indices = to_array(indices)
    if axis is None:
        arr, axis = _ravel(arr), 0
        indices = _ravel(indices)
    axis = canonicalize_axis(axis, arr.ndim)
    if indices.ndim != arr.ndim:
        raise ValueError("indices and arr must have the same number of dimensions; "
                         f"{indices.ndim} vs. {arr.ndim}")
    arr, grid = _along_axis_grid(arr, indices, axis)
    gmode = "clip" if mode in ("clip", "promise_in_bounds") else "fill"
    if fill_value is not None:
        fill_value = np.asarray(fill_value, arr.dtype).item()
    return lax_idx.gather(arr, grid, tuple(range(arr.ndim)), gmode, fill_value)


def put_along_axis(arr, indices, values, axis, inplace=True, *, mode=None):
    """numpy.put_along_axis (functional: `inplace=False` is required, as in JAX)."""
    if inplace:
        raise ValueError("jax.numpy.put_along_axis cannot modify arrays in-place; pass "
                         "inplace=False")
    arr = to_array(arr)
    indices = to_array(indices)
    axis = canonicalize_axis(axis, arr.ndim)
    full, grid = _along_axis_grid(arr, indices, axis)
    if full.shape != arr.shape:
        raise ValueError("put_along_axis: indices must broadcast against arr")
    values = to_array(values, arr.dtype)
    values = broadcast_to_shape(values, grid.shape[:-1])
    return lax_idx.scatter(arr, grid, values, tuple(range(arr.ndim)),
                           "clip" if mode == "clip" else "drop")


# ---------------------------------------------------------------------------------------------
# cumulative sums and products


def _cum_dtype(a, dtype):
    if dtype is not None:
        return dtypes.canonicalize_dtype(dtype)
    d = a.dtype
    return _int_dtype() if d == np.bool_ else d


def _cumulative(prim_fn, a, axis, dtype, reverse=False):
    a = to_array(a)
    if axis is None:
        a, axis = _ravel(a), 0
    if a.ndim == 0:
        a = lax_struct.reshape(a, (1,))
    axis = canonicalize_axis(axis, a.ndim)
    out_dtype = _cum_dtype(a, dtype)
    a = to_array(a, out_dtype, a.weak_type)
    return prim_fn(a, axis, reverse)


@jit_when_traced(static_argnames=("axis", "dtype", "out"))
def cumsum(a, axis=None, dtype=None, out=None):
    """numpy.cumsum; bool inputs accumulate in the default int type."""
    return _cumulative(lax_cum.cumsum, a, axis, dtype)


def cumprod(a, axis=None, dtype=None, out=None):
    """numpy.cumprod."""
    return _cumulative(lax_cum.cumprod, a, axis, dtype)


def _nan_to(a, value):
    a = to_array(a)
    if not dtypes.is_inexact(a.dtype):
        return a
    return lax.select(lax.ne(a, a), Array(np.full(a.shape, value, a.dtype), a.weak_type), a)


def nancumsum(a, axis=None, dtype=None, out=None):
    """numpy.nancumsum: NaNs count as zero."""
    return cumsum(_nan_to(a, 0), axis, dtype)


def nancumprod(a, axis=None, dtype=None, out=None):
    """numpy.nancumprod: NaNs count as one."""
    return cumprod(_nan_to(a, 1), axis, dtype)


def _cumulative_api(fn, x, axis, dtype, include_initial, initial):
    x = to_array(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("The array to accumulate over is multidimensional, so axis must be "
                             "specified.")
        axis = 0
    out = fn(x, axis, dtype)
    if include_initial:
        axis = canonicalize_axis(axis, out.ndim)
        shape = tuple(1 if d == axis else s for d, s in enumerate(out.shape))
        first = Array(np.full(shape, initial, out.dtype), False)
        out = lax_slicing.concatenate([first, out], axis)
    return out


def cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False):
    """numpy.cumulative_sum (array API)."""
    return _cumulative_api(cumsum, x, axis, dtype, include_initial, 0)


def cumulative_prod(x, /, *, axis=None, dtype=None, include_initial=False):
    """numpy.cumulative_prod (array API)."""
    return _cumulative_api(cumprod, x, axis, dtype, include_initial, 1)


# ---------------------------------------------------------------------------------------------
# unique


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None,
           *, equal_nan=True, size=None, fill_value=None, sorted=True):
    """numpy.unique. With `size`, results are padded as JAX pads them: values with
    `fill_value` (default: the smallest value), first indices with the first one, counts with
    0. A plain Array is computed by NumPy; under a transformation the values are gathered with
    lax operations (so they carry derivatives), which needs `size` unless the input is known."""
    ar = to_array(ar)
    value = _concrete(ar)
    extra = (return_index, return_inverse, return_counts)
    if type(ar) is not Array and axis is None:
        from .setops import _unique_parts

        parts = _unique_parts(ar, "unique", size, fill_value, equal_nan)
        outs = [parts[0]] + [part for part, wanted in zip(parts[1:], extra) if wanted]
        return tuple(outs) if any(extra) else outs[0]
    if value is None:
        raise NotImplementedError("traced jnp.unique with axis is not supported")
    res = np.unique(value, True, True, True, axis=axis, equal_nan=equal_nan)
    vals, index, inverse, counts = (np.asarray(r) for r in res)
    if axis is None:
        inverse = inverse.reshape(value.shape)  # as JAX and NumPy 2 (1.x gives it raveled)
    if size is not None:
        vals, index, counts = _pad_unique(int(size), vals, index, counts, fill_value, axis)
    outs = [Array(vals, False)]
    for r, wanted in zip((index, inverse, counts), extra):
        if wanted:
            outs.append(Array(np.asarray(r, _int_dtype()), False))
    if type(ar) is not Array:  # traced, axis given: gather the rows so derivatives flow
        outs[0] = take(ar, Array(np.asarray(index, _int_dtype()), False), axis=axis)
    return tuple(outs) if any(extra) else outs[0]


def _pad_unique(size, vals, index, counts, fill_value, axis):
    vals = np.moveaxis(vals, axis or 0, 0)
    n = vals.shape[0]
    if n >= size:
        vals, index, counts = vals[:size], index[:size], counts[:size]
    else:
        pad = size - n
        fill = vals[:1] if fill_value is None else np.full((1, *vals.shape[1:]), fill_value)
        vals = np.concatenate([vals, np.repeat(fill.astype(vals.dtype), pad, 0)])
        index = np.concatenate([index, np.repeat(index[:1], pad)])
        counts = np.concatenate([counts, np.zeros(pad, counts.dtype)])
    return np.moveaxis(vals, 0, axis or 0), index, counts


# ---------------------------------------------------------------------------------------------
# Array methods


def _install_methods():
    from .array_methods import register_method

    def _sort_method(self, axis=-1, *, kind=None, order=None, stable=True, descending=False):
        return sort(self, axis, kind=kind, order=order, stable=stable, descending=descending)

    def _argsort_method(self, axis=-1, *, kind=None, order=None, stable=True,
                        descending=False):
        return argsort(self, axis, kind=kind, order=order, stable=stable,
                       descending=descending)

    register_method("sort", _sort_method)
    register_method("argsort", _argsort_method)
    register_method("cumsum", cumsum)
    register_method("cumprod", cumprod)
    register_method("take", take)
    register_method("nonzero", nonzero)
    register_method("searchsorted", searchsorted)


_install_methods()
