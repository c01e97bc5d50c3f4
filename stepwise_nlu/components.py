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

On every user message it runs :class:`stepwise_nlu.risk.RiskDetector`. On a
hit the message's intent becomes ``disclose_risk`` with confidence 1.0, put at
the top of ``intent_ranking``, and the hit is stored under ``risk``
(``{"category", "pattern_id", "strength"}``: rule ids, never the words), so a rule
on ``disclose_risk`` can give the urgent 999 / hub reply at once. Otherwise the
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
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
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
from scipy.sparse import csr_matrix, hstack, vstack

from stepwise_nlu.lookup_regex import factor
from stepwise_nlu.risk import RiskDetector, RiskHit

logger = logging.getLogger(__name__)

RISK_KEY = "risk"
#: the detector reads at most this many characters of a message (bounded work)
MAX_TEXT_CHARS = 4000
DEFAULT_RISK_INTENT = "disclose_risk"

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
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ImmediateRiskDetector(GraphComponent, IntentClassifier):
    """Overrides the intent with ``disclose_risk`` when a message discloses immediate risk."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # intent set on a hit; the domain and a rule must use the same name
            "intent": DEFAULT_RISK_INTENT,
            # optional path to another risk_patterns.yml (default: the packaged one)
            "patterns_path": None,
        }

    def __init__(self, config: Dict[Text, Any], detector: Optional[RiskDetector] = None) -> None:
        self.component_config = {**self.get_default_config(), **(config or {})}
        self.intent_name: Text = self.component_config["intent"]
        self.detector = detector or _shared_detector(self.component_config.get("patterns_path"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ImmediateRiskDetector:
        return cls(config)

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
            hit = self.detector.detect(doc if doc is not None and len(doc) else text)
        except Exception:  # never let the detector break NLU; fall back to raw text
            logger.exception("ImmediateRiskDetector failed on the spaCy doc; retrying on raw text")
            hit = self.detector.detect(text)
        if hit is None:
            return
        self._apply(message, hit)

    def _apply(self, message: Message, hit: RiskHit) -> None:
        top = {INTENT_NAME_KEY: self.intent_name, PREDICTED_CONFIDENCE_KEY: 1.0}
        ranking = [
            dict(r)
            for r in (message.get(INTENT_RANKING_KEY) or [])
            if isinstance(r, dict) and r.get(INTENT_NAME_KEY) != self.intent_name
        ]
        message.set(INTENT, dict(top), add_to_output=True)
        message.set(INTENT_RANKING_KEY, [dict(top)] + ranking, add_to_output=True)
        message.set(
            RISK_KEY,
            # rule ids only: never the matched words or their place in the text,
            # which the tracker store would keep (issue 9)
            {"category": hit.category, "pattern_id": hit.pattern_id, "strength": hit.strength},
            add_to_output=True,
        )
        logger.info("Immediate-risk disclosure detected: %s (%s)", hit.category, hit.pattern_id)


# --------------------------------------------------------------------------
# Faster drop-ins for two Rasa components. Same results, measured cheaper
# (docs/performance.md); tests compare each with Rasa's own on the same input.
# --------------------------------------------------------------------------


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LookupRegexEntityExtractor(RegexEntityExtractor):
    """Rasa's ``RegexEntityExtractor`` with its patterns compiled once, and each
    lookup-table alternation rewritten as an equivalent prefix tree
    (:mod:`stepwise_nlu.lookup_regex`).

    Rasa's extractor passes pattern *strings* to ``re.finditer``, relying on the
    ``re`` module's cache of 512 compiled patterns; in a server that compiles
    other regexes, that cache turns over and a 78,000-character lookup pattern
    is compiled again mid-turn. Entities found are the same, in the same order.
    """

    _compiled_for = None
    _compiled: List = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._patterns()  # compile while the model loads, not on the first message

    def _patterns(self) -> List:
        if self._compiled_for is not self.patterns:
            flags = 0 if self.case_sensitive else re.IGNORECASE
            self._compiled = [(p["name"], re.compile(factor(p["pattern"], not self.case_sensitive), flags))
                              for p in self.patterns]
            self._compiled_for = self.patterns
        return self._compiled

    def _extract_entities(self, message: Message) -> List[Dict[Text, Any]]:
        text = message.get(TEXT)
        entities = []
        for name, rx in self._patterns():
            for match in rx.finditer(text):
                start, end = match.start(), match.end()
                entities.append({
                    ENTITY_ATTRIBUTE_TYPE: name,
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    ENTITY_ATTRIBUTE_VALUE: text[start:end],
                })
        return entities


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's ``LogisticRegressionClassifier``, building its input row from the
    sentence features only.

    Rasa's version asks the message for all its sparse features, which
    deep-copies and joins the (much larger) per-token sequence features too,
    then discards them. The matrix built here is the same: the sparse
    sentence features in the order the featurizers added them, then the dense
    ones."""

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        rows = []
        for m in messages:
            sentence = [f for f in m.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
            blocks = [csr_matrix(f.features) for f in sentence if f.is_sparse()]
            blocks += [csr_matrix(f.features) for f in sentence if f.is_dense()]
            if not blocks:
                blocks = [csr_matrix([])]
            rows.append(blocks[0].tocsr() if len(blocks) == 1 else hstack(blocks, format="csr"))
        return rows[0] if len(rows) == 1 else vstack(rows, format="csr")
