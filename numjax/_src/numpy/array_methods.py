"""Operators and methods of `numjax.Array` and of tracers, installed here (the numpy layer owns
them, so core never imports jnp). Both classes get the same set, so traced code reads like
eager code.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..core import Tracer
from . import indexing, lax_numpy, reductions, shape_ops, ufuncs
from .util import to_array


def _binop(fn):
    def op(self, other):
        if type(other) is not Array and not _is_operand(other):
            return NotImplemented
        return fn(self, other)

    return op


def _rbinop(fn):
    def op(self, other):
        if type(other) is not Array and not _is_operand(other):
            return NotImplemented
        return fn(other, self)

    return op


def _is_operand(x) -> bool:
    return isinstance(x, (Array, Tracer, np.ndarray, np.generic, bool, int, float, complex))


def _matmul(a, b):
    return lax_numpy.matmul(a, b)


def _astype(self, dtype, copy=False, device=None):
    from .. import dtypes

    return to_array(self, dtypes.canonicalize_user_dtype(dtype, "astype"), False)


def _reshape(self, *shape, order="C", **kwargs):
    if "shape" in kwargs:
        shape = kwargs["shape"]
    elif len(shape) == 1 and not isinstance(shape[0], int):
        shape = shape[0]
    return shape_ops.reshape(self, shape, order)


def _transpose(self, *axes):
    if len(axes) == 1 and not isinstance(axes[0], int):
        axes = axes[0]
    return shape_ops.transpose(self, axes or None)


def _item_size(self):
    return self.dtype.itemsize


_OPERATORS = {
    "__add__": _binop(ufuncs.add), "__radd__": _rbinop(ufuncs.add),
    "__sub__": _binop(ufuncs.subtract), "__rsub__": _rbinop(ufuncs.subtract),
    "__mul__": _binop(ufuncs.multiply), "__rmul__": _rbinop(ufuncs.multiply),
    "__truediv__": _binop(ufuncs.true_divide), "__rtruediv__": _rbinop(ufuncs.true_divide),
    "__floordiv__": _binop(ufuncs.floor_divide), "__rfloordiv__": _rbinop(ufuncs.floor_divide),
    "__mod__": _binop(ufuncs.remainder), "__rmod__": _rbinop(ufuncs.remainder),
    "__divmod__": _binop(ufuncs.divmod), "__rdivmod__": _rbinop(ufuncs.divmod),
    "__pow__": _binop(ufuncs.power), "__rpow__": _rbinop(ufuncs.power),
    "__matmul__": _binop(_matmul), "__rmatmul__": _rbinop(_matmul),
    "__and__": _binop(ufuncs.bitwise_and), "__rand__": _rbinop(ufuncs.bitwise_and),
    "__or__": _binop(ufuncs.bitwise_or), "__ror__": _rbinop(ufuncs.bitwise_or),
    "__xor__": _binop(ufuncs.bitwise_xor), "__rxor__": _rbinop(ufuncs.bitwise_xor),
    "__lshift__": _binop(ufuncs.left_shift), "__rlshift__": _rbinop(ufuncs.left_shift),
    "__rshift__": _binop(ufuncs.right_shift), "__rrshift__": _rbinop(ufuncs.right_shift),
    "__eq__": _binop(ufuncs.equal), "__ne__": _binop(ufuncs.not_equal),
    "__lt__": _binop(ufuncs.less), "__le__": _binop(ufuncs.less_equal),
    "__gt__": _binop(ufuncs.greater), "__ge__": _binop(ufuncs.greater_equal),
    "__neg__": ufuncs.negative, "__pos__": ufuncs.positive, "__abs__": ufuncs.absolute,
    "__invert__": ufuncs.bitwise_not,
    "__getitem__": indexing.getitem,
    "__round__": lambda self, ndigits=None: (
        lax_numpy.round(self, ndigits or 0) if ndigits is not None else round(float(self))),
}

_METHODS = {
    "sum": reductions.sum, "prod": reductions.prod, "max": reductions.max,
    "min": reductions.min, "mean": reductions.mean, "var": reductions.var,
    "std": reductions.std, "all": reductions.all, "any": reductions.any,
    "argmax": reductions.argmax, "argmin": reductions.argmin, "ptp": reductions.ptp,
    "reshape": _reshape, "transpose": _transpose, "astype": _astype,
    "squeeze": shape_ops.squeeze, "ravel": shape_ops.ravel,
    "flatten": shape_ops.ravel, "swapaxes": shape_ops.swapaxes,
    "clip": lax_numpy.clip, "round": lax_numpy.round, "dot": lax_numpy.dot,
    "conj": ufuncs.conjugate, "conjugate": ufuncs.conjugate,
}

_PROPERTIES = {
    "T": lambda self: shape_ops.transpose(self),
    "mT": lambda self: shape_ops.matrix_transpose(self),
    "real": ufuncs.real,
    "imag": ufuncs.imag,
    "at": indexing._IndexUpdateHelper,
    "itemsize": _item_size,
}


def register_method(name, fn):
    """Adds a method to Array and tracers (used by modules that define more of them)."""
    for cls in (Array, Tracer):
        setattr(cls, name, fn)


def install():
    for cls in (Array, Tracer):
        for name, fn in {**_OPERATORS, **_METHODS}.items():
            setattr(cls, name, fn)
        for name, fn in _PROPERTIES.items():
            if cls is Array and name == "itemsize":
                continue
            setattr(cls, name, property(fn))


install()
