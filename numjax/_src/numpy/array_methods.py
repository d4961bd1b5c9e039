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
    elif len(shape) == 1:  # x.reshape(7) passes 7, as JAX's error messages show
        shape = shape[0]
    return shape_ops.reshape(self, shape, order)


def _transpose(self, *axes):
    if len(axes) == 1 and not isinstance(axes[0], int):
        axes = axes[0]
    return shape_ops.transpose(self, axes or None)


def _item_size(self):
    return self.dtype.itemsize


def _eq_op(fn):
    """`==`/`!=`: a list or tuple operand is refused with a TypeError, as JAX does (NumPy would
    compare elementwise, Python would answer False); other foreign types compare unequal."""
    op = _binop(fn)

    def eq(self, other):
        if isinstance(other, (list, tuple)):
            raise TypeError("unsupported operand type(s) for ==: "
                            f"'{type(self).__name__}' and '{type(other).__name__}'")
        return op(self, other)

    return eq


def _round(self, ndigits=None):
    """`round(x)` is an integer array (round half to even), `round(x, n)` a float one."""
    if ndigits is not None:
        return lax_numpy.round(self, ndigits)
    if self.dtype == np.bool_:
        raise ValueError("data type <class 'numpy.bool'> not inexact")
    return _astype(lax_numpy.round(ufuncs.real(self)), int)


def _contains(self, item):
    if self.ndim != 1:
        raise ValueError("Array.__contains__: search array must be one-dimensional, got "
                         f"arr.shape={self.shape}.")
    if np.ndim(item) != 0:
        raise ValueError("Array.__contains__: query value must be a scalar, got "
                         f"query.shape={np.shape(item)}")
    return bool(reductions.any(ufuncs.equal(self, item)))


def _view(self, dtype=None, type=None):
    """ndarray.view: the same bytes read as `dtype`; the last axis grows or shrinks by the
    itemsize ratio (lax.bitcast_convert_type, so it traces and differentiates like JAX's)."""
    from .. import dtypes
    from ..lax.bitcast import bitcast_convert_type

    if type is not None:
        raise NotImplementedError("`type` argument of array.view() is not supported.")
    if dtype is None:
        return self
    x, new = self, np.dtype(dtypes.canonicalize_user_dtype(dtype, "view"))
    if new == x.dtype:
        return x
    if x.dtype == np.bool_:
        x = x.astype(np.uint8)
    old = x.dtype
    if old.itemsize == new.itemsize:
        out = bitcast_convert_type(x, np.uint8 if new == np.bool_ else new)
        return out.astype(np.bool_) if new == np.bool_ else out
    if x.ndim == 0:
        raise ValueError("view() of a 0d array is only supported if the itemsize is unchanged.")
    if new == np.bool_:
        return _view(x, np.uint8).astype(np.bool_)
    if new.itemsize < old.itemsize:
        out = bitcast_convert_type(x, new)  # adds a trailing axis of the itemsize ratio
        return shape_ops.reshape(out, (*x.shape[:-1], -1), "C")
    ratio = new.itemsize // old.itemsize
    if x.shape[-1] % ratio:
        raise ValueError("When changing to a larger dtype, its size must be a divisor of the "
                         "total size in bytes of the last axis of the array.")
    x = shape_ops.reshape(x, (*x.shape[:-1], x.shape[-1] // ratio, ratio), "C")
    return bitcast_convert_type(x, new)


def _byteswap(self):
    """ndarray.byteswap (out of place): each element's bytes in reverse order."""
    if self.dtype.itemsize == 1:
        return self
    b = _view(shape_ops.reshape(self, (*self.shape, 1), "C"), np.uint8)  # (..., itemsize)
    return shape_ops.reshape(_view(b[..., ::-1], self.dtype), self.shape, "C")


def _array_namespace(self, *, api_version=None):
    if api_version not in (None, "2024.12"):
        raise ValueError(f"{api_version=!r} is not available; available versions are: "
                         "['2024.12']")
    import numjax.numpy

    return numjax.numpy


def _extra_method(name):
    """A jnp function as a method, imported on first call (those modules import this one)."""

    def method(self, *args, **kwargs):
        from . import namespace as jnp

        if name == "compress":  # x.compress(condition) is jnp.compress(condition, x)
            return jnp.compress(args[0], self, *args[1:], **kwargs)
        return getattr(jnp, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


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
    "__eq__": _eq_op(ufuncs.equal), "__ne__": _eq_op(ufuncs.not_equal),
    "__lt__": _binop(ufuncs.less), "__le__": _binop(ufuncs.less_equal),
    "__gt__": _binop(ufuncs.greater), "__ge__": _binop(ufuncs.greater_equal),
    "__neg__": ufuncs.negative, "__pos__": ufuncs.positive, "__abs__": ufuncs.absolute,
    "__invert__": ufuncs.bitwise_not,
    "__getitem__": indexing.getitem,
    "__round__": _round,
    "__contains__": _contains,
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
    "view": _view, "byteswap": _byteswap,
    "argpartition": _extra_method("argpartition"), "choose": _extra_method("choose"),
    "compress": _extra_method("compress"), "__array_namespace__": _array_namespace,
}

_PROPERTIES = {
    "T": lambda self: shape_ops.transpose(self),
    "mT": lambda self: shape_ops.matrix_transpose(self),
    "real": ufuncs.real,
    "imag": ufuncs.imag,
    "at": indexing._IndexUpdateHelper,
    "itemsize": _item_size,
}


def _tracer_tobytes(self, order="C"):
    from ..errors import ConcretizationTypeError

    value = self._require_concrete(
        ConcretizationTypeError,
        "Abstract tracer value encountered where concrete value is expected: traced array "
        f"with shape {self._shape_text()}",
        f"The tobytes() method was called on traced array with shape {self._shape_text()}.")
    return np.asarray(value).tobytes(order)


def _tracer_sharding(self):
    raise AttributeError(
        "The 'sharding' attribute is not available on traced array with shape "
        f"{self._shape_text()}. To query sharding information on tracers, use "
        "`jax.typeof(x)`.")


# Array has these from its concrete value; a tracer answers from its aval or refuses.
_TRACER_METHODS = {"tobytes": _tracer_tobytes}
_TRACER_PROPERTIES = {
    "nbytes": lambda self: self.size * self.dtype.itemsize,
    "sharding": _tracer_sharding,
}


def register_method(name, fn):
    """Adds a method to Array and tracers (used by modules that define more of them)."""
    for cls in (Array, Tracer):
        setattr(cls, name, fn)


def install():
    from ..array import register_array_type

    register_array_type(Tracer)  # isinstance(tracer, numjax.Array), as with jax.Array
    for cls in (Array, Tracer):
        for name, fn in {**_OPERATORS, **_METHODS}.items():
            setattr(cls, name, fn)
        for name, fn in _PROPERTIES.items():
            if cls is Array and name == "itemsize":
                continue
            setattr(cls, name, property(fn))
    for name, fn in _TRACER_METHODS.items():
        setattr(Tracer, name, fn)
    for name, fn in _TRACER_PROPERTIES.items():
        setattr(Tracer, name, property(fn))


install()
