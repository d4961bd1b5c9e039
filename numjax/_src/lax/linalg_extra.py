"""Linear-algebra primitives beside the factorizations of linalg.py: tridiagonal_solve
(`jax.lax.linalg.tridiagonal_solve`, the Thomas algorithm), and solve, slogdet and det, which
JAX builds from lu with custom derivatives; here each is one primitive (one NumPy/LAPACK call
eagerly and under jit) carrying the derivative JAX defines: solve's, Re tr(solve(a, da)) for
slogdet, the adjugate (finite at singular matrices) for det. Also the compositions
symmetric_product and cholesky_update. Rules are written with lax operations; must not import
the numpy layer.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import ShapedArray
from ..interpreters.jvp import Zero, instantiate
from ..interpreters.transpose import is_undefined
from .elementwise import add, convert_element_type, div, is_finite, mul, ne, neg, rem, select, sub
from .helpers import full_like, primitive
from .linalg import (
    _batch_front,
    _check_matrix,
    _const,
    _fold_batch_into_columns,
    _mT,
    _scale_rows,
    checked_eagerly,
    diagonal,
    lu,
    matmul,
    permutation_matrix,
    triangular_solve,
)
from .reductions import reduce_and, reduce_sum
from .slicing import concatenate
from .slicing import slice as lax_slice
from .structural import broadcast_in_dim, broadcasted_iota, reshape

# ---------------------------------------------------------------------------------------------
# tridiagonal_solve: the Thomas algorithm over the last axis (dl[0] and du[-1] are ignored)


def _tridiagonal_solve_impl(dl, d, du, b, *, perturb_singular=False):
    n = d.shape[-1]
    cp = np.zeros_like(d)
    x = np.zeros_like(b)
    dp = np.zeros_like(b)
    with np.errstate(all="ignore"):
        denom = d[..., 0]
        cp[..., 0] = du[..., 0] / denom
        dp[..., 0, :] = b[..., 0, :] / denom[..., None]
        for i in range(1, n):
            denom = d[..., i] - dl[..., i] * cp[..., i - 1]
            cp[..., i] = du[..., i] / denom
            dp[..., i, :] = (b[..., i, :] - dl[..., i, None] * dp[..., i - 1, :]) / denom[..., None]
        x[..., n - 1, :] = dp[..., n - 1, :]
        for i in range(n - 2, -1, -1):
            x[..., i, :] = dp[..., i, :] - cp[..., i, None] * x[..., i + 1, :]
    return x


def _tridiagonal_solve_abstract_eval(dl, d, du, b, *, perturb_singular=False):
    if dl.shape != d.shape or du.shape != d.shape or d.ndim < 1:
        raise ValueError(f"tridiagonal_solve requires dl, d and du to have the same shape, got "
                         f"{tuple(dl.shape)}, {tuple(d.shape)} and {tuple(du.shape)}.")
    if b.ndim != d.ndim + 1 or b.shape[:-1] != d.shape:
        raise ValueError(f"tridiagonal_solve requires b of shape (..., m, n) for diagonals of "
                         f"shape (..., m), got {tuple(b.shape)} and {tuple(d.shape)}.")
    if len({dl.dtype, d.dtype, du.dtype, b.dtype}) != 1 or not dtypes.is_inexact(b.dtype):
        raise TypeError("tridiagonal_solve requires operands of one floating-point dtype.")
    return ShapedArray(b.shape, b.dtype)


tridiagonal_solve_p = primitive("tridiagonal_solve", _tridiagonal_solve_impl,
                                _tridiagonal_solve_abstract_eval)


def _shift_rows(x, k):
    """y[..., i, :] = x[..., i - k, :] with zeros shifted in (k = +1 or -1)."""
    *batch, n, cols = x.shape
    nd = x.ndim
    zero_row = _const(np.zeros((*batch, 1, cols), x.dtype))
    if n <= 1:
        return full_like(x, 0)
    if k > 0:
        return concatenate([zero_row, lax_slice(x, (0,) * nd, (*batch, n - 1, cols))], nd - 2)
    return concatenate([lax_slice(x, (0,) * (nd - 2) + (1, 0), (*batch, n, cols)), zero_row],
                       nd - 2)


def _tridiagonal_matmul(dl, d, du, x):
    """T x for the tridiagonal T (dl below, d on, du above the diagonal)."""

    def col(v):
        return broadcast_in_dim(v, x.shape, tuple(range(v.ndim)))

    return add(add(mul(col(d), x), mul(col(dl), _shift_rows(x, 1))),
               mul(col(du), _shift_rows(x, -1)))


def _tridiagonal_solve_jvp(primals, tangents, *, perturb_singular=False):
    # T x = b  =>  T dx = db - dT x.
    dl, d, du, b = primals
    ans = tridiagonal_solve_p.bind(dl, d, du, b, perturb_singular=perturb_singular)
    if all(type(t) is Zero for t in tangents):
        return ans, Zero.like(ans)
    dl_dot, d_dot, du_dot = (instantiate(t) for t in tangents[:3])
    rhs = neg(_tridiagonal_matmul(dl_dot, d_dot, du_dot, ans))
    if type(tangents[3]) is not Zero:
        rhs = add(rhs, tangents[3])
    return ans, tridiagonal_solve_p.bind(dl, d, du, rhs, perturb_singular=perturb_singular)


def _tridiagonal_solve_transpose(ct, dl, d, du, b, *, perturb_singular=False):
    if any(is_undefined(v) for v in (dl, d, du)):
        raise NotImplementedError("tridiagonal_solve is linear only in its right-hand side b.")
    if type(ct) is Zero:
        return [None] * 4
    # T^T has du shifted down as its sub-diagonal and dl shifted up as its super-diagonal.
    n = d.shape[-1]
    batch = d.shape[:-1]
    zero = _const(np.zeros((*batch, 1), d.dtype))
    nd = d.ndim
    dl_t = concatenate([zero, lax_slice(du, (0,) * nd, (*batch, n - 1))], nd - 1)
    du_t = concatenate([lax_slice(dl, (0,) * (nd - 1) + (1,), (*batch, n)), zero], nd - 1)
    ct_b = tridiagonal_solve_p.bind(dl_t, d, du_t, instantiate(ct),
                                    perturb_singular=perturb_singular)
    return [None, None, None, ct_b]


tridiagonal_solve_p.jvp = _tridiagonal_solve_jvp
tridiagonal_solve_p.transpose = _tridiagonal_solve_transpose


def _tridiagonal_solve_batch(args, bdims, **params):
    if all(d is None for d in bdims[:3]):
        return _fold_batch_into_columns(tridiagonal_solve_p, args[:3], args[3], bdims[3], -1,
                                        **params)
    return _batch_front(tridiagonal_solve_p)(args, bdims, **params)


tridiagonal_solve_p.batch = _tridiagonal_solve_batch


def tridiagonal_solve(dl, d, du, b, *, perturb_singular: bool = False):
    """lax.linalg.tridiagonal_solve: x with T x = b for the tridiagonal T given by its
    sub-diagonal `dl` (dl[..., 0] ignored), diagonal `d` and super-diagonal `du`
    (du[..., -1] ignored); b is (..., m, n)."""
    return tridiagonal_solve_p.bind(dl, d, du, b, perturb_singular=bool(perturb_singular))


# ---------------------------------------------------------------------------------------------
# det: not a JAX primitive, but jnp.linalg.det's custom derivative needs one here. The JVP is
# tr(adj(A) dA) with the adjugate from an LU "cofactor solve", which stays finite for singular
# matrices of rank n - 1 and is zero for lower rank (JAX's convention).


def _det_impl(x):
    return np.asarray(np.linalg.det(x), x.dtype)


def _det_abstract_eval(x):
    _check_matrix("det", x, square=True)
    return ShapedArray(x.shape[:-2], x.dtype)


det_p = primitive("det", _det_impl, _det_abstract_eval)


def _last(x):
    """x[..., -1] for a stack of vectors."""
    *batch, n = x.shape
    return reshape(lax_slice(x, (0,) * (x.ndim - 1) + (n - 1,), (*batch, n)), tuple(batch))


def _swap_parity(pivots):
    """(-1)^(number of LAPACK row swaps that move a row), per matrix, as int32."""
    ramp = broadcasted_iota(pivots.dtype, pivots.shape, pivots.ndim - 1)
    moved = reduce_sum(convert_element_type(ne(pivots, ramp), np.int32), (pivots.ndim - 1,))
    odd = rem(moved, full_like(moved, 2))
    return sub(full_like(odd, 1), mul(full_like(odd, 2), odd))


def adjugate(x):
    """adj(x) (= det(x) inv(x) when x is invertible) for square x of rank >= n - 1 whose LU
    has its zero pivot (if any) last; zero where another pivot vanishes (JAX's convention).

    With P x = L U and U' = U with its last pivot replaced by 1 / (product of the others),
    adj(x) = U'^{-1} S L^{-1} P, S scaling all rows but the last by det(x)."""
    from .cumulative import cumprod

    *batch, n, _ = x.shape
    nb = len(batch)
    lu_f, pivots, perm = lu(x)
    sign = convert_element_type(_swap_parity(pivots), x.dtype)
    prods = cumprod(diagonal(lu_f), axis=nb)
    full_det = mul(_last(prods), sign)
    if n == 1:
        return _const(np.ones(x.shape, x.dtype))
    partial = mul(_last(lax_slice(prods, (0,) * (nb + 1), (*batch, n - 1))), sign)
    corner = np.zeros((n, n), bool)
    corner[-1, -1] = True
    inv_partial = broadcast_in_dim(div(full_like(partial, 1), partial), x.shape, tuple(range(nb)))
    u_prime = select(_const(np.broadcast_to(corner, x.shape)), inv_partial, lu_f)
    y = triangular_solve(lu_f, permutation_matrix(perm, x.dtype), left_side=True, lower=True,
                         unit_diagonal=True)
    scale = concatenate([broadcast_in_dim(full_det, (*batch, n - 1), tuple(range(nb))),
                         _const(np.ones((*batch, 1), x.dtype))], nb)
    adj = triangular_solve(u_prime, _scale_rows(y, scale), left_side=True, lower=False)
    # Another zero pivot makes U' singular (rank < n - 1): the adjugate is then zero.
    probe = triangular_solve(u_prime, _const(np.ones((*batch, n, 1), x.dtype)), left_side=True,
                             lower=False)
    ok = reduce_and(is_finite(probe), (nb, nb + 1))
    ok = broadcast_in_dim(ok, x.shape, tuple(range(nb)))
    return select(ok, adj, full_like(adj, 0))


def _det_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    ans = det_p.bind(x)
    if type(x_dot) is Zero:
        return ans, Zero.like(ans)
    adj = adjugate(x)
    return ans, reduce_sum(mul(_mT(adj), x_dot), (x.ndim - 2, x.ndim - 1))


det_p.jvp = _det_jvp
det_p.batch = _batch_front(det_p)


def det(x):
    """The determinant of a stack of square matrices (LAPACK's LU); its derivative is the
    adjugate, finite also for singular matrices."""
    return det_p.bind(x)


# ---------------------------------------------------------------------------------------------
# solve: x with op(a) x = b for a stack of square a and matrices b (op: optional transpose).
# Linear in b; d x = solve(a, d b - op(d a) x). A singular a gives inf/NaN, as JAX's LU solve.


def _solve_impl(a, b, *, transpose_a):
    try:
        return np.linalg.solve(np.swapaxes(a, -1, -2) if transpose_a else a, b)
    except np.linalg.LinAlgError:
        pass
    # Singular: substitute through a's LU factors (as JAX's LU solve), giving inf/NaN.
    from .linalg import _lu_impl, _substitute

    lu_f, _, perm = _lu_impl(a)
    n = a.shape[-1]
    unit_lower = np.tril(lu_f, -1) + np.eye(n, dtype=a.dtype)
    upper = np.triu(lu_f)
    perm = np.broadcast_to(perm[..., None], (*perm.shape, b.shape[-1])).astype(np.intp)
    if not transpose_a:  # P a = L U
        y = _substitute(unit_lower, np.take_along_axis(b, perm, axis=-2), lower=True)
        return _substitute(upper, y, lower=False).astype(b.dtype)
    # a^T = U^T L^T P: solve U^T z = b, L^T w = z, then x = P^T w.
    z = _substitute(np.swapaxes(upper, -1, -2), b, lower=True)
    w = _substitute(np.swapaxes(unit_lower, -1, -2), z, lower=False)
    x = np.empty_like(w)
    np.put_along_axis(x, perm, w, axis=-2)
    return x.astype(b.dtype)


def _solve_abstract_eval(a, b, *, transpose_a):
    _check_matrix("solve", a, square=True)
    if b.ndim != a.ndim or b.shape[:-1] != a.shape[:-1] or a.dtype != b.dtype:
        raise TypeError(f"solve requires b of shape (..., n, k) and a's dtype for a of shape "
                        f"(..., n, n), got {a.str_short()} and {b.str_short()}.")
    return ShapedArray(b.shape, b.dtype)


solve_p = primitive("solve", _solve_impl, _solve_abstract_eval)


def _solve_jvp(primals, tangents, *, transpose_a):
    (a, b), (a_dot, b_dot) = primals, tangents
    x = solve_p.bind(a, b, transpose_a=transpose_a)
    if type(a_dot) is Zero and type(b_dot) is Zero:
        return x, Zero.like(x)
    rhs = Zero.like(x) if type(b_dot) is Zero else b_dot
    if type(a_dot) is not Zero:
        op_a_dot = _mT(a_dot) if transpose_a else a_dot
        rhs = neg(matmul(op_a_dot, x)) if type(rhs) is Zero else sub(rhs, matmul(op_a_dot, x))
    return x, solve_p.bind(a, rhs, transpose_a=transpose_a)


def _solve_transpose(ct, a, b, *, transpose_a):
    if is_undefined(a):
        raise NotImplementedError("solve is linear only in its right-hand side b.")
    if type(ct) is Zero:
        return [None, None]
    return [None, solve_p.bind(a, instantiate(ct), transpose_a=not transpose_a)]


def _solve_batch(args, bdims, *, transpose_a):
    if bdims[0] is None:  # one a for every b: solve all right-hand sides at once
        return _fold_batch_into_columns(solve_p, args[:1], args[1], bdims[1], -1,
                                        transpose_a=transpose_a)
    return _batch_front(solve_p)(args, bdims, transpose_a=transpose_a)


solve_p.jvp = _solve_jvp
solve_p.transpose = _solve_transpose
solve_p.batch = _solve_batch


def solve(a, b, *, transpose_a: bool = False):
    """x with a x = b (or a^T x = b) for a (..., n, n) and b (..., n, k) of equal batch
    dimensions; LU with partial pivoting (LAPACK's gesv)."""
    return solve_p.bind(a, b, transpose_a=bool(transpose_a))


# ---------------------------------------------------------------------------------------------
# slogdet: (sign, log|det|) in one LAPACK call; d log|det| = Re tr(solve(a, da)) and, for
# complex a, d sign = i Im tr(solve(a, da)) sign (JAX's rule).


def _slogdet_impl(x):
    sign, logdet = np.linalg.slogdet(x)
    return np.asarray(sign, x.dtype), np.asarray(logdet, np.finfo(x.dtype).dtype)


def _slogdet_abstract_eval(x):
    _check_matrix("slogdet", x, square=True)
    return [ShapedArray(x.shape[:-2], x.dtype),
            ShapedArray(x.shape[:-2], np.finfo(x.dtype).dtype)]


slogdet_p = primitive("slogdet", _slogdet_impl, _slogdet_abstract_eval, multiple_results=True)


def _slogdet_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    sign, logdet = slogdet_p.bind(x)
    if type(x_dot) is Zero:
        return [sign, logdet], [Zero.like(sign), Zero.like(logdet)]
    trace = reduce_sum(diagonal(solve(x, x_dot)), (x.ndim - 2,))
    if not dtypes.is_complex(x.dtype):
        return [sign, logdet], [Zero.like(sign), trace]
    from .elementwise import imag, real

    i_imag = mul(convert_element_type(imag(trace), x.dtype), full_like(sign, 1j))
    return [sign, logdet], [mul(sign, i_imag), real(trace)]


slogdet_p.jvp = _slogdet_jvp
slogdet_p.batch = _batch_front(slogdet_p)


def slogdet(x):
    """(sign, log|det|) of a stack of square matrices; singular: (0, -inf)."""
    return tuple(slogdet_p.bind(x))


# ---------------------------------------------------------------------------------------------
# Compositions JAX also exposes from lax.linalg (no primitive of their own here)


def symmetric_product(a_matrix, c_matrix, *, alpha: float = 1.0, beta: float = 0.0,
                      symmetrize_output: bool = False):
    """lax.linalg.symmetric_product: alpha a a^T + beta c for a (..., m, n), c (..., m, m).
    The whole result is valid (numjax computes it in full), with or without
    `symmetrize_output`."""
    out = mul(matmul(a_matrix, _mT(a_matrix)), full_like(c_matrix, alpha))
    return add(out, mul(c_matrix, full_like(c_matrix, beta)))


def cholesky_update(r_matrix, w_vector):
    """lax.linalg.cholesky_update: the upper factor R' with R'^T R' = R^T R + w w^T (here by
    refactoring, O(n^3), rather than JAX's O(n^2) rotations; same result)."""
    from .linalg import cholesky

    n = r_matrix.shape[-1]
    w_col = reshape(w_vector, (*w_vector.shape[:-1], n, 1))
    gram = add(matmul(_mT(r_matrix), r_matrix), matmul(w_col, _mT(w_col)))
    return _mT(cholesky(gram, symmetrize_input=False))

checked_eagerly(tridiagonal_solve_p, det_p, solve_p, slogdet_p)
