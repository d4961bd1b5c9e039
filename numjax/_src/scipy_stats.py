"""numjax.scipy.stats (`jax.scipy.stats`): log-densities, CDFs and quantiles of common
distributions, written with jnp operations and numjax.scipy.special so that every function is
differentiable, batchable and jittable.

Functions are named `<distribution>_<function>` here and re-exported under JAX's module paths
by numjax/scipy/stats/<distribution>.py. Semantics follow JAX 0.10.2: arguments are promoted
to a common inexact dtype and broadcast; `loc`/`scale` shift and scale the standard
distribution (y = (x - loc) / scale); parameters are not validated beyond what each formula
gives (a bad scale yields nan or a formula value, as in JAX), except where JAX checks
explicitly (beta's positive constants, the ppf domains of [0, 1]).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from . import dtypes
from . import scipy_special as sp
from .numpy import namespace as jnp
from .numpy.util import promote_args_inexact, promote_to_inexact  # the latter: no broadcasting

_LOG_2PI = math.log(2 * math.pi)


def _standardize(name, x, loc, scale, *params):
    """Promote everything, then return y = (x - loc) / scale with the promoted arrays."""
    x, loc, scale, *params = promote_args_inexact(name, x, loc, scale, *params)
    return (x - loc) / scale, x, loc, scale, params


def _bad_q(q):
    return jnp.isnan(q) | (q < 0) | (q > 1)


# ---------------------------------------------------------------------------------------------
# norm


def norm_logpdf(x, loc=0, scale=1):
    """Normal log-density -((x-loc)^2/scale^2 + log(2 pi scale^2)) / 2."""
    x, loc, scale = promote_args_inexact("norm.logpdf", x, loc, scale)
    var = scale * scale
    return (jnp.log(2 * math.pi * var) + jnp.square(x - loc) / var) / -2


def norm_pdf(x, loc=0, scale=1):
    return jnp.exp(norm_logpdf(x, loc, scale))


def norm_cdf(x, loc=0, scale=1):
    y, *_ = _standardize("norm.cdf", x, loc, scale)
    return sp.ndtr(y)


def norm_logcdf(x, loc=0, scale=1):
    y, *_ = _standardize("norm.logcdf", x, loc, scale)
    return sp.log_ndtr(y)


def norm_sf(x, loc=0, scale=1):
    """1 - cdf, as the cdf of the reflected point (no cancellation in the upper tail)."""
    y, *_ = _standardize("norm.sf", x, loc, scale)
    return sp.ndtr(-y)


def norm_logsf(x, loc=0, scale=1):
    y, *_ = _standardize("norm.logsf", x, loc, scale)
    return sp.log_ndtr(-y)


def norm_ppf(q, loc=0, scale=1):
    """Quantile loc + scale ndtri(q); `q` must be floating (as in JAX)."""
    return jnp.asarray(sp.ndtri(q) * scale + loc, float)


def norm_isf(q, loc=0, scale=1):
    """Inverse survival function ppf(1 - q), formed as -ndtri(q) so small q keep their digits
    (JAX rounds 1 - q first)."""
    return jnp.asarray(-sp.ndtri(q) * scale + loc, float)


# ---------------------------------------------------------------------------------------------
# uniform, expon, laplace, logistic, cauchy


def uniform_logpdf(x, loc=0, scale=1):
    """-log(scale) on [loc, loc + scale], -inf outside."""
    x, loc, scale = promote_args_inexact("uniform.logpdf", x, loc, scale)
    outside = (x < loc) | (x > loc + scale)
    return jnp.where(outside, -np.inf, -jnp.log(scale))


def uniform_pdf(x, loc=0, scale=1):
    return jnp.exp(uniform_logpdf(x, loc, scale))


def uniform_cdf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("uniform.cdf", x, loc, scale)
    zero, one = jnp.asarray(0, x.dtype), jnp.asarray(1, x.dtype)  # strong, as in JAX
    inside = (x >= loc) & (x <= loc + scale)
    ramp = jnp.where(inside, (x - loc) / scale, zero)
    return jnp.where(x > loc + scale, one, ramp)


def uniform_ppf(q, loc=0, scale=1):
    q, loc, scale = promote_args_inexact("uniform.ppf", q, loc, scale)
    return jnp.where(_bad_q(q), np.nan, loc + scale * q)


def expon_logpdf(x, loc=0, scale=1):
    """-(x - loc)/scale - log(scale) for x >= loc."""
    y, x, loc, scale, _ = _standardize("expon.logpdf", x, loc, scale)
    return jnp.where(x < loc, -np.inf, -(y + jnp.log(scale)))


def expon_pdf(x, loc=0, scale=1):
    return jnp.exp(expon_logpdf(x, loc, scale))


def expon_cdf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("expon.cdf", x, loc, scale)
    neg_y = (loc - x) / scale
    return jnp.where(x < loc, jnp.zeros_like(neg_y), -jnp.expm1(neg_y))


def expon_logsf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("expon.logsf", x, loc, scale)
    neg_y = (loc - x) / scale
    return jnp.where(x < loc, jnp.zeros_like(neg_y), neg_y)


def expon_sf(x, loc=0, scale=1):
    return jnp.exp(expon_logsf(x, loc, scale))


def expon_logcdf(x, loc=0, scale=1):
    return jnp.log1p(-expon_sf(x, loc, scale))


def expon_ppf(q, loc=0, scale=1):
    q, loc, scale = promote_args_inexact("expon.ppf", q, loc, scale)
    return jnp.where(_bad_q(q), np.nan, loc - scale * jnp.log1p(-q))


def laplace_logpdf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("laplace.logpdf", x, loc, scale)
    return -(jnp.abs(x - loc) / scale + jnp.log(2 * scale))


def laplace_pdf(x, loc=0, scale=1):
    return jnp.exp(laplace_logpdf(x, loc, scale))


def laplace_cdf(x, loc=0, scale=1):
    y, *_ = _standardize("laplace.cdf", x, loc, scale)
    return jnp.where(y <= 0, 0.5 * jnp.exp(y), 1 - 0.5 * jnp.exp(-y))


def logistic_logpdf(x, loc=0, scale=1):
    """log(e^-y / (1 + e^-y)^2) - log(scale) = -2 log(e^(y/2) + e^(-y/2)) - log(scale)."""
    y, x, loc, scale, _ = _standardize("logistic.logpdf", x, loc, scale)
    return -2 * jnp.logaddexp(y / 2, -y / 2) - jnp.log(scale)


def logistic_pdf(x, loc=0, scale=1):
    return jnp.exp(logistic_logpdf(x, loc, scale))


def logistic_cdf(x, loc=0, scale=1):
    y, *_ = _standardize("logistic.cdf", x, loc, scale)
    return sp.expit(y)


def logistic_sf(x, loc=0, scale=1):
    y, *_ = _standardize("logistic.sf", x, loc, scale)
    return sp.expit(-y)


def logistic_ppf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("logistic.ppf", x, loc, scale)
    return sp.logit(x) * scale + loc


def logistic_isf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("logistic.isf", x, loc, scale)
    return -sp.logit(x) * scale + loc


def cauchy_logpdf(x, loc=0, scale=1):
    y, x, loc, scale, _ = _standardize("cauchy.logpdf", x, loc, scale)
    return -(jnp.log(math.pi * scale) + jnp.log1p(y * y))


def cauchy_pdf(x, loc=0, scale=1):
    return jnp.exp(cauchy_logpdf(x, loc, scale))


def cauchy_cdf(x, loc=0, scale=1):
    y, *_ = _standardize("cauchy.cdf", x, loc, scale)
    return 0.5 + jnp.arctan(y) / math.pi


def cauchy_logcdf(x, loc=0, scale=1):
    return jnp.log(cauchy_cdf(x, loc, scale))


def cauchy_sf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("cauchy.sf", x, loc, scale)
    return cauchy_cdf(-x, -loc, scale)


def cauchy_logsf(x, loc=0, scale=1):
    x, loc, scale = promote_args_inexact("cauchy.logsf", x, loc, scale)
    return cauchy_logcdf(-x, -loc, scale)


def cauchy_ppf(q, loc=0, scale=1):
    q, loc, scale = promote_args_inexact("cauchy.ppf", q, loc, scale)
    return jnp.tan(math.pi * q - math.pi / 2) * scale + loc


def cauchy_isf(q, loc=0, scale=1):
    q, loc, scale = promote_args_inexact("cauchy.isf", q, loc, scale)
    return jnp.tan(math.pi / 2 - math.pi * q) * scale + loc


# ---------------------------------------------------------------------------------------------
# t, gamma, chi2, beta


def t_logpdf(x, df, loc=0, scale=1):
    """Student's t: lgamma((df+1)/2) - lgamma(df/2) - log(pi df scale^2)/2
    - (df+1)/2 log1p(y^2/df)."""
    y, x, loc, scale, (df,) = _standardize("t.logpdf", x, loc, scale, df)
    half_df = df / 2
    norm_const = (sp.gammaln(half_df) - sp.gammaln(half_df + 0.5)
                  + jnp.log(math.pi * scale * scale * df) / 2)
    return -(norm_const + (half_df + 0.5) * jnp.log1p(y * y / df))


def t_pdf(x, df, loc=0, scale=1):
    return jnp.exp(t_logpdf(x, df, loc, scale))


def gamma_logpdf(x, a, loc=0, scale=1):
    """(a-1) log y - y - lgamma(a) - log(scale) for x >= loc, -inf below (and for nan x)."""
    x, a, loc, scale = promote_args_inexact("gamma.logpdf", x, a, loc, scale)
    ok = x >= loc
    y = jnp.where(ok, (x - loc) / scale, 1)  # a safe point where the density is not used
    log_probs = sp.xlogy(a - 1, y) - y - sp.gammaln(a) - jnp.log(scale)
    return jnp.where(ok, log_probs, -np.inf)


def gamma_pdf(x, a, loc=0, scale=1):
    return jnp.exp(gamma_logpdf(x, a, loc, scale))


def gamma_cdf(x, a, loc=0, scale=1):
    y, x, loc, scale, (a,) = _standardize("gamma.cdf", x, loc, scale, a)
    return sp.gammainc(a, jnp.maximum(y, 0))


def gamma_logcdf(x, a, loc=0, scale=1):
    return jnp.log(gamma_cdf(x, a, loc, scale))


def gamma_sf(x, a, loc=0, scale=1):
    y, x, loc, scale, (a,) = _standardize("gamma.sf", x, loc, scale, a)
    return jnp.where(y < 0, 1, sp.gammaincc(a, y))


def gamma_logsf(x, a, loc=0, scale=1):
    return jnp.log(gamma_sf(x, a, loc, scale))


def chi2_logpdf(x, df, loc=0, scale=1):
    """The gamma density with shape df/2 and scale 2 (times `scale`)."""
    y, x, loc, scale, (df,) = _standardize("chi2.logpdf", x, loc, scale, df)
    k = df / 2
    log_probs = (k - 1) * jnp.log(y) - y / 2 - sp.gammaln(k) - k * math.log(2) - jnp.log(scale)
    return jnp.where(x < loc, -np.inf, log_probs)


def chi2_pdf(x, df, loc=0, scale=1):
    return jnp.exp(chi2_logpdf(x, df, loc, scale))


def chi2_cdf(x, df, loc=0, scale=1):
    y, x, loc, scale, (df,) = _standardize("chi2.cdf", x, loc, scale, df)
    return sp.gammainc(df / 2, jnp.maximum(y / 2, 0))


def chi2_logcdf(x, df, loc=0, scale=1):
    return jnp.log(chi2_cdf(x, df, loc, scale))


def chi2_sf(x, df, loc=0, scale=1):
    y, x, loc, scale, (df,) = _standardize("chi2.sf", x, loc, scale, df)
    return sp.gammaincc(df / 2, jnp.maximum(y / 2, 0))


def chi2_logsf(x, df, loc=0, scale=1):
    return jnp.log(chi2_sf(x, df, loc, scale))


def beta_logpdf(x, a, b, loc=0, scale=1):
    """(a-1) log y + (b-1) log(1-y) - betaln(a, b) - log(scale) on [loc, loc + scale];
    nan unless a, b and scale are positive (as JAX)."""
    y, x, loc, scale, (a, b) = _standardize("beta.logpdf", x, loc, scale, a, b)
    log_probs = sp.xlogy(a - 1, y) + sp.xlog1py(b - 1, -y) - sp.betaln(a, b) - jnp.log(scale)
    log_probs = jnp.where((x < loc) | (x > loc + scale), -np.inf, log_probs)
    return jnp.where((a <= 0) | (b <= 0) | (scale <= 0), np.nan, log_probs)


def beta_pdf(x, a, b, loc=0, scale=1):
    return jnp.exp(beta_logpdf(x, a, b, loc, scale))


def beta_cdf(x, a, b, loc=0, scale=1):
    y, x, loc, scale, (a, b) = _standardize("beta.cdf", x, loc, scale, a, b)
    return sp.betainc(a, b, jnp.clip(y, 0, 1))


def beta_logcdf(x, a, b, loc=0, scale=1):
    return jnp.log(beta_cdf(x, a, b, loc, scale))


def beta_sf(x, a, b, loc=0, scale=1):
    """I_{1-y}(b, a): the upper tail without cancellation."""
    y, x, loc, scale, (a, b) = _standardize("beta.sf", x, loc, scale, a, b)
    return sp.betainc(b, a, 1 - jnp.clip(y, 0, 1))


def beta_logsf(x, a, b, loc=0, scale=1):
    return jnp.log(beta_sf(x, a, b, loc, scale))


# ---------------------------------------------------------------------------------------------
# truncnorm, pareto, gumbel_r, gumbel_l, gennorm, vonmises, wrapcauchy


def _log_diff(big, small):
    """log(e^big - e^small) for big >= small; -inf when they are equal (incl. both -inf)."""
    same = big == small
    safe_small = jnp.where(same, big - 1, small)
    return jnp.where(same, -np.inf, big + jnp.log1p(-jnp.exp(safe_small - big)))


def _log_gauss_mass(a, b):
    """log(ndtr(b) - ndtr(a)) for a <= b, without cancellation: in the left tail as a
    difference of log_ndtr, the right tail by symmetry, log1p of the two tails in between."""
    a, b = jnp.broadcast_arrays(a, b)
    right = a > 0
    left_like = (b <= 0) | right
    lo = jnp.where(right, -b, a)
    hi = jnp.where(right, -a, b)
    tail = _log_diff(sp.log_ndtr(hi), sp.log_ndtr(lo))
    central = jnp.log1p(-sp.ndtr(a) - sp.ndtr(-b))
    return jnp.where(left_like, tail, central)


def truncnorm_logpdf(x, a, b, loc=0, scale=1):
    """The normal density restricted to [a, b] (in standardized units) and renormalized; nan
    where a >= b (as JAX)."""
    x, a, b, loc, scale = promote_args_inexact("truncnorm.logpdf", x, a, b, loc, scale)
    y = (x - loc) / scale
    val = norm_logpdf(x, loc, scale) - _log_gauss_mass(a, b)
    val = jnp.where((y < a) | (y > b), -np.inf, val)
    return jnp.where(a >= b, np.nan, val)


def truncnorm_pdf(x, a, b, loc=0, scale=1):
    return jnp.exp(truncnorm_logpdf(x, a, b, loc, scale))


def truncnorm_logcdf(x, a, b, loc=0, scale=1):
    """log of the mass of [a, y] over that of [a, b]; near 1 it is log1p(-sf) instead."""
    x, a, b, loc, scale = promote_args_inexact("truncnorm.logcdf", x, a, b, loc, scale)
    y = (x - loc) / scale
    y, a, b = jnp.broadcast_arrays(y, a, b)
    total = _log_gauss_mass(a, b)
    log_cdf = _log_gauss_mass(a, jnp.clip(y, a, b)) - total
    log_sf = _log_gauss_mass(jnp.clip(y, a, b), b) - total
    # First matching case wins; none (a nan y) gives 0, as JAX's select.
    out = jnp.where(y > a, log_cdf, 0.0)
    out = jnp.where(log_cdf > -0.1, jnp.log1p(-jnp.exp(log_sf)), out)
    out = jnp.where(y <= a, -np.inf, out)
    out = jnp.where(y >= b, 0.0, out)
    return jnp.where(a >= b, np.nan, out)


def truncnorm_cdf(x, a, b, loc=0, scale=1):
    return jnp.exp(truncnorm_logcdf(x, a, b, loc, scale))


def truncnorm_logsf(x, a, b, loc=0, scale=1):
    """The log-cdf of the mirrored distribution at -x."""
    x, a, b, loc, scale = promote_args_inexact("truncnorm.logsf", x, a, b, loc, scale)
    return truncnorm_logcdf(-x, -b, -a, -loc, scale)


def truncnorm_sf(x, a, b, loc=0, scale=1):
    return jnp.exp(truncnorm_logsf(x, a, b, loc, scale))


def pareto_logpdf(x, b, loc=0, scale=1):
    """log(b / scale) - (b + 1) log y for y >= 1, -inf below."""
    y, x, loc, scale, (b,) = _standardize("pareto.logpdf", x, loc, scale, b)
    return jnp.where(x < loc + scale, -np.inf, -(jnp.log(scale / b) + (b + 1) * jnp.log(y)))


def pareto_pdf(x, b, loc=0, scale=1):
    return jnp.exp(pareto_logpdf(x, b, loc, scale))


def pareto_cdf(x, b, loc=0, scale=1):
    y, x, loc, scale, (b,) = _standardize("pareto.cdf", x, loc, scale, b)
    return jnp.where(x < loc + scale, jnp.zeros_like(y), 1 - jnp.power(y, -b))


def pareto_logcdf(x, b, loc=0, scale=1):
    y, x, loc, scale, (b,) = _standardize("pareto.logcdf", x, loc, scale, b)
    return jnp.where(x < loc + scale, -np.inf, jnp.log1p(-jnp.power(y, -b)))


def pareto_logsf(x, b, loc=0, scale=1):
    y, x, loc, scale, (b,) = _standardize("pareto.logsf", x, loc, scale, b)
    return jnp.where(x < loc + scale, jnp.zeros_like(y), -b * jnp.log(y))


def pareto_sf(x, b, loc=0, scale=1):
    return jnp.exp(pareto_logsf(x, b, loc, scale))


def pareto_ppf(q, b, loc=0, scale=1):
    q, b, loc, scale = promote_args_inexact("pareto.ppf", q, b, loc, scale)
    return jnp.where(_bad_q(q), np.nan, loc + scale * jnp.power(1 - q, -1 / b))


def _gumbel(name, x, loc, scale):
    y, x, loc, scale, _ = _standardize(name, x, loc, scale)
    return y, scale > 0, scale


def gumbel_r_logpdf(x, loc=0, scale=1):
    """Right-skewed Gumbel: -y - e^-y - log(scale); nan unless scale > 0."""
    y, ok, scale = _gumbel("gumbel_r.logpdf", x, loc, scale)
    return jnp.where(ok, -(y + jnp.exp(-y)) - jnp.log(jnp.where(ok, scale, 1)), np.nan)


def gumbel_r_pdf(x, loc=0, scale=1):
    return jnp.exp(gumbel_r_logpdf(x, loc, scale))


def gumbel_r_logcdf(x, loc=0, scale=1):
    y, ok, _ = _gumbel("gumbel_r.logcdf", x, loc, scale)
    return jnp.where(ok, -jnp.exp(-y), np.nan)


def gumbel_r_cdf(x, loc=0, scale=1):
    return jnp.exp(gumbel_r_logcdf(x, loc, scale))


def gumbel_r_sf(x, loc=0, scale=1):
    y, ok, _ = _gumbel("gumbel_r.sf", x, loc, scale)
    return jnp.where(ok, -jnp.expm1(-jnp.exp(-y)), np.nan)


def gumbel_r_logsf(x, loc=0, scale=1):
    y, ok, _ = _gumbel("gumbel_r.logsf", x, loc, scale)
    return jnp.where(ok, _log1mexp(jnp.exp(-y)), np.nan)


def gumbel_r_ppf(p, loc=0, scale=1):
    p, loc, scale = promote_args_inexact("gumbel_r.ppf", p, loc, scale)
    ok = (p > 0) & (p < 1)
    return jnp.where(ok, loc - scale * jnp.log(-jnp.log(p)), np.nan)


def gumbel_l_logpdf(x, loc=0, scale=1):
    """Left-skewed Gumbel: y - e^y - log(scale); nan unless scale > 0."""
    y, ok, scale = _gumbel("gumbel_l.logpdf", x, loc, scale)
    return jnp.where(ok, y - jnp.exp(y) - jnp.log(jnp.where(ok, scale, 1)), np.nan)


def gumbel_l_pdf(x, loc=0, scale=1):
    return jnp.exp(gumbel_l_logpdf(x, loc, scale))


def gumbel_l_logcdf(x, loc=0, scale=1):
    y, ok, _ = _gumbel("gumbel_l.logcdf", x, loc, scale)
    return jnp.where(ok, jnp.log(-jnp.expm1(-jnp.exp(y))), np.nan)


def gumbel_l_cdf(x, loc=0, scale=1):
    return jnp.exp(gumbel_l_logcdf(x, loc, scale))


def gumbel_l_logsf(x, loc=0, scale=1):
    y, ok, _ = _gumbel("gumbel_l.logsf", x, loc, scale)
    return jnp.where(ok, -jnp.exp(y), np.nan)


def gumbel_l_sf(x, loc=0, scale=1):
    return jnp.exp(gumbel_l_logsf(x, loc, scale))


def gumbel_l_ppf(p, loc=0, scale=1):
    p, loc, scale = promote_args_inexact("gumbel_l.ppf", p, loc, scale)
    ok = (p > 0) & (p < 1)
    return jnp.where(ok, loc + scale * jnp.log(-jnp.log1p(-p)), np.nan)


def _log1mexp(t):
    """log(1 - e^-t) for t > 0: log(-expm1(-t)) near 0, log1p(-e^-t) beyond log 2."""
    small = t < math.log(2)
    return jnp.where(small, jnp.log(-jnp.expm1(-jnp.where(small, t, 1.0))),
                     jnp.log1p(-jnp.exp(-jnp.where(small, 1.0, t))))


def gennorm_logpdf(x, beta):
    """Generalized normal: log(beta / 2) - lgamma(1 / beta) - |x|^beta."""
    x, beta = promote_args_inexact("gennorm.logpdf", x, beta)
    return jnp.log(0.5 * beta) - sp.gammaln(1 / beta) - jnp.power(jnp.abs(x), beta)


def gennorm_pdf(x, beta):
    return jnp.exp(gennorm_logpdf(x, beta))


def gennorm_cdf(x, beta):
    x, beta = promote_args_inexact("gennorm.cdf", x, beta)
    return 0.5 * (1 + jnp.sign(x) * sp.gammainc(1 / beta, jnp.power(jnp.abs(x), beta)))


def vonmises_logpdf(x, kappa):
    """kappa (cos x - 1) - log(2 pi i0e(kappa)); nan unless kappa > 0."""
    x, kappa = promote_args_inexact("vonmises.logpdf", x, kappa)
    ok = kappa > 0
    val = kappa * (jnp.cos(x) - 1) - jnp.log(2 * math.pi * sp.i0e(kappa))
    return jnp.where(ok, val, np.nan)


def vonmises_pdf(x, kappa):
    return jnp.exp(vonmises_logpdf(x, kappa))


def wrapcauchy_logpdf(x, c):
    """log((1 - c^2) / (2 pi (1 + c^2 - 2 c cos x))) on [0, 2 pi]; nan unless 0 < c < 1."""
    x, c = promote_args_inexact("wrapcauchy.logpdf", x, c)
    val = jnp.log(1 - c * c) - _LOG_2PI - jnp.log(1 + c * c - 2 * c * jnp.cos(x))
    val = jnp.where((x >= 0) & (x <= 2 * math.pi), val, -np.inf)
    return jnp.where((c > 0) & (c < 1), val, np.nan)


def wrapcauchy_pdf(x, c):
    return jnp.exp(wrapcauchy_logpdf(x, c))


# ---------------------------------------------------------------------------------------------
# Discrete: bernoulli, binom, geom, poisson


def bernoulli_logpmf(k, p, loc=0):
    k, p, loc = promote_args_inexact("bernoulli.logpmf", k, p, loc)
    x = k - loc
    log_probs = sp.xlogy(x, p) + sp.xlog1py(1 - x, -p)
    return jnp.where((x < 0) | (x > 1), -np.inf, log_probs)


def bernoulli_pmf(k, p, loc=0):
    return jnp.exp(bernoulli_logpmf(k, p, loc))


def bernoulli_cdf(k, p):
    k, p = promote_args_inexact("bernoulli.cdf", k, p)
    bad = jnp.isnan(k) | jnp.isnan(p) | (p < 0) | (p > 1)
    out = jnp.where(k < 0, 0, jnp.where(k < 1, 1 - p, 1))
    return jnp.where(bad, np.nan, out)


def bernoulli_ppf(q, p):
    q, p = promote_args_inexact("bernoulli.ppf", q, p)
    bad = _bad_q(q) | jnp.isnan(p) | (p < 0) | (p > 1)
    return jnp.where(bad, np.nan, jnp.where(q <= 1 - p, jnp.zeros_like(q), jnp.ones_like(q)))


def binom_logpmf(k, n, p, loc=0):
    """log C(n, y) + y log p + (n - y) log(1 - p) for loc <= k < loc + n + 1."""
    k, n, p, loc = promote_args_inexact("binom.logpmf", k, n, p, loc)
    y = k - loc
    log_comb = sp.gammaln(n + 1) - sp.gammaln(y + 1) - sp.gammaln(n - y + 1)
    log_linear = sp.xlogy(y, p) + sp.xlog1py(n - y, -p)
    # Certain outcomes (n = 0, or p at 0 or 1 on the matching y) have probability exactly 1.
    certain = ((y == 0) & (n == 0)) | (log_linear == 0)
    log_probs = jnp.where(certain, 0, log_comb + log_linear)
    return jnp.where((k >= loc) & (k < loc + n + 1), log_probs, -np.inf)


def binom_pmf(k, n, p, loc=0):
    return jnp.exp(binom_logpmf(k, n, p, loc))


def geom_logpmf(k, p, loc=0):
    """(k-1) log(1-p) + log p for k >= 1 (trials up to and including the first success)."""
    k, p, loc = promote_args_inexact("geom.logpmf", k, p, loc)
    x = k - loc
    return jnp.where(x <= 0, -np.inf, sp.xlog1py(x - 1, -p) + jnp.log(p))


def geom_pmf(k, p, loc=0):
    return jnp.exp(geom_logpmf(k, p, loc))


def nbinom_logpmf(k, n, p, loc=0):
    """Failures before the n-th success: log C(y + n - 1, y) + n log p + y log(1 - p)."""
    k, n, p, loc = promote_args_inexact("nbinom.logpmf", k, n, p, loc)
    y = k - loc
    log_comb = sp.gammaln(y + n) - sp.gammaln(n) - sp.gammaln(y + 1)
    return jnp.where(k < loc, -np.inf, log_comb + sp.xlogy(n, p) + sp.xlogy(y, 1 - p))


def nbinom_pmf(k, n, p, loc=0):
    return jnp.exp(nbinom_logpmf(k, n, p, loc))


def betabinom_logpmf(k, n, a, b, loc=0):
    """Beta-binomial: C(n, y) B(y + a, n - y + b) / B(a, b) with y = floor(k) - loc; nan for
    n < 0 or non-positive a, b (as JAX)."""
    k, n, a, b, loc = promote_args_inexact("betabinom.logpmf", k, n, a, b, loc)
    y = jnp.floor(k) - loc
    log_comb = -(jnp.log1p(n) + sp.betaln(n - y + 1, y + 1))
    log_probs = log_comb + sp.betaln(y + a, n - y + b) - sp.betaln(a, b)
    log_probs = jnp.where((y == 0) & (n == 0), 0.0, log_probs)
    outside = (y < -loc) | (y > n) | (y + a <= 0)
    log_probs = jnp.where(outside, -np.inf, log_probs)
    return jnp.where((n < 0) | (a <= 0) | (b <= 0), np.nan, log_probs)


def betabinom_pmf(k, n, a, b, loc=0):
    return jnp.exp(betabinom_logpmf(k, n, a, b, loc))


def multinomial_logpmf(x, n, p):
    """log n! + sum_i (x_i log p_i - log x_i!) over the last axis; -inf unless the counts sum
    to n. `x` and `n` must be integers (as JAX; JAX compares the sum over all of a batched x
    with n, numjax each row's)."""
    (p,) = promote_args_inexact("multinomial.logpmf", p)
    x, n = jnp.asarray(x), jnp.asarray(n)
    if not (jnp.issubdtype(x.dtype, jnp.integer) and jnp.issubdtype(n.dtype, jnp.integer)):
        raise ValueError(
            f"x and n must be of integer type; got x.dtype={x.dtype}, n.dtype={n.dtype}"
        )
    xf, nf = x.astype(p.dtype), n.astype(p.dtype)
    log_probs = sp.gammaln(nf + 1) + jnp.sum(sp.xlogy(xf, p) - sp.gammaln(xf + 1), axis=-1)
    return jnp.where(jnp.sum(xf, axis=-1) == nf, log_probs, -np.inf)


def multinomial_pmf(x, n, p):
    return jnp.exp(multinomial_logpmf(x, n, p))


def poisson_logpmf(k, mu, loc=0):
    """k log mu - lgamma(k + 1) - mu for integer k >= loc."""
    k, mu, loc = promote_args_inexact("poisson.logpmf", k, mu, loc)
    x = k - loc
    log_probs = sp.xlogy(x, mu) - sp.gammaln(x + 1) - mu
    return jnp.where((x < 0) | (jnp.round(k) != k), -np.inf, log_probs)


def poisson_pmf(k, mu, loc=0):
    return jnp.exp(poisson_logpmf(k, mu, loc))


def poisson_cdf(k, mu, loc=0):
    """P(K <= k) = Q(floor(k) + 1, mu), the regularized upper incomplete gamma."""
    k, mu, loc = promote_args_inexact("poisson.cdf", k, mu, loc)
    x = k - loc
    return jnp.where(x < 0, 0, sp.gammaincc(jnp.floor(x + 1), mu))


def _poisson_entropy_sum(mu, k_max, upper):
    """-sum_k pmf log pmf over k < min(k_max, upper(mu)): a fixed-size sum (jittable)."""
    k = jnp.arange(k_max, dtype=mu.dtype)[:, None]
    probs = jnp.where(k < jnp.ceil(upper)[None, :], poisson_pmf(k, mu[None, :]), 0.0)
    return jnp.sum(sp.entr(probs), axis=0)


def poisson_entropy(mu, loc=0):
    """Entropy in nats: direct sums for mu < 100 (35 terms below 10, 250 below 100), the
    asymptotic 0.5 log(2 pi e mu) - 1/(12 mu) above (as JAX); `loc` does not change it."""
    mu, loc = promote_args_inexact("poisson.entropy", mu, loc)
    flat = jnp.ravel(mu)
    small = _poisson_entropy_sum(flat, 35, flat + 20)
    medium = _poisson_entropy_sum(flat, 250, flat + 10 * jnp.sqrt(flat) + 20)
    large = 0.5 * jnp.log(2 * math.pi * math.e * flat) - 1 / (12 * flat)
    out = jnp.where(flat < 10, small, jnp.where(flat < 100, medium, large))
    return jnp.reshape(jnp.where(flat == 0, 0, out), mu.shape)


# ---------------------------------------------------------------------------------------------
# Multivariate: dirichlet, multivariate_normal


def dirichlet_logpdf(x, alpha):
    """Dirichlet log-density over the first axis of `x` (K or K - 1 entries; the last is then
    1 - sum); -inf off the simplex (an entry <= 0 or |sum - 1| >= 1e-6)."""
    x, alpha = jnp.asarray(x), jnp.asarray(alpha)
    x, alpha = promote_to_inexact(x, alpha)
    if alpha.ndim != 1:
        raise ValueError(f"`alpha` must be one-dimensional; got alpha.shape={alpha.shape}")
    if x.shape[0] not in (alpha.shape[0], alpha.shape[0] - 1):
        raise ValueError(
            "`x` must have either the same number of entries as `alpha` or one entry fewer; "
            f"got x.shape={x.shape}, alpha.shape={alpha.shape}"
        )
    if x.shape[0] != alpha.shape[0]:
        x = jnp.concatenate([x, 1 - jnp.sum(x, axis=0, keepdims=True)], axis=0)
    log_beta = jnp.sum(sp.gammaln(alpha)) - sp.gammaln(jnp.sum(alpha))
    alpha = jnp.reshape(alpha, alpha.shape + (1,) * (x.ndim - 1))
    log_probs = jnp.sum(sp.xlogy(alpha - 1, x), axis=0) - log_beta
    on_simplex = jnp.all(x > 0, axis=0) & (jnp.abs(jnp.sum(x, axis=0) - 1) < 1e-6)
    return jnp.where(on_simplex, log_probs, -np.inf)


def dirichlet_pdf(x, alpha):
    return jnp.exp(dirichlet_logpdf(x, alpha))


def multivariate_normal_logpdf(x, mean, cov, allow_singular=None):
    """Log-density of N(mean, cov) over the last axis of `x`; `cov` may be a scalar (isotropic)
    or a (..., n, n) positive-definite matrix (through its Cholesky factor L:
    -|L^-1 (x - mean)|^2 / 2 - n log(2 pi) / 2 - sum log diag L). `allow_singular` is not
    supported (as JAX)."""
    if allow_singular is not None:
        raise NotImplementedError("allow_singular argument of multivariate_normal.logpdf")
    x, mean, cov = promote_to_inexact(x, mean, cov)
    if not mean.shape:
        return -jnp.square(x - mean) / cov / 2 - (_LOG_2PI + jnp.log(cov)) / 2
    n = mean.shape[-1]
    if not cov.shape:
        d = x - mean
        return -jnp.einsum("...i,...i->...", d, d) / cov / 2 - n / 2 * (_LOG_2PI + jnp.log(cov))
    if cov.ndim < 2 or cov.shape[-2:] != (n, n):
        raise ValueError("multivariate_normal.logpdf got incompatible shapes")
    from ..scipy.linalg import solve_triangular

    L = jnp.linalg.cholesky(cov)
    d = x - mean
    batch = np.broadcast_shapes(L.shape[:-2], d.shape[:-1])
    L = jnp.broadcast_to(L, batch + (n, n))
    d = jnp.broadcast_to(d, batch + (n,))
    z = solve_triangular(L, d[..., None], lower=True)[..., 0]
    log_det_half = jnp.sum(jnp.log(jnp.diagonal(L, axis1=-2, axis2=-1)), axis=-1)
    return -jnp.einsum("...i,...i->...", z, z) / 2 - n / 2 * _LOG_2PI - log_det_half


def multivariate_normal_pdf(x, mean, cov):
    return jnp.exp(multivariate_normal_logpdf(x, mean, cov))


# ---------------------------------------------------------------------------------------------
# Summary statistics


def sem(a, axis=0, ddof=1, nan_policy="propagate", *, keepdims=False):
    """Standard error of the mean, std(a, ddof) / sqrt(n) over `axis` (all axes for None);
    nan_policy 'omit' ignores nans (n counts the rest); 'raise' is not supported (as JAX)."""
    (a,) = promote_args_inexact("sem", a)
    if nan_policy == "propagate":
        n = a.size if axis is None else a.shape[axis]
        return jnp.std(a, axis, ddof=ddof, keepdims=keepdims) / jnp.sqrt(n).astype(a.dtype)
    if nan_policy == "omit":
        n = jnp.sum(~jnp.isnan(a), axis, keepdims=keepdims)
        return jnp.nanstd(a, axis, ddof=ddof, keepdims=keepdims) / jnp.sqrt(n).astype(a.dtype)
    raise ValueError(f"{nan_policy} is not supported")


class ModeResult(NamedTuple):
    mode: Any
    count: Any


def _check_nan_policy(nan_policy, name):
    if nan_policy not in ("propagate", "omit", "raise"):
        raise ValueError(f"Illegal nan_policy value {nan_policy!r}; expected one of "
                         "{'propagate', 'omit', 'raise'}")
    if nan_policy == "omit":
        raise NotImplementedError(f"Logic for `nan_policy` of {nan_policy} is not implemented")
    if nan_policy == "raise":
        raise NotImplementedError(
            f"In order to best JIT compile `{name}`, we cannot know whether `x` contains nans. "
            f"Please check if nans exist in `x` outside of the `{name}` function.")


def _runs(s):
    """For values sorted along the last axis: the first and last index of each element's run of
    equal values (O(n log n) via running max/min, no n^2 comparison table)."""
    from .. import lax as public_lax

    n = s.shape[-1]
    idx = jnp.broadcast_to(jnp.arange(n), s.shape)
    new = s[..., 1:] != s[..., :-1]
    edge = jnp.ones(s.shape[:-1] + (1,), bool)
    is_start = jnp.concatenate([edge, new], axis=-1)
    is_end = jnp.concatenate([new, edge], axis=-1)
    start = public_lax.cummax(jnp.where(is_start, idx, 0), axis=s.ndim - 1)
    end = public_lax.cummin(jnp.where(is_end, idx, n - 1), axis=s.ndim - 1, reverse=True)
    return start, end, is_start


def mode(a, axis=0, nan_policy="propagate", keepdims=False):
    """The most common value along `axis` (all axes for None) and its count; ties go to the
    smallest value. nan values are never equal to each other here (JAX's unique groups them)."""
    _check_nan_policy(nan_policy, "mode")
    x = jnp.atleast_1d(a)
    if axis is None:
        out_shape = (1,) * x.ndim if keepdims else ()
        x, axis = jnp.ravel(x), 0
    else:
        axis = axis % x.ndim
        out_shape = tuple(1 if i == axis else d for i, d in enumerate(x.shape) if keepdims
                          or i != axis)
    if x.size == 0:
        nan = jnp.full(out_shape, np.nan, dtypes.default_float_dtype())
        return ModeResult(nan, jnp.zeros(out_shape, dtypes.default_float_dtype()))
    s = jnp.sort(jnp.moveaxis(x, axis, -1), axis=-1)
    start, end, _ = _runs(s)
    counts = end - start + 1
    best = jnp.argmax(counts, axis=-1)[..., None]
    values = jnp.take_along_axis(s, best, axis=-1)[..., 0]
    count = jnp.max(counts, axis=-1).astype(dtypes.default_int_dtype())
    return ModeResult(jnp.reshape(values, out_shape), jnp.reshape(count, out_shape))


_RANK_METHODS = ("average", "min", "max", "dense", "ordinal")


def rankdata(a, method="average", *, axis=None, nan_policy="propagate"):
    """Ranks from 1 of the values of `a` (flattened, or along `axis`), ties broken by `method`
    as scipy.stats.rankdata; a slice containing nan ranks as all nan. Float result."""
    _check_nan_policy(nan_policy, "rankdata")
    if method not in _RANK_METHODS:
        raise ValueError(f"unknown method '{method}'")
    x = jnp.asarray(a)
    if axis is None:
        return _rank_last(jnp.ravel(x), method)
    axis = axis % x.ndim
    return jnp.moveaxis(_rank_last(jnp.moveaxis(x, axis, -1), method), -1, axis)


def _rank_last(x, method):
    out_dtype = dtypes.default_float_dtype()
    order = jnp.argsort(x, axis=-1)
    inv = jnp.argsort(order, axis=-1)  # the inverse permutation: rank - 1 of each element

    def unsort(v):
        return jnp.take_along_axis(v, inv, axis=-1)

    if method == "ordinal":
        ranks = inv + 1
    else:
        start, end, is_start = _runs(jnp.take_along_axis(x, order, axis=-1))
        ranks = {
            "dense": lambda: unsort(jnp.cumsum(is_start, axis=-1)),
            "min": lambda: unsort(start) + 1,
            "max": lambda: unsort(end) + 1,
            "average": lambda: unsort(start + end).astype(out_dtype) / 2 + 1,
        }[method]()
    ranks = ranks.astype(out_dtype)
    has_nan = jnp.any(jnp.isnan(x), axis=-1, keepdims=True) if x.size else False
    return jnp.where(has_nan, np.nan, ranks)
