"""Read dates named in a message and set them on the date anchor its sentence names.

Pure Python (stdlib + python-dateutil).  Rules of `read_dates(text, today, pending_anchor)`:

Absolute, UK day first, found by regex and parsed by dateutil: "2026-12-03", "03/12/2026",
"3.12.26", "3/12" (two parts only with "/"), "9 Dec", "2 Dec '26", "the 9th of December",
"December 9th, 2026", maybe after a weekday ("Thu 3 Dec"; one that disagrees -> ambiguous).
Invalid or month-first dates ("31/02", "12/13") give nothing; no year -> the year nearest
today; a lower-case "may" needs an ordinal, "of" or a year.  Relative: today/tonight/this
morning, (the day before) yesterday, (the day after) tomorrow (also "yday", "yest", "tmrw",
"2moro"), "N days/weeks/months ago (today)", "in N days/weeks/months/a fortnight ('time)",
"a week today", "Monday week" = "a week on Monday" (next Monday + 7), "last/next week"
(today -/+ 7, ambiguous), "Tue next/last/this week" = "next week on Tue" (that weekday of that
Monday-to-Sunday week), "last Tue"/"Tue just gone" (latest before today), "next Tue"/"this
coming Tue" (first after today).  "this Tue", "(on) Tue" and "the 9th" follow the direction
below; "(on) Tue" and "the 9th" are ambiguous, unless "Tuesday the 8th" pins the month (the
nearest month whose 8th is a Tuesday).

Direction: a future cue in the date's clause, else the anchor's ("will", "is on", "'s on", "is
Tuesday", "booked for", "next", ...) -> the next such day on or after today; a past cue
("was", "took place", "held", "had", "ago", ...) -> the latest on or before today; no cue ->
forward for conference_date and review_meeting_date, back for the rest (and for no anchor).
"the twenty-third" in words is a day only before a clause's end or a time ("ICPC the
twenty-third.", "on the fifth at 10"), and never a rank ("she was the third", "For the first,").
"(that/the) same day/morning" is the date named just before it in the message (not "the same
day as ...", nor in a timescale sentence).

Anchors: phrases in the same sentence ("strategy meeting", "strat", "ICPC", "review
conference", "CP plan discharged", "came off (the) CP plan", "final TAF meeting", "final s/d
mtg", "referral", "contacted the MASH", "starting an EHA", "shared the plan", "allocations list",
"review meeting", "first TAC", "assessment started", "C&FA under way since", ...; the longest
overlapping phrase wins).  Dates and anchors pair by distance
(crossing a comma/"and" clause costs extra), each anchor once.  A meeting that ended the plan
("RCPC yesterday ended the CP plan", "the review conference on 3/12 discharged the plan") gives
the plan's discharge its own date too.  A sentence with no anchor
uses `pending_anchor` (the date the bot just asked for), else anchor None (label "").

Never a date: "9 years old", "Year 9", "32 weeks pregnant", "level 3", "section 47", "scored
7/10", "got 3/12", "4/12 on the scale", "3/12 old", phone numbers, "24/7", "on Tuesdays"; nor
"in N days" in a timescale sentence ("how many", "within", "must", "should", "deadline").
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

from dateutil import parser as du
from dateutil.relativedelta import relativedelta

LABELS = {
    "request_date": "the request",
    "strategy_meeting_date": "the strategy meeting",
    "conference_date": "the conference",
    "plan_discharged_date": "the Child Protection Plan being discharged",
    "final_meeting_date": "the final meeting",
    "plan_shared_date": "the step-down plan being shared with the family and consent being confirmed",
    "allocations_list_date": "being added to the allocations list",
    "review_meeting_date": "the meeting",
    "assessment_start_date": "the start of the assessment",
}
FORWARD_ANCHORS = {"conference_date", "review_meeting_date"}


@dataclass(frozen=True)
class DateMention:
    anchor: Optional[str]  # a date field of guidance/fields.yml, or None if none is named
    date: dt.date
    ambiguous: bool  # the reading needed a guess (weekday alone, "the 9th", "next week")
    confirm: str  # "the strategy meeting on Thursday 3 December 2026?"
    label: str  # the anchor's label in fields.yml ("" with no anchor)


_F = re.IGNORECASE
_ANCHORS = [(name, re.compile(rx, _F)) for name, rx in [
    ("request_date", r"\brefer(?:red|ral|rals|ring|s)?\b|\brequest(?:ed|s)?\b|\breq\b|\bmash\b|\bmarf\b|"
     r"\b(?:contacted|called|rang|phoned|emailed)\s+(?:the\s+)?(?:front door|duty team|"
     r"children'?s services|social care|iart|spoc)\b|"
     # an early help assessment begun: the date its deadline counts from ("starting an EHA today")
     r"\b(?:start(?:ed|ing|s)?|began|begun|begin(?:ning)?|open(?:ed|ing)?)\s+(?:the\s+|an\s+|a\s+|our\s+|my\s+)?"
     r"(?:eha|ehat|early help assessment)\b|\b(?:eha|ehat|early help assessment)\s+(?:was\s+|has\s+|is\s+|will\s+)?"
     r"(?:been\s+|be\s+)?(?:start(?:ed|s)?|began|begun|begins?|opened)\b"),
    ("strategy_meeting_date", r"\bstrat(?:egy)?\b(?:\s+(?:meeting|discussion|mtg|call))?"),
    ("conference_date", r"\b(?:icpcc?|rcpcc?|cpc)\b|\b(?:(?:initial|review)\s+)?"
     r"(?:(?:child protection|cp)\s+)?(?:case\s+)?conference(?:\s+review)?\b"),
    ("plan_discharged_date", r"\b(?:plan|cpp)\s+(?:for\s+[\w\s'-]{1,40}?\s+)?(?:was\s+|has been\s+|had been\s+|got\s+|is\s+"
     r"|will be\s+)?(?:discharged|ended|closed|ceased|removed|stopped)\b|\bdischarg\w*\s+"
     r"(?:of\s+|from\s+)?(?:the\s+)?(?:(?:cp|child protection)\s+)?(?:plan|cp|child protection)\b"
     r"|\boff\s+(?:(?:the|a|her|his|their)\s+(?:(?:cp|child protection)\s+)?|(?:cp|child protection)\s+)plan\b"
     r"|\b(?:came|come|comes|coming|taken|took\s+\w+)\s+off\s+(?:the\s+)?(?:cp|child protection)\b|\bde-?registered\b"
     r"|\b(?:ended|discharged|closed|ceased|removed|stepped\s+down)\s+(?:the|her|his|their)\s+"
     r"(?:cp\s+|child\s+protection\s+)plan\b"),
    ("final_meeting_date", r"\b(?:final|closing|closure)\s+(?:[\w&/-]+\s+){0,3}?(?:meeting|mtg)\b"),
    ("plan_shared_date", r"\bshared\s+(?:and\s+\w+\s+)?(?:the\s+|our\s+|a\s+|my\s+)?(?:step[- ]?down\s+)?plan\b|"
     r"\b(?:step[- ]?down\s+)?plan\s+(?:was\s+|has been\s+|were\s+)?(?:shared|given|sent|went\s+(?=to\b))\b|"
     r"\bshared\s+(?:it\s+)?with\s+(?:the\s+)?(?:family|parents?|mum|dad|carers?)\b"),
    ("allocations_list_date", r"\ballocations?\s+list\b|\badded\s+(?:[\w'-]+\s+){0,3}?to\s+(?:the|our|their)\s+list\b"),
    ("review_meeting_date", r"\b(?:review|step[- ]?up)\s+(?:[\w&-]+\s+){0,2}?(?:meeting|mtg)\b|"
     r"\b(?:taf|tac|team around the (?:family|child))\s+(?:review|meeting|mtg)\b|\breview\b|"
     # a TAF/TAC counted or to come is a meeting ("first TAC Thursday"), not the team or its plan
     r"\b(?:first|1st|second|2nd|next|initial|opening)\s+(?:taf|tac)\b"),
    ("assessment_start_date", r"\bassessment\s+(?:was\s+|has\s+|had\s+|is\s+|will\s+)?(?:been\s+)?"
     r"(?:start(?:ed|s)?|began|begun|begins?|commenced|opened)\b|\b(?:start(?:ed|ing)?|began|begun"
     r"|commenced|opened)\s+(?:the\s+|an\s+|a\s+|our\s+|their\s+)?(?:social work\s+|sw\s+|single\s+"
     r"|child and family\s+|c&f\s+)?assessment\b|\bassessment start|"
     # a child and family assessment by its initials ("C&FA commenced 20/11")
     r"\bc\s?&\s?fa\s+(?:was\s+|has\s+|had\s+)?(?:been\s+)?(?:start(?:ed|s)?|began|begun|commenced|opened)\b|"
     # a social work assessment by its initials ("SWA started 24/11")
     r"\bswa\s+(?:was\s+|has\s+|had\s+)?(?:been\s+)?(?:start(?:ed|s)?|began|begun|commenced|opened)\b|"
     # an assessment going on "since" a date began then ("C&FA under way since 23/11")
     r"\b(?:assessment|c\s?&\s?fa|swa)\s+(?:is\s+|has\s+been\s+|been\s+)?(?:under\s?way|ongoing|"
     r"in\s+progress|open|running|going)\s+since\b"),
]]

#: meetings that can end a plan, and the plan ended by the words right after one
_MEETINGS = ("conference_date", "review_meeting_date", "final_meeting_date")
_ENDED_BY = re.compile(r"(?:ended|discharged|closed|ceased|removed|stepped\s+down)\s", _F)
_AT_MEETING = re.compile(r"\s+(?:at|in)\s+(?:(?:the|a|her|his|their)\s+)?", _F)

# the short forms of note-taking and texting: "yday", "y'day", "yest"; "tmrw", "tmw", "2moro"
_YDAY = r"(?:yday|y'day|y’day|yest|ystdy)"
_TMRW = r"(?:tmrw|tmrow|tmw|tmoz|tomoz|2moro|2morro|2morrow|2mrw)"
_FUTURE = re.compile(r"\b(?:will|shall|going to|(?:is|are)\s+(?:on|booked|scheduled|planned|"
                     r"arranged|due|set|being|(?=\w+day\b))|booked|scheduled|planned for|arranged for|"
                     rf"coming up|upcoming|next|tomorrow|{_TMRW})\b|'ll\b|"
                     # "the ICPC's on the 17th", "the conference’s booked for ..."
                     r"['’]s\s+(?:on|booked|scheduled|planned|arranged|due|set)\b", _F)
_PAST = re.compile(r"\b(?:was|were|took place|held|happened|had|did|went|ended|discharged|shared|"
                   r"started|began|begun|made|referred|contacted|rang|called|sent|ago|yesterday|"
                   rf"last|just gone|came|{_YDAY})\b", _F)
_TIMESCALE = re.compile(r"\bhow\s+(?:many|long|soon)\b|\bwithin\b|\bmust\b|\bshould\b|"
                        r"\bdeadline|\btimescale|\bhave to\b|\bneed to\b", _F)
_SENTENCE = re.compile(r"[.!?]+(?=\s|$)|\n")
_CLAUSE = re.compile(r"[,;:]|\b(?:and|but|while|whereas|although|though|then)\b", _F)

_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues?|weds?|thurs?|fri|sat|sun|mon)"
_WDS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs)"  # standalone
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_NOT_DATE = re.compile(r"\b(?:year|level|section|(?<!['’])s|aged?|stage|tier|room|page|no|number|score[ds]?|"
                       r"rated|rating|out of|score\s+(?:was|is|of)|got|gets|marked|marks?|points?|rated\s+at|"
                       r"attendance|scale)[\s.]*$", _F)  # words before a number that is no date
#: words after "3/12" that make it a score or a span of time ("3/12 on the scale", "3/12 old")
_NOT_DATE_AFTER = re.compile(r"\s*(?:marks?|points?|correct|old|ago|later|post\b|"
                             r"on\s+the\s+(?:[\w-]+\s+)?(?:scale|tool|questionnaire|checklist|measure|score))", _F)
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_WORDS = "a one two three four five six seven eight nine ten eleven twelve".split()
_SHIFT = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
          "the day after tomorrow": 2}

Resolved = Optional[Tuple[dt.date, bool]]  # (date, ambiguous)


def _wd(word: str) -> int:
    return [d[:2].lower() for d in calendar.day_name].index(word[:2].lower())


def _nearest_year(d: dt.date, today: dt.date) -> dt.date:
    cands = [d.replace(year=y) for y in range(today.year - 1, today.year + 2)
             if calendar.isleap(y) or (d.month, d.day) != (2, 29)]
    return min(cands, key=lambda c: abs((c - today).days))


def _step(today: dt.date, weekday: int, forward: bool, strict: bool) -> dt.date:
    """The nearest `weekday` after (forward) or before today; today itself unless strict."""
    sign = 1 if forward else -1
    gap = ((weekday - today.weekday()) * sign) % 7 or (7 if strict else 0)
    return today + dt.timedelta(days=sign * gap)


def _absolute(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    text, wd, year = _in_digits(m.group("body")), m.group("wd"), m.group("year")
    if (m.group("mon") or "").lower() == "may" and m.group("mon") != "May" and not year \
            and not re.search(r"\d(?:st|nd|rd|th)\b|\bof\b", text, _F):
        return None  # "they may 3 ...": lower-case "may" needs an ordinal, "of" or a year
    iso = re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text)
    try:
        d = du.isoparse(text) if iso else du.parse(text, dayfirst=True, fuzzy=True,
                                                    default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    d = d.date()
    if not iso and text[0].isdigit() and d.day != int(re.match(r"\d+", text).group()):
        return None  # dateutil fell back to month first ("12/13"); UK dates are day first
    if not year:
        d = _nearest_year(d, today)
    return d, bool(wd) and _wd(wd) != d.weekday()


#: what may follow "the fifth" said as a day: the end of a clause or a time ("the fifth at 10")
_AFTER_DAY_WORD = re.compile(r"\s*(?:$|[.,;:!?)]|\s[-–]\s|@|(?:at|from|in\s+the\s+(?:morning|afternoon))\b)", _F)
#: a word before "the third" that makes it a rank ("she was the third", "he came the first")
_RANK = {"is", "was", "were", "are", "be", "been", "being", "am", "came", "come", "comes", "finished",
         "placed", "ranked", "only", "just", "not", "then"}


def _day_only(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    g, wd = m.groupdict(), m.group("wd")
    if g.get("dword"):  # "ICPC the twenty-third.", "on the fifth at 10"
        if not _AFTER_DAY_WORD.match(m.string, m.end()):
            return None
        before = m.string[:m.start()].split()
        if not wd and (not before or re.search(r"[.!?]$", before[-1])):
            return None  # "For the first, mum agreed": a sentence opening on it reads as a rank
        if not (wd or g.get("pre")) and (before[-1].lower() in _RANK or re.search(r"['’]s$", before[-1])):
            return None
        day = _ORDINALS[" ".join(g["dword"].lower().split())]
    else:
        day = int(g["day"])
    cands = []
    for k in range(-13, 14):
        first = today.replace(day=1) + relativedelta(months=k)
        if 1 <= day <= (first + relativedelta(months=1, days=-1)).day:
            cands.append(first.replace(day=day))
    if wd:
        pinned = [c for c in cands if c.weekday() == _wd(wd)]
        return (min(pinned, key=lambda c: abs((c - today).days)), False) if pinned else None
    ok = [c for c in cands if (c >= today if forward else c <= today)]
    return (min(ok, key=lambda c: abs((c - today).days)), True) if ok else None


def _same_day(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    """"the same day": a stand-in; `read_dates` gives it the date named just before it."""
    return today, False


def _relative_day(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    said = " ".join(m.group(0).lower().split())
    said = "yesterday" if re.fullmatch(_YDAY, said) else "tomorrow" if re.fullmatch(_TMRW, said) else said
    return today + dt.timedelta(days=_SHIFT.get(said, 0)), False


def _offset(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    g = m.groupdict()
    unit, n = (g["unit"] or g["u2"]).lower(), (g["n"] or g["n2"]).lower()
    n = int(n) if n.isdigit() else max(1, _WORDS.index("a" if n == "an" else n))
    step = relativedelta(months=n) if unit[0] == "m" else \
        relativedelta(days=n * (14 if unit[0] == "f" else 7 if unit[0] == "w" else 1))
    return (today - step if g["u2"] else today + step), False


def _week(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    w, wd = m.group(0).lower(), m.group("wd") or m.group("wd2")
    cal = m.group("wd3") or m.group("wd4")
    if cal:  # "Thursday next week", "next week on Tuesday": that weekday of that calendar week
        rel = (m.group("rel") or m.group("rel2")).lower()
        monday = today - dt.timedelta(days=today.weekday())
        return monday + dt.timedelta(days={"next": 7, "last": -7}.get(rel, 0) + _wd(cal)), False
    if wd:  # "Monday week", "a week on Monday"
        return _step(today, _wd(wd), True, True) + dt.timedelta(days=7), False
    return today + dt.timedelta(days=-7 if w.startswith("last") else 7), not w.endswith("today")


def _weekday(m: re.Match, today: dt.date, forward: bool) -> Resolved:
    wd, mod = _wd(m.group("wd")), (m.group("post") or m.group("pre") or "").lower()
    if mod in ("last", "this past", "just gone", "gone", "next", "this coming", "coming"):
        return _step(today, wd, mod in ("next", "this coming", "coming"), True), False
    return _step(today, wd, forward, False), mod != "this"


# a day and a year said in words ("the third of December, twenty twenty-six"), read as digits
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINALS = {w: i for i, w in enumerate(_UNITS + "tenth eleventh twelfth thirteenth fourteenth fifteenth "
                                        "sixteenth seventeenth eighteenth nineteenth".split(), 1)}
_ORDINALS.update({"twentieth": 20, "thirtieth": 30})
_ORDINALS.update({f"{tens}{sep}{w}": n + i for tens, n in (("twenty", 20), ("thirty", 30))
                  for i, w in enumerate(_UNITS, 1) for sep in ("-", " ") if n + i <= 31})
_ORD = "(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in _ORDINALS), key=len, reverse=True)) + ")"
_YEAR_UNITS = "one two three four five six seven eight nine".split()
_YEAR_WORDS = r"(?:twenty\s+twenty(?:[-\s]+(?:" + "|".join(_YEAR_UNITS) + r"))?|two\s+thousand\s+(?:and\s+)?twenty" \
              r"(?:[-\s]+(?:" + "|".join(_YEAR_UNITS) + r"))?)"
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORD})"
_DM = (rf"(?:(?P<wd>{_WD}),?\s+)?(?P<body>(?:the\s+)?{_DAY}\s+(?:of\s+)?"
       rf"(?P<mon>{_MON})(?:,?\s+(?P<year>\d{{4}}|['’]\d{{2}}\b|{_YEAR_WORDS}))?)")
_MD = (rf"(?:(?P<wd>{_WD}),?\s+)?(?P<body>(?P<mon>{_MON})\s+(?:the\s+)?{_DAY}\b"
       rf"(?:,?\s+(?P<year>\d{{4}}|['’]\d{{2}}\b|{_YEAR_WORDS}))?)")


def _in_digits(text: str) -> str:
    """"the third of December, twenty twenty-six" -> "the 3 of December, 2026"; "'26" -> "2026"."""
    def year(m: re.Match) -> str:
        words = re.findall(r"[a-z]+", m.group().lower())
        unit = words[-1] if words[-1] in _YEAR_UNITS else None
        return str(2020 + (_YEAR_UNITS.index(unit) + 1 if unit else 0))
    text = re.sub(_YEAR_WORDS, year, text, flags=_F)
    text = re.sub(r"['’](\d{2})\b", r"20\1", text)  # "2 Dec '26": a year of this century
    return re.sub(_ORD, lambda m: str(_ORDINALS[re.sub(r"\s+", " ", m.group().lower())]), text, flags=_F)
_PATTERNS: List[Tuple[re.Pattern, Callable[..., Resolved]]] = [
    (re.compile(rx, _F), fn) for rx, fn in [
        (r"(?<![\d/.-])(?P<wd>)(?P<mon>)(?P<body>(?P<year>\d{4})-\d{1,2}-\d{1,2})(?![\d-])",
         _absolute),
        (rf"(?:\b(?P<wd>{_WD}),?\s+)?(?<![\d/.:-])(?!24/7\b)(?P<mon>)"
         r"(?P<body>\d{1,2}(?:/\d{1,2}|(?P<sep>[.-])\d{1,2}"
         r"(?=(?P=sep)\d))(?:[/.-](?P<year>\d{4}|\d{2}))?)(?![\d/]|[.-]\d)", _absolute),
        (r"\b" + _DM, _absolute),
        (r"\b" + _MD, _absolute),
        (rf"\b(?:(?P<wd>{_WD}),?\s+)?(?:the|on|for)\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b"
         r"(?!\s+(?:birthday|time|week|month|year|child|floor|centur|attempt|of\s+\w))", _day_only),
        (rf"\b(?:the day (?:before yesterday|after tomorrow)|today|2day|tonight|this (?:morning|afternoon"
         rf"|evening)|yesterday|{_YDAY}|last night|tomorrow|{_TMRW})\b", _relative_day),
        (rf"\bin\s+(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|fortnights?|months?)\b(?:'?\s+time\b)?|"
         rf"\b(?P<n2>{_NUM})\s+(?P<u2>days?|weeks?|fortnights?|months?)\s+ago\b(?:\s+today\b)?", _offset),
        (rf"\b(?:(?P<wd>{_WDS})\s+week\b|a\s+week\s+on\s+(?P<wd2>{_WDS})\b|"
         rf"(?P<wd3>{_WD})\s+(?:of\s+)?(?P<rel>next|last|this)\s+week\b|"
         rf"(?P<rel2>next|last|this)\s+week\s+(?:on\s+)?(?P<wd4>{_WDS})\b|(?:last|next)\s+week\b|"
         r"a\s+week\s+today\b)", _week),
        (rf"\b(?:(?P<pre>last|next|this coming|this past|this|coming|on)\s+)?(?P<wd>{_WDS})\b"
         r"(?:\s+(?P<post>just gone|gone))?", _weekday),
        # the date named just before ("C&FA started 30/11; strategy discussion the same day")
        (r"\b(?:(?:on|during)\s+)?(?:(?:the|that)\s+)?(?:very\s+)?same\s+(?:day|morning|afternoon|"
         r"evening|date)\b(?!\s+as\b)", _same_day),
        # a day in words, the month left to the direction ("ICPC the twenty-third.")
        (rf"\b(?:(?P<wd>{_WD}),?\s+)?(?P<pre>(?:on|for|by|until|till|from)\s+)?the\s+(?P<dword>{_ORD})\b",
         _day_only),
    ]]


def _spans(text: str) -> List[Tuple[int, int, int, re.Match]]:
    """Non-overlapping (start, end, pattern index, match); the longer match wins."""
    found = [(m.start(), m.end(), i, m) for i, (rx, _) in enumerate(_PATTERNS)
             for m in rx.finditer(text)]
    kept: List[Tuple[int, int, int, re.Match]] = []
    for s in sorted(found, key=lambda s: (s[0] - s[1], s[2])):
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def _index(pos: int, bounds: List[int]) -> int:
    return bisect.bisect_right(bounds, pos)


def _tense(text: str, spans: List[Tuple[int, int]], bounds: List[int]) -> Optional[str]:
    for start, _ in spans:
        i = _index(start, bounds)
        clause = text[([0] + bounds)[i]:(bounds + [len(text)])[i]]
        if _FUTURE.search(clause):
            return "future"
        if _PAST.search(clause):
            return "past"
    return None


def read_dates(text: str, today: dt.date, pending_anchor: Optional[str] = None) -> List[DateMention]:
    """Every date named in `text`, each set on the anchor its sentence names (see module doc)."""
    sentences = [m.end() for m in _SENTENCE.finditer(text)]
    clauses = sorted(set(sentences + [m.start() for m in _CLAUSE.finditer(text)]))
    timescale = {_index(m.start(), sentences) for m in _TIMESCALE.finditer(text)}
    dates = [s for s in _spans(text) if _PATTERNS[s[2]][1](s[3], today, False)
             and not _NOT_DATE.search(text[max(0, s[0] - 12):s[0]])
             and not (s[2] == 1 and _NOT_DATE_AFTER.match(text, s[1]))
             and not (_PATTERNS[s[2]][1] in (_offset, _same_day) and _index(s[0], sentences) in timescale)]
    # "the same day" needs a date named before it, and gives way to a date that restates it
    # ("started the same day, 1 December")
    dates = [s for k, s in enumerate(dates) if _PATTERNS[s[2]][1] is not _same_day
             or (any(_PATTERNS[e[2]][1] is not _same_day for e in dates[:k])
                 and not (k + 1 < len(dates) and re.fullmatch(r"\s*[,(–-]?\s*(?:on\s+|i\.?e\.?,?\s+)?",
                                                                 text[s[1]:dates[k + 1][0]], _F)))]
    anchors = [(m.start(), m.end(), name) for name, rx in _ANCHORS for m in rx.finditer(text)]
    anchors = [a for a in anchors if not any(b[0] <= a[0] and a[1] <= b[1] and b[1] - b[0] > a[1] - a[0]
                                             for b in anchors if b[0] < a[1] and a[0] < b[1])]
    # Pair by distance (crossing a clause boundary costs 100) in a sentence, each anchor name
    # once; a date left over takes its nearest anchor.
    in_sentence: dict = {}
    for ai, a in enumerate(anchors):
        in_sentence.setdefault(_index(a[0], sentences), []).append(ai)
    pairs = sorted((max(anchors[ai][0] - d[1], d[0] - anchors[ai][1], 0)
                    + 100 * abs(_index(anchors[ai][0], clauses) - _index(d[0], clauses)), di, ai)
                   for di, d in enumerate(dates) for ai in in_sentence.get(_index(d[0], sentences), []))
    chosen, used = {}, set()
    for _, di, ai in pairs:
        if di not in chosen and anchors[ai][2] not in used:
            chosen[di] = ai
            used.add(anchors[ai][2])
    for _, di, ai in pairs:
        chosen.setdefault(di, ai)
    # "RCPC yesterday ended the CP plan": the meeting's date is the plan's discharge date too
    also: List[Tuple[int, int]] = []  # (date index, anchor index)
    dated = {ai: di for di, ai in chosen.items()}
    for ai, a in enumerate(anchors):
        if a[2] != "plan_discharged_date" or a[2] in used or not _ENDED_BY.match(text, a[0]):
            continue
        for bi, b in enumerate(anchors):
            di = dated.get(bi)
            if b[2] in _MEETINGS and di is not None and b[1] <= a[0] and \
                    not text[b[1]:a[0]].replace(text[dates[di][0]:dates[di][1]], "", 1).strip():
                also.append((di, ai))
                break
    # "the plan was discharged at the review conference on 18/11": the meeting's date too
    for ai, a in enumerate(anchors):
        if a[2] != "plan_discharged_date" or a[2] in used or any(x[1] == ai for x in also):
            continue
        for bi, b in enumerate(anchors):
            di = dated.get(bi)
            if b[2] in _MEETINGS and di is not None and a[1] <= b[0] and \
                    _AT_MEETING.fullmatch(text[a[1]:b[0]]):
                also.append((di, ai))
                break
    out: List[DateMention] = []
    before: Resolved = None  # the date named last, for "the same day"
    for di, (start, end, i, m) in enumerate(dates):
        anchor_span = anchors[chosen[di]] if di in chosen else None
        anchor = anchor_span[2] if anchor_span else pending_anchor
        spans = [(start, end)] + ([anchor_span[:2]] if anchor_span else [])
        tense = _tense(text, spans, clauses)
        forward = tense == "future" if tense else anchor in FORWARD_ANCHORS
        d, ambiguous = _PATTERNS[i][1](m, today, forward)  # validated above: never None here
        if _PATTERNS[i][1] is _same_day:
            d, ambiguous = before
        before = d, ambiguous
        label = LABELS.get(anchor, "") if anchor else ""
        when = f"{calendar.day_name[d.weekday()]} {d.day} {calendar.month_name[d.month]} {d.year}"
        mention = DateMention(anchor, d, ambiguous, f"{label} on {when}?" if label else f"{when}?", label)
        if mention not in out:
            out.append(mention)
        for di2, ai in also:
            if di2 == di:
                label = LABELS[anchors[ai][2]]
                out.append(DateMention(anchors[ai][2], d, ambiguous, f"{label} on {when}?", label))
    return out
