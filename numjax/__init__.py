"""numjax: JAX's composable function transformations in pure Python on NumPy.

`import numjax as jax` gives `grad`, `value_and_grad`, `vmap`, `jit`, `jvp`, `vjp`,
`linearize`, `jacfwd`, `jacrev`, `hessian`, `make_jaxpr`, `eval_shape`, pytrees and `config`.
"""

from ._src import lax as _lax  # noqa: F401 - registers primitives
from ._src.numpy import array_methods as _array_methods  # noqa: F401 - Array operators
from ._src.api import (  # noqa: F401
    grad, hessian, jacfwd, jacobian, jacrev, jvp, linearize, value_and_grad, vjp,
)
from ._src.custom_derivatives import closure_convert, custom_jvp, custom_vjp  # noqa: F401
from ._src.checkpoint import checkpoint, checkpoint_policies, remat  # noqa: F401
from ._src.staging_api import ShapeDtypeStruct, eval_shape, make_jaxpr  # noqa: F401
from ._src.vmap import vmap  # noqa: F401
from ._src.array import Array  # noqa: F401
from ._src.config import config  # noqa: F401
from ._src.devices import (  # noqa: F401
    default_backend, device_count, devices, local_device_count, local_devices, process_count,
    process_index,
)
from ._src.jit.api import clear_caches, disable_jit, jit  # noqa: F401
from ._src.misc import block_until_ready, device_get, device_put, typeof  # noqa: F401
from ._src.jax_shim import install_as_jax  # noqa: F401
from . import dtypes, errors, lax, nn, numpy, random, tree, tree_util  # noqa: F401
from . import ad_checkpoint, custom_derivatives  # noqa: F401

__version__ = "0.1.0"


def __getattr__(name):
    """`numjax.scipy` is an attribute, as `jax.scipy` is, but imported on first use: it is
    the largest subpackage and most programs never touch it."""
    if name == "scipy":
        import importlib

        return importlib.import_module(".scipy", __name__)
    raise AttributeError(f"module 'numjax' has no attribute {name!r}")
