"""jnp.fft, jax.scipy.fft and jax.scipy.signal: values vs NumPy/SciPy, dtypes (float32 ->
complex64, x64, weak types), gradients vs finite differences and vs numbers recorded from real
JAX 0.10.2, vmap vs a Python loop, jit vs eager, and JAX's error messages.

The fft primitive's own transformation checks (every fft_type, 1-3 axes) run from
tests/op_db.py; here are the public wrappers.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.fft
import scipy.signal

import numjax
import numjax.numpy as jnp
import numjax.scipy.fft as jsf
import numjax.scipy.signal as jss
from numjax import lax
from numjax._src import test_util as tu


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


RNG = np.random.default_rng(2024)
X = RNG.standard_normal((3, 4, 5)).astype(np.float32)
Z = (X + 1j * RNG.standard_normal(X.shape)).astype(np.complex64)
NORMS = (None, "backward", "ortho", "forward")


def single(expected):
    """The dtype JAX gives for single-precision input (NumPy < 2 computes in double)."""
    return np.complex64 if np.iscomplexobj(expected) else np.float32


def close(actual, expected, tol=2e-5, dtype=None):
    actual = np.asarray(actual)
    assert actual.shape == np.shape(expected), (actual.shape, np.shape(expected))
    if dtype is not None:
        assert actual.dtype == np.dtype(dtype), actual.dtype
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------------
# jnp.fft values vs numpy.fft


@pytest.mark.parametrize("name", ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"])
def test_one_axis_transforms_match_numpy(name):
    x = X if name in ("rfft", "ihfft") else Z
    for norm in NORMS:
        for n in (None, 3, 8):
            for axis in (-1, 0, 1):
                got = getattr(jnp.fft, name)(x, n=n, axis=axis, norm=norm)
                want = getattr(np.fft, name)(x, n=n, axis=axis, norm=norm)
                close(got, want, dtype=single(want))


@pytest.mark.parametrize("name", ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn",
                                  "irfftn"])
def test_multi_axis_transforms_match_numpy(name):
    x = X if name.startswith("rfft") else Z
    for norm in NORMS:
        for s, axes in [(None, (-2, -1)), ((3, 6), (0, 2)), ((2, 2), (1, 2)), (None, (2, 0)),
                        (None, None), ((4,), (1,)), ((2, 3, 4), None)]:
            if name.endswith("2") and (axes is None or len(axes) != 2):
                continue
            got = getattr(jnp.fft, name)(x, s=s, axes=axes, norm=norm)
            np_axes = tuple(range(-len(s), 0)) if axes is None and s is not None else axes
            want = getattr(np.fft, name)(x, s=s, axes=np_axes, norm=norm)
            close(got, want, dtype=single(want))


def test_fftn_all_axes_of_4d_input():
    x = RNG.standard_normal((2, 3, 2, 4))
    close(jnp.fft.fftn(x.astype(np.float32)), np.fft.fftn(x), tol=1e-4)
    close(jnp.fft.irfftn(jnp.fft.rfftn(x.astype(np.float32)), s=x.shape), x, tol=1e-5)


def test_frequencies_and_shifts_match_numpy():
    for n in (1, 4, 5):
        for d in (1.0, 0.3):
            close(jnp.fft.fftfreq(n, d), np.fft.fftfreq(n, d).astype(np.float32), dtype="float32")
            close(jnp.fft.rfftfreq(n, d), np.fft.rfftfreq(n, d).astype(np.float32),
                  dtype="float32")
    assert jnp.fft.fftfreq(4, dtype=jnp.float16).dtype == np.float16
    np.testing.assert_array_equal(jnp.fft.fftfreq(5.0), np.fft.fftfreq(5).astype(np.float32))
    for axes in (None, 0, (1, 2), -1):
        np.testing.assert_array_equal(jnp.fft.fftshift(X, axes), np.fft.fftshift(X, axes))
        np.testing.assert_array_equal(jnp.fft.ifftshift(X, axes), np.fft.ifftshift(X, axes))
    assert jnp.fft.fftshift(jnp.arange(5)).dtype == np.int32


# ---------------------------------------------------------------------------------------------
# dtypes and weak types (JAX 0.10.2)


def test_result_dtypes_default():
    assert jnp.fft.fft(X).dtype == np.complex64
    assert jnp.fft.fft(jnp.arange(4)).dtype == np.complex64
    assert jnp.fft.fft(jnp.ones(4, bool)).dtype == np.complex64
    assert jnp.fft.rfft(jnp.arange(4)).dtype == np.complex64
    assert jnp.fft.irfft(jnp.arange(3)).dtype == np.float32
    assert jnp.fft.hfft(Z).dtype == np.float32
    assert jnp.fft.ihfft(X).dtype == np.complex64
    assert jnp.fft.fft(np.ones(3)).dtype == np.complex64  # float64 ndarray, x64 off
    assert jnp.fft.fft(jnp.ones(4, jnp.float16)).dtype == np.complex64
    # A weakly typed input gives a strong result.
    weak = jnp.asarray(3.0) * jnp.ones(1, dtype=None)
    assert not jnp.fft.fft(jnp.full((2,), 3.0)).weak_type
    assert not jnp.fft.fft(weak).weak_type
    assert not lax.fft(jnp.asarray(2.0), "fft", ()).weak_type
    assert not jnp.fft.fftfreq(5).weak_type


def test_result_dtypes_x64(x64):
    assert jnp.fft.fft(np.ones(4)).dtype == np.complex128
    assert jnp.fft.fft(jnp.ones(4, jnp.float32)).dtype == np.complex64
    assert jnp.fft.fft(jnp.arange(4)).dtype == np.complex128  # int64
    assert jnp.fft.fft(jnp.arange(4, dtype=jnp.int32)).dtype == np.complex64
    assert jnp.fft.irfft(np.ones(3, np.complex128)).dtype == np.float64
    assert jnp.fft.fftfreq(4).dtype == np.float64
    x = RNG.standard_normal((3, 8))
    close(jnp.fft.rfft(x), np.fft.rfft(x), tol=1e-13, dtype="complex128")
    close(jsf.dct(x), scipy.fft.dct(x), tol=1e-12, dtype="float64")


def test_lax_fft_types_and_strings():
    for typ in ("fft", "FFT", lax.FftType.FFT):
        close(lax.fft(Z, typ, (4, 5)), np.fft.fftn(Z, axes=(1, 2)))
    close(lax.fft(Z, "ifft", (3, 4, 5)), np.fft.ifftn(Z))
    close(lax.fft(X, "RFFT", (5,)), np.fft.rfft(X))
    close(lax.fft(Z[..., :3], "irfft", (4, 4)), np.fft.irfftn(Z[..., :3], s=(4, 4), axes=(1, 2)))
    assert lax.fft(X, "fft", ()).dtype == np.complex64
    assert [int(t) for t in lax.FftType] == [0, 1, 2, 3]
    jaxpr = str(numjax.make_jaxpr(lambda x: lax.fft(x, "rfft", (5,)))(X))
    assert "fft[fft_lengths=(5,) fft_type=2]" in jaxpr
    assert "c64[3,4,3]" in jaxpr


# ---------------------------------------------------------------------------------------------
# Gradients: recorded from JAX 0.10.2 and vs finite differences


def test_grads_recorded_from_jax():
    f = lambda x: jnp.sum(jnp.abs(jnp.fft.rfft(x)) ** 2 * jnp.arange(3.0))
    close(numjax.grad(f)(jnp.array([1.0, 2.0, 3.0, 4.0])), [-12.0, 4.0, -4.0, 12.0], 1e-5)
    g = lambda z: jnp.sum(jnp.fft.irfft(z) * jnp.arange(4.0))
    close(numjax.grad(g)(jnp.array([1 + 1j, 2 - 1j, 3 + 0.5j], jnp.complex64)),
          [1.5, -1 - 1j, -0.5], 1e-6)
    h = lambda z: jnp.sum(jnp.abs(jnp.fft.fft(z)) ** 2 * jnp.arange(3.0))
    close(numjax.grad(h)(jnp.array([1 + 1j, 2 - 1j, 3 + 0.5j], jnp.complex64)),
          [-6.4019237 - 5.767949j, 0.86602545 + 7.0358977j, 5.535898 - 1.2679486j], 1e-5)
    x = np.array([[0.5, -1.0, 2.0, 0.25], [1.5, 0.75, -0.5, 1.0], [-2.0, 0.5, 1.0, -1.5]],
                 np.float32)
    w = np.array([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0], [2.0, 1.0, 0.0]], np.float32)
    _, f_vjp = numjax.vjp(jnp.fft.rfft2, x)
    close(f_vjp((w + 1j * w[::-1]).astype(np.complex64))[0],
          [[8.0, 4.0, 3.0, -1.0],
           [-0.13397455, -0.09807622, 0.69615221, -3.19615245],
           [-1.86602604, 5.09807634, -9.69615269, 7.19615221]], 1e-5)
    z = (x[:, :3] + 1j * x[:, 1:]).astype(np.complex64)
    weights = np.arange(12, dtype=np.float32).reshape(3, 4) - 5
    grad = numjax.grad(lambda z: jnp.sum(jnp.fft.irfft2(z, s=(3, 4)) * weights))(z)
    close(grad, [[0.5, -1 - 1j, -0.5], [-2 - 1.1547005j, 0, 0], [-2 + 1.1547005j, 0, 0]], 1e-6)
    grad = numjax.grad(lambda z: jnp.sum(jnp.fft.irfft(z, n=5) * jnp.arange(5.0)))(z)
    close(grad, [[2, -1 - 1.376382j, -1 - 0.3249197j]] * 3, 1e-5)
    grad = numjax.grad(lambda z: jnp.abs(jnp.fft.ifftn(z, norm="ortho")).sum())(z)
    close(grad, [[0.68849093 - 0.04008824j, 0.06019639 - 1.6242025j, 0.73928577 + 0.55497265j],
                 [1.1655660 - 0.77418423j, 0.21111453 - 0.22153053j, 0.33754367 - 0.2456717j],
                 [-1.2295094 + 0.01293409j, -0.62577802 - 0.04722932j,
                  0.87291032 + 0.36698139j]], 1e-5)
    grad = numjax.grad(lambda x: jnp.sum(jnp.fft.hfft(x[0] + 1j * x[1], n=6)
                                         * jnp.arange(6.0)))(x)
    close(grad, [[15, -6, -6, -3], [0, -10.392305, -3.4641016, 0], [0, 0, 0, 0]], 1e-5)


def _real_out(fn):
    """A real-valued function of real inputs through `fn` (for finite differences)."""
    def f(x):
        y = fn(x)
        return jnp.concatenate([jnp.real(y).ravel(), jnp.imag(y).ravel()]) \
            if jnp.iscomplexobj(y) else y

    return f


@pytest.mark.parametrize("fn", [
    lambda x: jnp.fft.rfft(x, n=6, norm="ortho"),
    lambda x: jnp.fft.irfftn(x + 1j * x[::-1], s=(3, 5)),
    lambda x: jnp.fft.fft2(x, s=(2, 5)),
    lambda x: jnp.fft.hfft(x[0] + 0.5j * x[1], norm="forward"),
    lambda x: jnp.fft.ihfft(x, n=5),
    lambda x: jsf.dct(x, norm="ortho"),
    lambda x: jsf.idctn(x),
    lambda x: jss.convolve(x, x[:2, :2] * 2.0, mode="same"),
    lambda x: jss.fftconvolve(x, x[::-1], mode="valid"),
    lambda x: jss.welch(x, nperseg=3)[1],
    lambda x: jss.stft(x[0], nperseg=2)[2],
    lambda x: jss.detrend(x, bp=[2]),
], ids=["rfft", "irfftn", "fft2", "hfft", "ihfft", "dct", "idctn", "convolve", "fftconvolve",
        "welch", "stft", "detrend"])
def test_grads_vs_finite_differences(x64, fn):
    x = RNG.standard_normal((3, 4))
    tu.check_grads(_real_out(fn), [x], order=1, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------------------------
# vmap vs a Python loop, jit vs eager


@pytest.mark.parametrize("fn", [
    lambda x: jnp.fft.fft2(x, norm="ortho"),
    lambda x: jnp.fft.irfft(jnp.fft.rfft(x), n=x.shape[-1]),
    lambda x: jsf.dctn(x),
    lambda x: jsf.idct(x, axis=0),
    lambda x: jss.convolve2d(x, x[:2, :3], mode="valid"),
    lambda x: jss.correlate(x, x[1:, :2]),
    lambda x: jss.welch(x, nperseg=4)[1],
    lambda x: jss.istft(jss.stft(x[0], nperseg=4)[2], nperseg=4)[1],
], ids=["fft2", "rfft", "dctn", "idct", "convolve2d", "correlate", "welch", "istft"])
def test_vmap_and_jit(fn):
    xs = RNG.standard_normal((3, 4, 6)).astype(np.float32)
    tu.check_vmap(fn, [xs], (0,), rtol=1e-5, atol=1e-5)
    tu.check_vmap(fn, [np.moveaxis(xs, 0, 2)], (2,), rtol=1e-5, atol=1e-5)
    tu.check_jit(fn, [xs[0]], rtol=1e-6, atol=1e-6)


def test_jit_source_calls_numpy_fft():
    src = numjax.jit(lambda x: jnp.fft.rfft(x)).lower(X).as_text()
    assert "np.fft.rfftn(" in src


# ---------------------------------------------------------------------------------------------
# scipy.fft and scipy.signal values


def test_dct_matches_scipy():
    x = RNG.standard_normal((3, 4, 5))
    for norm in (None, "backward", "ortho"):
        for n in (None, 1, 3, 7):
            for axis in (-1, 0):
                for fn in ("dct", "idct"):
                    got = getattr(jsf, fn)(x.astype(np.float32), n=n, axis=axis, norm=norm)
                    close(got, getattr(scipy.fft, fn)(x, n=n, axis=axis, norm=norm), 1e-4,
                          dtype="float32")
        for s, axes in [(None, None), ((3,), None), ((2, 6), (0, 2)), (None, (1,))]:
            for fn in ("dctn", "idctn"):
                got = getattr(jsf, fn)(x.astype(np.float32), s=s, axes=axes, norm=norm)
                close(got, getattr(scipy.fft, fn)(x, s=s, axes=axes, norm=norm), 1e-4)
    z = (x + 1j * x[::-1]).astype(np.complex64)
    close(jsf.dct(z), scipy.fft.dct(z), 1e-4, dtype="complex64")
    assert jsf.dct(jnp.arange(6)).dtype == np.float32


@pytest.mark.parametrize("s1,s2", [((5,), (3,)), ((3,), (5,)), ((4,), (4,)), ((3, 4), (2, 2)),
                                   ((2, 2), (3, 4)), ((4, 5), (3, 3)), ((3, 4, 3), (2, 2, 2))])
def test_convolutions_match_scipy(s1, s2):
    a, b = RNG.standard_normal(s1), RNG.standard_normal(s2)
    for mode in ("full", "same", "valid"):
        for method in ("direct", "fft"):
            close(jss.convolve(a, b, mode, method), ss_call("convolve", a, b, mode, method), 1e-4)
            close(jss.correlate(a, b, mode, method), ss_call("correlate", a, b, mode, method),
                  1e-4)
        close(jss.fftconvolve(a, b, mode), scipy.signal.fftconvolve(a, b, mode), 1e-4)
        if len(s1) == 2:
            close(jss.convolve2d(a, b, mode), scipy.signal.convolve2d(a, b, mode), 1e-4)
            close(jss.correlate2d(a, b, mode), scipy.signal.correlate2d(a, b, mode), 1e-4)


def ss_call(name, a, b, mode, method):
    return getattr(scipy.signal, name)(a, b, mode, method)


def test_complex_and_batched_convolutions():
    a = (RNG.standard_normal(5) + 1j * RNG.standard_normal(5)).astype(np.complex64)
    b = (RNG.standard_normal(3) - 1j * RNG.standard_normal(3)).astype(np.complex64)
    for mode in ("full", "same", "valid"):
        close(jss.convolve(a, b, mode), scipy.signal.convolve(a, b, mode), 1e-4)
        close(jss.correlate(a, b, mode), scipy.signal.correlate(a, b, mode), 1e-4)
        close(jss.fftconvolve(a, b, mode), scipy.signal.fftconvolve(a, b, mode), 1e-4)
    A, B = RNG.standard_normal((3, 7)), RNG.standard_normal((3, 4))
    close(jss.fftconvolve(A, B, axes=1), scipy.signal.fftconvolve(A, B, axes=1), 1e-4)
    assert jss.convolve(jnp.arange(5), jnp.arange(3)).dtype == np.float32
    close(jss.convolve(np.float32(2), np.float32(3)), 6.0)


def test_direct_convolution_in_row_blocks(monkeypatch):
    """Large outputs are gathered in row blocks (bounded memory); the result is unchanged."""
    from numjax._src import scipy_signal

    monkeypatch.setattr(scipy_signal, "_PATCH_BUDGET", 7)
    a, b = RNG.standard_normal((5, 6)), RNG.standard_normal((2, 3))
    for mode in ("full", "same", "valid"):
        close(jss.convolve(a, b, mode), scipy.signal.convolve(a, b, mode), 1e-5)


def test_detrend_matches_scipy():
    x = RNG.standard_normal((4, 20))
    for kind in ("linear", "constant"):
        for bp in (0, [5, 12], [19]):
            close(jss.detrend(x, type=kind, bp=bp), scipy.signal.detrend(x, type=kind, bp=bp),
                  1e-4)
        close(jss.detrend(x, axis=0, type=kind), scipy.signal.detrend(x, axis=0, type=kind),
              1e-4)


@pytest.mark.parametrize("kw", [
    {"nperseg": 16}, {"nperseg": 16, "noverlap": 4, "nfft": 20},
    {"nperseg": 15, "scaling": "spectrum"}, {"nperseg": 16, "detrend": "linear"},
    {"nperseg": 16, "average": "median"}, {"nperseg": 16, "return_onesided": False},
    {"nperseg": 16, "window": "hamming"}, {"nperseg": 16, "window": ("tukey", 0.3)},
    {"nperseg": 16, "window": "blackman"}, {"nperseg": 16, "window": "bartlett"},
    {"nperseg": 17, "window": "triang"}, {"nperseg": 16, "window": ("kaiser", 3.0)},
    {"nperseg": 16, "window": ("gaussian", 2.0)}, {"nperseg": 16, "window": "boxcar"},
    {"nperseg": 16, "window": "cosine"}, {"nperseg": 16, "window": np.hanning(16)},
    {"nperseg": 16, "fs": 10.0},
], ids=lambda kw: ",".join(f"{k}={v if not isinstance(v, np.ndarray) else 'array'}"
                           for k, v in kw.items()))
def test_welch_and_csd_match_scipy(kw):
    x, y = RNG.standard_normal((2, 64)), RNG.standard_normal((2, 64))
    f, pxx = jss.welch(x, **kw)
    f_ref, pxx_ref = scipy.signal.welch(x, **kw)
    close(f, f_ref, 1e-5, dtype="float32")
    close(pxx, pxx_ref, 1e-4, dtype="float32")
    f, pxy = jss.csd(x, y, **kw)
    close(pxy, scipy.signal.csd(x, y, **kw)[1], 1e-4, dtype="complex64")


def test_welch_defaults_and_axis():
    x = RNG.standard_normal(64)
    f, p = jss.welch(x)  # JAX: nperseg defaults to the whole signal (SciPy's 256, capped)
    close(p, scipy.signal.welch(x, nperseg=64)[1], 1e-4)
    assert f.shape == (33,)
    x2 = RNG.standard_normal((64, 2))
    close(jss.welch(x2, nperseg=16, axis=0)[1], scipy.signal.welch(x2, nperseg=16, axis=0)[1],
          1e-4)
    f, p = jss.csd(x, None, nperseg=16)
    assert p.dtype == np.float32


@pytest.mark.parametrize("kw", [
    {"nperseg": 16}, {"nperseg": 16, "noverlap": 4},
    {"nperseg": 16, "boundary": None, "padded": False},
    {"nperseg": 16, "boundary": "even"}, {"nperseg": 16, "boundary": "odd"},
    {"nperseg": 16, "boundary": "constant"}, {"nperseg": 15, "nfft": 20},
    {"nperseg": 16, "return_onesided": False}, {"nperseg": 16, "detrend": "linear"},
], ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()))
def test_stft_istft_match_scipy(kw):
    x = RNG.standard_normal((2, 64))
    for got, want in zip(jss.stft(x, **kw), scipy.signal.stft(x, **kw), strict=True):
        close(got, want, 1e-4)
    zxx = scipy.signal.stft(x, **kw)[2]
    ikw = {k: v for k, v in kw.items() if k in ("nperseg", "noverlap", "nfft")}
    ikw["input_onesided"] = kw.get("return_onesided", True)
    ikw["boundary"] = kw.get("boundary", "zeros") is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's NOLA warning for boundary=None
        want = scipy.signal.istft(zxx, **ikw)
    got = jss.istft(zxx.astype(np.complex64), **ikw)
    close(got[0], want[0], 1e-5)
    close(got[1], want[1], 1e-4)


def test_stft_shapes_and_dtypes_as_jax():
    f, t, z = jss.stft(jnp.arange(64), nperseg=16)
    assert (f.dtype, t.dtype, z.dtype, z.shape) == (np.float32, np.float32, np.complex64, (9, 9))
    assert jss.stft(jnp.ones((2, 64)), nperseg=16)[2].shape == (2, 9, 9)
    t, x = jss.istft(jnp.ones((8, 9), jnp.complex64), input_onesided=False)
    assert (x.dtype, x.shape) == (np.complex64, (32,))
    with pytest.warns(UserWarning, match="switching to return_onesided=False"):
        f, p = jss.welch(jnp.arange(64.0) * 1j, nperseg=16)
    assert p.shape == (16,)


# ---------------------------------------------------------------------------------------------
# Errors (types and messages recorded from JAX 0.10.2)

_C4 = np.ones(4, np.complex64)
_F4 = np.ones(4, np.float32)
_A5, _B3 = np.arange(5.0), np.array([1.0, 2.0, 0.5])
_ERRORS = [
    (lambda: lax.fft(_C4, "rfft", (4,)), ValueError, "only real valued inputs supported for rfft"),
    (lambda: lax.fft(np.ones((2, 3), np.complex64), lax.FftType.IRFFT, (3, 4)), ValueError,
     ("IRFFT input shape (2, 3) minor dimensions must be equal to all except the last "
     "fft_length, got fft_lengths=(3, 4)")),
    (lambda: lax.fft(_C4, "fft", (5,)), ValueError,
     "FFT input shape (4,) minor dimensions must be equal to fft_lengths (5,)"),
    (lambda: lax.fft(_C4, "fft", (4, 4)), ValueError,
     "FFT input shape (4,) must have at least as many input dimensions as fft_lengths (4, 4)."),
    (lambda: lax.fft(_F4, "rfft", (5,)), ValueError,
     "RFFT input shape (4,) minor dimensions must be equal to fft_lengths (5,)"),
    (lambda: lax.fft(_F4, "foo", (4,)), ValueError, "Unknown FFT type 'foo'"),
    (lambda: lax.fft(_F4, 0, (4,)), TypeError, "Unknown FFT type value '0'"),
    (lambda: lax.fft(np.ones(4, np.float16), "rfft", (4,)), ValueError,
     "RFFT input must be float32 or float64, got float16"),
    (lambda: jnp.fft.fft([1.0, 2.0]), TypeError,
     "jax.numpy.fft.fft requires ndarray or scalar arguments, got <class 'list'> at position 0."),
    (lambda: jnp.fft.fft(jnp.ones(())), ValueError,
     "axis -1 is out of bounds for array of dimension 0"),
    (lambda: jnp.fft.fft(_F4, n=0), ValueError, "Shape should be positive."),
    (lambda: jnp.fft.fft(_F4, axis=3), ValueError,
     "axis 3 is out of bounds for array of dimension 1"),
    (lambda: jnp.fft.fft(_F4, norm="bad"), ValueError,
     'Invalid norm value bad; should be "backward","ortho" or "forward".'),
    (lambda: jnp.fft.fftn(np.ones((2, 2)), axes=(0, 0)), ValueError,
     "jax.numpy.fft.fftn does not support repeated axes. Got axes (0, 0)."),
    (lambda: jnp.fft.fftn(np.ones((2, 2)), s=(2,), axes=(0, 1)), ValueError,
     "Shape and axes have different lengths."),
    (lambda: jnp.fft.fft2(_F4), ValueError, "axis -2 is out of bounds for array of dimension 1"),
    (lambda: jnp.fft.fft2(np.ones((3, 4)), axes=(0,)), ValueError,
     "jax.numpy.fft.fft2 only supports 2 axes. Got axes = (0,)."),
    (lambda: jnp.fft.fft(np.ones((3, 4)), axis=(0, 1)), ValueError,
     ("jax.numpy.fft.fft does not support multiple axes. Please use jax.numpy.fft.fftn. "
     "Got axis = (0, 1).")),
    (lambda: jnp.fft.rfftn(_C4), ValueError, "only real valued inputs supported for rfft"),
    (lambda: jnp.fft.ihfft(_C4), ValueError, "only real valued inputs supported for rfft"),
    (lambda: jnp.fft.fftfreq([3]), ValueError,
     "The n argument of jax.numpy.fft.fftfreq only takes an int. Got n = [3]."),
    (lambda: jnp.fft.fftfreq(3, d=[1.0]), ValueError,
     "The d argument of jax.numpy.fft.fftfreq only takes a single value. Got d = [1.0]."),
    (lambda: jnp.fft.rfftfreq([3]), ValueError,
     "The n argument of jax.numpy.fft.rfftfreq only takes an int. Got n = [3]."),
    (lambda: jnp.fft.fftshift([1, 2]), TypeError,
     "fftshift requires ndarray or scalar arguments, got <class 'list'> at position 0."),
    (lambda: jsf.dct(_A5, type=1), NotImplementedError, "Only DCT type 2 is implemented."),
    (lambda: jsf.dct(_A5, norm="forward"), ValueError,
     "jax.scipy.fft.dct: norm='forward' is not implemented"),
    (lambda: jsf.idct(_A5, norm="forward"), ValueError,
     "jax.scipy.fft.idct: norm='forward' is not implemented"),
    (lambda: jsf.dctn(np.ones((3, 4)), s=(5, 4, 3)), ValueError,
     "s must have at most x.ndim (2) elements, got 3"),
    (lambda: jsf.dct([1.0, 2.0]), TypeError,
     "dct requires ndarray or scalar arguments, got <class 'list'> at position 0."),
    (lambda: jss.convolve(_A5, _B3, mode="bad"), ValueError,
     "mode must be one of ['full', 'same', 'valid']"),
    (lambda: jss.convolve(_A5, _B3, method="bad"), ValueError,
     "Got method='bad'; expected 'auto', 'fft', or 'direct'."),
    (lambda: jss.convolve(_A5, np.ones((2, 2))), ValueError,
     "in1 and in2 must have the same number of dimensions"),
    (lambda: jss.convolve(np.ones((3, 2)), np.ones((2, 3)), mode="valid"), ValueError,
     "One input must be smaller than the other in every dimension."),
    (lambda: jss.convolve(np.ones(0), _B3), ValueError,
     "zero-size arrays not supported in convolutions, got shapes (0,) and (3,)."),
    (lambda: jss.convolve2d(_A5, _B3), ValueError,
     "convolve2d() only supports 2-dimensional inputs."),
    (lambda: jss.convolve2d(np.ones((3, 3)), np.ones((2, 2)), boundary="wrap"),
     NotImplementedError, "convolve2d() only supports boundary='fill', fillvalue=0"),
    (lambda: jss.correlate2d(np.ones((3, 3)), np.ones((2, 2)), fillvalue=1),
     NotImplementedError, "correlate2d() only supports boundary='fill', fillvalue=0"),
    (lambda: jss.fftconvolve(np.ones((2, 5)), np.ones((1, 3)), axes=1), ValueError,
     "mapped axes must have same shape; got in1.shape=(2, 5) in2.shape=(1, 3) axes=(1,)"),
    (lambda: jss.fftconvolve(np.ones((2, 5)), np.ones(3)), ValueError,
     "in1 and in2 should have the same dimensionality"),
    (lambda: jss.fftconvolve(_A5, _B3, mode="x"), ValueError,
     "mode must be one of ['same', 'full', 'valid']"),
    (lambda: jss.detrend(_A5, type="x"), ValueError, "Trend type must be 'linear' or 'constant'."),
    (lambda: jss.detrend(_A5, overwrite_data=True), NotImplementedError,
     "overwrite_data argument not implemented."),
    (lambda: jss.detrend(_A5, bp=7), ValueError,
     "Breakpoints must be non-negative and less than length of data along given axis."),
    (lambda: jss.welch(np.arange(64.0), nperseg=16, scaling="x"), ValueError,
     "Unknown scaling: x"),
    (lambda: jss.welch(np.arange(64.0), nperseg=16, average="x"), ValueError,
     'average must be "median" or "mean", got x'),
    (lambda: jss.welch(np.arange(64.0), nperseg=0), ValueError,
     "nperseg must be a positive integer"),
    (lambda: jss.welch(np.arange(64.0), nperseg=16, nfft=8), ValueError,
     "nfft must be greater than or equal to nperseg."),
    (lambda: jss.welch(np.arange(64.0), nperseg=16, noverlap=16), ValueError,
     "noverlap must be less than nperseg."),
    (lambda: jss.welch(np.arange(64.0), window=np.ones((4, 4))), ValueError,
     "window must be 1-D"),
    (lambda: jss.welch(np.arange(8.0), window=np.ones(16)), ValueError,
     "window is longer than input signal"),
    (lambda: jss.welch(np.arange(64.0), window=np.ones(16), nperseg=8), ValueError,
     "value specified for nperseg is different from length of window"),
    (lambda: jss.welch(np.arange(64.0), window="foo", nperseg=16), ValueError,
     "Invalid window name 'foo' in parameter window='foo'!"),
    (lambda: jss.csd(np.ones((2, 64)), np.ones((3, 64)), nperseg=16), ValueError,
     "x and y cannot be broadcast together."),
    (lambda: jss.stft(np.arange(64.0), nperseg=16, boundary="x"), ValueError,
     "Unknown boundary option 'x', must be one of: ['even', 'odd', 'constant', 'zeros', None]"),
    (lambda: jss.stft(np.arange(64.0), nperseg=16, detrend=True), ValueError,
     "Unsupported detrend type: True"),
    (lambda: jss.istft(np.ones((9, 9), np.complex64), time_axis=0, freq_axis=0), ValueError,
     "Must specify differing time and frequency axes!"),
    (lambda: jss.istft(np.ones((9, 9), np.complex64), nperseg=16, nfft=8), ValueError,
     "FFT length (8) must be longer than nperseg (16)."),
    (lambda: jss.istft(np.ones(9, np.complex64)), ValueError, "Input stft must be at least 2d!"),
    (lambda: jss.istft(np.ones((9, 9), np.complex64), noverlap=16), ValueError,
     "noverlap must be less than nperseg."),
]


@pytest.mark.parametrize("i", range(len(_ERRORS)))
def test_errors_as_jax(i):
    fn, exc, message = _ERRORS[i]
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == message


def test_irfft_innermost_length_is_checked():
    # JAX fails while lowering to XLA; numjax raises ValueError when staging.
    with pytest.raises(ValueError, match=r"innermost dimension must be"):
        lax.fft(np.ones(2, np.complex64), "irfft", (8,))


def test_public_names_match_jax():
    assert sorted(n for n in dir(jnp.fft) if not n.startswith("_")) == [
        "fft", "fft2", "fftfreq", "fftn", "fftshift", "hfft", "ifft", "ifft2", "ifftn",
        "ifftshift", "ihfft", "irfft", "irfft2", "irfftn", "rfft", "rfft2", "rfftfreq", "rfftn"]
    assert sorted(n for n in dir(jsf) if not n.startswith("_")) == [
        "dct", "dctn", "idct", "idctn"]
    assert sorted(n for n in dir(jss) if not n.startswith("_")) == [
        "convolve", "convolve2d", "correlate", "correlate2d", "csd", "detrend", "fftconvolve",
        "istft", "stft", "welch"]
    assert numjax.scipy.fft is jsf and numjax.scipy.signal is jss
