"""Regression tests for bugs found by an audit of numjax against JAX 0.10.2.

Every expected value, dtype, weak type, printed form and error message here was recorded by
running the same code under JAX 0.10.2 (CPU).
"""

import contextlib
import io

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax


def same(x, expected):
    """`x` has `expected`'s values, dtype and (when `expected` is a NumPy value) strong type."""
    assert np.asarray(x).dtype == np.asarray(expected).dtype, (np.asarray(x).dtype,)
    np.testing.assert_array_equal(np.asarray(x), expected)


@contextlib.contextmanager
def captured():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        yield out


# --------------------------------------------------------------------------- .at[].get modes
# (index, mode) -> jnp.arange(5).at[index].get(mode=mode) in JAX 0.10.2
AT_GET = {
    (2, "clip"): 2, (2, "fill"): 2, (-1, "clip"): 4, (-1, "fill"): 4, (-1, None): 4,
    (-6, "clip"): 0, (-6, "fill"): -2147483648, (-6, None): 0, (7, "clip"): 4,
    (7, "fill"): -2147483648, (7, "promise_in_bounds"): 4, (7, None): 4, (5, "fill"): -2147483648,
}


@pytest.mark.parametrize("index,mode", list(AT_GET))
def test_at_get_scalar_index_modes(index, mode):
    x = jnp.arange(5)
    want = np.array(AT_GET[index, mode], np.int32)
    same(x.at[index].get(mode=mode), want)
    same(jax.jit(lambda a, i: a.at[i].get(mode=mode))(x, index), want)


def test_at_get_fill_float_and_fill_value_and_vmap():
    x = jnp.arange(5.0)
    assert np.isnan(float(x.at[7].get(mode="fill")))
    same(jnp.arange(5).at[-6].get(mode="fill", fill_value=-1), np.array(-1, np.int32))
    idx = jnp.array([1, -1, 7, -7])
    same(jax.vmap(lambda i: x.at[i].get(mode="fill"))(idx),
         np.array([1, 4, np.nan, np.nan], np.float32))
    same(jax.vmap(lambda i: x.at[i].get(mode="clip"))(idx), np.array([1, 4, 4, 0], np.float32))
    same(jnp.arange(6.0).reshape(2, 3).at[1, 7].get(mode="fill"), np.array(np.nan, np.float32))
    # scatters: out-of-bounds updates are dropped by default, clamped with mode="clip"
    same(jnp.arange(5).at[7].set(9), np.arange(5, dtype=np.int32))
    same(jnp.arange(5).at[7].set(9, mode="clip"), np.array([0, 1, 2, 3, 9], np.int32))
    same(jnp.arange(5).at[-6].add(9, mode="clip"), np.array([9, 1, 2, 3, 4], np.int32))
    same(jax.vmap(lambda i: x.at[i].set(9.0))(idx)[:, 4], np.array([4, 9, 4, 4], np.float32))


# --------------------------------------------------------------------------- effects in loops
def test_debug_print_keeps_cond_scan_while_alive():
    p = jax.debug.print
    with captured() as out:
        jax.jit(lambda b: lax.cond(b, lambda: p("yes"), lambda: p("no")))(False)
        jax.jit(lambda b, x: lax.cond(b, lambda x: (p("fwd {}", x), x)[1], lambda x: x, x))(
            True, 1.0)
        jax.jit(lambda b, x: (lax.cond(b, lambda x: (p("unused {}", x), x + 1)[1],
                                       lambda x: x * 2, x), 3.0)[1])(True, 1.0)
        jax.jit(lambda i: lax.switch(i, [lambda: p("a"), lambda: p("b"), lambda: p("c")]))(1)
        jax.jit(lambda xs: lax.scan(lambda c, x: (p("x={}", x), (c, None))[1], None, xs))(
            jnp.arange(2.0))
        jax.jit(lambda x: (lax.while_loop(lambda c: c < 2, lambda c: (p("w={}", c), c + 1)[1],
                                          x), 0)[1])(0)
        jax.jit(lambda x: (lax.fori_loop(0, 2, lambda i, c: (p("i={}", i), c)[1], x), 0)[1])(0.0)
    assert out.getvalue().split("\n")[:-1] == [
        "no", "fwd 1.0", "unused 1.0", "b", "x=0.0", "x=1.0", "w=0", "w=1", "i=0", "i=1"]


def test_debug_print_in_cond_under_vmap_grad_and_nested():
    p = jax.debug.print
    with captured() as out:
        # a batched predicate runs both branches, each printing the whole batch
        jax.vmap(lambda x: lax.cond(x > 0, lambda: p("pos {}", x), lambda: p("neg {}", x)))(
            jnp.array([1.0, -1.0]))
        g = jax.grad(lambda x: lax.cond(x > 0, lambda x: (p("g {}", x), x)[1], lambda x: x, x))
        assert float(g(1.0)) == 1.0

        def body(c, x):
            lax.cond(x > 0, lambda: p("s {}", x), lambda: None)
            return c * x, None

        assert float(jax.jit(lambda xs: lax.scan(body, 1.0, xs)[0])(jnp.array([1., -2., 3.]))) \
            == -6.0
    assert out.getvalue().split("\n")[:-1] == [
        "neg 1.0", "neg -1.0", "pos 1.0", "pos -1.0", "g 1.0", "s 1.0", "s 3.0"]


def test_cond_with_forwarded_outputs_is_still_staged():
    closed = jax.make_jaxpr(lambda b, x: lax.cond(b, lambda x: x, lambda x: x, x))(True, 1.0)
    assert [e.primitive.name for e in closed.jaxpr.eqns] == ["convert_element_type", "cond"]
    assert closed.jaxpr.outvars == [closed.jaxpr.invars[1]]


# --------------------------------------------------------------------------- key arrays
def test_key_arrays_are_leaves_and_cross_transformations():
    key = jax.random.key(0)
    tree = {"k": key, "a": jnp.ones(2)}
    assert jax.tree_util.tree_map(lambda x: x.shape, tree) == {"a": (2,), "k": ()}
    assert str(jax.tree.structure(tree)) == "PyTreeDef({'a': *, 'k': *})"
    assert len(jax.tree_util.tree_leaves(tree)) == 2
    ks = jax.random.split(key, 3)
    assert jax.tree.map(lambda k: k.shape, [ks]) == [(3,)]
    assert np.float32(jax.jit(lambda t: jax.random.normal(t["k"]))(tree)) == np.float32(1.6226422)
    same(jax.vmap(jax.random.normal)(ks), np.array([1.0040143, -2.4424558, 1.2956359], np.float32))
    carry, ys = lax.scan(lambda k, _: (jax.random.split(k)[0], jax.random.normal(k)), key, None,
                         length=3)
    same(jax.random.key_data(carry), np.array([683029726, 1624662641], np.uint32))
    same(ys, np.array([1.6226422, 1.0040143, -0.57478017], np.float32))
    assert float(jax.grad(lambda x, k: x * jax.random.normal(k))(1.0, key)) == np.float32(1.6226422)
    out = jax.jit(lambda k: jax.random.split(k))(key)
    assert out.shape == (2,) and out.dtype == jax.random.key(1).dtype


# --------------------------------------------------------------------------- power
POWER = [  # (function, values, dtype, weak) from JAX 0.10.2
    (lambda a: 2 ** a, [2, 4, 8], np.int32, False),
    (lambda a: jnp.power(2, a), [2, 4, 8], np.int32, False),
    (lambda a: 2.0 ** a, [2.0, 4.0, 8.0], np.float32, False),
    (lambda a: a ** 2.0, [1.0, 4.0, 9.0], np.float32, True),
    (lambda a: jnp.power(2, 3), 8, np.int32, True),
    (lambda a: jnp.asarray(2) ** jnp.asarray(3), 8, np.int32, True),
    (lambda a: 2 ** a.astype("int8"), [2, 4, 8], np.int8, False),
    (lambda a: jnp.asarray(2.0) ** a, [2.0, 4.0, 8.0], np.float32, False),
    (lambda a: jnp.array([True]) ** jnp.array([True]), [1], np.int32, False),
    (lambda a: 2 ** jnp.array([True, False, True]), [2, 1, 2], np.int32, False),
    (lambda a: 2.0 ** jnp.array([True, False, True]), [2.0, 1.0, 2.0], np.float32, True),
    (lambda a: jnp.power(2, jnp.array(2, jnp.int8)), 4, np.int32, True),
    (lambda a: jnp.array([2.0, 3.0], jnp.float16) ** a[:2], [2.0, 9.0], np.float16, False),
    (lambda a: jax.jit(lambda x, y: x ** y)(2.0, 3), 8.0, np.float32, True),
    (lambda a: jax.jit(lambda x, y: x ** y)(2, 3), 8, np.int32, False),
    (lambda a: jax.jit(lambda x, y: x ** y)(jnp.array([2, 3]), jnp.array([70, 64])), [64, 1],
     np.int32, False),
    (lambda a: jax.jit(lambda x, y: x ** y)(jnp.array([0, 0, -1]), jnp.array([0, 3, 63])),
     [1, 0, -1], np.int32, False),
    (lambda a: jax.vmap(lambda y: 2 ** y)(jnp.array([3, 4])), [8, 16], np.int32, False),
]


@pytest.mark.parametrize("k", range(len(POWER)))
def test_power_dtypes_and_weak_types(k):
    f, values, dtype, weak = POWER[k]
    out = f(jnp.array([1, 2, 3]))
    same(out, np.array(values, dtype))
    assert out.weak_type == weak


# --------------------------------------------------------------------------- .at[].apply
def test_at_apply_and_power_once_per_occurrence():
    x = jnp.arange(1.0, 6.0)
    same(x.at[jnp.array([1, 1, 3])].apply(lambda v: v * 2), np.array([1, 8, 3, 8, 5], np.float32))
    same(x.at[jnp.array([1, 1, 1])].apply(lambda v: v + 1), np.array([1, 5, 3, 4, 5], np.float32))
    same(jax.jit(lambda x, i: x.at[i].apply(lambda v: v * 2))(x, jnp.array([1, 1, 1, 2])),
         np.array([1, 16, 6, 4, 5], np.float32))
    same(jax.vmap(lambda i: x.at[i].apply(lambda v: v * 2))(jnp.array([[1, 1], [2, 3]])),
         np.array([[1, 8, 3, 4, 5], [1, 2, 6, 8, 5]], np.float32))
    same(jnp.ones((2, 3)).at[jnp.array([0, 0])].apply(lambda v: v * 3),
         np.array([[9, 9, 9], [1, 1, 1]], np.float32))
    same(jnp.arange(4).at[jnp.array([0, 0, 2])].apply(lambda v: v + 5),
         np.array([10, 1, 7, 3], np.int32))
    same(x.at[jnp.array([1, 9])].apply(lambda v: v + 1, mode="clip"),
         np.array([1, 3, 3, 4, 6], np.float32))
    same(x.at[jnp.array([1, 1])].apply(lambda v: 7.0), np.array([1, 7, 3, 4, 5], np.float32))
    same(x.at[jnp.array([1, 1])].power(2), np.array([1, 16, 3, 4, 5], np.float32))
    same(x.at[jnp.array([1, 1, 2])].power(jnp.array([2.0, 3.0, 2.0])),
         np.array([1, 64, 9, 4, 5], np.float32))


# --------------------------------------------------------------------------- tracer conversions
def _message(fun, *args):
    with pytest.raises(jax.errors.ConcretizationTypeError) as info:
        fun(*args)
    return str(info.value).split("\n")


def test_item_and_tolist_on_tracers_raise_concretization_errors():
    lines = _message(jax.jit(lambda x: x.item()), jnp.ones(2))
    assert lines[:2] == [
        ("Abstract tracer value encountered where concrete value is expected: traced array with "
        "shape float32[2]"), "This occurred in the item() method of jax.Array"]
    assert lines[-2:] == ["", ("See https://docs.jax.dev/en/latest/errors.html"
                          "#jax.errors.ConcretizationTypeError")]
    lines = _message(jax.jit(lambda x: x.tolist()), jnp.ones((2, 3)))
    assert lines[1] == "The tolist() method was called on traced array with shape float32[2,3]."
    assert len(lines) == 6 and lines[2] == lines[3]  # JAX says where the value came from twice
    # under grad, JAX converts item() and int() from the known primal, but never tolist()
    lines = _message(jax.grad(lambda x: (x.tolist(), x.sum())[1]), jnp.ones(2))
    assert lines[1:] == ["The tolist() method was called on traced array with shape float32[2].",
                         "", ("See https://docs.jax.dev/en/latest/errors.html"
                         "#jax.errors.ConcretizationTypeError")]
    assert float(jax.grad(lambda x: x * x.item())(3.0)) == 3.0
    assert float(jax.grad(lambda x: x * int(x) * bool(x))(3.0)) == 3.0
    for convert in (float, complex):
        lines = _message(jax.grad(lambda x: (convert(x), x)[1]), 1.0)  # noqa: B023
        assert lines[1] == (f"The problem arose with the `{convert.__name__}` function. If "
                            f"trying to convert the data type of a value, try using "
                            f"`x.astype({convert.__name__})` or `jnp.array(x, "
                            f"{convert.__name__})` instead.")
    with pytest.raises(jax.errors.TracerArrayConversionError):
        jax.jvp(lambda x: (np.asarray(x), x)[1], (1.0,), (1.0,))
    with pytest.raises(jax.errors.ConcretizationTypeError, match="item\\(\\) method"):
        jax.vmap(lambda x: x.item())(jnp.ones(2, jnp.int32))


# --------------------------------------------------------------------------- printing
def test_typeof_and_tracer_reprs():
    assert repr(jax.typeof(jnp.ones(2))) == "ShapedArray(float32[2])"
    assert repr(jax.typeof(1.0)) == "ShapedArray(float32[], weak_type=True)"
    assert str(jax.typeof(1.0)) == "~float32[]"
    assert repr(jax.typeof(jnp.ones((2, 3)))) == "ShapedArray(float32[2,3])"
    assert str(jax.typeof(jnp.ones((2, 3), jnp.int8))) == "int8[2,3]"
    seen = []

    def show(x):
        seen.append(repr(x))
        return x.sum()

    jax.jit(show)(jnp.ones(2))
    jax.jit(show)(1.0)
    jax.grad(show)(1.0)
    jax.jvp(show, (1.0,), (1.0,))
    jax.jvp(show, (jnp.ones(2),), (jnp.zeros(2),))
    jax.vmap(show)(jnp.ones((3, 2)))
    jax.jit(jax.grad(show))(1.0)
    jax.vmap(jax.grad(show))(jnp.ones(3))
    jax.vjp(show, jnp.ones(2))
    assert seen == [
        "JitTracer(float32[2])",
        "JitTracer(~float32[])",
        "GradTracer(primal=1.0, typeof(tangent)=f32[])",
        "JVPTracer(primal=1.0, tangent=1.0)",
        "JVPTracer(primal=[1. 1.], tangent=[0. 0.])",
        "VmapTracer(aval=float32[2], batched=float32[3,2])",
        "GradTracer(primal=JitTracer(~float32[]), typeof(tangent)=f32[])",
        "GradTracer(primal=VmapTracer(aval=float32[], batched=float32[3]), typeof(tangent)=f32[])",
        "GradTracer(primal=[1. 1.], typeof(tangent)=f32[2])",
    ]


# --------------------------------------------------------------------------- random
def test_truncated_normal_and_uniform_16_bit_match_jax_bits():
    key = jax.random.key(0)
    f16 = jax.random.truncated_normal(key, -1.0, 2.0, (6,), jnp.float16)
    same(f16.astype(jnp.float32), np.array(
        [-0.22021484375, -0.431884765625, -0.8291015625, 0.51220703125, -0.388427734375,
         -0.012237548828125], np.float32))
    same(jax.random.uniform(key, (6,), jnp.float16, -0.5, 0.9).astype(jnp.float32), np.array(
        [-0.065185546875, -0.201904296875, -0.42333984375, 0.4189453125, -0.174560546875,
         0.07568359375], np.float32))
    bf16 = jax.random.truncated_normal(key, -1.0, 2.0, (6,), jnp.bfloat16)
    same(bf16.astype(jnp.float32), np.array(
        [0.494140625, 0.322265625, -0.5625, -0.453125, 0.64453125, -0.33203125], np.float32))
    same(jax.random.uniform(key, (6,), jnp.bfloat16, -0.5, 0.9).astype(jnp.float32), np.array(
        [0.40625, 0.296875, -0.28125, -0.216796875, 0.49609375, -0.138671875], np.float32))
    # a lower bound of 0 in bfloat16: XLA's flushed subnormals let samples land on 0 itself
    r = jax.random.truncated_normal(jax.random.key(1), jnp.array([-1.0, 0.0]),
                                    jnp.array([1.0, 3.0]), (1000, 2), jnp.bfloat16)
    same(r.astype(jnp.float32)[jnp.array([184, 272, 5])], np.array(
        [[-0.201171875, 0.0], [0.053955078125, 0.0], [-0.7109375, 0.609375]], np.float32))


def test_custom_gradient_is_in_custom_derivatives():
    from numjax.custom_derivatives import custom_gradient

    assert custom_gradient is jax.custom_gradient


# --------------------------------------------------------------------------- error messages
ERRORS = [  # (function, error type, message) from JAX 0.10.2
    (lambda x: jnp.transpose(x, (0, 0)), TypeError,
     ("transpose permutation isn't a permutation of operand dimensions, got permutation (0, 0) "
     "for operand shape (2, 3).")),
    (lambda x: x.transpose((1,)), TypeError,
     ("transpose permutation isn't a permutation of operand dimensions, got permutation (1,) for "
     "operand shape (2, 3).")),
    (lambda x: jnp.transpose(x, (0, 5)), ValueError, ("axis 5 is out of bounds for array of "
     "dimension 2")),
    (lambda x: x.reshape((3, 2), (6,)), TypeError,
     "Shapes must be 1D sequences of concrete values of integer type, got ((3, 2), (6,))."),
    (lambda x: x.reshape((3, 2), 1), TypeError,
     "Shapes must be 1D sequences of concrete values of integer type, got ((3, 2), 1)."),
    (lambda x: x.reshape(4), TypeError,
     "cannot reshape array of shape (2, 3) (size 6) into shape 4 (size 4)"),
    (lambda x: x.reshape([4, 2]), TypeError,
     "cannot reshape array of shape (2, 3) (size 6) into shape [4, 2] (size 8)"),
    (lambda x: x.at[0].get(mode="bogus"), ValueError, 'Unknown gather mode "bogus"'),
    (lambda x: x.at[0].set(1.0, mode="bogus"), ValueError, 'Unknown gather mode "bogus"'),
    (lambda x: x.at[0].add(1.0, mode="wrap"), ValueError, 'Unknown gather mode "wrap"'),
    (lambda x: x.at[0].set(jnp.ones(2)), ValueError,
     "Incompatible types for broadcasting: input type=float32[2] and requested type=float32[3]"),
    (lambda x: x.at[0].set(jnp.ones(2, jnp.int32)), ValueError,
     "Incompatible types for broadcasting: input type=float32[2] and requested type=float32[3]"),
    (lambda x: x.at[jnp.array([0, 1])].set(jnp.ones((3, 3))), ValueError,
     ("Incompatible types for broadcasting: input type=float32[3,3] and requested "
     "type=float32[2,3]")),
    (lambda x: x.at[0].set(jnp.ones((1, 3))), ValueError,
     "Cannot broadcast to shape with fewer dimensions: arr_shape=(1, 3) shape=(3,)"),
    (lambda x: jax.jit(lambda x: x.at[:, 0].add(jnp.ones(3)))(x), ValueError,
     "Incompatible types for broadcasting: input type=float32[3] and requested type=float32[2]"),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_error_messages(k):
    f, err, msg = ERRORS[k]
    with pytest.raises(err) as info:
        f(jnp.ones((2, 3)))
    assert str(info.value) == msg


# --------------------------------------------------------------------------- weak gradients
def test_gather_gradient_of_a_weak_input_is_strong():
    w = jnp.full((3,), 1.0)  # weakly typed, as JAX makes it
    assert w.weak_type
    for g in (jax.grad(lambda v: v[jnp.array([0, 1])].sum())(w),
              jax.grad(lambda v: v[jnp.array([0, 0])].sum())(w),
              jax.grad(lambda v: jnp.take(v, jnp.array([0, 2])).sum())(w),
              jax.jit(jax.grad(lambda v: v[jnp.array([0, 1])].sum()))(w),
              jax.vjp(lambda v: v[jnp.array([0, 1])], w)[1](jnp.ones(2))[0]):
        assert not g.weak_type
    same(jax.grad(lambda v: v[jnp.array([0, 0])].sum())(w), np.array([2, 0, 0], np.float32))
    assert jax.grad(lambda v: v.sum())(w).weak_type  # JAX: reductions keep the weak type
