"""The named counting conventions, each on a hand-worked example across a bank holiday."""

from __future__ import annotations

import json
from datetime import date

import pytest

from calculators import workdays
from calculators.errors import CalculatorError
from calculators.workdays import Calendar

CAL = Calendar()


def test_within_working_days_of_skips_christmas():
    # Wed 24 Dec 2025: 25, 26 Dec bank holidays, 27-28 weekend; 29 (1) 30 (2) 31 (3)
    counted = CAL.within_working_days_of(date(2025, 12, 24), 3)
    assert counted.day == date(2025, 12, 31)
    assert counted.convention == workdays.WITHIN_WORKING_DAYS_OF
    assert [(s.day, s.reason) for s in counted.skipped] == [
        (date(2025, 12, 25), "bank-holiday"),
        (date(2025, 12, 26), "bank-holiday"),
        (date(2025, 12, 27), "weekend"),
        (date(2025, 12, 28), "weekend"),
    ]
    assert counted.skipped[0].name == "Christmas Day"


def test_working_days_before_skips_early_may():
    # Tue 6 May 2025: 5 May bank holiday, 4 and 3 weekend; 2 May (1), 1 May (2)
    assert CAL.working_days_before(date(2025, 5, 6), 2).day == date(2025, 5, 1)


def test_start_day_not_counted():
    assert CAL.within_working_days_of(date(2025, 1, 6), 1).day == date(2025, 1, 7)
    assert CAL.working_days_before(date(2025, 1, 8), 1).day == date(2025, 1, 7)


def test_within_months_of_month_end_and_leap_year():
    assert CAL.within_months_of(date(2024, 11, 29), 3).day == date(2025, 2, 28)
    assert CAL.within_months_of(date(2025, 1, 31), 1).day == date(2025, 2, 28)
    assert CAL.within_months_of(date(2023, 11, 30), 3).day == date(2024, 2, 29)


def test_within_months_of_rolls_back_over_easter():
    # 20 Mar + 1 month = Easter Sunday 20 Apr 2025 -> Sat 19, Good Friday 18 -> Thu 17
    counted = CAL.within_months_of(date(2025, 3, 20), 1)
    assert counted.day == date(2025, 4, 17)
    assert [s.name for s in counted.skipped] == ["Good Friday", "Saturday", "Sunday"]


def test_weeks_and_calendar_days():
    assert CAL.within_weeks_of(date(2025, 12, 1), 4).day == date(2025, 12, 29)
    assert CAL.calendar_days_after(date(2025, 12, 8), 15).day == date(2025, 12, 23)
    assert CAL.calendar_days_before(date(2025, 3, 3), 2).day == date(2025, 2, 28)


def test_days_unstated_gives_both_readings_working_first():
    both = workdays.readings(CAL, date(2025, 12, 15), 15, "days", "after")
    assert [r.day for r in both] == [date(2026, 1, 8), date(2025, 12, 30)]


def test_closures_are_skipped_and_named():
    cal = Calendar([date(2025, 12, 29), date(2025, 12, 30)])
    counted = cal.within_working_days_of(date(2025, 12, 24), 1)
    assert counted.day == date(2025, 12, 31)
    assert [s.reason for s in counted.skipped][-2:] == ["closure", "closure"]


def test_substitute_bank_holiday():
    # Boxing Day 2026 is a Saturday: Monday 28 December is the substitute day
    assert CAL.why_not_working(date(2026, 12, 28)).reason == "bank-holiday"
    assert CAL.within_working_days_of(date(2026, 12, 24), 1).day == date(2026, 12, 29)


@pytest.mark.parametrize("day", [date(2014, 12, 31), date(2031, 1, 1)])
def test_outside_supported_years_is_refused(day):
    with pytest.raises(CalculatorError, match=f"1 January {workdays.FIRST_YEAR} to 31 December {workdays.LAST_YEAR}"):
        CAL.check(day, "strategy-discussion")


def test_count_running_past_supported_years_is_refused():
    with pytest.raises(CalculatorError, match="run past"):
        CAL.within_working_days_of(date(2030, 12, 20), 15)


def test_the_bundles_bank_holiday_copy_is_read_only_for_its_years(tmp_path, monkeypatch):
    """app.zip carries the holidays package's table already computed (scripts/build_pyodide.py
    step 3d): bank_holidays() takes it, and computes from the package when the copy was made
    for other years or is damaged."""
    copy = json.loads(workdays.prebuilt_bank_holidays())
    christmas = date(workdays.LAST_YEAR, 12, 25).isoformat()
    assert copy["days"][christmas] == "Christmas Day"
    copy["days"][christmas] = "Christmas Day, as the copy says"
    monkeypatch.setattr(workdays, "PREBUILT", tmp_path / "bank_holidays.json")
    workdays.bank_holidays.cache_clear()
    try:
        assert workdays.bank_holidays() == workdays._from_package()  # no copy: a source tree
        for text, name in [
            (json.dumps(copy), "Christmas Day, as the copy says"),
            (json.dumps({**copy, "years": [workdays.FIRST_YEAR, workdays.LAST_YEAR + 1]}), "Christmas Day"),
            (json.dumps(copy)[:-40], "Christmas Day"),
            (json.dumps({**copy, "days": [christmas]}), "Christmas Day"),
        ]:
            workdays.PREBUILT.write_text(text, encoding="utf-8")
            workdays.bank_holidays.cache_clear()
            assert workdays.bank_holidays()[date.fromisoformat(christmas)] == name
    finally:
        workdays.bank_holidays.cache_clear()
