"""jax.scipy.sparse.linalg: the Krylov solvers cg, gmres and bicgstab.

`A` (and the preconditioner `M`) may be a square matrix, anything with `@`, or a function
computing the matrix-vector product; vectors may be pytrees of arrays of any shapes, and
every vector operation below works leaf by leaf. Solvers are `lax.while_loop`s, so they
stage under jit and batch under vmap. Tolerances follow JAX (not SciPy's legacy rule): stop
when norm(residual) <= max(tol * norm(b), atol).

Derivatives are implicit, as JAX's `lax.custom_linear_solve` gives them, through the
`custom_linear_solve` primitive (numjax/_src/lax/linear_solve.py): forward mode solves A x_dot = b_dot - A_dot x, the
reverse pass solves the transposed system A^T u = ct (both with the same solver) instead of
differentiating through the iterations; values the matvec closes over are reached through
`closure_convert`.
"""

from __future__ import annotations

import functools
import operator

import numpy as np

from .array import Array
from .core import current_trace
from .custom_derivatives import closure_convert
from .lax import elementwise as lax
from .lax.linear_solve import _linear_solve, linear_solve_p  # noqa: F401 (moved there)
from .lax.loops import fori_loop, while_loop
from .numpy import namespace as jnp
from .scipy_linalg import solve, solve_triangular
from .tree import tree_leaves, tree_map, tree_structure

# ---------------------------------------------------------------------------------------------
# vector algebra on pytrees


def _vdot_real_part(x, y):
    """Re(x^H y), without forming the complex cross terms."""
    result = jnp.vdot(x.real, y.real)
    if jnp.iscomplexobj(x) or jnp.iscomplexobj(y):
        result = result + jnp.vdot(x.imag, y.imag)
    return result


def _vdot_real_tree(x, y):
    return sum(tree_leaves(tree_map(_vdot_real_part, x, y)))


def _vdot_tree(x, y):
    return sum(tree_leaves(tree_map(jnp.vdot, x, y)))


def _norm(x):
    return jnp.sqrt(sum(_vdot_real_part(leaf, leaf) for leaf in tree_leaves(x)))


def _mul(scalar, tree):
    return tree_map(lambda leaf: scalar * leaf, tree)


_add = functools.partial(tree_map, operator.add)
_sub = functools.partial(tree_map, operator.sub)


def _result_dtype(tree):
    return jnp.result_type(*tree_leaves(tree))


def _normalize_matvec(f):
    """A matrix-vector product function from a function, a square matrix or a @-able."""
    if callable(f):
        return f
    if isinstance(f, (np.ndarray, Array)):
        if f.ndim != 2 or f.shape[0] != f.shape[1]:
            raise ValueError(f"linear operator must be a square matrix, but has shape: {f.shape}")
        return functools.partial(jnp.dot, f)
    if hasattr(f, "__matmul__"):
        if hasattr(f, "shape") and (len(f.shape) != 2 or f.shape[0] != f.shape[1]):
            raise ValueError(f"linear operator must be a square matrix, but has shape: {f.shape}")
        return functools.partial(operator.matmul, f)
    raise TypeError(f"linear operator must be either a function or ndarray: {f}")


def _check_x0(x0, b):
    if tree_structure(x0) != tree_structure(b):
        raise ValueError(
            "x0 and b must have matching tree structure: "
            f"{tree_structure(x0)} vs {tree_structure(b)}"
        )
    shapes = [np.shape(leaf) for leaf in tree_leaves(x0)]
    b_shapes = [np.shape(leaf) for leaf in tree_leaves(b)]
    if shapes != b_shapes:
        raise ValueError(f"arrays in x0 and b must have matching shapes: {shapes} vs {b_shapes}")


# ---------------------------------------------------------------------------------------------
# implicit differentiation of a linear solve




def _preconditioner(M, b):
    """(M as a function of (v, consts), consts): M's traced values made explicit so that
    they can travel through `_linear_solve`'s `extra`."""
    if M is None:
        return (lambda v, *consts: v), ()
    M = _normalize_matvec(M)
    if current_trace() is None:
        return (lambda v, *consts: M(v)), ()
    converted, consts = closure_convert(M, b)
    return converted, tuple(consts)


# ---------------------------------------------------------------------------------------------
# cg and bicgstab


def _cg_solve(A, b, x0, *, maxiter, tol, atol, M, preconditioned):
    atol2 = jnp.maximum(jnp.square(tol) * _vdot_real_tree(b, b), jnp.square(atol))
    r0 = _sub(b, A(x0))
    p0 = z0 = M(r0)
    dtype = _result_dtype(p0)
    gamma0 = _vdot_real_tree(r0, z0).astype(dtype)

    def cond(carry):
        _, r, gamma, _, k = carry
        # with no preconditioner gamma = r.r; otherwise gamma = r.M(r), so measure r.r
        rs = _vdot_real_tree(r, r) if preconditioned else gamma.real
        return (rs > atol2) & (k < maxiter)

    def body(carry):
        x, r, gamma, p, k = carry
        Ap = A(p)
        alpha = gamma / _vdot_real_tree(p, Ap).astype(dtype)
        x = _add(x, _mul(alpha, p))
        r = _sub(r, _mul(alpha, Ap))
        z = M(r)
        gamma_new = _vdot_real_tree(r, z).astype(dtype)
        p = _add(z, _mul(gamma_new / gamma, p))
        return x, r, gamma_new, p, k + 1

    return while_loop(cond, body, (x0, r0, gamma0, p0, 0))[0]


def _bicgstab_solve(A, b, x0, *, maxiter, tol, atol, M, preconditioned):
    atol2 = jnp.maximum(jnp.square(tol) * _vdot_real_tree(b, b), jnp.square(atol))
    r0 = _sub(b, A(x0))
    one = jnp.ones((), _result_dtype(b))

    def cond(carry):
        _, r, *_, k = carry
        return (_vdot_real_tree(r, r) > atol2) & (k < maxiter) & (k >= 0)

    def body(carry):
        x, r, rhat, alpha, omega, rho, p, q, k = carry
        rho_new = _vdot_tree(rhat, r)
        beta = rho_new / rho * alpha / omega
        p = _add(r, _mul(beta, _sub(p, _mul(omega, q))))
        phat = M(p)
        q = A(phat)
        alpha = rho_new / _vdot_tree(rhat, q)
        s = _sub(r, _mul(alpha, q))
        exit_early = _vdot_real_tree(s, s) < atol2
        shat = M(s)
        t = A(shat)
        omega = _vdot_tree(t, s) / _vdot_tree(t, t)
        half_step = _add(x, _mul(alpha, phat))
        x = tree_map(
            functools.partial(jnp.where, exit_early), half_step, _add(half_step, _mul(omega, shat))
        )
        r = tree_map(functools.partial(jnp.where, exit_early), s, _sub(s, _mul(omega, t)))
        # breakdowns stop the loop through a negative count
        k = jnp.where((omega == 0) | (alpha == 0), -11, k + 1)
        k = jnp.where(rho_new == 0, -10, k)
        return x, r, rhat, alpha, omega, rho_new, p, q, k

    init = (x0, r0, r0, one, one, one, r0, r0, 0)
    return while_loop(cond, body, init)[0]


def _isolve(solver, A, b, x0, *, tol, atol, maxiter, M, check_symmetric):
    if x0 is None:
        x0 = tree_map(jnp.zeros_like, b)
    b, x0 = tree_map(jnp.asarray, b), tree_map(jnp.asarray, x0)
    if maxiter is None:
        maxiter = 10 * sum(leaf.size for leaf in tree_leaves(b))  # SciPy's default
    A = _normalize_matvec(A)
    _check_x0(x0, b)
    preconditioned = M is not None
    M, m_consts = _preconditioner(M, b)
    symmetric = check_symmetric and not any(jnp.iscomplexobj(leaf) for leaf in tree_leaves(b))

    def solve_fn(matvec, rhs, extra):
        x0, m_consts = extra
        return solver(
            matvec,
            rhs,
            x0,
            maxiter=maxiter,
            tol=tol,
            atol=atol,
            M=lambda v: M(v, *m_consts),
            preconditioned=preconditioned,
        )

    return _linear_solve(A, b, solve_fn, symmetric, (x0, m_consts)), None


def cg(A, b, x0=None, *, tol=1e-5, atol=0.0, maxiter=None, M=None):
    """scipy.sparse.linalg.cg: conjugate gradients for A x = b, A Hermitian positive definite.

    Args:
      A: a square matrix, an object with `@`, or a function v -> A v on pytrees like `b`.
      b: the right-hand side, an array or a pytree of arrays.
      x0: starting guess like `b` (default zeros).
      tol, atol: stop when norm(b - A x) <= max(tol * norm(b), atol).
      maxiter: iteration limit (default 10 * size of b).
      M: preconditioner approximating A^-1, in any form `A` may take.

    Returns:
      (x, None): the solution and, as in JAX, no convergence information.
    """
    return _isolve(
        _cg_solve, A, b, x0, tol=tol, atol=atol, maxiter=maxiter, M=M, check_symmetric=True
    )


def bicgstab(A, b, x0=None, *, tol=1e-5, atol=0.0, maxiter=None, M=None):
    """scipy.sparse.linalg.bicgstab: BiCGSTAB for a general (nonsymmetric) A x = b.
    Arguments and result as for `cg`."""
    return _isolve(
        _bicgstab_solve, A, b, x0, tol=tol, atol=atol, maxiter=maxiter, M=M, check_symmetric=False
    )


# ---------------------------------------------------------------------------------------------
# gmres


def _safe_normalize(x, thresh=None):
    """(x / norm(x), norm(x)), or (0, 0) where the norm is at most `thresh` (default: the
    dtype's epsilon)."""
    norm = _norm(x)
    dtype = _result_dtype(x)
    if thresh is None:
        thresh = jnp.finfo(norm.dtype).eps
    thresh = jnp.asarray(thresh).astype(dtype).real
    use_norm = norm > thresh
    norm_cast = norm.astype(dtype)
    normalized = tree_map(lambda y: jnp.where(use_norm, y / norm_cast, 0.0), x)
    return normalized, jnp.where(use_norm, norm, 0.0)


def _arnoldi_step(k, A, M, V, H):
    """Extends the Krylov basis V (columns along the last axis of each leaf) with the
    orthonormalised M A V[..., k] as column k + 1, and stores its overlaps as row k of H.
    One pass of classical Gram-Schmidt; a new vector below eps times its norm before
    orthogonalisation counts as zero (an invariant subspace: breakdown)."""
    dtype = _result_dtype(V)
    eps = jnp.finfo(dtype).eps
    v = M(A(tree_map(lambda X: X[..., k], V)))
    _, v_norm_0 = _safe_normalize(v)
    overlaps = [jnp.einsum("...n,...->n", X.conj(), y) for X, y in
                zip(tree_leaves(V), tree_leaves(v), strict=True)]  # fmt: skip
    h = functools.reduce(operator.add, overlaps)
    v = _sub(v, tree_map(lambda X: jnp.dot(X, h), V))
    unit_v, v_norm_1 = _safe_normalize(v, thresh=eps * v_norm_0)
    V = tree_map(lambda X, y: X.at[..., k + 1].set(y), V, unit_v)
    h = h.at[k + 1].set(v_norm_1.astype(dtype))
    return V, H.at[k, :].set(h), v_norm_1 == 0.0


def _rotate(H, i, cs, sn):
    x, y = H[i], H[i + 1]
    return H.at[i].set(cs.conj() * x - sn.conj() * y).at[i + 1].set(sn * x + cs * y)


def _givens(a, b):
    """(cs, sn) of the rotation that zeroes b in (a, b)."""
    b_zero = abs(b) == 0
    a_lt_b = abs(a) < abs(b)
    t = -jnp.where(a_lt_b, a, b) / jnp.where(a_lt_b, b, a)
    r = lax.rsqrt(1 + abs(t) ** 2).astype(t.dtype)
    cs = jnp.where(b_zero, 1, jnp.where(a_lt_b, r * t, r))
    sn = jnp.where(b_zero, 0, jnp.where(a_lt_b, r, r * t))
    return cs, sn


def _krylov_start(unit_residual, restart):
    return tree_map(
        lambda x: jnp.pad(x[..., None], ((0, 0),) * x.ndim + ((0, restart),)), unit_residual
    )


def _restart_end(A, b, x0, V, y, M):
    x = _add(x0, tree_map(lambda X: jnp.dot(X[..., :-1], y), V))
    unit_residual, residual_norm = _safe_normalize(M(_sub(b, A(x))))
    return x, unit_residual, residual_norm


def _gmres_incremental(A, b, x0, unit_residual, residual_norm, ptol, restart, M):
    """One restart cycle that keeps the QR factorisation of the Hessenberg matrix up to
    date with Givens rotations, so the residual norm is known at every step and the cycle
    stops as soon as it falls below `ptol`."""
    V = _krylov_start(unit_residual, restart)
    dtype = _result_dtype(b)
    R = jnp.eye(restart, restart + 1, dtype=dtype)
    givens = jnp.zeros((restart, 2), dtype=dtype)
    beta = jnp.zeros((restart + 1,), dtype=dtype).at[0].set(residual_norm.astype(dtype))

    def cond(carry):
        k, err, *_ = carry
        return (k < restart) & (err > ptol)

    def body(carry):
        k, _, V, R, beta, givens = carry
        V, H, _ = _arnoldi_step(k, A, M, V, R)
        row = fori_loop(0, k, lambda i, row: _rotate(row, i, givens[i, 0], givens[i, 1]), H[k, :])
        cs, sn = _givens(row[k], row[k + 1])
        givens = givens.at[k, :].set(jnp.stack([cs, sn]).astype(dtype))
        R = R.at[k, :].set(_rotate(row, k, cs, sn))
        beta = _rotate(beta, k, givens[k, 0], givens[k, 1])
        return k + 1, abs(beta[k + 1]), V, R, beta, givens

    _, _, V, R, beta, _ = while_loop(cond, body, (0, residual_norm, V, R, beta, givens))
    y = solve_triangular(R[:, :-1].T, beta[:-1])
    return _restart_end(A, b, x0, V, y, M)


def _gmres_batched(A, b, x0, unit_residual, residual_norm, ptol, restart, M):
    """One restart cycle that builds the whole Krylov basis (stopping early only at a
    breakdown) and then solves the small least-squares problem by normal equations."""
    V = _krylov_start(unit_residual, restart)
    dtype = _result_dtype(b)
    H = jnp.eye(restart, restart + 1, dtype=dtype)

    def cond(carry):
        _, _, breakdown, k = carry
        return (k < restart) & ~breakdown

    def body(carry):
        V, H, _, k = carry
        V, H, breakdown = _arnoldi_step(k, A, M, V, H)
        return V, H, breakdown, k + 1

    V, H, _, _ = while_loop(cond, body, (V, H, jnp.asarray(False), 0))
    beta = jnp.zeros((restart + 1,), dtype=dtype).at[0].set(residual_norm.astype(dtype))
    a = H.T
    y = solve(a.T.conj() @ a, a.T.conj() @ beta, assume_a="pos")
    return _restart_end(A, b, x0, V, y, M)


def gmres(
    A, b, x0=None, *, tol=1e-5, atol=0.0, restart=20, maxiter=None, M=None, solve_method="batched"
):
    """scipy.sparse.linalg.gmres: restarted GMRES for a general A x = b.

    Args (beyond those of `cg`):
      restart: size of the Krylov subspace built per cycle (at most the size of b).
      maxiter: number of restart cycles (default 10 * size of b).
      solve_method: 'batched' builds the whole subspace then solves a least-squares problem
        (fewer, larger operations); 'incremental' updates a QR factorisation with Givens
        rotations and can stop within a cycle.

    Returns:
      (x, info): info is -1 where x came out nan, else 0.
    """
    if x0 is None:
        x0 = tree_map(jnp.zeros_like, b)
    A = _normalize_matvec(A)
    b, x0 = tree_map(jnp.asarray, b), tree_map(jnp.asarray, x0)
    M_of, m_consts = _preconditioner(M, b)
    M = lambda v: M_of(v, *m_consts)
    size = sum(leaf.size for leaf in tree_leaves(b))
    if maxiter is None:
        maxiter = 10 * size  # SciPy's default
    restart = min(restart, size)
    if tree_structure(x0) != tree_structure(b):
        raise ValueError(
            "x0 and b must have matching tree structure: "
            f"{tree_structure(x0)} vs {tree_structure(b)}"
        )
    b_norm = _norm(b)
    atol = jnp.maximum(tol * b_norm, atol)
    ptol = _norm(M(b)) * jnp.minimum(1.0, atol / b_norm)
    if solve_method == "incremental":
        cycle = _gmres_incremental
    elif solve_method == "batched":
        cycle = _gmres_batched
    else:
        raise ValueError(
            f"invalid solve_method {solve_method}, must be either 'incremental' or 'batched'"
        )

    def solve_fn(matvec, rhs, extra):
        x0, atol, ptol, m_consts = extra
        M = lambda v: M_of(v, *m_consts)
        unit_residual, residual_norm = _safe_normalize(M(_sub(rhs, matvec(x0))))

        def cond(carry):
            _, k, _, residual_norm = carry
            return (k < maxiter) & (residual_norm > atol)

        def body(carry):
            x, k, unit_residual, residual_norm = carry
            x, unit_residual, residual_norm = cycle(
                matvec, rhs, x, unit_residual, residual_norm, ptol, restart, M
            )
            return x, k + 1, unit_residual, residual_norm

        return while_loop(cond, body, (x0, 0, unit_residual, residual_norm))[0]

    x = _linear_solve(A, b, solve_fn, False, (x0, atol, ptol, m_consts))
    info = jnp.where(jnp.isnan(_norm(x)), -1, 0)
    return x, info
