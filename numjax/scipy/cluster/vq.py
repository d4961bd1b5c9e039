"""numjax.scipy.cluster.vq (`jax.scipy.cluster.vq`); implementation in
numjax/_src/scipy_cluster.py."""

from ..._src.scipy_cluster import vq  # noqa: F401
