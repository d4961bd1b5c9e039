"""How much of JAX's `jax.numpy` namespace numjax.numpy provides.

`numjax/_src/jnp_names.txt` lists JAX 0.10.2's public `jax.numpy` names (callables, types,
dtypes, constants and the fft/linalg submodules), taken once from `dir(jax.numpy)`.
"""

from __future__ import annotations

import os

_NAMES_FILE = os.path.join(os.path.dirname(__file__), "jnp_names.txt")


def jax_numpy_names() -> list:
    with open(_NAMES_FILE) as f:
        return [line.strip() for line in f if line.strip()]


def missing_names(namespace=None) -> list:
    """The JAX jax.numpy names that `namespace` (default: numjax.numpy) lacks."""
    if namespace is None:
        from .. import numpy as namespace
    return [n for n in jax_numpy_names() if not hasattr(namespace, n)]


def coverage(namespace=None):
    """(covered, total, missing) for `namespace` against JAX's jax.numpy."""
    names = jax_numpy_names()
    missing = missing_names(namespace)
    return len(names) - len(missing), len(names), missing


def report() -> str:
    covered, total, missing = coverage()
    return (f"numjax.numpy covers {covered} of {total} jax.numpy names "
            f"({covered / total:.1%}); missing: {', '.join(missing) or 'none'}")
