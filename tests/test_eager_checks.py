"""lax's elementwise functions accept and refuse dtypes as JAX does, eagerly and when staged.

Eager calls take a fast path that skips abstract evaluation when the operands are plainly
valid; these tests check that the fast path never accepts what staging (and JAX) refuses,
and that both raise JAX's TypeError text.
"""

from __future__ import annotations

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax import lax

DTYPES = ["bool", "int8", "uint32", "int32", "int64", "float16", "bfloat16", "float32", "float64", "complex64", "complex128"]

# lax function -> (operands, dtypes accepted, the TypeError for the first refused one),
# recorded from JAX 0.10.2 with x64 enabled (operands of one dtype, shape (2,)).
JAX_ACCEPTS = {
    'abs': (1, 'int8 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'abs does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating, signedinteger.'),
    'acos': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'acos does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'acosh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'acosh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'add': (2, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'add does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, complexfloating.'),
    'bitwise_and': (2, 'bool int8 uint32 int32 int64',
        'and does not accept dtype float16 at position 0. Accepted dtypes at position 0 are subtypes of integer, bool.'),
    'asin': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'asin does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'asinh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'asinh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'atan': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'atan does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'atanh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'atanh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'bessel_i0e': (1, 'float16 bfloat16 float32 float64',
        'bessel_i0e does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'bessel_i1e': (1, 'float16 bfloat16 float32 float64',
        'bessel_i1e does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'cbrt': (1, 'float16 bfloat16 float32 float64',
        'cbrt does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'ceil': (1, 'float16 bfloat16 float32 float64',
        'ceil does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'clz': (1, 'int8 uint32 int32 int64',
        'clz does not accept dtype bool. Accepted dtypes are subtypes of integer.'),
    'conj': (1, 'float32 float64 complex64 complex128',
        'conj does not accept dtype bool. Accepted dtypes are subtypes of float32, complexfloating, float64.'),
    'cos': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'cos does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'cosh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'cosh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'digamma': (1, 'float16 bfloat16 float32 float64',
        'digamma does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'div': (2, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'div does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, complexfloating.'),
    'eq': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        None),
    'erf': (1, 'float16 bfloat16 float32 float64',
        'erf does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'erf_inv': (1, 'float16 bfloat16 float32 float64',
        'erf_inv does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'erfc': (1, 'float16 bfloat16 float32 float64',
        'erfc does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'exp': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'exp does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'exp2': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'exp2 does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'expm1': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'expm1 does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'floor': (1, 'float16 bfloat16 float32 float64',
        'floor does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'ge': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64',
        'ge does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, bool.'),
    'gt': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64',
        'gt does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, bool.'),
    'imag': (1, 'complex64 complex128',
        'imag does not accept dtype bool. Accepted dtypes are subtypes of complexfloating.'),
    'is_finite': (1, 'float16 bfloat16 float32 float64',
        'is_finite does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'le': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64',
        'le does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, bool.'),
    'lgamma': (1, 'float16 bfloat16 float32 float64',
        'lgamma does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'log': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'log does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'log1p': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'log1p does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'logistic': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'logistic does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'lt': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64',
        'lt does not accept dtype complex64 at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, bool.'),
    'max': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        None),
    'min': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        None),
    'mul': (2, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'mul does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, complexfloating.'),
    'ne': (2, 'bool int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        None),
    'neg': (1, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'neg does not accept dtype bool. Accepted dtypes are subtypes of integer, floating, complexfloating.'),
    'nextafter': (2, 'float16 bfloat16 float32 float64',
        'nextafter does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of floating.'),
    'bitwise_not': (1, 'bool int8 uint32 int32 int64',
        'not does not accept dtype float16. Accepted dtypes are subtypes of integer, bool.'),
    'bitwise_or': (2, 'bool int8 uint32 int32 int64',
        'or does not accept dtype float16 at position 0. Accepted dtypes at position 0 are subtypes of integer, bool.'),
    'population_count': (1, 'int8 uint32 int32 int64',
        'population_count does not accept dtype bool. Accepted dtypes are subtypes of integer.'),
    'pow': (2, 'float16 bfloat16 float32 float64 complex64 complex128',
        'pow does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of floating, complexfloating.'),
    'real': (1, 'complex64 complex128',
        'real does not accept dtype bool. Accepted dtypes are subtypes of complexfloating.'),
    'rem': (2, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64',
        'rem does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating.'),
    'round': (1, 'float16 bfloat16 float32 float64',
        'round does not accept dtype bool. Accepted dtypes are subtypes of floating.'),
    'rsqrt': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'rsqrt does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'shift_left': (2, 'int8 uint32 int32 int64',
        'shift_left does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer.'),
    'shift_right_arithmetic': (2, 'int8 uint32 int32 int64',
        'shift_right_arithmetic does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer.'),
    'shift_right_logical': (2, 'int8 uint32 int32 int64',
        'shift_right_logical does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer.'),
    'sign': (1, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'sign does not accept dtype bool. Accepted dtypes are subtypes of integer, floating, complexfloating.'),
    'sin': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'sin does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'sinh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'sinh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'sqrt': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'sqrt does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'sub': (2, 'int8 uint32 int32 int64 float16 bfloat16 float32 float64 complex64 complex128',
        'sub does not accept dtype bool at position 0. Accepted dtypes at position 0 are subtypes of integer, floating, complexfloating.'),
    'tan': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'tan does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'tanh': (1, 'float16 bfloat16 float32 float64 complex64 complex128',
        'tanh does not accept dtype bool. Accepted dtypes are subtypes of floating, complexfloating.'),
    'bitwise_xor': (2, 'bool int8 uint32 int32 int64',
        'xor does not accept dtype float16 at position 0. Accepted dtypes at position 0 are subtypes of integer, bool.'),
}
# The TypeError for (int32, float32) operands, recorded from JAX 0.10.2.
JAX_MIXED = {
    'add': 'lax.add requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.add is a similar function that does automatic type promotion on inputs).',
    'sub': 'lax.sub requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.subtract is a similar function that does automatic type promotion on inputs).',
    'mul': 'lax.mul requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.multiply is a similar function that does automatic type promotion on inputs).',
    'div': 'lax.div requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.divide is a similar function that does automatic type promotion on inputs).',
    'rem': 'lax.rem requires arguments to have the same dtypes, got int32, float32.',
    'max': 'lax.max requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.maximum is a similar function that does automatic type promotion on inputs).',
    'min': 'lax.min requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.minimum is a similar function that does automatic type promotion on inputs).',
    'eq': 'lax.eq requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.equal is a similar function that does automatic type promotion on inputs).',
    'ne': 'lax.ne requires arguments to have the same dtypes, got int32, float32. (Tip: jnp.not_equal is a similar function that does automatic type promotion on inputs).',
    'lt': 'lax.lt requires arguments to have the same dtypes, got int32, float32.',
    'le': 'lax.le requires arguments to have the same dtypes, got int32, float32.',
    'gt': 'lax.gt requires arguments to have the same dtypes, got int32, float32.',
    'ge': 'lax.ge requires arguments to have the same dtypes, got int32, float32.',
}


def _operands(dtype, n):
    return [jnp.ones(2, dtype) for _ in range(n)]


def _outcome(fn, args):
    try:
        out = fn(*args)
    except TypeError as e:
        return str(e)
    return np.dtype(out.dtype).name


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


@pytest.mark.parametrize("name", sorted(JAX_ACCEPTS))
def test_accepted_dtypes_and_message_as_jax(name, x64):
    nin, accepted, message = JAX_ACCEPTS[name]
    fn = getattr(lax, name)
    refused = [d for d in DTYPES if d not in accepted.split()]
    for dtype in DTYPES:
        eager = _outcome(fn, _operands(dtype, nin))
        staged = _outcome(lambda *a: numjax.eval_shape(fn, *a), _operands(dtype, nin))
        assert eager == staged, (dtype, eager, staged)
        if dtype in accepted.split():
            assert "does not accept" not in eager, (dtype, eager)
        else:
            assert "does not accept" in eager, (dtype, eager)
    if refused:
        assert _outcome(fn, _operands(refused[0], nin)) == message


@pytest.mark.parametrize("name", sorted(JAX_MIXED))
def test_mixed_dtypes_message_as_jax(name):
    args = [jnp.ones(2, "int32"), jnp.ones(2, "float32")]
    fn = getattr(lax, name)
    assert _outcome(fn, args) == JAX_MIXED[name]
    assert _outcome(lambda *a: numjax.eval_shape(fn, *a), args) == JAX_MIXED[name]


def test_numpy_operands_are_canonicalized_eagerly():
    # As JAX: a float64 NumPy array becomes float32 unless x64 is on.
    out = lax.sin(np.ones(2))
    assert out.dtype == np.float32 and not out.weak_type
    assert lax.add(np.ones(2), np.ones(2)).dtype == np.float32


def test_fast_path_keeps_weak_types():
    weak, strong = jnp.asarray(2.0), jnp.ones((), jnp.float32)
    assert weak.weak_type and not strong.weak_type
    assert lax.sin(weak).weak_type and lax.sin(2.0).weak_type
    assert not lax.sin(strong).weak_type
    assert lax.add(weak, weak).weak_type
    assert not lax.add(weak, strong).weak_type and not lax.add(strong, weak).weak_type
    out = lax.lt(weak, weak)  # comparisons are never weak
    assert out.dtype == np.bool_ and not out.weak_type


# (lhs shape, rhs shape, dimension numbers, rhs dtype) -> JAX 0.10.2's TypeError or result dtype.
DOT_GENERAL_CASES = [
    ((2, 3), (3, 5), (((1,), ()), ((), ())), "float32",
     "dot_general requires contracting dimensions to have the same shape, got (3,) and ()."),
    ((2, 3), (3, 5), (((2,), (0,)), ((), ())), "float32",
     ("dot_general requires lhs dimension numbers to be nonnegative and less than the number "
      "of axes of the lhs value, got lhs_batch of () and lhs_contracting of (2,) for lhs of "
      "rank 2")),
    ((2, 3, 4), (3, 4, 5), (((2,), (1,)), ((0,), (0,))), "float32",
     ("dot_general requires lhs batch dimensions and rhs batch dimensions to have the same "
      "shape, got (2,) and (3,).")),
    ((2, 3), (3, 5), (((1,), (0,)), ((0,), ())), "float32",
     ("dot_general requires equal numbers of lhs_batch and rhs_batch dimensions, got "
      "lhs_batch (0,) and rhs_batch ().")),
    ((2, 3), (3, 5), (((1,), (0,)), ((), ())), "int32", "float32"),
    ((2, 3), (3, 5), (((1,), (0,)), ((), ())), "bool", "float32"),
]


@pytest.mark.parametrize("case", DOT_GENERAL_CASES, ids=[c[4][:40] for c in DOT_GENERAL_CASES])
def test_dot_general_checks_as_jax(case):
    lhs, rhs, dn, rhs_dtype, expected = case
    args = [jnp.ones(lhs), jnp.ones(rhs, rhs_dtype)]
    eager = _outcome(lambda a, b: lax.dot_general(a, b, dn), args)
    staged = _outcome(lambda a, b: numjax.eval_shape(lambda a, b: lax.dot_general(a, b, dn),
                                                     a, b), args)
    assert eager == staged == expected


def test_dot_general_mixed_integers_compute_in_the_result_dtype():
    # As JAX: int8 x int32 is int32; preferred_element_type=int32 accumulates in int32.
    out = lax.dot_general(jnp.ones((2, 3), "int8"), jnp.ones((3, 5), "int32"),
                          (((1,), (0,)), ((), ())))
    assert out.dtype == np.int32
    wide = lax.dot_general(jnp.full((1, 300), 100, "int8"), jnp.ones((300, 1), "int8"),
                           (((1,), (0,)), ((), ())), preferred_element_type=jnp.int32)
    assert int(wide[0, 0]) == 30000
