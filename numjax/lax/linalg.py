"""numjax.lax.linalg (`jax.lax.linalg`): the linear-algebra primitives and their wrappers."""

from .._src.lax.linalg import (  # noqa: F401
    cholesky,
    cholesky_p,
    eig,
    eig_p,
    eigh,
    eigh_p,
    lu,
    lu_p,
    lu_pivots_to_permutation,
    lu_pivots_to_permutation_p,
    qr,
    qr_p,
    svd,
    svd_p,
    triangular_solve,
    triangular_solve_p,
)
from .._src.lax.linalg_extra import (  # noqa: F401
    cholesky_update,
    symmetric_product,
    tridiagonal_solve,
    tridiagonal_solve_p,
)
