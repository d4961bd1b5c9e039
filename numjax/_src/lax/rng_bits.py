"""Random bits of `jax.lax`: rng_bit_generator (XLA's Philox and Threefry generators on the
CPU, bit for bit) and rng_uniform (a stateful generator).

Bits are produced in NumPy uint32/uint64 arithmetic; both primitives are non-differentiable.
"""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray, get_aval
from . import elementwise as ew
from .enums import RandomAlgorithm
from .helpers import defzero, moveaxis, primitive
from .lax_extra import _arr
from .slicing import index_in_dim
from .structural import broadcast_in_dim

# ---------------------------------------------------------------------------------------------
# rng_bit_generator: XLA's Philox4x32-10 (the CPU default) and Threefry-2x32, bit for bit


_PHILOX_M = (np.uint64(0xD2511F53), np.uint64(0xCD9E8D57))
_PHILOX_W = (np.uint32(0x9E3779B9), np.uint32(0xBB67AE85))


def _philox(c, k):
    c0, c1, c2, c3 = c
    k0, k1 = k
    for r in range(10):
        p0, p1 = c0.astype(np.uint64) * _PHILOX_M[0], c2.astype(np.uint64) * _PHILOX_M[1]
        hi0, lo0 = (p0 >> np.uint64(32)).astype(np.uint32), p0.astype(np.uint32)
        hi1, lo1 = (p1 >> np.uint64(32)).astype(np.uint32), p1.astype(np.uint32)
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
        k0, k1 = k0 + _PHILOX_W[0], k1 + _PHILOX_W[1]
    return c0, c1, c2, c3


def _rng_bit_generator_impl(key, *, algorithm, dtype, out_sharding, shape):
    # The key is (k0, k1, counter low word, counter high word), as in XLA on the CPU.
    dtype = np.dtype(dtype)
    bits_of = _threefry_bits if algorithm == RandomAlgorithm.RNG_THREE_FRY else _philox_bits
    used, bits = bits_of(key, tuple(shape), dtype)
    counter = (int(key[2]) | int(key[3]) << 32) + used
    new_key = key.copy()
    new_key[2:] = [counter & 0xFFFFFFFF, (counter >> 32) & 0xFFFFFFFF]
    return [new_key, bits]


def _counters(key, count):
    with np.errstate(over="ignore"):
        return (np.uint64(int(key[2]) | int(key[3]) << 32)
                + np.arange(count, dtype=np.uint64))


def _philox_bits(key, shape, dtype):
    # Philox key words (k0, k1); 128-bit counters (k2, k3, k0, k1) + block. Narrower results
    # truncate 32-bit words; 64-bit ones join two (low word first).
    wide = dtype.itemsize == 8
    n = math.prod(shape) * (2 if wide else 1)
    blocks = -(-n // 4)
    if n == 0:
        return 0, np.zeros(shape, dtype)
    lo = _counters(key, blocks)
    with np.errstate(over="ignore"):
        hi = np.uint64(int(key[0]) | int(key[1]) << 32) + (lo < lo[0]).astype(np.uint64)  # carry
        words = [lo, lo >> np.uint64(32), hi, hi >> np.uint64(32)]
        out = _philox([w.astype(np.uint32) for w in words], (key[0], key[1]))
    bits = np.stack(out, -1).reshape(-1)[:n]
    if wide:
        bits = bits[0::2].astype(np.uint64) | (bits[1::2].astype(np.uint64) << np.uint64(32))
    return blocks, bits.astype(dtype).reshape(shape)


def _threefry_bits(key, shape, dtype):
    # One Threefry-2x32 pair per counter. 64-bit results join a pair per element; otherwise
    # XLA halves the first even dimension (else the first one above 1) and interleaves the
    # pair's two words along it.
    from .rng import threefry2x32_np

    def pairs(count):
        c = _counters(key, count)
        k0, k1 = np.full(count, key[0], np.uint32), np.full(count, key[1], np.uint32)
        return threefry2x32_np(k0, k1, c.astype(np.uint32), (c >> np.uint64(32)).astype(np.uint32))

    n = math.prod(shape)
    if dtype.itemsize == 8:
        x0, x1 = pairs(n)
        return n, (x0.astype(np.uint64) | (x1.astype(np.uint64) << np.uint64(32))).reshape(shape)
    if n <= 1:
        return n, pairs(n)[0].astype(dtype).reshape(shape)
    even = [i for i, d in enumerate(shape) if d % 2 == 0]
    split = even[0] if even else next(i for i, d in enumerate(shape) if d > 1)
    half = list(shape)
    half[split] = -(-shape[split] // 2)
    x0, x1 = (x.reshape(*half[:split + 1], 1, *half[split + 1:]) for x in pairs(math.prod(half)))
    full = np.concatenate([x0, x1], split + 1).reshape(*half[:split], 2 * half[split],
                                                        *half[split + 1:])
    return math.prod(half), full[tuple(slice(0, d) for d in shape)].astype(dtype)


def _rng_bit_generator_abstract_eval(key, *, algorithm, dtype, out_sharding, shape):
    return [key, ShapedArray(tuple(shape), np.dtype(dtype))]


rng_bit_generator_p = primitive("rng_bit_generator", _rng_bit_generator_impl,
                                _rng_bit_generator_abstract_eval, multiple_results=True,
                                weak_type_rule=lambda w, **params: [False, False])
defzero(rng_bit_generator_p)


def _rng_bit_generator_batch(args, bdims, *, shape, **params):
    # As JAX: a batch of keys draws every member's bits from the first key, whose update alone
    # is stored (the other keys come back unchanged).
    from .dynamic_slicing import dynamic_update_index_in_dim

    keys = moveaxis(args[0], bdims[0], 0)
    size = get_aval(keys).shape[0]
    new_key, bits = rng_bit_generator_p.bind(index_in_dim(keys, 0, 0, keepdims=False),
                                             shape=(size, *shape), **params)
    return [dynamic_update_index_in_dim(keys, new_key, 0, 0), bits], [0, 0]


rng_bit_generator_p.batch = _rng_bit_generator_batch


def rng_bit_generator(key, shape, dtype=np.uint32, algorithm=RandomAlgorithm.RNG_DEFAULT, *,
                      out_sharding=None):
    """lax.rng_bit_generator: `(new_key, bits)` from a uint32[4] key, bit for bit as JAX on
    the CPU: XLA's Philox4x32-10 (RNG_DEFAULT, RNG_PHILOX) or Threefry-2x32 (RNG_THREE_FRY),
    for every unsigned dtype."""
    algorithm = RandomAlgorithm(algorithm)
    dtype = dtypes.canonicalize_dtype(dtype)
    if dtype.kind != "u":
        raise TypeError(f"rng_bit_generator: unsupported dtype {dtype.name}")
    key = _arr(key)
    aval = get_aval(key)
    if aval.shape != (4,) or aval.dtype != np.uint32:
        raise TypeError(f"rng_bit_generator: key must be uint32[4], got {aval.str_short()}"
                        if hasattr(aval, "str_short") else
                        f"rng_bit_generator: key must be uint32[4], got {aval}")
    shape = tuple(int(s) for s in shape)
    return tuple(rng_bit_generator_p.bind(key, algorithm=algorithm, dtype=dtype, out_sharding=None,
                                          shape=shape))


# ---------------------------------------------------------------------------------------------
# rng_uniform: XLA's stateful RNG, whose numbers JAX does not specify; NumPy's generator here


_STATEFUL_RNG = np.random.default_rng()


def _rng_uniform_impl(a, b, *, shape):
    u = _STATEFUL_RNG.random(shape)
    if a.dtype.kind in "iu":
        return np.floor(a + u * (b - a)).astype(a.dtype)
    return (a + u * (b - a)).astype(a.dtype)


def _rng_uniform_abstract_eval(a, b, *, shape):
    if a.shape or b.shape:
        raise ValueError(f"rng_uniform: a and b must be scalars, got {a.shape} and {b.shape}")
    return ShapedArray(tuple(shape), a.dtype)


rng_uniform_p = primitive("rng_uniform", _rng_uniform_impl, _rng_uniform_abstract_eval)
defzero(rng_uniform_p)


def _rng_uniform_batch(args, bdims, *, shape):
    a = args[0]
    size = next(get_aval(x).shape[d] for x, d in zip(args, bdims) if d is not None)
    u = rng_uniform_p.bind(Array(np.zeros((), get_aval(a).dtype)),
                           Array(np.ones((), get_aval(a).dtype)), shape=(size, *shape))
    out_shape = (size, *shape)
    lo, hi = (broadcast_in_dim(x, out_shape, (0,)) if d is not None
              else broadcast_in_dim(x, out_shape, ()) for x, d in zip(args, bdims))
    return ew.add(lo, ew.mul(u, ew.sub(hi, lo))), 0


rng_uniform_p.batch = _rng_uniform_batch


def rng_uniform(a, b, shape):
    """lax.rng_uniform: uniform numbers in [a, b) from a stateful generator (unspecified
    values in JAX too; numjax uses NumPy's default generator)."""
    a, b = _arr(a), _arr(b)
    if get_aval(a).shape or get_aval(b).shape:
        raise ValueError("rng_uniform: a and b must be scalars")
    return rng_uniform_p.bind(a, b, shape=tuple(int(s) for s in shape))


