"""jnp.linalg: argument checking, dtype promotion (integers become the default float) and
broadcasting, then the primitives of lax/linalg.py and lax/linalg_extra.py. No rules live
here except pinv's closed-form derivative (a custom_jvp, as in JAX)."""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Tracer
from ..lax import elementwise as lax
from ..lax import linalg as lax_linalg
from ..lax import linalg_extra
from . import reductions, shape_ops, ufuncs
from .lax_numpy import matmul, tensordot, vecdot  # noqa: F401 - re-exported by jnp.linalg
from .linalg_norm import norm
from .util import canonicalize_axis, check_arraylike, promote_to_inexact, to_array


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class EigResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


def _inexact(name, *args):
    check_arraylike(name, *args)
    return promote_to_inexact(*args)


def _square(name, a, label=None):
    (a,) = _inexact(name, a)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"Argument to {label or name} must have shape [..., n, n], got "
                         f"{tuple(a.shape)}.")
    return a


def _broadcast_batch(a, b, b_core):
    """a (..., n, n) and b (..., *b_core) with their batch dimensions broadcast."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:b.ndim - b_core])
    a = shape_ops.broadcast_to(a, (*batch, *a.shape[-2:]))
    b = shape_ops.broadcast_to(b, (*batch, *b.shape[b.ndim - b_core:]))
    return a, b


# ---------------------------------------------------------------------------------------------
# Factorizations


def cholesky(a, *, upper: bool = False, symmetrize_input: bool = True):
    """numpy.linalg.cholesky: the lower factor L (a = L L^H), or upper U = L^H. A matrix that
    is not positive definite gives NaNs (JAX on CPU), not LinAlgError."""
    (a,) = _inexact("jnp.linalg.cholesky", a)
    chol = lax_linalg.cholesky(a, symmetrize_input=symmetrize_input)
    return lax_linalg._H(chol) if upper else chol


def qr(a, mode: str = "reduced"):
    """numpy.linalg.qr for modes 'reduced', 'complete' and 'r' ('raw' is not supported, as in
    JAX)."""
    (a,) = _inexact("jnp.linalg.qr", a)
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"Unsupported QR decomposition mode '{mode}'")
    q, r = lax_linalg.qr(a, full_matrices=mode == "complete")
    if mode == "r":
        return r
    return QRResult(q, r)


def svd(a, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False,
        subset_by_index=None):
    """numpy.linalg.svd; `hermitian` uses eigh (s = |eigenvalues|, sorted descending)."""
    (a,) = _inexact("jnp.linalg.svd", a)
    if hermitian:
        v, w = lax_linalg.eigh(a, subset_by_index=subset_by_index)
        s = ufuncs.abs(w)
        from .manipulation import flip
        from .searching import argsort, take_along_axis

        order = flip(argsort(s, axis=-1), -1)
        s = take_along_axis(s, order, axis=-1)
        if not compute_uv:
            return s
        sign = lax.convert_element_type(ufuncs.sign(w), a.dtype)
        rows = shape_ops.expand_dims(order, -2)
        u = take_along_axis(v, shape_ops.broadcast_to(rows, v.shape), axis=-1)
        signed = take_along_axis(ufuncs.multiply(v, shape_ops.expand_dims(sign, -2)),
                                 shape_ops.broadcast_to(rows, v.shape), axis=-1)
        return SVDResult(u, s, lax_linalg._H(signed))
    if not compute_uv:
        return lax_linalg.svd(a, compute_uv=False, subset_by_index=subset_by_index)
    u, s, vh = lax_linalg.svd(a, full_matrices=full_matrices, subset_by_index=subset_by_index)
    return SVDResult(u, s, vh)


def svdvals(x, /):
    """numpy.linalg.svdvals: singular values, descending."""
    return svd(x, compute_uv=False)


def eigh(a, UPLO: str | None = None, symmetrize_input: bool = True):
    """numpy.linalg.eigh: (eigenvalues ascending, eigenvectors as columns). With
    `symmetrize_input` (JAX's default) the input is replaced by (a + a^H) / 2."""
    (a,) = _inexact("jnp.linalg.eigh", a)
    lower = _uplo(UPLO)
    v, w = lax_linalg.eigh(a, lower=lower, symmetrize_input=symmetrize_input)
    return EighResult(w, v)


def _uplo(UPLO):
    if UPLO is None or UPLO == "L":
        return True
    if UPLO == "U":
        return False
    raise ValueError(f"UPLO must be one of None, 'L', or 'U', got {UPLO}")


def eigvalsh(a, UPLO: str | None = "L", *, symmetrize_input: bool = True):
    """numpy.linalg.eigvalsh: eigenvalues of a Hermitian matrix, ascending."""
    return eigh(a, UPLO, symmetrize_input).eigenvalues


def eig(a):
    """numpy.linalg.eig: complex eigenvalues and right eigenvectors (always complex dtype, as
    JAX). Only the eigenvalues are differentiable."""
    (a,) = _inexact("jnp.linalg.eig", a)
    w, v = lax_linalg.eig(a, compute_left_eigenvectors=False)
    return EigResult(w, v)


def eigvals(a):
    """numpy.linalg.eigvals (complex dtype)."""
    (a,) = _inexact("jnp.linalg.eigvals", a)
    return lax_linalg.eig(a, compute_left_eigenvectors=False,
                          compute_right_eigenvectors=False)[0]


# ---------------------------------------------------------------------------------------------
# Solving and inverting


def solve(a, b):
    """numpy.linalg.solve: b is a vector only when 1-D (NumPy 2), else a stack of matrices;
    batch dimensions broadcast. LU with partial pivoting; a singular `a` gives inf/NaN."""
    a, b = _inexact("jnp.linalg.solve", a, b)
    if a.ndim < 2:
        raise ValueError(f"left hand array must be at least two dimensional; got a.shape="
                         f"{tuple(a.shape)}")
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(f"Argument to solve must have shape [..., n, n], got "
                         f"{tuple(a.shape)}.")
    n = a.shape[-1]
    if b.ndim == 1:
        if b.shape[0] != n:
            raise ValueError(f"inconsistent size for core dimension 'm': {b.shape[0]} vs {n} on "
                             "vectorized function with excluded=frozenset() and "
                             "signature='(m,m),(m)->(m)'")
        a, b2 = _broadcast_batch(a, shape_ops.reshape(b, (n, 1)), 2)
        return shape_ops.reshape(_solve_matrix(a, b2), (*a.shape[:-2], n))
    if a.ndim == b.ndim + 1 and b.shape[-1] == n != b.shape[-2]:
        # What NumPy 1.x (and JAX < 0.5) solved as a stack of vectors: say so, as JAX does.
        raise ValueError(
            f"Invalid shapes for solve: {tuple(a.shape)}, {tuple(b.shape)}. Prior to JAX v0.5.0,"
            " this would have been treated as a batched 1-dimensional solve. To recover this"
            " behavior, use solve(a, b[..., None]).squeeze(-1).")
    if b.shape[-2] != n:
        raise ValueError(f"inconsistent size for core dimension 'm': {b.shape[-2]} vs {n} on "
                         "vectorized function with excluded=frozenset() and "
                         "signature='(m,m),(m,n)->(m,n)'")
    if a.ndim == 2 and b.ndim > 2:
        # One matrix, many right-hand sides: factor once, solve for all columns together.
        cols = shape_ops.reshape(shape_ops.moveaxis(b, -2, 0), (n, -1))
        x = shape_ops.reshape(_solve_matrix(a, cols), (n, *b.shape[:-2], b.shape[-1]))
        return shape_ops.moveaxis(x, 0, -2)
    a, b = _broadcast_batch(a, b, 2)
    return _solve_matrix(a, b)


def _solve_matrix(a, b):
    return linalg_extra.solve(a, b)


def inv(a):
    """numpy.linalg.inv (via solve with the identity)."""
    a = _square("jnp.linalg.inv", a, "inv")
    eye = shape_ops.broadcast_to(Array(np.eye(a.shape[-1], dtype=a.dtype)), a.shape)
    return _solve_matrix(a, eye)


def _entry(a, i, j):
    *batch, _, _ = a.shape
    from ..lax.slicing import slice as lax_slice

    out = lax_slice(a, (0,) * len(batch) + (i, j), (*batch, i + 1, j + 1))
    return shape_ops.reshape(out, tuple(batch))


def _det_small(a):
    """Explicit 2x2 and 3x3 determinants: polynomials, so every derivative is exact (also at
    singular matrices), as in JAX."""
    e = [[_entry(a, i, j) for j in range(a.shape[-1])] for i in range(a.shape[-1])]
    mul, sub, add = lax.mul, lax.sub, lax.add
    if a.shape[-1] == 2:
        return sub(mul(e[0][0], e[1][1]), mul(e[0][1], e[1][0]))
    return add(sub(mul(e[0][0], sub(mul(e[1][1], e[2][2]), mul(e[1][2], e[2][1]))),
                   mul(e[0][1], sub(mul(e[1][0], e[2][2]), mul(e[1][2], e[2][0])))),
               mul(e[0][2], sub(mul(e[1][0], e[2][1]), mul(e[1][1], e[2][0]))))


def det(a):
    """numpy.linalg.det. Its gradient is the adjugate (transposed), finite also at singular
    matrices."""
    a = _square("jnp.linalg.det", a, "_det()")
    if a.shape[-1] in (2, 3):
        return _det_small(a)
    if a.shape[-1] == 1:
        return _entry(a, 0, 0)
    return linalg_extra.det(a)


def slogdet(a, *, method: str | None = None):
    """numpy.linalg.slogdet: (sign, log|det|) from an LU factorization (method 'lu', the
    default; 'qr' is accepted and uses the same LU). Singular: (0, -inf). The derivative of
    log|det| is Re tr(solve(a, da)), as JAX's."""
    a = _square("jnp.linalg.slogdet", a, "slogdet()")
    if method not in (None, "lu", "qr"):
        raise ValueError(f"Unknown slogdet method '{method}'. Supported methods are 'lu' "
                         "(`None`), and 'qr'.")
    n = a.shape[-1]
    if n in (1, 2):  # as JAX: through the explicit determinant
        d = _entry(a, 0, 0) if n == 1 else _det_small(a)
        return SlogdetResult(ufuncs.sign(d), ufuncs.log(ufuncs.abs(d)))
    sign, logdet = linalg_extra.slogdet(a)
    return SlogdetResult(sign, logdet)


def _default_rtol(a):
    return float(np.finfo(a.dtype).eps) * max(a.shape[-2:])


def pinv(a, rtol=None, hermitian: bool = False, *, rcond=None):
    """numpy.linalg.pinv via the SVD; singular values below rtol * max(s) are dropped
    (default rtol = eps * max(m, n), as JAX). Its derivative is the closed form of Golub and
    Pereyra (as JAX's), finite also for rank-deficient matrices."""
    (a,) = _inexact("jnp.linalg.pinv", a)
    if rcond is not None:
        rtol = rcond
    if a.ndim < 2:
        raise ValueError(f"Input 0 to pinv must have rank at least 2, got shape "
                         f"{tuple(a.shape)}")
    m, n = a.shape[-2:]
    if m == 0 or n == 0:
        return shape_ops.matrix_transpose(a)
    rtol = _default_rtol(a) if rtol is None else float(rtol)
    return _pinv_with_jvp()(a, rtol, bool(hermitian))


def _pinv_value(a, rtol, hermitian):
    u, s, vh = svd(a, full_matrices=False, hermitian=hermitian)
    cutoff = ufuncs.multiply(shape_ops.expand_dims(reductions.max(s, axis=-1), -1),
                             to_array(rtol, s.dtype))
    keep = ufuncs.greater(s, cutoff)
    s_inv = _where(keep, ufuncs.divide(1, _where(keep, s, 1)), 0)
    s_inv = lax.convert_element_type(s_inv, a.dtype)
    return matmul(ufuncs.multiply(lax_linalg._H(vh), shape_ops.expand_dims(s_inv, -2)),
                  lax_linalg._H(u))


def _pinv_jvp(rtol, hermitian, primals, tangents):
    # dP = -P dA P + P P^H dA^H (I - A P) + (I - P A) dA^H P^H P.
    (a,), (a_dot,) = primals, tangents
    p = _pinv_value(a, rtol, hermitian)
    m, n = a.shape[-2:]
    eye_m = Array(np.eye(m, dtype=a.dtype))
    eye_n = Array(np.eye(n, dtype=a.dtype))
    p_h, a_dot_h = lax_linalg._H(p), lax_linalg._H(a_dot)
    first = ufuncs.negative(matmul(matmul(p, a_dot), p))
    second = matmul(matmul(matmul(p, p_h), a_dot_h), ufuncs.subtract(eye_m, matmul(a, p)))
    third = matmul(matmul(ufuncs.subtract(eye_n, matmul(p, a)), a_dot_h), matmul(p_h, p))
    return p, ufuncs.add(ufuncs.add(first, second), third)


@functools.cache
def _pinv_with_jvp():
    from ..custom_derivatives import custom_jvp

    fun = custom_jvp(_pinv_value, nondiff_argnums=(1, 2))
    fun.defjvp(_pinv_jvp)
    return fun


def _where(c, x, y):
    from .lax_numpy import where

    return where(c, x, y)


def lstsq(a, b, rcond=None, *, numpy_resid: bool = False):
    """numpy.linalg.lstsq for 2-D a and 1-D/2-D b via the SVD: (x, residuals, rank, s).
    Residuals are |b - a x|^2 per column (NumPy's empty array only with numpy_resid)."""
    a, b = _inexact("jnp.linalg.lstsq", a, b)
    if a.ndim != 2:
        raise TypeError(f"{a.ndim}-dimensional array given. Array must be two-dimensional")
    if b.ndim not in (1, 2):
        raise TypeError(f"{b.ndim}-dimensional array given. Array must be one or "
                        "two-dimensional")
    m, n = a.shape
    if b.shape[0] != m:
        raise ValueError("Leading dimensions of input arrays must match")
    b_vec = b.ndim == 1
    if b_vec:
        b = shape_ops.reshape(b, (m, 1))
    eps = float(np.finfo(a.dtype).eps)
    rcond = eps * max(n, m) if rcond is None else (eps if rcond < 0 else rcond)
    u, s, vh = svd(a, full_matrices=False)
    if s.shape[0]:
        keep = ufuncs.greater_equal(s, ufuncs.multiply(_index(s, 0), to_array(rcond, s.dtype)))
    else:
        keep = ufuncs.greater(s, 0)
    rank = reductions.sum(keep, dtype=dtypes.default_int_dtype())
    s_inv = _where(keep, ufuncs.divide(1, _where(keep, s, 1)), 0)
    uhb = matmul(lax_linalg._H(u), b)
    x = matmul(lax_linalg._H(vh), ufuncs.multiply(shape_ops.expand_dims(
        lax.convert_element_type(s_inv, a.dtype), -1), uhb))
    resid = norm(ufuncs.subtract(b, matmul(a, x)), axis=0) ** 2
    if numpy_resid and not (isinstance(rank, Array) and int(rank) == n and m > n):
        resid = Array(np.zeros((0,), s.dtype))
    if b_vec:  # resid keeps its one entry, as JAX
        x = shape_ops.reshape(x, (n,))
    return x, resid, rank, s


def _index(x, i):
    from ..lax.slicing import index_in_dim

    return index_in_dim(x, i, x.ndim - 1, keepdims=False)


def matrix_rank(M, rtol=None, *, hermitian: bool = False, tol=None):
    """numpy.linalg.matrix_rank: singular values above rtol * max(s) (default rtol =
    eps * max(m, n)); `tol` is an absolute threshold."""
    (M,) = _inexact("jnp.linalg.matrix_rank", M)
    if M.ndim < 2:
        return lax.convert_element_type(reductions.any(ufuncs.not_equal(M, 0)),
                                        dtypes.default_int_dtype())
    s = svd(M, compute_uv=False, hermitian=hermitian)
    if tol is not None:
        cutoff = to_array(tol, s.dtype)
        if cutoff.ndim:
            cutoff = shape_ops.expand_dims(cutoff, -1)
    else:
        rtol = _default_rtol(M) if rtol is None else rtol
        rtol = to_array(rtol, s.dtype)
        if rtol.ndim:
            rtol = shape_ops.expand_dims(rtol, -1)
        cutoff = ufuncs.multiply(reductions.max(s, axis=-1, keepdims=True), rtol)
    return reductions.sum(ufuncs.greater(s, cutoff), axis=-1, dtype=dtypes.default_int_dtype())


def matrix_power(a, n):
    """numpy.linalg.matrix_power: repeated squaring; negative n inverts first."""
    check_arraylike("jnp.linalg.matrix_power", a)
    a = to_array(a)
    if a.ndim < 2:
        raise TypeError(f"{a.ndim}-dimensional array given. Array must be at least "
                        "two-dimensional")
    if a.shape[-1] != a.shape[-2]:
        raise TypeError("Last 2 dimensions of the array must be square")
    if isinstance(n, Tracer) or not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"exponent must be an integer, got {n}")
    n = int(n)
    if n == 0:
        eye = Array(np.eye(a.shape[-1], dtype=a.dtype))
        return shape_ops.broadcast_to(eye, a.shape)
    if n < 0:
        a, n = inv(a), -n
    result = None
    power = a
    while n:
        if n & 1:
            result = power if result is None else matmul(result, power)
        n >>= 1
        if n:
            power = matmul(power, power)
    return result


def cond(x, p=None):
    """numpy.linalg.cond: s_max / s_min for p in (None, 2, -2), else norm(x) norm(inv(x)).
    Singular matrices give inf (NaN only when x has NaNs)."""
    (x,) = _inexact("jnp.linalg.cond", x)
    if x.ndim < 2:
        raise ValueError(f"jnp.linalg.cond: input array must be at least 2D; got "
                         f"arr.shape={tuple(x.shape)}")
    if x.shape[-1] == 0 or x.shape[-2] == 0:
        raise ValueError(f"jnp.linalg.cond: input array must not be empty; got "
                         f"arr.shape={tuple(x.shape)}")
    if p in (None, 2, -2):
        s = svd(x, compute_uv=False)
        big, small = _index(s, 0), _index(s, s.shape[-1] - 1)
        if p != -2:  # as JAX: no inf for a singular matrix here (0 / 0 stays NaN)
            return ufuncs.divide(big, small)
        r = ufuncs.divide(small, big)
    else:
        if x.shape[-1] != x.shape[-2]:
            raise ValueError(f"jnp.linalg.cond: for p={p!r}, array must be square; got "
                             f"x.shape={tuple(x.shape)}")
        r = ufuncs.multiply(norm(x, p, axis=(-2, -1)), norm(inv(x), p, axis=(-2, -1)))
    has_nan = reductions.any(ufuncs.isnan(x), axis=(-2, -1))
    return _where(ufuncs.logical_and(ufuncs.isnan(r), ufuncs.logical_not(has_nan)), np.inf, r)


def multi_dot(arrays, *, precision=None):
    """numpy.linalg.multi_dot: the chain of matmuls (1-D ends are row/column vectors),
    evaluated in the cheaper of left-to-right and right-to-left order."""
    check_arraylike("jnp.linalg.multi_dot", *arrays)
    arrays = [to_array(x) for x in arrays]
    ends_ok = all(x.ndim in (1, 2) for x in arrays[:1] + arrays[-1:])
    if len(arrays) < 2 or not ends_ok or any(x.ndim != 2 for x in arrays[1:-1]):
        raise ValueError("multi_dot: input arrays must all be two-dimensional, except for the "
                         "first and last array which may be 1 or 2 dimensional. Got array "
                         f"shapes {[tuple(x.shape) for x in arrays]}")
    out = arrays[0]
    for x in arrays[1:]:
        out = matmul(out, x)
    return out


def tensorsolve(a, b, axes=None):
    """numpy.linalg.tensorsolve: x with tensordot(a, x, x.ndim) == b."""
    a, b = _inexact("jnp.linalg.tensorsolve", a, b)
    if axes is not None:
        axes = [canonicalize_axis(ax, a.ndim) for ax in axes]
        rest = [i for i in range(a.ndim) if i not in axes]
        a = shape_ops.transpose(a, (*rest, *axes))
    out_shape = a.shape[b.ndim:]
    n = int(np.prod(out_shape, dtype=np.int64))
    if int(np.prod(a.shape[:b.ndim], dtype=np.int64)) != n:
        raise ValueError(f"tensorsolve: a.shape={tuple(a.shape)} must be square after "
                         f"flattening its first b.ndim={b.ndim} and its other axes")
    x = solve(shape_ops.reshape(a, (n, n)), shape_ops.reshape(b, (n,)))
    return shape_ops.reshape(x, out_shape)


def tensorinv(a, ind: int = 2):
    """numpy.linalg.tensorinv: the inverse with respect to tensordot over `ind` axes."""
    (a,) = _inexact("jnp.linalg.tensorinv", a)
    ind = int(ind)
    if ind <= 0:
        raise ValueError(f"ind must be a positive integer, got {ind}")
    front, back = a.shape[:ind], a.shape[ind:]
    n = int(np.prod(front, dtype=np.int64))
    if int(np.prod(back, dtype=np.int64)) != n:
        raise ValueError("tensorinv is only possible when the product of the first `ind` "
                         "dimensions equals that of the remaining dimensions. got arr.shape="
                         f"{tuple(a.shape)} with ind={ind}.")
    return shape_ops.reshape(inv(shape_ops.reshape(a, (n, n))), (*back, *front))


# ---------------------------------------------------------------------------------------------
# Array-API style helpers


def trace(x, /, *, offset: int = 0, dtype=None):
    """Array API linalg.trace: sum of the `offset` diagonal of the last two axes."""
    from .manipulation import trace as jnp_trace

    check_arraylike("jnp.linalg.trace", x)
    return jnp_trace(x, offset, -2, -1, dtype=dtype)


def diagonal(x, /, *, offset: int = 0):
    """Array API linalg.diagonal: the `offset` diagonal of the last two axes."""
    from .manipulation import diagonal as jnp_diagonal

    check_arraylike("jnp.linalg.diagonal", x)
    return jnp_diagonal(x, offset, -2, -1)


def outer(x1, x2, /):
    """Array API linalg.outer: outer product of two 1-D arrays."""
    from .lax_numpy import outer as jnp_outer

    check_arraylike("jnp.linalg.outer", x1, x2)
    x1, x2 = to_array(x1), to_array(x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(f"Input arrays must be one-dimensional, but they are x1.ndim="
                         f"{x1.ndim} x2.ndim={x2.ndim}")
    return jnp_outer(x1, x2)


def cross(x1, x2, /, *, axis=-1):
    """Array API linalg.cross: 3-vectors only, along `axis` (which must broadcast)."""
    from .math_extra import cross as jnp_cross

    check_arraylike("jnp.linalg.cross", x1, x2)
    x1, x2 = to_array(x1), to_array(x2)
    if x1.ndim == 0 or x2.ndim == 0 or x1.shape[axis] != 3 or x2.shape[axis] != 3:
        s1 = x1.shape[axis] if x1.ndim else None
        s2 = x2.shape[axis] if x2.ndim else None
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but they "
                         f"have x1.shape[axis]={s1} and x2.shape[axis]={s2}")
    return jnp_cross(x1, x2, axis=axis)


def matrix_transpose(x, /):
    """Array API linalg.matrix_transpose: swap the last two axes."""
    check_arraylike("jnp.linalg.matrix_transpose", x)
    x = to_array(x)
    if x.ndim < 2:
        raise ValueError(f"matrix_transpose requires at least 2 dimensions; got ndim={x.ndim}")
    return lax_linalg._mT(x)


def vector_norm(x, /, *, axis=None, keepdims: bool = False, ord=2):
    """Array API linalg.vector_norm: with axis=None the norm of the flattened array."""
    check_arraylike("jnp.linalg.vector_norm", x)
    x = to_array(x)
    axes = tuple(range(x.ndim)) if axis is None else tuple(
        canonicalize_axis(a, x.ndim) for a in (axis if isinstance(axis, (tuple, list))
                                                else (axis,)))
    rest = [d for d in range(x.ndim) if d not in axes]
    flat = shape_ops.reshape(shape_ops.transpose(x, (*rest, *axes)),
                             (*(x.shape[d] for d in rest), -1))
    out = norm(flat, ord=ord, axis=-1)
    if keepdims:
        out = shape_ops.reshape(out, tuple(1 if d in axes else x.shape[d]
                                           for d in range(x.ndim)))
    return out


def matrix_norm(x, /, *, keepdims: bool = False, ord="fro"):
    """Array API linalg.matrix_norm over the last two axes."""
    check_arraylike("jnp.linalg.matrix_norm", x)
    return norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)
