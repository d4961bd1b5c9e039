"""jnp shape manipulation: reshape, transpose, moveaxis, swapaxes, expand_dims, squeeze, ravel,
stack, concatenate, broadcast_to, atleast_*d. All static-shape, lowering to lax structural ops.
"""

from __future__ import annotations

import numpy as np

from ..core import Tracer
from ..lax import slicing as lax_slicing
from ..lax import structural as lax
from ..lax.lax_extra import stack as lax_stack
from .util import broadcast_to_shape, canonicalize_axis, promote_dtypes, to_array


def _shape_arg(newshape):
    if isinstance(newshape, (int, np.integer)) or (
        isinstance(newshape, (Tracer,)) or hasattr(newshape, "__index__") and not
            isinstance(newshape, (tuple, list))):
        return (newshape,)
    return tuple(newshape)


def reshape(a, shape=None, order="C", *, newshape=None, copy=None):
    """numpy.reshape (C order); one dimension may be -1."""
    if shape is None:
        shape = newshape
    x = to_array(a)
    dims = []
    if isinstance(shape, (float, complex, str)):
        raise TypeError("Shapes must be 1D sequences of concrete values of integer type, got "
                        f"{[shape]}.")
    given = _shape_arg(shape)
    if not all(isinstance(d, Tracer) or _is_int_like(d) for d in given):
        raise TypeError("Shapes must be 1D sequences of concrete values of integer type, got "
                        f"{given}.")
    for d in given:
        if isinstance(d, Tracer):
            from .util import concrete_shape

            concrete_shape((d,))
        dims.append(int(d))
    if dims.count(-1) > 1:
        raise TypeError(f"can only specify one unknown axis size with a `-1` value, got "
                        f"{tuple(dims)}")
    if -1 in dims:
        known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
        if known == 0 or x.size % known:
            raise TypeError(f"cannot reshape array of shape {x.shape} (size {x.size}) into shape "
                            f"{tuple(dims)} because the product of specified axis sizes "
                            f"({known}) does not evenly divide {x.size}")
        dims[dims.index(-1)] = x.size // known
    if int(np.prod(dims, dtype=np.int64)) != x.size:  # JAX shows the shape as it was given
        raise TypeError(f"cannot reshape array of shape {x.shape} (size {x.size}) into shape "
                        f"{shape} (size {int(np.prod(dims, dtype=np.int64))})")
    if order == "F":
        x = lax.transpose(x, tuple(reversed(range(x.ndim))))
        out = lax.reshape(x, tuple(reversed(dims)))
        return lax.transpose(out, tuple(reversed(range(len(dims)))))
    return lax.reshape(x, tuple(dims))


def ravel(a, order="C"):
    x = to_array(a)
    return reshape(x, (x.size,), order)


def transpose(a, axes=None):
    x = to_array(a)
    if axes is None:
        axes = tuple(reversed(range(x.ndim)))
    axes = tuple(canonicalize_axis(ax, x.ndim) for ax in axes)
    if sorted(axes) != list(range(x.ndim)):
        raise TypeError("transpose permutation isn't a permutation of operand dimensions, got "
                        f"permutation {axes} for operand shape {x.shape}.")
    return lax.transpose(x, axes)


def _is_int_like(d) -> bool:
    if isinstance(d, np.bool_):  # a Python bool is an int to JAX; a NumPy bool is not
        return False
    if isinstance(d, (int, np.integer)):
        return True
    return hasattr(d, "__index__") and np.ndim(d) == 0 and np.issubdtype(
        np.asarray(d).dtype, np.integer)


def permute_dims(a, axes):
    return transpose(a, axes)


def matrix_transpose(x, /):
    x = to_array(x)
    if x.ndim < 2:
        raise ValueError(f"x must be at least two-dimensional for matrix_transpose; got "
                         f"ndim={x.ndim}")
    return swapaxes(x, -1, -2)


def moveaxis(a, source, destination):
    x = to_array(a)
    src = [canonicalize_axis(s, x.ndim) for s in np.atleast_1d(source).tolist()]
    dst = [canonicalize_axis(d, x.ndim) for d in np.atleast_1d(destination).tolist()]
    if len(src) != len(dst):
        raise ValueError("Inconsistent number of elements: "
                         f"{len(src)} vs {len(dst)}")
    order = [n for n in range(x.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return lax.transpose(x, tuple(order))


def swapaxes(a, axis1, axis2):
    x = to_array(a)
    perm = list(range(x.ndim))
    a1, a2 = canonicalize_axis(axis1, x.ndim), canonicalize_axis(axis2, x.ndim)
    perm[a1], perm[a2] = perm[a2], perm[a1]
    return lax.transpose(x, tuple(perm))


def expand_dims(a, axis):
    x = to_array(a)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    out_ndim = x.ndim + len(axes)
    axes = [canonicalize_axis(ax, out_ndim) for ax in axes]
    if len(set(axes)) != len(axes):
        raise ValueError("repeated axis")
    return lax.expand_dims(x, axes)


def squeeze(a, axis=None):
    x = to_array(a)
    if axis is None:
        axes = tuple(i for i, d in enumerate(x.shape) if d == 1)
    else:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = tuple(canonicalize_axis(ax, x.ndim) for ax in axes)
        for ax in axes:
            if x.shape[ax] != 1:
                raise ValueError(
                    "cannot select an axis to squeeze out which has size not equal to one, got "
                    f"shape={x.shape} and dimensions={axes}"
                )
    return lax.squeeze(x, axes)


def concatenate(arrays, axis=0, dtype=None):
    """numpy.concatenate (axis=None flattens first)."""
    if isinstance(arrays, (Tracer,)) or hasattr(arrays, "_value"):
        arrays = list(arrays)
    if not len(arrays):
        raise ValueError("Need at least one array to concatenate.")
    xs = promote_dtypes(*arrays)
    if dtype is not None:
        xs = [to_array(x, np.dtype(dtype), False) for x in xs]
    if axis is None:
        xs = [ravel(x) for x in xs]
        axis = 0
    if xs[0].ndim == 0:
        raise ValueError("Zero-dimensional arrays cannot be concatenated.")
    axis = canonicalize_axis(axis, xs[0].ndim)
    return lax_slicing.concatenate(xs, axis)


concat = concatenate


def stack(arrays, axis=0, out=None, dtype=None):
    """numpy.stack: all inputs must share one shape."""
    arrays = list(arrays)
    if not arrays:
        raise ValueError("Need at least one array to stack.")
    shapes = [np.shape(a) if not hasattr(a, "shape") else tuple(a.shape) for a in arrays]
    if any(s != shapes[0] for s in shapes):
        raise ValueError(f"All input arrays must have the same shape. Got "
                         f"{', '.join(str(s) for s in shapes)}.")
    xs = promote_dtypes(*arrays)
    axis = canonicalize_axis(axis, xs[0].ndim + 1)
    if dtype is not None:
        xs = [to_array(x, np.dtype(dtype), False) for x in xs]
    return lax_stack(xs, axis)


def hstack(tup, dtype=None):
    xs = [atleast_1d(x) for x in tup]
    return concatenate(xs, 0 if xs[0].ndim == 1 else 1, dtype)


def vstack(tup, dtype=None):
    return concatenate([atleast_2d(x) for x in tup], 0, dtype)


row_stack = vstack


def dstack(tup, dtype=None):
    return concatenate([atleast_3d(x) for x in tup], 2, dtype)


def column_stack(tup):
    xs = [to_array(x) for x in tup]
    xs = [reshape(x, (x.shape[0], 1)) if x.ndim == 1 else x for x in xs]
    return concatenate(xs, 1)


def atleast_1d(*arys):
    out = [to_array(a) if to_array(a).ndim >= 1 else reshape(a, (1,)) for a in arys]
    return out[0] if len(out) == 1 else out


def atleast_2d(*arys):
    out = []
    for a in arys:
        x = to_array(a)
        out.append(x if x.ndim >= 2 else reshape(x, (1,) * (2 - x.ndim) + x.shape))
    return out[0] if len(out) == 1 else out


def atleast_3d(*arys):
    out = []
    for a in arys:
        x = to_array(a)
        if x.ndim == 0:
            x = reshape(x, (1, 1, 1))
        elif x.ndim == 1:
            x = reshape(x, (1, x.shape[0], 1))
        elif x.ndim == 2:
            x = reshape(x, (*x.shape, 1))
        out.append(x)
    return out[0] if len(out) == 1 else out


def broadcast_to(array, shape):
    """numpy.broadcast_to (a view; no copy)."""
    x = to_array(array)
    shape = tuple(int(d) for d in ((shape,) if isinstance(shape, int) else shape))
    try:
        if np.broadcast_shapes(x.shape, shape) != shape:
            raise ValueError
    except ValueError:
        raise ValueError(
            f"Incompatible types for broadcasting: input type={x.aval.str_short().replace('f32', 'float32')} "
            f"and requested type={x.aval.update(shape=shape).str_short().replace('f32', 'float32')}"
        ) from None
    return broadcast_to_shape(x, shape)


def broadcast_arrays(*args):
    from .util import broadcast_shapes_or_raise

    xs = [to_array(a) for a in args]
    shape = broadcast_shapes_or_raise("broadcast_arrays", *[x.shape for x in xs])
    return [broadcast_to_shape(x, shape) for x in xs]


def broadcast_shapes(*shapes):
    return np.broadcast_shapes(*shapes)
