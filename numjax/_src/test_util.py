"""Reusable checkers for transformation rules: JVP, VJP, higher order, vmap and jit.

Each checker compares one transformation against an independent reference (central
differences, the inner-product identity, a Python loop, eager evaluation) and raises
AssertionError with `err_msg` prepended, so callers can name the operation, shapes, dtypes,
params and in_axes in the failure. Randomness is seeded.
"""

from __future__ import annotations

import numpy as np

import numjax
from numjax import tree_util

_DEFAULT_SEED = 0


def _leaves(x):
    return [np.asarray(leaf) for leaf in tree_util.tree_leaves(x)]


def _is_inexact(x) -> bool:
    return np.issubdtype(np.asarray(x).dtype, np.inexact)


def _rand_like(rng, x):
    x = np.asarray(x)
    return rng.standard_normal(x.shape).astype(x.dtype)


def _inner(xs, ys) -> float:
    """Sum of elementwise products over matching pytrees, in float64."""
    xs, ys = _leaves(xs), _leaves(ys)
    assert len(xs) == len(ys), f"pytree mismatch: {len(xs)} vs {len(ys)} leaves"
    total = 0.0
    for x, y in zip(xs, ys):
        assert x.shape == y.shape, f"shape mismatch in inner product: {x.shape} vs {y.shape}"
        total += float(np.sum(x.astype(np.float64) * y.astype(np.float64)))
    return total


def _prefix(err_msg: str) -> str:
    return f"{err_msg}: " if err_msg else ""


def assert_trees_close(actual, expected, rtol=1e-7, atol=0.0, err_msg="", exact=False,
                       check_dtypes=True):
    a_leaves, e_leaves = _leaves(actual), _leaves(expected)
    assert len(a_leaves) == len(e_leaves), (
        f"{_prefix(err_msg)}{len(a_leaves)} outputs, expected {len(e_leaves)}")
    for i, (a, e) in enumerate(zip(a_leaves, e_leaves)):
        where = f"{_prefix(err_msg)}output {i}"
        assert a.shape == e.shape, f"{where}: shape {a.shape}, expected {e.shape}"
        if check_dtypes:
            assert a.dtype == e.dtype, f"{where}: dtype {a.dtype}, expected {e.dtype}"
        if exact:
            np.testing.assert_array_equal(a, e, err_msg=where)
        else:
            np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, err_msg=where)


# ---------------------------------------------------------------------------------------------
# Derivatives


def check_jvp(f, args, eps=1e-6, rtol=1e-5, atol=1e-6, err_msg="", seed=_DEFAULT_SEED):
    """numjax.jvp(f) against central differences along a random direction."""
    rng = np.random.default_rng(seed)
    args = tuple(np.asarray(a) for a in args)
    tangents = tuple(_rand_like(rng, a) for a in args)
    out, t_out = numjax.jvp(f, args, tangents)
    plus = f(*(a + eps * t for a, t in zip(args, tangents)))
    minus = f(*(a - eps * t for a, t in zip(args, tangents)))
    fd = [(np.asarray(p, np.float64) - np.asarray(m, np.float64)) / (2 * eps)
          for p, m in zip(_leaves(plus), _leaves(minus))]
    assert_trees_close(out, f(*args), rtol=rtol, atol=atol, err_msg=f"{err_msg} [jvp primal]")
    t_leaves = [np.asarray(t, np.float64) for t in _leaves(t_out)]
    assert_trees_close(t_leaves, fd, rtol=rtol, atol=atol, check_dtypes=False,
                       err_msg=f"{err_msg} [jvp tangent vs central differences, eps={eps}]")


def check_vjp(f, args, rtol=1e-5, atol=1e-6, err_msg="", seed=_DEFAULT_SEED):
    """<u, J v> == <J^T u, v> with random u, v (J v from numjax.jvp, J^T u from numjax.vjp)."""
    rng = np.random.default_rng(seed + 1)
    args = tuple(np.asarray(a) for a in args)
    v = tuple(_rand_like(rng, a) for a in args)
    out, jv = numjax.jvp(f, args, v)
    out2, f_vjp = numjax.vjp(f, *args)
    assert_trees_close(out2, out, rtol=rtol, atol=atol, err_msg=f"{err_msg} [vjp primal]")
    u = tree_util.tree_map(lambda o: _rand_like(rng, o), out)
    jtu = f_vjp(u)
    for i, (c, a) in enumerate(zip(jtu, args)):
        c = np.asarray(c)
        assert c.shape == a.shape and c.dtype == a.dtype, (
            f"{_prefix(err_msg)}[vjp] cotangent {i} is {c.dtype}{c.shape}, "
            f"expected {a.dtype}{a.shape}")
    lhs, rhs = _inner(u, jv), _inner(jtu, v)
    scale = max(1.0, abs(lhs), abs(rhs))
    assert abs(lhs - rhs) <= atol + rtol * scale, (
        f"{_prefix(err_msg)}[vjp inner-product identity] <u, J v> = {lhs!r} but "
        f"<J^T u, v> = {rhs!r}")


def check_grads(f, args, order=2, modes=("fwd", "rev"), eps=1e-6, rtol=1e-5, atol=1e-6,
                err_msg="", seed=_DEFAULT_SEED):
    """Checks derivatives of f up to `order`, recursing on jvp (fwd) and vjp (rev) of f."""
    args = tuple(np.asarray(a) for a in args)

    def _check(fun, order_left, path, seed):
        msg = f"{err_msg} [order {order - order_left + 1}{path}]"
        rng = np.random.default_rng(seed + 7)
        if "fwd" in modes:
            check_jvp(fun, args, eps=eps, rtol=rtol, atol=atol, err_msg=msg, seed=seed)
            if order_left > 1:
                tangents = tuple(_rand_like(rng, a) for a in args)

                def fwd(*primals, fun=fun, tangents=tangents):
                    return numjax.jvp(fun, primals, tangents)[1]

                _check(fwd, order_left - 1, path + " fwd", seed + 1)
        if "rev" in modes:
            check_vjp(fun, args, rtol=rtol, atol=atol, err_msg=msg, seed=seed)
            if order_left > 1:
                out = fun(*args)
                ct = tree_util.tree_map(lambda o: _rand_like(rng, o), out)

                def rev(*primals, fun=fun, ct=ct):
                    return tuple(numjax.vjp(fun, *primals)[1](ct))

                _check(rev, order_left - 1, path + " rev", seed + 2)

    _check(f, order, "", seed)


# ---------------------------------------------------------------------------------------------
# vmap and jit


def check_vmap(f, args, in_axes, out_axes=0, rtol=0.0, atol=0.0, err_msg=""):
    """numjax.vmap(f, in_axes) against a Python loop stacking per-example results.

    `args` are already batched along `in_axes` (None: unbatched)."""
    args = tuple(np.asarray(a) for a in args)
    in_axes = tuple(in_axes)
    sizes = {a.shape[ax] for a, ax in zip(args, in_axes) if ax is not None}
    assert len(sizes) == 1, f"{_prefix(err_msg)}inconsistent batch sizes {sizes}"
    (size,) = sizes
    batched = numjax.vmap(f, in_axes=in_axes, out_axes=out_axes)(*args)
    per_example = []
    for i in range(size):
        ex = tuple(a if ax is None else np.take(a, i, axis=ax) for a, ax in zip(args, in_axes))
        per_example.append(_leaves(f(*ex)))
    n_out = len(per_example[0])
    expected = [np.stack([p[k] for p in per_example], axis=out_axes) for k in range(n_out)]
    msg = f"{err_msg} [vmap in_axes={in_axes} out_axes={out_axes} vs Python loop]"
    assert_trees_close(batched, expected, rtol=rtol, atol=atol, exact=(rtol == 0 and atol == 0),
                       err_msg=msg)


def check_jit(f, args, rtol=0.0, atol=0.0, err_msg=""):
    """numjax.jit(f) against eager f (bit-identical when rtol == atol == 0); the second call
    with same-typed arguments must not retrace."""
    jf = numjax.jit(f)
    first = jf(*args)
    second = jf(*args)
    eager = f(*args)
    exact = rtol == 0 and atol == 0
    assert_trees_close(first, eager, rtol=rtol, atol=atol, exact=exact,
                       err_msg=f"{err_msg} [jit vs eager]")
    assert_trees_close(second, eager, rtol=rtol, atol=atol, exact=exact,
                       err_msg=f"{err_msg} [jit second call vs eager]")
    count = getattr(jf, "trace_count", None)
    assert count == 1, f"{_prefix(err_msg)}[jit] traced {count} times for two identical calls"
    for leaf, e in zip(tree_util.tree_leaves(first), tree_util.tree_leaves(eager)):
        assert getattr(leaf, "weak_type", None) == getattr(e, "weak_type", None), (
            f"{_prefix(err_msg)}[jit] weak_type {getattr(leaf, 'weak_type', None)} vs eager "
            f"{getattr(e, 'weak_type', None)}")


def check_transpose_exact(f, args, err_msg="", seed=_DEFAULT_SEED):
    """For linear f with integer-valued float64 inputs: <u, f(v)> == <f^T u, v> exactly,
    where f^T comes from the primitive's transpose rule via numjax.vjp."""
    rng = np.random.default_rng(seed + 3)
    args = tuple(np.asarray(a) for a in args)
    v = tuple(rng.integers(-3, 4, a.shape).astype(a.dtype) for a in args)
    out, f_t = numjax.vjp(f, *v)
    u = tree_util.tree_map(
        lambda o: rng.integers(-3, 4, np.shape(o)).astype(np.asarray(o).dtype), out)
    ftu = f_t(u)
    for i, (c, a) in enumerate(zip(ftu, args)):
        c = np.asarray(c)
        assert c.shape == a.shape and c.dtype == a.dtype, (
            f"{_prefix(err_msg)}[transpose] cotangent {i} is {c.dtype}{c.shape}, "
            f"expected {a.dtype}{a.shape}")
    lhs, rhs = _inner(u, out), _inner(ftu, v)
    assert lhs == rhs, (f"{_prefix(err_msg)}[exact transpose] <u, f(v)> = {lhs!r} but "
                        f"<f^T u, v> = {rhs!r}")
