"""NumPy advanced indexing on jnp arrays, lowered to lax gather/scatter and dynamic_slice.

Every index is brought to a canonical form: boolean masks (concrete only) become their
nonzero int arrays, Ellipsis is expanded, `None` becomes a new unit axis of the operand, and
what remains is one entry per operand axis: a slice, or an integer (array). Advanced entries
broadcast together; their dims go first unless they are adjacent (NumPy's rule). The
positions read or written form an index grid `(*result_shape, ndim)` for one gather/scatter.
Integer-scalar-only indices (possibly traced) use dynamic_slice instead.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer, concrete_value
from ..errors import NonConcreteBooleanIndexError
from ..lax import dynamic_slicing as lax_dyn
from ..lax import elementwise as lax
from ..lax import indexing as lax_idx
from ..lax import slicing as lax_slicing
from ..lax import structural as lax_struct
from .indexing import _expand_ellipsis, _static_getitem, normalize_index
from .util import broadcast_to_shape, to_array

_INT = (int, np.integer)


def _is_bool_index(i) -> bool:
    return (isinstance(i, (bool, np.bool_))
            or (hasattr(i, "dtype") and not isinstance(i, slice) and i.dtype == np.bool_))


def _expand_bool(i):
    if isinstance(i, (bool, np.bool_)):
        i = np.asarray(i)
    value = concrete_value(i) if isinstance(i, (Tracer, Array)) else i
    if value is None:
        raise NonConcreteBooleanIndexError(
            f"Array boolean indices must be concrete; got {i.aval.str_short()}\n\n"
            "See https://docs.jax.dev/en/latest/errors.html"
            "#jax.errors.NonConcreteBooleanIndexError"
        )
    value = np.asarray(value)
    if value.ndim == 0:
        raise IndexError("scalar boolean indices are not supported by numjax")
    return tuple(Array(np.asarray(n, np.int32), False) for n in np.nonzero(value))


def _canonicalize(x, idx):
    """(x with new axes inserted, one slice-or-int-array entry per axis of it)."""
    idx = normalize_index(idx)
    flat = []
    for i in idx:
        if _is_bool_index(i):
            flat.extend(_expand_bool(i))
        else:
            flat.append(i)
    idx = _expand_ellipsis(tuple(flat), x.ndim)
    new_axes = [k for k, i in enumerate(idx) if i is None]
    if new_axes:
        x = lax_struct.expand_dims(x, tuple(new_axes))
        idx = tuple(slice(None) if i is None else i for i in idx)
    entries = []
    for i in idx:
        if isinstance(i, slice):
            entries.append(i)
        elif isinstance(i, _INT) and not isinstance(i, bool):
            entries.append(int(i))
        else:
            i = to_array(i)
            if not dtypes.is_int(i.dtype):
                raise TypeError(f"Indexer must have integer or boolean type, got indexer with "
                                f"type {i.dtype}")
            entries.append(i)
    return x, entries


def _normalize_int(i, size):
    """Integer index (array) with negatives counted from the end, as int32 lax values."""
    if isinstance(i, int):
        return Array(np.asarray(i + size if i < 0 else i, np.int32), False)
    if i.dtype != np.int32:
        i = lax.convert_element_type(i, np.int32)
    # 0-d constants: lax broadcasts them (staged as literals, as JAX's `lt b 0:i32[]`)
    zero, n = Array(np.asarray(0, np.int32), False), Array(np.asarray(size, np.int32), False)
    return lax.select(lax.lt(i, zero), lax.add(i, n), i)


def _index_grid(shape, entries):
    """(grid of shape (*result_shape, ndim) as an int32 lax value, result_shape)."""
    adv = [k for k, e in enumerate(entries) if not isinstance(e, slice)]
    adv_vals = [_normalize_int(entries[k], shape[k]) for k in adv]
    b_shape = np.broadcast_shapes(*(v.shape for v in adv_vals)) if adv else ()
    contiguous = adv == list(range(adv[0], adv[-1] + 1)) if adv else True
    # Result layout: slice dims in order, with the broadcast advanced dims inserted.
    slice_lens = {}
    for k, e in enumerate(entries):
        if isinstance(e, slice):
            slice_lens[k] = len(range(*e.indices(shape[k])))
    slice_axes = list(slice_lens)
    b_at = (sum(1 for k in slice_axes if k < adv[0]) if contiguous else 0) if adv else 0
    layout = [("s", k) for k in slice_axes]
    layout[b_at:b_at] = [("b", None)]
    result_shape, pos = [], {}
    for kind, k in layout:
        if kind == "b":
            pos["b"] = len(result_shape)
            result_shape.extend(b_shape)
        else:
            pos[k] = len(result_shape)
            result_shape.append(slice_lens[k])
    result_shape = tuple(result_shape)
    cols = []
    col_shape = (*result_shape, 1)
    for k, e in enumerate(entries):
        if isinstance(e, slice):
            ramp = np.arange(*e.indices(shape[k]), dtype=np.int32)
            view = [1] * len(col_shape)
            view[pos[k]] = len(ramp)
            cols.append(Array(np.broadcast_to(ramp.reshape(view), col_shape), False))
        else:
            v = adv_vals[adv.index(k)]
            v = broadcast_to_shape(v, b_shape)
            b0 = pos["b"]
            dims = tuple(range(b0, b0 + len(b_shape)))
            cols.append(lax_struct.broadcast_in_dim(v, col_shape, dims))
    if not cols:
        grid = Array(np.zeros((*result_shape, 0), np.int32), False)
    else:
        grid = lax_slicing.concatenate(cols, len(result_shape))
    return grid, result_shape


def _scalar_ints_only(entries) -> bool:
    return all(isinstance(e, (slice, int)) or e.ndim == 0 for e in entries)


def _dynamic_getitem(x, entries):
    """Integer scalars (some traced) and slices: static slices, then one dynamic_slice."""
    static = tuple(e if isinstance(e, slice) else slice(None) for e in entries)
    x = _static_getitem(x, static)
    starts, sizes, squeeze = [], [], []
    for k, e in enumerate(entries):
        if isinstance(e, slice):
            starts.append(Array(np.asarray(0, np.int32), False))
            sizes.append(x.shape[k])
        else:
            starts.append(_normalize_int(e, x.shape[k]))
            sizes.append(1)
            squeeze.append(k)
    # the primitive itself: its lax wrapper would count negative starts from the end again
    out = lax_dyn.dynamic_slice_p.bind(x, *starts, slice_sizes=tuple(sizes))
    return lax_struct.squeeze(out, tuple(squeeze)) if squeeze else out


def advanced_getitem(x, idx):
    return getitem_with_mode(x, idx, None, None)


_MODES = (None, "clip", "fill", "drop", "promise_in_bounds")


def _mode_string(mode):
    """A lax.GatherScatterMode as the mode string it stands for (others unchanged)."""
    from ..lax.enums import GatherScatterMode

    if not isinstance(mode, GatherScatterMode):
        return mode
    return {GatherScatterMode.CLIP: "clip", GatherScatterMode.FILL_OR_DROP: "fill",
            GatherScatterMode.PROMISE_IN_BOUNDS: "promise_in_bounds"}.get(mode, mode)


def _check_mode(mode):
    # JAX names the gather mode in this error for reads and updates alike.
    if not isinstance(mode, (str, type(None))) or mode not in _MODES:
        raise ValueError(f'Unknown gather mode "{mode}"')


def _gather_mode(mode):
    mode = _mode_string(mode)
    _check_mode(mode)
    return "clip" if mode in (None, "clip", "promise_in_bounds") else "fill"


def getitem_with_mode(x, idx, mode, fill_value):
    x = to_array(x)
    gmode = _gather_mode(mode)
    x, entries = _canonicalize(x, idx)
    if gmode == "clip" and _scalar_ints_only(entries):
        if all(isinstance(e, (slice, int)) for e in entries):
            return _static_getitem(x, tuple(entries))
        return _dynamic_getitem(x, entries)
    grid, _ = _index_grid(x.shape, entries)
    if fill_value is not None:
        fill_value = np.asarray(fill_value, x.dtype).item()
    return lax_idx.gather(x, grid, tuple(range(x.ndim)), gmode, fill_value)


_SCATTERS = {"set": lax_idx.scatter, "add": lax_idx.scatter_add, "mul": lax_idx.scatter_mul,
             "min": lax_idx.scatter_min, "max": lax_idx.scatter_max}


def scatter_update(x, idx, values, kind, mode):
    x = to_array(x)
    mode = _mode_string(mode)
    _check_mode(mode)
    smode = "clip" if mode == "clip" else "drop"
    x_expanded, entries = _canonicalize(x, idx)
    grid, result_shape = _index_grid(x_expanded.shape, entries)
    values = to_array(values)
    if values.dtype != x.dtype:
        values = lax.convert_element_type(values, x.dtype, x.weak_type)
    values = _broadcast_values(values, result_shape)
    out = _SCATTERS[kind](x_expanded, grid, values, tuple(range(x_expanded.ndim)), smode)
    if out.shape != x.shape:
        out = lax_struct.reshape(out, x.shape)
    return out


def _broadcast_values(values, shape):
    # As JAX (unlike NumPy assignment), `values` must broadcast to the indexed shape as it is:
    # leading unit dims beyond its rank are an error too.
    if values.ndim > len(shape):
        raise ValueError("Cannot broadcast to shape with fewer dimensions: "
                         f"arr_shape={values.shape} shape={tuple(shape)}")
    try:
        if np.broadcast_shapes(values.shape, shape) != tuple(shape):
            raise ValueError
    except ValueError:
        name = values.dtype.name
        raise ValueError(
            f"Incompatible types for broadcasting: input type={name}"
            f"[{','.join(map(str, values.shape))}] and requested type={name}"
            f"[{','.join(map(str, shape))}]") from None
    return broadcast_to_shape(values, shape)


__all__ = ["advanced_getitem", "getitem_with_mode", "scatter_update"]
_ = lax_slicing
