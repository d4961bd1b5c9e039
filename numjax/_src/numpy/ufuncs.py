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
from .util import broadcast_all, jit_when_traced, promote_args, promote_args_inexact, to_array


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


def _ordering(name, lax_fn):
    """A comparison; complex numbers are ordered by real part, then imaginary part (as NumPy
    and JAX; lax's comparisons take no complex operands)."""

    def fn(x, y, /):
        x, y = promote_args(name, x, y)
        if not dtypes.is_complex(x.dtype):
            return lax_fn(x, y)
        xr, yr = lax.real(x), lax.real(y)
        return lax.bitwise_or(lax.ne(xr, yr) & lax_fn(xr, yr),
                              lax.eq(xr, yr) & lax_fn(lax.imag(x), lax.imag(y)))

    fn.__name__ = name
    fn.__doc__ = f"Elementwise {name}, as numpy.{name} (JAX's type promotion)."
    return fn


less = _ordering("less", lax.lt)
less_equal = _ordering("less_equal", lax.le)
greater = _ordering("greater", lax.gt)
greater_equal = _ordering("greater_equal", lax.ge)


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
    return _floor_divide(x, y)


@jit_when_traced
def _floor_divide(x, y):
    # JAX's algorithm, which stages as JAX's does: for floats NumPy's divmod ((x - x % y) / y,
    # corrected toward -inf and rounded, so 1.0 // 0.1 is 9.0 as in Python, not 10.0).
    from .lax_numpy import where

    x, y = promote_args("floor_divide", x, y)  # inside the jit, as JAX
    if x.dtype == np.bool_:
        return lax.bitwise_and(x, y)
    if dtypes.is_unsigned(x.dtype):
        return lax.div(x, y)
    if dtypes.is_int(x.dtype):
        q = lax.div(x, y)
        adjust = lax.bitwise_and(lax.ne(lax.sign(x), lax.sign(y)),
                                 lax.ne(lax.rem(x, y), _scalar(x, 0)))
        return where(adjust, lax.sub(q, _scalar(q, 1)), q)
    mod = lax.rem(x, y)
    q = lax.div(where(lax.eq(y, _scalar(y, 0)), x, lax.sub(x, mod)), y)
    adjust = lax.bitwise_and(lax.ne(mod, _scalar(mod, 0)), lax.ne(lax.sign(y), lax.sign(mod)))
    lax.select(adjust, lax.add(mod, y), mod)  # (JAX stages the corrected remainder too)
    return lax.round(lax.select(adjust, lax.sub(q, _scalar(q, 1)), q), 0)


_floor_divide.__wrapped__.__name__ = "floor_divide"  # the name JAX's staged programs show


def remainder(x, y, /):
    """x % y with the sign of y (NumPy semantics)."""
    return _remainder(x, y)


@jit_when_traced
def _remainder(x, y):
    from .lax_numpy import where

    x, y = promote_args("remainder", x, y)  # inside the jit, as JAX
    if dtypes.is_int(x.dtype) and not dtypes.is_unsigned(x.dtype):
        y = where(lax.eq(y, _scalar(y, 0)), _scalar(y, 1), y)  # x % 0 is 0, as JAX
    r = lax.rem(x, y)
    nonzero = lax.ne(r, _scalar(r, 0))
    fix = lax.bitwise_and(lax.ne(lax.lt(r, _scalar(r, 0)), lax.lt(y, _scalar(y, 0))), nonzero)
    return lax.select(fix, lax.add(r, y), r)


def _scalar(x, value):
    """A 0-d constant of `x`'s dtype and weak type (lax broadcasts it; staged as a literal)."""
    return Array(np.asarray(value, x.dtype), x.weak_type)


_remainder.__wrapped__.__name__ = "remainder"


mod = remainder


def fmod(x, y, /):
    x, y = promote_args("fmod", x, y)
    return lax.rem(x, y)


def divmod(x, y, /):
    return _divmod(x, y)


@jit_when_traced
def _divmod(x, y):
    x, y = promote_args("divmod", x, y)  # inside the jit, as JAX
    return floor_divide(x, y), remainder(x, y)


_divmod.__wrapped__.__name__ = "divmod"


def power(x, y, /):
    """x ** y, with JAX's four cases (they decide the result's dtype and weak type):

    1. a concrete integer scalar `y` (a Python int, or a known 0-d integer array): exact
       `lax.integer_pow`, weakly typed when `x` is;
    2. integer or bool `x` and `y` (promoted together): binary exponentiation over the low 6
       bits of `y` (more would overflow any |x| > 1), strongly typed;
    3. an inexact `x` with an integer `y`: `x`'s dtype, with no promotion;
    4. otherwise: the promoted `lax.pow`.
    """
    k = _concrete_index(y)
    if k is not None:
        (x,) = promote_args("power", x)
        if x.dtype == np.bool_:
            x = lax.convert_element_type(x, dtypes.canonicalize_dtype(np.int64))
        return lax.integer_pow(x, k)  # which rejects negative integer powers
    x0, y0 = to_array(x), to_array(y)
    x, y = promote_args("power", x0, y0)
    if x.dtype == np.bool_:  # bool ** bool computes in the default integer type
        x, y = (lax.convert_element_type(v, dtypes.canonicalize_dtype(np.int64))
                for v in (x, y))
    if dtypes.is_int(x.dtype):
        return _integer_power(*broadcast_all("power", x, y))
    if dtypes.is_inexact(x0.dtype) and dtypes.is_int(y0.dtype):
        x0, y0 = broadcast_all("power", x0, y0)
        return lax.pow(x0, lax.convert_element_type(y0, x0.dtype, weak_type=y0.weak_type))
    return lax.pow(x, y)


pow = power


def _concrete_index(y):
    """`y` as a Python int when it is a known integer scalar (not a bool array), else None."""
    if isinstance(y, (int, np.integer)):  # Python bools included, as operator.index takes them
        return int(y)
    from ..core import concrete_value

    if isinstance(y, (Array, np.ndarray)) or hasattr(y, "aval"):
        v = concrete_value(y)
        if v is not None and np.ndim(v) == 0 and dtypes.is_int(np.asarray(v).dtype):
            return int(v)
    return None


def _integer_power(x, y):
    # Binary exponentiation over the low 6 bits of a traced integer exponent; 0 ** y is 0 for
    # y != 0. The accumulator starts strongly typed, so the result is too.
    one, zero = _const(y, 1), _const(y, 0)
    acc = lax.select(lax.bitwise_and(lax.eq(x, _const(x, 0)), lax.ne(y, zero)),
                     Array(np.zeros(x.shape, x.dtype), False),
                     Array(np.ones(x.shape, x.dtype), False))
    base, e = x, y
    for _ in range(6):
        acc = lax.select(lax.ne(lax.bitwise_and(e, one), zero), lax.mul(acc, base), acc)
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


abs = absolute


def fabs(x, /):
    (x,) = promote_args_inexact("fabs", x)
    if dtypes.is_complex(x.dtype):
        raise TypeError("ufunc 'fabs' does not support complex dtypes")
    return lax.abs(x)


def sign(x, /):
    (x,) = promote_args("sign", x)
    return lax.sign(x)


def square(x, /):
    (x,) = promote_args("square", x)
    return lax.integer_pow(x, 2) if x.dtype == np.bool_ else lax.square(x)


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
    """Round half to even; complex numbers part by part."""
    (x,) = promote_args_inexact("rint", x)
    if dtypes.is_complex(x.dtype):
        return lax.add(lax.convert_element_type(rint(lax.real(x)), x.dtype),
                       lax.mul(lax.convert_element_type(rint(lax.imag(x)), x.dtype),
                               _const(x, 1j)))
    return lax.round(x, 1)


def isfinite(x, /):
    (x,) = promote_args("isfinite", x)
    if not dtypes.is_inexact(x.dtype):
        return Array(np.ones(x.shape, bool)) if type(x) is Array else lax.eq(x, x)
    if dtypes.is_complex(x.dtype):  # both parts finite
        return lax.bitwise_and(lax.is_finite(lax.real(x)), lax.is_finite(lax.imag(x)))
    return lax.is_finite(x)


def isnan(x, /):
    (x,) = promote_args("isnan", x)
    return lax.ne(x, x)


def isinf(x, /):
    (x,) = promote_args("isinf", x)
    if not dtypes.is_inexact(x.dtype):
        return lax.ne(x, x)
    if dtypes.is_complex(x.dtype):  # either part infinite
        return lax.bitwise_or(isinf(lax.real(x)), isinf(lax.imag(x)))
    return lax.eq(lax.abs(x), _const(x, np.inf))


def isposinf(x, /):
    (x,) = promote_args("isposinf", x)
    return lax.eq(x, _const(x, np.inf)) if dtypes.is_float(x.dtype) else lax.ne(x, x)


def isneginf(x, /):
    (x,) = promote_args("isneginf", x)
    return lax.eq(x, _const(x, -np.inf)) if dtypes.is_float(x.dtype) else lax.ne(x, x)


def signbit(x, /):
    (x,) = promote_args("signbit", x)
    if dtypes.is_complex(x.dtype):
        raise ValueError(f"jax.numpy.signbit is not well defined for {x.dtype.name}")
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
    if dtypes.is_complex(x.dtype):
        raise ValueError("jnp.hypot is not well defined for complex-valued inputs. Please "
                         "convert to real values first, such as by using abs(x)")
    return lax.sqrt(lax.add(lax.mul(x, x), lax.mul(y, y)))


def logaddexp(x, y, /):
    """log(exp(x) + exp(y)) without overflow; its derivative is the softmax weight of each
    argument (1/2 each at a tie, as JAX), not what differentiating max and abs would give."""
    x, y = broadcast_all("logaddexp", *promote_args_inexact("logaddexp", x, y))
    if current_trace() is None:  # eager: custom_jvp's argument handling costs ~20 us
        return _logaddexp_value(x, y)
    return _logaddexp_with_jvp()(x, y)


def _logaddexp_value(x, y):
    amax = lax.max(x, y)
    delta = lax.sub(x, y)
    nan = lax.ne(delta, delta)
    mag = lax.neg(lax.abs(delta))  # real also for complex operands, as JAX computes it
    term = lax.log1p(lax.exp(lax.select(nan, _const(mag, 0), mag)))
    if term.dtype != x.dtype:
        term = lax.convert_element_type(term, x.dtype)
    return lax.select(nan, lax.add(x, y), lax.add(amax, term))


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
    x, y = broadcast_all("copysign", *promote_args_inexact("copysign", x, y))
    if dtypes.is_complex(x.dtype):
        raise TypeError("copysign does not support complex-valued inputs")
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
    x1, x2 = broadcast_all("heaviside", *promote_args_inexact("heaviside", x1, x2))
    zero = _const(x1, 0)
    return lax.select(lax.lt(x1, zero), zero, lax.select(lax.eq(x1, zero), x2, _const(x1, 1)))


def _integers_only(name, x):
    if not dtypes.is_int(x.dtype):
        raise ValueError(f"Arguments to jax.numpy.{name} must be integers.")


def gcd(x1, x2, /):
    x1, x2 = broadcast_all("gcd", *promote_args("gcd", x1, x2))
    _integers_only("gcd", x1)
    a, b = lax.abs(x1), lax.abs(x2)
    for _ in range(x1.dtype.itemsize * 8 * 2):
        nz = lax.ne(b, _const(b, 0))
        safe_b = lax.select(nz, b, _const(b, 1))
        a, b = lax.select(nz, b, a), lax.select(nz, lax.rem(a, safe_b), b)
    return a


def lcm(x1, x2, /):
    x1, x2 = broadcast_all("lcm", *promote_args("lcm", x1, x2))
    _integers_only("lcm", x1)
    g = gcd(x1, x2)
    zero = lax.eq(g, _const(g, 0))
    safe = lax.select(zero, _const(g, 1), g)
    return lax.select(zero, _const(g, 0), lax.abs(lax.mul(lax.div(x1, safe), x2)))


def ldexp(x1, x2, /):
    (x1,) = promote_args_inexact("ldexp", x1)
    x2 = to_array(x2)
    if dtypes.is_complex(x1.dtype) or not dtypes.is_int(x2.dtype):
        raise ValueError(f"ldexp not supported for input types ({x1.dtype!r}, {x2.dtype!r})")
    return lax.mul(*broadcast_all("ldexp", x1, lax.exp2(lax.convert_element_type(x2, x1.dtype))))


def frexp(x, /):
    """(mantissa in [0.5, 1), exponent) with x = mantissa * 2**exponent; (x, 0) for 0, inf and
    nan. Written with lax operations (an exponent estimate from log2, then corrected by one
    step either way) so that it works under jit and differentiates in the mantissa."""
    (x,) = promote_args_inexact("frexp", x)
    if dtypes.is_complex(x.dtype):
        raise TypeError("frexp does not support complex-valued inputs")
    int_t = dtypes.default_int_dtype()
    ax = lax.abs(x)
    special = lax.bitwise_or(lax.eq(ax, _const(ax, 0)), lax.bitwise_not(lax.is_finite(x)))
    safe = lax.select(special, _const(ax, 1), ax)
    e = lax.add(lax.floor(lax.div(lax.log(safe), _const(safe, np.log(2)))), _const(safe, 1))
    for _ in range(2):  # log2's rounding can leave the mantissa just outside [0.5, 1)
        m = _scale_down(safe, e)
        e = lax.add(e, lax.sub(lax.convert_element_type(lax.ge(m, _const(m, 1)), x.dtype),
                               lax.convert_element_type(lax.lt(m, _const(m, 0.5)), x.dtype)))
    mantissa = lax.select(special, x, _scale_down(x, e))
    exponent = lax.select(special, _const(e, 0), e)
    return mantissa, lax.convert_element_type(exponent, int_t)


def _scale_down(x, e):
    """x / 2**e in two halves, so that 2**e never overflows (e = 128 for float32's largest)."""
    half = lax.floor(lax.div(e, _const(e, 2)))
    return lax.div(lax.div(x, lax.exp2(half)), lax.exp2(lax.sub(e, half)))


def modf(x, /):
    (x,) = promote_args_inexact("modf", x)
    whole = trunc(x)
    return lax.sub(x, whole), whole


def spacing(x, /):
    (x,) = promote_args_inexact("spacing", x)
    if dtypes.is_complex(x.dtype):
        raise ValueError("jnp.spacing is not defined for complex inputs.")
    return lax.sub(lax.nextafter(x, _const(x, np.inf)), x)
