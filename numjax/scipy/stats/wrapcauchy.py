"""numjax.scipy.stats.wrapcauchy (`jax.scipy.stats.wrapcauchy`)."""

from ..._src.scipy_stats import wrapcauchy_logpdf as logpdf
from ..._src.scipy_stats import wrapcauchy_pdf as pdf

__all__ = ["logpdf", "pdf"]
