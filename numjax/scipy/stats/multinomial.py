"""numjax.scipy.stats.multinomial (`jax.scipy.stats.multinomial`)."""

from ..._src.scipy_stats import multinomial_logpmf as logpmf
from ..._src.scipy_stats import multinomial_pmf as pmf

__all__ = ["logpmf", "pmf"]
