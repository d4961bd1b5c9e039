"""Family helpers for declaring primitives: one helper per algebraic pattern.

`elementwise` declares an n-ary elementwise primitive (strict: equal shapes and dtypes) with
its impl, shape rule, batching rule and emitted code; `defjvp` gives a primitive one
derivative function per argument; `deflinear` and `defbilinear` cover linear and bilinear
primitives (JVP and transpose from one fact). Rules are written with lax operations so they
are themselves differentiable, batchable and stageable.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes
from ..array import Array
from ..core import Primitive, ShapedArray, current_trace, get_aval
from ..interpreters.jvp import Zero, add_tangents, instantiate
from ..interpreters.transpose import is_undefined

# ---------------------------------------------------------------------------------------------
# Declaring


try:  # NumPy >= 2 keeps the error state in a context variable: setting it directly is cheap
    from numpy._core.umath import _extobj_contextvar, _make_extobj

    _IGNORE = _make_extobj(all="ignore")

    def errors_off():
        """Turns NumPy's floating-point error reports off; returns what `errors_on` takes."""
        return _extobj_contextvar.set(_IGNORE)

    errors_on = _extobj_contextvar.reset
except ImportError:  # NumPy 1.x

    def errors_off():
        return np.seterr(all="ignore")

    def errors_on(old):
        np.seterr(**old)


def quiet(impl):
    """`impl` run with NumPy's floating-point error reports off (see `quiet_errors`)."""

    def quiet_impl(*args, **params):
        token = errors_off()
        try:
            return impl(*args, **params)
        finally:
            errors_on(token)

    quiet_impl.__name__ = getattr(impl, "__name__", "impl")
    return quiet_impl


def quiet_errors(*prims) -> None:
    """Marks primitives whose impl meets log(0), 1/0, 0/0, overflow or a nan cast to int in
    ordinary use. NumPy reports those as RuntimeWarnings; JAX is silent and returns the IEEE
    value, so these impls (and jit code using them) run with NumPy's error reports off. Plain
    arithmetic (add, mul, sin, ...) is not marked: it warns only on overflow or inf operands,
    and the switch would cost its eager fast path a quarter of a microsecond."""
    for p in prims:
        if not p.quiet:
            p.quiet = True
            p.impl = quiet(p.impl)


def primitive(name: str, impl, abstract_eval, *, multiple_results=False, emit=None,
              weak_type_rule=None) -> Primitive:
    p = Primitive(name, multiple_results)
    p.impl = impl
    p.abstract_eval = abstract_eval
    p.emit = emit
    p.weak_type_rule = weak_type_rule
    return p


# JAX's dtype groups, by the names its error messages use.
_GROUPS = {
    "integer": dtypes.is_int,
    "signedinteger": lambda d: dtypes.is_int(d) and not dtypes.is_unsigned(d),
    "floating": dtypes.is_float,
    "complexfloating": dtypes.is_complex,
    "bool": lambda d: d == np.bool_,
    "float32": lambda d: d == np.float32,
    "float64": lambda d: d == np.float64,
}
# What each `accepts=` kind of `elementwise` allows, as JAX's primitives do.
_KINDS = {
    "float": ("floating", "complexfloating"),
    "real": ("floating",),
    "complex": ("complexfloating",),
    "int": ("integer",),
    "intbool": ("integer", "bool"),
    "num": ("integer", "floating", "complexfloating"),
    "signed": ("floating", "complexfloating", "signedinteger"),  # abs
    "ordered": ("integer", "floating", "bool"),  # lt, le, gt, ge: complex has no order
    "intfloat": ("integer", "floating"),  # rem
    "conj": ("float32", "complexfloating", "float64"),
    "any": None,
}
# JAX's hint on a dtype mismatch names the promoting jnp function, for these primitives.
_PROMOTING_JNP = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
                  "max": "maximum", "min": "minimum", "eq": "equal", "ne": "not_equal"}


def _accepts(kind: str):
    groups = _KINDS[kind]
    if groups is None:
        return lambda d: True
    tests = [_GROUPS[g] for g in groups]
    return lambda d: any(t(d) for t in tests)


_ACCEPTED = {kind: frozenset(filter(_accepts(kind), dtypes.supported_dtypes)) for kind in _KINDS}


def check_dtypes(name: str, kind: str, avals) -> None:
    """JAX's TypeErrors for elementwise operands: an unaccepted dtype (by position when there
    are several operands), then dtypes that differ."""
    accepted = _ACCEPTED[kind]
    text = ", ".join(_KINDS[kind] or ())
    for i, a in enumerate(avals):
        if a.dtype not in accepted:
            where = f" at position {i}" if len(avals) > 1 else ""
            raise TypeError(f"{name} does not accept dtype {a.dtype.name}{where}. Accepted "
                            f"dtypes{where} are subtypes of {text}.")
    if any(a.dtype != avals[0].dtype for a in avals[1:]):
        tip = (f" (Tip: jnp.{_PROMOTING_JNP[name]} is a similar function that does automatic "
               "type promotion on inputs)." if name in _PROMOTING_JNP else "")
        raise TypeError(f"lax.{name} requires arguments to have the same dtypes, got "
                        f"{', '.join(a.dtype.name for a in avals)}.{tip}")


def elementwise(name: str, impl, nin: int, *, accepts="any", out_dtype=None, emit=None,
                weak_type_rule=None) -> Primitive:
    """An elementwise primitive over `nin` operands of one dtype.

    Shapes follow lax's (not NumPy's) broadcasting, as in JAX: a rank-0 operand goes with any
    shape, and operands of one rank may differ in dimensions of size 1 (`broadcast_shape`).

    `accepts` names the dtype kinds allowed; `out_dtype(dtype)` maps the operand dtype to the
    result's (default: the same); `emit` is a NumPy expression template like "np.sin({0})".
    """
    def abstract_eval(*avals, **params):
        first = avals[0]
        # shapes are checked before dtypes, as JAX (its errors come in that order)
        shape = first.shape if nin == 1 else broadcast_shape(name, *[a.shape for a in avals])
        check_dtypes(name, accepts, avals)
        dtype = first.dtype if out_dtype is None else out_dtype(first.dtype)
        return ShapedArray(shape, dtype)

    p = primitive(name, impl, abstract_eval, emit=_template_emit(emit),
                  weak_type_rule=weak_type_rule)
    p.batch = _elementwise_batch(p)
    p.elementwise = True
    p.eager_accepts = _same_shape_and_dtype(_ACCEPTED[accepts])
    return p


def broadcast_shape(name: str, *shapes) -> tuple:
    """The result shape of an n-ary lax elementwise operation, or JAX's TypeError.

    lax broadcasts less than NumPy: rank-0 operands go with anything, the others must have one
    rank, and in each dimension their sizes must agree except for sizes of 1.
    """
    ranked = [s for s in shapes if s]
    if not ranked:
        return ()
    ranks = {len(s) for s in ranked}
    if len(ranks) > 1:
        raise TypeError(f"{name}: arrays must have the same number of dimensions, got {ranks}")
    out = []
    for sizes in zip(*ranked):
        big = {d for d in sizes if d != 1}
        if len(big) > 1:
            raise TypeError(f"{name} got incompatible shapes for broadcasting: "
                            f"{', '.join(str(tuple(s)) for s in shapes)}.")
        out.append(big.pop() if big else 1)
    return tuple(out)


def unbroadcast(ct, aval):
    """Cotangent `ct` of a broadcast operand of type `aval`, summed back to the operand's shape
    (the transpose of lax's implicit rank-0 and size-1 broadcasting)."""
    shape = get_aval(ct).shape
    if shape == aval.shape:
        return ct
    from .reductions import reduce_sum
    from .structural import reshape

    if not aval.shape:
        return reduce_sum(ct, tuple(range(len(shape))))
    axes = tuple(i for i, (a, c) in enumerate(zip(aval.shape, shape)) if a != c)
    return reshape(reduce_sum(ct, axes), aval.shape)


def broadcast_to(x, shape):
    """`x` (an operand of a lax elementwise operation) broadcast to the operation's `shape`."""
    from .structural import broadcast_in_dim

    aval = get_aval(x)
    if aval.shape == tuple(shape):
        return x
    dims = () if not aval.shape else tuple(range(len(shape)))
    return broadcast_in_dim(x, shape, dims)


def _same_shape_and_dtype(accepted):
    """Eager check of an elementwise primitive's operands: one accepted dtype, one shape (or
    rank-0 operands, which lax broadcasts)."""

    def accepts(first, *rest, **params):
        dtype, shape = first.dtype, first.shape
        if dtype not in accepted:
            return False
        for v in rest:
            if v.dtype != dtype or (v.shape != shape and v.shape and shape):
                return False
        return True

    accepts.accepted = accepted
    return accepts


def eager_function(p: Primitive, nin: int):
    """The lax function of elementwise primitive `p` (one or two operands, no params).

    With no trace current and Arrays of an accepted dtype and one shape (or a rank-0 one) as
    operands, it calls the impl directly: `bind`'s argument packing is half of the eager cost of `lax.sin` on a
    small array. Anything else goes through `bind`. Valid for primitives whose result is weak
    exactly when all operands are (weak_type_rule None) or never (False).
    """
    assert p.weak_type_rule in (None, False) and not p.multiple_results
    accepted = p.eager_accepts.accepted
    can_be_weak = p.weak_type_rule is None

    if nin == 1:
        def fn(x):
            if type(x) is Array and current_trace() is None and x._value.dtype in accepted:
                return Array(p.impl(x._value), can_be_weak and x.weak_type)
            return p.bind(x)
    else:
        def fn(x, y):
            if type(x) is Array and type(y) is Array and current_trace() is None:
                a, b = x._value, y._value
                if (a.dtype == b.dtype and a.dtype in accepted
                        and (a.shape == b.shape or not a.shape or not b.shape)):
                    return Array(p.impl(a, b), can_be_weak and x.weak_type and y.weak_type)
            return p.bind(x, y)

    fn.__name__ = fn.__qualname__ = p.name
    fn.__doc__ = f"lax.{p.name}: the `{p.name}` primitive, elementwise."
    return fn


def _template_emit(template):
    if template is None:
        return None

    def emit(names, **params):
        return template.format(*names, **params)

    return emit


def _elementwise_batch(prim):
    # Batched operands that agree (one batch axis, one rank) next to unbatched rank-0 ones are
    # bound as they are. Otherwise batched operands are moved to the first one's batch axis
    # (axis 0 for JAX's common case) and lax's implicit broadcasting does the rest: an
    # unbatched operand gets a size-1 batch axis there, and a batch of scalars next to
    # higher-rank operands gets size-1 axes around its batch axis. Nothing is copied.
    def batch(args, bdims, **params):
        bdim = next(d for d in bdims if d is not None)
        ranks = [np.ndim(a) - (d is not None) for a, d in zip(args, bdims)]
        rank = max(ranks)
        if all(d == bdim and r == rank if d is not None else r == 0
               for d, r in zip(bdims, ranks)):
            return prim.bind(*args, **params), bdim
        bdim = min(bdim, rank)
        out = list(args)
        # (in JAX's order of staging: moved batch axes, unbatched operands, batches of scalars)
        for i, (a, d, r) in enumerate(zip(args, bdims, ranks)):
            if d is not None and r == rank:
                out[i] = moveaxis(a, d, bdim)
        for i, (a, d, r) in enumerate(zip(args, bdims, ranks)):
            if d is None and r:  # (NumPy ints in the params, as JAX's batched programs print)
                shape = list(np.shape(a))
                shape.insert(bdim, 1)
                out[i] = _with_unit_axes(a, shape, [np.int64(j) for j in range(r + 1) if j != bdim])
        for i, (a, d, r) in enumerate(zip(args, bdims, ranks)):
            if d is not None and r < rank:  # a batch of scalars
                shape = [1] * (rank + 1)
                shape[bdim] = np.shape(a)[d]
                out[i] = _with_unit_axes(a, shape, [bdim])
        return prim.bind(*out, **params), bdim

    return batch


def _with_unit_axes(x, shape, dims):
    from .structural import broadcast_in_dim_p

    return broadcast_in_dim_p.bind(x, shape=tuple(int(d) for d in shape),
                                   broadcast_dimensions=tuple(dims))


# ---------------------------------------------------------------------------------------------
# Batching utilities (structural lax ops are imported lazily: they are declared with these)


def moveaxis(x, src: int, dst: int):
    from .structural import transpose

    if src == dst:
        return x
    perm = [i for i in range(np.ndim(x) if not hasattr(x, "ndim") else x.ndim) if i != src]
    perm.insert(dst, src)
    return transpose(x, tuple(perm))


def bdim_to_front(x, bdim, size: int):
    """`x` with its batch axis first; an unbatched `x` is broadcast (a view, not a copy)."""
    from .structural import broadcast_in_dim

    if bdim is None:
        aval = get_aval(x)
        return broadcast_in_dim(x, (size, *aval.shape), tuple(range(1, aval.ndim + 1)))
    return moveaxis(x, bdim, 0)


def bdim_to(x, bdim, dst: int, size: int):
    """`x` with its batch axis at `dst`; an unbatched `x` is broadcast there (a view)."""
    from .structural import broadcast_in_dim

    if bdim is None:
        shape = get_aval(x).shape
        dims = tuple(i for i in range(len(shape) + 1) if i != dst)
        return broadcast_in_dim(x, (*shape[:dst], size, *shape[dst:]), dims)
    return moveaxis(x, bdim, dst)


# ---------------------------------------------------------------------------------------------
# Differentiation patterns


def defjvp(prim: Primitive, *partials) -> None:
    """One derivative per argument: `partials[i](x_dot, ans, *primals, **params)` gives argument
    i's contribution to the output tangent; None marks a non-differentiable argument."""

    # An elementwise primitive broadcasts rank-0 and size-1 operands: a partial computed from
    # such an operand's tangent alone is broadcast to the result's shape.
    fit = broadcast_to if getattr(prim, "elementwise", False) else (lambda x, shape: x)

    def jvp(primals, tangents, **params):
        ans = prim.bind(*primals, **params)
        out = Zero.like(ans)
        for d, t in zip(partials, tangents, strict=True):
            if d is not None and type(t) is not Zero:
                out = add_tangents(out, fit(d(t, ans, *primals, **params), get_aval(ans).shape))
        return ans, out

    prim.jvp = jvp


def defzero(prim: Primitive) -> None:
    """A primitive whose output does not change with its inputs (comparisons, floor, ...)."""

    def jvp(primals, tangents, **params):
        ans = prim.bind(*primals, **params)
        if prim.multiple_results:
            return ans, [Zero.like(a) for a in ans]
        return ans, Zero.like(ans)

    prim.jvp = jvp


def deflinear(prim: Primitive, transpose) -> None:
    """A primitive linear in all its (array) arguments: its JVP is itself on the tangents."""

    def jvp(primals, tangents, **params):
        ans = prim.bind(*primals, **params)
        if all(type(t) is Zero for t in tangents):
            return ans, Zero.like(ans)
        return ans, prim.bind(*[instantiate(t) for t in tangents], **params)

    prim.jvp = jvp
    prim.transpose = _unbroadcasting(transpose) if getattr(prim, "elementwise", False) else transpose


def _unbroadcasting(transpose):
    """An elementwise primitive's transpose rule whose cotangents are summed back to the shapes
    of the operands lax broadcast (see `unbroadcast`)."""

    def rule(ct, *args, **params):
        cts = transpose(ct, *args, **params)
        return [unbroadcast(c, a.aval) if is_undefined(a) and c is not None and type(c) is not Zero
                else c for c, a in zip(cts, args, strict=True)]

    return rule


def defbilinear(prim: Primitive, lhs_transpose, rhs_transpose) -> None:
    """A primitive linear in each argument separately (mul, dot_general).

    `lhs_transpose(ct, y, x_aval, **params)` gives the cotangent of x given y, and vice versa.
    """

    def jvp(primals, tangents, **params):
        x, y = primals
        x_dot, y_dot = tangents
        ans = prim.bind(x, y, **params)
        out = Zero.like(ans)
        if type(x_dot) is not Zero:
            out = add_tangents(out, prim.bind(x_dot, y, **params))
        if type(y_dot) is not Zero:
            out = add_tangents(out, prim.bind(x, y_dot, **params))
        return ans, out

    def transpose(ct, x, y, **params):
        if type(ct) is Zero:
            return [None, None]
        ct_x = lhs_transpose(ct, y, x.aval, **params) if is_undefined(x) else None
        ct_y = rhs_transpose(ct, x, y.aval, **params) if is_undefined(y) else None
        return [ct_x, ct_y]

    prim.jvp = jvp
    prim.transpose = _unbroadcasting(transpose) if getattr(prim, "elementwise", False) else transpose


# ---------------------------------------------------------------------------------------------
# Constants inside rules


def full_like(x, value, dtype=None):
    """A constant array shaped like `x` (a broadcast view; weak as `x`). While a trace is
    current it is a `broadcast_in_dim` of a scalar literal, as JAX stages lax.full_like (so a
    staged rule shows `broadcast_in_dim 0.0:f32[]`, not a constant the size of `x`)."""
    aval = get_aval(x)
    dtype = aval.dtype if dtype is None else np.dtype(dtype)
    scalar = Array(np.array(value, dtype), aval.weak_type)
    if current_trace() is None or not aval.shape:
        return Array(np.broadcast_to(scalar._value, aval.shape), aval.weak_type)
    from .structural import broadcast_in_dim

    return broadcast_in_dim(scalar, aval.shape, ())


def scalar_like(x, value):
    """A 0-d constant with `x`'s dtype, for rules that need e.g. `2 * x`."""
    aval = get_aval(x)
    return Array(np.array(value, aval.dtype), aval.weak_type)
