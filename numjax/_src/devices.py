"""The one device numjax has: the host CPU, shaped like JAX's device, memory, shard and
sharding objects (so code that inspects `x.device`, `x.sharding` or `x.addressable_shards`
runs). Must not import Array (array.py imports this module lazily)."""


class Memory:
    """A memory space of the CPU device (JAX's `CpuDeviceMemory` and friends)."""

    process_index = 0

    def __init__(self, id, kind, text):
        self.id, self.kind, self._text = id, kind, text

    def __repr__(self):
        return f"{self.kind.upper()}_{self.id}".replace("DEVICE_", "CPU_DEVICE_")

    def __str__(self):
        return f"{self._text}(id={self.id}, process_index=0, client=cpu)"


class Device:
    """JAX's `jax.Device`; numjax's only instance is the host CPU, `CpuDevice(id=0)`."""

    id = 0
    platform = "cpu"
    device_kind = "cpu"
    process_index = 0
    host_id = 0
    task_id = 0
    local_hardware_id = 0
    client = None

    def __repr__(self):
        return "CpuDevice(id=0)"

    def __str__(self):
        return "cpu:0"

    def memory_stats(self):
        return None

    def default_memory(self):
        return _MEMORIES[0]

    def addressable_memories(self):
        return list(_MEMORIES)

    def memory(self, kind):
        for m in _MEMORIES:
            if m.kind == kind:
                return m
        raise ValueError(f"Could not find memory addressable by device cpu. Device cpu can "
                         f"address the following memory kinds: device, pinned_host, "
                         f"unpinned_host. Got memory kind: {kind}")

    def live_buffers(self):
        return []


CpuDevice = Device

_MEMORIES = (
    Memory(0, "device", "CpuDeviceMemory"),
    Memory(1, "pinned_host", "PinnedHostMemory"),
    Memory(2, "unpinned_host", "UnpinnedHostMemorySpace"),
)


class Sharding:
    """Base of sharding objects (`jax.sharding.Sharding`)."""


class SingleDeviceSharding(Sharding):
    """JAX's `SingleDeviceSharding` over the CPU device: every array is one whole shard."""

    is_fully_addressable = True
    is_fully_replicated = True
    has_addressable_devices = True
    num_devices = 1

    def __init__(self, device, *, memory_kind=None):
        self.device = device
        self.memory_kind = memory_kind or "device"

    device_set = property(lambda self: {self.device})
    addressable_devices = device_set
    _device_assignment = property(lambda self: (self.device,))

    def shard_shape(self, global_shape):
        return tuple(global_shape)

    def devices_indices_map(self, global_shape):
        return {self.device: (slice(None),) * len(global_shape)}

    addressable_devices_indices_map = devices_indices_map

    def with_memory_kind(self, kind):
        return SingleDeviceSharding(self.device, memory_kind=kind)

    def is_equivalent_to(self, other, ndim):
        return self == other

    def __repr__(self):
        return f"SingleDeviceSharding(device={self.device!r}, memory_kind={self.memory_kind})"

    def __eq__(self, other):
        return (isinstance(other, SingleDeviceSharding)
                and other.memory_kind == self.memory_kind)

    def __hash__(self):
        return hash((SingleDeviceSharding, self.memory_kind))


class Shard:
    """One shard of an array (`x.addressable_shards[0]`): on one device it is the array."""

    replica_id = 0

    def __init__(self, device, sharding, global_shape, data):
        self.device, self.sharding, self.data = device, sharding, data
        self.index = (slice(None),) * len(global_shape)

    def __repr__(self):
        return (f"Shard(device={self.device!r}, index={self.index}, replica_id=0, "
                f"data={self.data})")


_CPU = Device()
_SHARDING = SingleDeviceSharding(_CPU)


def cpu_device():
    return _CPU


def single_device_sharding():
    return _SHARDING


def devices(backend=None):
    """The list of devices: `[CpuDevice(id=0)]`."""
    if backend not in (None, "cpu"):
        raise RuntimeError(
            f"Unknown backend: '{backend}' requested, but no platforms that are instances of "
            f"{backend} are present. Platforms present are: cpu")
    return [_CPU]


def local_devices(process_index=None, backend=None, host_id=None):
    return devices(backend)


def device_count(backend=None):
    devices(backend)
    return 1


def local_device_count(backend=None):
    devices(backend)
    return 1


def default_backend():
    return "cpu"


def process_index(backend=None):
    return 0


def process_count(backend=None):
    return 1


def process_indices(backend=None):
    return [0]


host_id, host_count, host_ids = process_index, process_count, process_indices
