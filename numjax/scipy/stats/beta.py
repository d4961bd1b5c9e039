"""numjax.scipy.stats.beta (`jax.scipy.stats.beta`)."""

from ..._src.scipy_stats import beta_cdf as cdf
from ..._src.scipy_stats import beta_logcdf as logcdf
from ..._src.scipy_stats import beta_logpdf as logpdf
from ..._src.scipy_stats import beta_logsf as logsf
from ..._src.scipy_stats import beta_pdf as pdf
from ..._src.scipy_stats import beta_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "sf"]
