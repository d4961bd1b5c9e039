"""`jax.ad_checkpoint`: rematerialization (`checkpoint`/`remat`), its policies and names."""

from ._src.checkpoint import (  # noqa: F401
    Offloadable,
    Recompute,
    Saveable,
    checkpoint,
    checkpoint_name,
    checkpoint_policies,
    remat,
)
