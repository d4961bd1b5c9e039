"""numjax.scipy.stats against scipy.stats (values over representative inputs, float64 and
float32), JAX 0.10.2 (edge values, dtypes, errors: recorded below), central differences
(gradients in float64) and Python loops / eager runs (vmap, jit)."""

import numpy as np
import pytest

ss = pytest.importorskip("scipy.stats")

import numjax
from numjax._src import test_util as tu
from numjax.scipy import stats as st

INF, NAN = np.inf, np.nan
RNG = np.random.default_rng(1)


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


X = np.linspace(-3.0, 4.0, 15)
POS = np.linspace(0.05, 5.0, 12)
UNIT = np.linspace(0.02, 0.98, 12)
Q = np.array([0.0, 1e-6, 0.02, 0.3, 0.5, 0.77, 0.999, 1.0])
K = np.arange(-1.0, 9.0)
LS = (0.5, 1.7)  # loc, scale


def _cases():
    c = []

    def add(dist, fn, args, ref_dist=None, ref_fn=None):
        c.append((f"{dist}.{fn}", getattr(getattr(st, dist), fn),
                  getattr(getattr(ss, ref_dist or dist), ref_fn or fn), args))

    for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        add("norm", fn, (X,))
        add("norm", fn, (X, *LS))
        add("cauchy", fn, (X, *LS))
    for fn in ("ppf", "isf"):
        add("norm", fn, (Q, *LS))
        add("cauchy", fn, (Q[1:-1], *LS))
        add("logistic", fn, (Q, *LS))
    for fn in ("logpdf", "pdf", "cdf"):
        add("laplace", fn, (X, *LS))
    for fn in ("logpdf", "pdf", "cdf", "sf"):
        add("logistic", fn, (X, *LS))
    for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        add("expon", fn, (X, *LS))
        add("gamma", fn, (X, 2.5, *LS))
        add("gamma", fn, (POS, 0.7))
        add("chi2", fn, (X, 3.0, *LS))
        add("chi2", fn, (POS, 1.0))
        add("beta", fn, (UNIT, 2.0, 3.5))
        add("beta", fn, (X, 0.7, 1.5, -2.0, 5.0))
    add("expon", "ppf", (Q, *LS))
    for fn in ("logpdf", "pdf", "cdf"):
        add("uniform", fn, (X, -1.0, 3.0))
    add("uniform", "ppf", (Q, -1.0, 3.0))
    for fn in ("logpdf", "pdf"):
        add("t", fn, (X, 3.0))
        add("t", fn, (X, 0.7, *LS))
    for fn in ("logpmf", "pmf"):
        add("bernoulli", fn, (K[:4], 0.3))
        add("bernoulli", fn, (K[:4], 0.3, 1))
        add("binom", fn, (K, 6.0, 0.35))
        add("binom", fn, (K, 6.0, 0.35, 2))
        add("geom", fn, (K, 0.3))
        add("geom", fn, (K, 0.3, 2))
        add("poisson", fn, (K, 2.5))
        add("poisson", fn, (K, 2.5, 3))
    add("bernoulli", "cdf", (K[:4], 0.3))
    add("bernoulli", "ppf", (Q[1:], 0.3))  # SciPy: ppf(0) = -1; JAX: 0
    add("poisson", "cdf", (K, 2.5))
    add("poisson", "cdf", (K, 2.5, 3))
    add("poisson", "entropy", (np.array([0.1, 1.0, 5.0, 30.0, 150.0]),))
    # Less common distributions.
    for fn in ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"):
        add("truncnorm", fn, (X, -1.0, 2.0))
        add("truncnorm", fn, (X, 0.5, 3.0, *LS))
        add("truncnorm", fn, (X, -9.0, -6.0))  # far left tail: no cancellation
        add("pareto", fn, (X, 2.5, *LS))
        add("gumbel_r", fn, (X, *LS))
        add("gumbel_l", fn, (X, *LS))
    add("pareto", "ppf", (Q, 2.5, *LS))
    add("gumbel_r", "ppf", (Q[1:-1], *LS))  # JAX: nan at q = 0, 1 (SciPy: +-inf)
    add("gumbel_l", "ppf", (Q[1:-1], *LS))
    for fn in ("logpdf", "pdf", "cdf"):
        add("gennorm", fn, (X, 1.3))
    for fn in ("logpdf", "pdf"):
        add("vonmises", fn, (X, 2.5))
        add("wrapcauchy", fn, (np.linspace(0, 6, 9), 0.4))
    for fn in ("logpmf", "pmf"):
        add("nbinom", fn, (K, 3.5, 0.4))
        add("nbinom", fn, (K, 3.5, 0.4, 2))
        add("betabinom", fn, (K, 6.0, 2.0, 3.5))
        add("betabinom", fn, (K, 6.0, 2.0, 3.5, 2))
    return c


CASES = _cases()


def _close(got, ref, rtol, atol):
    got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    fin = np.isfinite(ref)
    np.testing.assert_array_equal(got[~fin], ref[~fin])
    np.testing.assert_allclose(got[fin], ref[fin], rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_float64_vs_scipy(case, x64):
    name, fn, ref, args = case
    got = fn(*args)
    assert got.dtype == np.float64
    rtol = 2e-3 if name == "poisson.entropy" else 1e-10  # JAX's large-mu asymptotic form
    _close(got, ref(*args), rtol=rtol, atol=1e-300)


@pytest.mark.parametrize("case", CASES[::3], ids=[c[0] for c in CASES[::3]])
def test_float32_vs_scipy(case):
    name, fn, ref, args = case
    args32 = [np.asarray(a, np.float32) for a in args]
    got = fn(*args32)
    assert got.dtype == np.float32, got.dtype
    want = ref(*[a.astype(np.float64) for a in args32])
    _close(got, want, rtol=2e-3 if name == "poisson.entropy" else 2e-5, atol=2e-6)


# ---------------------------------------------------------------------------------------------
# Edge values and conventions recorded from JAX 0.10.2 (float32)

EDGE_X = np.array([-INF, -2.0, -0.5, 0.0, 0.3, 1.0, 2.5, INF, NAN], np.float32)
EDGE = [  # (function, extra args, JAX's values on EDGE_X)
    (st.norm.logpdf, (), [-INF, -2.918939, -1.043939, -0.918939, -0.963939, -1.418939,
                          -4.043939, -INF, NAN]),
    (st.expon.logpdf, (), [-INF, -INF, -INF, 0.0, -0.3, -1.0, -2.5, -INF, NAN]),
    (st.uniform.logpdf, (), [-INF, -INF, -INF, 0.0, 0.0, 0.0, -INF, -INF, 0.0]),
    (st.uniform.cdf, (), [0.0, 0.0, 0.0, 0.0, 0.3, 1.0, 1.0, 1.0, 0.0]),
    (st.gamma.logpdf, (2.0,), [-INF, -INF, -INF, -INF, -1.503973, -1.0, -1.583709, NAN, -INF]),
    (st.gamma.logpdf, (0.5,), [-INF, -INF, -INF, INF, -0.270378, -1.572365, -3.53051, -INF,
                               -INF]),
    (st.beta.logpdf, (0.5, 0.5), [-INF, -INF, -INF, INF, -0.364405, INF, -INF, -INF, NAN]),
    (st.beta.logpdf, (-1.0, 2.0), [NAN] * 9),
    (st.beta.cdf, (2.0, 3.0), [0.0, 0.0, 0.0, 0.0, 0.3483, 1.0, 1.0, 1.0, NAN]),
    (st.t.logpdf, (-1.0,), [NAN] * 9),
    (st.chi2.logpdf, (2.0,), [-INF, -INF, -INF, NAN, -0.843148, -1.193148, -1.943148, NAN,
                              NAN]),
    (st.logistic.logpdf, (), [-INF, -2.253856, -1.448154, -1.386294, -1.40871, -1.626523,
                              -2.657779, -INF, NAN]),
    (st.cauchy.logcdf, (), [-INF, -1.913361, -1.042942, -0.693147, -0.522943, -0.287682,
                            -0.129106, 0.0, NAN]),
    (st.poisson.logpmf, (0.0,), [-INF, -INF, -INF, 0.0, -INF, -INF, -INF, -INF, -INF]),
    (st.bernoulli.logpmf, (1.5,), [-INF, -INF, -INF, NAN, NAN, 0.405465, -INF, -INF, NAN]),
    (st.geom.logpmf, (0.0,), [-INF, -INF, -INF, -INF, -INF, -INF, -INF, NAN, NAN]),
]


@pytest.mark.parametrize("case", range(len(EDGE)))
def test_edge_values_as_jax(case):
    fn, extra, want = EDGE[case]
    got = fn(EDGE_X, *extra)
    assert got.dtype == np.float32
    _close(got, np.array(want), rtol=2e-6, atol=1e-6)


def test_ppf_domains_as_jax():
    q = np.array([-0.1, 0.0, 0.5, 1.0, 1.1, NAN], np.float32)
    _close(st.expon.ppf(q), [NAN, 0.0, np.log(2), INF, NAN, NAN], 1e-6, 0)
    _close(st.uniform.ppf(q, 1.0, 2.0), [NAN, 1.0, 2.0, 3.0, NAN, NAN], 1e-6, 0)
    _close(st.norm.ppf(q), [NAN, -INF, 0.0, INF, NAN, NAN], 1e-6, 0)
    _close(st.bernoulli.ppf(q, 0.3), [NAN, 0.0, 0.0, 1.0, NAN, NAN], 1e-6, 0)
    # isf keeps the digits of small q (JAX's 1 - q rounds isf(1e-10) to inf in float32).
    np.testing.assert_allclose(st.norm.isf(np.float32(1e-10)), 6.361341, rtol=1e-6)


def test_scale_is_not_validated_except_where_jax_does():
    x = np.array([0.0, 0.3, 1.0], np.float32)
    scale = np.array([0.0, -1.0, 1.0], np.float32)
    _close(st.norm.logpdf(x, 0.0, scale), [NAN, -0.963939, -1.418939], 2e-6, 0)
    _close(st.cauchy.logpdf(x, 0.0, scale), [NAN, NAN, -1.837877], 2e-6, 0)
    _close(st.beta.logpdf(x, 2.0, 3.0, 0.0, scale), [NAN, NAN, -INF], 2e-6, 0)
    _close(st.expon.cdf(x, 0.0, scale), [NAN, -0.349859, 0.632121], 2e-6, 0)


def test_poisson_entropy_shapes_and_loc():
    mu = np.array([[1.0, 2.0], [0.0, 50.0]])
    got = st.poisson.entropy(mu, 3)
    assert got.shape == (2, 2)
    _close(got, ss.poisson.entropy(mu), rtol=1e-5, atol=1e-7)


# ---------------------------------------------------------------------------------------------
# dirichlet and multivariate_normal


def test_multinomial_vs_scipy(x64):
    p = np.array([0.2, 0.3, 0.5])
    x = np.array([[1, 2, 3], [0, 0, 6]])
    _close(st.multinomial.logpmf(x, 6, p), ss.multinomial.logpmf(x, 6, p), 1e-12, 0)
    _close(st.multinomial.pmf(x[0], 6, p), ss.multinomial.pmf(x[0], 6, p), 1e-12, 0)
    assert st.multinomial.logpmf(x[0], 5, p) == -INF
    with pytest.raises(ValueError, match="x and n must be of integer type"):
        st.multinomial.logpmf(np.array([1.0, 2.0, 3.0]), 6, p)


def test_truncnorm_edges_as_jax():
    x = np.array([-INF, -2.0, 0.0, 1.0, 2.5, INF, NAN], np.float32)
    _close(st.truncnorm.logcdf(x, -1.0, 2.0), [-INF, -INF, -0.874696, -0.181549, 0.0, 0.0, 0.0],
           2e-6, 1e-6)
    _close(st.truncnorm.sf(x, -1.0, 2.0), [1.0, 1.0, 0.583011, 0.166023, 0.0, 0.0, 1.0], 2e-6,
           1e-6)
    assert np.isnan(st.truncnorm.logpdf(x, 2.0, 1.0)).all()  # a >= b


def test_dirichlet_vs_scipy(x64):
    alpha = np.array([1.5, 2.0, 3.0])
    x = np.array([[0.2, 0.1], [0.3, 0.6], [0.5, 0.3]])
    _close(st.dirichlet.logpdf(x, alpha), ss.dirichlet.logpdf(x, alpha), 1e-12, 0)
    _close(st.dirichlet.pdf(x[:, 0], alpha), ss.dirichlet.pdf(x[:, 0], alpha), 1e-12, 0)
    # K - 1 entries: the last is 1 - sum.
    _close(st.dirichlet.logpdf(x[:2], alpha), ss.dirichlet.logpdf(x, alpha), 1e-12, 0)
    assert st.dirichlet.logpdf(np.array([0.2, 0.3, 0.6]), alpha) == -INF  # off the simplex
    assert st.dirichlet.logpdf(np.array([-0.2, 0.7, 0.5]), alpha) == -INF


def test_dirichlet_errors_as_jax():
    with pytest.raises(ValueError, match="`alpha` must be one-dimensional"):
        st.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), np.ones((3, 2)))
    with pytest.raises(ValueError, match="one entry fewer"):
        st.dirichlet.logpdf(np.array([0.2, 0.3, 0.1, 0.4]), np.ones(3))


MEAN = np.array([0.5, -1.0, 0.2])
COV = np.array([[2.0, 0.3, 0.1], [0.3, 1.0, -0.2], [0.1, -0.2, 0.7]])
PTS = np.array([[0.0, 0.0, 0.0], [1.0, -1.0, 0.5], [2.0, 3.0, -1.0]])


def test_multivariate_normal_vs_scipy(x64):
    ref = ss.multivariate_normal(MEAN, COV)
    _close(st.multivariate_normal.logpdf(PTS, MEAN, COV), ref.logpdf(PTS), 1e-12, 0)
    _close(st.multivariate_normal.pdf(PTS, MEAN, COV), ref.pdf(PTS), 1e-12, 0)
    _close(st.multivariate_normal.logpdf(PTS[1], MEAN, COV), ref.logpdf(PTS[1]), 1e-12, 0)
    # Scalar (isotropic) covariance, and the 1-d case with scalar mean.
    _close(st.multivariate_normal.logpdf(PTS, MEAN, 2.0),
           ss.multivariate_normal(MEAN, 2.0 * np.eye(3)).logpdf(PTS), 1e-12, 0)
    _close(st.multivariate_normal.logpdf(0.3, 0.0, 2.0), ss.norm.logpdf(0.3, 0, np.sqrt(2)),
           1e-12, 0)
    # A batch of covariances broadcast against a batch of points.
    covs = np.stack([COV, 2 * COV])
    got = st.multivariate_normal.logpdf(PTS[:2], np.zeros(3), covs)
    want = [ss.multivariate_normal(np.zeros(3), c).logpdf(p) for p, c in zip(PTS[:2], covs)]
    _close(got, want, 1e-12, 0)


def test_multivariate_normal_errors_as_jax():
    with pytest.raises(NotImplementedError, match="allow_singular"):
        st.multivariate_normal.logpdf(PTS, MEAN, COV, allow_singular=True)
    with pytest.raises(ValueError, match="incompatible shapes"):
        st.multivariate_normal.logpdf(PTS, MEAN, np.eye(2))
    with pytest.raises(ValueError, match="incompatible shapes"):
        st.multivariate_normal.logpdf(PTS, MEAN, np.ones(3))
    # A singular covariance gives nan (the Cholesky factor is nan), as in JAX.
    assert np.isnan(st.multivariate_normal.logpdf(PTS, MEAN, np.ones((3, 3)))).all()


# ---------------------------------------------------------------------------------------------
# Derivatives, vmap, jit, dtypes

GRADS = [  # (name, fn, args)
    ("norm.logpdf", st.norm.logpdf, (X[:4], 0.3, 1.4)),
    ("norm.logcdf", st.norm.logcdf, (X[:4], 0.3, 1.4)),
    ("norm.ppf", lambda q, s: st.norm.ppf(q, 0.2, s), (UNIT[:4], 1.3)),
    ("cauchy.logsf", st.cauchy.logsf, (X[:4], 0.3, 1.4)),
    ("laplace.logpdf", st.laplace.logpdf, (X[1:4], 0.0, 1.4)),
    ("logistic.logpdf", st.logistic.logpdf, (X[:4], 0.3, 1.4)),
    ("expon.logcdf", st.expon.logcdf, (POS[:4], 0.01, 1.4)),
    ("uniform.logpdf", st.uniform.logpdf, (UNIT[:4], 0.0, 1.5)),
    ("t.logpdf", st.t.logpdf, (X[:4], 2.5, 0.3, 1.4)),
    ("gamma.logpdf", st.gamma.logpdf, (POS[:4], 2.5, 0.01, 1.4)),
    # Shape parameters of the incomplete gamma are differentiable once (as in JAX).
    ("gamma.cdf", lambda x, s: st.gamma.cdf(x, 2.5, 0.01, s), (POS[:4], 1.4)),
    ("chi2.logsf", lambda x, s: st.chi2.logsf(x, 3.0, 0.01, s), (POS[:4], 1.4)),
    ("beta.logpdf", st.beta.logpdf, (UNIT[:4], 2.0, 3.5)),
    ("beta.cdf", lambda x: st.beta.cdf(x, 2.0, 3.5), (UNIT[:4],)),
    ("bernoulli.logpmf", lambda p: st.bernoulli.logpmf(np.array([0.0, 1.0]), p), (0.3,)),
    ("binom.logpmf", lambda p: st.binom.logpmf(K[1:5], 6.0, p), (0.35,)),
    ("geom.logpmf", lambda p: st.geom.logpmf(K[2:6], p), (0.3,)),
    ("poisson.logpmf", lambda mu: st.poisson.logpmf(K[1:6], mu), (2.5,)),
    ("poisson.cdf", lambda mu: st.poisson.cdf(K[1:6], mu), (2.5,)),
    ("dirichlet.logpdf", lambda a: st.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), a),
     (np.array([1.5, 2.0, 3.0]),)),
    ("multivariate_normal.logpdf", st.multivariate_normal.logpdf, (PTS, MEAN, COV)),
    ("truncnorm.logpdf", lambda x, s: st.truncnorm.logpdf(x, -1.0, 2.0, 0.1, s), (X[5:9], 1.2)),
    ("truncnorm.logcdf", lambda x: st.truncnorm.logcdf(x, -1.0, 2.0), (X[5:9],)),
    ("pareto.logpdf", st.pareto.logpdf, (POS[6:10], 2.5, 0.01, 1.2)),
    ("gumbel_r.logsf", st.gumbel_r.logsf, (X[:4], 0.3, 1.4)),
    ("gumbel_l.logcdf", st.gumbel_l.logcdf, (X[:4], 0.3, 1.4)),
    ("gennorm.logpdf", st.gennorm.logpdf, (X[9:13], 1.3)),
    ("vonmises.logpdf", st.vonmises.logpdf, (X[:4], 2.5)),
    ("wrapcauchy.logpdf", st.wrapcauchy.logpdf, (UNIT[:4] * 6, 0.4)),
    ("nbinom.logpmf", lambda n, p: st.nbinom.logpmf(K[1:5], n, p), (3.5, 0.4)),
    ("betabinom.logpmf", lambda a, b: st.betabinom.logpmf(K[1:5], 6.0, a, b), (2.0, 3.5)),
]


@pytest.mark.parametrize("case", GRADS, ids=[c[0] for c in GRADS])
def test_gradients_float64(case, x64):
    _, fn, args = case
    args = tuple(np.asarray(a, np.float64) for a in args)
    order = 1 if "multivariate" in case[0] else 2
    tu.check_grads(fn, args, order=order, eps=1e-6, rtol=1e-5, atol=1e-7)


def test_shape_parameter_gradients_first_order(x64):
    tu.check_grads(lambda a: st.gamma.cdf(POS[:4], a, 0.01, 1.4), (2.5,), order=1)
    tu.check_grads(lambda df: st.chi2.logsf(POS[:4], df), (3.0,), order=1)


VMAP = [
    ("norm.logpdf", st.norm.logpdf, (X[:5], np.linspace(0.1, 0.5, 5), np.linspace(1, 2, 5))),
    ("gamma.cdf", st.gamma.cdf, (POS[:5], np.linspace(0.5, 3, 5))),
    ("beta.logpdf", st.beta.logpdf, (UNIT[:5], np.linspace(0.5, 3, 5), 2.0)),
    ("poisson.logpmf", st.poisson.logpmf, (K[:5], np.linspace(0.5, 3, 5))),
    ("t.pdf", st.t.pdf, (X[:5], np.linspace(1, 5, 5))),
]


@pytest.mark.parametrize("case", VMAP, ids=[c[0] for c in VMAP])
def test_vmap_and_jit(case):
    _, fn, args = case
    args = [np.asarray(a, np.float32) for a in args]
    in_axes = tuple(0 if np.ndim(a) else None for a in args)
    tu.check_vmap(fn, args, in_axes=in_axes, rtol=1e-6, atol=1e-7)
    tu.check_jit(fn, args, rtol=1e-6, atol=1e-7)


def test_multivariate_normal_vmap_and_jit():
    args = [PTS.astype(np.float32), MEAN.astype(np.float32), COV.astype(np.float32)]
    tu.check_vmap(st.multivariate_normal.logpdf, args, in_axes=(0, None, None), rtol=1e-5,
                  atol=1e-6)
    tu.check_jit(st.multivariate_normal.logpdf, args, rtol=1e-5, atol=1e-6)


def test_dtypes_as_jax():
    assert st.norm.logpdf(0.3).dtype == np.float32 and st.norm.logpdf(0.3).weak_type
    assert not st.norm.cdf(0.3).weak_type  # ndtr drops the weak type in JAX
    assert st.gamma.cdf(1, 2).dtype == np.float32
    assert st.poisson.logpmf(np.int32(2), 2.0).dtype == np.float32
    assert not st.uniform.cdf(0.3).weak_type
    assert st.beta.pdf(np.float16(0.3), 2.0, 3.0).dtype == np.float16
    with pytest.raises(TypeError, match="x.dtype=int32 is not supported"):
        st.norm.ppf(1)
    numjax.config.update("jax_enable_x64", True)
    try:
        assert st.norm.logpdf(0.3).dtype == np.float64
        assert st.t.logpdf(np.float32(0.3), 3.0).dtype == np.float32
    finally:
        numjax.config.update("jax_enable_x64", False)


# Public functions of each jax.scipy.stats distribution module in JAX 0.10.2.
JAX_STATS = {
    "bernoulli": "cdf logpmf pmf ppf",
    "beta": "cdf logcdf logpdf logsf pdf sf",
    "betabinom": "logpmf pmf",
    "binom": "logpmf pmf",
    "cauchy": "cdf isf logcdf logpdf logsf pdf ppf sf",
    "chi2": "cdf logcdf logpdf logsf pdf sf",
    "dirichlet": "logpdf pdf",
    "expon": "cdf logcdf logpdf logsf pdf ppf sf",
    "gamma": "cdf logcdf logpdf logsf pdf sf",
    "geom": "logpmf pmf",
    "gennorm": "cdf logpdf pdf",
    "gumbel_l": "cdf logcdf logpdf logsf pdf ppf sf",
    "gumbel_r": "cdf logcdf logpdf logsf pdf ppf sf",
    "laplace": "cdf logpdf pdf",
    "logistic": "cdf isf logpdf pdf ppf sf",
    "multinomial": "logpmf pmf",
    "multivariate_normal": "logpdf pdf",
    "nbinom": "logpmf pmf",
    "norm": "cdf isf logcdf logpdf logsf pdf ppf sf",
    "pareto": "cdf logcdf logpdf logsf pdf ppf sf",
    "poisson": "cdf entropy logpmf pmf",
    "t": "logpdf pdf",
    "truncnorm": "cdf logcdf logpdf logsf pdf sf",
    "uniform": "cdf logpdf pdf ppf",
    "vonmises": "logpdf pdf",
    "wrapcauchy": "logpdf pdf",
}
# Not provided: jax.scipy.stats.gaussian_kde.


def test_top_level_names_match_jax():
    public = {n for n in dir(st) if not n.startswith("_")}
    assert public == set(JAX_STATS) | {"mode", "rankdata", "sem"}


@pytest.mark.parametrize("dist", sorted(JAX_STATS))
def test_distribution_modules_match_jax(dist):
    module = getattr(st, dist)
    public = {n for n in dir(module) if not n.startswith("_")}
    assert public == set(JAX_STATS[dist].split()), dist


def test_module_layout_as_jax():
    import numjax.scipy.stats.norm as norm_module

    assert norm_module.logpdf is st.norm.logpdf
    assert numjax.scipy.stats.norm is st.norm
    assert not hasattr(st.bernoulli, "logcdf") and hasattr(st.poisson, "entropy")


def test_sem_vs_scipy():
    a = np.random.default_rng(3).standard_normal((3, 4)).astype(np.float32)
    np.testing.assert_allclose(st.sem(a), ss.sem(a), rtol=1e-5)
    np.testing.assert_allclose(st.sem(a, axis=None), ss.sem(a, axis=None), rtol=1e-5)
    np.testing.assert_allclose(st.sem(a, axis=1, ddof=0, keepdims=True),
                               ss.sem(a, axis=1, ddof=0, keepdims=True), rtol=1e-5)
    b = np.array([1.0, NAN, 3.0, 4.0], np.float32)
    np.testing.assert_allclose(st.sem(b, nan_policy="omit"), ss.sem(b, nan_policy="omit"),
                               rtol=1e-5)
    assert np.isnan(st.sem(b))
    with pytest.raises(ValueError, match="raise is not supported"):
        st.sem(b, nan_policy="raise")


TIES = np.array([[3.0, 1.0, 3.0, 2.0, 1.0, 3.0], [0.0, 0.0, 5.0, 5.0, 1.0, 7.0]], np.float32)


@pytest.mark.parametrize("method", ["average", "min", "max", "dense", "ordinal"])
def test_rankdata_vs_scipy(method):
    for axis in (None, 0, 1):
        got = st.rankdata(TIES, method=method, axis=axis)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, ss.rankdata(TIES, method=method, axis=axis))
    got = numjax.jit(lambda a: st.rankdata(a, method=method, axis=1))(TIES)
    np.testing.assert_array_equal(got, ss.rankdata(TIES, method=method, axis=1))
    got = numjax.vmap(lambda a: st.rankdata(a, method=method))(TIES)
    np.testing.assert_array_equal(got, ss.rankdata(TIES, method=method, axis=1))


def test_rankdata_nan_and_errors_as_jax():
    assert np.isnan(st.rankdata(np.array([1.0, NAN, 2.0]))).all()
    np.testing.assert_array_equal(st.rankdata(np.array([3, 1, 2])), [3.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="unknown method 'x'"):
        st.rankdata(TIES, method="x")
    with pytest.raises(NotImplementedError, match="omit is not implemented"):
        st.rankdata(TIES, nan_policy="omit")


def test_mode_vs_scipy():
    for axis in (0, 1, None):
        got, want = st.mode(TIES, axis=axis), ss.mode(TIES, axis=axis)
        np.testing.assert_array_equal(got.mode, want.mode)
        np.testing.assert_array_equal(got.count, want.count)
        assert got.count.dtype == np.int32
    got = st.mode(TIES, axis=1, keepdims=True)
    assert got.mode.shape == (2, 1) and got._fields == ("mode", "count")
    got = numjax.jit(lambda a: st.mode(a, axis=1))(TIES)
    np.testing.assert_array_equal(got.mode, [3.0, 0.0])
    empty = st.mode(np.zeros((0,)))
    assert np.isnan(empty.mode) and empty.count == 0
    with pytest.raises(ValueError, match="Illegal nan_policy"):
        st.mode(TIES, nan_policy="bad")
