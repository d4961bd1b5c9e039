"""Neural-network layers as pairs of pure functions (`jax.example_libraries.stax`).

A layer is `(init_fun, apply_fun)`:

    init_fun(rng, input_shape) -> (output_shape, params)
    apply_fun(params, inputs, **kwargs) -> outputs

Shapes are tuples whose batch entry may be -1. Combinators (`serial`, `parallel`) build
layers from layers; `FanOut`/`FanInSum`/`FanInConcat` split and join the data flow.
Convolutions (`GeneralConv`, `Conv`, `GeneralConvTranspose`, `ConvTranspose`,
`Conv1DTranspose`) take spec strings for their layouts; pooling layers (`MaxPool`, `SumPool`,
`AvgPool`) window the spatial axes of an NHWC input (or of `spec`).
"""

import functools
import operator

import numjax.numpy as jnp
from numjax import lax, random

# Activation functions, re-exported as stax does.
from numjax.nn import (
    elu,
    gelu,
    leaky_relu,
    log_softmax,
    relu,
    selu,
    sigmoid,
    softmax,
    softplus,
    standardize,
)
from numjax.nn.initializers import glorot_normal, normal, ones, zeros

logsoftmax = log_softmax
glorot = glorot_normal


def randn(stddev=1e-2):
    """An initializer drawing from N(0, stddev**2)."""
    return normal(stddev)


def Dense(out_dim, W_init=glorot_normal(), b_init=normal()):  # noqa: B008 - JAX's defaults
    """Affine layer `inputs @ W + b` on the last axis."""

    def init_fun(rng, input_shape):
        output_shape = input_shape[:-1] + (out_dim,)
        k1, k2 = random.split(rng)
        W, b = W_init(k1, (input_shape[-1], out_dim)), b_init(k2, (out_dim,))
        return output_shape, (W, b)

    def apply_fun(params, inputs, **kwargs):
        W, b = params
        return jnp.dot(inputs, W) + b

    return init_fun, apply_fun


def GeneralConv(dimension_numbers, out_chan, filter_shape, strides=None, padding="VALID",
                W_init=None, b_init=normal(1e-6)):  # noqa: B008 - JAX's defaults
    """Convolution layer; `dimension_numbers` are spec strings like ('NHWC', 'HWIO', 'NHWC').

    The kernel is `filter_shape` over the spatial letters of the rhs spec (glorot-normal by
    default), the bias broadcasts along the output's C axis.
    """
    return _conv_layer(dimension_numbers, out_chan, filter_shape, strides, padding, W_init,
                       b_init, transpose=False)


def GeneralConvTranspose(dimension_numbers, out_chan, filter_shape, strides=None,
                         padding="VALID", W_init=None, b_init=normal(1e-6)):  # noqa: B008
    """Transposed-convolution layer (lax.conv_transpose), laid out as GeneralConv."""
    return _conv_layer(dimension_numbers, out_chan, filter_shape, strides, padding, W_init,
                       b_init, transpose=True)


def _conv_layer(dimension_numbers, out_chan, filter_shape, strides, padding, W_init, b_init,
                transpose):
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    one = (1,) * len(filter_shape)
    strides = strides or one
    W_init = W_init or glorot_normal(rhs_spec.index("I"), rhs_spec.index("O"))

    def init_fun(rng, input_shape):
        spatial = iter(filter_shape)
        kernel_shape = [out_chan if c == "O" else input_shape[lhs_spec.index("C")] if c == "I"
                        else next(spatial) for c in rhs_spec]
        shape_fn = lax.conv_transpose_shape_tuple if transpose else lax.conv_general_shape_tuple
        output_shape = shape_fn(input_shape, kernel_shape, strides, padding, dimension_numbers)
        bias_shape = [out_chan if c == "C" else 1 for c in out_spec]
        k1, k2 = random.split(rng)
        return output_shape, (W_init(k1, kernel_shape), b_init(k2, bias_shape))

    def apply_fun(params, inputs, **kwargs):
        W, b = params
        if transpose:
            out = lax.conv_transpose(inputs, W, strides, padding,
                                     dimension_numbers=dimension_numbers)
        else:
            out = lax.conv_general_dilated(inputs, W, strides, padding, one, one,
                                           dimension_numbers=dimension_numbers)
        return out + b

    return init_fun, apply_fun


Conv = functools.partial(GeneralConv, ("NHWC", "HWIO", "NHWC"))
Conv1DTranspose = functools.partial(GeneralConvTranspose, ("NHC", "HIO", "NHC"))
ConvTranspose = functools.partial(GeneralConvTranspose, ("NHWC", "HWIO", "NHWC"))


def BatchNorm(axis=(0, 1, 2), epsilon=1e-5, center=True, scale=True, beta_init=zeros,
              gamma_init=ones):
    """Normalizes over `axis` (the batch statistics of these inputs), then scales and shifts.

    No running averages are kept: apply always uses the statistics of the batch it is given.
    """
    axis = (axis,) if jnp.isscalar(axis) else axis

    def init_fun(rng, input_shape):
        shape = tuple(d for i, d in enumerate(input_shape) if i not in axis)
        k1, k2 = random.split(rng)
        beta = beta_init(k1, shape) if center else ()
        gamma = gamma_init(k2, shape) if scale else ()
        return input_shape, (beta, gamma)

    def apply_fun(params, x, **kwargs):
        beta, gamma = params
        # Parameters have the non-normalized axes; re-insert the normalized ones as size 1.
        expand = tuple(None if i in axis else slice(None) for i in range(jnp.ndim(x)))
        z = standardize(x, axis, epsilon=epsilon)
        if scale:
            z = gamma[expand] * z
        if center:
            z = z + beta[expand]
        return z

    return init_fun, apply_fun


def elementwise(fun, **fun_kwargs):
    """A parameter-free layer applying `fun(inputs, **fun_kwargs)`."""

    def init_fun(rng, input_shape):
        return input_shape, ()

    def apply_fun(params, inputs, **kwargs):
        return fun(inputs, **fun_kwargs)

    return init_fun, apply_fun


Tanh = elementwise(jnp.tanh)
Relu = elementwise(relu)
Exp = elementwise(jnp.exp)
LogSoftmax = elementwise(log_softmax, axis=-1)
Softmax = elementwise(softmax, axis=-1)
Softplus = elementwise(softplus)
Sigmoid = elementwise(sigmoid)
Elu = elementwise(elu)
LeakyRelu = elementwise(leaky_relu)
Selu = elementwise(selu)
Gelu = elementwise(gelu)


# ----------------------------------------------------------------------------- pooling


def _pooling_layer(reducer, init_val, average=False):
    def PoolingLayer(window_shape, strides=None, padding="VALID", spec=None):
        """Pooling over the spatial axes: `window_shape` and `strides` (default 1) per spatial
        axis; `spec` (default 'NHWC'-like: N first, C last) names the layout."""
        window_shape = tuple(window_shape)
        strides = tuple(strides or (1,) * len(window_shape))
        spatial_strides = strides
        ndim = len(window_shape) + 2
        non_spatial = (0, ndim - 1) if spec is None else (spec.index("N"), spec.index("C"))
        dims, steps = list(window_shape), list(strides)
        for i in sorted(non_spatial):
            dims.insert(i, 1)
            steps.insert(i, 1)
        dims, steps = tuple(dims), tuple(steps)

        def init_fun(rng, input_shape):
            pads = lax.padtype_to_pads(input_shape, dims, steps, padding)
            return lax.reduce_window_shape_tuple(input_shape, dims, steps, pads), ()

        def apply_fun(params, inputs, **kwargs):
            out = lax.reduce_window(inputs, init_val, reducer, dims, steps, padding)
            if not average:
                return out
            # Divide by the number of operand elements in each window (padding not counted).
            spatial = tuple(d for i, d in enumerate(inputs.shape) if i not in non_spatial)
            counts = lax.reduce_window(jnp.ones(spatial, inputs.dtype), 0.0, lax.add,
                                       window_shape, spatial_strides, padding)
            return out / jnp.expand_dims(counts, tuple(sorted(non_spatial)))

        return init_fun, apply_fun

    return PoolingLayer


MaxPool = _pooling_layer(lax.max, -jnp.inf)
SumPool = _pooling_layer(lax.add, 0.0)
AvgPool = _pooling_layer(lax.add, 0.0, average=True)


def Flatten():
    """Flattens every axis but the first (the batch axis)."""

    def init_fun(rng, input_shape):
        return (input_shape[0], functools.reduce(operator.mul, input_shape[1:], 1)), ()

    def apply_fun(params, inputs, **kwargs):
        return jnp.reshape(inputs, (inputs.shape[0], -1))

    return init_fun, apply_fun


Flatten = Flatten()


def Identity():
    """Returns its inputs unchanged."""

    def init_fun(rng, input_shape):
        return input_shape, ()

    def apply_fun(params, inputs, **kwargs):
        return inputs

    return init_fun, apply_fun


Identity = Identity()


def FanOut(num):
    """Copies its input into a list of `num` inputs for a following `parallel`."""

    def init_fun(rng, input_shape):
        return [input_shape] * num, ()

    def apply_fun(params, inputs, **kwargs):
        return [inputs] * num

    return init_fun, apply_fun


def FanInSum():
    """Sums a sequence of inputs of one shape."""

    def init_fun(rng, input_shape):
        return input_shape[0], ()

    def apply_fun(params, inputs, **kwargs):
        return sum(inputs)

    return init_fun, apply_fun


FanInSum = FanInSum()


def FanInConcat(axis=-1):
    """Concatenates a sequence of inputs along `axis`."""

    def init_fun(rng, input_shape):
        ax = axis % len(input_shape[0])
        concat_size = sum(shape[ax] for shape in input_shape)
        out_shape = input_shape[0][:ax] + (concat_size,) + input_shape[0][ax + 1 :]
        return out_shape, ()

    def apply_fun(params, inputs, **kwargs):
        return jnp.concatenate(inputs, axis)

    return init_fun, apply_fun


def Dropout(rate, mode="train"):
    """Inverted dropout. Note JAX's stax convention: `rate` is the probability of KEEPING a unit.

    In "train" mode each unit is kept with probability `rate` and scaled by `1 / rate`; in any
    other mode the inputs pass unchanged. `apply_fun` needs an `rng` keyword in both modes.
    """

    def init_fun(rng, input_shape):
        return input_shape, ()

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.get("rng", None)
        if rng is None:
            raise ValueError(
                "Dropout's apply_fun needs a PRNG key: call it as apply_fun(params, inputs, "
                "rng=key) with a key from numjax.random.PRNGKey (serial/parallel pass it on)."
            )
        if mode == "train":
            keep = random.bernoulli(rng, rate, inputs.shape)
            return jnp.where(keep, inputs / rate, 0)
        return inputs

    return init_fun, apply_fun


# ----------------------------------------------------------------------------- combinators


def serial(*layers):
    """Composes layers in sequence; params are a list with one entry per layer.

    An `rng` keyword given to `apply_fun` is split into one key per layer.
    """
    nlayers = len(layers)
    init_funs, apply_funs = zip(*layers) if layers else ((), ())

    def init_fun(rng, input_shape):
        params = []
        for init in init_funs:
            rng, layer_rng = random.split(rng)
            input_shape, param = init(layer_rng, input_shape)
            params.append(param)
        return input_shape, params

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.pop("rng", None)
        rngs = random.split(rng, nlayers) if rng is not None else (None,) * nlayers
        for fun, param, layer_rng in zip(apply_funs, params, rngs, strict=True):
            inputs = fun(param, inputs, rng=layer_rng, **kwargs)
        return inputs

    return init_fun, apply_fun


def parallel(*layers):
    """Applies the i-th layer to the i-th of a sequence of inputs (e.g. after `FanOut`)."""
    nlayers = len(layers)
    init_funs, apply_funs = zip(*layers) if layers else ((), ())

    def init_fun(rng, input_shape):
        rngs = random.split(rng, nlayers)
        results = [init(r, shape) for init, r, shape in zip(init_funs, rngs, input_shape)]
        output_shapes = tuple(shape for shape, _ in results)
        params = tuple(param for _, param in results)
        return output_shapes, params

    def apply_fun(params, inputs, **kwargs):
        rng = kwargs.pop("rng", None)
        rngs = random.split(rng, nlayers) if rng is not None else (None,) * nlayers
        return [
            fun(param, x, rng=r, **kwargs)
            for fun, param, x, r in zip(apply_funs, params, inputs, rngs, strict=True)
        ]

    return init_fun, apply_fun


def shape_dependent(make_layer):
    """A layer built by `make_layer(input_shape)` when the input shape is known."""

    def init_fun(rng, input_shape):
        return make_layer(input_shape)[0](rng, input_shape)

    def apply_fun(params, inputs, **kwargs):
        return make_layer(inputs.shape)[1](params, inputs, **kwargs)

    return init_fun, apply_fun
