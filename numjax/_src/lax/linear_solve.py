"""Implicit differentiation of linear solves and roots: `custom_linear_solve`, `custom_root`.

The `custom_linear_solve` primitive (`linear_solve_p`) holds the solver as flat callables:
forward mode solves A x_dot = b_dot - A_dot x with itself, the reverse pass solves the
transposed system A^T u = ct, instead of differentiating through a solver's iterations.
Values the matvec closes over become explicit inputs through `closure_convert`. Used by
jax.scipy.sparse.linalg's Krylov solvers. Higher layers (api, custom_derivatives, vmap) are
imported inside functions: lax modules load before them.
"""

from __future__ import annotations

import numpy as np

from ..array import Array
from ..core import Primitive, current_trace
from ..interpreters.jvp import Zero, instantiate
from ..tree import tree_flatten, tree_leaves, tree_map, tree_unflatten
from .helpers import bdim_to_front, full_like


def _linear_solve(matvec, b, solve_fn, symmetric, extra, transpose_solve_fn=None):
    """x = solve_fn(matvec, b, extra), differentiated as the solution of A x = b rather than
    through the iterations. `extra` (a pytree: starting guess, tolerances, preconditioner
    values) is not differentiated; everything traced that solve_fn uses must come through it
    or through `matvec`, whose closed-over values become explicit inputs. The transposed
    system is solved by `transpose_solve_fn` (default: `solve_fn`) with A^T as operator."""
    if current_trace() is None:  # nothing to differentiate, batch or stage
        return solve_fn(matvec, b, extra)
    from ..api import vjp
    from ..custom_derivatives import closure_convert

    b_leaves, b_tree = tree_flatten(b)
    extra_leaves, extra_tree = tree_flatten(extra)
    converted, consts = closure_convert(matvec, b)
    nc, ne = len(consts), len(extra_leaves)

    def as_trees(args):
        rhs = tree_unflatten(b_tree, args[nc + ne :])
        return args[:nc], tree_unflatten(extra_tree, args[nc : nc + ne]), rhs

    def flat_matvec(*args):  # (*consts, *x) -> A x
        return tree_leaves(converted(tree_unflatten(b_tree, args[nc:]), *args[:nc]))

    def flat_transpose_matvec(*args):  # (*consts, *v) -> A^T v
        cs, v = args[:nc], tree_unflatten(b_tree, args[nc:])
        zeros = tree_map(lambda leaf: full_like(leaf, 0), v)
        _, pullback = vjp(lambda u: converted(u, *cs), zeros)
        return tree_leaves(pullback(v)[0])

    def solver(flat, solve_fn=solve_fn):  # the flat callable solving with the operator `flat`
        def run(*args):
            cs, ex, rhs = as_trees(args)

            def operator_(v):
                return tree_unflatten(b_tree, flat(*cs, *tree_leaves(v)))

            return tree_leaves(solve_fn(operator_, rhs, ex))

        return run

    transposed = flat_matvec if symmetric else flat_transpose_matvec
    outs = linear_solve_p.bind(
        *consts,
        *extra_leaves,
        *b_leaves,
        solve=solver(flat_matvec),
        transpose_solve=solver(transposed, transpose_solve_fn or solve_fn),
        matvec=flat_matvec,
        transpose_matvec=transposed,
        num_consts=nc,
        num_extra=ne,
    )
    return tree_unflatten(b_tree, outs)


# custom_linear_solve(*consts, *extra, *b) -> x with A(consts) x = b. Linear in b: its JVP
# solves A x_dot = b_dot - A_dot x with itself, its transpose solves A^T u = ct. Params hold
# flat callables: solve/transpose_solve(*args) -> x, matvec/transpose_matvec(*consts, *v).
linear_solve_p = Primitive("custom_linear_solve", multiple_results=True)


def _linear_solve_impl(*args, solve, **params):
    return [np.asarray(x._value if isinstance(x, Array) else x) for x in solve(*args)]


def _linear_solve_abstract_eval(*avals, num_consts, num_extra, **params):
    return list(avals[num_consts + num_extra :])


def _linear_solve_jvp(primals, tangents, *, matvec, num_consts, **params):
    from ..api import jvp

    params = dict(params, matvec=matvec, num_consts=num_consts)
    x = linear_solve_p.bind(*primals, **params)
    consts, n_b = primals[:num_consts], len(x)
    rhs = [instantiate(t) for t in tangents[-n_b:]]
    consts_dot = tangents[:num_consts]
    if any(type(t) is not Zero for t in consts_dot):
        _, a_dot_x = jvp(lambda *cs: matvec(*cs, *x), consts, [instantiate(t) for t in consts_dot])
        rhs = [r - d for r, d in zip(rhs, a_dot_x, strict=True)]
    x_dot = linear_solve_p.bind(*primals[: len(primals) - n_b], *rhs, **params)
    return x, x_dot


def _linear_solve_transpose(
    cts, *args, solve, transpose_solve, matvec, transpose_matvec, num_consts, num_extra
):
    known = args[: num_consts + num_extra]
    cts = [instantiate(ct) for ct in cts]
    u = linear_solve_p.bind(
        *known,
        *cts,
        solve=transpose_solve,
        transpose_solve=solve,
        matvec=transpose_matvec,
        transpose_matvec=matvec,
        num_consts=num_consts,
        num_extra=num_extra,
    )
    return [None] * len(known) + list(u)


def _linear_solve_batch(
    args, bdims, *, solve, transpose_solve, matvec, transpose_matvec, num_consts, num_extra
):
    from ..custom_derivatives import _batched

    size = next(a.shape[d] for a, d in zip(args, bdims, strict=True) if d is not None)
    n_known = num_consts + num_extra
    # b is always batched, so that x and the cotangents of the transpose are too
    args = [
        bdim_to_front(a, d, size) if d is not None or i >= n_known else a
        for i, (a, d) in enumerate(zip(args, bdims, strict=True))
    ]
    dims = [0 if d is not None or i >= n_known else None for i, d in enumerate(bdims)]
    matvec_dims = dims[:num_consts] + dims[n_known:]
    outs = linear_solve_p.bind(
        *args,
        solve=_batched(solve, dims, size),
        transpose_solve=_batched(transpose_solve, dims, size),
        matvec=_batched(matvec, matvec_dims, size),
        transpose_matvec=_batched(transpose_matvec, matvec_dims, size),
        num_consts=num_consts,
        num_extra=num_extra,
    )
    return outs, [0] * len(outs)


linear_solve_p.impl = _linear_solve_impl
linear_solve_p.abstract_eval = _linear_solve_abstract_eval
linear_solve_p.weak_type_rule = lambda *weak, num_consts, num_extra, **params: list(
    weak[num_consts + num_extra :]
)
linear_solve_p.jvp = _linear_solve_jvp
linear_solve_p.transpose = _linear_solve_transpose
linear_solve_p.batch = _linear_solve_batch


# ---------------------------------------------------------------------------------------------
# Public API (jax.lax.custom_linear_solve, jax.lax.custom_root)


def _transpose_solve_missing(matvec, b, extra):
    raise TypeError("transpose_solve required for backwards mode automatic differentiation of "
                    "custom_linear_solve.")


def custom_linear_solve(matvec, b, solve, transpose_solve=None, symmetric=False, has_aux=False):
    """lax.custom_linear_solve: `solve(matvec, b)`, differentiated implicitly.

    Args:
      matvec: the linear function x -> A x (pytree in, pytree of b's structure out).
      b: the right-hand side (a pytree of arrays).
      solve: `solve(matvec, b) -> x` with `matvec(x) == b`; differentiated as the solution of
        the system, never through its iterations.
      transpose_solve: `transpose_solve(vecmat, b) -> x` for the transposed system, needed by
        reverse mode (grad, vjp); reverse mode without it raises TypeError.
      symmetric: A is symmetric, so `solve` serves as `transpose_solve`.
      has_aux: `solve` returns `(x, aux)`; aux is returned as is (not differentiated; under a
        transformation, `solve` then runs once more for it).

    The solvers may close over traced values; those are inputs of the solve that are not
    differentiated (as in JAX): derivatives reach A only through `matvec`.
    """
    def first(out):
        return out[0] if has_aux else out

    if current_trace() is None:  # nothing to differentiate, batch or stage
        return solve(matvec, b)
    from ..api import vjp
    from ..custom_derivatives import closure_convert

    # The solvers may close over traced values (the matvec's among them): those become
    # explicit, non-differentiated inputs (`extra`). They run with the matvec they were given.
    solve_conv, solve_consts = closure_convert(lambda rhs: first(solve(matvec, rhs)), b)

    def value(mv, rhs, extra):
        return solve_conv(rhs, *extra[0])

    if symmetric:
        transpose_fn, t_consts = None, []
    elif transpose_solve is None:
        transpose_fn, t_consts = _transpose_solve_missing, []
    else:
        def vecmat(v):
            _, pullback = vjp(matvec, tree_map(lambda leaf: full_like(leaf, 0), v))
            return pullback(v)[0]

        t_conv, t_consts = closure_convert(lambda rhs: first(transpose_solve(vecmat, rhs)), b)

        def transpose_fn(mv, rhs, extra):
            return t_conv(rhs, *extra[1])

    x = _linear_solve(matvec, b, value, symmetric, (list(solve_consts), list(t_consts)),
                      transpose_fn)
    if not has_aux:
        return x
    from .ad_util import stop_gradient

    return x, solve(matvec, stop_gradient(b))[1]


def custom_root(f, initial_guess, solve, tangent_solve, has_aux=False):
    """lax.custom_root: a root of `f` found by `solve(f, initial_guess)`, differentiated by the
    implicit function theorem rather than through the solver.

    Args:
      f: the function whose root is sought (pytree in, same structure out); values it closes
        over are what the root is differentiated with respect to.
      initial_guess: the starting point (not differentiated).
      solve: `solve(f, initial_guess) -> root` (or `(root, aux)` with has_aux).
      tangent_solve: `tangent_solve(g, y) -> x` solving the linear system `g(x) = y`, used for
        the derivative (with the transposed `g` in reverse mode), e.g.
        `lambda g, y: y / g(1.0)` for scalars.
      has_aux: `solve` also returns auxiliary data (returned as is, not differentiated).
    """
    from ..api import jvp
    from ..custom_derivatives import closure_convert, custom_jvp
    from .ad_util import stop_gradient
    from .elementwise import neg

    guess = tree_map(stop_gradient, initial_guess)
    converted, consts = closure_convert(f, guess)

    def run(consts):
        out = solve(lambda x: converted(x, *consts), guess)
        return out[0] if has_aux else out

    root = custom_jvp(run)

    @root.defjvp
    def root_jvp(primals, tangents):
        (cs,), (cs_dot,) = primals, tangents
        sol = run(cs)
        _, f_dot = jvp(lambda *c: converted(sol, *c), tuple(cs), tuple(cs_dot))
        rhs = tree_map(neg, f_dot)

        def linear(v):  # v -> (df/dx at the root) v
            return jvp(lambda x: converted(x, *cs), (sol,), (v,))[1]

        sol_dot = custom_linear_solve(linear, rhs, solve=tangent_solve,
                                      transpose_solve=tangent_solve)
        return sol, sol_dot

    sol = root(list(consts))
    if not has_aux:
        return sol
    return sol, solve(lambda x: converted(x, *map(stop_gradient, consts)), guess)[1]
