"""Convolutions, windowed reductions and stax's CNN layers (numjax/_src/lax/convolution.py,
windowed.py, numjax/example_libraries/stax.py).

Values are checked against SciPy and direct loops (tests/op_db.py's references); numbers,
shapes, jaxprs and error messages marked "JAX" were recorded from JAX 0.10.2. Every lax rule
is also run by tests/test_ops.py through the op_db records.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
from op_db import _ref_conv

import numjax
import numjax.numpy as jnp
from numjax import lax
from numjax.example_libraries import stax


def _checksum(a):
    """A position-sensitive summary, computed the same way on JAX's outputs when recorded."""
    a = np.asarray(a, np.float64)
    w = (np.arange(a.size) % 7 - 3).reshape(a.shape)
    return float(np.round((a * w).sum(), 3))


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


# ---------------------------------------------------------------------------------------------
# Values


def test_conv_matches_scipy_correlate():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 7, 6))
    w = rng.standard_normal((4, 3, 3, 2))
    out = lax.conv_general_dilated(x.astype(np.float32), w.astype(np.float32), (1, 1), "VALID")
    expected = np.stack([np.stack([sum(scipy.signal.correlate(x[n, c], w[o, c], "valid")
                                       for c in range(3)) for o in range(4)])
                         for n in range(2)])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_conv_1d_full_padding_matches_scipy():
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal(9), rng.standard_normal(4)
    out = lax.conv(x[None, None].astype(np.float32), w[None, None].astype(np.float32), (1,),
                   ((3, 3),))
    np.testing.assert_allclose(out[0, 0], scipy.signal.correlate(x, w, "full"), rtol=1e-5,
                               atol=1e-5)


@pytest.mark.parametrize("params", [
    {"window_strides": (2, 1), "padding": "SAME"},
    {"window_strides": (1, 2), "padding": ((2, -1), (0, 1)), "lhs_dilation": (1, 2),
     "rhs_dilation": (2, 1)},
    {"window_strides": (1, 1), "padding": "SAME_LOWER", "rhs_dilation": (2, 2)},
], ids=["same", "dilated", "same_lower"])
def test_conv_nhwc_matches_loops(params):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 5, 6, 3)).astype(np.float32)
    w = rng.standard_normal((3, 2, 3, 4)).astype(np.float32)
    dn = ("NHWC", "HWIO", "NHWC")
    out = lax.conv_general_dilated(x, w, dimension_numbers=dn, **params)
    np.testing.assert_allclose(out, _ref_conv(x, w, dimension_numbers=dn, **params),
                               rtol=1e-5, atol=1e-5)


def test_conv_3d_matches_loops():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 4, 5, 3, 2)).astype(np.float32)
    w = rng.standard_normal((3, 2, 2, 2, 3)).astype(np.float32)
    params = {"window_strides": (2, 1, 1), "padding": "SAME", "rhs_dilation": (1, 2, 1),
              "dimension_numbers": ("NHWDC", "HWDIO", "NHWDC")}
    np.testing.assert_allclose(lax.conv_general_dilated(x, w, **params),
                               _ref_conv(x, w, **params), rtol=1e-5, atol=1e-5)
    assert lax.conv_transpose(x, w, (2, 1, 2), "SAME").shape == (2, 8, 5, 6, 3)  # JAX


def test_conv_integer_and_preferred_element_type():
    x = np.arange(24, dtype=np.int8).reshape(1, 2, 3, 4)
    w = np.ones((2, 2, 2, 2), np.int8)
    out = lax.conv(x, w, (1, 1), "VALID", preferred_element_type=np.int32)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, _ref_conv(x.astype(np.int32), w.astype(np.int32),
                                                 (1, 1), ((0, 0), (0, 0))))


# Transposed convolution: JAX's paddings per (kernel, stride, padding), recorded.
_JAX_TRANSPOSE_PADS = {(1, 2, "SAME"): (0, 1), (2, 1, "SAME"): (1, 0), (2, 1, "VALID"): (1, 1),
                       (3, 2, "SAME"): (2, 1), (3, 2, "VALID"): (2, 2), (4, 3, "SAME"): (3, 2),
                       (4, 3, "VALID"): (3, 3), (5, 2, "SAME"): (3, 2), (2, 3, "VALID"): (1, 2)}


@pytest.mark.parametrize("key", sorted(_JAX_TRANSPOSE_PADS))
def test_conv_transpose_padding_as_jax(key):
    k, s, padding = key
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 7, 1)).astype(np.float32)
    w = rng.standard_normal((k, 1, 2)).astype(np.float32)
    out = lax.conv_transpose(x, w, (s,), padding)
    expected = _ref_conv(x, w, (1,), (_JAX_TRANSPOSE_PADS[key],), lhs_dilation=(s,),
                         dimension_numbers=("NHC", "HIO", "NHC"))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_conv_transpose_and_same_lower_as_jax():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((2, 5, 5, 3)).astype(np.float32)
    k = rng.standard_normal((3, 3, 3, 4)).astype(np.float32)
    got = {
        "same": lax.conv_transpose(a, k, (2, 2), "SAME"),
        "valid_tk": lax.conv_transpose(a, k[:, :, :, :3], (2, 2), "VALID",
                                       transpose_kernel=True),
        "pairs_dil": lax.conv_transpose(a, k, (2, 1), ((1, 2), (0, 1)), rhs_dilation=(1, 2)),
        "same_lower": lax.conv_general_dilated(a, k, (2, 1), "SAME_LOWER", rhs_dilation=(1, 2),
                                               dimension_numbers=("NHWC", "HWIO", "NHWC")),
    }
    jax_values = {"same": 35.953, "valid_tk": 384.552, "pairs_dil": 26.756,
                  "same_lower": 104.8}  # JAX
    for name, value in jax_values.items():
        assert _checksum(got[name]) == pytest.approx(value, abs=2e-3), name


def test_conv_general_dilated_patches_as_jax():
    x = jnp.arange(36, dtype=jnp.float32).reshape(2, 2, 3, 3)
    p = lax.conv_general_dilated_patches(x, (2, 2), (1, 1), "VALID")
    assert p.shape == (2, 8, 2, 2)  # JAX
    np.testing.assert_array_equal(p[0, :, 0, 0], [0, 1, 3, 4, 9, 10, 12, 13])  # JAX
    q = lax.conv_general_dilated_patches(jnp.transpose(x, (0, 2, 3, 1)), (2, 2), (1, 1),
                                         "VALID", dimension_numbers=("NHWC", "OIHW", "NHWC"))
    np.testing.assert_array_equal(q, jnp.transpose(p, (0, 2, 3, 1)))


def test_reduce_window_values_as_jax():
    rng = np.random.default_rng(0)
    rng.standard_normal((2, 5, 5, 3))
    rng.standard_normal((3, 3, 3, 4))
    y = rng.standard_normal((4, 5)).astype(np.float32)
    got = {
        "max_dil": lax.reduce_window(y, -np.inf, lax.max, (3, 2), (2, 1), "SAME",
                                     base_dilation=(2, 1), window_dilation=(1, 2)),
        "min_pairs": lax.reduce_window(y, np.inf, lax.min, (3, 2), (2, 1), ((1, 2), (-1, 1)),
                                       base_dilation=(1, 2), window_dilation=(2, 1)),
        "grad_max_dil": numjax.grad(lambda y: (lax.reduce_window(
            y, -np.inf, lax.max, (2, 2), (2, 2), "SAME", base_dilation=(2, 1)) ** 2).sum())(y),
        "mul": lax.reduce_window(y, 1.0, lax.mul, (2, 2), (1, 1), "SAME"),
    }
    pair = lax.reduce_window((y, y), (0.0, -np.inf),
                             lambda a, b: (a[0] + b[0], lax.max(a[1], b[1])), (2, 3), (1, 2),
                             "VALID")
    jax_values = {"max_dil": -2.811, "min_pairs": 6.643, "grad_max_dil": -1.728,
                  "mul": -1.425}  # JAX
    for name, value in jax_values.items():
        assert _checksum(got[name]) == pytest.approx(value, abs=2e-3), name
    assert [_checksum(v) for v in pair] == pytest.approx([2.641, -3.061], abs=2e-3)  # JAX


def test_reduce_window_init_value_participates():
    # XLA folds the init value into every window: sum + 1 when init is 1.
    out = lax.reduce_window(jnp.arange(4.0), 1.0, lax.add, (2,), (1,), "VALID")
    np.testing.assert_array_equal(out, [2.0, 4.0, 6.0])


def test_max_pool_ties_pick_the_first_element_as_jax():
    x = jnp.array([1.0, 2.0, 2.0, 1.0, 3.0, 3.0])

    def max2(x):
        return lax.reduce_window(x, -jnp.inf, lax.max, (2,), (1,), "VALID")

    np.testing.assert_array_equal(numjax.grad(lambda x: max2(x).sum())(x),
                                  [0, 2, 1, 0, 2, 0])  # JAX
    np.testing.assert_array_equal(
        numjax.grad(lambda x: lax.reduce_window(x, jnp.inf, lax.min, (3,), (1,),
                                                "SAME").sum())(x), [2, 0, 0, 3, 1, 0])  # JAX
    _, t = numjax.jvp(max2, (x,), (jnp.arange(6.0),))
    np.testing.assert_array_equal(t, [1, 1, 2, 4, 4])  # JAX
    np.testing.assert_array_equal(
        numjax.grad(lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (2, 2), (1, 1),
                                                "VALID").sum())(jnp.ones((2, 2))),
        [[1, 0], [0, 0]])  # JAX


def test_generic_reduce_window_derivatives(x64):
    from numjax._src import test_util as tu

    rng = np.random.default_rng(4)
    x = rng.uniform(0.5, 2.0, (3, 4))

    def f(x):
        return lax.reduce_window(x, 1.0, lax.mul, (2, 2), (1, 2), "SAME")

    tu.check_grads(f, [x], order=2)
    tu.check_vmap(f, [np.stack([x, 2 * x])], (0,), rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# Printing and errors (strings recorded from JAX)

_JAX_CONV_JAXPR = """\
{ lambda ; a:f32[2,3,5,5] b:f32[4,3,3,3]. let
    c:f32[2,4,5,5] = conv_general_dilated[
      batch_group_count=1
      dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(0, 1, 2, 3), out_spec=(0, 1, 2, 3))
      feature_group_count=1
      lhs_dilation=(1, 1)
      out_sharding=None
      padding=((1, 1), (1, 1))
      precision=None
      preferred_element_type=None
      rhs_dilation=(1, 1)
      window_strides=(1, 1)
    ] a b
  in (c,) }"""

_JAX_POOL_JAXPR = """\
{ lambda ; a:f32[2,3,5,5]. let
    b:f32[2,3,2,2] = reduce_window_max[
      base_dilation=(1, 1, 1, 1)
      padding=((0, 0), (0, 0), (0, 0), (0, 0))
      window_dilation=(1, 1, 1, 1)
      window_dimensions=(1, 1, 2, 2)
      window_strides=(1, 1, 2, 2)
    ] a
  in (b,) }"""


def test_jaxprs_print_as_jax():
    x, w = jnp.ones((2, 3, 5, 5)), jnp.ones((4, 3, 3, 3))
    conv = numjax.make_jaxpr(lambda x, w: lax.conv_general_dilated(x, w, (1, 1), "SAME"))
    assert str(conv(x, w)) == _JAX_CONV_JAXPR
    pool = numjax.make_jaxpr(lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, 2, 2),
                                                         (1, 1, 2, 2), "VALID"))
    assert str(pool(x)) == _JAX_POOL_JAXPR


def _err(call, error, *parts):
    return call, error, "".join(parts)


_X, _W = np.ones((2, 3, 5, 5), np.float32), np.ones((4, 3, 3, 3), np.float32)
_CONV = lax.conv_general_dilated
_JAX_ERRORS = [  # (call, JAX's error type, JAX's message in parts)
    _err(lambda: _CONV(_X, np.ones((4, 2, 3, 3), np.float32), (1, 1), "VALID"), ValueError,
     "conv_general_dilated lhs feature dimension size divided by feature_group_count must ",
     "equal the rhs input feature dimension size, but 3 // 1 != 2."),
    _err(lambda: _CONV(_X, _W, (1,), "VALID"), ValueError,
     "conv_general_dilated window and window_strides must have the same number of dimensions, ",
     "but got 2 and 1"),
    _err(lambda: _CONV(_X, _W, (1, 1), "FOO"), RuntimeError,
     "Unrecognized padding type: expected 'VALID', 'SAME', or 'SAME_LOWER', got FOO."),
    _err(lambda: _CONV(_X, _W, (1, 1), ((0, 0),)), TypeError,
     "Wrong number of explicit pads for convolution: expected 2, got 1."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", rhs_dilation=(0, 1)), TypeError,
     "All dilations must be positive, got (0, 1)."),
    _err(lambda: _CONV(_X, _W, (1, 1), "SAME", lhs_dilation=(2, 2)), ValueError,
     "String padding is not implemented for transposed convolution using this op. Please ",
     "either exactly specify the required padding or use conv_transpose."),
    _err(lambda: _CONV(_X, np.ones((4, 3, 3), np.float32), (1, 1), "VALID"), TypeError,
     "convolution requires lhs and rhs ndim to be equal, got 4 and 3."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", feature_group_count=2), ValueError,
     "conv_general_dilated feature_group_count must divide lhs feature dimension size, but 2 ",
     "does not divide 3."),
    _err(lambda: _CONV(_X, np.ones((4, 1, 3, 3), np.float32), (1, 1), "VALID",
                   feature_group_count=3), ValueError,
     "conv_general_dilated rhs output feature dimension size must be a multiple of ",
     "feature_group_count, but 4 is not a multiple of 3."),
    _err(lambda: _CONV(np.ones((3, 3, 5, 5), np.float32), _W, (1, 1), "VALID",
                   batch_group_count=2), ValueError,
     "conv_general_dilated batch_group_count must divide lhs batch dimension size, but 2 does ",
     "not divide 3."),
    _err(lambda: _CONV(_X, np.ones((3, 3, 3, 3), np.float32), (1, 1), "VALID",
                   batch_group_count=2), ValueError,
     "conv_general_dilated rhs output feature dimension size must be a multiple of ",
     "batch_group_count, but 3 is not a multiple of 2."),
    _err(lambda: _CONV(np.ones((4, 3, 5, 5), np.float32), np.ones((6, 1, 3, 3), np.float32),
                   (1, 1), "VALID", batch_group_count=2, feature_group_count=3), ValueError,
     "At most one of batch_group_count and feature_group_count may be > 1, got ",
     "batch_group_count=2 and feature_group_count=3"),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", feature_group_count=0), ValueError,
     "conv_general_dilated feature_group_count must be a positive integer, got 0."),
    _err(lambda: _CONV(_X, _W.astype(np.int32), (1, 1), "VALID"), TypeError,
     "lax.conv_general_dilated requires arguments to have the same dtypes, got float32, ",
     "int32."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", dimension_numbers=("NCHW", "OIHW")), TypeError,
     "convolution dimension_numbers list/tuple must be length 3, got 2."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", dimension_numbers=("NCHW", "OIHW", "NCHX")),
     TypeError, "convolution dimension_numbers elements must each have the same set of ",
     "spatial characters, got ('NCHW', 'OIHW', 'NCHX')."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", dimension_numbers=("NCH", "OIHW", "NCHW")),
     TypeError, "convolution dimension_numbers[0] must have len equal to the ndim of lhs and ",
     "rhs, got 3 for lhs and rhs shapes (2, 3, 5, 5) and (4, 3, 3, 3)."),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", dimension_numbers=((0, 1, 2, 3),) * 3), TypeError,
     "convolution dimension_numbers elements must be strings, got (<class 'tuple'>, ",
     "<class 'tuple'>, <class 'tuple'>)."),
    _err(lambda: _CONV(_X, _W, (1, 1), ((1, 1), (1, 1, 1))), ValueError,
     "padding argument to conv_general_dilated should be a string or a sequence of (low, ",
     "high) pairs, got ((1, 1), (1, 1, 1))"),
    _err(lambda: _CONV(_X, _W, (1, 1), "VALID", preferred_element_type=np.float16), TypeError,
     "`preferred_element_type` must not be narrower than the original type."),
    _err(lambda: lax.conv_transpose(np.ones((2, 5, 5, 5, 3, 1)), np.ones((3, 3, 3, 3, 4, 1)),
                                (2, 2, 1, 1), "VALID"), ValueError,
     "No 4+ dimensional dimension_number defaults."),
    _err(lambda: lax.reduce_window(np.ones((4, 5)), 0.0, lax.add, (2,), (1, 1), "VALID"),
     TypeError, "reduce_window got the wrong number of window_dimensions for operand: got ",
     "operand shape (4, 5) with window_dimensions (2,)."),
    _err(lambda: lax.reduce_window(np.ones((4, 5)), 0.0, lax.add, (2, 2), (1,), "VALID"),
     TypeError, "reduce_window got inconsistent window_strides and window_dimensions: got ",
     "window_strides (1,) and window_dimensions (2, 2)."),
    _err(lambda: lax.reduce_window(np.ones((4, 5)), 0.0, lax.add, (0, 2), (1, 1), "VALID"),
     TypeError, "reduce_window window_dimensions must have every element be strictly ",
     "positive, got (0, 2)."),
    _err(lambda: lax.reduce_window(np.ones((4, 5)), 0.0, lax.add, (2, 2), (0, 1), "VALID"),
     TypeError, "reduce_window window_strides must have every element be strictly positive, ",
     "got (0, 1)."),
    _err(lambda: lax.reduce_window(np.ones((4, 5)), 0.0, lax.max, (2, 2), (1, 1), "VALID",
                               window_dilation=(0, 1)), TypeError,
     "All dilations must be positive, got (0, 1)."),
]


@pytest.mark.parametrize("call,error,message", _JAX_ERRORS,
                         ids=[str(i) for i in range(len(_JAX_ERRORS))])
def test_errors_as_jax(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_helpers_as_jax():
    assert lax.padtype_to_pads((5, 6), (3, 2), (2, 2), "SAME") == [(1, 1), (0, 0)]  # JAX
    assert lax.padtype_to_pads((5, 6), (3, 2), (2, 2), "VALID") == [(0, 0), (0, 0)]  # JAX
    assert lax.padtype_to_pads((4,), (4,), (1,), "SAME_LOWER") == [(2, 1)]
    assert lax.padtype_to_pads((4,), (4,), (1,), "SAME") == [(1, 2)]
    dn = lax.conv_dimension_numbers((2, 3, 5, 6), (4, 3, 3, 3), ("CHWN", "WHOI", "HWNC"))
    assert dn == lax.ConvDimensionNumbers((3, 0, 2, 1), (2, 3, 0, 1), (2, 3, 1, 0))  # JAX
    assert lax.conv_general_permutations(("NHWC", "HWIO", "NHWC")) == (
        (0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))  # JAX
    assert lax.conv_transpose_shape_tuple((2, 5, 5, 3), (3, 3, 3, 4), (2, 2), "VALID",
                                          ("NHWC", "HWIO", "NHWC")) == (2, 11, 11, 4)  # JAX
    assert lax.conv_shape_tuple((2, 3, 5, 5), (4, 3, 3, 3), (1, 1), "SAME") == (2, 4, 5, 5)
    assert lax.reduce_window_shape_tuple((4, 5), (2, 2), (1, 1), ((0, 0), (0, 0))) == (3, 4)


# ---------------------------------------------------------------------------------------------
# stax


_JAX_STAX = {  # name: (init output shape, checksum of apply's output), recorded from JAX
    "conv": ((2, 5, 5, 4), -12.328), "convs": ((2, 2, 4, 4), 7.447),
    "gconv": ((2, 4, 3, 3), 4.911), "convT": ((2, 10, 10, 4), -12.542),
    "conv1T": ((2, 11, 4), -18.745), "max": ((2, 2, 2, 3), -2.803),
    "maxS": ((2, 5, 5, 3), -1.59), "avgS": ((2, 3, 3, 3), -6.815),
    "avgnchw": ((2, 3, 4, 4), 3.38), "sum": ((2, 5, 5, 3), 18.664),
}


def test_stax_layers_as_jax():
    x = jnp.asarray(np.random.default_rng(0).standard_normal((2, 5, 5, 3)).astype(np.float32))
    nchw = jnp.transpose(x, (0, 3, 1, 2))
    layers = {
        "conv": (stax.Conv(4, (3, 3), padding="SAME"), x),
        "convs": (stax.Conv(4, (3, 2), strides=(2, 1)), x),
        "gconv": (stax.GeneralConv(("NCHW", "OIHW", "NCHW"), 4, (3, 3)), nchw),
        "convT": (stax.ConvTranspose(4, (3, 3), strides=(2, 2), padding="SAME"), x),
        "conv1T": (stax.Conv1DTranspose(4, (3,), strides=(2,), padding="VALID"), x[:, 0]),
        "max": (stax.MaxPool((2, 2), strides=(2, 2)), x),
        "maxS": (stax.MaxPool((3, 3), padding="SAME"), x),
        "avgS": (stax.AvgPool((3, 3), strides=(2, 2), padding="SAME"), x),
        "avgnchw": (stax.AvgPool((2, 2), spec="NCHW"), nchw),
        "sum": (stax.SumPool((2, 3), padding="SAME"), x),
    }
    key = numjax.random.PRNGKey(0)
    for name, ((init, apply), inp) in layers.items():
        shape, params = init(key, inp.shape)
        out = apply(params, inp)
        assert (tuple(shape), _checksum(out)) == (_JAX_STAX[name][0], pytest.approx(
            _JAX_STAX[name][1], abs=2e-3)), name
        assert tuple(out.shape) == tuple(shape), name


def test_avg_pool_does_not_count_padding():
    # As JAX's stax: the divisor is the number of operand elements in each window.
    _, apply = stax.AvgPool((3, 3), padding="SAME")
    np.testing.assert_allclose(apply((), jnp.ones((1, 4, 4, 1))), np.ones((1, 4, 4, 1)))


def _lenet():
    return stax.serial(stax.Conv(3, (3, 3)), stax.Relu, stax.MaxPool((2, 2), strides=(2, 2)),
                       stax.Flatten, stax.Dense(4), stax.LogSoftmax)


def _loss(apply):
    def loss(params, x, y):
        return -jnp.mean(jnp.sum(apply(params, x) * y, axis=-1))

    return loss


def test_cnn_jit_grad_matches_finite_differences(x64):
    init, apply = _lenet()
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 8, 8, 1))
    y = np.eye(4)[rng.integers(0, 4, 4)]
    _, params = init(numjax.random.PRNGKey(1), (-1, 8, 8, 1))
    params = numjax.tree_util.tree_map(lambda p: jnp.asarray(p, jnp.float64), params)
    loss = _loss(apply)
    grads = numjax.jit(numjax.grad(loss))(params, x, y)
    leaves, treedef = numjax.tree_util.tree_flatten(params)
    g_leaves = numjax.tree_util.tree_leaves(grads)
    direction = [rng.standard_normal(p.shape) for p in leaves]
    eps = 1e-6

    def at(sign):
        moved = [p + sign * eps * d for p, d in zip(leaves, direction)]
        return float(loss(numjax.tree_util.tree_unflatten(treedef, moved), x, y))

    numeric = (at(1) - at(-1)) / (2 * eps)
    analytic = sum(float(np.sum(np.asarray(g) * d)) for g, d in zip(g_leaves, direction))
    assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-8)
    # One SGD step lowers the loss.
    stepped = numjax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads)
    assert float(loss(stepped, x, y)) < float(loss(params, x, y))


def test_cnn_ensemble_vmap_equals_loop():
    init, apply = _lenet()
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 8, 8, 1)).astype(np.float32)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, 4)]
    keys = numjax.random.split(numjax.random.PRNGKey(2), 3)
    members = [init(k, (-1, 8, 8, 1))[1] for k in keys]
    stacked = numjax.tree_util.tree_map(lambda *ps: jnp.stack(ps), *members)
    step = numjax.jit(numjax.vmap(numjax.grad(_loss(apply)), in_axes=(0, None, None)))
    batched = step(stacked, x, y)
    for i, params in enumerate(members):
        single = numjax.grad(_loss(apply))(params, x, y)
        for b, s in zip(numjax.tree_util.tree_leaves(batched),
                        numjax.tree_util.tree_leaves(single)):
            np.testing.assert_allclose(b[i], s, rtol=1e-5, atol=1e-6)
