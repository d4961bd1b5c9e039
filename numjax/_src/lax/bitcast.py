"""bitcast_convert_type (reinterpret bits; width changes add or remove a trailing dim) and
reduce_precision (round to a float format with fewer exponent/mantissa bits)."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from .helpers import deflinear, defzero, moveaxis, primitive

# ---------------------------------------------------------------------------------------------
# bitcast_convert_type


def _bitcast_impl(x, *, new_dtype):
    old = x.dtype.itemsize
    new = np.dtype(new_dtype).itemsize
    x = np.asarray(x, order="C")
    if old == new:
        return x.view(new_dtype)
    if old > new:
        return x.view(new_dtype).reshape(*x.shape, old // new)
    return x.view(new_dtype).reshape(x.shape[:-1])


def _bitcast_abstract_eval(x, *, new_dtype):
    old = x.dtype.itemsize
    new = np.dtype(new_dtype).itemsize
    if old == new:
        return ShapedArray(x.shape, new_dtype)
    if old > new:
        return ShapedArray((*x.shape, old // new), new_dtype)
    if not x.shape or x.shape[-1] != new // old:
        raise TypeError(
            f"Attempting to convert array of shape {x.shape} from {x.dtype.name} to "
            f"{np.dtype(new_dtype).name}; the last dimension must be {new // old}."
        )
    return ShapedArray(x.shape[:-1], new_dtype)


bitcast_convert_type_p = primitive("bitcast_convert_type", _bitcast_impl,
                                   _bitcast_abstract_eval, weak_type_rule=False)
defzero(bitcast_convert_type_p)


def _bitcast_batch(args, bdims, *, new_dtype):
    x = moveaxis(args[0], bdims[0], 0)
    return bitcast_convert_type_p.bind(x, new_dtype=new_dtype), 0


bitcast_convert_type_p.batch = _bitcast_batch


def bitcast_convert_type(x, new_dtype):
    new_dtype = dtypes.canonicalize_dtype(new_dtype)
    return bitcast_convert_type_p.bind(x, new_dtype=new_dtype)


# ---------------------------------------------------------------------------------------------
# reduce_precision


def _reduce_precision_impl(x, *, exponent_bits, mantissa_bits):
    if dtypes.is_complex(x.dtype):
        re = _reduce_precision_impl(x.real, exponent_bits=exponent_bits,
                                    mantissa_bits=mantissa_bits)
        im = _reduce_precision_impl(x.imag, exponent_bits=exponent_bits,
                                    mantissa_bits=mantissa_bits)
        return (re + 1j * im).astype(x.dtype)
    v = x.astype(np.float64)
    emax = 2 ** (exponent_bits - 1) - 1
    min_normal = 2.0 ** (1 - emax)
    with np.errstate(over="ignore", invalid="ignore"):
        m, e = np.frexp(v)  # v = m * 2**e, 0.5 <= |m| < 1
        scale = 2.0 ** (mantissa_bits + 1)
        normal = np.ldexp(np.round(m * scale) / scale, e)
        quantum = 2.0 ** (1 - emax - mantissa_bits)
        sub = np.round(v / quantum) * quantum
        out = np.where(np.abs(v) < min_normal, sub, normal)
        largest = (2.0 - 2.0 ** -mantissa_bits) * 2.0 ** emax
        out = np.where(np.abs(out) > largest, np.copysign(np.inf, v), out)
        out = np.where(np.isfinite(v), out, v)
    return out.astype(x.dtype)


def _reduce_precision_abstract_eval(x, *, exponent_bits, mantissa_bits):
    if not dtypes.is_inexact(x.dtype):
        raise TypeError(f"reduce_precision does not accept dtype {x.dtype.name}. Accepted "
                        "dtypes are subtypes of floating-point.")
    if exponent_bits < 1 or mantissa_bits < 0:
        raise ValueError("reduce_precision needs exponent_bits >= 1 and mantissa_bits >= 0")
    return ShapedArray(x.shape, x.dtype)


reduce_precision_p = primitive("reduce_precision", _reduce_precision_impl,
                               _reduce_precision_abstract_eval)
deflinear(reduce_precision_p, lambda ct, x, **params: [reduce_precision_p.bind(ct, **params)])
reduce_precision_p.batch = lambda args, bdims, **params: (
    reduce_precision_p.bind(args[0], **params), bdims[0])


def reduce_precision(x, exponent_bits, mantissa_bits):
    """lax.reduce_precision: round `x` to a float format (round-half-even, overflow to inf)."""
    return reduce_precision_p.bind(x, exponent_bits=int(exponent_bits),
                                   mantissa_bits=int(mantissa_bits))
