"""Collectives over named axes: psum, pmax, pmin, all_gather, psum_scatter, ppermute,
axis_index (and pmean on top of psum).

numjax has one device, so a named axis only exists inside `vmap(..., axis_name=...)`. Each
collective is a primitive with `needs_axis = True`: the batch trace hands it to its batch
rule together with the trace (`batch_trace=`), even when the operand is unbatched. The rule
acts when the trace's `axis_name` is one the primitive names and otherwise passes it on to
the enclosing traces with the batch axis moved out of the way. Outside every vmap naming
the axis, binding raises JAX's `NameError`.

The results of psum / pmax / pmin / all_gather are the same for every member, so they leave
the rule unbatched. Axis names are params as a tuple `axes` (JAX accepts a name or a tuple).
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray, current_trace, get_aval
from ..interpreters.batching import find_axis
from ..tree import tree_map
from .elementwise import convert_element_type, div, mul, select_n
from .helpers import bdim_to_front, deflinear, defzero, full_like, moveaxis, primitive
from .reductions import reduce_max, reduce_min, reduce_sum
from .structural import broadcast_in_dim, iota, reshape


def _unbound(name, what):
    return NameError(f"Found an unbound axis name: {name}. To fix this, please call {what} under "
                     "`jax.shard_map`.")


def _eager_impl(what):
    def impl(*args, axes, **params):
        if what == "axis_index":  # JAX words the eager error differently for axis_index
            raise _unbound(axes[0], what)
        raise NameError(f"unbound axis name: {axes[0]}")

    return impl


def _axis_size(name, what, trace=None) -> int:
    frame = find_axis(name, trace)
    if frame is None:
        raise _unbound(name, what)
    return frame.axis_size


def _check_bound(axes, what, trace=None):
    for name in axes:
        _axis_size(name, what, trace)


def _collective(name, abstract_eval, batch, *, linear_transpose=None, weak_type_rule=None):
    p = primitive(name, _eager_impl(name), abstract_eval, weak_type_rule=weak_type_rule)
    p.needs_axis = True
    p.batch = batch
    if linear_transpose is not None:
        deflinear(p, linear_transpose)
    return p


def _same_aval(what):
    def abstract_eval(x, *, axes, **params):
        _check_bound(axes, what)
        return ShapedArray(x.shape, x.dtype)

    return abstract_eval


def _pass_on(prim, x, d, batch_trace, params, what):
    """Not this trace's axis: bind in the enclosing traces; `d` is unaffected."""
    _check_bound(params["axes"], what, batch_trace.parent)
    return prim.bind(x, **params), d


# ---------------------------------------------------------------------------------------------
# psum, pmax, pmin: reductions over the named axes


def _reducer(what, reduce, unbatched):
    def batch(args, bdims, *, batch_trace, axes):
        (x,), (d,) = args, bdims
        if batch_trace.axis_name not in axes:
            return _pass_on(prims[what], x, d, batch_trace, {"axes": axes}, what)
        out = unbatched(x, batch_trace.axis_size) if d is None else reduce(x, (d,))
        rest = tuple(a for a in axes if a != batch_trace.axis_name)
        if rest:
            out = prims[what].bind(out, axes=rest)
        return out, None

    return batch


prims = {}
psum_p = prims["psum"] = _collective(
    "psum", _same_aval("psum"),
    _reducer("psum", reduce_sum, lambda x, n: mul(x, full_like(x, n))),
    linear_transpose=lambda ct, x, *, axes: [psum_p.bind(ct, axes=axes)])
pmax_p = prims["pmax"] = _collective("pmax", _same_aval("pmax"),
                                     _reducer("pmax", reduce_max, lambda x, n: x))
pmin_p = prims["pmin"] = _collective("pmin", _same_aval("pmin"),
                                     _reducer("pmin", reduce_min, lambda x, n: x))


def _no_jvp(name):
    def jvp(primals, tangents, **params):
        raise NotImplementedError(f"Differentiation rule for '{name}' not implemented")

    return jvp


pmax_p.jvp = _no_jvp("pmax")
pmin_p.jvp = _no_jvp("pmin")


# ---------------------------------------------------------------------------------------------
# all_gather and psum_scatter (each other's transpose)


def _all_gather_abstract_eval(x, *, axes, axis, tiled):
    (name,) = axes
    size = _axis_size(name, "all_gather")
    shape = list(x.shape)
    if tiled:
        shape[axis] *= size
    else:
        shape.insert(axis, size)
    return ShapedArray(tuple(shape), x.dtype)


def _all_gather_batch(args, bdims, *, batch_trace, axes, axis, tiled):
    (x,), (d,) = args, bdims
    if batch_trace.axis_name not in axes:
        _check_bound(axes, "all_gather", batch_trace.parent)
        if d is None:
            return all_gather_p.bind(x, axes=axes, axis=axis, tiled=tiled), None
        x = moveaxis(x, d, 0)
        return all_gather_p.bind(x, axes=axes, axis=axis + 1, tiled=tiled), 0
    size = batch_trace.axis_size
    if d is None:
        shape = x.shape
        out = broadcast_in_dim(x, (*shape[:axis], size, *shape[axis:]),
                               tuple(i for i in range(len(shape) + 1) if i != axis))
    else:
        out = moveaxis(x, d, axis)
    if tiled:
        shape = out.shape
        out = reshape(out, (*shape[:axis], shape[axis] * shape[axis + 1], *shape[axis + 2:]))
    return out, None


def _all_gather_transpose(ct, x, *, axes, axis, tiled):
    return [psum_scatter_p.bind(ct, axes=axes, scatter_dimension=axis, tiled=tiled)]


all_gather_p = _collective("all_gather", _all_gather_abstract_eval, _all_gather_batch,
                           linear_transpose=_all_gather_transpose)


def _psum_scatter_abstract_eval(x, *, axes, scatter_dimension, tiled):
    (name,) = axes
    size = _axis_size(name, "psum_scatter")
    shape = list(x.shape)
    if not 0 <= scatter_dimension < len(shape):
        raise ValueError(f"scatter_dimension {scatter_dimension} is out of bounds for array of "
                         f"dimension {len(shape)}")
    n = shape[scatter_dimension]
    if (tiled and n % size) or (not tiled and n != size):
        raise ValueError(f"psum_scatter: the scattered dimension has size {n}, which the axis "
                         f"size {size} must {'divide' if tiled else 'equal'}.")
    if tiled:
        shape[scatter_dimension] = n // size
    else:
        del shape[scatter_dimension]
    return ShapedArray(tuple(shape), x.dtype)


def _psum_scatter_batch(args, bdims, *, batch_trace, axes, scatter_dimension, tiled):
    (x,), (d,) = args, bdims
    if batch_trace.axis_name not in axes:
        _check_bound(axes, "psum_scatter", batch_trace.parent)
        if d is None:
            return psum_scatter_p.bind(x, axes=axes, scatter_dimension=scatter_dimension,
                                       tiled=tiled), None
        x = moveaxis(x, d, 0)
        return psum_scatter_p.bind(x, axes=axes, scatter_dimension=scatter_dimension + 1,
                                   tiled=tiled), 0
    size = batch_trace.axis_size
    total = mul(x, full_like(x, size)) if d is None else reduce_sum(x, (d,))
    if tiled:  # member i gets block i of the scattered dimension
        shape, sd = total.shape, scatter_dimension
        total = reshape(total, (*shape[:sd], size, shape[sd] // size, *shape[sd + 1:]))
    return total, scatter_dimension


def _psum_scatter_transpose(ct, x, *, axes, scatter_dimension, tiled):
    return [all_gather_p.bind(ct, axes=axes, axis=scatter_dimension, tiled=tiled)]


psum_scatter_p = _collective("psum_scatter", _psum_scatter_abstract_eval, _psum_scatter_batch,
                             linear_transpose=_psum_scatter_transpose)


# ---------------------------------------------------------------------------------------------
# ppermute: member `src` sends its value to member `dst`; members nobody sends to get zeros


def _ppermute_batch(args, bdims, *, batch_trace, axes, perm):
    from .indexing import gather

    (x,), (d,) = args, bdims
    if batch_trace.axis_name not in axes:
        return _pass_on(ppermute_p, x, d, batch_trace, {"axes": axes, "perm": perm},
                        "ppermute")
    size = batch_trace.axis_size
    if any(not (0 <= i < size) for pair in perm for i in pair):
        raise ValueError(f"ppermute permutation {perm} has indices out of range for axis size "
                         f"{size}")
    source = np.zeros((size, 1), np.int32)
    received = np.zeros(size, np.bool_)
    for src, dst in perm:
        source[dst, 0] = src
        received[dst] = True
    x = bdim_to_front(x, d, size)
    out = gather(x, source, (0,))
    if not received.all():
        mask = broadcast_in_dim(received, out.shape, (0,))
        out = select_n(mask, full_like(out, 0), out)
    return out, 0


def _ppermute_transpose(ct, x, *, axes, perm):
    return [ppermute_p.bind(ct, axes=axes, perm=tuple((dst, src) for src, dst in perm))]


ppermute_p = _collective("ppermute", _same_aval("ppermute"), _ppermute_batch,
                         linear_transpose=_ppermute_transpose)


# ---------------------------------------------------------------------------------------------
# axis_index: the member's position along the named axis


def _axis_index_abstract_eval(*, axes):
    _check_bound(axes, "axis_index")
    return ShapedArray((), np.int32)


def _axis_index_batch(args, bdims, *, batch_trace, axes):
    if batch_trace.axis_name not in axes:
        _check_bound(axes, "axis_index", batch_trace.parent)
        return axis_index_p.bind(axes=axes), None
    return iota(np.int32, batch_trace.axis_size), 0


axis_index_p = _collective("axis_index", _axis_index_abstract_eval, _axis_index_batch,
                           weak_type_rule=False)
defzero(axis_index_p)


# ---------------------------------------------------------------------------------------------
# Public wrappers (jax.lax names and signatures)


def _names(axis_name) -> tuple:
    return tuple(axis_name) if isinstance(axis_name, (tuple, list)) else (axis_name,)


def _leaf(x):
    if dtypes.is_python_scalar(x):
        return Array(np.asarray(x, dtypes.python_scalar_dtype(x)), dtypes.is_weakly_typed(x))
    return x


def psum(x, axis_name, *, axis_index_groups=None):
    """Sum of `x` (a pytree) over the members of the named axis (or tuple of axes)."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    return tree_map(lambda v: psum_p.bind(_leaf(v), axes=axes), x)


def pmax(x, axis_name, *, axis_index_groups=None):
    """Maximum of `x` (a pytree) over the members of the named axis (or axes)."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    return tree_map(lambda v: pmax_p.bind(_leaf(v), axes=axes), x)


def pmin(x, axis_name, *, axis_index_groups=None):
    """Minimum of `x` (a pytree) over the members of the named axis (or axes)."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    return tree_map(lambda v: pmin_p.bind(_leaf(v), axes=axes), x)


def pmean(x, axis_name, *, axis_index_groups=None):
    """Mean of `x` over the named axis (or axes); integers give the default float dtype."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    trace = current_trace()
    n = 1
    for name in axes:
        n *= _axis_size(name, "psum", trace) if trace is not None else _eager_unbound(name)

    def mean(v):
        s = psum_p.bind(_leaf(v), axes=axes)
        if not dtypes.is_inexact(get_aval(s).dtype):
            s = convert_element_type(s, dtypes.default_float_dtype())
        return div(s, full_like(s, n))

    return tree_map(mean, x)


def all_gather(x, axis_name, *, axis_index_groups=None, axis=0, tiled=False):
    """Each member gets every member's `x`, stacked along `axis` (concatenated if `tiled`)."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    if len(axes) != 1:
        raise NotImplementedError("numjax's all_gather takes a single axis name")

    def gather_leaf(v):
        v = _leaf(v)
        nd = get_aval(v).ndim
        if tiled and nd == 0:
            raise ValueError(f"axis {axis} is out of bounds for array of dimension 0")
        bound = nd if tiled else nd + 1
        if not -bound <= axis < bound:
            raise ValueError(f"axis {axis} is out of bounds for array of dimension {bound}")
        return all_gather_p.bind(v, axes=axes, axis=axis % bound, tiled=bool(tiled))

    return tree_map(gather_leaf, x)


def psum_scatter(x, axis_name, *, scatter_dimension=0, axis_index_groups=None, tiled=False):
    """psum, then member i keeps block i of `scatter_dimension` (dropped unless `tiled`)."""
    _no_groups(axis_index_groups)
    axes = _names(axis_name)
    if len(axes) != 1:
        raise NotImplementedError("numjax's psum_scatter takes a single axis name")
    return tree_map(lambda v: psum_scatter_p.bind(
        _leaf(v), axes=axes, scatter_dimension=int(scatter_dimension), tiled=bool(tiled)), x)


def ppermute(x, axis_name, perm):
    """Sends member `src`'s `x` to member `dst` for each `(src, dst)` in `perm`."""
    axes = _names(axis_name)
    perm = tuple((int(s), int(d)) for s, d in perm)
    srcs, dsts = [s for s, _ in perm], [d for _, d in perm]
    if len(set(srcs)) != len(srcs) or len(set(dsts)) != len(dsts):
        raise ValueError(f"ppermute sources and destinations must be unique, got perm={perm}")
    return tree_map(lambda v: ppermute_p.bind(_leaf(v), axes=axes, perm=perm), x)


def axis_index(axis_name):
    """The position (int32) of the current member along the named axis."""
    return axis_index_p.bind(axes=_names(axis_name))


def _eager_unbound(name):
    raise NameError(f"unbound axis name: {name}")


def _no_groups(groups):
    if groups is not None:
        raise NotImplementedError("axis_index_groups is not supported by numjax")
