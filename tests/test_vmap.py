"""vmap's API: every option and error (texts recorded from JAX 0.10.2), the article's
examples, compositions with grad/jvp/vjp/jit, collectives under axis_name, jnp.vectorize,
and the cost of batching rules (one primitive per primitive, shared operands unbatched).

References are Python loops over examples, NumPy, or values printed by real JAX.
"""

from __future__ import annotations

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax, random

RNG = np.random.default_rng(0)
X34 = RNG.standard_normal((3, 4)).astype(np.float32)
Y5 = RNG.standard_normal(5).astype(np.float32)


def loop(f, *args, in_axes, out_axis=0):
    """Reference: call f per example and stack."""
    size = next(np.shape(a)[ax] for a, ax in zip(args, in_axes) if ax is not None)
    outs = [f(*(a if ax is None else np.take(a, i, axis=ax) for a, ax in zip(args, in_axes)))
            for i in range(size)]
    return np.stack([np.asarray(o) for o in outs], axis=out_axis)


def close(a, b, tol=1e-6):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=tol, atol=tol)


# ---------------------------------------------------------------------------------------------
# in_axes / out_axes / axis_size


@pytest.mark.parametrize("in_axes", [0, 1, -1, -2, (1,), [0]])
def test_in_axes_int_and_negative(in_axes):
    f = lambda x: jnp.sin(x) * 2.0
    ax = in_axes[0] if isinstance(in_axes, (tuple, list)) else in_axes
    close(jax.vmap(f, in_axes=in_axes)(X34), loop(np.vectorize(lambda v: np.sin(v) * 2.0), X34,
                                                     in_axes=(ax,)))


def test_in_axes_tuple_with_none():
    w = RNG.standard_normal(4).astype(np.float32)
    out = jax.vmap(lambda x, w: jnp.dot(x, w), in_axes=(0, None))(X34, w)
    close(out, X34 @ w, 1e-5)
    out = jax.vmap(lambda w, x: x * w, in_axes=[None, 1])(w[:3], X34)
    close(out, (X34 * w[:3, None]).T)


def test_in_axes_dict_prefix():
    d = {"a": X34, "b": Y5}
    f = lambda d: d["a"].sum() + d["b"].sum()
    out = jax.vmap(f, in_axes=({"a": 0, "b": None},))(d)
    close(out, X34.sum(1) + Y5.sum(), 1e-5)
    out = jax.vmap(f, in_axes=({"a": 1, "b": None},))(d)
    close(out, X34.sum(0) + Y5.sum(), 1e-5)


def test_kwargs_are_mapped_over_axis_0():
    out = jax.vmap(lambda a, b: a.sum() + b, in_axes=(None,))(Y5, b=X34[:, 0])
    close(out, Y5.sum() + X34[:, 0], 1e-5)


@pytest.mark.parametrize("out_axes", [0, 1, -1, 2])
def test_out_axes(out_axes):
    x = RNG.standard_normal((3, 4, 2)).astype(np.float32)
    out = jax.vmap(lambda v: v * 2, out_axes=out_axes)(x)
    close(out, np.moveaxis(x * 2, 0, out_axes))


def test_out_axes_tree_and_none():
    def f(x):
        return {"p": x, "q": x.sum()}, jnp.ones(2)

    (d, c) = jax.vmap(f, out_axes=({"p": 1, "q": 0}, None))(X34)
    close(d["p"], X34.T)
    close(d["q"], X34.sum(1), 1e-5)
    assert c.shape == (2,)


def test_unbatched_output_is_broadcast_to_out_axis():
    out = jax.vmap(lambda x: jnp.ones(2), out_axes=1)(X34)
    assert out.shape == (2, 3)
    out = jax.vmap(lambda x: 1.0)(X34)
    assert out.shape == (3,) and out.dtype == np.float32


def test_axis_size_with_nothing_mapped():
    out = jax.vmap(lambda x: x + 1, in_axes=None, axis_size=2)(X34)
    close(out, np.stack([X34 + 1] * 2))
    out = jax.vmap(lambda: jnp.float32(1.0), axis_size=3)()
    assert out.shape == (3,)


def test_unmapped_non_array_args_pass_through():
    out = jax.vmap(lambda x, s, n: x * n if s == "twice" else x, in_axes=(0, None, None))(
        X34, "twice", 2)
    close(out, X34 * 2)
    out = jax.vmap(lambda a, b: a, in_axes=(0, 0))(X34, None)
    close(out, X34)


def test_integer_and_bool_inputs():
    out = jax.vmap(lambda i, b: jnp.where(b, i, -i))(np.arange(4, dtype=np.int32),
                                                      np.array([True, False, True, False]))
    np.testing.assert_array_equal(out, [0, -1, 2, -3])
    assert out.dtype == np.int32


# ---------------------------------------------------------------------------------------------
# Errors, as JAX words them


def _raises(exc, text, fn):
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == text


INCONSISTENT = ("vmap got inconsistent sizes for array axes to be mapped:\n"
                "  * one axis had size 3: axis 0 of argument a of type float32[3,4];\n"
                "  * one axis had size 5: axis 0 of argument b of type float32[5]")


def test_error_inconsistent_sizes():
    _raises(ValueError, INCONSISTENT, lambda: jax.vmap(lambda a, b: a)(X34, Y5))


def test_error_inconsistent_sizes_names_tree_paths_and_kwargs():
    _raises(ValueError,
            "vmap got inconsistent sizes for array axes to be mapped:\n"
            "  * one axis had size 3: axis 0 of argument d['a'] of type float32[3,4];\n"
            "  * one axis had size 5: axis 0 of argument d['b'] of type float32[5]",
            lambda: jax.vmap(lambda d: d["a"])({"a": X34, "b": Y5}))
    _raises(ValueError,
            "vmap got inconsistent sizes for array axes to be mapped:\n"
            "  * one axis had size 3: axis 0 of argument a of type float32[3,4];\n"
            "  * one axis had size 5: axis 0 of kwargs['b'] of type float32[5]",
            lambda: jax.vmap(lambda a, b: a)(X34, b=Y5))
    _raises(ValueError,
            "vmap got inconsistent sizes for array axes to be mapped:\n"
            "  * one axis had size 3: axis 0 of argument a of type float32[3,4];\n"
            "  * one axis had size 5: axis 0 of args[1] of type float32[5]",
            lambda: jax.vmap(lambda *a: a[0])(X34, Y5))
    _raises(ValueError,
            "vmap got inconsistent sizes for array axes to be mapped:\n"
            "  * one axis had size 4: axis -1 of argument a of type float32[3,4];\n"
            "  * one axis had size 5: axis 0 of argument b of type float32[5]",
            lambda: jax.vmap(lambda a, b: a, in_axes=(-1, 0))(X34, Y5))


def test_error_axis_size_disagrees():
    _raises(ValueError,
            "vmap got inconsistent sizes for array axes to be mapped:\n"
            "  * the `axis_size` argument was 4;\n"
            "  * one axis had size 3: axis 0 of argument a of type float32[3,4]",
            lambda: jax.vmap(lambda a: a + 1, axis_size=4)(X34))


def test_error_in_axes_length():
    _raises(ValueError,
            "vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
            "positional arguments passed to the function, but got len(in_axes)=1, len(args)=2",
            lambda: jax.vmap(lambda a, b: a, in_axes=(0,))(X34, Y5))


def test_error_in_axes_not_a_prefix():
    _raises(ValueError,
            "vmap in_axes specification must be a tree prefix of the corresponding value; \n"
            "  Mismatch details (1 found):\n  pytree structure error: different pytree "
            "metadata at key path\n    vmap in_axes[0]\nAt that key path, the prefix pytree "
            "vmap in_axes has a subtree of type\n    <class 'dict'>\nwith metadata\n    "
            "('b',)\nbut at the same key path the full pytree has a subtree of the same type but "
            "with metadata\n    ('a',)\nso the diff in the metadata at these pytree nodes is\n"
            "    - ('b',)\n    ?   ^\n\n    + ('a',)\n    ?   ^\n",
            lambda: jax.vmap(lambda d: d["a"], in_axes=({"b": 0},))({"a": X34}))


@pytest.mark.parametrize("axis", [2, -3])
def test_error_axis_out_of_range(axis):
    _raises(ValueError,
            f"vmap was requested to map its argument along axis {axis}, which implies that its "
            f"rank should be at least 3, but is only 2 (its shape is (3, 4))",
            lambda: jax.vmap(lambda a: a, in_axes=axis)(X34))


@pytest.mark.parametrize("arg", [1.0, np.float32(1.0)])
def test_error_scalar_with_in_axes_0(arg):
    _raises(ValueError,
            "vmap was requested to map its argument along axis 0, which implies that its rank "
            "should be at least 1, but is only 0 (its shape is ())",
            lambda: jax.vmap(lambda a: a)(arg))


@pytest.mark.parametrize("bad", [1.0, "a", np.int64(0), True, {"a": 0}])
def test_error_in_axes_type(bad):
    _raises(TypeError,
            "vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
            f"positional arguments passed to the function, but got {bad}.",
            lambda: jax.vmap(lambda a: a, in_axes=bad))


def test_error_in_axes_leaf_type():
    _raises(TypeError,
            "vmap in_axes must be an int, None, or (nested) container with those types as "
            "leaves, but got (0, 1.5).",
            lambda: jax.vmap(lambda a, b: a, in_axes=(0, 1.5)))
    _raises(TypeError,
            "vmap out_axes must be an int, None, or (nested) container with those types as "
            "leaves, but got 1.0.",
            lambda: jax.vmap(lambda a: a, out_axes=1.0))


def test_error_nothing_mapped():
    _raises(ValueError,
            "vmap must have at least one non-None value in in_axes or axis_size must be "
            "specified",
            lambda: jax.vmap(lambda a: a, in_axes=None)(X34))
    _raises(ValueError,
            "vmap wrapped function must be passed at least one argument containing an array or "
            "axis_size must be specified, got empty *args=() and **kwargs={}",
            lambda: jax.vmap(lambda: 1.0)())
    _raises(ValueError,
            "vmap wrapped function must be passed at least one argument containing an array or "
            "axis_size must be specified, got empty *args=(None,) and **kwargs={}",
            lambda: jax.vmap(lambda a: 1.0)(None))


def test_error_batched_output_with_out_axes_none():
    _raises(ValueError, "at vmap out_axes, got axis spec None but output was batched on axis 0",
            lambda: jax.vmap(lambda a: a * 2, out_axes=None)(X34))
    _raises(ValueError, "at vmap out_axes, got axis spec None but output was batched on axis 1",
            lambda: jax.vmap(lambda a: a * 2, in_axes=1, out_axes=None)(X34))


@pytest.mark.parametrize("axis", [2, -3])
def test_error_out_axes_out_of_range(axis):
    _raises(ValueError, f"axis {axis} is out of bounds for array of dimension 2",
            lambda: jax.vmap(lambda a: a * 2, out_axes=axis)(X34))


def test_error_out_axes_not_a_prefix():
    _raises(ValueError,
            "vmap out_axes specification must be a tree prefix of the corresponding value; \n"
            "  Mismatch details (1 found):\n  pytree structure error: different lengths of "
            "tuple at key path\n    vmap out_axes\nAt that key path, the prefix pytree vmap "
            "out_axes has a subtree of type tuple of length 3, but the full pytree has a subtree "
            "of the same type but of length 2.",
            lambda: jax.vmap(lambda a: (a, a), out_axes=(0, 0, 0))(X34))


def test_error_non_array_arguments_and_outputs():
    _raises(TypeError, "Argument 'str' of type <class 'str'> is not a valid JAX type",
            lambda: jax.vmap(lambda a: a)("str"))
    _raises(TypeError,
            "Output from batched function 's' with type <class 'str'> is not a valid JAX type",
            lambda: jax.vmap(lambda a: "s")(X34))
    _raises(TypeError, "Expected a callable value, got 3", lambda: jax.vmap(3))


# ---------------------------------------------------------------------------------------------
# The article's examples (values printed by JAX 0.10.2, see tests/seed_listing.jax-0.10.2.out)


def test_article_basic_and_in_axes():
    np.testing.assert_array_equal(jax.vmap(lambda x: x ** 2)(jnp.array([1, 2, 3, 4, 5])),
                                  [1, 4, 9, 16, 25])
    dot = lambda w, f: jnp.dot(w, f)
    w, eye = jnp.array([1.0, 2.0, 3.0]), jnp.eye(3)
    close(jax.vmap(dot, in_axes=(None, 0))(w, eye), [1.0, 2.0, 3.0])
    close(jax.vmap(dot, in_axes=(0, None))(eye, w), [1.0, 2.0, 3.0])
    close(jax.vmap(dot, in_axes=(0, 0))(eye, eye), [1.0, 1.0, 1.0])
    out = jax.vmap(jax.vmap(lambda a, b: a * b))(jnp.array([[1, 2], [3, 4]]),
                                                  jnp.array([[10, 20], [30, 40]]))
    np.testing.assert_array_equal(out, [[10, 40], [90, 160]])


def test_article_per_example_gradients():
    def loss(p, x, y):
        return (p[0] * x + p[1] - y) ** 2

    g = jax.jit(jax.vmap(jax.grad(loss), in_axes=(None, 0, 0)))(
        jnp.array([1.0, 0.0]), jnp.array([1.0, 2.0, 3.0]), jnp.array([2.0, 4.0, 6.0]))
    close(g, [[-2.0, -2.0], [-8.0, -4.0], [-18.0, -6.0]])


def _train_step(params, x, y, learning_rate):
    def loss_fn(params, x, y):
        pred = x[:, 0] * params[0] + params[1]
        return jnp.mean((pred - y) ** 2)

    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    return params - learning_rate * grads, loss


def _train_step_np(params, x, y, lr):
    err = x[:, 0] * params[0] + params[1] - y
    grads = np.array([np.mean(2 * err * x[:, 0]), np.mean(2 * err)])
    return params - lr * grads, np.mean(err ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_article_train_step_in_axes(jit):
    rng = np.random.default_rng(1)
    params = rng.standard_normal((3, 2)).astype(np.float32)
    x = rng.uniform(10, 100, (3, 20, 1)).astype(np.float32)
    y = (x[:, :, 0] * 3 + 5).astype(np.float32)
    step = jax.vmap(_train_step, in_axes=(0, 0, 0, None))
    step = jax.jit(step) if jit else step
    new, losses = step(params, x, y, 1e-4)
    for i in range(3):
        p_i, l_i = _train_step_np(params[i].astype(np.float64), x[i], y[i], 1e-4)
        close(new[i], p_i, 1e-4)
        close(losses[i], l_i, 1e-4)


# ---------------------------------------------------------------------------------------------
# Compositions


def test_nested_vmap_matches_double_loop():
    x = RNG.standard_normal((2, 3, 4)).astype(np.float32)
    f = lambda v: jnp.tanh(v).sum()
    close(jax.vmap(jax.vmap(f))(x), np.tanh(x).sum(-1), 1e-5)
    close(jax.vmap(jax.vmap(f, in_axes=1), in_axes=2)(x),
          np.tanh(x).sum(0).T, 1e-5)


def test_vmap_of_grad_and_grad_of_vmap():
    x = RNG.standard_normal(5)
    f = lambda v: jnp.sin(v) * v
    close(jax.vmap(jax.grad(f))(x), np.cos(x) * x + np.sin(x))
    close(jax.grad(lambda xs: jax.vmap(f)(xs).sum())(x), np.cos(x) * x + np.sin(x))


def test_vmap_of_jvp():
    x, t = RNG.standard_normal(5), RNG.standard_normal(5)
    p, tan = jax.vmap(lambda a, b: jax.jvp(jnp.exp, (a,), (b,)))(x, t)
    close(p, np.exp(x))
    close(tan, np.exp(x) * t)


def test_jacrev_via_vmap_of_vjp():
    a = RNG.standard_normal((3, 3))
    x = RNG.standard_normal(3)
    f = lambda v: jnp.tanh(a @ v)
    _, pullback = jax.vjp(f, x)
    (jac,) = jax.vmap(pullback)(jnp.eye(3))
    expected = (1 - np.tanh(a @ x) ** 2)[:, None] * a
    close(jac, expected, 1e-6)
    close(jax.jacrev(f)(x), expected, 1e-6)


def test_vmap_over_random_keys():
    key = random.PRNGKey(0)
    keys = random.split(key, 10)
    batched = jax.vmap(lambda k: random.normal(k, (3,)))(keys)
    alone = np.stack([np.asarray(random.normal(k, (3,))) for k in keys])
    np.testing.assert_array_equal(np.asarray(batched), alone)


# ---------------------------------------------------------------------------------------------
# Batching rules: same number of primitives as one example, shared operands stay unbatched


def _prims(f, *args):
    return [str(e.primitive) for e in jax.make_jaxpr(f)(*args).jaxpr.eqns]


def test_matmul_with_shared_weight_is_one_dot_general():
    x = RNG.standard_normal((7, 4)).astype(np.float32)
    w = RNG.standard_normal((4, 3)).astype(np.float32)
    one = _prims(lambda v, w: v @ w, x[0], w)
    prims = _prims(jax.vmap(lambda v, w: v @ w, in_axes=(0, None)), x, w)
    assert prims == one and prims.count("dot_general") == 1, (prims, one)
    close(jax.vmap(lambda v, w: v @ w, in_axes=(0, None))(x, w), x @ w, 1e-5)
    prims = _prims(jax.vmap(lambda v, w: lax.dot(v, w), in_axes=(1, None)), x.T, w)
    assert prims == ["dot_general"], prims


def test_elementwise_with_shared_operand_does_not_transpose():
    x = RNG.standard_normal((3, 4)).astype(np.float32)
    b = RNG.standard_normal(3).astype(np.float32)
    f = jax.vmap(lambda v, b: v + b, in_axes=(1, None), out_axes=1)
    assert _prims(f, x, b) == ["broadcast_in_dim", "add"], _prims(f, x, b)
    close(f(x, b), x + b[:, None])


def test_unbatched_subcomputation_stays_unbatched():
    w = RNG.standard_normal((4, 4)).astype(np.float32)
    x = RNG.standard_normal((5, 4)).astype(np.float32)
    f = jax.vmap(lambda v, w: jnp.tanh(w @ w) @ v, in_axes=(0, None))
    jaxpr = jax.make_jaxpr(f)(x, w).jaxpr
    tanh = next(e for e in jaxpr.eqns if str(e.primitive) == "tanh")
    assert tuple(tanh.outvars[0].aval.shape) == (4, 4)
    close(f(x, w), x @ np.tanh(w @ w).T, 1e-5)


def test_pad_with_batched_padding_value():
    x = RNG.standard_normal((2, 3)).astype(np.float32)
    v = np.array([7.0, -1.0], np.float32)
    f = lambda x, v: lax.pad(x, v, ((1, 2, 1),))
    ref = [np.asarray(f(x[i], v[i])) for i in range(2)]
    close(jax.vmap(f)(x, v), np.stack(ref))
    close(jax.vmap(f, in_axes=(None, 0))(x[0], v), np.stack([f(x[0], v[i]) for i in range(2)]))
    close(jax.vmap(f, in_axes=(1, None))(x, v[0]),
          np.stack([f(x[:, j], v[0]) for j in range(3)]))


# ---------------------------------------------------------------------------------------------
# Collectives under axis_name (expected values printed by JAX 0.10.2)

XC = np.arange(6, dtype=np.float32).reshape(3, 2)


def _named(f):
    return jax.vmap(f, axis_name="i")


def test_psum_pmean_pmax_pmin():
    close(_named(lambda a: lax.psum(a, "i"))(XC), [[6.0, 9.0]] * 3)
    close(_named(lambda a: lax.pmean(a, "i"))(XC), [[2.0, 3.0]] * 3)
    close(_named(lambda a: lax.pmax(a, "i"))(XC), [[4.0, 5.0]] * 3)
    close(_named(lambda a: lax.pmin(a, "i"))(XC), [[0.0, 1.0]] * 3)
    out = _named(lambda a: lax.psum(1.0, "i"))(XC)
    close(out, [3.0] * 3)
    assert out.dtype == np.float32 and out.weak_type
    out = _named(lambda a: lax.pmean(a, "i"))(np.arange(3, dtype=np.int32))
    assert out.dtype == np.float32
    close(out, [1.0] * 3)
    out = _named(lambda a: lax.psum({"a": a, "b": a * 2}, "i"))(XC)
    close(out["b"], [[12.0, 18.0]] * 3)


def test_all_gather_and_axis_index():
    close(_named(lambda a: lax.all_gather(a, "i"))(XC), np.stack([XC] * 3))
    close(_named(lambda a: lax.all_gather(a, "i", axis=1))(XC), np.stack([XC.T] * 3))
    close(_named(lambda a: lax.all_gather(a, "i", axis=-1))(XC), np.stack([XC.T] * 3))
    close(_named(lambda a: lax.all_gather(a, "i", tiled=True))(XC), np.stack([XC.ravel()] * 3))
    close(_named(lambda a: lax.all_gather(np.float32(2.0), "i"))(XC), np.full((3, 3), 2.0))
    out = _named(lambda a: lax.axis_index("i"))(XC)
    np.testing.assert_array_equal(out, [0, 1, 2])
    assert out.dtype == np.int32
    _raises(ValueError, "axis 0 is out of bounds for array of dimension 0",
            lambda: _named(lambda a: lax.all_gather(a[0], "i", tiled=True))(XC))


def test_psum_scatter_and_ppermute():
    close(_named(lambda a: lax.psum_scatter(a, "i"))(np.arange(9.0).reshape(3, 3)),
          [9.0, 12.0, 15.0])
    close(_named(lambda a: lax.psum_scatter(a, "i", tiled=True))(np.arange(18.0).reshape(3, 6)),
          [[18.0, 21.0], [24.0, 27.0], [30.0, 33.0]])
    close(_named(lambda a: lax.ppermute(a, "i", [(0, 1), (1, 2), (2, 0)]))(np.arange(3.0)),
          [2.0, 0.0, 1.0])


def test_nested_axis_names():
    x = np.arange(6.0).reshape(2, 3)

    def nest(f):
        return jax.vmap(jax.vmap(f, axis_name="j"), axis_name="i")

    close(nest(lambda a: lax.psum(a, ("i", "j")))(x), np.full((2, 3), 15.0))
    close(nest(lambda a: lax.psum(a, "i"))(x), [[3.0, 5.0, 7.0]] * 2)
    close(nest(lambda a: lax.psum(a, "j"))(x), [[3.0] * 3, [12.0] * 3])
    close(nest(lambda a: lax.all_gather(a, "i"))(x), [[[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]] * 2)
    out = nest(lambda a: lax.axis_index("i") * 10 + lax.axis_index("j"))(np.ones((2, 3)))
    np.testing.assert_array_equal(out, [[0, 1, 2], [10, 11, 12]])


def test_unbound_axis_names():
    _raises(NameError, "unbound axis name: i", lambda: lax.psum(XC, "i"))
    _raises(NameError, "Found an unbound axis name: k. To fix this, please call psum under "
            "`jax.shard_map`.", lambda: _named(lambda a: lax.psum(a, "k"))(XC))
    _raises(NameError, "Found an unbound axis name: i. To fix this, please call axis_index "
            "under `jax.shard_map`.", lambda: lax.axis_index("i"))
    _raises(NameError, "Found an unbound axis name: i. To fix this, please call psum under "
            "`jax.shard_map`.", lambda: jax.jit(lambda a: lax.psum(a, "i"))(XC))


def test_collective_derivatives():
    x = np.arange(3.0)
    close(_named(jax.grad(lambda a: lax.psum(a, "i")))(x), [3.0] * 3)
    close(_named(jax.grad(lambda a: lax.psum(a ** 2, "i")))(x), [0.0, 6.0, 12.0])
    close(_named(jax.grad(lambda a: lax.pmean(a ** 2, "i")))(x), [0.0, 2.0, 4.0])
    close(jax.grad(lambda xs: _named(lambda a: lax.psum(a ** 2, "i"))(xs).sum())(x),
          [0.0, 6.0, 12.0])
    close(jax.grad(lambda xs: _named(
        lambda a: (lax.all_gather(a, "i") * np.arange(3.0)).sum())(xs).sum())(x),
        [0.0, 3.0, 6.0])
    p, t = _named(lambda a, b: jax.jvp(lambda y: lax.psum(y, "i"), (a,), (b,)))(x, np.ones(3))
    close(p, [3.0] * 3)
    close(t, [3.0] * 3)
    _raises(NotImplementedError, "Differentiation rule for 'pmax' not implemented",
            lambda: _named(jax.grad(lambda a: lax.pmax(a ** 2, "i")))(x))


def test_collectives_with_jit():
    close(_named(jax.jit(lambda a: lax.psum(a, "i")))(XC), [[6.0, 9.0]] * 3)
    close(jax.jit(_named(lambda a: lax.psum(a, "i")))(XC), [[6.0, 9.0]] * 3)


# ---------------------------------------------------------------------------------------------
# jnp.vectorize

A23 = np.arange(6, dtype=np.float32).reshape(2, 3)
B3 = np.arange(3, dtype=np.float32)


def test_vectorize_elementwise_and_signature():
    close(jnp.vectorize(lambda x, y: x * 2 + y)(A23, B3), A23 * 2 + B3)
    close(jnp.vectorize(jnp.dot, signature="(n),(n)->()")(A23, B3), A23 @ B3)
    out = jnp.vectorize(jnp.dot, signature="(n),(n)->()")(A23[:, None, :], np.ones((4, 3),
                                                                              np.float32))
    close(out, np.einsum("aij,ij->ai", np.broadcast_to(A23[:, None, :], (2, 4, 3)),
                         np.ones((4, 3))))
    m = RNG.standard_normal((5, 2, 3)).astype(np.float32)
    close(jnp.vectorize(jnp.matmul, signature="(n,m),(m)->(n)")(m, B3), m @ B3, 1e-5)
    s, d = jnp.vectorize(lambda x: (x.sum(), x * 2), signature="(n)->(),(n)")(A23)
    close(s, A23.sum(1))
    close(d, A23 * 2)
    close(jnp.vectorize(lambda x: jnp.stack([x, x]), signature="()->(k)")(B3),
          np.stack([B3, B3], 1))
    close(jnp.vectorize(lambda x: x + 1)(3.0), 4.0)


def test_vectorize_excluded():
    close(jnp.vectorize(lambda x, p: x ** p, excluded={1})(A23, 2), A23 ** 2)
    close(jnp.vectorize(lambda x, p=1: x ** p, excluded={"p"})(A23, p=2), A23 ** 2)


def test_vectorize_errors():
    where = " on vectorized function with excluded=frozenset() and signature='{}'"
    _raises(ValueError, "not a valid gufunc signature: (n)->",
            lambda: jnp.vectorize(lambda x: x, signature="(n)->")(A23))
    _raises(TypeError, "wrong number of positional arguments: expected 2, got 1"
            + where.format("(n),(n)->()"),
            lambda: jnp.vectorize(lambda x, y: x, signature="(n),(n)->()")(A23))
    _raises(ValueError, "inconsistent size for core dimension 'n': 4 vs 3"
            + where.format("(n),(n)->()"),
            lambda: jnp.vectorize(jnp.dot, signature="(n),(n)->()")(A23, np.ones(4)))
    _raises(ValueError, "input with shape (3,) does not have enough dimensions for all core "
            "dimensions ('n', 'm')" + where.format("(n,m)->()"),
            lambda: jnp.vectorize(lambda x: x.sum(), signature="(n,m)->()")(B3))
    _raises(ValueError, "output shape (3,) does not match core dimensions ()"
            + where.format("(n)->()"),
            lambda: jnp.vectorize(lambda x: x, signature="(n)->()")(A23))
    _raises(TypeError, "jax.numpy.vectorize can only exclude integer or string arguments, but "
            "excluded={1.5}", lambda: jnp.vectorize(lambda x: x, excluded={1.5}))
    _raises(ValueError, "Incompatible shapes for broadcasting: shapes=[(2,), (3,)]",
            lambda: jnp.vectorize(lambda x, y: x + y)(np.ones(2), np.ones(3)))


def test_collectives_inside_control_flow():
    x = np.arange(3.0, dtype=np.float32)
    # Unbatched operands, but the branch has a collective naming the vmapped axis.
    out = _named(lambda a: lax.cond(True, lambda: lax.psum(1.0, "i"), lambda: 0.0))(x)
    close(out, [3.0] * 3)
    out = _named(lambda a: lax.scan(lambda c, y: (c + lax.psum(a, "i"), c), 0.0,
                                    jnp.arange(3.0))[0])(x)
    close(out, [9.0] * 3)
