"""How well the trained model takes case facts from what professionals type.

    ./stepwise bench nlu_facts_eval [--set blind1|...|blind6|FILE] [--misses] [--json OUT]
    ./stepwise bench nlu_facts_eval --stories [bench/conversation_cases.yml]

Each utterance of a set carries the facts it states plainly. The model's NLU
parses it; the facts it would set are the entities that name a case field
(after synonyms), plus an age from a school Year group (as the actions do).
Reported: the share of expected facts taken (recall), the share of facts
taken that are right (precision), and facts taken that the utterance does not
state at all (invented). Numbers, not a test: the regression floor for each
set lives in tests/test_nlu_facts_floor.py.

With ``--stories``, each conversation benchmark case's story is read as the
bot reads an opening message (the entities, a Year group, a level named in
the area's own scale: ``actions.turn.take_facts``) and compared with the
facts the case says the story states: per case, the stated facts not taken
(the bot would ask about them) and the facts taken that are wrong or were
not stated.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = {f"blind{n}": ROOT / "tests" / "data" / f"nlu_facts_blind{n}.yml" for n in range(1, 10)}
CASES = ROOT / "bench" / "conversation_cases.yml"


def facts_from_parse(parsed: dict, fields) -> dict:
    from actions.facts import coerce, school_year_age

    out = {}
    for e in parsed.get("entities") or []:
        name = e.get("entity")
        if name in fields and fields[name].type != "date":
            v = coerce(fields[name], e.get("value"))
            if v is not None and name not in out:
                out[name] = v
    for e in parsed.get("entities") or []:
        if e.get("entity") == "school_year" and "child_age" not in out:
            age = school_year_age(e.get("value"))
            if age is not None:
                out["child_age"] = age
    return out


def dates_from_text(text: str, today) -> dict:
    """The date anchors the bot sets from ``text`` (actions.dates, the reader the turn uses):
    the first date read for each anchor, as an ISO string."""
    from actions.dates import read_dates

    out = {}
    for m in read_dates(text, today):
        if m.anchor:
            out.setdefault(m.anchor, m.date.isoformat())
    return out


def score_dates(items, fields, today) -> dict:
    """Date facts (labelled only when a text gives day, month and year) against what the
    bot's date reader sets; the NLU's entities carry no dates, so ``score`` leaves them out."""
    expected = right = 0
    misses = []
    for it in items:
        want = {k: str(v) for k, v in (it.get("facts") or {}).items() if k in fields and fields[k].type == "date"}
        if not want:
            continue
        got = dates_from_text(it["text"], today)
        for k, v in want.items():
            expected += 1
            if got.get(k) == v:
                right += 1
            else:
                misses.append({"text": it["text"], "field": k, "want": v, "got": got.get(k)})
    return {"expected": expected, "right": right, "recall": round(right / expected, 3) if expected else None,
            "misses": misses}


def score(items, parse, fields) -> dict:
    """Facts taken from each text by the NLU, against the facts stated (date facts are scored by
    ``score_dates``: the bot reads them from the words, not from entities)."""
    expected = taken = right = invented = 0
    by_field = Counter()
    missed_by_field = Counter()
    misses = []
    for it in items:
        want = {k: v for k, v in (it.get("facts") or {}).items() if not (k in fields and fields[k].type == "date")}
        got = facts_from_parse(parse(it["text"]), fields)
        expected += len(want)
        taken += len(got)
        for k, v in want.items():
            by_field[k] += 1
            if got.get(k) == v:
                right += 1
            else:
                missed_by_field[k] += 1
                misses.append({"text": it["text"], "field": k, "want": v, "got": got.get(k)})
        invented += sum(1 for k in got if k not in want)
    return {
        "utterances": len(items), "expected": expected, "taken": taken, "right": right,
        "recall": round(right / expected, 3) if expected else None,
        "precision": round(right / taken, 3) if taken else None,
        "invented": invented,
        "recall_by_field": {k: round(1 - missed_by_field[k] / n, 3) for k, n in by_field.most_common()},
        "misses": misses,
    }


def story_facts(parsed: dict, eng, today) -> dict:
    """The case facts the bot takes from ``parsed`` as an opening message:
    the slots Rasa fills from its entities (the first value of each), then
    the turn's own readings (``actions.turn.take_facts``)."""
    from actions.facts import facts_from_slots
    from actions.turn import TurnInput, take_facts

    slots = {}
    for e in parsed.get("entities") or []:
        if e.get("entity") in eng.reg.fields and e.get("value") is not None:
            slots.setdefault(e["entity"], e["value"])
    t = TurnInput(intent=(parsed.get("intent") or {}).get("name"), text=parsed.get("text") or "",
                  entities=parsed.get("entities") or [], slots=dict(slots), today=today,
                  conflicts=list(parsed.get("entity_conflicts") or []))
    slots.update(take_facts(t, eng).slots)
    return facts_from_slots(eng.reg, slots)


def score_stories(cases, parse, eng, today) -> dict:
    """Per case: stated facts not taken, facts taken wrong, facts taken not stated."""
    rows, stated = [], 0
    missed = wrong = extra = 0
    for c in cases:
        want = c.get("stated") or {}
        known = {**want, **(c.get("knows") or {})}
        got = story_facts(parse(c["story"]), eng, today)
        stated += len(want)
        row = {"id": c["id"], "story": c["story"],
               "missed": {k: v for k, v in want.items() if k not in got},
               "wrong": {k: (want[k], got[k]) for k in want if k in got and got[k] != want[k]},
               # a fact the story does not state: wrong if the person knows otherwise
               "extra": {k: (known.get(k, "<not known>"), v) for k, v in got.items() if k not in want}}
        missed += len(row["missed"])
        wrong += len(row["wrong"])
        extra += len(row["extra"])
        rows.append(row)
    return {"cases": len(rows), "stated": stated, "missed": missed, "wrong": wrong, "extra": extra,
            "cases_missing": sum(1 for r in rows if r["missed"] or r["wrong"]), "rows": rows}


def _stories(path: Path, parse) -> dict:
    import datetime as dt

    from guidance.engine import engine

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = dt.date.fromisoformat(str(data.get("today") or dt.date.today()))
    result = score_stories(data["cases"], parse, engine(), today)
    for r in result["rows"]:
        if not (r["missed"] or r["wrong"] or r["extra"]):
            continue
        print(f"{r['id']}: {r['story']}")
        for k, v in r["missed"].items():
            print(f"    MISSED {k}={v!r}")
        for k, (want, got) in r["wrong"].items():
            print(f"    WRONG  {k}: stated {want!r}, taken {got!r}")
        for k, (known, got) in r["extra"].items():
            flag = "ok" if known == got else "WRONG" if known != "<not known>" else "not said"
            print(f"    EXTRA  {k}={got!r} ({flag}; the person knows {known!r})")
    print(f"{path.name}: {result['cases']} stories, {result['stated']} facts stated; "
          f"not taken {result['missed']}, taken wrong {result['wrong']} (in {result['cases_missing']} stories); "
          f"taken but not stated {result['extra']}")
    return result


def _parser(model: str):
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING, None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.WARNING)
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()
    return lambda text: loop.run_until_complete(agent.parse_message(text))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="blind1", help="a set name (blind1) or a YAML file")
    ap.add_argument("--model", default=os.environ.get("STEPWISE_MODEL"))
    ap.add_argument("--misses", action="store_true", help="list every fact missed")
    ap.add_argument("--json", help="write the full result as JSON here")
    ap.add_argument("--today", default="2026-12-07", help="the date relative dates are read against")
    ap.add_argument("--stories", nargs="?", const=str(CASES), metavar="CASES",
                    help="read the conversation benchmark's stories instead (default bench/conversation_cases.yml)")
    args = ap.parse_args(argv)
    if not args.model:
        sys.exit("nlu_facts_eval: run through ./stepwise bench so STEPWISE_MODEL is set, or pass --model")
    if args.stories:
        result = _stories(Path(args.stories), _parser(args.model))
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, default=str))
        return 0
    from guidance.loader import load

    path = SETS.get(args.set, Path(args.set))
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["utterances"]
    fields = load().fields
    result = score(items, _parser(args.model), fields)
    result["dates"] = score_dates(items, fields, dt.date.fromisoformat(args.today))
    print(f"{path.name}: {result['utterances']} utterances, {result['expected']} facts stated")
    print(f"  facts taken (recall) {result['recall']}  ({result['right']}/{result['expected']})")
    print(f"  precision {result['precision']}  ({result['right']}/{result['taken']}); "
          f"facts taken that were not stated: {result['invented']}")
    for k, r in result["recall_by_field"].items():
        print(f"    {k:40s} {r}")
    if result["dates"]["expected"]:
        d = result["dates"]
        print(f"  dates read (actions.dates) {d['recall']}  ({d['right']}/{d['expected']})")
    if args.misses:
        for m in result["misses"] + result["dates"]["misses"]:
            print(f"  MISS {m['field']}={m['want']!r} got {m['got']!r}: {m['text']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
