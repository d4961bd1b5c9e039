"""numjax.nn.initializers (`jax.nn.initializers`): `init(key, shape, dtype) -> Array` makers.

numjax.random is imported inside the initializers (lazily), so this module loads without it.
"""

from __future__ import annotations

import math

import numpy as np

from . import dtypes


def _random():
    from .. import random

    return random


def _dtype(dtype):
    return dtypes.canonicalize_dtype(dtype if dtype is not None else
                                     dtypes.default_float_dtype())


def _shape(shape):
    from .numpy.util import concrete_shape

    return concrete_shape(shape)


def zeros(key, shape, dtype=None):
    from .numpy.creation import zeros as jzeros

    return jzeros(_shape(shape), _dtype(dtype))


def ones(key, shape, dtype=None):
    from .numpy.creation import ones as jones

    return jones(_shape(shape), _dtype(dtype))


def constant(value, dtype=None):
    def init(key, shape, dtype=dtype):
        from .numpy.creation import full

        return full(_shape(shape), value, _dtype(dtype))

    return init


def normal(stddev=1e-2, dtype=None):
    def init(key, shape, dtype=dtype):
        from .numpy.ufuncs import multiply

        return multiply(_random().normal(key, _shape(shape), _dtype(dtype)),
                        np.asarray(stddev, _dtype(dtype)))

    return init


def uniform(scale=1e-2, dtype=None):
    def init(key, shape, dtype=dtype):
        return _random().uniform(key, _shape(shape), _dtype(dtype), 0.0, scale)

    return init


def truncated_normal(stddev=1e-2, dtype=None, lower=-2.0, upper=2.0):
    def init(key, shape, dtype=dtype):
        from .numpy.ufuncs import multiply

        x = _random().truncated_normal(key, lower, upper, _shape(shape), _dtype(dtype))
        return multiply(x, np.asarray(stddev, _dtype(dtype)))

    return init


def _compute_fans(shape, in_axis=-2, out_axis=-1, batch_axis=()):
    if len(shape) <= 1:
        raise ValueError(f"Can't compute input and output sizes of a {len(shape)}-dimensional "
                         "weights tensor. Must be at least 2D.")
    in_axis = in_axis if isinstance(in_axis, (tuple, list)) else (in_axis,)
    out_axis = out_axis if isinstance(out_axis, (tuple, list)) else (out_axis,)
    batch_axis = batch_axis if isinstance(batch_axis, (tuple, list)) else (batch_axis,)
    nd = len(shape)
    norm = lambda axes: {a % nd for a in axes}
    ins, outs, batch = norm(in_axis), norm(out_axis), norm(batch_axis)
    in_size = math.prod(shape[a] for a in ins)
    out_size = math.prod(shape[a] for a in outs)
    receptive = math.prod(shape[a] for a in range(nd) if a not in ins | outs | batch)
    return in_size * receptive, out_size * receptive


def variance_scaling(scale, mode, distribution, in_axis=-2, out_axis=-1, batch_axis=(),
                     dtype=None):
    """Samples with variance scale / fan (fan_in, fan_out, fan_avg or fan_geo_avg)."""

    def init(key, shape, dtype=dtype):
        from .numpy.ufuncs import multiply

        shape = _shape(shape)
        dt = _dtype(dtype)
        fan_in, fan_out = _compute_fans(shape, in_axis, out_axis, batch_axis)
        denom = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2,
                 "fan_geo_avg": math.sqrt(fan_in * fan_out)}.get(mode)
        if denom is None:
            raise ValueError(f"invalid mode for variance scaling initializer: {mode}")
        variance = scale / denom
        rnd = _random()
        if distribution == "truncated_normal":
            std = math.sqrt(variance) / 0.87962566103423978
            x = rnd.truncated_normal(key, -2.0, 2.0, shape, dt)
            return multiply(x, np.asarray(std, dt))
        if distribution == "normal":
            return multiply(rnd.normal(key, shape, dt), np.asarray(math.sqrt(variance), dt))
        if distribution == "uniform":
            lim = math.sqrt(3 * variance)
            return rnd.uniform(key, shape, dt, -lim, lim)
        raise ValueError(f"invalid distribution for variance scaling initializer: "
                         f"{distribution}")

    return init


def glorot_uniform(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(1.0, "fan_avg", "uniform", in_axis, out_axis, batch_axis, dtype)


def glorot_normal(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(1.0, "fan_avg", "truncated_normal", in_axis, out_axis, batch_axis,
                            dtype)


def lecun_uniform(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(1.0, "fan_in", "uniform", in_axis, out_axis, batch_axis, dtype)


def lecun_normal(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(1.0, "fan_in", "truncated_normal", in_axis, out_axis, batch_axis,
                            dtype)


def he_uniform(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(2.0, "fan_in", "uniform", in_axis, out_axis, batch_axis, dtype)


def he_normal(in_axis=-2, out_axis=-1, batch_axis=(), dtype=None):
    return variance_scaling(2.0, "fan_in", "truncated_normal", in_axis, out_axis, batch_axis,
                            dtype)


xavier_uniform, xavier_normal = glorot_uniform, glorot_normal
kaiming_uniform, kaiming_normal = he_uniform, he_normal


def orthogonal(scale=1.0, column_axis=-1, dtype=None):
    """Orthonormal rows or columns (whichever are fewer) of a random orthogonal matrix."""

    def init(key, shape, dtype=dtype):
        from .numpy import shape_ops
        from .numpy.manipulation import _sl
        from .numpy.ufuncs import multiply

        shape = _shape(shape)
        dt = _dtype(dtype)
        if len(shape) < 2:
            raise ValueError("orthogonal initializer requires at least a 2D shape")
        n_cols = shape[column_axis]
        n_rows = math.prod(shape) // n_cols
        n = max(n_rows, n_cols)
        q = _random().orthogonal(key, n, (), dt)
        q = _sl(_sl(q, 0, n_rows, 0), 0, n_cols, 1)
        q = multiply(q, np.asarray(scale, dt))
        other = tuple(d for i, d in enumerate(shape) if i != column_axis % len(shape))
        q = shape_ops.reshape(q, other + (n_cols,))
        return shape_ops.moveaxis(q, -1, column_axis)

    return init


def delta_orthogonal(*args, **kwargs):
    raise NotImplementedError("delta_orthogonal is not implemented in numjax")
