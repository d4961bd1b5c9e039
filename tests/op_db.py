"""THE table of lax operations: one record per operation, read by tests/test_ops.py and
tests/test_registry.py. Adding a primitive is adding one `OpRecord` to `OPS`.

A record names the lax-level function (`fun(*operands, **params)`), its NumPy reference,
cases (operand shapes plus params), dtypes, an input domain (generators, seeded by the
harness), which operands are differentiated and to what order, which are linear, tolerances,
written skips (check -> reason) and known bugs (`XFail`, run as strict xfails).

Checks named in skips/xfails: fwd, shape, jit, jvp, vjp, grad2, vmap, transpose, composed
(nested vmap uses the vmap entries, vmap of jvp the jvp ones; skips may name vmap_cost).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable

import numpy as np
import scipy.special

from numjax import lax
from numjax._src.lax import ad_util as lax_ad_util  # internal primitive (add_any)
from numjax._src.lax import indexing as lax_indexing  # point-form gather/scatter primitives
from numjax._src.lax import special as lax_special  # internal primitives (ndtri)

# ---------------------------------------------------------------------------------------------
# Records


@dataclasses.dataclass(frozen=True)
class Case:
    shapes: tuple  # one shape per operand
    params: dict = dataclasses.field(default_factory=dict)
    label: str = ""  # short id for the params (default: their repr)


@dataclasses.dataclass(frozen=True)
class XFail:
    check: str
    reason: str  # starts with "BUG: "
    when: Callable[..., bool] | None = None  # when(dtype, case, in_axes) -> bool


@dataclasses.dataclass(frozen=True)
class OpRecord:
    name: str
    fun: Callable
    ref: Callable
    cases: tuple
    dtypes: tuple = ("float32", "float64")
    # domain(rng, shapes, dtype) -> list of operands; see `per_operand`.
    domain: Callable = None
    primitives: tuple = ()  # primitive names exercised (default: (name,))
    order: int = 2  # 0: not differentiable (checks skipped with `nondiff_reason`)
    nondiff_reason: str = ""
    diff_argnums: tuple | None = None  # None: every operand
    linear: bool = False
    linear_argnums: tuple | None = None  # None: diff_argnums
    tol: dict = dataclasses.field(default_factory=dict)  # dtype -> (rtol, atol), forward
    grad_tol: tuple = (1e-5, 1e-6)  # (rtol, atol) for derivative checks in float64
    eps: float = 1e-6
    jit_tol: tuple = (0.0, 0.0)  # (0, 0): bit-identical
    vmap_tol: dict = dataclasses.field(default_factory=dict)
    vmap_axes: tuple | None = None  # explicit in_axes sample (for 3+ operands)
    skips: dict = dataclasses.field(default_factory=dict)  # check -> reason
    xfails: tuple = ()

    @property
    def prims(self):
        return self.primitives or (self.name,)

    @property
    def nargs(self):
        return len(self.cases[0].shapes)


# ---------------------------------------------------------------------------------------------
# Domain generators: each is gen(rng, shape, dtype) -> ndarray; `per_operand` lifts them to the
# record-level domain(rng, shapes, dtype).


def joint(domain):
    """Marks a record-level domain(rng, shapes, dtype) -> list of operands."""
    domain.joint = True
    return domain


def per_operand(*gens):
    """One generator per operand (or one for all)."""
    def domain(rng, shapes, dtype):
        g = gens if len(gens) == len(shapes) else gens * len(shapes)
        return [gi(rng, s, dtype) for gi, s in zip(g, shapes)]

    return joint(domain)


def as_domain(d):
    if isinstance(d, tuple):
        return per_operand(*d)
    return d if getattr(d, "joint", False) else per_operand(d)


def real(rng, shape, dtype):
    return rng.standard_normal(shape).astype(dtype)


def bounded(lo, hi):
    def gen(rng, shape, dtype):
        return rng.uniform(lo, hi, shape).astype(dtype)

    return gen


positive = bounded(0.5, 2.0)
unit = bounded(-0.9, 0.9)  # open unit interval, away from the poles at +-1
above_one = bounded(1.2, 3.0)


def nonzero(rng, shape, dtype):
    """Away from the kink/pole at zero."""
    return (rng.choice([-1.0, 1.0], shape) * rng.uniform(0.3, 2.0, shape)).astype(dtype)


def off_integers(rng, shape, dtype):
    """Away from integers and half-integers (kinks of floor, ceil, round)."""
    frac = rng.choice([0.2, 0.7], shape) + rng.uniform(0.0, 0.1, shape)
    return (rng.integers(-3, 3, shape) + frac).astype(dtype)


def small_ints(rng, shape, dtype):
    """Integer-valued (ties are likely: exercises comparisons and equality)."""
    return rng.integers(-2, 3, shape).astype(dtype)


def ints(rng, shape, dtype):
    info = np.iinfo(dtype)
    lo, hi = max(info.min, -1000), min(info.max, 1000)
    return rng.integers(lo, hi, shape, endpoint=True).astype(dtype)


def full_range_ints(rng, shape, dtype):
    info = np.iinfo(dtype)
    return rng.integers(info.min, info.max, shape, endpoint=True, dtype=dtype)


def shift_amounts(rng, shape, dtype):
    bits = np.dtype(dtype).itemsize * 8
    return rng.integers(-2, bits + 3, shape).astype(dtype)


def bools(rng, shape, dtype):
    return rng.integers(0, 2, shape).astype(bool)


def nonneg_int_valued(hi):
    def gen(rng, shape, dtype):
        return rng.integers(0, hi, shape).astype(dtype)

    return gen


def index_ints(n):
    def gen(rng, shape, dtype):
        return rng.integers(0, n, shape).astype(np.int32)

    return gen


@joint
def _rem_domain(rng, shapes, dtype):
    """y away from zero, x / y away from integers (the kinks of rem)."""
    y = nonzero(rng, shapes[1], dtype)
    q = rng.integers(-2, 3, shapes[0]) + rng.uniform(0.15, 0.85, shapes[0])
    return [(q * y).astype(dtype), y]


@joint
def _clamp_domain(rng, shapes, dtype):
    lo = rng.uniform(-1.0, -0.5, shapes[0]).astype(dtype)
    hi = rng.uniform(0.5, 1.0, shapes[2]).astype(dtype)
    # x away from the bounds: inside (-0.4, 0.4) or outside with margin.
    x = (rng.choice([-1.0, 1.0], shapes[1]) * rng.choice([0.2, 1.5], shapes[1])
         + rng.uniform(-0.1, 0.1, shapes[1])).astype(dtype)
    return [lo, x, hi]


def _select_domain(n_cases):
    def domain(rng, shapes, dtype):
        which = (bools(rng, shapes[0], dtype) if n_cases == 2
                 else rng.integers(0, n_cases, shapes[0]).astype(np.int32))
        return [which, *(real(rng, s, dtype) for s in shapes[1:])]

    return joint(domain)


@joint
def _polygamma_domain(rng, shapes, dtype):
    return [nonneg_int_valued(3)(rng, shapes[0], dtype), positive(rng, shapes[1], dtype)]


@joint
def _pad_domain(rng, shapes, dtype):
    return [real(rng, shapes[0], dtype), real(rng, shapes[1], dtype)]


FLOAT = ("float32", "float64")
INT = ("int32", "int64")
INTBOOL = ("int32", "int64", "bool")

# Known numjax bugs (strict xfails; remove the XFail when the rule is fixed).

def xfail_checks(reason, *checks, when=None):
    return tuple(XFail(c, reason, when) for c in checks)


ALL_CHECKS = ("fwd", "shape", "jit", "jvp", "vjp", "grad2", "vmap", "transpose", "composed")
REV_CHECKS = ("vjp", "grad2", "transpose", "composed")

NONDIFF_CMP = "comparison/bitwise output is boolean or integer: no tangent space"
ZERO_DERIV = "piecewise constant: zero derivative checked by jvp/vjp away from jumps"

# Shapes shared by most elementwise records.
U_SHAPES = (Case(((3,),)), Case(((2, 3),)))
B_SHAPES = (Case(((3,), (3,))), Case(((2, 3), (2, 3))))


def _as_complex(x):
    return lax.convert_element_type(x, np.complex64 if np.dtype(x.dtype) == np.float32
                                    else np.complex128)


def _times_i(x):
    """Real `x` as the complex `x * 1j` (lax.imag requires a complex operand)."""
    c = np.complex64 if np.dtype(x.dtype) == np.float32 else np.complex128
    return lax.mul(lax.convert_element_type(x, c), np.full(x.shape, 1j, c))


def _ref_round(x, rounding_method=0):
    if rounding_method == 1:
        return np.round(x)
    return (np.sign(x) * np.floor(np.abs(x) + np.asarray(0.5, x.dtype))).astype(x.dtype)


def _ref_shift(kind):
    def ref(x, y):
        bits = x.dtype.itemsize * 8
        out = []
        for a, b in zip(x.ravel().tolist(), y.ravel().tolist()):
            if kind == "left":
                v = 0 if not 0 <= b < bits else (a << b)
            elif kind == "arith":
                v = (-1 if a < 0 else 0) if not 0 <= b < bits else (a >> b)
            else:
                v = 0 if not 0 <= b < bits else ((a % (1 << bits)) >> b)
            v %= 1 << bits  # wrap to the signed range
            out.append(v - (1 << bits) if v >= 1 << (bits - 1) else v)
        return np.array(out, dtype=x.dtype).reshape(x.shape)

    return ref


def _ref_popcount(x):
    bits = x.dtype.itemsize * 8
    return np.array([(v % (1 << bits)).bit_count() for v in x.ravel().tolist()],
                    x.dtype).reshape(x.shape)


def _ref_clz(x):
    bits = x.dtype.itemsize * 8
    return np.array([bits - (v % (1 << bits)).bit_length() for v in x.ravel().tolist()],
                    x.dtype).reshape(x.shape)


def _ref_igamma_grad_a(a, x):
    """dP/da by a fourth-order central difference of SciPy's gammainc, in float64."""
    a64, x64 = a.astype(np.float64), x.astype(np.float64)
    h = 1e-3 * a64
    p = scipy.special.gammainc
    d = (-p(a64 + 2 * h, x64) + 8 * p(a64 + h, x64) - 8 * p(a64 - h, x64)
         + p(a64 - 2 * h, x64)) / (12 * h)
    return d.astype(a.dtype)


def _ref_pad(x, v, *, padding_config):
    out = x
    for axis, (lo, hi, interior) in enumerate(padding_config):
        n = out.shape[axis]
        if interior and n > 1:
            idx = np.repeat(np.arange(1, n), interior)
            out = np.insert(out, idx, v, axis=axis)
        if lo > 0 or hi > 0:
            widths = [(0, 0)] * out.ndim
            widths[axis] = (max(lo, 0), max(hi, 0))
            out = np.pad(out, widths, constant_values=v)
        if lo < 0 or hi < 0:
            sl = [slice(None)] * out.ndim
            sl[axis] = slice(-lo if lo < 0 else 0, out.shape[axis] + hi if hi < 0 else None)
            out = out[tuple(sl)]
    return out.astype(x.dtype)


def _ref_slice(x, *, start_indices, limit_indices, strides=None):
    strides = strides or (1,) * x.ndim
    return x[tuple(slice(s, e, st) for s, e, st in zip(start_indices, limit_indices, strides))]


def _ref_bid(x, *, shape, broadcast_dimensions):
    expanded = [1] * len(shape)
    for i, d in enumerate(broadcast_dimensions):
        expanded[d] = x.shape[i]
    return np.broadcast_to(x.reshape(expanded), shape)


def _ref_dot_general(x, y, *, dimension_numbers, preferred_element_type=None):
    (lc, rc), (lb, rb) = dimension_numbers
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    xs = [next(letters) for _ in range(x.ndim)]
    ys = [next(letters) for _ in range(y.ndim)]
    for a, b in zip(lc, rc):
        ys[b] = xs[a]
    for a, b in zip(lb, rb):
        ys[b] = xs[a]
    out = ([xs[d] for d in lb] + [xs[d] for d in range(x.ndim) if d not in lc and d not in lb]
           + [ys[d] for d in range(y.ndim) if d not in rc and d not in rb])
    spec = f"{''.join(xs)},{''.join(ys)}->{''.join(out)}"
    return np.einsum(spec, x, y).astype(preferred_element_type or x.dtype)


def _ref_arg(fn):
    def ref(x, *, axis, index_dtype):
        return fn(x, axis=axis).astype(index_dtype)

    return ref


def _ref_reduce(ufunc_for):
    def ref(x, *, axes):
        return ufunc_for(x.dtype).reduce(x, axis=tuple(axes))

    return ref


def _ref_iota(*, dtype, shape, dimension):
    view = [1] * len(shape)
    view[dimension] = shape[dimension]
    return np.broadcast_to(np.arange(shape[dimension], dtype=dtype).reshape(view), shape)


# ---------------------------------------------------------------------------------------------
# Builders for the common families


def unary(name, ref, domain=real, order=2, tol=None, prim=None, **kw):
    fn = getattr(lax, name)
    return OpRecord(name=name, fun=lambda x: fn(x), ref=ref, cases=U_SHAPES,
                    domain=as_domain(domain), order=order, tol=tol or {},
                    primitives=(prim,) if prim else (), **kw)


def binary(name, ref, domain=real, order=2, prim=None, dtypes=FLOAT, **kw):
    fn = getattr(lax, name)
    return OpRecord(name=name, fun=lambda x, y: fn(x, y), ref=ref, cases=B_SHAPES,
                    domain=as_domain(domain), order=order, dtypes=dtypes,
                    primitives=(prim,) if prim else (), **kw)


def _f32_loose(rtol=1e-6, atol=1e-6):
    return {"float32": (rtol, atol), "float64": (1e-13, 1e-13)}


SPECIAL_TOL = {"float32": (2e-5, 1e-6), "float64": (1e-12, 1e-13)}

_ELEMENTWISE = [
    # Arithmetic.
    unary("neg", np.negative, linear=True),
    binary("add", np.add, linear=True),
    OpRecord(name="add_any", fun=lambda x, y: lax_ad_util.add_any(x, y), ref=np.add,
             cases=B_SHAPES, domain=as_domain(real), linear=True),
    binary("sub", np.subtract, linear=True),
    binary("mul", np.multiply),
    binary("div", np.divide, domain=(real, nonzero)),
    binary("rem", np.fmod, domain=_rem_domain),
    binary("max", np.maximum),
    binary("min", np.minimum),
    binary("pow", np.power, domain=(positive, real)),
    binary("atan2", np.arctan2, domain=(nonzero, nonzero)),
    binary("nextafter", np.nextafter, order=0,
           nondiff_reason="nextafter has no meaningful derivative (lax defines it as zero; "
                          "central differences give 1)"),
    OpRecord(name="integer_pow", fun=lambda x, y: lax.integer_pow(x, y),
             ref=lambda x, y: np.power(x, np.asarray(y, x.dtype)),
             cases=(Case(((3,),), {"y": 2}), Case(((2, 3),), {"y": 3}),
                    Case(((2, 3),), {"y": -2}), Case(((3,),), {"y": 0})),
             domain=per_operand(nonzero)),
    # Transcendental.
    unary("exp", np.exp),
    unary("exp2", np.exp2),
    unary("log", np.log, domain=positive),
    unary("log1p", np.log1p, domain=positive),
    unary("expm1", np.expm1),
    unary("tanh", np.tanh),
    unary("logistic", scipy.special.expit, tol=_f32_loose()),
    unary("sin", np.sin),
    unary("cos", np.cos),
    unary("tan", np.tan, domain=unit),
    unary("asin", np.arcsin, domain=unit),
    unary("acos", np.arccos, domain=unit),
    unary("atan", np.arctan),
    unary("sinh", np.sinh),
    unary("cosh", np.cosh),
    unary("asinh", np.arcsinh),
    unary("acosh", np.arccosh, domain=above_one),
    unary("atanh", np.arctanh, domain=unit),
    unary("sqrt", np.sqrt, domain=positive),
    unary("square", np.square),
    unary("rsqrt", lambda x: (1 / np.sqrt(x)).astype(x.dtype), domain=positive),
    unary("cbrt", np.cbrt, domain=nonzero),
    # Special functions.
    unary("erf", scipy.special.erf, tol=SPECIAL_TOL),
    unary("erfc", scipy.special.erfc, tol=SPECIAL_TOL),
    unary("erf_inv", scipy.special.erfinv, domain=unit, tol=SPECIAL_TOL),
    unary("lgamma", scipy.special.gammaln, domain=positive, tol=SPECIAL_TOL),
    unary("digamma", scipy.special.digamma, domain=positive, tol=SPECIAL_TOL),
    OpRecord(name="polygamma", fun=lambda n, x: lax.polygamma(n, x),
             ref=lambda n, x: scipy.special.polygamma(n, x).astype(x.dtype),
             cases=B_SHAPES, domain=_polygamma_domain, diff_argnums=(1,), tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    # igamma's derivative in `a` (igamma_grad_a) has no derivative in `a` itself (as in JAX):
    # first order in both operands, second order in x.
    OpRecord(name="igamma", fun=lambda a, x: lax.igamma(a, x), ref=scipy.special.gammainc,
             cases=B_SHAPES, domain=per_operand(positive), order=1, tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="igamma_x", fun=lambda a, x: lax.igamma(a, x), ref=scipy.special.gammainc,
             cases=B_SHAPES, domain=per_operand(positive), primitives=("igamma",),
             diff_argnums=(1,), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="igammac", fun=lambda a, x: lax.igammac(a, x), ref=scipy.special.gammaincc,
             cases=B_SHAPES, domain=per_operand(positive), order=1, tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="igamma_grad_a", fun=lambda a, x: lax.igamma_grad_a(a, x),
             ref=_ref_igamma_grad_a, cases=B_SHAPES, domain=per_operand(positive),
             diff_argnums=(1,), tol={"float32": (1e-4, 1e-6), "float64": (1e-7, 1e-9)},
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="regularized_incomplete_beta",
             fun=lambda a, b, x: lax.regularized_incomplete_beta(a, b, x),
             ref=scipy.special.betainc, cases=(Case(((3,), (3,), (3,))),),
             domain=per_operand(positive, positive, bounded(0.1, 0.9)), diff_argnums=(2,),
             tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="zeta", fun=lambda s, q: lax.zeta(s, q), ref=scipy.special.zeta,
             cases=B_SHAPES, domain=per_operand(bounded(1.5, 4.0), positive), tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="ndtri", fun=lambda p: lax_special.ndtri(p), ref=scipy.special.ndtri,
             cases=U_SHAPES, domain=per_operand(bounded(0.05, 0.95)), tol=SPECIAL_TOL),
    OpRecord(name="erfcx", fun=lambda x: lax_special.erfcx(x), ref=scipy.special.erfcx,
             cases=U_SHAPES, domain=per_operand(real), tol=SPECIAL_TOL),
    unary("bessel_i0e", scipy.special.i0e, domain=nonzero, tol=SPECIAL_TOL),
    unary("bessel_i1e", scipy.special.i1e, domain=nonzero, tol=SPECIAL_TOL),
    # Rounding and sign: piecewise constant or with a kink at zero.
    unary("floor", np.floor, domain=off_integers, order=1),
    unary("ceil", np.ceil, domain=off_integers, order=1),
    OpRecord(name="round", fun=lambda x, rounding_method: lax.round(x, rounding_method),
             ref=_ref_round,
             cases=(Case(((3,),), {"rounding_method": 0}),
                    Case(((2, 3),), {"rounding_method": 1})),
             domain=per_operand(off_integers), order=1),
    unary("is_finite", np.isfinite, order=0, nondiff_reason=NONDIFF_CMP),
    unary("abs", np.abs, domain=nonzero),
    unary("sign", np.sign, domain=nonzero, order=1),
    # lax.real and lax.imag require complex input (as JAX): real(complex(x)) == x and
    # imag(x * 1j) == x exercise them on real data.
    OpRecord(name="real", fun=lambda x: lax.real(_as_complex(x)),
             ref=lambda x: x, cases=U_SHAPES, domain=per_operand(real), linear=True,
             primitives=("real", "convert_element_type")),
    OpRecord(name="imag", fun=lambda x: lax.imag(_times_i(x)),
             ref=lambda x: x, cases=U_SHAPES, domain=per_operand(real), linear=True,
             primitives=("imag", "convert_element_type", "mul")),
    unary("conj", np.conj, linear=True),
]

_COMPARE = [
    binary(name, ref, domain=small_ints, order=0, nondiff_reason=NONDIFF_CMP,
           dtypes=("float32", "float64", "int32"))
    for name, ref in (("eq", np.equal), ("ne", np.not_equal), ("lt", np.less),
                      ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal))
]


def _bool_or_int(gen):
    def g(rng, shape, dtype):
        return bools(rng, shape, dtype) if dtype == "bool" else gen(rng, shape, dtype)

    return g


_BITS = [
    unary("bitwise_not", np.invert, domain=_bool_or_int(full_range_ints), prim="not", order=0,
          nondiff_reason=NONDIFF_CMP, dtypes=INTBOOL),
    binary("bitwise_and", np.bitwise_and, domain=_bool_or_int(full_range_ints), prim="and",
           order=0, nondiff_reason=NONDIFF_CMP, dtypes=INTBOOL),
    binary("bitwise_or", np.bitwise_or, domain=_bool_or_int(full_range_ints), prim="or",
           order=0, nondiff_reason=NONDIFF_CMP, dtypes=INTBOOL),
    binary("bitwise_xor", np.bitwise_xor, domain=_bool_or_int(full_range_ints), prim="xor",
           order=0, nondiff_reason=NONDIFF_CMP, dtypes=INTBOOL),
    binary("shift_left", _ref_shift("left"), domain=(ints, shift_amounts), order=0,
           nondiff_reason=NONDIFF_CMP, dtypes=INT),
    binary("shift_right_arithmetic", _ref_shift("arith"), domain=(ints, shift_amounts),
           order=0, nondiff_reason=NONDIFF_CMP, dtypes=INT),
    binary("shift_right_logical", _ref_shift("logical"), domain=(ints, shift_amounts),
           order=0, nondiff_reason=NONDIFF_CMP, dtypes=INT),
    unary("population_count", _ref_popcount, domain=full_range_ints, order=0,
          nondiff_reason=NONDIFF_CMP, dtypes=INT),
    unary("clz", _ref_clz, domain=full_range_ints, order=0, nondiff_reason=NONDIFF_CMP,
          dtypes=INT),
]

_SELECT_AXES_3 = ((0, 0, 0), (None, 0, 0), (0, None, 1), (1, -1, None), (None, None, 0),
                  (-1, 0, None), (0, 1, -1), (None, 1, None))
_SELECT_AXES_4 = ((0, 0, 0, 0), (None, 0, 1, None), (0, None, None, -1), (1, 0, -1, 0),
                  (None, None, 0, None))


def _ref_select_n(which, *cases):
    if which.dtype == np.bool_:
        return np.where(which, cases[1], cases[0])
    return np.choose(which, cases)


_SELECT_CLAMP = [
    OpRecord(name="select_n", fun=lambda which, *cases: lax.select_n(which, *cases),
             ref=_ref_select_n,
             cases=(Case(((3,), (3,), (3,)), label="bool"),
                    Case(((2, 3), (2, 3), (2, 3)), label="bool"),
                    Case(((), (2, 3), (2, 3)), label="scalar-pred")),
             domain=_select_domain(2), diff_argnums=(1, 2), linear=True,
             vmap_axes=_SELECT_AXES_3),
    OpRecord(name="select_n_int", fun=lambda which, *cases: lax.select_n(which, *cases),
             ref=_ref_select_n, primitives=("select_n",),
             cases=(Case(((2, 3), (2, 3), (2, 3), (2, 3)), label="int3"),),
             domain=_select_domain(3), diff_argnums=(1, 2, 3), linear=True,
             vmap_axes=_SELECT_AXES_4),
    OpRecord(name="clamp", fun=lambda lo, x, hi: lax.clamp(lo, x, hi),
             ref=lambda lo, x, hi: np.clip(x, lo, hi),
             cases=(Case(((), (3,), ())), Case(((2, 3), (2, 3), (2, 3)))),
             domain=_clamp_domain, vmap_axes=_SELECT_AXES_3),
    OpRecord(name="convert_element_type",
             fun=lambda x, new_dtype: lax.convert_element_type(x, new_dtype),
             ref=lambda x, new_dtype: x.astype(new_dtype),
             cases=(Case(((3,),), {"new_dtype": np.float32}),
                    Case(((2, 3),), {"new_dtype": np.float32})),
             domain=per_operand(real), linear=True,
             # float64 -> float32: central differences see float32 rounding; use a wide step.
             eps=1e-3, grad_tol=(1e-3, 1e-3)),
    OpRecord(name="convert_element_type_to_int",
             fun=lambda x, new_dtype: lax.convert_element_type(x, new_dtype),
             ref=lambda x, new_dtype: np.trunc(x).astype(new_dtype),
             primitives=("convert_element_type",),
             cases=(Case(((3,),), {"new_dtype": np.int32}),
                    Case(((2, 3),), {"new_dtype": np.int32})),
             domain=per_operand(off_integers), order=0,
             nondiff_reason="integer output has no tangent space"),
]

_STRUCTURAL = [
    OpRecord(name="broadcast_in_dim",
             fun=lambda x, shape, broadcast_dimensions:
             lax.broadcast_in_dim(x, shape, broadcast_dimensions),
             ref=_ref_bid,
             cases=(Case(((3,),), {"shape": (2, 3), "broadcast_dimensions": (1,)}),
                    Case(((2, 1),), {"shape": (2, 3), "broadcast_dimensions": (0, 1)}),
                    Case(((),), {"shape": (2, 3), "broadcast_dimensions": ()}),
                    Case(((2,),), {"shape": (2, 3, 2), "broadcast_dimensions": (0,)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="reshape", fun=lambda x, new_sizes: lax.reshape(x, new_sizes),
             ref=lambda x, new_sizes: np.reshape(x, new_sizes),
             cases=(Case(((2, 3),), {"new_sizes": (3, 2)}), Case(((6,),), {"new_sizes": (2, 1, 3)}),
                    Case(((2, 1, 3),), {"new_sizes": (6,)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="expand_dims", fun=lambda x, dimensions: lax.expand_dims(x, dimensions),
             ref=lambda x, dimensions: np.expand_dims(x, dimensions), primitives=("reshape",),
             cases=(Case(((3,),), {"dimensions": (0,)}), Case(((2, 3),), {"dimensions": (1, 3)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="transpose", fun=lambda x, permutation: lax.transpose(x, permutation),
             ref=lambda x, permutation: np.transpose(x, permutation),
             cases=(Case(((2, 3),), {"permutation": (1, 0)}),
                    Case(((2, 3, 1),), {"permutation": (2, 0, 1)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="squeeze", fun=lambda x, dimensions: lax.squeeze(x, dimensions),
             ref=lambda x, dimensions: np.squeeze(x, dimensions),
             cases=(Case(((2, 1, 3),), {"dimensions": (1,)}),
                    Case(((1, 3, 1),), {"dimensions": (0, 2)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="broadcasted_iota",
             fun=lambda dtype, shape, dimension: lax.broadcasted_iota(dtype, shape, dimension),
             ref=_ref_iota, primitives=("iota",), dtypes=("int32", "float32"),
             cases=(Case((), {"shape": (4,), "dimension": 0}),
                    Case((), {"shape": (2, 3), "dimension": 1})),
             domain=per_operand(real), order=0, nondiff_reason="no operands",
             skips={"vmap": "no operands to map over"}),
]

_SLICING = [
    OpRecord(name="slice",
             fun=lambda x, start_indices, limit_indices, strides=None:
             lax.slice(x, start_indices, limit_indices, strides),
             ref=_ref_slice,
             cases=(Case(((4,),), {"start_indices": (1,), "limit_indices": (3,)}),
                    Case(((3, 4),), {"start_indices": (0, 1), "limit_indices": (3, 4),
                                     "strides": (2, 2)}),
                    Case(((3, 4),), {"start_indices": (1, 0), "limit_indices": (2, 4)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="pad", fun=lambda x, v, padding_config: lax.pad(x, v, padding_config),
             ref=_ref_pad,
             cases=(Case(((3,), ()), {"padding_config": ((1, 2, 0),)}),
                    Case(((2, 3), ()), {"padding_config": ((0, 1, 1), (2, 0, 1))}),
                    Case(((4,), ()), {"padding_config": ((-1, 1, 1),)}),
                    Case(((2, 3), ()), {"padding_config": ((1, -1, 0), (-1, -1, 2))})),
             domain=_pad_domain, linear=True),
    OpRecord(name="concatenate",
             fun=lambda *xs, dimension: lax.concatenate(xs, dimension),
             ref=lambda *xs, dimension: np.concatenate(xs, dimension),
             cases=(Case(((2,), (3,)), {"dimension": 0}),
                    Case(((2, 3), (2, 1)), {"dimension": 1}),
                    Case(((1, 3), (2, 3), (1, 3)), {"dimension": 0})),
             domain=per_operand(real), linear=True),
    OpRecord(name="rev", fun=lambda x, dimensions: lax.rev(x, dimensions),
             ref=lambda x, dimensions: np.flip(x, dimensions),
             cases=(Case(((3,),), {"dimensions": (0,)}),
                    Case(((2, 3),), {"dimensions": (1,)}),
                    Case(((2, 3),), {"dimensions": (0, 1)})),
             domain=per_operand(real), linear=True),
]


def _reduction(name, ref, domain=real, dtypes=FLOAT, order=2, linear=False, **kw):
    fn = getattr(lax, name)
    return OpRecord(name=name, fun=lambda x, axes: fn(x, axes), ref=ref,
                    cases=(Case(((3,),), {"axes": (0,)}), Case(((2, 3),), {"axes": (1,)}),
                           Case(((2, 3),), {"axes": (0, 1)}), Case(((2, 3),), {"axes": ()})),
                    domain=per_operand(domain), dtypes=dtypes, order=order, linear=linear,
                    tol=_f32_loose(1e-5), vmap_tol={"float32": (1e-6, 1e-6)}, **kw)


def _bitwise_reduce(op):
    return lambda d: {"and": np.logical_and, "or": np.logical_or,
                      "xor": np.logical_xor}[op] if d == np.bool_ else \
        {"and": np.bitwise_and, "or": np.bitwise_or, "xor": np.bitwise_xor}[op]


_REDUCTIONS = [
    _reduction("reduce_sum", _ref_reduce(lambda d: np.add), linear=True),
    _reduction("reduce_prod", _ref_reduce(lambda d: np.multiply), domain=nonzero),
    _reduction("reduce_max", _ref_reduce(lambda d: np.maximum)),
    _reduction("reduce_min", _ref_reduce(lambda d: np.minimum)),
    _reduction("reduce_and", _ref_reduce(_bitwise_reduce("and")),
               domain=_bool_or_int(full_range_ints), dtypes=INTBOOL, order=0,
               nondiff_reason=NONDIFF_CMP),
    _reduction("reduce_or", _ref_reduce(_bitwise_reduce("or")),
               domain=_bool_or_int(full_range_ints), dtypes=INTBOOL, order=0,
               nondiff_reason=NONDIFF_CMP),
    _reduction("reduce_xor", _ref_reduce(_bitwise_reduce("xor")),
               domain=_bool_or_int(full_range_ints), dtypes=INTBOOL, order=0,
               nondiff_reason=NONDIFF_CMP),
]
def _arg_fun(f):
    return lambda x, axis, index_dtype: f(x, axis, index_dtype)


for _name, _fn in (("argmax", np.argmax), ("argmin", np.argmin)):
    _REDUCTIONS.append(OpRecord(
        name=_name, fun=_arg_fun(getattr(lax, _name)),
        ref=_ref_arg(_fn),
        cases=(Case(((3,),), {"axis": 0, "index_dtype": np.int32}),
               Case(((2, 3),), {"axis": 1, "index_dtype": np.int32}),
               Case(((2, 3),), {"axis": 0, "index_dtype": np.int32})),
        dtypes=("float32", "float64", "int32"), domain=per_operand(small_ints), order=0,
        nondiff_reason="integer output has no tangent space"))

_DN = {
    "vec": (((0,), (0,)), ((), ())),
    "mat": (((1,), (0,)), ((), ())),
    "outer": (((), ()), ((), ())),
    "batch": (((2,), (1,)), ((0,), (0,))),
    "tcontract": (((0,), (1,)), ((), ())),
}

_DOT = [
    OpRecord(name="dot_general",
             fun=lambda x, y, dimension_numbers: lax.dot_general(x, y, dimension_numbers),
             ref=_ref_dot_general,
             cases=(Case(((3,), (3,)), {"dimension_numbers": _DN["vec"]}, "vec"),
                    Case(((2, 3), (3, 2)), {"dimension_numbers": _DN["mat"]}, "mat"),
                    Case(((2,), (3,)), {"dimension_numbers": _DN["outer"]}, "outer"),
                    Case(((2, 2, 3), (2, 3, 2)), {"dimension_numbers": _DN["batch"]}, "batch"),
                    Case(((3, 2), (2, 3)), {"dimension_numbers": _DN["tcontract"]},
                         "tcontract")),
             domain=per_operand(real), tol=_f32_loose(1e-5, 1e-5),
             vmap_tol={"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}),
    OpRecord(name="dot", fun=lambda x, y: lax.dot(x, y), ref=np.dot, primitives=("dot_general",),
             cases=(Case(((3,), (3,))), Case(((2, 3), (3,))), Case(((2, 3), (3, 2)))),
             domain=per_operand(real), tol=_f32_loose(1e-5, 1e-5),
             vmap_tol={"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}),
]


def _ref_cumulative(accumulate):
    def ref(x, *, axis, reverse):
        y = np.flip(x, axis) if reverse else x
        out = accumulate(y, axis)
        return (np.flip(out, axis) if reverse else out).astype(x.dtype)

    return ref


def _cumulative(name, accumulate, domain=real, **kw):
    fn = getattr(lax, name)
    return OpRecord(name=name, fun=lambda x, axis, reverse: fn(x, axis, reverse),
                    ref=_ref_cumulative(accumulate),
                    cases=(Case(((3,),), {"axis": 0, "reverse": False}),
                           Case(((2, 3),), {"axis": 1, "reverse": True}),
                           Case(((2, 3),), {"axis": 0, "reverse": False})),
                    domain=per_operand(domain), tol=_f32_loose(1e-5, 1e-6),
                    vmap_tol={"float32": (1e-6, 1e-6), "float64": (1e-13, 1e-13)}, **kw)


_CUMULATIVE = [
    _cumulative("cumsum", lambda x, a: np.cumsum(x, a), linear=True),
    _cumulative("cumprod", lambda x, a: np.cumprod(x, a), domain=nonzero),
    _cumulative("cummax", lambda x, a: np.maximum.accumulate(x, a)),
    _cumulative("cummin", lambda x, a: np.minimum.accumulate(x, a)),
    _cumulative("cumlogsumexp", lambda x, a: np.logaddexp.accumulate(x, a)),
]

# Random-number primitives (numjax/_src/lax/rng.py; the samplers themselves are tested against
# JAX's recorded numbers in tests/test_random.py).


def _ref_threefry(k1, k2, x1, x2):
    """Threefry-2x32, 20 rounds, one element at a time on Python ints (Salmon et al., 2011)."""
    m = 0xFFFFFFFF
    out = []
    words = (v.astype(np.uint32).ravel().tolist() for v in (k1, k2, x1, x2))
    for a, b, c, d in zip(*words):
        ks = (a, b, a ^ b ^ 0x1BD11BDA)
        y0, y1 = (c + ks[0]) & m, (d + ks[1]) & m
        for i in range(5):
            for r in ((13, 15, 26, 6), (17, 29, 16, 24))[i % 2]:
                y0 = (y0 + y1) & m
                y1 = (((y1 << r) | (y1 >> (32 - r))) & m) ^ y0
            y0 = (y0 + ks[(i + 1) % 3]) & m
            y1 = (y1 + ks[(i + 2) % 3] + i + 1) & m
        out.append((y0, y1))
    out = np.array(out, np.uint32).reshape((*k1.shape, 2))
    return np.moveaxis(out, -1, 0)


def _threefry_stacked(*args):
    """Both outputs stacked; operands are int32 (the harness's integer dtype) reinterpreted."""
    from numjax._src.lax.rng import threefry2x32

    y1, y2 = threefry2x32(*(lax.convert_element_type(a, np.uint32) for a in args))
    return lax.concatenate([lax.expand_dims(y1, (0,)), lax.expand_dims(y2, (0,))], 0)


def _ref_gamma_grad(a, x):
    """d sample / d a = -(dP(a, x)/da) / pdf(x): SciPy's gammainc by a central difference."""
    import scipy.stats

    a64, x64 = a.astype(np.float64), x.astype(np.float64)
    h = 1e-6 * a64
    dp = (scipy.special.gammainc(a64 + h, x64) - scipy.special.gammainc(a64 - h, x64)) / (2 * h)
    return (-dp / scipy.stats.gamma.pdf(x64, a64)).astype(a.dtype)


def _fma_ref(x, y, z):
    wide = np.longdouble if x.dtype == np.float64 else np.float64
    return (x.astype(wide) * y + z).astype(x.dtype)


def _rng_prim(name):
    def fun(*args):
        from numjax._src.lax import rng

        return getattr(rng, name)(*args)

    return fun


_RNG = [
    OpRecord(name="threefry2x32", fun=_threefry_stacked, ref=_ref_threefry,
             cases=(Case(((), (), (), ())), Case(((5,), (5,), (5,), (5,))),
                    Case(((2, 3), (2, 3), (2, 3), (2, 3)))),
             dtypes=("int32",), domain=per_operand(full_range_ints), order=0,
             nondiff_reason="integer hash: no tangent space", vmap_axes=_SELECT_AXES_4),
    OpRecord(name="random_fma", fun=_rng_prim("fma"), ref=_fma_ref,
             cases=(Case(((3,), (3,), (3,))), Case(((2, 3), (2, 3), (2, 3)))),
             domain=per_operand(real), tol={"float64": (1e-15, 1e-300)},
             vmap_axes=_SELECT_AXES_3),
    OpRecord(name="random_gamma_grad", fun=_rng_prim("random_gamma_grad"), ref=_ref_gamma_grad,
             cases=B_SHAPES, domain=per_operand(bounded(0.3, 4.0), bounded(0.2, 6.0)),
             order=0, nondiff_reason="JAX defines no derivative of random_gamma_grad",
             tol={"float32": (2e-5, 1e-6), "float64": (1e-6, 1e-9)}),
]

# ---------------------------------------------------------------------------------------------
# Indexing, dynamic slicing, sorting and the remaining lax primitives


def _clamped_starts(x_shape, sizes, starts):
    # As JAX: a negative start counts from the end of its dimension, then starts are clamped.
    return [int(np.clip(s + n if s < 0 else s, 0, n - k))
            for s, n, k in zip(starts, x_shape, sizes)]


def _ref_dynamic_slice(x, *starts, slice_sizes):
    s = _clamped_starts(x.shape, slice_sizes, starts)
    return x[tuple(slice(a, a + k) for a, k in zip(s, slice_sizes))]


def _ref_dynamic_update_slice(x, u, *starts):
    s = _clamped_starts(x.shape, u.shape, starts)
    out = x.copy()
    out[tuple(slice(a, a + k) for a, k in zip(s, u.shape))] = u
    return out


@joint
def _dynamic_slice_domain(rng, shapes, dtype):
    # Starts include out-of-range values, which lax clamps.
    return [real(rng, shapes[0], dtype),
            *(rng.integers(-1, 4, s).astype(np.int32) for s in shapes[1:])]


@joint
def _dynamic_update_slice_domain(rng, shapes, dtype):
    return [real(rng, shapes[0], dtype), real(rng, shapes[1], dtype),
            *(rng.integers(-1, 4, s).astype(np.int32) for s in shapes[2:])]


def _point_index_domain(unique, n_float_after=0):
    """x, then point indices into x along `axes` (rows unique when `unique`), then updates."""
    def domain(rng, shapes, dtype):
        x_shape, idx_shape = shapes[0], shapes[1]
        # The index shape's last dim is the number of indexed axes; the cases index leading
        # axes.
        k = idx_shape[-1]
        dims = x_shape[:k] if len(x_shape) >= k else x_shape
        batch = idx_shape[:-1]
        total = int(np.prod(dims))
        n = int(np.prod(batch)) if batch else 1
        # (Under the vmap check shapes gain a leading batch dim; rows then stay in range but
        # may repeat, which only the deterministic Python-loop comparison sees.)
        flat = (rng.choice(total, n, replace=False) if unique and n <= total
                else rng.integers(0, total, n))
        idx = np.stack(np.unravel_index(flat, dims), -1).astype(np.int32)
        idx = idx.reshape((*batch, k))
        return [real(rng, x_shape, dtype), idx, *(real(rng, s, dtype) for s in shapes[2:])]

    return joint(domain)


def _ref_gather(x, idx, *, axes):
    xt = np.moveaxis(x, axes, range(len(axes)))
    return xt[tuple(idx[..., j] for j in range(len(axes)))]


def _ref_scatter(ufunc):
    def ref(x, idx, upd, *, axes):
        out = x.copy()
        view = np.moveaxis(out, axes, range(len(axes)))
        where = tuple(idx[..., j] for j in range(len(axes)))
        if ufunc is None:
            view[where] = upd
        else:
            ufunc.at(view, where, upd)
        return out

    return ref


_GATHER_CASES = (Case(((5,), (4, 1)), {"axes": (0,)}),
                 Case(((3, 4), (2, 2)), {"axes": (0, 1)}),
                 Case(((3, 4), (2, 3, 1)), {"axes": (0,)}))
_SCATTER_CASES = (Case(((5,), (3, 1), (3,)), {"axes": (0,)}),
                  Case(((3, 4), (2, 2), (2,)), {"axes": (0, 1)}),
                  Case(((3, 4), (2, 1), (2, 4)), {"axes": (0,)}))


def _scatter_record(name, ufunc, unique=True, **kw):
    fn = getattr(lax_indexing, name)  # the point form (lax.scatter* take XLA dimension numbers)
    return OpRecord(name=name, fun=lambda x, idx, upd, axes: fn(x, idx, upd, axes),
                    ref=_ref_scatter(ufunc), cases=_SCATTER_CASES,
                    domain=_point_index_domain(unique), diff_argnums=(0, 2),
                    skips={"vmap_cost": _INDEX_BATCH_COST}, **kw)


def _ref_sort_key_val(k, v, *, dimension):
    order = np.argsort(k, axis=dimension, kind="stable")
    return np.take_along_axis(v, order, dimension)


_INDEX_BATCH_COST = (
    "batched indices (start indices, or point indices with the operand batched on another "
    "axis) become one gather/scatter over an index grid built with iota/concatenate (5-9 "
    "primitives vs 1 for one example); values are checked, the op count is the batching "
    "owner's to tighten")
_NO_TANGENT = ("stop_gradient's derivative is zero by definition while central differences "
               "see the identity; its zero JVP/VJP are tested in tests/test_autodiff.py")

_INDEXING = [
    OpRecord(name="dynamic_slice",
             fun=lambda x, *starts, slice_sizes: lax.dynamic_slice(x, starts, slice_sizes),
             ref=_ref_dynamic_slice,
             cases=(Case(((5,), ()), {"slice_sizes": (3,)}),
                    Case(((3, 4), (), ()), {"slice_sizes": (2, 2)})),
             domain=_dynamic_slice_domain, diff_argnums=(0,), linear=True,
             skips={"vmap_cost": _INDEX_BATCH_COST}),
    OpRecord(name="dynamic_update_slice",
             fun=lambda x, u, *starts: lax.dynamic_update_slice(x, u, starts),
             ref=_ref_dynamic_update_slice,
             cases=(Case(((5,), (2,), ())), Case(((3, 4), (2, 2), (), ()))),
             domain=_dynamic_update_slice_domain, diff_argnums=(0, 1), linear=True,
             skips={"vmap_cost": _INDEX_BATCH_COST}),
    OpRecord(name="gather", fun=lambda x, idx, axes: lax_indexing.gather(x, idx, axes),
             ref=_ref_gather, cases=_GATHER_CASES, domain=_point_index_domain(False),
             diff_argnums=(0,), linear=True, skips={"vmap_cost": _INDEX_BATCH_COST}),
    _scatter_record("scatter", None, linear=True),
    _scatter_record("scatter_add", np.add, unique=False, linear=True),
    _scatter_record("scatter_mul", np.multiply),
    _scatter_record("scatter_min", np.minimum),
    _scatter_record("scatter_max", np.maximum),
    OpRecord(name="sort", fun=lambda x, dimension: lax.sort(x, dimension),
             ref=lambda x, dimension: np.sort(x, dimension),
             cases=(Case(((5,),), {"dimension": 0}), Case(((2, 3),), {"dimension": 1}),
                    Case(((2, 3),), {"dimension": 0})),
             domain=per_operand(real)),
    OpRecord(name="sort_key_val",
             fun=lambda k, v, dimension: lax.sort_key_val(k, v, dimension)[1],
             ref=_ref_sort_key_val, primitives=("sort",),
             cases=(Case(((4,), (4,)), {"dimension": 0}),
                    Case(((2, 3), (2, 3)), {"dimension": 1})),
             domain=per_operand(real)),
    OpRecord(name="top_k", fun=lambda x, k: lax.top_k(x, k)[0],
             ref=lambda x, k: -np.sort(-x, -1)[..., :k],
             cases=(Case(((5,),), {"k": 2}), Case(((2, 4),), {"k": 3})),
             domain=per_operand(real)),
    OpRecord(name="stop_gradient", fun=lambda x: lax.stop_gradient(x), ref=lambda x: x,
             cases=U_SHAPES, domain=per_operand(real), order=0, nondiff_reason=_NO_TANGENT),
    OpRecord(name="reduce_precision",
             fun=lambda x, exponent_bits, mantissa_bits:
             lax.reduce_precision(x, exponent_bits, mantissa_bits),
             ref=lambda x, exponent_bits, mantissa_bits: x.astype(np.float32).astype(x.dtype),
             cases=(Case(((3,),), {"exponent_bits": 8, "mantissa_bits": 23}),
                    Case(((2, 3),), {"exponent_bits": 8, "mantissa_bits": 23})),
             domain=per_operand(real), linear=True,
             # Rounding to float32: central differences need a wide step (as convert).
             eps=1e-3, grad_tol=(1e-3, 1e-3)),
    OpRecord(name="bitcast_convert_type",
             fun=lambda x, new_dtype: lax.bitcast_convert_type(x, new_dtype),
             ref=lambda x, new_dtype: x.view(new_dtype), dtypes=("float32",),
             cases=(Case(((3,),), {"new_dtype": np.int32}),
                    Case(((2, 3),), {"new_dtype": np.uint32})),
             domain=per_operand(real), order=0,
             nondiff_reason="integer output has no tangent space"),
]


# ---------------------------------------------------------------------------------------------
# Linear algebra (numjax/_src/lax/linalg.py). Inputs are well conditioned (SPD, diagonally
# dominant, separated eigen/singular values); outputs with a sign ambiguity go through
# sign-fixed invariants so that derivatives are smooth.


def _lin_rng_matrix(rng, shape, dtype, spectrum):
    """Q1 diag(spectrum) Q2 over the last two axes, with random orthogonal Q1, Q2."""
    *batch, m, n = shape
    q1 = np.linalg.qr(rng.standard_normal((*batch, m, m)))[0]
    q2 = np.linalg.qr(rng.standard_normal((*batch, n, n)))[0]
    k = min(m, n)
    s = np.zeros((*batch, m, n))
    s[..., range(k), range(k)] = spectrum(k) + rng.uniform(0, 0.2, (*batch, k))
    return (q1 @ s @ q2).astype(dtype)


@joint
def _spd_domain(rng, shapes, dtype):
    (shape,) = shapes
    x = rng.standard_normal(shape)
    n = shape[-1]
    return [(x @ np.swapaxes(x, -1, -2) + n * np.eye(n)).astype(dtype)]


@joint
def _sym_separated_domain(rng, shapes, dtype):
    (shape,) = shapes
    *batch, n, _ = shape
    q = np.linalg.qr(rng.standard_normal(shape))[0]
    w = np.arange(n) - n / 2 + rng.uniform(0, 0.3, (*batch, n))
    return [(q * w[..., None, :] @ np.swapaxes(q, -1, -2)).astype(dtype)]


@joint
def _separated_sv_domain(rng, shapes, dtype):
    (shape,) = shapes
    return [_lin_rng_matrix(rng, shape, dtype, lambda k: np.arange(k, 0, -1) + 0.5)]


@joint
def _real_eig_domain(rng, shapes, dtype):
    """V diag(w) V^{-1} with real, separated w and a well-conditioned V."""
    (shape,) = shapes
    *batch, n, _ = shape
    v = np.eye(n) + 0.3 * rng.standard_normal(shape)
    w = np.arange(n) + 1.0 + rng.uniform(0, 0.3, (*batch, n))
    return [(v * w[..., None, :] @ np.linalg.inv(v)).astype(dtype)]


def _dominant(rng, shape, dtype):
    m, n = shape[-2:]
    signs = rng.choice([-1, 1], shape[:-1])[..., None]
    return (rng.standard_normal(shape) + max(m, n) * np.eye(m, n) * signs).astype(dtype)


@joint
def _tri_solve_domain(rng, shapes, dtype):
    return [_dominant(rng, shapes[0], dtype), real(rng, shapes[1], dtype)]


@joint
def _pivots_domain(rng, shapes, dtype):
    (shape,) = shapes
    n = 4  # permutation_size of the record
    return [(np.arange(shape[-1]) + rng.integers(0, n - np.arange(shape[-1]), shape))
            .astype(dtype)]


@joint
def _tridiagonal_domain(rng, shapes, dtype):
    dl, d, du, b = (rng.standard_normal(s) for s in shapes)
    d = d + 4 * np.sign(d) + (d == 0)
    return [x.astype(dtype) for x in (dl, d, du, b)]


def _flat_cat(*outs):
    """One array from several (..., m, n) outputs, flattened over the matrix axes."""
    import numjax.numpy as jnp

    return jnp.concatenate([jnp.reshape(o, (*o.shape[:-2], -1)) for o in outs], axis=-1)


def _fun_qr(x, full_matrices):
    q, r = lax.linalg.qr(x, full_matrices=full_matrices)
    return _flat_cat(q, r)


def _ref_qr(x, full_matrices):
    q, r = np.linalg.qr(x, mode="complete" if full_matrices else "reduced")
    return _np_flat_cat(q, r)


def _np_flat_cat(*outs):
    nb = outs[0].ndim - 2
    return np.concatenate([o.reshape(*o.shape[:nb], -1) for o in outs], axis=-1)


def _fun_eigh(x):
    import numjax.numpy as jnp

    v, w = lax.linalg.eigh(x)
    v = v * jnp.sign(v[..., :1, :])  # eigenvector signs fixed smoothly
    return _flat_cat(v, w[..., None, :])


def _ref_eigh(x):
    w, v = np.linalg.eigh((x + np.swapaxes(x, -1, -2)) / 2)
    return _np_flat_cat(v * np.sign(v[..., :1, :]), w[..., None, :]).astype(x.dtype)


def _fun_svd(x, full_matrices, compute_uv):
    if not compute_uv:
        return lax.linalg.svd(x, compute_uv=False)
    u, s, vh = lax.linalg.svd(x, full_matrices=full_matrices)
    k = s.shape[-1]
    import numjax.numpy as jnp

    sg = jnp.sign(u[..., :1, :k])  # singular-vector signs fixed smoothly (u and vh together)
    return _flat_cat(u[..., :, :k] * sg, vh[..., :k, :] * jnp.swapaxes(sg, -1, -2),
                     s[..., None, :])


def _ref_svd(x, full_matrices, compute_uv):
    if not compute_uv:
        return np.linalg.svd(x, compute_uv=False)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    k = s.shape[-1]
    sg = np.sign(u[..., :1, :k])
    return _np_flat_cat(u[..., :, :k] * sg, vh[..., :k, :] * np.swapaxes(sg, -1, -2),
                        s[..., None, :])


def _fun_eigvals(x):
    import numjax.numpy as jnp

    w = lax.linalg.eig(x, compute_left_eigenvectors=False, compute_right_eigenvectors=False)[0]
    return jnp.sort(jnp.real(w), axis=-1)


def _ref_pivots(p, permutation_size):
    perm = np.broadcast_to(np.arange(permutation_size), (*p.shape[:-1], permutation_size))
    perm = perm.copy().reshape(-1, permutation_size)
    for b, piv in enumerate(p.reshape(-1, p.shape[-1])):
        for j, q in enumerate(piv):
            perm[b, j], perm[b, q] = perm[b, q], perm[b, j]
    return perm.reshape(*p.shape[:-1], permutation_size).astype(np.int32)


def _ref_lu(x):
    import scipy.linalg

    flat = x.reshape(-1, *x.shape[-2:])
    return np.stack([scipy.linalg.lu_factor(m)[0] if m.shape[0] == m.shape[1]
                     else _ref_lu_rect(m) for m in flat]).reshape(x.shape)


def _ref_lu_rect(m):
    import scipy.linalg

    _, low, up = scipy.linalg.lu(m)
    k = min(m.shape)
    out = np.zeros_like(m)
    out[:, :k] += np.tril(low, -1)[:, :k]
    out[:k, :] += up
    return out


def _ref_tri_solve(a, b, *, left_side, lower, transpose_a, unit_diagonal):
    a = np.tril(a) if lower else np.triu(a)
    if unit_diagonal:
        a = a.copy()
        a[..., range(a.shape[-1]), range(a.shape[-1])] = 1
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if left_side:
        return np.linalg.solve(a, b).astype(b.dtype)
    return np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)),
                       -1, -2).astype(b.dtype)


def _ref_tridiagonal(dl, d, du, b):
    n = d.shape[-1]
    t = np.zeros((*d.shape, n), d.dtype)
    t[..., range(n), range(n)] = d
    t[..., range(1, n), range(n - 1)] = dl[..., 1:]
    t[..., range(n - 1), range(1, n)] = du[..., :-1]
    return np.linalg.solve(t, b).astype(b.dtype)


def _ts_case(shapes, label, **params):
    full = {"left_side": False, "lower": False, "transpose_a": False, "unit_diagonal": False}
    full.update(params)
    return Case(shapes, full, label)


_LIN_TOL = {"float32": (2e-4, 2e-5), "float64": (1e-10, 1e-12)}
_LIN_VMAP_TOL = {"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}
_LIN_JIT_TOL = (1e-12, 1e-12)


def _linalg(name, fun, ref, cases, domain, **kw):
    kw.setdefault("tol", _LIN_TOL)
    kw.setdefault("vmap_tol", _LIN_VMAP_TOL)
    kw.setdefault("jit_tol", _LIN_JIT_TOL)
    kw.setdefault("grad_tol", (1e-6, 1e-7))
    return OpRecord(name=name, fun=fun, ref=ref, cases=cases, domain=domain, **kw)


def _lin_solve(a, b, transpose_a):
    from numjax._src.lax.linalg_extra import solve

    return solve(a, b, transpose_a=transpose_a)


def _lin_logabsdet(x):
    from numjax._src.lax.linalg_extra import slogdet

    return slogdet(x)[1]  # the sign is piecewise constant (checked in tests/test_linalg.py)


def _lin_det(x):
    from numjax._src.lax.linalg_extra import det

    return det(x)


_LINALG = [
    _linalg("cholesky", lambda x: lax.linalg.cholesky(x),
            lambda x: np.linalg.cholesky((x + np.swapaxes(x, -1, -2)) / 2).astype(x.dtype),
            (Case(((3, 3),)), Case(((2, 4, 4),))), _spd_domain),
    _linalg("triangular_solve",
            lambda a, b, **p: lax.linalg.triangular_solve(a, b, **p), _ref_tri_solve,
            (_ts_case(((3, 3), (3, 2)), "left-lower", left_side=True, lower=True),
             _ts_case(((3, 3), (2, 3)), "right-upper-T", transpose_a=True),
             _ts_case(((2, 3, 3), (2, 3, 2)), "left-upper-unit-T", left_side=True,
                      transpose_a=True, unit_diagonal=True)),
            _tri_solve_domain),
    _linalg("lu", lambda x: lax.linalg.lu(x)[0], _ref_lu,
            (Case(((3, 3),)), Case(((4, 3),)), Case(((3, 4),)), Case(((2, 3, 3),))),
            per_operand(_dominant)),
    _linalg("lu_pivots_to_permutation",
            lambda p, permutation_size: lax.linalg.lu_pivots_to_permutation(p, permutation_size),
            _ref_pivots, (Case(((3,),), {"permutation_size": 4}),
                          Case(((2, 4),), {"permutation_size": 4})),
            _pivots_domain, dtypes=("int32",), order=0,
            nondiff_reason="integer output has no tangent space"),
    _linalg("qr", _fun_qr, _ref_qr,
            (Case(((3, 3),), {"full_matrices": True}), Case(((4, 3),), {"full_matrices": False}),
             Case(((4, 3),), {"full_matrices": True}), Case(((3, 4),), {"full_matrices": False}),
             Case(((2, 3, 3),), {"full_matrices": False})),
            _separated_sv_domain),
    _linalg("eigh", _fun_eigh, _ref_eigh, (Case(((3, 3),)), Case(((2, 4, 4),))),
            _sym_separated_domain),
    _linalg("svd", _fun_svd, _ref_svd,
            (Case(((3, 3),), {"full_matrices": True, "compute_uv": True}),
             Case(((4, 3),), {"full_matrices": False, "compute_uv": True}),
             Case(((3, 4),), {"full_matrices": False, "compute_uv": True}),
             Case(((4, 3),), {"full_matrices": True, "compute_uv": False}),
             Case(((2, 3, 3),), {"full_matrices": False, "compute_uv": True})),
            _separated_sv_domain),
    _linalg("eig", _fun_eigvals, lambda x: np.sort(np.linalg.eigvals(x).real, -1).astype(x.dtype),
            (Case(((3, 3),)), Case(((2, 3, 3),))), _real_eig_domain,
            order=1,
            tol={"float32": (1e-3, 1e-4), "float64": (1e-9, 1e-10)}),
    _linalg("tridiagonal_solve", lambda dl, d, du, b: lax.linalg.tridiagonal_solve(dl, d, du, b),
            _ref_tridiagonal,
            (Case(((4,), (4,), (4,), (4, 2))), Case(((2, 3), (2, 3), (2, 3), (2, 3, 1)))),
            _tridiagonal_domain),
    _linalg("solve", _lin_solve,
            lambda a, b, transpose_a: np.linalg.solve(np.swapaxes(a, -1, -2) if transpose_a
                                                      else a, b).astype(b.dtype),
            (Case(((3, 3), (3, 2)), {"transpose_a": False}),
             Case(((2, 3, 3), (2, 3, 1)), {"transpose_a": True})),
            _tri_solve_domain),
    _linalg("slogdet", _lin_logabsdet, lambda x: np.linalg.slogdet(x)[1].astype(x.dtype),
            (Case(((3, 3),)), Case(((2, 4, 4),))), per_operand(_dominant)),
    _linalg("det", _lin_det, lambda x: np.linalg.det(x).astype(x.dtype),
            (Case(((1, 1),)), Case(((4, 4),)), Case(((2, 5, 5),))), per_operand(_dominant)),
]

# Control flow (numjax/_src/lax/control_flow.py, loops.py): each primitive through a small
# lambda whose branch or loop reads the operands, against a Python-loop reference.


def _cf_total(x):
    return lax.reduce_sum(x, tuple(range(len(x.shape))))


def _cond_fun(x, y):
    return lax.cond(lax.gt(_cf_total(x), lax.convert_element_type(0, x.dtype)),
                    lambda a, b: lax.sin(a) * b, lambda a, b: a - lax.cos(b), x, y)


def _cond_ref(x, y):
    return (np.sin(x) * y if x.sum() > 0 else x - np.cos(y)).astype(x.dtype)


def _switch_fun(x, y):
    index = lax.convert_element_type(lax.floor(_cf_total(x)), np.int32)  # clamped to 0..2
    return lax.switch(index, [lambda a, b: a * b, lambda a, b: lax.sin(a) + b,
                              lambda a, b: lax.exp(a) - b], x, y)


def _switch_ref(x, y):
    index = min(max(int(np.floor(x.sum())), 0), 2)
    return [x * y, np.sin(x) + y, np.exp(x) - y][index].astype(x.dtype)


def _scan_fun(xs, c0, w, *, reverse):
    def body(c, x):
        c = lax.sin(c * w) + c * x
        return c, c * x

    c, ys = lax.scan(body, c0, xs, reverse=reverse)
    return lax.concatenate([ys, lax.expand_dims(c, (0,))], 0)


def _scan_ref(xs, c0, w, *, reverse):
    c, ys = c0, [None] * len(xs)
    for i in (reversed(range(len(xs))) if reverse else range(len(xs))):
        c = np.sin(c * w) + c * xs[i]
        ys[i] = c * xs[i]
    return np.concatenate([np.stack(ys), c[None]], 0).astype(xs.dtype)


def _fori_fun(x, y):
    return lax.fori_loop(0, 4, lambda i, c: lax.sin(c) * x + c * lax.convert_element_type(
        i, x.dtype), y)


def _fori_ref(x, y):
    c = y
    for i in range(4):
        c = np.sin(c) * x + c * i
    return c.astype(x.dtype)


def _while_fun(x):
    # The trip count depends on the data: under vmap the predicate is batched.
    return lax.while_loop(lambda v: lax.lt(lax.reduce_max(v, tuple(range(len(v.shape)))),
                                           lax.convert_element_type(5, v.dtype)),
                          lambda v: v * lax.convert_element_type(1.3, v.dtype) + lax.sin(v), x)


def _while_ref(x):
    v = x
    while v.max() < 5:
        v = v * 1.3 + np.sin(v)
    return v.astype(x.dtype)


_CF_TOL = {"float32": (1e-5, 1e-6), "float64": (1e-13, 1e-13)}
_NO_REVERSE_WHILE = ("reverse-mode differentiation of while_loop raises ValueError, as in JAX "
                     "(tests/test_control_flow.py checks the message)")
_SELECT_COST = {"vmap_cost": "a batched index runs every branch on the batch and selects per "
                               "member (as JAX), so the branches' equations appear at top level"}
_CONTROL_FLOW = [
    OpRecord(name="cond", fun=_cond_fun, ref=_cond_ref,
             cases=(Case(((3,), (3,))), Case(((2, 3), (2, 3))), Case(((), ()))),
             domain=per_operand(nonzero), tol=_CF_TOL, vmap_tol=_CF_TOL, skips=_SELECT_COST),
    OpRecord(name="switch", fun=_switch_fun, ref=_switch_ref, primitives=("cond",),
             cases=(Case(((3,), (3,))), Case(((2,), (2,)))),
             domain=per_operand(off_integers), tol=_CF_TOL, vmap_tol=_CF_TOL,
             skips=_SELECT_COST),
    OpRecord(name="scan", fun=_scan_fun, ref=_scan_ref,
             cases=(Case(((4, 3), (3,), (3,)), {"reverse": False}),
                    Case(((3,), (), ()), {"reverse": True})),
             domain=per_operand(unit), tol=_CF_TOL, vmap_tol=_CF_TOL),
    OpRecord(name="fori_loop", fun=_fori_fun, ref=_fori_ref, primitives=("scan",),
             cases=(Case(((3,), (3,))), Case(((), ()))),
             domain=per_operand(unit), tol=_CF_TOL, vmap_tol=_CF_TOL),
    OpRecord(name="while", fun=_while_fun, ref=_while_ref, order=1,
             cases=(Case(((3,),)), Case(((2, 2),))),
             domain=per_operand(positive), tol=_CF_TOL, vmap_tol=_CF_TOL,
             skips={"vjp": _NO_REVERSE_WHILE, "composed": _NO_REVERSE_WHILE}),
]

# FFT (numjax/_src/lax/fft.py). The harness's inputs, tangents and cotangents are real, so
# complex operands enter as (re, im) pairs and complex results leave as [re | im] along the
# last axis: each record checks the fft primitive through that real-linear embedding.


def _cplx(re, im):
    c = np.complex64 if np.dtype(re.dtype) == np.float32 else np.complex128
    one_j = np.full(np.shape(im), 1j, c)
    return lax.add(lax.convert_element_type(re, c),
                   lax.mul(lax.convert_element_type(im, c), one_j))


def _split(z):
    return lax.concatenate([lax.real(z), lax.imag(z)], z.ndim - 1)


def _np_split(z):
    return np.concatenate([z.real, z.imag], axis=-1)


def _np_cplx(re, im):
    return re + 1j * im.astype(re.dtype) if re.dtype == np.float64 else (
        re.astype(np.complex64) + np.complex64(1j) * im)


def _fft_c2c(typ):
    def fun(re, im, fft_lengths):
        return _split(lax.fft(_cplx(re, im), typ, fft_lengths))

    def ref(re, im, fft_lengths):
        axes = tuple(range(-len(fft_lengths), 0))
        f = np.fft.fftn if typ == "fft" else np.fft.ifftn
        # NumPy < 2 transforms in double precision whatever the input: cast back as JAX keeps it
        return _np_split(f(_np_cplx(re, im), axes=axes)).astype(re.dtype)

    return fun, ref


def _rfft_fun(x, fft_lengths):
    return _split(lax.fft(x, lax.FftType.RFFT, fft_lengths))


def _rfft_ref(x, fft_lengths):
    return _np_split(np.fft.rfftn(x, axes=tuple(range(-len(fft_lengths), 0)))).astype(x.dtype)


def _irfft_fun(re, im, fft_lengths):
    return lax.fft(_cplx(re, im), "IRFFT", fft_lengths)


def _irfft_ref(re, im, fft_lengths):
    axes = tuple(range(-len(fft_lengths), 0))
    return np.fft.irfftn(_np_cplx(re, im), s=fft_lengths, axes=axes).astype(re.dtype)


def _fft_cases(lengths_and_shapes, nargs):
    return tuple(Case((shape,) * nargs, {"fft_lengths": lengths}) for lengths, shape in
                 lengths_and_shapes)


_C2C = (((4,), (3, 4)), ((2, 3), (2, 3)), ((2, 2, 3), (2, 2, 3)))
_FFT_TOL = {"float32": (2e-5, 2e-5), "float64": (1e-12, 1e-12)}
_FFT_COMMON = dict(
    linear=True, domain=per_operand(real), tol=_FFT_TOL, vmap_tol=_FFT_TOL,
    grad_tol=(1e-6, 1e-6),
    skips={"transpose": "the DFT of integer data is not exact in floating point; the transpose "
                        "is checked by vjp's inner-product identity (float64, 1e-6)"})
_CPLX_PRIMS = ("fft", "convert_element_type", "mul", "add", "real", "imag", "concatenate")
_FFT = [
    OpRecord(name="fft", fun=_fft_c2c("fft")[0], ref=_fft_c2c("fft")[1],
             cases=_fft_cases(_C2C, 2), primitives=_CPLX_PRIMS, **_FFT_COMMON),
    OpRecord(name="fft_ifft", fun=_fft_c2c("ifft")[0], ref=_fft_c2c("ifft")[1],
             cases=_fft_cases(_C2C, 2), primitives=_CPLX_PRIMS, **_FFT_COMMON),
    OpRecord(name="fft_rfft", fun=_rfft_fun, ref=_rfft_ref,
             cases=_fft_cases((((4,), (3, 4)), ((3,), (2, 3)), ((2, 3), (2, 3)),
                               ((2, 2, 4), (2, 2, 4))), 1),
             primitives=("fft", "real", "imag", "concatenate"), **_FFT_COMMON),
    OpRecord(name="fft_irfft", fun=_irfft_fun, ref=_irfft_ref,
             cases=_fft_cases((((4,), (3, 3)), ((5,), (2, 3)), ((2, 4), (2, 3)),
                               ((2, 2, 5), (2, 2, 3))), 2),
             primitives=("fft", "convert_element_type", "mul", "add"), **_FFT_COMMON),
]

# Convolutions and windowed reductions (numjax/_src/lax/convolution.py, windowed.py). The
# references loop over output positions and window taps (independent of the im2col impl).


def _conv_specs(dimension_numbers, ndim):
    if dimension_numbers is None:
        return (tuple(range(ndim)),) * 3
    lhs, rhs, out = dimension_numbers
    order = [c for c in rhs if c not in "OI"]
    return ((lhs.index("N"), lhs.index("C"), *(lhs.index(c) for c in order)),
            (rhs.index("O"), rhs.index("I"), *(rhs.index(c) for c in order)),
            (out.index("N"), out.index("C"), *(out.index(c) for c in order)))


def _ref_same_pads(shape, spans, strides, kind):
    if kind == "VALID":
        return [(0, 0)] * len(shape)
    pads = []
    for n, k, s in zip(shape, spans, strides):
        total = max((-(-n // s) - 1) * s + k - n, 0)
        pads.append((total // 2, total - total // 2) if kind == "SAME"
                    else (total - total // 2, total // 2))
    return pads


def _ref_dilate_pad(x, dilation, padding, fill):
    """x (spatial axes only) dilated and padded by explicit per-element placement."""
    dil = [max((n - 1) * d + 1, 0) for n, d in zip(x.shape, dilation)]
    shape = [n + lo + hi for n, (lo, hi) in zip(dil, padding)]
    out = np.full([max(s, 0) for s in shape], fill, dtype=np.float64)
    for idx in itertools.product(*(range(n) for n in x.shape)):
        at = tuple(i * d + lo for i, d, (lo, _) in zip(idx, dilation, padding))
        if all(0 <= a < s for a, s in zip(at, shape)):
            out[at] = x[idx]
    return out


def _ref_conv(lhs, rhs, window_strides, padding, lhs_dilation=None, rhs_dilation=None,
              dimension_numbers=None, feature_group_count=1, batch_group_count=1):
    ls, rs, os_ = _conv_specs(dimension_numbers, lhs.ndim)
    x, w = np.transpose(lhs, ls).astype(np.float64), np.transpose(rhs, rs).astype(np.float64)
    nsp = lhs.ndim - 2
    ld, rd = lhs_dilation or (1,) * nsp, rhs_dilation or (1,) * nsp
    kernel = w.shape[2:]
    if isinstance(padding, str):
        padding = _ref_same_pads(x.shape[2:], [(k - 1) * d + 1 for k, d in zip(kernel, rd)],
                                 window_strides, padding)
    xp = np.stack([np.stack([_ref_dilate_pad(x[n, c], ld, padding, 0.0)
                             for c in range(x.shape[1])]) for n in range(x.shape[0])])
    out_sp = [max(0, (p - (k - 1) * d - 1) // s + 1) for p, k, d, s in
              zip(xp.shape[2:], kernel, rd, window_strides)]
    N, (O, I) = x.shape[0], w.shape[:2]
    B, G = batch_group_count, feature_group_count
    Nb = N // B
    out = np.zeros((Nb, O, *out_sp))
    for n, f in itertools.product(range(Nb), range(O)):
        b, g = f // (O // B), f // (O // G)
        for pos in itertools.product(*(range(s) for s in out_sp)):
            for c, tap in itertools.product(range(I), itertools.product(*map(range, kernel))):
                src = tuple(p * s + t * d for p, s, t, d in zip(pos, window_strides, tap, rd))
                out[(n, f, *pos)] += xp[(b * Nb + n, g * I + c, *src)] * w[(f, c, *tap)]
    return np.transpose(out, np.argsort(os_)).astype(lhs.dtype)


def _ref_reduce_window(op, fill):
    def ref(x, window_dimensions, window_strides, padding, base_dilation=None,
            window_dilation=None):
        bd, wd = base_dilation or (1,) * x.ndim, window_dilation or (1,) * x.ndim
        if isinstance(padding, str):
            padding = _ref_same_pads(x.shape, [(k - 1) * d + 1 for k, d in
                                               zip(window_dimensions, wd)],
                                     window_strides, padding)
        xp = _ref_dilate_pad(x, bd, padding, fill)
        out_shape = [max(0, (p - (k - 1) * d - 1) // s + 1) for p, k, d, s in
                     zip(xp.shape, window_dimensions, wd, window_strides)]
        out = np.empty(out_shape)
        for pos in itertools.product(*map(range, out_shape)):
            acc = fill
            for tap in itertools.product(*map(range, window_dimensions)):
                acc = op(acc, xp[tuple(p * s + t * d for p, s, t, d in
                                       zip(pos, window_strides, tap, wd))])
            out[pos] = acc
        return out.astype(x.dtype)

    return ref


def _distinct(rng, shape, dtype):
    """Distinct values 0.25 apart (no ties inside a window: max/min are smooth there)."""
    n = int(np.prod(shape))
    return ((rng.permutation(n) - n / 2) * 0.25).reshape(shape).astype(dtype)


def _conv_fun(x, w, **params):
    return lax.conv_general_dilated(x, w, **params)


_CONV_VMAP_COST = ("the vmapped axis is folded into N, O or the groups: with both operands "
                   "batched on trailing axes (or with groups) that is a transpose and a reshape "
                   "per operand plus one to split the output, 7 primitives against a budget of "
                   "6; none depends on the batch size (conv is bound once)")
_CONV_TOL = {"tol": _f32_loose(1e-5, 1e-5),
             "vmap_tol": {"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)}}
_WINDOW_CASES = (
    Case(((5,),), {"window_dimensions": (2,), "window_strides": (1,), "padding": "VALID"}),
    Case(((3, 4),), {"window_dimensions": (2, 2), "window_strides": (2, 1), "padding": "SAME"}),
    Case(((3, 4),), {"window_dimensions": (2, 2), "window_strides": (1, 2),
                     "padding": ((1, 0), (0, 1)), "base_dilation": (2, 1),
                     "window_dilation": (1, 2)}, "dilated"),
)


def _window_record(name, computation, init, op, fill, **kw):
    return OpRecord(name=name, fun=lambda x, **p: lax.reduce_window(x, init, computation, **p),
                    ref=_ref_reduce_window(op, fill), cases=_WINDOW_CASES,
                    domain=per_operand(_distinct), tol=_f32_loose(1e-6, 1e-6), **kw)


_CONV_WINDOW = [
    OpRecord(name="conv_general_dilated", fun=_conv_fun, ref=_ref_conv,
             cases=(Case(((2, 2, 5), (3, 2, 2)), {"window_strides": (1,),
                                                  "padding": ((0, 0),)}, "1d"),
                    Case(((1, 2, 4, 4), (2, 2, 2, 3)), {"window_strides": (2, 1),
                                                        "padding": ((1, 0), (1, 1))}, "strided"),
                    Case(((1, 1, 4, 3), (2, 1, 2, 2)),
                         {"window_strides": (1, 1), "padding": ((1, 1), (0, -1)),
                          "lhs_dilation": (2, 1), "rhs_dilation": (1, 2)}, "dilated"),
                    Case(((1, 3, 3, 2), (2, 2, 2, 3)),
                         {"window_strides": (1, 1), "padding": "SAME",
                          "dimension_numbers": ("NHWC", "HWIO", "NHWC")}, "nhwc")),
             domain=per_operand(real), **_CONV_TOL, skips={"vmap_cost": _CONV_VMAP_COST}),
    OpRecord(name="conv_general_dilated_groups", fun=_conv_fun, ref=_ref_conv,
             primitives=("conv_general_dilated",),
             cases=(Case(((2, 4, 5), (4, 2, 3)), {"window_strides": (2,), "padding": ((1, 1),),
                                                  "feature_group_count": 2}, "feature_groups"),
                    Case(((4, 2, 5), (4, 2, 2)), {"window_strides": (1,), "padding": ((0, 1),),
                                                  "batch_group_count": 2}, "batch_groups")),
             domain=per_operand(real), **_CONV_TOL,
             skips={"vmap_cost": _CONV_VMAP_COST}),
    _window_record("reduce_window_sum", lax.add, 0.0, lambda a, b: a + b, 0.0, linear=True),
    _window_record("reduce_window_max", lax.max, -np.inf, max, -np.inf,
                   primitives=("reduce_window_max", "select_and_gather_add",
                               "select_and_scatter_add")),
    _window_record("reduce_window_min", lax.min, np.inf, min, np.inf),
]

# Special functions behind jax.scipy.special only (numjax/_src/lax/special.py, kernels in
# _src/special_extra.py). wofz is complex: checked through the real (re, im) embedding above.


def _order_ints(rng, shape, dtype):
    return rng.integers(0, 5, shape).astype(dtype)


def _ref_bessel_jn(z):
    return scipy.special.jv(np.arange(4).reshape(4, *[1] * z.ndim), z).astype(z.dtype)


_SPECIAL_MORE = [
    OpRecord(name="wofz", fun=lambda re, im: _split(lax_special.wofz(_cplx(re, im))),
             ref=lambda re, im: _np_split(scipy.special.wofz(_np_cplx(re, im))),
             cases=B_SHAPES, domain=per_operand(real, bounded(-1.5, 1.5)), tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="dawsn", fun=lambda x: lax_special.dawsn(x), ref=scipy.special.dawsn,
             cases=U_SHAPES, domain=per_operand(real), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="expi", fun=lambda x: lax_special.expi(x), ref=scipy.special.expi,
             cases=U_SHAPES, domain=per_operand(nonzero), tol=SPECIAL_TOL,
             grad_tol=(1e-5, 1e-5)),
    OpRecord(name="expn", fun=lambda n, x: lax_special.expn(n, x),
             ref=lambda n, x: scipy.special.expn(n.astype(int), x).astype(x.dtype),
             cases=B_SHAPES, domain=per_operand(_order_ints, positive), diff_argnums=(1,),
             tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="sici_si", fun=lambda x: lax_special.sici_si(x),
             ref=lambda x: scipy.special.sici(x)[0], cases=U_SHAPES, domain=per_operand(real),
             tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="sici_ci", fun=lambda x: lax_special.sici_ci(x),
             ref=lambda x: scipy.special.sici(np.abs(x))[1], cases=U_SHAPES,
             domain=per_operand(nonzero), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="fresnel_s", fun=lambda x: lax_special.fresnel_s(x),
             ref=lambda x: scipy.special.fresnel(x)[0], cases=U_SHAPES,
             domain=per_operand(real), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="fresnel_c", fun=lambda x: lax_special.fresnel_c(x),
             ref=lambda x: scipy.special.fresnel(x)[1], cases=U_SHAPES,
             domain=per_operand(real), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="owens_t", fun=lambda h, a: lax_special.owens_t(h, a),
             ref=scipy.special.owens_t, cases=B_SHAPES, domain=per_operand(real),
             tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
    OpRecord(name="bessel_jn", fun=lambda z: lax_special.bessel_jn(z, v=3), ref=_ref_bessel_jn,
             cases=U_SHAPES, domain=per_operand(real), tol=SPECIAL_TOL, grad_tol=(1e-5, 1e-5)),
]

OPS: list[OpRecord] = [*_ELEMENTWISE, *_COMPARE, *_BITS, *_SELECT_CLAMP, *_STRUCTURAL,
                       *_SLICING, *_REDUCTIONS, *_DOT, *_CUMULATIVE, *_RNG, *_INDEXING,
                       *_LINALG, *_CONTROL_FLOW, *_FFT, *_CONV_WINDOW, *_SPECIAL_MORE]

_PENDING = ("pending: added concurrently (indexing/sorting/rng/dynamic-slicing work); "
            "its owner adds one OpRecord here")
# Primitives with no record here, with the reason (checked by test_registry.py).
NO_RECORD: dict[str, str] = {
    "random_gamma": ("a sampler over per-element keys with a data-dependent rejection loop: "
                     "no NumPy reference to compare with; tests/test_random.py checks it "
                     "against JAX's recorded samples, SciPy's gamma (KS), vmap/jit vs eager, "
                     "and its `a`-derivative"),
    **{name: ("collective over a named axis: only meaningful inside vmap(axis_name=...), "
              "which the generic harness cannot supply; tested in tests/test_vmap.py")
       for name in ("psum", "pmax", "pmin", "all_gather", "psum_scatter", "ppermute",
                    "axis_index")},
}

# The rest of jax.lax (numjax/_src/lax/lax_extra.py, rng_bits.py, linear_solve.py).
_LAX_EXTRA = [
    OpRecord(name="complex", fun=lambda x, y: _split(lax.complex(x, y)),
             ref=lambda x, y: _np_split(_np_cplx(x, y)), cases=B_SHAPES, domain=per_operand(real),
             linear=True),
    OpRecord(name="mulhi", fun=lambda x, y: lax.mulhi(x, y),
             ref=lambda x, y: ((x.astype(np.int64) * y.astype(np.int64)) >> 32).astype(x.dtype),
             cases=B_SHAPES, dtypes=("int32",), domain=per_operand(full_range_ints), order=0,
             nondiff_reason="integer result: no tangent space"),
    OpRecord(name="split", fun=lambda x, sizes, axis: lax.concatenate(
                 lax.split(x, sizes, axis)[::-1], axis),
             ref=lambda x, sizes, axis: np.concatenate(
                 np.split(x, np.cumsum(sizes)[:-1], axis)[::-1], axis),
             cases=(Case(((5,),), {"sizes": (2, 0, 3), "axis": 0}, "2-0-3"),
                    Case(((2, 5),), {"sizes": (1, 4), "axis": 1}, "axis1")),
             domain=per_operand(real), linear=True),
    OpRecord(name="tile", fun=lambda x, reps: lax.tile(x, reps),
             ref=lambda x, reps: np.tile(x, reps),
             cases=(Case(((3,),), {"reps": (2,)}), Case(((2, 3),), {"reps": (3, 2)})),
             domain=per_operand(real), linear=True),
    OpRecord(name="stack", fun=lambda x, y, axis: lax.stack([x, y], axis),
             ref=lambda x, y, axis: np.stack([x, y], axis),
             cases=(Case(((3,), (3,)), {"axis": 0}), Case(((2, 3), (2, 3)), {"axis": 2})),
             domain=per_operand(real), linear=True),
    OpRecord(name="unstack", fun=lambda x, axis: lax.concatenate(lax.unstack(x, axis)[::-1], 0),
             ref=lambda x, axis: np.concatenate(list(np.moveaxis(x, axis, 0))[::-1], 0),
             cases=(Case(((3, 2),), {"axis": 0}), Case(((2, 3, 2),), {"axis": 1})),
             domain=per_operand(real), linear=True),
    OpRecord(name="approx_top_k", fun=lambda x, k, is_max: (
                 lax.approx_max_k if is_max else lax.approx_min_k)(x, k)[0],
             ref=lambda x, k, is_max: (-np.sort(-x, -1) if is_max else np.sort(x, -1))[..., :k],
             cases=(Case(((5,),), {"k": 2, "is_max": True}, "max"),
                    Case(((2, 4),), {"k": 3, "is_max": False}, "min")),
             domain=per_operand(real)),
    OpRecord(name="optimization_barrier",
             fun=lambda x, y: lax.mul(*lax.optimization_barrier((x, y))), ref=lambda x, y: x * y,
             cases=B_SHAPES, domain=per_operand(real), primitives=("optimization_barrier", "mul")),
]
OPS += _LAX_EXTRA
NO_RECORD.update({
    "rng_bit_generator": ("random bits from a key: checked against JAX's recorded bits (Philox "
                          "and Threefry, every width, under jit and vmap) in "
                          "tests/test_lax_namespace.py"),
    "rng_uniform": ("stateful random numbers with no reference values (unspecified in JAX "
                    "too): tests/test_lax_namespace.py checks range, shape, dtype, vmap"),
    "custom_linear_solve": ("higher-order primitive whose params are solver callables: tested "
                            "by tests/test_lax_namespace.py (custom_linear_solve, custom_root "
                            "under jvp/grad/vmap/jit) and tests/test_scipy_more_modules.py"),
})

BY_NAME: dict[str, OpRecord] = {r.name: r for r in OPS}
assert len(BY_NAME) == len(OPS), "duplicate record names in op_db"
