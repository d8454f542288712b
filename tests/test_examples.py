"""Build-time worked examples and trainers' answers (overrides/hooks/examples.py).

Each example is the calculators' own answer (the hook calls them); these tests check it
independently too: every example written in the docs, and every one the rules hook
generates, must equal a case worked by hand in tests/cases/*.toml with the same inputs.
An example with no such case fails, so a new example comes with its hand-worked dates.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from calculators.api import PARAMETERS, calculate

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CASES = ROOT / "tests" / "cases"


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


examples = _hook("examples")
rules_tables = _hook("rules_tables")


def page(src_uri: str = "families/test.md"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


def render(markdown: str, src_uri: str = "families/test.md") -> str:
    return examples.on_page_markdown(markdown, page(src_uri), None, None)


YORK = "timescales?area=york&strategy-discussion=2025-12-19"


# ------------------------------------------------------------------ the mechanism


def test_an_inline_example_is_the_calculators_date_in_a_time_element():
    out = render(f"By <!-- example {YORK} icpc -->.")
    # The brief's example, worked by hand in tests/cases/york.toml.
    assert '<time datetime="2026-01-14">Wednesday 14 January 2026</time>' in out
    assert f'data-example="{YORK.replace("&", "&amp;")}"' in out and 'data-example-field="icpc"' in out
    assert "<!--" not in out


def test_an_example_shows_its_own_starting_date_and_readings():
    out = render(f"<!-- example {YORK} =strategy-discussion -->")
    assert '<time datetime="2025-12-19">Friday 19 December 2025</time>' in out
    warrington = "timescales?area=warrington&strategy-discussion=2025-12-19"
    assert 'datetime="2026-01-02"' in render(f"<!-- example {warrington} icpc@calendar -->")
    assert 'datetime="2026-01-14"' in render(f"<!-- example {warrington} icpc@working -->")


def test_a_repeating_meeting_and_a_verdict():
    link = "timescales?area=york&strategy-discussion=2025-12-19&conference=2026-01-14"
    assert 'datetime="2026-03-11"' in render(f"<!-- example {link} core-groups.1 -->")
    quorum = "quorum?area=york&conference-type=initial&child=Amy&attendee=childrens-social-care&attendee=police"
    assert ">not quorate</span>" in render(f"<!-- example {quorum} verdict -->")


@pytest.mark.parametrize("placeholder, why", [
    (f"<!-- example {YORK} nonsense -->", "no deadline 'nonsense'"),
    ("<!-- example timescales?area=somerset&strategy-discussion=2025-12-19 icpc -->", "not-stated"),
    ("<!-- example timescales?area=york icpc -->", "Give the date of the strategy discussion"),
    ("<!-- example timescales?area=york&strategy-discussion=2025-02-30 icpc -->", "30 February 2025 is not a date"),
    ("<!-- example timescales?area=york&birth=2025-03-20 icpc -->", "no parameter birth"),
    ("<!-- example timings?area=york icpc -->", "unknown calculator"),
    (f"<!-- example {YORK} core-groups.9 -->", "not a date number 9"),
    (f"<!-- example {YORK} icpc@calendar -->", "no single calendar-day reading"),
    (f"<!-- example {YORK} verdict -->", "only the quorum calculator"),
    (f"<!-- example {YORK} -->", "write <!-- example"),
    ("<!-- example quorum?area=somerset&conference-type=initial&child=Amy verdict -->", "no verdict"),
    ("<!-- answers timescales?area=leeds&strategy-discussion=2025-12-19 -->", "Unknown area"),
])
def test_a_bad_example_fails_the_build_naming_the_page_and_placeholder(placeholder, why):
    with pytest.raises(examples.ExampleError) as error:
        render(f"Text {placeholder} text", "families/when.md")
    message = str(error.value)
    assert message.startswith(f"families/when.md: {placeholder}") and why in message, message


def test_other_comments_are_left_alone():
    assert render("<!-- an editor's note --> <!-- rule york icpc -->") == "<!-- an editor's note --> <!-- rule york icpc -->"


class _Answers(HTMLParser):
    """The answers block's cases, with the data attributes a test compares."""

    def __init__(self):
        super().__init__()
        self.details_open = None
        self.summary = ""
        self._in_summary = False
        self.cases: list[dict] = []
        self._time_for: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details":
            self.details_open = "open" in a
        if tag == "summary":
            self._in_summary = True
        if "data-example" in a and "data-calculator" in a:
            self.cases.append({"link": a["data-example"], "quorate": None, "deadlines": {},
                               "schedules": {}, "children": {}})
        if not self.cases:
            return
        case = self.cases[-1]
        if "data-quorate" in a:
            case["quorate"] = a["data-quorate"]
        if "data-deadline" in a:
            item = {"status": a["data-status"], "date": None}
            case["deadlines"][a["data-deadline"]] = item
            self._time_for = item
        if "data-schedule" in a:
            case["schedules"][a["data-schedule"]] = []
            self._time_for = {"schedule": a["data-schedule"]}
        if "data-child" in a:
            case["children"][a["data-child"]] = a["data-child-quorate"]
        if tag == "time" and self._time_for is not None:
            if "schedule" in self._time_for:
                case["schedules"][self._time_for["schedule"]].append(a["datetime"])
            elif self._time_for["date"] is None:  # the first <time> is the deadline's date
                self._time_for["date"] = a["datetime"]

    def handle_endtag(self, tag):
        if tag == "summary":
            self._in_summary = False
        if tag == "li":
            self._time_for = None

    def handle_data(self, data):
        if self._in_summary:
            self.summary += data


def parse_answers(html: str) -> _Answers:
    parser = _Answers()
    parser.feed(html)
    return parser


def test_answers_are_a_closed_block_with_every_date_the_calculator_gives():
    link = "timescales?area=york&strategy-discussion=2025-12-15"
    out = render(f"\n<!-- answers {link} -->\n")
    answers = parse_answers(out)
    assert answers.summary == "Answers for the trainer" and answers.details_open is False
    result = calculate("timescales", {"area": ["york"], "strategy-discussion": ["2025-12-15"]})
    [case] = answers.cases
    assert case["deadlines"] == {d["id"]: {"status": d["status"], "date": d["date"]} for d in result["deadlines"]}
    assert case["schedules"] == {s["id"]: s["dates"] for s in result["schedules"]}
    # Working shown for trainers: the bank holidays the count went round, by name.
    assert "Christmas Day" in out and "Boxing Day" in out


def test_quorum_answers_give_each_childs_verdict():
    link = ("quorum?area=warrington&conference-type=initial&child=Amy&child=Ben&attendee=childrens-social-care"
            "&attendee=police&attendee=education:Amy&attendee=health-visitor:Amy")
    [case] = parse_answers(render(f"<!-- answers {link} -->")).cases
    assert case["quorate"] == "false" and case["children"] == {"Amy": "true", "Ben": "false"}


# ------------------------------------------------------------------ every example, against the hand-worked cases


def hand_worked_cases() -> list[tuple[str, str, dict]]:
    """(calculator, area, case) for every worked case."""
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind in PARAMETERS:
            found += [(kind, data["area"], case) for case in data.get(kind, [])]
    return found


def case_for(link: str) -> dict:
    calculator, params = examples.parse_link(link)
    area = params["area"][0]
    given = {k: v for k, v in params.items() if k != "area"}
    for kind, case_area, case in hand_worked_cases():
        inputs = {k: (case[k] if isinstance(case[k], list) else [case[k]]) for k in PARAMETERS[kind] if k in case}
        if kind == calculator and case_area == area and inputs == given:
            return case
    pytest.fail(f"no hand-worked case in tests/cases/{area}.toml with the inputs of {link}: work it out by hand "
                "and add it, so this example is checked against something other than the calculators")


def docs_placeholders() -> list[tuple[str, str, str | None]]:
    """(page, link, field or None for answers) for every example in docs/, generated ones included."""
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        src = path.relative_to(DOCS).as_posix()
        text = rules_tables.on_page_markdown(path.read_text(encoding="utf-8"), page(src), None, None)
        for match in examples.PLACEHOLDER.finditer(text):
            if match.group(1) == "example":
                link, field = match.group(2).split()
                found.append((src, link, field))
            else:
                found += [(src, link, None) for link in match.group(2).split()]
    return found


PLACEHOLDERS = docs_placeholders()


def test_the_docs_have_worked_examples_and_answers():
    pages = {src for src, _, _ in PLACEHOLDERS}
    assert any(p.startswith("families/") for p in pages), "no worked example on the family pages"
    assert "trainers/scenarios.md" in pages, "no trainers' answers on the scenarios page"
    assert any(p.startswith("procedures/") for p in pages), "no worked example on the procedure pages"


def _expected(case: dict, field: str) -> str | bool | None:
    if field == "verdict":
        return case["quorate"]
    if "@" in field:
        return case.get("readings", {}).get(field)
    if "." in field:
        schedule_id, _, n = field.partition(".")
        dates = case.get("schedules", {}).get(schedule_id, [])
        return dates[int(n) - 1] if len(dates) >= int(n) else None
    return case["expect"].get(field)


@pytest.mark.parametrize("src, link, field", [p for p in PLACEHOLDERS if p[2] and not p[2].startswith("=")],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_inline_example_equals_the_hand_worked_case(src, link, field):
    case = case_for(link)
    expected = _expected(case, field)
    assert expected is not None, f"{src}: the hand-worked case for {link} has no value for {field}: add it"
    out = render(f"<!-- example {link} {field} -->", src)
    if field == "verdict":
        assert (">quorate<" in out) == (expected is True), out
    else:
        assert f'<time datetime="{expected}">' in out, f"{src}: {link} {field}: {out} (hand-worked: {expected})"


@pytest.mark.parametrize("src, link", [(s, l) for s, l, f in PLACEHOLDERS if f is None],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_each_answer_equals_the_hand_worked_case(src, link):
    case = case_for(link)
    [answers] = parse_answers(render(f"<!-- answers {link} -->", src)).cases
    if link.startswith("quorum"):
        expected = {"unknown": "unknown", True: "true", False: "false"}[case["quorate"]]
        assert answers["quorate"] == expected
        for child in case.get("missing", {}):
            assert answers["children"][child] == "false"
        return
    for deadline_id, value in case["expect"].items():
        got = answers["deadlines"][deadline_id]
        if value in ("not-stated", "needs-input"):
            assert got == {"status": value, "date": None}, (deadline_id, got)
        else:
            assert got == {"status": "due", "date": value}, (deadline_id, got)
    for schedule_id, dates in case.get("schedules", {}).items():
        assert answers["schedules"][schedule_id] == dates


def test_scenario_answers_cover_every_calculator_link_on_the_page():
    """Each scenario link has its answers, and no answer is for a link the page does not give."""
    text = (DOCS / "trainers" / "scenarios.md").read_text(encoding="utf-8")
    pages = {"timescales": "timescales", "quorum": "quorum", "pre-birth": "prebirth"}
    links = {f"{pages[m.group(1)]}?{m.group(2)}" for m in re.finditer(r"\.\./calculators/([\w-]+)\.md\?([^)\s]+)\)", text)}
    answered = {link for src, link, field in PLACEHOLDERS if src == "trainers/scenarios.md" and field is None}
    assert links and links == answered
