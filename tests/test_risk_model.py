"""The risk model's one-text score (stepwise_nlu.risk_model._OneText) against
scikit-learn's own transform and predict_proba, on every text of the corpus."""
import pytest

from stepwise_nlu.risk_model import DEFAULT_CORPUS, RiskModel, corpus_paths, load_corpus


@pytest.fixture(scope="module")
def model_and_texts():
    texts, labels = load_corpus(corpus_paths(DEFAULT_CORPUS))
    model = RiskModel.train(texts[:3000] + texts[-3000:], labels[:3000] + labels[-3000:])
    odd = ["", " ", "a", "!!!", "é" * 50, "word " * 400, "\u0130stanbul \u212a", "😀 he hit me 😀"]
    return model, texts + odd


def test_one_text_gives_scikit_learns_probability(model_and_texts):
    model, texts = model_and_texts
    slow = model.score_many(texts)
    fast = [model.score(t) for t in texts]
    worst = max(abs(a - b) for a, b in zip(slow, fast))
    assert worst < 1e-6, worst
    # and the scores span the range, so the comparison saw both kinds of text
    assert min(fast) < 0.01 and max(fast) > 0.99


def test_one_text_puts_every_text_on_the_same_side_of_every_threshold(model_and_texts):
    """The thresholds triage.yml compares the score with: no text changes tier."""
    from stepwise_nlu.triage import load_config

    model, texts = model_and_texts
    cfg = load_config()
    bars = sorted({v for k, v in vars(cfg).items()
                   if k.startswith("model_") and isinstance(v, float) and 0 < v < 1})
    assert len(bars) >= 3, bars
    flips = [(t, bar) for t, a, b in zip(texts, model.score_many(texts), [model.score(x) for x in texts])
             for bar in bars if (a >= bar) != (b >= bar)]
    assert flips == []
