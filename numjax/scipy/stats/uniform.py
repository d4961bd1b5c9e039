"""numjax.scipy.stats.uniform (`jax.scipy.stats.uniform`)."""

from ..._src.scipy_stats import uniform_cdf as cdf
from ..._src.scipy_stats import uniform_logpdf as logpdf
from ..._src.scipy_stats import uniform_pdf as pdf
from ..._src.scipy_stats import uniform_ppf as ppf

__all__ = ["cdf", "logpdf", "pdf", "ppf"]
