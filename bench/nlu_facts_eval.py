"""How well the trained model takes case facts from what professionals type.

    ./stepwise bench nlu_facts_eval [--set tests/data/nlu_facts_blind1.yml] [--misses] [--json OUT]

Each utterance of a set carries the facts it states plainly. The model's NLU
parses it; the facts it would set are the entities that name a case field
(after synonyms), plus an age from a school Year group (as the actions do).
Reported: the share of expected facts taken (recall), the share of facts
taken that are right (precision), and facts taken that the utterance does not
state at all (invented). Numbers, not a test: the regression floor for each
set lives in tests/test_rasa_conversation.py.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = {"blind1": ROOT / "tests" / "data" / "nlu_facts_blind1.yml"}


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


def score(items, parse, fields) -> dict:
    expected = taken = right = invented = 0
    by_field = Counter()
    missed_by_field = Counter()
    misses = []
    for it in items:
        want = it.get("facts") or {}
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
    args = ap.parse_args(argv)
    if not args.model:
        sys.exit("nlu_facts_eval: run through ./stepwise bench so STEPWISE_MODEL is set, or pass --model")
    from guidance.loader import load

    path = SETS.get(args.set, Path(args.set))
    items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["utterances"]
    result = score(items, _parser(args.model), load().fields)
    print(f"{path.name}: {result['utterances']} utterances, {result['expected']} facts stated")
    print(f"  facts taken (recall) {result['recall']}  ({result['right']}/{result['expected']})")
    print(f"  precision {result['precision']}  ({result['right']}/{result['taken']}); "
          f"facts taken that were not stated: {result['invented']}")
    for k, r in result["recall_by_field"].items():
        print(f"    {k:40s} {r}")
    if args.misses:
        for m in result["misses"]:
            print(f"  MISS {m['field']}={m['want']!r} got {m['got']!r}: {m['text']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
