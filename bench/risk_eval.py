"""Evaluate stepwise_nlu.risk.RiskDetector on the phrase sets.

    python bench/risk_eval.py [--set dev|holdout|blind|blind2|blind3|blind4|blind5|blind6|blind7|blind8|blind9|blind10|blind11|blind12|blind13|blind14|blind15|blind16|blind17|blind18|all|none] [--file X.yml]
                              [--hits] [--bot] [--json OUT] [--text "..."]
    python bench/risk_eval.py --cv [--json OUT]

Prints, for each set, recall on disclosures and the false-alarm rate on
non-disclosures, then every miss and every false alarm (with the pattern that
fired). --hits also lists what fired for each caught disclosure. It also
reports the two safeguarding tiers (stepwise_nlu/triage.yml) as the detector
alone gives them: urgent (a hit of a confident rule) and check-now (a hit of
a rule that is not), with triage.yml's strong harm words, which need no
classifier score (round 3 of issue 10). --bot also scores the trained model's whole NLU pipeline
per tier: intent disclose_risk (the urgent reply) and check_risk (the
immediate-danger question at once). --json writes the figures per set and
tier. --text explains one message instead.

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

DATA = ROOT / "data" / "triage"
SETS = {"dev": DATA / "risk_phrases_dev.yml", "holdout": DATA / "risk_phrases_holdout.yml",
        # written by someone who never saw the detector; the first was tuned on
        # once scored (now a regression floor), the second is for reporting only
        "blind": DATA / "risk_phrases_blind.yml", "blind2": DATA / "risk_phrases_blind2.yml",
        "blind3": DATA / "risk_phrases_blind3.yml", "blind4": DATA / "risk_phrases_blind4.yml",
        "blind5": DATA / "risk_phrases_blind5.yml", "blind6": DATA / "risk_phrases_blind6.yml",
        "blind7": DATA / "risk_phrases_blind7.yml", "blind8": DATA / "risk_phrases_blind8.yml",
        "blind9": DATA / "risk_phrases_blind9.yml", "blind10": DATA / "risk_phrases_blind10.yml",
        "blind11": DATA / "risk_phrases_blind11.yml",
        "blind12": DATA / "risk_phrases_blind12.yml",
        "blind13": DATA / "risk_phrases_blind13.yml",
        "blind14": DATA / "risk_phrases_blind14.yml",
        "blind15": DATA / "risk_phrases_blind15.yml",
        "blind16": DATA / "risk_phrases_blind16.yml",
        "blind17": DATA / "risk_phrases_blind17.yml",
        "blind18": DATA / "risk_phrases_blind18.yml",
        "blind19": DATA / "risk_phrases_blind19.yml",
        "blind20": DATA / "risk_phrases_blind20.yml",
        "blind21": DATA / "risk_phrases_blind21.yml"}
ALL_SETS = list(SETS)  # in the order written


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
    """A function text -> the tier the trained model's NLU gives: "urgent", "check" or None."""
    import asyncio

    model = os.environ.get("STEPWISE_MODEL")
    if not model:
        sys.exit("risk_eval --bot: run through ./stepwise bench so STEPWISE_MODEL is set")
    import logging

    import stepwise_rasa  # noqa: F401  (the served bot's graph runner and speedups, before the model loads)
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING, None, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.WARNING)
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()

    from stepwise_nlu.triage import load_config

    cfg = load_config()
    tiers = {cfg.urgent_intent: "urgent", cfg.check_intent: "check"}

    def tier(text: str):
        parsed = loop.run_until_complete(agent.parse_message(text))
        return tiers.get((parsed.get("intent") or {}).get("name"))

    return tier


def tier_counts(tiers_pos: List, tiers_neg: List) -> Dict[str, object]:
    """Per tier: disclosures reaching urgent / either tier, non-disclosures given urgent / check-now."""
    n_pos, n_neg = len(tiers_pos), len(tiers_neg)
    c = {"pos_urgent": tiers_pos.count("urgent"), "pos_either": n_pos - tiers_pos.count(None),
         "neg_urgent": tiers_neg.count("urgent"), "neg_check": tiers_neg.count("check"),
         "n_disclosures": n_pos, "n_non_disclosures": n_neg}
    c.update({"disclosures_urgent": c["pos_urgent"] / n_pos if n_pos else 1.0,
              "disclosures_urgent_or_check": c["pos_either"] / n_pos if n_pos else 1.0,
              "non_disclosures_urgent": c["neg_urgent"] / n_neg if n_neg else 0.0,
              "non_disclosures_check": c["neg_check"] / n_neg if n_neg else 0.0})
    return c


def _fmt_tiers(c: Dict[str, object]) -> str:
    return (f"disclosures urgent {c['disclosures_urgent']:.3f} ({c['pos_urgent']}/{c['n_disclosures']}), "
            f"urgent or check-now {c['disclosures_urgent_or_check']:.3f} ({c['pos_either']}/{c['n_disclosures']}); "
            f"non-disclosures urgent {c['non_disclosures_urgent']:.3f} ({c['neg_urgent']}/{c['n_non_disclosures']}), "
            f"check-now {c['non_disclosures_check']:.3f} ({c['neg_check']}/{c['n_non_disclosures']})")


def detector_tier(detector, cfg, text: str):
    """The tier the detector alone gives (no classifier; triage.yml's strong harm words count): urgent, check or None."""
    from stepwise_nlu.triage import decide

    return decide(detector.detect_all(text), [], text, cfg).tier


def nlu_examples(urgent_intent: str, check_intent: str):
    """The NLU training examples as the risk model sees them: (texts, labels)."""
    from rasa.shared.nlu.training_data.loading import load_data

    from stepwise_nlu.risk_model import label_intent_examples

    data = load_data(str(ROOT / "data" / "nlu"))
    return label_intent_examples(((ex.get("intent"), ex.get("text")) for ex in data.intent_examples),
                                 urgent_intent, check_intent)


_CV: Dict[str, object] = {}  # what every fold reads, set before the folds are forked


def _cv_fold(held: Path):
    """One left-out set: train without it, score both tiers on it (runs in a forked worker)."""
    from stepwise_nlu.risk_model import Params, RiskModel
    from stepwise_nlu.triage import decide

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one BLAS thread a worker: the workers are the parallelism
    t0 = time.perf_counter()
    corpus, detector, cfg = _CV["corpus"], _CV["detector"], _CV["cfg"]
    kept = [corpus[p] for p in corpus if p != held]
    texts = [t for ts, _ in kept for t in ts] + _CV["nlu_t"]
    labels = [y for _, ys in kept for y in ys] + _CV["nlu_y"]
    model = RiskModel.train(texts, labels, Params())
    phrases = load_set(str(held))

    def tier(text):
        return decide(detector.detect_all(text), [], text, cfg, model.score(text)).tier

    pos = [tier(t) for t in phrases["disclosures"]]
    neg = [tier(t) for t in phrases["non_disclosures"]]
    return (tier_counts(pos, neg), time.perf_counter() - t0,
            [t for t, k in zip(phrases["disclosures"], pos) if k is None],
            [t for t, k in zip(phrases["non_disclosures"], neg) if k == "urgent"])


def cross_validate(json_out=None) -> int:
    """Leave each phrase set out of the risk model's training in turn (the development set always
    trains: the others were written against it) and score both tiers on it: the model's score and
    the detector's hits through stepwise_nlu.triage, as the trained bot decides (without the
    intent classifier, which the model replaces in triage). The folds are independent and run in
    forked workers, one per core (at most 4; STEPWISE_CV_JOBS overrides)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from stepwise_nlu.risk import RiskDetector
    from stepwise_nlu.risk_model import DEFAULT_CORPUS, corpus_paths, load_corpus
    from stepwise_nlu.triage import load_config

    cfg = load_config()
    paths = corpus_paths()
    nlu_t, nlu_y = nlu_examples(cfg.urgent_intent, cfg.check_intent)
    _CV.update(corpus={p: load_corpus([p]) for p in paths}, detector=RiskDetector(), cfg=cfg,  # each set read once
               nlu_t=nlu_t, nlu_y=nlu_y)
    held_out = [p for p in paths if p.name != DEFAULT_CORPUS[0]]
    jobs = int(os.environ.get("STEPWISE_CV_JOBS") or min(4, len(os.sched_getaffinity(0))))
    report, summary = {}, []
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=multiprocessing.get_context("fork")) as pool:
        for held, (c, secs, missed, shouted) in zip(held_out, pool.map(_cv_fold, held_out)):
            name = held.stem.replace("risk_phrases_", "")
            print(f"{name:8s} left out ({secs:.0f}s): {_fmt_tiers(c)}", flush=True)
            # what to read next: disclosures in neither tier, non-disclosures given the urgent reply
            for t in missed:
                print(f"   MISS   {t}")
            for t in shouted:
                print(f"   URGENT {t}")
            report[name] = c
            summary.append(c)
    n = len(summary)
    print(f"\nmean of {n} left-out sets: disclosures urgent {sum(c['disclosures_urgent'] for c in summary) / n:.3f}, "
          f"in neither tier {sum(c['n_disclosures'] - c['pos_either'] for c in summary)} in all; "
          f"non-disclosures urgent {sum(c['non_disclosures_urgent'] for c in summary) / n:.3f} "
          f"(worst {max(c['non_disclosures_urgent'] for c in summary):.3f}), "
          f"check-now {sum(c['non_disclosures_check'] for c in summary) / n:.3f} "
          f"(worst {max(c['non_disclosures_check'] for c in summary):.3f})")
    if json_out:
        import json

        Path(json_out).write_text(json.dumps(report, indent=1))
    return 0


def _fmt(hit) -> str:
    return f"[{hit.category} via {hit.pattern_id}: {hit.text!r}]"


def _detector_report(detector, cfg, name, phrases, report, hits):
    """The detector alone on one set: its figures printed, its tiers in ``report``."""
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
    if hits:
        print("-- caught:")
        for text, hit in r["caught"]:
            print(f"   OK    {text}  {_fmt(hit)}")
    det = tier_counts([detector_tier(detector, cfg, t) for t in phrases["disclosures"]],
                      [detector_tier(detector, cfg, t) for t in phrases["non_disclosures"]])
    print(f"detector tiers: {_fmt_tiers(det)}")
    report[name] = {"detector": {"recall": r["recall"], "false_alarm_rate": r["false_alarm_rate"]},
                    "detector_tiers": det}
    return name, "detector", det


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=ALL_SETS + ["all", "none"], default=["all"], nargs="+",
                    help="which built-in set(s) to evaluate, one or more ('none': only --file)")
    ap.add_argument("--file", action="append", default=[],
                    help="also evaluate this phrase file (same shape as the dev set); repeatable")
    ap.add_argument("--hits", action="store_true", help="also list what fired on each caught disclosure")
    ap.add_argument("--text", help="explain one message")
    ap.add_argument("--bot", action="store_true",
                    help="also score the whole NLU pipeline of the trained model ($STEPWISE_MODEL) per tier: "
                         "intent disclose_risk (urgent) or check_risk (check now)")
    ap.add_argument("--pipeline-only", action="store_true",
                    help="with --bot: score only the whole pipeline, not the detector on its own (the test of the "
                         "pipeline floors; the detector's are tested apart)")
    ap.add_argument("--cv", action="store_true",
                    help="leave each phrase set of the risk model's corpus out of its training in turn and "
                         "score the tiers on it (the honest figure for unseen wording; data/triage/)")
    ap.add_argument("--json", help="write the figures per set and tier to this file")
    args = ap.parse_args(argv)
    if args.cv:
        return cross_validate(args.json)

    from stepwise_nlu.risk import RiskDetector

    detector = None
    if args.text or not args.pipeline_only:  # the pipeline builds its own
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

    from stepwise_nlu.triage import load_config

    cfg = load_config()
    names = (list(ALL_SETS) if "all" in args.set else [n for n in args.set if n != "none"]) + list(args.file)
    bot = _bot_parser() if args.bot else None
    summary = []
    report: Dict[str, Dict[str, object]] = {}
    if args.pipeline_only and not bot:
        ap.error("--pipeline-only needs --bot")
    for name in names:
        phrases = load_set(name)
        if args.pipeline_only:
            print(f"\n=== {name}: {len(phrases['disclosures'])} disclosures, "
                  f"{len(phrases['non_disclosures'])} non-disclosures")
            report[name] = {}
        else:
            summary.append(_detector_report(detector, cfg, name, phrases, report, args.hits))
        if bot:
            pos = [bot(t) for t in phrases["disclosures"]]
            neg = [bot(t) for t in phrases["non_disclosures"]]
            whole = tier_counts(pos, neg)
            print(f"whole NLU pipeline tiers: {_fmt_tiers(whole)}")
            missed = [t for t, k in zip(phrases["disclosures"], pos) if k is None]
            shouted = [t for t, k in zip(phrases["non_disclosures"], neg) if k == "urgent"]
            print(f"-- pipeline: disclosures in neither tier ({len(missed)}):")
            print("\n".join(f"   MISS  {t}" for t in missed))
            print(f"-- pipeline: non-disclosures given the urgent reply ({len(shouted)}):")
            print("\n".join(f"   URGENT {t}" for t in shouted))
            report[name]["pipeline_tiers"] = whole
            summary.append((name, "pipeline", whole))
    print("\nsummary (disclosures: urgent / urgent or check-now; non-disclosures: urgent / check-now):")
    for name, what, c in summary:
        print(f"  {name:8s} {what:8s}  disclosures {c['disclosures_urgent']:.3f} / {c['disclosures_urgent_or_check']:.3f}"
              f"   non-disclosures {c['non_disclosures_urgent']:.3f} / {c['non_disclosures_check']:.3f}")
    if args.json:
        import json

        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
