"""numjax.scipy.stats.chi2 (`jax.scipy.stats.chi2`)."""

from ..._src.scipy_stats import chi2_cdf as cdf
from ..._src.scipy_stats import chi2_logcdf as logcdf
from ..._src.scipy_stats import chi2_logpdf as logpdf
from ..._src.scipy_stats import chi2_logsf as logsf
from ..._src.scipy_stats import chi2_pdf as pdf
from ..._src.scipy_stats import chi2_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "sf"]
