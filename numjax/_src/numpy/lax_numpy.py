"""Assorted jnp functions over lax: where, select, clip, dot, matmul, vdot, inner, outer,
tensordot, einsum (lowered to dot_general), round."""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..lax import dot as lax_dot
from ..lax import elementwise as lax
from ..lax import structural as lax_struct
from .shape_ops import reshape
from .util import (
    broadcast_all,
    broadcast_arrays,
    jit_when_traced,
    promote_dtypes,
    to_array,
)


def where(condition, x=None, y=None, /, *, size=None, fill_value=None):
    """numpy.where; the one-argument form (nonzero) needs a static `size` under jit."""
    if x is None and y is None:
        from .searching import nonzero

        return nonzero(condition, size=size, fill_value=fill_value)
    if x is None or y is None:
        raise ValueError("Either both or neither of the x and y arguments should be provided to "
                         "jax.numpy.where, got x=None." if x is None else
                         "Either both or neither of the x and y arguments should be provided "
                         "to jax.numpy.where, got y=None.")
    return _where(condition, x, y)


@jit_when_traced
def _where(condition, x, y):
    cond = to_array(condition)
    if cond.dtype != np.bool_:
        cond = lax.ne(cond, Array(np.zeros((), cond.dtype)))
    x, y = promote_dtypes(x, y)
    if cond.ndim:
        cond, x, y = broadcast_all("where", cond, x, y)
    else:  # a scalar condition selects whole arrays (select_n takes it as it is)
        x, y = broadcast_all("where", x, y)
    return lax.select(cond, x, y)


def clip(arr=None, /, min=None, max=None, *, a=None, a_min=None, a_max=None):
    """numpy.clip (also accepting the deprecated a/a_min/a_max names)."""
    x = arr if arr is not None else a
    lo = min if min is not None else a_min
    hi = max if max is not None else a_max
    return _clip(to_array(x), lo, hi)


@jit_when_traced
def _clip(x, lo, hi):
    from .ufuncs import maximum, minimum

    if lo is not None:
        x = maximum(lo, x)
    if hi is not None:
        x = minimum(hi, x)
    return x


_clip.__wrapped__.__name__ = "clip"  # the name JAX's staged programs show


def round(a, decimals=0, out=None):
    """numpy.round: half to even."""
    x = to_array(a)
    if not dtypes.is_inexact(x.dtype):
        return x
    if decimals == 0:
        return lax.round(x, 1)
    factor = Array(np.broadcast_to(np.asarray(10.0 ** decimals, x.dtype), x.shape), x.weak_type)
    return lax.div(lax.round(lax.mul(x, factor), 1), factor)


around = round


def dot(a, b, *, precision=None, preferred_element_type=None):
    """numpy.dot: scalar product for 0-d, matmul-like for 1-d/2-d, sum-product over a's last
    axis and b's second-to-last otherwise."""
    a, b = promote_dtypes(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return lax.mul(*broadcast_arrays("dot", a, b))
    contract_b = 0 if b.ndim == 1 else b.ndim - 2
    return lax_dot.dot_general(a, b, (((a.ndim - 1,), (contract_b,)), ((), ())),
                               preferred_element_type=preferred_element_type or a.dtype)


def matmul(a, b, *, precision=None, preferred_element_type=None):
    """numpy.matmul (`@`): batch dimensions broadcast."""
    a, b = promote_dtypes(a, b)
    for i, x in enumerate((a, b)):
        if x.ndim == 0:
            raise ValueError(f"matmul input operand {i} must have ndim at least 1, but it has "
                             f"ndim 0")
    pet = preferred_element_type or a.dtype  # JAX's jnp layer names the result dtype
    if a.ndim == 1 or b.ndim <= 2 or (a.ndim == b.ndim and a.shape[:-2] == b.shape[:-2]):
        # one dot_general, as JAX stages it: a vector operand is contracted directly
        if a.shape[-1] != b.shape[0 if b.ndim == 1 else -2]:
            raise TypeError("dot_general requires contracting dimensions to have the same "
                            f"shape, got {(a.shape[-1],)} and "
                            f"{(b.shape[0 if b.ndim == 1 else -2],)}.")
        nb = a.ndim - 2 if a.ndim == b.ndim and a.ndim > 2 else 0
        batch = tuple(range(nb))
        return lax_dot.dot_general(a, b, (((a.ndim - 1,), (max(b.ndim - 2, 0),)), (batch, batch)),
                                   preferred_element_type=pet)
    a_vec, b_vec = a.ndim == 1, b.ndim == 1
    if a_vec:
        a = reshape(a, (1, a.shape[0]))
    if b_vec:
        b = reshape(b, (b.shape[0], 1))
    batch_a, batch_b = a.shape[:-2], b.shape[:-2]
    if a.shape[-1] != b.shape[-2]:
        raise TypeError("dot_general requires contracting dimensions to have the same shape, "
                        f"got {(a.shape[-1],)} and {(b.shape[-2],)}.")
    batch = np.broadcast_shapes(batch_a, batch_b)
    nb = len(batch)
    if batch_a != batch or batch_b != batch:
        from .util import broadcast_to_shape

        if batch_a != batch:
            a = broadcast_to_shape(a, (*batch, *a.shape[-2:]))
        if batch_b != batch:
            b = broadcast_to_shape(b, (*batch, *b.shape[-2:]))
    out = lax_dot.dot_general(a, b, (((nb + 1,), (nb,)), (tuple(range(nb)), tuple(range(nb)))),
                              preferred_element_type=pet)
    if a_vec and b_vec:
        return reshape(out, out.shape[:-2])
    if a_vec:
        return reshape(out, (*out.shape[:-2], out.shape[-1]))
    if b_vec:
        return reshape(out, out.shape[:-1])
    return out


def vdot(a, b, *, precision=None, preferred_element_type=None):
    from .shape_ops import ravel
    from .ufuncs import conjugate

    a = to_array(a)
    if dtypes.is_complex(a.dtype):
        a = conjugate(a)
    return dot(ravel(a), ravel(b), preferred_element_type=preferred_element_type)


def vecdot(x1, x2, /, *, axis=-1, precision=None, preferred_element_type=None):
    from .reductions import sum as jnp_sum
    from .ufuncs import conjugate, multiply

    x1 = to_array(x1)
    if dtypes.is_complex(x1.dtype):
        x1 = conjugate(x1)
    return jnp_sum(multiply(x1, x2), axis=axis)


def inner(a, b, *, precision=None, preferred_element_type=None):
    a, b = promote_dtypes(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return lax.mul(*broadcast_arrays("inner", a, b))
    return lax_dot.dot_general(a, b, (((a.ndim - 1,), (b.ndim - 1,)), ((), ())),
                               preferred_element_type=preferred_element_type or a.dtype)


def outer(a, b, out=None):
    from .shape_ops import ravel
    from .ufuncs import multiply

    # a (n, 1) by (1, m) product, which lax broadcasts (as JAX stages it)
    a, b = promote_dtypes(ravel(a), ravel(b))
    return multiply(lax_struct.expand_dims(a, (1,)), lax_struct.expand_dims(b, (0,)))


def tensordot(a, b, axes=2, *, precision=None, preferred_element_type=None):
    a, b = promote_dtypes(a, b)
    if isinstance(axes, int):
        if axes > min(a.ndim, b.ndim) or axes < 0:
            raise TypeError(f"Number of tensordot axes (axes {axes}) exceeds input ranks "
                            f"(lhs_ndim {a.ndim} and rhs_ndim {b.ndim})")
        ca = tuple(range(a.ndim - axes, a.ndim))
        cb = tuple(range(axes))
    else:
        ax_a, ax_b = axes
        ca = tuple(int(i) % a.ndim for i in np.atleast_1d(ax_a).tolist())
        cb = tuple(int(i) % b.ndim for i in np.atleast_1d(ax_b).tolist())
    return lax_dot.dot_general(a, b, ((ca, cb), ((), ())),
                               preferred_element_type=preferred_element_type or a.dtype)


def kron(a, b):
    from .ufuncs import multiply

    a, b = promote_dtypes(a, b)
    nd = max(a.ndim, b.ndim)
    a = reshape(a, (1,) * (nd - a.ndim) + a.shape)
    b = reshape(b, (1,) * (nd - b.ndim) + b.shape)
    a_e = reshape(a, tuple(d for s in a.shape for d in (s, 1)))
    b_e = reshape(b, tuple(d for s in b.shape for d in (1, s)))
    out = multiply(a_e, b_e)
    return reshape(out, tuple(x * y for x, y in zip(a.shape, b.shape)))

