"""jax.lax.gather / scatter* with XLA dimension numbers (numjax/_src/lax/gather_scatter_api.py).

Each case runs eagerly and under jit and is compared with the output recorded from JAX 0.10.2
(GATHER_EXPECTED / SCATTER_EXPECTED below); a few also under grad (vs central differences in
float64, and one gradient recorded from JAX) and vmap (vs a Python loop). Error messages for
bad dimension numbers were recorded from JAX 0.10.2 too.
"""

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax import lax
from numjax._src.test_util import check_grads, check_vmap

NAN = float("nan")

# Gather cases: name -> (operand shape, operand dtype, indices, index dtype, GatherDimensionNumbers
# fields (offset_dims, collapsed_slice_dims, start_index_map[, operand_batching_dims,
# start_indices_batching_dims]), slice_sizes, mode, fill_value). The operand is
# arange(size).reshape(shape).
GATHER_CASES = {
    "x[i]": ((5,), "float32", [[3], [0], [4]], "int32", ((), (0,), (0,)), (1,), None, None),
    "x[i]_rows": ((4, 3), "float32", [[2], [0]], "int32", ((1,), (0,), (0,)), (1, 3), None, None),
    "x[:,i]": ((3, 4), "float32", [[1], [3], [0]], "int32", ((0,), (1,), (1,)), (3, 1), None,
               None),
    "x[i,j]": ((3, 4), "float32", [[0, 1], [2, 3]], "int32", ((), (0, 1), (0, 1)), (1, 1), None,
               None),
    "x[i,j]_3d": ((2, 3, 4), "float32", [[1, 2], [0, 0]], "int32", ((1,), (0, 1), (0, 1)),
                  (1, 1, 4), None, None),
    "x[:,i,:]": ((2, 3, 4), "float32", [[2], [0]], "int32", ((0, 2), (1,), (1,)), (2, 1, 4),
                 None, None),
    "x[i]_2d_indices": ((5, 2), "float32", [[[1], [4]], [[0], [2]]], "int32", ((2,), (0,), (0,)),
                        (1, 2), None, None),
    "take_along_axis": ((2, 4), "float32", [[[3], [0], [1]], [[2], [2], [0]]], "int32",
                        ((), (1,), (1,), (0,), (0,)), (1, 1), None, None),
    "window_1d": ((10,), "float32", [[2], [5]], "int32", ((1,), (), (0,)), (3,), None, None),
    "window_1d_offset_first": ((10,), "float32", [[2], [5]], "int32", ((0,), (), (0,)), (3,),
                               None, None),
    "window_2d_clip": ((4, 5), "float32", [[1, 2], [0, 0], [3, 4]], "int32", ((1, 2), (), (0, 1)),
                       (2, 3), "clip", None),
    "window_2d_batch_middle": ((4, 5), "float32", [[1, 2], [0, 0], [3, 4]], "int32",
                               ((0, 2), (), (0, 1)), (2, 3), "clip", None),
    "window_2d_fill": ((4, 5), "float32", [[1, 2], [0, 0], [3, 4], [2, 2]], "int32",
                       ((1, 2), (), (0, 1)), (2, 3), "fill", None),
    "window_2d_fill_value": ((4, 5), "float32", [[1, 2], [-1, 0], [3, 4]], "int32",
                             ((1, 2), (), (0, 1)), (2, 3), "fill", -7.0),
    "promise_in_bounds_oob": ((10,), "float32", [[8], [-3]], "int32", ((1,), (), (0,)), (3,),
                              "promise_in_bounds", None),
    "default_mode_oob": ((5,), "float32", [[-1], [7]], "int32", ((), (0,), (0,)), (1,), None,
                         None),
    "clip_negative": ((5,), "float32", [[-4], [2]], "int32", ((), (0,), (0,)), (1,), "clip",
                      None),
    "start_index_map_reversed": ((3, 4), "float32", [[1, 0], [3, 2]], "int32",
                                 ((), (0, 1), (1, 0)), (1, 1), None, None),
    "partial_start_index_map": ((3, 4), "float32", [[2], [0]], "int32", ((1, 2), (), (1,)),
                                (2, 2), None, None),
    "batching_windowed": ((2, 6), "float32", [[1], [4]], "int32", ((1,), (), (1,), (0,), (0,)),
                          (1, 3), None, None),
    "batching_fill": ((2, 6), "float32", [[1], [5]], "int32", ((1,), (), (1,), (0,), (0,)),
                      (1, 3), "fill", None),
    "batching_dim_not_first": ((3, 2), "float32", [[[2], [0], [1], [1]], [[0], [0], [2], [1]]],
                               "int32", ((), (0,), (0,), (1,), (0,)), (1, 1), None, None),
    "int_fill_default": ((5,), "int32", [[1], [9]], "int32", ((), (0,), (0,)), (1,), "fill",
                         None),
    "uint8_fill_default": ((5,), "uint8", [[-1], [2]], "int32", ((), (0,), (0,)), (1,), "fill",
                           None),
    "empty_start_index_map": ((3, 4), "float32", [[], []], "int32", ((1, 2), (), ()), (2, 2),
                              None, None),
    "uint8_indices": ((5,), "float32", [[4], [1]], "uint8", ((), (0,), (0,)), (1,), None, None),
}

# Scatter cases: name -> (function, operand shape, operand dtype, indices, updates shape,
# ScatterDimensionNumbers fields, mode). The operand is arange(size).reshape(shape); updates are
# 10 * (arange(size) + 1) (scatter_mul: arange % 3 + 2; scatter_min: 25 less).
SCATTER_CASES = {
    "add_x[i]_dup": ("scatter_add", (5,), "float32", [[1], [3], [1]], (3,), ((), (0,), (0,)),
                     None),
    "set_rows": ("scatter", (4, 3), "float32", [[2], [0]], (2, 3), ((1,), (0,), (0,)), None),
    "add_x[:,i]": ("scatter_add", (3, 4), "float32", [[1], [3]], (3, 2), ((0,), (1,), (1,)),
                   None),
    "mul_x[i,j]_dup": ("scatter_mul", (3, 4), "float32", [[0, 1], [2, 3], [0, 1]], (3,),
                       ((), (0, 1), (0, 1)), None),
    "min_rows": ("scatter_min", (3, 4), "float32", [[1], [2]], (2, 4), ((1,), (0,), (0,)), None),
    "max_dup": ("scatter_max", (5,), "float32", [[1], [1], [4]], (3,), ((), (0,), (0,)), None),
    "window_add_drop": ("scatter_add", (10,), "float32", [[8], [-1], [2]], (3, 3),
                        ((1,), (), (0,)), None),
    "window_add_clip": ("scatter_add", (10,), "float32", [[8], [-1], [2]], (3, 3),
                        ((1,), (), (0,)), "clip"),
    "window_add_promise": ("scatter_add", (10,), "float32", [[8], [-1], [2]], (3, 3),
                           ((1,), (), (0,)), "promise_in_bounds"),
    "window_2d_drop": ("scatter_add", (4, 5), "float32", [[1, 2], [3, 3]], (2, 2, 2),
                       ((1, 2), (), (0, 1)), "drop"),
    "window_2d_clip": ("scatter", (4, 5), "float32", [[1, 2], [3, 3]], (2, 2, 2),
                       ((1, 2), (), (0, 1)), "clip"),
    "window_dims_first": ("scatter_add", (4, 5), "float32", [[1], [2]], (3, 2),
                          ((0,), (1,), (1,)), None),
    "batching_windowed": ("scatter_add", (2, 5), "float32", [[1], [3]], (2, 2),
                          ((1,), (), (1,), (0,), (0,)), None),
    "batching_inserted": ("scatter_add", (2, 5), "float32", [[[1], [1], [4]], [[0], [2], [9]]],
                          (2, 3), ((), (1,), (1,), (0,), (0,)), None),
    "sub_dup": ("scatter_sub", (5,), "float32", [[2], [2], [0]], (3,), ((), (0,), (0,)), None),
    "set_oob_drop": ("scatter", (5,), "float32", [[5], [1], [-1]], (3,), ((), (0,), (0,)),
                     "fill"),
    "min_int32": ("scatter_min", (5,), "int32", [[0], [3]], (2,), ((), (0,), (0,)), None),
    "add_2d_indices": ("scatter_add", (5, 2), "float32", [[[1], [4]], [[1], [2]]], (2, 2, 2),
                       ((2,), (0,), (0,)), None),
    "max_oob_drop": ("scatter_max", (5,), "float32", [[7], [2]], (2,), ((), (0,), (0,)), None),
    "mul_clip": ("scatter_mul", (5,), "float32", [[7], [-2]], (2,), ((), (0,), (0,)), "clip"),
    "add_reversed_map": ("scatter_add", (3, 4), "float32", [[3, 0], [1, 2]], (2,),
                         ((), (0, 1), (1, 0)), None),
}

# Recorded from JAX 0.10.2 (lax.gather / lax.<function> on the cases above, CPU).
GATHER_EXPECTED = {
    'x[i]': [3.0, 0.0, 4.0],
    'x[i]_rows': [[6.0, 7.0, 8.0], [0.0, 1.0, 2.0]],
    'x[:,i]': [[1.0, 3.0, 0.0], [5.0, 7.0, 4.0], [9.0, 11.0, 8.0]],
    'x[i,j]': [1.0, 11.0],
    'x[i,j]_3d': [[20.0, 21.0, 22.0, 23.0], [0.0, 1.0, 2.0, 3.0]],
    'x[:,i,:]': [[[8.0, 9.0, 10.0, 11.0], [0.0, 1.0, 2.0, 3.0]], [[20.0, 21.0, 22.0, 23.0], [12.0, 13.0, 14.0, 15.0]]],
    'x[i]_2d_indices': [[[2.0, 3.0], [8.0, 9.0]], [[0.0, 1.0], [4.0, 5.0]]],
    'take_along_axis': [[3.0, 0.0, 1.0], [6.0, 6.0, 4.0]],
    'window_1d': [[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]],
    'window_1d_offset_first': [[2.0, 5.0], [3.0, 6.0], [4.0, 7.0]],
    'window_2d_clip': [[[7.0, 8.0, 9.0], [12.0, 13.0, 14.0]], [[0.0, 1.0, 2.0], [5.0, 6.0, 7.0]], [[12.0, 13.0, 14.0], [17.0, 18.0, 19.0]]],
    'window_2d_batch_middle': [[[7.0, 8.0, 9.0], [0.0, 1.0, 2.0], [12.0, 13.0, 14.0]], [[12.0, 13.0, 14.0], [5.0, 6.0, 7.0], [17.0, 18.0, 19.0]]],
    'window_2d_fill': [[[7.0, 8.0, 9.0], [12.0, 13.0, 14.0]], [[0.0, 1.0, 2.0], [5.0, 6.0, 7.0]], [[NAN, NAN, NAN], [NAN, NAN, NAN]], [[12.0, 13.0, 14.0], [17.0, 18.0, 19.0]]],
    'window_2d_fill_value': [[[7.0, 8.0, 9.0], [12.0, 13.0, 14.0]], [[-7.0, -7.0, -7.0], [-7.0, -7.0, -7.0]], [[-7.0, -7.0, -7.0], [-7.0, -7.0, -7.0]]],
    'promise_in_bounds_oob': [[7.0, 8.0, 9.0], [0.0, 1.0, 2.0]],
    'default_mode_oob': [0.0, 4.0],
    'clip_negative': [0.0, 2.0],
    'start_index_map_reversed': [1.0, 11.0],
    'partial_start_index_map': [[[2.0, 3.0], [6.0, 7.0]], [[0.0, 1.0], [4.0, 5.0]]],
    'batching_windowed': [[1.0, 2.0, 3.0], [9.0, 10.0, 11.0]],
    'batching_fill': [[1.0, 2.0, 3.0], [NAN, NAN, NAN]],
    'batching_dim_not_first': [[4.0, 0.0, 2.0, 2.0], [1.0, 1.0, 5.0, 3.0]],
    'int_fill_default': [1, -2147483648],
    'uint8_fill_default': [255, 2],
    'empty_start_index_map': [[[0.0, 1.0], [4.0, 5.0]], [[0.0, 1.0], [4.0, 5.0]]],
    'uint8_indices': [4.0, 1.0],
}
SCATTER_EXPECTED = {
    'add_x[i]_dup': [0.0, 41.0, 2.0, 23.0, 4.0],
    'set_rows': [[40.0, 50.0, 60.0], [3.0, 4.0, 5.0], [10.0, 20.0, 30.0], [9.0, 10.0, 11.0]],
    'add_x[:,i]': [[0.0, 11.0, 2.0, 23.0], [4.0, 35.0, 6.0, 47.0], [8.0, 59.0, 10.0, 71.0]],
    'mul_x[i,j]_dup': [[0.0, 8.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0], [8.0, 9.0, 10.0, 33.0]],
    'min_rows': [[0.0, 1.0, 2.0, 3.0], [-15.0, -5.0, 5.0, 7.0], [8.0, 9.0, 10.0, 11.0]],
    'max_dup': [0.0, 20.0, 2.0, 3.0, 30.0],
    'window_add_drop': [0.0, 1.0, 72.0, 83.0, 94.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    'window_add_clip': [40.0, 51.0, 132.0, 83.0, 94.0, 5.0, 6.0, 17.0, 28.0, 39.0],
    'window_add_promise': [0.0, 1.0, 72.0, 83.0, 94.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    'window_2d_drop': [[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 17.0, 28.0, 9.0], [10.0, 11.0, 42.0, 53.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0]],
    'window_2d_clip': [[0.0, 1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 10.0, 20.0, 9.0], [10.0, 11.0, 30.0, 50.0, 60.0], [15.0, 16.0, 17.0, 70.0, 80.0]],
    'window_dims_first': [[0.0, 11.0, 22.0, 3.0, 4.0], [5.0, 36.0, 47.0, 8.0, 9.0], [10.0, 61.0, 72.0, 13.0, 14.0], [15.0, 16.0, 17.0, 18.0, 19.0]],
    'batching_windowed': [[0.0, 11.0, 22.0, 3.0, 4.0], [5.0, 6.0, 7.0, 38.0, 49.0]],
    'batching_inserted': [[0.0, 31.0, 2.0, 3.0, 34.0], [45.0, 6.0, 57.0, 8.0, 9.0]],
    'sub_dup': [-30.0, 1.0, -28.0, 3.0, 4.0],
    'set_oob_drop': [0.0, 20.0, 2.0, 3.0, 4.0],
    'min_int32': [-15, 1, 2, -5, 4],
    'add_2d_indices': [[0.0, 1.0], [62.0, 83.0], [74.0, 85.0], [6.0, 7.0], [38.0, 49.0]],
    'max_oob_drop': [0.0, 1.0, 20.0, 3.0, 4.0],
    'mul_clip': [0.0, 1.0, 2.0, 3.0, 8.0],
    'add_reversed_map': [[0.0, 1.0, 2.0, 13.0], [4.0, 5.0, 6.0, 7.0], [8.0, 29.0, 10.0, 11.0]],
}


def _operand(shape, dtype):
    return np.arange(int(np.prod(shape))).astype(dtype).reshape(shape)


def _indices(idx, dtype):
    a = np.array(idx, dtype=np.int64)
    if a.size == 0:
        a = a.reshape(len(idx), 0)
    return a.astype(dtype)


def _updates(fn, shape, dtype):
    u = np.arange(int(np.prod(shape))).reshape(shape)
    if fn == "scatter_mul":
        return (u % 3 + 2).astype(dtype)
    return (10 * (u + 1) - (25 if fn == "scatter_min" else 0)).astype(dtype)


def _gather_fn(case):
    _, _, _, _, dn, ss, mode, fv = case
    return lambda x, i: lax.gather(x, i, lax.GatherDimensionNumbers(*dn), ss, mode=mode,
                                   fill_value=fv)


def _scatter_fn(case):
    fn, _, _, _, _, dn, mode = case
    return lambda x, i, u: getattr(lax, fn)(x, i, u, lax.ScatterDimensionNumbers(*dn),
                                            mode=mode)


def _check(got, expected, dtype):
    got = np.asarray(got)
    assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    np.testing.assert_array_equal(got, np.array(expected, dtype=dtype))


@pytest.mark.parametrize("name", list(GATHER_CASES))
def test_gather_matches_jax(name):
    case = GATHER_CASES[name]
    shape, dtype, idx, idt = case[:4]
    f = _gather_fn(case)
    args = (jnp.asarray(_operand(shape, dtype)), jnp.asarray(_indices(idx, idt)))
    _check(f(*args), GATHER_EXPECTED[name], dtype)
    _check(numjax.jit(f)(*args), GATHER_EXPECTED[name], dtype)


@pytest.mark.parametrize("name", list(SCATTER_CASES))
def test_scatter_matches_jax(name):
    case = SCATTER_CASES[name]
    fn, shape, dtype, idx, ushape = case[:5]
    f = _scatter_fn(case)
    args = (jnp.asarray(_operand(shape, dtype)), jnp.asarray(_indices(idx, "int32")),
            jnp.asarray(_updates(fn, ushape, dtype)))
    _check(f(*args), SCATTER_EXPECTED[name], dtype)
    _check(numjax.jit(f)(*args), SCATTER_EXPECTED[name], dtype)


def test_scatter_apply_matches_jax():
    # Recorded from JAX 0.10.2: a repeated index applies `func` once per occurrence.
    dn = lax.ScatterDimensionNumbers((), (0,), (0,))
    x = jnp.arange(10.0)
    f = lambda x, i: lax.scatter_apply(x, i, lambda v: v * 10, dn, update_shape=(3,))
    i = jnp.array([[1], [1], [3]])
    expected = [0.0, 100.0, 2.0, 30.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    _check(f(x, i), expected, "float32")
    _check(numjax.jit(f)(x, i), expected, "float32")
    i = jnp.array([[1], [12]])
    g = lambda mode: lax.scatter_apply(x, i, lambda v: v * 10, dn, update_shape=(2,), mode=mode)
    _check(g(None), [0.0, 10.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], "float32")
    _check(g("clip"), [0.0, 10.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 90.0], "float32")


def test_scatter_apply_transformations():
    # sin applied twice at the repeated index 1, once at 3: checked against the chain rule,
    # under jit and vmap (vs per-example calls).
    dn = lax.ScatterDimensionNumbers((), (0,), (0,))
    f = lambda x, i: lax.scatter_apply(x, i, jnp.sin, dn, update_shape=(3,))
    x, i = np.arange(5.0, dtype=np.float32), np.array([[1], [1], [3]], np.int32)
    grad = numjax.jit(numjax.grad(lambda x: jnp.sum(f(x, i))))(x)
    np.testing.assert_allclose(grad, [1, np.cos(np.sin(1.0)) * np.cos(1.0), 1, np.cos(3.0), 1],
                               rtol=1e-6)
    check_vmap(f, (x, np.stack([i, i[::-1] + 1])), (None, 0), rtol=1e-6)


@pytest.fixture
def x64():
    prev = numjax.config.jax_enable_x64
    numjax.config.update("jax_enable_x64", True)
    try:
        yield
    finally:
        numjax.config.update("jax_enable_x64", prev)


GRAD_GATHERS = ["x[:,i]", "take_along_axis", "window_2d_clip", "window_2d_fill",
                "batching_fill", "partial_start_index_map"]
GRAD_SCATTERS = ["add_x[i]_dup", "set_rows", "window_add_drop", "window_2d_clip",
                 "batching_inserted", "mul_clip", "min_rows"]


@pytest.mark.parametrize("name", GRAD_GATHERS)
def test_gather_grad(x64, name):
    case = GATHER_CASES[name]
    shape, _, idx, idt = case[:4]
    i = jnp.asarray(_indices(idx, idt))
    f = _gather_fn(case)
    # Fill windows are NaN: weight them out so finite differences stay finite.
    check_grads(lambda x: jnp.nan_to_num(f(x, i)), (_operand(shape, "float64") / 7,), order=1)


@pytest.mark.parametrize("name", GRAD_SCATTERS)
def test_scatter_grad(x64, name):
    case = SCATTER_CASES[name]
    fn, shape, _, idx, ushape = case[:5]
    i = jnp.asarray(_indices(idx, "int32"))
    f = _scatter_fn(case)
    x = _operand(shape, "float64") / 7
    u = _updates(fn, ushape, "float64") / 13
    check_grads(lambda x, u: f(x, i, u), (x, u), order=1)


def test_gather_grad_matches_jax(x64):
    # Recorded from JAX 0.10.2: grad of sum(sin(gather(x / 7)) * w), fill mode, one window
    # out of bounds.
    x = jnp.arange(24.0).reshape(2, 3, 4) / 7
    i = jnp.array([[1, 2], [0, 3]])
    dn = lax.GatherDimensionNumbers((1,), (0, 1), (0, 1))
    w = jnp.arange(6.0).reshape(2, 3)
    f = lambda x: jnp.sum(jnp.sin(lax.gather(x, i, dn, (1, 1, 3), mode="fill")) * w)
    expected = np.zeros((2, 3, 4))
    expected[1, 2, 1:] = [-0.9899924966004454, -1.999998401067106, 0.0]
    np.testing.assert_allclose(numjax.grad(f)(x), expected, rtol=1e-12, atol=1e-15)


VMAP_GATHERS = ["x[i]_rows", "take_along_axis", "window_2d_fill", "batching_dim_not_first",
                "empty_start_index_map"]
VMAP_SCATTERS = ["add_x[:,i]", "window_add_drop", "window_2d_clip", "batching_inserted",
                 "sub_dup", "max_dup"]


@pytest.mark.parametrize("name", VMAP_GATHERS)
def test_gather_vmap(name):
    case = GATHER_CASES[name]
    shape, dtype, idx, idt = case[:4]
    f = _gather_fn(case)
    x = np.stack([_operand(shape, dtype), -_operand(shape, dtype)])
    i = _indices(idx, idt)
    i2 = np.stack([i, i[::-1]])
    check_vmap(f, (x, i), (0, None))
    check_vmap(f, (x[0], i2), (None, 0))
    check_vmap(f, (np.moveaxis(x, 0, -1), i2), (-1, 0))


@pytest.mark.parametrize("name", VMAP_SCATTERS)
def test_scatter_vmap(name):
    case = SCATTER_CASES[name]
    fn, shape, dtype, idx, ushape = case[:5]
    f = _scatter_fn(case)
    x = np.stack([_operand(shape, dtype), -_operand(shape, dtype)])
    i = _indices(idx, "int32")
    i2 = np.stack([i, i[::-1]])
    u = _updates(fn, ushape, dtype)
    u2 = np.stack([u, 2 * u])
    check_vmap(f, (x, i, u), (0, None, None))
    check_vmap(f, (x[0], i2, u), (None, 0, None))
    check_vmap(f, (x[0], i, u2), (None, None, 0))
    check_vmap(f, (x, i2, u2), (0, 0, 0))


# Recorded from JAX 0.10.2: operand zeros((4, 5)) float32, indices zeros((3, 1)) int32 unless
# noted.
G, S = lax.GatherDimensionNumbers, lax.ScatterDimensionNumbers
ERROR_CASES = [
    (lambda x, i: lax.gather(x, i, G((2, 1), (), (0,)), (1, 5)), TypeError,
     "offset_dims in gather op must be sorted; got (2, 1)"),
    (lambda x, i: lax.gather(x, i, G((1,), (0,), (0,)), (1,)), TypeError,
     ("Gather op must have one slice size for every input dimension; got: len(slice_sizes)=1, "
      "input_shape.rank=2")),
    (lambda x, i: lax.gather(x, i, G((1,), (0,), (0,)), (1, 6)), TypeError,
     "Slice size at index 1 in gather op is out of range, must be within [0, 5 + 1), got 6."),
    (lambda x, i: lax.gather(x, i, G((1,), (0,), (0, 1)), (1, 5)), TypeError,
     ("Gather op has 2 elements in start_index_map and the bound of dimension index_vector_dim=1 "
      "of indices is 1. These two numbers must be equal.")),
    (lambda x, i: lax.gather(x, i, G((1,), (0,), (2,)), (1, 5)), TypeError,
     "Invalid start_index_map; domain is [0, 2), got: 0->2."),
    (lambda x, i: lax.gather(x, i, G((1,), (0, 1), (0,)), (2, 1)), TypeError,
     ("All components of the offset index in a gather op must either be a offset dimension or "
      "explicitly collapsed/batching; got len(slice_sizes)=2, output_slice_sizes=(1,), "
      "collapsed_slice_dims=(0, 1), operand_batching_dims=().")),
    (lambda x, i: lax.gather(x, i, G((1,), (), (0,), (0,), ()), (1, 5)), TypeError,
     ("start_index_map and operand_batching_dims in gather op must be disjoint; got: (0,) and "
      "(0,).")),
    (lambda x, i: lax.gather(x, i.astype(jnp.float32), G((1,), (0,), (0,)), (1, 5)), ValueError,
     "indices must have an integer type"),
    (lambda x, i: lax.scatter_add(x, i, jnp.zeros((3, 5)), S((2,), (0,), (0,))), TypeError,
     "Invalid update_window_dims set in scatter op; valid range is [0, 2); got: 2."),
    (lambda x, i: lax.scatter_add(x, i, jnp.zeros((3, 5), jnp.int32), S((1,), (0,), (0,))),
     TypeError, "lax.scatter requires arguments to have the same dtypes, got float32, int32."),
    (lambda x, i: lax.scatter_add(x, i, jnp.zeros((3, 6)), S((1,), (0,), (0,))), TypeError,
     ("Bounds of the window dimensions of updates must not exceed the bounds of the "
      "corresponding dimensions of operand. For dimension 1, updates bound is 6, operand bound "
      "is 5.")),
    (lambda x, i: lax.scatter_add(x, i, jnp.zeros((3, 1, 5)), S((1,), (0,), (0,))), TypeError,
     "Updates tensor must be of rank 2; got 3."),
]


@pytest.mark.parametrize("k", range(len(ERROR_CASES)))
def test_bad_dimension_numbers_errors(k):
    fn, err, msg = ERROR_CASES[k]
    with pytest.raises(err) as info:
        fn(jnp.zeros((4, 5)), jnp.zeros((3, 1), jnp.int32))
    assert str(info.value) == msg
