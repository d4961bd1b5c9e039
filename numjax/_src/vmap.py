"""`vmap`: flattens pytree arguments and axis specs, runs the batching interpreter, and moves
each output's batch axis where `out_axes` asks."""

from __future__ import annotations

import functools

from .api_util import _as_array
from .core import get_aval
from .interpreters.batching import batch_flat
from .lax.helpers import moveaxis
from .lax.structural import broadcast_in_dim
from .tree import tree_flatten, tree_leaves, tree_structure, tree_unflatten


def _flatten_axes(what, tree, axes):
    """`axes` (a pytree prefix of `tree`, None as a leaf) broadcast to one entry per leaf."""
    prefix_leaves, prefix_tree = tree_flatten(axes, is_leaf=lambda x: x is None)
    try:
        subtrees = prefix_tree.flatten_up_to(tree)
    except (ValueError, TypeError) as e:
        raise ValueError(
            f"{what} specification must be a tree prefix of the corresponding value, got "
            f"specification {axes} for value tree {tree_structure(tree)}."
        ) from e
    out = []
    for ax, sub in zip(prefix_leaves, subtrees):
        out.extend([ax] * len(tree_leaves(sub)))
    return out


def vmap(fun, in_axes=0, out_axes=0, axis_name=None, axis_size=None, spmd_axis_name=None):
    """Vectorizes `fun` over an axis of its arguments, with whole-array operations.

    Args:
      in_axes: int, None, or a pytree prefix of the positional arguments (a tuple with one
        entry per argument) giving the mapped axis of each input (None: not mapped).
        Keyword arguments are always mapped over axis 0.
      out_axes: int, None or a pytree prefix of the output: where the mapped axis goes.
      axis_name: a name for collectives (`lax.psum` ...) inside `fun`.
      axis_size: the mapped size, required when no input is mapped.
    Raises ValueError for inconsistent sizes, axes out of range, or an in_axes that does not
    match the arguments.
    """
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or isinstance(in_axes, (int, tuple, dict))):
        raise TypeError(
            "vmap in_axes must be an int, None, or (nested) container with those types as leaves, "
            f"but got {in_axes}."
        )

    @functools.wraps(fun)
    def vmapped(*args, **kwargs):
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(
                "vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
                f"positional arguments passed to the function, but got len(in_axes)={len(in_axes)}"
                f", len(args)={len(args)}"
            )
        axes_tree = in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args)
        leaves, in_tree = tree_flatten((args, kwargs))
        arg_axes = _flatten_axes("vmap in_axes", args, axes_tree) if args else []
        kw_axes = [0] * (len(leaves) - len(arg_axes))
        axes = arg_axes + kw_axes
        leaves = [_as_array(x) if a is not None else x for x, a in zip(leaves, axes)]
        size = _mapped_size(fun, args, leaves, axes, axis_size)
        norm_axes = []
        for x, a in zip(leaves, axes):
            if a is None:
                norm_axes.append(None)
                continue
            nd = get_aval(x).ndim
            if not -nd <= a < nd:
                raise ValueError(
                    f"vmap was requested to map its argument along axis {a}, which implies that "
                    f"its rank should be at least {a + 1 if a >= 0 else -a}, but is only {nd} "
                    f"(its shape is {get_aval(x).shape})"
                )
            norm_axes.append(a % nd)
        store = {}

        def flat(*xs):
            a, kw = tree_unflatten(in_tree, xs)
            out = fun(*a, **kw)
            out_leaves, store["tree"] = tree_flatten(out)
            return [_as_array(o) for o in out_leaves]

        outs, out_dims = batch_flat(flat, leaves, norm_axes, size, axis_name)
        out_tree = store["tree"]
        out_spec = _flatten_axes("vmap out_axes", tree_unflatten(out_tree, outs), out_axes)
        results = []
        for o, d, want in zip(outs, out_dims, out_spec):
            if want is None:
                if d is not None:
                    raise ValueError(
                        "vmap has mapped output but out_axes is None"
                    )
                results.append(o)
                continue
            nd = get_aval(o).ndim + (1 if d is None else 0)
            if not -nd <= want < nd:
                raise ValueError(f"axis {want} is out of bounds for array of dimension {nd}")
            want %= nd
            if d is None:
                aval = get_aval(o)
                shape = (size, *aval.shape)
                o = broadcast_in_dim(o, shape, tuple(range(1, len(shape))))
                d = 0
            results.append(moveaxis(o, d, want))
        return tree_unflatten(out_tree, results)

    return vmapped


def _mapped_size(fun, args, leaves, axes, axis_size):
    sizes = {}
    for x, a in zip(leaves, axes):
        if a is None:
            continue
        shape = get_aval(x).shape
        if not shape or not -len(shape) <= a < len(shape):
            raise ValueError(
                f"vmap was requested to map its argument along axis {a}, which implies that its "
                f"rank should be at least {a + 1 if a >= 0 else -a}, but is only {len(shape)} "
                f"(its shape is {shape})"
            )
        sizes.setdefault(shape[a], []).append((x, a))
    if axis_size is not None:
        if sizes and set(sizes) != {axis_size}:
            raise ValueError(f"vmap got axis_size={axis_size} but mapped axes have sizes "
                             f"{sorted(sizes)}")
        return int(axis_size)
    if not sizes:
        raise ValueError("vmap must have at least one non-None value in in_axes")
    if len(sizes) > 1:
        raise ValueError(_inconsistent_sizes_message(fun, args, leaves, axes))
    return next(iter(sizes))


def _inconsistent_sizes_message(fun, args, leaves, axes):
    import inspect

    try:
        names = list(inspect.signature(fun).parameters)
    except (TypeError, ValueError):
        names = []
    lines = ["vmap got inconsistent sizes for array axes to be mapped:"]
    # Name arguments by position when each argument is a single leaf (the common case).
    arg_leaf_counts = [len(tree_leaves(a)) for a in args]
    idx = 0
    for argnum, count in enumerate(arg_leaf_counts):
        for _ in range(count):
            x, a = leaves[idx], axes[idx]
            idx += 1
            if a is None:
                continue
            name = names[argnum] if argnum < len(names) else f"args[{argnum}]"
            aval = get_aval(x)
            lines.append(f"  * one axis had size {aval.shape[a]}: axis {a} of argument {name} of "
                         f"type {aval.str_short().replace('f32', 'float32').replace('i32', 'int32')}"
                         ";")
    text = "\n".join(lines)
    return text.rstrip(";")
