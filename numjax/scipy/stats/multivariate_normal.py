"""numjax.scipy.stats.multivariate_normal (`jax.scipy.stats.multivariate_normal`)."""

from ..._src.scipy_stats import multivariate_normal_logpdf as logpdf
from ..._src.scipy_stats import multivariate_normal_pdf as pdf

__all__ = ["logpdf", "pdf"]
