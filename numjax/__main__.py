"""The `numjax` command: `python -m numjax demo` and `python -m numjax run SCRIPT.py [args]`."""

import argparse
import os
import sys
import traceback

_DESCRIPTION = """\
numjax: JAX's transformations (grad, vmap, jit, ...) in pure Python on NumPy.

commands:
  demo   train the article's project: one linear model per city, all cities at once with
         jit(vmap(value_and_grad(loss))); print its table, explain why it does not converge,
         then train the same models so that they do (no files, no network needed)
  run    run an unmodified JAX program with numjax standing in for jax
         (`import jax` gives numjax; a missing function fails with a message naming it)

examples:
  python -m numjax demo
  python -m numjax demo --cities 100 --samples 1000 --plot cities.png
  python -m numjax run my_jax_program.py --its-own-flags
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m numjax",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="{demo,run}")

    demo = commands.add_parser(
        "demo",
        help="the article's parallel linear regression, then the same models converged",
        description="Trains one linear model (price = slope * size + intercept) per city on "
        "synthetic housing data, all cities at once with jit(vmap(value_and_grad(loss))). "
        "Part 1 is the article's code and prints the article's table (the numbers JAX "
        "prints); part 2 trains the same models so that they converge and compares them "
        "with the true parameters.",
    )
    demo.add_argument("--cities", type=int, default=3, help="number of cities (default 3)")
    demo.add_argument("--samples", type=int, default=100, help="houses per city (default 100)")
    demo.add_argument("--epochs", type=int, default=2000, help="training epochs (default 2000)")
    demo.add_argument("--seed", type=int, default=42, help="PRNGKey seed (default 42)")
    demo.add_argument(
        "--method",
        choices=("standardize", "adam"),
        default="standardize",
        help="how part 2 converges: gradient descent on the standardized house size "
        "(default), or Adam on the raw size",
    )
    demo.add_argument("--plot", metavar="FILE.png", help="draw data, fitted lines, loss curves "
                      "(needs matplotlib: pip install 'numjax[plot]')")
    demo.add_argument("--no-progress", action="store_true",
                      help="no progress line while training (it is shown only on a terminal)")

    run = commands.add_parser(
        "run",
        help="run a JAX program unchanged, with numjax standing in for jax",
        description="Runs SCRIPT as __main__ with sys.argv = [SCRIPT, *ARGS]; `import jax` "
        "(and jax.numpy, jax.lax, jax.random, jax.nn, jax.tree_util, jax.scipy, "
        "jax.example_libraries, ...) import numjax's modules. Anything numjax lacks fails "
        "with 'numjax does not implement jax.<name> yet'.",
    )
    run.add_argument("script", metavar="SCRIPT.py", help="the JAX program to run")
    run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                     help="arguments passed on to the script")
    return parser


def _check_positive(parser, args):
    for name in ("cities", "samples", "epochs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, got {getattr(args, name)}")


def _print_script_traceback(error, script):
    """Prints the traceback as `python SCRIPT` would: from the script's first frame on."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != script:
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb or error.__traceback__)


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        _check_positive(parser, args)
        from numjax._src import demo

        try:
            return demo.main(
                cities=args.cities, samples=args.samples, epochs=args.epochs, seed=args.seed,
                method=args.method, plot=args.plot,
                progress=not args.no_progress and sys.stdout.isatty(),
            )
        except BrokenPipeError:  # `python -m numjax demo | head`: stop quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
            return 0
    if args.command == "run":
        from numjax._src.jax_shim import run_script

        if not os.path.isfile(args.script):
            parser.error(f"no such script: {args.script}")
        try:
            run_script(args.script, args.args)
        except Exception as e:  # noqa: BLE001 - any error of the script is reported as python would
            _print_script_traceback(e, args.script)
            return 1
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
