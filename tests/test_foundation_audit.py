"""The foundation audited against JAX 0.10.2: Array methods and protocols, `.at[]` modes,
errors, dtypes, devices and shardings, config flags, callbacks and jax.debug, pmap/shard_map
on one device, nn initializers and the jnp index helpers.

Expected values are NumPy references or facts recorded from JAX 0.10.2 (marked "JAX 0.10.2").
"""

import contextlib
import copy
import io
import pickle

import numpy as np
import pytest

import numjax as jax
import numjax.numpy as jnp
from numjax import lax


@contextlib.contextmanager
def captured():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield buf


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, a.dtype, b.shape, b.dtype)
    np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- Array
def test_at_modes_and_update_kinds():
    x = jnp.arange(5)
    same(x.at[7].set(1, mode="drop"), np.arange(5, dtype=np.int32))
    same(x.at[7].set(1, mode="clip"), np.array([0, 1, 2, 3, 1], np.int32))
    same(x.at[jnp.array([1, 9])].get(mode="fill"), np.array([1, np.iinfo(np.int32).min],
                                                            np.int32))
    assert np.isnan(np.asarray(jnp.arange(5.0).at[jnp.array([9])].get(mode="fill"))).all()
    same(x.at[jnp.array([1, 1])].add(3), np.array([0, 7, 2, 3, 4], np.int32))
    y = jnp.arange(5.0)
    same(y.at[jnp.array([1, 1])].multiply(3.0), np.array([0, 9, 2, 3, 4], np.float32))
    same(y.at[jnp.array([1, 1])].divide(2.0), np.array([0, 0.25, 2, 3, 4], np.float32))
    same(y.at[2:].power(2), np.array([0, 1, 4, 9, 16], np.float32))
    same(y.at[1].min(-1), np.array([0, -1, 2, 3, 4], np.float32))
    same(y.at[1].max(10), np.array([0, 10, 2, 3, 4], np.float32))
    same(x.at[jnp.array([1, 3])].set(9, indices_are_sorted=True, unique_indices=True),
         np.array([0, 9, 2, 9, 4], np.int32))


def test_at_get_fill_scalar_index():
    same(jnp.arange(5).at[7].get(mode="fill", fill_value=-1), np.array(-1, np.int32))


def test_scalar_conversions_format_len_iter():
    assert float(jnp.array(2.5)) == 2.5 and complex(jnp.array(1 + 2j)) == 1 + 2j
    assert [1, 2, 3][jnp.array(1)] == 2
    with pytest.raises(TypeError):
        float(jnp.arange(2.0))
    assert format(jnp.array(2.5), ".3f") == "2.500"
    assert f"{jnp.array(3):5d}" == "    3"
    assert len(jnp.zeros((4, 2))) == 4 and [int(v) for v in jnp.arange(3)] == [0, 1, 2]
    with pytest.raises(TypeError, match="len\\(\\) of unsized object"):
        len(jnp.array(1.0))
    with pytest.raises(TypeError, match="unhashable type"):
        hash(jnp.array(1))


def test_round_gives_integer_array():
    # JAX 0.10.2: round(x) is an int32 array (half to even); round(x, n) keeps the float dtype.
    out = round(jnp.array(2.5))
    assert isinstance(out, jax.Array) and out.dtype == np.int32 and int(out) == 2
    same(round(jnp.array([1.5, 2.5])), np.array([2, 2], np.int32))
    assert round(jnp.array(3.5)).tolist() == 4
    assert round(jnp.array(2.567), 2).weak_type
    with pytest.raises(ValueError, match="not inexact"):
        round(jnp.array(True))


def test_eq_with_list_raises_and_contains():
    # JAX 0.10.2 refuses list/tuple operands of ==/!= with this message.
    with pytest.raises(TypeError, match="unsupported operand type\\(s\\) for ==: 'Array' and "
                       "'list'"):
        jnp.array([1, 2]) == [1, 2]  # noqa: B015
    with pytest.raises(TypeError):
        (1, 2) == jnp.arange(2)  # noqa: B015
    assert (jnp.arange(3) == None) is False
    assert 2 in jnp.arange(3) and 5 not in jnp.arange(3)
    with pytest.raises(ValueError, match="search array must be one-dimensional"):
        2 in jnp.ones((2, 2))  # noqa: B015
    with pytest.raises(ValueError, match="query value must be a scalar"):
        jnp.arange(2) in jnp.arange(3)  # noqa: B015


def test_pickle_copy_and_weak_type():
    x = pickle.loads(pickle.dumps(jnp.asarray(2.0)))
    assert x.weak_type and x.dtype == np.float32
    same(pickle.loads(pickle.dumps(jnp.arange(3.0))), np.arange(3, dtype=np.float32))
    key = pickle.loads(pickle.dumps(jax.random.key(0)))
    same(jax.random.key_data(key), np.asarray(jax.random.key_data(jax.random.key(0))))
    same(copy.deepcopy(jnp.arange(2)), np.arange(2, dtype=np.int32))
    same(jnp.arange(3.0).copy(), np.arange(3, dtype=np.float32))
    same(jnp.asarray(1.0).clone(), np.float32(1))


def test_view_byteswap_tobytes_match_numpy():
    x = np.array([1.0, 2.0, 3.0], np.float32)
    same(jnp.asarray(x).view(jnp.int32), x.view(np.int32))
    same(jnp.asarray(x).view(jnp.uint8), x.view(np.uint8))
    same(jnp.asarray(x).view(jnp.float16), x.view(np.float16))
    same(jnp.ones((2, 4), jnp.uint8).view(jnp.float32), np.ones((2, 4), np.uint8).view(np.float32))
    same(jnp.array([True, False]).view(jnp.int8), np.array([1, 0], np.int8))
    same(jax.jit(lambda v: v.view(jnp.int32))(x), x.view(np.int32))
    with pytest.raises(ValueError, match="divisor of the total size"):
        jnp.ones((2, 3), jnp.uint8).view(jnp.float32)
    with pytest.raises(ValueError, match="0d array"):
        jnp.ones((), jnp.float32).view(jnp.float16)
    same(jnp.arange(3).byteswap(), np.arange(3, dtype=np.int32).byteswap())
    assert jnp.asarray(x).tobytes() == x.tobytes()


def test_interchange_protocols():
    x = jnp.arange(3.0)
    assert x.__array_namespace__() is jnp
    with pytest.raises(ValueError, match="is not available"):
        x.__array_namespace__(api_version="2020")
    y = np.from_dlpack(x)
    same(y, np.arange(3, dtype=np.float32))
    assert x.__dlpack_device__() == (1, 0)
    assert not np.asarray(x).flags.writeable
    with pytest.raises(NotImplementedError, match="arr.flat"):
        x.flat  # noqa: B018
    assert x.__numpy_dtype__ == np.float32


def test_single_device_attributes():
    x = jnp.arange(3.0)
    assert x.is_fully_addressable is True and x.is_fully_replicated is True
    assert x.platform() == "cpu" and x.on_device_size_in_bytes() == 12 and x.is_ready()
    (shard,) = x.addressable_shards
    assert shard.data is x and shard.index == (slice(None),) and shard.replica_id == 0
    assert x.addressable_data(0) is x and x.to_device(jax.devices()[0]) is x
    assert x.devices() == {jax.devices()[0]} and x.device == jax.devices()[0]
    assert not x.committed and jax.device_put(x, jax.devices()[0]).committed
    assert not jax.device_put(x).committed
    x.delete()
    assert x.is_deleted()
    with pytest.raises(AttributeError, match="addressable_data"):
        x.device_buffer  # noqa: B018
    assert x.unsafe_buffer_pointer() == np.asarray(x).ctypes.data


def test_extra_methods():
    same(jnp.array([0, 1, 2, 1]).choose([jnp.arange(4) * 10, jnp.arange(4) * 100,
                                         jnp.arange(4) * 1000]),
         np.array([0, 100, 2000, 300], np.int32))
    same(jnp.arange(5).compress(jnp.array([True, False, True])), np.array([0, 2], np.int32))
    part = np.asarray(jnp.array([3, 1, 2, 0]).argpartition(1))
    assert sorted(part[:2].tolist()) == [1, 3]


# ----------------------------------------------------------------------------- errors, dtypes
def test_error_classes_and_hierarchy():
    e = jax.errors
    # JAX 0.10.2 MROs (less JAX's private mixin).
    assert issubclass(e.NonConcreteBooleanIndexError, e.JAXIndexError)
    assert issubclass(e.JAXIndexError, IndexError)
    for name in ("KeyReuseError", "UnexpectedTracerError", "ConcretizationTypeError",
                 "TracerArrayConversionError", "TracerIntegerConversionError"):
        assert issubclass(getattr(e, name), e.JAXTypeError)
    assert issubclass(e.JaxRuntimeError, RuntimeError) and issubclass(e.JaxprTypeError,
                                                                      TypeError)
    assert e.InconclusiveDimensionOperation.__mro__[1] is Exception
    assert sorted(n for n in dir(e) if not n.startswith("_")) == [
        "ConcretizationTypeError", "InconclusiveDimensionOperation", "JAXIndexError",
        "JAXTypeError", "JaxRuntimeError", "JaxprTypeError", "KeyReuseError",
        "NonConcreteBooleanIndexError", "TracerArrayConversionError",
        "TracerBoolConversionError", "TracerIntegerConversionError", "UnexpectedTracerError"]
    assert e.JAXTypeError.__module__ == "numjax.errors"


def test_dtypes_extended_and_helpers():
    d = jax.dtypes
    kd = jax.random.key(0).dtype
    # JAX 0.10.2: key dtypes are subtypes of prng_key and extended, not of any NumPy kind.
    assert jnp.issubdtype(kd, d.prng_key) and jnp.issubdtype(kd, d.extended)
    assert jnp.issubdtype(kd, np.generic) and jnp.issubdtype(kd, kd)
    assert not jnp.issubdtype(kd, jnp.floating)
    assert not jnp.issubdtype(jnp.float32, d.extended)
    assert jnp.issubdtype(d.prng_key, np.generic)
    assert [d.scalar_type_of(v) for v in (True, 1, 1.0, 1j, np.uint8(1),
                                          jnp.ones(2, "float8_e4m3fn"))] == [
        bool, int, float, complex, int, float]
    assert [d.itemsize_bits(t) for t in (jnp.bool_, jnp.int4, jnp.uint2, "float8_e4m3fn",
                                         jnp.float32, float)] == [8, 4, 2, 8, 32, 64]
    assert jax.float0 is d.float0


# ----------------------------------------------------------------------------- devices
def test_devices_and_sharding():
    (dev,) = jax.devices()
    assert (str(dev), repr(dev)) == ("cpu:0", "CpuDevice(id=0)")  # JAX 0.10.2
    assert isinstance(dev, jax.Device) and dev.platform == "cpu" and dev.local_hardware_id == 0
    assert [repr(m) for m in dev.addressable_memories()] == [
        "CPU_DEVICE_0", "PINNED_HOST_1", "UNPINNED_HOST_2"]
    assert str(dev.default_memory()) == "CpuDeviceMemory(id=0, process_index=0, client=cpu)"
    assert (jax.host_count(), jax.host_id(), jax.host_ids(), jax.process_indices()) == (
        1, 0, [0], [0])
    with pytest.raises(RuntimeError, match="Unknown backend: 'gpu' requested"):
        jax.devices("gpu")
    s = jnp.ones(2).sharding
    assert repr(s) == "SingleDeviceSharding(device=CpuDevice(id=0), memory_kind=device)"
    assert s.is_fully_replicated and s.is_fully_addressable and s.num_devices == 1
    assert s.memory_kind == "device" and s.shard_shape((3, 4)) == (3, 4)
    assert s.devices_indices_map((3,)) == {dev: (slice(None),)}
    with pytest.raises(ValueError, match="only accepts"):
        jax.device_put(jnp.ones(2), "cpu")


def test_device_put_get():
    assert repr(jax.device_put(1)) == "Array(1, dtype=int32, weak_type=True)"  # JAX 0.10.2
    assert repr(jax.device_put(np.float64(1.0))) == "Array(1., dtype=float32)"
    out = jax.device_get({"a": jnp.ones(2), "b": 1})
    assert type(out["a"]) is np.ndarray and out["b"] == 1


# ----------------------------------------------------------------------------- config
def test_config_states():
    assert jnp.ones(1).dtype == np.float32
    with jax.enable_x64(True):
        assert jnp.ones(1).dtype == np.float64 and jax.config.jax_enable_x64
        assert jax.enable_x64.value
    assert jnp.ones(1).dtype == np.float32

    @jax.enable_x64(True)
    def f():
        return jnp.ones(1).dtype

    assert f() == np.float64 and jnp.ones(1).dtype == np.float32
    assert (jax.debug_nans.value, jax.numpy_rank_promotion.value) == (False, "allow")
    with pytest.raises(ValueError, match="new enum value must be in"):
        jax.config.update("jax_numpy_rank_promotion", "bad")
    with pytest.raises(AttributeError, match="Unrecognized config option: jax_nope"):
        jax.config.update("jax_nope", 1)
    with pytest.raises(AttributeError, match="'Config' object has no attribute 'jax_nope'"):
        jax.config.jax_nope  # noqa: B018
    with jax.checking_leaks(), jax.transfer_guard("allow"), jax.default_matmul_precision(
            "highest"):
        assert jax.default_matmul_precision.value == "highest"
    assert jax.default_matmul_precision.value is None


# ----------------------------------------------------------------------------- callbacks
def _sin_cb(x):
    return np.sin(np.asarray(x))


def test_pure_callback_eager_jit_vmap():
    x = jnp.arange(6.0).reshape(3, 2)
    want = np.sin(np.arange(6.0, dtype=np.float32)).reshape(3, 2)

    def f(v, method=None):
        return jax.pure_callback(_sin_cb, jax.ShapeDtypeStruct(v.shape, v.dtype), v,
                                 vmap_method=method)

    np.testing.assert_allclose(f(x), want, rtol=1e-6)
    np.testing.assert_allclose(jax.jit(f)(x), want, rtol=1e-6)
    for method in ("sequential", "expand_dims", "broadcast_all"):
        np.testing.assert_allclose(jax.vmap(lambda v, m=method: f(v, m))(x), want, rtol=1e-6)
    with pytest.raises(NotImplementedError, match="vmap_method"):
        jax.vmap(f)(x)
    with pytest.raises(ValueError, match="Pure callbacks do not support JVP"):
        jax.grad(lambda v: f(v).sum())(x)
    seen = []
    jax.vmap(lambda a, b: jax.pure_callback(lambda p, q: (seen.append((p.shape, q.shape)),
                                                          p * q)[1],
                                            jax.ShapeDtypeStruct((), jnp.float32), a, b,
                                            vmap_method="expand_dims"),
             in_axes=(0, None))(jnp.ones(3), 2.0)
    assert seen == [((3,), (1,))]  # JAX 0.10.2
    out = jax.pure_callback(lambda a: np.ones(2, np.float64),
                            jax.ShapeDtypeStruct((2,), jnp.float32), 1.0)
    assert out.dtype == np.float32
    with pytest.raises(jax.errors.JaxRuntimeError):
        jax.pure_callback(lambda a: np.ones(3), jax.ShapeDtypeStruct((2,), jnp.float32), 1.0)


def test_debug_print_runtime_values():
    def f(x):
        jax.debug.print("x={x} y={}", x * 2, x=x)
        return x * x

    with captured() as out:
        f(jnp.ones(2))
        jax.jit(f)(1.0)
        jax.vmap(f)(jnp.arange(2.0))
        jax.grad(f)(3.0)
        g = jax.jit(f)
        g(4.0)
        g(5.0)
    assert out.getvalue().splitlines() == [
        "x=[1. 1.] y=[2. 2.]", "x=1.0 y=2.0", "x=0.0 y=0.0", "x=1.0 y=2.0", "x=3.0 y=6.0",
        "x=4.0 y=8.0", "x=5.0 y=10.0"]
    with captured() as out:
        jax.jit(lambda xs: lax.scan(lambda c, x: (jax.debug.print("c={}", c) or c + x, None),
                                    0.0, xs))(jnp.arange(3.0))
    assert out.getvalue().split() == ["c=0.0", "c=0.0", "c=1.0"]


def test_debug_print_in_cond():
    with captured() as out:
        lax.cond(True, lambda: jax.debug.print("yes"), lambda: jax.debug.print("no"))
    assert out.getvalue() == "yes\n"


def test_linear_transpose_custom_gradient_fwd_and_bwd():
    t = jax.linear_transpose(lambda x, y: 2.0 * x + y.sum(), jnp.ones(3), jnp.ones(2))
    cx, cy = t(jnp.arange(3.0))
    same(cx, np.array([0, 2, 4], np.float32))
    same(cy, np.array([3, 3], np.float32))
    m = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    (ct,) = jax.linear_transpose(lambda x: jnp.dot(m, x),
                                 jax.ShapeDtypeStruct((3,), jnp.float32))(jnp.array([1.0, 2.0]))
    same(ct, m.T @ np.array([1, 2], np.float32))
    with pytest.raises(TypeError, match="cotangent type does not match"):
        jax.linear_transpose(lambda x: 2.0 * x, jnp.ones(3))(jnp.ones(2))

    @jax.custom_gradient
    def f(x):
        return x**2, lambda g: (g * 10.0,)

    assert float(f(3.0)) == 9.0 and float(jax.grad(f)(3.0)) == 10.0
    same(jax.vmap(jax.grad(f))(jnp.arange(3.0)), np.full(3, 10, np.float32))
    fwd, bwd = jax.fwd_and_bwd(lambda x, w: (x @ w).sum(), argnums=1)
    y, res = fwd(jnp.ones((2, 2)), jnp.eye(2))
    assert float(y) == 4.0
    same(bwd(res, 1.0), np.full((2, 2), 2, np.float32))


def test_trivial_helpers():
    with jax.ensure_compile_time_eval(), jax.named_scope("s"):
        same(jnp.ones(2) * 2, np.full(2, 2, np.float32))
    assert jax.named_call(lambda v: v + 1, name="n")(1) == 2
    assert "numpy:" in jax.print_environment_info(return_string=True)
    same(jax.make_array_from_callback((2, 3), jnp.ones(2).sharding,
                                      lambda idx: np.arange(6.0).reshape(2, 3)[idx]),
         np.arange(6, dtype=np.float32).reshape(2, 3))
    assert jax.live_arrays() == [] and jax.effects_barrier() is None
    with pytest.raises(NotImplementedError, match="mutable array references"):
        jax.new_ref(jnp.ones(2))


# ----------------------------------------------------------------------------- SPMD maps
def test_pmap_and_shard_map_on_one_device():
    f = jax.pmap(lambda x: lax.psum(x, "i"), axis_name="i")
    same(f(jnp.ones((1, 3))), np.ones((1, 3), np.float32))
    with pytest.raises(ValueError, match="1 device"):
        f(jnp.ones((2, 3)))
    P = jax.sharding.PartitionSpec
    mesh = jax.make_mesh((1,), ("x",))
    g = jax.shard_map(lambda x: lax.psum(x, "x") + lax.axis_index("x"), mesh=mesh,
                      in_specs=P(None), out_specs=P(None))
    same(g(jnp.arange(4.0)), np.arange(4, dtype=np.float32))
    # JAX 0.10.2 reprs:
    assert repr(P("x", ("x", "y"), None)) == "P('x', ('x', 'y'), None)"
    assert repr(P()) == "P()" and repr(P("x")) == "P('x',)" and jax.P is P
    assert repr(jax.make_mesh((1, 1), ("x", "y"))) == (
        "Mesh(axis_sizes=(1, 1), axis_names=('x', 'y'), axis_types=(Explicit, Explicit))")
    assert repr(jax.sharding.NamedSharding(mesh, P("x"))) == (
        "NamedSharding(mesh=Mesh('x': 1, axis_types=(Explicit,)), spec=P('x',), "
        "memory_kind=device)")
    with pytest.raises(ValueError):
        jax.make_mesh((2,), ("x",))


# ----------------------------------------------------------------------------- nn.initializers
def test_initializers_match_jax():
    init = jax.nn.initializers
    key = jax.random.key(0)
    # All values recorded from JAX 0.10.2.
    np.testing.assert_allclose(
        init.orthogonal()(key, (2, 3)),
        [[0.96083664894104, -0.2567500174045563, 0.1042710393667221],
         [0.18604838848114014, 0.31881120800971985, -0.9293790459632874]], rtol=1e-5)
    np.testing.assert_allclose(
        init.orthogonal()(key, (3, 2)),
        [[0.96083664894104, 0.18604838848114014], [-0.2567500174045563, 0.31881120800971985],
         [0.1042710393667221, -0.9293790459632874]], rtol=1e-5)
    w16 = init.glorot_uniform()(key, (2, 3), jnp.float16)
    assert w16.dtype == np.float16
    same(w16, np.array([[-0.414794921875, -0.62841796875, -0.97509765625],
                        [0.342041015625, -0.5859375, -0.194580078125]], np.float16))
    wc = init.glorot_uniform()(key, (2, 2), jnp.complex64)
    np.testing.assert_allclose(wc, [[0.91681307554245 + 0.04204554110765457j,
                                     0.42338424921035767 + 0.05589618906378746j],
                                    [-0.4156009554862976 - 0.23335367441177368j,
                                     -0.2245536893606186 + 0.26514387130737305j]], rtol=1e-5)
    wn = init.glorot_normal()(key, (2, 2), jnp.complex64)
    np.testing.assert_allclose(wn, [[0.9814679622650146 + 0.04501064866781235j,
                                     0.32668498158454895 + 0.04312971979379654j],
                                    [-0.32495641708374023 - 0.18245811760425568j,
                                     -0.17029410600662231 + 0.20107640326023102j]], rtol=1e-5)
    d = init.delta_orthogonal()(key, (3, 3, 2, 2))
    np.testing.assert_allclose(d[1, 1], [[0.9661029577255249, 0.25815725326538086],
                                         [-0.25815725326538086, 0.9661028981208801]],
                               rtol=1e-5)
    assert float(jnp.abs(d).sum()) == pytest.approx(2.4485201835632324, rel=1e-5)
    with pytest.raises(ValueError, match="`fan_in` must be less or equal than `fan_out`"):
        init.delta_orthogonal()(key, (3, 3, 3, 2))
    with pytest.raises(ValueError, match="requires a 3D, 4D or 5D shape"):
        init.delta_orthogonal()(key, (3, 3))
    with pytest.raises(ValueError, match="with default in_axis"):
        init.glorot_uniform()(key, (3,))
    assert isinstance(init.Initializer, type)


# ----------------------------------------------------------------------------- jnp helpers
def test_index_tricks_match_numpy():
    same(jnp.mgrid[0:3, 0:2], np.mgrid[0:3, 0:2].astype(np.int32))
    same(jnp.mgrid[0:1:5j], np.mgrid[0:1:5j].astype(np.float32))
    for a, b in zip(jnp.ogrid[0:3, 0:2], np.ogrid[0:3, 0:2], strict=True):
        same(a, b.astype(np.int32))
    same(jnp.r_[jnp.array([1.0, 2.0]), 0, np.array([3, 4])],
         np.r_[np.array([1.0, 2.0], np.float32), 0, np.array([3, 4])].astype(np.float32))
    same(jnp.r_["0,2", [1, 2], [3, 4]], np.r_["0,2", [1, 2], [3, 4]].astype(np.int32))
    same(jnp.r_["0,2,0", [1, 2], [3, 4]], np.r_["0,2,0", [1, 2], [3, 4]].astype(np.int32))
    same(jnp.c_[jnp.array([1, 2]), jnp.array([3, 4])], np.c_[[1, 2], [3, 4]].astype(np.int32))
    same(jnp.c_[1:4, jnp.arange(3.0)], np.c_[1:4, np.arange(3.0)].astype(np.float32))
    same(jax.jit(lambda x: jnp.r_[x, x])(jnp.ones(2)), np.ones(4, np.float32))
    assert jnp.s_[1:2, ::2] == np.s_[1:2, ::2] and jnp.index_exp[1] == (1,)


def test_default_registry():
    r = jax.tree_util.default_registry
    leaves, treedef = r.flatten({"a": 1, "b": [2]})
    assert leaves == [1, 2] and treedef == jax.tree.structure({"a": 0, "b": [0]})
    assert r.flatten_one_level(1) is None and r.is_node(list)


def test_tracers_are_arrays():
    seen = []

    def f(x):
        seen.append(isinstance(x, jax.Array))
        return x

    jax.jit(f)(1.0), jax.vmap(f)(jnp.ones(2)), jax.grad(f)(1.0)
    assert seen == [True, True, True]  # JAX 0.10.2
    assert isinstance(jax.random.key(0), jax.Array) and not isinstance(np.ones(2), jax.Array)
    assert isinstance(jnp.ones(2), jnp.ndarray)
    with pytest.raises(TypeError):
        jax.Array(1)
    assert jax.jit(lambda x: x.nbytes + 0 * x.sum())(jnp.ones(2)) == 8
    with pytest.raises(jax.errors.ConcretizationTypeError, match="tobytes\\(\\) method"):
        jax.jit(lambda x: x.tobytes())(jnp.ones(2))
    with pytest.raises(AttributeError, match="'sharding' attribute is not available"):
        jax.jit(lambda x: x.sharding)(jnp.ones(2))
    same(jax.grad(lambda x: x.view(jnp.float32).sum())(jnp.ones(2)), np.ones(2, np.float32))


def test_hard_sigmoid_rounds_as_jax():
    # JAX 0.10.2 on CPU (XLA turns the division by 6 into a product with 1/6):
    x = jnp.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    same(jax.nn.hard_sigmoid(x),
         np.array([0.16666667, 0.4166667, 0.5, 0.5833334, 0.8333334], np.float32))
    same(jax.nn.hard_silu(x),
         np.array([-0.33333334, -0.20833334, 0.0, 0.2916667, 1.6666667], np.float32))


def test_typing_and_dlpack_modules():
    import typing

    assert jax.Array in typing.get_args(jax.typing.ArrayLike)
    assert np.dtype in typing.get_args(jax.typing.DTypeLike)
    same(jax.dlpack.from_dlpack(np.arange(3.0)), np.arange(3, dtype=np.float32))
    # JAX 0.10.2:
    assert [jax.dlpack.is_supported_dtype(d) for d in (
        "float32", "float8_e4m3fn", "bfloat16", "int4", "bool", "complex128")] == [
        True, False, True, False, True, True]


def test_core_module():
    seen = []
    jax.jit(lambda x: seen.append(isinstance(x, jax.core.Tracer)) or x)(1.0)
    assert seen == [True]
    closed = jax.make_jaxpr(lambda x: x * 2 + 1)(1.0)
    (out,) = jax.core.eval_jaxpr(closed.jaxpr, closed.consts, 3.0)
    assert float(out) == 7.0


def test_dot_product_attention_cudnn_is_refused_as_jax_on_cpu():
    q = jnp.ones((1, 2, 1, 4))
    with pytest.raises(RuntimeError, match="cuDNN is not detected"):  # JAX 0.10.2 on CPU
        jax.nn.dot_product_attention(q, q, q, implementation="cudnn")


def test_key_arrays_are_pytree_leaves():
    tree = {"k": jax.random.key(0), "a": jnp.ones(2)}
    assert jax.tree.map(lambda x: x.shape, tree) == {"a": (2,), "k": ()}  # JAX 0.10.2
