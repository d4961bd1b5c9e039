"""Hyperparameter search: 100 learning rates trained at once, in one vmap.

The model is a linear regression written for ONE learning rate; `vmap` over the learning
rate (and over the parameters it produces) trains every candidate in the same jitted step,
sharing the data between them. The best learning rate is picked on held-out validation data.

    python examples/hyperparameter_search.py            # 100 rates, 200 epochs
    python examples/hyperparameter_search.py --small    # 20 rates, 50 epochs (for tests)
"""

import argparse
import warnings

import numjax as jax
import numjax.numpy as jnp
from numjax import random


def make_data(key, n_train, n_valid, n_features):
    """Features on scales from 1 to 10, so that the learning rate matters."""
    k_x, k_w, k_noise = random.split(key, 3)
    scales = jnp.logspace(0, 1, n_features)
    X = random.normal(k_x, (n_train + n_valid, n_features)) * scales
    true_w = random.normal(k_w, (n_features,))
    y = X @ true_w + 1.0 + 0.5 * random.normal(k_noise, (n_train + n_valid,))
    return (X[:n_train], y[:n_train]), (X[n_train:], y[n_train:])


def loss(params, X, y):
    w, b = params
    return jnp.mean((X @ w + b - y) ** 2)


def train_step(params, X, y, learning_rate):
    value, grads = jax.value_and_grad(loss)(params, X, y)
    new_params = jax.tree_util.tree_map(lambda p, g: p - learning_rate * g, params, grads)
    return new_params, value


# One step for every learning rate at once: params and rates batched, data shared.
all_rates_step = jax.jit(jax.vmap(train_step, in_axes=(0, None, None, 0)))
validation_loss = jax.jit(jax.vmap(loss, in_axes=(0, None, None)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, default=100, help="number of learning rates")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="20 rates, 50 epochs")
    args = parser.parse_args()
    if args.small:
        args.rates, args.epochs = 20, 50

    (X, y), (X_valid, y_valid) = make_data(random.PRNGKey(0), 200, 200, args.features)
    rates = jnp.logspace(-5, -1, args.rates)
    params = (jnp.zeros((args.rates, args.features)), jnp.zeros(args.rates))

    # Too-large rates diverge to inf/nan; that is expected here and measured below.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for _ in range(args.epochs):
            params, train_losses = all_rates_step(params, X, y, rates)
        valid_losses = validation_loss(params, X_valid, y_valid)

    diverged = ~jnp.isfinite(valid_losses) | (valid_losses > jnp.mean(y_valid**2))
    best = int(jnp.argmin(jnp.where(diverged, jnp.inf, valid_losses)))

    print(f"{args.rates} learning rates x {args.epochs} epochs, trained at once "
          f"(one jit(vmap(train_step)) call per epoch)\n")
    print(f"{'':2}{'learning rate':>14} {'train MSE':>12} {'valid MSE':>12}  status")
    shown = sorted(set(range(0, args.rates, max(1, args.rates // 10))) | {best, args.rates - 1})
    for i in shown:
        status = "diverged" if bool(diverged[i]) else ""
        marker = "*" if i == best else ""
        print(f"{marker:2}{float(rates[i]):>14.3g} {float(train_losses[i]):>12.4g} "
              f"{float(valid_losses[i]):>12.4g}  {status}")
    print(f"\nbest learning rate: {float(rates[best]):.3g} "
          f"(validation MSE {float(valid_losses[best]):.4f})")
    print(f"diverged: {int(jnp.sum(diverged))} of {args.rates}")


if __name__ == "__main__":
    main()
