"""One entry for every adapter: named string parameters in, a JSON-ready result out.

The command line, the browser worker (through ``web.run_json``) and URLs all speak in
the same parameter names (``strategy-discussion``, ``closure``, ``attendee``...), each
mapping to a list of strings as repeated URL parameters do. This module turns them into
typed values, raising ``CalculatorError`` naming the parameter when one is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from .errors import CalculatorError
from .prebirth import prebirth
from .quorum import quorum
from .rules import AREA_IDS, all_areas
from .timescales import timescales
from .workdays import Calendar

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

#: Each calculator's parameters: name -> (required, repeatable).
PARAMETERS = {
    # A transfer-in gives the date of the move instead of a strategy discussion (timescales checks).
    "timescales": {"area": (True, False), "strategy-discussion": (False, False), "conference": (False, False),
                   "review": (False, False), "move-notified": (False, False), "closure": (False, True)},
    "quorum": {"area": (True, False), "conference-type": (True, False), "child": (True, True),
               "attendee": (False, True)},
    "prebirth": {"area": (True, False), "conference": (True, False), "birth": (False, False),
                 "due": (False, False), "closure": (False, True)},
}
# What a missing required parameter is called in a message.
NAMES = {"area": "the area", "strategy-discussion": "the date of the strategy discussion",
         "conference-type": "the type of conference", "child": "at least one child",
         "conference": "the date of the conference"}


def parse_date(text: str, field: str) -> date:
    """A YYYY-MM-DD date, or an error a person can act on ("31 February 2025 is not a date.")."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        raise CalculatorError(field, f"“{text.strip()}” is not a date: give it as YYYY-MM-DD, for example 2025-01-27.")
    year, month, day = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise CalculatorError(field, f"{day} {MONTHS[month - 1]} {year} is not a date.") from None
        raise CalculatorError(field, f"“{text.strip()}” is not a date: there is no month {month}.") from None


def _slug(text: str) -> str:
    """"City of York", "city-of-york" and " CITY  OF YORK " -> "city-of-york"; "&" reads as "and"."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().replace("&", " and ")).strip("-")


def area_id(text: str) -> str:
    """An area as a reader may write it -> its id: the id, the area's name or its short name
    (``york``, ``City of York``, ``York``), in any case, with spaces, hyphens or "&".

    The names come from the rules files, so a new area needs no list here.
    """
    wanted = _slug(text)
    if wanted in AREA_IDS:  # as the form and shared links give it: no other area's rules are read
        return wanted
    for area in all_areas():
        if wanted in {_slug(area.id), _slug(area.name), _slug(area.short)}:
            return area.id
    raise CalculatorError("area", f"Unknown area “{text.strip()}”. Choose one of: {', '.join(AREA_IDS)} "
                                  "(or the area's name).")


def _values(calculator: str, params: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The parameters this calculator knows, blanks dropped, checked for count. Others are ignored."""
    values = {}
    for name, (required, repeatable) in PARAMETERS[calculator].items():
        raw = params.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        given = [v for v in raw if v is not None and str(v).strip()]
        if required and not given:
            raise CalculatorError(name, f"Give {NAMES[name]}.")
        if not repeatable and len(given) > 1:
            raise CalculatorError(name, f"Give one value for {name}, not {len(given)}.")
        values[name] = [str(v) for v in given]
    return values


def _one_date(values: dict, name: str) -> date | None:
    return parse_date(values[name][0], name) if values[name] else None


def calculate(calculator: str, params: Mapping[str, Sequence[str]]) -> dict:
    """Run one calculator on string parameters; the result is what ``--json`` prints.

    The result's ``params`` are the parameters as they were read: the area's id, dates as
    YYYY-MM-DD, attendees one per agency (``police``, or ``police:Amy+Ben`` for some of the
    children). A form filled from them shows exactly what was worked out, and gives the
    same answer again.
    """
    if calculator not in PARAMETERS:
        raise CalculatorError(None, f"Unknown calculator “{calculator}”. Use one of: {', '.join(PARAMETERS)}.")
    values = _values(calculator, params)
    if calculator == "quorum":
        area = area_id(values["area"][0])
        result = quorum(area=area, conference_type=values["conference-type"][0].strip(),
                        children=values["child"], attendees=values["attendee"])
        return {**result, "params": {"area": [area], "conference-type": [result["conference_type"]],
                                     "child": [c["name"] for c in result["children"]],
                                     "attendee": result["attendees"]}}
    closures = [parse_date(v, "closure") for v in values["closure"]]
    if calculator == "timescales":
        # Read every date (so a bad one is reported) before the area is checked.
        dates = {k: _one_date(values, k) for k in ("strategy-discussion", "conference", "review", "move-notified")}
        area = area_id(values["area"][0])
        result = timescales(area=area, strategy_discussion=dates["strategy-discussion"], conference=dates["conference"],
                            review=dates["review"], move_notified=dates["move-notified"], calendar=Calendar(closures))
    else:
        dates = {k: _one_date(values, k) for k in ("conference", "birth", "due")}
        area = area_id(values["area"][0])
        result = prebirth(area=area, conference=dates["conference"], birth=dates["birth"], due=dates["due"],
                          calendar=Calendar(closures))
    read = {"area": [area], **{k: [d.isoformat()] for k, d in dates.items() if d is not None},
            "closure": [d.isoformat() for d in closures]}
    return {**result, "params": {k: v for k, v in read.items() if v}}
