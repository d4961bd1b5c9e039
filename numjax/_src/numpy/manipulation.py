"""jnp array manipulation: tile, repeat, flip, roll, split, diff, pad, tril/triu, diagonals,
block, insert/delete, select, index helpers.

Everything is static-shaped: counts, indices and pad widths are Python values (as in JAX), and
each function lowers to lax slices, pads, concatenations, broadcasts and selects, so all of them
work under jit, vmap and grad. `_take_static` gathers along an axis with a concrete index list
by concatenating maximal runs of consecutive (or reversed) indices.
"""

from __future__ import annotations

import builtins
import itertools
import operator

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer
from ..lax import elementwise as lax
from ..lax import slicing as lax_slicing
from ..lax import structural as lax_struct
from ..lax.lax_extra import split as lax_split
from . import reductions, shape_ops, ufuncs
from .lax_numpy import where
from .util import (
    broadcast_to_shape,
    canonicalize_axis,
    check_arraylike,
    concrete_shape,
    jit_when_traced,
    promote_dtypes,
    to_array,
)

_ARRAY_TYPES = (Array, Tracer)


# ---------------------------------------------------------------------------------------------
# helpers


def _concrete_int(x, name):
    if isinstance(x, Tracer):
        from ..errors import ConcretizationTypeError

        raise ConcretizationTypeError(
            f"The `{name}` argument must be a concrete (static) integer, got a traced value "
            f"{x.aval.str_short()}; use static_argnums under jit.")
    return operator.index(x) if not isinstance(x, Array) else int(x)


def _concrete_array(x, name):
    """A NumPy view of a static argument (list, NumPy array or concrete numjax Array)."""
    if isinstance(x, Tracer):
        from ..errors import ConcretizationTypeError

        raise ConcretizationTypeError(
            f"The `{name}` argument must be concrete (static), got a traced value "
            f"{x.aval.str_short()}; use static_argnums under jit.")
    if isinstance(x, Array):
        return np.asarray(x._value)
    return np.asarray(x)


def _slice_unit(x, start, stop, axis):
    return lax_slicing.slice_in_dim(x, start, stop, 1, axis)


def _slice_strided(x, start, stop, step, axis):
    return lax_slicing.slice_in_dim(x, start, stop, step, axis)


def _sl(x, start, stop, axis, step=1):
    """x[start:stop:step] along `axis` (static, clipped like Python slicing)."""
    n = x.shape[axis]
    start, stop, step = builtins.slice(start, stop, step).indices(n)
    if step > 0:
        stop = builtins.max(stop, start)
        if start == 0 and stop == n and step == 1:
            return x
        if start == stop:
            return _slice_unit(x, start, stop, axis)
        return _slice_strided(x, start, stop, step, axis)
    # negative step: reverse then slice
    count = len(range(start, stop, step))
    if count == 0:
        return _slice_unit(x, 0, 0, axis)
    lo = start + (count - 1) * step
    out = _slice_strided(x, lo, start + 1, -step, axis)
    return lax_slicing.rev(out, (axis,))


def _at(x, i, axis=-1):
    """x[..., i, ...] (static i) along `axis`, dropping the axis."""
    axis = axis % x.ndim
    n = x.shape[axis]
    i = i % n
    out = _slice_unit(x, i, i + 1, axis)
    return lax_struct.squeeze(out, (axis,))


def _take_static(x, idx, axis):
    """x.take(idx, axis) for a concrete 1-d integer index list (no bounds wrap)."""
    idx = [int(i) for i in np.asarray(idx).reshape(-1)]
    if not idx:
        return _sl(x, 0, 0, axis)
    pieces = []
    i = 0
    while i < len(idx):
        j = i + 1
        step = idx[j] - idx[i] if j < len(idx) and abs(idx[j] - idx[i]) == 1 else 0
        if step:
            while j < len(idx) and idx[j] - idx[j - 1] == step:
                j += 1
        else:
            # a run of one index repeated: broadcast a single slice
            while j < len(idx) and idx[j] == idx[i]:
                j += 1
        if step == 1:
            pieces.append(_sl(x, idx[i], idx[j - 1] + 1, axis))
        elif step == -1:
            pieces.append(lax_slicing.rev(_sl(x, idx[j - 1], idx[i] + 1, axis), (axis,)))
        else:
            piece = _sl(x, idx[i], idx[i] + 1, axis)
            if j - i > 1:
                shape = list(piece.shape)
                shape[axis] = j - i
                piece = broadcast_to_shape(piece, shape)
            pieces.append(piece)
        i = j
    if len(pieces) == 1:
        return pieces[0]
    return lax_slicing.concatenate(pieces, axis)


def _zeros_like_scalar(x, value=0):
    return Array(np.array(value, x.dtype), x.weak_type)


def _const(value, dtype, shape=(), weak=False):
    return Array(np.broadcast_to(np.asarray(value, dtype), tuple(shape)), weak)


def _iota(shape, dim):
    return lax_struct.broadcasted_iota(dtypes.default_int_dtype(), shape, dim)


def _int_array(values):
    return Array(np.asarray(values, dtypes.default_int_dtype()))


# ---------------------------------------------------------------------------------------------
# tile, repeat, flips, roll


def tile(A, reps):
    """numpy.tile: repeat the whole array `reps` times along each axis (static reps)."""
    check_arraylike("tile", A)
    x = to_array(A)
    reps = (reps,) if np.ndim(reps) == 0 else tuple(reps)
    reps = tuple(_concrete_int(r, "reps") for r in reps)
    nd = builtins.max(len(reps), x.ndim)
    reps = (1,) * (nd - len(reps)) + reps
    x = shape_ops.reshape(x, (1,) * (nd - x.ndim) + x.shape)
    shape = []
    dims = []
    for i, (r, s) in enumerate(zip(reps, x.shape)):
        shape += [r, s]
        dims.append(2 * i + 1)
    out = lax_struct.broadcast_in_dim(x, tuple(shape), tuple(dims))
    return shape_ops.reshape(out, tuple(r * s for r, s in zip(reps, x.shape)))


def repeat(a, repeats, axis=None, *, total_repeat_length=None):
    """numpy.repeat with static `repeats` (an int or a concrete sequence).

    `total_repeat_length` fixes the output length: extra elements are dropped and missing ones
    repeat the last element, as JAX does.
    """
    check_arraylike("repeat", a)
    x = to_array(a)
    if axis is None:
        x = shape_ops.ravel(x)
        axis = 0
    axis = canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    reps = _concrete_array(repeats, "repeats")
    if reps.ndim == 0:
        r = int(reps)
        if total_repeat_length is None or total_repeat_length == n * r:
            shape = x.shape[:axis + 1] + (r,) + x.shape[axis + 1:]
            dims = tuple(d if d <= axis else d + 1 for d in range(x.ndim))
            out = lax_struct.broadcast_in_dim(x, shape, dims)
            return shape_ops.reshape(out, x.shape[:axis] + (n * r,) + x.shape[axis + 1:])
        reps = np.full((n,), r)
    reps = np.broadcast_to(reps, (n,))
    idx = np.repeat(np.arange(n), reps)
    if total_repeat_length is not None:
        total = int(total_repeat_length)
        if len(idx) >= total:
            idx = idx[:total]
        else:
            idx = np.concatenate([idx, np.full(total - len(idx), idx[-1] if len(idx) else 0)])
    return _take_static(x, idx, axis)


def flip(m, axis=None):
    """numpy.flip: reverse the order of elements along `axis` (all axes by default)."""
    check_arraylike("flip", m)
    return _flip(to_array(m), axis)


@jit_when_traced(static_argnames=("axis",))
def _flip(x, axis):
    if axis is None:
        axes = tuple(range(x.ndim))
    else:
        axes = tuple(canonicalize_axis(a, x.ndim) for a in np.atleast_1d(axis).tolist())
    return lax_slicing.rev(x, axes) if axes else x


def fliplr(m):
    x = to_array(m)
    if x.ndim < 2:
        raise ValueError("fliplr requires an array of dimension >= 2")
    return flip(x, 1)


def flipud(m):
    x = to_array(m)
    if x.ndim < 1:
        raise ValueError("flipud requires an array of dimension >= 1")
    return flip(x, 0)


def rot90(m, k=1, axes=(0, 1)):
    """numpy.rot90: rotate by 90 degrees `k` times in the plane of `axes`."""
    x = to_array(m)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    a0, a1 = (canonicalize_axis(a, x.ndim) for a in axes)
    if a0 == a1:
        raise ValueError("Axes must be different.")
    k = _concrete_int(k, "k") % 4
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, a0), a1)
    perm = list(range(x.ndim))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return shape_ops.transpose(flip(x, a1), perm)
    return flip(shape_ops.transpose(x, perm), a1)


def roll(a, shift, axis=None):
    """numpy.roll with static shifts."""
    check_arraylike("roll", a)
    x = to_array(a)
    if axis is None:
        return shape_ops.reshape(roll(shape_ops.ravel(x), shift, 0), x.shape)
    shifts = np.atleast_1d(_concrete_array(shift, "shift")).tolist()
    axes = np.atleast_1d(axis).tolist()
    shifts, axes = np.broadcast_arrays(shifts, axes)
    for s, ax in zip(shifts.tolist(), axes.tolist()):
        ax = canonicalize_axis(ax, x.ndim)
        n = x.shape[ax]
        if n == 0:
            continue
        s = int(s) % n
        if s:
            x = lax_slicing.concatenate([_sl(x, n - s, n, ax), _sl(x, 0, n - s, ax)], ax)
    return x


def rollaxis(a, axis, start=0):
    """numpy.rollaxis (prefer moveaxis)."""
    x = to_array(a)
    axis = canonicalize_axis(axis, x.ndim)
    start = canonicalize_axis(start, x.ndim + 1)
    if start > axis:
        start -= 1
    return shape_ops.moveaxis(x, axis, start)


# ---------------------------------------------------------------------------------------------
# split


def _split(name, ary, indices_or_sections, axis, uneven):
    check_arraylike(name, ary)
    x = to_array(ary)
    axis = canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    ios = _concrete_array(indices_or_sections, "indices_or_sections")
    if ios.ndim == 0:
        k = int(ios)
        if k <= 0:
            raise ValueError("number sections must be larger than 0.")
        if not uneven and n % k:
            raise ValueError(f"array split does not result in an equal division: {n} into {k}")
        q, r = divmod(n, k)
        sizes = [q + 1] * r + [q] * (k - r)
        bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    else:
        bounds = [0] + [int(i) for i in ios.tolist()] + [n]
    pieces = []
    for lo, hi in itertools.pairwise(bounds):
        lo = builtins.min(builtins.max(lo + n if lo < 0 else lo, 0), n)
        hi = builtins.min(builtins.max(hi + n if hi < 0 else hi, 0), n)
        pieces.append((lo, builtins.max(lo, hi)))
    if all(a[1] == b[0] for a, b in itertools.pairwise(pieces)) and pieces[-1][1] == n:
        # consecutive pieces covering the axis: one `split`, as JAX stages it
        sizes = tuple(np.int64(hi - lo) for lo, hi in pieces)
        return list(lax_split(x, sizes, axis))
    return [_sl(x, lo, hi, axis) for lo, hi in pieces]


def split(ary, indices_or_sections, axis=0):
    """numpy.split: equal sections (an int) or static split points."""
    return _split("split", ary, indices_or_sections, axis, False)


def array_split(ary, indices_or_sections, axis=0):
    """numpy.array_split: like split, but sections may be unequal."""
    return _split("array_split", ary, indices_or_sections, axis, True)


def hsplit(ary, indices_or_sections):
    x = to_array(ary)
    if x.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


def vsplit(ary, indices_or_sections):
    x = to_array(ary)
    if x.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(x, indices_or_sections, 0)


def dsplit(ary, indices_or_sections):
    x = to_array(ary)
    if x.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(x, indices_or_sections, 2)


def unstack(x, /, *, axis=0):
    """The array-API unstack: a tuple of slices along `axis`."""
    x = to_array(x)
    if x.ndim == 0:
        raise ValueError("Unstack requires arrays with rank > 0, however a scalar array was "
                         "passed.")
    axis = canonicalize_axis(axis, x.ndim)
    return tuple(_at(x, i, axis) for i in range(x.shape[axis]))


# ---------------------------------------------------------------------------------------------
# differences


def diff(a, n=1, axis=-1, prepend=None, append=None):
    """numpy.diff: the n-th discrete difference along `axis` (booleans use !=)."""
    check_arraylike("diff", a)
    x = to_array(a)
    n = _concrete_int(n, "n")
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n}")
    if x.ndim == 0:
        raise ValueError(f"diff requires input that is at least one dimensional; got {a}")
    axis = canonicalize_axis(axis, x.ndim)
    parts = []
    for extra in (prepend, None, append):
        if extra is None:
            continue
        e = to_array(extra)
        if e.ndim == 0:
            shape = list(x.shape)
            shape[axis] = 1
            e = broadcast_to_shape(e, shape)
        parts.append(e)
    if prepend is not None or append is not None:
        pre = [parts[0]] if prepend is not None else []
        post = [parts[-1]] if append is not None else []
        x = shape_ops.concatenate(pre + [x] + post, axis)
    for _ in range(n):
        m = x.shape[axis]
        hi, lo = _sl(x, 1, m, axis), _sl(x, 0, builtins.max(m - 1, 0), axis)
        x = lax.ne(hi, lo) if x.dtype == np.bool_ else ufuncs.subtract(hi, lo)
    return x


def ediff1d(ary, to_end=None, to_begin=None):
    """numpy.ediff1d: differences of the flattened array, with optional ends."""
    x = shape_ops.ravel(to_array(ary))
    d = diff(x) if x.size else x
    parts = []
    if to_begin is not None:
        parts.append(shape_ops.ravel(to_array(to_begin)))
    parts.append(d)
    if to_end is not None:
        parts.append(shape_ops.ravel(to_array(to_end)))
    if len(parts) == 1:
        return d
    return lax_slicing.concatenate([to_array(p, d.dtype) for p in parts], 0)


# ---------------------------------------------------------------------------------------------
# pad


def _pad_widths(pad_width, ndim):
    pw = _concrete_array(pad_width, "pad_width")
    if not np.issubdtype(pw.dtype, np.integer) and pw.size:
        if not np.all(pw == np.round(pw)):
            raise TypeError(f"`pad_width` must be of integral type, got {pad_width}")
        pw = pw.astype(np.int64)
    try:
        pw = np.broadcast_to(pw, (ndim, 2))
    except ValueError:
        raise ValueError(f"jnp.pad: pad_width with nd={pw.ndim} has unsupported shape "
                         f"{pw.shape}. Valid shapes are ({ndim}, 2), (1, 2), (2,), (1,), or ()."
                         ) from None
    if np.any(pw < 0):
        raise ValueError("index can't contain negative values")
    return [(int(lo), int(hi)) for lo, hi in pw.tolist()]


def _per_axis_pairs(values, ndim):
    if isinstance(values, _ARRAY_TYPES) and values.ndim == 0:
        return [(values, values)] * ndim
    if np.ndim(values) == 0 and not isinstance(values, _ARRAY_TYPES):
        return [(values, values)] * ndim
    arr = values if isinstance(values, _ARRAY_TYPES) else np.asarray(values)
    shape = np.shape(arr) if not isinstance(arr, _ARRAY_TYPES) else arr.shape
    if isinstance(arr, _ARRAY_TYPES):
        if arr.ndim == 1 and shape[0] == 2:
            return [(_at(arr, 0), _at(arr, 1))] * ndim
        if arr.ndim == 1 and shape[0] == 1:
            return [(_at(arr, 0), _at(arr, 0))] * ndim
        full = shape_ops.broadcast_to(arr, (ndim, 2))
        return [(_at(_at(full, i, 0), 0), _at(_at(full, i, 0), 1)) for i in range(ndim)]
    full = np.broadcast_to(arr, (ndim, 2))
    return [(full[i, 0], full[i, 1]) for i in range(ndim)]


def _pad_constant(x, widths, constant_values):
    if np.ndim(constant_values) == 0:  # one value: one pad, as JAX stages it
        return _pad(x, tuple(tuple(w) for w in widths), constant_values)
    pairs = _per_axis_pairs(constant_values, x.ndim)
    for ax, ((lo, hi), (vlo, vhi)) in enumerate(zip(widths, pairs)):
        for width, v, side in ((lo, vlo, 0), (hi, vhi, 1)):
            if width == 0:
                continue
            v = to_array(v, x.dtype, False)
            if v.ndim:
                v = shape_ops.reshape(v, ())
            config = [(0, 0, 0)] * x.ndim
            config[ax] = (width, 0, 0) if side == 0 else (0, width, 0)
            x = lax_slicing.pad(x, v, config)
    return x


@jit_when_traced(static_argnames=("widths",))
def _pad(x, widths, value):
    v = to_array(value, x.dtype, False)
    # (NumPy ints in the widths, as JAX's staged jnp.pad prints them)
    config = tuple((np.int64(lo), np.int64(hi), 0) for lo, hi in widths)
    return lax_slicing.pad_p.bind(x, v, padding_config=config)


def _pad_index(mode, n, lo, hi):
    """Static source indices along one axis for the index-mapping modes."""
    i = np.arange(-lo, n + hi)
    if mode == "edge":
        return np.clip(i, 0, n - 1)
    if mode == "wrap":
        return i % n
    if mode == "reflect":
        if n == 1:
            return np.zeros_like(i)
        period = 2 * n - 2
        j = i % period
        return np.where(j >= n, period - j, j)
    if mode == "symmetric":
        period = 2 * n
        j = i % period
        return np.where(j >= n, period - 1 - j, j)
    raise AssertionError(mode)


def _round_if_int(v, dtype):
    if dtypes.is_int(dtype) or dtype == np.bool_:
        from .lax_numpy import round as jround

        v = jround(v)
    return to_array(v, dtype, False)


def pad(array, pad_width, mode="constant", **kwargs):
    """numpy.pad with static `pad_width`; modes constant, edge, wrap, reflect (reflect_type
    even/odd), symmetric, linear_ramp, maximum, minimum, mean, empty (zeros), or a callable."""
    check_arraylike("pad", array)
    x = to_array(array)
    widths = _pad_widths(pad_width, x.ndim)
    if callable(mode):
        raise NotImplementedError("jnp.pad with a callable mode is not supported")
    if mode == "constant":
        return _pad_constant(x, widths, kwargs.get("constant_values", 0))
    if mode == "empty":
        return _pad_constant(x, widths, 0)
    if mode in ("edge", "wrap", "reflect", "symmetric"):
        reflect_type = kwargs.get("reflect_type", "even")
        for ax, (lo, hi) in enumerate(widths):
            n = x.shape[ax]
            if lo == hi == 0:
                continue
            if n == 0:
                raise ValueError(f"Cannot apply '{mode}' padding to empty axis")
            padded = _take_static(x, _pad_index(mode, n, lo, hi), ax)
            if mode in ("reflect", "symmetric") and reflect_type == "odd":
                parts = []
                if lo:
                    edge = _sl(x, 0, 1, ax)
                    part = _sl(padded, 0, lo, ax)
                    parts.append(ufuncs.subtract(ufuncs.multiply(2, edge), part))
                parts.append(x)
                if hi:
                    edge = _sl(x, n - 1, n, ax)
                    part = _sl(padded, lo + n, lo + n + hi, ax)
                    parts.append(ufuncs.subtract(ufuncs.multiply(2, edge), part))
                padded = shape_ops.concatenate(parts, ax)
            x = padded
        return x
    if mode == "linear_ramp":
        ends = _per_axis_pairs(kwargs.get("end_values", 0), x.ndim)
        for ax, ((lo, hi), (elo, ehi)) in enumerate(zip(widths, ends)):
            n = x.shape[ax]
            parts = []
            ftype = x.dtype if dtypes.is_inexact(x.dtype) else dtypes.default_float_dtype()
            for width, end, side in ((lo, elo, 0), (hi, ehi, 1)):
                if width == 0:
                    parts.append(None)
                    continue
                edge = _sl(x, 0, 1, ax) if side == 0 else _sl(x, n - 1, n, ax)
                edge = to_array(edge, ftype, False)
                shape = list(x.shape)
                shape[ax] = width
                t = np.arange(width, dtype=ftype) / width
                if side == 1:
                    t = t[::-1]
                t = Array(t.reshape([-1 if d == ax else 1 for d in range(x.ndim)]))
                end = to_array(end, ftype, False)
                ramp = ufuncs.add(end, ufuncs.multiply(ufuncs.subtract(edge, end), t))
                parts.append(_round_if_int(broadcast_to_shape(ramp, shape), x.dtype))
            seq = [p for p in (parts[0], x, parts[1]) if p is not None]
            x = lax_slicing.concatenate(seq, ax) if len(seq) > 1 else x
        return x
    if mode in ("maximum", "minimum", "mean", "median"):
        stat_length = kwargs.get("stat_length", None)
        stat_pairs = _per_axis_pairs(stat_length, x.ndim) if stat_length is not None else None
        for ax, (lo, hi) in enumerate(widths):
            n = x.shape[ax]
            if lo == hi == 0:
                continue
            parts = []
            for width, side in ((lo, 0), (hi, 1)):
                if width == 0:
                    parts.append(None)
                    continue
                length = n
                if stat_pairs is not None:
                    length = builtins.min(int(np.asarray(stat_pairs[ax][side])), n)
                    length = builtins.max(length, 1)
                region = _sl(x, 0, length, ax) if side == 0 else _sl(x, n - length, n, ax)
                if mode == "maximum":
                    stat = reductions.max(region, axis=ax, keepdims=True)
                elif mode == "minimum":
                    stat = reductions.min(region, axis=ax, keepdims=True)
                elif mode == "mean":
                    stat = _round_if_int(reductions.mean(region, axis=ax, keepdims=True), x.dtype)
                else:
                    from .math_extra import median

                    stat = _round_if_int(median(region, axis=ax, keepdims=True), x.dtype)
                shape = list(x.shape)
                shape[ax] = width
                parts.append(broadcast_to_shape(stat, shape))
            seq = [p for p in (parts[0], x, parts[1]) if p is not None]
            x = lax_slicing.concatenate(seq, ax)
        return x
    raise ValueError(f"Unimplemented padding mode '{mode}' for np.pad.")


# ---------------------------------------------------------------------------------------------
# triangles and diagonals


def _tri_mask(shape, k, lower):
    rows = _iota(shape, len(shape) - 2)
    cols = _iota(shape, len(shape) - 1)
    k = _const(k, rows.dtype, shape)
    return lax.ge(ufuncs.add(rows, k), cols) if lower else lax.le(ufuncs.add(rows, k), cols)


def tril(m, k=0):
    """numpy.tril: zero the elements above the k-th diagonal of the last two axes."""
    x = to_array(m)
    if x.ndim < 2:
        raise ValueError("Argument to jax.numpy.tril must be at least 2D")
    k = _concrete_int(k, "k")
    return lax.select(_tri_mask(x.shape, k, True), x, _const(0, x.dtype, x.shape, x.weak_type))


def triu(m, k=0):
    """numpy.triu: zero the elements below the k-th diagonal of the last two axes."""
    x = to_array(m)
    if x.ndim < 2:
        raise ValueError("Argument to jax.numpy.triu must be at least 2D")
    k = _concrete_int(k, "k")
    return lax.select(_tri_mask(x.shape, k, False), x, _const(0, x.dtype, x.shape, x.weak_type))


def tril_indices(n, k=0, m=None):
    return tuple(_int_array(i) for i in np.tril_indices(_concrete_int(n, "n"),
                                                        _concrete_int(k, "k"), m))


def triu_indices(n, k=0, m=None):
    return tuple(_int_array(i) for i in np.triu_indices(_concrete_int(n, "n"),
                                                        _concrete_int(k, "k"), m))


def tril_indices_from(arr, k=0):
    shape = np.shape(arr) if not isinstance(arr, _ARRAY_TYPES) else arr.shape
    if len(shape) != 2:
        raise ValueError("input array must be 2-d")
    return tril_indices(shape[0], k, shape[1])


def triu_indices_from(arr, k=0):
    shape = np.shape(arr) if not isinstance(arr, _ARRAY_TYPES) else arr.shape
    if len(shape) != 2:
        raise ValueError("input array must be 2-d")
    return triu_indices(shape[0], k, shape[1])


def diag_indices(n, ndim=2):
    n, ndim = _concrete_int(n, "n"), _concrete_int(ndim, "ndim")
    if n < 0 or ndim < 0:
        raise ValueError("n and ndim must be non-negative")
    return (_int_array(np.arange(n)),) * ndim


def diag_indices_from(arr):
    x = to_array(arr)
    if x.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(x.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return diag_indices(x.shape[0], x.ndim)


def mask_indices(n, mask_func, k=0, *, size=None):
    m = np.asarray(mask_func(np.ones((n, n), dtype=int), k))
    return tuple(_int_array(i) for i in np.nonzero(m))


def diagonal(a, offset=0, axis1=0, axis2=1):
    """numpy.diagonal: the `offset` diagonal of the (axis1, axis2) planes, as the last axis."""
    check_arraylike("diagonal", a)
    x = to_array(a)
    if x.ndim < 2:
        raise ValueError("diagonal requires an array of at least two dimensions.")
    a1, a2 = canonicalize_axis(axis1, x.ndim), canonicalize_axis(axis2, x.ndim)
    if a1 == a2:
        raise ValueError("axis1 and axis2 must not be equal")
    offset = _concrete_int(offset, "offset")
    x = shape_ops.moveaxis(x, (a1, a2), (-2, -1))
    n, m = x.shape[-2:]
    if offset >= 0:
        length = builtins.max(0, builtins.min(n, m - offset))
        x = _sl(_sl(x, 0, length, x.ndim - 2), offset, offset + length, x.ndim - 1)
    else:
        length = builtins.max(0, builtins.min(n + offset, m))
        x = _sl(_sl(x, -offset, -offset + length, x.ndim - 2), 0, length, x.ndim - 1)
    batch = x.shape[:-2]
    flat = shape_ops.reshape(x, batch + (length * length,))
    if length == 0:
        return flat
    return _sl(flat, 0, length * length, flat.ndim - 1, length + 1)


def diag(v, k=0):
    """numpy.diag: the k-th diagonal of a 2-d array, or a 2-d array with `v` on it."""
    check_arraylike("diag", v)
    x = to_array(v)
    k = _concrete_int(k, "k")
    if x.ndim == 2:
        return diagonal(x, k)
    if x.ndim != 1:
        raise ValueError("diag input must be 1d or 2d")
    n = x.shape[0]
    size = n + abs(k)
    vp = lax_slicing.pad(x, _zeros_like_scalar(x), [(0, abs(k), 0)])
    shape = (size, size)
    rows, cols = _iota(shape, 0), _iota(shape, 1)
    if k >= 0:
        values = lax_struct.broadcast_in_dim(vp, shape, (0,))
        mask = lax.eq(ufuncs.subtract(cols, rows), _const(k, rows.dtype, shape))
    else:
        values = lax_struct.broadcast_in_dim(vp, shape, (1,))
        mask = lax.eq(ufuncs.subtract(rows, cols), _const(-k, rows.dtype, shape))
    return lax.select(mask, values, _const(0, x.dtype, shape, x.weak_type))


def diagflat(v, k=0):
    """numpy.diagflat: a 2-d array with the flattened input on the k-th diagonal."""
    return diag(shape_ops.ravel(to_array(v)), k)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """numpy.trace: sum along a diagonal."""
    if out is not None:
        raise NotImplementedError("The 'out' argument to jnp.trace is not supported.")
    return reductions.sum(diagonal(a, offset, axis1, axis2), axis=-1, dtype=dtype)


def fill_diagonal(a, val, wrap=False, *, inplace=True):
    """numpy.fill_diagonal, returning a new array (JAX arrays are immutable: pass
    inplace=False)."""
    if inplace:
        raise NotImplementedError("JAX arrays are immutable, must use inplace=False")
    x = to_array(a)
    if x.ndim < 2:
        raise ValueError("array must be at least 2-d")
    if x.ndim > 2 and len(set(x.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    if x.ndim == 2:
        n, m = x.shape
        step = m + 1
        end = n * m if wrap else builtins.min(n, m) * m
    else:
        step = int(np.sum(np.cumprod((1,) + x.shape[:-1])))
        end = x.size
    positions = np.arange(0, end, step)
    positions = positions[positions < x.size]
    v = shape_ops.ravel(to_array(val, x.dtype, False))
    if v.size == 0:
        return x
    vidx = np.full(x.size, v.size, dtype=np.int64)
    vidx[positions] = np.arange(len(positions)) % v.size
    vext = lax_slicing.concatenate([v, to_array(np.zeros(1, x.dtype))], 0)
    filled = _take_static(vext, vidx, 0)
    mask = np.zeros(x.size, bool)
    mask[positions] = True
    out = lax.select(Array(mask), filled, shape_ops.ravel(x))
    return shape_ops.reshape(out, x.shape)


def vander(x, N=None, increasing=False):
    """numpy.vander: columns are powers of `x`."""
    x = to_array(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array")
    N = x.shape[0] if N is None else _concrete_int(N, "N")
    if N < 0:
        raise ValueError("N must be nonnegative")
    powers = np.arange(N)
    if not increasing:
        powers = powers[::-1]
    cols = [ufuncs.power(x, int(p)) if p else _one_like(x) for p in powers]
    if not cols:
        return shape_ops.reshape(x, (x.shape[0], 0))
    return shape_ops.stack(cols, axis=1)


def _one_like(x):
    return _const(1, x.dtype, x.shape, x.weak_type)


# ---------------------------------------------------------------------------------------------
# assembling: block, append, insert, delete, resize, trim_zeros


def _block_depth(arrays):
    if isinstance(arrays, list):
        if not arrays:
            raise ValueError("Lists cannot be empty")
        depths = {_block_depth(a) for a in arrays}
        if len(depths) != 1:
            raise ValueError("List depths are mismatched.")
        return depths.pop() + 1
    if isinstance(arrays, tuple):
        raise TypeError("jnp.block does not allow tuples; use lists.")
    return 0


def _block_leaves(arrays):
    if isinstance(arrays, list):
        for a in arrays:
            yield from _block_leaves(a)
    else:
        yield arrays


def block(arrays):
    """numpy.block: assemble an array from nested lists of blocks."""
    depth = _block_depth(arrays)
    leaves = list(_block_leaves(arrays))
    promoted = iter(promote_dtypes(*leaves))
    ndim = builtins.max([depth] + [to_array(x).ndim for x in leaves])

    def go(node, level):
        if not isinstance(node, list):
            x = next(promoted)
            return shape_ops.reshape(x, (1,) * (ndim - x.ndim) + x.shape)
        parts = [go(c, level + 1) for c in node]
        return shape_ops.concatenate(parts, axis=ndim - (depth - level))

    return go(arrays, 0)


def append(arr, values, axis=None):
    """numpy.append."""
    if axis is None:
        return shape_ops.concatenate([shape_ops.ravel(to_array(arr)),
                                      shape_ops.ravel(to_array(values))], 0)
    return shape_ops.concatenate([arr, values], axis)


def _static_obj_indices(obj, n, name):
    if isinstance(obj, builtins.slice):
        return np.arange(n)[obj], False
    o = _concrete_array(obj, name)
    if o.dtype == np.bool_:
        if o.shape != (n,):
            raise ValueError(f"boolean array argument obj to {name} must be one dimensional "
                             f"and match the axis length of {n}")
        return np.nonzero(o)[0], False
    return o.astype(np.int64), o.ndim == 0


def delete(arr, obj, axis=None, *, assume_unique_indices=False):
    """numpy.delete with a static `obj` (int, sequence, slice or boolean mask)."""
    x = to_array(arr)
    if axis is None:
        x = shape_ops.ravel(x)
        axis = 0
    axis = canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    idx, _ = _static_obj_indices(obj, n, "delete")
    idx = np.atleast_1d(idx)
    if np.any((idx < -n) | (idx >= n)):
        raise IndexError(f"index out of bounds for axis {axis} with size {n}")
    keep = np.ones(n, bool)
    keep[idx % n if n else idx] = False
    return _take_static(x, np.nonzero(keep)[0], axis)


def insert(arr, obj, values, axis=None):
    """numpy.insert with a static `obj`."""
    x = to_array(arr)
    if axis is None:
        x = shape_ops.ravel(x)
        axis = 0
    axis = canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    idx, scalar = _static_obj_indices(obj, n, "insert")
    vals = to_array(values, x.dtype, False)
    if scalar:
        vals = shape_ops.reshape(vals, (1,) * (x.ndim - vals.ndim) + vals.shape)
        vals = shape_ops.moveaxis(vals, 0, axis)
        numnew = vals.shape[axis]
        idx = np.full(numnew, int(idx))
    else:
        idx = np.atleast_1d(idx)
        numnew = len(idx)
    idx = np.where(idx < 0, idx + n, idx)
    if np.any((idx < 0) | (idx > n)):
        raise IndexError(f"index out of bounds for axis {axis} with size {n}")
    vshape = list(x.shape)
    vshape[axis] = numnew
    vals = shape_ops.broadcast_to(vals, tuple(vshape))
    order = np.argsort(idx, kind="stable")
    new_pos = np.empty(numnew, np.int64)
    new_pos[order] = idx[order] + np.arange(numnew)
    total = n + numnew
    src = np.empty(total, np.int64)
    is_new = np.zeros(total, bool)
    is_new[new_pos] = True
    src[new_pos] = n + np.arange(numnew)
    src[~is_new] = np.arange(n)
    return _take_static(lax_slicing.concatenate([x, vals], axis), src, axis)


def resize(a, new_shape):
    """numpy.resize: repeat the flattened array cyclically to fill `new_shape`."""
    x = shape_ops.ravel(to_array(a))
    shape = concrete_shape(new_shape)
    size = int(np.prod(shape, dtype=np.int64))
    if any(d < 0 for d in shape):
        raise ValueError("all elements of `new_shape` must be non-negative")
    if x.size == 0 or size == 0:
        return _const(0, x.dtype, shape, x.weak_type)
    reps = -(-size // x.size)
    return shape_ops.reshape(_sl(tile(x, reps), 0, size, 0), shape)


def trim_zeros(filt, trim="fb"):
    """numpy.trim_zeros (needs a concrete input: the output length depends on its values)."""
    x = to_array(filt)
    values = _concrete_array(x, "filt")
    nz = np.nonzero(values)[0]
    if nz.size == 0:
        return _sl(x, 0, 0, 0)
    lo = int(nz[0]) if "f" in trim.lower() else 0
    hi = int(nz[-1]) + 1 if "b" in trim.lower() else len(values)
    return _sl(x, lo, hi, 0)


# ---------------------------------------------------------------------------------------------
# select, piecewise, copy, index helpers


def select(condlist, choicelist, default=0):
    """numpy.select: the first true condition picks its choice; otherwise `default`."""
    if len(condlist) != len(choicelist):
        raise ValueError(f"condlist must have length equal to choicelist ({len(condlist)} vs "
                         f"{len(choicelist)})")
    if len(condlist) == 0:
        raise ValueError("condlist must be non-empty")
    choices = promote_dtypes(default, *choicelist)
    result = choices[0]
    for cond, choice in reversed(list(zip(condlist, choices[1:]))):
        cond = to_array(cond)
        if cond.dtype != np.bool_:
            raise TypeError(f"condlist must be boolean arrays, got {cond.dtype}")
        result = where(cond, choice, result)
    return result


def piecewise(x, condlist, funclist, *args, **kw):
    """numpy.piecewise: every function is evaluated on all of `x` and the results selected."""
    x = to_array(x)
    if isinstance(condlist, _ARRAY_TYPES) and condlist.ndim == x.ndim or (
            not isinstance(condlist, (list, tuple))):
        condlist = [condlist]
    condlist = [to_array(c) for c in condlist]
    funclist = list(funclist)
    if len(funclist) == len(condlist) + 1:
        any_cond = condlist[0]
        for c in condlist[1:]:
            any_cond = ufuncs.logical_or(any_cond, c)
        condlist = condlist + [ufuncs.logical_not(any_cond)]
    elif len(funclist) != len(condlist):
        raise ValueError(f"with {len(condlist)} condition(s), either {len(condlist)} or "
                         f"{len(condlist) + 1} functions are expected")
    result = _const(0, x.dtype, x.shape, x.weak_type)
    for cond, f in zip(condlist, funclist):
        val = f(x, *args, **kw) if callable(f) else f
        val = broadcast_to_shape(to_array(val, x.dtype, False), x.shape)
        result = where(cond, val, result)
    return result


def copy(a, order=None):
    """numpy.copy (arrays are immutable, so this is a fresh handle on the same values)."""
    from .creation import array

    return array(a, copy=True, order=order or "K")


def indices(dimensions, dtype=None, sparse=False):
    """numpy.indices: a grid of index arrays."""
    dims = concrete_shape(dimensions)
    dtype = dtypes.canonicalize_dtype(dtype or dtypes.default_int_dtype())
    out = []
    for i, d in enumerate(dims):
        if sparse:
            shape = tuple(d if j == i else 1 for j in range(len(dims)))
            out.append(lax_struct.broadcasted_iota(dtype, shape, i))
        else:
            out.append(lax_struct.broadcasted_iota(dtype, dims, i))
    if sparse:
        return tuple(out)
    if not out:
        return Array(np.zeros((0,), dtype))
    return shape_ops.stack(out)


def ix_(*args):
    """numpy.ix_: open mesh of 1-d index arrays."""
    out = []
    n = len(args)
    for i, a in enumerate(args):
        x = to_array(a)
        if x.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if x.dtype == np.bool_:
            raise NotImplementedError("jnp.ix_ does not support boolean arguments")
        out.append(shape_ops.reshape(x, tuple(x.shape[0] if j == i else 1 for j in range(n))))
    return tuple(out)


def unravel_index(indices, shape):
    """numpy.unravel_index; out-of-range indices are clipped (JAX's behavior)."""
    x = to_array(indices)
    shape = concrete_shape(shape)
    if not dtypes.is_int(x.dtype):
        raise TypeError("Only integer indices are supported")
    size = int(np.prod(shape, dtype=np.int64))
    x = ufuncs.remainder(x, size) if size else x  # negative indices wrap once
    x = ufuncs.minimum(ufuncs.maximum(x, 0), builtins.max(size - 1, 0))
    out = []
    for d in reversed(shape):
        out.append(ufuncs.remainder(x, d) if d else x)
        x = ufuncs.floor_divide(x, d) if d else x
    return tuple(reversed(out))


def ravel_multi_index(multi_index, dims, mode="raise", order="C"):
    """numpy.ravel_multi_index; mode 'raise' checks concrete indices, 'clip' and 'wrap' as
    NumPy."""
    dims = concrete_shape(dims)
    if len(multi_index) != len(dims):
        raise ValueError(f"parameter multi_index must be a sequence of length {len(dims)}")
    idx = [to_array(i) for i in multi_index]
    for i in idx:
        if not dtypes.is_int(i.dtype):
            raise TypeError("only int indices permitted")
    if mode == "raise":
        for i, d in zip(idx, dims):
            if isinstance(i, Array) and np.any((i._value < 0) | (i._value >= d)):
                raise ValueError("invalid entry in coordinates array")
    elif mode == "clip":
        idx = [ufuncs.minimum(ufuncs.maximum(i, 0), d - 1) for i, d in zip(idx, dims)]
    elif mode == "wrap":
        idx = [ufuncs.remainder(i, d) for i, d in zip(idx, dims)]
    else:
        raise ValueError(f"invalid mode={mode!r}. Expected 'raise', 'wrap', or 'clip'")
    if order == "F":
        strides = np.cumprod((1,) + dims[:-1])
    else:
        strides = np.cumprod((1,) + dims[::-1][:-1])[::-1]
    total = None
    for i, s in zip(idx, strides.tolist()):
        term = ufuncs.multiply(i, int(s))
        total = term if total is None else ufuncs.add(total, term)
    return total


def fromfunction(function, shape, *, dtype=float, **kwargs):
    """numpy.fromfunction: `function` called on the index grids."""
    shape = concrete_shape(shape)
    dtype = dtypes.canonicalize_dtype(dtype)
    grids = [lax_struct.broadcasted_iota(dtype, shape, i) for i in range(len(shape))]
    return function(*grids, **kwargs)


def apply_along_axis(func1d, axis, arr, *args, **kwargs):
    """numpy.apply_along_axis, vectorized with vmap over the other axes."""
    from ..vmap import vmap

    x = to_array(arr)
    axis = canonicalize_axis(axis, x.ndim)
    f = lambda v: func1d(v, *args, **kwargs)
    for i in range(axis + 1, x.ndim):
        f = vmap(f, in_axes=-1, out_axes=-1)
    for i in range(axis):
        f = vmap(f, in_axes=0, out_axes=0)
    return f(x)


def apply_over_axes(func, a, axes):
    """numpy.apply_over_axes: apply a reduction repeatedly, keeping dimensions."""
    x = to_array(a)
    for axis in np.atleast_1d(axes).tolist():
        y = func(x, axis)
        x = y if y.ndim == x.ndim else shape_ops.expand_dims(y, axis)
    return x


def shape(a):
    return np.shape(a) if not isinstance(a, _ARRAY_TYPES) else tuple(a.shape)


def ndim(a):
    return np.ndim(a) if not isinstance(a, _ARRAY_TYPES) else a.ndim


def size(a, axis=None):
    s = shape(a)
    if axis is None:
        return int(np.prod(s, dtype=np.int64))
    return s[axis]


def isscalar(element):
    """jnp.isscalar: Python scalars and 0-d arrays (JAX's definition)."""
    if isinstance(element, (bool, int, float, complex, np.generic)):
        return True
    if isinstance(element, _ARRAY_TYPES):
        return element.ndim == 0
    return False


def iscomplexobj(x):
    if x is None:
        return False
    try:
        dt = x.dtype
    except AttributeError:
        dt = dtypes.result_type(x)
    return dtypes.is_complex(np.dtype(dt))


def isrealobj(x):
    return not iscomplexobj(x)


def iscomplex(x):
    x = to_array(x)
    if not dtypes.is_complex(x.dtype):
        return _const(False, np.bool_, x.shape)
    return lax.ne(ufuncs.imag(x), _const(0, ufuncs.imag(x).dtype, x.shape))


def isreal(x):
    x = to_array(x)
    if not dtypes.is_complex(x.dtype):
        return _const(True, np.bool_, x.shape)
    return lax.eq(ufuncs.imag(x), _const(0, ufuncs.imag(x).dtype, x.shape))


__all__ = [
    "append",
    "apply_along_axis",
    "apply_over_axes",
    "array_split",
    "block",
    "copy",
    "delete",
    "diag",
    "diag_indices",
    "diag_indices_from",
    "diagflat",
    "diagonal",
    "diff",
    "dsplit",
    "ediff1d",
    "fill_diagonal",
    "flip",
    "fliplr",
    "flipud",
    "fromfunction",
    "hsplit",
    "indices",
    "insert",
    "iscomplex",
    "iscomplexobj",
    "isreal",
    "isrealobj",
    "isscalar",
    "ix_",
    "mask_indices",
    "ndim",
    "pad",
    "piecewise",
    "ravel_multi_index",
    "repeat",
    "resize",
    "roll",
    "rollaxis",
    "rot90",
    "select",
    "shape",
    "size",
    "split",
    "tile",
    "trace",
    "tril",
    "tril_indices",
    "tril_indices_from",
    "trim_zeros",
    "triu",
    "triu_indices",
    "triu_indices_from",
    "unravel_index",
    "unstack",
    "vander",
    "vsplit",
]
