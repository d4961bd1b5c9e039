"""numjax.scipy.stats.logistic (`jax.scipy.stats.logistic`)."""

from ..._src.scipy_stats import logistic_cdf as cdf
from ..._src.scipy_stats import logistic_isf as isf
from ..._src.scipy_stats import logistic_logpdf as logpdf
from ..._src.scipy_stats import logistic_pdf as pdf
from ..._src.scipy_stats import logistic_ppf as ppf
from ..._src.scipy_stats import logistic_sf as sf

__all__ = ["cdf", "isf", "logpdf", "pdf", "ppf", "sf"]
