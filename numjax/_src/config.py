"""Global flags, read the way JAX reads them: `config.update(name, value)` or env vars.

Owns: the flag values. Must not import anything from numjax. Readers that sit on hot paths
read the plain attribute `config.x64_enabled` (kept in sync by `update`).
"""

import os

_TRUE = ("1", "true", "yes", "on")

# Flags JAX users set; the ones numjax acts on are documented where they are read.
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
    "jax_platforms": "",
    "jax_default_matmul_precision": None,
    "jax_log_compiles": False,
    "jax_traceback_filtering": "auto",
}


class Config:
    """Holds JAX-named flags; `update` validates the name like JAX (AttributeError if unknown)."""

    def __init__(self):
        self._values = dict(_DEFAULTS)
        for name in _DEFAULTS:
            env = os.environ.get(name.upper())
            if env is not None and isinstance(_DEFAULTS[name], bool):
                self._values[name] = env.strip().lower() in _TRUE
        self.x64_enabled = self._values["jax_enable_x64"]
        self.disable_jit = self._values["jax_disable_jit"]
        self._listeners = []

    def update(self, name, value):
        if name not in self._values:
            raise AttributeError(f"Unrecognized config option: {name}")
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

    def __getattr__(self, name):
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(f"Unrecognized config option: {name}")


config = Config()
