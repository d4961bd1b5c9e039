"""The second half of jax.scipy.linalg and jax.scipy.special: Schur and Hessenberg
decompositions and what is built on them (sqrtm, funm, rsf2csf, solve_sylvester), the special
matrices, qr_multiply; and the special functions added with them.

Schur factors are not unique, so they are checked by their defining properties (T
quasi-triangular with standardized 2x2 blocks, Z unitary, Z T Z^H = A, eigenvalues as NumPy's);
everything else against SciPy, and behaviour (errors, dtypes, raised derivatives) as recorded
from JAX 0.10.2.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.special

import numjax
import numjax.numpy as jnp
import numjax.scipy.linalg as jsl


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


RNG = np.random.default_rng(7)


def _matching_eigenvalues(w1, w2, tol):
    w1, w2 = list(np.asarray(w1)), list(np.asarray(w2))
    for w in w1:
        k = int(np.argmin([abs(w - v) for v in w2]))
        assert abs(w - w2[k]) < tol * max(1, abs(w)), (w1, w2)
        w2.pop(k)


def _check_schur(a, t, z, complex_output, tol):
    a, t, z = np.asarray(a), np.asarray(t), np.asarray(z)
    n = a.shape[-1]
    np.testing.assert_allclose(z @ t @ z.conj().T, a, atol=tol * max(1, np.abs(a).max()))
    np.testing.assert_allclose(z.conj().T @ z, np.eye(n), atol=tol)
    if complex_output or np.iscomplexobj(a):
        assert np.all(np.tril(t, -1) == 0)
    else:
        assert np.all(np.tril(t, -2) == 0)
        sub = np.nonzero(np.diag(t, -1))[0]
        assert not np.any(np.diff(sub) == 1), "two adjacent 2x2 blocks overlap"
        for k in sub:  # a complex pair in standard form
            assert t[k, k] == t[k + 1, k + 1] and t[k, k + 1] * t[k + 1, k] < 0
    _matching_eigenvalues(np.diag(t) if np.all(np.tril(t, -1) == 0) else np.linalg.eigvals(t),
                          np.linalg.eigvals(a), 1e3 * tol)


_M5 = RNG.standard_normal((5, 5))
_SCHUR_CASES = {
    "random": RNG.standard_normal((6, 6)),
    "symmetric": _M5 + _M5.T,
    "cyclic_permutation": np.roll(np.eye(5), 1, axis=0),  # stalls unshifted QR
    "jordan": np.diag(np.full(4, 2.0)) + np.diag(np.ones(3), 1),
    "rotation": np.array([[0.0, -1.0], [1.0, 0.0]]),
    "zero": np.zeros((3, 3)),
    "one_by_one": np.array([[3.0]]),
    "complex": RNG.standard_normal((4, 4)) + 1j * RNG.standard_normal((4, 4)),
}


@pytest.mark.parametrize("output", ["real", "complex"])
@pytest.mark.parametrize("name", list(_SCHUR_CASES))
def test_schur_defining_properties(x64, name, output):
    a = _SCHUR_CASES[name]
    t, z = jsl.schur(jnp.asarray(a), output=output)
    _check_schur(a, t, z, output == "complex", 1e-12)
    want = np.complex128 if (output == "complex" or np.iscomplexobj(a)) else np.float64
    assert t.dtype == z.dtype == want


def test_schur_float32_vmap_jit_and_errors():
    a = RNG.standard_normal((3, 5, 5)).astype(np.float32)
    t, z = numjax.vmap(jsl.schur)(jnp.asarray(a))
    assert t.dtype == np.float32 and t.shape == (3, 5, 5)
    for i in range(3):
        _check_schur(a[i], t[i], z[i], False, 1e-5)
        tj, _ = numjax.jit(jsl.schur)(jnp.asarray(a[i]))
        np.testing.assert_allclose(tj, t[i], atol=1e-5)
    t, z = jsl.schur(jnp.asarray(a[0]), output="complex")
    assert t.dtype == np.complex64
    with pytest.raises(TypeError, match="schur does not accept dtype int32"):
        jsl.schur(jnp.ones((2, 2), jnp.int32))
    with pytest.raises(ValueError, match="Expected 'output' to be either"):
        jsl.schur(jnp.eye(2), output="x")
    with pytest.raises(NotImplementedError, match="Differentiation rule for 'schur'"):
        numjax.grad(lambda x: jsl.schur(x)[0].sum())(jnp.eye(3))
    with pytest.raises(NotImplementedError, match="Differentiation rule for 'hessenberg'"):
        numjax.grad(lambda x: jsl.hessenberg(x).sum())(jnp.eye(3))


def test_hessenberg_matches_scipy(x64):
    a = RNG.standard_normal((5, 5))
    h, q = jsl.hessenberg(jnp.asarray(a), calc_q=True)
    h_ref, q_ref = scipy.linalg.hessenberg(a, calc_q=True)
    np.testing.assert_allclose(h, h_ref, atol=1e-12)
    np.testing.assert_allclose(q, q_ref, atol=1e-12)
    c = a + 1j * RNG.standard_normal((5, 5))
    h, q = jsl.hessenberg(jnp.asarray(c), calc_q=True)
    assert np.all(np.tril(np.asarray(h), -2) == 0)
    np.testing.assert_allclose(np.asarray(q) @ np.asarray(h) @ np.asarray(q).conj().T, c,
                               atol=1e-12)
    batch = numjax.vmap(jsl.hessenberg)(jnp.asarray(np.stack([a, 2 * a])))
    np.testing.assert_allclose(batch[1], 2 * h_ref, atol=1e-12)


def test_sqrtm_funm_rsf2csf_vs_scipy(x64):
    a = RNG.standard_normal((5, 5))
    spd = a @ a.T + 5 * np.eye(5)
    np.testing.assert_allclose(jsl.sqrtm(jnp.asarray(spd)), scipy.linalg.sqrtm(spd), atol=1e-10)
    root = np.asarray(jsl.sqrtm(jnp.asarray(a)))
    np.testing.assert_allclose(root @ root, a, atol=1e-10)
    assert jsl.sqrtm(jnp.asarray(a, np.float32)).dtype == np.complex64
    np.testing.assert_allclose(jsl.funm(jnp.asarray(a), jnp.exp), scipy.linalg.expm(a),
                               atol=1e-9)
    np.testing.assert_allclose(jsl.funm(jnp.asarray(a), jnp.sin), scipy.linalg.funm(a, np.sin),
                               atol=1e-9)
    _, err = jsl.funm(jnp.asarray(a), jnp.exp, disp=False)
    assert err.dtype == np.float64 and 0 < float(err) < 1e-6
    t, z = scipy.linalg.schur(a)
    t2, z2 = jsl.rsf2csf(jnp.asarray(t), jnp.asarray(z))
    t_ref, z_ref = scipy.linalg.rsf2csf(t, z)
    np.testing.assert_allclose(t2, t_ref, atol=1e-12)
    np.testing.assert_allclose(z2, z_ref, atol=1e-12)
    with pytest.raises(NotImplementedError, match="Blocked version"):
        jsl.sqrtm(jnp.eye(2), blocksize=2)


def test_solve_sylvester_vs_scipy(x64):
    a, b = RNG.standard_normal((4, 4)), RNG.standard_normal((3, 3))
    c = RNG.standard_normal((4, 3))
    want = scipy.linalg.solve_sylvester(a, b, c)
    np.testing.assert_allclose(jsl.solve_sylvester(a, b, c), want, atol=1e-10)
    np.testing.assert_allclose(jsl.solve_sylvester(a, b, c, method="eigen"), want, atol=1e-8)
    ac = a + 1j * RNG.standard_normal((4, 4))
    np.testing.assert_allclose(jsl.solve_sylvester(ac, b, c + 1j),
                               scipy.linalg.solve_sylvester(ac, b, c + 1j), atol=1e-10)
    # An eigenvalue sum of zero (1 + -1): NaN, as JAX.
    x = jsl.solve_sylvester(jnp.array([[1., 2.], [0., 3.]]), jnp.array([[-1.]]),
                            jnp.array([[1.], [1.]]))
    assert np.all(np.isnan(x))
    batch = numjax.vmap(jsl.solve_sylvester)(jnp.stack([a, 2 * a]), jnp.stack([b, b]),
                                             jnp.stack([c, c]))
    np.testing.assert_allclose(batch[1], scipy.linalg.solve_sylvester(2 * a, b, c), atol=1e-10)


@pytest.mark.parametrize("pivoting", [False, True])
@pytest.mark.parametrize("conjugate", [False, True])
def test_qr_multiply_vs_scipy(x64, pivoting, conjugate):
    a = RNG.standard_normal((4, 3))
    for mode, c in (("right", RNG.standard_normal((2, 4))), ("left", RNG.standard_normal((3, 2))),
                    ("right", RNG.standard_normal(4))):
        got = jsl.qr_multiply(a, c, mode=mode, pivoting=pivoting, conjugate=conjugate)
        want = scipy.linalg.qr_multiply(a, c, mode=mode, pivoting=pivoting, conjugate=conjugate)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, atol=1e-12)
    with pytest.raises(ValueError, match="not compatible for Q @ c"):
        jsl.qr_multiply(a, RNG.standard_normal((4, 3)), mode="left")


def test_special_matrices_vs_scipy():
    for kind in (None, "lower", "upper"):
        ref_kind = kind or "symmetric"
        np.testing.assert_array_equal(jsl.pascal(6, kind), scipy.linalg.pascal(6, ref_kind))
        np.testing.assert_array_equal(jsl.invpascal(6, kind),
                                      scipy.linalg.invpascal(6, ref_kind))
    assert jsl.pascal(3).dtype == np.float32
    with pytest.raises(ValueError, match="Expected kind"):
        jsl.pascal(3, kind="x")
    np.testing.assert_allclose(jsl.invhilbert(5), scipy.linalg.invhilbert(5), rtol=1e-6)
    np.testing.assert_array_equal(jsl.hadamard(8), scipy.linalg.hadamard(8))
    assert jsl.hadamard(4).dtype == np.int32 and jsl.hadamard(2, jnp.float32).dtype == np.float32
    with pytest.raises(ValueError, match="positive power of 2"):
        jsl.hadamard(3)
    for full in (False, True):
        np.testing.assert_allclose(jsl.helmert(5, full), scipy.linalg.helmert(5, full),
                                   rtol=1e-6)
    for scale in (None, "sqrtn", "n"):
        d = jsl.dft(6, scale)
        assert d.dtype == np.complex64
        np.testing.assert_allclose(d, scipy.linalg.dft(6, scale), atol=1e-6)
    f = jsl.fiedler(jnp.array([1, 4, 12, 45]))
    assert f.dtype == np.int32
    np.testing.assert_array_equal(f, scipy.linalg.fiedler([1, 4, 12, 45]))
    with pytest.raises(TypeError, match="fiedler requires ndarray or scalar arguments"):
        jsl.fiedler([1.0, 2.0])
    for n in range(2, 8):
        a = np.arange(1.0, n + 1) + 0.5
        np.testing.assert_allclose(jsl.fiedler_companion(jnp.asarray(a)),
                                   scipy.linalg.fiedler_companion(a), rtol=1e-6)
    assert jsl.fiedler_companion(jnp.array([2.0])).shape == (0, 0)
    with pytest.raises(ValueError, match="nonzero length"):
        jsl.fiedler_companion(jnp.zeros(0))
    for mode in ("full", "same", "valid"):
        for m, n in ((3, 5), (5, 3), (4, 4), (1, 3)):
            a = np.arange(1.0, m + 1)
            np.testing.assert_array_equal(jsl.convolution_matrix(jnp.asarray(a), n, mode),
                                          scipy.linalg.convolution_matrix(a, n, mode))
    with pytest.raises(ValueError, match="n must be a positive integer"):
        jsl.convolution_matrix(jnp.ones(3), 0)


# ---------------------------------------------------------------------------------------------
# jax.scipy.special: the functions added with the Faddeeva kernel and the hypergeometrics

import numjax.scipy.special as jsp

_X = np.array([-12.5, -3.0, -1.0, -0.3, 1e-3, 0.4, 1.0, 2.5, 7.0, 30.0])
_POS = np.array([1e-3, 0.2, 0.9, 1.0, 1.7, 3.0, 8.0, 40.0, 120.0])


def test_special_values_vs_scipy(x64):
    tol = {"rtol": 1e-12, "atol": 0}
    np.testing.assert_allclose(jsp.dawsn(_X), scipy.special.dawsn(_X), **tol)
    np.testing.assert_allclose(jsp.expi(_X), scipy.special.expi(_X), **tol)
    np.testing.assert_allclose(jsp.exp1(_POS), scipy.special.exp1(_POS), **tol)
    for n in (0, 1, 2, 5, 12):
        np.testing.assert_allclose(jsp.expn(n, _POS), scipy.special.expn(n, _POS), **tol)
    si, ci = jsp.sici(_X)
    np.testing.assert_allclose(si, scipy.special.sici(_X)[0], **tol)
    np.testing.assert_allclose(ci, scipy.special.sici(np.abs(_X))[1], rtol=1e-11)
    s, c = jsp.fresnel(_X)
    np.testing.assert_allclose(s, scipy.special.fresnel(_X)[0], **tol)
    np.testing.assert_allclose(c, scipy.special.fresnel(_X)[1], **tol)
    h, a = np.meshgrid([-2.0, 0.0, 0.3, 1.5, 6.0], [-3.0, -0.5, 0.2, 1.0, 4.0, 50.0])
    np.testing.assert_allclose(jsp.owens_t(h, a), scipy.special.owens_t(h, a), rtol=1e-12,
                               atol=1e-300)
    z = (_X[:, None] + 1j * np.array([-2.0, -0.1, 0.0, 0.5, 9.0])).ravel()
    np.testing.assert_allclose(jsp.wofz(z), scipy.special.wofz(z), rtol=1e-12)
    zb = np.array([0.5, 1.0, 10.0, 45.0, 130.0, -3.5])
    np.testing.assert_allclose(jsp.bessel_jn(zb, v=6),
                               scipy.special.jv(np.arange(7)[:, None], zb), rtol=1e-12,
                               atol=1e-15)


def test_hypergeometric_values_vs_scipy(x64):
    rng = np.random.default_rng(3)
    a, b = rng.uniform(-3, 4, 60), rng.uniform(0.2, 5, 60)
    x = np.concatenate([rng.uniform(-90, 90, 30), rng.uniform(-20, 20, 30)])
    np.testing.assert_allclose(jsp.hyp1f1(a, b, x), scipy.special.hyp1f1(a, b, x), rtol=1e-10)
    a, b, c = rng.uniform(-3, 3, 80), rng.uniform(-3, 3, 80), rng.uniform(0.3, 5, 80)
    for lo, hi in ((-0.5, 0.5), (0.5, 0.99), (-1.0, -0.5), (-20.0, -1.0)):
        x = rng.uniform(lo, hi, 80)
        np.testing.assert_allclose(jsp.hyp2f1(a, b, c, x), scipy.special.hyp2f1(a, b, c, x),
                                   rtol=1e-10)
    # Integer c - a - b: the logarithmic case of the 1 - x transformation.
    c_int = a + b + rng.integers(-3, 4, 80)
    keep = c_int > 0.2
    x = rng.uniform(0.55, 0.99, keep.sum())
    np.testing.assert_allclose(jsp.hyp2f1(a[keep], b[keep], c_int[keep], x),
                               scipy.special.hyp2f1(a[keep], b[keep], c_int[keep], x),
                               rtol=1e-10)


def test_special_edge_values_as_jax():
    # Recorded from JAX 0.10.2 (float32), except where JAX gives an accidental nan and SciPy's
    # limit is returned instead (expi at 0 and +-inf).
    np.testing.assert_array_equal(jsp.exp1(jnp.array([-1.0, 0.0, np.inf, np.nan])),
                                  [np.nan, np.inf, 0.0, np.nan])
    np.testing.assert_array_equal(jsp.expi(jnp.array([0.0, np.inf, -np.inf])),
                                  [-np.inf, np.inf, 0.0])
    e = jsp.expn(jnp.array([0, 1, 2, 3]), jnp.array([0.0, 0.5, 1.0, -1.0]))
    np.testing.assert_allclose(e, [np.inf, 0.5597736, 0.1484955, np.nan], rtol=1e-6)
    assert np.isnan(jsp.expn(2.5, 1.0))
    np.testing.assert_allclose(jsp.hyp1f1(jnp.array([-1.5, 0.0, 1.0, 0.0]),
                                          jnp.array([2.0, 0.0, 1.0, 1.0]),
                                          jnp.array([-3.0, 1.0, 2.0, 120.0])),
                               [3.7548475, 1.0, 7.389056, 1.0], rtol=1e-6)
    np.testing.assert_allclose(jsp.hyp2f1(jnp.array([1.0, 1.0, 1.0, -2.0]), 2.0, 3.0,
                                          jnp.array([-0.5, 1.0, 2.0, 5.0])),
                               [0.756279, np.inf, np.inf, np.inf], rtol=1e-6)
    si, ci = jsp.sici(jnp.array([0.0, -1.0, np.inf]))
    np.testing.assert_allclose(si, [0.0, -0.94608307, np.pi / 2], rtol=1e-6)
    np.testing.assert_allclose(ci, [-np.inf, 0.33740395, 0.0], rtol=1e-6)
    s, _ = jsp.fresnel(jnp.array([np.inf, -np.inf]))
    np.testing.assert_array_equal(s, [0.5, -0.5])
    for fn, n in ((jsp.dawsn, 1), (jsp.expi, 1), (jsp.expn, 2), (jsp.hyp1f1, 3),
                  (jsp.hyp2f1, 4), (jsp.owens_t, 2)):
        with pytest.raises(ValueError, match="does not support complex-valued inputs"):
            fn(*[1 + 1j] * n)
    with pytest.raises(NotImplementedError, match="complex-valued inputs"):
        jsp.fresnel(1j)
    with pytest.raises(NotImplementedError, match="diff_n"):
        jsp.sph_harm_y(jnp.array([1]), jnp.array([0]), 0.1, 0.2, diff_n=1)


def test_special_dtypes():
    for fn, n in ((jsp.dawsn, 1), (jsp.exp1, 1), (jsp.expi, 1), (jsp.hyp1f1, 3),
                  (jsp.hyp2f1, 4), (jsp.owens_t, 2)):
        for arg in (0.5, 1, np.float32(0.5)):
            out = fn(*[arg] * n)
            assert out.dtype == np.float32 and not out.weak_type, fn
    assert jsp.dawsn(jnp.float16(0.5)).dtype == np.float16
    assert jsp.owens_t(jnp.float16(0.5), jnp.float16(0.5)).dtype == np.float32  # as JAX
    for arg in (1.0, 1, jnp.float16(1.0)):
        assert jsp.wofz(arg).dtype == np.complex64
    assert all(v.dtype == np.float32 for v in jsp.sici(1) + jsp.fresnel(1))
    assert jsp.bessel_jn(jnp.ones((2, 3)), v=4).shape == (5, 2, 3)
    assert jsp.sph_harm_y(jnp.array([2]), jnp.array([1]), 0.3, 0.5).dtype == np.complex64


def test_special_derivatives_as_jax(x64):
    # Numbers recorded from JAX 0.10.2 with x64 (jax.grad).
    g = numjax.grad(jsp.hyp1f1, argnums=(0, 1, 2))(1.0, 2.0, 0.5)
    np.testing.assert_allclose(g, [0.32324091, -0.16610121, 0.70255746], rtol=1e-7)
    g = numjax.grad(jsp.hyp2f1, argnums=(0, 1, 2, 3))(1.0, 2.0, 3.0, 0.5)
    np.testing.assert_allclose(g, [0.69440078, 0.37663461, -0.2619701, 1.81929022], rtol=1e-7)
    np.testing.assert_allclose(
        numjax.grad(numjax.grad(jsp.hyp1f1, argnums=2), argnums=2)(1.0, 2.0, 0.5), 0.48721271,
        rtol=1e-7)
    np.testing.assert_allclose(
        numjax.grad(numjax.grad(jsp.hyp2f1, argnums=3), argnums=3)(1.0, 2.0, 3.0, 0.5),
        5.08425867, rtol=1e-7)
    np.testing.assert_allclose(numjax.grad(jsp.owens_t, argnums=(0, 1))(0.5, 0.7),
                               [-0.04817333, 0.08866384], rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(numjax.grad(jsp.owens_t))(0.5, 0.7), -0.06838972,
                               rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(lambda z: jsp.bessel_jn(z, v=2)[1])(1.0), 0.3251471,
                               rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(jsp.dawsn)(1.0), -0.07615901, rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(numjax.grad(jsp.dawsn))(1.0), -0.92384099, rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(jsp.expn, argnums=1)(2, 1.0), -0.21938393, rtol=1e-6)
    assert float(numjax.grad(jsp.expn, argnums=0)(2.0, 1.0)) == 0.0  # no derivative in n
    np.testing.assert_allclose(numjax.grad(numjax.grad(lambda x: jsp.sici(x)[0]))(1.0),
                               -0.30116868, rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(lambda z: jsp.wofz(z).real)(1.0), -0.73575888,
                               rtol=1e-6)

    def sph(theta, phi):
        return jsp.sph_harm_y(jnp.array([2]), jnp.array([1]), theta, phi, n_max=2).real.sum()

    np.testing.assert_allclose(numjax.grad(sph)(jnp.array([0.3]), jnp.array([0.5])),
                               [-0.55955692], rtol=1e-6)
    np.testing.assert_allclose(numjax.grad(sph, argnums=1)(jnp.array([0.3]), jnp.array([0.5])),
                               [0.10456598], rtol=1e-6)


def _sph_harm_y_ref(n, m, theta, phi):
    """SciPy's sph_harm_y (SciPy >= 1.15), or the older sph_harm with its other argument order."""
    if hasattr(scipy.special, "sph_harm_y"):
        return scipy.special.sph_harm_y(n, m, theta, phi)
    return scipy.special.sph_harm(m, n, phi, theta)


def test_sph_harm_y_vs_scipy_and_transforms(x64):
    rng = np.random.default_rng(5)
    n = rng.integers(0, 7, 30)
    m = np.array([rng.integers(-k, k + 1) for k in n])
    theta, phi = rng.uniform(0, np.pi, 30), rng.uniform(0, 2 * np.pi, 30)
    np.testing.assert_allclose(jsp.sph_harm_y(n, m, theta, phi),
                               _sph_harm_y_ref(n, m, theta, phi), atol=1e-13)
    fn = numjax.jit(lambda t, p: jsp.sph_harm_y(jnp.asarray(n), jnp.asarray(m), t, p, n_max=6))
    np.testing.assert_allclose(fn(theta, phi), _sph_harm_y_ref(n, m, theta, phi),
                               atol=1e-13)


def test_hypergeometric_vmap_and_jit():
    a, b, x = jnp.array([0.5, 1.5, 2.0]), jnp.array([1.0, 2.5, 3.0]), jnp.array([-2.0, 0.3, 4.0])
    want = scipy.special.hyp1f1(np.asarray(a), np.asarray(b), np.asarray(x))
    np.testing.assert_allclose(numjax.vmap(jsp.hyp1f1)(a, b, x), want, rtol=2e-5)
    np.testing.assert_allclose(numjax.jit(jsp.hyp1f1)(a, b, x), want, rtol=2e-5)
    c, y = jnp.array([2.0, 3.5, 4.0]), jnp.array([-3.0, 0.3, 0.8])
    want = scipy.special.hyp2f1(*map(np.asarray, (a, b, c, y)))
    np.testing.assert_allclose(numjax.vmap(jsp.hyp2f1, in_axes=(0, 0, 0, 0))(a, b, c, y), want,
                               rtol=2e-5)
