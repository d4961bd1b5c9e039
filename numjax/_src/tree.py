"""Pytrees: flattening nested containers into leaves plus a hashable structure (`PyTreeDef`).

Owns the node registry, `PyTreeDef`, key paths, `Partial` and every `jax.tree_util` function.
Imports only the standard library.

Invariants:
- A treedef node is either `None` (a leaf) or a tuple `(entry, aux, kids)`: `entry` is the
  registry `_Entry` of the node's type (compared by identity), `aux` its hashable metadata
  (sorted keys for dicts) and `kids` a tuple of child nodes. Equality and hashing of a
  `PyTreeDef` are those of this nested tuple, so both run in C.
- `_dispatch` maps an exact type to its `_Entry`, or to `None` for leaves; class hierarchy is
  ignored, except that any tuple subclass with `_fields` is a namedtuple node. Misses are
  classified once and cached; registration overwrites the cached answer.
- Leaves come out in left-to-right depth-first order; dict children in sorted-key order.
"""

import collections
import dataclasses
import difflib
import functools
import operator
import textwrap
import types
from itertools import islice
from typing import Any, TypeVar

KeyEntry = TypeVar("KeyEntry", bound=Any)
KeyPath = tuple[KeyEntry, ...]

_TUPLE, _LIST, _DICT, _NONE, _NT, _CUSTOM, _DATACLASS = range(7)


# ----------------------------------------------------------------------------- key entries
class _Key:
    """Base of the key-path entries: one immutable value, shown by `_fmt` in `str()`."""

    __slots__ = ("_v",)

    def __init__(self, *args, **kwargs):
        name, cls = self.__match_args__[0], type(self).__name__
        if len(args) + len(kwargs) != 1 or (kwargs and name not in kwargs):
            raise TypeError(f"{cls}.__init__() takes exactly one argument: {name}")
        value = kwargs[name] if kwargs else args[0]
        try:
            value = self._conv(value)
        except TypeError:
            raise TypeError(
                f"{cls}.__init__(): incompatible argument type for {name}: {type(value).__name__}"
            ) from None
        object.__setattr__(self, "_v", value)

    _conv = staticmethod(lambda v: v)

    def __setattr__(self, name, value):
        raise AttributeError(f"property of {type(self).__name__!r} object has no setter")

    def __eq__(self, other):
        return type(other) is type(self) and self._v == other._v

    def __hash__(self):
        return hash(self._v)

    def __repr__(self):
        return f"{type(self).__name__}({self.__match_args__[0]}={self._v!r})"

    def __str__(self):
        return self._fmt.format(self._v)

    def __reduce__(self):
        return type(self), (self._v,)


def _str_only(v):
    if type(v) is not str:
        raise TypeError
    return v


_value = property(lambda self: self._v)


class SequenceKey(_Key):
    """Key of a tuple/list child: `[idx]`."""

    __slots__, __match_args__, _fmt, idx = (), ("idx",), "[{!r}]", _value
    _conv = staticmethod(operator.index)


class DictKey(_Key):
    """Key of a dict child: `[key]`."""

    __slots__, __match_args__, _fmt, key = (), ("key",), "[{!r}]", _value


class GetAttrKey(_Key):
    """Key of an attribute child (namedtuples, dataclasses): `.name`."""

    __slots__, __match_args__, _fmt, name = (), ("name",), ".{}", _value
    _conv = staticmethod(_str_only)


class FlattenedIndexKey(_Key):
    """Key of a child of a custom node registered without keys: `[<flat index i>]`."""

    __slots__, __match_args__, _fmt, key = (), ("key",), "[<flat index {}>]", _value
    _conv = staticmethod(operator.index)


def keystr(keys: KeyPath, *, simple: bool = False, separator: str = "") -> str:
    """Joins the string forms of a key path (`simple=True` drops brackets and quotes)."""
    if not simple:
        return separator.join(map(str, keys))
    return separator.join(str(k._v) if isinstance(k, _Key) else str(k) for k in keys)


# ----------------------------------------------------------------------------- registry
class _Entry:
    """How one node type flattens: `to_children(x) -> (kids, aux)`, `to_keyed(x) -> (keys,
    kids, aux)`, `build(aux, values) -> node`."""

    __slots__ = ("build", "kind", "to_children", "to_keyed", "type")

    def __init__(self, kind, typ, to_children, to_keyed, build):
        self.kind, self.type = kind, typ
        self.to_children, self.to_keyed, self.build = to_children, to_keyed, build


def _sorted_keys(d):
    try:
        return tuple(sorted(d))
    except Exception:  # noqa: BLE001 (any comparison failure)
        raise ValueError(
            "Comparator raised exception while sorting pytree dictionary keys."
        ) from None


def _seq_keyed(x):
    return tuple(map(SequenceKey, range(len(x)))), x, None


def _dict_children(x):
    keys = _sorted_keys(x)
    return tuple([x[k] for k in keys]), keys


def _dict_keyed(x):
    kids, keys = _dict_children(x)
    return tuple(map(DictKey, keys)), kids, keys


_TUPLE_E = _Entry(_TUPLE, tuple, lambda x: (x, None), _seq_keyed, lambda a, v: tuple(v))
_LIST_E = _Entry(_LIST, list, lambda x: (x, None), _seq_keyed, lambda a, v: v)
_DICT_E = _Entry(_DICT, dict, _dict_children, _dict_keyed, lambda a, v: dict(zip(a, v)))
_NONE_E = _Entry(
    _NONE, type(None), lambda x: ((), None), lambda x: ((), (), None), lambda a, v: None
)
_NONE_NODE = (_NONE_E, None, ())


def _namedtuple_entry(t):
    keys = tuple(map(GetAttrKey, t._fields))
    # tuple(x): the fields, even where the class overrides __len__ (jax Rotation does)
    return _Entry(_NT, t, lambda x: (tuple(x), None), lambda x: (keys, tuple(x), None),
                  lambda a, v: t(*v))


def _checked(out):
    if not (isinstance(out, tuple) and len(out) == 2):
        raise ValueError(
            "The to_iterable function for a custom PyTree node should return a "
            f"(children, aux_data) tuple, got {out!r}"
        )
    kids = out[0]
    if type(kids) is tuple or type(kids) is list:
        return out
    try:
        return tuple(kids), out[1]
    except TypeError:
        raise ValueError(
            "The to_iterable function for a custom PyTree node should return a "
            f"(children, aux_data) tuple where 'children' is iterable, got {out!r}"
        ) from None


def _custom_entry(t, flatten, unflatten, flatten_with_keys):
    def to_children(x):
        return _checked(flatten(x))

    def to_keyed(x):
        if flatten_with_keys is None:
            kids, aux = _checked(flatten(x))
            return tuple(map(FlattenedIndexKey, range(len(kids)))), kids, aux
        pairs, aux = _checked(flatten_with_keys(x))
        return tuple(k for k, _ in pairs), tuple(c for _, c in pairs), aux

    return _Entry(_CUSTOM, t, to_children, to_keyed, lambda a, v: unflatten(a, tuple(v)))


class _Dispatch(dict):
    def __missing__(self, t):
        entry = _namedtuple_entry(t) if issubclass(t, tuple) and hasattr(t, "_fields") else None
        self[t] = entry
        return entry


_dispatch = _Dispatch({tuple: _TUPLE_E, list: _LIST_E, dict: _DICT_E, type(None): _NONE_E})
_registered = set(_dispatch)
# The users' view of the table (see USER_VIEW at the end): types in _USER_LEAVES are leaves.
_USER_LEAVES = set()


class _UserDispatch(dict):
    def __missing__(self, t):
        entry = None if t in _USER_LEAVES else _dispatch[t]
        self[t] = entry
        return entry


_user_dispatch = _UserDispatch()


def _register(t, entry, what="custom"):
    if t in _registered:
        raise ValueError(f"Duplicate {what} PyTreeDef type registration for {t!r}.")
    _registered.add(t)
    _dispatch[t] = entry
    _user_dispatch.clear()


def register_pytree_node(nodetype, flatten_func, unflatten_func, flatten_with_keys_func=None):
    """Registers `nodetype` as a node: `flatten_func(x) -> (children, aux)`,
    `unflatten_func(aux, children) -> x`; ValueError if already registered."""
    _register(
        nodetype, _custom_entry(nodetype, flatten_func, unflatten_func, flatten_with_keys_func)
    )


def register_pytree_with_keys(nodetype, flatten_with_keys, unflatten_func, flatten_func=None):
    """Like `register_pytree_node`, with `flatten_with_keys(x) -> ((key, child)..., aux)`."""
    if flatten_func is None:

        def flatten_func(x):
            pairs, aux = _checked(flatten_with_keys(x))
            return [c for _, c in pairs], aux

    register_pytree_node(nodetype, flatten_func, unflatten_func, flatten_with_keys)


def register_pytree_node_class(cls):
    """Class decorator: registers `cls` via its `tree_flatten` / `tree_unflatten` methods."""
    register_pytree_node(cls, operator.methodcaller("tree_flatten"), cls.tree_unflatten)
    return cls


def register_pytree_with_keys_class(cls):
    """Class decorator: registers `cls` via `tree_flatten_with_keys` / `tree_unflatten`."""
    flat = operator.methodcaller("tree_flatten") if hasattr(cls, "tree_flatten") else None
    register_pytree_with_keys(
        cls, operator.methodcaller("tree_flatten_with_keys"), cls.tree_unflatten, flat
    )
    return cls


def register_dataclass(nodetype, data_fields=None, meta_fields=None, drop_fields=()):
    """Registers a dataclass-like type: `data_fields` are children, `meta_fields` go in the
    treedef. Both default (for dataclasses) to fields split by `metadata['static']`."""
    is_dc = dataclasses.is_dataclass(nodetype)
    if data_fields is None or meta_fields is None:
        if (data_fields is None) != (meta_fields is None):
            raise TypeError(
                "register_dataclass: data_fields and meta_fields must both be specified when"
                f" either is specified. Got {data_fields=} {meta_fields=}."
            )
        if not is_dc:
            raise TypeError(
                "register_dataclass: data_fields and meta_fields are required when nodetype is"
                f" not a dataclass. Got {nodetype=}."
            )
        fields = dataclasses.fields(nodetype)
        data_fields = [f.name for f in fields if not f.metadata.get("static", False)]
        meta_fields = [f.name for f in fields if f.metadata.get("static", False)]
    data, meta = tuple(data_fields), tuple(meta_fields)
    if is_dc:
        init = {f.name for f in dataclasses.fields(nodetype) if f.init} - set(drop_fields)
        given = {*meta, *data}
        if given != init:
            msg = (
                "data_fields and meta_fields must include all dataclass fields with"
                " ``init=True`` and only them."
            )
            if missing := init - given:
                msg += (
                    f" Missing fields: {missing}. Add them to drop_fields to suppress this error."
                )
            if unexpected := given - init:
                msg += f" Unexpected fields: {unexpected}."
            raise ValueError(msg)
    if overlap := set(data) & set(meta):
        raise ValueError(
            f"data_fields and meta_fields must not overlap. Overlapping fields: {overlap}."
        )
    keys = tuple(map(GetAttrKey, data))

    def to_children(x):
        return tuple([getattr(x, n) for n in data]), tuple([getattr(x, n) for n in meta])

    def to_keyed(x):
        return (keys, *to_children(x))

    def build(aux, values):
        return nodetype(**dict(zip(meta, aux)), **dict(zip(data, values)))

    _register(
        nodetype, _Entry(_DATACLASS, nodetype, to_children, to_keyed, build), "custom dataclass"
    )
    return nodetype


def register_static(cls):
    """Registers `cls` as a node with no children whose instances live in the treedef."""
    register_pytree_with_keys(cls, lambda x: ((), x), lambda aux, _: aux)
    return cls


def is_tree_node(typ) -> bool:
    """True if `typ` is a pytree node type (built-in, registered, or a namedtuple)."""
    return _dispatch[typ] is not None


# ----------------------------------------------------------------------------- flattening
def _flat(x, leaves):
    """Fast flatten without is_leaf/paths: appends leaves, returns the node."""
    e = _dispatch[type(x)]
    if e is None:
        leaves.append(x)
        return None
    if e is _TUPLE_E or e is _LIST_E:
        items, aux = x, None
    elif e is _DICT_E:
        try:
            aux = tuple(sorted(x))
        except Exception:  # noqa: BLE001
            aux = _sorted_keys(x)  # raises the JAX error
        items = list(map(x.__getitem__, aux))
    elif e is _NONE_E:
        return _NONE_NODE
    else:
        items, aux = e.to_children(x)
    for c in items:
        if _dispatch[type(c)] is not None:
            break
    else:  # all children are leaves
        leaves.extend(items)
        return (e, aux, (None,) * len(items))
    kids = []
    for c in items:
        if _dispatch[type(c)] is None:
            leaves.append(c)
            kids.append(None)
        else:
            kids.append(_flat(c, leaves))
    return (e, aux, tuple(kids))


def _flat_general(x, leaves, is_leaf, path, paths):
    """Flatten honouring `is_leaf`; with `paths` a list, records key paths (is_leaf(path, x))."""
    if is_leaf is not None:
        r = is_leaf(x) if paths is None else is_leaf(path, x)
        if r is True:
            e = None
        elif r is False or r is None:
            e = _dispatch[type(x)]
        else:
            raise ValueError(
                f"is_leaf predicate returned a non-boolean value {r!r}; expected a boolean"
            )
    else:
        e = _dispatch[type(x)]
    if e is None:
        leaves.append(x)
        if paths is not None:
            paths.append(path)
        return None
    if paths is None:
        items, aux = e.to_children(x)
        kids = tuple([_flat_general(c, leaves, is_leaf, None, None) for c in items])
    else:
        keys, items, aux = e.to_keyed(x)
        kids = tuple(
            [_flat_general(c, leaves, is_leaf, (*path, k), paths) for k, c in zip(keys, items)]
        )
    return (e, aux, kids)


def _count(node):
    if node is None:
        return 1, 1
    leaves, nodes = 0, 1
    for k in node[2]:
        a, b = _count(k)
        leaves, nodes = leaves + a, nodes + b
    return leaves, nodes


def _build(node, it):
    e, aux, kids = node
    if kids.count(None) == len(kids):  # all leaves
        return e.build(aux, list(islice(it, len(kids))))
    return e.build(aux, [next(it) if k is None else _build(k, it) for k in kids])


def _node_str(node):
    if node is None:
        return "*"
    e, aux, kids = node
    parts = [_node_str(k) for k in kids]
    kind = e.kind
    if kind == _TUPLE:
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if kind == _LIST:
        return "[" + ", ".join(parts) + "]"
    if kind == _DICT:
        return "{" + ", ".join(f"{k!r}: {p}" for k, p in zip(aux, parts)) + "}"
    if kind == _NONE:
        return "None"
    name = f"namedtuple[{e.type.__name__}]" if kind == _NT else f"{e.type.__name__}[{aux}]"
    return f"CustomNode({name}, [{', '.join(parts)}])"


_NONE_HINT = (
    "\n\nIn previous releases of JAX, flatten-up-to used to consider None to be a tree-prefix "
    "of non-None values. To obtain the previous behavior, you can usually write:\n"
    "  jax.tree.map(lambda x, y: None if x is None else f(x, y), a, b, "
    "is_leaf=lambda x: x is None)"
)


def _up_to(node, x, out):
    e, aux, kids = node
    kind, t = e.kind, e.type
    if kind <= _LIST:
        if type(x) is not t:
            raise ValueError(f"Expected {t.__name__}, got {x!r}.")
        if len(x) != len(kids):
            raise ValueError(
                f"{t.__name__.title()} arity mismatch: {len(x)} != {len(kids)}; "
                f"{t.__name__}: {x!r}."
            )
        items = x
    elif kind == _DICT:
        if type(x) is not dict:
            raise ValueError(f"Expected dict, got {x!r}.")
        keys = _sorted_keys(x)
        if keys != aux:
            raise ValueError(
                f"Dict key mismatch; expected keys: {list(aux)!r}; present keys: {list(keys)!r}."
            )
        items = [x[k] for k in keys]
    elif kind == _NONE:
        if x is not None:
            raise ValueError(f"Expected None, got {x!r}.{_NONE_HINT}")
        return
    elif kind == _NT:
        if not (isinstance(x, tuple) and hasattr(x, "_fields")):
            raise ValueError(f"Expected named tuple, got {x!r}.")
        if type(x) is not t:
            raise ValueError(f"Named tuple type mismatch: expected type: {t!r}, tuple: {x!r}.")
        items = x
    else:
        what = "custom dataclass node" if kind == _DATACLASS else "custom node"
        if type(x) is not t:
            raise ValueError(
                f"{what.capitalize()} type mismatch: expected type: {t!r}, value: {x!r}."
            )
        items, xaux = e.to_children(x)
        if xaux != aux:
            raise ValueError(f"Mismatch {what} data: {aux!r} != {xaux!r}; value: {x!r}.")
        if len(items) != len(kids):
            raise ValueError(
                f"Custom type arity mismatch: {len(items)} != {len(kids)}; value: {x!r}."
            )
    for k, c in zip(kids, items):
        if k is None:
            out.append(c)
        else:
            _up_to(k, c, out)


class PyTreeDef:
    """The structure of a pytree (everything but its leaves). Hashable; equal iff same shape,
    node types and node metadata."""

    __slots__ = ("_hash", "_n", "_node")

    def __init__(self, node, num_leaves=None):
        self._node, self._n, self._hash = node, num_leaves, None

    @property
    def num_leaves(self) -> int:
        if self._n is None:
            self._n = _count(self._node)[0]
        return self._n

    @property
    def num_nodes(self) -> int:
        return _count(self._node)[1]

    def children(self) -> list:
        """Treedefs of the root's immediate children."""
        return [] if self._node is None else [PyTreeDef(k) for k in self._node[2]]

    def node_data(self):
        """`(type, aux)` of the root node, or None for a leaf."""
        if self._node is None:
            return None
        e, aux = self._node[0], self._node[1]
        return (e.type, list(aux) if e.kind == _DICT else aux)

    def unflatten(self, leaves):
        """Builds a pytree of this structure from an iterable of leaves."""
        if type(leaves) is not list:
            leaves = list(leaves)
        n = self._n if self._n is not None else self.num_leaves
        if len(leaves) != n:
            if len(leaves) < n:
                raise ValueError(f"Too few leaves for PyTreeDef; expected {n}, got {len(leaves)}")
            raise ValueError(f"Too many leaves for PyTreeDef; expected {n}.")
        node = self._node
        if node is None:
            return leaves[0]
        if node[2].count(None) == len(node[2]):  # one node over all the leaves
            return node[0].build(node[1], leaves[:])
        return _build(node, iter(leaves))

    def flatten_up_to(self, tree) -> list:
        """Leaves of `tree` cut at this structure's leaves (which may match whole subtrees)."""
        if self._node is None:
            return [tree]
        out = []
        _up_to(self._node, tree, out)
        return out

    def compose(self, inner):
        """The treedef obtained by replacing every leaf of `self` with `inner`."""

        def sub(node):
            if node is None:
                return inner._node
            return (node[0], node[1], tuple(map(sub, node[2])))

        return PyTreeDef(sub(self._node), self.num_leaves * inner.num_leaves)

    def from_iterable_tree(self, tree):
        """Rebuilds nodes from nested iterables shaped like this treedef (see `build_tree`)."""

        def build(node, x):
            if node is None:
                return x
            items = list(x)
            if len(items) != len(node[2]):
                raise ValueError("Arity mismatch between trees")
            return node[0].build(node[1], [build(k, c) for k, c in zip(node[2], items)])

        return build(self._node, tree)

    def __eq__(self, other):
        return type(other) is PyTreeDef and self._node == other._node

    def __hash__(self):
        h = self._hash
        if h is None:
            try:
                h = hash(self._node)
            except TypeError:  # unhashable aux: hash the shape only
                h = hash(_shape_only(self._node))
            self._hash = h
        return h

    def __repr__(self):
        return f"PyTreeDef({_node_str(self._node)})"

    def __reduce__(self):
        return _treedef_from_spec, (_to_spec(self._node),)


def _shape_only(node):
    return None if node is None else (node[0], tuple(map(_shape_only, node[2])))


def _to_spec(node):
    return None if node is None else (node[0].type, node[1], tuple(map(_to_spec, node[2])))


def _from_spec(spec):
    if spec is None:
        return None
    return (_dispatch[spec[0]], spec[1], tuple(map(_from_spec, spec[2])))


def _treedef_from_spec(spec):
    return PyTreeDef(_from_spec(spec))


# ----------------------------------------------------------------------------- public API
def tree_flatten(tree, is_leaf=None):
    """Returns `(leaves, treedef)`; `is_leaf(x) -> bool` stops descent at matching subtrees."""
    leaves = []
    if is_leaf is None:
        node = _flat(tree, leaves)
    else:
        node = _flat_general(tree, leaves, is_leaf, None, None)
    return leaves, PyTreeDef(node, len(leaves))


def tree_leaves(tree, is_leaf=None) -> list:
    """The leaves of `tree`, in flattening order."""
    return tree_flatten(tree, is_leaf)[0]


def tree_structure(tree, is_leaf=None) -> PyTreeDef:
    """The treedef of `tree`."""
    return tree_flatten(tree, is_leaf)[1]


def tree_unflatten(treedef: PyTreeDef, leaves):
    """Builds a pytree with structure `treedef` from `leaves`."""
    return treedef.unflatten(leaves)


def treedef_tuple(treedefs) -> PyTreeDef:
    """The treedef of a tuple whose children have the given treedefs."""
    treedefs = list(treedefs)
    for t in treedefs:
        if type(t) is not PyTreeDef:
            raise TypeError(f"treedef_tuple expects PyTreeDefs, got {type(t)}")
    nodes = tuple([t._node for t in treedefs])
    return PyTreeDef((_TUPLE_E, None, nodes), sum(t.num_leaves for t in treedefs))


def treedef_children(treedef: PyTreeDef) -> list:
    """Treedefs of the root's immediate children."""
    return treedef.children()


def treedef_is_leaf(treedef: PyTreeDef) -> bool:
    """True if the treedef has a single node (a leaf, or an empty node such as None)."""
    return treedef.num_nodes == 1


def all_leaves(iterable, is_leaf=None) -> bool:
    """True if every element of `iterable` is a leaf."""
    if is_leaf is None:
        return all(_dispatch[type(x)] is None for x in iterable)
    items = list(iterable)
    leaves = tree_leaves(items, is_leaf)
    return len(leaves) == len(items) and all(a is b for a, b in zip(items, leaves))


def build_tree(treedef: PyTreeDef, xs):
    """Builds a pytree from nested iterables `xs` shaped like `treedef` (pre-0.4 JAX API)."""
    return treedef.from_iterable_tree(xs)


def flatten_one_level(tree):
    """`(children, aux)` of a node; ValueError for leaves."""
    e = _dispatch[type(tree)]
    if e is None:
        raise ValueError(f"can't tree-flatten type: {type(tree)}")
    kids, aux = e.to_children(tree)
    if e.kind < _NT or e.kind == _CUSTOM:
        return kids, aux
    return list(kids), (e.type if e.kind == _NT else aux)


def flatten_one_level_with_keys(tree):
    """`(((key, child), ...), aux)` of a node; ValueError for leaves."""
    e = _dispatch[type(tree)]
    if e is None:
        raise ValueError(f"can't tree-flatten type: {type(tree)}")
    keys, kids, aux = e.to_keyed(tree)
    if e.kind < _NT:
        return tuple(zip(keys, kids)), aux
    return list(zip(keys, kids)), (e.type if e.kind == _NT else aux)


def _key_text(k):
    return str(k._v) if isinstance(k, _Key) else str(k)


def _prefix_error(path, prefix, full, is_leaf=None):
    """Yields `name -> ValueError` describing where `prefix` is not a prefix of `full`."""
    if (is_leaf is not None and is_leaf(prefix) is True) or _dispatch[type(prefix)] is None:
        return
    where = keystr(path)
    if type(prefix) is not type(full):
        yield lambda name: ValueError(
            f"pytree structure error: different types at key path\n    {name}{where}\n"
            f"At that key path, the prefix pytree {name} has a subtree of type\n"
            f"    {type(prefix)}\nbut at the same key path the full pytree has a subtree of "
            f"different type\n    {type(full)}."
        )
        return
    pkids, pmeta = flatten_one_level(prefix)
    fkids, fmeta = flatten_one_level(full)
    pkids, fkids = tuple(pkids), tuple(fkids)
    pkeys = tuple(k for k, _ in flatten_one_level_with_keys(prefix)[0])
    fkeys = tuple(k for k, _ in flatten_one_level_with_keys(full)[0])
    if isinstance(prefix, (list, tuple)):
        if len(prefix) != len(full):
            t = type(prefix).__name__
            yield lambda name: ValueError(
                f"pytree structure error: different lengths of {t} at key path\n"
                f"    {name}{where}\nAt that key path, the prefix pytree {name} has a subtree of "
                f"type {t} of length {len(prefix)}, but the full pytree has a subtree of the "
                f"same type but of length {len(full)}."
            )
            return
    elif len(pkids) != len(fkids):
        try:
            diff = " ".join(map(_key_text, set(pkeys) ^ set(fkeys)))
            diff = f"so the symmetric difference on key sets is\n    {diff}"
        except TypeError:
            diff = ""
        yield lambda name: ValueError(
            f"pytree structure error: different numbers of pytree children at key path\n"
            f"    {name}{where}\nAt that key path, the prefix pytree {name} has a subtree of "
            f"type\n    {type(prefix)}\nwith {len(pkids)} child keys\n"
            f"    {' '.join(map(_key_text, pkeys))}\nbut at the same key path the full pytree "
            f"has a subtree of the same type but with {len(fkids)} child keys\n"
            f"    {' '.join(map(_key_text, fkeys))}\n" + diff
        )
        return
    if pmeta != fmeta:
        ps, fs = str(pmeta), str(fmeta)
        ndiff = textwrap.indent("\n".join(difflib.ndiff(ps.splitlines(), fs.splitlines())), "    ")
        yield lambda name: ValueError(
            f"pytree structure error: different pytree metadata at key path\n    {name}{where}\n"
            f"At that key path, the prefix pytree {name} has a subtree of type\n"
            f"    {type(prefix)}\nwith metadata\n    {ps}\nbut at the same key path the full "
            f"pytree has a subtree of the same type but with metadata\n    {fs}\n"
            f"so the diff in the metadata at these pytree nodes is\n{ndiff}"
        )
        return
    for k, a, b in zip(pkeys, pkids, fkids):
        yield from _prefix_error((*path, k), a, b, is_leaf)


def _leaves_up_to(treedef, tree, rest, is_leaf, name):
    out = []
    for r in rest:
        try:
            out.append(treedef.flatten_up_to(r))
        except Exception as e:  # noqa: BLE001 (re-raised, maybe reworded)
            err = next(_prefix_error((), tree, r, is_leaf), None)
            raise (err(name) if err is not None else e) from None
    return out


def tree_map(f, tree, *rest, is_leaf=None):
    """Applies `f` leafwise; `rest` trees must have `tree`'s structure as a prefix."""
    leaves, treedef = tree_flatten(tree, is_leaf)
    if not rest:
        return treedef.unflatten([f(x) for x in leaves])
    others = _leaves_up_to(treedef, tree, rest, is_leaf, "tree_map tree")
    return treedef.unflatten([f(*xs) for xs in zip(leaves, *others)])


def tree_flatten_with_path(tree, is_leaf=None, is_leaf_takes_path=False):
    """Returns `([(key_path, leaf), ...], treedef)`."""
    if is_leaf is not None and not is_leaf_takes_path:
        pred = is_leaf
        is_leaf = lambda _, x: pred(x)
    leaves, paths = [], []
    node = _flat_general(tree, leaves, is_leaf, (), paths)
    return list(zip(paths, leaves)), PyTreeDef(node, len(leaves))


def tree_leaves_with_path(tree, is_leaf=None, is_leaf_takes_path=False) -> list:
    """Returns `[(key_path, leaf), ...]`."""
    return tree_flatten_with_path(tree, is_leaf, is_leaf_takes_path)[0]


def tree_map_with_path(f, tree, *rest, is_leaf=None, is_leaf_takes_path=False):
    """Like `tree_map`, calling `f(key_path, leaf, *other_leaves)`."""
    pairs, treedef = tree_flatten_with_path(tree, is_leaf, is_leaf_takes_path)
    leaf_pred = None if is_leaf is None or is_leaf_takes_path else is_leaf
    others = _leaves_up_to(treedef, tree, rest, leaf_pred, "tree_map_with_path tree")
    return treedef.unflatten([f(p, x, *xs) for (p, x), *xs in zip(pairs, *others)])


def tree_transpose(outer_treedef, inner_treedef, pytree_to_transpose):
    """Turns an outer-of-inner pytree into an inner-of-outer one (inner inferred if None)."""
    flat, treedef = tree_flatten(pytree_to_transpose)
    if inner_treedef is None:
        inner_treedef = tree_structure(outer_treedef.flatten_up_to(pytree_to_transpose)[0])
    n_in, n_out = inner_treedef.num_leaves, outer_treedef.num_leaves
    if treedef.num_leaves != n_in * n_out:
        raise TypeError(f"Mismatch\n{treedef}\n != \n{outer_treedef.compose(inner_treedef)}")
    rows = [flat[i * n_in : (i + 1) * n_in] for i in range(n_out)]
    return inner_treedef.unflatten([outer_treedef.unflatten(col) for col in zip(*rows)])


class Unspecified:
    """Marker for an omitted `initializer` / `identity`."""


_UNSPECIFIED = Unspecified()


def tree_reduce(function, tree, initializer=_UNSPECIFIED, is_leaf=None):
    """`functools.reduce(function, leaves[, initializer])`."""
    leaves = tree_leaves(tree, is_leaf)
    if isinstance(initializer, Unspecified):
        return functools.reduce(function, leaves)
    return functools.reduce(function, leaves, initializer)


def tree_reduce_associative(operation, tree, *, identity=_UNSPECIFIED, is_leaf=None):
    """Reduces the leaves pairwise as a balanced binary tree."""

    def reduce(xs):
        if not xs:
            if isinstance(identity, Unspecified):
                raise TypeError("Must specify identity for parallel reduction of empty sequence.")
            return identity
        if len(xs) == 1:
            return xs[0]
        mid = len(xs) // 2
        return operation(reduce(xs[:mid]), reduce(xs[mid:]))

    return reduce(tree_leaves(tree, is_leaf))


def tree_all(tree, *, is_leaf=None) -> bool:
    """`all()` over the leaves."""
    return all(tree_leaves(tree, is_leaf))


def tree_broadcast(prefix_tree, full_tree, is_leaf=None):
    """Repeats each leaf of `prefix_tree` over the matching subtree of `full_tree`."""
    out = []
    try:
        tree_map(
            lambda x, sub: out.extend([x] * tree_structure(sub).num_leaves),
            prefix_tree,
            full_tree,
            is_leaf=is_leaf,
        )
    except ValueError:
        err = next(_prefix_error((), prefix_tree, full_tree), None)
        if err is None:
            raise
        raise err("broadcast_prefix prefix_tree") from None
    return tree_structure(full_tree).unflatten(out)


def static(**kwargs):
    """`dataclasses.field` with `metadata['static'] = True` (for `register_dataclass`)."""
    metadata = {"static": True, **(kwargs.pop("metadata", {}) or {})}
    return dataclasses.field(metadata=metadata, **kwargs)


# ----------------------------------------------------------------------------- Partial
class _HashableCallableShim:
    """Wraps a functools.partial so that Partial does not merge its arguments."""

    def __init__(self, fun):
        self.fun = fun

    def __call__(self, *args, **kw):
        return self.fun(*args, **kw)

    def __hash__(self):
        return hash(self.fun)

    def __eq__(self, other):
        return self.fun == (other.fun if isinstance(other, _HashableCallableShim) else other)

    def __repr__(self):
        return f"_HashableCallableShim({self.fun!r})"


class Partial(functools.partial):
    """A `functools.partial` that is a pytree: its args and keywords are children, its function
    is node metadata."""

    def __new__(cls, func, *args, **kw):
        if not isinstance(func, functools.partial):
            return super().__new__(cls, func, *args, **kw)
        shim = _HashableCallableShim(func)
        out = super().__new__(cls, shim, *args, **kw)
        shim.func, shim.args, shim.keywords = func.func, func.args, func.keywords
        return out


Partial.__module__ = "numjax.tree_util"

register_pytree_node(
    Partial, lambda p: ((p.args, p.keywords), p.func), lambda f, c: Partial(f, *c[0], **c[1])
)
register_pytree_with_keys(
    collections.OrderedDict,
    lambda d: (tuple((DictKey(k), v) for k, v in d.items()), tuple(d)),
    lambda keys, values: collections.OrderedDict(zip(keys, values)),
)


def _defaultdict_keyed(d):
    keys = tuple(sorted(d))
    return tuple((DictKey(k), d[k]) for k in keys), (d.default_factory, keys)


register_pytree_with_keys(
    collections.defaultdict,
    _defaultdict_keyed,
    lambda aux, values: collections.defaultdict(aux[0], zip(aux[1], values)),
)


class PyTreeRegistry:
    """JAX's `default_registry` object: the node registry seen as methods (the functions above
    are its one instance's)."""

    def flatten(self, tree, leaf_predicate=None):
        return tree_flatten(tree, leaf_predicate)

    def flatten_one_level(self, tree):
        try:
            return flatten_one_level(tree)
        except ValueError:
            return None

    def flatten_one_level_with_keys(self, tree):
        try:
            return flatten_one_level_with_keys(tree)
        except ValueError:
            return None

    def flatten_with_path(self, tree, leaf_predicate=None):
        return tree_flatten_with_path(tree, leaf_predicate)

    def is_node(self, typ):
        return is_tree_node(typ)

    def register_node(self, type, to_iterable, from_iterable, to_iterable_with_keys=None):
        register_pytree_node(type, to_iterable, from_iterable, to_iterable_with_keys)

    def register_dataclass_node(self, type, data_fields, meta_fields):
        register_dataclass(type, data_fields, meta_fields)


default_registry = PyTreeRegistry()


# ----------------------------------------------------------------------------- the users' view
# Some registered nodes are leaves to users but nodes to the transformations: a typed PRNG key
# array is one leaf for `jax.tree.map` (as in JAX), while jit, vmap, grad and the loops flatten
# it into its uint32 data, which is how they carry it (numjax has no key-typed tracers). The
# public modules (numjax.tree, numjax.tree_util) export `USER_VIEW`: this module's functions
# re-bound to a dispatch table where those types are leaves. Internal code keeps the node view.
def register_user_leaf(cls):
    """`cls`, already a registered node, becomes a leaf in the public tree functions."""
    _USER_LEAVES.add(cls)
    _user_dispatch.clear()


def _user_view():
    ns = dict(globals())
    ns["_dispatch"] = _user_dispatch
    for name, f in list(ns.items()):
        # (`_register` writes the shared table: registrations go through the original)
        if isinstance(f, types.FunctionType) and f.__module__ == __name__ and name != "_register":
            g = types.FunctionType(f.__code__, ns, name, f.__defaults__, f.__closure__)
            g.__kwdefaults__, g.__doc__, g.__qualname__ = f.__kwdefaults__, f.__doc__, f.__qualname__
            g.__module__ = "numjax.tree_util"
            ns[name] = g
    return types.SimpleNamespace(**ns)


USER_VIEW = _user_view()
