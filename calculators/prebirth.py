"""Pre-birth review: when the review conference after a pre-birth conference is due."""

from __future__ import annotations

from datetime import date

from .deadlines import Event, deadline
from .errors import CalculatorError
from .rules import load
from .workdays import Calendar, format_date


def prebirth(
    *,
    area: str,
    conference: date,
    birth: date | None = None,
    due: date | None = None,
    calendar: Calendar,
) -> dict:
    """The ``prebirth-review`` deadline for ``area``.

    With the birth date, a firm date. With only the due date, an estimate marked as such
    (a baby born early brings a birth-based review forward). With neither, whatever the
    area's rules allow without a birth date, and a message saying what is missing.
    """
    rules = load(area)
    calendar.check(conference, "conference")
    if birth is not None and due is not None:
        raise CalculatorError("due", "Give the birth date or the due date, not both: the birth date once the baby is born.")
    for day, field, what in ((birth, "birth", "birth"), (due, "due", "due date")):
        if day is None:
            continue
        calendar.check(day, field)
        if day < conference:
            raise CalculatorError(
                field,
                f"The {what} ({format_date(day)}) is before the pre-birth conference ({format_date(conference)}): "
                "a pre-birth conference is held before the baby is born. Check both dates.",
            )
    events = {"conference": Event("conference", conference, "the pre-birth conference", True)}
    if birth is not None:
        events["birth"] = Event("birth", birth, "the baby's birth", True)
    elif due is not None:
        events["birth"] = Event("birth", due, "the due date (the birth date is not known yet)", False, estimate=True)
    else:
        events["birth"] = Event(
            "birth", None, "the baby's birth", False, missing="Give the birth date, or the due date for an estimate."
        )
    review = deadline(rules, "prebirth-review", events, calendar)
    notes = []
    if due is not None and review["status"] == "due":
        notes.append("Worked from the due date: if the baby is born earlier, the review may be due earlier too.")
    return {
        "calculator": "prebirth",
        "area": rules.id,
        "area_name": rules.name,
        "inputs": {
            "conference": conference.isoformat(),
            "birth": birth.isoformat() if birth else None,
            "due": due.isoformat() if due else None,
            "closures": sorted(d.isoformat() for d in calendar.closures),
        },
        "deadlines": [review],
        "notes": notes,
    }
