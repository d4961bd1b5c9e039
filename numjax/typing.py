"""numjax.typing (`jax.typing`): annotations for array-like and dtype-like arguments."""

from typing import Any, Protocol, Union

import numpy as np

from ._src.array import PublicArray as _Array


class SupportsDType(Protocol):
    @property
    def dtype(self) -> np.dtype: ...


ArrayLike = Union[_Array, np.ndarray, np.bool_, np.number, bool, int, float, complex]  # noqa: UP007
DTypeLike = Union[str, type[Any], np.dtype, SupportsDType]  # noqa: UP007

__all__ = ["ArrayLike", "DTypeLike"]
