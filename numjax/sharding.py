"""numjax.sharding (`jax.sharding`): meshes and shardings of numjax's one CPU device."""

from ._src.devices import Sharding, SingleDeviceSharding  # noqa: F401
from ._src.sharding import (  # noqa: F401
    AxisType,
    Mesh,
    NamedSharding,
    PartitionSpec,
    get_mesh,
    make_single_device_sharding,
    reshard,
    set_mesh,
)
