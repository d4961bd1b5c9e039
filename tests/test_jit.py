"""jit: options, caching, errors (wording recorded from JAX 0.10.2), generated code, passes.

Expected strings marked "JAX 0.10.2" were printed by real JAX; references for values are
NumPy formulas, never numjax itself."""

import re

import numpy as np
import pytest

import numjax
import numjax.numpy as jnp
from numjax import errors
from numjax._src.ir import eval_jaxpr
from numjax._src.jit import api as jit_api
from numjax._src.jit import passes


def _where(text):
    """Masks the `<fn> at file:line` location JAX's messages contain."""
    return re.sub(r" at [^ ]+:\d+ for", " at FILE:LINE for", text)


def _prims(closed):
    return [e.primitive.name for e in closed.jaxpr.eqns]


# ---------------------------------------------------------------------------------------------
# Caching and tracing


def test_second_call_does_not_retrace_and_side_effects_happen_once():
    calls = []

    def f(x):
        calls.append(1)
        return x * 2.0

    jf = numjax.jit(f)
    x = jnp.ones(3)
    np.testing.assert_array_equal(jf(x), np.full(3, 2.0, np.float32))
    jf(x)
    jf(jnp.zeros(3))
    assert len(calls) == 1 and jf.trace_count == 1


@pytest.mark.parametrize(
    "other",
    [
        jnp.ones(4),  # shape
        jnp.ones(3, jnp.int32),  # dtype
        np.ones(3, np.float32),  # NumPy array: same signature as an Array
    ],
)
def test_retrace_on_new_signature(other):
    jf = numjax.jit(lambda x: x + 1)
    jf(jnp.ones(3))
    jf(other)
    expected = 1 if isinstance(other, np.ndarray) else 2
    assert jf.trace_count == expected


def test_weak_type_is_part_of_the_signature():
    jf = numjax.jit(lambda x: x * 2)
    a = jf(1.0)  # weak float32
    b = jf(jnp.float32(1.0))  # strong float32
    assert jf.trace_count == 2
    assert a.weak_type and not b.weak_type
    assert a.dtype == b.dtype == np.float32


def test_static_argnums_values_key_the_cache():
    jf = numjax.jit(lambda x, n: x**n, static_argnums=1)
    assert float(jf(2.0, 3)) == 8.0
    assert float(jf(3.0, 3)) == 27.0
    assert float(jf(2.0, 2)) == 4.0
    assert jf._cache_size() == 2  # JAX 0.10.2 also counts 2 here


def test_static_argnames_inferred_from_argnums_and_back():
    def f(x, n):
        return x * n

    by_num = numjax.jit(f, static_argnums=1)
    assert by_num.static_argnames == ("n",)
    assert float(by_num(2.0, n=3)) == 6.0  # static by name too, as in JAX
    by_name = numjax.jit(f, static_argnames="n")
    assert by_name.static_argnums == (1,)
    assert float(by_name(2.0, 3)) == 6.0
    assert float(numjax.jit(f, static_argnums=-1)(2.0, 3)) == 6.0


def test_unhashable_static_argument_raises_jax_error():
    jf = numjax.jit(lambda x, n: x, static_argnums=1)
    with pytest.raises(ValueError) as info:
        jf(2.0, [1])
    assert str(info.value) == (  # JAX 0.10.2
        "Non-hashable static arguments are not supported. An error occurred while trying to "
        "hash an object of type <class 'list'>, [1]. The error was:\n"
        "TypeError: unhashable type: 'list'\n"
    )


def test_bad_static_arg_specs():
    def f(x, n):
        return x

    with pytest.raises(
        ValueError,
        match=re.escape(
            "Jitted function has static_argnums=(3,), but only accepts 2 positional arguments."
        ),
    ):
        numjax.jit(f, static_argnums=3)
    with pytest.raises(
        ValueError,
        match=re.escape(
            "Jitted function has invalid argnames {'z'} in static_argnames. Function does not "
            "take these args."
        ),
    ):
        numjax.jit(f, static_argnames="z")


def test_non_array_argument_error_names_the_parameter():
    def f(x, n):
        return x

    with pytest.raises(TypeError) as info:
        numjax.jit(f)(2.0, "a")
    assert (
        str(info.value)
        .split("\n")[0]
        .endswith(  # JAX 0.10.2
            "as an abstract array. The problematic value is of type <class 'str'> and was passed "
            "to the function at path n."
        )
    )


def test_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(jit_api, "_CACHE_SIZE", 3)
    jf = numjax.jit(lambda x: x + 1)
    for n in range(1, 7):
        jf(jnp.ones(n))
    assert jf._cache_size() == 3
    jf(jnp.ones(6))  # most recent kept
    assert jf.trace_count == 6


def test_clear_cache_and_clear_caches():
    jf = numjax.jit(lambda x: x + 1)
    jf(jnp.ones(2))
    jf.clear_cache()
    assert jf._cache_size() == 0
    jf(jnp.ones(2))
    assert jf.trace_count == 2
    numjax.clear_caches()
    assert jf._cache_size() == 0
    jf(jnp.ones(2))
    assert jf.trace_count == 3


def test_disable_jit_runs_python_each_call():
    calls = []

    def f(x):
        calls.append(type(x).__name__)
        return x + 1

    jf = numjax.jit(f)
    jf(jnp.ones(2))
    with numjax.disable_jit():
        np.testing.assert_array_equal(jf(jnp.ones(2)), [2.0, 2.0])
        jf(jnp.ones(2))
    assert calls == ["JitTracer", "Array", "Array"]
    jf(jnp.ones(2))
    assert len(calls) == 3
    numjax.config.update("jax_disable_jit", True)
    try:
        jf(jnp.ones(2))
    finally:
        numjax.config.update("jax_disable_jit", False)
    assert calls[-1] == "Array"


def test_x64_switch_recompiles():
    jf = numjax.jit(lambda x: x * 2)
    assert jf(1.0).dtype == np.float32
    numjax.config.update("jax_enable_x64", True)
    try:
        assert jf(1.0).dtype == np.float64
    finally:
        numjax.config.update("jax_enable_x64", False)
    assert jf(1.0).dtype == np.float32


def test_options_are_accepted():
    f = numjax.jit(lambda x, y: x + y, donate_argnums=0, keep_unused=True)
    assert float(f(1.0, 2.0)) == 3.0
    g = numjax.jit(donate_argnames="x")(lambda x: x * 3)
    assert float(g(2.0)) == 6.0


def test_pytrees_in_and_out_and_kwargs():
    jf = numjax.jit(lambda d, scale=1.0: {"s": d["a"] + d["b"], "t": (d["a"] * scale,)})
    out = jf({"a": jnp.ones(2), "b": jnp.arange(2.0)}, scale=3.0)
    np.testing.assert_array_equal(out["s"], [1.0, 2.0])
    np.testing.assert_array_equal(out["t"][0], [3.0, 3.0])


def test_closure_over_array_becomes_a_constant():
    c = jnp.arange(3.0)
    jf = numjax.jit(lambda x: x + c)
    np.testing.assert_array_equal(jf(jnp.ones(3)), np.arange(3.0) + 1)
    assert "c0" in jf.lower(jnp.ones(3)).as_text() or "_c" in jf.lower(jnp.ones(3)).as_text()


# ---------------------------------------------------------------------------------------------
# Composition


def test_jit_inside_jit_prints_a_jit_equation_like_jax():
    def named(x):
        return jnp.cos(x)

    text = str(numjax.make_jaxpr(numjax.jit(named))(2.0))
    assert text == (  # JAX 0.10.2
        "{ lambda ; a:f32[]. let\n"
        "    b:f32[] = jit[\n"
        "      name=named\n"
        "      jaxpr={ lambda ; a:f32[]. let b:f32[] = cos a in (b,) }\n"
        "    ] a\n"
        "  in (b,) }"
    )
    inlined = numjax.make_jaxpr(lambda x: numjax.jit(named, inline=True)(x))(2.0)
    assert _prims(inlined) == ["cos"]


def test_shared_nested_jaxpr_printed_once_as_let():
    inner = numjax.jit(lambda x: jnp.sin(x))
    text = str(numjax.make_jaxpr(lambda x: inner(x) + inner(x))(jnp.ones(3)))
    assert text.startswith("let lambda = { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) } in")
    assert text.count("jit[name=<lambda> jaxpr=lambda]") == 2


def test_jit_in_jit_runs_and_closes_over_outer_tracers():
    def outer(x, y):
        inner = numjax.jit(lambda z: z * y)  # closes over a tracer of the outer jit
        return inner(x) + 1.0

    x, y = np.arange(3.0, dtype=np.float32), np.float32(2.0)
    np.testing.assert_allclose(numjax.jit(outer)(x, y), x * y + 1.0)


def test_grad_vmap_of_jit_and_jit_of_vmap_grad():
    f = numjax.jit(lambda x: jnp.sin(x) * x)
    x = np.float32(0.7)
    np.testing.assert_allclose(numjax.grad(f)(x), np.cos(x) * x + np.sin(x), rtol=1e-6)
    xs = np.linspace(0.1, 1.0, 4, dtype=np.float32)
    np.testing.assert_allclose(numjax.vmap(f)(xs), np.sin(xs) * xs, rtol=1e-6)
    g = numjax.jit(numjax.vmap(numjax.grad(lambda x: jnp.sin(x) * x)))
    np.testing.assert_allclose(g(xs), np.cos(xs) * xs + np.sin(xs), rtol=1e-6)
    np.testing.assert_allclose(
        numjax.grad(numjax.grad(f))(x), 2 * np.cos(x) - x * np.sin(x), rtol=1e-5
    )
    # jit(grad(jit(f))): partial evaluation of the inner jit under an outer staging trace
    np.testing.assert_allclose(numjax.jit(numjax.grad(f))(x), np.cos(x) * x + np.sin(x), rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# Errors (wording of JAX 0.10.2)


def _raise(f, *args, **kw):
    with pytest.raises(Exception) as info:
        numjax.jit(f, **kw)(*args)
    return info.value


def test_if_on_traced_value():
    e = _raise(lambda x, y: 1 if x + y > 0 else 2, 1.0, 2.0)
    assert isinstance(e, errors.TracerBoolConversionError)
    assert _where(str(e)) == (
        "Attempted boolean conversion of traced array with shape bool[].\n"
        "The error occurred while tracing the function <lambda> at FILE:LINE for jit. This "
        "concrete value was not available in Python because it depends on the values of the "
        "arguments x and y.\n"
        "See https://docs.jax.dev/en/latest/errors.html#jax.errors.TracerBoolConversionError"
    )


def test_int_float_of_traced_value():
    for kind in (int, float):
        e = _raise(lambda x, kind=kind: kind(x), 1.0)
        assert type(e) is errors.ConcretizationTypeError
        assert _where(str(e)) == (
            "Abstract tracer value encountered where concrete value is expected: traced array "
            "with shape float32[]\n"
            f"The problem arose with the `{kind.__name__}` function. If trying to convert the "
            f"data type of a value, try using `x.astype({kind.__name__})` or "
            f"`jnp.array(x, {kind.__name__})` instead.\n"
            "The error occurred while tracing the function <lambda> at FILE:LINE for jit. This "
            "concrete value was not available in Python because it depends on the value of the "
            "argument x.\n\n"
            "See https://docs.jax.dev/en/latest/errors.html#jax.errors.ConcretizationTypeError"
        )


def test_index_and_range_with_traced_value():
    e = _raise(lambda n: range(n), 3)
    assert isinstance(e, errors.TracerIntegerConversionError)
    assert _where(str(e)).split("\n")[:2] == [
        "The __index__() method was called on traced array with shape int32[]",
        (
            "The error occurred while tracing the function <lambda> at FILE:LINE for jit. This "
            "concrete value was not available in Python because it depends on the value of the "
            "argument n."
        ),
    ]


def test_numpy_conversion_of_traced_value():
    e = _raise(lambda x: np.asarray(x), jnp.ones((2, 3)))
    assert isinstance(e, errors.TracerArrayConversionError)
    assert str(e).split("\n")[0] == (
        "The numpy.ndarray conversion method __array__() was "
        "called on traced array with shape float32[2,3]"
    )


def test_pytree_argument_named_by_key_path():
    e = _raise(lambda d: 1 if d["a"] > 0 else 2, {"a": 1.0})
    assert "depends on the value of the argument d['a']." in str(e)


def test_non_scalar_conversions():
    e = _raise(lambda x: bool(x), jnp.ones(3))
    assert type(e) is ValueError and str(e).startswith("The truth value of an array with more")
    e = _raise(lambda x: float(x), jnp.ones((2, 3)))
    assert str(e) == "Only scalar arrays can be converted to Python scalars; got arr.ndim=2"


def test_static_argnums_is_the_fix():
    f = numjax.jit(lambda x, n: x if n > 0 else -x, static_argnums=1)
    assert float(f(2.0, 1)) == 2.0 and float(f(2.0, -1)) == -2.0


def test_escaped_tracer():
    saved = []
    numjax.jit(lambda x: saved.append(x) or x)(1.0)
    with pytest.raises(errors.UnexpectedTracerError, match="Encountered an unexpected tracer"):
        jnp.sin(saved[0])


# ---------------------------------------------------------------------------------------------
# lower / compile / generated code


def test_lower_as_text_is_valid_readable_source():
    def f(x, y):
        return jnp.sin(x) * y + 1.0

    x = jnp.ones(3)
    lowered = numjax.jit(f).lower(x, x)
    text = lowered.as_text()
    compile(text, "<test>", "exec")
    assert text.startswith("def f(v0, v1):")
    n_eqns = len(numjax.make_jaxpr(f)(x, x).jaxpr.eqns)
    errstate = ("_errs = _errors_off()", "try:", "finally:", "_errors_on(_errs)")
    body = [ln for ln in text.splitlines()[1:]
            if not ln.strip().startswith("return") and ln.strip() not in errstate]
    assert len(body) <= n_eqns
    assert "np.sin(v0" in text  # float32 sin is computed in float64 and rounded once


def test_lower_compile_runs_and_checks_types():
    f = numjax.jit(lambda x, y: x * y)
    compiled = f.lower(1.0, 2.0).compile()
    assert float(compiled(3.0, 4.0)) == 12.0
    with pytest.raises(TypeError) as info:
        compiled(jnp.ones(3), 4.0)
    assert str(info.value).endswith(  # JAX 0.10.2
        "The mismatches are:\nArgument 'x' compiled with float32[] and called with float32[3]"
    )
    sds = numjax.ShapeDtypeStruct((2,), jnp.float32)
    assert "def <lambda>" not in f.lower(sds, sds).as_text()
    assert (
        str(f.trace(1.0, 2.0).jaxpr)
        == "{ lambda ; a:f32[] b:f32[]. let c:f32[] = mul a b in (c,) }"
    )


def test_out_buffer_reuse_is_bit_identical_to_eager():
    def f(x, y):
        a = jnp.sin(x) * y
        b = jnp.exp(a) - x
        c = b * b + a
        return jnp.tanh(c) / 3.0, jnp.sum(c)

    rng = np.random.default_rng(0)
    x, y = (jnp.asarray(rng.normal(size=(4, 5)).astype(np.float32)) for _ in range(2))
    jf = numjax.jit(f)
    assert "out=" in jf.lower(x, y).as_text()
    for got, want in zip(jf(x, y), f(x, y)):
        np.testing.assert_array_equal(np.asarray(got), np.asarray(want))
    got2 = jf(x, y)  # outputs of one call are never overwritten by the next
    first = jf(x, y)
    np.testing.assert_array_equal(np.asarray(got2[0]), np.asarray(first[0]))


def test_returned_values_are_not_reused_buffers():
    def f(x):
        a = x * 2.0
        b = a + 1.0
        return a, b * 3.0

    x = jnp.arange(4.0)
    a, b = numjax.jit(f)(x)
    np.testing.assert_array_equal(a, np.arange(4.0) * 2)
    np.testing.assert_array_equal(b, (np.arange(4.0) * 2 + 1) * 3)


def test_lazy_broadcast_matches_eager():
    def f(x, s):
        return x * s[:, None] + s.sum(), jnp.broadcast_to(jnp.exp(s.sum()), x.shape)

    x, s = jnp.ones((3, 4)), jnp.arange(3.0)
    jf = numjax.jit(f)
    for got, want in zip(jf(x, s), f(x, s)):
        np.testing.assert_array_equal(got, want)
        assert got.shape == (3, 4)
    text = jf.lower(x, s).as_text()
    assert "reshape((3, 1))" in text  # s[:, None] broadcast by NumPy, never materialized
    assert text.count("np.broadcast_to") == 1  # only the returned broadcast is full-shape


def test_fast_path_falls_back_on_new_signatures():
    jf = numjax.jit(lambda x, s: x * s)
    np.testing.assert_array_equal(jf(jnp.ones(2), 2.0), [2.0, 2.0])
    np.testing.assert_array_equal(jf(jnp.ones(2), 3.0), [3.0, 3.0])
    np.testing.assert_array_equal(jf(jnp.ones(3), 2), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(jf(np.ones(2, np.float32), 2.0), [2.0, 2.0])
    assert jf(jnp.ones(2, jnp.int32), 2).dtype == np.int32
    assert jf.trace_count == 3


# ---------------------------------------------------------------------------------------------
# Passes, each on a jaxpr


def _check_same(closed, optimized, *args):
    want = eval_jaxpr(closed.jaxpr, closed.consts, *args)
    got = eval_jaxpr(optimized.jaxpr, optimized.consts, *args)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), np.asarray(w), rtol=1e-6)


def test_dce_removes_unused_equations():
    closed = numjax.make_jaxpr(lambda x: (jnp.sin(x), jnp.cos(x))[0])(1.0)
    assert _prims(passes.dce(closed)) == ["sin"]


def test_cse_merges_repeated_work():
    closed = numjax.make_jaxpr(lambda x: jnp.sin(x) + jnp.sin(x))(1.0)
    out = passes.cse(closed)
    assert _prims(out).count("sin") == 1
    _check_same(closed, out, jnp.float32(0.3))


def test_fold_constants_evaluates_constant_subgraphs():
    c = jnp.arange(3.0)
    closed = numjax.make_jaxpr(lambda x: x + jnp.exp(c) * 2.0)(jnp.ones(3))
    out = passes.dce(passes.fold_constants(closed))
    assert "exp" not in _prims(out)
    _check_same(closed, out, jnp.ones(3))


def test_forward_identities_drops_noops():
    def f(x):
        y = jnp.reshape(x, (2, 3)).astype(jnp.float32)
        y = jnp.transpose(y, (0, 1))
        return numjax.lax.integer_pow(jnp.broadcast_to(y, (2, 3)), 1) * 1.0

    closed = numjax.make_jaxpr(f)(jnp.ones((2, 3)))
    out = passes.dce(passes.forward_identities(closed))
    assert _prims(out) == []
    _check_same(closed, out, jnp.ones((2, 3)))


def test_multiply_then_reduce_becomes_one_contraction():
    closed = numjax.make_jaxpr(lambda a, b: jnp.sum(a * b, axis=1))(
        jnp.ones((4, 5)), jnp.ones((4, 5))
    )
    rng = np.random.default_rng(1)
    a, b = (rng.normal(size=(4, 5)).astype(np.float32) for _ in range(2))
    got = numjax.jit(lambda a, b: jnp.sum(a * b, axis=1))(a, b)
    np.testing.assert_allclose(got, np.sum(a * b, axis=1), rtol=1e-5)
    if not hasattr(np, "vecdot"):
        pytest.skip("np.vecdot needs NumPy >= 2.0; the pass leaves the jaxpr unchanged without it")
    out = passes.dce(passes.contract_mul_reduce(closed))
    assert _prims(out) == ["vecdot"]


def test_adjacent_pads_become_a_concatenate():
    def f(p):
        return p[0] * p[1]

    p = jnp.asarray([1.5, 2.0])
    closed = numjax.make_jaxpr(numjax.grad(f))(p)
    assert "pad" in _prims(closed)
    out = passes.optimize(closed)
    assert "pad" not in _prims(out) and "concatenate" in _prims(out)
    np.testing.assert_array_equal(numjax.jit(numjax.grad(f))(p), [2.0, 1.5])


def test_inline_jit_pass():
    inner = numjax.jit(lambda x: x * 2.0)
    closed = numjax.make_jaxpr(lambda x: inner(inner(x)))(1.0)
    assert _prims(closed) == ["jit", "jit"]
    out = passes.inline_jit(closed)
    assert _prims(out) == ["mul", "mul"]
    _check_same(closed, out, jnp.float32(1.5))


def test_grad_of_jit_stays_compiled():
    f = numjax.jit(lambda x: jnp.sin(x) * x)
    closed = numjax.make_jaxpr(numjax.grad(f))(1.0)
    # JAX 0.10.2 prints the same two equations: the known jit (primal and residuals) and the
    # transposed linear jit taking the residuals.
    assert _prims(closed) == ["jit", "jit"]
    known, linear = (e.params["jaxpr"] for e in closed.jaxpr.eqns)
    assert [e.primitive.name for e in known.jaxpr.eqns] == ["sin", "cos", "mul"]
    assert "sin" not in [e.primitive.name for e in linear.jaxpr.eqns]
    x = np.float32(0.7)
    np.testing.assert_allclose(numjax.grad(f)(x), np.cos(x) * x + np.sin(x), rtol=1e-6)


def test_jvp_and_vjp_of_jit_with_pytrees_and_integer_inputs():
    g = numjax.jit(lambda w, xs, n: jnp.sum((xs @ w) ** 2) * n)
    w, xs = np.ones(3, np.float32), np.arange(6.0, dtype=np.float32).reshape(2, 3)
    value, (gw, gx) = numjax.value_and_grad(g, argnums=(0, 1))(w, xs, 2)
    r = xs @ w
    np.testing.assert_allclose(value, 2 * np.sum(r**2), rtol=1e-6)
    np.testing.assert_allclose(gw, 4 * xs.T @ r, rtol=1e-6)
    np.testing.assert_allclose(gx, 4 * np.outer(r, w), rtol=1e-6)
    _, t = numjax.jvp(lambda w: g(w, xs, 2), (w,), (np.ones(3, np.float32),))
    np.testing.assert_allclose(t, 4 * np.sum(r * (xs @ np.ones(3))), rtol=1e-6)


def test_buffer_viewed_by_a_lazy_broadcast_is_not_reused():
    def f(x):
        a = jnp.exp(x)  # (4,), fresh buffer
        b = jnp.broadcast_to(a, (3, 4))  # a view of `a`, still live below
        c = jnp.sin(a) + 1.0  # last use of `a`: its buffer must not be recycled...
        return b * 2.0, c * 3.0  # ...because `b` still reads it here

    x = jnp.arange(4.0) / 4
    for got, want in zip(numjax.jit(f)(x), f(x)):
        np.testing.assert_array_equal(got, want)


def test_jit_of_a_wrapper_of_a_jitted_function_has_its_own_cache():
    g = numjax.jit(lambda x: x.sum())
    np.testing.assert_array_equal(numjax.vmap(g)(jnp.ones((2, 3))), [3.0, 3.0])
    np.testing.assert_array_equal(numjax.jit(numjax.vmap(g))(jnp.ones((2, 3))), [3.0, 3.0])


def test_vmap_of_jit_stays_compiled():
    f = numjax.jit(lambda x, w: jnp.sin(x) * w)
    closed = numjax.make_jaxpr(numjax.vmap(f, in_axes=(0, None)))(jnp.ones((4, 3)), jnp.ones(3))
    assert _prims(closed) == ["jit"]  # as JAX 0.10.2
    x, w = np.arange(12.0, dtype=np.float32).reshape(3, 4), np.arange(3.0, dtype=np.float32)
    np.testing.assert_allclose(numjax.vmap(f, in_axes=(1, None))(x, w), np.sin(x.T) * w, rtol=1e-6)


def test_alternating_signatures_each_get_their_own_result():
    jf = numjax.jit(lambda x: x * 2)
    for _ in range(3):
        for x in (jnp.ones(2), jnp.ones(3, jnp.int32), 1.5, jnp.ones((2, 2))):
            out = jf(x)
            np.testing.assert_array_equal(out, np.asarray(x) * 2)
            assert out.dtype == (np.int32 if np.asarray(x).dtype == np.int32 else np.float32)
    assert jf.trace_count == 4
    g = numjax.jit(lambda d: d["x"] + 1)  # a pytree argument: no fast path, same results
    np.testing.assert_array_equal(g({"x": jnp.ones(2)}), [2.0, 2.0])
    assert g._fast is jit_api._always_miss


def test_jitted_float_programs_are_silent_on_inf_and_nan():
    # JAX never warns; NumPy would say "invalid value encountered in subtract".
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = numjax.jit(lambda x: x - x * 1.0)(jnp.array([np.inf, 1.0]))
    assert np.isnan(out[0]) and out[1] == 0
