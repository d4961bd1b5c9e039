"""What every jnp function does before binding lax: check, convert, promote and broadcast.

`promote_args(name, *args)` returns arrays of one dtype (JAX's lattice with weak types) and
one shape (NumPy broadcasting via broadcast_in_dim, which is a view); lax never sees mixed
dtypes or shapes.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer, current_trace, get_aval
from ..lax.elementwise import convert_element_type
from ..lax.helpers import errors_off, errors_on
from ..lax.structural import broadcast_in_dim

_ARRAY_TYPES = (Array, Tracer)


def jit_when_traced(fun=None, *, static_argnames=()):
    """`fun` run through `jit` while a trace is current, directly otherwise.

    JAX decorates many jnp functions (where, clip, cumsum, sort, ...) with @jit, so a staged
    program shows them as `jit[name=... jaxpr=...]` equations; this gives numjax's staged
    programs the same structure. Eager calls skip jit's dispatch and run the same operations.
    """
    if fun is None:
        return functools.partial(jit_when_traced, static_argnames=static_argnames)
    jitted = []

    @functools.wraps(fun)
    def wrapper(*args, **kwargs):
        if current_trace() is None:
            return fun(*args, **kwargs)
        if not jitted:
            from ..jit.api import jit

            jitted.append(jit(fun, static_argnames=static_argnames))
        return jitted[0](*args, **kwargs)

    return wrapper


def is_arraylike(x) -> bool:
    return isinstance(x, (Array, Tracer, np.ndarray, np.generic, bool, int, float, complex))


def check_arraylike(name: str, *args) -> None:
    for i, a in enumerate(args):
        if not is_arraylike(a) and not hasattr(a, "__jax_array__"):
            raise TypeError(
                f"{name} requires ndarray or scalar arguments, got {type(a)} at position {i}."
            )


def to_array(x, dtype=None, weak_type=None):
    """`x` as an Array or Tracer of `dtype` (default: its own canonical dtype)."""
    from .creation import asarray

    if not isinstance(x, _ARRAY_TYPES):
        x = asarray(x)
    if dtype is not None:
        dtype = np.dtype(dtype)
        weak = x.weak_type if weak_type is None else weak_type
        if x.dtype != dtype or x.weak_type != weak:
            x = convert_element_type(x, dtype, weak)
    return x


def _scalar_as(x, dtype, weak):
    """A Python scalar as a constant of the promoted dtype, converted by NumPy here rather than
    by a staged convert_element_type: `x * 2` stages `mul a 2.0:f32[]`, as JAX. As in JAX,
    only the first step (to the scalar's own canonical dtype: f32 + 1e300) warns; the
    conversion to the promoted dtype wraps or overflows silently (f16 + 1e6)."""
    value = np.asarray(x, dtypes.python_scalar_dtype(x))
    token = errors_off()
    try:
        value = value.astype(dtype)
    finally:
        errors_on(token)
    return Array(value, weak or type(x) is not bool)


def promote_dtypes(*args):
    """Converts all args to their common dtype (arrays; Python scalars become weak arrays)."""
    dtype, weak = dtypes.result_type(*args, return_weak_type_flag=True)
    out = []
    for i, a in enumerate(args):
        if type(a) in _PY_SCALARS:
            if type(a) is int:
                dtypes.check_python_int_fits(a, None, "xy"[i] if len(args) == 2 else None)
            out.append(_scalar_as(a, dtype, weak))
        else:
            out.append(to_array(a, dtype, weak))
    return out


def promote_to_inexact(*args):
    """Promotes, then converts integer/bool results to the default float (JAX's jnp.sin(int))."""
    dtype, weak = dtypes.result_type(*args, return_weak_type_flag=True)
    dtype = to_inexact_dtype(dtype)
    return [_scalar_as(a, dtype, weak) if type(a) in _PY_SCALARS else to_array(a, dtype, weak)
            for a in args]


def to_inexact_dtype(dtype):
    """The floating dtype JAX computes `dtype` values in (jnp.sin(int32), int32 / 2): float32
    for bool and integers of up to 32 bits even with x64 on, the default float for 64-bit
    integers; inexact dtypes are kept."""
    dtype = np.dtype(dtype)
    if dtypes.is_inexact(dtype):
        return dtype
    if dtype.itemsize >= 8:
        return dtypes.default_float_dtype()
    return np.dtype(np.float32)


_PY_SCALARS = (bool, int, float, complex)


def broadcast_shapes_or_raise(name: str, *shapes):
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        raise TypeError(
            f"{name} got incompatible shapes for broadcasting: "
            f"{', '.join(str(tuple(s)) for s in shapes)}."
        ) from None


def broadcast_arrays(name: str, *args):
    """NumPy broadcasting as JAX's jnp layer stages it: only ranks are made equal (leading
    size-1 axes via broadcast_in_dim), and not at all when the other operands are rank-0;
    lax's elementwise operations broadcast rank-0 and size-1 operands themselves. So `x * 2.0`
    stages `mul a 2.0:f32[]` and `m + v` (shapes (2, 3), (3,)) stages v to f32[1,3]."""
    shapes = [a.shape for a in args]
    if all(s == shapes[0] for s in shapes):
        return list(args)
    if current_trace() is None:
        # Eager, nothing is staged: one shape lets lax take its fast path (same values).
        return broadcast_all(name, *args)
    if all(len(s) == len(shapes[0]) for s in shapes):
        broadcast_shapes_or_raise(name, *shapes)  # NumPy's rules: (2,) with (3,) is an error
        return list(args)
    if len({len(s) for s in shapes if s}) < 2:
        return list(args)
    rank = len(broadcast_shapes_or_raise(name, *shapes))
    return [broadcast_to_rank(a, rank) for a in args]


def broadcast_to_rank(x, rank: int):
    """`x` with leading size-1 axes up to `rank` (a view)."""
    nd = len(x.shape)
    if nd == rank:
        return x
    return broadcast_in_dim(x, (1,) * (rank - nd) + tuple(x.shape), tuple(range(rank - nd, rank)))


def broadcast_all(name: str, *args):
    """Full NumPy broadcasting to one shape, for operations without lax's implicit
    broadcasting (select_n, stacking)."""
    shapes = [a.shape for a in args]
    if all(s == shapes[0] for s in shapes):
        return list(args)
    shape = broadcast_shapes_or_raise(name, *shapes)
    return [broadcast_to_shape(a, shape) for a in args]


def broadcast_to_shape(x, shape):
    shape = tuple(shape)
    if x.shape == shape:
        return x
    nd = len(x.shape)
    return broadcast_in_dim(x, shape, tuple(range(len(shape) - nd, len(shape))))


def promote_args(name: str, *args):
    """Promote dtypes and broadcast shapes: the standard jnp preamble for n-ary functions.

    Arrays that already agree in dtype, weak type and shape come back as they are (checked
    first: it is the common eager case, and it halves the cost of `x + y`)."""
    first = args[0]
    if len(args) == 1 and isinstance(first, _ARRAY_TYPES):
        return args  # one array (or tracer) is already promoted and broadcast
    if type(first) is Array:
        value, weak = first._value, first.weak_type
        for a in args:
            if (type(a) is not Array or a._value.dtype != value.dtype or a.weak_type != weak
                    or a._value.shape != value.shape):
                break
        else:
            return args
        if len(args) == 2:  # x * 2.0: the scalar takes x's dtype
            scalar = _scalar_taking_dtype(args[1], value.dtype)
            if scalar is not None:
                return first, scalar
    elif len(args) == 2 and type(args[1]) is Array:
        scalar = _scalar_taking_dtype(first, args[1]._value.dtype)
        if scalar is not None:
            return scalar, args[1]
    check_arraylike(name, *args)
    return broadcast_arrays(name, *promote_dtypes(*args))


def _scalar_taking_dtype(y, dtype):
    """Python scalar `y` as a weak rank-0 Array of `dtype` when JAX's promotion gives `dtype`
    without further checks (a float or int with a floating array, a complex with a complex
    one, a small int with an integer one), else None: the eager shortcut for `x * 2`."""
    t, kind = type(y), dtype.kind
    if t is float or t is int:  # values that convert without overflow or a warning
        ok = (kind in "fc" and dtype.itemsize >= 4 and -3e38 < y < 3e38
              or t is int and (kind == "i" and -128 <= y < 128 or kind == "u" and 0 <= y < 128))
    else:
        ok = t is complex and kind == "c"
    return Array(np.asarray(y, dtype), True) if ok else None


def promote_args_inexact(name: str, *args):
    if len(args) == 1 and isinstance(args[0], _ARRAY_TYPES) and dtypes.is_inexact(args[0].dtype):
        return args  # already floating: nothing to promote or broadcast
    check_arraylike(name, *args)
    return broadcast_arrays(name, *promote_to_inexact(*args))


def canonicalize_axis(axis, ndim: int) -> int:
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return axis % ndim


def canonicalize_axes(axis, ndim: int) -> tuple:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = tuple(canonicalize_axis(a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError("repeated axis")
        return axes
    return (canonicalize_axis(axis, ndim),)


def shape_of(x) -> tuple:
    return get_aval(x).shape if not isinstance(x, _ARRAY_TYPES) else x.shape


def concrete_shape(shape, name="shape"):
    """A static shape tuple; traced or non-integer sizes raise JAX's TypeError."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        dims = (shape,)
    out = []
    for d in dims:
        if isinstance(d, Tracer) or not (isinstance(d, (int, np.integer))
                                         or (type(d) is Array and d.ndim == 0
                                             and dtypes.is_int(d.dtype))):
            raise TypeError(
                f"Shapes must be 1D sequences of concrete values of integer type, got {dims}."
                + ("\nIf using `jit`, try using `static_argnums` or applying `jit` to smaller "
                   "subfunctions." if any(isinstance(x, Tracer) for x in dims) else "")
            )
        out.append(int(d))
    return tuple(out)
