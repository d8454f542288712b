"""Bad input: a CalculatorError naming the field, with a message a person can act on; never a date."""

from __future__ import annotations

import json

import pytest

from calculators.api import calculate
from calculators.errors import CalculatorError
from calculators.web import run_json

BAD = [
    ("timescales", {"area": ["york"], "strategy-discussion": ["2025-02-31"]}, "strategy-discussion", "31 February 2025 is not a date."),
    ("timescales", {"area": ["york"], "strategy-discussion": ["next tuesday"]}, "strategy-discussion", "is not a date: give it as YYYY-MM-DD"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2025-13-01"]}, "strategy-discussion", "there is no month 13"),
    ("timescales", {"area": ["leeds"], "strategy-discussion": ["2025-01-06"]}, "area", "Unknown area “leeds”"),
    ("timescales", {"area": ["york"]}, "strategy-discussion", "Give the date of the strategy discussion"),
    ("timescales", {"area": ["york"], "move-notified": ["2025-02-30"]}, "move-notified", "30 February 2025 is not a date."),
    ("timescales", {"area": ["york"], "move-notified": ["2031-01-06"]}, "move-notified", "outside the dates this calculator covers"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2025-01-06"], "conference": ["2025-01-03"]}, "conference", "before the strategy discussion"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2025-01-06"], "conference": ["2025-01-20"], "review": ["2025-01-10"]}, "review", "must come after the initial conference"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2014-06-01"]}, "strategy-discussion", "outside the dates this calculator covers (1 January 2015 to 31 December 2030)"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2030-12-20"]}, None, "run past the years this calculator covers"),
    ("timescales", {"area": ["york"], "strategy-discussion": ["2025-01-06"], "closure": ["2025-02-30"]}, "closure", "30 February 2025 is not a date."),
    ("timescales", {"area": ["york", "sheffield"], "strategy-discussion": ["2025-01-06"]}, "area", "Give one value for area"),
    ("prebirth", {"area": ["york"], "conference": ["2025-03-03"], "birth": ["2025-02-20"]}, "birth", "before the pre-birth conference"),
    ("prebirth", {"area": ["york"], "conference": ["2025-03-03"], "due": ["2025-02-20"]}, "due", "before the pre-birth conference"),
    ("prebirth", {"area": ["york"], "conference": ["2025-03-03"], "birth": ["2025-03-20"], "due": ["2025-03-25"]}, "due", "not both"),
    ("quorum", {"area": ["york"], "conference-type": ["strategy"], "child": ["Amy"]}, "conference-type", "Unknown conference type “strategy”"),
    ("quorum", {"area": ["york"], "conference-type": ["initial"], "child": ["Amy"], "attendee": ["police:Ben"]}, "attendee", "“Ben” (in “police:Ben”) is not one of the children listed: Amy"),
    ("quorum", {"area": ["york"], "conference-type": ["initial"], "child": ["Amy"], "attendee": ["polise"]}, "attendee", "Unknown agency “polise”"),
    ("quorum", {"area": ["york"], "conference-type": ["initial"], "child": ["Amy", "Amy"]}, "child", "same name"),
    ("quorum", {"area": ["york"], "conference-type": ["initial"]}, "child", "Give at least one child"),
    ("nonsense", {}, None, "Unknown calculator"),
]


@pytest.mark.parametrize(("calculator", "params", "field", "words"), BAD, ids=[b[3][:40] for b in BAD])
def test_bad_input_raises_with_field_and_words(calculator, params, field, words):
    with pytest.raises(CalculatorError) as caught:
        calculate(calculator, params)
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(("calculator", "params", "field", "words"), BAD, ids=[b[3][:40] for b in BAD])
def test_web_entry_returns_the_error_and_no_result(calculator, params, field, words):
    answer = json.loads(run_json(calculator, json.dumps(params)))
    assert answer == {"ok": False, "error": {"field": field, "message": answer["error"]["message"]}}
    assert words in answer["error"]["message"]


def test_web_entry_ok_and_blank_values_ignored():
    answer = json.loads(run_json("timescales", json.dumps(
        {"area": ["york"], "strategy-discussion": ["2025-12-15"], "conference": [""], "closure": ["", ""], "utm": ["x"]})))
    assert answer["ok"] is True
    assert answer["result"]["deadlines"][0] | {"id": "icpc"} == answer["result"]["deadlines"][0]
    assert answer["result"]["inputs"]["conference"] is None


def test_a_plus_typed_into_a_link_reads_as_between_children():
    """``attendee=education:Amy+Ben`` typed by hand decodes to a space; it still means both."""
    result = calculate("quorum", {"area": ["york"], "conference-type": ["initial"], "child": ["Amy", "Ben"],
                                  "attendee": ["childrens-social-care", "police", "education:Amy Ben"]})
    assert [c["agencies"] for c in result["children"]] == [["police", "education"], ["police", "education"]]


def test_a_child_whose_name_has_a_space_is_still_one_child():
    result = calculate("quorum", {"area": ["york"], "conference-type": ["pre-birth"], "child": ["Unborn baby"],
                                  "attendee": ["childrens-social-care", "midwifery:Unborn baby"]})
    assert result["children"][0]["agencies"] == ["midwifery"]


def test_warm_up_builds_the_bank_holiday_table():
    from calculators.web import warm_up
    from calculators.workdays import bank_holidays

    bank_holidays.cache_clear()
    warm_up()
    assert bank_holidays.cache_info().currsize == 1
