"""`numjax.Array`: the eager value, an immutable wrapper over an ndarray plus JAX's weak-type bit.

Invariants: `_value` is an ndarray whose dtype is already canonical (x64 respected) and which
is never written to, so `np.asarray(x)` can hand it out without a copy (read-only view).
Operators and array methods are installed by numjax._src.numpy.array_methods (the numpy
layer owns them; this module must not import it).
"""

from __future__ import annotations

import numpy as np

from . import printing


class Array:
    """An immutable n-dimensional array, like `jax.Array` on one CPU device."""

    __slots__ = ("_value", "weak_type", "__weakref__")
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

    def is_fully_addressable(self):
        return True

    is_fully_replicated = property(lambda self: True)

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
