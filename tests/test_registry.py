"""Every lax primitive has its rules and a test record.

Fails when a Primitive reachable from numjax._src.lax modules lacks impl / abstract_eval / jvp
/ batch (or, when a tests/op_db.py record declares it linear, transpose), unless WAIVERS gives
a written reason; when an op_db record names no existing primitive; and when a primitive has
no op_db record and no reason in op_db.NO_RECORD.
"""

from __future__ import annotations

import importlib
import pkgutil

import op_db
import pytest

import numjax._src.lax as lax_pkg
from numjax._src.core import Primitive

# (primitive name, rule) -> reason the rule is absent on purpose.
WAIVERS: dict[tuple[str, str], str] = {
    ("iota", "batch"): "iota has no operands, so vmap never batches it",
}

RULES = ("impl", "abstract_eval", "jvp", "batch")


def _lax_primitives() -> dict[str, Primitive]:
    prims: dict[str, Primitive] = {}
    for info in pkgutil.iter_modules(lax_pkg.__path__):
        module = importlib.import_module(f"{lax_pkg.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Primitive):
                prims.setdefault(value.name, value)
    return prims


PRIMS = _lax_primitives()
LINEAR = {p for rec in op_db.OPS if rec.linear for p in rec.prims}


def test_primitives_found():
    assert len(PRIMS) > 50, sorted(PRIMS)


@pytest.mark.parametrize("name", sorted(PRIMS))
def test_primitive_has_rules(name):
    prim = PRIMS[name]
    missing = [r for r in RULES if getattr(prim, r, None) is None and (name, r) not in WAIVERS]
    if name in LINEAR and prim.transpose is None and (name, "transpose") not in WAIVERS:
        missing.append("transpose (declared linear in op_db)")
    assert not missing, f"primitive {name!r} lacks rules: {missing} (add them or a WAIVERS reason)"


def test_records_name_existing_primitives():
    unknown = {rec.name: [p for p in rec.prims if p not in PRIMS] for rec in op_db.OPS}
    unknown = {k: v for k, v in unknown.items() if v}
    assert not unknown, f"op_db records name primitives that do not exist: {unknown}"


def test_every_primitive_has_a_record():
    covered = {p for rec in op_db.OPS for p in rec.prims}
    missing = sorted(set(PRIMS) - covered - set(op_db.NO_RECORD))
    assert not missing, f"primitives with no op_db record and no op_db.NO_RECORD reason: {missing}"


def test_written_reasons():
    for rec in op_db.OPS:
        if rec.order == 0:
            assert rec.nondiff_reason, f"{rec.name}: order=0 needs a nondiff_reason"
        for check, reason in rec.skips.items():
            assert reason.strip(), f"{rec.name}: skip of {check} without a reason"
        for xf in rec.xfails:
            assert xf.reason.startswith("BUG"), f"{rec.name}: xfail of {xf.check} not a BUG: ..."
    for key, reason in {**WAIVERS, **op_db.NO_RECORD}.items():
        assert str(reason).strip(), f"waiver {key} without a reason"
