"""jnp.linalg, jax.scipy.linalg and lax.linalg: values vs NumPy/SciPy, gradients of the hard
cases vs numbers recorded from real JAX, errors, and a Gaussian-process marginal likelihood
under jit(grad) and vmap (the done-when test of the linalg work).

The per-primitive transformation checks (jvp vs finite differences, vjp, second order, vmap,
jit) run from tests/op_db.py; here are the public wrappers.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

import numjax
import numjax.numpy as jnp
import numjax.scipy.linalg as jsl
from numjax import lax
from numjax._src import test_util as tu


@pytest.fixture
def x64():
    numjax.config.update("jax_enable_x64", True)
    yield
    numjax.config.update("jax_enable_x64", False)


RNG = np.random.default_rng(1234)
A = np.array([[2., -1., 0.5], [0.3, 1.5, -0.7], [-0.2, 0.4, 1.2]])
S = A @ A.T + np.eye(3)
W = np.array([[0.5, -1., 2.], [1., 0.25, -0.5], [-1.5, 0.75, 1.]])
R = np.array([[1., 2.], [3., -1.], [0.5, 0.25]])
B4 = np.array([[4., 1., -1., 0.5], [1., 3., 0., -1.], [0.5, -2., 5., 1.], [1., 0., 1., 2.]])
S2 = np.array([[1., 2.], [2., 4.]])
S3 = np.array([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
S4 = np.array([[1., 2., 3., 4.], [2., 1., 0., 1.], [3., 3., 3., 5.], [0., 1., 2., -1.]])
S4b = np.array([[1., 2., 3., 4.], [5., 6., 7., 8.], [2., 1., 0., 1.], [6., 8., 10., 12.]])
NPD = np.array([[4., 2., 1.], [2., 3., 1.], [1., 1., -5.]])

nan, inf = np.nan, np.inf
# Computed once with real JAX 0.10.2 (CPU, jax_enable_x64) by running the expressions of the
# tests below with `import jax, jax.numpy as jnp, jax.scipy.linalg as jsl`.
JAX = {
    "grad_eigh_vecs": [[0.1265514176070432, -0.056064668940734586, -0.3558874230017301], [-0.056064668940734586, -0.98836095776663, -0.7279704677138924], [-0.3558874230017301, -0.7279704677138924, 0.861809540159587]],
    "grad_eigh_vals": [[2.820274378371876, -0.4189441943016535, -0.1697405745808906], [-0.4189441943016535, 2.020460036949436, -0.32499597903109845], [-0.1697405745808906, -0.32499597903109845, 1.159265584678687]],
    "grad_eigvalsh_I_sum": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    "grad_eigvalsh_I_0": [[1.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
    "jvp_eigh_deg_w": [1.0, 1.0, 1.0],
    "jvp_eigh_deg_v": [[nan, inf, 1.0], [inf, nan, 1.0], [nan, nan, 0.0]],
    "grad_svd_s": [[-0.10901188843008573, -1.9336598449787004], [1.0288702595130934, 0.2888769600876736], [0.0907696905853161, -0.31434529802251704]],
    "grad_svd_uv": [[-0.28224448955896503, 0.07102926929877183], [0.0747175770887973, 0.03522352463131889], [-0.05804402313028448, -0.0788849764340455]],
    "grad_svd_s_I": [[1.0, 0.0], [0.0, 1.0]],
    "grad_qr": [[2.0797097997035707, 4.000000000000002], [5.971565510047266, -1.9999999999999987], [1.0111873403092728, 0.5000000000000002]],
    "grad_qr_complete": [[-0.8127199087481092, -0.39202592618662246], [0.8909985300939706, -0.23521555571197353], [-3.720551363067603, 2.195345186645078]],
    "grad_qr_wide": [[0.4472135954999574, -4.024922359499621, -5.3665631459994945], [-0.22360679774997902, 0.8944271909999163, 0.447213595499959]],
    "grad_slogdet": [[0.4531590413943355, -0.04793028322440086, 0.09150326797385622], [0.30501089324618735, 0.5446623093681917, -0.13071895424836605], [-0.010893246187363849, 0.33769063180827885, 0.7189542483660131]],
    "grad_slogdet4": [[0.2822384428223844, -0.13138686131386862, -0.058394160583941604, -0.1119221411192214], [-0.038929440389294405, 0.3284671532846715, 0.145985401459854, -0.05352798053527978], [0.0827250608272506, -0.07299270072992702, 0.1897810218978102, -0.13625304136253039], [-0.1313868613138686, 0.23357664233576644, -0.007299270072992706, 0.5693430656934306]],
    "grad_det4": [[29.0, -13.5, -6.0, -11.499999999999998], [-4.0, 33.75, 15.0, -5.499999999999997], [8.5, -7.5, 19.5, -13.999999999999996], [-13.499999999999998, 24.0, -0.7500000000000004, 58.49999999999999]],
    "grad_det_S2": [[4.0, -2.0], [-2.0, 1.0]],
    "grad_slogdet_S2": [[inf, -inf], [-inf, inf]],
    "grad_det_S3": [[-3.0, 6.0, -3.0], [6.0, -12.0, 6.0], [-3.0, 6.0, -3.0]],
    "grad_det_S4": [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    "grad_det_S4b": [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    "chol_npd": [[nan, 0.0, 0.0], [nan, nan, 0.0], [nan, nan, nan]],
    "grad_chol": [[0.13713853158602438, 0.224821066334212, -0.24455255252556474], [0.224821066334212, 0.08768359840601368, 0.22763583290653716], [-0.24455255252556474, 0.22763583290653716, 0.31000877791024695]],
    "grad_inv": [[0.11331349291108361, -0.12709736521091128, -0.7902373730901221], [-0.3211253031834859, 0.11828309149852148, -0.2654249789966822], [0.1503576497168706, -0.5597799516805028, -0.2286157745596423]],
    "grad_solve_a": [[-1.0688285844475771, -0.07982150739743975, -0.5030650604468366], [-2.5728530337334643, -3.2698783943497514, -0.12634029646717063], [-1.7480011249234622, -2.489525040226693, 0.008597120765517639]],
    "grad_solve_b": [[0.35511982570806105, 0.9771241830065359], [1.8736383442265794, 0.03267973856209151], [1.361655773420479, -0.17973856209150327]],
    "grad_pinv": [[-0.1332518337408317, -0.4180929095354521], [-0.27995110024449893, 0.14914425427872818], [-0.05378973105134482, -0.05867970660146697]],
    "grad_expm": [[11.277275476008448, -6.995958894751628, 6.8174957144472845], [-1.3090511514000394, 5.636562164488363, -4.5231590168999265], [-5.671688843461859, -2.509210873871975, 7.214702101879762]],
    "jvp_eigvals": [(0.995330332620666+2.403472084169069j), (0.9953303326206654-2.4034720841690684j), (-0.24066066524133145-5.406727386885517e-19j)],
    "grad_lstsq": [[-0.5229583754281723, -0.26020887010479415], [-0.1428703797801307, -0.09695661790639734], [0.19409257476939984, 0.5104704060831771]],
    "grad_norm2": [[0.20289543784932393, -0.0333013875816645], [0.9557108442049915, -0.1568615715376779], [0.13862891863791404, -0.022753273304334146]],
    "grad_nuc": [[0.3588491009890288, 0.9168778411168534], [0.9191311365509406, -0.3797308373503537], [0.16255853266421302, 0.12304273905475731]],
    "grad_cho_solve": [[-0.08861320940292733, -0.27835941973197337, -0.22941642051664546], [-0.08618181592902513, -0.34852015645397294, -0.5149307699447043], [-0.007218887970503241, -0.013444467079158093, -0.14156232983348813]],
    "grad_lu": [[3.5679362321562738, -2.2708527422990232, 1.5865495867768595], [2.5038410969196088, 2.979789631855747, -2.055785123966942], [-0.5648760330578513, 1.7611570247933883, 2.7818181818181817]],
    "grad_matrix_power": [[-0.5453930200542337, -0.5897187515222602, -0.40929036527922324], [-0.70155177841234, -0.7555114480472757, -0.5131799626807568], [-1.6903415315345007, -1.8446247416412906, -1.3220439306697167]],
    "grad_slogdet_S4": [[nan, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan], [inf, -inf, inf, nan]],
    "grad_slogdet_S4b": [[inf, -inf, inf, nan], [nan, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan]],
    "slogdet_S3": [0.0, -inf],
    "grad_pinv_rank2": [[-0.6097961867192648, 0.4257067718606189, -0.17521367521367542], [-0.10848126232741595, -0.11439842209072962, -0.20512820512820476], [-0.1732412886259041, -0.273833004602234, 0.5085470085470096], [-0.21827744904667956, 0.5036160420775792, -0.18803418803418848]],
    "complex_grad_eigh": [[(10.869742692413592+0j), (6.685099874853641-2.5548044628251434j), (1.681856744747798+4.093497838177704j)], [(6.685099874853641+2.5548044628251434j), (20.869257358731186+0j), (3.1814112025455152+4.925235170157583j)], [(1.681856744747798-4.093497838177704j), (3.1814112025455152-4.925235170157583j), (14.050201717283912+0j)]],
    "complex_grad_chol": [[(1.0000000000000002+0j), (1.6653345369377348e-16+1.3877787807814457e-17j), (-1.3010426069826053e-17+2.7755575615628914e-17j)], [(1.6653345369377348e-16-1.3877787807814457e-17j), (0.9999999999999999+0j), (1.3877787807814457e-17-6.938893903907228e-18j)], [(-1.3010426069826053e-17-2.7755575615628914e-17j), (1.3877787807814457e-17+6.938893903907228e-18j), (1+0j)]],
    "complex_grad_svd_u": [[(0.08613362814430017-0.19433305302378384j), (0.1251868734071346-0.25231758005127464j), (-0.1635576189965574+0.28868663629088154j)], [(-0.07351664974212321+0.184032811411663j), (-0.14778249065169907-0.025786215493513814j), (0.20833312861849596+0.06411737608472613j)], [(-0.14975263378580972-0.12765614697976158j), (0.06723400601571189+0.03710311155757731j), (-0.1273482673098178-0.02554574467907493j)]],
    "complex_grad_qr": [[(0.41639302486712326+13.608092671382769j), (-0.24651357696491094+7.980080365798773j), (1.2268589930594844-0.5218041035291818j)], [(1.0620137424110658+21.10068649886206j), (-1.330032637934471-0.4251906656866127j), (1.3540356045293458+3.9380966096571965j)], [(10.935643105649117+5.4290862931154455j), (-0.06059481060226046+0.36831156034278933j), (-3.0182191650771473+0.5800159387661529j)]],
    "complex_grad_solve": [[(10.204073848758052-2.264799167387215j), (-18.03310754069785-5.637232792026461j), (-17.704929018706512+6.338113040638431j)], [(-4.194394790199983-2.0871756660285463j), (4.86575107308728+6.652487432488327j), (7.805101696454628+2.2564140833074737j)], [(1.5692113087889457+3.6910566653152137j), (0.9487425909243723-7.2219802951416785j), (-3.566926465958747-6.327573534547469j)]],
    "complex_grad_logdet": [[(-0.9107589063863598+0.29498722962291657j), (1.8276679187234512+0.2830427481576839j), (1.252415282985488-0.10119865290808143j)], [(0.39671724095597455+0.40585601921209213j), (-0.6312320435571407-0.7446253260602493j), (-0.28825664838060944-0.04512770380147402j)], [(-0.04084624372877338-0.2604966209253803j), (0.41456290025801945+0.913521006766173j), (-0.24350565118587367+0.5780475280371284j)]],
    "complex_grad_tri": [[(-10.193269059485353-102.59093967902007j), 0j, 0j], [(8.97799832006308+51.50705431731302j), (237.20242430938964-125.76589746513497j), 0j], [(-2.7513509716073603+9.86609679322252j), (53.29195899299057-1.9781721609312228j), (57.46561650605088-48.56142364034623j)]],
}


def _close(actual, key, rtol=1e-9, atol=1e-11):
    """Compares with the JAX value, non-finite entries (inf, -inf, NaN) included."""
    np.testing.assert_allclose(np.asarray(actual), np.array(JAX[key]), rtol=rtol, atol=atol,
                               err_msg=key)


def _spd(n, batch=()):
    x = RNG.standard_normal((*batch, n, n))
    return x @ np.swapaxes(x, -1, -2) + n * np.eye(n)


# ---------------------------------------------------------------------------------------------
# jnp.linalg values vs NumPy (float32 by default; integers promote to float)


F32 = {"rtol": 2e-4, "atol": 2e-5}


def test_solve_inv_det_slogdet_vs_numpy():
    a = RNG.standard_normal((2, 4, 4)) + 4 * np.eye(4)
    b = RNG.standard_normal((2, 4, 3))
    v = RNG.standard_normal(4)
    out = jnp.linalg.solve(a, b)
    assert out.dtype == np.float32 and out.shape == (2, 4, 3)
    np.testing.assert_allclose(out, np.linalg.solve(a, b), **F32)
    # 1-D b is one vector for every matrix (NumPy 2 and JAX); spelt so NumPy 1.x agrees.
    v_cols = np.broadcast_to(v, a.shape[:-1])[..., None]
    np.testing.assert_allclose(jnp.linalg.solve(a, v), np.linalg.solve(a, v_cols)[..., 0], **F32)
    np.testing.assert_allclose(jnp.linalg.solve(a[0], b), np.linalg.solve(a[0], b), **F32)
    np.testing.assert_allclose(jnp.linalg.inv(a), np.linalg.inv(a), **F32)
    for n in (1, 2, 3, 5):
        m = RNG.standard_normal((3, n, n))
        np.testing.assert_allclose(jnp.linalg.det(m), np.linalg.det(m), **F32)
        sign, logdet = jnp.linalg.slogdet(m)
        ref_sign, ref_logdet = np.linalg.slogdet(m)
        np.testing.assert_array_equal(sign, ref_sign)
        np.testing.assert_allclose(logdet, ref_logdet, **F32)


def test_solve_rejects_old_batched_vector_shapes():
    # Recorded from JAX 0.10.2: b of a's batch shape + (n,) is no longer a stack of vectors.
    a, b = np.eye(4) + np.zeros((2, 4, 4)), np.ones((2, 4))
    with pytest.raises(ValueError, match=r"Invalid shapes for solve: \(2, 4, 4\), \(2, 4\)\. "
                       r"Prior to JAX v0\.5\.0, this would have been treated as a batched"):
        jnp.linalg.solve(a, b)
    assert jnp.linalg.solve(a, b[..., None]).shape == (2, 4, 1)


def test_integer_inputs_promote_to_float():
    m = np.array([[2, 1], [1, 3]], np.int32)
    for f in (jnp.linalg.inv, jnp.linalg.det, jnp.linalg.cholesky, jnp.linalg.eigvalsh,
              jnp.linalg.pinv, jnp.linalg.svdvals):
        assert f(m).dtype == np.float32, f
    assert jnp.linalg.solve(m, np.array([1, 2])).dtype == np.float32


def test_x64_dtypes(x64):
    m = _spd(3)
    assert jnp.linalg.cholesky(m).dtype == np.float64
    assert jnp.linalg.inv(np.array([[2, 1], [1, 3]])).dtype == np.float64
    assert jnp.linalg.eigvals(m).dtype == np.complex128
    np.testing.assert_allclose(jnp.linalg.inv(m), np.linalg.inv(m), rtol=1e-12)


def test_factorizations_vs_numpy():
    spd = _spd(4, (2,))
    np.testing.assert_allclose(jnp.linalg.cholesky(spd), np.linalg.cholesky(spd), **F32)
    np.testing.assert_allclose(jnp.linalg.cholesky(spd, upper=True),
                               np.swapaxes(np.linalg.cholesky(spd), -1, -2), **F32)
    w, v = jnp.linalg.eigh(spd)
    ref_w, ref_v = np.linalg.eigh(spd)
    np.testing.assert_allclose(w, ref_w, **F32)
    np.testing.assert_allclose(np.abs(v), np.abs(ref_v), rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(jnp.linalg.eigvalsh(spd, UPLO="U"), ref_w, **F32)
    x = RNG.standard_normal((5, 3))
    for mode, shapes in (("reduced", [(5, 3), (3, 3)]), ("complete", [(5, 5), (5, 3)])):
        q, r = jnp.linalg.qr(x, mode=mode)
        assert [q.shape, r.shape] == shapes
        np.testing.assert_allclose(np.asarray(q) @ np.asarray(r), x, **F32)
        np.testing.assert_allclose(np.abs(r), np.abs(np.linalg.qr(x, mode=mode)[1]), **F32)
    assert jnp.linalg.qr(x, mode="r").shape == (3, 3)
    for full in (True, False):
        u, s, vh = jnp.linalg.svd(x, full_matrices=full)
        ref_u, ref_s, ref_vh = np.linalg.svd(x, full_matrices=full)
        assert (u.shape, vh.shape) == (ref_u.shape, ref_vh.shape)
        np.testing.assert_allclose(s, ref_s, **F32)
        k = s.shape[0]
        np.testing.assert_allclose(np.asarray(u)[:, :k] * np.asarray(s) @ np.asarray(vh)[:k],
                                   x, **F32)
    np.testing.assert_allclose(jnp.linalg.svdvals(x), np.linalg.svd(x, compute_uv=False), **F32)


def test_svd_hermitian():
    h = RNG.standard_normal((4, 4))
    h = h + h.T
    u, s, vh = jnp.linalg.svd(h, hermitian=True)
    np.testing.assert_allclose(s, np.linalg.svd(h, compute_uv=False), **F32)
    np.testing.assert_allclose(np.asarray(u) * np.asarray(s) @ np.asarray(vh), h, **F32)
    np.testing.assert_allclose(jnp.linalg.svd(h, compute_uv=False, hermitian=True),
                               np.linalg.svd(h, compute_uv=False), **F32)


def test_eig_and_eigvals():
    a = RNG.standard_normal((2, 4, 4))
    w, v = jnp.linalg.eig(a)
    assert w.dtype == np.complex64 and v.dtype == np.complex64
    ref = np.linalg.eigvals(a)
    np.testing.assert_allclose(np.sort_complex(np.asarray(w)), np.sort_complex(ref), **F32)
    # a v = v diag(w)
    np.testing.assert_allclose(a @ np.asarray(v), np.asarray(v) * np.asarray(w)[..., None, :],
                               rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(np.sort_complex(np.asarray(jnp.linalg.eigvals(a))),
                               np.sort_complex(ref), **F32)
    # Real input with real eigenvalues still gives complex output, as JAX.
    assert jnp.linalg.eigvals(np.diag([1.0, 2.0])).dtype == np.complex64


def test_lax_eig_left_eigenvectors(x64):
    a = RNG.standard_normal((4, 4))
    w, vl, _ = lax.linalg.eig(a)
    w, vl = np.asarray(w), np.asarray(vl)
    np.testing.assert_allclose(np.conj(vl).T @ a, w[:, None] * np.conj(vl).T, atol=1e-10)
    np.testing.assert_allclose(np.linalg.norm(vl, axis=0), 1, rtol=1e-12)


def test_pinv_lstsq_rank_power_cond_norm():
    x = RNG.standard_normal((2, 5, 3))
    np.testing.assert_allclose(jnp.linalg.pinv(x), np.linalg.pinv(x), **F32)
    a, b = RNG.standard_normal((6, 3)), RNG.standard_normal((6, 2))
    sol, resid, rank, s = jnp.linalg.lstsq(a, b)
    ref = np.linalg.lstsq(a, b, rcond=None)
    np.testing.assert_allclose(sol, ref[0], **F32)
    np.testing.assert_allclose(resid, ref[1], rtol=1e-4)
    assert int(rank) == 3 and rank.dtype == np.int32
    np.testing.assert_allclose(s, ref[3], **F32)
    low = RNG.standard_normal((3, 5, 2)) @ RNG.standard_normal((3, 2, 4))
    np.testing.assert_array_equal(jnp.linalg.matrix_rank(low), [2, 2, 2])
    assert int(jnp.linalg.matrix_rank(np.zeros(3))) == 0
    m = RNG.standard_normal((3, 3)) + 3 * np.eye(3)
    for n in (0, 1, 2, 5, -1, -2):
        np.testing.assert_allclose(jnp.linalg.matrix_power(m, n), np.linalg.matrix_power(m, n),
                                   rtol=1e-4, atol=1e-5)
    for p in (None, 2, -2, 1, -1, np.inf, "fro", "nuc"):
        np.testing.assert_allclose(jnp.linalg.cond(m, p), np.linalg.cond(m, p), rtol=1e-4)
    assert np.isinf(float(jnp.linalg.cond(np.diag([1.0, 0.0]))))  # 1 / 0, as JAX
    assert np.isinf(float(jnp.linalg.cond(np.diag([1.0, 0.0]), 1)))
    y = RNG.standard_normal((3, 4, 5))
    for ord in (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf):
        for axis in ((0, 1), (2, 1), (-1, 0)):
            np.testing.assert_allclose(jnp.linalg.norm(y, ord, axis), np.linalg.norm(y, ord, axis),
                                       rtol=1e-5, err_msg=f"ord={ord} axis={axis}")
        out = jnp.linalg.norm(y, ord, (0, 2), keepdims=True)
        np.testing.assert_allclose(out, np.linalg.norm(y, ord, (0, 2), keepdims=True), rtol=1e-5)
    for ord in (None, 0, 1, 2, 3, 0.5, np.inf, -np.inf):
        np.testing.assert_allclose(jnp.linalg.norm(y[0, 0], ord), np.linalg.norm(y[0, 0], ord),
                                   rtol=1e-5)


def test_array_api_helpers():
    x = RNG.standard_normal((2, 3, 3))
    v = RNG.standard_normal((4, 3))
    np.testing.assert_allclose(jnp.linalg.trace(x), np.trace(x, axis1=-2, axis2=-1), **F32)
    np.testing.assert_allclose(jnp.linalg.trace(x, offset=1),
                               np.trace(x, 1, axis1=-2, axis2=-1), **F32)
    np.testing.assert_allclose(jnp.linalg.diagonal(x), np.diagonal(x, axis1=-2, axis2=-1))
    np.testing.assert_allclose(jnp.linalg.matrix_transpose(x), np.swapaxes(x, -1, -2))
    np.testing.assert_allclose(jnp.linalg.outer(v[0], v[1]), np.outer(v[0], v[1]), **F32)
    np.testing.assert_allclose(jnp.linalg.cross(v, v[::-1]), np.cross(v, v[::-1]), **F32)
    np.testing.assert_allclose(jnp.linalg.vecdot(v, v[::-1]), np.sum(v * v[::-1], -1), **F32)
    np.testing.assert_allclose(jnp.linalg.vector_norm(x), np.linalg.norm(x.ravel()), **F32)
    np.testing.assert_allclose(jnp.linalg.vector_norm(x, axis=(0, 2), ord=1),
                               np.sum(np.abs(x), axis=(0, 2)), **F32)
    np.testing.assert_allclose(jnp.linalg.matrix_norm(x, ord="nuc"),
                               np.linalg.norm(x, "nuc", axis=(-2, -1)), **F32)
    mats = [RNG.standard_normal(s) for s in ((3,), (3, 4), (4, 2), (2,))]
    np.testing.assert_allclose(jnp.linalg.multi_dot(mats), np.linalg.multi_dot(mats), **F32)
    np.testing.assert_allclose(jnp.linalg.matmul(x, x), x @ x, **F32)
    y = RNG.standard_normal((3, 3, 4))
    np.testing.assert_allclose(jnp.linalg.tensordot(x, y, axes=2), np.tensordot(x, y, 2), **F32)
    t = RNG.standard_normal((6, 2, 3)) + np.eye(6).reshape(6, 2, 3) * 3
    np.testing.assert_allclose(jnp.linalg.tensorinv(t, ind=1), np.linalg.tensorinv(t, ind=1),
                               rtol=1e-4, atol=1e-5)
    b = RNG.standard_normal(6)
    np.testing.assert_allclose(jnp.linalg.tensorsolve(t, b), np.linalg.tensorsolve(t, b),
                               rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------------------------
# jax.scipy.linalg vs SciPy


def test_scipy_linalg_vs_scipy(x64):
    a = RNG.standard_normal((4, 4))
    spd = _spd(4)
    b = RNG.standard_normal((4, 2))
    for lower in (True, False):
        c = jsl.cho_factor(spd, lower=lower)
        assert c[1] is lower
        np.testing.assert_allclose(jsl.cho_solve(c, b), scipy.linalg.cho_solve(
            scipy.linalg.cho_factor(spd, lower=lower), b), rtol=1e-10)
        np.testing.assert_allclose(jsl.cho_solve(c, b[:, 0]), np.linalg.solve(spd, b[:, 0]),
                                   rtol=1e-10)
        np.testing.assert_allclose(jsl.cholesky(spd, lower=lower),
                                   scipy.linalg.cholesky(spd, lower=lower), rtol=1e-10)
        for trans in (0, 1, 2, "N", "T", "C"):
            for unit in (False, True):
                np.testing.assert_allclose(
                    jsl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit),
                    scipy.linalg.solve_triangular(a, b, trans=trans, lower=lower,
                                                  unit_diagonal=unit), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(jsl.solve_triangular(a, b[:, 0], lower=lower),
                                   scipy.linalg.solve_triangular(a, b[:, 0], lower=lower),
                                   rtol=1e-9)
    for shape in ((4, 4), (5, 3), (3, 5)):
        x = RNG.standard_normal(shape)
        for got, ref in zip(jsl.lu(x), scipy.linalg.lu(x), strict=True):
            np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-14)
        for got, ref in zip(jsl.lu(x, permute_l=True), scipy.linalg.lu(x, permute_l=True),
                            strict=True):
            np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-14)
    lu, piv = jsl.lu_factor(a)
    ref_lu, ref_piv = scipy.linalg.lu_factor(a)
    np.testing.assert_allclose(lu, ref_lu, rtol=1e-12)
    np.testing.assert_array_equal(piv, ref_piv)
    assert piv.dtype == np.int32
    for trans in (0, 1, 2):
        np.testing.assert_allclose(jsl.lu_solve((lu, piv), b, trans),
                                   scipy.linalg.lu_solve((ref_lu, ref_piv), b, trans), rtol=1e-10)
    np.testing.assert_allclose(jsl.lu_solve((lu, piv), b[:, 0]),
                               np.linalg.solve(a, b[:, 0]), rtol=1e-10)
    blocks = (np.ones((2, 2)), 3.0, np.arange(3.0), np.eye(1, 2))
    np.testing.assert_array_equal(jsl.block_diag(*blocks), scipy.linalg.block_diag(*blocks))
    for scale in (0.01, 1.0, 30.0):
        m = scale * a
        np.testing.assert_allclose(jsl.expm(m), scipy.linalg.expm(m), rtol=1e-11,
                                   atol=1e-13 * np.abs(scipy.linalg.expm(m)).max())
    np.testing.assert_allclose(jsl.expm(np.stack([a, 2 * a])),
                               np.stack([scipy.linalg.expm(a), scipy.linalg.expm(2 * a)]),
                               rtol=1e-11)
    np.testing.assert_allclose(jsl.det(a), scipy.linalg.det(a), rtol=1e-12)
    np.testing.assert_allclose(jsl.inv(a), scipy.linalg.inv(a), rtol=1e-10)
    for assume_a in ("gen", "sym", "pos"):
        np.testing.assert_allclose(jsl.solve(spd, b, assume_a=assume_a),
                                   scipy.linalg.solve(spd, b, assume_a=assume_a), rtol=1e-10)
    np.testing.assert_allclose(jsl.solve(np.triu(spd), b, assume_a="pos"),
                               np.linalg.solve(spd, b), rtol=1e-10)
    np.testing.assert_allclose(jsl.solve(np.tril(spd), b, lower=True, assume_a="pos"),
                               np.linalg.solve(spd, b), rtol=1e-10)
    w, v = jsl.eigh(spd)
    ref_w, ref_v = scipy.linalg.eigh(spd)
    np.testing.assert_allclose(w, ref_w, rtol=1e-12)
    np.testing.assert_allclose(np.abs(v), np.abs(ref_v), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jsl.eigh(spd, eigvals_only=True), ref_w, rtol=1e-12)
    x = RNG.standard_normal((5, 3))
    for mode in ("full", "economic"):
        q, r = jsl.qr(x, mode=mode)
        ref_q, ref_r = scipy.linalg.qr(x, mode=mode)
        np.testing.assert_allclose(np.abs(q), np.abs(ref_q), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(np.abs(r), np.abs(ref_r), rtol=1e-10, atol=1e-12)
    (r,) = jsl.qr(x, mode="r")
    np.testing.assert_allclose(np.abs(r), np.abs(scipy.linalg.qr(x, mode="r")[0]), rtol=1e-10)
    u, s, vh = jsl.svd(x)
    np.testing.assert_allclose(s, scipy.linalg.svd(x, compute_uv=False), rtol=1e-12)
    assert u.shape == (5, 5) and vh.shape == (3, 3)
    np.testing.assert_allclose(jsl.svd(x, compute_uv=False), s, rtol=1e-12)


# ---------------------------------------------------------------------------------------------
# lax.linalg


def test_lax_lu_pivots_and_permutation(x64):
    x = RNG.standard_normal((3, 5, 4))
    lu, piv, perm = lax.linalg.lu(x)
    assert piv.dtype == np.int32 and perm.dtype == np.int32
    assert piv.shape == (3, 4) and perm.shape == (3, 5)
    for i in range(3):
        p, low, up = scipy.linalg.lu(x[i])  # x = p @ low @ up, so x[perm] = low @ up
        np.testing.assert_array_equal(np.asarray(perm[i]), np.argmax(p, axis=0))
        np.testing.assert_allclose(np.tril(np.asarray(lu[i]), -1)[:, :4] + np.eye(5, 4), low,
                                   rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(np.triu(np.asarray(lu[i]))[:4], up, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(lax.linalg.lu_pivots_to_permutation(piv, 5), perm)


def test_lax_triangular_solve_vector_b(x64):
    a = np.triu(RNG.standard_normal((3, 3))) + 3 * np.eye(3)
    b = RNG.standard_normal(3)
    np.testing.assert_allclose(lax.linalg.triangular_solve(a, b, left_side=True),
                               np.linalg.solve(a, b), rtol=1e-12)
    np.testing.assert_allclose(lax.linalg.triangular_solve(a, b),
                               np.linalg.solve(a.T, b), rtol=1e-12)


def test_singular_solve_and_inv_give_nan_inf_as_jax():
    np.testing.assert_array_equal(jnp.linalg.solve(np.ones((2, 2)), np.ones(2)), [nan, nan])
    np.testing.assert_array_equal(jnp.linalg.inv(np.ones((2, 2))), [[inf, -inf], [-inf, inf]])
    # Only the singular member of a stack is affected.
    out = jnp.linalg.solve(np.stack([np.ones((2, 2)), np.eye(2)]), np.ones((2, 2, 1)))
    np.testing.assert_array_equal(out, [[[nan], [nan]], [[1.0], [1.0]]])


def test_singular_triangular_solve_gives_inf_nan():
    a = np.array([[1.0, 0.0], [1.0, 0.0]])
    out = np.asarray(lax.linalg.triangular_solve(a, np.ones((2, 1)), left_side=True,
                                                 lower=True))
    assert not np.isfinite(out).all()


def test_eigh_subset_and_svd_subset(x64):
    spd = _spd(5)
    v, w = lax.linalg.eigh(spd, subset_by_index=(1, 3))
    np.testing.assert_allclose(w, np.linalg.eigvalsh(spd)[1:3], rtol=1e-12)
    assert v.shape == (5, 2)
    s = lax.linalg.svd(spd, compute_uv=False, subset_by_index=(0, 2))
    np.testing.assert_allclose(s, np.linalg.svd(spd, compute_uv=False)[:2], rtol=1e-12)


def test_linalg_under_jit_and_vmap(x64):
    a = RNG.standard_normal((4, 3, 3)) + 3 * np.eye(3)
    b = RNG.standard_normal((4, 3))

    def f(a, b):
        return jnp.linalg.solve(a, b) + jnp.linalg.det(a)[..., None] + jnp.linalg.slogdet(a)[1]

    tu.check_vmap(f, [a, b], (0, 0), rtol=1e-12, atol=1e-12)
    tu.check_vmap(f, [np.moveaxis(a, 0, 2), b], (2, 0), rtol=1e-12, atol=1e-12)
    tu.check_jit(f, [a[0], b[0]], rtol=1e-12, atol=1e-12)
    g = numjax.jit(numjax.vmap(numjax.grad(lambda a: jnp.sum(jnp.linalg.inv(a) * W))))
    ref = np.stack([np.asarray(numjax.grad(lambda a: jnp.sum(jnp.linalg.inv(a) * W))(x))
                    for x in a])
    np.testing.assert_allclose(g(a), ref, rtol=1e-12)
    for fun in (lambda x: jnp.linalg.svd(x, compute_uv=False), jnp.linalg.eigvalsh,
                lambda x: jnp.linalg.qr(x).R, jnp.linalg.cholesky, jnp.linalg.pinv,
                lambda x: jsl.expm(x), lambda x: jnp.real(jnp.linalg.eigvals(x))):
        x = a @ np.swapaxes(a, -1, -2)
        tu.check_vmap(fun, [x], (0,), rtol=1e-10, atol=1e-10)
        tu.check_jit(fun, [x[0]], rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------------------------------------
# Gradients vs values recorded from real JAX (see JAX above), hard cases included


def test_gradients_match_jax(x64):
    g = numjax.grad
    _close(g(lambda a: jnp.sum(jnp.linalg.eigh(a)[1] ** 2 * W))(S), "grad_eigh_vecs")
    _close(g(lambda a: jnp.sum(jnp.linalg.eigvalsh(a) * jnp.array([1., 2., 3.])))(S),
           "grad_eigh_vals")
    _close(g(lambda a: jnp.sum(jnp.linalg.svd(a, compute_uv=False) * jnp.array([1., -2.])))(R),
           "grad_svd_s")
    _close(g(lambda a: jnp.sum(jnp.abs(jnp.linalg.svd(a, full_matrices=False)[0]) * R)
             + jnp.sum(jnp.abs(jnp.linalg.svd(a, full_matrices=False)[2]) ** 3))(R),
           "grad_svd_uv")
    _close(g(lambda a: jnp.sum(jnp.linalg.qr(a)[0] * R) + jnp.sum(jnp.linalg.qr(a)[1] ** 2))(R),
           "grad_qr")
    _close(g(lambda a: jnp.sum(jnp.linalg.qr(a, mode="complete")[0]
                               * np.arange(9.).reshape(3, 3)))(R), "grad_qr_complete")
    _close(g(lambda a: jnp.sum(jnp.linalg.qr(a)[1] * np.arange(6.).reshape(2, 3))
             + jnp.sum(jnp.linalg.qr(a)[0]))(R.T), "grad_qr_wide")
    _close(g(lambda a: jnp.linalg.slogdet(a)[1])(A), "grad_slogdet")
    _close(g(lambda a: jnp.linalg.slogdet(a)[1])(B4), "grad_slogdet4")
    _close(g(jnp.linalg.det)(B4), "grad_det4")
    _close(g(lambda a: jnp.sum(jnp.linalg.cholesky(a) * W))(S), "grad_chol")
    _close(g(lambda a: jnp.sum(jnp.linalg.inv(a) * W))(A), "grad_inv")
    _close(g(lambda a, b: jnp.sum(jnp.linalg.solve(a, b) * R), 0)(A, R), "grad_solve_a")
    _close(g(lambda a, b: jnp.sum(jnp.linalg.solve(a, b) * R), 1)(A, R), "grad_solve_b")
    _close(g(lambda a: jnp.sum(jnp.linalg.pinv(a) * R.T))(R), "grad_pinv")
    _close(g(lambda a: jnp.sum(jsl.expm(a) * W))(A), "grad_expm")
    _close(numjax.jvp(jnp.linalg.eigvals, (A,), (W,))[1], "jvp_eigvals")
    _close(g(lambda a: jnp.sum(jnp.linalg.lstsq(a, np.array([1., 2., 3.]))[0]))(R),
           "grad_lstsq")
    _close(g(lambda a: jnp.linalg.norm(a, 2))(R), "grad_norm2")
    _close(g(lambda a: jnp.linalg.norm(a, "nuc"))(R), "grad_nuc")
    _close(g(lambda a: jnp.sum(jsl.cho_solve(jsl.cho_factor(a), R[:, 0])))(S), "grad_cho_solve")
    _close(g(lambda a: jnp.sum(jsl.lu(a)[1] * W) + jnp.sum(jsl.lu(a)[2] ** 2))(A), "grad_lu")
    _close(g(lambda a: jnp.sum(jnp.linalg.matrix_power(a, -3)))(A), "grad_matrix_power")


def test_eigh_degenerate_eigenvalues_as_jax(x64):
    """Equal eigenvalues: eigenvalue derivatives stay finite; eigenvector derivatives are
    inf/NaN in exactly JAX's pattern (its F = 1 / (w_j - w_i) has infinities)."""
    eye = np.eye(3)
    _close(numjax.grad(lambda a: jnp.linalg.eigvalsh(a).sum())(eye), "grad_eigvalsh_I_sum")
    _close(numjax.grad(lambda a: jnp.linalg.eigvalsh(a)[0])(eye), "grad_eigvalsh_I_0")
    assert np.isnan(np.asarray(numjax.grad(lambda a: jnp.linalg.eigh(a)[1][0, 0])(eye))).all()
    _, (w_dot, v_dot) = numjax.jvp(jnp.linalg.eigh, (np.diag([1., 1., 2.]),), (np.ones((3, 3)),))
    _close(w_dot, "jvp_eigh_deg_w")
    _close(v_dot, "jvp_eigh_deg_v")


def test_svd_degenerate_singular_values_as_jax(x64):
    _close(numjax.grad(lambda a: jnp.sum(jnp.linalg.svd(a, compute_uv=False)))(np.eye(2)),
           "grad_svd_s_I")
    assert np.isnan(np.asarray(
        numjax.grad(lambda a: jnp.sum(jnp.abs(jnp.linalg.svd(a)[0])))(np.eye(2)))).all()


def test_det_of_singular_matrices_as_jax(x64):
    """The gradient of det is the transposed adjugate, finite at singular matrices; JAX's
    cofactor solve gives zero when the LU has a zero pivot before the last (S4, S4b)."""
    for name, m in (("S2", S2), ("S3", S3), ("S4", S4), ("S4b", S4b)):
        assert float(jnp.linalg.det(m)) == 0.0, name
        _close(numjax.grad(jnp.linalg.det)(m), f"grad_det_{name}")
    # For a singular 2x2, slogdet's gradient is adj^T / 0 = +-inf, as in JAX.
    _close(numjax.grad(lambda a: jnp.linalg.slogdet(a)[1])(S2), "grad_slogdet_S2")
    sign, logdet = jnp.linalg.slogdet(S4)
    assert float(sign) == 0.0 and float(logdet) == -np.inf
    _close(jnp.stack(jnp.linalg.slogdet(S3)), "slogdet_S3")
    # Through an LU solve with a zero pivot: JAX's exact inf/NaN pattern. (For S3 JAX's LAPACK
    # LU meets an exact zero pivot where numjax's meets 1e-16: huge values instead of inf.)
    for name, m in (("S4", S4), ("S4b", S4b)):
        _close(numjax.grad(lambda a: jnp.linalg.slogdet(a)[1])(m), f"grad_slogdet_{name}")


def test_det_second_derivative(x64):
    """det is multilinear in the rows: d2 det / d a_ij^2 = 0 (JAX's Hessian diagonal is 0 up to
    rounding), and the Hessian matches finite differences of the gradient."""
    h = np.asarray(numjax.hessian(jnp.linalg.det)(B4)).reshape(16, 16)
    np.testing.assert_allclose(np.diagonal(h), 0, atol=1e-12)
    tu.check_grads(jnp.linalg.det, [B4], order=2)
    tu.check_grads(jnp.linalg.det, [np.eye(5) * 2 + 0.1 * RNG.standard_normal((5, 5))], order=2)


def test_cholesky_not_positive_definite_gives_nans(x64):
    _close(jnp.linalg.cholesky(NPD), "chol_npd")
    assert np.isnan(np.asarray(numjax.grad(lambda a: jnp.linalg.cholesky(a).sum())(NPD))).all()
    # In a stack only the failing matrix is NaN (LAPACK would give up on the whole stack).
    out = np.asarray(jnp.linalg.cholesky(np.stack([NPD, S])))
    assert np.isnan(out[0][np.tril_indices(3)]).all() and (np.triu(out[0], 1) == 0).all()
    np.testing.assert_allclose(out[1], np.linalg.cholesky(S), rtol=1e-12)


def test_hard_gradients_vs_finite_differences(x64):
    tu.check_grads(lambda a: jnp.linalg.slogdet(a)[1], [A], order=2)
    tu.check_grads(lambda a: jnp.linalg.inv(a), [A], order=2)
    tu.check_grads(lambda a: jnp.linalg.pinv(a), [R], order=1)
    tu.check_grads(lambda a: jsl.expm(a), [A], order=1)
    tu.check_grads(lambda a, b: jnp.linalg.solve(a, b), [A, R], order=2)
    tu.check_grads(lambda a: jnp.real(jnp.linalg.eigvals(a)), [A], order=1, modes=("fwd",))


# ---------------------------------------------------------------------------------------------
# Errors as JAX


@pytest.mark.parametrize("fun,arg,exc,msg", [
    (jnp.linalg.inv, np.ones((2, 3)), ValueError,
     "Argument to inv must have shape [..., n, n], got (2, 3)."),
    (jnp.linalg.inv, np.ones(3), ValueError, "Argument to inv must have shape [..., n, n]"),
    (jnp.linalg.det, np.ones((2, 3)), ValueError,
     "Argument to _det() must have shape [..., n, n], got (2, 3)"),
    (jnp.linalg.slogdet, np.ones((2, 3)), ValueError,
     "Argument to slogdet() must have shape [..., n, n], got (2, 3)"),
    (jnp.linalg.cholesky, np.ones((2, 3)), TypeError,
     "add got incompatible shapes for broadcasting: (2, 3), (3, 2)."),
    (jnp.linalg.eigh, np.ones((2, 3)), TypeError,
     "add got incompatible shapes for broadcasting: (2, 3), (3, 2)."),
    (jnp.linalg.cholesky, np.ones(3), TypeError,
     "transpose permutation isn't a permutation of operand dimensions"),
    (jnp.linalg.qr, np.ones(3), TypeError,
     "Input 0 to qr must have rank at least 2, but got shape=(3,)"),
    (jnp.linalg.svd, np.ones(3), TypeError,
     "Input 0 to svd must have rank at least 2, but got shape=(3,)"),
    (lax.linalg.lu, np.ones(3), TypeError,
     "Input 0 to lu must have rank at least 2, but got shape=(3,)"),
    (jnp.linalg.eig, np.ones((2, 3)), ValueError,
     "The input to eig must be a square matrix. Got shape (2, 3)."),
    (lambda x: jnp.linalg.solve(x, np.ones(3)), np.ones((2, 2)), ValueError,
     "inconsistent size for core dimension 'm': 3 vs 2"),
    (lambda x: lax.linalg.triangular_solve(x, np.ones((3, 3))), np.ones((2, 3)), ValueError,
     "The first input to triangular_solve must be a square matrix. Got shape (2, 3)."),
    (lambda x: jnp.linalg.qr(x, mode="raw"), np.ones((2, 2)), ValueError,
     "Unsupported QR decomposition mode 'raw'"),
    (lambda x: jnp.linalg.outer(x, np.ones(2)), np.ones((2, 2)), ValueError,
     "Input arrays must be one-dimensional, but they are x1.ndim=2 x2.ndim=1"),
    (lambda x: jnp.linalg.cross(x, x), np.ones(2), ValueError,
     ("Both input arrays must be (arrays of) 3-dimensional vectors, but they have "
      "x1.shape[axis]=2 and x2.shape[axis]=2")),
    (jnp.linalg.matrix_transpose, np.ones(3), ValueError,
     "matrix_transpose requires at least 2 dimensions; got ndim=1"),
    (lambda x: jnp.linalg.lstsq(x, np.ones(2)), np.ones((3, 2)), ValueError,
     "Leading dimensions of input arrays must match"),
    (lambda x: jnp.linalg.matrix_power(x, 1.5), np.eye(2), TypeError,
     "exponent must be an integer, got 1.5"),
    (lambda x: jnp.linalg.matrix_power(x, 2), np.ones((2, 3)), TypeError,
     "Last 2 dimensions of the array must be square"),
    (jnp.linalg.cond, np.ones(3), ValueError,
     "jnp.linalg.cond: input array must be at least 2D; got arr.shape=(3,)"),
    (lambda x: jnp.linalg.norm(x, axis=(0, 1, 2)), np.ones((2, 2, 2)), ValueError,
     "Improper number of axes for norm: axis=(0, 1, 2)."),
    (lambda x: jnp.linalg.solve(x, x), np.ones(3), ValueError,
     "left hand array must be at least two dimensional; got a.shape=(3,)"),
    (lambda x: jsl.cho_solve((x, True), np.ones(3)), np.eye(2), ValueError,
     "inconsistent size for core dimension 'n': 3 vs 2"),
    (jsl.expm, np.ones((2, 3)), ValueError,
     "Expected A to be a (batched) square matrix, got A.shape=(2, 3)."),
    (lambda x: jsl.solve(x, np.ones(2), assume_a="bad"), np.eye(2), ValueError,
     "Expected assume_a to be one of ['gen', 'sym', 'her', 'pos']; got 'bad'"),
    (lambda x: jnp.linalg.tensorinv(x, ind=1), np.ones((2, 3)), ValueError,
     "tensorinv is only possible when the product of the first `ind` dimensions equals"),
    (jnp.linalg.eig, np.ones(3), TypeError,
     "Input 0 to eig must have rank at least 2, but got shape=(3,)"),
])
def test_errors(fun, arg, exc, msg):
    with pytest.raises(exc) as info:
        fun(arg)
    assert msg in str(info.value)


def test_unsupported_derivatives_raise_as_jax(x64):
    with pytest.raises(NotImplementedError, match="JVP not implemented for full matrices"):
        numjax.jvp(lambda x: jnp.linalg.svd(x)[0], (R,), (R,))
    with pytest.raises(NotImplementedError, match="non-symmetric eigenvectors"):
        numjax.jvp(lambda x: jnp.linalg.eig(x)[1], (A,), (W,))


# ---------------------------------------------------------------------------------------------
# Done-when: a Gaussian-process marginal likelihood under jit(grad) and vmap


def _gp_data():
    rng = np.random.default_rng(7)
    x = np.sort(rng.uniform(-3, 3, 12))
    y = np.sin(x) + 0.1 * rng.standard_normal(12)
    return x, y


def _gp_nll(params, x, y, use_cho_solve=True):
    """Negative log marginal likelihood of y under a GP with an RBF kernel."""
    length, noise = params[0], params[1]
    d2 = (x[:, None] - x[None, :]) ** 2
    k = jnp.exp(-0.5 * d2 / length**2) + noise * jnp.eye(x.shape[0])
    chol = jnp.linalg.cholesky(k)
    if use_cho_solve:
        alpha = jsl.cho_solve((chol, True), y)
    else:
        z = jsl.solve_triangular(chol, y, lower=True)
        alpha = jsl.solve_triangular(chol, z, lower=True, trans="T")
    logdet = 2.0 * jnp.sum(jnp.log(jnp.diagonal(chol)))
    return 0.5 * jnp.dot(y, alpha) + 0.5 * logdet + 0.5 * x.shape[0] * jnp.log(2 * jnp.pi)


def _gp_nll_numpy(length, noise, x, y):
    k = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2 / length**2) + noise * np.eye(len(x))
    _, logdet = np.linalg.slogdet(k)
    return 0.5 * y @ np.linalg.solve(k, y) + 0.5 * logdet + 0.5 * len(x) * np.log(2 * np.pi)


@pytest.mark.parametrize("use_cho_solve", [True, False])
def test_gp_marginal_likelihood_jit_grad_matches_finite_differences(x64, use_cho_solve):
    x, y = _gp_data()
    params = np.array([0.8, 0.05])
    value = float(_gp_nll(params, x, y, use_cho_solve))
    np.testing.assert_allclose(value, _gp_nll_numpy(0.8, 0.05, x, y), rtol=1e-12)
    grad = numjax.jit(numjax.grad(lambda p: _gp_nll(p, x, y, use_cho_solve)))
    g = np.asarray(grad(params))
    eps = 1e-6
    fd = [(_gp_nll_numpy(*(params + eps * e), x, y) - _gp_nll_numpy(*(params - eps * e), x, y))
          / (2 * eps) for e in np.eye(2)]
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(grad(params * 1.1), numjax.grad(
        lambda p: _gp_nll(p, x, y, use_cho_solve))(params * 1.1), rtol=1e-12)
    assert grad.trace_count == 1


def test_gp_marginal_likelihood_vmap_over_100_length_scales(x64):
    x, y = _gp_data()
    lengths = np.linspace(0.2, 3.0, 100)

    def nll_of_length(length):
        return _gp_nll(jnp.stack([length, jnp.asarray(0.05)]), x, y)

    batched = numjax.vmap(nll_of_length)(lengths)
    loop = [_gp_nll_numpy(length, 0.05, x, y) for length in lengths]
    np.testing.assert_allclose(batched, loop, rtol=1e-10)
    grads = numjax.jit(numjax.vmap(numjax.grad(nll_of_length)))(lengths)
    loop_grads = [float(numjax.grad(nll_of_length)(length)) for length in lengths]
    np.testing.assert_allclose(grads, loop_grads, rtol=1e-10, atol=1e-12)


def test_complex_gradients_match_jax(x64):
    """Complex Hermitian/general inputs: JAX's conjugate-cotangent convention."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3)) + 1j * rng.standard_normal((3, 3))
    h = a @ a.conj().T + 3 * np.eye(3)
    b = rng.standard_normal((3, 2)) + 1j * rng.standard_normal((3, 2))
    weights = np.arange(9).reshape(3, 3)
    g = numjax.grad
    _close(g(lambda x: jnp.real(jnp.sum(jnp.abs(jnp.linalg.eigh(x)[1]) ** 2 * weights)
                                + jnp.sum(jnp.linalg.eigvalsh(x) ** 2)))(h), "complex_grad_eigh")
    _close(g(lambda x: jnp.sum(jnp.abs(jnp.linalg.cholesky(x)) ** 2))(h), "complex_grad_chol")
    _close(g(lambda x: jnp.sum(jnp.abs(jnp.linalg.svd(x, full_matrices=False)[0]) ** 3))(a),
           "complex_grad_svd_u")
    _close(g(lambda x: jnp.sum(jnp.abs(jnp.linalg.qr(x)[0] * weights) ** 2)
             + jnp.sum(jnp.abs(jnp.linalg.qr(x)[1]) ** 3))(a), "complex_grad_qr", rtol=1e-8)
    _close(g(lambda x: jnp.sum(jnp.abs(jnp.linalg.solve(x, b)) ** 2))(a), "complex_grad_solve",
           rtol=1e-8)
    _close(g(lambda x: jnp.linalg.slogdet(x)[1])(a), "complex_grad_logdet")
    _close(g(lambda x: jnp.sum(jnp.abs(jsl.solve_triangular(x, b, trans="C", lower=True)) ** 2))(
        a), "complex_grad_tri", rtol=1e-8)
    np.testing.assert_allclose(jnp.linalg.cholesky(h), np.linalg.cholesky(h), rtol=1e-12)
    np.testing.assert_allclose(jnp.linalg.solve(a, b), np.linalg.solve(a, b), rtol=1e-12)


def test_pinv_gradient_of_rank_deficient_matrix_as_jax(x64):
    """pinv's closed-form derivative (as JAX's custom JVP) is finite at a rank-2 4x3 matrix,
    where differentiating through the SVD would divide by equal (zero) singular values."""
    r = np.array([[1., 2., 3.], [2., 4., 6.], [1., 0., 1.], [0., 1., 1.]])
    w = np.arange(12.).reshape(3, 4)
    _close(numjax.grad(lambda a: jnp.sum(jnp.linalg.pinv(a) * w))(r), "grad_pinv_rank2",
           rtol=1e-8, atol=1e-10)
    batch = np.stack([r, r + 1])
    tu.check_vmap(numjax.grad(lambda a: jnp.sum(jnp.linalg.pinv(a) * w)), [batch], (0,),
                  rtol=1e-10, atol=1e-12)


def test_scipy_special_matrices_and_extras_vs_scipy(x64):
    c, r = np.array([1.0, 2.0, 3.0]), np.array([1.0, 5.0, 6.0, 7.0])
    np.testing.assert_array_equal(jsl.toeplitz(c, r), scipy.linalg.toeplitz(c, r))
    np.testing.assert_array_equal(jsl.toeplitz(c), scipy.linalg.toeplitz(c))
    z = np.array([1 + 2j, 3, 4j])
    np.testing.assert_array_equal(jsl.toeplitz(z), scipy.linalg.toeplitz(z))
    batch = np.arange(6.0).reshape(2, 3)  # leading axes are batch axes, as JAX
    np.testing.assert_array_equal(jsl.toeplitz(batch),
                                  np.stack([scipy.linalg.toeplitz(b) for b in batch]))
    np.testing.assert_array_equal(jsl.hankel(c, r), scipy.linalg.hankel(c, r))
    np.testing.assert_array_equal(jsl.hankel(c), scipy.linalg.hankel(c))
    np.testing.assert_array_equal(jsl.circulant(r), scipy.linalg.circulant(r))
    np.testing.assert_allclose(jsl.hilbert(4), scipy.linalg.hilbert(4), rtol=1e-15)
    np.testing.assert_allclose(jsl.companion(np.array([2.0, 3.0, 4.0, 5.0])),
                               scipy.linalg.companion([2.0, 3.0, 4.0, 5.0]))
    f, s = np.array([0.1, 2.0, 1.0, 0.1]), np.array([0.2, 0.8, 0.7])
    np.testing.assert_array_equal(jsl.leslie(f, s), scipy.linalg.leslie(f, s))
    a, e = RNG.standard_normal((3, 3)), RNG.standard_normal((3, 3))
    for side in ("right", "left"):
        for got, ref in zip(jsl.polar(a, side), scipy.linalg.polar(a, side), strict=True):
            np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
    for got, ref in zip(jsl.expm_frechet(a, e), scipy.linalg.expm_frechet(a, e), strict=True):
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
    d, off = np.array([1.0, 2.0, 3.0, 0.5]), np.array([0.5, 0.25, -1.0])
    w, v = jsl.eigh_tridiagonal(d, off)
    ref_w, ref_v = scipy.linalg.eigh_tridiagonal(d, off)
    np.testing.assert_allclose(w, ref_w, rtol=1e-12)
    np.testing.assert_allclose(np.abs(v), np.abs(ref_v), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(jsl.eigh_tridiagonal(d, off, eigvals_only=True), ref_w,
                               rtol=1e-12)
    tu.check_grads(lambda x: jsl.polar(x)[0], [a], order=1)
    tu.check_grads(lambda x: jsl.expm_frechet(x, e, compute_expm=False), [a], order=1)


def test_lax_symmetric_product_and_cholesky_update(x64):
    a, c = np.arange(6.0).reshape(2, 3), np.ones((2, 2))
    # Value computed once with real JAX 0.10.2: lax.linalg.symmetric_product(a, c, 2., 3.).
    np.testing.assert_allclose(lax.linalg.symmetric_product(a, c, alpha=2.0, beta=3.0),
                               [[13.0, 31.0], [31.0, 103.0]])
    spd = _spd(4)
    r = np.linalg.cholesky(spd).T
    w = RNG.standard_normal(4)
    np.testing.assert_allclose(lax.linalg.cholesky_update(r, w),
                               np.linalg.cholesky(spd + np.outer(w, w)).T, rtol=1e-12)


def test_qr_with_column_pivoting_vs_scipy(x64):
    for shape in ((4, 3), (3, 5), (5, 5)):
        x = RNG.standard_normal(shape)
        q, r, p = lax.linalg.qr(x, pivoting=True)
        ref_q, ref_r, ref_p = scipy.linalg.qr(x, pivoting=True)
        assert p.dtype == np.int32
        np.testing.assert_array_equal(p, ref_p)
        np.testing.assert_allclose(q, ref_q, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(r, ref_r, rtol=1e-10, atol=1e-12)
        r_only, p_only = jsl.qr(x, pivoting=True, mode="r")
        np.testing.assert_array_equal(p_only, ref_p)
        np.testing.assert_allclose(r_only, scipy.linalg.qr(x, pivoting=True, mode="r")[0],
                                   rtol=1e-10, atol=1e-12)
        tu.check_grads(lambda x: lax.linalg.qr(x, pivoting=True, full_matrices=False)[0], [x],
                       order=1)
    batch = RNG.standard_normal((3, 4, 3))
    tu.check_vmap(lambda x: lax.linalg.qr(x, pivoting=True)[2], [batch], (0,))
