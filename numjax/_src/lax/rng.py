"""Random-number primitives: the threefry2x32 hash; random_gamma, the rejection sampler JAX
also makes a primitive of (a NumPy kernel that replays JAX's per-element key splits and
draws); random_gamma_grad, its implicit-reparameterization derivative; and random_fma, the
fused multiply-add XLA's CPU backend applies to uniform's scale-and-shift. Also the Giles
erf_inv coefficients XLA uses, shared with random.py's normal sampler.

threefry2x32 is elementwise over four uint32 operands of one shape and returns two uint32
arrays; its impl is vectorized NumPy uint32 arithmetic (wrapping adds, rotates, xors), the same
20 rounds as JAX's lowering, so it gives JAX's bits exactly. Must not import numjax.numpy.
"""

from __future__ import annotations

import math

import numpy as np

from ..core import ShapedArray
from ..interpreters.jvp import Zero
from .helpers import bdim_to_front, defjvp, defzero, elementwise, primitive, quiet_errors

# ---------------------------------------------------------------------------------------------
# threefry2x32

_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))


def _rotl(x, d):
    return (x << np.uint32(d)) | (x >> np.uint32(32 - d))


def _threefry_scalars(k1, k2, x1, x2):
    """The same rounds on Python ints, one element at a time: for a few elements (the
    split/fold_in of a single key) this is ~10x cheaper than ~120 tiny NumPy calls."""
    m = 0xFFFFFFFF
    out1, out2 = [], []
    for a, b, y0, y1 in zip(k1.tolist(), k2.tolist(), x1.tolist(), x2.tolist(), strict=True):
        ks = (a, b, a ^ b ^ 0x1BD11BDA)
        y0, y1 = (y0 + a) & m, (y1 + b) & m
        for i in range(5):
            for r in _ROTATIONS[i % 2]:
                y0 = (y0 + y1) & m
                y1 = (((y1 << r) | (y1 >> (32 - r))) & m) ^ y0
            y0 = (y0 + ks[(i + 1) % 3]) & m
            y1 = (y1 + ks[(i + 2) % 3] + i + 1) & m
        out1.append(y0)
        out2.append(y1)
    return np.array(out1, np.uint32), np.array(out2, np.uint32)


def threefry2x32_np(k1, k2, x1, x2):
    """The Threefry-2x32 hash (20 rounds) on uint32 NumPy arrays (broadcast together)."""
    k1 = np.asarray(k1, np.uint32)
    k2 = np.asarray(k2, np.uint32)
    shape = np.broadcast_shapes(k1.shape, k2.shape, np.shape(x1), np.shape(x2))
    if math.prod(shape) <= 8:
        args = (np.asarray(v, np.uint32) for v in (k1, k2, x1, x2))
        args = (v.ravel() if v.shape == shape else np.broadcast_to(v, shape).ravel() for v in args)
        y1, y2 = _threefry_scalars(*args)
        return y1.reshape(shape), y2.reshape(shape)
    ks = (k1, k2, k1 ^ k2 ^ np.uint32(0x1BD11BDA))
    with np.errstate(over="ignore"):
        x0 = np.asarray(x1, np.uint32) + ks[0]
        x1 = np.asarray(x2, np.uint32) + ks[1]
        for i in range(5):
            for r in _ROTATIONS[i % 2]:
                x0 = x0 + x1
                x1 = _rotl(x1, r) ^ x0
            x0 = x0 + ks[(i + 1) % 3]
            x1 = x1 + ks[(i + 2) % 3] + np.uint32(i + 1)
    return x0, x1


def _threefry_impl(k1, k2, x1, x2):
    return list(threefry2x32_np(k1, k2, x1, x2))


def _threefry_abstract_eval(k1, k2, x1, x2):
    avals = (k1, k2, x1, x2)
    if any(a.dtype != np.uint32 for a in avals):
        raise TypeError(
            "Arguments to threefry2x32 must have uint32 type, got "
            f"{', '.join(a.dtype.name for a in avals)}"
        )
    if any(a.shape != k1.shape for a in avals):
        raise TypeError(
            "threefry2x32 requires operands of one shape, got "
            f"{', '.join(str(a.shape) for a in avals)}"
        )
    return [ShapedArray(k1.shape, np.dtype(np.uint32))] * 2


threefry2x32_p = primitive(
    "threefry2x32",
    _threefry_impl,
    _threefry_abstract_eval,
    multiple_results=True,
    weak_type_rule=False,
)


def _threefry_batch(args, bdims):
    size = next(a.shape[d] for a, d in zip(args, bdims, strict=True) if d is not None)
    args = [bdim_to_front(a, d, size) for a, d in zip(args, bdims, strict=True)]
    return threefry2x32_p.bind(*args), [0, 0]


threefry2x32_p.batch = _threefry_batch
threefry2x32_p.elementwise = True
defzero(threefry2x32_p)


def threefry2x32(k1, k2, x1, x2):
    """JAX's `prng.threefry2x32_p`: two uint32 outputs from key words k1, k2 and counts x1, x2."""
    return threefry2x32_p.bind(k1, k2, x1, x2)


# ---------------------------------------------------------------------------------------------
# random_gamma: Marsaglia-Tsang with JAX's key schedule, one key per element.
# keys: uint32[..., 2] with the leading dims of `a`; a: float array.


def _np_split(k, n, part):
    """split(key, n) for keys uint32[m, 2]: uint32[m, n, 2], in either threefry scheme."""
    m = k.shape[0]
    if part:  # counter i hashed as the 64-bit (hi, lo) = (0, i)
        b1, b2 = threefry2x32_np(
            k[:, :1],
            k[:, 1:],
            np.zeros((m, n), np.uint32),
            np.broadcast_to(np.arange(n, dtype=np.uint32), (m, n)),
        )
        return np.stack([b1, b2], -1)
    # original scheme: counts 0..2n-1 hashed in halves, outputs concatenated
    b1, b2 = threefry2x32_np(
        k[:, :1], k[:, 1:], np.arange(n, dtype=np.uint32), np.arange(n, 2 * n, dtype=np.uint32)
    )
    return np.concatenate([b1, b2], 1).reshape(m, n, 2)


def _np_bits(k, width, part):
    """bits(key, ()) of `width` 32 or 64 for keys uint32[m, 2]."""
    z = np.zeros(k.shape[0], np.uint32)
    b1, b2 = threefry2x32_np(k[:, 0], k[:, 1], z, z if part or width == 32 else z + 1)
    if width == 32:
        return b1 ^ b2 if part else b1
    return (b1.astype(np.uint64) << np.uint64(32)) | b2.astype(np.uint64)


def _np_uniform(k, dtype, part, lo=0.0, hi=1.0):
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        f = (_np_bits(k, 64, part) >> np.uint64(12)).astype(np.float64) * 2.0**-52
    else:
        f = (_np_bits(k, 32, part) >> np.uint32(9)).astype(np.float32) * np.float32(2.0**-23)
        f = f.astype(dtype)
    lo, hi = dtype.type(lo), dtype.type(hi)
    return np.maximum(lo, _fma_impl(f, np.full_like(f, hi - lo), np.full_like(f, lo)))


# Giles' erf_inv approximations ("Approximating the erfinv function", GPU Computing Gems, 2011),
# the ones XLA evaluates. With w = -log1p(-x*x), branch i applies while w < GILES[dtype][i][0]:
# erf_inv(x) = x * poly(t), t = w - shift (first branch) or sqrt(w) - shift (the others).
# float32 Horner steps are fused multiply-adds (XLA contracts them); float64 steps are not
# fused here (an exact float64 fma costs ~20 NumPy operations per step).
GILES = {
    np.dtype(np.float32): (
        (
            5.0,
            2.5,
            (
                2.81022636e-08,
                3.43273939e-07,
                -3.5233877e-06,
                -4.39150654e-06,
                0.00021858087,
                -0.00125372503,
                -0.00417768164,
                0.246640727,
                1.50140941,
            ),
        ),
        (
            np.inf,
            3.0,
            (
                -0.000200214257,
                0.000100950558,
                0.00134934322,
                -0.00367342844,
                0.00573950773,
                -0.0076224613,
                0.00943887047,
                1.00167406,
                2.83297682,
            ),
        ),
    ),
    np.dtype(np.float64): (
        (
            6.25,
            3.125,
            (
                -3.6444120640178196996e-21,
                -1.685059138182016589e-19,
                1.2858480715256400167e-18,
                1.115787767802518096e-17,
                -1.333171662854620906e-16,
                2.0972767875968561637e-17,
                6.6376381343583238325e-15,
                -4.0545662729752068639e-14,
                -8.1519341976054721522e-14,
                2.6335093153082322977e-12,
                -1.2975133253453532498e-11,
                -5.4154120542946279317e-11,
                1.051212273321532285e-09,
                -4.1126339803469836976e-09,
                -2.9070369957882005086e-08,
                4.2347877827932403518e-07,
                -1.3654692000834678645e-06,
                -1.3882523362786468719e-05,
                0.0001867342080340571352,
                -0.00074070253416626697512,
                -0.0060336708714301490533,
                0.24015818242558961693,
                1.6536545626831027356,
            ),
        ),
        (
            16.0,
            3.25,
            (
                2.2137376921775787049e-09,
                9.0756561938885390979e-08,
                -2.7517406297064545428e-07,
                1.8239629214389227755e-08,
                1.5027403968909827627e-06,
                -4.013867526981545969e-06,
                2.9234449089955446044e-06,
                1.2475304481671778723e-05,
                -4.7318229009055733981e-05,
                6.8284851459573175448e-05,
                2.4031110387097893999e-05,
                -0.0003550375203628474796,
                0.00095328937973738049703,
                -0.0016882755560235047313,
                0.0024914420961078508066,
                -0.0037512085075692412107,
                0.005370914553590063617,
                1.0052589676941592334,
                3.0838856104922207635,
            ),
        ),
        (
            np.inf,
            5.0,
            (
                -2.7109920616438573243e-11,
                -2.5556418169965252055e-10,
                1.5076572693500548083e-09,
                -3.7894654401267369937e-09,
                7.6157012080783393804e-09,
                -1.4960026627149240478e-08,
                2.9147953450901080826e-08,
                -6.7711997758452339498e-08,
                2.2900482228026654717e-07,
                -9.9298272942317002539e-07,
                4.5260625972231537039e-06,
                -1.9681778105531670567e-05,
                7.5995277030017761139e-05,
                -0.00021503011930044477347,
                -0.00013871931833623122026,
                1.0103004648645343977,
                4.8499064014085844221,
            ),
        ),
    ),
}


def np_erf_inv(x):
    """erf_inv by GILES (float32/float64; other dtypes: the correctly rounded kernel)."""
    from .. import special

    branches = GILES.get(x.dtype)
    if branches is None:
        return special.erf_inv(x)
    t = x.dtype.type
    with np.errstate(all="ignore"):
        w = -np.log1p(-(x * x))
        out = np.full_like(x, np.nan)
        lower = t(0)
        for i, (upper, shift, coeffs) in enumerate(branches):
            m = (w >= lower) & (w < upper) if i else w < upper
            wm = w[m] - t(shift) if i == 0 else np.sqrt(w[m]) - t(shift)
            p = np.full_like(wm, coeffs[0])
            for c in coeffs[1:]:
                p = _fma_impl(p, wm, np.full_like(wm, c)) if t is np.float32 else p * wm + t(c)
            out[m] = p * x[m]
            lower = t(upper)
        return np.where(np.abs(x) == 1, np.where(x > 0, t(np.inf), t(-np.inf)), out)


def _np_normal(k, dtype, part):
    dtype = np.dtype(dtype)
    lo = np.nextafter(dtype.type(-1.0), dtype.type(0.0))
    u = _np_uniform(k, dtype, part, lo, 1.0)
    return (dtype.type(np.sqrt(2)) * np_erf_inv(u)).astype(dtype)


def _gamma_one_np(keys, alpha, log_space, part):
    """Marsaglia-Tsang over keys uint32[m, 2] and alpha[m]; each element runs JAX's loop
    (same key splits, same draws) until accepted."""
    dt = alpha.dtype.type
    one = dt(1)
    boost_mask = alpha >= one
    alpha_orig = alpha
    alpha = np.where(boost_mask, alpha, alpha + one)
    d = alpha - dt(1.0 / 3.0)
    c = dt(1.0 / 3.0) / np.sqrt(d)
    ks = _np_split(keys, 2, part)
    key, subkey = ks[:, 0], ks[:, 1]
    m = alpha.shape[0]
    X = np.zeros(m, alpha.dtype)
    V = np.ones(m, alpha.dtype)
    U = np.full(m, dt(2), alpha.dtype)
    with np.errstate(all="ignore"):

        def cond(X, V, U):
            return (U >= one - dt(0.0331) * (X * X)) & (
                np.log(U) >= X * dt(0.5) + d * (one - V + np.log(V))
            )

        active = cond(X, V, U)
        while active.any():
            idx = np.nonzero(active)[0]
            k3 = _np_split(key[idx], 3, part)
            key[idx] = k3[:, 0]
            xkey, ukey = k3[:, 1], k3[:, 2]
            x = np.zeros(idx.size, alpha.dtype)
            v = np.full(idx.size, -one, alpha.dtype)
            inner = v <= 0
            while inner.any():
                j = np.nonzero(inner)[0]
                k2 = _np_split(xkey[j], 2, part)
                xkey[j] = k2[:, 0]
                xn = _np_normal(k2[:, 1], alpha.dtype, part)
                x[j] = xn
                v[j] = one + xn * c[idx][j]
                inner = v <= 0
            X[idx] = x * x
            V[idx] = v * v * v
            U[idx] = _np_uniform(ukey, alpha.dtype, part)
            active = np.zeros(m, bool)
            active[idx] = cond(X, V, U)[idx]
        if log_space:
            u = _np_uniform(subkey, alpha.dtype, part)
            log_samples = np.log1p(-u)  # minus an Exponential(1) draw
            log_boost = np.where(
                boost_mask | (log_samples == 0), dt(0), log_samples * (one / alpha_orig)
            )
            return (np.log(d) + np.log(V)) + log_boost
        samples = one - _np_uniform(subkey, alpha.dtype, part)
        boost = np.where(boost_mask, one, np.power(samples, one / alpha_orig))
        return (d * V) * boost


def _gamma_impl(keys, a, *, log_space, partitionable):
    keys = np.asarray(keys, np.uint32)
    a = np.asarray(a)
    kdims = keys.ndim - 1
    split_count = int(np.prod(a.shape[kdims:], dtype=np.int64))
    flat = keys.reshape(-1, 2)
    per = _np_split(flat, split_count, partitionable).reshape(-1, 2)
    out = _gamma_one_np(per, a.reshape(-1), log_space, partitionable)
    return out.astype(a.dtype).reshape(a.shape)


def _gamma_abstract_eval(keys, a, **params):
    if (
        keys.dtype != np.uint32
        or keys.shape[-1:] != (2,)
        or a.shape[: keys.ndim - 1] != keys.shape[:-1]
    ):
        raise TypeError(
            f"random_gamma expects keys uint32[..., 2] leading the shape of `a`; "
            f"got {keys.str_short()} and {a.str_short()}"
        )
    return ShapedArray(a.shape, a.dtype)


random_gamma_p = primitive("random_gamma", _gamma_impl, _gamma_abstract_eval, weak_type_rule=False)


def _gamma_batch(args, bdims, **params):
    size = next(x.shape[d] for x, d in zip(args, bdims, strict=True) if d is not None)
    k, a = (bdim_to_front(x, d, size) for x, d in zip(args, bdims, strict=True))
    return random_gamma_p.bind(k, a, **params), 0


def _gamma_jvp(primals, tangents, *, log_space, partitionable):
    from .elementwise import div, eq, exp, mul, select
    from .helpers import full_like

    keys, a = primals
    ans = random_gamma_p.bind(keys, a, log_space=log_space, partitionable=partitionable)
    a_dot = tangents[1]
    if type(a_dot) is Zero:
        return ans, Zero.like(ans)
    if log_space:
        # d log(x) = dx / x; exp(log x) can round to 0, so use the smallest normal instead
        x = exp(ans)
        x = select(eq(x, full_like(x, 0)), full_like(x, np.finfo(x.dtype).tiny), x)
        grad = div(random_gamma_grad(a, x), x)
    else:
        grad = random_gamma_grad(a, ans)
    return ans, mul(a_dot, grad)


random_gamma_p.batch = _gamma_batch
random_gamma_p.jvp = _gamma_jvp


def random_gamma(keys, a, log_space=False, partitionable=True):
    """Gamma(a, 1) samples (or their logs), one per element of `a`; `keys` uint32[..., 2] lead
    `a`'s shape. `partitionable` picks the threefry key schedule the sampler splits with."""
    return random_gamma_p.bind(
        keys, a, log_space=bool(log_space), partitionable=bool(partitionable)
    )


# ---------------------------------------------------------------------------------------------
# random_gamma_grad: d sample / d a for a Gamma(a, 1) sample x, by implicit differentiation
# of its CDF: dx/da = -(dP(a, x)/da) / pdf(x). P (series, x < a + 1) or Q = 1 - P (continued
# fraction) is evaluated together with its a-derivative (forward mode through the
# iteration), in float64; the prefactor exp(a log x - x - lgamma(a)) cancels against the pdf.


def _gamma_grad_series(a, x):
    from .. import special

    term = 1.0 / a
    dterm = -1.0 / (a * a)
    s, ds = term.copy(), dterm.copy()
    ap = a.copy()
    active = np.ones(a.shape, bool)  # per element, so results never depend on the batch
    for _ in range(5000):
        ap = ap + 1.0
        dterm = dterm * x / ap - term * x / (ap * ap)
        term = term * x / ap
        s, ds = np.where(active, s + term, s), np.where(active, ds + dterm, ds)
        active &= (np.abs(term) > np.abs(s) * 1e-17) | (np.abs(dterm) > np.abs(ds) * 1e-17)
        if not active.any():
            break
    dlog = np.log(x) - special.digamma(a)
    return -x * (dlog * s + ds)


def _gamma_grad_cf(a, x):
    from .. import special

    b = x + 1.0 - a
    db = -np.ones_like(a)
    c = np.full_like(a, 1e150)  # "infinite" start of modified Lentz; c * c stays finite
    dc = np.zeros_like(a)
    d = 1.0 / b
    dd = -db * d * d
    h, dh = d.copy(), dd.copy()
    active = np.ones(a.shape, bool)
    for i in range(1, 5000):
        an, dan = -i * (i - a), float(i)
        b = b + 2.0
        den = an * d + b
        d_new = 1.0 / den
        dd = -(dan * d + an * dd + db) * d_new * d_new
        d = d_new
        dc = db + (dan * c - an * dc) / (c * c)
        c = b + an / c
        delta, ddelta = c * d, dc * d + c * dd
        new_dh = dh * delta + h * ddelta
        # at integer a the fraction for h ends (delta == 1) before the one for dh does
        moving = (np.abs(delta - 1.0) > 1e-16) | (np.abs(new_dh - dh) > 1e-16 * np.abs(new_dh))
        h, dh = np.where(active, h * delta, h), np.where(active, new_dh, dh)
        active &= moving
        if not active.any():
            break
    dlog = np.log(x) - special.digamma(a)
    return x * (dlog * h + dh)


def _gamma_grad_impl(a, x):
    a, x = np.broadcast_arrays(a, x)  # lax broadcasts rank-0 and size-1 operands
    dtype = np.result_type(a)
    a64 = np.asarray(a, np.float64).ravel()
    x64 = np.asarray(x, np.float64).ravel()
    out = np.full(a64.shape, np.nan)
    ok = (a64 > 0) & (x64 > 0) & np.isfinite(a64) & np.isfinite(x64)
    series = ok & (x64 < a64 + 1.0)
    cf = ok & ~series
    with np.errstate(all="ignore"):
        if series.any():
            out[series] = _gamma_grad_series(a64[series], x64[series])
        if cf.any():
            out[cf] = _gamma_grad_cf(a64[cf], x64[cf])
    out[(x64 == 0) & (a64 > 0)] = 0.0
    return out.reshape(np.shape(a)).astype(dtype)


def _gamma_grad_second_order(t, ans, a, x):
    raise ValueError(
        "numjax: jax.random.gamma samples are differentiable once with respect "
        "to `a` (random_gamma_grad has no derivative; JAX refuses this too)"
    )


random_gamma_grad_p = elementwise("random_gamma_grad", _gamma_grad_impl, 2, accepts="real")
defjvp(random_gamma_grad_p, _gamma_grad_second_order, _gamma_grad_second_order)


def random_gamma_grad(a, x):
    """`lax.random_gamma_grad`: d sample / d a for samples x of Gamma(a, 1)."""
    return random_gamma_grad_p.bind(a, x)


# ---------------------------------------------------------------------------------------------
# fma: x * y + z rounded once, as XLA's CPU backend contracts uniform's scale-and-shift.
# Exact for float16/bfloat16/float32 (computed in float64); float64 rounds twice.


def _fma_impl(x, y, z):
    if x.dtype.itemsize <= 4:
        return (x.astype(np.float64) * y.astype(np.float64) + z.astype(np.float64)).astype(x.dtype)
    # float64: error-free product (Dekker) and sum (Knuth), then one final rounding.
    with np.errstate(all="ignore"):
        prod = x * y
        c = 134217729.0 * x
        xh = c - (c - x)
        xl = x - xh
        c = 134217729.0 * y
        yh = c - (c - y)
        yl = y - yh
        err = ((xh * yh - prod) + xh * yl + xl * yh) + xl * yl
        s = prod + z
        bp = s - prod
        t = (prod - (s - bp)) + (z - bp)
        out = s + (t + err)
    return np.where(np.isfinite(out), out, prod + z).astype(x.dtype)


fma_p = elementwise("random_fma", _fma_impl, 3, accepts="float")


def _fma_dx(t, ans, x, y, z):
    from .elementwise import mul

    return mul(t, y)


def _fma_dy(t, ans, x, y, z):
    from .elementwise import mul

    return mul(x, t)


defjvp(fma_p, _fma_dx, _fma_dy, lambda t, ans, x, y, z: t)


def fma(x, y, z):
    return fma_p.bind(x, y, z)


# Impls that meet overflow, log(0) or 0/0 in ordinary use: silent, as JAX.
quiet_errors(random_gamma_p, random_gamma_grad_p, fma_p)
