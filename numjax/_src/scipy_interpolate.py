"""jax.scipy.interpolate: RegularGridInterpolator (linear and nearest).

The interpolator is a pytree (grid, values and fill_value are its leaves; method and
bounds_error are static), so it can be passed through jit, vmap and grad. Each grid axis
must be strictly increasing; as in JAX this is not checked (a check would need concrete
values, which jit does not have).
"""

from __future__ import annotations

import itertools

import numpy as np

from .numpy import namespace as jnp
from .numpy.util import check_arraylike, promote_to_inexact
from .tree import register_pytree_node


def _points_array(points, ndim):
    """A tuple of coordinate arrays, or an array (..., ndim), as a (..., ndim) array."""
    if isinstance(points, tuple) and len(points) == 1:
        points = points[0]
    if isinstance(points, tuple):
        arrays = jnp.broadcast_arrays(*points)
        return jnp.stack(arrays, axis=-1).astype(jnp.result_type(float))
    check_arraylike("_ndim_coords_from_arrays", points)
    points = jnp.asarray(points)
    return points.reshape(-1, ndim) if points.ndim == 1 else points


class RegularGridInterpolator:
    """scipy.interpolate.RegularGridInterpolator: interpolation on a rectilinear grid.

    Args:
      points: N 1-D arrays, the strictly increasing grid coordinates of each axis.
      values: array whose first N axes match the grid; further axes are carried along.
      method: "linear" or "nearest".
      bounds_error: must be False (JAX cannot raise on data under jit).
      fill_value: value for points outside the grid (default nan); None extrapolates.
    """

    def __init__(self, points, values, method="linear", bounds_error=False, fill_value=np.nan):
        if method not in ("linear", "nearest"):
            raise ValueError(f"method {method!r} is not defined")
        self.method = method
        self.bounds_error = bounds_error
        if bounds_error:
            raise NotImplementedError("`bounds_error` takes no effect under JIT")
        check_arraylike("RegularGridInterpolator", values)
        if len(points) > values.ndim:
            raise ValueError(
                f"there are {len(points)} point arrays, but values has {values.ndim} dimensions"
            )
        (values,) = promote_to_inexact(values)
        if fill_value is not None:
            check_arraylike("RegularGridInterpolator", fill_value)
            fill_value = jnp.asarray(fill_value)
            if not jnp.can_cast(fill_value.dtype, values.dtype, casting="same_kind"):
                raise ValueError(
                    "fill_value must be either 'None' or of a type compatible with values"
                )
        self.fill_value = fill_value
        check_arraylike("RegularGridInterpolator", *points)
        self.grid = tuple(jnp.asarray(p) for p in points)
        self.values = values

    def __call__(self, xi, method=None):
        """Interpolated values at `xi` (an array (..., N) or a tuple of N coordinate arrays):
        shape xi.shape[:-1] + values.shape[N:]."""
        method = self.method if method is None else method
        if method not in ("linear", "nearest"):
            raise ValueError(f"method {method!r} is not defined")
        ndim = len(self.grid)
        xi = _points_array(xi, ndim)
        if xi.shape[-1] != ndim:
            raise ValueError(
                f"the requested sample points xi have dimension {xi.shape[1]}, but this "
                f"RegularGridInterpolator has dimension {ndim}"
            )
        batch_shape = xi.shape[:-1]
        xi = xi.reshape(-1, ndim)
        indices, distances, outside = self._find_indices(xi.T)
        if method == "linear":
            result = self._linear(indices, distances)
        else:
            nearest = [
                jnp.where(t <= 0.5, i, i + 1) for i, t in zip(indices, distances, strict=True)
            ]
            result = self.values[tuple(nearest)]
        if self.fill_value is not None:
            mask = outside.reshape(outside.shape + (1,) * (result.ndim - 1))
            result = jnp.where(mask, self.fill_value, result)
        return result.reshape(batch_shape + self.values.shape[ndim:])

    def _find_indices(self, xi):
        """Per axis: the cell index i (clipped so that i + 1 exists), the position within
        the cell in units of its width, and whether any coordinate lies off the grid."""
        indices, distances = [], []
        outside = jnp.zeros((xi.shape[1],), dtype=bool)
        for x, g in zip(xi, self.grid, strict=True):
            i = jnp.clip(jnp.searchsorted(g, x) - 1, 0, g.size - 2)
            indices.append(i)
            distances.append((x - g[i]) / (g[i + 1] - g[i]))
            outside = outside | (x < g[0]) | (x > g[-1])
        return indices, distances, outside

    def _linear(self, indices, distances):
        trailing = (slice(None),) + (None,) * (self.values.ndim - len(indices))
        result = jnp.asarray(0.0)
        for corner in itertools.product(*[(0, 1)] * len(indices)):
            weight = jnp.asarray(1.0)
            for upper, t in zip(corner, distances, strict=True):
                weight = weight * (t if upper else 1 - t)
            index = tuple(i + upper for i, upper in zip(indices, corner, strict=True))
            result = result + self.values[index] * weight[trailing]
        return result


register_pytree_node(
    RegularGridInterpolator,
    lambda r: ((r.grid, r.values, r.fill_value), (r.method, r.bounds_error)),
    lambda aux, children: RegularGridInterpolator(*children[:2], *aux, *children[2:]),
)
