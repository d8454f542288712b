"""The worked cases in tests/cases/*.toml, computed through the same entry the CLI and the browser use."""

from __future__ import annotations

import pytest

from calculators.api import PARAMETERS, calculate
from conftest import load_cases

# Every input a case may give, as the calculators name them (area comes from the file).
INPUTS = tuple(dict.fromkeys(name for params in PARAMETERS.values() for name in params if name != "area"))


def params(area: str, case: dict) -> dict[str, list[str]]:
    p = {"area": [area]}
    for name in INPUTS:
        if name in case:
            value = case[name]
            p[name] = value if isinstance(value, list) else [value]
    return p


def check_deadlines(result: dict, expect: dict) -> None:
    by_id = {d["id"]: d for d in result["deadlines"]}
    for deadline_id, expected in expect.items():
        assert deadline_id in by_id, f"no deadline {deadline_id}: got {sorted(by_id)}"
        got = by_id[deadline_id]
        if expected in ("not-stated", "needs-input"):
            assert got["status"] == expected, got
            assert got["date"] is None
            assert got["message"], "a missing date must say why"
        else:
            assert got["status"] == "due", got
            assert got["date"] == expected, f"{deadline_id}: {got['date']} != {expected} ({got['rule']})"
            assert got["source"]["citation"] and got["rule"]


@pytest.mark.parametrize(("area", "name", "case"), load_cases("timescales"), ids=lambda v: v if isinstance(v, str) else "")
def test_timescales_case(area, name, case):
    result = calculate("timescales", params(area, case))
    assert result["area"] == area
    check_deadlines(result, case["expect"])
    schedules = {s["id"]: s for s in result["schedules"]}
    for schedule_id, dates in case.get("schedules", {}).items():
        assert schedules[schedule_id]["dates"] == dates


@pytest.mark.parametrize(("area", "name", "case"), load_cases("prebirth"), ids=lambda v: v if isinstance(v, str) else "")
def test_prebirth_case(area, name, case):
    result = calculate("prebirth", params(area, case))
    check_deadlines(result, case["expect"])
    assert result["deadlines"][0]["estimate"] is case.get("estimate", False)


@pytest.mark.parametrize(("area", "name", "case"), load_cases("quorum"), ids=lambda v: v if isinstance(v, str) else "")
def test_quorum_case(area, name, case):
    result = calculate("quorum", params(area, case))
    expected = {"unknown": None}.get(case["quorate"], case["quorate"])
    assert result["quorate"] is expected, result["message"]
    children = {c["name"]: c for c in result["children"]}
    for child, missing in case.get("missing", {}).items():
        assert children[child]["missing"] == missing
        assert children[child]["quorate"] is False
    if "follow_up" in case:
        assert [f["id"] for f in result["follow_up"]] == case["follow_up"]
    if result["quorate"] is False:
        assert all(f["source"]["citation"] for f in result["follow_up"] + result["exceptions"])
    if result["quorate"] is None:
        assert result["message"]


def test_every_area_has_worked_cases():
    areas = {area for kind in ("timescales", "prebirth", "quorum") for area, _, _ in load_cases(kind)}
    assert areas == {"sheffield", "warrington", "staffs-stoke", "somerset", "york"}


def test_a_date_that_another_rule_may_bring_forward_says_so():
    """Warrington's pre-birth review without a birth date: 3 months after the conference at the latest."""
    result = calculate("prebirth", {"area": ["warrington"], "conference": ["2025-03-03"]})
    review = result["deadlines"][0]
    assert review["status"] == "due"
    assert "latest possible date" in review["note"] and "birth date" in review["note"]


def test_a_move_date_where_no_transfer_in_timescale_is_set_says_it_was_not_used():
    """Only York sets a time for the transfer-in conference; elsewhere the date is not silently dropped."""
    result = calculate("timescales", {"area": ["sheffield"], "strategy-discussion": ["2025-12-15"],
                                      "move-notified": ["2025-12-10"]})
    assert "transfer-icpc" not in {d["id"] for d in result["deadlines"]}
    assert any("no timescale for a transfer-in conference" in note for note in result["notes"]), result["notes"]


def test_the_transfer_in_conference_is_left_out_without_a_move_date():
    result = calculate("timescales", {"area": ["york"], "strategy-discussion": ["2025-12-15"]})
    assert "transfer-icpc" not in {d["id"] for d in result["deadlines"]}
