"""numjax.dlpack (`jax.dlpack`): exchanging arrays with other libraries through DLPack."""

import numpy as np

from ._src import dtypes as _dtypes
from ._src.numpy.extra_functions import from_dlpack

_SUPPORTED = set(_dtypes.bool_dtypes + _dtypes.int_dtypes + _dtypes.float_dtypes
                 + _dtypes.complex_dtypes)


def is_supported_dtype(dtype) -> bool:
    """Whether arrays of `dtype` can cross DLPack (NumPy's dtypes and bfloat16)."""
    dt = np.dtype(dtype)
    return dt in _SUPPORTED and (dt.kind in "biufc" or dt.name == "bfloat16")


__all__ = ["from_dlpack", "is_supported_dtype"]
