"""lax control flow: cond, switch, scan, fori_loop, while_loop, map, associative_scan.

Each construct against a Python-loop (NumPy) reference under eager, jit, jvp, grad and vmap,
and their compositions; dtypes, weak types, error messages and printed jaxprs against what
real JAX 0.10.2 gave (recorded below); the article's training loop as one jitted fori_loop;
reverse mode through a 100-step tanh RNN against hand-written backpropagation in NumPy.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax import lax
from numjax._src import test_util as tu

HERE = Path(__file__).parent


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


def _rng(seed=0):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------
# scan


def _rnn_like(w, xs, c0):
    """A scan with a pytree carry (a float pair and an int counter), pytree xs and ys."""

    def body(carry, x):
        i, (a, b) = carry
        a = jnp.sin(a * w) + x["u"] * b
        b = b * 0.5 + jnp.tanh(a).sum()
        return (i + 1, (a, b)), {"prod": a * x["v"], "count": i}

    return lax.scan(body, (0, (c0, 1.0)), xs)


def _rnn_like_ref(w, xs, c0):
    a, b, ys = np.asarray(c0, np.float64), 1.0, []
    for i, (u, v) in enumerate(zip(xs["u"], xs["v"])):
        a = np.sin(a * w) + u * b
        b = b * 0.5 + np.tanh(a).sum()
        ys.append((a * v, i))
    return (len(ys), (a, b)), {
        "prod": np.stack([y[0] for y in ys]),
        "count": np.array([y[1] for y in ys]),
    }


def _scan_args(dtype=np.float32):
    rng = _rng()
    xs = {
        "u": rng.uniform(-1, 1, (5, 3)).astype(dtype),
        "v": rng.uniform(-1, 1, (5, 3)).astype(dtype),
    }
    return np.asarray(0.7, dtype), xs, rng.uniform(-1, 1, 3).astype(dtype)


def test_scan_pytrees_match_python_loop():
    w, xs, c0 = _scan_args()
    expected = _rnn_like_ref(w, xs, c0)
    for fn in (_rnn_like, numjax.jit(_rnn_like)):
        out = fn(w, xs, c0)
        tu.assert_trees_close(out, expected, rtol=1e-5, atol=1e-6, check_dtypes=False)
        assert out[1]["count"].dtype == np.int32 and out[0][0].dtype == np.int32


def test_scan_reverse_and_no_xs():
    c, ys = lax.scan(lambda c, x: (c * 2 + x, c), 1.0, jnp.arange(4.0), reverse=True)
    assert float(c) == 50.0 and np.asarray(ys).tolist() == [25.0, 12.0, 5.0, 1.0]
    c, ys = lax.scan(lambda c, _: (c * 3, None), 1.0, None, length=4)
    assert float(c) == 81.0 and ys is None
    c, ys = lax.scan(lambda c, x: (c + x.sum(), x * 2), 2.0, jnp.zeros((0, 2)))
    assert float(c) == 2.0 and ys.shape == (0, 2)


def test_scan_derivatives_against_finite_differences(x64):
    w, xs, c0 = _scan_args(np.float64)

    def f(w, u, c0):
        (_, (a, b)), ys = _rnn_like(w, {"u": u, "v": xs["v"]}, c0)
        return a.sum() + b + ys["prod"].sum()

    args = [w, xs["u"], c0]
    tu.check_jvp(f, args, rtol=1e-6, atol=1e-7)
    tu.check_vjp(f, args, rtol=1e-6, atol=1e-7)
    tu.check_grads(f, args, order=2, rtol=1e-5, atol=1e-6)


def test_scan_vmap_against_loop():
    w, xs, c0 = _scan_args()
    ws = np.asarray([0.7, -0.4, 1.3], np.float32)
    u = np.stack([xs["u"], -xs["u"], 2 * xs["u"]])

    def f(w, u, c0):
        return _rnn_like(w, {"u": u, "v": xs["v"]}, c0)

    for in_axes, args in (
        ((0, None, None), (ws, xs["u"], c0)),
        ((None, 0, None), (w, u, c0)),
        ((0, 0, None), (ws, u, c0)),
        ((None, 1, None), (w, np.moveaxis(u, 0, 1), c0)),
    ):
        tu.check_vmap(f, list(args), in_axes, rtol=1e-5, atol=1e-6)


def test_scan_compositions():
    w, xs, c0 = _scan_args()

    def loss(w, c0):
        (_, (a, b)), ys = _rnn_like(w, xs, c0)
        return jnp.sum(a) + b + jnp.sum(ys["prod"])

    def loss_ref(w, c0):
        (_, (a, b)), ys = _rnn_like_ref(w, xs, c0)
        return a.sum() + b + ys["prod"].sum()

    eps = 1e-4
    g_fd = (loss_ref(float(w) + eps, c0) - loss_ref(float(w) - eps, c0)) / (2 * eps)
    g = numjax.grad(loss)(w, c0)
    np.testing.assert_allclose(g, g_fd, rtol=1e-3)
    np.testing.assert_allclose(numjax.jit(numjax.grad(loss))(w, c0), g, rtol=1e-6)
    # grad of vmap: the sum over the batch of per-example gradients.
    ws = jnp.array([0.7, -0.4])
    g_batch = numjax.grad(lambda ws: numjax.vmap(loss, (0, None))(ws, c0).sum())(ws)
    np.testing.assert_allclose(g_batch, [numjax.grad(loss)(v, c0) for v in ws], rtol=1e-5)
    # vmap of grad, and second order (grad of grad) against differences of gradients.
    np.testing.assert_allclose(
        numjax.vmap(numjax.grad(loss), (0, None))(ws, c0), g_batch, rtol=1e-6
    )
    h = numjax.grad(numjax.grad(loss))(w, c0)
    h_fd = (numjax.grad(loss)(w + 1e-2, c0) - numjax.grad(loss)(w - 1e-2, c0)) / 2e-2
    np.testing.assert_allclose(h, h_fd, rtol=2e-2)


def test_scan_closes_over_traced_values():
    """Tracers of enclosing transformations captured by the body become scan operands."""

    def f(w):
        return lax.scan(lambda c, x: (c * w + x, c * w), 1.0, jnp.arange(3.0))[1].sum()

    def ref(w):
        c, tot = 1.0, 0.0
        for x in range(3):
            tot, c = tot + c * w, c * w + x
        return tot

    np.testing.assert_allclose(
        numjax.grad(f)(1.5), (ref(1.5 + 1e-3) - ref(1.5 - 1e-3)) / 2e-3, rtol=1e-3
    )
    np.testing.assert_allclose(numjax.vmap(f)(jnp.array([1.5, 2.0])), [ref(1.5), ref(2.0)])
    np.testing.assert_allclose(
        numjax.jit(numjax.vmap(numjax.grad(f)))(jnp.array([1.5, 2.0])),
        [numjax.grad(f)(1.5), numjax.grad(f)(2.0)],
        rtol=1e-6,
    )


def test_loop_invariant_residuals_are_computed_once_not_stacked(x64):
    """A residual that depends only on loop constants (here exp(w)) is not stored per step."""
    w = 0.1 * _rng().standard_normal((3, 3))

    def f(w):
        return lax.scan(
            lambda c, _: (jnp.tanh(c @ jnp.exp(w)), None), jnp.ones(3), None, length=50
        )[0].sum()

    jaxpr = numjax.make_jaxpr(numjax.grad(f))(w)
    scans = [e for e in jaxpr.eqns if e.primitive.name == "scan"]
    assert len(scans) == 2 and all(v.aval.shape != (50, 3, 3) for v in scans[0].outvars)
    tu.check_vjp(f, [w], rtol=1e-6, atol=1e-7)


def test_residuals_that_are_outputs_or_inputs_are_not_stored_again(x64):
    """The residuals of d(sin(c) * x) are cos(c), x and sin(c): x is the scanned input and
    sin(c) the stacked output, so the forward scan stores only cos(c) besides its outputs."""
    xs = _rng().uniform(-1, 1, (6, 3))

    def step(c, x):
        s = jnp.sin(c)
        return s * x, s

    def f(c0, xs):
        c, ys = lax.scan(step, c0, xs)
        return c.sum() + (ys**2).sum()

    jaxpr = numjax.make_jaxpr(numjax.grad(f, (0, 1)))(np.ones(3), xs)
    forward = next(e for e in jaxpr.eqns if e.primitive.name == "scan")
    assert [v.aval.shape for v in forward.outvars] == [(3,), (6, 3), (6, 3)]
    tu.check_vjp(f, [np.ones(3), xs], rtol=1e-6, atol=1e-7)


def test_grad_of_jitted_control_flow():
    """grad(jit(f)) splits the jit's jaxpr by partial evaluation, scan and cond included."""

    def f(w):
        c, ys = lax.scan(lambda c, x: (jnp.sin(c * w) + x, c), 0.5, jnp.arange(4.0))
        return lax.cond(c > 0, lambda: c * w, lambda: -c) + ys.sum()

    def ref(w):
        c, tot = 0.5, 0.0
        for x in range(4):
            tot, c = tot + c, np.sin(c * w) + x
        return (c * w if c > 0 else -c) + tot

    for w in (0.7, -1.3):
        fd = (ref(w + 1e-3) - ref(w - 1e-3)) / 2e-3
        np.testing.assert_allclose(numjax.grad(numjax.jit(f))(w), fd, rtol=2e-3)
        np.testing.assert_allclose(numjax.grad(f)(w), fd, rtol=2e-3)


def test_jit_of_scan_traces_once():
    f = numjax.jit(lambda x: lax.scan(lambda c, x: (c + x, c), 0.0, x))
    f(jnp.ones(3))
    f(jnp.zeros(3))
    assert f.trace_count == 1


def test_rnn_grad_through_100_step_scan_matches_numpy_backprop():
    hidden, steps, d_in = 32, 100, 4
    rng = _rng(1)
    W = (rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)).astype(np.float32)
    U = (rng.standard_normal((d_in, hidden)) / np.sqrt(d_in)).astype(np.float32)
    b = (0.1 * rng.standard_normal(hidden)).astype(np.float32)
    xs = rng.standard_normal((steps, d_in)).astype(np.float32)

    def loss(params, xs):
        W, U, b = params

        def step(h, x):
            h = jnp.tanh(h @ W + x @ U + b)
            return h, h

        h, hs = lax.scan(step, jnp.zeros(hidden), xs)
        return jnp.sum(hs**2) + jnp.sum(h)

    grads = numjax.jit(numjax.grad(loss))((W, U, b), xs)
    # Backpropagation through time, by hand, in float64.
    W64, U64, b64, x64_ = (a.astype(np.float64) for a in (W, U, b, xs))
    hs = [np.zeros(hidden)]
    for x in x64_:
        hs.append(np.tanh(hs[-1] @ W64 + x @ U64 + b64))
    gW, gU, gb = np.zeros_like(W64), np.zeros_like(U64), np.zeros_like(b64)
    g_next = np.ones(hidden)  # d loss / d h_T from the sum(h) term
    for t in range(steps, 0, -1):
        g = g_next + 2 * hs[t]
        da = g * (1 - hs[t] ** 2)
        gW += np.outer(hs[t - 1], da)
        gU += np.outer(x64_[t - 1], da)
        gb += da
        g_next = da @ W64.T
    for got, want in zip(grads, (gW, gU, gb)):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-4)


# ---------------------------------------------------------------------------------------------
# fori_loop and while_loop


def _poly_fori(x, y):
    return lax.fori_loop(0, 5, lambda i, c: c * x + i, y)


def _poly_ref(x, y):
    c = y
    for i in range(5):
        c = c * x + i
    return c


def test_fori_loop_static_bounds_is_a_scan_and_differentiates():
    jaxpr = str(numjax.make_jaxpr(_poly_fori)(1.1, 1.0))
    assert "scan[" in jaxpr and "while[" not in jaxpr
    xs = jnp.array([1.1, 0.5, -0.7])
    np.testing.assert_allclose(
        numjax.vmap(_poly_fori, (0, None))(xs, 1.0),
        [_poly_ref(float(x), 1.0) for x in xs],
        rtol=1e-6,
    )
    # vmap of grad and jit of grad against central differences of the reference.
    fd = [(_poly_ref(float(x) + 1e-4, 1.0) - _poly_ref(float(x) - 1e-4, 1.0)) / 2e-4 for x in xs]
    np.testing.assert_allclose(
        numjax.vmap(numjax.grad(_poly_fori), (0, None))(xs, 1.0), fd, rtol=1e-3
    )
    np.testing.assert_allclose(numjax.jit(numjax.grad(_poly_fori))(xs[0], 1.0), fd[0], rtol=1e-3)


def test_fori_loop_traced_bounds_is_a_while_forward_only():
    f = numjax.jit(lambda x, n: lax.fori_loop(0, n, lambda i, c: c * x, 1.0))
    assert "while[" in str(
        numjax.make_jaxpr(lambda x, n: lax.fori_loop(0, n, lambda i, c: c * x, 1.0))(1.1, 3)
    )
    np.testing.assert_allclose(f(1.1, 5), 1.1**5, rtol=1e-6)
    _, t = numjax.jvp(lambda x: f(x, 5), (1.1,), (1.0,))
    np.testing.assert_allclose(t, 5 * 1.1**4, rtol=1e-5)
    with pytest.raises(ValueError, match=re.escape(_WHILE_REVERSE)):
        numjax.grad(f)(1.1, 5)


_WHILE_REVERSE = (
    "Reverse-mode differentiation does not work for lax.while_loop or "
    "lax.fori_loop with dynamic start/stop values. Try using lax.scan, or using "
    "fori_loop with static start/stop."
)


def _collatz_like(x):
    # (count, value): doubles and shifts until the value passes 10; the trip count depends on x.
    return lax.while_loop(lambda c: c[1] < 10.0, lambda c: (c[0] + 1, c[1] * 1.5 + 0.5), (0, x))


def _collatz_ref(x):
    n, v = 0, float(x)
    while v < 10.0:
        n, v = n + 1, v * 1.5 + 0.5
    return n, v


def test_while_loop_vmap_with_batched_predicate():
    xs = jnp.array([0.3, 4.0, 12.0, 9.5])
    for fn in (numjax.vmap(_collatz_like), numjax.jit(numjax.vmap(_collatz_like))):
        n, v = fn(xs)
        ref = [_collatz_ref(x) for x in xs]
        assert np.asarray(n).tolist() == [r[0] for r in ref]
        np.testing.assert_allclose(v, [r[1] for r in ref], rtol=1e-6)


def test_while_loop_forward_mode():
    def f(x):
        return lax.while_loop(lambda c: c[0] < 4, lambda c: (c[0] + 1, jnp.sin(c[1]) * x), (0, x))[
            1
        ]

    def ref(x):
        c = x
        for _ in range(4):
            c = np.sin(c) * x
        return c

    x = 0.8
    _, t = numjax.jvp(f, (x,), (1.0,))
    np.testing.assert_allclose(t, (ref(x + 1e-4) - ref(x - 1e-4)) / 2e-4, rtol=1e-3)
    _, f_lin = numjax.linearize(f, x)
    np.testing.assert_allclose(f_lin(1.0), t, rtol=1e-6)
    ts = numjax.vmap(lambda x: numjax.jvp(f, (x,), (1.0,))[1])(jnp.array([0.8, 0.3]))
    np.testing.assert_allclose(ts, [t, numjax.jvp(f, (0.3,), (1.0,))[1]], rtol=1e-6)
    with pytest.raises(ValueError, match=re.escape(_WHILE_REVERSE)):
        numjax.grad(f)(x)


# ---------------------------------------------------------------------------------------------
# cond and switch


def _branchy(p, x):
    return lax.cond(p > 0, lambda x: jnp.sin(x) * p, lambda x: jnp.cos(x) + p, x)


def _branchy_ref(p, x):
    return np.sin(x) * p if p > 0 else np.cos(x) + p


def test_cond_under_transformations():
    ps, xs = jnp.array([1.5, -0.5, 2.0]), jnp.array([0.3, 0.1, -1.0])
    for p, x in zip(ps, xs):
        np.testing.assert_allclose(_branchy(p, x), _branchy_ref(p, x), rtol=1e-6)
        gp, gx = numjax.grad(_branchy, (0, 1))(p, x)
        want = (np.sin(x), np.cos(x) * p) if p > 0 else (1.0, -np.sin(x))
        np.testing.assert_allclose([gp, gx], want, rtol=1e-5)
        np.testing.assert_allclose(numjax.jit(numjax.grad(_branchy, (0, 1)))(p, x), want, rtol=1e-5)
    # vmap with a batched predicate selects per member; with a shared one it stays a cond.
    np.testing.assert_allclose(
        numjax.vmap(_branchy)(ps, xs), [_branchy_ref(p, x) for p, x in zip(ps, xs)], rtol=1e-6
    )
    assert "cond[" not in str(numjax.make_jaxpr(numjax.vmap(_branchy))(ps, xs))
    assert "cond[" in str(numjax.make_jaxpr(numjax.vmap(_branchy, (None, 0)))(1.5, xs))
    np.testing.assert_allclose(
        numjax.vmap(_branchy, (None, 0))(1.5, xs), [_branchy_ref(1.5, x) for x in xs], rtol=1e-6
    )
    g = numjax.vmap(numjax.grad(_branchy, 1))(ps, xs)
    np.testing.assert_allclose(
        g, [np.cos(x) * p if p > 0 else -np.sin(x) for p, x in zip(ps, xs)], rtol=1e-5
    )
    np.testing.assert_allclose(
        numjax.grad(numjax.grad(_branchy, 1), 1)(1.5, 0.3), -np.sin(0.3) * 1.5, rtol=1e-5
    )


def test_switch_clamps_and_cond_accepts_numbers():
    branches = [lambda x: x + 1.0, lambda x: x * 2.0, lambda x: x - 3.0]
    assert [float(lax.switch(i, branches, 10.0)) for i in (-5, 0, 1, 2, 7)] == [
        11.0,
        11.0,
        20.0,
        7.0,
        7.0,
    ]
    f = numjax.jit(lambda i, x: lax.switch(i, branches, x))
    assert [float(f(i, 10.0)) for i in (-5, 1, 7)] == [11.0, 20.0, 7.0]
    np.testing.assert_allclose(numjax.vmap(f)(jnp.array([-1, 1, 9]), jnp.ones(3)), [2.0, 2.0, -2.0])
    assert float(lax.cond(2.5, lambda: 1.0, lambda: 2.0)) == 1.0
    assert float(lax.cond(0, lambda: 1.0, lambda: 2.0)) == 2.0
    assert float(lax.cond(True, lambda x: x, lambda x: -x, operand=3.0)) == 3.0
    # The old five-argument form: cond(pred, true_operand, true_fun, false_operand, false_fun).
    assert float(lax.cond(False, 1.0, lambda a: a + 1, 5.0, lambda b: b * 2)) == 10.0


# ---------------------------------------------------------------------------------------------
# map and associative_scan


def test_map_with_and_without_batch_size():
    xs = jnp.arange(7.0)
    for bs in (None, 3, 7, 0):
        np.testing.assert_allclose(
            lax.map(lambda x: x * 2 + 1, xs, batch_size=bs), np.arange(7.0) * 2 + 1
        )
    out = lax.map(lambda t: {"s": t[0] + t[1]}, (xs, xs * 10), batch_size=2)
    np.testing.assert_allclose(out["s"], np.arange(7.0) * 11)


def test_associative_scan():
    x = np.arange(1.0, 8.0, dtype=np.float32)
    np.testing.assert_allclose(lax.associative_scan(jnp.multiply, x), np.cumprod(x))
    m = np.arange(12.0, dtype=np.float32).reshape(3, 4)
    np.testing.assert_allclose(
        lax.associative_scan(jnp.add, m, reverse=True, axis=1),
        np.cumsum(m[:, ::-1], axis=1)[:, ::-1],
    )
    for n in (1, 2, 5, 8):
        y = np.arange(n, dtype=np.float32)
        np.testing.assert_allclose(lax.associative_scan(jnp.add, y), np.cumsum(y))
    # A pytree of elements: (sum, product) pairs; and its gradient (it is made of lax ops).
    s, p = lax.associative_scan(lambda a, b: (a[0] + b[0], a[1] * b[1]), (x, x))
    np.testing.assert_allclose(s, np.cumsum(x))
    np.testing.assert_allclose(p, np.cumprod(x))
    g = numjax.grad(lambda v: lax.associative_scan(jnp.add, v).sum())(x)
    np.testing.assert_allclose(g, np.arange(7, 0, -1))


# ---------------------------------------------------------------------------------------------
# Dtypes and weak types, as JAX 0.10.2 gave them: [(value, dtype, weak_type) per output leaf]


_W = np.float32(2.0)
WEAK_TYPES = {
    "scan_weak": (
        lambda: lax.scan(lambda c, x: (c * _W + x, c), 1.0, jnp.arange(3.0)),
        [(12.0, "float32", False), ([1.0, 2.0, 5.0], "float32", True)],
    ),
    "scan_weak2": (
        lambda: lax.scan(lambda c, x: (c + 1, x), 0.0, jnp.ones(3)),
        [(3.0, "float32", True), ([1.0, 1.0, 1.0], "float32", False)],
    ),
    "fori_weak": (lambda: lax.fori_loop(0, 3, lambda i, c: c + 1, 0.0), [(3.0, "float32", True)]),
    "fori_i": (lambda: lax.fori_loop(0, 3, lambda i, c: c + i, 0), [(3, "int32", True)]),
    "while_weak": (
        lambda: lax.while_loop(lambda c: c < 3, lambda c: c + 1, 0),
        [(3, "int32", True)],
    ),
    "cond_ws": (
        lambda: lax.cond(True, lambda: 1.0, lambda: jnp.float32(2)),
        [(1.0, "float32", False)],
    ),
    "cond_sw": (
        lambda: lax.cond(True, lambda: jnp.float32(1), lambda: 1.0),
        [(1.0, "float32", True)],
    ),
    "scan_promote": (
        lambda: lax.scan(lambda c, x: (c + 1.5, x), 0, jnp.ones(3)),
        [(4.5, "float32", False), ([1.0, 1.0, 1.0], "float32", False)],
    ),
    "while_promote": (
        lambda: lax.while_loop(lambda c: c < 3, lambda c: jnp.float32(c) + 1, 0),
        [(3.0, "float32", False)],
    ),
    "fori_promote": (
        lambda: lax.fori_loop(0, 3, lambda i, c: c + 1.5, 0),
        [(4.5, "float32", False)],
    ),
    "switch_clamp_hi": (
        lambda: lax.switch(5, [lambda: 1.0, lambda: 2.0, lambda: 3.0]),
        [(3.0, "float32", True)],
    ),
    "scan_rev": (
        lambda: lax.scan(lambda c, x: (c * 2 + x, c), 1.0, jnp.arange(4.0), reverse=True),
        [(50.0, "float32", False), ([25.0, 12.0, 5.0, 1.0], "float32", True)],
    ),
}


@pytest.mark.parametrize("name", sorted(WEAK_TYPES))
def test_dtypes_and_weak_types_match_jax(name):
    fn, expected = WEAK_TYPES[name]
    for run in (fn, numjax.jit(fn)):
        leaves = numjax.tree_util.tree_leaves(run())
        got = [(np.asarray(x).tolist(), str(x.dtype), bool(x.weak_type)) for x in leaves]
        assert got == expected, name


# ---------------------------------------------------------------------------------------------
# Errors, as JAX 0.10.2 raised them


def _carry_msg(what, component, a, b, why):
    return (
        f"{what} function carry input and carry output must have equal types, but they "
        f"differ:\n\nThe input carry {component} has type {a} but the corresponding output "
        f"carry component has type {b}, so {why}.\n\nRevise the function so that all "
        "output types match the corresponding input types."
    )


ERRORS = [
    (
        lambda: lax.scan(lambda c, x: (c.astype(jnp.int32), x), 0.0, jnp.ones(3)),
        TypeError,
        _carry_msg("scan body", "c", "float32[]", "int32[]", "the dtypes do not match"),
    ),
    (
        lambda: lax.scan(lambda c, x: (jnp.ones(2), x), 0.0, jnp.ones(3)),
        TypeError,
        _carry_msg("scan body", "c", "float32[]", "float32[2]", "the shapes do not match"),
    ),
    (
        lambda: lax.scan(lambda c, x: ((c[0] + x, c[1].astype(int)), x), (0.0, 1.0), jnp.ones(3)),
        TypeError,
        _carry_msg(
            "scan body", "component c[1]", "float32[]", "int32[]", "the dtypes do not match"
        ),
    ),
    (
        lambda: lax.fori_loop(0, 3, lambda i, c: c.astype(jnp.int32), 0.0),
        TypeError,
        _carry_msg(
            "scan body",
            "component loop_carry[1]",
            "float32[]",
            "int32[]",
            "the dtypes do not match",
        ),
    ),
    (
        lambda: lax.while_loop(lambda c: c < 3, lambda c: (c + 1).astype(jnp.int32), jnp.int16(0)),
        TypeError,
        _carry_msg("while_loop body", "c", "int16[]", "int32[]", "the dtypes do not match"),
    ),
    (
        lambda: lax.scan(lambda c, x: ((c, c), x), 0.0, jnp.ones(3)),
        TypeError,
        (
            "scan body function carry input and carry output must have the same pytree structure, "
            "but they differ:\n\nThe input carry c is a <class 'numjax._src.core.ShapedArray'> but "
            "the corresponding component of the carry output is a <class 'tuple'>, so their Python "
            "types differ.\n\nRevise the function so that the carry output has the same pytree "
            "structure as the carry input."
        ),
    ),
    (
        lambda: lax.while_loop(lambda c: c[0] < 3, lambda c: [c[0] + 1, c[1]], (0, 1.0)),
        TypeError,
        (
            "while_loop body function carry input and carry output must have the same pytree "
            "structure, but they differ:\n\nThe input carry c is a <class 'tuple'> but the "
            "corresponding component of the carry output is a <class 'list'>, so their Python types "
            "differ.\n\nRevise the function so that the carry output has the same pytree structure "
            "as the carry input."
        ),
    ),
    (
        lambda: lax.while_loop(lambda c: jnp.array([True, False]), lambda c: c, 0),
        TypeError,
        "cond_fun must return a boolean scalar, but got output type(s) [ShapedArray(bool[2])].",
    ),
    (
        lambda: lax.while_loop(lambda c: 1, lambda c: c, 0),
        TypeError,
        (
            "cond_fun must return a boolean scalar, but got output type(s) "
            "[ShapedArray(int32[], weak_type=True)]."
        ),
    ),
    (
        lambda: lax.while_loop(lambda c: (c < 3, c < 3), lambda c: c + 1, 0),
        TypeError,
        "cond_fun must return a boolean scalar, but got pytree PyTreeDef((*, *)).",
    ),
    (
        lambda: lax.cond(jnp.array([True, False]), lambda: 1.0, lambda: 1.0),
        TypeError,
        "Pred must be a scalar, got [ True False] of shape (2,).",
    ),
    (lambda: lax.cond(None, lambda: 1.0, lambda: 2.0), TypeError, "cond predicate is None"),
    (
        lambda: lax.cond([True], lambda: 1.0, lambda: 2.0),
        TypeError,
        "Pred must be a scalar, got [True] of type <class 'list'>",
    ),
    (
        lambda: lax.cond(jnp.complex64(1), lambda: 1.0, lambda: 2.0),
        TypeError,
        "Pred type must be either boolean or number, got complex64.",
    ),
    (
        lambda: lax.cond(True, 1.0, lambda: 2.0),
        TypeError,
        "lax.cond: true_fun and false_fun arguments should be callable.",
    ),
    (
        lambda: lax.cond(True, lambda x: x, lambda x: x, 1.0, operand=2.0),
        TypeError,
        (
            "if 'operand' keyword is passed then no positional operands can be passed, got "
            "operand=2.0 and positional operands (1.0,)"
        ),
    ),
    (
        lambda: lax.switch(1.0, [lambda: 1.0, lambda: 1.0]),
        TypeError,
        "Index type must be an integer, got 1.0 as float32",
    ),
    (
        lambda: lax.switch(jnp.array([1, 0]), [lambda: 1.0, lambda: 1.0]),
        TypeError,
        "Branch index must be scalar, got [1 0] of shape (2,).",
    ),
    (
        lambda: lax.switch(jnp.bool_(True), [lambda: 1.0, lambda: 2.0]),
        TypeError,
        "Index type must be an integer, got True as bool",
    ),
    (lambda: lax.switch(1, []), ValueError, "Empty branch sequence"),
    (
        lambda: lax.switch(1, [lambda: 1.0, 3]),
        TypeError,
        "lax.switch: branches argument should be a sequence of callables.",
    ),
    (
        lambda: lax.scan(lambda c, x: (c, x), 0.0, None),
        ValueError,
        "scan got no values to scan over and `length` not provided.",
    ),
    (
        lambda: lax.scan(lambda c, x: (c, x), 0.0, (jnp.ones(3), jnp.ones(3)), length=4),
        ValueError,
        ("scan got `length` argument of 4 which disagrees with leading axis sizes [3, 3]."),
    ),
    (
        lambda: lax.scan(lambda c, x: (c, x), 0.0, (jnp.ones(3), jnp.ones(4), jnp.ones(5))),
        ValueError,
        "scan got values with different leading axis sizes: 3, 4, 5.",
    ),
    (
        lambda: lax.scan(lambda c, x: (c, x), 0.0, 1.0),
        ValueError,
        "scan got value with no leading axis to scan over: 1.0.",
    ),
    (
        lambda: lax.scan(lambda c, x: c, 0.0, jnp.ones(3)),
        TypeError,
        "scan body output must be a pair, got ~float32[].",
    ),
    (
        lambda: lax.scan(lambda c, x: (c, x, 1), 0.0, jnp.ones(3)),
        TypeError,
        (
            "scan body output must be a pair, got (ShapedArray(float32[], weak_type=True), "
            "ShapedArray(float32[]), ShapedArray(int32[], weak_type=True))."
        ),
    ),
    (
        lambda: lax.scan(5, 0.0, jnp.ones(3)),
        TypeError,
        "lax.scan: f argument should be a callable.",
    ),
    (
        lambda: lax.while_loop(5, lambda c: c, 0.0),
        TypeError,
        "lax.while_loop: body_fun and cond_fun arguments should be callable.",
    ),
    (
        lambda: lax.fori_loop(0, 3, 5, 0.0),
        TypeError,
        "lax.fori_loop: body_fun argument should be callable.",
    ),
    (
        lambda: lax.fori_loop(0, 3.0, lambda i, c: c + 1, 0.0),
        TypeError,
        "lower and upper arguments to fori_loop must have equal types, got int32 and float32",
    ),
    (
        lambda: numjax.jit(lambda n: lax.fori_loop(0, n, lambda i, c: c + 1, 0.0, unroll=2))(3),
        ValueError,
        ("Can only use `unroll` in `fori_loop` if the loop bounds are statically known."),
    ),
    (
        lambda: lax.associative_scan(jnp.add, (jnp.ones(3), jnp.ones(4))),
        ValueError,
        (
            "Array inputs to associative_scan must have the same first dimension. (saw: [(3,), "
            "(4,)])"
        ),
    ),
    (
        lambda: numjax.grad(lambda x: lax.while_loop(lambda c: c < 3, lambda c: c * 2, x))(1.0),
        ValueError,
        _WHILE_REVERSE,
    ),
]


@pytest.mark.parametrize("case", range(len(ERRORS)))
def test_errors_match_jax(case):
    fn, exc, message = ERRORS[case]
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == message


def test_branch_mismatch_errors_name_the_functions():
    def true_fun():
        return 1.0

    def false_fun():
        return 1

    def pair():
        return (1.0, 1.0)

    def where(f):
        return f"{f.__name__} at {f.__code__.co_filename}:{f.__code__.co_firstlineno}"

    with pytest.raises(TypeError) as info:
        lax.cond(True, true_fun, false_fun)
    assert str(info.value) == (
        "cond branches must have equal output types but they differ.\n\n"
        f"true_fun is {where(true_fun)}\nfalse_fun is {where(false_fun)}\n\n"
        "The output of true_fun has type float32[] but the corresponding output of false_fun "
        "has type int32[], so the dtypes do not match.\n\n"
        "Revise true_fun and/or false_fun so that all output types match."
    )
    with pytest.raises(TypeError) as info:
        lax.cond(True, pair, true_fun)
    assert str(info.value) == (
        "cond branch outputs must have the same pytree structure, but they differ:\n\n"
        f"true_fun is {where(pair)}\nfalse_fun is {where(true_fun)}\n\n"
        "true_fun output is a <class 'tuple'> but false_fun output is a pytree leaf, so their "
        "Python types differ.\n\n"
        "Revise true_fun and/or false_fun so that they have the same pytree structure."
    )
    with pytest.raises(TypeError) as info:
        lax.switch(1, [true_fun, true_fun, false_fun])
    assert str(info.value).startswith(
        "switch branches must have equal output types but they differ.\n\n"
        f"branch 0 is {where(true_fun)}\nbranch2 is {where(false_fun)}\n\n"
        "The output of branch 0 has type float32[] but the corresponding output of branch2 "
        "has type int32[], so the dtypes do not match."
    )


# ---------------------------------------------------------------------------------------------
# Printing, as JAX 0.10.2 printed these jaxprs


PRINTED = [
    (
        lambda x: lax.scan(lambda c, x: (c + x, c * x), 0.0, x),
        (np.ones(3, np.float32),),
        """\
{ lambda ; a:f32[3]. let
    b:f32[] c:f32[3] = scan[
      jaxpr={ lambda ; d:f32[] e:f32[]. let
          f:f32[] = convert_element_type[new_dtype=float32 weak_type=False] d
          g:f32[] = add f e
          h:f32[] = convert_element_type[new_dtype=float32 weak_type=False] d
          i:f32[] = mul h e
        in (g, i) }
      length=3
      num_carry=1
      num_consts=0
      reverse=False
      unroll=1
    ] 0.0:f32[] a
  in (b, c) }""",
    ),
    (
        lambda x: lax.while_loop(lambda c: lax.lt(c, 10.0), lambda c: lax.mul(c, 2.0), x),
        (1.0,),
        """\
{ lambda ; a:f32[]. let
    b:f32[] = while[
      body_jaxpr={ lambda ; c:f32[]. let d:f32[] = mul c 2.0:f32[] in (d,) }
      body_nconsts=0
      cond_jaxpr={ lambda ; e:f32[]. let f:bool[] = lt e 10.0:f32[] in (f,) }
      cond_nconsts=0
    ] a
  in (b,) }""",
    ),
    (
        lambda i, x: lax.switch(i, [jnp.sin, jnp.cos, jnp.exp], x),
        (1, 1.0),
        """\
{ lambda ; a:i32[] b:f32[]. let
    c:i32[] = convert_element_type[new_dtype=int32 weak_type=False] a
    d:i32[] = clamp 0:i32[] c 2:i32[]
    e:f32[] = cond[
      branches=(
        { lambda ; f:f32[]. let g:f32[] = sin f in (g,) }
        { lambda ; h:f32[]. let i:f32[] = cos h in (i,) }
        { lambda ; j:f32[]. let k:f32[] = exp j in (k,) }
      )
    ] d b
  in (e,) }""",
    ),
    (
        lambda x, w: lax.scan(
            lambda c, x: (lax.cond(c > x, jnp.sin, jnp.cos, c) * w, None), x[0], x
        ),
        (np.ones(3, np.float32), 2.0),
        """\
{ lambda ; a:f32[3] b:f32[]. let
    c:f32[1] = slice[limit_indices=(1,) start_indices=(0,) strides=None] a
    d:f32[] = squeeze[dimensions=(0,)] c
    e:f32[] = scan[
      jaxpr={ lambda ; f:f32[] g:f32[] h:f32[]. let
          i:bool[] = gt g h
          j:i32[] = convert_element_type[new_dtype=int32 weak_type=False] i
          k:f32[] = cond[
            branches=(
              { lambda ; l:f32[]. let m:f32[] = cos l in (m,) }
              { lambda ; n:f32[]. let o:f32[] = sin n in (o,) }
            )
          ] j g
          p:f32[] = convert_element_type[new_dtype=float32 weak_type=False] f
          q:f32[] = mul k p
        in (q,) }
      length=3
      num_carry=1
      num_consts=1
      reverse=False
      unroll=1
    ] b d a
  in (e,) }""",
    ),
]


@pytest.mark.parametrize("case", range(len(PRINTED)))
def test_printed_jaxprs_match_jax(case):
    fn, args, text = PRINTED[case]
    assert str(numjax.make_jaxpr(fn)(*args)) == text


# ---------------------------------------------------------------------------------------------
# The article's training (tests/seed_listing.py) as one jitted fori_loop


def test_article_training_as_one_jitted_fori_loop():
    random = pytest.importorskip("numjax.random")
    if not hasattr(random, "PRNGKey"):
        pytest.skip("numjax.random not implemented yet")
    key = random.PRNGKey(42)
    true_slopes = jnp.array([50.0, 30.0, 80.0])
    true_intercepts = jnp.array([100.0, 200.0, 50.0])
    key, subkey = random.split(key)
    X = random.uniform(subkey, (3, 100, 1), minval=10, maxval=100)
    key, subkey = random.split(key)
    noise = random.normal(subkey, (3, 100)) * 50
    Y = X[:, :, 0] * true_slopes[:, None] + true_intercepts[:, None] + noise
    key, subkey = random.split(key)
    params0 = random.normal(subkey, (3, 2))

    def loss_fn(params, x, y):
        return jnp.mean((x[:, 0] * params[0] + params[1] - y) ** 2)

    def train_step(params, x, y, learning_rate):
        loss, grads = numjax.value_and_grad(loss_fn)(params, x, y)
        return params - learning_rate * grads, loss

    step = numjax.jit(numjax.vmap(train_step, in_axes=(0, 0, 0, None)))
    looped = params0
    for _ in range(2000):
        looped, _ = step(looped, X, Y, 0.0001)

    @numjax.jit
    def train(params, X, Y):
        def body(i, p):
            return numjax.vmap(train_step, in_axes=(0, 0, 0, None))(p, X, Y, 0.0001)[0]

        return lax.fori_loop(0, 2000, body, params)

    fused = train(params0, X, Y)
    np.testing.assert_allclose(fused, looped, rtol=1e-6, atol=1e-6)
    # And what real JAX printed for the learned parameters (2 decimals).
    lines = (HERE / "seed_listing.jax-0.10.2.out").read_text().splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("City"))) + 1 :][:3]
    learned = np.array([[float(r.split()[2]), float(r.split()[4])] for r in table])
    np.testing.assert_allclose(fused, learned, atol=0.006)


def test_disable_jit_runs_python_control_flow():
    with numjax.disable_jit():
        c, ys = lax.scan(lambda c, x: (c + x, c), 0.0, jnp.arange(3.0), reverse=True)
        assert float(c) == 3.0 and np.asarray(ys).tolist() == [3.0, 2.0, 0.0]
        # Python control flow on the carry works because the loop is not staged.
        assert int(lax.while_loop(lambda c: bool(c < 3), lambda c: c + 1, 0)) == 3
        assert float(lax.cond(True, lambda: 1.0, lambda: 2.0)) == 1.0
        # Under vmap the predicate is abstract: while_loop falls back to the primitive.
        out = numjax.vmap(lambda x: lax.while_loop(lambda c: c < 5, lambda c: c + 1, x))(
            jnp.array([1.0, 7.0])
        )
        assert np.asarray(out).tolist() == [5.0, 7.0]
