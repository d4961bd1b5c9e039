"""numjax.debug (`jax.debug`): printing and callbacks that see runtime values inside jit, vmap
and grad."""

from ._src.misc import debug_breakpoint as breakpoint
from ._src.misc import debug_callback as callback
from ._src.misc import debug_print as print
from ._src.misc import inspect_array_sharding, visualize_array_sharding

__all__ = ["breakpoint", "callback", "inspect_array_sharding", "print",
           "visualize_array_sharding"]
