"""numjax.scipy.stats.laplace (`jax.scipy.stats.laplace`)."""

from ..._src.scipy_stats import laplace_cdf as cdf
from ..._src.scipy_stats import laplace_logpdf as logpdf
from ..._src.scipy_stats import laplace_pdf as pdf

__all__ = ["cdf", "logpdf", "pdf"]
