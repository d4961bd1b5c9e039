"""Tests for numjax._src.printing against the JAX 0.10.2 reference in tests/printing.json.

Array values are rebuilt from each entry's JAX expression with a small NumPy-backed
evaluation namespace (JAX's default dtypes for the section's x64 setting), then rendered
with array_str / array_repr / format_value / scalar_conversion and compared exactly.
"""

from __future__ import annotations

import json
import math
import pathlib
import types

import ml_dtypes
import numpy as np
import pytest

from numjax._src.printing import array_repr, array_str, format_value, scalar_conversion

_REF = json.loads((pathlib.Path(__file__).parent / "printing.json").read_text())
_SECTIONS = ("x64_disabled", "x64_enabled")

# The NumPy-backed reference namespace computes these with NumPy's own scalar promotion,
# which only follows JAX (NEP 50: Python scalars are weak) from NumPy 2 on.
_NUMPY1 = np.lib.NumpyVersion(np.__version__) < "2.0.0"
_NEP50_EXPRS = {"jnp.float32(1.0) / 3"}
_NEP50_REASON = "reference value needs NumPy 2 (NEP 50) scalar promotion in the test namespace"
_TYPED_KEY_REASON = "typed PRNG key arrays (key<fry> dtype) come with numjax.random"
_CONTAINER_REASON = "needs numjax.Array"


# --------------------------------------------------------------------------- eval namespace


class _Weak(np.ndarray):
    """Marks the result of jnp.array(<python scalar>) as weakly typed."""


def _make_namespace(x64: bool) -> dict:
    narrow = {} if x64 else {np.dtype(np.float64): np.float32, np.dtype(np.int64): np.int32}
    narrow.update({} if x64 else {np.dtype(np.complex128): np.complex64})

    def canon(a: np.ndarray) -> np.ndarray:
        return a.astype(narrow[a.dtype]) if a.dtype in narrow else a

    def array(obj, dtype=None):
        if dtype is not None:
            return np.array(obj, dtype=dtype)
        out = canon(np.array(obj))
        # Python int/float/complex scalars give weakly typed arrays (bool does not).
        if isinstance(obj, (int, float, complex)) and not isinstance(obj, bool):
            out = out.view(_Weak)
        return out

    def arange(*args, dtype=None):
        out = np.arange(*args)
        return out.astype(dtype) if dtype is not None else canon(out)

    def filled(fill):
        def make(shape, dtype=None):
            return np.full(shape, fill, dtype=dtype if dtype is not None else canon_float)

        return make

    canon_float = np.float64 if x64 else np.float32

    def prng_key(seed):
        # Legacy threefry key: the seed's high and low 32-bit words.
        seed = int(seed) if x64 else int(np.int32(seed))
        return np.array([(seed >> 32) & 0xFFFFFFFF, seed & 0xFFFFFFFF], dtype=np.uint32)

    jnp = types.SimpleNamespace(
        array=array,
        arange=arange,
        zeros=filled(0),
        ones=filled(1),
        nan=np.nan,
        inf=np.inf,
        bool_=np.bool_,
        int8=np.int8,
        int32=np.int32,
        int64=np.int64,
        uint8=np.uint8,
        uint32=np.uint32,
        float16=np.float16,
        float32=np.float32,
        float64=np.float64,
        bfloat16=ml_dtypes.bfloat16,
        complex64=np.complex64,
        complex128=np.complex128,
    )
    jax = types.SimpleNamespace(random=types.SimpleNamespace(PRNGKey=prng_key))
    return {"jnp": jnp, "jax": jax}


_NAMESPACES = {s: _make_namespace(_REF[s]["config"]["jax_enable_x64"]) for s in _SECTIONS}


# XLA on CPU divides float32 by a constant as a multiply by its float32 reciprocal, so the
# reference holds e.g. 3/7 -> 0.42857146 (correctly rounded: 0.42857143). Printing is what is
# under test here, so rebuild those values the way XLA computed them.
_VALUE_OVERRIDES = {
    ("x64_disabled", "jnp.arange(20.) / 7"): (
        "jnp.arange(20.) * (jnp.float32(1) / jnp.float32(7))"
    ),
}


def _eval(section: str, expr: str) -> tuple[np.ndarray, bool]:
    """Value (plain ndarray) and weak_type of a reference expression."""
    expr = _VALUE_OVERRIDES.get((section, expr), expr)
    out = eval(expr, dict(_NAMESPACES[section]))  # trusted reference expressions
    return np.asarray(out).view(np.ndarray), isinstance(out, _Weak)


def _is_typed_key(expr: str) -> bool:
    return "random.key" in expr


def _entries(kind: str, key: str):
    params = []
    for section in _SECTIONS:
        for i, entry in enumerate(_REF[section][kind]):
            ident = f"{section}-{i}-{entry[key]}"
            if "code" in entry and kind != "arrays":
                ident += f"-{entry['code']}"
            params.append(pytest.param(section, entry, id=ident))
    return params


# --------------------------------------------------------------------------- arrays


@pytest.mark.parametrize("section,entry", _entries("arrays", "expr"))
def test_array_str_repr(section, entry):
    if _is_typed_key(entry["expr"]):
        pytest.skip(_TYPED_KEY_REASON)
    if _NUMPY1 and entry["expr"] in _NEP50_EXPRS:
        pytest.skip(_NEP50_REASON)
    value, weak = _eval(section, entry["expr"])
    assert value.dtype.name == entry["dtype"]
    assert weak == entry["weak_type"], "evaluation namespace disagrees on weak_type"
    assert array_str(value) == entry["str"]
    assert array_repr(value, entry["weak_type"]) == entry["repr"]


def test_reference_is_complete():
    # Guard against a silently shrinking reference.
    assert len(_REF["x64_disabled"]["arrays"]) == 56
    assert len(_REF["x64_enabled"]["arrays"]) == 14


@pytest.mark.parametrize("section,entry", _entries("print_containers", "expr"))
def test_print_containers(section, entry):
    pytest.skip(_CONTAINER_REASON)


# --------------------------------------------------------------------------- format


@pytest.mark.parametrize("section,entry", _entries("format", "x"))
def test_format(section, entry):
    value, weak = _eval(section, entry["x"])
    spec = entry["format_spec"]
    # f'{x!r}' / f'{x!s}' are Python conversions: format(repr(x)) / format(str(x)).
    if spec == "!r":
        assert array_repr(value, weak) == entry["result"]
        return
    if spec == "!s":
        assert array_str(value) == entry["result"]
        return
    if "error" in entry:
        with pytest.raises(Exception) as info:
            format_value(value, spec)
        assert type(info.value).__name__ == entry["error"]
        assert str(info.value) == entry["message"]
    else:
        assert format_value(value, spec) == entry["result"]


# --------------------------------------------------------------------------- conversions

_CODE_TO_KIND = {
    "float(x)": "float",
    "int(x)": "int",
    "complex(x)": "complex",
    "bool(x)": "bool",
    "operator.index(x)": "index",
    "x.item()": "item",
    "x.tolist()": "tolist",
}


def _type_name(obj) -> str:
    # Mirrors the reference's "list[list[int]]" style description.
    if isinstance(obj, (list, tuple)):
        inner = _type_name(obj[0]) if obj else ""
        return f"{type(obj).__name__}[{inner}]"
    return type(obj).__name__


def _same_repr(got, expected: str) -> bool:
    if isinstance(got, float) and math.isnan(got):
        return expected == "nan"
    return repr(got) == expected


@pytest.mark.parametrize("section,entry", _entries("conversions", "x"))
def test_conversions(section, entry):
    code = entry["code"]
    if code in ("list(x)", "tuple(x)"):
        pytest.skip(_CONTAINER_REASON)
    value, _ = _eval(section, entry["x"])
    if code == "x[0].item()":
        value, code = value[0], "x.item()"
    kind = _CODE_TO_KIND[code]
    if "error" in entry:
        with pytest.raises(Exception) as info:
            scalar_conversion(value, kind)
        assert type(info.value).__name__ == entry["error"]
        assert str(info.value) == entry["message"]
    else:
        got = scalar_conversion(value, kind)
        assert _same_repr(got, entry["result_repr"])
        assert _type_name(got) == entry["result_type"]


# --------------------------------------------------------------------------- extra cases
# Outputs below were checked by hand against JAX 0.10.2 (x64 disabled).


def test_repr_summarised_float_2d():
    value = np.arange(1001.0, dtype=np.float32).reshape(7, 143)
    assert array_repr(value, False) == (
        "Array([[   0.,    1.,    2., ...,  140.,  141.,  142.],\n"
        "       [ 143.,  144.,  145., ...,  283.,  284.,  285.],\n"
        "       [ 286.,  287.,  288., ...,  426.,  427.,  428.],\n"
        "       ...,\n"
        "       [ 572.,  573.,  574., ...,  712.,  713.,  714.],\n"
        "       [ 715.,  716.,  717., ...,  855.,  856.,  857.],\n"
        "       [ 858.,  859.,  860., ...,  998.,  999., 1000.]], dtype=float32)"
    )


def test_repr_pad_rule_float_columns():
    value = np.arange(17.0, dtype=np.float32) * np.float32(1.123456789)
    assert array_repr(value, False) == (
        "Array([ 0.       ,  1.1234568,  2.2469137,  3.3703704,  4.4938273,\n"
        "        5.6172843,  6.740741 ,  7.8641977,  8.987655 , 10.111112 ,\n"
        "       11.234569 , 12.358026 , 13.481482 , 14.6049385, 15.728395 ,\n"
        "       16.851852 , 17.97531  ], dtype=float32)"
    )


def test_repr_int32_wide_values():
    value = (np.arange(12, dtype=np.int64).reshape(2, 6) * 10**9).astype(np.int32)
    assert array_repr(value, False) == (
        "Array([[          0,  1000000000,  2000000000, -1294967296,  -294967296,\n"
        "          705032704],\n"
        "       [ 1705032704, -1589934592,  -589934592,   410065408,  1410065408,\n"
        "        -1884901888]], dtype=int32)"
    )


def test_small_and_large_floats_use_scientific():
    value = np.array([1e-8, 1.0, 1e8], dtype=np.float32)
    assert array_repr(value, False) == "Array([1.e-08, 1.e+00, 1.e+08], dtype=float32)"


def test_bfloat16_scalar_and_empty():
    value = np.array(2.5, dtype=ml_dtypes.bfloat16)
    assert array_repr(value, False) == "Array(2.5, dtype=bfloat16)"
    assert array_str(value) == "2.5"
    assert format_value(value, "") == "2.5"
    assert format_value(value, ".2f") == "2.50"
    empty = np.zeros((0, 3), dtype=ml_dtypes.bfloat16)
    assert array_repr(empty, False) == "Array([], shape=(0, 3), dtype=bfloat16)"


def test_weak_type_suffix_counts_towards_pad_rule():
    # 'weak_type=True' lengthens the suffix, so the 6-space gap kicks in earlier.
    ones = "1, " * 14 + "1]"
    value = np.ones(15, np.int32)
    assert array_repr(value, False) == f"Array([{ones}, dtype=int32)"
    assert array_repr(value, True) == f"Array([{ones},      dtype=int32, weak_type=True)"
    assert array_repr(value[:14], True) == f"Array([{ones[3:]}, dtype=int32, weak_type=True)"
    value = np.arange(17, dtype=np.int32)
    assert array_repr(value, False) == (
        "Array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16],      "
        "dtype=int32)"
    )


def test_respects_numpy_printoptions():
    value = np.arange(12.0, dtype=np.float32) / np.float32(7)
    with np.printoptions(precision=3, linewidth=40):
        assert array_repr(value, False) == (
            "Array([0.   , 0.143, 0.286, 0.429,\n"
            "       0.571, 0.714, 0.857, 1.   ,\n"
            "       1.143, 1.286, 1.429, 1.571],      dtype=float32)"
        )
        assert array_str(value) == (
            "[0.    0.143 0.286 0.429 0.571 0.714\n 0.857 1.    1.143 1.286 1.429 1.571]"
        )


def test_format_more():
    assert format_value(np.zeros((0,), np.float32), "") == "[]"
    assert format_value(np.array(7, np.int32), ">4") == "   7"
    assert format_value(np.array([[1, 2]], np.int32), "") == "[[1 2]]"


@pytest.mark.parametrize(
    "value,kind,error,message",
    [
        (
            np.zeros((0,), np.float32),
            "bool",
            ValueError,
            (
                "The truth value of an empty array is ambiguous. Use `array.size > 0` to check"
                " that an array is not empty."
            ),
        ),
        (
            np.array(7.0, np.float32),
            "index",
            TypeError,
            "Only integer scalar arrays can be converted to a scalar index.",
        ),
        (
            np.array([7], np.int32),
            "index",
            TypeError,
            "Only integer scalar arrays can be converted to a scalar index.",
        ),
        (
            np.array([1], np.int32),
            "hex",
            TypeError,
            "Only integer scalar arrays can be converted to a scalar index.",
        ),
        (
            np.array([[1]], np.int32),
            "int",
            TypeError,
            "Only scalar arrays can be converted to Python scalars; got arr.ndim=2",
        ),
        (
            np.array([1.0], np.float32),
            "complex",
            TypeError,
            "Only scalar arrays can be converted to Python scalars; got arr.ndim=1",
        ),
        (
            np.zeros((0,), np.float32),
            "item",
            ValueError,
            "can only convert an array of size 1 to a Python scalar",
        ),
        (np.array(1, np.int32), "nope", ValueError, "unknown conversion kind 'nope'"),
    ],
)
def test_conversion_errors_more(value, kind, error, message):
    with pytest.raises(error) as info:
        scalar_conversion(value, kind)
    assert str(info.value).startswith(message)


def test_conversions_more():
    assert scalar_conversion(np.array(42, np.int32), "hex") == "0x2a"
    assert scalar_conversion(np.array(42, np.int32), "oct") == "0o52"
    assert scalar_conversion(np.array(-5, np.int32), "hex") == "-0x5"
    assert scalar_conversion(np.array([[0]], np.int32), "bool") is False
    assert scalar_conversion(np.array([[1, 2], [3, 4]], np.int32), "item", 3) == 4


def test_numpy2_float_notation_on_any_numpy():
    # Recorded from JAX 0.10.2 (NumPy 2.4): float16/float32 switch to scientific notation
    # from 1e3/1e6, which NumPy 1.x only does from 1e8 (arrays) or 1e16 (scalars).
    import numjax.numpy as jnp

    a = np.array([2e6, 1.5], np.float32)
    assert array_str(a) == "[2.0e+06 1.5e+00]"
    assert array_repr(a) == "Array([2.0e+06, 1.5e+00], dtype=float32)"
    h = np.array([1e3, 7.0], np.float16)
    assert array_str(h) == "[1.e+03 7.e+00]"
    assert array_repr(h) == "Array([1.e+03, 7.e+00], dtype=float16)"
    assert jnp.array_str(a, precision=2) == "[2.0e+06 1.5e+00]"
    assert jnp.array_repr(h) == "array([1.e+03, 7.e+00], dtype=float16)"
    assert jnp.array_str(jnp.float32(1e10)) == "1e+10"
    assert array_str(np.array(1e7 + 1j, np.complex64)) == "(1e+07+1j)"
    assert array_str(np.array(1e3, np.float16)) == "1e+03"
