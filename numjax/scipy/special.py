"""numjax.scipy.special (`jax.scipy.special`), on lax's special-function primitives."""

import math as _math

import numpy as _np

from .._src.lax import elementwise as _lax
from .._src.nn import log_softmax, logsumexp, softmax  # noqa: F401
from .._src.numpy import ufuncs as _uf
from .._src.numpy.lax_numpy import where as _where
from .._src.numpy.util import promote_args_inexact as _promote


def _f(name, *xs):
    return _promote(name, *xs)


def expit(x):
    (x,) = _f("expit", x)
    return _lax.logistic(x)


def logit(x):
    (x,) = _f("logit", x)
    return _uf.log(_uf.true_divide(x, _uf.subtract(1, x)))


def erf(x):
    (x,) = _f("erf", x)
    return _lax.erf(x)


def erfc(x):
    (x,) = _f("erfc", x)
    return _lax.erfc(x)


def erfinv(x):
    (x,) = _f("erfinv", x)
    return _lax.erf_inv(x)


def gammaln(x):
    (x,) = _f("gammaln", x)
    return _lax.lgamma(x)


def digamma(x):
    (x,) = _f("digamma", x)
    return _lax.digamma(x)


psi = digamma


def polygamma(n, x):
    n, x = _f("polygamma", n, x)
    return _lax.polygamma(n, x)


def betaln(a, b):
    a, b = _f("betaln", a, b)
    return _uf.subtract(_uf.add(_lax.lgamma(a), _lax.lgamma(b)), _lax.lgamma(_uf.add(a, b)))


def xlogy(x, y):
    """x * log(y), 0 where x == 0."""
    x, y = _f("xlogy", x, y)
    zero = _uf.equal(x, 0)
    safe_y = _where(zero, _uf.add(_uf.multiply(y, 0), 1), y)
    return _where(zero, _uf.multiply(x, 0), _uf.multiply(x, _uf.log(safe_y)))


def xlog1py(x, y):
    """x * log1p(y), 0 where x == 0."""
    x, y = _f("xlog1py", x, y)
    zero = _uf.equal(x, 0)
    safe_y = _where(zero, _uf.multiply(y, 0), y)
    return _where(zero, _uf.multiply(x, 0), _uf.multiply(x, _uf.log1p(safe_y)))


def entr(x):
    """-x log x for x > 0, 0 at 0, -inf below."""
    (x,) = _f("entr", x)
    pos = _uf.greater(x, 0)
    safe = _where(pos, x, _uf.add(_uf.multiply(x, 0), 1))
    val = _uf.negative(_uf.multiply(safe, _uf.log(safe)))
    return _where(pos, val, _where(_uf.equal(x, 0), _uf.multiply(x, 0),
                                   _uf.add(_uf.multiply(x, 0), -_np.inf)))


def ndtr(x):
    """The standard normal CDF."""
    (x,) = _f("ndtr", x)
    return _uf.multiply(0.5, _lax.erfc(_uf.multiply(x, -1 / _math.sqrt(2))))


def ndtri(p):
    """The inverse of ndtr."""
    (p,) = _f("ndtri", p)
    return _uf.multiply(_math.sqrt(2), _lax.erf_inv(_uf.subtract(_uf.multiply(2, p), 1)))


def log_ndtr(x):
    """log(ndtr(x)); an asymptotic-safe form via erfc for negative x."""
    (x,) = _f("log_ndtr", x)
    # log(0.5 * erfc(-x / sqrt 2)): for x < -5 use the leading terms of the asymptotic series.
    direct = _uf.log(ndtr(x))
    xs = _where(_uf.less(x, -5.0), x, _uf.add(_uf.multiply(x, 0), -6.0))
    x2 = _uf.multiply(xs, xs)
    series = _uf.add(1, _uf.true_divide(-1, x2))
    series = _uf.add(series, _uf.true_divide(3, _uf.multiply(x2, x2)))
    asym = _uf.subtract(_uf.subtract(_uf.multiply(-0.5, x2), _uf.log(_uf.negative(xs))),
                        0.5 * _math.log(2 * _math.pi))
    asym = _uf.add(asym, _uf.log(series))
    return _where(_uf.less(x, -5.0), asym, direct)
