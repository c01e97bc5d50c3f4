"""Conditions on case facts, evaluated in three values.

A condition is written in YAML as a mapping from field to test::

    when:
      direction: step_up                 # equals
      needs_now: [early_help, social_care]  # one of
      child_age: {lt: 5}                 # lt, lte, gt, gte, between: [a, b], not: x-or-list

Every test must hold (AND). Evaluation returns True, False, or None when a
fact the answer depends on is not known yet.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional, Tuple

from .model import ALWAYS, Condition

OPERATORS = ("eq", "in", "lt", "lte", "gt", "gte", "between", "not")


class ConditionError(ValueError):
    pass


def parse(raw: Any, where: str) -> Condition:
    if raw is None:
        return ALWAYS
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: `when` must be a mapping of field to test")
    tests = []
    for field, test in raw.items():
        if isinstance(test, Mapping):
            if not test:
                raise ConditionError(f"{where}: empty test for {field}")
            for op, operand in test.items():
                if op not in OPERATORS:
                    raise ConditionError(
                        f"{where}: unknown operator {op!r} for {field}; "
                        f"allowed: {', '.join(OPERATORS)}"
                    )
                if op == "between" and (not isinstance(operand, list) or len(operand) != 2):
                    raise ConditionError(f"{where}: between needs [low, high] for {field}")
                if op == "in" and not isinstance(operand, list):
                    raise ConditionError(f"{where}: `in` needs a list for {field}")
                tests.append((field, op, tuple(operand) if isinstance(operand, list) else operand))
        elif isinstance(test, list):
            tests.append((field, "in", tuple(test)))
        else:
            tests.append((field, "eq", test))
    return Condition(tuple(tests))


def _test(value: Any, op: str, operand: Any) -> bool:
    if op == "eq":
        return value == operand
    if op == "in":
        return value in operand
    if op == "not":
        return value not in operand if isinstance(operand, tuple) else value != operand
    if op == "lt":
        return value < operand
    if op == "lte":
        return value <= operand
    if op == "gt":
        return value > operand
    if op == "gte":
        return value >= operand
    if op == "between":
        return operand[0] <= value <= operand[1]
    raise ConditionError(f"unknown operator {op}")  # pragma: no cover - parse() guards


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> Tuple[Optional[bool], Tuple[str, ...]]:
    """(result, unknown fields). False wins over unknown: a condition already
    contradicted by a known fact is False, whatever else is unknown."""
    unknown = []
    for field, op, operand in cond.tests:
        if field not in facts or facts[field] is None:
            if field not in unknown:
                unknown.append(field)
            continue
        if not _test(facts[field], op, operand):
            return False, ()
    if unknown:
        return None, tuple(unknown)
    return True, ()


def operands(cond: Condition):
    """(field, value) pairs a condition compares against, for validation."""
    for field, op, operand in cond.tests:
        if isinstance(operand, tuple):
            for v in operand:
                yield field, op, v
        else:
            yield field, op, operand
