"""Benchmarks: numjax side by side with JAX, autograd, torch.func, hand-written batched NumPy
and a Python loop, in one run.

Usage: python -m bench [--quick] [--only NAME ...] [--markdown FILE]

Every comparison that is installed runs; a missing one is skipped and said so. Frameworks
are timed in interleaved rounds after warm-up; figures are medians; `first` is the first
call after building (tracing + compiling for jit), `steady` a later call. The ratio column
is numjax's steady time divided by the framework's: below 1, numjax is faster.
`--quick` uses small sizes and few rounds: a smoke test for CI that never fails on speed.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys

import numpy as np

from . import workloads as W
from .harness import fmt_seconds, ratio, time_workload

# name -> (what it measures, builder, full size, quick size, report first-call time)
WORKLOADS = {
    "article_step": ("the article's parallel_train_step, 3 cities x 100 houses",
                     W.regression, dict(models=3, houses=100), dict(models=3, houses=100), True),
    "per_user_10k": ("the same step for 10,000 per-user models x 100",
                     W.regression, dict(models=10_000, houses=100),
                     dict(models=500, houses=100), True),
    "cities_100x1000": ("100 cities x 1,000 houses", W.regression,
                        dict(models=100, houses=1000), dict(models=10, houses=100), True),
    "mlp_per_example": ("jit(vmap(grad)) per-example gradients, MLP 32-64-10, batch 256",
                        W.per_example_grads, dict(batch=256, din=32, hidden=64, dout=10),
                        dict(batch=16, din=8, hidden=16, dout=4), True),
    "lr_sweep_100": ("100 MLPs (32-64-10, batch 128), one learning rate each, one vmap",
                     W.lr_sweep, dict(models=100, batch=128, din=32, hidden=64, dout=10),
                     dict(models=4, batch=16, din=8, hidden=16, dout=4), True),
    "posterior_1000": ("vmap(value_and_grad) of a logistic log-posterior, 1,000 samples",
                       W.posterior, dict(samples=1000, n=200, d=10),
                       dict(samples=20, n=50, d=5), True),
    "eager_grad": ("grad of the article's messy_function, no jit", W.eager_grad, {}, {}, False),
    "jit_hessian": ("jit(hessian) of a logistic negative log-likelihood, d=10",
                    W.jit_hessian, dict(n=200, d=10), dict(n=20, d=3), True),
    "scan_rnn_grad": ("jit(grad) through a 100-step lax.scan tanh RNN, hidden 32, batch 16",
                      W.scan_rnn, dict(steps=100, batch=16, hidden=32),
                      dict(steps=5, batch=2, hidden=4), True),
    "cnn_grad": ("jit(grad) of a small CNN (stax Conv 3x3x8, MaxPool, Dense), batch 32, 28x28",
                 W.cnn, dict(batch=32, size=28, channels=8), dict(batch=2, size=8, channels=2),
                 True),
    "eager_op": ("jnp.sin on 10 elements, no jit: per-op overhead", W.eager_op,
                 dict(n=10), dict(n=10), False),
    "jit_add_one": ("jit(lambda x: x + 1) on 10 elements: call overhead", W.jit_add_one,
                    dict(n=10), dict(n=10), False),
    "import": ("import in a fresh process", W.import_time, {}, {}, False),
    "seed_listing": ("the article's whole listing as a process", W.seed_listing, {}, {}, False),
}


def machine() -> str:
    blas = "unknown BLAS"
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # older NumPy: no dict mode
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"NumPy {np.__version__} ({blas})")


def _dist_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:  # not installed as a distribution
        return "?"


def versions() -> str:
    out = []
    for name in ("numjax", "jax", "autograd", "torch"):
        mod = W.optional(name)
        if mod is None:
            out.append(f"{name}: not installed (skipped)")
        else:
            out.append(f"{name} {getattr(mod, '__version__', None) or _dist_version(name)}")
    return ", ".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds (CI)")
    parser.add_argument("--only", nargs="*", metavar="NAME", help=f"any of: {', '.join(WORKLOADS)}")
    parser.add_argument("--repeat", type=int, default=None, help="rounds per framework")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(WORKLOADS)
    if unknown:
        parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}")
    repeat = args.repeat or (3 if args.quick else 7)
    budget = 0.005 if args.quick else 0.1

    header = [f"date: {datetime.date.today()}", f"machine: {machine()}", versions(),
              f"mode: {'quick' if args.quick else 'full'}, {repeat} interleaved rounds, medians"]
    for line in header:
        print(line)
    rows = []
    line = f"{'workload':<16} {'framework':<9} {'first call':>11} {'steady':>11} {'numjax/it':>9}"
    print(line + "\n" + "-" * len(line))
    for name, (what, build, full, quick, first) in WORKLOADS.items():
        if args.only and name not in args.only:
            continue
        results = time_workload(build(**(quick if args.quick else full)), repeat, budget, first)
        base = next(r.steady for r in results if r.framework == "numjax")
        for r in results:
            cells = (r.note,) if r.note else (fmt_seconds(r.first), fmt_seconds(r.steady),
                                             ratio(base, r.steady))
            rows.append((name, r.framework, *cells))
            if r.note:
                print(f"{name:<16} {r.framework:<9} {r.note}")
            else:
                print(f"{name:<16} {r.framework:<9} {cells[0]:>11} {cells[1]:>11} {cells[2]:>9}")
        sys.stdout.flush()
    if args.markdown:
        write_markdown(args.markdown, header, rows)


def write_markdown(path, header, rows):
    with open(path, "w") as f:
        f.write("\n".join(f"- {h}" for h in header) + "\n\n")
        f.write("| workload | framework | first call | steady | numjax / it |\n")
        f.write("|---|---|---:|---:|---:|\n")
        for name, fw, *cells in rows:
            if len(cells) == 1:
                cells = [cells[0], "", ""]
            f.write(f"| {name} | {fw} | {' | '.join(cells)} |\n")
        f.write("\nWorkloads:\n\n")
        for name, (what, *_rest) in WORKLOADS.items():
            f.write(f"- `{name}`: {what}\n")


if __name__ == "__main__":
    main()
