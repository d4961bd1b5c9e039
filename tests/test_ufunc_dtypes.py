"""Every jnp function named like a NumPy ufunc, on complex, mixed and real operands: it
returns the dtype JAX returns or raises the exception type JAX raises (recorded from JAX
0.10.2 by calling each with complex64 [1+2j, -0.5+0.25j, 3-1j] and float32 [1.5, -0.5, 2])."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp

X = np.array([1 + 2j, -0.5 + 0.25j, 3 - 1j], np.complex64)
R = np.array([1.5, -0.5, 2.0], np.float32)

# name operands outcome ("c": complex only, "cr": complex and real, "r": real only)
JAX_OUTCOMES = """
abs c ok float32
abs cr ok float32
abs r ok float32
absolute c ok float32
absolute cr ok float32
absolute r ok float32
acos c ok complex64
acos cr ok complex64
acos r ok float32
acosh c ok complex64
acosh cr ok complex64
acosh r ok float32
add c ok complex64
add cr ok complex64
add r ok float32
arccos c ok complex64
arccos cr ok complex64
arccos r ok float32
arccosh c ok complex64
arccosh cr ok complex64
arccosh r ok float32
arcsin c ok complex64
arcsin cr ok complex64
arcsin r ok float32
arcsinh c ok complex64
arcsinh cr ok complex64
arcsinh r ok float32
arctan c ok complex64
arctan cr ok complex64
arctan r ok float32
arctan2 c ok complex64
arctan2 cr ok complex64
arctan2 r ok float32
arctanh c ok complex64
arctanh cr ok complex64
arctanh r ok float32
asin c ok complex64
asin cr ok complex64
asin r ok float32
asinh c ok complex64
asinh cr ok complex64
asinh r ok float32
atan c ok complex64
atan cr ok complex64
atan r ok float32
atan2 c ok complex64
atan2 cr ok complex64
atan2 r ok float32
atanh c ok complex64
atanh cr ok complex64
atanh r ok float32
bitwise_and c ERR TypeError
bitwise_and cr ERR TypeError
bitwise_and r ERR TypeError
bitwise_count c ERR TypeError
bitwise_count cr ERR TypeError
bitwise_count r ERR TypeError
bitwise_invert c ERR TypeError
bitwise_invert cr ERR TypeError
bitwise_invert r ERR TypeError
bitwise_left_shift c ERR TypeError
bitwise_left_shift cr ERR TypeError
bitwise_left_shift r ERR TypeError
bitwise_not c ERR TypeError
bitwise_not cr ERR TypeError
bitwise_not r ERR TypeError
bitwise_or c ERR TypeError
bitwise_or cr ERR TypeError
bitwise_or r ERR TypeError
bitwise_right_shift c ERR TypeError
bitwise_right_shift cr ERR TypeError
bitwise_right_shift r ERR TypeError
bitwise_xor c ERR TypeError
bitwise_xor cr ERR TypeError
bitwise_xor r ERR TypeError
cbrt c ERR TypeError
cbrt cr ERR TypeError
cbrt r ok float32
ceil c ERR TypeError
ceil cr ERR TypeError
ceil r ok float32
conj c ok complex64
conj cr ok complex64
conj r ok float32
conjugate c ok complex64
conjugate cr ok complex64
conjugate r ok float32
copysign c ERR TypeError
copysign cr ERR TypeError
copysign r ok float32
cos c ok complex64
cos cr ok complex64
cos r ok float32
cosh c ok complex64
cosh cr ok complex64
cosh r ok float32
deg2rad c ok complex64
deg2rad cr ok complex64
deg2rad r ok float32
degrees c ok complex64
degrees cr ok complex64
degrees r ok float32
divide c ok complex64
divide cr ok complex64
divide r ok float32
divmod c ERR TypeError
divmod cr ERR TypeError
divmod r ok float32,float32
equal c ok bool
equal cr ok bool
equal r ok bool
exp c ok complex64
exp cr ok complex64
exp r ok float32
exp2 c ok complex64
exp2 cr ok complex64
exp2 r ok float32
expm1 c ok complex64
expm1 cr ok complex64
expm1 r ok float32
fabs c ERR TypeError
fabs cr ERR TypeError
fabs r ok float32
float_power c ok complex64
float_power cr ok complex64
float_power r ok float32
floor c ERR TypeError
floor cr ERR TypeError
floor r ok float32
floor_divide c ERR TypeError
floor_divide cr ERR TypeError
floor_divide r ok float32
fmax c ok complex64
fmax cr ok complex64
fmax r ok float32
fmin c ok complex64
fmin cr ok complex64
fmin r ok float32
fmod c ERR TypeError
fmod cr ERR TypeError
fmod r ok float32
frexp c ERR TypeError
frexp cr ERR TypeError
frexp r ok float32,int32
gcd c ERR ValueError
gcd cr ERR ValueError
gcd r ERR ValueError
greater c ok bool
greater cr ok bool
greater r ok bool
greater_equal c ok bool
greater_equal cr ok bool
greater_equal r ok bool
heaviside c ERR TypeError
heaviside cr ERR TypeError
heaviside r ok float32
hypot c ERR ValueError
hypot cr ERR ValueError
hypot r ok float32
invert c ERR TypeError
invert cr ERR TypeError
invert r ERR TypeError
isfinite c ok bool
isfinite cr ok bool
isfinite r ok bool
isinf c ok bool
isinf cr ok bool
isinf r ok bool
isnan c ok bool
isnan cr ok bool
isnan r ok bool
lcm c ERR ValueError
lcm cr ERR ValueError
lcm r ERR ValueError
ldexp c ERR ValueError
ldexp cr ERR ValueError
ldexp r ERR ValueError
left_shift c ERR TypeError
left_shift cr ERR TypeError
left_shift r ERR TypeError
less c ok bool
less cr ok bool
less r ok bool
less_equal c ok bool
less_equal cr ok bool
less_equal r ok bool
log c ok complex64
log cr ok complex64
log r ok float32
log10 c ok complex64
log10 cr ok complex64
log10 r ok float32
log1p c ok complex64
log1p cr ok complex64
log1p r ok float32
log2 c ok complex64
log2 cr ok complex64
log2 r ok float32
logaddexp c ok complex64
logaddexp cr ok complex64
logaddexp r ok float32
logaddexp2 c ok complex64
logaddexp2 cr ok complex64
logaddexp2 r ok float32
logical_and c ok bool
logical_and cr ok bool
logical_and r ok bool
logical_not c ok bool
logical_not cr ok bool
logical_not r ok bool
logical_or c ok bool
logical_or cr ok bool
logical_or r ok bool
logical_xor c ok bool
logical_xor cr ok bool
logical_xor r ok bool
matmul c ok complex64
matmul cr ok complex64
matmul r ok float32
matvec c ERR ValueError
matvec cr ERR ValueError
matvec r ERR ValueError
maximum c ok complex64
maximum cr ok complex64
maximum r ok float32
minimum c ok complex64
minimum cr ok complex64
minimum r ok float32
mod c ERR TypeError
mod cr ERR TypeError
mod r ok float32
modf c ERR TypeError
modf cr ERR TypeError
modf r ok float32,float32
multiply c ok complex64
multiply cr ok complex64
multiply r ok float32
negative c ok complex64
negative cr ok complex64
negative r ok float32
nextafter c ERR TypeError
nextafter cr ERR TypeError
nextafter r ok float32
not_equal c ok bool
not_equal cr ok bool
not_equal r ok bool
positive c ok complex64
positive cr ok complex64
positive r ok float32
pow c ok complex64
pow cr ok complex64
pow r ok float32
power c ok complex64
power cr ok complex64
power r ok float32
rad2deg c ok complex64
rad2deg cr ok complex64
rad2deg r ok float32
radians c ok complex64
radians cr ok complex64
radians r ok float32
reciprocal c ok complex64
reciprocal cr ok complex64
reciprocal r ok float32
remainder c ERR TypeError
remainder cr ERR TypeError
remainder r ok float32
right_shift c ERR TypeError
right_shift cr ERR TypeError
right_shift r ERR TypeError
rint c ok complex64
rint cr ok complex64
rint r ok float32
sign c ok complex64
sign cr ok complex64
sign r ok float32
signbit c ERR ValueError
signbit cr ERR ValueError
signbit r ok bool
sin c ok complex64
sin cr ok complex64
sin r ok float32
sinh c ok complex64
sinh cr ok complex64
sinh r ok float32
spacing c ERR ValueError
spacing cr ERR ValueError
spacing r ok float32
sqrt c ok complex64
sqrt cr ok complex64
sqrt r ok float32
square c ok complex64
square cr ok complex64
square r ok float32
subtract c ok complex64
subtract cr ok complex64
subtract r ok float32
tan c ok complex64
tan cr ok complex64
tan r ok float32
tanh c ok complex64
tanh cr ok complex64
tanh r ok float32
true_divide c ok complex64
true_divide cr ok complex64
true_divide r ok float32
trunc c ERR TypeError
trunc cr ERR TypeError
trunc r ok float32
vecdot c ok complex64
vecdot cr ok complex64
vecdot r ok float32
vecmat c ERR ValueError
vecmat cr ERR ValueError
vecmat r ERR ValueError
"""
CASES = [line.split(" ", 2) for line in JAX_OUTCOMES.strip().splitlines()]


@pytest.mark.parametrize("name,label,expected", CASES, ids=[f"{n}-{lab}" for n, lab, _ in CASES])
def test_outcome_as_jax(name, label, expected):
    fn = getattr(jnp, name)
    nin = sum(p.default is p.empty for p in inspect.signature(fn).parameters.values())
    args = {"c": [X] * nin, "cr": [X, R][:nin], "r": [R] * nin}[label]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn(*args)
        out = out if isinstance(out, tuple) else (out,)
        got = "ok " + ",".join(str(np.asarray(o).dtype) for o in out)
    except Exception as e:  # noqa: BLE001 - the exception type is what is compared
        got = "ERR " + type(e).__name__
    assert got == expected


OPERANDS = {"c": X, "f": R, "i": np.array([3, -2, 5], np.int32),
            "b": np.array([True, False, True]), "u": np.array([3, 2, 5], np.uint8)}


def _run(fn, args):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = fn(*args)
    except Exception as e:  # noqa: BLE001 - the exception type is what is compared
        return type(e).__name__
    return [np.asarray(o) for o in (out if isinstance(out, tuple) else (out,))]


@pytest.mark.parametrize("name", sorted({n for n, _, _ in CASES}))
def test_jit_equals_eager(name):
    """Every ufunc-like function gives the same values, dtypes and exceptions under jit as
    eagerly, for every operand kind (eager checks must not let through what staging refuses)."""
    fn = getattr(jnp, name)
    nin = sum(p.default is p.empty for p in inspect.signature(fn).parameters.values())
    for kind, value in OPERANDS.items():
        eager, jitted = _run(fn, [value] * nin), _run(numjax.jit(fn), [value] * nin)
        if isinstance(eager, str) or isinstance(jitted, str):
            assert eager == jitted, (kind, eager, jitted)
            continue
        for a, b in zip(eager, jitted, strict=True):
            assert a.dtype == b.dtype, (kind, a.dtype, b.dtype)
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6, err_msg=kind)


def test_frexp_as_numpy_under_jit():
    x = np.array([0.0, -0.0, 1.5, -3, 1e-40, np.inf, -np.inf, np.nan, 8.0, 3.4e38, 1e-38],
                 np.float32)
    for m, e in (jnp.frexp(x), numjax.jit(jnp.frexp)(x)):
        nm, ne = np.frexp(x)
        np.testing.assert_array_equal(np.asarray(m), nm)
        np.testing.assert_array_equal(np.asarray(e), ne)
    assert float(numjax.grad(lambda v: jnp.frexp(v)[0])(3.0)) == 0.25
