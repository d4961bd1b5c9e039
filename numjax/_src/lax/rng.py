"""Random-number primitives: the threefry2x32 hash, and the two samplers JAX also makes
primitives of (a stable key/value sort for permutations, and the gamma rejection sampler).

threefry2x32 is elementwise over four uint32 operands of one shape and returns two uint32
arrays; its impl is vectorized NumPy uint32 arithmetic (wrapping adds, rotates, xors), the
same 20 rounds as JAX's lowering, so it gives JAX's bits exactly.
"""

from __future__ import annotations

import numpy as np

from ..core import ShapedArray
from ..interpreters.jvp import Zero
from .helpers import bdim_to_front, defzero, primitive

# ---------------------------------------------------------------------------------------------
# threefry2x32

_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))


def _rotl(x, d):
    return (x << np.uint32(d)) | (x >> np.uint32(32 - d))


def threefry2x32_np(k1, k2, x1, x2):
    """The Threefry-2x32 hash (20 rounds) on uint32 NumPy arrays of one shape."""
    k1 = np.asarray(k1, np.uint32)
    k2 = np.asarray(k2, np.uint32)
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
    return threefry2x32_np(k1, k2, x1, x2)


def _threefry_abstract_eval(k1, k2, x1, x2):
    avals = (k1, k2, x1, x2)
    if any(a.dtype != np.uint32 for a in avals):
        raise TypeError("Arguments to threefry2x32 must have uint32 type, got "
                        f"{', '.join(a.dtype.name for a in avals)}")
    if any(a.shape != k1.shape for a in avals):
        raise TypeError("threefry2x32 requires operands of one shape, got "
                        f"{', '.join(str(a.shape) for a in avals)}")
    return [ShapedArray(k1.shape, np.dtype(np.uint32))] * 2


threefry2x32_p = primitive("threefry2x32", _threefry_impl, _threefry_abstract_eval,
                           multiple_results=True, weak_type_rule=False)


def _threefry_batch(args, bdims, **params):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    args = [bdim_to_front(a, d, size) for a, d in zip(args, bdims)]
    return threefry2x32_p.bind(*args), [0, 0]


threefry2x32_p.batch = _threefry_batch
threefry2x32_p.elementwise = True
defzero(threefry2x32_p)


def threefry2x32(k1, k2, x1, x2):
    return threefry2x32_p.bind(k1, k2, x1, x2)


# ---------------------------------------------------------------------------------------------
# sort_key_val: `vals` reordered by a stable sort of `keys` along `dimension` (JAX's
# lax.sort_key_val, used by permutation/shuffle/choice and top_k-style selection).


def _sort_kv_impl(keys, vals, *, dimension):
    idx = np.argsort(keys, axis=dimension, kind="stable")
    return (np.take_along_axis(keys, idx, axis=dimension),
            np.take_along_axis(vals, idx, axis=dimension))


def _sort_kv_abstract_eval(keys, vals, *, dimension):
    if keys.shape != vals.shape:
        raise TypeError(f"sort_key_val requires equal shapes, got {keys.shape}, {vals.shape}")
    return [ShapedArray(keys.shape, keys.dtype), ShapedArray(vals.shape, vals.dtype)]


sort_key_val_p = primitive("sort_key_val", _sort_kv_impl, _sort_kv_abstract_eval,
                           multiple_results=True, weak_type_rule=lambda wk, wv, **_: [wk, wv])


def _sort_kv_batch(args, bdims, *, dimension):
    size = next(a.shape[d] for a, d in zip(args, bdims) if d is not None)
    keys, vals = (bdim_to_front(a, d, size) for a, d in zip(args, bdims))
    return sort_key_val_p.bind(keys, vals, dimension=dimension + 1), [0, 0]


def _sort_kv_jvp(primals, tangents, *, dimension):
    keys, vals = primals
    out = sort_key_val_p.bind(keys, vals, dimension=dimension)
    t = tangents[1]
    if type(t) is Zero:
        return out, [Zero.like(out[0]), Zero.like(out[1])]
    _, t_out = sort_key_val_p.bind(keys, t, dimension=dimension)
    return out, [Zero.like(out[0]), t_out]


sort_key_val_p.batch = _sort_kv_batch
sort_key_val_p.jvp = _sort_kv_jvp


def sort_key_val(keys, vals, dimension=-1):
    nd = len(np.shape(keys)) if not hasattr(keys, "ndim") else keys.ndim
    return sort_key_val_p.bind(keys, vals, dimension=dimension % max(nd, 1))


# ---------------------------------------------------------------------------------------------
# random_gamma: Marsaglia-Tsang with JAX's key schedule, one key per element.
# keys: uint32[..., 2] with the leading dims of `a`; a: float array.


def _np_split(k, n):
    """split(key, n) for keys uint32[m, 2] (partitionable scheme): uint32[m, n, 2]."""
    m = k.shape[0]
    lo = np.broadcast_to(np.arange(n, dtype=np.uint32), (m, n))
    hi = np.zeros((m, n), np.uint32)
    b1, b2 = threefry2x32_np(np.broadcast_to(k[:, :1], (m, n)), np.broadcast_to(k[:, 1:], (m, n)),
                             hi, lo)
    return np.stack([b1, b2], -1)


def _np_bits32(k):
    """bits(key, ()) uint32 for keys uint32[m, 2]."""
    z = np.zeros(k.shape[0], np.uint32)
    b1, b2 = threefry2x32_np(k[:, 0], k[:, 1], z, z)
    return b1 ^ b2


def _np_uniform(k, dtype, lo=0.0, hi=1.0):
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        z = np.zeros(k.shape[0], np.uint32)
        b1, b2 = threefry2x32_np(k[:, 0], k[:, 1], z, z)
        bits = (b1.astype(np.uint64) << np.uint64(32)) | b2.astype(np.uint64)
        f = (bits >> np.uint64(12)).astype(np.float64) * 2.0 ** -52
    else:
        f = ((_np_bits32(k) >> np.uint32(9)).astype(np.float32) * np.float32(2.0 ** -23))
        f = f.astype(dtype)
    lo, hi = dtype.type(lo), dtype.type(hi)
    return np.maximum(lo, (f * (hi - lo) + lo).astype(dtype))


def _np_normal(k, dtype):
    from .. import special

    dtype = np.dtype(dtype)
    lo = np.nextafter(dtype.type(-1.0), dtype.type(0.0))
    u = _np_uniform(k, dtype, lo, 1.0)
    return (dtype.type(np.sqrt(2)) * special.erf_inv(u)).astype(dtype)


def _gamma_one_np(keys, alpha, log_space):
    """Vectorized `_gamma_one` over keys uint32[m, 2] and alpha[m]."""
    dt = alpha.dtype.type
    one = dt(1)
    boost_mask = alpha >= one
    alpha_orig = alpha
    alpha = np.where(boost_mask, alpha, alpha + one)
    d = alpha - dt(1.0 / 3.0)
    c = dt(1.0 / 3.0) / np.sqrt(d)
    ks = _np_split(keys, 2)
    key, subkey = ks[:, 0], ks[:, 1]
    m = alpha.shape[0]
    X = np.zeros(m, alpha.dtype)
    V = np.ones(m, alpha.dtype)
    U = np.full(m, dt(2), alpha.dtype)
    with np.errstate(all="ignore"):
        def cond(X, V, U):
            return (U >= one - dt(0.0331) * (X * X)) & (
                np.log(U) >= X * dt(0.5) + d * (one - V + np.log(V)))

        active = cond(X, V, U)
        while active.any():
            idx = np.nonzero(active)[0]
            k3 = _np_split(key[idx], 3)
            key[idx] = k3[:, 0]
            xkey, ukey = k3[:, 1], k3[:, 2]
            x = np.zeros(idx.size, alpha.dtype)
            v = np.full(idx.size, -one, alpha.dtype)
            inner = v <= 0
            while inner.any():
                j = np.nonzero(inner)[0]
                k2 = _np_split(xkey[j], 2)
                xkey[j] = k2[:, 0]
                xn = _np_normal(k2[:, 1], alpha.dtype)
                x[j] = xn
                v[j] = one + xn * c[idx][j]
                inner = v <= 0
            X[idx] = x * x
            V[idx] = v * v * v
            U[idx] = _np_uniform(ukey, alpha.dtype)
            active = np.zeros(m, bool)
            active[idx] = cond(X, V, U)[idx]
        if log_space:
            u = _np_uniform(subkey, alpha.dtype)
            log_samples = -(-np.log1p(-u))
            log_boost = np.where(boost_mask | (log_samples == 0), dt(0),
                                 log_samples * (one / alpha_orig))
            return (np.log(d) + np.log(V)) + log_boost
        samples = one - _np_uniform(subkey, alpha.dtype)
        boost = np.where(boost_mask, one, np.power(samples, one / alpha_orig))
        return (d * V) * boost


def _gamma_impl(keys, a, *, log_space):
    keys = np.asarray(keys, np.uint32)
    a = np.asarray(a)
    kdims = keys.ndim - 1
    split_count = int(np.prod(a.shape[kdims:], dtype=np.int64))
    flat = keys.reshape(-1, 2)
    per = _np_split(flat, split_count).reshape(-1, 2)
    out = _gamma_one_np(per, a.reshape(-1), log_space)
    return out.astype(a.dtype).reshape(a.shape)


def _gamma_abstract_eval(keys, a, *, log_space):
    return ShapedArray(a.shape, a.dtype)


random_gamma_p = primitive("random_gamma", _gamma_impl, _gamma_abstract_eval,
                           weak_type_rule=False)


def _gamma_batch(args, bdims, *, log_space):
    size = next(x.shape[d] for x, d in zip(args, bdims) if d is not None)
    k, a = (bdim_to_front(x, d, size) for x, d in zip(args, bdims))
    return random_gamma_p.bind(k, a, log_space=log_space), 0


def _gamma_jvp(primals, tangents, *, log_space):
    ans = random_gamma_p.bind(*primals, log_space=log_space)
    if type(tangents[1]) is not Zero:
        raise NotImplementedError(
            "numjax: differentiating jax.random.gamma with respect to `a` is not implemented")
    return ans, Zero.like(ans)


random_gamma_p.batch = _gamma_batch
random_gamma_p.jvp = _gamma_jvp


def random_gamma(keys, a, log_space=False):
    return random_gamma_p.bind(keys, a, log_space=bool(log_space))


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


from .helpers import defjvp, elementwise  # noqa: E402

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
