"""jax.scipy.integrate: the trapezoidal rule (the one integrator JAX 0.10.2 exposes)."""

from __future__ import annotations

from .numpy import namespace as jnp


def trapezoid(y, x=None, dx=1.0, axis: int = -1):
    """scipy.integrate.trapezoid: the integral of samples `y` along `axis` by the composite
    trapezoidal rule, at sample points `x` (or spacing `dx`); jnp.trapezoid under SciPy's
    name, differentiable in `y`, `x` and `dx`."""
    return jnp.trapezoid(y, x, dx, axis)
