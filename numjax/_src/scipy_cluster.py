"""jax.scipy.cluster.vq: nearest-code assignment (k-means' assignment step)."""

from __future__ import annotations

from .numpy import namespace as jnp
from .numpy.util import check_arraylike, promote_to_inexact


def vq(obs, code_book, check_finite: bool = True):
    """scipy.cluster.vq.vq: (code, dist) with code[i] the row of `code_book` nearest to
    obs[i] in Euclidean distance and dist[i] that distance. 1-D arguments are treated as
    length-1 observations; `check_finite` is ignored, as in JAX."""
    check_arraylike("scipy.cluster.vq.vq", obs, code_book)
    obs, code_book = promote_to_inexact(obs, code_book)
    if obs.ndim != code_book.ndim:
        raise ValueError("Observation and code_book should have the same rank")
    if obs.ndim == 1:
        obs, code_book = obs[:, None], code_book[:, None]
    if obs.ndim != 2:
        raise ValueError("ndim different than 1 or 2 are not supported")
    dist = jnp.linalg.norm(obs[:, None, :] - code_book[None, :, :], axis=-1)
    code = jnp.argmin(dist, axis=-1)
    return code, jnp.take_along_axis(dist, code[:, None], axis=-1)[:, 0]
