"""sort (several operands, the first `num_keys` lexicographic keys) and top_k.

NaNs sort last, as in JAX. The sort JVP sorts an iota alongside to get the permutation and
gathers the tangents with it; no transpose is needed (sort is not linear).
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from ..interpreters.jvp import Zero
from .helpers import bdim_to_front, moveaxis, primitive
from .indexing import take_along_axis
from .structural import broadcasted_iota


def _sort_perm(keys, dimension):
    keys = [np.moveaxis(k, dimension, -1) for k in keys]
    if len(keys) == 1:
        perm = np.argsort(keys[0], axis=-1, kind="stable")
    else:
        perm = np.lexsort(tuple(reversed(keys)), axis=-1)
    return np.moveaxis(perm, -1, dimension)


def _sort_impl(*operands, dimension, is_stable, num_keys):
    perm = _sort_perm(operands[:num_keys], dimension)
    return tuple(np.take_along_axis(x, perm, axis=dimension) for x in operands)


def _sort_abstract_eval(*operands, dimension, is_stable, num_keys):
    shape = operands[0].shape
    for x in operands[1:]:
        if x.shape != shape:
            raise TypeError(f"Argument {x.str_short()} to sort must have the same shape as "
                            f"argument {operands[0].str_short()}.")
    if not 1 <= num_keys <= len(operands):
        raise ValueError(f"num_keys={num_keys} must be between 1 and the number of operands "
                         f"({len(operands)}).")
    if not 0 <= dimension < len(shape):
        raise ValueError(f"sort dimension {dimension} is out of bounds for operand shape "
                         f"{shape}.")
    return [ShapedArray(x.shape, x.dtype) for x in operands]


sort_p = primitive("sort", _sort_impl, _sort_abstract_eval, multiple_results=True,
                   weak_type_rule=lambda *w, **params: list(w))


def _sort_jvp(primals, tangents, *, dimension, is_stable, num_keys):
    shape = primals[0].shape
    ramp = broadcasted_iota(np.int32, shape, dimension)
    *outs, perm = sort_p.bind(*primals, ramp, dimension=dimension, is_stable=is_stable,
                              num_keys=num_keys)
    out_dots = [Zero.like(o) if type(t) is Zero else take_along_axis(t, perm, dimension)
                for o, t in zip(outs, tangents, strict=True)]
    return outs, out_dots


def _sort_batch(args, bdims, *, dimension, is_stable, num_keys):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    args = [bdim_to_front(a, d, size) for a, d in zip(args, bdims)]
    outs = sort_p.bind(*args, dimension=dimension + 1, is_stable=is_stable, num_keys=num_keys)
    return outs, [0] * len(outs)


sort_p.jvp = _sort_jvp
sort_p.batch = _sort_batch


def sort(operand, dimension=-1, is_stable=True, num_keys=1):
    """lax.sort: one array, or a sequence of arrays sorted by the first `num_keys`."""
    single = not isinstance(operand, (tuple, list))
    operands = [operand] if single else list(operand)
    ndim = operands[0].ndim
    dimension = int(dimension) % ndim if ndim else 0
    outs = sort_p.bind(*operands, dimension=dimension, is_stable=bool(is_stable),
                       num_keys=int(num_keys))
    return outs[0] if single else tuple(outs)


def sort_key_val(keys, values, dimension=-1, is_stable=True):
    return sort((keys, values), dimension, is_stable, 1)


def argsort(operand, dimension=-1, is_stable=True):
    ndim = operand.ndim
    dimension = int(dimension) % ndim if ndim else 0
    ramp = broadcasted_iota(np.int32, operand.shape, dimension)
    return sort((operand, ramp), dimension, is_stable, 1)[1]


# ---------------------------------------------------------------------------------------------
# top_k (over the last axis; ties keep the lower index first; NaN counts as largest)


def _top_k_impl(x, *, k):
    n = x.shape[-1]
    # A stable ascending sort of the reversed row, reversed back, is descending with ties in
    # increasing original index.
    rev_perm = np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1]
    idx = (n - 1 - rev_perm[..., :k]).astype(np.int32)
    return np.take_along_axis(x, idx, axis=-1), idx


def _top_k_abstract_eval(x, *, k):
    if x.ndim == 0:
        raise TypeError("top_k operand must have >= 1 dimension, got ()")
    if not 0 <= k <= x.shape[-1]:
        raise ValueError(f"k argument to top_k must be nonnegative and at most the size of the "
                         f"last dimension, got k={k} for operand shape {x.shape}")
    shape = (*x.shape[:-1], k)
    return [ShapedArray(shape, x.dtype), ShapedArray(shape, np.int32)]


top_k_p = primitive("top_k", _top_k_impl, _top_k_abstract_eval, multiple_results=True,
                    weak_type_rule=lambda w, *, k: [w, False])


def _top_k_jvp(primals, tangents, *, k):
    (x,), (x_dot,) = primals, tangents
    vals, idx = top_k_p.bind(x, k=k)
    if type(x_dot) is Zero:
        return [vals, idx], [Zero.like(vals), Zero.like(idx)]
    return [vals, idx], [take_along_axis(x_dot, idx, x.ndim - 1), Zero.like(idx)]


def _top_k_batch(args, bdims, *, k):
    (x,), (bdim,) = args, bdims
    x = moveaxis(x, bdim, 0)
    return top_k_p.bind(x, k=k), [0, 0]


top_k_p.jvp = _top_k_jvp
top_k_p.batch = _top_k_batch


def top_k(operand, k):
    """lax.top_k: the `k` largest entries of the last axis and their indices."""
    return tuple(top_k_p.bind(operand, k=int(k)))


_ = dtypes
