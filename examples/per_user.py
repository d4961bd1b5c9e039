"""Per-user personalization: one small model for each of 10,000 users, trained at once.

Each user's ratings follow their own linear taste in a few item features, scattered around a
population-wide taste. The model and its training step are written for ONE user; `vmap`
over users trains all 10,000 models in one jitted step. One global model fitted to everyone's
data pooled is the baseline; both are scored on each user's held-out ratings.

    python examples/per_user.py                 # 10,000 users
    python examples/per_user.py --users 500     # smaller (the tests use this)
"""

import argparse
import time

import numjax as jax
import numjax.numpy as jnp
from numjax import random

N_FEATURES = 3


def make_data(key, n_users, n_ratings):
    """Ratings = features . (population taste + personal taste) + noise (sd 0.5)."""
    k_taste, k_x, k_noise = random.split(key, 3)
    population = jnp.array([1.0, -2.0, 0.5])
    tastes = population + random.normal(k_taste, (n_users, N_FEATURES))
    X = random.normal(k_x, (n_users, 2 * n_ratings, N_FEATURES))
    y = jnp.einsum("uf,unf->un", tastes, X) + 0.5 * random.normal(k_noise, (n_users, 2 * n_ratings))
    train = X[:, :n_ratings], y[:, :n_ratings]
    test = X[:, n_ratings:], y[:, n_ratings:]
    return train, test, tastes


def loss(w, X, y):
    return jnp.mean((X @ w - y) ** 2)


def train_step(w, X, y):
    value, grad = jax.value_and_grad(loss)(w, X, y)
    return w - 0.1 * grad, value


per_user_step = jax.jit(jax.vmap(train_step))  # every argument has a user axis
global_step = jax.jit(train_step)
per_user_loss = jax.jit(jax.vmap(loss, in_axes=(0, 0, 0)))
global_model_loss = jax.jit(jax.vmap(loss, in_axes=(None, 0, 0)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--ratings", type=int, default=20, help="training ratings per user")
    parser.add_argument("--epochs", type=int, default=200)
    args = parser.parse_args()

    (X, y), (X_test, y_test), tastes = make_data(random.PRNGKey(0), args.users, args.ratings)

    start = time.perf_counter()
    w_users = jnp.zeros((args.users, N_FEATURES))
    for _ in range(args.epochs):
        w_users, _ = per_user_step(w_users, X, y)
    per_user_seconds = time.perf_counter() - start

    X_all, y_all = X.reshape(-1, N_FEATURES), y.reshape(-1)
    w_global = jnp.zeros(N_FEATURES)
    for _ in range(args.epochs):
        w_global, _ = global_step(w_global, X_all, y_all)

    mse_users = per_user_loss(w_users, X_test, y_test)
    mse_global = global_model_loss(w_global, X_test, y_test)
    better = int(jnp.sum(mse_users < mse_global))

    print(f"{args.users:,} users, {args.ratings} training ratings each; {args.epochs} epochs of "
          f"gradient descent")
    print(f"all {args.users:,} per-user models trained at once in {per_user_seconds:.2f} s "
          f"({1e3 * per_user_seconds / args.epochs:.2f} ms per jit(vmap(train_step)) call)\n")
    print(f"{'model':<22} {'parameters':>11} {'held-out MSE':>13} {'users served better':>20}")
    print(f"{'one global model':<22} {N_FEATURES:>11,} {float(jnp.mean(mse_global)):>13.3f} "
          f"{args.users - better:>20,}")
    print(f"{'one model per user':<22} {args.users * N_FEATURES:>11,} "
          f"{float(jnp.mean(mse_users)):>13.3f} {better:>20,}")
    taste_error = jnp.sqrt(jnp.mean((w_users - tastes) ** 2))
    print(f"\nglobal model's taste: {[round(float(v), 2) for v in w_global]} "
          "(population: [1.0, -2.0, 0.5])")
    print(f"per-user tastes recovered to RMS error {float(taste_error):.3f} "
          f"(noise floor: held-out MSE 0.25)")


if __name__ == "__main__":
    main()
