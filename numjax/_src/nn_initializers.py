"""numjax.nn.initializers (`jax.nn.initializers`): `init(key, shape, dtype) -> Array` makers.

numjax.random is imported inside the initializers (lazily), so this module loads without it.
"""

from __future__ import annotations

import math
import typing

import numpy as np

from . import dtypes


class Initializer(typing.Protocol):
    """What every initializer is: `init(key, shape, dtype) -> Array`."""

    def __call__(self, key, shape, dtype=None):
        ...


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
                         "weights tensor with default in_axis. Must be at least 2D or specify "
                         "in_axis explicitly.")
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
    """Samples with variance scale / fan (fan_in, fan_out, fan_avg or fan_geo_avg) from a
    truncated normal, normal or uniform distribution; complex dtypes sample the modulus and the
    phase (a disk for "uniform"). The variance is rounded to `dtype` first, as in JAX, so
    float16/bfloat16 weights equal JAX's bit for bit."""

    def init(key, shape, dtype=dtype):
        from .numpy.creation import asarray
        from .numpy.ufuncs import multiply, sqrt

        shape = _shape(shape)
        dt = _dtype(dtype)
        fan_in, fan_out = _compute_fans(shape, in_axis, out_axis, batch_axis)
        denom = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2,
                 "fan_geo_avg": math.sqrt(fan_in * fan_out)}.get(mode)
        if denom is None:
            raise ValueError(f"invalid mode for variance scaling initializer: {mode}")
        if distribution not in ("truncated_normal", "normal", "uniform"):
            raise ValueError(f"invalid distribution for variance scaling initializer: "
                             f"{distribution}")
        variance = asarray(scale / denom, dt)
        rnd = _random()
        if dtypes.is_complex(dt):
            return _complex_variance_scaling(key, shape, dt, variance, distribution)
        if distribution == "truncated_normal":
            std = sqrt(variance) / asarray(0.87962566103423978, dt)
            return multiply(rnd.truncated_normal(key, -2, 2, shape, dt), std)
        if distribution == "normal":
            return multiply(rnd.normal(key, shape, dt), sqrt(variance))
        return multiply(rnd.uniform(key, shape, dt, -1, 1), sqrt(3 * variance))

    return init


def _complex_variance_scaling(key, shape, dt, variance, distribution):
    """Complex weights: modulus r and phase theta from independent keys, r * exp(i theta)."""
    from .numpy.creation import asarray
    from .numpy.ufuncs import exp, log, multiply, sqrt

    rnd = _random()
    if distribution == "normal":
        return multiply(rnd.normal(key, shape, dt), sqrt(variance))
    real = np.finfo(dt).dtype
    key_r, key_theta = rnd.split(key)
    theta = 2 * np.pi * rnd.uniform(key_theta, shape, real)
    phase = exp(1j * theta)
    if distribution == "uniform":  # uniform on the disk of radius sqrt(2 variance)
        r = sqrt(2 * variance) * sqrt(rnd.uniform(key_r, shape, real))
        return (r * phase).astype(dt)
    # truncated_normal: |z| of a complex normal truncated at 2, by inverting its CDF
    t = (1 - np.exp(-4.0)) * rnd.uniform(key_r, shape, real)
    r = sqrt(-log(1 - t))
    return (r * phase * (sqrt(variance) / asarray(0.95311164380491208, dt))).astype(dt)


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
    """Orthonormal rows or columns (whichever are fewer): Q of the QR factorization of a
    standard normal matrix, with the signs of R's diagonal folded into Q (so Q is uniformly
    distributed), reshaped so that `column_axis` indexes the columns."""

    def init(key, shape, dtype=dtype):
        from .numpy import shape_ops
        from .numpy.linalg import qr
        from .numpy.manipulation import diagonal
        from .numpy.ufuncs import multiply, sign

        shape = _shape(shape)
        dt = _dtype(dtype)
        if len(shape) < 2:
            raise ValueError("orthogonal initializer requires at least a 2D shape")
        n_cols = shape[column_axis]
        n_rows = math.prod(shape) // n_cols
        wide = n_rows < n_cols
        a = _random().normal(key, (n_cols, n_rows) if wide else (n_rows, n_cols), dt)
        q, r = qr(a)
        q = multiply(q, sign(diagonal(r))[None, :])
        if wide:
            q = shape_ops.transpose(q)
        other = tuple(d for i, d in enumerate(shape) if i != column_axis % len(shape))
        q = shape_ops.reshape(shape_ops.reshape(q, (n_rows, n_cols)), other + (n_cols,))
        return multiply(shape_ops.moveaxis(q, -1, column_axis), np.asarray(scale, dt))

    return init


def delta_orthogonal(scale=1.0, column_axis=-1, dtype=None):
    """Convolution kernels (3, 4 or 5-D) that are zero except at the spatial centre, where
    they hold an orthogonal matrix (`shape[-2] <= shape[-1]`): a delta-orthogonal kernel keeps
    signal norms through deep convolutional stacks."""

    def init(key, shape, dtype=dtype):
        from .numpy.creation import zeros

        shape = _shape(shape)
        dt = _dtype(dtype)
        if len(shape) not in (3, 4, 5):
            raise ValueError("Delta orthogonal initializer requires a 3D, 4D or 5D shape.")
        if shape[-1] < shape[-2]:
            raise ValueError("`fan_in` must be less or equal than `fan_out`. ")
        ortho = orthogonal(scale=scale, column_axis=column_axis, dtype=dt)(key, shape[-2:])
        centre = tuple((k - 1) // 2 for k in shape[:-2])
        return zeros(shape, dt).at[centre].set(ortho)

    return init
