"""Meshes, shardings and the SPMD maps (`pmap`, `shard_map`) on numjax's one CPU device.

A mesh here has every axis of size 1, so each device-local block is the whole array: `pmap`
maps an axis of size 1 (a vmap with `axis_name`), and `shard_map` runs the function on the
whole arrays inside size-1 vmaps that bind the mesh's axis names (so `psum`, `axis_index`,
... see axes of size 1). Arrays do not remember a NamedSharding: `x.sharding` stays the
SingleDeviceSharding.
"""

from __future__ import annotations

import collections
import contextlib
import math

import numpy as np

from .devices import Sharding, SingleDeviceSharding, cpu_device, devices
from .tree import tree_map


class PartitionSpec(tuple):
    """How each array axis is split over mesh axes: `P('x', None)`."""

    def __new__(cls, *partitions, unreduced=frozenset(), reduced=frozenset()):
        return super().__new__(cls, partitions)

    def __repr__(self):
        return "P(" + "".join(f"{p!r}, " for p in self).rstrip(" ")[:-1] + (
            "," if len(self) == 1 else "") + ")" if self else "P()"

    def __eq__(self, other):
        return type(other) is PartitionSpec and tuple(self) == tuple(other)

    __hash__ = tuple.__hash__


P = PartitionSpec


class Mesh:
    """A named grid of devices; numjax's meshes hold the one CPU device (all sizes 1)."""

    def __init__(self, devices, axis_names, axis_types=None):
        self.devices = np.asarray(devices, dtype=object)
        self.axis_names = tuple(axis_names)
        if self.devices.ndim != len(self.axis_names):
            raise ValueError(f"Mesh requires the ndim of its first argument (`devices`) to "
                             f"equal the length of its second argument (`axis_names`), but "
                             f"got devices.ndim == {self.devices.ndim} and "
                             f"len(axis_names) == {len(self.axis_names)}.")
        self.axis_types = axis_types or ("Auto",) * len(self.axis_names)

    shape = property(lambda self: collections.OrderedDict(
        zip(self.axis_names, self.devices.shape, strict=True)))
    axis_sizes = property(lambda self: self.devices.shape)
    size = property(lambda self: self.devices.size)
    empty = property(lambda self: self.devices.size == 0)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def _types(self):
        return f"({', '.join(self.axis_types)}{',' if len(self.axis_types) == 1 else ''})"

    def __repr__(self):
        return (f"Mesh(axis_sizes={self.axis_sizes}, axis_names={self.axis_names}, "
                f"axis_types={self._types()})")

    def __str__(self):
        sizes = ", ".join(f"{n!r}: {s}" for n, s in self.shape.items())
        return f"Mesh({sizes}, axis_types={self._types()})"

    def __eq__(self, other):
        return (isinstance(other, Mesh) and self.axis_names == other.axis_names
                and self.axis_sizes == other.axis_sizes)

    def __hash__(self):
        return hash((self.axis_names, self.axis_sizes))


def make_mesh(axis_shapes, axis_names, axis_types=None, *, devices=None):
    """A mesh of the available devices; only all-ones shapes fit numjax's one device."""
    if math.prod(axis_shapes) != 1:
        raise ValueError(f"Number of devices 1 must be >= the product of mesh_shape "
                         f"{tuple(axis_shapes)}")
    grid = np.empty(tuple(axis_shapes), dtype=object)
    grid.flat[0] = cpu_device()
    return Mesh(grid, axis_names, axis_types or ("Explicit",) * len(axis_names))


class NamedSharding(Sharding):
    """`NamedSharding(mesh, P(...))`: on one device it covers the whole array."""

    is_fully_addressable = True
    is_fully_replicated = True
    num_devices = 1

    def __init__(self, mesh, spec, *, memory_kind=None):
        self.mesh, self.spec, self.memory_kind = mesh, spec, memory_kind or "device"

    device_set = property(lambda self: {cpu_device()})
    addressable_devices = device_set

    def shard_shape(self, global_shape):
        return tuple(global_shape)

    def __repr__(self):
        return f"NamedSharding(mesh={self.mesh}, spec={self.spec!r}, memory_kind=device)"

    def __eq__(self, other):
        return isinstance(other, NamedSharding) and (self.mesh, self.spec) == (other.mesh,
                                                                               other.spec)

    def __hash__(self):
        return hash((self.mesh, self.spec))


@contextlib.contextmanager
def set_mesh(mesh):
    """Makes `mesh` the ambient mesh (numjax records nothing: every mesh has one device)."""
    yield


def reshard(xs, out_shardings):
    """Moves arrays to new shardings: a no-op on one device."""
    return xs


def _size_one_map(fun, axis_names):
    """`fun` inside nested size-1 vmaps binding `axis_names` (leading axes added/removed)."""
    from .numpy.shape_ops import expand_dims, squeeze
    from .vmap import vmap

    def wrapped(*args):
        f = fun
        for name in reversed(axis_names):
            f = vmap(f, axis_name=name)
        args = tree_map(lambda x: expand_dims(x, tuple(range(len(axis_names)))), args)
        out = f(*args)
        return tree_map(lambda x: squeeze(x, tuple(range(len(axis_names)))), out)

    return wrapped


def shard_map(f=None, /, *, out_specs, in_specs=None, mesh=None, axis_names=frozenset(),
              check_vma=True, check_rep=None, auto=None):
    """Runs `f` on each device's block: with numjax's one device, on the whole arrays, with the
    mesh's axis names bound (size 1) for collectives."""
    if f is None:
        return lambda g: shard_map(g, out_specs=out_specs, in_specs=in_specs, mesh=mesh,
                                   axis_names=axis_names, check_vma=check_vma)
    if mesh is None:
        raise ValueError("shard_map requires a `mesh` argument (numjax keeps no ambient mesh).")
    if mesh.size != 1:
        raise ValueError(f"numjax has 1 device; shard_map got a mesh of {mesh.size}.")
    return _size_one_map(f, mesh.axis_names)


def pmap(fun, axis_name=None, *, in_axes=0, out_axes=0, static_broadcasted_argnums=(),
         devices=None, backend=None, axis_size=None, donate_argnums=(),
         global_arg_shapes=None):
    """Maps `fun` over the leading axis across devices: numjax has one device, so the mapped
    axis must have size 1 (otherwise ValueError, as JAX raises with too few devices); the
    result is `vmap(fun, in_axes, out_axes, axis_name)`."""
    from .tree import tree_flatten
    from .vmap import vmap

    if static_broadcasted_argnums:
        raise NotImplementedError("pmap's static_broadcasted_argnums is not supported by numjax")
    mapped = vmap(fun, in_axes=in_axes, out_axes=out_axes, axis_name=axis_name)

    def pmapped(*args):
        axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
        for a, ax in zip(args, axes, strict=False):
            leaves, _ = tree_flatten(a)
            for x in leaves:
                if isinstance(ax, int) and np.ndim(x) and np.shape(x)[ax] != 1:
                    raise ValueError(
                        f"pmap got inputs with mapped axis size {np.shape(x)[ax]}, but only 1 "
                        "device is available (numjax runs on one CPU device).")
        return mapped(*args)

    return pmapped


__all__ = ["Mesh", "NamedSharding", "P", "PartitionSpec", "Sharding", "SingleDeviceSharding",
           "devices", "make_mesh", "pmap", "reshard", "set_mesh", "shard_map"]


class AxisType:
    """How a mesh axis is used by sharding-in-types (names only; numjax does not type
    shardings)."""

    Auto = "Auto"
    Explicit = "Explicit"
    Manual = "Manual"


def make_single_device_sharding(device=None):
    return SingleDeviceSharding(device or cpu_device())


def get_mesh():
    """The ambient mesh: none is kept, so an empty mesh."""
    return Mesh(np.empty((0,), dtype=object), ("_",))
