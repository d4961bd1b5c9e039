"""dynamic_slice and dynamic_update_slice: slices whose start indices are (scalar) operands.

As in JAX, starts are clamped so the slice fits: `start = clip(start, 0, dim - size)`.
With batched starts, vmap lowers to gather/scatter on an index grid.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from ..interpreters.jvp import Zero, instantiate
from ..interpreters.transpose import is_undefined
from .elementwise import add, clamp, convert_element_type
from .helpers import bdim_to_front, moveaxis, primitive
from .indexing import full_like_aval, gather, scatter
from .structural import broadcast_in_dim, broadcasted_iota, reshape


def _clamped_starts(starts, shape, sizes):
    return tuple(int(min(max(int(s), 0), d - n)) for s, d, n in zip(starts, shape, sizes))


def _check_starts(name, x, starts, sizes):
    if len(starts) != x.ndim:
        raise TypeError(
            f"{name} expects one start index per operand dimension, got {len(starts)} start "
            f"indices for operand of shape {x.shape}."
        )
    for s in starts:
        if s.shape != () or not dtypes.is_int(s.dtype):
            raise TypeError(f"{name} start indices must be scalars of integer type, got "
                            f"{s.str_short()}.")
    for n, d in zip(sizes, x.shape):
        if not 0 <= n <= d:
            raise TypeError(
                f"slice_sizes must be less than or equal to operand shape, got slice_sizes "
                f"{tuple(sizes)} for operand shape {x.shape}"
            )


# ---------------------------------------------------------------------------------------------
# dynamic_slice


def _dynamic_slice_impl(x, *starts, slice_sizes):
    if any(not 0 <= n <= d for n, d in zip(slice_sizes, x.shape)):
        _check_starts("dynamic_slice", x, [np.asarray(s) for s in starts], slice_sizes)
    starts = _clamped_starts(starts, x.shape, slice_sizes)
    return x[tuple(slice(s, s + n) for s, n in zip(starts, slice_sizes))]


def _dynamic_slice_abstract_eval(x, *starts, slice_sizes):
    _check_starts("dynamic_slice", x, starts, slice_sizes)
    return ShapedArray(slice_sizes, x.dtype)


dynamic_slice_p = primitive("dynamic_slice", _dynamic_slice_impl, _dynamic_slice_abstract_eval,
                            weak_type_rule=lambda x, *s, **params: x)


def _dynamic_slice_jvp(primals, tangents, *, slice_sizes):
    x, *starts = primals
    ans = dynamic_slice_p.bind(x, *starts, slice_sizes=slice_sizes)
    if type(tangents[0]) is Zero:
        return ans, Zero.like(ans)
    return ans, dynamic_slice_p.bind(tangents[0], *starts, slice_sizes=slice_sizes)


def _dynamic_slice_transpose(ct, x, *starts, slice_sizes):
    assert is_undefined(x)
    zeros = full_like_aval(x.aval.update(weak_type=False))
    return [dynamic_update_slice_p.bind(zeros, instantiate(ct), *starts)] + [None] * len(starts)


def _index_grid(starts, bdims, size, shape, sizes):
    """Indices (B, *sizes, 1 + ndim) of a batched slice at clamped per-member starts."""
    cols = [broadcasted_iota(np.int32, (size, *sizes, 1), 0)]
    for d, (s, b) in enumerate(zip(starts, bdims)):
        s = convert_element_type(s, np.int32) if s.dtype != np.int32 else s
        s = bdim_to_front(s, b, size)  # (B,)
        lo = np.array(0, np.int32)
        hi = np.array(shape[d] - sizes[d], np.int32)
        s = clamp(broadcast_in_dim(lo, (size,), ()), s, broadcast_in_dim(hi, (size,), ()))
        s = broadcast_in_dim(s, (size, *sizes, 1), (0,))
        ramp = broadcasted_iota(np.int32, (size, *sizes, 1), d + 1)
        cols.append(add(s, ramp))
    from .slicing import concatenate

    return concatenate(cols, len(sizes) + 1)


def _dynamic_slice_batch(args, bdims, *, slice_sizes):
    x, *starts = args
    xd, *sds = bdims
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    if all(d is None for d in sds):
        zero = np.zeros((), starts[0].dtype if starts else np.int32)
        starts = list(starts)
        starts.insert(xd, zero)
        sizes = list(slice_sizes)
        sizes.insert(xd, x.shape[xd])
        return dynamic_slice_p.bind(x, *starts, slice_sizes=tuple(sizes)), xd
    x = bdim_to_front(x, xd, size)
    grid = _index_grid(starts, sds, size, x.shape[1:], slice_sizes)
    return gather(x, grid, tuple(range(x.ndim)), "clip"), 0


dynamic_slice_p.jvp = _dynamic_slice_jvp
dynamic_slice_p.transpose = _dynamic_slice_transpose
dynamic_slice_p.batch = _dynamic_slice_batch


def dynamic_slice(x, start_indices, slice_sizes):
    """lax.dynamic_slice: `x[start:start+size]` per dimension, with clamped traced starts."""
    from .structural import reshape as _reshape  # noqa: F401

    starts = _from_the_end(x, start_indices)
    return dynamic_slice_p.bind(x, *starts, slice_sizes=tuple(int(n) for n in slice_sizes))


def _from_the_end(x, start_indices):
    """The start indices with negative ones counted from the end of their dimension, as JAX
    (the clamping to valid starts comes after): Python and NumPy ints here, others by a
    staged `select(i < 0, i + size, i)`; unsigned indices are left as they are."""
    out = []
    for i, size in zip(start_indices, x.shape):
        if isinstance(i, (int, np.integer)):
            dtype = dtypes.canonicalize_dtype(np.int64 if type(i) is int else np.asarray(i).dtype)
            out.append(np.asarray(i + size if i < 0 else i, dtype))
        elif dtypes.is_unsigned(np.asarray(i).dtype if not hasattr(i, "dtype") else i.dtype):
            out.append(i)
        else:
            from ..array import Array
            from .elementwise import select

            out.append(select(i < 0, i + Array(np.asarray(size, i.dtype), False), i))
    return out


def dynamic_slice_in_dim(x, start_index, slice_size, axis=0):
    axis = int(axis) % x.ndim
    starts = [np.int32(0)] * x.ndim
    sizes = list(x.shape)
    starts[axis], sizes[axis] = start_index, int(slice_size)
    return dynamic_slice(x, starts, sizes)


def dynamic_index_in_dim(x, index, axis=0, keepdims=True):
    from .structural import squeeze

    axis = int(axis) % x.ndim
    out = dynamic_slice_in_dim(x, index, 1, axis)
    return out if keepdims else squeeze(out, (axis,))


# ---------------------------------------------------------------------------------------------
# dynamic_update_slice


def _dynamic_update_slice_impl(x, upd, *starts):
    starts = _clamped_starts(starts, x.shape, upd.shape)
    out = np.array(x, copy=True)
    out[tuple(slice(s, s + n) for s, n in zip(starts, upd.shape))] = upd
    return out


def _dynamic_update_slice_abstract_eval(x, upd, *starts):
    if upd.ndim != x.ndim:
        raise TypeError(
            "dynamic_update_slice update must have the same rank as operand, got update shape "
            f"{upd.shape} for operand shape {x.shape}."
        )
    if upd.dtype != x.dtype:
        raise TypeError(  # JAX 0.10.2's message
            "lax.dynamic_update_slice requires arguments to have the same dtypes, got "
            f"{x.dtype.name}, {upd.dtype.name}."
        )
    _check_starts("dynamic_update_slice", x, starts, upd.shape)
    return ShapedArray(x.shape, x.dtype)


dynamic_update_slice_p = primitive(
    "dynamic_update_slice", _dynamic_update_slice_impl, _dynamic_update_slice_abstract_eval,
    weak_type_rule=lambda x, u, *s: x,
)


def _dynamic_update_slice_jvp(primals, tangents):
    x, upd, *starts = primals
    x_dot, u_dot = tangents[:2]
    ans = dynamic_update_slice_p.bind(x, upd, *starts)
    if type(x_dot) is Zero and type(u_dot) is Zero:
        return ans, Zero.like(ans)
    return ans, dynamic_update_slice_p.bind(instantiate(x_dot), instantiate(u_dot), *starts)


def _dynamic_update_slice_transpose(ct, x, upd, *starts):
    u_aval = upd.aval if is_undefined(upd) else ShapedArray(upd.shape, upd.dtype)
    ct_x = ct_u = None
    if is_undefined(x):
        zeros = full_like_aval(ShapedArray(u_aval.shape, ct.dtype))
        ct_x = dynamic_update_slice_p.bind(ct, zeros, *starts)
    if is_undefined(upd):
        ct_u = dynamic_slice_p.bind(ct, *starts, slice_sizes=u_aval.shape)
    return [ct_x, ct_u] + [None] * len(starts)


def _dynamic_update_slice_batch(args, bdims):
    x, upd, *starts = args
    xd, ud, *sds = bdims
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    x = bdim_to_front(x, xd, size)
    upd = bdim_to_front(upd, ud, size)
    if all(d is None for d in sds):
        zero = np.zeros((), starts[0].dtype if starts else np.int32)
        return dynamic_update_slice_p.bind(x, upd, zero, *starts), 0
    grid = _index_grid(starts, sds, size, x.shape[1:], upd.shape[1:])
    return scatter(x, grid, upd, tuple(range(x.ndim)), "clip"), 0


dynamic_update_slice_p.jvp = _dynamic_update_slice_jvp
dynamic_update_slice_p.transpose = _dynamic_update_slice_transpose
dynamic_update_slice_p.batch = _dynamic_update_slice_batch


def dynamic_update_slice(x, update, start_indices):
    """lax.dynamic_update_slice: `x` with `update` written at clamped traced starts."""
    starts = _from_the_end(x, start_indices)
    return dynamic_update_slice_p.bind(x, update, *starts)


def dynamic_update_slice_in_dim(x, update, start_index, axis):
    axis = int(axis) % x.ndim
    starts = [np.int32(0)] * x.ndim
    starts[axis] = start_index
    return dynamic_update_slice(x, update, starts)


def dynamic_update_index_in_dim(x, update, index, axis):
    from .structural import expand_dims

    axis = int(axis) % x.ndim
    if update.ndim == x.ndim - 1:
        update = expand_dims(update, (axis,))
    return dynamic_update_slice_in_dim(x, update, index, axis)


_ = (moveaxis, reshape)
