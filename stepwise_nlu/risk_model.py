"""The learned risk classifier: how likely a message is to disclose immediate risk.

A linear model (scikit-learn's ``LogisticRegression``) over TF-IDF word 1-2
grams and character 2-5 grams (within word boundaries, so misspellings and
text-speak still share most of their features), trained on the labelled phrase
sets in ``data/triage/`` (thousands of disclosures and hard non-disclosures,
each set written by a different person) plus the NLU training examples (the
intent ``disclose_risk`` as disclosures, every other intent but ``check_risk``
as not). It replaces the intent classifier's ``disclose_risk`` confidence as
the learned half of triage: that classifier sees about 80 disclosures among a
thousand examples of twenty intents; this one sees 5,594 disclosures and
5,315 hard non-disclosures.

Pure Python (scikit-learn, PyYAML): no Rasa, no spaCy. The Rasa component
(``stepwise_nlu.components.ImmediateRiskDetector``) trains it, keeps it in the
model archive and asks it for a score; ``stepwise_nlu.triage`` decides the tier
from that score and the rule-based detector's hits, with thresholds in
``triage.yml``. How well it generalises is measured by leaving each phrase set
out in turn (``./stepwise bench risk_eval --cv``) and on a blind set written
after it (docs/nlu-measurements.md).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple, Union

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "data" / "triage"
#: the phrase sets the model learns from, in data/triage/ (a set written later
#: joins only after its first score has been taken)
DEFAULT_CORPUS = ("risk_phrases_dev.yml", "risk_phrases_holdout.yml", "risk_phrases_blind.yml",
                  "risk_phrases_blind2.yml", "risk_phrases_blind3.yml", "risk_phrases_blind4.yml",
                  "risk_phrases_blind5.yml", "risk_phrases_blind6.yml", "risk_phrases_blind7.yml",
                  "risk_phrases_blind8.yml", "risk_phrases_blind9.yml", "risk_phrases_blind10.yml",
                  "risk_phrases_blind11.yml", "risk_phrases_blind12.yml", "risk_phrases_blind13.yml",
                  "risk_phrases_blind14.yml", "risk_phrases_blind15.yml", "risk_phrases_blind16.yml",
                  "risk_phrases_blind17.yml", "risk_phrases_blind18.yml", "risk_phrases_blind19.yml",
                  "risk_phrases_blind20.yml")


@dataclass(frozen=True)
class Params:
    """Chosen by leaving each phrase set out in turn (docs/nlu-measurements.md, triage round 4):
    C 2 / 8 / 32 gave mean AUC 0.9964 / 0.9974 / 0.9977 and the fewest disclosures below the
    check-now threshold at 32; word 1-3 and character 1-6 grams changed nothing."""

    C: float = 32.0
    word_ngrams: Tuple[int, int] = (1, 2)
    char_ngrams: Tuple[int, int] = (2, 5)
    min_df: int = 2
    max_iter: int = 3000


def corpus_paths(names: Optional[Sequence[str]] = None, base: Union[str, Path, None] = None) -> List[Path]:
    """The phrase-set files by name (relative to data/triage/ unless absolute)."""
    base = Path(base) if base else CORPUS_DIR
    out = []
    for name in names or DEFAULT_CORPUS:
        p = Path(name)
        out.append(p if p.is_absolute() else base / p)
    return out


def load_phrase_set(path: Union[str, Path]) -> Tuple[List[str], List[str]]:
    """(disclosures, non-disclosures) of one phrase-set file."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    negatives = data.get("non_disclosures", data.get("not_disclosures")) or []
    positives = data.get("disclosures") or []
    if not positives or not negatives:
        raise ValueError(f"{path}: a phrase set needs both disclosures and non_disclosures")
    return [str(t) for t in positives], [str(t) for t in negatives]


def load_corpus(paths: Iterable[Union[str, Path]]) -> Tuple[List[str], List[int]]:
    texts: List[str] = []
    labels: List[int] = []
    for path in paths:
        pos, neg = load_phrase_set(path)
        texts += pos + neg
        labels += [1] * len(pos) + [0] * len(neg)
    return texts, labels


def label_intent_examples(examples: Iterable[Tuple[Optional[str], Optional[str]]], urgent_intent: str,
                          check_intent: str) -> Tuple[List[str], List[int]]:
    """NLU examples ``(intent, text)`` as the risk model learns them: the urgent intent as
    disclosures, every other intent but the check-now one (vague worry) as not."""
    texts: List[str] = []
    labels: List[int] = []
    for intent, text in examples:
        if text and intent != check_intent:
            texts.append(text)
            labels.append(1 if intent == urgent_intent else 0)
    return texts, labels


def corpus_digest(paths: Iterable[Union[str, Path]], params: Params = Params()) -> str:
    """A hash of the corpus files and the parameters: a changed file means a retrained model."""
    h = hashlib.sha256(repr(sorted(asdict(params).items())).encode())
    for path in paths:
        h.update(Path(path).name.encode())
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


class RiskModel:
    """A trained risk classifier. ``score(text)``: the probability that ``text`` discloses risk."""

    def __init__(self, word, char, classifier, params: Params) -> None:
        self.word, self.char, self.classifier, self.params = word, char, classifier, params

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[int], params: Params = Params()) -> "RiskModel":
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) != 2:
            raise ValueError("the risk model needs examples of both disclosures and non-disclosures")
        word = TfidfVectorizer(ngram_range=tuple(params.word_ngrams), min_df=params.min_df,
                               sublinear_tf=True, dtype=_float32())
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(params.char_ngrams),
                               min_df=params.min_df, sublinear_tf=True, dtype=_float32())
        x = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
        classifier = LogisticRegression(C=params.C, max_iter=params.max_iter, class_weight="balanced")
        classifier.fit(x, list(labels))
        # the vocabularies' stop lists are only for inspection; dropping them halves the archive
        word.stop_words_ = char.stop_words_ = None
        return cls(word, char, classifier, params)

    def score_many(self, texts: Sequence[str]) -> List[float]:
        from scipy.sparse import hstack

        if not texts:
            return []
        x = hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()
        return [float(p) for p in self.classifier.predict_proba(x)[:, 1]]

    def score(self, text: str) -> float:
        """``score_many([text])[0]`` computed term by term (see ``_OneText``): about a quarter of
        the time, the same probability to within 1e-6."""
        fast = self.__dict__.get("_one")
        if fast is None:
            fast = self.__dict__["_one"] = _OneText(self.word, self.char, self.classifier)
        return fast.score(text or "")

    def save(self, directory: Union[str, Path]) -> None:
        import joblib

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump({"word": self.word, "char": self.char, "classifier": self.classifier,
                     "params": asdict(self.params)}, directory / "risk_model.joblib")

    @classmethod
    def load(cls, directory: Union[str, Path]) -> "RiskModel":
        import joblib

        data = joblib.load(Path(directory) / "risk_model.joblib")
        return cls(data["word"], data["char"], data["classifier"], Params(**data["params"]))


class _OneText:
    """The model's probability for one text without building sparse matrices.

    The same arithmetic as ``TfidfVectorizer.transform`` (sublinear tf, idf, each vectorizer's
    row scaled to unit length) followed by ``LogisticRegression.predict_proba`` for a binary
    model (the logistic of the weights' dot product plus the intercept), done over a table
    term -> (idf, weight) in double precision. scikit-learn's own path (``score_many``) builds
    two float32 sparse rows, stacks them and validates them: three quarters of its time on one
    short message. tests/test_risk_model.py compares the two on every text of the corpus."""

    def __init__(self, word, char, classifier) -> None:
        coef = classifier.coef_[0]
        self.intercept = float(classifier.intercept_[0])
        self.parts = []
        offset = 0
        for vec in (word, char):
            idf = vec.idf_
            table = {term: (float(idf[i]), float(coef[offset + i])) for term, i in vec.vocabulary_.items()}
            self.parts.append((vec.build_analyzer(), table))
            offset += len(vec.vocabulary_)

    def score(self, text: str) -> float:
        z = self.intercept
        for analyzer, table in self.parts:
            counts: dict = {}
            for term in analyzer(text):
                if term in table:
                    counts[term] = counts.get(term, 0) + 1
            dot = square = 0.0
            for term, n in counts.items():
                idf, weight = table[term]
                value = (math.log(n) + 1.0) * idf
                square += value * value
                dot += value * weight
            if square:
                z += dot / math.sqrt(square)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


def _float32():
    import numpy as np

    return np.float32
