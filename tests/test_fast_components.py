"""Stepwise's faster drop-ins give Rasa's own results on the trained model:

* SequentialGraphRunner (stepwise_rasa/runner.py) against Rasa's DaskGraphRunner:
  the same parse for every message and the same policy prediction after it;
* LookupRegexEntityExtractor against Rasa's RegexEntityExtractor: the same
  entities, in the same order, from the same patterns;
* SentenceLogisticRegressionClassifier against Rasa's LogisticRegressionClassifier:
  the same input matrix.

The comparison runs in a subprocess (Rasa imports TensorFlow)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = os.environ.get("STEPWISE_MODEL")

pytestmark = [
    pytest.mark.rasa,
    pytest.mark.skipif(not MODEL or not Path(MODEL).exists(),
                       reason="no trained model: run through ./stepwise test (it trains one and sets STEPWISE_MODEL)"),
]

SCRIPT = r'''
import json, re, sys, tempfile
from pathlib import Path
import numpy as np
import yaml
from rasa.engine import loader
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.core.channels.channel import UserMessage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message
from stepwise_nlu.components import LookupRegexEntityExtractor, SentenceLogisticRegressionClassifier
from stepwise_rasa.runner import SequentialGraphRunner

model, root = Path(sys.argv[1]), Path(sys.argv[2])

def load(cls):
    return loader.load_predict_graph_runner(Path(tempfile.mkdtemp()), model, LocalModelStorage, cls)

meta, dask_runner = load(DaskGraphRunner)
_, seq_runner = load(SequentialGraphRunner)

texts = []
for block in yaml.safe_load((root / "data/nlu/nlu.yml").read_text())["nlu"]:
    texts += [re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", x[2:])  # annotations removed
              for x in block.get("examples", "").splitlines() if x.startswith("- ")]
for name in ("risk_phrases_blind.yml", "risk_phrases_holdout.yml"):
    data = yaml.safe_load((root / "tests/data" / name).read_text())
    texts += [t for v in data.values() if isinstance(v, list) for t in v if isinstance(t, str)]
texts += ['/inform{"area": "wirral"}', "/restart"]

def parse(runner, text, tracker):
    out = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker},
                     targets=[meta.nlu_target])[meta.nlu_target][0]
    return out.as_dict(only_output_properties=True)

def predict(runner, tracker):
    p = runner.run(inputs={PLACEHOLDER_TRACKER: tracker}, targets=[meta.core_target])[meta.core_target]
    return p.policy_name, [round(x, 9) for x in p.probabilities]

def component(runner, cls):
    (node,) = [n for n in runner._instantiated_nodes.values() if isinstance(n._component, cls)]
    return node._component

extractor = component(seq_runner, LookupRegexEntityExtractor)
classifier = component(seq_runner, SentenceLogisticRegressionClassifier)
featurizer_target = [n for n in meta.predict_schema.nodes if "CountVectorsFeaturizer" in n][-1]

report = {"texts": len(texts), "parse_differs": [], "predict_differs": [], "entities_differ": [],
          "matrix_differs": [], "entities_found": 0, "predictions": 0}
for i, text in enumerate(texts):
    tracker = DialogueStateTracker.from_events(f"t{i}", [ActionExecuted("action_listen")], slots=meta.domain.slots)
    a, b = parse(dask_runner, text, tracker), parse(seq_runner, text, tracker)
    if json.dumps(a, sort_keys=True, default=str) != json.dumps(b, sort_keys=True, default=str):
        report["parse_differs"].append(text)
    tracker.update(UserUttered(text, intent=b.get("intent"), entities=b.get("entities", []), parse_data=b))
    if predict(dask_runner, tracker) != predict(seq_runner, tracker):
        report["predict_differs"].append(text)
    report["predictions"] += 1
    msg = Message(data={"text": text})
    mine, rasas = extractor._extract_entities(msg), RegexEntityExtractor._extract_entities(extractor, msg)
    report["entities_found"] += len(rasas)
    if mine != rasas:
        report["entities_differ"].append(text)
    if text.strip() and not text.startswith("/"):
        (featurized,) = seq_runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker},
                                       targets=[featurizer_target])[featurizer_target]
        x1 = classifier._create_X([featurized]).toarray()
        x2 = LogisticRegressionClassifier._create_X(classifier, [featurized]).toarray()
        if x1.shape != x2.shape or not np.array_equal(x1, x2) or not x1.any():
            report["matrix_differs"].append(text)
print(json.dumps(report))
'''


def test_fast_drop_ins_give_rasas_results():
    r = subprocess.run([sys.executable, "-c", SCRIPT, MODEL, str(ROOT)], cwd=ROOT, capture_output=True, text=True,
                       timeout=900, env={**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode == 0, r.stderr[-4000:]
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report["texts"] > 1000 and report["predictions"] == report["texts"]
    assert report["entities_found"] > 300  # the comparison saw real entities
    for key in ("parse_differs", "predict_differs", "entities_differ", "matrix_differs"):
        assert report[key] == [], (key, report[key][:10])
