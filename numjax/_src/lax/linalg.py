"""Linear-algebra primitives (`jax.lax.linalg`): cholesky, triangular_solve, lu,
lu_pivots_to_permutation, qr, eigh, svd, eig (tridiagonal_solve and det: linalg_extra.py).

Every primitive works on stacks of matrices `(..., m, n)`: NumPy's linalg already loops over
leading dimensions in C, so each batching rule moves the batch axis to the front and binds
once. Derivative rules are written with lax operations (dot_general, triangular_solve,
select) so they are themselves differentiable, batchable and stageable. Failures follow JAX
on CPU: a matrix that is not positive definite gives a NaN Cholesky factor and a singular
triangular system gives inf/NaN, never a LinAlgError. Must not import the numpy layer.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import ShapedArray
from ..interpreters.jvp import Zero, add_tangents, instantiate
from ..interpreters.transpose import is_undefined
from .dot import dot_general
from .elementwise import (
    add,
    conj,
    convert_element_type,
    div,
    eq,
    integer_pow,
    mul,
    neg,
    real,
    select,
    sub,
)
from .helpers import bdim_to_front, defzero, full_like, moveaxis, primitive
from .slicing import concatenate
from .slicing import slice as lax_slice
from .structural import broadcast_in_dim, broadcasted_iota, reshape, transpose

# ---------------------------------------------------------------------------------------------
# Matrix helpers written with lax operations (used by the rules and the numpy layer)


def _is_complex(x) -> bool:
    return dtypes.is_complex(x.dtype)


def _mT(x):
    """Swaps the last two axes."""
    nd = x.ndim
    return transpose(x, (*range(nd - 2), nd - 1, nd - 2))


def _H(x):
    """Conjugate transpose over the last two axes."""
    return conj(_mT(x)) if _is_complex(x) else _mT(x)


def _conj(x):
    return conj(x) if _is_complex(x) else x


def matmul(a, b):
    """Stacked matrix product of operands with equal leading (batch) dimensions."""
    batch = tuple(range(a.ndim - 2))
    return dot_general(a, b, (((a.ndim - 1,), (b.ndim - 2,)), (batch, batch)))


def _const(value, dtype=None):
    return Array(np.asarray(value) if dtype is None else np.asarray(value, dtype))


def _tri_mask(shape, k, lower):
    """Boolean constant: True on/below diagonal k (lower) or on/above it (upper)."""
    n, m = shape[-2:]
    mask = np.tri(n, m, k, dtype=bool) if lower else ~np.tri(n, m, k - 1, dtype=bool)
    return _const(np.broadcast_to(mask, shape))


def tril(x, k=0):
    return select(_tri_mask(x.shape, k, True), x, full_like(x, 0))


def triu(x, k=0):
    return select(_tri_mask(x.shape, k, False), x, full_like(x, 0))


def eye_like(x):
    """A constant identity of x's dtype, broadcast to x's (square) shape."""
    n, m = x.shape[-2:]
    return _const(np.broadcast_to(np.eye(n, m, dtype=x.dtype), x.shape))


def diagonal(x):
    """The main diagonal of the last two axes: a strided slice of the flattened matrix."""
    *batch, n, m = x.shape
    k = min(n, m)
    flat = reshape(x, (*batch, n * m))
    if k == 0:
        return lax_slice(flat, (0,) * flat.ndim, (*batch, 0))
    return lax_slice(flat, (0,) * flat.ndim, (*batch, (k - 1) * (m + 1) + 1),
                     (1,) * len(batch) + (m + 1,))


def diag_embed(v):
    """(..., k) -> (..., k, k) with `v` on the diagonal (a select, so inf/NaN stay put)."""
    shape = (*v.shape, v.shape[-1])
    rows = broadcast_in_dim(v, shape, (*range(v.ndim - 1), v.ndim))
    mask = _const(np.broadcast_to(np.eye(v.shape[-1], dtype=bool), shape))
    return select(mask, rows, full_like(rows, 0))


def _scale_cols(x, s):
    """x * s[..., None, :] (s broadcast over rows)."""
    return mul(x, broadcast_in_dim(s, x.shape, (*range(s.ndim - 1), x.ndim - 1)))


def _scale_rows(x, s):
    """x * s[..., :, None]."""
    return mul(x, broadcast_in_dim(s, x.shape, tuple(range(s.ndim))))


def _to_dtype(x, dtype):
    return x if x.dtype == dtype else convert_element_type(x, dtype)


def permutation_matrix(perm, dtype):
    """P with P[..., i, j] = (perm[..., i] == j), so that P @ x == x[..., perm, :]."""
    m = perm.shape[-1]
    shape = (*perm.shape, m)
    rows = broadcast_in_dim(perm, shape, tuple(range(perm.ndim)))
    cols = broadcasted_iota(perm.dtype, shape, len(shape) - 1)
    return convert_element_type(eq(rows, cols), dtype)


def _symmetrize(x):
    return mul(add(x, _H(x)), full_like(x, 0.5))


def _check_matrix(name, x, square=False):
    if x.ndim < 2:
        raise TypeError(f"Input 0 to {name} must have rank at least 2, but got "
                        f"shape={tuple(x.shape)}")
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(f"The input to {name} must be a square matrix. Got shape "
                         f"{tuple(x.shape)}.")
    if not dtypes.is_inexact(x.dtype):
        raise TypeError(f"{name} requires a floating-point or complex input, got "
                        f"{np.dtype(x.dtype).name}.")


def _batch_front(prim):
    """The batching rule of a primitive that already maps over leading dimensions."""

    def batch(args, bdims, **params):
        size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
        args = [bdim_to_front(a, d, size) for a, d in zip(args, bdims)]
        out = prim.bind(*args, **params)
        return out, ([0] * len(out) if prim.multiple_results else 0)

    return batch


def _never_plainly_valid(*values, **params):
    return False


def checked_eagerly(*prims):
    """Eager binds of these primitives run their shape rule too (the `eager_accepts` slot
    never vouches for the operands): bad shapes raise JAX's error, not a NumPy one."""
    for p in prims:
        p.eager_accepts = _never_plainly_valid


def _real_dtype(dtype):
    return np.finfo(dtype).dtype


def _complex_dtype(dtype):
    return np.result_type(dtype, np.complex64)


# ---------------------------------------------------------------------------------------------
# cholesky: the lower factor L of a Hermitian positive-definite A = L L^H (lower triangle read)


def _not_positive_definite(x):
    """Column-by-column Cholesky over a whole stack: True where a pivot is not positive
    (LAPACK's failure test), found without raising."""
    n = x.shape[-1]
    lower = np.zeros_like(x)
    bad = np.zeros(x.shape[:-2], bool)
    with np.errstate(all="ignore"):
        for j in range(n):
            row = lower[..., j, :j]
            d = x[..., j, j] - np.sum(row * row.conj(), axis=-1)
            d = d.real
            bad |= ~(d > 0)
            ljj = np.sqrt(np.where(d > 0, d, 1.0))
            lower[..., j, j] = ljj
            below = x[..., j + 1:, j] - np.einsum("...ik,...k->...i", lower[..., j + 1:, :j],
                                                   row.conj())
            lower[..., j + 1:, j] = below / ljj[..., None]
    return bad


def _symmetrized(x):
    return (x + np.conj(np.swapaxes(x, -1, -2))) / np.asarray(2, x.dtype)


def _cholesky_impl(x, *, symmetrize_input):
    if symmetrize_input:
        x = _symmetrized(x)
    try:
        return np.linalg.cholesky(x)
    except np.linalg.LinAlgError:
        pass
    # LAPACK gave up on the whole stack; JAX gives NaN factors for the failing matrices only.
    bad = _not_positive_definite(x)
    eye = np.broadcast_to(np.eye(x.shape[-1], dtype=x.dtype), x.shape)
    out = np.linalg.cholesky(np.where(bad[..., None, None], eye, x))
    nan_lower = np.where(np.tri(x.shape[-1], dtype=bool), np.nan, 0).astype(x.dtype)
    return np.where(bad[..., None, None], nan_lower, out)


def _cholesky_abstract_eval(x, *, symmetrize_input):
    _check_matrix("cholesky", x, square=True)
    return ShapedArray(x.shape, x.dtype)


cholesky_p = primitive("cholesky", _cholesky_impl, _cholesky_abstract_eval)


def _cholesky_jvp(primals, tangents, *, symmetrize_input):
    # dL = L phi(L^{-1} dA L^{-H}), phi = lower triangle with the diagonal halved.
    (x,), (x_dot,) = primals, tangents
    chol = cholesky_p.bind(x, symmetrize_input=symmetrize_input)
    if type(x_dot) is Zero:
        return chol, Zero.like(chol)
    if symmetrize_input:
        x_dot = _symmetrize(x_dot)
    tmp = triangular_solve(chol, x_dot, left_side=True, lower=True)
    tmp = triangular_solve(chol, tmp, left_side=False, lower=True, transpose_a=True,
                           conjugate_a=True)
    n = x.shape[-1]
    weight = _const(np.broadcast_to(np.tri(n) - 0.5 * np.eye(n), x.shape).astype(x.dtype))
    return chol, matmul(chol, mul(tril(tmp), weight))


cholesky_p.jvp = _cholesky_jvp
cholesky_p.batch = _batch_front(cholesky_p)


def cholesky(x, *, symmetrize_input: bool = True):
    """lax.linalg.cholesky: the lower Cholesky factor; NaNs where `x` is not positive
    definite. With `symmetrize_input`, factors (x + x^H) / 2 (so gradients are symmetric);
    the primitive does that itself, so vmap and jit see one operation."""
    if x.ndim < 2:
        raise TypeError(f"transpose permutation isn't a permutation of operand dimensions, got "
                        f"permutation (0, -1) for operand shape {tuple(x.shape)}.")
    if symmetrize_input and x.shape[-1] != x.shape[-2]:
        raise TypeError(f"add got incompatible shapes for broadcasting: {tuple(x.shape)}, "
                        f"{(*x.shape[:-2], x.shape[-1], x.shape[-2])}.")
    return cholesky_p.bind(x, symmetrize_input=bool(symmetrize_input))


# ---------------------------------------------------------------------------------------------
# triangular_solve: op(A) X = B (left_side) or X op(A) = B, op = optional transpose/conjugate


def _substitute(a, b, lower):
    """Forward/back substitution over a stack; a zero pivot gives inf/NaN like LAPACK's trsm."""
    n = a.shape[-1]
    x = np.zeros(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + b.shape[-2:],
                 np.result_type(a, b))
    with np.errstate(all="ignore"):
        for i in (range(n) if lower else range(n - 1, -1, -1)):
            known = slice(0, i) if lower else slice(i + 1, n)
            acc = np.matmul(a[..., i:i + 1, known], x[..., known, :])[..., 0, :]
            x[..., i, :] = (b[..., i, :] - acc) / a[..., i, i][..., None]
    return x


def _substitution_is_cheaper(a, b):
    """Substitution costs n Python steps (~15 us each) plus B n^2 k flops; LAPACK's gesv
    refactors the triangle, B n^3 (2/3) flops. Estimated at ~1 GFlop/s for both."""
    n, k = a.shape[-1], b.shape[-1]
    stack = int(np.prod(b.shape[:-2], dtype=np.int64))
    return n * 15e-6 + stack * n * n * k * 1e-9 < stack * n**3 * 0.67e-9


def _triangular_solve_impl(a, b, *, left_side, lower, transpose_a, conjugate_a, unit_diagonal):
    n = a.shape[-1]
    a = np.tril(a) if lower else np.triu(a)
    if unit_diagonal:
        a = a.copy()
        a[..., range(n), range(n)] = 1
    if conjugate_a:
        a = a.conj()
    eff_lower = lower
    if transpose_a:
        a, eff_lower = np.swapaxes(a, -1, -2), not eff_lower
    if not left_side:  # X M = B  <=>  M^T X^T = B^T
        a, b, eff_lower = np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), not eff_lower
    if n == 0:
        x = np.zeros_like(b)
    elif _substitution_is_cheaper(a, b):
        x = _substitute(a, b, eff_lower)
    else:
        try:
            x = np.linalg.solve(a, b)
        except np.linalg.LinAlgError:
            x = _substitute(a, b, eff_lower)
    x = x if left_side else np.swapaxes(x, -1, -2)
    return np.asarray(x, dtype=b.dtype)


def _triangular_solve_abstract_eval(a, b, *, left_side, lower, transpose_a, conjugate_a,
                                    unit_diagonal):
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"The first input to triangular_solve must be a square matrix. Got "
                         f"shape {tuple(a.shape)}.")
    if b.ndim != a.ndim:
        raise TypeError(f"triangular_solve requires a and b to have the same number of "
                        f"dimensions, got {tuple(a.shape)} and {tuple(b.shape)}.")
    if a.dtype != b.dtype or not dtypes.is_inexact(a.dtype):
        raise TypeError(f"triangular_solve requires a and b to have the same floating-point "
                        f"dtype, got {a.dtype.name} and {b.dtype.name}.")
    common = b.shape[-2] if left_side else b.shape[-1]
    if common != a.shape[-1]:
        raise TypeError(f"Incompatible shapes for arguments to triangular_solve: "
                        f"{tuple(a.shape)} and {tuple(b.shape)}.")
    if a.shape[:-2] != b.shape[:-2]:
        raise ValueError(f"Incompatible batch dimensions for triangular_solve: "
                         f"{tuple(a.shape)} and {tuple(b.shape)}.")
    return ShapedArray(b.shape, b.dtype)


triangular_solve_p = primitive("triangular_solve", _triangular_solve_impl,
                               _triangular_solve_abstract_eval)


def _triangular_solve_jvp(primals, tangents, **params):
    a, b = primals
    a_dot, b_dot = tangents
    ans = triangular_solve_p.bind(a, b, **params)
    out = Zero.like(ans)
    if type(b_dot) is not Zero:
        out = add_tangents(out, triangular_solve_p.bind(a, b_dot, **params))
    if type(a_dot) is not Zero:
        # d(op(A)^{-1} B) = -op(A)^{-1} op(dA) X, reading only A's triangle.
        da = tril(a_dot) if params["lower"] else triu(a_dot)
        if params["unit_diagonal"]:
            da = mul(da, _const(np.broadcast_to(1 - np.eye(a.shape[-1]), a.shape)
                                .astype(a.dtype)))
        if params["conjugate_a"]:
            da = _conj(da)
        if params["transpose_a"]:
            da = _mT(da)
        rhs = matmul(da, ans) if params["left_side"] else matmul(ans, da)
        out = add_tangents(out, neg(triangular_solve_p.bind(a, rhs, **params)))
    return ans, out


def _triangular_solve_transpose(ct, a, b, **params):
    if is_undefined(a):
        raise NotImplementedError("triangular_solve is linear only in its right-hand side b.")
    if type(ct) is Zero:
        return [None, None]
    params = dict(params, transpose_a=not params["transpose_a"])
    return [None, triangular_solve_p.bind(a, instantiate(ct), **params)]


def _fold_batch_into_columns(prim, a_args, b, b_bdim, col_axis, **params):
    """Binds prim(*a_args, b) for unbatched a_args and batched b by folding b's batch axis
    into its axis `col_axis` (which the solve maps over): a is never copied per example."""
    nd = b.ndim - 1  # per-example rank
    col = col_axis % nd
    b = moveaxis(b, b_bdim, col + 1)  # (..., col, B, ...)
    shape = b.shape
    folded = reshape(b, (*shape[:col], shape[col] * shape[col + 1], *shape[col + 2:]))
    out = prim.bind(*a_args, folded, **params)
    return reshape(out, shape), col + 1


def _triangular_solve_batch(args, bdims, **params):
    (a, b), (a_bdim, b_bdim) = args, bdims
    if a_bdim is None:
        # Left side solves map over b's columns, right side over its rows.
        return _fold_batch_into_columns(triangular_solve_p, [a], b, b_bdim,
                                        -1 if params["left_side"] else -2, **params)
    return _batch_front(triangular_solve_p)(args, bdims, **params)


triangular_solve_p.jvp = _triangular_solve_jvp
triangular_solve_p.transpose = _triangular_solve_transpose
triangular_solve_p.batch = _triangular_solve_batch


def triangular_solve(a, b, *, left_side: bool = False, lower: bool = False,
                     transpose_a: bool = False, conjugate_a: bool = False,
                     unit_diagonal: bool = False):
    """lax.linalg.triangular_solve: X with op(a) X = b (left_side) or X op(a) = b.

    Only the triangle of `a` named by `lower` is read; `unit_diagonal` assumes ones on its
    diagonal. A `b` with one dimension fewer than `a` is a (batch of) vector(s)."""
    vector = b.ndim == a.ndim - 1
    if vector:
        b = reshape(b, (*b.shape, 1) if left_side else (*b.shape[:-1], 1, b.shape[-1]))
    conjugate_a = bool(conjugate_a) and _is_complex(a)
    out = triangular_solve_p.bind(a, b, left_side=bool(left_side), lower=bool(lower),
                                  transpose_a=bool(transpose_a), conjugate_a=conjugate_a,
                                  unit_diagonal=bool(unit_diagonal))
    if vector:
        out = reshape(out, out.shape[:-1] if left_side else (*out.shape[:-2], out.shape[-1]))
    return out


# ---------------------------------------------------------------------------------------------
# lu: partial pivoting, x[perm] = L @ U with L unit lower (m x k) and U upper (k x n)


_LU_BLOCK = 32


def _lu_impl(x):
    # Right-looking blocked LU (as LAPACK's getrf): each panel of _LU_BLOCK columns is
    # factored column by column (vectorized over the stack); the trailing matrix is then
    # updated with one triangular solve and one matrix product.
    *batch, m, n = x.shape
    k = min(m, n)
    size = int(np.prod(batch, dtype=np.int64))
    a = np.array(x, copy=True).reshape(size, m, n)
    stack = np.arange(size)
    pivots = np.zeros((size, k), np.int32)
    perm = np.tile(np.arange(m, dtype=np.int32), (size, 1))
    with np.errstate(all="ignore"):
        for j0 in range(0, k, _LU_BLOCK):
            j1 = min(j0 + _LU_BLOCK, k)
            for j in range(j0, j1):
                p = j + np.argmax(np.abs(a[:, j:, j]), axis=1)
                pivots[:, j] = p
                a[stack, j], a[stack, p] = a[stack, p], a[stack, j].copy()
                perm[stack, j], perm[stack, p] = perm[stack, p], perm[stack, j].copy()
                piv = a[:, j, j]
                # LAPACK scales by the reciprocal pivot, and skips an all-zero column.
                recip = np.where(piv != 0, 1 / np.where(piv != 0, piv, 1), 1)
                a[:, j + 1:, j] *= recip[:, None]
                a[:, j + 1:, j + 1:j1] -= a[:, j + 1:, j, None] * a[:, j, None, j + 1:j1]
            if j1 < n:
                unit_lower = np.tril(a[:, j0:j1, j0:j1], -1) + np.eye(j1 - j0, dtype=a.dtype)
                a[:, j0:j1, j1:] = np.linalg.solve(unit_lower, a[:, j0:j1, j1:])
                a[:, j1:, j1:] -= a[:, j1:, j0:j1] @ a[:, j0:j1, j1:]
    return (a.reshape(x.shape), pivots.reshape(*batch, k), perm.reshape(*batch, m))


def _lu_abstract_eval(x):
    _check_matrix("lu", x)
    *batch, m, n = x.shape
    return [ShapedArray(x.shape, x.dtype), ShapedArray((*batch, min(m, n)), np.int32),
            ShapedArray((*batch, m), np.int32)]


lu_p = primitive("lu", _lu_impl, _lu_abstract_eval, multiple_results=True,
                 weak_type_rule=lambda w: [w, False, False])


def _pad_to(x, rows, cols):
    """Zero-pads (or slices) the trailing matrix of x to rows x cols."""
    *batch, m, n = x.shape
    if n > cols:
        x = lax_slice(x, (0,) * x.ndim, (*batch, m, cols))
    elif n < cols:
        x = concatenate([x, _const(np.zeros((*batch, m, cols - n), x.dtype))], x.ndim - 1)
    n = x.shape[-1]
    if m > rows:
        x = lax_slice(x, (0,) * x.ndim, (*batch, rows, n))
    elif m < rows:
        x = concatenate([x, _const(np.zeros((*batch, rows - m, n), x.dtype))], x.ndim - 2)
    return x


def _lu_jvp(primals, tangents):
    # With x[perm] = L U and padded square factors: X = L^{-1} P dA U^{-1} splits into
    # L^{-1} dL (strictly lower) + dU U^{-1} (upper).
    (x,), (x_dot,) = primals, tangents
    lu, pivots, perm = lu_p.bind(x)
    outs = [lu, pivots, perm]
    if type(x_dot) is Zero:
        return outs, [Zero.like(o) for o in outs]
    m, n = x.shape[-2:]
    k = min(m, n)
    l_sq = add(tril(_pad_to(lu, m, m), -1), eye_like(_pad_to(lu, m, m)))
    u_sq = triu(_pad_to(lu, n, n))
    extra = np.zeros(n, x.dtype)
    extra[k:] = 1
    u_sq = add(u_sq, _const(np.broadcast_to(np.diag(extra), u_sq.shape)))
    pa_dot = matmul(permutation_matrix(perm, x.dtype), x_dot)
    la = triangular_solve(l_sq, pa_dot, left_side=True, lower=True, unit_diagonal=True)
    lau = triangular_solve(u_sq, la, left_side=False, lower=False)
    lu_dot = add(matmul(l_sq, tril(lau, -1)), matmul(triu(lau), u_sq))
    return outs, [lu_dot, Zero.like(pivots), Zero.like(perm)]


lu_p.jvp = _lu_jvp
lu_p.batch = _batch_front(lu_p)


def lu(x):
    """lax.linalg.lu: (lu, pivots, permutation) with x[..., permutation, :] = L @ U, L unit
    lower triangular and U upper triangular packed into `lu`; pivots are LAPACK's row swaps
    (0-based)."""
    if x.ndim < 2:
        raise TypeError(f"Input 0 to lu must have rank at least 2, but got shape="
                        f"{tuple(x.shape)}")
    return tuple(lu_p.bind(x))


def _lu_pivots_to_permutation_impl(pivots, *, permutation_size):
    *batch, k = pivots.shape
    piv = pivots.reshape(-1, k)
    perm = np.tile(np.arange(permutation_size, dtype=np.int32), (piv.shape[0], 1))
    stack = np.arange(piv.shape[0])
    for j in range(k):
        p = piv[:, j]
        perm[stack, j], perm[stack, p] = perm[stack, p], perm[stack, j].copy()
    return perm.reshape(*batch, permutation_size)


def _lu_pivots_to_permutation_abstract_eval(pivots, *, permutation_size):
    if pivots.ndim < 1 or not dtypes.is_int(pivots.dtype):
        raise ValueError(f"Argument to lu_pivots_to_permutation must be an integer array with "
                         f"rank >= 1, got {pivots.dtype.name}{list(pivots.shape)}.")
    if pivots.shape[-1] > permutation_size:
        raise ValueError(f"Output permutation size {permutation_size} has to exceed the "
                         f"trailing dimension of the pivots. Got pivots size "
                         f"{pivots.shape[-1]}")
    return ShapedArray((*pivots.shape[:-1], permutation_size), np.int32)


lu_pivots_to_permutation_p = primitive(
    "lu_pivots_to_permutation", _lu_pivots_to_permutation_impl,
    _lu_pivots_to_permutation_abstract_eval, weak_type_rule=False)
defzero(lu_pivots_to_permutation_p)
lu_pivots_to_permutation_p.batch = _batch_front(lu_pivots_to_permutation_p)


def lu_pivots_to_permutation(pivots, permutation_size: int):
    """lax.linalg.lu_pivots_to_permutation: LAPACK row swaps -> a permutation of size n."""
    return lu_pivots_to_permutation_p.bind(pivots, permutation_size=int(permutation_size))


def lu_solve(lu_factor, perm, b, trans=0):
    """Solves A x = b (trans=0), A^T x = b (1) or A^H x = b (2) from lu(A); b is (..., n, k)."""
    if trans == 0:
        b = matmul(permutation_matrix(perm, b.dtype), b)
        y = triangular_solve(lu_factor, b, left_side=True, lower=True, unit_diagonal=True)
        return triangular_solve(lu_factor, y, left_side=True, lower=False)
    conj_a = trans == 2
    y = triangular_solve(lu_factor, b, left_side=True, lower=False, transpose_a=True,
                         conjugate_a=conj_a)
    y = triangular_solve(lu_factor, y, left_side=True, lower=True, transpose_a=True,
                         conjugate_a=conj_a, unit_diagonal=True)
    return matmul(_mT(permutation_matrix(perm, b.dtype)), y)


# ---------------------------------------------------------------------------------------------
# qr: x = Q R (Householder, LAPACK's signs)


def _pivot_order(x):
    """LAPACK geqp3's column order: at step j the remaining column of largest norm after
    orthogonalizing against the columns already chosen."""
    *batch, m, n = x.shape
    size = int(np.prod(batch, dtype=np.int64))
    res = np.array(x, copy=True).reshape(size, m, n)
    order = np.tile(np.arange(n, dtype=np.int32), (size, 1))
    stack = np.arange(size)
    with np.errstate(all="ignore"):
        for j in range(min(m, n)):
            c = j + np.argmax(np.sum(np.abs(res[:, :, j:]) ** 2, axis=1), axis=1)
            res[stack, :, j], res[stack, :, c] = res[stack, :, c], res[stack, :, j].copy()
            order[stack, j], order[stack, c] = order[stack, c], order[stack, j].copy()
            v = res[:, :, j]
            norm = np.linalg.norm(v, axis=1, keepdims=True)
            unit = np.where(norm > 0, v / np.where(norm > 0, norm, 1), 0)
            res[:, :, j + 1:] -= unit[:, :, None] * (unit.conj()[:, None, :] @ res[:, :, j + 1:])
    return order.reshape(*batch, n)


def _qr_impl(x, *, pivoting, full_matrices, use_magma):
    mode = "complete" if full_matrices else "reduced"
    if not pivoting:
        q, r = np.linalg.qr(x, mode=mode)
        return np.asarray(q, x.dtype), np.asarray(r, x.dtype)
    # Householder QR of the pivoted columns gives geqp3's factors (same reflector signs).
    perm = _pivot_order(x)
    q, r = np.linalg.qr(np.take_along_axis(x, perm[..., None, :].astype(np.intp), axis=-1),
                        mode=mode)
    return np.asarray(q, x.dtype), np.asarray(r, x.dtype), perm


def _qr_abstract_eval(x, *, pivoting, full_matrices, use_magma):
    _check_matrix("qr", x)
    *batch, m, n = x.shape
    k = m if full_matrices else min(m, n)
    outs = [ShapedArray((*batch, m, k), x.dtype), ShapedArray((*batch, k, n), x.dtype)]
    return outs + ([ShapedArray((*batch, n), np.int32)] if pivoting else [])


qr_p = primitive("qr", _qr_impl, _qr_abstract_eval, multiple_results=True,
                 weak_type_rule=lambda w, *, pivoting, **params: [w, w] + [False] * pivoting)


def _qr_square_jvp(x_dot, q, r):
    # m >= n, reduced: C = Q^H dX R^{-1} = Omega + dR R^{-1}, Omega skew-Hermitian.
    dx_rinv = triangular_solve(r, x_dot, left_side=False, lower=False)
    c = matmul(_H(q), dx_rinv)
    low = tril(c, -1)
    omega = sub(low, _H(low))
    if _is_complex(c):  # the diagonal of Omega is imaginary
        d = diagonal(c)
        omega = add(omega, diag_embed(sub(d, convert_element_type(real(d), d.dtype))))
    dr = matmul(sub(c, omega), r)
    dq = add(matmul(q, sub(omega, c)), dx_rinv)
    return dq, dr


def _qr_jvp(primals, tangents, *, pivoting, full_matrices, use_magma):
    (x,), (x_dot,) = primals, tangents
    outs = qr_p.bind(x, pivoting=pivoting, full_matrices=full_matrices, use_magma=use_magma)
    if type(x_dot) is Zero:
        return outs, [Zero.like(o) for o in outs]
    dq, dr = _qr_jvp_unpivoted(x, x_dot, outs, full_matrices)
    return outs, [dq, dr] + [Zero.like(o) for o in outs[2:]]


def _qr_jvp_unpivoted(x, x_dot, outs, full_matrices):
    q, r = outs[:2]
    if len(outs) == 3:  # x[..., perm] = q r: differentiate the pivoted columns
        x_dot = matmul(x_dot, _mT(permutation_matrix(outs[2], x_dot.dtype)))
    *batch, m, n = x.shape
    if m < n:
        # x = Q [R1 R2]: the square part determines Q; dR2 = Q^H (dX2 - dQ R2).
        x1_dot = lax_slice(x_dot, (0,) * x.ndim, (*batch, m, m))
        x2_dot = lax_slice(x_dot, (0,) * (x.ndim - 1) + (m,), (*batch, m, n))
        r1 = lax_slice(r, (0,) * x.ndim, (*batch, m, m))
        r2 = lax_slice(r, (0,) * (x.ndim - 1) + (m,), (*batch, m, n))
        dq, dr1 = _qr_square_jvp(x1_dot, q, r1)
        dr2 = matmul(_H(q), sub(x2_dot, matmul(dq, r2)))
        return dq, concatenate([dr1, dr2], x.ndim - 1)
    if not full_matrices or m == n:
        return _qr_square_jvp(x_dot, q, r)
    # Complete Q of a tall x: the thin part as above; the extra columns Q_mp follow
    # arXiv:2409.13374 eqs. 32-33 with Z_pn = Q_pn (Q_nn - I)^{-1}.
    nd = x.ndim
    q_mn = lax_slice(q, (0,) * nd, (*batch, m, n))
    q_mp = lax_slice(q, (0,) * (nd - 1) + (n,), (*batch, m, m))
    r_nn = lax_slice(r, (0,) * nd, (*batch, n, n))
    dq_mn, dr_nn = _qr_square_jvp(x_dot, q_mn, r_nn)
    q_nn = lax_slice(q_mn, (0,) * nd, (*batch, n, n))
    q_pn = lax_slice(q_mn, (0,) * (nd - 2) + (n, 0), (*batch, m, n))
    dq_nn = lax_slice(dq_mn, (0,) * nd, (*batch, n, n))
    dq_pn = lax_slice(dq_mn, (0,) * (nd - 2) + (n, 0), (*batch, m, n))
    lu_f, _, perm = lu(sub(q_nn, eye_like(q_nn)))
    z_pn_h = lu_solve(lu_f, perm, _H(q_pn), trans=2)
    z_pn = _H(z_pn_h)
    dq_mp = sub(matmul(dq_mn, z_pn_h),
                matmul(add(q_mn, matmul(q_mp, z_pn)), _H(sub(dq_pn, matmul(z_pn, dq_nn)))))
    dq = concatenate([dq_mn, dq_mp], nd - 1)
    dr = concatenate([dr_nn, _const(np.zeros((*batch, m - n, n), x.dtype))], nd - 2)
    return dq, dr


qr_p.jvp = _qr_jvp
qr_p.batch = _batch_front(qr_p)


def qr(x, *, pivoting: bool = False, full_matrices: bool = True, use_magma=None):
    """lax.linalg.qr: (q, r) with x = q @ r; `full_matrices` gives the square q. With
    `pivoting`, (q, r, p) with x[..., p] = q @ r (LAPACK geqp3's column order)."""
    if x.ndim < 2:
        raise TypeError(f"Input 0 to qr must have rank at least 2, but got shape="
                        f"{tuple(x.shape)}")
    return tuple(qr_p.bind(x, pivoting=bool(pivoting), full_matrices=bool(full_matrices),
                           use_magma=None))


# ---------------------------------------------------------------------------------------------
# eigh: x = V diag(w) V^H for Hermitian x (one triangle read), w ascending


def _eigh_impl(x, *, lower, sort_eigenvalues, subset_by_index, symmetrize_input):
    if symmetrize_input:
        x = _symmetrized(x)
    w, v = np.linalg.eigh(x, UPLO="L" if lower else "U")
    if subset_by_index is not None:
        lo, hi = subset_by_index
        w, v = w[..., lo:hi], v[..., lo:hi]
    return np.asarray(v, x.dtype), np.asarray(w, _real_dtype(x.dtype))


def _eigh_abstract_eval(x, *, lower, sort_eigenvalues, subset_by_index, symmetrize_input):
    _check_matrix("eigh", x, square=True)
    n = x.shape[-1]
    k = n if subset_by_index is None else subset_by_index[1] - subset_by_index[0]
    return [ShapedArray((*x.shape[:-1], k), x.dtype),
            ShapedArray((*x.shape[:-2], k), _real_dtype(x.dtype))]


eigh_p = primitive("eigh", _eigh_impl, _eigh_abstract_eval, multiple_results=True)


def _eigh_jvp(primals, tangents, *, lower, sort_eigenvalues, subset_by_index,
              symmetrize_input):
    # dw = diag(V^H dA V); dV = V (F o V^H dA V), F_ij = 1 / (w_j - w_i) off the diagonal.
    # Equal eigenvalues give inf/NaN in dV, as in JAX.
    (x,), (x_dot,) = primals, tangents
    if subset_by_index is not None and subset_by_index != (0, x.shape[-1]):
        raise NotImplementedError("Derivatives of eigh with subset_by_index are not "
                                  "implemented.")
    v, w = eigh_p.bind(x, lower=lower, sort_eigenvalues=sort_eigenvalues,
                       subset_by_index=subset_by_index, symmetrize_input=symmetrize_input)
    if type(x_dot) is Zero:
        return [v, w], [Zero.like(v), Zero.like(w)]
    if symmetrize_input:
        x_dot = _symmetrize(x_dot)
    n = x.shape[-1]
    shape = (*w.shape, n)
    w_j = broadcast_in_dim(w, shape, (*range(w.ndim - 1), w.ndim))
    w_i = broadcast_in_dim(w, shape, tuple(range(w.ndim)))
    eye = _const(np.broadcast_to(np.eye(n, dtype=w.dtype), shape))
    f = sub(integer_pow(add(eye, sub(w_j, w_i)), -1), eye)
    vhdv = matmul(matmul(_H(v), x_dot), v)
    dv = matmul(v, mul(_to_dtype(f, x.dtype), vhdv))
    dw = diagonal(vhdv)
    dw = real(dw) if _is_complex(dw) else dw
    return [v, w], [dv, dw]


eigh_p.jvp = _eigh_jvp
eigh_p.batch = _batch_front(eigh_p)


def eigh(x, *, lower: bool = True, symmetrize_input: bool = True,
         sort_eigenvalues: bool = True, subset_by_index=None):
    """lax.linalg.eigh: (v, w), eigenvectors as columns of v and ascending eigenvalues w."""
    if x.ndim < 2:
        raise TypeError(f"transpose permutation isn't a permutation of operand dimensions, got "
                        f"permutation (0, -1) for operand shape {tuple(x.shape)}.")
    if symmetrize_input and x.shape[-1] != x.shape[-2]:
        raise TypeError(f"add got incompatible shapes for broadcasting: {tuple(x.shape)}, "
                        f"{(*x.shape[:-2], x.shape[-1], x.shape[-2])}.")
    sub_idx = None if subset_by_index is None else tuple(int(i) for i in subset_by_index)
    v, w = eigh_p.bind(x, lower=bool(lower), sort_eigenvalues=True, subset_by_index=sub_idx,
                       symmetrize_input=bool(symmetrize_input))
    return v, w


# ---------------------------------------------------------------------------------------------
# svd: x = U diag(s) V^H, s descending


def _svd_impl(x, *, full_matrices, compute_uv, subset_by_index, algorithm):
    rdt = _real_dtype(x.dtype)
    if not compute_uv:
        s = np.linalg.svd(x, compute_uv=False)
        if subset_by_index is not None:
            s = s[..., subset_by_index[0]:subset_by_index[1]]
        return (np.asarray(s, rdt),)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    if subset_by_index is not None:
        lo, hi = subset_by_index
        u, s, vh = u[..., lo:hi], s[..., lo:hi], vh[..., lo:hi, :]
    return np.asarray(s, rdt), np.asarray(u, x.dtype), np.asarray(vh, x.dtype)


def _svd_abstract_eval(x, *, full_matrices, compute_uv, subset_by_index, algorithm):
    _check_matrix("svd", x)
    *batch, m, n = x.shape
    k = min(m, n)
    if subset_by_index is not None:
        k = subset_by_index[1] - subset_by_index[0]
    s = ShapedArray((*batch, k), _real_dtype(x.dtype))
    if not compute_uv:
        return [s]
    ucols, vrows = (m, n) if full_matrices and subset_by_index is None else (k, k)
    return [s, ShapedArray((*batch, m, ucols), x.dtype),
            ShapedArray((*batch, vrows, n), x.dtype)]


svd_p = primitive("svd", _svd_impl, _svd_abstract_eval, multiple_results=True)


def _svd_jvp(primals, tangents, *, full_matrices, compute_uv, subset_by_index, algorithm):
    (x,), (x_dot,) = primals, tangents
    params = {"full_matrices": full_matrices, "compute_uv": compute_uv,
              "subset_by_index": subset_by_index, "algorithm": algorithm}
    outs = svd_p.bind(x, **params)
    if type(x_dot) is Zero:
        return outs, [Zero.like(o) for o in outs]
    if compute_uv and full_matrices and x.shape[-1] != x.shape[-2]:
        raise NotImplementedError(
            "Singular value decomposition JVP not implemented for full matrices")
    if subset_by_index is not None:
        raise NotImplementedError("Derivatives of svd with subset_by_index are not implemented.")
    s, u, vh = svd_p.bind(x, full_matrices=False, compute_uv=True, subset_by_index=None,
                          algorithm=algorithm)
    v = _H(vh)
    ds_mat = matmul(matmul(_H(u), x_dot), v)  # U^H dA V
    ds = diagonal(ds_mat)
    ds = real(ds) if _is_complex(ds) else ds
    if not compute_uv:
        return outs, [ds]
    # F_ij = 1 / (s_j^2 - s_i^2) off the diagonal; equal singular values give inf/NaN.
    k = s.shape[-1]
    shape = (*s.shape, k)
    s_j = broadcast_in_dim(s, shape, (*range(s.ndim - 1), s.ndim))
    s_i = broadcast_in_dim(s, shape, tuple(range(s.ndim)))
    eye = _const(np.broadcast_to(np.eye(k, dtype=s.dtype), shape))
    f = _to_dtype(sub(integer_pow(add(mul(add(s_j, s_i), sub(s_j, s_i)), eye), -1), eye),
                  x.dtype)
    s_c = _to_dtype(s, x.dtype)
    ds_s = _scale_cols(ds_mat, s_c)  # dS diag(s)
    s_ds = _scale_rows(ds_mat, s_c)  # diag(s) dS
    inner_u = mul(f, add(ds_s, _H(ds_s)))
    if _is_complex(x):  # imaginary diagonal of U^H dU, fixed by the gauge choice of JAX
        zero_s = convert_element_type(eq(s, full_like(s, 0)), s.dtype)
        s_inv = sub(div(full_like(s, 1), add(s, zero_s)), zero_s)
        diag_term = mul(mul(sub(ds_mat, _H(ds_mat)), full_like(ds_mat, 0.5)),
                        _to_dtype(diag_embed(s_inv), x.dtype))
        inner_u = add(inner_u, diag_term)
    du = matmul(u, inner_u)
    dv = matmul(v, mul(f, add(s_ds, _H(s_ds))))
    m, n = x.shape[-2:]
    if m > n:  # the part of dA's column space outside U
        dav = matmul(x_dot, v)
        du = add(du, _scale_cols(sub(dav, matmul(u, matmul(_H(u), dav))),
                                 div(full_like(s_c, 1), s_c)))
    if n > m:
        dahu = matmul(_H(x_dot), u)
        dv = add(dv, _scale_cols(sub(dahu, matmul(v, matmul(vh, dahu))),
                                 div(full_like(s_c, 1), s_c)))
    return outs, [ds, du, _H(dv)]


svd_p.jvp = _svd_jvp
svd_p.batch = _batch_front(svd_p)


def svd(x, *, full_matrices: bool = True, compute_uv: bool = True, subset_by_index=None,
        algorithm=None):
    """lax.linalg.svd: (u, s, vh) with x = u @ diag(s) @ vh, s descending; s alone when
    `compute_uv` is False."""
    if x.ndim < 2:
        raise TypeError(f"Input 0 to svd must have rank at least 2, but got shape="
                        f"{tuple(x.shape)}")
    sub_idx = None if subset_by_index is None else tuple(int(i) for i in subset_by_index)
    outs = svd_p.bind(x, full_matrices=bool(full_matrices), compute_uv=bool(compute_uv),
                      subset_by_index=sub_idx, algorithm=None)
    if not compute_uv:
        return outs[0]
    s, u, vh = outs
    return u, s, vh


# ---------------------------------------------------------------------------------------------
# eig: general (non-symmetric) eigendecomposition, complex outputs; eigenvalue derivatives only


def _eig_impl(x, *, compute_left_eigenvectors, compute_right_eigenvectors):
    cdt = _complex_dtype(x.dtype)
    w, vr = np.linalg.eig(x)
    w, vr = w.astype(cdt), vr.astype(cdt)
    outs = [w]
    if compute_left_eigenvectors:
        # Rows of VR^{-1} are the left eigenvectors u^H (u^H A = w u^H); LAPACK scales each
        # to unit norm with its largest component real.
        vl = np.conj(np.swapaxes(np.linalg.inv(vr), -1, -2))
        vl = vl / np.linalg.norm(vl, axis=-2, keepdims=True)
        big = np.take_along_axis(vl, np.argmax(np.abs(vl), axis=-2)[..., None, :], axis=-2)
        vl = vl * (np.abs(big) / np.where(big == 0, 1, big))
        outs.append(vl.astype(cdt))
    if compute_right_eigenvectors:
        outs.append(vr)
    return tuple(outs)


def _eig_abstract_eval(x, *, compute_left_eigenvectors, compute_right_eigenvectors):
    if x.ndim < 2:
        raise TypeError(f"Input 0 to eig must have rank at least 2, but got shape="
                        f"{tuple(x.shape)}")
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"The input to eig must be a square matrix. Got shape "
                         f"{tuple(x.shape)}.")
    _check_matrix("eig", x)
    cdt = _complex_dtype(x.dtype)
    outs = [ShapedArray(x.shape[:-1], cdt)]
    outs += [ShapedArray(x.shape, cdt)] * (compute_left_eigenvectors
                                          + compute_right_eigenvectors)
    return outs


eig_p = primitive("eig", _eig_impl, _eig_abstract_eval, multiple_results=True,
                  weak_type_rule=False)

_EIGVEC_DERIV_MSG = (
    "Derivatives of non-symmetric eigenvectors are only valid under assumptions on the input "
    "that JAX cannot check (see the enable_eigvec_derivs argument to jax.lax.linalg.eig). Pass "
    "enable_eigvec_derivs=True to jax.lax.linalg.eig to opt in. See "
    "https://github.com/jax-ml/jax/issues/2748 for discussion.")


def _eig_jvp(primals, tangents, *, compute_left_eigenvectors, compute_right_eigenvectors):
    # dw = diag(VR^{-1} dA VR).
    (x,), (x_dot,) = primals, tangents
    params = {"compute_left_eigenvectors": compute_left_eigenvectors,
              "compute_right_eigenvectors": compute_right_eigenvectors}
    outs = eig_p.bind(x, **params)
    if type(x_dot) is Zero:
        return outs, [Zero.like(o) for o in outs]
    if compute_left_eigenvectors or compute_right_eigenvectors:
        raise NotImplementedError(_EIGVEC_DERIV_MSG)
    _, vr = eig_p.bind(x, compute_left_eigenvectors=False, compute_right_eigenvectors=True)
    lu_vr, _, perm = lu(vr)
    da_vr = matmul(_to_dtype(x_dot, vr.dtype), vr)
    return outs, [diagonal(lu_solve(lu_vr, perm, da_vr))]


eig_p.jvp = _eig_jvp
eig_p.batch = _batch_front(eig_p)


def eig(x, *, compute_left_eigenvectors: bool = True, compute_right_eigenvectors: bool = True,
        enable_eigvec_derivs: bool = False, implementation=None, use_magma=None):
    """lax.linalg.eig: [w, vl, vr] (those requested) with complex dtype; only eigenvalues
    are differentiable."""
    return list(eig_p.bind(x, compute_left_eigenvectors=bool(compute_left_eigenvectors),
                           compute_right_eigenvectors=bool(compute_right_eigenvectors)))

checked_eagerly(cholesky_p, triangular_solve_p, lu_p, lu_pivots_to_permutation_p, qr_p,
                eigh_p, svd_p, eig_p)
