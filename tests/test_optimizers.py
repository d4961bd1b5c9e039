"""numjax.example_libraries: optimizers against their update equations written out in NumPy,
stax layers against NumPy, and a few values recorded from real JAX 0.10.2's example_libraries.
"""

import numpy as np
import pytest
import scipy.special

import numjax
import numjax.numpy as jnp
from numjax import random
from numjax.example_libraries import optimizers, stax

X0 = np.array([[1.0, -2.0, 0.5], [0.25, 3.0, -1.5]])
G0 = np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.7]])
G1 = np.array([[-1.5, 0.2, 1.0], [0.4, 0.0, 2.5]])
LR = 0.1


def _two_steps(opt, jit=False):
    """The optimizer's parameters after steps 0 and 1 with gradients G0, G1 (float32)."""
    opt_init, opt_update, get_params = opt
    update = numjax.jit(opt_update) if jit else opt_update
    state = opt_init(jnp.asarray(X0, jnp.float32))
    state = update(0, jnp.asarray(G0, jnp.float32), state)
    x1 = np.asarray(get_params(state))
    state = update(1, jnp.asarray(G1, jnp.float32), state)
    return x1, np.asarray(get_params(state))


# NumPy float64 transcriptions of each optimizer's published update rule.
def _sgd():
    x1 = X0 - LR * G0
    return x1, x1 - LR * G1


def _momentum(mass=0.9, nesterov=False):
    x, v, out = X0, np.zeros_like(X0), []
    for g in (G0, G1):
        v = mass * v + g
        x = x - LR * (mass * v + g if nesterov else v)
        out.append(x)
    return out


def _adagrad(mom=0.9):
    x, acc, m, out = X0, np.zeros_like(X0), np.zeros_like(X0), []
    for g in (G0, G1):
        acc = acc + g**2
        scaled = np.divide(g, np.sqrt(acc), out=np.zeros_like(g), where=acc > 0)
        m = (1 - mom) * scaled + mom * m
        x = x - LR * m
        out.append(x)
    return out


def _rmsprop(gamma=0.9, eps=1e-8, mom=None):
    x, avg, m, out = X0, np.zeros_like(X0), np.zeros_like(X0), []
    for g in (G0, G1):
        avg = gamma * avg + (1 - gamma) * g**2
        step = LR * g / np.sqrt(avg + eps)
        if mom is not None:
            m = mom * m + step
            step = m
        x = x - step
        out.append(x)
    return out


def _adam(b1=0.9, b2=0.999, eps=1e-8):
    x, m, v, out = X0, np.zeros_like(X0), np.zeros_like(X0), []
    for t, g in enumerate((G0, G1), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        x = x - LR * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        out.append(x)
    return out


def _adamax(b1=0.9, b2=0.999, eps=1e-8):
    x, m, u, out = X0, np.zeros_like(X0), np.zeros_like(X0), []
    for t, g in enumerate((G0, G1), start=1):
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        x = x - LR / (1 - b1**t) * m / (u + eps)
        out.append(x)
    return out


def _sm3(mom=0.9):
    """SM3-II for a matrix: one accumulator per row and per column."""
    x, m, out = X0, np.zeros_like(X0), []
    rows, cols = np.zeros(X0.shape[0]), np.zeros(X0.shape[1])
    for g in (G0, G1):
        acc = np.minimum(rows[:, None], cols[None, :]) + g**2
        scaled = np.divide(g, np.sqrt(acc), out=np.zeros_like(g), where=acc > 0)
        m = (1 - mom) * scaled + mom * m
        x = x - LR * m
        rows, cols = acc.max(axis=1), acc.max(axis=0)
        out.append(x)
    return out


CASES = {
    "sgd": (lambda: optimizers.sgd(LR), _sgd),
    "momentum": (lambda: optimizers.momentum(LR, 0.9), _momentum),
    "nesterov": (lambda: optimizers.nesterov(LR, 0.9), lambda: _momentum(nesterov=True)),
    "adagrad": (lambda: optimizers.adagrad(LR), _adagrad),
    "rmsprop": (lambda: optimizers.rmsprop(LR), _rmsprop),
    "rmsprop_momentum": (lambda: optimizers.rmsprop_momentum(LR), lambda: _rmsprop(mom=0.9)),
    "adam": (lambda: optimizers.adam(LR), _adam),
    "adamax": (lambda: optimizers.adamax(LR), _adamax),
    "sm3": (lambda: optimizers.sm3(LR), _sm3),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("jit", [False, True], ids=["eager", "jit"])
def test_first_two_steps_follow_the_update_equations(name, jit):
    make, reference = CASES[name]
    got = _two_steps(make(), jit=jit)
    for step, (g, r) in enumerate(zip(got, reference(), strict=True)):
        assert g.dtype == np.float32, (name, step)
        np.testing.assert_allclose(g, r, rtol=2e-6, atol=2e-6, err_msg=f"{name} step {step}")


def test_scalar_parameters_sm3():
    opt_init, opt_update, get_params = optimizers.sm3(LR)
    state = opt_update(0, jnp.float32(2.0), opt_init(jnp.float32(1.0)))
    state = opt_update(1, jnp.float32(3.0), state)
    # Recorded from JAX 0.10.2: sm3(0.1) from 1.0 with gradients 2.0 then 3.0.
    assert float(get_params(state)) == pytest.approx(0.9726795, abs=1e-6)
    assert jnp.shape(get_params(state)) == ()


def test_values_recorded_from_jax():
    # Each optimizer from [1, 1] with gradients [1, 2] then [3, -1], step size 0.1
    # (momentum and nesterov with mass 0.9), as JAX 0.10.2's example_libraries printed them.
    recorded = {
        "momentum": [0.51, 0.72], "nesterov": [0.15899998, 0.648],
        "adagrad": [0.97151315, 0.98547214], "rmsprop": [0.38226092, 0.8312142],
        "rmsprop_momentum": [0.09765595, 0.5466092], "adamax": [0.83157897, 0.87892634],
        "adam": [0.8082234, 0.8733672],
    }
    for name, expected in recorded.items():
        args = (0.1, 0.9) if name in ("momentum", "nesterov") else (0.1,)
        opt_init, opt_update, get_params = getattr(optimizers, name)(*args)
        state = opt_update(0, jnp.array([1.0, 2.0]), opt_init(jnp.ones(2)))
        state = opt_update(1, jnp.array([3.0, -1.0]), state)
        np.testing.assert_allclose(get_params(state), expected, rtol=1e-6, err_msg=name)


def test_pytree_params_under_jit():
    """Leaves of different shapes in one jitted update (regression: a codegen name clash)."""
    params = {"w": jnp.ones((2, 3)), "b": (jnp.zeros(3), jnp.float32(0.5))}
    grads = {"w": jnp.full((2, 3), 0.5), "b": (jnp.ones(3), jnp.float32(-1.0))}
    opt_init, opt_update, get_params = optimizers.adam(0.1)
    state = numjax.jit(opt_update)(0, grads, opt_init(params))
    out = get_params(state)
    # Adam's first step moves every coordinate by step_size * sign(g) (up to eps).
    np.testing.assert_allclose(out["w"], np.full((2, 3), 0.9), atol=1e-6)
    np.testing.assert_allclose(out["b"][0], np.full(3, -0.1), atol=1e-6)
    assert float(out["b"][1]) == pytest.approx(0.6, abs=1e-6)


def test_optimizer_state_is_a_pytree():
    opt_init, opt_update, get_params = optimizers.momentum(0.1, 0.9)
    state = opt_init({"a": jnp.ones(2), "b": (jnp.zeros(()),)})
    assert isinstance(state, optimizers.OptimizerState)
    leaves, treedef = numjax.tree_util.tree_flatten(state)
    assert len(leaves) == 4  # (x, velocity) for each of the two parameters
    again = numjax.tree_util.tree_unflatten(treedef, leaves)
    assert numjax.tree_util.tree_structure(get_params(again)) == numjax.tree_util.tree_structure(
        {"a": 0, "b": (0,)}
    )
    # vmap over a batch of optimizer states.
    batched = numjax.tree_util.tree_map(lambda x: jnp.stack([x, x + 1]), state)
    g = {"a": jnp.ones((2, 2)), "b": (jnp.ones(2),)}
    out = numjax.vmap(opt_update, in_axes=(None, 0, 0))(0, g, batched)
    np.testing.assert_allclose(get_params(out)["a"], [[0.9, 0.9], [1.81, 1.81]], rtol=1e-6)


def test_mismatched_gradient_tree_is_a_type_error():
    opt_init, opt_update, _ = optimizers.sgd(0.1)
    state = opt_init({"a": jnp.ones(2), "b": jnp.ones(2)})
    with pytest.raises(TypeError, match="did not match the parameter tree structure"):
        opt_update(0, {"a": jnp.ones(2)}, state)


def test_pack_unpack_round_trip():
    opt_init, opt_update, _ = optimizers.adam(0.1)
    state = opt_update(0, {"a": jnp.ones(2), "b": [jnp.ones(())]},
                       opt_init({"a": jnp.zeros(2), "b": [jnp.ones(())]}))
    unpacked = optimizers.unpack_optimizer_state(state)
    assert isinstance(unpacked["a"], optimizers.JoinPoint)
    _, m, _ = unpacked["a"].subtree
    np.testing.assert_allclose(m, [0.1, 0.1], rtol=1e-6)  # (1 - b1) * g
    packed = optimizers.pack_optimizer_state(unpacked)
    assert numjax.tree_util.tree_structure(packed) == numjax.tree_util.tree_structure(state)
    for a, b in zip(numjax.tree_util.tree_leaves(packed), numjax.tree_util.tree_leaves(state),
                    strict=True):
        np.testing.assert_array_equal(a, b)


def test_schedules():
    assert optimizers.constant(0.3)(7) == 0.3
    assert float(optimizers.exponential_decay(1.0, 10, 0.5)(5)) == pytest.approx(0.5**0.5)
    itd = optimizers.inverse_time_decay(1.0, 10, 0.5, staircase=True)
    assert float(itd(15)) == pytest.approx(1 / 1.5, rel=1e-6)
    assert float(optimizers.inverse_time_decay(1.0, 10, 0.5)(15)) == pytest.approx(1 / 1.75)
    poly = optimizers.polynomial_decay(1.0, 10, 0.1, power=2.0)
    assert float(poly(5)) == pytest.approx(0.25 * 0.9 + 0.1, rel=1e-6)
    assert float(poly(20)) == pytest.approx(0.1, rel=1e-6)
    pw = optimizers.piecewise_constant([1, 2], [1.0, 0.5, 0.1])
    assert [float(pw(i)) for i in (0, 1, 2, 3)] == pytest.approx([1.0, 1.0, 0.5, 0.1])
    assert float(numjax.jit(pw)(jnp.array(3))) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="one shorter"):
        optimizers.piecewise_constant([1, 2], [1.0, 0.5])
    with pytest.raises(ValueError, match="must be sequences"):
        optimizers.piecewise_constant(1, [1.0, 0.5])
    assert optimizers.make_schedule(0.1)(3) == 0.1
    with pytest.raises(TypeError):
        optimizers.make_schedule(jnp.ones(2))


def test_schedule_as_step_size_under_jit():
    schedule = optimizers.exponential_decay(0.1, 1, 0.5)  # 0.1, 0.05, ...
    opt_init, opt_update, get_params = optimizers.sgd(schedule)
    update = numjax.jit(opt_update)
    state = update(1, jnp.ones(2), update(0, jnp.ones(2), opt_init(jnp.zeros(2))))
    np.testing.assert_allclose(get_params(state), [-0.15, -0.15], rtol=1e-6)


def test_l2_norm_and_clip_grads():
    tree = {"a": jnp.ones(3), "b": 2.0}
    assert float(optimizers.l2_norm(tree)) == pytest.approx(np.sqrt(7.0), rel=1e-6)
    clipped = optimizers.clip_grads({"a": jnp.ones(4) * 3}, 1.0)
    np.testing.assert_allclose(clipped["a"], np.full(4, 0.5), rtol=1e-6)
    small = optimizers.clip_grads({"a": jnp.ones(4) * 0.1}, 1.0)
    np.testing.assert_allclose(small["a"], np.full(4, 0.1), rtol=1e-6)


# ----------------------------------------------------------------------------- stax

KEY = random.PRNGKey(0)
INPUTS = np.arange(8.0, dtype=np.float32).reshape(2, 4) / 4 - 1


def _np_log_softmax(x):
    return x - scipy.special.logsumexp(x, axis=-1, keepdims=True)


def test_dense_serial_against_numpy_and_jax():
    init_fun, apply_fun = stax.serial(stax.Dense(3), stax.Relu, stax.Dense(2), stax.LogSoftmax)
    out_shape, params = init_fun(KEY, (-1, 4))
    assert out_shape == (-1, 2)
    shapes = [tuple(np.shape(p) for p in layer) for layer in params]
    assert shapes == [((4, 3), (3,)), (), ((3, 2), (2,)), ()]
    # Recorded from JAX 0.10.2: stax.serial(Dense(3), Relu, Dense(2), LogSoftmax) on
    # PRNGKey(0): the first Dense layer's W and b (glorot_normal and normal(1e-2) draws).
    np.testing.assert_allclose(params[0][0], [
        [0.11530236, -0.4423771, -0.7077285], [-0.2375359, -0.57293135, 0.16600154],
        [0.56687963, 0.28791845, -0.42734358], [0.6447168, -0.00555579, 0.2601453]],
        rtol=1e-6)
    np.testing.assert_allclose(params[0][1], [-0.01335625, -0.00352563, 0.00309704], rtol=1e-6)
    (w1, b1), _, (w2, b2), _ = [tuple(np.asarray(p, np.float64) for p in layer)
                                for layer in params]
    x = np.arange(8.0).reshape(2, 4)
    expected = _np_log_softmax(np.maximum(x @ w1 + b1, 0) @ w2 + b2)
    got = apply_fun(params, jnp.asarray(x, jnp.float32))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    # And the recorded JAX output for these inputs.
    np.testing.assert_allclose(got, [[-6.7401975e-02, -2.7305923e00],
                                     [-1.0422994e-03, -6.8668094e00]], rtol=1e-5)


ELEMENTWISE = {
    "Tanh": np.tanh,
    "Relu": lambda x: np.maximum(x, 0),
    "Exp": np.exp,
    "Sigmoid": scipy.special.expit,
    "Softplus": lambda x: np.logaddexp(0, x),
    "Elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "LeakyRelu": lambda x: np.where(x >= 0, x, 0.01 * x),
    "Selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)),
    "Gelu": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    "Softmax": scipy.special.softmax,
    "LogSoftmax": _np_log_softmax,
    "Identity": lambda x: x,
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_parameter_free_layers(name):
    init_fun, apply_fun = getattr(stax, name)
    out_shape, params = init_fun(KEY, (2, 4))
    assert out_shape == (2, 4) and params == ()
    reference = ELEMENTWISE[name]
    if name in ("Softmax",):
        reference = lambda x: scipy.special.softmax(x, axis=-1)
    np.testing.assert_allclose(apply_fun((), jnp.asarray(INPUTS)),
                               reference(INPUTS.astype(np.float64)), rtol=1e-5, atol=1e-6)


def test_flatten_and_shape_combinators():
    init_fun, apply_fun = stax.Flatten
    assert init_fun(KEY, (2, 3, 4)) == ((2, 12), ())
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(apply_fun((), jnp.asarray(x)), x.reshape(2, 12))

    assert stax.FanOut(2)[0](KEY, (3,)) == ([(3,), (3,)], ())
    assert stax.FanInSum[0](KEY, ((3,), (3,))) == ((3,), ())
    assert stax.FanInConcat()[0](KEY, ((2, 3), (2, 4))) == ((2, 7), ())
    assert stax.FanInConcat(axis=0)[0](KEY, ((2, 3), (5, 3))) == ((7, 3), ())
    a, b = np.ones((2, 3)), np.full((2, 4), 2.0)
    np.testing.assert_array_equal(stax.FanInConcat()[1]((), [a, b]), np.concatenate([a, b], -1))
    np.testing.assert_array_equal(stax.FanInSum[1]((), [a, a * 3]), a * 4)


def test_residual_block_with_parallel():
    # x -> FanOut -> (Dense, Identity) -> FanInSum: a residual connection.
    init_fun, apply_fun = stax.serial(
        stax.FanOut(2), stax.parallel(stax.Dense(4), stax.Identity), stax.FanInSum
    )
    out_shape, params = init_fun(KEY, (-1, 4))
    assert out_shape == (-1, 4)
    (w, b), identity = params[1]
    assert identity == ()
    x = INPUTS.astype(np.float64)
    expected = x @ np.asarray(w, np.float64) + np.asarray(b, np.float64) + x
    np.testing.assert_allclose(apply_fun(params, jnp.asarray(INPUTS)), expected, rtol=1e-5,
                               atol=1e-6)


def test_batchnorm_against_numpy():
    init_fun, apply_fun = stax.BatchNorm(axis=(0,))
    out_shape, (beta, gamma) = init_fun(KEY, (5, 3))
    assert out_shape == (5, 3)
    np.testing.assert_array_equal(beta, np.zeros(3))
    np.testing.assert_array_equal(gamma, np.ones(3))
    x = np.arange(15.0).reshape(5, 3) ** 1.5
    beta, gamma = np.array([1.0, 0.0, -1.0]), np.array([2.0, 0.5, 1.0])
    z = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5)
    got = apply_fun((jnp.asarray(beta), jnp.asarray(gamma)), jnp.asarray(x, jnp.float32))
    np.testing.assert_allclose(got, gamma * z + beta, rtol=1e-5, atol=1e-5)


def test_dropout():
    init_fun, apply_fun = stax.Dropout(0.7)
    assert init_fun(KEY, (2, 5)) == ((2, 5), ())
    x = jnp.ones((2, 5))
    out = np.asarray(apply_fun((), x, rng=random.PRNGKey(1)))
    # JAX's convention: rate is the KEEP probability; kept units are scaled by 1 / rate.
    assert set(np.unique(out)) <= {0.0, np.float32(1 / 0.7)}
    # Recorded from JAX 0.10.2 (same key): which units are kept.
    np.testing.assert_array_equal(out != 0, [[1, 1, 1, 1, 0], [1, 0, 0, 1, 1]])
    with pytest.raises(ValueError, match="PRNG key"):
        apply_fun((), x)
    _, test_apply = stax.Dropout(0.7, mode="test")
    np.testing.assert_array_equal(test_apply((), x, rng=KEY), np.ones((2, 5)))
    # serial splits the rng among its layers.
    _, serial_apply = stax.serial(stax.Identity, stax.Dropout(0.5))
    assert np.asarray(serial_apply([(), ()], jnp.ones((4, 8)), rng=KEY)).shape == (4, 8)


def test_shape_dependent():
    layer = stax.shape_dependent(lambda shape: stax.Dense(shape[-1] * 2))
    out_shape, (w, b) = layer[0](KEY, (1, 3))
    assert out_shape == (1, 6) and w.shape == (3, 6)
    assert layer[1]((w, b), jnp.ones((1, 3))).shape == (1, 6)


def test_stax_under_grad_vmap_jit():
    init_fun, apply_fun = stax.serial(stax.Dense(8), stax.Tanh, stax.Dense(1))
    _, params = init_fun(KEY, (-1, 2))

    def loss(params, x, y):
        return jnp.mean((apply_fun(params, x) - y) ** 2)

    x, y = jnp.ones((5, 2)), jnp.zeros((5, 1))
    grads = numjax.jit(numjax.grad(loss))(params, x, y)
    assert [tuple(np.shape(g) for g in layer) for layer in grads] == [((2, 8), (8,)), (),
                                                                       ((8, 1), (1,))]
    per_example = numjax.vmap(loss, in_axes=(None, 0, 0))(params, x[:, None], y[:, None])
    assert per_example.shape == (5,)
    np.testing.assert_allclose(per_example, np.full(5, float(loss(params, x, y))), rtol=1e-6)
