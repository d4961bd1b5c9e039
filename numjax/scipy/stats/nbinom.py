"""numjax.scipy.stats.nbinom (`jax.scipy.stats.nbinom`)."""

from ..._src.scipy_stats import nbinom_logpmf as logpmf
from ..._src.scipy_stats import nbinom_pmf as pmf

__all__ = ["logpmf", "pmf"]
