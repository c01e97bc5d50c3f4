"""Tests for guidance.calendar.

Every expected date below was worked out by hand against the England and Wales
bank holiday lists published on gov.uk, not produced by the code under test.
The bank holidays come from the ``holidays`` package; the hand-written rules in
tests/calendar_rules.py are the reference it is compared with, year by year.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from guidance.calendar import (
    DIRECTIONS,
    UNITS,
    add_calendar_days,
    add_hours,
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    describe,
    format_date,
    is_bank_holiday,
    is_working_day,
    shift,
)
from tests.calendar_rules import reference_bank_holidays

D = date

# --------------------------------------------------------------------------
# Bank holidays 2020-2027: the official England and Wales lists
# --------------------------------------------------------------------------

EXPECTED_HOLIDAYS = {
    2020: [
        D(2020, 1, 1),    # New Year's Day (Wed)
        D(2020, 4, 10),   # Good Friday
        D(2020, 4, 13),   # Easter Monday
        D(2020, 5, 8),    # Early May moved to Fri 8 May (VE day 75)
        D(2020, 5, 25),   # Spring
        D(2020, 8, 31),   # Summer
        D(2020, 12, 25),  # Christmas (Fri)
        D(2020, 12, 28),  # Boxing Day Sat 26 -> Mon 28
    ],
    2021: [
        D(2021, 1, 1),
        D(2021, 4, 2),
        D(2021, 4, 5),
        D(2021, 5, 3),
        D(2021, 5, 31),
        D(2021, 8, 30),
        D(2021, 12, 27),  # Christmas Sat 25 -> Mon 27
        D(2021, 12, 28),  # Boxing Sun 26 -> Tue 28
    ],
    2022: [
        D(2022, 1, 3),    # New Year's Day Sat 1 -> Mon 3
        D(2022, 4, 15),
        D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),    # Spring moved to Thu 2 June
        D(2022, 6, 3),    # Platinum Jubilee
        D(2022, 8, 29),
        D(2022, 9, 19),   # State Funeral of Queen Elizabeth II
        D(2022, 12, 26),  # Boxing Day (Mon)
        D(2022, 12, 27),  # Christmas Sun 25 -> Tue 27
    ],
    2023: [
        D(2023, 1, 2),    # New Year's Day Sun 1 -> Mon 2
        D(2023, 4, 7),
        D(2023, 4, 10),
        D(2023, 5, 1),
        D(2023, 5, 8),    # Coronation of King Charles III
        D(2023, 5, 29),
        D(2023, 8, 28),
        D(2023, 12, 25),
        D(2023, 12, 26),
    ],
    2024: [
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 5, 6),
        D(2024, 5, 27),
        D(2024, 8, 26),
        D(2024, 12, 25),
        D(2024, 12, 26),
    ],
    2025: [
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
    ],
    2026: [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),  # Christmas (Fri)
        D(2026, 12, 28),  # Boxing Sat 26 -> Mon 28
    ],
    2027: [
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2027, 5, 3),
        D(2027, 5, 31),
        D(2027, 8, 30),
        D(2027, 12, 27),  # Christmas Sat 25 -> Mon 27
        D(2027, 12, 28),  # Boxing Sun 26 -> Tue 28
    ],
}


@pytest.mark.parametrize("year", sorted(EXPECTED_HOLIDAYS))
def test_bank_holidays_match_official_list(year):
    got = bank_holidays(year)
    assert list(got) == EXPECTED_HOLIDAYS[year]  # same dates, in date order


@pytest.mark.parametrize(
    "day, name",
    [
        (D(2020, 12, 28), "Boxing Day (substitute day)"),
        (D(2021, 12, 27), "Christmas Day (substitute day)"),
        (D(2021, 12, 28), "Boxing Day (substitute day)"),
        (D(2022, 1, 3), "New Year's Day (substitute day)"),
        (D(2022, 12, 26), "Boxing Day"),
        (D(2022, 12, 27), "Christmas Day (substitute day)"),
        (D(2023, 1, 2), "New Year's Day (substitute day)"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 4), "Early May bank holiday"),
        (D(2026, 5, 25), "Spring bank holiday"),
        (D(2026, 8, 31), "Summer bank holiday"),
        (D(2027, 12, 27), "Christmas Day (substitute day)"),
        (D(2027, 12, 28), "Boxing Day (substitute day)"),
        (D(2020, 5, 8), "Early May bank holiday (VE day)"),
        (D(2022, 6, 2), "Spring bank holiday"),
        (D(2022, 6, 3), "Platinum Jubilee bank holiday"),
    ],
)
def test_reference_rule_names(day, name):
    assert reference_bank_holidays(day.year)[day] == name


@pytest.mark.parametrize("year", range(1978, 2061))
def test_package_gives_the_reference_dates(year):
    """The package's England bank holidays are, date for date, the ones the
    hand-written rules and proclamation table give (names may differ)."""
    assert list(bank_holidays(year)) == list(reference_bank_holidays(year))


@pytest.mark.parametrize("day, part", [
    (D(2020, 12, 28), "Boxing Day (substitute day)"),
    (D(2022, 1, 3), "New Year's Day (substitute day)"),
    (D(2021, 12, 27), "Christmas Day (substitute day)"),
    (D(2026, 4, 3), "Good Friday"),
    (D(2022, 9, 19), "Funeral"),
])
def test_package_names(day, part):
    assert part in bank_holidays(day.year)[day]


def test_reference_disagreement_would_show():
    """The comparison can fail: a year whose proclamation the package lacked
    would differ (here, the 2023 coronation day taken out of the package's list)."""
    got = [d for d in bank_holidays(2023) if d != D(2023, 5, 8)]
    assert got != list(reference_bank_holidays(2023))


@pytest.mark.parametrize(
    "year, good_friday, easter_monday",
    [
        (2019, D(2019, 4, 19), D(2019, 4, 22)),
        (2020, D(2020, 4, 10), D(2020, 4, 13)),
        (2021, D(2021, 4, 2), D(2021, 4, 5)),
        (2022, D(2022, 4, 15), D(2022, 4, 18)),
        (2023, D(2023, 4, 7), D(2023, 4, 10)),
        (2024, D(2024, 3, 29), D(2024, 4, 1)),
        (2025, D(2025, 4, 18), D(2025, 4, 21)),
        (2026, D(2026, 4, 3), D(2026, 4, 6)),
        (2027, D(2027, 3, 26), D(2027, 3, 29)),
        (2028, D(2028, 4, 14), D(2028, 4, 17)),
    ],
)
def test_easter(year, good_friday, easter_monday):
    hols = bank_holidays(year)
    assert hols[good_friday] == "Good Friday"
    assert hols[easter_monday] == "Easter Monday"


@pytest.mark.parametrize(
    "day, holiday",
    [
        # weekend dates of holidays that moved to a substitute are not listed
        (D(2020, 12, 26), False),
        (D(2021, 12, 25), False),
        (D(2021, 12, 26), False),
        (D(2022, 1, 1), False),
        (D(2022, 12, 25), False),
        (D(2027, 12, 25), False),
        # usual days displaced by proclamation
        (D(2020, 5, 4), False),
        (D(2022, 5, 30), False),
        # an ordinary day, and the coronation day
        (D(2026, 12, 24), False),
        (D(2023, 5, 8), True),
        (D(2022, 9, 19), True),
        (D(2026, 12, 28), True),
    ],
)
def test_is_bank_holiday(day, holiday):
    assert is_bank_holiday(day) is holiday


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 12, 23), True),   # Wed
        (D(2026, 12, 25), False),  # Christmas
        (D(2026, 12, 26), False),  # Sat (Boxing Day, substitute Mon)
        (D(2026, 12, 27), False),  # Sun
        (D(2026, 12, 28), False),  # Boxing Day substitute
        (D(2026, 12, 29), True),
        (D(2027, 1, 1), False),
        (D(2027, 1, 4), True),
        (D(2020, 5, 4), True),     # usual early May Monday, moved in 2020
        (D(2020, 5, 8), False),
        (D(2022, 5, 30), True),    # usual spring Monday, moved in 2022
        (D(2026, 3, 7), False),    # Saturday
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_datetime_is_judged_by_its_date():
    assert is_bank_holiday(datetime(2026, 12, 25, 14, 30))
    assert not is_working_day(datetime(2026, 12, 28, 9, 0))


@pytest.mark.parametrize(
    "year, present, absent",
    [
        (1981, [D(1981, 7, 29)], []),                                  # royal wedding
        (1995, [D(1995, 5, 8)], [D(1995, 5, 1)]),                      # VE day 50
        (1999, [D(1999, 12, 31), D(1999, 12, 27), D(1999, 12, 28)], []),
        (2000, [D(2000, 1, 3)], []),                                   # Sat 1 Jan -> Mon 3
        (2002, [D(2002, 6, 3), D(2002, 6, 4)], [D(2002, 5, 27)]),      # Golden Jubilee
        (2011, [D(2011, 4, 29)], []),                                  # royal wedding
        (2012, [D(2012, 6, 4), D(2012, 6, 5)], [D(2012, 5, 28)]),      # Diamond Jubilee
    ],
)
def test_historic_proclamations(year, present, absent):
    hols = bank_holidays(year)
    for d in present:
        assert d in hols
    for d in absent:
        assert d not in hols


@pytest.mark.parametrize(
    "year, count",
    [(1981, 9), (1995, 8), (1999, 9), (2002, 9), (2011, 9), (2012, 9),
     (2020, 8), (2022, 10), (2023, 9)],
)
def test_proclamation_years_count(year, count):
    assert len(bank_holidays(year)) == count


def test_rule_invariants_for_many_years():
    special = {1981, 1999, 2002, 2011, 2012, 2022, 2023}
    for year in range(1978, 2101):
        hols = bank_holidays(year)
        if year not in special:
            assert len(hols) == 8, year
        assert all(d.year == year for d in hols), year
        assert all(d.weekday() < 5 for d in hols), year
        assert list(hols) == sorted(hols), year
        # exactly two of 25-28 December are bank holidays, in order
        xmas = [d for d in hols if d.month == 12 and d.day >= 25]
        assert len(xmas) == 2 or year == 1999, year


def test_returned_dict_is_a_copy():
    hols = bank_holidays(2026)
    hols.clear()
    assert len(bank_holidays(2026)) == 8
    assert is_bank_holiday(D(2026, 12, 25))


def test_years_past_the_package_range_refused():
    with pytest.raises(ValueError, match="holidays package"):
        bank_holidays(2101)
    with pytest.raises(ValueError):
        is_working_day(D(2150, 6, 1))


def test_years_before_1978_refused():
    with pytest.raises(ValueError, match="1978"):
        bank_holidays(1977)
    with pytest.raises(ValueError):
        is_working_day(D(1970, 6, 1))


# --------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, n, expected",
    [
        # Christmas 2026: 24 Thu (1), 25 Fri hol, 26-27 weekend,
        # 28 Mon Boxing substitute, 29 (2), 30 (3), 31 (4)
        (D(2026, 12, 23), 1, D(2026, 12, 24)),
        (D(2026, 12, 23), 2, D(2026, 12, 29)),
        (D(2026, 12, 23), 4, D(2026, 12, 31)),
        # year boundary: Fri 1 Jan 2027 hol, weekend, Mon 4 Jan
        (D(2026, 12, 23), 5, D(2027, 1, 4)),
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        # 2021/22: Tue 28 Dec (Boxing substitute) ... Mon 3 Jan 2022 is New Year substitute
        (D(2021, 12, 24), 1, D(2021, 12, 29)),
        (D(2021, 12, 31), 1, D(2022, 1, 4)),
        # 2027 Christmas Sat: Mon 27 and Tue 28 both holidays
        (D(2027, 12, 24), 1, D(2027, 12, 29)),
        # 30 working days across Christmas 2026: Dec 14-18 (5), 21-24 (9),
        # 29-31 (12), Jan 4-8 (17), 11-15 (22), 18-22 (27), 25-27 (30)
        (D(2026, 12, 11), 30, D(2027, 1, 27)),
        # Dec 22-24 (3), 29-31 (6), Jan 4-8 (11), 11-15 (16), 18-22 (21),
        # 25-29 (26), Feb 1-4 (30)
        (D(2026, 12, 21), 30, D(2027, 2, 4)),
        # Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        (D(2026, 4, 1), 3, D(2026, 4, 8)),
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # start on a holiday
        # Easter 2027 straddles March/April
        (D(2027, 3, 25), 1, D(2027, 3, 30)),
        # weekends
        (D(2026, 3, 6), 1, D(2026, 3, 9)),   # Fri -> Mon
        (D(2026, 3, 7), 1, D(2026, 3, 9)),   # Sat -> Mon
        (D(2026, 3, 8), 1, D(2026, 3, 9)),   # Sun -> Mon
        (D(2026, 3, 9), 5, D(2026, 3, 16)),  # a full week
        (D(2026, 3, 9), 10, D(2026, 3, 23)),
        # proclamation days
        (D(2020, 5, 7), 1, D(2020, 5, 11)),   # Fri 8 May 2020 VE day
        (D(2020, 5, 1), 1, D(2020, 5, 4)),    # Mon 4 May 2020 was a working day
        (D(2022, 6, 1), 1, D(2022, 6, 6)),    # Thu 2 + Fri 3 June 2022
        (D(2022, 9, 16), 1, D(2022, 9, 20)),  # Mon 19 Sep 2022 funeral
        (D(2023, 5, 5), 1, D(2023, 5, 9)),    # Mon 8 May 2023 coronation
        # n = 0 returns the start, working day or not
        (D(2026, 12, 23), 0, D(2026, 12, 23)),
        (D(2026, 3, 7), 0, D(2026, 3, 7)),
        (D(2026, 12, 25), 0, D(2026, 12, 25)),
        # negative: the nth working day before
        (D(2026, 12, 31), -4, D(2026, 12, 23)),
        (D(2027, 1, 4), -1, D(2026, 12, 31)),
        (D(2026, 4, 7), -1, D(2026, 4, 2)),
        (D(2026, 3, 9), -1, D(2026, 3, 6)),
        (D(2026, 3, 8), -1, D(2026, 3, 6)),   # Sun -> Fri
        (D(2022, 1, 4), -1, D(2021, 12, 31)),
        (D(2027, 1, 27), -30, D(2026, 12, 11)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize("n", [1, 2, 5, 9, 23, 60])
def test_working_days_round_trip(n):
    # from any working day, n forward then n back returns to it
    day = D(2026, 11, 2)
    while day < D(2027, 2, 1):
        if is_working_day(day):
            there = add_working_days(day, n)
            assert is_working_day(there)
            assert add_working_days(there, -n) == day
        day += timedelta(days=1)


# --------------------------------------------------------------------------
# Calendar days, weeks, months, hours
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2026, 12, 23), 15, D(2027, 1, 7)),
        (D(2026, 12, 23), 0, D(2026, 12, 23)),
        (D(2026, 3, 1), -1, D(2026, 2, 28)),
        (D(2024, 3, 1), -1, D(2024, 2, 29)),
    ],
)
def test_add_calendar_days(start, n, expected):
    assert add_calendar_days(start, n) == expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2026, 12, 23), 2, D(2027, 1, 6)),
        (D(2026, 12, 23), -1, D(2026, 12, 16)),
        (D(2026, 2, 26), 1, D(2026, 3, 5)),
    ],
)
def test_add_weeks(start, n, expected):
    assert add_weeks(start, n) == expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),   # leap year
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 12, 23), 3, D(2027, 3, 23)),
        (D(2026, 1, 15), -2, D(2025, 11, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2026, 12, 23), 24, datetime(2026, 12, 24, 0, 0)),
        (D(2026, 12, 23), 72, datetime(2026, 12, 26, 0, 0)),
        (D(2026, 12, 23), 36, datetime(2026, 12, 24, 12, 0)),
        (D(2026, 12, 23), 0, datetime(2026, 12, 23, 0, 0)),
        (D(2026, 12, 23), -24, datetime(2026, 12, 22, 0, 0)),
        (datetime(2026, 12, 23, 15, 30), 10, datetime(2026, 12, 24, 1, 30)),
        (datetime(2026, 12, 31, 20, 0), 24, datetime(2027, 1, 1, 20, 0)),
    ],
)
def test_add_hours(start, n, expected):
    got = add_hours(start, n)
    assert type(got) is datetime
    assert got == expected


# --------------------------------------------------------------------------
# shift
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "start, amount, unit, direction, expected",
    [
        (D(2026, 12, 23), 4, "working_days", "after", D(2026, 12, 31)),
        (D(2026, 12, 31), 4, "working_days", "before", D(2026, 12, 23)),
        (D(2026, 12, 21), 30, "working_days", "after", D(2027, 2, 4)),
        (D(2026, 4, 2), 1, "working_days", "after", D(2026, 4, 7)),
        (D(2026, 4, 7), 1, "working_days", "before", D(2026, 4, 2)),
        (D(2026, 12, 23), 0, "working_days", "after", D(2026, 12, 23)),
        (D(2026, 12, 23), 15, "days", "after", D(2027, 1, 7)),
        (D(2026, 12, 23), 15, "days_unspecified", "after", D(2027, 1, 7)),
        (D(2027, 1, 7), 15, "days", "before", D(2026, 12, 23)),
        (D(2027, 1, 7), 15, "days_unspecified", "before", D(2026, 12, 23)),
        (D(2026, 12, 23), 2, "weeks", "after", D(2027, 1, 6)),
        (D(2026, 12, 23), 2, "weeks", "before", D(2026, 12, 9)),
        (D(2026, 1, 31), 1, "months", "after", D(2026, 2, 28)),
        (D(2026, 3, 31), 1, "months", "before", D(2026, 2, 28)),
        (D(2026, 12, 23), 3, "months", "after", D(2027, 3, 23)),
        # hours round up to whole days
        (D(2026, 12, 23), 0, "hours", "after", D(2026, 12, 23)),
        (D(2026, 12, 23), 1, "hours", "after", D(2026, 12, 24)),
        (D(2026, 12, 23), 24, "hours", "after", D(2026, 12, 24)),
        (D(2026, 12, 23), 25, "hours", "after", D(2026, 12, 25)),
        (D(2026, 12, 23), 48, "hours", "after", D(2026, 12, 25)),
        (D(2026, 12, 23), 72, "hours", "after", D(2026, 12, 26)),
        (D(2026, 12, 23), 24, "hours", "before", D(2026, 12, 22)),
        (D(2026, 12, 23), 72, "hours", "before", D(2026, 12, 20)),
    ],
)
def test_shift(start, amount, unit, direction, expected):
    assert shift(start, amount, unit, direction) == expected


def test_shift_direction_defaults_to_after():
    assert shift(D(2026, 12, 23), 4, "working_days") == D(2026, 12, 31)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(amount=4, unit="fortnights"), ["fortnights", *UNITS]),
        (dict(amount=4, unit="working days"), ["working_days", "days_unspecified"]),
        (dict(amount=4, unit="days", direction="from"), ["from", *DIRECTIONS]),
        (dict(amount=4, unit="days", direction="After"), ["after", "before"]),
        (dict(amount=-1, unit="days"), ["-1", "before"]),
        (dict(amount=-3, unit="working_days", direction="before"), ["-3"]),
    ],
)
def test_shift_bad_input_raises_value_error(kwargs, words):
    with pytest.raises(ValueError) as exc:
        shift(D(2026, 12, 23), **kwargs)
    for word in words:
        assert word in str(exc.value)


@pytest.mark.parametrize(
    "start, amount",
    [
        (datetime(2026, 12, 23, 9, 0), 4),   # datetimes go through add_hours
        ("2026-12-23", 4),
        (D(2026, 12, 23), 1.5),
        (D(2026, 12, 23), "4"),
        (D(2026, 12, 23), True),
    ],
)
def test_shift_bad_types_raise_type_error(start, amount):
    with pytest.raises(TypeError):
        shift(start, amount, "working_days")


# --------------------------------------------------------------------------
# describe and format_date
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "amount, unit, text",
    [
        (4, "working_days", "4 working days"),
        (1, "working_days", "1 working day"),
        (24, "hours", "24 hours"),
        (1, "hours", "1 hour"),
        (2, "weeks", "2 weeks"),
        (1, "weeks", "1 week"),
        (3, "months", "3 months"),
        (1, "months", "1 month"),
        (10, "days", "10 calendar days"),
        (1, "days", "1 calendar day"),
        (15, "days_unspecified", "15 days (working or calendar not stated)"),
        (1, "days_unspecified", "1 day (working or calendar not stated)"),
        (0, "working_days", "0 working days"),
    ],
)
def test_describe(amount, unit, text):
    assert describe(amount, unit) == text


def test_describe_bad_input():
    with pytest.raises(ValueError, match="working_days"):
        describe(4, "fortnights")
    with pytest.raises(ValueError):
        describe(-4, "days")


@pytest.mark.parametrize(
    "d, text",
    [
        (D(2026, 12, 23), "Wed 23 Dec 2026"),
        (D(2026, 1, 1), "Thu 1 Jan 2026"),
        (D(2026, 12, 28), "Mon 28 Dec 2026"),
        (D(2027, 2, 4), "Thu 4 Feb 2027"),
        (D(2022, 6, 3), "Fri 3 Jun 2022"),
        (D(2026, 3, 8), "Sun 8 Mar 2026"),
        (D(2026, 9, 5), "Sat 5 Sep 2026"),
        (datetime(2026, 12, 23, 17, 45), "Wed 23 Dec 2026"),
    ],
)
def test_format_date(d, text):
    assert format_date(d) == text


def test_basis_text_example():
    due = shift(D(2026, 12, 23), 4, "working_days")
    basis = f"{describe(4, 'working_days')} from the request on {format_date(D(2026, 12, 23))}"
    assert basis == "4 working days from the request on Wed 23 Dec 2026"
    assert due.isoformat() == "2026-12-31"
