"""numjax.scipy.optimize (`jax.scipy.optimize`); implementations live in
numjax/_src/scipy_optimize.py."""

from .._src.scipy_optimize import OptimizeResults, minimize  # noqa: F401
