"""numjax.scipy.fft: the type-2 discrete cosine transform and its inverse (`jax.scipy.fft`).

JAX implements only DCT type 2 with norm None/"backward"/"ortho"; so does numjax. The DCT of
length N comes from one complex FFT of the same length (Makhoul's reordering): with
v = [x0, x2, x4, ..., x5, x3, x1] and V = fft(v), y_k = 2 Re(V_k exp(-i pi k / 2N)). The
inverse undoes each step: V_k = (y_k - i y_{N-k}) exp(i pi k / 2N) / 2 (y_N = 0), v =
ifft(V), and x is v de-interleaved. Everything is jnp/lax, so grad, vmap and jit apply.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from . import dtypes
from .lax import slicing as lax_slicing
from .numpy import namespace as jnp
from .numpy.util import canonicalize_axis, check_arraylike, promote_to_inexact, to_array


def _check(name, x, type, norm):
    check_arraylike(name, x)
    if type != 2:
        raise NotImplementedError("Only DCT type 2 is implemented.")
    if norm is not None and norm not in ("backward", "ortho"):
        raise ValueError(f"jax.scipy.fft.{name}: norm={norm!r} is not implemented")
    (x,) = promote_to_inexact(to_array(x))
    return x


def _resize(x, n, axis):
    """`x` cropped or zero-padded at the end of `axis` to length n."""
    if n is None or n == x.shape[axis]:
        return x
    n = operator.index(n)
    if n < x.shape[axis]:
        return lax_slicing.slice_in_dim(x, 0, n, axis=axis)
    config = [(0, 0, 0)] * x.ndim
    config[axis] = (0, n - x.shape[axis], 0)
    return lax_slicing.pad(x, np.zeros((), x.dtype), config)


def _twiddle(n, axis, ndim, sign, dtype):
    """exp(sign * i pi k / 2n) for k = 0..n-1, shaped to broadcast along `axis`."""
    k = np.arange(n)
    w = np.exp(sign * 0.5j * np.pi * k / n).astype(dtype)
    return w.reshape([n if a == axis else 1 for a in range(ndim)])


def _ortho_factor(n, axis, ndim, dtype):
    f = np.full(n, math.sqrt(1 / (2 * n)))
    f[0] = math.sqrt(1 / (4 * n))
    return f.astype(dtype).reshape([n if a == axis else 1 for a in range(ndim)])


def _complex_parts(fn, x, *args):
    """A real-linear transform of complex `x`: applied to real and imaginary parts."""
    re, im = fn(jnp.real(x), *args), fn(jnp.imag(x), *args)
    return re + im * np.asarray(1j, x.dtype)


def _dct1(x, axis, norm):
    if dtypes.is_complex(x.dtype):
        return _complex_parts(_dct1, x, axis, norm)
    n = x.shape[axis]
    if n == 0:
        return x
    evens = lax_slicing.slice_in_dim(x, 0, None, 2, axis=axis)
    odds = lax_slicing.slice_in_dim(x, 1, None, 2, axis=axis)
    v = jnp.concatenate([evens, jnp.flip(odds, axis)], axis=axis)
    spectrum = jnp.fft.fft(v, axis=axis)
    cdtype = spectrum.dtype
    y = 2 * jnp.real(spectrum * _twiddle(n, axis, x.ndim, -1, cdtype))
    if norm == "ortho":
        y = y * _ortho_factor(n, axis, x.ndim, y.dtype)
    return y


def _idct1(y, axis, norm):
    if dtypes.is_complex(y.dtype):
        return _complex_parts(_idct1, y, axis, norm)
    n = y.shape[axis]
    if n == 0:
        return y
    if norm == "ortho":
        y = y / _ortho_factor(n, axis, y.ndim, y.dtype)
    # y_{N-k} for k = 1..N-1, and 0 for k = 0.
    config = [(0, 0, 0)] * y.ndim
    config[axis] = (1, 0, 0)
    mirrored = lax_slicing.pad(jnp.flip(lax_slicing.slice_in_dim(y, 1, None, axis=axis), axis),
                               np.zeros((), y.dtype), config)
    cdtype = np.complex128 if y.dtype == np.float64 else np.complex64
    spectrum = (y - mirrored * np.asarray(1j, cdtype)) * (
        _twiddle(n, axis, y.ndim, 1, cdtype) * np.asarray(0.5, cdtype))
    v = jnp.real(jnp.fft.ifft(spectrum, axis=axis))
    # De-interleave: x[2j] = v[j], x[2j + 1] = v[n - 1 - j].
    half = (n + 1) // 2
    first = lax_slicing.slice_in_dim(v, 0, half, axis=axis)
    second = jnp.flip(lax_slicing.slice_in_dim(v, half, None, axis=axis), axis)
    second = _resize(second, half, axis)  # odd n: one zero fills the last (unused) slot
    pairs = jnp.stack([first, second], axis=axis + 1)
    shape = list(v.shape)
    shape[axis] = 2 * half
    return _resize(jnp.reshape(pairs, shape), n, axis)


def dct(x, type=2, n=None, axis=-1, norm=None):
    """scipy.fft.dct: the type-2 discrete cosine transform along `axis` (cropped or
    zero-padded to `n`). Only type 2 and norm None/"backward"/"ortho" exist, as in JAX."""
    x = _check("dct", x, type, norm)
    axis = canonicalize_axis(axis, x.ndim)
    return _dct1(_resize(x, n, axis), axis, norm)


def idct(x, type=2, n=None, axis=-1, norm=None):
    """scipy.fft.idct: the inverse of `dct` (type 2) along `axis`."""
    x = _check("idct", x, type, norm)
    axis = canonicalize_axis(axis, x.ndim)
    return _idct1(_resize(x, n, axis), axis, norm)


def _axes_and_sizes(x, s, axes):
    if s is not None:
        s = list(s) if isinstance(s, (list, tuple)) else [operator.index(s)]
        if len(s) > x.ndim:
            raise ValueError(f"s must have at most x.ndim ({x.ndim}) elements, got {len(s)}")
    if axes is None:
        axes = range(x.ndim - len(s), x.ndim) if s is not None else range(x.ndim)
    axes = [canonicalize_axis(a, x.ndim) for a in axes]
    if s is not None:
        for a, n in zip(axes, s):
            x = _resize(x, n, a)
    return x, axes


def dctn(x, type=2, s=None, axes=None, norm=None):
    """scipy.fft.dctn: the type-2 DCT over `axes` (default: the last len(s) axes, or all),
    one axis after another (the transform is separable)."""
    x = _check("dctn", x, type, norm)
    x, axes = _axes_and_sizes(x, s, axes)
    for a in axes:
        x = _dct1(x, a, norm)
    return x


def idctn(x, type=2, s=None, axes=None, norm=None):
    """scipy.fft.idctn: the inverse of `dctn`."""
    x = _check("idctn", x, type, norm)
    x, axes = _axes_and_sizes(x, s, axes)
    for a in axes:
        x = _idct1(x, a, norm)
    return x
