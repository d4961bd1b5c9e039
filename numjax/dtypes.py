"""numjax.dtypes: JAX's dtype utilities (`jax.dtypes`)."""

from ._src.dtypes import (  # noqa: F401
    bfloat16, canonicalize_dtype, finfo, float0, iinfo, issubdtype, promote_types,
    result_type, TypePromotionError,
)
from ._src.dtypes import dtype_of as dtype  # noqa: F401
from ._src.dtypes import is_weakly_typed  # noqa: F401
