"""numjax.scipy.stats.geom (`jax.scipy.stats.geom`)."""

from ..._src.scipy_stats import geom_logpmf as logpmf
from ..._src.scipy_stats import geom_pmf as pmf

__all__ = ["logpmf", "pmf"]
