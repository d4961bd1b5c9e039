"""numjax's threefry2x32 keys: typed key arrays (`key<fry>`), key construction and checking,
and JAX's key schedule (split, fold_in, random bits) on raw uint32[..., 2] key data.

A typed key array (`PRNGKeyArray`) is a pytree node over its uint32 data for the
transformations, which is how it crosses jit and vmap, and a leaf in the public tree functions. `config.jax_threefry_partitionable` (default True, as in JAX 0.10.2) selects the
split/bits scheme. The samplers built on these live in random.py.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Sequence

import numpy as np

from . import dtypes
from .array import Array
from .config import config
from .core import Tracer, concrete_value, get_aval
from .lax import elementwise as lax
from .lax import slicing as lax_slicing
from .lax import structural as lax_st
from .lax.rng import threefry2x32
from .tree import register_pytree_node, register_user_leaf

_U32 = np.dtype(np.uint32)
_UINT = {8: np.dtype(np.uint8), 16: np.dtype(np.uint16), 32: _U32, 64: np.dtype(np.uint64)}


def _jnp():
    from .. import numpy as jnp  # the public jnp layer (imported lazily: it imports us last)

    return jnp


def _u32(v):
    return Array(np.asarray(v, np.uint32), False)


def _const(v, dtype):
    return Array(np.asarray(v, dtype), False)


def _partitionable():
    return bool(config.read("jax_threefry_partitionable"))


# ---------------------------------------------------------------------------------------------
# Typed key arrays


class KeyDtype:
    """The dtype of typed threefry keys; prints as JAX's `key<fry>`."""

    name = "key<fry>"
    itemsize = 8
    kind = "V"

    def __repr__(self):
        return self.name

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, KeyDtype) or other == self.name

    def __hash__(self):
        return hash(self.name)


KEY_DTYPE = KeyDtype()


class PRNGKeyArray:
    """An array of typed threefry2x32 keys: shape `s`, overlaying uint32 data of shape `s + (2,)`.

    Invariant: `_base` is an Array or Tracer of dtype uint32 whose last axis has size 2. To the
    transformations it is a pytree node with `_base` as its only child, so jit and vmap see (and
    batch) the raw data; the public tree functions see it as a leaf, as JAX's users do.
    Arithmetic is refused, as in JAX; indexing, len, iteration and reshape act on key axes."""

    __slots__ = ("_base",)

    def __init__(self, base):
        self._base = base

    shape = property(lambda self: tuple(get_aval(self._base).shape[:-1]))
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: math.prod(self.shape))
    dtype = property(lambda self: KEY_DTYPE)

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, idx):
        if not isinstance(idx, tuple):
            idx = (idx,)
        if any(i is Ellipsis for i in idx):
            raise IndexError("numjax: Ellipsis in key-array indexing is not supported")
        return PRNGKeyArray(self._base[(*idx, slice(None))])

    def reshape(self, *shape):
        shape = shape[0] if len(shape) == 1 and isinstance(shape[0], Sequence) else shape
        return PRNGKeyArray(_jnp().reshape(self._base, (*shape, 2)))

    def ravel(self):
        return self.reshape(-1)

    flatten = ravel

    @property
    def T(self):
        perm = (*reversed(range(self.ndim)), self.ndim)
        return PRNGKeyArray(_jnp().transpose(self._base, perm))

    def __eq__(self, other):
        if not isinstance(other, PRNGKeyArray):
            return NotImplemented
        return _jnp().all(self._base == other._base, axis=-1)

    def __ne__(self, other):
        if not isinstance(other, PRNGKeyArray):
            return NotImplemented
        return _jnp().any(self._base != other._base, axis=-1)

    __hash__ = None

    def __repr__(self):
        data = concrete_value(self._base)
        if data is None:
            return f"Traced<key<fry>{list(self.shape)}> overlaying {self._base!r}"
        return f"Array({self.shape}, dtype=key<fry>) overlaying:\n{np.asarray(data)}"

    __str__ = __repr__

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "JAX array with PRNGKey dtype cannot be converted to a NumPy array. "
            "Use jax.random.key_data(arr) if you wish to extract the underlying "
            "integer array."
        )


def _refuse_binary(name, reflected=False):
    # arithmetic on keys is refused, with JAX's message naming both operand dtypes
    def op(self, other):
        other_dtype = "key<fry>" if isinstance(other, PRNGKeyArray) else _jnp().asarray(other).dtype
        dts = (other_dtype, "key<fry>") if reflected else ("key<fry>", other_dtype)
        raise TypeError(f"{name} does not accept dtypes {dts[0]}, {dts[1]}.")

    return op


for _dunder, _name in (
    ("add", "add"),
    ("sub", "subtract"),
    ("mul", "multiply"),
    ("truediv", "divide"),
    ("floordiv", "floor_divide"),
    ("mod", "remainder"),
    ("pow", "pow"),
):
    setattr(PRNGKeyArray, f"__{_dunder}__", _refuse_binary(_name))
    setattr(PRNGKeyArray, f"__r{_dunder}__", _refuse_binary(_name, reflected=True))


def _refuse_neg(self):
    raise TypeError(
        "neg does not accept dtype key<fry>. Accepted dtypes are subtypes of "
        "integer, floating, complexfloating."
    )


PRNGKeyArray.__neg__ = _refuse_neg


register_pytree_node(
    PRNGKeyArray, lambda k: ((k._base,), None), lambda _, children: PRNGKeyArray(children[0])
)
# ...but to users (jax.tree.map, jax.tree_util) a key array is one leaf, as in JAX.
register_user_leaf(PRNGKeyArray)


# ---------------------------------------------------------------------------------------------
# Key checking and construction

_IMPL_TEXT = (
    "impl=PRNGImpl(key_shape=(2,), seed=<function threefry_seed at 0x...>, "
    "split=<function threefry_split at 0x...>, random_bits=<function "
    "threefry_random_bits at 0x...>, fold_in=<function threefry_fold_in at 0x...>, "
    "name='threefry2x32', tag='fry')"
)


def _check_key_data(data):
    """`data` as an Array/Tracer of uint32[..., 2], or JAX's TypeError."""
    if not isinstance(data, (Array, Tracer, np.ndarray)):
        raise TypeError(
            "JAX encountered invalid PRNG key data: expected key_data to have "
            f"ndim, shape, and dtype attributes. Got {data}"
        )
    aval = get_aval(data)
    if aval.dtype != _U32:
        raise TypeError(
            "JAX encountered invalid PRNG key data: expected key_data.dtype = "
            f"uint32; got dtype={aval.dtype.name}"
        )
    if aval.shape[-1:] != (2,):
        raise TypeError(
            "JAX encountered invalid PRNG key data: expected key_data.shape to "
            f"end with (2,); got shape={aval.shape} for {_IMPL_TEXT}"
        )
    return Array(data, False) if isinstance(data, np.ndarray) else data


def _check_key(name, key, allow_batched=False):
    """(raw uint32[..., 2] data, whether `key` was a typed key array)."""
    typed = isinstance(key, PRNGKeyArray)
    data = key._base if typed else _check_key_data(key)
    batch_shape = get_aval(data).shape[:-1]
    if not allow_batched and batch_shape:
        raise ValueError(
            f"{name} accepts a single key, but was given a key array of shape "
            f"{batch_shape} != (). Use jax.vmap for batching."
        )
    return data, typed


def _out_keys(data, typed):
    return PRNGKeyArray(data) if typed else data


def _seed_words(seed):
    """(hi, lo) of a concrete integer seed, following JAX's canonicalization rules."""
    x64 = config.x64_enabled
    if isinstance(seed, (bool, np.bool_)):
        seed = int(seed)
    if isinstance(seed, int):
        if not -(2**63) <= seed < 2**63:
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


def _seed_to_data(seed):
    if isinstance(seed, PRNGKeyArray):
        raise TypeError("PRNGKey accepts a scalar seed, but was given a PRNG key array")
    if isinstance(seed, (Array, Tracer)) or hasattr(seed, "shape"):
        aval = get_aval(seed)
        if aval.ndim:
            raise TypeError(
                "PRNGKey accepts a scalar seed, but was given an array of shape "
                f"{aval.shape} != (). Use jax.vmap for batching"
            )
        if not dtypes.is_int(aval.dtype):
            raise TypeError(f"PRNG key seed must be an integer; got JitTracer(~{aval.str_short()})")
        c = concrete_value(seed) if isinstance(seed, (Array, Tracer)) else seed
        if c is None:
            # traced seed: the hi word from 64-bit seeds' upper half, the lo word its low 32 bits
            lo = lax.convert_element_type(seed, _U32)
            if aval.dtype.itemsize == 8:
                hi = lax.convert_element_type(
                    lax.shift_right_logical(seed, _const(32, aval.dtype)), _U32
                )
            else:
                hi = lax.mul(lo, _u32(0))
            return _jnp().stack([hi, lo])
        seed = np.asarray(c)[()]
    elif isinstance(seed, float):
        fdt = "float64" if config.x64_enabled else "float32"
        raise TypeError(f"PRNG key seed must be an integer; got JitTracer(~{fdt}[])")
    elif not isinstance(seed, (int, np.integer, np.bool_, bool)):
        raise TypeError(f"PRNG key seed must be an integer; got {seed!r}")
    hi, lo = _seed_words(seed)
    return _u32([hi, lo])


def _check_impl(impl):
    if impl not in (None, "threefry2x32", "threefry"):
        raise ValueError(f"numjax implements only the threefry2x32 PRNG; got impl={impl!r}")


def PRNGKey(seed, *, impl=None) -> Array:
    """A legacy raw key, uint32[2] = [hi, lo] words of the integer `seed` (hi is 0 unless x64 is
    enabled and the seed is 64-bit), as `jax.random.PRNGKey`."""
    _check_impl(impl)
    return _seed_to_data(seed)


def key(seed, *, impl=None) -> PRNGKeyArray:
    """A typed key (dtype key<fry>, shape ()) over the same data as `PRNGKey(seed)`."""
    _check_impl(impl)
    return PRNGKeyArray(_seed_to_data(seed))


def key_data(keys) -> Array:
    """The uint32[..., 2] data under typed keys (raw keys are returned as they are)."""
    data, _ = _check_key("key_data", keys, allow_batched=True)
    return data


def wrap_key_data(key_bits_array, *, impl=None) -> PRNGKeyArray:
    """Typed keys over uint32[..., 2] data, as `jax.random.wrap_key_data`."""
    _check_impl(impl)
    if isinstance(key_bits_array, PRNGKeyArray):
        raise TypeError("wrap_key_data requires a uint32 array, got a typed key array")
    if isinstance(key_bits_array, (list, tuple)):
        key_bits_array = np.asarray(key_bits_array)
    return PRNGKeyArray(_check_key_data(key_bits_array))


def key_impl(keys) -> str:
    _check_key("key_impl", keys, allow_batched=True)
    return "threefry2x32"


def key_dtype(impl=None) -> KeyDtype:
    _check_impl(impl)
    return KEY_DTYPE


def clone(key):
    """`key` itself: numjax arrays are immutable, so there is nothing to copy."""
    return key


# ---------------------------------------------------------------------------------------------
# The threefry key schedule (raw uint32[2] keys in, raw data out)


def _word(key, i):
    return lax_slicing.index_in_dim(key, i, 0, keepdims=False)


def _key_words(key, shape):
    if type(key) is Array:  # eager fast path: no lax calls on a concrete key
        return tuple(_u32(np.full(shape, key._value[i])) for i in (0, 1))
    return tuple(lax_st.broadcast_in_dim(_word(key, i), shape, ()) for i in (0, 1))


@functools.lru_cache(maxsize=64)
def _iota_2x32(shape):
    """The (hi, lo) uint32 words of a row-major 64-bit counter over `shape` (immutable)."""
    idx = np.arange(math.prod(shape), dtype=np.uint64).reshape(shape)
    return _u32(idx >> np.uint64(32)), _u32(idx & np.uint64(0xFFFFFFFF))


def _threefry_2x32(key, count):
    """The original (non-partitionable) scheme: hash a constant uint32 count array in halves."""
    flat = np.asarray(count, np.uint32).ravel()
    odd = flat.size % 2
    if odd:
        flat = np.concatenate([flat, np.zeros(1, np.uint32)])
    half = flat.size // 2
    k1, k2 = _key_words(key, (half,))
    y1, y2 = threefry2x32(k1, k2, _u32(flat[:half]), _u32(flat[half:]))
    out = lax_slicing.concatenate([y1, y2], 0)
    if odd:
        out = lax_slicing.slice_in_dim(out, 0, flat.size - 1)
    return lax_st.reshape(out, np.shape(count))


def _split(key, shape=(2,)):
    if _partitionable():
        c1, c2 = _iota_2x32(shape)
        b1, b2 = threefry2x32(*_key_words(key, shape), c1, c2)
        if type(b1) is Array:
            return _u32(np.stack([b1._value, b2._value], axis=len(shape)))
        return _jnp().stack([b1, b2], axis=len(shape))
    num = math.prod(shape)
    return lax_st.reshape(_threefry_2x32(key, np.arange(num * 2, dtype=np.uint32)), (*shape, 2))


def _split2(key, n=2):
    ks = _split(key, (n,))
    return [_word(ks, i) for i in range(n)]


def _random_bits(key, bit_width, shape):
    dtype = _UINT[bit_width]
    if _partitionable():
        c1, c2 = _iota_2x32(shape)
        b1, b2 = threefry2x32(*_key_words(key, shape), c1, c2)
        if bit_width == 64:
            hi = lax.convert_element_type(b1, dtype)
            lo = lax.convert_element_type(b2, dtype)
            return lax.bitwise_or(lax.shift_left(hi, _const(np.full(shape, 32), dtype)), lo)
        x = lax.bitwise_xor(b1, b2)
        return x if bit_width == 32 else lax.convert_element_type(x, dtype)
    size = math.prod(shape)
    max_count = -(-bit_width * size // 32)
    bits = _threefry_2x32(key, np.arange(max_count, dtype=np.uint32))
    if bit_width == 64:
        h = max_count // 2
        hi = lax.convert_element_type(lax_slicing.slice_in_dim(bits, 0, h), dtype)
        lo = lax.convert_element_type(lax_slicing.slice_in_dim(bits, h, max_count), dtype)
        bits = lax.bitwise_or(lax.shift_left(hi, _const(np.full(h, 32), dtype)), lo)
    elif bit_width in (8, 16):
        per = 32 // bit_width
        shifts = _u32(np.broadcast_to(np.arange(per) * bit_width, (max_count, per)))
        b = lax_st.broadcast_in_dim(bits, (max_count, per), (0,))
        b = lax.convert_element_type(lax.shift_right_logical(b, shifts), dtype)
        bits = lax_slicing.slice_in_dim(lax_st.reshape(b, (max_count * per,)), 0, size)
    return lax_st.reshape(bits, shape)


def split(key, num=2):
    """`num` new keys (an int or a shape tuple) from `key`."""
    data, typed = _check_key("split", key)
    shape = (
        tuple(operator.index(n) for n in num)
        if isinstance(num, Sequence)
        else (operator.index(num),)
    )
    return _out_keys(_split(data, shape), typed)


def fold_in(key, data):
    """A new key from `key` and a 32-bit integer `data`."""
    raw, typed = _check_key("fold_in", key)
    if np.ndim(data):
        raise TypeError(
            "fold_in accepts a scalar, but was given an array of"
            f"shape {np.shape(data)} != (). Use jax.vmap for batching."
        )
    if isinstance(data, (Array, Tracer)):
        d = lax.convert_element_type(data, _U32)
    else:
        d = _u32(np.asarray(int(data) % 2**32 if isinstance(data, int) else data).astype(np.uint32))
    k1, k2 = _key_words(raw, (1,))
    y1, y2 = threefry2x32(k1, k2, _u32([0]), lax_st.reshape(d, (1,)))
    return _out_keys(lax_slicing.concatenate([y1, y2], 0), typed)
