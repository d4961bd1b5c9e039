"""Text rendering and Python-scalar conversion of array values, matching ``jax.Array``.

This module owns the exact strings JAX 0.10.2 produces for ``str(x)``, ``repr(x)`` and
``format(x, spec)``, and the checks/errors of ``float(x)``, ``int(x)``, ``complex(x)``,
``bool(x)``, ``operator.index(x)``, ``hex``/``oct``, ``x.item()`` and ``x.tolist()``.
Everything works on the concrete ``np.ndarray`` behind an array, so ``numjax.Array`` can
delegate its dunder methods here. NumPy's current print options are honoured, as in JAX.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

__all__ = ["CONVERSION_KINDS", "array_repr", "array_str", "format_value", "scalar_conversion"]

_PREFIX = "Array("

# Kinds accepted by scalar_conversion.
CONVERSION_KINDS = ("float", "int", "complex", "bool", "index", "hex", "oct", "item", "tolist")


def array_str(value: np.ndarray) -> str:
    """``str(x)``: NumPy's own str of the value (0-d arrays print as their scalar)."""
    return str(np.asarray(value))


def array_repr(value: np.ndarray, weak_type: bool = False) -> str:
    """``repr(x)``: ``Array(<array2string body>, dtype=..., [weak_type=True])``."""
    value = np.asarray(value)
    dtype_part = f"dtype={value.dtype.name}"
    if weak_type:
        dtype_part += ", weak_type=True"
    width = np.get_printoptions()["linewidth"]
    if value.size == 0:
        body = f"[], shape={value.shape}"
    else:
        # Continuation lines are indented under the prefix; the suffix "," is reserved so
        # that the last element never overflows once the comma is appended.
        body = np.array2string(
            value, max_line_width=width, separator=", ", prefix=_PREFIX, suffix=","
        )
    # Last-line length as JAX counts it: the characters after the final newline plus two
    # (the "Array(" prefix of a one-line repr is not counted).
    last_len = len(body) - body.rfind("\n") + 1
    # Too long for one line: pad with spaces as wide as the prefix, on the same line.
    gap = " " * len(_PREFIX) if last_len + len(dtype_part) + 2 > width else " "
    return f"{_PREFIX}{body},{gap}{dtype_part})"


def format_value(value: np.ndarray, format_spec: str) -> str:
    """``format(x, spec)``: 0-d arrays format their NumPy scalar (so ``f'{x}'`` of a float32
    gives the Python float's repr); n-d arrays defer to ``np.ndarray.__format__``, which only
    accepts an empty spec and raises TypeError otherwise."""
    value = np.asarray(value)
    if value.ndim == 0:
        return format(value[()], format_spec)
    return format(value, format_spec)


def _check_scalar(value: np.ndarray) -> None:
    if value.ndim > 0:
        raise TypeError(
            f"Only scalar arrays can be converted to Python scalars; got arr.ndim={value.ndim}"
        )


def _check_integer(value: np.ndarray) -> None:
    if not (value.shape == () and np.issubdtype(value.dtype, np.integer)):
        raise TypeError("Only integer scalar arrays can be converted to a scalar index.")


def _check_bool(value: np.ndarray) -> None:
    if value.size == 0:
        raise ValueError(
            "The truth value of an empty array is ambiguous. Use `array.size > 0` to check"
            " that an array is not empty."
        )
    if value.size > 1:
        raise ValueError(
            "The truth value of an array with more than one element is ambiguous."
            " Use a.any() or a.all()"
        )


def scalar_conversion(value: np.ndarray, kind: str, *args: Any) -> Any:
    """Python-level conversion of an array value, with JAX's checks and error messages.

    ``kind`` is one of ``CONVERSION_KINDS``: ``"float"``, ``"int"``, ``"complex"`` (only 0-d
    arrays, TypeError otherwise), ``"bool"`` (any size-1 array, ValueError for empty or
    larger ones), ``"index"``/``"hex"``/``"oct"`` (0-d integer arrays only), ``"item"``
    (NumPy's ``item(*args)``) and ``"tolist"``.
    """
    value = np.asarray(value)
    if kind == "float":
        _check_scalar(value)
        return value.__float__()
    if kind == "int":
        _check_scalar(value)
        return value.__int__()
    if kind == "complex":
        _check_scalar(value)
        return value.__complex__()
    if kind == "bool":
        _check_bool(value)
        return bool(value)
    if kind == "index":
        _check_integer(value)
        return operator.index(value)
    if kind == "hex":
        _check_integer(value)
        return hex(value)
    if kind == "oct":
        _check_integer(value)
        return oct(value)
    if kind == "item":
        return value.item(*args)
    if kind == "tolist":
        return value.tolist()
    raise ValueError(f"unknown conversion kind {kind!r}; expected one of {CONVERSION_KINDS}")
