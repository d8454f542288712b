"""Shared machinery of the date calculators: turn a rule's statements into one deadline.

A deadline may rest on several readings: a source's "days" read as working and as
calendar days (DAYS_UNSTATED), or two statements of the same rule (York gives report
deadlines in 1.7 and 1.13; Warrington's pre-birth review is "whichever is sooner" of two).
The deadline is always the earliest reading, and the result says so.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .rules import EVENTS, Area, Statement
from .workdays import DAYS_UNSTATED, Calendar, Counted, format_date, readings


class Event(NamedTuple):
    """A date a rule counts from: given by the reader, or itself a computed deadline."""

    id: str
    day: date | None
    label: str
    given: bool
    estimate: bool = False
    missing: str | None = None  # why there is no date, in words

    def as_dict(self) -> dict:
        return {
            "event": self.id,
            "label": self.label,
            "date": self.day.isoformat() if self.day else None,
            "given": self.given,
        }


def event_from(id: str, given: date | None, derived: dict | None, given_label: str, derived_label: str, missing: str) -> Event:
    """The reader's date when given, else the deadline ``derived`` (a deadline dict), else none."""
    if given is not None:
        return Event(id, given, given_label, True)
    if derived and derived["date"]:
        return Event(id, date.fromisoformat(derived["date"]), derived_label, False, derived["estimate"])
    return Event(id, None, derived_label, False, missing=missing)


def _reading(area: Area, statement: Statement, counted: Counted, start: Event) -> dict:
    read_as = None
    if statement.unit == "days":
        read_as = "calendar" if counted.convention.startswith("CALENDAR") else "working"
    return {
        "rule": statement.words({**EVENTS, start.id: start.label}, read_as),
        "quote": statement.quote,
        "source": area.cite(statement.at),
        "convention": counted.convention,
        "date": counted.day.isoformat(),
        "working": counted.as_dict(),
        "estimate": start.estimate,
    }


def deadline(area: Area, rule_id: str, events: dict[str, Event], calendar: Calendar) -> dict | None:
    """The deadline ``rule_id`` for ``area``, or None when the area has no such rule at all.

    Statements counting from an event this calculation does not have (a transfer-in
    notice, say) are left to the rules tables.
    """
    statements = [s for s in area.statements(rule_id) if not s.stated or s.start in events]
    if not statements:
        return None
    result = {
        "id": rule_id,
        "label": statements[0].label,
        "date": None,
        "status": "due",
        "estimate": False,
        "rule": None,
        "quote": None,
        "source": area.cite(statements[0].at) if statements[0].stated else area.not_stated(),
        "from": None,
        "convention": None,
        "readings": [],
        "working": {"skipped": []},
        "note": None,
        "message": None,
    }
    if not statements[0].stated:
        result.update(status="not-stated", rule="not stated", message=statements[0].note)
        return result

    notes, waiting, worked = [], [], []  # worked: (reading, statement, start event)
    for statement in statements:
        start = events[statement.start]
        if start.day is None:
            waiting.append(start.missing)
            continue
        for counted in readings(calendar, start.day, statement.amount, statement.unit, statement.direction):
            worked.append((_reading(area, statement, counted, start), statement, start))
        if statement.note:
            notes.append(statement.note)
    result["rule"] = " or ".join(dict.fromkeys(s.words({**EVENTS, s.start: events[s.start].label}) for s in statements))
    result["quote"] = statements[0].quote
    result["readings"] = [r for r, _, _ in worked]
    if not worked:
        result.update(status="needs-input", message=" ".join(dict.fromkeys(waiting)))
        return result

    best, best_statement, start = min(worked, key=lambda w: w[0]["date"])
    result.update(
        date=best["date"],
        estimate=any(r["estimate"] for r in result["readings"]),
        rule=best["rule"],
        quote=best["quote"],
        source=best["source"],
        working=best["working"],
        convention=DAYS_UNSTATED if best_statement.unit == "days" else best["convention"],
        **{"from": start.as_dict()},
    )
    if any(s.unit == "days" for s in statements):
        notes.insert(0, "The source says “days” without saying working or calendar days: both readings are worked out and the earlier date is used.")
    if len(statements) > 1 and all(s.whichever for s in statements):
        notes.insert(0, f"The rule has {len(statements)} parts, whichever is {statements[0].whichever}: "
                        "each is worked out and the sooner date is used.")
    elif len(statements) > 1:
        notes.insert(0, "The source gives more than one rule for this date: every reading is shown and the earliest date is used.")
    if waiting:
        # Another statement could not be worked out yet: this date is only the latest
        # possible, and must say so rather than look final.
        notes.append("This is the latest possible date: a rule that needs a date not given yet may bring it earlier. "
                     + " ".join(dict.fromkeys(waiting)))
    if result["estimate"]:
        notes.append("This is an estimate: it rests on a date that is not yet known for certain.")
    if not start.given:
        notes.append(f"Counted from {start.label}, {format_date(start.day)}; give the real date to count from it instead.")
    result["note"] = " ".join(dict.fromkeys(notes)) or None
    return result


def schedule(area: Area, rule_id: str, events: dict[str, Event], calendar: Calendar) -> dict | None:
    """A repeating meeting or visit: each date no later than the rule allows after the last."""
    statements = area.statements(rule_id)
    if not statements:
        return None
    statement = statements[0]
    result = {
        "id": rule_id,
        "label": statement.label,
        "status": "due",
        "rule": statement.words() if statement.stated else "not stated",
        "quote": statement.quote,
        "source": area.cite(statement.at) if statement.at else None,
        "convention": None,
        "dates": [],
        "note": statement.note,
        "message": None,
    }
    if not statement.stated:
        result.update(status="not-stated", message=statement.note, note=None)
        return result
    start, until = events[statement.start], events[statement.until]
    if start.day is None or until.day is None:
        result.update(status="needs-input", message=start.missing or until.missing)
        return result
    # The sources say how often, not until when: the dates are listed up to the review.
    result["rule"] = f"{statement.words({**EVENTS, statement.start: start.label})} (dates listed up to {until.label})"
    day = start.day
    while True:
        counted = readings(calendar, day, statement.amount, statement.unit, "after")[0]
        if counted.day >= until.day:
            break
        result["dates"].append(counted.day.isoformat())
        result["convention"] = counted.convention
        day = counted.day
    return result
