"""jnp.linalg.norm: vector norms (any `ord`) and matrix norms ('fro', 'nuc', +-1, +-2,
+-inf; 2, -2 and 'nuc' through the singular values)."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from . import reductions, ufuncs
from .util import canonicalize_axes, check_arraylike, jit_when_traced, to_array


def norm(x, ord=None, axis=None, keepdims=False):
    """numpy.linalg.norm: vector norms for one axis, matrix norms for two (default: all axes,
    Frobenius/2-norm of the flattened array when `ord` is None)."""
    check_arraylike("jnp.linalg.norm", x)
    axis = tuple(axis) if isinstance(axis, list) else axis  # static: hashable
    return _norm(to_array(x), ord, axis, keepdims)


@jit_when_traced(static_argnames=("ord", "axis", "keepdims"))
def _norm(x, ord, axis, keepdims):
    if not dtypes.is_inexact(x.dtype):
        x = to_array(x, dtypes.default_float_dtype(), x.weak_type)
    if axis is None:
        if ord is None:
            return _keep(ufuncs.sqrt(reductions.sum(_abs2(x))), x.ndim, tuple(range(x.ndim)),
                         keepdims)
        axes = tuple(range(x.ndim))
    else:
        axes = canonicalize_axes(axis, x.ndim)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix_norm(x, ord, axes, keepdims)
    raise ValueError(f"Improper number of axes for norm: axis={axis}. Pass one axis to compute "
                     "a vector-norm, or two axes to compute a matrix-norm.")


_norm.__wrapped__.__name__ = "norm"  # the name JAX's staged programs show


def _abs2(x):
    if not dtypes.is_complex(x.dtype):
        return ufuncs.multiply(x, x)  # as JAX: no abs for real x
    a = ufuncs.abs(x)
    return ufuncs.multiply(a, a)


def _keep(out, ndim, axes, keepdims):
    if not keepdims:
        return out
    from .shape_ops import reshape

    return reshape(out, (1,) * ndim)


def _vector_norm(x, ord, axes, keepdims):
    if ord is None or ord == 2:
        return ufuncs.sqrt(reductions.sum(_abs2(x), axis=axes, keepdims=keepdims))
    a = ufuncs.abs(x)
    if ord == np.inf:
        return reductions.max(a, axis=axes, keepdims=keepdims)
    if ord == -np.inf:
        return reductions.min(a, axis=axes, keepdims=keepdims)
    if ord == 0:
        nz = ufuncs.not_equal(x, 0)
        return to_array(reductions.sum(nz, axis=axes, keepdims=keepdims), a.dtype)
    if ord == 1:
        return reductions.sum(a, axis=axes, keepdims=keepdims)
    if isinstance(ord, str):
        raise ValueError(f"Invalid order '{ord}' for vector norm.")  # noqa: TRY004 - NumPy's
    p = float(ord)
    s = reductions.sum(ufuncs.power(a, p), axis=axes, keepdims=keepdims)
    return ufuncs.power(s, 1.0 / p)


def _matrix_norm(x, ord, axes, keepdims):
    row, col = axes
    if ord is None or ord == "fro":
        return ufuncs.sqrt(reductions.sum(_abs2(x), axis=axes, keepdims=keepdims))
    a = ufuncs.abs(x)
    if ord in (1, -1):
        sums = reductions.sum(a, axis=row, keepdims=True)
        red = reductions.max if ord == 1 else reductions.min
        out = red(sums, axis=col, keepdims=True)
    elif ord in (np.inf, -np.inf):
        sums = reductions.sum(a, axis=col, keepdims=True)
        red = reductions.max if ord == np.inf else reductions.min
        out = red(sums, axis=row, keepdims=True)
    elif ord in (2, -2, "nuc"):
        from .linalg import svd
        from .shape_ops import expand_dims, moveaxis

        s = svd(moveaxis(x, (row, col), (-2, -1)), compute_uv=False)
        if ord == 2:
            # An empty matrix has norm 0 (JAX), though max over no singular values fails.
            out = reductions.sum(s, axis=-1) if s.shape[-1] == 0 else reductions.max(s, axis=-1)
        elif ord == -2:
            out = reductions.min(s, axis=-1)
        else:
            out = reductions.sum(s, axis=-1)
        return expand_dims(out, sorted((row, col))) if keepdims else out
    else:
        raise ValueError(f"Invalid order '{ord}' for matrix norm.")
    if keepdims:
        return out
    from .shape_ops import squeeze

    return squeeze(out, axes)
