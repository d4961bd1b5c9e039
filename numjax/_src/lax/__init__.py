"""The lax layer: primitives by family. Importing it registers every primitive."""

from . import dot, elementwise, reductions, slicing, structural  # noqa: F401
