"""Timescales: every deadline an area's procedure sets, from the strategy discussion on."""

from __future__ import annotations

from datetime import date

from .deadlines import Event, deadline, event_from, schedule
from .errors import CalculatorError
from .rules import EVENTS, load
from .workdays import Calendar, format_date

GIVE_A_START = (
    "Give the date of the strategy discussion (for a transfer-in, the date the child moved into the area will do)."
)

# The order the case runs in; an area lists only the ids its rules file has.
ORDER = (
    "icpc",
    "transfer-icpc",
    "reports-icpc",
    "report-email",
    "outline-plan",
    "first-core-group",
    "signed-plan",
    "core-group-record",
    "conference-record",
    "first-review",
    "final-core-group",
    "reports-review",
    "second-review",
)
SCHEDULES = ("core-groups", "statutory-visits")


def timescales(
    *,
    area: str,
    strategy_discussion: date | None,
    conference: date | None = None,
    review: date | None = None,
    move_notified: date | None = None,
    calendar: Calendar,
) -> dict:
    """Every deadline ``area``'s source sets, as JSON-ready data.

    Dates after the conference count from ``conference`` when given, else from the
    latest date for the initial conference; review-related dates from ``review`` when
    given, else from the latest date for the first review. A transfer-in conference (a
    child on a plan elsewhere moving into the area) counts from ``move_notified``, and is
    left out without it. A transfer-in may have no strategy discussion: then every date
    counted from it says so instead of giving a date.
    """
    rules = load(area)
    if strategy_discussion is None and move_notified is None:
        raise CalculatorError("strategy-discussion", GIVE_A_START)
    if strategy_discussion is not None:
        calendar.check(strategy_discussion, "strategy-discussion")
    if conference is not None:
        calendar.check(conference, "conference")
        if strategy_discussion is not None and conference < strategy_discussion:
            raise CalculatorError(
                "conference",
                f"The conference ({format_date(conference)}) is before the strategy discussion "
                f"({format_date(strategy_discussion)}): check both dates.",
            )
    if move_notified is not None:
        calendar.check(move_notified, "move-notified")
    if review is not None:
        calendar.check(review, "review")
        first = conference or strategy_discussion
        if first is not None and review <= first:
            what = "initial conference" if conference else "strategy discussion"
            raise CalculatorError(
                "review",
                f"The review conference ({format_date(review)}) must come after the {what} ({format_date(first)}).",
            )

    events = {
        "strategy-discussion": event_from(
            "strategy-discussion", strategy_discussion, None, EVENTS["strategy-discussion"], EVENTS["strategy-discussion"],
            "Give the date of the strategy discussion to work out this date.",
        ),
    }
    # Only a transfer-in counts from the move: without it, its deadline is left out (the
    # form offers the date; the rules tables show the rule).
    if move_notified is not None:
        events["move-notified"] = Event("move-notified", move_notified, EVENTS["move-notified"], True)
    found: dict[str, dict] = {}

    def add(rule_id: str) -> dict | None:
        result = deadline(rules, rule_id, events, calendar)
        if result is not None:
            found[rule_id] = result
        return result

    icpc = add("icpc")
    no_icpc = f"Give the conference date: {rules.name}'s source sets no timescale for the initial conference."
    if icpc and icpc["status"] == "needs-input":
        no_icpc = "Give the date of the strategy discussion or of the initial conference to work out this date."
    events["conference"] = event_from(
        "conference", conference, icpc, "the initial conference", "the latest date for the initial conference", no_icpc
    )
    first_core_group = add("first-core-group")
    events["first-core-group"] = event_from(
        "first-core-group", None, first_core_group, "", "the latest date for the first core group",
        (first_core_group or {}).get("message") or "The date of the first core group is not known.",
    )
    first_review = add("first-review")
    no_review = (first_review or {}).get("message") or "Give the review conference date."
    if first_review and first_review["status"] == "not-stated":
        no_review = f"Give the review conference date: {rules.name}'s source sets no timescale for reviews."
    events["review"] = event_from(
        "review", review, first_review, "the review conference", "the latest date for the first review", no_review
    )
    for rule_id in ORDER:
        if rule_id not in found:
            add(rule_id)

    notes = []
    if conference and icpc and icpc["date"] and conference.isoformat() > icpc["date"]:
        notes.append(
            f"The conference date you gave is later than the procedure allows: the latest date was "
            f"{format_date(date.fromisoformat(icpc['date']))}."
        )
    if review and first_review and first_review["date"] and review.isoformat() > first_review["date"]:
        notes.append(
            f"The review date you gave is later than the procedure allows for a first review: the latest date was "
            f"{format_date(date.fromisoformat(first_review['date']))}."
        )
    if move_notified is not None and "transfer-icpc" not in found:
        notes.append(f"{rules.name}'s source sets no timescale for a transfer-in conference: the move date was not used.")
    for given, what in ((strategy_discussion, "strategy discussion"), (conference, "conference"), (review, "review"),
                        (move_notified, "move")):
        if given is not None and (why := calendar.why_not_working(given)):
            notes.append(f"The {what} date you gave, {format_date(given)}, is not a working day ({why.name}).")

    return {
        "calculator": "timescales",
        "area": rules.id,
        "area_name": rules.name,
        "inputs": {
            "strategy_discussion": strategy_discussion.isoformat() if strategy_discussion else None,
            "conference": conference.isoformat() if conference else None,
            "review": review.isoformat() if review else None,
            "move_notified": move_notified.isoformat() if move_notified else None,
            "closures": sorted(d.isoformat() for d in calendar.closures),
        },
        "deadlines": [found[i] for i in ORDER if i in found],
        "schedules": [s for i in SCHEDULES if (s := schedule(rules, i, events, calendar))],
        "notes": notes,
    }
