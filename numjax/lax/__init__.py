"""numjax.lax: the strict primitive layer (`jax.lax`)."""

from .._src.lax.dot import dot, dot_general  # noqa: F401
from .._src.lax.elementwise import (  # noqa: F401
    abs, acos, add, asin, asinh, atan, atan2, atanh, acosh, bitwise_and, bitwise_not,
    bitwise_or, bitwise_xor, cbrt, ceil, clamp, clz, conj, convert_element_type, cos, cosh,
    digamma, div, eq, erf, erf_inv, erfc, exp, exp2, expm1, floor, ge, gt, imag, integer_pow,
    is_finite, le, lgamma, log, log1p, logistic, lt, max, min, mul, ne, neg, nextafter,
    polygamma, population_count, pow, real, rem, round, rsqrt, select, select_n, shift_left,
    shift_right_arithmetic, shift_right_logical, sign, sin, sinh, sqrt, sub, tan, tanh,
)
from .._src.lax.reductions import (  # noqa: F401
    argmax, argmin, reduce_and, reduce_max, reduce_min, reduce_or, reduce_prod, reduce_sum,
    reduce_xor,
)
from .._src.lax.slicing import (  # noqa: F401
    concatenate, index_in_dim, pad, rev, slice, slice_in_dim,
)
from .._src.lax.structural import (  # noqa: F401
    broadcast, broadcast_in_dim, broadcasted_iota, expand_dims, iota, reshape, squeeze,
    transpose,
)

from .._src.lax.elementwise import bitwise_not as not_  # noqa: F401,E402
from .._src.lax.elementwise import bitwise_and as and_  # noqa: F401,E402
from .._src.lax.elementwise import bitwise_or as or_  # noqa: F401,E402
from .._src.lax.elementwise import bitwise_xor as xor  # noqa: F401,E402


def stop_gradient(x):
    """Identity whose derivative is zero (applied to every leaf of a pytree)."""
    from .._src.lax.ad_util import stop_gradient as _sg

    return _sg(x)

# Indexing, sorting, cumulative and bitcast families.
from .._src.lax.bitcast import bitcast_convert_type, reduce_precision  # noqa: F401,E402
from .._src.lax.cumulative import (  # noqa: F401,E402
    cumlogsumexp, cummax, cummin, cumprod, cumsum,
)
from .._src.lax.dynamic_slicing import (  # noqa: F401,E402
    dynamic_index_in_dim, dynamic_slice, dynamic_slice_in_dim, dynamic_update_index_in_dim,
    dynamic_update_slice, dynamic_update_slice_in_dim,
)
from .._src.lax.indexing import (  # noqa: F401,E402
    gather, scatter, scatter_add, scatter_max, scatter_min, scatter_mul,
)
from .._src.lax.sorting import argsort, sort, sort_key_val, top_k  # noqa: F401,E402
from .._src.lax.special import (  # noqa: F401,E402
    bessel_i0e, bessel_i1e, igamma, igamma_grad_a, igammac, regularized_incomplete_beta, zeta,
)
from .._src.lax.rng import random_gamma_grad  # noqa: F401,E402
from .._src.lax.parallel import (  # noqa: F401,E402
    all_gather, axis_index, pmax, pmean, pmin, ppermute, psum, psum_scatter,
)

# Linear algebra (numjax/_src/lax/linalg.py): `numjax.lax.linalg.cholesky`, ...
from . import linalg  # noqa: F401,E402

# Control flow (numjax/_src/lax/control_flow.py, loops.py).
from .._src.lax.control_flow import cond, switch  # noqa: F401,E402
from .._src.lax.associative_scan import associative_scan  # noqa: F401,E402
from .._src.lax.loops import fori_loop, scan, while_loop  # noqa: F401,E402
from .._src.lax.loops import map_ as map  # noqa: F401,E402
