"""Hessenberg and Schur decompositions, which NumPy lacks: float64 kernels and the primitives
`hessenberg` and `schur` behind jax.scipy.linalg.hessenberg/schur/sqrtm/funm/solve_sylvester.

Kernels: Householder reduction to upper Hessenberg form (vectorized over a stack of matrices),
then, per matrix, Francis double-shift QR iterations for the real Schur form (2x2 blocks for
complex-conjugate pairs, standardized as LAPACK's dlanv2 does: equal diagonal, off-diagonal
entries of opposite sign) or single-shift (Wilkinson) QR with Givens rotations for the complex
Schur form. Work is done in float64/complex128 and rounded once to the input's dtype. The
iterations differ per matrix (deflation is data dependent), so the impl loops over matrices of a
stack; the batching rule still binds once on the whole stack.

As in JAX, neither decomposition has a derivative: their JVP rules raise JAX's
NotImplementedError. A matrix whose QR iteration does not converge (or that holds inf/nan)
gives NaN factors, as LAPACK's info != 0 does in JAX.
"""

from __future__ import annotations

import numpy as np

from .core import ShapedArray, get_aval
from .lax.helpers import primitive
from .lax.linalg import _batch_front, _check_matrix

# ---------------------------------------------------------------------------------------------
# Kernels (NumPy, float64 / complex128)


def _house(x):
    """v, beta with (I - beta v v^H) x = alpha e_1 and |alpha| = |x| (beta = 0: identity)."""
    norm = np.linalg.norm(x)
    if norm == 0.0:
        return x, 0.0
    v = x.copy()
    phase = x[0] / abs(x[0]) if x[0] != 0 else 1.0
    v[0] += phase * norm  # alpha = -phase |x|: no cancellation in v[0]
    return v, 2.0 / np.real(np.vdot(v, v))


def hessenberg_kernel(a):
    """(H, Q) with A = Q H Q^H, H zero below the first subdiagonal, for a stack (..., n, n).
    Householder reflections of the stack at once: each step is a handful of einsums."""
    h = np.array(a, dtype=np.result_type(a.dtype, np.float64))
    n = h.shape[-1]
    q = np.broadcast_to(np.eye(n, dtype=h.dtype), h.shape).copy()
    for k in range(n - 2):
        x = h[..., k + 1:, k]
        norm = np.linalg.norm(x, axis=-1)
        x0 = x[..., 0]
        phase = np.where(x0 != 0, x0 / np.where(x0 != 0, np.abs(x0), 1), 1)
        v = x.copy()
        v[..., 0] += phase * norm
        vv = np.real(np.einsum("...i,...i->...", v.conj(), v))
        beta = np.where(vv > 0, 2.0 / np.where(vv > 0, vv, 1), 0.0)[..., None, None]
        vc = v.conj()
        # H <- P H P and Q <- Q P with P = I - beta v v^H (Hermitian).
        rows = h[..., k + 1:, k:]
        h[..., k + 1:, k:] = rows - beta * v[..., :, None] * np.einsum("...i,...ij->...j", vc,
                                                                       rows)[..., None, :]
        cols = h[..., :, k + 1:]
        h[..., :, k + 1:] = cols - beta * np.einsum("...ij,...j->...i", cols, v)[..., :, None] \
            * vc[..., None, :]
        cols = q[..., :, k + 1:]
        q[..., :, k + 1:] = cols - beta * np.einsum("...ij,...j->...i", cols, v)[..., :, None] \
            * vc[..., None, :]
        h[..., k + 2:, k] = 0
    return h, q


def _small(h, k):
    """Whether the subdiagonal entry h[k, k-1] is negligible next to its diagonal neighbours."""
    scale = abs(h[k - 1, k - 1]) + abs(h[k, k])
    if scale == 0:
        scale = np.abs(h).max()
    return abs(h[k, k - 1]) <= np.finfo(np.float64).eps * scale


def _active_start(h, hi):
    lo = hi
    while lo > 0 and not _small(h, lo):
        lo -= 1
    if lo > 0:
        h[lo, lo - 1] = 0
    return lo


def _rotate(h, z, k, cs, sn):
    """h <- G^H h G, z <- z G on rows/columns k, k+1 with G = [[cs, -sn], [conj(sn), cs]]."""
    g = np.array([[cs, -sn], [np.conj(sn), cs]])
    h[k:k + 2, :] = g.conj().T @ h[k:k + 2, :]
    h[:, k:k + 2] = h[:, k:k + 2] @ g
    z[:, k:k + 2] = z[:, k:k + 2] @ g


def _standardize_2x2(h, z, k):
    """Bring the real 2x2 diagonal block at (k, k) to LAPACK's standard form: upper triangular
    if its eigenvalues are real, else equal diagonal entries and off-diagonals of opposite
    signs."""
    a, b, c, d = h[k, k], h[k, k + 1], h[k + 1, k], h[k + 1, k + 1]
    if c == 0:
        return
    if b == 0:  # swap the two eigenvalues: a rotation by pi/2 makes it triangular
        _rotate(h, z, k, 0.0, 1.0)
        h[k + 1, k] = 0
        return
    if a == d and np.sign(b) != np.sign(c):
        return
    p = 0.5 * (a - d)
    disc = p * p + b * c
    if disc >= 0:
        # Real eigenvalues: rotate onto the eigenvector (zeta, c) of d + zeta.
        zeta = p + np.copysign(np.sqrt(disc), p)
        tau = np.hypot(c, zeta)
        _rotate(h, z, k, zeta / tau, c / tau)
        h[k + 1, k] = 0
        return
    # Complex pair: the rotation angle that equalizes the diagonal.
    theta = 0.5 * np.arctan2(-(a - d), b + c)
    _rotate(h, z, k, np.cos(theta), np.sin(theta))
    mean = 0.5 * (h[k, k] + h[k + 1, k + 1])
    h[k, k] = h[k + 1, k + 1] = mean
    if np.sign(h[k, k + 1]) == np.sign(h[k + 1, k]):  # rounding made the eigenvalues real
        _standardize_2x2(h, z, k)


def _francis_step(h, z, lo, hi, exceptional):
    """One implicit double-shift QR step on the active window h[lo:hi+1, lo:hi+1] (size >= 3),
    chasing the bulge with 3-element Householder reflectors; applied to all of h and z."""
    if exceptional:  # an ad hoc shift pair breaks cycles (as LAPACK after 10 and 20 sweeps)
        w = abs(h[hi, hi - 1]) + abs(h[hi - 1, hi - 2])
        m = 0.75 * w + h[hi, hi]
        s, t = 2 * m, m * m - 0.4375 * w * w
    else:
        s = h[hi - 1, hi - 1] + h[hi, hi]
        t = h[hi - 1, hi - 1] * h[hi, hi] - h[hi - 1, hi] * h[hi, hi - 1]
    x = h[lo, lo] * h[lo, lo] + h[lo, lo + 1] * h[lo + 1, lo] - s * h[lo, lo] + t
    y = h[lo + 1, lo] * (h[lo, lo] + h[lo + 1, lo + 1] - s)
    zz = h[lo + 1, lo] * h[lo + 2, lo + 1]
    for k in range(lo, hi):
        vec = np.array([x, y, zz]) if k < hi - 1 else np.array([x, y])
        v, beta = _house(vec)
        rows = slice(k, k + len(vec))
        col0 = max(lo, k - 1)
        h[rows, col0:] -= beta * np.outer(v, v.conj() @ h[rows, col0:])
        r = min(k + 3, hi) + 1
        h[:r, rows] -= beta * np.outer(h[:r, rows] @ v, v.conj())
        z[:, rows] -= beta * np.outer(z[:, rows] @ v, v.conj())
        if k > lo:
            h[k + 1:k + len(vec), k - 1] = 0
        if k < hi - 1:
            x, y = h[k + 1, k], h[k + 2, k]
            if k + 3 <= hi:
                zz = h[k + 3, k]


def _real_schur(a):
    n = a.shape[0]
    h, z = hessenberg_kernel(a)
    hi, sweeps, total = n - 1, 0, 0
    while hi > 0:
        lo = _active_start(h, hi)
        if lo == hi:
            hi, sweeps = hi - 1, 0
        elif lo == hi - 1:
            _standardize_2x2(h, z, hi - 1)
            hi, sweeps = hi - 2, 0
        else:
            sweeps += 1
            total += 1
            if total > 30 * n:
                return np.full_like(h, np.nan), np.full_like(z, np.nan)
            _francis_step(h, z, lo, hi, exceptional=sweeps % 10 == 0)
    return h, z


def _givens(x, y):
    """c (real), s with [[c, s], [-conj(s), c]] @ [x, y] = [r, 0]."""
    r = np.hypot(abs(x), abs(y))
    if r == 0:
        return 1.0, 0.0
    if x == 0:
        return 0.0, np.conj(y) / abs(y)
    return abs(x) / r, (x / abs(x)) * np.conj(y) / r


def _complex_schur(a):
    n = a.shape[0]
    h, z = hessenberg_kernel(a.astype(np.complex128))
    hi, sweeps, total = n - 1, 0, 0
    while hi > 0:
        lo = _active_start(h, hi)
        if lo == hi:
            hi, sweeps = hi - 1, 0
            continue
        sweeps += 1
        total += 1
        if total > 30 * n:
            return np.full_like(h, np.nan), np.full_like(z, np.nan)
        if sweeps % 10 == 0:  # exceptional shift
            mu = h[hi, hi] + abs(h[hi, hi - 1]) + (abs(h[hi - 1, hi - 2]) if hi - 2 >= lo else 0)
        else:  # Wilkinson shift: the eigenvalue of the trailing 2x2 block nearer h[hi, hi]
            a11, a12, a21, a22 = h[hi - 1, hi - 1], h[hi - 1, hi], h[hi, hi - 1], h[hi, hi]
            p = 0.5 * (a11 - a22)
            root = np.sqrt(p * p + a12 * a21)
            if abs(p + root) < abs(p - root):
                root = -root
            mu = a22 - a12 * a21 / (p + root) if p + root != 0 else a22
        x, y = h[lo, lo] - mu, h[lo + 1, lo]
        for k in range(lo, hi):
            if k > lo:
                x, y = h[k, k - 1], h[k + 1, k - 1]
            c, s = _givens(x, y)
            g = np.array([[c, s], [-np.conj(s), c]])
            col0 = max(lo, k - 1)
            h[k:k + 2, col0:] = g @ h[k:k + 2, col0:]
            r = min(k + 2, hi) + 1
            h[:r, k:k + 2] = h[:r, k:k + 2] @ g.conj().T
            z[:, k:k + 2] = z[:, k:k + 2] @ g.conj().T
            if k > lo:
                h[k + 1, k - 1] = 0
    return np.triu(h), z


def schur_kernel(a, complex_output):
    """(T, Z) with A = Z T Z^H for each matrix of the stack `a`."""
    a = np.asarray(a)
    wide = np.complex128 if (complex_output or a.dtype.kind == "c") else np.float64
    src = a.astype(wide).reshape(-1, *a.shape[-2:])
    ts, zs = np.empty_like(src), np.empty_like(src)
    for i, m in enumerate(src):
        if not np.all(np.isfinite(m)):
            ts[i] = zs[i] = np.nan
        elif m.shape[0] == 0:
            ts[i], zs[i] = m, m
        else:
            ts[i], zs[i] = _complex_schur(m) if wide == np.complex128 else _real_schur(m)
    return ts.reshape(a.shape), zs.reshape(a.shape)


# ---------------------------------------------------------------------------------------------
# Primitives


def _no_derivative(name):
    def jvp(primals, tangents, **params):
        raise NotImplementedError(f"Differentiation rule for '{name}' not implemented")

    return jvp


def _hessenberg_impl(x):
    h, q = hessenberg_kernel(np.asarray(x))
    return h.astype(x.dtype), q.astype(x.dtype)


def _hessenberg_abstract_eval(x):
    _check_matrix("hessenberg", x, square=True)
    return [ShapedArray(x.shape, x.dtype)] * 2


hessenberg_p = primitive("hessenberg", _hessenberg_impl, _hessenberg_abstract_eval,
                         multiple_results=True, weak_type_rule=False)
hessenberg_p.jvp = _no_derivative("hessenberg")
hessenberg_p.batch = _batch_front(hessenberg_p)


def hessenberg(x):
    """[H, Q] with x = Q H Q^H and H upper Hessenberg (this pair, not LAPACK's packed
    reflectors as lax.linalg.hessenberg returns)."""
    _hessenberg_abstract_eval(get_aval(x))
    return list(hessenberg_p.bind(x))


def _schur_impl(x, *, complex_output):
    t, z = schur_kernel(np.asarray(x), complex_output)
    dt = np.result_type(x.dtype, np.complex64) if complex_output else x.dtype
    return t.astype(dt), z.astype(dt)


def _schur_abstract_eval(x, *, complex_output):
    _check_matrix("schur", x, square=True)
    dt = np.result_type(x.dtype, np.complex64) if complex_output else x.dtype
    return [ShapedArray(x.shape, dt)] * 2


schur_p = primitive("schur", _schur_impl, _schur_abstract_eval, multiple_results=True,
                    weak_type_rule=False)
schur_p.jvp = _no_derivative("schur")
schur_p.batch = _batch_front(schur_p)


def schur(x, *, complex_output: bool = False):
    """[T, Z] with x = Z T Z^H: T quasi-upper-triangular (real input, real output) or upper
    triangular (complex input or `complex_output`)."""
    _schur_abstract_eval(get_aval(x), complex_output=bool(complex_output))
    return list(schur_p.bind(x, complex_output=bool(complex_output)))
