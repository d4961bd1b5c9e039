"""jax.random on numjax: threefry2x32 keys and samplers, bit-compatible with JAX 0.10.2.

Keys are legacy raw uint32[..., 2] arrays. `key(seed)` returns the same raw data as
`PRNGKey(seed)` (numjax has no typed key dtype yet; JAX gives identical numbers for both).
Everything is written with numjax operations, so it works under jit, vmap and grad.
`config.jax_threefry_partitionable` (default True) selects JAX's split/bits scheme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import dtypes
from .array import Array
from .config import config
from .core import Tracer, concrete_value, get_aval
from .lax import elementwise as lax
from .lax import reductions as lax_red
from .lax import structural as lax_st
from .lax.rng import fma, random_gamma, sort_key_val, threefry2x32
from .numpy import creation, lax_numpy, reductions, shape_ops, ufuncs

_U32 = np.dtype(np.uint32)


def _u32(v):
    return Array(np.asarray(v, np.uint32), False)


# numjax's lax.slice impl is currently broken (its module shadows the builtin `slice`), so
# static slicing here goes through a one-hot select-and-sum (exact, jit/vmap friendly).
def _sl(x, start, stop, axis=0):
    x = creation.asarray(x)
    n = x.shape[axis]
    start, stop, _ = slice(start, stop).indices(n)
    m = max(stop - start, 0)
    xm = shape_ops.moveaxis(x, axis, 0)
    sel = np.arange(n)[None, :] == (np.arange(m) + start)[:, None]
    sel = Array(sel.reshape(sel.shape + (1,) * (xm.ndim - 1)), False)
    xb = lax_st.broadcast_in_dim(xm, (m, *xm.shape), tuple(range(1, xm.ndim + 1)))
    picked = lax_numpy.where(sel, xb, creation.zeros((), x.dtype))
    # reduce_sum of uint32/int32 currently yields 64-bit values (core bug): cast back.
    out = lax.convert_element_type(lax_red.reduce_sum(picked, (1,)), x.dtype)
    return shape_ops.moveaxis(out, 0, axis)


def _at(x, i, axis=0):
    x = creation.asarray(x)
    i = i % x.shape[axis]
    return shape_ops.squeeze(_sl(x, i, i + 1, axis), axis)


def _unpack(x):
    return [_at(x, i) for i in range(x.shape[0])]


def _partitionable():
    return bool(config.read("jax_threefry_partitionable"))


# ---------------------------------------------------------------------------------------------
# Keys


def _check_key(name, key, allow_batched=False):
    if not (isinstance(key, (Array, Tracer, np.ndarray))):
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data to have "
                        f"ndim, shape, and dtype attributes. Got {key}")
    aval = get_aval(key)
    if aval.dtype != _U32:
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data.dtype = "
                        f"uint32; got dtype={aval.dtype.name}")
    if aval.shape[-1:] != (2,):
        raise TypeError("JAX encountered invalid PRNG key data: expected key_data.shape to "
                        f"end with (2,); got shape={aval.shape} for impl=PRNGImpl(key_shape=(2,),"
                        " seed=<function threefry_seed at 0x...>, split=<function threefry_split"
                        " at 0x...>, random_bits=<function threefry_random_bits at 0x...>, "
                        "fold_in=<function threefry_fold_in at 0x...>, name='threefry2x32', "
                        "tag='fry')")
    if not allow_batched and aval.ndim > 1:
        raise ValueError(f"{name} accepts a single key, but was given a key array of shape "
                         f"{aval.shape[:-1]} != (). Use jax.vmap for batching.")
    if isinstance(key, np.ndarray):
        key = Array(key, False)
    return key


def _seed_words(seed):
    """(hi, lo) of a concrete integer seed, following JAX's canonicalization rules."""
    x64 = config.x64_enabled
    if isinstance(seed, (bool, np.bool_)):
        seed = int(seed)
    if isinstance(seed, int):
        if not -2**63 <= seed < 2**63:
            raise OverflowError("Python int too large to convert to C long")
        wide = x64
        v = seed % 2**64
    else:
        arr = np.asarray(seed)
        if not np.issubdtype(arr.dtype, np.integer):
            raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
        wide = x64 and arr.dtype.itemsize == 8
        v = int(arr) % 2**64
    if not wide:
        return 0, v & 0xFFFFFFFF
    return v >> 32, v & 0xFFFFFFFF


def PRNGKey(seed, *, impl=None) -> Array:
    """A legacy uint32[2] key from an integer seed: [hi, lo] of the seed."""
    if isinstance(seed, (Array, Tracer)) or hasattr(seed, "shape"):
        aval = get_aval(seed)
        if aval.ndim:
            raise TypeError("PRNGKey accepts a scalar seed, but was given an array of shape "
                            f"{aval.shape} != (). Use jax.vmap for batching")
        if not dtypes.is_int(aval.dtype):
            raise TypeError(f"PRNG key seed must be an integer; got JitTracer(~{aval.str_short()})")
        c = concrete_value(seed) if isinstance(seed, (Array, Tracer)) else seed
        if c is None:
            # traced seed: hi word from 64-bit seeds, lo word as the low 32 bits
            lo = lax.convert_element_type(seed, _U32)
            if aval.dtype.itemsize == 8:
                hi = lax.convert_element_type(
                    lax.shift_right_logical(seed, lax_helpers_scalar(seed, 32)), _U32)
            else:
                hi = lax.convert_element_type(lo, _U32) * _u32(0)
            return shape_ops.stack([hi, lo])
        seed = np.asarray(c)[()]
    elif isinstance(seed, float):
        fdt = "float64" if config.x64_enabled else "float32"
        raise TypeError(f"PRNG key seed must be an integer; got JitTracer(~{fdt}[])")
    elif not isinstance(seed, (int, np.integer, np.bool_, bool)):
        raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
    hi, lo = _seed_words(seed)
    return _u32([hi, lo])


def lax_helpers_scalar(x, v):
    from .lax.helpers import scalar_like

    return scalar_like(x, v)


def key(seed, *, impl=None) -> Array:
    """`jax.random.key`. numjax represents typed keys as legacy uint32[2] key data."""
    return PRNGKey(seed, impl=impl)


def key_data(keys):
    return _check_key("key_data", keys, allow_batched=True)


def wrap_key_data(key_bits_array, *, impl=None):
    return _check_key("wrap_key_data", creation.asarray(key_bits_array), allow_batched=True)


def key_impl(keys):
    _check_key("key_impl", keys, allow_batched=True)
    return "threefry2x32"


def clone(key):
    return key


def _iota_2x32(shape):
    n = math.prod(shape)
    idx = np.arange(n, dtype=np.uint64).reshape(shape)
    return (_u32((idx >> np.uint64(32)).astype(np.uint32)),
            _u32((idx & np.uint64(0xFFFFFFFF)).astype(np.uint32)))


def _key_words(key, shape):
    k1 = lax_st.broadcast_in_dim(_at(key, 0), shape, ())
    k2 = lax_st.broadcast_in_dim(_at(key, 1), shape, ())
    return k1, k2


def _threefry_2x32(key, count_np):
    """JAX's `threefry_2x32(keypair, count)` for a constant uint32 count (original scheme)."""
    flat = np.asarray(count_np, np.uint32).ravel()
    odd = flat.size % 2
    if odd:
        flat = np.concatenate([flat, np.zeros(1, np.uint32)])
    half = flat.size // 2
    k1, k2 = _key_words(key, (half,))
    y1, y2 = threefry2x32(k1, k2, _u32(flat[:half]), _u32(flat[half:]))
    out = shape_ops.concatenate([y1, y2])
    if odd:
        out = _sl(out, 0, -1)
    return shape_ops.reshape(out, np.shape(count_np))


def _split(key, shape):
    if _partitionable():
        c1, c2 = _iota_2x32(shape)
        k1, k2 = _key_words(key, shape)
        b1, b2 = threefry2x32(k1, k2, c1, c2)
        return shape_ops.stack([b1, b2], axis=len(shape))
    num = math.prod(shape)
    return shape_ops.reshape(_threefry_2x32(key, np.arange(num * 2, dtype=np.uint32)),
                             (*shape, 2))


def split(key, num=2) -> Array:
    key = _check_key("split", key)
    shape = tuple(int(n) for n in num) if isinstance(num, Sequence) else (int(num),)
    return _split(key, shape)


def fold_in(key, data) -> Array:
    key = _check_key("fold_in", key)
    if np.ndim(data):
        raise TypeError("fold_in accepts a scalar, but was given an array of"
                        f"shape {np.shape(data)} != (). Use jax.vmap for batching.")
    if isinstance(data, (Array, Tracer)):
        d = lax.convert_element_type(data, _U32)
    else:
        d = _u32(np.asarray(int(data) % 2**32 if isinstance(data, int) else data).astype(np.uint32))
    k1, k2 = _key_words(key, (1,))
    y1, y2 = threefry2x32(k1, k2, _u32([0]), shape_ops.reshape(d, (1,)))
    return shape_ops.concatenate([y1, y2])


# ---------------------------------------------------------------------------------------------
# Bits


_UINT = {8: np.dtype(np.uint8), 16: np.dtype(np.uint16), 32: _U32, 64: np.dtype(np.uint64)}


def _random_bits(key, bit_width, shape):
    shape = tuple(shape)
    dtype = _UINT[bit_width]
    if _partitionable():
        c1, c2 = _iota_2x32(shape)
        k1, k2 = _key_words(key, shape)
        b1, b2 = threefry2x32(k1, k2, c1, c2)
        if bit_width == 64:
            hi = lax.convert_element_type(b1, dtype)
            lo = lax.convert_element_type(b2, dtype)
            return lax.bitwise_or(lax.shift_left(hi, Array(np.array(32, dtype), False)), lo)
        x = lax.bitwise_xor(b1, b2)
        return x if bit_width == 32 else lax.convert_element_type(x, dtype)
    size = math.prod(shape)
    max_count = -(-bit_width * size // 32)
    bits = _threefry_2x32(key, np.arange(max_count, dtype=np.uint32))
    if bit_width == 64:
        h = max_count // 2
        hi = lax.convert_element_type(_sl(bits, 0, h), dtype)
        lo = lax.convert_element_type(_sl(bits, h, None), dtype)
        bits = lax.bitwise_or(lax.shift_left(hi, Array(np.array(32, dtype), False)), lo)
    elif bit_width in (8, 16):
        per = 32 // bit_width
        shifts = _u32(np.arange(per, dtype=np.uint32) * bit_width)
        b = lax_st.broadcast_in_dim(bits, (max_count, per), (0,))
        s = lax_st.broadcast_in_dim(shifts, (max_count, per), (1,))
        b = lax.bitwise_and(lax.shift_right_logical(b, s), _u32(np.full((max_count, per),
                                                                       np.iinfo(dtype).max)))
        bits = lax.convert_element_type(shape_ops.reshape(b, (max_count * per,)), dtype)
        bits = _sl(bits, 0, size)
    return shape_ops.reshape(bits, shape)


def _shape(shape):
    if isinstance(shape, Sequence):
        return tuple(int(d) for d in shape)
    return (int(shape),)


def _float_dtype(dtype):
    dt = dtypes.canonicalize_dtype(dtypes.default_float_dtype() if dtype is None else dtype)
    return np.dtype(dt)


def bits(key, shape=(), dtype=None) -> Array:
    key = _check_key("bits", key)
    dtype = dtypes.default_uint_dtype() if dtype is None else dtypes.canonicalize_dtype(dtype)
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.unsignedinteger):
        raise ValueError("dtype argument to `bits` must be an unsigned int dtype, got "
                         f"{dtype}")
    return _random_bits(key, dtype.itemsize * 8, _shape(shape))


# ---------------------------------------------------------------------------------------------
# Continuous samplers


def _const(v, dtype):
    return Array(np.asarray(v, dtype), False)


def _uniform(key, shape, dtype, minval, maxval):
    dtype = np.dtype(dtype)
    finfo = dtypes.finfo(dtype)
    nbits, nmant = finfo.bits, finfo.nmant
    rng_bits = 8 if nmant < 8 else nbits
    b = _random_bits(key, rng_bits, shape)
    udt = _UINT[nbits]
    if rng_bits != nbits:
        b = lax.convert_element_type(b, udt)
    m = lax.shift_right_logical(b, Array(np.full(shape, rng_bits - nmant, udt), False))
    # bitcast((m | bits(1.0))) - 1.0 == m * 2**-nmant exactly
    floats = lax.mul(lax.convert_element_type(m, dtype), _const(np.full(shape, 2.0 ** -nmant),
                                                                 dtype))
    minval = lax_helpers_cast(minval, dtype, shape)
    maxval = lax_helpers_cast(maxval, dtype, shape)
    span = lax.sub(maxval, minval)
    # XLA's CPU backend contracts `floats * span + minval` into one fused multiply-add.
    val = fma(floats, span, minval)
    return lax.max(minval, val)


def lax_helpers_cast(v, dtype, shape):
    v = creation.asarray(v)
    v = lax.convert_element_type(v, dtype)
    return shape_ops.broadcast_to(v, shape)


def uniform(key, shape=(), dtype=None, minval=0.0, maxval=1.0) -> Array:
    key = _check_key("uniform", key)
    dtype = _float_dtype(dtype)
    if not dtypes.is_float(dtype):
        raise ValueError(f"dtype argument to `uniform` must be a float dtype, got {dtype}")
    return _uniform(key, _shape(shape), dtype, minval, maxval)


def _normal_real(key, shape, dtype):
    lo = np.nextafter(np.array(-1.0, dtype), np.array(0.0, dtype))
    u = _uniform(key, shape, dtype, lo, 1.0)
    return lax.mul(_const(np.full(shape, np.sqrt(2)), dtype), lax.erf_inv(u))


def normal(key, shape=(), dtype=None) -> Array:
    key = _check_key("normal", key)
    shape = _shape(shape)
    dtype = _float_dtype(dtype)
    if np.issubdtype(dtype, np.complexfloating):
        kr, ki = _unpack(_split(key, (2,)))
        rdt = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
        re = _normal_real(kr, shape, rdt)
        im = _normal_real(ki, shape, rdt)
        z = re.astype(dtype) + 1j * im.astype(dtype)
        return z / np.array(np.sqrt(2), dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype argument to `normal` must be a float or complex dtype, "
                         f"got {dtype}")
    return _normal_real(key, shape, dtype)


def truncated_normal(key, lower, upper, shape=None, dtype=None) -> Array:
    key = _check_key("truncated_normal", key)
    dtype = _float_dtype(dtype)
    if shape is None:
        shape = np.broadcast_shapes(np.shape(lower), np.shape(upper))
    shape = _shape(shape)
    sqrt2 = np.array(np.sqrt(2), dtype)
    lower = lax_helpers_cast(lower, dtype, shape)
    upper = lax_helpers_cast(upper, dtype, shape)
    a = lax.erf(lower / sqrt2)
    b = lax.erf(upper / sqrt2)
    u = _uniform(key, shape, dtype, a, b)
    out = sqrt2 * lax.erf_inv(u)
    lo = lax.nextafter(lower, _const(np.full(shape, np.inf), dtype))
    hi = lax.nextafter(upper, _const(np.full(shape, -np.inf), dtype))
    return lax.min(lax.max(out, lo), hi)


def bernoulli(key, p=0.5, shape=None, mode="low") -> Array:
    key = _check_key("bernoulli", key)
    p = creation.asarray(p)
    dtype = p.dtype
    if not dtypes.is_float(dtype):
        raise TypeError(f"bernoulli probability `p` must have a floating dtype, got {dtype}.")
    shape = p.shape if shape is None else _shape(shape)
    if mode == "high":
        u1, u2 = _unpack(_uniform(key, (2, *shape), dtype, 0.0, 1.0))
        u2 = u2 * (2.0 ** -dtypes.finfo(dtype).nmant)
        return u2 < p - u1
    return _uniform(key, shape, dtype, 0.0, 1.0) < p


def exponential(key, shape=(), dtype=None) -> Array:
    key = _check_key("exponential", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    u = _uniform(key, shape, dtype, 0.0, 1.0)
    return lax.neg(lax.log1p(lax.neg(u)))


def gumbel(key, shape=(), dtype=None, mode=None) -> Array:
    key = _check_key("gumbel", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    info = dtypes.finfo(dtype)
    if mode in ("high", "highest"):
        high, low = _unpack(_uniform(key, (2, *shape), dtype, 0.0, 1.0))
        x = lax_numpy.where(high >= 0.5, high, high + 2 ** (-info.nmant) * low + info.tiny)
        return -ufuncs.log(-ufuncs.log1p(-x))
    u = _uniform(key, shape, dtype, float(info.tiny), 1.0)
    return -ufuncs.log(-ufuncs.log(u))


def laplace(key, shape=(), dtype=None) -> Array:
    key = _check_key("laplace", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    u = _uniform(key, shape, dtype, -1.0 + float(dtypes.finfo(dtype).epsneg), 1.0)
    return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))))


def logistic(key, shape=(), dtype=None) -> Array:
    key = _check_key("logistic", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    x = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).tiny), 1.0)
    return lax.sub(lax.log(x), lax.log1p(lax.neg(x)))


def cauchy(key, shape=(), dtype=None) -> Array:
    key = _check_key("cauchy", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    u = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).eps), 1.0)
    return lax.tan(lax.mul(_const(np.full(shape, np.pi), dtype),
                           lax.sub(u, _const(np.full(shape, 0.5), dtype))))


def rademacher(key, shape=(), dtype=None) -> Array:
    key = _check_key("rademacher", key)
    shape = _shape(shape)
    dtype = np.dtype(dtypes.canonicalize_dtype(dtypes.default_int_dtype() if dtype is None
                                               else dtype))
    b = bernoulli(key, 0.5, shape).astype(dtype)
    return (2 * b - 1).astype(dtype)


def maxwell(key, shape=(), dtype=None) -> Array:
    key = _check_key("maxwell", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    x = normal(key, (*shape, 3), dtype)
    return ufuncs.sqrt(reductions.sum(x * x, axis=-1))


def double_sided_maxwell(key, loc, scale, shape=(), dtype=None) -> Array:
    key = _check_key("double_sided_maxwell", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    params_shapes = np.broadcast_shapes(np.shape(loc), np.shape(scale))
    if not shape:
        shape = params_shapes
    shape = shape + params_shapes
    k1, k2 = _unpack(_split(key, (2,)))
    rad = maxwell(k1, shape, dtype)
    sign = rademacher(k2, shape, dtype)
    return sign * rad * scale + loc


def weibull_min(key, scale, concentration, shape=(), dtype=None) -> Array:
    key = _check_key("weibull_min", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    random_uniform = _uniform(key, shape, dtype, 0.0, 1.0)
    return ufuncs.power(-ufuncs.log1p(-random_uniform), 1.0 / concentration) * scale


def pareto(key, b, shape=None, dtype=None) -> Array:
    key = _check_key("pareto", key)
    dtype = _float_dtype(dtype)
    shape = np.shape(b) if shape is None else _shape(shape)
    e = exponential(key, shape, dtype)
    return lax.exp(e / creation.asarray(b, dtype))


def multivariate_normal(key, mean, cov, shape=None, dtype=None, method="cholesky") -> Array:
    key = _check_key("multivariate_normal", key)
    mean, cov = creation.asarray(mean), creation.asarray(cov)
    if not np.issubdtype(mean.dtype, np.floating):
        mean = mean.astype(dtypes.default_float_dtype())
    dtype = mean.dtype if dtype is None else _float_dtype(dtype)
    if method not in {"svd", "eigh", "cholesky"}:
        raise ValueError("method must be one of {'svd', 'eigh', 'cholesky'}")
    if mean.ndim < 1:
        raise ValueError(f"multivariate_normal requires mean.ndim >= 1, got mean.ndim == "
                         f"{mean.ndim}")
    n = mean.shape[-1]
    if shape is None:
        shape = np.broadcast_shapes(mean.shape[:-1], cov.shape[:-2])
    shape = _shape(shape)
    # The factorization runs on the concrete covariance (numjax has no linalg primitives yet).
    c = concrete_value(cov)
    if c is None:
        raise NotImplementedError("numjax: multivariate_normal needs a concrete `cov`")
    c = np.asarray(c, np.float64)
    if method == "svd":
        u, s, _ = np.linalg.svd(c)
        factor = u * np.sqrt(s[..., None, :])
    elif method == "eigh":
        w, v = np.linalg.eigh(c)
        factor = v * np.sqrt(w[..., None, :])
    else:
        factor = np.linalg.cholesky(c)
    factor = Array(factor.astype(dtype), False)
    z = normal(key, shape + (n,), dtype)
    return mean + reductions.sum(factor * z[..., None, :], axis=-1)


# ---------------------------------------------------------------------------------------------
# Integers, permutations, choices


def _clip_int(val, dtype):
    vi = dtypes.iinfo(val.dtype)
    ti = dtypes.iinfo(dtype)
    lo = max(ti.min, vi.min)
    hi = min(ti.max, vi.max)
    return lax_numpy.clip(val, Array(np.array(lo, val.dtype), False),
                          Array(np.array(hi, val.dtype), False)).astype(dtype)


def randint(key, shape, minval, maxval, dtype=None) -> Array:
    key = _check_key("randint", key)
    shape = _shape(shape)
    dtype = np.dtype(dtypes.canonicalize_dtype(dtypes.default_int_dtype() if dtype is None
                                               else dtype))
    info = dtypes.iinfo(dtype)
    sdt = dtype
    if info.bits < 32:
        sdt = np.dtype(np.int32)
        minval = creation.asarray(minval).astype("int32").clip(int(info.min), int(info.max))
        maxval = creation.asarray(maxval).astype("int32").clip(int(info.min), int(info.max) + 1)
    return _randint(key, shape, minval, maxval, sdt).astype(dtype)


def _randint(key, shape, minval, maxval, dtype):
    minval = creation.asarray(minval)
    maxval = creation.asarray(maxval)
    if not np.issubdtype(minval.dtype, np.integer):
        minval = minval.astype(dtypes.default_int_dtype())
    if not np.issubdtype(maxval.dtype, np.integer):
        maxval = maxval.astype(dtypes.default_int_dtype())
    maxval_out_of_range = lax_numpy.where(
        maxval > _clip_int(Array(np.array(dtypes.iinfo(dtype).max, dtype), False), maxval.dtype),
        True, False)
    minval = shape_ops.broadcast_to(_clip_int(minval, dtype), shape)
    maxval = shape_ops.broadcast_to(_clip_int(maxval, dtype), shape)
    maxval_out_of_range = shape_ops.broadcast_to(maxval_out_of_range, shape)
    nbits = dtypes.iinfo(dtype).bits
    ks = _split(key, (2,))
    higher = _random_bits(_at(ks, 0), nbits, shape)
    lower = _random_bits(_at(ks, 1), nbits, shape)
    udt = _UINT[nbits]
    span = lax.convert_element_type(lax.sub(maxval, minval), udt)
    one = Array(np.ones(shape, udt), False)
    span = lax.select(lax.le(maxval, minval), one, span)
    span = lax.select(lax_numpy.logical_and(maxval_out_of_range, maxval > minval)
                      if hasattr(lax_numpy, "logical_and") else
                      ufuncs.logical_and(maxval_out_of_range, maxval > minval),
                      lax.add(span, one), span)
    mult = lax.rem(Array(np.full(shape, 2 ** (nbits // 2), udt), False), span)
    mult = lax.rem(lax.mul(mult, mult), span)
    off = lax.add(lax.mul(lax.rem(higher, span), mult), lax.rem(lower, span))
    off = lax.rem(off, span)
    return lax.add(minval, lax.convert_element_type(off, dtype))


def _shuffle(key, x, axis):
    size = math.prod(x.shape)
    num_rounds = int(np.ceil(3 * np.log(max(1, size)) / np.log(np.iinfo(np.uint32).max)))
    for _ in range(num_rounds):
        ks = _split(key, (2,))
        key, sub = _at(ks, 0), _at(ks, 1)
        sort_keys = _random_bits(sub, 32, x.shape)
        _, x = sort_key_val(sort_keys, x, axis)
    return x


def _take(arr, ind, axis):
    """jnp.take(arr, ind, axis) by a one-hot selection (exact for finite values)."""
    arr = shape_ops.moveaxis(arr, axis, 0)
    n = arr.shape[0]
    onehot = shape_ops.expand_dims(ind, -1) == creation.arange(n, dtype=ind.dtype)
    rest = arr.shape[1:]
    oh = shape_ops.reshape(onehot, onehot.shape + (1,) * len(rest))
    sel = lax_numpy.where(oh, arr, creation.zeros((), arr.dtype))
    out = lax.convert_element_type(lax_red.reduce_sum(sel, (ind.ndim,)), arr.dtype)
    return shape_ops.moveaxis(out, tuple(range(ind.ndim)),
                              tuple(range(axis, axis + ind.ndim))) if ind.ndim else out


def permutation(key, x, axis=0, independent=False) -> Array:
    key = _check_key("permutation", key)
    if not np.ndim(x):
        xv = concrete_value(x)
        if not np.issubdtype(np.asarray(xv).dtype, np.integer):
            raise TypeError("x must be an integer or at least 1-dimensional")
        return _shuffle(key, creation.arange(int(xv), dtype=dtypes.default_int_dtype()), 0)
    x = creation.asarray(x)
    axis = axis % x.ndim
    if independent or x.ndim == 1:
        return _shuffle(key, x, axis)
    ind = _shuffle(key, creation.arange(x.shape[axis]), 0)
    return _take(x, ind, axis)


def shuffle(key, x, axis=0) -> Array:
    key = _check_key("shuffle", key)
    x = creation.asarray(x)
    return _shuffle(key, x, axis % x.ndim)


def _cumsum(p):
    out = [_at(p, 0)]
    for i in range(1, p.shape[0]):
        out.append(out[-1] + _at(p, i))
    return shape_ops.stack(out)


def choice(key, a, shape=(), replace=True, p=None, axis=0) -> Array:
    key = _check_key("choice", key)
    if not isinstance(shape, Sequence):
        raise TypeError(f"shape argument of jax.random.choice must be a sequence, got {shape}")
    shape = tuple(shape)
    arr = creation.asarray(a)
    if arr.ndim == 0:
        n_inputs = int(concrete_value(arr))
    else:
        axis = axis % arr.ndim
        n_inputs = arr.shape[axis]
    n_draws = math.prod(shape)
    if n_draws == 0:
        return creation.zeros(shape, dtype=arr.dtype)
    if n_inputs <= 0:
        raise ValueError("a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n_inputs:
        raise ValueError(f"Cannot take a larger sample (size {n_draws}) than population "
                         f"(size {n_inputs}) when 'replace=False'")
    if p is None:
        if replace:
            ind = randint(key, shape, 0, n_inputs)
            result = ind if arr.ndim == 0 else _take(arr, ind, axis)
        else:
            perm = permutation(key, n_inputs if arr.ndim == 0 else arr, axis)
            result = lax_st_slice_axis(perm, axis if arr.ndim else 0, n_draws)
    else:
        p_arr = creation.asarray(p)
        if not np.issubdtype(p_arr.dtype, np.inexact):
            p_arr = p_arr.astype(dtypes.default_float_dtype())
        if p_arr.shape != (n_inputs,):
            raise ValueError("p must be None or a 1D vector with the same size as "
                             f"a.shape[axis]. p has shape {p_arr.shape} and a.shape[axis] is "
                             f"{n_inputs}.")
        if replace:
            p_cuml = _cumsum(p_arr)
            r = _at(p_cuml, -1) * (1 - uniform(key, shape, dtype=p_cuml.dtype))
            # searchsorted(p_cuml, r, side='left') == count of p_cuml < r
            ind = reductions.sum((p_cuml < shape_ops.expand_dims(r, -1)).astype(dtypes.default_int_dtype()),
                                 axis=-1).astype(dtypes.default_int_dtype())
        else:
            g = gumbel(key, (n_inputs,), dtype=p_arr.dtype) + ufuncs.log(p_arr)
            _, idx = sort_key_val(-g, creation.arange(n_inputs, dtype=dtypes.default_int_dtype()))
            ind = _sl(idx, 0, n_draws)
        result = ind if arr.ndim == 0 else _take(arr, ind, axis)
    return shape_ops.reshape(result, shape if arr.ndim == 0 else
                             arr.shape[0:axis] + tuple(shape) + arr.shape[axis + 1:])


def lax_st_slice_axis(x, axis, n):
    return _sl(x, 0, n, axis)


def categorical(key, logits, axis=-1, shape=None, replace=True, mode=None) -> Array:
    key = _check_key("categorical", key)
    logits = creation.asarray(logits)
    batch_shape = tuple(np.delete(logits.shape, axis))
    shape = batch_shape if shape is None else _shape(shape)
    shape_prefix = shape[:len(shape) - len(batch_shape)]
    if not replace:
        raise NotImplementedError("numjax: categorical(replace=False) is not implemented")
    if axis >= 0:
        axis -= logits.ndim
    logits_shape = list(shape[len(shape) - len(batch_shape):])
    logits_shape.insert(axis % logits.ndim, logits.shape[axis])
    g = gumbel(key, (*shape_prefix, *logits_shape), logits.dtype, mode=mode)
    lg = shape_ops.reshape(logits, (1,) * len(shape_prefix) + logits.shape)
    return reductions.argmax(g + lg, axis=axis)


# ---------------------------------------------------------------------------------------------
# Gamma family


def _gamma(key, a, shape, dtype, log_space=False):
    dtype = _float_dtype(dtype)
    a = creation.asarray(a)
    shape = a.shape if shape is None else _shape(shape)
    a = lax.convert_element_type(a, dtype)
    if a.shape != shape:
        a = shape_ops.broadcast_to(a, shape)
    return random_gamma(key, a, log_space=log_space)


def gamma(key, a, shape=None, dtype=None) -> Array:
    key = _check_key("gamma", key)
    return _gamma(key, a, shape, dtype)


def loggamma(key, a, shape=None, dtype=None) -> Array:
    key = _check_key("loggamma", key)
    return _gamma(key, a, shape, dtype, log_space=True)


def beta(key, a, b, shape=None, dtype=None) -> Array:
    key = _check_key("beta", key)
    dtype = _float_dtype(dtype)
    if shape is None:
        shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    shape = _shape(shape)
    ka, kb = _unpack(_split(key, (2,)))
    a = shape_ops.broadcast_to(creation.asarray(a).astype(dtype), shape)
    b = shape_ops.broadcast_to(creation.asarray(b).astype(dtype), shape)
    lga = loggamma(ka, a, shape, dtype)
    lgb = loggamma(kb, b, shape, dtype)
    m = lax.max(lga, lgb)
    ga = ufuncs.exp(lga - m)
    gb = ufuncs.exp(lgb - m)
    return ga / (ga + gb)


def dirichlet(key, alpha, shape=None, dtype=None) -> Array:
    key = _check_key("dirichlet", key)
    dtype = _float_dtype(dtype)
    alpha = creation.asarray(alpha)
    if alpha.ndim < 1:
        raise ValueError(f"dirichlet requires alpha.ndim >= 1, got alpha.ndim == {alpha.ndim}")
    shape = alpha.shape[:-1] if shape is None else _shape(shape)
    lg = loggamma(key, alpha.astype(dtype), shape + alpha.shape[-1:], dtype)
    # softmax over the last axis, as jax.nn.softmax computes it
    e = ufuncs.exp(lg - lax_st.broadcast_in_dim(
        reductions.max(lg, axis=-1), lg.shape, tuple(range(lg.ndim - 1))))
    return e / reductions.sum(e, axis=-1, keepdims=True)


def t(key, df, shape=None, dtype=None) -> Array:
    key = _check_key("t", key)
    dtype = _float_dtype(dtype)
    shape = np.shape(df) if shape is None else _shape(shape)
    df = creation.asarray(df).astype(dtype)
    kn, kg = _unpack(_split(key, (2,)))
    n = normal(kn, shape, dtype)
    half_df = df / 2
    g = gamma(kg, half_df, shape, dtype)
    return n * ufuncs.sqrt(half_df / g)


def chisquare(key, df, shape=None, dtype=None) -> Array:
    key = _check_key("chisquare", key)
    dtype = _float_dtype(dtype)
    shape = np.shape(df) if shape is None else _shape(shape)
    df = creation.asarray(df).astype(dtype)
    half_df = df / 2
    return gamma(key, half_df, shape, dtype) * 2


def generalized_normal(key, p, shape=(), dtype=None) -> Array:
    key = _check_key("generalized_normal", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    k0, k1 = _unpack(_split(key, (2,)))
    g = gamma(k0, 1 / p, shape, dtype)
    r = rademacher(k1, shape, dtype)
    return r * g ** (1 / p)


def ball(key, d, p=2, shape=(), dtype=None):
    key = _check_key("ball", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    k1, k2 = _unpack(_split(key, (2,)))
    g = generalized_normal(k1, p, (*shape, int(d)), dtype)
    e = exponential(k2, shape, dtype)
    ag = ufuncs.absolute(g) ** p
    return g / shape_ops.expand_dims((reductions.sum(ag, axis=-1) + e) ** (1 / p), -1)


def orthogonal(key, n, shape=(), dtype=None, m=None):
    key = _check_key("orthogonal", key)
    shape, dtype = _shape(shape), _float_dtype(dtype)
    m = n if m is None else m
    z = normal(key, (*shape, max(n, m), min(n, m)), dtype)
    zc = concrete_value(z)
    if zc is None:
        raise NotImplementedError("numjax: orthogonal needs concrete values (no qr primitive)")
    q, r = np.linalg.qr(np.asarray(zc))
    d = np.diagonal(r, 0, -2, -1)
    q = q * np.expand_dims(np.sign(d), -2)
    if n < m:
        q = np.swapaxes(q, -1, -2)
    return Array(q.astype(dtype), False)


def poisson(key, lam, shape=None, dtype=None) -> Array:
    """Poisson draws with JAX's algorithms (Knuth for lam < 10, rejection otherwise).
    Runs on concrete values (numjax has no while_loop primitive yet)."""
    key = _check_key("poisson", key)
    dtype = np.dtype(dtypes.canonicalize_dtype(dtypes.default_int_dtype() if dtype is None
                                               else dtype))
    shape = np.shape(lam) if shape is None else _shape(shape)
    lam = shape_ops.broadcast_to(creation.asarray(lam), shape).astype(np.float32)
    if concrete_value(lam) is None or concrete_value(key) is None:
        raise NotImplementedError("numjax: poisson needs concrete key and lam")
    f32 = np.float32
    lamv = np.asarray(concrete_value(lam))
    use_knuth = np.isnan(lamv) | (lamv < 10)
    lam_k = np.where(use_knuth, lamv, f32(0))
    lam_r = np.where(use_knuth, f32(100000.0), lamv)
    # Knuth
    k = np.zeros(shape, dtype)
    log_prod = np.zeros(shape, f32)
    rng = key
    while np.any(log_prod > -lam_k):
        ks = _split(rng, (2,))
        rng, sub = _at(ks, 0), _at(ks, 1)
        k = np.where(log_prod > -lam_k, k + 1, k)
        u = np.asarray(_uniform(sub, shape, np.float32, 0.0, 1.0))
        log_prod = (log_prod + np.log(u)).astype(f32)
    knuth = (k - 1).astype(dtype)
    # rejection
    with np.errstate(all="ignore"):
        log_lam = np.log(lam_r)
        b = f32(0.931) + f32(2.53) * np.sqrt(lam_r)
        a = f32(-0.059) + f32(0.02483) * b
        inv_alpha = f32(1.1239) + f32(1.1328) / (b - f32(3.4))
        v_r = f32(0.9277) - f32(3.6224) / (b - f32(2))
        k_out = np.full(shape, f32(-1))
        accepted = np.zeros(shape, bool)
        rng = key
        from . import special
        while not accepted.all():
            ks = _split(rng, (3,))
            rng = _at(ks, 0)
            u = np.asarray(_uniform(_at(ks, 1), shape, np.float32, 0.0, 1.0)) - f32(0.5)
            v = np.asarray(_uniform(_at(ks, 2), shape, np.float32, 0.0, 1.0))
            us = f32(0.5) - np.abs(u)
            kk = np.floor((2 * a / us + b) * u + lam_r + f32(0.43)).astype(f32)
            s = np.log(v * inv_alpha / (a / (us * us) + b))
            tt = -lam_r + kk * log_lam - np.asarray(special.lgamma(kk + f32(1)), f32)
            acc1 = (us >= f32(0.07)) & (v <= v_r)
            rej = (kk < 0) | ((us < f32(0.013)) & (v > us))
            acc = acc1 | (~rej & (s <= tt))
            k_out = np.where(acc, kk, k_out)
            accepted |= acc
    res = np.where(use_knuth, knuth, k_out.astype(dtype))
    res = np.where(lamv == 0, 0, res).astype(dtype)
    return Array(res, False)
