"""Small public helpers: device_put/get, block_until_ready, typeof."""

from __future__ import annotations

import numpy as np

from .array import Array
from .core import Tracer, get_aval
from .tree import tree_map


def device_put(x, device=None, *, src=None, donate=False, may_alias=None):
    """Puts every leaf on the (one) CPU device: converts to Array."""
    from .numpy.creation import asarray

    return tree_map(lambda v: v if isinstance(v, (Array, Tracer)) else asarray(v), x)


def device_get(x):
    """Every Array leaf as a NumPy array."""
    return tree_map(lambda v: np.asarray(v) if isinstance(v, Array) else v, x)


def block_until_ready(x):
    """numjax computes eagerly: returns `x`."""
    return x


def typeof(x):
    return get_aval(x)
