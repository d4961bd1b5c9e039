"""numjax.scipy.stats.norm (`jax.scipy.stats.norm`)."""

from ..._src.scipy_stats import norm_cdf as cdf
from ..._src.scipy_stats import norm_isf as isf
from ..._src.scipy_stats import norm_logcdf as logcdf
from ..._src.scipy_stats import norm_logpdf as logpdf
from ..._src.scipy_stats import norm_logsf as logsf
from ..._src.scipy_stats import norm_pdf as pdf
from ..._src.scipy_stats import norm_ppf as ppf
from ..._src.scipy_stats import norm_sf as sf

__all__ = ["cdf", "isf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
