"""jax.random's samplers on numjax, bit-compatible with JAX 0.10.2 where NumPy allows.

Every sampler takes a raw uint32[2] key or a typed key (see prng.py) and is written with numjax
operations, so it works under jit, vmap and grad. Where a sampler goes through log/erf_inv/tan,
NumPy's rounding can differ from XLA's by an ulp (see README.md, "Random numbers").
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import numpy as np

from . import dtypes
from .array import Array
from .core import Tracer, concrete_value, get_aval
from .custom_derivatives import custom_jvp
from .lax import elementwise as lax
from .lax import slicing as lax_slicing
from .lax import structural as lax_st
from .lax.ad_util import stop_gradient
from .lax.bitcast import bitcast_convert_type
from .lax.loops import while_loop
from .lax.rng import GILES, fma, np_erf_inv, random_gamma
from .lax.sorting import sort_key_val, top_k
from .prng import (
    _U32,
    _UINT,
    _check_key,
    _const,
    _jnp,
    _partitionable,
    _random_bits,
    _split,
    _split2,
    _u32,
)

# ---------------------------------------------------------------------------------------------
# Argument handling


def _shape(name, shape):
    """A shape tuple of non-negative ints, or JAX's TypeError."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(
            f"Shapes must be 1D sequences of concrete values of integer type, got {shape}."
        ) from None
    if any(d < 0 for d in shape):
        raise TypeError(f"{name}: shape must contain only non-negative integers, got {shape}")
    return shape


def _check_shape(name, shape, *param_shapes):
    """`shape`, if each parameter shape broadcasts to it exactly (as JAX requires)."""
    if param_shapes:
        try:
            result = np.broadcast_shapes(shape, *param_shapes)
        except ValueError:
            raise ValueError(
                f"Incompatible shapes for broadcasting: shapes="
                f"{[tuple(shape), *map(tuple, param_shapes)]}"
            ) from None
        if result != tuple(shape):
            raise ValueError(
                f"{name} parameter shapes must be broadcast-compatible with shape "
                "argument, and the result of broadcasting the shapes must equal "
                f"the shape argument, but got result {result} for shape argument "
                f"{tuple(shape)}."
            )
    return tuple(shape)


def _param_shape(name, shape, *params):
    """The output shape: `shape` checked against the parameters', or their broadcast."""
    shapes = [np.shape(p) if not hasattr(p, "shape") else tuple(p.shape) for p in params]
    if shape is None:
        return np.broadcast_shapes(*shapes) if shapes else ()
    return _check_shape(name, _shape(name, shape), *shapes)


def _float_dtype(name, dtype):
    dt = np.dtype(
        dtypes.canonicalize_dtype(dtypes.default_float_dtype() if dtype is None else dtype)
    )
    if not dtypes.is_float(dt):
        raise ValueError(f"dtype argument to `{name}` must be a float dtype, got {dt}")
    return dt


def _int_dtype(name, dtype):
    dt = np.dtype(dtypes.canonicalize_dtype(dtypes.default_int_dtype() if dtype is None else dtype))
    if not dtypes.is_int(dt):
        raise TypeError(f"{name} only accepts integer dtypes, got {dt}")
    return dt


def _cast(v, dtype, shape=None):
    v = lax.convert_element_type(_jnp().asarray(v), dtype)
    return v if shape is None else _jnp().broadcast_to(v, shape)


# ---------------------------------------------------------------------------------------------
# Bits and uniform


def bits(key, shape=(), dtype=None) -> Array:
    """Uniform random unsigned integers (default uint32, uint64 under x64)."""
    key, _ = _check_key("bits", key)
    dtype = np.dtype(
        dtypes.default_uint_dtype() if dtype is None else dtypes.canonicalize_dtype(dtype)
    )
    if not np.issubdtype(dtype, np.unsignedinteger):
        raise ValueError(f"dtype argument to `bits` must be an unsigned int dtype, got {dtype}")
    return _random_bits(key, dtype.itemsize * 8, _shape("bits", shape))


def _uniform(key, shape, dtype, minval, maxval):
    finfo = dtypes.finfo(dtype)
    nbits, nmant = finfo.bits, finfo.nmant
    rng_bits = 8 if nmant < 8 else nbits
    b = _random_bits(key, rng_bits, shape)
    udt = _UINT[nbits]
    if rng_bits != nbits:
        b = lax.convert_element_type(b, udt)
    m = lax.shift_right_logical(b, _const(np.full(shape, rng_bits - nmant), udt))
    # bitcast(m | bits(1.0)) - 1.0 is exactly m * 2**-nmant
    floats = lax.mul(lax.convert_element_type(m, dtype), _const(np.full(shape, 2.0**-nmant), dtype))
    minval = _cast(minval, dtype)
    maxval = _cast(maxval, dtype)
    _check_shape("uniform", shape, minval.shape, maxval.shape)
    minval = _jnp().broadcast_to(minval, shape)
    maxval = _jnp().broadcast_to(maxval, shape)
    # XLA's CPU backend contracts `floats * (maxval - minval) + minval` into one fma in float32
    # and float64; in 16-bit floats the product and the sum are each rounded (checked against
    # JAX 0.10.2 on CPU).
    scale = lax.sub(maxval, minval)
    if finfo.bits == 16:
        return lax.max(minval, lax.add(lax.mul(floats, scale), minval))
    return lax.max(minval, fma(floats, scale, minval))


def uniform(key, shape=(), dtype=None, minval=0.0, maxval=1.0) -> Array:
    """Uniform floats in [minval, maxval); minval/maxval broadcast to `shape`."""
    key, _ = _check_key("uniform", key)
    return _uniform(key, _shape("uniform", shape), _float_dtype("uniform", dtype), minval, maxval)


# ---------------------------------------------------------------------------------------------
# Integers, permutations, choices


def _clip_int(val, dtype):
    """`val` converted to `dtype`, clipped to its range rather than wrapped."""
    vi, ti = dtypes.iinfo(val.dtype), dtypes.iinfo(dtype)
    lo, hi = max(ti.min, vi.min), min(ti.max, vi.max)
    return _jnp().clip(val, _const(lo, val.dtype), _const(hi, val.dtype)).astype(dtype)


def randint(key, shape, minval, maxval, dtype=None) -> Array:
    """Integers in [minval, maxval), by JAX's two-words-per-value modulus method."""
    key, _ = _check_key("randint", key)
    shape = _shape("randint", shape)
    dtype = _int_dtype("randint", dtype)
    jnp = _jnp()
    info = dtypes.iinfo(dtype)
    sample_dtype = dtype
    if info.bits < 32:  # sample narrow types in 32 bits, as JAX does, to limit the bias
        sample_dtype = np.dtype(np.int32)
        minval = jnp.asarray(minval).astype("int32").clip(int(info.min), int(info.max))
        maxval = jnp.asarray(maxval).astype("int32").clip(int(info.min), int(info.max) + 1)
    return _randint(key, shape, minval, maxval, sample_dtype).astype(dtype)


def _randint(key, shape, minval, maxval, dtype):
    jnp = _jnp()
    minval, maxval = jnp.asarray(minval), jnp.asarray(maxval)
    _check_shape("randint", shape, minval.shape, maxval.shape)
    if not dtypes.is_int(minval.dtype):
        minval = minval.astype(dtypes.default_int_dtype())
    if not dtypes.is_int(maxval.dtype):
        maxval = maxval.astype(dtypes.default_int_dtype())
    # maxval beyond dtype's range (randint(key, s, 0, 256, uint8)) widens the span by one
    out_of_range = maxval > _clip_int(_const(dtypes.iinfo(dtype).max, dtype), maxval.dtype)
    minval = jnp.broadcast_to(_clip_int(minval, dtype), shape)
    maxval = jnp.broadcast_to(_clip_int(maxval, dtype), shape)
    out_of_range = jnp.broadcast_to(out_of_range, shape)
    nbits = dtypes.iinfo(dtype).bits
    k1, k2 = _split2(key)
    higher = _random_bits(k1, nbits, shape)
    lower = _random_bits(k2, nbits, shape)
    udt = _UINT[nbits]
    one = _const(np.ones(shape), udt)
    span = lax.convert_element_type(lax.sub(maxval, minval), udt)
    span = lax.select(maxval <= minval, one, span)
    span = lax.select(out_of_range & (maxval > minval), lax.add(span, one), span)
    # (hi * 2**nbits + lo) % span, with 2**nbits % span as (2**(nbits/2) % span)**2 % span
    mult = lax.rem(_const(np.full(shape, 2 ** (nbits // 2)), udt), span)
    mult = lax.rem(lax.mul(mult, mult), span)
    off = lax.add(lax.mul(lax.rem(higher, span), mult), lax.rem(lower, span))
    off = lax.rem(off, span)
    return lax.add(minval, lax.convert_element_type(off, dtype))


def _shuffle(key, x, axis):
    # Sort by fresh 32-bit keys, repeated until ties are unlikely (JAX's round count).
    size = math.prod(x.shape)
    rounds = int(np.ceil(3 * np.log(max(1, size)) / np.log(np.iinfo(np.uint32).max)))
    for _ in range(rounds):
        key, sub = _split2(key)
        _, x = sort_key_val(_random_bits(sub, 32, x.shape), x, axis)
    return x


def _concrete_int(x, what):
    c = concrete_value(x)
    if c is None:
        from .errors import ConcretizationTypeError

        raise ConcretizationTypeError(
            f"Abstract tracer value encountered where concrete value is expected: {what} must "
            "be a concrete integer under jit (pass it as a static argument)."
        )
    return int(np.asarray(c))


def permutation(key, x, axis=0, independent=False) -> Array:
    """A shuffled arange(x) (int x) or `x` shuffled along `axis` (each slice independently if
    `independent`)."""
    key, _ = _check_key("permutation", key)
    jnp = _jnp()
    if not np.ndim(x):
        if not dtypes.is_int(
            get_aval(x).dtype if isinstance(x, (Array, Tracer)) else np.asarray(x).dtype
        ):
            raise TypeError("x must be an integer or at least 1-dimensional")
        n = _concrete_int(x, "permutation's `x`")
        return _shuffle(key, jnp.arange(n), 0)
    x = jnp.asarray(x)
    axis = _canonical_axis(axis, x.ndim)
    if independent or x.ndim == 1:
        return _shuffle(key, x, axis)
    ind = _shuffle(key, jnp.arange(x.shape[axis]), 0)
    return jnp.take(x, ind, axis)


def _canonical_axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def choice(key, a, shape=(), replace=True, p=None, axis=0, mode=None) -> Array:
    """Samples from `a` (or arange(a)) with or without replacement, optionally weighted by `p`."""
    key, _ = _check_key("choice", key)
    if not isinstance(shape, Sequence):
        raise TypeError(f"shape argument of jax.random.choice must be a sequence, got {shape}")
    jnp = _jnp()
    shape = tuple(shape)
    arr = jnp.asarray(a)
    if arr.ndim == 0:
        n_inputs = _concrete_int(a, "choice's `a`")
    else:
        axis = _canonical_axis(axis, arr.ndim)
        n_inputs = arr.shape[axis]
    n_draws = math.prod(shape)
    if n_draws == 0:
        return jnp.zeros(shape, dtype=arr.dtype)
    if n_inputs <= 0:
        raise ValueError("a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n_inputs:
        raise ValueError(
            f"Cannot take a larger sample (size {n_draws}) than population "
            f"(size {n_inputs}) when 'replace=False'"
        )
    if p is None:
        if replace:
            ind = randint(key, shape, 0, n_inputs)
            result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
        else:
            perm = permutation(key, n_inputs if arr.ndim == 0 else arr, axis)
            result = lax_slicing.slice_in_dim(perm, 0, n_draws, axis=axis if arr.ndim else 0)
    else:
        p_arr = jnp.asarray(p)
        if not dtypes.is_inexact(p_arr.dtype):
            p_arr = p_arr.astype(dtypes.default_float_dtype())
        if p_arr.shape != (n_inputs,):
            raise ValueError(
                "p must be None or a 1D vector with the same size as "
                f"a.shape[axis]. p has shape {p_arr.shape} and a.shape[axis] is "
                f"{n_inputs}."
            )
        if replace:
            p_cuml = jnp.cumsum(p_arr)
            r = p_cuml[-1] * (1 - uniform(key, shape, dtype=p_cuml.dtype))
            ind = jnp.searchsorted(p_cuml, r).astype(dtypes.default_int_dtype())
        else:
            # Gumbel top-k: the n_draws largest of log p + Gumbel noise
            g = gumbel(key, (n_inputs,), dtype=p_arr.dtype, mode=mode) + jnp.log(p_arr)
            ind = top_k(g, n_draws)[1].astype(dtypes.default_int_dtype())
        result = ind if arr.ndim == 0 else jnp.take(arr, ind, axis)
    return result.reshape(
        shape if arr.ndim == 0 else arr.shape[0:axis] + tuple(shape) + arr.shape[axis + 1 :]
    )


def categorical(key, logits, axis=-1, shape=None, replace=True, mode=None) -> Array:
    """Indices drawn from softmax(logits) along `axis` (Gumbel-max; Gumbel-top-k without
    replacement)."""
    key, _ = _check_key("categorical", key)
    jnp = _jnp()
    logits = jnp.asarray(logits)
    axis = _canonical_axis(axis, logits.ndim) - logits.ndim  # negative, as JAX counts it
    batch_shape = tuple(np.delete(logits.shape, axis))
    shape = (
        batch_shape
        if shape is None
        else _check_shape("categorical", _shape("categorical", shape), batch_shape)
    )
    prefix = shape[: len(shape) - len(batch_shape)]
    if replace:
        logits_shape = list(shape[len(shape) - len(batch_shape) :])
        logits_shape.insert(axis % logits.ndim, logits.shape[axis])
        g = gumbel(key, (*prefix, *logits_shape), logits.dtype, mode=mode)
        return jnp.argmax(g + lax_st.expand_dims(logits, tuple(range(len(prefix)))), axis=axis)
    noisy = logits + gumbel(key, logits.shape, logits.dtype, mode=mode)
    k = math.prod(prefix)
    if k > logits.shape[axis]:
        raise ValueError(
            f"Number of samples without replacement ({k}) cannot exceed number "
            f"of categories ({logits.shape[axis]})."
        )
    _, ind = top_k(jnp.moveaxis(noisy, axis, -1), k)
    # ind: batch_shape + (k,) -> prefix + batch_shape
    ind = jnp.moveaxis(ind, -1, 0)
    return ind.reshape(shape)


def bernoulli(key, p=0.5, shape=None, mode="low") -> Array:
    """Booleans that are True with probability `p`."""
    key, _ = _check_key("bernoulli", key)
    p = _jnp().asarray(p)
    dtype = p.dtype
    if not dtypes.is_float(dtype):
        raise TypeError(f"bernoulli probability `p` must have a floating dtype, got {dtype}.")
    shape = (
        p.shape if shape is None else _check_shape("bernoulli", _shape("bernoulli", shape), p.shape)
    )
    if mode == "high":
        u = _uniform(key, (2, *shape), dtype, 0.0, 1.0)
        u1, u2 = u[0], u[1] * (2.0 ** -dtypes.finfo(dtype).nmant)
        return u2 < p - u1
    return _uniform(key, shape, dtype, 0.0, 1.0) < p


def rademacher(key, shape=(), dtype=None) -> Array:
    """-1 or +1 with equal probability (integer dtype by default)."""
    key, _ = _check_key("rademacher", key)
    shape = _shape("rademacher", shape)
    dtype = np.dtype(
        dtypes.canonicalize_dtype(dtypes.default_int_dtype() if dtype is None else dtype)
    )
    b = bernoulli(key, 0.5, shape).astype(dtype)
    return (2 * b - 1).astype(dtype)


# ---------------------------------------------------------------------------------------------
# Continuous samplers


# XLA evaluates erf_inv by Giles' approximations (see lax/rng.py); doing the same makes float32
# normals match JAX's to the bit in ~99% of draws (else within 2 ulp), where the correctly
# rounded lax.erf_inv matches only ~35% (float64: ~90% instead of ~35%).


@custom_jvp
def _erf_inv_giles(x):
    shape, dtype = x.shape, x.dtype

    def full(v):
        return _const(np.full(shape, v), dtype)

    w = lax.neg(lax.log1p(lax.neg(lax.mul(x, x))))
    branches = GILES[dtype]
    out = None
    for i, (upper, shift, coeffs) in reversed(list(enumerate(branches))):
        t = lax.sub(w if i == 0 else lax.sqrt(w), full(shift))
        p = full(coeffs[0])
        for c in coeffs[1:]:
            p = fma(p, t, full(c)) if dtype == np.float32 else lax.add(lax.mul(p, t), full(c))
        # branches are checked from the last: each lower branch overrides where w is below it
        out = p if out is None else lax.select(lax.lt(w, full(upper)), p, out)
    out = lax.mul(out, x)
    inf = lax.select(lax.gt(x, full(0.0)), full(np.inf), full(-np.inf))
    return lax.select(lax.eq(lax.abs(x), full(1.0)), inf, out)


@_erf_inv_giles.defjvp
def _erf_inv_giles_jvp(primals, tangents):
    # the derivative of erf_inv itself (as lax.erf_inv's rule), not of the polynomial: the
    # branches' sqrt(w) and the select would give 0 * inf = nan in reverse mode
    (x,), (t,) = primals, tangents
    ans = _erf_inv_giles(x)
    return ans, t * (np.sqrt(np.pi) / 2).astype(x.dtype) * lax.exp(lax.mul(ans, ans))


def _erf(x):
    if x.dtype in (np.float16, dtypes.bfloat16):  # as XLA: in float32, rounded once
        return lax.convert_element_type(lax.erf(lax.convert_element_type(x, np.float32)), x.dtype)
    return lax.erf(x)


def _erf_inv(u):
    if u.dtype in (np.float16, dtypes.bfloat16):
        # XLA evaluates erf_inv of a 16-bit float in float32, rounding once at the end
        f32 = _erf_inv(lax.convert_element_type(u, np.float32))
        return lax.convert_element_type(f32, u.dtype)
    if u.dtype not in GILES:
        return lax.erf_inv(u)
    if type(u) is Array:  # eager fast path: the same arithmetic as one NumPy kernel
        return Array(np_erf_inv(u._value), False)
    return _erf_inv_giles(u)


def _normal_real(key, shape, dtype):
    lo = np.nextafter(np.array(-1.0, dtype), np.array(0.0, dtype))
    u = _uniform(key, shape, dtype, lo, 1.0)
    return lax.mul(_const(np.full(shape, np.sqrt(2)), dtype), _erf_inv(u))


def _normal(key, shape, dtype):
    if dtypes.is_complex(dtype):
        kr, ki = _split2(key)
        rdt = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
        re = _normal_real(kr, shape, rdt).astype(dtype)
        im = _normal_real(ki, shape, rdt).astype(dtype)
        return (re + 1j * im) / _const(np.sqrt(2), dtype)
    return _normal_real(key, shape, dtype)


def normal(key, shape=(), dtype=None) -> Array:
    """Standard normal floats (complex dtypes: real and imaginary parts each of variance 1/2)."""
    key, _ = _check_key("normal", key)
    dt = np.dtype(
        dtypes.canonicalize_dtype(dtypes.default_float_dtype() if dtype is None else dtype)
    )
    if not dtypes.is_inexact(dt):
        raise ValueError(f"dtype argument to `normal` must be a float or complex dtype, got {dt}")
    return _normal(key, _shape("normal", shape), dt)


def truncated_normal(key, lower, upper, shape=None, dtype=None) -> Array:
    """Normal samples conditioned on lower < x < upper (inverse-CDF method)."""
    key, _ = _check_key("truncated_normal", key)
    dtype = _float_dtype("truncated_normal", dtype)
    shape = _param_shape("truncated_normal", shape, lower, upper)
    sqrt2 = _const(np.sqrt(2), dtype)
    lower, upper = _cast(lower, dtype), _cast(upper, dtype)
    a = _erf(lower / sqrt2)
    b = _erf(upper / sqrt2)
    out = sqrt2 * _erf_inv(_uniform(key, shape, dtype, a, b))
    lower = _jnp().broadcast_to(stop_gradient(lower), shape)
    upper = _jnp().broadcast_to(stop_gradient(upper), shape)
    # clamp into the open interval: rounding may land exactly on a bound
    lo = lax.nextafter(lower, _const(np.full(shape, np.inf), dtype))
    hi = lax.nextafter(upper, _const(np.full(shape, -np.inf), dtype))
    if dtype != np.float16:
        # XLA's CPU arithmetic flushes subnormals to zero (float16 is computed in float32,
        # where its subnormals are normal): a bound of 0 moved to the nearest subnormal still
        # clamps to 0 there.
        lo, hi = _flush_subnormal(lo), _flush_subnormal(hi)
    return _jnp().clip(out, lo, hi)


def _flush_subnormal(x):
    tiny = _const(np.full(x.shape, dtypes.finfo(x.dtype).tiny), x.dtype)
    return lax.select(lax.lt(lax.abs(x), tiny), lax.mul(x, _const(np.zeros(x.shape), x.dtype)), x)


def exponential(key, shape=(), dtype=None) -> Array:
    key, _ = _check_key("exponential", key)
    shape, dtype = _shape("exponential", shape), _float_dtype("exponential", dtype)
    u = _uniform(key, shape, dtype, 0.0, 1.0)
    return lax.neg(lax.log1p(lax.neg(u)))


def gumbel(key, shape=(), dtype=None, mode=None) -> Array:
    """Standard Gumbel samples; mode "high"/"highest" spends two words per sample on the
    upper tail (JAX's float32 "highest" bit trick is computed as "high" here)."""
    key, _ = _check_key("gumbel", key)
    shape, dtype = _shape("gumbel", shape), _float_dtype("gumbel", dtype)
    if mode not in (None, "low", "high", "highest"):
        raise ValueError(f"Must provide valid mode for gumbel got: {mode}")
    jnp = _jnp()
    info = dtypes.finfo(dtype)
    if mode == "highest" and dtype == np.float32:
        return _gumbel_highest_f32(key, shape)
    if mode in ("high", "highest"):
        u = _uniform(key, (2, *shape), dtype, 0.0, 1.0)
        high, low = u[0], u[1]
        x = jnp.where(high >= 0.5, high, high + 2 ** (-info.nmant) * low + float(info.tiny))
        return -jnp.log(-jnp.log1p(-x))
    u = _uniform(key, shape, dtype, float(info.tiny), 1.0)
    return -jnp.log(-jnp.log(u))


def _u64_to_open_unit_f32(hi, lo):
    """The 64-bit fixed-point fraction (hi, lo) / 2**64 in (0, 1) as float32, normalizing on
    the leading one so that small values keep full precision (JAX's bit construction)."""

    def full(v):
        return _u32(np.full(hi.shape, v))

    hi_clz, lo_clz = lax.clz(hi), lax.clz(lo)
    hi_zero = lax.eq(hi_clz, full(32))
    # shifts by 32 give 0, as XLA's do
    low_part = lax.select(
        hi_zero, lax.shift_left(lo, lo_clz), lax.shift_right_logical(lo, lax.sub(full(32), hi_clz))
    )
    mantissa = lax.bitwise_or(lax.shift_left(hi, hi_clz), low_part)
    mantissa = lax.bitwise_and(lax.shift_right_logical(mantissa, full(8)), full((1 << 23) - 1))
    lead = lax.select(hi_zero, lax.add(lo_clz, full(32)), hi_clz)
    exponent = lax.shift_left(lax.sub(full(126), lead), full(23))
    exponent = lax.bitwise_and(exponent, full((1 << 30) - (1 << 22)))
    return bitcast_convert_type(lax.bitwise_or(exponent, mantissa), np.float32)


def _gumbel_highest_f32(key, shape):
    # u in (0, 1) from 64 random bits; the half below 1/2 is read as 1 - u, so that both
    # tails are resolved finely (log1p(-u) near 0, log(u) near 1).
    jnp = _jnp()
    bits = _random_bits(key, 32, (2, *shape))
    hi, lo = bits[0], bits[1]
    nhi, nlo = lax.bitwise_not(hi), lax.bitwise_not(lo)
    max32 = _u32(np.full(shape, 0xFFFFFFFF))
    nhi = lax.add(nhi, lax.convert_element_type(lax.eq(nlo, max32), _U32))
    nlo = lax.add(nlo, _u32(np.ones(shape)))
    flip = lax.lt(hi, _u32(np.full(shape, 1 << 31)))
    x = _u64_to_open_unit_f32(lax.select(flip, hi, nhi), lax.select(flip, lo, nlo))
    return jnp.where(flip, -jnp.log(-jnp.log1p(-x)), -jnp.log(-jnp.log(x)))


def laplace(key, shape=(), dtype=None) -> Array:
    key, _ = _check_key("laplace", key)
    shape, dtype = _shape("laplace", shape), _float_dtype("laplace", dtype)
    u = _uniform(key, shape, dtype, -1.0 + float(dtypes.finfo(dtype).epsneg), 1.0)
    return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))))


def logistic(key, shape=(), dtype=None) -> Array:
    key, _ = _check_key("logistic", key)
    shape, dtype = _shape("logistic", shape), _float_dtype("logistic", dtype)
    x = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).tiny), 1.0)
    return lax.sub(lax.log(x), lax.log1p(lax.neg(x)))


def cauchy(key, shape=(), dtype=None) -> Array:
    key, _ = _check_key("cauchy", key)
    shape, dtype = _shape("cauchy", shape), _float_dtype("cauchy", dtype)
    u = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).eps), 1.0)
    return lax.tan(
        lax.mul(
            _const(np.full(shape, np.pi), dtype), lax.sub(u, _const(np.full(shape, 0.5), dtype))
        )
    )


def maxwell(key, shape=(), dtype=None) -> Array:
    key, _ = _check_key("maxwell", key)
    shape, dtype = _shape("maxwell", shape), _float_dtype("maxwell", dtype)
    return _jnp().linalg.norm(_normal(key, (*shape, 3), dtype), axis=-1)


def double_sided_maxwell(key, loc, scale, shape=(), dtype=None) -> Array:
    key, _ = _check_key("double_sided_maxwell", key)
    shape, dtype = (
        _shape("double_sided_maxwell", shape),
        _float_dtype("double_sided_maxwell", dtype),
    )
    params_shape = np.broadcast_shapes(np.shape(loc), np.shape(scale))
    shape = (shape or params_shape) + params_shape
    k1, k2 = _split2(key)
    return rademacher(k2, shape, dtype) * maxwell(k1, shape, dtype) * scale + loc


def weibull_min(key, scale, concentration, shape=(), dtype=None) -> Array:
    key, _ = _check_key("weibull_min", key)
    shape, dtype = _shape("weibull_min", shape), _float_dtype("weibull_min", dtype)
    u = _uniform(key, shape, dtype, 0.0, 1.0)
    jnp = _jnp()
    return jnp.power(-jnp.log1p(-u), 1.0 / concentration) * scale


def pareto(key, b, shape=None, dtype=None) -> Array:
    key, _ = _check_key("pareto", key)
    dtype = _float_dtype("pareto", dtype)
    shape = _param_shape("pareto", shape, b)
    return lax.exp(exponential(key, shape, dtype) / _cast(b, dtype, shape))


def rayleigh(key, scale, shape=None, dtype=None) -> Array:
    key, _ = _check_key("rayleigh", key)
    dtype = _float_dtype("rayleigh", dtype)
    shape = _param_shape("rayleigh", shape, scale)
    u = _uniform(key, shape, dtype, 0.0, 1.0)
    return _cast(scale, dtype, shape) * lax.sqrt(lax.log(u) * _const(np.full(shape, -2), dtype))


def wald(key, mean, shape=None, dtype=None) -> Array:
    key, _ = _check_key("wald", key)
    dtype = _float_dtype("wald", dtype)
    shape = _param_shape("wald", shape, mean)
    k1, k2 = _split2(key)
    mean = _cast(mean, dtype, shape)
    v = _normal_real(k1, shape, dtype)
    z = _uniform(k2, shape, dtype, 0.0, 1.0)
    y = v * v
    mean_sq = mean * mean
    x = mean + mean_sq * y / 2 - mean / 2 * lax.sqrt(4 * mean * y + mean_sq * (y * y))
    return lax.select(z <= mean / (mean + x), x, mean_sq / x)


def geometric(key, p, shape=None, dtype=None) -> Array:
    """Trials up to and including the first success (integer dtype)."""
    key, _ = _check_key("geometric", key)
    dtype = _int_dtype("geometric", dtype)
    shape = _param_shape("geometric", shape, p)
    jnp = _jnp()
    p = jnp.asarray(p)
    if not dtypes.is_inexact(p.dtype):
        p = p.astype(dtypes.default_float_dtype())
    u = _uniform(key, shape, p.dtype, 0.0, 1.0)
    u = jnp.where(u == 0, 1, u)  # as JAX: u = 0 maps to 1 (no infinite log)
    g = lax.floor(lax.log(u) / jnp.broadcast_to(lax.log1p(-p), shape)) + 1
    return g.astype(dtype)


def triangular(key, left, mode, right, shape=None, dtype=None) -> Array:
    key, _ = _check_key("triangular", key)
    dtype = _float_dtype("triangular", dtype)
    shape = _param_shape("triangular", shape, left, mode, right)
    left, mode, right = (_cast(v, dtype, shape) for v in (left, mode, right))
    fc = (mode - left) / (right - left)
    u = _uniform(key, shape, dtype, 0.0, 1.0)
    out1 = left + lax.sqrt(u * (right - left) * (mode - left))
    out2 = right - lax.sqrt((1 - u) * (right - left) * (right - mode))
    return lax.select(u < fc, out1, out2)


def lognormal(key, sigma=1.0, shape=None, dtype=None) -> Array:
    key, _ = _check_key("lognormal", key)
    dtype = _float_dtype("lognormal", dtype)
    shape = _param_shape("lognormal", shape, sigma)
    return lax.exp(_normal_real(key, shape, dtype) * _cast(sigma, dtype, shape))


def multivariate_normal(key, mean, cov, shape=None, dtype=None, method="cholesky") -> Array:
    """mean + factor @ z with factor from cholesky (default), eigh or svd of `cov`."""
    key, _ = _check_key("multivariate_normal", key)
    jnp = _jnp()
    mean, cov = jnp.asarray(mean), jnp.asarray(cov)
    ftype = dtypes.default_float_dtype()
    if not dtypes.is_inexact(mean.dtype):
        mean = mean.astype(ftype)
    if not dtypes.is_inexact(cov.dtype):
        cov = cov.astype(ftype)
    if method not in {"svd", "eigh", "cholesky"}:
        raise ValueError("method must be one of {'svd', 'eigh', 'cholesky'}")
    dtype = mean.dtype if dtype is None else np.dtype(dtypes.canonicalize_dtype(dtype))
    if not dtypes.is_float(dtype):
        raise ValueError(
            f"dtype argument to `multivariate_normal` must be a float dtype, got {dtype}"
        )
    if mean.ndim < 1:
        raise ValueError(
            f"multivariate_normal requires mean.ndim >= 1, got mean.ndim == {mean.ndim}"
        )
    if cov.ndim < 2:
        raise ValueError(f"multivariate_normal requires cov.ndim >= 2, got cov.ndim == {cov.ndim}")
    n = mean.shape[-1]
    if cov.shape[-2:] != (n, n):
        raise ValueError(
            f"multivariate_normal requires cov.shape == (..., n, n) for n={n}, "
            f"but got cov.shape == {cov.shape}."
        )
    if shape is None:
        shape = np.broadcast_shapes(mean.shape[:-1], cov.shape[:-2])
    else:
        shape = _check_shape(
            "normal", _shape("multivariate_normal", shape), mean.shape[:-1], cov.shape[:-2]
        )
    factor = _mvn_factor(cov, method)
    z = _normal(key, shape + (n,), dtype)
    return mean + jnp.einsum("...ij,...j->...i", factor, z)


def _mvn_factor(cov, method):
    jnp = _jnp()
    if method == "svd":
        u, s, _ = jnp.linalg.svd(cov)
        return u * jnp.sqrt(s[..., None, :])
    if method == "eigh":
        w, v = jnp.linalg.eigh(cov)
        return v * jnp.sqrt(w[..., None, :])
    return jnp.linalg.cholesky(cov)


def orthogonal(key, n, shape=(), dtype=None, m=None) -> Array:
    """A Haar-random n x m matrix with orthonormal columns (rows when n < m): QR of a normal
    matrix with R's diagonal signs moved into Q."""
    key, _ = _check_key("orthogonal", key)
    shape, dtype = _shape("orthogonal", shape), _float_dtype("orthogonal", dtype)
    n = operator.index(n)
    m = n if m is None else operator.index(m)
    jnp = _jnp()
    z = _normal(key, (*shape, max(n, m), min(n, m)), dtype)
    q, r = jnp.linalg.qr(z)
    d = jnp.diagonal(r, 0, -2, -1)
    x = q * jnp.expand_dims(jnp.sign(d), -2)
    return jnp.swapaxes(x, -1, -2) if n < m else x


def ball(key, d, p=2, shape=(), dtype=None) -> Array:
    """Uniform samples from the unit p-norm ball in d dimensions."""
    key, _ = _check_key("ball", key)
    shape, dtype = _shape("ball", shape), _float_dtype("ball", dtype)
    d = operator.index(d)
    k1, k2 = _split2(key)
    g = generalized_normal(k1, p, (*shape, d), dtype)
    e = exponential(k2, shape, dtype)
    jnp = _jnp()
    return g / jnp.expand_dims((jnp.sum(jnp.abs(g) ** p, axis=-1) + e) ** (1 / p), -1)


# ---------------------------------------------------------------------------------------------
# Gamma family


def _gamma(key, a, shape, dtype, log_space=False, name="gamma"):
    shape = _param_shape(name, shape, a)
    a = _cast(a, dtype)
    if a.shape != shape:
        a = _jnp().broadcast_to(a, shape)
    return random_gamma(key, a, log_space=log_space, partitionable=_partitionable())


def gamma(key, a, shape=None, dtype=None) -> Array:
    """Gamma(a, 1) samples (Marsaglia-Tsang); differentiable in `a` by implicit
    reparameterization."""
    key, _ = _check_key("gamma", key)
    return _gamma(key, a, shape, _float_dtype("gamma", dtype))


def loggamma(key, a, shape=None, dtype=None) -> Array:
    """log of Gamma(a, 1) samples, accurate for small `a` where the samples underflow."""
    key, _ = _check_key("loggamma", key)
    return _gamma(key, a, shape, _float_dtype("gamma", dtype), log_space=True)


def beta(key, a, b, shape=None, dtype=None) -> Array:
    key, _ = _check_key("beta", key)
    dtype = _float_dtype("beta", dtype)
    shape = _param_shape("beta", shape, a, b)
    ka, kb = _split2(key)
    lga = _gamma(ka, a, shape, dtype, True)
    lgb = _gamma(kb, b, shape, dtype, True)
    # ga / (ga + gb) from the logs without overflow or underflow
    mx = lax.max(lga, lgb)
    ga, gb = lax.exp(lga - mx), lax.exp(lgb - mx)
    return ga / (ga + gb)


def dirichlet(key, alpha, shape=None, dtype=None) -> Array:
    key, _ = _check_key("dirichlet", key)
    dtype = _float_dtype("dirichlet", dtype)
    jnp = _jnp()
    alpha = jnp.asarray(alpha)
    if alpha.ndim < 1:
        raise ValueError(f"dirichlet requires alpha.ndim >= 1, got alpha.ndim == {alpha.ndim}")
    if shape is None:
        shape = alpha.shape[:-1]
    else:
        shape = _check_shape("dirichlet", _shape("dirichlet", shape), alpha.shape[:-1])
    lg = _gamma(key, alpha, shape + alpha.shape[-1:], dtype, True)
    from . import nn

    return nn.softmax(lg, axis=-1)


def t(key, df, shape=None, dtype=None) -> Array:
    key, _ = _check_key("t", key)
    dtype = _float_dtype("t", dtype)
    shape = _param_shape("t", shape, df)
    kn, kg = _split2(key)
    n = _normal_real(kn, shape, dtype)
    half_df = _cast(df, dtype) / 2
    g = _gamma(kg, half_df, shape, dtype)
    return n * _jnp().sqrt(half_df / g)


def chisquare(key, df, shape=None, dtype=None) -> Array:
    key, _ = _check_key("chisquare", key)
    dtype = _float_dtype("chisquare", dtype)
    shape = _param_shape("chisquare", shape, df)
    half_df = _cast(df, dtype) / 2
    return _jnp().exp(_gamma(key, half_df, shape, dtype, True)) * 2


def f(key, dfnum, dfden, shape=None, dtype=None) -> Array:
    key, _ = _check_key("f", key)
    dtype = _float_dtype("f", dtype)
    shape = _param_shape("f", shape, dfnum, dfden)
    kd, kn = _split2(key)
    dfnum, dfden = _cast(dfnum, dtype), _cast(dfden, dtype)
    return (chisquare(kn, dfnum, shape, dtype) / dfnum) / (
        chisquare(kd, dfden, shape, dtype) / dfden
    )


def generalized_normal(key, p, shape=(), dtype=None) -> Array:
    key, _ = _check_key("generalized_normal", key)
    shape = _shape("generalized_normal", shape)
    dtype = _float_dtype("generalized_normal", dtype)
    k0, k1 = _split2(key)
    g = _gamma(k0, 1 / p, shape, dtype)
    r = rademacher(k1, shape, dtype)
    return r * g ** (1 / p)


# ---------------------------------------------------------------------------------------------
# Poisson: Knuth's product of uniforms for lam < 10, Hormann's transformed rejection above,
# each a while_loop until every element is done.


def _poisson_knuth(key, lam, shape, dtype):
    jnp = _jnp()

    def body(carry):
        k, rng, log_prod = carry
        rng, sub = _split2(rng)
        k = lax.select(log_prod > -lam, k + 1, k)
        return k, rng, log_prod + jnp.log(_uniform(sub, shape, np.dtype(np.float32), 0.0, 1.0))

    init = (jnp.zeros(shape, dtype), key, jnp.zeros(shape, np.float32))
    k = while_loop(lambda c: jnp.any(c[2] > -lam), body, init)[0]
    return (k - 1).astype(dtype)


def _poisson_rejection(key, lam, shape, dtype):
    jnp = _jnp()
    log_lam = lax.log(lam)
    b = 0.931 + 2.53 * lax.sqrt(lam)
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2)

    def body(carry):
        k_out, accepted, rng = carry
        rng, k0, k1 = _split2(rng, 3)
        u = _uniform(k0, shape, lam.dtype, 0.0, 1.0) - 0.5
        v = _uniform(k1, shape, lam.dtype, 0.0, 1.0)
        us = 0.5 - jnp.abs(u)
        k = lax.floor((2 * a / us + b) * u + lam + 0.43)
        s = lax.log(v * inv_alpha / (a / (us * us) + b))
        tt = -lam + k * log_lam - lax.lgamma(k + 1)
        accept1 = (us >= 0.07) & (v <= v_r)
        reject = (k < 0) | ((us < 0.013) & (v > us))
        accept = accept1 | (~reject & (s <= tt))
        return lax.select(accept, k, k_out), accepted | accept, rng

    init = (jnp.full(shape, -1, lam.dtype), jnp.zeros(shape, bool), key)
    k = while_loop(lambda c: jnp.any(~c[1]), body, init)[0]
    return k.astype(dtype)


def poisson(key, lam, shape=None, dtype=None) -> Array:
    """Poisson samples with rate `lam` (JAX's algorithms: Knuth below 10, rejection above)."""
    key, _ = _check_key("poisson", key)
    dtype = _int_dtype("poisson", dtype)
    shape = _param_shape("poisson", shape, lam)
    jnp = _jnp()
    lam = jnp.broadcast_to(_cast(lam, np.float32), shape)
    use_knuth = jnp.isnan(lam) | (lam < 10)
    lam_knuth = lax.select(use_knuth, lam, jnp.zeros_like(lam))
    # rejection's acceptance rate tends to 89% for large lam, so any large rate is a safe filler
    lam_rej = lax.select(use_knuth, jnp.full_like(lam, 1e5), lam)
    with np.errstate(divide="ignore", invalid="ignore"):  # rejected candidates divide by 0
        result = lax.select(
            use_knuth,
            _poisson_knuth(key, lam_knuth, shape, dtype),
            _poisson_rejection(key, lam_rej, shape, dtype),
        )
    return lax.select(lam == 0, jnp.zeros_like(result), result)


# ---------------------------------------------------------------------------------------------
# Binomial: inversion by summed geometric waiting times when n * min(p, 1 - p) <= 10, else
# Hormann's BTRS rejection; multinomial as successive conditional binomials (a scan).

_STIRLING_TAIL = np.array(
    [
        0.0810614667953272,
        0.0413406959554092,
        0.0276779256849983,
        0.02079067210376509,
        0.0166446911898211,
        0.0138761288230707,
        0.0118967099458917,
        0.0104112652619720,
        0.00925546218271273,
        0.00833056343336287,
    ]
)


def _stirling_tail(k):
    """log(k!) minus its Stirling approximation: a table for k <= 9, the series above."""
    jnp = _jnp()
    kc = jnp.clip(k, 0.0, 9.0)
    kp1sq = (kc + 1) * (kc + 1)
    approx = (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (kc + 1)
    table = jnp.take(Array(_STIRLING_TAIL.astype(k.dtype), False), jnp.floor(kc).astype(np.int32))
    return lax.select(k <= 9, table, approx)


def _binomial_inversion(key, count, prob, shape, dtype):
    jnp = _jnp()
    log1mp = jnp.log1p(-prob)

    def body(carry):
        num_geom, geom_sum, rng = carry
        sub, rng = _split2(rng)
        num_geom = lax.select(geom_sum <= count, num_geom + 1, num_geom)
        u = _uniform(sub, shape, prob.dtype, 0.0, 1.0)
        return num_geom, geom_sum + jnp.ceil(jnp.log(u) / log1mp), rng

    init = (jnp.zeros(shape, prob.dtype), jnp.zeros(shape, prob.dtype), key)
    k = while_loop(lambda c: jnp.any(c[1] <= count), body, init)[0]
    return (k - 1).astype(dtype)


def _btrs(key, count, prob, shape, dtype):
    jnp = _jnp()
    stddev = jnp.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = jnp.floor((count + 1) * prob)

    def body(carry):
        k_out, accepted, rng = carry
        rng, k0, k1 = _split2(rng, 3)
        u = _uniform(k0, shape, prob.dtype, 0.0, 1.0) - 0.5
        v = _uniform(k1, shape, prob.dtype, 0.0, 1.0)
        us = 0.5 - jnp.abs(u)
        accept1 = (us >= 0.07) & (v <= v_r)
        k = jnp.floor((2 * a / us + b) * u + c)
        reject = (k < 0) | (k > count)
        v = jnp.log(v * alpha / (a / (us * us) + b))
        ub = (
            (m + 0.5) * jnp.log((m + 1) / (r * (count - m + 1)))
            + (count + 1) * jnp.log((count - m + 1) / (count - k + 1))
            + (k + 0.5) * jnp.log(r * (count - k + 1) / (k + 1))
            + _stirling_tail(m)
            + _stirling_tail(count - m)
            - _stirling_tail(k)
            - _stirling_tail(count - k)
        )
        accept = accept1 | (~reject & (v <= ub))
        return lax.select(accept, k, k_out), accepted | accept, rng

    init = (jnp.full(shape, -1, prob.dtype), jnp.zeros(shape, bool), key)
    return while_loop(lambda c: jnp.any(~c[1]), body, init)[0].astype(dtype)


def binomial(key, n, p, shape=None, dtype=None) -> Array:
    """Binomial(n, p) counts as floats (JAX returns a float dtype); nan for invalid n or p."""
    key, _ = _check_key("binomial", key)
    dtype = _float_dtype("binomial", dtype)
    shape = _param_shape("binomial", shape, n, p)
    jnp = _jnp()
    prob = jnp.asarray(p)
    if not dtypes.is_inexact(prob.dtype):
        prob = prob.astype(dtypes.default_float_dtype())
    count = jnp.broadcast_to(lax.convert_element_type(jnp.asarray(n), prob.dtype), shape)
    prob = jnp.broadcast_to(prob, shape)
    p_lt_half = prob < 0.5
    q = lax.select(p_lt_half, prob, 1.0 - prob)
    count_bad = jnp.isnan(count) | (count < 0.0)
    count_inf = jnp.isinf(count)
    q_nan, q_neg = jnp.isnan(q), q < 0.0
    q = lax.select(q_nan | q_neg, jnp.full_like(q, 0.01), q)
    use_inversion = count_bad | (count * q <= 10.0)
    count = jnp.floor(count)
    count_inv = lax.select(use_inversion, count, jnp.zeros_like(count))
    count_btrs = lax.select(use_inversion, jnp.full_like(count, 1e4), count)
    q_btrs = lax.select(use_inversion, jnp.full_like(q, 0.5), q)
    with np.errstate(divide="ignore", invalid="ignore"):  # rejected candidates divide by 0
        samples = lax.select(
            use_inversion,
            _binomial_inversion(key, count_inv, q, shape, dtype),
            _btrs(key, count_btrs, q_btrs, shape, dtype),
        )
    invalid = q_neg | q_nan | count_bad
    samples = lax.select(invalid, jnp.full_like(samples, np.nan), samples)
    samples = lax.select(count_inf & ~invalid, jnp.full_like(samples, np.inf), samples)
    return lax.select(
        p_lt_half | count_bad | q_nan | count_inf, samples, count.astype(dtype) - samples
    )


def multinomial(key, n, p, *, shape=None, dtype=None, unroll=1) -> Array:
    """Counts over the last axis of `p` from `n` trials: one binomial per outcome on what the
    earlier outcomes left."""
    key, _ = _check_key("multinomial", key)
    dtype = _float_dtype("multinomial", dtype)
    jnp = _jnp()
    n, p = jnp.asarray(n), jnp.asarray(p)
    ftype = np.promote_types(
        dtypes.default_float_dtype() if dtypes.is_int(n.dtype) else n.dtype,
        p.dtype if dtypes.is_inexact(p.dtype) else dtypes.default_float_dtype(),
    )
    n, p = n.astype(ftype), p.astype(ftype)
    shape = p.shape if shape is None else _shape("multinomial", shape)
    n = jnp.broadcast_to(n, shape[:-1])
    p = jnp.moveaxis(jnp.broadcast_to(p, shape), -1, 0)
    remaining = jnp.flip(jnp.cumsum(jnp.flip(p, 0), 0), 0)
    ratios = p / jnp.where(remaining == 0, 1, remaining)
    keys = _split(key, (ratios.shape[0],))
    counts = []
    for i in range(ratios.shape[0]):  # static outcome count: a Python loop stages the scan
        c = binomial(keys[i], n, jnp.clip(ratios[i], 0, 1), dtype=n.dtype)
        counts.append(c)
        n = n - c
    return jnp.moveaxis(jnp.stack(counts), 0, -1).astype(dtype)
