"""numjax.scipy.stats.bernoulli (`jax.scipy.stats.bernoulli`)."""

from ..._src.scipy_stats import bernoulli_cdf as cdf
from ..._src.scipy_stats import bernoulli_logpmf as logpmf
from ..._src.scipy_stats import bernoulli_pmf as pmf
from ..._src.scipy_stats import bernoulli_ppf as ppf

__all__ = ["cdf", "logpmf", "pmf", "ppf"]
