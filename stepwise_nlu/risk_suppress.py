"""The risk detector's suppression rules: when a pattern's match does not
count. Sentences and clauses, exclusion words next to a match, negation
("not in immediate danger", but not "won't stop hitting her"), generic
questions ("is hitting a child legal?") and the concept tier's conditions
(a person in the sentence, not a clause about procedure or a topic, not a
resolved past). Which words are cues is data (the cues of
risk_patterns.yml); this is the logic that reads them. Pure Python.
"""
from __future__ import annotations

from typing import Dict, Iterable, List, Sequence, Set, Tuple


class Suppression:
    """The settings of risk_patterns.yml that the suppression rules use."""

    def __init__(self, *, negation_window: int = 4, exclude_window: int = 4,
                 sentence_boundaries: Iterable[str] = (".", "?", "!", ";"), clause_boundaries: Iterable[str] = (",",),
                 negation_cues: Iterable[str] = ("not", "no", "never"), negation_breakers: Iterable[str] = (),
                 no_interjection_followers: Iterable[str] = (), question_max_offset: int = 2,
                 referent_prev_sentences: int = 1) -> None:
        self.negation_window = int(negation_window)
        self.exclude_window = int(exclude_window)
        self.sentence_boundaries = {str(x) for x in sentence_boundaries}
        self.clause_boundaries = {str(x) for x in clause_boundaries} | self.sentence_boundaries
        self.negation_cues = {str(x) for x in negation_cues}
        self.negation_breakers = {str(x) for x in negation_breakers}
        self.no_interjection_followers = {str(x) for x in no_interjection_followers}
        # how many tokens of its clause a QUESTION word may follow ("hi, quick q: what ...")
        self.question_max_offset = int(question_max_offset)
        # a REFERENT in the sentence before also counts ("Stockport case. Toddler has burns")
        self.referent_prev_sentences = int(referent_prev_sentences)

    def segments(self, forms: Sequence[str], keys: Sequence[str]) -> Tuple[List[int], List[int]]:
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

    def context(self, special, forms, keys, sent_ids, clause_ids) -> Dict[str, Set[int]]:
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
    def question_suppressed(tier: str, strength: str, clauses: Sequence[int], ctx: Dict[str, Set[int]]) -> bool:
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

    def concept_ok(self, clauses: Sequence[int], sent: int, needs_referent: bool, proc_clauses: Set[int],
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

    def excluded(self, info, forms, keys, start: int, end: int, sent_ids) -> bool:
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

    def negated(self, keys: Sequence[str], start: int, clause_ids: Sequence[int]) -> bool:  # noqa: C901
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
