"""numjax.scipy.stats.cauchy (`jax.scipy.stats.cauchy`)."""

from ..._src.scipy_stats import cauchy_cdf as cdf
from ..._src.scipy_stats import cauchy_isf as isf
from ..._src.scipy_stats import cauchy_logcdf as logcdf
from ..._src.scipy_stats import cauchy_logpdf as logpdf
from ..._src.scipy_stats import cauchy_logsf as logsf
from ..._src.scipy_stats import cauchy_pdf as pdf
from ..._src.scipy_stats import cauchy_ppf as ppf
from ..._src.scipy_stats import cauchy_sf as sf

__all__ = ["cdf", "isf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
