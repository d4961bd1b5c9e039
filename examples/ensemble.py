"""Ensembles: 10 networks from 10 random initializations, trained at once.

One small MLP (stax) is written for one set of parameters; `vmap` over the parameters trains
all members in one jitted step on the same data. Averaging their predictions gives a more
robust fit, and their spread shows where the data says little: it grows away from the
training points.

    python examples/ensemble.py             # 10 members, 1500 steps
    python examples/ensemble.py --small     # 5 members, 400 steps (for tests)
"""

import argparse

import numjax as jax
import numjax.numpy as jnp
from numjax import random
from numjax.example_libraries import optimizers, stax

init_fun, apply_fun = stax.serial(stax.Dense(32), stax.Tanh, stax.Dense(32), stax.Tanh,
                                  stax.Dense(1))


def make_data(key, n):
    """y = sin(x) + noise, observed on [-3, -1] and [1, 3] only: a gap in the middle."""
    k_x, k_side, k_noise = random.split(key, 3)
    x = random.uniform(k_x, (n, 1), minval=1.0, maxval=3.0)
    x = jnp.where(random.bernoulli(k_side, 0.5, (n, 1)), x, -x)
    return x, jnp.sin(x) + 0.1 * random.normal(k_noise, (n, 1))


def loss(params, x, y):
    return jnp.mean((apply_fun(params, x) - y) ** 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--steps", type=int, default=1500)
    parser.add_argument("--small", action="store_true", help="5 members, 400 steps")
    args = parser.parse_args()
    if args.small:
        args.members, args.steps = 5, 400

    key_data, key_init = random.split(random.PRNGKey(0))
    x, y = make_data(key_data, 100)
    keys = random.split(key_init, args.members)
    params = jax.vmap(lambda k: init_fun(k, (-1, 1))[1])(keys)  # every leaf gets a member axis

    # Adam's update is elementwise, so it applies to all members' parameters as they are;
    # only the gradient needs vmap (each member's loss depends on its own parameters).
    opt_init, opt_update, get_params = optimizers.adam(0.01)
    member_grads = jax.vmap(jax.value_and_grad(loss), in_axes=(0, None, None))

    @jax.jit
    def step(i, opt_state):
        losses, grads = member_grads(get_params(opt_state), x, y)
        return opt_update(i, grads, opt_state), losses

    opt_state = opt_init(params)
    for i in range(args.steps):
        opt_state, losses = step(i, opt_state)
    params = get_params(opt_state)

    grid = jnp.linspace(-5.0, 5.0, 11)[:, None]
    preds = jax.vmap(apply_fun, in_axes=(0, None))(params, grid)[:, :, 0]  # (members, points)
    mean, spread = jnp.mean(preds, axis=0), jnp.std(preds, axis=0)

    print(f"{args.members} members x {args.steps} Adam steps, trained at once; final training "
          f"MSE per member {float(jnp.min(losses)):.4f} to {float(jnp.max(losses)):.4f}\n")
    print(f"{'x':>5} {'sin(x)':>8} {'ensemble mean':>14} {'spread (sd)':>12}  data here?")
    inside = (jnp.abs(grid[:, 0]) >= 1.0) & (jnp.abs(grid[:, 0]) <= 3.0)
    for j in range(grid.shape[0]):
        print(f"{float(grid[j, 0]):>5.1f} {float(jnp.sin(grid[j, 0])):>8.3f} "
              f"{float(mean[j]):>14.3f} {float(spread[j]):>12.3f}  "
              f"{'yes' if bool(inside[j]) else 'no'}")
    print(f"\nmean spread where there is data: {float(jnp.mean(spread[inside])):.3f}; "
          f"where there is none: {float(jnp.mean(spread[~inside])):.3f}")
    # Squared error is convex, so the average's error is never above the members' average.
    truth = jnp.sin(grid[inside, 0])
    ensemble_rmse = jnp.sqrt(jnp.mean((mean[inside] - truth) ** 2))
    member_rmse = jnp.sqrt(jnp.mean((preds[:, inside] - truth) ** 2, axis=1))
    print(f"RMS error where there is data: ensemble mean {float(ensemble_rmse):.3f}, "
          f"one member on average {float(jnp.mean(member_rmse)):.3f}")


if __name__ == "__main__":
    main()
