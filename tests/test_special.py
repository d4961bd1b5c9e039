"""Tests for numjax._src.special: SciPy as the reference on dense grids (float64 and float32),
mpmath-derived literals for spot values SciPy itself gets slightly wrong, edge values (JAX's
conventions), dtype preservation, and 0-d / n-d / broadcast shapes."""

import ml_dtypes
import numpy as np
import pytest

sc = pytest.importorskip("scipy.special")

from numjax._src import special as S

RNG = np.random.default_rng(20240611)
INF, NAN = np.inf, np.nan


def _tiny(lo=1e-300, hi=0.1, n=60):
    t = np.geomspace(lo, hi, n)
    return np.concatenate([t, -t])


# name -> (numjax fn, scipy fn, grid, rtol float64, atol float64)
UNARY = {
    "erf": (S.erf, sc.erf, np.concatenate([np.linspace(-8, 8, 1601), _tiny()]), 1e-15, 0),
    "erfc": (S.erfc, sc.erfc, np.concatenate([np.linspace(-27, 27, 2161), _tiny()]), 1e-13, 0),
    "erf_inv": (
        S.erf_inv,
        sc.erfinv,
        np.concatenate(
            [np.linspace(-1, 1, 2001)[1:-1], 1 - np.geomspace(1e-16, 0.4, 200), _tiny()]
        ),
        2e-15,
        0,
    ),
    "ndtri": (
        S.ndtri,
        sc.ndtri,
        np.concatenate(
            [
                np.geomspace(1e-300, 0.4, 300),
                np.linspace(0, 1, 1001)[1:-1],
                1 - np.geomspace(1e-16, 0.4, 100),
            ]
        ),
        2e-15,
        0,
    ),
    "log_ndtr": (
        S.log_ndtr,
        sc.log_ndtr,
        np.concatenate([-np.geomspace(1e-3, 1e6, 200), np.linspace(-40, 30, 701)]),
        1e-12,  # SciPy itself is off by ~2e-13 where the result is ~1e-265
        0,
    ),
    "lgamma": (
        S.lgamma,
        sc.gammaln,
        np.concatenate(
            [
                np.geomspace(1e-300, 1e300, 400),
                np.linspace(0.01, 30, 1500),
                1 + _tiny(1e-12, 0.1, 30),
                2 + _tiny(1e-12, 0.1, 30),
            ]
        ),
        1e-13,  # SciPy is off by ~1e-16 absolute next to the zeros at 1 and 2 (see SPOT)
        5e-16,
    ),
    "lgamma_neg": (S.lgamma, sc.gammaln, np.linspace(-40.0013, -0.0013, 1501), 1e-13, 1e-13),
    "digamma": (
        S.digamma,
        sc.digamma,
        np.concatenate(
            [
                np.geomspace(1e-300, 1e300, 400),
                np.linspace(0.01, 30, 1500),
                np.linspace(1.4, 1.5, 101),
            ]
        ),
        2e-15,
        0,
    ),
    "digamma_neg": (S.digamma, sc.digamma, np.linspace(-40.0013, -0.0013, 1501), 1e-13, 1e-13),
    "bessel_i0e": (
        S.bessel_i0e,
        sc.i0e,
        np.concatenate([np.linspace(-60, 60, 2401), np.geomspace(1e-300, 1e300, 200)]),
        3e-15,
        0,
    ),
    "bessel_i1e": (
        S.bessel_i1e,
        sc.i1e,
        np.concatenate([np.linspace(-60, 60, 2401), _tiny(1e-300, 1e300, 200)]),
        3e-15,
        0,
    ),
}


def _assert_close(got, ref, rtol, atol, arg=None):
    got, ref = np.asarray(got, np.float64), np.asarray(ref, np.float64)
    assert got.shape == ref.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    fin = np.isfinite(ref)
    np.testing.assert_array_equal(got[~fin], ref[~fin])
    err = np.abs(got[fin] - ref[fin])
    bad = err > atol + rtol * np.abs(ref[fin])
    if bad.any():
        i = np.argmax(err / (atol + rtol * np.abs(ref[fin])))
        where = "" if arg is None else f" at {np.asarray(arg)[fin][i]!r}"
        raise AssertionError(f"max error {err[i]:.3g} vs ref {ref[fin][i]!r}{where}")


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_float64_vs_scipy(name):
    fn, ref_fn, x, rtol, atol = UNARY[name]
    ref = ref_fn(x)
    normal = np.abs(ref) >= np.finfo(np.float64).tiny  # SciPy loses bits in the subnormal range
    got = fn(x)
    assert got.dtype == np.float64
    _assert_close(got[normal], ref[normal], rtol, atol, x[normal])


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_float32_vs_scipy(name):
    fn, ref_fn, x, _, atol = UNARY[name]
    with np.errstate(over="ignore"):
        x32 = x.astype(np.float32)
    x32 = x32[np.isfinite(x32) & (x32 != 0)]  # edge values are tested separately
    if name == "ndtri":
        x32 = x32[(x32 > 0) & (x32 < 1)]
    ref = ref_fn(x32.astype(np.float64))
    ok = np.abs(ref) >= np.finfo(np.float32).tiny
    got = fn(x32)
    assert got.dtype == np.float32
    with np.errstate(over="ignore"):
        ref32 = ref[ok].astype(np.float32)
    _assert_close(got[ok], ref32, 1.2e-7, 1e-6 if atol else 0, x32[ok])


def test_polygamma_vs_scipy():
    x = np.concatenate([np.geomspace(1e-20, 1e20, 200), np.linspace(-10.0013, 10, 801)])
    for n in (0, 1, 2, 3, 6):
        got = S.polygamma(np.full_like(x, n), x)
        rtol = 2e-15 if n else 1e-13
        pos = x > 0
        _assert_close(got[pos], sc.polygamma(n, x[pos]), rtol, 0, x[pos])
        _assert_close(got[~pos], sc.polygamma(n, x[~pos]), 2e-14, 1e-13, x[~pos])
    x32 = np.linspace(0.05, 20, 400, dtype=np.float32)
    got = S.polygamma(np.ones_like(x32), x32)
    assert got.dtype == np.float32
    _assert_close(got, sc.polygamma(1, x32.astype(np.float64)).astype(np.float32), 1.2e-7, 0)


def test_zeta_vs_scipy():
    s = RNG.uniform(1.01, 40, 2000)
    q = np.exp(RNG.uniform(-5, 8, 2000))
    _assert_close(S.zeta(s, q), sc.zeta(s, q), 3e-15, 0)
    s = RNG.integers(2, 12, 500).astype(float)
    q = RNG.uniform(-30, 0, 500)
    q = q[q != np.floor(q)]
    s = s[: q.size]
    _assert_close(S.zeta(s, q), sc.zeta(s, q), 2e-13, 1e-14)
    got = S.zeta(s.astype(np.float32)[:50], np.abs(q).astype(np.float32)[:50] + 0.5)
    assert got.dtype == np.float32


def _igamma_grid(n):
    a = np.exp(RNG.uniform(np.log(1e-3), np.log(1e4), n))
    x = a * np.exp(RNG.uniform(-2, 2, n))
    return np.concatenate([a, [0.5, 3.0, 20.0]]), np.concatenate([x, [1e-300, 1e-5, 300.0]])


def test_igamma_vs_scipy():
    a, x = _igamma_grid(3000)
    p, q = S.igamma(a, x), S.igammac(a, x)
    # SciPy itself is off by up to ~5e-13 (bulk) and ~1e-11 (tails); see SPOT for mpmath values.
    for got, ref in ((p, sc.gammainc(a, x)), (q, sc.gammaincc(a, x))):
        bulk = ref > 1e-12
        _assert_close(got[bulk], ref[bulk], 1e-12, 0)
        _assert_close(got[~bulk], ref[~bulk], 1e-10, 1e-300)
    np.testing.assert_allclose(p + q, 1.0, rtol=0, atol=1e-15)
    a32, x32 = a.astype(np.float32)[:500], x.astype(np.float32)[:500]
    got = S.igamma(a32, x32)
    assert got.dtype == np.float32
    ref = sc.gammainc(a32.astype(np.float64), x32.astype(np.float64)).astype(np.float32)
    _assert_close(got, ref, 1.2e-7, 1e-37)


def test_betainc_vs_scipy():
    n = 1500
    a = np.exp(RNG.uniform(np.log(1e-2), np.log(1e3), n))
    b = np.exp(RNG.uniform(np.log(1e-2), np.log(1e3), n))
    x = RNG.uniform(0, 1, n)
    got, ref = S.betainc(a, b, x), sc.betainc(a, b, x)
    bulk = ref > 1e-30  # SciPy's deep tail is off by up to ~1e-7 (relative)
    _assert_close(got[bulk], ref[bulk], 3e-12, 0)
    _assert_close(got[~bulk], ref[~bulk], 1e-6, 1e-300)
    np.testing.assert_allclose(got, 1 - S.betainc(b, a, 1 - x), rtol=0, atol=1e-13)


# Values computed with mpmath at 60 digits.
SPOT = [
    (S.erfc, (10.0,), 2.088487583762545e-45, 2e-16),
    (S.erfc, (26.0,), 5.663192408856143e-296, 1e-15),
    (S.erfc, (5.5,), 7.357847917974398e-15, 2e-16),
    (S.erf, (1e-10,), 1.1283791670955126e-10, 2e-16),
    (S.erf, (0.3,), 0.3286267594591274, 2e-16),
    (S.erf_inv, (1e-12,), 8.86226925452758e-13, 2e-16),
    (S.erf_inv, (0.999999,), 3.458910737275499, 2e-16),
    (S.erf_inv, (1 - 2.0**-50,), 5.686128441310391, 2e-16),
    (S.erf_inv, (-0.5,), -0.4769362762044699, 2e-16),
    (S.ndtri, (1e-300,), -37.0470962993612, 2e-16),
    (S.ndtri, (1e-20,), -9.262340089798407, 2e-16),
    (S.ndtri, (0.975,), 1.9599639845400538, 4e-16),
    (S.log_ndtr, (-1e4,), -50000010.12927891, 2e-16),
    (S.log_ndtr, (-20.0,), -203.91715537109727, 2e-16),
    (S.log_ndtr, (8.0,), -6.220960574271786e-16, 4e-16),
    (S.lgamma, (1.00000001,), -5.772156531688512e-09, 4e-16),
    (S.lgamma, (1.99999999,), -4.227843293043373e-09, 4e-16),
    (S.lgamma, (1e-200,), 460.51701859880916, 2e-16),
    (S.lgamma, (0.5,), 0.5723649429247001, 2e-16),
    (S.lgamma, (1e10,), 220258509288.81058, 2e-16),
    (S.lgamma, (-0.5,), 1.2655121234846454, 4e-16),
    (S.lgamma, (-100.25,), -363.4009232278215, 4e-16),
    (S.digamma, (1.4616321449683622,), -9.241265521729427e-17, 1e-15),
    (S.digamma, (1.5,), 0.03648997397857652, 4e-16),
    (S.digamma, (1e-8,), -100000000.57721564, 2e-16),
    (S.digamma, (-0.5,), 0.03648997397857652, 4e-16),
    (S.digamma, (1e8,), 18.420680738952367, 2e-16),
    (S.polygamma, (1.0, 0.5), 4.934802200544679, 4e-16),
    (S.polygamma, (1.0, -1.5), 9.379246644989124, 4e-16),
    (S.polygamma, (3.0, 2.0), 0.49393940226682914, 4e-16),
    (S.polygamma, (3.0, -0.5), 193.40909103400244, 4e-16),
    (S.zeta, (2.0, 1.0), 1.6449340668482264, 4e-16),
    (S.zeta, (3.0, 0.5), 8.41439832211716, 4e-16),
    (S.zeta, (4.5, 10.25), 9.804825266389306e-05, 4e-16),
    (S.zeta, (3.0, -2.5), 0.0541020258208637, 1e-14),
    (S.igamma, (0.5, 2.0), 0.9544997361036416, 4e-16),
    (S.igamma, (100.0, 90.0), 0.15822098918643016, 1e-14),
    (S.igamma, (1e-3, 1e-3), 0.9936876467088603, 4e-16),
    (S.igamma, (1e5, 1e5), 0.5004205221103651, 1e-14),
    (S.igamma, (383.9720890041004, 227.11338949718504), 1.773931447241369e-21, 5e-14),
    (S.igammac, (789.0509979078107, 1109.933023206118), 1.2942309989408299e-24, 5e-14),
    (S.igammac, (0.5, 30.0), 9.485737571073848e-15, 1e-14),
    (S.igammac, (100.0, 120.0), 0.027863739890520663, 1e-14),
    (S.igammac, (1e-3, 1e-3), 0.00631235329113971, 1e-14),
    (S.igammac, (1e5, 1e5), 0.4995794778896348, 1e-14),
    (S.betainc, (2.0, 3.0, 0.25), 0.26171875, 1e-15),
    (S.betainc, (0.5, 0.5, 0.1), 0.20483276469913345, 1e-15),
    (S.betainc, (50.0, 60.0, 0.4), 0.12470685834310036, 1e-14),
    (S.betainc, (1000.0, 1000.0, 0.51), 0.8144473405684886, 1e-14),
    (S.bessel_i0e, (1e-5,), 0.9999900000749996, 2e-16),
    (S.bessel_i0e, (15.0,), 0.10389953144882272, 1e-15),
    (S.bessel_i0e, (100.0,), 0.03994437929909668, 4e-16),
    (S.bessel_i0e, (1e6,), 0.00039894233026924577, 4e-16),
    (S.bessel_i1e, (1e-5,), 4.999950000312499e-06, 2e-16),
    (S.bessel_i1e, (15.0,), 0.10037417504516666, 1e-15),
    (S.bessel_i1e, (100.0,), 0.03974415302513025, 4e-16),
    (S.bessel_i1e, (1e6,), 0.0003989421307980308, 4e-16),
]


@pytest.mark.parametrize("fn,args,expected,rtol", SPOT, ids=lambda v: getattr(v, "__name__", None))
def test_spot_values_mpmath(fn, args, expected, rtol):
    got = fn(*[np.array(a) for a in args])
    assert got.shape == () and got.dtype == np.float64
    assert abs(float(got) - expected) <= rtol * abs(expected), (float(got), expected)


EDGES = [
    (S.erf, [[INF, -INF, NAN, -0.0]], [1, -1, NAN, -0.0]),
    (S.erfc, [[INF, -INF, NAN, 30.0]], [0, 2, NAN, 0]),
    (S.erf_inv, [[1, -1, 1.5, -1.5, 0, NAN]], [INF, -INF, NAN, NAN, 0, NAN]),
    (S.ndtri, [[0, 1, -0.1, 1.1, 0.5, NAN]], [-INF, INF, NAN, NAN, 0, NAN]),
    (S.log_ndtr, [[INF, -INF, NAN, 40.0]], [-0.0, -INF, NAN, -0.0]),  # -0.0 as JAX
    (S.lgamma, [[0, -0.0, -1, -2, INF, -INF, NAN, -1e30]], [INF] * 6 + [NAN, INF]),
    (S.digamma, [[0, -0.0, -1, -2, INF, -INF, NAN]], [NAN, NAN, NAN, NAN, INF, NAN, NAN]),
    (
        S.polygamma,
        [[1, 2, 1, 2, 1.5, -1, 1, 1], [0, 0, -3, -3, 1, 1, INF, NAN]],
        [INF, NAN, INF, NAN, NAN, NAN, 0, NAN],
    ),
    (
        S.zeta,
        [[1, 0.5, 2, 2, 1.5, 2, INF, INF, NAN], [1, 1, 0, -1, -1.5, INF, 2, 1, 1]],
        [INF, NAN, INF, INF, NAN, 0, 0, 1, NAN],
    ),
    (
        S.igamma,
        [[0, 1, -1, 1, 1, 0, 0, INF, NAN, 2], [1, 0, 1, -1, INF, 0, INF, 1, 1, -0.0]],
        [1, 0, NAN, NAN, 1, NAN, 1, 0, NAN, 0],
    ),
    (
        S.igammac,
        [[0, 1, -1, 1, 1, 0, 0, INF, NAN, 2], [1, 0, 1, -1, INF, 0, INF, 1, 1, -0.0]],
        [0, 1, NAN, NAN, 0, NAN, 0, 1, NAN, 1],
    ),
    (
        S.betainc,
        [
            [0, 1, -1, 1, 1, 0, 1, INF, 2, 1],
            [1, 0, 1, 1, 1, 0, 1, 1, INF, NAN],
            [0.5, 0.5, 0.5, -0.1, 1.1, 0.5, 0, 0.5, 0.5, 0.5],
        ],
        [1, 0, NAN, NAN, NAN, NAN, 0, 0, 1, NAN],
    ),
    (S.bessel_i0e, [[0, INF, -INF, NAN]], [1, 0, 0, NAN]),
    (S.bessel_i1e, [[0, -0.0, INF, -INF, NAN]], [0, -0.0, 0, -0.0, NAN]),
]


@pytest.mark.parametrize("fn,args,expected", EDGES, ids=lambda v: getattr(v, "__name__", None))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_edge_values(fn, args, expected, dtype):
    got = fn(*[np.array(a, dtype) for a in args])
    expected = np.array(expected, dtype)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(
        np.signbit(got[expected == 0]), np.signbit(expected[expected == 0])
    )


ALL = [
    (S.erf, 1),
    (S.erfc, 1),
    (S.erf_inv, 1),
    (S.ndtri, 1),
    (S.log_ndtr, 1),
    (S.lgamma, 1),
    (S.digamma, 1),
    (S.polygamma, 2),
    (S.zeta, 2),
    (S.igamma, 2),
    (S.igammac, 2),
    (S.betainc, 3),
    (S.bessel_i0e, 1),
    (S.bessel_i1e, 1),
]
ARGS = {1: [0.3], 2: [2.0, 0.7], 3: [2.0, 3.0, 0.4]}


@pytest.mark.parametrize("fn,nargs", ALL, ids=lambda v: getattr(v, "__name__", None))
@pytest.mark.parametrize("dtype", [np.float16, ml_dtypes.bfloat16, np.float32, np.float64])
def test_dtype_preserved_and_rounded_once(fn, nargs, dtype):
    args = [np.array(v, dtype) for v in ARGS[nargs]]
    got = fn(*args)
    assert isinstance(got, np.ndarray) and got.dtype == np.dtype(dtype) and got.shape == ()
    # Result equals the float64 result (on the same rounded inputs) rounded once to dtype.
    exact = fn(*[a.astype(np.float64) for a in args])
    assert got == exact.astype(dtype)


@pytest.mark.parametrize("fn,nargs", ALL, ids=lambda v: getattr(v, "__name__", None))
def test_shapes_and_broadcasting(fn, nargs):
    base = ARGS[nargs]
    x = np.array(base[-1]) * np.linspace(0.5, 1.0, 24).reshape(2, 3, 4)
    args = [np.array(v) for v in base[:-1]] + [x]
    got = fn(*args)
    assert got.shape == (2, 3, 4)
    flat = np.array([fn(*[np.array(v) for v in base[:-1]], np.array(xi)) for xi in x.ravel()])
    np.testing.assert_array_equal(got.ravel(), flat)
    assert fn(*[np.zeros((0, 3)) for _ in base]).shape == (0, 3)


def test_integer_input_promotes_to_float64_and_complex_rejected():
    assert S.lgamma(np.array([1, 2, 3])).dtype == np.float64
    with pytest.raises(TypeError):
        S.erf(np.array([1j]))


def test_inverse_roundtrips():
    x = np.linspace(-2.5, 2.5, 1001)
    np.testing.assert_allclose(S.erf_inv(S.erf(x)), x, rtol=1e-13, atol=1e-300)
    p = np.geomspace(1e-300, 0.5, 400)
    np.testing.assert_allclose(S.log_ndtr(S.ndtri(p)), np.log(p), rtol=1e-14)
    y = np.linspace(-0.999, 0.999, 999, dtype=np.float32)
    np.testing.assert_allclose(S.erf(S.erf_inv(y)), y, rtol=0, atol=2e-7)
