"""JAX's dtype rules: supported dtypes, x64 canonicalization, weak types and type promotion.

Owns: `bfloat16`/`float0` and the ml_dtypes extras, the sets of supported dtypes, the default
dtypes (which follow `config.x64_enabled`, read at call time), `canonicalize_dtype`, weak-type
detection, JAX's promotion lattice (`promote_types`, `result_type`), `issubdtype`/`finfo`/
`iinfo`, user-dtype validation and the Python-int overflow check. Pure NumPy, no numjax imports
except the config.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import ml_dtypes
import numpy as np

from .config import config

# --- dtypes --------------------------------------------------------------------------------

bfloat16 = ml_dtypes.bfloat16
# Tangent dtype of int/bool primals: a structured dtype with one empty field.
float0 = np.dtype([("float0", np.void, 0)])

# The small floats and sub-byte ints JAX exposes (jnp.float8_e4m3fn, jnp.int4, ...).
float4_e2m1fn, float8_e3m4 = ml_dtypes.float4_e2m1fn, ml_dtypes.float8_e3m4
float6_e2m3fn, float6_e3m2fn = ml_dtypes.float6_e2m3fn, ml_dtypes.float6_e3m2fn
float8_e4m3, float8_e8m0fnu = ml_dtypes.float8_e4m3, ml_dtypes.float8_e8m0fnu
float8_e4m3b11fnuz, float8_e4m3fn = ml_dtypes.float8_e4m3b11fnuz, ml_dtypes.float8_e4m3fn
float8_e4m3fnuz, float8_e5m2 = ml_dtypes.float8_e4m3fnuz, ml_dtypes.float8_e5m2
float8_e5m2fnuz = ml_dtypes.float8_e5m2fnuz
int2, uint2 = ml_dtypes.int2, ml_dtypes.uint2
int4, uint4 = ml_dtypes.int4, ml_dtypes.uint4
int1, uint1 = getattr(ml_dtypes, "int1", None), getattr(ml_dtypes, "uint1", None)  # newer only

_D = np.dtype
bool_dtypes = (_D(bool),)
_small_signed = tuple(_D(t) for t in (int1, int2, int4) if t is not None)
_small_unsigned = tuple(_D(t) for t in (uint1, uint2, uint4) if t is not None)
signed_dtypes = _small_signed + tuple(_D(n) for n in ("int8", "int16", "int32", "int64"))
unsigned_dtypes = _small_unsigned + tuple(_D(n) for n in ("uint8", "uint16", "uint32", "uint64"))
int_dtypes = unsigned_dtypes + signed_dtypes
intn_dtypes = _small_signed + _small_unsigned  # sub-byte ints: no implicit promotion
_f8 = (float8_e3m4, float8_e4m3, float8_e8m0fnu, float8_e4m3b11fnuz, float8_e4m3fn)
float8_dtypes = tuple(_D(t) for t in _f8 + (float8_e4m3fnuz, float8_e5m2, float8_e5m2fnuz))
float6_dtypes = (_D(float6_e2m3fn), _D(float6_e3m2fn))
float4_dtypes = (_D(float4_e2m1fn),)
# Floats that NumPy does not know as np.floating subclasses.
custom_float_dtypes = float4_dtypes + float6_dtypes + float8_dtypes + (_D(bfloat16),)
float_dtypes = custom_float_dtypes + (_D("float16"), _D("float32"), _D("float64"))
complex_dtypes = (_D("complex64"), _D("complex128"))
# NumPy >= 2 only: with NumPy 1.26 there is no StringDType, so it simply is not supported.
_string_dtype_type = getattr(np.dtypes, "StringDType", None)
string_dtype = _string_dtype_type() if _string_dtype_type is not None else None
# Everything a JAX array may hold (StringDType and float0 hold data but do not promote).
supported_dtypes = frozenset(
    {float0, *bool_dtypes, *int_dtypes, *float_dtypes, *complex_dtypes}
    | ({string_dtype} if string_dtype is not None else set())
)

_INT_SET = frozenset(int_dtypes)
_UNSIGNED_SET = frozenset(unsigned_dtypes)
_FLOAT_SET = frozenset(float_dtypes)
_COMPLEX_SET = frozenset(complex_dtypes)
_INEXACT_SET = _FLOAT_SET | _COMPLEX_SET
_CUSTOM_FLOAT_TYPES = frozenset(d.type for d in custom_float_dtypes)
_SMALL_SIGNED_TYPES = frozenset(d.type for d in _small_signed)
_SMALL_UNSIGNED_TYPES = frozenset(d.type for d in _small_unsigned)

# --- defaults and canonicalization ---------------------------------------------------------

_TO_32 = {_D("int64"): _D("int32"), _D("uint64"): _D("uint32")}
_TO_32.update({_D("float64"): _D("float32"), _D("complex128"): _D("complex64")})
_PY_TYPES = (bool, int, float, complex)
# Default dtype per Python scalar type, indexed by the x64 flag.
_PY_DEFAULT = {
    False: {bool: _D(bool), int: _D("int32"), float: _D("float32"), complex: _D("complex64")},
    True: {bool: _D(bool), int: _D("int64"), float: _D("float64"), complex: _D("complex128")},
}
_DEFAULT_UINT = {False: _D("uint32"), True: _D("uint64")}


def default_int_dtype() -> np.dtype:
    return _PY_DEFAULT[config.x64_enabled][int]


def default_uint_dtype() -> np.dtype:
    return _DEFAULT_UINT[config.x64_enabled]


def default_float_dtype() -> np.dtype:
    return _PY_DEFAULT[config.x64_enabled][float]


def default_complex_dtype() -> np.dtype:
    return _PY_DEFAULT[config.x64_enabled][complex]


def _default_for_kind(dt: np.dtype, x64: bool) -> np.dtype:
    """Default dtype of `dt`'s kind (weak results take it); custom floats count as floats."""
    if dt in _UNSIGNED_SET:
        return _DEFAULT_UINT[x64]
    typ = int if dt in _INT_SET else float if dt in _FLOAT_SET else complex
    return _PY_DEFAULT[x64][bool if dt == np.bool_ else typ]


def canonicalize_dtype(dtype: Any) -> np.dtype:
    """np.dtype(dtype), with 64-bit types narrowed to 32 bits unless x64 is enabled.

    Python `int`/`float`/`complex`/`bool` mean JAX's default dtypes; None means float.
    """
    x64 = config.x64_enabled
    if isinstance(dtype, type) and dtype in _PY_DEFAULT[x64]:
        return _PY_DEFAULT[x64][dtype]
    dt = dtype if isinstance(dtype, np.dtype) else np.dtype(dtype)
    return dt if x64 else _TO_32.get(dt, dt)


def is_python_scalar(x: Any) -> bool:
    """True for instances of exactly bool/int/float/complex (not NumPy scalars)."""
    return type(x) in _PY_TYPES


def python_scalar_dtype(x: Any) -> np.dtype:
    """Canonical dtype of a Python scalar (or of a NumPy scalar/array)."""
    t = type(x)
    if t in _PY_TYPES:
        return _PY_DEFAULT[config.x64_enabled][t]
    return canonicalize_dtype(np.result_type(x))


def is_weakly_typed(x: Any) -> bool:
    """Python int/float/complex are weak (bool never is); otherwise the `weak_type` flag."""
    if type(x) in (int, float, complex):
        return True
    weak = getattr(x, "weak_type", None)
    if weak is None:
        weak = getattr(getattr(x, "aval", None), "weak_type", False)
    return bool(weak)


def _dtype_and_weak(x: Any, x64: bool) -> tuple[np.dtype, bool]:
    """(canonical dtype, weak flag) of a value, dtype or type, as promotion sees it."""
    t = type(x)
    if t in _PY_TYPES:
        return _PY_DEFAULT[x64][t], t is not bool
    weak = False
    if isinstance(x, np.dtype):
        dt = x
    elif isinstance(x, type):
        if x in _PY_DEFAULT[x64]:  # the types int/float/complex are weak, bool is not
            return _PY_DEFAULT[x64][x], x is not bool
        dt = np.dtype(x)
        if issubclass(x, np.generic):  # NumPy scalar types are taken as they are (like JAX)
            return (dt if x64 else _TO_32.get(dt, dt)), False
    elif t is str:
        dt = np.dtype(x)
    else:
        dt = getattr(x, "dtype", None)
        if dt is None:  # tracers may only carry an aval
            dt = getattr(getattr(x, "aval", None), "dtype", None)
        if not isinstance(dt, np.dtype):
            try:
                dt = np.result_type(x)
            except TypeError as err:
                raise TypeError(f"Cannot determine dtype of {x}") from err
        weak = is_weakly_typed(x)
    if dt not in supported_dtypes:
        raise TypeError(
            f"Value '{x}' with dtype {dt} is not a valid JAX array type. "
            "Only arrays of numeric types are supported by JAX."
        )
    return (dt if x64 else _TO_32.get(dt, dt)), weak


def dtype_of(x: Any) -> np.dtype:
    """Canonical dtype of a Python scalar, type, dtype, NumPy value or object with `.dtype`."""
    if x is None:
        raise ValueError(f"Invalid argument to dtype: {x}.")
    return _dtype_and_weak(x, config.x64_enabled)[0]


# jnp.dtype is NumPy's dtype class (no canonicalization: jnp.dtype(int) is int64).
dtype = np.dtype


def _member_test(group: frozenset) -> Callable[[Any], bool]:
    def test(dt: Any) -> bool:
        return (dt if isinstance(dt, np.dtype) else np.dtype(dt)) in group

    return test


# Fast dtype predicates (set lookups); they accept anything np.dtype accepts.
is_bool = _member_test(frozenset(bool_dtypes))
is_int = _member_test(_INT_SET)  # signed or unsigned, sub-byte included, bool excluded
is_unsigned = _member_test(_UNSIGNED_SET)
is_float = _member_test(_FLOAT_SET)  # real floats, bfloat16 and 4/6/8-bit floats included
is_complex = _member_test(_COMPLEX_SET)
is_inexact = _member_test(_INEXACT_SET)


# --- issubdtype, finfo, iinfo --------------------------------------------------------------


def _scalar_type(x: Any) -> type:
    if isinstance(x, type) and issubclass(x, np.generic):
        return x
    if not isinstance(x, (type, np.dtype, str)) and isinstance(getattr(x, "dtype", None), _D):
        return x.dtype.type
    return np.dtype(x).type


@functools.lru_cache(maxsize=512)
def _issubdtype_types(a: type, b: type) -> bool:
    # ml_dtypes scalar types sit outside NumPy's hierarchy: place them by hand.
    if a in _CUSTOM_FLOAT_TYPES:
        return b in (a, np.floating, np.inexact, np.number, np.generic)
    if a in _SMALL_SIGNED_TYPES:
        return b in (a, np.signedinteger, np.integer, np.number, np.generic)
    if a in _SMALL_UNSIGNED_TYPES:
        return b in (a, np.unsignedinteger, np.integer, np.number, np.generic)
    return bool(np.issubdtype(a, b))


class extended(np.generic):
    """Scalar type above the dtypes NumPy does not have (JAX's `jax.dtypes.extended`)."""


class prng_key(extended):
    """Scalar type of typed PRNG keys: `jnp.issubdtype(key.dtype, jax.dtypes.prng_key)`."""


def _is_key_dtype(x: Any) -> bool:
    return not isinstance(x, (type, np.dtype)) and str(x).startswith("key<")


def issubdtype(a: Any, b: Any) -> bool:
    """jnp.issubdtype: np.issubdtype that also knows bfloat16, the small floats/ints, float0
    and the typed-key dtype (a subtype of `prng_key` and `extended`)."""
    if _is_key_dtype(a):
        return _is_key_dtype(b) and str(a) == str(b) or b in (prng_key, extended, np.generic)
    if _is_key_dtype(b):
        return False
    return _issubdtype_types(_scalar_type(a), _scalar_type(b))


def scalar_type_of(x: Any) -> type:
    """The Python scalar type (bool, int, float or complex) that holds values of `x`'s dtype."""
    dt = dtype_of(x)
    for py, test in ((bool, is_bool), (int, is_int), (float, is_float), (complex, is_complex)):
        if test(dt):
            return py
    raise TypeError(f"Invalid scalar value {x}")


def itemsize_bits(dtype: Any) -> int:
    """Bits one element of `dtype` occupies (4 for int4, 8 for bool), without canonicalizing."""
    if dtype is None:
        raise ValueError("dtype cannot be None.")
    if _is_key_dtype(dtype):
        raise ValueError(f"unexpected input: dtype={dtype}")
    dt = np.dtype(dtype)
    if dt in _INT_SET and dt.itemsize == 1:
        return int(iinfo(dt).bits)
    if dt in _FLOAT_SET and dt.itemsize == 1:
        return int(finfo(dt).bits)
    return dt.itemsize * 8


# jnp.finfo / jnp.iinfo are ml_dtypes' versions (they handle bfloat16, float8, int4, ...).
finfo = ml_dtypes.finfo
iinfo = ml_dtypes.iinfo
if np.lib.NumpyVersion(np.__version__) < "2.0.0":
    # NumPy 1.x's np.dtype() rejects arrays, which NumPy 2 (and so JAX) reads by .dtype.
    def _info_arg(x: Any) -> Any:
        dtype = None if isinstance(x, type) else getattr(x, "dtype", None)
        return dtype if isinstance(dtype, np.dtype) else x

    def finfo(dtype: Any) -> ml_dtypes.finfo:
        """jnp.finfo: ml_dtypes.finfo, also accepting arrays on NumPy 1.x."""
        return ml_dtypes.finfo(_info_arg(dtype))

    def iinfo(int_type: Any) -> ml_dtypes.iinfo:
        """jnp.iinfo: ml_dtypes.iinfo, also accepting arrays on NumPy 1.x."""
        return ml_dtypes.iinfo(_info_arg(int_type))

_INT_RANGE = {d: (int(iinfo(d).min), int(iinfo(d).max)) for d in int_dtypes}

# --- promotion lattice ---------------------------------------------------------------------

_WEAK_INT, _WEAK_FLOAT, _WEAK_COMPLEX = "int*", "float*", "complex*"
_WEAK_NODES = frozenset((_WEAK_INT, _WEAK_FLOAT, _WEAK_COMPLEX))
_WEAK_NODE_PY = {_WEAK_INT: int, _WEAK_FLOAT: float, _WEAK_COMPLEX: complex}
_PY_WEAK_NODE = {int: _WEAK_INT, float: _WEAK_FLOAT, complex: _WEAK_COMPLEX}
_NODE_DTYPE = {d.name: d for d in bool_dtypes + int_dtypes + float_dtypes + complex_dtypes}
# Node a weakly typed value of each dtype promotes as (bool is never weak).
_WEAK_NODE_OF = {d: _WEAK_INT for d in int_dtypes} | {d: _WEAK_FLOAT for d in float_dtypes}
_WEAK_NODE_OF |= {d: _WEAK_COMPLEX for d in complex_dtypes} | {_D(bool): "bool"}
_STRONG_NODE_OF = {d: d.name for d in _NODE_DTYPE.values()}


# JAX 0.10.2's "standard" lattice: each node -> its immediately greater nodes ('*' = weak).
# A result is weak when the join lands on a weak node (so uint64 + int8 -> weak float64).
_EDGES = (
    "bool>int* int*>uint8,int8 uint8>int16,uint16 uint16>int32,uint32 uint32>int64,uint64 "
    "uint64>float* int8>int16 int16>int32 int32>int64 int64>float* float*>float16,complex* "
    "bfloat16>float32 float16>float32 float32>float64,complex64 float64>complex128 "
    "complex*>complex64 complex64>complex128"
)


def _upper_bounds(x64: bool) -> dict[str, frozenset]:
    edges = {name: [] for name in _NODE_DTYPE}
    edges.update((k, v.split(",")) for k, v in (e.split(">") for e in _EDGES.split()))
    edges[_WEAK_INT] += [d.name for d in intn_dtypes]  # sub-byte ints: only weak ints join
    edges[_WEAK_FLOAT] += [d.name for d in custom_float_dtypes]
    if not x64:  # x64 off: uint32 with a signed int gives int32, never int64
        edges["uint32"] = ["int32", "uint64"]

    def ub(node: str) -> frozenset:
        return frozenset({node}).union(*(ub(up) for up in edges[node]))

    return {node: ub(node) for node in edges}


_UPPER_BOUNDS = {False: _upper_bounds(False), True: _upper_bounds(True)}


class TypePromotionError(ValueError):
    """Raised when JAX type promotion fails."""


@functools.lru_cache(maxsize=4096)
def _join(x64: bool, a: str, b: str) -> str | None:
    """Least upper bound of two lattice nodes, or None when they have no common bound."""
    ubs = _UPPER_BOUNDS[x64]
    common = ubs[a] & ubs[b]
    least = [c for c in common if common <= ubs[c]]
    return least[0] if least else None


# Dtype groups that never promote implicitly, in the order JAX names them in its error.
_NO_PROMOTION = (
    (float8_dtypes, "8-bit floats", "float32"),
    (float6_dtypes, "6-bit floats", "float32"),
    (float4_dtypes, "4-bit floats", "float32"),
    (intn_dtypes, "1-bit, 2-bit and 4-bit integers", "int32"),
)


def _no_path_error(nodes: list[str]) -> TypePromotionError:
    names = tuple(str(_WEAK_NODE_PY[n]) if n in _WEAK_NODES else n for n in nodes)
    msg = f"Input dtypes {names} have no available implicit dtype promotion path."
    for group, what, target in _NO_PROMOTION:
        if any(_NODE_DTYPE.get(n) in group for n in nodes):
            return TypePromotionError(
                f"{msg} To avoid unintended promotion, {what} do not support implicit "
                "promotion. If you'd like your inputs to be promoted to another type, you can "
                f"do so explicitly using e.g. x.astype('{target}')"
            )
    return TypePromotionError(msg + " Try explicitly casting inputs to the desired output type.")


def _node(dt: np.dtype, weak: bool) -> str:
    """Lattice node of a (dtype, weak) operand; ValueError for dtypes outside the lattice."""
    node = _WEAK_NODE_OF.get(dt) if weak else _STRONG_NODE_OF.get(dt)
    if node is None:
        raise ValueError(f"dtype={dt!r} is not a valid dtype for JAX type promotion.")
    return node


def _join_all(x64: bool, nodes: list[str]) -> str:
    out = nodes[0]
    for node in nodes[1:]:
        out = _join(x64, out, node)
        if out is None:
            raise _no_path_error(list(dict.fromkeys(nodes)))
    return out


def promote_types(a: Any, b: Any) -> np.dtype:
    """jnp.promote_types: the lattice join of two dtypes (no x64 narrowing of the inputs).

    The Python types int/float/complex act as weak types: promote_types('uint8', int) is uint8.
    """
    # (`t in _PY_WEAK_NODE` alone is wrong: np.dtype('int64') == int is True.)
    weak = _PY_WEAK_NODE
    nodes = [weak[t] if type(t) is type and t in weak else _node(_D(t), False) for t in (a, b)]
    out = _join_all(config.x64_enabled, nodes)
    return np.dtype(_WEAK_NODE_PY[out]) if out in _WEAK_NODES else _NODE_DTYPE[out]


@functools.lru_cache(maxsize=4096)
def _result_from_keys(x64: bool, keys: tuple) -> tuple[np.dtype, bool]:
    """result_type for canonical (dtype, weak) pairs."""
    dts = [d for d, _ in keys]
    all_weak = all(w for _, w in keys)
    if len(keys) == 1:
        out, weak = keys[0]
    elif len(set(dts)) == 1 and not all_weak:
        out, weak = dts[0], False  # trivial case; lets float0/strings through
    else:
        # All weak: join the strong counterparts, then mark the result weak.
        nodes = [_node(d, w and not all_weak) for d, w in keys]
        joined = _join_all(x64, nodes)
        weak = all_weak or joined in _WEAK_NODES
        if joined in _WEAK_NODES:
            out = _PY_DEFAULT[x64][_WEAK_NODE_PY[joined]]
        else:
            out = _NODE_DTYPE[joined]
            out = out if x64 else _TO_32.get(out, out)
    if out == np.bool_:
        weak = False
    if weak:
        out = _default_for_kind(out, x64)
    return out, weak


def result_type(*args: Any, return_weak_type_flag: bool = False) -> Any:
    """JAX's result dtype for operands: Python scalars, dtypes/types, arrays, `.dtype` objects.

    Returns a dtype, or `(dtype, weak_type)` when `return_weak_type_flag` is True.
    """
    if not args:
        raise ValueError("at least one array or dtype is required")
    x64 = config.x64_enabled
    keys = tuple(
        (_PY_DEFAULT[x64][float], False) if a is None else _dtype_and_weak(a, x64) for a in args
    )
    out = _result_from_keys(x64, keys)
    return out if return_weak_type_flag else out[0]


# --- user dtypes and Python ints -----------------------------------------------------------


def check_user_dtype_supported(dtype: Any, fun_name: str | None = None) -> None:
    """Raises TypeError (JAX's wording) when `dtype` is not one a JAX array can hold."""
    if dtype is None or (isinstance(dtype, type) and dtype in _PY_TYPES):
        return
    if not isinstance(dtype, (type, str, np.dtype)) and hasattr(dtype, "shape"):
        raise ValueError(
            "Passing an array as a dtype argument is no longer supported; "
            "instead of dtype=arr use dtype=arr.dtype."
        )
    if np.dtype(dtype) not in supported_dtypes:
        where = f" in {fun_name}" if fun_name else ""
        raise TypeError(
            f"JAX only supports number, bool, and string dtypes, got dtype {dtype}{where}"
        )


def canonicalize_user_dtype(dtype: Any, fun_name: str | None = None) -> np.dtype:
    """Validates an explicitly requested dtype and returns its canonical form.

    Python types map to the defaults; a 64-bit request with x64 off warns like JAX and narrows.
    """
    if dtype is None:
        raise ValueError("dtype must be specified.")
    check_user_dtype_supported(dtype, fun_name)
    if isinstance(dtype, type) and dtype in _PY_TYPES:
        return _PY_DEFAULT[config.x64_enabled][dtype]
    dt = np.dtype(dtype)
    canon = canonicalize_dtype(dt)
    if canon != dt:
        where = f" requested in {fun_name}" if fun_name else ""
        warnings.warn(
            f"Explicitly requested dtype {dt}{where} is not available, and will be truncated "
            f"to dtype {canon.name}. To enable more dtypes, set the jax_enable_x64 "
            "configuration option or the JAX_ENABLE_X64 shell environment variable. "
            "See https://github.com/jax-ml/jax#current-gotchas for more.",
            stacklevel=3,
        )
    return canon


def check_python_int_fits(value: int, dtype: Any = None, arg_path: str | None = None) -> None:
    """Raises OverflowError like JAX when a Python int does not fit `dtype`.

    `dtype` defaults to the default int dtype (int32, or int64 under x64): that is the range
    JAX checks for a Python int operand of a binary op, whatever the other operand's dtype
    (`f32_array + 2**40` raises with x64 off). Pass `arg_path` ("x"/"y") for the message JAX
    gives for op operands; without it the message is jnp.array's.
    """
    dt = default_int_dtype() if dtype is None else canonicalize_dtype(dtype)
    if type(value) is bool or dt not in _INT_SET:
        return
    lo, hi = _INT_RANGE[dt]
    if lo <= value <= hi:
        return
    if arg_path is not None:
        raise OverflowError(
            "An overflow was encountered while parsing an argument to a jitted computation, "
            f"whose argument path is {arg_path}. Got <class 'int'> with value {value}"
        )
    raise OverflowError(f"Python int {value} too large to convert to {dt}")
