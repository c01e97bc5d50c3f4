"""Stepwise's faster drop-ins give Rasa's own results on the trained model:

* SequentialGraphRunner (stepwise_rasa/runner.py) against Rasa's DaskGraphRunner:
  the same parse for every message and the same policy prediction after it;
* LookupRegexEntityExtractor against Rasa's RegexEntityExtractor: the same
  entities, in the same order, from the same patterns (on every third text);
* SentenceLogisticRegressionClassifier against Rasa's LogisticRegressionClassifier:
  the same input matrix, and the same intent and ranking, probabilities equal
  to the bit;
* IntentRulePolicy against Rasa's RulePolicy: the same prediction, after every
  message and after the action predicted for it, in one-message and in longer
  conversations.

The comparison runs in a subprocess (Rasa imports TensorFlow)."""
import json

from .rasa_helpers import MODEL, ROOT, needs_model, run_python

pytestmark = needs_model

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
from rasa.core.policies.rule_policy import RulePolicy
from stepwise_nlu.components import LookupRegexEntityExtractor, SentenceLogisticRegressionClassifier
from stepwise_rasa.policy import IntentRulePolicy
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
    data = yaml.safe_load((root / "data/triage" / name).read_text())
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
policy = component(seq_runner, IntentRulePolicy)
report_skip_active = not policy.text_search_can_match()
# Rasa's own RulePolicy with the same trained state (calling RulePolicy._predict on
# `policy` would still reach the subclass's methods)
rasa_policy = RulePolicy.__new__(RulePolicy)
rasa_policy.__dict__.update({k: v for k, v in policy.__dict__.items() if not k.startswith("_text_search")})
assert type(rasa_policy)._find_action_from_rules is RulePolicy._find_action_from_rules

def same_policy_prediction(tracker):
    mine, _ = policy._predict(tracker, meta.domain)
    rasas, _ = rasa_policy._predict(tracker, meta.domain)
    return (mine.probabilities == rasas.probabilities and mine.events == rasas.events
            and mine.optional_events == rasas.optional_events and mine.is_end_to_end_prediction
            == rasas.is_end_to_end_prediction and mine.is_no_user_prediction == rasas.is_no_user_prediction
            and mine.action_metadata == rasas.action_metadata), mine
classifier = component(seq_runner, SentenceLogisticRegressionClassifier)
featurizer_target = [n for n in meta.predict_schema.nodes if "CountVectorsFeaturizer" in n][-1]

report = {"texts": len(texts), "parse_differs": [], "predict_differs": [], "entities_differ": [],
          "matrix_differs": [], "entities_found": 0, "predictions": 0, "policy_differs": [],
          "policy_checks": 0, "skip_active": report_skip_active, "entity_checks": 0,
          "rankings": 0, "ranking_differs": []}
# longer conversations: every 6 consecutive messages, each followed by the action
# the policy predicts and then action_listen
long_tracker = None
for i, text in enumerate(texts):
    tracker = DialogueStateTracker.from_events(f"t{i}", [ActionExecuted("action_listen")], slots=meta.domain.slots)
    a, b = parse(dask_runner, text, tracker), parse(seq_runner, text, tracker)
    if json.dumps(a, sort_keys=True, default=str) != json.dumps(b, sort_keys=True, default=str):
        report["parse_differs"].append(text)
    tracker.update(UserUttered(text, intent=b.get("intent"), entities=b.get("entities", []), parse_data=b))
    if predict(dask_runner, tracker) != predict(seq_runner, tracker):
        report["predict_differs"].append(text)
    report["predictions"] += 1
    same, prediction = same_policy_prediction(tracker)
    report["policy_checks"] += 1
    if not same:
        report["policy_differs"].append(text)
    if i % 6 == 0:
        long_tracker = DialogueStateTracker.from_events(f"long{i}", [ActionExecuted("action_listen")],
                                                        slots=meta.domain.slots)
    long_tracker.update(UserUttered(text, intent=b.get("intent"), entities=b.get("entities", []), parse_data=b))
    for _ in range(2):
        same, prediction = same_policy_prediction(long_tracker)
        report["policy_checks"] += 1
        if not same:
            report["policy_differs"].append("(longer) " + text)
        action = meta.domain.action_names_or_texts[max(range(len(prediction.probabilities)),
                                                       key=prediction.probabilities.__getitem__)]
        long_tracker.update(ActionExecuted(action))
        if action == "action_listen":
            break
    if long_tracker.latest_action_name != "action_listen":
        long_tracker.update(ActionExecuted("action_listen"))
    # Rasa's extractor runs its alternations at about 36 ms a text (most of this test's time): the
    # component is compared on every third text; the patterns themselves are compared in
    # tests/test_lookup_regex.py (every table, on the NLU examples and texts built from the
    # tables) and tests/test_hardening_units.py (every pattern on the repository's message texts)
    if i % 3 == 0:
        msg = Message(data={"text": text})
        mine, rasas = extractor._extract_entities(msg), RegexEntityExtractor._extract_entities(extractor, msg)
        report["entities_found"] += len(rasas)
        report["entity_checks"] += 1
        if mine != rasas:
            report["entities_differ"].append(text)
    if text.strip() and not text.startswith("/"):
        (featurized,) = seq_runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage(text)], PLACEHOLDER_TRACKER: tracker},
                                       targets=[featurizer_target])[featurizer_target]
        x1 = classifier._create_X([featurized]).toarray()
        x2 = LogisticRegressionClassifier._create_X(classifier, [featurized]).toarray()
        if x1.shape != x2.shape or not np.array_equal(x1, x2) or not x1.any():
            report["matrix_differs"].append(text)
        # the probabilities, to the bit: Stepwise's process against Rasa's (predict_proba)
        mine = Message(data={"text": text}, features=list(featurized.features))
        rasas = Message(data={"text": text}, features=list(featurized.features))
        classifier.process([mine])
        LogisticRegressionClassifier.process(classifier, [rasas])
        report["rankings"] += 1
        if (mine.get("intent_ranking") != rasas.get("intent_ranking") or mine.get("intent") != rasas.get("intent")
                or not all(type(a["confidence"]) is type(b["confidence"]) for a, b in
                           zip(mine.get("intent_ranking"), rasas.get("intent_ranking")))):
            report["ranking_differs"].append(text)
print(json.dumps(report))
'''


def test_fast_drop_ins_give_rasas_results():
    report = json.loads(run_python(SCRIPT, MODEL, str(ROOT), timeout=900).strip().splitlines()[-1])
    assert report["texts"] > 1000 and report["predictions"] == report["texts"]
    assert report["entity_checks"] > 500 and report["entities_found"] > 150  # the comparison saw real entities
    assert report["skip_active"] is True  # the policy's shortcut is in use on this model...
    assert report["policy_checks"] > 2 * report["texts"]  # ...and was compared often
    assert report["rankings"] > 1000
    for key in ("parse_differs", "predict_differs", "entities_differ", "matrix_differs", "policy_differs",
                "ranking_differs"):
        assert report[key] == [], (key, report[key][:10])


def test_the_policy_searches_by_text_when_a_rule_could_match_text():
    code = r'''
import json
from rasa.core.policies.rule_policy import RULES
from stepwise_rasa.policy import IntentRulePolicy
p = IntentRulePolicy.__new__(IntentRulePolicy)
listen = {"prev_action": {"action_name": "action_listen"}}
p.lookup = {RULES: {json.dumps([{**listen, "user": {"intent": "greet"}}]): "utter_greet",
                    json.dumps([{"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "greet"}}]):
                        "action_listen"}}
assert p.text_search_can_match() is False
p.lookup = {RULES: {**p.lookup[RULES], json.dumps([{**listen, "user": {"text": "hi there"}}]): "utter_greet"}}
assert p.text_search_can_match() is True
'''
    run_python(code)


PAYLOAD_SCRIPT = r'''
import json, sys
from pathlib import Path
import yaml
import stepwise_rasa  # applies the speedups, the payload parse among them
from stepwise_rasa import speedups
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from guidance.loader import load
from rasa.shared.core.trackers import DialogueStateTracker

agent = Agent.load(sys.argv[1])
processor, domain = agent.processor, agent.domain
payloads = set()

def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "payload" and isinstance(v, str) and v.startswith("/"):
                payloads.add(v)
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)

for f in Path(sys.argv[2], "bot/domain").glob("*.yml"):
    walk(yaml.safe_load(f.read_text()))
payloads |= {"/" + i for i in domain.intents}
# every value of every fact a button can set (the domain's entities come from the same fields)
for name, fd in load().fields.items():
    if name not in domain.entities:
        continue
    values = (["true", "false"] if fd.type == "bool" else [json.dumps(v) for v in fd.values]
              if fd.type == "enum" else ["0", "7", "17"])
    payloads |= {f'/inform{{"{name}": {v}}}' for v in values + ['"unknown"']}
# payloads the handler cannot read, or reads in part: they must take the whole graph, as before
odd = ["/no_such_intent", '/inform{"consent": ', "/inform@0.5", '/inform{"not_an_entity": 1}',
       "/", "  /restart  ", '/inform{"area": "wirral"} and more']
tracker = DialogueStateTracker.from_events("t", [])
report = {"payloads": len(payloads), "odd": len(odd), "differs": [], "short": 0}
for text in sorted(payloads) + odd:
    fast = processor._parse_message_with_graph(UserMessage(text), tracker)
    slow = speedups._original_parse_with_graph(processor, UserMessage(text), tracker)
    if fast != slow:
        report["differs"].append([text, fast, slow])
    if fast.get("intent", {}).get("name") and text in payloads:
        report["short"] += 1
print(json.dumps(report, default=str))
'''


def test_a_payload_is_parsed_as_the_whole_graph_parses_it():
    """A button payload parsed by Rasa's payload reader alone gives exactly what the
    whole NLU graph gives, for every payload the domain and the slots can make and for
    texts that only look like payloads."""
    report = json.loads(run_python(PAYLOAD_SCRIPT, MODEL, str(ROOT), timeout=900).strip().splitlines()[-1])
    assert report["payloads"] > 100 and report["short"] == report["payloads"], report
    assert report["differs"] == [], report["differs"][:5]
