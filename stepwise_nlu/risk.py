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
in the message: the same matches as one Matcher with every pattern, about six
times faster.

The detector is split by job, each module small and tested on its own; this
one reads the data and runs them in order:

- :mod:`stepwise_nlu.risk_spelling`  the spelling normaliser (token -> form, key);
- :mod:`stepwise_nlu.risk_compile`   the pattern compiler (notation -> Matcher patterns);
- :mod:`stepwise_nlu.risk_anchors`   the anchor index (which patterns a message runs);
- :mod:`stepwise_nlu.risk_suppress`  the suppression rules (when a match does not count).

``RiskDetector().detect("her stepdad hit her and she's scared to go home")``
returns a :class:`RiskHit` (category, matched text, pattern id) or ``None``.
"""
from __future__ import annotations

import collections
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

import yaml

DEFAULT_PATTERNS_PATH = Path(__file__).with_name("risk_patterns.yml")

KEY_ATTR = "risk_key"
FORM_ATTR = "risk_form"
# The Matcher runs on a shadow Doc (same tokens; words = normalised forms,
# NORM = keys): see stepwise_nlu/risk_compile.py. The caller's Doc is never
# changed beyond the two extension values.

from stepwise_nlu.risk_anchors import COMMON_WORDS as _COMMON_WORDS  # noqa: F401 (re-exported)
from stepwise_nlu.risk_anchors import AnchorIndex
from stepwise_nlu.risk_compile import MATCH_FORM as _MATCH_FORM  # noqa: F401
from stepwise_nlu.risk_compile import MATCH_KEY as _MATCH_KEY  # noqa: F401
from stepwise_nlu.risk_compile import PatternCompiler, pattern_literals, split_alternatives, token_literals  # noqa: F401
from stepwise_nlu.risk_spelling import (  # noqa: F401 (re-exported: tests and tools import them from here)
    QUOTE_FIX as _QUOTE_FIX,
    SpellingNormaliser,
    _common_prefix,
    _deletes,
    _frequent_words,
    _lemma_lookup_table,
    _table_from_nlp,
    consonant_skeleton,
    damerau_levenshtein,
    fuzzy_max_distance,
)
from stepwise_nlu.risk_suppress import Suppression


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
        self._word_sets: Dict[Tuple[str, ...], frozenset] = {}  # _word_set's, one per exclusion list
        self._load_config()
        _frequent_words(self.known_word_min_logprob)  # load now, not on the first message
        from spacy.matcher import Matcher

        common = {self._literal_key(w) for w in _COMMON_WORDS} | set(_COMMON_WORDS)
        self.anchors = AnchorIndex(self.nlp.vocab, self._compiled, common,
                                   lambda vocab: Matcher(vocab, validate=validate_patterns))

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
        # the spelling normaliser (its targets are set once the patterns are read)
        self.speller = SpellingNormaliser(
            self._table, normalise=cfg.get("normalise") or {}, lemma_overrides=cfg.get("lemma_overrides") or {},
            real_word_fixes=cfg.get("real_word_fixes") or {}, not_fuzzy=cfg.get("not_fuzzy", []) or [],
            not_fuzzy_targets=cfg.get("not_fuzzy_targets", []) or [],
            known_word_min_logprob=self.known_word_min_logprob)
        self.normalise = self.speller.normalise
        self.lemma_overrides = self.speller.lemma_overrides
        self.real_word_fixes = self.speller.real_word_fixes
        self.not_fuzzy = self.speller.not_fuzzy
        self.not_fuzzy_targets = self.speller.not_fuzzy_targets
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
        dupes = {x for x, n in collections.Counter(ids).items() if n > 1}
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

        self.suppression = Suppression(
            negation_window=self.negation_window, exclude_window=self.exclude_window,
            sentence_boundaries=self.sentence_boundaries, clause_boundaries=self.clause_boundaries,
            negation_cues=self.negation_cues, negation_breakers=self.negation_breakers,
            no_interjection_followers=self.no_interjection_followers,
            question_max_offset=self.question_max_offset, referent_prev_sentences=self.referent_prev_sentences)
        self._segments = self.suppression.segments
        self._excluded = self.suppression.excluded
        self._negated = self.suppression.negated
        self._context = self.suppression.context
        self._question_suppressed = self.suppression.question_suppressed
        self._concept_ok = self.suppression.concept_ok

        self._build_fuzzy_vocab()
        self.compiler = PatternCompiler(self.sets, self._literal_key, self._boundary_keys())
        self._compiled: Dict[str, List[List[Dict[str, Any]]]] = {
            pid: self.compiler.compile(spec, pid) for pid, spec, _ in self._raw_patterns
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
        also excludes "schools"; "=told" is the form only (not "tell", "tells"). A
        group's list is read once for all its patterns (a new set each time)."""
        words = tuple(words or ())
        if words not in self._word_sets:
            self._word_sets[words] = frozenset(self._word_set_uncached(words))
        return set(self._word_sets[words])

    def _word_set_uncached(self, words: Iterable[str]) -> Set[str]:
        out: Set[str] = set()
        for w in words or []:
            w = str(w).lower()
            if w.startswith("=") and len(w) > 1:
                out.add(w[1:])
                continue
            out.add(w)
            out.add(self._literal_key(w))
        return out

    # ------------------------------------------------------------ normalisation (risk_spelling)

    def _lemma(self, form: str) -> str:
        return self.speller.lemma(form)

    def _literal_key(self, word: str) -> str:
        return self.speller.literal_key(word)

    def _is_known_word(self, w: str) -> bool:
        return self.speller.is_known_word(w)

    def _build_fuzzy_vocab(self) -> None:
        """The words the patterns, sets and word lists use: the normaliser's targets."""
        literals = pattern_literals(spec for _, spec, _ in self._raw_patterns)
        for words in self.sets.values():
            for w in words:
                literals |= token_literals(w)
        for w in self.config.get("fuzzy_extra", []) or []:
            literals |= token_literals(str(w).lower())
        for v in self.real_word_fixes.values():
            literals |= token_literals(v)
        self.speller.set_targets(literals)

    @property
    def fuzzy_vocab(self) -> Dict[str, str]:
        return self.speller.fuzzy_vocab

    @property
    def _fuzzy_by_skeleton(self) -> Dict[str, List[str]]:
        return self.speller.fuzzy_by_skeleton

    def fuzzy_correct(self, word: str) -> Optional[str]:
        """The risk-vocabulary form a misspelt word stands for, or ``None`` (see risk_spelling)."""
        return self.speller.fuzzy_correct(word)

    def normalise_word(self, text: str) -> Tuple[str, str]:
        """(form, key) for one token's text: the values of the token extensions."""
        return self.speller.normalise_word(text)

    # ------------------------------------------------------------ matching (risk_compile, risk_anchors)

    def _compile(self, spec: str, pid: str) -> List[List[Dict[str, Any]]]:
        return self.compiler.compile(spec, pid)

    def _boundary_keys(self) -> Set[str]:
        return {self._literal_key(x) for x in self.clause_boundaries} | set(self.clause_boundaries) | {"\n"}

    def _shadow_doc(self, forms: Sequence[str], keys: Sequence[str]):
        """A Doc in the detector's vocab with words=forms and NORM=keys."""
        from spacy.tokens import Doc

        shadow = Doc(self.nlp.vocab, words=[f or " " for f in forms], spaces=[False] * len(forms))
        for tok, key in zip(shadow, keys):
            tok.norm_ = key
        return shadow


    @property
    def _matcher(self):
        """One spaCy Matcher with every pattern (the anchored index gives the same matches faster)."""
        return self.anchors.all_matcher

    def _match(self, forms: Sequence[str], keys: Sequence[str]) -> List[Tuple[int, int, int]]:
        """The matches of every pattern that can match (see risk_anchors)."""
        return self.anchors.match(self._shadow_doc(forms, keys), forms, keys)

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
