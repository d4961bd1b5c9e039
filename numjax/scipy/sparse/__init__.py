"""numjax.scipy.sparse (`jax.scipy.sparse`)."""

from . import linalg  # noqa: F401
