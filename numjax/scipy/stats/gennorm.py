"""numjax.scipy.stats.gennorm (`jax.scipy.stats.gennorm`)."""

from ..._src.scipy_stats import gennorm_cdf as cdf
from ..._src.scipy_stats import gennorm_logpdf as logpdf
from ..._src.scipy_stats import gennorm_pdf as pdf

__all__ = ["cdf", "logpdf", "pdf"]
