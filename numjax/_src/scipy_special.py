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

from . import core, dtypes
from .custom_derivatives import custom_jvp
from .lax import elementwise as lax
from .lax import special as lax_special
from .nn import log_softmax as _nn_log_softmax
from .nn import logsumexp
from .nn import softmax as _nn_softmax
from .numpy import namespace as jnp
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


# ---------------------------------------------------------------------------------------------
# Faddeeva, Dawson, exponential, sine/cosine and Fresnel integrals, Owen's T: each is one
# primitive over a float64 kernel (lax/special.py), with analytic derivatives.


def _real_only(name, *args):
    """promote_args_inexact, refusing complex input with JAX's ValueError; results are
    strongly typed (as JAX's, which build typed constants)."""
    args = promote_args_inexact(name, *args)
    if any(jnp.issubdtype(a.dtype, jnp.complexfloating) for a in args):
        raise ValueError(f"{name} does not support complex-valued inputs.")
    return [_strong(a) for a in args]


def wofz(z):
    """The Faddeeva function w(z) = exp(-z^2) erfc(-iz); complex result (complex64 for real
    or complex64 input)."""
    (z,) = promote_args_inexact("wofz", z)
    if not jnp.issubdtype(z.dtype, jnp.complexfloating):
        z = z.astype(np.complex128 if z.dtype == np.float64 else np.complex64)
    return lax_special.wofz(_strong(z))


def dawsn(x):
    """Dawson's integral exp(-x^2) int_0^x exp(t^2) dt."""
    (x,) = _real_only("dawsn", x)
    return lax_special.dawsn(x)


def expi(x):
    """The exponential integral Ei(x) (principal value for x > 0; -E1(-x) for x < 0);
    -inf at 0, as SciPy (JAX gives nan there)."""
    (x,) = _real_only("expi", x)
    return lax_special.expi(x)


def expn(n, x):
    """The generalized exponential integral E_n(x) for integer n >= 0 and x >= 0 (nan
    otherwise, as JAX); differentiable in x only (d/dx E_n = -E_(n-1))."""
    n, x = _real_only("expn", n, x)
    n, x = jnp.broadcast_arrays(n, x)
    return lax_special.expn(n, x)


def exp1(x):
    """E_1(x) = int_x^inf e^-t / t dt for x >= 0; nan for x < 0 (as JAX)."""
    (x,) = _real_only("exp1", x)
    return lax_special.expn(jnp.ones_like(x), x)


def sici(x):
    """(Si(x), Ci(x)): the sine integral (odd) and the cosine integral, which JAX extends to
    x < 0 evenly (Ci(-x) = Ci(x))."""
    (x,) = promote_args_inexact("sici", x)
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        raise ValueError(f"Argument `x` to sici must be real-valued. Got dtype {x.dtype}.")
    x = _strong(x)
    return lax_special.sici_si(x), lax_special.sici_ci(x)


def fresnel(x):
    """(S(x), C(x)): the Fresnel integrals of sin(pi t^2 / 2) and cos(pi t^2 / 2)."""
    (x,) = promote_args_inexact("fresnel", x)
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        raise NotImplementedError("Support for complex-valued inputs is not implemented yet.")
    x = _strong(x)
    return lax_special.fresnel_s(x), lax_special.fresnel_c(x)


def owens_t(h, a):
    """Owen's T function 1/(2 pi) int_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx; at least
    float32 (as JAX, which computes float16/bfloat16 input in float32)."""
    h, a = _real_only("owens_t", h, a)
    if h.dtype.itemsize < 4:
        h, a = h.astype(np.float32), a.astype(np.float32)
    h, a = jnp.broadcast_arrays(h, a)
    return lax_special.owens_t(h, a)


def bessel_jn(z, *, v: int, n_iter: int = 50):
    """J_0(z) .. J_v(z), the Bessel functions of the first kind, stacked on a new leading
    axis: shape (v + 1, *z.shape). Miller's backward recurrence in float64 started high enough
    for every z (so `n_iter` is accepted and unused; JAX's fixed 50 steps give NaN at small z in
    float32 and wrong values for |z| > ~40). d/dz J_n = (J_(n-1) - J_(n+1)) / 2."""
    import operator

    v = operator.index(v)
    if v < 0:
        raise ValueError(f"v must be a non-negative integer, got {v}")
    (z,) = promote_args_inexact("bessel_jn", z)
    if jnp.issubdtype(z.dtype, jnp.complexfloating):
        raise ValueError("complex input not supported.")
    return lax_special.bessel_jn(_strong(z), v=v)


# ---------------------------------------------------------------------------------------------
# Hypergeometric functions and spherical harmonics: compositions of jnp operations with a fixed
# number of series terms (unrolled), so every argument is differentiable to any order, as in
# JAX (whose custom rules differentiate the same series).

_HYP1F1_TERMS = 250
_HYP1F1_ASYMPTOTIC = 60.0


def _log_abs_gamma_ratio(nums, dens):
    """(sign, log|.|) of prod Gamma(nums) / prod Gamma(dens); 1/Gamma at a pole is 0 (sign 0)."""
    sign, log = 1.0, 0.0
    for v in nums:
        sign = sign * gammasgn(v)
        log = log + lax.lgamma(v)
    for v in dens:
        pole = jnp.less_equal(v, 0) & jnp.equal(v, jnp.floor(v))
        safe = jnp.where(pole, 0.5, v)
        sign = sign * jnp.where(pole, 0.0, gammasgn(safe))
        log = log - lax.lgamma(safe)
    return sign, log


def _quiet(fn):
    """Runs `fn` with NumPy's floating-point warnings off: branches not selected by `where`
    (asymptotic vs series) overflow or meet 0 * inf in ordinary use; JAX is silent there."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    return wrapper


@_quiet
def hyp1f1(a, b, x):
    """Kummer's confluent hypergeometric function 1F1(a; b; x) for real arguments: for x < 0
    Kummer's transformation e^x 1F1(b - a; b; -x) (so the series has no cancellation), the
    power series for |x| < 60, the large-|x| asymptotic expansion above. JAX's conventions:
    1 at a == 0 (also a == b == 0), e^x at a == b, inf at b == 0."""
    a, b, x = _real_only("hyp1f1", a, b, x)
    a, b, x = jnp.broadcast_arrays(a, b, x)
    neg = jnp.less(x, 0)
    ap = jnp.where(neg, b - a, a)
    ax = jnp.abs(x)
    near = jnp.less(ax, _HYP1F1_ASYMPTOTIC)
    xs = jnp.where(near, ax, 0.0)
    term = total = jnp.ones_like(x)
    for k in range(_HYP1F1_TERMS):
        term = term * ((ap + k) / (b + k)) * (xs / (k + 1))
        total = total + term
    series = jnp.where(neg, jnp.exp(jnp.where(near, x, 0.0)) * total, total)
    # 1F1(a; b; x) ~ Gamma(b)/Gamma(a) e^x x^(a-b) sum_k (b-a)_k (1-a)_k / (k! x^k), x -> inf
    xa = jnp.where(near, 2 * _HYP1F1_ASYMPTOTIC, ax)
    term = asym = jnp.ones_like(x)
    for k in range(30):
        term = term * (b - ap + k) * (1 - ap + k) / ((k + 1) * xa)
        asym = asym + term
    sign, log = _log_abs_gamma_ratio([b], [ap])
    log = log + xa + (ap - b) * jnp.log(xa) + jnp.where(neg, jnp.where(near, 0.0, x), 0.0)
    far = sign * jnp.exp(log) * asym
    out = jnp.where(near, series, far)
    out = jnp.where(jnp.equal(b, 0), np.inf, out)
    out = jnp.where(jnp.equal(a, b), jnp.exp(x), out)
    return jnp.where(jnp.equal(a, 0), 1.0, out)


_HYP2F1_TERMS = 64  # power series in |z| <= 1/2: 2^-64, and (a)_k (b)_k / ((c)_k k!) ~ k^(a+b-c-1)
_HYP2F1_MAX_M = 40  # integer c - a - b up to this in the logarithmic case (nan beyond)


def _hyp2f1_series(a, b, c, z, terms=_HYP2F1_TERMS):
    term = total = jnp.ones_like(z)
    for k in range(terms):
        term = term * ((a + k) * (b + k) / ((c + k) * (k + 1))) * z
        total = total + term
    return total


def _hyp2f1_near_one(a, b, c, x):
    """2F1(a, b; c; x) for 1/2 < x < 1 from series in w = 1 - x (A&S 15.3.6, and 15.3.10-11
    when c - a - b is an integer), after Euler's transformation 2F1 = w^d 2F1(c-a, c-b; c; x)
    where d = c - a - b < 0, so that d >= 0."""
    w = 1 - x
    d = c - a - b
    flip = jnp.less(d, 0)
    pre = jnp.where(flip, jnp.power(w, d), 1.0)
    a, b = jnp.where(flip, c - a, a), jnp.where(flip, c - b, b)
    d = jnp.abs(d)
    m = jnp.round(d)
    eps = 50 * float(jnp.finfo(x.dtype).eps)
    is_int = jnp.less(jnp.abs(d - m), eps)
    # Non-integer d: A1 2F1(a, b; 1-d; w) + A2 w^d 2F1(c-a, c-b; 1+d; w).
    dn = jnp.where(is_int, m + 0.5, d)
    cn = a + b + dn
    s1, l1 = _log_abs_gamma_ratio([cn, dn], [cn - a, cn - b])
    s2, l2 = _log_abs_gamma_ratio([cn, -dn], [a, b])
    two_term = (s1 * jnp.exp(l1) * _hyp2f1_series(a, b, 1 - dn, w)
                + s2 * jnp.exp(l2) * jnp.power(w, dn) * _hyp2f1_series(cn - a, cn - b, 1 + dn, w))
    # Integer d = m (c = a + b + m): a finite sum of m terms, then a logarithmic series.
    cm = a + b + m
    t, finite = jnp.ones_like(x), jnp.zeros_like(x)
    for n in range(_HYP2F1_MAX_M):
        finite = finite + jnp.where(jnp.less(n, m), t, 0.0)
        den = jnp.where(jnp.less(n + 1, m), (n + 1) * (1 - m + n), 1.0)
        t = t * (a + n) * (b + n) / den * w
    g1s, g1l = _log_abs_gamma_ratio([jnp.maximum(m, 1), cm], [a + m, b + m])
    g1 = jnp.where(jnp.greater(m, 0), g1s * jnp.exp(g1l), 0.0)
    g2s, g2l = _log_abs_gamma_ratio([cm], [a, b])
    g2 = jnp.where(jnp.equal(jnp.remainder(m, 2), 1), -1.0, 1.0) * g2s * jnp.exp(g2l)
    log_w = jnp.log(w)
    u = jnp.exp(-lax.lgamma(m + 1))  # (a+m)_n (b+m)_n / (n! (n+m)!) w^n at n = 0
    psi1, psim = lax.digamma(jnp.ones_like(x)), lax.digamma(m + 1)
    psia, psib = lax.digamma(a + m), lax.digamma(b + m)
    logs = jnp.zeros_like(x)
    for n in range(_HYP2F1_TERMS):
        logs = logs + u * (log_w - psi1 - psim + psia + psib)
        u = u * (a + m + n) * (b + m + n) / ((n + 1) * (n + m + 1)) * w
        psi1, psim = psi1 + 1 / (n + 1), psim + 1 / (n + m + 1)
        psia, psib = psia + 1 / (a + m + n), psib + 1 / (b + m + n)
    log_case = g1 * finite - g2 * jnp.power(w, m) * logs
    log_case = jnp.where(jnp.greater_equal(m, _HYP2F1_MAX_M), np.nan, log_case)
    return pre * jnp.where(is_int, log_case, two_term)


@_quiet
def hyp2f1(a, b, c, x):
    """Gauss's hypergeometric function 2F1(a, b; c; x) for real arguments and x <= 1: the
    power series for |x| <= 1/2, Pfaff's transformation (1-x)^-a 2F1(a, c-b; c; x/(x-1)) for
    x < -1/2, and series in 1 - x (with the logarithmic case for integer c - a - b) for
    x > 1/2; polynomial cases (a or b a non-positive integer) sum the terminating series. JAX's
    conventions: 1 at x == 0 or a == 0 or b == 0 (c != 0), inf at c == 0 or a negative integer
    c, at x == 1 when c - a - b <= 0, and for x > 1."""
    a, b, c, x = _real_only("hyp2f1", a, b, c, x)
    a, b, c, x = jnp.broadcast_arrays(a, b, c, x)

    def nonpos_int(v):
        return jnp.less_equal(v, 0) & jnp.equal(v, jnp.round(v))

    d = c - a - b
    poly = (nonpos_int(a) & jnp.greater(a, -_HYP2F1_TERMS)) | (
        nonpos_int(b) & jnp.greater(b, -_HYP2F1_TERMS))
    pfaff = jnp.less(x, -0.5) & ~poly
    # Pfaff: z = x / (x - 1) in (1/3, 1); the second parameter becomes c - b.
    xp = jnp.where(pfaff, x, -1.0)
    z = jnp.where(pfaff, xp / (xp - 1), x)
    b2 = jnp.where(pfaff, c - b, b)
    pre = jnp.where(pfaff, jnp.power(1 - xp, -a), 1.0)
    direct = poly | jnp.less_equal(jnp.abs(z), 0.5)
    zs = jnp.where(direct, jnp.where(jnp.less(z, 1), z, 0.0), 0.0)
    zn = jnp.where(direct | ~jnp.less(z, 1), 0.75, z)
    val = pre * jnp.where(direct, _hyp2f1_series(a, b2, c, zs),
                          _hyp2f1_near_one(a, b2, c, zn))
    one = jnp.equal(x, 1)
    s_, l_ = _log_abs_gamma_ratio([c, jnp.where(one, d, 0.5)], [c - a, c - b])
    at_one = jnp.where(jnp.greater(d, 0), s_ * jnp.exp(l_), np.inf)
    val = jnp.where(one, at_one, val)
    val = jnp.where(jnp.greater(x, 1), np.inf, val)
    val = jnp.where(jnp.equal(c, 0) | (jnp.less(c, 0) & nonpos_int(c)), np.inf, val)
    trivial = jnp.equal(x, 0) | ((jnp.equal(a, 0) | jnp.equal(b, 0)) & jnp.not_equal(c, 0))
    return jnp.where(trivial, 1.0, val)


def sph_harm_y(n, m, theta, phi, diff_n=None, n_max=None):
    """The spherical harmonic Y_n^m(theta, phi) (theta the polar angle, phi the azimuth), with
    the Condon-Shortley phase, as scipy.special.sph_harm_y. `n_max` (static) bounds n; if n
    exceeds it, n is clipped to it (as JAX); by default it is max(n), which must then be
    concrete. Normalized associated Legendre functions by the stable three-term recurrences,
    elementwise over the broadcast arguments; differentiable in theta and phi."""
    if diff_n is not None:
        raise NotImplementedError(
            "The 'diff_n' argument to jax.scipy.special.sph_harm_y is not supported.")
    if n_max is None:
        n_max = np.max(np.asarray(n))  # a traced n raises ConcretizationTypeError, as JAX
    n_max = int(n_max)
    n, m = jnp.asarray(n), jnp.asarray(m)
    theta, phi = promote_args_inexact("sph_harm_y", theta, phi)
    theta, phi = _strong(theta), _strong(phi)
    if theta.ndim == 0:
        theta = theta[None]
    n, m, theta, phi = jnp.broadcast_arrays(n, m, theta, phi)
    n = jnp.minimum(n, n_max)
    mabs = jnp.abs(m)
    dt = theta.dtype
    cos, sin = jnp.cos(theta), jnp.sin(theta)
    # p_m^m = (-1)^m sqrt((2m+1)/(4 pi) prod_k (2k-1)/(2k)) sin^m(theta)
    p = jnp.full_like(theta, 1 / math.sqrt(4 * math.pi))
    pmm = p
    for k in range(1, n_max + 1):
        p = p * (-math.sqrt((2 * k + 1) / (2 * k))) * sin
        pmm = jnp.where(jnp.equal(mabs, k), p, pmm)
    # p_l = (cos p_(l-1) - b_(l-1) p_(l-2)) / b_l, b_l = sqrt((l^2 - m^2) / (4 l^2 - 1)), l > m
    mf = mabs.astype(dt)
    prev, cur = jnp.zeros_like(theta), pmm
    out = jnp.where(jnp.equal(n, mabs), pmm, 0.0)
    b_prev = jnp.zeros_like(theta)
    for ell in range(1, n_max + 1):
        active = jnp.greater(ell, mabs)
        b_l = jnp.sqrt(jnp.maximum(ell * ell - mf * mf, 0.0) / (4 * ell * ell - 1))
        nxt = (cos * cur - b_prev * prev) / jnp.where(active, b_l, 1.0)
        prev = jnp.where(active, cur, prev)
        cur = jnp.where(active, nxt, cur)
        b_prev = jnp.where(active, b_l, b_prev)
        out = jnp.where(active & jnp.equal(n, ell), cur, out)
    angle = mf * phi
    y = out * jnp.cos(angle) + 1j * (out * jnp.sin(angle))
    sign = jnp.where(jnp.equal(jnp.remainder(mabs, 2), 1), -1.0, 1.0).astype(dt)
    return jnp.where(jnp.less(m, 0), sign * jnp.conj(y), y)


__all__ = [
    "bernoulli",
    "bessel_jn",
    "beta",
    "betainc",
    "betaln",
    "boxcox",
    "boxcox1p",
    "comb",
    "dawsn",
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfcx",
    "erfinv",
    "exp1",
    "expi",
    "expit",
    "expn",
    "factorial",
    "fresnel",
    "gamma",
    "gammainc",
    "gammaincc",
    "gammaln",
    "gammasgn",
    "hyp1f1",
    "hyp2f1",
    "i0",
    "i0e",
    "i1",
    "i1e",
    "kl_div",
    "log_ndtr",
    "log_softmax",
    "loggamma",
    "logit",
    "logsumexp",
    "multigammaln",
    "ndtr",
    "ndtri",
    "owens_t",
    "poch",
    "polygamma",
    "psi",
    "rel_entr",
    "sici",
    "softmax",
    "spence",
    "sph_harm_y",
    "wofz",
    "xlog1py",
    "xlogy",
    "zeta",
]
