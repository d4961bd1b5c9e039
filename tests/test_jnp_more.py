"""Less common jnp functions (numjax/_src/numpy/extra_functions.py, setops.py) against NumPy,
eagerly and under jit, with dtypes and errors recorded from real JAX 0.10.2 where JAX differs
from NumPy, and gradient checks in float64 for the differentiable ones."""

import functools

import ml_dtypes
import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax._src import test_util as tu
from numjax.errors import ConcretizationTypeError, TracerBoolConversionError


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


RNG = np.random.default_rng(7)
A = np.array([5, 3, 7, 3, 1, 9])
B = np.array([7, 9, 4, 4, 2])
F = RNG.normal(size=(3, 5)).astype(np.float32)


def _same(got, expected, dtype=None, weak=None, rtol=1e-5, atol=1e-5):
    np.testing.assert_allclose(np.asarray(got), np.asarray(expected), rtol=rtol, atol=atol)
    assert np.shape(got) == np.shape(expected)
    if dtype is not None:
        assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    if weak is not None:
        assert got.weak_type == weak


def _eager_and_jit(fn, *args, **kwargs):
    """fn(*args) eagerly and under jit (kwargs static)."""
    args = [jnp.asarray(a) for a in args]
    return fn(*args, **kwargs), numjax.jit(functools.partial(fn, **kwargs))(*args)


# ---------------------------------------------------------------------------------------------
# dtypes and aliases


def test_aliases_and_ml_dtypes():
    assert jnp.double.dtype == np.float64 and jnp.single.dtype == np.float32
    assert jnp.cdouble.dtype == np.complex128 and jnp.csingle.dtype == np.complex64
    assert jnp.object_ is np.object_ and jnp.ComplexWarning is np.exceptions.ComplexWarning
    assert jnp.float8_e4m3fn.dtype == ml_dtypes.float8_e4m3fn
    assert jnp.int4.dtype == ml_dtypes.int4 and jnp.uint2.dtype == ml_dtypes.uint2
    x = jnp.float8_e5m2(1.5)
    assert x.dtype == ml_dtypes.float8_e5m2 and not x.weak_type


def test_astype_can_cast_isdtype():
    _same(jnp.astype(np.arange(3), jnp.float32), np.arange(3.0), np.float32, False)
    _same(jnp.astype(2.0, jnp.int32), 2, np.int32, False)
    # recorded from JAX: dtype=None means the default float
    _same(jnp.astype(np.arange(3), None), np.arange(3.0), np.float32)
    assert not jnp.can_cast(jnp.int32, jnp.float32) and jnp.can_cast(jnp.int8, jnp.int32)
    assert jnp.can_cast(jnp.arange(3), jnp.int64)
    assert jnp.isdtype(jnp.bfloat16, "real floating") and jnp.isdtype(jnp.int4, "signed integer")
    assert jnp.isdtype(np.float32, ("bool", jnp.float32)) and not jnp.isdtype(np.uint8, "bool")
    assert jnp.isdtype(np.uint8, "integral") and jnp.isdtype(np.complex64, "numeric")
    assert jnp.isdtype(jnp.float32, "real floating") and jnp.isdtype(np.dtype("int8"), np.int8)
    with pytest.raises(ValueError, match="Unrecognized kind='foo'"):
        jnp.isdtype(np.float32, "foo")
    with pytest.raises(TypeError, match="Expected kind to be a dtype"):
        jnp.isdtype(np.float32, 3)


# ---------------------------------------------------------------------------------------------
# elementwise


def test_angle_dtypes():
    z = np.array([1 + 1j, -2j, -3], np.complex64)
    for got in _eager_and_jit(jnp.angle, z):
        _same(got, np.angle(z), np.float32)
    _same(jnp.angle(z, deg=True), np.angle(z, deg=True), np.float32)
    # recorded from JAX: real input becomes the strong default float; complex keeps weakness
    _same(jnp.angle(1), 0.0, np.float32, False)
    _same(jnp.angle(np.float16(-1)), np.pi, np.float32, False)
    _same(jnp.angle(1.0 + 1j, deg=True), 45.0, np.float32, True)


def test_i0():
    x = np.array([-1.5, 0.0, 0.3, 4.0], np.float32)
    for got in _eager_and_jit(jnp.i0, x):
        _same(got, np.i0(x), np.float32, rtol=1e-5)
    _same(jnp.i0(1), np.i0(1.0), np.float32, True)  # JAX: weak for a Python scalar


def test_sort_complex():
    _same(jnp.sort_complex(np.array([3, 1, 2])), [1, 2, 3], np.complex64)
    z = np.array([3 + 1j, 1, 3 - 1j], np.complex64)
    _same(jnp.sort_complex(z), np.sort_complex(z), np.complex64)


def test_sort_complex_x64(x64):
    _same(jnp.sort_complex(np.array([3, 1, 2])), [1, 2, 3], np.complex128)


# ---------------------------------------------------------------------------------------------
# set operations


@pytest.mark.parametrize("name", ["union1d", "intersect1d", "setdiff1d", "setxor1d"])
def test_setops_match_numpy(name):
    expected = getattr(np, name)(A, B)
    _same(getattr(jnp, name)(A, B), expected, np.int32)
    _same(getattr(jnp, name)(A.astype(np.float32), B), expected, np.float32)


# padding recorded from JAX: the smallest result value, 0 for setdiff1d
@pytest.mark.parametrize("name,size,expected", [
    ("union1d", 10, [1, 2, 3, 4, 5, 7, 9, 1, 1, 1]),
    ("union1d", 3, [1, 2, 3]),
    ("intersect1d", 4, [7, 9, 7, 7]),
    ("setdiff1d", 5, [1, 3, 5, 0, 0]),
    ("setxor1d", 7, [1, 2, 3, 4, 5, 1, 1]),
])
def test_setops_size_padding(name, size, expected):
    for got in _eager_and_jit(getattr(jnp, name), A, B, size=size):
        _same(got, expected, np.int32)
    for got in _eager_and_jit(getattr(jnp, name), A, B, size=size, fill_value=-1):
        n = len(getattr(np, name)(A, B))
        _same(got[n:], [-1] * (size - n))


def test_intersect1d_return_indices():
    vals, ia, ib = jnp.intersect1d(A, B, return_indices=True)
    e_vals, e_ia, e_ib = np.intersect1d(A, B, return_indices=True)
    _same(vals, e_vals), _same(ia, e_ia, np.int32), _same(ib, e_ib, np.int32)
    # recorded from JAX: indices are padded with len(ar1) and len(ar2)
    jitted = numjax.jit(lambda a, b: jnp.intersect1d(a, b, return_indices=True, size=4))
    vals, ia, ib = jitted(A, B)
    _same(vals, [7, 9, 7, 7]), _same(ia, [2, 5, 6, 6]), _same(ib, [0, 1, 5, 5])


def test_isin():
    x = np.arange(12).reshape(3, 4)
    for got in _eager_and_jit(jnp.isin, x, A):
        _same(got, np.isin(x, A), np.bool_)
    _same(jnp.isin(x, 3, invert=True), np.isin(x, 3, invert=True))
    _same(jnp.isin(x, np.array([], np.int32)), np.zeros((3, 4), bool))


# np.unique_all / np.unique_inverse (the references below) only exist from NumPy 2.0 on.
_NO_NP_UNIQUE_ALL = "reference np.unique_all/np.unique_inverse need NumPy >= 2"


def test_unique_array_api():
    if not hasattr(np, "unique_all"):
        pytest.skip(_NO_NP_UNIQUE_ALL)
    x = np.array([[3, 1], [3, 2]])
    res = jnp.unique_all(x)
    e = np.unique_all(x)
    for got, exp in zip(res, e, strict=True):
        _same(got, exp, np.int32)
    assert res.inverse_indices.shape == (2, 2)
    counts = jnp.unique_counts(x, size=4)
    _same(counts.values, [1, 2, 3, 1]), _same(counts.counts, [1, 1, 2, 0])
    _same(jnp.unique_inverse(x).inverse_indices, np.unique_inverse(x).inverse_indices)
    for got in _eager_and_jit(jnp.unique_values, x, size=5):
        _same(got, [1, 2, 3, 1, 1])


def test_unique_inverse_has_input_shape():
    # As in JAX 0.10.2 (and NumPy 2): x's shape for axis=None, 1-D along an axis.
    x = np.array([[3, 1], [3, 2]])
    vals, idx, inv, counts = jnp.unique(x, True, True, True)
    _same(vals, [1, 2, 3]), _same(idx, [1, 3, 0]), _same(counts, [1, 1, 2])
    _same(inv, [[2, 0], [2, 1]])
    _same(jnp.unique(x, return_inverse=True, axis=0)[1], [0, 1])


def test_setops_need_size_under_jit():
    for fn in (jnp.union1d, jnp.intersect1d, jnp.setdiff1d, jnp.setxor1d):
        with pytest.raises(ConcretizationTypeError, match="size argument"):
            numjax.jit(fn)(A, B)
    with pytest.raises(ConcretizationTypeError):
        numjax.jit(jnp.unique_counts)(A)


def test_unique_all_under_jit():
    # padding recorded from JAX: values and indices repeat the first entry, counts are 0
    x = np.array([[3, 1], [3, 2]])
    res = numjax.jit(lambda x: jnp.unique_all(x, size=5))(x)
    _same(res.values, [1, 2, 3, 1, 1]), _same(res.indices, [1, 3, 0, 1, 1])
    _same(res.inverse_indices, [[2, 0], [2, 1]]), _same(res.counts, [1, 1, 2, 0, 0])
    res = numjax.jit(lambda x: jnp.unique_all(x, size=2, fill_value=9))(x)
    _same(res.values, [1, 2]), _same(res.counts, [1, 1])
    _same(res.inverse_indices, [[2, 0], [2, 1]])
    if not hasattr(np, "unique_all"):
        pytest.skip(_NO_NP_UNIQUE_ALL)
    nan = np.array([2.0, np.nan, np.nan, 1.0])  # NaNs are all distinct, as in NumPy and JAX
    for got, exp in zip(jnp.unique_all(nan), np.unique_all(nan), strict=True):
        _same(got, exp)


def test_setops_vmap_and_grad():
    batch = np.stack([A, A[::-1] + 1])
    got = numjax.vmap(lambda a: jnp.union1d(a, B, size=9))(batch)
    for row, a in zip(np.asarray(got), batch, strict=True):
        u = np.union1d(a, B)
        np.testing.assert_array_equal(row, np.concatenate([u, np.full(9 - len(u), u[0])]))
    x = np.array([0.5, -1.0, 2.0])
    g = numjax.grad(lambda x: jnp.sum(jnp.union1d(x, x[:1] * 3) ** 2))(x)
    _same(g, 2 * x + np.array([18 * x[0], 0, 0]))  # x[0]*3 = 1.5 is a distinct element


# ---------------------------------------------------------------------------------------------
# choosing and placing


def test_choose():
    idx = np.array([0, 1, 2, 1])
    choices = [np.arange(4), 10 * np.arange(4), np.full(4, 100)]
    _same(jnp.choose(idx, choices), np.choose(idx, choices))
    bad = np.array([0, 5, -1])
    for mode in ("clip", "wrap"):
        got = numjax.jit(lambda i, c, m=mode: jnp.choose(i, [c, 10 * c], mode=m))(bad, np.arange(3))
        _same(got, np.choose(bad, [np.arange(3), 10 * np.arange(3)], mode=mode))
    with pytest.raises(ValueError, match="invalid entry in choice array"):
        jnp.choose(bad, choices)
    with pytest.raises(ConcretizationTypeError):
        numjax.jit(lambda i: jnp.choose(i, choices))(idx)


def test_compress_extract():
    m = np.arange(6).reshape(3, 2)
    _same(jnp.compress(np.array([1, 0, 1]), m, axis=0), np.compress([1, 0, 1], m, axis=0))
    _same(jnp.compress(np.array([1, 0]), m, axis=1), np.compress([1, 0], m, axis=1))
    _same(jnp.compress(np.array([0, 1]), np.arange(3)), [1])
    for got in _eager_and_jit(jnp.compress, np.array([0, 1, 1]), np.arange(6), size=3,
                              fill_value=-1):
        _same(got, [1, 2, -1])
    cond = np.arange(6) % 2 == 0
    _same(jnp.extract(cond, np.arange(6.0)), np.extract(cond, np.arange(6.0)), np.float32)
    for got in _eager_and_jit(jnp.extract, cond, np.arange(6.0), size=4):
        _same(got, [0.0, 2.0, 4.0, 0.0])
    with pytest.raises(ValueError, match="out of bounds"):
        jnp.compress(np.array([0, 1, 1, 1]), np.arange(3))
    with pytest.raises(ValueError, match="size must be positive"):
        jnp.compress(np.array([0, 1, 1]), np.arange(6), size=4)
    with pytest.raises(TracerBoolConversionError):
        numjax.jit(jnp.extract)(cond, np.arange(6))


def test_place_put():
    a = np.arange(5)
    with pytest.raises(ValueError, match="cannot modify arrays in-place"):
        jnp.place(a, a > 1, np.array([9]))
    with pytest.raises(ValueError, match="cannot modify arrays in-place"):
        jnp.put(a, np.array([1]), np.array([9]))
    expected = a.copy()
    np.place(expected, a > 1, [9, 8])
    for got in _eager_and_jit(jnp.place, a, a > 1, np.array([9, 8]), inplace=False):
        _same(got, expected)
    ind, v = np.array([1, 7, -1, -9]), np.array([9, 8, 7, 6])
    for mode in ("clip", "wrap"):
        expected = a.copy()
        np.put(expected, ind, v, mode=mode)
        _same(jnp.put(a, ind, v, mode=mode, inplace=False), expected)
    # recorded from JAX: mode=None counts negative indices from the end, then clips
    _same(jnp.put(a, ind, v, inplace=False), [6, 9, 2, 3, 7])
    _same(jnp.put(a, np.array([1, 3, 2, 0]), np.array([9, 8]), inplace=False), [8, 9, 9, 8, 4])
    with pytest.raises(NotImplementedError, match="'raise' mode"):
        jnp.put(a, ind, v, mode="raise", inplace=False)


# ---------------------------------------------------------------------------------------------
# differences, windows, polynomials


def test_gradient():
    f = F.astype(np.float64) ** 2
    _same(jnp.gradient(F[0]), np.gradient(F[0]), np.float32)
    got = jnp.gradient(f, np.array([0.0, 1.0, 3.0]), 2.0)
    for g, e in zip(got, np.gradient(f, np.array([0.0, 1.0, 3.0]), 2.0), strict=True):
        _same(g, e)
    _same(numjax.jit(lambda x: jnp.gradient(x, axis=1))(f), np.gradient(f, axis=1))
    # recorded from JAX: an int array with a Python-float spacing gives a weak float32
    _same(jnp.gradient(np.array([1, 4, 9, 16]), 2.0), [1.5, 2.0, 3.0, 3.5], np.float32, True)
    with pytest.raises(NotImplementedError):
        jnp.gradient(f, edge_order=2)


def test_unwrap():
    p = np.array([0, 3, 6.5, 0.2, -3, 3.5, 12.0])
    for got in _eager_and_jit(jnp.unwrap, p):
        _same(got, np.unwrap(p), np.float32, rtol=1e-5)
    q = np.array([[0, 3, 6.5], [0.2, -3, 3.5]])
    _same(jnp.unwrap(q, axis=0, discont=4.0), np.unwrap(q, axis=0, discont=4.0))
    # recorded from JAX: integer input with an integer period stays integer
    _same(jnp.unwrap(np.array([0, 1, 5, 9]), period=4), [0, 1, 1, 1], np.int32)


def test_kaiser():
    for m, beta in ((0, 1.0), (1, 2.0), (4, 2.0), (7, 0.5)):
        _same(jnp.kaiser(m, beta), np.kaiser(m, beta), np.float32, rtol=1e-5)


def test_poly_polydiv_roots_polyfit():
    _same(jnp.poly(np.array([1, 2])), np.poly([1, 2]), np.float32)
    m = np.array([[1.0, 2], [3, 4]])
    _same(jnp.poly(m), np.poly(m), rtol=1e-4)
    u, v = np.array([1.0, 2, 3, 4]), np.array([2.0, 1])
    q, r = jnp.polydiv(u, v)
    e_q, e_r = np.polydiv(u, v)
    _same(q, e_q), _same(r[-len(e_r):], e_r)
    _same(r[: -len(e_r)], np.zeros(len(u) - len(e_r)))  # JAX keeps len(u) coefficients
    _same(jnp.polydiv(u, v, trim_leading_zeros=True)[1], e_r)
    p = np.array([0, 1.0, -6, 11, -6, 0, 0])
    got = jnp.roots(p)
    assert got.dtype == np.complex64
    np.testing.assert_allclose(np.sort_complex(np.asarray(got)), np.sort_complex(np.roots(p)),
                               atol=1e-4)
    with pytest.raises(ConcretizationTypeError):
        numjax.jit(jnp.roots)(p)
    got = numjax.jit(functools.partial(jnp.roots, strip_zeros=False))(p[1:-2])
    np.testing.assert_allclose(np.sort_complex(np.asarray(got)), [1, 2, 3], atol=1e-4)
    x = np.arange(6.0)
    y = x**2 - 2 * x + 1 + 0.1 * np.sin(x)
    _same(jnp.polyfit(x, y, 2), np.polyfit(x, y, 2), rtol=1e-4, atol=1e-4)
    w = np.arange(1, 7.0)
    _same(jnp.polyfit(x, y, 1, w=w), np.polyfit(x, y, 1, w=w), rtol=1e-4, atol=1e-4)


# ---------------------------------------------------------------------------------------------
# bits and histograms


def test_packbits_unpackbits():
    bits = np.arange(30).reshape(3, 10) % 3 == 0
    for order in ("big", "little"):
        for axis in (None, 0, 1):
            got = jnp.packbits(bits, axis=axis, bitorder=order)
            _same(got, np.packbits(bits, axis=axis, bitorder=order), np.uint8)
    u = np.array([[5, 200], [255, 0]], np.uint8)
    for axis, count in ((None, None), (0, 3), (1, 12)):
        for got in _eager_and_jit(jnp.unpackbits, u, axis=axis, count=count, bitorder="little"):
            _same(got, np.unpackbits(u, axis=axis, count=count, bitorder="little"), np.uint8)
    with pytest.raises(TypeError, match="unsigned byte"):
        jnp.unpackbits(np.array([1, 2]))
    with pytest.raises(TypeError, match="integer or boolean"):
        jnp.packbits(np.array([1.0]))


def test_histogram2d_histogramdd():
    # data spanning exactly [0, 1], so that float32 and float64 bin edges agree
    x, y = (np.concatenate([[0.0, 1.0], RNG.uniform(size=18)]) for _ in range(2))
    w = RNG.uniform(size=20)
    for kwargs in ({"bins": 4}, {"bins": [2, 4], "density": True},
                   {"bins": 3, "range": [[-1, 1], [0, 0.5]], "weights": w}):
        got = jnp.histogram2d(x, y, **kwargs)
        expected = np.histogram2d(x, y, **kwargs)
        for g, e in zip(got, expected, strict=True):
            _same(g, e, rtol=1e-4, atol=1e-5)
    # recorded from JAX: unweighted counts are integers
    assert jnp.histogram2d(x, y, bins=2)[0].dtype == np.int32
    sample = np.stack([x, y, w], axis=1)
    hist, edges = numjax.jit(lambda s: jnp.histogramdd(s, bins=(2, 3, 1)))(sample)
    e_hist, e_edges = np.histogramdd(sample, bins=(2, 3, 1))
    _same(hist, e_hist)
    for g, e in zip(edges, e_edges, strict=True):
        _same(g, e, rtol=1e-5)


# ---------------------------------------------------------------------------------------------
# host-side helpers


def test_host_helpers():
    assert jnp.iterable([1]) and not jnp.iterable(1)
    assert jnp.array_str(jnp.arange(3)) == "[0 1 2]"
    assert "dtype=int32" in jnp.array_repr(jnp.arange(3))
    with jnp.printoptions(precision=2):
        assert jnp.get_printoptions()["precision"] == 2
    _same(jnp.frombuffer(b"\x01\x02", dtype=jnp.uint8), [1, 2], np.uint8)
    _same(jnp.fromstring("1 2", sep=" "), [1.0, 2.0], np.float32)
    with pytest.raises(NotImplementedError):
        jnp.fromiter(iter([1, 2]), float)
    ops = (np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 5)))
    path, _ = jnp.einsum_path("ij,jk,kl->il", *ops)
    assert path == [(0, 1), (0, 1)]  # recorded from JAX


# ---------------------------------------------------------------------------------------------
# derivatives (float64)


@pytest.mark.parametrize("name,fn,arg", [
    ("angle", lambda x: jnp.angle(x * (1 + 0.5j) + 1j), [0.3, -1.2, 2.5]),
    ("i0", jnp.i0, [0.3, -1.2, 2.5]),
    ("gradient", lambda x: jnp.gradient(x**2, jnp.cumsum(x * x + 1)), [0.3, -1.2, 2.5, 0.9]),
    ("unwrap", lambda x: jnp.unwrap(3 * x), [0.3, -1.2, 2.5, 0.9]),
    ("kaiser", lambda b: jnp.kaiser(5, b[0]), [2.0]),
    ("poly", jnp.poly, [0.3, -1.2, 2.5]),
    ("polydiv", lambda x: jnp.polydiv(x, x[:2] + 2)[0], [0.3, -1.2, 2.5, 0.9]),
    ("polyfit", lambda y: jnp.polyfit(jnp.arange(5.0), y, 2), [0.3, -1.2, 2.5, 0.9, 0.1]),
    ("choose", lambda x: jnp.choose(jnp.array([0, 1, 1]), [x, x**2]), [0.3, -1.2, 2.5]),
    ("compress", lambda x: jnp.compress(jnp.array([1, 0, 1]), x**2), [0.3, -1.2, 2.5]),
    ("extract", lambda x: jnp.extract(jnp.array([1, 0, 1]), x**2, size=3), [0.3, -1.2, 2.5]),
    ("place", lambda x: jnp.place(x, x > 0, x[:1] * 3, inplace=False), [0.3, -1.2, 2.5]),
    ("put", lambda x: jnp.put(x, jnp.array([2]), x[:1] * 3, inplace=False), [0.3, -1.2, 2.5]),
    ("setdiff1d", lambda x: jnp.setdiff1d(x, x[:1], size=2), [0.3, -1.2, 2.5]),
])
def test_grads(x64, name, fn, arg):
    tu.check_grads(fn, (np.array(arg),), order=1, modes=("fwd", "rev"), err_msg=name)


# ---------------------------------------------------------------------------------------------
# ufunc, files


def test_frompyfunc_ufunc():
    u = jnp.frompyfunc(lambda a, b: a * b + 1, 2, 1, identity=0)
    assert repr(u) == "<jnp.ufunc '<lambda>'>" and isinstance(u, jnp.ufunc)
    x = np.arange(1, 7).reshape(2, 3)
    _same(u(np.arange(3), 2), [1, 3, 5], np.int32)
    _same(u.outer(np.arange(2), np.arange(3)), np.multiply.outer(np.arange(2), np.arange(3)) + 1)
    # recorded from JAX: reduce folds from the identity when there is one; accumulate does not
    _same(u.reduce(x, axis=1), [10, 37])
    _same(numjax.jit(lambda x: u.reduce(x, axis=1))(x), [10, 37])
    _same(u.reduce(x, axis=0, keepdims=True), [[5, 6, 7]])
    _same(jnp.frompyfunc(lambda a, b: a * b + 1, 2, 1).reduce(x, axis=1), [10, 127])
    _same(u.accumulate(x, axis=1), [[1, 3, 10], [4, 21, 127]])
    _same(numjax.vmap(u.accumulate)(x), [[1, 3, 10], [4, 21, 127]])
    _same(u.at(np.zeros(3), np.array([0, 0, 2]), 2, inplace=False), [3, 0, 1], np.float32)
    with pytest.raises(ValueError, match="cannot modify arrays in-place"):
        u.at(np.zeros(3), np.array([0]), 2)
    with pytest.raises(ValueError, match="no identity"):
        jnp.frompyfunc(lambda a, b: a + b, 2, 1).reduce(np.zeros((0,)))
    g = numjax.grad(lambda x: jnp.frompyfunc(lambda a, b: a * jnp.sin(b), 2, 1).reduce(x))
    x = np.array([1.0, 2.0, 3.0])
    _same(g(x), [np.sin(2) * np.sin(3), np.cos(2) * np.sin(3), np.sin(2) * np.cos(3)])


def test_load_save_dlpack(tmp_path):
    path = str(tmp_path / "a.npy")
    jnp.save(path, jnp.arange(3.0))
    got = jnp.load(path)
    assert isinstance(got, numjax.Array)
    _same(got, [0.0, 1.0, 2.0], np.float32)
    _same(jnp.from_dlpack(np.arange(3.0)), [0.0, 1.0, 2.0], np.float32)
    with pytest.raises(NotImplementedError):
        jnp.fromfile(path)
