"""Load the encoded protocols from YAML into :mod:`guidance.model` objects.

Loading is strict: an unknown key, a missing required key or a reference to
something that does not exist raises :class:`ProtocolError` naming the file
and the place. Whether quotes really occur in the seeds is checked separately
by :mod:`guidance.checks` (it needs the seed texts).

The loader is the one home of three facts the rest of Stepwise reads:

* which areas are covered: one folder ``<root>/<area>/`` with an ``area.yml``
  per area, under ``guidance/protocols/`` and any extra roots (the
  ``extra_dirs`` argument, or ``STEPWISE_PROTOCOL_DIRS``, folders separated by
  ``os.pathsep``). The shared ``area`` field's values are made from them;
* each area's aliases (``aliases:`` in ``area.yml``: towns, districts, its own
  hub's name), from which ``tools/nlu_gen.py`` generates the NLU data;
* Stepwise's own safety policy, ``policy/safety-policy.md``: one named
  paragraph (``## name``) per statement, read by :func:`load_policy`.

A document's seed text is looked for in the area's folder first, then among
the seeds (:mod:`guidance.seeds`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

from . import conditions
from .model import (
    Area,
    Contact,
    ContactRef,
    Deadline,
    Document,
    FieldDef,
    Item,
    Level,
    Note,
    Question,
    Route,
    Section,
    SentenceGap,
    Service,
    Source,
    Urgent,
)

PACKAGE_DIR = Path(__file__).resolve().parent
PROTOCOLS_DIR = PACKAGE_DIR / "protocols"
FIELDS_FILE = PACKAGE_DIR / "fields.yml"
POLICY_FILE = PACKAGE_DIR / "policy" / "safety-policy.md"
#: Extra protocol roots (folders of area folders), separated by os.pathsep.
EXTRA_DIRS_ENV = "STEPWISE_PROTOCOL_DIRS"

UNITS = ("working_days", "days", "days_unspecified", "weeks", "months", "hours")
NOTE_KINDS = ("gap", "warning", "info")
CONTACT_KINDS = ("phone", "email", "web_form", "system", "meeting", "team", "form")
HUB_CONTACT = ("yes", "no", "urgent")
FIELD_TYPES = ("enum", "bool", "int", "date")
#: Why a sentence that obliges or sets a time is carried by no statement.
SENTENCE_REASONS = {
    "superseded": "superseded by the later Wirral procedure (004), which the answers follow",
    "internal": "internal to children's social care or the receiving service, with no bearing on the person asking",
    "not_procedure": "not procedure: a purpose, principle, definition or description that asks nothing of anyone",
    "heading": "a heading or contents line that only names a section",
}

#: The pseudo-document for Stepwise's own safety policy (not a seed).
POLICY_DOC = "stepwise-policy"


class ProtocolError(ValueError):
    pass


@dataclass(frozen=True)
class Registry:
    fields: Mapping[str, FieldDef]  # global + every area-local field
    documents: Mapping[str, Document]
    areas: Mapping[str, Area]


def _rel(path: Path) -> str:
    """A path as messages name it: inside the package if it is there."""
    try:
        return str(path.relative_to(PACKAGE_DIR))
    except ValueError:
        return str(path)


def load_policy(path: Path = POLICY_FILE) -> Dict[str, str]:
    """Stepwise's safety policy: paragraph name -> its text (whitespace
    collapsed). Each ``## name`` heading opens one paragraph."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+)\s*$", text, flags=re.M)
    out: Dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        body = " ".join(body.split())
        if not body:
            raise ProtocolError(f"{_rel(path)}: paragraph {name} is empty")
        if name in out:
            raise ProtocolError(f"{_rel(path)}: paragraph {name} twice")
        out[name] = body
    if not out:
        raise ProtocolError(f"{_rel(path)}: no named paragraphs (## name)")
    return out


def _keys(raw: Any, where: str, required: Tuple[str, ...], optional: Tuple[str, ...] = ()) -> Mapping:
    if not isinstance(raw, Mapping):
        raise ProtocolError(f"{where}: expected a mapping, got {type(raw).__name__}")
    missing = [k for k in required if k not in raw]
    if missing:
        raise ProtocolError(f"{where}: missing {', '.join(missing)}")
    unknown = [k for k in raw if k not in required and k not in optional]
    if unknown:
        raise ProtocolError(
            f"{where}: unknown key(s) {', '.join(map(str, unknown))}; "
            f"allowed: {', '.join(required + optional)}"
        )
    return raw


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            # libyaml's loader where PyYAML has it: the same data, 15 times faster
            return yaml.load(f, Loader=_LOADER)
    except yaml.YAMLError as e:
        raise ProtocolError(f"{path}: not valid YAML: {e}") from e


def _source(raw: Any, where: str, required: bool = True) -> Optional[Source]:
    if raw is None:
        if required:
            raise ProtocolError(f"{where}: missing source")
        return None
    r = _keys(raw, f"{where}.source", ("doc", "section", "quote"))
    if not str(r["quote"]).strip():
        raise ProtocolError(f"{where}.source: empty quote")
    return Source(str(r["doc"]), str(r["section"]), str(r["quote"]))


def _field(name: str, raw: Any, where: str, area: Optional[str] = None) -> FieldDef:
    r = _keys(raw, where, ("type", "order", "question"), ("values", "min", "max", "label", "summary", "say"))
    if r["type"] not in FIELD_TYPES:
        raise ProtocolError(f"{where}: type must be one of {', '.join(FIELD_TYPES)}")
    values = {str(k): str(v) for k, v in (r.get("values") or {}).items()}
    if r["type"] == "enum" and not values:
        raise ProtocolError(f"{where}: an enum needs values")
    return FieldDef(
        name=name,
        type=r["type"],
        order=int(r["order"]),
        question=str(r["question"]),
        values=values,
        min=r.get("min"),
        max=r.get("max"),
        label=r.get("label"),
        summary=r.get("summary"),
        area=area,
        say=_say(r.get("say"), where),
    )


def _say(raw: Any, where: str) -> Optional[str]:
    """Wording for a call-handler to read aloud: one paragraph of plain text."""
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ProtocolError(f"{where}: say must be non-empty text")
    return " ".join(raw.split())


def _note(raw: Any, where: str, source_required: bool = False) -> Note:
    r = _keys(raw, where, ("kind", "text"), ("source", "when"))
    if r["kind"] not in NOTE_KINDS:
        raise ProtocolError(f"{where}: kind must be one of {', '.join(NOTE_KINDS)}")
    return Note(
        kind=r["kind"],
        text=str(r["text"]),
        source=_source(r.get("source"), where, required=source_required),
        when=conditions.parse(r.get("when"), where),
    )


def _item(raw: Any, where: str) -> Item:
    r = _keys(raw, where, ("text", "source"), ("when",))
    return Item(str(r["text"]), _source(r["source"], where), conditions.parse(r.get("when"), where))


def _document(path: Path) -> Document:
    where = _rel(path)
    r = _keys(
        _read(path),
        where,
        ("id", "file", "area", "title", "sections"),
        ("publisher", "version", "date", "review_date", "review_source", "relation", "notes",
         "sentences_not_encoded"),
    )
    sections = []
    seen = set()
    for i, s in enumerate(r["sections"] or []):
        sw = f"{where}: sections[{i}]"
        s = _keys(s, sw, ("id", "start", "title", "status"), ("reason",))
        if s["status"] not in ("encoded", "not_encoded"):
            raise ProtocolError(f"{sw}: status must be encoded or not_encoded")
        if s["status"] == "not_encoded" and not s.get("reason"):
            raise ProtocolError(f"{sw} ({s['id']}): a not_encoded section needs a reason")
        if s["id"] in seen:
            raise ProtocolError(f"{sw}: duplicate section id {s['id']}")
        seen.add(s["id"])
        sections.append(Section(str(s["id"]), str(s["start"]), str(s["title"]), s["status"], s.get("reason")))
    if not sections:
        raise ProtocolError(f"{where}: a document needs its section map")
    gaps = []
    for i, g in enumerate(r.get("sentences_not_encoded") or []):
        gw = f"{where}: sentences_not_encoded[{i}]"
        g = _keys(g, gw, ("sentence", "reason", "why"))
        if g["reason"] not in SENTENCE_REASONS:
            raise ProtocolError(f"{gw}: reason must be one of {', '.join(SENTENCE_REASONS)}")
        if not str(g["why"]).strip() or not str(g["sentence"]).strip():
            raise ProtocolError(f"{gw}: sentence and why must be non-empty")
        gaps.append(SentenceGap(" ".join(str(g["sentence"]).split()), str(g["reason"]), " ".join(str(g["why"]).split())))
    seed = str(r["file"])
    if (path.parent / seed).is_file():  # a seed kept in the area's own folder
        seed = str((path.parent / seed).resolve())
    return Document(
        id=str(r["id"]),
        file=seed,
        area=str(r["area"]),
        title=str(r["title"]),
        publisher=r.get("publisher"),
        version=None if r.get("version") is None else str(r.get("version")),
        date=None if r.get("date") is None else str(r.get("date")),
        review_date=None if r.get("review_date") is None else str(r.get("review_date")),
        review_source=_source(r.get("review_source"), where, required=False),
        relation=r.get("relation"),
        notes=tuple(_note(n, f"{where}: notes[{i}]") for i, n in enumerate(r.get("notes") or [])),
        sections=tuple(sections),
        sentences_not_encoded=tuple(gaps),
    )


def _route(raw: Any, where: str) -> Route:
    r = _keys(
        raw,
        where,
        ("id", "title", "summary", "when", "source"),
        ("hub_contact", "steps", "contacts", "checklist", "deadlines", "notes", "overrides"),
    )
    where = f"{where} ({r['id']})"
    overrides = r.get("overrides") or []
    if not isinstance(overrides, list) or not all(isinstance(o, str) for o in overrides):
        raise ProtocolError(f"{where}: overrides must be a list of route ids")
    hub = r.get("hub_contact")
    if hub is not None:
        hub = str(hub).lower() if not isinstance(hub, bool) else ("yes" if hub else "no")
        if hub not in HUB_CONTACT:
            raise ProtocolError(f"{where}: hub_contact must be one of {', '.join(HUB_CONTACT)}")
    contacts = []
    for i, c in enumerate(r.get("contacts") or []):
        if isinstance(c, str):
            contacts.append(ContactRef(c))
        else:
            c = _keys(c, f"{where}.contacts[{i}]", ("id",), ("when",))
            contacts.append(ContactRef(str(c["id"]), conditions.parse(c.get("when"), where)))
    deadlines = []
    for i, d in enumerate(r.get("deadlines") or []):
        dw = f"{where}.deadlines[{i}]"
        d = _keys(d, dw, ("text", "amount", "unit", "from", "source"), ("direction", "when", "anchor_gap"))
        if d["unit"] not in UNITS:
            raise ProtocolError(f"{dw}: unit must be one of {', '.join(UNITS)}")
        direction = d.get("direction", "after")
        if direction not in ("after", "before"):
            raise ProtocolError(f"{dw}: direction must be after or before")
        if not isinstance(d["amount"], int) or d["amount"] < 0:
            raise ProtocolError(f"{dw}: amount must be a whole number of at least 0")
        deadlines.append(
            Deadline(
                str(d["text"]), d["amount"], d["unit"], str(d["from"]), direction,
                _source(d["source"], dw), conditions.parse(d.get("when"), dw),
                None if d.get("anchor_gap") is None else " ".join(str(d["anchor_gap"]).split()),
            )
        )
    when = dict(r["when"] or {})
    when.pop("area", None)  # implicit: a route only ever applies to its own area
    return Route(
        id=str(r["id"]),
        title=str(r["title"]),
        summary=" ".join(str(r["summary"]).split()),
        hub_contact=hub,
        when=conditions.parse(when, where),
        source=_source(r["source"], where),
        steps=tuple(_item(s, f"{where}.steps[{i}]") for i, s in enumerate(r.get("steps") or [])),
        contacts=tuple(contacts),
        checklist=tuple(_item(s, f"{where}.checklist[{i}]") for i, s in enumerate(r.get("checklist") or [])),
        deadlines=tuple(deadlines),
        notes=tuple(_note(n, f"{where}.notes[{i}]") for i, n in enumerate(r.get("notes") or [])),
        overrides=tuple(overrides),
    )


def _precedence(routes: Tuple[Route, ...], where: str) -> Tuple[Route, ...]:
    """The routes in the order the engine tries them: a route comes before
    every route it ``overrides``; otherwise the file's order is kept."""
    ids = {rt.id for rt in routes}
    beaten: Dict[str, List[str]] = {rt.id: [] for rt in routes}  # id -> routes that override it
    for rt in routes:
        for other in rt.overrides:
            if other not in ids:
                raise ProtocolError(f"{where}: route {rt.id} overrides unknown route {other!r}")
            if other == rt.id:
                raise ProtocolError(f"{where}: route {rt.id} overrides itself")
            beaten[other].append(rt.id)
    placed: List[Route] = []
    done: set = set()
    while len(placed) < len(routes):
        ready = next((rt for rt in routes if rt.id not in done and all(b in done for b in beaten[rt.id])), None)
        if ready is None:
            cycle = sorted(rt.id for rt in routes if rt.id not in done)
            raise ProtocolError(f"{where}: the overrides among {', '.join(cycle)} go round in a circle")
        placed.append(ready)
        done.add(ready.id)
    return tuple(placed)


def _area(folder: Path, global_fields: Mapping[str, FieldDef]) -> Tuple[Area, int]:
    area_path = folder / "area.yml"
    where = _rel(area_path)
    r = _keys(
        _read(area_path),
        where,
        ("area", "name", "hub", "documents", "levels", "services", "contacts", "urgent", "questions"),
        ("hub_full_name", "fields", "notes", "advice", "aliases", "order"),
    )
    area_id = str(r["area"])
    aliases = r.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ProtocolError(f"{where}: aliases must be a list of names")
    order = r.get("order", 1000)
    if not isinstance(order, int) or isinstance(order, bool):
        raise ProtocolError(f"{where}: order must be a whole number")
    local_fields = {}
    for name, raw in (r.get("fields") or {}).items():
        if name in global_fields:
            raise ProtocolError(f"{where}: local field {name} clashes with a shared field")
        local_fields[name] = _field(name, raw, f"{where}: fields.{name}", area=area_id)
    levels = []
    for i, lv in enumerate(r["levels"] or []):
        lw = f"{where}: levels[{i}]"
        lv = _keys(lv, lw, ("number", "name", "source"), ("description",))
        levels.append(Level(lv["number"], str(lv["name"]), _source(lv["source"], lw), lv.get("description")))
    services = {}
    for code, sv in (r["services"] or {}).items():
        sw = f"{where}: services.{code}"
        sv = _keys(sv, sw, ("label", "level"), ("source", "note"))
        services[str(code)] = Service(str(code), str(sv["label"]), sv["level"], _source(sv.get("source"), sw, False), sv.get("note"))
    contacts = {}
    for cid, c in (r["contacts"] or {}).items():
        cw = f"{where}: contacts.{cid}"
        c = _keys(c, cw, ("name", "kind", "value", "use", "source"), ("note",))
        if c["kind"] not in CONTACT_KINDS:
            raise ProtocolError(f"{cw}: kind must be one of {', '.join(CONTACT_KINDS)}")
        contacts[str(cid)] = Contact(
            str(cid), str(c["name"]), c["kind"], None if c["value"] is None else str(c["value"]),
            str(c["use"]), _source(c["source"], cw), c.get("note"),
        )
    u = _keys(r["urgent"], f"{where}: urgent", ("text", "contacts", "source"))
    urgent = Urgent(" ".join(str(u["text"]).split()), tuple(u["contacts"]), _source(u["source"], f"{where}: urgent"))
    questions = {}
    for fname, q in (r["questions"] or {}).items():
        qw = f"{where}: questions.{fname}"
        q = _keys(q, qw, ("why", "source"), ("question", "values", "say"))
        questions[str(fname)] = Question(
            str(fname), " ".join(str(q["why"]).split()), _source(q["source"], qw),
            q.get("question"), {str(k): str(v) for k, v in (q.get("values") or {}).items()},
            _say(q.get("say"), qw),
        )

    routes_path = folder / "routes.yml"
    raw_routes = _keys(_read(routes_path), _rel(routes_path), ("routes",))["routes"]
    routes = tuple(
        _route(rt, f"{_rel(routes_path)}: routes[{i}]") for i, rt in enumerate(raw_routes or [])
    )
    ids = [rt.id for rt in routes]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ProtocolError(f"{routes_path}: duplicate route ids {sorted(dupes)}")
    routes = _precedence(routes, _rel(routes_path))
    return Area(
        id=area_id,
        name=str(r["name"]),
        hub=str(r["hub"]),
        hub_full_name=r.get("hub_full_name"),
        documents=tuple(r["documents"]),
        levels=tuple(levels),
        services=services,
        contacts=contacts,
        urgent=urgent,
        questions=questions,
        fields=local_fields,
        routes=routes,
        notes=tuple(_note(n, f"{where}: notes[{i}]") for i, n in enumerate(r.get("notes") or [])),
        advice=tuple(r.get("advice") or ()),
        aliases=tuple(" ".join(a.split()) for a in aliases),
        folder=str(folder),
    ), order


def _check_references(reg: Registry) -> None:
    """Every id a file names must exist; every condition must name a real
    field and an allowed value."""
    for area in reg.areas.values():
        fields = reg.fields

        def check_cond(cond, where):
            for fname, op, value in conditions.operands(cond):
                fd = fields.get(fname)
                if fd is None:
                    raise ProtocolError(f"{where}: condition on unknown field {fname!r}")
                if fd.area not in (None, area.id):
                    raise ProtocolError(f"{where}: field {fname!r} belongs to {fd.area}")
                if fd.type == "enum" and value not in fd.values:
                    raise ProtocolError(
                        f"{where}: {fname} has no value {value!r}; allowed: {', '.join(fd.values)}"
                    )
                if fd.type == "bool" and not isinstance(value, bool):
                    raise ProtocolError(f"{where}: {fname} is true/false, not {value!r}")
                if fd.type == "int" and not isinstance(value, int):
                    raise ProtocolError(f"{where}: {fname} compares with whole numbers, not {value!r}")

        for doc_id in area.documents:
            if doc_id not in reg.documents:
                raise ProtocolError(f"area {area.id}: unknown document {doc_id}")
        for cid in area.urgent.contacts + area.advice:
            if cid not in area.contacts:
                raise ProtocolError(f"area {area.id}: urgent or advice names unknown contact {cid}")
        for code in area.services:
            if code not in fields["current_service"].values and code not in fields["needs_now"].values:
                raise ProtocolError(f"area {area.id}: services.{code} is not a current_service or needs_now code")
        for rt in area.routes:
            where = f"{area.id} route {rt.id}"
            check_cond(rt.when, where)
            for group in (rt.steps, rt.checklist, rt.notes, rt.deadlines, rt.contacts):
                for it in group:
                    check_cond(it.when, where)
            for c in rt.contacts:
                if c.id not in area.contacts:
                    raise ProtocolError(f"{where}: unknown contact {c.id}; known: {', '.join(area.contacts)}")
            for d in rt.deadlines:
                fd = fields.get(d.anchor)
                if fd is None or fd.type != "date":
                    raise ProtocolError(f"{where}: deadline `from` must be a date field, not {d.anchor!r}")
            for fname in rt.when.fields:
                if fname not in area.questions and fname != "immediate_risk":
                    raise ProtocolError(
                        f"{where}: route depends on {fname!r} but area.yml questions has no `why` for it"
                    )


def protocol_roots(protocols_dir: Optional[str] = None, extra_dirs: Iterable[str] = ()) -> Tuple[Path, ...]:
    """The folders whose area folders are loaded: the package's own (or
    ``protocols_dir``), then ``extra_dirs``, then those in STEPWISE_PROTOCOL_DIRS."""
    env = [d for d in os.environ.get(EXTRA_DIRS_ENV, "").split(os.pathsep) if d.strip()]
    roots = [Path(protocols_dir) if protocols_dir else PROTOCOLS_DIR]
    for d in list(extra_dirs) + env:
        p = Path(d)
        if not p.is_dir():
            raise ProtocolError(f"extra protocol folder {d} does not exist")
        if p.resolve() not in [r.resolve() for r in roots]:
            roots.append(p)
    return tuple(roots)


def load(protocols_dir: Optional[str] = None, extra_dirs: Iterable[str] = ()) -> Registry:
    """The registry of every area under the protocol roots (see
    :func:`protocol_roots`); cached per set of roots."""
    return _load(protocol_roots(protocols_dir, extra_dirs))


@lru_cache(maxsize=4)
def _load(roots: Tuple[Path, ...]) -> Registry:
    raw_fields = _keys(_read(FIELDS_FILE), "fields.yml", ("fields",))["fields"]
    global_fields = {name: _field(name, raw, f"fields.yml: {name}") for name, raw in raw_fields.items()}
    if "area" not in global_fields or global_fields["area"].type != "enum":
        raise ProtocolError("fields.yml: the shared `area` field must be an enum")
    documents: Dict[str, Document] = {}
    areas: Dict[str, Area] = {}
    orders: Dict[str, int] = {}
    all_fields: Dict[str, FieldDef] = dict(global_fields)
    folders = [f for base in roots for f in sorted(p for p in base.iterdir() if p.is_dir() and (p / "area.yml").exists())]
    for folder in folders:
        for doc_path in sorted(folder.glob("document-*.yml")):
            doc = _document(doc_path)
            if doc.id in documents:
                raise ProtocolError(f"{doc_path}: duplicate document id {doc.id}")
            documents[doc.id] = doc
        area, order = _area(folder, global_fields)
        if area.id in areas:
            raise ProtocolError(f"{folder}: duplicate area {area.id}")
        if area.id in global_fields["area"].values:
            raise ProtocolError(f"{folder}: area {area.id} clashes with a value fields.yml gives the `area` field")
        orders[area.id] = order
        areas[area.id] = area
        for name, fd in area.fields.items():
            if name in all_fields:
                raise ProtocolError(f"{folder}: local field {name} already declared by {all_fields[name].area}")
            all_fields[name] = fd
    # the `area` field: one value per area found (area.yml `order`, then id),
    # then the values fields.yml itself gives (somewhere else)
    listed = sorted(areas.values(), key=lambda a: (orders[a.id], a.id))
    all_fields["area"] = replace(
        global_fields["area"], values={**{a.id: a.name for a in listed}, **global_fields["area"].values})
    reg = Registry(fields=all_fields, documents=documents, areas=areas)
    _check_references(reg)
    return reg
