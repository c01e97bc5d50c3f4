"""Tests for the immediate-risk detector (stepwise_nlu.risk) and its Rasa component.

Phrase sets (data): tests/data/risk_phrases_dev.yml (patterns are tuned on it)
and tests/data/risk_phrases_holdout.yml (written before the patterns; never
tuned on). Recall matters more than false alarms: a missed disclosure means no
urgent reply; a false alarm only means the urgent reply is shown needlessly.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from stepwise_nlu.risk import (  # noqa: E402
    RiskDetector,
    RiskHit,
    damerau_levenshtein,
    fuzzy_max_distance,
)

DATA = ROOT / "tests" / "data"


def _load(name: str):
    with open(DATA / name, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data["disclosures"], data["non_disclosures"]


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector()


def _rates(detector, positives, negatives):
    misses = [t for t in positives if detector.detect(t) is None]
    false_alarms = [(t, detector.detect(t)) for t in negatives]
    false_alarms = [(t, h.pattern_id) for t, h in false_alarms if h is not None]
    recall = 1 - len(misses) / len(positives)
    far = len(false_alarms) / len(negatives)
    return recall, far, misses, false_alarms


# ------------------------------------------------------------------ phrase sets


def test_phrase_sets_are_big_enough():
    dev_pos, dev_neg = _load("risk_phrases_dev.yml")
    hold_pos, hold_neg = _load("risk_phrases_holdout.yml")
    assert len(dev_pos) >= 150 and len(dev_neg) >= 120
    assert len(hold_pos) >= 80 and len(hold_neg) >= 80
    # the sets must not share phrases (the holdout would not be held out)
    dev = {t.lower().strip() for t in dev_pos + dev_neg}
    assert not dev & {t.lower().strip() for t in hold_pos + hold_neg}


def test_dev_recall_and_false_alarms(detector, capsys):
    pos, neg = _load("risk_phrases_dev.yml")
    recall, far, misses, false_alarms = _rates(detector, pos, neg)
    with capsys.disabled():
        print(f"\n[risk dev] recall {recall:.3f} ({len(pos) - len(misses)}/{len(pos)}), "
              f"false-alarm rate {far:.3f} ({len(false_alarms)}/{len(neg)})")
    assert recall >= 0.95, f"missed disclosures: {misses}"
    assert far <= 0.10, f"false alarms: {false_alarms}"


def test_holdout_recall_and_false_alarms(detector, capsys):
    pos, neg = _load("risk_phrases_holdout.yml")
    recall, far, misses, false_alarms = _rates(detector, pos, neg)
    with capsys.disabled():  # reported, never hidden
        print(f"\n[risk holdout] recall {recall:.3f} ({len(pos) - len(misses)}/{len(pos)}), "
              f"false-alarm rate {far:.3f} ({len(false_alarms)}/{len(neg)})")
        for t in misses:
            print(f"  holdout miss: {t}")
        for t, pid in false_alarms:
            print(f"  holdout false alarm: {t}  [{pid}]")
    assert recall >= 0.90, f"missed disclosures: {misses}"
    assert far <= 0.20, f"false alarms: {false_alarms}"


# ------------------------------------------------------------------ targeted


BRIEF_PROCEDURAL = [
    "what is the threshold for significant harm?",
    "how do I step down a child protection plan",
    "does a level 4 referral need consent",
    "when is a strategy meeting held",
    "child protection conference timescales",
    "is risk of significant harm level 4 in Stockport?",
]


@pytest.mark.parametrize("text", BRIEF_PROCEDURAL)
def test_procedural_questions_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "what should I do if a child tells me they are being sexually abused",
        "what are the signs of child sexual exploitation",
        "is sexual abuse always level 4 in wirral",
        "training on county lines and knife crime",
        "what does immediate risk mean in the threshold document",
        "how do we step down after a section 47 that found no significant harm",
    ],
)
def test_vocabulary_in_procedure_does_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "the child is not in immediate danger",
        "no immediate risk, parents want early help",
        "she is not suicidal but she is anxious",
        "nobody has hurt him, he needs help with anger",
        "the child denies any abuse and there are no injuries",
        "dad didn't hit her, she fell over",
    ],
)
def test_negated_statements_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "nope, nothing like that",  # "nothing" alone is not "nothing to eat"
        "a 16 year old lad wants help with college",  # "old lad" is not "older lads"
        "mum is 12 weeks pregnant and wants early help",  # weeks, not a child's age
        "he is suffering significant harm but not right now",  # negation after the match
        "she went missing once two years ago",  # historic
        "the dog bit my sister but she's fine",  # animal
        "he broke his wrist falling off his bike",  # accident
    ],
)
def test_known_false_alarm_shapes_do_not_trigger(detector, text):
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text,category",
    [
        ("no one is looking after him", "left_alone_young"),
        ("nobody is caring for the baby", "left_alone_young"),
        ("i dont feel safe at home", "immediate_danger"),
        ("she's not safe, dad is drunk", "immediate_danger"),
        ("he won't stop hitting her", "physical_harm"),
        ("not in immediate danger right now but he says his dad beats him", "physical_harm"),
        ("no he hit me again", "physical_harm"),
        ("the kids havent eaten for 2 days", "neglect"),
    ],
)
def test_negation_inside_the_disclosure_still_triggers(detector, text, category):
    hit = detector.detect(text)
    assert hit is not None and hit.category == category, hit


@pytest.mark.parametrize(
    "text,category",
    [
        ("her stepdad hit her and she's scared to go home tonight", "physical_harm"),
        ("my dad hits me", "physical_harm"),
        ("Do I need consent for a level 4 referral? the child has just told me her dad hit her", "physical_harm"),
        ("quick q about step up but actually mums partner just threatened the kids with a knife", "threat_to_kill"),
        ("dad has a knife", "weapon"),
        ("he is going to kill me when i get home", "threat_to_kill"),
        ("domestic violence happening right now, kids in the house", "immediate_danger"),
        ("she wants to kill herself tonight", "suicide_self_harm"),
        ("14 year old missing since this morning", "missing"),
        ("mum is planning to take her abroad to be cut", "fgm"),
        ("he is being made to run drugs for a county lines gang", "trafficking_exploitation"),
        ("my uncle touches me", "sexual_abuse"),
        ("a 3 year old has been left home alone", "left_alone_young"),
        ("the child has disclosed abuse and has to go home in an hour", "abuse_disclosed"),
        ("there's a knife involved and the children are in the house", "weapon"),
    ],
)
def test_disclosures_trigger_with_category(detector, text, category):
    hit = detector.detect(text)
    assert isinstance(hit, RiskHit)
    assert hit.category == category, hit
    assert hit.text and hit.pattern_id
    assert text[hit.start_char : hit.end_char] == hit.text


@pytest.mark.parametrize(
    "text",
    [
        "her dad punshed her",  # punched
        "dad threatend to kill the baby",  # threatened
        "16 year old is sucidal",  # suicidal
        "shes been sexualy abused",  # sexually
        "she sayd her stepdad tuches her",  # touches
        "he got stabed",  # stabbed
        "im gettin beat up at home",  # txt-speak g-dropping
        "i'm scarred of my dad",  # real-word misspelling
        "theyve left the kids home alon",  # short word from the explicit map
    ],
)
def test_misspellings_trigger(detector, text):
    assert detector.detect(text) is not None


def test_fuzzy_normaliser_rules(detector):
    assert damerau_levenshtein("abues", "abuse") == 1  # transposition
    assert damerau_levenshtein("punshed", "punched") == 1
    assert damerau_levenshtein("kitten", "sitting", max_dist=1) == 2  # early exit (> 1)
    assert [fuzzy_max_distance(w) for w in ("kil", "hurt", "stabs", "threatend")] == [0, 0, 1, 2]
    assert detector.fuzzy_correct("threatned") == "threatened"
    assert detector.fuzzy_correct("hurtt") is not None  # 5 letters: corrected
    assert detector.normalise_word("hurtt")[1] == "hurt"
    # short words are never fuzzy-matched ("hot" must not become "hit")
    assert detector.normalise_word("hot") == ("hot", "hot")
    # real English words are never "corrected" into risk words
    for word in ("vaping", "appropriately", "untouched", "conscious", "modest", "sacred"):
        assert detector.normalise_word(word)[0] == word, word
    assert detector.detect("mum is worried her son might be vaping") is None


def test_accepts_a_doc_and_sets_token_extensions(detector):
    doc = detector.nlp("My stepdad hits me")
    hit = detector.detect(doc)
    assert hit is not None and hit.text == "hits me"
    assert [t._.risk_key for t in doc] == ["my", "stepdad", "hit", "me"]
    assert doc.text == "My stepdad hits me"  # the caller's doc is not rewritten


def test_hit_text_is_the_callers_text(detector):
    text = "i\u2019m scared he\u2019ll kill me"
    hit = detector.detect(text)
    assert hit is not None and hit.text == text[hit.start_char : hit.end_char]
    assert "\u2019" in hit.text or hit.text == "kill me"


def test_empty_and_whitespace(detector):
    assert detector.detect("") is None
    assert detector.detect("   \n ") is None


def test_yaml_booleans_are_rejected(tmp_path):
    bad = tmp_path / "patterns.yml"
    bad.write_text("settings:\n  negation_cues: [not, no]\ngroups: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="boolean"):
        RiskDetector(patterns_path=bad)


# ------------------------------------------------------------------ pipeline


def test_build_pipeline_is_idempotent(tmp_path):
    import spacy

    from stepwise_nlu.pipeline import build_pipeline, main

    out = tmp_path / "spacy_blank"
    assert build_pipeline(out) == out.resolve()
    meta = out / "meta.json"
    first = meta.stat().st_mtime_ns
    assert main([str(out)]) == 0  # CLI; up to date, so nothing is rewritten
    assert meta.stat().st_mtime_ns == first
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["lemmatizer"]
    assert nlp.get_pipe("lemmatizer").mode == "lookup"
    assert [t.lemma_ for t in nlp("kids were beaten")] == ["kid", "be", "beat"]
    # force rebuilds in place; the result is again a loadable, current pipeline
    assert build_pipeline(out, force=True) == out.resolve()
    assert spacy.load(out).pipe_names == ["lemmatizer"]
    # a directory that is not a spaCy pipeline is never overwritten
    other = tmp_path / "not_a_pipeline"
    other.mkdir()
    (other / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        build_pipeline(other)


# ------------------------------------------------------------------ Rasa component


def test_rasa_component_overrides_intent(tmp_path):
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.nlu.training_data.message import Message

    from stepwise_nlu.components import ImmediateRiskDetector
    from stepwise_nlu.pipeline import build_pipeline

    model_dir = build_pipeline(tmp_path / "spacy_model")
    spacy_model = SpacyNLP.load_model(str(model_dir))
    spacy_nlp = SpacyNLP.create({**SpacyNLP.get_default_config(), "model": str(model_dir)}, None, None, None)

    ranking = [{"name": "ask_step_up", "confidence": 0.7}, {"name": "disclose_risk", "confidence": 0.2}]
    disclosure = Message(data={
        "text": "her stepdad hit her and she's scared to go home tonight",
        "intent": {"name": "ask_step_up", "confidence": 0.7},
        "intent_ranking": ranking,
    })
    procedural = Message(data={
        "text": "how do I step down a child protection plan",
        "intent": {"name": "ask_step_down", "confidence": 0.9},
        "intent_ranking": [{"name": "ask_step_down", "confidence": 0.9}],
    })
    button = Message(data={"text": '/choose_area{"area": "stockport"}',
                           "intent": {"name": "choose_area", "confidence": 1.0}})
    no_doc = Message(data={"text": "my dad hits me"})  # no SpacyNLP doc: own pipeline

    spacy_nlp.process([disclosure, procedural, button], spacy_model)
    assert disclosure.get("text_spacy_doc") is not None

    component = ImmediateRiskDetector.create(ImmediateRiskDetector.get_default_config(), None, None, None)
    out = component.process([disclosure, procedural, button, no_doc])
    assert out == [disclosure, procedural, button, no_doc]

    assert disclosure.get("intent") == {"name": "disclose_risk", "confidence": 1.0}
    names = [r["name"] for r in disclosure.get("intent_ranking")]
    assert names == ["disclose_risk", "ask_step_up"]  # on top, not duplicated
    assert disclosure.get("intent_ranking")[0]["confidence"] == 1.0
    assert disclosure.get("risk")["category"] == "physical_harm"
    assert "risk" in disclosure.as_dict(only_output_properties=True)
    # the SpacyNLP doc was reused (the detector annotated its tokens)
    assert disclosure.get("text_spacy_doc")[2]._.risk_key == "hit"

    assert procedural.get("intent") == {"name": "ask_step_down", "confidence": 0.9}
    assert procedural.get("intent_ranking") == [{"name": "ask_step_down", "confidence": 0.9}]
    assert procedural.get("risk") is None

    assert button.get("intent") == {"name": "choose_area", "confidence": 1.0}
    assert button.get("risk") is None

    assert no_doc.get("intent")["name"] == "disclose_risk"
    assert no_doc.get("intent_ranking") == [{"name": "disclose_risk", "confidence": 1.0}]
