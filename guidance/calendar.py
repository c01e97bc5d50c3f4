"""England and Wales bank holidays and the date arithmetic protocols use.

Pure Python: the standard library, python-dateutil and ``holidays``.

Bank holidays
-------------
The holidays come from the ``holidays`` package (python-holidays),
``country_holidays("GB", subdiv="ENG")``: its rules and the one-off days made by
Royal Proclamation under the Banking and Financial Dealings Act 1971 (a jubilee,
a state funeral, a coronation), so a new proclamation reaches Stepwise in a
release of that package, not by editing this file. Years after the package's
range (2100 today) raise ``ValueError``, and so do years before 1978 (the first
year in which every one of today's England and Wales bank holidays existed: the
early May bank holiday began in 1978) raise ``ValueError``.

Only the days that are actually bank holidays are listed: when a holiday falls
at a weekend the weekend date itself is not in the result (gov.uk lists only
the substitute day, which is named "... (substitute day)"). It is not a working
day either way.

The rules as gov.uk publishes them, and the proclamations since 1978, are kept
by hand in ``tests/calendar_rules.py`` as the reference the package is tested
against (``tests/test_calendar.py``, every year 1978-2060).

Date arithmetic
---------------
``add_working_days`` counts Mon-Fri days that are not bank holidays; the start
day is never counted ("4 working days from D" is the 4th working day after D).
``add_calendar_days``, ``add_weeks`` and ``add_months`` are plain calendar
arithmetic (months use ``relativedelta``, so 31 Jan + 1 month = 28/29 Feb).
``add_hours`` is wall-clock arithmetic on naive datetimes (no time zones, no
clock changes); a plain date is taken as midnight at the start of that day.
``shift`` is the single entry point a protocol deadline uses; it always
returns a date.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Union

import holidays as _holidays
from dateutil.relativedelta import relativedelta

__all__ = [
    "FIRST_SUPPORTED_YEAR",
    "UNITS",
    "DIRECTIONS",
    "bank_holidays",
    "is_bank_holiday",
    "is_working_day",
    "add_working_days",
    "add_calendar_days",
    "add_weeks",
    "add_months",
    "add_hours",
    "shift",
    "describe",
    "format_date",
]

FIRST_SUPPORTED_YEAR = 1978

UNITS = ("working_days", "days", "days_unspecified", "weeks", "months", "hours")
DIRECTIONS = ("after", "before")

_SUBSTITUTE = " (substitute day)"


# --------------------------------------------------------------------------
# Bank holidays (from the ``holidays`` package)
# --------------------------------------------------------------------------

def _is_weekend(d: date) -> bool:
    return d.weekday() >= 5


@lru_cache(maxsize=None)
def _bank_holidays(year: int) -> tuple[tuple[date, str], ...]:
    if not isinstance(year, int) or isinstance(year, bool):
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(
            f"bank holidays are computed only for {FIRST_SUPPORTED_YEAR} onwards "
            f"(the current England and Wales scheme); got {year}"
        )
    listed = _holidays.country_holidays("GB", subdiv="ENG", years=year)
    if not listed.start_year <= year <= listed.end_year:
        # outside the package's range it lists nothing: refuse rather than
        # count every weekday as a working day
        raise ValueError(
            f"bank holidays are known only for {listed.start_year}-{listed.end_year} "
            f"(the holidays package's range); got {year}"
        )
    # The package lists a holiday that falls at a weekend on its own date as
    # well as on its substitute ("observed") weekday; only the weekday is a
    # bank holiday. One date may carry two names ("Christmas Day; ...").
    out = {}
    for d, name in listed.items():
        if _is_weekend(d):
            continue
        out[d] = name.replace(" (observed)", _SUBSTITUTE)
    return tuple(sorted(out.items()))


@lru_cache(maxsize=None)
def _holiday_dates(year: int) -> frozenset[date]:
    return frozenset(d for d, _ in _bank_holidays(year))


def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in ``year``, in date order.

    Returns a new dict ``{date: name}`` each call (safe to modify).
    Raises ``ValueError`` for a year before ``FIRST_SUPPORTED_YEAR``.
    """
    return dict(_bank_holidays(year))


def _as_date(d: date) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    raise TypeError(f"expected a date, not {type(d).__name__}")


def is_bank_holiday(d: date) -> bool:
    """True if ``d`` (a date, or the date part of a datetime) is a bank holiday."""
    d = _as_date(d)
    return d in _holiday_dates(d.year)


def is_working_day(d: date) -> bool:
    """True if ``d`` is Monday to Friday and not an England and Wales bank holiday."""
    d = _as_date(d)
    return not _is_weekend(d) and d not in _holiday_dates(d.year)


# --------------------------------------------------------------------------
# Date arithmetic
# --------------------------------------------------------------------------

def _require_plain_date(start: date, func: str) -> None:
    if isinstance(start, datetime):
        raise TypeError(f"{func}() takes a date, not a datetime; pass .date()")
    if not isinstance(start, date):
        raise TypeError(f"{func}() takes a date, not {type(start).__name__}")


def _require_int(n: int, what: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be an int, not {type(n).__name__}")


def add_working_days(start: date, n: int) -> date:
    """The ``n``th working day after ``start`` (``start`` itself is not counted).

    ``n == 0`` returns ``start`` unchanged, even when it is not a working day.
    A negative ``n`` gives the ``|n|``th working day before ``start``.
    """
    _require_plain_date(start, "add_working_days")
    _require_int(n, "n")
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    d = start
    while remaining:
        d += step
        if is_working_day(d):
            remaining -= 1
    return d


def add_calendar_days(start: date, n: int) -> date:
    """``start`` plus ``n`` calendar days (``n`` may be negative)."""
    _require_plain_date(start, "add_calendar_days")
    _require_int(n, "n")
    return start + timedelta(days=n)


def add_weeks(start: date, n: int) -> date:
    """``start`` plus ``n`` weeks of seven calendar days (``n`` may be negative)."""
    _require_plain_date(start, "add_weeks")
    _require_int(n, "n")
    return start + timedelta(weeks=n)


def add_months(start: date, n: int) -> date:
    """``start`` plus ``n`` calendar months, clipped to the end of a short month.

    31 Jan + 1 month = 28 Feb (29 Feb in a leap year); 31 Mar - 1 month = 28/29 Feb.
    """
    _require_plain_date(start, "add_months")
    _require_int(n, "n")
    return start + relativedelta(months=n)


def add_hours(start: Union[datetime, date], n: int) -> datetime:
    """``start`` plus ``n`` hours, as a naive datetime.

    A plain date is taken as midnight at the start of that day, so a multiple
    of 24 hours lands on midnight of ``start + n/24`` days; 36 hours after
    23 Dec is 24 Dec 12:00. Wall-clock arithmetic: no time zones, no clock
    changes. ``n`` may be negative.
    """
    _require_int(n, "n")
    if isinstance(start, datetime):
        base = start
    elif isinstance(start, date):
        base = datetime.combine(start, time.min)
    else:
        raise TypeError(f"add_hours() takes a date or datetime, not {type(start).__name__}")
    return base + timedelta(hours=n)


def _check_amount(amount: int) -> None:
    _require_int(amount, "amount")
    if amount < 0:
        raise ValueError(
            f"amount must be 0 or more, got {amount}; "
            f"use direction='before' to count backwards"
        )


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; allowed units: {', '.join(UNITS)}")


def shift(start: date, amount: int, unit: str, direction: str = "after") -> date:
    """The date ``amount`` ``unit``s after (or before) ``start``.

    unit: one of ``UNITS``:
      * ``working_days``: see ``add_working_days`` (start not counted);
      * ``days`` and ``days_unspecified``: calendar days;
      * ``weeks``: 7 calendar days each;
      * ``months``: calendar months (``add_months``);
      * ``hours``: rounded up to whole days, so 1 to 24 hours is the next (or
        previous) day, 25 to 48 hours two days, and 0 hours is ``start``.
    direction: ``"after"`` (default) or ``"before"``.

    Raises ``ValueError`` naming the allowed values for an unknown unit or
    direction, or for a negative amount; ``TypeError`` for a non-date start
    (a datetime included) or a non-int amount.
    """
    _require_plain_date(start, "shift")
    _check_unit(unit)
    if direction not in DIRECTIONS:
        raise ValueError(
            f"unknown direction {direction!r}; allowed directions: {', '.join(DIRECTIONS)}"
        )
    _check_amount(amount)
    sign = 1 if direction == "after" else -1
    if unit == "working_days":
        return add_working_days(start, sign * amount)
    if unit in ("days", "days_unspecified"):
        return add_calendar_days(start, sign * amount)
    if unit == "weeks":
        return add_weeks(start, sign * amount)
    if unit == "months":
        return add_months(start, sign * amount)
    # hours: whole days, rounded up
    return add_calendar_days(start, sign * (-(-amount // 24)))


_UNIT_WORDS = {
    "working_days": ("working day", "working days"),
    "days": ("calendar day", "calendar days"),
    "days_unspecified": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "hours": ("hour", "hours"),
}


def describe(amount: int, unit: str) -> str:
    """Human text for a timescale: "4 working days", "24 hours", "1 week",
    "10 calendar days", "15 days (working or calendar not stated)".
    """
    _check_unit(unit)
    _check_amount(amount)
    singular, plural = _UNIT_WORDS[unit]
    text = f"{amount} {singular if amount == 1 else plural}"
    if unit == "days_unspecified":
        text += " (working or calendar not stated)"
    return text


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(d: date) -> str:
    """E.g. "Wed 23 Dec 2026" (English names whatever the locale; no leading zero)."""
    d = _as_date(d)
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"
