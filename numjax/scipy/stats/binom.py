"""numjax.scipy.stats.binom (`jax.scipy.stats.binom`)."""

from ..._src.scipy_stats import binom_logpmf as logpmf
from ..._src.scipy_stats import binom_pmf as pmf

__all__ = ["logpmf", "pmf"]
