"""The risk detector's anchor index: a message runs only the patterns that
can match it.

spaCy's Matcher tries every pattern at every token, so its cost grows with the
number of patterns (over a thousand). A pattern's anchor is its rarest
required token; patterns with the same anchor share a small Matcher, run only
when the message has a key or form from that anchor. The matches are exactly
those of one Matcher with every pattern (:attr:`AnchorIndex.all_matcher`,
built on demand, which a test compares with).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple

from stepwise_nlu.risk_compile import MATCH_FORM, MATCH_KEY


# Words too common to be a pattern's anchor (see AnchorIndex).
COMMON_WORDS = frozenset("""
a an the this that these those my your his her our their its me you him us them i we he she they it
be is are was were been being am m s re ve d ll have has had do does did get got go going gone went
to of in on at for with from by up down out off about into over and or but not no so if than then
as just very really can could will would should may might must there here what who how when where
why which all any some one two mum dad child kid baby""".split())


def pattern_anchor(variants: List[List[Dict[str, Any]]], common: Set[str]) -> Optional[Set[str]]:
    """The union over a pattern's variants of each variant's rarest required
    token's entries, or None when some variant has no usable anchor."""
    out: Set[str] = set()
    for variant in variants:
        best: Optional[Tuple[int, int, Set[str]]] = None
        for tok in variant:
            if tok.get("OP") in ("?", "*"):
                continue
            entries: Optional[List[str]] = None
            for attr in (MATCH_KEY, MATCH_FORM):
                pred = tok.get(attr)
                if isinstance(pred, dict) and "IN" in pred and len(tok) == 1:
                    entries = [str(x) for x in pred["IN"]]
            if not entries:
                continue  # wildcard, regex or anything unusual: not an anchor
            score = (sum(1 for e in entries if e in common), len(entries))
            if best is None or score < best[:2]:
                best = (score[0], score[1], set(entries))
        if best is None or best[0] > 0:
            return None
        out |= best[2]
    return out


class AnchorIndex:
    """``compiled``: pattern id -> Matcher patterns (see risk_compile);
    ``common``: keys and forms too common to anchor a pattern;
    ``matcher_cls``: builds a Matcher for a vocab (spaCy's ``Matcher``)."""

    def __init__(self, vocab, compiled: Dict[str, List[List[Dict[str, Any]]]], common: Set[str],
                 matcher_cls: Callable[[Any], Any]) -> None:
        self.vocab = vocab
        self.compiled = compiled
        self._all_matcher = None
        self._build(matcher_cls, common)

    def _build(self, matcher_cls, common: Set[str]) -> None:
        """Index the patterns by an anchor, so a message only runs the patterns
        that can match it.

        spaCy's Matcher tries every pattern at every token, so its cost grows with
        the number of patterns (over a thousand here). A pattern's anchor is its
        rarest required token: a required, non-wildcard token matched by a list of
        keys / forms, the one with the fewest common words, then the fewest
        entries. The anchored patterns with the same anchor share a small Matcher,
        run only when the message has a key or form from that anchor (a Matcher
        call has a fixed cost, so fewer calls is faster); the few patterns with no
        anchor (every required token is common -- "be", "the", a pronoun -- or a
        regex) share one Matcher that always runs. The matches are exactly those
        of one Matcher with every pattern (``all_matcher``, built on demand).
        """
        always = matcher_cls(self.vocab)
        self._buckets: List[Any] = [always]
        self._anchor_index: Dict[str, List[int]] = {}
        by_anchor: Dict[frozenset, int] = {}
        for pid, variants in self.compiled.items():
            anchor = pattern_anchor(variants, common)
            if anchor is None:
                always.add(pid, variants)
                continue
            key = frozenset(anchor)
            idx = by_anchor.get(key)
            if idx is not None:
                self._buckets[idx].add(pid, variants)
                continue
            m = matcher_cls(self.vocab)
            m.add(pid, variants)
            idx = by_anchor[key] = len(self._buckets)
            self._buckets.append(m)
            for term in anchor:
                self._anchor_index.setdefault(term, []).append(idx)
        self._always_buckets = [0]

    @property
    def all_matcher(self):
        """One spaCy Matcher with every pattern (built on first use; detection
        uses the anchored Matchers, which give the same matches faster)."""
        if self._all_matcher is None:
            from spacy.matcher import Matcher

            m = Matcher(self.vocab)
            for pid, variants in self.compiled.items():
                m.add(pid, variants)
            self._all_matcher = m
        return self._all_matcher

    def match(self, shadow, forms: Sequence[str], keys: Sequence[str]) -> List[Tuple[int, int, int]]:
        """The matches on ``shadow`` (a Doc of the forms, NORM = keys) of every pattern that can match."""
        run: Set[int] = set(self._always_buckets)
        index = self._anchor_index
        for term in set(forms) | set(keys):
            hit = index.get(term)
            if hit:
                run.update(hit)
        raw: List[Tuple[int, int, int]] = []
        for i in sorted(run):
            raw.extend(self._buckets[i](shadow))
        return raw
