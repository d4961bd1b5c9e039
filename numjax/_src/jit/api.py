"""`jit`: stage once per input signature, optimize, generate NumPy code, cache.

The call path is kept short: flatten the arguments, build the signature key (treedef, and
per leaf its type, shape, dtype and weak type), look up the cache, call the generated
function on raw ndarrays, wrap the outputs. Under an active transformation the call binds
`jit_p` instead, whose rules recurse into the jaxpr.
"""

from __future__ import annotations

import collections
import functools
import inspect
import weakref

import numpy as np

from .. import dtypes
from ..array import Array
from ..config import config
from ..core import Tracer, _state, get_aval
from ..interpreters.staging import DebugInfo, trace_to_jaxpr
from ..tree import tree_flatten, tree_unflatten
from . import passes
from .codegen import DEFAULT_BACKEND
from .jit_p import jit_p

_CACHE_SIZE = 4096
_ALL_JITTED = weakref.WeakSet()


class _Entry:
    """One compiled signature: the generated function and what wrapping its outputs needs."""

    __slots__ = ("fn", "out_tree", "out_weak", "jaxpr", "source", "n_out")

    def __init__(self, fn, out_tree, out_weak, jaxpr, source):
        self.fn = fn
        self.out_tree = out_tree
        self.out_weak = out_weak
        self.jaxpr = jaxpr
        self.source = source
        self.n_out = len(out_weak)


def _leaf_key(x):
    t = type(x)
    if t is Array:
        v = x._value
        return (v.shape, v.dtype, x.weak_type)
    if t is float or t is int or t is complex or t is bool:
        return (t,)
    if isinstance(x, (np.ndarray, np.generic)):
        return (x.shape, x.dtype, False)
    if isinstance(x, Tracer):
        aval = x.aval
        return (aval.shape, aval.dtype, aval.weak_type)
    return None


def _leaf_value(x):
    t = type(x)
    if t is Array:
        return x._value
    if t is float or t is int or t is complex or t is bool:
        return np.asarray(x, dtypes.python_scalar_dtype(x))
    return np.asarray(x, dtypes.canonicalize_dtype(np.asarray(x).dtype))


class Jitted:
    """A jit-compiled function. Call it like the original; `lower(*args)` exposes the code."""

    def __init__(self, fun, static_argnums=(), static_argnames=(), donate_argnums=(),
                 donate_argnames=(), keep_unused=False, inline=False, backend=None):
        if not callable(fun):
            raise TypeError(f"Expected a callable value, got {fun}")
        self.fun = fun
        try:
            self._signature = inspect.signature(fun)
        except (TypeError, ValueError):
            self._signature = None
        static_argnums = _as_tuple(static_argnums)
        static_argnames = _as_tuple(static_argnames)
        if self._signature is not None:
            params = list(self._signature.parameters)
            for name in static_argnames:
                if name in params and params.index(name) not in static_argnums:
                    static_argnums = (*static_argnums, params.index(name))
            for num in static_argnums:
                if 0 <= num < len(params) and params[num] not in static_argnames:
                    static_argnames = (*static_argnames, params[num])
        self.static_argnums = tuple(sorted(set(static_argnums)))
        self.static_argnames = tuple(static_argnames)
        self.backend = backend or DEFAULT_BACKEND
        self._cache = collections.OrderedDict()
        self.trace_count = 0
        functools.update_wrapper(self, fun)
        _ALL_JITTED.add(self)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self, obj)

    def _split(self, args, kwargs):
        statics = self.static_argnums
        if statics:
            nargs = len(args)
            static_pos = tuple((i, args[i]) for i in statics if i < nargs or -nargs <= i < 0)
            dyn_args = tuple(a for i, a in enumerate(args) if i not in statics)
        else:
            static_pos, dyn_args = (), args
        if kwargs and self.static_argnames:
            static_kw = tuple(sorted((k, v) for k, v in kwargs.items()
                                     if k in self.static_argnames))
            dyn_kw = {k: v for k, v in kwargs.items() if k not in self.static_argnames}
        else:
            static_kw, dyn_kw = (), kwargs
        statics_key = (static_pos, static_kw)
        if statics_key != ((), ()):
            try:
                hash(statics_key)
            except TypeError as e:
                bad = next(v for _, v in (*static_pos, *static_kw) if not _hashable(v))
                raise ValueError(
                    "Non-hashable static arguments are not supported. An error occurred while "
                    f"trying to hash an object of type {type(bad)}, {bad}. The error was:\n"
                    f"TypeError: {e}\n"
                ) from None
        return dyn_args, dyn_kw, statics_key

    def __call__(self, *args, **kwargs):
        if config.disable_jit:
            return self.fun(*args, **kwargs)
        dyn_args, dyn_kw, statics_key = self._split(args, kwargs)
        leaves, in_tree = tree_flatten((dyn_args, dyn_kw) if dyn_kw else dyn_args)
        key = [in_tree, statics_key]
        for x in leaves:
            k = _leaf_key(x)
            if k is None:
                self._bad_argument(x, leaves, in_tree, dyn_args)
            key.append(k)
        key = tuple(key)
        entry = self._cache.get(key)
        if entry is None:
            entry = self._compile(key, args, kwargs, leaves, in_tree, statics_key)
        if _state.trace is not None:
            outs = jit_p.bind(*leaves, jaxpr=entry.jaxpr, compiled=entry.fn,
                              name=getattr(self.fun, "__name__", "fun"))
            return tree_unflatten(entry.out_tree, outs)
        raw = entry.fn(*[_leaf_value(x) for x in leaves])
        outs = [Array(v, w) for v, w in zip(raw, entry.out_weak)]
        return tree_unflatten(entry.out_tree, outs)

    def _bad_argument(self, x, leaves, in_tree, dyn_args):
        name = "x"
        if self._signature is not None:
            params = [p for i, p in enumerate(self._signature.parameters)
                      if i not in self.static_argnums]
            idx = leaves.index(x) if x in leaves else 0
            name = params[idx] if idx < len(params) else f"args[{idx}]"
        raise TypeError(
            f"Error interpreting argument to {self.fun} as an abstract array. The problematic "
            f"value is of type {type(x)} and was passed to the function at path {name}.\n"
            "This typically means that a jit-wrapped function was called with a non-array "
            "argument, and this argument was not marked as static using the static_argnums or "
            "static_argnames parameters of jax.jit."
        )

    def _stage(self, args, kwargs, leaves, in_tree, statics_key):
        from ..api_util import _as_array

        avals = [get_aval(x) for x in leaves]
        store = {}
        static_pos = dict(statics_key[0])
        static_kw = dict(statics_key[1])
        n_total = len(args)
        has_kw = any(k not in static_kw for k in kwargs)

        def flat(*xs):
            tree = tree_unflatten(in_tree, xs)
            dyn_args, dyn_kw = tree if has_kw else (tree, {})
            it = iter(dyn_args)
            full = [static_pos[i] if i in static_pos else next(it) for i in range(n_total)]
            out = self.fun(*full, **dyn_kw, **static_kw)
            out_leaves, store["tree"] = tree_flatten(out)
            return [_as_array(o) for o in out_leaves]

        names = self._arg_names(len(leaves))
        closed = trace_to_jaxpr(flat, avals, DebugInfo("jit", self.fun, names))
        return closed, store["tree"]

    def _arg_names(self, n):
        if self._signature is None:
            return None
        params = [p for i, p in enumerate(self._signature.parameters)
                  if i not in self.static_argnums]
        return params[:n] if len(params) >= n else params + [f"args[{i}]" for i in
                                                               range(len(params), n)]

    def _compile(self, key, args, kwargs, leaves, in_tree, statics_key):
        self.trace_count += 1
        closed, out_tree = self._stage(args, kwargs, leaves, in_tree, statics_key)
        optimized = passes.optimize(closed)
        compiled = self.backend.compile(optimized, _identifier(self.fun))
        out_weak = [a.weak_type for a in optimized.out_avals]
        entry = _Entry(compiled.fn, out_tree, out_weak, optimized, compiled.source)
        self._cache[key] = entry
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return entry

    def lower(self, *args, **kwargs):
        """Stages and compiles for these arguments (values or ShapeDtypeStructs)."""
        from ..staging_api import ShapeDtypeStruct

        dyn_args, dyn_kw, statics_key = self._split(args, kwargs)
        concrete = tree_map_shapes(dyn_args)
        leaves, in_tree = tree_flatten((concrete, dyn_kw) if dyn_kw else concrete)
        del ShapeDtypeStruct
        key = (in_tree, statics_key, *[_leaf_key(x) for x in leaves])
        entry = self._cache.get(key) or self._compile(key, args, kwargs, leaves, in_tree,
                                                      statics_key)
        return Lowered(entry, self)

    def trace(self, *args, **kwargs):
        return self.lower(*args, **kwargs)

    def eval_shape(self, *args, **kwargs):
        from ..staging_api import eval_shape

        return eval_shape(self, *args, **kwargs)

    def clear_cache(self):
        self._cache.clear()

    def _cache_size(self):
        return len(self._cache)

    def __repr__(self):
        return f"<PjitFunction of {self.fun!r}>"


def tree_map_shapes(tree):
    """ShapeDtypeStructs become zero arrays (only their signature matters for lowering)."""
    from ..staging_api import ShapeDtypeStruct
    from ..tree import tree_map

    def conv(x):
        if isinstance(x, ShapeDtypeStruct):
            return Array(np.zeros(x.shape, dtypes.canonicalize_dtype(x.dtype)), x.weak_type)
        return x

    return tree_map(conv, tree)


class Lowered:
    """What `jit(f).lower(*args)` returns: the jaxpr and generated code for one signature."""

    def __init__(self, entry, jitted):
        self._entry = entry
        self._jitted = jitted

    def as_text(self, dialect=None, **kwargs):
        """The generated Python source."""
        return self._entry.source

    def jaxpr(self):
        return self._entry.jaxpr

    def compile(self, compiler_options=None):
        return Compiled(self._entry, self._jitted)

    def cost_analysis(self):
        return {}


class Compiled:
    """A compiled signature; calling it runs the generated code."""

    def __init__(self, entry, jitted):
        self._entry = entry
        self._jitted = jitted

    def __call__(self, *args, **kwargs):
        return self._jitted(*args, **kwargs)

    def as_text(self):
        return self._entry.source

    def cost_analysis(self):
        return {}


def _as_tuple(x):
    if x is None:
        return ()
    if isinstance(x, (int, str)):
        return (x,)
    return tuple(x)


def _hashable(v) -> bool:
    try:
        hash(v)
        return True
    except TypeError:
        return False


def _identifier(fun) -> str:
    name = getattr(fun, "__name__", "fun")
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    if not name or name[0].isdigit():
        name = "f_" + name
    return name


def jit(fun=None, *, static_argnums=None, static_argnames=None, donate_argnums=None,
        donate_argnames=None, keep_unused=False, device=None, backend=None, inline=False,
        abstracted_axes=None, in_shardings=None, out_shardings=None, compiler_options=None):
    """Compiles `fun` per input signature into straight-line NumPy code.

    Args:
      static_argnums / static_argnames: arguments treated as compile-time constants (must be
        hashable; a new value triggers a new compile).
      donate_argnums, keep_unused, inline, device, backend: accepted for compatibility.
    Calling with a traced value inside Python control flow raises
    `TracerBoolConversionError`/`ConcretizationTypeError` naming the argument.
    Usable as a decorator with or without arguments.
    """
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames, donate_argnums=donate_argnums,
                                 keep_unused=keep_unused, inline=inline)
    return Jitted(fun, static_argnums, static_argnames, donate_argnums or (),
                  donate_argnames or (), keep_unused, inline)


def clear_caches():
    """Drops every jit cache (JAX's `jax.clear_caches`)."""
    for j in list(_ALL_JITTED):
        j.clear_cache()


config.on_update(lambda name, value: clear_caches() if name == "jax_enable_x64" else None)
