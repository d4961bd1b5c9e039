"""numjax.scipy.special (`jax.scipy.special`): special functions on jnp and lax operations.

Every function promotes its arguments as JAX does (integers to the default float, Python
scalars weakly typed), then composes lax primitives (the heavy kernels live in
`_src/special.py` behind primitives with derivative rules), so each one is differentiable,
batchable and stageable. Edge values (0, negative, inf, nan) follow JAX 0.10.2.

xlogy, xlog1py, entr and logit carry custom JVP rules (numjax.custom_jvp), as in JAX, so their
derivatives at x == 0 are JAX's.
"""

from __future__ import annotations

import math

import numpy as np

from .. import numpy as jnp
from . import core, dtypes
from .custom_derivatives import custom_jvp
from .lax import elementwise as lax
from .lax import special as lax_special
from .nn import log_softmax as _nn_log_softmax
from .nn import logsumexp
from .nn import softmax as _nn_softmax
from .numpy.util import promote_args_inexact


def _promote(name, *args):
    out = promote_args_inexact(name, *args)
    return out if len(out) > 1 else out[0]


def _strong(x):
    """`x` without its weak type (JAX's result for functions that build typed constants)."""
    return lax.convert_element_type(x, x.dtype, weak_type=False) if x.weak_type else x


def _float_only(name, x, message):
    """JAX's ndtr-family check: integer inputs raise TypeError instead of being promoted."""
    x = jnp.asarray(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        raise TypeError(f"x.dtype={x.dtype} is not supported{message}")
    return _strong(x)


_SEE_DOCS = ", see docstring for supported types."


# ---------------------------------------------------------------------------------------------
# Error function family


def erf(x):
    """The error function, ``scipy.special.erf``."""
    return lax.erf(_promote("erf", x))


def erfc(x):
    """The complementary error function 1 - erf(x), accurate in the tail."""
    return lax.erfc(_promote("erfc", x))


def erfinv(x):
    """The inverse of erf on [-1, 1] (nan outside, +-inf at +-1)."""
    return lax.erf_inv(_promote("erfinv", x))


def erfcx(x):
    """The scaled complementary error function exp(x^2) erfc(x), without overflow for large x."""
    return lax_special.erfcx(_promote("erfcx", x))


def ndtr(x):
    """The standard normal CDF, 0.5 erfc(-x / sqrt 2)."""
    x = _float_only("ndtr", x, _SEE_DOCS)
    return jnp.multiply(0.5, lax.erfc(jnp.multiply(x, -1 / math.sqrt(2))))


def ndtri(p):
    """The inverse of ndtr, accurate in both tails; -inf at 0, inf at 1, nan outside."""
    return lax_special.ndtri(_float_only("ndtri", p, _SEE_DOCS))


def log_ndtr(x, series_order=3):
    """log(ndtr(x)) without underflow: log1p(-ndtr(-x)) for x > 0, log(ndtr(x)) down to
    x = -20 in float64 (-10 in float32), below which ndtr(x)^2, met in the second derivative,
    underflows; the asymptotic series of log(erfc) with `series_order` terms beyond (as JAX)."""
    if not isinstance(series_order, int):
        raise TypeError("series_order must be a Python integer.")
    if series_order < 0:
        raise ValueError("series_order must be non-negative.")
    if series_order > 30:
        raise ValueError("series_order must be <= 30.")
    x = _float_only("log_ndtr", x, ".")
    lower = -20.0 if x.dtype == np.float64 else -10.0
    pos = jnp.greater(x, 0)
    far = jnp.less(x, lower)
    x_mid = jnp.where(pos | far, -1.0, x)
    mid = jnp.log(ndtr(x_mid))
    x_pos = jnp.where(pos, x, 1.0)
    right = jnp.log1p(jnp.negative(ndtr(jnp.negative(x_pos))))
    x_far = jnp.where(far, x, lower)
    # log ndtr(x) ~ -x^2/2 - log(-x) - log(2 pi)/2 + log(sum_n (-1)^n (2n-1)!! / x^(2n))
    x2 = jnp.square(x_far)
    series, term = jnp.ones_like(x_far), jnp.ones_like(x_far)
    for n in range(1, series_order + 1):
        term = jnp.multiply(term, jnp.true_divide(-(2 * n - 1), x2))
        series = jnp.add(series, term)
    left = jnp.multiply(-0.5, x2) - jnp.log(jnp.negative(x_far)) - 0.5 * math.log(2 * math.pi)
    left = jnp.add(left, jnp.log(series))
    return jnp.where(pos, right, jnp.where(far, left, mid))


# ---------------------------------------------------------------------------------------------
# Gamma family


def gammaln(x):
    """log|Gamma(x)|; inf at the poles."""
    return lax.lgamma(_promote("gammaln", x))


def loggamma(x):
    """log Gamma(x) for real x > 0; nan for x <= 0 (the real branch only, as JAX)."""
    x = _promote("loggamma", x)
    return jnp.where(jnp.greater(x, 0), lax.lgamma(x), np.nan)


def gammasgn(x):
    """The sign of Gamma(x): -1 on (-2k-1, -2k) and at -0.0, nan at poles and nan, else 1."""
    x = _promote("gammasgn", x)
    fl = jnp.floor(x)
    neg = jnp.less(x, 0)
    nan = (neg & jnp.equal(x, fl)) | jnp.isnan(x)
    minus = (neg & jnp.not_equal(jnp.remainder(fl, 2), 0)) | (jnp.equal(x, 0) & jnp.signbit(x))
    one = jnp.ones_like(x)
    return _strong(jnp.where(nan, np.nan, jnp.where(minus, -one, one)))


def gamma(x):
    """Gamma(x) = gammasgn(x) exp(gammaln(x))."""
    x = _promote("gamma", x)
    return jnp.multiply(gammasgn(x), jnp.exp(lax.lgamma(x)))


def digamma(x):
    """psi(x) = d/dx log Gamma(x); nan at 0 and the negative integers (as JAX)."""
    return lax.digamma(_promote("digamma", x))


psi = digamma


def polygamma(n, x):
    """The n-th derivative of digamma; `n` must have an integer dtype (as in JAX)."""
    n_dtype = core.get_aval(n).dtype if isinstance(n, core.Tracer) else np.result_type(n)
    if not np.issubdtype(n_dtype, np.integer):
        n_dtype = dtypes.canonicalize_dtype(n_dtype)
        raise ValueError(
            f"Argument `n` to polygamma must be of integer type. Got dtype {n_dtype}."
        )
    n, x = _promote("polygamma", n, x)
    return lax.polygamma(n, x)


def multigammaln(a, d):
    """log of the multivariate gamma function of dimension `d` (a concrete Python int)."""
    d = int(d)  # a traced d raises ConcretizationTypeError, as in JAX
    a = _promote("multigammaln", a)
    const = d * (d - 1) / 4 * math.log(math.pi)
    terms = [lax.lgamma(jnp.subtract(a, j / 2)) for j in range(d)]
    total = terms[0] if terms else jnp.zeros_like(a)
    for t in terms[1:]:
        total = jnp.add(total, t)
    return _strong(jnp.add(total, const))


def betaln(a, b):
    """log|B(a, b)| = gammaln(a) + gammaln(b) - gammaln(a + b)."""
    a, b = _promote("betaln", a, b)
    return lax.lgamma(a) + lax.lgamma(b) - lax.lgamma(jnp.add(a, b))


def beta(a, b):
    """B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b), with its sign."""
    a, b = _promote("beta", a, b)
    sign = gammasgn(a) * gammasgn(b) * gammasgn(jnp.add(a, b))
    return jnp.multiply(sign, jnp.exp(betaln(a, b)))


def betainc(a, b, x):
    """The regularized incomplete beta function I_x(a, b) (differentiable in x only, as JAX)."""
    a, b, x = _promote("betainc", a, b, x)
    return lax_special.regularized_incomplete_beta(a, b, x)


def gammainc(a, x):
    """The regularized lower incomplete gamma function P(a, x)."""
    a, x = _promote("gammainc", a, x)
    return lax_special.igamma(a, x)


def gammaincc(a, x):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""
    a, x = _promote("gammaincc", a, x)
    return lax_special.igammac(a, x)


def factorial(n, exact=False):
    """n! = Gamma(n + 1) as a float, 0 for n < 0; `exact=True` is not supported (as JAX)."""
    if exact:
        raise NotImplementedError("factorial with exact=True")
    n = _promote("factorial", n)
    return jnp.where(jnp.less(n, 0), 0.0, jnp.exp(lax.lgamma(jnp.add(n, 1))))


def comb(N, k, *, repetition=False):
    """The binomial coefficient C(N, k) as a float (0 outside 0 <= k <= N); with `repetition`,
    the number of multisets C(N + k - 1, k)."""
    N, k = _promote("comb", N, k)
    if repetition:
        return comb(jnp.subtract(jnp.add(N, k), 1), k)
    ok = jnp.less_equal(k, N) & jnp.greater_equal(N, 0) & jnp.greater_equal(k, 0)
    Ns = jnp.where(ok, N, jnp.zeros_like(N))
    ks = jnp.where(ok, k, jnp.zeros_like(k))
    val = jnp.exp(lax.lgamma(Ns + 1) - lax.lgamma(ks + 1) - lax.lgamma(Ns + 1 - ks))
    return jnp.where(ok, val, jnp.zeros_like(val))


def poch(z, m):
    """The rising factorial Gamma(z + m) / Gamma(z)."""
    z, m = _promote("poch", z, m)
    zm = jnp.add(z, m)
    sign = gammasgn(zm) * gammasgn(z)
    return jnp.where(m == 0, 1.0, sign * jnp.exp(lax.lgamma(zm) - lax.lgamma(z)))


def boxcox(x, lmbda):
    """The Box-Cox transform (x^lmbda - 1) / lmbda, log(x) at lmbda = 0."""
    x, lmbda = _promote("boxcox", x, lmbda)
    return _boxcox_of_log(jnp.log(x), lmbda)


def boxcox1p(x, lmbda):
    """boxcox(1 + x, lmbda) without rounding 1 + x."""
    x, lmbda = _promote("boxcox1p", x, lmbda)
    return _boxcox_of_log(jnp.log1p(x), lmbda)


def _boxcox_of_log(log_x, lmbda):
    """expm1(lmbda log x) / lmbda, with a safe lmbda where the log branch is taken."""
    zero = lmbda == 0
    safe = jnp.where(zero, jnp.ones_like(lmbda), lmbda)
    return jnp.where(zero, log_x, jnp.expm1(safe * log_x) / safe)


def bernoulli(n):
    """The Bernoulli numbers B_0 ... B_n (B_1 = -1/2) as a float array; `n` must be a concrete
    non-negative integer. Computed exactly with rational arithmetic, then rounded."""
    import operator
    from fractions import Fraction

    n = operator.index(n)
    if n < 0:
        raise ValueError("n must be a non-negative integer.")
    b = [Fraction(1)]
    for m in range(1, n + 1):
        b.append(-sum(math.comb(m + 1, j) * b[j] for j in range(m)) / (m + 1))
    return jnp.array([float(v) for v in b])


def zeta(x, q=None):
    """The Hurwitz zeta function sum_k (q + k)^-x; the Riemann zeta (q=None) is not provided
    (as JAX)."""
    if q is None:
        raise NotImplementedError(
            "Riemann zeta function not implemented; pass q != None to compute the Hurwitz "
            "Zeta function."
        )
    x, q = _promote("zeta", x, q)
    return lax_special.zeta(x, q)


# ---------------------------------------------------------------------------------------------
# Bessel functions


def i0e(x):
    """exp(-|x|) I0(x)."""
    return lax_special.bessel_i0e(_promote("i0e", x))


def i0(x):
    """The modified Bessel function I0(x) = exp(|x|) i0e(x)."""
    x = _promote("i0", x)
    return jnp.exp(jnp.abs(x)) * lax_special.bessel_i0e(x)


def i1e(x):
    """exp(-|x|) I1(x)."""
    return lax_special.bessel_i1e(_promote("i1e", x))


def i1(x):
    """The modified Bessel function I1(x) = exp(|x|) i1e(x)."""
    x = _promote("i1", x)
    return jnp.exp(jnp.abs(x)) * lax_special.bessel_i1e(x)


# ---------------------------------------------------------------------------------------------
# Logistic, entropy and friends


def expit(x):
    """The logistic sigmoid 1 / (1 + exp(-x))."""
    return lax.logistic(_promote("expit", x))


def logit(x):
    """log(x / (1 - x)), the inverse of expit; derivative 1 / (x (1 - x))."""
    return _logit(_promote("logit", x))


@custom_jvp
def _logit(x):
    return jnp.log(x / (1 - x))


@_logit.defjvp
def _logit_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    return _logit(x), x_dot / (x * (1 - x))


# xlogy, xlog1py and x log x carry JAX's derivative rules: the value is 0 where x == 0 (unless
# y is nan), while the derivative keeps d/dx = log(y) there (so xlogy(0, 0) has d/dx = -inf
# and d/dy = 0/0 = nan, as in JAX).


def xlogy(x, y):
    """x * log(y), 0 where x == 0 (unless y is nan)."""
    x, y = _promote("xlogy", x, y)
    return _xlogy(x, y)


@custom_jvp
def _xlogy(x, y):
    use = jnp.not_equal(x, 0) | jnp.isnan(y)
    return jnp.where(use, x * jnp.log(y), 0.0)


@_xlogy.defjvp
def _xlogy_jvp(primals, tangents):
    (x, y), (x_dot, y_dot) = primals, tangents
    return _xlogy(x, y), x_dot * jnp.log(y) + y_dot * x / y


def xlog1py(x, y):
    """x * log1p(y), 0 where x == 0 (unless y is nan)."""
    x, y = _promote("xlog1py", x, y)
    return _xlog1py(x, y)


@custom_jvp
def _xlog1py(x, y):
    use = jnp.not_equal(x, 0) | jnp.isnan(y)
    return jnp.where(use, x * jnp.log1p(y), 0.0)


@_xlog1py.defjvp
def _xlog1py_jvp(primals, tangents):
    (x, y), (x_dot, y_dot) = primals, tangents
    return _xlog1py(x, y), x_dot * jnp.log1p(y) + y_dot * x / (1 + y)


@custom_jvp
def _xlogx(x):
    return _xlogy(x, x)


@_xlogx.defjvp
def _xlogx_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    return _xlogx(x), x_dot * (jnp.log(x) + 1)


def entr(x):
    """Elementwise entropy -x log x: -0 at 0 (derivative +inf there, as JAX), -inf for x < 0."""
    x = _promote("entr", x)
    return jnp.where(jnp.less(x, 0), -np.inf, jnp.negative(_xlogx(x)))


def rel_entr(p, q):
    """p log(p / q) for p, q > 0; 0 where p == 0 and q >= 0; inf otherwise."""
    p, q = _promote("rel_entr", p, q)
    both = jnp.greater(p, 0) & jnp.greater(q, 0)
    zero = jnp.equal(p, 0) & jnp.greater_equal(q, 0)
    safe_p = jnp.where(both, p, jnp.ones_like(p))
    safe_q = jnp.where(both, q, jnp.ones_like(q))
    val = xlogy(safe_p, safe_p) - xlogy(safe_p, safe_q)
    return jnp.where(both, val, jnp.where(zero, 0.0, np.inf))


def kl_div(p, q):
    """p log(p / q) - p + q: rel_entr plus the terms that make it non-negative."""
    p, q = _promote("kl_div", p, q)
    return rel_entr(p, q) - p + q


def softmax(x, /, *, axis=None):
    """exp(x) / sum(exp(x)) over `axis` (all axes by default, unlike jax.nn.softmax)."""
    return _nn_softmax(x, axis=axis)


def log_softmax(x, /, *, axis=None):
    """x - logsumexp(x) over `axis` (all axes by default, unlike jax.nn.log_softmax)."""
    return _nn_log_softmax(x, axis=axis)


def spence(x):
    """Spence's function (the dilogarithm Li2(1 - x)) for x >= 0; nan for x < 0."""
    x = _float_only("spence", x, _SEE_DOCS)
    # Li2 series in t: for x in [0, 1/2] use the reflection Li2(z) + Li2(1-z) = pi^2/6 -
    # log z log(1-z) with z = x; for x > 2 the inversion x -> 1/x.
    big = jnp.greater(x, 2)
    xs = jnp.where(big, jnp.true_divide(1, jnp.where(big, x, jnp.ones_like(x))), x)
    low = jnp.less(xs, 0.5)
    z = jnp.where(low, xs, jnp.subtract(1, xs))  # the argument of Li2, in [0, 1/2]
    zs = jnp.where(jnp.equal(z, 0), 0.25, z)
    # Li2(z) = sum_k z^k / k^2 converges geometrically (ratio <= 1/2) on [0, 1/2]; in terms of
    # u = -log(1 - z) the Bernoulli series converges faster: Li2 = sum B_n u^(n+1) / (n+1)!.
    u = jnp.negative(jnp.log1p(jnp.negative(zs)))
    coeffs = _LI2_BERNOULLI
    acc = jnp.zeros_like(u)
    for c in coeffs[::-1]:
        acc = jnp.add(jnp.multiply(acc, u), c)
    li2 = jnp.multiply(acc, u)
    li2 = jnp.where(jnp.equal(z, 0), jnp.zeros_like(z), li2)
    # spence(x) = Li2(1 - x); with z = x: Li2(1 - x) = pi^2/6 - log x log(1-x) - Li2(x).
    logs = jnp.where(jnp.equal(z, 0), jnp.zeros_like(z),
                     jnp.log(jnp.where(low, xs, jnp.ones_like(xs)))
                     * jnp.log1p(jnp.negative(jnp.where(low, xs, jnp.zeros_like(xs)))))
    val = jnp.where(low, (math.pi**2 / 6) - logs - li2, li2)
    # Inversion: spence(x) = -spence(1/x) - log(x)^2 / 2 for x > 2.
    lx = jnp.log(jnp.where(big, x, jnp.ones_like(x)))
    val = jnp.where(big, jnp.negative(val) - 0.5 * lx * lx, val)
    return jnp.where(jnp.less(x, 0) | jnp.isnan(x), np.nan,
                     jnp.where(jnp.isinf(x), np.nan, val))


def _li2_bernoulli_coeffs(n_terms=24):
    """Coefficients c_k of Li2(z) = sum_k c_k u^(k+1), u = -log(1 - z): c_k = B_k / (k+1)!."""
    from fractions import Fraction

    b = [Fraction(1)]
    for m in range(1, n_terms):
        b.append(-sum(math.comb(m + 1, j) * b[j] for j in range(m)) / (m + 1))
    return np.array([float(b[k] / math.factorial(k + 1)) for k in range(n_terms)])


_LI2_BERNOULLI = _li2_bernoulli_coeffs()


__all__ = [
    "bernoulli", "beta", "betainc", "betaln", "boxcox", "boxcox1p", "comb", "digamma", "entr", "erf", "erfc", "erfcx", "erfinv", "expit",
    "factorial", "gamma", "gammainc", "gammaincc", "gammaln", "gammasgn", "i0", "i0e", "i1",
    "i1e", "kl_div", "log_ndtr", "log_softmax", "loggamma", "logit", "logsumexp",
    "multigammaln", "ndtr", "ndtri", "poch", "polygamma", "psi", "rel_entr", "softmax",
    "spence", "xlog1py", "xlogy", "zeta",
]
