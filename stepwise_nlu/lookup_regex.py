"""Faster, equivalent regexes for Rasa's lookup tables.

Rasa turns a lookup table into one alternation, ``(\\bA\\b|\\bB\\b|...)``. Python's
regex engine tries every alternative at every position, so Stepwise's larger
tables (thousands of phrasings of consent, say) cost about a millisecond and a
half per message each.

:func:`factor` rewrites such a pattern as a prefix tree, ``(\\b(?:a(?:b\\b|c\\b)|...))``,
which matches exactly the same text at exactly the same places:

* Python's alternation is ordered (the first alternative that matches wins),
  so alternatives are only moved past others that can never match at the
  same place: ones whose next character differs, or an end of entry
  (``\\b``) against a continuation that would make ``\\b`` fail there (a word
  character after a word character, or a non-word one after a non-word
  one). Otherwise order is kept as written.
* Ignoring case, ASCII letters are grouped whatever their case; beyond
  ASCII, case-insensitive matching has special cases, so such characters
  are assumed to clash with any other.

A pattern that is not of Rasa's lookup form is returned unchanged.
"""
from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

_END = None  # the end of an entry: matched by \b
_OPEN, _SEP, _CLOSE = "(\\b", "\\b|\\b", "\\b)"


def lookup_elements(pattern: str) -> Optional[List[str]]:
    """The literal entries of a pattern made by Rasa's ``_generate_lookup_regex``
    (with word boundaries), or None if the pattern is not of that form."""
    if not (pattern.startswith(_OPEN) and pattern.endswith(_CLOSE)):
        return None
    parts = pattern[len(_OPEN):-len(_CLOSE)].split(_SEP)
    out = []
    for p in parts:
        lit = re.sub(r"\\(.)", r"\1", p, flags=re.S)
        if not lit or re.escape(lit) != p:
            return None
        out.append(lit)
    return out


def _is_word(ch: str) -> bool:
    return bool(re.match(r"\w", ch))


class _Tree:
    def __init__(self, ignore_case: bool) -> None:
        self.ignore_case = ignore_case

    def key(self, ch: str) -> str:
        return ch.lower() if self.ignore_case and ch.isascii() and ch.isalpha() else ch

    @staticmethod
    def conflict(a: Optional[str], b: Optional[str], prev_is_word: bool) -> bool:
        """After a prefix ending in a word character (or not), can an entry going
        on with `a` and one going on with `b` match at the same place?"""
        if a == b:
            return True
        if a is _END or b is _END:
            # an entry ending here needs \b: the next character's word-ness
            # must differ from the previous one's
            return _is_word(b if a is _END else a) != prev_is_word
        # two different ASCII characters never match the same one; beyond ASCII,
        # case-insensitive matching has special cases: assume they may
        return not (a.isascii() and b.isascii())

    def groups(self, entries: Sequence[str], prev_is_word: bool) -> List[Tuple[Optional[str], List[str]]]:
        """Group entries by next character, moving an entry earlier only past
        groups that can never match where it does."""
        groups: List[Tuple[Optional[str], List[str]]] = []
        for e in entries:
            k = self.key(e[0]) if e else _END
            target = None
            for i in range(len(groups) - 1, -1, -1):
                gk = groups[i][0]
                if gk == k:
                    target = i
                    break
                if self.conflict(gk, k, prev_is_word):
                    break
            if target is None:
                groups.append((k, [e]))
            elif k is not _END:
                groups[target][1].append(e)
            # a repeated end of entry adds nothing: the earlier one matches first
        return groups

    def build(self, entries: Sequence[str], prev_is_word: bool = False) -> str:
        alts = []
        for k, members in self.groups(entries, prev_is_word):
            if k is _END:
                alts.append("\\b")
            else:  # same character (or, ignoring case, the same letter)
                first = members[0][0]
                alts.append(re.escape(first) + self.build([m[1:] for m in members], _is_word(first)))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def factor(pattern: str, ignore_case: bool = True) -> str:
    """An equivalent, faster form of a Rasa lookup pattern (or the pattern
    itself), for matching with ``re.IGNORECASE`` or, if not `ignore_case`, without."""
    elements = lookup_elements(pattern)
    if not elements:
        return pattern
    return "(\\b" + _Tree(ignore_case).build(elements) + ")"
