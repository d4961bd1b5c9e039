"""Global flags, read the way JAX reads them: `config.update(name, value)`, env vars, or the
context managers `numjax.enable_x64(True)`, `numjax.debug_nans(True)`, ... (`State` objects).

Owns: the flag values. Must not import anything from numjax. Readers that sit on hot paths
read the plain attribute `config.x64_enabled` (kept in sync by `update`).

numjax acts on jax_enable_x64, jax_disable_jit, jax_threefry_partitionable and (where the
numpy layer reads them) the promotion flags; the other flags are accepted and recorded so that
programs setting them run, but change nothing (there is no compiler, cache or device to tune).
"""

import contextlib
import functools
import os
import threading

_TRUE = ("1", "true", "yes", "on")

# Flags JAX users set, with JAX 0.10.2's defaults.
_DEFAULTS = {
    "jax_enable_x64": False,
    "jax_threefry_partitionable": True,
    "jax_default_prng_impl": "threefry2x32",
    "jax_numpy_dtype_promotion": "standard",
    "jax_numpy_rank_promotion": "allow",
    "jax_debug_nans": False,
    "jax_debug_infs": False,
    "jax_disable_jit": False,
    "jax_platform_name": "",
    "jax_platforms": None,
    "jax_default_matmul_precision": None,
    "jax_log_compiles": False,
    "jax_traceback_filtering": "auto",
    "jax_enable_checks": False,
    "jax_check_tracer_leaks": False,
    "jax_explain_cache_misses": False,
    "jax_default_device": None,
    "jax_softmax_custom_jvp": False,
    "jax_legacy_prng_key": "allow",
    "jax_enable_custom_prng": False,
    "jax_debug_key_reuse": False,
    "jax_random_seed_offset": 0,
    "jax_compilation_cache_dir": None,
    "jax_enable_compilation_cache": True,
    "jax_persistent_cache_min_compile_time_secs": 1.0,
    "jax_persistent_cache_min_entry_size_bytes": 0,
    "jax_raise_persistent_cache_errors": False,
    "jax_num_cpu_devices": -1,
    "jax_transfer_guard": None,
    "jax_transfer_guard_host_to_device": None,
    "jax_transfer_guard_device_to_device": None,
    "jax_transfer_guard_device_to_host": None,
    "jax_no_tracing": False,
    "jax_no_execution": False,
    "jax_allow_f16_reductions": True,
    "jax_logging_level": "NOTSET",
    "jax_cpu_enable_async_dispatch": True,
    "jax_dump_ir_to": "",
    "jax_pprint_use_color": True,
    "jax_thread_guard": False,
    "jax_array_garbage_collection_guard": None,
    "jax_auto_pcast": True,
    "jax_remove_size_one_mesh_axis_from_type": False,
    "jax2tf_associative_scan_reductions": False,
}

# Flags whose value must be one of a few strings (JAX raises ValueError otherwise).
_ENUMS = {
    "jax_numpy_rank_promotion": ("allow", "warn", "raise"),
    "jax_numpy_dtype_promotion": ("standard", "strict"),
    "jax_legacy_prng_key": ("allow", "warn", "error"),
    "jax_default_prng_impl": ("threefry2x32", "rbg", "unsafe_rbg"),
    "jax_traceback_filtering": ("off", "tracebackhide", "remove_frames", "quiet_remove_frames",
                                "auto"),
}
_GUARD_LEVELS = ("allow", "log", "disallow", "log_explicit", "disallow_explicit")
for _name in _DEFAULTS:
    if _name.startswith("jax_transfer_guard"):
        _ENUMS[_name] = _GUARD_LEVELS


class Config:
    """Holds JAX-named flags; `update` validates the name like JAX (AttributeError if unknown)."""

    def __init__(self):
        self._values = dict(_DEFAULTS)
        for name, default in _DEFAULTS.items():
            env = os.environ.get(name.upper())
            if env is not None and isinstance(default, bool):
                self._values[name] = env.strip().lower() in _TRUE
            elif env is not None and (default is None or isinstance(default, str)):
                self._values[name] = env
        self.x64_enabled = self._values["jax_enable_x64"]
        self.disable_jit = self._values["jax_disable_jit"]
        self._listeners = []

    values = property(lambda self: self._values)

    def update(self, name, value):
        if name not in self._values:
            raise AttributeError(f"Unrecognized config option: {name}")
        choices = _ENUMS.get(name)
        if choices is not None and value is not None and value not in choices:
            raise ValueError(f"new enum value must be in {list(choices)}, got {value} of type "
                             f"{type(value)}.")
        self._values[name] = value
        self.x64_enabled = bool(self._values["jax_enable_x64"])
        self.disable_jit = bool(self._values["jax_disable_jit"])
        for listener in self._listeners:
            listener(name, value)

    def read(self, name):
        return self._values[name]

    def on_update(self, listener):
        """Registers `listener(name, value)`, called after every update (e.g. to clear caches)."""
        self._listeners.append(listener)

    def parse_flags_with_absl(self):
        """numjax has no absl flags: nothing to parse."""

    def __getattr__(self, name):
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(f"'Config' object has no attribute '{name}'")


config = Config()
_lock = threading.Lock()


class State:
    """One flag as JAX's `jax.<flag>` object: `.value` reads it; `state(v)` is a context manager
    (also usable as a decorator) that sets it to `v` and restores it on exit. The setting is
    process-wide, not per thread as in JAX."""

    def __init__(self, name, default_context_value=True):
        self.name = name
        self._context_default = default_context_value

    value = property(lambda self: config.read(self.name))

    def get_global(self):
        return config.read(self.name)

    def set_global(self, value):
        config.update(self.name, value)

    def __call__(self, new_val=None):
        return _swap(self.name, self._context_default if new_val is None else new_val)

    def __bool__(self):
        raise TypeError(f"bool() not supported for instances of type '{type(self).__name__}' "
                        f"(did you mean to use '{type(self).__name__}.value' instead?)")

    def __repr__(self):
        return f"State({self.name}={self.value!r})"


@contextlib.contextmanager
def _swap(name, value):
    with _lock:
        old = config.read(name)
        config.update(name, value)
    try:
        yield
    finally:
        config.update(name, old)


def _state(flag, default_context_value=True):
    return State(flag if flag.startswith("jax2tf") else "jax_" + flag, default_context_value)


enable_x64 = _state("enable_x64")
debug_nans = _state("debug_nans")
debug_infs = _state("debug_infs")
enable_checks = _state("enable_checks")
check_tracer_leaks = _state("check_tracer_leaks")
checking_leaks = functools.partial(check_tracer_leaks, True)
explain_cache_misses = _state("explain_cache_misses")
log_compiles = _state("log_compiles")
threefry_partitionable = _state("threefry_partitionable")
softmax_custom_jvp = _state("softmax_custom_jvp")
enable_custom_prng = _state("enable_custom_prng")
debug_key_reuse = _state("debug_key_reuse")
allow_f16_reductions = _state("allow_f16_reductions")
no_tracing = _state("no_tracing")
no_execution = _state("no_execution")
legacy_prng_key = _state("legacy_prng_key", None)
default_prng_impl = _state("default_prng_impl", None)
default_matmul_precision = _state("default_matmul_precision", None)
default_device = _state("default_device", None)
numpy_rank_promotion = _state("numpy_rank_promotion", None)
numpy_dtype_promotion = _state("numpy_dtype_promotion", None)
thread_guard = _state("thread_guard")
array_garbage_collection_guard = _state("array_garbage_collection_guard", None)
auto_pcast = _state("auto_pcast")
remove_size_one_mesh_axis_from_type = _state("remove_size_one_mesh_axis_from_type")
jax2tf_associative_scan_reductions = _state("jax2tf_associative_scan_reductions")
transfer_guard_host_to_device = _state("transfer_guard_host_to_device", None)
transfer_guard_device_to_device = _state("transfer_guard_device_to_device", None)
transfer_guard_device_to_host = _state("transfer_guard_device_to_host", None)


@contextlib.contextmanager
def transfer_guard(new_val: str):
    """Sets all three transfer guards (numjax never transfers between devices)."""
    with contextlib.ExitStack() as stack:
        for state in (transfer_guard_host_to_device, transfer_guard_device_to_device,
                      transfer_guard_device_to_host):
            stack.enter_context(state(new_val))
        yield
