"""The five areas' rules: loaded from ``rules/<area>.toml`` and checked on load.

The TOML files are the one source of truth. The calculators read them through this
module, and so does the site's build hook (``overrides/hooks/rules_tables.py``), which
turns them into the tables on the pages. A malformed file raises ``RulesError`` at load
time, naming the file and the rule, rather than giving a wrong date later.

In the browser's bundle each file also has a copy already read (``<area>.toml.json``, see
``prebuilt``), written by scripts/build_pyodide.py, so a reader's first answer does not
wait for a TOML parser; it is used only while it matches the TOML beside it.
"""

from __future__ import annotations

import json
import re
import zlib
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .errors import CalculatorError

RULES_DIR = Path(__file__).parent / "rules"
AREA_IDS = ("sheffield", "warrington", "staffs-stoke", "somerset", "york")

#: What a deadline is, by its id (the id is shared by the CLI's JSON, the page's
#: ``data-deadline`` attribute and the rules files).
LABELS = {
    "icpc": "Initial child protection conference",
    "transfer-icpc": "Transfer-in conference",
    "reports-icpc": "Agency reports for the initial conference",
    "report-email": "Copy of your report emailed to the safeguarding unit",
    "outline-plan": "Written outline plan to parents and professionals",
    "first-core-group": "First core group meeting",
    "signed-plan": "Signed child protection plan sent to members",
    "core-group-record": "Record of the first core group sent to members",
    "conference-record": "Record of the conference sent",
    "final-core-group": "Final core group before the review",
    "first-review": "First review conference",
    "reports-review": "Agency reports for the review conference",
    "second-review": "Next review conference",
    "core-groups": "Core group meetings",
    "statutory-visits": "Statutory child protection visits",
    "prebirth-review": "Review conference after a pre-birth conference",
}

#: The deadlines every area's file must account for, stated or not: the issue's list.
#: York-only rules (outline plan, records, ...) need not appear elsewhere.
CORE_TIMESCALES = ("icpc", "reports-icpc", "first-core-group", "first-review", "reports-review", "second-review")

#: What a rule counts from or back from.
EVENTS = {
    "strategy-discussion": "the strategy discussion",
    "conference": "the initial conference",
    "first-core-group": "the first core group",
    "review": "the review conference",
    "birth": "the baby's birth",
    "move-notified": "the child's move to live in the area permanently",
}

UNITS = ("working_days", "days", "months", "weeks", "hours")
DIRECTIONS = ("after", "before")

#: How a source ties its number to the event, as it words it (each rule names one, so a
#: summary can never turn "10 working days from" into "within 10 working days of"):
LINKS = {
    "within": "within N of the event (a latest date)",
    "from": "N from the event (“should take place 10 working days from”: a date, not a range)",
    "before": "N before the event",
    "intervals": "at intervals of N after the event (reviews)",
    "monthly": "“N monthly” after the event, as the source writes it",
    "every": "every N after the event (repeating meetings and visits)",
}
#: The links each kind of rule may use.
_AFTER_LINKS = ("within", "from", "intervals", "monthly")
_SCHEDULE_LINKS = ("every", "monthly")
CONFERENCE_TYPES = {
    "initial": "Initial conference",
    "review": "Review conference",
    "pre-birth": "Pre-birth conference",
    "transfer": "Transfer-in conference",
}


class RulesError(RuntimeError):
    """A rules file is malformed: a developer's mistake, caught at load time."""


# The records here, in workdays.py and in deadlines.py are NamedTuples, not frozen
# dataclasses: a dataclass compiles its generated methods with exec() as its class is made,
# about 3 ms a class under Pyodide, and half the calculators' import time on a reader's
# first visit (33 of 66 ms in Node, more in a just-compiled wasm in the browser).
class Source(NamedTuple):
    seed: str
    publisher: str
    document: str
    kind: str
    date: str
    cite_as: str
    cite_by: str  # "paragraph" | "section" | "passage" (no headings: the site's name for the passage)

    def citation(self, at: str) -> str:
        """``York procedure, para 2.16`` or ``Warrington page, "Conference quoram"``."""
        if self.cite_by == "paragraph":
            where, _, para = at.rpartition(", ")
            return f"{self.cite_as}, {where + ', ' if where else ''}para {para}"
        if self.cite_by == "passage":
            return f"{self.cite_as}, passage “{at}”"
        return f"{self.cite_as}, “{at}”"

    def as_dict(self, at: str) -> dict:
        document = f"{self.document} ({self.date})"
        return {"seed": self.seed, "at": at, "citation": self.citation(at), "document": document}


class Statement(NamedTuple):
    """One rule as a source states it: "within 15 working days of the strategy discussion".

    Besides the numbers, a statement keeps the words that change a rule's meaning, so
    every summary says what the source says and no more:

    - ``link``: how the number is tied to the event (``LINKS``): "within", "from",
      "before", "at intervals of", "6 monthly", "every";
    - ``qualifier``: the source's own qualifying words, exactly as written ("at least",
      "usually not less than", "at a minimum once"); none where the source has none,
      so "at least" is never added to a source that does not say it;
    - ``best_practice``: the source calls the rule best practice, not a requirement;
    - ``site_reading``: the site reads this rule into the source (why, in a short
      clause); every summary says so and puts the source's own words beside it;
    - ``whichever``: "sooner" where this statement is one limb of a rule with two
      ("within 1 month of the birth or within 3 months of the conference, whichever is
      sooner"): one rule, not a rule stated twice;
    - ``caveat``: the source's own words, next to the rule, that weaken it (Staffs and
      Stoke: a report "will, in most circumstances, be accepted on the day"); every
      summary quotes them after the rule.
    """

    id: str
    stated: bool
    amount: int | None = None
    unit: str | None = None
    direction: str = "after"
    start: str | None = None  # the TOML key is `from`
    until: str | None = None  # schedules only: repeat until this event
    quote: str | None = None
    at: str | None = None
    note: str | None = None
    link: str | None = None
    qualifier: str | None = None
    best_practice: bool = False
    site_reading: str | None = None
    whichever: str | None = None
    caveat: str | None = None

    @property
    def label(self) -> str:
        return LABELS[self.id]

    def amount_words(self, read_as: str | None = None) -> str:
        """``15 working days``, ``3 months``, ``2 days (the source does not say ...)``."""
        n, unit = self.amount, self.unit
        plural = "" if n == 1 else "s"
        if unit == "working_days":
            return f"{n} working day{plural}"
        if unit == "days" and read_as:
            return f"{n} {read_as} day{plural} (reading the source's “days” as {read_as} days)"
        if unit == "days":
            return f"{n} day{plural} (the source does not say working or calendar days)"
        if unit == "hours":
            return f"{n} hours"
        return f"{n} {unit[:-1]}{plural}"

    def words(self, events: dict[str, str] = EVENTS, read_as: str | None = None) -> str:
        """The rule in plain words, built from the data so no number is typed twice.

        ``read_as`` ("working" or "calendar") words one reading of a unitless "days".
        """
        if not self.stated:
            return "not stated"
        start = events[self.start]
        if self.id == "prebirth-review" and events is EVENTS and self.start == "conference":
            start = "the pre-birth conference"
        q = f"{self.qualifier} " if self.qualifier else ""
        amount = self.amount_words(read_as)
        if self.link == "within":
            text = f"within {q}{amount} of {start}"
        elif self.link == "from":
            text = f"{q}{amount} from {start}"
        elif self.link == "before":
            text = f"{q}{amount} before {start}"
        elif self.link == "intervals":
            text = f"at intervals of {q}{amount} after {start}"
        elif self.link == "monthly":
            text = f"{q}{'' if self.amount == 1 else f'{self.amount} '}monthly after {start}"
        else:  # every
            every = amount if self.amount != 1 else self.unit.rstrip("s").replace("_", " ")
            text = f"{q}every {every} after {start}"
        if self.best_practice:
            text += ", as best practice"
        if self.caveat:
            text += f" (the source adds: “{self.caveat}”)"
        if self.site_reading:
            text += f" (the site's reading: {self.site_reading})"
        return text


class Quorum(NamedTuple):
    """Who must be at a conference, as the source words it.

    ``who`` is the source's own words for the other agencies, with its "each child" or
    "the child"; ``qualifier`` its "as a minimum", if it has one; ``called_quorum`` is
    false where the source lists who should attend without calling it a quorum;
    ``exceptional`` the source's words limiting when the chair may go ahead without a
    quorum ("In exceptional circumstances"), if it has any.
    """

    stated: bool
    conference_types: tuple[str, ...] = ()
    other_agencies: int | None = None
    quote: str | None = None
    at: str | None = None
    note: str | None = None
    exceptions: tuple[dict, ...] = ()
    follow_up: tuple[dict, ...] = ()
    who: str | None = None
    qualifier: str | None = None
    called_quorum: bool = True
    exceptional: str | None = None

    def words(self) -> str:
        if not self.stated:
            return "not stated"
        q = f"{self.qualifier}, " if self.qualifier else ""
        text = f"{q}children's social care and at least {self.other_agencies} other {self.who}"
        if not self.called_quorum:
            text += " (who should attend: the source does not call this a quorum)"
        return text


#: Number words the sources use, for checking a fact's number against its quote.
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty")


class Fact(NamedTuple):
    """A number a source gives that is not a deadline (an age, how long a meeting lasts),
    kept here so a page for families never types it: ``<!-- fact somerset attend-age -->``."""

    id: str
    amount: int
    unit: str | None
    quote: str
    at: str
    note: str | None = None

    def words(self) -> str:
        number = NUMBER_WORDS[self.amount] if self.amount < len(NUMBER_WORDS) else str(self.amount)
        if self.unit is None:
            return number
        unit = {"working_days": "working day", "hours": "hour", "years": "year"}[self.unit]
        return f"{number} {unit}{'' if self.amount == 1 else 's'}"


class Area(NamedTuple):
    id: str
    name: str
    short: str
    source: Source
    timescales: tuple[Statement, ...]
    schedules: tuple[Statement, ...]
    prebirth: tuple[Statement, ...]
    quorum: Quorum
    facts: tuple[Fact, ...] = ()

    def statements(self, rule_id: str) -> tuple[Statement, ...]:
        """Every statement of one rule, across timescales, schedules and pre-birth."""
        return tuple(s for s in self.timescales + self.schedules + self.prebirth if s.id == rule_id)

    def fact(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def cite(self, at: str) -> dict:
        return self.source.as_dict(at)

    def not_stated(self) -> dict:
        """The citation of a rule the source does not state: the document as a whole."""
        return {**self.source.as_dict(""), "at": None, "citation": f"{self.source.cite_as} (not stated)"}


_STATEMENT_KEYS = {"id", "stated", "amount", "unit", "direction", "from", "until", "quote", "at", "note",
                   "link", "qualifier", "best_practice", "site_reading", "whichever", "caveat"}
_QUORUM_KEYS = {"stated", "conference_types", "other_agencies", "quote", "at", "note", "exceptions", "follow_up",
                "who", "qualifier", "called_quorum", "exceptional"}


def _in_quote(where: str, words: str, quote: str) -> None:
    """The source's own words must be in the quote they qualify (case and spacing aside)."""
    if " ".join(words.lower().split()) not in " ".join(quote.lower().split()):
        raise RulesError(f"{where}: {words!r} is not in the quote {quote!r}: give the source's own words")


def _statement(where: str, raw: dict, schedule: bool) -> Statement:
    unknown = set(raw) - _STATEMENT_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    rule_id = raw.get("id")
    if rule_id not in LABELS:
        raise RulesError(f"{where}: unknown rule id {rule_id!r}")
    stated = raw.get("stated", True)
    if not stated:
        if not raw.get("note"):
            raise RulesError(f"{where} ({rule_id}): an unstated rule needs a note saying so")
        return Statement(id=rule_id, stated=False, note=raw["note"])
    for key in ("amount", "unit", "from", "quote", "at"):
        if key not in raw:
            raise RulesError(f"{where} ({rule_id}): missing {key!r}")
    if not isinstance(raw["amount"], int) or raw["amount"] < 1:
        raise RulesError(f"{where} ({rule_id}): amount must be a whole number from 1")
    if raw["unit"] not in UNITS:
        raise RulesError(f"{where} ({rule_id}): unit must be one of {UNITS}")
    direction = raw.get("direction", "after")
    if direction not in DIRECTIONS:
        raise RulesError(f"{where} ({rule_id}): direction must be one of {DIRECTIONS}")
    for key in ("from", "until"):
        if key in raw and raw[key] not in EVENTS:
            raise RulesError(f"{where} ({rule_id}): {key} must be one of {sorted(EVENTS)}")
    if schedule != ("until" in raw):
        raise RulesError(f"{where} ({rule_id}): schedules, and only schedules, have `until`")
    if raw["unit"] in ("months", "weeks") and direction == "before":
        raise RulesError(f"{where} ({rule_id}): no convention for {raw['unit']} before a date")
    link = raw.get("link")
    allowed = _SCHEDULE_LINKS if schedule else ("before",) if direction == "before" else _AFTER_LINKS
    if link not in allowed:
        raise RulesError(f"{where} ({rule_id}): link must be one of {allowed}, as the source words it")
    if link == "monthly" and raw["unit"] != "months":
        raise RulesError(f"{where} ({rule_id}): a “monthly” link counts months")
    for key in ("qualifier",):
        if key in raw:
            _in_quote(f"{where} ({rule_id})", raw[key], raw["quote"])
    if not isinstance(raw.get("best_practice", False), bool):
        raise RulesError(f"{where} ({rule_id}): best_practice is true or false")
    if raw.get("best_practice"):
        _in_quote(f"{where} ({rule_id})", "best practice", raw["quote"])
    if "whichever" in raw:
        if raw["whichever"] != "sooner":
            raise RulesError(f"{where} ({rule_id}): whichever is \"sooner\" (no source says otherwise)")
        _in_quote(f"{where} ({rule_id})", "whichever is sooner", raw["quote"])
    return Statement(
        id=rule_id,
        stated=True,
        amount=raw["amount"],
        unit=raw["unit"],
        direction=direction,
        start=raw["from"],
        until=raw.get("until"),
        quote=raw["quote"],
        at=str(raw["at"]),
        note=raw.get("note"),
        link=link,
        qualifier=raw.get("qualifier"),
        best_practice=raw.get("best_practice", False),
        site_reading=raw.get("site_reading"),
        whichever=raw.get("whichever"),
        caveat=raw.get("caveat"),
    )


def _quorum(where: str, raw: dict) -> Quorum:
    unknown = set(raw) - _QUORUM_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    if not raw.get("stated", True):
        return Quorum(stated=False, note=raw.get("note"))
    types = tuple(raw.get("conference_types", ()))
    if not types or set(types) - set(CONFERENCE_TYPES):
        raise RulesError(f"{where}: conference_types must be some of {sorted(CONFERENCE_TYPES)}")
    for key in ("other_agencies", "quote", "at", "who"):
        if key not in raw:
            raise RulesError(f"{where}: missing {key!r}")
    for key in ("who", "qualifier"):
        if key in raw:
            _in_quote(f"{where} (quorum)", raw[key], raw["quote"])
    if "exceptional" in raw and not raw.get("exceptions"):
        raise RulesError(f"{where}: `exceptional` qualifies the exceptions: give them")
    exceptions = []
    for item in raw.get("exceptions", []):
        if "agencies" in item:  # the one exception with a number in it
            n = item["agencies"]
            item = {**item, "text": f"The child has not had relevant contact with {n} agencies, for example at a pre-birth conference."}
        exceptions.append(item)
    for item in exceptions + raw.get("follow_up", []):
        if not {"text", "quote", "at"} <= set(item):
            raise RulesError(f"{where}: every exception and follow-up needs text, quote and at")
    return Quorum(
        stated=True,
        conference_types=types,
        other_agencies=raw["other_agencies"],
        quote=raw["quote"],
        at=str(raw["at"]),
        note=raw.get("note"),
        exceptions=tuple(exceptions),
        follow_up=tuple(raw.get("follow_up", [])),
        who=raw["who"],
        qualifier=raw.get("qualifier"),
        called_quorum=raw.get("called_quorum", True),
        exceptional=raw.get("exceptional"),
    )


_FACT_KEYS = {"id", "amount", "unit", "quote", "at", "note"}


def _fact(where: str, raw: dict) -> Fact:
    unknown = set(raw) - _FACT_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "amount", "quote", "at"):
        if key not in raw:
            raise RulesError(f"{where} (fact): missing {key!r}")
    if raw.get("unit") not in (None, "working_days", "hours", "years"):
        raise RulesError(f"{where} ({raw['id']}): a fact's unit is working_days, hours or years")
    n = raw["amount"]
    said = {str(n)} | ({NUMBER_WORDS[n]} if isinstance(n, int) and 0 <= n < len(NUMBER_WORDS) else set())
    if not any(re.search(rf"\b{w}\b", raw["quote"].lower()) for w in said):
        raise RulesError(f"{where} ({raw['id']}): the quote does not give the number {n}")
    return Fact(id=raw["id"], amount=n, unit=raw.get("unit"), quote=raw["quote"], at=str(raw["at"]),
                note=raw.get("note"))


def parse_area(text: str, where: str) -> Area:
    """Build an ``Area`` from one rules file's text, checking it as it goes."""
    import tomllib  # here, not above: the browser reads the prebuilt copy (load)

    return _area(tomllib.loads(text), where)


def prebuilt(text: str) -> str:
    """A rules file as read, for the browser's bundle: ``{"crc32": ..., "rules": {...}}``.

    scripts/build_pyodide.py writes it beside each TOML file in app.zip as
    ``<area>.toml.json``. In the browser, importing tomllib and parsing one file was about a
    tenth of a first answer's Python; json is already loaded there and its parser is in C.
    The CRC-32 of the TOML's text ties the copy to it: ``load`` uses the copy only while the
    TOML beside it is the one it was read from, so it can never be a second source.
    """
    import tomllib

    return json.dumps({"crc32": _crc32(text), "rules": tomllib.loads(text)}, ensure_ascii=False, sort_keys=True)


def _crc32(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _read(path: Path) -> tuple[str, dict | None]:
    """A rules file's text, and its prebuilt reading if there is one of this very text."""
    text = path.read_text(encoding="utf-8")
    try:
        copy = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):  # no copy (a source tree, a wheel), or a damaged one
        return text, None
    if not isinstance(copy, dict) or copy.get("crc32") != _crc32(text) or not isinstance(copy.get("rules"), dict):
        return text, None
    return text, copy["rules"]


def _area(raw: dict, where: str) -> Area:
    try:
        source = Source(**raw["source"])
    except TypeError as error:
        raise RulesError(f"{where}: [source] {error}") from None
    timescales = tuple(_statement(where, r, False) for r in raw.get("timescales", []))
    schedules = tuple(_statement(where, r, True) for r in raw.get("schedules", []))
    prebirth = tuple(_statement(where, r, False) for r in raw.get("prebirth", []))
    for rule_id in CORE_TIMESCALES:
        if not any(s.id == rule_id for s in timescales):
            raise RulesError(f"{where}: {rule_id} missing: give it, or say `stated = false` with a note")
    for statements in (timescales, prebirth):
        for rule_id in {x.id for x in statements if x.whichever}:
            limbs = [x for x in statements if x.id == rule_id]
            if len(limbs) < 2 or not all(x.whichever for x in limbs):
                raise RulesError(f"{where} ({rule_id}): every statement of a “whichever is sooner” rule is a limb")
    if not prebirth or not schedules:
        raise RulesError(f"{where}: needs [[prebirth]] and [[schedules]] entries, stated or not")
    if "quorum" not in raw:
        raise RulesError(f"{where}: needs a [quorum] table, stated or not")
    return Area(
        id=raw["id"],
        name=raw["name"],
        short=raw["short"],
        source=source,
        timescales=timescales,
        schedules=schedules,
        prebirth=prebirth,
        quorum=_quorum(where, raw["quorum"]),
        facts=tuple(_fact(where, f) for f in raw.get("facts", [])),
    )


@cache
def load(area_id: str) -> Area:
    """The rules of one area, by id (``york``)."""
    if area_id not in AREA_IDS:
        raise CalculatorError("area", f"Unknown area “{area_id}”. Choose one of: {', '.join(AREA_IDS)}.")
    # Beside this file in every install (a source tree, a wheel's site-packages, app.zip
    # unpacked in Pyodide). Not importlib.resources: importing it took about as long as
    # reading and parsing the file, on a reader's first answer.
    where = f"rules/{area_id}.toml"
    text, raw = _read(RULES_DIR / f"{area_id}.toml")
    area = _area(raw, where) if raw is not None else parse_area(text, where)
    if area.id != area_id:
        raise RulesError(f"{where}: its id is {area.id!r}")
    return area


def all_areas() -> tuple[Area, ...]:
    return tuple(load(a) for a in AREA_IDS)
