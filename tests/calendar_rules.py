"""England and Wales bank holidays by hand-written rule: the reference that
``guidance.calendar`` (which takes them from the ``holidays`` package) is tested
against in tests/test_calendar.py.

The rules, as gov.uk publishes them year after year:

* New Year's Day, 1 January; if it falls at a weekend, the following Monday
  (2 or 3 January) is the substitute day.
* Good Friday and Easter Monday (Western Easter, ``dateutil.easter``).
* Early May bank holiday: the first Monday in May.
* Spring bank holiday: the last Monday in May.
* Summer bank holiday: the last Monday in August.
* Christmas Day (25 December) and Boxing Day (26 December). A day that falls at
  a weekend is replaced by the next weekday that is not already a bank holiday:
  Christmas on a Saturday gives Mon 27 (Christmas) and Tue 28 (Boxing Day);
  Christmas on a Sunday gives Mon 26 (Boxing Day) and Tue 27 (Christmas);
  Boxing Day on a Saturday gives Mon 28.

One-off changes made by Royal Proclamation under section 1 of the Banking and
Financial Dealings Act 1971 (s.1(2): a day in place of a usual one; s.1(3): an
additional day) are in ``_PROCLAMATIONS`` and applied on top of the rules.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple, Union

from dateutil.easter import EASTER_WESTERN, easter
from dateutil.relativedelta import MO, relativedelta

_SUBSTITUTE = " (substitute day)"


class _Moved(NamedTuple):
    """A usual bank holiday replaced by another day (BFDA 1971 s.1(2))."""

    usual: date   # the day the rules give; it must be in the rule-based list
    moved_to: date
    name: str


class _Added(NamedTuple):
    """An additional bank holiday (BFDA 1971 s.1(3))."""

    day: date
    name: str


_PROCLAMATIONS: dict[int, tuple[Union[_Moved, _Added], ...]] = {
    # Royal Proclamation (BFDA 1971 s.1(3)): additional bank holiday for the
    # wedding of the Prince of Wales and Lady Diana Spencer.
    1981: (_Added(date(1981, 7, 29), "Royal Wedding bank holiday"),),
    # Royal Proclamation (BFDA 1971 s.1(2)): early May bank holiday moved from
    # Mon 1 May to Mon 8 May for the 50th anniversary of VE Day.
    1995: (_Moved(date(1995, 5, 1), date(1995, 5, 8), "Early May bank holiday (VE day)"),),
    # Royal Proclamation (BFDA 1971 s.1(3)): additional bank holiday for the
    # Millennium celebrations.
    1999: (_Added(date(1999, 12, 31), "Millennium Celebrations bank holiday"),),
    # Royal Proclamations for the Golden Jubilee of Queen Elizabeth II: spring
    # bank holiday moved from Mon 27 May to Tue 4 June (s.1(2)) and an
    # additional bank holiday on Mon 3 June (s.1(3)).
    2002: (
        _Moved(date(2002, 5, 27), date(2002, 6, 4), "Spring bank holiday"),
        _Added(date(2002, 6, 3), "Golden Jubilee bank holiday"),
    ),
    # Royal Proclamation (BFDA 1971 s.1(3)): additional bank holiday for the
    # wedding of Prince William and Catherine Middleton.
    2011: (_Added(date(2011, 4, 29), "Royal Wedding bank holiday"),),
    # Royal Proclamations for the Diamond Jubilee of Queen Elizabeth II: spring
    # bank holiday moved from Mon 28 May to Mon 4 June (s.1(2)) and an
    # additional bank holiday on Tue 5 June (s.1(3)).
    2012: (
        _Moved(date(2012, 5, 28), date(2012, 6, 4), "Spring bank holiday"),
        _Added(date(2012, 6, 5), "Queen's Diamond Jubilee bank holiday"),
    ),
    # Royal Proclamation (BFDA 1971 s.1(2)): early May bank holiday moved from
    # Mon 4 May to Fri 8 May for the 75th anniversary of VE Day.
    2020: (_Moved(date(2020, 5, 4), date(2020, 5, 8), "Early May bank holiday (VE day)"),),
    2022: (
        # Royal Proclamations for the Platinum Jubilee of Queen Elizabeth II:
        # spring bank holiday moved from Mon 30 May to Thu 2 June (s.1(2)) and
        # an additional bank holiday on Fri 3 June (s.1(3)).
        _Moved(date(2022, 5, 30), date(2022, 6, 2), "Spring bank holiday"),
        _Added(date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        # Royal Proclamation (BFDA 1971 s.1(3)): additional bank holiday for
        # the State Funeral of Queen Elizabeth II.
        _Added(date(2022, 9, 19), "Bank holiday for the State Funeral of Queen Elizabeth II"),
    ),
    # Royal Proclamation (BFDA 1971 s.1(3)): additional bank holiday for the
    # coronation of King Charles III (the usual early May holiday on Mon 1 May
    # was kept).
    2023: (_Added(date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),),
}


# --------------------------------------------------------------------------
# Bank holidays
# --------------------------------------------------------------------------

def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


def _substitute(d: date, taken: dict[date, str]) -> date:
    """The first weekday after ``d`` that is not already a bank holiday."""
    candidate = d + timedelta(days=1)
    while _is_weekend(candidate) or candidate in taken:
        candidate += timedelta(days=1)
    return candidate


def _add_with_substitute(holidays: dict[date, str], d: date, name: str) -> None:
    if _is_weekend(d):
        holidays[_substitute(d, holidays)] = name + _SUBSTITUTE
    else:
        holidays[d] = name


def _by_rule(year: int) -> dict[date, str]:
    holidays: dict[date, str] = {}
    _add_with_substitute(holidays, date(year, 1, 1), "New Year's Day")
    easter_sunday = easter(year, EASTER_WESTERN)
    holidays[easter_sunday - timedelta(days=2)] = "Good Friday"
    holidays[easter_sunday + timedelta(days=1)] = "Easter Monday"
    holidays[date(year, 5, 1) + relativedelta(weekday=MO(+1))] = "Early May bank holiday"
    holidays[date(year, 5, 31) + relativedelta(weekday=MO(-1))] = "Spring bank holiday"
    holidays[date(year, 8, 31) + relativedelta(weekday=MO(-1))] = "Summer bank holiday"
    # Both weekday-dated days first, so that a substitute never lands on one.
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    for d, name in ((christmas, "Christmas Day"), (boxing, "Boxing Day")):
        if not _is_weekend(d):
            holidays[d] = name
    for d, name in ((christmas, "Christmas Day"), (boxing, "Boxing Day")):
        if _is_weekend(d):
            holidays[_substitute(d, holidays)] = name + _SUBSTITUTE
    return holidays


def reference_bank_holidays(year: int) -> dict[date, str]:
    """The England and Wales bank holidays of ``year`` by rule and proclamation."""
    holidays = _by_rule(year)
    for change in _PROCLAMATIONS.get(year, ()):
        if isinstance(change, _Moved):
            if change.usual not in holidays:  # the table and the rules disagree
                raise RuntimeError(f"proclamation table moves {change.usual}, which the rules do not give")
            del holidays[change.usual]
            holidays[change.moved_to] = change.name
        else:
            holidays[change.day] = change.name
    return dict(sorted(holidays.items()))
