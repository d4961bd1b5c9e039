"""numjax.scipy.signal (`jax.scipy.signal`): convolution, correlation, detrending and
Welch/STFT spectral estimation. Implementations live in numjax/_src/scipy_signal.py."""

from .._src.scipy_signal import (  # noqa: F401
    convolve,
    convolve2d,
    correlate,
    correlate2d,
    csd,
    detrend,
    fftconvolve,
    istft,
    stft,
    welch,
)
