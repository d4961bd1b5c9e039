"""numjax.scipy (`jax.scipy`): linalg, special and stats, imported with the package; the
other submodules on first attribute access."""

from . import linalg, special, stats  # noqa: F401

# Submodules JAX attaches lazily (optimize and spatial need an explicit import, as in JAX).
_LAZY = ("cluster", "fft", "integrate", "interpolate", "ndimage", "signal", "sparse")


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
