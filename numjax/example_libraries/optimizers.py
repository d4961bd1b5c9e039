"""Optimizers as triples of pure functions (`jax.example_libraries.optimizers`).

Each optimizer is `(init_fun, update_fun, get_params)`:

    opt_init, opt_update, get_params = optimizers.adam(step_size=1e-3)
    opt_state = opt_init(params)                     # any pytree of arrays
    opt_state = opt_update(i, grads, opt_state)      # step number i, grads like params
    params = get_params(opt_state)

The optimizer makers below describe how to update ONE array; `optimizer` lifts such a maker
to pytrees of arrays, packing the per-leaf states into an `OptimizerState` (itself a pytree,
so it can cross `jit` and `vmap` boundaries). A `step_size` is a number or a schedule, i.e. a
function from the step number to a step size.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Callable
from typing import Any, NamedTuple

import numjax.numpy as jnp
from numjax import tree_util

Schedule = Callable[[int], float]
Params = Any
State = Any
Updates = Params
Step = int

OptimizerState = namedtuple("OptimizerState", ["packed_state", "tree_def", "subtree_defs"])
tree_util.register_pytree_node(
    OptimizerState,
    lambda s: ((s.packed_state,), (s.tree_def, s.subtree_defs)),
    lambda aux, children: OptimizerState(children[0], *aux),
)


class Optimizer(NamedTuple):
    init_fn: Callable[[Params], OptimizerState]
    update_fn: Callable[[Step, Updates, OptimizerState], OptimizerState]
    params_fn: Callable[[OptimizerState], Params]


def optimizer(opt_maker):
    """Decorator: turns a maker of per-array `(init, update, get_params)` into a pytree one.

    The per-array state may itself be a pytree (e.g. `(x, m, v)` for Adam); it is flattened
    and kept in `OptimizerState.packed_state` with its structure in `subtree_defs`.
    """

    @functools.wraps(opt_maker)
    def tree_opt_maker(*args, **kwargs) -> Optimizer:
        init, update, get_params = opt_maker(*args, **kwargs)

        @functools.wraps(init)
        def tree_init(x0_tree):
            x0_flat, tree = tree_util.tree_flatten(x0_tree)
            states = [tree_util.tree_flatten(init(x0)) for x0 in x0_flat]
            states_flat, subtree_defs = zip(*states) if states else ((), ())
            return OptimizerState(tuple(states_flat), tree, tuple(subtree_defs))

        @functools.wraps(update)
        def tree_update(i, grad_tree, opt_state):
            packed_state, tree, subtree_defs = opt_state
            grad_flat, tree2 = tree_util.tree_flatten(grad_tree)
            if tree2 != tree:
                raise TypeError(
                    "optimizer update function was passed a gradient tree that did not match "
                    f"the parameter tree structure with which it was initialized: parameter tree "
                    f"{tree} and grad tree {tree2}."
                )
            new_states = []
            for g, flat, subtree_def in zip(grad_flat, packed_state, subtree_defs, strict=True):
                state = tree_util.tree_unflatten(subtree_def, flat)
                new_states.append(tree_util.tree_leaves(update(i, g, state)))
            return OptimizerState(tuple(new_states), tree, subtree_defs)

        @functools.wraps(get_params)
        def tree_get_params(opt_state):
            packed_state, tree, subtree_defs = opt_state
            params = [
                get_params(tree_util.tree_unflatten(subtree_def, flat))
                for flat, subtree_def in zip(packed_state, subtree_defs, strict=True)
            ]
            return tree_util.tree_unflatten(tree, params)

        return Optimizer(tree_init, tree_update, tree_get_params)

    return tree_opt_maker


# ----------------------------------------------------------------------------- optimizers
# Each maker returns per-array functions; `i` is the step number (0 for the first update).


@optimizer
def sgd(step_size):
    """Gradient descent: `x <- x - step_size(i) * g`."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0

    def update(i, g, x):
        return x - step_size(i) * g

    return init, update, lambda x: x


@optimizer
def momentum(step_size: Schedule, mass: float):
    """Heavy ball: `v <- mass * v + g; x <- x - step_size(i) * v`."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0)

    def update(i, g, state):
        x, velocity = state
        velocity = mass * velocity + g
        return x - step_size(i) * velocity, velocity

    return init, update, lambda state: state[0]


@optimizer
def nesterov(step_size: Schedule, mass: float):
    """Nesterov momentum: `v <- mass * v + g; x <- x - step_size(i) * (mass * v + g)`."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0)

    def update(i, g, state):
        x, velocity = state
        velocity = mass * velocity + g
        return x - step_size(i) * (mass * velocity + g), velocity

    return init, update, lambda state: state[0]


def _scaled(g, accum):
    """`g / sqrt(accum)`, 0 where nothing has accumulated (never dividing by 0 on the way)."""
    positive = accum > 0
    return jnp.where(positive, g / jnp.sqrt(jnp.where(positive, accum, 1.0)), 0.0)


@optimizer
def adagrad(step_size, momentum=0.9):
    """Adagrad with momentum on the normalized gradient `g / sqrt(sum of g**2 so far)`."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, g_sq, m = state
        g_sq = g_sq + jnp.square(g)
        m = (1.0 - momentum) * _scaled(g, g_sq) + momentum * m
        return x - step_size(i) * m, g_sq, m

    return init, update, lambda state: state[0]


@optimizer
def rmsprop(step_size, gamma=0.9, eps=1e-8):
    """RMSProp: divide by a running root-mean-square of the gradient (decay `gamma`)."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0)

    def update(i, g, state):
        x, avg_sq_grad = state
        avg_sq_grad = avg_sq_grad * gamma + jnp.square(g) * (1.0 - gamma)
        return x - step_size(i) * g / jnp.sqrt(avg_sq_grad + eps), avg_sq_grad

    return init, update, lambda state: state[0]


@optimizer
def rmsprop_momentum(step_size, gamma=0.9, eps=1e-8, momentum=0.9):
    """RMSProp whose scaled step is accumulated with momentum before it is applied."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, avg_sq_grad, mom = state
        avg_sq_grad = avg_sq_grad * gamma + jnp.square(g) * (1.0 - gamma)
        mom = momentum * mom + step_size(i) * g / jnp.sqrt(avg_sq_grad + eps)
        return x - mom, avg_sq_grad, mom

    return init, update, lambda state: state[0]


@optimizer
def adam(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """Adam (Kingma & Ba, 2015): bias-corrected first and second moment estimates."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, m, v = state
        m = (1 - b1) * g + b1 * m
        v = (1 - b2) * jnp.square(g) + b2 * v
        # Bias corrections in the moments' dtype, so float32 state stays float32.
        m_hat = m / (1 - jnp.asarray(b1, m.dtype) ** (i + 1))
        v_hat = v / (1 - jnp.asarray(b2, m.dtype) ** (i + 1))
        return x - step_size(i) * m_hat / (jnp.sqrt(v_hat) + eps), m, v

    return init, update, lambda state: state[0]


@optimizer
def adamax(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """Adamax (Adam with the infinity norm): `u <- max(b2 * u, |g|)` replaces `v`."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, jnp.zeros_like(x0), jnp.zeros_like(x0)

    def update(i, g, state):
        x, m, u = state
        m = (1 - b1) * g + b1 * m
        u = jnp.maximum(b2 * u, jnp.abs(g))
        x = x - (step_size(i) / (1 - jnp.asarray(b1, m.dtype) ** (i + 1))) * m / (u + eps)
        return x, m, u

    return init, update, lambda state: state[0]


@optimizer
def sm3(step_size, momentum=0.9):
    """SM3 (Anil et al., 2019): Adagrad whose accumulator keeps one vector per axis.

    The accumulator for entry `(i, j, ...)` is the minimum over axes of that axis' running
    maximum, so memory is the sum of the dimensions instead of their product.
    """
    step_size = make_schedule(step_size)

    def init(x0):
        x0 = jnp.asarray(x0)
        # A scalar keeps one accumulator of shape (); an array one vector per axis.
        sizes = x0.shape or ((),)
        accumulators = [jnp.zeros(size, x0.dtype) for size in sizes]
        return x0, jnp.zeros_like(x0), accumulators

    def update(i, g, state):
        x, m, accumulators = state
        ndim = x.ndim
        per_axis = [
            jnp.reshape(v, tuple(v.shape[0] if a == axis else 1 for a in range(ndim)))
            for axis, v in enumerate(accumulators)
        ]
        accum = functools.reduce(jnp.minimum, per_axis) + jnp.square(g)
        m = (1.0 - momentum) * _scaled(g, accum) + momentum * m
        x = x - step_size(i) * m
        others = [tuple(a for a in range(ndim) if a != axis) for axis in range(ndim)]
        accumulators = [accum.max(axis=axes) for axes in others] if ndim else [accum]
        return x, m, accumulators

    return init, update, lambda state: state[0]


# ----------------------------------------------------------------------------- schedules


def constant(step_size) -> Schedule:
    return lambda i: step_size


def exponential_decay(step_size, decay_steps, decay_rate):
    """`step_size * decay_rate ** (i / decay_steps)`."""
    return lambda i: step_size * decay_rate ** (i / decay_steps)


def inverse_time_decay(step_size, decay_steps, decay_rate, staircase=False):
    """`step_size / (1 + decay_rate * i / decay_steps)`, the ratio floored if `staircase`."""
    if staircase:
        return lambda i: step_size / (1 + decay_rate * jnp.floor(i / decay_steps))
    return lambda i: step_size / (1 + decay_rate * i / decay_steps)


def polynomial_decay(step_size, decay_steps, final_step_size, power=1.0):
    """From `step_size` to `final_step_size` over `decay_steps` as `(1 - i/decay_steps)**power`."""

    def schedule(step_num):
        step_num = jnp.minimum(step_num, decay_steps)
        step_mult = (1 - step_num / decay_steps) ** power
        return step_mult * (step_size - final_step_size) + final_step_size

    return schedule


def piecewise_constant(boundaries: Any, values: Any):
    """`values[k]` for steps `i` with exactly k boundaries below `i`."""
    boundaries = jnp.array(boundaries)
    values = jnp.array(values)
    if not boundaries.ndim == values.ndim == 1:
        raise ValueError("boundaries and values must be sequences")
    if not boundaries.shape[0] == values.shape[0] - 1:
        raise ValueError("boundaries length must be one shorter than values length")
    return lambda i: values[jnp.sum(i > boundaries)]


def make_schedule(scalar_or_schedule: float | Schedule) -> Schedule:
    if callable(scalar_or_schedule):
        return scalar_or_schedule
    if jnp.ndim(scalar_or_schedule) == 0:
        return constant(scalar_or_schedule)
    raise TypeError(type(scalar_or_schedule))


# ----------------------------------------------------------------------------- utilities


def l2_norm(tree):
    """The l2 norm of all leaves of `tree` taken together, as one vector."""
    leaves = tree_util.tree_leaves(tree)
    return jnp.sqrt(sum(jnp.vdot(x, x) for x in leaves))


def clip_grads(grad_tree, max_norm):
    """Scales `grad_tree` down so that its `l2_norm` is at most `max_norm`."""
    norm = l2_norm(grad_tree)
    return tree_util.tree_map(
        lambda g: jnp.where(norm < max_norm, g, g * (max_norm / norm)), grad_tree
    )


class JoinPoint:
    """Marks where a leaf's optimizer state starts in `unpack_optimizer_state`'s output."""

    def __init__(self, subtree):
        self.subtree = subtree

    def __iter__(self):
        yield self.subtree


def unpack_optimizer_state(opt_state):
    """Turns an `OptimizerState` into plain nested containers (e.g. to pickle it).

    Returns the parameter pytree with each leaf replaced by a `JoinPoint` holding that leaf's
    optimizer state; `pack_optimizer_state` is its inverse.
    """
    states_flat, tree_def, subtree_defs = opt_state
    subtrees = [
        tree_util.tree_unflatten(subtree_def, flat)
        for flat, subtree_def in zip(states_flat, subtree_defs, strict=True)
    ]
    return tree_util.tree_unflatten(tree_def, [JoinPoint(s) for s in subtrees])


def pack_optimizer_state(marked_pytree):
    """Inverse of `unpack_optimizer_state`."""
    sentinels, tree_def = tree_util.tree_flatten(marked_pytree)
    if not all(isinstance(s, JoinPoint) for s in sentinels):
        raise TypeError("pack_optimizer_state expects the output of unpack_optimizer_state")
    states = [tree_util.tree_flatten(s.subtree) for s in sentinels]
    states_flat, subtree_defs = zip(*states) if states else ((), ())
    return OptimizerState(tuple(states_flat), tree_def, tuple(subtree_defs))
