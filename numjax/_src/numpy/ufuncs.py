"""jnp's elementwise functions: promote and broadcast (util), then one lax call.

Functions of floats (sin, exp, ...) promote integers to the default float as JAX does.
Each is NumPy's function of the same name; differences are noted where they exist.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import dtypes
from .. import lax as _lax_pkg  # noqa: F401 - ensures primitives are registered
from ..array import Array
from ..core import current_trace
from ..lax import elementwise as lax
from .util import promote_args, promote_args_inexact, to_array


def _float_unary(name, lax_fn):
    def fn(x, /):
        if type(x) is Array and x._value.dtype.kind in "fc":
            return lax_fn(x)
        (x,) = promote_args_inexact(name, x)
        return lax_fn(x)

    fn.__name__ = name
    fn.__doc__ = f"Elementwise {name}, as numpy.{name}; integers are promoted to float."
    return fn


def _binary(name, lax_fn, inexact=False):
    promote = promote_args_inexact if inexact else promote_args

    def fn(x, y, /):
        x, y = promote(name, x, y)
        return lax_fn(x, y)

    fn.__name__ = name
    fn.__doc__ = f"Elementwise {name}, as numpy.{name} (JAX's type promotion)."
    return fn


sin = _float_unary("sin", lax.sin)
cos = _float_unary("cos", lax.cos)
tan = _float_unary("tan", lax.tan)
arcsin = _float_unary("arcsin", lax.asin)
arccos = _float_unary("arccos", lax.acos)
arctan = _float_unary("arctan", lax.atan)
sinh = _float_unary("sinh", lax.sinh)
cosh = _float_unary("cosh", lax.cosh)
tanh = _float_unary("tanh", lax.tanh)
arcsinh = _float_unary("arcsinh", lax.asinh)
arccosh = _float_unary("arccosh", lax.acosh)
arctanh = _float_unary("arctanh", lax.atanh)
exp = _float_unary("exp", lax.exp)
exp2 = _float_unary("exp2", lax.exp2)
expm1 = _float_unary("expm1", lax.expm1)
log = _float_unary("log", lax.log)
log1p = _float_unary("log1p", lax.log1p)
sqrt = _float_unary("sqrt", lax.sqrt)
cbrt = _float_unary("cbrt", lax.cbrt)
asin, acos, atan = arcsin, arccos, arctan
asinh, acosh, atanh = arcsinh, arccosh, arctanh


def log2(x, /):
    (x,) = promote_args_inexact("log2", x)
    return lax.div(lax.log(x), _const(x, np.log(2)))


def log10(x, /):
    (x,) = promote_args_inexact("log10", x)
    return lax.div(lax.log(x), _const(x, np.log(10)))


def _const(x, value):
    return Array(np.broadcast_to(np.asarray(value, x.dtype), x.shape), x.weak_type)


def add(x, y, /):
    """numpy.add; on booleans it is logical or, as in NumPy and JAX (lax.add takes no bool)."""
    x, y = promote_args("add", x, y)
    return lax.bitwise_or(x, y) if x.dtype == np.bool_ else lax.add(x, y)


def multiply(x, y, /):
    """numpy.multiply; on booleans it is logical and, as in NumPy and JAX."""
    x, y = promote_args("multiply", x, y)
    return lax.bitwise_and(x, y) if x.dtype == np.bool_ else lax.mul(x, y)


def subtract(x, y, /):
    """numpy.subtract; booleans are refused (as JAX; eager lax.sub skips its dtype check)."""
    x, y = promote_args("subtract", x, y)
    if x.dtype == np.bool_:
        raise TypeError("sub does not accept dtype bool at position 0. Accepted dtypes at "
                        "position 0 are subtypes of integer, floating, complexfloating.")
    return lax.sub(x, y)
arctan2 = _binary("arctan2", lax.atan2, inexact=True)
atan2 = arctan2
nextafter = _binary("nextafter", lax.nextafter, inexact=True)
equal = _binary("equal", lax.eq)
not_equal = _binary("not_equal", lax.ne)
less = _binary("less", lax.lt)
less_equal = _binary("less_equal", lax.le)
greater = _binary("greater", lax.gt)
greater_equal = _binary("greater_equal", lax.ge)


def maximum(x, y, /):
    """numpy.maximum: NaNs propagate."""
    x, y = promote_args("maximum", x, y)
    return lax.max(x, y)


def minimum(x, y, /):
    x, y = promote_args("minimum", x, y)
    return lax.min(x, y)


def true_divide(x, y, /):
    """x / y; integers are promoted to float."""
    x, y = promote_args_inexact("true_divide", x, y)
    return lax.div(x, y)


divide = true_divide


def floor_divide(x, y, /):
    """x // y, rounding toward negative infinity (NumPy semantics)."""
    x, y = promote_args("floor_divide", x, y)
    if dtypes.is_int(x.dtype):
        q = lax.div(x, y)
        r = lax.rem(x, y)
        zero = _const(x, 0)
        adjust = lax.bitwise_and(lax.ne(r, zero), lax.ne(lax.lt(r, zero), lax.lt(y, zero)))
        return lax.select(adjust, lax.sub(q, _const(x, 1)), q)
    if x.dtype == np.bool_:
        return lax.bitwise_and(x, y)
    return lax.floor(lax.div(x, y))


def remainder(x, y, /):
    """x % y with the sign of y (NumPy semantics)."""
    x, y = promote_args("remainder", x, y)
    r = lax.rem(x, y)
    zero = _const(r, 0)
    fix = lax.bitwise_and(lax.ne(r, zero), lax.ne(lax.lt(r, zero), lax.lt(y, zero)))
    return lax.select(fix, lax.add(r, y), r)


mod = remainder


def fmod(x, y, /):
    x, y = promote_args("fmod", x, y)
    return lax.rem(x, y)


def divmod(x, y, /):  # noqa: A001 - NumPy's name
    return floor_divide(x, y), remainder(x, y)


def power(x, y, /):
    """x ** y. Integer exponents that are Python ints use lax.integer_pow (exact, fast)."""
    if type(y) is int and not isinstance(x, (bool,)):
        return lax.integer_pow(to_array(x), y)  # which rejects negative integer powers
    x, y = promote_args("power", x, y)
    if dtypes.is_int(x.dtype) or x.dtype == np.bool_:
        return _integer_power(x, y)
    return lax.pow(x, y)


pow = power  # noqa: A001


def _integer_power(x, y):
    # Exponentiation by squaring with traced integer exponents (static bit count).
    bits = x.dtype.itemsize * 8
    acc = _const(x, 1)
    base = x
    e = y
    one = _const(y, 1)
    for _ in range(bits):
        acc = lax.select(lax.eq(lax.bitwise_and(e, one), one), lax.mul(acc, base), acc)
        base = lax.mul(base, base)
        e = lax.shift_right_logical(e, one)
    return acc


def float_power(x, y, /):
    x, y = promote_args_inexact("float_power", x, y)
    return lax.pow(x, y)


def negative(x, /):
    (x,) = promote_args("negative", x)
    return lax.neg(x)


def positive(x, /):
    (x,) = promote_args("positive", x)
    return x


def absolute(x, /):
    (x,) = promote_args("absolute", x)
    if x.dtype == np.bool_ or dtypes.is_unsigned(x.dtype):
        return x
    return lax.abs(x)


abs = absolute  # noqa: A001


def fabs(x, /):
    (x,) = promote_args_inexact("fabs", x)
    return lax.abs(x)


def sign(x, /):
    (x,) = promote_args("sign", x)
    return lax.sign(x)


def square(x, /):
    (x,) = promote_args("square", x)
    return lax.integer_pow(x, 2)


def reciprocal(x, /):
    (x,) = promote_args_inexact("reciprocal", x)
    return lax.div(_const(x, 1), x)


def floor(x, /):
    (x,) = promote_args("floor", x)
    return x if not dtypes.is_inexact(x.dtype) else lax.floor(x)


def ceil(x, /):
    (x,) = promote_args("ceil", x)
    return x if not dtypes.is_inexact(x.dtype) else lax.ceil(x)


def trunc(x, /):
    (x,) = promote_args("trunc", x)
    if not dtypes.is_inexact(x.dtype):
        return x
    return lax.select(lax.lt(x, _const(x, 0)), lax.ceil(x), lax.floor(x))


fix = trunc


def rint(x, /):
    (x,) = promote_args_inexact("rint", x)
    return lax.round(x, 1)


def isfinite(x, /):
    (x,) = promote_args("isfinite", x)
    if not dtypes.is_inexact(x.dtype):
        return Array(np.ones(x.shape, bool)) if type(x) is Array else lax.eq(x, x)
    return lax.is_finite(x)


def isnan(x, /):
    (x,) = promote_args("isnan", x)
    return lax.ne(x, x)


def isinf(x, /):
    (x,) = promote_args("isinf", x)
    if not dtypes.is_inexact(x.dtype):
        return lax.ne(x, x)
    return lax.eq(lax.abs(x), _const(x, np.inf))


def isposinf(x, /):
    (x,) = promote_args("isposinf", x)
    return lax.eq(x, _const(x, np.inf)) if dtypes.is_float(x.dtype) else lax.ne(x, x)


def isneginf(x, /):
    (x,) = promote_args("isneginf", x)
    return lax.eq(x, _const(x, -np.inf)) if dtypes.is_float(x.dtype) else lax.ne(x, x)


def signbit(x, /):
    (x,) = promote_args("signbit", x)
    if dtypes.is_unsigned(x.dtype) or x.dtype == np.bool_:
        return lax.ne(x, x)
    if dtypes.is_int(x.dtype):
        return lax.lt(x, _const(x, 0))
    itype = np.dtype(f"i{x.dtype.itemsize}")
    from ..lax.bitcast import bitcast_convert_type

    return lax.lt(bitcast_convert_type(x, itype), Array(np.zeros(x.shape, itype)))


def logical_and(x, y, /):
    x, y = promote_args("logical_and", x, y)
    return lax.bitwise_and(_as_bool(x), _as_bool(y))


def logical_or(x, y, /):
    x, y = promote_args("logical_or", x, y)
    return lax.bitwise_or(_as_bool(x), _as_bool(y))


def logical_xor(x, y, /):
    x, y = promote_args("logical_xor", x, y)
    return lax.bitwise_xor(_as_bool(x), _as_bool(y))


def logical_not(x, /):
    (x,) = promote_args("logical_not", x)
    return lax.bitwise_not(_as_bool(x))


def _as_bool(x):
    return x if x.dtype == np.bool_ else lax.ne(x, _const(x, 0))


def bitwise_and(x, y, /):
    x, y = promote_args("bitwise_and", x, y)
    return lax.bitwise_and(x, y)


def bitwise_or(x, y, /):
    x, y = promote_args("bitwise_or", x, y)
    return lax.bitwise_or(x, y)


def bitwise_xor(x, y, /):
    x, y = promote_args("bitwise_xor", x, y)
    return lax.bitwise_xor(x, y)


def bitwise_not(x, /):
    (x,) = promote_args("bitwise_not", x)
    return lax.bitwise_not(x)


invert = bitwise_not
bitwise_invert = bitwise_not


def left_shift(x, y, /):
    x, y = promote_args("left_shift", x, y)
    return lax.shift_left(x, y)


def right_shift(x, y, /):
    x, y = promote_args("right_shift", x, y)
    if dtypes.is_unsigned(x.dtype):
        return lax.shift_right_logical(x, y)
    return lax.shift_right_arithmetic(x, y)


bitwise_left_shift, bitwise_right_shift = left_shift, right_shift


def bitwise_count(x, /):
    (x,) = promote_args("bitwise_count", x)
    return lax.convert_element_type(lax.population_count(x), np.uint8)


def real(x, /):
    (x,) = promote_args("real", x)
    return lax.real(x) if dtypes.is_complex(x.dtype) else x


def imag(x, /):
    (x,) = promote_args("imag", x)
    return lax.imag(x) if dtypes.is_complex(x.dtype) else _const(x, 0)


def conjugate(x, /):
    (x,) = promote_args("conjugate", x)
    return lax.conj(x) if dtypes.is_complex(x.dtype) else x


conj = conjugate


def hypot(x, y, /):
    x, y = promote_args_inexact("hypot", x, y)
    return lax.sqrt(lax.add(lax.mul(x, x), lax.mul(y, y)))


def logaddexp(x, y, /):
    """log(exp(x) + exp(y)) without overflow; its derivative is the softmax weight of each
    argument (1/2 each at a tie, as JAX), not what differentiating max and abs would give."""
    x, y = promote_args_inexact("logaddexp", x, y)
    if current_trace() is None:  # eager: custom_jvp's argument handling costs ~20 us
        return _logaddexp_value(x, y)
    return _logaddexp_with_jvp()(x, y)


def _logaddexp_value(x, y):
    amax = lax.max(x, y)
    delta = lax.sub(x, y)
    safe = lax.select(lax.ne(delta, delta), _const(x, 0), lax.neg(lax.abs(delta)))
    out = lax.add(amax, lax.log1p(lax.exp(safe)))
    return lax.select(lax.ne(delta, delta), lax.add(x, y), out)


def _logaddexp_jvp(primals, tangents):
    # d out = exp(x - out) dx + exp(y - out) dy. A +inf argument (or result) is read as 0 in
    # the differences so that it gets weight 1 and finite ones exp(x): the values JAX gives
    # at infinities (and nan at (-inf, -inf), where no weight is defined).
    x, y = primals
    x_dot, y_dot = tangents
    out = _logaddexp_value(x, y)
    inf = _const(x, np.inf)

    def finite_top(v):
        return lax.select(lax.eq(v, inf), _const(v, 0), v)

    top = finite_top(out)
    wx = lax.exp(lax.sub(finite_top(x), top))
    wy = lax.exp(lax.sub(finite_top(y), top))
    return out, lax.add(lax.mul(x_dot, wx), lax.mul(y_dot, wy))


@functools.cache
def _logaddexp_with_jvp():
    from ..custom_derivatives import custom_jvp

    _logaddexp_value.__name__ = "logaddexp"  # the name staged jaxprs show, as JAX's
    fun = custom_jvp(_logaddexp_value)
    fun.defjvp(_logaddexp_jvp)
    return fun


def logaddexp2(x, y, /):
    x, y = promote_args_inexact("logaddexp2", x, y)
    ln2 = _const(x, np.log(2))
    return lax.div(logaddexp(lax.mul(x, ln2), lax.mul(y, ln2)), ln2)


def copysign(x, y, /):
    x, y = promote_args_inexact("copysign", x, y)
    return lax.select(signbit(y), lax.neg(lax.abs(x)), lax.abs(x))


def deg2rad(x, /):
    (x,) = promote_args_inexact("deg2rad", x)
    return lax.mul(x, _const(x, np.pi / 180))


def rad2deg(x, /):
    (x,) = promote_args_inexact("rad2deg", x)
    return lax.mul(x, _const(x, 180 / np.pi))


radians, degrees = deg2rad, rad2deg


def sinc(x, /):
    (x,) = promote_args_inexact("sinc", x)
    pix = lax.mul(x, _const(x, np.pi))
    zero = lax.eq(x, _const(x, 0))
    safe = lax.select(zero, _const(x, 1), pix)
    return lax.select(zero, _const(x, 1), lax.div(lax.sin(safe), safe))


def heaviside(x1, x2, /):
    x1, x2 = promote_args_inexact("heaviside", x1, x2)
    zero = _const(x1, 0)
    return lax.select(lax.lt(x1, zero), zero, lax.select(lax.eq(x1, zero), x2, _const(x1, 1)))


def gcd(x1, x2, /):
    x1, x2 = promote_args("gcd", x1, x2)
    a, b = lax.abs(x1), lax.abs(x2)
    for _ in range(x1.dtype.itemsize * 8 * 2):
        nz = lax.ne(b, _const(b, 0))
        safe_b = lax.select(nz, b, _const(b, 1))
        a, b = lax.select(nz, b, a), lax.select(nz, lax.rem(a, safe_b), b)
    return a


def lcm(x1, x2, /):
    x1, x2 = promote_args("lcm", x1, x2)
    g = gcd(x1, x2)
    zero = lax.eq(g, _const(g, 0))
    safe = lax.select(zero, _const(g, 1), g)
    return lax.select(zero, _const(g, 0), lax.abs(lax.mul(lax.div(x1, safe), x2)))


def ldexp(x1, x2, /):
    (x1,) = promote_args_inexact("ldexp", x1)
    x2 = to_array(x2)
    return lax.mul(x1, lax.exp2(lax.convert_element_type(x2, x1.dtype)))


def frexp(x, /):
    (x,) = promote_args_inexact("frexp", x)
    m, e = np.frexp(np.asarray(x))
    return Array(m), Array(e.astype(dtypes.default_int_dtype()))


def modf(x, /):
    (x,) = promote_args_inexact("modf", x)
    whole = trunc(x)
    return lax.sub(x, whole), whole


def spacing(x, /):
    (x,) = promote_args_inexact("spacing", x)
    return lax.sub(lax.nextafter(x, _const(x, np.inf)), x)
