"""numjax.scipy.stats (`jax.scipy.stats`): one module per distribution, as in JAX.

Implementations live in numjax/_src/scipy_stats.py."""

from ..._src.scipy_stats import mode, rankdata, sem  # noqa: F401
from . import (  # noqa: F401
    bernoulli,
    beta,
    betabinom,
    binom,
    cauchy,
    chi2,
    dirichlet,
    expon,
    gamma,
    gennorm,
    geom,
    gumbel_l,
    gumbel_r,
    laplace,
    logistic,
    multinomial,
    multivariate_normal,
    nbinom,
    norm,
    pareto,
    poisson,
    t,
    truncnorm,
    uniform,
    vonmises,
    wrapcauchy,
)
