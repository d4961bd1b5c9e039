"""jnp.mgrid, ogrid, r_, c_, s_, index_exp: NumPy's index-expression helpers. The grids are
built by NumPy from concrete slices and returned as Arrays of JAX's canonical dtypes (x64
respected); r_/c_ concatenate with jnp operations; `s_` and `index_exp` are NumPy's own
objects, as in JAX."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..core import Tracer

s_ = np.s_
index_exp = np.index_exp


def _to_jax(value):
    from .creation import asarray

    value = np.asarray(value)
    return asarray(value, dtypes.canonicalize_dtype(value.dtype))


def _check_concrete(key):
    for k in key if isinstance(key, tuple) else (key,):
        parts = (k.start, k.stop, k.step) if isinstance(k, slice) else (k,)
        if any(isinstance(p, Tracer) for p in parts):
            raise TypeError("jnp.mgrid/ogrid/r_/c_ need concrete (non-traced) values; use "
                            "jnp.arange, jnp.linspace, jnp.meshgrid or jnp.concatenate instead.")


class _Grid:
    def __init__(self, grid, name):
        self._grid, self._name = grid, name

    def __getitem__(self, key):
        _check_concrete(key)
        out = self._grid[key]
        if isinstance(out, (list, tuple)):
            return [_to_jax(o) for o in out]
        return _to_jax(out)

    def __repr__(self):
        return f"<numjax.numpy.{self._name}>"


class _Concat:
    """r_/c_: concatenation of scalars, arrays and slices (ranges) along an axis, as NumPy's;
    an optional leading string 'axis[,ndmin[,trans1d]]' sets the axis, the minimum rank and
    where a raised item's own axes go. Built with jnp operations, so it also works on
    tracers; only slices (ranges) must be concrete."""

    def __init__(self, axis, ndmin, trans1d, name):
        self._defaults, self._name = (axis, ndmin, trans1d), name

    def __getitem__(self, key):
        from .creation import array
        from .shape_ops import concatenate, transpose

        key = key if isinstance(key, tuple) else (key,)
        axis, ndmin, trans1d = self._defaults
        items = []
        for i, k in enumerate(key):
            if isinstance(k, str):
                if i != 0:
                    raise ValueError("string directive must be placed at the beginning")
                if k in ("r", "c"):
                    raise NotImplementedError("jnp.r_/c_ matrix outputs ('r', 'c') are not "
                                              "supported (JAX has no matrix type)")
                parts = [int(p) for p in k.split(",")]
                axis, ndmin, trans1d = (*parts, *self._defaults[len(parts):])[:3]
                continue
            if isinstance(k, slice):
                _check_concrete(k)
                k = _to_jax(np.mgrid[k])
            x = array(k, copy=False, ndmin=ndmin)
            if trans1d != -1 and ndmin - np.ndim(k) > 0:
                k2 = ndmin - np.ndim(k)
                k1 = trans1d + k2 + 1 if trans1d < 0 else trans1d
                axes = list(range(ndmin))
                x = transpose(x, axes[:k1] + axes[k2:] + axes[k1:k2])
            items.append(x)
        return concatenate(items, axis=axis)

    def __len__(self):
        return 0

    def __repr__(self):
        return f"<numjax.numpy.{self._name}>"


mgrid = _Grid(np.mgrid, "mgrid")
ogrid = _Grid(np.ogrid, "ogrid")
r_ = _Concat(0, 1, -1, "r_")
c_ = _Concat(-1, 2, 0, "c_")
