"""Property tests against a simple day-by-day reference built straight from the holidays package."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from calculators.workdays import FIRST_YEAR, LAST_YEAR, Calendar

BANK = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
CAL = Calendar()
starts = st.dates(min_value=date(FIRST_YEAR, 3, 1), max_value=date(LAST_YEAR - 1, 12, 1))
counts = st.integers(min_value=1, max_value=40)


def reference_working(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK


def reference_after(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= reference_working(day)
    return day


def reference_before(start: date, n: int) -> date:
    day = start
    while n:
        day -= timedelta(days=1)
        n -= reference_working(day)
    return day


@given(starts, counts)
def test_after_matches_reference_and_is_a_working_day(start, n):
    got = CAL.within_working_days_of(start, n).day
    assert got == reference_after(start, n)
    assert reference_working(got)


@given(starts, counts)
def test_before_matches_reference(start, n):
    assert CAL.working_days_before(start, n).day == reference_before(start, n)


@given(starts, st.integers(min_value=0, max_value=30), counts)
def test_later_start_never_earlier_deadline(start, gap, n):
    later = start + timedelta(days=gap)
    assert CAL.within_working_days_of(later, n).day >= CAL.within_working_days_of(start, n).day
    assert CAL.within_months_of(later, 3).day >= CAL.within_months_of(start, 3).day


@given(starts, counts)
def test_one_more_day_never_earlier(start, n):
    assert CAL.within_working_days_of(start, n + 1).day > CAL.within_working_days_of(start, n).day
    assert CAL.working_days_before(start, n + 1).day < CAL.working_days_before(start, n).day


@given(starts, st.integers(min_value=1, max_value=6))
def test_months_is_latest_working_day_on_or_before_target(start, n):
    target = start + relativedelta(months=n)
    got = CAL.within_months_of(start, n).day
    assert got <= target and reference_working(got)
    assert not any(reference_working(got + timedelta(days=k)) for k in range(1, (target - got).days + 1))


@given(starts, counts, st.sets(st.integers(min_value=1, max_value=20), max_size=5))
def test_closures_only_ever_push_a_deadline_later(start, n, offsets):
    closed = Calendar([start + timedelta(days=k) for k in offsets])
    assert closed.within_working_days_of(start, n).day >= CAL.within_working_days_of(start, n).day
    assert closed.is_working_day(closed.within_working_days_of(start, n).day)
