"""Enumerations and dimension-number records of `jax.lax` (Precision, RoundingMethod, ...).

Plain Python with no numjax imports, so every lax module can take these as parameter values.
numjax computes with NumPy on the CPU: precision and dot-algorithm choices are accepted and
validated but do not change results (NumPy already accumulates in the operand's precision).
"""

from __future__ import annotations

import enum
from typing import NamedTuple

import numpy as np


class Precision(enum.Enum):
    """Precision of matrix products on accelerators: DEFAULT, HIGH or HIGHEST.

    Also parsed from JAX's strings: 'default', 'fastest', 'bfloat16' (DEFAULT); 'high',
    'bfloat16_3x', 'tensorfloat32' (HIGH); 'highest', 'float32' (HIGHEST).
    """

    DEFAULT = 0
    HIGH = 1
    HIGHEST = 2

    @classmethod
    def _missing_(cls, value):
        names = {"default": cls.DEFAULT, "fastest": cls.DEFAULT, "bfloat16": cls.DEFAULT,
                 "high": cls.HIGH, "bfloat16_3x": cls.HIGH, "tensorfloat32": cls.HIGH,
                 "highest": cls.HIGHEST, "float32": cls.HIGHEST}
        return names.get(value) if isinstance(value, str) else None

    def __repr__(self):
        return f"{type(self).__name__}.{self.name}"

    def __str__(self):
        return self.name


class RoundingMethod(enum.IntEnum):
    """How `lax.round` breaks ties: away from zero (0) or to the nearest even integer (1)."""

    AWAY_FROM_ZERO = 0
    TO_NEAREST_EVEN = 1


class GatherScatterMode(enum.Enum):
    """What gathers and scatters do with out-of-bounds indices."""

    CLIP = 1
    FILL_OR_DROP = 2
    PROMISE_IN_BOUNDS = 3
    ONE_HOT = 4

    @staticmethod
    def from_any(s) -> GatherScatterMode:
        if isinstance(s, GatherScatterMode):
            return s
        modes = {"clip": GatherScatterMode.CLIP, None: GatherScatterMode.FILL_OR_DROP,
                 "fill": GatherScatterMode.FILL_OR_DROP, "drop": GatherScatterMode.FILL_OR_DROP,
                 "promise_in_bounds": GatherScatterMode.PROMISE_IN_BOUNDS,
                 "one_hot": GatherScatterMode.ONE_HOT}
        if s not in modes:
            raise ValueError(f'Unknown gather mode "{s}"')
        return modes[s]


def mode_name(mode, gather: bool) -> str:
    """numjax's internal mode string ("clip" / "fill" for gathers, "drop" for scatters) for
    a JAX mode (a string or GatherScatterMode). In-bounds promises are served by clipping."""
    if isinstance(mode, str) and mode in ("clip", "fill", "drop"):
        return "fill" if gather and mode == "drop" else ("drop" if not gather and mode == "fill"
                                                         else mode)
    m = GatherScatterMode.from_any(mode)
    if m is GatherScatterMode.FILL_OR_DROP:
        return "fill" if gather else "drop"
    return "clip"


class RandomAlgorithm(enum.IntEnum):
    """The bit generator of `lax.rng_bit_generator` (the default is Philox, as on JAX's CPU)."""

    RNG_DEFAULT = 0
    RNG_THREE_FRY = 1
    RNG_PHILOX = 2

    def __str__(self):
        return self.name


class AccuracyMode(enum.Enum):
    """Accuracy requested of transcendental functions on accelerators."""

    HIGHEST = 1
    DEFAULT = 2


class Tolerance:
    """Error tolerance of a transcendental function (absolute, relative, in ulps)."""

    def __init__(self, atol: float = 0.0, rtol: float = 0.0, ulps: int = 0):
        if atol < 0.0 or rtol < 0.0 or ulps < 0:
            raise ValueError("Tolerances must be non-negative.")
        if atol == 0.0 and rtol == 0.0 and ulps == 0:
            raise ValueError("At least one of atol, rtol, or ulps must be set.")
        self.atol, self.rtol, self.ulps = atol, rtol, ulps


class DotAlgorithm(NamedTuple):
    """A dot product algorithm: operand storage types, accumulation type, component counts."""

    lhs_precision_type: object
    rhs_precision_type: object
    accumulation_type: object
    lhs_component_count: int = 1
    rhs_component_count: int = 1
    num_primitive_operations: int = 1
    allow_imprecise_accumulation: bool = False


def _types(name):
    import ml_dtypes

    return {"F16": np.float16, "BF16": ml_dtypes.bfloat16, "TF32": np.float32,
            "F32": np.float32, "F64": np.float64}.get(name)


class DotAlgorithmPreset(enum.Enum):
    """Named dot algorithms: LHS_RHS_ACCUMULATION storage types (X3 etc.: split products)."""

    DEFAULT = 1
    ANY_F8_ANY_F8_F32 = 2
    ANY_F8_ANY_F8_F32_FAST_ACCUM = 3
    ANY_F8_ANY_F8_ANY = 4
    ANY_F8_ANY_F8_ANY_FAST_ACCUM = 5
    F16_F16_F16 = 6
    F16_F16_F32 = 7
    BF16_BF16_BF16 = 8
    BF16_BF16_F32 = 9
    BF16_BF16_F32_X3 = 10
    BF16_BF16_F32_X6 = 11
    BF16_BF16_F32_X9 = 12
    TF32_TF32_F32 = 13
    TF32_TF32_F32_X3 = 14
    F32_F32_F32 = 15
    F64_F64_F64 = 16

    def __repr__(self):
        return f"{type(self).__name__}.{self.name}"

    def __str__(self):
        return self.name

    @property
    def accumulation_type(self):
        if self is DotAlgorithmPreset.DEFAULT or "ANY_F8" in self.name and self.name.endswith(
                ("ANY", "ANY_FAST_ACCUM")):
            return None
        return _types(self.name.split("_")[2]) or np.float32

    @property
    def supported_lhs_types(self):
        if self is DotAlgorithmPreset.DEFAULT or self.name.startswith("ANY_F8"):
            return None
        first = self.name.split("_")[0]
        if first in ("BF16", "F16"):
            return (_types(first), np.float32)
        return (_types(first),)

    supported_rhs_types = supported_lhs_types

    def supported_output_types(self, lhs_dtype, rhs_dtype):
        if self is DotAlgorithmPreset.DEFAULT or self.name.startswith("ANY_F8"):
            return None
        return (self.accumulation_type,)


PrecisionLike = None | str | Precision | tuple | DotAlgorithm | DotAlgorithmPreset
DotDimensionNumbers = tuple  # ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))


_PRECISION_STRINGS = ["highest", "float32", "high", "bfloat16_3x", "tensorfloat32", "default",
                      "bfloat16", "fastest", None]


def canonicalize_precision(precision):
    """JAX's checks of a `precision=` argument: None, a Precision or its string, a pair of
    Precisions or of strings, a dot algorithm or a preset's name. Returns it in canonical form
    (a pair of Precisions, or the algorithm); anything else raises JAX's ValueError."""
    if precision is None or isinstance(precision, (DotAlgorithm, DotAlgorithmPreset)):
        return precision
    if isinstance(precision, Precision):
        return (precision, precision)
    if isinstance(precision, str):
        if precision in _PRECISION_STRINGS:
            return (Precision(precision),) * 2
        if precision in DotAlgorithmPreset.__members__:
            return DotAlgorithmPreset[precision]
    if (isinstance(precision, tuple) and len(precision) == 2
            and (all(isinstance(p, Precision) for p in precision)
                 or all(isinstance(p, str) and p in _PRECISION_STRINGS for p in precision))):
        return tuple(Precision(p) for p in precision)
    raise ValueError(
        "Precision argument must be one of:\n- None,\n- a string in "
        f"{_PRECISION_STRINGS},\n- a lax.Precision value,\n- a tuple of two lax.Precision "
        "values or strings,\n- a lax.DotAlgorithmPreset or the name of one of these presets, "
        f"or\n- a lax.DotAlgorithm value;\nbut got {precision}.")


class GatherDimensionNumbers(NamedTuple):
    """Describes a general gather (XLA's dimension numbers); see `jax.lax.gather`."""

    offset_dims: tuple
    collapsed_slice_dims: tuple
    start_index_map: tuple
    operand_batching_dims: tuple = ()
    start_indices_batching_dims: tuple = ()


class ScatterDimensionNumbers(NamedTuple):
    """Describes a general scatter (XLA's dimension numbers); see `jax.lax.scatter`."""

    update_window_dims: tuple
    inserted_window_dims: tuple
    scatter_dims_to_operand_dims: tuple
    operand_batching_dims: tuple = ()
    scatter_indices_batching_dims: tuple = ()


class RaggedDotDimensionNumbers:
    """Dimension numbers of `ragged_dot_general`: the dot's dimension numbers, the ragged
    dimensions of the LHS and the group dimensions of the RHS."""

    def __init__(self, dot_dimension_numbers, lhs_ragged_dimensions, rhs_group_dimensions):
        (lc, rc), (lb, rb) = dot_dimension_numbers
        self.dot_dimension_numbers = ((tuple(lc), tuple(rc)), (tuple(lb), tuple(rb)))
        self.lhs_ragged_dimensions = tuple(lhs_ragged_dimensions)
        self.rhs_group_dimensions = tuple(rhs_group_dimensions)

    def __repr__(self):
        return (f"RaggedDotDimensionNumbers(dot_dimension_numbers={self.dot_dimension_numbers}, "
                f"lhs_ragged_dimensions={self.lhs_ragged_dimensions}, "
                f"rhs_group_dimensions={self.rhs_group_dimensions})")

    def __eq__(self, other):
        return isinstance(other, RaggedDotDimensionNumbers) and repr(self) == repr(other)

    def __hash__(self):
        return hash(repr(self))
