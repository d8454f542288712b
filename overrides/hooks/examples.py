"""MkDocs hook: worked examples and trainers' answers, computed by the calculators at build time.

A page never types a worked date. It writes the calculator's parameters, as a shared
link to a calculator page would, in an HTML comment; this hook runs the calculators on
them (``calculators.api.calculate``, the same Python the browser runs) and writes the
answer in. So an example cannot drift from the rules, and a wrong one fails the build.

Placeholder grammar
-------------------

An inline example (one date or verdict, inside a sentence)::

    <!-- example CALCULATOR?QUERY FIELD -->

    CALCULATOR  timescales | quorum | prebirth (the names the command line uses)
    QUERY       a shared link's query string: area=york&strategy-discussion=2025-12-19;
                repeated parameters as in a link (closure=2025-12-29&closure=2025-12-30);
                only the calculator's own parameters (calculators.api.PARAMETERS)
    FIELD       ID           the date of deadline ID (icpc, first-review, prebirth-review...)
                ID@working   the date of one reading of a rule that has several (a unitless
                ID@calendar  "days" read as working or as calendar days)
                ID.N         the Nth date (from 1) of a repeating meeting (core-groups.1)
                =NAME        a date the query gives (=strategy-discussion), written the
                             same way, so the example's own starting date is not typed twice
                verdict      quorum only: "quorate" or "not quorate" (Sheffield's words
                             where its source does not call its rule a quorum)

    <!-- example timescales?area=york&strategy-discussion=2025-12-19 icpc -->
    -> <span class="example" data-example="timescales?area=york&amp;strategy-discussion=2025-12-19"
             data-example-field="icpc"><time datetime="2026-01-14">Wednesday 14 January 2026</time></span>

A block of answers for trainers (a closed "Answers for the trainer" box; one case per
query, separated by spaces or new lines; at the start of a line, with blank lines round it)::

    <!-- answers timescales?area=york&strategy-discussion=2025-12-15
                 quorum?area=warrington&conference-type=initial&child=Amy&attendee=police -->

Every case lists what the calculator gives for that link: each deadline with its date
(or why there is none), the rule and its source; repeating meetings; notes; for the
quorum, the verdict for each child, what is missing, and what the chair may and must
do. The markup carries the same ``data-deadline``, ``data-status``, ``data-schedule``,
``data-quorate`` and ``data-child-quorate`` attributes as the live calculator's result,
so a test can compare the two.

A bad example fails the build, naming the page and the placeholder: an unknown
calculator or parameter, a value the calculator refuses, a deadline the result does not
have, a deadline with no date (not stated, or needing input), a verdict with no rule to
check against. Dates are written by ``calculators.workdays.format_date`` in a
``<time datetime>``, as the calculators write them.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from urllib.parse import parse_qs, quote, urlencode

from mkdocs.exceptions import PluginError

from calculators.api import PARAMETERS, calculate
from calculators.errors import CalculatorError
from calculators.quorum import AGENCIES
from calculators.workdays import format_date

PLACEHOLDER = re.compile(r"<!--\s*(example|answers)\s+(.*?)\s*-->", re.S)
SKIP_WORDS = {"bank-holiday": "bank holiday", "closure": "local closure day"}
STATES = {True: "true", False: "false", None: "unknown"}

_results: dict[str, dict] = {}


def on_page_markdown(markdown: str, page, config, files) -> str:
    return PLACEHOLDER.sub(lambda m: _expand(m, page), markdown)


class ExampleError(PluginError):
    """A worked example the calculators cannot give: the build stops, naming it (mkdocs
    prints a PluginError's message and exits non-zero, without a traceback)."""


def _expand(match: re.Match, page) -> str:
    where = f"{page.file.src_uri}: {match.group(0)}"
    try:
        if match.group(1) == "example":
            parts = match.group(2).split()
            if len(parts) != 2:
                raise ExampleError("write <!-- example CALCULATOR?QUERY FIELD -->")
            return inline(parts[0], parts[1])
        links = match.group(2).split()
        if not links:
            raise ExampleError("write <!-- answers CALCULATOR?QUERY ... -->")
        return answers(links)
    except (ExampleError, CalculatorError) as error:
        message = error.message if isinstance(error, CalculatorError) else str(error)
        raise ExampleError(f"{where}: {message}") from None


# ----------------------------------------------------------------- running the calculators


def parse_link(link: str) -> tuple[str, dict[str, list[str]]]:
    """``timescales?area=york&...`` -> ("timescales", {"area": ["york"], ...}), checked."""
    calculator, sep, query = link.partition("?")
    if calculator not in PARAMETERS:
        raise ExampleError(f"unknown calculator {calculator!r}: use one of {', '.join(PARAMETERS)}")
    if not sep or not query:
        raise ExampleError(f"{link!r} gives no parameters")
    try:
        params = parse_qs(query, keep_blank_values=True, strict_parsing=True)
    except ValueError as error:
        raise ExampleError(f"{link!r} is not a query string: {error}") from None
    unknown = sorted(set(params) - set(PARAMETERS[calculator]))
    if unknown:
        raise ExampleError(f"the {calculator} calculator has no parameter {', '.join(unknown)}")
    return calculator, params


def result_for(link: str) -> dict:
    """The calculator's result for one link (each link computed once per build)."""
    if link not in _results:
        calculator, params = parse_link(link)
        _results[link] = calculate(calculator, params)
    return _results[link]


def canonical(link: str) -> str:
    """The link as the page's own calculator link would write it (for data-example)."""
    calculator, params = parse_link(link)
    pairs = [(k, v) for k, values in params.items() for v in values]
    return f"{calculator}?{urlencode(pairs, safe=':', quote_via=quote)}"


# ----------------------------------------------------------------- inline examples


def time_tag(iso: str) -> str:
    return f'<time datetime="{iso}">{format_date(date.fromisoformat(iso))}</time>'


def _deadline(result: dict, deadline_id: str) -> dict:
    found = {d["id"]: d for d in result.get("deadlines", [])}
    if deadline_id not in found:
        raise ExampleError(f"the result has no deadline {deadline_id!r} (it has: {', '.join(found) or 'none'})")
    deadline = found[deadline_id]
    if deadline["status"] != "due" or not deadline["date"]:
        raise ExampleError(f"{deadline_id} has no date here ({deadline['status']}): {deadline['message']}")
    return deadline


def field_value(link: str, field: str) -> tuple[str, dict]:
    """The markup for one FIELD of one link's result, and extra data attributes."""
    calculator, params = parse_link(link)
    result = result_for(link)
    if field.startswith("="):
        name = field[1:]
        if name not in params:
            raise ExampleError(f"the link gives no {name!r} to show")
        try:
            return time_tag(date.fromisoformat(params[name][0]).isoformat()), {}
        except ValueError:
            raise ExampleError(f"{name}={params[name][0]} is not a date") from None
    if field == "verdict":
        if calculator != "quorum":
            raise ExampleError("only the quorum calculator gives a verdict")
        if result["quorate"] is None:
            raise ExampleError(f"no verdict: {result['message']}")
        return result["verdict"].lower(), {"data-quorate": str(result["quorate"]).lower()}
    if calculator == "quorum":
        raise ExampleError(f"the quorum calculator gives a verdict, not {field!r}")
    if "." in field:
        schedule_id, _, n = field.partition(".")
        found = {s["id"]: s for s in result.get("schedules", [])}
        if schedule_id not in found:
            raise ExampleError(f"the result has no repeating meeting {schedule_id!r}")
        dates = found[schedule_id]["dates"]
        if not n.isdigit() or not 1 <= int(n) <= len(dates):
            raise ExampleError(f"{schedule_id} has {len(dates)} dates here, not a date number {n}")
        return time_tag(dates[int(n) - 1]), {}
    deadline_id, _, reading = field.partition("@")
    deadline = _deadline(result, deadline_id)
    if reading:
        if reading not in ("working", "calendar"):
            raise ExampleError(f"a reading is @working or @calendar, not @{reading}")
        kind = "CALENDAR" if reading == "calendar" else "WORK"
        matches = [r for r in deadline["readings"] if kind in r["convention"]]
        if len(matches) != 1:
            raise ExampleError(f"{deadline_id} has no single {reading}-day reading here")
        return time_tag(matches[0]["date"]), {}
    extra = {"data-estimate": "true"} if deadline["estimate"] else {}
    return time_tag(deadline["date"]), extra


def inline(link: str, field: str) -> str:
    value, extra = field_value(link, field)
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in extra.items())
    return (f'<span class="example" data-example="{escape(canonical(link))}" '
            f'data-example-field="{escape(field)}"{attrs}>{value}</span>')


# ----------------------------------------------------------------- trainers' answers


def _source(source: dict | None, quote: str | None = None) -> str:
    if not source:
        return ""
    said = f": “{escape(quote)}”" if quote else ""
    return f' <span class="example-answers__source">({escape(source["citation"])}{said})</span>'


def _skipped(deadline: dict) -> str:
    """Bank holidays and closure days the count went round (weekends go without saying)."""
    days = [d for d in deadline.get("working", {}).get("skipped", []) if d["reason"] in SKIP_WORDS]
    if not days:
        return ""
    listed = "; ".join(
        f"{time_tag(d['date'])}, {escape(d.get('name') or SKIP_WORDS[d['reason']])}" for d in days)
    return f" Skipped besides weekends: {listed}."


def _deadline_item(d: dict) -> str:
    attrs = f'data-deadline="{d["id"]}" data-status="{d["status"]}"'
    if d.get("estimate"):
        attrs += ' data-estimate="true"'
    head = f"<strong>{escape(d['label'])}:</strong> "
    if d["date"]:
        when = ("an estimate: " if d.get("estimate") else "") + time_tag(d["date"]) + "."
        rule = f" Rule: {escape(d['rule'])}.{_source(d['source'], d['quote'])}" if d["rule"] else ""
        readings = ""
        if len(d["readings"]) > 1:
            readings = " Readings: " + "; ".join(
                f"{time_tag(r['date'])} ({escape(r['rule'])}, {escape(r['source']['citation'])})" for r in d["readings"]
            ) + "; the earliest is used."
        note = f" {escape(d['note'])}" if d.get("note") else ""
        return f"<li {attrs}>{head}{when}{rule}{readings}{note}{_skipped(d)}</li>"
    status = "not stated" if d["status"] == "not-stated" else "no date yet"
    return f"<li {attrs}>{head}{status}. {escape(d['message'] or '')}</li>"


def _schedule_item(s: dict) -> str:
    dates = ", ".join(time_tag(day) for day in s["dates"]) if s["dates"] else escape(s["message"] or "no dates")
    rule = f" Rule: {escape(s['rule'])}.{_source(s['source'], s['quote'])}" if s["status"] == "due" else ""
    return f'<li data-schedule="{s["id"]}"><strong>{escape(s["label"])}:</strong> {dates}.{rule}</li>'


def _dates_case(result: dict) -> str:
    items = [_deadline_item(d) for d in result["deadlines"]]
    items += [_schedule_item(s) for s in result.get("schedules", [])]
    notes = "".join(f"<li>{escape(n)}</li>" for n in result.get("notes", []))
    notes = f'<p>Notes:</p><ul class="example-answers__notes">{notes}</ul>' if notes else ""
    return f'<ul class="example-answers__list">{"".join(items)}</ul>{notes}'


def _listed(item: dict) -> str:
    """An exception or follow-up; a follow-up keeps its id, as the live result does."""
    attr = f' data-follow-up="{escape(item["id"])}"' if item.get("id") else ""
    return f"<li{attr}>{escape(item['text'])}{_source(item['source'], item['quote'])}</li>"


def _quorum_case(result: dict) -> str:
    verdict = result["verdict"]
    rule = result["rule"]
    parts = [
        f'<p data-quorate="{STATES[result["quorate"]]}"><strong>{verdict}.</strong> {escape(result["message"])}</p>',
        f"<p>The rule: {escape(rule['text'])}.{_source(rule['source'], rule['quote'])}</p>" if rule["stated"] else "",
    ]
    children = []
    for c in result["children"]:
        state = STATES[c["quorate"]]
        word = c["verdict"].lower()
        agencies = ", ".join(c["agency_labels"]) or "none"
        missing = f" Missing: {escape('; '.join(c['missing']))}." if c["missing"] else ""
        children.append(
            f'<li data-child="{escape(c["name"])}" data-child-quorate="{state}"><strong>{escape(c["name"])}:</strong> '
            f"{word}. Children's social care {'there' if c['social_care'] else 'not there'}; other agencies with "
            f"direct contact: {escape(agencies)}.{missing}</li>")
    parts.append(f'<ul class="example-answers__list">{"".join(children)}</ul>')
    for title, items in (("When the chair may still go ahead", result["exceptions"]),
                         ("If the conference goes ahead without a quorum", result["follow_up"])):
        if items:
            listed = "".join(_listed(i) for i in items)
            parts.append(f"<p>{title}:</p><ul>{listed}</ul>")
    return "".join(parts)


def _case_title(calculator: str, result: dict, params: dict[str, list[str]]) -> str:
    given = []
    for name, values in params.items():
        if name in ("area", "child", "attendee", "conference-type"):
            continue
        label = name.replace("-", " ")
        given.append(f"{label} {', '.join(format_date(date.fromisoformat(v)) for v in values)}")
    if calculator == "quorum":
        attending = []
        for attendee in params.get("attendee", []):
            agency, _, names = attendee.partition(":")
            label = AGENCIES.get(agency, agency)
            attending.append(f"{label} (seen {' and '.join(names.split('+'))})" if names else label)
        given = [f"{params['conference-type'][0]} conference", f"{' and '.join(params['child'])}",
                 f"attending: {', '.join(attending) or 'nobody'}"]
    return f"{escape(result['area_name'])}: {escape('; '.join(given))}"


def answers(links: list[str]) -> str:
    cases = []
    for link in links:
        calculator, params = parse_link(link)
        result = result_for(link)
        body = _quorum_case(result) if calculator == "quorum" else _dates_case(result)
        cases.append(
            f'<div class="example-answers__case" data-example="{escape(canonical(link))}" '
            f'data-calculator="{calculator}">'
            f'<p class="example-answers__title"><strong>{_case_title(calculator, result, params)}</strong></p>'
            f"{body}</div>")
    intro = ("<p>Worked out when this site was built, by the same calculators as the links above, "
             "from each link's own parameters. Each date is the latest the rule allows, unless its note says otherwise.</p>")
    # One HTML block with no blank line inside, so Markdown leaves it whole. Material
    # styles <details class="note"> as a collapsible "note" admonition, closed.
    return (f'\n\n<details class="note example-answers" data-answers>'
            f"<summary>Answers for the trainer</summary>{intro}{''.join(cases)}</details>\n\n")


__all__ = ["on_page_markdown", "inline", "answers", "parse_link", "result_for"]
