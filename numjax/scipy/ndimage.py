"""numjax.scipy.ndimage (`jax.scipy.ndimage`); implementation in
numjax/_src/scipy_ndimage.py."""

from .._src.scipy_ndimage import map_coordinates  # noqa: F401
