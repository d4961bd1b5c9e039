"""The `jax.numpy` namespace, assembled inside the numpy layer.

numjax/numpy/__init__.py re-exports it; modules of this layer (and the scipy modules above
it) that write `jnp.where(...)` use this module, so nothing below the public package imports
the public package.
"""

import numpy as _np

from .. import dtypes as _dtypes
from ..array import PublicArray as ndarray  # noqa: F401 - jnp.ndarray is jax.Array
from ..dtypes import (  # noqa: F401
    bfloat16, dtype, finfo, float0, iinfo, issubdtype, promote_types, result_type,
)
from .creation import (  # noqa: F401
    arange, array, asarray, empty, empty_like, eye, full, full_like, geomspace, identity,
    linspace, logspace, meshgrid, ones, ones_like, tri, zeros, zeros_like,
)
from .lax_numpy import (  # noqa: F401
    around, clip, dot, inner, kron, matmul, outer, round, tensordot, vdot, vecdot, where,
)
from .reductions import (  # noqa: F401
    all, amax, amin, any, argmax, argmin, count_nonzero, max, mean, min, prod, ptp, std, sum,
    var,
)
from .shape_ops import (  # noqa: F401
    atleast_1d, atleast_2d, atleast_3d, broadcast_arrays, broadcast_shapes, broadcast_to,
    column_stack, concat, concatenate, dstack, expand_dims, hstack, matrix_transpose, moveaxis,
    permute_dims, ravel, reshape, row_stack, squeeze, stack, swapaxes, transpose, vstack,
)
from .ufuncs import (  # noqa: F401
    abs, absolute, acos, acosh, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2,
    arctanh, asin, asinh, atan, atan2, atanh, bitwise_and, bitwise_count, bitwise_invert,
    bitwise_left_shift, bitwise_not, bitwise_or, bitwise_right_shift, bitwise_xor, cbrt, ceil,
    conj, conjugate, copysign, cos, cosh, deg2rad, degrees, divide, divmod, equal, exp, exp2,
    expm1, fabs, fix, float_power, floor, floor_divide, fmod, frexp, gcd, greater,
    greater_equal, heaviside, hypot, imag, invert, isfinite, isinf, isnan, isneginf, isposinf,
    lcm, ldexp, left_shift, less, less_equal, log, log1p, log2, log10, logaddexp, logaddexp2,
    logical_and, logical_not, logical_or, logical_xor, maximum, minimum, mod, modf, multiply,
    negative, nextafter, not_equal, positive, pow, power, rad2deg, radians, real, reciprocal,
    remainder, right_shift, rint, sign, signbit, sin, sinc, sinh, spacing, sqrt, square,
    subtract, tan, tanh, true_divide, trunc,
)

# Scalar types and dtypes (jnp.float32(x) makes a strong 0-d array).
from .scalar_types import (  # noqa: F401
    bool_, complex64, complex128, float16, float32, float64, int8, int16, int32, int64, uint8,
    uint16, uint32, uint64, uint, int_, float_, complex_,
)
from .scalar_types import bool_ as bool  # noqa: A001, F401 - NumPy 2 / JAX name

pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
euler_gamma = _np.euler_gamma
newaxis = None
integer = _np.integer
signedinteger = _np.signedinteger
unsignedinteger = _np.unsignedinteger
floating = _np.floating
complexfloating = _np.complexfloating
inexact = _np.inexact
number = _np.number
generic = _np.generic
character = _np.character
flexible = _np.flexible

# Sorting, searching, taking and cumulative functions (also registers their Array methods).
from .searching import (  # noqa: F401,E402
    argpartition, argsort, argwhere, cumprod, cumsum, cumulative_prod, cumulative_sum,
    flatnonzero, lexsort, nancumprod, nancumsum, nonzero, partition, put_along_axis,
    searchsorted, sort, take, take_along_axis, unique,
)

# Manipulation, extra numerics and linalg.norm (numjax/_src/numpy/manipulation.py,
# math_extra.py, linalg_norm.py).
from .manipulation import (  # noqa: F401,E402
    append, apply_along_axis, apply_over_axes, array_split, block, copy, delete, diag,
    diag_indices, diag_indices_from, diagflat, diagonal, diff, dsplit, ediff1d, fill_diagonal,
    flip, fliplr, flipud, fromfunction, hsplit, indices, insert, iscomplex, iscomplexobj,
    isreal, isrealobj, isscalar, ix_, mask_indices, ndim, pad, piecewise, ravel_multi_index,
    repeat, resize, roll, rollaxis, rot90, select, shape, size, split, tile, trace, tril,
    tril_indices, tril_indices_from, triu, triu_indices, triu_indices_from, trim_zeros,
    unravel_index, unstack, vander, vsplit,
)
from .math_extra import (  # noqa: F401,E402
    allclose, array_equal, array_equiv, average, bartlett, bincount, blackman, convolve,
    corrcoef, correlate, cov, cross, digitize, einsum, fmax, fmin, hamming, hanning, histogram,
    histogram_bin_edges, interp, isclose, matvec, median, nan_to_num, nanargmax, nanargmin,
    nanmax, nanmean, nanmedian, nanmin, nanpercentile, nanprod, nanquantile, nanstd, nansum,
    nanvar, percentile, polyadd, polyder, polyint, polymul, polysub, polyval, quantile,
    trapezoid, vecmat,
)
from . import fft, linalg  # noqa: F401,E402 - the internal modules behind jnp.fft/linalg
from . import array_methods as _am  # noqa: E402

for _name, _fn in (("repeat", repeat), ("diagonal", diagonal), ("trace", trace),
                   ("copy", copy)):
    _am.register_method(_name, _fn)
del _am, _name, _fn
from .vectorize import vectorize  # noqa: F401,E402
from .index_tricks import c_, index_exp, mgrid, ogrid, r_, s_  # noqa: F401,E402

# Less common functions, set operations, aliases and ml_dtypes scalar types
# (numjax/_src/numpy/extra_functions.py, setops.py).
from .extra_functions import (  # noqa: F401,E402
    ComplexWarning, angle, array_repr, array_str, astype, can_cast, choose, compress,
    einsum_path, extract, frombuffer, fromiter, fromstring, get_printoptions, gradient,
    histogram2d, histogramdd, i0, isdtype, iterable, kaiser, packbits, place, poly, polydiv,
    polyfit, printoptions, put, roots, set_printoptions, sort_complex, unpackbits, unwrap,
    from_dlpack, fromfile, frompyfunc, load, save, savez, ufunc,
)
from .setops import (  # noqa: F401,E402
    intersect1d, isin, setdiff1d, setxor1d, union1d, unique_all, unique_counts, unique_inverse,
    unique_values,
)
from .extra_functions import ML_SCALAR_TYPES as _ml_types  # noqa: E402

globals().update(_ml_types)
del _ml_types
double, single, cdouble, csingle = float64, float32, complex128, complex64
object_ = _np.object_
