"""jnp.unique as JAX 0.10.2 computes it: padding with `size`, NaNs, derivatives through the
values when the input is traced (eagerly under grad, or under jit with `size`)."""

from __future__ import annotations

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax.errors import ConcretizationTypeError

X = [3.0, 1.0, 1.0, np.nan, np.nan, 2.0]


def _eq(a, b):
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert np.asarray(a).dtype == np.asarray(b).dtype


def test_padding_as_jax():
    # Recorded from JAX 0.10.2.
    vals, index, inverse, counts = jnp.unique(jnp.array(X), size=6, return_index=True,
                                              return_inverse=True, return_counts=True)
    _eq(vals, np.array([1, 2, 3, np.nan, 1, 1], np.float32))
    _eq(index, np.array([1, 5, 0, 3, 1, 1], np.int32))
    _eq(inverse, np.array([2, 0, 0, 3, 3, 1], np.int32))
    _eq(counts, np.array([2, 1, 1, 2, 0, 0], np.int32))
    vals, index = jnp.unique(jnp.array(X), size=6, fill_value=9.0, return_index=True)
    _eq(vals, np.array([1, 2, 3, np.nan, 9, 9], np.float32))
    _eq(jnp.unique(jnp.array(X), equal_nan=False),
        np.array([1, 2, 3, np.nan, np.nan], np.float32))


@pytest.mark.parametrize("kwargs", [{}, {"size": 6}, {"size": 2}, {"equal_nan": False},
                                    {"size": 6, "fill_value": -1.0}])
def test_traced_equals_eager(kwargs):
    x = jnp.array(X)
    flags = {"return_index": True, "return_inverse": True, "return_counts": True}
    eager = jnp.unique(x, **flags, **kwargs)
    traced = jax.jvp(lambda v: jnp.unique(v, **flags, **kwargs), (x,), (jnp.ones(6),))[0]
    for a, b in zip(eager, traced, strict=True):
        _eq(a, b)


def test_gradient_flows_through_values():
    x = jnp.array([1.0, 2.0, 2.0, 5.0])
    expected = np.array([1, 1, 0, 1], np.float32)  # each value's first copy, as JAX
    _eq(jax.grad(lambda v: jnp.unique(v).sum())(x), expected)
    _eq(jax.grad(lambda v: jnp.unique(v, size=3, fill_value=0.0).sum())(x), expected)
    _eq(jax.jit(jax.grad(lambda v: jnp.unique(v, size=3).sum()))(x), expected)


def test_traced_without_size_is_refused():
    with pytest.raises(ConcretizationTypeError, match="size argument of jnp.unique"):
        jax.jit(jnp.unique)(jnp.array([1.0, 2.0]))


def test_axis():
    vals, counts = jnp.unique(jnp.array([[1, 2], [1, 2], [0, 5]]), axis=0, return_counts=True)
    _eq(vals, np.array([[0, 5], [1, 2]], np.int32))
    _eq(counts, np.array([1, 2], np.int32))
