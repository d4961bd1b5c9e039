"""Small public helpers: device_put/get, block_until_ready, typeof, linear_transpose,
pure_callback (a primitive that calls back into Python), and the single-device forms of JAX's
device, naming and environment utilities."""

from __future__ import annotations

import contextlib
import functools
import platform
import sys

import numpy as np

from .array import _COMMITTED, Array, _mark
from .core import Primitive, ShapedArray, Tracer, get_aval
from .devices import Device, Sharding
from .errors import JaxRuntimeError
from .tree import tree_flatten, tree_leaves, tree_map, tree_structure, tree_unflatten


def _check_device(device):
    for d in tree_leaves(device):
        if not isinstance(d, (Device, Sharding)):
            raise ValueError(  # noqa: TRY004 - JAX's error type
                "`jax.device_put` only accepts `None`, `jax.sharding.Sharding`, `jax.Device`, "
                "`Format`, `jax.memory.Space` or a pytree of these values. Received invalid "
                f"value: {d}")


def device_put(x, device=None, *, src=None, donate=False, may_alias=None):
    """Puts every leaf on the (one) CPU device: converts it to an Array. With an explicit
    `device` the results are `committed`, as in JAX."""
    from .numpy.creation import asarray

    _check_device(device)

    def put(v):
        if isinstance(v, Tracer):
            return v
        out = v if isinstance(v, Array) else asarray(v)
        if device is not None and isinstance(out, Array):
            if out is v:
                out = Array(v._value, v.weak_type)
            _mark(_COMMITTED, out)
        return out

    return tree_map(put, x)


def device_put_replicated(x, devices):
    """Stacks `x` once per device (one device: a leading axis of size 1)."""
    from .numpy import stack

    return tree_map(lambda v: stack([v] * len(devices)), x)


def device_put_sharded(shards, devices):
    from .numpy import stack

    if len(shards) != len(devices):
        raise ValueError(f"len(shards) = {len(shards)} must equal len(devices) = {len(devices)}.")
    return tree_map(lambda *vs: stack(vs), *shards)


def device_get(x):
    """Every Array leaf as a NumPy array."""
    return tree_map(lambda v: np.asarray(v) if isinstance(v, Array) else v, x)


def block_until_ready(x):
    """numjax computes eagerly: returns `x`."""
    return x


def copy_to_host_async(x):
    """numjax's arrays already live on the host: returns `x`."""
    return x


def effects_barrier():
    """Every side effect has already happened (numjax runs callbacks synchronously)."""


def live_arrays(platform=None):
    """JAX lists the device buffers it holds; numjax arrays are NumPy memory: `[]`."""
    return []


def typeof(x):
    return get_aval(x)


@contextlib.contextmanager
def ensure_compile_time_eval():
    """numjax already evaluates operations on concrete values at once, also while tracing
    (only operations on tracers are staged): nothing to switch."""
    yield


@contextlib.contextmanager
def named_scope(name: str):
    """Names the operations inside for profilers; numjax has none, so it only checks `name`."""
    if not isinstance(name, str):
        raise TypeError("named_scope name argument must be a string.")
    yield


def named_call(fun, *, name: str | None = None):
    """`fun` under a name for profilers (numjax: `fun` itself, wrapped)."""

    @functools.wraps(fun)
    def named(*args, **kwargs):
        return fun(*args, **kwargs)

    return named


def print_environment_info(return_string: bool = False):
    """Versions of numjax, NumPy and Python, and the one CPU device."""
    import numjax

    text = (f"numjax: {numjax.__version__}\nnumpy:  {np.__version__}\n"
            f"python: {sys.version}\ndevice info: cpu-1, 1 local devices\nprocess_count: 1\n"
            f"platform: {platform.uname()}\n")
    if return_string:
        return text
    print(text)


def make_array_from_callback(shape, sharding, data_callback, dtype=None):
    """One shard covering the whole array: `data_callback(index)` for the full index."""
    from .numpy.creation import asarray

    out = asarray(data_callback((slice(None),) * len(shape)), dtype)
    if tuple(out.shape) != tuple(shape):
        raise ValueError(f"Expected shard shape {tuple(shape)} doesn't match the single device "
                         f"array shape {tuple(out.shape)}.")
    return out


def make_array_from_single_device_arrays(shape, sharding, arrays, *, dtype=None):
    if len(arrays) != 1:
        raise ValueError(f"Expected 1 array (one device), got {len(arrays)}.")
    return make_array_from_callback(shape, sharding, lambda idx: arrays[0], dtype)


def make_array_from_process_local_data(sharding, local_data, global_shape=None):
    from .numpy.creation import asarray

    return asarray(local_data)


# ----------------------------------------------------------------------------- linear_transpose
def linear_transpose(fun, *primals, reduce_axes=()):
    """Transpose of the linear function `fun`, whose inputs look like `primals` (arrays or
    ShapeDtypeStructs): the returned function maps an output cotangent to a tuple of input
    cotangents. `fun` is traced at zeros; reverse mode of a linear function is its transpose."""
    from . import dtypes
    from .api import vjp
    from .numpy.creation import zeros

    leaves, in_tree = tree_flatten(primals)
    avals = [get_aval(x) if not hasattr(x, "shape") or isinstance(x, (Array, Tracer))
             else ShapedArray(x.shape, x.dtype) for x in leaves]
    if not all(dtypes.is_inexact(a.dtype) for a in avals):
        raise TypeError("linear_transpose only supports [float or complex] -> [float or "
                        f"complex], and integer -> integer functions, but got {avals}.")
    points = tree_unflatten(in_tree, [zeros(a.shape, a.dtype) for a in avals])
    out, pullback = vjp(fun, *points)
    out_tree = tree_structure(out)
    out_avals = [get_aval(o) for o in tree_leaves(out)]

    def transposed(out_ct):
        ct_leaves, ct_tree = tree_flatten(out_ct)
        if ct_tree != out_tree:
            raise TypeError("cotangent tree does not match function output, "
                            f"expected {out_tree} but got {ct_tree}")
        for a, c in zip(out_avals, ct_leaves, strict=True):
            c = get_aval(c)
            if tuple(c.shape) != tuple(a.shape) or c.dtype != a.dtype:
                raise TypeError("cotangent type does not match function output, expected "
                                f"{a.dtype.name}{list(a.shape)} but got "
                                f"{c.dtype.name}{list(c.shape)}")
        return pullback(out_ct)

    return transposed


# ----------------------------------------------------------------------------- pure_callback
_VMAP_METHODS = ("sequential", "sequential_unrolled", "expand_dims", "broadcast_all",
                 "legacy_vectorized", None)

pure_callback_p = Primitive("pure_callback", multiple_results=True)


def pure_callback(callback, result_shape_dtypes, *args, sharding=None, vmap_method=None,
                  **kwargs):
    """Calls the Python function `callback` on the values of `args`/`kwargs` (as Arrays),
    also inside jit and vmap; its results must match `result_shape_dtypes` (a pytree of
    ShapeDtypeStructs or arrays), and are cast to their dtypes. The callback must be pure:
    numjax may skip or repeat it. Not differentiable (use custom_jvp/custom_vjp)."""
    from . import dtypes

    if vmap_method not in _VMAP_METHODS:
        raise ValueError(f"vmap_method must be on of the allowed methods {list(_VMAP_METHODS)}, "
                         f"but got: {vmap_method}")
    flat_args, in_tree = tree_flatten((args, kwargs))
    result_leaves, out_tree = tree_flatten(result_shape_dtypes)
    result_avals = tuple(
        ShapedArray(r.shape, dtypes.canonicalize_dtype(r.dtype)) for r in result_leaves)
    flat_callback = _FlatCallback(callback, in_tree)
    outs = pure_callback_p.bind(*flat_args, callback=flat_callback, result_avals=result_avals,
                                vmap_method=vmap_method)
    return tree_unflatten(out_tree, outs)


class _FlatCallback:
    """The user's callback on flat leaves (hashable by identity, as a jaxpr param must be)."""

    def __init__(self, callback_func, in_tree):
        self.callback_func, self.in_tree = callback_func, in_tree

    def __call__(self, *flat_args):
        args, kwargs = tree_unflatten(self.in_tree, flat_args)
        return self.callback_func(*args, **kwargs)

    def __repr__(self):
        return f"_FlatCallback(callback_func={self.callback_func!r}, in_tree={self.in_tree})"


def _pure_callback_impl(*args, callback, result_avals, vmap_method):
    try:
        out = callback(*(Array(np.asarray(a)) for a in args))
    except Exception as e:
        raise JaxRuntimeError(f"CpuCallback error calling callback: {type(e).__name__}: {e}") from e
    leaves = tree_leaves(out)
    if len(leaves) != len(result_avals):
        raise JaxRuntimeError(f"pure_callback: callback returned {len(leaves)} values, "
                              f"expected {len(result_avals)} (result_shape_dtypes).")
    results = []
    for leaf, aval in zip(leaves, result_avals, strict=True):
        value = np.asarray(leaf)
        if value.shape != aval.shape:
            raise JaxRuntimeError(
                f"pure_callback: callback returned an array of shape {value.shape}, expected "
                f"{aval.shape} (result_shape_dtypes).")
        results.append(value.astype(aval.dtype, copy=False))
    return tuple(results)


def _pure_callback_abstract_eval(*avals, callback, result_avals, vmap_method):
    return list(result_avals)


def _pure_callback_jvp(primals, tangents, **params):
    raise ValueError("Pure callbacks do not support JVP. Please use `jax.custom_jvp` to use "
                     "callbacks while taking gradients.")


def _operand(a):
    return a if isinstance(a, (Array, Tracer)) else Array(np.asarray(a, get_aval(a).dtype))


def _pure_callback_batch(args, bdims, *, callback, result_avals, vmap_method):
    from .lax.helpers import bdim_to_front, moveaxis
    from .lax.structural import expand_dims

    size = next(get_aval(a).shape[d] for a, d in zip(args, bdims, strict=True) if d is not None)
    if vmap_method in ("sequential", "sequential_unrolled"):
        from .lax.loops import map_ as lax_map

        moved = [moveaxis(a, d, 0) for a, d in zip(args, bdims, strict=True) if d is not None]
        fixed = {i: a for i, (a, d) in enumerate(zip(args, bdims, strict=True)) if d is None}

        def one(xs):
            it = iter(xs)
            full = [fixed[i] if i in fixed else next(it) for i in range(len(args))]
            return pure_callback_p.bind(*full, callback=callback, result_avals=result_avals,
                                        vmap_method=vmap_method)

        return lax_map(one, moved), [0] * len(result_avals)
    if vmap_method in ("expand_dims", "broadcast_all", "legacy_vectorized"):
        if vmap_method == "expand_dims":
            moved = [moveaxis(a, d, 0) if d is not None else expand_dims(_operand(a), (0,))
                     for a, d in zip(args, bdims, strict=True)]
        else:
            moved = [bdim_to_front(a, d, size) for a, d in zip(args, bdims, strict=True)]
        batched_avals = tuple(ShapedArray((size, *a.shape), a.dtype) for a in result_avals)
        outs = pure_callback_p.bind(*moved, callback=callback, result_avals=batched_avals,
                                    vmap_method=vmap_method)
        return outs, [0] * len(result_avals)
    raise NotImplementedError(
        "vmap is only supported for the pure_callback primitive when vmap_method is one of "
        "'sequential', 'sequential_unrolled', 'expand_dims', 'broadcast_all', or "
        f"'legacy_vectorized'. Got vmap_method={vmap_method}.")


pure_callback_p.impl = _pure_callback_impl
pure_callback_p.abstract_eval = _pure_callback_abstract_eval
pure_callback_p.jvp = _pure_callback_jvp
pure_callback_p.batch = _pure_callback_batch
pure_callback_p.weak_type_rule = False


# ----------------------------------------------------------------------------- jax.debug
debug_callback_p = Primitive("debug_callback", multiple_results=True)
debug_callback_p.effectful = True  # no outputs: DCE and CSE must keep it


def debug_callback(callback, *args, ordered=False, partitioned=False, **kwargs):
    """Calls `callback(*args, **kwargs)` for its side effect when the values are known: at
    once in eager code, each time a jitted function runs, once per element under vmap. Returns
    None; the callback's result is ignored."""
    flat_args, in_tree = tree_flatten((args, kwargs))
    debug_callback_p.bind(*flat_args, callback=_FlatCallback(callback, in_tree))


def debug_print(fmt: str, *args, ordered=False, **kwargs):
    """Prints `fmt.format(*args, **kwargs)` with the runtime values (works inside jit, vmap
    and grad, where Python's print would show tracers)."""
    debug_callback(lambda *a, **k: print(fmt.format(*a, **k)), *args, **kwargs)


def _debug_callback_impl(*args, callback):
    callback(*(Array(np.asarray(a)) for a in args))
    return ()


def _debug_callback_jvp(primals, tangents, *, callback):
    debug_callback_p.bind(*primals, callback=callback)
    return [], []


def _debug_callback_batch(args, bdims, *, callback):
    # One call per batch element, as JAX does: the callback sees unbatched values.
    from .lax.helpers import bdim_to_front

    size = next(get_aval(a).shape[d] for a, d in zip(args, bdims, strict=True) if d is not None)
    fronts = [bdim_to_front(a, d, size) for a, d in zip(args, bdims, strict=True)]
    for i in range(size):
        debug_callback_p.bind(*(x[i] for x in fronts), callback=callback)
    return [], []


debug_callback_p.impl = _debug_callback_impl
debug_callback_p.abstract_eval = lambda *avals, callback: []
debug_callback_p.jvp = _debug_callback_jvp
debug_callback_p.batch = _debug_callback_batch


def debug_breakpoint(*args, **kwargs):
    raise NotImplementedError("jax.debug.breakpoint is not supported by numjax: use "
                              "jax.debug.callback with Python's breakpoint().")


def inspect_array_sharding(value, *, callback):
    """Calls `callback` with each leaf's sharding (numjax: always one device)."""
    from .devices import single_device_sharding

    tree_map(lambda _: callback(single_device_sharding()), value)


def visualize_array_sharding(arr, **kwargs):
    print(f"CPU 0 holds the whole array {get_aval(arr)}")


# ----------------------------------------------------------------------------- custom_gradient
def custom_gradient(fun):
    """`fun(*args)` returns `(value, vjp)`, where `vjp(ct)` gives one cotangent per positional
    argument: the function's reverse-mode derivative is that `vjp` (a `custom_vjp` whose
    residual is the returned closure)."""
    from .custom_derivatives import custom_vjp

    @custom_vjp
    def wrapped(*args):
        return fun(*args)[0]

    def fwd(*args):
        ans, rule = fun(*args)
        return ans, _Residual(rule)

    def bwd(res, ct):
        cts = res.rule(ct)
        return tuple(cts) if isinstance(cts, (tuple, list)) else (cts,)

    wrapped.defvjp(fwd, bwd)
    return functools.wraps(fun)(wrapped)


class _Residual:
    """Carries the user's vjp closure through custom_vjp as a pytree with no leaves."""

    def __init__(self, rule):
        self.rule = rule


def _register_key_arrays():
    from .array import register_array_type
    from .prng import PRNGKeyArray

    register_array_type(PRNGKeyArray)  # isinstance(key, numjax.Array), as in JAX


_register_key_arrays()


def _register_residual():
    from .tree import register_pytree_node

    register_pytree_node(_Residual, lambda r: ((), r.rule), lambda rule, _: _Residual(rule))


_register_residual()


def fwd_and_bwd(fun, argnums, has_aux=False, jitted=True):
    """`fwd(*args) -> (out, residuals)` and `bwd(residuals, ct) -> cotangents of argnums`, the
    two halves of `jax.vjp` as separate functions (numjax does not jit them: its vjp closures
    are not pytrees, and there is no compilation to reuse)."""
    from .api import vjp

    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)

    def fwd(*args):
        def of_diff(*diff):
            full = list(args)
            for i, d in zip(nums, diff, strict=True):
                full[i] = d
            return fun(*full)

        out = vjp(of_diff, *(args[i] for i in nums), has_aux=has_aux)
        if has_aux:
            y, pullback, aux = out
            return y, pullback, aux
        return out

    def bwd(residuals, ct):
        cts = residuals(ct)
        return cts[0] if single else cts

    return fwd, bwd


def _unsupported(feature):
    def raiser(*args, **kwargs):
        raise NotImplementedError(f"{feature} is not supported by numjax (one CPU device, "
                                  "immutable arrays)")

    raiser.__name__ = feature.split(".")[-1]
    return raiser


new_ref = _unsupported("jax.new_ref (mutable array references)")
empty_ref = _unsupported("jax.empty_ref (mutable array references)")
free_ref = _unsupported("jax.free_ref (mutable array references)")
freeze = _unsupported("jax.freeze (mutable array references)")
smap = _unsupported("jax.smap")
