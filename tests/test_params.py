"""Parameters as people type them: an area by its name, a hand-typed attendee list, and
the parameters a result gives back, which a form shows and which give the same answer."""

from __future__ import annotations

import json

import pytest

from calculators.api import area_id, calculate
from calculators.cli import main
from calculators.errors import CalculatorError
from calculators.rules import all_areas

AREAS = all_areas()


def spellings(area):
    """How a reader may write one area: its id, name and short name, as typed or slugged."""
    for text in (area.id, area.name, area.short):
        yield text
        yield text.upper()
        yield f"  {text.lower()}  "
        yield "-".join(text.lower().split())
    yield area.name.replace(" and ", " & ")


@pytest.mark.parametrize("area", AREAS, ids=[a.id for a in AREAS])
def test_every_area_by_its_id_or_its_name(area):
    for text in spellings(area):
        assert area_id(text) == area.id, text


@pytest.mark.parametrize("text", ["Yorkshire", "Stoke", "leeds", "city of", ""])
def test_an_unknown_area_is_refused(text):
    with pytest.raises(CalculatorError) as caught:
        area_id(text)
    assert caught.value.field == "area"
    assert "Unknown area" in caught.value.message


def test_area_names_on_the_command_line(capsys):
    for text in ("City of York", "york", "York"):
        assert main(["timescales", "--area", text, "--strategy-discussion", "2025-12-15", "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["area"] == "york" and result["params"]["area"] == ["york"]
    assert main(["prebirth", "--area", "Staffordshire and Stoke-on-Trent", "--conference", "2025-03-03",
                 "--birth", "2025-03-20"]) == 0
    assert capsys.readouterr().out.startswith("Staffordshire and Stoke-on-Trent:")


QUORUM = {"area": ["Warrington"], "conference-type": ["review"], "child": [" Amy", "Ben "]}


def test_a_hand_typed_plus_is_read_as_both_children_and_given_back_plainly():
    # "education:Amy+Ben" typed into a link arrives as "education:Amy Ben".
    typed = calculate("quorum", {**QUORUM, "attendee": ["childrens-social-care", "police", "education:Amy Ben"]})
    assert typed["params"] == {"area": ["warrington"], "conference-type": ["review"], "child": ["Amy", "Ben"],
                               "attendee": ["childrens-social-care", "police", "education"]}
    again = calculate("quorum", typed["params"])
    assert again == typed


def test_attendees_are_given_back_one_per_agency():
    result = calculate("quorum", {**QUORUM, "attendee": ["gp:Ben", "police:Amy", "gp:Amy", "childrens-social-care:Ben",
                                                         "police:Amy"]})
    # In the agencies' own order; gp wrote twice, once per child, counts for both.
    assert result["params"]["attendee"] == ["childrens-social-care", "police:Amy", "gp"]
    assert calculate("quorum", result["params"]) == result


@pytest.mark.parametrize(("calculator", "params", "given_back"), [
    ("timescales", {"area": ["City of York"], "strategy-discussion": ["2025-12-5"], "conference": [""],
                    "closure": ["2025-12-31", " 2025-12-29"]},
     {"area": ["york"], "strategy-discussion": ["2025-12-05"], "closure": ["2025-12-31", "2025-12-29"]}),
    ("timescales", {"area": ["york"], "move-notified": ["2025-12-10"]},
     {"area": ["york"], "move-notified": ["2025-12-10"]}),
    ("prebirth", {"area": ["staffs and stoke"], "conference": ["2025-03-03"], "due": ["2025-5-12"]},
     {"area": ["staffs-stoke"], "conference": ["2025-03-03"], "due": ["2025-05-12"]}),
])
def test_dates_and_areas_are_given_back_as_a_form_shows_them(calculator, params, given_back):
    result = calculate(calculator, params)
    assert result["params"] == given_back
    assert calculate(calculator, result["params"]) == result


def test_an_area_given_by_its_id_reads_no_other_areas_rules():
    """A shared link or the form gives the id: a first answer then reads one rules file, not
    five (in the browser, the first answer of a cold visit waits for it)."""
    from calculators import rules

    rules.load.cache_clear()
    try:
        calculate("timescales", {"area": ["york"], "strategy-discussion": ["2025-01-06"]})
        assert rules.load.cache_info().currsize == 1
        assert area_id("City of York") == "york"  # a name still finds its area, reading them all
        assert rules.load.cache_info().currsize == len(AREAS)
    finally:
        rules.load.cache_clear()
