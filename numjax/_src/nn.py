"""numjax.nn (`jax.nn`): activations, softmax/logsumexp, one_hot, standardize, attention.

Written with jnp and lax operations only, so each function works under every transformation.
Dtypes follow JAX 0.10.2, which differ by function: most activations compute with Python-scalar
constants on the raw input (an integer array becomes a weakly typed float), transcendental ones
promote like jnp ufuncs (integer -> strong float), relu/hard_tanh/identity keep integers, and
sigmoid/silu/glu reject integers (lax.logistic's TypeError). Derivatives at kinks are JAX's:
relu'(0) = 0, relu6'(0) = relu6'(6) = 0, hard_tanh'(+-1) = 1.
"""

from __future__ import annotations

import math

import numpy as np

from . import dtypes
from .lax import elementwise as lax
from .numpy.util import canonicalize_axes, jit_when_traced, promote_args_inexact, to_array


def _jnp():
    from .. import numpy as jnp  # the public jnp module (imported after numjax.nn)

    return jnp


def _inexact(x):
    """Integer -> default float, as jnp's transcendental ufuncs (strong)."""
    (x,) = promote_args_inexact("nn", x)
    return x


def _weak_float(x):
    """What `x * 1.0` gives in JAX: integer and bool arrays become a weakly typed float."""
    x = to_array(x)
    if dtypes.is_inexact(x.dtype):
        return x
    return to_array(x, dtypes.default_float_dtype(), True)


# ---------------------------------------------------------------------------------------------
# Piecewise-linear activations


def relu(x):
    """max(x, 0), keeping integer dtypes; relu'(0) = 0 and relu(nan) = nan, as in JAX."""
    jnp = _jnp()
    x = to_array(x)
    if x.dtype == np.bool_:
        x = to_array(x, dtypes.default_int_dtype(), True)
    from .core import current_trace

    if current_trace() is not None:  # staged as JAX stages it (same values: max(x, 0))
        return _relu_custom_jvp()(x)
    return jnp.where(x <= 0, jnp.zeros_like(x), x)


_RELU = []


def _relu_custom_jvp():
    """JAX's relu: a custom_jvp (derivative 0 at 0) around a jitted `max(x, 0)`."""
    if not _RELU:
        from .custom_derivatives import custom_jvp
        from .jit.api import jit

        def relu(x):
            return lax.max(x, lax.convert_element_type(0, x.dtype, x.weak_type))

        fn = custom_jvp(jit(relu))
        fn.defjvps(lambda g, ans, x: lax.select(
            lax.gt(x, lax.convert_element_type(0, x.dtype, x.weak_type)), g,
            _jnp().zeros_like(g)))
        _RELU.append(fn)
    return _RELU[0]


def relu6(x):
    """min(max(x, 0), 6); the derivative is 0 at both kinks, as in JAX."""
    jnp = _jnp()
    x = _weak_float(x)
    return jnp.where(x <= 0, jnp.zeros_like(x), jnp.where(x >= 6, 6.0, x))


def leaky_relu(x, negative_slope=1e-2):
    jnp = _jnp()
    x = _weak_float(x)
    return jnp.where(x >= 0, x, negative_slope * x)


def hard_tanh(x):
    """Clip to [-1, 1], keeping integer dtypes; slope 1 at +-1, as in JAX."""
    jnp = _jnp()
    x = to_array(x)
    if x.dtype == np.bool_:
        x = to_array(x, dtypes.default_int_dtype(), True)
    one = jnp.ones_like(x)
    return jnp.where(x > 1, one, jnp.where(x < -1, -one, x))


def hard_sigmoid(x):
    """relu6(x + 3) / 6, computed as a product with 1/6 as XLA rewrites the division (so the
    float32 results equal JAX's on CPU)."""
    return relu6(_weak_float(x) + 3.0) * (1 / 6)


def hard_silu(x):
    """x * hard_sigmoid(x)."""
    x = _weak_float(x)
    return x * hard_sigmoid(x)


hard_swish = hard_silu


def sparse_plus(x):
    """0 for x <= -1, (x + 1)^2 / 4 on (-1, 1), x for x >= 1: a smooth-ish relu."""
    jnp = _jnp()
    x = _weak_float(x)
    quad = jnp.square(x + 1) / 4
    return jnp.where(x <= -1, jnp.zeros_like(x), jnp.where(x >= 1, x, quad))


def sparse_sigmoid(x):
    """The derivative of sparse_plus: 0, (x + 1) / 2, 1."""
    return 0.5 * _jnp().clip(_weak_float(x) + 1.0, 0.0, 2.0)  # slope 1/4 at the kinks, as JAX


def identity(x):
    """x itself (as an Array)."""
    return to_array(x)


# ---------------------------------------------------------------------------------------------
# Smooth activations


def sigmoid(x):
    """1 / (1 + exp(-x)); integer inputs raise TypeError, as lax.logistic does."""
    return lax.logistic(to_array(x))


def log_sigmoid(x):
    """-softplus(-x)."""
    return -softplus(-_inexact(x))


def softplus(x):
    """log(1 + exp(x)): x + log1p(exp(-x)) above 0, log1p(exp(x)) below; each branch sees only
    its own half-line, so no overflow reaches a value or a derivative (sigmoid(x), 1/2 at 0)."""
    jnp = _jnp()
    x = _inexact(x)
    pos = x > 0
    xp = jnp.where(pos, x, jnp.zeros_like(x))
    xn = jnp.where(pos, jnp.zeros_like(x), x)
    return jnp.where(pos, xp + jnp.log1p(jnp.exp(-xp)), jnp.log1p(jnp.exp(xn)))


def soft_sign(x):
    jnp = _jnp()
    x = _inexact(x)
    return x / (jnp.abs(x) + 1)


def silu(x):
    """x * sigmoid(x) (swish); integer inputs raise TypeError, as in JAX."""
    x = to_array(x)
    return x * sigmoid(x)


swish = silu


def mish(x):
    """x * tanh(softplus(x))."""
    jnp = _jnp()
    x = _inexact(x)
    return x * jnp.tanh(softplus(x))


def tanh(x, /):
    return _jnp().tanh(x)


def squareplus(x, b=4):
    """(x + sqrt(x^2 + b)) / 2."""
    jnp = _jnp()
    x, b = promote_args_inexact("squareplus", x, b)
    return (x + jnp.sqrt(jnp.square(x) + b)) / 2


def log1mexp(x):
    """log(1 - exp(-x)) for x > 0: log(-expm1(-x)) below log 2, log1p(-exp(-x)) above (the
    accurate branch for each); nan for x < 0, -inf at 0."""
    jnp = _jnp()
    x = _inexact(x)
    small = x < math.log(2)
    x_big = jnp.where(small, jnp.ones_like(x), x)  # keeps the unused branch finite at 0
    return jnp.where(small, jnp.log(-jnp.expm1(-x)), jnp.log1p(-jnp.exp(-x_big)))


def gelu(x, approximate=True):
    """Gaussian error linear unit: x Phi(x), by default with the tanh approximation. The result
    is never weakly typed (JAX builds typed constants)."""
    jnp = _jnp()
    x = _inexact(x)
    if x.weak_type:
        x = to_array(x, x.dtype, False)
    if approximate:
        c = math.sqrt(2 / math.pi)  # (JAX's form and order: x * (0.5 * (1 + tanh(...))))
        return x * (0.5 * (1 + jnp.tanh(c * (x + 0.044715 * (x ** 3)))))
    return 0.5 * x * lax.erfc(-x * (1 / math.sqrt(2)))


def elu(x, alpha=1.0):
    """x for x > 0, alpha (e^x - 1) otherwise (the exponential sees only non-positive x)."""
    jnp = _jnp()
    x = _weak_float(x)
    safe = jnp.where(x > 0, jnp.zeros_like(x), x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(safe))


def celu(x, alpha=1.0):
    """max(x, 0) + alpha (exp(min(x, 0) / alpha) - 1)."""
    jnp = _jnp()
    x = _weak_float(x)
    return jnp.maximum(x, 0.0) + alpha * jnp.expm1(jnp.minimum(x, 0.0) / alpha)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


def glu(x, axis=-1):
    """Gated linear unit: first half of `axis` times sigmoid of the second half."""
    jnp = _jnp()
    x = to_array(x)
    if x.ndim == 0:
        raise IndexError("tuple index out of range")
    size = x.shape[axis]
    if size % 2:
        raise AssertionError("axis size must be divisible by 2")
    a, b = jnp.split(x, 2, axis)
    return a * sigmoid(b)


# ---------------------------------------------------------------------------------------------
# Normalizations over axes


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    """log(sum(b * exp(a))) over `axis`, shifted by the (gradient-stopped) max so nothing
    overflows. A negative total is nan unless `return_sign`, which gives (log|total|, sign);
    an empty or fully masked reduction gives -inf (sign 0)."""
    jnp = _jnp()
    from .. import lax as public_lax

    if b is not None:
        a, b = promote_args_inexact("logsumexp", a, b)
    else:
        a = _inexact(a)
    axes = canonicalize_axes(axis, a.ndim)
    # JAX's order of operations (so staged programs print alike): the max without kept dims,
    # made 0 where not finite and gradient-stopped, put back to a's rank for the shift.
    if any(a.shape[ax] == 0 for ax in axes):
        amax = jnp.sum(a, axis=axes, keepdims=keepdims)  # zeros of the reduced shape
    else:
        amax = jnp.max(a, axis=axes, keepdims=keepdims, where=where, initial=-np.inf)
    finite = jnp.isfinite(amax)
    zero = lax.convert_element_type(0, amax.dtype, amax.weak_type)
    if amax.ndim:
        zero = jnp.zeros_like(amax)
    amax = public_lax.stop_gradient(lax.select(finite, amax, zero))
    shift = amax if keepdims else public_lax.expand_dims(amax, axes)
    e = jnp.exp(a - shift)
    if b is not None:
        e = e * b
    s = jnp.sum(e, axis=axes, keepdims=keepdims, where=where)
    sign = jnp.sign(s)
    if return_sign or not dtypes.is_complex(s.dtype):
        s = jnp.abs(s)
    out = jnp.log(s) + amax
    if return_sign:
        return out, sign
    if b is not None:
        out = jnp.where(sign < 0, jnp.full_like(out, np.nan), out)
    return out


def logmeanexp(x, axis=None, where=None, keepdims=False):
    """logsumexp(x) - log(count) over `axis` (count of `where`-selected entries; nan if none)."""
    jnp = _jnp()
    x = _inexact(x)
    axes = canonicalize_axes(axis, x.ndim)
    lse = logsumexp(x, axis=axes, keepdims=keepdims, where=where)
    if where is None:
        count = math.prod(x.shape[ax] for ax in axes)
        return lse - math.log(count) if count else lse - np.log(0.0)
    mask = jnp.broadcast_to(jnp.asarray(where), x.shape)
    count = jnp.sum(mask, axis=axes, keepdims=keepdims).astype(lse.dtype)
    return lse - jnp.log(count)


def _shift(x, axes, where):
    """The (gradient-stopped) max over `axes`; an infinite max is kept (softmax([inf, 1]) is nan
    in JAX) except in rows that `where` masks out entirely, where it is 0."""
    from .. import lax as public_lax

    jnp = _jnp()
    m = jnp.max(x, axis=axes, keepdims=True, where=where, initial=-np.inf)
    if where is not None:
        m = jnp.where(jnp.isneginf(m), jnp.zeros_like(m), m)
    return public_lax.stop_gradient(m)


def softmax(x, axis=-1, where=None):
    """exp(x - max) normalized over `axis`; entries masked out by `where` (and rows that are
    entirely masked) are 0, as in JAX."""
    jnp = _jnp()
    x = _inexact(x)
    axes = canonicalize_axes(axis, x.ndim)
    e = jnp.exp(x - _shift(x, axes, where))
    if where is not None:
        e = jnp.where(where, e, jnp.zeros_like(e))
    total = jnp.sum(e, axis=axes, keepdims=True)
    if where is not None:
        total = jnp.where(total == 0, jnp.ones_like(total), total)
    return e / total


def log_softmax(x, axis=-1, where=None):
    """x - logsumexp(x) over `axis`; entries masked out by `where` are -inf."""
    jnp = _jnp()
    x = _inexact(x)
    axes = canonicalize_axes(axis, x.ndim)
    shifted = x - _shift(x, axes, where)
    e = jnp.exp(shifted)
    if where is not None:
        e = jnp.where(where, e, jnp.zeros_like(e))
    out = shifted - jnp.log(jnp.sum(e, axis=axes, keepdims=True))
    if where is not None:
        out = jnp.where(where, out, jnp.full_like(out, -np.inf))
    return out


def standardize(x, axis=-1, mean=None, variance=None, epsilon=1e-5, where=None):
    """(x - mean) / sqrt(variance + epsilon), statistics over `axis` by default."""
    jnp = _jnp()
    x = _inexact(x)
    if x.ndim == 0:
        raise IndexError("tuple index out of range")
    if mean is None:
        mean = jnp.mean(x, axis=axis, keepdims=True, where=where)
    if variance is None:
        # E[x^2] - E[x]^2, as JAX (one pass over x).
        variance = jnp.mean(jnp.square(x), axis=axis, keepdims=True, where=where) - jnp.square(
            mean)
    return (x - mean) * lax.rsqrt(_inexact(variance + epsilon))


def one_hot(x, num_classes, *, dtype=None, axis=-1):
    """x[..., None] == arange(num_classes) along `axis`, as `dtype` (default float); values
    outside [0, num_classes) give all-zero rows. `num_classes` must be concrete."""
    from .numpy.util import canonicalize_axis, concrete_shape

    if isinstance(num_classes, float):  # as JAX: operator.index's message
        raise TypeError("'float' object cannot be interpreted as an integer")
    (num_classes,) = concrete_shape((num_classes,), "num_classes")
    x = to_array(x)
    dtype = dtypes.canonicalize_dtype(dtype or dtypes.default_float_dtype())
    return _one_hot(x, num_classes, dtype, canonicalize_axis(axis, x.ndim + 1))


@jit_when_traced(static_argnames=("num_classes", "dtype", "axis"))
def _one_hot(x, num_classes, dtype, axis):
    # As JAX stages it: x with a size-1 axis at `axis` == an iota of size 1 elsewhere (lax
    # broadcasts the two), in x's own dtype when that is numeric.
    from .lax import structural as lax_struct

    lhs = lax_struct.expand_dims(x, (axis,))
    shape = [1] * (x.ndim + 1)
    shape[axis] = num_classes
    kind = x.dtype if dtypes.is_int(x.dtype) or dtypes.is_inexact(x.dtype) else None
    iota = lax_struct.broadcasted_iota(kind or dtypes.default_int_dtype(), shape, axis)
    if kind is None:
        iota = to_array(iota, x.dtype)
    return to_array(lax.eq(lhs, iota), dtype)


# ---------------------------------------------------------------------------------------------
# Attention


def _check_attention_arg(t, shape, dtype, name):
    if t is None:
        return
    if t.ndim != len(shape):
        raise ValueError(f"{name} ndim should be {len(shape)}, but got {t.ndim}")
    if dtype is not None and t.dtype != dtype:
        raise ValueError(f"{name} dtype should be {dtype}, but got {t.dtype}")
    if any(s != -1 and d != s for d, s in zip(t.shape, shape)):
        raise ValueError(f"{name} shape should be {shape}: but got {t.shape}")


def dot_product_attention(query, key, value, bias=None, mask=None, *, scale=None,
                          is_causal=False, query_seq_lengths=None, key_value_seq_lengths=None,
                          local_window_size=None, implementation=None, return_residual=False):
    """softmax(Q K^T * scale + bias, masked) V per head, with JAX's layout: query (B, T, N, H)
    or (T, N, H), key/value (B, S, K, H) with N a multiple of K (grouped-query attention: query
    head n reads key/value head n // (N / K)). Masked logits are set to -0.7 * the dtype's
    largest value (so a fully masked row averages uniformly, as JAX's XLA path); the softmax is
    taken in float32. `return_residual` also returns logsumexp of the logits, shape (B, T, N).
    `implementation` may be None or 'xla' ('cudnn' needs a GPU)."""
    jnp = _jnp()
    from .. import lax as public_lax

    if implementation == "cudnn":  # JAX's error on a machine without cuDNN
        raise RuntimeError("cuDNN is not detected.")
    if implementation not in (None, "xla"):
        raise ValueError(f"Unsupported implementation option: {implementation}")
    out_shape = jnp.asarray(query).shape

    def to4d(t):
        t = jnp.asarray(t)
        return jnp.reshape(t, (1,) * (4 - t.ndim) + t.shape) if t.ndim < 4 else t

    q, k, v = to4d(query), to4d(key), to4d(value)
    bias = None if bias is None else to4d(bias)
    mask = None if mask is None else to4d(mask)
    B, S, K, H = k.shape
    _check_attention_arg(v, [B, S, K, H], k.dtype, "value")
    _check_attention_arg(q, [B, -1, -1, H], k.dtype, "query")
    _check_attention_arg(mask, [-1] * 4, np.dtype(bool), "mask")
    _check_attention_arg(bias, [-1] * 4, None, "bias")
    q_len = None if query_seq_lengths is None else jnp.asarray(query_seq_lengths)
    kv_len = None if key_value_seq_lengths is None else jnp.asarray(key_value_seq_lengths)
    _check_attention_arg(q_len, [B], np.dtype("int32"), "query_seq_lengths")
    _check_attention_arg(kv_len, [B], np.dtype("int32"), "key_value_seq_lengths")
    T, N = q.shape[1], q.shape[2]
    if N % K:
        raise ValueError("The number of query heads must be a multiple of key/value heads, but "
                         f"got {N} vs {K}")
    scale = 1.0 / math.sqrt(H) if scale is None else scale
    if N != K:
        k, v = jnp.repeat(k, N // K, axis=2), jnp.repeat(v, N // K, axis=2)

    logits_dtype = jnp.promote_types(q.dtype, np.float32)
    logits = jnp.einsum("btnh,bsnh->bnts", q, k, preferred_element_type=logits_dtype)
    logits = logits * jnp.asarray(scale, logits.dtype)
    if bias is not None:
        logits = (logits + bias).astype(logits.dtype)
    keep = None
    if mask is not None:
        keep = mask
    t_idx = jnp.arange(T)[:, None]
    s_idx = jnp.arange(S)[None, :]
    if is_causal:
        keep = _and(keep, (s_idx <= t_idx)[None, None])
    if local_window_size is not None:
        left, right = ((local_window_size, local_window_size)
                       if isinstance(local_window_size, int) else local_window_size)
        window = (t_idx <= s_idx + left) & (t_idx >= s_idx - right)
        keep = _and(keep, window[None, None])
    if q_len is not None:
        keep = _and(keep, (jnp.arange(T)[None, :, None] < q_len[:, None, None])[:, None])
    if kv_len is not None:
        keep = _and(keep, (jnp.arange(S)[None, None, :] < kv_len[:, None, None])[:, None])
    if keep is not None:
        big = min(float(jnp.finfo(logits.dtype).max), float(np.finfo(np.float32).max))
        logits = jnp.where(keep, logits, jnp.asarray(-0.7 * big, logits.dtype))
    logits = logits.astype(np.float32)
    probs = softmax(logits, axis=-1).astype(k.dtype)
    out = jnp.einsum("bnts,bsnh->btnh", probs, v)
    if q_len is not None:
        out = out * (jnp.arange(T)[None, :] < q_len[:, None])[:, :, None, None].astype(out.dtype)
    out = jnp.reshape(out, out_shape)
    if return_residual:
        lse = jnp.transpose(logsumexp(logits, axis=-1).astype(k.dtype), (0, 2, 1))
        return out, public_lax.stop_gradient(jnp.reshape(lse, out_shape[:-1]))
    return out


def _and(a, b):
    return b if a is None else a & b


__all__ = [
    "celu", "dot_product_attention", "elu", "gelu", "glu", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "identity", "leaky_relu", "log1mexp", "log_sigmoid",
    "log_softmax", "logmeanexp", "logsumexp", "mish", "one_hot", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_sign", "softmax", "softplus", "sparse_plus", "sparse_sigmoid",
    "squareplus", "standardize", "swish", "tanh",
]


def _block_scaled(name):
    def unsupported(*args, **kwargs):
        raise NotImplementedError(
            f"jax.nn.{name}: block-scaled (MXFP8/NVFP4) matrix products are a cuDNN GPU "
            "feature; JAX on CPU does not lower them either.")

    unsupported.__name__ = name
    return unsupported


scaled_matmul = _block_scaled("scaled_matmul")
scaled_dot_general = _block_scaled("scaled_dot_general")
get_scaled_dot_general_config = _block_scaled("get_scaled_dot_general_config")
