"""`python -m numjax demo`: the article's table as real JAX prints it, then converged models.

References: the article's part of the demo is compared line by line with what real JAX 0.10.2
printed for the article's listing (seed_listing.jax-0.10.2.out); the converged part with the
least-squares fit of the same data computed with NumPy's float64 `lstsq` (recorded below).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

# np.linalg.lstsq (float64) on the article's data as real JAX generates it (PRNGKey(42)):
# (slope, intercept, standard error of the intercept) per city.
LEAST_SQUARES = [(50.12571865, 94.26666148, 12.77), (29.92567266, 205.6115947, 8.87),
                 (80.02613428, 50.75212042, 13.68)]
TRUE = [(50.0, 100.0), (30.0, 200.0), (80.0, 50.0)]


def _same(expected: str, got: str) -> bool:
    """Same text, numbers equal to rtol 1e-4 (NumPy's float32 differs from XLA's in last bits)."""
    if NUM.sub("#", expected).replace(" ", "") != NUM.sub("#", got).replace(" ", ""):
        return False
    pairs = zip(NUM.findall(expected), NUM.findall(got), strict=True)
    return all(abs(float(a) - float(b)) <= 1e-5 + 1e-4 * abs(float(a)) for a, b in pairs)


def _run(*args, timeout=120):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "numjax", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=str(ROOT), env=env)


@pytest.fixture(scope="module")
def demo_lines():
    from numjax._src import demo

    lines = []
    assert demo.main(out=lambda s="": lines.extend(str(s).split("\n"))) == 0
    return lines


def _jax_project_lines():
    lines = (HERE / "seed_listing.jax-0.10.2.out").read_text().splitlines()
    start = lines.index("== project: parallel linear regression") + 1
    end = lines.index("== exercises")
    return lines[start:end]


def test_article_part_prints_what_jax_printed(demo_lines):
    expected = _jax_project_lines()
    # The demo prints the article's text around the listing's lines (a "Training..." line,
    # the dashes under the table header): every line JAX printed must appear, in order.
    got = iter(demo_lines)
    for line in expected:
        for candidate in got:
            if _same(line, candidate):
                break
        else:
            pytest.fail(f"JAX's line {line!r} not found (in order) in the demo's output:\n"
                        + "\n".join(demo_lines))


def test_article_table_is_exact(demo_lines):
    """The final table's numbers are printed with 2 decimals: they must match JAX exactly."""
    expected = _jax_project_lines()[-4:]
    header = demo_lines.index(expected[0])
    assert demo_lines[header + 1] == "-" * 70
    assert demo_lines[header + 2 : header + 5] == expected[1:]


def _converged_rows(lines):
    start = next(i for i, s in enumerate(lines) if s.startswith("== What the article meant"))
    header = next(i for i in range(start, len(lines)) if lines[i].startswith("City"))
    rows = []
    for line in lines[header + 2 :]:
        if not line.strip():
            break
        rows.append([float(v) for v in NUM.findall(line)])
    return rows


def test_converged_part_reaches_least_squares_and_truth(demo_lines):
    rows = _converged_rows(demo_lines)
    assert len(rows) == 3
    for row, (ls_slope, ls_intercept, se), (true_slope, true_intercept) in zip(
        rows, LEAST_SQUARES, TRUE, strict=True
    ):
        _, t_slope, slope, t_intercept, intercept, printed_se, p_slope, p_intercept = row
        assert (t_slope, t_intercept) == (true_slope, true_intercept)
        assert slope == pytest.approx(ls_slope, abs=0.01)
        assert intercept == pytest.approx(ls_intercept, abs=0.02)
        assert (p_slope, p_intercept) == pytest.approx((ls_slope, ls_intercept), abs=0.01)
        assert printed_se == pytest.approx(se, abs=0.6)  # printed to 0 decimals
        # Converged means: as close to the truth as the noise allows.
        assert abs(slope - true_slope) < 3 * 0.23
        assert abs(intercept - true_intercept) < 3 * se
    assert "True intercept within 2 standard errors: 3 of 3 cities" in " ".join(demo_lines)


def test_explains_the_bad_conditioning(demo_lines):
    text = " ".join(demo_lines)
    assert "Why the intercepts are far off" in text
    # Condition numbers of 2 [[E x^2, E x], [E x, 1]] for the 3 cities' sizes in [10, 100).
    cond = re.search(r"curvature along the slope is ([\d,]+) to ([\d,]+) times", text)
    lo, hi = (float(c.replace(",", "")) for c in cond.groups())
    assert 10_000 < lo < hi < 40_000


def test_adam_converges_too():
    from numjax._src import demo

    lines = []
    demo.main(method="adam", out=lambda s="": lines.extend(str(s).split("\n")))
    for row, (ls_slope, ls_intercept, _) in zip(_converged_rows(lines), LEAST_SQUARES,
                                               strict=True):
        assert row[2] == pytest.approx(ls_slope, abs=0.02)
        assert row[4] == pytest.approx(ls_intercept, abs=0.2)


def test_command_line_small_run():
    proc = _run("demo", "--cities", "12", "--samples", "40", "--epochs", "30", "--seed", "1")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "X shape: (12, 40, 1)" in out and "Y shape: (12, 40)" in out
    assert "\r" not in out  # no progress line when stdout is not a terminal
    rows = _converged_rows(out.splitlines())
    assert len(rows) == 10  # 12 cities: the first and last five are shown
    assert [int(r[0]) for r in rows] == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]


def _main(capsys, *args):
    from numjax.__main__ import main

    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_help_explains_the_commands(capsys):
    code, out, _ = _main(capsys, "--help")
    assert code == 0
    for word in ("demo", "run", "jit(vmap(value_and_grad", "standing in for jax"):
        assert word in out
    code, out, _ = _main(capsys, "demo", "--help")
    assert code == 0
    for flag in ("--cities", "--samples", "--epochs", "--seed", "--plot", "--method"):
        assert flag in out
    code, _, err = _main(capsys, "demo", "--epochs", "0")
    assert code == 2 and "--epochs must be at least 1" in err


def test_plot(tmp_path):
    path = tmp_path / "demo.png"
    proc = _run("demo", "--epochs", "20", "--plot", str(path))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert proc.returncode != 0
        assert "--plot needs matplotlib" in proc.stderr
        assert "Traceback" not in proc.stderr
        return
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_line_only_when_enabled():
    import io

    import numjax.numpy as jnp
    from numjax._src.demo import Progress

    buffer = io.StringIO()
    progress = Progress(True, 10, "training", out=buffer)
    progress.update(10, jnp.array([4.0, 2.0]))
    progress.clear()
    text = buffer.getvalue()
    assert text.startswith("\r  training [" + "#" * 30 + "] 10/10 epochs, mean loss 3")
    assert text.endswith("\r\033[K")
    silent = io.StringIO()
    Progress(False, 10, "training", out=silent).update(10, jnp.array([1.0]))
    assert silent.getvalue() == ""
