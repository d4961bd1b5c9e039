"""stop_gradient: an identity primitive whose JVP is zero, applied to every leaf of a pytree."""

from __future__ import annotations

import numpy as np

from ..core import ShapedArray
from .helpers import defzero, primitive

stop_gradient_p = primitive("stop_gradient", lambda x: x,
                            lambda x: ShapedArray(x.shape, x.dtype),
                            emit=lambda names: names[0])
defzero(stop_gradient_p)
stop_gradient_p.batch = lambda args, bdims: (stop_gradient_p.bind(args[0]), bdims[0])


def stop_gradient(x):
    """lax.stop_gradient: `x` unchanged, with zero derivative (leaf-wise over pytrees)."""
    from ..tree import tree_map

    def leaf(v):
        if isinstance(v, (bool, int, float, complex, np.ndarray, np.generic)) or hasattr(
                v, "shape"):
            return stop_gradient_p.bind(v)
        return v

    return tree_map(leaf, x)
