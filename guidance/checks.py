"""Faithfulness checks: every quote is verbatim and inside its section, and
every section of every document is accounted for in the coverage map, and
every sentence that obliges or sets a time is cited by a statement or listed as
not encoded with a reason (:func:`obligation_coverage`).

Each ``check_*`` function returns a list of problems (empty when all is well);
the tests assert the lists are empty, and ``python -m guidance check`` prints
them.
"""
from __future__ import annotations

import re
from pathlib import Path
from itertools import combinations
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

from . import conditions, seeds
from .loader import POLICY_DOC, POLICY_FILE, SENTENCE_REASONS, Registry, load_policy
from .model import Area, Condition, Document, FieldDef, Route, Source


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
    norm_all = seeds.normalise(POLICY_FILE.read_text(encoding="utf-8"))
    spans = {}
    for name, body in load_policy().items():
        start = norm_all.find(body)
        spans[name] = (start, start + len(body))
    return spans


def check_policy() -> List[str]:
    """Every policy quote the engine uses is its paragraph of the policy file,
    verbatim, and every paragraph the engine names exists."""
    from . import engine

    problems = []
    text = seeds.normalise(POLICY_FILE.read_text(encoding="utf-8"))
    paragraphs = load_policy()
    for key, src in engine.POLICY.items():
        if src.doc != POLICY_DOC or src.section != key:
            problems.append(f"engine POLICY[{key!r}] is not cited as paragraph {key} of {POLICY_DOC}")
        if seeds.normalise(src.quote) not in text or paragraphs.get(key) != seeds.normalise(src.quote):
            problems.append(f"engine POLICY[{key!r}] is not paragraph {key} of the policy file verbatim")
    used = set(re.findall(r"POLICY\[[\"']([^\"']+)[\"']\]", Path(engine.__file__).read_text(encoding="utf-8")))
    for key in sorted(used - set(paragraphs)):
        problems.append(f"engine cites policy paragraph {key!r}, which the policy file does not have")
    return problems


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


def coverage(reg: Registry, with_sentences: bool = True) -> List[dict]:
    """Per document: each section, its status, and the routes (or area parts)
    that cite it; and (key ``obligations``) the sentence-level map of
    :func:`obligation_coverage`."""
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
    if with_sentences:
        for d, ob in zip(out, obligation_coverage(reg)):
            d["obligations"] = {"counts": ob["counts"], "sentences": ob["sentences"]}
    return out


_NUMBERED = re.compile(r"^\s*(?:[#*\s]*)(\d+(?:\.\d+)*)[.)]?\s+\**[A-Z][^\n]{2,}$", re.M)


def check_coverage(reg: Registry) -> List[str]:
    problems = []
    for doc in coverage(reg, with_sentences=False):
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


# ---------------------------------------------------------------- sentences
#
# The rule for a sentence that obliges or sets a time (docs/protocol-format.md,
# "Obligations at sentence level"):
#
# 1. The seed file is cut into lines (the extraction keeps one paragraph,
#    bullet or heading per line), and each line into sentences after ".", "!"
#    or "?" (and any closing quote, bracket or "**") followed by whitespace and
#    a capital, digit, bracket, quote, bullet or "*". Whitespace is collapsed.
# 2. A sentence obliges or sets a time when it contains one of these words as
#    a whole word: "must"/"Must", "should"/"Should", "shall", "need to",
#    "needs to", "required"/"Required", "require(s)"/"Require(s)", "responsible",
#    "responsibility" (and other "responsib..." words); or a timescale: "within"
#    followed by a number (figures or a word up to thirty), or a number followed
#    by "days", "weeks", "months" or "hours" (with or without "working").
#
# Every such sentence must be cited by a statement the engine can give (a
# route's own passage, a step, a checklist item, a deadline, a note, a
# contact, the urgent reply): a quote of that statement overlaps the sentence
# by at least 20 characters (or the whole sentence, if shorter). Otherwise the
# document lists it under `sentences_not_encoded` with a reason.

_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)"
OBLIGATION = re.compile(
    r"\b(?:[Mm]ust|[Ss]hould|[Ss]hall|needs? to|[Rr]equired|[Rr]equires?|[Rr]esponsib\w+"
    r"|[Ww]ithin\s+" + _NUMBER + r"|" + _NUMBER + r"\s+(?:working\s+)?(?:days?|weeks?|months?|hours?))\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)*]*\s+(?=[A-Z(“\"‘'•·\d*])")
#: Which sources are statements the engine gives (see iter_sources' ``where``).
STATEMENT_KINDS = ("route", "steps", "checklist", "deadlines", "notes", "contacts", "urgent")
_MIN_OVERLAP = 20


def sentences(doc: Document) -> List[Tuple[int, int, str]]:
    """Every sentence of the document: (start, end, text) in the normalised seed."""
    raw = (seeds.seeds_dir() / doc.file).read_text(encoding="utf-8")
    text = seeds.seed_text(doc.file)
    out = []
    pos = 0
    for line in raw.splitlines():
        for part in _SENTENCE_END.split(line):
            s = seeds.normalise(part)
            if not s:
                continue
            at = text.find(s, pos)
            if at < 0:  # cannot happen: the normalised text is the lines joined
                continue
            out.append((at, at + len(s), s))
            pos = at + len(s)
    return out


def obligation_sentences(doc: Document) -> List[Tuple[int, int, str]]:
    """The sentences that oblige or set a time, by the rule above."""
    return [t for t in sentences(doc) if OBLIGATION.search(t[2])]


def _statement_quotes(reg: Registry) -> Dict[str, List[Tuple[int, int, str]]]:
    """Per document: (start, end, "owner where") of every quote of a statement."""
    out: Dict[str, List[Tuple[int, int, str]]] = {}
    for owner, where, s in iter_sources(reg):
        if s.doc not in reg.documents or where.split("[")[0].split(".")[0] not in STATEMENT_KINDS:
            continue
        text = seeds.seed_text(reg.documents[s.doc].file)
        q = seeds.normalise(s.quote)
        at = text.find(q)
        while at >= 0:
            out.setdefault(s.doc, []).append((at, at + len(q), f"{owner} {where}"))
            at = text.find(q, at + 1)
    return out


def obligation_coverage(reg: Registry) -> List[dict]:
    """Per document: each sentence that obliges or sets a time, and either the
    statements that cite it or the reason it is not encoded (or neither: a
    problem that :func:`check_obligations` reports)."""
    quotes = _statement_quotes(reg)
    out = []
    for doc in reg.documents.values():
        spans, _ = section_spans(doc)
        rows = []
        for a, b, s in obligation_sentences(doc):
            need = min(_MIN_OVERLAP, b - a)
            cited = list(dict.fromkeys(w for qa, qb, w in quotes.get(doc.id, []) if min(b, qb) - max(a, qa) >= need))
            gap = next((g for g in doc.sentences_not_encoded if seeds.normalise(g.sentence) in s), None)
            section = next((sid for sid, (lo, hi) in spans.items() if lo <= a < hi), None)
            row = {"section": section, "sentence": s, "cited_by": cited}
            if gap is not None:
                row.update(reason=gap.reason, why=gap.why)
            rows.append(row)
        by_reason: Dict[str, int] = {}
        for r in rows:
            if not r["cited_by"] and r.get("reason"):
                by_reason[r["reason"]] = by_reason.get(r["reason"], 0) + 1
        counts = {
            "sentences": len(rows),
            "cited": sum(bool(r["cited_by"]) for r in rows),
            "not_encoded": sum(by_reason.values()),
            "unaccounted": sum(not r["cited_by"] and not r.get("reason") for r in rows),
            "not_encoded_by_reason": dict(sorted(by_reason.items())),
        }
        out.append({"doc": doc.id, "counts": counts, "sentences": rows})
    return out


def check_obligations(reg: Registry) -> List[str]:
    """Every sentence that obliges or sets a time is cited or listed as not
    encoded; every listed sentence is one such sentence, and is not cited."""
    problems = []
    cov = {c["doc"]: c for c in obligation_coverage(reg)}
    for doc in reg.documents.values():
        rows = cov[doc.id]["sentences"]
        for r in rows:
            if not r["cited_by"] and not r.get("reason"):
                problems.append(f"{doc.id} [{r['section']}]: sentence neither cited nor listed as not encoded: {r['sentence']!r}")
        for g in doc.sentences_not_encoded:
            hits = [r for r in rows if seeds.normalise(g.sentence) in r["sentence"]]
            if not hits:
                problems.append(f"{doc.id}: sentences_not_encoded names no obliging sentence: {g.sentence!r}")
            elif len(hits) > 1 and len({r['sentence'] for r in hits}) > 1:
                problems.append(f"{doc.id}: sentences_not_encoded entry matches {len(hits)} sentences: {g.sentence!r}")
            for r in hits:
                if r["cited_by"]:
                    problems.append(
                        f"{doc.id}: sentence listed as not encoded ({g.reason}) is cited by {r['cited_by']}: {g.sentence!r}")
    return problems


# ---------------------------------------------------------------- deadlines
#
# A deadline is counted from a date field; its quote must name that start, or
# the deadline carries an `anchor_gap` that says the document does not. The
# words that name each start:
ANCHOR_WORDS = {
    "request_date": ("request", "referral"),
    "strategy_meeting_date": ("strategy",),
    "conference_date": ("conference",),
    "plan_discharged_date": ("discharged", "ceasing", "step down from a child protection plan"),
    "final_meeting_date": ("final meeting",),
    "plan_shared_date": ("being shared with the family",),
    "allocations_list_date": ("allocations list",),
    "review_meeting_date": ("meeting",),
    "assessment_start_date": ("swa", "assessment"),
}
#: Words with which a note would assert which reading of a deadline is safer.
_SAFER = re.compile(r"\b(safer|safest|earlier reading|later reading)\b", re.I)


def check_deadline_anchors(reg: Registry) -> List[str]:
    problems = []
    for area in reg.areas.values():
        for r in area.routes:
            for i, d in enumerate(r.deadlines):
                words = ANCHOR_WORDS.get(d.anchor)
                if words is None:
                    problems.append(f"{r.id} deadlines[{i}]: no words known for the start {d.anchor!r}")
                    continue
                q = d.source.quote.lower()
                if d.anchor_gap is None and not any(w in q for w in words):
                    problems.append(
                        f"{r.id} deadlines[{i}] ({d.text}): the quote does not name its start ({d.anchor}) "
                        "and the deadline carries no anchor_gap")
    return problems


def check_no_asserted_safer_reading(reg: Registry) -> List[str]:
    """Which date is the safer one depends on the deadline's direction, so
    the engine computes it (engine._deadline); no note may assert it."""
    problems = []
    for area in reg.areas.values():
        for r in area.routes:
            texts = [("summary", r.summary)] + [(f"notes[{i}]", n.text) for i, n in enumerate(r.notes)]
            texts += [(f"steps[{i}]", it.text) for i, it in enumerate(r.steps)]
            texts += [(f"deadlines[{i}]", (d.text + " " + (d.anchor_gap or ""))) for i, d in enumerate(r.deadlines)]
            for where, t in texts:
                if _SAFER.search(t):
                    problems.append(f"{r.id} {where}: asserts a safer reading instead of leaving it to the engine: {t!r}")
    return problems


# ---------------------------------------------------------------- precedence
#: Values tried for a whole-number field with no min and max: each number a
#: condition names, and its neighbours.
def _field_values(fd: FieldDef, conds: List[Condition]) -> List[Any]:
    if fd.type == "enum":
        return list(fd.values)
    if fd.type == "bool":
        return [True, False]
    if fd.type == "int":
        if fd.min is not None and fd.max is not None:
            return list(range(int(fd.min), int(fd.max) + 1))
        points = set()
        for c in conds:
            for f, _op, v in c.tests:
                if f == fd.name:
                    for n in (v if isinstance(v, tuple) else (v,)):
                        points.update((n - 1, n, n + 1))
        return sorted(points)
    raise ValueError(f"a route condition on the date field {fd.name} cannot be enumerated")


def overlap(a: Route, b: Route, fields: Mapping[str, FieldDef]) -> Optional[Dict[str, Any]]:
    """Facts that satisfy both routes' conditions, or None if none do.

    Each field's values are enumerated (enum values, true/false, the whole
    numbers in range). A condition is a conjunction of tests on single fields,
    so the facts satisfying both are the product, field by field, of the
    values both accept: the two overlap exactly when no field is left empty."""
    witness: Dict[str, Any] = {}
    for name in dict.fromkeys(a.when.fields + b.when.fields):
        tests = [t for t in a.when.tests + b.when.tests if t[0] == name]
        ok = [v for v in _field_values(fields[name], [a.when, b.when])
              if conditions.evaluate(Condition(tuple(tests)), {name: v})[0] is True]
        if not ok:
            return None
        witness[name] = ok[0]
    return witness


def _beats(area: Area) -> Dict[str, set]:
    """route id -> every route it overrides, directly or through others."""
    direct = {r.id: set(r.overrides) for r in area.routes}
    out = {}
    for rid in direct:
        seen, todo = set(), list(direct[rid])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        out[rid] = seen
    return out


def check_precedence(reg: Registry) -> List[str]:
    """Any two routes of an area that the same facts can both satisfy must be
    ordered on purpose: one names the other in ``overrides:`` (directly or
    through a chain), so which one the engine gives is a decision, not the
    order of the file. An ``overrides:`` between routes that never overlap
    says nothing and is reported too, as is a route no facts can satisfy."""
    problems = []
    for area in reg.areas.values():
        beats = _beats(area)
        for r in area.routes:
            if overlap(r, r, reg.fields) is None:
                problems.append(f"{area.id}: no facts satisfy route {r.id}")
        for a, b in combinations(area.routes, 2):
            both = overlap(a, b, reg.fields)
            ordered = b.id in beats[a.id] or a.id in beats[b.id]
            if both is not None and not ordered:
                problems.append(
                    f"{area.id}: routes {a.id} and {b.id} both hold for {both}, and neither overrides the other "
                    f"(the engine would give {a.id} only because it comes first)")
            direct = b.id in a.overrides or a.id in b.overrides
            if both is None and direct:
                problems.append(f"{area.id}: {a.id} and {b.id} never hold together; the overrides between them says nothing")
    return problems


def check_all(reg: Registry) -> List[str]:
    return (check_quotes(reg) + check_coverage(reg) + check_headings(reg) + check_obligations(reg)
            + check_deadline_anchors(reg) + check_no_asserted_safer_reading(reg) + check_policy()
            + check_precedence(reg))
