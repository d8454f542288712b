"""The rules data: every rule cited to a real seed, its words found there, and every timescale captured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators.api import calculate
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
            if s.caveat:
                yield s.id, s.caveat, s.at
    q = area.quorum
    if q.stated:
        yield "quorum", q.quote, q.at
        if q.exceptional:
            yield "quorum", q.exceptional, q.at
        for item in q.exceptions + q.follow_up:
            yield "quorum", item["quote"], item["at"]
    for fact in area.facts:
        yield fact.id, fact.quote, fact.at


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


# ------------------------------------------------------------------ the words that change meaning

RULES_DIR = Path(__file__).resolve().parents[1] / "calculators" / "rules"

#: Words that change what a rule asks. Each must reach the rule's summary when its quote has
#: it, and none may appear in a summary whose quote does not have it ("at least" added to
#: Somerset's "every four weeks" was a real fault).
MEANING_WORDS = ("at least", "usually", "at a minimum", "as a minimum", "not more than", "a maximum of",
                 "monthly", "best practice", "within")


def stated_statements():
    for area in all_areas():
        for s in area.timescales + area.schedules + area.prebirth:
            if s.stated:
                yield area, s


@pytest.mark.parametrize("word", MEANING_WORDS)
def test_a_summary_keeps_exactly_the_sources_qualifying_words(word):
    for area, s in stated_statements():
        quote, words = normal(s.quote), s.words().lower()
        assert (word in quote) == (word in words), (
            f"{area.id} {s.id} ({s.at}): the quote {'has' if word in quote else 'lacks'} “{word}” "
            f"but the summary {'has' if word in words else 'lacks'} it: {s.words()!r} vs {s.quote!r}")


def test_from_is_never_read_as_within():
    """Warrington's first core group is "10 working days from" the conference, not "within"."""
    for area, s in stated_statements():
        quote = normal(s.quote)
        says_from = re.search(rf"\b{NUM} working days from\b", quote) and "within" not in quote
        assert bool(says_from) == (s.link == "from"), f"{area.id} {s.id} ({s.at}): link {s.link!r} for {s.quote!r}"
    assert load("warrington").statements("first-core-group")[0].words().startswith("10 working days from")


def test_quorum_words_keep_each_child_the_child_and_the_word_quorum():
    for area in all_areas():
        q = area.quorum
        if not q.stated:
            continue
        quote, words, seed = normal(q.quote), q.words().lower(), seed_text(area.source.seed)
        for phrase in ("each child", "the child", "as a minimum"):
            assert (phrase in quote) == (phrase in words), f"{area.id}: “{phrase}” in {q.quote!r} vs {q.words()!r}"
        # Sheffield lists who should attend and never says quorum (or quorate): the summary says so.
        calls_it = "quorum" in seed or "quorate" in seed
        assert q.called_quorum == calls_it, f"{area.id}: called_quorum is {q.called_quorum}, the seed says otherwise"
        assert ("does not call this a quorum" in words) == (not calls_it)


def test_a_rule_the_site_reads_into_a_source_says_so():
    """Warrington and Staffs/Stoke state their report deadline for conferences in general."""
    for area_id in ("warrington", "staffs-stoke"):
        for s in load(area_id).statements("reports-review"):
            assert s.site_reading and "the site's reading" in s.words(), f"{area_id}: {s.words()!r}"
    staffs = load("staffs-stoke").statements("reports-icpc")[0]
    assert staffs.best_practice and "best practice" in staffs.words()


def _warrington_text() -> str:
    return (RULES_DIR / "warrington.toml").read_text(encoding="utf-8")


def test_the_words_come_from_the_data_not_from_the_code():
    """Change a field in a parsed copy of the data and the summary changes with it."""
    text = _warrington_text()
    area = parse_area(text, "warrington.toml")
    assert area.statements("first-core-group")[0].words().startswith("10 working days from the initial conference")
    assert area.statements("core-groups")[0].words().startswith("usually not less than monthly")

    changed = text.replace('link = "from"', 'link = "within"').replace('qualifier = "usually not less than"\n', "")
    changed = changed.replace("the page sets its report deadline for conferences in general", "a changed reading")
    area = parse_area(changed, "warrington.toml")
    assert area.statements("first-core-group")[0].words() == "within 10 working days of the initial conference"
    assert area.statements("core-groups")[0].words() == "monthly after the first core group"
    assert "(the site's reading: a changed reading, not for reviews by name)" in area.statements("reports-review")[0].words()

    changed = text.replace('qualifier = "as a minimum"\n', "").replace(
        'who = "professional groups or agencies, which have had direct contact with each child"',
        'who = "professional groups"')
    assert parse_area(changed, "warrington.toml").quorum.words() == (
        "children's social care and at least 2 other professional groups")


@pytest.mark.parametrize("old, new, error", [
    ('qualifier = "usually not less than"', 'qualifier = "at least"', "is not in the quote"),
    ('link = "from"', 'link = "before"', "link must be one of"),
    ('link = "from"', 'link = "soonish"', "link must be one of"),
    ('who = "professional groups or agencies, which have had direct contact with each child"',
     'who = "agencies with contact with any child"', "is not in the quote"),
])
def test_qualifying_words_not_in_the_source_are_refused(old, new, error):
    text = _warrington_text()
    assert old in text
    with pytest.raises(RulesError, match=error):
        parse_area(text.replace(old, new, 1), "warrington.toml")


def test_a_whichever_is_sooner_rule_needs_all_its_limbs():
    text = _warrington_text()
    assert text.count('whichever = "sooner"') == 2
    with pytest.raises(RulesError, match="every statement of a “whichever is sooner” rule is a limb"):
        parse_area(text.replace('whichever = "sooner"\n', "", 1), "warrington.toml")


def test_words_beside_a_rule_that_weaken_it_are_quoted_in_its_summary():
    """Staffs and Stoke call their report deadline best practice and, in the same passage,
    still accept a report on the day "in most circumstances": a summary that drops the
    second half overstates the rule."""
    for s in load("staffs-stoke").statements("reports-icpc") + load("staffs-stoke").statements("reports-review"):
        assert s.caveat and f"“{s.caveat}”" in s.words(), s.words()
        assert "in most circumstances, be accepted on the day" in s.words()


def test_the_chairs_exceptions_keep_exceptional_circumstances():
    """Warrington's chair may go ahead without a quorum "In exceptional circumstances";
    York's IRO "will decide whether to hold a Conference where quoracy is not achieved"."""
    assert load("warrington").quorum.exceptional == "In exceptional circumstances"
    assert load("york").quorum.exceptional is None
    for area_id, expected in (("warrington", "In exceptional circumstances, the chair may decide to go ahead"),
                              ("york", "The chair decides whether to go ahead")):
        result = calculate("quorum", {"area": area_id, "conference-type": "initial", "child": ["Amy"],
                                      "attendee": ["childrens-social-care"]})
        assert result["quorate"] is False and expected in result["message"], result["message"]


def test_a_day_that_is_not_a_deadline_is_not_called_one():
    """York's final core group is "held 10 working days prior to the RCPC": a day, not "at
    least" 10 working days before; its note says so wherever the date is shown."""
    (s,) = load("york").statements("final-core-group")
    assert "at least" not in s.words() and "not a latest date" in s.note


def test_follow_ups_keep_the_sources_should_and_must():
    """“should be arranged” is not an order to arrange; “must ensure … are noted” is not “notes”."""
    for area_id in ("warrington", "york"):
        for f in load(area_id).quorum.follow_up:
            quote = normal(f["quote"])
            for modal in ("should", "must"):
                if re.search(rf"\b{modal}\b", quote):
                    assert modal in f["text"].lower(), f"{area_id} {f['id']}: {f['text']!r} drops “{modal}”"


def test_a_prebuilt_copy_is_read_only_while_it_matches_its_toml(tmp_path, monkeypatch):
    """app.zip carries each rules file already read (scripts/build_pyodide.py step 3c): load()
    takes the copy, and goes back to the TOML as soon as the TOML is not the text it was read from."""
    import json
    import tomllib

    from calculators import rules

    text = (rules.RULES_DIR / "york.toml").read_text(encoding="utf-8")
    copy = json.loads(rules.prebuilt(text))
    assert copy["rules"] == tomllib.loads(text)
    copy["rules"]["name"] = "York, as the copy says"
    (tmp_path / "york.toml").write_text(text, encoding="utf-8")
    (tmp_path / "york.toml.json").write_text(json.dumps(copy), encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules.load.cache_clear()
    try:
        assert rules.load("york").name == "York, as the copy says"
        # The TOML changed after the copy was made (an edit, a half-built bundle): the TOML wins.
        (tmp_path / "york.toml").write_text(text + "\n# edited\n", encoding="utf-8")
        rules.load.cache_clear()
        assert rules.load("york").name == tomllib.loads(text)["name"] != "York, as the copy says"
        # A damaged copy (cut short) is never read either.
        (tmp_path / "york.toml").write_text(text, encoding="utf-8")
        (tmp_path / "york.toml.json").write_text(json.dumps(copy)[:-40], encoding="utf-8")
        rules.load.cache_clear()
        assert rules.load("york").name == tomllib.loads(text)["name"]
    finally:
        rules.load.cache_clear()
