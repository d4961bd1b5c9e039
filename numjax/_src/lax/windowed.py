"""Windowed reductions: reduce_window_sum / _max / _min, the generic reduce_window (any monoid,
composed of pad, strided slices and the computation), and the select_and_gather_add /
select_and_scatter_add pair that differentiates max and min pooling.

Every primitive here shares one window geometry, given per operand dimension:
`window_dimensions`, `window_strides`, `padding` ((low, high) pairs, negative crops),
`base_dilation` (holes between operand elements) and `window_dilation` (holes between window
taps). The operand is dilated, then padded with the reduction's identity, then every window is
reduced. The NumPy helpers `dilate_pad` and `windows` (a strided view, no copy) are shared with
convolution.py; impls never loop over output positions.

Max/min pooling is differentiated as XLA does: the tangent of each window is the tangent of the
*first* element (in row-major window order) attaining the extremum, so ties are not split.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..core import ShapedArray, get_aval
from ..interpreters.jvp import Zero, instantiate
from ..interpreters.transpose import is_undefined
from .helpers import bdim_to_front, deflinear, primitive
from .reductions import _highest, _lowest

# ---------------------------------------------------------------------------------------------
# NumPy helpers (shared with convolution.py)


def dilate_pad(x, dilation, padding, value, axes=None):
    """`x` with `dilation - 1` copies of `value` between elements and `padding` (low, high)
    copies at the ends of each axis in `axes` (default: all); negative padding crops."""
    axes = range(x.ndim) if axes is None else axes
    if all(d == 1 for d in dilation) and all(lo == hi == 0 for lo, hi in padding):
        return x
    shape, place, crop = list(x.shape), [slice(None)] * x.ndim, [slice(None)] * x.ndim
    for a, d, (lo, hi) in zip(axes, dilation, padding, strict=True):
        n = x.shape[a]
        span = max((n - 1) * d + 1, 0)
        grown = span + max(lo, 0) + max(hi, 0)
        shape[a] = grown
        place[a] = slice(max(lo, 0), max(lo, 0) + span, d)
        start = max(-lo, 0)
        crop[a] = slice(start, max(start, grown - max(-hi, 0)))
    out = np.full(shape, value, x.dtype)
    out[tuple(place)] = x
    return out[tuple(crop)]


def undilate_unpad(y, dilation, padding, shape, axes=None):
    """The inverse selection of `dilate_pad`: the elements of `y` that came from an operand of
    `shape` (cropped ones are zero)."""
    axes = range(y.ndim) if axes is None else axes
    widen, take = [(0, 0)] * y.ndim, [slice(None)] * y.ndim
    for a, d, (lo, hi) in zip(axes, dilation, padding, strict=True):
        widen[a] = (max(-lo, 0), max(-hi, 0))
        start = max(lo, 0)
        take[a] = slice(start, start + max((shape[a] - 1) * d + 1, 0), d)
    if any(w != (0, 0) for w in widen):
        y = np.pad(y, widen)
    return y[tuple(take)]


def out_size(n, k, stride, dilation=1):
    """Number of windows of `k` taps (dilated) fitting in `n` elements at `stride`."""
    span = (k - 1) * dilation + 1
    return max(0, (n - span) // stride + 1) if n >= span else 0


def windows(xp, window_dimensions, window_strides, window_dilation):
    """A read-only strided view of shape (*out_shape, *window_dimensions) of `xp`'s windows."""
    out = [out_size(n, k, s, d) for n, k, s, d in
           zip(xp.shape, window_dimensions, window_strides, window_dilation, strict=True)]
    strides = ([st * s for st, s in zip(xp.strides, window_strides)]
               + [st * d for st, d in zip(xp.strides, window_dilation)])
    return np.lib.stride_tricks.as_strided(xp, (*out, *window_dimensions), strides,
                                           writeable=False)


# ---------------------------------------------------------------------------------------------
# Geometry: checking and the shape rule


_GEOMETRY = ("window_dimensions", "window_strides", "padding", "base_dilation",
             "window_dilation")


def window_shape(shape, window_dimensions, window_strides, padding, base_dilation,
                 window_dilation):
    """The output shape of a windowed reduction (lax.reduce_window_shape_tuple)."""
    out = []
    for n, k, s, (lo, hi), bd, wd in zip(shape, window_dimensions, window_strides, padding,
                                         base_dilation, window_dilation, strict=True):
        padded = max((n - 1) * bd + 1, 0) + lo + hi
        out.append(out_size(padded, k, s, wd))
    return tuple(out)


def check_geometry(name, shape, window_dimensions, window_strides, padding, base_dilation,
                   window_dilation):
    """Raises JAX's errors for a window geometry that does not fit an operand of `shape`."""
    nd = len(shape)
    if len(window_dimensions) != nd:
        raise TypeError(f"{name} got the wrong number of window_dimensions for operand: got "
                        f"operand shape {tuple(shape)} with window_dimensions "
                        f"{tuple(window_dimensions)}.")
    if len(window_strides) != len(window_dimensions):
        raise TypeError(f"{name} got inconsistent window_strides and window_dimensions: got "
                        f"window_strides {tuple(window_strides)} and window_dimensions "
                        f"{tuple(window_dimensions)}.")
    if len(padding) != nd:
        raise ValueError(f"{name} got padding {tuple(padding)} of length {len(padding)} for an "
                         f"operand of rank {nd}.")
    for what, dil in (("base_dilation", base_dilation), ("window_dilation", window_dilation)):
        if len(dil) != nd:
            raise TypeError(f"{name} got inconsistent {what} and window_dimensions: got {what} "
                            f"{tuple(dil)} and window_dimensions {tuple(window_dimensions)}.")
    if any(k <= 0 for k in window_dimensions):
        raise TypeError(f"{name} window_dimensions must have every element be strictly "
                        f"positive, got {tuple(window_dimensions)}.")
    if any(s <= 0 for s in window_strides):
        raise TypeError(f"{name} window_strides must have every element be strictly positive, "
                        f"got {tuple(window_strides)}.")
    for dil in (base_dilation, window_dilation):
        if any(d <= 0 for d in dil):
            raise TypeError(f"All dilations must be positive, got {tuple(dil)}.")


def _window_abstract_eval(name):
    def rule(x, *, window_dimensions, window_strides, padding, base_dilation,
             window_dilation):
        check_geometry(name, x.shape, window_dimensions, window_strides, padding,
                       base_dilation, window_dilation)
        return ShapedArray(window_shape(x.shape, window_dimensions, window_strides, padding,
                                        base_dilation, window_dilation), x.dtype)

    return rule


def _with_unit_window(params, at):
    """The geometry with a window of one element inserted at axis `at` (a batch axis)."""
    ins = {"window_dimensions": 1, "window_strides": 1, "padding": (0, 0),
           "base_dilation": 1, "window_dilation": 1}
    out = dict(params)
    for key, unit in ins.items():
        v = params[key]
        out[key] = (*v[:at], unit, *v[at:])
    return out


# ---------------------------------------------------------------------------------------------
# reduce_window_sum / _max / _min


def _monoid_impl(ufunc, init):
    def impl(x, *, window_dimensions, window_strides, padding, base_dilation,
             window_dilation):
        xp = dilate_pad(x, base_dilation, padding, init(x.dtype))
        view = windows(xp, window_dimensions, window_strides, window_dilation)
        out_shape = view.shape[:x.ndim]
        if view.size == 0:
            return np.full(out_shape, init(x.dtype), x.dtype)
        if math.prod(window_dimensions) <= 16:  # small windows: one ufunc call per tap
            places = _tap_places(out_shape, window_dimensions, window_strides, window_dilation)
            acc = np.array(xp[next(places)[1]], dtype=x.dtype)
            for _, place in places:
                ufunc(acc, xp[place], out=acc)
            return acc
        taps = tuple(range(x.ndim, 2 * x.ndim))
        return np.asarray(ufunc.reduce(view, axis=taps), dtype=x.dtype)

    return impl


def _monoid_batch(prim):
    def batch(args, bdims, **params):
        (x,), (bdim,) = args, bdims
        return prim.bind(x, **_with_unit_window(params, bdim)), bdim

    return batch


def _monoid(name, ufunc, init):
    p = primitive(name, _monoid_impl(ufunc, init), _window_abstract_eval("reduce_window"))
    p.batch = _monoid_batch(p)
    return p


reduce_window_sum_p = _monoid("reduce_window_sum", np.add, lambda dtype: 0)
reduce_window_max_p = _monoid("reduce_window_max", np.maximum, _lowest)
reduce_window_min_p = _monoid("reduce_window_min", np.minimum, _highest)


def _reduce_window_sum_transpose(ct, x, *, window_dimensions, window_strides, padding,
                                 base_dilation, window_dilation):
    # Each operand element receives the cotangents of the windows covering it: a window sum
    # over the cotangent dilated by the strides, read at the operand's (base-dilated) places.
    from .slicing import pad

    n_shape = x.aval.shape
    config, geometry = [], {k: [] for k in _GEOMETRY}
    for n, o, k, s, (lo, hi), bd, wd in zip(n_shape, ct.shape, window_dimensions,
                                            window_strides, padding, base_dilation,
                                            window_dilation, strict=True):
        span = (k - 1) * wd + 1
        low = (k - 1) * wd - lo
        high = (n - 1) * bd + span - low - ((o - 1) * s + 1)
        config.append((low, high, s - 1))
        geometry["window_dimensions"].append(k)
        geometry["window_strides"].append(bd)
        geometry["padding"].append((0, 0))
        geometry["base_dilation"].append(1)
        geometry["window_dilation"].append(wd)
    if 0 in ct.shape:
        return [_zeros(x.aval)]
    padded = pad(ct, np.zeros((), ct.dtype), config)
    geometry = {k: tuple(v) for k, v in geometry.items()}
    return [reduce_window_sum_p.bind(padded, **geometry)]


def _zeros(aval):
    from ..array import Array

    return Array(np.zeros(aval.shape, aval.dtype))


deflinear(reduce_window_sum_p, _reduce_window_sum_transpose)


def _chooser_jvp(prim, select_prim):
    def jvp(primals, tangents, **params):
        (x,), (x_dot,) = primals, tangents
        ans = prim.bind(x, **params)
        if type(x_dot) is Zero:
            return ans, Zero.like(ans)
        return ans, select_and_gather_add_p.bind(x_dot, x, select_prim=select_prim(), **params)

    prim.jvp = jvp


def _ge():
    from .elementwise import ge_p

    return ge_p


def _le():
    from .elementwise import le_p

    return le_p


_chooser_jvp(reduce_window_max_p, _ge)
_chooser_jvp(reduce_window_min_p, _le)


# ---------------------------------------------------------------------------------------------
# select_and_gather_add(t, x): per window, t at the first position where x is extremal;
# select_and_scatter_add(s, x): its transpose in t, adding s back at those positions.


def _is_max(select_prim):
    return select_prim.name == "ge"


def _tap_places(out_shape, window_dimensions, window_strides, window_dilation):
    """(k, index) per window tap k (row-major): the strided slice of the padded operand that
    holds tap k of every window."""
    for k, tap in enumerate(itertools.product(*map(range, window_dimensions))):
        yield k, tuple(slice(t * d, t * d + (o - 1) * s + 1, s) for t, d, o, s in
                       zip(tap, window_dilation, out_shape, window_strides))


def _choose(x, t, select_prim, window_dimensions, window_strides, padding, base_dilation,
            window_dilation):
    """Per window, the tap XLA's select keeps (the current one unless `select_prim(current,
    candidate)` fails, so ties keep the first) and, if `t` is given, t at that tap.

    Returns (padded x shape, tap index per window, t at the chosen taps or None)."""
    init = (_lowest if _is_max(select_prim) else _highest)(x.dtype)
    keep = np.greater_equal if _is_max(select_prim) else np.less_equal
    xp = dilate_pad(x, base_dilation, padding, init)
    tp = None if t is None else dilate_pad(t, base_dilation, padding, 0)
    out_shape = window_shape(x.shape, window_dimensions, window_strides, padding, base_dilation,
                             window_dilation)
    if 0 in out_shape:
        return xp.shape, np.zeros(out_shape, np.intp), None if t is None else np.zeros(
            out_shape, t.dtype)
    best = idx = chosen = None
    for k, place in _tap_places(out_shape, window_dimensions, window_strides, window_dilation):
        v = xp[place]
        if best is None:
            best, idx = v, np.zeros(out_shape, np.intp)
            chosen = None if t is None else tp[place]
            continue
        switch = ~keep(best, v)
        best = np.where(switch, v, best)
        idx[switch] = k
        if t is not None:
            chosen = np.where(switch, tp[place], chosen)
    return xp.shape, idx, chosen


def _select_and_gather_add_impl(t, x, *, select_prim, window_dimensions, window_strides,
                                padding, base_dilation, window_dilation):
    _, _, chosen = _choose(x, t, select_prim, window_dimensions, window_strides, padding,
                           base_dilation, window_dilation)
    return np.array(chosen, dtype=t.dtype)


def _select_and_scatter_add_impl(s, x, *, select_prim, window_dimensions, window_strides,
                                 padding, base_dilation, window_dilation):
    shape, idx, _ = _choose(x, None, select_prim, window_dimensions, window_strides, padding,
                            base_dilation, window_dilation)
    # One strided add per window tap (not per output position): within one tap the windows
    # touch distinct places, so `+=` on the strided slice is exact even when windows overlap.
    acc = np.zeros(shape, s.dtype)
    if idx.size:
        zero = np.zeros((), s.dtype)
        for k, place in _tap_places(idx.shape, window_dimensions, window_strides,
                                    window_dilation):
            acc[place] += np.where(idx == k, s, zero)
    return undilate_unpad(acc, base_dilation, padding, x.shape)


def _select_abstract_eval(name, scatter):
    def rule(t, x, *, select_prim, **geometry):
        check_geometry(name, x.shape, **geometry)
        out = window_shape(x.shape, **geometry)
        if scatter:
            if t.shape != out:
                raise TypeError(f"{name} source shape {t.shape} does not match the windows "
                                f"{out} of operand shape {x.shape}.")
            return ShapedArray(x.shape, t.dtype)
        if t.shape != x.shape:
            raise TypeError(f"{name} tangent shape {t.shape} does not match operand shape "
                            f"{x.shape}.")
        return ShapedArray(out, t.dtype)

    return rule


select_and_gather_add_p = primitive(
    "select_and_gather_add", _select_and_gather_add_impl,
    _select_abstract_eval("select_and_gather_add", False))
select_and_scatter_add_p = primitive(
    "select_and_scatter_add", _select_and_scatter_add_impl,
    _select_abstract_eval("select_and_scatter_add", True))


def _linear_in_first(prim, transpose_to):
    """`prim(t, x)` is linear in `t`; `x` only selects (its derivative is zero)."""

    def jvp(primals, tangents, **params):
        t, x = primals
        ans = prim.bind(t, x, **params)
        if type(tangents[0]) is Zero:
            return ans, Zero.like(ans)
        return ans, prim.bind(instantiate(tangents[0]), x, **params)

    def transpose(ct, t, x, **params):
        assert not is_undefined(x), f"{prim.name} is not linear in its selecting operand"
        if type(ct) is Zero:
            return [None, None]
        return [transpose_to().bind(ct, x, **params), None]

    def batch(args, bdims, **params):
        size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
        t, x = (bdim_to_front(a, d, size) for a, d in zip(args, bdims))
        geometry = _with_unit_window({k: params[k] for k in _GEOMETRY}, 0)
        return prim.bind(t, x, select_prim=params["select_prim"], **geometry), 0

    prim.jvp, prim.transpose, prim.batch = jvp, transpose, batch


_linear_in_first(select_and_gather_add_p, lambda: select_and_scatter_add_p)
_linear_in_first(select_and_scatter_add_p, lambda: select_and_gather_add_p)


# ---------------------------------------------------------------------------------------------
# Public functions


def padtype_to_pads(in_shape, window_shape, window_strides, padding):
    """lax.padtype_to_pads: (low, high) pairs for 'VALID', 'SAME' or 'SAME_LOWER' padding.

    'SAME' gives ceil(n / stride) outputs with the odd element of padding at the high end;
    'SAME_LOWER' puts it at the low end.
    """
    if isinstance(padding, str):
        kind = padding.upper()
        if kind not in ("VALID", "SAME", "SAME_LOWER"):
            raise RuntimeError("Unrecognized padding type: expected 'VALID', 'SAME', or "
                               f"'SAME_LOWER', got {padding}.")
    else:
        raise TypeError(f"padding must be a string, got {padding!r}.")
    if kind == "VALID":
        return [(0, 0)] * len(in_shape)
    pads = []
    for n, k, s in zip(in_shape, window_shape, window_strides, strict=True):
        out = -(-int(n) // int(s))
        total = max((out - 1) * s + k - n, 0)
        small, big = total // 2, total - total // 2
        pads.append((small, big) if kind == "SAME" else (big, small))
    return pads


def reduce_window_shape_tuple(operand_shape, window_dimensions, window_strides, padding,
                              base_dilation=None, window_dilation=None):
    """lax.reduce_window_shape_tuple: the output shape of a windowed reduction."""
    nd = len(operand_shape)
    base_dilation = (1,) * nd if base_dilation is None else base_dilation
    window_dilation = (1,) * nd if window_dilation is None else window_dilation
    return window_shape(operand_shape, window_dimensions, window_strides, padding,
                        base_dilation, window_dilation)


def _geometry(name, shape, window_dimensions, window_strides, padding, base_dilation,
              window_dilation):
    nd = len(shape)
    window_dimensions = tuple(int(k) for k in window_dimensions)
    window_strides = tuple(int(s) for s in window_strides)
    base_dilation = (1,) * nd if base_dilation is None else tuple(int(d) for d in base_dilation)
    window_dilation = ((1,) * nd if window_dilation is None
                       else tuple(int(d) for d in window_dilation))
    if isinstance(padding, str):
        check_geometry(name, shape, window_dimensions, window_strides, ((0, 0),) * nd,
                       base_dilation, window_dilation)
        # As JAX: the undilated operand shape against the dilated window.
        spans = [(k - 1) * d + 1 for k, d in zip(window_dimensions, window_dilation)]
        padding = padtype_to_pads(shape, spans, window_strides, padding)
    padding = tuple((int(lo), int(hi)) for lo, hi in padding)
    geometry = {"window_dimensions": window_dimensions, "window_strides": window_strides,
                "padding": padding, "base_dilation": base_dilation,
                "window_dilation": window_dilation}
    check_geometry(name, shape, **geometry)
    return geometry


def _is_identity(value, identity):
    from ..core import concrete_value

    v = concrete_value(value)
    if v is None:
        return False
    v = np.asarray(v)
    return v.shape == () and bool(v == identity)


def reduce_window(operand, init_value, computation, window_dimensions, window_strides,
                  padding, base_dilation=None, window_dilation=None):
    """lax.reduce_window: reduces every window of `operand` with `computation`.

    `operand` and `init_value` may be matching pytrees (a multi-operand reduction);
    `computation(a, b)` must be a monoid with identity `init_value`. `padding` is 'VALID',
    'SAME', 'SAME_LOWER' or (low, high) pairs; padded and dilated places hold `init_value`.
    `lax.add`, `lax.max` and `lax.min` with their identities become the primitives
    reduce_window_sum / _max / _min; any other computation is folded over the window taps
    (strided slices of the padded operands), so its jaxpr shows those ops rather than JAX's
    generic reduce_window primitive.
    """
    from .. import tree
    from . import elementwise as ew

    flat_ops, treedef = tree.tree_flatten(operand)
    flat_init, init_tree = tree.tree_flatten(init_value)
    if init_tree != treedef:
        raise ValueError("Operands must have the same tree structure as init_values: "
                         f"{treedef} vs. {init_tree}")
    shape = get_aval(flat_ops[0]).shape
    geometry = _geometry("reduce_window", shape, window_dimensions, window_strides, padding,
                         base_dilation, window_dilation)
    if len(flat_ops) == 1:
        x, init = flat_ops[0], flat_init[0]
        dtype = get_aval(x).dtype
        prim = None
        if computation is ew.add and _is_identity(init, 0):
            prim = reduce_window_sum_p
        elif computation is ew.max and _is_identity(init, _lowest(dtype)):
            prim = reduce_window_max_p
        elif computation is ew.min and _is_identity(init, _highest(dtype)):
            prim = reduce_window_min_p
        if prim is not None:
            return tree.tree_unflatten(treedef, [prim.bind(x, **geometry)])
    outs = _reduce_window_generic(flat_ops, flat_init, treedef, computation, geometry)
    return tree.tree_unflatten(treedef, outs)


def _reduce_window_generic(operands, inits, treedef, computation, geometry):
    # Any other monoid: pad and dilate with the init values, then fold `computation` over the
    # window taps, each a strided slice of every output position at once (a loop over the
    # taps, not the positions). Built from lax ops, so every transformation applies.
    from .. import tree
    from .elementwise import convert_element_type
    from .slicing import pad, slice
    from .structural import broadcast_in_dim

    shape = get_aval(operands[0]).shape
    out_shape = window_shape(shape, **geometry)
    inits = [convert_element_type(v, get_aval(x).dtype) for x, v in zip(operands, inits)]
    accs = [broadcast_in_dim(v, out_shape, ()) for v in inits]
    if 0 in out_shape:
        return accs
    config = [(lo, hi, d - 1) for (lo, hi), d in zip(geometry["padding"],
                                                    geometry["base_dilation"])]
    trivial = all(c == (0, 0, 0) for c in config)
    padded = [x if trivial else pad(x, v, config) for x, v in zip(operands, inits)]
    strides = geometry["window_strides"]
    for tap in itertools.product(*map(range, geometry["window_dimensions"])):
        start = [t * d for t, d in zip(tap, geometry["window_dilation"])]
        limit = [b + (o - 1) * s + 1 for b, o, s in zip(start, out_shape, strides)]
        taps = [slice(p, start, limit, strides) for p in padded]
        out = computation(tree.tree_unflatten(treedef, accs), tree.tree_unflatten(treedef, taps))
        accs = tree.tree_leaves(out)
    return accs


def reduce_window_sum(x, window_dimensions, window_strides, padding, base_dilation=None,
                      window_dilation=None):
    geometry = _geometry("reduce_window", get_aval(x).shape, window_dimensions,
                         window_strides, padding, base_dilation, window_dilation)
    return reduce_window_sum_p.bind(x, **geometry)


def reduce_window_max(x, window_dimensions, window_strides, padding, base_dilation=None,
                      window_dilation=None):
    geometry = _geometry("reduce_window", get_aval(x).shape, window_dimensions,
                         window_strides, padding, base_dilation, window_dilation)
    return reduce_window_max_p.bind(x, **geometry)


def reduce_window_min(x, window_dimensions, window_strides, padding, base_dilation=None,
                      window_dilation=None):
    geometry = _geometry("reduce_window", get_aval(x).shape, window_dimensions,
                         window_strides, padding, base_dilation, window_dilation)
    return reduce_window_min_p.bind(x, **geometry)


def select_and_gather_add(t, x, select_prim, window_dimensions, window_strides, padding,
                          base_dilation, window_dilation):
    return select_and_gather_add_p.bind(t, x, select_prim=select_prim,
                                        **_geometry("select_and_gather_add", x.shape,
                                                    window_dimensions, window_strides,
                                                    padding, base_dilation, window_dilation))


def select_and_scatter_add(s, x, select_prim, window_dimensions, window_strides, padding,
                           base_dilation=None, window_dilation=None):
    return select_and_scatter_add_p.bind(s, x, select_prim=select_prim,
                                         **_geometry("select_and_scatter_add", x.shape,
                                                     window_dimensions, window_strides,
                                                     padding, base_dilation, window_dilation))
