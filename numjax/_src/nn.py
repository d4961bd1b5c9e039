"""numjax.nn (`jax.nn`): activations, softmax/logsumexp, one_hot, standardize, initializers.

Written with jnp and lax operations only, so each function works under every transformation.
"""

from __future__ import annotations

import math

import numpy as np

from . import dtypes
from .lax import elementwise as lax
from .numpy import reductions, shape_ops, ufuncs
from .numpy.lax_numpy import where
from .numpy.util import canonicalize_axes, promote_args_inexact, to_array


def _full(x, value):
    from .numpy.manipulation import _const

    return _const(value, x.dtype, x.shape, x.weak_type)


def _f(x):
    (x,) = promote_args_inexact("nn", x)
    return x


def relu(x):
    """max(x, 0); the derivative at 0 is 0 (as in JAX)."""
    x = to_array(x)
    return where(ufuncs.greater(x, 0), x, _full(x, 0))


def relu6(x):
    return ufuncs.minimum(ufuncs.maximum(to_array(x), 0), 6)


def sigmoid(x):
    return lax.logistic(_f(x))


def log_sigmoid(x):
    return ufuncs.negative(softplus(ufuncs.negative(_f(x))))


def softplus(x):
    return ufuncs.logaddexp(_f(x), 0)


def soft_sign(x):
    x = _f(x)
    return ufuncs.true_divide(x, ufuncs.add(ufuncs.abs(x), 1))


def silu(x):
    x = _f(x)
    return ufuncs.multiply(x, sigmoid(x))


swish = silu


def squareplus(x, b=4):
    x = _f(x)
    return ufuncs.multiply(ufuncs.add(x, ufuncs.sqrt(ufuncs.add(ufuncs.square(x), b))), 0.5)


def gelu(x, approximate=True):
    """Gaussian error linear unit: the tanh approximation by default, erf form otherwise."""
    x = _f(x)
    if approximate:
        c = math.sqrt(2 / math.pi)
        inner = ufuncs.multiply(c, ufuncs.add(x, ufuncs.multiply(0.044715, ufuncs.power(x, 3))))
        return ufuncs.multiply(ufuncs.multiply(0.5, x), ufuncs.add(1, ufuncs.tanh(inner)))
    return ufuncs.multiply(ufuncs.multiply(0.5, x),
                           ufuncs.add(1, lax.erf(ufuncs.multiply(x, 1 / math.sqrt(2)))))


def elu(x, alpha=1.0):
    x = _f(x)
    safe = where(ufuncs.greater(x, 0), _full(x, 0), x)
    return where(ufuncs.greater(x, 0), x, ufuncs.multiply(alpha, ufuncs.expm1(safe)))


def celu(x, alpha=1.0):
    x = _f(x)
    neg = ufuncs.multiply(alpha, ufuncs.expm1(ufuncs.true_divide(ufuncs.minimum(x, 0), alpha)))
    return ufuncs.add(ufuncs.maximum(x, 0), neg)


def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return ufuncs.multiply(scale, elu(x, alpha))


def leaky_relu(x, negative_slope=1e-2):
    x = _f(x)
    return where(ufuncs.greater_equal(x, 0), x, ufuncs.multiply(negative_slope, x))


def hard_tanh(x):
    x = _f(x)
    return ufuncs.minimum(ufuncs.maximum(x, -1), 1)


def hard_sigmoid(x):
    return ufuncs.true_divide(relu6(ufuncs.add(_f(x), 3.0)), 6.0)


def hard_silu(x):
    x = _f(x)
    return ufuncs.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def glu(x, axis=-1):
    """Gated linear unit: first half times sigmoid of the second half along `axis`."""
    x = _f(x)
    from .numpy.manipulation import split

    a, b = split(x, 2, axis)
    return ufuncs.multiply(a, sigmoid(b))


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    """log(sum(b * exp(a))) computed stably; `return_sign` gives (log|sum|, sign)."""
    from .. import lax as public_lax

    if b is not None:
        a, b = promote_args_inexact("logsumexp", a, b)
    else:
        a = _f(a)
    axes = canonicalize_axes(axis, a.ndim)
    initial = -np.inf if where is not None else None
    amax = reductions.max(a, axis=axes, keepdims=True, where=where, initial=initial)
    amax = public_lax.stop_gradient(where_(ufuncs.isfinite(amax), amax, _full(amax, 0)))
    e = ufuncs.exp(ufuncs.subtract(a, amax))
    if b is not None:
        e = ufuncs.multiply(e, b)
    s = reductions.sum(e, axis=axes, keepdims=True, where=where)
    sign = ufuncs.sign(s)
    if return_sign or b is not None:
        s = ufuncs.abs(s)
    out = ufuncs.add(ufuncs.log(s), amax)
    if not keepdims:
        out = shape_ops.squeeze(out, axes)
        sign = shape_ops.squeeze(sign, axes)
    if return_sign:
        return out, sign
    if b is not None:
        out = where_(ufuncs.less(sign, 0), _full(out, np.nan), out)
    return out


where_ = where


def softmax(x, axis=-1, where=None, initial=None):
    """exp(x - max) normalized over `axis`; masked-out entries are 0."""
    from .. import lax as public_lax

    x = _f(x)
    axes = canonicalize_axes(axis, x.ndim)
    init = -np.inf if where is not None else None
    m = public_lax.stop_gradient(
        reductions.max(x, axis=axes, keepdims=True, where=where, initial=init))
    e = ufuncs.exp(ufuncs.subtract(x, m))
    if where is not None:
        e = where_(where, e, _full(e, 0))
    return ufuncs.true_divide(e, reductions.sum(e, axis=axes, keepdims=True))


def log_softmax(x, axis=-1, where=None, initial=None):
    """x - logsumexp(x) over `axis`; masked-out entries are -inf."""
    from .. import lax as public_lax

    x = _f(x)
    axes = canonicalize_axes(axis, x.ndim)
    init = -np.inf if where is not None else None
    m = public_lax.stop_gradient(
        reductions.max(x, axis=axes, keepdims=True, where=where, initial=init))
    shifted = ufuncs.subtract(x, m)
    e = ufuncs.exp(shifted)
    if where is not None:
        e = where_(where, e, _full(e, 0))
    out = ufuncs.subtract(shifted, ufuncs.log(reductions.sum(e, axis=axes, keepdims=True)))
    if where is not None:
        out = where_(where, out, _full(out, -np.inf))
    return out


def standardize(x, axis=-1, mean=None, variance=None, epsilon=1e-5, where=None):
    """(x - mean) / sqrt(variance + epsilon), statistics over `axis` by default."""
    x = _f(x)
    if mean is None:
        mean = reductions.mean(x, axis=axis, keepdims=True, where=where)
    if variance is None:
        d = ufuncs.subtract(x, mean)
        variance = reductions.mean(ufuncs.multiply(d, d), axis=axis, keepdims=True,
                                   where=where)
    return ufuncs.multiply(ufuncs.subtract(x, mean),
                           lax.rsqrt(ufuncs.add(variance, epsilon)))


def one_hot(x, num_classes, *, dtype=None, axis=-1):
    """x[..., None] == arange(num_classes), as `dtype` (default float)."""
    from .numpy.util import concrete_shape

    (num_classes,) = concrete_shape((num_classes,), "num_classes")
    x = to_array(x)
    dtype = dtypes.canonicalize_dtype(dtype or dtypes.default_float_dtype())
    out_ndim = x.ndim + 1
    from .numpy.util import canonicalize_axis

    ax = canonicalize_axis(axis, out_ndim)
    shape = x.shape[:ax] + (num_classes,) + x.shape[ax:]
    from .lax import structural as lax_struct

    xb = lax_struct.broadcast_in_dim(x, shape, tuple(i for i in range(out_ndim) if i != ax))
    iota = lax_struct.broadcasted_iota(x.dtype if dtypes.is_int(x.dtype) else
                                       dtypes.default_int_dtype(), shape, ax)
    if not dtypes.is_int(x.dtype):
        iota = to_array(iota, x.dtype)
    return to_array(lax.eq(xb, iota), dtype)


__all__ = [
    "celu", "elu", "gelu", "glu", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
    "leaky_relu", "log_sigmoid", "log_softmax", "logsumexp", "one_hot", "relu", "relu6",
    "selu", "sigmoid", "silu", "soft_sign", "softmax", "softplus", "squareplus",
    "standardize", "swish",
]
