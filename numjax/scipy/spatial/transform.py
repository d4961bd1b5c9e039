"""numjax.scipy.spatial.transform (`jax.scipy.spatial.transform`); implementation in
numjax/_src/scipy_spatial.py."""

from ..._src.scipy_spatial import Rotation, Slerp  # noqa: F401
