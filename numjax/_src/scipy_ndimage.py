"""jax.scipy.ndimage: map_coordinates with nearest (order 0) and linear (order 1)
interpolation.

As in JAX, the boundary modes follow SciPy's documentation rather than its historical
implementation: 'constant' is SciPy's 'grid-constant' (outside points take `cval`, inside
neighbours keep their values) and 'wrap' is SciPy's 'grid-wrap'. The result is a weighted
sum of gathers, so it is differentiable in the input and the coordinates.
"""

from __future__ import annotations

import itertools

import numpy as np

from . import dtypes
from .lax import elementwise as lax
from .numpy import namespace as jnp


def _mirror(index, size):
    # Reflection about the edge samples: a triangle wave of period 2 (size - 1).
    period = 2 * (size - 1)
    return jnp.abs((index + size - 1) % period - (size - 1)) if size > 1 else index * 0


def _reflect(index, size):
    # Reflection about the edges themselves (the edge sample repeats): mirror on the half grid.
    return jnp.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1, 2)


_INDEX_FIXERS = {
    "constant": lambda index, size: index,
    "nearest": lambda index, size: jnp.clip(index, 0, size - 1),
    "wrap": lambda index, size: index % size,
    "mirror": _mirror,
    "reflect": _reflect,
}


def _round_half_away(x):
    return x if dtypes.issubdtype(x.dtype, np.integer) else lax.round(x)


def _nodes(coordinate, order):
    """[(integer index, weight)] of the samples that interpolation at `coordinate` reads."""
    if order == 0:
        return [(_round_half_away(coordinate).astype(np.int32), 1)]
    lower = jnp.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.astype(np.int32)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def map_coordinates(input, coordinates, order: int, mode: str = "constant", cval=0.0):
    """scipy.ndimage.map_coordinates for order 0 (nearest) and 1 (linear) and modes
    'constant', 'nearest', 'mirror', 'wrap', 'reflect' (see the module docstring for how
    'constant' and 'wrap' differ from SciPy's). `coordinates` is a sequence of input.ndim
    arrays of one shape, the shape of the result; integer inputs give rounded results."""
    input_arr = jnp.asarray(input)
    coordinate_arrs = [jnp.asarray(c) for c in coordinates]
    cval = jnp.asarray(cval, input_arr.dtype)
    if len(coordinate_arrs) != input_arr.ndim:
        raise ValueError(
            "coordinates must be a sequence of length input.ndim, but "
            f"{len(coordinate_arrs)} != {input_arr.ndim}"
        )
    fixer = _INDEX_FIXERS.get(mode)
    if fixer is None:
        raise NotImplementedError(
            f"jax.scipy.ndimage.map_coordinates does not yet support mode {mode}. "
            f"Currently supported modes are {set(_INDEX_FIXERS)}."
        )
    if order not in (0, 1):
        raise NotImplementedError("jax.scipy.ndimage.map_coordinates currently requires order<=1")
    per_axis = []
    for coordinate, size in zip(coordinate_arrs, input_arr.shape, strict=True):
        per_axis.append(
            [(fixer(index, size), (0 <= index) & (index < size), weight)
             for index, weight in _nodes(coordinate, order)]
        )  # fmt: skip
    result = None
    for corner in itertools.product(*per_axis):
        indices, valid, weights = zip(*corner, strict=True)
        value = input_arr[tuple(indices)]
        if mode == "constant":
            inside = valid[0]
            for v in valid[1:]:
                inside = inside & v
            value = jnp.where(inside, value, cval)
        weight = weights[0]
        for w in weights[1:]:
            weight = weight * w
        term = weight * value
        result = term if result is None else result + term
    if dtypes.issubdtype(input_arr.dtype, np.integer):
        result = _round_half_away(result)
    return result.astype(input_arr.dtype)
