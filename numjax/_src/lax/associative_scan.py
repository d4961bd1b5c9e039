"""`associative_scan`: all prefix combinations of an associative function in O(log n) rounds
of whole-array calls, built from lax slicing ops (so every transformation applies). Holds no
primitive."""

from __future__ import annotations

from ..core import get_aval
from ..tree import tree_unflatten
from .control_flow_common import flat_outputs, flatten_operands


def associative_scan(fn, elems, reverse=False, axis=0):
    """All prefix combinations `fn(...fn(fn(e0, e1), e2)..., ek)` along `axis`, computed in
    O(log n) rounds of whole-array `fn` calls (`jax.lax.associative_scan`).

    `fn` must be associative and work elementwise on slices; `elems` is a pytree of arrays
    with equal sizes along `axis`. With `reverse`, prefixes run from the end.
    """
    from .slicing import concatenate, rev, slice_in_dim

    leaves, tree = flatten_operands(elems)
    if not leaves:
        return elems
    ndim = get_aval(leaves[0]).ndim
    if not -ndim <= axis < max(ndim, 1) or ndim == 0:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    axis %= ndim
    sizes = [get_aval(x).shape[axis] for x in leaves]
    if len(set(sizes)) > 1:
        raise ValueError(
            "Array inputs to associative_scan must have the same first "
            f"dimension. (saw: {[get_aval(x).shape for x in leaves]})"
        )
    if reverse:
        leaves = [rev(x, (axis,)) for x in leaves]

    def combine(a, b):
        out = fn(tree_unflatten(tree, a), tree_unflatten(tree, b))
        out_leaves, out_tree = flat_outputs(out)
        if out_tree != tree:
            raise ValueError(f"associative_scan: fn returned structure {out_tree}, expected {tree}")
        return out_leaves

    def sl(xs, start, stop, stride=1):
        return [slice_in_dim(x, start, stop, stride, axis) for x in xs]

    def prefixes(xs):
        n = get_aval(xs[0]).shape[axis]
        if n < 2:
            return xs
        odd = prefixes(combine(sl(xs, 0, n - 1, 2), sl(xs, 1, n, 2)))  # at 1, 3, 5, ...
        if n % 2 == 0:
            even = combine(sl(odd, 0, n // 2 - 1), sl(xs, 2, n, 2))
        else:
            even = combine(odd, sl(xs, 2, n, 2))
        even = [concatenate([a, b], axis) for a, b in zip(sl(xs, 0, 1), even)]  # at 0, 2, ...
        return [_interleave(e, o, axis) for e, o in zip(even, odd)]

    out = prefixes(leaves)
    if reverse:
        out = [rev(x, (axis,)) for x in out]
    return tree_unflatten(tree, out)


def _interleave(even, odd, axis):
    """`even[0], odd[0], even[1], odd[1], ...` along `axis` (even may be one longer)."""
    from .slicing import concatenate, slice_in_dim
    from .structural import expand_dims, reshape

    n_odd = get_aval(odd).shape[axis]
    head = slice_in_dim(even, 0, n_odd, 1, axis)
    pairs = concatenate([expand_dims(head, (axis + 1,)), expand_dims(odd, (axis + 1,))], axis + 1)
    shape = list(get_aval(head).shape)
    shape[axis] *= 2
    out = reshape(pairs, tuple(shape))
    if get_aval(even).shape[axis] > n_odd:
        out = concatenate([out, slice_in_dim(even, n_odd, n_odd + 1, 1, axis)], axis)
    return out
