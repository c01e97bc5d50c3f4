"""stepwise_nlu.lookup_regex and stepwise_nlu.lookup_match: the prefix-tree form
of a lookup pattern, and the dictionary matcher the extractor uses, find exactly
what Rasa's alternation finds, at the same places. (Pure Python: the component
that uses them is compared with Rasa's own in test_fast_components.)"""
import random
import re
from pathlib import Path

import pytest
import yaml

from stepwise_nlu.lookup_match import LookupMatcher
from stepwise_nlu.lookup_regex import factor, lookup_elements

ROOT = Path(__file__).resolve().parent.parent


def rasa_lookup_pattern(elements):
    # rasa.nlu.utils.pattern_utils._generate_lookup_regex, use_word_boundaries=True
    return "(\\b" + "\\b|\\b".join(re.escape(e) for e in elements) + "\\b)"


def spans(pattern, text, flags):
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags)]


def lookup_tables():
    data = yaml.safe_load((ROOT / "data" / "nlu" / "lookups.yml").read_text())["nlu"]
    return {t["lookup"]: [x[2:] for x in t["examples"].splitlines() if x.startswith("- ")] for t in data}


def nlu_texts():
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "nlu.yml").read_text())["nlu"]
    return [x[2:] for block in nlu if "examples" in block for x in block["examples"].splitlines() if x.startswith("- ")]


def table_texts(elements):
    """Texts built from every 7th entry of a table (at most about 300 spread over it), in four
    settings: case, punctuation and hyphens around the entry."""
    texts = []
    for e in elements[::max(7, len(elements) // 300)]:
        texts += [f"I think {e}, so", f"{e.upper()}!", f"not-{e}-really", f"({e})"]
    return texts


def corpus(tables, name):
    """What a table's pattern is compared on: the NLU examples, its own entries in context, and
    every 10th text built from the other tables (its cost grows with the tables' size, not its
    square)."""
    others = [t for other, elements in tables.items() if other != name for t in table_texts(elements)]
    return nlu_texts() + table_texts(tables[name]) + others[::10]


def test_the_rasa_form_round_trips():
    elements = ["a.b", "c(d)", "e f", "it’s", "x+y?"]
    assert lookup_elements(rasa_lookup_pattern(elements)) == elements
    for other in ["(?<!not )\\b(?:a|b)\\b", "(\\ba\\b|\\bb)", "abc", "(\\ba|b\\b)"]:
        assert lookup_elements(other) is None
        assert factor(other) == other


_TABLES = {}  # read once, before the comparison's workers are forked


def _compare_table(name):
    """One table's pattern against the two faster forms on its corpus: (differences, matches)."""
    elements = _TABLES[name]
    texts = corpus(_TABLES, name)
    original = re.compile(rasa_lookup_pattern(elements), re.IGNORECASE)
    faster = re.compile(factor(original.pattern), re.IGNORECASE)
    matcher = LookupMatcher([elements])
    # Rasa's alternation costs about 9 ms a text on the two tables of 19,000 and 26,000
    # entries: there it reads every third text, and the two faster forms, compared with each
    # other on every text, stand in for it between (the tables' other texts are all read).
    step = 3 if len(elements) > 10000 else 1
    differ, found = [], 0
    for i, t in enumerate(texts):
        b = spans(faster, t, 0)
        if b != matcher.matches(t)[0] or (i % step == 0 and spans(original, t, 0) != b):
            differ.append(t)
        found += len(b)
    return {"texts": len(texts), "shorter": len(faster.pattern) < len(original.pattern), "differ": differ[:5],
            "found": found}


def test_every_lookup_table_matches_the_same_text_in_the_same_places():
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    _TABLES.update(lookup_tables())
    assert len(_TABLES) >= 15
    names = sorted(_TABLES, key=lambda n: -len(_TABLES[n]))  # the largest first, shared out between the workers
    jobs = min(4, len(os.sched_getaffinity(0)))  # the cores this process may use, not the host's
    # a worker that dies fails the test (BrokenProcessPool), never hangs it
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        results = dict(zip(names, pool.map(_compare_table, names, timeout=600)))
    for name, r in results.items():
        assert r["texts"] > 2000 and r["shorter"], (name, r)
        assert not r["differ"], (name, r["differ"])
        assert r["found"] > 0, name  # the comparison saw real matches


@pytest.mark.parametrize("ignore_case", [True, False])
def test_order_of_alternatives_is_kept_where_it_matters(ignore_case):
    flags = re.IGNORECASE if ignore_case else 0
    cases = [
        (["sofa", "sofa surfing"], "she is sofa surfing"),
        (["sofa surfing", "sofa"], "she is sofa surfing"),
        (["ab", "a", "a b", "a-b"], "a b a-b ab a"),
        (["a b", "ab", "a"], "a b"),
        (["a b", "a", "a c"], "a c a b"),        # "a" must still win over "a c"
        (["a-b", "a", "a-c"], "a-c"),
        (["É", "x", "é"], "é É"),
        (["Ab", "ac"], "Ac ab AB ac"),
        (["é", "É b"], "É b é"),
    ]
    for elements, text in cases:
        p = rasa_lookup_pattern(elements)
        assert spans(p, text, flags) == spans(factor(p, ignore_case), text, flags), (elements, text)
        assert spans(p, text, flags) == LookupMatcher([elements], ignore_case).matches(text)[0], (elements, text)


@pytest.mark.parametrize("ignore_case", [True, False])
def test_random_tables_on_random_text(ignore_case):
    rng = random.Random(20261122)
    alphabet = ["a", "b", "A", " ", "-", "é", "É"]
    flags = re.IGNORECASE if ignore_case else 0
    for _ in range(3000):
        elements = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 8))]
        p = rasa_lookup_pattern(elements)
        f = factor(p, ignore_case)
        m = LookupMatcher([elements], ignore_case)
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
            assert spans(p, text, flags) == spans(f, text, flags), (elements, text, f)
            assert spans(p, text, flags) == m.matches(text)[0], (elements, text)
