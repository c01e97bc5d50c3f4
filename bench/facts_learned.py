"""Does a learned fact reader generalise better than more rules? Leave each
blind set out in turn and see.

    ./stepwise bench facts_learned [--target 0.95] [--no-cues] [--sets 1-7] [--hold 6,7] [--json OUT]

The trained model's NLU parses each blind-set utterance once (cached by the
model's file name and a hash of each text, in the temporary directory; no
text is kept);
the facts it takes are "the rules". For each held-out set, a
:class:`FactModel` is trained on the other sets, and
each field's threshold is chosen on those sets only, by leaving each of them
out in turn inside (the lowest threshold at which the values the classifier
would add, where the rules took none, are right at least ``--target`` of the
time, with at least ``--min-added`` of them; a field that never gets there is
not read). The classifier: for each field such as ``consent`` or
``asker_role``, scikit-learn's ``LogisticRegression`` over TF-IDF word 1-2
grams and character 2-5 grams (within word boundaries) chooses between "not
stated" and each value; it may add a value only where the rules took none for
that field, at or above the field's threshold, and (unless ``--no-cues``) only
when a word the field is about occurs in the message (``CUES``). Measured in
facts round 7 and not shipped (docs/nlu-measurements.md). Reported per held-out set: recall and precision of the rules
alone and of rules + classifier, and the values added (right / wrong).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: the fields it reads: one value per message, decided by the message's words
#: (not places, ages or dates, which lookups and regexes read exactly)
FIELDS = ("immediate_risk", "current_service", "direction", "needs_now", "asker_role", "consent",
          "consent_unsafe", "multi_agency", "able_to_assess", "lead_professional_known", "early_help_open",
          "unborn", "halton_incident", "closed_to_social_care_within_3_months", "stockport_family",
          "lead_professional_stockport_family", "wirral_family_matters")

NONE = "-"

#: a word the field is about must occur in the message before a value is proposed
CUES: Dict[str, re.Pattern] = {k: re.compile(v, re.IGNORECASE) for k, v in {
    "immediate_risk": r"\b(?:danger|safe|risk|harm|right now|tonight|immediate)",
    "current_service": r"\b(?:open|plan|allocated|caseload|worker|team|assessment|EHA|EHAT|MAP|CIN|CP|"
                       r"TAF|TAC|s\.?47|s\.?17|s\.?20|section|care|child in need|protection|early help|"
                       r"support|involved|service|nothing|only|just)",
    "direction": r"\b(?:step|stepp|escalat|worse|better|improv|deteriorat|increas|reduc|rising|down|up|"
                 r"downhill|dropp|calm|progress)",
    "needs_now": r"\b(?:need|require|call|warrant|refer|step|threshold|level|assessment|plan|social care|"
                 r"protection|early help|support|MAP)",
    "asker_role": r"\b(?:I'?m|I am|I work|I'?ve|we|our|my|here|from|as an?|role|job)\b",
    "consent": r"\b(?:consent|agree|permission|happy|signed|on board|go ahead|refus|won'?t|know|aware|"
               r"asked|ask|spoken|told|fine|okay|ok|yes|no|want|welcome|declin|said)",
    "consent_unsafe": r"\b(?:risk|unsafe|safe|danger|worse|tell|ask|warn|coach|tip|find out|know)",
    "multi_agency": r"\b(?:agenc|service|together|involved|partners?|multi|TAF|TAC|team|one|just|only|and)",
    "able_to_assess": r"\b(?:assess|EHA|EHAT|do it|complete|capacity|right person|able|can)",
    "lead_professional_known": r"\b(?:lead|LP|coordinat|key ?worker)",
    "early_help_open": r"\b(?:early help|open|EH|MAP|allocated|caseload|First Steps|Family Matters|closed|"
                       r"Community Matters|family hub|children'?s centre|episode|team)",
    "unborn": r"\b(?:pregnan|unborn|expect|weeks|due|born|baby|antenatal|midwife|/40)",
    "halton_incident": r"\b(?:incident|happened|police|last night|planned|step up|today|yesterday)",
    "closed_to_social_care_within_3_months": r"\b(?:clos|ended|social care|months?|weeks?)",
    "stockport_family": r"\b(?:Stockport Family|SF)\b",
    "lead_professional_stockport_family": r"\b(?:Stockport Family|SF|lead|LP|partner)",
    "wirral_family_matters": r"\b(?:Family Matters|FM)\b",
}.items()}


@dataclass(frozen=True)
class Params:
    C: float = 8.0
    word_ngrams: Tuple[int, int] = (1, 2)
    char_ngrams: Tuple[int, int] = (2, 5)
    min_df: int = 2
    max_iter: int = 3000
    #: a field is learned only with at least this many examples of some value
    min_examples: int = 8


def label(value) -> str:
    """A fact value as a class label: bools as ``true``/``false``, enums by code."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def labelled_examples(items: Iterable[Mapping]) -> Tuple[List[str], List[Dict[str, str]]]:
    """Texts and their labels per field from blind-set style items
    (``{"text": ..., "facts": {field: value}}``)."""
    texts, labels = [], []
    for it in items:
        facts = it.get("facts") or {}
        texts.append(str(it["text"]))
        labels.append({k: label(v) for k, v in facts.items() if k in FIELDS})
    return texts, labels


class FactModel:
    """Trained classifiers, one per field; ``propose(texts, thresholds)`` gives the
    values to add per text with their probabilities."""

    def __init__(self, word, char, classifiers: Dict[str, object], params: Params) -> None:
        self.word, self.char, self.classifiers, self.params = word, char, classifiers, params

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[Mapping[str, str]], params: Params = Params(),
              fields: Sequence[str] = FIELDS) -> "FactModel":
        from collections import Counter

        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        word = TfidfVectorizer(ngram_range=tuple(params.word_ngrams), min_df=params.min_df, sublinear_tf=True,
                               dtype=_float32())
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(params.char_ngrams), min_df=params.min_df,
                               sublinear_tf=True, dtype=_float32())
        x = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
        classifiers = {}
        for f in fields:
            y = [lab.get(f, NONE) for lab in labels]
            counts = Counter(v for v in y if v != NONE)
            if not counts or max(counts.values()) < params.min_examples:
                continue
            clf = LogisticRegression(C=params.C, max_iter=params.max_iter)
            clf.fit(x, y)
            classifiers[f] = clf
        word.stop_words_ = char.stop_words_ = None
        return cls(word, char, classifiers, params)

    def best(self, texts: Sequence[str]) -> List[Dict[str, Tuple[str, float]]]:
        """Per text, per field: the most likely stated value and its probability."""
        from scipy.sparse import hstack

        if not texts:
            return []
        x = hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()
        out: List[Dict[str, Tuple[str, float]]] = [{} for _ in texts]
        for f, clf in self.classifiers.items():
            p = clf.predict_proba(x)
            classes = list(clf.classes_)
            for i, row in enumerate(p):
                j = max((j for j, c in enumerate(classes) if c != NONE), key=lambda j: row[j], default=None)
                if j is not None:
                    out[i][f] = (classes[j], float(row[j]))
        return out

    def propose(self, texts: Sequence[str], thresholds: Mapping[str, float],
                taken: Optional[Sequence[Iterable[str]]] = None) -> List[Dict[str, Tuple[str, float]]]:
        """Per text, the values to add: fields with a threshold, not among ``taken``
        (the fields the rules already read), a cue word present, probability at
        least the threshold."""
        out = []
        for i, best in enumerate(self.best(texts)):
            have = set(taken[i]) if taken is not None else set()
            out.append({f: (v, p) for f, (v, p) in best.items()
                        if f in thresholds and f not in have and p >= thresholds[f] and cued(f, texts[i])})
        return out


def cued(field: str, text: str) -> bool:
    cue = CUES.get(field)
    return cue is None or bool(cue.search(text or ""))


def _float32():
    import numpy as np

    return np.float32


GRID = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 .. 0.95


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def blind_set(n: int) -> List[dict]:
    return yaml.safe_load((ROOT / "tests" / "data" / f"nlu_facts_blind{n}.yml").read_text(encoding="utf-8"))[
        "utterances"]


def rules_facts(sets: Mapping[int, List[dict]], model: str) -> Dict[str, dict]:
    """The facts the trained model takes from each utterance, by text hash (cached)."""
    cache = Path(tempfile.gettempdir()) / "stepwise-facts" / f"rules_{Path(model).name}.json"
    if cache.exists():
        got = json.loads(cache.read_text())
        if all(_key(it["text"]) in got for items in sets.values() for it in items):
            return got
    from bench.nlu_facts_eval import _parser, facts_from_parse
    from guidance.loader import load

    fields = load().fields
    parse = _parser(model)
    got = {_key(it["text"]): facts_from_parse(parse(it["text"]), fields) for items in sets.values() for it in items}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(got))
    return got


def _normalise(facts: Mapping) -> dict:
    # JSON turned the cache's keys to strings only; values stay as the model gave them
    return dict(facts)


def combine(items: Sequence[dict], rules: Mapping[str, dict], added: Sequence[Mapping[str, tuple]]) -> List[dict]:
    out = []
    for it, add in zip(items, added):
        got = _normalise(rules[_key(it["text"])])
        for f, (v, _p) in add.items():
            if f not in got:
                got[f] = True if v == "true" else False if v == "false" else v
        out.append(got)
    return out


def score(items: Sequence[dict], got: Sequence[dict]) -> dict:
    expected = taken = right = 0
    for it, g in zip(items, got):
        want = it.get("facts") or {}
        expected += len(want)
        taken += len(g)
        right += sum(1 for k, v in want.items() if g.get(k) == v)
    return {"expected": expected, "taken": taken, "right": right,
            "recall": right / expected if expected else 0.0, "precision": right / taken if taken else 0.0}


def added_outcomes(items, rules, best, fields=FIELDS, cues=True):
    """Per field, (probability, right?) of every value the classifier would add (rules took none)."""
    out = defaultdict(list)
    for it, b in zip(items, best):
        want = it.get("facts") or {}
        have = rules[_key(it["text"])]
        for f, (v, p) in b.items():
            if f in have or f not in fields or (cues and not cued(f, it["text"])):
                continue
            wv = want.get(f)
            out[f].append((p, wv is not None and (("true" if wv is True else "false" if wv is False else str(wv)) == v)))
    return out


def choose_thresholds(outcomes: Mapping[str, list], target: float, min_added: int) -> Dict[str, float]:
    chosen = {}
    for f, rows in outcomes.items():
        for t in GRID:
            sel = [ok for p, ok in rows if p >= t]
            if len(sel) >= min_added and sum(sel) / len(sel) >= target:
                chosen[f] = t
                break
    return chosen


def train(items: Sequence[dict], params: Params) -> FactModel:
    texts, labels = labelled_examples(items)
    return FactModel.train(texts, labels, params)


def thresholds_for(train_sets: Mapping[int, List[dict]], rules, params, target, min_added, cues) -> Dict[str, float]:
    """Thresholds chosen by leaving each training set out in turn."""
    outcomes = defaultdict(list)
    for j, held in train_sets.items():
        rest = [it for k, items in train_sets.items() if k != j for it in items]
        m = train(rest, params)
        for f, rows in added_outcomes(held, rules, m.best([it["text"] for it in held]), cues=cues).items():
            outcomes[f] += rows
    return choose_thresholds(outcomes, target, min_added)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.environ.get("STEPWISE_MODEL"))
    ap.add_argument("--sets", default="1-7")
    ap.add_argument("--hold", help="hold out only these sets (e.g. 6,7); the others still train")
    ap.add_argument("--target", type=float, default=0.95, help="precision of the added values, inner folds")
    ap.add_argument("--min-added", type=int, default=5)
    ap.add_argument("--no-cues", action="store_true")
    ap.add_argument("--C", type=float, default=Params.C)
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if not args.model:
        sys.exit("facts_learned: run through ./stepwise bench so STEPWISE_MODEL is set, or pass --model")
    lo, _, hi = args.sets.partition("-")
    sets = {n: blind_set(n) for n in range(int(lo), int(hi or lo) + 1)}
    rules = rules_facts(sets, args.model)
    params = Params(C=args.C)
    cues = not args.no_cues
    rows, totals = [], Counter()
    by_field = defaultdict(Counter)
    print(f"{'held out':9s} {'rules R':>8s} {'rules P':>8s} {'+clf R':>8s} {'+clf P':>8s} {'added':>6s} {'wrong':>6s}  fields read")
    hold = {int(x) for x in args.hold.split(",")} if args.hold else set(sets)
    for k, held in sets.items():
        if k not in hold:
            continue
        train_sets = {j: items for j, items in sets.items() if j != k}
        th = thresholds_for(train_sets, rules, params, args.target, args.min_added, cues)
        m = train([it for items in train_sets.values() for it in items], params)
        texts = [it["text"] for it in held]
        taken = [rules[_key(t)] for t in texts]
        added = m.propose(texts, th, taken) if cues else [
            {f: vp for f, vp in b.items() if f in th and f not in t and vp[1] >= th[f]}
            for b, t in zip(m.best(texts), taken)]
        base = score(held, [rules[_key(t)] for t in texts])
        both = score(held, combine(held, rules, added))
        n_added = sum(len(a) for a in added)
        wrong = 0
        for it, a in zip(held, added):
            want = it.get("facts") or {}
            for f, (v, _p) in a.items():
                ok = f in want and label_eq(want[f], v)
                by_field[f]["added"] += 1
                by_field[f]["right"] += ok
                wrong += not ok
        row = {"set": f"blind{k}", "rules": base, "combined": both, "added": n_added, "wrong": wrong,
               "thresholds": th}
        rows.append(row)
        for name, s in (("rules", base), ("combined", both)):
            for x in ("expected", "taken", "right"):
                totals[f"{name}_{x}"] += s[x]
        print(f"blind{k:<4d} {base['recall']:8.3f} {base['precision']:8.3f} {both['recall']:8.3f} "
              f"{both['precision']:8.3f} {n_added:6d} {wrong:6d}  "
              + " ".join(f"{f}@{t}" for f, t in sorted(th.items())))
    rr = totals["rules_right"] / totals["rules_expected"]
    rp = totals["rules_right"] / totals["rules_taken"]
    cr = totals["combined_right"] / totals["combined_expected"]
    cp = totals["combined_right"] / totals["combined_taken"]
    print(f"{'all':9s} {rr:8.3f} {rp:8.3f} {cr:8.3f} {cp:8.3f}")
    print("added per field (right/added): " + ", ".join(
        f"{f} {c['right']}/{c['added']}" for f, c in sorted(by_field.items())))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "by_field": by_field}, indent=2, default=str))
    return 0


def label_eq(want, v: str) -> bool:
    return ("true" if want is True else "false" if want is False else str(want)) == v


if __name__ == "__main__":
    sys.exit(main())
