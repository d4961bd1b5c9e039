"""jnp set operations: isin, union1d, intersect1d, setdiff1d, setxor1d and the array-API
unique_* functions.

All are computed with sort + mask + nonzero, so they work under jit, vmap and grad. Results
have data-dependent lengths: under jit pass a static `size` (padded with `fill_value`; JAX's
defaults: the first result entry, 0 for setdiff1d); without it the mask must be concrete and
its count gives the length."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import dtypes
from ..array import Array
from .extra_functions import _concrete, _jnp
from .searching import _need_size


def _flat_pair(ar1, ar2):
    jnp = _jnp()
    from .util import promote_dtypes

    a, b = promote_dtypes(ar1, ar2)
    return jnp.ravel(a), jnp.ravel(b)


def _value(x, name):
    return _concrete(x, name, _need_size(name))


def isin(
    element, test_elements, assume_unique: bool = False, invert: bool = False, *, method="auto"
):
    """numpy.isin: whether each element occurs in `test_elements` (an all-pairs comparison,
    so it works under every transformation)."""
    jnp = _jnp()
    element = jnp.asarray(element)
    test = jnp.ravel(jnp.asarray(test_elements))
    if test.size == 0:
        found = jnp.zeros(element.shape, bool)
    else:
        found = jnp.any(element[..., None] == test, axis=-1)
    return ~found if invert else found


def _first_flags(s, equal_nan=False):
    """True where a sorted 1-d array holds the first copy of a value (NaNs, sorted last, are
    one value when `equal_nan`)."""
    jnp = _jnp()
    if s.shape[0] == 0:
        return jnp.zeros((0,), bool)
    new = s[1:] != s[:-1]
    if equal_nan and dtypes.is_inexact(s.dtype):
        new = new & ~(jnp.isnan(s[1:]) & jnp.isnan(s[:-1]))
    return jnp.concatenate([jnp.ones((1,), bool), new])


def _compact(name, vals, mask, size, fill_value, default_fill=None):
    """The entries of `vals` where `mask` holds, in order, padded to `size` with
    `fill_value` (default: `default_fill`, else the first kept entry). Without `size` the
    mask must be concrete; the values stay differentiable either way."""
    jnp = _jnp()
    if size is None:
        size = int(np.count_nonzero(_value(mask, name)))
    (pos,) = jnp.nonzero(mask, size=size, fill_value=-1)
    if vals.shape[0] == 0:
        picked = jnp.zeros((size,), vals.dtype)
    else:
        picked = jnp.take(vals, jnp.maximum(pos, 0))
    if size == 0:
        return picked
    if fill_value is None:
        fill = picked[0] if default_fill is None else jnp.asarray(default_fill, vals.dtype)
    else:
        fill = jnp.asarray(fill_value, vals.dtype)
    return jnp.where(pos >= 0, picked, fill)


def _unique_sorted(name, x, size, fill_value):
    s = _jnp().sort(x)
    return _compact(name, s, _first_flags(s), size, fill_value)


def union1d(ar1, ar2, *, size=None, fill_value=None):
    """numpy.union1d: sorted unique values of both arrays."""
    a, b = _flat_pair(ar1, ar2)
    return _unique_sorted("union1d", _jnp().concatenate([a, b]), size, fill_value)


def setdiff1d(ar1, ar2, assume_unique: bool = False, *, size=None, fill_value=None):
    """numpy.setdiff1d: sorted unique values of ar1 not in ar2 (padding defaults to 0)."""
    a, b = _flat_pair(ar1, ar2)
    s = _jnp().sort(a)
    mask = _first_flags(s) & ~isin(s, b)
    return _compact("setdiff1d", s, mask, size, fill_value, default_fill=0)


def setxor1d(ar1, ar2, assume_unique: bool = False, *, size=None, fill_value=None):
    """numpy.setxor1d: sorted unique values in exactly one of the arrays."""
    jnp = _jnp()
    a, b = _flat_pair(ar1, ar2)
    sa, sb = jnp.sort(a), jnp.sort(b)
    vals = jnp.concatenate([sa, sb])
    mask = jnp.concatenate([_first_flags(sa) & ~isin(sa, b), _first_flags(sb) & ~isin(sb, a)])
    # the kept values are distinct, so sorting them (masked ones last) keeps the result sorted
    order = jnp.lexsort((vals, ~mask))
    return _compact("setxor1d", jnp.take(vals, order), jnp.take(mask, order), size, fill_value)


def intersect1d(
    ar1,
    ar2,
    assume_unique: bool = False,
    return_indices: bool = False,
    *,
    size=None,
    fill_value=None,
):
    """numpy.intersect1d: sorted unique values in both arrays; return_indices also gives the
    first positions of each value in ar1 and ar2 (padded with len(ar1), len(ar2), as JAX)."""
    jnp = _jnp()
    a, b = _flat_pair(ar1, ar2)
    order_a = jnp.argsort(a, stable=True)
    sa = jnp.take(a, order_a)
    mask = _first_flags(sa) & isin(sa, b)
    if size is None:
        size = int(np.count_nonzero(_value(mask, "intersect1d")))
    vals = _compact("intersect1d", sa, mask, size, fill_value)
    if not return_indices:
        return vals
    order_b = jnp.argsort(b, stable=True)
    sb = jnp.take(b, order_b)
    idx_a = _compact("intersect1d", order_a, mask, size, a.shape[0])
    mask_b = _first_flags(sb) & isin(sb, a)
    idx_b = _compact("intersect1d", order_b, mask_b, size, b.shape[0])
    return vals, idx_a, idx_b


class _UniqueAllResult(NamedTuple):
    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class _UniqueCountsResult(NamedTuple):
    values: Array
    counts: Array


class _UniqueInverseResult(NamedTuple):
    values: Array
    inverse_indices: Array


def _unique_parts(x, name, size, fill_value, equal_nan=False):
    """Sorted unique values, first indices, inverse indices (x's shape) and counts, padded to
    `size` as JAX pads them: values and indices with the first entry, counts with 0."""
    jnp = _jnp()
    x = jnp.asarray(x)
    flat = jnp.ravel(x)
    order = jnp.argsort(flat, stable=True)
    s = jnp.take(flat, order)
    first = _first_flags(s, equal_nan)
    if size is None:
        size = int(np.count_nonzero(_value(first, name)))
    values = _compact(name, s, first, size, fill_value)
    index = _compact(name, order, first, size, None)
    group = jnp.cumsum(first) - 1  # group of each sorted entry
    inverse = jnp.zeros(flat.shape, group.dtype).at[order].set(group).reshape(x.shape)
    counts = jnp.zeros((size,), group.dtype).at[group].add(1, mode="drop")
    int_t = dtypes.default_int_dtype()
    return values, index.astype(int_t), inverse.astype(int_t), counts.astype(int_t)


def unique_all(x, /, *, size=None, fill_value=None):
    """Array API unique_all: values, first indices, inverse indices (x's shape), counts."""
    return _UniqueAllResult(*_unique_parts(x, "unique_all", size, fill_value))


def unique_counts(x, /, *, size=None, fill_value=None):
    """Array API unique_counts: sorted unique values and their counts."""
    vals, _, _, counts = _unique_parts(x, "unique_counts", size, fill_value)
    return _UniqueCountsResult(vals, counts)


def unique_inverse(x, /, *, size=None, fill_value=None):
    """Array API unique_inverse: sorted unique values and inverse indices of x's shape."""
    vals, _, inverse, _ = _unique_parts(x, "unique_inverse", size, fill_value)
    return _UniqueInverseResult(vals, inverse)


def unique_values(x, /, *, size=None, fill_value=None):
    """Array API unique_values: sorted unique values of ravel(x)."""
    jnp = _jnp()
    return _unique_sorted("unique_values", jnp.ravel(jnp.asarray(x)), size, fill_value)
