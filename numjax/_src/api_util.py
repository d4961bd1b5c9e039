"""Argument handling shared by the user-facing transformations (autodiff, vmap, staging)."""

from __future__ import annotations

from .array import Array
from .core import Tracer, eager_operand
from .tree import tree_flatten, tree_unflatten


def _as_array(x):
    """Python scalars and NumPy values become Arrays (weakly typed for Python scalars)."""
    if isinstance(x, (Array, Tracer)):
        return x
    return Array(*eager_operand(x))


def _flat_fun(fun, in_tree, out_store, kwargs=None):
    """Wraps `fun(pytree args)` as `f(*leaves) -> list of leaves`, saving the output treedef."""

    def flat(*leaves):
        args = tree_unflatten(in_tree, leaves)
        out = fun(*args, **(kwargs or {}))
        out_leaves, out_tree = tree_flatten(out)
        out_store["tree"] = out_tree
        return [_as_array(o) for o in out_leaves]

    return flat
