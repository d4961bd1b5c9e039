"""Special-function primitives beyond NumPy's: igamma, igammac, igamma_grad_a,
regularized_incomplete_beta, zeta, bessel_i0e, bessel_i1e, and ndtri and erfcx (internal: not in
jax.lax); and, behind jax.scipy.special only (JAX composes these from other operations; here
each is one primitive over a float64 kernel of `_src/special_extra.py`): wofz, dawsn, expi,
expn, sici_si, sici_ci, fresnel_s, fresnel_c, owens_t.

Impls are the float64 kernels of `numjax._src.special`; derivatives are written with lax
operations. Where JAX has no derivative (betainc with respect to a or b, the second derivative
of igamma in a) the rule raises JAX's error instead of returning a silent zero.
"""

from __future__ import annotations

import math

from .. import dtypes
from ..core import ShapedArray, get_aval
from ..interpreters.jvp import Zero
from .elementwise import (
    _special,
    add,
    cos,
    digamma,
    div,
    eq,
    erf,
    exp,
    lgamma,
    log,
    log1p,
    mul,
    neg,
    select,
    sign,
    sin,
    sub,
)
from .elementwise import pow as lax_pow
from .helpers import defjvp, elementwise, full_like, primitive, quiet_errors
from .slicing import concatenate
from .slicing import slice as lax_slice
from .structural import broadcast_in_dim

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
# jax.scipy.special only: the Faddeeva function and the integrals built on it or beside it


def _extra(name):
    def impl(*args):
        from .. import special_extra

        return getattr(special_extra, name)(*args)

    return impl


def _c(x, v):
    return full_like(x, v)


wofz_p = elementwise("wofz", _extra("wofz"), 1, accepts="float")
# w'(z) = 2i/sqrt(pi) - 2 z w(z) (holomorphic)
defjvp(wofz_p, lambda g, ans, z: mul(g, sub(_c(z, 2j / math.sqrt(math.pi)),
                                            mul(_c(z, 2), mul(z, ans)))))

dawsn_p = elementwise("dawsn", _extra("dawsn"), 1, accepts="real")
# D'(x) = 1 - 2 x D(x)
defjvp(dawsn_p, lambda g, ans, x: mul(g, sub(_c(x, 1), mul(_c(x, 2), mul(x, ans)))))

expi_p = elementwise("expi", _extra("expi"), 1, accepts="real")
defjvp(expi_p, lambda g, ans, x: mul(g, div(exp(x), x)))  # Ei'(x) = e^x / x


def _expn_dx(g, ans, n, x):
    # E_n'(x) = -E_{n-1}(x) for n >= 1; E_0 = e^-x / x has E_0' = -E_0 (1 + 1/x).
    zero = eq(n, _c(n, 0))
    lower = expn(select(zero, _c(n, 1), sub(n, _c(n, 1))), x)
    d0 = mul(ans, add(_c(x, 1), div(_c(x, 1), x)))
    return mul(g, neg(select(zero, d0, lower)))


expn_p = elementwise("expn", _extra("expn"), 2, accepts="real")
defjvp(expn_p, None, _expn_dx)  # n is an integer order: no derivative (as JAX)


def _sinc_like(f, x):
    # f(x) / x with its limit at 0 (f(0) = 0: f'(0); used for sin only)
    zero = eq(x, _c(x, 0))
    safe = select(zero, _c(x, 1), x)
    return select(zero, _c(x, 1), div(f(safe), safe))


sici_si_p = elementwise("sici_si", _extra("sici_si"), 1, accepts="real")
defjvp(sici_si_p, lambda g, ans, x: mul(g, _sinc_like(sin, x)))  # Si' = sin x / x
sici_ci_p = elementwise("sici_ci", _extra("sici_ci"), 1, accepts="real")
defjvp(sici_ci_p, lambda g, ans, x: mul(g, div(cos(x), x)))  # Ci' = cos x / x


def _half_pi_x2(x):
    return mul(_c(x, math.pi / 2), mul(x, x))


fresnel_s_p = elementwise("fresnel_s", _extra("fresnel_s"), 1, accepts="real")
defjvp(fresnel_s_p, lambda g, ans, x: mul(g, sin(_half_pi_x2(x))))
fresnel_c_p = elementwise("fresnel_c", _extra("fresnel_c"), 1, accepts="real")
defjvp(fresnel_c_p, lambda g, ans, x: mul(g, cos(_half_pi_x2(x))))


def _owens_t_dh(g, ans, h, a):
    # dT/dh = -phi(h) erf(a h / sqrt 2) / 2
    phi = mul(_c(h, 1 / math.sqrt(2 * math.pi)), exp(mul(_c(h, -0.5), mul(h, h))))
    return mul(g, mul(_c(h, -0.5), mul(phi, erf(mul(_c(h, 1 / math.sqrt(2)), mul(a, h))))))


def _owens_t_da(g, ans, h, a):
    # dT/da = exp(-h^2 (1 + a^2) / 2) / (2 pi (1 + a^2))
    one_a2 = add(_c(a, 1), mul(a, a))
    num = exp(mul(_c(h, -0.5), mul(mul(h, h), one_a2)))
    return mul(g, div(num, mul(_c(a, 2 * math.pi), one_a2)))


owens_t_p = elementwise("owens_t", _extra("owens_t"), 2, accepts="real")
defjvp(owens_t_p, _owens_t_dh, _owens_t_da)


# bessel_jn: J_0 .. J_v of z, stacked on a new leading axis (not elementwise: one operand, v + 1
# results per element).


def _bessel_jn_impl(z, *, v):
    from .. import special_extra

    return special_extra.bessel_jn(z, v)


def _bessel_jn_abstract_eval(z, *, v):
    if not dtypes.is_float(z.dtype):
        raise TypeError(f"bessel_jn does not accept dtype {z.dtype.name}. Accepted dtypes are "
                        f"subtypes of real floating-point.")
    return ShapedArray((v + 1, *z.shape), z.dtype)


bessel_jn_p = primitive("bessel_jn", _bessel_jn_impl, _bessel_jn_abstract_eval)


def _bessel_jn_jvp(primals, tangents, *, v):
    # J_0' = -J_1 and J_n' = (J_(n-1) - J_(n+1)) / 2, from one evaluation up to order v + 1.
    (z,), (z_dot,) = primals, tangents
    ans = bessel_jn_p.bind(z, v=v)
    if type(z_dot) is Zero:
        return ans, Zero.like(ans)
    full = bessel_jn_p.bind(z, v=v + 1)
    shape = get_aval(full).shape
    below = lax_slice(full, (0,) * len(shape), (v, *shape[1:]))
    above = lax_slice(full, (2, *(0,) * (len(shape) - 1)), shape)
    d_rest = mul(full_like(below, 0.5), sub(below, above))
    j1 = lax_slice(full, (1, *(0,) * (len(shape) - 1)), (2, *shape[1:]))
    d = concatenate([neg(j1), d_rest], 0) if v > 0 else neg(j1)
    z_dot_b = broadcast_in_dim(z_dot, get_aval(ans).shape, tuple(range(1, len(shape))))
    return ans, mul(d, z_dot_b)


def _bessel_jn_batch(args, bdims, *, v):
    (z,), (bdim,) = args, bdims
    return bessel_jn_p.bind(z, v=v), bdim + 1


bessel_jn_p.jvp = _bessel_jn_jvp
bessel_jn_p.batch = _bessel_jn_batch


def bessel_jn(z, *, v):
    _bessel_jn_abstract_eval(get_aval(z), v=v)
    return bessel_jn_p.bind(z, v=int(v))


def wofz(z):
    return wofz_p.bind(z)


def dawsn(x):
    return dawsn_p.bind(x)


def expi(x):
    return expi_p.bind(x)


def expn(n, x):
    return expn_p.bind(n, x)


def sici_si(x):
    return sici_si_p.bind(x)


def sici_ci(x):
    return sici_ci_p.bind(x)


def fresnel_s(x):
    return fresnel_s_p.bind(x)


def fresnel_c(x):
    return fresnel_c_p.bind(x)


def owens_t(h, a):
    return owens_t_p.bind(h, a)


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
             bessel_i0e_p, bessel_i1e_p, ndtri_p, erfcx_p, wofz_p, dawsn_p, expi_p, expn_p,
             sici_si_p, sici_ci_p, fresnel_s_p, fresnel_c_p, owens_t_p, bessel_jn_p)
