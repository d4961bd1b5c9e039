"""`numjax.Array`: the eager value, an immutable wrapper over an ndarray plus JAX's weak-type bit.

Invariants: `_value` is an ndarray whose dtype is already canonical (x64 respected) and which
is never written to, so `np.asarray(x)` can hand it out without a copy (read-only view).
Operators and array methods are installed by numjax._src.numpy.array_methods (the numpy
layer owns them; this module must not import it).
"""

from __future__ import annotations

import weakref

import numpy as np

from . import printing


class Array:
    """An immutable n-dimensional array, like `jax.Array` on one CPU device."""

    __slots__ = ("__weakref__", "_value", "weak_type")
    __array_priority__ = 100

    def __init__(self, value, weak_type: bool = False):
        if type(value) is not np.ndarray:
            value = np.asarray(value)
        self._value = value
        self.weak_type = weak_type

    shape = property(lambda self: self._value.shape)
    dtype = property(lambda self: self._value.dtype)
    ndim = property(lambda self: self._value.ndim)
    size = property(lambda self: self._value.size)
    nbytes = property(lambda self: self._value.nbytes)
    itemsize = property(lambda self: self._value.itemsize)

    @property
    def aval(self):
        from .core import ShapedArray

        return ShapedArray(self._value.shape, self._value.dtype, self.weak_type)

    def __array__(self, dtype=None, copy=None):
        value = self._value
        if value.flags.writeable and value.base is None:
            value = value.view()
            value.flags.writeable = False
        if dtype is not None and np.dtype(dtype) != value.dtype:
            return value.astype(dtype)
        if copy:
            return value.copy()
        return value

    def __repr__(self):
        return printing.array_repr(self._value, self.weak_type)

    def __str__(self):
        return printing.array_str(self._value)

    def __format__(self, spec):
        return printing.format_value(self._value, spec)

    def __bool__(self):
        return printing.scalar_conversion(self._value, "bool")

    def __float__(self):
        return printing.scalar_conversion(self._value, "float")

    def __int__(self):
        return printing.scalar_conversion(self._value, "int")

    def __complex__(self):
        return printing.scalar_conversion(self._value, "complex")

    def __index__(self):
        return printing.scalar_conversion(self._value, "index")

    def item(self, *args):
        return printing.scalar_conversion(self._value, "item", *args)

    def tolist(self):
        return self._value.tolist()

    def __len__(self):
        if not self._value.ndim:
            raise TypeError("len() of unsized object")
        return self._value.shape[0]

    def __iter__(self):
        if not self._value.ndim:
            raise TypeError("iteration over a 0-d array")
        weak = self.weak_type
        return (Array(row, weak) for row in self._value)

    def __hash__(self):
        raise TypeError("unhashable type: 'jaxlib._jax.ArrayImpl'")

    def __setitem__(self, idx, value):
        raise TypeError(
            "JAX arrays are immutable and do not support in-place item assignment. Instead of "
            "x[idx] = y, use x = x.at[idx].set(y) or another .at[] method: "
            "https://docs.jax.dev/en/latest/_autosummary/jax.numpy.ndarray.at.html"
        )

    def __reduce__(self):
        return (Array, (np.array(self._value), self.weak_type))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def block_until_ready(self):
        return self

    def copy_to_host_async(self):
        return None

    def is_ready(self):
        return True

    def clone(self):
        return Array(self._value, self.weak_type)

    # --- one device: the array is its only shard ------------------------------------------
    is_fully_addressable = property(lambda self: True)
    is_fully_replicated = property(lambda self: True)
    committed = property(lambda self: id(self) in _COMMITTED)
    traceback = None
    format = None

    def devices(self):
        from .devices import cpu_device

        return {cpu_device()}

    @property
    def device(self):
        from .devices import cpu_device

        return cpu_device()

    @property
    def sharding(self):
        from .devices import single_device_sharding

        return single_device_sharding()

    @property
    def addressable_shards(self):
        from .devices import Shard, cpu_device, single_device_sharding

        return [Shard(cpu_device(), single_device_sharding(), self.shape, self)]

    global_shards = addressable_shards

    def addressable_data(self, index):
        if index != 0:
            raise IndexError(f"addressable_data index {index} out of range for 1 shard")
        return self

    def to_device(self, device, *, stream=None):
        return self

    def platform(self):
        return "cpu"

    def on_device_size_in_bytes(self):
        return self._value.nbytes

    def unsafe_buffer_pointer(self):
        return self._value.ctypes.data

    def tobytes(self, order="C"):
        return self._value.tobytes(order)

    def delete(self):
        """Marks the array deleted (`is_deleted()`); NumPy frees its memory once unreferenced,
        and numjax does not refuse later use of a deleted array as JAX does."""
        _mark(_DELETED, self)

    def is_deleted(self):
        return id(self) in _DELETED

    @property
    def device_buffer(self):
        raise AttributeError(
            "arr.device_buffer has been deprecated. Use arr.addressable_data(0)")

    @property
    def device_buffers(self):
        raise AttributeError(
            "arr.device_buffers has been deprecated. Use [x.data for x in arr.addressable_shards]")

    @property
    def flat(self):
        raise NotImplementedError(
            "JAX Arrays do not implement the arr.flat property: consider arr.flatten() instead.")

    # --- interchange protocols ------------------------------------------------------------
    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        # DLPack < 1.0 cannot flag a buffer read-only, so it gets a private copy.
        if max_version is None or max_version[0] < 1 or copy:
            return self._value.copy().__dlpack__()
        return self.__array__().__dlpack__(max_version=max_version)

    def __dlpack_device__(self):
        return (1, 0)  # (kDLCPU, device 0)

    @property
    def __numpy_dtype__(self):
        return self._value.dtype


# Arrays marked by `delete()` and by `device_put(x, device)` (committed), by id: Array is not
# hashable, so a weakref callback drops the id when the array dies.
_DELETED: dict = {}
_COMMITTED: dict = {}


def _mark(table, x):
    if id(x) not in table:
        key = id(x)
        table[key] = weakref.ref(x, lambda _: table.pop(key, None))


# --- the public `numjax.Array` type ------------------------------------------------------------
_ARRAY_TYPES: tuple = (Array,)


class _ArrayMeta(type):
    def __instancecheck__(cls, x):
        return isinstance(x, _ARRAY_TYPES)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _ARRAY_TYPES)


class PublicArray(metaclass=_ArrayMeta):
    """`numjax.Array` as users see `jax.Array`: the type of concrete arrays, of tracers (inside
    jit, grad and vmap) and of typed key arrays, for `isinstance` checks and annotations.
    Concrete arrays are instances of the internal class `Array`; this type is not
    instantiable, as `jax.Array` is not."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("numjax.Array() takes no arguments: use numjax.numpy.asarray")


PublicArray.__name__ = PublicArray.__qualname__ = "Array"
PublicArray.__module__ = "numjax"


def register_array_type(cls) -> None:
    """Makes `isinstance(x, numjax.Array)` true for instances of `cls` (tracers, key arrays)."""
    global _ARRAY_TYPES
    if cls not in _ARRAY_TYPES:
        _ARRAY_TYPES = (*_ARRAY_TYPES, cls)
