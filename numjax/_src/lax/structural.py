"""Structural primitives: broadcast_in_dim, reshape, transpose, squeeze, expand_dims, iota.

All are linear; their transposes are other structural primitives or reductions. Params are
tuples of ints (hashable), named as in lax.
"""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..core import ShapedArray, get_aval
from .helpers import deflinear, defzero, primitive

# ---------------------------------------------------------------------------------------------
# broadcast_in_dim


def _broadcast_in_dim_impl(x, *, shape, broadcast_dimensions):
    if x.ndim == len(shape):
        return np.broadcast_to(x, shape)
    expanded = [1] * len(shape)
    for i, d in enumerate(broadcast_dimensions):
        expanded[d] = x.shape[i]
    return np.broadcast_to(x.reshape(expanded), shape)


def _broadcast_in_dim_abstract_eval(x, *, shape, broadcast_dimensions):
    if any(d < 0 for d in shape):
        raise TypeError(
            "broadcast_in_dim shape must have every element be nonnegative, got "
            f"{tuple(shape)}."
        )
    if len(broadcast_dimensions) != x.ndim:
        raise TypeError(
            "broadcast_in_dim broadcast_dimensions must have length equal to operand ndim; got "
            f"broadcast_dimensions {broadcast_dimensions} for operand ndim {x.ndim}."
        )
    for i, d in enumerate(broadcast_dimensions):
        if not 0 <= d < len(shape) or x.shape[i] not in (1, shape[d]):
            raise TypeError(
                "broadcast_in_dim operand dimension sizes must either be 1, or be equal to their "
                f"corresponding dimensions in the target broadcast shape; got operand of shape "
                f"{x.shape}, target broadcast shape {tuple(shape)}, broadcast_dimensions "
                f"{broadcast_dimensions} "
            )
    return ShapedArray(shape, x.dtype)


broadcast_in_dim_p = primitive("broadcast_in_dim", _broadcast_in_dim_impl,
                               _broadcast_in_dim_abstract_eval)


def _broadcast_in_dim_transpose(ct, x, *, shape, broadcast_dimensions):
    from .reductions import reduce_sum

    in_shape = x.aval.shape
    new_dims = tuple(d for d in range(len(shape)) if d not in broadcast_dimensions)
    expanded = tuple(d for i, d in enumerate(broadcast_dimensions)
                     if in_shape[i] == 1 and shape[d] != 1)
    out = reduce_sum(ct, tuple(sorted(new_dims + expanded))) if new_dims or expanded else ct
    if expanded:
        out = reshape(out, in_shape)
    return [out]


def _broadcast_in_dim_batch(args, bdims, *, shape, broadcast_dimensions):
    (x,), (bdim,) = args, bdims
    from .helpers import moveaxis

    x = moveaxis(x, bdim, 0)
    size = x.shape[0]
    # (the shifted dimensions are NumPy ints, as JAX's batched programs print them)
    new_dims = (0, *(np.int64(d + 1) for d in broadcast_dimensions))
    return broadcast_in_dim_p.bind(x, shape=(size, *shape), broadcast_dimensions=new_dims), 0


deflinear(broadcast_in_dim_p, _broadcast_in_dim_transpose)
broadcast_in_dim_p.batch = _broadcast_in_dim_batch


def _broadcast_in_dim_emit(names, *, shape, broadcast_dimensions):
    if broadcast_dimensions == tuple(range(len(shape) - len(broadcast_dimensions), len(shape))):
        return f"np.broadcast_to({names[0]}, {shape})"
    return None


broadcast_in_dim_p.emit = _broadcast_in_dim_emit


def broadcast_in_dim(x, shape, broadcast_dimensions):
    shape = tuple(int(d) for d in shape)
    broadcast_dimensions = tuple(int(d) for d in broadcast_dimensions)
    if np.shape(x) == shape and broadcast_dimensions == tuple(range(len(shape))):
        return x
    return broadcast_in_dim_p.bind(x, shape=shape, broadcast_dimensions=broadcast_dimensions)


def broadcast(x, sizes):
    """lax.broadcast: prepends dimensions `sizes`."""
    x_shape = get_aval(x).shape
    shape = tuple(sizes) + x_shape
    return broadcast_in_dim(x, shape, tuple(range(len(sizes), len(shape))))


# ---------------------------------------------------------------------------------------------
# reshape


def _reshape_impl(x, *, new_sizes, dimensions=None):
    return np.reshape(x, new_sizes)


def _reshape_abstract_eval(x, *, new_sizes, dimensions=None):
    if int(np.prod(new_sizes, dtype=np.int64)) != x.size:
        raise TypeError(
            f"cannot reshape array of shape {x.shape} (size {x.size}) into shape "
            f"{tuple(new_sizes)} (size {int(np.prod(new_sizes, dtype=np.int64))})"
        )
    return ShapedArray(new_sizes, x.dtype)


reshape_p = primitive("reshape", _reshape_impl, _reshape_abstract_eval,
                      emit=lambda names, *, new_sizes, dimensions=None:
                      f"{names[0]}.reshape({new_sizes})")
deflinear(reshape_p, lambda ct, x, *, new_sizes, dimensions=None: [reshape(ct, x.aval.shape)])


def _reshape_batch(args, bdims, *, new_sizes, dimensions=None):
    from .helpers import moveaxis

    x = moveaxis(args[0], bdims[0], 0)
    return reshape(x, (x.shape[0], *new_sizes)), 0


reshape_p.batch = _reshape_batch


def reshape(x, new_sizes, dimensions=None):
    new_sizes = tuple(int(d) for d in new_sizes)
    if dimensions is not None:
        x = transpose(x, tuple(dimensions))
    if tuple(x.shape) == new_sizes:
        return x
    size = math.prod(x.shape)
    if math.prod(new_sizes) != size:  # the eager path skips abstract_eval: check here
        raise TypeError(f"cannot reshape array of shape {tuple(x.shape)} (size {size}) into "
                        f"shape {new_sizes} (size {math.prod(new_sizes)})")
    return reshape_p.bind(x, new_sizes=new_sizes, dimensions=None)


# ---------------------------------------------------------------------------------------------
# transpose


def _transpose_abstract_eval(x, *, permutation):
    if sorted(permutation) != list(range(x.ndim)):
        raise TypeError(
            "transpose permutation isn't a permutation of operand dimensions, got permutation "
            f"{permutation} for operand shape {x.shape}."
        )
    return ShapedArray(tuple(x.shape[p] for p in permutation), x.dtype)


transpose_p = primitive("transpose", lambda x, *, permutation: np.transpose(x, permutation),
                        _transpose_abstract_eval,
                        emit=lambda names, *, permutation:
                        f"np.transpose({names[0]}, {permutation})")
deflinear(transpose_p, lambda ct, x, *, permutation:
          [transpose(ct, tuple(np.argsort(permutation).tolist()))])


def _transpose_batch(args, bdims, *, permutation):
    (x,), (bdim,) = args, bdims
    perm = [p + (p >= bdim) for p in permutation]
    return transpose(x, (bdim, *perm)), 0


transpose_p.batch = _transpose_batch


def transpose(x, permutation):
    permutation = tuple(int(p) for p in permutation)
    if permutation == tuple(range(len(permutation))):
        return x
    return transpose_p.bind(x, permutation=permutation)


# ---------------------------------------------------------------------------------------------
# squeeze and expand_dims (expand_dims is a reshape, as in lax)


def _squeeze_abstract_eval(x, *, dimensions):
    for d in dimensions:
        if not 0 <= d < x.ndim or x.shape[d] != 1:
            raise ValueError(
                "cannot select an axis to squeeze out which has size not equal to one, got "
                f"shape={x.shape} and dimensions={dimensions}"
            )
    return ShapedArray(tuple(s for i, s in enumerate(x.shape) if i not in dimensions), x.dtype)


squeeze_p = primitive("squeeze", lambda x, *, dimensions: np.squeeze(x, dimensions),
                      _squeeze_abstract_eval,
                      emit=lambda names, *, dimensions: f"{names[0]}.squeeze({dimensions})")
deflinear(squeeze_p, lambda ct, x, *, dimensions: [reshape(ct, x.aval.shape)])


def _squeeze_batch(args, bdims, *, dimensions):
    (x,), (bdim,) = args, bdims
    dims = tuple(d + (d >= bdim) for d in dimensions)
    return squeeze(x, dims), bdim - sum(d < bdim for d in dims)


squeeze_p.batch = _squeeze_batch


def squeeze(x, dimensions):
    ndim = len(x.shape)
    dims = tuple(sorted({int(d) % ndim if ndim else int(d) for d in dimensions}))
    if not dims:
        return x
    return squeeze_p.bind(x, dimensions=dims)


def expand_dims(x, dimensions):
    shape = list(x.shape)
    ndim_out = len(shape) + len(dimensions)
    new = sorted(int(d) % ndim_out for d in dimensions)
    for d in new:
        shape.insert(d, 1)
    # a broadcast_in_dim, as JAX stages it (a view, like the reshape it equals)
    return broadcast_in_dim(x, tuple(shape), tuple(i for i in range(ndim_out) if i not in new))


# ---------------------------------------------------------------------------------------------
# iota


def _iota_impl(*, dtype, shape, dimension):
    ramp = np.arange(shape[dimension], dtype=dtype)
    view = [1] * len(shape)
    view[dimension] = shape[dimension]
    return np.broadcast_to(ramp.reshape(view), shape)


iota_p = primitive("iota", _iota_impl,
                   lambda *, dtype, shape, dimension: ShapedArray(shape, dtype),
                   weak_type_rule=False)
defzero(iota_p)


def iota(dtype, size):
    return iota_p.bind(dtype=dtypes.canonicalize_dtype(dtype), shape=(int(size),), dimension=0)


def broadcasted_iota(dtype, shape, dimension):
    shape = tuple(int(d) for d in shape)
    return iota_p.bind(dtype=dtypes.canonicalize_dtype(dtype), shape=shape,
                       dimension=int(dimension))
