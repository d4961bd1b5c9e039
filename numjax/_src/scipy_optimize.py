"""jax.scipy.optimize: `minimize` with BFGS and (experimental) L-BFGS, and the strong-Wolfe
line search both use.

Everything is written with jnp operations and `lax.while_loop`, so a whole minimisation
stages under `jit` and batches under `vmap` (a batched loop runs until every member is done).
The algorithms follow Nocedal & Wright, "Numerical Optimization" (1999): BFGS is Algorithm
6.1, L-BFGS is Algorithm 7.5 with the two-loop recursion, the line search is Algorithm 3.5
with the zoom of Algorithm 3.6. Iteration details follow JAX 0.10.2 so that results, counts
and status codes agree with it: the first trial step comes from the previous decrease, both
zoom branches are evaluated in every line-search step and selected with `where`, and in
precision below 64 bits a step is never shorter than 1e-8.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .api import value_and_grad
from .lax.loops import fori_loop, while_loop
from .numpy import namespace as jnp


class OptimizeResults(NamedTuple):
    """Result of `minimize`.

    Attributes:
      x: the final point.
      success: True when the gradient norm fell below `gtol` without a line-search failure.
      status: 0 converged, 1 maximum iterations; BFGS: 2 + the line-search status on a
        line-search failure (3 zoom failed, 5 line-search iterations exhausted), -1 otherwise;
        L-BFGS: 2/3 maximum function/gradient evaluations, 4 insufficient progress, 5 line
        search failed.
      fun, jac: objective value and gradient at `x`.
      hess_inv: BFGS's final inverse-Hessian estimate (None for L-BFGS).
      nfev, njev, nit: objective and gradient evaluations, and iterations.
    """

    x: Any
    success: Any
    status: Any
    fun: Any
    jac: Any
    hess_inv: Any
    nfev: Any
    njev: Any
    nit: Any


def minimize(fun, x0, args: tuple = (), *, method: str, tol=None, options=None):
    """scipy.optimize.minimize for `method='BFGS'` (and the experimental
    'l-bfgs-experimental-do-not-rely-on-this').

    As in JAX: `method` is required, gradients come from autodiff, `tol` is accepted and
    ignored (use options['gtol']), and `options` are the solver's keyword arguments — BFGS:
    maxiter (default 200 * x0.size), norm (np.inf), gtol (1e-5), line_search_maxiter (10);
    L-BFGS also maxcor, ftol, maxfun, maxgrad, maxls. `x0` is a 1-D array.
    """
    options = {} if options is None else options
    if not isinstance(args, tuple):
        raise TypeError(f"args argument to jax.scipy.optimize.minimize must be a tuple, got {args}")

    def objective(x):
        return fun(x, *args)

    name = method.lower()
    if name == "bfgs":
        state = minimize_bfgs(objective, x0, **options)
        hess_inv = state.H_k
    elif name == "l-bfgs-experimental-do-not-rely-on-this":
        state = _minimize_lbfgs(objective, x0, **options)
        hess_inv = None
    else:
        raise ValueError(f"Method {method} not recognized")
    return OptimizeResults(
        x=state.x_k,
        success=state.converged & ~state.failed,
        status=state.status,
        fun=state.f_k,
        jac=state.g_k,
        hess_inv=hess_inv,
        nfev=state.nfev,
        njev=state.ngev,
        nit=state.k,
    )


# ---------------------------------------------------------------------------------------------
# line search (strong Wolfe conditions)


class _LineSearchResults(NamedTuple):
    failed: Any
    nit: Any
    nfev: Any
    ngev: Any
    k: Any
    a_k: Any
    f_k: Any
    g_k: Any
    status: Any


class _ZoomState(NamedTuple):
    done: Any
    failed: Any
    j: Any
    a_lo: Any
    phi_lo: Any
    dphi_lo: Any
    a_hi: Any
    phi_hi: Any
    dphi_hi: Any
    a_rec: Any  # the previous a_hi, the third point of the cubic
    phi_rec: Any
    a_star: Any
    phi_star: Any
    dphi_star: Any
    g_star: Any
    nfev: Any
    ngev: Any


def _select(pred, state, **new):
    """state with the named fields replaced by `new` where `pred` holds."""
    return state._replace(**{k: jnp.where(pred, v, getattr(state, k)) for k, v in new.items()})


def _cubicmin(a, fa, fpa, b, fb, c, fc):
    # Minimiser of the cubic through (a, fa) with slope fpa at a, and through (b, fb), (c, fc).
    db, dc = b - a, c - a
    denom = (db * dc) ** 2 * (db - dc)
    rb, rc = fb - fa - fpa * db, fc - fa - fpa * dc
    A = (dc**2 * rb - db**2 * rc) / denom
    B = (-(dc**3) * rb + db**3 * rc) / denom
    return a + (-B + jnp.sqrt(B * B - 3.0 * A * fpa)) / (3.0 * A)


def _quadmin(a, fa, fpa, b, fb):
    # Minimiser of the parabola through (a, fa) with slope fpa at a, and through (b, fb).
    db = b - a
    B = (fb - fa - fpa * db) / db**2
    return a - fpa / (2.0 * B)


def _zoom(phi_dphi, wolfe_one, wolfe_two, lo, hi, g_0, skip):
    """Algorithm 3.6: shrink [a_lo, a_hi] (trying cubic, then quadratic interpolation, then
    bisection) until a point satisfies the strong Wolfe conditions. Runs no iteration where
    `skip` holds."""
    (a_lo, phi_lo, dphi_lo), (a_hi, phi_hi, dphi_hi) = lo, hi
    dtype = phi_lo.dtype
    threshold = 1e-5 if np.finfo(a_lo.dtype).bits < 64 else 1e-10
    state = _ZoomState(
        done=jnp.asarray(False), failed=jnp.asarray(False), j=0,
        a_lo=a_lo, phi_lo=phi_lo, dphi_lo=dphi_lo, a_hi=a_hi, phi_hi=phi_hi, dphi_hi=dphi_hi,
        a_rec=(a_lo + a_hi) / 2.0, phi_rec=(phi_lo + phi_hi) / 2.0,
        a_star=jnp.ones_like(a_lo), phi_star=phi_lo, dphi_star=dphi_lo, g_star=g_0,
        nfev=0, ngev=0,
    )  # fmt: skip

    def body(s):
        dalpha = s.a_hi - s.a_lo
        lo_end, hi_end = jnp.minimum(s.a_hi, s.a_lo), jnp.maximum(s.a_hi, s.a_lo)
        # An interval this small means no Wolfe point can be found: stop and report failure.
        s = s._replace(failed=s.failed | (dalpha <= threshold))
        cubic = _cubicmin(s.a_lo, s.phi_lo, s.dphi_lo, s.a_hi, s.phi_hi, s.a_rec, s.phi_rec)
        use_cubic = (s.j > 0) & (cubic > lo_end + 0.2 * dalpha) & (cubic < hi_end - 0.2 * dalpha)
        quad = _quadmin(s.a_lo, s.phi_lo, s.dphi_lo, s.a_hi, s.phi_hi)
        use_quad = ~use_cubic & (quad > lo_end + 0.1 * dalpha) & (quad < hi_end - 0.1 * dalpha)
        a_j = jnp.where(use_cubic, cubic, jnp.where(use_quad, quad, (s.a_lo + s.a_hi) / 2.0))

        phi_j, dphi_j, g_j = phi_dphi(a_j)
        phi_j, dphi_j = phi_j.astype(dtype), dphi_j.astype(s.dphi_lo.dtype)
        g_j = g_j.astype(s.g_star.dtype)
        s = s._replace(nfev=s.nfev + 1, ngev=s.ngev + 1)

        # Bracket update: a point without sufficient decrease becomes a_hi; a Wolfe point ends
        # the search; otherwise it becomes a_lo, and a_hi takes the old a_lo when the slope
        # at the new point leads back towards it.
        hi_to_j = wolfe_one(a_j, phi_j) | (phi_j >= s.phi_lo)
        star_to_j = wolfe_two(dphi_j) & ~hi_to_j
        hi_to_lo = (dphi_j * (s.a_hi - s.a_lo) >= 0.0) & ~hi_to_j & ~star_to_j
        lo_to_j = ~hi_to_j & ~star_to_j

        s = _select(
            hi_to_j, s, a_hi=a_j, phi_hi=phi_j, dphi_hi=dphi_j, a_rec=s.a_hi, phi_rec=s.phi_hi
        )
        s = _select(star_to_j, s, a_star=a_j, phi_star=phi_j, dphi_star=dphi_j, g_star=g_j)
        s = s._replace(done=s.done | star_to_j)
        s = _select(
            hi_to_lo,
            s,
            a_hi=s.a_lo,
            phi_hi=s.phi_lo,
            dphi_hi=s.dphi_lo,
            a_rec=s.a_hi,
            phi_rec=s.phi_hi,
        )
        s = _select(lo_to_j & ~hi_to_lo, s, a_rec=s.a_lo, phi_rec=s.phi_lo)
        s = _select(lo_to_j, s, a_lo=a_j, phi_lo=phi_j, dphi_lo=dphi_j)
        j = s.j + 1
        return s._replace(j=j, failed=s.failed | (j >= 30))

    return while_loop(lambda s: ~s.done & ~skip & ~s.failed, body, state)


class _LineSearchState(NamedTuple):
    done: Any
    failed: Any
    i: Any
    a_i1: Any  # the previous trial step, its value and slope
    phi_i1: Any
    dphi_i1: Any
    nfev: Any
    ngev: Any
    a_star: Any
    phi_star: Any
    dphi_star: Any
    g_star: Any


def line_search(f, xk, pk, old_fval=None, old_old_fval=None, gfk=None, c1=1e-4, c2=0.9, maxiter=20):
    """Algorithm 3.5: a step a along the descent direction `pk` from `xk` with
    f(xk + a pk) <= f(xk) + c1 a f'(xk; pk) and |f'(xk + a pk; pk)| <= c2 |f'(xk; pk)|.
    Trial steps start at 1 (or the step the previous decrease `old_fval - old_old_fval`
    suggests, if smaller) and double until the conditions hold or a bracket is zoomed."""
    xk, pk = jnp.asarray(xk), jnp.asarray(pk)
    dtype = jnp.result_type(xk, pk, float)
    xk, pk = xk.astype(dtype), pk.astype(dtype)

    def phi_dphi(t):
        value, g = value_and_grad(f)(xk + jnp.asarray(t, dtype) * pk)
        return value, jnp.real(jnp.dot(g, pk)), g

    evaluated_start = old_fval is None or gfk is None
    if evaluated_start:
        phi_0, dphi_0, gfk = phi_dphi(0.0)
    else:
        phi_0, dphi_0 = jnp.asarray(old_fval), jnp.real(jnp.dot(gfk, pk))
    real = dphi_0.dtype
    if old_old_fval is not None:
        guess = 1.01 * 2 * (phi_0 - old_old_fval) / dphi_0
        start = jnp.where(guess > 1, 1.0, guess).astype(real)
    else:
        start = jnp.asarray(1.0, real)

    def wolfe_one(a, phi):  # True when the sufficient-decrease condition FAILS
        return phi > phi_0 + c1 * a * dphi_0

    def wolfe_two(dphi):  # the curvature condition
        return jnp.abs(dphi) <= -c2 * dphi_0

    count = 1 if evaluated_start else 0
    state = _LineSearchState(
        done=jnp.asarray(False), failed=jnp.asarray(False), i=1,
        a_i1=jnp.asarray(0.0, real), phi_i1=phi_0, dphi_i1=dphi_0, nfev=count, ngev=count,
        a_star=jnp.asarray(0.0, real), phi_star=phi_0, dphi_star=dphi_0, g_star=gfk,
    )  # fmt: skip

    def body(s):
        a_i = jnp.where(s.i == 1, start, s.a_i1 * 2.0)
        phi_i, dphi_i, g_i = phi_dphi(a_i)
        to_zoom1 = wolfe_one(a_i, phi_i) | ((phi_i >= s.phi_i1) & (s.i > 1))
        to_i = wolfe_two(dphi_i) & ~to_zoom1
        to_zoom2 = (dphi_i >= 0.0) & ~to_zoom1 & ~to_i
        prev, new = (s.a_i1, s.phi_i1, s.dphi_i1), (a_i, phi_i, dphi_i)
        zoom1 = _zoom(phi_dphi, wolfe_one, wolfe_two, prev, new, gfk, ~to_zoom1)
        zoom2 = _zoom(phi_dphi, wolfe_one, wolfe_two, new, prev, gfk, ~to_zoom2)
        s = s._replace(
            nfev=s.nfev + 1 + zoom1.nfev + zoom2.nfev, ngev=s.ngev + 1 + zoom1.ngev + zoom2.ngev
        )
        for pred, z in ((to_zoom1, zoom1), (to_zoom2, zoom2)):
            s = _select(
                pred,
                s,
                a_star=z.a_star,
                phi_star=z.phi_star,
                dphi_star=z.dphi_star,
                g_star=z.g_star,
            )
            s = s._replace(done=s.done | pred, failed=s.failed | (pred & z.failed))
        s = _select(to_i, s, a_star=a_i, phi_star=phi_i, dphi_star=dphi_i, g_star=g_i)
        return s._replace(done=s.done | to_i, i=s.i + 1, a_i1=a_i, phi_i1=phi_i, dphi_i1=dphi_i)

    s = while_loop(lambda s: ~s.done & (s.i <= maxiter) & ~s.failed, body, state)
    status = jnp.where(s.failed, 1, jnp.where(s.i > maxiter, 3, 0))
    a_k = s.a_star
    if np.finfo(a_k.dtype).bits != 64:  # keep tiny steps from stalling the optimiser
        a_k = jnp.where(jnp.abs(a_k) < 1e-8, jnp.sign(a_k) * 1e-8, a_k)
    return _LineSearchResults(
        failed=s.failed | ~s.done,
        nit=s.i - 1,
        nfev=s.nfev,
        ngev=s.ngev,
        k=s.i,
        a_k=a_k,
        f_k=s.phi_star,
        g_k=s.g_star,
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# BFGS


class _BFGSResults(NamedTuple):
    converged: Any
    failed: Any
    k: Any
    nfev: Any
    ngev: Any
    x_k: Any
    f_k: Any
    g_k: Any
    H_k: Any  # the inverse-Hessian estimate
    old_old_fval: Any
    status: Any
    line_search_status: Any


def _x0_array(x0):
    x0 = jnp.asarray(x0)
    return x0.astype(jnp.result_type(x0, float))


def minimize_bfgs(
    fun, x0, maxiter=None, norm=np.inf, gtol: float = 1e-5, line_search_maxiter: int = 10
):
    x0 = _x0_array(x0)
    if maxiter is None:
        maxiter = np.size(x0) * 200
    d = x0.shape[0]
    f_0, g_0 = value_and_grad(fun)(x0)
    state = _BFGSResults(
        converged=jnp.linalg.norm(g_0, ord=norm) < gtol, failed=jnp.asarray(False), k=0,
        nfev=1, ngev=1, x_k=x0, f_k=f_0, g_k=g_0,
        H_k=jnp.eye(d, dtype=x0.dtype), old_old_fval=f_0 + jnp.linalg.norm(g_0) / 2,
        status=0, line_search_status=0,
    )  # fmt: skip

    def body(s):
        p_k = -jnp.dot(s.H_k, s.g_k)
        ls = line_search(
            fun,
            s.x_k,
            p_k,
            old_fval=s.f_k,
            old_old_fval=s.old_old_fval,
            gfk=s.g_k,
            maxiter=line_search_maxiter,
        )
        s_k = ls.a_k * p_k
        y_k = ls.g_k - s.g_k
        rho_k = jnp.reciprocal(jnp.dot(y_k, s_k))
        # H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T
        w = jnp.eye(d, dtype=rho_k.dtype) - rho_k * jnp.outer(s_k, y_k)
        H_kp1 = w @ s.H_k @ w.T + rho_k * jnp.outer(s_k, s_k)
        return s._replace(
            converged=jnp.linalg.norm(ls.g_k, ord=norm) < gtol,
            failed=ls.failed,
            k=s.k + 1,
            nfev=s.nfev + ls.nfev,
            ngev=s.ngev + ls.ngev,
            x_k=s.x_k + s_k,
            f_k=ls.f_k,
            g_k=ls.g_k,
            H_k=jnp.where(jnp.isfinite(rho_k), H_kp1, s.H_k),
            old_old_fval=s.f_k,
            line_search_status=ls.status,
        )

    s = while_loop(lambda s: ~s.converged & ~s.failed & (s.k < maxiter), body, state)
    failed_status = jnp.where(s.failed, 2 + s.line_search_status, -1)
    status = jnp.where(s.converged, 0, jnp.where(s.k == maxiter, 1, failed_status))
    return s._replace(status=status)


# ---------------------------------------------------------------------------------------------
# L-BFGS


class _LBFGSResults(NamedTuple):
    converged: Any
    failed: Any
    k: Any
    nfev: Any
    ngev: Any
    x_k: Any
    f_k: Any
    g_k: Any
    s_history: Any  # the last `maxcor` steps, oldest first
    y_history: Any  # ... and gradient changes
    rho_history: Any
    gamma: Any  # scale of the initial inverse Hessian
    status: Any
    ls_status: Any


def _minimize_lbfgs(
    fun,
    x0,
    maxiter=None,
    norm=np.inf,
    maxcor: int = 10,
    ftol: float = 2.220446049250313e-09,
    gtol: float = 1e-05,
    maxfun=None,
    maxgrad=None,
    maxls: int = 20,
):
    x0 = _x0_array(x0)
    d, dtype = len(x0), x0.dtype
    if maxiter is None and maxfun is None and maxgrad is None:
        maxiter = d * 200
    maxiter, maxfun, maxgrad = (np.inf if m is None else m for m in (maxiter, maxfun, maxgrad))
    f_0, g_0 = value_and_grad(fun)(x0)
    state = _LBFGSResults(
        converged=jnp.asarray(False), failed=jnp.asarray(False), k=0, nfev=1, ngev=1,
        x_k=x0, f_k=f_0, g_k=g_0, s_history=jnp.zeros((maxcor, d), dtype),
        y_history=jnp.zeros((maxcor, d), dtype), rho_history=jnp.zeros((maxcor,), dtype),
        gamma=jnp.asarray(1.0, g_0.dtype), status=0, ls_status=0,
    )  # fmt: skip

    def push(history, new):
        return jnp.roll(history, -1, axis=0).at[-1].set(new)

    def body(s):
        p_k = _two_loop_recursion(s)
        ls = line_search(fun, s.x_k, p_k, old_fval=s.f_k, gfk=s.g_k, maxiter=maxls)
        s_k = ls.a_k.astype(p_k.dtype) * p_k
        y_k = ls.g_k - s.g_k
        rho_k_inv = jnp.real(jnp.dot(y_k, s_k))
        gamma = rho_k_inv / jnp.real(jnp.dot(jnp.conj(y_k), y_k))
        status = jnp.where(s.f_k - ls.f_k < ftol, 4, 0)
        status = jnp.where(s.ngev >= maxgrad, 3, status)
        status = jnp.where(s.nfev >= maxfun, 2, status)
        status = jnp.where(s.k >= maxiter, 1, status)
        status = jnp.where(ls.failed, 5, status)
        converged = jnp.linalg.norm(ls.g_k, ord=norm) < gtol
        return s._replace(
            converged=converged,
            failed=(status > 0) & ~converged,
            k=s.k + 1,
            nfev=s.nfev + ls.nfev,
            ngev=s.ngev + ls.ngev,
            x_k=(s.x_k + s_k).astype(s.x_k.dtype),
            f_k=ls.f_k.astype(s.f_k.dtype),
            g_k=ls.g_k.astype(s.g_k.dtype),
            s_history=push(s.s_history, s_k),
            y_history=push(s.y_history, y_k),
            rho_history=push(s.rho_history, jnp.reciprocal(rho_k_inv).astype(y_k.dtype)),
            gamma=gamma.astype(s.g_k.dtype),
            status=jnp.where(converged, 0, status),
            ls_status=ls.status,
        )

    return while_loop(lambda s: ~s.converged & ~s.failed, body, state)


def _two_loop_recursion(s):
    """Algorithm 7.4: -H g for the L-BFGS inverse Hessian built from the stored pairs."""
    dtype = s.rho_history.dtype
    size = s.rho_history.shape[0]
    used = jnp.minimum(s.k, size)

    def newest_first(j, carry):
        q, alphas = carry
        i = size - 1 - j
        a_i = s.rho_history[i] * jnp.real(jnp.dot(jnp.conj(s.s_history[i]), q)).astype(dtype)
        return q - a_i * jnp.conj(s.y_history[i]), alphas.at[i].set(a_i)

    q, alphas = fori_loop(0, used, newest_first, (-jnp.conj(s.g_k), jnp.zeros_like(s.rho_history)))

    def oldest_first(j, q):
        i = size - used + j
        b_i = s.rho_history[i] * jnp.real(jnp.dot(s.y_history[i], q)).astype(dtype)
        return q + (alphas[i] - b_i) * s.s_history[i]

    return fori_loop(0, used, oldest_first, s.gamma * q)
