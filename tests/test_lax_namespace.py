"""The rest of the jax.lax namespace: enums, composed functions, the new primitives, implicit
solves, collectives under vmap, and a coverage check against JAX 0.10.2's `dir(jax.lax)`.

References are NumPy, Python loops, or values printed by real JAX 0.10.2 (recorded here).
"""

from __future__ import annotations

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax
from numjax._src.core import Primitive
from numjax._src.test_util import check_grads

RNG = np.random.default_rng(0)

# ---------------------------------------------------------------------------------------------
# Coverage: JAX 0.10.2's public jax.lax names (functions/types, then `*_p` primitives)

JAX_LAX_FUNCTIONS = """
AccuracyMode ConvDimensionNumbers ConvGeneralDilatedDimensionNumbers DotAlgorithm
DotAlgorithmPreset DotDimensionNumbers FftType GatherDimensionNumbers GatherScatterMode
Precision PrecisionLike RaggedDotDimensionNumbers RandomAlgorithm RoundingMethod
ScatterDimensionNumbers Tolerance abs acos acosh add after_all all_gather all_to_all
approx_max_k approx_min_k argmax argmin asin asinh associative_scan atan atan2 atanh axis_index
axis_size batch_matmul bessel_i0e bessel_i1e betainc bitcast_convert_type bitwise_and
bitwise_not bitwise_or bitwise_xor broadcast broadcast_in_dim broadcast_like broadcast_shapes
broadcast_to_rank broadcasted_iota cbrt ceil clamp clz collapse complex composite concatenate
cond conj conv conv_dimension_numbers conv_general_dilated conv_general_dilated_local
conv_general_dilated_patches conv_general_permutations conv_general_shape_tuple conv_shape_tuple
conv_transpose conv_transpose_shape_tuple conv_with_general_padding convert_element_type cos
cosh create_token cumlogsumexp cummax cummin cumprod cumsum custom_linear_solve custom_root
dce_sink digamma div dot dot_general dtype dynamic_index_in_dim dynamic_slice
dynamic_slice_in_dim dynamic_update_index_in_dim dynamic_update_slice
dynamic_update_slice_in_dim empty eq erf erf_inv erfc exp exp2 expand_dims expm1 fft floor
fori_loop full full_like gather ge gt igamma igamma_grad_a igammac imag index_in_dim index_take
integer_pow iota is_finite le lgamma linalg log log1p logistic lt map max min mul mulhi ne neg
nextafter optimization_barrier pad padtype_to_pads pbroadcast pcast platform_dependent pmax
pmean pmin polygamma population_count pow ppermute precv psend pshuffle psum psum_scatter
pswapaxes ragged_all_to_all ragged_dot ragged_dot_general random_gamma_grad real reciprocal
reduce reduce_and reduce_max reduce_min reduce_or reduce_precision reduce_prod reduce_sum
reduce_window reduce_window_shape_tuple reduce_xor rem reshape rev rng_bit_generator rng_uniform
round rsqrt scaled_dot scan scatter scatter_add scatter_apply scatter_max scatter_min
scatter_mul scatter_sub select select_n shape_as_value shift_left shift_right_arithmetic
shift_right_logical sign sin sinh slice slice_in_dim sort sort_key_val split sqrt square squeeze
stack stage stop_gradient sub switch tan tanh tile top_k transpose unstack while_loop
with_sharding_constraint zeta
""".split()  # noqa: SIM905

JAX_LAX_PRIMITIVES = """
abs_p acos_p acosh_p add_p after_all_p all_gather_p all_to_all_p and_p approx_top_k_p argmax_p
argmin_p asin_p asinh_p atan2_p atan_p atanh_p axis_index_p bessel_i0e_p bessel_i1e_p
bitcast_convert_type_p broadcast_in_dim_p cbrt_p ceil_p clamp_p clz_p complex_p concatenate_p
cond_p conj_p conv_general_dilated_p convert_element_type_p copy_p cos_p cosh_p create_token_p
cumlogsumexp_p cummax_p cummin_p cumprod_p cumsum_p dce_sink_p device_put_p digamma_p div_p
dot_general_p dynamic_slice_p dynamic_update_slice_p eq_p eq_to_p erf_inv_p erf_p erfc_p exp2_p
exp_p expm1_p fft_p floor_p gather_p ge_p gt_p igamma_grad_a_p igamma_p igammac_p imag_p
integer_pow_p iota_p is_finite_p le_p le_to_p lgamma_p linear_solve_p log1p_p log_p logistic_p
lt_p lt_to_p max_p min_p mul_p mulhi_p ne_p neg_p nextafter_p not_p optimization_barrier_p or_p
pad_p pmax_p pmin_p polygamma_p population_count_p pow_p ppermute_p psum_p ragged_all_to_all_p
real_p reduce_and_p reduce_max_p reduce_min_p reduce_or_p reduce_p reduce_precision_p
reduce_prod_p reduce_sum_p reduce_window_max_p reduce_window_min_p reduce_window_p
reduce_window_sum_p reduce_xor_p regularized_incomplete_beta_p rem_p reshape_p rev_p
rng_bit_generator_p rng_uniform_p round_p rsqrt_p scan_p scatter_add_p scatter_max_p
scatter_min_p scatter_mul_p scatter_p scatter_sub_p select_and_gather_add_p
select_and_scatter_add_p select_and_scatter_p select_n_p sharding_constraint_p shift_left_p
shift_right_arithmetic_p shift_right_logical_p sign_p sin_p sinh_p slice_p sort_p split_p sqrt_p
square_p squeeze_p stack_p stage_p stop_gradient_p sub_p tan_p tanh_p tile_p top_k_p transpose_p
unstack_p while_p xor_p zeta_p
""".split()  # noqa: SIM905

# JAX primitives numjax does not have (their operations are compositions, plain Python, or
# absent here); the coverage test fails when this list goes stale either way.
KNOWN_MISSING_PRIMITIVES = {
    "after_all_p", "all_to_all_p", "copy_p", "create_token_p", "dce_sink_p",
    "device_put_p", "eq_to_p", "le_to_p", "lt_to_p", "ragged_all_to_all_p", "reduce_p",
    "reduce_window_p", "scatter_sub_p", "select_and_scatter_p", "sharding_constraint_p",
    "stage_p",
}


def test_coverage_of_jax_lax_names():
    assert len(JAX_LAX_FUNCTIONS) == 218 and len(JAX_LAX_PRIMITIVES) == 154
    missing_functions = [n for n in JAX_LAX_FUNCTIONS if not hasattr(lax, n)]
    missing_prims = {n for n in JAX_LAX_PRIMITIVES if not hasattr(lax, n)}
    print(f"jax.lax functions/types: {len(JAX_LAX_FUNCTIONS) - len(missing_functions)}/"
          f"{len(JAX_LAX_FUNCTIONS)} (missing: {missing_functions})")
    print(f"jax.lax primitives: {len(JAX_LAX_PRIMITIVES) - len(missing_prims)}/"
          f"{len(JAX_LAX_PRIMITIVES)} (missing: {sorted(missing_prims)})")
    assert not missing_functions
    assert missing_prims == KNOWN_MISSING_PRIMITIVES


def test_primitive_objects_are_the_ones_lax_binds():
    for name in JAX_LAX_PRIMITIVES:
        if hasattr(lax, name):
            assert isinstance(getattr(lax, name), Primitive), name
    x = jnp.arange(3.0)
    np.testing.assert_array_equal(lax.add_p.bind(x, x), [0.0, 2.0, 4.0])
    assert "sin" in str(jax.make_jaxpr(lax.sin)(1.0)) and lax.sin_p.name == "sin"
    assert lax.linear_solve_p.name == "custom_linear_solve"
    assert not hasattr(lax, "ndtri_p")  # numjax-only primitives are not exported


# ---------------------------------------------------------------------------------------------
# Enums and dimension numbers


def test_precision_enum():
    P = lax.Precision
    assert [(m.name, m.value) for m in P] == [("DEFAULT", 0), ("HIGH", 1), ("HIGHEST", 2)]
    assert repr(P.HIGHEST) == "Precision.HIGHEST" and str(P.HIGHEST) == "HIGHEST"
    for s, m in [("default", P.DEFAULT), ("fastest", P.DEFAULT), ("bfloat16", P.DEFAULT),
                 ("high", P.HIGH), ("bfloat16_3x", P.HIGH), ("tensorfloat32", P.HIGH),
                 ("highest", P.HIGHEST), ("float32", P.HIGHEST)]:
        assert P(s) is m
    with pytest.raises(ValueError, match="'DEFAULT' is not a valid Precision"):
        P("DEFAULT")


def test_dot_general_takes_jax_precisions():
    x = jnp.arange(6.0).reshape(2, 3)
    dn = (((1,), (1,)), ((), ()))
    for p in [lax.Precision.HIGHEST, "highest", ("high", "default"),
              (lax.Precision.HIGH, lax.Precision.DEFAULT), lax.DotAlgorithmPreset.DEFAULT,
              "F32_F32_F32", lax.DotAlgorithm(np.float32, np.float32, np.float32)]:
        np.testing.assert_array_equal(lax.dot_general(x, x, dn, precision=p),
                                      [[5.0, 14.0], [14.0, 50.0]])
    for bad in ["foo", ("highest", lax.Precision.DEFAULT), 3]:
        with pytest.raises(ValueError, match="Precision argument must be one of:\n- None,"):
            lax.dot_general(x, x, dn, precision=bad)


def test_other_enums():
    assert [(m.name, m.value) for m in lax.RoundingMethod] == [("AWAY_FROM_ZERO", 0),
                                                                ("TO_NEAREST_EVEN", 1)]
    assert [m.value for m in lax.RandomAlgorithm] == [0, 1, 2]
    assert str(lax.RandomAlgorithm.RNG_DEFAULT) == "RNG_DEFAULT"
    assert [(m.name, m.value) for m in lax.AccuracyMode] == [("HIGHEST", 1), ("DEFAULT", 2)]
    assert len(lax.DotAlgorithmPreset) == 16 and lax.DotAlgorithmPreset.F64_F64_F64.value == 16
    assert lax.DotAlgorithmPreset.BF16_BF16_F32.accumulation_type is np.float32
    assert lax.DotAlgorithmPreset.DEFAULT.accumulation_type is None
    G = lax.GatherScatterMode
    assert [(m.name, m.value) for m in G] == [("CLIP", 1), ("FILL_OR_DROP", 2),
                                              ("PROMISE_IN_BOUNDS", 3), ("ONE_HOT", 4)]
    assert G.from_any("clip") is G.CLIP and G.from_any(None) is G.FILL_OR_DROP
    assert G.from_any("drop") is G.FILL_OR_DROP and G.from_any("fill") is G.FILL_OR_DROP
    with pytest.raises(ValueError, match='Unknown gather mode "foo"'):
        G.from_any("foo")
    assert lax.Tolerance(atol=1.0).atol == 1.0
    with pytest.raises(ValueError, match="At least one of atol, rtol, or ulps must be set."):
        lax.Tolerance()
    assert str(lax.GatherDimensionNumbers((1,), (0,), (0,))) == (
        "GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), "
        "start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=())")
    assert lax.ScatterDimensionNumbers((1,), (0,), (0,)).scatter_indices_batching_dims == ()
    assert repr(lax.RaggedDotDimensionNumbers((([2], [1]), ([], [])), [1], [0])) == (
        "RaggedDotDimensionNumbers(dot_dimension_numbers=(((2,), (1,)), ((), ())), "
        "lhs_ragged_dimensions=(1,), rhs_group_dimensions=(0,))")


def test_enums_accepted_by_round_gather_and_scatter():
    x = jnp.array([0.5, 1.5, 2.5, -0.5])
    np.testing.assert_array_equal(lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN),
                                  [0.0, 2.0, 2.0, -0.0])
    np.testing.assert_array_equal(lax.round(x, lax.RoundingMethod.AWAY_FROM_ZERO),
                                  [1.0, 2.0, 3.0, -1.0])
    v, idx = jnp.arange(4.0), jnp.array([[1], [7]])
    gdn = lax.GatherDimensionNumbers((), (0,), (0,))
    sdn = lax.ScatterDimensionNumbers((), (0,), (0,))
    np.testing.assert_array_equal(
        lax.gather(v, idx, gdn, (1,), mode=lax.GatherScatterMode.CLIP), [1, 3])
    np.testing.assert_array_equal(
        lax.gather(v, idx, gdn, (1,), mode=lax.GatherScatterMode.FILL_OR_DROP), [1, np.nan])
    np.testing.assert_array_equal(
        lax.scatter_add(v, idx, jnp.ones(2), sdn, mode=lax.GatherScatterMode.CLIP),
        [0, 2, 2, 4])
    np.testing.assert_array_equal(
        lax.scatter_add(v, idx, jnp.ones(2), sdn, mode=lax.GatherScatterMode.FILL_OR_DROP),
        [0, 2, 2, 3])
    # and by jnp's .at[] (recorded from JAX)
    assert np.isnan(float(v.at[5].get(mode=lax.GatherScatterMode.FILL_OR_DROP)))
    assert float(v.at[5].get(mode=lax.GatherScatterMode.PROMISE_IN_BOUNDS)) == 3.0
    assert v.at[5].set(9.0, mode=lax.GatherScatterMode.CLIP).tolist() == [0, 1, 2, 9]
    assert v.at[5].set(9.0, mode=lax.GatherScatterMode.FILL_OR_DROP).tolist() == [0, 1, 2, 3]


# ---------------------------------------------------------------------------------------------
# New primitives: complex, mulhi, split, optimization_barrier


def _fact(a):
    return str(a.dtype), tuple(a.shape), bool(a.weak_type), np.asarray(a).tolist()


def test_complex():
    assert _fact(lax.complex(jnp.float32(1), jnp.float32(2))) == ("complex64", (), False, 1 + 2j)
    assert _fact(lax.complex(1.0, 2.0)) == ("complex64", (), True, 1 + 2j)
    with pytest.raises(TypeError, match="complex does not accept dtype int32 at position 0. "
                                        "Accepted dtypes at position 0 are subtypes of float32, "
                                        "float64."):
        lax.complex(1, 2)
    with pytest.raises(TypeError, match="complex does not accept dtype float16 at position 1"):
        lax.complex(jnp.float32(1), jnp.float16(2))
    # JAX: vjp(complex, 1., 2.)(1+1j) == (1., -1.), both weak
    ct = jax.vjp(lax.complex, 1.0, 2.0)[1](1 + 1j)
    assert [_fact(c) for c in ct] == [("float32", (), True, 1.0), ("float32", (), True, -1.0)]
    g = jax.grad(lambda x, y: lax.abs(lax.complex(x, y)) ** 2, argnums=(0, 1))(1.0, 2.0)
    assert [float(v) for v in g] == [2.0, 4.0]


def test_mulhi():
    u = lax.mulhi(jnp.array([0xFFFFFFFF, 12345678], jnp.uint32),
                  jnp.array([3, 0xFEDCBA98], jnp.uint32))
    assert _fact(u) == ("uint32", (2,), False, [2, 12290808])
    i = lax.mulhi(jnp.array([-7, 2**31 - 1, -(2**31)], jnp.int32),
                  jnp.array([2**31 - 1, 2**31 - 1, -(2**31)], jnp.int32))
    assert _fact(i) == ("int32", (3,), False, [-4, 1073741823, 1073741824])
    assert lax.mulhi(jnp.array([-100, 100], jnp.int8), jnp.array([100, 100], jnp.int8)).tolist() \
        == [-40, 39]
    with pytest.raises(TypeError, match="mulhi does not accept dtype float32 at position 0"):
        lax.mulhi(1.0, 2.0)


def test_mulhi_64_bit_against_python_ints():
    jax.config.update("jax_enable_x64", True)
    try:
        a = RNG.integers(-(2**63), 2**63 - 1, 50, dtype=np.int64, endpoint=True)
        b = RNG.integers(-(2**63), 2**63 - 1, 50, dtype=np.int64, endpoint=True)
        got = lax.mulhi(jnp.asarray(a), jnp.asarray(b))
        assert [int(v) for v in np.asarray(got)] == [(int(x) * int(y)) >> 64 for x, y in zip(a, b)]
        ua, ub = a.view(np.uint64), b.view(np.uint64)
        got = lax.mulhi(jnp.asarray(ua), jnp.asarray(ub))
        assert [int(v) for v in np.asarray(got)] == [(int(x) * int(y)) >> 64
                                                     for x, y in zip(ua, ub)]
    finally:
        jax.config.update("jax_enable_x64", False)


def test_split():
    x = jnp.arange(6.0).reshape(2, 3)
    a, b = lax.split(x, (1, 2), axis=1)
    assert _fact(a) == ("float32", (2, 1), False, [[0.0], [3.0]])
    assert _fact(b) == ("float32", (2, 2), False, [[1.0, 2.0], [4.0, 5.0]])
    assert [p.shape for p in lax.split(x, (1, 1), axis=-2)] == [(1, 3), (1, 3)]
    with pytest.raises(ValueError, match=r"Sum of sizes 2 must be equal to dimension 1 of the "
                                         r"operand shape \[2, 3\]"):
        lax.split(x, (1, 1), axis=1)
    jaxpr = str(jax.make_jaxpr(lambda v: lax.split(v, (1, 2), 1))(x))
    assert "split" in jaxpr


def test_optimization_barrier():
    out = lax.optimization_barrier((jnp.arange(2), 1.0, 2))
    assert [_fact(o) for o in out] == [("int32", (2,), False, [0, 1]),
                                       ("float32", (), True, 1.0), ("int32", (), True, 2)]
    assert float(jax.grad(lambda v: lax.optimization_barrier(v * v))(3.0)) == 6.0
    assert "optimization_barrier" in str(jax.make_jaxpr(lax.optimization_barrier)(1.0))


# ---------------------------------------------------------------------------------------------
# Creation and shapes (recorded from JAX)


def test_full_and_friends():
    assert _fact(lax.full((2,), 3)) == ("int32", (2,), True, [3, 3])
    assert _fact(lax.full(2, 3.0)) == ("float32", (2,), True, [3.0, 3.0])
    assert _fact(lax.full((2,), 3.7, jnp.int32)) == ("int32", (2,), False, [3, 3])
    with pytest.raises(TypeError, match=r"full must be called with scalar fill_value, got "
                                        r"fill_value.shape \(2,\)."):
        lax.full((2,), jnp.ones(2))
    assert _fact(lax.full_like(jnp.arange(3), 2.5)) == ("int32", (3,), False, [2, 2, 2])
    assert _fact(lax.full_like(1.0, 2)) == ("float32", (), True, 2.0)
    assert _fact(lax.full_like(jnp.ones((2, 3)), 2, shape=(3,))) == (
        "float32", (3,), False, [2.0, 2.0, 2.0])
    assert _fact(lax.full_like(jnp.ones((2,)), 2, jnp.int8)) == ("int8", (2,), False, [2, 2])
    assert _fact(lax.empty((2,), jnp.int32))[:3] == ("int32", (2,), False)


def test_shape_functions():
    assert lax.broadcast_shapes((2, 1), (3,)) == (2, 3)
    with pytest.raises(ValueError, match=r"Incompatible shapes for broadcasting: "
                                         r"shapes=\[\(2,\), \(3,\)\]"):
        lax.broadcast_shapes((2,), (3,))
    assert lax.broadcast_to_rank(jnp.ones(3), 3).shape == (1, 1, 3)
    assert _fact(lax.broadcast_like(jnp.arange(3.0), jnp.ones((2, 3)))) == (
        "float32", (2, 3), False, [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]])
    y = jnp.arange(24).reshape(2, 3, 4)
    np.testing.assert_array_equal(lax.collapse(y, 1), np.arange(24).reshape(2, 12))
    assert lax.collapse(y, 0, 2).shape == (6, 4) and lax.collapse(y, -2).shape == (2, 12)
    assert lax.shape_as_value((2, 3)).tolist() == [2, 3]
    assert lax.shape_as_value((2, 3)).dtype == np.int32
    assert lax.dtype(1.0) == np.float32 and lax.dtype(3) == np.int32
    assert lax.dtype(jnp.arange(3)) == np.int32


def test_tile_stack_unstack():
    x = jnp.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(lax.tile(x, (2, 1)), np.tile(np.arange(6.0).reshape(2, 3),
                                                               (2, 1)))
    np.testing.assert_array_equal(lax.tile(x, (3, 2)), np.tile(np.asarray(x), (3, 2)))
    with pytest.raises(TypeError, match=r"reps length must be equal to the ndim of x, got "
                                        r"len\(reps\)=1 and x.ndim=2."):
        lax.tile(x, (2,))
    np.testing.assert_array_equal(lax.stack([jnp.ones(2), jnp.zeros(2)], axis=1),
                                  [[1.0, 0.0], [1.0, 0.0]])
    assert lax.stack([jnp.ones(2), jnp.zeros(2)], axis=-1).shape == (2, 2)
    parts = lax.unstack(x, axis=1)
    assert isinstance(parts, tuple) and [p.tolist() for p in parts] == [[0, 3], [1, 4], [2, 5]]
    # all three compose: derivatives and vmap
    jax.config.update("jax_enable_x64", True)
    try:
        check_grads(lambda v: lax.tile(v, (2, 3)) ** 2, (RNG.standard_normal((2, 2)),), order=2)
    finally:
        jax.config.update("jax_enable_x64", False)
    f = jax.vmap(lambda v: lax.stack(lax.unstack(v)[::-1]))
    np.testing.assert_array_equal(f(x), np.asarray(x)[:, ::-1])


def test_small_wrappers():
    assert _fact(lax.reciprocal(2.0)) == ("float32", (), True, 0.5)
    with pytest.raises(TypeError, match="Integers cannot be raised to negative powers"):
        lax.reciprocal(jnp.int32(2))
    np.testing.assert_allclose(float(lax.betainc(2.0, 3.0, 0.5)), 0.6875, rtol=1e-6)
    x = jnp.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(
        lax.index_take(x, (jnp.array([1, 0]), jnp.array([2, 0])), (0, 1)), [5.0, 0.0])
    np.testing.assert_array_equal(lax.index_take(x, (jnp.array([1, 0, 1]),), (0,)),
                                  np.asarray(x)[[1, 0, 1]])
    a, b = np.arange(12.0).reshape(2, 2, 3), np.arange(12.0).reshape(2, 3, 2)
    np.testing.assert_array_equal(lax.batch_matmul(jnp.asarray(a, np.float32),
                                                   jnp.asarray(b, np.float32)), a @ b)
    with pytest.raises(ValueError, match="Arguments to batch_matmul must be at least 2D, got 1, 1"):
        lax.batch_matmul(jnp.ones(3), jnp.ones(3))
    with pytest.raises(ValueError, match="Arguments to batch_matmul must have same ndim, got 3, 2"):
        lax.batch_matmul(jnp.ones((2, 3, 4)), jnp.ones((4, 5)))


def test_approx_k():
    v, i = lax.approx_max_k(jnp.array([[3.0, 1, 4, 1, 5], [9, 2, 6, 5, 3]]), 2)
    assert v.tolist() == [[5, 4], [9, 6]] and i.tolist() == [[4, 2], [0, 2]]
    assert i.dtype == np.int32
    v, i = lax.approx_min_k(jnp.array([3.0, 1, 4, 1, 5]), 2)
    assert v.tolist() == [1, 1] and i.tolist() == [1, 3]
    v, i = lax.approx_max_k(jnp.array([[3.0, 1], [4, 1], [5, 9]]), 2, reduction_dimension=0)
    assert v.tolist() == [[5, 9], [4, 1]] and i.tolist() == [[2, 2], [1, 0]]
    v, i = lax.approx_max_k(jnp.array([1.0, np.nan, 0.0]), 2)  # NaN is the largest, as JAX
    assert np.isnan(v[0]) and i.tolist() == [1, 0]
    v, i = lax.approx_min_k(jnp.array([1.0, np.nan, 0.0]), 2)
    assert v.tolist() == [0.0, 1.0] and i.tolist() == [2, 0]
    with pytest.raises(ValueError, match="k must be smaller than the size of reduction_dim 3, "
                                         "got 4"):
        lax.approx_max_k(jnp.ones(3), 4)
    with pytest.raises(ValueError, match="operand must be a floating type"):
        lax.approx_max_k(jnp.arange(3), 2)
    assert "approx_top_k" in str(jax.make_jaxpr(lambda a: lax.approx_min_k(a, 1))(jnp.ones(3)))


# ---------------------------------------------------------------------------------------------
# reduce


def test_reduce_monoids_and_custom_computations():
    x = jnp.arange(6.0).reshape(2, 3)
    assert _fact(lax.reduce(x, 0.0, lax.add, (0,))) == ("float32", (3,), False, [3, 5, 7])
    assert lax.reduce(x, -jnp.inf, lax.max, (1,)).tolist() == [2.0, 5.0]
    assert lax.reduce(x, 10.0, lax.add, (0,)).tolist() == [13.0, 15.0, 17.0]
    s, p = lax.reduce((x, x), (0.0, 1.0), lambda a, b: (a[0] + b[0], a[1] * b[1]), (1,))
    assert s.tolist() == [3.0, 12.0] and p.tolist() == [0.0, 60.0]
    assert lax.reduce(jnp.arange(7.0), 0.0, lambda a, b: a + b, (0,)).tolist() == 21.0
    assert lax.reduce(jnp.ones((0, 2)), 5.0, lambda a, b: a + b, (0,)).tolist() == [5.0, 5.0]
    y = RNG.uniform(0.5, 1.5, (3, 5))
    got = lax.reduce(jnp.asarray(y, np.float32), 1.0, lambda a, b: a * b * 1.0, (0, 1))
    np.testing.assert_allclose(float(got), np.prod(y), rtol=1e-5)


def test_reduce_with_a_custom_computation_transforms():
    def logaddexp_all(v):
        return lax.reduce(v, -jnp.inf, lambda a, b: jnp.logaddexp(a, b), (1,))

    y = RNG.standard_normal((3, 5))
    ref = np.log(np.exp(y).sum(1))
    np.testing.assert_allclose(logaddexp_all(jnp.asarray(y, np.float32)), ref, rtol=1e-5)
    np.testing.assert_allclose(jax.jit(logaddexp_all)(jnp.asarray(y, np.float32)), ref,
                               rtol=1e-5)
    np.testing.assert_allclose(jax.vmap(logaddexp_all)(jnp.asarray(np.stack([y, 2 * y]),
                                                                   np.float32)),
                               np.stack([ref, np.log(np.exp(2 * y).sum(1))]), rtol=1e-5)
    jax.config.update("jax_enable_x64", True)
    try:
        check_grads(logaddexp_all, (y,), order=2)
        g = jax.grad(lambda v: logaddexp_all(v).sum())(y)
        np.testing.assert_allclose(g, np.exp(y) / np.exp(y).sum(1, keepdims=True), rtol=1e-10)
    finally:
        jax.config.update("jax_enable_x64", False)


# ---------------------------------------------------------------------------------------------
# Products: ragged_dot, scaled_dot, conv_general_dilated_local


def _ragged_ref(x, w, gs):
    out = np.zeros((x.shape[0], w.shape[2]))
    start = 0
    for g, n in enumerate(gs):
        out[start:start + n] = x[start:start + n] @ w[g]
        start += n
    return out


def test_ragged_dot():
    x = RNG.standard_normal((6, 3))
    w = RNG.standard_normal((3, 3, 2))
    gs = np.array([2, 0, 3], np.int32)
    got = lax.ragged_dot(jnp.asarray(x, np.float32), jnp.asarray(w, np.float32), gs)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, _ragged_ref(x, w, gs), rtol=1e-5, atol=1e-6)
    dn = lax.RaggedDotDimensionNumbers((((1,), (1,)), ((), ())), (0,), (0,))
    np.testing.assert_allclose(
        lax.ragged_dot_general(jnp.asarray(x, np.float32), jnp.asarray(w, np.float32), gs, dn),
        _ragged_ref(x, w, gs), rtol=1e-5, atol=1e-6)
    jax.config.update("jax_enable_x64", True)
    try:
        check_grads(lambda a, b: lax.ragged_dot(a, b, gs), (x, w), order=2)
    finally:
        jax.config.update("jax_enable_x64", False)


def test_scaled_dot_matches_jax_rounding():
    r = np.random.default_rng(1)
    a = r.standard_normal((2, 8)).astype(np.float32)
    b = r.standard_normal((8, 3)).astype(np.float32)
    sa = np.abs(r.standard_normal((2, 2))).astype(np.float32)
    sb = np.abs(r.standard_normal((2, 3))).astype(np.float32)
    out = lax.scaled_dot(a, b, lhs_scale=sa, rhs_scale=sb)
    assert str(out.dtype) == "bfloat16"
    out32 = lax.scaled_dot(a, b, lhs_scale=sa, rhs_scale=sb, preferred_element_type=jnp.float32)
    ref = (a * np.repeat(sa, 4, 1)) @ (b * np.repeat(sb, 4, 0))
    np.testing.assert_allclose(out32, ref, rtol=3e-2, atol=3e-2)  # bfloat16 operands, as JAX
    np.testing.assert_allclose(np.asarray(out, np.float32), ref, rtol=5e-2, atol=5e-2)


def test_scaled_dot_recorded_from_jax():
    r = np.random.default_rng(0)
    r.standard_normal((2, 3, 5, 4)), r.standard_normal((6, 18, 4, 2))
    r.standard_normal((2, 6, 5, 3)), r.standard_normal((3, 6, 12, 7))
    a = r.standard_normal((2, 8)).astype(np.float32)
    b = r.standard_normal((8, 3)).astype(np.float32)
    sa = np.abs(r.standard_normal((2, 2))).astype(np.float32)
    sb = np.abs(r.standard_normal((2, 3))).astype(np.float32)
    out = lax.scaled_dot(a, b, lhs_scale=sa, rhs_scale=sb)
    assert np.asarray(out, np.float32).ravel().tolist() == [
        0.271484375, 0.1826171875, 0.5234375, -0.23828125, -0.298828125, -1.921875]
    out = lax.scaled_dot(a, b, lhs_scale=sa, rhs_scale=sb, preferred_element_type=jnp.float32)
    np.testing.assert_allclose(np.asarray(out).ravel(), [0.2687, 0.1826, 0.5206, -0.2371,
                                                         -0.2972, -1.9256], atol=6e-5)


def test_conv_general_dilated_local():
    r = np.random.default_rng(0)
    lhs = r.standard_normal((2, 3, 5, 4)).astype(np.float32)
    rhs = r.standard_normal((6, 3 * 6, 4, 2)).astype(np.float32)
    out = lax.conv_general_dilated_local(lhs, rhs, (1, 1), "VALID", (2, 3))
    ref = np.zeros((2, 6, 4, 2))
    for h in range(4):
        for w in range(2):
            patch = lhs[:, :, h:h + 2, w:w + 3].reshape(2, -1)  # features c-major, then (kh, kw)
            ref[:, :, h, w] = patch @ rhs[:, :, h, w].T
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    # recorded from JAX: NHWC/HWIO, strides (2, 1), padding ((0, 0), (1, 1)), filter (2, 2)
    lhs2 = r.standard_normal((2, 6, 5, 3)).astype(np.float32)
    rhs2 = r.standard_normal((3, 6, 3 * 4, 7)).astype(np.float32)
    out2 = lax.conv_general_dilated_local(lhs2, rhs2, (2, 1), [(0, 0), (1, 1)], (2, 2),
                                          dimension_numbers=("NHWC", "HWIO", "NHWC"))
    assert out2.shape == (2, 3, 6, 7)
    np.testing.assert_allclose(np.asarray(out2).ravel()[:6],
                               [0.1027, 0.3749, 0.0185, -1.6536, 1.5096, 1.9513], atol=6e-5)


# ---------------------------------------------------------------------------------------------
# Scatter variants


def test_scatter_sub_and_apply():
    dn = lax.ScatterDimensionNumbers((), (0,), (0,))
    got = lax.scatter_sub(jnp.zeros(3), jnp.array([[1], [1]]), jnp.array([2.0, 3.0]), dn)
    assert _fact(got) == ("float32", (3,), False, [0.0, -5.0, 0.0])
    got = lax.scatter_apply(jnp.arange(4.0), jnp.array([[1], [3]]), lambda v: v * 10, dn,
                            update_shape=(2,))
    assert got.tolist() == [0.0, 10.0, 2.0, 30.0]
    x = jnp.arange(6.0).reshape(2, 3)
    got = lax.scatter_sub(x, jnp.array([[2], [0]]), jnp.ones((2, 2)),
                          lax.ScatterDimensionNumbers((1,), (1,), (1,)))
    assert got.tolist() == [[-1.0, 1.0, 1.0], [2.0, 4.0, 4.0]]  # recorded from JAX
    assert lax.scatter_sub(x, jnp.array([[1]]), jnp.ones((1, 3)),
                           lax.ScatterDimensionNumbers((1,), (0,), (0,))).tolist() == [
        [0.0, 1.0, 2.0], [2.0, 3.0, 4.0]]
    with pytest.raises(TypeError, match="updates bound is 3, indices bound is 1"):  # as JAX
        lax.scatter_sub(x, jnp.array([[1]]), jnp.ones((1, 3)),
                        lax.ScatterDimensionNumbers((0,), (0,), (0,)))


# ---------------------------------------------------------------------------------------------
# Random bits


KEY = np.array([1, 2, 3, 4], np.uint32)


def test_rng_bit_generator_matches_jax_bits():
    key, bits = lax.rng_bit_generator(KEY, (2, 3))
    assert key.tolist() == [1, 2, 5, 4]
    assert bits.dtype == np.uint32 and bits.tolist() == [
        [512747620, 1298009047, 1267190206], [761827841, 1383286907, 1639995030]]
    key, bits = lax.rng_bit_generator(KEY, (5,), dtype=jnp.uint8)
    assert key.tolist() == [1, 2, 5, 4] and bits.tolist() == [100, 215, 190, 1, 123]
    key, bits = lax.rng_bit_generator(np.array([7, 8, 0xFFFFFFFF, 0xFFFFFFFF], np.uint32), (6,))
    assert key.tolist() == [7, 8, 1, 0]  # the counter carries into the key words' half
    assert bits.tolist() == [4160284401, 836550360, 2189995417, 3762274168, 2915866093,
                             3497140262]
    _, b2 = jax.jit(lambda k: lax.rng_bit_generator(k, (2, 3)))(KEY)
    assert b2.tolist()[0] == [512747620, 1298009047, 1267190206]


def test_rng_bit_generator_under_vmap_uses_the_first_key_as_jax():
    keys, bits = jax.vmap(lambda k: lax.rng_bit_generator(k, (3,)))(
        jnp.array([[1, 2, 3, 4], [5, 6, 7, 8]], jnp.uint32))
    assert keys.tolist() == [[1, 2, 5, 4], [5, 6, 7, 8]]
    assert bits.tolist() == [[512747620, 1298009047, 1267190206],
                             [761827841, 1383286907, 1639995030]]


def test_rng_bit_generator_refusals():
    with pytest.raises(TypeError, match="rng_bit_generator: unsupported dtype int32"):
        lax.rng_bit_generator(KEY, (2,), dtype=np.int32)


def test_rng_bit_generator_threefry_matches_jax_bits():
    tf = lax.RandomAlgorithm.RNG_THREE_FRY
    key, bits = lax.rng_bit_generator(KEY, (2, 3), algorithm=tf)
    assert key.tolist() == [1, 2, 6, 4]
    assert bits.tolist() == [[1576285164, 740599976, 2436392515],
                             [2249660814, 2425682526, 1497962777]]
    assert lax.rng_bit_generator(KEY, (3, 2), algorithm=tf)[1].tolist() == [
        [1576285164, 2249660814], [740599976, 2425682526], [2436392515, 1497962777]]
    key, bits = lax.rng_bit_generator(KEY, (5,), algorithm=tf)
    assert key.tolist() == [1, 2, 6, 4]
    assert bits.tolist() == [1576285164, 2249660814, 740599976, 2425682526, 2436392515]
    assert lax.rng_bit_generator(KEY, (5,), np.uint8, tf)[1].tolist() == [236, 142, 168, 94, 67]
    key, bits = lax.rng_bit_generator(KEY, (3, 3), np.uint16, tf)
    assert key.tolist() == [1, 2, 9, 4]
    assert bits.tolist() == [[13292, 43176, 26179], [6542, 64094, 6425],
                             [64347, 47957, 29034]]
    keys, bits = jax.vmap(lambda k: lax.rng_bit_generator(k, (3,), algorithm=tf))(
        jnp.array([[1, 2, 3, 4], [5, 6, 7, 8]], jnp.uint32))
    assert keys.tolist() == [[1, 2, 6, 4], [5, 6, 7, 8]]
    assert bits.tolist() == [[1576285164, 740599976, 2436392515],
                             [2249660814, 2425682526, 1497962777]]
    jax.config.update("jax_enable_x64", True)
    try:
        bits = lax.rng_bit_generator(KEY, (3,), np.uint64, tf)[1]
        assert bits.tolist() == [9662219624799024108, 10418227120389269672, 6433701140276733507]
    finally:
        jax.config.update("jax_enable_x64", False)


def test_rng_bit_generator_other_widths_as_jax():
    assert lax.rng_bit_generator(KEY, (5,), dtype=np.uint16)[1].tolist() == [
        59492, 3031, 51646, 37377, 18555]
    assert lax.rng_bit_generator(KEY, ())[1].tolist() == 512747620
    key, bits = lax.rng_bit_generator(KEY, (0,))
    assert key.tolist() == [1, 2, 3, 4] and bits.shape == (0,)
    jax.config.update("jax_enable_x64", True)
    try:
        key, bits = lax.rng_bit_generator(KEY, (3,), dtype=np.uint64)
        assert key.tolist() == [1, 2, 5, 4] and bits.dtype == np.uint64
        assert [hex(int(v)) for v in bits] == ["0x4d5e0bd71e8fe864", "0x2d6892014b87c9be",
                                               "0x61c056965273487b"]
    finally:
        jax.config.update("jax_enable_x64", False)


def test_rng_uniform():
    u = lax.rng_uniform(0.0, 1.0, (1000,))
    assert u.dtype == np.float32 and u.weak_type and u.shape == (1000,)
    assert 0.0 <= float(u.min()) and float(u.max()) < 1.0 and 0.4 < float(u.mean()) < 0.6
    i = lax.rng_uniform(2, 5, (100,))
    assert i.dtype == np.int32 and set(np.asarray(i).tolist()) <= {2, 3, 4}
    v = jax.vmap(lambda a: lax.rng_uniform(a, a + 1.0, (3,)))(jnp.array([0.0, 10.0]))
    assert v.shape == (2, 3) and (np.asarray(v[1]) >= 10).all() and (np.asarray(v[0]) < 1).all()


# ---------------------------------------------------------------------------------------------
# custom_linear_solve and custom_root


A = np.array([[3.0, 1.0], [1.0, 2.0]], np.float32)


def _solve(matvec, b):
    return jnp.linalg.solve(A, b)


def test_custom_linear_solve_values_and_derivatives():
    b = jnp.array([1.0, 2.0])
    f = lambda b: lax.custom_linear_solve(lambda x: jnp.asarray(A) @ x, b, _solve,
                                          symmetric=True)
    np.testing.assert_allclose(f(b), np.linalg.solve(A, [1.0, 2.0]), atol=1e-6)
    inv = np.linalg.inv(A)
    np.testing.assert_allclose(jax.jacfwd(f)(b), inv, atol=1e-6)
    np.testing.assert_allclose(jax.jacrev(f)(b), inv.T, atol=1e-6)
    np.testing.assert_allclose(jax.vmap(f)(jnp.stack([b, 2 * b])),
                               np.linalg.solve(A, np.stack([b, 2 * b]).T).T, atol=1e-6)
    np.testing.assert_allclose(jax.jit(f)(b), np.linalg.solve(A, b), atol=1e-6)
    # the matrix a matvec closes over is differentiated too: d/ds solve(s A, b) = -x / s
    g = lambda s: lax.custom_linear_solve(lambda x: s * (jnp.asarray(A) @ x), b,
                                          lambda mv, r: _solve(mv, r) / s, symmetric=True)
    np.testing.assert_allclose(jax.jacfwd(g)(2.0), -np.linalg.solve(A, b) / 4, atol=1e-6)
    np.testing.assert_allclose(jax.jacrev(g)(2.0), -np.linalg.solve(A, b) / 4, atol=1e-6)


def test_custom_linear_solve_transpose_solve_and_aux():
    b = jnp.array([1.0, 2.0])
    lower = np.array([[2.0, 0.0], [1.0, 3.0]], np.float32)
    f = lambda b: lax.custom_linear_solve(
        lambda x: jnp.asarray(lower) @ x, b, lambda mv, r: jnp.linalg.solve(lower, r),
        transpose_solve=lambda vm, r: jnp.linalg.solve(lower.T, r))
    np.testing.assert_allclose(jax.jacrev(f)(b), np.linalg.inv(lower), atol=1e-6)
    no_t = lambda b: lax.custom_linear_solve(lambda x: 2 * x, b, lambda mv, r: r / 2)
    np.testing.assert_allclose(jax.jacfwd(no_t)(b), np.eye(2) / 2)
    with pytest.raises(TypeError, match="transpose_solve required for backwards mode automatic "
                                        "differentiation of custom_linear_solve"):
        jax.grad(lambda b: no_t(b).sum())(b)
    x, aux = lax.custom_linear_solve(lambda x: 2 * x, b, lambda mv, r: (r / 2, "info"),
                                     symmetric=True, has_aux=True)
    assert x.tolist() == [0.5, 1.0] and aux == "info"


def _newton(f, x0):
    x = x0
    for _ in range(30):
        x = x - f(x) / jax.grad(f)(x)
    return x


def _sqrt(a):
    return lax.custom_root(lambda x: x**2 - a, 1.0, _newton, lambda g, y: y / g(1.0))


def test_custom_root_implicit_derivatives():
    np.testing.assert_allclose(float(_sqrt(2.0)), np.sqrt(2.0), rtol=1e-6)
    np.testing.assert_allclose(float(jax.grad(_sqrt)(2.0)), 0.5 / np.sqrt(2.0), rtol=1e-6)
    np.testing.assert_allclose(float(jax.jacfwd(_sqrt)(2.0)), 0.5 / np.sqrt(2.0), rtol=1e-6)
    np.testing.assert_allclose(float(jax.grad(jax.grad(_sqrt))(2.0)), -0.25 * 2.0**-1.5,
                               rtol=1e-5)
    np.testing.assert_allclose(jax.vmap(_sqrt)(jnp.array([4.0, 9.0])), [2.0, 3.0], rtol=1e-6)
    np.testing.assert_allclose(float(jax.jit(_sqrt)(4.0)), 2.0, rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# Collectives under vmap(axis_name=...)


def _on(f, x):
    return jax.vmap(f, axis_name="i")(x)


def test_all_to_all_recorded_from_jax():
    got = _on(lambda v: lax.all_to_all(v, "i", 0, 0), jnp.arange(16.0).reshape(4, 4))
    assert got.tolist() == np.arange(16.0).reshape(4, 4).T.tolist()
    got = _on(lambda v: lax.all_to_all(v, "i", 0, 1, tiled=True), jnp.arange(32.0).reshape(4, 4, 2))
    assert got.tolist() == [[[0, 1, 8, 9, 16, 17, 24, 25]], [[2, 3, 10, 11, 18, 19, 26, 27]],
                            [[4, 5, 12, 13, 20, 21, 28, 29]], [[6, 7, 14, 15, 22, 23, 30, 31]]]
    got = _on(lambda v: lax.all_to_all(v, "i", 0, 1), jnp.arange(32.0).reshape(4, 4, 2))
    assert got.tolist()[0] == [[0.0, 8.0, 16.0, 24.0], [1.0, 9.0, 17.0, 25.0]]
    assert got.shape == (4, 2, 4)
    got = _on(lambda v: lax.pswapaxes(v, "i", 0), jnp.arange(16.0).reshape(4, 4))
    assert got.tolist() == np.arange(16.0).reshape(4, 4).T.tolist()


def test_all_to_all_differentiates():
    x = RNG.standard_normal((4, 4, 2))
    jax.config.update("jax_enable_x64", True)
    try:
        check_grads(lambda v: _on(lambda u: lax.all_to_all(u, "i", 0, 1, tiled=True) ** 2, v),
                    (x,), order=1)
    finally:
        jax.config.update("jax_enable_x64", False)


def test_other_collectives():
    x = jnp.arange(4.0)
    assert _on(lambda v: lax.pshuffle(v, "i", [1, 2, 3, 0]), x).tolist() == [1.0, 2.0, 3.0, 0.0]
    with pytest.raises(ValueError, match="does not represent a permutation"):
        _on(lambda v: lax.pshuffle(v, "i", [1, 1, 3, 0]), x)
    assert _on(lambda v: lax.pbroadcast(v, "i", 2), x).tolist() == [2.0, 2.0, 2.0, 2.0]
    assert _on(lambda v: lax.pcast(v, "i", to="varying"), x).tolist() == [0.0, 1.0, 2.0, 3.0]
    assert _on(lambda v: v * lax.axis_size("i"), jnp.ones(3)).tolist() == [3.0, 3.0, 3.0]
    with pytest.raises(NameError, match="unbound axis name: i"):
        lax.axis_size("i")
    for name in ("psend", "precv", "ragged_all_to_all"):
        with pytest.raises(NotImplementedError, match=f"lax.{name} needs several devices"):
            getattr(lax, name)(x, "i", [(0, 1)])


# ---------------------------------------------------------------------------------------------
# Tokens, staging and hints


def test_tokens_and_identities():
    t = lax.create_token()
    assert repr(lax.after_all(t, lax.create_token())) == "Token()"
    assert lax.dce_sink(jnp.ones(2)) is None
    s = lax.stage(2.0)
    assert _fact(s) == ("float32", (), True, 2.0)
    assert lax.stage(np.arange(2.0)).dtype == np.float32
    x = jnp.ones(2)
    assert lax.with_sharding_constraint(x, object()) is x
    with pytest.raises(ValueError, match="got sharding None which is not allowed"):
        lax.with_sharding_constraint(x, None)
    assert float(lax.platform_dependent(3.0, cpu=lambda v: v * 2, default=lambda v: v)) == 6.0
    assert float(lax.platform_dependent(3.0, tpu=lambda v: v * 2, default=lambda v: v)) == 3.0
    with pytest.raises(NotImplementedError, match="no branch for platform 'cpu'"):
        lax.platform_dependent(3.0, tpu=lambda v: v)
    doubled = lax.composite(lambda v: v * 2, name="my.double")
    assert float(doubled(2.0)) == 4.0 and float(jax.grad(doubled)(2.0)) == 2.0


def test_custom_linear_solve_pytrees_and_batched_closures():
    mat = jnp.asarray(A)

    def matvec(x):
        return {"u": mat @ x["u"], "v": 2 * x["v"]}

    def solve(m, b):
        return {"u": jnp.linalg.solve(mat, b["u"]), "v": b["v"] / 2}

    f = lambda b: lax.custom_linear_solve(matvec, b, solve, symmetric=True)
    b = {"u": jnp.array([1.0, 2.0]), "v": jnp.array(3.0)}
    out = f(b)
    assert out["u"].tolist() == [0.0, 1.0] and float(out["v"]) == 1.5
    g = jax.grad(lambda s: (f({"u": s * b["u"], "v": s * b["v"]})["u"] ** 2).sum()
                 + f({"u": b["u"], "v": s})["v"])(2.0)
    np.testing.assert_allclose(float(g), 4.5, rtol=1e-6)

    # the solver closes over a batched scale: solve(s A, b), d/ds sum(x) = -sum(x) / s
    def h(s, b):
        return lax.custom_linear_solve(lambda x: s * (mat @ x), b,
                                       lambda m, r: jnp.linalg.solve(s * mat, r), symmetric=True)

    s, bs = jnp.array([1.0, 2.0]), jnp.array([[1.0, 2.0], [1.0, 2.0]])
    np.testing.assert_allclose(jax.vmap(h)(s, bs), [[0.0, 1.0], [0.0, 0.5]], atol=1e-6)
    np.testing.assert_allclose(jax.vmap(jax.grad(lambda s, b: h(s, b).sum()))(s, bs),
                               [-1.0, -0.25], rtol=1e-6)


def test_custom_root_has_aux():
    def newton(f, x0):
        x = x0
        for _ in range(20):
            x = x - f(x) / jax.grad(f)(x)
        return x, 20

    def cbrt(a):
        return lax.custom_root(lambda x: x**3 - a, 1.0, newton, lambda g, y: y / g(1.0),
                               has_aux=True)

    root, aux = cbrt(8.0)
    assert float(root) == 2.0 and aux == 20
    np.testing.assert_allclose(float(jax.grad(lambda a: cbrt(a)[0])(8.0)), 1 / 12, rtol=1e-6)
    np.testing.assert_allclose(jax.vmap(lambda a: cbrt(a)[0])(jnp.array([8.0, 27.0])),
                               [2.0, 3.0], rtol=1e-6)
