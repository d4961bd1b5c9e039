"""dot_general: contraction with batch dimensions, the one matrix-product primitive.

`dimension_numbers = ((lhs_contract, rhs_contract), (lhs_batch, rhs_batch))`; the output is
batch dims, then lhs free dims, then rhs free dims (each in operand order). Bilinear: its
transposes are dot_generals followed by a transpose.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from .helpers import defbilinear, primitive
from .structural import transpose


def _free(ndim, contract, batch):
    return [d for d in range(ndim) if d not in contract and d not in batch]


def _matmul_form(x_ndim, y_ndim, dimension_numbers):
    """The (NumPy function, transpose x?, transpose y?) computing this contraction directly
    for the common patterns, else None. np.dot/np.matmul skip tensordot's transposes and
    reshapes (several microseconds on small operands); eager and jit share the choice so that
    they round alike.
    """
    (lc, rc), (lb, rb) = dimension_numbers
    if not lb:
        if not (1 <= x_ndim <= 2 and 1 <= y_ndim <= 2 and x_ndim + y_ndim > 2):
            return None  # vector.vector gives a NumPy scalar: tensordot keeps a 0-d array
        tx = x_ndim == 2 and lc == (0,)
        ty = y_ndim == 2 and rc == (1,)
        if (lc == (x_ndim - 1,) or tx) and (rc == (0,) or ty):
            return "dot", tx, ty
        return None
    nb = len(lb)
    if (lb == rb == tuple(range(nb)) and x_ndim == y_ndim == nb + 2
            and lc == (nb + 1,) and rc == (nb,)):
        return "matmul", False, False
    return None


def _dot_general_impl(x, y, *, dimension_numbers, precision=None, preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    out_dtype = _out_dtype(x.dtype, y.dtype, preferred_element_type)
    if x.dtype != out_dtype or y.dtype != out_dtype:  # mixed or widened: compute in the result
        x, y = x.astype(out_dtype), y.astype(out_dtype)
    form = _matmul_form(x.ndim, y.ndim, dimension_numbers)
    if form is not None:
        fn, tx, ty = form
        out = getattr(np, fn)(x.T if tx else x, y.T if ty else y)
    elif not lb:
        out = np.tensordot(x, y, (lc, rc)) if lc else np.multiply.outer(x, y)
    else:
        lf, rf = _free(x.ndim, lc, lb), _free(y.ndim, rc, rb)
        batch_shape = [x.shape[d] for d in lb]
        lf_shape, rf_shape = [x.shape[d] for d in lf], [y.shape[d] for d in rf]
        k = int(np.prod([x.shape[d] for d in lc], dtype=np.int64))
        m = int(np.prod(lf_shape, dtype=np.int64))
        n = int(np.prod(rf_shape, dtype=np.int64))
        # Sizes spelled out, not -1: an empty batch makes -1 ambiguous.
        xt = x.transpose(*lb, *lf, *lc).reshape(*batch_shape, m, k)
        yt = y.transpose(*rb, *rc, *rf).reshape(*batch_shape, k, n)
        # k == 1 (outer products, e.g. per-example weight gradients) skips matmul's batched
        # kernel, several times slower there.
        out = (_batched_outer(xt, yt, m, n) if k == 1 else np.matmul(xt, yt)).reshape(
            *batch_shape, *lf_shape, *rf_shape)
    return np.asarray(out, dtype=out_dtype)


def _batched_outer(xt, yt, m, n):
    """xt (..., m, 1) times yt (..., 1, n). On larger operands einsum's product loop beats a
    broadcast multiply (by 25-45% for per-example weight gradients), most when the longer
    factor runs along the last axis: the other orientation is computed and transposed."""
    batch = xt.shape[:-2]
    if m * n * int(np.prod(batch, dtype=np.int64)) < 4096 or min(m, n) == 1:
        return np.multiply(xt, yt)
    b = int(np.prod(batch, dtype=np.int64))
    x2, y2 = xt.reshape(b, m), yt.reshape(b, n)
    if m <= n:
        out = np.einsum("bi,bj->bij", x2, y2)
    else:
        out = np.einsum("bi,bj->bij", y2, x2).transpose(0, 2, 1)
    return out.reshape(*batch, m, n)


def _out_dtype(x_dtype, y_dtype, preferred_element_type):
    """JAX's result dtype: the preferred one, else the operands' (promoted when they differ)."""
    if preferred_element_type is not None:
        return np.dtype(preferred_element_type)
    return x_dtype if x_dtype == y_dtype else dtypes.promote_types(x_dtype, y_dtype)


def _dot_general_abstract_eval(x, y, *, dimension_numbers, precision=None,
                               preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    for side, (c, b), nd in (("lhs", (lc, lb), x.ndim), ("rhs", (rc, rb), y.ndim)):
        if any(not 0 <= d < nd for d in (*b, *c)):
            raise TypeError(
                f"dot_general requires {side} dimension numbers to be nonnegative and less than "
                f"the number of axes of the {side} value, got {side}_batch of {tuple(b)} and "
                f"{side}_contracting of {tuple(c)} for {side} of rank {nd}")
    if len(lb) != len(rb):
        raise TypeError("dot_general requires equal numbers of lhs_batch and rhs_batch "
                        f"dimensions, got lhs_batch {tuple(lb)} and rhs_batch {tuple(rb)}.")
    if tuple(x.shape[d] for d in lb) != tuple(y.shape[d] for d in rb):
        raise TypeError(
            "dot_general requires lhs batch dimensions and rhs batch dimensions to have the same "
            f"shape, got {tuple(x.shape[d] for d in lb)} and {tuple(y.shape[d] for d in rb)}."
        )
    lcs, rcs = tuple(x.shape[d] for d in lc), tuple(y.shape[d] for d in rc)
    if lcs != rcs:
        raise TypeError(
            "dot_general requires contracting dimensions to have the same shape, got "
            f"{lcs} and {rcs}."
        )
    shape = (*(x.shape[d] for d in lb), *(x.shape[d] for d in _free(x.ndim, lc, lb)),
             *(y.shape[d] for d in _free(y.ndim, rc, rb)))
    return ShapedArray(shape, _out_dtype(x.dtype, y.dtype, preferred_element_type))


dot_general_p = primitive("dot_general", _dot_general_impl, _dot_general_abstract_eval)


def _eager_accepts(x, y, *, dimension_numbers, **params):
    """Plainly valid operands for the eager path (else abstract_eval raises JAX's error)."""
    (lc, rc), (lb, rb) = dimension_numbers
    xs, ys = x.shape, y.shape
    try:
        return ([xs[d] for d in lb] == [ys[d] for d in rb]
                and [xs[d] for d in lc] == [ys[d] for d in rc] and min((*lc, *lb), default=0) >= 0
                and min((*rc, *rb), default=0) >= 0)
    except IndexError:
        return False


dot_general_p.eager_accepts = _eager_accepts


def _emit(names, *, avals, dimension_numbers, precision=None, preferred_element_type=None):
    (lc, rc), (lb, _) = dimension_numbers
    x, y = names
    if avals[0].dtype != avals[1].dtype or preferred_element_type not in (None, avals[0].dtype):
        return None
    form = _matmul_form(avals[0].ndim, avals[1].ndim, dimension_numbers)
    if form is not None:
        fn, tx, ty = form
        return f"np.{fn}({x}{'.T' if tx else ''}, {y}{'.T' if ty else ''})"
    if not lb and lc:
        return f"np.tensordot({x}, {y}, ({lc}, {rc}))"
    if not lb:  # an outer product (JAX's matmul/dot of a vector with no contraction)
        return f"np.multiply.outer({x}, {y})"
    return None


dot_general_p.emit = _emit
dot_general_p.emit_avals = True


def _transpose_lhs(ct, y, x_aval, *, dimension_numbers, precision=None,
                   preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    nb = len(lb)
    lf = _free(x_aval.ndim, lc, lb)
    rf = _free(y.ndim, rc, rb)
    ct_rf = tuple(range(nb + len(lf), nb + len(lf) + len(rf)))
    out = dot_general(ct, y, ((ct_rf, tuple(rf)), (tuple(range(nb)), tuple(rb))),
                      preferred_element_type=preferred_element_type and y.dtype)
    result_dims = [*lb, *lf, *(lc[k] for k in sorted(range(len(rc)), key=rc.__getitem__))]
    perm = tuple(result_dims.index(d) for d in range(x_aval.ndim))
    out = transpose(out, perm)
    return _cast(out, x_aval.dtype)


def _transpose_rhs(ct, x, y_aval, *, dimension_numbers, precision=None,
                   preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    nb = len(lb)
    lf = _free(x.ndim, lc, lb)
    rf = _free(y_aval.ndim, rc, rb)
    ct_lf = tuple(range(nb, nb + len(lf)))
    out = dot_general(ct, x, ((ct_lf, tuple(lf)), (tuple(range(nb)), tuple(lb))),
                      preferred_element_type=preferred_element_type and x.dtype)
    result_dims = [*rb, *rf, *(rc[k] for k in sorted(range(len(lc)), key=lc.__getitem__))]
    perm = tuple(result_dims.index(d) for d in range(y_aval.ndim))
    out = transpose(out, perm)
    return _cast(out, y_aval.dtype)


def _cast(x, dtype):
    from .elementwise import convert_element_type

    return x if x.dtype == dtype else convert_element_type(x, dtype)


defbilinear(dot_general_p, _transpose_lhs, _transpose_rhs)


def _dot_general_batch(args, bdims, *, dimension_numbers, precision=None,
                       preferred_element_type=None):
    from .helpers import moveaxis

    (x, y), (xd, yd) = args, bdims
    (lc, rc), (lb, rb) = dimension_numbers
    params = {"precision": precision, "preferred_element_type": preferred_element_type}

    def shift(dims, bdim):
        return tuple(d + (d >= bdim) for d in dims)

    if xd is not None and yd is not None:
        x, y = moveaxis(x, xd, 0), moveaxis(y, yd, 0)
        dn = ((shift(lc, 0), shift(rc, 0)), ((0, *shift(lb, 0)), (0, *shift(rb, 0))))
        return dot_general_p.bind(x, y, dimension_numbers=dn, **params), 0
    if xd is not None:
        lc2, lb2 = shift(lc, xd), shift(lb, xd)
        dn = ((lc2, rc), (lb2, rb))
        free = _free(x.ndim, lc2, lb2)
        return dot_general_p.bind(x, y, dimension_numbers=dn, **params), len(lb) + free.index(xd)
    rc2, rb2 = shift(rc, yd), shift(rb, yd)
    dn = ((lc, rc2), (lb, rb2))
    n_lf = x.ndim - len(lc) - len(lb)
    free = _free(y.ndim, rc2, rb2)
    return dot_general_p.bind(x, y, dimension_numbers=dn, **params), (
        len(lb) + n_lf + free.index(yd))


dot_general_p.batch = _dot_general_batch


def dot_general(x, y, dimension_numbers, precision=None, preferred_element_type=None):
    from .enums import canonicalize_precision  # validated (NumPy has one precision)

    canonicalize_precision(precision)
    (lc, rc), (lb, rb) = dimension_numbers
    dn = ((tuple(int(d) for d in lc), tuple(int(d) for d in rc)),
          (tuple(int(d) for d in lb), tuple(int(d) for d in rb)))
    pet = None if preferred_element_type is None else dtypes.canonicalize_dtype(
        preferred_element_type)
    return dot_general_p.bind(x, y, dimension_numbers=dn, precision=None,
                              preferred_element_type=pet)


def dot(x, y, precision=None, preferred_element_type=None):
    """lax.dot: vector/matrix products contracting x's last axis with y's first."""
    if x.ndim == 0 or y.ndim == 0 or x.ndim > 2 or y.ndim > 2:
        raise TypeError(f"dot requires 1- or 2-dimensional operands, got {x.shape} and {y.shape}.")
    return dot_general(x, y, (((x.ndim - 1,), (0,)), ((), ())), precision, preferred_element_type)
