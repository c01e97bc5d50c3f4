"""Deterministic detector for disclosures of immediate risk of significant harm.

Pure spaCy (no Rasa import). Rule-based, so the safeguarding reply never
depends on a statistical classifier's mood:

1. Every token gets two keys, stored in custom token extensions:
   ``token._.risk_form``: the lower-cased surface form after txt-speak
   normalisation and misspelling correction, and ``token._.risk_key``: the
   lemma of that form (spaCy's ``lookup`` lemmatizer table from
   spacy-lookups-data). Misspellings of risk words are corrected by a small
   Damerau-Levenshtein normaliser: only alphabetic tokens of 5+ letters that
   are not known English words are corrected, within distance 1 (2 for 9+
   letters), towards the words the patterns use; ties go to the form with the
   same consonant skeleton, and a form with exactly the same skeleton may be
   one edit further away ("privits" -> "privates", "battred" -> "battered").
   A symmetric-delete index keeps this fast. Short words are never
   fuzzy-matched (there is an explicit ``normalise`` map for "kil", "nife").
2. ``risk_patterns.yml`` holds the data: token patterns (a compact notation
   compiled to spaCy ``Matcher`` patterns over those two extensions), cues,
   and combinations of cues, in two tiers:

   * the *precise* tier: phrasings of a disclosure ("her stepdad hit her");
   * the *concept* tier (``tier: concept``): broad, recall-oriented rules built
     on concepts (a harm act, an injury, a weapon, sexual harm, neglect with
     danger, threats, self-harm, missing, exploitation, FGM / forced marriage,
     domestic abuse with a child present, fear, confinement...). A concept
     counts when its sentence (or the one before) mentions a person
     (a REFERENT cue: a child, a pronoun, a family member, a case).

3. A match counts unless (a) it is negated ("not in immediate danger",
   "nobody has hurt him"; only for patterns marked ``negatable``), (b) it sits
   in a hypothetical/generic clause ("what should I do if a child tells me...",
   "signs of ..."), (c) an exclusion word is next to it ("missing school"),
   (d) it is a *weak* pattern in a clause about procedure ("threshold",
   "level", "referral", "consent", ...), (e) it overlaps an IDIOM ("I could
   murder a cup of tea", "stabbed in the back by his friends"), or (f) it is in
   a generic question: a clause opened by a question word whose first
   reference to a person is generic ("is hitting a child legal?"); strong
   patterns only when the question is also about a TOPIC (legality, level,
   threshold, age...). Strong patterns (a concrete event with a victim, a
   first-person disclosure, imminence) ignore (d), so a disclosure mixed into
   a procedural question still triggers.
4. Concept-tier matches are also dropped (g) in a clause about procedure or a
   topic (lesson, training, policy...) with no particular person in it, (h) in
   a sentence about the past and resolved (HISTORIC: "case closed", "years
   ago") unless it is also about now (RECENT: "again", "last night"), and
   (i) for physical harm and injuries (``accident_sensitive``, also set on the
   precise injury patterns), in a sentence with an accidental explanation
   (ACCIDENT: "fell off", "playing football") unless it is doubted (DOUBT:
   "doesn't add up", "bruises on both ears", "mum says he fell").
   Their hits have strength ``"concept"`` and rank after precise hits.

Matching runs only the patterns whose *anchor* (rarest required token) occurs
in the message (see ``_build_anchor_index``): the same matches as one Matcher
with every pattern, about six times faster.

``RiskDetector().detect("her stepdad hit her and she's scared to go home")``
returns a :class:`RiskHit` (category, matched text, pattern id) or ``None``.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

import yaml

DEFAULT_PATTERNS_PATH = Path(__file__).with_name("risk_patterns.yml")

KEY_ATTR = "risk_key"
FORM_ATTR = "risk_form"
# The Matcher runs on a shadow Doc (same tokens; words = normalised forms,
# NORM = keys), so patterns use these native attributes: much faster than
# matching on the `_` extensions, and the caller's Doc is never changed
# beyond the two extension values.
_MATCH_KEY = "NORM"
_MATCH_FORM = "LOWER"

_AGE_FUSED = re.compile(r"^(\d{1,2})(?:yo|y/o|yrs?|yr|years?|yearold|y\.o\.?)$")
_ALPHA = re.compile(r"^[a-z]+$")
_QUOTE_FIX = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class RiskHit:
    """One accepted match: what kind of risk, which words, which pattern."""

    category: str
    text: str
    pattern_id: str
    start_char: int = 0
    end_char: int = 0
    strength: str = "strong"

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)


# ---------------------------------------------------------------- edit distance


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


def split_alternatives(tok: str) -> List[str]:
    """Split a token spec on "|", keeping a ``/regex/`` alternative whole even
    when the regex itself has "|" ("/^[0-9](yo|yrs?)$/|baby" -> two alternatives)."""
    out: List[str] = []
    i, n = 0, len(tok)
    while i <= n:
        if tok.startswith("/", i) or tok.startswith("?/", i):
            # a regex alternative runs to the first "/" that is followed by "|" or the end
            j = tok.find("/", i + (2 if tok[i] == "?" else 1))
            while j != -1 and j + 1 < n and tok[j + 1] != "|":
                j = tok.find("/", j + 1)
            if j != -1:
                out.append(tok[i : j + 1])
                i = j + 2
                continue
        j = tok.find("|", i)
        if j == -1:
            out.append(tok[i:])
            break
        out.append(tok[i:j])
        i = j + 1
    return out


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


# ---------------------------------------------------------------- lookups


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


def _register_extensions() -> None:
    from spacy.tokens import Token

    for name in (KEY_ATTR, FORM_ATTR):
        if not Token.has_extension(name):
            Token.set_extension(name, default=None)


# ---------------------------------------------------------------- pattern info


@dataclass
class _Info:
    kind: str  # "rule" | "cue"
    name: str  # category for rules, cue name for cues
    pattern_id: str
    strength: str = "strong"
    negatable: bool = True
    exclude_after: Set[str] = field(default_factory=set)
    exclude_before: Set[str] = field(default_factory=set)
    exclude_next: Set[str] = field(default_factory=set)
    exclude_within: Set[str] = field(default_factory=set)
    tier: str = "precise"  # "precise" | "concept"
    needs_referent: bool = False
    accident_sensitive: bool = False  # dropped in a sentence with an ACCIDENT cue and no DOUBT cue


@dataclass
class _Combo:
    id: str
    category: str
    cues: List[str]
    strength: str = "weak"
    tier: str = "precise"
    needs_referent: bool = False


@dataclass
class _Accepted:
    info: _Info
    start: int
    end: int
    sent: int


SPECIAL_CUES = ("HYPOTHETICAL", "PROCEDURAL", "LATER_NEGATION", "FRAME", "RESOLVED")
# FRAME     the whole message is material, not a case ("training scenario:",
#           "made-up case study", "quiz on", "essay on", "model answers",
#           "no children involved"): every match in the message is dropped.
# RESOLVED  the sentence reports a resolved outcome ("found safe and well",
#           "risk reduced to low", "stopped self-harming", "no concerns,
#           closing", "turned out to be a line from a song"): every match in
#           that sentence before the cue's end or in the cue's clause is
#           dropped (all tiers); a later clause ("...but she started cutting
#           again last night") still counts.
# Cues of the concept tier (see ``concept_tier`` in risk_patterns.yml). They
# trigger nothing; they decide whether a concept-tier match counts:
#   REFERENT      a person (child, pronoun, family member) the concept can be about
#   SPECIFIC_REF  a particular person ("my son", "her dad", "the baby", "mum")
#   GENERIC_REF   a person in general ("a child", "a 12 year old", "parents");
#                 a SPECIFIC_REF lying wholly inside a GENERIC_REF does not count
#   QUESTION      a question word opening a clause ("what", "how", "is", "can")
#   HELP          a plea for help ("can you help", "please help"): not a generic question
#   TOPIC         the clause is about a topic, not a case ("lesson", "training", "legal")
#   HISTORIC      the sentence is about the past and resolved ("case closed", "years ago")
#   RECENT        ...unless it is also about now ("again", "last night", "still")
#   ACCIDENT      an accidental explanation ("fell off", "playing football")
#   DOUBT         ...unless it is doubted ("doesn't add up", "unexplained")
#   IDIOM         a figure of speech: ANY match (any tier) overlapping it is dropped
CONCEPT_CUES = ("REFERENT", "SPECIFIC_REF", "GENERIC_REF", "QUESTION", "HELP", "TOPIC",
                "HISTORIC", "RECENT", "ACCIDENT", "DOUBT", "IDIOM")
NON_NEGATABLE_CUES = SPECIAL_CUES + CONCEPT_CUES
STRENGTH_ORDER = {"strong": 0, "weak": 1, "concept": 2}


class RiskDetector:
    """Rule-based detector of disclosures of immediate risk to a child.

    ``nlp``: a spaCy ``Language`` used to tokenise raw text (default: the
    blank English pipeline with a lookup lemmatizer from
    :mod:`stepwise_nlu.pipeline`). ``detect`` also accepts a ready ``Doc``
    from any English pipeline (e.g. the one Rasa's ``SpacyNLP`` made).
    """

    def __init__(self, nlp=None, patterns_path: Union[str, Path, None] = None,
                 validate_patterns: bool = False) -> None:
        if nlp is None:
            from stepwise_nlu.pipeline import make_nlp

            nlp = make_nlp()
        self.nlp = nlp
        self.patterns_path = Path(patterns_path) if patterns_path else DEFAULT_PATTERNS_PATH
        with open(self.patterns_path, encoding="utf-8") as fh:
            self.config: Dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        _check_no_booleans_in_word_lists(self.config, str(self.patterns_path))
        _register_extensions()
        self._table = _table_from_nlp(nlp)
        self._lemma_values: Set[str] = {v for v in self._table.values() if isinstance(v, str)}
        self._load_config()
        _frequent_words(self.known_word_min_logprob)  # load now, not on the first message
        self._norm_cache: Dict[str, Tuple[str, str]] = {}
        from spacy.matcher import Matcher

        self._all_matcher = None
        self._build_anchor_index(lambda vocab: Matcher(vocab, validate=validate_patterns))

    # ------------------------------------------------------------ config

    def _load_config(self) -> None:
        cfg = self.config
        s = cfg.get("settings", {}) or {}
        self.negation_window = int(s.get("negation_window", 4))
        self.later_negation_window = int(s.get("later_negation_window", 3))
        self.known_word_min_logprob = float(s.get("known_word_min_logprob", -14.5))
        self.exclude_window = int(s.get("exclude_window", 4))
        self.sentence_boundaries = {str(x) for x in s.get("sentence_boundaries", [".", "?", "!", ";"])}
        self.clause_boundaries = {str(x) for x in s.get("clause_boundaries", [","])} | self.sentence_boundaries
        self.negation_cues = {str(x) for x in s.get("negation_cues", ["not", "no", "never"])}
        self.negation_breakers = {str(x) for x in s.get("negation_breakers", [])}
        self.no_interjection_followers = {str(x) for x in s.get("no_interjection_followers", [])}
        self.normalise: Dict[str, str] = {str(k).lower(): str(v).lower() for k, v in (cfg.get("normalise") or {}).items()}
        self.lemma_overrides: Dict[str, str] = {
            str(k).lower(): str(v).lower() for k, v in (cfg.get("lemma_overrides") or {}).items()
        }
        self.real_word_fixes: Dict[str, str] = {
            str(k).lower(): str(v).lower() for k, v in (cfg.get("real_word_fixes") or {}).items()
        }
        self.not_fuzzy: Set[str] = {str(x).lower() for x in cfg.get("not_fuzzy", []) or []}
        # forms the patterns use that must never be a correction target ("punshed" is "punched", not "punished")
        self.not_fuzzy_targets: Set[str] = {str(x).lower() for x in cfg.get("not_fuzzy_targets", []) or []}
        self.sets: Dict[str, List[str]] = {k: [str(x) for x in v] for k, v in (cfg.get("sets") or {}).items()}

        # Infos: rules, cues (incl. HYPOTHETICAL / PROCEDURAL)
        self._raw_patterns: List[Tuple[str, str, _Info]] = []  # (key, spec, info)
        for cue_name, cue in (cfg.get("cues") or {}).items():
            negatable = bool(cue.get("negatable", cue_name not in NON_NEGATABLE_CUES))
            for i, p in enumerate(cue.get("patterns", [])):
                spec, extra = self._split_pattern(p)
                info = _Info(
                    kind="cue",
                    name=cue_name,
                    pattern_id=f"cue.{cue_name}.{extra.get('id', i)}",
                    negatable=bool(extra.get("negatable", negatable)),
                    exclude_after=self._word_set(cue.get("exclude_after", [])) | self._word_set(extra.get("exclude_after", [])),
                    exclude_before=self._word_set(cue.get("exclude_before", [])) | self._word_set(extra.get("exclude_before", [])),
                    exclude_next=self._word_set(cue.get("exclude_next", [])) | self._word_set(extra.get("exclude_next", [])),
                    exclude_within=self._word_set(cue.get("exclude_within", [])) | self._word_set(extra.get("exclude_within", [])),
                )
                self._raw_patterns.append((info.pattern_id, spec, info))
        for group in cfg.get("groups", []) or []:
            gid = group["id"]
            g_tier = str(group.get("tier", "precise"))
            if g_tier not in ("precise", "concept"):
                raise ValueError(f"group {gid}: unknown tier {g_tier!r}")
            for i, p in enumerate(group.get("patterns", [])):
                spec, extra = self._split_pattern(p)
                tier = str(extra.get("tier", g_tier))
                info = _Info(
                    kind="rule",
                    name=str(extra.get("category", group["category"])),
                    pattern_id=f"{gid}.{extra.get('id', i)}",
                    strength=str(extra.get("strength", group.get("strength", "strong"))),
                    negatable=bool(extra.get("negatable", group.get("negatable", True))),
                    exclude_after=self._word_set(group.get("exclude_after", [])) | self._word_set(extra.get("exclude_after", [])),
                    exclude_before=self._word_set(group.get("exclude_before", [])) | self._word_set(extra.get("exclude_before", [])),
                    exclude_next=self._word_set(group.get("exclude_next", [])) | self._word_set(extra.get("exclude_next", [])),
                    exclude_within=self._word_set(group.get("exclude_within", [])) | self._word_set(extra.get("exclude_within", [])),
                    tier=tier,
                    needs_referent=bool(extra.get("needs_referent", group.get("needs_referent", tier == "concept"))),
                    accident_sensitive=bool(extra.get("accident_sensitive",
                                                      group.get("accident_sensitive", tier == "concept"))),
                )
                if info.tier == "concept":
                    info.strength = "concept"
                self._raw_patterns.append((info.pattern_id, spec, info))
        ids = [pid for pid, _, _ in self._raw_patterns]
        dupes = {x for x in ids if ids.count(x) > 1}
        if dupes:
            raise ValueError(f"duplicate pattern ids in {self.patterns_path}: {sorted(dupes)}")
        self._infos: Dict[str, _Info] = {pid: info for pid, _, info in self._raw_patterns}
        cue_names = {info.name for info in self._infos.values() if info.kind == "cue"}
        self.combos: List[_Combo] = []
        for c in cfg.get("combos", []) or []:
            missing = [x for x in c["all"] if x not in cue_names]
            if missing:
                raise ValueError(f"combo {c['id']} uses undefined cues {missing}")
            tier = str(c.get("tier", "precise"))
            self.combos.append(_Combo(id=f"combo.{c['id']}", category=str(c["category"]),
                                      cues=list(c["all"]),
                                      strength="concept" if tier == "concept" else str(c.get("strength", "weak")),
                                      tier=tier,
                                      needs_referent=bool(c.get("needs_referent", tier == "concept"))))
        concept = cfg.get("concept_tier") or {}
        # how many tokens of its clause a QUESTION word may follow ("hi, quick q: what ...")
        self.question_max_offset = int(concept.get("question_max_offset", 2))
        # a REFERENT in the sentence before also counts ("Stockport case. Toddler has burns")
        self.referent_prev_sentences = int(concept.get("referent_prev_sentences", 1))

        self._build_fuzzy_vocab()
        self._compiled: Dict[str, List[List[Dict[str, Any]]]] = {
            pid: self._compile(spec, pid) for pid, spec, _ in self._raw_patterns
        }

    @staticmethod
    def _split_pattern(p: Any) -> Tuple[str, Dict[str, Any]]:
        if isinstance(p, str):
            return p, {}
        if isinstance(p, dict) and "p" in p:
            return str(p["p"]), {k: v for k, v in p.items() if k != "p"}
        raise ValueError(f"bad pattern entry: {p!r}")

    def _word_set(self, words: Iterable[str]) -> Set[str]:
        """Words of an exclusion list: each word and its key (lemma), so "school"
        also excludes "schools"; "=told" is the form only (not "tell", "tells")."""
        out: Set[str] = set()
        for w in words or []:
            w = str(w).lower()
            if w.startswith("=") and len(w) > 1:
                out.add(w[1:])
                continue
            out.add(w)
            out.add(self._literal_key(w))
        return out

    # ------------------------------------------------------------ normalisation

    def _lemma(self, form: str) -> str:
        """Key of a normalised form: lemma_overrides, else the lookup table."""
        if form.startswith("#"):
            return form
        if form in self.lemma_overrides:
            return self.lemma_overrides[form]
        return self._table.get(form, form)

    def _literal_key(self, word: str) -> str:
        """Key of a word written in the patterns file (no fuzzy correction)."""
        w = word.lower().translate(_QUOTE_FIX)
        if w.startswith("#"):
            return w
        return self._lemma(self.normalise.get(w, w))

    def _is_known_word(self, w: str) -> bool:
        return (
            w in self._table
            or w in self._lemma_values
            or w in self.not_fuzzy
            or w in _frequent_words(self.known_word_min_logprob)
        )

    def _build_fuzzy_vocab(self) -> None:
        """Surface forms the normaliser may correct towards, with their lemmas."""
        literals: Set[str] = set()

        def add_literal(tok: str) -> None:
            for alt in split_alternatives(tok):
                alt = alt.lstrip("?=")
                if not alt or alt[0] in "$~#/_":
                    continue
                if _ALPHA.match(alt):
                    literals.add(alt)

        for _, spec, _ in self._raw_patterns:
            for tok in spec.split():
                add_literal(tok)
        for words in self.sets.values():
            for w in words:
                add_literal(w)
        for w in self.config.get("fuzzy_extra", []) or []:
            add_literal(str(w).lower())
        for v in self.real_word_fixes.values():
            add_literal(v)

        vocab: Dict[str, str] = {}
        for w in literals:
            lemma = self._lemma(w)
            vocab[w] = lemma
            for form in self._inflections(lemma):
                if self._table.get(form, None) == lemma:
                    vocab.setdefault(form, lemma)
        # only forms of 4+ letters are targets (the input side needs 5+); not_fuzzy_targets never are
        self.fuzzy_vocab: Dict[str, str] = {w: l for w, l in vocab.items()
                                            if len(w) >= 4 and w not in self.not_fuzzy_targets}
        self._fuzzy_by_skeleton: Dict[str, List[str]] = {}
        # symmetric-delete index (as in SymSpell): two words within edit distance
        # d share a string obtained by deleting at most d letters from each, so a
        # query only compares against the few forms sharing one of its deletes
        self._fuzzy_deletes: Dict[str, List[str]] = {}
        self._fuzzy_max_len = max((len(w) for w in self.fuzzy_vocab), default=0)
        for w in sorted(self.fuzzy_vocab):
            self._fuzzy_by_skeleton.setdefault(consonant_skeleton(w), []).append(w)
            for v in _deletes(w, 2 if len(w) >= 7 else 1):
                self._fuzzy_deletes.setdefault(v, []).append(w)

    @staticmethod
    def _inflections(lemma: str) -> List[str]:
        if not _ALPHA.match(lemma):
            return []
        out = [lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"]
        if lemma.endswith("e"):
            out += [lemma[:-1] + "ing"]
        if lemma.endswith("y"):
            out += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
        if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            out += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
        return out

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
        if max_d == 0 or len(word) > self._fuzzy_max_len + 2 or not _ALPHA.match(word):
            return None
        skel = consonant_skeleton(word)
        best: Optional[Tuple[int, int, int, str]] = None
        n = len(word)
        cands: Set[str] = set()
        for v in _deletes(word, max_d):
            cands.update(self._fuzzy_deletes.get(v, ()))
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
        for cand in self._fuzzy_by_skeleton.get(skel, ()):
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
        lower = text.lower().translate(_QUOTE_FIX)
        cached = self._norm_cache.get(lower)
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
        elif _AGE_FUSED.match(lower):
            number_key = "#u16age" if int(_AGE_FUSED.match(lower).group(1)) <= 15 else "#age"
        elif lower in self.fuzzy_vocab:
            form = lower
        elif lower.endswith("in") and len(lower) >= 4 and (lower + "g") in self.fuzzy_vocab:
            form = lower + "g"  # txt-speak g-dropping: "gettin", "hittin", "beatin"
        elif _ALPHA.match(lower) and len(lower) >= 5 and not self._is_known_word(lower):
            form = self.fuzzy_correct(lower) or lower
        if number_key is not None:
            key = number_key
        elif form in self.lemma_overrides:
            key = self.lemma_overrides[form]
        else:
            key = self.fuzzy_vocab.get(form) or self._lemma(form)
        result = (form, key)
        if len(self._norm_cache) < 50000 and len(lower) <= 64:  # no cache of hostile giant tokens
            self._norm_cache[lower] = result
        return result

    # ------------------------------------------------------------ matcher

    def _compile(self, spec: str, pid: str) -> List[List[Dict[str, Any]]]:
        """Compile one pattern in the notation of risk_patterns.yml to Matcher patterns.

        Space-separated token specs. ``word`` matches the key (lemma) of a word;
        ``=form`` the normalised surface form; ``/re/`` a regex on the form;
        ``$SET`` any entry of a set; ``a|b`` alternatives; ``?x`` optional;
        ``_`` any one token within the clause; ``~N`` up to N such tokens.
        """
        wildcard = {_MATCH_KEY: {"NOT_IN": sorted(self._boundary_keys())}}
        variants: List[List[Dict[str, Any]]] = [[]]
        for tok in spec.split():
            if re.fullmatch(r"~\d+", tok):
                n = int(tok[1:])
                variants = [v + [dict(wildcard, OP="?") for _ in range(n)] for v in variants]
                continue
            op = None
            if tok.startswith("?") and len(tok) > 1:
                op, tok = "?", tok[1:]
            if tok == "_":
                alts = [dict(wildcard)]
            else:
                keys: List[str] = []
                forms: List[str] = []
                regexes: List[str] = []
                for alt in self._expand_alts(tok, pid):
                    if alt.startswith("=") and len(alt) > 1:
                        forms.append(alt[1:].lower())
                    elif len(alt) > 2 and alt.startswith("/") and alt.endswith("/"):
                        regexes.append(alt[1:-1])
                    else:
                        keys.append(self._literal_key(alt))
                alts = []
                if keys:
                    alts.append({_MATCH_KEY: {"IN": sorted(set(keys))}})
                if forms:
                    alts.append({_MATCH_FORM: {"IN": sorted(set(forms))}})
                for r in regexes:
                    alts.append({_MATCH_FORM: {"REGEX": r}})
                if not alts:
                    raise ValueError(f"{pid}: empty token spec {tok!r}")
            if op:
                alts = [dict(a, OP=op) for a in alts]
            variants = [v + [a] for v in variants for a in alts]
            if len(variants) > 64:
                raise ValueError(f"{pid}: pattern expands to too many variants")
        if not variants or not variants[0]:
            raise ValueError(f"{pid}: empty pattern")
        if all(d.get("OP") == "?" for d in variants[0]):
            raise ValueError(f"{pid}: pattern has no required token")
        return variants

    def _expand_alts(self, tok: str, pid: str) -> List[str]:
        out: List[str] = []
        for alt in split_alternatives(tok):
            if alt.startswith("$"):
                name = alt[1:]
                if name not in self.sets:
                    raise ValueError(f"{pid}: unknown set ${name}")
                for w in self.sets[name]:
                    out.extend(self._expand_alts(w, pid) if ("|" in w or w.startswith("$")) else [w])
            elif alt:
                out.append(alt)
        return out

    def _boundary_keys(self) -> Set[str]:
        return {self._literal_key(x) for x in self.clause_boundaries} | set(self.clause_boundaries) | {"\n"}

    def _shadow_doc(self, forms: Sequence[str], keys: Sequence[str]):
        """A Doc in the detector's vocab with words=forms and NORM=keys."""
        from spacy.tokens import Doc

        shadow = Doc(self.nlp.vocab, words=[f or " " for f in forms], spaces=[False] * len(forms))
        for tok, key in zip(shadow, keys):
            tok.norm_ = key
        return shadow


    # ------------------------------------------------------------ anchored matching

    def _build_anchor_index(self, matcher_cls) -> None:
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
        of one Matcher with every pattern (``self._matcher``, built on demand).
        """
        common = {self._literal_key(w) for w in _COMMON_WORDS} | set(_COMMON_WORDS)
        always = matcher_cls(self.nlp.vocab)
        self._buckets: List[Any] = [always]
        self._anchor_index: Dict[str, List[int]] = {}
        by_anchor: Dict[frozenset, int] = {}
        for pid, variants in self._compiled.items():
            anchor = self._pattern_anchor(variants, common)
            if anchor is None:
                always.add(pid, variants)
                continue
            key = frozenset(anchor)
            idx = by_anchor.get(key)
            if idx is not None:
                self._buckets[idx].add(pid, variants)
                continue
            m = matcher_cls(self.nlp.vocab)
            m.add(pid, variants)
            idx = by_anchor[key] = len(self._buckets)
            self._buckets.append(m)
            for term in anchor:
                self._anchor_index.setdefault(term, []).append(idx)
        self._always_buckets = [0]

    @property
    def _matcher(self):
        """One spaCy Matcher with every pattern (built on first use; detection
        uses the anchored Matchers, which give the same matches faster)."""
        if self._all_matcher is None:
            from spacy.matcher import Matcher

            m = Matcher(self.nlp.vocab)
            for pid, variants in self._compiled.items():
                m.add(pid, variants)
            self._all_matcher = m
        return self._all_matcher

    @staticmethod
    def _pattern_anchor(variants: List[List[Dict[str, Any]]], common: Set[str]) -> Optional[Set[str]]:
        """The union over a pattern's variants of each variant's rarest required
        token's entries, or None when some variant has no usable anchor."""
        out: Set[str] = set()
        for variant in variants:
            best: Optional[Tuple[int, int, Set[str]]] = None
            for tok in variant:
                if tok.get("OP") in ("?", "*"):
                    continue
                entries: Optional[List[str]] = None
                for attr in (_MATCH_KEY, _MATCH_FORM):
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

    def _match(self, forms: Sequence[str], keys: Sequence[str]) -> List[Tuple[int, int, int]]:
        """The matches of every pattern that can match (see _build_anchor_index)."""
        shadow = self._shadow_doc(forms, keys)
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

    # ------------------------------------------------------------ detection

    def make_doc(self, text: str):
        return self.nlp.make_doc(text.translate(_QUOTE_FIX))

    def annotate(self, doc) -> Tuple[List[str], List[str]]:
        """Set the risk extensions on every token; return (forms, keys)."""
        forms: List[str] = []
        keys: List[str] = []
        for tok in doc:
            if tok.is_space:
                form = key = "\n" if "\n" in tok.text else " "
            else:
                form, key = self.normalise_word(tok.text)
            tok._.set(FORM_ATTR, form)
            tok._.set(KEY_ATTR, key)
            forms.append(form)
            keys.append(key)
        return forms, keys

    def _segments(self, forms: Sequence[str], keys: Sequence[str]) -> Tuple[List[int], List[int]]:
        sent_ids, clause_ids = [], []
        sent = clause = 0
        for f, k in zip(forms, keys):
            sent_ids.append(sent)
            clause_ids.append(clause)
            if f in self.sentence_boundaries or k in self.sentence_boundaries or f == "\n":
                sent += 1
                clause += 1
            elif f in self.clause_boundaries or k in self.clause_boundaries:
                clause += 1
        return sent_ids, clause_ids

    def detect_all(self, text_or_doc) -> List[RiskHit]:  # noqa: C901
        """Every accepted hit (rules and combos), strongest and earliest first."""
        doc = self.make_doc(text_or_doc) if isinstance(text_or_doc, str) else text_or_doc
        if len(doc) == 0:
            return []
        forms, keys = self.annotate(doc)
        sent_ids, clause_ids = self._segments(forms, keys)
        raw = self._match(forms, keys)
        strings = self.nlp.vocab.strings

        hypo_clauses: Dict[int, int] = {}  # clause -> earliest start of a hypothetical cue
        proc_clauses: Set[int] = set()
        later_neg: List[Tuple[int, int]] = []  # (start, sentence) of "...but not right now"
        framed = False  # a FRAME cue: the message is training material / not about a child
        resolved: List[Tuple[int, int, int]] = []  # (sentence, clause, end) of a RESOLVED cue
        special: Dict[str, List[Tuple[int, int]]] = {name: [] for name in CONCEPT_CUES}
        candidates: List[Tuple[_Info, int, int]] = []
        for match_id, start, end in raw:
            info = self._infos[strings[match_id]]
            if info.kind == "cue" and info.name in SPECIAL_CUES and self._excluded(
                info, forms, keys, start, end, sent_ids
            ):
                continue  # "when a child told me today...": a report, not a hypothetical
            if info.kind == "cue" and info.name == "HYPOTHETICAL":
                c = clause_ids[start]
                hypo_clauses[c] = min(hypo_clauses.get(c, start), start)
            elif info.kind == "cue" and info.name == "PROCEDURAL":
                proc_clauses.add(clause_ids[start])
            elif info.kind == "cue" and info.name == "LATER_NEGATION":
                later_neg.append((start, sent_ids[start]))
            elif info.kind == "cue" and info.name == "FRAME":
                framed = True
            elif info.kind == "cue" and info.name == "RESOLVED":
                resolved.append((sent_ids[start], clause_ids[start], end))
            elif info.kind == "cue" and info.name in special:
                if not self._excluded(info, forms, keys, start, end, sent_ids):
                    special[info.name].append((start, end))
            else:
                candidates.append((info, start, end))

        ctx = self._context(special, forms, keys, sent_ids, clause_ids)
        idioms = special["IDIOM"]

        accepted: List[_Accepted] = []
        if framed:
            candidates = []
        for info, start, end in candidates:
            if resolved and any(sent_ids[start] == rs and (start < re_ or clause_ids[start] == rc)
                                for rs, rc, re_ in resolved):
                continue
            if self._excluded(info, forms, keys, start, end, sent_ids):
                continue
            if idioms and any(s < end and start < e for s, e in idioms):
                continue
            if info.negatable and self._negated(keys, start, clause_ids):
                continue
            if info.negatable and any(
                sent == sent_ids[start] and end <= ls <= end + self.later_negation_window for ls, sent in later_neg
            ):
                continue
            c = clause_ids[start]
            if c in hypo_clauses and hypo_clauses[c] < start:
                continue
            if info.strength == "weak" and c in proc_clauses:
                continue
            if info.kind == "rule":
                if self._question_suppressed(info.tier, info.strength, [c], ctx):
                    continue
                if info.accident_sensitive and sent_ids[start] in ctx["accident_sents"]:
                    continue
                if info.tier == "concept" and not self._concept_ok([c], sent_ids[start], info.needs_referent,
                                                                   proc_clauses, ctx):
                    continue
            accepted.append(_Accepted(info, start, end, sent_ids[start]))

        hits: List[Tuple[int, int, RiskHit]] = []
        for a in accepted:
            if a.info.kind == "rule":
                hits.append(self._hit(doc, a.info.name, a.info.pattern_id, a.start, a.end, a.info.strength))
        for combo in self.combos:
            by_sent: Dict[int, Dict[str, _Accepted]] = {}
            for a in accepted:
                if a.info.kind == "cue" and a.info.name in combo.cues:
                    by_sent.setdefault(a.sent, {}).setdefault(a.info.name, a)
            for sent, found in sorted(by_sent.items()):
                if all(c in found for c in combo.cues):
                    parts = [found[c] for c in combo.cues]
                    part_clauses = [clause_ids[p.start] for p in parts]
                    if combo.strength in ("weak", "concept") and any(pc in proc_clauses for pc in part_clauses):
                        if combo.tier != "concept" or not all(pc in ctx["specific"] for pc in part_clauses):
                            continue
                    if self._question_suppressed(combo.tier, combo.strength, part_clauses, ctx):
                        continue
                    if combo.tier == "concept" and not self._concept_ok(part_clauses, sent, combo.needs_referent,
                                                                        proc_clauses, ctx):
                        continue
                    start = min(p.start for p in parts)
                    end = max(p.end for p in parts)
                    hits.append(self._hit(doc, combo.category, combo.id, start, end, combo.strength))
                    break
        hits.sort(key=lambda h: (STRENGTH_ORDER.get(h[2].strength, 3), h[0], -(h[1] - h[0])))
        seen: Set[Tuple[str, int, int]] = set()
        out: List[RiskHit] = []
        for s, e, h in hits:
            k = (h.pattern_id, s, e)
            if k not in seen:
                seen.add(k)
                if isinstance(text_or_doc, str):
                    # make_doc only swapped curly quotes one-for-one: report the caller's text
                    h = RiskHit(h.category, text_or_doc[h.start_char : h.end_char], h.pattern_id,
                                h.start_char, h.end_char, h.strength)
                out.append(h)
        return out

    # ------------------------------------------------------------ concept tier

    def _context(self, special, forms, keys, sent_ids, clause_ids) -> Dict[str, Set[int]]:
        """Clause / sentence sets from the concept-tier cues (see CONCEPT_CUES)."""
        n = len(keys)
        clause_start: Dict[int, int] = {}
        content_pos: List[int] = [0] * n  # index of a token among the non-space tokens of its clause
        counter: Dict[int, int] = {}
        for i in range(n):
            c = clause_ids[i]
            clause_start.setdefault(c, i)
            if forms[i] in (" ", "\n") or forms[i] in self.clause_boundaries:
                content_pos[i] = -1
                continue
            content_pos[i] = counter.get(c, 0)
            counter[c] = content_pos[i] + 1

        generic_tokens: Set[int] = set()
        for s, e in special["GENERIC_REF"]:
            generic_tokens.update(range(s, e))
        # a clause is about a particular person when its first person-reference is
        # specific: in "can a 13 year old look after their baby brother?" the
        # later "their baby brother" is still the generic 13-year-old's
        first_ref: Dict[int, Tuple[int, bool]] = {}  # clause -> (start, is_specific)
        for s, e in special["GENERIC_REF"]:
            c = clause_ids[s]
            if c not in first_ref or s < first_ref[c][0]:
                first_ref[c] = (s, False)
        for s, e in special["SPECIFIC_REF"]:
            if all(i in generic_tokens for i in range(s, e)):
                continue
            c = clause_ids[s]
            if c not in first_ref or s < first_ref[c][0]:
                first_ref[c] = (s, True)
        specific = {c for c, (_, is_specific) in first_ref.items() if is_specific}
        question = {clause_ids[s] for s, e in special["QUESTION"]
                    if 0 <= content_pos[s] <= self.question_max_offset}
        historic_tokens: Set[int] = set()
        for s, e in special["HISTORIC"]:
            historic_tokens.update(range(s, e))
        recent = {sent_ids[s] for s, e in special["RECENT"] if not any(i in historic_tokens for i in range(s, e))}
        return {
            "specific": specific,
            "generic": {clause_ids[s] for s, e in special["GENERIC_REF"]},
            "question": question,
            "help": {clause_ids[s] for s, e in special["HELP"]},
            "topic": {clause_ids[s] for s, e in special["TOPIC"]},
            "referent_sents": {sent_ids[s] for s, e in special["REFERENT"]},
            "historic_sents": {sent_ids[s] for s, e in special["HISTORIC"]} - recent,
            "accident_sents": ({sent_ids[s] for s, e in special["ACCIDENT"]}
                               - {sent_ids[s] for s, e in special["DOUBT"]}),
        }

    @staticmethod
    def _question_suppressed(tier: str, strength: str, clauses: Sequence[int], ctx: Dict[str, Set[int]]) -> bool:
        """A generic question ("is hitting a child legal?", "what age can a child be left
        alone?"): a clause opened by a question word whose first person-reference is
        not a particular person, with no plea for help. Concept-tier and weak matches
        in it are dropped; strong ones only when the question is also about a TOPIC
        (legality, age, level, threshold, policy, who must be told...), so that
        "how do I refer a 5 year old with a burn mark?" still triggers."""
        for c in clauses:
            if c not in ctx["question"] or c in ctx["specific"] or c in ctx["help"]:
                return False
            if tier != "concept" and strength == "strong" and c not in ctx["topic"]:
                return False
        return True

    def _concept_ok(self, clauses: Sequence[int], sent: int, needs_referent: bool, proc_clauses: Set[int],
                    ctx: Dict[str, Set[int]]) -> bool:
        """The extra conditions of the concept tier (clauses: those of the match's parts)."""
        if needs_referent and not any(
            (sent - k) in ctx["referent_sents"] for k in range(0, self.referent_prev_sentences + 1)
        ):
            return False
        for c in clauses:
            # a clause about procedure or a topic, with no particular person in it
            if (c in proc_clauses or c in ctx["topic"]) and c not in ctx["specific"]:
                return False
        if sent in ctx["historic_sents"]:
            return False
        return True

    def detect(self, text_or_doc) -> Optional[RiskHit]:
        """The first (strongest, earliest) hit, or ``None`` when nothing discloses risk."""
        hits = self.detect_all(text_or_doc)
        return hits[0] if hits else None

    __call__ = detect

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _hit(doc, category: str, pid: str, start: int, end: int, strength: str) -> Tuple[int, int, RiskHit]:
        span = doc[start:end]
        return start, end, RiskHit(
            category=category,
            text=span.text,
            pattern_id=pid,
            start_char=span.start_char,
            end_char=span.end_char,
            strength=strength,
        )

    def _excluded(self, info: _Info, forms, keys, start: int, end: int, sent_ids) -> bool:
        w = self.exclude_window
        if info.exclude_within:
            for j in range(start, end):
                if keys[j] in info.exclude_within or forms[j] in info.exclude_within:
                    return True
        if info.exclude_next and end < len(keys) and sent_ids[end] == sent_ids[start]:
            if keys[end] in info.exclude_next or forms[end] in info.exclude_next:
                return True
        if info.exclude_after:
            for j in range(end, min(len(keys), end + w)):
                if sent_ids[j] != sent_ids[start]:
                    break
                if keys[j] in info.exclude_after or forms[j] in info.exclude_after:
                    return True
        if info.exclude_before:
            for j in range(start - 1, max(-1, start - 1 - w), -1):
                if sent_ids[j] != sent_ids[start]:
                    break
                if keys[j] in info.exclude_before or forms[j] in info.exclude_before:
                    return True
        return False

    def _negated(self, keys: Sequence[str], start: int, clause_ids: Sequence[int]) -> bool:  # noqa: C901
        """A negation cue within ``negation_window`` tokens before the match, same clause.

        "won't stop hitting her" is not negated: a breaker ("stop", "only")
        between the cue and the match cancels it.
        """
        clause = clause_ids[start]
        for j in range(start - 1, max(-1, start - 1 - self.negation_window), -1):
            if clause_ids[j] != clause:
                return False
            if keys[j] in self.negation_cues:
                if keys[j] == "no" and j + 1 < len(keys) and keys[j + 1] in self.no_interjection_followers:
                    continue  # "no he hit me again": an interjection, not a negation
                between = keys[j + 1 : start]
                if any(b in self.negation_breakers for b in between):
                    return False
                return True
        return False


_FLAG_KEYS = {"negatable", "needs_referent", "accident_sensitive"}


def _check_no_booleans_in_word_lists(node: Any, where: str) -> None:
    """YAML 1.1 reads bare no/off/on/yes as booleans: refuse them in word lists."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(k, bool):
                raise ValueError(f"{where}: a key was read as a boolean ({k}); quote it")
            if k in _FLAG_KEYS:
                continue
            _check_no_booleans_in_word_lists(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            if isinstance(v, bool):
                raise ValueError(f"{where}[{i}] was read as the boolean {v}; quote words like \"no\", \"off\"")
            _check_no_booleans_in_word_lists(v, f"{where}[{i}]")
    elif isinstance(node, bool):
        raise ValueError(f"{where} was read as the boolean {node}; quote it")


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


# Words too common to be a pattern's anchor (see RiskDetector._build_anchor_index).
_COMMON_WORDS = frozenset("""
a an the this that these those my your his her our their its me you him us them i we he she they it
be is are was were been being am m s re ve d ll have has had do does did get got go going gone went
to of in on at for with from by up down out off about into over and or but not no so if than then
as just very really can could will would should may might must there here what who how when where
why which all any some one two mum dad child kid baby""".split())

_DEFAULT: Optional[RiskDetector] = None


def get_default_detector() -> RiskDetector:
    """A process-wide detector with the blank pipeline and default patterns."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RiskDetector()
    return _DEFAULT


def detect(text_or_doc) -> Optional[RiskHit]:
    """Shortcut: ``get_default_detector().detect(text_or_doc)``."""
    return get_default_detector().detect(text_or_doc)
