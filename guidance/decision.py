"""The engine's answer, typed: a :class:`Status` and a frozen :class:`Decision`.

``Engine.decide`` returns a :class:`Decision`. Its fields are the keys of the
decision described in ``docs/bot-messages.md``; ``to_dict()`` gives that
JSON-ready dict exactly (the CLI's output, the audit, the widget). The parts
under the top level (route, steps, contacts, sources, ...) stay the engine's
JSON-ready dicts and lists.

A Decision also reads as a read-only mapping (``d["status"]``, ``d.get(...)``)
so code that renders either a Decision or its ``to_dict()`` copy is written
once; an optional key the engine did not set (``unknown``, ``branches``,
``used``, ``alternatives``, ``unsure_urgent``) is absent, as in the dict.

Pure Python: no Rasa.
"""
from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Dict, Iterator, List, Optional


class Status(str, Enum):
    """What a decision is. The values are the codes the JSON output and the
    audit rows hold; a member equals (and hashes as) its code string."""

    #: a route, and every fact it needs is known
    COMPLETE = "complete"
    #: a child may be in immediate danger: 999 and the urgent route first
    URGENT = "urgent"
    #: the child lives in an area Stepwise does not cover
    OUT_OF_AREA = "out_of_area"
    #: facts still to ask (``missing``) before there is one answer
    NEEDS_FACTS = "needs_facts"
    #: the facts match no route in the area's procedure
    NOT_FOUND = "not_found"
    #: the answer depends on facts the person does not know (``branches``)
    CONDITIONAL = "conditional"
    #: a call-script outcome only (guidance/script.py): more than one answer not
    #: known; never returned by the engine
    TOO_MANY_UNKNOWN = "too_many_unknown"

    __hash__ = str.__hash__  # Enum hashes the member's name; a code string must find its member in a set or dict

    def __str__(self) -> str:
        return self.value

    @property
    def final(self) -> bool:
        """Does this status end the questions with an answer?"""
        return self in FINAL


#: statuses that end the question loop with an answer (actions/turn.py, guidance/script.py)
FINAL = (Status.COMPLETE, Status.URGENT, Status.OUT_OF_AREA, Status.NOT_FOUND, Status.CONDITIONAL)

#: the statuses ``Engine.decide`` can return
ENGINE_STATUSES = FINAL + (Status.NEEDS_FACTS,)

#: keys present only when the engine set them (None here means absent)
_OPTIONAL = ("branches", "unknown", "used", "alternatives", "unsure_urgent")


@dataclass(frozen=True)
class Decision(Mapping):
    """One answer of the engine. Frozen: a changed answer is a new Decision
    (``replace``)."""

    area: Optional[str]
    area_name: Optional[str]
    hub: Optional[str]
    status: Status
    urgent: bool
    hub_contact: Optional[str]
    route: Optional[dict]
    candidate_routes: List[dict]
    steps: List[dict]
    contacts: List[dict]
    checklist: List[dict]
    deadlines: List[dict]
    notes: List[dict]
    missing: List[dict]
    levels: Dict[str, dict]
    scale: List[dict]
    facts: Dict[str, Any]
    documents: List[dict]
    citations: List[dict]
    #: a conditional decision's parts: {"assume", "assume_text", "decision": Decision}
    branches: Optional[List[dict]] = None
    today: Optional[str] = None
    #: the facts the person said they do not know (only when some were given)
    unknown: Optional[List[str]] = None
    #: a decision matching no route: the answers used, and what would lead to a route
    used: Optional[List[dict]] = None
    alternatives: Optional[List[dict]] = None
    #: the person was not sure whether the child is in immediate danger, so it is treated as urgent
    unsure_urgent: Optional[bool] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))

    # ------------------------------------------------------------ building
    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Decision":
        """A Decision from the engine's dict (branch decisions too). A key
        that is not a field is an error: the shape is fixed here."""
        if isinstance(d, Decision):
            return d
        names = {f.name for f in dataclasses.fields(cls)}
        extra = set(d) - names
        if extra:
            raise ValueError(f"not a field of a decision: {sorted(extra)}")
        kw = dict(d)
        if kw.get("branches") is not None:
            kw["branches"] = [{**b, "decision": cls.from_dict(b["decision"])} for b in kw["branches"]]
        return cls(**kw)

    def replace(self, **changes: Any) -> "Decision":
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------ output
    def to_dict(self) -> Dict[str, Any]:
        """The JSON-ready dict: the status as its code string, optional keys
        only when set. A deep copy made in one go, so a part the engine shares
        between two places (a source in a step and in ``citations``) is still
        one object in the copy, as in the engine's own dict."""
        return copy.deepcopy(self._plain())

    def _plain(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if v is None and f.name in _OPTIONAL:
                continue
            if f.name == "status":
                v = v.value
            elif f.name == "branches":
                v = [{**b, "decision": b["decision"]._plain()} for b in v]
            out[f.name] = v
        return out

    # ------------------------------------------------------------ read-only mapping
    def __getitem__(self, key: str) -> Any:
        if key not in _FIELDS:
            raise KeyError(key)
        v = getattr(self, key)
        if v is None and key in _OPTIONAL:
            raise KeyError(key)
        return v

    def __iter__(self) -> Iterator[str]:
        return (k for k in _FIELDS if not (k in _OPTIONAL and getattr(self, k) is None))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    __hash__ = None  # type: ignore[assignment]  # its parts are lists and dicts


_FIELDS = tuple(f.name for f in dataclasses.fields(Decision))
