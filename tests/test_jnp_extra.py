"""jnp manipulation/math extras, jnp.linalg.norm, numjax.nn and numjax.scipy.special vs NumPy
and SciPy, eagerly and under jit, with samples under grad and vmap, and hypothesis checks of
binary-ufunc broadcasting."""

import numpy as np
import pytest
import scipy.special as sps
from hypothesis import given, settings
from hypothesis import strategies as st

import numjax as jax
import numjax.numpy as jnp
import numjax.random
import numjax.scipy.special as jsp
from numjax import nn

rng = np.random.RandomState(0)
A = rng.randn(3, 4).astype(np.float32)
B = rng.randn(4, 5).astype(np.float32)
SQ = rng.randn(4, 4).astype(np.float32)
V = rng.randn(6).astype(np.float32)
W = rng.randn(3).astype(np.float32)
I = np.arange(12).reshape(3, 4)
ANAN = A.copy()
ANAN[0, 1] = ANAN[2, 3] = np.nan

# NumPy 1.x names the trapezoidal rule np.trapz (np.trapezoid is NumPy >= 2.0).
_np_trapezoid = np.trapezoid if hasattr(np, "trapezoid") else np.trapz


def _check(jfn, nfn, *args, rtol=1e-5, atol=1e-5, jit=True):
    expected = nfn(*args)
    for f in ([jfn, jax.jit(jfn)] if jit else [jfn]):
        got = f(*[jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args])
        if isinstance(expected, (tuple, list)):
            assert len(got) == len(expected)
            for g, e in zip(got, expected):
                np.testing.assert_allclose(np.asarray(g), np.asarray(e), rtol=rtol, atol=atol)
        else:
            np.testing.assert_allclose(np.asarray(got), np.asarray(expected), rtol=rtol,
                                       atol=atol)
            assert np.shape(got) == np.shape(expected)


def _np_fill_diagonal(x, val, wrap=False):
    y = x.copy()
    np.fill_diagonal(y, val, wrap=wrap)
    return y


CASES = [
    ("tile", lambda x: jnp.tile(x, (2, 1, 3)), lambda x: np.tile(x, (2, 1, 3)), (A,)),
    ("repeat", lambda x: jnp.repeat(x, 2, axis=1), lambda x: np.repeat(x, 2, axis=1), (A,)),
    ("repeat_seq", lambda x: jnp.repeat(x, [1, 0, 3], axis=0),
     lambda x: np.repeat(x, [1, 0, 3], axis=0), (A,)),
    ("repeat_flat", lambda x: jnp.repeat(x, 2), lambda x: np.repeat(x, 2), (A,)),
    ("repeat_total", lambda x: jnp.repeat(x, [1, 2, 1, 0, 1, 1], total_repeat_length=4),
     lambda x: np.repeat(x, [1, 2, 1, 0, 1, 1])[:4], (V,)),
    ("flip", lambda x: jnp.flip(x), np.flip, (A,)),
    ("flip1", lambda x: jnp.flip(x, 1), lambda x: np.flip(x, 1), (A,)),
    ("fliplr", jnp.fliplr, np.fliplr, (A,)),
    ("flipud", jnp.flipud, np.flipud, (A,)),
    ("rot90_1", jnp.rot90, np.rot90, (A,)),
    ("rot90_2", lambda x: jnp.rot90(x, 2), lambda x: np.rot90(x, 2), (A,)),
    ("rot90_3", lambda x: jnp.rot90(x, 3), lambda x: np.rot90(x, 3), (A,)),
    ("roll", lambda x: jnp.roll(x, 5), lambda x: np.roll(x, 5), (A,)),
    ("roll_axes", lambda x: jnp.roll(x, (1, -2), (0, 1)), lambda x: np.roll(x, (1, -2), (0, 1)),
     (A,)),
    ("rollaxis", lambda x: jnp.rollaxis(x, 1), lambda x: np.rollaxis(x, 1), (A,)),
    ("split", lambda x: jnp.split(x, 2, axis=1), lambda x: np.split(x, 2, axis=1), (A,)),
    ("split_idx", lambda x: jnp.split(x, [1, 3]), lambda x: np.split(x, [1, 3]), (V,)),
    ("array_split", lambda x: jnp.array_split(x, 4), lambda x: np.array_split(x, 4), (V,)),
    ("hsplit", lambda x: jnp.hsplit(x, 2), lambda x: np.hsplit(x, 2), (A,)),
    ("vsplit", lambda x: jnp.vsplit(x, 3), lambda x: np.vsplit(x, 3), (A,)),
    ("dsplit", lambda x: jnp.dsplit(x.reshape(1, 3, 4), 2),
     lambda x: np.dsplit(x.reshape(1, 3, 4), 2), (A,)),
    ("unstack", lambda x: jnp.unstack(x, axis=1), lambda x: tuple(np.moveaxis(x, 1, 0)), (A,)),
    ("diff", jnp.diff, np.diff, (A,)),
    ("diff2", lambda x: jnp.diff(x, 2, axis=0), lambda x: np.diff(x, 2, axis=0), (A,)),
    ("diff_pp", lambda x: jnp.diff(x, prepend=0.5, append=2.0),
     lambda x: np.diff(x, prepend=0.5, append=2.0), (V,)),
    ("diff_bool", lambda x: jnp.diff(x > 0), lambda x: np.diff(x > 0), (V,)),
    ("ediff1d", lambda x: jnp.ediff1d(x, to_end=[9.0], to_begin=-1.0),
     lambda x: np.ediff1d(x, to_end=[9.0], to_begin=-1.0), (A,)),
    ("tril", jnp.tril, np.tril, (A,)),
    ("tril_k", lambda x: jnp.tril(x, -1), lambda x: np.tril(x, -1), (A,)),
    ("triu_k", lambda x: jnp.triu(x, 1), lambda x: np.triu(x, 1), (A,)),
    ("diag_1d", lambda x: jnp.diag(x, -2), lambda x: np.diag(x, -2), (W,)),
    ("diag_1dp", lambda x: jnp.diag(x, 1), lambda x: np.diag(x, 1), (W,)),
    ("diag_2d", lambda x: jnp.diag(x, 1), lambda x: np.diag(x, 1), (A,)),
    ("diagonal", lambda x: jnp.diagonal(x, -1), lambda x: np.diagonal(x, -1), (A,)),
    ("diagonal3", lambda x: jnp.diagonal(x.reshape(3, 2, 2), 0, 1, 2),
     lambda x: np.diagonal(x.reshape(3, 2, 2), 0, 1, 2), (A,)),
    ("diagflat", lambda x: jnp.diagflat(x, 1), lambda x: np.diagflat(x, 1), (A[:2, :2],)),
    ("trace", lambda x: jnp.trace(x, 1), lambda x: np.trace(x, 1), (A,)),
    ("trace_method", lambda x: x.trace(), lambda x: x.trace(), (SQ,)),
    ("fill_diagonal", lambda x: jnp.fill_diagonal(x, 7.0, inplace=False),
     lambda x: _np_fill_diagonal(x, 7.0), (A,)),
    ("fill_diagonal_wrap", lambda x: jnp.fill_diagonal(x, jnp.array([1.0, 2.0]), wrap=True,
                                                       inplace=False),
     lambda x: _np_fill_diagonal(x, [1.0, 2.0], wrap=True),
     (np.zeros((7, 3), np.float32),)),
    ("block", lambda x, y: jnp.block([[x, x], [y, y]]), lambda x, y: np.block([[x, x], [y, y]]),
     (A, A[:1])),
    ("append", lambda x: jnp.append(x, x[:1], axis=0),
     lambda x: np.append(x, x[:1], axis=0), (A,)),
    ("append_flat", lambda x: jnp.append(x, 3.0), lambda x: np.append(x, 3.0), (A,)),
    ("insert", lambda x: jnp.insert(x, 1, 5.0, axis=1), lambda x: np.insert(x, 1, 5.0, axis=1),
     (A,)),
    ("insert_seq", lambda x: jnp.insert(x, [3, 0, 3], [7.0, 8.0, 9.0]),
     lambda x: np.insert(x, [3, 0, 3], [7.0, 8.0, 9.0]), (V,)),
    ("delete", lambda x: jnp.delete(x, [0, 2], axis=1), lambda x: np.delete(x, [0, 2], axis=1),
     (A,)),
    ("delete_slice", lambda x: jnp.delete(x, slice(1, None, 2)),
     lambda x: np.delete(x, slice(1, None, 2)), (V,)),
    ("resize", lambda x: jnp.resize(x, (5, 5)), lambda x: np.resize(x, (5, 5)), (A,)),
    ("select", lambda x: jnp.select([x < -0.5, x > 0.5], [x, 2 * x], 9.0),
     lambda x: np.select([x < -0.5, x > 0.5], [x, 2 * x], 9.0), (A,)),
    ("piecewise", lambda x: jnp.piecewise(x, [x < 0, x > 1], [lambda v: -v, 3.0, 1.0]),
     lambda x: np.piecewise(x, [x < 0, x > 1], [lambda v: -v, 3.0, 1.0]), (A,)),
    ("copy", jnp.copy, np.copy, (A,)),
    ("vander", lambda x: jnp.vander(x, 4), lambda x: np.vander(x, 4), (W,)),
    ("unravel", lambda i: jnp.unravel_index(i, (3, 4)), lambda i: np.unravel_index(i, (3, 4)),
     (np.array([0, 5, 11]),)),
    ("ravel_multi", lambda i, j: jnp.ravel_multi_index((i, j), (3, 4), mode="clip"),
     lambda i, j: np.ravel_multi_index((i, j), (3, 4), mode="clip"),
     (np.array([0, 2, 1]), np.array([3, 1, 0]))),
    # math_extra
    ("isclose", lambda x, y: jnp.isclose(x, y), np.isclose,
     (np.array([1.0, np.inf, np.nan, 1e-9, -np.inf]), np.array([1.0 + 1e-7, np.inf, np.nan, 0.0,
                                                                np.inf]))),
    ("isclose_nan", lambda x, y: jnp.isclose(x, y, equal_nan=True),
     lambda x, y: np.isclose(x, y, equal_nan=True),
     (np.array([np.nan, 1.0], np.float32), np.array([np.nan, 2.0], np.float32))),
    ("allclose", lambda x: jnp.allclose(x, x + 1e-7), lambda x: np.allclose(x, x + 1e-7), (A,)),
    ("array_equal", lambda x: jnp.array_equal(x, x), lambda x: np.array_equal(x, x), (A,)),
    ("array_equiv", lambda x: jnp.array_equiv(x, x[:1]), lambda x: np.array_equiv(x, x[:1]),
     (A,)),
    ("nansum", lambda x: jnp.nansum(x, axis=1), lambda x: np.nansum(x, axis=1), (ANAN,)),
    ("nanprod", jnp.nanprod, np.nanprod, (ANAN,)),
    ("nanmean", lambda x: jnp.nanmean(x, axis=0), lambda x: np.nanmean(x, axis=0), (ANAN,)),
    ("nanmax", lambda x: jnp.nanmax(x, axis=1), lambda x: np.nanmax(x, axis=1), (ANAN,)),
    ("nanmin", jnp.nanmin, np.nanmin, (ANAN,)),
    ("nanvar", lambda x: jnp.nanvar(x, axis=1, ddof=1), lambda x: np.nanvar(x, axis=1, ddof=1),
     (ANAN,)),
    ("nanstd", jnp.nanstd, np.nanstd, (ANAN,)),
    ("nanargmax", lambda x: jnp.nanargmax(x, axis=1), lambda x: np.nanargmax(x, axis=1),
     (ANAN,)),
    ("nanargmin", jnp.nanargmin, np.nanargmin, (ANAN,)),
    ("nan_to_num", jnp.nan_to_num, np.nan_to_num,
     (np.array([np.nan, np.inf, -np.inf, 1.0], np.float32),)),
    ("median", lambda x: jnp.median(x, axis=1), lambda x: np.median(x, axis=1), (A,)),
    ("median_all", jnp.median, np.median, (A,)),
    ("nanmedian", lambda x: jnp.nanmedian(x, axis=1), lambda x: np.nanmedian(x, axis=1),
     (ANAN,)),
    ("quantile", lambda x: jnp.quantile(x, jnp.array([0.0, 0.3, 1.0]), axis=0, keepdims=True),
     lambda x: np.quantile(x, [0.0, 0.3, 1.0], axis=0, keepdims=True), (A,)),
    ("quantile_methods", lambda x: [jnp.quantile(x, 0.4, method=m) for m in
                                    ("lower", "higher", "nearest", "midpoint")],
     lambda x: [np.quantile(x, 0.4, method=m) for m in
                ("lower", "higher", "nearest", "midpoint")], (V,)),
    ("percentile", lambda x: jnp.percentile(x, 75.0, axis=1),
     lambda x: np.percentile(x, 75.0, axis=1), (A,)),
    ("nanpercentile", lambda x: jnp.nanpercentile(x, 25.0),
     lambda x: np.nanpercentile(x, 25.0), (ANAN,)),
    ("average", lambda x, w: jnp.average(x, axis=1, weights=w, returned=True),
     lambda x, w: np.average(x, axis=1, weights=w, returned=True), (A, np.arange(1.0, 5.0))),
    ("average_plain", lambda x: jnp.average(x, axis=0), lambda x: np.average(x, axis=0), (A,)),
    ("cov", jnp.cov, np.cov, (A,)),
    ("cov_opts", lambda x, y: jnp.cov(x, y, rowvar=False, bias=True),
     lambda x, y: np.cov(x, y, rowvar=False, bias=True), (A, A + 1.0)),
    ("cov_w", lambda x: jnp.cov(x, fweights=jnp.array([1, 2, 1, 3]),
                                aweights=jnp.array([0.5, 1.0, 2.0, 1.0])),
     lambda x: np.cov(x, fweights=[1, 2, 1, 3], aweights=[0.5, 1.0, 2.0, 1.0]), (A,)),
    ("corrcoef", jnp.corrcoef, np.corrcoef, (A,)),
    ("cross3", jnp.cross, np.cross, (A[:, :3], B[:3, :3])),
    ("cross2", jnp.cross, np.cross, (A[:, :2], A[:, 2:])),
    ("interp", lambda x, xp, fp: jnp.interp(x, xp, fp),
     np.interp, (np.linspace(-1, 5, 13), np.array([0.0, 1.0, 2.5, 4.0]),
                 np.array([1.0, -1.0, 2.0, 0.5]))),
    ("interp_lr", lambda x, xp, fp: jnp.interp(x, xp, fp, left=-9.0, right=9.0),
     lambda x, xp, fp: np.interp(x, xp, fp, left=-9.0, right=9.0),
     (np.linspace(-1, 5, 13), np.array([0.0, 1.0, 2.5, 4.0]), np.array([1.0, -1.0, 2.0, 0.5]))),
    ("polyval", jnp.polyval, np.polyval, (W, A)),
    ("polyadd", jnp.polyadd, np.polyadd, (W, V)),
    ("polymul", jnp.polymul, np.polymul, (W, V)),
    ("polyder", lambda p: jnp.polyder(p, 2), lambda p: np.polyder(p, 2), (V,)),
    ("polyint", jnp.polyint, np.polyint, (V,)),
    ("trapezoid", lambda y: jnp.trapezoid(y, dx=0.5), lambda y: _np_trapezoid(y, dx=0.5), (A,)),
    ("trapezoid_x", lambda y, x: jnp.trapezoid(y, x), lambda y, x: _np_trapezoid(y, x),
     (A, np.array([0.0, 0.5, 2.0, 2.5]))),
    ("fmax", jnp.fmax, np.fmax, (np.array([1.0, np.nan, np.nan]), np.array([np.nan, 2.0, np.nan]))),
    ("fmin", jnp.fmin, np.fmin, (np.array([1.0, np.nan, 3.0]), np.array([np.nan, 2.0, 1.0]))),
    ("bincount", lambda x: jnp.bincount(x, length=7), lambda x: np.bincount(x, minlength=7),
     (np.array([0, 1, 1, 3, 5, 3, 3]),)),
    ("bincount_w", lambda x, w: jnp.bincount(x, w, length=6),
     lambda x, w: np.bincount(x, w, minlength=6), (np.array([0, 1, 1, 3, 5]), W[:1].repeat(5))),
    ("digitize", lambda x, b: jnp.digitize(x, b), np.digitize,
     (np.array([-1.0, 0.0, 0.5, 1.0, 3.0]), np.array([0.0, 1.0, 2.0]))),
    ("digitize_right_dec", lambda x, b: jnp.digitize(x, b, right=True),
     lambda x, b: np.digitize(x, b, right=True),
     (np.array([-1.0, 0.0, 0.5, 1.0, 3.0]), np.array([2.0, 1.0, 0.0]))),
    ("histogram", lambda x: jnp.histogram(x, 5), lambda x: np.histogram(x, 5), (A,)),
    ("histogram_range", lambda x: jnp.histogram(x, 4, range=(-1.0, 1.0), density=True),
     lambda x: np.histogram(x, 4, range=(-1.0, 1.0), density=True), (A,)),
    ("histogram_edges", lambda x: jnp.histogram(x, jnp.array([-2.0, 0.0, 0.5, 2.0]))[0],
     lambda x: np.histogram(x, [-2.0, 0.0, 0.5, 2.0])[0], (A,)),
    ("norm", jnp.linalg.norm, np.linalg.norm, (A,)),
    ("norm_ords", lambda x: [jnp.linalg.norm(x, o, axis=1) for o in (None, 1, 3, np.inf,
                                                                     -np.inf, 0)],
     lambda x: [np.linalg.norm(x, o, axis=1) for o in (None, 1, 3, np.inf, -np.inf, 0)], (A,)),
    ("norm_mat", lambda x: [jnp.linalg.norm(x, o) for o in ("fro", 1, -1, np.inf, -np.inf)],
     lambda x: [np.linalg.norm(x, o) for o in ("fro", 1, -1, np.inf, -np.inf)], (A,)),
    ("norm_keep", lambda x: jnp.linalg.norm(x, axis=(0, 1), keepdims=True),
     lambda x: np.linalg.norm(x, axis=(0, 1), keepdims=True), (A,)),
]

for _mode in ("full", "same", "valid"):
    CASES += [
        (f"convolve_{_mode}", lambda a, v, m=_mode: jnp.convolve(a, v, m),
         lambda a, v, m=_mode: np.convolve(a, v, m), (V, W)),
        (f"convolve_{_mode}_swap", lambda a, v, m=_mode: jnp.convolve(a, v, m),
         lambda a, v, m=_mode: np.convolve(a, v, m), (W[:2], V)),
        (f"correlate_{_mode}", lambda a, v, m=_mode: jnp.correlate(a, v, m),
         lambda a, v, m=_mode: np.correlate(a, v, m), (V, W[:2])),
        (f"correlate_{_mode}_swap", lambda a, v, m=_mode: jnp.correlate(a, v, m),
         lambda a, v, m=_mode: np.correlate(a, v, m), (W[:2], V)),
        (f"correlate_{_mode}_c", lambda a, v, m=_mode: jnp.correlate(a, v, m),
         lambda a, v, m=_mode: np.correlate(a, v, m), (V + 1j * V[::-1], W + 2j)),
    ]

for _mode in ("constant", "edge", "wrap", "reflect", "symmetric", "linear_ramp", "maximum",
              "minimum", "mean", "median"):
    CASES.append((f"pad_{_mode}", lambda x, m=_mode: jnp.pad(x, ((1, 2), (3, 0)), m),
                   lambda x, m=_mode: np.pad(x, ((1, 2), (3, 0)), m), (A,)))
    CASES.append((f"pad_{_mode}_big", lambda x, m=_mode: jnp.pad(x, (5, 7), m),
                  lambda x, m=_mode: np.pad(x, (5, 7), m), (W,)))
CASES += [
    ("pad_const_vals", lambda x: jnp.pad(x, 2, constant_values=((1, 2), (3, 4))),
     lambda x: np.pad(x, 2, constant_values=((1, 2), (3, 4))), (A,)),
    ("pad_ramp_vals", lambda x: jnp.pad(x, 3, "linear_ramp", end_values=(5, -5)),
     lambda x: np.pad(x, 3, "linear_ramp", end_values=(5, -5)), (A,)),
    ("pad_int_mean", lambda x: jnp.pad(x, 2, "mean"), lambda x: np.pad(x, 2, "mean"), (I,)),
    ("pad_stat_len", lambda x: jnp.pad(x, 2, "maximum", stat_length=2),
     lambda x: np.pad(x, 2, "maximum", stat_length=2), (A,)),
    ("pad_reflect_odd", lambda x: jnp.pad(x, 2, "reflect", reflect_type="odd"),
     lambda x: np.pad(x, 2, "reflect", reflect_type="odd"), (V,)),
]

EINSUM = [
    ("ij,jk->ik", (A, B)), ("ij,jk", (A, B)), ("ii->i", (SQ,)), ("ii", (SQ,)),
    ("ij->", (A,)), ("ij->ji", (A,)), ("i,i->", (V, V)), ("i,j->ij", (W, V)),
    ("...ij,...jk->...ik", (np.stack([A, A]), B)), ("bij,bjk->bik", (np.stack([A, A]),
                                                                     np.stack([B, B]))),
    ("ij,jk,kl->il", (A, B, B.T)), ("iij->j", (np.stack([SQ] * 4).transpose(1, 2, 0),)),
    ("i...->...", (A,)), ("ij,ij->i", (A, A)), ("ab,b->a", (A, B[:, 0])),
    ("ij,kj->ikj", (A, A)), ("ijk,ijk->", (np.stack([A, A]), np.stack([A, A]))),
]


@pytest.mark.parametrize("name,jfn,nfn,args", CASES, ids=[c[0] for c in CASES])
def test_vs_numpy(name, jfn, nfn, args):
    rtol = 2e-4 if name.startswith(("cov", "corrcoef", "histogram", "norm", "nanvar",
                                    "nanstd", "polyint", "correlate", "convolve")) else 1e-5
    _check(jfn, nfn, *args, rtol=rtol, atol=1e-4)


@pytest.mark.parametrize("subscripts,args", EINSUM, ids=[e[0] for e in EINSUM])
def test_einsum(subscripts, args):
    _check(lambda *a: jnp.einsum(subscripts, *a, optimize=True),
           lambda *a: np.einsum(subscripts, *a), *args, rtol=1e-4, atol=1e-4)


def test_index_helpers():
    for jf, nf in ((jnp.tril_indices, np.tril_indices), (jnp.triu_indices, np.triu_indices)):
        for g, e in zip(jf(4, 1, 5), nf(4, 1, 5)):
            np.testing.assert_array_equal(g, e)
    for g, e in zip(jnp.triu_indices_from(A, -1), np.triu_indices_from(A, -1)):
        np.testing.assert_array_equal(g, e)
    np.testing.assert_array_equal(jnp.indices((2, 3)), np.indices((2, 3)))
    for g, e in zip(jnp.indices((2, 3), sparse=True), np.indices((2, 3), sparse=True)):
        np.testing.assert_array_equal(g, e)
    for g, e in zip(jnp.ix_(jnp.array([0, 1]), jnp.array([2, 0, 1])),
                    np.ix_([0, 1], [2, 0, 1])):
        np.testing.assert_array_equal(g, e)
    for g, e in zip(jnp.diag_indices(3), np.diag_indices(3)):
        np.testing.assert_array_equal(g, e)
    np.testing.assert_array_equal(jnp.trim_zeros(jnp.array([0, 0, 1, 2, 0])), [1, 2])
    np.testing.assert_array_equal(jnp.trim_zeros(jnp.array([0, 1, 0]), "b"), [0, 1])
    np.testing.assert_array_equal(jnp.fromfunction(lambda i, j: i + 2 * j, (2, 3)),
                                  np.fromfunction(lambda i, j: i + 2 * j, (2, 3)))
    np.testing.assert_allclose(jnp.apply_along_axis(jnp.sum, 1, A), A.sum(1), rtol=1e-6)
    np.testing.assert_allclose(jnp.apply_over_axes(jnp.sum, A, [0, 1]),
                               np.apply_over_axes(np.sum, A, [0, 1]), rtol=1e-5)
    assert jnp.shape(A) == (3, 4) and jnp.ndim(A) == 2 and jnp.size(A) == 12
    assert jnp.isscalar(1.0) and not jnp.isscalar(jnp.ones(2))
    assert jnp.iscomplexobj(jnp.ones(2, jnp.complex64)) and jnp.isrealobj(A)
    np.testing.assert_array_equal(jnp.isreal(jnp.array([1 + 0j, 1j])), [True, False])
    np.testing.assert_allclose(jnp.hanning(5), np.hanning(5), rtol=1e-6)
    np.testing.assert_array_equal(A.repeat(2, axis=0), np.repeat(A, 2, axis=0))
    np.testing.assert_array_equal(jnp.asarray(A).diagonal(1), A.diagonal(1))


def test_matvec_vecmat():
    x = rng.randn(2, 3, 4).astype(np.float32)
    v = rng.randn(4).astype(np.float32)
    np.testing.assert_allclose(jnp.matvec(x, v), x @ v, rtol=1e-5)
    u = rng.randn(3).astype(np.float32)
    np.testing.assert_allclose(jnp.vecmat(u, x), u @ x, rtol=1e-5)


def test_concrete_argument_errors():
    with pytest.raises(TypeError):
        jax.jit(lambda x, r: jnp.repeat(x, r))(jnp.ones(3), jnp.array([1, 2, 3]))
    with pytest.raises(TypeError):
        jax.jit(lambda x: jnp.bincount(x))(jnp.array([1, 2]))
    with pytest.raises(NotImplementedError):
        jnp.fill_diagonal(jnp.ones((2, 2)), 1.0)


# --- grad and vmap samples -------------------------------------------------------------------

GRAD_FNS = [
    ("pad_reflect", lambda x: jnp.sum(jnp.pad(x, 2, "reflect") ** 2)),
    ("roll_diff", lambda x: jnp.sum(jnp.diff(jnp.roll(x, 1, 0), axis=1) ** 2)),
    ("tril_trace", lambda x: jnp.trace(jnp.tril(x) @ x.T)),
    ("einsum", lambda x: jnp.einsum("ij,kj->", x, x)),
    ("median", lambda x: jnp.median(x)),
    ("nanmean", lambda x: jnp.nanmean(x * x)),
    ("norm", lambda x: jnp.linalg.norm(x, 3, axis=1).sum()),
    ("logsumexp", lambda x: nn.logsumexp(x, axis=0).sum()),
    ("interp", lambda x: jnp.interp(x[0], jnp.arange(4.0), x[1]).sum()),
    ("convolve", lambda x: jnp.convolve(x[0], x[1]).sum()),
    ("tile_repeat", lambda x: (jnp.tile(x, 2) * jnp.repeat(x, 2, axis=1)).sum()),
    ("split_block", lambda x: jnp.block([jnp.split(x, 2, axis=1)[::-1]]).ravel()[1:].sum()),
]


def _num_grad(f, x, eps=1e-3):
    x = np.asarray(x, np.float64)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        d = np.zeros_like(x)
        d[idx] = eps
        g[idx] = (float(f(jnp.asarray(x + d, np.float32))) -
                  float(f(jnp.asarray(x - d, np.float32)))) / (2 * eps)
    return g


@pytest.mark.parametrize("name,f", GRAD_FNS, ids=[g[0] for g in GRAD_FNS])
def test_grad(name, f):
    x = jnp.asarray(A)
    g = jax.grad(f)(x)
    np.testing.assert_allclose(np.asarray(g), _num_grad(f, A), rtol=2e-2, atol=2e-2)
    np.testing.assert_allclose(np.asarray(jax.jit(jax.grad(f))(x)), np.asarray(g), rtol=1e-5,
                               atol=1e-5)


VMAP_FNS = [
    ("pad", lambda x: jnp.pad(x, (1, 2), "symmetric")),
    ("roll", lambda x: jnp.roll(x, 2)),
    ("diag", jnp.diag),
    ("diff", lambda x: jnp.diff(x, 2)),
    ("quantile", lambda x: jnp.quantile(x, 0.3)),
    ("convolve", lambda x: jnp.convolve(x, jnp.array([1.0, -2.0, 0.5]), "same")),
    ("einsum", lambda x: jnp.einsum("i,j->ij", x, x)),
    ("softmax", nn.softmax),
    ("one_hot", lambda x: nn.one_hot(jnp.argmax(x), 4)),
    ("histogram", lambda x: jnp.histogram(x, 3, range=(-2.0, 2.0))[0]),
    ("insert_delete", lambda x: jnp.delete(jnp.insert(x, 1, 7.0), [0, 3])),
]


@pytest.mark.parametrize("name,f", VMAP_FNS, ids=[v[0] for v in VMAP_FNS])
def test_vmap(name, f):
    xs = jnp.asarray(A)
    expected = np.stack([np.asarray(f(jnp.asarray(row))) for row in A])
    np.testing.assert_allclose(np.asarray(jax.vmap(f)(xs)), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(jax.jit(jax.vmap(f))(xs)), expected, rtol=1e-5,
                               atol=1e-6)


# --- numjax.nn and numjax.scipy.special ------------------------------------------------------

X = np.linspace(-4, 4, 17).astype(np.float32)
NN = [
    (nn.relu, lambda x: np.maximum(x, 0)),
    (nn.relu6, lambda x: np.clip(x, 0, 6)),
    (nn.sigmoid, sps.expit),
    (nn.softplus, lambda x: np.logaddexp(x, 0)),
    (nn.soft_sign, lambda x: x / (1 + np.abs(x))),
    (nn.silu, lambda x: x * sps.expit(x)),
    (nn.swish, lambda x: x * sps.expit(x)),
    (nn.log_sigmoid, lambda x: -np.logaddexp(-x, 0)),
    (nn.elu, lambda x: np.where(x > 0, x, np.expm1(x))),
    (nn.celu, lambda x: np.maximum(x, 0) + np.minimum(0, np.expm1(x))),
    (nn.selu, lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 *
                                                      np.expm1(x))),
    (nn.leaky_relu, lambda x: np.where(x >= 0, x, 0.01 * x)),
    (nn.hard_tanh, lambda x: np.clip(x, -1, 1)),
    (nn.hard_sigmoid, lambda x: np.clip(x + 3, 0, 6) / 6),
    (nn.hard_silu, lambda x: x * np.clip(x + 3, 0, 6) / 6),
    (lambda x: nn.gelu(x, approximate=False), lambda x: x * sps.ndtr(x)),
    (nn.gelu, lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    (nn.squareplus, lambda x: (x + np.sqrt(x * x + 4)) / 2),
    (nn.softmax, lambda x: sps.softmax(x)),
    (nn.log_softmax, lambda x: sps.log_softmax(x)),
    (nn.logsumexp, sps.logsumexp),
    (nn.standardize, lambda x: (x - x.mean()) / np.sqrt(x.var() + 1e-5)),
    (jsp.expit, sps.expit), (jsp.erf, sps.erf), (jsp.erfc, sps.erfc),
    (lambda x: jsp.erfinv(x / 5), lambda x: sps.erfinv(x / 5)),
    (lambda x: jsp.logit(jsp.expit(x)), lambda x: sps.logit(sps.expit(x))),
    (lambda x: jsp.gammaln(x + 5), lambda x: sps.gammaln(x + 5)),
    (lambda x: jsp.digamma(x + 5), lambda x: sps.digamma(x + 5)),
    (lambda x: jsp.betaln(x + 5, 2.5), lambda x: sps.betaln(x + 5, 2.5)),
    (lambda x: jsp.xlogy(x, jnp.abs(x) + 1), lambda x: sps.xlogy(x, np.abs(x) + 1)),
    (lambda x: jsp.xlog1py(x, jnp.abs(x)), lambda x: sps.xlog1py(x, np.abs(x))),
    (jsp.entr, sps.entr), (jsp.ndtr, sps.ndtr), (jsp.log_ndtr, sps.log_ndtr),
    (lambda x: jsp.ndtri(jsp.expit(x)), lambda x: sps.ndtri(sps.expit(x))),
    (jsp.logsumexp, sps.logsumexp), (jsp.softmax, sps.softmax),
]


@pytest.mark.parametrize("i", range(len(NN)))
def test_nn_and_special(i):
    jf, nf = NN[i]
    _check(jf, lambda x: nf(x.astype(np.float64)), X, rtol=2e-4, atol=1e-5)


def test_nn_options():
    x = jnp.asarray(A)
    mask = A > -0.5
    np.testing.assert_allclose(nn.softmax(x, axis=0), sps.softmax(A, axis=0), rtol=1e-5)
    sm = nn.softmax(x, where=mask)
    ref = np.where(mask, np.exp(A), 0)
    np.testing.assert_allclose(sm, ref / ref.sum(-1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(nn.log_softmax(x, axis=(0, 1)), sps.log_softmax(A, axis=(0, 1)),
                               rtol=1e-5)
    b = np.abs(A) + 0.1
    np.testing.assert_allclose(nn.logsumexp(x, axis=1, b=b, keepdims=True),
                               sps.logsumexp(A, axis=1, b=b, keepdims=True), rtol=1e-5)
    v, s = nn.logsumexp(x, axis=0, b=-np.ones(4), return_sign=True)
    ev, es = sps.logsumexp(A, axis=0, b=-np.ones(4), return_sign=True)
    np.testing.assert_allclose(v, ev, rtol=1e-5)
    np.testing.assert_array_equal(s, es)
    np.testing.assert_allclose(nn.logsumexp(x, where=mask), sps.logsumexp(A[mask]), rtol=1e-5)
    np.testing.assert_allclose(nn.logsumexp(jnp.array([-jnp.inf, -jnp.inf])), -np.inf)
    oh = nn.one_hot(jnp.array([0, 2, 5]), 4)
    np.testing.assert_array_equal(oh, np.eye(4)[[0, 2]].tolist() + [[0, 0, 0, 0]])
    assert oh.dtype == np.float32
    oh = nn.one_hot(jnp.array([[1, 0]]), 3, dtype=jnp.int32, axis=0)
    assert oh.shape == (3, 1, 2) and oh.dtype == np.int32
    np.testing.assert_allclose(nn.glu(x), A[:, :2] * sps.expit(A[:, 2:]), rtol=1e-6)
    g = jax.grad(lambda v: nn.relu(v).sum())(jnp.array([-1.0, 0.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 0.0, 1.0])
    g = jax.grad(lambda v: nn.logsumexp(v))(x)
    np.testing.assert_allclose(g, sps.softmax(A.ravel()).reshape(A.shape), rtol=1e-5)


def test_initializers():
    from numjax.nn import initializers as init

    key = jax.random.PRNGKey(0)
    assert np.all(np.asarray(init.zeros(key, (2, 3))) == 0)
    assert init.ones(key, (2,), jnp.int32).dtype == np.int32
    np.testing.assert_array_equal(init.constant(3.0)(key, (2,)), [3.0, 3.0])
    w = init.normal(0.5)(key, (400, 50))
    assert w.shape == (400, 50) and abs(float(jnp.std(w)) - 0.5) < 0.05
    w = init.uniform(2.0)(key, (1000,))
    assert 0 <= float(w.min()) and float(w.max()) <= 2.0
    for name, var in (("glorot_normal", 2 / 150), ("glorot_uniform", 2 / 150),
                      ("lecun_normal", 1 / 100), ("lecun_uniform", 1 / 100),
                      ("he_normal", 2 / 100), ("he_uniform", 2 / 100),
                      ("xavier_uniform", 2 / 150)):
        w = getattr(init, name)()(key, (100, 50))
        assert abs(float(jnp.var(w)) / var - 1) < 0.15, name
    q = init.orthogonal()(key, (6, 4))
    np.testing.assert_allclose(np.asarray(q).T @ np.asarray(q), np.eye(4), atol=1e-5)


# --- hypothesis: broadcasting of binary ufuncs ----------------------------------------------

BINARY = ["add", "subtract", "multiply", "maximum", "minimum", "arctan2", "hypot", "equal",
          "less", "logaddexp", "true_divide", "fmax", "copysign"]


@st.composite
def broadcastable_shapes(draw):
    ndim = draw(st.integers(0, 4))
    base = draw(st.lists(st.integers(1, 4), min_size=ndim, max_size=ndim))
    shapes = []
    for _ in range(2):
        nd = draw(st.integers(0, ndim))
        shape = [1 if draw(st.booleans()) else d for d in base[ndim - nd:]]
        shapes.append(tuple(shape))
    return shapes


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(BINARY), shapes=broadcastable_shapes(), seed=st.integers(0, 99))
def test_binary_ufunc_broadcasting(name, shapes, seed):
    r = np.random.RandomState(seed)
    x = np.asarray(r.randn(*shapes[0]), np.float32)
    y = np.asarray(r.randn(*shapes[1]) + 0.1, np.float32)
    expected = getattr(np, name)(x, y)
    got = getattr(jnp, name)(jnp.asarray(x), jnp.asarray(y))
    assert got.shape == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(shapes=broadcastable_shapes(), scalar=st.floats(-3, 3))
def test_binary_ufunc_broadcasting_under_jit_and_scalars(shapes, scalar):
    x = np.ones(shapes[0], np.float32) * 2
    y = np.arange(int(np.prod(shapes[1])), dtype=np.float32).reshape(shapes[1])
    f = jax.jit(lambda a, b: jnp.add(jnp.multiply(a, scalar), b))
    got = f(jnp.asarray(x), jnp.asarray(y))
    np.testing.assert_allclose(np.asarray(got), x * np.float32(scalar) + y, rtol=1e-5)
    assert got.dtype == np.float32
