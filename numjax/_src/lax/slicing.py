"""Static slicing primitives: slice, concatenate, pad, rev (more join via the slicing issue).

Params are static tuples; dynamic (traced) starts live in dynamic_slice and gather.
"""

from __future__ import annotations

import builtins

import numpy as np

from ..core import ShapedArray
from .helpers import deflinear, primitive


def _slice_impl(x, *, start_indices, limit_indices, strides=None):
    strides = strides or (1,) * x.ndim
    return x[tuple(builtins.slice(s, l, st)
                   for s, l, st in zip(start_indices, limit_indices, strides))]


def _slice_abstract_eval(x, *, start_indices, limit_indices, strides=None):
    if len(start_indices) != x.ndim or len(limit_indices) != x.ndim:
        raise TypeError(
            "slice start_indices must have length equal to the number of dimensions of the "
            f"operand, got indices {start_indices} for operand shape {x.shape}."
        )
    strides = strides or (1,) * x.ndim
    shape = []
    for s, l, st, d in zip(start_indices, limit_indices, strides, x.shape):
        if not 0 <= s <= l <= d:
            raise TypeError(
                "slice start_indices and limit_indices must be within the operand bounds, got "
                f"start_indices {start_indices}, limit_indices {limit_indices} for operand "
                f"shape {x.shape}."
            )
        shape.append(max(0, -(-(l - s) // st)))
    return ShapedArray(tuple(shape), x.dtype)


slice_p = primitive("slice", _slice_impl, _slice_abstract_eval)


def _slice_emit(names, *, start_indices, limit_indices, strides=None):
    strides = strides or (1,) * len(start_indices)
    parts = ", ".join(f"{s}:{l}" + (f":{st}" if st != 1 else "")
                      for s, l, st in zip(start_indices, limit_indices, strides))
    return f"{names[0]}[{parts}]" if parts else names[0]


slice_p.emit = _slice_emit


def _slice_transpose(ct, x, *, start_indices, limit_indices, strides=None):
    shape = x.aval.shape
    strides = strides or (1,) * len(shape)
    config = []
    for s, l, st, d, n in zip(start_indices, limit_indices, strides, shape, ct.shape):
        hi = d - (s + (n - 1) * st + 1) if n else d - s
        config.append((s, hi, st - 1))
    return [pad(ct, np.zeros((), ct.dtype), tuple(config))]


deflinear(slice_p, _slice_transpose)


def _slice_batch(args, bdims, *, start_indices, limit_indices, strides=None):
    (x,), (b,) = args, bdims
    strides = strides or (1,) * len(start_indices)
    starts = list(start_indices)
    limits = list(limit_indices)
    sts = list(strides)
    starts.insert(b, 0)
    limits.insert(b, x.shape[b])
    sts.insert(b, 1)
    return slice_p.bind(x, start_indices=tuple(starts), limit_indices=tuple(limits),
                        strides=None if all(s == 1 for s in sts) else tuple(sts)), b


slice_p.batch = _slice_batch


def slice(x, start_indices, limit_indices, strides=None):
    start_indices = tuple(int(i) for i in start_indices)
    limit_indices = tuple(int(i) for i in limit_indices)
    if strides is not None:
        strides = tuple(int(s) for s in strides)
        if all(s == 1 for s in strides):
            strides = None
    return slice_p.bind(x, start_indices=start_indices, limit_indices=limit_indices,
                        strides=strides)


def slice_in_dim(x, start_index, limit_index, stride=1, axis=0):
    shape = x.shape
    axis = int(axis) % len(shape)
    start = 0 if start_index is None else int(start_index)
    limit = shape[axis] if limit_index is None else int(limit_index)
    start = start + shape[axis] if start < 0 else start
    limit = limit + shape[axis] if limit < 0 else limit
    starts = [0] * len(shape)
    limits = list(shape)
    strides = [1] * len(shape)
    starts[axis], limits[axis], strides[axis] = start, limit, int(stride)
    return slice(x, starts, limits, strides)


def index_in_dim(x, index, axis=0, keepdims=True):
    from .structural import squeeze

    axis = int(axis) % x.ndim
    index = int(index) % x.shape[axis] if x.shape[axis] else int(index)
    out = slice_in_dim(x, index, index + 1, 1, axis)
    return out if keepdims else squeeze(out, (axis,))


# ---------------------------------------------------------------------------------------------
# pad (low, high, interior) per dimension; negative low/high crop


def _pad_impl(x, padding_value, *, padding_config):
    shape, index = [], []
    for (lo, hi, interior), d in zip(padding_config, x.shape):
        if lo < 0 or hi < 0 or interior:
            break
        shape.append(d + lo + hi)
        index.append(builtins.slice(lo, lo + d))
    else:  # common case (transposes of slicing): one fill, one strided copy
        out = np.full(shape, padding_value, dtype=x.dtype)
        out[tuple(index)] = x
        return out
    lo_crop = []
    shape = []
    for (lo, hi, interior), d in zip(padding_config, x.shape):
        size = d + max(d - 1, 0) * interior
        shape.append(size + lo + hi)
    out = np.full(shape, padding_value, dtype=x.dtype)
    index = []
    for (lo, hi, interior), d, n in zip(padding_config, x.shape, shape):
        index.append(np.arange(d) * (interior + 1) + lo)
        lo_crop.append(n)
    grids = np.ix_(*index) if index else ()
    if x.ndim == 0:
        return np.asarray(x)
    keep = tuple((g >= 0) & (g < n) for g, n in zip(grids, shape))
    mask = np.ones(x.shape, bool)
    for k in keep:
        mask = mask & k
    sel = tuple(np.broadcast_to(g, x.shape)[mask] for g in grids)
    out[sel] = x[mask]
    return out


def _pad_abstract_eval(x, padding_value, *, padding_config):
    if len(padding_config) != x.ndim:
        raise ValueError(
            "length of padding_config must equal the number of axes of operand, got "
            f"padding_config {padding_config} for operand shape {x.shape}"
        )
    if padding_value.shape != () or padding_value.dtype != x.dtype:
        raise TypeError("pad padding_value must be a scalar of the operand's dtype")
    shape = []
    for (lo, hi, interior), d in zip(padding_config, x.shape):
        if interior < 0:
            raise ValueError(f"interior padding in padding_config must be nonnegative, got "
                             f"padding_config {padding_config}")
        n = d + lo + hi + max(d - 1, 0) * interior
        if n < 0:
            raise ValueError(f"Dimension size after padding is not at least 0, got result "
                             f"shape containing {n}, for padding_config {padding_config} and "
                             f"operand shape {x.shape}")
        shape.append(n)
    return ShapedArray(tuple(shape), x.dtype)


pad_p = primitive("pad", _pad_impl, _pad_abstract_eval,
                  weak_type_rule=lambda x, v, *, padding_config: x)


def _pad_transpose(ct, x, padding_value, *, padding_config):
    from .elementwise import sub
    from .reductions import reduce_sum

    ct_x = None
    if hasattr(x, "aval") and type(x).__name__ == "UndefinedPrimal":
        # Undo the padding: crop (negative pad), then take every (interior+1)-th element.
        unpadded = pad(ct, np.zeros((), ct.dtype),
                       tuple((-lo, -hi, 0) for lo, hi, _ in padding_config))
        ct_x = slice(unpadded, (0,) * ct.ndim, unpadded.shape,
                     tuple(i + 1 for _, _, i in padding_config))
    ct_v = None
    if type(padding_value).__name__ == "UndefinedPrimal":
        total = reduce_sum(ct, tuple(range(ct.ndim)))
        inner = reduce_sum(ct_x, tuple(range(ct.ndim))) if ct_x is not None else total * 0
        ct_v = sub(total, inner)
    return [ct_x, ct_v]


deflinear(pad_p, _pad_transpose)


def _pad_batch(args, bdims, *, padding_config):
    from .elementwise import select_n
    from .helpers import bdim_to_front
    from .structural import broadcast_in_dim

    (x, v), (xd, vd) = args, bdims
    if vd is None:
        config = (*padding_config[:xd], (0, 0, 0), *padding_config[xd:])
        return pad(x, v, config), xd
    # A per-member padding value: pad with zeros, then select v where a padded mask is False.
    size = v.shape[vd]
    shape = x.shape if xd is None else tuple(s for i, s in enumerate(x.shape) if i != xd)
    x = bdim_to_front(x, xd, size)
    out = pad(x, np.zeros((), x.dtype), ((0, 0, 0), *padding_config))
    # The mask of operand positions is a constant: computed here, not traced.
    inside = _pad_impl(np.ones(shape, np.bool_), np.zeros((), np.bool_),
                       padding_config=padding_config)
    inside = np.broadcast_to(inside, out.shape)
    v = broadcast_in_dim(v, out.shape, (0,))
    return select_n(inside, v, out), 0


pad_p.batch = _pad_batch


def pad(x, padding_value, padding_config):
    config = tuple((int(lo), int(hi), int(i)) for lo, hi, i in padding_config)
    return pad_p.bind(x, padding_value, padding_config=config)


# ---------------------------------------------------------------------------------------------
# concatenate


def _concatenate_abstract_eval(*xs, dimension):
    first = xs[0]
    if not 0 <= dimension < first.ndim:
        raise ValueError(f"concatenate dimension out of bounds: dimension {dimension} for "
                         f"shapes {', '.join(str(x.shape) for x in xs)}.")
    for x in xs[1:]:
        if x.dtype != first.dtype:
            raise TypeError("Cannot concatenate arrays with different numeric types: "
                            f"{', '.join(x.dtype.name for x in xs)}.")
        if x.ndim != first.ndim or any(a != b for i, (a, b) in enumerate(zip(x.shape, first.shape))
                                       if i != dimension):
            raise TypeError(
                "Cannot concatenate arrays with shapes that differ in dimensions other than the "
                f"one being concatenated: concatenating along dimension {dimension} for shapes "
                f"{', '.join(str(x.shape) for x in xs)}."
            )
    shape = list(first.shape)
    shape[dimension] = sum(x.shape[dimension] for x in xs)
    return ShapedArray(tuple(shape), first.dtype)


concatenate_p = primitive("concatenate", lambda *xs, dimension: np.concatenate(xs, dimension),
                          _concatenate_abstract_eval,
                          emit=lambda names, *, dimension:
                          f"np.concatenate(({', '.join(names)},), {dimension})")


def _concatenate_transpose(ct, *xs, dimension):
    out, start = [], 0
    for x in xs:
        n = x.aval.shape[dimension] if type(x).__name__ == "UndefinedPrimal" else x.shape[dimension]
        if type(x).__name__ == "UndefinedPrimal":
            out.append(slice_in_dim(ct, start, start + n, 1, dimension))
        else:
            out.append(None)
        start += n
    return out


deflinear(concatenate_p, _concatenate_transpose)


def _concatenate_batch(args, bdims, *, dimension):
    from .helpers import bdim_to_front

    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    xs = [bdim_to_front(a, d, size) for a, d in zip(args, bdims)]
    return concatenate_p.bind(*xs, dimension=dimension + 1), 0


concatenate_p.batch = _concatenate_batch


def concatenate(operands, dimension):
    operands = list(operands)
    if len(operands) == 1:
        return operands[0]
    shapes = [tuple(o.shape) for o in operands]
    dimension = int(dimension)
    if any(len(s) != len(shapes[0]) or s[:dimension] + s[dimension + 1:] !=
           shapes[0][:dimension] + shapes[0][dimension + 1:] for s in shapes):
        raise TypeError("Cannot concatenate arrays with shapes that differ in dimensions other "
                        "than the one being concatenated: concatenating along dimension "
                        f"{dimension} for shapes {', '.join(map(str, shapes))}.")
    return concatenate_p.bind(*operands, dimension=int(dimension))


# ---------------------------------------------------------------------------------------------
# rev


rev_p = primitive("rev", lambda x, *, dimensions: np.flip(x, dimensions),
                  lambda x, *, dimensions: ShapedArray(x.shape, x.dtype),
                  emit=lambda names, *, dimensions: f"np.flip({names[0]}, {dimensions})")
deflinear(rev_p, lambda ct, x, *, dimensions: [rev(ct, dimensions)])
rev_p.batch = lambda args, bdims, *, dimensions: (
    rev(args[0], tuple(d + (d >= bdims[0]) for d in dimensions)), bdims[0])


def rev(x, dimensions):
    dims = tuple(sorted(int(d) for d in dimensions))
    return x if not dims else rev_p.bind(x, dimensions=dims)
