"""JAX's exception classes (re-exported by numjax.errors). Must not import numjax modules.

Messages are composed where the error is detected (core.Tracer) so they can name the traced
argument and the transformation, as JAX's do.
"""


class JAXTypeError(TypeError):
    """Base of JAX's tracer-misuse TypeErrors."""


class ConcretizationTypeError(JAXTypeError):
    """A traced value was used where a concrete (Python) value is needed."""


class TracerBoolConversionError(ConcretizationTypeError):
    """`bool()` (an `if`, `while`, `and`, `or`) on a traced value."""


class TracerIntegerConversionError(JAXTypeError):
    """`__index__` (Python indexing, `range`) with a traced value."""


class TracerArrayConversionError(JAXTypeError):
    """`np.asarray()` on a traced value."""


class JAXIndexError(IndexError):
    """Base of JAX's IndexErrors."""


class NonConcreteBooleanIndexError(JAXIndexError):
    """Boolean-mask indexing with a traced mask (the output shape would depend on values)."""


class UnexpectedTracerError(JAXTypeError):
    """A tracer escaped the transformation that created it and was used afterwards."""


class KeyReuseError(JAXTypeError):
    """Raised by JAX's key-reuse checker; numjax does not check key reuse."""


class JaxprTypeError(TypeError):
    """A jaxpr failed its type check (`jax_enable_checks`)."""


class InconclusiveDimensionOperation(Exception):
    """A comparison of symbolic dimensions (shape polymorphism) has no definite answer."""


class JaxRuntimeError(RuntimeError):
    """An error reported while a computation runs (XLA's runtime errors; in numjax, an
    exception raised by a host callback such as `pure_callback`)."""


DOCS = "See https://docs.jax.dev/en/latest/errors.html#jax.errors."
