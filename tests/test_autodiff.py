"""Autodiff API: grad/value_and_grad/jvp/vjp options and errors, custom_jvp, custom_vjp and
checkpoint under every composition, float0, higher order. Error messages and values are the
ones real JAX 0.10.2 gives (recorded by hand from /tmp/jaxenv); derivatives are checked
against hand-derived NumPy formulas."""

from __future__ import annotations

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax


def messy_function(x):
    return jnp.sin(x) * jnp.exp(-x ** 2) + jnp.tanh(x)


def test_messy_function_grad_matches_jax():
    # JAX prints -0.00037933886; NumPy's float32 sin/exp differ from XLA's by an ulp and the
    # three O(1) terms cancel, so agreement is to float32 rounding of the terms (~1e-7).
    g = jax.grad(messy_function)(1.0)
    assert g.dtype == np.float32 and g.weak_type
    np.testing.assert_allclose(float(g), -0.00037933886, rtol=0, atol=1e-7)
    x = 1.0
    exact = (np.cos(x) - 2 * x * np.sin(x)) * np.exp(-x * x) + 1 - np.tanh(x) ** 2
    np.testing.assert_allclose(float(g), exact, rtol=0, atol=2e-7)


def test_grad_repr_is_weak_float32():
    assert repr(jax.grad(lambda x: x * x * 3.0)(1.0)) == \
        "Array(6., dtype=float32, weak_type=True)"


def test_perturbation_confusion():
    assert float(jax.grad(lambda x: jax.grad(lambda y: x * y)(1.0))(2.0)) == 1.0


def test_higher_order():
    f = lambda x: jnp.sin(x) * x ** 3
    x = 0.7
    d3 = (-np.cos(x) * x ** 3 - 9 * np.sin(x) * x ** 2 + 18 * np.cos(x) * x + 6 * np.sin(x))
    np.testing.assert_allclose(jax.grad(jax.grad(jax.grad(f)))(x), d3, rtol=1e-5)
    d2 = -np.sin(x) * x ** 3 + 6 * np.cos(x) * x ** 2 + 6 * np.sin(x) * x
    np.testing.assert_allclose(jax.jvp(jax.grad(f), (x,), (1.0,))[1], d2, rtol=1e-5)
    v = np.array([0.3, -0.5], np.float32)
    h = jax.jacfwd(jax.jacrev(lambda v: jnp.sum(v ** 3) * v[0]))(v)
    a, b = v
    expected = [[12 * a ** 2, 3 * b ** 2], [3 * b ** 2, 6 * a * b]]
    np.testing.assert_allclose(h, expected, rtol=1e-5)


def test_has_aux_passes_python_values_through():
    g, aux = jax.grad(lambda x: (x * 2.0, 3.0), has_aux=True)(1.0)
    assert float(g) == 2.0 and aux == 3.0 and type(aux) is float
    (v, aux), g = jax.value_and_grad(lambda x: (x * x, {"a": x}), has_aux=True)(3.0)
    assert float(v) == 9.0 and float(g) == 6.0 and float(aux["a"]) == 3.0


def test_allow_int_gives_float0():
    gx, gy = jax.grad(lambda x, y: x * y, allow_int=True, argnums=(0, 1))(2.0, 3)
    assert float(gx) == 3.0
    assert gy.dtype == jax.dtypes.float0 and gy.shape == ()
    g = jax.grad(lambda x, y: y, allow_int=True)(True, 1.0)
    assert g.dtype == jax.dtypes.float0


def test_reduce_max_splits_ties_equally():
    x = jnp.array([1.0, 3.0, 3.0])
    np.testing.assert_array_equal(jax.grad(lambda x: lax.reduce_max(x, (0,)))(x), [0, .5, .5])
    np.testing.assert_array_equal(jax.grad(jnp.max)(x), [0, .5, .5])
    np.testing.assert_array_equal(jax.grad(lambda x: lax.reduce_min(x, (0,)))(
        jnp.array([1.0, 1.0, 3.0])), [.5, .5, 0])
    assert float(jax.grad(lambda x: lax.max(x, 1.0))(1.0)) == 0.5


def test_clamp_tangent_at_ties_and_bounds():
    # JAX: at a tie no argument receives the tangent; a bound that clamps gets it.
    assert float(jax.grad(lambda x: lax.clamp(0.0, x, 1.0))(1.0)) == 0.0
    assert float(jax.grad(lambda lo: lax.clamp(lo, 0.5, 1.0))(0.5)) == 0.0
    assert float(jax.jvp(lambda hi: lax.clamp(-1.0, 2.0, hi), (1.0,), (1.0,))[1]) == 1.0
    assert float(jax.grad(lambda lo: lax.clamp(lo, 0.0, 1.0))(0.5)) == 1.0


def test_reduce_prod_jvp():
    t = jax.jvp(lambda x: lax.reduce_prod(x, (0,)), (jnp.array([2.0, 3.0, 5.0]),),
                (jnp.array([0.0, 1.0, 0.0]),))[1]
    assert float(t) == 10.0


def test_imag_requires_complex():
    with pytest.raises(TypeError, match="imag does not accept dtype float32. Accepted dtypes "
                                        "are subtypes of complexfloating."):
        lax.imag(1.0)
    (ct,) = jax.vjp(lax.imag, np.complex64(1 + 1j))[1](np.float32(1.0))
    assert complex(ct) == -1j


def test_second_order_vector_dot_reads_literals():
    f = lambda x, y: lax.dot_general(x, y, (((0,), (0,)), ((), ())))
    g = lambda x, y: tuple(jax.vjp(f, x, y)[1](2.0))
    x = np.ones(3, np.float32)
    out = jax.vjp(g, x, x)[1]((x, x))
    np.testing.assert_array_equal(out[0], 2 * x)


def test_holomorphic_and_complex():
    assert complex(jax.grad(lambda z: z * z, holomorphic=True)(1.0 + 1j)) == 2 + 2j
    assert complex(jax.grad(lambda z: jnp.abs(z * z))(1.0 + 1j)) == 2 - 2j
    assert float(jax.grad(jnp.abs)(0.0)) == 1.0


@pytest.mark.parametrize("call,exc,msg", [
    (lambda: jax.grad(lambda x, y: x * y, argnums=-3)(1.0, 2.0), ValueError,
     ("Positional argument indices, e.g. for `static_argnums`, must have value greater than or "
      "equal to -len(args) and less than len(args), but got value -3 for len(args) == 2.")),
    (lambda: jax.grad(lambda x, y: x * y, argnums=2)(1.0, 2.0), TypeError,
     ("differentiating with respect to argnums=2 requires at least 3 positional arguments to be "
      "passed by the caller, but got only 2 positional arguments.")),
    (lambda: jax.grad(lambda x, y: x * y, argnums=(0, 5))(1.0, 2.0), TypeError,
     ("differentiating with respect to argnums=(0, 5) requires at least 6 positional arguments "
      "to be passed by the caller, but got only 2 positional arguments.")),
    (lambda: jax.grad(lambda x: x, argnums=())(1.0), ValueError,
     "max() arg is an empty sequence"),
    (lambda: jax.grad(lambda x: x)(jnp.ones(3)), TypeError,
     "Gradient only defined for scalar-output functions. Output had shape: (3,)."),
    (lambda: jax.grad(lambda x: x)(1), TypeError,
     ("grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of "
      "np.inexact), but got int32. If you want to use Boolean- or integer-valued inputs, use vjp "
      "or set allow_int to True.")),
    (lambda: jax.grad(lambda x: x, holomorphic=True)(1.0), TypeError,
     "grad with holomorphic=True requires inputs with complex dtype, but got float32."),
    (lambda: jax.grad(lambda x: x.real, holomorphic=True)(1.0 + 1j), TypeError,
     "grad with holomorphic=True requires outputs with complex dtype, but got float32."),
    (lambda: jax.grad(lambda x: x * x)(1.0 + 1j), TypeError,
     ("grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but "
      "got complex64. For holomorphic differentiation, pass holomorphic=True. For "
      "differentiation of non-holomorphic functions involving complex outputs, use jax.vjp "
      "directly.")),
    (lambda: jax.grad(lambda x: jnp.sin(x) > 0)(1.0), TypeError,
     ("grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but "
      "got bool. For differentiation of functions with integer outputs, use jax.vjp directly.")),
])
def test_grad_errors_match_jax(call, exc, msg):
    with pytest.raises(exc) as info:
        call()
    assert str(info.value) == msg


def test_has_aux_error():
    with pytest.raises(TypeError, match="expected function with aux output to return a "
                                        "two-element tuple"):
        jax.grad(lambda x: x, has_aux=True)(1.0)


# ---------------------------------------------------------------------------------------------
# custom_jvp


@jax.custom_jvp
def scaled_sin(x, y):
    return jnp.sin(x) * y


@scaled_sin.defjvp
def scaled_sin_jvp(primals, tangents):
    # Twice the true derivative, so a test can tell the rule was used.
    x, y = primals
    x_dot, y_dot = tangents
    return scaled_sin(x, y), 2.0 * (jnp.cos(x) * x_dot * y + jnp.sin(x) * y_dot)


def _rule_dx(x, y):
    return 2 * np.cos(x) * y


def test_custom_jvp_eager_runs_primal_only():
    calls = []

    @jax.custom_jvp
    def f(x):
        calls.append("f")
        return x * 2.0

    @f.defjvp
    def f_jvp(p, t):
        calls.append("jvp")
        return f(p[0]), t[0]

    assert float(f(1.0)) == 2.0 and calls == ["f"]


@pytest.mark.parametrize("transform", ["grad", "jit_grad", "grad_jit", "vjp", "linearize",
                                       "jvp"])
def test_custom_jvp_first_order(transform):
    x, y = 0.7, 1.5
    g = {
        "grad": lambda: jax.grad(scaled_sin)(x, y),
        "jit_grad": lambda: jax.jit(jax.grad(scaled_sin))(x, y),
        "grad_jit": lambda: jax.grad(jax.jit(scaled_sin))(x, y),
        "vjp": lambda: jax.vjp(scaled_sin, x, y)[1](1.0)[0],
        "linearize": lambda: jax.linearize(scaled_sin, x, y)[1](1.0, 0.0),
        "jvp": lambda: jax.jvp(scaled_sin, (x, y), (1.0, 0.0))[1],
    }[transform]()
    np.testing.assert_allclose(g, _rule_dx(x, y), rtol=1e-6)


def test_custom_jvp_higher_order_differentiates_the_rule():
    x, y = 0.7, 1.5
    np.testing.assert_allclose(jax.grad(jax.grad(scaled_sin))(x, y), -2 * np.sin(x) * y,
                               rtol=1e-6)
    np.testing.assert_allclose(jax.jacfwd(jax.jacrev(scaled_sin))(x, y), -2 * np.sin(x) * y,
                               rtol=1e-6)


def test_custom_jvp_vmap_compositions():
    xs = np.array([0.3, 0.7, 1.1], np.float32)
    ys = np.array([1.0, 2.0, 0.5], np.float32)
    np.testing.assert_allclose(jax.vmap(scaled_sin)(xs, ys), np.sin(xs) * ys, rtol=1e-6)
    np.testing.assert_allclose(jax.vmap(jax.grad(scaled_sin))(xs, ys), _rule_dx(xs, ys),
                               rtol=1e-6)
    g = jax.grad(lambda xs: jnp.sum(jax.vmap(scaled_sin, (0, None))(xs, 1.5)))(xs)
    np.testing.assert_allclose(g, _rule_dx(xs, 1.5), rtol=1e-6)
    g = jax.jit(jax.vmap(jax.grad(scaled_sin)))(xs, ys)
    np.testing.assert_allclose(g, _rule_dx(xs, ys), rtol=1e-6)


def test_custom_jvp_make_jaxpr_shows_the_call():
    text = str(jax.make_jaxpr(scaled_sin)(1.0, 2.0))
    assert "custom_jvp_call[" in text and "jvp=scaled_sin_jvp" in text and "name=scaled_sin" \
        in text


def test_custom_jvp_pytrees_and_nondiff_argnums():
    @jax.custom_jvp
    def f(d):
        return {"s": d["a"] * d["b"], "t": (d["a"],)}

    @f.defjvp
    def f_jvp(p, t):
        (d,), (dd,) = p, t
        return f(d), {"s": 3.0 * dd["a"], "t": (dd["a"],)}

    g = jax.grad(lambda d: f(d)["s"] + f(d)["t"][0])({"a": 1.0, "b": 5.0})
    assert float(g["a"]) == 4.0 and float(g["b"]) == 0.0

    @jax.custom_jvp
    def app(fn, x):
        return fn(x)

    app.nondiff_argnums = (0,)

    @app.defjvp
    def app_jvp(fn, p, t):
        return app(fn, p[0]), 10.0 * t[0]

    f2 = jax.custom_jvp(lambda fn, x: fn(x), nondiff_argnums=(0,))
    f2.defjvp(lambda fn, p, t: (fn(p[0]), 10.0 * t[0]))
    assert float(jax.grad(lambda x: f2(jnp.sin, x))(1.0)) == 10.0


def test_custom_jvp_defjvps():
    f = jax.custom_jvp(lambda x, y: x * y)
    f.defjvps(lambda g, ans, x, y: 3.0 * g, None)
    assert float(jax.grad(f)(2.0, 5.0)) == 3.0
    assert float(jax.grad(f, 1)(2.0, 5.0)) == 0.0


def test_custom_jvp_int_argument_gets_float0_tangent():
    seen = []
    f = jax.custom_jvp(lambda x, n: x * n)

    @f.defjvp
    def f_jvp(p, t):
        seen.append(t[1].dtype)
        return f(*p), t[0] * p[1]

    assert float(jax.grad(f)(2.0, 3)) == 3.0
    assert seen == [jax.dtypes.float0]


def test_custom_jvp_errors_match_jax():
    f = jax.custom_jvp(lambda x: x)
    with pytest.raises(AttributeError, match="No JVP defined for custom_jvp function <lambda> "
                                             "using defjvp."):
        f(1.0)

    @jax.custom_jvp
    def h(x):
        return x

    @h.defjvp
    def hj(p, t):
        return p[0]

    with pytest.raises(TypeError) as info:
        jax.jvp(h, (1.0,), (1.0,))
    assert str(info.value) == (
        "Custom JVP rule hj for function h must produce a pair (list or tuple of length two) "
        "representing primal and tangent outputs, but got 1.0.")

    h.defjvp(lambda p, t: ((p[0],), t[0]))
    with pytest.raises(TypeError, match=r"must produce primal and tangent outputs with equal "
                                        r"container \(pytree\) structures, but got "
                                        r"PyTreeDef\(\(\*,\)\) and PyTreeDef\(\*\)"):
        jax.jvp(h, (1.0,), (1.0,))

    h.defjvp(lambda p, t: (p[0], t[0] * jnp.ones(2)))
    with pytest.raises(TypeError) as info:
        jax.jvp(h, (1.0,), (1.0,))
    assert str(info.value) == (
        "Custom JVP rule must produce primal and tangent outputs with corresponding shapes and "
        "dtypes. Expected float32[] (tangent type of float32[]) but got float32[2].")


# ---------------------------------------------------------------------------------------------
# custom_vjp


@jax.custom_vjp
def clipped_sin(x):
    return jnp.sin(x)


def clipped_sin_fwd(x):
    return jnp.sin(x), jnp.cos(x)


def clipped_sin_bwd(res, ct):
    return (3.0 * res * ct,)  # three times the true derivative


clipped_sin.defvjp(clipped_sin_fwd, clipped_sin_bwd)


@pytest.mark.parametrize("transform", ["grad", "jit_grad", "grad_jit", "vjp", "jacrev"])
def test_custom_vjp_first_order(transform):
    x = 0.7
    g = {
        "grad": lambda: jax.grad(clipped_sin)(x),
        "jit_grad": lambda: jax.jit(jax.grad(clipped_sin))(x),
        "grad_jit": lambda: jax.grad(jax.jit(clipped_sin))(x),
        "vjp": lambda: jax.vjp(clipped_sin, x)[1](1.0)[0],
        "jacrev": lambda: jax.jacrev(clipped_sin)(x),
    }[transform]()
    np.testing.assert_allclose(g, 3 * np.cos(x), rtol=1e-6)


def test_custom_vjp_second_order_differentiates_fwd_and_bwd():
    np.testing.assert_allclose(jax.grad(jax.grad(clipped_sin))(0.7), -3 * np.sin(0.7),
                               rtol=1e-6)
    np.testing.assert_allclose(jax.jvp(jax.grad(clipped_sin), (0.7,), (1.0,))[1],
                               -3 * np.sin(0.7), rtol=1e-6)


def test_custom_vjp_vmap_compositions():
    xs = np.array([0.3, 0.7, 1.1], np.float32)
    np.testing.assert_allclose(jax.vmap(clipped_sin)(xs), np.sin(xs), rtol=1e-6)
    np.testing.assert_allclose(jax.vmap(jax.grad(clipped_sin))(xs), 3 * np.cos(xs), rtol=1e-6)
    np.testing.assert_allclose(jax.grad(lambda v: jnp.sum(jax.vmap(clipped_sin)(v)))(xs),
                               3 * np.cos(xs), rtol=1e-6)
    np.testing.assert_allclose(jax.jit(jax.vmap(jax.grad(clipped_sin)))(xs), 3 * np.cos(xs),
                               rtol=1e-6)


def test_custom_vjp_unbatched_argument_sums_over_the_batch():
    f = jax.custom_vjp(lambda w, x: w * x)
    f.defvjp(lambda w, x: (w * x, (w, x)), lambda r, ct: (r[1] * ct, r[0] * ct))
    xs = np.array([1.0, 2.0, 3.0], np.float32)
    g = jax.grad(lambda w: jnp.sum(jax.vmap(f, (None, 0))(w, xs)))(2.0)
    assert float(g) == 6.0


def test_custom_vjp_pytree_residuals_and_nondiff():
    f = jax.custom_vjp(lambda scale, x: {"y": x["a"] * scale}, nondiff_argnums=(0,))
    f.defvjp(lambda scale, x: (f(scale, x), {"r": (x["a"],)}),
             lambda scale, res, ct: ({"a": ct["y"] * scale * 10.0},))
    g = jax.grad(lambda a: f(2.0, {"a": a})["y"])(1.5)
    assert float(g) == 20.0


def test_custom_vjp_forward_mode_is_an_error():
    with pytest.raises(TypeError) as info:
        jax.jvp(clipped_sin, (1.0,), (1.0,))
    assert str(info.value) == "can't apply forward-mode autodiff (jvp) to a custom_vjp function."


def test_custom_vjp_errors_match_jax():
    g = jax.custom_vjp(lambda x: x)
    with pytest.raises(AttributeError, match="No VJP defined for custom_vjp function <lambda> "
                                             "using defvjp."):
        g(1.0)
    g.defvjp(lambda x: (jnp.sin(x), x), lambda r, ct: r * ct)
    with pytest.raises(TypeError) as info:
        jax.grad(g)(1.0)
    assert str(info.value) == (
        "Custom VJP bwd rule must produce an output with the same container (pytree) structure "
        "as the args tuple of the primal function, and in particular must produce a tuple of "
        "length equal to the number of arguments to the primal function, but got bwd output "
        "structure PyTreeDef(*) for primal input structure PyTreeDef((*,)).")
    g.defvjp(lambda x: (x, x), lambda r, ct: (jnp.ones(3),))
    with pytest.raises(ValueError) as info:
        jax.grad(g)(1.0)
    assert str(info.value) == (
        "Custom VJP bwd rule must produce an output with the same type as the args tuple of the "
        "primal function, but at output[0] the bwd rule produced an output of type float32[3] "
        "corresponding to an input of type float32[], so the shapes do not match")
    g.defvjp(lambda x: x, lambda r, ct: (ct,))
    with pytest.raises(TypeError, match="Custom VJP fwd rule <lambda> for function <lambda> "
                                        "must produce a pair"):
        jax.grad(g)(1.0)


def test_custom_vjp_none_cotangent_is_zero():
    g = jax.custom_vjp(lambda x: x)
    g.defvjp(lambda x: (x, None), lambda r, ct: (None,))
    assert float(jax.grad(g)(1.0)) == 0.0


def test_custom_vjp_make_jaxpr_shows_the_call():
    text = str(jax.make_jaxpr(clipped_sin)(1.0))
    assert "custom_vjp_call[" in text and "fwd=clipped_sin_fwd" in text


# ---------------------------------------------------------------------------------------------
# checkpoint


def test_checkpoint_gives_the_same_derivatives():
    f = lambda x: jnp.sin(jnp.sin(x)) * x
    for remat in (jax.checkpoint(f), jax.remat(f, prevent_cse=False),
                  jax.checkpoint(f, policy=jax.checkpoint_policies.nothing_saveable),
                  jax.checkpoint(policy=jax.checkpoint_policies.dots_saveable)(f)):
        for order in range(1, 4):
            g, gr = f, remat
            for _ in range(order):
                g, gr = jax.grad(g), jax.grad(gr)
            np.testing.assert_allclose(gr(0.8), g(0.8), rtol=1e-6)
        np.testing.assert_allclose(jax.jit(jax.grad(remat))(0.8), jax.grad(f)(0.8), rtol=1e-6)
        xs = np.array([0.1, 0.5], np.float32)
        np.testing.assert_allclose(jax.vmap(jax.grad(remat))(xs),
                                   [jax.grad(f)(x) for x in xs], rtol=1e-6)


def test_checkpoint_static_argnums():
    f = jax.checkpoint(lambda x, n: x ** n, static_argnums=(1,))
    assert float(jax.grad(f)(2.0, 3)) == 12.0


def test_closure_convert():
    def outer(y):
        fn = lambda x: x * y
        converted, consts = jax.closure_convert(fn, 1.0)
        return converted(2.0, *consts)

    assert float(jax.grad(outer)(3.0)) == 2.0


def test_stop_gradient_has_zero_derivative():
    f = lambda x: lax.stop_gradient(x) * x
    assert float(jax.grad(f)(3.0)) == 3.0
    assert float(jax.jvp(lax.stop_gradient, (2.0,), (1.0,))[1]) == 0.0
    assert float(jax.vjp(lax.stop_gradient, 2.0)[1](1.0)[0]) == 0.0


def test_vjp_cotangent_errors_match_jax():
    _, pullback = jax.vjp(lambda x: (x, x), 1.0)
    with pytest.raises(ValueError) as info:
        pullback(1.0)
    text = str(info.value)
    assert text.startswith("unexpected tree structure.\n\nThe argument to a VJP function "
                           "returned by `jax.vjp` must match the pytree\nstructure of the "
                           "differentiated function <lambda> at ")
    assert text.endswith("But the tree structures differ:\n  * out was a <class 'tuple'> in the "
                         "original output, but a pytree leaf here, so their Python types "
                         "differ.")
    _, pullback = jax.vjp(lambda x: {"a": x}, 1.0)
    with pytest.raises(ValueError, match=r"out was a <class 'dict'> with pytree metadata "
                                         r"\('a',\) in the original output, but a <class 'dict'>"
                                         r" with pytree metadata \('b',\) here"):
        pullback({"b": 1.0})
    _, pullback = jax.vjp(lambda x: x, jnp.ones(2))
    for bad, got in ((jnp.ones(3), "float32[3]"), (jnp.ones(2, jnp.int32), "int32[2]")):
        with pytest.raises(ValueError) as info:
            pullback(bad)
        assert str(info.value) == (
            f"unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got {got}, "
            "but expected float32[2] because the corresponding output of the differentiated "
            "function had JAX type float32[2]")
    assert float(jax.vjp(lambda x: x, 1.0)[1](2.0)[0]) == 2.0


def test_grad_of_non_array_output_and_jacfwd_int_errors():
    with pytest.raises(TypeError, match=r"Gradient only defined for scalar-output functions\. "
                                        r"Output was None\."):
        jax.grad(lambda x: None)(1.0)
    with pytest.raises(TypeError) as info:
        jax.jacfwd(lambda x: x)(1)
    assert str(info.value) == (
        "jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), "
        "but got int32. For holomorphic differentiation, pass holomorphic=True. For "
        "differentiation of non-holomorphic functions involving complex inputs or integer "
        "inputs, use jax.jvp directly.")


def test_jacobians_keep_weak_types():
    assert jax.jacfwd(lambda x: x * 2)(1.0).weak_type
    assert jax.jacrev(lambda x: x * 2)(1.0).weak_type


def test_checkpoint_is_staged_and_recomputes_under_grad():
    f = jax.checkpoint(lambda x: jnp.sin(jnp.sin(x)))
    assert "remat2[" in str(jax.make_jaxpr(f)(1.0))
    # The backward pass recomputes sin(x) from the saved input instead of storing it.
    grad_text = str(jax.make_jaxpr(jax.grad(f))(1.0))
    assert grad_text.count(" = sin a") == 2, grad_text
    plain = str(jax.make_jaxpr(jax.grad(lambda x: jnp.sin(jnp.sin(x))))(1.0))
    assert plain.count(" = sin a") == 1, plain


def test_checkpoint_closing_over_a_differentiated_value():
    def outer(y):
        return jax.checkpoint(lambda x: jnp.sin(x * y))(2.0)

    np.testing.assert_allclose(jax.grad(outer)(0.5), 2 * np.cos(1.0), rtol=1e-6)


def test_custom_rules_closing_over_vmapped_values():
    def jvp_outer(y):
        k = jax.custom_jvp(lambda a: a * y)
        k.defjvp(lambda p, t: (k(p[0]), t[0] * y * 10.0))
        return k(1.0), jax.grad(k)(1.0)

    def vjp_outer(y):
        k = jax.custom_vjp(lambda a: a * y)
        k.defvjp(lambda a: (k(a), None), lambda r, c: (c * y * 10.0,))
        return jax.grad(k)(1.0)

    ys = jnp.array([1.0, 2.0])
    value, g = jax.vmap(jvp_outer)(ys)
    np.testing.assert_array_equal(value, [1.0, 2.0])
    np.testing.assert_array_equal(g, [10.0, 20.0])
    np.testing.assert_array_equal(jax.vmap(vjp_outer)(ys), [10.0, 20.0])
    np.testing.assert_array_equal(jax.jit(vjp_outer)(2.0), 20.0)
    text = str(jax.make_jaxpr(lambda y: jvp_outer(y)[0])(2.0))
    assert "num_consts=1" in text


def test_jvp_and_jacfwd_has_aux():
    f = lambda x: (x * 2, {"aux": x + 1, "py": 3.0})
    out, t, aux = jax.jvp(f, (1.0,), (1.0,), has_aux=True)
    assert float(out) == 2.0 and float(t) == 2.0
    assert float(aux["aux"]) == 2.0 and aux["py"] == 3.0 and type(aux["py"]) is float
    jac, aux = jax.jacfwd(f, has_aux=True)(1.0)
    assert float(jac) == 2.0 and float(aux["aux"]) == 2.0
    h, aux = jax.hessian(lambda x: (x ** 3, x * 2), has_aux=True)(1.0)
    assert float(h) == 6.0 and float(aux) == 2.0


@pytest.mark.parametrize("transform", [jax.grad, jax.value_and_grad, jax.jacfwd, jax.jacrev,
                                       jax.hessian])
def test_non_callable_is_rejected_when_transforming(transform):
    with pytest.raises(TypeError, match="Expected a callable value, got 3"):
        transform(3)


def test_public_modules():
    assert jax.custom_derivatives.custom_vjp is jax.custom_vjp
    assert jax.ad_checkpoint.checkpoint is jax.checkpoint
    assert jax.ad_checkpoint.checkpoint_name(2.0, "x") == 2.0


@jax.custom_jvp
def log1pexp(x):
    return jnp.log(1.0 + jnp.exp(x))


@log1pexp.defjvp
def log1pexp_jvp(primals, tangents):
    (x,), (x_dot,) = primals, tangents
    return log1pexp(x), x_dot * (1.0 - 1.0 / (1.0 + jnp.exp(x)))


def test_custom_jvp_stable_rule_from_jax_docs():
    # The plain derivative overflows to nan at x=100; the rule gives 1.
    assert np.isnan(float(jax.grad(lambda x: jnp.log(1.0 + jnp.exp(x)))(100.0)))
    assert float(jax.grad(log1pexp)(100.0)) == 1.0
    assert float(jax.jit(jax.grad(log1pexp))(100.0)) == 1.0
    np.testing.assert_array_equal(jax.vmap(jax.grad(log1pexp))(jnp.array([100.0, 200.0])),
                                  [1.0, 1.0])


def test_custom_rules_pass_numerical_gradient_checks():
    from numjax._src import test_util as tu

    jax.config.update("jax_enable_x64", True)
    try:
        x = np.array([0.3, -1.2, 2.0])
        tu.check_grads(lambda v: log1pexp(v) * v, (x,), order=2)
        true_sin = jax.custom_vjp(lambda v: jnp.sin(v) * v)
        true_sin.defvjp(lambda v: (true_sin(v), v),
                        lambda v, ct: (ct * (jnp.cos(v) * v + jnp.sin(v)),))
        # Forward mode is unavailable for custom_vjp: compare reverse mode with differences.
        g = jax.grad(lambda v: jnp.sum(true_sin(v)))
        eps = 1e-6
        np.testing.assert_allclose(g(x), np.cos(x) * x + np.sin(x), rtol=1e-10)
        fd = (np.asarray(g(x + eps)) - np.asarray(g(x - eps))) / (2 * eps)
        np.testing.assert_allclose(jax.grad(lambda v: jnp.sum(g(v)))(x), fd, rtol=1e-6)
        remat = jax.checkpoint(lambda v: jnp.sin(jnp.exp(v)) * v)
        tu.check_grads(remat, (x,), order=2)
    finally:
        jax.config.update("jax_enable_x64", False)


def test_pow_derivatives_match_jax_types_and_zero_base():
    # Values and weak types recorded from JAX 0.10.2.
    assert repr(jax.grad(lambda x: x ** 0.5)(4.0)) == "Array(0.25, dtype=float32)"
    assert repr(jax.grad(lambda y: jnp.float32(0.0) ** y)(2.0)) == \
        "Array(0., dtype=float32, weak_type=True)"
    mixed = jax.grad(jax.grad(lambda x, y: x ** y, argnums=1), argnums=0)(0.0, 2.0)
    assert repr(mixed) == "Array(0., dtype=float32)"


def test_custom_rule_kept_for_an_unbatched_argument_inside_vmap():
    # grad w.r.t. a value shared by every example: vmap binds the call in the parent JVP
    # trace unchanged, so the stable rule (not the overflowing primal) differentiates it.
    xs = jnp.array([1.0, 2.0])
    g = jax.grad(lambda w: jnp.sum(jax.vmap(lambda x: log1pexp(w) * x)(xs)))(100.0)
    assert float(g) == 3.0


def test_offload_policies_and_decisions():
    # As JAX 0.10.2: policies may answer Saveable / Recompute / Offloadable(src, dst); numjax
    # has one memory, and checkpoint's values and derivatives never depend on the policy.
    from numjax import ad_checkpoint

    policies = jax.checkpoint_policies
    name_policy = policies.save_and_offload_only_these_names(
        names_which_can_be_saved=["a"], names_which_can_be_offloaded=["b"],
        offload_src="device", offload_dst="pinned_host")
    dot_policy = policies.offload_dot_with_no_batch_dims("device", "pinned_host")
    assert repr(ad_checkpoint.Offloadable("device", "pinned_host")) == (
        "Offloadable(src='device', dst='pinned_host')")

    def f(x):
        h = ad_checkpoint.checkpoint_name(jnp.sin(x), "a")
        return jnp.dot(h, jnp.cos(x))

    x = jnp.arange(3.0)
    expected = jax.grad(f)(x)
    for policy in (name_policy, dot_policy):
        np.testing.assert_allclose(jax.grad(jax.checkpoint(f, policy=policy))(x), expected,
                                   rtol=1e-6)
