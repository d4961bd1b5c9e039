"""numjax.scipy.linalg (`jax.scipy.linalg`): SciPy's linear-algebra API; implementations live
in numjax/_src/scipy_linalg.py."""

from .._src.scipy_linalg import (  # noqa: F401
    block_diag,
    cho_factor,
    cho_solve,
    cholesky,
    circulant,
    companion,
    det,
    eigh,
    eigh_tridiagonal,
    expm,
    expm_frechet,
    hankel,
    hilbert,
    inv,
    leslie,
    lu,
    lu_factor,
    lu_solve,
    polar,
    qr,
    solve,
    solve_triangular,
    svd,
    toeplitz,
)
