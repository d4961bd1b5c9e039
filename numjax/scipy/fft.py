"""numjax.scipy.fft (`jax.scipy.fft`): the type-2 discrete cosine transform and its inverse.
Implementations live in numjax/_src/scipy_fft.py."""

from .._src.scipy_fft import dct, dctn, idct, idctn  # noqa: F401
