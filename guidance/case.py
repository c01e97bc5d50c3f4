"""The facts of a case: validation and JSON Schema.

A case is a mapping of field name to value (see ``guidance/fields.yml`` and the
``fields:`` of each area). Nothing is guessed: an unknown field, a value that
is not allowed or of the wrong type raises :class:`CaseError`, which names the
field and what it accepts.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Mapping

from .loader import Registry
from .model import FieldDef


class CaseError(ValueError):
    def __init__(self, field: str, message: str, allowed: Any = None):
        self.field = field
        self.allowed = allowed
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict:
        out = {"field": self.field, "error": str(self)}
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


def allowed(fd: FieldDef) -> Any:
    if fd.type == "enum":
        return list(fd.values)
    if fd.type == "bool":
        return [True, False]
    if fd.type == "int":
        return {"min": fd.min, "max": fd.max}
    return "a date as YYYY-MM-DD"


def _coerce(fd: FieldDef, value: Any) -> Any:
    if fd.type == "enum":
        if not isinstance(value, str) or value not in fd.values:
            raise CaseError(fd.name, f"{value!r} is not allowed", allowed(fd))
        return value
    if fd.type == "bool":
        if not isinstance(value, bool):
            raise CaseError(fd.name, f"must be true or false, not {value!r}", allowed(fd))
        return value
    if fd.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise CaseError(fd.name, f"must be a whole number, not {value!r}", allowed(fd))
        if (fd.min is not None and value < fd.min) or (fd.max is not None and value > fd.max):
            raise CaseError(fd.name, f"{value} is out of range", allowed(fd))
        return value
    if fd.type == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise CaseError(fd.name, f"{value!r} is not a date", allowed(fd))
    raise CaseError(fd.name, f"unknown field type {fd.type}")  # pragma: no cover


def validate_case(raw: Mapping[str, Any], registry: Registry) -> Dict[str, Any]:
    """Return a clean copy of ``raw`` (dates parsed, nulls dropped) or raise."""
    if not isinstance(raw, Mapping):
        raise CaseError("case", "must be a mapping of field names to values")
    clean: Dict[str, Any] = {}
    for name, value in raw.items():
        fd = registry.fields.get(name)
        if fd is None:
            raise CaseError(str(name), "is not a known field", sorted(registry.fields))
        if value is None:
            continue
        clean[name] = _coerce(fd, value)
    area = clean.get("area")
    for name in clean:
        fd = registry.fields[name]
        if fd.area is not None and area is not None and area != fd.area:
            raise CaseError(name, f"applies only to {fd.area}, not {area}")
    return clean


def json_schema(registry: Registry) -> dict:
    props = {}
    for name, fd in sorted(registry.fields.items(), key=lambda kv: (kv[1].order, kv[0])):
        p: Dict[str, Any] = {"description": fd.question}
        if fd.area:
            p["description"] += f" (only for {fd.area})"
        if fd.type == "enum":
            p["type"] = "string"
            p["enum"] = list(fd.values)
        elif fd.type == "bool":
            p["type"] = "boolean"
        elif fd.type == "int":
            p["type"] = "integer"
            if fd.min is not None:
                p["minimum"] = fd.min
            if fd.max is not None:
                p["maximum"] = fd.max
        else:
            p["type"] = "string"
            p["format"] = "date"
        props[name] = p
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Stepwise case",
        "description": "The facts of a case. Unknown facts are left out.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
