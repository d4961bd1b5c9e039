"""numjax.numpy's coverage of JAX 0.10.2's jax.numpy names must not fall below a floor."""

from numjax._src import coverage

FLOOR = 0.80


def test_names_file():
    names = coverage.jax_numpy_names()
    assert len(names) > 350 and len(set(names)) == len(names)
    assert {"sin", "einsum", "pad", "float32"} <= set(names)


def test_coverage_floor():
    covered, total, _ = coverage.coverage()
    print()
    print(coverage.report())
    assert covered / total >= FLOOR, coverage.report()
