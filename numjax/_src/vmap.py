"""`vmap`: flattens pytree arguments and axis specs, runs the batching interpreter, and moves
each output's batch axis where `out_axes` asks.

Axis specs are validated when `vmap` is called (JAX's TypeErrors); argument/axis mismatches
are reported when the vmapped function is called, naming arguments by parameter name and
key path as JAX does.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import dtypes
from .api_util import _as_array
from .array import Array
from .core import Tracer, get_aval
from .interpreters.batching import batch_flat
from .lax.helpers import moveaxis
from .lax.structural import broadcast_in_dim
from .tree import _prefix_error, keystr, tree_flatten, tree_flatten_with_path, tree_leaves

_TOP_AXES_ERROR = ("vmap in_axes must be an int, None, or a tuple of entries corresponding to "
                   "the positional arguments passed to the function, but got {}.")
_LEAF_AXES_ERROR = ("vmap {} must be an int, None, or (nested) container with those types as "
                    "leaves, but got {}.")


class PytreeLeaf:
    """Stands for an output leaf in tree-prefix error messages (as JAX's does)."""

    def __repr__(self):
        return "pytree leaf"


def _axis_leaves(axes):
    return tree_leaves(axes, is_leaf=lambda x: x is None)


def _valid_axes(axes) -> bool:
    return all(a is None or type(a) is int for a in _axis_leaves(axes))


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None):
    """Vectorizes `fun` over an axis of its arguments, with whole-array operations.

    `vmap(f)(xs)` equals stacking `f(x)` for each slice `x` of `xs`, but runs each primitive
    once on the whole batch (its batching rule), never once per example.

    Args:
      fun: the function to vectorize; its arguments and outputs are pytrees of arrays.
      in_axes: int, None, or a tuple with one entry per positional argument, each an int,
        None or a pytree prefix of that argument (e.g. a dict of axes for a dict argument),
        giving the mapped axis of each input (None: not mapped, negative: from the end).
        Keyword arguments are always mapped over axis 0.
      out_axes: int, None or a pytree prefix of the output: where the mapped axis goes in each
        output (None: the output must not depend on the mapped axis).
      axis_name: a hashable name for the mapped axis, for collectives (`lax.psum`,
        `lax.all_gather`, `lax.axis_index`, ...) inside `fun`.
      axis_size: the mapped size; required when no input is mapped.
      spmd_axis_name: accepted for compatibility (numjax has one device; it has no effect).

    Raises:
      TypeError: an axis spec that is not an int, None or a container of those.
      ValueError: inconsistent mapped sizes, an axis out of range for its argument, an
        in_axes tuple whose length differs from the number of positional arguments, a spec
        that is not a tree prefix of its value, nothing to map without `axis_size`, or a
        batched output with out_axes None.
    """
    if not callable(fun):
        raise TypeError(f"Expected a callable value, got {fun}")
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or type(in_axes) in (int, tuple)):
        raise TypeError(_TOP_AXES_ERROR.format(in_axes))
    if not _valid_axes(in_axes):
        raise TypeError(_LEAF_AXES_ERROR.format("in_axes", in_axes))
    if isinstance(out_axes, list):
        out_axes = tuple(out_axes)
    if not _valid_axes(out_axes):
        raise TypeError(_LEAF_AXES_ERROR.format("out_axes", out_axes))
    try:
        param_names = list(inspect.signature(fun).parameters)
    except (TypeError, ValueError):
        param_names = []

    @functools.wraps(fun)
    def vmapped(*args, **kwargs):
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(
                "vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
                f"positional arguments passed to the function, but got len(in_axes)="
                f"{len(in_axes)}, len(args)={len(args)}"
            )
        path_leaves, in_tree = tree_flatten_with_path((args, kwargs))
        paths = [p for p, _ in path_leaves]
        leaves = [x for _, x in path_leaves]
        if isinstance(in_axes, tuple):
            arg_axes = _broadcast_prefix("vmap in_axes", in_axes, args)
        else:
            arg_axes = [in_axes] * len(tree_leaves(args))
        axes = arg_axes + [0] * (len(leaves) - len(arg_axes))
        leaves = [x if a is None else _mapped_leaf(x) for x, a in zip(leaves, axes)]
        size = _mapped_size(leaves, axes, (paths, param_names), axis_size, args, kwargs)
        in_dims = [None if a is None else a % get_aval(x).ndim for x, a in zip(leaves, axes)]
        store = {}

        def flat(*xs):
            a, kw = in_tree.unflatten(xs)
            out_leaves, store["tree"] = tree_flatten(fun(*a, **kw))
            return [_out_leaf(o) for o in out_leaves]

        outs, out_dims = batch_flat(flat, leaves, in_dims, size, axis_name)
        out_tree = store["tree"]
        full = out_tree.unflatten([PytreeLeaf() for _ in outs])
        out_spec = _broadcast_prefix("vmap out_axes", out_axes, full)
        results = [_place_out(o, d, want, size) for o, d, want in zip(outs, out_dims, out_spec)]
        return out_tree.unflatten(results)

    return vmapped


def _broadcast_prefix(name, prefix, tree):
    """One entry of `prefix` (a pytree prefix of `tree`, None a leaf) per leaf of `tree`."""
    prefix_leaves, prefix_tree = tree_flatten(prefix, is_leaf=lambda x: x is None)
    try:
        subtrees = prefix_tree.flatten_up_to(tree)
    except (ValueError, TypeError):
        errors = list(_prefix_error((), prefix, tree, is_leaf=lambda x: x is None))
        details = "\n  ".join(str(e(name)) for e in errors) or f"{prefix} vs {tree}"
        raise ValueError(
            f"{name} specification must be a tree prefix of the corresponding value; \n"
            f"  Mismatch details ({len(errors)} found):\n  {details}"
        ) from None
    out = []
    for ax, sub in zip(prefix_leaves, subtrees, strict=True):
        out.extend([ax] * len(tree_leaves(sub)))
    return out


def _leaf_name(path, param_names) -> str:
    """JAX's name for a flattened argument: `argument x['a']`, `args[2]` or `kwargs['b']`."""
    (top, argnum), rest = path[:2], keystr(path[2:])
    if top.idx == 1:
        return f"kwargs{keystr(path[1:])}"
    i = argnum.idx
    if i < len(param_names):
        return f"argument {param_names[i]}{rest}"
    return f"args[{i}]{rest}"


def _mapped_leaf(x):
    if isinstance(x, (Array, Tracer, np.ndarray, np.generic)) or dtypes.is_python_scalar(x):
        return _as_array(x)
    raise TypeError(f"Argument '{x}' of type {type(x)} is not a valid JAX type")


def _out_leaf(x):
    if isinstance(x, (Array, Tracer, np.ndarray, np.generic)) or dtypes.is_python_scalar(x):
        return _as_array(x)
    raise TypeError(f"Output from batched function {x!r} with type {type(x)} is not a valid JAX "
                    "type")


def _mapped_size(leaves, axes, naming, axis_size, args, kwargs) -> int:
    mapped = []
    for x, a in zip(leaves, axes):
        if a is None:
            continue
        shape = get_aval(x).shape
        if not -len(shape) <= a < len(shape):
            raise ValueError(
                f"vmap was requested to map its argument along axis {a}, which implies that its "
                f"rank should be at least {a + 1 if a >= 0 else -a}, but is only {len(shape)} "
                f"(its shape is {shape})"
            )
        mapped.append(shape[a])
    if not mapped and axis_size is None:
        if not leaves:
            raise ValueError(
                "vmap wrapped function must be passed at least one argument containing an array "
                f"or axis_size must be specified, got empty *args={args} and **kwargs={kwargs}"
            )
        raise ValueError("vmap must have at least one non-None value in in_axes or axis_size "
                         "must be specified")
    sizes = set(mapped) | ({int(axis_size)} if axis_size is not None else set())
    if len(sizes) > 1:
        lines = ["vmap got inconsistent sizes for array axes to be mapped:"]
        if axis_size is not None:
            lines.append(f"  * the `axis_size` argument was {axis_size};")
        paths, param_names = naming
        names = [_leaf_name(p, param_names) for p in paths]
        for x, a, name in zip(leaves, axes, names):
            if a is not None:
                aval = get_aval(x)
                typ = f"{aval.dtype.name}[{','.join(map(str, aval.shape))}]"
                lines.append(f"  * one axis had size {aval.shape[a]}: axis {a} of {name} of "
                             f"type {typ};")
        raise ValueError("\n".join(lines)[:-1])
    return sizes.pop()


def _place_out(o, d, want, size):
    """The output `o` (batched along `d`, or unbatched) with its batch axis at `want`."""
    if want is None:
        if d is not None:
            raise ValueError(f"at vmap out_axes, got axis spec None but output was batched on "
                             f"axis {d}")
        return o
    nd = get_aval(o).ndim + (1 if d is None else 0)
    if not -nd <= want < nd:
        raise ValueError(f"axis {want} is out of bounds for array of dimension {nd}")
    want %= nd
    if d is None:
        shape = get_aval(o).shape
        dims = tuple(i for i in range(nd) if i != want)
        return broadcast_in_dim(o, (*shape[:want], size, *shape[want:]), dims)
    return moveaxis(o, d, want)
