"""Bayesian logistic regression: 1000 posterior samples, all evaluated at once.

1000 Markov chains (Metropolis-adjusted Langevin, MALA) run side by side: the step is written
for ONE chain, with `grad` of the log posterior, and `vmap` runs all chains in one jitted
call. The final state of each chain is one posterior sample; the 1000 samples give the
posterior mean, 95% credible intervals, and predictions with their uncertainty, again
evaluated for all samples at once with `vmap`.

    python examples/bayesian.py             # 1000 chains, 150 steps
    python examples/bayesian.py --small     # 200 chains, 100 steps (for tests)
"""

import argparse

import numjax as jax
import numjax.numpy as jnp
from numjax import random

TRUE_BETA = jnp.array([-0.5, 1.5, -1.0])  # intercept, two feature weights
NAMES = ("intercept", "weight 1", "weight 2")
PRIOR_SD = 5.0


def make_data(key, n):
    k_x, k_y = random.split(key)
    X = jnp.concatenate([jnp.ones((n, 1)), random.normal(k_x, (n, 2))], axis=1)
    y = random.bernoulli(k_y, jax.nn.sigmoid(X @ TRUE_BETA)).astype(jnp.float32)
    return X, y


def log_posterior(beta, X, y):
    """log p(beta | data) up to a constant: Bernoulli likelihood, N(0, PRIOR_SD^2) prior."""
    logits = X @ beta
    log_likelihood = jnp.sum(y * logits - jax.nn.softplus(logits))
    return log_likelihood - 0.5 * jnp.sum(beta**2) / PRIOR_SD**2


def mala_step(key, state, X, y, step, precond):
    """One Metropolis-adjusted Langevin step for ONE chain (diagonal preconditioner).

    `state` is (beta, its log posterior, its gradient), carried so each step differentiates
    the log posterior once, at the proposal.
    """
    beta, lp, g = state
    k_move, k_accept = random.split(key)
    forward_mean = beta + 0.5 * step * precond * g
    proposal = forward_mean + jnp.sqrt(step * precond) * random.normal(k_move, beta.shape)
    lp_new, g_new = jax.value_and_grad(log_posterior)(proposal, X, y)
    backward_mean = proposal + 0.5 * step * precond * g_new
    log_q_forward = -jnp.sum((proposal - forward_mean) ** 2 / precond) / (2 * step)
    log_q_backward = -jnp.sum((beta - backward_mean) ** 2 / precond) / (2 * step)
    log_ratio = lp_new - lp + log_q_backward - log_q_forward
    accept = jnp.log(random.uniform(k_accept)) < log_ratio
    new_state = tuple(jnp.where(accept, new, old)
                      for new, old in zip((proposal, lp_new, g_new), state, strict=True))
    return new_state, accept


all_chains_step = jax.jit(jax.vmap(mala_step, in_axes=(0, 0, None, None, None, None)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", type=int, default=1000, help="posterior samples")
    parser.add_argument("--steps", type=int, default=150, help="MALA steps per chain")
    parser.add_argument("--data", type=int, default=200, help="observations")
    parser.add_argument("--small", action="store_true", help="200 chains, 100 steps")
    args = parser.parse_args()
    if args.small:
        args.chains, args.steps = 200, 100

    key_data, key_init, key_run = random.split(random.PRNGKey(0), 3)
    X, y = make_data(key_data, args.data)

    # Preconditioner: inverse curvature of the log posterior at beta = 0 (jax.hessian).
    precond = 1.0 / jnp.diag(jax.hessian(lambda b: -log_posterior(b, X, y))(jnp.zeros(3)))
    betas = jnp.sqrt(precond) * random.normal(key_init, (args.chains, 3))
    state = (betas, *jax.vmap(jax.value_and_grad(log_posterior), in_axes=(0, None, None))(
        betas, X, y))
    accepted = jnp.zeros(args.chains)
    for t in range(args.steps):
        keys = random.split(random.fold_in(key_run, t), args.chains)
        state, accept = all_chains_step(keys, state, X, y, 2.0, precond)
        accepted = accepted + accept
    betas = state[0]

    mean, sd = jnp.mean(betas, axis=0), jnp.std(betas, axis=0)
    lower, upper = jnp.quantile(betas, 0.025, axis=0), jnp.quantile(betas, 0.975, axis=0)
    print(f"{args.chains} MALA chains x {args.steps} steps, run at once "
          f"(acceptance rate {float(jnp.mean(accepted)) / args.steps:.2f}); "
          f"{args.data} observations\n")
    print(f"{'parameter':<10} {'true':>6} {'posterior mean':>15} {'sd':>6} "
          f"{'95% credible interval':>23}  true inside?")
    for j, name in enumerate(NAMES):
        inside = bool((lower[j] <= TRUE_BETA[j]) & (TRUE_BETA[j] <= upper[j]))
        print(f"{name:<10} {float(TRUE_BETA[j]):>6.2f} {float(mean[j]):>15.3f} "
              f"{float(sd[j]):>6.3f} {f'[{float(lower[j]):.3f}, {float(upper[j]):.3f}]':>23}  "
              f"{'yes' if inside else 'no'}")

    # Predictions: P(y = 1 | x) under every posterior sample at once.
    X_new = jnp.array([[1.0, -1.0, 1.0], [1.0, 0.0, 0.0], [1.0, 1.0, -1.0]])
    probs = jax.vmap(lambda b: jax.nn.sigmoid(X_new @ b))(betas)  # (samples, points)
    p_lower, p_upper = jnp.quantile(probs, 0.025, axis=0), jnp.quantile(probs, 0.975, axis=0)
    print(f"\n{'x':<14} {'true P(y=1)':>12} {'posterior mean':>15} {'95% interval':>17}")
    for i in range(X_new.shape[0]):
        true_p = float(jax.nn.sigmoid(X_new[i] @ TRUE_BETA))
        interval = f"[{float(p_lower[i]):.3f}, {float(p_upper[i]):.3f}]"
        print(f"{[float(v) for v in X_new[i, 1:]]!s:<14} {true_p:>12.3f} "
              f"{float(jnp.mean(probs[:, i])):>15.3f} {interval:>17}")


if __name__ == "__main__":
    main()
