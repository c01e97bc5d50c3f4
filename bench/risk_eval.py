"""Evaluate stepwise_nlu.risk.RiskDetector on the phrase sets.

    python bench/risk_eval.py [--set dev|holdout|blind|blind2|blind3|blind4|all|none] [--file X.yml] [--hits] [--bot] [--text "..."]

Prints, for each set, recall on disclosures and the false-alarm rate on
non-disclosures, then every miss and every false alarm (with the pattern that
fired). --hits also lists what fired for each caught disclosure. --bot also
scores the trained model's whole NLU pipeline (the detector, or the
classifier's own disclose_risk intent: what decides the urgent reply). --text
explains one message instead.

The holdout set is for reporting only: never tune patterns on its misses. A
blind set is scored once, before anyone tunes on it; that first score is the
honest figure for unseen wording.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import yaml  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = {"dev": DATA / "risk_phrases_dev.yml", "holdout": DATA / "risk_phrases_holdout.yml",
        # written by someone who never saw the detector; the first was tuned on
        # once scored (now a regression floor), the second is for reporting only
        "blind": DATA / "risk_phrases_blind.yml", "blind2": DATA / "risk_phrases_blind2.yml",
        "blind3": DATA / "risk_phrases_blind3.yml", "blind4": DATA / "risk_phrases_blind4.yml"}


def load_set(name: str) -> Dict[str, List[str]]:
    """A phrase set by name ("dev", "holdout") or by path to a YAML file of the same shape."""
    path = SETS.get(name) or Path(name)
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    negatives = data.get("non_disclosures", data.get("not_disclosures"))  # the blind sets use the latter
    return {"disclosures": list(data["disclosures"]), "non_disclosures": list(negatives)}


def evaluate(detector, phrases: Dict[str, List[str]]) -> Dict[str, object]:
    misses, caught, false_alarms, times = [], [], [], []

    def timed(text):
        t0 = time.perf_counter()
        hit = detector.detect(text)
        times.append(1000 * (time.perf_counter() - t0))
        return hit

    for text in phrases["disclosures"]:
        hit = timed(text)
        (caught if hit else misses).append((text, hit))
    for text in phrases["non_disclosures"]:
        hit = timed(text)
        if hit:
            false_alarms.append((text, hit))
    n_pos, n_neg = len(phrases["disclosures"]), len(phrases["non_disclosures"])
    return {
        "n_disclosures": n_pos,
        "n_non_disclosures": n_neg,
        "recall": len(caught) / n_pos if n_pos else 1.0,
        "false_alarm_rate": len(false_alarms) / n_neg if n_neg else 0.0,
        "misses": misses,
        "caught": caught,
        "false_alarms": false_alarms,
        "ms_per_message": sorted(times),
    }


def _bot_parser():
    """A function text -> True when the trained model's NLU gives intent disclose_risk."""
    import asyncio

    model = os.environ.get("STEPWISE_MODEL")
    if not model:
        sys.exit("risk_eval --bot: run through ./stepwise bench so STEPWISE_MODEL is set")
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING, None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.WARNING)
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()

    def caught(text: str) -> bool:
        parsed = loop.run_until_complete(agent.parse_message(text))
        return (parsed.get("intent") or {}).get("name") == "disclose_risk"

    return caught


def _fmt(hit) -> str:
    return f"[{hit.category} via {hit.pattern_id}: {hit.text!r}]"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["dev", "holdout", "blind", "blind2", "blind3", "blind4", "all", "none"], default="all",
                    help="which built-in set(s) to evaluate ('none': only --file)")
    ap.add_argument("--file", action="append", default=[],
                    help="also evaluate this phrase file (same shape as the dev set); repeatable")
    ap.add_argument("--hits", action="store_true", help="also list what fired on each caught disclosure")
    ap.add_argument("--text", help="explain one message")
    ap.add_argument("--bot", action="store_true",
                    help="also score the whole NLU pipeline of the trained model ($STEPWISE_MODEL): a message "
                         "counts as caught when its intent is disclose_risk (detector or classifier)")
    args = ap.parse_args(argv)

    from stepwise_nlu.risk import RiskDetector

    t0 = time.perf_counter()
    detector = RiskDetector()
    print(f"detector built in {time.perf_counter() - t0:.2f}s")

    if args.text:
        hits = detector.detect_all(args.text)
        doc = detector.make_doc(args.text)
        forms, keys = detector.annotate(doc)
        print("tokens:", " ".join(f"{t.text}/{f}/{k}" for t, f, k in zip(doc, forms, keys)))
        print("hits:", [_fmt(h) for h in hits] or "none")
        return 0

    names = {"all": ["dev", "holdout", "blind", "blind2", "blind3", "blind4"], "none": []}.get(args.set, [args.set]) + list(args.file)
    bot = _bot_parser() if args.bot else None
    summary = []
    for name in names:
        phrases = load_set(name)
        t0 = time.perf_counter()
        r = evaluate(detector, phrases)
        dt = time.perf_counter() - t0
        n = r["n_disclosures"] + r["n_non_disclosures"]
        print(f"\n=== {name}: {r['n_disclosures']} disclosures, {r['n_non_disclosures']} non-disclosures "
              f"({1000 * dt / n:.1f} ms/message)")
        print(f"recall           {r['recall']:.3f}  ({r['n_disclosures'] - len(r['misses'])}/{r['n_disclosures']})")
        print(f"false-alarm rate {r['false_alarm_rate']:.3f}  ({len(r['false_alarms'])}/{r['n_non_disclosures']})")
        ms = r["ms_per_message"]
        if ms:
            print(f"ms/message       median {ms[len(ms) // 2]:.1f}, p95 {ms[int(0.95 * (len(ms) - 1))]:.1f}, max {ms[-1]:.1f}")
        tiers = [h for _, h in r["caught"]]
        n_concept_only = sum(1 for h in tiers if h.strength == "concept")
        print(f"caught by the concept tier alone: {n_concept_only}/{len(tiers)}")
        print(f"-- misses ({len(r['misses'])}):")
        for text, _ in r["misses"]:
            print(f"   MISS  {text}")
        print(f"-- false alarms ({len(r['false_alarms'])}):")
        for text, hit in r["false_alarms"]:
            print(f"   FA    {text}  {_fmt(hit)}")
        if args.hits:
            print("-- caught:")
            for text, hit in r["caught"]:
                print(f"   OK    {text}  {_fmt(hit)}")
        summary.append((name, r["recall"], r["false_alarm_rate"]))
        if bot:
            pos = [bot(t) for t in phrases["disclosures"]]
            neg = [bot(t) for t in phrases["non_disclosures"]]
            rec, far = sum(pos) / len(pos), sum(neg) / len(neg)
            print(f"whole NLU pipeline (detector or classifier): recall {rec:.3f} ({sum(pos)}/{len(pos)}), "
                  f"false-alarm rate {far:.3f} ({sum(neg)}/{len(neg)})")
            summary.append((name + " (bot)", rec, far))
    print("\nsummary:")
    for name, rec, far in summary:
        print(f"  {name:14s} recall {rec:.3f}  false-alarm rate {far:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
