"""The article's exercise 3: grad of grad of x**3 is 6x.

`jax.grad` returns a function, so it can be differentiated again; `vmap` evaluates the
second derivative at many points at once. `jax.hessian` (forward over reverse) agrees.

    python examples/exercise_second_derivatives.py
"""

import argparse

import numjax as jax
import numjax.numpy as jnp


def cube(x):
    return x**3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    args = parser.parse_args()

    second = jax.grad(jax.grad(cube))
    print(f"{'x':>6} {'grad(grad(cube))(x)':>20} {'6x':>8} {'hessian(cube)(x)':>17}")
    for x in (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0):
        print(f"{x:>6.1f} {float(second(x)):>20.4f} {6 * x:>8.1f} "
              f"{float(jax.hessian(cube)(x)):>17.4f}")

    xs = jnp.linspace(-10.0, 10.0, args.points)
    batched = jax.jit(jax.vmap(second))(xs)
    error = jnp.max(jnp.abs(batched - 6 * xs))
    print(f"\nlargest |grad(grad(cube))(x) - 6x| over {args.points} points in [-10, 10]: "
          f"{float(error):.1e}")
    third = jax.grad(jax.grad(jax.grad(cube)))
    print(f"third derivative at 1.0 and 7.0 (should be 6): {float(third(1.0))}, "
          f"{float(third(7.0))}")


if __name__ == "__main__":
    main()
