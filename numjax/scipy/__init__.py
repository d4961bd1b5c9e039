"""numjax.scipy (`jax.scipy`): linalg, special and stats."""

from . import linalg, special, stats  # noqa: F401
