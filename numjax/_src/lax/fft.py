"""The `fft` primitive: complex and real discrete Fourier transforms over the trailing
`len(fft_lengths)` axes (`jax.lax.fft`).

fft is linear. The DFT matrix is symmetric, so FFT and IFFT are their own (unconjugated)
transposes. The real transforms transpose into each other: RFFT keeps the first n//2 + 1
outputs of a full FFT, and IRFFT reads each stored bin k once but stands for both k and n - k
(except DC and, for even n, Nyquist), so each transpose is the other real transform with those
doubled bins weighted (1/2 one way, 2 the other) and a conjugation. Complex cotangents follow
JAX's convention (see lax.real/imag); tests/op_db.py checks them through real/imag.
Must not import the numpy layer.
"""

from __future__ import annotations

import enum
import math

import numpy as np

from .. import dtypes
from ..core import ShapedArray, get_aval
from .elementwise import conj, convert_element_type, mul
from .helpers import deflinear, moveaxis, primitive


class FftType(enum.IntEnum):
    """Which transform `lax.fft` computes."""

    FFT = 0  # complex -> complex, forward
    IFFT = 1  # complex -> complex, inverse (scaled by 1/n)
    RFFT = 2  # real -> complex, forward, keeps the non-negative frequencies
    IRFFT = 3  # complex (non-negative frequencies) -> real, inverse


# JAX accepts each name in lower or upper case (not mixed).
_BY_NAME = {name: typ for typ in FftType for name in (typ.name, typ.name.lower())}


def _fft_type(fft_type) -> FftType:
    if isinstance(fft_type, FftType):
        return fft_type
    if isinstance(fft_type, str):
        if fft_type not in _BY_NAME:
            raise ValueError(f"Unknown FFT type '{fft_type}'")
        return _BY_NAME[fft_type]
    raise TypeError(f"Unknown FFT type value '{fft_type}'")


def _complex_dtype(dtype) -> np.dtype:
    return np.dtype(np.complex128 if np.dtype(dtype) == np.float64 else np.complex64)


def _real_dtype(dtype) -> np.dtype:
    return np.dtype(np.float64 if np.dtype(dtype) == np.complex128 else np.float32)


# ---------------------------------------------------------------------------------------------
# fft


def _out_aval(shape, dtype, fft_type, fft_lengths) -> ShapedArray:
    lengths = tuple(fft_lengths)
    k = len(lengths)
    if k > len(shape):
        raise ValueError(f"FFT input shape {tuple(shape)} must have at least as many input "
                         f"dimensions as fft_lengths {lengths}.")
    minor = tuple(shape[len(shape) - k:])
    dtype = np.dtype(dtype)
    if fft_type == FftType.RFFT:
        if dtype not in (np.float32, np.float64):
            raise ValueError(f"RFFT input must be float32 or float64, got {dtype.name}")
        if minor != lengths:
            raise ValueError(f"RFFT input shape {tuple(shape)} minor dimensions must be equal "
                             f"to fft_lengths {lengths}")
        out_shape = (*shape[:len(shape) - k], *lengths[:-1], lengths[-1] // 2 + 1)
        return ShapedArray(out_shape, _complex_dtype(dtype))
    if not dtypes.is_complex(dtype):
        raise ValueError(f"{fft_type.name} input must be complex64 or complex128, got "
                         f"{dtype.name}")
    if fft_type == FftType.IRFFT:
        if minor[:-1] != lengths[:-1]:
            raise ValueError(f"IRFFT input shape {tuple(shape)} minor dimensions must be equal "
                             f"to all except the last fft_length, got fft_lengths={lengths}")
        if minor[-1] != lengths[-1] // 2 + 1:
            # JAX fails here while lowering to XLA; numjax says so at staging time.
            raise ValueError(f"IRFFT input shape {tuple(shape)} innermost dimension must be "
                             f"fft_lengths[-1] // 2 + 1 = {lengths[-1] // 2 + 1}, got "
                             f"fft_lengths={lengths}")
        return ShapedArray((*shape[:len(shape) - k], *lengths), _real_dtype(dtype))
    if minor != lengths:
        raise ValueError(f"FFT input shape {tuple(shape)} minor dimensions must be equal to "
                         f"fft_lengths {lengths}")
    return ShapedArray(tuple(shape), dtype)


def _fft_abstract_eval(x, *, fft_type, fft_lengths):
    return _out_aval(x.shape, x.dtype, fft_type, fft_lengths)


def _fft_impl(x, *, fft_type, fft_lengths):
    aval = _out_aval(x.shape, x.dtype, fft_type, fft_lengths)
    if math.prod(aval.shape) == 0 or 0 in fft_lengths:
        return np.zeros(aval.shape, aval.dtype)
    axes = tuple(range(x.ndim - len(fft_lengths), x.ndim))
    if fft_type == FftType.FFT:
        out = np.fft.fftn(x, axes=axes)
    elif fft_type == FftType.IFFT:
        out = np.fft.ifftn(x, axes=axes)
    elif fft_type == FftType.RFFT:
        out = np.fft.rfftn(x, axes=axes)
    else:
        out = np.fft.irfftn(x, s=fft_lengths, axes=axes)
    return out.astype(aval.dtype, copy=False)  # NumPy 1.x computes in double precision


def _hermitian_weights(n, shape, dtype):
    """1 for DC (and Nyquist when n is even), 2 for the other bins of an n-point half
    spectrum: how many full-spectrum bins each stored bin stands for."""
    m = n // 2 + 1
    w = np.full(m, 2.0)
    w[0] = 1.0
    if n % 2 == 0:
        w[-1] = 1.0
    return np.broadcast_to(w.astype(dtype), shape)


def _fft_transpose(ct, x, *, fft_type, fft_lengths):
    if fft_type in (FftType.FFT, FftType.IFFT):
        return [fft_p.bind(ct, fft_type=fft_type, fft_lengths=fft_lengths)]
    n, size = fft_lengths[-1], math.prod(fft_lengths)
    if fft_type == FftType.RFFT:
        # RFFT^T ct = Re(F pad(ct)) = size * IRFFT(conj(ct) / w): IRFFT counts bin k for
        # both k and n - k, so halving the doubled bins leaves each frequency once.
        w = _hermitian_weights(n, ct.shape, ct.dtype)
        y = mul(conj(ct), (size / w).astype(ct.dtype))
        return [fft_p.bind(y, fft_type=FftType.IRFFT, fft_lengths=fft_lengths)]
    # IRFFT^T ct = w * IFFT(ct) truncated = w / size * conj(RFFT(ct)) for real ct.
    spectrum = fft_p.bind(ct, fft_type=FftType.RFFT, fft_lengths=fft_lengths)
    w = _hermitian_weights(n, spectrum.shape, spectrum.dtype)
    return [mul(conj(spectrum), (w / size).astype(spectrum.dtype))]


def _fft_batch(args, bdims, *, fft_type, fft_lengths):
    (x,), (bdim,) = args, bdims
    return fft_p.bind(moveaxis(x, bdim, 0), fft_type=fft_type, fft_lengths=fft_lengths), 0


_NP_FFT = {FftType.FFT: "fftn", FftType.IFFT: "ifftn", FftType.RFFT: "rfftn",
           FftType.IRFFT: "irfftn"}


def _fft_emit(names, *, avals, fft_type, fft_lengths):
    (aval,) = avals
    out = _out_aval(aval.shape, aval.dtype, fft_type, fft_lengths)
    if math.prod(out.shape) == 0 or 0 in fft_lengths:
        return None  # the impl's zero-size path
    axes = tuple(range(aval.ndim - len(fft_lengths), aval.ndim))
    s = f"s={tuple(fft_lengths)}, " if fft_type == FftType.IRFFT else ""
    return (f"np.fft.{_NP_FFT[fft_type]}({names[0]}, {s}axes={axes})"
            f".astype(np.{out.dtype.name}, copy=False)")


fft_p = primitive("fft", _fft_impl, _fft_abstract_eval, emit=_fft_emit, weak_type_rule=False)
fft_p.emit_avals = True
deflinear(fft_p, _fft_transpose)
fft_p.batch = _fft_batch


def fft(x, fft_type, fft_lengths):
    """jax.lax.fft: the `fft_type` transform over the trailing `len(fft_lengths)` axes.

    Args:
      x: the operand. FFT, IFFT and IRFFT convert it to complex (complex64, or complex128 for
        64-bit input); RFFT requires real input and converts integers to the default float.
      fft_type: a `FftType` or one of the strings "fft", "ifft", "rfft", "irfft" (any case
        JAX accepts: all lower or all upper).
      fft_lengths: the transform's length along each trailing axis. For IRFFT the last one is
        the real output's length n; the input's last axis must be n // 2 + 1. Any number of
        axes works (XLA, and so JAX, stops at 3 when lowering).

    Returns:
      The transform; never weakly typed. Errors (ValueError/TypeError) match JAX's.
    """
    typ = _fft_type(fft_type)
    lengths = tuple(int(n) for n in fft_lengths)
    aval = get_aval(x)
    if typ == FftType.RFFT:
        if dtypes.is_complex(aval.dtype):
            raise ValueError("only real valued inputs supported for rfft")
        dtype = aval.dtype if dtypes.is_inexact(aval.dtype) else dtypes.default_float_dtype()
    elif dtypes.is_complex(aval.dtype):
        dtype = aval.dtype
    else:
        wide = aval.dtype.itemsize == 8 and dtypes.canonicalize_dtype(np.float64) == np.float64
        dtype = np.dtype(np.complex128 if wide else np.complex64)
    if aval.dtype != dtype or aval.weak_type:
        x = convert_element_type(x, dtype, weak_type=False)
    if not lengths:
        return x
    return fft_p.bind(x, fft_type=typ, fft_lengths=lengths)
