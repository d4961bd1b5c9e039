"""numjax.numpy.linalg (`jax.numpy.linalg`): norms for now; decompositions come later."""

from .._src.numpy.linalg_norm import norm  # noqa: F401
