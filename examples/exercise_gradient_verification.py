"""The article's exercise 1: the derivative of sin, by jax.grad, is cos.

`grad(jnp.sin)` takes one scalar; `vmap` evaluates it at 1000 points in one call, and the
result is compared with `jnp.cos` everywhere (and, at a few points, with central differences).

    python examples/exercise_gradient_verification.py
    python examples/exercise_gradient_verification.py --plot sin.png   # needs matplotlib
"""

import argparse
import math

import numjax as jax
import numjax.numpy as jnp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--plot", metavar="FILE.png", help="plot grad(sin) over cos")
    args = parser.parse_args()

    xs = jnp.linspace(-2 * math.pi, 2 * math.pi, args.points)
    d_sin = jax.jit(jax.vmap(jax.grad(jnp.sin)))(xs)
    error = jnp.abs(d_sin - jnp.cos(xs))

    # An independent check: central differences, which know nothing about derivative rules.
    h = 1e-3
    print(f"{'x':>8} {'grad(sin)(x)':>13} {'cos(x)':>10} {'difference':>11} "
          f"{'(sin(x+h)-sin(x-h))/2h':>23}")
    for x in (-math.pi, -math.pi / 2, -1.0, 0.0, 0.5, 1.0, math.pi / 2, math.pi):
        g, c = float(jax.grad(jnp.sin)(x)), float(jnp.cos(x))
        central = (float(jnp.sin(x + h)) - float(jnp.sin(x - h))) / (2 * h)
        print(f"{x:>8.4f} {g:>13.7f} {c:>10.7f} {g - c:>11.1e} {central:>23.4f}")
    print(f"\nlargest |grad(sin) - cos| over {args.points} points in [-2 pi, 2 pi]: "
          f"{float(jnp.max(error)):.1e}")

    if args.plot:
        try:
            import matplotlib
        except ImportError:
            raise SystemExit("--plot needs matplotlib: pip install matplotlib") from None
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4))
        ax.plot(xs, jnp.sin(xs), color="gray", label="sin(x)")
        ax.plot(xs, jnp.cos(xs), lw=4, alpha=0.4, label="cos(x)")
        ax.plot(xs, d_sin, "k--", label="jax.grad(jnp.sin)(x)")
        ax.legend()
        fig.savefig(args.plot, dpi=100)
        print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()
