"""numjax.errors: JAX's exception classes (`jax.errors`)."""

from ._src.errors import (  # noqa: F401
    ConcretizationTypeError,
    JAXTypeError,
    KeyReuseError,
    NonConcreteBooleanIndexError,
    TracerArrayConversionError,
    TracerBoolConversionError,
    TracerIntegerConversionError,
    UnexpectedTracerError,
)
