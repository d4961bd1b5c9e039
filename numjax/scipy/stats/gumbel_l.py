"""numjax.scipy.stats.gumbel_l (`jax.scipy.stats.gumbel_l`)."""

from ..._src.scipy_stats import gumbel_l_cdf as cdf
from ..._src.scipy_stats import gumbel_l_logcdf as logcdf
from ..._src.scipy_stats import gumbel_l_logpdf as logpdf
from ..._src.scipy_stats import gumbel_l_logsf as logsf
from ..._src.scipy_stats import gumbel_l_pdf as pdf
from ..._src.scipy_stats import gumbel_l_ppf as ppf
from ..._src.scipy_stats import gumbel_l_sf as sf

__all__ = ["cdf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]
