"""numjax.scipy.stats.vonmises (`jax.scipy.stats.vonmises`)."""

from ..._src.scipy_stats import vonmises_logpdf as logpdf
from ..._src.scipy_stats import vonmises_pdf as pdf

__all__ = ["logpdf", "pdf"]
