"""numjax.numpy: NumPy's API on numjax arrays (`jax.numpy`), assembled in
numjax/_src/numpy/namespace.py."""

import importlib as _importlib

from .._src.numpy.namespace import *
from .._src.numpy.namespace import bool, ndarray  # noqa: F401 - not star-exported names

# The public submodules (`from . import fft` would return the namespace's internal modules).
fft = _importlib.import_module(".fft", __name__)
linalg = _importlib.import_module(".linalg", __name__)
