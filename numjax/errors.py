"""numjax.errors: JAX's exception classes (`jax.errors`)."""

from ._src.errors import (
    ConcretizationTypeError,
    InconclusiveDimensionOperation,
    JAXIndexError,
    JaxprTypeError,
    JaxRuntimeError,
    JAXTypeError,
    KeyReuseError,
    NonConcreteBooleanIndexError,
    TracerArrayConversionError,
    TracerBoolConversionError,
    TracerIntegerConversionError,
    UnexpectedTracerError,
)

for _cls in (ConcretizationTypeError, InconclusiveDimensionOperation, JAXIndexError,
             JAXTypeError, JaxprTypeError, JaxRuntimeError, KeyReuseError,
             NonConcreteBooleanIndexError, TracerArrayConversionError, TracerBoolConversionError,
             TracerIntegerConversionError, UnexpectedTracerError):
    _cls.__module__ = __name__  # shown as numjax.errors.X, as JAX shows jax.errors.X
del _cls
