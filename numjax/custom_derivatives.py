"""`jax.custom_derivatives`: user-defined JVP and VJP rules."""

from ._src.custom_derivatives import closure_convert, custom_jvp, custom_vjp  # noqa: F401
from ._src.misc import custom_gradient  # noqa: F401
