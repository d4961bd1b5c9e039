"""Python scalars that carry a dtype: `TypedInt`, `TypedFloat`, `TypedComplex`.

JAX 0.10 canonicalizes a Python scalar passed as a differentiated argument (`grad`,
`value_and_grad`, `vjp`) into one of these, and a function that returns that argument
unchanged as an aux output gets it back: `grad(lambda x: (x ** 2, x), has_aux=True)(1.0)[1]`
is `TypedFloat(1.0, dtype=float32)`. They are the builtin numbers in every other respect
(arithmetic gives plain Python numbers), weakly typed, with their dtype kept across x64 modes.
"""

from __future__ import annotations

import numpy as np

from .core import ShapedArray


def _typed(base):
    class Typed(base):
        def __new__(cls, value, dtype):
            v = super().__new__(cls, value)
            v.dtype = np.dtype(dtype)
            return v

        @property
        def aval(self):
            return ShapedArray((), self.dtype, True)

        def __repr__(self):
            return f"{type(self).__name__}({base(self)!r}, dtype={self.dtype.name})"

        def __getnewargs__(self):
            return (base(self), self.dtype)

    Typed.__name__ = Typed.__qualname__ = f"Typed{base.__name__.capitalize()}"
    return Typed


TypedInt = _typed(int)
TypedFloat = _typed(float)
TypedComplex = _typed(complex)
_TYPED = {int: TypedInt, float: TypedFloat, complex: TypedComplex}


def typed_scalar(value, dtype):
    """`value` (a Python int, float or complex) as its typed counterpart of `dtype`."""
    return _TYPED[type(value)](value, dtype)


def is_plain_python_scalar(x) -> bool:
    return type(x) in _TYPED
