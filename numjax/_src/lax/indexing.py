"""Gather and the scatter family, in a point-indexing form that covers NumPy advanced indexing.

`gather(x, indices, axes=...)`: `indices` has shape `(*batch, len(axes))`; each row names one
position on the operand axes `axes`. The result has shape `batch + (the other operand dims,
in order)`. `scatter_<kind>(x, indices, updates, axes=...)` is the inverse layout: `updates`
has the gather result's shape. Out of bounds: gather clamps (`mode="clip"`) or fills
(`mode="fill"`, `fill_value`); scatters drop (`mode="drop"`) or clamp (`mode="clip"`).
Rules use lax operations only. These point forms are numjax-internal (jnp indexing, sort,
dynamic_slice's batching, ... call them); the public `numjax.lax.gather` / `scatter*` take
XLA's dimension numbers and are translated to them in gather_scatter_api.py.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray, get_aval
from ..interpreters.jvp import Zero, add_tangents, instantiate
from ..interpreters.transpose import is_undefined
from .elementwise import (
    add,
    convert_element_type,
    div,
    eq,
    mul,
    select,
)
from .helpers import bdim_to_front, full_like, moveaxis, primitive
from .structural import broadcast_in_dim, broadcasted_iota, reshape

_GATHER_MODES = ("clip", "fill")
_SCATTER_MODES = ("clip", "drop")


def default_fill_value(dtype):
    """JAX's fill for out-of-bounds gathers: NaN, the most negative int, uint max, True."""
    dtype = np.dtype(dtype)
    if dtypes.is_inexact(dtype):
        return float("nan")
    if dtype == np.bool_:
        return True
    if np.issubdtype(dtype, np.unsignedinteger):
        return int(np.iinfo(dtype).max)
    return int(np.iinfo(dtype).min)


def _check_indices(name, x, idx, axes):
    if not dtypes.is_int(idx.dtype):
        raise TypeError(f"{name} indices must be an integer type, got {idx.dtype.name}.")
    if idx.ndim == 0 or idx.shape[-1] != len(axes):
        raise TypeError(
            f"{name} indices must have a last dimension of size len(axes)={len(axes)}, got "
            f"indices of shape {idx.shape}."
        )
    if len(set(axes)) != len(axes) or any(not 0 <= a < x.ndim for a in axes):
        raise TypeError(f"{name} axes must be unique operand dimensions, got axes {axes} for "
                        f"operand shape {x.shape}.")


def _out_shape(x_shape, idx_shape, axes):
    return tuple(idx_shape[:-1]) + tuple(s for d, s in enumerate(x_shape) if d not in axes)


def _index_tuple(idx):
    return tuple(np.moveaxis(idx, -1, 0))


# ---------------------------------------------------------------------------------------------
# gather


def _gather_impl(x, idx, *, axes, mode, fill_value):
    _check_indices("gather", x, idx, axes)  # the eager path runs no abstract_eval
    k = len(axes)
    xt = np.moveaxis(x, axes, tuple(range(k)))
    dims = np.array(xt.shape[:k], dtype=np.int64)
    if mode == "fill":
        oob = ((idx < 0) | (idx >= dims)).any(-1)
        out = np.asarray(xt[_index_tuple(np.where(oob[..., None], 0, idx))])
        if oob.any():
            fill = default_fill_value(x.dtype) if fill_value is None else fill_value
            out = np.where(oob.reshape(oob.shape + (1,) * (out.ndim - oob.ndim)),
                           np.array(fill).astype(x.dtype), out)
        return out
    return xt[_index_tuple(np.clip(idx, 0, np.maximum(dims - 1, 0)))]


def _gather_abstract_eval(x, idx, *, axes, mode, fill_value):
    _check_indices("gather", x, idx, axes)
    if mode not in _GATHER_MODES:
        raise ValueError(f"gather mode must be one of {_GATHER_MODES}, got {mode!r}")
    return ShapedArray(_out_shape(x.shape, idx.shape, axes), x.dtype)


gather_p = primitive("gather", _gather_impl, _gather_abstract_eval,
                     weak_type_rule=lambda x, i, **params: x)


def _gather_jvp(primals, tangents, *, axes, mode, fill_value):
    x, idx = primals
    x_dot = tangents[0]
    ans = gather_p.bind(x, idx, axes=axes, mode=mode, fill_value=fill_value)
    if type(x_dot) is Zero:
        return ans, Zero.like(ans)
    return ans, gather_p.bind(x_dot, idx, axes=axes, mode=mode, fill_value=0)


def _gather_transpose(ct, x, idx, *, axes, mode, fill_value):
    assert is_undefined(x) and not is_undefined(idx)
    # As JAX, the cotangent starts from strongly typed zeros: a weak operand's gradient is strong.
    zeros = full_like_aval(x.aval.update(weak_type=False))
    ct_x = scatter_add_p.bind(zeros, idx, instantiate(ct), axes=axes,
                              mode="drop" if mode == "fill" else "clip")
    return [ct_x, None]


def _gather_batch(args, bdims, *, axes, mode, fill_value):
    (x, idx), (xd, id_) = args, bdims
    if id_ is None:
        x = moveaxis(x, xd, 0)
        nbatch = idx.ndim - 1
        return gather(x, idx, tuple(a + 1 for a in axes), mode, fill_value), nbatch
    idx = moveaxis(idx, id_, 0)
    if xd is None:
        return gather(x, idx, axes, mode, fill_value), 0
    x = moveaxis(x, xd, 0)
    idx = _prepend_batch_iota(idx)
    return gather(x, idx, (0, *(a + 1 for a in axes)), mode, fill_value), 0


gather_p.jvp = _gather_jvp
gather_p.transpose = _gather_transpose
gather_p.batch = _gather_batch


def gather(x, indices, axes, mode="clip", fill_value=None):
    """Point gather: `x` at the positions `indices[..., j]` along `axes[j]` (see module doc)."""
    from .enums import mode_name  # also accepts GatherScatterMode and JAX's mode strings

    return gather_p.bind(x, indices, axes=tuple(int(a) for a in axes),
                         mode=mode_name(mode, gather=True),
                         fill_value=fill_value)


def full_like_aval(aval, value=0):
    from ..array import Array

    return Array(np.broadcast_to(np.array(value, aval.dtype), aval.shape), aval.weak_type)


def _prepend_batch_iota(idx):
    """`idx` of shape (B, ..., k) gets the batch position as a new first column: (B, ..., k+1)."""
    from .slicing import concatenate

    shape = (*idx.shape[:-1], 1)
    ramp = broadcasted_iota(idx.dtype, shape, 0)
    return concatenate([ramp, idx], idx.ndim - 1)


# ---------------------------------------------------------------------------------------------
# scatter family


def _scatter_impl(kind):
    def impl(x, idx, upd, *, axes, mode):
        _check_indices("scatter", x, idx, axes)
        k = len(axes)
        out = np.array(x, copy=True)
        view = np.moveaxis(out, axes, tuple(range(k)))
        dims = np.array(view.shape[:k], dtype=np.int64)
        if mode == "clip":
            idx = np.clip(idx, 0, np.maximum(dims - 1, 0))
        else:
            ok = ((idx >= 0) & (idx < dims)).all(-1)
            if not ok.all():
                idx, upd = idx[ok], upd[ok]
        where = _index_tuple(idx)
        if kind == "set":
            view[where] = upd
        elif kind == "add":
            np.add.at(view, where, upd)
        elif kind == "mul":
            np.multiply.at(view, where, upd)
        elif kind == "min":
            np.minimum.at(view, where, upd)
        else:
            np.maximum.at(view, where, upd)
        return out

    return impl


def _scatter_abstract_eval(name):
    def rule(x, idx, upd, *, axes, mode):
        _check_indices(name, x, idx, axes)
        if mode not in _SCATTER_MODES:
            raise ValueError(f"{name} mode must be one of {_SCATTER_MODES}, got {mode!r}")
        expected = _out_shape(x.shape, idx.shape, axes)
        if upd.shape != expected:
            raise TypeError(f"{name} updates shape {upd.shape} does not match the indexed shape "
                            f"{expected} (indices {idx.shape}, operand {x.shape}, axes {axes}).")
        if upd.dtype != x.dtype:
            raise TypeError(f"{name} requires updates and operand to have the same dtype, got "
                            f"{upd.dtype.name} and {x.dtype.name}.")
        return ShapedArray(x.shape, x.dtype)

    return rule


def _scatter_batch(prim):
    def batch(args, bdims, *, axes, mode):
        x, idx, upd = args
        size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
        xd, id_, ud = bdims
        if id_ is None:
            # Shared indices: the batch axis is one more unindexed operand dim.
            x = bdim_to_front(x, xd, size)
            nbatch = idx.ndim - 1
            upd = bdim_to(upd, ud, nbatch, size)
            return prim.bind(x, idx, upd, axes=tuple(a + 1 for a in axes), mode=mode), 0
        x = bdim_to_front(x, xd, size)
        idx = _prepend_batch_iota(moveaxis(idx, id_, 0))
        upd = bdim_to_front(upd, ud, size)
        return prim.bind(x, idx, upd, axes=(0, *(a + 1 for a in axes)), mode=mode), 0

    return batch


def bdim_to(x, bdim, dst, size):
    from .helpers import bdim_to as _bdim_to

    return _bdim_to(x, bdim, dst, size)


def _scatter(kind):
    p = primitive(f"scatter{'' if kind == 'set' else '_' + kind}", _scatter_impl(kind),
                  _scatter_abstract_eval(f"scatter{'' if kind == 'set' else '_' + kind}"),
                  weak_type_rule=lambda x, i, u, **params: x)
    p.batch = _scatter_batch(p)
    return p


scatter_p = _scatter("set")
scatter_add_p = _scatter("add")
scatter_mul_p = _scatter("mul")
scatter_min_p = _scatter("min")
scatter_max_p = _scatter("max")


def _gather_mode(mode):
    return "fill" if mode == "drop" else "clip"


def _scatter_add_jvp(primals, tangents, *, axes, mode):
    x, idx, upd = primals
    x_dot, _, u_dot = tangents
    ans = scatter_add_p.bind(x, idx, upd, axes=axes, mode=mode)
    if type(x_dot) is Zero and type(u_dot) is Zero:
        return ans, Zero.like(ans)
    return ans, scatter_add_p.bind(instantiate(x_dot), idx, instantiate(u_dot), axes=axes,
                                   mode=mode)


def _scatter_add_transpose(ct, x, idx, upd, *, axes, mode):
    ct_x = ct if is_undefined(x) else None
    ct_u = None
    if is_undefined(upd):
        ct_u = gather_p.bind(ct, idx, axes=axes, mode=_gather_mode(mode), fill_value=0)
    return [ct_x, None, ct_u]


scatter_add_p.jvp = _scatter_add_jvp
scatter_add_p.transpose = _scatter_add_transpose


def _scatter_set_jvp(primals, tangents, *, axes, mode):
    # The same NumPy assignment picks the same winner among repeated indices for the tangent.
    x, idx, upd = primals
    x_dot, _, u_dot = tangents
    ans = scatter_p.bind(x, idx, upd, axes=axes, mode=mode)
    if type(x_dot) is Zero and type(u_dot) is Zero:
        return ans, Zero.like(ans)
    return ans, scatter_p.bind(instantiate(x_dot), idx, instantiate(u_dot), axes=axes, mode=mode)


def _scatter_winners(idx, x_aval, axes, mode):
    """A bool mask over the updates: True for the update that lands (last of repeats)."""
    n_upd = idx.shape[:-1]
    ids = reshape(broadcasted_iota(np.int32, (int(np.prod(n_upd, dtype=np.int64)),), 0), n_upd)
    rest = tuple(s for d, s in enumerate(x_aval.shape) if d not in axes)
    ids_full = broadcast_in_dim(ids, (*n_upd, *rest), tuple(range(len(n_upd))))
    board = full_like_aval(ShapedArray(x_aval.shape, np.int32), -1)
    board = scatter_p.bind(board, idx, ids_full, axes=axes, mode=mode)
    back = gather_p.bind(board, idx, axes=axes, mode=_gather_mode(mode), fill_value=-2)
    return eq(back, ids_full)


def _scatter_set_transpose(ct, x, idx, upd, *, axes, mode):
    ct_x = ct_u = None
    if is_undefined(x):
        zeros = full_like_aval(ShapedArray(_out_shape(ct.shape, idx.shape, axes), ct.dtype))
        ct_x = scatter_p.bind(ct, idx, zeros, axes=axes, mode=mode)
    if is_undefined(upd):
        got = gather_p.bind(ct, idx, axes=axes, mode=_gather_mode(mode), fill_value=0)
        won = _scatter_winners(idx, get_aval(ct), axes, mode)
        ct_u = select(won, got, full_like(got, 0))
    return [ct_x, None, ct_u]


scatter_p.jvp = _scatter_set_jvp
scatter_p.transpose = _scatter_set_transpose


def _scatter_mul_jvp(primals, tangents, *, axes, mode):
    # d(x * prod u) = x_dot * prod u + x * sum_j u_j_dot prod_{i != j} u_i (exact for unique
    # indices; with repeats the update tangent uses the operand value only).
    x, idx, upd = primals
    x_dot, _, u_dot = tangents
    ans = scatter_mul_p.bind(x, idx, upd, axes=axes, mode=mode)
    out = Zero.like(ans)
    if type(x_dot) is not Zero:
        # x_dot times the scattered product of the updates: a `mul`, so it transposes.
        factor = scatter_mul_p.bind(full_like(x, 1), idx, upd, axes=axes, mode=mode)
        out = mul(x_dot, factor)
    if type(u_dot) is not Zero:
        x_at = gather_p.bind(x, idx, axes=axes, mode=_gather_mode(mode), fill_value=0)
        contrib = scatter_add_p.bind(full_like(ans, 0), idx, mul(x_at, u_dot), axes=axes,
                                     mode=mode)
        out = add_tangents(out, contrib)
    return ans, out


scatter_mul_p.jvp = _scatter_mul_jvp


def _scatter_minmax_jvp(prim):
    # Tangent from whichever of the operand and the updates attain the result (ties averaged).
    def jvp(primals, tangents, *, axes, mode):
        x, idx, upd = primals
        x_dot, _, u_dot = tangents
        ans = prim.bind(x, idx, upd, axes=axes, mode=mode)
        if type(x_dot) is Zero and type(u_dot) is Zero:
            return ans, Zero.like(ans)
        one, zero = full_like(ans, 1), full_like(ans, 0)
        x_hit = eq(x, ans)
        ans_at = gather_p.bind(ans, idx, axes=axes, mode=_gather_mode(mode), fill_value=None)
        u_hit = eq(upd, ans_at)
        u_one, u_zero = full_like(upd, 1), full_like(upd, 0)
        counts = add(select(x_hit, one, zero),
                     scatter_add_p.bind(zero, idx, select(u_hit, u_one, u_zero), axes=axes,
                                        mode=mode))
        total = select(x_hit, instantiate(x_dot), zero)
        total = add(total, scatter_add_p.bind(zero, idx, select(u_hit, instantiate(u_dot), u_zero),
                                              axes=axes, mode=mode))
        return ans, div(total, counts)

    return jvp


scatter_min_p.jvp = _scatter_minmax_jvp(scatter_min_p)
scatter_max_p.jvp = _scatter_minmax_jvp(scatter_max_p)


def _bind_scatter(prim, x, indices, updates, axes, mode):
    from .enums import mode_name  # also accepts GatherScatterMode and JAX's mode strings

    return prim.bind(x, indices, updates, axes=tuple(int(a) for a in axes),
                     mode=mode_name(mode, gather=False))


def scatter(x, indices, updates, axes, mode="drop"):
    return _bind_scatter(scatter_p, x, indices, updates, axes, mode)


def scatter_add(x, indices, updates, axes, mode="drop"):
    return _bind_scatter(scatter_add_p, x, indices, updates, axes, mode)


def scatter_mul(x, indices, updates, axes, mode="drop"):
    return _bind_scatter(scatter_mul_p, x, indices, updates, axes, mode)


def scatter_min(x, indices, updates, axes, mode="drop"):
    return _bind_scatter(scatter_min_p, x, indices, updates, axes, mode)


def scatter_max(x, indices, updates, axes, mode="drop"):
    return _bind_scatter(scatter_max_p, x, indices, updates, axes, mode)


# ---------------------------------------------------------------------------------------------
# take_along_axis in lax terms (used by sort, top_k and cumulative rules)


def take_along_axis(x, idx, axis):
    """`x` indexed by `idx` along `axis` (other dims of `idx` equal `x`'s), via one gather."""
    from .slicing import concatenate

    idx = convert_element_type(idx, np.int32) if idx.dtype != np.int32 else idx
    shape = (*idx.shape, 1)
    cols = []
    for d in range(x.ndim):
        if d == axis:
            cols.append(reshape(idx, shape))
        else:
            cols.append(broadcasted_iota(np.int32, shape, d))
    grid = concatenate(cols, len(shape) - 1)
    return gather(x, grid, tuple(range(x.ndim)), "clip")
