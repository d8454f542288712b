"""The command line: ``python -m calculators <calculator> [options] [--json]``.

A thin adapter over ``api.calculate``: option names are the parameter names the forms
and URLs use. Bad input prints one ``error: ...`` line to stderr and exits 2, argparse's
status for bad usage; nothing else is printed, so no date can be mistaken for an answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date

from .api import PARAMETERS, calculate
from .errors import CalculatorError
from .quorum import AGENCIES
from .rules import AREA_IDS, CONFERENCE_TYPES
from .workdays import format_date

HELP = {
    "area": f"area: its id ({', '.join(AREA_IDS)}) or its name, e.g. \"City of York\"",
    "strategy-discussion": "date of the strategy discussion that started the section 47 enquiry (YYYY-MM-DD)",
    "conference": "date of the (initial or pre-birth) conference (YYYY-MM-DD)",
    "review": "date of the first review conference, if set (YYYY-MM-DD)",
    "move-notified": (
        "for a transfer-in: the date a child on a child protection plan elsewhere moved into the area "
        "(YYYY-MM-DD)"
    ),
    "closure": "a local closure day that is not a working day (YYYY-MM-DD); repeat for more",
    "conference-type": f"one of: {', '.join(CONFERENCE_TYPES)}",
    "child": "a child the conference is about (name or initials); repeat for each child",
    "attendee": (
        "an agency present, as AGENCY or AGENCY:CHILD+CHILD for the children it has had direct contact with; "
        f"repeat for each. Agencies: {', '.join(AGENCIES)}"
    ),
    "birth": "the baby's date of birth (YYYY-MM-DD)",
    "due": "the baby's due date, for an estimate before the birth (YYYY-MM-DD)",
}
METAVARS = {"area": "AREA", "conference-type": "TYPE", "child": "NAME", "attendee": "AGENCY[:CHILD+CHILD]"}
DESCRIPTIONS = {
    "timescales": "Every deadline the area's procedure sets, from the strategy discussion (or a transfer-in) on.",
    "quorum": "Whether a conference is quorate for each child, and what must follow if not.",
    "prebirth": "When the review conference after a pre-birth conference is due.",
}


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one ``error:`` line, like the calculators'."""

    def error(self, message: str):  # type: ignore[override]
        sys.stderr.write(f"error: {message}\n")
        raise SystemExit(2)


def build_parser() -> Parser:
    parser = Parser(prog="python -m calculators", description="Child protection conference calculators.")
    commands = parser.add_subparsers(dest="calculator", required=True, parser_class=Parser, metavar="CALCULATOR")
    for name, params in PARAMETERS.items():
        sub = commands.add_parser(name, help=DESCRIPTIONS[name], description=DESCRIPTIONS[name])
        for option, (required, _repeatable) in params.items():
            sub.add_argument(
                f"--{option}",
                dest=option,
                action="append",
                default=[],
                required=required,
                metavar=METAVARS.get(option, "DATE"),
                help=HELP[option],
            )
        sub.add_argument("--json", action="store_true", help="print the result as JSON (what the web page gets)")
    return parser


def _day(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else ""


def _source(item: dict) -> str:
    return f"[{item['source']['citation']}]" if item.get("source") else ""


def format_dates_result(result: dict) -> list[str]:
    lines = []
    for d in result["deadlines"]:
        lines.append(f"{d['label']}")
        if d["date"]:
            estimate = " (estimate)" if d["estimate"] else ""
            lines.append(f"  {_day(d['date'])}{estimate}: {d['rule']} {_source(d)}")
            if len(d["readings"]) > 1:
                for r in d["readings"]:
                    lines.append(f"    reading: {_day(r['date'])}, {r['rule']} [{r['source']['citation']}]")
            skipped = d["working"]["skipped"]
            if skipped:
                lines.append("    skipped: " + "; ".join(f"{_day(s['date'])} ({s['name']})" for s in skipped))
            if d["note"]:
                lines.append(f"  note: {d['note']}")
        else:
            lines.append(f"  no date: {d['message']} {_source(d)}")
    for s in result.get("schedules", []):
        lines.append(f"{s['label']}")
        if s["dates"]:
            lines.append(f"  {s['rule']} {_source(s)}")
            lines.extend(f"  - {_day(x)}" for x in s["dates"])
        else:
            lines.append(f"  no dates: {s['message']}")
    lines.extend(f"note: {n}" for n in result.get("notes", []))
    return lines


def format_quorum(result: dict) -> list[str]:
    lines = [f"{result['verdict'].upper()}: {result['message']}"]
    rule = result["rule"]
    if rule["stated"]:
        lines.append(f"Rule: {rule['text']} [{rule['source']['citation']}]")
    for child in result["children"]:
        status = child["verdict"].lower()
        agencies = ", ".join(child["agency_labels"]) or "no other agency"
        missing = f"; missing: {', '.join(child['missing'])}" if child["missing"] else ""
        lines.append(f"  {child['name']}: {status} ({agencies}){missing}")
    if result["exceptions"]:
        lines.append("The chair may still go ahead if all of these apply:")
        lines.extend(f"  - {e['text']} [{e['source']['citation']}]" for e in result["exceptions"])
    if result["follow_up"]:
        lines.append("If the conference goes ahead without a quorum:")
        lines.extend(f"  - {f['text']} [{f['source']['citation']}]" for f in result["follow_up"])
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; a reader who stops reading (``| head``) gets no traceback."""
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's own advice: point stdout at /dev/null so the flush at exit cannot fail too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    params = {k: v for k, v in vars(args).items() if k not in ("calculator", "json")}
    try:
        result = calculate(args.calculator, params)
    except CalculatorError as error:
        sys.stderr.write(f"error: {error.message}\n")
        return 2
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{result['area_name']}: {DESCRIPTIONS[args.calculator]}")
    lines = format_quorum(result) if args.calculator == "quorum" else format_dates_result(result)
    print("\n".join(lines))
    return 0
