"""numjax.scipy.special against SciPy (values), JAX 0.10.2 (edge values, dtypes, errors, recorded
below), central differences (gradients in float64), and Python loops / eager runs (vmap, jit)."""

import numpy as np
import pytest

sc = pytest.importorskip("scipy.special")

import numjax
import numjax.numpy as jnp
from numjax._src import test_util as tu
from numjax.scipy import special as S

INF, NAN = np.inf, np.nan
RNG = np.random.default_rng(0)


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


def _grid(lo, hi, n=40):
    return np.linspace(lo, hi, n)


# name -> (numjax fn, scipy fn, float64 argument grids)
UNARY = {
    "erf": (S.erf, sc.erf, [_grid(-5, 5)]),
    "erfc": (S.erfc, sc.erfc, [_grid(-5, 25)]),
    "erfinv": (S.erfinv, sc.erfinv, [_grid(-0.999, 0.999)]),
    "erfcx": (S.erfcx, sc.erfcx, [np.concatenate([_grid(-20, 30), [1e5, 1e10]])]),
    "boxcox": (S.boxcox, sc.boxcox, [_grid(0.1, 5, 9).repeat(9), np.tile(_grid(-2, 2, 9), 9)]),
    "boxcox1p": (S.boxcox1p, sc.boxcox1p, [_grid(-0.9, 5, 9).repeat(9),
                                           np.tile(_grid(-2, 2, 9), 9)]),
    "gammaln": (S.gammaln, sc.gammaln, [_grid(-9.7, 30)]),
    "gamma": (S.gamma, sc.gamma, [_grid(-5.3, 20)]),
    "gammasgn": (S.gammasgn, sc.gammasgn, [_grid(-5.3, 5)]),
    "loggamma": (S.loggamma, sc.loggamma, [_grid(0.05, 30)]),
    "digamma": (S.digamma, sc.digamma, [_grid(-5.3, 30)]),
    "expit": (S.expit, sc.expit, [_grid(-30, 30)]),
    "logit": (S.logit, sc.logit, [_grid(0.01, 0.99)]),
    "ndtr": (S.ndtr, sc.ndtr, [_grid(-30, 10)]),
    "ndtri": (S.ndtri, sc.ndtri, [np.concatenate([np.geomspace(1e-200, 0.1, 20),
                                                  _grid(0.01, 0.99)])]),
    "log_ndtr": (S.log_ndtr, sc.log_ndtr, [np.concatenate([_grid(-60, 40), [-19.9, -20.1]])]),
    "entr": (S.entr, sc.entr, [_grid(-1, 5)]),
    "i0": (S.i0, sc.i0, [_grid(-30, 30)]),
    "i0e": (S.i0e, sc.i0e, [_grid(-30, 30)]),
    "i1": (S.i1, sc.i1, [_grid(-30, 30)]),
    "i1e": (S.i1e, sc.i1e, [_grid(-30, 30)]),
    "factorial": (S.factorial, lambda n: sc.factorial(n, exact=False), [_grid(-2, 20)]),
    "spence": (S.spence, sc.spence, [np.concatenate([_grid(0, 3), [0.1, 0.5, 1.9, 2.1, 50]])]),
    "xlogy": (S.xlogy, sc.xlogy, [_grid(-2, 2, 9).repeat(9), np.tile(_grid(0, 4, 9), 9)]),
    "xlog1py": (S.xlog1py, sc.xlog1py, [_grid(-2, 2, 9).repeat(9), np.tile(_grid(-1, 3, 9), 9)]),
    "rel_entr": (S.rel_entr, sc.rel_entr, [_grid(-1, 2, 7).repeat(7), np.tile(_grid(-1, 2, 7), 7)]),
    "kl_div": (S.kl_div, sc.kl_div, [_grid(-1, 2, 7).repeat(7), np.tile(_grid(-1, 2, 7), 7)]),
    "betaln": (S.betaln, sc.betaln, [_grid(0.1, 30, 10).repeat(10), np.tile(_grid(0.2, 40, 10), 10)]),
    "beta": (S.beta, sc.beta, [_grid(0.1, 10, 10).repeat(10), np.tile(_grid(-2.5, 8, 10), 10)]),
    "gammainc": (S.gammainc, sc.gammainc, [_grid(0.1, 30, 10).repeat(10), np.tile(_grid(0, 40, 10), 10)]),
    "gammaincc": (S.gammaincc, sc.gammaincc, [_grid(0.1, 30, 10).repeat(10),
                                              np.tile(_grid(0, 40, 10), 10)]),
    "zeta": (S.zeta, sc.zeta, [_grid(1.5, 10, 10).repeat(10), np.tile(_grid(0.1, 20, 10), 10)]),
    "poch": (S.poch, sc.poch, [_grid(0.5, 5, 10).repeat(10), np.tile(_grid(-1.45, 4, 10), 10)]),
    "comb": (S.comb, lambda n, k: sc.comb(n, k, exact=False),
             [_grid(0, 20, 11).repeat(11), np.tile(_grid(-2, 22, 11), 11)]),
    "betainc": (S.betainc, sc.betainc, [_grid(0.2, 10, 5).repeat(25), np.tile(_grid(0.3, 5, 5).repeat(5), 5),
                                        np.tile(_grid(0, 1, 5), 25)]),
}


def _close(got, ref, rtol, atol=0.0):
    got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    fin = np.isfinite(ref)
    np.testing.assert_array_equal(got[~fin], ref[~fin])
    np.testing.assert_allclose(got[fin], ref[fin], rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_float64_vs_scipy(name, x64):
    fn, ref, args = UNARY[name]
    got = fn(*args)
    assert got.dtype == np.float64, got.dtype
    rtol = {"gammaincc": 1e-10, "log_ndtr": 5e-11, "betainc": 1e-10, "spence": 1e-13, "poch": 1e-11,
            "comb": 1e-11, "beta": 1e-12, "gamma": 1e-12}.get(name, 1e-12)
    _close(got, ref(*args), rtol, atol=1e-300 if name != "gammaincc" else 1e-15)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_float32_vs_scipy(name):
    fn, ref, args = UNARY[name]
    args32 = [a.astype(np.float32) for a in args]
    got = fn(*args32)
    assert got.dtype == np.float32, got.dtype
    want = ref(*[a.astype(np.float64) for a in args32])
    with np.errstate(over="ignore"):
        want = want.astype(np.float32)
    big = np.abs(np.asarray(want, np.float64)) > 1e-30
    _close(np.where(big, got, 0), np.where(big, want, 0), rtol=3e-5, atol=1e-6)


# Edge values recorded from JAX 0.10.2 (float32, x64 disabled).
EDGE_X = np.array([-INF, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, INF, NAN], np.float32)
EDGE = {
    "erfinv": [NAN, NAN, -INF, -0.47693628, 0.0, 0.47693628, INF, NAN, NAN, NAN],
    "gammaln": [INF, INF, INF, 1.2655121, INF, 0.5723649, 0.0, 0.0, INF, NAN],
    "gamma": [NAN, NAN, NAN, -3.5449077, INF, 1.7724539, 1.0, 1.0, INF, NAN],
    "gammasgn": [NAN, NAN, NAN, -1.0, 1.0, 1.0, 1.0, 1.0, 1.0, NAN],
    "digamma": [NAN, NAN, NAN, 0.03648997, NAN, -1.9635100, -0.5772157, 0.4227843, INF, NAN],
    "logit": [NAN, NAN, NAN, NAN, -INF, 0.0, INF, NAN, NAN, NAN],
    "ndtri": [NAN, NAN, NAN, NAN, -INF, 0.0, INF, NAN, NAN, NAN],
    "log_ndtr": [-INF, -3.7831843, -1.8410216, -1.1759118, -0.6931472, -0.3689464,
                 -0.1727538, -0.0230129, 0.0, NAN],
    "entr": [-INF, -INF, -INF, -INF, 0.0, 0.3465736, 0.0, -1.3862944, -INF, NAN],
    "i0": [NAN, 2.2795853, 1.2660659, 1.0634834, 1.0, 1.0634834, 1.2660659, 2.2795853, NAN, NAN],
    "i0e": [0.0, 0.3085083, 0.4657596, 0.6450353, 1.0, 0.6450353, 0.4657596, 0.3085083, 0.0, NAN],
    "i1": [NAN, -1.5906368, -0.5651591, -0.2578943, 0.0, 0.2578943, 0.5651591, 1.5906368, NAN,
           NAN],
    "i1e": [0.0, -0.2152693, -0.2079104, -0.1564208, 0.0, 0.1564208, 0.2079104, 0.2152693, 0.0,
            NAN],
    "factorial": [0.0, 0.0, 0.0, 0.0, 1.0, 0.8862269, 1.0, 2.0, INF, NAN],
    "loggamma": [NAN, NAN, NAN, NAN, NAN, 0.5723649, 0.0, 0.0, INF, NAN],
    "spence": [NAN, NAN, NAN, NAN, 1.644934, 0.5822405, 0.0, -0.822467, NAN, NAN],
    "expit": [0.0, 0.1192029, 0.2689414, 0.3775407, 0.5, 0.6224593, 0.7310586, 0.8807971, 1.0, NAN],
}


@pytest.mark.parametrize("name", sorted(EDGE))
def test_edge_values_as_jax(name):
    got = getattr(S, name)(EDGE_X)
    assert got.dtype == np.float32
    _close(got, np.array(EDGE[name]), rtol=2e-6)


BINARY_EDGES = [  # (fn, args, JAX 0.10.2's result)
    (S.xlogy, ([0.0, 0.0, 1.0, -1.0, 0.0, 2.0, 0.0], [0.0, -1.0, 0.0, 0.0, INF, NAN, NAN]),
     [0.0, 0.0, -INF, INF, 0.0, NAN, NAN]),
    (S.xlog1py, ([0.0, 0.0, 1.0, -1.0, 0.0], [-1.0, -2.0, -1.0, -1.0, INF]),
     [0.0, 0.0, -INF, INF, 0.0]),
    (S.rel_entr, ([0.0, 0.0, 1.0, -1.0, 1.0, 2.0, 0.0], [0.0, -1.0, 0.0, 1.0, INF, 1.0, 1.0]),
     [0.0, INF, INF, INF, -INF, 1.3862944, 0.0]),
    (S.kl_div, ([0.0, 0.0, 1.0, -1.0, 1.0, 2.0, 0.0], [0.0, -1.0, 0.0, 1.0, INF, 1.0, 1.0]),
     [0.0, INF, INF, INF, NAN, 0.3862944, 1.0]),
    (S.betaln, ([0.0, -1.0, 1.0, 2.5], [1.0, 2.0, 0.0, 1.5]), [INF, INF, INF, -1.6278589]),
    (S.beta, ([0.0, -1.0, 1.0, 2.5, -0.5], [1.0, 2.0, 0.0, 1.5, -0.5]),
     [INF, NAN, INF, 0.1963495, NAN]),
    (S.betainc, ([0.0, 1.0, 1.0, 2.5, -1.0, 1.0], [1.0, 0.0, 1.0, 1.5, 1.0, 1.0],
                 [0.5, 0.5, 0.0, 1.0, 0.5, 1.5]), [1.0, 0.0, 0.0, 1.0, NAN, NAN]),
    (S.gammainc, ([0.0, 1.0, 1.0, 2.5, -1.0, 1.0], [1.0, 0.0, -1.0, INF, 1.0, NAN]),
     [1.0, 0.0, NAN, 1.0, NAN, NAN]),
    (S.gammaincc, ([0.0, 1.0, 1.0, 2.5, -1.0, 1.0], [1.0, 0.0, -1.0, INF, 1.0, NAN]),
     [0.0, 1.0, NAN, 0.0, NAN, NAN]),
    (S.zeta, ([2.0, 1.0, 0.5, 2.0, 3.0, 2.0], [1.0, 1.0, 1.0, 0.0, -1.5, -2.0]),
     [1.644934, INF, NAN, INF, 0.1181020, INF]),
    (S.polygamma, (np.array([0, 1, 2, 3, -1]), [1.0, 0.0, -1.0, 2.5, 2.0]),
     [-0.5772157, INF, NAN, 0.2239058, NAN]),
    (S.comb, ([5.0, 5.0, 5.0, 3.0], [2.0, 0.0, 6.0, -1.0]), [10.0, 1.0, 0.0, 0.0]),
]


@pytest.mark.parametrize("case", range(len(BINARY_EDGES)))
def test_binary_edge_values_as_jax(case):
    fn, args, want = BINARY_EDGES[case]
    args = [np.asarray(a, np.float32) if np.asarray(a).dtype.kind == "f" else np.asarray(a)
            for a in args]
    _close(fn(*args), np.array(want), rtol=2e-6)


def test_multigammaln_vs_scipy(x64):
    a = np.array([1.6, 3.0, 7.5])
    for d in (1, 2, 3):
        np.testing.assert_allclose(S.multigammaln(a, d), sc.multigammaln(a[:, None], d)[:, 0]
                                   if False else [sc.multigammaln(v, d) for v in a], rtol=1e-13)


def test_bernoulli_numbers_and_poch_at_zero():
    np.testing.assert_allclose(S.bernoulli(12), sc.bernoulli(12), rtol=1e-7)
    np.testing.assert_array_equal(S.bernoulli(0), [1.0])
    with pytest.raises(ValueError, match="non-negative"):
        S.bernoulli(-1)
    with pytest.raises(TypeError):
        numjax.jit(S.bernoulli)(3)
    assert float(S.poch(-2.0, 0.0)) == 1.0  # m == 0 gives 1 even at a pole of gamma(z)


def test_log_ndtr_series_order():
    x = np.array([-30.0, -12.0], np.float32)
    low = S.log_ndtr(x, series_order=0)
    high = S.log_ndtr(x, series_order=5)
    np.testing.assert_allclose(high, sc.log_ndtr(x.astype(np.float64)), rtol=1e-6)
    assert not np.allclose(low, high, rtol=1e-6, atol=0)
    for bad, err in ((-1, ValueError), (31, ValueError), (2.0, TypeError)):
        with pytest.raises(err):
            S.log_ndtr(x, series_order=bad)


# ---------------------------------------------------------------------------------------------
# logsumexp, softmax


def test_logsumexp_values_and_jax_semantics():
    a = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0]], np.float32)
    np.testing.assert_allclose(S.logsumexp(a), sc.logsumexp(a), rtol=1e-6)
    np.testing.assert_allclose(S.logsumexp(a, axis=1, keepdims=True),
                               sc.logsumexp(a, axis=1, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(S.logsumexp(a, axis=(0, 1)), sc.logsumexp(a), rtol=1e-6)
    b = np.array([[1.0, -2.0, 0.5], [2.0, 1.0, 0.0]], np.float32)
    v, s = S.logsumexp(a, axis=1, b=b, return_sign=True)
    rv, rs = sc.logsumexp(a, axis=1, b=b, return_sign=True)
    np.testing.assert_allclose(v, rv, rtol=1e-5)
    np.testing.assert_array_equal(s, rs)
    # JAX: negative sum without return_sign is nan; all-zero b gives -inf with sign 0.
    assert np.isnan(S.logsumexp(np.array([1.0, 2.0]), b=np.array([1.0, -1.0])))
    v, s = S.logsumexp(np.array([1.0, 2.0]), b=np.array([0.0, 0.0]), return_sign=True)
    assert v == -INF and s == 0
    assert S.logsumexp(np.array([-INF, -INF])) == -INF
    v, s = S.logsumexp(np.array([-INF, -INF]), return_sign=True)
    assert v == -INF and s == 0
    assert S.logsumexp(np.zeros((0,), np.float32)) == -INF
    assert S.logsumexp(np.array([INF, -INF])) == INF
    assert np.isnan(S.logsumexp(np.array([NAN, 1.0])))
    w = S.logsumexp(np.arange(6.0).reshape(2, 3), axis=1,
                    where=np.array([[1, 0, 1], [0, 0, 0]], bool))
    np.testing.assert_allclose(w, [np.log(np.exp(0.0) + np.exp(2.0)), -INF], rtol=1e-6)
    assert S.logsumexp(np.arange(3)).dtype == np.float32


def test_logsumexp_gradients(x64):
    a = RNG.standard_normal((2, 3))
    b = RNG.uniform(0.5, 2.0, (2, 3))
    tu.check_grads(lambda a: S.logsumexp(a, axis=1), (a,), order=2, rtol=1e-6)
    tu.check_grads(lambda a, b: S.logsumexp(a, b=b), (a, b), order=2, rtol=1e-6)
    tu.check_grads(lambda a: S.logsumexp(a, b=np.array([2.0, -1.0]), return_sign=True)[0],
                   (np.array([1.0, 0.0]),), order=1, rtol=1e-6)
    # JAX: [nan, nan] for all -inf (0/0), [nan, 0] with a +inf entry.
    g = numjax.grad(S.logsumexp)(np.array([-INF, -INF]))
    assert np.isnan(np.asarray(g)).all()
    g = numjax.grad(lambda a: S.logsumexp(a, b=np.array([2.0, -1.0])))(np.array([1.0, 0.0]))
    e = np.exp(1.0)
    np.testing.assert_allclose(g, [2 * e / (2 * e - 1), -1 / (2 * e - 1)], rtol=1e-12)


def test_softmax_defaults_to_all_axes():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    np.testing.assert_allclose(S.softmax(x), sc.softmax(x), rtol=1e-6)
    np.testing.assert_allclose(S.log_softmax(x), sc.log_softmax(x), rtol=1e-6)
    np.testing.assert_allclose(S.softmax(x, axis=0), sc.softmax(x, axis=0), rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# Derivatives (float64, central differences and the inner-product identity)

GRADS = [  # (name, fn, args, order)
    ("erf", S.erf, (_grid(-2, 2, 5),), 2),
    ("erfc", S.erfc, (_grid(-2, 2, 5),), 2),
    ("erfinv", S.erfinv, (_grid(-0.9, 0.9, 5),), 2),
    ("erfcx", S.erfcx, (_grid(-2, 5, 5),), 2),
    ("boxcox", S.boxcox, (_grid(0.5, 3, 4), np.array([-1.0, 0.3, 0.5, 2.0])), 2),
    ("boxcox1p", S.boxcox1p, (_grid(-0.5, 3, 4), np.array([-1.0, 0.3, 0.5, 2.0])), 2),
    ("gammaln", S.gammaln, (_grid(0.3, 6, 5),), 2),
    ("gamma", S.gamma, (np.array([-1.5, -0.3, 0.6, 2.5, 4.2]),), 2),
    ("digamma", S.digamma, (_grid(0.3, 6, 5),), 2),
    ("polygamma", lambda x: S.polygamma(np.array([1, 2, 0]), x), (np.array([0.7, 1.5, 3.0]),), 2),
    ("multigammaln", lambda a: S.multigammaln(a, 3), (np.array([1.7, 3.0, 5.5]),), 2),
    ("betaln", S.betaln, (_grid(0.5, 4, 4), _grid(0.7, 6, 4)), 2),
    ("beta", S.beta, (_grid(0.5, 4, 4), _grid(0.7, 6, 4)), 2),
    ("betainc_x", lambda x: S.betainc(2.0, 1.5, x), (_grid(0.1, 0.9, 5),), 2),
    ("gammainc", S.gammainc, (_grid(0.5, 5, 5), _grid(0.3, 6, 5)), 1),
    ("gammaincc", S.gammaincc, (_grid(0.5, 5, 5), _grid(0.3, 6, 5)), 1),
    ("gammainc_x", lambda x: S.gammainc(2.5, x), (_grid(0.3, 6, 5),), 2),
    ("zeta", S.zeta, (_grid(1.5, 4, 4), _grid(0.5, 3, 4)), 2),
    ("i0", S.i0, (np.array([-2.0, -0.5, 0.7, 3.0]),), 2),
    ("i0e", S.i0e, (np.array([-2.0, -0.5, 0.7, 3.0]),), 2),
    ("i1", S.i1, (np.array([-2.0, -0.5, 0.7, 3.0]),), 2),
    ("i1e", S.i1e, (np.array([-2.0, -0.5, 0.7, 3.0]),), 2),
    ("expit", S.expit, (_grid(-3, 3, 5),), 2),
    ("logit", S.logit, (_grid(0.1, 0.9, 5),), 2),
    ("ndtr", S.ndtr, (_grid(-3, 3, 5),), 2),
    ("ndtri", S.ndtri, (_grid(0.05, 0.95, 5),), 2),
    ("log_ndtr", S.log_ndtr, (np.array([-30.0, -15.0, -2.0, 0.5, 4.0]),), 2),
    ("xlogy", S.xlogy, (np.array([-1.0, 0.5, 2.0]), np.array([0.5, 1.5, 3.0])), 2),
    ("xlog1py", S.xlog1py, (np.array([-1.0, 0.5, 2.0]), np.array([-0.5, 1.5, 3.0])), 2),
    ("entr", S.entr, (_grid(0.2, 3, 5),), 2),
    ("rel_entr", S.rel_entr, (_grid(0.2, 3, 4), _grid(0.5, 2, 4)), 2),
    ("kl_div", S.kl_div, (_grid(0.2, 3, 4), _grid(0.5, 2, 4)), 2),
    ("factorial", S.factorial, (_grid(0.2, 5, 4),), 2),
    ("poch", S.poch, (_grid(0.5, 3, 4), _grid(0.2, 2, 4)), 2),
    ("comb", S.comb, (np.array([5.0, 7.5, 10.0]), np.array([2.0, 3.2, 4.0])), 2),
    ("spence", S.spence, (np.array([0.2, 0.7, 1.4, 2.5, 5.0]),), 2),
]


@pytest.mark.parametrize("case", GRADS, ids=[c[0] for c in GRADS])
def test_gradients_float64(case, x64):
    _, fn, args, order = case
    tu.check_grads(fn, args, order=order, eps=1e-6, rtol=1e-5, atol=1e-7)


def test_gradient_edge_cases_as_jax(x64):
    # d/dx xlogy(x, y) = log(y) also at x == 0 (JAX's rule), d/dy = x / y.
    gx, gy = numjax.grad(S.xlogy, (0, 1))(0.0, 2.0)
    np.testing.assert_allclose([gx, gy], [np.log(2.0), 0.0])
    gx, gy = numjax.grad(S.xlog1py, (0, 1))(0.0, 2.0)
    np.testing.assert_allclose([gx, gy], [np.log(3.0), 0.0])
    # xlogy(0, 0) = 0; JAX's rule gives d/dx = log 0 = -inf and d/dy = 0/0 = nan there.
    assert float(S.xlogy(0.0, 0.0)) == 0.0
    gx, gy = numjax.grad(S.xlogy, (0, 1))(0.0, 0.0)
    assert gx == -INF and np.isnan(gy)
    assert numjax.grad(S.entr)(0.0) == INF
    np.testing.assert_allclose(numjax.grad(S.logit)(0.3), 1 / 0.21)
    np.testing.assert_allclose(numjax.grad(S.i1e)(0.0), 0.5)
    np.testing.assert_allclose(numjax.grad(S.i0e)(0.0), 0.0)
    np.testing.assert_allclose(numjax.grad(S.zeta, 0)(2.0, 1.5), -1.0245078426159018, rtol=1e-12)
    np.testing.assert_allclose(numjax.grad(numjax.grad(S.zeta, 0), 1)(2.0, 1.5),
                               0.11848631447780902, rtol=1e-12)
    np.testing.assert_allclose(numjax.grad(S.gammainc, 0)(2.0, 1.5), -0.3134886378250792,
                               rtol=1e-13)


def test_gammainc_derivative_in_a_vs_mpmath_values(x64):
    # d/da P(a, x) from mpmath (40 digits) at points covering both expansions of the kernel.
    a = np.array([0.01, 0.3, 5.0, 200.0, 0.5, 50.0, 2.0])
    x = np.array([0.5, 0.2, 5.0, 180.0, 10.0, 20.0, 40.0])
    want = [-0.5655459117152578, -1.0233803072203944, -0.18141910926729707,
            -0.010177598720668575, -3.371984739628729e-05, -1.1690273381623859e-08,
            -5.732487245607515e-16]
    got = numjax.vmap(numjax.grad(S.gammainc, 0))(a, x)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_allclose(numjax.grad(S.gammaincc, 0)(5.0, 5.0), 0.18141910926729707,
                               rtol=1e-12)


def test_undefined_derivatives_raise_as_jax():
    with pytest.raises(ValueError, match="Betainc gradient with respect to a and b"):
        numjax.grad(S.betainc, 0)(2.0, 1.5, 0.3)
    with pytest.raises(NotImplementedError, match="igamma_grad_a"):
        numjax.grad(numjax.grad(S.gammainc, 0), 0)(2.0, 1.5)


# ---------------------------------------------------------------------------------------------
# vmap, jit, dtypes, errors


@pytest.mark.parametrize("name", ["erf", "gammainc", "betainc", "zeta", "i1e", "xlogy", "gamma",
                                  "log_ndtr", "spence"])
def test_vmap_and_jit(name):
    fn, _, args = UNARY[name]
    args = [np.asarray(a[:6], np.float32) for a in args]
    tu.check_vmap(fn, args, in_axes=(0,) * len(args), rtol=1e-6, atol=1e-7)
    if len(args) > 1:
        in_axes = (None,) + (0,) * (len(args) - 1)
        tu.check_vmap(fn, [args[0][0]] + args[1:], in_axes=in_axes, rtol=1e-6, atol=1e-7)
    tu.check_jit(fn, args, rtol=1e-6, atol=1e-7)


def test_dtypes_as_jax(x64=None):
    assert S.erf(1).dtype == np.float32 and S.erf(1).weak_type
    assert S.erf(np.array([1, 2])).dtype == np.float32
    assert S.erf(np.float16(1)).dtype == np.float16
    assert S.gammainc(np.float32(2), 1.5).dtype == np.float32
    assert not S.gammasgn(1.0).weak_type and S.gammaln(1.0).weak_type
    assert not S.ndtr(0.5).weak_type and not S.multigammaln(2.0, 2).weak_type
    assert S.polygamma(1, 0.5).dtype == np.float32
    numjax.config.update("jax_enable_x64", True)
    try:
        assert S.erf(1).dtype == np.float64
        assert S.gammainc(np.float32(2), np.float32(1.5)).dtype == np.float32
        assert S.zeta(2.0, np.array([1.0, 2.0])).dtype == np.float64
    finally:
        numjax.config.update("jax_enable_x64", False)


def test_errors_as_jax():
    with pytest.raises(ValueError, match="must be of integer type. Got dtype float32"):
        S.polygamma(1.0, 2.0)
    with pytest.raises(NotImplementedError, match="Riemann zeta function not implemented"):
        S.zeta(2.0)
    with pytest.raises(NotImplementedError, match="exact=True"):
        S.factorial(5, exact=True)
    with pytest.raises(TypeError, match="x.dtype=int32 is not supported"):
        S.ndtr(1)
    with pytest.raises(TypeError, match="x.dtype=int32 is not supported"):
        S.log_ndtr(np.array([1, 2], np.int32))
    with pytest.raises(numjax.errors.ConcretizationTypeError):
        numjax.jit(S.multigammaln)(2.0, 2)


JAX_SPECIAL = [
    "bernoulli", "bessel_jn", "beta", "betainc", "betaln", "boxcox", "boxcox1p", "comb", "dawsn",
    "digamma", "entr", "erf", "erfc", "erfcx", "erfinv", "exp1", "expi", "expit", "expn",
    "factorial", "fresnel", "gamma", "gammainc", "gammaincc", "gammaln", "gammasgn", "hyp1f1",
    "hyp2f1", "i0", "i0e", "i1", "i1e", "kl_div", "log_ndtr", "log_softmax", "loggamma", "logit",
    "logsumexp", "multigammaln", "ndtr", "ndtri", "owens_t", "poch", "polygamma", "rel_entr",
    "sici", "softmax", "spence", "sph_harm_y", "wofz", "xlog1py", "xlogy", "zeta"
]
NOT_PROVIDED: set[str] = set()


def test_names_match_jax_except_the_listed_ones():
    public = {n for n in dir(S) if not n.startswith("_")}
    assert public == set(JAX_SPECIAL) - NOT_PROVIDED


def test_reachable_as_jax_scipy_attribute():
    assert numjax.scipy.special.erf is S.erf
    assert float(jnp.asarray(numjax.scipy.special.gammaln(3.0))) == pytest.approx(np.log(2))
