"""numjax.scipy.integrate (`jax.scipy.integrate`); implementation in
numjax/_src/scipy_integrate.py."""

from .._src.scipy_integrate import trapezoid  # noqa: F401
