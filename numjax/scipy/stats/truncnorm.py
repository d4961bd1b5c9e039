"""numjax.scipy.stats.truncnorm (`jax.scipy.stats.truncnorm`)."""

from ..._src.scipy_stats import truncnorm_cdf as cdf
from ..._src.scipy_stats import truncnorm_logcdf as logcdf
from ..._src.scipy_stats import truncnorm_logpdf as logpdf
from ..._src.scipy_stats import truncnorm_logsf as logsf
from ..._src.scipy_stats import truncnorm_pdf as pdf
from ..._src.scipy_stats import truncnorm_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "sf"]
