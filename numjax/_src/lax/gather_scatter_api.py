"""jax.lax.gather and the jax.lax.scatter family with XLA's dimension numbers.

numjax has one point-form gather and one point-form scatter per combiner (indexing.py): every
index row names one element. XLA's form takes a *window* of `slice_sizes` at each start, with
batching dims and per-window out-of-bounds rules. This module translates the second into the
first: it builds, with lax operations, the operand coordinates of every element of every
window, so grad, vmap and jit come from the point primitives' rules.

Operand dims that are taken whole (not indexed, not batched, window == operand size) are left
to the point primitive as trailing dims, so `x[i]`-style gathers index one axis only.

Out-of-bounds rules (as JAX 0.10.2 on CPU): a gather in "clip"/"promise_in_bounds" mode (the
default) clamps each start so its window fits; in "fill" mode a window that does not fit is
all `fill_value`. A scatter in "clip" mode clamps the same way; otherwise (the default
"fill"/"drop", and "promise_in_bounds") a window that does not fit is dropped whole.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import get_aval
from . import elementwise as ew
from . import indexing
from .enums import GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers
from .helpers import full_like
from .slicing import concatenate, slice_in_dim
from .structural import broadcast_in_dim, broadcasted_iota, reshape, transpose


def _arr(x):
    from .lax_extra import _arr as arr

    return arr(x)


def _tuple(xs):
    return tuple(int(v) for v in xs)


def _index_dtype(idx_dtype):
    return np.dtype(np.int64) if np.dtype(idx_dtype).itemsize == 8 else np.dtype(np.int32)


def _check_sorted_unique_in(op, name, dims, bound):
    if list(dims) != sorted(dims):
        raise TypeError(f"{name} in {op} op must be sorted; got {dims}")
    if len(set(dims)) != len(dims):
        raise TypeError(f"{name} in {op} op must not repeat; got: {dims}.")
    for d in dims:
        if not 0 <= d < bound:
            raise TypeError(f"Invalid {name} set in {op} op; valid range is [0, {bound}); "
                            f"got: {d}.")


def _check_indices(op, idx_aval, n_map, map_name):
    if not dtypes.is_int(idx_aval.dtype):
        raise ValueError("indices must have an integer type")
    nb = idx_aval.ndim - 1
    if idx_aval.ndim == 0 or idx_aval.shape[-1] != n_map:
        bound = idx_aval.shape[-1] if idx_aval.ndim else 1
        raise TypeError(f"{op} op has {n_map} elements in {map_name} and the bound of "
                        f"dimension index_vector_dim={max(nb, 0)} of indices is {bound}. "
                        f"These two numbers must be equal.")


def _check_map(op, map_name, dims, rank, batching, batching_name):
    if len(set(dims)) != len(dims):
        raise TypeError(f"{map_name} in {op} op must not repeat; got: {dims}.")
    for d in dims:
        if not 0 <= d < rank:
            raise TypeError(f"Invalid {map_name}; domain is [0, {rank}), got: "
                            f"{dims.index(d)}->{d}.")
    if set(dims) & set(batching):
        raise TypeError(f"{map_name} and {batching_name} in {op} op must be disjoint; got: "
                        f"{dims} and {batching}.")


def _starts(idx, j, batch_shape):
    """Column `j` of the index vectors, shape `batch_shape`."""
    return reshape(slice_in_dim(idx, j, j + 1, axis=idx.ndim - 1), batch_shape)


def _points(idx, rank, shape, index_map, op_batching, idx_batching, window, window_sizes,
            clip):
    """Operand coordinates of every window element, and which windows are out of bounds.

    `window` maps an operand dim to (its window size); dims taken whole are left out of the
    result and returned as `free`. Returns (points, indexed_dims, widx_dims, free_dims, oob)
    where `points` has shape (*batch, *[window size of widx dims], len(indexed_dims)) and `oob`
    (shape batch, or None) marks windows that do not fit (before clamping; only when not
    `clip`)."""
    batch_shape = tuple(get_aval(idx).shape[:-1])
    nb = len(batch_shape)
    free = [d for d in window if d not in index_map and window_sizes[d] == shape[d]]
    widx = [d for d in window if d not in free]
    indexed = [d for d in range(rank) if d not in free]
    grid = batch_shape + tuple(window_sizes[d] for d in widx)
    dt = get_aval(idx).dtype
    oob = None
    coords = []
    for d in indexed:
        coord = None
        if d in index_map:
            s = _starts(idx, index_map.index(d), batch_shape)
            hi = shape[d] - (window_sizes[d] if d in window else 1)
            if clip:
                s = ew.clamp(full_like(s, 0), s, full_like(s, hi))
            else:
                bad = ew.bitwise_or(ew.lt(s, full_like(s, 0)), ew.gt(s, full_like(s, hi)))
                oob = bad if oob is None else ew.bitwise_or(oob, bad)
            coord = broadcast_in_dim(s, grid, tuple(range(nb)))
        elif d in op_batching:
            coord = broadcasted_iota(dt, grid, idx_batching[op_batching.index(d)])
        if d in widx:
            ramp = broadcasted_iota(dt, grid, nb + widx.index(d))
            coord = ramp if coord is None else ew.add(coord, ramp)
        if coord is None:  # a collapsed / inserted dim that no index names: position 0
            coord = broadcast_in_dim(_arr(np.array(0, dt)), grid, ())
        coords.append(coord)
    return coords, indexed, widx, free, oob, grid


def _mark_oob(coords, indexed, index_map, oob, grid):
    """Push windows flagged `oob` out of bounds on their first indexed dim (so the point
    primitive's fill / drop handles the whole window)."""
    if oob is None:
        return coords
    k = indexed.index(index_map[0])
    c = coords[k]
    coords = list(coords)
    coords[k] = ew.select(broadcast_in_dim(oob, grid, tuple(range(oob.ndim))),
                          full_like(c, -1), c)
    return coords


def _stack(coords, grid):
    return concatenate([reshape(c, (*grid, 1)) for c in coords], len(grid))


def _prepare(x, idx):
    """The operand lifted to rank >= 1 when nothing would be indexed (see callers), and the
    indices in int32/int64."""
    ia = get_aval(idx)
    dt = _index_dtype(ia.dtype)
    if ia.dtype != dt:
        idx = ew.convert_element_type(idx, dt)
    return x, idx


# ---------------------------------------------------------------------------------------------
# gather


def _check_gather(shape, ia, dn, slice_sizes):
    rank = len(shape)
    offset_dims, collapsed = _tuple(dn.offset_dims), _tuple(dn.collapsed_slice_dims)
    index_map = _tuple(dn.start_index_map)
    op_b, idx_b = _tuple(dn.operand_batching_dims), _tuple(dn.start_indices_batching_dims)
    if not dtypes.is_int(ia.dtype):
        raise ValueError("indices must have an integer type")
    if offset_dims != tuple(sorted(offset_dims)):
        raise TypeError(f"offset_dims in gather op must be sorted; got {offset_dims}")
    if len(set(offset_dims)) != len(offset_dims):
        raise TypeError(f"offset_dims in gather op must not repeat; got: {offset_dims}.")
    if len(set(collapsed)) != len(collapsed):
        raise TypeError(f"collapsed_slice_dims in gather op must not repeat; got: {collapsed}.")
    if len(slice_sizes) != rank:
        raise TypeError(f"Gather op must have one slice size for every input dimension; got: "
                        f"len(slice_sizes)={len(slice_sizes)}, input_shape.rank={rank}")
    _check_indices("Gather", ia, len(index_map), "start_index_map")
    _check_map("gather", "start_index_map", index_map, rank, op_b, "operand_batching_dims")
    if len(op_b) != len(idx_b):
        raise TypeError(f"operand_batching_dims and start_indices_batching_dims in gather op "
                        f"must be of the same length; got: {len(op_b)} and {len(idx_b)}.")
    for i, (o, s) in enumerate(zip(op_b, idx_b)):
        if not 0 <= o < rank or not 0 <= s < ia.ndim - 1 or shape[o] != ia.shape[s]:
            raise TypeError(f"Gather op batching dims must name matching operand and index "
                            f"dims of the same size; got operand_batching_dims={op_b}, "
                            f"start_indices_batching_dims={idx_b}.")
    for i, s in enumerate(slice_sizes):
        if not 0 <= s <= shape[i]:
            raise TypeError(f"Slice size at index {i} in gather op is out of range, must be "
                            f"within [0, {shape[i]} + 1), got {s}.")
    for d in (*collapsed, *op_b):
        if not 0 <= d < rank:
            raise TypeError(f"Invalid collapsed_slice_dims set in gather op; valid range is "
                            f"[0, {rank}); got: {d}.")
        if slice_sizes[d] > 1:
            raise TypeError(f"Gather op can only collapse slice dims with bound 1, but bound is "
                            f"{slice_sizes[d]} for index {d} at position "
                            f"{(collapsed + op_b).index(d)}.")
    window = [d for d in range(rank) if d not in collapsed and d not in op_b]
    if len(window) != len(offset_dims):
        raise TypeError(f"All components of the offset index in a gather op must either be a "
                        f"offset dimension or explicitly collapsed/batching; got "
                        f"len(slice_sizes)={rank}, output_slice_sizes="
                        f"{tuple(slice_sizes[d] for d in window)}, collapsed_slice_dims="
                        f"{collapsed}, operand_batching_dims={op_b}.")
    out_rank = len(offset_dims) + ia.ndim - 1
    for d in offset_dims:
        if not 0 <= d < out_rank:
            raise TypeError(f"Offset dimension {d} in gather op is out of bounds; got {d}, "
                            f"but should have been in [0, {out_rank})")
    return offset_dims, collapsed, index_map, op_b, idx_b, window


def gather(operand, start_indices, dimension_numbers, slice_sizes, *, unique_indices=False,
           indices_are_sorted=False, mode=None, fill_value=None):
    """jax.lax.gather: a window of `slice_sizes` at each start index vector (XLA semantics).

    Translated to numjax's point gather (see the module doc); `unique_indices` and
    `indices_are_sorted` are hints and change nothing here."""
    if not isinstance(dimension_numbers, GatherDimensionNumbers):
        raise TypeError(f"gather dimension_numbers must be a lax.GatherDimensionNumbers, got "
                        f"{dimension_numbers!r}")
    x, idx = _arr(operand), _arr(start_indices)
    shape = tuple(get_aval(x).shape)
    slice_sizes = _tuple(slice_sizes)
    offset_dims, collapsed, index_map, op_b, idx_b, window = _check_gather(
        shape, get_aval(idx), dimension_numbers, slice_sizes)
    m = GatherScatterMode.from_any("promise_in_bounds" if mode is None else mode)
    if m is GatherScatterMode.ONE_HOT:
        raise NotImplementedError("lax.gather mode='one_hot' is not supported by numjax")
    clip = m is not GatherScatterMode.FILL_OR_DROP
    x, idx = _prepare(x, idx)
    lift = all(d in window and d not in index_map and slice_sizes[d] == shape[d]
               for d in range(len(shape)))
    if lift:  # nothing to index: index a new leading unit dim at 0
        x = reshape(x, (1, *shape))
        shape, slice_sizes = (1, *shape), (1, *slice_sizes)
        index_map, op_b = tuple(d + 1 for d in index_map), tuple(d + 1 for d in op_b)
        window = [d + 1 for d in window]
    coords, indexed, widx, free, oob, grid = _points(
        idx, len(shape), shape, index_map, op_b, idx_b, window, slice_sizes, clip)
    coords = _mark_oob(coords, indexed, index_map, oob, grid)
    out = indexing.gather(x, _stack(coords, grid), tuple(indexed),
                          "clip" if clip else "fill", fill_value)
    # `out` dims: batch..., widx window dims, free window dims; JAX puts the window dims (in
    # operand order) at `offset_dims` and the batch dims, in order, elsewhere.
    nb = len(grid) - len(widx)
    labels = [("b", i) for i in range(nb)] + [("w", d) for d in widx + free]
    target, b = [], 0
    for p in range(nb + len(window)):
        if p in offset_dims:
            target.append(("w", window[offset_dims.index(p)]))
        else:
            target.append(("b", b))
            b += 1
    perm = tuple(labels.index(t) for t in target)
    return out if perm == tuple(range(len(perm))) else transpose(out, perm)


# ---------------------------------------------------------------------------------------------
# scatter family


def _check_scatter(name, shape, ia, ua, x_dtype, dn):
    rank = len(shape)
    uwd, inserted = _tuple(dn.update_window_dims), _tuple(dn.inserted_window_dims)
    index_map = _tuple(dn.scatter_dims_to_operand_dims)
    op_b, idx_b = _tuple(dn.operand_batching_dims), _tuple(dn.scatter_indices_batching_dims)
    if not dtypes.is_int(ia.dtype):
        raise ValueError("indices must have an integer type")
    if ua.dtype != x_dtype:
        raise TypeError(f"lax.scatter requires arguments to have the same dtypes, got "
                        f"{np.dtype(x_dtype).name}, {np.dtype(ua.dtype).name}.")
    _check_sorted_unique_in("scatter", "update_window_dims", uwd, ua.ndim)
    _check_sorted_unique_in("scatter", "inserted_window_dims", inserted, rank)
    _check_indices("Scatter", ia, len(index_map), "scatter_dims_to_operand_dims")
    _check_map("scatter", "scatter_dims_to_operand_dims", index_map, rank, op_b,
               "operand_batching_dims")
    nb = ia.ndim - 1
    expected_rank = nb + len(uwd)
    if ua.ndim != expected_rank:
        raise TypeError(f"Updates tensor must be of rank {expected_rank}; got {ua.ndim}.")
    if len(op_b) != len(idx_b) or any(
            not 0 <= o < rank or not 0 <= s < nb or shape[o] != ia.shape[s]
            for o, s in zip(op_b, idx_b)):
        raise TypeError(f"Scatter op batching dims must name matching operand and index dims "
                        f"of the same size; got operand_batching_dims={op_b}, "
                        f"scatter_indices_batching_dims={idx_b}.")
    window = [d for d in range(rank) if d not in inserted and d not in op_b]
    if len(window) != len(uwd):
        raise TypeError(f"Scatter op has window of size {len(uwd)}; doesn't match operand of "
                        f"rank {rank}.")
    sizes = {}
    for d, u in zip(window, uwd):
        if ua.shape[u] > shape[d]:
            raise TypeError(f"Bounds of the window dimensions of updates must not exceed the "
                            f"bounds of the corresponding dimensions of operand. For dimension "
                            f"{u}, updates bound is {ua.shape[u]}, operand bound is {shape[d]}.")
        sizes[d] = ua.shape[u]
    scatter_dims = [p for p in range(ua.ndim) if p not in uwd]
    got = tuple(ua.shape[p] for p in scatter_dims)
    if got != tuple(ia.shape[:-1]):
        raise TypeError(f"Bounds of the scatter dimensions of updates must be the same as the "
                        f"bounds of the corresponding dimensions of scatter indices; updates "
                        f"have {got}, indices have {tuple(ia.shape[:-1])}.")
    return uwd, index_map, op_b, idx_b, window, sizes, scatter_dims


def _general_scatter(name, point_fn, operand, scatter_indices, updates, dimension_numbers,
                     mode):
    if not isinstance(dimension_numbers, ScatterDimensionNumbers):
        raise TypeError(f"{name} dimension_numbers must be a lax.ScatterDimensionNumbers, got "
                        f"{dimension_numbers!r}")
    x, idx, upd = _arr(operand), _arr(scatter_indices), _arr(updates)
    xa, ua = get_aval(x), get_aval(upd)
    if ua.weak_type and ua.dtype != xa.dtype:  # a weak Python scalar / weak array adapts
        upd = ew.convert_element_type(upd, xa.dtype)
        ua = get_aval(upd)
    shape = tuple(xa.shape)
    uwd, index_map, op_b, idx_b, window, sizes, scatter_dims = _check_scatter(
        name, shape, get_aval(idx), ua, xa.dtype, dimension_numbers)
    m = GatherScatterMode.from_any(mode)
    if m is GatherScatterMode.ONE_HOT:
        raise NotImplementedError(f"lax.{name} mode='one_hot' is not supported by numjax")
    clip = m is GatherScatterMode.CLIP
    x, idx = _prepare(x, idx)
    lift = all(d in window and d not in index_map and sizes[d] == shape[d]
               for d in range(len(shape)))
    if lift:
        x = reshape(x, (1, *shape))
        shape = (1, *shape)
        sizes = {d + 1: s for d, s in sizes.items()}
        sizes[0] = 1
        index_map, op_b = tuple(d + 1 for d in index_map), tuple(d + 1 for d in op_b)
        window = [d + 1 for d in window]
    coords, indexed, widx, free, oob, grid = _points(
        idx, len(shape), shape, index_map, op_b, idx_b, window, sizes, clip)
    coords = _mark_oob(coords, indexed, index_map, oob, grid)
    # The point scatter wants updates as (batch..., widx window dims, free window dims).
    perm = tuple(scatter_dims) + tuple(uwd[window.index(d)] for d in widx + free)
    if perm != tuple(range(len(perm))):
        upd = transpose(upd, perm)
    out = point_fn(x, _stack(coords, grid), upd, tuple(indexed), "clip" if clip else "drop")
    return reshape(out, shape[1:]) if lift else out


def _scatter_fn(name, point_fn, doc):
    def fn(operand, scatter_indices, updates, dimension_numbers, *, indices_are_sorted=False,
           unique_indices=False, mode=None):
        return _general_scatter(name, point_fn, operand, scatter_indices, updates,
                                dimension_numbers, mode)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"jax.lax.{name}: {doc} (XLA's scatter semantics; see the module doc). "
                  f"`indices_are_sorted` and `unique_indices` are hints and change nothing.")
    return fn


scatter = _scatter_fn("scatter", indexing.scatter,
                      "`operand` with the update windows written at the indexed positions")
scatter_add = _scatter_fn("scatter_add", indexing.scatter_add,
                          "`operand` plus the update windows at the indexed positions")
scatter_mul = _scatter_fn("scatter_mul", indexing.scatter_mul,
                          "`operand` times the update windows at the indexed positions")
scatter_min = _scatter_fn("scatter_min", indexing.scatter_min,
                          "the minimum of `operand` and the update windows")
scatter_max = _scatter_fn("scatter_max", indexing.scatter_max,
                          "the maximum of `operand` and the update windows")


def _point_sub(x, idx, upd, axes, mode):
    return indexing.scatter_add(x, idx, ew.neg(upd), axes, mode)


scatter_sub = _scatter_fn("scatter_sub", _point_sub,
                          "`operand` minus the update windows at the indexed positions")


def scatter_apply(operand, scatter_indices, func, dimension_numbers, *, update_shape=(),
                  indices_are_sorted=False, unique_indices=False, mode=None):
    """jax.lax.scatter_apply: `func` applied to each indexed element of `operand`, once per
    time it is indexed (XLA applies the combiner once per update, so a repeated index gets
    `func(func(v))`, as in JAX). `func` must be elementwise: numjax applies it to the whole
    operand as many times as the most-hit element is hit, keeping each element's own count."""
    from .loops import fori_loop

    x = _arr(operand)
    xa = get_aval(x)
    ones = broadcast_in_dim(_arr(np.int32(1)), tuple(update_shape), ())
    counts = _general_scatter("scatter_apply", indexing.scatter_add,
                              broadcast_in_dim(_arr(np.int32(0)), tuple(xa.shape), ()),
                              scatter_indices, ones, dimension_numbers, mode)
    n = int(np.prod(update_shape, dtype=np.int64))
    from ..core import Tracer

    if not isinstance(counts, Tracer):
        n = int(np.max(np.asarray(counts), initial=0))  # known: loop only as often as needed

    def body(t, v):
        t = ew.convert_element_type(_arr(t), np.int32)
        hit = ew.gt(counts, broadcast_in_dim(t, tuple(xa.shape), ()))
        return ew.select(hit, func(v), v)

    if n <= 1:
        return body(0, x) if n == 1 else x
    return fori_loop(0, n, body, x)
