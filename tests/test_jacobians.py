"""jacfwd, jacrev and hessian against hand-derived Jacobians (regression: these paths crashed)."""

import numpy as np

import numjax as jax
import numjax.numpy as jnp


def test_jacfwd_and_jacrev_of_elementwise_square_are_diagonal():
    x = np.array([1.0, -2.0, 3.0], np.float32)
    expected = np.diag(2 * x)
    np.testing.assert_allclose(jax.jacfwd(lambda v: v ** 2)(jnp.asarray(x)), expected)
    np.testing.assert_allclose(jax.jacrev(lambda v: v ** 2)(jnp.asarray(x)), expected)


def test_jacobian_of_matrix_vector_product_is_the_matrix():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    x = jnp.ones(3)
    np.testing.assert_allclose(jax.jacfwd(lambda v: jnp.asarray(a) @ v)(x), a)
    np.testing.assert_allclose(jax.jacrev(lambda v: jnp.asarray(a) @ v)(x), a)


def test_hessian_of_sum_of_cubes():
    x = np.array([1.0, 2.0], np.float32)
    h = jax.hessian(lambda v: jnp.sum(v ** 3))(jnp.asarray(x))
    np.testing.assert_allclose(h, np.diag(6 * x))
