"""numjax.numpy.fft (`jax.numpy.fft`): discrete Fourier transforms, implemented in
numjax/_src/numpy/fft.py on the `lax.fft` primitive."""

from .._src.numpy.fft import (  # noqa: F401
    fft,
    fft2,
    fftfreq,
    fftn,
    fftshift,
    hfft,
    ifft,
    ifft2,
    ifftn,
    ifftshift,
    ihfft,
    irfft,
    irfft2,
    irfftn,
    rfft,
    rfft2,
    rfftfreq,
    rfftn,
)
