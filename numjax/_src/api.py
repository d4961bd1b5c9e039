"""The autodiff transformations users call: jvp, linearize, vjp, grad, value_and_grad,
jacobians and hessian.

Each is a thin layer: flatten pytrees, run a flat interpreter from `interpreters`, unflatten.
Reverse mode is `linearize` (JVP with tangents staged by partial evaluation) followed by
transposing the staged linear jaxpr.
"""

from __future__ import annotations

import functools

import numpy as np

from . import dtypes
from .api_util import _as_array, _flat_fun
from .array import Array
from .core import Tracer, current_trace, get_aval, set_current_trace
from .interpreters.jvp import (
    JVPTrace,
    JVPTracer,
    Zero,
    instantiate,
    jvp_flat,
    strip_aux,
    tangent_aval,
)
from .interpreters.staging import StagingTrace, describe_function
from .interpreters.transpose import UndefinedPrimal, backward_pass
from .lax.elementwise import convert_element_type
from .tree import tree_flatten, tree_unflatten
from .typed_scalars import is_plain_python_scalar, typed_scalar
from .vmap import vmap

# ---------------------------------------------------------------------------------------------
# Forward mode


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode Jacobian-vector product: `(fun(*primals), J(primals) @ tangents)`.

    Args:
      fun: function of arrays/pytrees.
      primals: tuple (or list) of arguments.
      tangents: tuple of the same structure, shapes and (tangent) dtypes as `primals`.
    """
    _check_callable(fun)
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "primal and tangent arguments to jax.jvp must be tuples or lists; found "
            f"{type(primals).__name__} and {type(tangents).__name__}."
        )
    p_leaves, p_tree = tree_flatten(tuple(primals))
    t_leaves, t_tree = tree_flatten(tuple(tangents))
    if p_tree != t_tree:
        raise TypeError(
            "primal and tangent arguments to jax.jvp must have the same tree structure; "
            f"primals have tree structure {p_tree} whereas tangents have tree structure {t_tree}."
        )
    originals, p_leaves = p_leaves, [_as_array(p) for p in p_leaves]
    tangents_in = []
    for p, t in zip(p_leaves, t_leaves):
        t = t if isinstance(t, (Array, Tracer)) or (
            isinstance(t, np.ndarray) and t.dtype == dtypes.float0) else _as_array(t)
        if np.shape(p) != np.shape(t):
            raise ValueError(
                "jvp called with different primal and tangent shapes;Got primal shape "
                f"{np.shape(p)} and tangent shape as {np.shape(t)}"
            )
        expected = tangent_aval(get_aval(p)).dtype
        t_dtype = t.dtype
        if t_dtype != expected:
            raise TypeError(
                "primal and tangent arguments to jax.jvp do not match; dtypes must be equal, or "
                f"in case of int/bool primal dtype the tangent dtype must be float0.Got primal "
                f"dtype {get_aval(p).dtype.name} and so expected tangent dtype "
                f"{expected.name if expected != dtypes.float0 else 'float0'}, but got tangent "
                f"dtype {t_dtype.name if t_dtype != dtypes.float0 else 'float0'} instead."
            )
        tangents_in.append(Zero(tangent_aval(get_aval(p))) if t_dtype == dtypes.float0 else t)
    store = {}
    if has_aux:  # jvp does not canonicalize: a Python scalar passed through stays one
        store["typed"] = {id(a): o for o, a in zip(originals, p_leaves)
                          if is_plain_python_scalar(o)}
    fun_flat = _flat_fun(_aux_splitter(fun, has_aux, store), p_tree, store)
    outs, out_t = jvp_flat(fun_flat, p_leaves, tangents_in, store)
    out_tree = store["tree"]
    out_t = [instantiate(t) for t in out_t]
    result = (tree_unflatten(out_tree, outs), tree_unflatten(out_tree, out_t))
    if has_aux:
        return (*result, store["aux"])
    return result


def _aux_splitter(fun, has_aux, store):
    if not has_aux:
        return fun

    def split(*args, **kwargs):
        out = fun(*args, **kwargs)
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            raise TypeError(
                "expected function with aux output to return a two-element tuple, but got type "
                f"{type(out)} with value {out!r}"
            )
        store["aux_raw"] = out[1]
        return out[0]

    return split


def _record_typed_scalars(store, originals, arrays):
    """Remembers which argument arrays were Python scalars (see typed_scalars)."""
    store["typed"] = {id(a): typed_scalar(o, a.dtype) for o, a in zip(originals, arrays)
                      if is_plain_python_scalar(o)}


# ---------------------------------------------------------------------------------------------
# Reverse mode: linearize + transpose


class _Linearized:
    """The result of linearizing a flat function: primal outputs and a linear jaxpr."""

    def __init__(self, primals_out, jaxpr, in_avals, out_zero):
        self.primals_out = primals_out
        self.jaxpr = jaxpr
        self.in_avals = in_avals
        self.out_zero = out_zero


def linearize_flat(fun, primals, aux_store=None):
    """Runs `fun` under JVP with tangents staged (partial evaluation); returns a `_Linearized`."""
    pe = StagingTrace(forward_known=True)
    prev = set_current_trace(pe)
    try:
        jvp_trace = JVPTrace()
        ins = []
        in_avals = []
        for p in primals:
            t_aval = tangent_aval(get_aval(p))
            in_avals.append(t_aval)
            if t_aval.dtype == dtypes.float0:
                ins.append(p)
                pe.invars.append(_Float0Placeholder(t_aval))
            else:
                ins.append(JVPTracer(jvp_trace, p, pe.new_arg(t_aval)))
        set_current_trace(jvp_trace)
        outs = fun(*ins)
        set_current_trace(pe)
        primals_out, tangents_out, out_zero = [], [], []
        for o in outs:
            p, t = jvp_trace.lift(o)
            primals_out.append(p)
            out_zero.append(t is None)
            tangents_out.append(Zero.like(p) if t is None else t)
        if aux_store is not None and "aux_raw" in aux_store:
            aux_store["aux"] = strip_aux(aux_store, jvp_trace)
    finally:
        set_current_trace(prev)
    pe.invars = [v for v in pe.invars if type(v) is not _Float0Placeholder]
    jaxpr = pe.to_jaxpr([instantiate(t) for t in tangents_out])
    return _Linearized(primals_out, jaxpr, in_avals, out_zero)


class _Float0Placeholder:
    """Stands for an integer input's (float0, always zero) tangent while linearizing."""

    def __init__(self, aval):
        self.aval = aval


def _transpose_linearized(lin: _Linearized, cts_out):
    args = [UndefinedPrimal(a) for a in lin.in_avals if a.dtype != dtypes.float0]
    cts = backward_pass(lin.jaxpr.jaxpr, lin.jaxpr.consts, args, cts_out)
    it = iter(cts)
    result = []
    for aval in lin.in_avals:
        if aval.dtype == dtypes.float0:
            result.append(np.zeros(aval.shape, dtypes.float0))
            continue
        ct = next(it)
        if ct is None or type(ct) is Zero:
            result.append(Array(np.zeros(aval.shape, aval.dtype), aval.weak_type))
        elif ct.dtype != aval.dtype:
            result.append(convert_element_type(ct, aval.dtype, aval.weak_type))
        # Otherwise the cotangent keeps the weak type the rules gave it, as in JAX.
        else:
            result.append(ct)
    return result


def linearize(fun, *primals, has_aux=False):
    """Returns `(fun(*primals), f_jvp)` where `f_jvp(*tangents)` evaluates the JVP linearly."""
    _check_callable(fun)
    leaves, in_tree = tree_flatten(primals)
    leaves = [_as_array(p) for p in leaves]
    store = {}
    lin = linearize_flat(_flat_fun(_aux_splitter(fun, has_aux, store), in_tree, store), leaves,
                         store)
    out_tree = store["tree"]

    def f_jvp(*tangents):
        t_leaves, t_tree = tree_flatten(tangents)
        if t_tree != in_tree:
            raise ValueError(f"linearized function called on tangent values inconsistent with "
                             f"the original primal values: {t_tree} vs {in_tree}")
        ts = [_as_array(t) for t, a in zip(t_leaves, lin.in_avals) if a.dtype != dtypes.float0]
        outs = _eval_linear(lin, ts)
        return tree_unflatten(out_tree, outs)

    out = tree_unflatten(out_tree, lin.primals_out)
    return (out, f_jvp, store["aux"]) if has_aux else (out, f_jvp)


def _eval_linear(lin, tangents):
    from .ir import eval_jaxpr

    return eval_jaxpr(lin.jaxpr.jaxpr, lin.jaxpr.consts, *tangents)


def vjp(fun, *primals, has_aux=False, reduce_axes=()):
    """Returns `(fun(*primals), vjp_fn)` where `vjp_fn(ct)` pulls a cotangent back to the inputs."""
    _check_callable(fun)
    originals, in_tree = tree_flatten(primals)
    leaves = [_as_array(p) for p in originals]
    store = {}
    if has_aux:
        _record_typed_scalars(store, originals, leaves)
    lin = linearize_flat(_flat_fun(_aux_splitter(fun, has_aux, store), in_tree, store), leaves,
                         store)
    out_tree = store["tree"]
    out_avals = [get_aval(p) for p in lin.primals_out]

    def vjp_fn(ct):
        ct_leaves, ct_tree = tree_flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(
                "unexpected tree structure.\n\nThe argument to a VJP function returned by "
                "`jax.vjp` must match the pytree\nstructure of the differentiated function "
                f"{describe_function(fun)}.\n\nBut the tree structures differ:\n"
                f"  * {_tree_difference(out_tree, ct_tree, 'out')}")
        cts = []
        for c, aval in zip(ct_leaves, out_avals):
            if isinstance(c, np.ndarray) and c.dtype == dtypes.float0:
                cts.append(None)
                continue
            c = _as_array(c)
            c_aval, expected = get_aval(c), tangent_aval(aval)
            weak_ok = c_aval.weak_type and dtypes.is_float(c_aval.dtype) and dtypes.is_float(
                expected.dtype)
            if c_aval.shape != expected.shape or (c_aval.dtype != expected.dtype
                                                   and not weak_ok):
                raise ValueError(
                    "unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got "
                    f"{_type_text(c_aval)}, but expected {_type_text(expected)} because the "
                    "corresponding output of the differentiated function had JAX type "
                    f"{_type_text(aval)}")
            if c_aval.dtype != expected.dtype:
                c = convert_element_type(c, expected.dtype, expected.weak_type)
            cts.append(c)
        return tuple(tree_unflatten(in_tree, _transpose_linearized(lin, cts)))

    out = tree_unflatten(out_tree, lin.primals_out)
    return (out, vjp_fn, store["aux"]) if has_aux else (out, vjp_fn)


def _type_text(aval) -> str:
    return f"{aval.dtype.name}[{','.join(map(str, aval.shape))}]"


def _tree_difference(expected, got, path) -> str:
    """The first place two treedefs differ, worded as JAX's vjp error does."""
    e, g = expected.node_data(), got.node_data()
    if e is None or g is None:
        if e is None:
            return (f"{path} was a pytree leaf in the original output, but a {g[0]} here, so "
                    "their Python types differ.")
        return (f"{path} was a {e[0]} in the original output, but a pytree leaf here, so their "
                "Python types differ.")
    if e[0] is not g[0]:
        return (f"{path} was a {e[0]} in the original output, but a {g[0]} here, so their "
                "Python types differ.")
    e_kids, g_kids = expected.children(), got.children()
    if e[1] != g[1]:
        return (f"{path} was a {e[0]} with pytree metadata {tuple(e[1])} in the original output, "
                f"but a {g[0]} with pytree metadata {tuple(g[1])} here, so the pytree node "
                "metadata does not match.")
    if len(e_kids) != len(g_kids):
        name = e[0].__name__
        return (f"{path} was a {name} of length {len(e_kids)} in the original output, but a "
                f"{name} of length {len(g_kids)} here, so the lengths do not match.")
    keys = list(e[1]) if e[0] is dict else range(len(e_kids))
    for k, a, b in zip(keys, e_kids, g_kids):
        if a != b:
            return _tree_difference(a, b, f"{path}[{k!r}]")
    return f"{path} differs"


def _check_callable(fun):
    if not callable(fun):
        raise TypeError(f"Expected a callable value, got {fun}")


def _check_argnums(argnums, nargs):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not nums:
        raise ValueError("max() arg is an empty sequence")  # JAX's (accidental) message
    for n in nums:
        if n < -nargs:
            raise ValueError(
                "Positional argument indices, e.g. for `static_argnums`, must have value greater "
                f"than or equal to -len(args) and less than len(args), but got value {n} for "
                f"len(args) == {nargs}.")
    need = max(n if n >= 0 else -n - 1 for n in nums) + 1
    if need > nargs:
        raise TypeError(
            f"differentiating with respect to argnums={argnums} requires at least {need} "
            f"positional arguments to be passed by the caller, but got only {nargs} positional "
            "arguments."
        )
    return tuple(n % nargs for n in nums)


def _check_input_dtype(x, allow_int, holomorphic, what="grad"):
    dtype = get_aval(x).dtype
    if holomorphic:
        if not dtypes.is_complex(dtype):
            raise TypeError(f"{what} with holomorphic=True requires inputs with complex dtype, "
                            f"but got {dtype.name}.")
    elif what == "jacfwd" and not dtypes.is_float(dtype):
        raise TypeError(
            f"jacfwd requires real-valued inputs (input dtype that is a sub-dtype of np.floating), "
            f"but got {dtype.name}. For holomorphic differentiation, pass holomorphic=True. For "
            "differentiation of non-holomorphic functions involving complex inputs or integer "
            "inputs, use jax.jvp directly.")
    elif not dtypes.is_inexact(dtype) and not allow_int:
        raise TypeError(
            f"{what} requires real- or complex-valued inputs (input dtype that is a sub-dtype of "
            f"np.inexact), but got {dtype.name}. If you want to use Boolean- or integer-valued "
            "inputs, use vjp or set allow_int to True."
        )


def _check_scalar_output(out, holomorphic):
    aval = get_aval(out)
    if aval.shape != ():
        raise TypeError(
            f"Gradient only defined for scalar-output functions. Output had shape: {aval.shape}."
        )
    if holomorphic:
        if not dtypes.is_complex(aval.dtype):
            raise TypeError("grad with holomorphic=True requires outputs with complex dtype, "
                            f"but got {aval.dtype.name}.")
    elif dtypes.is_complex(aval.dtype):
        raise TypeError(
            "grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), "
            f"but got {aval.dtype.name}. For holomorphic differentiation, pass holomorphic=True. "
            "For differentiation of non-holomorphic functions involving complex outputs, use "
            "jax.vjp directly."
        )
    elif not dtypes.is_float(aval.dtype):
        raise TypeError(
            "grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), "
            f"but got {aval.dtype.name}. For differentiation of functions with integer outputs, "
            "use jax.vjp directly."
        )


def value_and_grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False,
                   reduce_axes=()):
    """Returns a function computing `(fun(*args), grad of fun w.r.t. args[argnums])`.

    Args:
      fun: scalar-valued function; with `has_aux`, returns `(value, aux)`.
      argnums: int or tuple of ints (negative counts from the end).
      holomorphic: differentiate complex-to-complex functions as holomorphic.
      allow_int: allow integer inputs (their gradient is float0 zeros).
    Raises TypeError for non-scalar or non-float outputs, integer inputs, bad argnums.
    """
    _check_callable(fun)

    @functools.wraps(fun)
    def value_and_grad_f(*args, **kwargs):
        nums = _check_argnums(argnums, len(args))
        dyn = tuple(args[i] for i in nums)
        originals, dyn_tree = tree_flatten(dyn)
        leaves = [_as_array(x) for x in originals]
        for x in leaves:
            _check_input_dtype(x, allow_int, holomorphic)
        store = {}
        if has_aux:
            _record_typed_scalars(store, originals, leaves)

        def flat(*xs):
            new_args = list(args)
            for i, sub in zip(nums, tree_unflatten(dyn_tree, xs)):
                new_args[i] = sub
            out = fun(*new_args, **kwargs)
            if has_aux:
                if not isinstance(out, (tuple, list)) or len(out) != 2:
                    raise TypeError(
                        "expected function with aux output to return a two-element tuple, but "
                        f"got type {type(out)} with value {out!r}"
                    )
                out, store["aux_raw"] = out
            if out is None or isinstance(out, (list, tuple, dict)):
                raise TypeError("Gradient only defined for scalar-output functions. Output was "
                                f"{out!r}.")
            out = _as_array(out)
            _check_scalar_output(out, holomorphic)
            return [out]

        lin = linearize_flat(flat, leaves, store)
        (value,) = lin.primals_out
        one = Array(np.ones((), get_aval(value).dtype), get_aval(value).weak_type)
        grads = tree_unflatten(dyn_tree, _transpose_linearized(lin, [one]))
        g = grads[0] if isinstance(argnums, int) else grads
        if has_aux:
            return (value, store["aux"]), g
        return value, g

    return value_and_grad_f


def grad(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False, reduce_axes=()):
    """Returns a function computing the gradient of scalar `fun` w.r.t. `args[argnums]`.

    Same options and errors as `value_and_grad`; with `has_aux` returns `(grad, aux)`.
    """
    _check_callable(fun)
    vg = value_and_grad(fun, argnums, has_aux, holomorphic, allow_int)

    @functools.wraps(fun)
    def grad_f(*args, **kwargs):
        if has_aux:
            (_, aux), g = vg(*args, **kwargs)
            return g, aux
        return vg(*args, **kwargs)[1]

    return grad_f


# ---------------------------------------------------------------------------------------------
# Jacobians


def _std_basis(leaves):
    """Rows of the identity over the flattened inputs, one block per leaf: (n, *leaf.shape)."""
    sizes = [int(np.prod(get_aval(x).shape)) for x in leaves]
    total = sum(sizes)
    dtype = dtypes.result_type(*[get_aval(x).dtype for x in leaves]) if leaves else np.float32
    if leaves and current_trace() is not None:
        return _staged_std_basis(leaves, sizes, total, dtype), sizes
    eye = np.eye(total, dtype=dtype)
    out, start = [], 0
    for x, n in zip(leaves, sizes):
        aval = get_aval(x)
        block = eye[:, start:start + n].reshape((total, *aval.shape)).astype(aval.dtype)
        out.append(Array(block, aval.weak_type))
        start += n
    return out, sizes


def _staged_std_basis(leaves, sizes, total, dtype):
    """The basis as JAX stages it inside a trace: jnp.eye, split per leaf, reshape, convert."""
    from .numpy.creation import eye
    from .numpy.shape_ops import reshape

    blocks = _split(eye(total, dtype=dtype), sizes, 1)
    return [convert_element_type(reshape(b, (total, *get_aval(x).shape)), get_aval(x).dtype)
            for b, x in zip(blocks, leaves)]


def _split(x, sizes, axis):
    """`x` cut into consecutive pieces of `sizes` along `axis` (one `split`, as JAX stages the
    pieces of a Jacobian; its sizes are NumPy ints, as JAX prints them)."""
    from .lax.lax_extra import split_p

    return split_p.bind(x, sizes=tuple(np.int64(n) for n in sizes), axis=axis)


def _differentiated_args(fun, args, kwargs, argnums, allow_int, holomorphic, what):
    """The leaves of the `argnums` arguments (checked), their treedef, and `fun` as a function
    of those leaves' subtrees with every other argument fixed."""
    nums = _check_argnums(argnums, len(args))
    leaves, dyn_tree = tree_flatten(tuple(args[i] for i in nums))
    leaves = [_as_array(x) for x in leaves]
    for x in leaves:
        _check_input_dtype(x, allow_int, holomorphic, what)

    def partial_fun(*xs):
        new_args = list(args)
        for i, sub in zip(nums, tree_unflatten(dyn_tree, xs)):
            new_args[i] = sub
        return fun(*new_args, **kwargs)

    return leaves, dyn_tree, partial_fun


def jacfwd(fun, argnums=0, has_aux=False, holomorphic=False):
    """Jacobian by forward mode: `vmap` of `jvp` over the standard basis of the inputs."""
    _check_callable(fun)
    def jac_f(*args, **kwargs):
        leaves, dyn_tree, partial_fun = _differentiated_args(
            fun, args, kwargs, argnums, False, holomorphic, "jacfwd")

        basis, _ = _std_basis(leaves)
        store = {}

        def push(*ts):
            res = jvp(partial_fun, tuple(leaves), tuple(ts), has_aux=has_aux)
            if has_aux:
                store["aux"] = res[2]
            return res[1], res[0]

        tangents_out, _ = vmap(push, out_axes=(-1, None))(*basis)
        out_leaves, out_tree = tree_flatten(tangents_out)
        blocks = []
        from .numpy.shape_ops import reshape as reshape_array

        in_sizes = [int(np.prod(get_aval(x).shape)) for x in leaves]
        for t in out_leaves:
            # t: (*out_shape, n_in_total) -> per input leaf (*out_shape, *leaf_shape)
            per = []
            start = 0
            pieces = _split(t, in_sizes, t.ndim - 1) if current_trace() is not None else None
            for k, (x, n) in enumerate(zip(leaves, in_sizes)):
                shape = get_aval(x).shape
                piece = pieces[k] if pieces is not None else t[..., start:start + n]
                per.append(reshape_array(piece, (*t.shape[:-1], *shape)))
                start += n
            blocks.append(per)
        result = tree_unflatten(out_tree, [
            (tree_unflatten(dyn_tree, per)[0] if isinstance(argnums, int)
             else tree_unflatten(dyn_tree, per)) for per in blocks])
        return (result, store.get("aux")) if has_aux else result

    return jac_f


def jacrev(fun, argnums=0, has_aux=False, holomorphic=False, allow_int=False):
    """Jacobian by reverse mode: `vmap` of the `vjp` pullback over output basis vectors."""
    _check_callable(fun)

    def jac_f(*args, **kwargs):
        leaves, dyn_tree, partial_fun = _differentiated_args(
            fun, args, kwargs, argnums, allow_int, holomorphic, "jacrev")

        res = vjp(partial_fun, *leaves, has_aux=has_aux)
        out, pullback = res[0], res[1]
        out_leaves, out_tree = tree_flatten(out)
        out_leaves = [_as_array(o) for o in out_leaves]
        basis, sizes = _std_basis(out_leaves)
        cts = vmap(lambda *b: pullback(tree_unflatten(out_tree, list(b))))(*basis)
        from .numpy.shape_ops import reshape as reshape_array

        per_out = []
        start = 0
        staged = current_trace() is not None
        pieces = [_split(c, sizes, 0) for c in cts] if staged else None
        for k, (o, n) in enumerate(zip(out_leaves, sizes)):
            oshape = get_aval(o).shape
            per_in = [reshape_array(pieces[j][k] if staged else c[start:start + n],
                                    (*oshape, *get_aval(x).shape))
                      for j, (c, x) in enumerate(zip(cts, leaves))]
            start += n
            sub = tree_unflatten(dyn_tree, per_in)
            per_out.append(sub[0] if isinstance(argnums, int) else sub)
        result = tree_unflatten(out_tree, per_out)
        return (result, res[2]) if has_aux else result

    return jac_f


jacobian = jacrev


def hessian(fun, argnums=0, has_aux=False, holomorphic=False):
    """Hessian as `jacfwd(jacrev(fun))`."""
    _check_callable(fun)
    return jacfwd(jacrev(fun, argnums, has_aux, holomorphic), argnums, has_aux, holomorphic)
