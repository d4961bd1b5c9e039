"""The benchmark suite's quick mode as a smoke test: every workload runs under numjax and
prints a row. Speed is never asserted here (timed tests are flaky on shared machines)."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_quick_bench_runs_every_workload(tmp_path):
    from bench.run import WORKLOADS

    md = tmp_path / "bench.md"
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--repeat", "1", "--markdown", str(md)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    numjax_rows = {line.split()[0]: line for line in out.splitlines()
                   if len(line.split()) > 1 and line.split()[1] == "numjax"}
    assert set(numjax_rows) == set(WORKLOADS)
    for name, line in numjax_rows.items():
        assert "missing" not in line, line
    assert "| article_step | numjax |" in md.read_text()


def test_unknown_workload_is_an_error():
    proc = subprocess.run([sys.executable, "-m", "bench", "--only", "nope"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "unknown workload" in proc.stderr
