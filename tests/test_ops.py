"""The one harness: every record of tests/op_db.py under every check.

Checks: fwd (eager vs NumPy: values, shape, dtype), shape (make_jaxpr / eval_shape vs eager),
jit (vs eager, no retrace), jvp (vs central differences, float64), vjp (inner-product
identity, float64), grad2 (check_grads order=2), vmap (every in_axes combination vs a Python
loop, plus its cost: the primitives bound do not depend on the batch size and are at most a
few more than for one example), nested vmap (vmap of vmap vs a double loop, a sample of axes),
vmap of jvp (vs a loop of jvp), transpose (exact, linear records), composed (jit(vmap(grad))
vs unjitted and a loop). Skip the cost check of a record with skips={"vmap_cost": reason}.
Known bugs are strict xfails declared in op_db; written skips carry their reasons.
"""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest
from op_db import OPS

import numjax
from numjax._src import test_util as tu

SHORT = {"float32": "f32", "float64": "f64", "int32": "i32", "int64": "i64", "bool": "bool",
         "uint32": "u32", "uint64": "u64", "uint8": "u8", "int8": "i8", "float16": "f16",
         "bfloat16": "bf16", "complex64": "c64", "complex128": "c128"}
WIDE = {"float64", "int64", "uint64", "complex128"}
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
    msg = _msg(rec, "vmap", case, dtype, params, in_axes)
    f = lambda *xs: rec.fun(*xs, **params)
    tu.check_vmap(f, args, in_axes, rtol=tol[0], atol=tol[1], err_msg=msg)
    if "vmap_cost" not in rec.skips:
        _check_vmap_cost(f, args, in_axes, msg)


def _eqns(f, args):
    return [str(e.primitive) for e in numjax.make_jaxpr(f)(*args).jaxpr.eqns]


def _check_vmap_cost(f, args, in_axes, msg):
    """vmap(f) binds the same primitives whatever the batch size (whole-array rules, never a
    loop over examples), and at most a few more than f on one example: one alignment op
    (broadcast or transpose) per operand, the out_axes move, and index bookkeeping (gather)."""
    example = [a if ax is None else np.take(a, 0, axis=ax) for a, ax in zip(args, in_axes)]
    single = _eqns(f, example)
    batched = _eqns(numjax.vmap(f, in_axes=in_axes), args)
    bigger = [a if ax is None else np.concatenate([a, np.take(a, [0], axis=ax)], axis=ax)
              for a, ax in zip(args, in_axes)]
    batched_bigger = _eqns(numjax.vmap(f, in_axes=in_axes), bigger)
    assert batched == batched_bigger, (
        f"{msg} [vmap cost] primitives depend on the batch size: {batched} for "
        f"{BATCH} examples, {batched_bigger} for {BATCH + 1}")
    for name in set(batched):
        if name not in _ALIGN and single.count(name):
            assert batched.count(name) <= single.count(name), (
                f"{msg} [vmap cost] {name} bound {batched.count(name)} times under vmap, "
                f"{single.count(name)} for one example: {batched}")
    assert len(batched) <= len(single) + len(args) + 3, (
        f"{msg} [vmap cost] {len(batched)} primitives under vmap vs {len(single)} for one "
        f"example: {batched} vs {single}")


_ALIGN = ("broadcast_in_dim", "transpose", "reshape", "iota", "concatenate")


# ---------------------------------------------------------------------------------------------
# Nested vmap and vmap of jvp (first case of each record, a deterministic sample of axes)

OUTER, INNER = 2, 3


def _nested_patterns(n):
    """(outer in_axes, inner in_axes) pairs; the inner axis is 0 of the per-outer example."""
    pats = [((0,) * n, (0,) * n)]
    if n > 1:
        pats.append(((-1,) + (None,) * (n - 1), (0,) * n))
        pats.append(((0,) * n, (None,) + (0,) * (n - 1)))
    else:
        pats.append(((-1,), (0,)))
    return pats


def _nested_cases():
    out = []
    for rec in OPS:
        case = next((c for c in rec.cases if c.shapes), None)
        if case is None or "vmap" in rec.skips:
            continue
        dtype = _vmap_dtype(rec)
        for outer, inner in _nested_patterns(len(case.shapes)):
            ax_id = "/".join(",".join("N" if a is None else str(a) for a in axes)
                             for axes in (outer, inner))
            out.append(pytest.param(rec, dtype, case, outer, inner,
                                    id=f"{rec.name}-nested_vmap-{SHORT[dtype]}-"
                                       f"{_case_id(case)}-({ax_id})",
                                    marks=_marks(rec, "vmap", dtype, case, outer)))
    return out


@pytest.mark.parametrize("rec,dtype,case,outer,inner", _nested_cases())
def test_nested_vmap(rec, dtype, case, outer, inner):
    """vmap(vmap(f, inner), outer) vs a double Python loop."""
    params = _params(rec, case, dtype)
    flat = _inputs(rec, case, dtype, batch=OUTER * INNER)
    full = [a.reshape(OUTER, INNER, *a.shape[1:]) for a in flat]
    args = []
    for a, o, i in zip(full, outer, inner):
        a = a if i is not None else a[:, 0]
        args.append(a[0] if o is None else np.moveaxis(a, 0, o))

    def f(*xs):
        return rec.fun(*xs, **params)

    got = numjax.vmap(numjax.vmap(f, in_axes=inner), in_axes=outer)(*args)
    rows = []
    for k in range(OUTER):
        per_outer = [a if o is None else np.take(a, k, axis=o) for a, o in zip(args, outer)]
        rows.append(np.stack([np.asarray(f(*[a if i is None else a[j]
                                               for a, i in zip(per_outer, inner)]))
                              for j in range(INNER)]))
    tol = rec.vmap_tol.get(dtype, (0.0, 0.0))
    _assert_close(got, np.stack(rows), tol,
                  _msg(rec, "nested_vmap", case, dtype, params, (outer, inner)))


def _vmap_jvp_cases():
    out = []
    for rec in OPS:
        if rec.order < 1 or "float64" not in rec.dtypes:
            continue
        case = rec.cases[-1]
        out.append(pytest.param(rec, "float64", case,
                                id=f"{rec.name}-vmap_jvp-f64-{_case_id(case)}",
                                marks=_marks(rec, "jvp", "float64", case)))
    return out


@pytest.mark.parametrize("rec,dtype,case", _vmap_jvp_cases())
def test_vmap_of_jvp(rec, dtype, case):
    """vmap(jvp(f)) over primals and tangents vs a Python loop over jvp(f)."""
    params = _params(rec, case, dtype)
    batched = _inputs(rec, case, dtype, batch=BATCH)
    argnums = _diff_argnums(rec, case)
    fixed = [b[0] for b in batched]
    f = _closure(rec, params, fixed, argnums)
    xs = [batched[i] for i in argnums]
    ts = [_rng(rec.name, "t", i).standard_normal(x.shape).astype(x.dtype)
          for i, x in enumerate(xs)]
    n = len(xs)

    def fwd(*pt):
        return numjax.jvp(f, tuple(pt[:n]), tuple(pt[n:]))

    tu.check_vmap(fwd, [*xs, *ts], (0,) * (2 * n), rtol=1e-12, atol=1e-12,
                  err_msg=_msg(rec, "vmap_jvp", case, dtype, params, in_axes=0))
