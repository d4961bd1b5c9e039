"""numjax.scipy (`jax.scipy`): the special-function subset so far."""

from . import special  # noqa: F401
