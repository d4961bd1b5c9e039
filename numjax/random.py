"""numjax.random: JAX's threefry2x32 PRNG (legacy uint32[2] keys; `key()` returns key data)."""

from ._src.random import (  # noqa: F401
    PRNGKey, ball, bernoulli, beta, bits, categorical, cauchy, chisquare, choice, clone,
    dirichlet, double_sided_maxwell, exponential, fold_in, gamma, generalized_normal, gumbel,
    key, key_data, key_impl, laplace, loggamma, logistic, maxwell, multivariate_normal, normal,
    orthogonal, pareto, permutation, poisson, rademacher, randint, shuffle, split, t,
    truncated_normal, uniform, weibull_min, wrap_key_data,
)
