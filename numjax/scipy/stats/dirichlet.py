"""numjax.scipy.stats.dirichlet (`jax.scipy.stats.dirichlet`)."""

from ..._src.scipy_stats import dirichlet_logpdf as logpdf
from ..._src.scipy_stats import dirichlet_pdf as pdf

__all__ = ["logpdf", "pdf"]
