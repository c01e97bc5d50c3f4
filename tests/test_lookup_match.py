"""stepwise_nlu.lookup_match: the dictionary matcher of lookup tables agrees
with Python's regex engine on every character, and with Rasa's patterns on
several tables at once (each table's own matches, whatever the others hold).
The comparison on Stepwise's own tables is in test_lookup_regex."""
import random
import re
import sys

import pytest

from stepwise_nlu.lookup_match import LookupMatcher, boundaries, fold, fold_char
from tests.test_lookup_regex import lookup_tables, rasa_lookup_pattern, spans

# characters the regex engine folds in unusual ways, and ones it does not fold
SPECIAL = "sSſkKKiIİıµΜμßẞσςΣθϑΘ’'-_ éÉǅǄǆ"


def all_characters() -> str:
    return "".join(chr(cp) for cp in range(sys.maxunicode + 1))


def test_case_keys_are_the_regex_engines_own_for_every_code_point():
    everything = all_characters()
    by_key = {}
    for cp, ch in enumerate(everything):
        by_key.setdefault(fold_char.__wrapped__(ch), []).append(cp)
    chars = set(SPECIAL) | {chr(c) for c in range(0x250)}  # ASCII, Latin-1, Latin Extended
    for entries in lookup_tables().values():
        for e in entries:
            chars.update(e)
    assert len(chars) > 600
    for ch in sorted(chars):
        matched = [m.start() for m in re.finditer(re.escape(ch), everything, re.IGNORECASE)]
        assert matched == by_key[fold_char(ch)], (ch, hex(ord(ch)))
        exact = [m.start() for m in re.finditer(re.escape(ch), everything)]
        assert exact == [ord(ch)] and fold_char(ch, False) == ch


def test_word_boundaries_are_the_regex_engines_for_every_code_point():
    everything = all_characters()
    probe = everything[:60000] + "a b_c\u00e9 \u2019x"
    assert boundaries(probe) == [m.start() for m in re.finditer(r"\b", probe)]
    words = [m.start() for m in re.finditer(r"\w", everything)]
    assert [i for i in range(len(everything)) if boundaries("." + everything[i] + ".") == [1, 2]] == words


def test_fold_keeps_length():
    for text in ["İstanbul ſchool KELVIN ß", "plain ascii", "mixed İ and ı", ""]:
        assert len(fold(text)) == len(text)


@pytest.mark.parametrize("ignore_case", [True, False])
def test_several_random_tables_at_once(ignore_case):
    """Each table's spans are its own pattern's, with other tables sharing entries
    and starting places (overlaps across tables are kept; within a table, not)."""
    rng = random.Random(20261207)
    alphabet = ["a", "b", "A", " ", "-", "é", "É", "ſ", "s", "K", "k", "İ", "i", "_", "1", "’"]
    flags = re.IGNORECASE if ignore_case else 0
    found = 0
    for _ in range(1500):
        tables = [["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 6))]
                  for _ in range(rng.randint(1, 4))]
        m = LookupMatcher(tables, ignore_case)
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
            got = m.matches(text)
            for t, entries in enumerate(tables):
                want = spans(rasa_lookup_pattern(entries), text, flags)
                assert got[t] == want, (tables, t, text)
                found += len(want)
    assert found > 1000


def test_an_empty_entry_is_refused():
    with pytest.raises(ValueError):
        LookupMatcher([["a", ""]])
