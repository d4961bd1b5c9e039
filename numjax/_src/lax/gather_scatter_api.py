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


def _sorted(op, name, dims):
    if list(dims) != sorted(dims):
        raise TypeError(f"{name} in {op} op must be sorted; got {dims}")


def _unique(op, name, dims):
    if len(set(dims)) != len(dims):
        raise TypeError(f"{name} in {op} op must not repeat; got: {dims}.")


def _in_range(op, name, dims, rank):
    for d in dims:
        if not 0 <= d < rank:
            raise TypeError(f"Invalid {name} set in {op} op; valid range is [0, {rank}); "
                            f"got: {d}.")


def _sorted_unique_in_range(op, name, dims, rank):
    _sorted(op, name, dims)
    _unique(op, name, dims)
    _in_range(op, name, dims, rank)


def _disjoint(op, name1, dims1, name2, dims2):
    if set(dims1) & set(dims2):
        raise TypeError(f"{name1} and {name2} in {op} op must be disjoint; got: {dims1} and "
                        f"{dims2}.")


def _check_index_map(op, map_name, index_map, rank, ia):
    """The index vectors (the last dim of the indices) have one entry per mapped dim."""
    if not dtypes.is_int(ia.dtype):
        raise ValueError("indices must have an integer type")
    bound = ia.shape[-1] if ia.ndim else 1
    if len(index_map) != bound:
        raise TypeError(f"{op.capitalize()} op has {len(index_map)} elements in {map_name} and "
                        f"the bound of dimension index_vector_dim={max(ia.ndim - 1, 0)} of "
                        f"indices is {bound}. These two numbers must be equal"
                        + ("." if op == "gather" else ""))
    for i, d in enumerate(index_map):
        if not 0 <= d < rank:
            raise TypeError(f"Invalid {map_name}{' mapping' if op == 'scatter' else ''}; "
                            f"domain is [0, {rank}), got: {i}->{d}.")
    _unique(op, map_name, index_map)


def _check_batching(op, idx_name, op_b, idx_b, shape, ia):
    _unique(op, idx_name, idx_b)
    _in_range(op, idx_name, idx_b, ia.ndim)
    if ia.ndim - 1 in idx_b:
        raise TypeError(f"{op.capitalize()} op cannot have the index vector dimension as a "
                        f"batching dimension; got {idx_b}.")
    if len(op_b) != len(idx_b):
        raise TypeError(f"{op.capitalize()} op requires equal numbers of operand_batching_dims "
                        f"and {idx_name}, got {op_b} and {idx_b}.")
    ob, ib = tuple(shape[d] for d in op_b), tuple(ia.shape[d] for d in idx_b)
    if ob != ib:
        raise TypeError(f"{op.capitalize()} op requires operand batching dimensions and indices "
                        f"batching dimensions to have the same shape, got {ob} and {ib}.")
    return ob


def _starts(idx, j, batch_shape):
    """Column `j` of the index vectors, shape `batch_shape`."""
    return reshape(slice_in_dim(idx, j, j + 1, axis=idx.ndim - 1), batch_shape)


def _points(idx, rank, shape, index_map, op_batching, idx_batching, window, window_sizes,
            clip):
    """Operand coordinates of every element of every window, as point-form indices.

    `window` lists the operand dims with a window (size `window_sizes[d]`); those taken whole
    are left to the point primitive as trailing dims (`free`). Returns (points, indexed, widx,
    free, grid): `points` has shape `grid + (len(indexed),)` where `grid` is the index batch
    shape followed by the window sizes of the `widx` dims. Starts are clamped when `clip`;
    otherwise a window that does not fit gets an out-of-bounds coordinate, so the point
    primitive fills (gather) or drops (scatter) all of it."""
    batch_shape = tuple(get_aval(idx).shape[:-1])
    nb = len(batch_shape)
    free = [d for d in window if d not in index_map and window_sizes[d] == shape[d]]
    widx = [d for d in window if d not in free]
    indexed = [d for d in range(rank) if d not in free]
    if not widx and not op_batching and sorted(index_map) == indexed:
        # Single elements of the mapped dims (x[i], x[i, j]): the index vectors already are the
        # points, and the point primitive's own clamp / fill / drop is XLA's rule for them.
        return idx, list(index_map), [], free, batch_shape
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
    if oob is not None:  # push bad windows out of bounds on their first mapped dim
        k = indexed.index(index_map[0])
        coords[k] = ew.select(broadcast_in_dim(oob, grid, tuple(range(nb))),
                              full_like(coords[k], -1), coords[k])
    points = concatenate([reshape(c, (*grid, 1)) for c in coords], len(grid))
    return points, indexed, widx, free, grid


def _signed_indices(idx):
    """Indices as int32/int64, so the -1 that marks a bad window and the clamps are exact."""
    ia = get_aval(idx)
    dt = _index_dtype(ia.dtype)
    return idx if ia.dtype == dt else ew.convert_element_type(idx, dt)


# ---------------------------------------------------------------------------------------------
# gather


def _check_gather(shape, ia, dn, slice_sizes):
    """JAX's checks of gather dimension numbers, in JAX's order (so the same error wins)."""
    rank = len(shape)
    offset_dims, collapsed = _tuple(dn.offset_dims), _tuple(dn.collapsed_slice_dims)
    index_map = _tuple(dn.start_index_map)
    op_b, idx_b = _tuple(dn.operand_batching_dims), _tuple(dn.start_indices_batching_dims)
    _sorted("gather", "offset_dims", offset_dims)
    _unique("gather", "offset_dims", offset_dims)
    out_rank = len(offset_dims) + ia.ndim - 1
    for i, d in enumerate(offset_dims):
        if not 0 <= d < out_rank:
            raise TypeError(f"Offset dimension {i} in gather op is out of bounds; got {d}, but "
                            f"should have been in [0, {out_rank})")
    _check_index_map("gather", "start_index_map", index_map, rank, ia)
    _sorted_unique_in_range("gather", "collapsed_slice_dims", collapsed, rank)
    _sorted_unique_in_range("gather", "operand_batching_dims", op_b, rank)
    _disjoint("gather", "collapsed_slice_dims", collapsed, "operand_batching_dims", op_b)
    _disjoint("gather", "start_index_map", index_map, "operand_batching_dims", op_b)
    _check_batching("gather", "start_indices_batching_dims", op_b, idx_b, shape, ia)
    if len(slice_sizes) != rank:
        raise TypeError(f"Gather op must have one slice size for every input dimension; got: "
                        f"len(slice_sizes)={len(slice_sizes)}, input_shape.rank={rank}")
    if rank != len(offset_dims) + len(collapsed) + len(op_b):
        raise TypeError(f"All components of the offset index in a gather op must either be a "
                        f"offset dimension or explicitly collapsed/batching; got "
                        f"len(slice_sizes)={rank}, output_slice_sizes={offset_dims}, "
                        f"collapsed_slice_dims={collapsed}, operand_batching_dims={op_b}.")
    for i, s in enumerate(slice_sizes):
        if not 0 <= s <= shape[i]:
            raise TypeError(f"Slice size at index {i} in gather op is out of range, must be "
                            f"within [0, {shape[i]} + 1), got {s}.")
    for i, d in enumerate(collapsed):
        if slice_sizes[d] != 1:
            raise TypeError(f"Gather op can only collapse slice dims with bound 1, but bound is "
                            f"{slice_sizes[d]} for index {d} at position {i}.")
    for i, d in enumerate(op_b):
        if slice_sizes[d] > 1:
            raise TypeError(f"Gather op can only have operand batching dims with bound 0/1, but "
                            f"bound is {slice_sizes[d]} for index {d} at position {i}.")
    window = [d for d in range(rank) if d not in collapsed and d not in op_b]
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
    offset_dims, _, index_map, op_b, idx_b, window = _check_gather(
        shape, get_aval(idx), dimension_numbers, slice_sizes)
    m = GatherScatterMode.from_any("promise_in_bounds" if mode is None else mode)
    if m is GatherScatterMode.ONE_HOT:
        raise NotImplementedError("lax.gather mode='one_hot' is not supported by numjax")
    clip = m is not GatherScatterMode.FILL_OR_DROP
    idx = _signed_indices(idx)
    lift = all(d in window and d not in index_map and slice_sizes[d] == shape[d]
               for d in range(len(shape)))
    if lift:  # nothing to index: index a new leading unit dim at 0
        x = reshape(x, (1, *shape))
        shape, slice_sizes = (1, *shape), (1, *slice_sizes)
        index_map, op_b = tuple(d + 1 for d in index_map), tuple(d + 1 for d in op_b)
        window = [d + 1 for d in window]
    points, indexed, widx, free, grid = _points(
        idx, len(shape), shape, index_map, op_b, idx_b, window, slice_sizes, clip)
    out = indexing.gather(x, points, tuple(indexed),
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


def _check_scatter(shape, ia, ua, x_dtype, dn):
    """JAX's checks of scatter dimension numbers, in JAX's order (so the same error wins)."""
    rank = len(shape)
    uwd, inserted = _tuple(dn.update_window_dims), _tuple(dn.inserted_window_dims)
    index_map = _tuple(dn.scatter_dims_to_operand_dims)
    op_b, idx_b = _tuple(dn.operand_batching_dims), _tuple(dn.scatter_indices_batching_dims)
    if not dtypes.is_int(ia.dtype):
        raise ValueError("indices must have an integer type")
    if ua.dtype != x_dtype:
        raise TypeError(f"lax.scatter requires arguments to have the same dtypes, got "
                        f"{np.dtype(x_dtype).name}, {np.dtype(ua.dtype).name}.")
    nb = ia.ndim - 1
    if ua.ndim != nb + len(uwd):
        raise TypeError(f"Updates tensor must be of rank {nb + len(uwd)}; got {ua.ndim}.")
    _sorted_unique_in_range("scatter", "update_window_dims", uwd, ua.ndim)
    _sorted_unique_in_range("scatter", "inserted_window_dims", inserted, rank)
    _sorted_unique_in_range("scatter", "operand_batching_dims", op_b, rank)
    _disjoint("scatter", "inserted_window_dims", inserted, "operand_batching_dims", op_b)
    _disjoint("scatter", "scatter_dims_to_operand_dims", index_map, "operand_batching_dims", op_b)
    _check_batching("scatter", "scatter_indices_batching_dims", op_b, idx_b, shape, ia)
    n_window = len(uwd) + len(inserted) + len(op_b)
    if n_window != rank:
        raise TypeError(f"Scatter op has window of size {n_window}; doesn't match operand of "
                        f"rank {rank}.")
    _check_index_map("scatter", "scatter_dims_to_operand_dims", index_map, rank, ia)
    window = [d for d in range(rank) if d not in inserted and d not in op_b]
    sizes = {}
    for d, u in zip(window, uwd):
        if ua.shape[u] > shape[d]:
            raise TypeError(f"Bounds of the window dimensions of updates must not exceed the "
                            f"bounds of the corresponding dimensions of operand. For dimension "
                            f"{u}, updates bound is {ua.shape[u]}, operand bound is {shape[d]}.")
        sizes[d] = ua.shape[u]
    scatter_dims = [p for p in range(ua.ndim) if p not in uwd]
    for p, n in zip(scatter_dims, ia.shape[:-1]):
        if ua.shape[p] != n:
            raise TypeError(f"Bounds of the scatter dimensions of updates must be the same as "
                            f"the bounds of the corresponding dimensions of scatter indices. For "
                            f"scatter dimension {p}, updates bound is {ua.shape[p]}, indices "
                            f"bound is {n}.")
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
        shape, get_aval(idx), ua, xa.dtype, dimension_numbers)
    m = GatherScatterMode.from_any(mode)
    if m is GatherScatterMode.ONE_HOT:
        raise NotImplementedError(f"lax.{name} mode='one_hot' is not supported by numjax")
    clip = m is GatherScatterMode.CLIP
    idx = _signed_indices(idx)
    lift = all(d in window and d not in index_map and sizes[d] == shape[d]
               for d in range(len(shape)))
    if lift:
        x = reshape(x, (1, *shape))
        shape = (1, *shape)
        sizes = {d + 1: s for d, s in sizes.items()}
        sizes[0] = 1
        index_map, op_b = tuple(d + 1 for d in index_map), tuple(d + 1 for d in op_b)
        window = [d + 1 for d in window]
    points, indexed, widx, free, _ = _points(
        idx, len(shape), shape, index_map, op_b, idx_b, window, sizes, clip)
    # The point scatter wants updates as (batch..., widx window dims, free window dims).
    perm = tuple(scatter_dims) + tuple(uwd[window.index(d)] for d in widx + free)
    if perm != tuple(range(len(perm))):
        upd = transpose(upd, perm)
    out = point_fn(x, points, upd, tuple(indexed), "clip" if clip else "drop")
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
