"""Staging without running: `make_jaxpr`, `eval_shape` and `ShapeDtypeStruct`."""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import dtypes
from .api_util import _as_array
from .array import Array
from .core import ShapedArray, Tracer, get_aval
from .interpreters.staging import DebugInfo, trace_to_jaxpr
from .tree import keystr, tree_flatten, tree_flatten_with_path, tree_unflatten


def make_jaxpr(fun, static_argnums=(), return_shape=False, abstracted_axes=None):
    """Returns a function that stages `fun` and returns its ClosedJaxpr (printed as JAX does)."""
    argnums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)

    @functools.wraps(fun)
    def make(*args, **kwargs):
        statics = {i % len(args) for i in argnums if -len(args) <= i < len(args)}
        dyn_args = [a for i, a in enumerate(args) if i not in statics]
        leaves, in_tree = tree_flatten((dyn_args, kwargs))
        avals = [_abstractify(x) for x in leaves]
        store = {}

        def flat(*xs):
            d, kw = tree_unflatten(in_tree, xs)
            it = iter(d)
            full = [a if i in statics else next(it) for i, a in enumerate(args)]
            out = fun(*full, **kw)
            out_leaves, store["tree"] = tree_flatten(out)
            # float0 zeros (gradients of integer inputs) stay NumPy values: staged as literals
            return [o if isinstance(o, np.ndarray) and o.dtype == dtypes.float0 else _as_array(o)
                    for o in out_leaves]

        names = _leaf_names(fun, args, kwargs, statics)
        closed = trace_to_jaxpr(flat, avals, DebugInfo("jit", fun, names))
        if return_shape:
            shapes = [
                ShapeDtypeStruct(a.shape, a.dtype, weak_type=a.weak_type) for a in closed.out_avals
            ]
            return closed, tree_unflatten(store["tree"], shapes)
        return closed

    return make


def _leaf_names(fun, args, kwargs, statics) -> list[str] | None:
    """Each dynamic leaf's name for error messages: parameter name plus key path."""
    try:
        params = list(inspect.signature(fun).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    varargs = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), "args")
    named = [
        (positional[i] if i < len(positional) else f"{varargs}[{i - len(positional)}]", a)
        for i, a in enumerate(args)
        if i not in statics
    ]
    names = []
    for base, arg in [*named, *kwargs.items()]:
        names += [base + keystr(path) for path, _ in tree_flatten_with_path(arg)[0]]
    return names


def _abstractify(x) -> ShapedArray:
    if isinstance(x, ShapeDtypeStruct):
        return ShapedArray(x.shape, dtypes.canonicalize_dtype(x.dtype), x.weak_type)
    if isinstance(x, (Array, Tracer, np.ndarray, np.generic)) or dtypes.is_python_scalar(x):
        return get_aval(x)
    if hasattr(x, "__jax_array__"):
        return get_aval(x.__jax_array__())
    raise TypeError(f"Argument '{x}' of type {type(x)} is not a valid JAX type")


class ShapeDtypeStruct:
    """A shape and dtype standing for an array (for `eval_shape`, `make_jaxpr`, `jit.lower`)."""

    __slots__ = ("dtype", "shape", "sharding", "weak_type")

    def __init__(self, shape, dtype, *, weak_type=False, sharding=None):
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.weak_type = weak_type
        self.sharding = sharding

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape)))

    def __repr__(self):
        weak = ", weak_type=True" if self.weak_type else ""
        return f"ShapeDtypeStruct(shape={self.shape}, dtype={self.dtype.name}{weak})"

    def __eq__(self, other):
        return (
            isinstance(other, ShapeDtypeStruct)
            and self.shape == other.shape
            and self.dtype == other.dtype
            and self.weak_type == other.weak_type
        )

    def __hash__(self):
        return hash((self.shape, self.dtype, self.weak_type))


def eval_shape(fun, *args, **kwargs):
    """The output shapes and dtypes of `fun(*args)` as ShapeDtypeStructs, computed by staging."""
    leaves, in_tree = tree_flatten((args, kwargs))
    avals = [_abstractify(x) for x in leaves]
    store = {}

    def flat(*xs):
        a, kw = tree_unflatten(in_tree, xs)
        out_leaves, store["tree"] = tree_flatten(fun(*a, **kw))
        return [_as_array(o) for o in out_leaves]

    closed = trace_to_jaxpr(flat, avals)
    shapes = [ShapeDtypeStruct(a.shape, a.dtype, weak_type=a.weak_type) for a in closed.out_avals]
    return tree_unflatten(store["tree"], shapes)
