"""The one device numjax has: the host CPU, shaped like JAX's device and sharding objects."""


class CpuDevice:
    """JAX's `CpuDevice(id=0)`."""

    id = 0
    platform = "cpu"
    device_kind = "cpu"
    process_index = 0
    host_id = 0
    client = None

    def __repr__(self):
        return "CpuDevice(id=0)"

    def __str__(self):
        return "TFRT_CPU_0"


class SingleDeviceSharding:
    """JAX's `SingleDeviceSharding` over the CPU device."""

    def __init__(self, device):
        self.device = device
        self.device_set = {device}

    def __repr__(self):
        return f"SingleDeviceSharding(device={self.device!r}, memory_kind=device)"

    def __eq__(self, other):
        return isinstance(other, SingleDeviceSharding)

    def __hash__(self):
        return hash(SingleDeviceSharding)


_CPU = CpuDevice()
_SHARDING = SingleDeviceSharding(_CPU)


def cpu_device():
    return _CPU


def single_device_sharding():
    return _SHARDING


def devices(backend=None):
    if backend not in (None, "cpu"):
        raise RuntimeError(f"Backend '{backend}' is not in the list of known backends: cpu.")
    return [_CPU]


def local_devices(process_index=None, backend=None):
    return devices(backend)


def device_count(backend=None):
    return 1


def local_device_count(backend=None):
    return 1


def default_backend():
    return "cpu"


def process_index():
    return 0


def process_count():
    return 1
