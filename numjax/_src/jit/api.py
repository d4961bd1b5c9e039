"""`jit`: stage once per input signature, optimize, generate NumPy code, cache.

Call path, shortest first:
1. fast: no keyword arguments, no active trace, and the generated `fast` function of the
   signature used last accepts the arguments (it checks types, shapes, dtypes and weak
   types inline and wraps the outputs);
2. cached: flatten, build the signature key (treedef, static values, and per leaf its
   shape, dtype and weak type), look the entry up;
3. compile: stage to a jaxpr (Python side effects happen here, once), optimize, generate.
Under an active transformation the call binds `jit_p` instead, whose rules recurse into the
jaxpr. Cache keys never hold tracers: an entry whose jaxpr closes over an outer tracer is
used once and not cached.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import inspect
import weakref

import numpy as np

from .. import dtypes
from ..array import Array
from ..config import config
from ..core import Tracer, _state, get_aval, set_current_trace
from ..interpreters.staging import DebugInfo, trace_to_jaxpr
from ..ir import ClosedJaxpr, Jaxpr
from ..tree import keystr, tree_flatten, tree_flatten_with_path, tree_unflatten
from . import jit_p as jit_p_module
from . import passes
from .codegen import DEFAULT_BACKEND, MISS
from .jit_p import jit_p

_CACHE_SIZE = 4096  # compiled signatures kept per jitted function (least recently used go)
_ALL_JITTED = weakref.WeakSet()
_LEAF_TREE = tree_flatten(0)[1]
_FAST_TYPES = (Array, float, int, bool, complex)


def _always_miss(*args):
    return MISS


_RECENT = 4  # signatures served by the fast path per jitted function


def _try_each(fasts):
    def fast(*args):
        for f in fasts:
            out = f(*args)
            if out is not MISS:
                return out
        return MISS

    return fast


class _Entry:
    """One compiled signature: generated code, and what wrapping its outputs needs."""

    __slots__ = (
        "compiled",
        "fast",
        "in_avals",
        "jaxpr",
        "lifted",
        "out_tree",
        "out_weak",
        "source",
    )

    def __init__(self, compiled, fast, out_tree, out_weak, jaxpr, source, lifted, in_avals):
        self.compiled = compiled
        self.fast = fast
        self.out_tree = out_tree
        self.out_weak = out_weak
        self.jaxpr = jaxpr
        self.source = source
        self.lifted = lifted  # outer-trace tracers the jaxpr closes over (leading inputs)
        self.in_avals = in_avals

    @property
    def fn(self):
        return self.compiled.fn


def _leaf_key(x):
    t = type(x)
    if t is Array:
        v = x._value
        return (v.shape, v.dtype, x.weak_type)
    if t is float or t is int or t is complex or t is bool:
        return (t,)
    if isinstance(x, (np.ndarray, np.generic)):
        return (x.shape, dtypes.canonicalize_dtype(x.dtype), False)
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

    def __init__(
        self,
        fun,
        static_argnums=(),
        static_argnames=(),
        donate_argnums=(),
        donate_argnames=(),
        keep_unused=False,
        inline=False,
        backend=None,
    ):
        if not callable(fun):
            raise TypeError(f"Expected a callable value, got {fun}")
        self.fun = fun
        try:
            self._signature = inspect.signature(fun)
        except (TypeError, ValueError):
            self._signature = None
        self.static_argnums, self.static_argnames = _static_args(
            self._signature, _as_tuple(static_argnums), _as_tuple(static_argnames)
        )
        self.donate_argnums = _as_tuple(donate_argnums)  # accepted; NumPy never donates
        self.donate_argnames = _as_tuple(donate_argnames)
        self.keep_unused = keep_unused
        self.inline = inline
        self.backend = backend or DEFAULT_BACKEND
        self._cache = collections.OrderedDict()
        self._fast = _always_miss
        self._recent = []
        self.trace_count = 0
        # name and docstring only: copying `fun.__dict__` would copy another Jitted's cache
        functools.update_wrapper(self, fun, updated=())
        _ALL_JITTED.add(self)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return functools.partial(self, obj)

    def __call__(self, *args, **kwargs):
        if not kwargs and _state.trace is None:
            out = self._fast(*args)
            if out is not MISS:
                return out
        if config.disable_jit:
            return self.fun(*args, **kwargs)
        entry, leaves = self._lookup(args, kwargs)
        if _state.trace is not None:
            outs = jit_p.bind(
                *entry.lifted,
                *leaves,
                jaxpr=entry.jaxpr,
                name=getattr(self.fun, "__name__", "fun"),
                _inline=self.inline,
                _compiled=entry.compiled,
            )
            return tree_unflatten(entry.out_tree, outs)
        if entry.fast is not None and not kwargs:
            self._remember(entry.fast)
            out = entry.fast(*args)
            if out is not MISS:
                return out
        raw = entry.fn(*[_leaf_value(x) for x in leaves])
        outs = [Array(v, w) for v, w in zip(raw, entry.out_weak, strict=True)]
        return tree_unflatten(entry.out_tree, outs)

    def _remember(self, fast):
        """Puts `fast` first among the (up to 4) signatures the fast path tries."""
        recent = [fast, *(f for f in self._recent if f is not fast)][:_RECENT]
        self._recent = recent
        self._fast = recent[0] if len(recent) == 1 else _try_each(tuple(recent))

    def _lookup(self, args, kwargs):
        """The cache entry for these arguments (compiling on a miss) and the dynamic leaves."""
        dyn_args, dyn_kw, statics_key = self._split(args, kwargs)
        leaves, in_tree = tree_flatten((dyn_args, dyn_kw))
        key = [in_tree, statics_key, config.x64_enabled]
        for x in leaves:
            k = _leaf_key(x)
            if k is None:
                self._bad_argument(x, dyn_args, dyn_kw)
            key.append(k)
        key = tuple(key)
        entry = self._cache.get(key)
        if entry is None:
            entry = self._compile(key, args, kwargs, leaves, in_tree, statics_key)
        else:
            self._cache.move_to_end(key)
        return entry, leaves

    def _split(self, args, kwargs):
        statics = self.static_argnums
        if statics:
            n = len(args)
            static_idx = {i % n for i in statics if -n <= i < n}
            static_pos = tuple((i, args[i]) for i in sorted(static_idx))
            dyn_args = tuple(a for i, a in enumerate(args) if i not in static_idx)
        else:
            static_pos, dyn_args = (), args
        if kwargs and self.static_argnames:
            static_kw = tuple(
                sorted((k, v) for k, v in kwargs.items() if k in self.static_argnames)
            )
            dyn_kw = {k: v for k, v in kwargs.items() if k not in self.static_argnames}
        else:
            static_kw, dyn_kw = (), kwargs
        statics_key = (static_pos, static_kw)
        for _, v in (*static_pos, *static_kw):
            try:
                hash(v)
            except TypeError as e:
                raise ValueError(
                    "Non-hashable static arguments are not supported. An error occurred while "
                    f"trying to hash an object of type {type(v)}, {v}. The error was:\n"
                    f"TypeError: {e}\n"
                ) from None
        return dyn_args, dyn_kw, statics_key

    def _leaf_names(self, dyn_args, dyn_kw, static_idx=()) -> list[str]:
        """Each dynamic leaf's name as JAX's messages print it: parameter name plus key path."""
        params = list(self._signature.parameters.values()) if self._signature else []
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        varargs = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), "args")
        arg_names = []
        dyn_positions = [i for i in range(len(dyn_args) + len(static_idx)) if i not in static_idx]
        for i in dyn_positions[: len(dyn_args)]:
            arg_names.append(
                positional[i].name if i < len(positional) else f"{varargs}[{i - len(positional)}]"
            )
        names = []
        for base, arg in [*zip(arg_names, dyn_args), *dyn_kw.items()]:
            for path, _ in tree_flatten_with_path(arg)[0]:
                names.append(base + keystr(path))
        return names

    def _bad_argument(self, x, dyn_args, dyn_kw):
        leaves = tree_flatten((dyn_args, dyn_kw))[0]
        idx = next(i for i, leaf in enumerate(leaves) if leaf is x)
        try:
            name = self._leaf_names(dyn_args, dyn_kw, self._static_idx(dyn_args))[idx]
        except (IndexError, StopIteration):
            name = f"args[{idx}]"
        raise TypeError(
            f"Error interpreting argument to {self.fun} as an abstract array. The problematic "
            f"value is of type {type(x)} and was passed to the function at path {name}.\n"
            "This typically means that a jit-wrapped function was called with a non-array "
            "argument, and this argument was not marked as static using the static_argnums or "
            "static_argnames parameters of jax.jit."
        )

    def _static_idx(self, dyn_args):
        n = len(dyn_args) + len(self.static_argnums)
        return {i % n for i in self.static_argnums if -n <= i < n}

    def _stage(self, args, kwargs, leaves, in_tree, statics_key):
        from ..api_util import _as_array

        avals = [get_aval(x) for x in leaves]
        store = {}
        static_pos = dict(statics_key[0])
        static_kw = dict(statics_key[1])
        n_total = len(args)

        def flat(*xs):
            dyn_args, dyn_kw = tree_unflatten(in_tree, xs)
            it = iter(dyn_args)
            full = [static_pos[i] if i in static_pos else next(it) for i in range(n_total)]
            out = self.fun(*full, **dyn_kw, **static_kw)
            out_leaves, store["tree"] = tree_flatten(out)
            return [_as_array(o) for o in out_leaves]

        dyn_args, dyn_kw = tree_unflatten(in_tree, leaves)
        try:
            names = self._leaf_names(dyn_args, dyn_kw, set(static_pos))
        except (IndexError, ValueError):
            names = None
        closed = trace_to_jaxpr(flat, avals, DebugInfo("jit", self.fun, names))
        return closed, store["tree"]

    def _compile(self, key, args, kwargs, leaves, in_tree, statics_key):
        self.trace_count += 1
        closed, out_tree = self._stage(args, kwargs, leaves, in_tree, statics_key)
        closed, lifted = _lift_tracer_consts(closed)
        out_weak = [a.weak_type for a in closed.out_avals]
        prev = set_current_trace(None)  # folding constants must run eagerly
        try:
            optimized = passes.optimize(closed)
            flat_args = (
                not kwargs
                and not statics_key[0]
                and len(leaves) == len(args)
                and all(a is leaf for a, leaf in zip(args, leaves, strict=True))
            )
            out_kind = None
            arg_types = [type(x) for x in leaves]
            if flat_args and not lifted and all(t in _FAST_TYPES for t in arg_types):
                if out_tree == _LEAF_TREE:
                    out_kind = "leaf"
                elif out_tree == tree_flatten((0,) * out_tree.num_leaves)[1]:
                    out_kind = "tuple"
            compiled = self.backend.compile(
                optimized, _identifier(self.fun), out_weak, out_kind, arg_types
            )
        finally:
            set_current_trace(prev)
        entry = _Entry(
            compiled,
            compiled.fast,
            out_tree,
            out_weak,
            closed,
            compiled.source,
            lifted,
            [get_aval(x) for x in leaves],
        )
        if not lifted:
            self._cache[key] = entry
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def lower(self, *args, **kwargs):
        """Stages and compiles for these arguments (values or ShapeDtypeStructs)."""
        args, kwargs = _zeros_for_shapes((args, kwargs))
        entry, _ = self._lookup(args, kwargs)
        return Lowered(entry, self, args, kwargs)

    def trace(self, *args, **kwargs):
        """Stages for these arguments; `.jaxpr` is the traced program, `.lower()` goes on."""
        return self.lower(*args, **kwargs)

    def eval_shape(self, *args, **kwargs):
        from ..staging_api import eval_shape

        return eval_shape(self, *args, **kwargs)

    def clear_cache(self):
        self._cache.clear()
        self._fast = _always_miss
        self._recent = []

    def _cache_size(self):
        return len(self._cache)

    def __repr__(self):
        return f"<PjitFunction of {self.fun!r}>"


def _static_args(signature, argnums, argnames):
    """JAX's rules: validate against the signature; infer names from numbers and vice versa."""
    if signature is None:
        return tuple(sorted(set(argnums))), argnames
    params = list(signature.parameters.values())
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        n_positional = None
    else:
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    if n_positional is not None:
        for i in argnums:
            if not -n_positional <= i < n_positional:
                raise ValueError(
                    f"Jitted function has static_argnums={argnums}, but only accepts "
                    f"{n_positional} positional arguments."
                )
    if not any(p.kind == p.VAR_KEYWORD for p in params):
        names = {p.name for p in params if p.kind != p.POSITIONAL_ONLY}
        bad = {n for n in argnames if n not in names}
        if bad:
            raise ValueError(
                f"Jitted function has invalid argnames {bad} in static_argnames. Function does "
                "not take these args."
            )
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if argnames and not argnums:
        argnums = tuple(positional.index(n) for n in argnames if n in positional)
    elif argnums and not argnames:
        argnames = tuple(
            positional[i]
            for i in argnums
            if -len(positional) <= i < len(positional)
            and params[i % len(positional)].kind != params[0].POSITIONAL_ONLY
        )
    return tuple(sorted(set(argnums))), tuple(argnames)


def _lift_tracer_consts(closed):
    """Constants that are tracers of an enclosing trace become leading inputs instead."""
    jaxpr = closed.jaxpr
    lifted = [(v, c) for v, c in zip(jaxpr.constvars, closed.consts) if isinstance(c, Tracer)]
    if not lifted:
        return closed, ()
    kept = [(v, c) for v, c in zip(jaxpr.constvars, closed.consts) if not isinstance(c, Tracer)]
    new = Jaxpr(
        [v for v, _ in kept], [v for v, _ in lifted] + jaxpr.invars, jaxpr.eqns, jaxpr.outvars
    )
    return ClosedJaxpr(new, [c for _, c in kept]), tuple(c for _, c in lifted)


def _zeros_for_shapes(tree):
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

    def __init__(self, entry, jitted, args, kwargs):
        self._entry = entry
        self._jitted = jitted
        self.args_info = (args, kwargs)

    @property
    def jaxpr(self):
        return self._entry.jaxpr

    def as_text(self, dialect=None, **kwargs):
        """The generated Python source."""
        return self._entry.source

    def compile(self, compiler_options=None):
        return Compiled(self._entry, self._jitted)

    def lower(self, **kwargs):
        return self

    def cost_analysis(self):
        return {}


class Compiled:
    """A compiled signature; calling it checks the arguments' types and runs the code."""

    def __init__(self, entry, jitted):
        self._entry = entry
        self._jitted = jitted

    def __call__(self, *args, **kwargs):
        dyn_args, dyn_kw, _ = self._jitted._split(args, kwargs)
        leaves = tree_flatten((dyn_args, dyn_kw))[0]
        avals = [get_aval(x) if _leaf_key(x) is not None else None for x in leaves]
        if avals != self._entry.in_avals:
            names = self._jitted._leaf_names(dyn_args, dyn_kw, self._jitted._static_idx(dyn_args))
            bad = [
                f"Argument '{n}' compiled with {_long(a)} and called with "
                f"{_long(b) if b is not None else type(x).__name__}"
                for n, a, b, x in zip(names, self._entry.in_avals, avals, leaves)
                if a != b
            ]
            raise TypeError(
                "Argument types differ from the types for which this computation was compiled. "
                "Perhaps you are calling the compiled executable with a different enable_x64 "
                "mode than when it was AOT compiled? The mismatches are:\n" + "\n".join(bad)
            )
        return self._jitted(*args, **kwargs)

    def as_text(self):
        return self._entry.source

    def cost_analysis(self):
        return {}


def _long(aval) -> str:
    return f"{aval.dtype.name}[{','.join(map(str, aval.shape))}]"


def _as_tuple(x):
    if x is None:
        return ()
    if isinstance(x, (int, str)):
        return (x,)
    return tuple(x)


def _identifier(fun) -> str:
    name = getattr(fun, "__name__", "fun")
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    if not name or name[0].isdigit() or name in ("np", "fast"):
        name = "f_" + name
    return name


def jit(
    fun=None,
    *,
    static_argnums=None,
    static_argnames=None,
    donate_argnums=None,
    donate_argnames=None,
    keep_unused=False,
    device=None,
    backend=None,
    inline=False,
    abstracted_axes=None,
    in_shardings=None,
    out_shardings=None,
    compiler_options=None,
):
    """Compiles `fun` per input signature into straight-line NumPy code.

    Args:
      fun: the function to compile; its arguments are arrays or pytrees of arrays.
      static_argnums / static_argnames: arguments treated as compile-time constants (they
        must be hashable; each new value compiles a new version). Either one is inferred
        from the other through `fun`'s signature.
      donate_argnums / donate_argnames: accepted; NumPy buffers are never donated.
      keep_unused: accepted (unused arguments cost nothing here).
      inline: when called inside another traced function, inline the jaxpr instead of
        recording one `jit` equation.
      device, backend, in_shardings, out_shardings, ...: accepted for compatibility.

    Returns:
      A callable with the signature of `fun`, plus `lower`, `trace`, `eval_shape`,
      `clear_cache` and `_cache_size`. Python side effects in `fun` happen once per
      signature, at tracing. A traced value used in Python control flow raises
      `TracerBoolConversionError`/`ConcretizationTypeError` naming the argument; unhashable
      static arguments raise `ValueError`.
    Usable as a decorator with or without arguments.
    """
    if fun is None:
        return functools.partial(
            jit,
            static_argnums=static_argnums,
            static_argnames=static_argnames,
            donate_argnums=donate_argnums,
            donate_argnames=donate_argnames,
            keep_unused=keep_unused,
            inline=inline,
        )
    return Jitted(
        fun, static_argnums, static_argnames, donate_argnums, donate_argnames, keep_unused, inline
    )


def clear_caches():
    """Drops every jit cache (JAX's `jax.clear_caches`)."""
    for j in list(_ALL_JITTED):
        j.clear_cache()
    jit_p_module.clear_derived()


@contextlib.contextmanager
def disable_jit(disable: bool = True):
    """Context manager: jitted functions run their Python body op by op (for debugging)."""
    prev = config.read("jax_disable_jit")
    config.update("jax_disable_jit", disable)
    try:
        yield
    finally:
        config.update("jax_disable_jit", prev)


def _on_config(name, value):
    if name == "jax_enable_x64" or (name == "jax_disable_jit" and value):
        for j in list(_ALL_JITTED):
            j._fast = _always_miss
            j._recent = []


config.on_update(_on_config)
