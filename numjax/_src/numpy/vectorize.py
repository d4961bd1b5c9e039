"""`jnp.vectorize`: NumPy's vectorize (with gufunc signatures) built on `vmap`.

The loop dimensions of all inputs are broadcast together; each loop dimension becomes one
`vmap`, mapping the inputs that have it and leaving size-1 ones unmapped, so the function
runs once on whole arrays rather than once per element.
"""

from __future__ import annotations

import functools
import re

import numpy as np

_DIM = r"\w+"
_CORE = rf"\((?:{_DIM}(?:,{_DIM})*)?\)"
_ARGS = rf"{_CORE}(?:,{_CORE})*"
_SIGNATURE = re.compile(rf"^{_ARGS}->{_ARGS}$")


def _parse_signature(signature: str):
    """'(n),(n)->()' -> ([('n',), ('n',)], [()])."""
    if not _SIGNATURE.match(signature.replace(" ", "")):
        raise ValueError(f"not a valid gufunc signature: {signature}")
    ins, outs = signature.replace(" ", "").split("->")

    def cores(text):
        return [tuple(re.findall(_DIM, core)) for core in re.findall(_CORE, text)]

    return cores(ins), cores(outs)


def vectorize(pyfunc, *, excluded=frozenset(), signature=None):
    """Define a vectorized function with broadcasting, implementing `numpy.vectorize` with vmap.

    Args:
      pyfunc: the function to vectorize; it sees one element (or one core block) per call,
        but runs on whole arrays through `vmap`.
      excluded: positional indices (ints) and keyword names (strs) passed through unchanged.
      signature: a gufunc signature such as "(n),(n)->()" giving the core dimensions of each
        input and output; the remaining leading dimensions are broadcast loop dimensions.
        Without it every input has scalar core dimensions.

    Differs from NumPy: `otypes` and `cache` are not supported; the function is traced, so
    Python side effects happen once per vmap level, not once per element.

    Raises:
      TypeError: non int/str `excluded` entries, a wrong number of positional arguments, or
        a single output where the signature expects several.
      ValueError: an invalid signature, inconsistent core dimension sizes, inputs without
        enough dimensions for their core dimensions, outputs whose shape does not match, or
        loop dimensions that do not broadcast.
    """
    if any(not isinstance(e, (int, str)) for e in excluded):
        raise TypeError("jax.numpy.vectorize can only exclude integer or string arguments, but "
                        f"excluded={excluded!r}")
    if any(isinstance(e, int) and e < 0 for e in excluded):
        raise ValueError(f"excluded={excluded!r} contains negative numbers")
    where = f" on vectorized function with excluded={excluded!r} and signature={signature!r}"
    parsed = None if signature is None else _parse_signature(signature)

    @functools.wraps(pyfunc)
    def wrapped(*args, **kwargs):
        from ..vmap import vmap
        from .creation import asarray

        fixed_pos = {i: args[i] for i in excluded if isinstance(i, int) and i < len(args)}
        fixed_kw = {k: v for k, v in kwargs.items() if k in excluded}
        free_kw = {k: v for k, v in kwargs.items() if k not in excluded}
        free = [asarray(a) for i, a in enumerate(args) if i not in fixed_pos]
        kw_names = list(free_kw)
        free += [asarray(v) for v in free_kw.values()]
        n_pos = len(free) - len(kw_names)

        if parsed is None:
            in_cores, out_cores = [()] * len(free), None
        else:
            in_cores, out_cores = parsed
            if len(in_cores) != n_pos:
                raise TypeError("wrong number of positional arguments: expected "
                                f"{len(in_cores)}, got {n_pos}{where}")
            in_cores = list(in_cores) + [()] * len(kw_names)

        sizes = {}
        for x, core in zip(free, in_cores, strict=True):
            _bind_core_sizes(x.shape, core, sizes, "input", where)

        def call(*xs):
            pos = list(xs[:n_pos])
            for i in sorted(fixed_pos):
                pos.insert(i, fixed_pos[i])
            kw = dict(zip(kw_names, xs[n_pos:]))
            out = pyfunc(*pos, **kw, **fixed_kw)
            if out_cores is not None:
                _check_outputs(out, out_cores, dict(sizes), where)
            return out

        loop_shapes = [x.shape[: x.ndim - len(core)] for x, core in zip(free, in_cores)]
        try:
            loop = np.broadcast_shapes(*loop_shapes) if loop_shapes else ()
        except ValueError:
            raise ValueError("Incompatible shapes for broadcasting: shapes="
                             f"{[tuple(s) for s in loop_shapes]}") from None
        # Each input: drop the loop dims it broadcasts along (size 1 or absent) and remember
        # which loop dims it is mapped over.
        mapped, squeezed = [], []
        for x, shape in zip(free, loop_shapes):
            core_shape = tuple(x.shape[len(shape):])
            padded = (1,) * (len(loop) - len(shape)) + tuple(shape)
            keep = [s == n for s, n in zip(padded, loop)]
            kept = tuple(s for s, k in zip(padded, keep) if k)
            if kept + core_shape != tuple(x.shape):
                x = x.reshape(kept + core_shape)
            mapped.append(keep)
            squeezed.append(x)

        f = call
        for level in reversed(range(len(loop))):
            f = vmap(f, in_axes=tuple(0 if m[level] else None for m in mapped))
        return f(*squeezed)

    return wrapped


def _bind_core_sizes(shape, core, sizes, what, where):
    if len(shape) < len(core):
        raise ValueError(f"{what} with shape {tuple(shape)} does not have enough dimensions for "
                         f"all core dimensions {core}{where}")
    for name, n in zip(core, shape[len(shape) - len(core):]):
        if sizes.setdefault(name, n) != n:
            raise ValueError(f"inconsistent size for core dimension {name!r}: {n} vs "
                             f"{sizes[name]}{where}")


def _check_outputs(out, out_cores, sizes, where):
    if len(out_cores) == 1:
        outs = [out]
    else:
        if not isinstance(out, tuple):
            raise TypeError("output must be a tuple when multiple outputs are expected, got: "
                            f"{out!r}\n{where.lstrip()}")
        if len(out) != len(out_cores):
            raise TypeError(f"wrong number of output arguments: expected {len(out_cores)}, got "
                            f"{len(out)}{where}")
        outs = out
    for o, core in zip(outs, out_cores):
        shape = tuple(np.shape(o)) if not hasattr(o, "shape") else tuple(o.shape)
        if len(shape) != len(core):
            raise ValueError(f"output shape {shape} does not match core dimensions {core}{where}")
        _bind_core_sizes(shape, core, sizes, "output", where)
