"""numjax.scipy.stats.expon (`jax.scipy.stats.expon`)."""

from ..._src.scipy_stats import expon_cdf as cdf
from ..._src.scipy_stats import expon_logcdf as logcdf
from ..._src.scipy_stats import expon_logpdf as logpdf
from ..._src.scipy_stats import expon_logsf as logsf
from ..._src.scipy_stats import expon_pdf as pdf
from ..._src.scipy_stats import expon_ppf as ppf
from ..._src.scipy_stats import expon_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
