"""numjax.scipy.signal (`jax.scipy.signal`): convolution, correlation, detrending and the
windowed-FFT spectral estimators (welch, csd, stft, istft).

Direct convolution gathers, for every output position, the window of the zero-padded input
it sees (one gather) and contracts it with the flipped kernel (one dot): whole-array NumPy
work, differentiable and batchable, no dependence on lax.conv_general_dilated. `fftconvolve`
and `method="fft"` multiply spectra instead. Every mode ("full", "same", "valid") is a slice
of the full result, at the offsets SciPy uses. Window functions are computed here with NumPy
(JAX asks SciPy for windows other than "hann"; numjax does not depend on SciPy at run time).
Errors follow JAX 0.10.2.
"""

from __future__ import annotations

import itertools
import math
import operator
import warnings

import numpy as np

from . import dtypes
from .numpy import namespace as jnp
from .numpy.util import canonicalize_axis, check_arraylike, promote_to_inexact, to_array

_MODES = ("full", "same", "valid")


# ---------------------------------------------------------------------------------------------
# Convolution and correlation


def _promote(*args):
    return promote_to_inexact(*[to_array(a) for a in args])


_PATCH_BUDGET = 1 << 22  # elements gathered at once; larger outputs go in row blocks


def _gather_conv(x, kernel, starts, out_shape):
    """out[i] = sum_j x[starts + i - j] * kernel[j] (x zero outside its bounds): the slice of
    the full N-d convolution beginning at `starts`."""
    m = kernel.shape
    padded = jnp.pad(x, [(k - 1, k - 1) for k in m])
    flipped = jnp.flip(kernel)
    per_row = math.prod(out_shape[1:]) * math.prod(m)
    rows = max(1, _PATCH_BUDGET // max(per_row, 1))
    blocks = []
    for first in range(0, out_shape[0], rows):
        count = min(rows, out_shape[0] - first)
        blocks.append(_gather_block(padded, flipped, [starts[0] + first, *starts[1:]],
                                    [count, *out_shape[1:]]))
    return blocks[0] if len(blocks) == 1 else jnp.concatenate(blocks, axis=0)


def _gather_block(padded, flipped, starts, out_shape):
    m, nd = flipped.shape, flipped.ndim
    index = []
    for d in range(nd):
        # Output position i reads padded[starts + i + j] for flipped-kernel offset j.
        idx = starts[d] + np.arange(out_shape[d])[:, None] + np.arange(m[d])[None, :]
        shape = [1] * (2 * nd)
        shape[2 * d], shape[2 * d + 1] = out_shape[d], m[d]
        index.append(idx.reshape(shape))
    patches = padded[tuple(index)]  # (o0, k0, o1, k1, ...)
    return jnp.tensordot(patches, flipped, axes=(list(range(1, 2 * nd, 2)), list(range(nd))))


def _out_slice(mode, shape1, shape2, same_start=None):
    """(starts, shape) of the `mode` result within the full convolution of the two shapes."""
    full = [a + b - 1 for a, b in zip(shape1, shape2)]
    if mode == "full":
        return [0] * len(full), full
    if mode == "same":
        out = list(shape1)
    else:
        out = [max(a, b) - min(a, b) + 1 for a, b in zip(shape1, shape2)]
    if same_start is not None and mode == "same":
        return same_start, out
    return [(f - o) // 2 for f, o in zip(full, out)], out


def _convolve_direct(in1, in2, mode, same_start=None):
    if mode not in _MODES:
        raise ValueError("mode must be one of ['full', 'same', 'valid']")
    in1, in2 = to_array(in1), to_array(in2)
    if in1.ndim != in2.ndim:
        raise ValueError("in1 and in2 must have the same number of dimensions")
    if in1.size == 0 or in2.size == 0:
        raise ValueError(f"zero-size arrays not supported in convolutions, got shapes "
                         f"{in1.shape} and {in2.shape}.")
    in1, in2 = _promote(in1, in2)
    bigger = all(a >= b for a, b in zip(in1.shape, in2.shape))
    smaller = all(a <= b for a, b in zip(in1.shape, in2.shape))
    if not (bigger or smaller):
        raise ValueError("One input must be smaller than the other in every dimension.")
    starts, out_shape = _out_slice(mode, in1.shape, in2.shape, same_start)
    if in1.ndim == 0:
        return in1 * in2
    return _gather_conv(in1, in2, starts, out_shape)


def convolve(in1, in2, mode="full", method="auto", precision=None):
    """scipy.signal.convolve: the N-d convolution of `in1` and `in2`.

    "direct" and "auto" gather and contract (exact sums); "fft" calls `fftconvolve`. As in
    JAX, inputs are promoted to inexact, and one input must be at least as large as the other
    in every dimension. `precision` is accepted for JAX compatibility (NumPy computes at full
    precision)."""
    check_arraylike("convolve", in1, in2)
    if method == "fft":
        return fftconvolve(in1, in2, mode=mode)
    if method not in ("direct", "auto"):
        raise ValueError(f"Got method={method!r}; expected 'auto', 'fft', or 'direct'.")
    return _convolve_direct(in1, in2, mode)


def correlate(in1, in2, mode="full", method="auto", precision=None):
    """scipy.signal.correlate: the N-d cross-correlation, convolve(in1, flip(conj(in2)))."""
    check_arraylike("correlate", in1, in2)
    in2 = to_array(in2)
    return convolve(in1, jnp.flip(jnp.conj(in2)), mode, method=method, precision=precision)


def _check_2d(name, in1, in2, boundary, fillvalue):
    if boundary != "fill" or fillvalue != 0:
        raise NotImplementedError(f"{name}() only supports boundary='fill', fillvalue=0")
    if np.ndim(in1) != 2 or np.ndim(in2) != 2:
        raise ValueError(f"{name}() only supports 2-dimensional inputs.")


def convolve2d(in1, in2, mode="full", boundary="fill", fillvalue=0, precision=None):
    """scipy.signal.convolve2d for boundary="fill", fillvalue=0 (the only case JAX has)."""
    check_arraylike("convolve2d", in1, in2)
    _check_2d("convolve2d", in1, in2, boundary, fillvalue)
    return _convolve_direct(in1, in2, mode)


def correlate2d(in1, in2, mode="full", boundary="fill", fillvalue=0, precision=None):
    """scipy.signal.correlate2d for boundary="fill", fillvalue=0. Its "same" window starts
    at in2.shape // 2 of the full correlation (SciPy's correlate starts at (n - 1) // 2)."""
    check_arraylike("correlate2d", in1, in2)
    _check_2d("correlate2d", in1, in2, boundary, fillvalue)
    in2 = to_array(in2)
    same_start = [n // 2 for n in in2.shape]
    return _convolve_direct(in1, jnp.flip(jnp.conj(in2)), mode, same_start)


def fftconvolve(in1, in2, mode="full", axes=None):
    """scipy.signal.fftconvolve: N-d convolution by multiplying spectra over `axes` (default:
    all); the other axes must match in size (JAX does not broadcast them)."""
    check_arraylike("fftconvolve", in1, in2)
    in1, in2 = _promote(in1, in2)
    if in1.ndim != in2.ndim:
        raise ValueError("in1 and in2 should have the same dimensionality")
    if mode not in ("same", "full", "valid"):
        raise ValueError("mode must be one of ['same', 'full', 'valid']")
    if axes is None:
        axes = tuple(range(in1.ndim))
    else:
        axes = (axes,) if isinstance(axes, int) else tuple(axes)
        axes = tuple(canonicalize_axis(a, in1.ndim) for a in axes)
    mapped = [d for d in range(in1.ndim) if d not in axes]
    if any(in1.shape[d] != in2.shape[d] for d in mapped):
        raise ValueError(f"mapped axes must have same shape; got in1.shape={in1.shape} "
                         f"in2.shape={in2.shape} axes={axes}")
    s1 = [in1.shape[a] for a in axes]
    s2 = [in2.shape[a] for a in axes]
    if mode == "valid":
        bigger = all(a >= b for a, b in zip(s1, s2))
        if not bigger and not all(a <= b for a, b in zip(s1, s2)):
            raise ValueError("For 'valid' mode, One input must be at least as large as the "
                             "other in every dimension.")
        if not bigger:
            in1, in2, s1, s2 = in2, in1, s2, s1
    full = [a + b - 1 for a, b in zip(s1, s2)]
    if all(a == 1 or b == 1 for a, b in zip(s1, s2)):
        conv = in1 * in2  # no overlap to sum over: the product is the convolution
    elif dtypes.is_complex(in1.dtype) or dtypes.is_complex(in2.dtype):
        conv = jnp.fft.ifftn(jnp.fft.fftn(in1, full, axes) * jnp.fft.fftn(in2, full, axes),
                             full, axes)
    else:
        conv = jnp.fft.irfftn(jnp.fft.rfftn(in1, full, axes) * jnp.fft.rfftn(in2, full, axes),
                              full, axes)
    starts, out = _out_slice(mode, s1, s2)
    index = [slice(None)] * conv.ndim
    for a, st, n in zip(axes, starts, out):
        index[a] = slice(st, st + n)
    return conv[tuple(index)]


# ---------------------------------------------------------------------------------------------
# Detrending


def detrend(data, axis=-1, type="linear", bp=0, overwrite_data=None):
    """scipy.signal.detrend: removes the mean ("constant") or the least-squares line of each
    piece between breakpoints `bp` ("linear") along `axis`."""
    if overwrite_data is not None:
        raise NotImplementedError("overwrite_data argument not implemented.")
    if type not in ("constant", "linear"):
        raise ValueError("Trend type must be 'linear' or 'constant'.")
    check_arraylike("detrend", data)
    (x,) = _promote(data)
    if type == "constant":
        return x - jnp.mean(x, axis=axis, keepdims=True)
    axis = canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    bps = np.unique(np.r_[0, np.asarray(bp, dtype=int).ravel(), n])
    if np.any(bps > n) or np.any(bps < 0):
        raise ValueError("Breakpoints must be non-negative and less than length of data "
                         "along given axis.")
    x = jnp.moveaxis(x, axis, -1)
    pieces = []
    for lo, hi in itertools.pairwise(bps):
        seg = x[..., int(lo):int(hi)]
        count = int(hi - lo)
        if count < 2:
            pieces.append(seg - seg)  # a line through one point fits it exactly
            continue
        t = np.arange(count) - (count - 1) / 2  # centred abscissa: slope and mean decouple
        t = t.astype(np.finfo(x.dtype).dtype)
        mean = jnp.mean(seg, axis=-1, keepdims=True)
        slope = jnp.sum((seg - mean) * t, axis=-1, keepdims=True) / float(np.sum(t * t))
        pieces.append(seg - mean - slope * t)
    return jnp.moveaxis(jnp.concatenate(pieces, axis=-1), -1, axis)


# ---------------------------------------------------------------------------------------------
# Windows (periodic, as scipy.signal.get_window with fftbins=True)


def _general_cosine(m, coefficients):
    t = np.linspace(-np.pi, np.pi, m)
    return sum(c * np.cos(k * t) for k, c in enumerate(coefficients))


def _symmetric_window(name, m, *params):
    if m == 1:
        return np.ones(1)
    if name in ("boxcar", "box", "ones", "rect", "rectangular"):
        return np.ones(m)
    if name in ("hann", "hanning", "han"):
        return _general_cosine(m, [0.5, 0.5])
    if name in ("hamming", "hamm", "ham"):
        return _general_cosine(m, [0.54, 0.46])
    if name in ("general_hamming",):
        return _general_cosine(m, [params[0], 1 - params[0]])
    if name in ("blackman", "black", "blk"):
        return _general_cosine(m, [0.42, 0.50, 0.08])
    if name in ("bartlett", "bart", "brt"):
        return np.bartlett(m)
    if name in ("triang", "triangle", "tri"):
        k = np.arange(1, (m + 1) // 2 + 1)
        half = (2 * k - 1.0) / m if m % 2 == 0 else 2 * k / (m + 1.0)
        return np.r_[half, half[::-1]] if m % 2 == 0 else np.r_[half, half[-2::-1]]
    if name in ("cosine", "halfcosine"):
        return np.sin(np.pi / m * (np.arange(m) + 0.5))
    if name in ("kaiser", "ksr"):
        return np.kaiser(m, params[0])
    if name in ("gaussian", "gauss", "gss"):
        k = np.arange(m) - (m - 1.0) / 2
        return np.exp(-(k**2) / (2 * params[0] ** 2))
    if name in ("tukey", "tuk"):
        alpha = params[0] if params else 0.5
        if alpha <= 0:
            return np.ones(m)
        if alpha >= 1:
            return _symmetric_window("hann", m)
        k = np.arange(m)
        width = int(np.floor(alpha * (m - 1) / 2.0))
        w = np.ones(m)
        rise = k[: width + 1]
        w[: width + 1] = 0.5 * (1 + np.cos(np.pi * (-1 + 2.0 * rise / alpha / (m - 1))))
        fall = k[m - width - 1:]
        w[m - width - 1:] = 0.5 * (1 + np.cos(np.pi * (-2.0 / alpha + 1 + 2.0 * fall / alpha
                                                        / (m - 1))))
        return w
    raise ValueError(f"Invalid window name {name!r} in parameter window={name!r}!")


def get_window(window, nperseg: int) -> np.ndarray:
    """The periodic window named by `window` (a name or a (name, parameter) tuple)."""
    name, params = (window[0], window[1:]) if isinstance(window, tuple) else (window, ())
    return _symmetric_window(name, nperseg + 1, *params)[:nperseg]


def _window(window, nperseg, input_length, dtype):
    """(window array, nperseg): a named window of nperseg samples, or a given 1-D array."""
    if isinstance(window, (str, tuple)):
        n = input_length if nperseg is None else int(nperseg)
        if n > input_length:
            warnings.warn(f"nperseg={n} is greater than input_length={input_length}, using "
                          f"nperseg={input_length}", stacklevel=3)
            n = input_length
        return jnp.asarray(get_window(window, n).astype(dtype)), n
    win = jnp.asarray(window, dtype=dtype)
    n = win.size if nperseg is None else int(nperseg)
    if win.ndim != 1:
        raise ValueError("window must be 1-D")
    if input_length < win.size:
        raise ValueError("window is longer than input signal")
    if n != win.size:
        raise ValueError("value specified for nperseg is different from length of window")
    return win, n


# ---------------------------------------------------------------------------------------------
# Spectral estimation


def _odd_ext(x, n):
    if n < 1:
        return x
    if n > x.shape[-1] - 1:
        raise ValueError(f"The extension length n ({n}) is too big. It must not exceed "
                         f"x.shape[axis]-1, which is {x.shape[-1] - 1}.")
    left = 2 * x[..., :1] - jnp.flip(x[..., 1:n + 1], -1)
    right = 2 * x[..., -1:] - jnp.flip(x[..., -(n + 1):-1], -1)
    return jnp.concatenate([left, x, right], axis=-1)


def _extend(x, boundary, n):
    widths = [(0, 0)] * (x.ndim - 1) + [(n, n)]
    if boundary == "even":
        return jnp.pad(x, widths, mode="reflect")
    if boundary == "odd":
        return _odd_ext(x, n)
    if boundary == "constant":
        return jnp.pad(x, widths, mode="edge")
    if boundary == "zeros":
        return jnp.pad(x, widths)
    return x


_BOUNDARIES = ("even", "odd", "constant", "zeros", None)


def _pad_end(x, n):
    return x if n == 0 else jnp.pad(x, [(0, 0)] * (x.ndim - 1) + [(0, n)])


def _segments_fft(x, win, detrend_func, nperseg, noverlap, nfft, onesided):
    """FFT of each windowed, detrended segment: (..., nseg, nfreq)."""
    if dtypes.is_int(x.dtype) or x.dtype == np.bool_:
        x = x.astype(win.dtype)
    step = nperseg - noverlap
    starts = np.arange(0, x.shape[-1] - nperseg + 1, step)
    segments = x[..., starts[:, None] + np.arange(nperseg)[None, :]]
    segments = detrend_func(segments)
    segments = win * segments
    if onesided:
        return jnp.fft.rfft(jnp.real(segments), n=nfft)
    return jnp.fft.fft(segments, n=nfft)


def _spectral(x, y, fs, window, nperseg, noverlap, nfft, detrend_type, return_onesided,
              scaling, axis, mode, boundary=None, padded=False):
    """SciPy's windowed-FFT helper: returns (freqs, times, spectra) with the frequency axis
    at `axis` and segments last. `y is None` means the auto-spectrum of x."""
    if boundary not in _BOUNDARIES:
        raise ValueError(f"Unknown boundary option '{boundary}', must be one of: "
                         f"{list(_BOUNDARIES)}")
    check_arraylike("_spectral_helper", x)
    x = to_array(x)
    axis = canonicalize_axis(operator.index(axis), x.ndim)
    if y is not None:
        check_arraylike("_spectral_helper", y)
        y = to_array(y)
        if x.ndim != y.ndim:
            raise ValueError(f"two-arguments must have the same rank ({x.ndim} vs {y.ndim}).")
        try:
            outer = np.broadcast_shapes(x.shape[:axis] + x.shape[axis + 1:],
                                        y.shape[:axis] + y.shape[axis + 1:])
        except ValueError:
            raise ValueError("x and y cannot be broadcast together.") from None
        dtype, _ = dtypes.result_type(x, y, return_weak_type_flag=True)
    else:
        dtype = x.dtype
    real_in = dtype if dtypes.is_inexact(dtype) else dtypes.default_float_dtype()
    result_dtype = np.dtype(np.complex128 if np.dtype(real_in) in (np.float64, np.complex128)
                            else np.complex64)
    freq_dtype = np.dtype(np.float64 if result_dtype == np.complex128 else np.float32)
    if nperseg is not None:
        nperseg = operator.index(nperseg)
        if nperseg < 1:
            raise ValueError("nperseg must be a positive integer")
    win_dtype = real_in if not dtypes.is_complex(real_in) else freq_dtype
    win, nperseg = _window(window, nperseg, x.shape[axis], win_dtype)
    noverlap = nperseg // 2 if noverlap is None else operator.index(noverlap)
    nfft = nperseg if nfft is None else operator.index(nfft)
    if x.size == 0 or (y is not None and y.size == 0):
        shape = x.shape if y is None else (
            outer[:axis] + (min(x.shape[axis], y.shape[axis]),) + outer[axis:])
        return (jnp.zeros(shape, freq_dtype), jnp.zeros(shape, freq_dtype),
                jnp.zeros(shape, result_dtype))
    x = jnp.moveaxis(x, axis, -1)
    if y is not None:
        y = jnp.moveaxis(y, axis, -1)
        if x.shape[-1] < y.shape[-1]:
            x = _pad_end(x, y.shape[-1] - x.shape[-1])
        elif y.shape[-1] < x.shape[-1]:
            y = _pad_end(y, x.shape[-1] - y.shape[-1])
    if nfft < nperseg:
        raise ValueError("nfft must be greater than or equal to nperseg.")
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    if boundary is not None:
        x = _extend(x, boundary, nperseg // 2)
        y = None if y is None else _extend(y, boundary, nperseg // 2)
    if padded:
        extra = (-(x.shape[-1] - nperseg) % step) % nperseg
        x = _pad_end(x, extra)
        y = None if y is None else _pad_end(y, extra)

    if isinstance(detrend_type, str):
        def detrend_func(d):
            return detrend(d, axis=-1, type=detrend_type)
    elif callable(detrend_type):
        detrend_func = detrend_type
    elif not detrend_type:
        def detrend_func(d):
            return d
    else:
        raise ValueError(f"Unsupported detrend type: {detrend_type}")

    if scaling == "density":
        scale = 1.0 / (fs * jnp.sum(win * win))
    elif scaling == "spectrum":
        scale = 1.0 / jnp.sum(win) ** 2
    else:
        raise ValueError(f"Unknown scaling: {scaling}")
    if mode == "stft":
        scale = jnp.sqrt(scale)

    onesided = bool(return_onesided)
    if onesided and (dtypes.is_complex(x.dtype) or (y is not None
                                                    and dtypes.is_complex(y.dtype))):
        onesided = False
        warnings.warn("Input data is complex, switching to return_onesided=False",
                      stacklevel=3)
    freqs = (jnp.fft.rfftfreq if onesided else jnp.fft.fftfreq)(nfft, 1 / fs,
                                                                 dtype=freq_dtype)
    result = _segments_fft(x, win, detrend_func, nperseg, noverlap, nfft, onesided)
    if y is not None:
        result = jnp.conj(result) * _segments_fft(y, win, detrend_func, nperseg, noverlap,
                                                  nfft, onesided)
    elif mode == "psd":
        result = jnp.conj(result) * result
    result = result * scale.astype(result.dtype)
    if onesided and mode == "psd":
        # Bins other than DC (and Nyquist for even nfft) also hold the negative frequencies.
        double = np.full(result.shape[-1], 2.0)
        double[0] = 1.0
        if nfft % 2 == 0:
            double[-1] = 1.0
        result = result * double.astype(freq_dtype)
    times = np.arange(nperseg / 2, x.shape[-1] - nperseg / 2 + 1, step)
    if boundary is not None:
        times = times - nperseg / 2
    times = jnp.asarray(times.astype(freq_dtype)) / fs
    result = result.astype(result_dtype)
    if y is None and mode != "stft":
        result = jnp.real(result)
    return freqs, times, jnp.moveaxis(result, -1, axis)


def _median_bias(n):
    ii = 2 * np.arange(1, (n - 1) // 2 + 1)
    return 1 + np.sum(1.0 / (ii + 1) - 1.0 / ii)


def csd(x, y, fs=1.0, window="hann", nperseg=None, noverlap=None, nfft=None,
        detrend="constant", return_onesided=True, scaling="density", axis=-1, average="mean"):
    """scipy.signal.csd: the cross power spectral density of x and y by Welch's method
    (y=None: the PSD of x). As in JAX, nperseg defaults to the whole signal."""
    freqs, _, pxy = _spectral(x, y, fs, window, nperseg, noverlap, nfft, detrend,
                              return_onesided, scaling, axis, mode="psd")
    if y is not None:
        pxy = pxy.astype(np.complex128 if pxy.dtype in (np.float64, np.complex128)
                         else np.complex64)
    if pxy.ndim >= 2 and pxy.size > 0:
        if pxy.shape[-1] > 1:
            if average == "median":
                bias = _median_bias(pxy.shape[-1])
                if dtypes.is_complex(pxy.dtype):
                    pxy = (jnp.median(jnp.real(pxy), axis=-1)
                           + 1j * jnp.median(jnp.imag(pxy), axis=-1))
                else:
                    pxy = jnp.median(pxy, axis=-1)
                pxy = pxy / np.asarray(bias, pxy.dtype)
            elif average == "mean":
                pxy = jnp.mean(pxy, axis=-1)
            else:
                raise ValueError(f'average must be "median" or "mean", got {average}')
        else:
            pxy = jnp.reshape(pxy, pxy.shape[:-1])
    return freqs, pxy


def welch(x, fs=1.0, window="hann", nperseg=None, noverlap=None, nfft=None,
          detrend="constant", return_onesided=True, scaling="density", axis=-1,
          average="mean"):
    """scipy.signal.welch: the power spectral density of x by Welch's method."""
    freqs, pxx = csd(x, None, fs=fs, window=window, nperseg=nperseg, noverlap=noverlap,
                     nfft=nfft, detrend=detrend, return_onesided=return_onesided,
                     scaling=scaling, axis=axis, average=average)
    return freqs, jnp.real(pxx)


def stft(x, fs=1.0, window="hann", nperseg=256, noverlap=None, nfft=None, detrend=False,
         return_onesided=True, boundary="zeros", padded=True, axis=-1):
    """scipy.signal.stft: the short-time Fourier transform; returns (freqs, times, Zxx)."""
    return _spectral(x, None, fs, window, nperseg, noverlap, nfft, detrend, return_onesided,
                     "spectrum", axis, mode="stft", boundary=boundary, padded=padded)


def _overlap_add(frames, step):
    """Sums frames (..., nframes, length) placed `step` apart: one scatter-add."""
    *batch, nframes, length = frames.shape
    total = step * (nframes - 1) + length
    where = (np.arange(nframes) * step)[:, None] + np.arange(length)[None, :]
    out = jnp.zeros((*batch, total), frames.dtype)
    return out.at[..., where].add(frames)


def istft(Zxx, fs=1.0, window="hann", nperseg=None, noverlap=None, nfft=None,
          input_onesided=True, boundary=True, time_axis=-1, freq_axis=-2):
    """scipy.signal.istft: the inverse STFT by weighted overlap-add; returns (times, x)."""
    check_arraylike("istft", Zxx)
    z = to_array(Zxx)
    if z.ndim < 2:
        raise ValueError("Input stft must be at least 2d!")
    time_axis = canonicalize_axis(time_axis, z.ndim)
    freq_axis = canonicalize_axis(freq_axis, z.ndim)
    if freq_axis == time_axis:
        raise ValueError("Must specify differing time and frequency axes!")
    if not dtypes.is_complex(z.dtype):
        wide = z.dtype.itemsize == 8 and dtypes.canonicalize_dtype(np.float64) == np.float64
        z = z.astype(np.complex128 if wide else np.complex64)
    n_default = 2 * (z.shape[freq_axis] - 1) if input_onesided else z.shape[freq_axis]
    nperseg = operator.index(nperseg or n_default)
    if nperseg < 1:
        raise ValueError("nperseg must be a positive integer")
    if nfft is None:
        nfft = n_default + (1 if input_onesided and nperseg == n_default + 1 else 0)
    nfft = operator.index(nfft)
    if nfft < nperseg:
        raise ValueError(f"FFT length ({nfft}) must be longer than nperseg ({nperseg}).")
    noverlap = operator.index(noverlap or nperseg // 2)
    if noverlap >= nperseg:
        raise ValueError("noverlap must be less than nperseg.")
    step = nperseg - noverlap
    if time_axis != z.ndim - 1 or freq_axis != z.ndim - 2:
        outer = tuple(d for d in range(z.ndim) if d not in (time_axis, freq_axis))
        z = jnp.transpose(z, outer + (freq_axis, time_axis))
    inverse = jnp.fft.irfft if input_onesided else jnp.fft.ifft
    frames = inverse(z, axis=-2, n=nfft)[..., :nperseg, :]  # (..., nperseg, nframes)
    real_dtype = np.float64 if frames.dtype in (np.float64, np.complex128) else np.float32
    if isinstance(window, (str, tuple)):
        win = jnp.asarray(get_window(window, nperseg).astype(real_dtype))
    else:
        win = jnp.asarray(window)
        if win.ndim != 1:
            raise ValueError("window must be 1-D")
        if win.shape[0] != nperseg:
            raise ValueError(f"window must have length of {nperseg}")
    win = win.astype(frames.dtype) if dtypes.is_complex(frames.dtype) else win
    frames = frames * jnp.sum(win)  # undoes the 'spectrum' scaling
    x = _overlap_add(jnp.swapaxes(frames * win[:, None], -2, -1), step)
    win_sq = jnp.broadcast_to((win * win)[None, :], (frames.shape[-1], nperseg))
    norm = _overlap_add(win_sq, step)
    if boundary:
        half = nperseg // 2
        x = x[..., half:x.shape[-1] - half]
        norm = norm[..., half:norm.shape[-1] - half]
    x = x / jnp.where(jnp.real(norm) > 1e-10, norm, jnp.ones_like(norm))
    if x.ndim > 1 and time_axis != z.ndim - 1:
        if freq_axis < time_axis:
            time_axis -= 1
        x = jnp.moveaxis(x, -1, time_axis)
    times = jnp.arange(x.shape[0], dtype=real_dtype) / fs
    return times, x


