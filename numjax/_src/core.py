"""The tracing core: abstract values, primitives with their rule slots, traces and tracers.

Owns: `ShapedArray`, `Primitive` (and `bind`), `Trace`/`Tracer`, the thread-local current
trace, and the eager path. Invariants:
- Every array operation is `prim.bind(*args, **params)`. With no current trace, bind runs
  `prim.impl` on NumPy values (the eager fast path); otherwise the current trace
  interprets the primitive with one of its rules.
- A trace keeps the trace that was current when it started (`parent`) and runs rules under
  it. A tracer belongs to its trace by identity; to any other trace it is a constant, which
  is only legal when its trace is an ancestor of the current one (else it escaped).
Must not import interpreters, lax, jit or numpy-layer modules.
"""

from __future__ import annotations

import re
import threading

import numpy as np

from . import dtypes
from .array import Array
from .errors import (
    DOCS,
    ConcretizationTypeError,
    TracerArrayConversionError,
    TracerBoolConversionError,
    TracerIntegerConversionError,
    UnexpectedTracerError,
)

# ---------------------------------------------------------------------------------------------
# Abstract values


class ShapedArray:
    """The abstract value of an array: shape, dtype and JAX's weak-type bit. Immutable."""

    __slots__ = ("dtype", "shape", "weak_type")

    def __init__(self, shape: tuple, dtype, weak_type: bool = False):
        self.shape = tuple(shape)
        self.dtype = np.dtype(dtype)
        self.weak_type = bool(weak_type)

    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape, dtype=np.int64)))

    def update(self, shape=None, dtype=None, weak_type=None) -> ShapedArray:
        return ShapedArray(
            self.shape if shape is None else shape,
            self.dtype if dtype is None else dtype,
            self.weak_type if weak_type is None else weak_type,
        )

    def strip_weak_type(self) -> ShapedArray:
        return self.update(weak_type=False) if self.weak_type else self

    def __eq__(self, other):
        return (
            type(other) is ShapedArray
            and self.shape == other.shape
            and self.dtype == other.dtype
            and self.weak_type == other.weak_type
        )

    def __hash__(self):
        return hash((self.shape, self.dtype, self.weak_type))

    def str_short(self) -> str:
        """JAX's short form, e.g. `f32[3,4]`."""
        return f"{_short_name(self.dtype)}[{','.join(map(str, self.shape))}]"

    def __repr__(self):
        weak = ", weak_type=True" if self.weak_type else ""
        return f"ShapedArray({self.dtype.name}[{','.join(map(str, self.shape))}]{weak})"

    def __str__(self):
        """JAX's `str` of a type: `float32[2,3]`, with `~` in front when weakly typed."""
        weak = "~" if self.weak_type else ""
        return f"{weak}{self.dtype.name}[{','.join(map(str, self.shape))}]"


_SHORT = {"bool": "bool", "bfloat16": "bf16", "float0": "float0"}


def _short_name(dtype) -> str:
    name = dtype.name
    if name in _SHORT:
        return _SHORT[name]
    return re.sub(r"^(float|int|uint|complex)", lambda m: m.group(1)[0], name)


def get_aval(x) -> ShapedArray:
    """The abstract value of any array-like accepted by `bind` (Array, Tracer, ndarray, scalar)."""
    if isinstance(x, Tracer):
        return x.aval
    if type(x) is Array:
        return ShapedArray(x._value.shape, x._value.dtype, x.weak_type)
    if isinstance(x, (np.ndarray, np.generic)):
        return ShapedArray(x.shape, dtypes.canonicalize_dtype(x.dtype), False)
    if dtypes.is_python_scalar(x):
        return ShapedArray((), dtypes.python_scalar_dtype(x), dtypes.is_weakly_typed(x))
    raise TypeError(f"Value {x!r} of type {type(x)} is not a valid JAX type")


def concrete_value(x):
    """The NumPy value of `x` if it is known now (also through JVP tracers), else None."""
    if type(x) is Array:
        return x._value
    if isinstance(x, Tracer):
        return x.to_concrete()
    if isinstance(x, (np.ndarray, np.generic)):
        return x
    if dtypes.is_python_scalar(x):
        return x
    return None


# ---------------------------------------------------------------------------------------------
# Primitives


class Primitive:
    """An operation with its rules. Each interpreter reads exactly one slot:

    impl(*values, **params)                 -> ndarray (or tuple if multiple_results)
    abstract_eval(*avals, **params)         -> ShapedArray (or list)
    jvp(primals, tangents, **params)        -> (primal_out, tangent_out)
    transpose(ct, *args, **params)          -> list of cotangents, for linear primitives
    batch(args, bdims, **params)            -> (out, out_bdim)
    emit(arg_names, **params)               -> a Python expression for generated code, or None
    weak_type_rule                          -> None: output weak iff all array inputs weak;
                                               False: never weak; or f(*in_weak, **params)
    eager_accepts(*values, **params)        -> True when the eager fast path may skip
                                               abstract_eval's checks; False (or no such
                                               slot) lets abstract_eval raise JAX's error
    effectful                               -> True for side effects (debug printing): kept
                                               by DCE/CSE even when no output is read
    Higher-order primitives (jit, cond, scan, ...) also set `stage(trace, args, params)` to
    control how staging traces record them.
    """

    def __init__(self, name: str, multiple_results: bool = False):
        self.name = name
        self.multiple_results = multiple_results
        self.impl = None
        self.abstract_eval = None
        self.jvp = None
        self.transpose = None
        self.batch = None
        self.emit = None
        self.weak_type_rule = None
        self.stage = None
        self.quiet = False  # impl runs with NumPy's floating-point warnings off (jit reads it)
        self.eager_accepts = None
        self.effectful = False  # runs for its side effect: passes never drop or merge it

    def __repr__(self):
        return self.name

    def bind(self, *args, **params):
        trace = _state.trace
        if trace is not None:
            return trace.process(self, args, params)
        # Eager fast path: unwrap, run NumPy, wrap. No tracer machinery.
        vals = []
        weak = []
        for a in args:
            if type(a) is Array:
                vals.append(a._value)
                weak.append(a.weak_type)
            else:
                v, w = eager_operand(a)
                vals.append(v)
                weak.append(w)
        accepts = self.eager_accepts
        if accepts is not None and not accepts(*vals, **params):
            self.abstract_eval(*map(ShapedArray, [v.shape for v in vals],
                                    [v.dtype for v in vals], weak), **params)
        out = self.impl(*vals, **params)
        rule = self.weak_type_rule
        if rule is None:
            w = all(weak)
        elif rule is False:
            w = False
        else:
            w = rule(*weak, **params)
        if self.multiple_results:
            if type(w) is bool:
                return [Array(o, w) for o in out]
            return [Array(o, wi) for o, wi in zip(out, w, strict=True)]
        return Array(out, w)


def eager_operand(a):
    """(value, weak) of an eager operand: an ndarray of its canonical dtype, and whether it is
    weakly typed (Python scalars); tracers that escaped their transformation are refused."""
    if isinstance(a, Tracer):
        raise escaped_tracer_error(a)
    if isinstance(a, (np.ndarray, np.generic)):
        a = np.asarray(a)
        dtype = dtypes.canonicalize_dtype(a.dtype)  # float64 -> float32 unless x64, as JAX
        return (a if a.dtype == dtype else a.astype(dtype)), False
    if dtypes.is_python_scalar(a):
        return np.asarray(a, dtypes.python_scalar_dtype(a)), dtypes.is_weakly_typed(a)
    raise TypeError(f"Value {a!r} of type {type(a)} is not a valid JAX type")


# ---------------------------------------------------------------------------------------------
# Traces and tracers


class _State(threading.local):
    trace = None


_state = _State()


def current_trace():
    return _state.trace


def set_current_trace(trace):
    """Makes `trace` current and returns the previous one (restore it in a `finally`)."""
    prev = _state.trace
    _state.trace = trace
    return prev


class Trace:
    """An interpreter of primitives. Subclasses implement `process(prim, args, params)`."""

    def __init__(self):
        self.parent = _state.trace

    def process(self, prim, args, params):
        raise NotImplementedError

    def is_ancestor(self, other) -> bool:
        t = self.parent
        while t is not None:
            if t is other:
                return True
            t = t.parent
        return False

    def check_foreign(self, x):
        """`x` is not this trace's: legal only if it belongs to an enclosing trace."""
        if isinstance(x, Tracer) and not self.is_ancestor(x._trace):
            raise escaped_tracer_error(x)
        return x

    def run_in_parent(self, fn, *args, **kwargs):
        prev = set_current_trace(self.parent)
        try:
            return fn(*args, **kwargs)
        finally:
            _state.trace = prev

    def describe_dependence(self, tracer) -> str:
        """Text explaining why `tracer` has no concrete value (overridden by staging traces)."""
        return ""


def escaped_tracer_error(tracer) -> UnexpectedTracerError:
    return UnexpectedTracerError(
        "Encountered an unexpected tracer. A function transformed by JAX had a side effect, "
        "allowing for a reference to an intermediate value with type "
        f"{tracer.aval!r} wrapped in a {type(tracer).__name__} to escape the scope of the "
        "transformation.\nJAX transformations require that functions explicitly return their "
        "outputs, and disallow saving intermediate values to global state.\n"
        f"{DOCS}UnexpectedTracerError"
    )


class Tracer:
    """A value under transformation. Behaves like an Array (methods installed by numjax.numpy).

    Subclasses define `aval` and, when they can, `to_concrete()` (JVP tracers of concrete
    primals can, so Python control flow on values works under eager `grad`).
    """

    __slots__ = ("_trace",)
    __array_priority__ = 100

    @property
    def aval(self) -> ShapedArray:
        raise NotImplementedError

    shape = property(lambda self: self.aval.shape)
    dtype = property(lambda self: self.aval.dtype)
    ndim = property(lambda self: len(self.aval.shape))
    size = property(lambda self: self.aval.size)
    weak_type = property(lambda self: self.aval.weak_type)

    def to_concrete(self):
        return None

    def _require_concrete(self, error_cls, first_line: str, hint: str = "", *, why_twice=False,
                          always=False):
        value = None if always else self.to_concrete()
        if value is not None:
            return value
        why = self._trace.describe_dependence(self)
        parts = [first_line]
        if hint:
            parts.append(hint)
        if why:
            parts.extend([why] * (2 if why_twice else 1))  # JAX's tolist() says it twice
        if hint:  # JAX leaves a blank line before the link in hinted messages
            parts.append("")
        parts.append(f"{DOCS}{error_cls.__name__}")
        raise error_cls("\n".join(parts))

    def _shape_text(self) -> str:
        """As JAX's tracer messages print it: `float32[2,3]` (no weak-type mark)."""
        return f"{self.aval.dtype.name}[{','.join(map(str, self.aval.shape))}]"

    def __bool__(self):
        if self.aval.size != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        value = self._require_concrete(
            TracerBoolConversionError,
            f"Attempted boolean conversion of traced array with shape {self._shape_text()}.",
        )
        return bool(Array(np.asarray(value), False))

    def _scalar(self, kind):
        if self.aval.ndim:
            raise TypeError("Only scalar arrays can be converted to Python scalars; got "
                            f"arr.ndim={self.aval.ndim}")
        # As JAX: int() reads a JVP tracer's known primal; float() and complex() never do.
        return self._require_concrete(
            ConcretizationTypeError,
            "Abstract tracer value encountered where concrete value is expected: "
            f"traced array with shape {self._shape_text()}",
            f"The problem arose with the `{kind.__name__}` function. If trying to convert the "
            f"data type of a value, try using `x.astype({kind.__name__})` or "
            f"`jnp.array(x, {kind.__name__})` instead.",
            always=kind is not int,
        )

    def __float__(self):
        return float(Array(np.asarray(self._scalar(float)), False))

    def __int__(self):
        return int(Array(np.asarray(self._scalar(int)), False))

    def __complex__(self):
        return complex(Array(np.asarray(self._scalar(complex)), False))

    def __index__(self):
        value = self._require_concrete(
            TracerIntegerConversionError,
            f"The __index__() method was called on traced array with shape {self._shape_text()}",
        )
        return Array(np.asarray(value), False).__index__()

    def __array__(self, dtype=None, copy=None):
        value = self._require_concrete(
            TracerArrayConversionError,
            "The numpy.ndarray conversion method __array__() was called on traced array with "
            f"shape {self._shape_text()}",
            always=True,  # as JAX, even for a JVP tracer whose primal is known
        )
        value = np.asarray(value)
        return value if dtype is None else value.astype(dtype)

    def _abstract_value_error(self):
        return ("Abstract tracer value encountered where concrete value is expected: traced "
                f"array with shape {self._shape_text()}")

    def item(self, *args):
        value = self._require_concrete(ConcretizationTypeError, self._abstract_value_error(),
                                       "This occurred in the item() method of jax.Array")
        return np.asarray(value).item(*args)

    def tolist(self):
        # JAX refuses even a JVP tracer whose primal is known (unlike item() and int()).
        self._require_concrete(
            ConcretizationTypeError,
            self._abstract_value_error(),
            f"The tolist() method was called on traced array with shape {self._shape_text()}.",
            why_twice=True,
            always=True,
        )

    def __len__(self):
        if not self.aval.shape:
            raise TypeError("len() of unsized object")
        return self.aval.shape[0]

    def __iter__(self):
        if not self.aval.shape:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.aval.shape[0]))

    def __hash__(self):
        raise TypeError(f"unhashable type: '{type(self).__name__}'")

    def __setitem__(self, idx, value):
        raise TypeError(
            "JAX arrays are immutable and do not support in-place item assignment. Instead of "
            "x[idx] = y, use x = x.at[idx].set(y) or another .at[] method: "
            "https://docs.jax.dev/en/latest/_autosummary/jax.numpy.ndarray.at.html"
        )

    def block_until_ready(self):
        return self

    def __repr__(self):
        return f"{type(self).__name__}({self.aval!r})"


def is_concrete(x) -> bool:
    return not isinstance(x, Tracer) or x.to_concrete() is not None
