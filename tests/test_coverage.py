"""numjax.numpy has every name of JAX 0.10.2's jax.numpy (the README prints the count)."""

import ml_dtypes
import numpy as np

from numjax._src import coverage


def test_names_file():
    names = coverage.jax_numpy_names()
    assert len(names) > 350 and len(set(names)) == len(names)
    assert {"sin", "einsum", "pad", "float32"} <= set(names)


def test_coverage_is_complete():
    # sub-byte and small float dtypes exist only where the installed ml_dtypes has them
    unavailable = {n for n in coverage.jax_numpy_names() if n.startswith(("int", "uint", "float"))
                   and any(c.isdigit() for c in n) and not hasattr(ml_dtypes, n)
                   and not hasattr(np, n)}
    covered, total, missing = coverage.coverage()
    assert set(missing) <= unavailable, coverage.report()
    assert covered + len(missing) == total
