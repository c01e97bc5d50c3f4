"""The risk detector's pattern compiler: the compact notation of
risk_patterns.yml to spaCy ``Matcher`` patterns.

Space-separated token specs. ``word`` matches the key (lemma) of a word;
``=form`` the normalised surface form; ``/re/`` a regex on the form; ``$SET``
any entry of a set; ``a|b`` alternatives; ``?x`` optional; ``_`` any one token
within the clause; ``~N`` up to N such tokens. The Matcher runs on a shadow Doc
whose words are the normalised forms and whose NORM is the key, so keys are
matched as ``NORM`` and forms as ``LOWER`` (native attributes: much faster
than ``_`` extensions). No Rasa; spaCy only at match time.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Dict, Iterable, List, Mapping, Set

from stepwise_nlu.risk_spelling import ALPHA

MATCH_KEY = "NORM"
MATCH_FORM = "LOWER"


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



def token_literals(tok: str) -> Set[str]:
    """The plain words (alphabetic: not a set, regex, wildcard or number class)
    among one token spec's alternatives: what misspellings may be corrected towards."""
    out: Set[str] = set()
    for alt in split_alternatives(tok):
        alt = alt.lstrip("?=")
        if not alt or alt[0] in "$~#/_":
            continue
        if ALPHA.match(alt):
            out.add(alt)
    return out


def pattern_literals(specs: Iterable[str]) -> Set[str]:
    """The plain words of every token of these pattern specs."""
    literals: Set[str] = set()
    for spec in specs:
        for tok in str(spec).split():
            literals |= token_literals(tok)
    return literals


class PatternCompiler:
    """Compiles pattern specs. ``sets``: the named word sets (``$NAME``);
    ``literal_key``: a word of the file to its key; ``boundary_keys``: the
    tokens a wildcard never crosses (clause and sentence boundaries)."""

    def __init__(self, sets: Mapping[str, List[str]], literal_key: Callable[[str], str],
                 boundary_keys: Iterable[str]) -> None:
        self.sets = {k: [str(x) for x in v] for k, v in dict(sets).items()}
        self.literal_key = literal_key
        self.boundary_keys: Set[str] = set(boundary_keys)

    def compile(self, spec: str, pid: str) -> List[List[Dict[str, Any]]]:
        """Compile one pattern in the notation of risk_patterns.yml to Matcher patterns.

        Space-separated token specs. ``word`` matches the key (lemma) of a word;
        ``=form`` the normalised surface form; ``/re/`` a regex on the form;
        ``$SET`` any entry of a set; ``a|b`` alternatives; ``?x`` optional;
        ``_`` any one token within the clause; ``~N`` up to N such tokens.
        """
        wildcard = {MATCH_KEY: {"NOT_IN": sorted(self.boundary_keys)}}
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
                for alt in self.expand_alts(tok, pid):
                    if alt.startswith("=") and len(alt) > 1:
                        forms.append(alt[1:].lower())
                    elif len(alt) > 2 and alt.startswith("/") and alt.endswith("/"):
                        regexes.append(alt[1:-1])
                    else:
                        keys.append(self.literal_key(alt))
                alts = []
                if keys:
                    alts.append({MATCH_KEY: {"IN": sorted(set(keys))}})
                if forms:
                    alts.append({MATCH_FORM: {"IN": sorted(set(forms))}})
                for r in regexes:
                    alts.append({MATCH_FORM: {"REGEX": r}})
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

    def expand_alts(self, tok: str, pid: str) -> List[str]:
        out: List[str] = []
        for alt in split_alternatives(tok):
            if alt.startswith("$"):
                name = alt[1:]
                if name not in self.sets:
                    raise ValueError(f"{pid}: unknown set ${name}")
                for w in self.sets[name]:
                    out.extend(self.expand_alts(w, pid) if ("|" in w or w.startswith("$")) else [w])
            elif alt:
                out.append(alt)
        return out
