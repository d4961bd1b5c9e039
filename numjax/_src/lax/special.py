"""Special-function primitives beyond NumPy's: igamma, igammac, igamma_grad_a,
regularized_incomplete_beta, zeta, bessel_i0e, bessel_i1e, and ndtri and erfcx (internal: not in
jax.lax).

Impls are the float64 kernels of `numjax._src.special`; derivatives are written with lax
operations. Where JAX has no derivative (betainc with respect to a or b, the second derivative
of igamma in a) the rule raises JAX's error instead of returning a silent zero.
"""

from __future__ import annotations

import math

from .elementwise import (
    _special,
    add,
    digamma,
    div,
    eq,
    exp,
    lgamma,
    log,
    log1p,
    mul,
    neg,
    select,
    sign,
    sub,
)
from .elementwise import pow as lax_pow
from .helpers import defjvp, elementwise, full_like, quiet_errors

# ---------------------------------------------------------------------------------------------
# Incomplete gamma


def _igamma_dx(g, ans, a, x):
    # d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)
    return mul(g, exp(sub(sub(mul(sub(a, full_like(a, 1)), log(x)), x), lgamma(a))))


igamma_p = elementwise("igamma", _special("igamma"), 2, accepts="real")
defjvp(igamma_p, lambda g, ans, a, x: mul(g, igamma_grad_a(a, x)), _igamma_dx)

igammac_p = elementwise("igammac", _special("igammac"), 2, accepts="real")
defjvp(igammac_p, lambda g, ans, a, x: neg(mul(g, igamma_grad_a(a, x))),
       lambda g, ans, a, x: neg(_igamma_dx(g, ans, a, x)))


def _igamma_grad_a_da(g, ans, a, x):
    raise NotImplementedError("Differentiation rule for 'igamma_grad_a' not implemented")


igamma_grad_a_p = elementwise("igamma_grad_a", _special("igamma_grad_a"), 2, accepts="real")
# d/dx dP/da = d/da dP/dx = dP/dx (log x - digamma(a))
defjvp(igamma_grad_a_p, _igamma_grad_a_da,
       lambda g, ans, a, x: mul(_igamma_dx(g, ans, a, x), sub(log(x), digamma(a))))

# ---------------------------------------------------------------------------------------------
# Incomplete beta


def _betainc_dab(g, ans, a, b, x):
    raise ValueError("Betainc gradient with respect to a and b not supported.")


def _betainc_dx(g, ans, a, b, x):
    # d/dx I_x(a, b) = x^(a-1) (1-x)^(b-1) / B(a, b)
    one = full_like(a, 1)
    lbeta = sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)))
    log_dens = add(mul(sub(a, one), log(x)), mul(sub(b, one), log1p(neg(x))))
    return mul(g, exp(sub(log_dens, lbeta)))


regularized_incomplete_beta_p = elementwise(
    "regularized_incomplete_beta", _special("betainc"), 3, accepts="real")
defjvp(regularized_incomplete_beta_p, _betainc_dab, _betainc_dab, _betainc_dx)

# ---------------------------------------------------------------------------------------------
# Hurwitz zeta

# Euler-Maclaurin for d/ds zeta(s, q): N direct terms, then Bernoulli corrections at a = q + N.
_ZETA_N = 12
_B2K = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)


def _zeta_ds(s, q):
    """d/ds zeta(s, q) = -sum_k log(q + k) (q + k)^-s, written with lax operations (so it is
    itself differentiable) by differentiating the Euler-Maclaurin formula term by term."""
    def c(v):
        return full_like(s, v)

    out = c(0.0)
    for k in range(_ZETA_N):
        qk = add(q, c(k))
        out = sub(out, mul(log(qk), lax_pow(qk, neg(s))))
    a = add(q, c(_ZETA_N))
    log_a = log(a)
    s1 = sub(s, c(1))
    a_1s = lax_pow(a, neg(s1))
    # d/ds [a^(1-s)/(s-1) + a^-s/2]
    out = sub(out, mul(a_1s, add(div(log_a, s1), div(c(1), mul(s1, s1)))))
    out = sub(out, mul(c(0.5), mul(log_a, lax_pow(a, neg(s)))))
    # d/ds of B2j/(2j)! * s(s+1)...(s+2j-2) a^(-s-2j+1)
    poch, dpoch = s, c(1.0)
    for j, b2j in enumerate(_B2K, start=1):
        coef = b2j / math.factorial(2 * j)
        power = lax_pow(a, sub(c(1 - 2 * j), s))
        term = mul(c(coef), mul(sub(dpoch, mul(poch, log_a)), power))
        out = add(out, term)
        for i in (2 * j - 1, 2 * j):  # extend the rising factorial by two factors
            dpoch = add(mul(dpoch, add(s, c(i))), poch)
            poch = mul(poch, add(s, c(i)))
    return out


zeta_p = elementwise("zeta", _special("zeta"), 2, accepts="real")
defjvp(zeta_p,
       lambda g, ans, s, q: mul(g, _zeta_ds(s, q)),
       lambda g, ans, s, q: mul(g, neg(mul(s, zeta(add(s, full_like(s, 1)), q)))))

# ---------------------------------------------------------------------------------------------
# Exponentially scaled modified Bessel functions

bessel_i0e_p = elementwise("bessel_i0e", _special("bessel_i0e"), 1, accepts="real")
# d/dx e^-|x| I0(x) = e^-|x| (I1(x) - sign(x) I0(x))
defjvp(bessel_i0e_p, lambda g, ans, x: mul(g, sub(bessel_i1e(x), mul(sign(x), ans))))


def _bessel_i1e_dx(g, ans, x):
    # d/dx e^-|x| I1(x) = e^-|x| (I0(x) - I1(x) (sign(x) + 1/x)); the limit at 0 is 1/2.
    zero = eq(x, full_like(x, 0))
    safe_x = select(zero, full_like(x, 1), x)
    d = sub(bessel_i0e(x), mul(ans, add(sign(x), div(full_like(x, 1), safe_x))))
    return mul(g, select(zero, full_like(x, 0.5), d))


bessel_i1e_p = elementwise("bessel_i1e", _special("bessel_i1e"), 1, accepts="real")
defjvp(bessel_i1e_p, _bessel_i1e_dx)


# ---------------------------------------------------------------------------------------------
# Inverse normal CDF and scaled erfc (not in jax.lax: JAX composes them from other operations;
# here each is one primitive with a float64 kernel, accurate in the tails)

ndtri_p = elementwise("ndtri", _special("ndtri"), 1, accepts="real")
# d/dp ndtri(p) = 1 / pdf(ndtri(p)) = sqrt(2 pi) exp(ans^2 / 2)
defjvp(ndtri_p, lambda g, ans, p: mul(g, mul(full_like(p, math.sqrt(2 * math.pi)),
                                             exp(mul(full_like(p, 0.5), mul(ans, ans))))))

erfcx_p = elementwise("erfcx", _special("erfcx"), 1, accepts="real")
# d/dx erfcx(x) = 2 x erfcx(x) - 2 / sqrt(pi)
defjvp(erfcx_p, lambda g, ans, x: mul(g, sub(mul(full_like(x, 2), mul(x, ans)),
                                             full_like(x, 2 / math.sqrt(math.pi)))))

# ---------------------------------------------------------------------------------------------
# lax wrappers


def igamma(a, x):
    return igamma_p.bind(a, x)


def igammac(a, x):
    return igammac_p.bind(a, x)


def igamma_grad_a(a, x):
    return igamma_grad_a_p.bind(a, x)


def regularized_incomplete_beta(a, b, x):
    return regularized_incomplete_beta_p.bind(a, b, x)


def zeta(x, q):
    return zeta_p.bind(x, q)


def ndtri(p):
    return ndtri_p.bind(p)


def erfcx(x):
    return erfcx_p.bind(x)


def bessel_i0e(x):
    return bessel_i0e_p.bind(x)


def bessel_i1e(x):
    return bessel_i1e_p.bind(x)


# Impls that meet overflow, log(0) or 0/0 in ordinary use: silent, as JAX.
quiet_errors(igamma_p, igammac_p, igamma_grad_a_p, regularized_incomplete_beta_p, zeta_p,
             bessel_i0e_p, bessel_i1e_p, ndtri_p, erfcx_p)
