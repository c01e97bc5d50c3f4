"""Evaluate stepwise_nlu.risk.RiskDetector on the phrase sets.

    python bench/risk_eval.py [--set dev|holdout|all] [--hits] [--text "..."]

Prints, for each set, recall on disclosures and the false-alarm rate on
non-disclosures, then every miss and every false alarm (with the pattern that
fired). --hits also lists what fired for each caught disclosure. --text
explains one message instead.

The holdout set is for reporting only: never tune patterns on its misses.
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
SETS = {"dev": DATA / "risk_phrases_dev.yml", "holdout": DATA / "risk_phrases_holdout.yml"}


def load_set(name: str) -> Dict[str, List[str]]:
    with open(SETS[name], encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return {"disclosures": list(data["disclosures"]), "non_disclosures": list(data["non_disclosures"])}


def evaluate(detector, phrases: Dict[str, List[str]]) -> Dict[str, object]:
    misses, caught, false_alarms = [], [], []
    for text in phrases["disclosures"]:
        hit = detector.detect(text)
        (caught if hit else misses).append((text, hit))
    for text in phrases["non_disclosures"]:
        hit = detector.detect(text)
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
    }


def _fmt(hit) -> str:
    return f"[{hit.category} via {hit.pattern_id}: {hit.text!r}]"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=["dev", "holdout", "all"], default="all")
    ap.add_argument("--hits", action="store_true", help="also list what fired on each caught disclosure")
    ap.add_argument("--text", help="explain one message")
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

    names = ["dev", "holdout"] if args.set == "all" else [args.set]
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
    print("\nsummary:")
    for name, rec, far in summary:
        print(f"  {name:8s} recall {rec:.3f}  false-alarm rate {far:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
