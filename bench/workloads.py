"""The workloads, each written once per framework.

numjax and JAX share one source per workload (the function receives the `jax`-like module),
so they run exactly the same program. `numpy` is the same computation written by hand as
batched NumPy — the floor for a NumPy backend — and `loop` is a plain Python loop over the
examples that `vmap` replaces. autograd (HIPS) and `torch.func` run the same mathematics in
their own idiom. A maker returns a zero-argument step that computes once and waits.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import numpy as np

F32 = np.float32


def optional(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _rng(seed=0):
    return np.random.default_rng(seed)


def _jx(name):
    """(jax-like module, its numpy module) for 'numjax' or 'jax'."""
    jx = importlib.import_module(name)
    return jx, importlib.import_module(name + ".numpy")


def _blocked(jx, fn, *args):
    return lambda: jx.block_until_ready(fn(*args))


# ---------------------------------------------------------------------------------------------
# The article's step: one linear model per city, jit(vmap(value_and_grad)).


def _regression_data(models, houses):
    rng = _rng(42)
    x = rng.uniform(10, 100, (models, houses, 1)).astype(F32)
    y = (x[:, :, 0] * rng.uniform(20, 80, (models, 1)) + rng.uniform(50, 200, (models, 1))
         + rng.normal(0, 50, (models, houses))).astype(F32)
    params = rng.normal(size=(models, 2)).astype(F32)
    return params, x, y


def _article_step_jx(name, models, houses):
    jx, jnp = _jx(name)

    def loss_fn(params, x, y):
        pred = x[:, 0] * params[0] + params[1]
        return jnp.mean((pred - y) ** 2)

    def train_step(params, x, y, lr):
        loss, grads = jx.value_and_grad(loss_fn)(params, x, y)
        return params - lr * grads, loss

    step = jx.jit(jx.vmap(train_step, in_axes=(0, 0, 0, None)))
    p, x, y = (jnp.asarray(a) for a in _regression_data(models, houses))
    return _blocked(jx, step, p, x, y, 1e-4)


def _article_step_numpy(models, houses):
    p, x, y = _regression_data(models, houses)
    x2 = x[:, :, 0]
    lr = F32(1e-4)
    scale = F32(2.0 / houses)

    def step():
        r = x2 * p[:, :1] + p[:, 1:] - y
        loss = np.einsum("ij,ij->i", r, r) / F32(houses)
        grads = np.empty_like(p)
        grads[:, 0] = np.einsum("ij,ij->i", r, x2) * scale
        grads[:, 1] = r.sum(1) * scale
        return p - lr * grads, loss

    return step


def _article_step_loop(models, houses):
    import numjax

    jnp = numjax.numpy

    def loss_fn(params, x, y):
        return jnp.mean((x[:, 0] * params[0] + params[1] - y) ** 2)

    one = numjax.jit(lambda p, x, y: (p - 1e-4 * numjax.grad(loss_fn)(p, x, y), loss_fn(p, x, y)))
    p, x, y = (jnp.asarray(a) for a in _regression_data(models, houses))
    return lambda: numjax.block_until_ready([one(p[i], x[i], y[i]) for i in range(models)])


def _article_step_autograd(models, houses):
    ag = optional("autograd")
    if ag is None:
        return None
    anp = importlib.import_module("autograd.numpy")
    p, x, y = _regression_data(models, houses)
    x2 = x[:, :, 0]

    def total_loss(params):  # the per-city losses are independent: their sum's gradient
        pred = x2 * params[:, :1] + params[:, 1:]  # is every city's gradient at once
        return anp.sum(anp.mean((pred - y) ** 2, axis=1))

    g = ag.grad(total_loss)
    return lambda: (p - 1e-4 * g(p))


def _article_step_torch(models, houses):
    torch = optional("torch")
    if torch is None:
        return None
    from torch.func import grad_and_value, vmap

    p, x, y = (torch.from_numpy(a) for a in _regression_data(models, houses))

    def loss_fn(params, x, y):
        return torch.mean((x[:, 0] * params[0] + params[1] - y) ** 2)

    step = vmap(grad_and_value(loss_fn), in_dims=(0, 0, 0))
    return lambda: (lambda g, l: (p - 1e-4 * g, l))(*step(p, x, y))


def regression(models, houses):
    return {
        "numjax": lambda: _article_step_jx("numjax", models, houses),
        "jax": lambda: optional("jax") and _article_step_jx("jax", models, houses),
        "numpy": lambda: _article_step_numpy(models, houses),
        "loop": (lambda: _article_step_loop(models, houses)) if models <= 1000 else None,
        "autograd": lambda: _article_step_autograd(models, houses),
        "torch": lambda: _article_step_torch(models, houses),
    }


# ---------------------------------------------------------------------------------------------
# A small MLP: per-example gradients, and a learning-rate sweep of many MLPs.


def _mlp_data(batch, din, hidden, dout, seed=0):
    rng = _rng(seed)
    params = [(rng.normal(0, din ** -0.5, (din, hidden)).astype(F32), np.zeros(hidden, F32)),
              (rng.normal(0, hidden ** -0.5, (hidden, dout)).astype(F32), np.zeros(dout, F32))]
    x = rng.normal(size=(batch, din)).astype(F32)
    y = rng.normal(size=(batch, dout)).astype(F32)
    return params, x, y


def _mlp_loss(jnp):
    def loss(params, x, y):
        (w1, b1), (w2, b2) = params
        h = jnp.tanh(x @ w1 + b1)
        return 0.5 * jnp.sum((h @ w2 + b2 - y) ** 2)

    return loss


def _per_example_jx(name, batch, din, hidden, dout):
    jx, jnp = _jx(name)
    params, x, y = _mlp_data(batch, din, hidden, dout)
    params = jx.tree_util.tree_map(jnp.asarray, params)
    f = jx.jit(jx.vmap(jx.grad(_mlp_loss(jnp)), in_axes=(None, 0, 0)))
    return _blocked(jx, f, params, jnp.asarray(x), jnp.asarray(y))


def _per_example_numpy(batch, din, hidden, dout):
    ((w1, b1), (w2, b2)), x, y = _mlp_data(batch, din, hidden, dout)

    def step():
        h = np.tanh(x @ w1 + b1)
        d_out = h @ w2 + b2 - y
        dh = (d_out @ w2.T) * (1 - h * h)
        return ((np.einsum("bi,bj->bij", x, dh), dh), (np.einsum("bi,bj->bij", h, d_out), d_out))

    return step


def _per_example_loop(batch, din, hidden, dout):
    import numjax

    params, x, y = _mlp_data(batch, din, hidden, dout)
    g = numjax.jit(numjax.grad(_mlp_loss(numjax.numpy)))
    xs, ys = numjax.numpy.asarray(x), numjax.numpy.asarray(y)
    return lambda: numjax.block_until_ready([g(params, xs[i], ys[i]) for i in range(batch)])


def _per_example_torch(batch, din, hidden, dout):
    torch = optional("torch")
    if torch is None:
        return None
    from torch.func import grad, vmap

    params, x, y = _mlp_data(batch, din, hidden, dout)
    params = [tuple(torch.from_numpy(a) for a in layer) for layer in params]
    f = vmap(grad(_mlp_loss(torch)), in_dims=(None, 0, 0))
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    return lambda: f(params, x, y)


def _per_example_autograd(batch, din, hidden, dout):
    ag = optional("autograd")
    if ag is None:
        return None
    params, x, y = _mlp_data(batch, din, hidden, dout)
    g = ag.grad(_mlp_loss(importlib.import_module("autograd.numpy")))
    return lambda: [g(params, x[i], y[i]) for i in range(batch)]


def per_example_grads(batch, din, hidden, dout):
    return {
        "numjax": lambda: _per_example_jx("numjax", batch, din, hidden, dout),
        "jax": lambda: optional("jax") and _per_example_jx("jax", batch, din, hidden, dout),
        "numpy": lambda: _per_example_numpy(batch, din, hidden, dout),
        "loop": lambda: _per_example_loop(batch, din, hidden, dout),
        "autograd": lambda: _per_example_autograd(batch, din, hidden, dout),
        "torch": lambda: _per_example_torch(batch, din, hidden, dout),
    }


def _sweep_jx(name, models, batch, din, hidden, dout):
    jx, jnp = _jx(name)
    params, x, y = _mlp_data(batch, din, hidden, dout)
    stacked = jx.tree_util.tree_map(lambda a: jnp.asarray(np.stack([a] * models)), params)
    lrs = jnp.asarray(np.logspace(-4, -1, models).astype(F32))
    loss = _mlp_loss(jnp)

    def train_step(p, lr, x, y):
        value, g = jx.value_and_grad(loss)(p, x, y)
        return jx.tree_util.tree_map(lambda a, b: a - lr * b, p, g), value

    f = jx.jit(jx.vmap(train_step, in_axes=(0, 0, None, None)))
    return _blocked(jx, f, stacked, lrs, jnp.asarray(x), jnp.asarray(y))


def _sweep_numpy(models, batch, din, hidden, dout):
    ((w1, b1), (w2, b2)), x, y = _mlp_data(batch, din, hidden, dout)
    w1, b1, w2, b2 = (np.stack([a] * models) for a in (w1, b1, w2, b2))
    lr = np.logspace(-4, -1, models).astype(F32)

    def step():
        h = np.tanh(np.einsum("bi,mih->mbh", x, w1) + b1[:, None])
        d_out = np.einsum("mbh,mho->mbo", h, w2) + b2[:, None] - y
        loss = 0.5 * np.einsum("mbo,mbo->m", d_out, d_out)
        dh = np.einsum("mbo,mho->mbh", d_out, w2) * (1 - h * h)
        gw2, gb2 = np.einsum("mbh,mbo->mho", h, d_out), d_out.sum(1)
        gw1, gb1 = np.einsum("bi,mbh->mih", x, dh), dh.sum(1)
        s = lr[:, None, None]
        return (w1 - s * gw1, b1 - lr[:, None] * gb1, w2 - s * gw2, b2 - lr[:, None] * gb2), loss

    return step


def _sweep_torch(models, batch, din, hidden, dout):
    torch = optional("torch")
    if torch is None:
        return None
    from torch.func import grad_and_value, vmap

    params, x, y = _mlp_data(batch, din, hidden, dout)
    stacked = [tuple(torch.from_numpy(np.stack([a] * models)) for a in layer) for layer in params]
    lrs = torch.from_numpy(np.logspace(-4, -1, models).astype(F32))
    loss = _mlp_loss(torch)

    def train_step(p, lr, x, y):
        g, value = grad_and_value(loss)(p, x, y)
        return [tuple(a - lr * b for a, b in zip(pl, gl)) for pl, gl in zip(p, g)], value

    f = vmap(train_step, in_dims=(0, 0, None, None))
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    return lambda: f(stacked, lrs, x, y)


def lr_sweep(models, batch, din, hidden, dout):
    return {
        "numjax": lambda: _sweep_jx("numjax", models, batch, din, hidden, dout),
        "jax": lambda: optional("jax") and _sweep_jx("jax", models, batch, din, hidden, dout),
        "numpy": lambda: _sweep_numpy(models, batch, din, hidden, dout),
        "torch": lambda: _sweep_torch(models, batch, din, hidden, dout),
    }


# ---------------------------------------------------------------------------------------------
# Posterior samples of a logistic regression: vmap(value_and_grad(log density)).


def _posterior_data(samples, n, d):
    rng = _rng(1)
    x = rng.normal(size=(n, d)).astype(F32)
    y = (rng.uniform(size=n) < 0.5).astype(F32)
    w = rng.normal(size=(samples, d)).astype(F32)
    return w, x, y


def _posterior_jx(name, samples, n, d):
    jx, jnp = _jx(name)
    w, x, y = _posterior_data(samples, n, d)

    def log_post(w, x, y):
        logits = x @ w
        return jnp.sum(y * logits - jnp.logaddexp(0.0, logits)) - 0.5 * jnp.sum(w * w)

    f = jx.jit(jx.vmap(jx.value_and_grad(log_post), in_axes=(0, None, None)))
    return _blocked(jx, f, jnp.asarray(w), jnp.asarray(x), jnp.asarray(y))


def _posterior_numpy(samples, n, d):
    w, x, y = _posterior_data(samples, n, d)

    def step():
        logits = w @ x.T
        value = logits @ y - np.logaddexp(F32(0), logits).sum(1) - F32(0.5) * np.einsum(
            "sd,sd->s", w, w)
        grad = (y - 1 / (1 + np.exp(-logits))) @ x - w
        return value, grad

    return step


def _posterior_torch(samples, n, d):
    torch = optional("torch")
    if torch is None:
        return None
    from torch.func import grad_and_value, vmap

    w, x, y = (torch.from_numpy(a) for a in _posterior_data(samples, n, d))

    def log_post(w, x, y):
        logits = x @ w
        return (torch.sum(y * logits - torch.nn.functional.softplus(logits))
                - 0.5 * torch.sum(w * w))

    f = vmap(grad_and_value(log_post), in_dims=(0, None, None))
    return lambda: f(w, x, y)


def _posterior_autograd(samples, n, d):
    ag = optional("autograd")
    if ag is None:
        return None
    anp = importlib.import_module("autograd.numpy")
    w, x, y = _posterior_data(samples, n, d)

    def total(w):  # samples are independent: the sum's gradient is each sample's gradient
        logits = w @ x.T
        return anp.sum(logits @ y - anp.logaddexp(0.0, logits).sum(1) - 0.5 * anp.sum(w * w, 1))

    f = ag.value_and_grad(total)
    return lambda: f(w)


def posterior(samples, n, d):
    return {
        "numjax": lambda: _posterior_jx("numjax", samples, n, d),
        "jax": lambda: optional("jax") and _posterior_jx("jax", samples, n, d),
        "numpy": lambda: _posterior_numpy(samples, n, d),
        "autograd": lambda: _posterior_autograd(samples, n, d),
        "torch": lambda: _posterior_torch(samples, n, d),
    }


# ---------------------------------------------------------------------------------------------
# Eager (un-jitted) work: grad of a small function, one op; a jitted hessian.


def _messy(jnp):
    def messy_function(x):
        return jnp.sin(x) * jnp.exp(-x ** 2) + jnp.log(1 + x ** 2)

    return messy_function


def eager_grad():
    def jx_maker(name):
        jx, jnp = _jx(name)
        g = jx.grad(_messy(jnp))
        return lambda: jx.block_until_ready(g(1.0))

    def autograd_maker():
        ag = optional("autograd")
        return ag and (lambda g: lambda: g(1.0))(
            ag.grad(_messy(importlib.import_module("autograd.numpy"))))

    def torch_maker():
        torch = optional("torch")
        if torch is None:
            return None
        g = torch.func.grad(_messy(torch))
        x = torch.tensor(1.0)
        return lambda: g(x)

    return {"numjax": lambda: jx_maker("numjax"),
            "jax": lambda: optional("jax") and jx_maker("jax"),
            "autograd": autograd_maker, "torch": torch_maker}


def eager_op(n):
    def jx_maker(name):
        jx, jnp = _jx(name)
        x = jnp.ones(n)
        return lambda: jx.block_until_ready(jnp.sin(x))

    def torch_maker():
        torch = optional("torch")
        x = torch and torch.ones(n)
        return torch and (lambda: torch.sin(x))

    xn = np.ones(n, F32)
    return {"numjax": lambda: jx_maker("numjax"),
            "jax": lambda: optional("jax") and jx_maker("jax"),
            "numpy": lambda: (lambda: np.sin(xn)), "torch": torch_maker}


def jit_add_one(n):
    def jx_maker(name):
        jx, jnp = _jx(name)
        f = jx.jit(lambda x: x + 1)
        return _blocked(jx, f, jnp.ones(n))

    xn, one = np.ones(n, F32), F32(1)
    return {"numjax": lambda: jx_maker("numjax"),
            "jax": lambda: optional("jax") and jx_maker("jax"),
            "numpy": lambda: (lambda: np.add(xn, one))}


def jit_hessian(n, d):
    w, x, y = _posterior_data(1, n, d)

    def jx_maker(name):
        jx, jnp = _jx(name)

        def nll(w, x, y):
            logits = x @ w
            return jnp.sum(jnp.logaddexp(0.0, logits) - y * logits) + 0.5 * jnp.sum(w * w)

        h = jx.jit(jx.hessian(nll))
        return _blocked(jx, h, jnp.asarray(w[0]), jnp.asarray(x), jnp.asarray(y))

    def numpy_maker():
        eye = np.eye(d, dtype=F32)

        def step():
            p = 1 / (1 + np.exp(-(x @ w[0])))
            return (x.T * (p * (1 - p))) @ x + eye

        return step

    return {"numjax": lambda: jx_maker("numjax"),
            "jax": lambda: optional("jax") and jx_maker("jax"), "numpy": numpy_maker}


# ---------------------------------------------------------------------------------------------
# grad through a lax.scan RNN.


def _rnn_data(steps, batch, hidden):
    rng = _rng(2)
    w = (rng.normal(size=(hidden, hidden)) / np.sqrt(hidden)).astype(F32)
    u = (rng.normal(size=(hidden, hidden)) / np.sqrt(hidden)).astype(F32)
    xs = rng.normal(size=(steps, batch, hidden)).astype(F32)
    h0 = np.zeros((batch, hidden), F32)
    return w, u, xs, h0


def _rnn_jx(name, steps, batch, hidden):
    jx, jnp = _jx(name)
    if not hasattr(jx.lax, "scan"):
        raise NotImplementedError(f"{name}.lax.scan")
    w, u, xs, h0 = (jnp.asarray(a) for a in _rnn_data(steps, batch, hidden))

    def loss(w, u, xs, h0):
        def cell(h, x):
            h = jnp.tanh(h @ w + x @ u)
            return h, jnp.sum(h)

        _, outs = jx.lax.scan(cell, h0, xs)
        return jnp.sum(outs)

    g = jx.jit(jx.grad(loss, argnums=(0, 1)))
    return _blocked(jx, g, w, u, xs, h0)


def _rnn_numpy(steps, batch, hidden):
    w, u, xs, h0 = _rnn_data(steps, batch, hidden)

    def step():
        hs = [h0]
        for t in range(steps):
            hs.append(np.tanh(hs[-1] @ w + xs[t] @ u))
        gw, gu = np.zeros_like(w), np.zeros_like(u)
        dh = np.zeros_like(h0)
        for t in range(steps, 0, -1):
            dz = (dh + 1) * (1 - hs[t] * hs[t])
            gw += hs[t - 1].T @ dz
            gu += xs[t - 1].T @ dz
            dh = dz @ w.T
        return gw, gu

    return step


def _rnn_torch(steps, batch, hidden):
    torch = optional("torch")
    if torch is None:
        return None
    w, u, xs, h0 = (torch.from_numpy(a) for a in _rnn_data(steps, batch, hidden))

    def loss(w, u):
        h, total = h0, 0.0
        for t in range(steps):
            h = torch.tanh(h @ w + xs[t] @ u)
            total = total + h.sum()
        return total

    g = torch.func.grad(loss, argnums=(0, 1))
    return lambda: g(w, u)


def scan_rnn(steps, batch, hidden):
    return {"numjax": lambda: _rnn_jx("numjax", steps, batch, hidden),
            "jax": lambda: optional("jax") and _rnn_jx("jax", steps, batch, hidden),
            "numpy": lambda: _rnn_numpy(steps, batch, hidden),
            "torch": lambda: _rnn_torch(steps, batch, hidden)}


def _cnn_data(batch, size, channels):
    rng = _rng(3)
    x = rng.standard_normal((batch, size, size, 1)).astype(F32)
    y = np.eye(10, dtype=F32)[rng.integers(0, 10, batch)]
    return x, y


def _cnn_jx(name, batch, size, channels):
    """stax's Conv-Relu-MaxPool-Flatten-Dense-LogSoftmax, one jit(grad) step."""
    jx, jnp = _jx(name)
    stax = importlib.import_module(f"{name}.example_libraries.stax")
    init, apply = stax.serial(stax.Conv(channels, (3, 3)), stax.Relu,
                              stax.MaxPool((2, 2), strides=(2, 2)), stax.Flatten,
                              stax.Dense(10), stax.LogSoftmax)
    _, params = init(jx.random.PRNGKey(0), (-1, size, size, 1))
    x, y = _cnn_data(batch, size, channels)

    def loss(p, x, y):
        return -jnp.mean(jnp.sum(apply(p, x) * y, axis=-1))

    return _blocked(jx, jx.jit(jx.grad(loss)), params, jnp.asarray(x), jnp.asarray(y))


def _cnn_torch(batch, size, channels):
    torch = optional("torch")
    if torch is None:
        return None
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, channels, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.LazyLinear(10), nn.LogSoftmax(-1))
    x, y = _cnn_data(batch, size, channels)
    x, y = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous(), torch.from_numpy(y)
    model(x)  # materialise the lazy layer

    def step():
        model.zero_grad()
        (-(model(x) * y).sum(-1).mean()).backward()
        return [p.grad for p in model.parameters()]

    return step


def cnn(batch, size, channels):
    return {"numjax": lambda: _cnn_jx("numjax", batch, size, channels),
            "jax": lambda: optional("jax") and _cnn_jx("jax", batch, size, channels),
            "torch": lambda: _cnn_torch(batch, size, channels)}


# ---------------------------------------------------------------------------------------------
# Whole processes: import time and the seed listing end to end.


def _process(args, env=None):
    def step():
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)

    return step


def import_time():
    return {"numjax": lambda: _process([sys.executable, "-c", "import numjax"]),
            "jax": lambda: optional("jax") and _process([sys.executable, "-c", "import jax"]),
            "numpy": lambda: _process([sys.executable, "-c", "import numpy"])}


def seed_listing():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    script = os.path.join(here, "tests", "seed_listing.py")
    env = dict(os.environ, JAXLIKE="numjax", PYTHONPATH=here)
    return {"numjax": lambda: _process([sys.executable, script], env),
            "jax": lambda: optional("jax") and _process(
                [sys.executable, script], dict(os.environ, JAXLIKE="jax"))}
