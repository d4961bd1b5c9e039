"""jnp.fft: NumPy's discrete Fourier transforms (`jax.numpy.fft`) on the `lax.fft` primitive.

Every transform moves its axes to the end, crops or zero-pads them to the requested lengths
`s`, binds one `fft` and applies the `norm` scale ("backward" default, "ortho", "forward").
Results are complex64 (complex128 for 64-bit input) or float32/float64 for the real-output
inverses, never weakly typed, as in JAX. Integer and boolean inputs are converted first.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .. import dtypes
from ..lax import slicing as lax_slicing
from ..lax.fft import FftType
from ..lax.fft import fft as lax_fft
from .creation import arange, asarray
from .manipulation import roll
from .shape_ops import moveaxis
from .ufuncs import conj
from .util import canonicalize_axis, check_arraylike, to_array


def _norm_factor(norm, lengths, inverse: bool) -> float:
    """The factor applied after lax.fft (whose inverses already divide by n)."""
    if norm is None or norm == "backward":
        return 1.0
    n = math.prod(lengths)
    if norm == "ortho":
        return math.sqrt(n) if inverse else 1 / math.sqrt(n)
    if norm == "forward":
        return float(n) if inverse else 1 / n
    raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or "forward".')


def _scale(x, factor: float):
    if factor == 1.0:
        return x
    return x * np.asarray(factor, x.dtype)


def _crop_or_pad(x, shape):
    """`x` cut down or zero-padded (at the end) to `shape`."""
    if tuple(x.shape) == tuple(shape):
        return x
    limits = [min(a, b) for a, b in zip(x.shape, shape, strict=True)]
    if limits != list(x.shape):
        x = lax_slicing.slice(x, (0,) * x.ndim, tuple(limits))
    if limits != list(shape):
        zero = np.zeros((), x.dtype)
        x = lax_slicing.pad(x, zero, [(0, s - n, 0) for n, s in zip(limits, shape)])
    return x


def _transform(name, fft_type, a, s, axes, norm):
    full_name = f"jax.numpy.fft.{name}"
    check_arraylike(full_name, a)
    x = to_array(a)
    if s is not None:
        s = tuple(operator.index(n) for n in s)
        if any(n <= 0 for n in s):
            raise ValueError("Shape should be positive.")
    if s is not None and axes is not None and len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    if axes is None:
        axes = range(x.ndim) if s is None else range(x.ndim - len(s), x.ndim)
        moved = False
    else:
        moved = True
    if len(set(axes)) != len(axes):
        raise ValueError(f"{full_name} does not support repeated axes. Got axes {axes}.")
    axes = tuple(canonicalize_axis(ax, x.ndim) for ax in axes)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{full_name} does not support repeated axes. Got axes {axes}.")
    trailing = tuple(range(x.ndim - len(axes), x.ndim))
    if moved:
        x = moveaxis(x, axes, trailing)
    if s is None:
        lengths = [x.shape[ax] for ax in trailing]
        if fft_type == FftType.IRFFT and lengths:
            lengths[-1] = max(0, 2 * (lengths[-1] - 1))
    else:
        lengths = list(s)
        in_shape = list(x.shape)
        for ax, n in zip(trailing, s, strict=True):
            in_shape[ax] = n
        if fft_type == FftType.IRFFT:
            in_shape[-1] = s[-1] // 2 + 1
        x = _crop_or_pad(x, in_shape)
    out = lax_fft(x, fft_type, tuple(lengths))
    inverse = fft_type in (FftType.IFFT, FftType.IRFFT)
    out = _scale(out, _norm_factor(norm, lengths, inverse))
    if moved:
        out = moveaxis(out, trailing, axes)
    return out


def _check_1d(name, axis):
    if isinstance(axis, (list, tuple)):
        full_name = f"jax.numpy.fft.{name}"
        raise ValueError(  # noqa: TRY004 - JAX raises ValueError
            f"{full_name} does not support multiple axes. Please use {full_name}n. "
            f"Got axis = {axis!r}.")


def _one_axis(name, fft_type, a, n, axis, norm):
    _check_1d(name, axis)
    return _transform(name, fft_type, a, None if n is None else [n],
                      None if axis is None else [axis], norm)


def _two_axes(name, fft_type, a, s, axes, norm):
    if len(axes) != 2:
        raise ValueError(f"jax.numpy.fft.{name} only supports 2 axes. Got axes = {axes!r}.")
    return _transform(name, fft_type, a, s, axes, norm)


def fft(a, n=None, axis=-1, norm=None):
    """numpy.fft.fft: the 1-D discrete Fourier transform along `axis` (cropped or
    zero-padded to `n`). Returns complex64 (complex128 for 64-bit input)."""
    return _one_axis("fft", FftType.FFT, a, n, axis, norm)


def ifft(a, n=None, axis=-1, norm=None):
    """numpy.fft.ifft: the 1-D inverse discrete Fourier transform along `axis`."""
    return _one_axis("ifft", FftType.IFFT, a, n, axis, norm)


def rfft(a, n=None, axis=-1, norm=None):
    """numpy.fft.rfft: the 1-D transform of real input; n // 2 + 1 outputs along `axis`.
    Complex input raises ValueError, as in JAX."""
    return _one_axis("rfft", FftType.RFFT, a, n, axis, norm)


def irfft(a, n=None, axis=-1, norm=None):
    """numpy.fft.irfft: the real inverse of `rfft`; n defaults to 2 * (m - 1)."""
    return _one_axis("irfft", FftType.IRFFT, a, n, axis, norm)


def hfft(a, n=None, axis=-1, norm=None):
    """numpy.fft.hfft: the transform of a Hermitian-symmetric signal given by its first half
    (real output of length n, default 2 * (m - 1))."""
    _check_1d("hfft", axis)
    check_arraylike("jax.numpy.fft.hfft", a)
    out = _one_axis("hfft", FftType.IRFFT, conj(to_array(a)), n, axis, None)
    # A forward transform computed by irfft, which divides by n.
    n_out = out.shape[canonicalize_axis(axis, out.ndim)]
    return _scale(out, n_out * _norm_factor(norm, (n_out,), inverse=False))


def ihfft(a, n=None, axis=-1, norm=None):
    """numpy.fft.ihfft: the inverse of `hfft` for real input (n // 2 + 1 complex outputs)."""
    _check_1d("ihfft", axis)
    check_arraylike("jax.numpy.fft.ihfft", a)
    out = _one_axis("ihfft", FftType.RFFT, a, n, axis, None)
    # An inverse transform computed by rfft, which does not divide by n.
    x = to_array(a)
    n_in = x.shape[canonicalize_axis(axis, x.ndim)] if n is None else n
    return _scale(conj(out), _norm_factor(norm, (n_in,), inverse=True) / n_in)


def fft2(a, s=None, axes=(-2, -1), norm=None):
    """numpy.fft.fft2: the 2-D discrete Fourier transform over `axes`."""
    return _two_axes("fft2", FftType.FFT, a, s, axes, norm)


def ifft2(a, s=None, axes=(-2, -1), norm=None):
    """numpy.fft.ifft2: the 2-D inverse discrete Fourier transform over `axes`."""
    return _two_axes("ifft2", FftType.IFFT, a, s, axes, norm)


def rfft2(a, s=None, axes=(-2, -1), norm=None):
    """numpy.fft.rfft2: the 2-D transform of real input (last axis halved)."""
    return _two_axes("rfft2", FftType.RFFT, a, s, axes, norm)


def irfft2(a, s=None, axes=(-2, -1), norm=None):
    """numpy.fft.irfft2: the real inverse of `rfft2`."""
    return _two_axes("irfft2", FftType.IRFFT, a, s, axes, norm)


def fftn(a, s=None, axes=None, norm=None):
    """numpy.fft.fftn: the N-D discrete Fourier transform over `axes` (default: the last
    len(s) axes, or all). Repeated axes raise ValueError, as in JAX."""
    return _transform("fftn", FftType.FFT, a, s, axes, norm)


def ifftn(a, s=None, axes=None, norm=None):
    """numpy.fft.ifftn: the N-D inverse discrete Fourier transform."""
    return _transform("ifftn", FftType.IFFT, a, s, axes, norm)


def rfftn(a, s=None, axes=None, norm=None):
    """numpy.fft.rfftn: the N-D transform of real input (last transformed axis halved)."""
    return _transform("rfftn", FftType.RFFT, a, s, axes, norm)


def irfftn(a, s=None, axes=None, norm=None):
    """numpy.fft.irfftn: the real inverse of `rfftn`."""
    return _transform("irfftn", FftType.IRFFT, a, s, axes, norm)


# ---------------------------------------------------------------------------------------------
# Frequencies and shifts


def _check_freq_args(name, n, d):
    if isinstance(n, (list, tuple)):
        raise ValueError(  # noqa: TRY004 - JAX raises ValueError
            f"The n argument of jax.numpy.fft.{name} only takes an int. Got n = {list(n)}.")
    if isinstance(d, (list, tuple)):
        raise ValueError(  # noqa: TRY004 - JAX raises ValueError
            f"The d argument of jax.numpy.fft.{name} only takes a single value. "
            f"Got d = {list(d)}.")


def _length(n) -> int:
    try:
        return operator.index(n)
    except TypeError:
        return int(n)  # JAX accepts 5.0 and concrete 0-d arrays here


def fftfreq(n, d=1.0, *, dtype=None, device=None):
    """numpy.fft.fftfreq: the sample frequencies [0, 1, ..., -1] / (d * n) of an n-point
    transform (default float dtype; `dtype` casts the result)."""
    _check_freq_args("fftfreq", n, d)
    n = _length(n)
    k = (np.arange(n) + n // 2) % max(n, 1) - n // 2  # 0, 1, ..., -1: static integers
    work = dtype if dtype is not None and dtypes.is_inexact(np.dtype(dtype)) else None
    work = dtypes.default_float_dtype() if work is None else np.dtype(work)
    out = asarray(k.astype(work)) / asarray(d * n, dtype=work)
    return out if dtype is None else out.astype(dtype)


def rfftfreq(n, d=1.0, *, dtype=None, device=None):
    """numpy.fft.rfftfreq: the non-negative sample frequencies [0, ..., n // 2] / (d * n)."""
    _check_freq_args("rfftfreq", n, d)
    n = _length(n)
    k = arange(0, n // 2 + 1, dtype=dtype)
    float_dtype = dtypes.default_float_dtype() if dtype is None else dtype
    return k / asarray(d * n, dtype=float_dtype)


def _shifts(name, x, axes, sign):
    check_arraylike(name, x)
    x = to_array(x)
    if axes is None:
        axes = tuple(range(x.ndim))
    elif isinstance(axes, int):
        axes = (axes,)
    axes = tuple(axes)
    shift = tuple(sign * (x.shape[ax] // 2) for ax in axes)
    return roll(x, shift, axes)


def fftshift(x, axes=None):
    """numpy.fft.fftshift: rolls the zero frequency to the centre of `axes` (all by default)."""
    return _shifts("fftshift", x, axes, 1)


def ifftshift(x, axes=None):
    """numpy.fft.ifftshift: the inverse of `fftshift` (they differ for odd lengths)."""
    return _shifts("ifftshift", x, axes, -1)
