"""NumPy code generation: a closed jaxpr becomes straight-line Python source over NumPy.

One line per equation, from the primitive's `emit` template when it has one, else a call of
its `impl` with the params bound. Constants and literals are hoisted into the function's
globals. The `Backend` interface is what `jit` talks to, so another generator (a fusing
compiler, a GPU array library) can be added without touching tracing.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from ..array import Array
from ..ir import ClosedJaxpr, Literal, Var


class Compiled:
    """A generated function over raw ndarrays, with its source (for `lower().as_text()`)."""

    __slots__ = ("fn", "source")

    def __init__(self, fn, source: str):
        self.fn = fn
        self.source = source


class Backend:
    """Turns an optimized closed jaxpr into a `Compiled`."""

    name = "abstract"

    def compile(self, closed: ClosedJaxpr, name: str = "f") -> Compiled:
        raise NotImplementedError


class NumpyBackend(Backend):
    name = "numpy"

    def compile(self, closed: ClosedJaxpr, name: str = "f") -> Compiled:
        jaxpr = closed.jaxpr
        names = {}
        namespace = {"np": np}
        counter = itertools.count()
        const_counter = itertools.count()

        def fresh():
            return f"v{next(counter)}"

        def hoist(value, prefix="c"):
            key = f"_{prefix}{next(const_counter)}"
            namespace[key] = value
            return key

        for v, c in zip(jaxpr.constvars, closed.consts):
            names[v] = hoist(np.asarray(c._value if type(c) is Array else c))

        def ref(v):
            if type(v) is Literal:
                return hoist(np.asarray(v.val, v.aval.dtype), "k")
            return names[v]

        args = []
        for v in jaxpr.invars:
            names[v] = fresh()
            args.append(names[v])
        lines = []
        for eqn in jaxpr.eqns:
            ins = [ref(v) for v in eqn.invars]
            outs = []
            for v in eqn.outvars:
                names[v] = fresh()
                outs.append(names[v])
            expr = None
            if eqn.primitive.emit is not None:
                expr = eqn.primitive.emit(ins, **eqn.params)
            if expr is None:
                impl = eqn.primitive.impl
                fn = functools.partial(impl, **eqn.params) if eqn.params else impl
                expr = f"{hoist(fn, eqn.primitive.name.replace('-', '_') + '_')}({', '.join(ins)})"
            target = ", ".join(outs) + ("," if eqn.primitive.multiple_results and len(outs) == 1
                                        else "")
            if eqn.primitive.multiple_results and not outs:
                target = "_"
            lines.append(f"    {target} = {expr}")
        results = [ref(v) for v in jaxpr.outvars]
        ret = ", ".join(results) + ("," if len(results) == 1 else "")
        lines.append(f"    return ({ret})")
        source = f"def {name}({', '.join(args)}):\n" + "\n".join(lines) + "\n"
        code = compile(source, f"<numjax jit {name}>", "exec")
        exec(code, namespace)
        return Compiled(namespace[name], source)


DEFAULT_BACKEND = NumpyBackend()
