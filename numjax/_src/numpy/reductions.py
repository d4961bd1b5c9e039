"""jnp reductions with `axis`, `keepdims`, `where`, `dtype` and `initial`, as NumPy's.

Sums of booleans and small integers accumulate in the default int (JAX's rule); means of
integers are float32.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from ..array import Array
from ..lax import elementwise as lax
from ..lax import reductions as lax_red
from ..lax.structural import expand_dims, reshape
from .util import canonicalize_axes, check_arraylike, to_array


def _where_fill(x, where, fill):
    from .lax_numpy import where as jnp_where

    return jnp_where(where, x, Array(np.asarray(fill, x.dtype)))


def _keepdims(out, x_shape, axes):
    # size-1 axes put back with expand_dims (a broadcast_in_dim, as JAX stages keepdims)
    return expand_dims(out, tuple(i for i in range(len(x_shape)) if i in axes))


def _sum_dtype(dtype):
    if dtype == np.bool_ or (dtypes.is_int(dtype) and dtype.itemsize < dtypes.default_int_dtype()
                             .itemsize):
        return (dtypes.default_uint_dtype() if dtypes.is_unsigned(dtype)
                else dtypes.default_int_dtype())
    return dtype


def _reduction(name, lax_fn, identity, upcast):
    def reduce(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None,
               promote_integers=True):
        if out is not None:
            raise NotImplementedError(f"The 'out' argument to jnp.{name} is not supported.")
        check_arraylike(name, a)
        x = to_array(a)
        if dtype is not None:
            x = to_array(x, dtypes.canonicalize_dtype(dtype), False)
        elif upcast and promote_integers:
            target = _sum_dtype(x.dtype)
            if target != x.dtype:
                x = to_array(x, target, x.weak_type)
        axes = canonicalize_axes(axis, x.ndim)
        if where is not None:
            if identity is None:
                if initial is None:
                    raise ValueError(f"reduction operation {name} does not have an identity, so "
                                     "to use a where mask one has to specify 'initial'")
                fill = initial
            else:
                fill = identity(x.dtype)
            from .util import broadcast_to_shape

            x = _where_fill(x, broadcast_to_shape(to_array(where), x.shape), fill)
        if identity is None and initial is None:
            for ax in axes:
                if x.shape[ax] == 0:
                    raise ValueError(f"zero-size array to reduction operation {name} which has "
                                     "no identity")
        result = lax_fn(x, axes)
        if initial is not None:
            from .ufuncs import add, maximum, minimum, multiply

            combine = {"sum": add, "prod": multiply, "max": maximum, "min": minimum}[name]
            result = combine(Array(np.asarray(initial, result.dtype)), result)  # JAX's order
        if keepdims:
            result = _keepdims(result, x.shape, axes)
        return result

    reduce.__name__ = name
    reduce.__doc__ = f"numpy.{name}: reduction over `axis` (all axes by default)."
    return reduce


def _min_value(dtype):
    if dtypes.is_float(dtype):
        return -np.inf
    if dtype == np.bool_:
        return False
    return dtypes.iinfo(dtype).min


def _max_value(dtype):
    if dtypes.is_float(dtype):
        return np.inf
    if dtype == np.bool_:
        return True
    return dtypes.iinfo(dtype).max


sum = _reduction("sum", lax_red.reduce_sum, lambda d: 0, True)
prod = _reduction("prod", lax_red.reduce_prod, lambda d: 1, True)
max = _reduction("max", lax_red.reduce_max, None, False)
min = _reduction("min", lax_red.reduce_min, None, False)
amax, amin = max, min


def _bool_reduction(name, lax_fn, identity):
    def reduce(a, axis=None, out=None, keepdims=False, *, where=None):
        x = to_array(a)
        if x.dtype != np.bool_:
            x = lax.ne(x, Array(np.zeros(x.shape, x.dtype)))
        axes = canonicalize_axes(axis, x.ndim)
        if where is not None:
            from .util import broadcast_to_shape

            x = _where_fill(x, broadcast_to_shape(to_array(where), x.shape), identity)
        result = lax_fn(x, axes)
        return _keepdims(result, x.shape, axes) if keepdims else result

    reduce.__name__ = name
    return reduce


all = _bool_reduction("all", lax_red.reduce_and, True)
any = _bool_reduction("any", lax_red.reduce_or, False)


def _count(x_shape, axes, where):
    if where is None:
        return int(np.prod([x_shape[a] for a in axes], dtype=np.int64))
    from .util import broadcast_to_shape

    w = broadcast_to_shape(to_array(where), x_shape)
    return sum(w, axis=axes, dtype=dtypes.default_int_dtype())


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=None):
    """numpy.mean; integer and bool inputs average in float32 (float64 with x64, except bool)."""
    x = to_array(a)
    if dtype is None:
        from .util import to_inexact_dtype

        dtype = to_inexact_dtype(x.dtype)  # JAX: float32 for bool and int32 even with x64
    x = to_array(x, dtypes.canonicalize_dtype(dtype), x.weak_type)
    axes = canonicalize_axes(axis, x.ndim)
    total = sum(x, axis=axes, keepdims=keepdims, where=where)
    n = _count(x.shape, axes, where)
    if isinstance(n, int):
        # Multiply by the reciprocal, as XLA does for division by a constant (same digits as JAX).
        recip = np.asarray(1, total.dtype) / np.asarray(n, total.dtype)
        return lax.mul(total, Array(np.asarray(recip), total.weak_type))  # 0-d: lax broadcasts
    from .ufuncs import true_divide

    n = to_array(n, total.dtype)
    if keepdims:
        n = _keepdims(n, x.shape, axes)
    return true_divide(total, n)


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        correction=None):
    """numpy.var (with `ddof` or the array-API `correction`)."""
    if correction is not None:
        ddof = correction
    x = to_array(a)
    if not dtypes.is_inexact(x.dtype):
        x = to_array(x, dtypes.default_float_dtype(), x.weak_type)
    if dtype is not None:
        x = to_array(x, dtypes.canonicalize_dtype(dtype), False)
    axes = canonicalize_axes(axis, x.ndim)
    mu = mean(x, axis=axes, keepdims=True, where=where)
    from .ufuncs import conjugate, multiply, real, subtract, true_divide
    from .util import broadcast_to_shape

    d = subtract(x, broadcast_to_shape(mu, x.shape))
    sq = real(multiply(d, conjugate(d))) if dtypes.is_complex(d.dtype) else multiply(d, d)
    total = sum(sq, axis=axes, keepdims=keepdims, where=where)
    n = _count(x.shape, axes, where)
    if isinstance(n, int):
        denom = builtins.max(n - ddof, 0)
        return true_divide(total, Array(np.asarray(denom, total.dtype), True))
    return true_divide(total, to_array(n, total.dtype) - ddof)


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None,
        correction=None):
    from .ufuncs import sqrt

    return sqrt(var(a, axis, dtype, out, ddof, keepdims, where=where, correction=correction))


def _arg(name, lax_fn):
    def arg(a, axis=None, out=None, keepdims=False):
        x = to_array(a)
        if axis is None:
            x = reshape(x, (x.size,))
            axis_ = 0
        else:
            axis_ = canonicalize_axes(axis, x.ndim)[0]
        if x.shape[axis_] == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        result = lax_fn(x, axis_, dtypes.default_int_dtype())
        if keepdims:
            if axis is None:
                return reshape(result, (1,) * to_array(a).ndim)
            return _keepdims(result, x.shape, (axis_,))
        return result

    arg.__name__ = name
    return arg


argmax = _arg("argmax", lax_red.argmax)
argmin = _arg("argmin", lax_red.argmin)


def ptp(a, axis=None, out=None, keepdims=False):
    from .ufuncs import subtract

    return subtract(max(a, axis, keepdims=keepdims), min(a, axis, keepdims=keepdims))


def count_nonzero(a, axis=None, keepdims=False):
    x = to_array(a)
    nz = lax.ne(x, Array(np.zeros(x.shape, x.dtype)))
    return sum(nz, axis=axis, keepdims=keepdims, dtype=dtypes.default_int_dtype())
