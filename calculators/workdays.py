"""Working days in England and Wales, and the named ways the sources count them.

A working day is a Monday to Friday that is neither a bank holiday in England and Wales
(from the ``holidays`` package, substitute days included) nor a local closure day the
reader gives (an office's Christmas shutdown, say).

Each counting convention below is a named constant with a worked example; every rule in
``calculators/rules/*.toml`` names one through its ``unit`` and ``direction``, and every
result carries the convention and the days it skipped, so the working can be shown.

The start day is never counted: "within 10 working days of Monday 6 January" ends on the
tenth working day after it. A start on a weekend or bank holiday counts from the next
working day in the same way.
"""

from __future__ import annotations

import json
from functools import cache
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, NamedTuple

from dateutil.relativedelta import relativedelta

from .errors import CalculatorError

# Years the calendar answers for. The holidays package computes England's bank holidays
# from rules and adds one-off days (a jubilee, a state funeral) only once they are
# announced, so far-future years may miss a day. 2015 is the year of the national
# guidance the older sources cite; 2030 leaves room to plan a case a few years ahead.
FIRST_YEAR = 2015
LAST_YEAR = 2030
SUPPORTED = f"(1 January {FIRST_YEAR} to 31 December {LAST_YEAR}), the years its bank holiday data supports"

#: "within N working days of D": the Nth working day after D, D not counted.
#: Within 3 working days of Wednesday 24 December 2025 is Wednesday 31 December
#: (25 and 26 December are bank holidays, 27 and 28 a weekend).
WITHIN_WORKING_DAYS_OF = "WITHIN_WORKING_DAYS_OF"

#: "N working days before D": the Nth working day before D, D not counted.
#: 2 working days before Tuesday 6 May 2025 is Thursday 1 May (Monday 5 May is the
#: Early May bank holiday, 3 and 4 May a weekend).
WORKING_DAYS_BEFORE = "WORKING_DAYS_BEFORE"

#: "within N months of D": the same day N months later (the month's last day where that
#: day does not exist), then the latest working day on or before it.
#: Within 3 months of Friday 29 November 2024 is 28 February 2025, a Friday; within
#: 1 month of 31 January 2025 is 28 February 2025.
WITHIN_MONTHS_OF = "WITHIN_MONTHS_OF"

#: "within N weeks of D": 7 x N calendar days after D, then the latest working day on or
#: before it. Within 4 weeks of Monday 1 December 2025 is Monday 29 December 2025.
WITHIN_WEEKS_OF = "WITHIN_WEEKS_OF"

#: "N calendar days after D" (a reading of a unitless "days"): D + N, then the latest
#: working day on or before it. 15 calendar days after Monday 8 December 2025 is
#: Tuesday 23 December 2025.
CALENDAR_DAYS_AFTER = "CALENDAR_DAYS_AFTER"

#: "N calendar days before D", or "24 hours before D": D - N, then the latest working day
#: on or before it, since a report cannot be counted on as sent on a day the office is
#: shut. 2 calendar days before Monday 3 March 2025 is Saturday 1 March, so Friday
#: 28 February.
CALENDAR_DAYS_BEFORE = "CALENDAR_DAYS_BEFORE"

#: "N days" with no unit stated: both WITHIN_WORKING_DAYS_OF (or WORKING_DAYS_BEFORE)
#: and the calendar-day reading are computed; the earlier date is the deadline, and the
#: result says so. Not a counting rule of its own, so it names the pair.
DAYS_UNSTATED = "DAYS_UNSTATED"

DESCRIPTIONS = {
    WITHIN_WORKING_DAYS_OF: "the Nth working day after the start date, the start date not counted",
    WORKING_DAYS_BEFORE: "the Nth working day before the date, the date itself not counted",
    WITHIN_MONTHS_OF: (
        "the same day N months later (or that month's last day), then the latest working day on or before it"
    ),
    WITHIN_WEEKS_OF: "7 x N calendar days later, then the latest working day on or before it",
    CALENDAR_DAYS_AFTER: "N calendar days later, then the latest working day on or before it",
    CALENDAR_DAYS_BEFORE: "N calendar days earlier, then the latest working day on or before it",
    DAYS_UNSTATED: "\"days\" without a unit: working-day and calendar-day readings both worked, the earlier used",
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Skipped(NamedTuple):
    """A day passed over in a count, and why."""

    day: date
    reason: str  # "weekend" | "bank-holiday" | "closure"
    name: str  # "Saturday", "Christmas Day", "Local closure day"

    def as_dict(self) -> dict:
        return {"date": self.day.isoformat(), "reason": self.reason, "name": self.name}


class Counted(NamedTuple):
    """The end of a count: the date, the convention used and the days skipped on the way."""

    day: date
    convention: str
    skipped: tuple[Skipped, ...] = ()

    def as_dict(self) -> dict:
        return {"skipped": [s.as_dict() for s in self.skipped]}


def format_date(day: date) -> str:
    """``Monday 27 January 2025``: how dates read in messages and on the command line."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {day:%B %Y}"


#: The table below as the holidays package computed it, in the browser's bundle only
#: (scripts/build_pyodide.py step 3d writes it; a source tree or a wheel has none).
PREBUILT = Path(__file__).with_name("bank_holidays.json")


@cache
def bank_holidays() -> dict[date, str]:
    """England and Wales bank holidays for the supported years (built once: it is costly).

    From the holidays package, or in the browser from the copy of its answer the build made
    (``prebuilt_bank_holidays``): there, importing holidays and working out sixteen years
    took about 40% of the Python before a first answer.
    """
    return _read_prebuilt() or _from_package()


def _from_package() -> dict[date, str]:
    import holidays

    # England and Wales share their bank holidays; "ENG" is the holidays package's code.
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1)))


def prebuilt_bank_holidays() -> str:
    """The holidays package's table as JSON, for the browser's bundle (``PREBUILT``).

    ``{"holidays": version, "years": [first, last], "days": {"2025-12-25": "Christmas Day", ...}}``.
    ``bank_holidays`` uses it only for the years it was made for; the build checks that it
    reads back exactly as the package computes it, with the holidays package it ships.
    """
    import holidays

    days = {day.isoformat(): name for day, name in sorted(_from_package().items())}
    return json.dumps({"holidays": holidays.__version__, "years": [FIRST_YEAR, LAST_YEAR], "days": days},
                      ensure_ascii=False)


def _read_prebuilt() -> dict[date, str] | None:
    try:
        copy = json.loads(PREBUILT.read_text(encoding="utf-8"))
        if copy["years"] != [FIRST_YEAR, LAST_YEAR]:
            return None
        return {date.fromisoformat(day): str(name) for day, name in copy["days"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):  # none (a source tree), or damaged
        return None


class Calendar:
    """England and Wales bank holidays plus local closure days, for the supported years.

    Closures are extra non-working days; they never turn a weekend or bank holiday into a
    working day. Build one per calculation and pass it whole to the calculators.
    """

    def __init__(self, closures: Iterable[date] = ()) -> None:
        self._bank_holidays = bank_holidays()
        self.closures = frozenset(closures)
        for day in self.closures:
            self.check(day, "closure")

    first_day = date(FIRST_YEAR, 1, 1)
    last_day = date(LAST_YEAR, 12, 31)

    def check(self, day: date, field: str | None) -> date:
        """Refuse a day outside the years the bank-holiday data is trusted for."""
        if not self.first_day <= day <= self.last_day:
            raise CalculatorError(
                field,
                f"{format_date(day)} is outside the dates this calculator covers {SUPPORTED}.",
            )
        return day

    def why_not_working(self, day: date) -> Skipped | None:
        """Why ``day`` is not a working day, or ``None`` if it is one."""
        self.check(day, None)
        if day.weekday() >= 5:
            return Skipped(day, "weekend", WEEKDAY_NAMES[day.weekday()])
        name = self._bank_holidays.get(day)
        if name:
            return Skipped(day, "bank-holiday", name)
        if day in self.closures:
            return Skipped(day, "closure", "Local closure day")
        return None

    def is_working_day(self, day: date) -> bool:
        return self.why_not_working(day) is None

    # ------------------------------------------------------------- conventions

    def _step_working_days(self, start: date, n: int, step: int, convention: str) -> Counted:
        if n < 1:
            raise ValueError("a count of working days starts at 1")
        day, found, skipped = start, 0, []
        while found < n:
            day += timedelta(days=step)
            why = self._checked_why(day)
            if why:
                skipped.append(why)
            else:
                found += 1
        return Counted(day, convention, tuple(sorted(skipped, key=lambda s: s.day)))

    def _checked_why(self, day: date) -> Skipped | None:
        if not self.first_day <= day <= self.last_day:
            raise CalculatorError(
                None,
                f"These dates run past the years this calculator covers {SUPPORTED}.",
            )
        return self.why_not_working(day)

    def _back_to_working_day(self, target: date, convention: str) -> Counted:
        day, skipped = target, []
        while why := self._checked_why(day):
            skipped.append(why)
            day -= timedelta(days=1)
        return Counted(day, convention, tuple(sorted(skipped, key=lambda s: s.day)))

    def within_working_days_of(self, start: date, n: int) -> Counted:
        """WITHIN_WORKING_DAYS_OF: the Nth working day after ``start``."""
        return self._step_working_days(start, n, +1, WITHIN_WORKING_DAYS_OF)

    def working_days_before(self, start: date, n: int) -> Counted:
        """WORKING_DAYS_BEFORE: the Nth working day before ``start``."""
        return self._step_working_days(start, n, -1, WORKING_DAYS_BEFORE)

    def within_months_of(self, start: date, n: int) -> Counted:
        """WITHIN_MONTHS_OF: same day N months on (or month end), rolled back to a working day."""
        # relativedelta clamps 31 January + 1 month to 28 (or 29) February.
        return self._back_to_working_day(start + relativedelta(months=n), WITHIN_MONTHS_OF)

    def within_weeks_of(self, start: date, n: int) -> Counted:
        """WITHIN_WEEKS_OF: 7 x N days on, rolled back to a working day."""
        return self._back_to_working_day(start + timedelta(weeks=n), WITHIN_WEEKS_OF)

    def calendar_days_after(self, start: date, n: int) -> Counted:
        """CALENDAR_DAYS_AFTER: N days on, rolled back to a working day."""
        return self._back_to_working_day(start + timedelta(days=n), CALENDAR_DAYS_AFTER)

    def calendar_days_before(self, start: date, n: int) -> Counted:
        """CALENDAR_DAYS_BEFORE: N days earlier, rolled back to a working day."""
        return self._back_to_working_day(start - timedelta(days=n), CALENDAR_DAYS_BEFORE)


def readings(calendar: Calendar, start: date, amount: int, unit: str, direction: str) -> list[Counted]:
    """Every reading of "``amount`` ``unit`` ``direction`` ``start``", as a rule states it.

    One reading for a clear unit; two for ``days`` with no unit stated (DAYS_UNSTATED),
    the working-day reading first.
    """
    after = direction == "after"
    if unit == "working_days":
        return [calendar.within_working_days_of(start, amount) if after else calendar.working_days_before(start, amount)]
    if unit == "days":
        working = calendar.within_working_days_of(start, amount) if after else calendar.working_days_before(start, amount)
        plain = calendar.calendar_days_after(start, amount) if after else calendar.calendar_days_before(start, amount)
        return [working, plain]
    if unit == "hours":
        days = -(-amount // 24)  # 24 hours before a meeting: the day before, at the latest
        return [calendar.calendar_days_after(start, days) if after else calendar.calendar_days_before(start, days)]
    if unit == "months" and after:
        return [calendar.within_months_of(start, amount)]
    if unit == "weeks" and after:
        return [calendar.within_weeks_of(start, amount)]
    raise ValueError(f"no counting convention for {amount} {unit} {direction}")
