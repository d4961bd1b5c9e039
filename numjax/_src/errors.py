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


class NonConcreteBooleanIndexError(IndexError):
    """Boolean-mask indexing with a traced mask (the output shape would depend on values)."""


class UnexpectedTracerError(Exception):
    """A tracer escaped the transformation that created it and was used afterwards."""


class KeyReuseError(Exception):
    """Raised by JAX's key-reuse checker; numjax does not check key reuse."""


DOCS = "See https://docs.jax.dev/en/latest/errors.html#jax.errors."
