"""numjax.scipy.stats.t (`jax.scipy.stats.t`)."""

from ..._src.scipy_stats import t_logpdf as logpdf
from ..._src.scipy_stats import t_pdf as pdf

__all__ = ["logpdf", "pdf"]
