"""Indexing, sorting, cumulative and bitcast primitives, and jnp advanced indexing.

Each primitive: eager vs NumPy, JVP vs central differences (float64), VJP vs JVP through
<u, J v> == <J^T u, v>, vmap vs a Python loop (batched operand and batched indices), jit vs
eager. Then a table of NumPy index expressions and `.at[]` updates compared with NumPy.
"""

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax import lax
from numjax._src.lax import indexing as lax_idx  # the point-form gather/scatter
from numjax.errors import NonConcreteBooleanIndexError

RNG = np.random.default_rng(0)


@pytest.fixture
def x64():
    prev = numjax.config.jax_enable_x64 if hasattr(numjax.config, "jax_enable_x64") else False
    numjax.config.update("jax_enable_x64", True)
    try:
        yield
    finally:
        numjax.config.update("jax_enable_x64", prev)


def _np(x):
    return np.asarray(x)


def check_jvp(f, args, eps=1e-6, tol=1e-5):
    """f(*args) with float64 args: JVP vs central differences in a random direction."""
    args = [np.asarray(a, np.float64) for a in args]
    ts = [RNG.standard_normal(a.shape) for a in args]
    out, out_dot = numjax.jvp(f, tuple(jnp.asarray(a) for a in args),
                              tuple(jnp.asarray(t) for t in ts))
    plus = f(*[jnp.asarray(a + eps * t) for a, t in zip(args, ts)])
    minus = f(*[jnp.asarray(a - eps * t) for a, t in zip(args, ts)])
    fd = (_np(plus) - _np(minus)) / (2 * eps)
    np.testing.assert_allclose(_np(out_dot), fd, rtol=tol, atol=tol)
    np.testing.assert_allclose(_np(out), _np(f(*[jnp.asarray(a) for a in args])))


def check_vjp(f, args, tol=1e-8):
    """<u, J v> == <J^T u, v>."""
    args = tuple(jnp.asarray(np.asarray(a, np.float64)) for a in args)
    vs = tuple(jnp.asarray(RNG.standard_normal(a.shape)) for a in args)
    out, jv = numjax.jvp(f, args, vs)
    u = jnp.asarray(RNG.standard_normal(np.shape(out)))
    _, vjp_fn = numjax.vjp(f, *args)
    jtu = vjp_fn(u)
    lhs = float(np.sum(_np(u) * _np(jv)))
    rhs = sum(float(np.sum(_np(a) * _np(b))) for a, b in zip(jtu, vs))
    np.testing.assert_allclose(lhs, rhs, rtol=tol, atol=tol)


def check_vmap(f, args, in_axes):
    """vmap(f) vs a Python loop over the batched args (batch axis 0)."""
    out = numjax.vmap(f, in_axes=in_axes)(*args)
    size = next(np.shape(a)[0] for a, ax in zip(args, in_axes) if ax is not None)
    expected = [f(*[a[i] if ax is not None else a for a, ax in zip(args, in_axes)])
                for i in range(size)]
    if isinstance(out, (tuple, list)):
        for k, o in enumerate(out):
            np.testing.assert_allclose(_np(o), np.stack([_np(e[k]) for e in expected]))
    else:
        np.testing.assert_allclose(_np(out), np.stack([_np(e) for e in expected]))


def check_jit(f, args):
    eager = f(*args)
    jitted = numjax.jit(f)(*args)
    if isinstance(eager, (tuple, list)):
        for a, b in zip(eager, jitted):
            np.testing.assert_array_equal(_np(a), _np(b))
    else:
        np.testing.assert_array_equal(_np(eager), _np(jitted))
        assert eager.dtype == jitted.dtype


def all_checks(f, args, batch_axes_list, diff=True):
    check_jit(f, [jnp.asarray(a) for a in args])
    for axes in batch_axes_list:
        bargs = [np.stack([a + i for i in range(3)]) if ax is not None else a
                 for a, ax in zip(args, axes)]
        check_vmap(f, [jnp.asarray(a) for a in bargs], axes)
    if diff:
        check_jvp(f, args)
        check_vjp(f, args)


# ---------------------------------------------------------------------------------------------
# gather / scatter

IDX = np.array([[0, 1], [2, 3], [1, 1], [2, 0]], np.int32)


def test_gather_eager_clip_and_fill():
    x = np.arange(12.0).reshape(3, 4)
    idx = np.array([[0, 1], [5, 3], [-1, 0]], np.int32)
    out = lax_idx.gather(jnp.asarray(x), idx, (0, 1))
    np.testing.assert_array_equal(_np(out), [1.0, 11.0, 0.0])
    out = lax_idx.gather(jnp.asarray(x), idx, (0, 1), mode="fill")
    np.testing.assert_array_equal(_np(out), [1.0, np.nan, np.nan])
    rows = lax_idx.gather(jnp.asarray(x), np.array([[2], [0]], np.int32), (0,))
    np.testing.assert_array_equal(_np(rows), x[[2, 0]])


def test_gather_errors():
    x = jnp.zeros((3, 4))
    with pytest.raises(TypeError, match="last dimension"):
        lax_idx.gather(x, np.zeros((2, 3), np.int32), (0, 1))
    with pytest.raises(TypeError, match="integer"):
        lax_idx.gather(x, np.zeros((2, 1), np.float32), (0,))


def test_gather_transformations(x64):
    x = RNG.standard_normal((3, 4))

    def f(x):
        return lax_idx.gather(x, IDX, (0, 1))

    all_checks(f, [x], [(0,)])

    def g(x, i):
        return lax_idx.gather(x, i, (1,))

    i = np.array([[3], [0], [3]], np.int32)
    check_vmap(g, [jnp.asarray(np.stack([x, x + 1])), jnp.asarray(np.stack([i, i[::-1]]))],
               (0, 0))
    check_vmap(g, [jnp.asarray(x), jnp.asarray(np.stack([i, i[::-1]]))], (None, 0))
    check_jvp(lambda x: lax_idx.gather(x, np.array([[5], [1]], np.int32), (0,), mode="fill",
                                   fill_value=0.0), [x])
    check_vjp(lambda x: lax_idx.gather(x, np.array([[5], [1]], np.int32), (0,), mode="fill",
                                   fill_value=0.0), [x])


@pytest.mark.parametrize("kind,ufunc", [("add", np.add), ("mul", np.multiply),
                                         ("min", np.minimum), ("max", np.maximum)])
def test_scatter_eager_matches_numpy(kind, ufunc):
    x = RNG.standard_normal((4, 3)).astype(np.float32)
    idx = np.array([[0], [2], [0], [7]], np.int32)  # repeated and out-of-bounds (dropped)
    upd = RNG.standard_normal((4, 3)).astype(np.float32)
    fn = {"add": lax_idx.scatter_add, "mul": lax_idx.scatter_mul, "min": lax_idx.scatter_min,
          "max": lax_idx.scatter_max}[kind]
    out = fn(jnp.asarray(x), idx, jnp.asarray(upd), (0,))
    expected = x.copy()
    ufunc.at(expected, [0, 2, 0], upd[:3])
    np.testing.assert_allclose(_np(out), expected, rtol=1e-6)


def test_scatter_set_and_clip():
    x = np.zeros((5,))
    out = lax_idx.scatter(jnp.asarray(x), np.array([[1], [9]], np.int32), jnp.asarray([1.0, 2.0]),
                      (0,))
    np.testing.assert_array_equal(_np(out), [0, 1, 0, 0, 0])
    out = lax_idx.scatter(jnp.asarray(x), np.array([[1], [9]], np.int32), jnp.asarray([1.0, 2.0]),
                      (0,), mode="clip")
    np.testing.assert_array_equal(_np(out), [0, 1, 0, 0, 2])


@pytest.mark.parametrize("name", ["scatter", "scatter_add", "scatter_mul", "scatter_min",
                                  "scatter_max"])
def test_scatter_transformations(x64, name):
    fn = getattr(lax_idx, name)
    x = RNG.standard_normal((4, 3))
    idx = np.array([[0], [2], [3]], np.int32)  # unique indices for the derivative checks
    upd = RNG.standard_normal((3, 3))

    def f(x, u):
        return fn(x, idx, u, (0,))

    check_jit(f, [jnp.asarray(x), jnp.asarray(upd)])
    check_jvp(f, [x, upd])
    if name in ("scatter", "scatter_add"):
        check_vjp(f, [x, upd])
    for axes in [(0, None), (None, 0), (0, 0)]:
        bx = np.stack([x, x + 1]) if axes[0] is not None else x
        bu = np.stack([upd, upd - 1]) if axes[1] is not None else upd
        check_vmap(f, [jnp.asarray(bx), jnp.asarray(bu)], axes)

    def g(x, i, u):
        return fn(x, i, u, (0,))

    bi = np.stack([idx, idx[::-1]])
    check_vmap(g, [jnp.asarray(np.stack([x, x])), jnp.asarray(bi),
                   jnp.asarray(np.stack([upd, upd]))], (0, 0, 0))
    check_vmap(g, [jnp.asarray(x), jnp.asarray(bi), jnp.asarray(upd)], (None, 0, None))


def test_scatter_set_repeated_indices_vjp(x64):
    idx = np.array([[1], [1], [0]], np.int32)
    check_vjp(lambda x, u: lax_idx.scatter(x, idx, u, (0,)), [np.zeros(3), np.arange(3.0)])


def test_scatter_add_repeated_indices_vjp(x64):
    idx = np.array([[1], [1], [7]], np.int32)
    check_vjp(lambda x, u: lax_idx.scatter_add(x, idx, u, (0,)), [np.zeros(3), np.arange(3.0)])


# ---------------------------------------------------------------------------------------------
# dynamic_slice / dynamic_update_slice


def test_dynamic_slice_clamps():
    x = jnp.arange(10.0)
    np.testing.assert_array_equal(_np(lax.dynamic_slice(x, (8,), (3,))), [7, 8, 9])
    # a negative start counts from the end, then clamps (values recorded from JAX 0.10.2)
    np.testing.assert_array_equal(_np(lax.dynamic_slice(x, (-4,), (2,))), [6, 7])
    np.testing.assert_array_equal(_np(lax.dynamic_slice(x, (-14,), (2,))), [0, 1])
    out = lax.dynamic_update_slice(x, jnp.asarray([-1.0, -2.0]), (-1,))
    np.testing.assert_array_equal(_np(out)[-3:], [7, -1, -2])
    out = lax.dynamic_update_slice(x, jnp.asarray([-1.0, -2.0]), (9,))
    np.testing.assert_array_equal(_np(out)[-3:], [7, -1, -2])
    with pytest.raises(TypeError, match="slice_sizes"):
        lax.dynamic_slice(x, (0,), (11,))


def test_dynamic_slice_transformations(x64):
    x = RNG.standard_normal((5, 4))

    def f(x, i):
        return lax.dynamic_slice(x, (i, 1), (2, 3))

    i = np.int32(2)
    check_jit(f, [jnp.asarray(x), i])
    check_jvp(lambda x: f(x, i), [x])
    check_vjp(lambda x: f(x, i), [x])
    check_vmap(f, [jnp.asarray(np.stack([x, x + 1])), i], (0, None))
    check_vmap(f, [jnp.asarray(x), jnp.asarray(np.array([0, 3, 4], np.int32))], (None, 0))
    check_vmap(f, [jnp.asarray(np.stack([x, x + 1])), jnp.asarray(np.array([4, 1], np.int32))],
               (0, 0))


def test_dynamic_update_slice_transformations(x64):
    x = RNG.standard_normal((5, 4))
    u = RNG.standard_normal((2, 2))

    def f(x, u, i):
        return lax.dynamic_update_slice(x, u, (i, 3))

    i = np.int32(1)
    check_jit(f, [jnp.asarray(x), jnp.asarray(u), i])
    check_jvp(lambda x, u: f(x, u, i), [x, u])
    check_vjp(lambda x, u: f(x, u, i), [x, u])
    bi = jnp.asarray(np.array([0, 4, 2], np.int32))
    check_vmap(f, [jnp.asarray(x), jnp.asarray(u), bi], (None, None, 0))
    check_vmap(f, [jnp.asarray(np.stack([x] * 3)), jnp.asarray(u), bi], (0, None, 0))
    check_vmap(f, [jnp.asarray(np.stack([x, x])), jnp.asarray(np.stack([u, -u])), i],
               (0, 0, None))


# ---------------------------------------------------------------------------------------------
# sort, argsort, top_k


def test_sort_eager_nan_last_and_multi_operand():
    a = np.array([3.0, np.nan, 1.0, 2.0, 1.0])
    np.testing.assert_array_equal(_np(lax.sort(jnp.asarray(a))), np.sort(a))
    np.testing.assert_array_equal(_np(lax.argsort(jnp.asarray(a))), np.argsort(a, kind="stable"))
    k1, k2 = np.array([1, 0, 1, 0]), np.array([4, 3, 2, 1])
    _, _, v = lax.sort((jnp.asarray(k1), jnp.asarray(k2), jnp.arange(4)), num_keys=2)
    np.testing.assert_array_equal(_np(v), np.lexsort((k2, k1)))
    vals, idx = lax.top_k(jnp.asarray([1.0, 3.0, 3.0, 2.0]), 3)
    np.testing.assert_array_equal(_np(vals), [3, 3, 2])
    np.testing.assert_array_equal(_np(idx), [1, 2, 3])


def test_sort_transformations(x64):
    x = RNG.standard_normal((3, 5))
    all_checks(lambda x: lax.sort(x, 1), [x], [(0,)])
    all_checks(lambda x: lax.sort(x, 0), [x], [(0,)])
    all_checks(lambda x, y: lax.sort((x, y), 1, num_keys=1)[1], [x, x[::-1].copy()],
               [(0, None), (None, 0), (0, 0)])
    all_checks(lambda x: lax.top_k(x, 2)[0], [x], [(0,)])
    check_vmap(lambda x: lax.top_k(x, 2)[1], [jnp.asarray(np.stack([x, -x]))], (0,))


# ---------------------------------------------------------------------------------------------
# cumulative


@pytest.mark.parametrize("name,ref", [
    ("cumsum", np.cumsum), ("cumprod", np.cumprod), ("cummax", np.maximum.accumulate),
    ("cummin", np.minimum.accumulate), ("cumlogsumexp", np.logaddexp.accumulate)])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative(x64, name, ref, reverse):
    fn = getattr(lax, name)
    x = RNG.standard_normal((3, 4))
    if name == "cumprod":
        x[1, 2] = 0.0  # the JVP is exact at zeros
    for axis in (0, 1):
        expected = np.flip(ref(np.flip(x, axis), axis=axis), axis) if reverse else \
            ref(x, axis=axis)
        np.testing.assert_allclose(_np(fn(jnp.asarray(x), axis, reverse)), expected,
                                   rtol=1e-12)
        all_checks(lambda x, axis=axis: fn(x, axis, reverse), [x], [(0,)])


def test_cumsum_transpose_is_reverse_cumsum(x64):
    x = jnp.asarray(RNG.standard_normal(5))
    _, vjp_fn = numjax.vjp(lambda x: lax.cumsum(x), x)
    ct = jnp.asarray(RNG.standard_normal(5))
    np.testing.assert_allclose(_np(vjp_fn(ct)[0]), np.cumsum(_np(ct)[::-1])[::-1])


# ---------------------------------------------------------------------------------------------
# bitcast, reduce_precision, stop_gradient


def test_bitcast_convert_type():
    x = np.array([1.0, -2.5], np.float32)
    np.testing.assert_array_equal(_np(lax.bitcast_convert_type(jnp.asarray(x), jnp.int32)),
                                  x.view(np.int32))
    out = lax.bitcast_convert_type(jnp.asarray(x), jnp.uint8)
    assert out.shape == (2, 4)
    back = lax.bitcast_convert_type(out, jnp.float32)
    np.testing.assert_array_equal(_np(back), x)
    check_vmap(lambda x: lax.bitcast_convert_type(x, jnp.int32), [jnp.asarray(np.stack([x, x]))],
               (0,))
    check_jit(lambda x: lax.bitcast_convert_type(x, jnp.int32), [jnp.asarray(x)])


def test_reduce_precision_bfloat16():
    import ml_dtypes

    x = RNG.standard_normal(50).astype(np.float32) * 100
    out = lax.reduce_precision(jnp.asarray(x), 8, 7)
    np.testing.assert_array_equal(_np(out), x.astype(ml_dtypes.bfloat16).astype(np.float32))
    out = lax.reduce_precision(jnp.asarray(x), 5, 10)
    np.testing.assert_array_equal(_np(out), x.astype(np.float16).astype(np.float32))


def test_stop_gradient_pytree():
    g = numjax.grad(lambda x: jnp.sum(x * lax.stop_gradient(x)))(jnp.ones(3))
    np.testing.assert_array_equal(_np(g), np.ones(3))
    out = lax.stop_gradient({"a": jnp.ones(2), "b": (jnp.zeros(1),)})
    assert set(out) == {"a", "b"}
    check_vmap(lambda x: lax.stop_gradient(x) * 2, [jnp.ones((3, 2))], (0,))


# ---------------------------------------------------------------------------------------------
# NumPy indexing conformance

A = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
INDEX_TABLE = [
    1, -1, (1, 2), slice(None, None, 2), (slice(1, None), slice(None, None, -1)),
    (Ellipsis, 2), (None, 1), (1, None, Ellipsis, None), (Ellipsis, None),
    np.array([1, 0, 1]), (slice(None), np.array([2, 0])), (np.array([0, 1]), np.array([2, 0])),
    (np.array([[0], [1]]), np.array([0, 2, 1])),
    (np.array([0, 1]), slice(None), np.array([3, 0])),  # separated: advanced dims first
    (slice(None), np.array([0, 1]), np.array([1, 2]), slice(1, 3)),  # adjacent: in place
    (slice(None), np.array([0, -1]), slice(None), np.array([-2, 4])),
    (1, slice(None), np.array([1, 2])),  # int counts as advanced
    (Ellipsis, np.array([4, -5])), (np.array([1]), None, np.array([2])),
    A[:, :, 0, 0] > 20, (slice(None), A[0, :, :, 0] > 30), (Ellipsis, A[0, 0, :, :] > 3),
    [1, 0], (np.array(1), 2), (np.array([[1, 0]]), slice(None, None, -2)),
]


@pytest.mark.parametrize("idx", INDEX_TABLE, ids=[str(i)[:40] for i in range(len(INDEX_TABLE))])
def test_getitem_matches_numpy(idx):
    out = jnp.asarray(A)[idx]
    expected = A[idx]
    assert out.shape == expected.shape, (idx, out.shape, expected.shape)
    np.testing.assert_array_equal(_np(out), expected)


@pytest.mark.parametrize("idx", INDEX_TABLE[:19],
                         ids=[str(i)[:40] for i in range(19)])
def test_getitem_jit_and_grad(idx, x64):
    x = jnp.asarray(A.astype(np.float64))
    np.testing.assert_array_equal(_np(numjax.jit(lambda x: x[idx])(x)), A[idx])
    g = numjax.grad(lambda x: jnp.sum(x[idx] ** 2))(x)
    expected = np.zeros_like(A, dtype=np.float64)
    np.add.at(expected, idx, 2 * A[idx])
    np.testing.assert_allclose(_np(g), expected)


def test_getitem_out_of_bounds_clamps_like_jax():
    np.testing.assert_array_equal(_np(jnp.arange(5)[jnp.array([10, -10])]), [4, 0])
    out = jnp.arange(5.0).at[jnp.array([10, 1, -1])].get(mode="fill")
    np.testing.assert_array_equal(_np(out), [np.nan, 1, 4])
    out = jnp.arange(5).at[jnp.array([10])].get(mode="fill", fill_value=-7)
    np.testing.assert_array_equal(_np(out), [-7])


def test_traced_scalar_index_uses_dynamic_slice():
    x = jnp.asarray(A)
    f = numjax.jit(lambda x, i, j: x[i, :, j])
    np.testing.assert_array_equal(_np(f(x, 1, -2)), A[1, :, -2])
    text = str(numjax.make_jaxpr(lambda x, i: x[i])(x, 1))
    assert "dynamic_slice" in text
    out = numjax.vmap(lambda i: x[i, 1])(jnp.array([0, 1, 1]))
    np.testing.assert_array_equal(_np(out), A[[0, 1, 1], 1])


def test_traced_bool_mask_raises():
    with pytest.raises(NonConcreteBooleanIndexError):
        numjax.jit(lambda x: x[x > 2])(jnp.arange(5.0))


def test_vmap_getitem_with_batched_index_array():
    x = jnp.asarray(A[0, 0])
    idx = jnp.asarray(np.array([[0, 3], [2, 2], [1, 0]]))
    out = numjax.vmap(lambda i: x[i, 1:])(idx)
    np.testing.assert_array_equal(_np(out), np.stack([A[0, 0][i, 1:] for i in _np(idx)]))


UPDATE_TABLE = [
    (np.array([0, 1, 0, 3]), None),  # repeated indices
    ((slice(None), np.array([2, 2, 4])), None),
    ((1, slice(1, None)), None), (2, None), ((slice(None, None, 2), -1), None),
    (np.arange(20).reshape(4, 5) % 3 == 0, None), ((np.array([[0], [3]]), np.array([1, 1])), None),
]


@pytest.mark.parametrize("method,ufunc", [("set", None), ("add", np.add),
                                           ("multiply", np.multiply), ("min", np.minimum),
                                           ("max", np.maximum)])
@pytest.mark.parametrize("case", range(len(UPDATE_TABLE)))
def test_at_updates_match_numpy(method, ufunc, case):
    idx, _ = UPDATE_TABLE[case]
    x = RNG.standard_normal((4, 5)).astype(np.float32)
    values = RNG.standard_normal(x[idx].shape).astype(np.float32)
    out = getattr(jnp.asarray(x).at[idx], method)(jnp.asarray(values))
    expected = x.copy()
    if ufunc is None:
        expected[idx] = values
    else:
        ufunc.at(expected, idx, values)
    np.testing.assert_allclose(_np(out), expected, rtol=1e-6)


def test_at_set_scalar_broadcast_and_out_of_bounds_dropped():
    out = jnp.zeros(4).at[jnp.array([1, 9])].set(5.0)
    np.testing.assert_array_equal(_np(out), [0, 5, 0, 0])
    out = jnp.zeros((2, 3)).at[:, 1].add(jnp.asarray([1.0, 2.0]))
    np.testing.assert_array_equal(_np(out), [[0, 1, 0], [0, 2, 0]])
    out = numjax.jit(lambda x, i: x.at[i].set(1.0))(jnp.zeros(3), 2)
    np.testing.assert_array_equal(_np(out), [0, 0, 1])


def test_at_set_grad(x64):
    def f(x, v):
        return jnp.sum(x.at[jnp.array([0, 2])].set(v) ** 2)

    x, v = jnp.asarray(np.arange(4.0)), jnp.asarray(np.array([5.0, 7.0]))
    gx, gv = numjax.grad(f, argnums=(0, 1))(x, v)
    np.testing.assert_array_equal(_np(gx), [0, 2, 0, 6])
    np.testing.assert_array_equal(_np(gv), [10, 14])


# ---------------------------------------------------------------------------------------------
# jnp sorting / searching / cumulative functions


def test_jnp_sort_argsort_lexsort():
    a = RNG.integers(0, 4, (3, 6)).astype(np.float32)
    a[0, 1] = np.nan
    np.testing.assert_array_equal(_np(jnp.sort(a)), np.sort(a))
    np.testing.assert_array_equal(_np(jnp.sort(a, axis=None)), np.sort(a, axis=None))
    np.testing.assert_array_equal(_np(jnp.argsort(a, axis=0)), np.argsort(a, 0, kind="stable"))
    np.testing.assert_array_equal(_np(jnp.asarray(a).argsort()), np.argsort(a, kind="stable"))
    np.testing.assert_array_equal(_np(jnp.sort(a, descending=True)), np.sort(a)[:, ::-1])
    keys = (RNG.integers(0, 3, 8), RNG.integers(0, 3, 8))
    np.testing.assert_array_equal(_np(jnp.lexsort(keys)), np.lexsort(keys))


def test_jnp_nonzero_family():
    a = np.array([[0, 1, 0], [2, 0, 3]])
    for got, want in zip(jnp.nonzero(a), np.nonzero(a)):
        np.testing.assert_array_equal(_np(got), want)
    out = numjax.jit(lambda a: jnp.nonzero(a, size=4, fill_value=-1))(jnp.asarray(a))
    np.testing.assert_array_equal(_np(out[0]), [0, 1, 1, -1])
    np.testing.assert_array_equal(_np(out[1]), [1, 0, 2, -1])
    np.testing.assert_array_equal(_np(jnp.argwhere(a)), np.argwhere(a))
    np.testing.assert_array_equal(_np(jnp.flatnonzero(a)), np.flatnonzero(a))
    np.testing.assert_array_equal(
        _np(numjax.jit(lambda a: jnp.argwhere(a, size=3))(jnp.asarray(a))), np.argwhere(a))


def test_jnp_searchsorted_take():
    a = np.array([1.0, 2.0, 2.0, 5.0])
    v = np.array([[0.0, 2.0], [5.0, 9.0]])
    for side in ("left", "right"):
        np.testing.assert_array_equal(_np(jnp.searchsorted(a, v, side=side)),
                                      np.searchsorted(a, v, side=side))
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(_np(jnp.take(x, np.array([[0, 2]]), axis=1)),
                                  np.take(x, [[0, 2]], axis=1))
    np.testing.assert_array_equal(_np(jnp.take(x, np.array([-1, 20]))), [11.0, np.nan])
    idx = np.array([[3, 0], [1, 1], [0, 2]])
    np.testing.assert_array_equal(_np(jnp.take_along_axis(x, idx, 1)),
                                  np.take_along_axis(x, idx, 1))
    out = jnp.put_along_axis(jnp.asarray(x), jnp.asarray(idx), 0.0, 1, inplace=False)
    expected = x.copy()
    np.put_along_axis(expected, idx, 0.0, 1)
    np.testing.assert_array_equal(_np(out), expected)


def test_jnp_cumulative_and_unique():
    a = np.array([[1.0, np.nan, 2.0], [3.0, 4.0, np.nan]])
    np.testing.assert_array_equal(_np(jnp.cumsum(a, axis=1)), np.cumsum(a, 1))
    np.testing.assert_array_equal(_np(jnp.nancumsum(a)), np.nancumsum(a))
    np.testing.assert_array_equal(_np(jnp.nancumprod(a, 0)), np.nancumprod(a, 0))
    assert jnp.cumsum(np.array([True, True])).dtype == np.int32
    np.testing.assert_array_equal(_np(jnp.cumulative_sum(np.arange(3), include_initial=True)),
                                  [0, 0, 1, 3])
    u = np.array([3, 1, 3, 2])
    np.testing.assert_array_equal(_np(jnp.unique(u)), np.unique(u))
    out = numjax.jit(lambda u: jnp.unique(u, size=5))(jnp.asarray(u))
    np.testing.assert_array_equal(_np(out), [1, 2, 3, 1, 1])
