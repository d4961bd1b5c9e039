"""numjax: JAX's composable function transformations in pure Python on NumPy.

`import numjax as jax` gives `grad`, `value_and_grad`, `vmap`, `jit`, `jvp`, `vjp`,
`linearize`, `jacfwd`, `jacrev`, `hessian`, `make_jaxpr`, `eval_shape`, pytrees and `config`.
"""

from . import (  # noqa: F401  # noqa: F401
    ad_checkpoint,
    core,
    custom_derivatives,
    debug,
    dlpack,
    dtypes,
    errors,
    lax,
    nn,
    numpy,
    random,
    sharding,
    tree,
    tree_util,
    typing,
)
from ._src import lax as _lax  # noqa: F401 - registers primitives
from ._src.api import (  # noqa: F401
    grad,
    hessian,
    jacfwd,
    jacobian,
    jacrev,
    jvp,
    linearize,
    value_and_grad,
    vjp,
)
from ._src.array import PublicArray as Array  # noqa: F401 - tracers are Arrays too
from ._src.checkpoint import checkpoint, checkpoint_policies, remat  # noqa: F401
from ._src.config import (  # noqa: F401 - JAX's flag context managers
    allow_f16_reductions,
    array_garbage_collection_guard,
    auto_pcast,
    check_tracer_leaks,
    checking_leaks,
    config,
    debug_infs,
    debug_key_reuse,
    debug_nans,
    default_device,
    default_matmul_precision,
    default_prng_impl,
    enable_checks,
    enable_custom_prng,
    enable_x64,
    explain_cache_misses,
    jax2tf_associative_scan_reductions,
    legacy_prng_key,
    log_compiles,
    no_execution,
    no_tracing,
    numpy_dtype_promotion,
    numpy_rank_promotion,
    remove_size_one_mesh_axis_from_type,
    softmax_custom_jvp,
    thread_guard,
    threefry_partitionable,
    transfer_guard,
    transfer_guard_device_to_device,
    transfer_guard_device_to_host,
    transfer_guard_host_to_device,
)
from ._src.custom_derivatives import closure_convert, custom_jvp, custom_vjp  # noqa: F401
from ._src.devices import (  # noqa: F401
    Device,
    Shard,
    default_backend,
    device_count,
    devices,
    host_count,
    host_id,
    host_ids,
    local_device_count,
    local_devices,
    process_count,
    process_index,
    process_indices,
)
from ._src.dtypes import float0  # noqa: F401
from ._src.jax_shim import install_as_jax  # noqa: F401
from ._src.jit.api import clear_caches, disable_jit, jit  # noqa: F401
from ._src.misc import (  # noqa: F401  # noqa: F401
    block_until_ready,
    copy_to_host_async,
    custom_gradient,
    device_get,
    device_put,
    device_put_replicated,
    device_put_sharded,
    effects_barrier,
    empty_ref,
    ensure_compile_time_eval,
    free_ref,
    freeze,
    fwd_and_bwd,
    linear_transpose,
    live_arrays,
    make_array_from_callback,
    make_array_from_process_local_data,
    make_array_from_single_device_arrays,
    named_call,
    named_scope,
    new_ref,
    print_environment_info,
    pure_callback,
    smap,
    typeof,
)
from ._src.numpy import array_methods as _array_methods  # noqa: F401 - Array operators
from ._src.sharding import (  # noqa: F401
    NamedSharding,
    P,
    make_mesh,
    pmap,
    reshard,
    set_mesh,
    shard_map,
)
from ._src.staging_api import ShapeDtypeStruct, eval_shape, make_jaxpr  # noqa: F401
from ._src.vmap import vmap  # noqa: F401

__version__ = "0.1.0"


def __getattr__(name):
    """`numjax.scipy` is an attribute, as `jax.scipy` is, but imported on first use: it is
    the largest subpackage and most programs never touch it."""
    if name == "scipy":
        import importlib

        return importlib.import_module(".scipy", __name__)
    raise AttributeError(f"module 'numjax' has no attribute {name!r}")
