"""Property tests (hypothesis): broadcasting of jnp's binary functions under every
transformation. Operands of random broadcastable shapes (rank 0, size-1 axes, fewer axes)
must give NumPy's values eagerly and under jit, derivatives whose transposes agree (the
dot-product test <vjp(ct), t> == <ct, jvp(t)>) and have the operands' shapes, and vmap equal
to a Python loop."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import numjax as jax
import numjax.numpy as jnp

jax.config.update("jax_enable_x64", False)

DIFFERENTIABLE = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply,
    "true_divide": np.true_divide, "maximum": np.maximum, "arctan2": np.arctan2,
    "hypot": np.hypot, "logaddexp": np.logaddexp, "power": np.power,
}


@st.composite
def shape_pair(draw):
    """Two shapes that broadcast together: a common base, each keeping a suffix of it with
    some axes set to 1."""
    ndim = draw(st.integers(0, 3))
    base = draw(st.lists(st.integers(2, 4), min_size=ndim, max_size=ndim))
    pair = []
    for _ in range(2):
        keep = draw(st.integers(0, ndim))
        pair.append(tuple(1 if draw(st.booleans()) else d for d in base[ndim - keep:]))
    return pair


def _operands(shapes, seed):
    r = np.random.RandomState(seed)
    # positive and away from ties, so power, hypot and maximum are smooth where evaluated
    x = r.uniform(0.5, 1.5, shapes[0])
    y = r.uniform(1.6, 2.5, shapes[1])
    return x, y


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(DIFFERENTIABLE)), shapes=shape_pair(),
       seed=st.integers(0, 999))
def test_values_eager_and_jit(name, shapes, seed):
    x, y = (a.astype(np.float32) for a in _operands(shapes, seed))
    fn = getattr(jnp, name)
    expected = DIFFERENTIABLE[name](x, y)
    for got in (fn(x, y), jax.jit(fn)(x, y)):
        assert got.shape == expected.shape and got.dtype == np.float32
        np.testing.assert_allclose(np.asarray(got), expected, rtol=2e-6, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(DIFFERENTIABLE)), shapes=shape_pair(),
       seed=st.integers(0, 999))
def test_jvp_and_vjp_agree(name, shapes, seed):
    jax.config.update("jax_enable_x64", True)
    try:
        x, y = _operands(shapes, seed)
        fn = getattr(jnp, name)
        r = np.random.RandomState(seed + 1)
        tx, ty = r.randn(*x.shape), r.randn(*y.shape)
        out, t_out = jax.jvp(fn, (x, y), (tx, ty))
        ct = r.randn(*out.shape)
        _, pullback = jax.vjp(fn, x, y)
        cx, cy = pullback(ct)
        assert cx.shape == x.shape and cy.shape == y.shape
        lhs = np.sum(np.asarray(cx) * tx) + np.sum(np.asarray(cy) * ty)
        rhs = np.sum(ct * np.asarray(t_out))
        np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-9)
        # and the forward derivative matches central differences
        eps = 1e-6
        fd = (DIFFERENTIABLE[name](x + eps * tx, y + eps * ty)
              - DIFFERENTIABLE[name](x - eps * tx, y - eps * ty)) / (2 * eps)
        np.testing.assert_allclose(np.asarray(t_out), fd, rtol=1e-5, atol=1e-6)
    finally:
        jax.config.update("jax_enable_x64", False)


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(sorted(DIFFERENTIABLE)), shapes=shape_pair(),
       batch=st.integers(1, 3), which=st.sampled_from(["x", "y", "both"]),
       seed=st.integers(0, 999))
def test_vmap_equals_loop(name, shapes, batch, which, seed):
    x, y = (a.astype(np.float32) for a in _operands(shapes, seed))
    xs = np.stack([x * (1 + 0.1 * i) for i in range(batch)])
    ys = np.stack([y * (1 + 0.1 * i) for i in range(batch)])
    args = (xs if which != "y" else x, ys if which != "x" else y)
    in_axes = (0 if which != "y" else None, 0 if which != "x" else None)
    fn = getattr(jnp, name)
    got = jax.vmap(fn, in_axes)(*args)
    expected = np.stack([
        np.asarray(fn(args[0][i] if in_axes[0] == 0 else args[0],
                      args[1][i] if in_axes[1] == 0 else args[1]))
        for i in range(batch)])
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-6)
    # per-example gradients: one per example for both operands, batched or not
    grads = jax.vmap(jax.grad(lambda a, b: fn(a, b).sum(), (0, 1)), in_axes)(*args)
    assert grads[0].shape == (batch, *x.shape) and grads[1].shape == (batch, *y.shape)
    loop = [jax.grad(lambda a, b: fn(a, b).sum(), (0, 1))(
        args[0][i] if in_axes[0] == 0 else args[0], args[1][i] if in_axes[1] == 0 else args[1])
        for i in range(batch)]
    for k in range(2):
        np.testing.assert_allclose(np.asarray(grads[k]), np.stack([g[k] for g in loop]),
                                   rtol=1e-6, atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(shapes=shape_pair(), seed=st.integers(0, 999))
def test_where_broadcasts_three_ways(shapes, seed):
    x, y = _operands(shapes, seed)
    cond = np.random.RandomState(seed).rand(*np.broadcast_shapes(*shapes)) > 0.5
    expected = np.where(cond, x, y).astype(np.float32)
    got = jnp.where(cond, x.astype(np.float32), y.astype(np.float32))
    np.testing.assert_array_equal(np.asarray(got), expected)
    g = jax.grad(lambda a: jnp.where(cond, a, y.astype(np.float32)).sum())(x.astype(np.float32))
    np.testing.assert_allclose(np.asarray(g), _sum_to(np.broadcast_to(cond, expected.shape)
                                                      .astype(np.float32), x.shape))


def _sum_to(a, shape):
    """`a` summed over the axes that broadcasting added to or expanded in `shape`."""
    a = a.sum(axis=tuple(range(a.ndim - len(shape))))
    return a.sum(axis=tuple(i for i, d in enumerate(shape) if d == 1), keepdims=True)


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=0, max_size=3), data=st.data())
def test_reductions_axis_keepdims(shape, data):
    x = np.asarray(np.random.RandomState(len(shape)).randn(*shape), np.float32)
    ndim = len(shape)
    axis = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1) if ndim else st.none(),
                               st.sets(st.integers(0, max(ndim - 1, 0)), max_size=ndim)
                               .map(tuple) if ndim else st.none()))
    keepdims = data.draw(st.booleans())
    for name in ("sum", "mean", "max", "min", "prod", "var"):
        got = getattr(jnp, name)(x, axis=axis, keepdims=keepdims)
        expected = getattr(np, name)(x, axis=axis, keepdims=keepdims)
        assert got.shape == np.shape(expected), name
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-5)
