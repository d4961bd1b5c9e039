"""jax.scipy.linalg: SciPy's linear-algebra API over the primitives of lax/linalg.py.

Like JAX, the `overwrite_*` and `check_finite` arguments are accepted and ignored; factors
come back with their unused triangle zeroed.
"""

from __future__ import annotations

import functools

import numpy as np

from .array import Array
from .lax import elementwise as lax
from .lax import linalg as lax_linalg
from .numpy import linalg as jnp_linalg
from .numpy import reductions, shape_ops, ufuncs
from .numpy.lax_numpy import matmul, where
from .numpy.util import check_arraylike, promote_to_inexact


def _inexact(name, *args):
    check_arraylike(name, *args)
    return promote_to_inexact(*args)


def cholesky(a, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.cholesky: the upper factor by default (lower=True: the lower one); only
    that triangle of `a` is read."""
    (a,) = _inexact("jax.scipy.linalg.cholesky", a)
    chol = lax_linalg.cholesky(a if lower else lax_linalg._H(a), symmetrize_input=False)
    return chol if lower else lax_linalg._H(chol)


def cho_factor(a, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.cho_factor: (factor, lower), for cho_solve."""
    return cholesky(a, lower=lower), lower


def cho_solve(c_and_lower, b, overwrite_b: bool = False, check_finite: bool = True):
    """scipy.linalg.cho_solve: x with A x = b from A's Cholesky factor."""
    c, lower = c_and_lower
    c, b = _inexact("jax.scipy.linalg.cho_solve", c, b)
    vector = b.ndim == c.ndim - 1
    if vector:
        b = shape_ops.expand_dims(b, -1)
    if c.ndim < 2 or b.shape[-2] != c.shape[-1]:
        sig = "(n,n),(n)->(n)" if vector else "(n,n),(n,k)->(n,k)"
        raise ValueError(f"inconsistent size for core dimension 'n': {b.shape[-2]} vs "
                         f"{c.shape[-1]} on vectorized function with excluded=frozenset() and "
                         f"signature='{sig}'")
    c, b = jnp_linalg._broadcast_batch(c, b, 2)
    if lower:  # L L^H x = b
        y = lax_linalg.triangular_solve(c, b, left_side=True, lower=True)
        x = lax_linalg.triangular_solve(c, y, left_side=True, lower=True, transpose_a=True,
                                        conjugate_a=True)
    else:  # U^H U x = b
        y = lax_linalg.triangular_solve(c, b, left_side=True, lower=False, transpose_a=True,
                                        conjugate_a=True)
        x = lax_linalg.triangular_solve(c, y, left_side=True, lower=False)
    return shape_ops.squeeze(x, -1) if vector else x


def solve_triangular(a, b, trans=0, lower: bool = False, unit_diagonal: bool = False,
                     overwrite_b: bool = False, debug=None, check_finite: bool = True):
    """scipy.linalg.solve_triangular: op(a) x = b with op given by trans (0/'N', 1/'T',
    2/'C'); b may be a vector."""
    a, b = _inexact("jax.scipy.linalg.solve_triangular", a, b)
    modes = {0: (False, False), "N": (False, False), 1: (True, False), "T": (True, False),
             2: (True, True), "C": (True, True)}
    if trans not in modes:
        raise ValueError(f"Invalid 'trans' value {trans}")
    transpose_a, conjugate_a = modes[trans]
    vector = b.ndim == a.ndim - 1
    if vector:
        b = shape_ops.expand_dims(b, -1)
    a, b = jnp_linalg._broadcast_batch(a, b, 2)
    x = lax_linalg.triangular_solve(a, b, left_side=True, lower=lower, transpose_a=transpose_a,
                                    conjugate_a=conjugate_a, unit_diagonal=unit_diagonal)
    return shape_ops.squeeze(x, -1) if vector else x


def _split_lu(lu_f):
    m, n = lu_f.shape[-2:]
    k = min(m, n)
    eye = Array(np.eye(m, k, dtype=lu_f.dtype))
    l_part = ufuncs.add(lax_linalg.tril(lu_f[..., :, :k], -1), eye)
    return l_part, lax_linalg.triu(lu_f[..., :k, :])


def lu(a, permute_l: bool = False, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.lu: (p, l, u) with a = p @ l @ u, or (p @ l, u) with permute_l."""
    (a,) = _inexact("jax.scipy.linalg.lu", a)
    lu_f, _, perm = lax_linalg.lu(a)
    l_part, u_part = _split_lu(lu_f)
    p = lax_linalg._mT(lax_linalg.permutation_matrix(perm, a.dtype))
    if permute_l:
        return matmul(p, l_part), u_part
    return p, l_part, u_part


def lu_factor(a, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.lu_factor: (lu, piv) with LAPACK's 0-based row swaps."""
    (a,) = _inexact("jax.scipy.linalg.lu_factor", a)
    lu_f, pivots, _ = lax_linalg.lu(a)
    return lu_f, pivots


def lu_solve(lu_and_piv, b, trans: int = 0, overwrite_b: bool = False,
             check_finite: bool = True):
    """scipy.linalg.lu_solve: solves a x = b (trans 0), a^T x = b (1) or a^H x = b (2)."""
    lu_f, piv = lu_and_piv
    lu_f, b = _inexact("jax.scipy.linalg.lu_solve", lu_f, b)
    if trans not in (0, 1, 2):
        raise ValueError(f"'trans' value must be 0, 1, or 2, got {trans}")
    n = lu_f.shape[-1]
    perm = lax_linalg.lu_pivots_to_permutation(piv, n)
    vector = b.ndim == 1 or b.ndim == lu_f.ndim - 1
    if vector:
        b = shape_ops.expand_dims(b, -1)
    lu_f, b = jnp_linalg._broadcast_batch(lu_f, b, 2)
    perm = shape_ops.broadcast_to(perm, (*lu_f.shape[:-2], n))
    x = lax_linalg.lu_solve(lu_f, perm, b, trans)
    return shape_ops.squeeze(x, -1) if vector else x


def block_diag(*arrs):
    """scipy.linalg.block_diag: the arrays (0-d, 1-d as rows, 2-d) on a block diagonal."""
    if not arrs:
        return Array(np.zeros((1, 0), np.float32))
    check_arraylike("jax.scipy.linalg.block_diag", *arrs)
    arrs = [shape_ops.atleast_2d(a) for a in arrs]
    bad = [i for i, a in enumerate(arrs) if a.ndim > 2]
    if bad:
        raise ValueError(f"Arguments to jax.scipy.linalg.block_diag must have at most 2 "
                         f"dimensions, got {arrs[bad[0]]} at argument {bad[0]}.")
    from .numpy.util import promote_dtypes

    arrs = promote_dtypes(*arrs)
    n_cols = sum(a.shape[1] for a in arrs)
    rows, left = [], 0
    from .numpy.manipulation import pad

    for a in arrs:
        c = a.shape[1]
        rows.append(pad(a, ((0, 0), (left, n_cols - left - c))))
        left += c
    return shape_ops.concatenate(rows, axis=0)


def det(a, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.det."""
    return jnp_linalg.det(a)


def inv(a, overwrite_a: bool = False, check_finite: bool = True):
    """scipy.linalg.inv."""
    return jnp_linalg.inv(a)


def solve(a, b, lower: bool = False, overwrite_a: bool = False, overwrite_b: bool = False,
          debug: bool = False, check_finite: bool = True, assume_a: str = "gen"):
    """scipy.linalg.solve; assume_a='pos' uses a Cholesky solve (reading the `lower`
    triangle), 'gen', 'sym' and 'her' an LU solve."""
    if assume_a not in ("gen", "sym", "her", "pos"):
        raise ValueError("Expected assume_a to be one of ['gen', 'sym', 'her', 'pos']; got "
                         f"{assume_a!r}")
    if assume_a != "pos":
        a, b = _inexact("jax.scipy.linalg.solve", a, b)
        if b.ndim == a.ndim - 1 and b.ndim >= 1:
            return shape_ops.squeeze(jnp_linalg.solve(a, shape_ops.expand_dims(b, -1)), -1)
        return jnp_linalg.solve(a, b)
    a, b = _inexact("jax.scipy.linalg.solve", a, b)
    tri = lax_linalg.tril(a) if lower else lax_linalg.triu(a)
    full = ufuncs.subtract(ufuncs.add(tri, lax_linalg._H(tri)),
                           lax_linalg.diag_embed(lax_linalg.diagonal(a)))
    factor = lax_linalg.cholesky(full, symmetrize_input=False)
    return cho_solve((factor, True), b)


def eigh(a, b=None, lower: bool = True, eigvals_only: bool = False, overwrite_a: bool = False,
         overwrite_b: bool = False, turbo: bool = True, eigvals=None, type: int = 1,
         check_finite: bool = True):
    """scipy.linalg.eigh for the standard problem (b=None): w, or (w, v)."""
    if b is not None:
        raise NotImplementedError("Only the b=None case of eigh is implemented")
    if type != 1:
        raise NotImplementedError("Only the type=1 case of eigh is implemented.")
    if eigvals is not None:
        raise NotImplementedError("Only the eigvals=None case of eigh is implemented.")
    (a,) = _inexact("jax.scipy.linalg.eigh", a)
    v, w = lax_linalg.eigh(a, lower=lower)
    return w if eigvals_only else (w, v)


def qr(a, overwrite_a: bool = False, lwork=None, mode: str = "full", pivoting: bool = False,
       check_finite: bool = True):
    """scipy.linalg.qr for modes 'full' (square q), 'economic' and 'r' (returns (r,), r of
    the full factorization); with `pivoting` the column permutation p comes last."""
    if mode not in ("full", "economic", "r"):
        raise ValueError(f"Unsupported QR decomposition mode '{mode}'")
    (a,) = _inexact("jax.scipy.linalg.qr", a)
    q, r, *p = lax_linalg.qr(a, pivoting=pivoting, full_matrices=mode in ("full", "r"))
    return (r, *p) if mode == "r" else (q, r, *p)


def svd(a, full_matrices: bool = True, compute_uv: bool = True, overwrite_a: bool = False,
        check_finite: bool = True, lapack_driver: str = "gesdd"):
    """scipy.linalg.svd: (u, s, vh), or s alone."""
    out = jnp_linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)
    return out if not compute_uv else tuple(out)


# ---------------------------------------------------------------------------------------------
# expm: scaling and squaring with a degree-13 Pade approximant (Higham 2005). The number of
# squarings depends on the data, so all `max_squarings` are staged and selected: the function
# stays traceable under jit and vmap.

_PADE13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def expm(A, *, upper_triangular: bool = False, max_squarings: int = 16):
    """scipy.linalg.expm on a (stack of) square matrices."""
    (a,) = _inexact("jax.scipy.linalg.expm", A)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"Expected A to be a (batched) square matrix, got A.shape="
                         f"{tuple(a.shape)}.")
    n = a.shape[-1]
    norm1 = reductions.max(reductions.sum(ufuncs.abs(a), axis=-2), axis=-1)
    ratio = ufuncs.divide(norm1, _THETA13)
    ratio = ufuncs.maximum(ratio, float(np.finfo(a.dtype).tiny))
    s = ufuncs.maximum(ufuncs.ceil(ufuncs.log2(ratio)), 0)
    s = ufuncs.minimum(s, float(max_squarings))
    scale = ufuncs.exp2(ufuncs.negative(s))
    a = ufuncs.multiply(a, lax.convert_element_type(
        shape_ops.expand_dims(scale, (-2, -1)), a.dtype))
    eye = shape_ops.broadcast_to(Array(np.eye(n, dtype=a.dtype)), a.shape)
    b = _PADE13
    a2 = matmul(a, a)
    a4 = matmul(a2, a2)
    a6 = matmul(a4, a2)

    def comb(c0, c1, c2, c3):
        return ufuncs.add(ufuncs.add(ufuncs.multiply(a6, c0), ufuncs.multiply(a4, c1)),
                          ufuncs.add(ufuncs.multiply(a2, c2), ufuncs.multiply(eye, c3)))

    u_inner = ufuncs.add(matmul(a6, ufuncs.add(ufuncs.add(ufuncs.multiply(a6, b[13]),
                                                          ufuncs.multiply(a4, b[11])),
                                               ufuncs.multiply(a2, b[9]))),
                         comb(b[7], b[5], b[3], b[1]))
    u = matmul(a, u_inner)
    v = ufuncs.add(matmul(a6, ufuncs.add(ufuncs.add(ufuncs.multiply(a6, b[12]),
                                                    ufuncs.multiply(a4, b[10])),
                                         ufuncs.multiply(a2, b[8]))),
                   comb(b[6], b[4], b[2], b[0]))
    r = jnp_linalg.solve(ufuncs.subtract(v, u), ufuncs.add(v, u))
    s_mat = shape_ops.expand_dims(s, (-2, -1))
    for k in range(int(max_squarings)):
        r = where(ufuncs.greater(s_mat, k), matmul(r, r), r)
    return r


def expm_frechet(A, E, *, method=None, compute_expm: bool = True):
    """scipy.linalg.expm_frechet: the Frechet derivative L(A, E) of expm at A along E, read
    off the block matrix expm([[A, E], [0, A]]) = [[expm(A), L(A, E)], [0, expm(A)]]."""
    a, e = _inexact("jax.scipy.linalg.expm_frechet", A, E)
    if a.shape != e.shape or a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ValueError(f"expected A and E to be square matrices of the same shape, got "
                         f"{tuple(a.shape)} and {tuple(e.shape)}")
    n = a.shape[-1]
    zero = shape_ops.broadcast_to(Array(np.zeros((n, n), a.dtype)), a.shape)
    big = shape_ops.concatenate([shape_ops.concatenate([a, e], axis=-1),
                                 shape_ops.concatenate([zero, a], axis=-1)], axis=-2)
    out = expm(big)
    frechet = out[..., :n, n:]
    return (out[..., :n, :n], frechet) if compute_expm else frechet


def polar(a, side: str = "right", *, method: str = "qdwh", eps=None, max_iterations=None):
    """scipy.linalg.polar: a = u p (side 'right') or p u ('left') with u unitary and p
    Hermitian positive semi-definite; computed from the SVD whatever `method`."""
    if side not in ("right", "left"):
        raise ValueError(f"side={side!r} is not implemented; it must be 'right' or 'left'")
    (a,) = _inexact("jax.scipy.linalg.polar", a)
    u_svd, s, vh = lax_linalg.svd(a, full_matrices=False)
    u = matmul(u_svd, vh)
    s = lax.convert_element_type(s, a.dtype)
    if side == "right":
        p = matmul(ufuncs.multiply(lax_linalg._H(vh), shape_ops.expand_dims(s, -2)), vh)
    else:
        p = matmul(ufuncs.multiply(u_svd, shape_ops.expand_dims(s, -2)), lax_linalg._H(u_svd))
    return u, p


def eigh_tridiagonal(d, e, *, eigvals_only: bool = False, select: str = "a",
                     select_range=None, tol=None, key=None):
    """scipy.linalg.eigh_tridiagonal (select='a'): eigenvalues (and eigenvectors) of the
    symmetric tridiagonal matrix with diagonal d and off-diagonal e, via a dense eigh."""
    if select != "a":
        raise NotImplementedError("eigh_tridiagonal only supports select='a'")
    d, e = _inexact("jax.scipy.linalg.eigh_tridiagonal", d, e)
    n = d.shape[-1]
    if e.shape[-1] != n - 1:
        raise ValueError(f"e must have one entry fewer than d, got {tuple(e.shape)} and "
                         f"{tuple(d.shape)}")
    t = ufuncs.add(lax_linalg.diag_embed(d), _off_diagonal(e, 1))
    t = ufuncs.add(t, _off_diagonal(e, -1))
    v, w = lax_linalg.eigh(t, symmetrize_input=False)
    return w if eigvals_only else (w, v)


def _off_diagonal(e, k):
    """(..., n, n) with e (..., n - 1) on diagonal k = +1 or -1."""
    from .numpy.manipulation import pad

    widths = [(0, 0)] * (e.ndim - 1) + ([(0, 1), (1, 0)] if k == 1 else [(1, 0), (0, 1)])
    return pad(lax_linalg.diag_embed(e), widths)


# ---------------------------------------------------------------------------------------------
# Special matrices


def _take_last(values, idx):
    """values[..., idx] for a static integer index array."""
    from .numpy.searching import take

    return take(values, Array(np.asarray(idx, np.int32)), axis=-1)


def toeplitz(c, r=None):
    """scipy.linalg.toeplitz: out[..., i, j] = c[..., i - j] (i >= j), r[..., j - i] (i < j);
    r defaults to conj(c). Leading dimensions are batch dimensions (as JAX)."""
    check_arraylike("jax.scipy.linalg.toeplitz", c)
    c = shape_ops.atleast_1d(c)
    r = ufuncs.conj(c) if r is None else shape_ops.atleast_1d(r)
    c, r = _promote(c, r)
    m, n = c.shape[-1], r.shape[-1]
    batch = np.broadcast_shapes(c.shape[:-1], r.shape[:-1])
    values = shape_ops.concatenate([shape_ops.broadcast_to(_flip_last(r[..., 1:]),
                                                           (*batch, n - 1)),
                                    shape_ops.broadcast_to(c, (*batch, m))], axis=-1)
    i, j = np.indices((m, n))
    return _take_last(values, i - j + n - 1)


def _flip_last(x):
    from .numpy.manipulation import flip

    return flip(x, -1)


def _promote(*args):
    from .numpy.util import promote_dtypes

    return promote_dtypes(*args)


def hankel(c, r=None):
    """scipy.linalg.hankel: out[i, j] = c[i + j] (i + j < m), else r[i + j - m + 1]; r
    defaults to zeros (r[0] is ignored)."""
    check_arraylike("jax.scipy.linalg.hankel", c)
    c = shape_ops.ravel(c)
    r = ufuncs.multiply(c, 0) if r is None else shape_ops.ravel(r)
    c, r = _promote(c, r)
    m, n = c.shape[0], r.shape[0]
    values = shape_ops.concatenate([c, r[1:]], axis=0)
    i, j = np.indices((m, n))
    return _take_last(values, i + j)


def circulant(c):
    """scipy.linalg.circulant: out[..., i, j] = c[..., (i - j) mod n] (batched like JAX)."""
    check_arraylike("jax.scipy.linalg.circulant", c)
    c = shape_ops.atleast_1d(c)
    n = c.shape[-1]
    i, j = np.indices((n, n))
    return _take_last(c, (i - j) % n)


def hilbert(n: int):
    """scipy.linalg.hilbert: out[i, j] = 1 / (i + j + 1) (default float dtype)."""
    from .dtypes import default_float_dtype

    i, j = np.indices((int(n), int(n)))
    return Array((1.0 / (i + j + 1)).astype(default_float_dtype()))


def companion(a):
    """scipy.linalg.companion: first row -a[1:] / a[0], ones below the diagonal."""
    check_arraylike("jax.scipy.linalg.companion", a)
    (a,) = promote_to_inexact(a)
    if a.ndim != 1 or a.shape[0] < 2:
        raise ValueError("Incorrect shape for `a`.  `a` must be one-dimensional with length at "
                         "least 2.")
    n = a.shape[0] - 1
    first = ufuncs.divide(ufuncs.negative(a[1:]), a[0])
    below = Array(np.eye(n - 1, n, dtype=a.dtype)) if n > 1 else Array(np.zeros((0, n),
                                                                               a.dtype))
    return shape_ops.concatenate([first[None, :], below], axis=0)


def leslie(f, s):
    """scipy.linalg.leslie: fecundity row f, survival coefficients s below the diagonal."""
    check_arraylike("jax.scipy.linalg.leslie", f, s)
    f, s = _promote(f, s)
    n = f.shape[-1]
    if s.shape[-1] != n - 1:
        raise ValueError(f"Incorrect lengths for f and s. The length of s along the last "
                         f"axis must be one less than the length of f; got {n} and "
                         f"{s.shape[-1]}.")
    below = shape_ops.concatenate([lax_linalg.diag_embed(s),
                                   ufuncs.multiply(s[..., :, None], 0)], axis=-1)
    return shape_ops.concatenate([f[..., None, :], below], axis=-2)


# ---------------------------------------------------------------------------------------------
# Schur-based functions: hessenberg, schur, rsf2csf, sqrtm, funm, solve_sylvester. The
# decompositions are primitives (numjax/_src/linalg_schur.py) with no derivative, as in JAX;
# the rest is written with jnp operations, so it traces under jit and vmap.


def _jnp():
    from .numpy import namespace as jnp

    return jnp


def hessenberg(a, *, calc_q: bool = False, overwrite_a: bool = False,
               check_finite: bool = True):
    """scipy.linalg.hessenberg: H (zero below the first subdiagonal) with a = Q H Q^H, and Q
    when `calc_q`. Householder reflections, as LAPACK's gehrd, so H matches SciPy's."""
    from .linalg_schur import hessenberg as _hessenberg

    a = _jnp().asarray(a)
    if a.ndim >= 2 and a.shape[-1] == 0:
        zeros = _jnp().zeros_like(a)
        return (zeros, zeros) if calc_q else zeros
    h, q = _hessenberg(a)
    return (h, q) if calc_q else h


def schur(a, output: str = "real"):
    """scipy.linalg.schur: (T, Z) with a = Z T Z^H. output='real' (real input): T is
    quasi-upper-triangular with standardized 2x2 blocks for complex-conjugate eigenvalue pairs;
    output='complex': T upper triangular and complex. Not differentiable (as JAX)."""
    from .linalg_schur import schur as _schur

    if output not in ("real", "complex"):
        raise ValueError(f"Expected 'output' to be either 'real' or 'complex', got {output=}.")
    a = _jnp().asarray(a)
    if not (_jnp().issubdtype(a.dtype, _jnp().inexact)):
        raise TypeError(f"schur does not accept dtype {a.dtype} at position 0. Accepted dtypes "
                        f"at position 0 are subtypes of floating, complexfloating.")
    return tuple(_schur(a, complex_output=output == "complex"))


def _to_complex(*args):
    args = promote_to_inexact(*args)
    cdt = np.result_type(*(x.dtype for x in args), np.complex64)
    return [x.astype(cdt) for x in args]


def _rsf2csf_2d(t, z):
    """Givens rotations that split each 2x2 block of a real Schur form, bottom to top (the
    standard algorithm, as SciPy's rsf2csf); a block is split where its subdiagonal entry is
    not negligible, decided elementwise with `where` so it traces."""
    jnp = _jnp()
    t, z = _to_complex(t, z)
    n = t.shape[-1]
    eps = np.finfo(t.dtype).eps
    for m in range(n - 1, 0, -1):
        a, b, c, d = t[m - 1, m - 1], t[m - 1, m], t[m, m - 1], t[m, m]
        split = jnp.abs(c) > eps * (jnp.abs(a) + jnp.abs(d))
        # mu: the block's eigenvalue with the larger imaginary part, minus d.
        p = (a - d) / 2
        mu = p + jnp.sqrt(p * p + b * c)
        r = jnp.sqrt(jnp.abs(mu) ** 2 + jnp.abs(c) ** 2)
        r = jnp.where(split & (r != 0), r, 1).astype(t.dtype)
        cs, sn = mu / r, c / r
        g = jnp.stack([jnp.stack([jnp.conj(cs), sn]), jnp.stack([-sn, cs])])
        gh = jnp.conj(g).T
        rot = t.at[m - 1:m + 1, m - 1:].set(g @ t[m - 1:m + 1, m - 1:])
        rot = rot.at[:m + 1, m - 1:m + 1].set(rot[:m + 1, m - 1:m + 1] @ gh)
        zrot = z.at[:, m - 1:m + 1].set(z[:, m - 1:m + 1] @ gh)
        t = jnp.where(split, rot, t).at[m, m - 1].set(0)
        z = jnp.where(split, zrot, z)
    return t, z


def rsf2csf(T, Z, check_finite: bool = True):
    """scipy.linalg.rsf2csf: the complex Schur form (T, Z) from a real one."""
    jnp = _jnp()
    T, Z = jnp.asarray(T), jnp.asarray(Z)
    if T.ndim < 2 or T.shape[-1] != T.shape[-2]:
        raise ValueError("Input 'T' must be square.")
    if Z.ndim < 2 or Z.shape[-1] != Z.shape[-2]:
        raise ValueError("Input 'Z' must be square.")
    if T.shape[-1] != Z.shape[-1]:
        raise ValueError(f"Input array shapes must match: Z: {Z.shape} vs. T: {T.shape}")
    return tuple(jnp.vectorize(_rsf2csf_2d, signature="(n,n),(n,n)->(n,n),(n,n)")(T, Z))


def _sqrtm_triu(t):
    """The upper-triangular square root R (R @ R = t) of an upper-triangular t (Bjorck and
    Hammarling), one superdiagonal at a time: entry (i, i+d) needs only diagonals < d, and
    with those filled, diag(R @ R, d) is exactly the sum the recurrence subtracts."""
    jnp = _jnp()
    root = jnp.sqrt(jnp.diagonal(t))
    r = jnp.diag(root)
    n = t.shape[-1]
    for d in range(1, n):
        s = jnp.diagonal(r @ r, d)
        td = jnp.diagonal(t, d)
        val = jnp.where(td == s, 0, (td - s) / (root[:-d] + root[d:]))
        r = r + jnp.diag(val, d)
    return r


def sqrtm(A, blocksize: int = 1):
    """scipy.linalg.sqrtm: the principal square root, Z sqrt(T) Z^H from the complex Schur
    form (always complex, as JAX). Only 2-D input; `blocksize` > 1 is not implemented (as
    JAX)."""
    jnp = _jnp()
    if blocksize > 1:
        raise NotImplementedError("Blocked version is not implemented yet.")
    (A,) = _inexact("sqrtm", A)
    t, z = schur(A, output="complex")
    return z @ _sqrtm_triu(t) @ jnp.conj(z).T


def funm(A, func, disp: bool = True):
    """scipy.linalg.funm: the matrix function f(A) by Parlett's recurrence on the complex
    Schur form (Golub and Van Loan 11.1.1), always complex (as JAX). Like SciPy, it is
    inaccurate when A has close eigenvalues; with disp=False it returns (F, error estimate)."""
    jnp = _jnp()
    A = jnp.asarray(A)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("expected square array_like input")
    t, z = rsf2csf(*schur(A))
    tdiag = jnp.diagonal(t)
    f = jnp.diag(func(tdiag)).astype(t.dtype)
    n = t.shape[-1]
    minden = jnp.abs(t[0, 0])
    # Entry (i, i+d) from diagonals < d: with those filled, diag(T F - F T, d) is the sum
    # T_ij (F_jj - F_ii) + sum_k (T_ik F_kj - F_ik T_kj) of the recurrence.
    for d in range(1, n):
        s = jnp.diagonal(t @ f - f @ t, d)
        den = tdiag[d:] - tdiag[:-d]
        f = f + jnp.diag(jnp.where(den != 0, s / jnp.where(den != 0, den, 1), s), d)
        minden = jnp.minimum(minden, jnp.min(jnp.abs(den)))
    f = z @ f @ jnp.conj(z).T
    if disp:
        return f
    tol = np.finfo(np.float32 if f.dtype == np.complex64 else np.float64).eps
    minden = jnp.where(minden == 0, tol, minden)
    norm1 = jnp.max(jnp.sum(jnp.abs(jnp.triu(t, 1)), axis=0))
    err = jnp.minimum(1, jnp.maximum(tol, (tol / minden) * norm1))
    inf = jnp.any(jnp.isinf(jnp.real(f)) | jnp.isinf(jnp.imag(f)))
    return f, jnp.where(inf, np.inf, err).astype(np.finfo(f.dtype).dtype)


def _solve_sylvester_2d(a, b, c, *, tol):
    """Bartels-Stewart: with a = U R U^H and b^H = V S V^H (complex Schur), A X + X B = C
    becomes R Y + Y S^H = U^H C V; S^H is lower triangular, so Y is found column by column,
    last first, each a triangular solve."""
    jnp = _jnp()
    r, u = schur(a, output="complex")
    s, v = schur(jnp.conj(b).T, output="complex")
    f = jnp.conj(u).T @ c.astype(r.dtype) @ v
    m, n = f.shape
    eye = jnp.eye(m, dtype=r.dtype)
    cols = [None] * n
    for j in range(n - 1, -1, -1):
        rhs = f[:, j]
        for k in range(j + 1, n):
            rhs = rhs - cols[k] * jnp.conj(s[j, k])
        lhs = r + jnp.conj(s[j, j]) * eye
        cols[j] = lax_linalg.triangular_solve(lhs, rhs[:, None], left_side=True)[:, 0]
    y = jnp.stack(cols, axis=1) if n else jnp.zeros((m, 0), r.dtype)
    x = u @ y @ jnp.conj(v).T
    if not jnp.issubdtype(c.dtype, jnp.complexfloating):
        x = jnp.real(x)
    eig_sum = jnp.diagonal(r)[:, None] + jnp.conj(jnp.diagonal(s))[None, :]
    singular = jnp.any(jnp.abs(eig_sum) < tol)
    return jnp.where(singular, np.nan, x)


def solve_sylvester(A, B, C, *, method: str = "schur", tol: float = 1e-8):
    """scipy.linalg.solve_sylvester: X with A X + X B = C (Bartels-Stewart on complex Schur
    forms). Where some eigenvalue sum of A and B is within `tol` of zero the result is NaN
    (as JAX). Batch dimensions broadcast. method='eigen' diagonalizes A and B instead."""
    jnp = _jnp()
    if method not in ("schur", "eigen"):
        raise ValueError(f'Unrecognized method {method}. The two valid methods are either '
                         f'"schur" or "eigen".')
    A, B, C = _inexact("solve_sylvester", A, B, C)
    if method == "eigen":
        fn = functools.partial(_solve_sylvester_eigen, tol=tol)
    else:
        fn = functools.partial(_solve_sylvester_2d, tol=tol)
    return jnp.vectorize(fn, signature="(m,m),(n,n),(m,n)->(m,n)")(A, B, C)


def _solve_sylvester_eigen(a, b, c, *, tol):
    """A = UA diag(ra) UA^-1, B = UB diag(rb) UB^-1: X = UA (F / (ra + rb)) UB^-1."""
    jnp = _jnp()
    ra, ua = jnp.linalg.eig(a)
    rb, ub = jnp.linalg.eig(b)
    f = jnp.linalg.solve(ua, c.astype(ra.dtype) @ ub)
    w = ra[:, None] + rb[None, :]
    x = ua @ (f / w) @ jnp.linalg.inv(ub)
    if not jnp.issubdtype(c.dtype, jnp.complexfloating):
        x = jnp.real(x)
    return jnp.where(jnp.any(jnp.abs(w) < tol), np.nan, x)


def qr_multiply(a, c, mode: str = "right", pivoting: bool = False, conjugate: bool = False,
                overwrite_a: bool = False, overwrite_c: bool = False):
    """scipy.linalg.qr_multiply: (Q @ c, R) for mode='left' (c has min(m, n) rows) or
    (c @ Q, R) for mode='right' (c has m columns), keeping the first min(m, n) columns of
    c @ Q; Q is conjugated with `conjugate`; with `pivoting`, the permutation P comes last."""
    jnp = _jnp()
    check_arraylike("jax.scipy.linalg.qr_multiply", a, c)
    a, c = promote_to_inexact(*_promote(a, c))
    if mode not in ("right", "left"):
        raise ValueError(f"mode must be 'right' or 'left', got {mode!r}")
    onedim = c.ndim == 1
    if onedim:
        c = c[:, None] if mode == "left" else c[None, :]
    m, n = a.shape[-2:]
    k = min(m, n)
    if mode == "left" and c.shape[-2] != k:
        raise ValueError(f"Array shapes are not compatible for Q @ c operation: a has shape "
                         f"{tuple(a.shape)} so Q has {k} columns, but c has {c.shape[-2]} rows "
                         f"(expected {k}).")
    if mode == "right" and c.shape[-1] != m:
        raise ValueError(f"Array shapes are not compatible for c @ Q operation: a has shape "
                         f"{tuple(a.shape)} so Q has {m} rows, but c has {c.shape[-1]} "
                         f"columns (expected {m}).")
    q, r, *p = lax_linalg.qr(a, pivoting=pivoting, full_matrices=True)
    if conjugate:
        q = jnp.conj(q)
    out = q[..., :, :k] @ c if mode == "left" else (c @ q)[..., :k]
    if onedim:
        out = jnp.ravel(out)
    return (out, jnp.triu(r[..., :k, :]), *p)


# ---------------------------------------------------------------------------------------------
# Special matrices


def _default_float():
    from .dtypes import default_float_dtype

    return default_float_dtype()


def _exact(values, dtype):
    """A constant array from exact Python integers / fractions, rounded once."""
    return Array(np.array([[float(v) for v in row] for row in values],
                          dtype=np.float64).reshape(len(values), -1).astype(dtype))


def pascal(n: int, kind: str | None = None):
    """scipy.linalg.pascal: binomial coefficients C(i + j, i) ('symmetric', the default),
    C(i, j) ('lower') or its transpose ('upper'), as the default float dtype (exact up to
    rounding; JAX's are computed through lgamma)."""
    import math

    kind = "symmetric" if kind is None else kind
    if kind not in ("symmetric", "lower", "upper"):
        raise ValueError(f"Expected kind to be on of: ['symmetric', 'lower', 'upper']; "
                         f"got {kind}")
    n = int(n)
    if kind == "symmetric":
        vals = [[math.comb(i + j, i) for j in range(n)] for i in range(n)]
    else:
        vals = [[math.comb(i, j) for j in range(n)] for i in range(n)]
        if kind == "upper":
            vals = [list(col) for col in zip(*vals)] if n else vals
    return _exact(vals, _default_float())


def invpascal(n: int, kind: str | None = None):
    """scipy.linalg.invpascal: the exact inverse of pascal(n, kind), rounded once:
    (-1)^(i+j) C(i, j) for 'lower', and L^-T L^-1 for 'symmetric'."""
    import math

    kind = "symmetric" if kind is None else kind
    if kind not in ("symmetric", "lower", "upper"):
        raise ValueError(f"Expected kind to be on of: ['symmetric', 'lower', 'upper']; "
                         f"got {kind}")
    n = int(n)
    low = [[(-1) ** (i + j) * math.comb(i, j) for j in range(n)] for i in range(n)]
    if kind == "lower":
        vals = low
    elif kind == "upper":
        vals = [list(col) for col in zip(*low)] if n else low
    else:
        vals = [[sum(low[k][i] * low[k][j] for k in range(n)) for j in range(n)]
                for i in range(n)]
    return _exact(vals, _default_float())


def invhilbert(n: int):
    """scipy.linalg.invhilbert: the exact inverse of hilbert(n), rounded once to the default
    float dtype (entries grow fast: beyond n ~ 14 they exceed float32's range)."""
    import math

    n = int(n)
    vals = [[(-1) ** (i + j) * (i + j + 1) * math.comb(n + i, n - j - 1)
             * math.comb(n + j, n - i - 1) * math.comb(i + j, i) ** 2 for j in range(n)]
            for i in range(n)]
    with np.errstate(over="ignore"):
        return _exact(vals, _default_float())


def hadamard(n: int, dtype=int):
    """scipy.linalg.hadamard: the Sylvester-construction Hadamard matrix of order n (a
    positive power of 2), of `dtype` (Python int: the default integer dtype)."""
    from .dtypes import canonicalize_dtype

    n = int(n)
    if n < 1 or n & (n - 1):
        raise ValueError(f"n must be a positive power of 2; got {n}.")
    h = np.ones((1, 1), np.int64)
    while h.shape[0] < n:
        h = np.block([[h, h], [h, -h]])
    return Array(h.astype(canonicalize_dtype(np.dtype(dtype))))


def helmert(n: int, full: bool = False):
    """scipy.linalg.helmert: the Helmert matrix (orthonormal rows; the first, constant row
    only when `full`)."""
    n = int(n)
    h = np.tril(np.ones((n, n)), -1) - np.diag(np.arange(n, dtype=np.float64))
    d = np.arange(n) * np.arange(1, n + 1)
    h[0] = 1
    d[0] = n
    h = h / np.sqrt(d)[:, None]
    return Array((h if full else h[1:]).astype(_default_float()))


def dft(n: int, scale: str | None = None, *, dtype=None):
    """scipy.linalg.dft: m[j, k] = exp(-2 pi i j k / n), divided by sqrt(n) ('sqrtn') or n
    ('n'); complex64 by default (complex128 under x64). The phase is reduced mod n exactly."""
    from .dtypes import canonicalize_dtype

    if scale not in (None, "sqrtn", "n"):
        raise ValueError(f"scale must be None, 'sqrtn', or 'n'; got {scale!r}.")
    n = int(n)
    jk = np.outer(np.arange(n), np.arange(n)) % max(n, 1)
    m = np.exp(-2j * np.pi * jk / max(n, 1))
    if scale == "sqrtn":
        m = m / np.sqrt(n)
    elif scale == "n":
        m = m / n
    dt = canonicalize_dtype(np.complex128) if dtype is None else canonicalize_dtype(dtype)
    return Array(m.astype(dt))


def fiedler(a):
    """scipy.linalg.fiedler: |a_i - a_j| (symmetric, zero diagonal); batched over leading
    dimensions; integer input stays integer."""
    jnp = _jnp()
    check_arraylike("fiedler", a)
    a = jnp.atleast_1d(a)
    return jnp.abs(a[..., :, None] - a[..., None, :])


def fiedler_companion(a):
    """scipy.linalg.fiedler_companion: the pentadiagonal companion matrix of the polynomial
    with coefficients a (a[0] != 0), whose eigenvalues are its roots; batched."""
    jnp = _jnp()
    check_arraylike("fiedler_companion", a)
    (a,) = promote_to_inexact(a)
    a = jnp.atleast_1d(a)
    if a.shape[-1] == 0:
        raise ValueError(f"fiedler_companion requires the last axis of 'a' to have nonzero "
                         f"length, but got an array of shape {tuple(a.shape)}.")
    n = a.shape[-1] - 1
    if n == 0:
        return jnp.zeros((*a.shape[:-1], 0, 0), a.dtype)
    a = a / a[..., :1]
    # Entries as scipy places them: c[0, 0] = -a1, c[1, 0] = 1; for even i: c[i, i+1] =
    # -a[i+2], c[i, i+2] = 1; c[i, i-1] = -a[i+1] (i >= 2); for odd i >= 3: c[i, i-2] = 1.
    src = np.full((n, n), -1)  # index into [0, 1, a_1 .. a_n] (0: zero, 1: one, 1+k: -a_k)
    src[0, 0] = 2
    if n > 1:
        src[1, 0] = 1
    for i in range(0, n, 2):
        if i + 1 < n:
            src[i, i + 1] = 1 + i + 2
        if i + 2 < n:
            src[i, i + 2] = 1
        if i >= 2:
            src[i, i - 1] = 1 + i + 1
    for i in range(3, n, 2):
        src[i, i - 2] = 1
    src[src == -1] = 0
    table = jnp.concatenate([jnp.zeros_like(a[..., :1]), jnp.ones_like(a[..., :1]),
                             -a[..., 1:]], axis=-1)
    return _take_last(table, src)


def convolution_matrix(a, n: int, mode: str = "full"):
    """scipy.linalg.convolution_matrix: the Toeplitz matrix A with A @ v == convolve(a, v,
    mode), of n columns; batched over leading dimensions of a."""
    import operator

    jnp = _jnp()
    n = operator.index(n)
    if n <= 0:
        raise ValueError(f"n must be a positive integer; got {n}.")
    check_arraylike("convolution_matrix", a)
    a = jnp.asarray(a)
    if a.ndim == 0:
        raise ValueError("convolution_matrix: a must be at least 1-dimensional, got a scalar.")
    m = a.shape[-1]
    if m < 1:
        raise ValueError(f"len(a) must be at least 1; got shape {tuple(a.shape)}.")
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"mode must be one of 'full', 'valid', 'same'; got {mode!r}.")
    rows = {"full": m + n - 1, "same": max(m, n), "valid": max(m, n) - min(m, n) + 1}[mode]
    start = {"full": 0, "same": (min(m, n) - 1) // 2, "valid": min(m, n) - 1}[mode]
    # out[i, j] = a[i + start - j] where that index is in range, else 0.
    i, j = np.indices((rows, n))
    idx = i + start - j
    ok = (idx >= 0) & (idx < m)
    table = jnp.concatenate([a, jnp.zeros_like(a[..., :1])], axis=-1)
    return _take_last(table, np.where(ok, idx, m))
