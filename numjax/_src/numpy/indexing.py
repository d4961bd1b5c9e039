"""NumPy indexing for jnp arrays: `x[idx]` and `x.at[idx].set/add/...`.

Static indices (ints, slices, None, Ellipsis) lower to lax.slice/rev/squeeze/reshape; array
indices lower to gather and scatter (numjax._src.lax.indexing). Out-of-bounds static ints
are clamped on read as in JAX; updates out of bounds are dropped.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..lax import slicing as lax_slicing
from ..lax import structural as lax
from .util import to_array

_STATIC_INT = (int, np.integer)


def _is_static_index(i) -> bool:
    return (i is None or i is Ellipsis or isinstance(i, slice)
            or (isinstance(i, _STATIC_INT) and not isinstance(i, bool)))


def _expand_ellipsis(idx, ndim):
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis
                 and not (hasattr(i, "dtype") and i.dtype == np.bool_))
    n_real += sum(i.ndim for i in idx if hasattr(i, "dtype") and i.dtype == np.bool_) if any(
        hasattr(i, "dtype") and i.dtype == np.bool_ for i in idx) else 0
    n_ell = sum(1 for i in idx if i is Ellipsis)
    if n_ell > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if n_real > ndim:
        raise IndexError(f"Too many indices: array is {ndim}-dimensional, but {n_real} were "
                         "indexed")
    if n_ell:
        k = idx.index(Ellipsis)
        return idx[:k] + (slice(None),) * (ndim - n_real) + idx[k + 1:]
    return idx + (slice(None),) * (ndim - n_real)


def normalize_index(idx):
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    for i in idx:
        if isinstance(i, list):
            i = np.asarray(i)
        if isinstance(i, (float, np.floating)) or (
                hasattr(i, "dtype") and not isinstance(i, slice)
                and not (dtypes.is_int(i.dtype) or i.dtype == np.bool_)):
            dt = i.dtype if hasattr(i, "dtype") else np.dtype(np.float64)
            raise TypeError(f"Indexer must have integer or boolean type, got indexer with type "
                            f"{dt}")
        out.append(i)
    return tuple(out)


def getitem(x, idx):
    idx = normalize_index(idx)
    if all(_is_static_index(i) for i in idx):
        return _static_getitem(x, _expand_ellipsis(idx, x.ndim))
    from .advanced_indexing import advanced_getitem

    return advanced_getitem(x, idx)


def _static_getitem(x, idx):
    starts, limits, strides, squeeze_dims, flips, new_axes = [], [], [], [], [], []
    dim = 0
    out_pos = 0
    for i in idx:
        if i is None:
            new_axes.append(out_pos)
            out_pos += 1
            continue
        size = x.shape[dim]
        if isinstance(i, slice):
            start, stop, step = i.indices(size)
            if step > 0:
                n = max(0, -(-(stop - start) // step))
                starts.append(start)
                limits.append(start + (n - 1) * step + 1 if n else start)
                strides.append(step)
            else:
                n = max(0, -(-(start - stop) // -step))
                # Take the reversed range then flip it.
                lo = start + (n - 1) * step if n else 0
                starts.append(lo)
                limits.append(start + 1 if n else 0)
                strides.append(-step)
                flips.append(dim)
            out_pos += 1
        else:
            i = int(i)
            if size == 0:
                raise IndexError(f"index {i} is out of bounds for axis {dim} with size 0")
            i = min(max(i + size if i < 0 else i, 0), size - 1)
            starts.append(i)
            limits.append(i + 1)
            strides.append(1)
            squeeze_dims.append(dim)
        dim += 1
    out = x
    if tuple(starts) != (0,) * len(starts) or tuple(limits) != tuple(x.shape) or any(
            s != 1 for s in strides):
        out = lax_slicing.slice(out, starts, limits, strides)
    if flips:
        out = lax_slicing.rev(out, tuple(flips))
    if squeeze_dims:
        out = lax.squeeze(out, tuple(squeeze_dims))
    if new_axes:
        out = lax.expand_dims(out, tuple(new_axes))
    return out


class _IndexUpdateHelper:
    """`x.at`: indexable, giving an `_IndexUpdateRef` with the update methods."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def __getitem__(self, idx):
        return _IndexUpdateRef(self.array, idx)

    def __repr__(self):
        return f"_IndexUpdateHelper({self.array!r})"


class _IndexUpdateRef:
    """`x.at[idx]`: `.get()`, `.set(v)`, `.add(v)`, `.subtract(v)`, `.multiply(v)`,
    `.divide(v)`, `.power(v)`, `.min(v)`, `.max(v)`, `.apply(f)`; each returns a new array."""

    __slots__ = ("array", "index")

    def __init__(self, array, index):
        self.array = array
        self.index = index

    def __repr__(self):
        return f"_IndexUpdateRef({self.array!r}, {self.index!r})"

    def get(self, *, indices_are_sorted=False, unique_indices=False, mode=None,
            fill_value=None):
        from .advanced_indexing import getitem_with_mode

        return getitem_with_mode(self.array, self.index, mode, fill_value)

    def _scatter(self, kind, values, mode=None):
        from .advanced_indexing import scatter_update

        return scatter_update(self.array, self.index, values, kind, mode)

    def set(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._scatter("set", values, mode)

    def add(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._scatter("add", values, mode)

    def subtract(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        from .ufuncs import negative

        return self._scatter("add", negative(values), mode)

    def multiply(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._scatter("mul", values, mode)

    mul = multiply

    def divide(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        from .ufuncs import reciprocal

        x = to_array(self.array)
        v = to_array(values)
        if not dtypes.is_inexact(x.dtype):
            raise TypeError("at[].divide requires an inexact array")
        return self._scatter("mul", reciprocal(to_array(v, x.dtype)), mode)

    def power(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        from .ufuncs import power

        v = to_array(values)
        return self._per_occurrence(lambda a: power(a, v), mode, values)

    def min(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._scatter("min", values, mode)

    def max(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._scatter("max", values, mode)

    def apply(self, func, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._per_occurrence(func, mode)

    def _per_occurrence(self, func, mode, values=None):
        """As JAX, `func` is applied once per occurrence of a position among the indices
        (an index repeated twice gets `func(func(x))`): each gathered value is iterated as
        many times as its position is named, then written back (repeats write equal values).
        With `values` (`.power`), each occurrence uses its own exponent instead."""
        from ..core import concrete_value
        from ..lax import elementwise as lax_elt
        from ..lax.loops import fori_loop
        from .creation import zeros
        from .reductions import max as reduce_max
        from .ufuncs import greater

        x = to_array(self.array)
        gmode = "clip" if mode == "clip" else "fill"
        counts = zeros(x.shape, np.int32).at[self.index].add(1, mode=mode)
        reps = counts.at[self.index].get(mode=gmode, fill_value=0)
        cur = self.get(mode=gmode, fill_value=0)
        if values is not None and np.ndim(values) > 0:
            # Per-occurrence exponents: (x ** a) ** b == x ** (a * b), so raise each named
            # position once to the product of its exponents.
            from .creation import ones

            exps = ones(x.shape, x.dtype).at[self.index].multiply(values, mode=mode)
            return self._scatter("set", self.get(mode=gmode, fill_value=0) ** (
                exps.at[self.index].get(mode=gmode, fill_value=1)), mode)
        if reps.size == 0:
            return x

        def step(i, v):
            out = to_array(func(v))
            out = lax_elt.convert_element_type(out, v.dtype, v.weak_type)
            out = lax.broadcast_in_dim(out, v.shape, tuple(range(v.ndim - out.ndim, v.ndim)))
            return lax_elt.select(greater(reps, i), out, v)

        n = reduce_max(reps)
        known = concrete_value(n)
        if known is not None:
            for i in range(int(known)):
                cur = step(i, cur)
        else:
            cur = fori_loop(0, n, step, cur)
        return self._scatter("set", cur, mode)

