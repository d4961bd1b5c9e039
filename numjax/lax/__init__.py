"""numjax.lax: the strict primitive layer (`jax.lax`)."""

from .._src.lax.dot import dot, dot_general  # noqa: F401
from .._src.lax.elementwise import (  # noqa: F401
    abs,
    acos,
    acosh,
    add,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    cbrt,
    ceil,
    clamp,
    clz,
    conj,
    convert_element_type,
    cos,
    cosh,
    digamma,
    div,
    eq,
    erf,
    erf_inv,
    erfc,
    exp,
    exp2,
    expm1,
    floor,
    ge,
    gt,
    imag,
    integer_pow,
    is_finite,
    le,
    lgamma,
    log,
    log1p,
    logistic,
    lt,
    max,
    min,
    mul,
    ne,
    neg,
    nextafter,
    polygamma,
    population_count,
    pow,
    real,
    rem,
    round,
    rsqrt,
    select,
    select_n,
    shift_left,
    shift_right_arithmetic,
    shift_right_logical,
    sign,
    sin,
    sinh,
    sqrt,
    square,
    sub,
    tan,
    tanh,
)
from .._src.lax.elementwise import bitwise_and as and_  # noqa: F401
from .._src.lax.elementwise import bitwise_not as not_  # noqa: F401
from .._src.lax.elementwise import bitwise_or as or_  # noqa: F401
from .._src.lax.elementwise import bitwise_xor as xor  # noqa: F401
from .._src.lax.fft import FftType, fft  # noqa: F401
from .._src.lax.reductions import (  # noqa: F401
    argmax,
    argmin,
    reduce_and,
    reduce_max,
    reduce_min,
    reduce_or,
    reduce_prod,
    reduce_sum,
    reduce_xor,
)
from .._src.lax.slicing import (  # noqa: F401
    concatenate,
    index_in_dim,
    pad,
    rev,
    slice,
    slice_in_dim,
)
from .._src.lax.structural import (  # noqa: F401
    broadcast,
    broadcast_in_dim,
    broadcasted_iota,
    expand_dims,
    iota,
    reshape,
    squeeze,
    transpose,
)


def stop_gradient(x):
    """Identity whose derivative is zero (applied to every leaf of a pytree)."""
    from .._src.lax.ad_util import stop_gradient as _sg

    return _sg(x)

# Indexing, sorting, cumulative and bitcast families.
from .._src.lax.associative_scan import associative_scan  # noqa: F401
from .._src.lax.bitcast import bitcast_convert_type, reduce_precision  # noqa: F401
from .._src.lax.collectives_extra import (  # noqa: F401
    all_to_all,
    axis_size,
    pbroadcast,
    pcast,
    precv,
    psend,
    pshuffle,
    pswapaxes,
    ragged_all_to_all,
)

# Control flow (numjax/_src/lax/control_flow.py, loops.py).
from .._src.lax.control_flow import cond, switch  # noqa: F401

# Convolutions and windowed reductions (numjax/_src/lax/convolution.py, windowed.py).
from .._src.lax.convolution import (  # noqa: F401
    ConvDimensionNumbers,
    ConvGeneralDilatedDimensionNumbers,
    conv,
    conv_dimension_numbers,
    conv_general_dilated,
    conv_general_dilated_p,
    conv_general_dilated_patches,
    conv_general_permutations,
    conv_general_shape_tuple,
    conv_shape_tuple,
    conv_transpose,
    conv_transpose_shape_tuple,
    conv_with_general_padding,
)
from .._src.lax.cumulative import (  # noqa: F401
    cumlogsumexp,
    cummax,
    cummin,
    cumprod,
    cumsum,
)
from .._src.lax.dynamic_slicing import (  # noqa: F401
    dynamic_index_in_dim,
    dynamic_slice,
    dynamic_slice_in_dim,
    dynamic_update_index_in_dim,
    dynamic_update_slice,
    dynamic_update_slice_in_dim,
)

# The rest of jax.lax: enums and dimension numbers (enums.py), composed functions and a few
# primitives (lax_extra.py, rng_bits.py, collectives_extra.py), implicit differentiation of
# solves (linear_solve.py).
from .._src.lax.enums import (  # noqa: F401
    AccuracyMode,
    DotAlgorithm,
    DotAlgorithmPreset,
    DotDimensionNumbers,
    GatherDimensionNumbers,
    GatherScatterMode,
    Precision,
    PrecisionLike,
    RaggedDotDimensionNumbers,
    RandomAlgorithm,
    RoundingMethod,
    ScatterDimensionNumbers,
    Tolerance,
)

# jax.lax.gather / scatter* with XLA dimension numbers, translated to numjax's point-form
# primitives (numjax/_src/lax/gather_scatter_api.py).
from .._src.lax.gather_scatter_api import (  # noqa: F401
    gather,
    scatter,
    scatter_add,
    scatter_apply,
    scatter_max,
    scatter_min,
    scatter_mul,
    scatter_sub,
)
from .._src.lax.lax_extra import (  # noqa: F401
    after_all,
    approx_max_k,
    approx_min_k,
    batch_matmul,
    betainc,
    broadcast_like,
    broadcast_shapes,
    broadcast_to_rank,
    collapse,
    complex,
    composite,
    conv_general_dilated_local,
    create_token,
    dce_sink,
    dtype,
    empty,
    full,
    full_like,
    index_take,
    mulhi,
    optimization_barrier,
    platform_dependent,
    ragged_dot,
    ragged_dot_general,
    reciprocal,
    reduce,
    scaled_dot,
    shape_as_value,
    split,
    stack,
    stage,
    tile,
    unstack,
    with_sharding_constraint,
)
from .._src.lax.linear_solve import custom_linear_solve, custom_root  # noqa: F401
from .._src.lax.loops import fori_loop, scan, while_loop  # noqa: F401
from .._src.lax.loops import map_ as map  # noqa: F401
from .._src.lax.parallel import (  # noqa: F401
    all_gather,
    axis_index,
    pmax,
    pmean,
    pmin,
    ppermute,
    psum,
    psum_scatter,
)
from .._src.lax.rng import random_gamma_grad  # noqa: F401
from .._src.lax.rng_bits import rng_bit_generator, rng_uniform  # noqa: F401
from .._src.lax.sorting import argsort, sort, sort_key_val, top_k  # noqa: F401
from .._src.lax.special import (  # noqa: F401
    bessel_i0e,
    bessel_i1e,
    igamma,
    igamma_grad_a,
    igammac,
    regularized_incomplete_beta,
    zeta,
)
from .._src.lax.windowed import (  # noqa: F401
    padtype_to_pads,
    reduce_window,
    reduce_window_max_p,
    reduce_window_min_p,
    reduce_window_shape_tuple,
    reduce_window_sum_p,
    select_and_gather_add_p,
    select_and_scatter_add_p,
)

# Linear algebra (numjax/_src/lax/linalg.py): `numjax.lax.linalg.cholesky`, ...
from . import linalg  # noqa: F401

# jax.lax's primitive objects (`add_p`, ...): each numjax primitive held by a numjax._src.lax
# module under one of these names is exported under it; the others stay missing.
_JAX_PRIMITIVE_NAMES = frozenset(["abs_p", "acos_p", "acosh_p", "add_p", "after_all_p", "all_gather_p", "all_to_all_p", "and_p", "approx_top_k_p", "argmax_p", "argmin_p", "asin_p", "asinh_p", "atan2_p", "atan_p", "atanh_p", "axis_index_p", "bessel_i0e_p", "bessel_i1e_p", "bitcast_convert_type_p", "broadcast_in_dim_p", "cbrt_p", "ceil_p", "clamp_p", "clz_p", "complex_p", "concatenate_p", "cond_p", "conj_p", "conv_general_dilated_p", "convert_element_type_p", "copy_p", "cos_p", "cosh_p", "create_token_p", "cumlogsumexp_p", "cummax_p", "cummin_p", "cumprod_p", "cumsum_p", "dce_sink_p", "device_put_p", "digamma_p", "div_p", "dot_general_p", "dynamic_slice_p", "dynamic_update_slice_p", "eq_p", "eq_to_p", "erf_inv_p", "erf_p", "erfc_p", "exp2_p", "exp_p", "expm1_p", "fft_p", "floor_p", "gather_p", "ge_p", "gt_p", "igamma_grad_a_p", "igamma_p", "igammac_p", "imag_p", "integer_pow_p", "iota_p", "is_finite_p", "le_p", "le_to_p", "lgamma_p", "linear_solve_p", "log1p_p", "log_p", "logistic_p", "lt_p", "lt_to_p", "max_p", "min_p", "mul_p", "mulhi_p", "ne_p", "neg_p", "nextafter_p", "not_p", "optimization_barrier_p", "or_p", "pad_p", "pmax_p", "pmin_p", "polygamma_p", "population_count_p", "pow_p", "ppermute_p", "psum_p", "ragged_all_to_all_p", "real_p", "reduce_and_p", "reduce_max_p", "reduce_min_p", "reduce_or_p", "reduce_p", "reduce_precision_p", "reduce_prod_p", "reduce_sum_p", "reduce_window_max_p", "reduce_window_min_p", "reduce_window_p", "reduce_window_sum_p", "reduce_xor_p", "regularized_incomplete_beta_p", "rem_p", "reshape_p", "rev_p", "rng_bit_generator_p", "rng_uniform_p", "round_p", "rsqrt_p", "scan_p", "scatter_add_p", "scatter_max_p", "scatter_min_p", "scatter_mul_p", "scatter_p", "scatter_sub_p", "select_and_gather_add_p", "select_and_scatter_add_p", "select_and_scatter_p", "select_n_p", "sharding_constraint_p", "shift_left_p", "shift_right_arithmetic_p", "shift_right_logical_p", "sign_p", "sin_p", "sinh_p", "slice_p", "sort_p", "split_p", "sqrt_p", "square_p", "squeeze_p", "stack_p", "stage_p", "stop_gradient_p", "sub_p", "tan_p", "tanh_p", "tile_p", "top_k_p", "transpose_p", "unstack_p", "while_p", "xor_p", "zeta_p"])


def _export_primitives() -> None:
    import importlib
    import pkgutil

    from .._src import lax as lax_modules
    from .._src.core import Primitive

    here = globals()
    for info in pkgutil.iter_modules(lax_modules.__path__):
        module = importlib.import_module(f"{lax_modules.__name__}.{info.name}")
        for name, value in vars(module).items():
            if name in _JAX_PRIMITIVE_NAMES and isinstance(value, Primitive):
                here.setdefault(name, value)


_export_primitives()
