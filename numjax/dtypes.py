"""numjax.dtypes: JAX's dtype utilities (`jax.dtypes`)."""

from ._src.dtypes import (  # noqa: F401
    TypePromotionError,
    bfloat16,
    canonicalize_dtype,
    extended,
    finfo,
    float0,
    iinfo,
    is_weakly_typed,
    issubdtype,
    itemsize_bits,
    prng_key,
    promote_types,
    result_type,
    scalar_type_of,
)
from ._src.dtypes import dtype_of as dtype  # noqa: F401

for _cls in (extended, prng_key, TypePromotionError):
    _cls.__module__ = __name__  # shown as numjax.dtypes.X, as JAX shows jax.dtypes.X
del _cls
