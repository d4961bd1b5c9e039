"""A small JAX program, written for real JAX, that `python -m numjax run` must run unchanged.

Fits y = sin(3x) with a two-layer MLP (stax) and Adam (optimizers), vmaps per-example
gradients, and touches jax.nn, jax.tree_util, jax.random, jax.lax and jax.numpy.linalg.
"""

import argparse
import sys

import jax
import jax.numpy as jnp
from jax import grad, jit, lax, random, vmap
from jax.example_libraries import optimizers, stax
from jax.tree_util import tree_leaves, tree_map

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=30)
args = parser.parse_args()
print("argv:", sys.argv[1:], "| __name__:", __name__)

key = random.PRNGKey(0)
key, k_x, k_noise, k_init = random.split(key, 4)
x = random.uniform(k_x, (64, 1), minval=-1.0, maxval=1.0)
y = jnp.sin(3.0 * x) + 0.05 * random.normal(k_noise, (64, 1))

init_fun, apply_fun = stax.serial(stax.Dense(16), stax.Tanh, stax.Dense(1))
out_shape, params = init_fun(k_init, (-1, 1))
print("out_shape:", out_shape, "| n_params:", sum(p.size for p in tree_leaves(params)))


def loss(params, x, y):
    return jnp.mean((apply_fun(params, x) - y) ** 2)


opt_init, opt_update, get_params = optimizers.adam(0.05)


@jit
def step(i, opt_state):
    value, grads = jax.value_and_grad(loss)(get_params(opt_state), x, y)
    return opt_update(i, grads, opt_state), value


opt_state = opt_init(params)
for i in range(args.steps):
    opt_state, value = step(i, opt_state)
    if i % 10 == 0:
        print(f"step {i:3d} loss {value:.5f}")
params = get_params(opt_state)
print(f"final loss {loss(params, x, y):.5f}")

per_example = vmap(grad(loss), in_axes=(None, 0, 0))(params, x[:4, None], y[:4, None])
print("per-example grad shapes:", tree_map(lambda g: g.shape, per_example))
print("grad norm:", f"{optimizers.l2_norm(per_example):.5f}")
print("relu:", jax.nn.relu(jnp.array([-1.0, 2.0])), "softmax:", jax.nn.softmax(jnp.arange(3.0)))
print("lax.stop_gradient:", grad(lambda t: t * lax.stop_gradient(t))(3.0))
print("norm:", jnp.linalg.norm(jnp.array([3.0, 4.0])))
print("dtype:", jnp.ones(2).dtype, "| tree:", jax.tree_util.tree_structure({"a": 1, "b": (2, 3)}))
