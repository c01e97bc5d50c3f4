"""Rasa NLU components: the deterministic override for disclosures of immediate
risk, and faster drop-ins for two of Rasa's own components (at the end).

Put the detector in ``config.yml`` AFTER the intent classifier(s), e.g.::

    pipeline:
      - name: SpacyNLP
        model: models/spacy_blank_lookup     # python -m stepwise_nlu.pipeline models/spacy_blank_lookup
      - name: SpacyTokenizer
      - ...
      - name: DIETClassifier
      - name: stepwise_nlu.components.ImmediateRiskDetector

On every user message it runs :class:`stepwise_nlu.risk.RiskDetector` and the
learned risk model it trained (:mod:`stepwise_nlu.risk_model`, on the phrase
sets in ``data/triage/`` and the NLU examples), then
:func:`stepwise_nlu.triage.decide` on the detector's hits, the model's score and
the classifier's ranking: the one place where the safeguarding tier is decided (thresholds and
the rules not confident enough for the urgent reply are data, in
``stepwise_nlu/triage.yml``). The intent becomes:

- ``disclose_risk`` (urgent: a rule gives the urgent reply at once), or
- ``check_risk`` (check now: a rule asks the immediate-danger question at once,
  with the 999 line above it),

with confidence 1.0 at the top of ``intent_ranking``, and the tier is stored
under ``risk`` (``{"tier", "category", "pattern_id", "strength", "reason"}``:
rule ids, never the words). When neither tier applies but the classifier's own
top intent was one of those two, the next intent in its ranking takes its
place, so the classifier never gives either reply by itself. Otherwise the
message is left exactly as the classifier left it.

It reuses the spaCy Doc that ``SpacyNLP`` put on the message
(``text_spacy_doc``) when there is one; otherwise it tokenises with its own
blank English pipeline. Button payloads (``/intent{...}``) carry no free text
and are left alone.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME, INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import (
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack
from sklearn.utils.extmath import safe_sparse_dot, softmax

from stepwise_nlu.lookup_match import LookupMatcher
from stepwise_nlu.lookup_regex import lookup_elements
from stepwise_nlu.risk import RiskDetector, RiskHit
from stepwise_nlu.risk_model import Params as RiskModelParams
from stepwise_nlu.risk_model import RiskModel, corpus_digest, corpus_paths, label_intent_examples, load_corpus
from stepwise_nlu.triage import Triage, TriageConfig, decide, load_config

logger = logging.getLogger(__name__)

RISK_KEY = "risk"
#: the detector reads at most this many characters of a message (bounded work)
MAX_TEXT_CHARS = 4000
DEFAULT_RISK_INTENT = "disclose_risk"
DEFAULT_CHECK_INTENT = "check_risk"

_DETECTORS: Dict[Optional[str], RiskDetector] = {}
_DETECTORS_LOCK = threading.Lock()


def _shared_detector(patterns_path: Optional[str]) -> RiskDetector:
    """One detector per patterns file per process (building one takes ~1 s)."""
    with _DETECTORS_LOCK:
        detector = _DETECTORS.get(patterns_path)
        if detector is None:
            detector = RiskDetector(patterns_path=patterns_path)
            _DETECTORS[patterns_path] = detector
        return detector


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class ImmediateRiskDetector(GraphComponent, IntentClassifier):
    """Sets the intent ``disclose_risk`` (urgent) or ``check_risk`` (check now) by the triage rules."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # intent set on a hit; the domain and a rule must use the same name
            "intent": DEFAULT_RISK_INTENT,
            # optional path to another risk_patterns.yml (default: the packaged one)
            "patterns_path": None,
            # optional path to another triage.yml (default: the packaged one)
            "triage_path": None,
            # the phrase sets the risk model learns from (names in data/triage/, or paths);
            # None: stepwise_nlu.risk_model.DEFAULT_CORPUS. [] trains no model.
            "risk_corpus": None,
        }

    def __init__(self, config: Dict[Text, Any], detector: Optional[RiskDetector] = None,
                 triage: Optional[TriageConfig] = None, model: Optional[RiskModel] = None,
                 model_storage: Optional[ModelStorage] = None, resource: Optional[Resource] = None) -> None:
        self.component_config = {**self.get_default_config(), **(config or {})}
        self.model = model
        self._model_storage, self._resource = model_storage, resource
        self.triage = triage or load_config(self.component_config.get("triage_path"))
        self.triage.urgent_intent = self.component_config["intent"] or self.triage.urgent_intent
        self.intent_name: Text = self.triage.urgent_intent
        self.risk_intents = {self.triage.urgent_intent, self.triage.check_intent}
        self.detector = detector or _shared_detector(self.component_config.get("patterns_path"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ImmediateRiskDetector:
        return cls(config, model_storage=model_storage, resource=resource)

    @classmethod
    def _corpus(cls, config: Dict[Text, Any]):
        names = {**cls.get_default_config(), **(config or {})}.get("risk_corpus")
        return corpus_paths(names) if names != [] else []

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The phrase sets are read from files, not Rasa's training data: a change to one
        must retrain the model rather than reuse the cached one."""
        paths = cls._corpus(config)
        return corpus_digest(paths) if paths else None

    def train(self, training_data: TrainingData) -> Resource:
        """Train the risk model on the phrase sets and the NLU examples: ``disclose_risk``
        as disclosures, every other intent but ``check_risk`` (vague worry) as not."""
        paths = self._corpus(self.component_config)
        if paths:
            texts, labels = load_corpus(paths)
            nlu_texts, nlu_labels = label_intent_examples(
                ((e.get(INTENT), e.get(TEXT)) for e in training_data.intent_examples),
                self.triage.urgent_intent, self.triage.check_intent)
            texts, labels = texts + nlu_texts, labels + nlu_labels
            self.model = RiskModel.train(texts, labels, RiskModelParams())
            logger.info("Risk model trained on %d examples (%d disclosures)", len(labels), sum(labels))
            if self._model_storage is not None:
                with self._model_storage.write_to(self._resource) as directory:
                    self.model.save(directory)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ImmediateRiskDetector:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = RiskModel.load(directory)
        except (ValueError, FileNotFoundError):
            if cls._corpus(config):
                # a pipeline that names a corpus must not serve without its model: the
                # urgent tier would silently fall back to the earlier rules
                raise
        return cls(config, model=model, model_storage=model_storage, resource=resource)

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "spacy_lookups_data"]

    # Not trainable: nothing is learnt from training data and nothing is persisted.

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT)
        if not text or not isinstance(text, str) or not text.strip():
            return
        if text.lstrip().startswith(INTENT_MESSAGE_PREFIX):
            return  # a button payload such as /choose_area{"area": "stockport"}
        if len(text) > MAX_TEXT_CHARS:  # the channels cut messages shorter; this bounds any other way in
            text = text[:MAX_TEXT_CHARS]
            message.set(SPACY_DOCS[TEXT], None)
        doc = message.get(SPACY_DOCS[TEXT])
        try:
            hits = self.detector.detect_all(doc if doc is not None and len(doc) else text)
        except Exception:  # never let the detector break NLU; fall back to raw text
            logger.exception("ImmediateRiskDetector failed on the spaCy doc; retrying on raw text")
            hits = self.detector.detect_all(text)
        ranking = message.get(INTENT_RANKING_KEY) or []
        score = self.model.score(text) if self.model is not None else None
        self._apply(message, decide(hits, ranking, text, self.triage, score), hits)

    def _apply(self, message: Message, result: Triage, hits: List[RiskHit]) -> None:
        ranking = [dict(r) for r in (message.get(INTENT_RANKING_KEY) or []) if isinstance(r, dict)]
        if result.tier is None:
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if current in self.risk_intents:
                # the classifier alone gives neither reply. The next intent it ranked
                # takes over if it is confident enough; otherwise the case carries on
                # with what was understood (nlu_fallback: a rule runs the turn), so a
                # housing story is never answered with, say, a comparison of areas
                rest = [r for r in ranking if r.get(INTENT_NAME_KEY) not in self.risk_intents]
                if not rest or float(rest[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) < self.triage.carry_on_min:
                    rest = [{INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}] + rest
                message.set(INTENT, dict(rest[0]), add_to_output=True)
                message.set(INTENT_RANKING_KEY, rest, add_to_output=True)
            return
        top = {INTENT_NAME_KEY: result.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        rest = [r for r in ranking if r.get(INTENT_NAME_KEY) not in self.risk_intents]
        message.set(INTENT, dict(top), add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(top)] + rest, add_to_output=True)
        # the hit that decided the tier (the reason names it), else the strongest
        decided = result.reason.split(":", 1)[1] if result.reason.startswith("detector:") else None
        hit = next((h for h in hits if h.pattern_id == decided), hits[0] if hits else None)
        message.set(
            RISK_KEY,
            # rule ids only: never the matched words or their place in the text,
            # which the tracker store would keep (issue 9)
            {"tier": result.tier, "reason": result.reason,
             "category": hit.category if hit else None, "pattern_id": hit.pattern_id if hit else None,
             "strength": hit.strength if hit else None},
            add_to_output=True,
        )
        logger.info("Safeguarding tier %s (%s)", result.tier, result.reason)


# --------------------------------------------------------------------------
# Faster drop-ins for two Rasa components. Same results, measured cheaper
# (docs/performance.md); tests compare each with Rasa's own on the same input.
# --------------------------------------------------------------------------


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LookupRegexEntityExtractor(RegexEntityExtractor):
    """Rasa's ``RegexEntityExtractor`` with its lookup tables matched by a
    dictionary of their entries (:mod:`stepwise_nlu.lookup_match`) and its other
    patterns compiled once.

    Rasa's extractor passes pattern *strings* to ``re.finditer``, relying on the
    ``re`` module's cache of 512 compiled patterns; in a server that compiles
    other regexes, that cache turns over and a 78,000-character lookup pattern
    is compiled again mid-turn. Compiling the lookup patterns at all took most
    of the model's load. Entities found are the same, in the same order.
    """

    _compiled_for = None
    _compiled: List = []
    _lookups: Optional[LookupMatcher] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._patterns()  # build while the model loads, not on the first message

    def _compile(self, pattern: str, flags: int):
        """How one pattern that is not a lookup table is compiled."""
        return re.compile(pattern, flags)

    def _patterns(self) -> List:
        """``(name, compiled regex or the lookup table's number)`` for each pattern, in order."""
        if self._compiled_for is not self.patterns:
            flags = 0 if self.case_sensitive else re.IGNORECASE
            tables, compiled = [], []
            for p in self.patterns:
                entries = lookup_elements(p["pattern"])
                if entries:
                    compiled.append((p["name"], len(tables)))
                    tables.append(entries)
                else:
                    compiled.append((p["name"], self._compile(p["pattern"], flags)))
            self._lookups = LookupMatcher(tables, ignore_case=not self.case_sensitive)
            self._compiled = compiled
            self._compiled_for = self.patterns
        return self._compiled

    def _extract_entities(self, message: Message) -> List[Dict[Text, Any]]:
        text = message.get(TEXT)
        patterns = self._patterns()
        looked_up = self._lookups.matches(text) if self._lookups.n_tables else []
        entities = []
        for name, rx in patterns:
            spans = looked_up[rx] if isinstance(rx, int) else ((m.start(), m.end()) for m in rx.finditer(text))
            for start, end in spans:
                entities.append({
                    ENTITY_ATTRIBUTE_TYPE: name,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    ENTITY_ATTRIBUTE_VALUE: text[start:end],
                })
        return entities


def _one_sparse_row(blocks) -> csr_matrix:
    """``hstack(blocks, format="csr")`` for 1-row COO blocks, without the general
    machinery: columns shifted by the widths before them, entries in the same
    order (then put in canonical order, as the conversion to CSR does)."""
    offset, cols, data = 0, [], []
    for b in blocks:
        cols.append(b.col.astype(np.int64) + offset)
        data.append(b.data)
        offset += b.shape[1]
    data = np.concatenate(data).astype(np.result_type(*(b.dtype for b in blocks)), copy=False)
    row = csr_matrix((data, np.concatenate(cols), np.array([0, len(data)])), shape=(1, offset))
    row.sum_duplicates()
    return row


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's ``LogisticRegressionClassifier``, building its input row from the
    sentence features only.

    Rasa's version asks the message for all its sparse features, which
    deep-copies and joins the (much larger) per-token sequence features too,
    then discards them. The matrix built here is the same: the sparse
    sentence features in the order the featurizers added them, then the dense
    ones."""

    _coef_t = None  # (coef_, its transpose in C order)

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        rows = []
        for m in messages:
            sentence = [f for f in m.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
            if sentence and all(isinstance(f.features, coo_matrix) and f.features.shape[0] == 1 for f in sentence):
                rows.append(_one_sparse_row([f.features for f in sentence]))  # the usual case: count features
                continue
            blocks = [csr_matrix(f.features) for f in sentence if f.is_sparse()]
            blocks += [csr_matrix(f.features) for f in sentence if f.is_dense()]
            if not blocks:
                blocks = [csr_matrix([])]
            rows.append(blocks[0].tocsr() if len(blocks) == 1 else hstack(blocks, format="csr"))
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")

    def process(self, messages: List[Message]) -> List[Message]:
        """Rasa's ``process``, with the probabilities computed as scikit-learn's
        ``predict_proba`` computes them for a multinomial model, without its
        per-call input checks (the input is built above; anything else goes
        through ``predict_proba`` itself)."""
        X = self._create_X(messages)
        probas = self._predict_proba(X)
        for idx, message in enumerate(messages):
            intents = self.clf.classes_
            intent_ranking = [{"name": k, "confidence": v} for k, v in zip(intents, probas[idx])]
            sorted_ranking = sorted(intent_ranking, key=lambda e: -e["confidence"])
            intent = sorted_ranking[0]
            if self.config[RANKING_LENGTH] > 0:
                sorted_ranking = sorted_ranking[: self.config[RANKING_LENGTH]]
            message.set("intent", intent, add_to_output=True)
            message.set("intent_ranking", sorted_ranking, add_to_output=True)
        return messages

    def _predict_proba(self, X) -> np.ndarray:
        clf = self.clf
        coef = getattr(clf, "coef_", None)
        multinomial = clf.multi_class == "multinomial" or (
            clf.multi_class == "auto" and clf.classes_.size > 2 and clf.solver != "liblinear")
        if (not multinomial or coef is None or not isinstance(X, csr_matrix) or X.shape[1] != coef.shape[1]
                or coef.shape[0] < 2 or not np.isfinite(X.data).all()):
            return clf.predict_proba(X)
        # LogisticRegression.decision_function, then predict_proba's softmax. SciPy
        # multiplies by a C-ordered copy of ``coef_.T`` (a transposed view, so
        # ``ravel`` copies all the weights on every call): that copy is made once
        if self._coef_t is None or self._coef_t[0] is not coef:
            self._coef_t = (coef, np.ascontiguousarray(coef.T))
        return softmax(safe_sparse_dot(X, self._coef_t[1], dense_output=True) + clf.intercept_, copy=False)

