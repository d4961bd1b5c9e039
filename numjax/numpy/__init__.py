"""numjax.numpy: NumPy's API on numjax arrays (`jax.numpy`), assembled in
numjax/_src/numpy/namespace.py."""

from .._src.numpy.namespace import *  # noqa: F403
from .._src.numpy.namespace import bool, ndarray  # noqa: A004, F401 - not star-exported names

del fft, linalg  # the internal modules: the public submodules below take their names
from . import fft, linalg  # noqa: E402, F401
