"""Ask the protocol: answer a question that is not about the case's route
("who chairs the conference?", "what does MAP mean?", "is this document
current?") with a verbatim paragraph of the area's own documents.

Pure Python: no Rasa, no spaCy. The index is one list of paragraphs per area,
cut from the seed texts and each tagged with its section from the document's
section map; only that area's documents are ever searched. Wirral has two
documents: sections of wirral-000 that wirral-004 supersedes are left out, and
wirral-000 paragraphs score a little lower so that 004 wins a tie.

Ranking is Okapi BM25 (``rank-bm25``), chosen by measurement against
``bm25s`` and an IDF-overlap baseline on ``tests/data/ask_questions.yml``
(see ``docs/ask-the-protocol.md``; ``python -m guidance.ask --measure``).
A question is answered only when the best paragraph carries enough of the
question's weight (:data:`MIN_COVERAGE`); otherwise the reply says plainly
that the procedure does not answer it.

    ask("who chairs the conference?", "stockport") -> [Passage(...)]
    answer_text("what does MAP mean?", "halton")    -> the reply the bot gives
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from . import seeds
from .checks import section_spans
from .loader import load

#: The ranking used by :func:`ask` (see the module docstring).
METHOD = "rank_bm25"
METHODS = ("overlap", "rank_bm25", "bm25s")
#: Share of the question's IDF weight the best paragraph must contain.
MIN_COVERAGE = 0.4
#: Score factor for a superseded document's paragraphs (Wirral 000 against 004).
SUPERSEDED_FACTOR = 0.9

# --------------------------------------------------------------------------
# Passages


@dataclass(frozen=True)
class Passage:
    area: str
    doc: str
    doc_title: str
    section: str
    section_title: str
    text: str  # verbatim: the seed's characters, whitespace collapsed (as guidance.seeds compares)
    score: float

    @property
    def display(self) -> str:
        """The paragraph for display: markdown emphasis, bullets, escapes and
        empty link targets removed; the words are the seed's."""
        return clean(self.text)


_MD_LINK = re.compile(r"\[([^\]]*)\]\((?:#|[^)]*)\)")
_ANGLE_URL = re.compile(r"<((?:https?|mailto):[^>]*)>")


def clean(text: str) -> str:
    t = _MD_LINK.sub(r"\1", text)
    t = _ANGLE_URL.sub(lambda m: m.group(1).replace("mailto:", ""), t)
    t = re.sub(r"\\([()\[\]])", r"\1", t)
    t = t.replace("[bookmark: _GoBack]", "")
    t = re.sub(r"</?i>", "", t)
    t = re.sub(r"\*+", "", t)
    t = re.sub(r"^#+\s*", "", t)
    t = re.sub(r"(^|\s)(?:[-·•❖]|&nbsp;)(?=\s)", r"\1", t)
    t = t.replace("\t", " ")
    return seeds.normalise(t)


@dataclass(frozen=True)
class _Para:
    doc: str
    section: str
    text: str
    heading: bool  # a heading on its own: not offered as an answer
    row_head: Optional[str] = None  # a table row's first cell ("MASSH" in a definitions table)


_BULLET = re.compile(r"^\s*(?:[-·•❖]|\d+\.\s|[ivx]+\.\s|\d\.\s*\d\.)")


def _units(raw: str) -> List[str]:
    """Blank-line blocks, with bulleted lines and table rows each on their own."""
    out: List[str] = []
    for block in re.split(r"\n\s*\n", raw):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        cur: List[str] = []
        for ln in lines:
            if cur and (_BULLET.match(ln) or "\t" in ln or "\t" in cur[-1]):
                out.append("\n".join(cur))
                cur = []
            cur.append(ln)
        out.append("\n".join(cur))
    return out


def _words(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", s))


def _is_heading(s: str) -> bool:
    c = clean(s)
    if "\t" in s or c.endswith(":"):
        return False
    if s.lstrip().startswith("#") and _words(c) < 20:
        return True
    if re.match(r"^\*\*\d", s.strip()) and s.strip().endswith("**") and _words(c) < 25:
        return True  # a bold numbered heading
    if re.match(r"^\d+(\.\d+)*[.)]?\s", c) and _words(c) < 14 and not c.endswith("."):
        return True
    return _words(c) < 11 and not c.endswith(".")


@lru_cache(maxsize=None)
def _paragraphs(doc_id: str) -> Tuple[_Para, ...]:
    doc = load().documents[doc_id]
    raw = (seeds.seeds_dir() / doc.file).read_text(encoding="utf-8")
    norm = seeds.seed_text(doc.file)
    spans, _ = section_spans(doc)
    bounds = sorted((a, sid) for sid, (a, _b) in spans.items())
    # locate each unit in the normalised text, in order
    located: List[Tuple[int, int, str]] = []
    pos = 0
    for u in _units(raw):
        n = seeds.normalise(u)
        if not n:
            continue
        at = norm.find(n, pos)
        if at < 0:  # cannot happen for a unit cut from the same text
            continue
        located.append((at, at + len(n), u))
        pos = at + len(n)
    # a unit that starts in lower case continues the one before (a page break mid-sentence)
    joined: List[Tuple[int, int, str]] = []
    for a, b, u in located:
        c = clean(u)
        if joined and c[:1].islower() and not _BULLET.match(u) and not _is_heading(joined[-1][2]):
            joined[-1] = (joined[-1][0], b, joined[-1][2] + "\n" + u)
        else:
            joined.append((a, b, u))
    located = joined
    # merge: an intro line ending ":" with the bullets that follow it
    merged: List[Tuple[int, int, bool, Optional[str]]] = []  # (start, end, heading, row head)
    i = 0
    while i < len(located):
        a, b, u = located[i]
        j = i + 1
        if clean(u).endswith(":") and _words(u) < 40:
            while j < len(located) and _BULLET.match(located[j][2]) and located[j][1] - a < 900:
                b = located[j][1]
                j += 1
        elif _is_heading(u):
            # a run of short lines (a list of levels, a title page) is one paragraph
            while j < len(located) and _is_heading(located[j][2]) and not located[j][2].lstrip().startswith("#"):
                b = located[j][1]
                j += 1
        merged.append((a, b, j == i + 1 and _is_heading(u), u.split("\t")[0] if j == i + 1 and "\t" in u else None))
        i = j

    def section_at(p: int) -> Optional[str]:
        sid = None
        for a, s in bounds:
            if a <= p:
                sid = s
        return sid

    out: List[_Para] = []
    for a, b, heading, row_head in merged:
        cuts = [a] + [s for s, _ in bounds if a < s < b] + [b]
        for lo, hi in zip(cuts, cuts[1:]):
            piece = norm[lo:hi].strip()
            sid = section_at(lo)
            if sid is None or _words(clean(piece)) < 2:
                continue
            out.append(_Para(doc_id, sid, piece, heading or (len(cuts) > 2 and _is_heading(piece)),
                             seeds.normalise(row_head) if row_head and piece.startswith(seeds.normalise(row_head)) else None))
    return tuple(out)


def _skip_section(doc, section) -> bool:
    if "contents" in section.id:
        return True
    # sections of an earlier document that the later one supersedes
    return bool(section.reason and section.reason.lower().startswith("superseded"))


# --------------------------------------------------------------------------
# Normalisation: lowercase, a stop list, a small stemmer, abbreviations

STOP = frozenset(
    """a about after all also am an and any are as at be been before being by can could
    did do does doing for from get gets got had has have having how i if in into is it its
    me mean means meant my of on or our should so stand stands than that the happen happens
    many much often long soon quickly until now ok
    their them then there these they this those to us was we were what whats when where which
    while who whom whose why will with would you your tell please procedure protocol document
    say says said know""".split()
)


def stem(w: str) -> str:
    """A small suffix stripper: plurals, -ing, -ed, then a final e or y
    (complete/completed -> complet, family/families -> famili)."""
    w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "ches", "shes", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
                w = w[:-1]  # referred -> refer, planned -> plan
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def tokens(text: str) -> List[str]:
    out = []
    for m in _TOKEN.finditer(text.lower()):
        w = m.group(0)
        if w.replace("’", "'") in STOP or w.replace("’", "").replace("'", "") in STOP:
            continue
        s = stem(w)
        if s and s not in STOP:
            out.append(s)
    return out


#: Feature words for what a paragraph holds (an email address, a phone number),
#: and the few question words that mean them.
_EMAIL = re.compile(r"[\w.]+@[\w.]+\.\w+")
_PHONE = re.compile(r"\b0\d{3}\s?\d{3}\s?\d{4}\b|\b\d{3}\.\d{4}\b")
_QUERY_SYNONYMS = {"telephon": "phone", "ring": "phone", "call": "phone", "mail": "email", "e-mail": "email"}


def _features(text: str) -> List[str]:
    return (["email"] if _EMAIL.search(text) else []) + (["phone"] if _PHONE.search(text) else [])


_ACRONYM = re.compile(r"(?<![A-Za-z])([A-Za-z]?[A-Z][A-Za-z&-]*[A-Z][A-Za-z]*)(?![A-Za-z])")
_SMALL = frozenset("and of the for to in on a at with".split())


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0].upper() for w in words if w and w.lower() not in _SMALL and w[0].isalpha())


def _letters(abbr: str) -> str:
    return "".join(c for c in abbr.upper() if c.isalpha())


@dataclass(frozen=True)
class Expansion:
    abbr: str
    words: str  # the document's own words, verbatim
    doc: str
    section: str
    text: str  # the paragraph holding it (verbatim)


def _find_expansions(p: _Para) -> List[Tuple[str, str]]:
    """(abbr, expansion) pairs the paragraph states: "Integrated Front Door (IFD)",
    "TAS (Team Around the School)", "(TAF, Team around the Family)", and
    a definitions-table row "MASSH<TAB>Multi Agency ..."."""
    text = clean(p.text)
    found = []
    for m in re.finditer(r"\(([^()]{1,60})\)", text):
        inner = m.group(1).strip()
        before = re.findall(r"[A-Za-z&/'’-]+", text[: m.start()])[-9:]
        # Expansion (ABBR) and Expansion (ABBR/ ABBR2)
        am = re.fullmatch(r"([A-Za-z][A-Za-z&-]*[A-Z][A-Za-z&-]*)(?:\s*/\s*[A-Z][A-Za-z&-]*)?", inner)
        if am:
            letters = _letters(am.group(1))
            for start in range(len(before) - 1, -1, -1):
                ws = [part.split("/")[0] for part in before[start:]]  # "Family/Child" -> "Family"
                ini = _initials(ws)
                if len(ini) >= 2 and letters.startswith(ini) and len(ini) >= len(letters) - 1:
                    if before[start][0].lower() == letters[0].lower():
                        found.append((am.group(1), " ".join(before[start:])))
                        break
            continue
        # ABBR (Expansion) and (ABBR, Expansion)
        cm = re.fullmatch(r"([A-Z][A-Za-z&-]*[A-Z])\s*,\s*(.+)", inner)
        if cm:
            abbr, exp = cm.group(1), cm.group(2)
        elif before:
            abbr, exp = before[-1], inner
        else:
            continue
        if not _ACRONYM.fullmatch(abbr):
            continue
        ws = re.findall(r"[A-Za-z&'’-]+", exp)
        if _initials(ws) == _letters(abbr) and len(ws) <= len(abbr) + 3:
            found.append((abbr, exp))
    if p.row_head:
        head, rest = clean(p.row_head), p.text[len(p.row_head):]
        if _ACRONYM.fullmatch(head):
            first = re.split(r"[.]", rest)[0]
            ws = re.findall(r"[A-Za-z&'’-]+", first)
            if _initials(ws[: len(head) + 2]).startswith(_letters(head)):
                found.append((head, seeds.normalise(first)))
    return found


# --------------------------------------------------------------------------
# The per-area index


class _Index:
    def __init__(self, area_id: str, method: str):
        reg = load()
        area = reg.areas[area_id]
        self.area = area
        self.paras: List[_Para] = []
        self.all_paras: List[_Para] = []
        self.factor: List[float] = []
        for rank, doc_id in enumerate(area.documents):
            doc = reg.documents[doc_id]
            for p in _paragraphs(doc_id):
                self.all_paras.append(p)
                if p.heading or _skip_section(doc, doc.section(p.section)):
                    continue
                self.paras.append(p)
                self.factor.append(1.0 if rank == 0 else SUPERSEDED_FACTOR)
        self.docs_tokens = [
            tokens(clean(p.text)) + tokens(reg.documents[p.doc].section(p.section).title) + _features(p.text)
            for p in self.paras
        ]
        n = len(self.paras)
        df: Dict[str, int] = {}
        for toks in self.docs_tokens:
            for t in set(toks):
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        self.sets = [set(t) for t in self.docs_tokens]
        # abbreviations: what the documents expand, and every acronym they use
        # (superseded sections count here: an expansion there is still the area's own)
        self.expansions: Dict[str, List[Expansion]] = {}
        self.acronyms: Dict[str, str] = {}
        lower_words = set()
        for p in self.all_paras:
            lower_words.update(re.findall(r"(?<![A-Za-z])[a-z]+(?![A-Za-z])", clean(p.text)))
        for p in self.all_paras:
            if "contents" in p.section:
                continue
            for m in _ACRONYM.finditer(clean(p.text)):
                a = m.group(1)
                # an acronym, not a capitalised heading word ("HELP", "PURPOSE")
                if len(_letters(a)) <= 6 and sum(c.isupper() for c in a) >= 2 and a.lower() not in lower_words:
                    self.acronyms.setdefault(a.lower(), a)
            for abbr, words in _find_expansions(p):
                self.expansions.setdefault(abbr.lower(), []).append(Expansion(abbr, words, p.doc, p.section, p.text))
        self.method = method
        if method == "rank_bm25":
            from rank_bm25 import BM25Okapi

            self._bm25 = BM25Okapi(self.docs_tokens)
        elif method == "bm25s":
            import bm25s

            self._bm25 = bm25s.BM25()
            self._bm25.index(self.docs_tokens, show_progress=False)

    def query_tokens(self, question: str) -> List[str]:
        toks = [_QUERY_SYNONYMS.get(t, t) for t in tokens(question)]
        extra: List[str] = []
        for m in re.finditer(r"[A-Za-z&-]+", question):
            for e in self.expansions.get(m.group(0).lower(), [])[:1]:
                extra += tokens(e.words)
        return toks + [t for t in extra if t not in toks]

    def _abbr_tokens(self, question: str) -> Dict[str, List[str]]:
        out = {}
        for m in re.finditer(r"[A-Za-z&-]+", question):
            for e in self.expansions.get(m.group(0).lower(), [])[:1]:
                for t in tokens(m.group(0)):
                    out[t] = tokens(e.words)
        return out

    def scores(self, q: List[str]) -> List[float]:
        if not q:
            return [0.0] * len(self.paras)
        if self.method == "overlap":
            raw = [sum(self.idf.get(t, 0.0) for t in set(q) if t in s) for s in self.sets]
        elif self.method == "rank_bm25":
            raw = list(self._bm25.get_scores(q))
        elif self.method == "bm25s":
            known = [t for t in q if t in self.idf]  # bm25s rejects unseen tokens
            raw = list(self._bm25.get_scores(known)) if known else [0.0] * len(self.paras)
        else:
            raise ValueError(f"unknown method {self.method!r}")
        return [float(r) * f for r, f in zip(raw, self.factor)]

    def coverage(self, question: str, i: int) -> float:
        """Share of the question's IDF weight found in paragraph i (a word the
        area's documents never use counts at the highest weight; an
        abbreviation counts as found where its expansion's words are)."""
        abbr = self._abbr_tokens(question)
        qs = set(_QUERY_SYNONYMS.get(t, t) for t in tokens(question))
        total = sum(self.idf.get(t, self.max_idf) for t in qs)
        if not total:
            return 0.0
        found = 0.0
        for t in qs:
            if t in self.sets[i] or (t in abbr and all(w in self.sets[i] for w in abbr[t])):
                found += self.idf.get(t, self.max_idf)
        return found / total


@lru_cache(maxsize=None)
def _index(area_id: str, method: str = METHOD) -> _Index:
    return _Index(area_id, method)


# --------------------------------------------------------------------------
# Question kinds

_META = re.compile(
    r"\b(current|up[- ]to[- ]date|out[- ]of[- ]date|in date|outdated|review(?:ed)? date|due for review|"
    r"(?:when|how often) (?:is|was|will) (?:it|this|the \w+) (?:be )?reviewed|"
    r"which version|what version|version (?:number|of)|latest version|how old|still valid|"
    r"(?:when|what year) (?:was|is) (?:it|this|the (?:document|protocol|procedure|guidance|policy)) "
    r"(?:written|published|issued|dated|from|created|produced)|date of (?:the|this) (?:document|protocol|procedure)|"
    r"superseded|expired)\b",
    re.I,
)
_ABBR_Q = [
    re.compile(r"^\s*what\s+(?:does|do)\s+(?:an?\s+|the\s+)?([A-Za-z&/-]+)\s+(?:mean|stand\s+for)\b", re.I),
    re.compile(r"^\s*what(?:\s+is|\s+are|['’]s|s)\s+(?:an?\s+|the\s+)?([A-Za-z&/-]+)\s*[?.!]*\s*$", re.I),
    re.compile(r"^\s*(?:what(?:'s|’s| is)\s+meant\s+by|define|meaning\s+of|explain)\s+(?:an?\s+|the\s+)?([A-Za-z&/-]+)\s*[?.!]*\s*$", re.I),
    re.compile(r"^\s*([A-Za-z&/-]+)\s*(?:meaning|stands\s+for|=)\s*[?.!]*\s*$", re.I),
    re.compile(r"^\s*(?:what\s+is|what's|whats)\s+(?:an?\s+|the\s+)?([A-Za-z&/-]+)\s+(?:short\s+for|an\s+abbreviation\s+for)", re.I),
]


def _abbreviation_asked(question: str, idx: _Index) -> Optional[str]:
    """The abbreviation a "what does X mean" question asks about, as the
    question spells it; None when the question is not of that kind."""
    for rx in _ABBR_Q:
        m = rx.search(question)
        if m:
            x = m.group(1).strip("-/")
            if x.lower() in idx.acronyms or x.lower() in idx.expansions:
                return x
            if len(x) >= 2 and sum(c.isupper() for c in x) >= 2:
                return x  # an acronym the area's documents never use
    return None


@dataclass(frozen=True)
class Answer:
    kind: str  # passage | expanded | unexpanded | unknown_abbr | metadata | none | no_area | other_area
    passages: Tuple[Passage, ...] = ()
    abbr: Optional[str] = None
    expansion: Optional[str] = None


def _passage(idx: _Index, p: _Para, score: float) -> Passage:
    reg = load()
    doc = reg.documents[p.doc]
    return Passage(idx.area.id, p.doc, doc.title, p.section, doc.section(p.section).title, p.text, round(score, 4))


def resolve(question: str, area: Optional[str], k: int = 1, method: str = METHOD) -> Answer:
    """Classify the question and find its passages (what :func:`ask` and
    :func:`answer_text` share)."""
    reg = load()
    if area is None:
        return Answer("no_area")
    if area not in reg.areas:
        return Answer("other_area")
    idx = _index(area, method)
    if _META.search(question):
        out = []
        for doc_id in idx.area.documents:
            doc = reg.documents[doc_id]
            paras = [p for p in _paragraphs(doc_id) if "contents" not in p.section]
            pick = None
            if doc.review_source:
                q = seeds.normalise(doc.review_source.quote)
                pick = next((p for p in paras if q in p.text), None)
            out.append(_passage(idx, pick or paras[0], 1.0))
        return Answer("metadata", tuple(out[:max(k, 1)] if k else out))
    abbr = _abbreviation_asked(question, idx)
    q = idx.query_tokens(question)
    scores = idx.scores(q)
    if abbr is not None:
        exps = idx.expansions.get(abbr.lower(), [])
        if exps:
            # prefer the prevailing document, then a definitions-table row, then the best score
            rank = {d: r for r, d in enumerate(idx.area.documents)}
            where = {p.text: i for i, p in enumerate(idx.paras)}
            rows = {p.text for p in idx.all_paras if p.row_head}
            e = min(exps, key=lambda x: (rank[x.doc], x.text not in rows, -scores[where[x.text]] if x.text in where else 0))
            p = next(p for p in idx.all_paras if p.text == e.text)
            return Answer("expanded", (_passage(idx, p, scores[where[e.text]] if e.text in where else 0.0),), e.abbr, e.words)
        spelled = idx.acronyms.get(abbr.lower())
        if spelled is None:
            return Answer("unknown_abbr", (), abbr)
        rx = re.compile(rf"(?<![A-Za-z]){re.escape(spelled)}(?![A-Za-z])")
        cand = [i for i, p in enumerate(idx.paras) if rx.search(clean(p.text))]
        # the paragraph that uses it most, then the best score
        cand.sort(key=lambda i: (-len(rx.findall(clean(idx.paras[i].text))), -scores[i]))
        return Answer("unexpanded", tuple(_passage(idx, idx.paras[i], scores[i]) for i in cand[:1]), spelled)
    order = sorted(range(len(idx.paras)), key=lambda i: -scores[i])
    if not order or scores[order[0]] <= 0 or idx.coverage(question, order[0]) < MIN_COVERAGE:
        return Answer("none")
    return Answer("passage", tuple(_passage(idx, idx.paras[i], scores[i]) for i in order[:k] if scores[i] > 0))


def ask(question: str, area: Optional[str], k: int = 1) -> List[Passage]:
    """The k most relevant paragraphs of the area's documents, best first;
    [] when no area is given or nothing answers well enough."""
    return list(resolve(question, area, k).passages)


# --------------------------------------------------------------------------
# The reply

def _areas_list() -> str:
    """'Wirral, Herefordshire, Stockport or Halton': the areas the loader found."""
    reg = load()
    names = [label for code, label in reg.fields["area"].values.items() if code in reg.areas]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def _month_year(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return d.strftime("%B %Y") if d.day == 1 else d.strftime("%-d %B %Y")


def _cite(p: Passage) -> str:
    text = f"“{p.display}”\n— {p.doc_title}, section “{p.section_title}”"
    rel = load().documents[p.doc].relation or {}
    if rel.get("superseded_by"):
        text += "\n(This is from the earlier of the two procedures; where the later one differs, the later one prevails.)"
    return text


def _metadata_text(area_id: str, passages: Sequence[Passage], today: dt.date) -> str:
    reg = load()
    area = reg.areas[area_id]
    lines = []
    for doc_id in area.documents:
        doc = reg.documents[doc_id]
        facts = []
        if doc.publisher:
            facts.append(f"published by {doc.publisher}")
        if doc.version:
            facts.append(f"version {doc.version}")
        if doc.date:
            facts.append(f"issued {dt.date.fromisoformat(doc.date).strftime('%-d %B %Y')}")
        head = f"{area.name}: “{doc.title}”" + (f" ({', '.join(facts)})" if facts else "")
        if doc.review_date:
            rd = dt.date.fromisoformat(doc.review_date)
            if rd < today:
                head += (
                    f". It was due for review in {_month_year(doc.review_date)}, which has passed "
                    f"(today is {today.strftime('%-d %B %Y')}). Check with {area.name} that it is still the current procedure."
                )
            else:
                head += f". It is due for review in {_month_year(doc.review_date)}."
        else:
            head += (". It carries no review date" if facts else ". It carries no date, version or review date") + \
                ", so Stepwise cannot tell whether it is current."
        rel = doc.relation or {}
        if rel.get("supersedes"):
            head += f" It is the later of {area.name}'s two procedures and prevails where they differ."
        if rel.get("superseded_by"):
            head += f" It is the earlier of {area.name}'s two procedures: the later one prevails where they differ."
        lines.append(head)
        for p in passages:
            if p.doc == doc_id and doc.review_source:
                lines.append(_cite(p))
    return "\n".join(lines)


def answer_text(question: str, area: Optional[str], today: Optional[dt.date] = None,
                answer: Optional[Answer] = None) -> str:
    """The reply the bot gives: the verbatim paragraph in quotes with its
    document and section, or a plain statement that the procedure does not
    answer the question (``answer``: the question already resolved)."""
    today = today or dt.date.today()
    reg = load()
    a = answer or resolve(question, area)
    if a.kind == "no_area":
        return (
            "Which area is the child in? Stepwise answers from the area's own procedure: "
            f"{_areas_list()}."
        )
    if a.kind == "other_area":
        return f"Stepwise only has the procedures of {_areas_list()}, so it cannot answer that for {area}."
    name = reg.areas[area].name
    if a.kind == "metadata":
        return _metadata_text(area, a.passages, today)
    if a.kind == "unknown_abbr":
        return f"The {name} procedure does not use or explain “{a.abbr}”, so it does not answer that."
    if a.kind == "expanded":
        text = f"In the {name} procedure, {a.abbr} is “{a.expansion}”."
        return text + ("\n" + _cite(a.passages[0]) if a.passages else "")
    if a.kind == "unexpanded":
        text = f"The {name} procedure uses “{a.abbr}” without expanding or defining it."
        if a.passages:
            text += " It is used here:\n" + _cite(a.passages[0])
        return text
    if a.kind == "none":
        return (
            f"The {name} procedure does not answer that. I can only quote what its documents say; "
            "for anything else ask your manager or the area's front door."
        )
    return _cite(a.passages[0])


# --------------------------------------------------------------------------
# Measurement: python -m guidance.ask --measure [tests/data/ask_questions.yml]


def measure(path: Optional[str] = None, methods: Sequence[str] = METHODS, subset: Optional[str] = None) -> Dict[str, dict]:
    """Top-1 section accuracy and no-answer handling per method, on the
    question set (``subset``: "dev", "holdout" or None for all)."""
    import yaml

    p = Path(path) if path else seeds.REPO_ROOT / "tests" / "data" / "ask_questions.yml"
    qs = yaml.safe_load(p.read_text(encoding="utf-8"))["questions"]
    if subset:
        qs = [q for q in qs if q.get("set", "dev") == subset]
    out = {}
    for m in methods:
        answerable = correct = none_total = none_ok = false_none = 0
        misses = []
        for q in qs:
            exp = q["expected"]
            a = resolve(q["question"], q["area"], 1, method=m)
            got = a.passages[0].section if a.passages else None
            if exp == "none":
                none_total += 1
                none_ok += got is None
                if got is not None:
                    misses.append((q["area"], q["question"], "none", got))
                continue
            answerable += 1
            exp_ids = exp if isinstance(exp, list) else [exp]
            if got in exp_ids:
                correct += 1
            else:
                false_none += got is None
                misses.append((q["area"], q["question"], exp_ids, got))
        out[m] = {
            "answerable": answerable, "top1_correct": correct, "top1": round(correct / max(answerable, 1), 3),
            "wrongly_unanswered": false_none, "none_total": none_total, "none_correct": none_ok, "misses": misses,
        }
    return out


if __name__ == "__main__":  # python -m guidance.ask --measure [FILE]
    import json
    import sys

    args = [x for x in sys.argv[1:] if x != "--measure"]
    for subset in ("dev", "holdout"):
        for m, r in measure(args[0] if args else None, subset=subset).items():
            print(subset, m, json.dumps({k: v for k, v in r.items() if k != "misses"}))
            for miss in r["misses"]:
                print("   miss:", miss)
