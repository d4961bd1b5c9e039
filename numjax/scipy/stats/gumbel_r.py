"""numjax.scipy.stats.gumbel_r (`jax.scipy.stats.gumbel_r`)."""

from ..._src.scipy_stats import gumbel_r_cdf as cdf
from ..._src.scipy_stats import gumbel_r_logcdf as logcdf
from ..._src.scipy_stats import gumbel_r_logpdf as logpdf
from ..._src.scipy_stats import gumbel_r_logsf as logsf
from ..._src.scipy_stats import gumbel_r_pdf as pdf
from ..._src.scipy_stats import gumbel_r_ppf as ppf
from ..._src.scipy_stats import gumbel_r_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
