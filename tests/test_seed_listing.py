"""The article's listing, run on numjax, prints what real JAX 0.10.2 printed.

Numbers on a line must agree to rtol 1e-4 / atol 1e-5 (NumPy's float32 arithmetic differs
from XLA's in the last bits); all other text must match exactly.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf")


def _same(expected: str, got: str) -> bool:
    if expected == got:
        return True
    ne, ng = NUM.findall(expected), NUM.findall(got)
    if NUM.sub("#", expected).replace(" ", "") != NUM.sub("#", got).replace(" ", ""):
        return False
    if len(ne) != len(ng):
        return False
    return all(float(a) == float(b) or abs(float(a) - float(b)) <= 1e-5 + 1e-4 * abs(float(a))
               for a, b in zip(ne, ng))


def test_seed_listing_prints_what_jax_printed():
    pytest.importorskip("numjax.random")
    import numjax.random

    if not hasattr(numjax.random, "PRNGKey"):
        pytest.skip("numjax.random not implemented yet")
    env = dict(os.environ, JAXLIKE="numjax")
    proc = subprocess.run([sys.executable, str(HERE / "seed_listing.py")], env=env,
                          capture_output=True, text=True, timeout=300,
                          cwd=str(HERE.parent))
    assert proc.returncode == 0, proc.stderr
    expected = (HERE / "seed_listing.jax-0.10.2.out").read_text().splitlines()
    got = proc.stdout.splitlines()
    mismatches = [f"line {i + 1}: expected {e!r}, got {g!r}"
                  for i, (e, g) in enumerate(zip(expected, got)) if not _same(e, g)]
    assert not mismatches and len(got) == len(expected), "\n".join(mismatches) + (
        f"\n{len(got)} lines vs {len(expected)} expected")
