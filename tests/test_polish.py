"""Regression tests for reported bugs (one section per report)."""

import warnings

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax

# ---------------------------------------------------------------------------------------------
# NumPy's RuntimeWarnings (divide by zero, invalid value, overflow) never reach users: JAX is
# silent and returns the IEEE values.


@pytest.fixture
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _special_values(x):
    return jnp.log(x), 1 / x, x / x, jnp.sqrt(x - 1), lax.integer_pow(x, -1), jnp.exp(x + 1e4)


@pytest.mark.usefixtures("warnings_are_errors")
@pytest.mark.parametrize("transform", [lambda f: f, jax.jit], ids=["eager", "jit"])
def test_no_numpy_float_warnings(transform):
    for x in (jnp.asarray(0.0), jnp.zeros(3)):
        log0, inv0, nan0, sqrt_neg, pow_neg, big = transform(_special_values)(x)
        np.testing.assert_array_equal(log0, np.full(np.shape(x), -np.inf))
        np.testing.assert_array_equal(inv0, np.full(np.shape(x), np.inf))
        assert np.isnan(nan0).all() and np.isnan(sqrt_neg).all()
        np.testing.assert_array_equal(pow_neg, np.full(np.shape(x), np.inf))
        np.testing.assert_array_equal(big, np.full(np.shape(x), np.inf))


@pytest.mark.usefixtures("warnings_are_errors")
def test_no_warnings_from_poisson_under_jit():
    key = jax.random.key(0)
    sample = jax.jit(lambda k: jax.random.poisson(k, 3.0, (50,)))(key)
    np.testing.assert_array_equal(sample, jax.random.poisson(key, 3.0, (50,)))
    assert 1.5 < float(np.mean(sample)) < 4.5


# ---------------------------------------------------------------------------------------------
# dot_general: direct np.dot/np.matmul for the common patterns (jit and eager agree exactly);
# empty batch dimensions.

_DOT_CASES = [
    ((3, 4), (4, 5), (((1,), (0,)), ((), ()))),
    ((4, 3), (4, 5), (((0,), (0,)), ((), ()))),
    ((3, 4), (5, 4), (((1,), (1,)), ((), ()))),
    ((4, 3), (5, 4), (((0,), (1,)), ((), ()))),
    ((4,), (4, 5), (((0,), (0,)), ((), ()))),
    ((3, 4), (4,), (((1,), (0,)), ((), ()))),
    ((4,), (4,), (((0,), (0,)), ((), ()))),
    ((2, 3, 4), (2, 4, 5), (((2,), (1,)), ((0,), (0,)))),
    ((2, 3, 4), (2, 5, 4), (((2,), (2,)), ((0,), (0,)))),
]


@pytest.mark.parametrize("xs,ys,dn", _DOT_CASES)
def test_dot_general_forms_match_reference_and_jit(xs, ys, dn):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=xs).astype(np.float32), rng.normal(size=ys).astype(np.float32)
    (lc, rc), (lb, _) = dn
    xb, yb = x.astype(np.float64), y.astype(np.float64)
    if lb:
        ref = np.stack([np.tensordot(xb[i], yb[i], ([lc[0] - 1], [rc[0] - 1]))
                        for i in range(xs[0])])
    else:
        ref = np.tensordot(xb, yb, (lc, rc))
    eager = lax.dot_general(x, y, dn)
    jitted = jax.jit(lambda a, b: lax.dot_general(a, b, dn))(x, y)
    assert eager.shape == ref.shape and eager.dtype == np.float32
    np.testing.assert_allclose(eager, ref, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(jitted, eager)


def test_dot_general_empty_batch():
    dn = (((2,), (1,)), ((0,), (0,)))
    x, y = np.zeros((0, 3, 3), np.float32), np.zeros((0, 3, 1), np.float32)
    assert lax.dot_general(x, y, dn).shape == (0, 3, 1)
    assert jax.jit(lambda a, b: lax.dot_general(a, b, dn))(x, y).shape == (0, 3, 1)
    assert lax.dot_general(np.zeros((2, 0, 3)), np.zeros((2, 3, 4)), dn).shape == (2, 0, 4)


def test_matmul_jit_emits_numpy_matmul():
    text = jax.jit(lambda a, b: a @ b).lower(jnp.ones((2, 3)), jnp.ones((3, 4))).as_text()
    assert "tensordot" not in text and ("np.dot(" in text or "np.matmul(" in text)


# ---------------------------------------------------------------------------------------------
# max/min of empty arrays: the `initial` value (recorded from JAX 0.10.2); lax gives identities


@pytest.mark.parametrize("transform", [lambda f: f, jax.jit], ids=["eager", "jit"])
def test_max_min_empty_with_initial(transform):
    out = transform(lambda x: jnp.max(x, initial=0.0))(np.zeros(0, np.float32))
    assert out.dtype == np.float32 and not out.weak_type and float(out) == 0.0
    out = transform(lambda x: jnp.min(x, axis=0, initial=1.0))(np.zeros((0, 2), np.float32))
    np.testing.assert_array_equal(out, [1.0, 1.0])
    out = transform(lambda x: jnp.max(x, where=np.zeros(0, bool), initial=2.0))(np.zeros(0))
    assert float(out) == 2.0
    out = transform(lambda x: jnp.max(x, initial=3))(np.zeros(0, np.int32))
    assert out.dtype == np.int32 and int(out) == 3
    with pytest.raises(ValueError, match="zero-size array"):
        jnp.max(np.zeros(0))


def test_lax_reduce_max_min_empty_give_identity():
    assert float(lax.reduce_max(jnp.zeros(0), (0,))) == -np.inf
    assert int(lax.reduce_min(jnp.zeros(0, jnp.int32), (0,))) == np.iinfo(np.int32).max
    assert not bool(lax.reduce_max(jnp.zeros(0, bool), (0,)))
    out = jax.jit(lambda x: lax.reduce_min(x, (1,)))(jnp.zeros((2, 0)))
    np.testing.assert_array_equal(out, [np.inf, np.inf])


# ---------------------------------------------------------------------------------------------
# logaddexp's derivative: softmax weights, 1/2 each at a tie (values recorded from JAX 0.10.2)

_INF = np.inf


@pytest.mark.parametrize("x,y,expected", [
    (1.0, 1.0, (0.5, 0.5)),
    (1.0, 2.0, (0.2689414, 0.73105854)),
    (_INF, 1.0, (1.0, 2.7182817)),
    (_INF, _INF, (1.0, 1.0)),
    (-_INF, 1.0, (0.0, 1.0)),
    (1.0, -_INF, (1.0, 0.0)),
    (-_INF, _INF, (0.0, 1.0)),
    (-_INF, -_INF, (np.nan, np.nan)),
    (np.nan, 1.0, (np.nan, np.nan)),
])
def test_logaddexp_grad(x, y, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for transform in (lambda f: f, jax.jit):
            got = transform(jax.grad(jnp.logaddexp, (0, 1)))(x, y)
            np.testing.assert_allclose(np.array(got), expected, rtol=1e-6)


def test_logaddexp2_grad_at_tie_and_value():
    np.testing.assert_allclose(np.array(jax.grad(jnp.logaddexp2, (0, 1))(1.0, 1.0)), [0.5, 0.5])
    np.testing.assert_allclose(np.array(jax.grad(jnp.logaddexp2, (0, 1))(1.0, 2.0)),
                               [1 / 3, 2 / 3], rtol=1e-6)
    np.testing.assert_allclose(jnp.logaddexp(jnp.ones(3), 2.0), np.logaddexp(1.0, 2.0),
                               rtol=1e-6)
    out = jax.vmap(jax.grad(jnp.logaddexp))(jnp.ones(3), jnp.ones(3))
    np.testing.assert_array_equal(out, [0.5, 0.5, 0.5])


# ---------------------------------------------------------------------------------------------
# full_like keeps the weak type of its model array when no dtype is given (as JAX 0.10.2)


def _dtype_weak(x):
    return x.dtype, x.weak_type


def test_full_like_weak_type():
    weak = jnp.asarray(1.0)
    assert _dtype_weak(jnp.full_like(weak, 2)) == (np.float32, True)
    assert _dtype_weak(jnp.full_like(weak, 2, dtype=jnp.float32)) == (np.float32, False)
    assert _dtype_weak(jnp.full_like(2.0, 3)) == (np.float32, True)
    assert _dtype_weak(jnp.full_like(jnp.ones(2), 3)) == (np.float32, False)
    out = jnp.full_like(1, 3.5)
    assert _dtype_weak(out) == (np.int32, True) and int(out) == 3
    out = jnp.full_like(weak, 2, shape=(2,))
    assert _dtype_weak(out) == (np.float32, True) and out.shape == (2,)
    assert _dtype_weak(jnp.zeros_like(1.0)) == (np.float32, True)
    assert _dtype_weak(jnp.ones_like(weak, shape=(2,))) == (np.float32, True)
    assert _dtype_weak(jnp.zeros_like(np.float32(1))) == (np.float32, False)
    with pytest.raises(ValueError, match="fewer dimensions"):
        jnp.full_like(weak, np.ones(2))


def test_full_like_staged():
    assert str(jax.make_jaxpr(lambda x: jnp.full_like(x, 2))(1.0)) == (
        "{ lambda ; a:f32[]. let  in (2.0:f32[],) }")
    assert str(jax.make_jaxpr(lambda x: jnp.full_like(x, x))(1.0)) == (
        "{ lambda ; a:f32[]. let  in (a,) }")
    out = jax.jit(lambda x: jnp.full_like(x, x * 2))(1.0)
    assert _dtype_weak(out) == (np.float32, True) and float(out) == 2.0


# ---------------------------------------------------------------------------------------------
# Boolean + and *: logical or / and, eagerly and under jit (as NumPy and JAX); - is refused


@pytest.mark.parametrize("transform", [lambda f: f, jax.jit], ids=["eager", "jit"])
def test_bool_add_mul(transform):
    a, b = np.array([True, True, False, False]), np.array([True, False, True, False])
    out = transform(lambda x, y: x + y)(a, b)
    assert out.dtype == np.bool_
    np.testing.assert_array_equal(out, a | b)
    np.testing.assert_array_equal(transform(lambda x, y: x * y)(a, b), a & b)
    assert bool(transform(lambda x, y: x + y)(True, False))
    with pytest.raises(TypeError, match="sub does not accept dtype bool"):
        transform(lambda x, y: x - y)(jnp.asarray(a), b)


def test_bool_add_staged_as_or():
    assert str(jax.make_jaxpr(lambda x, y: x + y)(True, False)) == (
        "{ lambda ; a:bool[] b:bool[]. let c:bool[] = or a b in (c,) }")


# ---------------------------------------------------------------------------------------------
# A jitted collective with no traced arguments inside a named vmap (values from JAX 0.10.2)


def test_jit_collective_without_arguments_under_named_vmap():
    ones = jnp.ones(3)
    out = jax.vmap(lambda x: jax.jit(lambda: lax.psum(1.0, "i"))() + x, axis_name="i")(ones)
    np.testing.assert_array_equal(out, [4.0, 4.0, 4.0])
    out = jax.vmap(lambda x: jax.jit(lambda y: lax.psum(y, "i"))(2.0) + x, axis_name="i")(ones)
    np.testing.assert_array_equal(out, [7.0, 7.0, 7.0])
    out = jax.vmap(lambda x: jax.jit(lambda: lax.axis_index("i"))() + x, axis_name="i")(ones)
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])
    with pytest.raises(NameError, match="unbound axis name"):
        jax.jit(lambda: lax.psum(1.0, "i"))()


# ---------------------------------------------------------------------------------------------
# Python scalars become literals of the promoted dtype (printing recorded from JAX 0.10.2)


def test_python_scalar_staged_as_promoted_literal():
    assert str(jax.make_jaxpr(lambda x: x * 2)(1.0)) == (
        "{ lambda ; a:f32[]. let b:f32[] = mul a 2.0:f32[] in (b,) }")
    assert str(jax.make_jaxpr(lambda x: x * 2)(1)) == (
        "{ lambda ; a:i32[]. let b:i32[] = mul a 2:i32[] in (b,) }")
    assert str(jax.make_jaxpr(lambda x: x + True)(1)) == (
        "{ lambda ; a:i32[]. let b:i32[] = add a 1:i32[] in (b,) }")
    expected = """{ lambda ; a:f32[]. let
    b:f32[] = integer_pow[y=3] a
    c:f32[] = integer_pow[y=2] a
    d:f32[] = mul 3.0:f32[] c
    _:f32[] = mul b 2.0:f32[]
    e:f32[] = mul 1.0:f32[] 2.0:f32[]
    f:f32[] = mul e d
  in (f,) }"""
    assert str(jax.make_jaxpr(jax.grad(lambda x: x ** 3 * 2.0))(1.0)) == expected


def test_python_scalar_promotion_values():
    out = jnp.ones(2, jnp.uint8) + (-1)  # wraps, as the conversion did before
    assert out.dtype == np.uint8
    np.testing.assert_array_equal(out, [0, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = jnp.ones(2, jnp.float16) + 1e10
    assert out.dtype == np.float16 and np.isinf(out).all()
    assert _dtype_weak(jnp.float32(1) * 2) == (np.float32, False)
    assert _dtype_weak(jnp.asarray(1.0) * 2) == (np.float32, True)
    assert _dtype_weak(jnp.add(True, 1)) == (np.int32, True)
    assert _dtype_weak(jnp.sin(2)) == (np.float32, True)
    assert _dtype_weak(jnp.ones(2, jnp.int32) * 2.5) == (np.float32, True)
