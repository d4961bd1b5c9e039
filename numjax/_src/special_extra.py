"""More special-function kernels (NumPy, float64): the Faddeeva function wofz, Dawson's
integral, the exponential integrals Ei, E_n, the sine and cosine integrals, the Fresnel
integrals and Owen's T. They are the impls of the primitives in lax/special.py; same contract
as `special.py` (ndarrays in, broadcast, float64 work with whole-array operations, one rounding
to the caller's dtype).

Accuracy (float64, against SciPy): ~1e-14 relative for ei, expn, sici, fresnel, dawsn and
owens_t; wofz ~1e-13 relative in the upper half plane (Weideman's rational approximation, 40
terms), with the reflection w(z) = 2 exp(-z^2) - w(-z) below it.

Edge values: the mathematical limit (as SciPy), except where JAX deliberately differs:
expn(n, x) is NaN for a non-integer or negative n and for x < 0; ci is even (ci(-x) = ci(x)).
"""

from __future__ import annotations

import numpy as np

from .special import _EULER, _SQRT_PI, _horner, _is_int, _out_dtype, _vectorized

# ---------------------------------------------------------------------------------------------
# Faddeeva function w(z) = exp(-z^2) erfc(-iz)

_W_N = 40
_W_L = np.sqrt(_W_N / np.sqrt(2))


def _weideman_coeffs(n=_W_N, ell=_W_L):
    """Coefficients of Weideman's (1994) expansion w(z) = 2 p(Z) / (L - iz)^2 + 1 / (sqrt(pi)
    (L - iz)), Z = (L + iz) / (L - iz), p a polynomial of degree n - 1 whose coefficients are
    the Fourier coefficients of exp(-t^2) (L^2 + t^2) with t = L tan(theta / 2)."""
    m = 2 * n
    k = np.arange(-m + 1, m)
    t = ell * np.tan(k * np.pi / (2 * m))
    f = np.concatenate([[0.0], np.exp(-t * t) * (ell * ell + t * t)])
    a = np.real(np.fft.fft(np.fft.fftshift(f))) / (2 * m)
    return a[1:n + 1]  # ascending powers of Z


_W_COEFFS = _weideman_coeffs()


def _wofz_upper(z):
    """w(z) for Im z >= 0."""
    out = np.empty_like(z)
    big = np.abs(z) >= 8
    zb = z[big]
    # Laplace continued fraction w = i/sqrt(pi) / (z - (1/2)/(z - 1/(z - (3/2)/(z - ...)))).
    t = zb.copy()
    for k in range(40, 0, -1):
        t = zb - (0.5 * k) / t
    out[big] = 1j / (_SQRT_PI * t)
    zs = z[~big]
    denom = _W_L - 1j * zs
    zz = (_W_L + 1j * zs) / denom
    out[~big] = 2 * _horner(_W_COEFFS, zz) / (denom * denom) + 1 / (_SQRT_PI * denom)
    return out


def wofz(z):
    """The Faddeeva function exp(-z^2) erfc(-iz) of a complex (or real) array."""
    z = np.asarray(z)
    dt = np.result_type(z.dtype, np.complex64)
    if z.dtype.kind != "c" and z.dtype.itemsize < 4:
        dt = np.complex64
    flat = np.array(z, dtype=np.complex128).ravel()
    with np.errstate(all="ignore"):
        lower = flat.imag < 0
        zu = np.where(lower, -flat, flat)
        w = _wofz_upper(zu)
        w = np.where(lower, 2 * np.exp(-flat * flat) - w, w)
        finite = np.isfinite(flat)
        w = np.where(finite | ~np.isinf(flat.real) | (flat.imag != 0), w, 0)
    return w.reshape(z.shape).astype(dt)


# ---------------------------------------------------------------------------------------------
# Dawson's integral D(x) = exp(-x^2) int_0^x exp(t^2) dt = sqrt(pi)/2 Im w(x)


@_vectorized
def dawsn(x):
    """Dawson's integral: a Maclaurin series for |x| < 0.5, sqrt(pi)/2 Im w(x) above."""
    ax = np.abs(x)
    small = ax < 0.5
    # D(x) = sum_n (-1)^n 2^n x^(2n+1) / (2n+1)!!
    x2 = np.where(small, x * x, 0.0)
    term, total = np.ones_like(x), np.ones_like(x)
    for n in range(1, 16):
        term = term * (-2 * x2) / (2 * n + 1)
        total = total + term
    series = x * total
    big = np.where(small, 1.0, ax)
    far = 0.5 / big * (1 + 0.5 / big**2 * (1 + 1.5 / big**2))  # 1/(2x) (1 + 1/(2x^2) ...)
    w = 0.5 * _SQRT_PI * np.imag(_wofz_upper(big.astype(np.complex128)))
    out = np.where(big > 1e7, far, w)
    out = np.where(small, series, np.copysign(out, x))
    return np.where(np.isinf(x), np.copysign(0.0, x), out)


# ---------------------------------------------------------------------------------------------
# Exponential integrals


def _e1_pos(x):
    """E1(x) for x > 0: the series -gamma - log x + sum (-1)^(k+1) x^k / (k k!) for x <= 2,
    the continued fraction e^-x / (x + 1 - 1/(x + 3 - 4/(x + 5 - ...))) above."""
    small = x <= 2
    xs = np.where(small, x, 1.0)
    term, total = np.ones_like(x), np.zeros_like(x)
    for k in range(1, 40):
        term = term * -xs / k
        total = total - term / k
    series = -_EULER - np.log(xs) + total
    xl = np.where(small, 3.0, x)
    t = xl + 2 * 120 + 1
    for k in range(120, 0, -1):
        t = xl + 2 * k - 1 - k * k / t
    cf = np.exp(-xl) / t
    return np.where(small, series, cf)


def _ei_pos(x):
    """Ei(x) for x > 0: gamma + log x + sum x^k / (k k!) up to x = 40 (all terms positive),
    the asymptotic series e^x / x sum k! / x^k above."""
    small = x <= 40
    xs = np.where(small, x, 1.0)
    term, total = np.ones_like(x), np.zeros_like(x)
    for k in range(1, 140):
        term = term * xs / k
        total = total + term / k
    series = _EULER + np.log(xs) + total
    xl = np.where(small, 50.0, x)
    term, total = np.ones_like(x), np.ones_like(x)
    for k in range(1, 40):
        term = term * k / xl
        total = total + term
    asym = np.exp(xl) / xl * total
    return np.where(small, series, asym)


@_vectorized
def expi(x):
    """The exponential integral Ei(x) (principal value); Ei(x) = -E1(-x) for x < 0."""
    pos = x > 0
    out = np.where(pos, _ei_pos(np.where(pos, x, 1.0)), -_e1_pos(np.where(pos, 1.0, -x)))
    out = np.where(x == 0, -np.inf, out)
    out = np.where(x == np.inf, np.inf, out)
    return np.where(x == -np.inf, -0.0, out)


@_vectorized
def expn(n, x):
    """The generalized exponential integral E_n(x) = int_1^inf e^(-xt) / t^n dt for integer
    n >= 0 and x >= 0: E_0 = e^-x / x; the series with the digamma term for x <= 1, the
    continued fraction (modified Lentz, fixed depth) above."""
    from .special import digamma

    ok = _is_int(n) & (n >= 0) & (x >= 0)
    nn = np.where(ok, n, 1.0)
    xx = np.where(ok & (x > 0), x, 1.0)
    nm1 = nn - 1
    small = xx <= 1
    # Series: E_n(x) = (-x)^(n-1)/(n-1)! (psi(n) - log x) - sum_{k != n-1} (-x)^k / (k (k-n+1)!)
    xs = np.where(small, xx, 0.5)
    total = np.where(nm1 != 0, 1 / np.where(nm1 != 0, nm1, 1), -np.log(xs) - _EULER)
    fact = np.ones_like(xs)
    psi = digamma(np.maximum(nn, 1.0))
    for k in range(1, 60):
        fact = fact * -xs / k
        delta = np.where(k != nm1, -fact / np.where(k != nm1, k - nm1, 1),
                         fact * (-np.log(xs) + psi))
        total = total + delta
    # Continued fraction of e^x E_n(x): 1/(x + n - 1 n/(x + n + 2 - 2 (n+1)/(x + n + 4 - ...)))
    xl = np.where(small, 2.0, xx)
    depth = 150
    t = xl + nn + 2 * depth
    for k in range(depth, 0, -1):
        t = xl + nn + 2 * k - 2 - k * (nm1 + k) / t
    cf = np.exp(-xl) / t
    out = np.where(small, total, cf)
    out = np.where(nn == 0, np.exp(-xx) / xx, out)
    at0 = np.where(nn > 1, 1 / np.where(nn > 1, nm1, 1), np.inf)
    out = np.where(x == 0, at0, out)
    out = np.where(x == np.inf, 0.0, out)
    return np.where(ok & ~np.isnan(x), out, np.nan)


# ---------------------------------------------------------------------------------------------
# Sine and cosine integrals


def _sici_pos(x):
    """(Si(x), Ci(x)) for x > 0: Maclaurin series for x <= 4; above, the continued fraction
    of e^(ix) E1(ix) (Ci = -Re E1(ix), Si = pi/2 + Im E1(ix))."""
    small = x <= 4
    xs = np.where(small, x, 1.0)
    x2 = xs * xs
    si_t, ci_t = xs.copy(), -0.25 * x2  # k = 0 term of Si; k = 1 term of Ci
    si, ci = si_t.copy(), ci_t.copy()
    for k in range(1, 30):
        si_t = -si_t * x2 * (2 * k - 1) / ((2 * k) * (2 * k + 1) ** 2)
        si = si + si_t
        ci_t = -ci_t * x2 * (2 * k) / ((2 * k + 1) * (2 * k + 2) ** 2)
        ci = ci + ci_t
    ci = _EULER + np.log(xs) + ci
    xl = np.where(small, 5.0, x)
    b1 = 1 + 1j * xl
    depth = 120
    t = b1 + 2 * (depth - 1)
    for i in range(depth, 1, -1):
        t = b1 + 2 * (i - 2) - (i - 1) ** 2 / t
    h = (np.cos(xl) - 1j * np.sin(xl)) / t
    return np.where(small, si, np.pi / 2 + h.imag), np.where(small, ci, -h.real)


@_vectorized
def sici_si(x):
    """The sine integral Si(x) = int_0^x sin t / t dt (odd)."""
    ax = np.abs(x)
    si, _ = _sici_pos(np.where(ax > 0, ax, 1.0))
    si = np.where(ax == np.inf, np.pi / 2, si)
    return np.where(ax == 0, x, np.copysign(si, x))


@_vectorized
def sici_ci(x):
    """The cosine integral Ci(|x|) = gamma + log|x| + int_0^|x| (cos t - 1) / t dt (even, as
    JAX)."""
    ax = np.abs(x)
    _, ci = _sici_pos(np.where(ax > 0, ax, 1.0))
    ci = np.where(ax == np.inf, 0.0, ci)
    return np.where(ax == 0, -np.inf, ci)


# ---------------------------------------------------------------------------------------------
# Fresnel integrals S(x) = int_0^x sin(pi t^2 / 2) dt, C(x) = int_0^x cos(pi t^2 / 2) dt


def _fresnel_pos(x):
    """(S, C) for x >= 0: Maclaurin series for x <= 1.6; above, C + iS = (1+i)/2 (1 -
    exp(i pi x^2/2) w((1+i) sqrt(pi)/2 x)), accurate because w is small there."""
    small = x <= 1.6
    xs = np.where(small, x, 0.0)
    t = 0.5 * np.pi * xs * xs
    c_t, s_t = xs.copy(), xs * t / 3
    c, s = c_t.copy(), s_t.copy()
    for k in range(1, 30):
        c_t = -c_t * t * t * (4 * k - 3) / ((2 * k - 1) * (2 * k) * (4 * k + 1))
        c = c + c_t
        s_t = -s_t * t * t * (4 * k - 1) / ((2 * k) * (2 * k + 1) * (4 * k + 3))
        s = s + s_t
    xl = np.where(small, 2.0, x)
    w = _wofz_upper((1 + 1j) * (0.5 * _SQRT_PI) * xl)
    phase = np.exp(0.5j * np.pi * np.remainder(xl * xl, 4.0))
    cs = (0.5 + 0.5j) * (1 - phase * w)
    return np.where(small, s, cs.imag), np.where(small, c, cs.real)


@_vectorized
def fresnel_s(x):
    """The Fresnel sine integral S(x) (odd; 1/2 at inf)."""
    ax = np.abs(x)
    s, _ = _fresnel_pos(np.where(np.isinf(ax), 1.0, ax))
    return np.copysign(np.where(np.isinf(ax), 0.5, s), x)


@_vectorized
def fresnel_c(x):
    """The Fresnel cosine integral C(x) (odd; 1/2 at inf)."""
    ax = np.abs(x)
    _, c = _fresnel_pos(np.where(np.isinf(ax), 1.0, ax))
    return np.copysign(np.where(np.isinf(ax), 0.5, c), x)


# ---------------------------------------------------------------------------------------------
# Owen's T function T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx

_GL_X, _GL_W = np.polynomial.legendre.leggauss(48)


def _owens_t_small_a(h, a):
    """T(h, a) for h >= 0, 0 <= a <= 1 by Gauss-Legendre on [0, min(a, 12/h)]: beyond 12/h
    the factor exp(-h^2 x^2 / 2) is below 1e-31 of its value at 0."""
    top = np.minimum(a, 12.0 / np.maximum(h, 1e-300))
    total = np.zeros_like(h)
    for node, weight in zip(_GL_X, _GL_W):  # elementwise: results do not depend on the batch
        x = 0.5 * top * (node + 1)
        total = total + weight * np.exp(-0.5 * (h * h) * (1 + x * x)) / (1 + x * x)
    return 0.5 * top * total / (2 * np.pi)


def _normal_sf(x):
    from .special import erfc

    return 0.5 * erfc(x / np.sqrt(2))


@_vectorized
def owens_t(h, a):
    """Owen's T function (even in h, odd in a): quadrature for |a| <= 1; for |a| > 1 the
    identity T(h, a) = Q(h)/2 + Q(ah)/2 - Q(h) Q(ah) - T(ah, 1/a), Q the normal upper tail."""
    ah, aa = np.abs(h), np.abs(a)
    small = aa <= 1
    t_small = _owens_t_small_a(ah, np.where(small, aa, 0.0))
    al = np.where(small, 2.0, aa)
    q_h, q_ah = _normal_sf(ah), _normal_sf(al * ah)
    t_swap = _owens_t_small_a(al * ah, 1 / al)
    t_large = 0.5 * q_h + 0.5 * q_ah - q_h * q_ah - t_swap
    t_large = np.where(np.isinf(al), 0.5 * q_h, t_large)
    out = np.where(small, t_small, t_large)
    out = np.where(ah == 0, np.arctan(aa) / (2 * np.pi), out)
    out = np.where(np.isinf(ah), 0.0, out)
    return np.where(np.isnan(h) | np.isnan(a), np.nan, np.copysign(out, a))


# ---------------------------------------------------------------------------------------------
# Bessel functions of the first kind J_0 .. J_v


def bessel_jn(z, v):
    """J_0(z) .. J_v(z) stacked on a new leading axis, by Miller's backward recurrence
    J_(k-1) = (2k / z) J_k - J_(k+1), started high enough above max(v, |z|) that the start
    values are negligible and normalized with J_0 + 2 (J_2 + J_4 + ...) = 1; J_n(-z) =
    (-1)^n J_n(z)."""
    z = np.asarray(z)
    dt = _out_dtype([z])
    x = np.abs(np.array(z, dtype=np.float64).ravel())
    finite = np.isfinite(x) & (x > 0)
    xs = np.where(finite, x, 1.0)
    top = max(v, float(xs.max(initial=0.0)))
    start = 2 * ((int(top) + 20 + int(np.sqrt(40 * top))) // 2 + 1)  # even
    out = np.zeros((v + 1, x.size))
    with np.errstate(all="ignore"):
        nxt, cur = np.zeros_like(xs), np.full_like(xs, 1e-300)
        norm = np.zeros_like(xs)
        for k in range(start, 0, -1):
            if k <= v:
                out[k] = cur
            if k % 2 == 0:
                norm += 2 * cur
            nxt, cur = cur, (2 * k / xs) * cur - nxt
            big = np.abs(cur) > 1e250  # rescale everything kept so far
            if big.any():
                scale = np.where(big, 1e-250, 1.0)
                cur, nxt, norm = cur * scale, nxt * scale, norm * scale
                out[:, :] *= scale
        out[0] = cur
        norm += cur
        out /= norm
    order = np.arange(v + 1)[:, None]
    sign = np.where((np.asarray(z, np.float64).ravel() < 0) & (order % 2 == 1), -1.0, 1.0)
    out = out * sign
    out = np.where(x == 0, (order == 0).astype(np.float64), out)
    out = np.where(np.isinf(x), 0.0, out)
    out = np.where(np.isnan(x), np.nan, out)
    return out.reshape((v + 1, *z.shape)).astype(dt)
