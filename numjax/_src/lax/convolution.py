"""conv_general_dilated: the one convolution primitive, and lax's convolution functions.

Layouts are given by `dimension_numbers`, a ConvDimensionNumbers of three permutations: for the
lhs, the positions of its batch (N), feature (C) and spatial axes; for the rhs, its output
feature (O), input feature (I) and spatial axes; for the output, its N, C and spatial axes.
Per spatial dimension the lhs is dilated by `lhs_dilation` (a transposed convolution), padded
by `padding` ((low, high), negative crops), and correlated with the rhs dilated by
`rhs_dilation` at `window_strides`. `feature_group_count` G splits lhs features and rhs outputs
into G independent convolutions; `batch_group_count` B splits the lhs batch and rhs outputs
into B (at most one of them exceeds 1).

The impl is im2col (strided copies into a (groups, positions, taps) matrix, never a loop over
output positions), then one (stacked) matmul. The primitive is bilinear: both
transposes are conv_general_dilated again (so derivatives of any order work), and vmap folds
the batch axis into N, into O, or into batch (or feature) groups.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .. import dtypes
from ..core import ShapedArray, get_aval
from .helpers import defbilinear, primitive
from .windowed import _tap_places, dilate_pad, out_size, padtype_to_pads, windows


class ConvDimensionNumbers(NamedTuple):
    """lax.ConvDimensionNumbers: (lhs_spec, rhs_spec, out_spec), each a tuple of axis positions
    ordered (batch or out-feature, feature or in-feature, *spatial)."""

    lhs_spec: tuple
    rhs_spec: tuple
    out_spec: tuple


ConvGeneralDilatedDimensionNumbers = ConvDimensionNumbers

_NAME = "conv_general_dilated"

# ---------------------------------------------------------------------------------------------
# Dimension numbers and padding


def conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers) -> ConvDimensionNumbers:
    """lax.conv_dimension_numbers: ConvDimensionNumbers from None (N, C, spatial... for all
    three), a ConvDimensionNumbers, or three spec strings like ('NHWC', 'HWIO', 'NHWC').

    Spatial axes are matched by letter; their order is the order of the rhs spec.
    """
    if isinstance(dimension_numbers, ConvDimensionNumbers):
        return dimension_numbers
    if len(lhs_shape) != len(rhs_shape):
        raise TypeError("convolution requires lhs and rhs ndim to be equal, got "
                        f"{len(lhs_shape)} and {len(rhs_shape)}.")
    if dimension_numbers is None:
        iota = tuple(range(len(lhs_shape)))
        return ConvDimensionNumbers(iota, iota, iota)
    if not isinstance(dimension_numbers, (list, tuple)):
        raise TypeError("convolution dimension_numbers must be tuple/list or None, got "
                        f"{type(dimension_numbers)}.")
    if len(dimension_numbers) != 3:
        raise TypeError("convolution dimension_numbers list/tuple must be length 3, got "
                        f"{len(dimension_numbers)}.")
    if not all(isinstance(s, str) for s in dimension_numbers):
        raise TypeError("convolution dimension_numbers elements must be strings, got "
                        f"{tuple(map(type, dimension_numbers))}.")
    for i, spec in enumerate(dimension_numbers):
        if len(spec) != len(lhs_shape):
            raise TypeError(f"convolution dimension_numbers[{i}] must have len equal to the "
                            f"ndim of lhs and rhs, got {len(spec)} for lhs and rhs shapes "
                            f"{tuple(lhs_shape)} and {tuple(rhs_shape)}.")
    lhs, rhs, out = dimension_numbers
    spatial = [set(lhs) - set("NC"), set(rhs) - set("OI"), set(out) - set("NC")]
    if not spatial[0] == spatial[1] == spatial[2]:
        raise TypeError("convolution dimension_numbers elements must each have the same set of "
                        f"spatial characters, got {tuple(dimension_numbers)}.")
    order = [c for c in rhs if c not in "OI"]
    return ConvDimensionNumbers(
        (lhs.index("N"), lhs.index("C"), *(lhs.index(c) for c in order)),
        (rhs.index("O"), rhs.index("I"), *(rhs.index(c) for c in order)),
        (out.index("N"), out.index("C"), *(out.index(c) for c in order)))


def conv_general_permutations(dimension_numbers):
    """lax.conv_general_permutations: the three permutations of string dimension numbers."""
    lhs, rhs, out = dimension_numbers
    n = len(lhs)
    return tuple(conv_dimension_numbers((0,) * n, (0,) * n, (lhs, rhs, out)))


def _pairs(padding, n, name=_NAME):
    try:
        pads = tuple((int(lo), int(hi)) for lo, hi in padding)
    except (TypeError, ValueError):
        raise ValueError(f"padding argument to {name} should be a string or a sequence of "
                         f"(low, high) pairs, got {padding}") from None
    if len(pads) != n:
        raise TypeError(f"Wrong number of explicit pads for convolution: expected {n}, got "
                        f"{len(pads)}.")
    return pads


# ---------------------------------------------------------------------------------------------
# Shape rule


def _conv_shape(lhs_shape, rhs_shape, *, window_strides, padding, lhs_dilation, rhs_dilation,
                dimension_numbers, feature_group_count, batch_group_count):
    """The output shape; raises JAX's errors for operands and params that do not fit."""
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    if len(lhs_shape) != len(rhs_shape):
        raise TypeError("convolution requires lhs and rhs ndim to be equal, got "
                        f"{len(lhs_shape)} and {len(rhs_shape)}.")
    nsp = len(lhs_shape) - 2
    if len(window_strides) != nsp:
        raise ValueError(f"{_NAME} window and window_strides must have the same number of "
                         f"dimensions, but got {nsp} and {len(window_strides)}")
    for what, v in (("lhs_dilation", lhs_dilation), ("rhs_dilation", rhs_dilation),
                    ("padding", padding)):
        if len(v) != nsp:
            raise ValueError(f"{_NAME} {what} must have one entry per spatial dimension "
                             f"({nsp}), got {tuple(v)}.")
    if any(s <= 0 for s in window_strides):
        raise ValueError(f"{_NAME} window_strides must be positive, got {tuple(window_strides)}.")
    for dil in (lhs_dilation, rhs_dilation):
        if any(d <= 0 for d in dil):
            raise TypeError(f"All dilations must be positive, got {tuple(dil)}.")
    G, B = feature_group_count, batch_group_count
    for what, g in (("feature_group_count", G), ("batch_group_count", B)):
        if not isinstance(g, (int, np.integer)) or g <= 0:
            raise ValueError(f"{_NAME} {what} must be a positive integer, got {g}.")
    n, c = lhs_shape[lhs_spec[0]], lhs_shape[lhs_spec[1]]
    o, i = rhs_shape[rhs_spec[0]], rhs_shape[rhs_spec[1]]
    if c % G:
        raise ValueError(f"{_NAME} feature_group_count must divide lhs feature dimension size, "
                         f"but {G} does not divide {c}.")
    if c // G != i:
        raise ValueError(f"{_NAME} lhs feature dimension size divided by feature_group_count "
                         "must equal the rhs input feature dimension size, but "
                         f"{c} // {G} != {i}.")
    if o % G:
        raise ValueError(f"{_NAME} rhs output feature dimension size must be a multiple of "
                         f"feature_group_count, but {o} is not a multiple of {G}.")
    if n % B:
        raise ValueError(f"{_NAME} batch_group_count must divide lhs batch dimension size, but "
                         f"{B} does not divide {n}.")
    if o % B:
        raise ValueError(f"{_NAME} rhs output feature dimension size must be a multiple of "
                         f"batch_group_count, but {o} is not a multiple of {B}.")
    if G > 1 and B > 1:
        raise ValueError("At most one of batch_group_count and feature_group_count may be > 1, "
                         f"got batch_group_count={B} and feature_group_count={G}")
    spatial = []
    for a, r, s, (lo, hi), ld, rd in zip(lhs_spec[2:], rhs_spec[2:], window_strides, padding,
                                         lhs_dilation, rhs_dilation, strict=True):
        padded = max((lhs_shape[a] - 1) * ld + 1, 0) + lo + hi
        spatial.append(out_size(padded, rhs_shape[r], s, rd))
    logical = (n // B, o, *spatial)
    shape = [0] * len(logical)
    for pos, size in zip(out_spec, logical, strict=True):
        shape[pos] = size
    return tuple(shape)


def _out_dtype(lhs_dtype, rhs_dtype, preferred_element_type):
    if lhs_dtype != rhs_dtype:
        raise TypeError(f"lax.{_NAME} requires arguments to have the same dtypes, got "
                        f"{np.dtype(lhs_dtype).name}, {np.dtype(rhs_dtype).name}.")
    if preferred_element_type is None:
        return np.dtype(lhs_dtype)
    pet = np.dtype(preferred_element_type)
    kinds = {"b": "int", "i": "int", "u": "int", "f": "float", "V": "float", "c": "complex"}
    src, dst = kinds[np.dtype(lhs_dtype).kind], kinds[pet.kind]
    if (src, dst) not in (("int", "int"), ("int", "float"), ("float", "float"),
                          ("complex", "complex")):
        raise TypeError("Input type is incompatible with `preferred_element_type`. The "
                        "compatible combinations of (input_type, preferred_element_type) are "
                        "(integral, integral), (integral, floating), (floating, floating), "
                        "(complex, complex.")
    if src == dst and pet.itemsize < np.dtype(lhs_dtype).itemsize:
        raise TypeError("`preferred_element_type` must not be narrower than the original type.")
    return pet


def _conv_abstract_eval(lhs, rhs, *, precision, preferred_element_type, out_sharding=None,
                        **params):
    dtype = _out_dtype(lhs.dtype, rhs.dtype, preferred_element_type)
    return ShapedArray(_conv_shape(lhs.shape, rhs.shape, **params), dtype)


# ---------------------------------------------------------------------------------------------
# impl: im2col and one matmul


def _conv_impl(lhs, rhs, *, window_strides, padding, lhs_dilation, rhs_dilation,
               dimension_numbers, feature_group_count, batch_group_count, precision,
               preferred_element_type, out_sharding=None):
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    out_dtype = np.dtype(preferred_element_type or lhs.dtype)
    work = out_dtype
    if work in (np.float16, dtypes.bfloat16) or work.kind == "V":
        work = np.dtype(np.float32)  # accumulate low-precision floats in float32
    x = np.transpose(lhs, lhs_spec)  # (N, C, *spatial)
    w = np.transpose(rhs, rhs_spec)  # (O, I, *kernel)
    if x.dtype != work and work != np.bool_:
        x, w = x.astype(work), w.astype(work)
    nsp = x.ndim - 2
    xp = dilate_pad(x, lhs_dilation, padding, 0, axes=range(2, x.ndim))
    kernel = w.shape[2:]
    N, C, O, I = x.shape[0], x.shape[1], w.shape[0], w.shape[1]
    B, G = batch_group_count, feature_group_count
    out_sp = tuple(out_size(n, k, s, d) for n, k, s, d in
                   zip(xp.shape[2:], kernel, window_strides, rhs_dilation))
    P, K = math.prod(out_sp), math.prod(kernel)
    Nb, Of = N // B, O // (B * G)
    # im2col: patches (B, G, Nb, *out, I, K), groups major. With few taps (a kernel), one
    # strided copy per tap; with many (a weight gradient, whose "kernel" is the cotangent),
    # one copy of the windows view.
    to_rows = (0, 2, 1, *range(4, 4 + nsp), 3)  # (B, Nb, G, I, *out) -> (B, G, Nb, *out, I)
    if K <= P:
        patches = np.empty((B, G, Nb, *out_sp, I, K), xp.dtype)
        for k, place in _tap_places((N, C, *out_sp), (1, 1, *kernel), (1, 1, *window_strides),
                                    (1, 1, *rhs_dilation)):
            patches[..., k] = xp[place].reshape(B, Nb, G, I, *out_sp).transpose(to_rows)
    else:
        view = windows(xp, (1, 1, *kernel), (1, 1, *window_strides), (1, 1, *rhs_dilation))
        view = view.reshape(B, Nb, G, I, *out_sp, *kernel)
        patches = view.transpose(*to_rows, *range(4 + nsp, 4 + 2 * nsp))
    patches = patches.reshape(B * G, Nb * P, I * K)
    filters = w.reshape(B * G, Of, I * K).transpose(0, 2, 1)
    if B * G == 1:  # a 2-d product: NumPy's stacked matmul of one matrix is much slower
        res = np.matmul(patches[0], filters[0])[None]
    else:
        res = np.matmul(patches, filters)
    # (groups, Nb, *out, Of) straight to the output layout: one transpose, one reshape (no
    # copy for NHWC-like layouts, where the matmul already produced that order).
    res = res.reshape(B * G, Nb, *out_sp, Of)
    logical = [[1], [0, 2 + nsp], *([2 + i] for i in range(nsp))]
    perm = [a for q in np.argsort(out_spec) for a in logical[q]]
    shape = [(Nb, O, *out_sp)[q] for q in np.argsort(out_spec)]
    return np.asarray(res.transpose(perm).reshape(shape), dtype=out_dtype)


conv_general_dilated_p = primitive(_NAME, _conv_impl, _conv_abstract_eval,
                                   weak_type_rule=False)


# ---------------------------------------------------------------------------------------------
# Transposes (both are convolutions again)


def _split_axis(x, axis, first):
    """Axis `axis` of size first * rest split into two axes (first, rest)."""
    from .structural import reshape

    shape = tuple(x.shape)
    return reshape(x, (*shape[:axis], first, shape[axis] // first, *shape[axis + 1:]))


def _move_group(x, src, dst, groups):
    """Moves the major factor `groups` of axis `src` into axis `dst` (as its major part)."""
    from .structural import reshape, transpose

    if groups == 1:
        return x
    shape = tuple(x.shape)
    x = _split_axis(x, src, groups)  # the factor is axis src, the rest src + 1
    d = dst if dst < src else dst + 1  # dst in the split array
    order = [a for a in range(x.ndim) if a != src]
    order.insert(order.index(d), src)  # the factor just before dst
    x = transpose(x, tuple(order))
    new = list(shape)
    new[src] //= groups
    new[dst] *= groups
    return reshape(x, tuple(new))


def _cast(x, dtype):
    from .elementwise import convert_element_type

    return x if x.dtype == dtype else convert_element_type(x, dtype)


def _conv_transpose_lhs(ct, rhs, lhs_aval, *, window_strides, padding, lhs_dilation,
                        rhs_dilation, dimension_numbers, feature_group_count, batch_group_count,
                        precision, preferred_element_type, out_sharding=None):
    # d lhs: the cotangent (dilated by the strides) correlated with the flipped kernel, its
    # in/out features swapped, read at the lhs's dilated places (window stride lhs_dilation).
    from .slicing import rev

    lhs_spec, rhs_spec, out_spec = dimension_numbers
    groups = max(feature_group_count, batch_group_count)
    rhs = _cast(rhs, ct.dtype)
    kernel = rev(rhs, tuple(rhs_spec[2:]))
    kernel = _move_group(kernel, rhs_spec[0], rhs_spec[1], groups)
    pads = []
    for a, r, s, (lo, hi), ld, rd, o in zip(lhs_spec[2:], rhs_spec[2:], window_strides,
                                            padding, lhs_dilation, rhs_dilation,
                                            (ct.shape[p] for p in out_spec[2:]), strict=True):
        span = (rhs.shape[r] - 1) * rd + 1
        low = span - 1 - lo
        pads.append((low, (lhs_aval.shape[a] - 1) * ld + span - low - ((o - 1) * s + 1)))
    dn = ConvDimensionNumbers(out_spec, (rhs_spec[1], rhs_spec[0], *rhs_spec[2:]), lhs_spec)
    out = conv_general_dilated_p.bind(
        ct, kernel, window_strides=tuple(lhs_dilation), padding=tuple(pads),
        lhs_dilation=tuple(window_strides), rhs_dilation=tuple(rhs_dilation),
        dimension_numbers=dn, feature_group_count=groups, batch_group_count=1,
        precision=precision, preferred_element_type=None, out_sharding=None)
    if batch_group_count > 1:
        out = _move_group(out, lhs_spec[1], lhs_spec[0], batch_group_count)
    return _cast(out, lhs_aval.dtype)


def _conv_transpose_rhs(ct, lhs, rhs_aval, *, window_strides, padding, lhs_dilation,
                        rhs_dilation, dimension_numbers, feature_group_count, batch_group_count,
                        precision, preferred_element_type, out_sharding=None):
    # d rhs: the lhs (batch and features swapped) correlated with the cotangent as a kernel
    # dilated by the strides; window stride rhs_dilation. Feature groups become batch groups
    # and vice versa.
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    lhs = _cast(lhs, ct.dtype)
    pads = []
    for a, r, s, (lo, hi), ld, rd, o in zip(lhs_spec[2:], rhs_spec[2:], window_strides,
                                            padding, lhs_dilation, rhs_dilation,
                                            (ct.shape[p] for p in out_spec[2:]), strict=True):
        dilated = max((lhs.shape[a] - 1) * ld + 1, 0)
        pads.append((lo, (rhs_aval.shape[r] - 1) * rd + (o - 1) * s + 1 - dilated - lo))
    dn = ConvDimensionNumbers((lhs_spec[1], lhs_spec[0], *lhs_spec[2:]),
                              (out_spec[1], out_spec[0], *out_spec[2:]),
                              (rhs_spec[1], rhs_spec[0], *rhs_spec[2:]))
    out = conv_general_dilated_p.bind(
        lhs, ct, window_strides=tuple(rhs_dilation), padding=tuple(pads),
        lhs_dilation=tuple(lhs_dilation), rhs_dilation=tuple(window_strides),
        dimension_numbers=dn, feature_group_count=batch_group_count,
        batch_group_count=feature_group_count, precision=precision,
        preferred_element_type=None, out_sharding=None)
    return _cast(out, rhs_aval.dtype)


defbilinear(conv_general_dilated_p, _conv_transpose_lhs, _conv_transpose_rhs)


# ---------------------------------------------------------------------------------------------
# Batching: the vmapped axis joins N (lhs only), O (rhs only) or the groups (both)


def _fold(x, bdim, axis, groups):
    """Merges batch axis `bdim` of `x` into `axis` (an axis of the unbatched array), inside
    that axis's major factor `groups`: the merged axis is ordered (groups, V, rest)."""
    from .structural import reshape, transpose

    size = x.shape[bdim]
    shape = [s for i, s in enumerate(x.shape) if i != bdim]
    if groups > 1:
        at = axis + (axis >= bdim)  # `axis` in the batched array
        x = _split_axis(x, at, groups)
        bdim += bdim > at
        axis += 1  # the rest factor, in unbatched order
    others = [i for i in range(x.ndim) if i != bdim]
    x = transpose(x, tuple(others[:axis] + [bdim] + others[axis:]))
    merged = axis - (groups > 1)
    shape[merged] *= size
    return reshape(x, tuple(shape))


def _unfold(x, axis, groups, size):
    """Splits axis `axis`, ordered (groups, V, rest), into a batch axis V (returned with it)."""
    from .structural import reshape, transpose

    shape = list(x.shape)
    rest = shape[axis] // (groups * size)
    if groups == 1:
        return reshape(x, (*shape[:axis], size, rest, *shape[axis + 1:])), axis
    x = reshape(x, (*shape[:axis], groups, size, rest, *shape[axis + 1:]))
    order = list(range(x.ndim))
    order[axis], order[axis + 1] = axis + 1, axis  # V first, then (groups, rest)
    x = transpose(x, tuple(order))
    return reshape(x, (*shape[:axis], size, groups * rest, *shape[axis + 1:])), axis


def _conv_batch(args, bdims, *, dimension_numbers, feature_group_count, batch_group_count,
                **params):
    (lhs, rhs), (ld, rd) = args, bdims
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    G, B = feature_group_count, batch_group_count

    def bind(x, y, g, b):
        return conv_general_dilated_p.bind(x, y, dimension_numbers=dimension_numbers,
                                           feature_group_count=g, batch_group_count=b, **params)

    if ld is not None and rd is not None:
        # Each member is a group: of the batch (V, B, Nb) unless feature groups are in use
        # (at most one kind may exceed 1), else of the features (V, G, Cg).
        size = lhs.shape[ld]
        y = _fold(rhs, rd, rhs_spec[0], 1)
        if G == 1:
            x = _fold(lhs, ld, lhs_spec[0], 1)
            return _unfold(bind(x, y, 1, B * size), out_spec[1], 1, size)
        x = _fold(lhs, ld, lhs_spec[1], 1)
        return _unfold(bind(x, y, G * size, 1), out_spec[1], 1, size)
    if ld is not None:
        size = lhs.shape[ld]
        out = bind(_fold(lhs, ld, lhs_spec[0], B), rhs, G, B)
        return _unfold(out, out_spec[0], 1, size)
    size = rhs.shape[rd]
    groups = max(G, B)
    out = bind(lhs, _fold(rhs, rd, rhs_spec[0], groups), G, B)
    return _unfold(out, out_spec[1], groups, size)


conv_general_dilated_p.batch = _conv_batch


# ---------------------------------------------------------------------------------------------
# Public functions


def _canonical_precision(precision):
    if isinstance(precision, list):
        return tuple(precision)
    return precision


def conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=None,
                         rhs_dilation=None, dimension_numbers=None, feature_group_count=1,
                         batch_group_count=1, precision=None, preferred_element_type=None):
    """lax.conv_general_dilated: a general n-d convolution (a cross-correlation, as in lax).

    Args:
      lhs, rhs: input and kernel, laid out as `dimension_numbers` says (default N, C, spatial
        and O, I, spatial).
      window_strides: the stride per spatial dimension.
      padding: 'VALID', 'SAME', 'SAME_LOWER', or a (low, high) pair per spatial dimension.
      lhs_dilation, rhs_dilation: dilation factors (default 1); lhs dilation is a transposed
        convolution and needs explicit padding.
      dimension_numbers: None, a ConvDimensionNumbers, or spec strings such as
        ('NCHW', 'OIHW', 'NCHW').
      feature_group_count, batch_group_count: grouped convolutions (at most one above 1).
      preferred_element_type: the output dtype (e.g. int32 for int8 operands).

    Raises TypeError or ValueError, with JAX's messages, for operands and params that do not
    fit.
    """
    lhs_aval, rhs_aval = get_aval(lhs), get_aval(rhs)
    dn = conv_dimension_numbers(lhs_aval.shape, rhs_aval.shape, dimension_numbers)
    nsp = lhs_aval.ndim - 2
    window_strides = tuple(int(s) for s in window_strides)
    lhs_dilation = (1,) * nsp if lhs_dilation is None else tuple(int(d) for d in lhs_dilation)
    rhs_dilation = (1,) * nsp if rhs_dilation is None else tuple(int(d) for d in rhs_dilation)
    if isinstance(padding, str):
        if any(d != 1 for d in lhs_dilation):
            raise ValueError("String padding is not implemented for transposed convolution "
                             "using this op. Please either exactly specify the required padding "
                             "or use conv_transpose.")
        in_shape = [lhs_aval.shape[a] for a in dn.lhs_spec[2:]]
        spans = [(rhs_aval.shape[a] - 1) * d + 1 for a, d in zip(dn.rhs_spec[2:], rhs_dilation)]
        padding = padtype_to_pads(in_shape, spans, window_strides, padding)
    padding = _pairs(padding, nsp)
    pet = (None if preferred_element_type is None
           else dtypes.canonicalize_dtype(preferred_element_type))
    params = {"window_strides": window_strides, "padding": padding,
              "lhs_dilation": lhs_dilation, "rhs_dilation": rhs_dilation,
              "dimension_numbers": dn, "feature_group_count": feature_group_count,
              "batch_group_count": batch_group_count}
    # Checked here as well as in abstract_eval: the eager path skips abstract_eval.
    _conv_shape(lhs_aval.shape, rhs_aval.shape, **params)
    _out_dtype(lhs_aval.dtype, rhs_aval.dtype, pet)
    return conv_general_dilated_p.bind(lhs, rhs, **params,
                                       precision=_canonical_precision(precision),
                                       preferred_element_type=pet, out_sharding=None)


def conv(lhs, rhs, window_strides, padding, precision=None, preferred_element_type=None):
    """lax.conv: conv_general_dilated in NCHW / OIHW layout with no dilation."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, precision=precision,
                                preferred_element_type=preferred_element_type)


def conv_with_general_padding(lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation,
                              precision=None, preferred_element_type=None):
    """lax.conv_with_general_padding: conv_general_dilated in NCHW / OIHW layout."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation,
                                precision=precision,
                                preferred_element_type=preferred_element_type)


def _transpose_pads(k, s, padding):
    """(low, high) padding of the dilated input making a transposed convolution's output
    size n * s ('SAME') or n * s + max(k - s, 0) ('VALID') for an effective kernel of k."""
    if padding == "SAME":
        total = k + s - 2
        low = k - 1 if s > k - 1 else -(-total // 2)
    elif padding == "VALID":
        total = k + s - 2 + max(k - s, 0)
        low = k - 1
    else:
        raise ValueError(f"Padding type must be 'SAME' or 'VALID', got {padding!r}.")
    return low, total - low


_TRANSPOSE_SPECS = {3: ("NHC", "HIO", "NHC"), 4: ("NHWC", "HWIO", "NHWC"),
                    5: ("NHWDC", "HWDIO", "NHWDC")}


def conv_transpose(lhs, rhs, strides, padding, rhs_dilation=None, dimension_numbers=None,
                   transpose_kernel=False, precision=None, preferred_element_type=None):
    """lax.conv_transpose: a transposed ("fractionally strided") convolution, the lhs dilated
    by `strides`.

    `padding` is 'SAME' (output n * stride), 'VALID' (n * stride + max(k - stride, 0)) or
    explicit pairs applied to the dilated input; `dimension_numbers` defaults to NHC / NHWC /
    NHWDC inputs with HIO / HWIO / HWDIO kernels. `transpose_kernel=True` flips the kernel's
    spatial axes and swaps its I and O axes (the gradient of conv_general_dilated).
    """
    lhs_aval, rhs_aval = get_aval(lhs), get_aval(rhs)
    if dimension_numbers is None:
        if lhs_aval.ndim not in _TRANSPOSE_SPECS:
            raise ValueError("No 4+ dimensional dimension_number defaults.")
        dimension_numbers = _TRANSPOSE_SPECS[lhs_aval.ndim]
    dn = conv_dimension_numbers(lhs_aval.shape, rhs_aval.shape, dimension_numbers)
    nsp = lhs_aval.ndim - 2
    rhs_dilation = (1,) * nsp if rhs_dilation is None else tuple(int(d) for d in rhs_dilation)
    kernel = [rhs_aval.shape[a] for a in dn.rhs_spec[2:]]
    spans = [(k - 1) * d + 1 for k, d in zip(kernel, rhs_dilation)]
    if padding in ("SAME", "VALID"):  # other strings reach conv_general_dilated's error
        padding = [_transpose_pads(k, int(s), padding) for k, s in zip(spans, strides)]
    if transpose_kernel:
        from .slicing import rev
        from .structural import transpose

        rhs = rev(rhs, tuple(dn.rhs_spec[2:]))
        perm = list(range(rhs_aval.ndim))
        perm[dn.rhs_spec[0]], perm[dn.rhs_spec[1]] = dn.rhs_spec[1], dn.rhs_spec[0]
        rhs = transpose(rhs, tuple(perm))
    return conv_general_dilated(lhs, rhs, (1,) * nsp, padding, lhs_dilation=strides,
                                rhs_dilation=rhs_dilation, dimension_numbers=dn,
                                precision=precision,
                                preferred_element_type=preferred_element_type)


def conv_general_shape_tuple(lhs_shape, rhs_shape, window_strides, padding, dimension_numbers):
    """lax.conv_general_shape_tuple: the output shape of conv_general_dilated (no dilation)."""
    dn = conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers)
    nsp = len(lhs_shape) - 2
    if isinstance(padding, str):
        padding = padtype_to_pads([lhs_shape[a] for a in dn.lhs_spec[2:]],
                                  [rhs_shape[a] for a in dn.rhs_spec[2:]], window_strides,
                                  padding)
    return _conv_shape(tuple(lhs_shape), tuple(rhs_shape),
                       window_strides=tuple(window_strides), padding=_pairs(padding, nsp),
                       lhs_dilation=(1,) * nsp, rhs_dilation=(1,) * nsp, dimension_numbers=dn,
                       feature_group_count=1, batch_group_count=1)


def conv_shape_tuple(lhs_shape, rhs_shape, strides, pads, batch_group_count=1):
    """lax.conv_shape_tuple: the output shape of lax.conv (NCHW / OIHW)."""
    nsp = len(lhs_shape) - 2
    if isinstance(pads, str):
        pads = padtype_to_pads(lhs_shape[2:], rhs_shape[2:], strides, pads)
    dn = conv_dimension_numbers(lhs_shape, rhs_shape, None)
    return _conv_shape(tuple(lhs_shape), tuple(rhs_shape), window_strides=tuple(strides),
                       padding=_pairs(pads, nsp), lhs_dilation=(1,) * nsp,
                       rhs_dilation=(1,) * nsp, dimension_numbers=dn, feature_group_count=1,
                       batch_group_count=batch_group_count)


def conv_transpose_shape_tuple(lhs_shape, rhs_shape, window_strides, padding,
                               dimension_numbers):
    """lax.conv_transpose_shape_tuple: the output shape of conv_transpose."""
    dn = conv_dimension_numbers(lhs_shape, rhs_shape, dimension_numbers)
    nsp = len(lhs_shape) - 2
    kernel = [rhs_shape[a] for a in dn.rhs_spec[2:]]
    if isinstance(padding, str):
        padding = [_transpose_pads(k, int(s), padding) for k, s in zip(kernel, window_strides)]
    return _conv_shape(tuple(lhs_shape), tuple(rhs_shape), window_strides=(1,) * nsp,
                       padding=_pairs(padding, nsp), lhs_dilation=tuple(window_strides),
                       rhs_dilation=(1,) * nsp, dimension_numbers=dn, feature_group_count=1,
                       batch_group_count=1)


def conv_general_dilated_patches(lhs, filter_shape, window_strides, padding, lhs_dilation=None,
                                 rhs_dilation=None, dimension_numbers=None, precision=None,
                                 preferred_element_type=None):
    """lax.conv_general_dilated_patches: every window of `lhs` flattened into the feature axis
    (C * prod(filter_shape) features, ordered channel-major then window row-major).

    A convolution with a one-hot kernel, one feature group per input channel, so it is
    differentiable and batchable as any convolution.
    """
    from ..array import Array

    aval = get_aval(lhs)
    filter_shape = tuple(int(k) for k in filter_shape)
    dn = conv_dimension_numbers(aval.shape, (0, 0, *filter_shape), dimension_numbers)
    channels, taps = aval.shape[dn.lhs_spec[1]], math.prod(filter_shape)
    one_hot = np.tile(np.eye(taps, dtype=aval.dtype), (channels, 1))
    kernel = Array(one_hot.reshape(channels * taps, 1, *filter_shape))
    iota = tuple(range(aval.ndim))
    dn = ConvDimensionNumbers(dn.lhs_spec, iota, dn.out_spec)
    return conv_general_dilated(lhs, kernel, window_strides, padding, lhs_dilation,
                                rhs_dilation, dn, feature_group_count=channels,
                                precision=precision,
                                preferred_element_type=preferred_element_type)
