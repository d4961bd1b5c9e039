"""numjax.scipy.stats.pareto (`jax.scipy.stats.pareto`)."""

from ..._src.scipy_stats import pareto_cdf as cdf
from ..._src.scipy_stats import pareto_logcdf as logcdf
from ..._src.scipy_stats import pareto_logpdf as logpdf
from ..._src.scipy_stats import pareto_logsf as logsf
from ..._src.scipy_stats import pareto_pdf as pdf
from ..._src.scipy_stats import pareto_ppf as ppf
from ..._src.scipy_stats import pareto_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
