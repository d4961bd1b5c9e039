"""numjax.scipy.stats.gamma (`jax.scipy.stats.gamma`)."""

from ..._src.scipy_stats import gamma_cdf as cdf
from ..._src.scipy_stats import gamma_logcdf as logcdf
from ..._src.scipy_stats import gamma_logpdf as logpdf
from ..._src.scipy_stats import gamma_logsf as logsf
from ..._src.scipy_stats import gamma_pdf as pdf
from ..._src.scipy_stats import gamma_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "sf"]
