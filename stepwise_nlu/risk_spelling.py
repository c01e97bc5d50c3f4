"""The risk detector's spelling normaliser: each token's text to a *form*
(lower case, txt-speak and misspellings corrected towards the words the
patterns use) and a *key* (the form's lemma).

Misspellings are corrected by a small Damerau-Levenshtein search: only
alphabetic tokens of 5+ letters that are not known English words, within
distance 1 (2 for 9+ letters), towards the target words; ties go to the form
with the same consonant skeleton, and a form with exactly the same skeleton
may be one edit further away ("privits" -> "privates", "battred" ->
"battered"). A symmetric-delete index keeps this fast. Short words are never
fuzzy-matched (the patterns file has an explicit ``normalise`` map for "kil",
"nife"). The word lists are data (risk_patterns.yml); this is the mechanism.
Pure Python plus spacy-lookups-data's tables.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Set, Tuple

AGE_FUSED = re.compile(r"^(\d{1,2})(?:yo|y/o|yrs?|yr|years?|yearold|y\.o\.?)$")
#: a baby's or toddler's age fused in a clinical note: "5wks", "8mths", "6/52"
#: (weeks), "3/12" (months, under a year: "3/12 male"); keyed as a child's age
# an age fused with a sex the way clinical notes write it: "14yoM", "15yf" (with yo/y only: "10F" is
# a school form group and "5m" a length; "Pt 13F" is read by a pattern with the patient word)
AGE_SEX_FUSED = re.compile(r"^(\d{1,2})(?:yo|y/o|y)[fm]$")
INFANT_AGE_FUSED = re.compile(r"^(?:\d{1,2}(?:wks?|weeks?|mths?|mnths?|months?|/52)|(?:[1-9]|1[01])/12)$")
ALPHA = re.compile(r"^[a-z]+$")
QUOTE_FIX = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_AGE_FUSED, _ALPHA = AGE_FUSED, ALPHA


def damerau_levenshtein(a: str, b: str, max_dist: Optional[int] = None) -> int:
    """Optimal-string-alignment Damerau-Levenshtein distance (pure Python).

    With ``max_dist`` the computation stops early and returns ``max_dist + 1``
    as soon as the distance is known to exceed it.
    """
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if max_dist is not None and abs(la - lb) > max_dist:
        return max_dist + 1
    if la == 0 or lb == 0:
        return max(la, lb)
    prev2: List[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        row_min = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < row_min:
                row_min = v
        if max_dist is not None and row_min > max_dist:
            return max_dist + 1
        prev2, prev = prev, cur
    return prev[lb]


def consonant_skeleton(word: str) -> str:
    """First letter + the remaining consonants, doubled letters collapsed:
    "privates" and "privits" -> "prvts", "battered" and "battred" -> "btrd"."""
    if not word:
        return ""
    s = word[0] + re.sub(r"[aeiouy]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", s)


def _deletes(word: str, max_d: int) -> Set[str]:
    """The word and every string made by deleting up to ``max_d`` of its letters."""
    out = {word}
    frontier = {word}
    for _ in range(max_d):
        nxt = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


def fuzzy_max_distance(word: str) -> int:
    """Allowed edit distance for a token: 0 below 5 letters, 1 for 5-8, 2 for 9+."""
    n = len(word)
    if n >= 9:
        return 2
    if n >= 5:
        return 1
    return 0


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]



# ---------------------------------------------------------------- lookup tables


@lru_cache(maxsize=1)
def _lemma_lookup_table():
    """spaCy's English lemma lookup table (spacy-lookups-data), loaded once."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=4)
def _frequent_words(min_logprob: float) -> frozenset:
    """Alphabetic words of 5+ letters with log-probability >= ``min_logprob`` in
    spacy-lookups-data's ``en_lexeme_prob`` table: real English words that the
    fuzzy normaliser must never "correct" ("vaping" is not "raping").

    Read with a regex scan of the gzipped JSON (about 0.6 s, once per process)
    rather than ``json.load`` of its million entries. Empty if the table is missing.
    """
    import gzip

    try:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
        with gzip.open(path) as fh:
            raw = fh.read()
    except (ImportError, OSError):  # pragma: no cover - package layout changed
        return frozenset()
    pat = re.compile(rb'"([a-z]{5,})":\s*(-[0-9]{1,2}(?:\.[0-9]+)?)')
    return frozenset(m.group(1).decode("ascii") for m in pat.finditer(raw) if float(m.group(2)) >= min_logprob)


def _table_from_nlp(nlp) -> Any:
    """The lookup lemmatizer's table of a given pipeline, if it has one."""
    try:
        if "lemmatizer" in nlp.pipe_names:
            lem = nlp.get_pipe("lemmatizer")
            if getattr(lem, "mode", None) == "lookup" and lem.lookups.has_table("lemma_lookup"):
                table = lem.lookups.get_table("lemma_lookup")
                if len(table):
                    return table
    except Exception:  # pragma: no cover - defensive: odd pipelines
        pass
    return _lemma_lookup_table()



class SpellingNormaliser:
    """Text of a token -> (form, key). ``table``: a lemma lookup table (mapping);
    the other arguments are the word lists of risk_patterns.yml. Call
    :meth:`set_targets` with the words the patterns use before normalising."""

    def __init__(self, table: Mapping[str, str], normalise: Mapping[str, str] = (),
                 lemma_overrides: Mapping[str, str] = (), real_word_fixes: Mapping[str, str] = (),
                 not_fuzzy: Iterable[str] = (), not_fuzzy_targets: Iterable[str] = (),
                 known_word_min_logprob: float = -14.5) -> None:
        self.table = table
        self.normalise: Dict[str, str] = {str(k).lower(): str(v).lower() for k, v in dict(normalise).items()}
        self.lemma_overrides: Dict[str, str] = {str(k).lower(): str(v).lower() for k, v in dict(lemma_overrides).items()}
        self.real_word_fixes: Dict[str, str] = {str(k).lower(): str(v).lower() for k, v in dict(real_word_fixes).items()}
        self.not_fuzzy: Set[str] = {str(x).lower() for x in not_fuzzy or []}
        # forms the patterns use that must never be a correction target ("punshed" is "punched", not "punished")
        self.not_fuzzy_targets: Set[str] = {str(x).lower() for x in not_fuzzy_targets or []}
        self.known_word_min_logprob = float(known_word_min_logprob)
        self.lemma_values: Set[str] = {v for v in table.values() if isinstance(v, str)}
        self.fuzzy_vocab: Dict[str, str] = {}
        self.fuzzy_by_skeleton: Dict[str, List[str]] = {}
        self.fuzzy_deletes: Dict[str, List[str]] = {}
        self.fuzzy_max_len = 0
        self._cache: Dict[str, Tuple[str, str]] = {}

    # ------------------------------------------------------------ keys

    def lemma(self, form: str) -> str:
        """Key of a normalised form: lemma_overrides, else the lookup table."""
        if form.startswith("#"):
            return form
        if form in self.lemma_overrides:
            return self.lemma_overrides[form]
        return self.table.get(form, form)

    def literal_key(self, word: str) -> str:
        """Key of a word written in the patterns file (no fuzzy correction)."""
        w = word.lower().translate(QUOTE_FIX)
        if w.startswith("#"):
            return w
        return self.lemma(self.normalise.get(w, w))

    def is_known_word(self, w: str) -> bool:
        return (
            w in self.table
            or w in self.lemma_values
            or w in self.not_fuzzy
            or w in _frequent_words(self.known_word_min_logprob)
        )

    # ------------------------------------------------------------ targets

    def set_targets(self, literals: Iterable[str]) -> None:
        """The surface forms misspellings may be corrected towards: these words
        and the inflections of their lemmas that the lemma table confirms."""
        vocab: Dict[str, str] = {}
        for w in literals:
            lemma = self.lemma(w)
            vocab[w] = lemma
            for form in self.inflections(lemma):
                if self.table.get(form, None) == lemma:
                    vocab.setdefault(form, lemma)
        # only forms of 4+ letters are targets (the input side needs 5+); not_fuzzy_targets never are
        self.fuzzy_vocab = {w: l for w, l in vocab.items() if len(w) >= 4 and w not in self.not_fuzzy_targets}
        self.fuzzy_by_skeleton = {}
        # symmetric-delete index (as in SymSpell): two words within edit distance
        # d share a string obtained by deleting at most d letters from each, so a
        # query only compares against the few forms sharing one of its deletes
        self.fuzzy_deletes = {}
        self.fuzzy_max_len = max((len(w) for w in self.fuzzy_vocab), default=0)
        for w in sorted(self.fuzzy_vocab):
            self.fuzzy_by_skeleton.setdefault(consonant_skeleton(w), []).append(w)
            for v in _deletes(w, 2 if len(w) >= 7 else 1):
                self.fuzzy_deletes.setdefault(v, []).append(w)
        self._cache = {}

    @staticmethod
    def inflections(lemma: str) -> List[str]:
        if not ALPHA.match(lemma):
            return []
        out = [lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"]
        if lemma.endswith("e"):
            out += [lemma[:-1] + "ing"]
        if lemma.endswith("y"):
            out += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
        if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            out += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
        return out

    # ------------------------------------------------------------ correction

    def fuzzy_correct(self, word: str) -> Optional[str]:
        """The risk-vocabulary form a misspelt word stands for, or ``None``.

        Nearest form within ``fuzzy_max_distance`` edits; ties go to the form
        with the same consonant skeleton ("battred" is "battered", not
        "batted"), then the longer common prefix. When nothing is that close,
        a form with exactly the same consonant skeleton and first letter is
        accepted one edit further away ("privits" -> "privates", "beeting" ->
        "beating"): vowel slips are the commonest misspellings.
        """
        max_d = fuzzy_max_distance(word)
        # a word more than 2 letters longer than every form cannot be within 2
        # edits of any (both searches below skip length gaps over 2): return at
        # once instead of building its deletes, which grow as len(word)**2
        if max_d == 0 or len(word) > self.fuzzy_max_len + 2 or not ALPHA.match(word):
            return None
        skel = consonant_skeleton(word)
        best: Optional[Tuple[int, int, int, str]] = None
        n = len(word)
        cands: Set[str] = set()
        for v in _deletes(word, max_d):
            cands.update(self.fuzzy_deletes.get(v, ()))
        for cand in cands:
            if abs(len(cand) - n) <= max_d:
                d = damerau_levenshtein(word, cand, max_d)
                if d > max_d:
                    continue
                prefix = len(_common_prefix(word, cand))
                key = (d, 0 if consonant_skeleton(cand) == skel else 1, -prefix, cand)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[3]
        if len(skel) < 3:
            return None
        for cand in self.fuzzy_by_skeleton.get(skel, ()):
            if abs(len(cand) - n) > 2:
                continue
            d = damerau_levenshtein(word, cand, max_d + 1)
            if d <= max_d + 1:
                key = (d, 0, -len(_common_prefix(word, cand)), cand)
                if best is None or key < best:
                    best = key
        return best[3] if best else None

    def normalise_word(self, text: str) -> Tuple[str, str]:
        """(form, key) for one token's text: the values of the token extensions."""
        lower = text.lower().translate(QUOTE_FIX)
        cached = self._cache.get(lower)
        if cached is not None:
            return cached
        form = lower
        number_key: Optional[str] = None
        if lower in self.normalise:
            form = self.normalise[lower]
        elif lower in self.real_word_fixes:
            form = self.real_word_fixes[lower]
        elif lower.isdigit():
            # the form keeps the digits ("=2"); the key is the number's class
            n = int(lower)
            number_key = "#u16" if n <= 15 else ("#adult" if 18 <= n <= 99 else "#num")
        elif AGE_FUSED.match(lower):
            number_key = "#u16age" if int(AGE_FUSED.match(lower).group(1)) <= 15 else "#age"
        elif AGE_SEX_FUSED.match(lower):
            n = int(AGE_SEX_FUSED.match(lower).group(1))
            number_key = "#u16age" if n <= 15 else "#age"
        elif INFANT_AGE_FUSED.match(lower):
            number_key = "#u16age"
        elif lower in self.fuzzy_vocab:
            form = lower
        elif lower.endswith("in") and len(lower) >= 4 and (lower + "g") in self.fuzzy_vocab:
            form = lower + "g"  # txt-speak g-dropping: "gettin", "hittin", "beatin"
        elif ALPHA.match(lower) and len(lower) >= 5 and not self.is_known_word(lower):
            form = self.fuzzy_correct(lower) or lower
        if number_key is not None:
            key = number_key
        elif form in self.lemma_overrides:
            key = self.lemma_overrides[form]
        else:
            key = self.fuzzy_vocab.get(form) or self.lemma(form)
        result = (form, key)
        if len(self._cache) < 50000 and len(lower) <= 64:  # no cache of hostile giant tokens
            self._cache[lower] = result
        return result
