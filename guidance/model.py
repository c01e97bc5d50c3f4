"""The encoded protocols, as immutable Python objects.

Loaded from the YAML files under ``guidance/protocols`` by
:mod:`guidance.loader`. Nothing here imports Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Tuple


@dataclass(frozen=True)
class Source:
    doc: str
    section: str
    quote: str

    def as_dict(self) -> dict:
        return {"doc": self.doc, "section": self.section, "quote": self.quote}


@dataclass(frozen=True)
class Condition:
    """A conjunction of per-field tests; see :mod:`guidance.conditions`."""

    tests: Tuple[Tuple[str, str, Any], ...]  # (field, operator, operand)

    @property
    def fields(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(f for f, _, _ in self.tests))


ALWAYS = Condition(())


@dataclass(frozen=True)
class FieldDef:
    name: str
    type: str  # enum | bool | int | date
    order: int
    question: str
    values: Mapping[str, str] = field(default_factory=dict)  # enum code -> label
    min: Optional[int] = None
    max: Optional[int] = None
    label: Optional[str] = None  # for date anchors: "the strategy meeting"
    summary: Optional[str] = None  # short name in a "check your answers" list
    area: Optional[str] = None  # set for area-local fields
    say: Optional[str] = None  # the question as a call-handler reads it aloud (script mode)


@dataclass(frozen=True)
class Section:
    id: str
    start: str
    title: str
    status: str  # encoded | not_encoded
    reason: Optional[str]


@dataclass(frozen=True)
class Note:
    kind: str  # gap | warning | info
    text: str
    source: Optional[Source]
    when: Condition = ALWAYS


@dataclass(frozen=True)
class SentenceGap:
    """A sentence that states an obligation or a timescale (see
    :func:`guidance.checks.obligation_sentences`) and is deliberately carried
    by no statement: ``reason`` is one of the codes in
    :data:`guidance.loader.SENTENCE_REASONS`, ``why`` says why in words."""

    sentence: str  # verbatim (whitespace collapsed): the sentence, or enough of it to name it
    reason: str
    why: str


@dataclass(frozen=True)
class Document:
    id: str
    file: str
    area: str
    title: str
    publisher: Optional[str]
    version: Optional[str]
    date: Optional[str]
    review_date: Optional[str]
    review_source: Optional[Source]
    relation: Optional[Mapping[str, Any]]
    notes: Tuple[Note, ...]
    sections: Tuple[Section, ...]
    sentences_not_encoded: Tuple[SentenceGap, ...] = ()

    def section(self, section_id: str) -> Optional[Section]:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None


@dataclass(frozen=True)
class Level:
    number: Any
    name: str
    source: Source
    description: Optional[str] = None


@dataclass(frozen=True)
class Service:
    code: str
    label: str
    level: Any
    source: Optional[Source]
    note: Optional[str] = None


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    kind: str
    value: Optional[str]
    use: str
    source: Source
    note: Optional[str] = None


@dataclass(frozen=True)
class Item:
    """A step, checklist entry or similar: text with its source."""

    text: str
    source: Source
    when: Condition = ALWAYS


@dataclass(frozen=True)
class ContactRef:
    id: str
    when: Condition = ALWAYS


@dataclass(frozen=True)
class Deadline:
    text: str
    amount: int
    unit: str
    anchor: str
    direction: str
    source: Source
    when: Condition = ALWAYS
    # The document names no start for this deadline (or one Stepwise holds no
    # date for): said with the deadline, and the start is never taken as today.
    anchor_gap: Optional[str] = None


@dataclass(frozen=True)
class Route:
    id: str
    title: str
    summary: str
    hub_contact: Optional[str]
    when: Condition
    source: Source
    steps: Tuple[Item, ...]
    contacts: Tuple[ContactRef, ...]
    checklist: Tuple[Item, ...]
    deadlines: Tuple[Deadline, ...]
    notes: Tuple[Note, ...]
    # routes this one wins over when the same facts satisfy both (routes.yml
    # `overrides:`); the loader orders an area's routes by it
    overrides: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    field: str
    why: str
    source: Source
    question: Optional[str] = None
    values: Mapping[str, str] = field(default_factory=dict)  # area wording of value labels
    say: Optional[str] = None  # the area's wording to read aloud (script mode)


@dataclass(frozen=True)
class Urgent:
    text: str
    contacts: Tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    hub: str
    hub_full_name: Optional[str]
    documents: Tuple[str, ...]
    levels: Tuple[Level, ...]
    services: Mapping[str, Service]
    contacts: Mapping[str, Contact]
    urgent: Urgent
    questions: Mapping[str, Question]
    fields: Mapping[str, FieldDef]
    routes: Tuple[Route, ...]
    notes: Tuple[Note, ...] = ()
    advice: Tuple[str, ...] = ()  # contacts for "can I speak to a person?"
    # what a person may call the area besides its name: towns, districts, its
    # own hub's name (area.yml `aliases:`; the NLU data is generated from them)
    aliases: Tuple[str, ...] = ()
    folder: Optional[str] = None  # the protocol folder it was loaded from
