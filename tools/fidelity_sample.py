"""List N random quoted statements with their passage, for a side-by-side
reading (does the statement say what its passage says?).

    .venv/bin/python tools/fidelity_sample.py --n 110 --seed 20261207 --stratify \
        --exclude docs/fidelity-review.md --exclude-earlier '21128b7^:13:100:21128b7'

(the second reading, docs/fidelity-review-2.md). The first reading's sample
(docs/fidelity-review.md, --n 100 --seed 13) was drawn before the pool was
made distinct; --exclude-earlier redraws it with the tool as it was then.

Seeded and reproducible: the same protocols, seed, N and options give the same
sample. Each statement is printed with an id (owner + place), its kind, its
text as the engine gives it (a deadline also as it is counted: amount, unit,
direction and start, or the start the document does not state), the conditions
it is given under, its quote, and the passage: the whole sentence(s) of the
seed text the quote lies in.

--exclude FILE leaves out every statement whose id appears in backquotes in
FILE (an earlier review), so that a second reading draws a fresh sample.
--exclude-earlier COMMIT:SEED:N[:TOOL_COMMIT] draws again the sample an earlier
reading made (the protocols as they were at COMMIT, seed SEED, N statements,
unstratified, with this tool as it was at TOOL_COMMIT, by default COMMIT)
and leaves out every statement of the same owner and group citing the same
quote (positions ([i]) shift when items are split, so ids alone miss some),
and every statement with the same text and quote wherever it is held.
The pool is the distinct statements: a text given with the same quote in
several routes (a shared checklist item, say) is read once, under the first
id that holds it; the count of others holding it is printed with it.
--stratify draws from every (document, kind) cell: at least one statement from
each non-empty cell, the rest shared in proportion to the cells' sizes
(largest remainder), each cell drawn at random with the seed.
Verdicts go in docs/fidelity-review*.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guidance import calendar, checks, seeds  # noqa: E402
from guidance.loader import POLICY_DOC, load  # noqa: E402


def _when(cond) -> str:
    return "; ".join(f"{f} {op} {v!r}" for f, op, v in cond.tests)


def _deadline_text(reg, d) -> str:
    fd = reg.fields.get(d.anchor)
    label = (getattr(fd, "label", None) or d.anchor) if fd else d.anchor
    rel = "before" if d.direction == "before" else "from" if d.unit == "working_days" else "after"
    t = f"{d.text} || counted: {calendar.describe(d.amount, d.unit)} {rel} {label} (anchor {d.anchor})"
    if d.anchor_gap:
        t += f" [start not stated: {' '.join(d.anchor_gap.split())}]"
    return t


def statements(reg):
    """(id, kind, text, source, when) for every quoted statement, in a stable order."""
    out = []
    for area in reg.areas.values():
        a = f"area:{area.id}"
        for lv in area.levels:
            out.append((f"{a} levels.{lv.number}", "level", f"Level {lv.number}: {lv.name}", lv.source, ""))
        for sv in area.services.values():
            if sv.source:
                out.append((f"{a} services.{sv.code}", "service", f"{sv.label} (level {sv.level})", sv.source, ""))
        for c in area.contacts.values():
            t = f"{c.name} [{c.kind}: {c.value}] - {c.use}" + (f" (note: {c.note})" if c.note else "")
            out.append((f"{a} contacts.{c.id}", "contact", " ".join(t.split()), c.source, ""))
        out.append((f"{a} urgent", "urgent", " ".join(area.urgent.text.split()), area.urgent.source, ""))
        for q in area.questions.values():
            out.append((f"{a} questions.{q.field}", "question", " ".join(q.why.split()), q.source, ""))
        for i, n in enumerate(area.notes):
            if n.source:
                out.append((f"{a} notes[{i}]", "note", " ".join(n.text.split()), n.source, _when(n.when)))
        for r in area.routes:
            out.append((f"{r.id} route", "route", " ".join(r.summary.split()), r.source, _when(r.when)))
            for g, kind in (("steps", "step"), ("checklist", "checklist"), ("notes", "note")):
                for i, it in enumerate(getattr(r, g)):
                    if it.source:
                        out.append((f"{r.id} {g}[{i}]", kind, " ".join(it.text.split()), it.source, _when(it.when)))
            for i, d in enumerate(r.deadlines):
                out.append((f"{r.id} deadlines[{i}]", "deadline", _deadline_text(reg, d), d.source, _when(d.when)))
    return [s for s in out if s[3].doc != POLICY_DOC]


def passage(reg, src) -> str:
    doc = reg.documents[src.doc]
    text = seeds.seed_text(doc.file)
    q = seeds.normalise(src.quote)
    # the quote where it lies in its named section (a sentence can occur twice)
    span = checks.section_spans(doc)[0].get(src.section)
    at = text.find(q, span[0]) if span else -1
    if at < 0 or (span and at >= span[1]):
        at = text.find(q)
    sents = [(a, b) for a, b, _ in checks.sentences(doc) if b > at and a < at + len(q)]
    if not sents:
        return q
    return text[sents[0][0]:sents[-1][1]]


def excluded_ids(path: Path) -> set:
    return set(re.findall(r"`([^`]+)`", path.read_text(encoding="utf-8")))


_EARLIER = """
import json, random, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + '/tools')
import fidelity_sample as fs
allst = fs.statements(fs.load())
sample = random.Random(int(sys.argv[2])).sample(allst, min(int(sys.argv[3]), len(allst)))
# (id, text, source) in the first version of this tool, (id, kind, text, source, when) since
rows = [(s[0], s[1], s[2]) if len(s) == 3 else (s[0], s[2], s[3]) for s in sample]
print(json.dumps([[sid, text, src.quote] for sid, text, src in rows]))
"""


def _key(sid: str, quote: str):
    """Owner and group without the position, and the quote."""
    return re.sub(r"\[\d+\]$", "", sid), seeds.normalise(quote)


def _same(text: str, quote: str):
    """The statement's own words (without the counting or contact note this
    tool adds, which earlier versions wrote differently) and its quote."""
    return seeds.normalise(re.split(r" = \d| \|\| counted| \(note: ", text)[0]), seeds.normalise(quote)


def earlier_sample(spec: str):
    """Keys of the statements an earlier reading drew (COMMIT:SEED:N[:TOOL_COMMIT])."""
    commit, seed, n, *tool = spec.split(":")
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:  # the earlier tree, read-only, never the work tree
        arch = subprocess.run(["git", "-C", str(root), "archive", commit, "guidance", "tools"],
                              check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=arch, check=True)
        if tool:
            code = subprocess.run(["git", "-C", str(root), "show", f"{tool[0]}:tools/fidelity_sample.py"],
                                  check=True, capture_output=True).stdout
            Path(tmp, "tools", "fidelity_sample.py").write_bytes(code)
        env = dict(os.environ, STEPWISE_SEEDS=str(seeds.seeds_dir()))
        out = subprocess.run([sys.executable, "-c", _EARLIER, tmp, seed, n],
                             capture_output=True, text=True, env=env, cwd=tmp)
    if out.returncode:
        raise SystemExit(f"could not draw the earlier sample {spec}:\n{out.stderr}")
    out = out.stdout
    rows = json.loads(out)
    return {_key(sid, q) for sid, _, q in rows} | {_same(t, q) for _, t, q in rows}


def stratified(allst, n: int, rng: random.Random):
    cells = {}
    for s in allst:
        cells.setdefault((s[3].doc, s[1]), []).append(s)
    keys = sorted(cells)
    if n < len(keys):
        raise SystemExit(f"--stratify needs --n of at least {len(keys)} (one per document and kind)")
    take = {k: 1 for k in keys}
    rest = n - len(keys)
    pool = sum(len(cells[k]) - 1 for k in keys)
    shares = {k: rest * (len(cells[k]) - 1) / pool if pool else 0 for k in keys}
    for k in keys:
        take[k] += int(shares[k])
    left = n - sum(take.values())
    for k in sorted(keys, key=lambda k: (-(shares[k] - int(shares[k])), k))[:left]:
        take[k] += 1
    out = []
    for k in keys:
        out.extend(rng.sample(cells[k], min(take[k], len(cells[k]))))
    rng.shuffle(out)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="leave out statements whose id is in backquotes in this file")
    ap.add_argument("--exclude-earlier", action="append", default=[], metavar="COMMIT:SEED:N",
                    help="leave out what an earlier reading's sample held (same owner, group and quote)")
    ap.add_argument("--stratify", action="store_true", help="draw from every (document, kind) cell")
    args = ap.parse_args(argv)
    reg = load()
    allst = statements(reg)
    skip = set().union(*(excluded_ids(p) for p in args.exclude)) if args.exclude else set()
    earlier = set().union(*(earlier_sample(e) for e in args.exclude_earlier)) if args.exclude_earlier else set()
    holders = {}
    for s in allst:
        holders.setdefault(_same(s[2], s[3].quote), []).append(s[0])
    distinct = [s for s in allst if holders[_same(s[2], s[3].quote)][0] == s[0]]
    pool = [s for s in distinct if s[0] not in skip and _key(s[0], s[3].quote) not in earlier
            and _same(s[2], s[3].quote) not in earlier]
    rng = random.Random(args.seed)
    if args.stratify:
        sample = stratified(pool, min(args.n, len(pool)), rng)
    else:
        sample = rng.sample(pool, min(args.n, len(pool)))
    print(f"# {len(sample)} of {len(pool)} distinct quoted statements (of {len(allst)}; seed {args.seed}"
          f"{', stratified by document and kind' if args.stratify else ''}"
          f"{f', {len(distinct) - len(pool)} excluded as already read' if skip or earlier else ''})\n")
    for k, (sid, kind, text, src, when) in enumerate(sample, 1):
        also = len(holders[_same(text, src.quote)]) - 1
        print(f"[{k}] {sid}  <{kind}>  ({src.doc} {src.section})" + (f"  (+{also} other holders)" if also else ""))
        print(f"  STATEMENT: {text}")
        if when:
            print(f"  WHEN:      {when}")
        print(f"  QUOTE:     {src.quote}")
        p = passage(reg, src)
        if seeds.normalise(p) != seeds.normalise(src.quote):
            print(f"  PASSAGE:   {p}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
