"""Rasa's lookup tables matched by a dictionary of their entries instead of
compiled regexes: the same matches, without compiling anything.

Rasa turns a lookup table into ``(\\bA\\b|\\bB\\b|...)`` and the extractor runs
``re.finditer`` over the message. Compiling Stepwise's tables (54,526 entries,
1.7 million characters, even as prefix trees) took about 8 s of a 12.5 s model
load; Python's regex parser is pure Python. :class:`LookupMatcher` builds one
dictionary of all tables' entries in well under a second and finds, for each
table, exactly the matches ``re.finditer`` finds:

* a match is an entry between two word boundaries (``\\b``, evaluated on the
  message as the regex engine does: a boundary between a word character,
  ``str.isalnum()`` or ``_``, and a non-word one or the text's edge);
* at one position the *first* entry of the table that matches wins (Python's
  alternation is ordered), not the longest;
* the search goes on after the end of a match (matches of one table never
  overlap);
* ignoring case is the regex engine's own: a cased character of an entry
  matches a character whose simple lower case is the same, or one of the few
  characters the engine treats as equal (``ſ`` and ``s``, Kelvin sign and
  ``k`` ...); an uncased one matches only itself. :func:`fold_char` computes
  one key per character from those rules and a test checks it against ``re``
  for every code point.
"""
from __future__ import annotations

import sre_compile
from functools import lru_cache
from typing import Dict, List, Sequence, Tuple

try:  # the regex engine's own case tables (CPython's C module behind `re`)
    import _sre

    _lower = _sre.unicode_tolower
    _iscased = _sre.unicode_iscased
except (ImportError, AttributeError):  # pragma: no cover - other interpreters
    _sre = None

    def _lower(cp: int) -> int:
        low = chr(cp).lower()
        return ord(low) if len(low) == 1 else cp

    def _iscased(cp: int) -> bool:
        ch = chr(cp)
        return ch.lower() != ch or ch.upper() != ch

# characters the engine treats as equal beyond their simple lower case, e.g. "s"
# with "ſ": each lower-case code point -> the others it also matches
_FIXES: Dict[int, Tuple[int, ...]] = getattr(sre_compile, "_ignorecase_fixes", {})


@lru_cache(maxsize=4096)
def fold_char(ch: str, ignore_case: bool = True) -> str:
    """One key per character such that two characters have the same key exactly
    when the regex engine (``re.IGNORECASE`` if `ignore_case`) matches either,
    written in a pattern, against the other in a text."""
    if not ignore_case:
        return ch
    cp = ord(ch)
    if cp < 128:
        return ch.lower()
    if not _iscased(cp):
        return ch
    low = _lower(cp)
    group = (low,) + tuple(_FIXES.get(low, ()))
    return chr(min(group))


def fold(text: str, ignore_case: bool = True) -> str:
    """``text`` with each character replaced by its key (same length)."""
    if not ignore_case:
        return text
    if text.isascii():
        return text.lower()
    return "".join(fold_char(c) for c in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def boundaries(text: str) -> List[int]:
    """Positions (0..len) where ``\\b`` holds in `text`."""
    out = []
    prev = False
    for i, ch in enumerate(text):
        w = _is_word(ch)
        if w != prev:
            out.append(i)
        prev = w
    if prev:
        out.append(len(text))
    return out


class LookupMatcher:
    """Every lookup table of an extractor, matched at once.

    `tables` are the tables' entries, in their order; :meth:`matches` gives, for
    each table, the ``(start, end)`` spans ``re.finditer`` would give for
    Rasa's pattern of that table (with word boundaries) on the same text.
    """

    def __init__(self, tables: Sequence[Sequence[str]], ignore_case: bool = True) -> None:
        self.ignore_case = ignore_case
        self.n_tables = len(tables)
        index: Dict[str, List[Tuple[int, int]]] = {}
        longest = 0
        for t, entries in enumerate(tables):
            for j, entry in enumerate(entries):
                if not entry:
                    raise ValueError(f"lookup table {t} has an empty entry")
                key = fold(entry, ignore_case)
                hits = index.setdefault(key, [])
                # a repeated entry never wins over its first occurrence
                if not any(ht == t for ht, _ in hits):
                    hits.append((t, j))
                longest = max(longest, len(key))
        self._index = {k: tuple(v) for k, v in index.items()}
        self.longest = longest

    def __len__(self) -> int:
        return len(self._index)

    def matches(self, text: str) -> List[List[Tuple[int, int]]]:
        folded = fold(text, self.ignore_case)
        edges = boundaries(text)
        index, longest = self._index, self.longest
        # per table: start -> (entry index, end) of the first entry matching there
        best: List[Dict[int, Tuple[int, int]]] = [{} for _ in range(self.n_tables)]
        n = len(edges)
        for a in range(n):
            s = edges[a]
            limit = s + longest
            for b in range(a + 1, n):
                e = edges[b]
                if e > limit:
                    break
                hits = index.get(folded[s:e])
                if hits:
                    for t, j in hits:
                        seen = best[t].get(s)
                        if seen is None or j < seen[0]:
                            best[t][s] = (j, e)
        out: List[List[Tuple[int, int]]] = []
        for starts in best:
            spans: List[Tuple[int, int]] = []
            pos = 0
            for s in sorted(starts):
                if s >= pos:
                    e = starts[s][1]
                    spans.append((s, e))
                    pos = e
            out.append(spans)
        return out
