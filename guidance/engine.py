"""The decision engine: evaluate an area's encoded protocol for a case.

``decide(case, today)`` returns a frozen :class:`~guidance.decision.Decision`
(``to_dict()`` is the JSON-ready dict of ``docs/bot-messages.md``): the
route, ordered steps, contacts, checklist, dated deadlines, notes and
warnings, every item with its source, and the facts still missing that would
change the answer, in the order to ask them.

Pure Python: no Rasa, no spaCy, no I/O after the protocols are loaded.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from . import calendar, conditions, render
from .case import CaseError, validate_case
from .decision import Decision, Status
from .loader import POLICY_DOC, Registry, load, load_policy
from .model import Area, Condition, Contact, Deadline, FieldDef, Note, Route, Source

# How far up the continuum each service sits, to tell a step up from a step
# down when the person has not said which. Areas label these differently
# (see each area's `services:`); the order is the same everywhere.
SERVICE_RANK = {
    "universal": 1, "single_agency": 2, "early_help": 3, "social_work_assessment": 4,
    "child_in_need": 4, "child_protection": 5, "looked_after": 6,
}
NEEDS_RANK = {
    "universal": 1, "single_agency_support": 2, "early_help": 3, "social_care": 4, "child_protection": 5,
}

POLICY_TITLE = "Stepwise safety policy (not a local protocol)"
#: Stepwise's own safety policy, one Source per named paragraph of
#: guidance/policy/safety-policy.md (read by the loader; quoted whole).
POLICY = {name: Source(POLICY_DOC, name, text) for name, text in load_policy().items()}
EMERGENCY_CONTACT = {
    "id": "emergency_999", "name": "Emergency services (police or ambulance)", "kind": "phone", "value": render.EMERGENCY_NUMBER,
    "use": "If a child is in immediate danger", "area": None,
}


class Engine:
    def __init__(self, registry: Optional[Registry] = None):
        self.reg = registry or load()

    # ------------------------------------------------------------------ helpers
    def _src(self, s: Optional[Source]) -> Optional[dict]:
        if s is None:
            return None
        if s.doc == POLICY_DOC:
            return {"doc": s.doc, "doc_title": POLICY_TITLE, "section": s.section, "section_title": s.section, "quote": s.quote}
        doc = self.reg.documents[s.doc]
        sec = doc.section(s.section)
        return {
            "doc": s.doc, "doc_title": doc.title, "file": doc.file, "section": s.section,
            "section_title": sec.title if sec else s.section, "quote": s.quote,
        }

    def _contact(self, c: Contact, area: Area, prefix: str = "") -> dict:
        return {
            "id": c.id, "name": prefix + c.name, "kind": c.kind, "value": c.value, "use": c.use,
            "note": c.note, "area": area.id, "source": self._src(c.source),
        }

    def _emergency(self) -> dict:
        return dict(EMERGENCY_CONTACT, source=self._src(POLICY["emergency"]))

    def _emergency_step(self) -> dict:
        """The first step of every urgent answer, in render's words, with the policy's quote."""
        return {"text": render.CALL_999_NOW, "source": self._src(POLICY["emergency"])}

    def _field(self, name: str) -> FieldDef:
        return self.reg.fields[name]

    def covered_names(self) -> str:
        """'Wirral, Herefordshire, Stockport and Halton': the areas the loader
        found, in the order the `area` question offers them."""
        names = [label for code, label in self._field("area").values.items() if code in self.reg.areas]
        return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)

    # ------------------------------------------------------------------ facts
    @staticmethod
    def derive(facts: Dict[str, Any]) -> Dict[str, Any]:
        """Facts that follow from others: a step up or down from the current
        service and what the needs now call for; a child whose age in years
        is given is not an unborn baby (so the pregnancy is never asked about
        a child already born)."""
        out = dict(facts)
        if "unborn" not in out and out.get("child_age") is not None:
            out["unborn"] = False
        if "direction" not in out and "current_service" in out and "needs_now" in out:
            cur, need = SERVICE_RANK[out["current_service"]], NEEDS_RANK[out["needs_now"]]
            if need > cur:
                out["direction"] = "step_up"
            elif need < cur:
                out["direction"] = "step_down"
        return out

    def _route_walk(self, area: Area, facts: Mapping[str, Any]) -> Tuple[Optional[Route], List[Route], List[str]]:
        """(chosen route or None, still-possible earlier routes, unknown fields)."""
        undecided: List[Route] = []
        unknown: List[str] = []
        for route in area.routes:
            result, unk = conditions.evaluate(route.when, facts)
            if result is False:
                continue
            if result is True:
                return route, undecided, unknown
            undecided.append(route)
            unknown.extend(f for f in unk if f not in unknown)
        return None, undecided, unknown

    def _options(self, area: Area, facts: Mapping[str, Any], fd: FieldDef, candidates: List[Route]) -> List[dict]:
        """The answers to a question that still lead somewhere."""
        labels = dict(fd.values)
        q = area.questions.get(fd.name)
        if q and q.values:
            labels.update(q.values)
        if fd.type == "enum":
            values: List[Any] = list(fd.values)
        elif fd.type == "bool":
            values = [True, False]
        else:
            return []
        out = []
        # If immediate risk is still unknown, offer the answers that lead
        # somewhere when it is not: an urgent case goes to the urgent route
        # whatever the other answers are.
        base = facts if "immediate_risk" in facts or fd.name == "immediate_risk" else {**facts, "immediate_risk": False}
        for v in values:
            trial = self.derive({**base, fd.name: v})
            if any(conditions.evaluate(r.when, trial)[0] is not False for r in candidates):
                label = labels.get(v) if fd.type == "enum" else ("Yes" if v else "No")
                out.append({"value": v, "label": label})
        return out

    def _all_options(self, area: Area, fd: FieldDef) -> List[dict]:
        """Every answer to a question, in the area's words: a question never
        names a choice it does not offer (an answer that leads to no route is
        answered with what would lead to one)."""
        if fd.type == "bool":
            return [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}]
        if fd.type != "enum":
            return []
        labels = dict(fd.values)
        q = area.questions.get(fd.name)
        if q and q.values:
            labels.update(q.values)
        return [{"value": v, "label": labels.get(v, v)} for v in fd.values]

    def question_item(self, name: str, facts: Mapping[str, Any]) -> Optional[dict]:
        """The question for one fact as ``Decision.missing`` words it (the area's own wording
        and answers), whether or not the decision waits for it; None for no field. A date is
        never among the missing facts, but asked for when a person offers it (the start of a
        deadline the answer could not date)."""
        if name not in self.reg.fields:
            return None
        fd = self._field(name)
        if fd.type == "date":
            q = f"{fd.question} You can say it in words (\u201clast Thursday\u201d, \u201con the 9th\u201d) or as a date."
            return {"field": name, "question": q, "type": "date", "options": [], "say": q, "source": None,
                    "why": f"A deadline in the answer is counted from {fd.label or name}: with its date, the "
                           "answer gives the date it is due."}
        items = self._missing(self.reg.areas.get(facts.get("area") or ""), facts, [name], [])
        return items[0] if items else None

    def _missing(self, area: Optional[Area], facts: Mapping[str, Any], names: Iterable[str], candidates: List[Route]) -> List[dict]:
        out = []
        for name in sorted(set(names), key=lambda n: (self._field(n).order, n)):
            fd = self._field(name)
            if fd.type == "date":
                continue  # dates are anchors for deadlines, never asked
            item = {"field": name, "question": fd.question, "type": fd.type, "options": [], "why": None, "source": None,
                    "say": fd.say}
            if area is not None:
                q = area.questions.get(name)
                if q:
                    item["question"] = q.question or fd.question
                    item["say"] = q.say or fd.say
                    item["why"] = q.why
                    item["source"] = self._src(q.source)
                item["options"] = self._all_options(area, fd)
            if name == "immediate_risk" and item["why"] is None:
                item["why"] = "A child in immediate danger needs the urgent route before anything else."
                item["source"] = self._src(POLICY["urgent-first"])
            if name == "area":
                item["why"] = "Each area has its own procedure, contacts and level scale; Stepwise never applies one area's procedure to another."
                item["source"] = self._src(POLICY["covered"])
                item["options"] = [{"value": k, "label": v} for k, v in fd.values.items()]
            if fd.type == "bool" and not item["options"]:
                item["options"] = [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}]
            out.append(item)
        return out

    def _deadline(self, d: Deadline, facts: Mapping[str, Any], today: dt.date) -> dict:
        fd = self._field(d.anchor)
        label = fd.label or d.anchor
        anchor = facts.get(d.anchor)
        assumed = False
        if anchor is None and d.anchor == "request_date" and d.anchor_gap is None:
            anchor, assumed = today, True
        span = calendar.describe(d.amount, d.unit)
        rel = "before" if d.direction == "before" else "from" if d.unit == "working_days" else "after"
        out = {
            "text": d.text, "amount": d.amount, "unit": d.unit, "anchor": d.anchor, "direction": d.direction,
            "anchor_date": None, "due": None, "source": self._src(d.source), "note": d.anchor_gap,
        }
        if d.anchor_gap is not None:
            # the document names no start (or one Stepwise holds no date for):
            # never taken as today; counted only from a date the person gives
            label = "the date it starts from (not stated)"
        if anchor is None:
            out["basis"] = f"{span} {rel} {label} (give the date of {label} for a due date)" if d.anchor_gap is None \
                else f"{span}; the document does not state from when (give the date it starts from for a due date)"
            return out
        due = calendar.shift(anchor, d.amount, d.unit, d.direction)
        out["anchor_date"] = anchor.isoformat()
        taken = " (taken as today)" if assumed else ""
        if d.anchor_gap is not None:
            label = "the date you gave (the document does not state the start)"
        out["basis"] = f"{span} {rel} {label}{taken} on {calendar.format_date(anchor)}"
        if assumed:
            out["assumed_today"] = True  # a request made earlier starts it earlier: said with the date
        if d.unit == "days_unspecified":
            # the safer reading is the EARLIER date, and which count gives it
            # depends on the direction: calendar days after an event, working
            # days before one; computed, and shown first
            cal = calendar.shift(anchor, d.amount, "days", d.direction)
            work = calendar.shift(anchor, d.amount, "working_days", d.direction)
            due = min(cal, work)
            if cal == work:
                tail = f"Counted in calendar or working days it is the same date, {calendar.format_date(due)}."
            else:
                first, other, other_date = ("calendar", "working", work) if due == cal else ("working", "calendar", cal)
                tail = (f"Stepwise shows the earlier date, {calendar.format_date(due)} (counted in {first} days), "
                        f"so that it is not missed; counted in {other} days it would be "
                        f"{calendar.format_date(other_date)}.")
            out["note"] = f"The document says {d.amount} days without saying working or calendar days. {tail}"
        out["due"] = due.isoformat()
        return out

    def _staleness(self, doc_ids: Iterable[str], today: dt.date) -> List[dict]:
        out = []
        for doc_id in doc_ids:
            doc = self.reg.documents.get(doc_id)
            if doc is None or not doc.review_date:
                continue
            review = dt.date.fromisoformat(doc.review_date)
            if today > review:
                months = (today.year - review.year) * 12 + today.month - review.month
                out.append({
                    "kind": "warning",
                    "text": (
                        f"{doc.title} was due for review in {review.strftime('%B %Y')}; on "
                        f"{calendar.format_date(today)} it is {months} months past its review date. "
                        "Check with the service that it is still the current procedure."
                    ),
                    "source": self._src(doc.review_source),
                })
        return out

    @staticmethod
    def _applies(cond: Condition, facts: Mapping[str, Any], pending: List[str]) -> bool:
        result, unk = conditions.evaluate(cond, facts)
        if result is None:
            pending.extend(f for f in unk if f not in pending)
        return result is True

    def _levels(self, area: Area, facts: Mapping[str, Any]) -> dict:
        """The case's services in the area's own words and level numbers."""
        out = {}
        for name in ("current_service", "needs_now"):
            code = facts.get(name)
            sv = area.services.get(code) if code else None
            if sv is not None:
                out[name] = {"code": code, "label": sv.label, "level": sv.level, "note": sv.note,
                             "source": self._src(sv.source)}
        return out

    def _scale(self, area: Area) -> List[dict]:
        """The area's own levels of need scale (Halton numbers differ)."""
        return [{"number": lv.number, "name": lv.name, "description": lv.description, "source": self._src(lv.source)}
                for lv in area.levels]

    # ------------------------------------------------------------------ decisions
    def _base(self, area: Optional[Area], facts: Mapping[str, Any]) -> dict:
        return {
            "area": facts.get("area"),
            "area_name": area.name if area else None,
            "hub": area.hub if area else None,
            "status": None, "urgent": False, "hub_contact": None, "route": None, "candidate_routes": [],
            "steps": [], "contacts": [], "checklist": [], "deadlines": [], "notes": [], "missing": [],
            "levels": {}, "scale": [], "facts": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()},
            "documents": [], "citations": [],
        }

    def _finish(self, out: dict, today: dt.date) -> dict:
        """Add staleness warnings for the documents used, then the citation
        list (every distinct source, in order) and the documents' metadata."""
        used = dict.fromkeys(s["doc"] for s in self._iter_sources(out) if s["doc"] != POLICY_DOC)
        out["notes"].extend(self._staleness(used, today))
        cites: Dict[Tuple[str, str, str], dict] = {}
        for s in self._iter_sources(out):
            cites.setdefault((s["doc"], s["section"], s["quote"]), s)
        out["citations"] = list(cites.values())
        out["documents"] = [self._doc_meta(d) for d in dict.fromkeys(c["doc"] for c in out["citations"])]
        out["today"] = today.isoformat()
        return out

    def _iter_sources(self, obj):
        if isinstance(obj, dict):
            s = obj.get("source")
            if isinstance(s, dict) and "quote" in s:
                yield s
            for v in obj.values():
                if isinstance(v, (dict, list)):
                    yield from self._iter_sources(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from self._iter_sources(v)

    def _doc_meta(self, doc_id: str) -> dict:
        if doc_id == POLICY_DOC:
            return {"id": POLICY_DOC, "title": POLICY_TITLE, "file": "guidance/policy/safety-policy.md"}
        d = self.reg.documents[doc_id]
        return {
            "id": d.id, "title": d.title, "file": d.file, "publisher": d.publisher, "version": d.version,
            "date": d.date, "review_date": d.review_date, "relation": d.relation,
        }

    def _generic_urgent(self, facts: Mapping[str, Any], today: dt.date) -> dict:
        out = self._base(None, facts)
        out.update(status=Status.URGENT, urgent=True, hub_contact="urgent")
        out["route"] = {
            "id": "urgent", "title": "Urgent: a child may be in immediate danger",
            "summary": f"{render.CALL_999_NOW} {render.THEN_URGENT_CONTACT}.",
            "source": self._src(POLICY["emergency"]),
        }
        out["steps"].append(self._emergency_step())
        out["contacts"].append(self._emergency())
        for area in self.reg.areas.values():
            for cid in area.urgent.contacts:
                out["contacts"].append(self._contact(area.contacts[cid], area, prefix=f"{area.name}: "))
        if facts.get("area") is None:
            out["missing"] = self._missing(None, facts, ["area"], [])
        return self._finish(out, today)

    def _out_of_area(self, facts: Mapping[str, Any], today: dt.date) -> dict:
        out = self._base(None, facts)
        urgent = facts.get("immediate_risk") is True
        out.update(status=Status.URGENT if urgent else Status.OUT_OF_AREA, urgent=urgent)
        out["route"] = {
            "id": "out_of_area", "title": "This area is not covered by Stepwise",
            "summary": f"Stepwise covers only {self.covered_names()}, and never applies one "
                       "area's procedure to another. Contact the children's services front door of the local "
                       "authority where the child lives and follow its own procedure.",
            "source": self._src(POLICY["covered"]),
        }
        out["steps"] = [
            self._emergency_step(),
            {"text": "Contact the children's services front door (children's social care) of the local authority "
                     "where the child lives, and follow that area's own step up / step down procedure.",
             "source": self._src(POLICY["out-of-area"])},
        ]
        out["contacts"] = [self._emergency()]
        return self._finish(out, today)

    def decide_facts(self, facts: Dict[str, Any], today: dt.date) -> dict:
        area_id = facts.get("area")
        if area_id == "out_of_area":
            return self._out_of_area(facts, today)
        if area_id is None:
            if facts.get("immediate_risk") is True:
                return self._generic_urgent(facts, today)
            out = self._base(None, facts)
            out["status"] = Status.NEEDS_FACTS
            names = ["area"] + ([] if "immediate_risk" in facts else ["immediate_risk"])
            out["missing"] = self._missing(None, facts, names, [])
            return self._finish(out, today)
        area = self.reg.areas[area_id]
        facts = self.derive(facts)
        out = self._base(area, facts)
        out["levels"] = self._levels(area, facts)
        out["scale"] = self._scale(area)
        chosen, undecided, unknown = self._route_walk(area, facts)
        pending: List[str] = list(unknown)
        out["candidate_routes"] = [{"id": r.id, "title": r.title} for r in undecided + ([chosen] if chosen else [])]
        if chosen is None and not undecided:
            out["status"] = Status.NOT_FOUND
            out["notes"].append({
                "kind": "warning",
                "text": f"These facts match no route in {area.name}'s procedure. Stepwise does not guess: "
                        "check the answers, or speak to the area's advice contact.",
                "source": self._src(POLICY["no-route"]),
            })
            out["notes"].extend(self._note(n) for n in area.notes if conditions.evaluate(n.when, facts)[0] is True)
            out["contacts"] = [self._contact(area.contacts[c], area) for c in area.urgent.contacts]
            return self._finish(out, today)
        if chosen is not None and not undecided:
            route = chosen
            if facts.get("immediate_risk") is True:
                # the urgent answer never waits on a question: items whose
                # conditions are not yet known are left out, not asked about
                pending = []
            out["route"] = {"id": route.id, "title": route.title, "summary": route.summary, "source": self._src(route.source)}
            out["hub_contact"] = route.hub_contact
            out["steps"] = [{"text": s.text, "source": self._src(s.source)} for s in route.steps if self._applies(s.when, facts, pending)]
            out["checklist"] = [{"text": s.text, "source": self._src(s.source)} for s in route.checklist if self._applies(s.when, facts, pending)]
            out["contacts"] = [self._contact(area.contacts[c.id], area) for c in route.contacts if self._applies(c.when, facts, pending)]
            out["deadlines"] = [self._deadline(d, facts, today) for d in route.deadlines if self._applies(d.when, facts, pending)]
            out["notes"] = [self._note(n) for n in route.notes if self._applies(n.when, facts, pending)]
            out["notes"].extend(self._note(n) for n in area.notes if self._applies(n.when, facts, pending))
            if facts.get("immediate_risk") is True:
                pending = []
                out["urgent"] = True
                out["contacts"].insert(0, self._emergency())
                out["steps"].insert(0, self._emergency_step())
        out["missing"] = self._missing(area, facts, pending, undecided + ([chosen] if chosen else []))
        if out["urgent"]:
            out["status"] = Status.URGENT
        else:
            out["status"] = Status.COMPLETE if out["route"] and not out["missing"] else Status.NEEDS_FACTS
        return self._finish(out, today)

    # ------------------------------------------------------------------ not known
    MAX_BRANCHES = 32

    def decide_with_unknown(self, facts: Dict[str, Any], today: dt.date, unknown: Iterable[str] = ()) -> dict:
        """Decide, treating the facts in ``unknown`` as known to be unknown:
        never asked, and answered with what holds either way.

        If every value of the unknown facts leads to the same answer, that
        answer is given (with a note naming what it did not need). Otherwise
        the status is ``conditional`` and ``branches`` holds one decision per
        value ("If the family is with Family Matters: ..."). Facts still to be
        asked on any branch are returned as ``missing`` first."""
        unknown = [u for u in dict.fromkeys(unknown) if u in self.reg.fields and u not in facts]
        d = self.decide_facts(facts, today)
        if not unknown or d["status"] != Status.NEEDS_FACTS:
            return self._with_unknown(d, unknown)
        leaves: List[Tuple[Dict[str, Any], dict]] = []
        askable: List[dict] = []
        self._branch(facts, today, set(unknown), {}, leaves, askable)
        if askable:  # a fact a branch still needs, and that the person may know
            d["missing"] = list({m["field"]: m for m in askable}.values())
            d["missing"].sort(key=lambda m: (self._field(m["field"]).order, m["field"]))
            return self._with_unknown(d, unknown)
        if not leaves:
            return self._with_unknown(d, unknown)
        first = leaves[0][1]
        if all(self._same_answer(first, leaf) for _, leaf in leaves[1:]):
            out = dict(first)
            out["notes"] = list(first["notes"]) + [{
                "kind": "info",
                "text": "This answer holds whatever the answer to the following is: "
                        + "; ".join(self._field(u).summary or u for u in unknown if any(u in a for a, _ in leaves)) + ".",
                "source": None,
            }]
            out["facts"] = d["facts"]
            return self._with_unknown(out, unknown)
        out = self._base(self.reg.areas.get(facts.get("area") or ""), facts)
        out.update(status=Status.CONDITIONAL, area_name=d["area_name"], hub=d["hub"], levels=d["levels"], scale=d["scale"])
        out["candidate_routes"] = d["candidate_routes"]
        out["facts"] = d["facts"]
        out["branches"] = [{"assume": assume, "assume_text": self._assume_text(facts.get("area"), assume),
                            "decision": leaf} for assume, leaf in leaves]
        out["urgent"] = any(leaf["urgent"] for _, leaf in leaves) and all(leaf["urgent"] for _, leaf in leaves)
        return self._with_unknown(self._finish(out, today), unknown)

    def _branch(self, facts, today, unknown, assume, leaves, askable) -> None:
        d = self.decide_facts({**facts, **assume}, today)
        if d["status"] != Status.NEEDS_FACTS:
            leaves.append((assume, d))
            return
        miss = [m for m in d["missing"] if m["field"] not in assume]
        unk = [m for m in miss if m["field"] in unknown]
        known = [m for m in miss if m["field"] not in unknown]
        if not unk or len(leaves) >= self.MAX_BRANCHES:
            # facts the person may know are asked only once every unknown
            # fact they hang on has been branched over
            askable.extend(known)
            if not known:
                leaves.append((assume, d))
            return
        m = unk[0]
        fd = self._field(m["field"])
        area = self.reg.areas.get(facts.get("area") or "")
        options = [o["value"] for o in (self._options(area, {**facts, **assume}, fd, [self._route(area, r["id"]) for r in d["candidate_routes"]])
                                        if area else [])]
        if not options:
            leaves.append((assume, d))
            return
        for v in options:
            self._branch(facts, today, unknown, {**assume, m["field"]: v}, leaves, askable)

    @staticmethod
    def _route(area: Area, route_id: str) -> Route:
        return next(r for r in area.routes if r.id == route_id)

    @staticmethod
    def _same_answer(a: dict, b: dict) -> bool:
        def key(d):
            return (d["status"], (d.get("route") or {}).get("id"), d.get("hub_contact"),
                    tuple(x["text"] for x in d["steps"]), tuple(c["id"] for c in d["contacts"]),
                    tuple(x["text"] for x in d["checklist"]), tuple((x["text"], x.get("due")) for x in d["deadlines"]))
        return key(a) == key(b)

    def _assume_text(self, area_id: Optional[str], assume: Mapping[str, Any]) -> str:
        area = self.reg.areas.get(area_id or "")
        parts = []
        for name, v in assume.items():
            fd = self._field(name)
            label = fd.summary or name
            if fd.type == "bool":
                parts.append(f"{label}: {'Yes' if v else 'No'}")
            elif fd.type == "enum":
                opts = {o["value"]: o["label"] for o in (self._all_options(area, fd) if area else [])}
                parts.append(f"{label}: {opts.get(v) or fd.values.get(v, v)}")
            else:
                parts.append(f"{label}: {v}")
        return "; ".join(parts)

    def _with_unknown(self, d: dict, unknown: List[str]) -> dict:
        d = dict(d)
        d["unknown"] = list(unknown)
        if unknown and d.get("missing"):
            d["missing"] = [m for m in d["missing"] if m["field"] not in unknown]
        return d

    def fact_labels(self, facts: Mapping[str, Any]) -> List[dict]:
        """The facts as a person would read them back, in question order."""
        area = self.reg.areas.get(facts.get("area") or "")
        out = []
        for name in sorted(facts, key=lambda n: (self._field(n).order, n)):
            fd, v = self._field(name), facts[name]
            if fd.type == "bool":
                label = "Yes" if v else "No"
            elif fd.type == "enum":
                opts = {o["value"]: o["label"] for o in (self._all_options(area, fd) if area else [])}
                label = opts.get(v) or fd.values.get(v, str(v))
            elif isinstance(v, dt.date):
                label = calendar.format_date(v)
            else:
                label = str(v)
            out.append({"field": name, "summary": fd.summary or fd.label or name, "value": v if not isinstance(v, dt.date) else v.isoformat(), "label": label})
        return out

    # ------------------------------------------------------------------ no route
    def alternatives(self, facts: Mapping[str, Any], today: dt.date, limit: int = 6) -> List[dict]:
        """For a case that matches no route: each single answer that, if it
        were different, would lead to a route (the answer, the other value and
        the route it would lead to)."""
        area = self.reg.areas.get(facts.get("area") or "")
        if area is None:
            return []
        out = []
        for name in sorted(facts, key=lambda n: (self._field(n).order, n)):
            fd = self._field(name)
            if name in ("area", "immediate_risk") or fd.type not in ("enum", "bool"):
                continue
            for opt in self._all_options(area, fd):
                if opt["value"] == facts[name]:
                    continue
                d = self.decide_facts({**facts, name: opt["value"]}, today)
                if d["status"] == Status.NOT_FOUND:
                    continue
                titles = [r["title"] for r in d["candidate_routes"]]
                route = (d.get("route") or {}).get("title") or (titles[0] if len(titles) == 1 else None)
                out.append({"field": name, "summary": fd.summary or name, "value": opt["value"], "label": opt["label"],
                            "route": route})
                if len(out) >= limit:
                    return out
        return out

    def _note(self, n: Note) -> dict:
        return {"kind": n.kind, "text": n.text, "source": self._src(n.source)}

    def decide(self, case: Mapping[str, Any], today: dt.date, unknown: Iterable[str] = ()) -> Decision:
        facts = validate_case(case, self.reg)
        unknown = list(unknown)
        for name in unknown:
            if name not in self.reg.fields:
                raise CaseError(str(name), "is not a known field", sorted(self.reg.fields))
        d = self.decide_with_unknown(facts, today, unknown) if unknown else self.decide_facts(facts, today)
        if d["status"] == Status.NOT_FOUND:
            d["used"] = self.fact_labels(facts)
            d["alternatives"] = self.alternatives(facts, today)
        return Decision.from_dict(d)

    def compare(self, case: Mapping[str, Any], today: dt.date) -> dict:
        facts = validate_case({k: v for k, v in case.items() if k != "area"}, self.reg)
        rows = []
        for area_id, area in self.reg.areas.items():
            local = {k: v for k, v in facts.items() if self.reg.fields[k].area in (None, area_id)}
            d = self.decide_facts({**local, "area": area_id}, today)
            rows.append({
                "area": area_id, "area_name": area.name, "hub": area.hub, "status": d["status"].value,
                "route": d["route"], "hub_contact": d["hub_contact"], "levels": d["levels"],
                "contacts": d["contacts"], "deadlines": d["deadlines"],
                "missing": [m["field"] for m in d["missing"]],
                "warnings": [n for n in d["notes"] if n["kind"] == "warning"],
            })
        return {"facts": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()},
                "today": today.isoformat(), "areas": rows,
                "note": "Each area's answer uses only that area's own procedure."}


_default: Optional[Engine] = None


def engine() -> Engine:
    global _default
    if _default is None:
        _default = Engine()
    return _default


def decide(case: Mapping[str, Any], today: dt.date) -> Decision:
    return engine().decide(case, today)


def compare(case: Mapping[str, Any], today: dt.date) -> dict:
    return engine().compare(case, today)
