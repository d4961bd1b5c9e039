"""numjax.scipy.sparse.linalg (`jax.scipy.sparse.linalg`); implementations live in
numjax/_src/scipy_sparse.py."""

from ..._src.scipy_sparse import bicgstab, cg, gmres  # noqa: F401
