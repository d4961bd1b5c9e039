"""`python -m numjax run SCRIPT.py`: unmodified JAX programs on numjax, and `install_as_jax`.

tests/jax_programs/mlp_regression.py is written for real JAX; JAX_OUTPUT is what real JAX
0.10.2 printed for it (`python tests/jax_programs/mlp_regression.py --steps 40` in a venv with
jax installed).
"""

import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

JAX_OUTPUT = """\
argv: ['--steps', '40'] | __name__: __main__
out_shape: (-1, 1) | n_params: 49
step   0 loss 0.52507
step  10 loss 0.16970
step  20 loss 0.16635
step  30 loss 0.16127
final loss 0.15124
per-example grad shapes: [((4, 1, 16), (4, 16)), (), ((4, 16, 1), (4, 1))]
grad norm: 4.12298
relu: [0. 2.] softmax: [0.09003057 0.24472848 0.66524094]
lax.stop_gradient: 3.0
norm: 5.0
dtype: float32 | tree: PyTreeDef({'a': *, 'b': (*, *)})
"""


def _run(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "numjax", *args], capture_output=True,
                          text=True, timeout=120, cwd=str(cwd), env=env)


def _same(expected: str, got: str) -> bool:
    """Same text; numbers equal to 1e-4 relative (float32 arithmetic differs in last bits)."""
    if NUM.sub("#", expected).replace(" ", "") != NUM.sub("#", got).replace(" ", ""):
        return False
    pairs = zip(NUM.findall(expected), NUM.findall(got), strict=True)
    return all(abs(float(a) - float(b)) <= 2e-5 + 1e-4 * abs(float(a)) for a, b in pairs)


def test_jax_program_prints_what_jax_printed():
    proc = _run("run", str(HERE / "jax_programs" / "mlp_regression.py"), "--steps", "40")
    assert proc.returncode == 0, proc.stderr
    expected, got = JAX_OUTPUT.splitlines(), proc.stdout.splitlines()
    mismatches = [f"expected {e!r}\n     got {g!r}" for e, g in zip(expected, got, strict=False)
                  if not _same(e, g)]
    assert not mismatches and len(got) == len(expected), "\n".join(mismatches) + proc.stdout


def test_article_listing_through_import_jax():
    """The seed listing does `importlib.import_module("jax")`: under `run` that is numjax."""
    env = {k: v for k, v in os.environ.items() if k != "JAXLIKE"}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-m", "numjax", "run", str(HERE / "seed_listing.py")],
                          capture_output=True, text=True, timeout=300, cwd=str(ROOT), env=env)
    assert proc.returncode == 0, proc.stderr
    expected = (HERE / "seed_listing.jax-0.10.2.out").read_text().splitlines()
    got = proc.stdout.splitlines()
    assert len(got) == len(expected)
    for e, g in zip(expected, got, strict=True):
        assert _same(e, g), (e, g)


def _script(tmp_path, source):
    path = tmp_path / "prog.py"
    path.write_text(textwrap.dedent(source))
    return path


def test_missing_function_names_itself(tmp_path):
    path = _script(tmp_path, """\
        import jax
        import jax.numpy as jnp
        x = jnp.ones(3)
        print("before")
        jax.lax.copy_p.bind(x)
        """)
    proc = _run("run", str(path))
    assert proc.returncode == 1
    assert proc.stdout == "before\n"
    assert proc.stderr.rstrip().endswith(
        "AttributeError: numjax does not implement jax.lax.copy_p yet"
    )
    # The traceback starts at the script, as with `python prog.py`.
    assert 'File "' + str(path) + '", line 5' in proc.stderr
    assert "runpy" not in proc.stderr


def test_missing_names_in_from_imports_and_modules(tmp_path):
    path = _script(tmp_path, """\
        import jax
        try:
            from jax.lax import copy_p
        except ImportError as e:
            print("from-import:", e)
        try:
            import jax.profiler
        except ImportError as e:
            print("import:", type(e).__name__, e)
        print("hasattr:", hasattr(jax.numpy, "no_such_function"))
        """)
    proc = _run("run", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "from-import: numjax does not implement jax.lax.copy_p yet",
        "import: ModuleNotFoundError numjax does not implement jax.profiler yet (this program "
        "runs with numjax standing in for jax)",
        "hasattr: False",
    ]


def test_modules_are_numjax_modules(tmp_path):
    path = _script(tmp_path, """\
        import sys
        import jax, jax.numpy as jnp, jax.lax, jax.random, jax.nn, jax.tree_util, jax.scipy.special
        import jax.example_libraries.optimizers
        from jax import numpy as jnp2, random
        from jax.example_libraries import stax
        import numjax
        assert jnp is jnp2 is jax.numpy and random is jax.random
        assert jax.grad is numjax.grad and jnp.sin is numjax.numpy.sin
        assert isinstance(jnp.ones(2), jax.Array) and isinstance(jnp.ones(2), numjax.Array)
        assert stax.Dense is numjax.example_libraries.stax.Dense
        assert jax.example_libraries.optimizers.adam is numjax.example_libraries.optimizers.adam
        assert jax.nn.initializers.glorot_normal is numjax.nn.initializers.glorot_normal
        from jax.numpy import *  # noqa: F403
        assert sin is numjax.numpy.sin and "linspace" in dir(jax.numpy)
        jax.config.update("jax_enable_x64", True)
        assert jnp.ones(2).dtype == jnp.float64
        print(sys.argv[1:], __name__, __file__.endswith("prog.py"))
        """)
    proc = _run("run", str(path), "--flag", "value", "-x")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "['--flag', 'value', '-x'] __main__ True\n"


def test_script_folder_is_importable_and_exit_codes(tmp_path):
    (tmp_path / "helper.py").write_text("VALUE = 41\n")
    path = _script(tmp_path, """\
        import sys
        import helper
        print(helper.VALUE + 1)
        sys.exit(3)
        """)
    proc = _run("run", str(path), cwd=ROOT)
    assert proc.stdout == "42\n" and proc.returncode == 3
    proc = _run("run", str(tmp_path / "missing.py"))
    assert proc.returncode == 2 and "no such script" in proc.stderr


def test_install_as_jax_in_a_fresh_process():
    code = textwrap.dedent("""\
        import numjax
        numjax.install_as_jax()
        numjax.install_as_jax()  # idempotent
        import jax, jax.numpy as jnp
        print(jax.jit(jax.grad(lambda x: jnp.sin(x) * x))(1.0))
        """)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    # d/dx x sin x = sin x + x cos x at 1.0, as JAX prints it.
    assert proc.stdout == "1.3817732\n"


def test_install_as_jax_refuses_when_real_jax_is_loaded(monkeypatch):
    import numjax

    monkeypatch.setitem(sys.modules, "jax", types.ModuleType("jax"))
    with pytest.raises(RuntimeError, match="already imported"):
        numjax.install_as_jax()
