"""Timing and reporting: interleaved rounds, medians, first-call vs steady state, ratios.

A workload gives, per framework, a `make(size)` that builds everything (data, jitted
functions) and returns a zero-argument `step` that runs the computation once and waits for
its result. The first `step()` after `make` is the first-call time (tracing and compiling
for jit frameworks); later calls are steady state. Frameworks are timed in interleaved
rounds so that a noisy neighbour slows all of them alike, and each figure is a median.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Callable


@dataclasses.dataclass
class Result:
    framework: str
    first: float | None = None  # seconds for the first call after make()
    steady: float | None = None  # median seconds per call
    note: str = ""  # why a framework was skipped


def _calibrate(step: Callable, budget: float) -> int:
    """Calls per sample so that one sample takes about `budget` seconds."""
    t0 = time.perf_counter()
    step()
    once = max(time.perf_counter() - t0, 1e-7)
    return max(1, int(budget / once))


def time_workload(makers: dict[str, Callable | None], repeat: int, budget: float,
                  first_call: bool) -> list[Result]:
    """Builds each framework's step, times its first call, then interleaves steady rounds.

    `makers` maps a framework to a zero-argument builder of its step; a builder that returns
    None means the framework is not installed, a None builder that it does not apply here.
    """
    results: dict[str, Result] = {}
    steps: dict[str, tuple[Callable, int]] = {}
    for name, make in makers.items():
        res = results[name] = Result(name)
        if make is None:
            res.note = "n/a at this size"
            continue
        try:
            step = make()
            if not step:
                res.note = "not installed"
                continue
            t0 = time.perf_counter()
            step()
            if first_call:
                res.first = time.perf_counter() - t0
        except NotImplementedError as e:  # a workload numjax cannot run yet, said plainly
            res.note = f"missing: {e}"
            continue
        step()
        steps[name] = (step, _calibrate(step, budget))
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(repeat):
        for name, (step, number) in steps.items():
            t0 = time.perf_counter()
            for _ in range(number):
                step()
            samples[name].append((time.perf_counter() - t0) / number)
    for name, xs in samples.items():
        results[name].steady = statistics.median(xs)
    return list(results.values())


def fmt_seconds(t: float | None) -> str:
    if t is None:
        return "-"
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.2f} ms"
    return f"{t * 1e6:.1f} us"


def ratio(numjax: float | None, other: float | None) -> str:
    """numjax's time divided by the other's: below 1 means numjax is faster."""
    if numjax is None or other is None or other == 0:
        return "-"
    return f"{numjax / other:.2f}"
