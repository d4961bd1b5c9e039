"""numjax.example_libraries (`jax.example_libraries`): small reference libraries.

`optimizers` (gradient-descent variants as `(init, update, get_params)` triples) and `stax`
(neural-network layers as `(init_fun, apply_fun)` pairs), with JAX's API, written on numjax's
public API only, so they run under `grad`, `vmap` and `jit` like any user code.
"""

from . import optimizers, stax  # noqa: F401
