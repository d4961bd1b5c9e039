"""Each program in examples/ runs at a small size and prints results that make sense.

The checks are facts about the problem, not numjax's own numbers: the chosen learning rate
has the lowest validation error and did not diverge, credible intervals contain the true
parameters, derivatives match their closed forms, and so on.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf")


def run_example(name, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / name), *args],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def numbers(line):
    return [float(v) for v in NUM.findall(line)]


def line_with(out, text):
    return next(line for line in out.splitlines() if text in line)


def test_hyperparameter_search():
    out = run_example("hyperparameter_search.py", "--small")
    lines = out.splitlines()
    header = next(i for i, s in enumerate(lines) if "learning rate" in s and "valid MSE" in s)
    rows = []
    for line in lines[header + 1 :]:
        if not line.strip():
            break
        rows.append((line.startswith("*"), "diverged" in line, numbers(line)))
    best = [r for r in rows if r[0]]
    assert len(best) == 1
    _, best_diverged, (best_rate, _, best_valid) = best[0]
    assert not best_diverged
    finite_valid = [r[2][2] for r in rows if not r[1]]
    assert best_valid == min(finite_valid)
    assert numbers(line_with(out, "best learning rate:")) == pytest.approx(
        [best_rate, best_valid], rel=1e-3)
    # Larger rates than the stability limit diverge; smaller ones train too slowly.
    diverged, total = numbers(line_with(out, "diverged:"))
    assert total == 20 and 1 <= diverged < 10
    assert all(r[1] for r in rows if r[2][0] > best_rate * 2.5)


def test_ensemble():
    out = run_example("ensemble.py", "--small")
    spread_data, spread_none = numbers(line_with(out, "mean spread where there is data"))
    assert spread_none > 2 * spread_data
    ensemble, member = numbers(line_with(out, "RMS error where there is data"))
    assert ensemble <= member  # the average of predictions is never worse (triangle inequality)
    assert ensemble < 0.15
    assert "5 members x 400 Adam steps" in out


def test_per_user():
    out = run_example("per_user.py", "--users", "300", "--epochs", "100")
    global_line = line_with(out, "one global model")
    user_line = line_with(out, "one model per user")
    g_params, g_mse, g_better = numbers(global_line)
    u_params, u_mse, u_better = numbers(user_line.replace(",", ""))
    assert (g_params, u_params) == (3, 900)
    assert g_better + u_better == 300 and u_better > 250
    # Per-user models approach the noise floor (0.25); one global model cannot fit tastes
    # that differ by a standard normal per feature (about 3 more).
    assert 0.2 < u_mse < 0.4 and g_mse > 2.0
    taste = numbers(line_with(out, "global model's taste"))[:3]
    assert taste == pytest.approx([1.0, -2.0, 0.5], abs=0.2)


def test_bayesian():
    out = run_example("bayesian.py", "--small")
    acceptance = numbers(line_with(out, "acceptance rate"))[2]
    assert 0.5 < acceptance < 0.99
    for name, true in (("intercept", -0.5), ("weight 1", 1.5), ("weight 2", -1.0)):
        line = line_with(out, name + " ")
        values = numbers(line.replace(name, ""))
        assert values[0] == true
        mean, sd, lower, upper = values[1:5]
        assert lower < mean < upper and lower <= true <= upper
        assert abs(mean - true) < 3 * sd
        assert line.rstrip().endswith("yes")
    # Predicted probabilities: the interval contains the true probability.
    for line in out.splitlines()[-3:]:
        true_p, mean_p, lower, upper = numbers(line.split("]", 1)[1])
        assert lower <= true_p <= upper and lower <= mean_p <= upper


def test_exercise_gradient_verification():
    out = run_example("exercise_gradient_verification.py", "--points", "200")
    assert numbers(line_with(out, "largest |grad(sin) - cos|"))[-1] < 1e-6
    for line in out.splitlines()[1:9]:
        _, g, _, _, central = numbers(line)
        assert abs(g - central) < 1e-2  # float32 central differences with h = 1e-3


def test_exercise_second_derivatives():
    out = run_example("exercise_second_derivatives.py", "--points", "200")
    for line in out.splitlines()[1:9]:
        x, second, _, hessian = numbers(line)
        assert second == pytest.approx(6 * x, abs=1e-4) and hessian == pytest.approx(6 * x,
                                                                                    abs=1e-4)
    assert numbers(line_with(out, "largest |grad(grad(cube))(x) - 6x|"))[-1] < 1e-3
    assert numbers(line_with(out, "third derivative"))[-2:] == [6.0, 6.0]


def test_exercise_ensemble():
    out = run_example("exercise_ensemble.py", "--epochs", "200")
    initial = numbers(line_with(out, "initial:"))
    raw = numbers(line_with(out, "raw sizes:"))
    standardized = numbers(line_with(out, "standardized:"))
    assert raw[0] < 0.05 * initial[0]  # slopes agree
    assert raw[1] > 0.5 * initial[1]  # intercepts keep their initial differences
    assert max(standardized) < 1e-2  # all members reach the same answer
    rows = [numbers(s) for s in out.splitlines() if re.match(r"^\d+\s+-?\d+\.\d\d ", s)]
    assert len(rows) == 10
    for row in rows:
        assert row[5] == pytest.approx(50.16, abs=0.5)  # least-squares slope of this data
