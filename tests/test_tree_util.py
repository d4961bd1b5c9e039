"""Tests for numjax.tree_util / numjax.tree (pytrees).

Expected reprs and error messages were taken from real JAX 0.10.2 and are hard-coded here.
"""

import collections
import dataclasses
import functools
import operator
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numjax.tree as jtree
import numjax.tree_util as tu

Point = collections.namedtuple("Point", ["x", "y"])


class Box:
    """A custom node registered without keys."""

    def __init__(self, *items, tag="t"):
        self.items, self.tag = items, tag

    def __eq__(self, other):
        return type(other) is Box and (self.items, self.tag) == (other.items, other.tag)

    def __repr__(self):
        return f"Box{self.items}"


tu.register_pytree_node(Box, lambda b: (b.items, b.tag), lambda tag, xs: Box(*xs, tag=tag))


@tu.register_pytree_with_keys_class
class Pair:
    """A custom node registered with keys (and no tree_flatten method)."""

    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return type(other) is Pair and (self.a, self.b) == (other.a, other.b)

    def tree_flatten_with_keys(self):
        return ((tu.GetAttrKey("a"), self.a), (tu.GetAttrKey("b"), self.b)), None

    @classmethod
    def tree_unflatten(cls, aux, children):
        return cls(*children)


def _roundtrip(tree):
    leaves, treedef = tu.tree_flatten(tree)
    return leaves, treedef, tu.tree_unflatten(treedef, leaves)


# ----------------------------------------------------------------------------- containers
@pytest.mark.parametrize(
    ("tree", "leaves", "text"),
    [
        ((1, {"a": 2, "b": [3, None]}), [1, 2, 3], "PyTreeDef((*, {'a': *, 'b': [*, None]}))"),
        (1, [1], "PyTreeDef(*)"),
        (None, [], "PyTreeDef(None)"),
        ((), [], "PyTreeDef(())"),
        ([], [], "PyTreeDef([])"),
        ({}, [], "PyTreeDef({})"),
        ((1,), [1], "PyTreeDef((*,))"),
        ({1: "x", 2: "y"}, ["x", "y"], "PyTreeDef({1: *, 2: *})"),
        ({(1, "a"): 1}, [1], "PyTreeDef({(1, 'a'): *})"),
        ({"a'b": 1, 'c"d': 2}, [1, 2], "PyTreeDef({\"a'b\": *, 'c\"d': *})"),
        (
            ({"a": 1, "b": (2, 3)}, [4, None, ()]),
            [1, 2, 3, 4],
            "PyTreeDef(({'a': *, 'b': (*, *)}, [*, None, ()]))",
        ),
        (Point(1, [2, 3]), [1, 2, 3], "PyTreeDef(CustomNode(namedtuple[Point], [*, [*, *]]))"),
        (
            collections.OrderedDict([("b", 1), ("a", 2)]),
            [1, 2],
            "PyTreeDef(CustomNode(OrderedDict[('b', 'a')], [*, *]))",
        ),
        (
            collections.defaultdict(list, {"b": 1, "a": 2}),
            [2, 1],
            "PyTreeDef(CustomNode(defaultdict[(<class 'list'>, ('a', 'b'))], [*, *]))",
        ),
        (
            tu.Partial(max, 1, 2, key=3),
            [1, 2, 3],
            "PyTreeDef(CustomNode(Partial[<built-in function max>], [(*, *), {'key': *}]))",
        ),
        (Box(1, [2], tag="meta"), [1, 2], "PyTreeDef(CustomNode(Box[meta], [*, [*]]))"),
        (
            [Box(), {"x": Box(None)}],
            [],
            "PyTreeDef([CustomNode(Box[t], []), {'x': CustomNode(Box[t], [None])}])",
        ),
    ],
)
def test_flatten_repr_roundtrip(tree, leaves, text):
    got, treedef, back = _roundtrip(tree)
    assert got == leaves
    assert repr(treedef) == str(treedef) == text
    if isinstance(tree, tu.Partial):  # partials compare by identity
        back, want = (back.func, back.args, back.keywords), (tree.func, tree.args, tree.keywords)
    else:
        want = tree
    assert back == want and type(back) is type(want)
    assert treedef.num_leaves == len(leaves)
    assert tu.tree_leaves(tree) == leaves
    assert tu.tree_structure(tree) == treedef


def test_leaf_types_and_subclasses_are_leaves():
    arr = np.ones(3)

    class Tup(tuple):
        pass

    class Dct(dict):
        pass

    class SubPoint(Point):
        pass

    for leaf in [arr, "ab", b"c", {1, 2}, 1.5, Tup((1, 2)), Dct(a=1), Box]:
        leaves, treedef = tu.tree_flatten(leaf)
        assert leaves[0] is leaf and len(leaves) == 1
        assert repr(treedef) == "PyTreeDef(*)"
    assert repr(tu.tree_structure(SubPoint(1, 2))) == (
        "PyTreeDef(CustomNode(namedtuple[SubPoint], [*, *]))"
    )
    assert tu.is_tree_node(tuple) and tu.is_tree_node(Point) and tu.is_tree_node(type(None))
    assert tu.is_tree_node(Box) and not tu.is_tree_node(int) and not tu.is_tree_node(Dct)


def test_dict_key_sorting():
    leaves, treedef = tu.tree_flatten({"b": 1, "B": 2, "a": 3, "aa": 4, "10": 5, "9": 6})
    assert leaves == [5, 6, 2, 3, 4, 1]
    assert str(treedef) == "PyTreeDef({'10': *, '9': *, 'B': *, 'a': *, 'aa': *, 'b': *})"
    assert tu.tree_leaves({(2, "a"): 1, (1, "b"): 2, (1, "a"): 3}) == [3, 2, 1]
    assert tu.tree_flatten({True: 1, 2: 2, 0: 3})[0] == [3, 1, 2]
    assert str(tu.tree_structure({1.5: 1, 1: 2})) == "PyTreeDef({1: *, 1.5: *})"
    # unflatten always builds the dict in sorted order
    out = tu.tree_unflatten(tu.tree_structure({"b": 1, "a": 3}), [10, 20])
    assert list(out.items()) == [("a", 10), ("b", 20)]
    # equality ignores insertion order for plain dicts, not for OrderedDict
    assert tu.tree_structure({"a": 1, "b": 2}) == tu.tree_structure({"b": 1, "a": 2})
    od1 = collections.OrderedDict(a=1, b=2)
    od2 = collections.OrderedDict(b=1, a=2)
    assert tu.tree_structure(od1) != tu.tree_structure(od2)
    assert tu.tree_structure({"a": 1}) != tu.tree_structure(collections.OrderedDict(a=1))


@pytest.mark.parametrize(
    "tree", [{"b": 1, 1: 2}, {None: 1, "a": 2}, {(2, "a"): 1, (1, 3): 2, (1, "a"): 3}]
)
def test_dict_unsortable_keys(tree):
    msg = "Comparator raised exception while sorting pytree dictionary keys."
    for fn in (tu.tree_flatten, tu.tree_leaves, tu.tree_flatten_with_path):
        with pytest.raises(ValueError, match=msg):
            fn(tree)
    with pytest.raises(ValueError, match=msg):
        tu.tree_leaves(tree, is_leaf=lambda x: False)


def test_none_handling():
    assert tu.tree_flatten(None)[0] == []
    assert tu.tree_leaves([None, (None,), {"a": None}]) == []
    td = tu.tree_structure(None)
    assert td.num_leaves == 0 and td.num_nodes == 1 and tu.treedef_is_leaf(td)
    assert td.node_data() == (type(None), None) and td.children() == []
    assert tu.tree_unflatten(td, []) is None
    assert tu.tree_map(lambda x: x + 1, {"a": None, "b": 1}) == {"a": None, "b": 2}
    leaves, td = tu.tree_flatten((1, None), is_leaf=lambda x: x is None)
    assert leaves == [1, None] and str(td) == "PyTreeDef((*, *))"
    assert tu.tree_structure((1, None)).unflatten([None]) == (None, None)


def test_ordered_and_default_dict():
    od = collections.OrderedDict([("b", 1), ("a", 2)])
    back = _roundtrip(od)[2]
    assert type(back) is collections.OrderedDict and list(back) == ["b", "a"]
    dd = collections.defaultdict(list, {"b": 1, "a": 2})
    back = tu.tree_unflatten(tu.tree_structure(dd), [3, 4])
    assert type(back) is collections.defaultdict and back.default_factory is list
    assert dict(back) == {"a": 3, "b": 4}


# ----------------------------------------------------------------------------- PyTreeDef
def test_treedef_methods():
    td = tu.tree_structure((1, {"a": 2, "b": [3, None]}))
    assert td.num_leaves == 3 and td.num_nodes == 7
    assert [str(c) for c in td.children()] == [
        "PyTreeDef(*)",
        "PyTreeDef({'a': *, 'b': [*, None]})",
    ]
    assert tu.treedef_children(td) == td.children()
    assert td.node_data() == (tuple, None)
    assert td.children()[1].node_data() == (dict, ["a", "b"])
    assert tu.tree_structure(1).node_data() is None
    assert tu.tree_structure([1]).node_data() == (list, None)
    assert tu.tree_structure(Point(1, 2)).node_data() == (Point, None)
    assert tu.tree_structure(Box(1, tag="m")).node_data() == (Box, "m")
    assert tu.tree_structure(1).children() == []
    custom = tu.tree_structure([Box(1, (2, 3)), None, {}])
    assert custom.num_nodes == 8 and custom.num_leaves == 3
    assert [str(c) for c in tu.tree_structure({"b": 1, "a": (2, 3)}).children()] == [
        "PyTreeDef((*, *))",
        "PyTreeDef(*)",
    ]
    assert td.unflatten(iter([1, 2, 3])) == (1, {"a": 2, "b": [3, None]})
    assert tu.tree_structure(1).unflatten([7]) == 7


def test_treedef_eq_hash_pickle():
    trees = [1, (1,), [1], {"a": 1}, {"b": 1}, None, (), (1, 2), Point(1, 2), Box(1), Box(1, tag=0)]
    defs = [tu.tree_structure(t) for t in trees]
    assert len(set(defs)) == len(trees)
    for t, d in zip(trees, defs):
        again = tu.tree_structure(t)
        assert again == d and hash(again) == hash(d) and not again != d  # noqa: SIM202
        assert pickle.loads(pickle.dumps(d)) == d
    assert tu.tree_structure((1, 2)) == tu.tree_structure((np.ones(2), "x"))
    assert tu.tree_structure(Point(1, 2)) != tu.tree_structure((1, 2))
    assert (tu.tree_structure((1, 2)) == 5) is False
    with pytest.raises(TypeError):
        _ = tu.tree_structure(1) < tu.tree_structure(2)
    # metadata that cannot be hashed still gives a hashable treedef
    unhashable = tu.tree_structure(Box(1, tag=[1]))
    assert hash(unhashable) == hash(tu.tree_structure(Box(1, tag=[1])))


def test_unflatten_errors():
    td = tu.tree_structure((1, {"a": 2, "b": [3, None]}))
    with pytest.raises(ValueError, match=r"^Too few leaves for PyTreeDef; expected 3, got 2$"):
        td.unflatten([1, 2])
    with pytest.raises(ValueError, match=r"^Too many leaves for PyTreeDef; expected 3\.$"):
        td.unflatten([1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match=r"^Too many leaves for PyTreeDef; expected 0\.$"):
        tu.tree_structure(None).unflatten([1])
    with pytest.raises(ValueError, match=r"^Too few leaves for PyTreeDef; expected 1, got 0$"):
        tu.tree_structure(1).unflatten([])
    with pytest.raises(TypeError):
        td.unflatten(5)


def test_treedef_tuple_and_all_leaves_and_build_tree():
    td = tu.tree_structure((1, {"a": 2, "b": [3, None]}))
    both = tu.treedef_tuple([td, tu.tree_structure(1)])
    assert str(both) == "PyTreeDef(((*, {'a': *, 'b': [*, None]}), *))"
    assert both.num_leaves == 4 and both == tu.tree_structure(((1, {"a": 2, "b": [3, None]}), 1))
    assert str(tu.treedef_tuple([])) == "PyTreeDef(())"
    assert str(tu.treedef_tuple(tu.tree_structure(x) for x in [1, None])) == "PyTreeDef((*, None))"
    with pytest.raises(TypeError):  # JAX raises RuntimeError('std::bad_cast') here
        tu.treedef_tuple([1])
    assert tu.treedef_is_leaf(tu.tree_structure(1))
    assert not tu.treedef_is_leaf(tu.tree_structure([1, 2]))
    assert tu.treedef_is_leaf(tu.tree_structure(()))
    assert tu.all_leaves([1, 2, np.ones(2)]) and tu.all_leaves([])
    assert not tu.all_leaves([1, 2, None]) and not tu.all_leaves([1, (2,)])
    assert tu.all_leaves([1, (2,)], is_leaf=lambda x: isinstance(x, tuple))
    from numjax._src.tree import build_tree

    tdef = tu.tree_structure((1, {"a": 2}))
    assert build_tree(tdef, [5, [6]]) == (5, {"a": 6})
    with pytest.raises(ValueError, match="Arity mismatch between trees"):
        build_tree(tdef, [5, [6, 7]])


def test_compose_and_flatten_up_to():
    composed = tu.tree_structure((1, 2)).compose(tu.tree_structure([1, 1]))
    assert str(composed) == "PyTreeDef(([*, *], [*, *]))" and composed.num_leaves == 4
    composed = tu.tree_structure({"b": 1, "a": 2}).compose(tu.tree_structure((1, None)))
    assert str(composed) == "PyTreeDef({'a': (*, None), 'b': (*, None)})"
    td = tu.tree_structure((1, {"a": 2, "b": [3, None]}))
    assert td.flatten_up_to((5, {"a": [6], "b": [7, None]})) == [5, [6], 7]
    assert tu.tree_structure(1).flatten_up_to((1, 2)) == [(1, 2)]


@pytest.mark.parametrize(
    ("prefix", "full", "message"),
    [
        ((1, 2), (1, 2, 3), "Tuple arity mismatch: 3 != 2; tuple: (1, 2, 3)."),
        ((1, 2), [1, 2], "Expected tuple, got [1, 2]."),
        ([1, 2], [1], "List arity mismatch: 1 != 2; list: [1]."),
        ([1, 2], 3, "Expected list, got 3."),
        ({"a": 1}, [1], "Expected dict, got [1]."),
        ({"a": 1}, {"b": 1}, "Dict key mismatch; expected keys: ['a']; present keys: ['b']."),
        (
            {"a": 1},
            {"a": 1, "b": 2},
            "Dict key mismatch; expected keys: ['a']; present keys: ['a', 'b'].",
        ),
        ({"a": 1}, collections.OrderedDict(a=1), "Expected dict, got OrderedDict([('a', 1)])."),
        (Point(1, 2), (1, 2), "Expected named tuple, got (1, 2)."),
        ((1, 2), Point(1, 2), "Expected tuple, got Point(x=1, y=2)."),
        (
            Box(1, 2),
            [1, 2],
            "Custom node type mismatch: expected type: <class 'test_tree_util.Box'>, value: [1, 2].",
        ),
        (Box(1, 2), Box(1, 2, tag="u"), "Mismatch custom node data: 't' != 'u'; value: Box(1, 2)."),
        (Box(1, 2), Box(1, 2, 3), "Custom type arity mismatch: 3 != 2; value: Box(1, 2, 3)."),
        (
            collections.OrderedDict(a=1),
            {"a": 1},
            (
                "Custom node type mismatch: expected type: <class 'collections.OrderedDict'>, "
                "value: {'a': 1}."
            ),
        ),
        (
            collections.OrderedDict(a=1, b=2),
            collections.OrderedDict(b=1, a=2),
            (
                "Mismatch custom node data: ('a', 'b') != ('b', 'a'); "
                "value: OrderedDict([('b', 1), ('a', 2)])."
            ),
        ),
    ],
)
def test_flatten_up_to_errors(prefix, full, message):
    with pytest.raises(ValueError) as info:
        tu.tree_structure(prefix).flatten_up_to(full)
    assert str(info.value) == message


def test_flatten_up_to_none_and_namedtuple_type_errors():
    other = collections.namedtuple("Other", "x y")
    with pytest.raises(ValueError) as info:
        tu.tree_structure(Point(1, 2)).flatten_up_to(other(1, 2))
    assert str(info.value) == (
        "Named tuple type mismatch: expected type: <class 'test_tree_util.Point'>, "
        "tuple: Other(x=1, y=2)."
    )
    with pytest.raises(ValueError) as info:
        tu.tree_structure((1, None)).flatten_up_to((1, 2))
    assert str(info.value) == (
        "Expected None, got 2.\n\nIn previous releases of JAX, flatten-up-to used to consider "
        "None to be a tree-prefix of non-None values. To obtain the previous behavior, you can "
        "usually write:\n  jax.tree.map(lambda x, y: None if x is None else f(x, y), a, b, "
        "is_leaf=lambda x: x is None)"
    )


# ----------------------------------------------------------------------------- is_leaf
def test_is_leaf():
    two = lambda x: isinstance(x, tuple) and len(x) == 2
    leaves, td = tu.tree_flatten((1, (2, 3), [4]), is_leaf=two)
    assert leaves == [1, (2, 3), 4] and str(td) == "PyTreeDef((*, *, [*]))"
    assert tu.tree_flatten((1, 2), is_leaf=lambda x: isinstance(x, tuple))[0] == [(1, 2)]
    calls = []
    tu.tree_flatten((1, [2], None), is_leaf=lambda x: calls.append(x) or None)
    assert calls == [(1, [2], None), 1, [2], 2, None]
    assert tu.tree_map(lambda x: x, (1, (2, 3)), is_leaf=two) == (1, (2, 3))
    with pytest.raises(ValueError) as info:
        tu.tree_flatten((1, [2]), is_leaf=lambda x: 1 if isinstance(x, list) else 0)
    assert str(info.value) == "is_leaf predicate returned a non-boolean value 0; expected a boolean"
    with pytest.raises(ValueError, match="^is_leaf predicate returned a non-boolean value 1;"):
        tu.tree_leaves((1,), is_leaf=lambda x: 1)
    with pytest.raises(ValueError, match="non-boolean value 'yes'; expected a boolean"):
        tu.tree_leaves_with_path((1,), is_leaf=lambda x: "yes")
    # The value's repr: 'np.False_' on NumPy 2 (as JAX 0.10.2 shows it), 'False' on NumPy 1.x.
    with pytest.raises(ValueError, match=f"non-boolean value {np.bool_(False)!r}; expected"):
        tu.tree_leaves((1,), is_leaf=lambda x: np.bool_(False))


# ----------------------------------------------------------------------------- tree_map
def test_tree_map_multiple_trees_and_prefix():
    add = lambda *a: sum(a)
    assert tu.tree_map(add, (1, {"a": 2}), (10, {"a": 20})) == (11, {"a": 22})
    assert tu.tree_map(add, [1, 2], [10, 20], [100, 200]) == [111, 222]
    assert tu.tree_map(lambda x, y: (x, y), (1, 2), (10, [20, 30])) == ((1, 10), (2, [20, 30]))
    assert tu.tree_map(lambda x, y: (x, y), (1, 2), (1, None)) == ((1, 1), (2, None))
    assert tu.tree_map(add, (1, None), (1, None)) == (2, None)
    assert tu.tree_map(lambda x: x, ()) == ()
    assert tu.tree_map(lambda x: x * 2, Box(1, [2], tag="m")) == Box(2, [4], tag="m")
    assert tu.tree_map(lambda x: -x, Pair(1, (2,))) == Pair(-1, (-2,))
    order = []
    tu.tree_map(order.append, {"b": 1, "a": [2, 3]})
    assert order == [2, 3, 1]


_TYPES = (
    "pytree structure error: different types at key path\n    tree_map tree{path}\n"
    "At that key path, the prefix pytree tree_map tree has a subtree of type\n    {a}\n"
    "but at the same key path the full pytree has a subtree of different type\n    {b}."
)


@pytest.mark.parametrize(
    ("trees", "message"),
    [
        (
            ((1, 2), (1, 2, 3)),
            (
                "pytree structure error: different lengths of tuple at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type tuple of "
                "length 2, but the full pytree has a subtree of the same type but of length 3."
            ),
        ),
        (
            ((1, 2), (1, 2), (1, 2, 3)),
            (
                "pytree structure error: different lengths of tuple at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type tuple of "
                "length 2, but the full pytree has a subtree of the same type but of length 3."
            ),
        ),
        (
            ([1, 2], [10]),
            (
                "pytree structure error: different lengths of list at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type list of "
                "length 2, but the full pytree has a subtree of the same type but of length 1."
            ),
        ),
        (
            ({"a": [1, {"b": (1, 2)}]}, {"a": [1, {"b": (1, 2, 3)}]}),
            (
                "pytree structure error: different lengths of tuple at key path\n"
                "    tree_map tree['a'][1]['b']\nAt that key path, the prefix pytree tree_map tree has "
                "a subtree of type tuple of length 2, but the full pytree has a subtree of the same "
                "type but of length 3."
            ),
        ),
        (((1, 2), [10, 20]), _TYPES.format(path="", a="<class 'tuple'>", b="<class 'list'>")),
        (
            ({"a": (1, 2)}, {"a": [10, 20]}),
            _TYPES.format(path="['a']", a="<class 'tuple'>", b="<class 'list'>"),
        ),
        (((1, (2,)), (1, 2)), _TYPES.format(path="[1]", a="<class 'tuple'>", b="<class 'int'>")),
        (((1, None), (1, 2)), _TYPES.format(path="[1]", a="<class 'NoneType'>", b="<class 'int'>")),
        (
            ({"a": 1}, collections.OrderedDict(a=1)),
            _TYPES.format(path="", a="<class 'dict'>", b="<class 'collections.OrderedDict'>"),
        ),
        (
            (Point(1, 2), (1, 2)),
            _TYPES.format(path="", a="<class 'test_tree_util.Point'>", b="<class 'tuple'>"),
        ),
        (
            (Box(1, 2), 3),
            _TYPES.format(path="", a="<class 'test_tree_util.Box'>", b="<class 'int'>"),
        ),
        (
            ({"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}),
            (
                "pytree structure error: different numbers of pytree children at key path\n"
                "    tree_map tree\nAt that key path, the prefix pytree tree_map tree has a subtree of "
                "type\n    <class 'dict'>\nwith 2 child keys\n    a b\nbut at the same key path the "
                "full pytree has a subtree of the same type but with 3 child keys\n    a b c\n"
                "so the symmetric difference on key sets is\n    c"
            ),
        ),
        (
            (Box(1, 2), Box(1, 2, 3)),
            (
                "pytree structure error: different numbers of pytree children at key path\n"
                "    tree_map tree\nAt that key path, the prefix pytree tree_map tree has a subtree of "
                "type\n    <class 'test_tree_util.Box'>\nwith 2 child keys\n    0 1\nbut at the same "
                "key path the full pytree has a subtree of the same type but with 3 child keys\n"
                "    0 1 2\nso the symmetric difference on key sets is\n    2"
            ),
        ),
        (
            ({"a": 1, "b": 2}, {"a": 1, "c": 2}),
            (
                "pytree structure error: different pytree metadata at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type\n"
                "    <class 'dict'>\nwith metadata\n    ('a', 'b')\nbut at the same key path the full "
                "pytree has a subtree of the same type but with metadata\n    ('a', 'c')\n"
                "so the diff in the metadata at these pytree nodes is\n    - ('a', 'b')\n"
                "    ?        ^\n\n    + ('a', 'c')\n    ?        ^\n"
            ),
        ),
        (
            (collections.OrderedDict(a=1, b=2), collections.OrderedDict(b=1, a=2)),
            (
                "pytree structure error: different pytree metadata at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type\n"
                "    <class 'collections.OrderedDict'>\nwith metadata\n    ('a', 'b')\nbut at the same "
                "key path the full pytree has a subtree of the same type but with metadata\n"
                "    ('b', 'a')\nso the diff in the metadata at these pytree nodes is\n"
                "    - ('a', 'b')\n    + ('b', 'a')"
            ),
        ),
        (
            (tu.Partial(max, 1), tu.Partial(min, 1)),
            (
                "pytree structure error: different pytree metadata at key path\n    tree_map tree\n"
                "At that key path, the prefix pytree tree_map tree has a subtree of type\n"
                "    <class 'numjax.tree_util.Partial'>\nwith metadata\n    <built-in function max>\n"
                "but at the same key path the full pytree has a subtree of the same type but with "
                "metadata\n    <built-in function min>\nso the diff in the metadata at these pytree "
                "nodes is\n    - <built-in function max>\n    ?                     ^^\n\n"
                "    + <built-in function min>\n    ?                     ^^\n"
            ),
        ),
    ],
)
def test_tree_map_structure_errors(trees, message):
    with pytest.raises(ValueError) as info:
        tu.tree_map(lambda *xs: xs[0], *trees)
    assert str(info.value) == message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_tree_map_with_path_error_name():
    with pytest.raises(ValueError) as info:
        tu.tree_map_with_path(lambda p, x, y: x, (1, 2), (10, 20, 30))
    assert str(info.value).startswith(
        "pytree structure error: different lengths of tuple at key path\n"
        "    tree_map_with_path tree\nAt that key path, the prefix pytree tree_map_with_path tree"
    )


# ----------------------------------------------------------------------------- reductions etc.
def test_reduce_all_transpose_broadcast():
    assert tu.tree_reduce(operator.add, [1, (2, 3)]) == 6
    assert tu.tree_reduce(operator.add, [1, (2, 3)], 10) == 16
    assert tu.tree_reduce(operator.add, [], 0) == 0
    assert tu.tree_reduce(lambda a, b: (a, b), [1, 2], None) == ((None, 1), 2)
    got = tu.tree_reduce(lambda a, b: [*a, b], [1, (2, 3)], [], is_leaf=lambda x: type(x) is tuple)
    assert got == [1, (2, 3)]
    with pytest.raises(TypeError, match="reduce\\(\\) of empty iterable with no initial value"):
        tu.tree_reduce(operator.add, [])
    assert tu.tree_reduce_associative(operator.add, [1, 2, 3]) == 6
    assert tu.tree_reduce_associative(lambda a, b: f"({a}{b})", list("abcd")) == "((ab)(cd))"
    assert tu.tree_reduce_associative(operator.add, [], identity=0) == 0
    with pytest.raises(TypeError, match="Must specify identity for parallel reduction"):
        tu.tree_reduce_associative(operator.add, [])
    assert tu.tree_all([1, (True, 2)]) and tu.tree_all([]) and tu.tree_all(None)
    assert not tu.tree_all([1, (0, 2)])
    assert not tu.tree_all([(), 1], is_leaf=lambda x: x == ())

    outer, inner = tu.tree_structure([0, 0]), tu.tree_structure({"a": 0, "b": 0})
    tree = [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
    assert tu.tree_transpose(outer, inner, tree) == {"a": [1, 3], "b": [2, 4]}
    assert tu.tree_transpose(outer, None, tree) == {"a": [1, 3], "b": [2, 4]}
    with pytest.raises(TypeError) as info:
        tu.tree_transpose(outer, inner, [{"a": 1, "b": 2}, {"a": 3}])
    assert str(info.value) == (
        "Mismatch\nPyTreeDef([{'a': *, 'b': *}, {'a': *}])\n != \n"
        "PyTreeDef([{'a': *, 'b': *}, {'a': *, 'b': *}])"
    )

    full = (0, {"a": 0, "b": 0}, (0, 0))
    assert tu.tree_broadcast((1, 2, 3), full) == (1, {"a": 2, "b": 2}, (3, 3))
    assert tu.tree_broadcast(1, [0, (0, 0)]) == [1, (1, 1)]
    with pytest.raises(ValueError) as info:
        tu.tree_broadcast((None, 1), (0, (0, 0)))
    assert str(info.value) == (
        "pytree structure error: different types at key path\n"
        "    broadcast_prefix prefix_tree[0]\nAt that key path, the prefix pytree "
        "broadcast_prefix prefix_tree has a subtree of type\n    <class 'NoneType'>\n"
        "but at the same key path the full pytree has a subtree of different type\n"
        "    <class 'int'>."
    )


def test_flatten_one_level():
    assert tu.flatten_one_level({"a": [1, 2], "b": {"c": 3}}) == (([1, 2], {"c": 3}), ("a", "b"))
    assert tu.flatten_one_level((1, 2)) == ((1, 2), None)
    assert tu.flatten_one_level(None) == ((), None)
    assert tu.flatten_one_level(Point(1, 2)) == ([1, 2], Point)
    assert tu.flatten_one_level(collections.OrderedDict(a=1)) == ([1], ("a",))
    with pytest.raises(ValueError, match="^can't tree-flatten type: <class 'int'>$"):
        tu.flatten_one_level(1)
    assert tu.flatten_one_level_with_keys([1, 2]) == (
        ((tu.SequenceKey(0), 1), (tu.SequenceKey(1), 2)),
        None,
    )
    assert tu.flatten_one_level_with_keys(Box(1, tag="m")) == (
        [(tu.FlattenedIndexKey(0), 1)],
        "m",
    )
    with pytest.raises(ValueError, match="can't tree-flatten type"):
        tu.flatten_one_level_with_keys(1.0)


# ----------------------------------------------------------------------------- registration
def test_register_pytree_node_and_duplicates():
    class Node:
        def __init__(self, a, b):
            self.a, self.b = a, b

    tu.register_pytree_node(Node, lambda n: ((n.a, n.b), None), lambda _, c: Node(*c))
    leaves, td = tu.tree_flatten(Node(1, [2]))
    assert leaves == [1, 2] and str(td) == "PyTreeDef(CustomNode(Node[None], [*, [*]]))"
    back = td.unflatten([5, 6])
    assert type(back) is Node and (back.a, back.b) == (5, [6])

    class Sub(Node):
        pass

    sub = Sub(1, 2)
    assert tu.tree_leaves(sub)[0] is sub and not tu.is_tree_node(Sub)
    for typ in [Node, tuple, dict, list, type(None), collections.OrderedDict, tu.Partial]:
        with pytest.raises(ValueError) as info:
            tu.register_pytree_node(typ, lambda x: ((), None), lambda a, c: None)
        assert str(info.value) == f"Duplicate custom PyTreeDef type registration for {typ}."


def test_custom_flatten_validation():
    class BadA:
        pass

    class BadB:
        pass

    class Gen:
        def __init__(self, *a):
            self.a = a

    tu.register_pytree_node(BadA, lambda x: 5, lambda a, c: BadA())
    tu.register_pytree_node(BadB, lambda x: (5, None), lambda a, c: BadB())
    tu.register_pytree_node(Gen, lambda g: ((x for x in g.a), None), lambda a, c: Gen(*c))
    with pytest.raises(ValueError) as info:
        tu.tree_flatten(BadA())
    assert str(info.value) == (
        "The to_iterable function for a custom PyTree node should return a (children, aux_data) "
        "tuple, got 5"
    )
    with pytest.raises(ValueError) as info:
        tu.tree_flatten(BadB())
    assert str(info.value) == (
        "The to_iterable function for a custom PyTree node should return a (children, aux_data) "
        "tuple where 'children' is iterable, got (5, None)"
    )
    leaves, td = tu.tree_flatten(Gen(1, 2))
    assert leaves == [1, 2] and td.unflatten([3, 4]).a == (3, 4)


def test_unflatten_receives_tuple_children():
    seen = []

    class Rec:
        def __init__(self, *a):
            self.a = a

    tu.register_pytree_node(Rec, lambda r: (list(r.a), None), lambda a, c: seen.append(c) or Rec())
    tu.tree_unflatten(tu.tree_structure(Rec(1, 2)), [1, 2])
    assert seen == [(1, 2)]


def test_register_pytree_node_class():
    @tu.register_pytree_node_class
    class Special:
        def __init__(self, x, y):
            self.x, self.y = x, y

        def tree_flatten(self):
            return (self.x, self.y), "aux"

        @classmethod
        def tree_unflatten(cls, aux, children):
            assert aux == "aux"
            return cls(*children)

    out = tu.tree_map(lambda v: v + 1, Special(1, 2))
    assert (out.x, out.y) == (2, 3)
    assert [tu.keystr(p) for p, _ in tu.tree_leaves_with_path(Special(1, 2))] == [
        "[<flat index 0>]",
        "[<flat index 1>]",
    ]


def test_register_with_keys():
    class KNode:
        def __init__(self, x, y):
            self.x, self.y = x, y

    calls = []

    def flat(n):
        calls.append("flat")
        return (n.x, n.y), None

    tu.register_pytree_with_keys(
        KNode,
        lambda n: (((tu.GetAttrKey("x"), n.x), (tu.GetAttrKey("y"), n.y)), None),
        lambda _, c: KNode(*c),
        flat,
    )
    assert tu.tree_leaves(KNode(1, 2)) == [1, 2] and calls == ["flat"]
    paths = [tu.keystr(p) for p, _ in tu.tree_leaves_with_path([KNode(1, {"q": 2})])]
    assert paths == ["[0].x", "[0].y['q']"]
    # class form without a tree_flatten method derives flattening from the keyed version
    assert tu.tree_leaves(Pair(1, (2, 3))) == [1, 2, 3]
    assert [str(k[0]) for k, _ in tu.tree_leaves_with_path(Pair(1, 2))] == [".a", ".b"]
    assert tu.tree_unflatten(tu.tree_structure(Pair(1, 2)), [3, 4]) == Pair(3, 4)


def test_register_dataclass_auto_and_explicit():
    @tu.register_dataclass
    @dataclasses.dataclass
    class DC:
        x: int
        y: int
        op: str = dataclasses.field(default="add", metadata={"static": True})

    leaves, td = tu.tree_flatten(DC(1, 2))
    assert leaves == [1, 2] and str(td) == "PyTreeDef(CustomNode(DC[('add',)], [*, *]))"
    assert td.unflatten([5, 6]) == DC(5, 6)
    assert td.node_data() == (DC, ("add",))
    assert [p for p, _ in tu.tree_leaves_with_path(DC(1, 2))] == [
        (tu.GetAttrKey("x"),),
        (tu.GetAttrKey("y"),),
    ]
    assert tu.tree_structure(DC(1, 2)) != tu.tree_structure(DC(1, 2, "sub"))
    with pytest.raises(ValueError) as info:
        tu.register_dataclass(DC)
    assert str(info.value) == f"Duplicate custom dataclass PyTreeDef type registration for {DC}."
    with pytest.raises(ValueError) as info:
        tu.tree_structure(DC(1, 2)).flatten_up_to(DC(1, 2, "sub"))
    assert str(info.value) == (
        "Mismatch custom dataclass node data: ('add',) != ('sub',); "
        "value: test_register_dataclass_auto_and_explicit.<locals>.DC(x=1, y=2, op='sub')."
    )

    @functools.partial(tu.register_dataclass, data_fields=["y"], meta_fields=["x"])
    @dataclasses.dataclass
    class DC2:
        x: int
        y: int
        z: int = dataclasses.field(init=False, default=0)

    leaves, td = tu.tree_flatten(DC2(1, 2))
    assert leaves == [2] and str(td) == "PyTreeDef(CustomNode(DC2[(1,)], [*]))"
    assert td.unflatten([5]) == DC2(1, 5)

    @dataclasses.dataclass
    class DC3:
        x: int
        y: int

    tu.register_dataclass(DC3, data_fields=["x"], meta_fields=[], drop_fields=["y"])
    assert tu.tree_leaves(DC3(1, 2)) == [1]

    class NotDC:
        def __init__(self, a, b):
            self.a, self.b = a, b

    assert tu.register_dataclass(NotDC, data_fields=["a"], meta_fields=["b"]) is NotDC
    back = tu.tree_unflatten(tu.tree_structure(NotDC(1, 2)), [5])
    assert (back.a, back.b) == (5, 2)
    assert str(tu.tree_structure(NotDC(1, 2))) == "PyTreeDef(CustomNode(NotDC[(2,)], [*]))"


def test_register_dataclass_errors():
    @dataclasses.dataclass
    class DC:
        x: int
        y: int

    cases = [
        (
            {"data_fields": ["x"], "meta_fields": []},
            ValueError,
            (
                "data_fields and meta_fields must include all dataclass fields with ``init=True`` and "
                "only them. Missing fields: {'y'}. Add them to drop_fields to suppress this error."
            ),
        ),
        (
            {"data_fields": ["x", "y", "q"], "meta_fields": []},
            ValueError,
            (
                "data_fields and meta_fields must include all dataclass fields with ``init=True`` and "
                "only them. Unexpected fields: {'q'}."
            ),
        ),
        (
            {"data_fields": ["x", "y"], "meta_fields": ["x"]},
            ValueError,
            "data_fields and meta_fields must not overlap. Overlapping fields: {'x'}.",
        ),
        (
            {"data_fields": ["x", "y"]},
            TypeError,
            (
                "register_dataclass: data_fields and meta_fields must both be specified when either is "
                "specified. Got data_fields=['x', 'y'] meta_fields=None."
            ),
        ),
    ]
    for kwargs, exc, message in cases:
        with pytest.raises(exc) as info:
            tu.register_dataclass(DC, **kwargs)
        assert str(info.value) == message

    class Plain:
        pass

    with pytest.raises(TypeError) as info:
        tu.register_dataclass(Plain)
    assert str(info.value) == (
        "register_dataclass: data_fields and meta_fields are required when nodetype is not a "
        f"dataclass. Got nodetype={Plain}."
    )
    assert not tu.is_tree_node(DC) and not tu.is_tree_node(Plain)


def test_tree_static_field():
    @tu.register_dataclass
    @dataclasses.dataclass
    class Op:
        x: int
        op: str = jtree.static(default="add")

    assert jtree.flatten(Op(1))[0] == [1]
    assert str(jtree.structure(Op(1))) == "PyTreeDef(CustomNode(Op[('add',)], [*]))"


def test_register_static():
    @tu.register_static
    class S:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            return isinstance(other, S) and other.v == self.v

        def __hash__(self):
            return hash(self.v)

        def __repr__(self):
            return f"S({self.v})"

    leaves, td = tu.tree_flatten([S(1), 2])
    assert leaves == [2] and str(td) == "PyTreeDef([CustomNode(S[S(1)], []), *])"
    assert td.unflatten([3]) == [S(1), 3]
    assert tu.tree_leaves_with_path([S(1), 2]) == [((tu.SequenceKey(1),), 2)]
    assert tu.tree_structure([S(1)]) != tu.tree_structure([S(2)])


# ----------------------------------------------------------------------------- key paths
def test_key_entries():
    cases = [
        (tu.SequenceKey(1), "SequenceKey(idx=1)", "[1]", "idx", 1),
        (tu.DictKey("a"), "DictKey(key='a')", "['a']", "key", "a"),
        (tu.DictKey(1), "DictKey(key=1)", "[1]", "key", 1),
        (tu.DictKey((1, 2)), "DictKey(key=(1, 2))", "[(1, 2)]", "key", (1, 2)),
        (tu.GetAttrKey("x"), "GetAttrKey(name='x')", ".x", "name", "x"),
        (tu.FlattenedIndexKey(2), "FlattenedIndexKey(key=2)", "[<flat index 2>]", "key", 2),
    ]
    for key, rep, text, attr, value in cases:
        assert repr(key) == rep and str(key) == text and getattr(key, attr) == value
        assert type(key).__match_args__ == (attr,)
        assert pickle.loads(pickle.dumps(key)) == key
        with pytest.raises(AttributeError):
            setattr(key, attr, value)
    assert str(tu.DictKey("it's")) == '["it\'s"]'
    assert tu.SequenceKey(idx=2) == tu.SequenceKey(2) and tu.SequenceKey(np.int64(3)).idx == 3
    assert tu.SequenceKey(1) != tu.FlattenedIndexKey(1) and tu.SequenceKey(1) != 1
    assert hash(tu.DictKey("a")) == hash(tu.DictKey("a")) and tu.DictKey(1) == tu.DictKey(True)
    for bad in [
        lambda: tu.SequenceKey("a"),
        lambda: tu.GetAttrKey(1),
        lambda: tu.FlattenedIndexKey("a"),
    ]:
        with pytest.raises(TypeError):
            bad()
    match tu.GetAttrKey("w"):
        case tu.GetAttrKey(name=n):
            assert n == "w"


def test_keystr():
    keys = (tu.DictKey("a"), tu.SequenceKey(0), tu.GetAttrKey("x"), tu.FlattenedIndexKey(1))
    assert tu.keystr(keys) == "['a'][0].x[<flat index 1>]"
    assert tu.keystr(keys, simple=True, separator="/") == "a/0/x/1"
    assert tu.keystr(()) == "" and tu.keystr(("foo", 1)) == "foo1"
    assert tu.keystr((tu.DictKey("a"), "zz"), simple=True) == "azz"


def test_flatten_with_path():
    tree = {
        "a": [1, (2, Point(3, 4))],
        "b": None,
        "c": collections.OrderedDict(z=5, y=6),
        "d": collections.defaultdict(int, {2: 7, 1: 8}),
        "e": tu.Partial(max, 9, k=10),
    }
    pairs, td = tu.tree_flatten_with_path(tree)
    assert td == tu.tree_structure(tree)
    assert [leaf for _, leaf in pairs] == tu.tree_leaves(tree) == [1, 2, 3, 4, 5, 6, 8, 7, 9, 10]
    assert [tu.keystr(p) for p, _ in pairs] == [
        "['a'][0]",
        "['a'][1][0]",
        "['a'][1][1].x",
        "['a'][1][1].y",
        "['c']['z']",
        "['c']['y']",
        "['d'][1]",
        "['d'][2]",
        "['e'][<flat index 0>][0]",
        "['e'][<flat index 1>]['k']",
    ]
    assert [tu.keystr(p, simple=True, separator="/") for p, _ in pairs][-1] == "e/1/k"
    assert pairs[2][0] == (
        tu.DictKey("a"),
        tu.SequenceKey(1),
        tu.SequenceKey(1),
        tu.GetAttrKey("x"),
    )
    assert tu.tree_leaves_with_path(None) == [] and tu.tree_leaves_with_path(5) == [((), 5)]
    # is_leaf, with and without the path argument
    pairs, td = tu.tree_flatten_with_path(
        (1, (2, 3)), is_leaf=lambda p, x: len(p) == 1, is_leaf_takes_path=True
    )
    assert pairs == [((tu.SequenceKey(0),), 1), ((tu.SequenceKey(1),), (2, 3))]
    assert str(td) == "PyTreeDef((*, *))"
    pairs = tu.tree_leaves_with_path((1, (2, 3)), is_leaf=lambda x: type(x) is tuple)
    assert pairs == [((), (1, (2, 3)))]
    with pytest.raises(ValueError, match="non-boolean value 0"):
        tu.tree_flatten_with_path((1, [2]), is_leaf=lambda x: 0)


def test_map_with_path():
    out = tu.tree_map_with_path(
        lambda p, x, y: (tu.keystr(p), x + y), {"a": 1, "b": [2]}, {"a": 10, "b": [20]}
    )
    assert out == {"a": ("['a']", 11), "b": [("['b'][0]", 22)]}
    out = jtree.map_with_path(
        lambda p, x: len(p), (1, [2, 3]), is_leaf=lambda x: isinstance(x, list)
    )
    assert out == (1, 1)


# ----------------------------------------------------------------------------- Partial
def test_partial():
    p = tu.Partial(operator.add, 1)
    assert p(2) == 3 and isinstance(p, functools.partial)
    assert repr(p) == "Partial(<built-in function add>, 1)"
    assert str(type(p)) == "<class 'numjax.tree_util.Partial'>"
    assert tu.tree_map(lambda x: x * 10, p)(2) == 12
    assert tu.tree_structure(tu.Partial(operator.add, 1)) == tu.tree_structure(
        tu.Partial(operator.add, 5)
    )
    assert tu.tree_structure(tu.Partial(operator.add, 1)) != tu.tree_structure(
        tu.Partial(operator.sub, 1)
    )
    assert str(tu.tree_structure(tu.Partial(operator.add))) == (
        "PyTreeDef(CustomNode(Partial[<built-in function add>], [(), {}]))"
    )
    assert tu.tree_flatten(tu.Partial(dict, b=1, a=2))[0] == [2, 1]
    # a functools.partial func is wrapped, not merged: only the outer args are leaves
    nested = tu.Partial(functools.partial(operator.add, 1), 2)
    leaves, td = tu.tree_flatten(nested)
    assert leaves == [2] and nested() == 3
    assert str(td) == (
        "PyTreeDef(CustomNode(Partial[_HashableCallableShim(functools.partial("
        "<built-in function add>, 1))], [(*,), {}]))"
    )
    assert nested.func.func is operator.add and nested.func.args == (1,)
    assert tu.tree_leaves(tu.Partial(tu.Partial(operator.add, 1), 2)) == [2]
    assert td.unflatten([5])() == 6


# ----------------------------------------------------------------------------- jax.tree
def test_tree_namespace():
    tree = {"b": (1, 2), "a": [3]}
    leaves, td = jtree.flatten(tree)
    assert leaves == [3, 1, 2] and jtree.leaves(tree) == leaves
    assert jtree.structure(tree) == td and jtree.unflatten(td, leaves) == tree
    assert jtree.map(lambda x, y: x * y, tree, tree) == {"b": (1, 4), "a": [9]}
    assert jtree.reduce(operator.add, tree) == 6 and jtree.reduce(operator.add, tree, 1) == 7
    assert jtree.reduce_associative(operator.add, tree) == 6
    assert jtree.all(tree) and not jtree.all([0])
    assert jtree.transpose(jtree.structure([0, 0]), None, [(1, 2), (3, 4)]) == ([1, 3], [2, 4])
    assert [tu.keystr(p) for p, _ in jtree.leaves_with_path(tree)] == [
        "['a'][0]",
        "['b'][0]",
        "['b'][1]",
    ]
    assert jtree.flatten_with_path(tree)[1] == td
    assert jtree.broadcast((1, 2), ([0, 0], 0)) == ([1, 1], 2)
    names = "map leaves structure flatten unflatten reduce all transpose map_with_path"
    for name in names.split() + ["flatten_with_path", "leaves_with_path", "broadcast", "static"]:
        assert callable(getattr(jtree, name))
    for name in tu.__all__:
        assert getattr(tu, name) is not None


def test_flat_tuple_fast_path_results():
    arrays = tuple(np.arange(i + 1) for i in range(5))
    leaves, td = tu.tree_flatten(arrays)
    assert all(a is b for a, b in zip(leaves, arrays)) and td.num_leaves == 5
    assert tu.tree_flatten(arrays)[1] == td and hash(tu.tree_flatten(arrays)[1]) == hash(td)
    back = td.unflatten(leaves)
    assert type(back) is tuple and all(a is b for a, b in zip(back, arrays))
    lst = [1, 2]
    out = tu.tree_structure(lst).unflatten(lst)
    assert out == lst and out is not lst  # a new list, never the caller's
    mixed = (1, (), 2)
    assert tu.tree_structure(mixed).unflatten([7, 8]) == (7, (), 8)


# ----------------------------------------------------------------------------- property test
_leaf = st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=3), st.none())
_key = st.text(max_size=4)


def _containers(children):
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(_key, children, max_size=4),
        st.builds(Point, children, children),
        st.dictionaries(_key, children, max_size=3).map(collections.OrderedDict),
        st.dictionaries(st.integers(), children, max_size=3).map(
            lambda d: collections.defaultdict(list, d)
        ),
        st.lists(children, max_size=3).map(lambda xs: Box(*xs)),
    )


_trees = st.recursive(_leaf, _containers, max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(_trees)
def test_roundtrip_property(tree):
    leaves, td = tu.tree_flatten(tree)
    assert tu.tree_unflatten(td, leaves) == tree
    assert td.num_leaves == len(leaves) == len(tu.tree_leaves(tree))
    assert tu.tree_structure(tree) == td and hash(tu.tree_structure(tree)) == hash(td)
    assert pickle.loads(pickle.dumps(td)) == td
    assert tu.treedef_tuple(td.children()).num_leaves == (td.num_leaves if td.children() else 0)
    pairs, td2 = tu.tree_flatten_with_path(tree)
    assert td2 == td and [x for _, x in pairs] == leaves
    assert tu.tree_flatten(tree, is_leaf=lambda x: False) == (leaves, td)
    marked = tu.tree_map(lambda x: ("leaf", x), tree)
    assert (
        tu.tree_structure(marked, is_leaf=lambda x: isinstance(x, tuple) and x[:1] == ("leaf",))
        == td
    )
    assert tu.tree_map(lambda a, b: b, tree, marked) == marked
