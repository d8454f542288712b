"""The rules data: every rule cited to a real seed, its words found there, and every timescale captured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators.rules import AREA_IDS, CORE_TIMESCALES, RulesError, all_areas, load, parse_area

# The seeds live in shared/ beside the repository (as in CI's clone); the Pyodide run
# mounts the repository at /project and shared/ at /shared, the same layout.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
TIMESCALE = re.compile(rf"\b{NUM}\s+(?:working\s+)?(?:days?|months?|weeks?|hours?|years?|minutes?)\b|\b(?:\d+\s+)?monthly\b")

# Phrases with a number of days/months/years that are not conference deadlines, or that
# belong to a rule captured under another quote. Each says why.
NOT_RULES = {
    "000_1dba21ad95d157f8.txt": {
        "second enquiry is made within 2 years": "an enquiries-desk practice, not a conference timescale",
    },
    "001_0b9aed544cecc18a.txt": {
        "take place within 6 months thereafter": "reviews after a pre-birth review: the second-review rule (6 months)",
    },
    "002_fcf727783d989d19.txt": {
        "at least thirty minutes prior": "arrival time on the day, not a date",
    },
    "003_b9069df5aa61b0cc.txt": {
        "take up to two hours": "how long a meeting lasts",
    },
    "004_84de5436ccf44314.txt": {
        "from one working day to three working days": "the revision history of para 3.17 (noted on outline-plan)",
        "within 15 working days of: -": "the lead-in of 2.16; its first item is the icpc rule",
        "never exceed 10 working days": "3.12 again: the statutory-visits schedule",
        "within 15 working days of being notified of the move": "4.17: the transfer-icpc rule (noted there)",
        "18 years of age": "an age, not a timescale",
        "13 years of age": "an age, not a timescale",
        "under 16 years": "an age, not a timescale",
        "within 2 working days so that": "minutes to the social worker: noted on core-group-record",
    },
}


def normal(text: str) -> str:
    text = text.replace("**", "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).lower()


def seed_text(seed: str) -> str:
    return normal((SEEDS / seed).read_text(encoding="utf-8"))


def cited_items(area):
    """(what, quote, at) for every stated rule, exception and follow-up of an area."""
    for s in area.timescales + area.schedules + area.prebirth:
        if s.stated:
            yield s.id, s.quote, s.at
    q = area.quorum
    if q.stated:
        yield "quorum", q.quote, q.at
        for item in q.exceptions + q.follow_up:
            yield "quorum", item["quote"], item["at"]


@pytest.mark.parametrize("area_id", AREA_IDS)
def test_seed_exists_and_every_quote_is_in_it(area_id):
    area = load(area_id)
    assert (SEEDS / area.source.seed).is_file(), area.source.seed
    text = seed_text(area.source.seed)
    for what, quote, at in cited_items(area):
        assert normal(quote) in text, f"{area_id} {what} ({at}): quote not found in {area.source.seed}: {quote!r}"


def test_york_paragraph_numbers_exist():
    area = load("york")
    text = seed_text(area.source.seed)
    for what, _, at in cited_items(area):
        para = at.rpartition(", ")[2]
        assert re.search(rf"(^|[\s-]){re.escape(para)}\.?\s", text), f"York {what}: no paragraph {para}"


@pytest.mark.parametrize("area_id", ["warrington", "staffs-stoke"])
def test_section_headings_exist(area_id):
    area = load(area_id)
    text = seed_text(area.source.seed)
    for what, _, at in cited_items(area):
        for part in at.split(": "):
            assert normal(part) in text, f"{area_id} {what}: no heading {part!r}"


@pytest.mark.parametrize("seed", sorted(NOT_RULES))
def test_every_timescale_in_the_seed_is_captured(seed):
    """Each "N (working) days/months/weeks/hours" phrase lies inside a rule's quote, or is listed above with why."""
    text = seed_text(seed)
    quotes = [normal(q) for a in all_areas() if a.source.seed == seed for _, q, _ in cited_items(a)]
    covered = [m.span() for q in quotes for m in re.finditer(re.escape(q), text)]
    uncaptured = []
    for m in TIMESCALE.finditer(text):
        if any(start <= m.start() and m.end() <= end for start, end in covered):
            continue
        context = text[max(0, m.start() - 60): m.end() + 40]
        if not any(phrase in context for phrase in NOT_RULES[seed]):
            uncaptured.append(context)
    assert not uncaptured, f"{seed}: timescales not in the rules data: {uncaptured}"


def test_every_area_accounts_for_the_core_deadlines():
    for area in all_areas():
        for rule_id in CORE_TIMESCALES + ("prebirth-review",):
            assert area.statements(rule_id), f"{area.id}: {rule_id} neither stated nor marked unstated"


def test_unstated_rules_say_so():
    for area in all_areas():
        for s in area.timescales + area.schedules + area.prebirth:
            assert s.stated or s.note


def test_a_malformed_rules_file_is_refused():
    text = """
id = "x"
name = "X"
short = "X"
[source]
seed = "s.txt"
publisher = "p"
document = "d"
kind = "k"
date = "d"
cite_as = "X"
cite_by = "section"
[[timescales]]
id = "icpc"
amount = 15
unit = "fortnights"
from = "strategy-discussion"
quote = "q"
at = "a"
"""
    with pytest.raises(RulesError, match="unit must be one of"):
        parse_area(text, "x.toml")
    with pytest.raises(RulesError, match="unknown rule id"):
        parse_area(text.replace('id = "icpc"', 'id = "icpc-typo"'), "x.toml")
