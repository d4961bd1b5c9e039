"""Staging: recording primitives into a jaxpr instead of running them.

One trace class serves two purposes:
- `forward_known=False` (jit, make_jaxpr): every primitive is recorded; values of other
  traces and arrays become constants (0-d ones inline Literals).
- `forward_known=True` (partial evaluation, used by `linearize`): an equation whose inputs
  are all known (none is this trace's tracer) is run in the parent trace right away; only
  equations touching unknown values are recorded, with the known inputs as constants.
Reads `abstract_eval`, `weak_type_rule` and `stage` (higher-order primitives) slots.
"""

from __future__ import annotations

import inspect

import numpy as np

from ..core import ShapedArray, Trace, Tracer, get_aval, set_current_trace
from ..dtypes import float0
from ..ir import ClosedJaxpr, Eqn, Jaxpr, Literal, Var, literal_or_none


class JitTracer(Tracer):
    __slots__ = ("var",)

    def __init__(self, trace, var):
        self._trace = trace
        self.var = var

    @property
    def aval(self):
        return self.var.aval

    def __repr__(self):
        return f"JitTracer({self.var.aval})"


class DebugInfo:
    """What error messages say about the function being traced."""

    __slots__ = ("arg_names", "fun_desc", "what")

    def __init__(self, what: str, fun, arg_names=None):
        self.what = what
        self.fun_desc = describe_function(fun)
        self.arg_names = arg_names


def describe_function(fun) -> str:
    name = getattr(fun, "__name__", type(fun).__name__)
    try:
        code = fun.__code__
        file = code.co_filename.rsplit("/", 1)[-1]
        return f"{name} at {file}:{code.co_firstlineno}"
    except AttributeError:
        return name


def arg_names_of(fun, args_tree_paths):
    """Names for flattened arguments: the parameter name, plus a key path for pytrees."""
    try:
        params = list(inspect.signature(fun).parameters)
    except (TypeError, ValueError):
        params = []
    names = []
    for argnum, path in args_tree_paths:
        base = params[argnum] if argnum < len(params) else f"args[{argnum}]"
        names.append(base + path)
    return names


class StagingTrace(Trace):
    def __init__(self, forward_known: bool = False, debug_info: DebugInfo | None = None):
        super().__init__()
        self.forward_known = forward_known
        self.debug_info = debug_info
        self.invars = []
        self.eqns = []
        self.const_vars = {}  # id(value) -> Var
        self.const_vals = []  # keeps constants alive, in constvar order
        self.constvars = []

    def new_arg(self, aval) -> JitTracer:
        var = Var(aval)
        self.invars.append(var)
        return JitTracer(self, var)

    def to_var(self, x):
        if type(x) is JitTracer and x._trace is self:
            return x.var
        self.check_foreign(x)
        if not isinstance(x, Tracer):
            lit = literal_or_none(x)
            if lit is not None:
                return lit
            if isinstance(x, np.ndarray) and x.dtype == float0:
                return self._float0_var(x.shape)
        var = self.const_vars.get(id(x))
        if var is None:
            var = self.const_vars[id(x)] = Var(get_aval(x))
            self.constvars.append(var)
            self.const_vals.append(x)
        return var

    def _float0_var(self, shape):
        """An integer input's zero gradient: JAX stages it as `broadcast_in_dim` of a float0
        scalar literal (float0 values hold no data, so there is nothing to make a constant)."""
        from ..lax.structural import broadcast_in_dim_p

        var = Var(ShapedArray(shape, float0))
        self.eqns.append(Eqn(broadcast_in_dim_p, [literal_or_none(np.zeros((), float0))], [var],
                             {"shape": tuple(shape), "broadcast_dimensions": ()}))
        return var

    def process(self, prim, args, params):
        if self.forward_known and not any(
            type(a) is JitTracer and a._trace is self for a in args
        ):
            prev = set_current_trace(self.parent)
            try:
                return prim.bind(*args, **params)
            finally:
                set_current_trace(prev)
        if prim.stage is not None:
            return prim.stage(self, args, params)
        return self.stage_eqn(prim, args, params)

    def stage_eqn(self, prim, args, params):
        invars = [self.to_var(a) for a in args]
        avals = [v.aval for v in invars]
        out = prim.abstract_eval(*avals, **params)
        rule = prim.weak_type_rule
        if rule is None:
            weak = all(a.weak_type for a in avals)
        elif rule is False:
            weak = False
        else:
            weak = rule(*[a.weak_type for a in avals], **params)
        if prim.multiple_results:
            weaks = [weak] * len(out) if type(weak) is bool else weak
            outvars = [Var(a.update(weak_type=w)) for a, w in zip(out, weaks, strict=True)]
        else:
            outvars = [Var(out.update(weak_type=weak))]
        self.eqns.append(Eqn(prim, invars, outvars, params))
        tracers = [JitTracer(self, v) for v in outvars]
        return tracers if prim.multiple_results else tracers[0]

    def to_jaxpr(self, outs) -> ClosedJaxpr:
        outvars = [self.to_var(o) for o in outs]
        jaxpr = Jaxpr(self.constvars, self.invars, self.eqns, outvars)
        return ClosedJaxpr(jaxpr, self.const_vals)

    def describe_dependence(self, tracer) -> str:
        info = self.debug_info
        if info is None:
            return ""
        text = f"The error occurred while tracing the function {info.fun_desc} for {info.what}."
        deps = self._input_dependence(tracer.var)
        if deps and info.arg_names:
            names = [info.arg_names[i] for i in deps if i < len(info.arg_names)]
            if len(names) == 1:
                text += (" This concrete value was not available in Python because it depends "
                         f"on the value of the argument {names[0]}.")
            elif names:
                listed = (" and ".join(names) if len(names) == 2
                          else ", ".join(names[:-1]) + ", and " + names[-1])
                text += (" This concrete value was not available in Python because it depends "
                         f"on the values of the arguments {listed}.")
        return text

    def _input_dependence(self, var) -> list[int]:
        producers = {v: e for e in self.eqns for v in e.outvars}
        seen, stack, deps = set(), [var], set()
        index = {v: i for i, v in enumerate(self.invars)}
        while stack:
            v = stack.pop()
            if v in seen or type(v) is Literal:
                continue
            seen.add(v)
            if v in index:
                deps.add(index[v])
            elif v in producers:
                stack.extend(producers[v].invars)
        return sorted(deps)


def trace_to_jaxpr(fun, in_avals, debug_info=None) -> ClosedJaxpr:
    """Stages `fun(*tracers) -> list of outputs` into a closed jaxpr."""
    trace = StagingTrace(forward_known=False, debug_info=debug_info)
    ins = [trace.new_arg(a) for a in in_avals]
    prev = set_current_trace(trace)
    try:
        outs = fun(*ins)
    finally:
        set_current_trace(prev)
    return trace.to_jaxpr(outs)
