"""numjax.scipy.stats.poisson (`jax.scipy.stats.poisson`)."""

from ..._src.scipy_stats import poisson_cdf as cdf
from ..._src.scipy_stats import poisson_entropy as entropy
from ..._src.scipy_stats import poisson_logpmf as logpmf
from ..._src.scipy_stats import poisson_pmf as pmf

__all__ = ["cdf", "entropy", "logpmf", "pmf"]
