"""The one harness: every record of tests/op_db.py under every check.

Checks: fwd (eager vs NumPy: values, shape, dtype), shape (make_jaxpr / eval_shape vs eager),
jit (vs eager, no retrace), jvp (vs central differences, float64), vjp (inner-product
identity, float64), grad2 (check_grads order=2), vmap (every in_axes combination vs a Python
loop), transpose (exact, linear records), composed (jit(vmap(grad)) vs unjitted and a loop).
Known bugs are strict xfails declared in op_db; written skips carry their reasons.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest
from op_db import OPS

import numjax
from numjax import lax
from numjax._src import test_util as tu

SHORT = {"float32": "f32", "float64": "f64", "int32": "i32", "int64": "i64", "bool": "bool"}
WIDE = {"float64", "int64"}
BATCH = 2
DEFAULT_TOL = {"float32": (1e-6, 1e-7), "float64": (1e-14, 1e-14)}
VMAP_AXES = (0, 1, -1, None)
MAX_AXES_3 = 8  # in_axes combinations sampled for records with 3+ operands


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers


@pytest.fixture(autouse=True)
def _x64(request):
    """Enables jax_enable_x64 for 64-bit dtypes; restores False afterwards (a flag flip: cheap
    enough to do per test, so tests of both widths can interleave)."""
    dtype = request.node.callspec.params.get("dtype") if hasattr(request.node, "callspec") \
        else None
    numjax.config.update("jax_enable_x64", dtype in WIDE)
    yield
    numjax.config.update("jax_enable_x64", False)


def _fmt(v):
    if isinstance(v, (type, np.dtype)):
        return np.dtype(v).name
    if isinstance(v, tuple):
        return "(" + ",".join(_fmt(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    return repr(v).replace(" ", "")


def _case_id(case):
    shapes = "x".join(_fmt(tuple(s)) for s in case.shapes) or "noargs"
    if case.label:
        return f"{shapes}-{case.label}"
    if case.params:
        return shapes + "-" + ",".join(f"{k}={_fmt(v)}" for k, v in case.params.items())
    return shapes


def _params(rec, case, dtype):
    params = dict(case.params)
    if not case.shapes:  # operand-free ops (iota) take the dtype as a param
        params["dtype"] = np.dtype(dtype)
    return params


def _msg(rec, check, case, dtype, params, in_axes=None):
    msg = (f"op={rec.name} check={check} shapes={case.shapes} dtype={dtype} "
           f"params={ {k: _fmt(v) for k, v in params.items()} }")
    return msg + (f" in_axes={in_axes}" if in_axes is not None else "")


def _rng(*key):
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _inputs(rec, case, dtype, batch=None):
    rng = _rng(rec.name, case.shapes, _fmt(case.params), dtype, batch)
    shapes = [tuple(s) if batch is None else (batch, *s) for s in case.shapes]
    return [np.asarray(a) for a in rec.domain(rng, shapes, dtype)]


def _diff_argnums(rec, case):
    return tuple(range(len(case.shapes))) if rec.diff_argnums is None else rec.diff_argnums


def _closure(rec, params, args, argnums):
    """f(*args[argnums]) with the other operands fixed."""
    def f(*xs):
        full = list(args)
        for i, x in zip(argnums, xs):
            full[i] = x
        return rec.fun(*full, **params)

    return f


def _marks(rec, check, dtype, case, in_axes=None):
    marks = []
    if check in rec.skips:
        marks.append(pytest.mark.skip(reason=rec.skips[check]))
    for xf in rec.xfails:
        if xf.check == check and (xf.when is None or xf.when(dtype, case, in_axes)):
            marks.append(pytest.mark.xfail(strict=True, reason=xf.reason))
    return marks


def _cases(check, *, dtypes="all", require_diff=0, linear=False):
    out = []
    for rec in OPS:
        if require_diff and rec.order < require_diff:
            continue
        if linear and not rec.linear:
            continue
        if dtypes == "all":
            dts = rec.dtypes
        elif dtypes == "f64":
            dts = ("float64",) if "float64" in rec.dtypes else ()
        for dtype in dts:
            for case in rec.cases:
                out.append(pytest.param(
                    rec, dtype, case, id=f"{rec.name}-{check}-{SHORT[dtype]}-{_case_id(case)}",
                    marks=_marks(rec, check, dtype, case)))
    return out


def _vmap_dtype(rec):
    for d in ("float64", "int64"):
        if d in rec.dtypes:
            return d
    return rec.dtypes[0]


def _axes_combos(rec, case):
    if rec.vmap_axes is not None:
        combos = list(rec.vmap_axes)
    else:
        combos = list(itertools.product(VMAP_AXES, repeat=len(case.shapes)))
    combos = [c for c in combos if any(a is not None for a in c)
              and all(a != 1 or len(s) >= 1 for a, s in zip(c, case.shapes))]
    if rec.vmap_axes is None and len(case.shapes) >= 3 and len(combos) > MAX_AXES_3:
        step = len(combos) / MAX_AXES_3
        combos = [combos[int(i * step)] for i in range(MAX_AXES_3)]
    return combos


def _vmap_cases():
    out = []
    for rec in OPS:
        dtype = _vmap_dtype(rec)
        for case in rec.cases:
            if not case.shapes:
                out.append(pytest.param(rec, dtype, case, None,
                                        id=f"{rec.name}-vmap-{SHORT[dtype]}-{_case_id(case)}",
                                        marks=[pytest.mark.skip(
                                            reason=rec.skips.get("vmap", "no operands"))]))
                continue
            for axes in _axes_combos(rec, case):
                ax_id = ",".join("N" if a is None else str(a) for a in axes)
                out.append(pytest.param(
                    rec, dtype, case, axes,
                    id=f"{rec.name}-vmap-{SHORT[dtype]}-{_case_id(case)}-in_axes=({ax_id})",
                    marks=_marks(rec, "vmap", dtype, case, axes)))
    return out


def _assert_close(actual, expected, tol, err_msg):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{err_msg}: shape {actual.shape} != {expected.shape}"
    assert actual.dtype == expected.dtype, f"{err_msg}: dtype {actual.dtype} != {expected.dtype}"
    if np.issubdtype(expected.dtype, np.inexact):
        np.testing.assert_allclose(actual, expected, rtol=tol[0], atol=tol[1], err_msg=err_msg)
    else:
        np.testing.assert_array_equal(actual, expected, err_msg=err_msg)


# ---------------------------------------------------------------------------------------------
# Forward: eager vs NumPy, shape rule vs eager, jit vs eager


@pytest.mark.parametrize("rec,dtype,case", _cases("fwd"))
def test_fwd(rec, dtype, case):
    args = _inputs(rec, case, dtype)
    params = _params(rec, case, dtype)
    msg = _msg(rec, "fwd", case, dtype, params)
    out = rec.fun(*args, **params)
    expected = np.asarray(rec.ref(*args, **params))
    assert isinstance(out, numjax.Array), f"{msg}: returned {type(out)}, not numjax.Array"
    _assert_close(out, expected, rec.tol.get(dtype, DEFAULT_TOL.get(dtype, (0, 0))), msg)


@pytest.mark.parametrize("rec,dtype,case", _cases("shape"))
def test_shape_rule(rec, dtype, case):
    args = _inputs(rec, case, dtype)
    params = _params(rec, case, dtype)
    msg = _msg(rec, "shape", case, dtype, params)
    out = np.asarray(rec.fun(*args, **params))

    def f(*xs):
        return rec.fun(*xs, **params)

    staged = numjax.eval_shape(f, *args)
    assert (tuple(staged.shape), np.dtype(staged.dtype)) == (out.shape, out.dtype), (
        f"{msg}: eval_shape gives {staged.dtype}{tuple(staged.shape)}, eager "
        f"{out.dtype}{out.shape}")
    jaxpr = numjax.make_jaxpr(f)(*args)
    (aval,) = jaxpr.out_avals
    assert (tuple(aval.shape), np.dtype(aval.dtype)) == (out.shape, out.dtype), (
        f"{msg}: make_jaxpr out aval {aval}, eager {out.dtype}{out.shape}")


@pytest.mark.parametrize("rec,dtype,case", _cases("jit"))
def test_jit(rec, dtype, case):
    args = _inputs(rec, case, dtype)
    params = _params(rec, case, dtype)
    tu.check_jit(lambda *xs: rec.fun(*xs, **params), args, *rec.jit_tol,
                 err_msg=_msg(rec, "jit", case, dtype, params))


# ---------------------------------------------------------------------------------------------
# Derivatives (float64)


def _diff_setup(rec, case, dtype, check):
    args = _inputs(rec, case, dtype)
    params = _params(rec, case, dtype)
    argnums = _diff_argnums(rec, case)
    f = _closure(rec, params, args, argnums)
    return f, [args[i] for i in argnums], _msg(rec, check, case, dtype, params)


@pytest.mark.parametrize("rec,dtype,case", _cases("jvp", dtypes="f64", require_diff=1))
def test_jvp(rec, dtype, case):
    f, xs, msg = _diff_setup(rec, case, dtype, "jvp")
    tu.check_jvp(f, xs, eps=rec.eps, rtol=rec.grad_tol[0], atol=rec.grad_tol[1], err_msg=msg)


@pytest.mark.parametrize("rec,dtype,case", _cases("vjp", dtypes="f64", require_diff=1))
def test_vjp(rec, dtype, case):
    f, xs, msg = _diff_setup(rec, case, dtype, "vjp")
    tu.check_vjp(f, xs, rtol=rec.grad_tol[0], atol=rec.grad_tol[1], err_msg=msg)


@pytest.mark.parametrize("rec,dtype,case", _cases("grad2", dtypes="f64", require_diff=2))
def test_grad2(rec, dtype, case):
    f, xs, msg = _diff_setup(rec, case, dtype, "grad2")
    tu.check_grads(f, xs, order=2, eps=rec.eps, rtol=rec.grad_tol[0], atol=rec.grad_tol[1],
                   err_msg=msg)


@pytest.mark.parametrize("rec,dtype,case", _cases("transpose", dtypes="f64", linear=True))
def test_transpose(rec, dtype, case):
    args = _inputs(rec, case, dtype)
    params = _params(rec, case, dtype)
    argnums = rec.linear_argnums or _diff_argnums(rec, case)
    f = _closure(rec, params, args, argnums)
    tu.check_transpose_exact(f, [args[i] for i in argnums],
                             err_msg=_msg(rec, "transpose", case, dtype, params))


# ---------------------------------------------------------------------------------------------
# vmap and composed transformations


@pytest.mark.parametrize("rec,dtype,case,in_axes", _vmap_cases())
def test_vmap(rec, dtype, case, in_axes):
    batched = _inputs(rec, case, dtype, batch=BATCH)
    args = [b[0] if ax is None else np.moveaxis(b, 0, ax) for b, ax in zip(batched, in_axes)]
    params = _params(rec, case, dtype)
    tol = rec.vmap_tol.get(dtype, (0.0, 0.0))
    tu.check_vmap(lambda *xs: rec.fun(*xs, **params), args, in_axes, rtol=tol[0], atol=tol[1],
                  err_msg=_msg(rec, "vmap", case, dtype, params, in_axes))


def _composed_cases():
    out = []
    for rec in OPS:
        if rec.order < 1 or "float64" not in rec.dtypes:
            continue
        case = rec.cases[-1]
        out.append(pytest.param(rec, "float64", case,
                                id=f"{rec.name}-composed-f64-{_case_id(case)}",
                                marks=_marks(rec, "composed", "float64", case)))
    return out


@pytest.mark.parametrize("rec,dtype,case", _composed_cases())
def test_composed(rec, dtype, case):
    """jit(vmap(grad(f))) vs vmap(grad(f)) unjitted vs a Python loop over grad(f)."""
    params = _params(rec, case, dtype)
    msg = _msg(rec, "composed", case, dtype, params, in_axes=0)
    batched = _inputs(rec, case, dtype, batch=BATCH)
    argnums = _diff_argnums(rec, case)
    fixed = [b[0] for b in batched]
    f = _closure(rec, params, fixed, argnums)
    out0 = np.asarray(f(*[fixed[i] for i in argnums]))
    w = _rng(rec.name, "w").standard_normal(out0.shape).astype(out0.dtype)

    def scalar(*xs):
        y = f(*xs)
        return lax.reduce_sum(lax.mul(y, w), tuple(range(y.ndim)))

    g = numjax.grad(scalar, argnums=tuple(range(len(argnums))))
    xs = [batched[i] for i in argnums]
    in_axes = (0,) * len(xs)
    eager = numjax.vmap(g, in_axes=in_axes)(*xs)
    jitted = numjax.jit(numjax.vmap(g, in_axes=in_axes))(*xs)
    tu.assert_trees_close(jitted, eager, rtol=1e-12, atol=1e-12,
                          err_msg=f"{msg} [jit(vmap(grad)) vs vmap(grad)]")
    tu.check_vmap(g, xs, in_axes, rtol=1e-12, atol=1e-12,
                  err_msg=f"{msg} [vmap(grad) vs loop]")
