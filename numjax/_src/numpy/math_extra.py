"""jnp numerics beyond the ufuncs: closeness tests, NaN-aware reductions, order statistics,
averages and covariances, 1-d convolution, interpolation, einsum, histograms.

Data-dependent positions (quantile ranks, interpolation intervals, histogram bins) are
selected with one-hot masks and reductions instead of gathers, so every function stays
differentiable and batchable and works under jit with traced inputs.
"""

from __future__ import annotations

import builtins
import string

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer
from ..lax import dot as lax_dot
from ..lax import elementwise as lax
from ..lax import reductions as lax_red
from ..lax import structural as lax_struct
from . import reductions, shape_ops, ufuncs
from .lax_numpy import where
from .manipulation import _at, _const, _sl, diagonal, flip
from .util import (
    broadcast_all,
    broadcast_to_shape,
    canonicalize_axes,
    canonicalize_axis,
    check_arraylike,
    promote_args,
    promote_args_inexact,
    promote_dtypes,
    to_array,
)

_ARRAY_TYPES = (Array, Tracer)


def _full(x, value, dtype=None):
    dtype = x.dtype if dtype is None else np.dtype(dtype)
    return _const(value, dtype, x.shape, x.weak_type if dtype == x.dtype else False)


def _inexact(x):
    x = to_array(x)
    if not dtypes.is_inexact(x.dtype):
        x = to_array(x, dtypes.default_float_dtype(), x.weak_type)
    return x


# ---------------------------------------------------------------------------------------------
# closeness


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """numpy.isclose: |a - b| <= atol + rtol * |b|, with infinities equal only to themselves."""
    a, b = promote_args("isclose", a, b)
    if not dtypes.is_inexact(a.dtype):
        if a.dtype == np.bool_:
            return lax.eq(a, b)
        a, b = promote_args_inexact("isclose", a, b)
    rdt = ufuncs.real(a).dtype if dtypes.is_complex(a.dtype) else a.dtype
    tol = ufuncs.add(_const(atol, rdt, a.shape, True),
                     ufuncs.multiply(_const(rtol, rdt, a.shape, True), ufuncs.abs(b)))
    diff = ufuncs.abs(ufuncs.subtract(a, b))
    out = lax.le(diff, tol)
    a_inf, b_inf = ufuncs.isinf(a), ufuncs.isinf(b)
    any_inf = ufuncs.logical_or(a_inf, b_inf)
    out = where(any_inf, lax.eq(a, b), out)
    if equal_nan:
        out = ufuncs.logical_or(out, ufuncs.logical_and(ufuncs.isnan(a), ufuncs.isnan(b)))
    return out


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    return reductions.all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1, a2, equal_nan=False):
    """numpy.array_equal: same shape and elements (a 0-d boolean array)."""
    x, y = to_array(a1), to_array(a2)
    if x.shape != y.shape:
        return Array(np.bool_(False))
    x, y = promote_dtypes(x, y)
    eq = lax.eq(x, y)
    if equal_nan and dtypes.is_inexact(x.dtype):
        eq = ufuncs.logical_or(eq, ufuncs.logical_and(ufuncs.isnan(x), ufuncs.isnan(y)))
    return reductions.all(eq)


def array_equiv(a1, a2):
    """numpy.array_equiv: equal after broadcasting."""
    x, y = to_array(a1), to_array(a2)
    try:
        np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        return Array(np.bool_(False))
    return reductions.all(ufuncs.equal(x, y))


# ---------------------------------------------------------------------------------------------
# NaN-aware reductions


def _nan_replaced(a, value):
    x = to_array(a)
    if not dtypes.is_inexact(x.dtype):
        return x, None
    nan = ufuncs.isnan(x)
    return where(nan, _full(x, value), x), nan


def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    x, _ = _nan_replaced(a, 0)
    return reductions.sum(x, axis=axis, dtype=dtype, keepdims=keepdims, initial=initial,
                          where=where)


def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    x, _ = _nan_replaced(a, 1)
    return reductions.prod(x, axis=axis, dtype=dtype, keepdims=keepdims, initial=initial,
                           where=where)


def _nan_extreme(name, reduce, fill):
    def fn(a, axis=None, out=None, keepdims=False, initial=None, where=None):
        x = to_array(a)
        if not dtypes.is_inexact(x.dtype):
            return reduce(x, axis=axis, keepdims=keepdims, initial=initial, where=where)
        nan = ufuncs.isnan(x)
        filled = where_(nan, _full(x, fill), x)
        out = reduce(filled, axis=axis, keepdims=keepdims, initial=initial, where=where)
        all_nan = reductions.all(nan, axis=axis, keepdims=keepdims)
        return where_(all_nan, _full(out, np.nan), out)

    fn.__name__ = name
    fn.__doc__ = f"numpy.{name}: NaNs are ignored; all-NaN slices give NaN."
    return fn


where_ = where
nanmax = _nan_extreme("nanmax", reductions.max, -np.inf)
nanmin = _nan_extreme("nanmin", reductions.min, np.inf)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, where=None):
    x = to_array(a)
    if not dtypes.is_inexact(x.dtype):
        return reductions.mean(x, axis=axis, dtype=dtype, keepdims=keepdims, where=where)
    valid = ufuncs.logical_not(ufuncs.isnan(x))
    if where is not None:
        valid = ufuncs.logical_and(valid, where)
    total = reductions.sum(where_(valid, x, _full(x, 0)), axis=axis, dtype=dtype,
                           keepdims=keepdims)
    count = reductions.sum(valid, axis=axis, keepdims=keepdims)
    return ufuncs.true_divide(total, to_array(count, total.dtype))


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None,
           correction=None):
    if correction is not None:
        ddof = correction
    x = _inexact(a)
    if dtype is not None:
        x = to_array(x, dtypes.canonicalize_dtype(dtype), False)
    valid = ufuncs.logical_not(ufuncs.isnan(x))
    if where is not None:
        valid = ufuncs.logical_and(valid, where)
    mu = nanmean(where_(valid, x, _full(x, np.nan)), axis=axis, keepdims=True)
    d = ufuncs.subtract(x, mu)
    sq = ufuncs.real(ufuncs.multiply(d, ufuncs.conjugate(d))) if dtypes.is_complex(d.dtype) \
        else ufuncs.multiply(d, d)
    total = reductions.sum(where_(valid, sq, _full(sq, 0)), axis=axis, keepdims=keepdims)
    count = reductions.sum(valid, axis=axis, keepdims=keepdims)
    denom = ufuncs.maximum(ufuncs.subtract(to_array(count, total.dtype), ddof), 0)
    return ufuncs.true_divide(total, denom)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None,
           correction=None):
    return ufuncs.sqrt(nanvar(a, axis, dtype, out, ddof, keepdims, where, correction))


def _nan_arg(name, argfn, fill):
    def fn(a, axis=None, out=None, keepdims=False):
        x = to_array(a)
        if not dtypes.is_inexact(x.dtype):
            return argfn(x, axis=axis, keepdims=keepdims)
        nan = ufuncs.isnan(x)
        res = argfn(where_(nan, _full(x, fill), x), axis=axis, keepdims=keepdims)
        all_nan = reductions.all(nan, axis=axis, keepdims=keepdims)
        return where_(all_nan, _full(res, -1), res)

    fn.__name__ = name
    fn.__doc__ = f"numpy.{name}: NaNs are ignored; all-NaN slices give -1 (JAX's behavior)."
    return fn


nanargmax = _nan_arg("nanargmax", reductions.argmax, -np.inf)
nanargmin = _nan_arg("nanargmin", reductions.argmin, np.inf)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """numpy.nan_to_num: NaN -> `nan`, +-inf -> `posinf`/`neginf` (default: the dtype's
    extremes)."""
    x = to_array(x)
    if not dtypes.is_inexact(x.dtype):
        return x
    if dtypes.is_complex(x.dtype):
        re = nan_to_num(ufuncs.real(x), nan=nan, posinf=posinf, neginf=neginf)
        im = nan_to_num(ufuncs.imag(x), nan=nan, posinf=posinf, neginf=neginf)
        return lax.add(to_array(re, x.dtype), lax.mul(to_array(im, x.dtype),
                                                      _const(1j, x.dtype, x.shape)))
    info = dtypes.finfo(x.dtype)
    posinf = info.max if posinf is None else posinf
    neginf = info.min if neginf is None else neginf
    out = where_(ufuncs.isnan(x), _full(x, nan), x)
    out = where_(ufuncs.isposinf(x), _full(x, posinf), out)
    return where_(ufuncs.isneginf(x), _full(x, neginf), out)


# ---------------------------------------------------------------------------------------------
# order statistics


def _sort(x, axis):
    from .searching import sort

    return sort(x, axis=axis)


def _select_at(x, index):
    """x[..., index] along the last axis, `index` an integer array broadcast against x[..., 0]
    with extra leading dims for q; by one-hot masking (exact, differentiable)."""
    n = x.shape[-1]
    shape = index.shape + (n,)
    iota = lax_struct.broadcasted_iota(index.dtype, shape, len(shape) - 1)
    mask = lax.eq(iota, broadcast_to_shape(shape_ops.expand_dims(index, -1), shape))
    xb = broadcast_to_shape(x, shape)
    picked = where_(mask, xb, _const(0, x.dtype, shape, x.weak_type))
    return lax_red.reduce_sum(picked, (len(shape) - 1,))


def _quantile(a, q, axis, method, keepdims, ignore_nan, name):
    check_arraylike(name, a, q)
    x = _inexact(a)
    qa = to_array(q)
    if not dtypes.is_inexact(qa.dtype):
        qa = to_array(qa, x.dtype)
    if qa.ndim > 1:
        raise ValueError(f"q must be a scalar or 1d, got shape {qa.shape}")
    qa = to_array(qa, x.dtype, False)
    if method not in ("linear", "lower", "higher", "midpoint", "nearest",
                      "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
                      "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased",
                      "normal_unbiased"):
        raise ValueError(f"method={method!r} not recognized")
    if method not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise NotImplementedError(f"{name}: method={method!r} is not supported")
    orig_ndim = x.ndim
    if axis is None:
        x = shape_ops.ravel(x)
        axes = (0,)
        keep_shape = (1,) * orig_ndim
    else:
        axes = canonicalize_axes(axis, x.ndim)
        keep_shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
        others = [i for i in range(x.ndim) if i not in axes]
        x = shape_ops.transpose(x, others + list(axes))
        x = shape_ops.reshape(x, tuple(x.shape[:len(others)]) + (-1,))
    n = x.shape[-1]
    if n == 0:
        raise ValueError(f"{name} of an empty array")
    nan = ufuncs.isnan(x)
    xs = _sort(x, -1)  # NaNs sort last
    batch = xs.shape[:-1]
    if ignore_nan:
        count = reductions.sum(ufuncs.logical_not(nan), axis=-1)
        count = to_array(count, x.dtype)
    else:
        count = _const(n, x.dtype, batch)
    qb = shape_ops.reshape(qa, qa.shape + (1,) * len(batch))
    pos = ufuncs.multiply(qb, ufuncs.subtract(count, 1))
    pos = ufuncs.maximum(pos, 0)
    lo = ufuncs.floor(pos)
    hi = ufuncs.ceil(pos)
    int_t = dtypes.default_int_dtype()
    idx_lo = to_array(lo, int_t, False)
    idx_hi = to_array(hi, int_t, False)
    if method == "nearest":
        idx = to_array(ufuncs.rint(pos), int_t, False)
        out = _select_at(xs, idx)
    else:
        v_lo = _select_at(xs, idx_lo)
        v_hi = _select_at(xs, idx_hi)
        if method == "lower":
            out = v_lo
        elif method == "higher":
            out = v_hi
        elif method == "midpoint":
            out = ufuncs.multiply(ufuncs.add(v_lo, v_hi), 0.5)
        else:
            frac = ufuncs.subtract(pos, lo)
            out = ufuncs.add(v_lo, ufuncs.multiply(ufuncs.subtract(v_hi, v_lo), frac))
    if ignore_nan:
        out = where_(lax.eq(broadcast_to_shape(count, out.shape), _const(0, x.dtype, out.shape)),
                     _full(out, np.nan), out)
    else:
        any_nan = broadcast_to_shape(reductions.any(nan, axis=-1), out.shape)
        out = where_(any_nan, _full(out, np.nan), out)
    if keepdims:
        out = shape_ops.reshape(out, qa.shape + keep_shape)
    return out


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
             keepdims=False, *, interpolation=None):
    """numpy.quantile (methods linear, lower, higher, midpoint, nearest)."""
    return _quantile(a, q, axis, interpolation or method, keepdims, False, "quantile")


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                keepdims=False, *, interpolation=None):
    return _quantile(a, q, axis, interpolation or method, keepdims, True, "nanquantile")


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
               keepdims=False, *, interpolation=None):
    q = ufuncs.true_divide(q, 100.0)
    return _quantile(a, q, axis, interpolation or method, keepdims, False, "percentile")


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear",
                  keepdims=False, *, interpolation=None):
    q = ufuncs.true_divide(q, 100.0)
    return _quantile(a, q, axis, interpolation or method, keepdims, True, "nanpercentile")


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _quantile(a, 0.5, axis, "midpoint", keepdims, False, "median")


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    return _quantile(a, 0.5, axis, "midpoint", keepdims, True, "nanmedian")


# ---------------------------------------------------------------------------------------------
# averages, covariance


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """numpy.average: weighted mean; `returned` also gives the sum of weights."""
    if weights is None:
        avg = reductions.mean(a, axis=axis, keepdims=keepdims)
        x = to_array(a)
        n = x.size if axis is None else int(np.prod([x.shape[i] for i in
                                                    canonicalize_axes(axis, x.ndim)]))
        wsum = _const(n, avg.dtype, avg.shape)
    else:
        x, w = promote_args_inexact("average", to_array(a), to_array(weights))[:2] \
            if to_array(a).shape == to_array(weights).shape else (None, None)
        if x is None:
            x = _inexact(a)
            w = to_array(weights)
            if axis is None:
                raise ValueError("Axis must be specified when shapes of a and weights differ.")
            axes = canonicalize_axes(axis, x.ndim)
            if w.ndim != 1 or len(axes) != 1:
                raise ValueError("1D weights expected when shapes of a and weights differ.")
            if w.shape[0] != x.shape[axes[0]]:
                raise ValueError("Length of weights not compatible with specified axis.")
            w = shape_ops.reshape(w, tuple(w.shape[0] if i == axes[0] else 1
                                           for i in range(x.ndim)))
            x, w = promote_args_inexact("average", x, w)
        wsum = reductions.sum(w, axis=axis, keepdims=keepdims)
        avg = ufuncs.true_divide(reductions.sum(ufuncs.multiply(x, w), axis=axis,
                                                keepdims=keepdims), wsum)
    if returned:
        if avg.shape != wsum.shape:
            wsum = broadcast_to_shape(wsum, avg.shape)
        return avg, to_array(wsum, avg.dtype)
    return avg


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """numpy.cov."""
    x = to_array(m)
    if x.ndim > 2:
        raise ValueError("m has more than 2 dimensions")
    x = _inexact(shape_ops.atleast_2d(x))
    if not rowvar and x.shape[0] != 1:
        x = shape_ops.transpose(x)
    if y is not None:
        yy = _inexact(shape_ops.atleast_2d(to_array(y)))
        if not rowvar and yy.shape[0] != 1:
            yy = shape_ops.transpose(yy)
        x = shape_ops.concatenate([x, yy], 0)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    if fweights is not None:
        w = to_array(fweights)
    if aweights is not None:
        aw = to_array(aweights)
        w = aw if w is None else ufuncs.multiply(w, aw)
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = _at(w_sum, 0, 0) if w_sum.ndim else w_sum
    if w is None:
        fact = ufuncs.subtract(w_sum, ddof)
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = ufuncs.subtract(w_sum, ddof)
    else:
        aw = to_array(aweights)
        fact = ufuncs.subtract(w_sum, ufuncs.true_divide(
            ufuncs.multiply(ddof, reductions.sum(ufuncs.multiply(w, aw))), w_sum))
    xc = ufuncs.subtract(x, shape_ops.expand_dims(avg, 1))
    xw = xc if w is None else ufuncs.multiply(xc, w)
    from .lax_numpy import matmul

    c = matmul(xw, ufuncs.conjugate(shape_ops.transpose(xc)))
    c = ufuncs.true_divide(c, ufuncs.maximum(fact, 0))
    return shape_ops.squeeze(c)


def corrcoef(x, y=None, rowvar=True):
    """numpy.corrcoef: the normalized covariance."""
    c = cov(x, y, rowvar)
    if c.ndim == 0:
        return ufuncs.true_divide(c, c)
    d = diagonal(c)
    stddev = ufuncs.sqrt(ufuncs.real(d))
    c = ufuncs.true_divide(c, shape_ops.expand_dims(stddev, 1))
    c = ufuncs.true_divide(c, shape_ops.expand_dims(stddev, 0))
    if dtypes.is_complex(c.dtype):
        return c
    return ufuncs.minimum(ufuncs.maximum(c, -1.0), 1.0)


# ---------------------------------------------------------------------------------------------
# convolution and polynomials


def _correlate_full(a, v):
    """full cross-correlation c[k] = sum_j ap[k + j] * v[j] (ap zero-padded by len(v) - 1):
    one 1-d convolution, whatever len(v)."""
    from ..lax.convolution import conv_general_dilated
    from ..lax.structural import reshape

    n, m = a.shape[0], v.shape[0]
    out = conv_general_dilated(reshape(a, (1, 1, n)), reshape(v, (1, 1, m)), (1,),
                               [(m - 1, m - 1)])
    return reshape(out, (n + m - 1,))


def _conv_mode(full, n, m, mode):
    if mode == "full":
        return full
    short, long_ = builtins.min(n, m), builtins.max(n, m)
    if mode == "same":
        start = (short - 1) // 2
        return _sl(full, start, start + long_, 0)
    if mode == "valid":
        return _sl(full, short - 1, long_, 0)
    raise ValueError(f"mode={mode!r} not recognized; must be one of 'full', 'same', 'valid'")


def _conv_args(name, a, v):
    check_arraylike(name, a, v)
    a, v = promote_dtypes(a, v)
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError(f"{name}() only supports 1-dimensional inputs.")
    if a.shape[0] == 0 or v.shape[0] == 0:
        raise ValueError(f"{name}: inputs cannot be empty, got shapes {a.shape} and {v.shape}.")
    if a.dtype == np.bool_:
        a, v = to_array(a, dtypes.default_int_dtype()), to_array(v, dtypes.default_int_dtype())
    return a, v


def convolve(a, v, mode="full", *, precision=None, preferred_element_type=None):
    """numpy.convolve for 1-d inputs."""
    a, v = _conv_args("convolve", a, v)
    full = _correlate_full(a, flip(v))
    return _conv_mode(full, a.shape[0], v.shape[0], mode)


def correlate(a, v, mode="valid", *, precision=None, preferred_element_type=None):
    """numpy.correlate for 1-d inputs: c[k] = sum_n a[n + k] * conj(v[n])."""
    a, v = _conv_args("correlate", a, v)
    n, m = a.shape[0], v.shape[0]
    if n >= m or mode == "full":
        full = _correlate_full(a, ufuncs.conjugate(v))
        return _conv_mode(full, n, m, mode)
    # NumPy swaps the operands and reverses: keep its 'same'/'valid' alignment exactly.
    full = ufuncs.conjugate(_correlate_full(v, ufuncs.conjugate(a)))
    return flip(_conv_mode(full, m, n, mode))


def polyval(p, x, *, unroll=16):
    """numpy.polyval by Horner's rule (p: highest power first)."""
    check_arraylike("polyval", p, x)
    p, x = promote_dtypes(p, x)
    shape = builtins.max(x.shape, p.shape[1:], key=len) if p.ndim > 1 else x.shape
    y = _const(0, x.dtype, np.broadcast_shapes(x.shape, p.shape[1:]), x.weak_type)
    for i in range(p.shape[0]):
        y = ufuncs.add(ufuncs.multiply(y, x), _at(p, i, 0))
    del shape
    return y


def polyadd(a1, a2):
    a1, a2 = promote_dtypes(a1, a2)
    n = builtins.max(a1.shape[0], a2.shape[0])
    from .manipulation import pad

    a1 = pad(a1, (n - a1.shape[0], 0))
    a2 = pad(a2, (n - a2.shape[0], 0))
    return ufuncs.add(a1, a2)


def polysub(a1, a2):
    return polyadd(a1, ufuncs.negative(to_array(a2)))


def polymul(a1, a2, *, trim_leading_zeros=False):
    a1, a2 = promote_dtypes(shape_ops.atleast_1d(to_array(a1)),
                            shape_ops.atleast_1d(to_array(a2)))
    return convolve(a1, a2)


def polyder(p, m=1):
    p = _inexact(p) if not dtypes.is_int(to_array(p).dtype) else to_array(p)
    for _ in range(int(m)):
        n = p.shape[0]
        coef = Array(np.arange(n - 1, 0, -1).astype(p.dtype))
        p = ufuncs.multiply(_sl(p, 0, n - 1, 0), coef)
    return p


def polyint(p, m=1, k=None):
    p = _inexact(p)
    m = int(m)
    ks = np.zeros(m) if k is None else np.broadcast_to(np.asarray(k, float), (m,))
    for i in range(m):
        n = p.shape[0]
        coef = Array(np.arange(n, 0, -1).astype(p.dtype))
        p = shape_ops.concatenate([ufuncs.true_divide(p, coef),
                                   to_array(np.array([ks[i]], p.dtype))], 0)
    return p


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """numpy.trapezoid: integral by the trapezoidal rule."""
    y = _inexact(y)
    axis = canonicalize_axis(axis, y.ndim)
    n = y.shape[axis]
    if x is None:
        d = dx
    else:
        x = to_array(x)
        from .manipulation import diff

        if x.ndim == 1:
            d = diff(x)
            d = shape_ops.reshape(d, tuple(d.shape[0] if i == axis else 1
                                           for i in range(y.ndim)))
        else:
            d = diff(x, axis=axis)
    s = ufuncs.add(_sl(y, 1, n, axis), _sl(y, 0, builtins.max(n - 1, 0), axis))
    return reductions.sum(ufuncs.multiply(ufuncs.multiply(d, s), 0.5), axis=axis)


def _window(name, M, fn):
    M = int(M)
    if M < 1:
        return Array(np.zeros((0,), dtypes.default_float_dtype()))
    if M == 1:
        return Array(np.ones((1,), dtypes.default_float_dtype()))
    return Array(np.asarray(fn(M), dtypes.default_float_dtype()))


def bartlett(M):
    return _window("bartlett", M, np.bartlett)


def blackman(M):
    return _window("blackman", M, np.blackman)


def hamming(M):
    return _window("hamming", M, np.hamming)


def hanning(M):
    return _window("hanning", M, np.hanning)


def fmax(x1, x2):
    """numpy.fmax: the maximum, ignoring a NaN unless both are NaN."""
    x, y = promote_args("fmax", x1, x2)
    if not dtypes.is_inexact(x.dtype):
        return lax.max(x, y)
    return where_(ufuncs.isnan(y), x, where_(ufuncs.isnan(x), y, lax.max(x, y)))


def fmin(x1, x2):
    """numpy.fmin: the minimum, ignoring a NaN unless both are NaN."""
    x, y = promote_args("fmin", x1, x2)
    if not dtypes.is_inexact(x.dtype):
        return lax.min(x, y)
    return where_(ufuncs.isnan(y), x, where_(ufuncs.isnan(x), y, lax.min(x, y)))


# ---------------------------------------------------------------------------------------------
# interpolation, cross product


def interp(x, xp, fp, left=None, right=None, period=None):
    """numpy.interp: piecewise-linear interpolation on increasing `xp`."""
    check_arraylike("interp", x, xp, fp)
    if period is not None:
        raise NotImplementedError("jnp.interp: `period` is not supported")
    x, xp, fp = promote_dtypes(_inexact(x), _inexact(xp), _inexact(fp))
    if xp.ndim != 1 or fp.ndim != 1:
        raise ValueError("xp and fp must be one-dimensional")
    m = xp.shape[0]
    if fp.shape[0] != m:
        raise ValueError("xp and fp must have the same length")
    if m == 1:
        out = broadcast_to_shape(shape_ops.reshape(fp, ()), x.shape)
        i_lo = None
    else:
        int_t = dtypes.default_int_dtype()
        shape = x.shape + (m,)
        xb = broadcast_to_shape(shape_ops.expand_dims(x, -1), shape)
        xpb = broadcast_to_shape(xp, shape)
        cnt = reductions.sum(lax.le(xpb, xb), axis=-1, dtype=int_t)
        i_lo = ufuncs.minimum(ufuncs.maximum(ufuncs.subtract(cnt, 1), 0), m - 2)
        i_hi = ufuncs.add(i_lo, 1)
        x0, x1 = _select_at(xp, i_lo), _select_at(xp, i_hi)
        f0, f1 = _select_at(fp, i_lo), _select_at(fp, i_hi)
        dx = ufuncs.subtract(x1, x0)
        t = ufuncs.true_divide(ufuncs.subtract(x, x0), dx)
        out = ufuncs.add(f0, ufuncs.multiply(t, ufuncs.subtract(f1, f0)))
        out = where_(lax.eq(dx, _const(0, dx.dtype, dx.shape)), f0, out)
    lo_val = _at(fp, 0) if left is None else to_array(left, x.dtype)
    hi_val = _at(fp, -1) if right is None else to_array(right, x.dtype)
    out = where_(ufuncs.less(x, _at(xp, 0)), lo_val, out)
    out = where_(ufuncs.greater(x, _at(xp, -1)), hi_val, out)
    return out


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """numpy.cross for 2- and 3-component vectors."""
    a, b = promote_dtypes(a, b)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = shape_ops.moveaxis(a, axisa, -1)
    b = shape_ops.moveaxis(b, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError("Dimension must be either 2 or 3 for cross product")
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return ufuncs.subtract(ufuncs.multiply(_at(a, 0), _at(b, 1)),
                               ufuncs.multiply(_at(a, 1), _at(b, 0)))
    a0, a1 = _at(a, 0), _at(a, 1)
    a2 = _at(a, 2) if a.shape[-1] == 3 else _const(0, a.dtype, a0.shape)
    b0, b1 = _at(b, 0), _at(b, 1)
    b2 = _at(b, 2) if b.shape[-1] == 3 else _const(0, b.dtype, b0.shape)
    mul, sub = ufuncs.multiply, ufuncs.subtract
    c = shape_ops.stack(broadcast_all("cross", sub(mul(a1, b2), mul(a2, b1)),
                                      sub(mul(a2, b0), mul(a0, b2)),
                                      sub(mul(a0, b1), mul(a1, b0))), axis=-1)
    return shape_ops.moveaxis(c, -1, axisc)


# ---------------------------------------------------------------------------------------------
# einsum


def _parse_einsum(subscripts, operands):
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        inputs, output = subscripts.split("->")
        explicit = True
    else:
        inputs, output, explicit = subscripts, None, False
    terms = inputs.split(",")
    if len(terms) != len(operands):
        raise ValueError(f"einsum: {len(terms)} operand subscripts for {len(operands)} operands")
    used = set(subscripts) - set(".,->")
    free = [c for c in string.ascii_letters if c not in used]
    max_ell = 0
    for t, op in zip(terms, operands):
        if "..." in t:
            max_ell = builtins.max(max_ell, len(op.shape) - (len(t) - 3))
    ell = "".join(free[:max_ell])
    new_terms = []
    for t, op in zip(terms, operands):
        if "..." in t:
            k = len(op.shape) - (len(t) - 3)
            t = t.replace("...", ell[max_ell - k:] if k else "")
        if len(t) != len(op.shape):
            raise ValueError(f"einsum: subscript {t!r} does not match operand of shape "
                             f"{op.shape}")
        new_terms.append(t)
    if explicit:
        output = output.replace("...", ell)
    else:
        counts = {}
        for t in new_terms:
            for c in t:
                counts[c] = counts.get(c, 0) + 1
        output = ell + "".join(sorted(c for c, k in counts.items() if k == 1 and c not in ell))
    return new_terms, output


def _einsum_diagonals(x, labels):
    """Takes the diagonal over any label repeated within one operand."""
    while len(set(labels)) != len(labels):
        for c in labels:
            if labels.count(c) > 1:
                break
        i = labels.index(c)
        j = labels.index(c, i + 1)
        x = diagonal(x, 0, i, j)
        labels = [lab for k, lab in enumerate(labels) if k not in (i, j)] + [c]
    return x, labels


def _sum_labels(x, labels, keep):
    axes = tuple(i for i, c in enumerate(labels) if c not in keep)
    if axes:
        x = lax_red.reduce_sum(x, axes)
        labels = [c for c in labels if c in keep]
    return x, labels


def einsum(subscripts, *operands, out=None, optimize="auto", precision=None,
           preferred_element_type=None):
    """numpy.einsum (string subscripts, '...' broadcasting, repeated indices), lowered to
    dot_general, reductions, diagonals and transposes; `optimize` is accepted and ignored
    (operands are contracted left to right)."""
    if not isinstance(subscripts, str):
        raise NotImplementedError("jnp.einsum: only the string-subscripts form is supported")
    ops = promote_dtypes(*operands)
    if preferred_element_type is not None:
        ops = [to_array(o, np.dtype(preferred_element_type), False) for o in ops]
    terms, output = _parse_einsum(subscripts, ops)
    sizes = {}
    for t, op in zip(terms, ops):
        for c, d in zip(t, op.shape):
            if sizes.get(c, 1) == 1:
                sizes[c] = d
            elif d not in (1, sizes[c]):
                raise ValueError(f"einsum: size of label {c!r} mismatches: {d} vs {sizes[c]}")
    prepared = []
    for k, (t, op) in enumerate(zip(terms, ops)):
        labels = list(t)
        # broadcast size-1 dims that other operands give a larger size
        shape = tuple(sizes[c] for c in labels)
        if shape != op.shape:
            op = _broadcast_ones(op, shape)
        op, labels = _einsum_diagonals(op, labels)
        prepared.append((op, labels))
    x, labels = prepared[0]
    rest = prepared[1:]

    def needed(after):
        keep = set(output)
        for _, labs in after:
            keep |= set(labs)
        return keep

    x, labels = _sum_labels(x, labels, needed(rest))
    for idx, (y, ylabels) in enumerate(rest):
        keep = needed(rest[idx + 1:])
        y, ylabels = _sum_labels(y, ylabels, keep | set(labels))
        common = [c for c in labels if c in ylabels]
        batch = [c for c in common if c in keep]
        contract = [c for c in common if c not in keep]
        dims = (((tuple(labels.index(c) for c in contract)),
                 (tuple(ylabels.index(c) for c in contract))),
                ((tuple(labels.index(c) for c in batch)),
                 (tuple(ylabels.index(c) for c in batch))))
        if x.dtype == np.bool_:
            it = dtypes.default_int_dtype()
            res = lax_dot.dot_general(to_array(x, it), to_array(y, it), dims)
            x = lax.ne(res, _const(0, res.dtype, res.shape))
        else:
            x = lax_dot.dot_general(x, y, dims, precision=precision,
                                    preferred_element_type=x.dtype)  # as JAX's jnp names it
        labels = (batch + [c for c in labels if c not in common]
                  + [c for c in ylabels if c not in common])
        x, labels = _sum_labels(x, labels, keep)
    x, labels = _sum_labels(x, labels, set(output))
    perm = [labels.index(c) for c in output]
    return shape_ops.transpose(x, perm) if perm != list(range(len(perm))) else x


def _broadcast_ones(op, shape):
    """Broadcasts size-1 dims of `op` up to `shape` (same rank)."""
    keep = tuple(i for i, (d, s) in enumerate(zip(op.shape, shape)) if d == s)
    squeezed = lax_struct.reshape(op, tuple(op.shape[i] for i in keep))
    return lax_struct.broadcast_in_dim(squeezed, shape, keep)


def matvec(x1, x2, /):
    """Matrix-vector product over the last axes, batch dims broadcasting."""
    return einsum("...ij,...j->...i", x1, x2)


def vecmat(x1, x2, /):
    """Vector-matrix product (conjugating the vector) over the last axes."""
    return einsum("...i,...ij->...j", ufuncs.conjugate(to_array(x1)), x2)


# ---------------------------------------------------------------------------------------------
# counting: bincount, digitize, histogram


def bincount(x, weights=None, minlength=0, *, length=None):
    """numpy.bincount; under jit pass a static `length` (values >= length are dropped)."""
    x = to_array(x)
    if not dtypes.is_int(x.dtype) and x.dtype != np.bool_:
        raise TypeError(f"x argument to bincount must have an integer type; got {x.dtype}")
    if x.ndim != 1:
        raise ValueError("only 1-dimensional input supported.")
    minlength = int(minlength)
    if length is None:
        if isinstance(x, Tracer):
            from ..errors import ConcretizationTypeError

            raise ConcretizationTypeError(
                "The error occurred because of argument 'length' of jnp.bincount: pass a static "
                "`length` when the input is traced (e.g. under jit).")
        length = builtins.max(minlength, int(np.max(x._value)) + 1 if x.size else 0)
    else:
        length = int(length)
    int_t = dtypes.default_int_dtype()
    shape = (x.shape[0], length)
    xi = to_array(x, int_t, False)
    onehot = lax.eq(broadcast_to_shape(shape_ops.expand_dims(xi, 1), shape),
                    lax_struct.broadcasted_iota(int_t, shape, 1))
    if weights is None:
        return reductions.sum(onehot, axis=0, dtype=int_t)
    w = to_array(weights)
    w = broadcast_to_shape(shape_ops.expand_dims(w, 1), shape)
    return reductions.sum(where_(onehot, w, _const(0, w.dtype, shape, w.weak_type)), axis=0)


def digitize(x, bins, right=False, *, method=None):
    """numpy.digitize for monotonic `bins` (increasing or decreasing)."""
    x, bins = to_array(x), to_array(bins)
    if bins.ndim != 1:
        raise ValueError(f"digitize: bins must be a 1-dimensional array; got bins={bins}")
    int_t = dtypes.default_int_dtype()
    if bins.shape[0] == 0:
        return _const(0, int_t, x.shape)
    xx, bb = promote_dtypes(x, bins)
    shape = x.shape + (bins.shape[0],)
    xb = broadcast_to_shape(shape_ops.expand_dims(xx, -1), shape)
    bb = broadcast_to_shape(bb, shape)
    inc = reductions.sum(lax.lt(bb, xb) if right else lax.le(bb, xb), axis=-1, dtype=int_t)
    dec = reductions.sum(lax.ge(bb, xb) if right else lax.gt(bb, xb), axis=-1, dtype=int_t)
    increasing = ufuncs.greater_equal(_at(bins, -1), _at(bins, 0))
    return where_(increasing, inc, dec)


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """numpy.histogram_bin_edges for an integer bin count or explicit edges."""
    x = _inexact(a)
    if np.ndim(bins) == 1 or (isinstance(bins, _ARRAY_TYPES) and bins.ndim == 1):
        return _inexact(bins)
    nbins = int(bins)
    if range is None:
        lo, hi = reductions.min(x), reductions.max(x)
    else:
        lo, hi = to_array(range[0], x.dtype), to_array(range[1], x.dtype)
    same = lax.eq(lo, hi)
    lo = where_(same, ufuncs.subtract(lo, 0.5), lo)
    hi = where_(same, ufuncs.add(hi, 0.5), hi)
    t = Array(np.arange(nbins + 1, dtype=x.dtype) / nbins)
    return ufuncs.add(lo, ufuncs.multiply(ufuncs.subtract(hi, lo), t))


def histogram(a, bins=10, range=None, weights=None, density=None):
    """numpy.histogram: counts in half-open bins (the last closed), and the bin edges."""
    x = shape_ops.ravel(_inexact(a))
    edges = histogram_bin_edges(x, bins, range, weights)
    nb = edges.shape[0] - 1
    int_t = dtypes.default_int_dtype()
    shape = x.shape + (nb,)
    xb = broadcast_to_shape(shape_ops.expand_dims(x, -1), shape)
    left = broadcast_to_shape(_sl(edges, 0, nb, 0), shape)
    right = broadcast_to_shape(_sl(edges, 1, nb + 1, 0), shape)
    last = lax.eq(lax_struct.broadcasted_iota(int_t, shape, 1), _const(nb - 1, int_t, shape))
    inside = ufuncs.logical_and(lax.ge(xb, left),
                                where_(last, lax.le(xb, right), lax.lt(xb, right)))
    if weights is None:
        counts = reductions.sum(inside, axis=0, dtype=int_t)
    else:
        w = broadcast_to_shape(shape_ops.expand_dims(shape_ops.ravel(to_array(weights)), -1),
                               shape)
        counts = reductions.sum(where_(inside, w, _const(0, w.dtype, shape)), axis=0)
    if density:
        counts = _inexact(counts)
        widths = ufuncs.subtract(_sl(edges, 1, nb + 1, 0), _sl(edges, 0, nb, 0))
        counts = ufuncs.true_divide(ufuncs.true_divide(counts, reductions.sum(counts)),
                                    to_array(widths, counts.dtype))
    return counts, edges


__all__ = [
    "allclose", "array_equal", "array_equiv", "average", "bartlett", "bincount", "blackman",
    "convolve", "corrcoef", "correlate", "cov", "cross", "digitize", "einsum", "fmax", "fmin",
    "hamming", "hanning", "histogram", "histogram_bin_edges", "interp", "isclose", "matvec",
    "median", "nan_to_num", "nanargmax", "nanargmin", "nanmax", "nanmean", "nanmedian",
    "nanmin", "nanpercentile", "nanprod", "nanquantile", "nanstd", "nansum", "nanvar",
    "percentile", "polyadd", "polyder", "polyint", "polymul", "polysub", "polyval",
    "quantile", "trapezoid", "vecmat",
]
