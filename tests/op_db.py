"""THE table of lax operations: one record per operation, read by tests/test_ops.py and
tests/test_registry.py. Adding a primitive is adding one `OpRecord` to `OPS`.

A record names the lax-level function (`fun(*operands, **params)`), its NumPy reference,
cases (operand shapes plus params), dtypes, an input domain (generators, seeded by the
harness), which operands are differentiated and to what order, which are linear, tolerances,
written skips (check -> reason) and known bugs (`XFail`, run as strict xfails).

Checks named in skips/xfails: fwd, shape, jit, jvp, vjp, grad2, vmap, transpose, composed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import scipy.special

from numjax import lax

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
BUG_IMAG = ("BUG: imag_p accepts real floats (JAX's lax.imag requires complex) and its "
            "transpose builds full_like(ct, -1j, <real dtype>) -> TypeError: float() argument "
            "must be ... not 'complex' (repro: jax.vjp(lax.imag, np.ones(3))[1](np.ones(3)))")
BUG_CLAMP = ("BUG: clamp_p has no JVP for its min/max operands (defjvp(clamp_p, None, "
             "_clamp_jvp_x, None)): where x is clamped, d out/d bound = 1 but numjax gives 0 "
             "(repro: jax.jvp(lambda hi: lax.clamp(-1., 2., hi), (1.,), (1.,)) gives 0.0)")
BUG_DOT_LITERAL = ("BUG: dot_general transpose rules call .ndim on the other operand, which is "
                   "a Python float when it is a staged 0-d Literal: second-order reverse mode "
                   "of a vector dot crashes with AttributeError: 'float' object has no "
                   "attribute 'ndim' (repro: f=lambda x,y: lax.dot_general(x,y,(((0,),(0,)),"
                   "((),()))); g=lambda x,y: tuple(jax.vjp(f,x,y)[1](2.0)); "
                   "jax.vjp(g, x, y)[1]((x, y)) with x=y=np.ones(3) under x64)")
BUG_REDUCE_PROD = ("BUG: reduce_prod_p JVP (_reduce_prod_jvp) builds the exclusive suffix "
                   "product as cumprod(concatenate([ones, x[1:]]), reverse=True), which is the "
                   "inclusive suffix shifted wrong; it should be concatenate([x[1:], ones]) "
                   "(repro: jax.jvp(lambda x: lax.reduce_prod(x, (0,)), ([2.,3.,5.],), "
                   "([0.,1.,0.],)) gives 30, expected 10)")
BUG_PAD_BATCH = ("BUG: pad_p batching rule raises NotImplementedError('pad with a batched "
                 "padding value') when padding_value is mapped (JAX supports it) (repro: "
                 "jax.vmap(lambda x, v: lax.pad(x, v, ((1, 2, 0),)))(np.ones((2, 3)), "
                 "np.ones(2)))")


def xfail_checks(reason, *checks, when=None):
    return tuple(XFail(c, reason, when) for c in checks)


ALL_CHECKS = ("fwd", "shape", "jit", "jvp", "vjp", "grad2", "vmap", "transpose", "composed")
REV_CHECKS = ("vjp", "grad2", "transpose", "composed")

NONDIFF_CMP = "comparison/bitwise output is boolean or integer: no tangent space"
ZERO_DERIV = "piecewise constant: zero derivative checked by jvp/vjp away from jumps"

# Shapes shared by most elementwise records.
U_SHAPES = (Case(((3,),)), Case(((2, 3),)))
B_SHAPES = (Case(((3,), (3,))), Case(((2, 3), (2, 3))))


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
    # Complex parts on real operands (numjax has no complex inputs in this table yet).
    unary("real", np.real, linear=True),
    unary("imag", np.imag, linear=True, xfails=xfail_checks(BUG_IMAG, *REV_CHECKS)),
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
             domain=_clamp_domain, vmap_axes=_SELECT_AXES_3,
             xfails=xfail_checks(BUG_CLAMP, "jvp", "grad2")),
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
             domain=_pad_domain, linear=True,
             xfails=(XFail("vmap", BUG_PAD_BATCH, when=lambda d, c, ax: ax[1] is not None),
                     XFail("composed", BUG_PAD_BATCH))),
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
    _reduction("reduce_prod", _ref_reduce(lambda d: np.multiply), domain=nonzero,
               xfails=xfail_checks(BUG_REDUCE_PROD, "jvp", "grad2",
                                   when=lambda d, case, ax: case.params["axes"] != ())),
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

def _scalar_out(dtype, case, in_axes):
    return case.shapes == ((3,), (3,))


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
             vmap_tol={"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)},
             xfails=xfail_checks(BUG_DOT_LITERAL, "grad2", when=_scalar_out)),
    OpRecord(name="dot", fun=lambda x, y: lax.dot(x, y), ref=np.dot, primitives=("dot_general",),
             cases=(Case(((3,), (3,))), Case(((2, 3), (3,))), Case(((2, 3), (3, 2)))),
             domain=per_operand(real), tol=_f32_loose(1e-5, 1e-5),
             vmap_tol={"float32": (1e-5, 1e-6), "float64": (1e-12, 1e-12)},
             xfails=xfail_checks(BUG_DOT_LITERAL, "grad2", when=_scalar_out)),
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

OPS: list[OpRecord] = [*_ELEMENTWISE, *_COMPARE, *_BITS, *_SELECT_CLAMP, *_STRUCTURAL,
                       *_SLICING, *_REDUCTIONS, *_DOT, *_CUMULATIVE]

_PENDING = ("pending: added concurrently (indexing/sorting/rng/dynamic-slicing work); "
            "its owner adds one OpRecord here")
# Primitives with no record here, with the reason (checked by test_registry.py).
NO_RECORD: dict[str, str] = {
    **{name: _PENDING for name in (
        "bitcast_convert_type", "dynamic_slice", "dynamic_update_slice", "gather",
        "random_fma", "random_gamma", "reduce_precision", "scatter", "scatter_add",
        "scatter_max", "scatter_min", "scatter_mul", "sort", "sort_key_val", "stop_gradient",
        "threefry2x32", "top_k")},
}

BY_NAME: dict[str, OpRecord] = {r.name: r for r in OPS}
assert len(BY_NAME) == len(OPS), "duplicate record names in op_db"
