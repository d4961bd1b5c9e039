"""Collectives of `jax.lax` composed from parallel.py's (all_gather, ppermute, axis_index):
all_to_all, pswapaxes, pshuffle, pbroadcast, pcast, axis_size. Named axes exist only inside
vmap(axis_name=...) in numjax; collectives that need several devices raise NotImplementedError.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..core import current_trace, get_aval
from ..tree import tree_map
from . import elementwise as ew
from .helpers import moveaxis
from .lax_extra import _arr, _axis
from .slicing import index_in_dim
from .structural import reshape

# ---------------------------------------------------------------------------------------------
# Collectives composed from all_gather / ppermute / axis_index (inside vmap(axis_name=...))


def axis_size(axis_name):
    """lax.axis_size: the size of the named axis (a product for a tuple of names)."""
    from .parallel import _axis_size

    trace = current_trace()
    names = axis_name if isinstance(axis_name, (tuple, list)) else (axis_name,)
    size = 1
    for name in names:
        if trace is None:
            raise NameError(f"unbound axis name: {name}")
        size *= _axis_size(name, "axis_size", trace)
    return size


def all_to_all(x, axis_name, split_axis, concat_axis, *, axis_index_groups=None, tiled=False):
    """lax.all_to_all: member i receives chunk i of every member's `split_axis` and joins them
    along `concat_axis` (a new axis unless `tiled`)."""
    from .dynamic_slicing import dynamic_index_in_dim, dynamic_slice_in_dim
    from .parallel import _no_groups, all_gather, axis_index

    _no_groups(axis_index_groups)
    size, i = axis_size(axis_name), axis_index(axis_name)

    def leaf(v):
        v = _arr(v)
        shape = get_aval(v).shape
        sa = _axis(split_axis, len(shape))
        everyone = all_gather(v, axis_name)  # (size, *shape)
        if not tiled:
            if shape[sa] != size:
                raise ValueError(f"all_to_all: split_axis dimension {shape[sa]} must equal the "
                                 f"axis size {size}")
            mine = dynamic_index_in_dim(everyone, i, sa + 1, keepdims=False)
            return moveaxis(mine, 0, _axis(concat_axis, len(shape)))
        if shape[sa] % size:
            raise ValueError(f"all_to_all: split_axis dimension {shape[sa]} must be divisible "
                             f"by the axis size {size}")
        c = shape[sa] // size
        mine = dynamic_slice_in_dim(everyone, ew.mul(i, Array(np.int32(c), False)), c, sa + 1)
        ca = _axis(concat_axis, len(shape))
        mine = moveaxis(mine, 0, ca)
        s = get_aval(mine).shape
        return reshape(mine, (*s[:ca], s[ca] * s[ca + 1], *s[ca + 2:]))

    return tree_map(leaf, x)


def pswapaxes(x, axis_name, axis, *, axis_index_groups=None):
    """lax.pswapaxes: swaps the named axis with positional `axis` (an all_to_all)."""
    return all_to_all(x, axis_name, axis, axis, axis_index_groups=axis_index_groups)


def pshuffle(x, axis_name, perm):
    """lax.pshuffle: member i receives member perm[i]'s `x`."""
    from .parallel import ppermute

    perm = [int(p) for p in perm]
    if sorted(perm) != list(range(len(perm))):
        raise ValueError(f"`perm` does not represent a permutation: {perm}")
    return ppermute(x, axis_name, list(zip(perm, range(len(perm)))))


def pbroadcast(x, axis_name, source):
    """lax.pbroadcast: every member receives member `source`'s `x`."""
    from .parallel import all_gather

    return tree_map(lambda v: index_in_dim(all_gather(_arr(v), axis_name), int(source), 0,
                                           keepdims=False), x)


def pcast(x, axis_name, *, to):
    """lax.pcast: changes only shard_map's varying/invariant typing; the identity here."""
    if to not in ("varying", "invariant", "reduced", "unreduced"):
        raise ValueError(f"pcast: unknown `to`={to!r}")
    return x


def _needs_devices(what):
    def fn(*args, **kwargs):
        raise NotImplementedError(
            f"lax.{what} needs several devices (jax.shard_map); numjax runs on one CPU, where "
            f"named axes exist only inside vmap, and {what} has no vmap meaning there")

    fn.__name__ = fn.__qualname__ = what
    fn.__doc__ = f"lax.{what}: not available in numjax (raises NotImplementedError)."
    return fn


psend = _needs_devices("psend")
precv = _needs_devices("precv")
ragged_all_to_all = _needs_devices("ragged_all_to_all")
