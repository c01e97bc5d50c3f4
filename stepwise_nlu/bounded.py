"""Bounded work per message for the entity extractor (issue 9): the same
entities, found in time linear in the message with a small constant.

Measured on a 2,000-character message (the channels' cap), node by node with
the trained model: the lookup/regex entity extractor took 76-84 ms of the NLU
pipeline's 118 ms, more than the detector (25 ms) and both count-vector
featurizers (6.5 ms) together. Under four hostile streams at once, those
turns queued behind one another past 500 ms.

The cost was not the lookup tables (already prefix trees) but the hand-written
patterns that *start* with guards: ``(?<!\\bnot )(?<!\\bnot\\ a )...`` (up to a
few hundred negative lookbehinds) or ``(?:(?<=^Birmingham ...)|...)``. Python's
regex engine tries every guard at every position of the text before it looks
at the first character the pattern needs, so the two asker_role patterns alone
took 35 ms.

:func:`guards_last` rewrites ``GUARDS BODY`` as ``(?=BODY)GUARDS BODY``. All
of them are zero-width tests at one position, so their order does not change
where the pattern matches or what it matches (BODY is matched again after the
guards, exactly as before); the look-ahead fails at once at the positions
where BODY cannot start, which is nearly all of them. A test compares every
match of every pattern, rewritten and not, on the training and blind sets.

:class:`BoundedLookupRegexEntityExtractor` is Stepwise's extractor
(``stepwise_nlu.components.LookupRegexEntityExtractor``) with those patterns,
reading at most ``MAX_TEXT_CHARS`` characters (the channels already cut
messages to 2,000; this bounds any other way in).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from stepwise_nlu.components import MAX_TEXT_CHARS, LookupRegexEntityExtractor
from stepwise_nlu.lookup_regex import factor

_LOOKBEHIND = ("(?<!", "(?<=")


def _group_end(p: str, i: int) -> Optional[int]:
    """Index just past the group opened at ``p[i] == '('``, or None."""
    depth, j, n = 0, i, len(p)
    while j < n:
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":  # a character class: ']' first or escaped does not close it
            j += 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            j += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return None


def _top_level_branches(p: str) -> Optional[List[str]]:
    """``p`` split at its top-level ``|`` (None if it is not well formed)."""
    out, depth, start, j, n = [], 0, 0, 0, len(p)
    while j < n:
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            k = j + 1
            if k < n and p[k] == "^":
                k += 1
            if k < n and p[k] == "]":
                k += 1
            while k < n and p[k] != "]":
                k += 2 if p[k] == "\\" else 1
            j = k + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(p[start:j])
            start = j + 1
        j += 1
    if depth != 0:
        return None
    out.append(p[start:])
    return out


def _is_lookbehind(group: str) -> bool:
    return group.startswith(_LOOKBEHIND) and _group_end(group, 0) == len(group)


def _leading_guards(p: str) -> int:
    """Length of the run of lookbehind guards at the start of ``p``: groups
    ``(?<!...)`` / ``(?<=...)``, or ``(?:...)`` whose every branch is one."""
    i = 0
    while i < len(p) and p[i] == "(":
        end = _group_end(p, i)
        if end is None:
            break
        group = p[i:end]
        if _is_lookbehind(group):
            i = end
            continue
        if group.startswith("(?:"):
            branches = _top_level_branches(group[3:-1])
            if branches and all(_is_lookbehind(b) for b in branches):
                i = end
                continue
        break
    return i


# a literal alternative: no operator, only escaped punctuation or spaces
_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])+")


def factor_alternation(body: str, ignore_case: bool) -> str:
    """``\\b(?:A|B|...)\\b REST`` with literal alternatives, as the equivalent
    prefix tree of :func:`stepwise_nlu.lookup_regex.factor` followed by REST
    (``\\b(?:A|B)\\b`` is ``(?:\\bA\\b|\\bB\\b)``: the same ordered alternation);
    anything else unchanged."""
    if not body.startswith("\\b(?:"):
        return body
    end = _group_end(body, 2)
    if end is None or not body.startswith("\\b", end):
        return body
    alts = _top_level_branches(body[5:end - 1])
    if not alts or not all(_LITERAL.fullmatch(a) for a in alts):
        return body
    literals = [re.sub(r"\\(.)", r"\1", a, flags=re.S) for a in alts]
    lookup = "(\\b" + "\\b|\\b".join(re.escape(x) for x in literals) + "\\b)"
    factored = factor(lookup, ignore_case)
    if factored == lookup:
        return body
    return "(?:" + factored + ")" + body[end + 2:]


def guards_last(pattern: str, flags: int = 0) -> str:
    """``pattern`` with its leading lookbehind guards tested after a look-ahead
    for the rest, and a literal alternation after them as a prefix tree;
    unchanged if it has no such guards or the rest could not be repeated
    safely (groups by name, back-references)."""
    cut = _leading_guards(pattern)
    body = pattern[cut:]
    if not body or "(?P" in body or re.search(r"\\[1-9]", body) or _top_level_branches(body) is None:
        return pattern
    body = factor_alternation(body, bool(flags & re.IGNORECASE))
    if cut == 0:
        rewritten = body
    else:
        rewritten = f"(?=(?:{body})){pattern[:cut]}{body}"
    try:
        re.compile(rewritten, flags)
    except re.error:
        return pattern
    return rewritten


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class BoundedLookupRegexEntityExtractor(LookupRegexEntityExtractor):
    """Stepwise's lookup/regex extractor, guards tested last (same entities),
    reading at most ``MAX_TEXT_CHARS`` characters."""

    def _compile(self, pattern: str, flags: int):
        return re.compile(guards_last(pattern, flags), flags)

    def _extract_entities(self, message: Message) -> List[Dict[Text, Any]]:
        text = message.get(TEXT)
        if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
            short = Message(data={**message.data, TEXT: text[:MAX_TEXT_CHARS]})
            return super()._extract_entities(short)
        return super()._extract_entities(message)
