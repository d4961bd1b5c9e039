"""Primitives of differentiation itself: stop_gradient (an identity whose JVP is zero, applied
to every leaf of a pytree) and add_any (the sum of two tangents or cotangents)."""

from __future__ import annotations

import numpy as np

from ..core import ShapedArray
from ..interpreters import jvp as jvp_interp
from .helpers import bdim_to, deflinear, defzero, primitive

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


# ---------------------------------------------------------------------------------------------
# add_any: what forward and reverse mode use to sum tangents and accumulate cotangents, so a
# staged derivative shows `add_any` where the program's own additions show `add` (as in JAX).
# Unlike add, its operands have one type: no promotion and no implicit broadcasting.


def _add_any_abstract_eval(x, y):
    if x.shape != y.shape or x.dtype != y.dtype:
        raise TypeError(f"add_any requires operands of one type, got {x.str_short()} and "
                        f"{y.str_short()}")
    return ShapedArray(x.shape, x.dtype)


def _add_any_batch(args, bdims):
    bdim = next(d for d in bdims if d is not None)
    size = next(np.shape(a)[d] for a, d in zip(args, bdims) if d is not None)
    x, y = [bdim_to(a, d, bdim, size) for a, d in zip(args, bdims)]
    return add_any_p.bind(x, y), bdim


add_any_p = primitive("add_any", np.add, _add_any_abstract_eval,
                      emit=lambda names: f"np.add({names[0]}, {names[1]})")
add_any_p.batch = _add_any_batch
deflinear(add_any_p, lambda ct, x, y: [ct, ct])
jvp_interp.register_add(add_any_p)


def add_any(x, y):
    """The sum of two values of one type, staged as `add_any` (tangent/cotangent sums)."""
    return add_any_p.bind(x, y)
