"""numjax.scipy.{optimize, integrate, interpolate, ndimage, cluster, spatial, sparse} against
SciPy (values), JAX 0.10.2 (iteration counts, status codes, conventions where JAX differs
from SciPy: recorded below), NumPy closed forms and finite differences (gradients), and
eager runs or Python loops (jit, vmap)."""

import numpy as np
import pytest

scipy = pytest.importorskip("scipy")
import scipy.cluster.vq as scipy_vq
import scipy.integrate as scipy_integrate
import scipy.interpolate as scipy_interpolate
import scipy.ndimage as scipy_ndimage
import scipy.optimize as scipy_optimize
import scipy.sparse.linalg as scipy_sparse_linalg
from scipy.spatial.transform import Rotation as SR
from scipy.spatial.transform import Slerp as SSlerp

import numjax as jax
import numjax.numpy as jnp
import numjax.scipy.optimize
import numjax.scipy.spatial.transform
from numjax.scipy.cluster.vq import vq
from numjax.scipy.integrate import trapezoid
from numjax.scipy.interpolate import RegularGridInterpolator
from numjax.scipy.ndimage import map_coordinates
from numjax.scipy.optimize import minimize
from numjax.scipy.sparse.linalg import bicgstab, cg, gmres
from numjax.scipy.spatial.transform import Rotation, Slerp

RNG = np.random.default_rng(7)
LBFGS = "l-bfgs-experimental-do-not-rely-on-this"


@pytest.fixture
def x64():
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


def rosen(x):
    return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


# ---------------------------------------------------------------------------------------------
# optimize


def test_public_names_match_jax():
    import numjax.scipy as s

    assert [n for n in dir(s.optimize) if not n.startswith("_")] == ["OptimizeResults", "minimize"]
    assert s.optimize.OptimizeResults._fields == (
        "x",
        "success",
        "status",
        "fun",
        "jac",
        "hess_inv",
        "nfev",
        "njev",
        "nit",
    )
    assert callable(s.cluster.vq.vq) and callable(s.integrate.trapezoid)
    assert {"bicgstab", "cg", "gmres"} <= set(dir(s.sparse.linalg))
    assert hasattr(s.interpolate, "RegularGridInterpolator")
    assert hasattr(s.ndimage, "map_coordinates")


@pytest.mark.parametrize("method", ["BFGS", LBFGS])
def test_minimize_rosenbrock_x64_matches_scipy_and_jax_counts(x64, method):
    x0 = np.array([-1.2, 1.0, 0.5, 0.3])
    r = minimize(rosen, jnp.asarray(x0), method=method)
    ref = scipy_optimize.minimize(scipy_optimize.rosen, x0, method="BFGS")
    np.testing.assert_allclose(r.x, ref.x, atol=1e-5)
    np.testing.assert_allclose(r.fun, ref.fun, rtol=1e-9)
    np.testing.assert_allclose(
        r.jac, scipy_optimize.rosen_der(np.asarray(r.x)), rtol=1e-6, atol=1e-10
    )
    assert r.x.dtype == np.float64 and r.nit.dtype == np.int64
    # JAX 0.10.2: BFGS converges in 33 iterations / 43 evaluations, L-BFGS in 24 / 34.
    expected = {"BFGS": (33, 43), LBFGS: (24, 34)}[method]
    assert (int(r.status), bool(r.success), int(r.nit), int(r.nfev)) == (0, True, *expected)
    assert int(r.njev) == expected[1]
    if method == "BFGS":  # the inverse-Hessian estimate approaches the true inverse Hessian
        np.testing.assert_allclose(
            r.hess_inv, np.linalg.inv(scipy_optimize.rosen_hess(ref.x)), rtol=0.2, atol=0.05
        )
    else:
        assert r.hess_inv is None


@pytest.mark.parametrize(
    "method, expected",
    [
        # values recorded from JAX 0.10.2 (float32): both stop on a line-search failure
        ("BFGS", ([-0.7048668, 0.5241802, 0.27636728], 3.207996, 3, 4, 13)),
        (LBFGS, ([-0.4235159, 0.17886747, 0.02031114], 2.7143292, 5, 17, 31)),
    ],
)
def test_minimize_float32_follows_jax_iterations(method, expected):
    x, fun, status, nit, nfev = expected
    r = minimize(rosen, jnp.array([-1.2, 1.0, 0.5]), method=method)
    np.testing.assert_allclose(r.x, x, rtol=1e-4)
    np.testing.assert_allclose(r.fun, fun, rtol=1e-4)
    assert (int(r.status), int(r.nit), int(r.nfev), bool(r.success)) == (status, nit, nfev, False)
    assert r.x.dtype == r.fun.dtype == r.jac.dtype == np.float32
    assert r.status.dtype == np.int32 and r.success.dtype == np.bool_


def test_minimize_maxiter_status_and_args():
    r = minimize(rosen, jnp.array([-1.2, 1.0, 0.5]), method="BFGS", options={"maxiter": 2})
    assert (int(r.status), int(r.nit), bool(r.success)) == (1, 2, False)

    def quad(x, a, w):
        return jnp.sum(w * (x - a) ** 2) + jnp.sum(jnp.exp(x - a))

    a, w = np.array([1.0, -2.0, 0.5]), np.array([1.0, 3.0, 0.5])
    ref = scipy_optimize.minimize(
        lambda x: np.sum(w * (x - a) ** 2) + np.sum(np.exp(x - a)), np.zeros(3), method="BFGS"
    ).x
    # JAX 0.10.2: BFGS converges (9 iterations, 10 evaluations); float32 L-BFGS ends on a
    # line-search failure (status 5) after 8 iterations, next to the minimum.
    for method, status, nit, nfev in (("BFGS", 0, 9, 10), ("bfgs", 0, 9, 10), (LBFGS, 5, 8, 28)):
        r = minimize(quad, jnp.zeros(3), (jnp.asarray(a), jnp.asarray(w)), method=method)
        np.testing.assert_allclose(r.x, ref, atol=1e-4)
        assert (int(r.status), int(r.nit), int(r.nfev)) == (status, nit, nfev)
        assert bool(r.success) == (status == 0)


def test_minimize_under_jit_and_vmap():
    def quad(x, a):
        return jnp.sum(jnp.arange(1.0, 4.0) * (x - a) ** 2) + 0.1 * jnp.sum(x**4)

    def solve(a):
        return minimize(quad, jnp.zeros(3), (a,), method="BFGS").x

    a = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0], [0.2, -0.3, 2.0]], np.float32)
    eager = np.stack([np.asarray(solve(jnp.asarray(ai))) for ai in a])
    np.testing.assert_allclose(jax.vmap(solve)(jnp.asarray(a)), eager, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(jax.jit(solve)(jnp.asarray(a[0])), eager[0], rtol=1e-5, atol=1e-6)
    for ai, xi in zip(a, eager, strict=True):  # first-order optimality: 2 c (x - a) + 0.4 x^3
        np.testing.assert_allclose(2 * np.arange(1, 4) * (xi - ai) + 0.4 * xi**3, 0, atol=1e-3)
    lbfgs = jax.jit(lambda a: minimize(quad, jnp.zeros(3), (a,), method=LBFGS).x)
    np.testing.assert_allclose(lbfgs(jnp.asarray(a[1])), eager[1], atol=1e-4)


def test_minimize_errors_match_jax():
    with pytest.raises(ValueError, match="Method foo not recognized"):
        minimize(rosen, jnp.zeros(2), method="foo")
    with pytest.raises(
        TypeError, match="args argument to jax.scipy.optimize.minimize must be a tuple, got"
    ):
        minimize(rosen, jnp.zeros(2), [1.0], method="BFGS")
    with pytest.raises(
        TypeError, match="minimize_bfgs\\(\\) got an unexpected keyword argument 'bad'"
    ):
        minimize(rosen, jnp.zeros(2), method="BFGS", options={"bad": 1})
    with pytest.raises(TypeError):  # method is keyword-only and required, as in JAX
        minimize(rosen, jnp.zeros(2))


# ---------------------------------------------------------------------------------------------
# integrate


def test_trapezoid_matches_scipy_and_is_differentiable():
    y = RNG.normal(size=(3, 7)).astype(np.float32)
    x = np.sort(RNG.uniform(0, 5, size=7)).astype(np.float32)
    np.testing.assert_allclose(trapezoid(y), scipy_integrate.trapezoid(y), rtol=1e-5)
    np.testing.assert_allclose(trapezoid(y, x), scipy_integrate.trapezoid(y, x), rtol=1e-5)
    np.testing.assert_allclose(
        trapezoid(y, dx=0.3, axis=0), scipy_integrate.trapezoid(y, dx=0.3, axis=0), rtol=1e-5
    )
    assert trapezoid(jnp.array([1, 2, 3, 2, 3, 2, 1])).dtype == np.float32  # JAX docstring: 13.
    assert (
        float(trapezoid(jnp.array([1, 2, 3, 2, 3, 2, 1]), jnp.array([0, 2, 5, 7, 10, 15, 20])))
        == 43.0
    )
    # The rule is linear in y: its gradient holds the quadrature weights.
    weights = np.zeros(7)
    weights[1:] += np.diff(x) / 2
    weights[:-1] += np.diff(x) / 2
    np.testing.assert_allclose(
        jax.grad(lambda v: trapezoid(v, jnp.asarray(x)))(jnp.asarray(y[0])), weights, rtol=1e-5
    )
    gx = jax.grad(lambda xs: trapezoid(jnp.asarray(y[0]), xs))(jnp.asarray(x))
    eps = 1e-3
    fd = [
        (
            scipy_integrate.trapezoid(y[0], x + eps * e)
            - scipy_integrate.trapezoid(y[0], x - eps * e)
        )
        / (2 * eps)
        for e in np.eye(7)
    ]
    np.testing.assert_allclose(gx, fd, rtol=1e-3, atol=1e-3)
    np.testing.assert_allclose(jax.jit(trapezoid)(y, x), scipy_integrate.trapezoid(y, x), rtol=1e-5)


# ---------------------------------------------------------------------------------------------
# interpolate

GRID = (np.array([0.0, 0.5, 1.5, 3.0]), np.array([-1.0, 0.0, 2.0]))
VALUES = RNG.normal(size=(4, 3, 2))
QUERY = np.stack([RNG.uniform(-0.5, 3.5, 9), RNG.uniform(-1.5, 2.5, 9)], axis=-1)


@pytest.mark.parametrize("method", ["linear", "nearest"])
def test_regular_grid_interpolator_matches_scipy(method):
    ours = RegularGridInterpolator(GRID, VALUES.astype(np.float32), method=method)
    ref = scipy_interpolate.RegularGridInterpolator(GRID, VALUES, method=method, bounds_error=False)
    out = ours(QUERY.astype(np.float32))
    assert out.shape == (9, 2) and out.dtype == np.float32
    np.testing.assert_allclose(out, ref(QUERY), rtol=1e-5, atol=1e-6)
    inside = (QUERY[:, 0] >= 0) & (QUERY[:, 0] <= 3) & (QUERY[:, 1] >= -1) & (QUERY[:, 1] <= 2)
    assert np.isnan(np.asarray(out)[~inside]).all() and np.isfinite(np.asarray(out)[inside]).all()
    # tuple of coordinate arrays, the per-call method, fill_value, extrapolation
    np.testing.assert_allclose(ours((QUERY[:, 0], QUERY[:, 1])), out, rtol=1e-6)
    other = "nearest" if method == "linear" else "linear"
    ref_other = scipy_interpolate.RegularGridInterpolator(
        GRID, VALUES, method=other, bounds_error=False
    )
    np.testing.assert_allclose(ours(QUERY, method=other), ref_other(QUERY), rtol=1e-5, atol=1e-6)
    filled = RegularGridInterpolator(GRID, VALUES, method=method, fill_value=-7.0)(QUERY)
    np.testing.assert_array_equal(np.asarray(filled)[~inside], -7.0)
    extrap = RegularGridInterpolator(GRID, VALUES, method=method, fill_value=None)(QUERY)
    ref_extrap = scipy_interpolate.RegularGridInterpolator(
        GRID, VALUES, method=method, bounds_error=False, fill_value=None
    )
    np.testing.assert_allclose(extrap, ref_extrap(QUERY), rtol=1e-5, atol=1e-5)


def test_regular_grid_interpolator_transforms_and_errors():
    values = jnp.asarray(VALUES[..., 0].astype(np.float32))
    f = RegularGridInterpolator(GRID, values)
    q = jnp.asarray(np.array([[0.2, -0.4], [1.0, 1.5], [2.9, 0.3]], np.float32))
    np.testing.assert_allclose(jax.jit(lambda f, q: f(q))(f, q), f(q), rtol=1e-6)
    np.testing.assert_allclose(jax.vmap(f)(q)[:, 0], f(q), rtol=1e-6)
    # linear in the values: d sum f(q) / d values = the interpolation of each unit grid vector
    g = jax.grad(lambda v: RegularGridInterpolator(GRID, v)(q).sum())(values)
    basis = np.eye(12).reshape(12, 4, 3)
    expected = [
        scipy_interpolate.RegularGridInterpolator(GRID, e)(np.asarray(q)).sum() for e in basis
    ]
    np.testing.assert_allclose(g, np.reshape(expected, (4, 3)), rtol=1e-5, atol=1e-6)
    # inside a cell the interpolant is bilinear: compare d/dq with central differences
    ref = scipy_interpolate.RegularGridInterpolator(GRID, np.asarray(values, np.float64))
    gq = jax.grad(lambda q: f(q).sum())(q)
    eps = 1e-4
    qn = np.asarray(q, np.float64)
    fd = np.zeros_like(qn)
    for idx in np.ndindex(*qn.shape):
        e = np.zeros_like(qn)
        e[idx] = eps
        fd[idx] = (ref(qn + e).sum() - ref(qn - e).sum()) / (2 * eps)
    np.testing.assert_allclose(gq, fd, rtol=1e-3, atol=1e-4)
    with pytest.raises(ValueError, match="method 'cubic' is not defined"):
        RegularGridInterpolator(GRID, values, method="cubic")
    with pytest.raises(NotImplementedError, match="`bounds_error` takes no effect under JIT"):
        RegularGridInterpolator(GRID, values, bounds_error=True)
    with pytest.raises(ValueError, match="there are 3 point arrays, but values has 2 dimensions"):
        RegularGridInterpolator((*GRID, GRID[0]), values)
    with pytest.raises(ValueError, match="the requested sample points xi have dimension 3"):
        f(jnp.ones((2, 3)))


# ---------------------------------------------------------------------------------------------
# ndimage

# JAX's 'constant' and 'wrap' are SciPy's 'grid-constant' and 'grid-wrap'.
MODES = [
    ("constant", "grid-constant"),
    ("nearest", "nearest"),
    ("wrap", "grid-wrap"),
    ("mirror", "mirror"),
    ("reflect", "reflect"),
]


@pytest.mark.parametrize("order", [0, 1])
@pytest.mark.parametrize("mode, scipy_mode", MODES)
def test_map_coordinates_matches_scipy(order, mode, scipy_mode):
    x = RNG.normal(size=(4, 5)).astype(np.float32)
    # away from .5 ties, where rounding conventions differ
    c = [RNG.uniform(-4, 8, 11), RNG.uniform(-4, 9, 11)]
    c = [np.where(np.abs(ci % 1 - 0.5) < 0.02, ci + 0.1, ci).astype(np.float32) for ci in c]
    out = map_coordinates(x, c, order=order, mode=mode, cval=0.5)
    ref = scipy_ndimage.map_coordinates(x, c, order=order, mode=scipy_mode, cval=0.5)
    assert out.dtype == np.float32 and out.shape == (11,)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)


def test_map_coordinates_dtypes_transforms_and_errors():
    # JAX docstring example; integer input gives rounded integer output
    x = jnp.arange(12.0).reshape(3, 4)
    c = [jnp.array([0.5, 1.5]), jnp.array([1.5, 2.5])]
    np.testing.assert_allclose(map_coordinates(x, c, order=1), [3.5, 8.5])
    xi = (np.arange(12) * 3).reshape(3, 4).astype(np.int32)
    out = map_coordinates(xi, [jnp.array([0.5, 1.2]), jnp.array([1.5, 2.7])], order=1)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [11, 23])  # 10.5 and 23.1, rounded half away from zero
    img = jnp.asarray(RNG.normal(size=(3, 4, 5)))
    coords = [jnp.asarray(RNG.uniform(0.1, n - 1.1, (2, 3))) for n in (3, 4, 5)]
    np.testing.assert_allclose(
        jax.jit(map_coordinates, static_argnums=(2, 3))(img, coords, 1, "nearest"),
        map_coordinates(img, coords, 1, "nearest"),
        rtol=1e-6,
    )
    batched = jax.vmap(lambda im: map_coordinates(im, coords, order=1, mode="mirror"))(
        jnp.stack([img, 2 * img])
    )
    np.testing.assert_allclose(batched[1], 2 * map_coordinates(img, coords, 1, "mirror"), rtol=1e-5)
    # gradients: with respect to the input (linear) and to the coordinates (piecewise linear)
    img64 = np.asarray(img, np.float64)
    c64 = [np.asarray(ci, np.float64) for ci in coords]
    gc = jax.grad(lambda c0: map_coordinates(img, [c0, *coords[1:]], order=1).sum())(coords[0])
    eps = 1e-4
    fd = np.zeros(c64[0].shape)
    for idx in np.ndindex(*fd.shape):
        e = np.zeros_like(c64[0])
        e[idx] = eps
        fd[idx] = (
            scipy_ndimage.map_coordinates(img64, [c64[0] + e, *c64[1:]], order=1).sum()
            - scipy_ndimage.map_coordinates(img64, [c64[0] - e, *c64[1:]], order=1).sum()
        ) / (2 * eps)
    np.testing.assert_allclose(gc, fd, rtol=1e-3, atol=1e-4)
    gi = jax.grad(lambda im: map_coordinates(im, coords, order=1).sum())(img)
    expected = [
        scipy_ndimage.map_coordinates(e.reshape(3, 4, 5), c64, order=1).sum() for e in np.eye(60)
    ]
    np.testing.assert_allclose(gi, np.reshape(expected, (3, 4, 5)), rtol=1e-5, atol=1e-6)
    with pytest.raises(
        ValueError, match="coordinates must be a sequence of length input.ndim, but 1 != 2"
    ):
        map_coordinates(x, [jnp.zeros(2)], order=1)
    with pytest.raises(NotImplementedError, match="requires order<=1"):
        map_coordinates(x, c, order=3)
    with pytest.raises(NotImplementedError, match="does not yet support mode grid-wrap"):
        map_coordinates(x, c, order=1, mode="grid-wrap")


# ---------------------------------------------------------------------------------------------
# cluster


def test_vq_matches_scipy():
    obs = RNG.normal(size=(10, 3)).astype(np.float32)
    book = RNG.normal(size=(4, 3)).astype(np.float32)
    code, dist = vq(obs, book)
    ref_code, ref_dist = scipy_vq.vq(obs, book)
    np.testing.assert_array_equal(code, ref_code)
    np.testing.assert_allclose(dist, ref_dist, rtol=1e-5)
    assert code.dtype == np.int32 and dist.dtype == np.float32
    code1, dist1 = vq(obs[:, 0], book[:, 0])
    ref1 = scipy_vq.vq(obs[:, :1], book[:, :1])
    np.testing.assert_array_equal(code1, ref1[0])
    np.testing.assert_allclose(dist1, ref1[1], rtol=1e-5)
    jit_code, jit_dist = jax.jit(vq)(obs, book)
    np.testing.assert_array_equal(jit_code, ref_code)
    np.testing.assert_allclose(jit_dist, ref_dist, rtol=1e-5)
    with pytest.raises(ValueError, match="Observation and code_book should have the same rank"):
        vq(obs, book[0])
    with pytest.raises(ValueError, match="ndim different than 1 or 2 are not supported"):
        vq(obs[None], book[None])


# ---------------------------------------------------------------------------------------------
# spatial.transform

QUATS = RNG.normal(size=(6, 4))


def test_rotation_conversions_match_scipy():
    r, ref = Rotation.from_quat(QUATS.astype(np.float32)), SR.from_quat(QUATS)
    assert r.quat.dtype == np.float32 and len(r) == 6 and not r.single
    np.testing.assert_allclose(r.as_matrix(), ref.as_matrix(), atol=1e-5)
    np.testing.assert_allclose(r.as_quat(canonical=True), ref.as_quat(canonical=True), atol=1e-5)
    np.testing.assert_allclose(
        r.as_quat(scalar_first=True, canonical=True),
        ref.as_quat(canonical=True)[:, [3, 0, 1, 2]],
        atol=1e-5,
    )
    np.testing.assert_allclose(r.as_rotvec(), ref.as_rotvec(), atol=1e-5)
    np.testing.assert_allclose(r.as_rotvec(degrees=True), ref.as_rotvec(degrees=True), atol=1e-3)
    np.testing.assert_allclose(r.as_mrp(), ref.as_mrp(), atol=1e-5)
    np.testing.assert_allclose(r.magnitude(), ref.magnitude(), atol=1e-5)
    np.testing.assert_allclose(r.inv().as_matrix(), ref.inv().as_matrix(), atol=1e-5)
    for seq in ["xyz", "ZYX", "zxz", "XYX", "yzx", "YXY"]:
        np.testing.assert_allclose(r.as_euler(seq), ref.as_euler(seq), atol=1e-4, err_msg=seq)
    m = ref.as_matrix()
    np.testing.assert_allclose(
        Rotation.from_matrix(m).as_quat(canonical=True), ref.as_quat(canonical=True), atol=1e-7
    )
    rv, mrp = ref.as_rotvec(), ref.as_mrp()
    np.testing.assert_allclose(Rotation.from_rotvec(rv).as_matrix(), m, atol=1e-6)
    np.testing.assert_allclose(
        Rotation.from_rotvec(np.rad2deg(rv), degrees=True).as_matrix(), m, atol=1e-6
    )
    np.testing.assert_allclose(Rotation.from_mrp(mrp).as_matrix(), m, atol=1e-6)
    angles = RNG.uniform(-3, 3, size=(6, 3))
    for seq in ["xyz", "ZXY", "zyz", "XZX"]:
        np.testing.assert_allclose(
            Rotation.from_euler(seq, angles).as_matrix(),
            SR.from_euler(seq, angles).as_matrix(),
            atol=1e-6,
        )
    np.testing.assert_allclose(
        Rotation.from_euler("xz", [30, 70], degrees=True).as_matrix(),
        SR.from_euler("xz", [30, 70], degrees=True).as_matrix(),
        atol=1e-6,
    )
    single = Rotation.from_euler("z", 90, degrees=True)  # JAX docstring example
    assert single.single and single.quat.shape == (4,)
    np.testing.assert_allclose(single.as_rotvec(), [0, 0, np.pi / 2], atol=1e-6)
    # small angles use the series branch
    tiny = np.array([1e-5, -2e-5, 3e-6])
    np.testing.assert_allclose(Rotation.from_rotvec(tiny).as_rotvec(), tiny, rtol=1e-6)


def test_rotation_apply_compose_mean_and_containers():
    r, ref = Rotation.from_quat(QUATS), SR.from_quat(QUATS)
    v = RNG.normal(size=(6, 3))
    np.testing.assert_allclose(r.apply(v), ref.apply(v), atol=1e-6)
    np.testing.assert_allclose(r.apply(v, inverse=True), ref.apply(v, inverse=True), atol=1e-6)
    np.testing.assert_allclose(r.apply(v[0]), ref.apply(v[0]), atol=1e-6)
    np.testing.assert_allclose(r[2].apply(v), ref[2].apply(v), atol=1e-6)
    np.testing.assert_allclose((r * r[::-1]).as_matrix(), (ref * ref[::-1]).as_matrix(), atol=1e-6)
    np.testing.assert_allclose(r.mean().as_matrix(), ref.mean().as_matrix(), atol=1e-5)
    w = RNG.uniform(0.1, 1, 6)
    np.testing.assert_allclose(r.mean(w).as_matrix(), ref.mean(w).as_matrix(), atol=1e-5)
    np.testing.assert_array_equal(Rotation.identity().as_matrix(), np.eye(3))
    assert Rotation.identity().quat.dtype == np.float32
    both = Rotation.concatenate([r[:2], r[3:]])
    np.testing.assert_allclose(both.quat, np.concatenate([r.quat[:2], r.quat[3:]]))
    assert len(both) == 5 and r[1:3].quat.shape == (2, 4)
    with pytest.raises(TypeError, match="Single rotation is not subscriptable."):
        r[0][0]
    with pytest.raises(TypeError, match="Single rotation has no len\\(\\)."):
        len(r[0])
    with pytest.raises(NotImplementedError):
        Rotation.random(jax.random.key(0))
    with pytest.raises(ValueError, match="Expected consecutive axes to be different, got xxy"):
        Rotation.from_euler("xxy", [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Expected axes from `seq` to be from"):
        r.as_euler("xYz")
    with pytest.raises(ValueError, match="Expected 3 axes, got xy."):
        r.as_euler("xy")
    with pytest.raises(ValueError, match="Expected `weights` to have number of values equal"):
        r.mean(jnp.ones(2))


def test_rotation_transforms():
    q = jnp.asarray(QUATS.astype(np.float32))
    r = Rotation.from_quat(q)
    np.testing.assert_allclose(
        jax.jit(lambda r: r.as_euler("xyz"))(r), r.as_euler("xyz"), rtol=1e-6, atol=1e-6
    )
    np.testing.assert_allclose(
        jax.vmap(lambda q: Rotation.from_quat(q).as_matrix())(q),
        r.as_matrix(),
        rtol=1e-6,
        atol=1e-7,
    )
    np.testing.assert_allclose(
        jax.vmap(lambda r: r.as_rotvec())(r), r.as_rotvec(), rtol=1e-6, atol=1e-7
    )
    # d magnitude / d rotvec = rotvec / |rotvec| (below pi)
    rv = np.array([0.3, -0.4, 1.2])
    np.testing.assert_allclose(
        jax.grad(lambda v: Rotation.from_rotvec(v).magnitude())(rv),
        rv / np.linalg.norm(rv),
        rtol=1e-5,
    )
    # d (R(t e_z) v) / dt at t = 0 is e_z x v
    v = np.array([1.0, 2.0, 3.0])
    d = jax.jacfwd(lambda t: Rotation.from_rotvec(t * jnp.array([0.0, 0.0, 1.0])).apply(v))(0.5)
    np.testing.assert_allclose(
        d, np.cross([0, 0, 1], SR.from_rotvec([0, 0, 0.5]).apply(v)), atol=1e-5
    )


def test_namedtuple_overriding_len_flattens_by_its_fields():
    # Regression: numjax's pytree flattening used len(), which Rotation overrides (JAX uses
    # the tuple's fields), so a Rotation of 3 rotations flattened into 3 leaves.
    r = Rotation.from_quat(QUATS[:3])
    leaves, tree = jax.tree_util.tree_flatten(r)
    assert len(leaves) == 1 and leaves[0].shape == (3, 4)
    back = jax.tree_util.tree_unflatten(tree, leaves)
    assert type(back) is Rotation and back.quat.shape == (3, 4)
    assert [p for p, _ in jax.tree_util.tree_flatten_with_path(r)[0]] == [
        (jax.tree_util.GetAttrKey("quat"),)
    ]


def test_slerp_matches_scipy():
    key = SR.from_euler("zxy", [[90, 0, 0], [0, 45, 0], [0, 0, -30], [10, 20, 30]], degrees=True)
    times = [0.0, 1.0, 2.5, 3.0]
    ours = Slerp.init(times, Rotation.from_quat(key.as_quat()))
    ref = SSlerp(times, key)
    t = np.array([0.0, 0.3, 1.0, 1.7, 2.5, 2.9, 3.0])
    np.testing.assert_allclose(ours(t).as_matrix(), ref(t).as_matrix(), atol=1e-5)
    assert ours(1.2).single
    np.testing.assert_allclose(ours(1.2).as_matrix(), ref(1.2).as_matrix(), atol=1e-5)
    np.testing.assert_allclose(jax.jit(lambda s, t: s(t).quat)(ours, t), ours(t).quat, atol=1e-6)
    with pytest.raises(TypeError, match="`rotations` must be a `Rotation` instance."):
        Slerp.init(times, key)
    with pytest.raises(ValueError, match="must be a sequence of at least 2 rotations"):
        Slerp.init([0.0], Rotation.from_quat(key.as_quat()[:1]))
    with pytest.raises(ValueError, match="got 4 rotations and 3 timestamps"):
        Slerp.init(times[:3], Rotation.from_quat(key.as_quat()))


# ---------------------------------------------------------------------------------------------
# sparse.linalg

N = 6
_B = RNG.normal(size=(N, N))
SPD = _B @ _B.T + N * np.eye(N)
NONSYM = _B + N * np.eye(N)
RHS = RNG.normal(size=N)


@pytest.mark.parametrize(
    "solver, matrix",
    [
        (cg, SPD),
        (bicgstab, NONSYM),
        (gmres, NONSYM),
        (lambda A, b, **kw: gmres(A, b, solve_method="incremental", restart=3, **kw), NONSYM),
    ],
)
def test_krylov_solvers_match_direct_solve(solver, matrix):
    expected = np.linalg.solve(matrix, RHS)
    A32, b32 = matrix.astype(np.float32), RHS.astype(np.float32)
    x, info = solver(A32, b32)
    assert x.dtype == np.float32 and (info is None or int(info) == 0)
    np.testing.assert_allclose(x, expected, rtol=1e-4, atol=1e-5)
    x_fun, _ = solver(lambda v: jnp.dot(jnp.asarray(A32), v), b32, tol=1e-6)
    np.testing.assert_allclose(x_fun, expected, rtol=1e-4, atol=1e-5)
    # a Jacobi preconditioner and a starting guess
    x_pre, _ = solver(A32, b32, x0=jnp.ones(N), M=np.diag(1 / np.diag(A32)))
    np.testing.assert_allclose(x_pre, expected, rtol=1e-4, atol=1e-5)
    # pytree vectors: block-diagonal operator on {"a": (2,), "b": (2, 2)}
    blocks = {"a": matrix[:2, :2].astype(np.float32), "b": matrix[2:, 2:].astype(np.float32)}
    rhs = {"a": b32[:2], "b": b32[2:].reshape(2, 2)}
    xt, _ = solver(
        lambda t: {"a": blocks["a"] @ t["a"], "b": (blocks["b"] @ t["b"].reshape(4)).reshape(2, 2)},
        rhs,
    )
    np.testing.assert_allclose(
        xt["a"], np.linalg.solve(blocks["a"], rhs["a"]), rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(
        xt["b"].reshape(4), np.linalg.solve(blocks["b"], b32[2:]), rtol=1e-4, atol=1e-5
    )
    # jit and vmap
    np.testing.assert_allclose(
        jax.jit(lambda A, b: solver(A, b)[0])(A32, b32), x, rtol=1e-5, atol=1e-6
    )
    # batched operators, starting guesses and preconditioners
    mats = np.stack([matrix, matrix + np.eye(N)]).astype(np.float32)
    np.testing.assert_allclose(
        jax.vmap(lambda A: solver(A, b32)[0])(mats),
        np.linalg.solve(mats, b32[None, :, None])[..., 0],
        rtol=1e-4,
        atol=1e-5,
    )
    guesses = jax.vmap(lambda x0, d: solver(A32, b32, x0=x0, M=lambda v: v / d)[0])(
        jnp.ones((2, N)), jnp.array([1.0, 5.0])
    )
    np.testing.assert_allclose(guesses, np.stack([expected] * 2), rtol=1e-4, atol=1e-5)
    bs = np.stack([b32, 2 * b32, -b32])
    np.testing.assert_allclose(
        jax.vmap(lambda b: solver(A32, b)[0])(bs),
        np.linalg.solve(matrix, bs.T).T,
        rtol=1e-4,
        atol=1e-5,
    )


def test_krylov_solvers_match_scipy_iterates_in_x64(x64):
    # With SciPy's atol pinned, cg follows the same iteration, including an early stop.
    kw = {"rtol": 0.0, "atol": 1e-3, "maxiter": 3}
    ours = cg(SPD, RHS, atol=1e-3, tol=0.0, maxiter=3)[0]
    np.testing.assert_allclose(ours, scipy_sparse_linalg.cg(SPD, RHS, **kw)[0], rtol=1e-10)
    x, info = gmres(NONSYM, RHS, tol=1e-12)
    assert x.dtype == np.float64 and int(info) == 0
    np.testing.assert_allclose(x, np.linalg.solve(NONSYM, RHS), rtol=1e-10)
    complex_A = NONSYM + 1j * np.diag(np.arange(N))
    complex_b = RHS + 0.5j
    for solver in (gmres, bicgstab):
        np.testing.assert_allclose(
            solver(complex_A, complex_b, tol=1e-12)[0],
            np.linalg.solve(complex_A, complex_b),
            rtol=1e-8,
        )


@pytest.mark.parametrize("solver, A", [(cg, SPD), (bicgstab, NONSYM), (gmres, NONSYM)])
def test_krylov_solver_gradients_are_implicit(x64, solver, A):
    # d/db sum(A^-1 b) = A^-T 1;  d/dA sum(A^-1 b) = -(A^-T 1) x^T;  d/ds sum((s A)^-1 b)
    x = np.linalg.solve(A, RHS)
    u = np.linalg.solve(A.T, np.ones(N))
    gb = jax.grad(lambda b: solver(A, b, tol=1e-12)[0].sum())(RHS)
    np.testing.assert_allclose(gb, u, rtol=1e-8)
    gA = jax.grad(lambda M: solver(M, RHS, tol=1e-12)[0].sum())(A)
    np.testing.assert_allclose(gA, -np.outer(u, x), rtol=1e-7, atol=1e-10)
    gs = jax.grad(lambda s: solver(lambda v: s * jnp.dot(A, v), RHS, tol=1e-12)[0].sum())(2.0)
    np.testing.assert_allclose(gs, -x.sum() / 4, rtol=1e-8)
    # forward mode: A x_dot = b_dot - A_dot x; second order in s: d2/ds2 sum(x / s) = 2 sum(x) / s^3
    x_dot = jax.jvp(lambda b: solver(A, b, tol=1e-12)[0], (RHS,), (np.ones(N),))[1]
    np.testing.assert_allclose(x_dot, np.linalg.solve(A, np.ones(N)), rtol=1e-8)
    scaled = lambda s: solver(lambda v: s * jnp.dot(A, v), RHS, tol=1e-12)[0]
    np.testing.assert_allclose(jax.jacfwd(scaled)(2.0), -x / 4, rtol=1e-8)
    np.testing.assert_allclose(jax.hessian(lambda s: scaled(s).sum())(2.0), x.sum() / 4, rtol=1e-7)
    # the implicit rule also holds under jit and per example under vmap
    np.testing.assert_allclose(
        jax.jit(jax.grad(lambda b: solver(A, b, tol=1e-12)[0].sum()))(RHS), u, rtol=1e-8
    )
    per_example = jax.vmap(jax.grad(lambda b, w: solver(A, b, tol=1e-12)[0] @ w))(
        np.stack([RHS, RHS]), np.stack([np.ones(N), np.arange(N) * 1.0])
    )
    np.testing.assert_allclose(
        per_example[1], np.linalg.solve(A.T, np.arange(N)), rtol=1e-8, atol=1e-12
    )


def test_krylov_solver_errors():
    with pytest.raises(
        ValueError, match="linear operator must be a square matrix, but has shape: \\(2, 3\\)"
    ):
        cg(np.ones((2, 3)), np.ones(2))
    with pytest.raises(TypeError, match="linear operator must be either a function or ndarray"):
        bicgstab(3.0, np.ones(2))
    with pytest.raises(ValueError, match="x0 and b must have matching tree structure"):
        cg(SPD, RHS, x0={"a": RHS})
    with pytest.raises(ValueError, match="arrays in x0 and b must have matching shapes"):
        cg(SPD, RHS, x0=RHS[:3])
    with pytest.raises(
        ValueError, match="invalid solve_method foo, must be either 'incremental' or 'batched'"
    ):
        gmres(NONSYM, RHS, solve_method="foo")
    assert cg(SPD, RHS)[1] is None and bicgstab(NONSYM, RHS)[1] is None
