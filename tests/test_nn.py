"""numjax.nn against NumPy/SciPy formulas (values), JAX 0.10.2 (derivatives at kinks, dtypes,
errors: recorded below), central differences (gradients in float64) and Python loops / eager
runs (vmap, jit)."""

import math

import numpy as np
import pytest
import scipy.special as sc

import numjax
import numjax.numpy as jnp
from numjax import nn
from numjax._src import test_util as tu

INF, NAN = np.inf, np.nan
X = np.array([-30.0, -6.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 6.0, 30.0])


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


SELU_A, SELU_S = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
REFS = {  # name -> NumPy/SciPy reference
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "sigmoid": sc.expit,
    "softplus": lambda x: np.logaddexp(x, 0),
    "log_sigmoid": lambda x: -np.logaddexp(-x, 0),
    "soft_sign": lambda x: x / (np.abs(x) + 1),
    "silu": lambda x: x * sc.expit(x),
    "swish": lambda x: x * sc.expit(x),
    "mish": lambda x: x * np.tanh(np.logaddexp(x, 0)),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.01 * x),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "hard_sigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hard_swish": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))),
    "celu": lambda x: np.maximum(x, 0) + np.expm1(np.minimum(x, 0)),
    "selu": lambda x: SELU_S * np.where(x > 0, x, SELU_A * np.expm1(np.minimum(x, 0))),
    "gelu": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.clip(x + 1, 0, 2) / 2,
    "squareplus": lambda x: (x + np.sqrt(x * x + 4)) / 2,
    "identity": lambda x: x,
    "tanh": np.tanh,
}


@pytest.mark.parametrize("name", sorted(REFS))
def test_activation_values(name, x64):
    fn = getattr(nn, name)
    got = fn(X)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, REFS[name](X), rtol=1e-12, atol=1e-300)
    got32 = fn(X.astype(np.float32))
    assert got32.dtype == np.float32
    rtol = 1e-5 if name == "squareplus" else 2e-6  # x + sqrt(x^2 + 4) cancels for x << 0
    np.testing.assert_allclose(got32, REFS[name](X), rtol=rtol, atol=1e-7)


def test_gelu_exact_and_log1mexp(x64):
    np.testing.assert_allclose(nn.gelu(X, approximate=False), X * sc.ndtr(X), rtol=1e-12,
                               atol=1e-300)
    x = np.array([1e-8, 0.1, 0.69, 0.7, 3.0, 40.0])
    want = np.where(x < np.log(2), np.log(-np.expm1(-x)), np.log1p(-np.exp(-x)))
    np.testing.assert_allclose(nn.log1mexp(x), want, rtol=1e-13)


# Derivatives at the kinks, as JAX 0.10.2 defines them.
KINKS = {
    "relu": ([0.0], [0.0]),
    "relu6": ([0.0, 6.0], [0.0, 0.0]),
    "hard_tanh": ([-1.0, 1.0], [1.0, 1.0]),
    "hard_sigmoid": ([-3.0, 3.0], [0.0, 0.0]),
    "hard_silu": ([-3.0, 3.0], [0.0, 1.0]),
    "leaky_relu": ([0.0], [1.0]),
    "softplus": ([0.0], [0.5]),
    "log_sigmoid": ([0.0], [0.5]),
    "sparse_sigmoid": ([-1.0, 1.0], [0.25, 0.25]),
    "sparse_plus": ([-1.0, 1.0], [0.0, 1.0]),
    "elu": ([0.0], [1.0]),
    "log1mexp": ([0.0], [INF]),
}


@pytest.mark.parametrize("name", sorted(KINKS))
def test_derivatives_at_kinks_as_jax(name):
    xs, want = KINKS[name]
    fn = getattr(nn, name)
    got = [float(numjax.grad(fn)(np.float32(x))) for x in xs]
    np.testing.assert_array_equal(got, want)


SMOOTH = ["sigmoid", "softplus", "log_sigmoid", "soft_sign", "silu", "mish", "elu", "celu",
          "selu", "gelu", "squareplus", "tanh", "log1mexp"]


@pytest.mark.parametrize("name", SMOOTH)
def test_gradients_float64(name, x64):
    x = np.array([-2.3, -0.7, 0.4, 1.9]) if name != "log1mexp" else np.array([0.3, 0.9, 4.0])
    tu.check_grads(getattr(nn, name), (x,), order=2, rtol=1e-6, atol=1e-8)


def test_nan_and_inf_as_jax():
    x = np.array([-INF, NAN, INF], np.float32)
    np.testing.assert_array_equal(nn.relu(x), [0.0, NAN, INF])
    np.testing.assert_array_equal(nn.relu6(x), [0.0, NAN, 6.0])
    np.testing.assert_array_equal(nn.sparse_sigmoid(x), [0.0, NAN, 1.0])
    assert np.isnan(nn.mish(np.float32(-INF)))  # -inf * 0, as JAX
    assert np.isnan(nn.log1mexp(np.float32(-1.0)))


def test_dtypes_as_jax():
    ints = np.arange(-2, 3)
    assert nn.relu(ints).dtype == np.int32
    assert nn.hard_tanh(ints).dtype == np.int32
    assert nn.relu(np.array([True, False])).dtype == np.int32
    for name in ("relu6", "leaky_relu", "hard_sigmoid", "hard_silu", "elu", "celu", "selu",
                 "sparse_plus", "sparse_sigmoid"):
        out = getattr(nn, name)(ints)
        assert out.dtype == np.float32 and out.weak_type, name
    for name in ("softplus", "soft_sign", "mish", "tanh", "squareplus", "log_sigmoid"):
        out = getattr(nn, name)(ints)
        assert out.dtype == np.float32 and not out.weak_type, name
    assert nn.relu(1.0).weak_type and not nn.gelu(1.0).weak_type
    for name in ("sigmoid", "silu", "glu"):
        with pytest.raises(TypeError, match="logistic does not accept dtype int32"):
            getattr(nn, name)(np.arange(4))


# ---------------------------------------------------------------------------------------------
# softmax family, standardize, glu, one_hot


M = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]], np.float32)
W = np.array([[True, False, True], [False, False, False]])


def test_softmax_and_log_softmax():
    np.testing.assert_allclose(nn.softmax(M), sc.softmax(M, axis=-1), rtol=1e-6)
    np.testing.assert_allclose(nn.softmax(M, axis=0), sc.softmax(M, axis=0), rtol=1e-6)
    np.testing.assert_allclose(nn.softmax(M, axis=None), sc.softmax(M), rtol=1e-6)
    np.testing.assert_allclose(nn.log_softmax(M), sc.log_softmax(M, axis=-1), rtol=1e-6)
    # Masked entries are 0 (softmax) / -inf (log_softmax); a fully masked row is all 0.
    got = nn.softmax(M, where=W)
    np.testing.assert_allclose(got, [[sc.expit(-2.0), 0.0, sc.expit(2.0)], [0, 0, 0]],
                               rtol=1e-6)
    got = nn.log_softmax(M, where=W)
    assert got[0, 1] == -INF and np.isfinite(got[0, 0])
    g = numjax.grad(lambda x: nn.softmax(x, where=W)[0, 0])(M)
    assert np.isfinite(np.asarray(g)).all() and np.all(np.asarray(g)[1] == 0)
    assert np.isnan(nn.softmax(np.array([INF, 1.0], np.float32))).all()  # as JAX
    with pytest.raises(TypeError):
        nn.softmax(M, initial=0.0)  # removed from JAX's signature


def test_softmax_gradients(x64):
    x = np.random.default_rng(0).standard_normal((2, 4))
    tu.check_grads(nn.softmax, (x,), order=2, rtol=1e-6)
    tu.check_grads(lambda x: nn.log_softmax(x, axis=0), (x,), order=2, rtol=1e-6)
    tu.check_grads(lambda x: nn.logmeanexp(x, axis=1), (x,), order=2, rtol=1e-6)
    tu.check_grads(nn.standardize, (x,), order=2, rtol=1e-6)


def test_logmeanexp():
    np.testing.assert_allclose(nn.logmeanexp(M), sc.logsumexp(M) - np.log(6), rtol=1e-6)
    np.testing.assert_allclose(nn.logmeanexp(M, axis=1, keepdims=True),
                               sc.logsumexp(M, axis=1, keepdims=True) - np.log(3), rtol=1e-6)
    got = nn.logmeanexp(M, axis=1, where=W)
    np.testing.assert_allclose(got[0], np.logaddexp(1.0, 3.0) - np.log(2), rtol=1e-6)
    assert np.isnan(got[1])  # no entries: -inf - log 0, as JAX


def test_standardize():
    x = np.random.default_rng(1).standard_normal((3, 4)).astype(np.float32)
    want = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(nn.standardize(x), want, rtol=1e-4, atol=1e-5)
    want0 = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5)
    np.testing.assert_allclose(nn.standardize(x, axis=0), want0, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(nn.standardize(x, mean=1.0, variance=4.0),
                               (x - 1) / np.sqrt(4 + 1e-5), rtol=1e-6)
    mask = np.array([[True, True, False, True]] * 3)
    xm = x[:, [0, 1, 3]]
    want = (x - xm.mean(-1, keepdims=True)) / np.sqrt(xm.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(nn.standardize(x, where=mask), want, rtol=1e-4, atol=1e-5)


def test_glu_and_one_hot():
    x = np.arange(8.0, dtype=np.float32).reshape(2, 4)
    np.testing.assert_allclose(nn.glu(x), x[:, :2] * sc.expit(x[:, 2:]), rtol=1e-6)
    np.testing.assert_allclose(nn.glu(x, axis=0), x[:1] * sc.expit(x[1:]), rtol=1e-6)
    with pytest.raises(AssertionError, match="divisible by 2"):
        nn.glu(np.ones(3, np.float32))
    np.testing.assert_array_equal(nn.one_hot(np.array([0, 2, 5, -1]), 4),
                                  np.eye(4, dtype=np.float32)[[0, 2]].tolist() + [[0] * 4] * 2)
    got = nn.one_hot(np.array([[0, 2], [1, 1]]), 3, axis=0, dtype=jnp.int32)
    assert got.dtype == np.int32 and got.shape == (3, 2, 2)
    np.testing.assert_array_equal(got[:, 0, 1], [0, 0, 1])
    with pytest.raises(TypeError):
        numjax.jit(nn.one_hot)(np.array([0, 1]), 2)  # num_classes must be static


def test_logsumexp_is_shared_with_scipy_special():
    from numjax.scipy import special

    assert special.logsumexp is nn.logsumexp


# ---------------------------------------------------------------------------------------------
# dot_product_attention

RNG = np.random.default_rng(2)
Q4 = RNG.standard_normal((2, 4, 2, 3)).astype(np.float32)
K4 = RNG.standard_normal((2, 5, 2, 3)).astype(np.float32)
V4 = RNG.standard_normal((2, 5, 2, 3)).astype(np.float32)


def _attention_ref(q, k, v, bias=None, keep=None, scale=None):
    """A per-head loop in float64."""
    B, T, N, H = q.shape
    S, K = k.shape[1], k.shape[2]
    scale = 1 / math.sqrt(H) if scale is None else scale
    out = np.zeros((B, T, N, H))
    for b in range(B):
        for n in range(N):
            kv = n // (N // K)
            logits = q[b, :, n] @ k[b, :, kv].T * scale
            if bias is not None:
                logits = logits + np.broadcast_to(bias, (B, N, T, S))[b, n]
            if keep is not None:
                kp = np.broadcast_to(keep, (B, N, T, S))[b, n]
                logits = np.where(kp, logits, -0.7 * np.finfo(np.float32).max)
            out[b, :, n] = sc.softmax(logits, axis=-1) @ v[b, :, kv]
    return out


def test_dot_product_attention_vs_loop():
    np.testing.assert_allclose(nn.dot_product_attention(Q4, K4, V4), _attention_ref(Q4, K4, V4),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(nn.dot_product_attention(Q4, K4, V4, scale=0.3),
                               _attention_ref(Q4, K4, V4, scale=0.3), rtol=1e-5, atol=1e-6)
    bias = RNG.standard_normal((1, 1, 4, 5)).astype(np.float32)
    np.testing.assert_allclose(nn.dot_product_attention(Q4, K4, V4, bias=bias),
                               _attention_ref(Q4, K4, V4, bias=bias), rtol=1e-5, atol=1e-6)
    mask = np.arange(20).reshape(1, 1, 4, 5) % 3 != 0
    np.testing.assert_allclose(nn.dot_product_attention(Q4, K4, V4, mask=mask),
                               _attention_ref(Q4, K4, V4, keep=mask), rtol=1e-5, atol=1e-6)
    causal = np.tril(np.ones((4, 4), bool))[None, None]
    np.testing.assert_allclose(
        nn.dot_product_attention(Q4, K4[:, :4], V4[:, :4], is_causal=True),
        _attention_ref(Q4, K4[:, :4], V4[:, :4], keep=causal), rtol=1e-5, atol=1e-6)
    # Grouped-query attention (one key/value head for two query heads) and 3-d inputs.
    np.testing.assert_allclose(nn.dot_product_attention(Q4, K4[:, :, :1], V4[:, :, :1]),
                               _attention_ref(Q4, K4[:, :, :1], V4[:, :, :1]), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(nn.dot_product_attention(Q4[0], K4[0], V4[0]),
                               _attention_ref(Q4[:1], K4[:1], V4[:1])[0], rtol=1e-5, atol=1e-6)


def test_dot_product_attention_lengths_window_and_errors():
    q_len, kv_len = np.array([3, 4], np.int32), np.array([5, 2], np.int32)
    got = nn.dot_product_attention(Q4, K4, V4, query_seq_lengths=q_len,
                                   key_value_seq_lengths=kv_len)
    keep = ((np.arange(4)[None, :, None] < q_len[:, None, None])
            & (np.arange(5)[None, None, :] < kv_len[:, None, None]))[:, None]
    want = _attention_ref(Q4, K4, V4, keep=keep)
    want[0, 3:] = 0  # query positions past the length are zeroed
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    t, s = np.arange(4)[:, None], np.arange(4)[None, :]
    window = ((t <= s + 1) & (t >= s - 1))[None, None]
    np.testing.assert_allclose(
        nn.dot_product_attention(Q4, K4[:, :4], V4[:, :4], local_window_size=1),
        _attention_ref(Q4, K4[:, :4], V4[:, :4], keep=window), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="multiple of key/value heads"):
        nn.dot_product_attention(Q4[:, :, :1], K4, V4)
    with pytest.raises(ValueError, match="value shape should be"):
        nn.dot_product_attention(Q4, K4, V4[:, :4])
    with pytest.raises(ValueError, match="mask dtype should be bool"):
        nn.dot_product_attention(Q4, K4, V4, mask=np.ones((1, 1, 4, 5), np.float32))


def test_dot_product_attention_transformations(x64):
    # The softmax runs in float32 even for float64 inputs (as JAX), hence the coarse eps.
    q, k, v = (a.astype(np.float64)[:1] for a in (Q4, K4, V4))
    tu.check_grads(nn.dot_product_attention, (q, k, v), order=1, eps=1e-3, rtol=2e-3, atol=1e-4)
    tu.check_vmap(nn.dot_product_attention, (Q4, K4, V4),
                  in_axes=(0, 0, 0), rtol=1e-6, atol=1e-6)
    tu.check_jit(lambda q: nn.dot_product_attention(q, K4[:, :4], V4[:, :4], is_causal=True),
                 (Q4,), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["relu", "gelu", "softplus", "hard_silu", "sparse_plus"])
def test_vmap_and_jit(name):
    fn = getattr(nn, name)
    x = X.astype(np.float32).reshape(1, -1).repeat(2, 0)
    tu.check_vmap(fn, (x,), in_axes=(0,), rtol=1e-6, atol=1e-7)
    tu.check_jit(fn, (x,), rtol=1e-6, atol=1e-7)


def test_names_match_jax_except_block_scaled_matmul():
    jax_nn = {
        "celu", "dot_product_attention", "elu", "gelu", "get_scaled_dot_general_config", "glu",
        "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "identity", "initializers",
        "leaky_relu", "log1mexp", "log_sigmoid", "log_softmax", "logmeanexp", "logsumexp", "mish",
        "one_hot", "relu", "relu6", "scaled_dot_general", "scaled_matmul", "selu", "sigmoid",
        "silu", "soft_sign", "softmax", "softplus", "sparse_plus", "sparse_sigmoid", "squareplus",
        "standardize", "swish", "tanh"
    }
    assert {n for n in dir(nn) if not n.startswith("_")} == jax_nn
    # block-scaled matmuls are cuDNN-only: JAX 0.10.2 on CPU raises NotImplementedError too
    for name in ("get_scaled_dot_general_config", "scaled_dot_general", "scaled_matmul"):
        with pytest.raises(NotImplementedError, match="block-scaled"):
            getattr(nn, name)("mxfp8")
