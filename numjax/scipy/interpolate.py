"""numjax.scipy.interpolate (`jax.scipy.interpolate`); implementation in
numjax/_src/scipy_interpolate.py."""

from .._src.scipy_interpolate import RegularGridInterpolator  # noqa: F401
