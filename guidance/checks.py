"""Faithfulness checks: every quote is verbatim and inside its section, and
every section of every document is accounted for in the coverage map.

Each ``check_*`` function returns a list of problems (empty when all is well);
the tests assert the lists are empty, and ``python -m guidance check`` prints
them.
"""
from __future__ import annotations

import re
from typing import Dict, Iterator, List, Tuple

from . import seeds
from .loader import POLICY_DOC, POLICY_FILE, Registry
from .model import Area, Document, Source


def iter_sources(reg: Registry) -> Iterator[Tuple[str, str, Source]]:
    """(owner, where, source) for every source in the protocols. ``owner`` is
    the route id for route items, else a label such as ``area:stockport``."""
    for doc in reg.documents.values():
        for n in doc.notes:
            if n.source:
                yield f"document:{doc.id}", "notes", n.source
        if doc.review_source:
            yield f"document:{doc.id}", "review_source", doc.review_source
    for area in reg.areas.values():
        yield from _area_sources(area)


def _area_sources(area: Area) -> Iterator[Tuple[str, str, Source]]:
    owner = f"area:{area.id}"
    for lv in area.levels:
        yield owner, f"levels.{lv.number}", lv.source
    for sv in area.services.values():
        if sv.source:
            yield owner, f"services.{sv.code}", sv.source
    for c in area.contacts.values():
        yield owner, f"contacts.{c.id}", c.source
    yield owner, "urgent", area.urgent.source
    for q in area.questions.values():
        yield owner, f"questions.{q.field}", q.source
    for n in area.notes:
        if n.source:
            yield owner, "notes", n.source
    for r in area.routes:
        yield r.id, "route", r.source
        for group, items in (("steps", r.steps), ("checklist", r.checklist), ("deadlines", r.deadlines), ("notes", r.notes)):
            for i, it in enumerate(items):
                if it.source:
                    yield r.id, f"{group}[{i}]", it.source


def _policy_sections() -> Dict[str, Tuple[int, int]]:
    text = POLICY_FILE.read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+)\s*$", text, flags=re.M)
    spans = {}
    # parts: [preamble, name1, body1, name2, body2, ...]
    norm_all = seeds.normalise(text)
    for name, body in zip(parts[1::2], parts[2::2]):
        b = seeds.normalise(body)
        start = norm_all.find(b)
        spans[name] = (start, start + len(b))
    return spans


def section_spans(doc: Document) -> Tuple[Dict[str, Tuple[int, int]], List[str]]:
    """Where each section lies in the normalised seed text. Each ``start`` is
    searched after the previous one, so a table of contents that repeats the
    headings earlier in the text does not confuse it."""
    text = seeds.seed_text(doc.file)
    problems = []
    starts: List[Tuple[str, int]] = []
    pos = 0
    for sec in doc.sections:
        at = text.find(seeds.normalise(sec.start), pos)
        if at < 0:
            problems.append(f"{doc.id}: section {sec.id}: start {sec.start!r} not found after position {pos}")
            continue
        starts.append((sec.id, at))
        pos = at + 1
    spans = {}
    for i, (sid, at) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        spans[sid] = (at, end)
    if starts:
        head = text[: starts[0][1]].strip()
        if len(head) > 400:
            problems.append(f"{doc.id}: {len(head)} characters before the first section are not mapped")
    return spans, problems


def check_quotes(reg: Registry) -> List[str]:
    problems: List[str] = []
    spans: Dict[str, Dict[str, Tuple[int, int]]] = {POLICY_DOC: _policy_sections()}
    policy_text = seeds.normalise(POLICY_FILE.read_text(encoding="utf-8"))
    for doc in reg.documents.values():
        spans[doc.id], p = section_spans(doc)
        problems.extend(p)
    for owner, where, s in iter_sources(reg):
        label = f"{owner} {where}"
        if s.doc == POLICY_DOC:
            text = policy_text
        elif s.doc in reg.documents:
            text = seeds.seed_text(reg.documents[s.doc].file)
        else:
            problems.append(f"{label}: unknown document {s.doc!r}")
            continue
        span = spans[s.doc].get(s.section)
        if span is None:
            problems.append(f"{label}: document {s.doc} has no section {s.section!r}")
            continue
        q = seeds.normalise(s.quote)
        at = text.find(q)
        if at < 0:
            problems.append(f"{label}: quote not found verbatim in {s.doc}: {s.quote!r}")
            continue
        inside = False
        while at >= 0:
            if span[0] <= at and at + len(q) <= span[1]:
                inside = True
                break
            at = text.find(q, at + 1)
        if not inside:
            problems.append(f"{label}: quote is not inside section {s.section} of {s.doc}: {s.quote!r}")
    return problems


def coverage(reg: Registry) -> List[dict]:
    """Per document: each section, its status, and the routes (or area parts)
    that cite it."""
    cited: Dict[Tuple[str, str], List[str]] = {}
    for owner, _where, s in iter_sources(reg):
        users = cited.setdefault((s.doc, s.section), [])
        if owner not in users:
            users.append(owner)
    out = []
    for doc in reg.documents.values():
        rows = []
        for sec in doc.sections:
            rows.append({
                "id": sec.id, "title": sec.title, "status": sec.status, "reason": sec.reason,
                "cited_by": cited.get((doc.id, sec.id), []),
            })
        counts = {
            "sections": len(rows),
            "encoded": sum(r["status"] == "encoded" for r in rows),
            "not_encoded": sum(r["status"] == "not_encoded" for r in rows),
        }
        out.append({"doc": doc.id, "title": doc.title, "file": doc.file, "counts": counts, "sections": rows})
    return out


_NUMBERED = re.compile(r"^\s*(?:[#*\s]*)(\d+(?:\.\d+)*)[.)]?\s+\**[A-Z][^\n]{2,}$", re.M)


def check_coverage(reg: Registry) -> List[str]:
    problems = []
    for doc in coverage(reg):
        for row in doc["sections"]:
            if row["status"] == "encoded" and not row["cited_by"]:
                problems.append(f"{doc['doc']}: section {row['id']} is marked encoded but nothing cites it")
            if row["status"] == "not_encoded" and row["cited_by"]:
                problems.append(
                    f"{doc['doc']}: section {row['id']} is marked not_encoded but is cited by {row['cited_by']}"
                )
    for owner, where, s in iter_sources(reg):
        if s.doc in reg.documents and reg.documents[s.doc].section(s.section) is None:
            problems.append(f"{owner} {where}: section {s.section!r} is not in {s.doc}'s map")
    return problems


def check_headings(reg: Registry) -> List[str]:
    """Numbered headings in the seed text (``2.1 Step Up ...``) must each
    begin a mapped section, so no section of a document is left out. Long
    numbered lines are body paragraphs (Halton numbers its paragraphs), not
    headings, and are skipped."""
    problems = []
    for doc in reg.documents.values():
        raw = (seeds.seeds_dir() / doc.file).read_text(encoding="utf-8")
        spans, _ = section_spans(doc)
        starts = sorted(a for a, _ in spans.values())
        if not starts:
            continue
        text = seeds.seed_text(doc.file)
        for m in _NUMBERED.finditer(raw):
            if "\t" in m.group(0):
                continue  # a row of a tab-separated table (contents, version log)
            heading = seeds.normalise(m.group(0))
            if len(heading) >= 120:
                continue
            places = []
            at = text.find(heading, starts[0])
            while at >= 0:
                places.append(at)
                at = text.find(heading, at + 1)
            # a table-of-contents line (before the first section, or inside a
            # section mapped as the contents list) is not a heading of the body
            places = [a for a in places if not any(
                lo <= a < hi for sid, (lo, hi) in spans.items() if "contents" in sid.lower())]
            if not places:
                continue
            # a contents list repeats the headings: one occurrence must begin a section
            if not any(abs(at - s) <= len(heading) for at in places for s in starts):
                problems.append(f"{doc.id}: heading {heading!r} does not begin a mapped section")
    return problems
