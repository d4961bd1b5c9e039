"""Text rendering and Python-scalar conversion of array values, matching ``jax.Array``.

This module owns the exact strings JAX 0.10.2 produces for ``str(x)``, ``repr(x)`` and
``format(x, spec)``, and the checks/errors of ``float(x)``, ``int(x)``, ``complex(x)``,
``bool(x)``, ``operator.index(x)``, ``hex``/``oct``, ``x.item()`` and ``x.tolist()``.
Everything works on the concrete ``np.ndarray`` behind an array, so ``numjax.Array`` can
delegate its dunder methods here. NumPy's current print options are honoured, as in JAX.
"""

from __future__ import annotations

import contextlib
import operator
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np

__all__ = ["CONVERSION_KINDS", "array_repr", "array_str", "format_value", "scalar_conversion"]

_PREFIX = "Array("

# Kinds accepted by scalar_conversion.
CONVERSION_KINDS = ("float", "int", "complex", "bool", "index", "hex", "oct", "item", "tolist")


# NumPy 2 (and so JAX) prints float16/float32 scalars in scientific notation from 1e3/1e6
# up; NumPy 1.x waited until 1e16 for every precision. Both versions agree on the digits
# (shortest round-trip) and on wider types, so only these thresholds are done here.
_SCI_FROM = {np.dtype(np.float16): 1e3, np.dtype(np.float32): 1e6, np.dtype(np.complex64): 1e6}


# NumPy >= 2.2 (and so JAX) also switches arrays of float16/float32 to scientific notation
# from 10**precision (1e3/1e6) instead of 1e8. On older NumPy, NumPy's own float formatter
# is built with scientific notation forced for the values where the two rules disagree.
_OLD_ARRAY_CUTOFF = np.lib.NumpyVersion(np.__version__) < "2.2.0"


def _legacy_cutoff_formatter(value: np.ndarray) -> Any:
    """On NumPy < 2.2, NumPy's float formatter for ``value`` under the current print options,
    with scientific notation forced when NumPy >= 2.2 would pick it; None otherwise."""
    if not _OLD_ARRAY_CUTOFF or value.dtype not in (np.float16, np.float32) or not value.size:
        return None
    opts = np.get_printoptions()
    if opts.get("legacy") or opts.get("formatter"):
        return None
    finite = np.abs(value[np.isfinite(value)])
    finite = finite[finite != 0]
    cutoff = 10.0 ** np.finfo(value.dtype).precision
    if not (finite.size and cutoff <= finite.max() < 1e8):
        return None
    from numpy.core.arrayprint import FloatingFormat  # NumPy < 2 only

    fmt = FloatingFormat(value, opts["precision"], opts["floatmode"], opts["suppress"],
                         sign=opts["sign"], legacy=sys.maxsize)
    fmt.exp_format = True
    fmt.fillFormat(value)
    return fmt


@contextlib.contextmanager
def numpy2_float_rules(value: np.ndarray) -> Iterator[None]:
    """Within this block NumPy's array printing of ``value`` follows NumPy >= 2.2."""
    fmt = _legacy_cutoff_formatter(value)
    if fmt is None:
        yield
        return
    with np.printoptions(formatter={"float_kind": fmt}):
        yield


def _array2string(value: np.ndarray, **kwargs: Any) -> str:
    with numpy2_float_rules(value):
        return np.array2string(value, **kwargs)


def _float_str(x: np.floating, sci_from: float, trim: str) -> str:
    """One real number as NumPy 2 prints a scalar: positional for 1e-4 <= |x| < sci_from
    (and zero), scientific otherwise; ``trim`` is the positional trim mode."""
    if not np.isfinite(x):
        return str(x)
    a = abs(float(x))
    if a == 0 or 1e-4 <= a < sci_from:
        return np.format_float_positional(x, unique=True, trim=trim)
    return np.format_float_scientific(x, unique=True, trim="-")


def scalar_str(value: np.ndarray) -> str:
    """str of a 0-d array's scalar, as NumPy 2 prints it."""
    sci_from = _SCI_FROM.get(value.dtype)
    if sci_from is None or np.get_printoptions().get("legacy", False):
        return str(value)
    x = value[()]
    if value.dtype.kind == "f":
        return _float_str(x, sci_from, "0")
    re, im = _float_str(x.real, sci_from, "-"), _float_str(x.imag, sci_from, "-")
    if x.real == 0 and not np.signbit(x.real):
        return f"{im}j"
    return f"({re}{'' if im[0] == '-' else '+'}{im}j)"


def array_str(value: np.ndarray) -> str:
    """``str(x)``: NumPy's own str of the value; 0-d arrays print as their scalar, with
    NumPy 2's notation rules whatever NumPy version is installed."""
    value = np.asarray(value)
    if value.ndim == 0:
        return scalar_str(value)
    if value.size == 0:
        return str(value)
    return _array2string(value, separator=" ")


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
        body = _array2string(
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
    gives the Python float's repr, as NumPy 2 does on both NumPy versions); n-d arrays defer to ``np.ndarray.__format__``, which only
    accepts an empty spec and raises TypeError otherwise."""
    value = np.asarray(value)
    if value.ndim == 0:
        x = value[()]
        # ml_dtypes scalars (bfloat16, int4, ...) are not np.number: NumPy 2 formats them
        # as their Python value, NumPy 1.x as their str; do the former on both.
        if not isinstance(x, (np.number, np.bool_)):
            x = x.item()
        return format(x, format_spec)
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
