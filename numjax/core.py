"""numjax.core (`jax.core`): the few core types JAX still exports, for `isinstance` checks
and for evaluating jaxprs."""

from ._src.core import ShapedArray, Tracer
from ._src.ir import eval_jaxpr
from ._src.misc import ensure_compile_time_eval

eval_context = ensure_compile_time_eval

__all__ = ["ShapedArray", "Tracer", "ensure_compile_time_eval", "eval_context", "eval_jaxpr"]
