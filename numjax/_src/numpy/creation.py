"""Array creation: array, asarray, zeros, ones, full, *_like, arange, linspace, logspace, eye,
identity, tri, meshgrid. Follows JAX's dtype rules (float32/int32 defaults, weak Python scalars).
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer, current_trace, get_aval
from ..lax.elementwise import convert_element_type
from ..lax.structural import broadcast_in_dim
from .util import concrete_shape


def _numpy_value(obj):
    """A NumPy array for nested Python data (lists may hold Arrays; tracers handled by caller)."""
    try:
        value = np.asarray(obj)
    except ValueError as e:
        raise ValueError(str(e)) from None
    if value.dtype == object:
        raise TypeError("JAX only supports number and bool dtypes, got dtype object in array")
    return value


def _contains_tracer(obj) -> bool:
    if isinstance(obj, Tracer):
        return True
    if isinstance(obj, (list, tuple)):
        return builtins.any(_contains_tracer(o) for o in obj)
    return False


def _default_dtype_of_python_data(obj, value):
    """Python lists of ints/floats get JAX's default dtypes (not NumPy's 64-bit)."""
    return dtypes.canonicalize_dtype(value.dtype)


def array(object, dtype=None, copy=True, order="K", ndmin=0):
    """jnp.array: like numpy.array, with JAX's default dtypes; Python scalars are weakly typed."""
    if dtype is not None:
        dtype = dtypes.canonicalize_user_dtype(dtype, "array")
    if isinstance(object, (Array, Tracer)):
        out = object
        if dtype is not None and out.dtype != dtype or dtype is not None and out.weak_type:
            out = convert_element_type(out, dtype, False)
    elif hasattr(object, "__jax_array__"):
        return array(object.__jax_array__(), dtype, copy, order, ndmin)
    elif isinstance(object, (list, tuple)) and _contains_tracer(object):
        from .shape_ops import stack

        out = stack([array(o) for o in object])
        if dtype is not None:
            out = convert_element_type(out, dtype, False)
    elif dtypes.is_python_scalar(object):
        if type(object) is int:
            dtypes.check_python_int_fits(object, dtype)
        out_dtype = dtype if dtype is not None else dtypes.python_scalar_dtype(object)
        weak = dtype is None and type(object) is not bool
        out = Array(np.asarray(object, out_dtype), weak)
    else:
        if isinstance(object, (list, tuple)):
            object = _unwrap_nested(object)
        value = _numpy_value(object)
        if value.dtype.kind in "USV" and not (  # ml_dtypes (bfloat16, int4, ...) are kind V
                dtypes.is_inexact(value.dtype) or dtypes.is_int(value.dtype)):
            first = value.flat[0].item() if value.size else ""
            raise TypeError(
                f"Value {first!r} with dtype {value.dtype} is not a valid JAX array type. Only "
                "arrays of numeric types are supported by JAX."
            )
        if isinstance(object, (list, tuple)) and value.dtype.kind in "iu" and value.size:
            for v in (value.max(), value.min()):
                dtypes.check_python_int_fits(int(v), dtype)
        out_dtype = dtype if dtype is not None else _default_dtype_of_python_data(object, value)
        out = Array(np.asarray(value, out_dtype), False)
    if ndmin and out.ndim < ndmin:
        from .shape_ops import reshape

        out = reshape(out, (1,) * (ndmin - out.ndim) + tuple(out.shape))
    return out


def _unwrap_nested(obj):
    if isinstance(obj, Array):
        return obj._value
    if isinstance(obj, (list, tuple)):
        return [_unwrap_nested(o) for o in obj]
    return obj


def asarray(a, dtype=None, order=None, *, copy=None, device=None):
    """jnp.asarray: `array` without copying."""
    if type(a) is Array and dtype is None:
        return a
    return array(a, dtype=dtype)


def _full_value(shape, fill_value, dtype):
    shape = concrete_shape(shape)
    if isinstance(fill_value, (Array, Tracer)) or dtype is None:
        fill = asarray(fill_value)
        if dtype is not None:
            fill = convert_element_type(fill, dtypes.canonicalize_dtype(dtype), False)
        return broadcast_in_dim(fill, shape, tuple(range(len(shape) - fill.ndim, len(shape))))
    dtype = dtypes.canonicalize_dtype(dtype)
    return Array(np.broadcast_to(np.asarray(fill_value, dtype), shape), False)


def _check_shape(shape):
    dims = concrete_shape(shape)
    if builtins.any(d < 0 for d in dims):
        raise TypeError(
            f"broadcast_in_dim shape must have every element be nonnegative, got {dims}."
        )
    return dims


def _filled(shape, value, dtype, weak=False):
    """A constant array of `value`. While a trace is current it is staged as JAX stages it, a
    `broadcast_in_dim` of a scalar literal (not a constant the size of the array)."""
    if current_trace() is None or not shape:
        return Array(np.full(shape, value, dtype), weak)
    return broadcast_in_dim(Array(np.asarray(value, dtype), weak), shape, ())


def zeros(shape, dtype=None, *, device=None, out_sharding=None):
    """jnp.zeros: float32 by default."""
    dtype = dtypes.canonicalize_user_dtype(dtype if dtype is not None else float, "zeros")
    return _filled(_check_shape(shape), 0, dtype)


def ones(shape, dtype=None, *, device=None, out_sharding=None):
    """jnp.ones: float32 by default."""
    dtype = dtypes.canonicalize_user_dtype(dtype if dtype is not None else float, "ones")
    return _filled(_check_shape(shape), 1, dtype)


def empty(shape, dtype=None, *, device=None, out_sharding=None):
    """jnp.empty: zeros (JAX arrays are never uninitialized)."""
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None, *, device=None):
    """jnp.full; the fill value's weak type carries over when no dtype is given."""
    _check_shape(shape)
    return _full_value(shape, fill_value, dtype)


def _like_dtype(a, dtype):
    return dtypes.canonicalize_dtype(dtype) if dtype is not None else get_aval(a).dtype


def _like_shape(a, shape):
    return get_aval(a).shape if shape is None else concrete_shape(shape)


def zeros_like(a, dtype=None, shape=None, *, device=None):
    aval = get_aval(a) if isinstance(a, (Array, Tracer)) else get_aval(asarray(a))
    weak = aval.weak_type and dtype is None
    return _filled(_like_shape(a, shape), 0, _like_dtype(a, dtype), weak)


def ones_like(a, dtype=None, shape=None, *, device=None):
    aval = get_aval(a) if isinstance(a, (Array, Tracer)) else get_aval(asarray(a))
    weak = aval.weak_type and dtype is None
    return _filled(_like_shape(a, shape), 1, _like_dtype(a, dtype), weak)


def empty_like(a, dtype=None, shape=None, *, device=None):
    return zeros_like(a, dtype, shape)


def full_like(a, fill_value, dtype=None, shape=None, *, device=None):
    """jnp.full_like: `a`'s dtype, and its weak type too when no dtype is given (as JAX)."""
    if dtype is not None:
        return full(_like_shape(a, shape), fill_value, _like_dtype(a, dtype))
    aval = get_aval(a) if isinstance(a, (Array, Tracer)) else get_aval(asarray(a))
    shape = _like_shape(a, shape)
    if np.ndim(fill_value) > len(shape):
        raise ValueError("Cannot broadcast to shape with fewer dimensions: "
                         f"arr_shape={np.shape(fill_value)} shape={shape}")
    if not isinstance(fill_value, Tracer):  # a constant: no operations to stage
        value = np.asarray(fill_value._value if type(fill_value) is Array else fill_value)
        return Array(np.broadcast_to(value.astype(aval.dtype), shape), aval.weak_type)
    fill = fill_value
    if (fill.aval.dtype, fill.aval.weak_type) != (aval.dtype, aval.weak_type):
        fill = convert_element_type(fill, aval.dtype, aval.weak_type)
    return broadcast_in_dim(fill, shape, tuple(range(len(shape) - fill.ndim, len(shape))))


def arange(start, stop=None, step=None, dtype=None, *, device=None):
    """jnp.arange: static bounds; int32 for integer bounds, float32 otherwise."""
    for v in (start, stop, step):
        if isinstance(v, Tracer) and v.to_concrete() is None:
            raise _concretization("arange", v)
    vals = [np.asarray(v).item() if isinstance(v, (Array, Tracer)) else v
            for v in (start, stop, step)]
    start, stop, step = vals
    if stop is None and step is None:
        value = np.arange(start)
    elif step is None:
        value = np.arange(start, stop)
    else:
        value = np.arange(start, stop, step)
    if dtype is None:
        out_dtype = dtypes.canonicalize_dtype(value.dtype)
    else:
        out_dtype = dtypes.canonicalize_user_dtype(dtype, "arange")
    value = value.astype(out_dtype)
    if current_trace() is not None:
        staged = _staged_arange(value, start, stop, step)
        if staged is not None:
            return staged
    return Array(value, False)


def _staged_arange(value, start, stop, step):
    """arange as JAX stages it, `iota` then `mul step` and `add start`, when that computes
    exactly `value` (so eager and jit results agree); None otherwise."""
    from ..lax import elementwise as lax
    from ..lax.structural import iota

    dtype = value.dtype
    if dtype.kind not in "iuf":
        return None
    ramp = np.arange(value.size, dtype=dtype)
    consts = [] if stop is None and step is None else [np.asarray(start, dtype)]
    if step is not None:
        consts.insert(0, np.asarray(step, dtype))
    with np.errstate(all="ignore"):
        check = ramp
        if step is not None:
            check = consts[0] * check
        if consts and (stop is not None or step is not None):
            check = consts[-1] + check
    if not np.array_equal(check, value):
        return None
    out = iota(dtype, value.size)
    if step is not None:
        out = lax.mul(Array(consts[0], False), out)
    if step is not None or (stop is not None and consts[-1] != 0):
        out = lax.add(Array(consts[-1], False), out)
    return out


def _concretization(name, tracer):
    from ..errors import ConcretizationTypeError

    return ConcretizationTypeError(
        "Abstract tracer value encountered where concrete value is expected: "
        f"traced array with shape {tracer.aval!r}\nIt arose in the jnp.{name} argument."
    )


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *,
             device=None):
    """jnp.linspace (float32 by default); start/stop may be arrays or traced."""
    num = int(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    from .ufuncs import add, multiply
    from .util import promote_to_inexact

    start_a, stop_a = promote_to_inexact(start, stop)
    out_dtype = dtypes.canonicalize_dtype(dtype) if dtype is not None else (
        start_a.dtype if dtypes.is_inexact(start_a.dtype) else dtypes.default_float_dtype())
    compute = np.float64 if dtypes.is_float(out_dtype) else out_dtype
    if type(start_a) is Array and type(stop_a) is Array:
        s, e = start_a._value.astype(compute), stop_a._value.astype(compute)
        value = np.linspace(s, e, num, endpoint=endpoint, axis=axis)
        if dtypes.is_int(out_dtype):
            value = np.floor(value)
        out = Array(value.astype(out_dtype), False)
        step_v = (e - s) / max(num - 1 if endpoint else num, 1)
        return (out, Array(np.asarray(step_v, out_dtype), False)) if retstep else out
    div = (num - 1) if endpoint else num
    frac = Array((np.arange(num) / builtins.max(div, 1)).astype(start_a.dtype))
    from .shape_ops import expand_dims, moveaxis

    s = expand_dims(start_a, 0)
    e = expand_dims(stop_a, 0)
    steps = frac.reshape((num,) + (1,) * start_a.ndim)
    out = add(s, multiply(steps, e - s))
    out = moveaxis(out, 0, axis) if axis else out
    return (out, (stop_a - start_a) / builtins.max(div, 1)) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    from .ufuncs import power

    exps = linspace(start, stop, num, endpoint=endpoint, axis=axis)
    out = power(asarray(base, exps.dtype), exps)
    return out if dtype is None else out.astype(dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    from .ufuncs import exp, log

    out = exp(linspace(log(asarray(start)), log(asarray(stop)), num, endpoint=endpoint, axis=axis))
    return out if dtype is None else out.astype(dtype)


def eye(N, M=None, k=0, dtype=None, *, device=None):
    dtype = dtypes.canonicalize_user_dtype(dtype if dtype is not None else float, "eye")
    n, m, k = int(N), int(N) if M is None else int(M), int(k)
    if current_trace() is not None:
        # staged as JAX stages it: row index + k == column index, converted to `dtype`
        from ..lax import elementwise as lax
        from ..lax.structural import broadcasted_iota

        index = dtypes.default_int_dtype()
        rows, cols = (broadcasted_iota(index, (n, m), d) for d in (0, 1))
        out = lax.eq(lax.add(rows, Array(np.asarray(k, index), False)), cols)
        return out if dtype == np.bool_ else lax.convert_element_type(out, dtype)
    return Array(np.eye(n, m, k, dtype=dtype), False)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    dtype = dtypes.canonicalize_user_dtype(dtype if dtype is not None else float, "tri")
    return Array(np.tri(int(N), None if M is None else int(M), int(k), dtype=dtype), False)


def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    from .shape_ops import broadcast_to, reshape

    if indexing not in ("xy", "ij"):
        raise ValueError(f"Valid values for indexing are 'xy' and 'ij', got {indexing}")
    arrays = [asarray(x).ravel() for x in xi]
    n = len(arrays)
    shapes = [len(a) for a in arrays]
    if indexing == "xy" and n >= 2:
        shapes[0], shapes[1] = shapes[1], shapes[0]
    out = []
    for i, a in enumerate(arrays):
        view = [1] * n
        pos = i
        if indexing == "xy" and n >= 2 and i < 2:
            pos = 1 - i
        view[pos] = len(a)
        r = reshape(a, tuple(view))
        out.append(r if sparse else broadcast_to(r, tuple(shapes)))
    return out
