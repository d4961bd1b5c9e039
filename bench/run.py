"""Benchmarks: numjax side by side with plain NumPy (and JAX when installed), as ratios.

Usage: python -m bench [--quick] [--only NAME ...]
Each workload times numjax and its comparisons interleaved, after warm-up, and reports
medians. `--quick` runs few repetitions (CI smoke test; never fails on speed).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np


def _time(fn, number, repeat):
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t0) / number)
    return statistics.median(samples)


def _jax():
    try:
        import jax
        import jax.numpy as jnp

        return jax, jnp
    except ImportError:
        return None, None


def eager_sin(number, repeat):
    """jnp.sin on 10 float32 elements, no transformation: per-op overhead."""
    import numjax.numpy as njnp

    x = njnp.ones(10)
    xn = np.ones(10, np.float32)
    rows = {"numpy": _time(lambda: np.sin(xn), number, repeat),
            "numjax": _time(lambda: njnp.sin(x), number, repeat)}
    jax, jnp = _jax()
    if jax:
        xj = jnp.ones(10)
        rows["jax"] = _time(lambda: jnp.sin(xj).block_until_ready(), number, repeat)
    return rows


def jit_add_one(number, repeat):
    """jit(lambda x: x + 1) on 10 elements: the jit call path's overhead."""
    import numjax

    x = numjax.numpy.ones(10)
    xn = np.ones(10, np.float32)
    one = np.float32(1)
    f = numjax.jit(lambda x: x + 1)
    rows = {"numpy": _time(lambda: np.add(xn, one), number, repeat),
            "numjax": _time(lambda: f(x), number, repeat)}
    jax, jnp = _jax()
    if jax:
        fj = jax.jit(lambda x: x + 1)
        xj = jnp.ones(10)
        rows["jax"] = _time(lambda: fj(xj).block_until_ready(), number, repeat)
    return rows


def eager_grad(number, repeat):
    """grad of a small scalar function, eagerly (no jit)."""
    import numjax

    def f(x, jnp):
        return jnp.sin(x) * jnp.exp(-x ** 2) + jnp.tanh(x)

    g = numjax.grad(lambda x: f(x, numjax.numpy))
    rows = {"numjax": _time(lambda: g(1.0), number, repeat)}
    jax, jnp = _jax()
    if jax:
        gj = jax.grad(lambda x: f(x, jnp))
        rows["jax"] = _time(lambda: gj(1.0).block_until_ready(), number, repeat)
    return rows


def import_time(number, repeat):
    """`import numjax` in a fresh process, minus `import numpy`."""
    def run(mod):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {mod}"], check=True)
        return time.perf_counter() - t0

    reps = max(3, repeat)
    rows = {"numpy": statistics.median(run("numpy") for _ in range(reps)),
            "numjax": statistics.median(run("numjax") for _ in range(reps))}
    if _jax()[0]:
        rows["jax"] = statistics.median(run("jax") for _ in range(reps))
    return rows


WORKLOADS = {
    "eager_sin": (eager_sin, 20000),
    "jit_add_one": (jit_add_one, 20000),
    "eager_grad": (eager_grad, 500),
    "import_time": (import_time, 1),
}


def _machine():
    blas = "unknown"
    try:
        info = np.show_config(mode="dicts")
        blas = info["Build Dependencies"]["blas"]["name"]
    except Exception:
        pass
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, NumPy {np.__version__} ({blas})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    parser.add_argument("--only", nargs="*", help="workload names to run")
    args = parser.parse_args(argv)
    print(f"machine: {_machine()}")
    jax, _ = _jax()
    print(f"jax: {jax.__version__ if jax else 'not installed (comparison skipped)'}")
    print(f"{'workload':<14} {'numjax':>12} {'numpy':>12} {'jax':>12} {'numjax/numpy':>13} "
          f"{'numjax/jax':>11}")
    for name, (fn, number) in WORKLOADS.items():
        if args.only and name not in args.only:
            continue
        n = max(1, number // 100) if args.quick else number
        rows = fn(n, 3 if args.quick else 7)
        unit = 1e3 if name == "import_time" else 1e6
        suffix = "ms" if name == "import_time" else "us"

        def fmt(key):
            return f"{rows[key] * unit:.2f}{suffix}" if key in rows else "-"

        r_np = f"{rows['numjax'] / rows['numpy']:.2f}x" if "numpy" in rows else "-"
        r_jax = f"{rows['numjax'] / rows['jax']:.2f}x" if "jax" in rows else "-"
        print(f"{name:<14} {fmt('numjax'):>12} {fmt('numpy'):>12} {fmt('jax'):>12} {r_np:>13} "
              f"{r_jax:>11}")


if __name__ == "__main__":
    main()
