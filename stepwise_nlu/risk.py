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
   letters), towards the words the patterns use. Short words are never
   fuzzy-matched (there is an explicit ``normalise`` map for "kil", "hitt").
2. ``risk_patterns.yml`` holds the data: token patterns (a compact notation
   compiled to spaCy ``Matcher`` patterns over those two extensions), cues,
   and combinations of cues.
3. A match counts unless (a) it is negated ("not in immediate danger",
   "nobody has hurt him"; only for patterns marked ``negatable``), (b) it sits
   in a hypothetical/generic clause ("what should I do if a child tells me...",
   "signs of ..."), (c) an exclusion word is next to it ("missing school"), or
   (d) it is a *weak* pattern in a clause about procedure ("threshold",
   "level", "referral", "consent", ...). Strong patterns (a concrete event
   with a victim, a first-person disclosure, imminence) ignore (d), so a
   disclosure mixed into a procedural question still triggers.

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


@dataclass
class _Combo:
    id: str
    category: str
    cues: List[str]
    strength: str = "weak"


@dataclass
class _Accepted:
    info: _Info
    start: int
    end: int
    sent: int


SPECIAL_CUES = ("HYPOTHETICAL", "PROCEDURAL", "LATER_NEGATION")


class RiskDetector:
    """Rule-based detector of disclosures of immediate risk to a child.

    ``nlp``: a spaCy ``Language`` used to tokenise raw text (default: the
    blank English pipeline with a lookup lemmatizer from
    :mod:`stepwise_nlu.pipeline`). ``detect`` also accepts a ready ``Doc``
    from any English pipeline (e.g. the one Rasa's ``SpacyNLP`` made).
    """

    def __init__(self, nlp=None, patterns_path: Union[str, Path, None] = None) -> None:
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
        self._norm_cache: Dict[str, Tuple[str, str]] = {}
        from spacy.matcher import Matcher

        self._matcher = Matcher(self.nlp.vocab, validate=True)
        for pid, patterns in self._compiled.items():
            self._matcher.add(pid, patterns)

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
        self.sets: Dict[str, List[str]] = {k: [str(x) for x in v] for k, v in (cfg.get("sets") or {}).items()}

        # Infos: rules, cues (incl. HYPOTHETICAL / PROCEDURAL)
        self._raw_patterns: List[Tuple[str, str, _Info]] = []  # (key, spec, info)
        for cue_name, cue in (cfg.get("cues") or {}).items():
            negatable = bool(cue.get("negatable", cue_name not in SPECIAL_CUES))
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
                )
                self._raw_patterns.append((info.pattern_id, spec, info))
        for group in cfg.get("groups", []) or []:
            gid = group["id"]
            for i, p in enumerate(group.get("patterns", [])):
                spec, extra = self._split_pattern(p)
                info = _Info(
                    kind="rule",
                    name=str(extra.get("category", group["category"])),
                    pattern_id=f"{gid}.{extra.get('id', i)}",
                    strength=str(extra.get("strength", group.get("strength", "strong"))),
                    negatable=bool(extra.get("negatable", group.get("negatable", True))),
                    exclude_after=self._word_set(group.get("exclude_after", [])) | self._word_set(extra.get("exclude_after", [])),
                    exclude_before=self._word_set(group.get("exclude_before", [])) | self._word_set(extra.get("exclude_before", [])),
                    exclude_next=self._word_set(group.get("exclude_next", [])) | self._word_set(extra.get("exclude_next", [])),
                )
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
            self.combos.append(_Combo(id=f"combo.{c['id']}", category=str(c["category"]),
                                      cues=list(c["all"]), strength=str(c.get("strength", "weak"))))

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
        out: Set[str] = set()
        for w in words or []:
            w = str(w).lower()
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
            for alt in tok.split("|"):
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
        # only forms of 4+ letters are targets (the input side needs 5+)
        self.fuzzy_vocab: Dict[str, str] = {w: l for w, l in vocab.items() if len(w) >= 4}
        self._fuzzy_by_len: Dict[int, List[str]] = {}
        for w in sorted(self.fuzzy_vocab):
            self._fuzzy_by_len.setdefault(len(w), []).append(w)

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
        """The risk-vocabulary form a misspelt word stands for, or ``None``."""
        max_d = fuzzy_max_distance(word)
        if max_d == 0 or not _ALPHA.match(word):
            return None
        best: Optional[Tuple[int, int, str]] = None
        n = len(word)
        for length in range(n - max_d, n + max_d + 1):
            for cand in self._fuzzy_by_len.get(length, ()):
                d = damerau_levenshtein(word, cand, max_d)
                if d > max_d:
                    continue
                prefix = len(_common_prefix(word, cand))
                key = (d, -prefix, cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

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
        if len(self._norm_cache) < 50000:
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
        for alt in tok.split("|"):
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

    def detect_all(self, text_or_doc) -> List[RiskHit]:
        """Every accepted hit (rules and combos), strongest and earliest first."""
        doc = self.make_doc(text_or_doc) if isinstance(text_or_doc, str) else text_or_doc
        if len(doc) == 0:
            return []
        forms, keys = self.annotate(doc)
        sent_ids, clause_ids = self._segments(forms, keys)
        raw = self._matcher(self._shadow_doc(forms, keys))
        strings = self.nlp.vocab.strings

        hypo_clauses: Dict[int, int] = {}  # clause -> earliest start of a hypothetical cue
        proc_clauses: Set[int] = set()
        later_neg: List[Tuple[int, int]] = []  # (start, sentence) of "...but not right now"
        candidates: List[Tuple[_Info, int, int]] = []
        for match_id, start, end in raw:
            info = self._infos[strings[match_id]]
            if info.kind == "cue" and info.name == "HYPOTHETICAL":
                c = clause_ids[start]
                hypo_clauses[c] = min(hypo_clauses.get(c, start), start)
            elif info.kind == "cue" and info.name == "PROCEDURAL":
                proc_clauses.add(clause_ids[start])
            elif info.kind == "cue" and info.name == "LATER_NEGATION":
                later_neg.append((start, sent_ids[start]))
            else:
                candidates.append((info, start, end))

        accepted: List[_Accepted] = []
        for info, start, end in candidates:
            if self._excluded(info, forms, keys, start, end, sent_ids):
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
                    if combo.strength == "weak" and any(clause_ids[p.start] in proc_clauses for p in parts):
                        continue
                    start = min(p.start for p in parts)
                    end = max(p.end for p in parts)
                    hits.append(self._hit(doc, combo.category, combo.id, start, end, combo.strength))
                    break
        hits.sort(key=lambda h: (0 if h[2].strength == "strong" else 1, h[0], -(h[1] - h[0])))
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

    def _excluded(self, info: _Info, forms, keys, start: int, end: int, sent_ids) -> bool:
        w = self.exclude_window
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


_FLAG_KEYS = {"negatable"}


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
