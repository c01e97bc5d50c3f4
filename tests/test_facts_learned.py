"""The pure parts of the learned-fact-reader measurement (bench/facts_learned.py): how the
values it would add are scored and how each field's threshold is chosen."""
from bench.facts_learned import FactModel, Params, choose_thresholds, combine, cued, label_eq, score, _key


def test_threshold_is_the_lowest_with_the_precision_wanted_and_enough_values():
    rows = {"consent": [(0.95, True), (0.9, True), (0.85, True), (0.8, False), (0.7, True), (0.6, False)],
            "asker_role": [(0.99, True), (0.98, False)],
            "direction": [(0.9, True), (0.8, True)]}
    got = choose_thresholds(rows, target=0.75, min_added=3)
    # consent: at 0.7, 4 of 5 right (0.8); at 0.65 the same; at 0.6, 4 of 6 (0.67): 0.65 is the lowest grid step
    assert got == {"consent": 0.65}
    assert choose_thresholds(rows, target=0.75, min_added=2) == {"consent": 0.65, "direction": 0.3}


def test_added_values_never_replace_the_rules_and_are_scored_as_facts():
    items = [{"text": "mum said yes", "facts": {"consent": "given"}},
             {"text": "dad is a PCSO", "facts": {}}]
    rules = {_key("mum said yes"): {}, _key("dad is a PCSO"): {"asker_role": "police"}}
    added = [{"consent": ("given", 0.9)}, {"asker_role": ("school", 0.99), "immediate_risk": ("false", 0.9)}]
    got = combine(items, rules, added)
    assert got == [{"consent": "given"}, {"asker_role": "police", "immediate_risk": False}]
    s = score(items, got)
    assert (s["expected"], s["taken"], s["right"]) == (1, 3, 1)


def test_labels_and_cues():
    assert label_eq(True, "true") and label_eq("given", "given") and not label_eq(False, "true")
    assert cued("consent", "mum has agreed") and not cued("consent", "the boy is 9")


def test_the_classifier_learns_a_field_from_labelled_texts():
    texts = [f"mum has agreed to the referral {i}" for i in range(10)] + \
            [f"dad refused any help {i}" for i in range(10)] + [f"the boy is {i}" for i in range(10)]
    labels = [{"consent": "given"}] * 10 + [{"consent": "refused"}] * 10 + [{}] * 10
    m = FactModel.train(texts, labels, Params(min_df=1))
    best = m.best(["mum has agreed", "dad refused", "the boy is 12"])
    assert best[0]["consent"][0] == "given" and best[1]["consent"][0] == "refused"
    assert best[2]["consent"][1] < best[0]["consent"][1]
    assert m.propose(["mum has agreed"], {"consent": 0.0}, [["consent"]]) == [{}]
