"""The rest of `jax.lax`: a few primitives (complex, mulhi, split, tile, stack, unstack,
optimization_barrier, approx_top_k) and functions composed from existing lax operations (full,
reduce, ragged_dot, ...), which therefore differentiate, batch and stage. Random bits live in
rng_bits.py, the extra collectives in collectives_extra.py.

Tokens (create_token, after_all) are plain Python objects: numjax has no side-effect ordering
to thread through programs. Must not import numjax.numpy.
"""

from __future__ import annotations

import functools
import math

import ml_dtypes
import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray, Tracer, get_aval
from ..interpreters.jvp import Zero, instantiate
from ..tree import tree_flatten, tree_unflatten
from . import elementwise as ew
from .dot import dot_general
from .elementwise import convert_element_type
from .enums import RaggedDotDimensionNumbers
from .helpers import (
    _same_shape_and_dtype,
    bdim_to_front,
    broadcast_shape,
    deflinear,
    defzero,
    elementwise,
    moveaxis,
    primitive,
)
from .reductions import (
    reduce_and,
    reduce_max,
    reduce_min,
    reduce_or,
    reduce_prod,
    reduce_sum,
    reduce_xor,
)
from .slicing import concatenate, slice_in_dim
from .structural import broadcast_in_dim, reshape, transpose


def _arr(x):
    """A Python scalar or NumPy value as an Array (weak for Python scalars); others as they
    are."""
    if isinstance(x, (Array, Tracer)):
        return x
    if dtypes.is_python_scalar(x):
        return Array(np.asarray(x, dtypes.python_scalar_dtype(x)), dtypes.is_weakly_typed(x))
    a = np.asarray(x)
    return Array(a.astype(dtypes.canonicalize_dtype(a.dtype)), False)


# ---------------------------------------------------------------------------------------------
# complex(x, y) = x + i y: linear, from float32/float64 pairs


def _complex_impl(x, y):
    out = np.empty(np.broadcast_shapes(x.shape, y.shape), np.result_type(x.dtype, np.complex64))
    out.real, out.imag = x, y
    return out


_FLOATS = frozenset({np.dtype(np.float32), np.dtype(np.float64)})
complex_p = elementwise("complex", _complex_impl, 2, accepts="real")


def _complex_abstract_eval(x, y):
    shape = broadcast_shape("complex", x.shape, y.shape)
    for i, a in enumerate((x, y)):
        if a.dtype not in _FLOATS:
            raise TypeError(f"complex does not accept dtype {a.dtype.name} at position {i}. "
                            f"Accepted dtypes at position {i} are subtypes of float32, float64.")
    if x.dtype != y.dtype:
        raise TypeError(f"lax.complex requires arguments to have the same dtypes, got "
                        f"{x.dtype.name}, {y.dtype.name}.")
    return ShapedArray(shape, np.dtype(np.complex64 if x.dtype == np.float32 else np.complex128))


complex_p.abstract_eval = _complex_abstract_eval
complex_p.eager_accepts = _same_shape_and_dtype(_FLOATS)
deflinear(complex_p, lambda ct, x, y: [ew.real(ct), ew.neg(ew.imag(ct))])


def complex(x, y):
    """lax.complex: the complex number x + i*y from two float32 (or float64) arrays."""
    return complex_p.bind(_arr(x), _arr(y))


# ---------------------------------------------------------------------------------------------
# mulhi(x, y): the high half of the double-width integer product


def _mulhi_u64(a, b):
    mask, s = np.uint64(0xFFFFFFFF), np.uint64(32)
    al, ah, bl, bh = a & mask, a >> s, b & mask, b >> s
    t = al * bl
    t = ah * bl + (t >> s)
    w1, w2 = t & mask, t >> s
    t = al * bh + w1
    return ah * bh + w2 + (t >> s)


def _mulhi_impl(x, y):
    dt = x.dtype
    with np.errstate(over="ignore"):
        if dt.itemsize < 8:
            wide = np.int64 if dt.kind == "i" else np.uint64
            return ((x.astype(wide) * y.astype(wide)) >> (8 * dt.itemsize)).astype(dt)
        a, b = x.astype(np.uint64), y.astype(np.uint64)
        hi = _mulhi_u64(a, b)
        if dt.kind == "i":  # two's complement: subtract the other operand for each negative one
            hi = hi - np.where(x < 0, b, 0).astype(np.uint64) - np.where(y < 0, a, 0).astype(
                np.uint64)
        return hi.astype(dt)


mulhi_p = elementwise("mulhi", _mulhi_impl, 2, accepts="int")
defzero(mulhi_p)


def mulhi(x, y, /):
    """lax.mulhi: the high bits of the double-width product of two integers (as CUDA's)."""
    return mulhi_p.bind(_arr(x), _arr(y))


# ---------------------------------------------------------------------------------------------
# split(x, sizes, axis): consecutive pieces; linear, transposed by concatenation


def _split_impl(x, *, sizes, axis):
    return np.split(x, np.cumsum(sizes)[:-1], axis=axis)


def _split_abstract_eval(x, *, sizes, axis):
    out = []
    for n in sizes:
        shape = list(x.shape)
        shape[axis] = n
        out.append(ShapedArray(tuple(shape), x.dtype))
    return out


split_p = primitive("split", _split_impl, _split_abstract_eval, multiple_results=True)


def _split_jvp(primals, tangents, *, sizes, axis):
    outs = split_p.bind(*primals, sizes=sizes, axis=axis)
    (t,) = tangents
    if type(t) is Zero:
        return outs, [Zero.like(o) for o in outs]
    return outs, split_p.bind(t, sizes=sizes, axis=axis)


def _split_transpose(cts, x, *, sizes, axis):
    return [concatenate([instantiate(ct) for ct in cts], axis)]


def _split_batch(args, bdims, *, sizes, axis):
    (x,), (d,) = args, bdims
    x = moveaxis(x, d, 0)
    return split_p.bind(x, sizes=sizes, axis=axis + 1), [0] * len(sizes)


split_p.jvp = _split_jvp
split_p.transpose = _split_transpose
split_p.batch = _split_batch


def split(operand, sizes, axis=0):
    """lax.split: `operand` cut along `axis` into consecutive pieces of the given sizes."""
    x = _arr(operand)
    shape = get_aval(x).shape
    axis = _axis(axis, len(shape))
    sizes = tuple(s if isinstance(s, np.integer) else int(s) for s in sizes)  # printed as given
    if sum(sizes) != shape[axis] or any(s < 0 for s in sizes):
        raise ValueError(f"Sum of sizes {sum(sizes)} must be equal to dimension {axis} of the "
                         f"operand shape {list(shape)}")
    return split_p.bind(x, sizes=sizes, axis=axis)


def _axis(axis, ndim):
    axis = int(axis)
    if not -ndim <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % max(ndim, 1)


# ---------------------------------------------------------------------------------------------
# optimization_barrier: the identity, kept as one equation (XLA does not move code across it)


optimization_barrier_p = primitive(
    "optimization_barrier", lambda *xs: list(xs), lambda *avals: list(avals),
    multiple_results=True, weak_type_rule=lambda *weak: list(weak))


def _barrier_jvp(primals, tangents):
    return optimization_barrier_p.bind(*primals), list(tangents)


optimization_barrier_p.jvp = _barrier_jvp
optimization_barrier_p.transpose = lambda cts, *xs: [instantiate(ct) for ct in cts]
optimization_barrier_p.batch = lambda args, bdims: (optimization_barrier_p.bind(*args),
                                                    list(bdims))


def optimization_barrier(operand, /):
    """lax.optimization_barrier: `operand` (a pytree) unchanged; it only orders compilation."""
    leaves, tree = tree_flatten(operand)
    return tree_unflatten(tree, optimization_barrier_p.bind(*map(_arr, leaves)))


# ---------------------------------------------------------------------------------------------
# Array creation and shapes


def _shape(shape):
    return (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)


def full(shape, fill_value, dtype=None, *, sharding=None):
    """lax.full: an array of `shape` filled with the scalar `fill_value` (weak if it is a
    Python scalar and no dtype is given)."""
    shape = _shape(shape)
    if np.ndim(fill_value) != 0:
        raise TypeError(f"full must be called with scalar fill_value, got fill_value.shape "
                        f"{np.shape(fill_value)}.")
    x = _arr(fill_value)
    if dtype is not None:
        x = convert_element_type(x, dtypes.canonicalize_dtype(dtype), weak_type=False)
    return broadcast_in_dim(x, shape, ())


def full_like(x, fill_value, dtype=None, shape=None, sharding=None):
    """lax.full_like: `fill_value` in the shape and dtype of `x` (or the given ones); weak
    exactly when `x` is weak and no dtype is given."""
    aval = get_aval(_arr(x))
    weak = aval.weak_type and dtype is None
    dtype = aval.dtype if dtype is None else dtypes.canonicalize_dtype(dtype)
    v = convert_element_type(_arr(fill_value), dtype, weak_type=weak)
    return broadcast_in_dim(v, aval.shape if shape is None else _shape(shape), ())


def empty(shape, dtype, *, out_sharding=None):
    """lax.empty: an array of `shape` and `dtype` with unspecified contents (zeros here)."""
    return full(shape, 0, dtype)


def broadcast_shapes(*shapes):
    """lax.broadcast_shapes: the NumPy-broadcast shape of `shapes` (ValueError if none)."""
    shapes = [_shape(s) for s in shapes]
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for sizes in zip(*[(1,) * (rank - len(s)) + s for s in shapes]):
        big = {d for d in sizes if d != 1}
        if len(big) > 1:
            raise ValueError(f"Incompatible shapes for broadcasting: shapes={shapes}")
        out.append(big.pop() if big else 1)
    return tuple(out)


def broadcast_to_rank(x, rank):
    """lax.broadcast_to_rank: `x` with leading size-1 axes up to `rank` dimensions."""
    x = _arr(x)
    ndim = get_aval(x).ndim
    return x if ndim >= rank else reshape(x, (1,) * (rank - ndim) + get_aval(x).shape)


def broadcast_like(arr, like_arr):
    """lax.broadcast_like: `arr` NumPy-broadcast to the shape of `like_arr`."""
    x = _arr(arr)
    shape, target = get_aval(x).shape, get_aval(_arr(like_arr)).shape
    broadcast_shapes(shape, target)
    lead = len(target) - len(shape)
    return broadcast_in_dim(x, target, tuple(range(lead, len(target))))


def collapse(operand, start_dimension, stop_dimension=None):
    """lax.collapse: dimensions [start, stop) of `operand` merged into one."""
    x = _arr(operand)
    shape = get_aval(x).shape
    stop = len(shape) if stop_dimension is None else stop_dimension
    start, stop = slice(start_dimension, stop).indices(len(shape))[:2]
    return reshape(x, (*shape[:start], math.prod(shape[start:stop]), *shape[stop:]))


def _tile_abstract_eval(x, *, reps):
    return ShapedArray(tuple(r * d for r, d in zip(reps, x.shape)), x.dtype)


tile_p = primitive("tile", lambda x, *, reps: np.tile(x, reps), _tile_abstract_eval,
                   emit=lambda names, *, reps: f"np.tile({names[0]}, {reps})")


def _tile_transpose(ct, x, *, reps):
    # the copies are summed: view the result as (r0, d0, r1, d1, ...) and reduce the r axes
    shape = x.aval.shape
    wide = tuple(d for pair in zip(reps, shape) for d in pair)
    return [reduce_sum(reshape(ct, wide), tuple(range(0, 2 * len(shape), 2)))]


deflinear(tile_p, _tile_transpose)
tile_p.batch = lambda args, bdims, *, reps: (
    tile_p.bind(moveaxis(args[0], bdims[0], 0), reps=(1, *reps)), 0)


def tile(operand, reps):
    """lax.tile: `operand` repeated `reps[i]` times along each axis i."""
    x = _arr(operand)
    shape, reps = get_aval(x).shape, tuple(int(r) for r in reps)
    if len(reps) != len(shape):
        raise TypeError(f"reps length must be equal to the ndim of x, got len(reps)={len(reps)} "
                        f"and x.ndim={len(shape)}.")
    return tile_p.bind(x, reps=reps)


def _stack_abstract_eval(*avals, axis):
    shape = list(avals[0].shape)
    shape.insert(axis, len(avals))
    return ShapedArray(tuple(shape), avals[0].dtype)


stack_p = primitive("stack", lambda *xs, axis: np.stack(xs, axis), _stack_abstract_eval,
                    emit=lambda names, *, axis: f"np.stack(({', '.join(names)},), {axis})")
deflinear(stack_p, lambda ct, *xs, axis: list(unstack_p.bind(instantiate(ct), axis=axis)))


def _stack_batch(args, bdims, *, axis):
    size = next(get_aval(x).shape[d] for x, d in zip(args, bdims) if d is not None)
    xs = [bdim_to_front(x, d, size) for x, d in zip(args, bdims)]
    return stack_p.bind(*xs, axis=axis + 1), 0


stack_p.batch = _stack_batch


def _unstack_abstract_eval(x, *, axis):
    shape = x.shape[:axis] + x.shape[axis + 1:]
    return [ShapedArray(shape, x.dtype)] * x.shape[axis]


unstack_p = primitive("unstack", lambda x, *, axis: list(np.moveaxis(x, axis, 0)),
                      _unstack_abstract_eval, multiple_results=True)


def _unstack_jvp(primals, tangents, *, axis):
    outs = unstack_p.bind(*primals, axis=axis)
    (t,) = tangents
    if type(t) is Zero:
        return outs, [Zero.like(o) for o in outs]
    return outs, unstack_p.bind(t, axis=axis)


unstack_p.jvp = _unstack_jvp
unstack_p.transpose = lambda cts, x, *, axis: [
    stack_p.bind(*[instantiate(ct) for ct in cts], axis=axis)]


def _unstack_batch(args, bdims, *, axis):
    outs = unstack_p.bind(moveaxis(args[0], bdims[0], 0), axis=axis + 1)
    return outs, [0] * len(outs)


unstack_p.batch = _unstack_batch


def stack(operands, axis=0):
    """lax.stack: the operands (of one shape and dtype) joined along a new axis."""
    ops = [_arr(o) for o in operands]
    if not ops:
        raise ValueError("lax.stack requires at least one operand")
    avals = [get_aval(o) for o in ops]
    if any(a.shape != avals[0].shape for a in avals):
        raise ValueError("All input arrays must have the same shape. Got "
                         f"{', '.join(str(a.shape) for a in avals)}.")
    if any(a.dtype != avals[0].dtype for a in avals):
        raise TypeError("lax.stack requires arguments to have the same dtypes, got "
                        f"{', '.join(a.dtype.name for a in avals)}.")
    return stack_p.bind(*ops, axis=_axis(axis, avals[0].ndim + 1))


def unstack(x, axis=0):
    """lax.unstack: the slices of `x` along `axis`, as a tuple."""
    x = _arr(x)
    return tuple(unstack_p.bind(x, axis=_axis(axis, get_aval(x).ndim)))


def reciprocal(x):
    """lax.reciprocal: 1 / x, as integer_pow(x, -1)."""
    return ew.integer_pow(_arr(x), -1)


def dtype(x):
    """lax.dtype: the canonical dtype of a value or dtype-like (float64 -> float32 unless x64)."""
    if dtypes.is_python_scalar(x):
        return dtypes.python_scalar_dtype(x)
    if hasattr(x, "dtype"):
        return dtypes.canonicalize_dtype(x.dtype)
    return dtypes.canonicalize_dtype(np.dtype(x))


def shape_as_value(shape):
    """lax.shape_as_value: a shape as an int32 NumPy array."""
    return np.asarray(_shape(shape), np.int32)


def betainc(a, b, x):
    """lax.betainc: the regularized incomplete beta function I_x(a, b)."""
    from .special import regularized_incomplete_beta

    return regularized_incomplete_beta(_arr(a), _arr(b), _arr(x))


def index_take(src, idxs, axes):
    """lax.index_take: `src[idxs[0][i], idxs[1][i], ...]` along `axes`, for each i."""
    from .indexing import gather

    cols = [reshape(convert_element_type(_arr(i), np.int32), (get_aval(_arr(i)).size, 1))
            for i in idxs]
    return gather(_arr(src), concatenate(cols, 1), tuple(axes))


# ---------------------------------------------------------------------------------------------
# Products


def batch_matmul(lhs, rhs, precision=None):
    """lax.batch_matmul: matrix products over the last two axes, batched over the others."""
    lhs, rhs = _arr(lhs), _arr(rhs)
    ln, rn = get_aval(lhs).ndim, get_aval(rhs).ndim
    if min(ln, rn) < 2:
        raise ValueError(f"Arguments to batch_matmul must be at least 2D, got {ln}, {rn}")
    if ln != rn:
        raise ValueError(f"Arguments to batch_matmul must have same ndim, got {ln}, {rn}")
    batch = tuple(range(ln - 2))
    return dot_general(lhs, rhs, (((ln - 1,), (ln - 2,)), (batch, batch)), precision)


def ragged_dot(lhs, rhs, group_sizes, precision=None, preferred_element_type=None,
               group_offset=None, out_sharding=None):
    """lax.ragged_dot: rows of `lhs` [m, k] in consecutive groups of `group_sizes` [g], each
    multiplied by its group's matrix in `rhs` [g, k, n]; rows past the groups give zeros.

    Composed as one dense product per group and a group mask (g times the work of a fused
    kernel), so it differentiates and batches like any lax program.
    """
    if group_offset is not None:
        raise NotImplementedError("ragged_dot: group_offset is not supported by numjax")
    lhs, rhs, gs = _arr(lhs), _arr(rhs), _arr(group_sizes)
    (m, k), (g, k2, n) = get_aval(lhs).shape, get_aval(rhs).shape
    if k != k2 or get_aval(gs).shape != (g,):
        raise TypeError(f"ragged_dot: expected lhs [m, k], rhs [g, k, n], group_sizes [g]; got "
                        f"{get_aval(lhs).shape}, {get_aval(rhs).shape}, {get_aval(gs).shape}")
    from .cumulative import cumsum
    from .structural import broadcasted_iota

    ends = cumsum(convert_element_type(gs, np.int32), 0)
    starts = ew.sub(ends, convert_element_type(gs, np.int32))
    rows = broadcasted_iota(np.int32, (m, g), 0)
    inside = ew.bitwise_and(ew.ge(rows, broadcast_in_dim(starts, (m, g), (1,))),
                            ew.lt(rows, broadcast_in_dim(ends, (m, g), (1,))))
    per_group = dot_general(lhs, rhs, (((1,), (1,)), ((), ())), precision,
                            preferred_element_type)  # [m, g, n]
    dt = get_aval(per_group).dtype
    mask = broadcast_in_dim(convert_element_type(inside, dt), (m, g, n), (0, 1))
    return reduce_sum(ew.mul(per_group, mask), (1,))


def ragged_dot_general(lhs, rhs, group_sizes, ragged_dot_dimension_numbers, precision=None,
                       preferred_element_type=None, group_offset=None):
    """lax.ragged_dot_general, for the ragged non-contracting layout of `ragged_dot` (other
    layouts raise NotImplementedError)."""
    dn = ragged_dot_dimension_numbers
    if not isinstance(dn, RaggedDotDimensionNumbers):
        raise TypeError("ragged_dot_dimension_numbers must be a RaggedDotDimensionNumbers")
    if (dn.dot_dimension_numbers != (((1,), (1,)), ((), ())) or dn.lhs_ragged_dimensions != (0,)
            or dn.rhs_group_dimensions != (0,)):
        raise NotImplementedError(f"ragged_dot_general: only the layout of ragged_dot is "
                                  f"supported by numjax, got {dn}")
    return ragged_dot(lhs, rhs, group_sizes, precision, preferred_element_type, group_offset)


def _repeat_to(scale, op_shape, dims):
    """`scale` repeated along `dims` up to the operand's sizes (subchannel blocks)."""
    s_shape = get_aval(scale).shape
    for d in dims:
        if op_shape[d] % s_shape[d]:
            raise ValueError(f"scaled_dot: operand size {op_shape[d]} is not a multiple of the "
                             f"scale size {s_shape[d]} in dimension {d}")
        r = op_shape[d] // s_shape[d]
        shape = get_aval(scale).shape
        wide = (*shape[:d + 1], r, *shape[d + 1:])
        scale = reshape(broadcast_in_dim(scale, wide, tuple(i for i in range(len(wide))
                                                            if i != d + 1)),
                        (*shape[:d], shape[d] * r, *shape[d + 1:]))
    return scale


def scaled_dot(lhs, rhs, *, lhs_scale=None, rhs_scale=None, dimension_numbers=None,
               preferred_element_type=None):
    """lax.scaled_dot: (lhs * lhs_scale) @ (rhs * rhs_scale), scales repeated in blocks along
    the contracting dimensions; operands and scales are rounded to bfloat16 and multiplied in
    float32 (as JAX on CPU); the result has `preferred_element_type` (default bfloat16)."""
    lhs, rhs = _arr(lhs), _arr(rhs)
    if dimension_numbers is None:
        dimension_numbers = ((((1,), (0,)), ((), ())) if get_aval(lhs).ndim == 2
                             else (((2,), (1,)), ((0,), (0,))))
    (lc, rc), _ = dimension_numbers
    # As JAX on CPU: operands and scales rounded to bfloat16, scaled operands rounded to the
    # result type, then a float32 product.
    f32 = np.dtype(np.float32)
    pet = dtypes.canonicalize_dtype(ml_dtypes.bfloat16 if preferred_element_type is None
                                    else preferred_element_type)

    def rounded(v, dtype=ml_dtypes.bfloat16):
        return convert_element_type(convert_element_type(v, dtype), f32)

    x, y = rounded(lhs), rounded(rhs)
    if lhs_scale is not None:
        x = rounded(ew.mul(x, _repeat_to(rounded(_arr(lhs_scale)), get_aval(x).shape, lc)), pet)
    if rhs_scale is not None:
        y = rounded(ew.mul(y, _repeat_to(rounded(_arr(rhs_scale)), get_aval(y).shape, rc)), pet)
    out = dot_general(x, y, dimension_numbers)
    return convert_element_type(out, pet)


def _approx_top_k_impl(x, *, k, reduction_dimension, recall_target, is_max_k,
                       reduction_input_size_override, aggregate_to_topk):
    # exact, as JAX on the CPU; NaN counts as the largest value, earlier indices win ties
    keys = np.where(np.isnan(x), -np.inf, -x) if is_max_k else np.where(np.isnan(x), np.inf, x)
    order = np.argsort(keys, axis=reduction_dimension, kind="stable")
    idx = np.take(order, np.arange(k), axis=reduction_dimension).astype(np.int32)
    return [np.take_along_axis(x, idx, reduction_dimension), idx]


def _approx_top_k_abstract_eval(x, *, k, reduction_dimension, **params):
    shape = list(x.shape)
    shape[reduction_dimension] = k
    return [ShapedArray(tuple(shape), x.dtype), ShapedArray(tuple(shape), np.dtype(np.int32))]


approx_top_k_p = primitive("approx_top_k", _approx_top_k_impl, _approx_top_k_abstract_eval,
                           multiple_results=True, weak_type_rule=lambda w, **p: [w, False])


def _approx_top_k_jvp(primals, tangents, **params):
    from .indexing import take_along_axis

    vals, idx = approx_top_k_p.bind(*primals, **params)
    (t,) = tangents
    if type(t) is Zero:
        return [vals, idx], [Zero.like(vals), Zero.like(idx)]
    return [vals, idx], [take_along_axis(t, idx, params["reduction_dimension"]), Zero.like(idx)]


def _approx_top_k_batch(args, bdims, *, reduction_dimension, **params):
    x = moveaxis(args[0], bdims[0], 0)
    outs = approx_top_k_p.bind(x, reduction_dimension=reduction_dimension + 1, **params)
    return outs, [0, 0]


approx_top_k_p.jvp = _approx_top_k_jvp
approx_top_k_p.batch = _approx_top_k_batch


def _approx_top_k(operand, k, reduction_dimension, recall_target, is_max_k,
                  reduction_input_size_override, aggregate_to_topk):
    x = _arr(operand)
    aval = get_aval(x)
    if not dtypes.is_float(aval.dtype):
        raise ValueError("operand must be a floating type")
    dim = _axis(reduction_dimension, aval.ndim)
    if int(k) > aval.shape[dim]:
        raise ValueError(f"k must be smaller than the size of reduction_dim {aval.shape[dim]}, "
                         f"got {k}")
    return list(approx_top_k_p.bind(
        x, k=int(k), reduction_dimension=dim, recall_target=float(recall_target),
        is_max_k=is_max_k, reduction_input_size_override=int(reduction_input_size_override),
        aggregate_to_topk=bool(aggregate_to_topk)))


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True):
    """lax.approx_max_k: the `k` largest values along `reduction_dimension` and their int32
    indices; exact here (as JAX on the CPU)."""
    return _approx_top_k(operand, k, reduction_dimension, recall_target, True,
                         reduction_input_size_override, aggregate_to_topk)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True):
    """lax.approx_min_k: the `k` smallest values along `reduction_dimension` (and indices)."""
    return _approx_top_k(operand, k, reduction_dimension, recall_target, False,
                         reduction_input_size_override, aggregate_to_topk)


def conv_general_dilated_local(lhs, rhs, window_strides, padding, filter_shape,
                               lhs_dilation=None, rhs_dilation=None, dimension_numbers=None,
                               precision=None):
    """lax.conv_general_dilated_local: an unshared convolution, one filter per output position.

    `rhs` has the output's spatial sizes and in-features = lhs features * prod(filter_shape),
    ordered as `conv_general_dilated_patches` orders them; composed as patches, then a product
    batched over the output positions.
    """
    from .convolution import conv_dimension_numbers, conv_general_dilated_patches

    lhs, rhs = _arr(lhs), _arr(rhs)
    dn = conv_dimension_numbers(get_aval(lhs).shape, get_aval(rhs).shape, dimension_numbers)
    patches = conv_general_dilated_patches(lhs, filter_shape, window_strides, padding,
                                           lhs_dilation, rhs_dilation, dimension_numbers,
                                           precision)
    ns = len(filter_shape)
    p = transpose(patches, tuple(dn.out_spec))  # (N, C*K, *spatial)
    w = transpose(rhs, tuple(dn.rhs_spec))  # (O, C*K, *spatial)
    sp = tuple(range(2, 2 + ns))
    out = dot_general(p, w, (((1,), (1,)), (sp, sp)), precision)  # (*spatial, N, O)
    nchw = transpose(out, (ns, ns + 1, *range(ns)))
    return transpose(nchw, tuple(int(i) for i in np.argsort(dn.out_spec)))


# ---------------------------------------------------------------------------------------------
# reduce with any computation


_MONOIDS = {id(ew.add): (reduce_sum, 0), id(ew.mul): (reduce_prod, 1),
            id(ew.max): (reduce_max, None), id(ew.min): (reduce_min, None),
            id(ew.bitwise_and): (reduce_and, -1), id(ew.bitwise_or): (reduce_or, 0),
            id(ew.bitwise_xor): (reduce_xor, 0)}


def _is_identity(init, reducer, unit):
    if isinstance(init, Tracer):
        return False
    v = np.asarray(init._value if isinstance(init, Array) else init)
    if v.shape:
        return False
    if reducer is reduce_max:
        return v == (-np.inf if v.dtype.kind == "f" else np.iinfo(v.dtype).min
                     if v.dtype.kind in "iu" else False)
    if reducer is reduce_min:
        return v == (np.inf if v.dtype.kind == "f" else np.iinfo(v.dtype).max
                     if v.dtype.kind in "iu" else True)
    if unit == -1:
        return bool(v) if v.dtype == bool else v == -1
    return v == unit


def reduce(operands, init_values, computation, dimensions, out_sharding=None):
    """lax.reduce: `operands` (an array or a pytree of arrays) reduced over `dimensions` with
    `computation(acc, x)`, which must be associative with `init_values` as identity.

    lax's own monoids (add, mul, max, min, and, or, xor) use their reduction primitives; any
    other computation is applied pairwise in log2(n) rounds of whole-array calls (vmapped over
    the elements), so it differentiates and batches as the computation does.
    """
    leaves, tree = tree_flatten(operands)
    inits, init_tree = tree_flatten(init_values)
    if tree != init_tree:
        raise ValueError(f"Operands must have the same tree structure as init_values: {tree} "
                         f"vs. {init_tree}")
    leaves = [_arr(x) for x in leaves]
    inits = [_arr(v) for v in inits]
    dims = tuple(sorted(_axis(d, get_aval(leaves[0]).ndim) for d in dimensions))
    monoid = _MONOIDS.get(id(computation)) if len(leaves) == 1 else None
    if monoid is not None and _is_identity(inits[0], *monoid):
        return tree_unflatten(tree, [monoid[0](leaves[0], dims)])
    return tree_unflatten(tree, _pairwise_reduce(leaves, inits, computation, dims, tree))


def _pairwise_reduce(leaves, inits, computation, dims, tree):
    from ..vmap import vmap

    shape = get_aval(leaves[0]).shape
    keep = [d for d in range(len(shape)) if d not in dims]
    out_shape = tuple(shape[d] for d in keep)
    m, n = math.prod(out_shape), math.prod(shape[d] for d in dims)
    vals = [reshape(transpose(x, (*keep, *dims)), (m, n)) for x in leaves]

    def step(a, b):
        return tree_flatten(computation(tree_unflatten(tree, a), tree_unflatten(tree, b)))[0]

    both = vmap(vmap(step))
    while n > 1:
        h = n // 2
        firsts = [slice_in_dim(v, 0, h, axis=1) for v in vals]
        seconds = [slice_in_dim(v, h, 2 * h, axis=1) for v in vals]
        combined = both(firsts, seconds)
        if n % 2:
            combined = [concatenate([c, slice_in_dim(v, 2 * h, n, axis=1)], 1)
                        for c, v in zip(combined, vals)]
        vals, n = combined, h + n % 2
    inits_b = [broadcast_in_dim(convert_element_type(i, get_aval(x).dtype), (m,), ())
               for i, x in zip(inits, leaves)]
    if n == 0:
        return [reshape(i, out_shape) for i in inits_b]
    out = vmap(step)([reshape(v, (m,)) for v in vals], inits_b)
    return [reshape(o, out_shape) for o in out]


# ---------------------------------------------------------------------------------------------
# Tokens, staging and compiler hints (identities on one CPU)


class Token:
    """An ordering token (lax.create_token, lax.after_all): carries no data."""

    def __repr__(self):
        return "Token()"


def create_token(_=None):
    """lax.create_token: a fresh ordering token."""
    return Token()


def after_all(*operands):
    """lax.after_all: a token that comes after the given tokens."""
    return Token()


def stage(x, /):
    """lax.stage: `x` lifted into the current trace (an Array outside any trace)."""
    return _arr(x)


def dce_sink(val, *, prevent_mlir_dce=False):
    """lax.dce_sink: marks `val` as used so dead-code elimination keeps it; returns None."""
    return


def with_sharding_constraint(x, shardings):
    """lax.with_sharding_constraint: `x` unchanged (numjax has one device); None shardings
    raise ValueError as in JAX."""
    if any(s is None for s in tree_flatten(shardings, is_leaf=lambda s: s is None)[0]):
        raise ValueError("One of with_sharding_constraint arguments got sharding None which is "
                         "not allowed. Please only pass `jax.sharding.Sharding` instances.")
    return x


def platform_dependent(*args, default=None, **per_platform):
    """lax.platform_dependent: calls the branch for "cpu" (numjax's only platform), else
    `default`."""
    branch = per_platform.get("cpu", default)
    if branch is None:
        raise NotImplementedError("platform_dependent: no branch for platform 'cpu' and no "
                                  f"default (given: {sorted(per_platform)})")
    return branch(*args)


def composite(decomposition, name, version=0):
    """lax.composite: `decomposition` (numjax has no compiler that could replace it by the
    named operation, so it always runs the decomposition)."""

    @functools.wraps(decomposition)
    def fn(*args, **kwargs):
        return decomposition(*args, **kwargs)

    return fn

