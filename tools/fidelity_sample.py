"""List N random quoted statements with their passage, for a side-by-side
reading (does the statement say what its passage says?).

    .venv/bin/python tools/fidelity_sample.py --n 100 --seed 13 [--exclude-routes-from FILE]

Seeded and reproducible: the same protocols, seed and N give the same sample.
Each statement is printed with an id (owner + place), its text as the engine
gives it, its quote, and the passage: the whole sentence(s) of the seed text
the quote lies in. Verdicts go in docs/fidelity-review.md.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guidance import checks, seeds  # noqa: E402
from guidance.loader import POLICY_DOC, load  # noqa: E402


def statements(reg):
    """(id, text, source) for every quoted statement, in a stable order."""
    out = []
    for area in reg.areas.values():
        for lv in area.levels:
            out.append((f"area:{area.id} levels.{lv.number}", f"Level {lv.number}: {lv.name}", lv.source))
        for sv in area.services.values():
            if sv.source:
                out.append((f"area:{area.id} services.{sv.code}", f"{sv.label} (level {sv.level})", sv.source))
        for c in area.contacts.values():
            out.append((f"area:{area.id} contacts.{c.id}", f"{c.name} [{c.kind}: {c.value}] - {c.use}", c.source))
        out.append((f"area:{area.id} urgent", area.urgent.text, area.urgent.source))
        for q in area.questions.values():
            out.append((f"area:{area.id} questions.{q.field}", q.why, q.source))
        for n in area.notes:
            if n.source:
                out.append((f"area:{area.id} notes", n.text, n.source))
        for r in area.routes:
            out.append((f"{r.id} route", r.summary, r.source))
            for g in ("steps", "checklist", "notes"):
                for i, it in enumerate(getattr(r, g)):
                    if it.source:
                        out.append((f"{r.id} {g}[{i}]", " ".join(it.text.split()), it.source))
            for i, d in enumerate(r.deadlines):
                t = f"{d.text} = {d.amount} {d.unit} {d.direction} {d.anchor}"
                if d.anchor_gap:
                    t += f" [start not stated: {d.anchor_gap}]"
                out.append((f"{r.id} deadlines[{i}]", t, d.source))
    return [s for s in out if s[2].doc != POLICY_DOC]


def passage(reg, src) -> str:
    doc = reg.documents[src.doc]
    text = seeds.seed_text(doc.file)
    q = seeds.normalise(src.quote)
    at = text.find(q)
    sents = [(a, b) for a, b, _ in checks.sentences(doc) if b > at and a < at + len(q)]
    if not sents:
        return q
    return text[sents[0][0]:sents[-1][1]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    reg = load()
    allst = statements(reg)
    sample = random.Random(args.seed).sample(allst, min(args.n, len(allst)))
    print(f"# {len(sample)} of {len(allst)} quoted statements (seed {args.seed})\n")
    for k, (sid, text, src) in enumerate(sample, 1):
        print(f"[{k}] {sid}  ({src.doc} {src.section})")
        print(f"  STATEMENT: {text}")
        print(f"  QUOTE:     {src.quote}")
        p = passage(reg, src)
        if seeds.normalise(p) != seeds.normalise(src.quote):
            print(f"  PASSAGE:   {p}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
