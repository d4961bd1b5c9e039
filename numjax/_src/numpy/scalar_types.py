"""jnp scalar types: `jnp.float32(1.5)` is a strong 0-d Array; `jnp.float32` is also a dtype-like
(usable in `dtype=`, `issubdtype`, `astype`), as in JAX."""

from __future__ import annotations

import numpy as np

from .. import dtypes


class _ScalarMeta(type):
    def __instancecheck__(cls, instance):
        return isinstance(instance, cls.dtype.type)

    def __repr__(cls):
        return f"<class 'jax.numpy.{cls.__name__}'>"


def _make(name, np_type):
    def __new__(cls, x=0):
        from .creation import array

        return array(x, dtype=cls.dtype)

    return _ScalarMeta(name, (object,), {"dtype": np.dtype(np_type), "__new__": __new__})


bool_ = _make("bool", np.bool_)
int8 = _make("int8", np.int8)
int16 = _make("int16", np.int16)
int32 = _make("int32", np.int32)
int64 = _make("int64", np.int64)
uint8 = _make("uint8", np.uint8)
uint16 = _make("uint16", np.uint16)
uint32 = _make("uint32", np.uint32)
uint64 = _make("uint64", np.uint64)
float16 = _make("float16", np.float16)
float32 = _make("float32", np.float32)
float64 = _make("float64", np.float64)
complex64 = _make("complex64", np.complex64)
complex128 = _make("complex128", np.complex128)
int_ = int64
uint = uint64
float_ = float64
complex_ = complex128
del dtypes
