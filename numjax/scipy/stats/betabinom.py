"""numjax.scipy.stats.betabinom (`jax.scipy.stats.betabinom`)."""

from ..._src.scipy_stats import betabinom_logpmf as logpmf
from ..._src.scipy_stats import betabinom_pmf as pmf

__all__ = ["logpmf", "pmf"]
