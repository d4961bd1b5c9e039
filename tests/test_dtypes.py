"""numjax._src.dtypes against JAX 0.10.2: promotion pairs from tests/promotion.json, plus
canonicalization, finfo/iinfo, issubdtype, user-dtype checks and Python-int overflow."""

import ast
import json
import pathlib
import re
import warnings

import ml_dtypes
import numpy as np
import pytest

from numjax._src import dtypes
from numjax._src.config import config

HERE = pathlib.Path(__file__).parent
PROMOTION = json.loads((HERE / "promotion.json").read_text())
ERRORS = json.loads((HERE / "errors.json").read_text())
SECTIONS = ("x64_disabled", "x64_enabled")
PY_SCALARS = {"py_bool": True, "py_int": 1, "py_float": 1.0, "py_complex": 1j}


@pytest.fixture(autouse=True)
def x64():
    """Starts each test with x64 off; returns a setter; restores the flag afterwards."""
    saved = config.read("jax_enable_x64")
    config.update("jax_enable_x64", False)
    yield lambda flag: config.update("jax_enable_x64", flag)
    config.update("jax_enable_x64", saved)


class FakeArray:
    """Stand-in for a JAX array: just what promotion looks at."""

    def __init__(self, dtype, weak_type, shape=()):
        self.dtype = np.dtype(dtype)
        self.weak_type = weak_type
        self.shape = shape


def make_operand(operand):
    """Builds the operand a promotion.json label/description stands for (under the current mode)."""
    label, desc = operand["label"], operand["description"]
    if desc == "python scalar (weak)":
        return PY_SCALARS[label]
    m = re.fullmatch(r"jnp\.asarray\((.+)\): weakly typed 0-d jax array", desc)
    if m:
        value = ast.literal_eval(m.group(1))
        return FakeArray(dtypes.python_scalar_dtype(value), weak_type=True)
    m = re.fullmatch(r"jnp\.ones\(\(2,\), dtype=jnp\.(\w+)\) \(strong\)", desc)
    if m:
        return FakeArray(m.group(1), weak_type=False, shape=(2,))
    raise AssertionError(f"unknown operand description {desc!r}")


def _pair_params():
    for section in SECTIONS:
        for pair in PROMOTION[section]["pairs"]:
            yield pytest.param(section, pair, id=f"{section}:{pair['a']}+{pair['b']}")


@pytest.mark.parametrize("section,pair", list(_pair_params()))
def test_promotion_pair(section, pair, x64):
    data = PROMOTION[section]
    x64(data["config"]["jax_enable_x64"])
    ops = {o["label"]: o for o in data["operands"]}
    a, b = make_operand(ops[pair["a"]]), make_operand(ops[pair["b"]])
    assert str(dtypes.result_type(a, b)) == pair["result_type"]
    dt, weak = dtypes.result_type(a, b, return_weak_type_flag=True)
    assert [str(dt), weak] == pair["dtypes_result_type"]
    # Binary ops take their dtype and weak flag from result_type.
    assert (str(dt), weak) == (pair["add_dtype"], pair["add_weak_type"])
    assert dtypes.result_type(b, a, return_weak_type_flag=True) == (dt, weak)  # symmetric


CANON = [  # (dtype-like, with x64 off, with x64 on)
    ("int64", "int32", "int64"),
    ("uint64", "uint32", "uint64"),
    ("float64", "float32", "float64"),
    ("complex128", "complex64", "complex128"),
    (np.float64, "float32", "float64"),
    (np.longlong, "int32", "int64"),
    (int, "int32", "int64"),
    (float, "float32", "float64"),
    (complex, "complex64", "complex128"),
    (bool, "bool", "bool"),
    (None, "float32", "float64"),
    ("int8", "int8", "int8"),
    ("uint32", "uint32", "uint32"),
    ("float16", "float16", "float16"),
    (dtypes.bfloat16, "bfloat16", "bfloat16"),
    ("bfloat16", "bfloat16", "bfloat16"),
    (np.dtype("complex64"), "complex64", "complex64"),
]


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
@pytest.mark.parametrize("dtype,off,on", CANON, ids=[repr(c[0]) for c in CANON])
def test_canonicalize_dtype(dtype, off, on, enabled, x64):
    x64(enabled)
    out = dtypes.canonicalize_dtype(dtype)
    assert isinstance(out, np.dtype)
    assert out == np.dtype(on if enabled else off)


def test_canonicalize_keeps_float0():
    assert dtypes.canonicalize_dtype(dtypes.float0) == dtypes.float0
    assert dtypes.float0 == np.dtype([("float0", np.void, 0)])


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
def test_defaults_follow_x64(enabled, x64):
    x64(enabled)
    bits = "64" if enabled else "32"
    assert dtypes.default_int_dtype() == np.dtype("int" + bits)
    assert dtypes.default_uint_dtype() == np.dtype("uint" + bits)
    assert dtypes.default_float_dtype() == np.dtype("float" + bits)
    assert dtypes.default_complex_dtype() == np.dtype("complex" + ("128" if enabled else "64"))


DTYPE_OF = [  # (value, x64 off, x64 on)
    (1, "int32", "int64"),
    (True, "bool", "bool"),
    (1.0, "float32", "float64"),
    (1j, "complex64", "complex128"),
    (2**70, "int32", "int64"),
    (np.float64(1), "float32", "float64"),
    (np.int8(1), "int8", "int8"),
    (np.array([1, 2]), "int32", "int64"),
    (np.array(1.0), "float32", "float64"),
    ("float64", "float32", "float64"),
    (np.uint64, "uint32", "uint64"),
    (FakeArray("float16", True), "float16", "float16"),
    (np.array([1], dtype=ml_dtypes.bfloat16), "bfloat16", "bfloat16"),
]


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
@pytest.mark.parametrize("value,off,on", DTYPE_OF, ids=[repr(c[0]) for c in DTYPE_OF])
def test_dtype_of(value, off, on, enabled, x64):
    x64(enabled)
    assert dtypes.dtype_of(value) == np.dtype(on if enabled else off)


def test_dtype_of_errors():
    with pytest.raises(ValueError, match=r"Invalid argument to dtype: None\."):
        dtypes.dtype_of(None)
    with pytest.raises(TypeError, match=r"Cannot determine dtype of \[1, 2\]"):
        dtypes.dtype_of([1, 2])


def test_string_value_error_matches_jax():
    case = next(c for c in ERRORS["x64_disabled"]["cases"] if c["name"] == "string_array")
    with pytest.raises(TypeError) as info:
        dtypes.dtype_of(np.array(["a", "b"])[0])
    assert str(info.value) == case["message"]


def test_jnp_dtype_is_numpy_dtype():
    assert dtypes.dtype is np.dtype
    assert dtypes.dtype(int) == np.dtype("int64")  # no canonicalization, as in JAX


PROMOTE = [  # (a, b, x64 off, x64 on): jnp.promote_types does not narrow its inputs
    ("int8", "uint64", "float64", "float64"),
    ("int32", "uint32", "int32", "int64"),
    ("int64", "uint64", "float64", "float64"),
    ("uint8", int, "uint8", "uint8"),
    ("float16", float, "float16", "float16"),
    (float, int, "float64", "float64"),
    ("float16", "bfloat16", "float32", "float32"),
    ("int8", "bfloat16", "bfloat16", "bfloat16"),
    ("bool", "int8", "int8", "int8"),
    ("uint64", "float16", "float16", "float16"),
    ("int8", "uint8", "int16", "int16"),
    ("float32", complex, "complex64", "complex64"),
    (np.dtype("int64"), "uint8", "int64", "int64"),  # a dtype equal to `int` is still strong
    (np.dtype("float64"), np.float16, "float64", "float64"),
]


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
@pytest.mark.parametrize("a,b,off,on", PROMOTE, ids=[f"{c[0]}-{c[1]}" for c in PROMOTE])
def test_promote_types(a, b, off, on, enabled, x64):
    x64(enabled)
    assert dtypes.promote_types(a, b) == np.dtype(on if enabled else off)
    assert dtypes.promote_types(b, a) == np.dtype(on if enabled else off)


def test_promote_types_invalid():
    with pytest.raises(ValueError, match=r"dtype=dtype\('<U3'\) is not a valid dtype for JAX"):
        dtypes.promote_types("U3", "int8")


RESULT = [  # (args, x64 off, x64 on) as (dtype, weak)
    ((np.uint64, np.int8), ("int32", False), ("float64", True)),
    ((np.uint64, np.int64), ("int32", False), ("float64", True)),
    ((np.uint64, 1), ("uint32", False), ("uint64", False)),
    ((np.int32, np.uint32), ("int32", False), ("int64", False)),
    ((1, np.uint8, 1.0), ("float32", True), ("float64", True)),
    ((1, True), ("int32", True), ("int64", True)),
    ((True, True), ("bool", False), ("bool", False)),
    ((np.float64(1), 1j), ("complex64", False), ("complex128", False)),
    (("bfloat16", 1j), ("complex64", False), ("complex64", False)),
    ((np.float16, np.uint64), ("float16", False), ("float16", False)),
    ((None,), ("float32", False), ("float64", False)),
    ((int,), ("int32", True), ("int64", True)),
    ((float, 1), ("float32", True), ("float64", True)),
    ((np.array(1.0),), ("float32", False), ("float64", False)),
    ((FakeArray("float32", True), np.float16), ("float16", False), ("float16", False)),
    ((FakeArray("uint8", True),), ("uint32", True), ("uint64", True)),
    ((FakeArray("int8", True), FakeArray("uint8", True)), ("int32", True), ("int64", True)),
    ((dtypes.float0,), ("[('float0', 'V')]", False), ("[('float0', 'V')]", False)),
    ((dtypes.float0, dtypes.float0), ("[('float0', 'V')]", False), ("[('float0', 'V')]", False)),
]


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
@pytest.mark.parametrize("args,off,on", RESULT, ids=[repr(c[0]) for c in RESULT])
def test_result_type_cases(args, off, on, enabled, x64):
    x64(enabled)
    dt, weak = dtypes.result_type(*args, return_weak_type_flag=True)
    assert (str(dt), weak) == (on if enabled else off)
    assert dtypes.result_type(*args) == dt


def test_result_type_errors():
    with pytest.raises(ValueError, match="at least one array or dtype is required"):
        dtypes.result_type()
    with pytest.raises(ValueError, match=r"dtype=dtype\(\[\('float0', 'V'\)\]\) is not a valid"):
        dtypes.result_type(dtypes.float0, np.float32)
    with pytest.raises(TypeError, match="Value 'U3' with dtype <U3 is not a valid JAX array type"):
        dtypes.result_type("U3")
    with pytest.raises(dtypes.TypePromotionError, match="4-bit integers do not support implicit"):
        dtypes.result_type(ml_dtypes.int4, np.int8)
    with pytest.raises(dtypes.TypePromotionError, match="8-bit floats do not support implicit"):
        dtypes.result_type(ml_dtypes.float8_e4m3fn, np.float16)
    assert issubclass(dtypes.TypePromotionError, ValueError)
    assert dtypes.result_type(ml_dtypes.int4, 1) == np.dtype(ml_dtypes.int4)


def test_weak_type_detection():
    assert dtypes.is_weakly_typed(1) and dtypes.is_weakly_typed(1.0) and dtypes.is_weakly_typed(1j)
    assert not dtypes.is_weakly_typed(True)
    assert not dtypes.is_weakly_typed(np.float64(1.0))  # a float subclass, but strong
    assert dtypes.is_weakly_typed(FakeArray("float32", True))
    assert not dtypes.is_weakly_typed(FakeArray("float32", False))
    assert not dtypes.is_weakly_typed(np.ones(2))
    assert dtypes.is_python_scalar(True) and dtypes.is_python_scalar(1j)
    assert not dtypes.is_python_scalar(np.float32(1)) and not dtypes.is_python_scalar("1")


@pytest.mark.parametrize("enabled", [False, True], ids=["x32", "x64"])
def test_python_scalar_dtype(enabled, x64):
    x64(enabled)
    assert dtypes.python_scalar_dtype(True) == np.bool_
    assert dtypes.python_scalar_dtype(3) == dtypes.default_int_dtype()
    assert dtypes.python_scalar_dtype(3.0) == dtypes.default_float_dtype()
    assert dtypes.python_scalar_dtype(3j) == dtypes.default_complex_dtype()
    assert dtypes.python_scalar_dtype(np.float64(3)) == dtypes.default_float_dtype()
    assert dtypes.python_scalar_dtype(np.int8(3)) == np.int8


ISSUB = [
    (dtypes.bfloat16, np.floating, True),
    (dtypes.bfloat16, np.inexact, True),
    (dtypes.bfloat16, np.number, True),
    ("bfloat16", np.floating, True),
    (dtypes.bfloat16, dtypes.bfloat16, True),
    (dtypes.bfloat16, np.integer, False),
    (np.float32, dtypes.bfloat16, False),
    (ml_dtypes.float8_e4m3fn, np.floating, True),
    (ml_dtypes.int4, np.signedinteger, True),
    (ml_dtypes.uint4, np.unsignedinteger, True),
    (ml_dtypes.uint4, np.signedinteger, False),
    (dtypes.float0, np.void, True),
    (dtypes.float0, dtypes.float0, True),
    (dtypes.float0, np.floating, False),
    (np.int32, np.integer, True),
    (int, np.integer, True),
    (np.int64, int, True),
    (np.int32, int, False),
    (np.float32, float, False),
    (np.float32, "float32", True),
    (np.bool_, np.number, False),
    (np.complex64, np.inexact, True),
    (FakeArray("float16", False), np.floating, True),
]


@pytest.mark.parametrize("a,b,expected", ISSUB, ids=[f"{c[0]!r}-{c[1]!r}" for c in ISSUB])
def test_issubdtype(a, b, expected):
    assert dtypes.issubdtype(a, b) is expected


def test_finfo_iinfo():
    bf = dtypes.finfo(dtypes.bfloat16)
    assert bf.bits == 16 and bf.dtype == np.dtype(dtypes.bfloat16)
    assert float(bf.eps) == 2.0**-7
    assert float(bf.max) == 3.3895313892515355e38
    assert float(dtypes.finfo("bfloat16").eps) == 2.0**-7
    assert float(dtypes.finfo(np.float32).eps) == 2.0**-23
    assert float(dtypes.finfo(np.float16).eps) == 2.0**-10
    assert dtypes.finfo(np.complex64).dtype == np.float32
    assert dtypes.finfo(float).dtype == np.float64  # NumPy meaning of float, as in JAX
    assert dtypes.finfo(np.ones(2, np.float32)).bits == 32
    i8 = dtypes.iinfo(np.int8)
    assert (i8.min, i8.max) == (-128, 127)
    assert dtypes.iinfo(np.uint32).max == 2**32 - 1
    assert dtypes.iinfo(int).bits == 64
    assert dtypes.iinfo(ml_dtypes.int4).min == -8
    with pytest.raises(ValueError):
        dtypes.finfo(np.int32)
    with pytest.raises(ValueError):
        dtypes.iinfo(np.float32)


PREDICATES = [  # dtype, is_int, is_float, is_complex, is_inexact
    ("bool", False, False, False, False),
    ("int8", True, False, False, False),
    ("uint64", True, False, False, False),
    (ml_dtypes.int4, True, False, False, False),
    ("float16", False, True, False, True),
    (dtypes.bfloat16, False, True, False, True),
    (ml_dtypes.float8_e5m2, False, True, False, True),
    ("float64", False, True, False, True),
    ("complex64", False, False, True, True),
    (dtypes.float0, False, False, False, False),
]


@pytest.mark.parametrize("dt,i,f,c,inexact", PREDICATES, ids=[str(p[0]) for p in PREDICATES])
def test_predicates(dt, i, f, c, inexact):
    dt = np.dtype(dt)
    got = (dtypes.is_int(dt), dtypes.is_float(dt), dtypes.is_complex(dt), dtypes.is_inexact(dt))
    assert got == (i, f, c, inexact)
    assert dtypes.is_bool(dt) is (dt == np.bool_)


BAD = [(str, "<class 'str'>"), (object, "<class 'object'>"), ("datetime64", "datetime64")]


@pytest.mark.parametrize("bad,shown", BAD + [("U3", "U3")])
def test_check_user_dtype_rejects(bad, shown):
    with pytest.raises(TypeError) as info:
        dtypes.check_user_dtype_supported(bad, "zeros")
    msg = f"JAX only supports number, bool, and string dtypes, got dtype {shown} in zeros"
    assert str(info.value) == msg


GOOD = [None, int, float, bool, complex, "int64", np.float16, dtypes.bfloat16, dtypes.float0]


@pytest.mark.parametrize("good", GOOD + [np.dtype("uint8"), "bfloat16"])
def test_check_user_dtype_accepts(good):
    dtypes.check_user_dtype_supported(good, "zeros")


def _recorded_warning(expr):
    entry = next(
        e for e in PROMOTION["x64_disabled"]["out_of_range_python_scalars"] if e["expr"] == expr
    )
    return entry["warnings"][0].removeprefix("UserWarning: ")


WARNED = [("int64", "jnp.array([1, 2, 3], dtype=jnp.int64)")]
WARNED += [("float64", "jnp.array([1., 2.], dtype=jnp.float64)")]


@pytest.mark.parametrize("requested,expr", WARNED)
def test_canonicalize_user_dtype_warns(requested, expr, x64):
    with pytest.warns(UserWarning) as record:
        out = dtypes.canonicalize_user_dtype(requested, "array")
    assert out == np.dtype(requested.replace("64", "32"))
    assert str(record[0].message).startswith(_recorded_warning(expr))
    x64(True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dtypes.canonicalize_user_dtype(requested, "array") == np.dtype(requested)
        assert dtypes.canonicalize_user_dtype(int) == np.dtype("int64")


def _overflow_params():
    binop = re.compile(r"jnp\.ones\(\(3,\), jnp\.(\w+)\) \+ \(?(-?[\d*]+)\)?")
    array = re.compile(r"jnp\.array\(([\d*]+)\)")
    for section in SECTIONS:
        for entry in PROMOTION[section]["out_of_range_python_scalars"]:
            if m := binop.fullmatch(entry["expr"]):
                value, path = eval(m.group(2), {"__builtins__": {}}), "y"  # literal int math
            elif m := array.fullmatch(entry["expr"]):
                value, path = eval(m.group(1), {"__builtins__": {}}), None
            else:
                continue
            yield pytest.param(section, value, path, entry, id=f"{section}:{entry['expr']}")


@pytest.mark.parametrize("section,value,path,entry", list(_overflow_params()))
def test_check_python_int_fits(section, value, path, entry, x64):
    x64(section == "x64_enabled")
    if "error" in entry:
        with pytest.raises(OverflowError) as info:
            dtypes.check_python_int_fits(value, arg_path=path)
        assert entry["error"] == "OverflowError" and str(info.value) == entry["message"]
    else:
        dtypes.check_python_int_fits(value, arg_path=path)


def test_check_python_int_fits_explicit_dtype(x64):
    dtypes.check_python_int_fits(2**32 - 1, np.uint32)
    with pytest.raises(OverflowError, match="Python int 256 too large to convert to uint8"):
        dtypes.check_python_int_fits(256, np.uint8)
    dtypes.check_python_int_fits(2**100, np.float32)  # only integer targets are checked
    x64(True)
    with pytest.raises(OverflowError, match="^Python int 9223372036854775808 too large to co"):
        dtypes.check_python_int_fits(2**63)
    dtypes.check_python_int_fits(2**40)
