"""Less common jnp functions written over the jnp namespace (namespace.py): dtype queries, angle/i0,
choose/compress/extract/place/put, gradient/unwrap, windows, polynomial helpers, bit packing,
multi-dimensional histograms, and thin wrappers over NumPy for printing and buffers.

Everything numerical goes through jnp/lax operations, so it is differentiable, batchable and
jittable wherever JAX's version is; functions with data-dependent output shapes need concrete
inputs or a static `size=`, as in JAX. Imports the namespace lazily (it imports this module).
"""

from __future__ import annotations

import builtins
import math

import ml_dtypes
import numpy as np

from .. import dtypes, printing
from ..array import Array
from ..core import Tracer, concrete_value
from ..errors import ConcretizationTypeError, TracerBoolConversionError

ComplexWarning = np.exceptions.ComplexWarning
iterable = np.iterable
printoptions = np.printoptions
get_printoptions = np.get_printoptions
set_printoptions = np.set_printoptions


def _jnp():
    """The jnp namespace (imported late: it is assembled from this module among others)."""
    from . import namespace

    return namespace


def _concrete(x, name, error=None):
    """The NumPy value of `x`, or `error` (default: a ConcretizationTypeError) if traced."""
    value = concrete_value(x) if isinstance(x, (Array, Tracer)) else np.asarray(x)
    if value is None:
        raise error or ConcretizationTypeError(
            f"Abstract tracer value encountered where concrete value is expected: "
            f"jnp.{name} needs a concrete (non-traced) argument here.\nSee https://docs."
            f"jax.dev/en/latest/errors.html#jax.errors.ConcretizationTypeError"
        )
    return np.asarray(value)


def _bool_conversion(name):
    return TracerBoolConversionError(
        f"Attempted boolean conversion of traced array in jnp.{name}: without a static "
        f"`size` argument the output shape depends on the traced condition.\nSee https://"
        f"docs.jax.dev/en/latest/errors.html#jax.errors.TracerBoolConversionError"
    )


# ---------------------------------------------------------------------------------------------
# dtypes


def astype(x, dtype, /, *, copy: bool = False, device=None):
    """numpy.astype (array API): `x` converted to `dtype` (strongly typed)."""
    jnp = _jnp()
    x = jnp.asarray(x)
    if dtype is None:
        dtype = dtypes.default_float_dtype()
    return x.astype(dtypes.canonicalize_user_dtype(dtype, "astype"))


def can_cast(from_, to, casting="safe"):
    """numpy.can_cast on dtypes; arrays stand for their dtype (Python scalars are rejected
    by NumPy 2, as in JAX)."""
    if isinstance(from_, (Array, Tracer)):
        from_ = from_.dtype
    return bool(np.can_cast(from_, to, casting=casting))


_KINDS = {
    "bool": dtypes.is_bool,
    "signed integer": lambda d: dtypes.is_int(d) and not dtypes.is_unsigned(d),
    "unsigned integer": dtypes.is_unsigned,
    "integral": dtypes.is_int,
    "real floating": dtypes.is_float,
    "complex floating": dtypes.is_complex,
    "numeric": lambda d: dtypes.is_int(d) or dtypes.is_inexact(d),
}


def _as_dtype(x):
    # jnp scalar types (jnp.float32) carry their dtype as a class attribute
    dt = getattr(x, "dtype", None)
    return dt if isinstance(dt, np.dtype) else np.dtype(x)


def isdtype(dtype, kind) -> bool:
    """Array API isdtype: whether `dtype` is of `kind` (a kind name, a dtype, or a tuple of
    them); JAX's extended floats (bfloat16, float8...) count as real floating."""
    dt = _as_dtype(dtype)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if isinstance(k, str):
            if k not in _KINDS:
                raise ValueError(
                    f"Unrecognized kind={k!r} expected one of {list(_KINDS)}, or "
                    f"a compatible input for jnp.dtype()"
                )
            if _KINDS[k](dt):
                return True
        else:
            try:
                if dt == _as_dtype(k):
                    return True
            except TypeError:
                raise TypeError(
                    f"Expected kind to be a dtype, string, or tuple; got kind={k!r}"
                ) from None
    return False


# ---------------------------------------------------------------------------------------------
# elementwise


def angle(z, deg: bool = False):
    """numpy.angle: the argument of complex `z`; real input becomes the default float (0 or
    pi), as in JAX."""
    jnp = _jnp()
    z = jnp.asarray(z)
    if dtypes.is_complex(z.dtype):
        out = jnp.arctan2(jnp.imag(z), jnp.real(z))
    else:
        x = z.astype(dtypes.default_float_dtype())
        out = jnp.arctan2(jnp.zeros_like(x), x)
    return jnp.rad2deg(out) if deg else out


def i0(x):
    """numpy.i0: the modified Bessel function of order 0, exp(|x|) * i0e(x)."""
    from ..lax import special as lax_special
    from .util import promote_to_inexact

    jnp = _jnp()
    (x,) = promote_to_inexact(x)
    if dtypes.is_complex(x.dtype):
        raise TypeError("i0 does not support complex inputs")
    return jnp.exp(jnp.abs(x)) * lax_special.bessel_i0e(x)


def sort_complex(a):
    """numpy.sort_complex: sorted along the last axis, returned as complex."""
    jnp = _jnp()
    a = jnp.sort(jnp.asarray(a))
    if dtypes.is_complex(a.dtype):
        return a
    wide = dtypes.is_int(a.dtype) and a.dtype.itemsize == 8 or a.dtype == np.float64
    return a.astype(dtypes.canonicalize_dtype(np.complex128 if wide else np.complex64))


# ---------------------------------------------------------------------------------------------
# choosing and placing


def choose(a, choices, out=None, mode: str = "raise"):
    """numpy.choose: element i is choices[a[i]][i]. mode='raise' needs concrete `a` (JAX
    cannot raise from traced indices); 'wrap' and 'clip' work under jit."""
    jnp = _jnp()
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.choose is not supported.")
    a = jnp.asarray(a)
    if not dtypes.is_int(a.dtype) and not dtypes.is_bool(a.dtype):
        raise TypeError("choose index array must have an integer dtype")
    choices = list(choices)
    n = len(choices)
    if mode == "raise":
        idx = _concrete(a, "choose")
        if np.any((idx < 0) | (idx >= n)):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        a = jnp.mod(a, n)
    elif mode == "clip":
        a = jnp.clip(a, 0, n - 1)
    else:
        raise ValueError(f"mode={mode!r} not understood. Must be 'raise', 'wrap', or 'clip'")
    if n == 0:
        raise ValueError("jnp.choose needs a non-empty sequence of choices")
    stacked = jnp.stack(jnp.broadcast_arrays(a, *choices)[1:])
    a = jnp.broadcast_to(a, stacked.shape[1:])
    return jnp.take_along_axis(stacked, a[None], axis=0)[0]


def compress(condition, a, axis=None, *, size=None, fill_value=0, out=None):
    """numpy.compress: the slices of `a` along `axis` where `condition` is true; under jit pass
    a static `size` (padded with `fill_value`)."""
    jnp = _jnp()
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.compress is not supported.")
    cond = jnp.asarray(condition)
    if cond.ndim != 1:
        raise ValueError("condition must be a 1D array")
    a = jnp.asarray(a)
    if axis is None:
        axis, a = 0, jnp.ravel(a)
    axis = axis % a.ndim if a.ndim else axis
    if cond.shape[0] > a.shape[axis]:
        extra = cond[a.shape[axis] :]
        if np.any(_concrete(extra, "compress", _bool_conversion("compress"))):
            raise ValueError("condition contains entries that are out of bounds")
        cond = cond[: a.shape[axis]]
    a = _slice_axis(a, 0, cond.shape[0], axis)  # entries past the condition are dropped
    if size is not None and not 0 < size <= a.shape[axis]:
        raise ValueError(
            "size must be positive and not greater than the size of the array "
            f"axis; got size={size} for a.shape[axis]={a.shape[axis]}"
        )
    if size is None:
        (idx,) = np.nonzero(_concrete(cond, "compress", _bool_conversion("compress")))
        return jnp.take(a, jnp.asarray(idx, dtype=np.int32), axis=axis)
    (idx,) = jnp.nonzero(cond, size=size, fill_value=a.shape[axis])
    return jnp.take(a, idx, axis=axis, mode="fill", fill_value=fill_value)


def extract(condition, arr, *, size=None, fill_value=0):
    """numpy.extract: the elements of ravel(arr) where ravel(condition) is true; under jit
    pass a static `size` (padded with `fill_value`)."""
    jnp = _jnp()
    cond = jnp.ravel(jnp.asarray(condition))
    arr = jnp.ravel(jnp.asarray(arr))
    n = builtins.min(cond.shape[0], arr.shape[0])
    cond, arr = cond[:n], arr[:n]
    if size is None:
        (idx,) = np.nonzero(_concrete(cond, "extract", _bool_conversion("extract")))
        return jnp.take(arr, jnp.asarray(idx, dtype=np.int32))
    (idx,) = jnp.nonzero(cond, size=size, fill_value=n)
    return jnp.take(arr, idx, mode="fill", fill_value=fill_value)


def _immutable(name):
    return ValueError(
        f"jax.numpy.{name} cannot modify arrays in-place, because JAX arrays are "
        f"immutable. Pass inplace=False to instead return an updated array."
    )


def place(arr, mask, vals, *, inplace: bool = True):
    """numpy.place, functionally: a copy of `arr` whose masked entries are set, in order, to
    `vals` (cycled). Requires inplace=False, as in JAX."""
    jnp = _jnp()
    if inplace:
        raise _immutable("place")
    arr = jnp.asarray(arr)
    mask = jnp.ravel(jnp.asarray(mask, dtype=bool))
    vals = jnp.ravel(jnp.asarray(vals))
    if vals.size == 0:
        return arr
    # k-th true entry takes vals[k % len(vals)]
    k = jnp.mod(jnp.cumsum(mask) - 1, vals.shape[0])
    flat = jnp.where(mask, jnp.take(vals, k).astype(arr.dtype), jnp.ravel(arr))
    return flat.reshape(arr.shape)


def put(a, ind, v, mode=None, *, inplace: bool = True):
    """numpy.put, functionally: a copy of `a` with the flat positions `ind` set to `v`
    (cycled). 'wrap' and 'clip' as NumPy; mode=None (JAX's default) counts negative indices
    from the end, then clips; 'raise' is unsupported, as in JAX."""
    jnp = _jnp()
    if inplace:
        raise _immutable("put")
    a = jnp.asarray(a)
    ind = jnp.ravel(jnp.asarray(ind))
    v = jnp.ravel(jnp.asarray(v))
    if ind.size == 0 or v.size == 0:
        return a
    if mode == "raise":
        raise NotImplementedError("The 'raise' mode to jnp.put is not supported.")
    if mode not in (None, "wrap", "clip"):
        raise ValueError(f"mode should be one of 'wrap' or 'clip'; got mode={mode!r}")
    v = jnp.take(v, jnp.arange(ind.shape[0]) % v.shape[0]) if v.shape[0] != ind.shape[0] else v
    if mode == "wrap":
        ind = jnp.mod(ind, a.size)
    else:  # None: negative indices count from the end, then clip
        if mode is None:
            ind = jnp.where(ind < 0, ind + a.size, ind)
        ind = jnp.clip(ind, 0, a.size - 1)
    return jnp.ravel(a).at[ind].set(v.astype(a.dtype)).reshape(a.shape)


# ---------------------------------------------------------------------------------------------
# differences


def gradient(f, *varargs, axis=None, edge_order=None):
    """numpy.gradient: second-order central differences inside, first-order at the edges
    (edge_order=2 is not supported, as in JAX). Spacings are scalars or coordinate arrays."""
    jnp = _jnp()
    if edge_order is not None:
        raise NotImplementedError("The 'edge_order' argument to jnp.gradient is not supported.")
    from .util import promote_to_inexact

    f, *varargs = promote_to_inexact(f, *varargs)
    axes = (
        tuple(range(f.ndim))
        if axis is None
        else ((axis,) if isinstance(axis, int) else tuple(axis))
    )
    axes = tuple(ax % f.ndim for ax in axes)
    if not varargs:
        spacing = [1.0] * len(axes)
    elif len(varargs) == 1:
        spacing = list(varargs) * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError(f"Invalid number of spacing arguments {len(varargs)} for axis={axis}")
    outs = []
    for ax, h in zip(axes, spacing, strict=True):
        n = f.shape[ax]
        if n < 2:
            raise ValueError(
                "Shape of array too small to calculate a numerical gradient, at "
                "least 2 elements are required."
            )

        def sl(lo, hi, ax=ax):
            return _slice_axis(f, lo, hi, ax)

        if jnp.ndim(h) == 0:
            inner = (sl(2, n) - sl(0, n - 2)) / (2.0 * h) if n > 2 else None
            first = (sl(1, 2) - sl(0, 1)) / h
            last = (sl(n - 1, n) - sl(n - 2, n - 1)) / h
        else:
            x = jnp.asarray(h)
            if x.ndim != 1:
                raise ValueError("Spacing arrays must be 1D arrays or scalars.")
            if x.shape[0] != n:
                raise ValueError(
                    "Spacing arrays must have the same length as the dimension "
                    "along which the gradient is calculated."
                )
            dx = jnp.diff(x)
            shape = [1] * f.ndim
            shape[ax] = n - 2
            h1, h2 = dx[:-1].reshape(shape), dx[1:].reshape(shape)
            inner = (
                (
                    -(h2 / (h1 * (h1 + h2))) * sl(0, n - 2)
                    + ((h2 - h1) / (h1 * h2)) * sl(1, n - 1)
                    + (h1 / (h2 * (h1 + h2))) * sl(2, n)
                )
                if n > 2
                else None
            )
            first = (sl(1, 2) - sl(0, 1)) / dx[0]
            last = (sl(n - 1, n) - sl(n - 2, n - 1)) / dx[-1]
        parts = [first] + ([inner] if inner is not None else []) + [last]
        outs.append(jnp.concatenate(parts, axis=ax))
    return outs[0] if len(outs) == 1 else outs


def _slice_axis(x, lo, hi, axis):
    idx = [slice(None)] * x.ndim
    idx[axis] = slice(lo, hi)
    return x[tuple(idx)]


def unwrap(p, discont=None, axis: int = -1, period=2 * np.pi):
    """numpy.unwrap: removes jumps larger than `discont` (default period/2) along `axis` by
    adding multiples of `period`."""
    jnp = _jnp()
    from .util import promote_dtypes, promote_to_inexact

    out_dtype = promote_dtypes(p, period)[0].dtype
    p, period = promote_to_inexact(p, period)
    if dtypes.is_complex(p.dtype):
        raise ValueError("jnp.unwrap does not support complex inputs.")
    axis = axis % p.ndim
    n = p.shape[axis]
    dd = jnp.diff(p, axis=axis)
    half = period / 2
    discont = half if discont is None else discont
    ddmod = jnp.mod(dd + half, period) - half
    ddmod = jnp.where((ddmod == -half) & (dd > 0), half, ddmod)
    correct = jnp.where(jnp.abs(dd) < discont, 0, ddmod - dd)
    zeros = jnp.zeros_like(_slice_axis(p, 0, 1, axis))
    up = jnp.concatenate([zeros, jnp.cumsum(correct, axis=axis)], axis=axis) if n else zeros
    return (p + up).astype(out_dtype)


# ---------------------------------------------------------------------------------------------
# windows and polynomials


def kaiser(M: int, beta):
    """numpy.kaiser: the Kaiser window of length M."""
    jnp = _jnp()
    M = int(M)
    if M <= 1:
        return jnp.ones((builtins.max(M, 0),), dtypes.default_float_dtype())
    n = jnp.arange(M, dtype=dtypes.default_float_dtype())
    alpha = (M - 1) / 2.0
    return i0(beta * jnp.sqrt(1 - ((n - alpha) / alpha) ** 2)) / i0(jnp.asarray(beta, float))


def poly(seq_of_zeros):
    """numpy.poly: monic polynomial coefficients from its roots (or from the eigenvalues of
    a square matrix)."""
    jnp = _jnp()
    z = jnp.asarray(seq_of_zeros)
    if z.ndim == 2 and z.shape[0] == z.shape[1] and z.shape[0] != 0:
        z = jnp.linalg.eigvals(z)
    elif z.ndim != 1:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if not dtypes.is_inexact(z.dtype):
        z = z.astype(dtypes.default_float_dtype())
    a = jnp.ones((1,), z.dtype)
    for k in range(z.shape[0]):
        a = jnp.convolve(a, jnp.stack([jnp.ones((), z.dtype), -z[k]]), mode="full")
    return a


def polydiv(u, v, *, trim_leading_zeros: bool = False):
    """numpy.polydiv: quotient and remainder. The remainder keeps len(u) coefficients (leading
    zeros included) unless trim_leading_zeros=True, which needs concrete values, as in JAX."""
    jnp = _jnp()
    from .util import promote_to_inexact

    u, v = promote_to_inexact(jnp.atleast_1d(u), jnp.atleast_1d(v))
    m, n = u.shape[0] - 1, v.shape[0] - 1
    scale = 1.0 / v[0]
    q = jnp.zeros((builtins.max(m - n + 1, 1),), u.dtype)
    r = u
    for k in range(m - n + 1):
        d = scale * r[k]
        q = q.at[k].set(d)
        r = r.at[k : k + n + 1].add(-d * v)
    if trim_leading_zeros:
        rv = _concrete(r, "polydiv")
        nz = np.flatnonzero(rv != 0)
        r = r[nz[0] :] if nz.size else r[-1:]
    return q, r


def polyfit(x, y, deg: int, rcond=None, full: bool = False, w=None, cov=False):
    """numpy.polyfit: least-squares polynomial fit via lstsq on a column-scaled Vandermonde
    matrix."""
    jnp = _jnp()
    from .util import promote_to_inexact

    deg = int(deg)
    if deg < 0:
        raise ValueError("expected deg >= 0")
    x, y = promote_to_inexact(x, y)
    if x.ndim != 1:
        raise TypeError("expected 1D vector for x")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x.shape[0] != y.shape[0]:
        raise TypeError("expected x and y to have same length")
    order = deg + 1
    rcond = x.shape[0] * float(np.finfo(x.dtype).eps) if rcond is None else rcond
    lhs = jnp.vander(x, order)
    rhs = y
    if w is not None:
        w = jnp.asarray(w, x.dtype)
        if w.ndim != 1 or w.shape[0] != x.shape[0]:
            raise TypeError("expected a 1-d array for weights of same length as x")
        lhs = lhs * w[:, None]
        rhs = rhs * (w if rhs.ndim == 1 else w[:, None])
    scale = jnp.sqrt(jnp.sum(lhs * lhs, axis=0))
    lhs = lhs / scale
    c, resids, rank, s = jnp.linalg.lstsq(lhs, rhs, rcond=rcond)
    c = (c.T / scale).T
    if full:
        return c, resids, rank, s, jnp.asarray(rcond)
    if cov:
        vbase = jnp.linalg.inv(lhs.T @ lhs) / jnp.outer(scale, scale)
        if cov == "unscaled":
            fac = 1.0
        else:
            if x.shape[0] <= order:
                raise ValueError(
                    "the number of data points must exceed order to scale the covariance matrix"
                )
            fac = resids / (x.shape[0] - order)
        if y.ndim == 1:
            return c, vbase * fac
        return c, vbase[:, :, None] * fac
    return c


def roots(p, *, strip_zeros: bool = True):
    """numpy.roots: eigenvalues of the companion matrix, as complex. Stripping leading zeros
    (strip_zeros=True) needs concrete `p`, as in JAX; trailing zeros become zero roots."""
    jnp = _jnp()
    p = jnp.atleast_1d(jnp.asarray(p))
    if p.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    n_zero_roots = 0
    if strip_zeros:
        nz = np.flatnonzero(_concrete(p, "roots"))
        if nz.size == 0:
            return jnp.zeros((0,), dtypes.canonicalize_dtype(np.complex128))
        n_zero_roots = p.shape[0] - 1 - int(nz[-1])
        p = p[int(nz[0]) : int(nz[-1]) + 1]
    if not dtypes.is_inexact(p.dtype):
        p = p.astype(dtypes.default_float_dtype())
    n = p.shape[0] - 1
    ctype = (
        p.dtype
        if dtypes.is_complex(p.dtype)
        else dtypes.canonicalize_dtype(np.complex128 if p.dtype == np.float64 else np.complex64)
    )
    if n < 1:
        out = jnp.zeros((0,), ctype)
    else:
        companion = jnp.concatenate(
            [(-p[1:] / p[0])[None], jnp.eye(n - 1, n, dtype=p.dtype)], axis=0
        )
        out = jnp.linalg.eigvals(companion).astype(ctype)
    if n_zero_roots:
        out = jnp.concatenate([out, jnp.zeros((n_zero_roots,), ctype)])
    return out


# ---------------------------------------------------------------------------------------------
# bits


def _bit_weights(bitorder):
    if bitorder not in ("big", "little"):
        raise ValueError("'order' must be either 'little' or 'big'")
    w = np.array([128, 64, 32, 16, 8, 4, 2, 1], np.uint8)
    return w if bitorder == "big" else w[::-1].copy()


def packbits(a, axis=None, bitorder: str = "big"):
    """numpy.packbits: groups of 8 truth values along `axis` (flattened if None) packed into
    uint8, the last group zero-padded."""
    jnp = _jnp()
    a = jnp.asarray(a)
    if not (dtypes.is_int(a.dtype) or dtypes.is_bool(a.dtype)):
        raise TypeError("Expected an input array of integer or boolean data type")
    weights = _bit_weights(bitorder)
    if axis is None:
        a, axis = jnp.ravel(a), 0
    axis = axis % a.ndim
    bits = (a != 0).astype(np.uint8)
    bits = jnp.moveaxis(bits, axis, -1)
    n = bits.shape[-1]
    pad = -n % 8
    if pad:
        bits = jnp.pad(bits, [(0, 0)] * (bits.ndim - 1) + [(0, pad)])
    bits = bits.reshape(bits.shape[:-1] + ((n + pad) // 8, 8))
    packed = jnp.sum(bits * jnp.asarray(weights), axis=-1, dtype=np.uint8)
    return jnp.moveaxis(packed, -1, axis)


def unpackbits(a, axis=None, count=None, bitorder: str = "big"):
    """numpy.unpackbits: each uint8 expanded into its 8 bits along `axis` (flattened if
    None), keeping the first `count` bits."""
    jnp = _jnp()
    a = jnp.asarray(a)
    if a.dtype != np.uint8:
        raise TypeError("Expected an input array of unsigned byte data type")
    shifts = np.array([7, 6, 5, 4, 3, 2, 1, 0], np.uint8)
    if bitorder == "little":
        shifts = shifts[::-1].copy()
    _bit_weights(bitorder)
    if axis is None:
        a, axis = jnp.ravel(a), 0
    axis = axis % a.ndim
    a = jnp.moveaxis(a, axis, -1)
    bits = jnp.right_shift(a[..., None], jnp.asarray(shifts)) & np.uint8(1)
    bits = bits.reshape(bits.shape[:-2] + (bits.shape[-2] * 8,))
    if count is not None:
        bits = bits[..., :count]
    return jnp.moveaxis(bits, -1, axis)


# ---------------------------------------------------------------------------------------------
# histograms


def histogramdd(sample, bins=10, range=None, weights=None, density=None):
    """numpy.histogramdd: counts of the rows of `sample` (N, D) in a D-dimensional grid of
    bins (each dimension's last bin closed), and the list of bin edges."""
    jnp = _jnp()
    sample = jnp.asarray(sample)
    if not dtypes.is_inexact(sample.dtype):
        sample = sample.astype(dtypes.default_float_dtype())
    if sample.ndim == 1:
        sample = sample[:, None]
    n, d = sample.shape
    bins_per_dim = list(bins) if isinstance(bins, (list, tuple)) else [bins] * d
    ranges = list(range) if range is not None else [None] * d
    if len(bins_per_dim) != d or len(ranges) != d:
        raise ValueError("should be a bin for each dimension.")
    edges, nbins = [], []
    flat = valid = None
    for i in builtins.range(d):
        e = jnp.histogram_bin_edges(sample[:, i], bins_per_dim[i], ranges[i], weights)
        nb = e.shape[0] - 1
        x = sample[:, i]
        # bin k holds e[k] <= x < e[k+1]; the last bin also holds x == e[-1]; others: dropped
        k = jnp.searchsorted(e, x, side="right") - 1
        k = jnp.where(x == e[-1], nb - 1, k)
        inside = (k >= 0) & (k < nb)
        flat_i = jnp.where(inside, k, 0)
        flat = flat_i if flat is None else flat * nb + flat_i
        valid = inside if valid is None else valid & inside
        edges.append(e)
        nbins.append(nb)
    total = math.prod(nbins)
    w = jnp.ones((n,), dtypes.default_int_dtype()) if weights is None else jnp.asarray(weights)
    w = jnp.where(valid, w, jnp.zeros_like(w))
    hist = jnp.zeros((total,), w.dtype).at[flat].add(w).reshape(tuple(nbins))
    if density:
        hist = hist.astype(sample.dtype) if not dtypes.is_inexact(hist.dtype) else hist
        hist = hist / jnp.sum(hist)
        for i, e in enumerate(edges):
            shape = [1] * d
            shape[i] = nbins[i]
            hist = hist / jnp.diff(e).reshape(shape)
    return hist, edges


def histogram2d(x, y, bins=10, range=None, weights=None, density=None):
    """numpy.histogram2d: histogramdd of the points (x, y)."""
    jnp = _jnp()
    sample = jnp.stack(_promote_xy(x, y), axis=1)
    # as NumPy: an int or one sequence of edges applies to both dimensions
    if jnp.ndim(bins) == 0 or len(bins) not in (1, 2):
        bins = [bins, bins]
    hist, edges = histogramdd(sample, bins, range, weights, density)
    return hist, edges[0], edges[1]


def _promote_xy(x, y):
    from .util import promote_to_inexact

    return promote_to_inexact(x, y)


def einsum_path(subscripts, /, *operands, optimize="auto"):
    """numpy.einsum_path: the contraction order and its description, computed from shapes
    only (no values are read), so it also works on tracers."""
    if optimize is True or optimize == "auto":
        # like opt_einsum's "auto": exhaustive search for few operands, greedy beyond
        optimize = "optimal" if len(operands) <= 4 else "greedy"
    dummies = [
        np.broadcast_to(np.zeros((), getattr(op, "dtype", np.float64)), np.shape(op))
        for op in operands
    ]
    path, info = np.einsum_path(subscripts, *dummies, optimize=optimize)
    return [tuple(step) for step in path[1:]], info


# ---------------------------------------------------------------------------------------------
# printing and buffers (host-side, via NumPy)


def _print_options(max_line_width, precision, suppress_small):
    given = {"linewidth": max_line_width, "precision": precision, "suppress": suppress_small}
    return np.printoptions(**{k: v for k, v in given.items() if v is not None})


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None):
    """numpy.array_repr of the array's value, with NumPy 2's float notation on any NumPy."""
    value = np.asarray(_jnp().asarray(arr))
    with (_print_options(max_line_width, precision, suppress_small),
          printing.numpy2_float_rules(value)):
        return np.array_repr(value)


def array_str(a, max_line_width=None, precision=None, suppress_small=None):
    """numpy.array_str of the array's value, with NumPy 2's float notation on any NumPy."""
    value = np.asarray(_jnp().asarray(a))
    if value.ndim == 0:
        return printing.scalar_str(value)  # NumPy prints a 0-d array as its scalar
    with (_print_options(max_line_width, precision, suppress_small),
          printing.numpy2_float_rules(value)):
        return np.array_str(value)


def frombuffer(buffer, dtype=float, count: int = -1, offset: int = 0):
    """numpy.frombuffer, copied into an Array (dtype canonicalized: float means float32
    unless x64 is enabled)."""
    out = np.frombuffer(buffer, dtype=dtype, count=count, offset=offset)
    return _jnp().asarray(out, dtype=dtypes.canonicalize_dtype(out.dtype))


def fromstring(string, dtype=float, count: int = -1, *, sep):
    """numpy.fromstring with a separator (text mode only), copied into an Array."""
    out = np.fromstring(string, dtype=dtype, count=count, sep=sep)
    return _jnp().asarray(out, dtype=dtypes.canonicalize_dtype(out.dtype))


def fromiter(*args, **kwargs):
    """numpy.fromiter is not supported, as in JAX: build a list and call jnp.array."""
    raise NotImplementedError(
        "jnp.fromiter() is not implemented because it may be non-pure "
        "and thus unsafe for use with JIT and other JAX transformations. "
        "Consider using jnp.asarray(np.fromiter(...)) instead, although "
        "care should be taken if np.fromiter is used within a jax "
        "transformations because of its potential side-effect of "
        "consuming the iterable object."
    )


# ---------------------------------------------------------------------------------------------
# ml_dtypes scalar types


def _ml_scalar_types():
    from .scalar_types import _make

    out = {}
    for name in (
        "float8_e3m4",
        "float8_e4m3",
        "float8_e4m3b11fnuz",
        "float8_e4m3fn",
        "float8_e4m3fnuz",
        "float8_e5m2",
        "float8_e5m2fnuz",
        "float8_e8m0fnu",
        "float4_e2m1fn",
        "float6_e2m3fn",
        "float6_e3m2fn",
        "int1",
        "int2",
        "int4",
        "uint1",
        "uint2",
        "uint4",
    ):
        t = getattr(ml_dtypes, name, None)
        if t is not None:
            out[name] = _make(name, t)
    return out


ML_SCALAR_TYPES = _ml_scalar_types()


# ---------------------------------------------------------------------------------------------
# files and foreign buffers (host-side, via NumPy)

save = np.save
savez = np.savez


def load(file, *args, **kwargs):
    """numpy.load; a single saved array comes back as an Array (archives stay NumPy's)."""
    out = np.load(file, *args, **kwargs)
    if isinstance(out, np.ndarray) and out.dtype != object:
        return _jnp().asarray(out)
    return out


def fromfile(*args, **kwargs):
    """numpy.fromfile is not supported, as in JAX: reading a file is a side effect."""
    raise NotImplementedError(
        "jnp.fromfile() is not implemented because it may be non-pure "
        "and thus unsafe for use with JIT and other JAX transformations. "
        "Consider using jnp.asarray(np.fromfile(...)) instead, although "
        "care should be taken if np.fromfile is used within a jax "
        "transformations because of its potential side-effect of "
        "consuming the file object."
    )


def from_dlpack(x, /, *, device=None, copy=None):
    """numpy.from_dlpack: an Array copied from any object exporting __dlpack__ (CPU only)."""
    if isinstance(x, Array):
        return x
    return _jnp().asarray(np.from_dlpack(x))


# ---------------------------------------------------------------------------------------------
# ufunc


class ufunc:
    """jnp.ufunc: a broadcasting function of `nin` arrays with NumPy's ufunc methods. Calls
    go through jnp.vectorize; reduce and accumulate (nin=2, nout=1) are a lax.scan along the
    axis, so all of them work under jit, grad and vmap."""

    def __init__(
        self,
        func,
        /,
        nin: int,
        nout: int,
        *,
        name=None,
        nargs=None,
        identity=None,
        call=None,
        reduce=None,
        accumulate=None,
        at=None,
        reduceat=None,
    ):
        self._func = func
        self.nin, self.nout = int(nin), int(nout)
        self.nargs = self.nin if nargs is None else nargs
        self.identity = identity
        self.__name__ = name or getattr(func, "__name__", "ufunc")
        self._call, self._reduce, self._accumulate, self._at = call, reduce, accumulate, at
        self._reduceat = reduceat

    def __repr__(self):
        return f"<jnp.ufunc '{self.__name__}'>"

    def __call__(self, *args, out=None, where=None):
        if out is not None:
            raise NotImplementedError(f"out argument of {self}")
        if where is not None:
            raise NotImplementedError(f"where argument of {self}")
        if len(args) != self.nin:
            raise TypeError(f"{self}: expected {self.nin} positional arguments, got {len(args)}")
        if self._call is not None:
            return self._call(*args)
        return _jnp().vectorize(self._func)(*args)

    def _binary(self, method):
        if self.nin != 2 or self.nout != 1:
            raise ValueError(
                f"{method} only supported for binary ufuncs with a single output "
                f"(got nin={self.nin}, nout={self.nout})"
            )

    def outer(self, A, B, /):
        """The function of every pair (a, b): shape A.shape + B.shape."""
        self._binary("outer")
        jnp = _jnp()
        A, B = jnp.asarray(A), jnp.asarray(B)
        return self(A.reshape(A.shape + (1,) * B.ndim), B)

    def _scan(self, a, axis, initial, emit):
        from ..lax.loops import scan

        jnp = _jnp()
        a = jnp.moveaxis(jnp.asarray(a), axis, 0)
        one = jnp.ones((), a.dtype)
        a = a.astype(self(one, one).dtype)  # computed in the function's result dtype
        if a.shape[0] == 0 and initial is None:
            if emit:
                return a
            raise ValueError(
                f"zero-size array to reduction operation {self.__name__} which has no identity"
            )
        if initial is None:
            init, a = a[0], a[1:]
        else:
            init = jnp.broadcast_to(jnp.asarray(initial, a.dtype), a.shape[1:])
        carry, ys = scan(lambda c, x: (self(c, x),) * 2, init, a)
        if not emit:
            return carry
        return jnp.concatenate([init[None], ys])

    def reduce(self, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None):
        """Folds the function over `axis` (None: all axes, flattened), left to right."""
        self._binary("reduce")
        if out is not None or where is not None:
            raise NotImplementedError(f"out and where arguments of {self}.reduce")
        if self._reduce is not None:
            return self._reduce(a, axis=axis, dtype=dtype, keepdims=keepdims, initial=initial)
        jnp = _jnp()
        a = jnp.asarray(a) if dtype is None else jnp.asarray(a, dtype=dtype)
        shape = a.shape
        if axis is None:
            a, ax = jnp.ravel(a), 0
        else:
            ax = axis % a.ndim
        # as JAX: the fold starts from the identity when there is one
        res = self._scan(a, ax, self.identity if initial is None else initial, emit=False)
        if keepdims:
            res = res.reshape((1,) * len(shape)) if axis is None else jnp.expand_dims(res, ax)
        return res

    def accumulate(self, a, axis: int = 0, dtype=None, out=None):
        """The running fold along `axis`: out[i] = f(out[i - 1], a[i])."""
        self._binary("accumulate")
        if out is not None:
            raise NotImplementedError(f"out argument of {self}.accumulate")
        if self._accumulate is not None:
            return self._accumulate(a, axis=axis, dtype=dtype)
        jnp = _jnp()
        a = jnp.asarray(a) if dtype is None else jnp.asarray(a, dtype=dtype)
        ax = axis % a.ndim
        return jnp.moveaxis(self._scan(a, ax, None, emit=True), 0, ax)

    def at(self, a, indices, b=None, /, *, inplace: bool = True):
        """Applies the function at `indices` of `a` one index after another (repeated indices
        accumulate), returning a new array; requires inplace=False, as in JAX."""
        if inplace:
            raise _immutable("ufunc.at")
        if self._at is not None:
            return self._at(a, indices, b)
        from ..lax.loops import fori_loop

        jnp = _jnp()
        a = jnp.asarray(a)
        idx = jnp.ravel(jnp.asarray(indices))
        if self.nin == 2:
            vals = jnp.broadcast_to(jnp.asarray(b), idx.shape)

            def body(i, acc):
                return acc.at[idx[i]].set(self(acc[idx[i]], vals[i]).astype(a.dtype))
        else:

            def body(i, acc):
                return acc.at[idx[i]].set(self(acc[idx[i]]).astype(a.dtype))

        return fori_loop(0, idx.shape[0], body, a)

    def reduceat(self, a, indices, axis: int = 0, dtype=None, out=None):
        if self._reduceat is not None:
            return self._reduceat(a, indices, axis=axis, dtype=dtype)
        raise NotImplementedError(f"{self}.reduceat is not implemented in numjax")


def frompyfunc(func, /, nin: int, nout: int, *, identity=None):
    """numpy.frompyfunc: `func` (of scalars or arrays) as a jnp.ufunc."""
    return ufunc(func, nin, nout, identity=identity)
